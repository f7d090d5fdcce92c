"""Per program: the mentoring before/after comparison and omzet per Rupiah of budget."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, distinct, func, or_, select

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.training.outcomes.base import (
    _COMPLETED,
    _NET,
    MENTORING_KINDS,
    MIN_GROUP,
    WINDOW_MONTHS,
    OutcomeFilters,
    _add_months,
    _alumni_stores,
    _enrollments,
    _local,
    _rupiah,
    _shown,
)


@dataclass(frozen=True)
class MentoringEffect:
    """Average monthly omzet per alumnus 3 months before a mentoring programme and after it."""

    program_id: int
    alumni: int  # completed, with a store
    sellers: int  # of whom sold in either window
    before_idr: int | None = None
    after_idr: int | None = None

    @property
    def suppressed(self) -> bool:
        """True when the figures rest on 1-4 sellers."""
        return 0 < self.sellers < MIN_GROUP


def list_mentoring_effects(agency_id: int, filters: OutcomeFilters) -> list[MentoringEffect]:
    """Per mentoring or consultation programme: its alumni's average monthly omzet in the 3
    months before its start and in the 3 months from its end; one query."""
    enr = _enrollments(agency_id, filters)
    astores = _alumni_stores(enr)
    cohort = (
        select(
            enr.c.program_id,
            enr.c.pid,
            enr.c.start_date,
            enr.c.end_date,
            astores.c.store_id,
        )
        .join(astores, astores.c.pid == enr.c.pid)
        .where(enr.c.status == _COMPLETED, enr.c.kind.in_(MENTORING_KINDS))
        .subquery()
    )
    at = _local(Order.completed_at)
    before_from = _add_months(cohort.c.start_date, -WINDOW_MONTHS)
    after_to = _add_months(cohort.c.end_date, WINDOW_MONTHS)
    before = and_(at >= before_from, at < cohort.c.start_date)
    after = and_(at >= cohort.c.end_date, at < after_to)
    per_alumnus = (
        select(
            cohort.c.program_id,
            cohort.c.pid,
            func.coalesce(func.sum(case((before, _NET), else_=0)), 0).label("before"),
            func.coalesce(func.sum(case((after, _NET), else_=0)), 0).label("after"),
            func.count(Order.id).label("orders"),
        )
        .select_from(
            cohort.outerjoin(
                Order,
                and_(
                    Order.store_id == cohort.c.store_id,
                    Order.status == OrderStatus.COMPLETED,
                    or_(before, after),
                ),
            )
        )
        .group_by(cohort.c.program_id, cohort.c.pid)
        .subquery()
    )
    rows = db.session.execute(
        select(
            per_alumnus.c.program_id,
            func.count().label("alumni"),
            func.sum(case((per_alumnus.c.orders > 0, 1), else_=0)).label("sellers"),
            func.sum(per_alumnus.c.before).label("before"),
            func.sum(per_alumnus.c.after).label("after"),
        ).group_by(per_alumnus.c.program_id)
    ).all()
    result = []
    for row in rows:
        alumni, sellers = int(row.alumni), int(row.sellers)
        effect = MentoringEffect(program_id=row.program_id, alumni=alumni, sellers=sellers)
        if not effect.suppressed:
            months = alumni * WINDOW_MONTHS
            effect = MentoringEffect(
                program_id=row.program_id,
                alumni=alumni,
                sellers=sellers,
                before_idr=_rupiah(Decimal(int(row.before)) / months),
                after_idr=_rupiah(Decimal(int(row.after)) / months),
            )
        result.append(effect)
    return sorted(result, key=lambda e: e.program_id)


@dataclass(frozen=True)
class BudgetReturn:
    """Omzet of a program's alumni stores since it ended, per Rupiah of its budget."""

    program_id: int
    budget_idr: int
    sellers: int
    omzet_idr: int | None = None

    @property
    def suppressed(self) -> bool:
        """True when the omzet rests on 1-4 sellers."""
        return 0 < self.sellers < MIN_GROUP

    @property
    def per_rupiah(self) -> float | None:
        """Omzet since the end divided by the budget."""
        if self.omzet_idr is None or not self.budget_idr:
            return None
        return self.omzet_idr / self.budget_idr


def list_budget_returns(agency_id: int, filters: OutcomeFilters) -> list[BudgetReturn]:
    """For each program with a recorded budget: its alumni stores' omzet since its end date
    (each store once) and how many alumni sold; one query."""
    enr = _enrollments(agency_id, filters)
    astores = _alumni_stores(enr)
    cohort = (
        select(enr.c.program_id, enr.c.budget_idr, enr.c.end_date, enr.c.pid, astores.c.store_id)
        .join(astores, astores.c.pid == enr.c.pid)
        .where(enr.c.status == _COMPLETED, enr.c.budget_idr > 0)
        .cte("funded")
    )
    program_stores = (
        select(cohort.c.program_id, cohort.c.budget_idr, cohort.c.end_date, cohort.c.store_id)
        .distinct()
        .subquery()
    )
    # One pass over the orders: each (program, store) once, whoever of its alumni owns it.
    store_sales = (
        select(
            program_stores.c.program_id,
            program_stores.c.store_id,
            func.max(program_stores.c.budget_idr).label("budget"),
            func.coalesce(func.sum(_NET), 0).label("omzet"),
            func.count(Order.id).label("orders"),
        )
        .select_from(
            program_stores.outerjoin(
                Order,
                and_(
                    Order.store_id == program_stores.c.store_id,
                    Order.status == OrderStatus.COMPLETED,
                    _local(Order.completed_at) >= program_stores.c.end_date,
                ),
            )
        )
        .group_by(program_stores.c.program_id, program_stores.c.store_id)
        .cte("program_store_sales")
    )
    omzet = (
        select(
            store_sales.c.program_id,
            func.max(store_sales.c.budget).label("budget"),
            func.sum(store_sales.c.omzet).label("omzet"),
        )
        .group_by(store_sales.c.program_id)
        .subquery()
    )
    sellers = (
        select(cohort.c.program_id, func.count(distinct(cohort.c.pid)).label("sellers"))
        .join(
            store_sales,
            and_(
                store_sales.c.program_id == cohort.c.program_id,
                store_sales.c.store_id == cohort.c.store_id,
                store_sales.c.orders > 0,
            ),
        )
        .group_by(cohort.c.program_id)
        .subquery()
    )
    rows = db.session.execute(
        select(omzet, func.coalesce(sellers.c.sellers, 0).label("sellers")).outerjoin(
            sellers, sellers.c.program_id == omzet.c.program_id
        )
    ).all()
    result = []
    for row in rows:
        n = int(row.sellers)
        budget = int(row.budget)
        result.append(
            BudgetReturn(
                program_id=row.program_id,
                budget_idr=budget,
                sellers=n,
                omzet_idr=_shown(_rupiah(row.omzet), n),
            )
        )
    return sorted(result, key=lambda r: r.program_id)
