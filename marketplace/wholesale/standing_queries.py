"""Standing order reads: the stores and variants a standing order can use, and the
standing orders of a business or of a store with their lines, next delivery and latest runs,
in a fixed number of queries per page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from marketplace.catalog.models import Product, ProductVariant
from marketplace.core.pagination import Page
from marketplace.extensions import db
from marketplace.orders.cart import Sellable, load_sellable
from marketplace.orders.models import Order
from marketplace.regions.reference import get_regency
from marketplace.stores.models import Store, StoreStatus
from marketplace.wholesale.models import (
    Business,
    BusinessLocation,
    StandingOrder,
    StandingOrderLine,
    StandingOrderRun,
    StandingStatus,
    SupplierProfile,
    WholesaleOffer,
)
from marketplace.wholesale.ordering import load_offers
from marketplace.wholesale.pricing import ppn, unit_price
from marketplace.wholesale.standing import lead_time_of, local_today, next_delivery_on

RECENT_RUNS = 4
PER_PAGE = 20


def list_supplier_stores(*, limit: int = 500) -> list[Store]:
    """Live stores open to business buyers with at least one active wholesale offer, by name."""
    return list(
        db.session.scalars(
            select(Store)
            .join(SupplierProfile, SupplierProfile.store_id == Store.id)
            .where(
                Store.status == StoreStatus.LIVE,
                SupplierProfile.is_open,
                exists().where(WholesaleOffer.store_id == Store.id, WholesaleOffer.is_active),
            )
            .order_by(Store.name, Store.id)
            .limit(limit)
        )
    )


def list_store_offers(store_id: int) -> list[tuple[Sellable, WholesaleOffer]]:
    """The store's variants on sale with an active wholesale offer (with tiers), by product
    name; three queries."""
    ids = list(
        db.session.scalars(
            select(WholesaleOffer.variant_id).where(
                WholesaleOffer.store_id == store_id, WholesaleOffer.is_active
            )
        )
    )
    offers = load_offers(ids)
    sellable = load_sellable(ids)
    rows = [(sellable[v], offers[v]) for v in ids if v in sellable and v in offers]
    return sorted(rows, key=lambda r: (r[0].product.name, r[0].variant.label, r[0].variant.id))


@dataclass(frozen=True)
class StandingLineView:
    """A line with what it is: product, variant, SKU."""

    line: StandingOrderLine
    product_name: str
    variant_label: str
    sku: str


@dataclass(frozen=True)
class StandingView:
    """A standing order as both sides see it: store, business, outlet, lines, next delivery,
    estimate per period and the latest runs with their orders."""

    standing: StandingOrder
    store: Store
    business: Business
    location: BusinessLocation
    lines: list[StandingLineView]
    next_delivery_on: date | None
    estimate_idr: int
    runs: list[tuple[StandingOrderRun, Order | None]]

    @property
    def location_city(self) -> str:
        regency = get_regency(self.location.region_code)
        if regency is None:
            return ""
        return regency.name.title() if regency.name.isupper() else regency.name

    @property
    def awaiting_approval(self) -> bool:
        return self.standing.approved_at is None and self.standing.status != StandingStatus.ENDED


def _page(where: Any, *, page: int, today: date) -> Page[StandingView]:
    """Standing orders matching `where`, newest first, in a fixed number of queries."""
    page = max(1, page)
    total = db.session.scalar(select(func.count()).select_from(StandingOrder).where(where)) or 0
    rows = db.session.execute(
        select(StandingOrder, Store, Business, BusinessLocation)
        .join(Store, Store.id == StandingOrder.store_id)
        .join(Business, Business.id == StandingOrder.business_id)
        .join(BusinessLocation, BusinessLocation.id == StandingOrder.location_id)
        .where(where)
        .options(selectinload(StandingOrder.lines))
        .order_by(StandingOrder.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    variant_ids = sorted({ln.variant_id for row in rows for ln in row[0].lines})
    described = {
        vid: (name, label, sku)
        for vid, name, label, sku in db.session.execute(
            select(ProductVariant.id, Product.name, ProductVariant.label, ProductVariant.sku)
            .join(Product, Product.id == ProductVariant.product_id)
            .where(ProductVariant.id.in_(variant_ids))
        )
    }
    offers = load_offers(variant_ids)
    pkp = set(
        db.session.scalars(
            select(SupplierProfile.store_id).where(
                SupplierProfile.store_id.in_({row[0].store_id for row in rows}),
                SupplierProfile.is_pkp,
            )
        )
    )
    runs = _recent_runs([row[0].id for row in rows])
    items = []
    for standing, store, business, location in rows:
        own = {
            ln.variant_id: offers[ln.variant_id] for ln in standing.lines if ln.variant_id in offers
        }
        goods = sum(
            (unit_price(own[ln.variant_id], ln.quantity) or 0) * ln.quantity
            for ln in standing.lines
            if ln.variant_id in own
        )
        next_on = (
            next_delivery_on(standing, today=today, lead_time_days=lead_time_of(own.values()))
            if standing.status == StandingStatus.ACTIVE
            else None
        )
        items.append(
            StandingView(
                standing=standing,
                store=store,
                business=business,
                location=location,
                lines=[
                    StandingLineView(ln, *described.get(ln.variant_id, ("?", "", "")))
                    for ln in standing.lines
                ],
                next_delivery_on=next_on,
                estimate_idr=ppn(goods, is_pkp=store.id in pkp).total_idr,
                runs=runs.get(standing.id, []),
            )
        )
    return Page(items=items, total=total, page=page, per_page=PER_PAGE)


def _recent_runs(
    standing_ids: Sequence[int],
) -> dict[int, list[tuple[StandingOrderRun, Order | None]]]:
    """The latest RECENT_RUNS runs of each standing order, with their orders; one query."""
    found: dict[int, list[tuple[StandingOrderRun, Order | None]]] = {}
    if not standing_ids:
        return found
    rank = (
        func.row_number()
        .over(
            partition_by=StandingOrderRun.standing_order_id,
            order_by=StandingOrderRun.period.desc(),
        )
        .label("rank")
    )
    latest = (
        select(StandingOrderRun.id, rank)
        .where(StandingOrderRun.standing_order_id.in_(list(standing_ids)))
        .subquery()
    )
    rows = db.session.execute(
        select(StandingOrderRun, Order)
        .join(latest, latest.c.id == StandingOrderRun.id)
        .outerjoin(Order, Order.id == StandingOrderRun.order_id)
        .where(latest.c.rank <= RECENT_RUNS)
        .order_by(StandingOrderRun.standing_order_id, StandingOrderRun.period.desc())
    )
    for run, order in rows:
        found.setdefault(run.standing_order_id, []).append((run, order))
    return found


def list_business_standing(
    business_id: int, *, page: int = 1, today: date | None = None
) -> Page[StandingView]:
    """A business's standing orders, newest first; a fixed number of queries per page."""
    return _page(StandingOrder.business_id == business_id, page=page, today=today or local_today())


def list_store_standing(
    store_id: int, *, page: int = 1, today: date | None = None
) -> Page[StandingView]:
    """The standing orders placed with a store, newest first; a fixed number of queries."""
    return _page(StandingOrder.store_id == store_id, page=page, today=today or local_today())


def get_business_standing(business_id: int, standing_id: int) -> StandingOrder | None:
    """The business's standing order, or None (another business's is not found)."""
    return db.session.scalar(
        select(StandingOrder).where(
            StandingOrder.id == standing_id, StandingOrder.business_id == business_id
        )
    )
