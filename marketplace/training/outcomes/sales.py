"""Sales of alumni stores over the last 12 months: by month, by group with quartiles, spread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    Numeric,
    String,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.sql import Select
from sqlalchemy.sql.selectable import CTE

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.training.outcomes.base import (
    _COMPLETED,
    _NET,
    _WHOLESALE,
    BUCKETS,
    MIN_GROUP,
    OutcomeFilters,
    _alumni_stores,
    _count,
    _dialect,
    _enrollments,
    _month_of,
    _rupiah,
    _shown,
    _window_start,
    local_today,
    month_keys,
)

# -- 2. Economic outcome -----------------------------------------------------------------------
#
# Monthly sales, sales per program/skill field with quartiles, and the distribution per alumnus
# share one pass over the orders: a per (store, month) CTE over the last 12 months, from which
# every figure is summed. The dashboard sends the three as one UNION ALL statement (rows of a
# common shape, told apart by `section`); the CSV exports send only the part they need.


@dataclass(frozen=True)
class MonthFigure:
    """Sales of alumni stores in one month (None values: fewer than 5 sellers)."""

    month: str  # 'YYYY-MM'
    sellers: int
    omzet_idr: int | None
    orders: int | None
    wholesale_idr: int | None

    @property
    def suppressed(self) -> bool:
        """True when the month rests on 1-4 sellers."""
        return self.omzet_idr is None


@dataclass(frozen=True)
class SalesGroup:
    """Last-12-month sales of one group's alumni stores, and their spread per selling alumnus."""

    dim: str  # 'program', 'skill' or 'total'
    key: str
    sellers: int  # alumni whose stores sold in the period
    omzet_idr: int | None = None
    orders: int | None = None
    wholesale_idr: int | None = None
    median_idr: int | None = None
    q1_idr: int | None = None
    q3_idr: int | None = None

    @property
    def suppressed(self) -> bool:
        """True when the group rests on 1-4 sellers."""
        return 0 < self.sellers < MIN_GROUP

    @property
    def wholesale_share(self) -> float | None:
        """Wholesale omzet as a fraction of omzet."""
        if not self.omzet_idr or self.wholesale_idr is None:
            return None
        return self.wholesale_idr / self.omzet_idr


@dataclass(frozen=True)
class Bucket:
    """How many alumni with a store fall in one band of last-12-month omzet."""

    low_idr: int
    high_idr: int | None  # None: no upper bound
    alumni: int | None  # None: "< 5"


@dataclass(frozen=True)
class SalesOverview:
    """The three sales tables of the dashboard."""

    months: list[MonthFigure]
    groups: list[SalesGroup]
    buckets: list[Bucket]


@dataclass(frozen=True)
class _Sales:
    """The CTEs the sales parts share."""

    enr: CTE
    astores: CTE
    store_month: CTE
    store_year: CTE


def _sales(agency_id: int, filters: OutcomeFilters, today: date) -> _Sales:
    enr = _enrollments(agency_id, filters)
    astores = _alumni_stores(enr)
    month = _month_of(Order.completed_at)
    store_month = (
        select(
            Order.store_id.label("store_id"),
            month.label("month"),
            func.count(Order.id).label("orders"),
            func.sum(_NET).label("omzet"),
            func.sum(case((_WHOLESALE, _NET), else_=0)).label("ws_omzet"),
        )
        .where(
            Order.status == OrderStatus.COMPLETED,
            Order.completed_at >= _window_start(today),
            Order.store_id.in_(select(astores.c.store_id)),
        )
        .group_by(Order.store_id, month)
        .cte("store_month")
    )
    store_year = (
        select(
            store_month.c.store_id,
            func.sum(store_month.c.orders).label("orders"),
            func.sum(store_month.c.omzet).label("omzet"),
            func.sum(store_month.c.ws_omzet).label("ws_omzet"),
        )
        .group_by(store_month.c.store_id)
        .cte("store_year")
    )
    return _Sales(enr, astores, store_month, store_year)


def _row(
    section: str,
    dim: Any,
    key: Any,
    sellers: Any,
    orders: Any = None,
    omzet: Any = None,
    ws_omzet: Any = None,
    q1: Any = None,
    median: Any = None,
    q3: Any = None,
) -> list[ColumnElement[Any]]:
    """The common row shape of the sales statement."""
    number = Numeric()
    return [
        literal(section).label("section"),
        cast(dim, String).label("dim"),
        cast(key, String).label("key"),
        cast(sellers, BigInteger).label("sellers"),
        cast(orders if orders is not None else null(), number).label("orders"),
        cast(omzet if omzet is not None else null(), number).label("omzet"),
        cast(ws_omzet if ws_omzet is not None else null(), number).label("ws_omzet"),
        cast(q1 if q1 is not None else null(), Float).label("q1"),
        cast(median if median is not None else null(), Float).label("median"),
        cast(q3 if q3 is not None else null(), Float).label("q3"),
    ]


