"""Builders for cart, checkout and order tests: buyers with an address in Jakarta, Demak stores
with priced and stocked variants, carts, checkout requests like the form sends them."""

from __future__ import annotations

import itertools
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalog.models import Category, Product, ProductVariant
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.cart import DbCart, view_cart
from marketplace.orders.models import (
    Address,
    CartItem,
    Checkout,
    CheckoutStatus,
    Order,
    OrderLine,
    OrderStatus,
)
from marketplace.orders.services import (
    AddressInput,
    CheckoutRequest,
    place_checkout,
    save_address,
    store_shipping,
)
from marketplace.regions.reference import list_districts, list_villages
from marketplace.shipping.rates import shipping_options
from marketplace.stores.models import Store
from tests.factories import make_category, make_product, make_store, make_user

_seq = itertools.count(1)

JAKARTA_PUSAT = "31.71"  # Kota Jakarta Pusat
DEMAK = "33.21"  # Kabupaten Demak


def jakarta_village_code() -> str:
    """A real kelurahan of Jakarta Pusat (Gambir)."""
    return list_villages(list_districts(JAKARTA_PUSAT)[0].code)[0].code


def make_buyer(**kw: Any) -> tuple[User, Address]:
    """A verified shopper with one default address in Jakarta Pusat."""
    user = make_user(**kw)
    address = save_address(
        user,
        AddressInput(
            label="Rumah",
            recipient_name=user.name,
            phone="0812 3456 7890",
            address_line="Jl. Medan Merdeka Barat No. 12, RT 03/RW 02",
            village_code=jakarta_village_code(),
            postal_code="10110",
            is_default=True,
        ),
    )
    db.session.commit()
    return user, address


def make_seller_store(name: str | None = None, **kw: Any) -> Store:
    """A live store in Kabupaten Demak shipping by JNE REG and POS Kilat, with pick-up."""
    values: dict[str, Any] = {
        "region_code": DEMAK,
        "city_name": "Kabupaten Demak",
        "shipping_services": ["jne_reg", "pos_kilat"],
        "offers_pickup": True,
    }
    if name:
        values["name"] = name
    values.update(kw)
    return make_store(**values)


def make_item(
    store: Store,
    name: str,
    *,
    price_idr: int = 15_000,
    stock: int = 10,
    weight_grams: int = 250,
    min_order: int = 1,
    category: Category | None = None,
    **product_kw: Any,
) -> ProductVariant:
    """An active product of `store` with one variant of this price, stock and weight."""
    product = make_product(
        store,
        category or make_category(),
        price_idr=price_idr,
        name=name,
        slug=f"{'-'.join(name.lower().split())}-{next(_seq)}",
        **product_kw,
    )
    variant = product.variants[0]
    variant.stock = stock
    variant.weight_grams = weight_grams
    variant.min_order = min_order
    db.session.commit()
    return variant


def put_in_cart(
    user: User, variant: ProductVariant, quantity: int = 1, *, saved: bool = False
) -> CartItem:
    """A cart row as it is, unchecked (so tests can also force odd quantities)."""
    item = CartItem(
        user_id=user.id,
        variant_id=variant.id,
        quantity=quantity,
        price_seen_idr=variant.price_idr,
        is_saved_for_later=saved,
    )
    db.session.add(item)
    db.session.commit()
    return item


def new_key() -> str:
    """An idempotency key like the checkout form's."""
    return secrets.token_urlsafe(24)


def first_shipping_codes(user: User, address: Address) -> dict[int, str]:
    """The first (cheapest) shipping option of every store in the user's cart."""
    shown = view_cart(DbCart(user.id))
    codes = {}
    for group in shown.groups:
        options = shipping_options(
            store_shipping(group.store),
            origin_region=group.store.region_code,
            destination_region=address.region_code,
            weight_grams=group.weight_grams,
        )
        assert options, f"{group.store.name} cannot ship to {address.region_code}"
        codes[group.store.id] = options[0].code
    return codes


