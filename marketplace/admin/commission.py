"""The platform's commission rates: by category, kept as a history of changes.

A change is a new row, never an edit (append-only). The rate in force for a category at a time
is its own newest row that has taken effect, else its parent category's, else the default
row's (no category); when the table holds none of these, the config `ORDER_COMMISSION_BPS`
(by slug, then "default"), so an install without rows keeps its behaviour. An order stores the
rate in force when it is placed (`Order.commission_bps`), so later changes never reach it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, and_, or_, select
from sqlalchemy.orm import Mapped, aliased, joinedload, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import Category
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.extensions import db
from marketplace.orders.models import Order

MAX_BPS = 3_000  # 30 %
MAX_NOTE = 200
MAX_AHEAD = timedelta(days=366)


class CommissionRate(db.Model):
    """A commission rate set for a category (or, without one, for everything) from a time on."""

    __tablename__ = "commission_rates"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the default for every category without a rate of its own or of its parent.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    rate_bps: Mapped[int]
    effective_from: Mapped[datetime] = mapped_column(index=True)
    set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(String(MAX_NOTE), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    category: Mapped[Category | None] = relationship()
    set_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint(f"rate_bps >= 0 AND rate_bps <= {MAX_BPS}", name="rate_bps_range"),
        Index("ix_commission_rates_category_id_effective_from", "category_id", "effective_from"),
    )


class InvalidCommissionRate(DomainError):
    """A rate, date, category or note the form cannot take."""

    code = "invalid_commission_rate"
    message = _l("Tarif komisi tidak valid.")


class RateSource(StrEnum):
    """Where a category's rate comes from."""

    OWN = "own"  # a row of the category itself
    PARENT = "parent"  # a row of its parent category
    DEFAULT = "default"  # the default row
    CONFIG = "config"  # no row in force: ORDER_COMMISSION_BPS


@dataclass(frozen=True)
class RateInForce:
    """A rate and where it comes from (`row` is None for the config)."""

    rate_bps: int
    source: RateSource
    row: CommissionRate | None = None


# -- Resolving the rate in force --------------------------------------------------------------


def _newest(rows: Iterable[CommissionRate], at: datetime) -> dict[int | None, CommissionRate]:
    """The newest row that has taken effect at `at`, per category (None: the default)."""
    newest: dict[int | None, CommissionRate] = {}
    for row in rows:
        if row.effective_from > at:
            continue
        seen = newest.get(row.category_id)
        if seen is None or (row.effective_from, row.id) > (seen.effective_from, seen.id):
            newest[row.category_id] = row
    return newest


def _resolve(
    newest: dict[int | None, CommissionRate],
    *,
    category_id: int | None,
    parent_id: int | None,
    slugs: Sequence[str | None],
) -> RateInForce:
    """Own row, parent's row, default row, then the config by slug (own, parent) and default."""
    for scope, source in ((category_id, RateSource.OWN), (parent_id, RateSource.PARENT)):
        if scope is not None and scope in newest:
            return RateInForce(newest[scope].rate_bps, source, newest[scope])
    if None in newest:
        return RateInForce(newest[None].rate_bps, RateSource.DEFAULT, newest[None])
    config = current_app.config["ORDER_COMMISSION_BPS"]
    for slug in slugs:
        if slug and slug in config:
            return RateInForce(int(config[slug]), RateSource.CONFIG)
    return RateInForce(int(config.get("default", 500)), RateSource.CONFIG)