def _months_select(parts: _Sales) -> Select[Any]:
    """Per month: omzet, orders, wholesale omzet (each store once) and sellers (alumni)."""
    store_month, astores = parts.store_month, parts.astores
    totals = (
        select(
            store_month.c.month,
            func.sum(store_month.c.orders).label("orders"),
            func.sum(store_month.c.omzet).label("omzet"),
            func.sum(store_month.c.ws_omzet).label("ws_omzet"),
        )
        .group_by(store_month.c.month)
        .subquery()
    )
    sellers = (
        select(store_month.c.month, func.count(distinct(astores.c.pid)).label("sellers"))
        .join(astores, astores.c.store_id == store_month.c.store_id)
        .group_by(store_month.c.month)
        .subquery()
    )
    return select(
        *_row(
            "month",
            literal(""),
            totals.c.month,
            sellers.c.sellers,
            totals.c.orders,
            totals.c.omzet,
            totals.c.ws_omzet,
        )
    ).join(sellers, sellers.c.month == totals.c.month)


def _quartiles_postgresql(per_alumnus: CTE) -> Select[Any]:
    # percentile_cont interpolates linearly, as the portable version below does.
    return select(
        per_alumnus.c.dim,
        per_alumnus.c.key,
        *(
            func.percentile_cont(fraction).within_group(per_alumnus.c.omzet).label(name)
            for name, fraction in (("q1", 0.25), ("median", 0.5), ("q3", 0.75))
        ),
    ).group_by(per_alumnus.c.dim, per_alumnus.c.key)


def _quartiles_portable(per_alumnus: CTE) -> Select[Any]:
    # Rank each seller in their group (window functions, SQLite >= 3.25), then interpolate at
    # position (n-1)*k/4 in integer quarters: only the one or two rows around each quartile
    # contribute, and Python receives one row per group.
    ranked = select(
        per_alumnus.c.dim,
        per_alumnus.c.key,
        per_alumnus.c.omzet,
        func.row_number()
        .over(partition_by=(per_alumnus.c.dim, per_alumnus.c.key), order_by=per_alumnus.c.omzet)
        .label("rn"),
        func.count().over(partition_by=(per_alumnus.c.dim, per_alumnus.c.key)).label("n"),
    ).subquery()

    def quartile(k: int) -> ColumnElement[Any]:
        position = (ranked.c.n - 1) * k  # in quarters
        low, frac = position // 4, position % 4
        return (
            func.sum(case((ranked.c.rn - 1 == low, ranked.c.omzet * (4 - frac)), else_=0))
            + func.sum(case((ranked.c.rn - 1 == low + 1, ranked.c.omzet * frac), else_=0))
        ) / 4.0

    return select(
        ranked.c.dim,
        ranked.c.key,
        quartile(1).label("q1"),
        quartile(2).label("median"),
        quartile(3).label("q3"),
    ).group_by(ranked.c.dim, ranked.c.key)


def _group_members(enr: CTE, astores: CTE) -> CTE:
    """(dim, key, pid, store) for the alumni of each program, each skill field and in total."""
    done = enr.c.status == _COMPLETED
    groups = union_all(
        select(
            literal("program").label("dim"),
            cast(enr.c.program_id, String).label("key"),
            enr.c.pid,
        ).where(done),
        select(literal("skill"), cast(enr.c.skill_field, String), enr.c.pid).where(done),
        select(literal("total"), cast(literal(""), String), enr.c.pid).where(done),
    ).subquery()
    return (
        select(groups.c.dim, groups.c.key, groups.c.pid, astores.c.store_id)
        .join(astores, astores.c.pid == groups.c.pid)
        .distinct()
        .cte("members")
    )


def _groups_select(parts: _Sales) -> Select[Any]:
    """Per program, skill field and in total: sums (each store once), sellers and quartiles of
    omzet per selling alumnus (percentile_cont on PostgreSQL, window functions elsewhere)."""
    sales = parts.store_year
    members = _group_members(parts.enr, parts.astores)
    group_stores = select(members.c.dim, members.c.key, members.c.store_id).distinct().subquery()
    totals = (
        select(
            group_stores.c.dim,
            group_stores.c.key,
            func.sum(sales.c.orders).label("orders"),
            func.sum(sales.c.omzet).label("omzet"),
            func.sum(sales.c.ws_omzet).label("ws_omzet"),
        )
        .join(sales, sales.c.store_id == group_stores.c.store_id)
        .group_by(group_stores.c.dim, group_stores.c.key)
        .subquery()
    )
    per_alumnus = (
        select(members.c.dim, members.c.key, members.c.pid, func.sum(sales.c.omzet).label("omzet"))
        .join(sales, sales.c.store_id == members.c.store_id)
        .group_by(members.c.dim, members.c.key, members.c.pid)
        .cte("per_alumnus")
    )
    spread = (
        _quartiles_postgresql(per_alumnus)
        if _dialect() == "postgresql"
        else _quartiles_portable(per_alumnus)
    ).subquery()
    counts = (
        select(per_alumnus.c.dim, per_alumnus.c.key, func.count().label("sellers"))
        .group_by(per_alumnus.c.dim, per_alumnus.c.key)
        .subquery()
    )
    return (
        select(
            *_row(
                "group",
                totals.c.dim,
                totals.c.key,
                counts.c.sellers,
                totals.c.orders,
                totals.c.omzet,
                totals.c.ws_omzet,
                spread.c.q1,
                spread.c.median,
                spread.c.q3,
            )
        )
        .join(counts, and_(counts.c.dim == totals.c.dim, counts.c.key == totals.c.key))
        .join(spread, and_(spread.c.dim == totals.c.dim, spread.c.key == totals.c.key))
    )


