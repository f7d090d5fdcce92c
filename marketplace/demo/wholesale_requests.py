"""Demo requests: an open request for quotation with one quote in, a weekly standing order,
and a pooled request for uniforms that one konveksi has claimed part of."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import Category, ProductVariant
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.stores.models import Store
from marketplace.wholesale.models import (
    Business,
    PooledRequest,
    PoolShare,
    Quote,
    Rfq,
    RfqEvent,
    RfqInvite,
    RfqInviteStatus,
    StandingOrder,
    StandingOrderLine,
)


def _store(slug: str) -> Store:
    store = db.session.scalar(select(Store).where(Store.slug == slug))
    assert store is not None, slug
    return store


def _variant(sku: str) -> ProductVariant:
    variant = db.session.scalar(select(ProductVariant).where(ProductVariant.sku == sku))
    assert variant is not None, sku
    return variant


def seed_requests(
    hotel: Business,
    market: Business,
    *,
    hotel_buyer: User,
    hotel_approver: User,
    market_buyer: User,
) -> None:
    """One open RFQ (two sellers asked, one quoted), one standing order, one pooled request."""
    today = utcnow().date()
    roastery, keripik = _store("roastery-kopi-deli"), _store("keripik-tempe-bu-sri")
    coffee = _variant("RKD-SDK-500")
    rfq = Rfq(
        business_id=hotel.id,
        requested_by_id=hotel_buyer.id,
        location_id=hotel.locations[0].id,
        title="Kopi arabika Sidikalang untuk restoran, 40 kg per bulan",
        description=(
            "Sangrai medium, giling untuk mesin espresso, kemasan 500 g dengan katup. Mohon "
            "cantumkan sertifikat halal dan jadwal kirim dua mingguan."
        ),
        product_id=coffee.product_id,
        quantity=80,
        unit="bungkus 500 g",
        delivery_on=today + timedelta(days=14),
        respond_by=today + timedelta(days=5),
    )
    db.session.add(rfq)
    db.session.flush()
    rfq.invites = [
        RfqInvite(store_id=roastery.id, status=RfqInviteStatus.QUOTED),
        RfqInvite(
            store_id=keripik.id,
            status=RfqInviteStatus.DECLINED,
            decline_reason="Kami tidak memproduksi kopi.",
        ),
    ]
    rfq.quotes = [
        Quote(
            store_id=roastery.id,
            variant_id=coffee.id,
            quantity=80,
            unit_price_idr=96_000,
            lead_time_days=5,
            valid_until=today + timedelta(days=10),
            note="Harga termasuk giling espresso; kirim 2 x 40 bungkus.",
            created_by_id=None,
        )
    ]
    for kind, store_id, note in (
        ("created", None, ""),
        ("invited", roastery.id, ""),
        ("invited", keripik.id, ""),
        ("declined", keripik.id, "Kami tidak memproduksi kopi."),
        ("quoted", roastery.id, "Rp96.000 x 80"),
    ):
        db.session.add(RfqEvent(rfq_id=rfq.id, store_id=store_id, kind=kind, note=note))

    bolu = _variant("DKR-BLG-PDN")
    standing = StandingOrder(
        business_id=hotel.id,
        store_id=bolu.store_id,
        location_id=hotel.locations[0].id,
        created_by_id=hotel_buyer.id,
        name="Bolu gulung untuk sarapan, setiap Senin",
        weekday=0,
        starts_on=today,
        note="Antar sebelum pukul 06.00 ke pintu barang.",
        approved_at=utcnow(),
        approved_by_id=hotel_approver.id,
    )
    standing.lines = [StandingOrderLine(variant_id=bolu.id, quantity=20)]
    db.session.add(standing)

    uniforms = db.session.scalar(select(Category).where(Category.slug == "seragam"))
    konveksi = _store("konveksi-amanah-demak")
    if uniforms is not None:
        pool = PooledRequest(
            business_id=market.id,
            requested_by_id=market_buyer.id,
            location_id=market.locations[0].id,
            category_id=uniforms.id,
            title="Seragam kemeja karyawan swalayan, 1.200 potong",
            description="Kemeja lengan pendek, logo bordir di dada kiri, ukuran S-XL.",
            total_quantity=1_200,
            unit="potong",
            max_unit_price_idr=85_000,
            delivery_on=today + timedelta(days=45),
            claim_until=today + timedelta(days=14),
            coordinator_note="Program sentra konveksi: dibagi ke beberapa IKM binaan.",
        )
        pool.shares = [
            PoolShare(
                store_id=konveksi.id,
                variant_id=_variant("KA-SD-M").id,
                quantity=500,
                unit_price_idr=80_000,
                note="Bisa 500 potong dalam 4 minggu.",
            )
        ]
        db.session.add(pool)
    db.session.flush()
