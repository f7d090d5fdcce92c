"""Pooled requests for a cluster: a business needs more than one IKM can make (2,000 seragam);
qualified sellers of the category claim shares at their own price, and once the total is
covered the business orders everything in one checkout (one order and invoice per seller).

Claims run under a row lock on the pooled request, so concurrent claims never take more than
the total. Platform admins coordinate: remove a share, cancel a pool, leave a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, select

from marketplace.accounts.models import User
from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.core.db import utcnow
from marketplace.core.mail import send_user_email
from marketplace.core.pagination import Page, paginate_rows
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.models import Checkout
from marketplace.stores.models import Store, StoreMember, StoreRole, StoreStatus
from marketplace.training.models import Enrollment, EnrollmentStatus, Participant
from marketplace.wholesale.access import require, require_store_member
from marketplace.wholesale.errors import InvalidRequest, NotAllowed
from marketplace.wholesale.models import (
    Business,
    BusinessLocation,
    PooledRequest,
    PoolShare,
    PoolShareStatus,
    PoolStatus,
    SupplierProfile,
)
from marketplace.wholesale.ordering import WantedLine, WholesalePurchase, place_wholesale_order

MAX_QUANTITY = 1_000_000
MAX_UNIT_PRICE = 100_000_000
PER_PAGE = 20
# Shares that count against the total.
TAKEN = (PoolShareStatus.CLAIMED, PoolShareStatus.ORDERED)


def _today(today: date | None) -> date:
    return today or utcnow().date()


def _clean(text: str | None, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def _halal_valid(today: date) -> Any:
    return Product.halal_cert_no.is_not(None) & (Product.halal_expires_on >= today)


def category_subtree(category_id: int) -> set[int]:
    """The category and all its descendants' ids; one query."""
    children: dict[int | None, list[int]] = {}
    for cid, parent in db.session.execute(select(Category.id, Category.parent_id)):
        children.setdefault(parent, []).append(cid)
    found, todo = set(), [category_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        todo.extend(children.get(current, []))
    return found


def _trained_store_ids(store_ids: list[int]) -> set[int]:
    """Stores with an owner who completed a training (a verified enrollment); one query."""
    if not store_ids:
        return set()
    return set(
        db.session.scalars(
            select(StoreMember.store_id)
            .join(Participant, Participant.user_id == StoreMember.user_id)
            .join(Enrollment, Enrollment.participant_id == Participant.id)
            .where(
                StoreMember.store_id.in_(store_ids),
                StoreMember.role == StoreRole.OWNER,
                Enrollment.status == EnrollmentStatus.COMPLETED,
            )
            .distinct()
        )
    )


def _claimed() -> Any:
    return (
        select(func.coalesce(func.sum(PoolShare.quantity), 0))
        .where(PoolShare.pooled_request_id == PooledRequest.id, PoolShare.status.in_(TAKEN))
        .scalar_subquery()
    )


def claimed_quantity(pool_id: int) -> int:
    """Units claimed (or ordered) of a pooled request, as the database has it now."""
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(PoolShare.quantity), 0)).where(
                PoolShare.pooled_request_id == pool_id, PoolShare.status.in_(TAKEN)
            )
        )
        or 0
    )


# -- Buyer -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolInput:
    """A pooled request as the buyer typed it."""

    category_id: int
    title: str
    total_quantity: int
    delivery_on: date
    claim_until: date
    location_id: int
    description: str = ""
    unit: str = "pcs"
    max_unit_price_idr: int | None = None
    requires_halal: bool = False
    requires_training: bool = False


