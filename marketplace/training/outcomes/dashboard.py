"""The whole dashboard: every section, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text

from marketplace.extensions import db
from marketplace.training.outcomes.awards import AwardFollowUp, get_award_follow_up
from marketplace.training.outcomes.base import OutcomeFilters, _dialect, local_today
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
from marketplace.training.outcomes.summary import AgencyFigures, current_figures

# -- The whole dashboard -----------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    """Every section of the agency outcomes page."""

    filters: OutcomeFilters
    grouping: str
    funnel: list[FunnelRow]
    sales: SalesOverview
    mentoring: list[MentoringEffect]
    budgets: list[BudgetReturn]
    awards: AwardFollowUp
    # When the summarised sections were computed (the whole-agency view reads the nightly
    # summary, see `summary`); None when every figure was computed for this request.
    computed_at: datetime | None = None

    @property
    def funnel_total(self) -> FunnelRow:
        """The total row of the funnel."""
        return next(row for row in self.funnel if row.is_total)

    def groups_of(self, dim: str) -> list[SalesGroup]:
        """Sales groups of one dimension ('program', 'skill' or 'total')."""
        return [g for g in self.sales.groups if g.dim == dim]

    @property
    def months(self) -> list[MonthFigure]:
        """Sales per month, last 12 months."""
        return self.sales.months

    @property
    def buckets(self) -> list[Bucket]:
        """The omzet distribution per alumnus."""
        return self.sales.buckets


def begin_report() -> None:
    """Tune this transaction for the report queries (PostgreSQL only; one statement).

    PostgreSQL's JIT compiler starts above a planner cost these queries can reach on a large
    agency and then spends up to a second compiling expressions for a query that runs in a tenth
    of that; the reports run without it.
    """
    if _dialect() == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))


def get_dashboard(
    agency_id: int,
    filters: OutcomeFilters,
    *,
    grouping: str = "program",
    today: date | None = None,
) -> Dashboard:
    """The whole dashboard: with filters, computed now in five queries (six on PostgreSQL);
    without, from the agency's summary (two queries while it is current, see `summary`) and the
    award follow-up read live."""
    today = today or local_today()
    begin_report()
    if filters == OutcomeFilters():
        figures = current_figures(agency_id, today=today)
        return Dashboard(
            filters=filters,
            grouping=grouping,
            funnel=figures.funnels[grouping],
            sales=figures.sales,
            mentoring=figures.mentoring,
            budgets=figures.budgets,
            awards=get_award_follow_up(agency_id, filters),
            computed_at=figures.computed_at,
        )
    return Dashboard(
        filters=filters,
        grouping=grouping,
        funnel=get_funnel(agency_id, filters, grouping=grouping),
        sales=get_sales_overview(agency_id, filters, today=today),
        mentoring=list_mentoring_effects(agency_id, filters),
        budgets=list_budget_returns(agency_id, filters),
        awards=get_award_follow_up(agency_id, filters),
    )


# -- One section, for the CSV exports ----------------------------------------------------------
#
# The whole-agency view's exports read the same kept summary as its page (so a download matches
# what was on screen); filtered exports compute their one section live.


def _kept(agency_id: int, filters: OutcomeFilters) -> AgencyFigures | None:
    return current_figures(agency_id) if filters == OutcomeFilters() else None


def funnel_section(agency_id: int, filters: OutcomeFilters, *, grouping: str) -> list[FunnelRow]:
    """The funnel per group, as the dashboard shows it."""
    kept = _kept(agency_id, filters)
    return kept.funnels[grouping] if kept else get_funnel(agency_id, filters, grouping=grouping)


def sales_section(agency_id: int, filters: OutcomeFilters) -> SalesOverview:
    """The three sales tables, as the dashboard shows them."""
    kept = _kept(agency_id, filters)
    return kept.sales if kept else get_sales_overview(agency_id, filters)


def mentoring_section(agency_id: int, filters: OutcomeFilters) -> list[MentoringEffect]:
    """Mentoring before/after, as the dashboard shows it."""
    kept = _kept(agency_id, filters)
    return kept.mentoring if kept else list_mentoring_effects(agency_id, filters)


def budget_section(agency_id: int, filters: OutcomeFilters) -> list[BudgetReturn]:
    """Omzet per Rupiah of budget, as the dashboard shows it."""
    kept = _kept(agency_id, filters)
    return kept.budgets if kept else list_budget_returns(agency_id, filters)
