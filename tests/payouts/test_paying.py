"""Paying out: a paid payout debits the balance exactly once (double marks, double submits),
cancelling keeps the balance, and only admins act."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.orders.ledger import store_balance
from marketplace.orders.models import LedgerEntry
from marketplace.payouts.errors import InvalidPayoutAction, NotAllowed, PayoutNotOpen
from marketplace.payouts.models import PayoutEvent, PayoutStatus
from marketplace.payouts.services import cancel_payout, mark_payout_paid
from tests.orders.after_sale import client_for
from tests.payouts.helpers import admin_user, payout_entries, payouts_of, run, verified_seller

pytestmark = pytest.mark.usefixtures("app")


def test_a_paid_payout_reduces_the_balance_once_even_when_marked_twice():
    # given a proposed payout of Rp125.000
    who = verified_seller(125_000)
    [payout] = run().proposed
    admin = admin_user()

    # when an admin marks it paid, then marks it again
    entry = mark_payout_paid(payout, admin=admin, reference="BCA 2501-77812")
    db.session.commit()
    with pytest.raises(PayoutNotOpen):
        mark_payout_paid(payout, admin=admin_user(), reference="BCA 2501-99999")
    db.session.rollback()

    # then one PAYOUT entry took the money off the balance, and the payout keeps the first ref
    assert payout_entries(who.store) == [-125_000]
    assert entry.payout_id == payout.id
    assert store_balance(who.store.id) == 0
    [paid] = payouts_of(who.store)
    assert (paid.status, paid.transfer_reference, paid.paid_by_id) == (
        PayoutStatus.PAID,
        "BCA 2501-77812",
        admin.id,
    )
    assert paid.paid_at is not None


def test_a_double_submitted_mark_paid_form_writes_one_ledger_entry(app):
    # given an admin on a proposed payout's page
    who = verified_seller(90_000)
    [payout] = run().proposed
    client = client_for(app, admin_user())
    page = client.get(f"/admin/pencairan/{payout.id}").get_data(as_text=True)
    from tests.conftest import csrf_from

    token = csrf_from(page)

    # when the form is sent twice (a double click)
    url = f"/admin/pencairan/{payout.id}/dibayar"
    first = client.post(url, data={"csrf_token": token, "reference": "TRF-001"})
    second = client.post(url, data={"csrf_token": token, "reference": "TRF-001"})

    # then the first succeeds, the second says it is already paid, and one entry exists
    assert first.status_code == 302
    assert "sudah dibayar atau dibatalkan" in second.get_data(as_text=True)
    assert payout_entries(who.store) == [-90_000]
    assert store_balance(who.store.id) == 0


def test_a_reference_is_required_and_nothing_changes_without_one():
    who = verified_seller(90_000)
    [payout] = run().proposed
    for bad in ("", "  ", "=1+1", "x" * 61):
        with pytest.raises(InvalidPayoutAction):
            mark_payout_paid(payout, admin=admin_user(), reference=bad)
        db.session.rollback()
    assert payout_entries(who.store) == []
    assert payouts_of(who.store)[0].status == PayoutStatus.PROPOSED


def test_cancelling_keeps_the_balance_and_the_reason_is_recorded():
    who = verified_seller(90_000)
    [payout] = run().proposed
    admin = admin_user()

    with pytest.raises(InvalidPayoutAction):
        cancel_payout(payout, admin=admin, reason="x")
    db.session.rollback()
    cancel_payout(payout, admin=admin, reason="Rekening ditutup, menunggu rekening baru")
    db.session.commit()

    [cancelled] = payouts_of(who.store)
    assert cancelled.status == PayoutStatus.CANCELLED
    assert cancelled.cancel_reason == "Rekening ditutup, menunggu rekening baru"
    assert store_balance(who.store.id) == 90_000
    with pytest.raises(PayoutNotOpen):
        mark_payout_paid(cancelled, admin=admin, reference="TRF-002")
    db.session.rollback()
    events = db.session.scalars(
        select(PayoutEvent.to_status).where(PayoutEvent.payout_id == payout.id)
    ).all()
    assert events == ["proposed", "cancelled"]


def test_a_payout_in_a_downloaded_bank_file_is_cancelled_only_with_the_banks_word():
    from marketplace.payouts.errors import PayoutMayBeSent
    from marketplace.payouts.services import mark_payouts_exported

    who = verified_seller(90_000)
    [payout] = run().proposed
    admin = admin_user()
    mark_payouts_exported([payout], admin=admin)
    db.session.commit()

    with pytest.raises(PayoutMayBeSent):
        cancel_payout(payout, admin=admin, reason="Nomor rekening salah ketik")
    db.session.rollback()
    assert payouts_of(who.store)[0].status == PayoutStatus.PROPOSED

    cancel_payout(payout, admin=admin, reason="Nomor rekening salah ketik", confirmed_not_sent=True)
    db.session.commit()
    [cancelled] = payouts_of(who.store)
    assert cancelled.status == PayoutStatus.CANCELLED
    assert "Dipastikan di bank" in cancelled.cancel_reason
    assert store_balance(who.store.id) == 90_000


def test_the_cancel_form_asks_for_the_banks_word_once_the_file_was_downloaded(app):
    from marketplace.payouts.services import mark_payouts_exported
    from tests.conftest import csrf_from

    who = verified_seller(90_000)
    [payout] = run().proposed
    admin = admin_user()
    mark_payouts_exported([payout], admin=admin)
    db.session.commit()
    client = client_for(app, admin)
    page = client.get(f"/admin/pencairan/{payout.id}").get_data(as_text=True)
    assert "confirmed_not_sent" in page
    url = f"/admin/pencairan/{payout.id}/batal"

    refused = client.post(url, data={"csrf_token": csrf_from(page), "reason": "Salah rekening"})
    assert "Pastikan di bank" in refused.get_data(as_text=True)
    assert payouts_of(who.store)[0].status == PayoutStatus.PROPOSED

    done = client.post(
        url,
        data={"csrf_token": csrf_from(page), "reason": "Salah rekening", "confirmed_not_sent": "y"},
    )
    assert done.status_code == 302
    assert payouts_of(who.store)[0].status == PayoutStatus.CANCELLED


def test_only_admins_mark_paid_or_cancel():
    who = verified_seller(90_000)
    [payout] = run().proposed
    with pytest.raises(NotAllowed):
        mark_payout_paid(payout, admin=who.owner, reference="TRF-003")
    with pytest.raises(NotAllowed):
        cancel_payout(payout, admin=who.owner, reason="Saya batalkan sendiri")
    db.session.rollback()
    assert db.session.scalars(select(LedgerEntry.kind)).all() == ["sale"]


def test_a_payout_larger_than_the_balance_left_after_a_refund_is_not_paid():
    # given a proposed payout of Rp200.000, then a refund after completion takes Rp150.000
    from marketplace.orders.models import LedgerKind
    from marketplace.payouts.errors import PayoutExceedsBalance
    from tests.payouts.helpers import earn

    who = verified_seller(200_000)
    [payout] = run().proposed
    refund = earn(who.store, 0)
    refund.kind, refund.amount_idr = LedgerKind.REFUND, -150_000
    db.session.commit()

    # when the admin marks it paid
    with pytest.raises(PayoutExceedsBalance):
        mark_payout_paid(payout, admin=admin_user(), reference="BCA 2501-00001")
    db.session.rollback()

    # then nothing was debited and the payout is still open to cancel
    assert payout_entries(who.store) == []
    assert store_balance(who.store.id) == 50_000
    assert payouts_of(who.store)[0].status == PayoutStatus.PROPOSED