def create_pool(
    business: Business, *, actor: User, data: PoolInput, today: date | None = None
) -> PooledRequest:
    """Post a pooled request for qualified sellers of a category to claim shares of.

    Raises NotAllowed, NotVerified, InvalidRequest. Flushes.
    """
    require(business, actor, "order", verified=True)
    today = _today(today)
    title = _clean(data.title, 160)
    if len(title) < 3:
        raise InvalidRequest(_l("Judul permintaan paling sedikit 3 huruf."))
    if not 1 <= data.total_quantity <= MAX_QUANTITY:
        raise InvalidRequest(_l("Jumlah harus angka 1 sampai 1.000.000."))
    if data.max_unit_price_idr is not None and not 1 <= data.max_unit_price_idr <= MAX_UNIT_PRICE:
        raise InvalidRequest(_l("Harga maksimum per unit harus lebih dari 0."))
    if not today <= data.claim_until <= data.delivery_on <= today + timedelta(days=366):
        raise InvalidRequest(
            _l(
                "Batas pengambilan harus hari ini atau sesudahnya, dan tanggal kirim sesudahnya "
                "(paling lama 1 tahun)."
            )
        )
    if db.session.get(Category, data.category_id) is None:
        raise InvalidRequest(_l("Pilih kategori."))
    location = db.session.get(BusinessLocation, data.location_id)
    if location is None or location.business_id != business.id or not location.is_active:
        raise InvalidRequest(_l("Pilih lokasi pengiriman usaha Anda."))
    pool = PooledRequest(
        business_id=business.id,
        requested_by_id=actor.id,
        location_id=location.id,
        category_id=data.category_id,
        title=title,
        description=(data.description or "").strip()[:4000],
        total_quantity=data.total_quantity,
        unit=_clean(data.unit, 20) or "pcs",
        max_unit_price_idr=data.max_unit_price_idr,
        delivery_on=data.delivery_on,
        claim_until=data.claim_until,
        requires_halal=data.requires_halal,
        requires_training=data.requires_training,
        status=PoolStatus.OPEN,
    )
    db.session.add(pool)
    db.session.flush()
    return pool


def page_business_pools(business_id: int, *, page: int = 1) -> Page[Any]:
    """The business's pooled requests, newest first, as (pool, claimed); two queries."""
    stmt = (
        select(PooledRequest, _claimed().label("claimed"))
        .where(PooledRequest.business_id == business_id)
        .order_by(PooledRequest.created_at.desc(), PooledRequest.id.desc())
    )
    return paginate_rows(stmt, page=page, per_page=PER_PAGE)


def get_business_pool(business_id: int, pool_id: int) -> PooledRequest | None:
    """The business's pooled request by id, or None (another business's is not found)."""
    return db.session.scalar(
        select(PooledRequest).where(
            PooledRequest.id == pool_id, PooledRequest.business_id == business_id
        )
    )


def list_pool_shares(pool_id: int) -> list[Any]:
    """Shares of a pool as (share, store, variant, product, seller is PKP); one query."""
    return list(
        db.session.execute(
            select(PoolShare, Store, ProductVariant, Product, SupplierProfile.is_pkp)
            .join(Store, Store.id == PoolShare.store_id)
            .join(ProductVariant, ProductVariant.id == PoolShare.variant_id)
            .join(Product, Product.id == ProductVariant.product_id)
            .outerjoin(SupplierProfile, SupplierProfile.store_id == PoolShare.store_id)
            .where(PoolShare.pooled_request_id == pool_id)
            .order_by(PoolShare.id)
        ).all()
    )


