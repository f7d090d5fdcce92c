"""Build index documents from the database: the one place that decides what is searchable."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant, SaleType
from marketplace.catalog.queries import halal_valid_today
from marketplace.regions.reference import get_province
from marketplace.search.backend import ProductDocument
from marketplace.stores.models import Store, StoreMember, StoreRole, StoreStatus
from marketplace.training.models import Enrollment, EnrollmentStatus, Participant, Program

BATCH_SIZE = 1000


def _visible_ids() -> Select[tuple[int]]:
    """Ids of searchable products: active, in a live store, food with a valid halal status."""
    return (
        select(Product.id)
        .join(Store, Store.id == Product.store_id)
        .join(Category, Category.id == Product.category_id)
        .where(Product.status == ProductStatus.ACTIVE, Store.status == StoreStatus.LIVE)
        .where(halal_valid_today())
    )


def load_documents(session: Session, product_ids: Iterable[int]) -> list[ProductDocument]:
    """Documents of those products that are searchable (the rest are left out); 3 queries.

    Takes its own session: indexing runs after the commit, outside the request's transaction.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return []
    parent = aliased(Category)
    prices = (
        select(
            ProductVariant.product_id,
            func.min(ProductVariant.price_idr).label("price"),
            func.sum(ProductVariant.stock).label("stock"),
            func.max(ProductVariant.updated_at).label("changed"),
        )
        .where(ProductVariant.product_id.in_(ids))
        .group_by(ProductVariant.product_id)
        .subquery()
    )
    rows = session.execute(
        select(Product, Store, Category, parent, prices.c.price, prices.c.stock, prices.c.changed)
        .join(Store, Store.id == Product.store_id)
        .join(Category, Category.id == Product.category_id)
        .outerjoin(parent, parent.id == Category.parent_id)
        .join(prices, prices.c.product_id == Product.id)
        .where(Product.id.in_(_visible_ids().where(Product.id.in_(ids))))
        .order_by(Product.id)
    ).all()
    training = _store_training(session, {store.id for _, store, *_ in rows})
    today = date.today()
    documents = []
    for product, store, category, top, price, stock, variants_changed in rows:
        skills, agencies = training.get(store.id, ((), ()))
        top = top or category
        halal_expiry = product.halal_expires_on if product.halal_cert_no else None
        documents.append(
            ProductDocument(
                product_id=product.id,
                name=product.name,
                description=product.description,
                category_id=category.id,
                top_category_id=top.id,
                category_text=" ".join(
                    dict.fromkeys([top.name, category.name, top.name_en, category.name_en])
                ),
                store_id=store.id,
                store_name=store.name,
                region_code=store.region_code,
                city_name=store.city_name,
                province_code=store.province_code or store.region_code[:2],
                place_text=_place_text(store),
                skills=skills,
                agency_ids=agencies,
                is_halal=bool(product.halal_cert_no)
                and (halal_expiry is None or halal_expiry >= today),
                visible_until=(
                    halal_expiry if category.is_food and not product.is_non_halal else None
                ),
                price_idr=int(price),
                in_stock=int(stock or 0) > 0,
                sale_type=product.sale_type or SaleType.READY,
                rating=round(product.rating_sum / product.rating_count, 2)
                if product.rating_count
                else 0.0,
                rating_count=product.rating_count,
                created_at=product.created_at,
                updated_at=max(
                    t
                    for t in (
                        product.updated_at,
                        store.updated_at,
                        category.updated_at,
                        top.updated_at,
                        variants_changed,
                    )
                    if t is not None
                ),
            )
        )
    return documents


def _place_text(store: Store) -> str:
    """The store's kabupaten/kota and province names, for queries such as "batik pekalongan"."""
    province = get_province(store.province_code or store.region_code[:2])
    return f"{store.city_name} {province.name if province else ''}".strip()


def _store_training(
    session: Session, store_ids: set[int]
) -> dict[int, tuple[tuple[str, ...], tuple[int, ...]]]:
    """store id -> (skill fields, agency ids) of its owners' completed trainings; one query."""
    if not store_ids:
        return {}
    rows = session.execute(
        select(StoreMember.store_id, Program.skill_field, Enrollment.agency_id)
        .join(Participant, Participant.user_id == StoreMember.user_id)
        .join(Enrollment, Enrollment.participant_id == Participant.id)
        .join(Program, Program.id == Enrollment.program_id)
        .where(
            StoreMember.store_id.in_(store_ids),
            StoreMember.role == StoreRole.OWNER,
            Enrollment.status == EnrollmentStatus.COMPLETED,
        )
        .distinct()
    )
    skills: dict[int, set[str]] = defaultdict(set)
    agencies: dict[int, set[int]] = defaultdict(set)
    for store_id, skill, agency_id in rows:
        skills[store_id].add(skill)
        agencies[store_id].add(agency_id)
    return {
        store_id: (tuple(sorted(skills[store_id])), tuple(sorted(agencies[store_id])))
        for store_id in skills
    }


def iter_document_batches(
    session: Session, batch_size: int = BATCH_SIZE
) -> Iterator[list[ProductDocument]]:
    """Every searchable product, in batches by id (for a full rebuild)."""
    last = 0
    while True:
        ids = list(
            session.scalars(
                _visible_ids().where(Product.id > last).order_by(Product.id).limit(batch_size)
            )
        )
        if not ids:
            return
        yield load_documents(session, ids)
        last = ids[-1]


def list_visible_versions(session: Session) -> dict[int, str]:
    """product id -> document fingerprint of every searchable product (for `search check`)."""
    versions = {}
    for batch in iter_document_batches(session):
        versions.update({d.product_id: d.fingerprint() for d in batch})
    return versions
