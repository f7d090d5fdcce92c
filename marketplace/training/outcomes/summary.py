"""The nightly summary of each agency's whole-agency dashboard (`flask agency refresh-stats`).

Without filters the dashboard aggregates every alumnus, store and completed order of the agency:
on a large agency (20,000 participants, 200,000 orders) that takes about a second of SQL. Those
figures are computed once (nightly, on a staff member's "update now", or on the first view
after they went stale) and kept as one row per agency: the funnel for each grouping, the sales
tables, mentoring before/after and omzet per budget. Filtered views are computed live.

A summary is used only while both hold:
- it was computed today (WIB): its twelve months end with the current month;
- the agency's own records have not changed since: the number of its enrollments and the
  latest change to its enrollments, their participants (claims, consent, kecamatan) and its
  programs. Staff see their own edits at once; sales move the figures at the next refresh.

Only aggregates are kept (small groups already suppressed); the award follow-up, which names
consenting people, is never summarised: it is always read live, so a withdrawn consent takes
effect at once.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import dialect_insert, utcnow
from marketplace.extensions import db
from marketplace.training.models import Enrollment, Participant, Program
from marketplace.training.outcomes.base import GROUPINGS, OutcomeFilters, local_today
from marketplace.training.outcomes.funnel import FunnelRow, get_funnel
from marketplace.training.outcomes.programs import (
    BudgetReturn,
    MentoringEffect,
    list_budget_returns,
    list_mentoring_effects,
)
from marketplace.training.outcomes.sales import (
    Bucket,
    MonthFigure,
    SalesGroup,
    SalesOverview,
    get_sales_overview,
)

PAYLOAD_VERSION = 1  # bump when the shape of the figures changes: older rows are recomputed


class AgencyStatsSummary(db.Model):
    """The whole-agency dashboard figures of one agency, as computed at `computed_at`."""

    __tablename__ = "agency_stats_summaries"

    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[date] = mapped_column(Date)  # the WIB day the figures were computed for
    computed_at: Mapped[datetime]
    records_key: Mapped[str] = mapped_column(String(120))  # see records_key()
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(frozen=True)
class AgencyFigures:
    """The summarised sections of the whole-agency dashboard."""

    funnels: dict[str, list[FunnelRow]]  # per grouping
    sales: SalesOverview
    mentoring: list[MentoringEffect]
    budgets: list[BudgetReturn]
    computed_at: datetime

    def to_payload(self) -> dict[str, Any]:
        """Plain JSON data (dataclasses as dicts)."""
        return {
            "version": PAYLOAD_VERSION,
            "funnels": {
                grouping: [dataclasses.asdict(row) for row in rows]
                for grouping, rows in self.funnels.items()
            },
            "sales": dataclasses.asdict(self.sales),
            "mentoring": [dataclasses.asdict(row) for row in self.mentoring],
            "budgets": [dataclasses.asdict(row) for row in self.budgets],
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any], computed_at: datetime) -> AgencyFigures:
        """The figures back from `to_payload`'s data."""
        sales = payload["sales"]
        return cls(
            funnels={
                grouping: [FunnelRow(**row) for row in rows]
                for grouping, rows in payload["funnels"].items()
            },
            sales=SalesOverview(
                months=[MonthFigure(**row) for row in sales["months"]],
                groups=[SalesGroup(**row) for row in sales["groups"]],
                buckets=[Bucket(**row) for row in sales["buckets"]],
            ),
            mentoring=[MentoringEffect(**row) for row in payload["mentoring"]],
            budgets=[BudgetReturn(**row) for row in payload["budgets"]],
            computed_at=computed_at,
        )


def _stamp_sum(column: Any) -> Any:
    """The sum of a timestamp column as numbers: any row's new `updated_at` changes it, even
    one older than the newest (a transaction that wrote earlier and committed later)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.sum(func.extract("epoch", column))
    return func.sum(func.julianday(column))


def records_key(agency_id: int) -> str:
    """A fingerprint of the agency's own records the figures rest on; one query.

    Any new, changed or deleted enrollment, any change to an enrolled participant (a claim, a
    consent, a kecamatan) or to a program changes it: counts, and sums of `updated_at`.
    """
    of_agency = Program.agency_id == agency_id
    row = db.session.execute(
        select(
            func.count(Enrollment.id),
            _stamp_sum(Enrollment.updated_at),
            _stamp_sum(Participant.updated_at),
            select(func.count(Program.id)).where(of_agency).scalar_subquery(),
            select(_stamp_sum(Program.updated_at)).where(of_agency).scalar_subquery(),
        )
        .join(Participant, Participant.id == Enrollment.participant_id)
        .where(Enrollment.agency_id == agency_id)
    ).one()
    text = "|".join("" if value is None else str(value) for value in row)
    return hashlib.sha256(text.encode()).hexdigest()


def compute_figures(agency_id: int, *, today: date) -> AgencyFigures:
    """Every summarised section of the whole-agency dashboard, computed live."""
    everyone = OutcomeFilters()
    return AgencyFigures(
        funnels={
            grouping: get_funnel(agency_id, everyone, grouping=grouping) for grouping in GROUPINGS
        },
        sales=get_sales_overview(agency_id, everyone, today=today),
        mentoring=list_mentoring_effects(agency_id, everyone),
        budgets=list_budget_returns(agency_id, everyone),
        computed_at=utcnow(),
    )


def _store(agency_id: int, figures: AgencyFigures, *, today: date, key: str) -> None:
    values = {
        "as_of": today,
        "computed_at": figures.computed_at,
        "records_key": key,
        "payload": figures.to_payload(),
    }
    db.session.execute(
        dialect_insert(AgencyStatsSummary)
        .values(agency_id=agency_id, **values)
        .on_conflict_do_update(index_elements=["agency_id"], set_=values)
    )


def refresh_summary(agency_id: int, *, today: date | None = None) -> AgencyFigures:
    """Compute the agency's figures and keep them as its summary (flushes, never commits)."""
    today = today or local_today()
    key = records_key(agency_id)
    figures = compute_figures(agency_id, today=today)
    _store(agency_id, figures, today=today, key=key)
    return figures


def current_figures(agency_id: int, *, today: date | None = None) -> AgencyFigures:
    """The agency's summarised figures: the kept summary while it is current (two queries),
    otherwise computed now and kept for the next views (flushes; the caller commits)."""
    today = today or local_today()
    key = records_key(agency_id)
    row = db.session.execute(
        select(AgencyStatsSummary)
        .where(AgencyStatsSummary.agency_id == agency_id)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if (
        row is not None
        and row.as_of == today
        and row.records_key == key
        and row.payload.get("version") == PAYLOAD_VERSION
    ):
        try:
            return AgencyFigures.from_payload(row.payload, row.computed_at)
        except (TypeError, KeyError):  # a shape changed without a version bump: compute again
            pass
    figures = compute_figures(agency_id, today=today)
    _store(agency_id, figures, today=today, key=key)
    return figures
