"""Payout runs: one proposal per due store with a verified account, nothing new when run again,
below-minimum and unverified stores skipped, later earnings wait for the next period."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from marketplace.payouts.cli import payouts_cli
from marketplace.payouts.errors import InvalidPeriod
from marketplace.payouts.models import Payout, PayoutRun, PayoutStatus
from marketplace.payouts.services import parse_period
from tests.payouts.helpers import (
    FEBRUARY,
    admin_user,
    count,
    earn,
    payouts_of,
    run,
    seller,
    set_account,
    verified_seller,
)

pytestmark = pytest.mark.usefixtures("app")


def test_a_run_proposes_the_balance_to_the_verified_account_and_twice_creates_nothing():
    # given a store with Rp180.000 earned and a verified BRI account
    who = verified_seller(bank_code="002", number="0123-01-000456-30-7", holder="Sri Rahayu")
    earn(who.store, 100_000)
    earn(who.store, 80_000)

    # when the January run happens twice
    first = run("2025-01")
    second = run("2025-01")

    # then one payout was proposed, with a snapshot of the account, and nothing after
    [payout] = payouts_of(who.store)
    assert (payout.amount_idr, payout.status, payout.period) == (180_000, "proposed", "2025-01")
    assert (payout.bank_code, payout.account_number, payout.holder_name) == (
        "002",
        "012301000456307",
        "Sri Rahayu",
    )
    assert len(first.proposed) == 1 and first.total_idr == 180_000
    assert second.proposed == [] and second.already_in_period == 1
    assert count(Payout) == 1 and count(PayoutRun) == 1


def test_below_minimum_and_unverified_stores_are_skipped():
    # given: one due store, one under the minimum, one with an account waiting for a check,
    # one with a rejected account and one with no account at all
    due = verified_seller(60_000)
    small = verified_seller(49_999)
    waiting = seller()
    set_account(waiting)
    earn(waiting.store, 200_000)
    rejected = seller()
    from marketplace.extensions import db
    from marketplace.payouts.services import reject_bank_account

    account = set_account(rejected)
    reject_bank_account(
        account, admin=admin_user(), revision=account.revision, reason="Nama tidak sesuai"
    )
    db.session.commit()
    earn(rejected.store, 200_000)
    none = seller()
    earn(none.store, 200_000)

    # when the run happens with the default minimum of Rp50.000
    result = run(minimum_idr=50_000)

    # then only the due store gets a payout
    assert [p.store_id for p in result.proposed] == [due.store.id]
    assert (result.below_minimum, result.unverified) == (1, 3)
    assert payouts_of(small.store) == payouts_of(waiting.store) == payouts_of(none.store) == []


def test_earnings_after_the_period_wait_for_the_next_one():
    # given Rp70.000 earned in January and Rp40.000 in February
    who = verified_seller(70_000)
    earn(who.store, 40_000, at=FEBRUARY)

    # when January is paid out
    result = run("2025-01")

    # then only January's earnings are proposed
    assert [p.amount_idr for p in result.proposed] == [70_000]


def test_a_store_with_an_open_payout_is_not_proposed_again():
    # given January proposed and not paid yet, and more earned in February
    who = verified_seller(70_000)
    run("2025-01")
    earn(who.store, 90_000, at=FEBRUARY)

    # when February's run comes
    result = run("2025-02")

    # then the store waits for its open payout first
    assert result.proposed == [] and result.open_elsewhere == 1
    assert [p.period for p in payouts_of(who.store)] == ["2025-01"]


def test_after_a_paid_payout_the_next_period_proposes_only_the_rest():
    from marketplace.extensions import db
    from marketplace.payouts.services import mark_payout_paid

    # given January paid out, then Rp90.000 earned in February
    who = verified_seller(70_000)
    [january] = run("2025-01").proposed
    mark_payout_paid(january, admin=admin_user(), reference="BCA-000123")
    db.session.commit()
    earn(who.store, 90_000, at=FEBRUARY)

    # when February's run comes
    result = run("2025-02")

    # then February proposes what is left: the new earnings only
    assert [p.amount_idr for p in result.proposed] == [90_000]


def test_a_month_ends_at_midnight_jakarta_time_and_future_periods_are_refused():
    now = datetime(2025, 3, 10, 5, 0, tzinfo=UTC)
    assert parse_period(period="2025-01", now=now) == (
        "2025-01",
        datetime(2025, 1, 31, 17, 0, tzinfo=UTC),
    )
    # The month under way ends now; a day counts up to its end.
    assert parse_period(period="2025-03", now=now) == ("2025-03", now)
    assert parse_period(until="2025-02-14", now=now) == (
        "2025-02-14",
        datetime(2025, 2, 14, 17, 0, tzinfo=UTC),
    )
    for bad in ({"period": "2025-04"}, {"period": "2025-13"}, {"until": "2025-03-11"}, {}):
        with pytest.raises(InvalidPeriod):
            parse_period(now=now, **bad)
    with pytest.raises(InvalidPeriod):
        parse_period(period="2025-01", until="2025-01-31", now=now)


def test_the_command_prints_counts_and_refuses_a_bad_period(app):
    verified_seller(75_000)
    verified_seller(10_000)
    runner = app.test_cli_runner()

    first = runner.invoke(payouts_cli, ["create", "--period", "2025-01"])
    again = runner.invoke(payouts_cli, ["create", "--period", "2025-01"])
    bad = runner.invoke(payouts_cli, ["create", "--period", "januari"])

    assert first.exit_code == 0, first.output
    assert "proposed 1 payouts (Rp75.000)" in first.output
    assert "1 below the minimum" in first.output
    assert "proposed 0 payouts" in again.output and "1 already in this period" in again.output
    assert bad.exit_code != 0 and "--period YYYY-MM" in bad.output
    assert count(Payout) == 1
    assert [p.status for p in (payouts_of_all())] == [PayoutStatus.PROPOSED]


def payouts_of_all() -> list[Payout]:
    from sqlalchemy import select

    from marketplace.extensions import db

    return list(db.session.scalars(select(Payout)))
