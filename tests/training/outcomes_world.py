"""The agency outcomes test world: two agencies, 16 people, orders whose figures are counted by
hand in tests/training/test_outcomes.py. "Today" is 15 June 2026 for the query tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import OrderStatus
from marketplace.stores.models import StoreStatus
from marketplace.training.models import Participant
from marketplace.training.outcomes import OutcomeFilters
from tests.factories import make_agency, make_enrollment, make_program, make_store, make_user
from tests.orders.helpers import make_order_row

TODAY = date(2026, 6, 15)
ALL = OutcomeFilters()


def sale(
    store: Any,
    buyer: Any,
    day: str,
    net: int,
    *,
    wholesale: bool = False,
    status: str = OrderStatus.COMPLETED,
) -> None:
    """A completed order of `net` Rupiah without PPN (wholesale ones carry 11% PPN on top)."""
    tax = net * 11 // 100 if wholesale else 0
    order = make_order_row(buyer, store, status=status, goods_idr=net + tax - 10_000)
    order.shipping_idr = 10_000
    order.total_idr = net + tax
    order.tax_idr = tax
    order.channel = "wholesale" if wholesale else "retail"
    when = datetime.fromisoformat(day).replace(hour=5, tzinfo=UTC)  # 12:00 WIB
    order.completed_at = when if status == OrderStatus.COMPLETED else None
    db.session.commit()


def person(program: Any, name: str, *, account: bool = True, store: str | None = "live", **kw):
    """Enroll `name`; optionally give them an account and an owned store (live or draft)."""
    user = make_user(name=name) if account else None
    enrollment = make_enrollment(program, full_name=name, user=user, **kw)
    owned = None
    if user is not None and store is not None:
        status = StoreStatus.LIVE if store == "live" else StoreStatus.DRAFT
        owned = make_store(
            user, status=status, live_since=utcnow() if status == StoreStatus.LIVE else None
        )
    return enrollment, user, owned


def also(program: Any, enrollment: Any, **kw: Any) -> Any:
    """Enroll the same participant in another program."""
    from marketplace.training.models import Enrollment

    extra = Enrollment(
        program_id=program.id,
        participant_id=enrollment.participant_id,
        agency_id=program.agency_id,
        status=kw.pop("status", "completed"),
        **kw,
    )
    db.session.add(extra)
    db.session.commit()
    return extra


def consent(enrollment: Any) -> None:
    db.session.get(Participant, enrollment.participant_id).sales_consent_at = utcnow()
    db.session.commit()


def build_world() -> dict[str, Any]:
    """Two agencies. Agency A: P1 (training, culinary, Feb 2025, budget Rp50 jt), P2 (mentoring,
    craft, Sep-Oct 2025), P3 (contest, culinary, Jan 2026, budget Rp10 jt). 13 participants.

    p1 S1 consent | p2 S2 | p3 S3 | p4 draft store | p5 account, no store | p6 S6 consent
    p7 no account | p8 dropped from P1, S8 | p9 S9 | p10 S10 | p11 S11 consent, grant
    p12 only registered in P2, S12 | p13 S13
    P1: p1-p7, p13 completed, p8 dropped.  P2: p1, p2, p6, p7, p9, p10, p11 completed,
    p12 registered.  P3: p1 (Juara 1), p2 (Juara 2), p9 (Juara 3), p10 (Harapan) completed.
    Agency B: PB with q1 (store Q) and p3, both completed.
    """
    staff = make_user(name="Ninik Rahayu")
    agency = make_agency(staff=staff, short_name="Dinperinaker")
    p1_prog = make_program(
        agency,
        title="Pelatihan Olahan Pangan",
        kind="pelatihan",
        skill_field="kuliner",
        start_date=date(2025, 2, 3),
        end_date=date(2025, 2, 28),
        budget_idr=50_000_000,
    )
    p2_prog = make_program(
        agency,
        title="Pendampingan Kerajinan Batik",
        kind="pendampingan",
        skill_field="kerajinan",
        start_date=date(2025, 9, 1),
        end_date=date(2025, 10, 31),
    )
    p3_prog = make_program(
        agency,
        title="Lomba Kuliner Khas",
        kind="lomba",
        skill_field="kuliner",
        start_date=date(2026, 1, 5),
        end_date=date(2026, 1, 10),
        budget_idr=10_000_000,
    )
    buyer = make_user(name="Pembeli")
    e1, _, s1 = person(p1_prog, "Sri Wahyuni")
    e2, _, s2 = person(p1_prog, "Budi Santoso")
    e3, _, s3 = person(p1_prog, "Siti Aminah")
    person(p1_prog, "Dewi Lestari", store="draft")
    person(p1_prog, "Agus Salim", store=None)
    e6, _, s6 = person(p1_prog, "Rina Marlina")
    e7, _, _ = person(p1_prog, "Joko Widodo", account=False)
    _, _, s8 = person(p1_prog, "Bambang Pamungkas", status="dropped")
    _, _, s13 = person(p1_prog, "Yuni Shara")
    e9, _, s9 = person(p2_prog, "Wati Suryani")
    e10, _, s10 = person(p2_prog, "Made Wirawan")
    e11, _, s11 = person(p2_prog, "Ketut Ayu", grant_items="Mesin jahit portabel")
    _, _, s12 = person(p2_prog, "Andi Pratama", status="registered")
    for enrollment in (e1, e2, e6, e7):
        also(p2_prog, enrollment)
    also(p3_prog, e1, award_title="Juara 1", award_rank=1, award_amount_idr=5_000_000)
    also(p3_prog, e2, award_title="Juara 2", award_rank=2, award_amount_idr=3_000_000)
    also(p3_prog, e9, award_title="Juara 3", award_rank=3, award_amount_idr=2_000_000)
    also(p3_prog, e10, award_title="Juara Harapan")
    for enrollment in (e1, e6, e11):
        consent(enrollment)

    # Orders (net of PPN; completed unless said otherwise).
    sale(s1, buyer, "2025-03-10", 100_000)
    sale(s1, buyer, "2025-08-05", 200_000)
    sale(s1, buyer, "2026-02-10", 300_000, wholesale=True)
    sale(s2, buyer, "2025-08-20", 150_000)
    sale(s2, buyer, "2026-02-15", 50_000)
    sale(s3, buyer, "2025-08-25", 400_000)
    sale(s6, buyer, "2025-07-15", 90_000)
    sale(s6, buyer, "2025-11-20", 180_000)
    sale(s6, buyer, "2025-12-05", 120_000, wholesale=True)
    sale(s9, buyer, "2025-08-10", 60_000)
    sale(s9, buyer, "2025-11-03", 240_000)
    sale(s9, buyer, "2026-01-20", 100_000)
    sale(s10, buyer, "2025-12-12", 30_000)
    sale(s11, buyer, "2025-08-01", 500_000)
    sale(s11, buyer, "2025-11-15", 700_000, wholesale=True)
    sale(s11, buyer, "2026-03-01", 100_000)
    sale(s11, buyer, "2026-04-01", 999_000, status=OrderStatus.CANCELLED)
    sale(s13, buyer, "2025-10-10", 80_000)
    sale(s8, buyer, "2025-09-09", 1_000_000)  # dropped out: not an alumnus
    sale(s12, buyer, "2025-09-09", 1_000_000)  # only registered: not an alumnus

    other_staff = make_user(name="Staf Medan")
    other = make_agency(staff=other_staff, short_name="Disperin Medan")
    other_prog = make_program(other, title="Pelatihan Medan", start_date=date(2025, 5, 5))
    _, _, sq = person(other_prog, "Rina Marpaung")
    also(other_prog, e3)
    sale(sq, buyer, "2025-08-01", 777_000)
    return {
        "agency": agency,
        "staff": staff,
        "programs": (p1_prog, p2_prog, p3_prog),
        "other": other,
        "other_staff": other_staff,
        "buyer": buyer,
    }


def by_key(rows: list[Any]) -> dict[Any, Any]:
    return {row.key: row for row in rows}
