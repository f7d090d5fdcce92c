"""Wholesale reads for sellers' offer pages, the supplier directory and the wholesale catalog.

Every list runs a fixed number of SQL queries whatever its length: one page of rows, its count,
then one query per kind of detail (tiers, certificates, training badges) for the whole page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import selectinload

from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.catalog.queries import halal_valid_today
from marketplace.core.pagination import Page, paginate_rows
from marketplace.extensions import db
from marketplace.stores.models import (
    DocumentKind,
    Store,
    StoreDocument,
    StoreMember,
    StoreRole,
    StoreStatus,
)
from marketplace.training.models import Agency, Enrollment, EnrollmentStatus, Participant, Program
from marketplace.training.queries import Badge, TimelineEntry, badges_from_timeline
from marketplace.wholesale.models import SupplierProfile, WholesaleOffer

CERTIFICATE_KINDS = (DocumentKind.HALAL, DocumentKind.PIRT, DocumentKind.BPOM)
MAX_STORE_OFFERS = 200

# -- Seller side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SellerVariantRow:
    """A variant of the store with its product and wholesale offer (None: not offered)."""

    variant: ProductVariant
    product_name: str
    product_status: str
    offer: WholesaleOffer | None


def page_store_variants(
    store_id: int, *, page: int = 1, per_page: int = 50
) -> Page[SellerVariantRow]:
    """The store's variants (archived products left out) with their offers and tiers, by
    product name; three queries at any page size."""
    stmt = (
        select(ProductVariant, Product.name, Product.status, WholesaleOffer)
        .join(Product, Product.id == ProductVariant.product_id)
        .outerjoin(WholesaleOffer, WholesaleOffer.variant_id == ProductVariant.id)
        .where(ProductVariant.store_id == store_id, Product.status != ProductStatus.ARCHIVED)
        .order_by(Product.name, Product.id, ProductVariant.id)
        .options(selectinload(WholesaleOffer.tiers))
    )
    found = paginate_rows(stmt, page=page, per_page=per_page)
    return Page(
        items=[SellerVariantRow(v, name, status, offer) for v, name, status, offer in found.items],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
    )


def get_store_variant(store_id: int, variant_id: int) -> tuple[ProductVariant, Product] | None:
    """A variant and its product only if the variant belongs to the store."""
    row = db.session.execute(
        select(ProductVariant, Product)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.id == variant_id, ProductVariant.store_id == store_id)
    ).first()
    return (row[0], row[1]) if row else None


def get_variant_offer(variant_id: int) -> WholesaleOffer | None:
    """The variant's wholesale offer (active or not) with its tiers."""
    return db.session.scalar(
        select(WholesaleOffer)
        .where(WholesaleOffer.variant_id == variant_id)
        .options(selectinload(WholesaleOffer.tiers))
    )


def get_supplier_profile(store_id: int) -> SupplierProfile | None:
    """The store's supplier profile, if it has written one."""
    return db.session.scalar(select(SupplierProfile).where(SupplierProfile.store_id == store_id))


# -- Conditions on a store, as SQL (set-based: no query per store) ---------------------------


def _valid_document(kind: str, today: date) -> ColumnElement[bool]:
    return exists().where(
        StoreDocument.store_id == Store.id,
        StoreDocument.kind == kind,
        or_(StoreDocument.expires_on.is_(None), StoreDocument.expires_on >= today),
    )


def _product_number(kind: str, today: date) -> ColumnElement[bool]:
    """A public product of the store carries a number of this kind (halal: valid today)."""
    if kind == DocumentKind.HALAL:
        carries = and_(Product.halal_cert_no.is_not(None), Product.halal_expires_on >= today)
    elif kind == DocumentKind.PIRT:
        carries = and_(Product.pirt_no.is_not(None), Product.pirt_no != "")
    else:
        carries = and_(Product.bpom_no.is_not(None), Product.bpom_no != "")
    return exists().where(
        Product.store_id == Store.id, Product.status == ProductStatus.ACTIVE, carries
    )


