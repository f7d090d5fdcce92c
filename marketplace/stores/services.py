"""Store writes: open, edit, the go-live rule, admin approval. Services flush; callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import exists, select

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.regions.reference import get_district, get_province, get_regency, get_village
from marketplace.stores.errors import InvalidStore, SlugTaken, StoreNotReady
from marketplace.stores.models import (
    STORE_TRANSITIONS,
    Store,
    StoreEvent,
    StoreMember,
    StoreRole,
    StoreStatus,
)
from marketplace.training.models import Enrollment, EnrollmentStatus, Participant

RESERVED_SLUGS = {"baru", "admin", "api", "media", "static", "toko", "penjual", "dinas"}


@dataclass(frozen=True)
class StoreData:
    """The editable fields of a store, as plain values."""

    name: str
    slug: str
    description: str
    address_line: str
    province_code: str
    region_code: str
    district_code: str
    village_code: str
    postal_code: str | None
    whatsapp: str
    nib: str | None
    opening_hours: str
    is_preorder_only: bool


def suggest_slug(name: str) -> str:
    """A URL name from a store name: 'Keripik Tempe Bu Sri' -> 'keripik-tempe-bu-sri'."""
    return slugify(name, max_length=60, word_boundary=True) or "toko"


def _check(data: StoreData, *, store_id: int | None) -> None:
    slug = data.slug
    if slug != suggest_slug(slug) or slug in RESERVED_SLUGS or len(slug) < 3:
        raise InvalidStore(
            _l("Alamat toko hanya huruf kecil, angka dan tanda hubung, minimal 3 karakter.")
        )
    taken = db.session.scalar(
        select(Store.id).where(Store.slug == slug, Store.id != (store_id or 0))
    )
    if taken is not None:
        raise SlugTaken()
    province = get_province(data.province_code)
    regency = get_regency(data.region_code)
    district = get_district(data.district_code)
    village = get_village(data.village_code)
    if (
        province is None
        or regency is None
        or regency.province_code != province.code
        or district is None
        or district.regency_code != regency.code
        or village is None
        or village.district_code != district.code
    ):
        raise InvalidStore(_l("Pilih provinsi, kabupaten/kota, kecamatan dan kelurahan/desa."))
    if data.nib is not None and (len(data.nib) != 13 or not data.nib.isdigit()):
        raise InvalidStore(_l("NIB terdiri dari 13 digit angka."))


def _apply(store: Store, data: StoreData) -> None:
    for name, value in data.__dict__.items():
        setattr(store, name, value)
    regency = get_regency(data.region_code)
    store.city_name = regency.name if regency else ""


def create_store(owner: User, *, data: StoreData) -> Store:
    """Open a store (a draft until the go-live rule is met). Raises InvalidStore, SlugTaken."""
    _check(data, store_id=None)
    store = Store(status=StoreStatus.DRAFT)
    _apply(store, data)
    db.session.add(store)
    db.session.flush()
    db.session.add(StoreMember(store_id=store.id, user_id=owner.id, role=StoreRole.OWNER))
    db.session.flush()
    return store


def set_shipping(store: Store, offer: Any) -> None:
    """Save what shipping a store offers (a validated `shipping.rates.StoreShipping`)."""
    store.shipping_services = list(offer.services)
    store.offers_pickup = offer.offers_pickup
    store.local_delivery_fee_idr = offer.local_delivery_fee_idr
    db.session.flush()


def update_store(store: Store, *, data: StoreData) -> Store:
    """Edit a store's profile. Raises InvalidStore, SlugTaken."""
    _check(data, store_id=store.id)
    _apply(store, data)
    db.session.flush()
    return store


def set_holiday(store: Store, *, on: bool, note: str = "") -> None:
    """Holiday mode: the store stays visible and says it is closed."""
    store.is_on_holiday = on
    store.holiday_note = note[:200] if on else ""
    db.session.flush()


def owner_has_completed_training(store: Store) -> bool:
    """Whether an owner of the store has a linked, completed training record."""
    return bool(
        db.session.scalar(
            select(
                exists()
                .where(StoreMember.store_id == store.id, StoreMember.role == StoreRole.OWNER)
                .where(Participant.user_id == StoreMember.user_id)
                .where(Enrollment.participant_id == Participant.id)
                .where(Enrollment.status == EnrollmentStatus.COMPLETED)
            )
        )
    )


