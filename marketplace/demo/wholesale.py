"""Demo wholesale channel: a verified hotel (two outlets) and a swalayan with buyers and
approvers, a caterer waiting for verification, suppliers with tiers, and activity made through
the real services: orders on terms, one waiting for approval, invoices in every state, an open
request for quotation, a standing order and a pooled request.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.core.db import utcnow
from marketplace.demo import data
from marketplace.extensions import db
from marketplace.orders.fulfilment import confirm_received, process_order, ship_order
from marketplace.orders.models import Order
from marketplace.regions.reference import get_regency, get_village
from marketplace.stores.models import Store, StoreMember
from marketplace.wholesale.models import (
    Business,
    BusinessLocation,
    BusinessMember,
    Invoice,
    InvoiceStatus,
    SupplierProfile,
    WholesaleOffer,
    WholesaleTier,
)
from marketplace.wholesale.ordering import WantedLine, WholesalePurchase, place_wholesale_order


def seed_wholesale_accounts(report: Any, make_user: Any) -> dict[str, Business]:
    """Businesses with members and outlets, supplier profiles and offers; idempotent."""
    businesses: dict[str, Business] = {}
    for spec in data.BUSINESSES:
        business = db.session.scalar(
            select(Business).where(Business.legal_name == spec["legal_name"])
        )
        if business is None:
            village = get_village(spec["village_code"])
            assert village is not None
            business = Business(
                legal_name=spec["legal_name"],
                kind=spec["kind"],
                nib=spec["nib"],
                npwp=spec["npwp"],
                is_pkp=spec["is_pkp"],
                address_line=spec["address_line"],
                village_code=spec["village_code"],
                postal_code=spec["postal_code"],
                region_code=spec["region_code"],
                city_name=spec["city_name"],
                billing_email=spec["billing_email"],
                phone=spec["phone"],
                status=spec["status"],
                verified_at=utcnow() - timedelta(days=60) if spec["status"] == "verified" else None,
                payment_terms=spec["payment_terms"],
                credit_limit_idr=spec["credit_limit_idr"],
                approval_threshold_idr=spec["approval_threshold_idr"],
            )
            db.session.add(business)
            db.session.flush()
            report.count("businesses")
            for label, recipient, phone, line, village_code, postal in spec["locations"]:
                district = village_code.rsplit(".", 1)[0]
                db.session.add(
                    BusinessLocation(
                        business_id=business.id,
                        label=label,
                        recipient_name=recipient,
                        phone=phone,
                        address_line=line,
                        province_code=district[:2],
                        region_code=district.rsplit(".", 1)[0],
                        district_code=district,
                        village_code=village_code,
                        postal_code=postal,
                    )
                )
        for email, name, phone, role in spec["members"]:
            user = make_user(report, email, name, phone, f"grosir: {role} ({spec['kind']})")
            member = db.session.scalar(
                select(BusinessMember).where(
                    BusinessMember.business_id == business.id, BusinessMember.user_id == user.id
                )
            )
            if member is None:
                db.session.add(BusinessMember(business_id=business.id, user_id=user.id, role=role))
        businesses[spec["kind"]] = business
    db.session.flush()

    for slug, capacity, samples, npwp in data.SUPPLIERS:
        store = db.session.scalar(select(Store).where(Store.slug == slug))
        if store is None:
            continue
        if db.session.scalar(select(SupplierProfile).where(SupplierProfile.store_id == store.id)):
            continue
        regency = get_regency(store.region_code)
        if store.region_code.startswith("12.71") and store.local_delivery_fee_idr is None:
            # Medan suppliers deliver to Medan hotels and swalayan themselves.
            store.local_delivery_fee_idr = 25_000
        db.session.add(
            SupplierProfile(
                store_id=store.id,
                is_open=True,
                capacity_note=capacity,
                offers_samples=samples,
                sample_note="Sampel gratis untuk hotel dan swalayan" if samples else "",
                delivery_province_codes=["12"] if regency and store.region_code[:2] == "12" else [],
                npwp=npwp,
                is_pkp=npwp is not None,
            )
        )
        report.count("supplier_profiles")
    for sku, (tiers, moq, pack, lead, capacity) in data.WHOLESALE_OFFERS.items():
        variant = db.session.scalar(select(ProductVariant).where(ProductVariant.sku == sku))
        if variant is None or db.session.scalar(
            select(WholesaleOffer.id).where(WholesaleOffer.variant_id == variant.id)
        ):
            continue
        offer = WholesaleOffer(
            variant_id=variant.id,
            store_id=variant.store_id,
            min_order_qty=moq,
            pack_size=pack,
            lead_time_days=lead,
            weekly_capacity=capacity,
        )
        offer.tiers = [WholesaleTier(min_qty=q, unit_price_idr=p) for q, p in tiers]
        db.session.add(offer)
        # Enough stock for bulk orders shipped from stock.
        variant.stock = max(variant.stock, 600)
        report.count("wholesale_offers")
    db.session.flush()
    return businesses


def _member(business: Business, role: str) -> User:
    user = db.session.scalar(
        select(User)
        .join(BusinessMember, BusinessMember.user_id == User.id)
        .where(BusinessMember.business_id == business.id, BusinessMember.role == role)
        .order_by(User.id)
    )
    assert user is not None, (business.legal_name, role)
    return user


def _owner(store_id: int) -> User:
    user = db.session.scalars(
        select(User)
        .join(StoreMember, StoreMember.user_id == User.id)
        .where(StoreMember.store_id == store_id)
        .order_by(User.id)
    ).first()
    assert user is not None
    return user


def _variant(sku: str) -> ProductVariant:
    variant = db.session.scalar(select(ProductVariant).where(ProductVariant.sku == sku))
    assert variant is not None, sku
    return variant


def _buy(
    business: Business,
    actor: User,
    lines: list[tuple[str, int]],
    *,
    location: int = 0,
    days: int = 7,
    approved: bool = True,
    source: str = "quick",
) -> Order:
    checkout = place_wholesale_order(
        business,
        actor=actor,
        purchase=WholesalePurchase(
            location_id=business.locations[location].id,
            requested_delivery_on=utcnow().date() + timedelta(days=days),
            idempotency_key=secrets.token_urlsafe(24),
            source=source,
        ),
        lines=[WantedLine(variant_id=_variant(sku).id, quantity=qty) for sku, qty in lines],
        approved=approved,
    )
    return checkout.orders[0]


def _ship(order: Order) -> Invoice:
    owner = _owner(order.store_id)
    process_order(order, actor=owner)
    ship_order(
        order, actor=owner, courier="Kurir toko", tracking_no=f"DLV{secrets.randbelow(10**9):09d}"
    )
    invoice = db.session.scalar(select(Invoice).where(Invoice.order_id == order.id))
    assert invoice is not None
    return invoice


def seed_wholesale_activity(businesses: dict[str, Business], admin: User) -> int:
    """Orders, invoices in every state, an open RFQ, a standing order and a pooled request;
    only once (nothing when wholesale orders exist). Returns how many orders were made."""
    if db.session.scalar(select(Order.id).where(Order.channel == "wholesale").limit(1)):
        return 0
    from marketplace.wholesale.invoices import record_invoice_payment, void_invoice

    hotel, market = businesses.get("hotel"), businesses.get("supermarket")
    if hotel is None or market is None or not hotel.is_verified or not market.is_verified:
        return 0
    hotel_buyer, market_buyer = _member(hotel, "buyer"), _member(market, "buyer")
    today = utcnow().date()
    made = 0

    # Paid: coffee for the hotel's restaurant, delivered and confirmed (the seller is credited).
    order = _buy(hotel, hotel_buyer, [("RKD-SDK-500", 20)])
    invoice = _ship(order)
    record_invoice_payment(
        invoice, amount_idr=invoice.total_idr, reference="BCA 2611-0042", paid_on=today, actor=admin
    )
    confirm_received(order, buyer=hotel_buyer)
    made += 1
    # Partially paid: keripik for the swalayan's shelves.
    order = _buy(market, market_buyer, [("KTB-ORI-250", 100)], location=1)
    invoice = _ship(order)
    record_invoice_payment(
        invoice,
        amount_idr=invoice.total_idr // 2,
        reference="Mandiri 2611-0107",
        paid_on=today,
        actor=admin,
    )
    made += 1
    # Overdue: shipped 45 days ago on Net 14, still unpaid.
    order = _buy(market, market_buyer, [("KTB-SMB-150", 48)])
    invoice = _ship(order)
    invoice.issued_on = today - timedelta(days=45)
    invoice.due_on = invoice.issued_on + timedelta(days=14)
    invoice.status = InvoiceStatus.OVERDUE
    made += 1
    # Issued, not yet due: bika ambon for the hotel's welcome gifts.
    order = _buy(hotel, hotel_buyer, [("DKR-BKA-01", 20)], location=1)
    _ship(order)
    made += 1
    # Void: an invoice cancelled by the admin (wrong outlet), with its reason.
    order = _buy(hotel, hotel_buyer, [("DKR-BLG-PDN", 10)])
    invoice = _ship(order)
    void_invoice(invoice, reason="Salah outlet tujuan; ditagih ulang manual", actor=admin)
    made += 1
    # Confirmed on terms, waiting for the seller to accept (delivery next week).
    _buy(hotel, hotel_buyer, [("RKD-SDK-200", 48)], days=8)
    made += 1
    # Above the threshold: waits for the hotel's approver.
    _buy(hotel, hotel_buyer, [("RKD-SDK-500", 50)], days=10, approved=False)
    made += 1
    db.session.flush()

    from marketplace.demo.wholesale_requests import seed_requests

    seed_requests(
        hotel,
        market,
        hotel_buyer=hotel_buyer,
        hotel_approver=_member(hotel, "approver"),
        market_buyer=market_buyer,
    )
    return made