def has_certificate(kind: str, today: date) -> ColumnElement[bool]:
    """The store holds a valid certificate of this kind: a document without expiry or not
    expired, or a number on one of its public products."""
    return or_(_valid_document(kind, today), _product_number(kind, today))


def is_trained() -> ColumnElement[bool]:
    """An owner of the store has a completed training on record (a claimed participant), the
    same rule as `training.queries.list_store_badges`."""
    return exists().where(
        StoreMember.store_id == Store.id,
        StoreMember.role == StoreRole.OWNER,
        Participant.user_id == StoreMember.user_id,
        Enrollment.participant_id == Participant.id,
        Enrollment.status == EnrollmentStatus.COMPLETED,
    )


def sells_in_category(category_id: int) -> ColumnElement[bool]:
    """The store has a public product in the category or one of its children."""
    in_tree = select(Category.id).where(
        or_(Category.id == category_id, Category.parent_id == category_id)
    )
    return exists().where(
        Product.store_id == Store.id,
        Product.status == ProductStatus.ACTIVE,
        Product.category_id.in_(in_tree),
    )


def delivers_to(province_code: str) -> ColumnElement[bool]:
    """The profile's delivery area holds the province, or is empty (anywhere by courier)."""
    codes = SupplierProfile.delivery_province_codes
    if db.session.get_bind().dialect.name == "postgresql":
        as_jsonb = codes.cast(JSONB)
        return or_(func.jsonb_array_length(as_jsonb) == 0, as_jsonb.contains([province_code]))
    each = func.json_each(codes).table_valued("value")
    return or_(
        func.json_array_length(codes) == 0,
        exists(select(1).select_from(each).where(each.c.value == province_code)),
    )


# -- Supplier directory ----------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    """Filters of the supplier directory."""

    category_id: int | None = None
    halal: bool = False
    pirt: bool = False
    bpom: bool = False
    trained: bool = False
    samples: bool = False
    province_code: str | None = None


@dataclass(frozen=True)
class Certification:
    """A certificate or permit a supplier holds, valid until `expires_on` (None: no expiry)."""

    kind: str
    number: str
    expires_on: date | None


@dataclass
class SupplierCard:
    """A supplier as business buyers see it."""

    store: Store
    profile: SupplierProfile
    offer_count: int
    certifications: list[Certification] = field(default_factory=list)
    badges: list[tuple[Badge, str | None]] = field(default_factory=list)


def _open_suppliers() -> Any:
    active_offers = (
        select(func.count(WholesaleOffer.id))
        .join(ProductVariant, ProductVariant.id == WholesaleOffer.variant_id)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(
            WholesaleOffer.store_id == Store.id,
            WholesaleOffer.is_active.is_(True),
            Product.status == ProductStatus.ACTIVE,
        )
        .correlate(Store)
        .scalar_subquery()
    )
    return (
        select(Store, SupplierProfile, active_offers)
        .join(SupplierProfile, SupplierProfile.store_id == Store.id)
        .where(SupplierProfile.is_open.is_(True), Store.status == StoreStatus.LIVE)
    )


def page_suppliers(
    filters: DirectoryFilters, *, today: date, page: int = 1, per_page: int = 20
) -> Page[SupplierCard]:
    """Live stores open to business buyers matching the filters, by name, with their valid
    certificates and training badges; five queries at any page size."""
    stmt = _open_suppliers()
    if filters.category_id:
        stmt = stmt.where(sells_in_category(filters.category_id))
    for wanted, kind in (
        (filters.halal, DocumentKind.HALAL),
        (filters.pirt, DocumentKind.PIRT),
        (filters.bpom, DocumentKind.BPOM),
    ):
        if wanted:
            stmt = stmt.where(has_certificate(kind, today))
    if filters.trained:
        stmt = stmt.where(is_trained())
    if filters.samples:
        stmt = stmt.where(SupplierProfile.offers_samples.is_(True))
    if filters.province_code:
        stmt = stmt.where(delivers_to(filters.province_code))
    found = paginate_rows(stmt.order_by(Store.name, Store.id), page=page, per_page=per_page)
    cards = [SupplierCard(store, profile, int(n or 0)) for store, profile, n in found.items]
    _fill_details(cards, today=today)
    return Page(items=cards, total=found.total, page=found.page, per_page=found.per_page)


