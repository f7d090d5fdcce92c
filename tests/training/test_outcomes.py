"""The agency outcomes dashboard: funnel, sales, mentoring effect, awards, privacy, query count.

The fixture is small enough to compute by hand; every expected figure below is derived in the
comments from the table of orders in `world`. "Today" is 15 June 2026 for the query tests, so
the last 12 months run from July 2025 to June 2026 (WIB).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from marketplace.extensions import db
from marketplace.training import outcomes
from marketplace.training.models import AgencyMember, Participant
from marketplace.training.outcomes import OutcomeFilters
from tests.factories import make_program, make_user
from tests.training.outcomes_world import (
    ALL,
    TODAY,
    also,
    build_world,
    by_key,
    consent,
    person,
    sale,
)


@pytest.fixture
def world(app):
    """The hand-counted world of tests/training/outcomes_world.py."""
    return build_world()


# -- Funnel ------------------------------------------------------------------------------------


def test_funnel_per_program_and_total_matches_the_hand_count(world):
    p1, p2, p3 = world["programs"]

    rows = outcomes.get_funnel(world["agency"].id, ALL)

    steps = outcomes.FUNNEL_STEPS
    got = {row.key if not row.is_total else "total": [row.steps[s] for s in steps] for row in rows}
    # P1: 9 trained (p8 dropped), 8 completed, 7 claimed (p7 has no account), 6 with a store,
    # 5 live (p4's is a draft), 5 sold, 3 sold twice (p1, p2, p6), 2 wholesale (p1, p6).
    assert got[str(p1.id)] == [9, 8, 7, 6, 5, 5, 3, 2]
    # P2: p12 only registered; p7 no account; repeat p1, p2, p6, p9, p11; wholesale p1, p6, p11.
    assert got[str(p2.id)] == [8, 7, 6, 6, 6, 6, 5, 3]
    # P3: 4 alumni, a group under 5: its outcomes are not shown.
    assert got[str(p3.id)] == [4, 4, None, None, None, None, None, None]
    # Distinct people: p1-p13 trained; not p8, p12 completed; p7 unclaimed; p5 no store; p4
    # draft; p10, p3, p13 one sale each; wholesale p1, p6, p11.
    assert got["total"] == [13, 11, 10, 9, 8, 8, 5, 3]


def test_funnel_by_skill_and_filter_by_cohort(world):
    rows = by_key(outcomes.get_funnel(world["agency"].id, ALL, grouping="skill"))
    # Culinary = P1 + P3: 9 trained (p1-p8, p13 with p9, p10) = 11; craft = P2.
    assert rows["kuliner"].steps["trained"] == 11
    assert rows["kerajinan"].steps["repeat"] == 5

    only_2026 = outcomes.get_funnel(world["agency"].id, OutcomeFilters(cohort=2026))
    total = next(r for r in only_2026 if r.is_total)
    assert total.steps["trained"] == 4
    assert total.steps["first_sale"] is None  # 4 alumni: suppressed


# -- Economic outcome --------------------------------------------------------------------------


def test_monthly_omzet_last_12_months_with_small_months_suppressed(world):
    months = outcomes.list_monthly_sales(world["agency"].id, ALL, today=TODAY)

    assert (months[0].month, months[-1].month, len(months)) == ("2025-07", "2026-06", 12)
    figures = {m.month: m for m in months}
    # August 2025: S1 200k, S2 150k, S3 400k, S9 60k, S11 500k: five sellers.
    august = figures["2025-08"]
    assert (august.sellers, august.omzet_idr, august.orders, august.wholesale_idr) == (
        5,
        1_310_000,
        5,
        0,
    )
    # November: S6, S9, S11 only: three sellers, not shown.
    assert figures["2025-11"].sellers == 3
    assert figures["2025-11"].omzet_idr is None and figures["2025-11"].suppressed
    # A month without sales shows zero (dropped p8's and p12's Rp1 jt in Sep are not counted).
    assert (figures["2025-09"].omzet_idr, figures["2025-09"].orders) == (0, 0)
    # Cancelled orders never count; March 2025 is outside the window.
    assert figures["2026-04"].omzet_idr == 0


def test_sales_by_program_skill_and_total_with_median_and_quartiles(world):
    p1, p2, p3 = world["programs"]

    groups = {
        (g.dim, g.key): g for g in outcomes.list_sales_groups(world["agency"].id, ALL, today=TODAY)
    }

    # P1 sellers in the window: p1 500k (2 orders, 300k wholesale), p2 200k (2), p3 400k (1),
    # p6 390k (3, 120k wholesale), p13 80k (1). Sorted 80, 200, 390, 400, 500.
    g = groups[("program", str(p1.id))]
    assert (g.sellers, g.omzet_idr, g.orders, g.wholesale_idr) == (5, 1_570_000, 9, 420_000)
    assert (g.q1_idr, g.median_idr, g.q3_idr) == (200_000, 390_000, 400_000)
    # P2: p1 500, p2 200, p6 390, p9 400, p10 30, p11 1300 (k). Sorted 30, 200, 390, 400, 500,
    # 1300: median (390+400)/2, Q1 at 1.25 = 200 + .25*190, Q3 at 3.75 = 400 + .75*100.
    g = groups[("program", str(p2.id))]
    assert (g.sellers, g.omzet_idr, g.orders, g.wholesale_idr) == (6, 2_820_000, 14, 1_120_000)
    assert (g.q1_idr, g.median_idr, g.q3_idr) == (247_500, 395_000, 475_000)
    assert g.wholesale_share == pytest.approx(1_120_000 / 2_820_000)
    # P3: p1, p2, p9, p10 sold: four, so nothing is shown.
    g = groups[("program", str(p3.id))]
    assert g.sellers == 4 and g.suppressed
    assert (g.omzet_idr, g.orders, g.median_idr) == (None, None, None)
    # Culinary (P1 + P3): 30, 80, 200, 390, 400, 400, 500: Q1 at 1.5 = 80 + .5*120, Q3 at 4.5
    # between the two 400s.
    g = groups[("skill", "kuliner")]
    assert (g.sellers, g.omzet_idr, g.orders) == (7, 2_000_000, 13)
    assert (g.q1_idr, g.median_idr, g.q3_idr) == (140_000, 390_000, 400_000)
    # Everyone: 30, 80, 200, 390, 400, 400, 500, 1300 (each store once).
    g = groups[("total", "")]
    assert (g.sellers, g.omzet_idr, g.orders, g.wholesale_idr) == (8, 3_300_000, 16, 1_120_000)
    assert (g.q1_idr, g.median_idr, g.q3_idr) == (170_000, 395_000, 425_000)


def test_the_dashboards_single_sales_query_gives_the_same_figures(world):
    agency_id = world["agency"].id

    overview = outcomes.get_sales_overview(agency_id, ALL, today=TODAY)

    assert overview.months == outcomes.list_monthly_sales(agency_id, ALL, today=TODAY)
    assert overview.groups == outcomes.list_sales_groups(agency_id, ALL, today=TODAY)
    assert overview.buckets == outcomes.list_omzet_buckets(agency_id, ALL, today=TODAY)


def test_omzet_distribution_buckets_hide_small_counts(world):
    buckets = outcomes.list_omzet_buckets(world["agency"].id, ALL, today=TODAY)

    counts = [(b.low_idr, b.alumni) for b in buckets]
    # Alumni with a store: p4 sold nothing (1: hidden), seven under Rp1 jt, p11 Rp1,3 jt (hidden).
    assert counts == [
        (0, None),
        (1, 7),
        (1_000_000, None),
        (5_000_000, 0),
        (20_000_000, 0),
        (100_000_000, 0),
    ]


def test_mentoring_before_and_after(world):
    _, p2, _ = world["programs"]

    (effect,) = outcomes.list_mentoring_effects(world["agency"].id, ALL)

    # P2 ran 1 Sep - 31 Oct 2025. Before = Jun-Aug 2025: p1 200k, p2 150k, p6 90k, p9 60k,
    # p11 500k = 1,000k. After = 31 Oct 2025 - 30 Jan 2026: p6 300k, p9 340k, p10 30k, p11 700k
    # = 1,370k. Six alumni with a store, three months each.
    assert (effect.program_id, effect.alumni, effect.sellers) == (p2.id, 6, 6)
    assert effect.before_idr == 55_556  # 1,000,000 / 18
    assert effect.after_idr == 76_111  # 1,370,000 / 18


def test_omzet_per_rupiah_of_budget(world):
    p1, _, p3 = world["programs"]

    returns = {r.program_id: r for r in outcomes.list_budget_returns(world["agency"].id, ALL)}

    # P1 ended 28 Feb 2025: S1 600k, S2 200k, S3 400k, S6 390k, S13 80k since then.
    assert (returns[p1.id].sellers, returns[p1.id].omzet_idr) == (5, 1_670_000)
    assert returns[p1.id].per_rupiah == pytest.approx(1_670_000 / 50_000_000)
    # P3 ended 10 Jan 2026: S1, S2, S9 sold since: three sellers, hidden. P2 has no budget.
    assert returns[p3.id].sellers == 3 and returns[p3.id].omzet_idr is None
    assert returns[p3.id].per_rupiah is None
    assert set(returns) == {p1.id, p3.id}


# -- Awards and consent ------------------------------------------------------------------------


def test_award_follow_up_names_only_consenting_recipients(world):
    follow = outcomes.get_award_follow_up(world["agency"].id, ALL)

    rows = {r.full_name: r for r in follow.rows}
    assert set(rows) == {"Sri Wahyuni", "Ketut Ayu"}
    # Sri: Juara 1 of P3 (ended 10 Jan 2026), since then S1's 300k wholesale order.
    assert (rows["Sri Wahyuni"].award_rank, rows["Sri Wahyuni"].omzet_idr) == (1, 300_000)
    assert rows["Sri Wahyuni"].orders == 1
    # Ketut: grant in P2 (ended 31 Oct 2025): 700k + 100k.
    assert rows["Ketut Ayu"].grant_items == "Mesin jahit portabel"
    assert (rows["Ketut Ayu"].orders, rows["Ketut Ayu"].omzet_idr) == (2, 800_000)
    # Budi, Wati and Made did not consent: one group of three, which is too small to show.
    assert follow.others is None
    assert follow.others_omzet_idr is None


def test_dashboard_page_shows_consenting_names_never_the_others(client, login_as, world):
    login_as(world["staff"])

    html = client.get(f"/dinas/{world['agency'].id}/hasil").get_data(as_text=True)

    assert "Sri Wahyuni" in html and "Ketut Ayu" in html
    for name in ("Budi Santoso", "Wati Suryani", "Made Wirawan", "Siti Aminah"):
        assert name not in html
    assert "Juara 2" not in html  # a non-consenting recipient's row, even without the name
    assert "&lt; 5" in html
    assert html.count('<svg class="chart"') == 2  # funnel and monthly omzet, drawn server-side
    assert "Pilihan tidak dikenal" not in html  # no filter given: no complaint
    assert "••••" not in html and "NIK" not in html  # not even the last four digits
    csv_text = client.get(f"/dinas/{world['agency'].id}/hasil/penghargaan.csv").get_data(
        as_text=True
    )
    assert "Sri Wahyuni" in csv_text and "Budi Santoso" not in csv_text
    assert "Juara 2" not in csv_text


def test_revoked_consent_hides_the_name_again(client, login_as, world):
    participant = db.session.query(Participant).filter_by(full_name="Sri Wahyuni").one()
    participant.sales_consent_at = None
    db.session.commit()
    login_as(world["staff"])

    html = client.get(f"/dinas/{world['agency'].id}/hasil").get_data(as_text=True)

    assert "Sri Wahyuni" not in html
    assert "Ketut Ayu" in html


def test_a_group_of_four_shows_less_than_five(client, login_as, world):
    _, _, p3 = world["programs"]
    login_as(world["staff"])

    html = client.get(f"/dinas/{world['agency'].id}/hasil?program={p3.id}").get_data(as_text=True)
    funnel = client.get(f"/dinas/{world['agency'].id}/hasil/corong.csv?program={p3.id}")

    rows = list(csv.reader(io.StringIO(funnel.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1] == ["Lomba Kuliner Khas", "4", "4", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5"]
    assert "&lt; 5" in html


# -- Other agencies ----------------------------------------------------------------------------


def test_another_agency_neither_sees_nor_counts_these_alumni(client, login_as, world):
    other = world["other"]
    login_as(world["other_staff"])

    assert client.get(f"/dinas/{world['agency'].id}/hasil").status_code == 403
    assert client.get(f"/dinas/{world['agency'].id}/hasil/corong.csv").status_code == 403
    html = client.get(f"/dinas/{other.id}/hasil").get_data(as_text=True)

    assert "Sri Wahyuni" not in html and "Pendampingan Kerajinan Batik" not in html
    total = next(r for r in outcomes.get_funnel(other.id, ALL) if r.is_total)
    # Its own two alumni only (Rina Marpaung, and Siti Aminah whom both agencies trained).
    assert (total.steps["trained"], total.steps["completed"]) == (2, 2)
    mine = next(r for r in outcomes.get_funnel(world["agency"].id, ALL) if r.is_total)
    assert mine.steps["trained"] == 13  # Rina Marpaung is not counted here


def test_non_staff_get_403(client, login_as, world):
    login_as(make_user())

    assert client.get(f"/dinas/{world['agency'].id}/hasil").status_code == 403
    assert client.get(f"/dinas/{world['agency'].id}/hasil/bulanan.csv").status_code == 403


def test_viewer_staff_may_read_and_unknown_section_is_404(client, login_as, world):
    viewer = make_user()
    db.session.add(AgencyMember(agency_id=world["agency"].id, user_id=viewer.id, role="viewer"))
    db.session.commit()
    login_as(viewer)

    assert client.get(f"/dinas/{world['agency'].id}/hasil").status_code == 200
    assert client.get(f"/dinas/{world['agency'].id}/hasil/nik.csv").status_code == 404


def test_unknown_filter_values_are_ignored_with_a_message(client, login_as, world):
    login_as(world["staff"])
    foreign = make_program(world["other"], title="Program Lain")

    response = client.get(f"/dinas/{world['agency'].id}/hasil?program={foreign.id}&group=nik")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Pilihan tidak dikenal" in html
    assert "Program Lain" not in html


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_exports_are_formula_injection_safe(client, login_as, world):
    p1, _, _ = world["programs"]
    p1.title = '=HYPERLINK("http://evil.example","klik")'
    db.session.commit()
    login_as(world["staff"])

    for section in ("corong", "penjualan", "anggaran"):
        body = client.get(f"/dinas/{world['agency'].id}/hasil/{section}.csv").get_data(as_text=True)
        cells = [c for row in csv.reader(io.StringIO(body.lstrip("\ufeff"))) for c in row]
        assert '\'=HYPERLINK("http://evil.example","klik")' in cells, section
        assert not any(c.startswith("=") for c in cells)


def test_every_csv_section_downloads(client, login_as, world):
    login_as(world["staff"])

    for section in (
        "corong",
        "bulanan",
        "penjualan",
        "sebaran",
        "pendampingan",
        "anggaran",
        "penghargaan",
    ):
        response = client.get(f"/dinas/{world['agency'].id}/hasil/{section}.csv?group=district")
        assert response.status_code == 200, section
        assert response.mimetype == "text/csv"


# -- Query count -------------------------------------------------------------------------------


def _grow(world: dict[str, Any], n: int) -> None:
    """n more alumni of P1, each with a live store and two sales (one wholesale)."""
    p1, _, _ = world["programs"]
    for i in range(n):
        enrollment, _, store = person(p1, f"Alumni Tambahan {i}")
        sale(store, world["buyer"], "2026-05-02", 10_000 + i)
        sale(store, world["buyer"], "2026-05-03", 20_000, wholesale=True)
        if i % 2:
            consent(enrollment)
            also(world["programs"][2], enrollment, award_title=f"Juara {i}")


def test_dashboard_runs_a_fixed_number_of_queries(client, login_as, world, count_queries):
    """Filtered (live) figures: the same statements whatever the number of alumni."""
    login_as(world["staff"])
    p1 = world["programs"][0]
    url = f"/dinas/{world['agency'].id}/hasil?program={p1.id}"
    client.get(url)

    with count_queries() as few:
        assert client.get(url).status_code == 200
    _grow(world, 12)
    with count_queries() as many:
        assert client.get(url).status_code == 200

    assert few.count == many.count
    assert few.count <= 12


def test_whole_agency_view_reads_its_summary_in_a_fixed_number_of_queries(
    client, login_as, world, count_queries
):
    login_as(world["staff"])
    url = f"/dinas/{world['agency'].id}/hasil"
    client.get(url)  # computes and keeps the summary

    with count_queries() as few:
        assert client.get(url).status_code == 200
    _grow(world, 12)
    client.get(url)  # the agency's records changed: computed again
    with count_queries() as many:
        assert client.get(url).status_code == 200

    assert few.count == many.count
    assert few.count <= 9


def test_quartiles_agree_between_backends_on_a_co_owned_store(app, world):
    """A store owned by two alumni counts once in totals and for each of them per alumnus."""
    from marketplace.stores.models import StoreMember

    p1, _, _ = world["programs"]
    shared_owner = db.session.query(Participant).filter_by(full_name="Agus Salim").one()
    s1 = (
        db.session.query(StoreMember)
        .join(Participant, Participant.user_id == StoreMember.user_id)
        .filter(Participant.full_name == "Sri Wahyuni")
        .one()
    )
    db.session.add(StoreMember(store_id=s1.store_id, user_id=shared_owner.user_id, role="owner"))
    db.session.commit()

    groups = {
        (g.dim, g.key): g for g in outcomes.list_sales_groups(world["agency"].id, ALL, today=TODAY)
    }
    months = {m.month: m for m in outcomes.list_monthly_sales(world["agency"].id, ALL, today=TODAY)}

    g = groups[("program", str(p1.id))]
    # Omzet unchanged (S1 once); Agus now sells S1's 500k too: 80, 200, 390, 400, 500, 500.
    assert (g.sellers, g.omzet_idr) == (6, 1_570_000)
    assert g.median_idr == 395_000
    assert months["2025-08"].omzet_idr == 1_310_000
    assert months["2025-08"].sellers == 6
