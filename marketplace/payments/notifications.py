"""Payment emails, each in its recipient's language, sent after the commit that caused them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.core.mail import send_user_email
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order
from marketplace.stores.models import StoreMember, StoreRole


def _buyer(checkout: Checkout) -> User:
    buyer = db.session.get(User, checkout.buyer_id)
    assert buyer is not None
    return buyer


def _pay_link(checkout: Checkout) -> str:
    return public_url("payments.pay", public_id=checkout.public_id)


def list_store_owners(store_ids: list[int]) -> dict[int, list[User]]:
    """The owners of each store, by store id; one query."""
    owners: dict[int, list[User]] = {store_id: [] for store_id in store_ids}
    rows = db.session.execute(
        select(StoreMember.store_id, User)
        .join(User, User.id == StoreMember.user_id)
        .where(StoreMember.store_id.in_(store_ids), StoreMember.role == StoreRole.OWNER)
        .order_by(StoreMember.store_id, User.id)
    )
    for store_id, user in rows:
        owners[store_id].append(user)
    return owners


def notify_paid(checkout: Checkout) -> None:
    """'Payment received' to the buyer and 'new paid order' to each store's owners."""
    send_user_email(
        _buyer(checkout),
        template="payments/email/payment_received.txt",
        subject=_l("Pembayaran diterima"),
        checkout=checkout,
        orders=checkout.orders,
        link=_pay_link(checkout),
    )
    notify_store_owners(
        checkout.orders,
        template="payments/email/new_paid_order.txt",
        subject=lambda order: _l("Pesanan baru sudah dibayar: %(number)s", number=order.number),
    )


def notify_store_owners(
    orders: Iterable[Order], *, template: str, subject: Callable[[Order], Any]
) -> None:
    """Email each order's store owners (in their language) with a link to the order."""
    orders = list(orders)
    owners = list_store_owners([order.store_id for order in orders])
    for order in orders:
        link = public_url("stores.seller_order", store_id=order.store_id, number=order.number)
        for owner in owners[order.store_id]:
            send_user_email(
                owner, template=template, subject=subject(order), order=order, link=link
            )


def notify_proof_rejected(checkout: Checkout, *, reason: str) -> None:
    """Tell the buyer why the transfer proof was refused and until when to send another."""
    send_user_email(
        _buyer(checkout),
        template="payments/email/proof_rejected.txt",
        subject=_l("Bukti transfer ditolak"),
        checkout=checkout,
        reason=reason,
        link=_pay_link(checkout),
    )


def notify_refunded(checkout: Checkout, *, amount_idr: int) -> None:
    """Tell the buyer a card payment that came too late was given back."""
    send_user_email(
        _buyer(checkout),
        template="payments/email/payment_refunded.txt",
        subject=_l("Pembayaran Anda dikembalikan"),
        checkout=checkout,
        amount_idr=amount_idr,
        link=_pay_link(checkout),
    )