def get_open_supplier(slug: str, *, today: date) -> SupplierCard | None:
    """A live store open to business buyers, by slug, with its certificates and badges."""
    row = db.session.execute(_open_suppliers().where(Store.slug == slug)).first()
    if row is None:
        return None
    card = SupplierCard(row[0], row[1], int(row[2] or 0))
    _fill_details([card], today=today)
    return card


def _fill_details(cards: Sequence[SupplierCard], *, today: date) -> None:
    """Certificates and badges of the cards' stores: three queries for any number of cards."""
    if not cards:
        return
    by_store = {card.store.id: card for card in cards}
    for store_id, certification in list_certifications(list(by_store), today=today):
        by_store[store_id].certifications.append(certification)
    for store_id, badges in list_badges_of_stores(list(by_store)).items():
        by_store[store_id].badges = badges


def list_certifications(
    store_ids: Sequence[int], *, today: date
) -> list[tuple[int, Certification]]:
    """(store id, certificate) of the valid halal, P-IRT and BPOM numbers of the stores, from
    their documents and their public products, without repeats; two queries."""
    seen: set[tuple[int, str, str]] = set()
    found: list[tuple[int, Certification]] = []

    def add(store_id: int, kind: str, number: str | None, expires_on: date | None) -> None:
        if number and (store_id, kind, number) not in seen:
            seen.add((store_id, kind, number))
            found.append((store_id, Certification(kind, number, expires_on)))

    documents = db.session.execute(
        select(
            StoreDocument.store_id,
            StoreDocument.kind,
            StoreDocument.number,
            StoreDocument.expires_on,
        )
        .where(
            StoreDocument.store_id.in_(store_ids),
            StoreDocument.kind.in_(CERTIFICATE_KINDS),
            or_(StoreDocument.expires_on.is_(None), StoreDocument.expires_on >= today),
        )
        .order_by(StoreDocument.store_id, StoreDocument.kind, StoreDocument.expires_on.desc())
    )
    for store_id, kind, number, expires_on in documents:
        add(store_id, kind, number, expires_on)
    products = db.session.execute(
        select(
            Product.store_id,
            Product.halal_cert_no,
            Product.halal_expires_on,
            Product.pirt_no,
            Product.bpom_no,
        )
        .distinct()
        .where(
            Product.store_id.in_(store_ids),
            Product.status == ProductStatus.ACTIVE,
            or_(
                Product.halal_cert_no.is_not(None),
                Product.pirt_no.is_not(None),
                Product.bpom_no.is_not(None),
            ),
        )
        .order_by(Product.store_id)
    )
    for store_id, halal_no, halal_until, pirt_no, bpom_no in products:
        if halal_until is not None and halal_until >= today:
            add(store_id, DocumentKind.HALAL, halal_no, halal_until)
        add(store_id, DocumentKind.PIRT, pirt_no, None)
        add(store_id, DocumentKind.BPOM, bpom_no, None)
    order = {kind: i for i, kind in enumerate(CERTIFICATE_KINDS)}
    found.sort(key=lambda item: (item[0], order[item[1].kind]))
    return found


