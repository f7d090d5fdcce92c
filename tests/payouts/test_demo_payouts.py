"""The demo's payout history: accounts set and mostly verified, one payout paid, once."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.orders.ledger import store_balance
from marketplace.payouts.demo import seed_demo_payouts
from marketplace.payouts.models import BankAccountStatus, PayoutStatus, StoreBankAccount
from tests.payouts.helpers import admin_user, earn, payouts_of, seller

pytestmark = pytest.mark.usefixtures("app")


def test_the_demo_payouts_are_consistent_and_made_once():
    stores = [seller(), seller(), seller()]
    earn(stores[0].store, 95_000)
    earn(stores[1].store, 30_000)
    admin = admin_user()

    created = seed_demo_payouts(admin)
    db.session.commit()
    again = seed_demo_payouts(admin)

    assert (created, again) == (2, 0)
    assert [p.status for p in payouts_of(stores[0].store)] == [PayoutStatus.PAID]
    assert [p.status for p in payouts_of(stores[1].store)] == [PayoutStatus.PROPOSED]
    assert store_balance(stores[0].store.id) == 0
    statuses = [a.status for a in db.session.query(StoreBankAccount).order_by("id")]
    assert statuses == ["verified", "verified", BankAccountStatus.PENDING]
