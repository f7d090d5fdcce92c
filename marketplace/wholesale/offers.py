"""Sellers' side of wholesale: a variant's offer (tiers, minimum, pack, lead time, capacity)
and the store's supplier profile (open to businesses, samples, delivery area, NPWP and PKP)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.catalog.models import ProductVariant
from marketplace.extensions import db
from marketplace.regions.reference import get_province
from marketplace.stores.models import Store
from marketplace.wholesale.errors import InvalidOffer
from marketplace.wholesale.models import SupplierProfile, WholesaleOffer, WholesaleTier
from marketplace.wholesale.pricing import MAX_QUANTITY, TierInput, check_tiers

MAX_PACK_SIZE = 10_000
MAX_LEAD_TIME_DAYS = 180
NOTE_LENGTH = 200


@dataclass(frozen=True)
class OfferData:
    """A wholesale offer as the seller enters it."""

    is_active: bool
    tiers: Sequence[TierInput]
    min_order_qty: int
    pack_size: int = 1
    lead_time_days: int = 0
    weekly_capacity: int | None = None


def _check_offer(data: OfferData) -> list[TierInput]:
    if not 1 <= data.min_order_qty <= MAX_QUANTITY:
        raise InvalidOffer(_l("Minimum pesanan harus 1 sampai 1.000.000."))
    if not 1 <= data.pack_size <= MAX_PACK_SIZE:
        raise InvalidOffer(_l("Isi per kemasan harus 1 sampai 10.000."))
    if data.min_order_qty % data.pack_size:
        raise InvalidOffer(
            _l(
                "Minimum pesanan harus kelipatan isi per kemasan (%(n)d).",
                n=data.pack_size,
            )
        )
    if not 0 <= data.lead_time_days <= MAX_LEAD_TIME_DAYS:
        raise InvalidOffer(_l("Waktu produksi harus 0 sampai 180 hari."))
    if data.weekly_capacity is not None:
        if not 1 <= data.weekly_capacity <= MAX_QUANTITY:
            raise InvalidOffer(_l("Kapasitas mingguan harus 1 sampai 1.000.000."))
        if data.weekly_capacity < data.min_order_qty:
            raise InvalidOffer(_l("Kapasitas mingguan tidak boleh di bawah minimum pesanan."))
    return check_tiers(data.tiers, min_order_qty=data.min_order_qty)


def save_offer(variant: ProductVariant, *, data: OfferData) -> WholesaleOffer:
    """Create or replace the variant's wholesale offer. Raises InvalidOffer (nothing changed).
    Flushes; the caller commits."""
    tiers = _check_offer(data)
    offer = db.session.scalar(select(WholesaleOffer).where(WholesaleOffer.variant_id == variant.id))
    if offer is None:
        offer = WholesaleOffer(variant_id=variant.id, store_id=variant.store_id)
        db.session.add(offer)
    offer.is_active = data.is_active
    offer.min_order_qty = data.min_order_qty
    offer.pack_size = data.pack_size
    offer.lead_time_days = data.lead_time_days
    offer.weekly_capacity = data.weekly_capacity
    if [(t.min_qty, t.unit_price_idr) for t in offer.tiers] != [
        (t.min_qty, t.unit_price_idr) for t in tiers
    ]:
        # Old rows go first: a new tier may start at a quantity an old one used (unique).
        offer.tiers.clear()
        db.session.flush()
        offer.tiers.extend(
            WholesaleTier(min_qty=t.min_qty, unit_price_idr=t.unit_price_idr) for t in tiers
        )
    db.session.flush()
    return offer


def set_offer_active(offer: WholesaleOffer, *, is_active: bool) -> WholesaleOffer:
    """Switch a wholesale offer on or off. Raises InvalidOffer when it has no tiers. Flushes."""
    if is_active and not offer.tiers:
        raise InvalidOffer(_l("Isi tingkat harga grosir lebih dulu."))
    offer.is_active = is_active
    db.session.flush()
    return offer


@dataclass(frozen=True)
class SupplierProfileData:
    """A supplier profile as the store owner enters it; `npwp` as typed (dots allowed)."""

    is_open: bool
    capacity_note: str = ""
    offers_samples: bool = False
    sample_note: str = ""
    delivery_province_codes: Sequence[str] = field(default_factory=tuple)
    npwp: str = ""
    is_pkp: bool = False


def normalise_npwp(value: str) -> str | None:
    """An NPWP as its 16 digits (None when empty). Raises InvalidOffer when malformed."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not digits:
        return None
    if not re.fullmatch(r"\d{16}", digits):
        raise InvalidOffer(_l("NPWP harus 16 digit angka."))
    return digits


def save_supplier_profile(store: Store, *, data: SupplierProfileData) -> SupplierProfile:
    """Create or update the store's supplier profile. Raises InvalidOffer (nothing changed).
    Flushes; the caller commits."""
    npwp = normalise_npwp(data.npwp)
    if data.is_pkp and npwp is None:
        raise InvalidOffer(_l("Pengusaha Kena Pajak (PKP) wajib mengisi NPWP."))
    provinces = sorted(set(data.delivery_province_codes))
    if any(get_province(code) is None for code in provinces):
        raise InvalidOffer(_l("Pilih provinsi dari daftar."))
    capacity_note = data.capacity_note.strip()
    sample_note = data.sample_note.strip()
    if len(capacity_note) > NOTE_LENGTH or len(sample_note) > NOTE_LENGTH:
        raise InvalidOffer(_l("Catatan paling panjang 200 karakter."))
    profile = db.session.scalar(select(SupplierProfile).where(SupplierProfile.store_id == store.id))
    if profile is None:
        profile = SupplierProfile(store_id=store.id)
        db.session.add(profile)
    profile.is_open = data.is_open
    profile.capacity_note = capacity_note
    profile.offers_samples = data.offers_samples
    profile.sample_note = sample_note if data.offers_samples else ""
    profile.delivery_province_codes = provinces
    profile.npwp = npwp
    profile.is_pkp = data.is_pkp
    db.session.flush()
    return profile
