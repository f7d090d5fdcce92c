"""On a real PostgreSQL: two admins marking the same payout paid at the same instant debit the
balance once; two payout runs at once propose one payout per store."""

from __future__ import annotations

import threading

import pytest
from flask import Flask

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders.ledger import store_balance
from marketplace.payouts.errors import PayoutNotOpen
from marketplace.payouts.models import Payout, PayoutStatus
from marketplace.payouts.services import create_payout_run, mark_payout_paid, parse_period
from tests.payouts.helpers import admin_user, payout_entries, payouts_of, run, verified_seller

pytestmark = pytest.mark.postgresql_only

JOIN_SECONDS = 60


def race(app: Flask, n: int, work) -> list[str]:
    """Run `work(i)` in `n` threads, each with its own app context and session, released at
    once; returns what each did ("ok" or the error's class name)."""
    barrier = threading.Barrier(n, timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                work(i)
                db.session.commit()
                outcome = "ok"
            except Exception as exc:  # the outcome is what the test asserts on
                db.session.rollback()
                outcome = type(exc).__name__
            finally:
                db.session.remove()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_SECONDS)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def test_concurrent_marks_debit_the_balance_once(app):
    # given a proposed payout and two admins
    who = verified_seller(200_000)
    [payout] = run().proposed
    admins = [admin_user().id, admin_user().id]
    payout_id = payout.id
    db.session.commit()

    # when both mark it paid at the same instant
    def mark(i: int) -> None:
        mark_payout_paid(
            db.session.get(Payout, payout_id),
            admin=db.session.get(User, admins[i]),
            reference=f"TRF-{i}",
        )

    outcomes = race(app, 2, mark)

    # then one wins, the other is told it is paid already, and one entry debits the balance
    assert sorted(outcomes) == ["PayoutNotOpen", "ok"]
    assert PayoutNotOpen.__name__ in outcomes
    assert payout_entries(who.store) == [-200_000]
    assert store_balance(who.store.id) == 0
    assert payouts_of(who.store)[0].status == PayoutStatus.PAID


def test_concurrent_runs_propose_one_payout_per_store(app):
    stores = [verified_seller(60_000 + i).store for i in range(5)]
    label, cutoff = parse_period(period="2025-01")
    db.session.commit()

    outcomes = race(
        app,
        2,
        lambda i: create_payout_run(period=label, cutoff_at=cutoff, minimum_idr=50_000),
    )

    assert outcomes == ["ok", "ok"]
    assert [len(payouts_of(store)) for store in stores] == [1] * 5
