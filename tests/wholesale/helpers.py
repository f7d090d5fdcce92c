"""Builders for wholesale tests: a business in Medan with members by role and outlets, Demak
stores with wholesale offers (tiers, minimum, pack, lead time, capacity), purchases placed as
the quick-order form does."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Checkout
from marketplace.regions.reference import list_districts, list_villages
from marketplace.stores.models import Store
from marketplace.wholesale.models import (
    Business,
    BusinessLocation,
    BusinessMember,
    SupplierProfile,
    WholesaleOffer,
    WholesaleTier,
)
from marketplace.wholesale.ordering import WantedLine, WholesalePurchase, place_wholesale_order
from tests.factories import make_user
from tests.orders.helpers import make_item, make_seller_store

_seq = itertools.count(1)
MEDAN = "12.71"  # Kota Medan
DEFAULT_TIERS = ((1, 12_000), (50, 10_500), (200, 9_500))


def medan_village_code(index: int = 0) -> str:
    """A real kelurahan of Kota Medan."""
    return list_villages(list_districts(MEDAN)[index].code)[0].code


def make_location(
    business: Business, label: str = "Outlet Merdeka", index: int = 0
) -> BusinessLocation:
    """An active delivery location of the business in Kota Medan."""
    village = medan_village_code(index)
    district = village.rsplit(".", 1)[0]
    location = BusinessLocation(
        business_id=business.id,
        label=label,
        recipient_name="Bagian Purchasing",
        phone="+6281260001234",
        address_line=f"Jl. Balai Kota No. {next(_seq)}",
        province_code=district[:2],
        region_code=district.rsplit(".", 1)[0],
        district_code=district,
        village_code=village,
        postal_code="20111",
    )
    db.session.add(location)
    db.session.commit()
    return location


def make_business_account(
    *,
    roles: Sequence[str] = ("owner", "buyer", "approver", "finance"),
    status: str = "verified",
    terms: str = "net30",
    credit_limit_idr: int = 100_000_000,
    threshold_idr: int | None = None,
    is_pkp: bool = True,
    **kw: Any,
) -> tuple[Business, dict[str, User], BusinessLocation]:
    """A hotel in Medan with one member per role (keyed by role), NIB/NPWP and one outlet."""
    n = next(_seq)
    values: dict[str, Any] = {
        "kind": "hotel",
        "legal_name": f"PT Hotel Deli Serdang {n}",
        "nib": f"{9120000000000 + n}",
        "npwp": f"{1000000000000000 + n}",
        "is_pkp": is_pkp,
        "address_line": "Jl. Balai Kota No. 1",
        "region_code": MEDAN,
        "city_name": "Kota Medan",
        "status": status,
        "payment_terms": terms,
        "credit_limit_idr": credit_limit_idr,
        "approval_threshold_idr": threshold_idr,
    }
    values.update(kw)
    business = Business(**values)
    db.session.add(business)
    db.session.flush()
    members: dict[str, User] = {}
    for role in roles:
        user = make_user(name=f"{role.title()} {n}")
        db.session.add(BusinessMember(business_id=business.id, user_id=user.id, role=role))
        members[role] = user
    db.session.commit()
    return business, members, make_location(business)


def make_supplier(store: Store | None = None, *, is_pkp: bool = False, **kw: Any) -> Store:
    """A live Demak store open to business buyers (PKP with an NPWP when `is_pkp`)."""
    store = store or make_seller_store(**kw)
    profile = SupplierProfile(
        store_id=store.id,
        is_open=True,
        capacity_note="1.000 bungkus/minggu",
        npwp=f"{2000000000000000 + store.id}" if is_pkp else None,
        is_pkp=is_pkp,
    )
    db.session.add(profile)
    db.session.commit()
    return store


def make_offer(
    variant: ProductVariant,
    *,
    tiers: Sequence[tuple[int, int]] = DEFAULT_TIERS,
    min_order_qty: int = 1,
    pack_size: int = 1,
    lead_time_days: int = 0,
    weekly_capacity: int | None = None,
    is_active: bool = True,
) -> WholesaleOffer:
    """A wholesale offer on the variant with these tiers ((from quantity, unit price), ...)."""
    offer = WholesaleOffer(
        variant_id=variant.id,
        store_id=variant.store_id,
        is_active=is_active,
        min_order_qty=min_order_qty,
        pack_size=pack_size,
        lead_time_days=lead_time_days,
        weekly_capacity=weekly_capacity,
    )
    offer.tiers = [WholesaleTier(min_qty=q, unit_price_idr=p) for q, p in tiers]
    db.session.add(offer)
    db.session.commit()
    return offer


def make_wholesale_item(
    store: Store, name: str = "Roti Tawar Gandum", *, stock: int = 1_000, **offer_kw: Any
) -> ProductVariant:
    """An active product of the store with a wholesale offer on its variant."""
    variant = make_item(store, name, price_idr=13_000, stock=stock, weight_grams=400)
    make_offer(variant, **offer_kw)
    return variant


def new_key() -> str:
    return secrets.token_urlsafe(24)


def delivery_in(days: int = 7) -> date:
    return utcnow().date() + timedelta(days=days)


def purchase(
    business: Business,
    actor: User,
    location: BusinessLocation,
    lines: Sequence[tuple[ProductVariant, int] | WantedLine],
    *,
    delivery_on: date | None = None,
    pay_upfront: str | None = None,
    key: str | None = None,
    commit: bool = True,
    **kw: Any,
) -> Checkout:
    """Place a wholesale purchase as the quick-order form does, and commit."""
    wanted = [
        ln if isinstance(ln, WantedLine) else WantedLine(variant_id=ln[0].id, quantity=ln[1])
        for ln in lines
    ]
    checkout = place_wholesale_order(
        business,
        actor=actor,
        purchase=WholesalePurchase(
            location_id=location.id,
            requested_delivery_on=delivery_on or delivery_in(),
            idempotency_key=key or new_key(),
            pay_upfront=pay_upfront,
            **kw,
        ),
        lines=wanted,
    )
    if commit:
        db.session.commit()
    return checkout
