"""The whole-agency dashboard figures kept per agency (`flask agency refresh-stats`): the same
figures as computed live, used while current, recomputed when the agency's records change or the
day turns, never for filtered views, and never for the named award follow-up."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from marketplace.core.audit import AuditEntry
from marketplace.extensions import db
from marketplace.stores.models import StoreMember
from marketplace.training import outcomes
from marketplace.training.models import AgencyMember, Participant
from marketplace.training.outcomes import AgencyStatsSummary, local_today
from marketplace.training.outcomes.summary import compute_figures
from tests.conftest import csrf_from
from tests.factories import make_user
from tests.training.outcomes_world import ALL, TODAY, build_world, person, sale


@pytest.fixture
def world(app):
    """The hand-counted world of tests/training/outcomes_world.py."""
    return build_world()


def store_of(name: str) -> Any:
    """The store owned by the participant called `name`."""
    from marketplace.stores.models import Store

    user_id = db.session.scalar(select(Participant.user_id).filter_by(full_name=name))
    return db.session.scalar(
        select(Store).join(StoreMember, StoreMember.store_id == Store.id).filter_by(user_id=user_id)
    )


def summary_row(agency_id: int) -> AgencyStatsSummary | None:
    return db.session.execute(
        select(AgencyStatsSummary)
        .where(AgencyStatsSummary.agency_id == agency_id)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def total_omzet(figures: outcomes.AgencyFigures) -> int:
    return next(g for g in figures.sales.groups if g.dim == "total").omzet_idr


def test_kept_figures_are_exactly_the_live_ones(world):
    agency_id = world["agency"].id
    stored = outcomes.refresh_summary(agency_id, today=TODAY)
    db.session.commit()

    read = outcomes.current_figures(agency_id, today=TODAY)
    live = compute_figures(agency_id, today=TODAY)

    assert read.computed_at == stored.computed_at  # read back, not computed again
    assert read.to_payload() == live.to_payload()
    assert read.funnels["program"] == live.funnels["program"]
    assert read.sales == live.sales
    assert read.mentoring == live.mentoring and read.budgets == live.budgets
    assert set(read.funnels) == set(outcomes.GROUPINGS)


def test_a_new_sale_counts_after_the_nightly_refresh_not_before(app, world):
    agency_id = world["agency"].id
    before = outcomes.current_figures(agency_id, today=TODAY)
    db.session.commit()
    sale(store_of("Sri Wahyuni"), world["buyer"], "2026-06-14", 250_000)

    unchanged = outcomes.current_figures(agency_id, today=TODAY)
    assert total_omzet(unchanged) == total_omzet(before)

    result = app.test_cli_runner().invoke(args=["agency", "refresh-stats"])
    assert result.exit_code == 0, result.output
    assert "Refreshed the figures of 2 agencies" in result.output

    # The CLI counts for its own today; compare with a live computation for that day.
    today = local_today()
    after = outcomes.current_figures(agency_id, today=today)
    assert after.to_payload() == compute_figures(agency_id, today=today).to_payload()
    assert summary_row(agency_id).as_of == today


def test_staff_edits_show_at_once(world):
    agency_id = world["agency"].id
    p1 = world["programs"][0]
    before = outcomes.current_figures(agency_id, today=TODAY)
    db.session.commit()

    person(p1, "Lulusan Baru")  # enrolled and completed, with a live store

    after = outcomes.current_figures(agency_id, today=TODAY)
    total_before = next(r for r in before.funnels["program"] if r.is_total)
    total_after = next(r for r in after.funnels["program"] if r.is_total)
    assert total_after.steps["completed"] == total_before.steps["completed"] + 1
    assert after.computed_at > before.computed_at


def _kept_then(world, change) -> tuple[outcomes.AgencyFigures, outcomes.AgencyFigures]:
    agency_id = world["agency"].id
    before = outcomes.current_figures(agency_id, today=TODAY)
    db.session.commit()
    change()
    db.session.commit()
    return before, outcomes.current_figures(agency_id, today=TODAY)


def test_a_participants_new_kecamatan_shows_at_once(world):
    sri = db.session.scalar(select(Participant).filter_by(full_name="Sri Wahyuni"))

    def move() -> None:
        sri.district_code = "33.75.04"

    before, after = _kept_then(world, move)

    assert "33.75.04" not in {row.key for row in before.funnels["district"]}
    assert "33.75.04" in {row.key for row in after.funnels["district"]}


def test_a_program_budget_edit_shows_at_once(world):
    p1 = world["programs"][0]

    def fund() -> None:
        p1.budget_idr = 80_000_000

    before, after = _kept_then(world, fund)

    budget = {r.program_id: r.budget_idr for r in after.budgets}
    assert {r.program_id: r.budget_idr for r in before.budgets}[p1.id] == 50_000_000
    assert budget[p1.id] == 80_000_000


def test_a_bulk_status_update_shows_at_once(world):
    from sqlalchemy import update

    from marketplace.training.models import Enrollment

    p1 = world["programs"][0]

    def drop_all() -> None:
        db.session.execute(
            update(Enrollment).where(Enrollment.program_id == p1.id).values(status="dropped")
        )

    before, after = _kept_then(world, drop_all)

    def completed(figures: outcomes.AgencyFigures) -> int:
        rows = {r.key: r for r in figures.funnels["program"]}
        return rows[str(p1.id)].steps["completed"]

    assert completed(before) == 8 and completed(after) == 0


def test_a_summary_from_yesterday_is_computed_again(world):
    agency_id = world["agency"].id
    outcomes.refresh_summary(agency_id, today=TODAY)
    db.session.commit()

    tomorrow = TODAY + timedelta(days=1)
    figures = outcomes.current_figures(agency_id, today=tomorrow)
    db.session.commit()

    assert summary_row(agency_id).as_of == tomorrow
    assert figures.to_payload() == compute_figures(agency_id, today=tomorrow).to_payload()


def test_a_summary_of_an_older_shape_is_computed_again(world):
    agency_id = world["agency"].id
    outcomes.refresh_summary(agency_id, today=TODAY)
    db.session.commit()
    row = summary_row(agency_id)
    row.payload = {**row.payload, "version": 0, "funnels": {}}
    db.session.commit()

    figures = outcomes.current_figures(agency_id, today=TODAY)

    assert set(figures.funnels) == set(outcomes.GROUPINGS)


def test_award_follow_up_stays_live_under_a_summary(world):
    agency_id = world["agency"].id
    first = outcomes.get_dashboard(agency_id, ALL, today=TODAY)
    db.session.commit()
    sale(store_of("Sri Wahyuni"), world["buyer"], "2026-06-14", 250_000)

    second = outcomes.get_dashboard(agency_id, ALL, today=TODAY)

    def sri(dashboard: outcomes.Dashboard) -> int:
        return next(r.omzet_idr for r in dashboard.awards.rows if r.full_name == "Sri Wahyuni")

    assert sri(second) == sri(first) + 250_000
    assert second.sales == first.sales  # the summarised part waits for the refresh
    assert second.computed_at == first.computed_at is not None


def test_filtered_views_are_live_and_keep_nothing(client, login_as, world):
    login_as(world["staff"])
    p1 = world["programs"][0]

    page = client.get(f"/dinas/{world['agency'].id}/hasil?program={p1.id}")

    assert page.status_code == 200
    assert "Hitung ulang sekarang" not in page.get_data(as_text=True)
    assert summary_row(world["agency"].id) is None


def test_whole_agency_page_says_when_and_keeps_the_summary(client, login_as, world):
    login_as(world["staff"])

    html = client.get(f"/dinas/{world['agency'].id}/hasil").get_data(as_text=True)

    assert "Angka seluruh alumni per" in html
    assert "Hitung ulang sekarang" in html  # the staff member is a manager
    assert summary_row(world["agency"].id).as_of == local_today()


def total_sales(groups: list[Any]) -> int | None:
    """Omzet of the 'total' sales group (dataclasses or their JSON)."""
    for group in groups:
        row = group if isinstance(group, dict) else dataclasses.asdict(group)
        if row["dim"] == "total":
            return row["omzet_idr"]
    return None


def test_csv_of_the_whole_agency_matches_the_page(client, login_as, world):
    agency_id = world["agency"].id
    login_as(world["staff"])
    url = f"/dinas/{agency_id}/hasil"
    client.get(url)  # keeps the summary
    kept = total_sales(summary_row(agency_id).payload["sales"]["groups"])
    sale(store_of("Sri Wahyuni"), world["buyer"], local_today().isoformat(), 250_000)

    body = client.get(f"{url}/penjualan.csv").get_data(as_text=True)

    total = next(row for row in csv.reader(io.StringIO(body)) if row[0] == "total")
    live = total_sales(compute_figures(agency_id, today=local_today()).sales.groups)
    assert kept is not None  # enough sellers: a real figure, not "< 5"
    assert total[3] == str(kept)  # what the page showed ...
    assert live == kept + 250_000  # ... not yet the sale made since


def test_update_now_recomputes_for_editors_only(client, login_as, world):
    agency_id = world["agency"].id
    url = f"/dinas/{agency_id}/hasil"
    viewer = make_user()
    db.session.add(AgencyMember(agency_id=agency_id, user_id=viewer.id, role="viewer"))
    db.session.commit()
    login_as(viewer)
    page = client.get(url).get_data(as_text=True)
    assert "Hitung ulang sekarang" not in page
    assert client.post(f"{url}/perbarui", data={"csrf_token": csrf_from(page)}).status_code == 403

    client.post("/keluar", data={"csrf_token": csrf_from(page)})
    login_as(world["staff"])
    page = client.get(url).get_data(as_text=True)
    kept = summary_row(agency_id).computed_at
    sale(store_of("Sri Wahyuni"), world["buyer"], local_today().isoformat(), 250_000)

    refused = client.post(f"{url}/perbarui", data={"csrf_token": "forged"})
    assert refused.status_code == 400
    assert summary_row(agency_id).computed_at == kept

    done = client.post(f"{url}/perbarui", data={"csrf_token": csrf_from(page)})
    assert done.status_code == 302
    row = summary_row(agency_id)
    assert row.computed_at > kept
    live = compute_figures(agency_id, today=local_today())
    assert row.payload["sales"] == live.to_payload()["sales"]


def test_refreshing_writes_no_audit_entry(client, login_as, world):
    login_as(world["staff"])
    url = f"/dinas/{world['agency'].id}/hasil"
    page = client.get(url).get_data(as_text=True)
    before = db.session.scalar(select(func.count(AuditEntry.id)))

    client.post(f"{url}/perbarui", data={"csrf_token": csrf_from(page)})

    assert db.session.scalar(select(func.count(AuditEntry.id))) == before


def test_refresh_stats_for_one_agency_and_an_unknown_one(app, world):
    runner = app.test_cli_runner()

    one = runner.invoke(args=["agency", "refresh-stats", "--agency", str(world["other"].id)])
    unknown = runner.invoke(args=["agency", "refresh-stats", "--agency", "987654"])
    again = runner.invoke(args=["agency", "refresh-stats"])
    twice = runner.invoke(args=["agency", "refresh-stats"])

    assert one.exit_code == 0 and "1 agencies" in one.output
    assert unknown.exit_code == 2 and "No agency with id 987654" in unknown.output
    assert again.exit_code == 0 and twice.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(AgencyStatsSummary)) == 2
