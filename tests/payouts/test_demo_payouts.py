"""The demo's payout history: accounts set and mostly verified, monthly runs paid in order, the
latest run left proposed, made once."""

from __future__ import annotations

from datetime import datetime

import pytest

from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.ledger import store_balance
from marketplace.payouts.demo import seed_demo_payouts
from marketplace.payouts.models import BankAccountStatus, PayoutStatus, StoreBankAccount
from marketplace.payouts.services import PERIOD_ZONE
from tests.payouts.helpers import admin_user, earn, payouts_of, seller

pytestmark = pytest.mark.usefixtures("app")


def months_ago(n: int) -> datetime:
    """Noon WIB on the 10th of the month `n` months before the current one."""
    today = utcnow().astimezone(PERIOD_ZONE)
    index = today.year * 12 + today.month - 1 - n
    return datetime(index // 12, index % 12 + 1, 10, 12, tzinfo=PERIOD_ZONE)


def test_the_demo_payouts_are_monthly_consistent_and_made_once():
    stores = [seller(), seller(), seller()]
    earn(stores[0].store, 95_000, at=months_ago(3))
    earn(stores[0].store, 60_000, at=months_ago(1))
    earn(stores[1].store, 80_000, at=months_ago(2))
    earn(stores[1].store, 20_000, at=months_ago(0))  # this month: the next run's
    earn(stores[2].store, 30_000, at=months_ago(3))  # below the minimum
    admin = admin_user()

    created = seed_demo_payouts(admin)
    db.session.commit()
    again = seed_demo_payouts(admin)

    assert (created, again) == (3, 0)
    first = payouts_of(stores[0].store)
    assert [(p.period, p.amount_idr, p.status) for p in first] == [
        (months_ago(3).strftime("%Y-%m"), 95_000, PayoutStatus.PAID),
        (months_ago(1).strftime("%Y-%m"), 60_000, PayoutStatus.PROPOSED),
    ]
    second = payouts_of(stores[1].store)
    assert [(p.amount_idr, p.status) for p in second] == [(80_000, PayoutStatus.PAID)]
    assert payouts_of(stores[2].store) == []
    assert store_balance(stores[0].store.id) == 60_000
    assert store_balance(stores[1].store.id) == 20_000
    statuses = [a.status for a in db.session.query(StoreBankAccount).order_by("id")]
    assert statuses == ["verified", "verified", BankAccountStatus.PENDING]