def _buckets_select(parts: _Sales) -> Select[Any]:
    """Alumni with a store per band of their stores' last-12-month omzet."""
    astores, sales = parts.astores, parts.store_year
    per_alumnus = (
        select(astores.c.pid, func.coalesce(func.sum(sales.c.omzet), 0).label("omzet"))
        .select_from(astores.outerjoin(sales, sales.c.store_id == astores.c.store_id))
        .group_by(astores.c.pid)
        .subquery()
    )
    banded = select(
        case(
            *((per_alumnus.c.omzet < bound, index) for index, bound in enumerate(BUCKETS)),
            else_=len(BUCKETS),
        ).label("band")
    ).subquery()
    return select(*_row("bucket", literal(""), banded.c.band, func.count())).group_by(banded.c.band)


def _months_from(rows: list[Any], today: date) -> list[MonthFigure]:
    by_month = {row.key: row for row in rows}
    figures = []
    for key in month_keys(today):
        row = by_month.get(key)
        n = int(row.sellers) if row else 0
        figures.append(
            MonthFigure(
                month=key,
                sellers=n,
                omzet_idr=_shown(_rupiah(row.omzet) if row else 0, n),
                orders=_shown(int(row.orders) if row else 0, n),
                wholesale_idr=_shown(_rupiah(row.ws_omzet) if row else 0, n),
            )
        )
    return figures


def _groups_from(rows: list[Any]) -> list[SalesGroup]:
    result = []
    for row in rows:
        n = int(row.sellers)
        if 0 < n < MIN_GROUP:
            result.append(SalesGroup(dim=row.dim, key=row.key, sellers=n))
            continue
        result.append(
            SalesGroup(
                dim=row.dim,
                key=row.key,
                sellers=n,
                omzet_idr=_rupiah(row.omzet),
                orders=int(row.orders),
                wholesale_idr=_rupiah(row.ws_omzet),
                median_idr=_rupiah(row.median),
                q1_idr=_rupiah(row.q1),
                q3_idr=_rupiah(row.q3),
            )
        )
    return sorted(result, key=lambda g: (g.dim, g.key))


def _buckets_from(rows: list[Any]) -> list[Bucket]:
    counts = {int(row.key): int(row.sellers) for row in rows}
    lows = (0, *BUCKETS)
    highs: tuple[int | None, ...] = (*BUCKETS, None)
    return [
        Bucket(low_idr=lows[i], high_idr=highs[i], alumni=_count(counts.get(i, 0)))
        for i in range(len(lows))
    ]


def get_sales_overview(
    agency_id: int, filters: OutcomeFilters, *, today: date | None = None
) -> SalesOverview:
    """Monthly sales, sales by program/skill field/total and the omzet distribution over the
    last 12 months; one query (one pass over the orders)."""
    today = today or local_today()
    parts = _sales(agency_id, filters, today)
    rows = db.session.execute(
        union_all(_months_select(parts), _groups_select(parts), _buckets_select(parts))
    ).all()
    return SalesOverview(
        months=_months_from([r for r in rows if r.section == "month"], today),
        groups=_groups_from([r for r in rows if r.section == "group"]),
        buckets=_buckets_from([r for r in rows if r.section == "bucket"]),
    )


def list_monthly_sales(
    agency_id: int, filters: OutcomeFilters, *, today: date | None = None
) -> list[MonthFigure]:
    """Omzet, orders and wholesale omzet of alumni stores per month, last 12 months; one query.

    A store owned by two alumni counts once; a month's sellers are the alumni whose stores sold.
    """
    today = today or local_today()
    rows = db.session.execute(_months_select(_sales(agency_id, filters, today))).all()
    return _months_from(list(rows), today)


def list_sales_groups(
    agency_id: int, filters: OutcomeFilters, *, today: date | None = None
) -> list[SalesGroup]:
    """Last-12-month sales by program, by skill field and in total, with the median and
    quartiles of omzet per selling alumnus; one query."""
    today = today or local_today()
    rows = db.session.execute(_groups_select(_sales(agency_id, filters, today))).all()
    return _groups_from(list(rows))


def list_omzet_buckets(
    agency_id: int, filters: OutcomeFilters, *, today: date | None = None
) -> list[Bucket]:
    """Alumni with a store by band of their stores' last-12-month omzet (0 first); one query."""
    today = today or local_today()
    rows = db.session.execute(_buckets_select(_sales(agency_id, filters, today))).all()
    return _buckets_from(list(rows))