def get_rates_in_force(category_ids: Iterable[int], *, at: datetime) -> dict[int, int]:
    """The rate (bps) in force at `at` for each category; one query however many categories."""
    ids = sorted(set(category_ids))
    if not ids:
        return {}
    parent = aliased(Category)
    rate = aliased(CommissionRate)
    rows = db.session.execute(
        select(Category.id, Category.slug, parent.id, parent.slug, rate)
        .select_from(Category)
        .outerjoin(parent, parent.id == Category.parent_id)
        .outerjoin(
            rate,
            and_(
                rate.effective_from <= at,
                or_(
                    rate.category_id.is_(None),
                    rate.category_id == Category.id,
                    rate.category_id == Category.parent_id,
                ),
            ),
        )
        .where(Category.id.in_(ids))
    ).all()
    found: dict[int, tuple[int | None, list[str | None], list[CommissionRate]]] = {}
    for category_id, slug, parent_id, parent_slug, row in rows:
        entry = found.setdefault(category_id, (parent_id, [slug, parent_slug], []))
        if row is not None:
            entry[2].append(row)
    result = {}
    for category_id, (parent_id, slugs, rate_rows) in found.items():
        result[category_id] = _resolve(
            _newest(rate_rows, at), category_id=category_id, parent_id=parent_id, slugs=slugs
        ).rate_bps
    return result


def get_default_rate(*, at: datetime) -> int:
    """The default rate (bps) in force at `at`: the newest default row, else the config."""
    rows = db.session.scalars(
        select(CommissionRate).where(
            CommissionRate.category_id.is_(None), CommissionRate.effective_from <= at
        )
    )
    return _resolve(_newest(rows, at), category_id=None, parent_id=None, slugs=()).rate_bps


def get_rate_in_force(category_id: int | None, *, at: datetime) -> int:
    """The rate (bps) in force at `at` for a category (None or unknown: the default)."""
    if category_id is not None:
        rates = get_rates_in_force([category_id], at=at)
        if category_id in rates:
            return rates[category_id]
    return get_default_rate(at=at)


def stamp_commission(orders: Iterable[Order], *, at: datetime) -> None:
    """Store on each order the rate in force at `at` for its first line's category; one query
    for all the orders' categories."""
    orders = list(orders)
    firsts = {order: order.lines[0].category_id if order.lines else None for order in orders}
    rates = get_rates_in_force([c for c in firsts.values() if c is not None], at=at)
    default = None
    for order, category_id in firsts.items():
        if category_id in rates:
            order.commission_bps = rates[category_id]
        else:
            if default is None:
                default = get_default_rate(at=at)
            order.commission_bps = default


# -- Changing a rate --------------------------------------------------------------------------

_PERCENT = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2}))?$")


def parse_percent(text: str) -> int:
    """A percentage as typed ("4", "4,5", "4.25 %") in basis points.

    Raises InvalidCommissionRate (not a number, more than 2 decimals, negative, above 30 %).
    """
    cleaned = (text or "").strip().removesuffix("%").strip()
    if cleaned.startswith("-"):
        raise InvalidCommissionRate(_l("Komisi tidak boleh negatif."))
    match = _PERCENT.match(cleaned)
    if match is None:
        raise InvalidCommissionRate(
            _l("Tulis komisi dalam persen, paling banyak 2 angka desimal (mis. 4,5).")
        )
    whole, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    bps = int(whole) * 100 + int(fraction)
    if bps > MAX_BPS:
        raise InvalidCommissionRate(_l("Komisi paling tinggi %(max)s.", max="30%"))
    return bps


def effective_from_day(day: date, *, zone: str, now: datetime | None = None) -> datetime | None:
    """When a rate chosen for `day` (in the admin's time zone) takes effect: None (at once)
    for today, else that day's midnight in the zone, in UTC. Earlier days are returned as
    they are, for `set_commission_rate` to refuse."""
    now = now or utcnow()
    if day == now.astimezone(ZoneInfo(zone)).date():
        return None
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def set_commission_rate(
    category_id: int | None,
    *,
    rate_bps: int,
    effective_from: datetime | None,
    note: str,
    actor: User,
) -> CommissionRate:
    """Add a rate for a category (None: the default) from `effective_from` (None: now) on.

    Orders placed from then on take it; orders placed before keep theirs. Flushes; the
    caller commits. Raises InvalidCommissionRate (not an admin, rate outside 0-30 %, a time
    in the past or more than a year ahead, unknown category, note too long).
    """
    if not actor.is_admin:
        raise InvalidCommissionRate(_l("Hanya admin yang dapat mengubah komisi."))
    if not 0 <= rate_bps <= MAX_BPS:
        raise InvalidCommissionRate(
            _l("Komisi harus antara %(low)s dan %(high)s.", low="0%", high="30%")
        )
    now = utcnow()
    if effective_from is not None and effective_from < now - timedelta(minutes=1):
        raise InvalidCommissionRate(_l("Tanggal berlaku tidak boleh di masa lalu."))
    if effective_from is not None and effective_from > now + MAX_AHEAD:
        raise InvalidCommissionRate(_l("Tanggal berlaku paling lama 1 tahun lagi."))
    if category_id is not None and (
        not 0 < category_id < 2**31 or db.session.get(Category, category_id) is None
    ):
        raise InvalidCommissionRate(_l("Kategori tidak dikenal."))
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise InvalidCommissionRate(_l("Catatan paling banyak %(n)d karakter.", n=MAX_NOTE))
    row = CommissionRate(
        category_id=category_id,
        rate_bps=rate_bps,
        effective_from=max(effective_from or now, now),
        set_by_id=actor.id,
        note=note,
        created_at=now,
    )
    db.session.add(row)
    db.session.flush()
    return row


