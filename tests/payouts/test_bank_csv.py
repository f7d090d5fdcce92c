"""The bank bulk-transfer file: a period's proposed payouts with full account numbers, safe to
open in a spreadsheet; downloading it marks them sent to the bank."""

from __future__ import annotations

import csv
import io

import pytest

from marketplace.extensions import db
from marketplace.payouts.models import Payout, StoreBankAccount
from marketplace.payouts.services import cancel_payout
from tests.conftest import csrf_from
from tests.orders.after_sale import client_for
from tests.payouts.helpers import admin_user, payouts_of, run, verified_seller

pytestmark = pytest.mark.usefixtures("app")


def download(app, period: str):
    client = client_for(app, admin_user())
    token = csrf_from(client.get("/admin/pencairan").get_data(as_text=True))
    return client.post("/admin/pencairan/ekspor", data={"csrf_token": token, "period": period})


def rows_of(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_bank_file_lists_the_periods_proposed_payouts(app):
    # given two due stores, and a third whose payout was cancelled
    one = verified_seller(150_000, bank_code="014", number="8720451193", holder="Sri Rahayu")
    two = verified_seller(
        75_500, bank_code="542", number="100200300400", holder="CV Tenun Ikat Sumba"
    )
    three = verified_seller(60_000)
    run("2025-01")
    cancel_payout(payouts_of(three.store)[0], admin=admin_user(), reason="Diminta penjual")
    db.session.commit()

    # when an admin downloads January's file
    response = download(app, "2025-01")

    # then it is an attachment with one row per proposed payout, full numbers, exact amounts
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="pencairan-2025-01.csv"' in response.headers["Content-Disposition"]
    assert rows_of(response) == [
        ["kode_bank", "nomor_rekening", "nama_pemilik", "jumlah", "keterangan"],
        ["014", "8720451193", "Sri Rahayu", "150000", f"PASARIKM 2025-01 TOKO{one.store.id}"],
        [
            "542",
            "100200300400",
            "CV Tenun Ikat Sumba",
            "75500",
            f"PASARIKM 2025-01 TOKO{two.store.id}",
        ],
    ]
    # and the exported payouts are noted as sent to the bank
    db.session.expire_all()
    assert all(p.exported_at is not None for p in payouts_of(one.store) + payouts_of(two.store))
    assert payouts_of(three.store)[0].exported_at is None


def test_a_holder_name_starting_with_a_formula_sign_is_neutralised(app):
    # given an account whose holder name was stored starting with "=" (e.g. an old import)
    who = verified_seller(80_000)
    account = db.session.query(StoreBankAccount).filter_by(store_id=who.store.id).one()
    account.holder_name = '=HYPERLINK("http://evil.example","Klik")'
    db.session.commit()
    run("2025-01")

    # when the bank file is downloaded
    rows = rows_of(download(app, "2025-01"))

    # then the cell is text, not a formula
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example","Klik")'
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_nothing_to_download_says_so(app):
    response = download(app, "2025-01")
    assert response.status_code == 302
    assert db.session.query(Payout).count() == 0
