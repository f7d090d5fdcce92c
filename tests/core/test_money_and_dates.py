from datetime import UTC, datetime

import pytest

from marketplace.core.money import format_rupiah


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp0"),
        (500, "Rp500"),
        (1500000, "Rp1.500.000"),
        (3000000, "Rp3.000.000"),
        (-2500, "-Rp2.500"),
        (1234567890, "Rp1.234.567.890"),
    ],
)
def test_rupiah_format(amount, text):
    assert format_rupiah(amount) == text


def test_rupiah_refuses_floats():
    with pytest.raises(TypeError):
        format_rupiah(1500.5)


def test_times_show_in_wib_by_default_in_indonesian(app):
    from flask_babel import force_locale

    from marketplace.core.i18n import format_day, format_when

    moment = datetime(2026, 11, 23, 11, 30, tzinfo=UTC)
    with app.test_request_context(), force_locale("id"):
        assert format_when(moment, "short").endswith("18.30 WIB")
        assert format_day(moment) == "23 November 2026"


def test_times_are_converted_to_the_users_zone(client, login_as):
    from tests.factories import make_user

    admin = make_user(is_admin=True, timezone="Asia/Makassar")
    make_user(email="rina@example.com", created_at=datetime(2026, 11, 23, 11, 30, tzinfo=UTC))
    login_as(admin)

    body = client.get("/admin/?q=rina").get_data(as_text=True)

    assert "19.30 WITA" in body
    assert "Waktu ditampilkan dalam WITA" in body