# -- The admin page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRate:
    """A category's rate now, where it comes from, and its next scheduled change of its own."""

    category: Category
    parent: Category | None
    now: RateInForce
    scheduled: CommissionRate | None


@dataclass(frozen=True)
class RateChange:
    """A row of the history: the rate in force for its scope just before it, and itself."""

    row: CommissionRate
    previous_bps: int
    is_scheduled: bool


@dataclass(frozen=True)
class CommissionOverview:
    """The default, every category (top-level then its subcategories) and the history."""

    default: RateInForce
    default_scheduled: CommissionRate | None
    categories: list[CategoryRate]
    history: list[RateChange]


def _next_scheduled(rows: Sequence[CommissionRate], now: datetime) -> CommissionRate | None:
    future = [r for r in rows if r.effective_from > now]
    return min(future, key=lambda r: (r.effective_from, r.id)) if future else None


def get_commission_overview(*, now: datetime | None = None) -> CommissionOverview:
    """Rates in force now per category and the full history, newest first; two queries."""
    from marketplace.catalog.queries import list_category_tree

    now = now or utcnow()
    tree = list_category_tree()
    rows = list(
        db.session.scalars(
            select(CommissionRate)
            .options(joinedload(CommissionRate.set_by))
            .order_by(CommissionRate.effective_from, CommissionRate.id)
        )
    )
    by_id = {c.id: c for top, children in tree for c in (top, *children)}
    by_scope: dict[int | None, list[CommissionRate]] = {}
    for row in rows:
        by_scope.setdefault(row.category_id, []).append(row)

    def rate_of(category_id: int | None, newest: dict[int | None, CommissionRate]) -> RateInForce:
        category = by_id.get(category_id) if category_id is not None else None
        parent = by_id.get(category.parent_id) if category and category.parent_id else None
        return _resolve(
            newest,
            category_id=category_id,
            parent_id=parent.id if parent else None,
            slugs=(category.slug if category else None, parent.slug if parent else None),
        )

    current = _newest(rows, now)
    categories = [
        CategoryRate(
            category=c,
            parent=top if c is not top else None,
            now=rate_of(c.id, current),
            scheduled=_next_scheduled(by_scope.get(c.id, ()), now),
        )
        for top, children in tree
        for c in (top, *children)
    ]
    history = []
    for index, row in enumerate(rows):
        # Rows are in the order they take effect: the one before is what this one replaced.
        before = _newest(rows[:index], row.effective_from)
        history.append(
            RateChange(
                row=row,
                previous_bps=rate_of(row.category_id, before).rate_bps,
                is_scheduled=row.effective_from > now,
            )
        )
    history.reverse()
    return CommissionOverview(
        default=rate_of(None, current),
        default_scheduled=_next_scheduled(by_scope.get(None, ()), now),
        categories=categories,
        history=history,
    )


def format_percent(bps: int) -> str:
    """Basis points as a percentage in the user's language: 450 -> "4,5%"."""
    return f"{format_decimal(Decimal(bps) / 100, format='#,##0.##')}%"