def go_live_blockers(store: Store) -> list[str]:
    """What stops the store from going live: 'suspended', 'profile', 'training'."""
    if store.status == StoreStatus.SUSPENDED:
        return ["suspended"]
    blockers = []
    if not (store.whatsapp and store.village_code and store.address_line):
        blockers.append("profile")
    if store.approved_at is None and not owner_has_completed_training(store):
        blockers.append("training")
    return blockers


def _change_status(store: Store, status: str, *, actor: User | None, reason: str) -> None:
    """Move along STORE_TRANSITIONS and keep the event (who, when, from, to, why)."""
    if status == store.status:
        return
    if status not in STORE_TRANSITIONS[store.status]:
        raise InvalidStore(_l("Status toko tidak bisa diubah seperti itu."))
    db.session.add(
        StoreEvent(
            store_id=store.id,
            actor_user_id=actor.id if actor else None,
            from_status=store.status,
            to_status=status,
            reason=reason,
        )
    )
    store.status = status
    db.session.flush()


def publish_store(store: Store, *, actor: User | None = None, reason: str = "owner") -> None:
    """Make the store public. Raises StoreNotReady with what is missing."""
    blockers = go_live_blockers(store)
    if blockers:
        raise StoreNotReady(blockers)
    _change_status(store, StoreStatus.LIVE, actor=actor, reason=reason)
    store.live_since = store.live_since or utcnow()
    db.session.flush()


def unpublish_store(store: Store, *, actor: User | None = None) -> None:
    """Take a live store back to draft (the seller's choice)."""
    if store.status == StoreStatus.LIVE:
        _change_status(store, StoreStatus.DRAFT, actor=actor, reason="owner")


def request_review(store: Store) -> None:
    """Ask a platform admin to vouch for an untrained IKM (e.g. recommended by an agency)."""
    store.review_requested_at = store.review_requested_at or utcnow()
    db.session.flush()


def approve_store(store: Store, *, admin: User) -> None:
    """An admin vouches for the store; it goes live at once if its profile is complete."""
    store.approved_at = utcnow()
    store.approved_by_id = admin.id
    store.review_requested_at = None
    if not go_live_blockers(store):
        publish_store(store, actor=admin, reason="approved")
    db.session.flush()


# A logo is shown small; a banner across the page: each needs its renditions to exist.
STORE_IMAGE_MIN_WIDTH = {"logo": 320, "banner": 1280}


def set_store_image(store: Store, *, kind: str, data: bytes) -> None:
    """Set the store's logo or banner from an upload (validated, cleaned, WebP renditions).

    Raises InvalidImage, InvalidStore (too small).
    """
    from flask import current_app

    from marketplace.core.images import process_image
    from marketplace.core.storage import get_storage

    if kind not in STORE_IMAGE_MIN_WIDTH:
        raise InvalidStore()
    processed = process_image(data, prefix="stores")
    if processed.width < STORE_IMAGE_MIN_WIDTH[kind]:
        raise InvalidStore(
            _l("Gambar minimal %(n)d piksel lebarnya.", n=STORE_IMAGE_MIN_WIDTH[kind])
        )
    storage = get_storage(current_app.config, visibility="public")
    for rendition in processed.renditions:
        if not storage.exists(rendition.key):
            storage.save(rendition.key, rendition.data, content_type="image/webp")
    setattr(store, f"{kind}_digest", processed.digest)
    db.session.flush()


def add_staff(store: Store, *, email: str) -> StoreMember:
    """Let another registered user help run the store. Raises InvalidStore."""
    from marketplace.accounts.queries import get_user_by_email
    from marketplace.accounts.services import normalize_email

    user = get_user_by_email(normalize_email(email))
    if user is None:
        raise InvalidStore(_l("Belum ada akun dengan email itu. Minta dia mendaftar dulu."))
    already = db.session.scalar(
        select(StoreMember.id).where(
            StoreMember.store_id == store.id, StoreMember.user_id == user.id
        )
    )
    if already is not None:
        raise InvalidStore(_l("Orang ini sudah ikut mengelola toko."))
    member = StoreMember(store_id=store.id, user_id=user.id, role=StoreRole.STAFF)
    db.session.add(member)
    db.session.flush()
    return member


def remove_staff(store: Store, *, member_id: int) -> None:
    """Remove a staff member (owners stay). Raises InvalidStore."""
    member = db.session.scalar(
        select(StoreMember).where(StoreMember.id == member_id, StoreMember.store_id == store.id)
    )
    if member is None or member.role != StoreRole.STAFF:
        raise InvalidStore(_l("Hanya staf yang dapat dikeluarkan."))
    db.session.delete(member)
    db.session.flush()
