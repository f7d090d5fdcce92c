"""Demo orders: the demo buyer's history, so every demo seller has something in the queue.

Made through the real services (cart, checkout, payment, fulfilment), so the data is what the
site itself would have written: stock reserved, events, a ledger entry for the completed one.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import Product, ProductVariant
from marketplace.core.images import make_placeholder_image
from marketplace.extensions import db
from marketplace.orders.cart import DbCart, add_to_cart
from marketplace.orders.fulfilment import confirm_received, process_order, ship_order
from marketplace.orders.models import Address, Order
from marketplace.orders.refunds import request_refund
from marketplace.orders.services import (
    AddressInput,
    CheckoutRequest,
    place_checkout,
    save_address,
)
from marketplace.payments.bank_transfer import submit_proof
from marketplace.payments.base import settle_payment, start_payment
from marketplace.regions.reference import list_districts, list_villages
from marketplace.stores.models import Store, StoreMember

# (store slug, product slug, quantity, how far the order got)
DEMO_ORDERS = [
    ("keripik-tempe-bu-sri", "keripik-tempe-original", 3, "completed"),
    ("batik-tulis-pesindon", "kemeja-batik-cap-pria", 1, "shipped"),
    ("roastery-kopi-deli", "kopi-arabika-gayo-biji", 2, "paid"),
    ("dapur-kak-rina", None, 1, "pending_payment"),
    # For the admins' queues: a transfer proof to check, a refund request to decide.
    ("batik-tulis-pesindon", None, 1, "proof"),
    ("keripik-tempe-bu-sri", None, 2, "refund"),
]


def seed_demo_orders(buyer: User, admin: User) -> int:
    """Give the demo buyer an address and six orders in different states (one with a transfer
    proof and one with a refund request for the admins' queues); returns how many were created
    (none when the buyer already has orders)."""
    if db.session.scalar(select(Order.id).where(Order.buyer_id == buyer.id).limit(1)):
        return 0
    address = db.session.scalar(select(Address).where(Address.user_id == buyer.id))
    if address is None:
        # Kelurahan Gambir, Jakarta Pusat.
        village = list_villages(list_districts("31.71")[0].code)[0]
        address = save_address(
            buyer,
            AddressInput(
                label="Kantor",
                recipient_name=buyer.name,
                phone=buyer.phone,
                address_line="Jl. Medan Merdeka Barat No. 12, RT 03/RW 02",
                village_code=village.code,
                postal_code="10110",
                is_default=True,
            ),
        )
    created = 0
    for store_slug, product_slug, quantity, state in DEMO_ORDERS:
        variant = _variant(store_slug, product_slug)
        if variant is None:
            continue
        add_to_cart(DbCart(buyer.id), variant_id=variant.id, quantity=quantity)
        checkout = place_checkout(
            buyer,
            CheckoutRequest(
                idempotency_key=secrets.token_urlsafe(24),
                address_id=address.id,
                payment_method="bank_transfer",
                shipping={variant.store_id: "jne_reg"},
                notes={},
            ),
        )
        payment = start_payment(checkout)
        order = checkout.orders[0]
        if state == "proof":
            receipt = make_placeholder_image(
                f"Bukti transfer BRI {checkout.amount_due_idr}", size=(720, 1280), seed=7
            )
            submit_proof(payment, receipt, buyer=buyer)
        elif state != "pending_payment":
            settle_payment(payment, actor=admin, note="transfer BRI diterima (demo)")
        if state in {"shipped", "completed", "refund"}:
            owner = _owner(variant.store_id)
            process_order(order, actor=owner)
            ship_order(order, actor=owner, courier="JNE REG", tracking_no=_resi())
        if state == "completed":
            confirm_received(order, buyer=buyer)
        if state == "refund":
            request_refund(
                order,
                buyer=buyer,
                reason="Kemasan sobek waktu diterima, separuh keripik hancur dan melempem.",
                photos=[],
            )
        created += 1
    db.session.flush()
    return created


def _variant(store_slug: str, product_slug: str | None) -> ProductVariant | None:
    stmt = (
        select(ProductVariant)
        .join(Product, Product.id == ProductVariant.product_id)
        .join(Store, Store.id == Product.store_id)
        .where(Store.slug == store_slug, ProductVariant.stock >= 3)
        .order_by(ProductVariant.id)
        .limit(1)
    )
    if product_slug:
        stmt = stmt.where(Product.slug == product_slug)
    return db.session.scalar(stmt)


def _owner(store_id: int) -> User:
    return db.session.scalars(
        select(User)
        .join(StoreMember, StoreMember.user_id == User.id)
        .where(StoreMember.store_id == store_id)
    ).first()


def _resi() -> str:
    return "CGK" + "".join(secrets.choice("0123456789") for _ in range(10))
