"""Bank accounts: set by an owner, any change unverified again (and unsent payouts cancelled),
admins verify the revision they saw or reject with a reason; bad input changes nothing."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.payouts.errors import BankAccountChanged, InvalidBankAccount, NotAllowed
from marketplace.payouts.models import BankAccountStatus, PayoutStatus, StoreBankAccount
from marketplace.payouts.services import (
    mark_payouts_exported,
    reject_bank_account,
    set_bank_account,
    verify_bank_account,
)
from tests.conftest import post_form
from tests.payouts.helpers import (
    admin_user,
    count,
    payouts_of,
    run,
    seller,
    set_account,
    staff_of,
    verified_seller,
    verify,
)

pytestmark = pytest.mark.usefixtures("app")


def test_a_changed_account_is_unverified_again_and_gets_no_payout():
    # given a verified account with a proposed payout
    who = verified_seller(120_000)
    run("2025-01")

    # when the owner changes the account number
    account = set_account(who, number="1234567890")

    # then the account waits for a check, the unsent payout is cancelled, and the next run
    # proposes nothing until an admin verifies it
    assert account.status == BankAccountStatus.PENDING and account.verified_at is None
    [cancelled] = payouts_of(who.store)
    assert cancelled.status == PayoutStatus.CANCELLED
    assert cancelled.cancel_reason == "Rekening bank toko diubah."
    result = run("2025-02")
    assert result.proposed == [] and result.unverified == 1

    verify(account)
    [payout] = run("2025-03").proposed
    assert (payout.account_number, payout.amount_idr) == ("1234567890", 120_000)


def test_a_payout_already_sent_to_the_bank_is_kept_when_the_account_changes():
    who = verified_seller(120_000)
    [payout] = run("2025-01").proposed
    mark_payouts_exported([payout], admin=admin_user())
    db.session.commit()

    set_account(who, number="1234567890")

    [kept] = payouts_of(who.store)
    assert kept.status == PayoutStatus.PROPOSED and kept.account_number == "8720451193"


def test_saving_the_same_account_again_keeps_it_verified():
    who = verified_seller()
    account = set_account(who, number="872 045 1193", holder="  Sri   Rahayu ")
    assert account.status == BankAccountStatus.VERIFIED


def test_an_admin_verifies_only_the_revision_shown():
    # given an admin opened the account, then the owner changed it
    who = seller()
    account = set_account(who)
    shown = account.revision
    set_account(who, number="5550001112")

    # when the admin verifies what was shown
    with pytest.raises(BankAccountChanged):
        verify_bank_account(account, admin=admin_user(), revision=shown)
    db.session.rollback()

    # then the new number is still waiting
    db.session.expire_all()
    assert db.session.get(StoreBankAccount, account.id).status == BankAccountStatus.PENDING


def test_a_rejection_needs_a_reason_and_the_owner_sees_it(app):
    from tests.orders.after_sale import client_for

    who = seller()
    account = set_account(who)
    admin = admin_user()
    with pytest.raises(Exception, match="alasan"):
        reject_bank_account(account, admin=admin, revision=account.revision, reason="")
    db.session.rollback()
    reject_bank_account(
        account, admin=admin, revision=account.revision, reason="Nama pemilik tidak sesuai bank"
    )
    db.session.commit()

    body = client_for(app, who.owner).get(f"/penjual/toko/{who.store.id}/rekening")
    assert "Nama pemilik tidak sesuai bank" in body.get_data(as_text=True)


@pytest.mark.parametrize(
    ("bank", "number", "holder", "field"),
    [
        ("999", "8720451193", "Sri Rahayu", "bank_code"),
        ("014", "12345", "Sri Rahayu", "account_number"),
        ("014", "123456789012345678901", "Sri Rahayu", "account_number"),
        ("014", "87204511AB", "Sri Rahayu", "account_number"),
        ("014", "8720451193", '=HYPERLINK("http://x")', "holder_name"),
        ("014", "8720451193", "Sr", "holder_name"),
    ],
)
def test_bad_account_input_is_refused(bank, number, holder, field):
    who = seller()
    with pytest.raises(InvalidBankAccount) as refused:
        set_bank_account(
            who.store, owner=who.owner, bank_code=bank, account_number=number, holder_name=holder
        )
    db.session.rollback()
    assert refused.value.data["field"] == field
    assert count(StoreBankAccount) == 0


def test_the_owner_sets_the_account_through_the_form(client, login_as):
    who = seller()
    login_as(who.owner)
    url = f"/penjual/toko/{who.store.id}/rekening"

    bad = post_form(
        client, url, {"bank_code": "014", "account_number": "12-34", "holder_name": "Sri Rahayu"}
    )
    assert "Nomor rekening harus berupa 6–20 angka." in bad.get_data(as_text=True)
    assert count(StoreBankAccount) == 0

    good = post_form(
        client,
        url,
        {"bank_code": "451", "account_number": "7123 4567 89", "holder_name": "Sri Rahayu"},
    )
    assert good.status_code == 302
    account = db.session.query(StoreBankAccount).one()
    assert (account.bank_code, account.account_number, account.status) == (
        "451",
        "7123456789",
        BankAccountStatus.PENDING,
    )


def test_a_staff_member_cannot_change_the_account(client, login_as):
    who = verified_seller()
    staff = staff_of(who.store)
    login_as(staff)
    url = f"/penjual/toko/{who.store.id}/rekening"

    assert client.get(url).status_code == 403
    response = post_form(
        client,
        url,
        {"bank_code": "014", "account_number": "9999999999", "holder_name": "Staf Nakal"},
        page=f"/penjual/toko/{who.store.id}/pencairan",
    )
    assert response.status_code == 403
    with pytest.raises(NotAllowed):
        set_bank_account(
            who.store,
            owner=staff,
            bank_code="014",
            account_number="9999999999",
            holder_name="Staf Nakal",
        )
    db.session.rollback()
    account = db.session.query(StoreBankAccount).one()
    assert (account.account_number, account.status) == ("8720451193", BankAccountStatus.VERIFIED)
