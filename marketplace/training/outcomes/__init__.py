"""What an agency's alumni did after training: funnel, sales, mentoring effect, awards.

Reads only. Every figure is aggregated in SQL (GROUP BY, window functions) in one statement per
section (the three sales tables share one), so the dashboard runs a fixed number of queries
whatever the number of alumni or orders; rows per alumnus are never loaded into Python, except
the consenting award recipients who are shown one by one.

Modules: `base` (filters, suppression, the alumni and their stores as CTEs), `funnel`, `sales`
(months, groups with quartiles, distribution), `programs` (mentoring before/after, omzet per
Rupiah of budget), `awards` (winners and grant recipients), `dashboard` (all of it), `summary`
(the whole-agency figures kept per agency, refreshed nightly by `flask agency refresh-stats`).

Scope: an *alumnus* is a participant with a completed enrollment in one of the agency's programs
(matching the filters); their *stores* are the stores where their claimed account is an owner.
Sales are completed orders of those stores; *omzet* is `total_idr - tax_idr` (PPN excluded).

Privacy (applied here, so no view or export can leak a raw figure):
- sales of a named person appear only for alumni with `sales_consent_at` set;
- a sales figure built from fewer than MIN_GROUP sellers, or a count of fewer than MIN_GROUP
  alumni (but more than none), comes out as None and is shown as "< 5".
"""

from marketplace.training.outcomes.awards import AwardFollowUp, AwardRow, get_award_follow_up
from marketplace.training.outcomes.base import (
    BUCKETS,
    GROUPINGS,
    MIN_GROUP,
    MONTHS,
    OutcomeFilters,
    local_today,
    month_keys,
)
from marketplace.training.outcomes.dashboard import (
    Dashboard,
    begin_report,
    budget_section,
    funnel_section,
    get_dashboard,
    mentoring_section,
    sales_section,
)
from marketplace.training.outcomes.funnel import FUNNEL_STEPS, FunnelRow, get_funnel
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
    list_monthly_sales,
    list_omzet_buckets,
    list_sales_groups,
)
from marketplace.training.outcomes.summary import (
    AgencyFigures,
    AgencyStatsSummary,
    current_figures,
    refresh_summary,
)

__all__ = [
    "BUCKETS",
    "FUNNEL_STEPS",
    "GROUPINGS",
    "MIN_GROUP",
    "MONTHS",
    "AgencyFigures",
    "AgencyStatsSummary",
    "AwardFollowUp",
    "AwardRow",
    "Bucket",
    "BudgetReturn",
    "Dashboard",
    "FunnelRow",
    "MentoringEffect",
    "MonthFigure",
    "OutcomeFilters",
    "SalesGroup",
    "SalesOverview",
    "begin_report",
    "budget_section",
    "current_figures",
    "funnel_section",
    "get_award_follow_up",
    "get_dashboard",
    "get_funnel",
    "get_sales_overview",
    "list_budget_returns",
    "list_mentoring_effects",
    "list_monthly_sales",
    "list_omzet_buckets",
    "list_sales_groups",
    "local_today",
    "mentoring_section",
    "month_keys",
    "refresh_summary",
    "sales_section",
]
