"""Numbers too large for the database are bad input (404 for ids in paths, 400 in queries)."""

import pytest

from tests.factories import make_user
from tests.wholesale.helpers import make_business_account

HUGE = "9" * 25


@pytest.mark.parametrize(
    "path",
    [f"/akun/alamat/{HUGE}", f"/penjual/toko/{HUGE}/pesanan", f"/grosir/daftar/{HUGE}"],
)
def test_huge_id_in_a_path_is_not_found(client, login_as, path):
    login_as(make_user())

    assert client.get(path).status_code == 404


def test_huge_number_in_a_query_is_a_bad_request_not_a_crash(client, login_as):
    business, members, _location = make_business_account()
    login_as(members["owner"])
    with client.session_transaction() as session:
        session["acting_business_id"] = business.id

    for path in (f"/grosir/pesanan?page={HUGE}", f"/grosir/katalog?kategori={HUGE}"):
        response = client.get(path)
        assert response.status_code in (200, 400), path
        assert response.status_code != 500