def checkout_request(
    user: User,
    address: Address,
    *,
    key: str | None = None,
    payment_method: str = "bank_transfer",
    shipping: dict[int, str] | None = None,
    notes: dict[int, str] | None = None,
) -> CheckoutRequest:
    """What the checkout form sends: the first shipping option per store unless told."""
    return CheckoutRequest(
        idempotency_key=key or new_key(),
        address_id=address.id,
        payment_method=payment_method,
        shipping=shipping if shipping is not None else first_shipping_codes(user, address),
        notes=notes or {},
    )


def place(user: User, address: Address, **kw: Any) -> Checkout:
    """Place the user's cart and commit, as the checkout view does."""
    checkout = place_checkout(user, checkout_request(user, address, **kw))
    db.session.commit()
    return checkout


def buy(
    user: User, address: Address, variant: ProductVariant, quantity: int = 1, **kw: Any
) -> Checkout:
    """Put one variant in the cart and place it."""
    put_in_cart(user, variant, quantity)
    return place(user, address, **kw)


def make_order_row(
    buyer: User,
    store: Store,
    *,
    status: str = OrderStatus.PENDING_PAYMENT,
    goods_idr: int = 50_000,
    shipping_idr: int = 11_000,
    category: Category | None = None,
    product_name: str = "Batik Cap Jlamprang Pekalongan",
) -> Order:
    """An order in `status` written directly (with its checkout and one line), for lifecycle
    tests that need many fresh orders; placing goes through `place_checkout` elsewhere."""
    n = next(_seq)
    now = utcnow()
    category = category or db.session.scalar(select(Category).limit(1)) or make_category()
    checkout = Checkout(
        public_id=f"co-{n}-{secrets.token_hex(4)}",
        buyer_id=buyer.id,
        idempotency_key=f"lifecycle-key-{n:06d}-{secrets.token_hex(4)}",
        status=CheckoutStatus.PENDING_PAYMENT,
        payment_method="bank_transfer",
        goods_idr=goods_idr,
        shipping_idr=shipping_idr,
        unique_code=0,
        amount_due_idr=goods_idr + shipping_idr,
        expires_at=now + timedelta(hours=24),
        recipient_name=buyer.name,
        recipient_phone="+6281234567890",
        address_line="Jl. Kebon Sirih No. 5",
        region_code=JAKARTA_PUSAT,
        village_code=jakarta_village_code(),
        postal_code="10110",
        address_text="Gambir, Gambir, Kota Jakarta Pusat, DKI Jakarta",
    )
    order = Order(
        number=f"PIK-TEST-{n:06d}",
        checkout=checkout,
        store_id=store.id,
        buyer_id=buyer.id,
        status=status,
        goods_idr=goods_idr,
        shipping_idr=shipping_idr,
        total_idr=goods_idr + shipping_idr,
        weight_grams=500,
        shipping_code="jne_reg",
        shipping_label="JNE REG",
    )
    order.lines.append(
        OrderLine(
            category_id=category.id,
            product_name=product_name,
            sku=f"SKU-L{n}",
            unit_price_idr=goods_idr,
            quantity=1,
            line_total_idr=goods_idr,
            weight_grams=500,
        )
    )
    db.session.add_all([checkout, order])
    db.session.commit()
    return order


def count(model: Any) -> int:
    """Rows of a model's table."""
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def stock_of(variant: ProductVariant | int) -> int:
    """A variant's stock as the database has it now (not the session's copy)."""
    variant_id = variant if isinstance(variant, int) else variant.id
    return db.session.execute(
        select(ProductVariant.stock).where(ProductVariant.id == variant_id)
    ).scalar_one()


def product_of(variant: ProductVariant) -> Product:
    """The product of a variant."""
    product = db.session.get(Product, variant.product_id)
    assert product is not None
    return product