def _lock(pool: PooledRequest) -> PooledRequest:
    """The pool's row, locked for this transaction and re-read."""
    return db.session.execute(
        select(PooledRequest)
        .where(PooledRequest.id == pool.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def order_pool(
    pool: PooledRequest,
    *,
    actor: User,
    idempotency_key: str,
    pay_upfront: str | None = None,
    delivery_on: date | None = None,
    today: date | None = None,
) -> Checkout:
    """Order every claimed share in one checkout at each share's price (one order per seller);
    shares and pool become ORDERED. Only once the shares cover the total.

    Raises NotAllowed, NotVerified, InvalidRequest and what placing an order raises. Flushes.
    """
    business = db.session.get(Business, pool.business_id)
    assert business is not None
    require(business, actor, "order", verified=True)
    pool = _lock(pool)
    if pool.status != PoolStatus.OPEN:
        raise InvalidRequest(_l("Permintaan gabungan ini sudah dipesan atau dibatalkan."))
    shares = list(
        db.session.scalars(
            select(PoolShare)
            .where(
                PoolShare.pooled_request_id == pool.id,
                PoolShare.status == PoolShareStatus.CLAIMED,
            )
            .order_by(PoolShare.id)
        )
    )
    if sum(s.quantity for s in shares) != pool.total_quantity:
        raise InvalidRequest(_l("Jumlah yang diambil penjual belum memenuhi total."))
    checkout = place_wholesale_order(
        business,
        actor=actor,
        purchase=WholesalePurchase(
            location_id=pool.location_id,
            requested_delivery_on=delivery_on or pool.delivery_on,
            idempotency_key=idempotency_key,
            pay_upfront=pay_upfront,
            note=pool.title[:300],
            source="pool",
            today=today,
        ),
        lines=[
            WantedLine(
                variant_id=s.variant_id, quantity=s.quantity, unit_price_idr=s.unit_price_idr
            )
            for s in shares
        ],
    )
    order_of = {order.store_id: order.id for order in checkout.orders}
    for share in shares:
        share.status = PoolShareStatus.ORDERED
        share.order_id = order_of[share.store_id]
    pool.status = PoolStatus.ORDERED
    db.session.flush()
    return checkout


def cancel_pool(pool: PooledRequest, *, actor: User, reason: str) -> None:
    """Cancel an open pool: its buyer (ordering role) or a platform admin, with a reason kept
    in the coordinator note. Raises NotAllowed, InvalidRequest. Flushes."""
    if not actor.is_admin:
        business = db.session.get(Business, pool.business_id)
        assert business is not None
        require(business, actor, "order")
    reason = _clean(reason, 200)
    if len(reason) < 5:
        raise InvalidRequest(_l("Tuliskan alasan (paling sedikit 5 huruf)."))
    pool = _lock(pool)
    if pool.status != PoolStatus.OPEN:
        raise InvalidRequest(_l("Permintaan gabungan ini sudah dipesan atau dibatalkan."))
    pool.status = PoolStatus.CANCELLED
    pool.coordinator_note = _clean(f"{_l('Dibatalkan')!s}: {reason}. {pool.coordinator_note}", 300)
    db.session.flush()


# -- Sellers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StorePool:
    """An open pool as a seller sees it: claimed so far and the store's own share."""

    pool: PooledRequest
    claimed: int
    share: PoolShare | None

    @property
    def remaining(self) -> int:
        return max(self.pool.total_quantity - self.claimed, 0)


def _qualified_categories(store: Store, *, halal: bool, today: date) -> set[int]:
    """Categories where the store has an active product (with a valid halal certificate when
    `halal`); one query."""
    stmt: Select[Any] = select(Product.category_id).where(
        Product.store_id == store.id, Product.status == ProductStatus.ACTIVE
    )
    if halal:
        stmt = stmt.where(_halal_valid(today))
    return set(db.session.scalars(stmt.distinct()))


def _store_is_open_supplier(store: Store) -> bool:
    return store.status == StoreStatus.LIVE and bool(
        db.session.scalar(
            select(exists().where(SupplierProfile.store_id == store.id, SupplierProfile.is_open))
        )
    )


def qualification_problem(store: Store, pool: PooledRequest, *, today: date | None = None) -> Any:
    """Why the store may not claim a share of the pool (a message), or None when it may."""
    today = _today(today)
    if not _store_is_open_supplier(store):
        return _l("Toko Anda belum terbuka untuk pembeli grosir.")
    subtree = category_subtree(pool.category_id)
    if not _qualified_categories(store, halal=False, today=today) & subtree:
        return _l("Toko Anda tidak punya produk aktif di kategori ini.")
    if pool.requires_halal and not _qualified_categories(store, halal=True, today=today) & subtree:
        return _l("Permintaan ini mensyaratkan sertifikat halal yang masih berlaku.")
    if pool.requires_training and store.id not in _trained_store_ids([store.id]):
        return _l("Permintaan ini mensyaratkan pelatihan yang sudah terverifikasi.")
    return None


def list_store_pools(store: Store, *, today: date | None = None) -> list[StorePool]:
    """Open pools the store qualifies for, and every pool where it holds a share; a fixed
    number of queries whatever the number of pools."""
    today = _today(today)
    own = {
        s.pooled_request_id: s
        for s in db.session.scalars(select(PoolShare).where(PoolShare.store_id == store.id))
    }
    rows = db.session.execute(
        select(PooledRequest, _claimed().label("claimed"))
        .where(
            ((PooledRequest.status == PoolStatus.OPEN) & (PooledRequest.claim_until >= today))
            | PooledRequest.id.in_(list(own) or [0])
        )
        .order_by(PooledRequest.claim_until, PooledRequest.id)
    ).all()
    if not rows:
        return []
    is_open = _store_is_open_supplier(store)
    any_product = _qualified_categories(store, halal=False, today=today)
    halal_product = _qualified_categories(store, halal=True, today=today)
    trained = store.id in _trained_store_ids([store.id])
    children: dict[int | None, list[int]] = {}
    for cid, parent in db.session.execute(select(Category.id, Category.parent_id)):
        children.setdefault(parent, []).append(cid)

    def subtree(root: int) -> set[int]:
        found, todo = set(), [root]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(children.get(current, []))
        return found

    result = []
    for pool, claimed in rows:
        if pool.id not in own:
            cats = subtree(pool.category_id)
            ok = (
                is_open
                and bool((halal_product if pool.requires_halal else any_product) & cats)
                and (trained or not pool.requires_training)
            )
            if not ok:
                continue
        result.append(StorePool(pool=pool, claimed=int(claimed or 0), share=own.get(pool.id)))
    return result


def get_store_pool(store: Store, pool_id: int, *, today: date | None = None) -> StorePool | None:
    """A pool the store may see (qualified and open, or holding a share), or None."""
    for row in list_store_pools(store, today=today):
        if row.pool.id == pool_id:
            return row
    return None


def list_claim_variants(
    store: Store, pool: PooledRequest, *, today: date | None = None
) -> list[tuple[ProductVariant, Product]]:
    """The store's variants that may fill a share: active products in the pool's category (or
    below), halal-certified when required; one query after the category tree."""
    today = _today(today)
    stmt = (
        select(ProductVariant, Product)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(
            ProductVariant.store_id == store.id,
            Product.status == ProductStatus.ACTIVE,
            Product.category_id.in_(category_subtree(pool.category_id)),
        )
        .order_by(Product.name, ProductVariant.id)
    )
    if pool.requires_halal:
        stmt = stmt.where(_halal_valid(today))
    return [(v, p) for v, p in db.session.execute(stmt)]


def claim_share(
    pool: PooledRequest,
    store: Store,
    *,
    actor: User,
    variant_id: int,
    quantity: int,
    unit_price_idr: int,
    note: str = "",
    today: date | None = None,
) -> PoolShare:
    """A qualified seller commits to make `quantity` at its unit price, not more than is still
    unclaimed (checked under the pool's row lock); the buyer gets an email.

    Raises InvalidRequest (not qualified, wrong variant, over the total or the maximum price).
    Flushes.
    """
    require_store_member(store.id, actor)
    today = _today(today)
    pool = _lock(pool)
    if pool.status != PoolStatus.OPEN or pool.claim_until < today:
        raise InvalidRequest(_l("Permintaan gabungan ini sudah tidak menerima pengambilan."))
    problem = qualification_problem(store, pool, today=today)
    if problem is not None:
        raise InvalidRequest(problem)
    if variant_id not in {v.id for v, _p in list_claim_variants(store, pool, today=today)}:
        raise InvalidRequest(_l("Pilih produk toko Anda di kategori permintaan ini."))
    if not 1 <= unit_price_idr <= MAX_UNIT_PRICE:
        raise InvalidRequest(_l("Harga per unit harus lebih dari 0."))
    if pool.max_unit_price_idr is not None and unit_price_idr > pool.max_unit_price_idr:
        raise InvalidRequest(_l("Harga per unit di atas harga maksimum pembeli."))
    share = db.session.scalar(
        select(PoolShare).where(
            PoolShare.pooled_request_id == pool.id, PoolShare.store_id == store.id
        )
    )
    if share is not None and share.status != PoolShareStatus.WITHDRAWN:
        raise InvalidRequest(
            _l("Toko Anda sudah mengambil bagian: tarik dulu untuk mengubah.")
            if share.status == PoolShareStatus.CLAIMED
            else _l("Bagian toko Anda sudah dihapus koordinator.")
        )
    remaining = pool.total_quantity - claimed_quantity(pool.id)
    if quantity < 1:
        raise InvalidRequest(_l("Jumlah harus lebih dari 0."))
    if quantity > remaining:
        raise InvalidRequest(
            _l("Melebihi jumlah yang belum diambil (sisa %(n)d).", n=max(remaining, 0)),
            remaining=max(remaining, 0),
        )
    if share is None:
        share = PoolShare(pooled_request_id=pool.id, store_id=store.id)
        db.session.add(share)
    share.variant_id = variant_id
    share.quantity = quantity
    share.unit_price_idr = unit_price_idr
    share.status = PoolShareStatus.CLAIMED
    share.claimed_by_id = actor.id
    share.note = _clean(note, 300)
    db.session.flush()
    _tell_buyer_claimed(pool, share, store=store, remaining=remaining - quantity)
    return share


def _tell_buyer_claimed(
    pool: PooledRequest, share: PoolShare, *, store: Store, remaining: int
) -> None:
    buyer = db.session.get(User, pool.requested_by_id) if pool.requested_by_id else None
    if buyer is None:
        return
    send_user_email(
        buyer,
        template="wholesale/email/pool_claimed.txt",
        subject=_l("%(store)s mengambil bagian: %(title)s", store=store.name, title=pool.title),
        pool=pool,
        share=share,
        store=store,
        remaining=remaining,
        link=public_url("rfq.buyer_pool", pool_id=pool.id),
    )


def withdraw_share(share: PoolShare, *, actor: User) -> None:
    """The seller withdraws its share while the pool is open. Raises InvalidRequest."""
    require_store_member(share.store_id, actor)
    pool = _lock(share.pooled_request)
    db.session.refresh(share)
    if pool.status != PoolStatus.OPEN or share.status != PoolShareStatus.CLAIMED:
        raise InvalidRequest(_l("Bagian ini tidak bisa ditarik lagi."))
    share.status = PoolShareStatus.WITHDRAWN
    share.note = ""
    db.session.flush()


# -- Coordination (platform admins) ----------------------------------------------------------


def _require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise NotAllowed()


def page_all_pools(*, status: str | None = None, page: int = 1) -> Page[Any]:
    """Every pooled request (optionally of one status) as (pool, business, claimed); two
    queries."""
    stmt = (
        select(PooledRequest, Business, _claimed().label("claimed"))
        .join(Business, Business.id == PooledRequest.business_id)
        .order_by(PooledRequest.created_at.desc(), PooledRequest.id.desc())
    )
    if status:
        stmt = stmt.where(PooledRequest.status == status)
    return paginate_rows(stmt, page=page, per_page=PER_PAGE)


def remove_share(share: PoolShare, *, actor: User, reason: str) -> None:
    """A coordinator removes a claimed share with a reason the seller reads (by email too).
    Raises NotAllowed, InvalidRequest. Flushes."""
    _require_admin(actor)
    reason = _clean(reason, 300)
    if len(reason) < 5:
        raise InvalidRequest(_l("Tuliskan alasan (paling sedikit 5 huruf)."))
    pool = _lock(share.pooled_request)
    db.session.refresh(share)
    if pool.status != PoolStatus.OPEN or share.status != PoolShareStatus.CLAIMED:
        raise InvalidRequest(_l("Bagian ini tidak bisa dihapus lagi."))
    share.status = PoolShareStatus.REMOVED
    share.note = reason
    db.session.flush()
    from marketplace.payments.notifications import list_store_owners

    for owner in list_store_owners([share.store_id])[share.store_id]:
        send_user_email(
            owner,
            template="wholesale/email/pool_share_removed.txt",
            subject=_l("Bagian Anda dihapus: %(title)s", title=pool.title),
            pool=pool,
            share=share,
            reason=reason,
        )


def set_coordinator_note(pool: PooledRequest, *, actor: User, note: str) -> None:
    """A coordinator's note on the pool, shown to the buyer and the sellers. Raises NotAllowed."""
    _require_admin(actor)
    pool.coordinator_note = _clean(note, 300)
    db.session.flush()