def list_badges_of_stores(store_ids: Sequence[int]) -> dict[int, list[tuple[Badge, str | None]]]:
    """Training badges of each store's owners (as `list_store_badges` for one), newest first;
    one query for all the stores."""
    rows = db.session.execute(
        select(StoreMember.store_id, Enrollment, Program, Agency)
        .join(Participant, Participant.user_id == StoreMember.user_id)
        .join(Enrollment, Enrollment.participant_id == Participant.id)
        .join(Program, Program.id == Enrollment.program_id)
        .join(Agency, Agency.id == Enrollment.agency_id)
        .where(
            StoreMember.store_id.in_(store_ids),
            StoreMember.role == StoreRole.OWNER,
            Enrollment.status == EnrollmentStatus.COMPLETED,
        )
        .order_by(StoreMember.store_id, Program.end_date.desc())
    )
    timelines: dict[int, list[TimelineEntry]] = defaultdict(list)
    for store_id, enrollment, program, agency in rows:
        timelines[store_id].append(TimelineEntry(enrollment, program, agency))
    return {
        store_id: [(b, b.certificate_no) for b in badges_from_timeline(timeline)]
        for store_id, timeline in timelines.items()
    }


# -- Wholesale catalog -----------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogFilters:
    """Search of the wholesale catalog."""

    text: str = ""
    category_id: int | None = None


@dataclass(frozen=True)
class OfferRow:
    """An active wholesale offer with what a buyer needs to see of it."""

    offer: WholesaleOffer
    variant: ProductVariant
    product: Product
    store: Store


def _public_offers() -> Any:
    """Active offers on public products of live stores open to business buyers."""
    return (
        select(WholesaleOffer, ProductVariant, Product, Store)
        .join(ProductVariant, ProductVariant.id == WholesaleOffer.variant_id)
        .join(Product, Product.id == ProductVariant.product_id)
        .join(Category, Category.id == Product.category_id)
        .join(Store, Store.id == Product.store_id)
        .join(SupplierProfile, SupplierProfile.store_id == Store.id)
        .where(
            WholesaleOffer.is_active.is_(True),
            Product.status == ProductStatus.ACTIVE,
            Store.status == StoreStatus.LIVE,
            SupplierProfile.is_open.is_(True),
            halal_valid_today(),
        )
        .options(selectinload(WholesaleOffer.tiers))
    )


def page_catalog(filters: CatalogFilters, *, page: int = 1, per_page: int = 20) -> Page[OfferRow]:
    """One page of the wholesale catalog, by product name; three queries at any page size."""
    stmt = _public_offers()
    text = filters.text.strip()
    if text:
        stmt = stmt.where(
            or_(
                Product.name.ilike(f"%{_escape_like(text)}%", escape="\\"),
                ProductVariant.sku.ilike(f"%{_escape_like(text)}%", escape="\\"),
            )
        )
    if filters.category_id:
        stmt = stmt.where(
            or_(Category.id == filters.category_id, Category.parent_id == filters.category_id)
        )
    stmt = stmt.order_by(Product.name, ProductVariant.id)
    found = paginate_rows(stmt, page=page, per_page=per_page)
    return Page(
        items=[OfferRow(*row) for row in found.items],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_store_offers(store_id: int) -> list[OfferRow]:
    """The supplier's public wholesale offers, by product name (at most 200); two queries."""
    stmt = (
        _public_offers()
        .where(Store.id == store_id)
        .order_by(Product.name, ProductVariant.id)
        .limit(MAX_STORE_OFFERS)
    )
    return [OfferRow(*row) for row in db.session.execute(stmt)]


def list_product_offers(product_id: int) -> dict[int, WholesaleOffer]:
    """Active offers on the product's variants, by variant id, when its store is open to
    business buyers; two queries."""
    offers = db.session.scalars(
        select(WholesaleOffer)
        .join(ProductVariant, ProductVariant.id == WholesaleOffer.variant_id)
        .join(SupplierProfile, SupplierProfile.store_id == WholesaleOffer.store_id)
        .where(
            ProductVariant.product_id == product_id,
            WholesaleOffer.is_active.is_(True),
            SupplierProfile.is_open.is_(True),
        )
        .options(selectinload(WholesaleOffer.tiers))
    )
    return {offer.variant_id: offer for offer in offers}


def list_top_categories() -> list[Category]:
    """Top-level categories in display order, for filters."""
    return list(
        db.session.scalars(
            select(Category)
            .where(Category.parent_id.is_(None))
            .order_by(Category.position, Category.id)
        )
    )
