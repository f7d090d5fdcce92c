"""Back-office search (users, stores, orders, businesses) and the read-only pages it links to.

One query per kind of result, each with at most SECTION_LIMIT hits; LIKE patterns are escaped
(`autoescape`), so `%` and `_` typed by an admin match themselves. Phone numbers leave this
module masked to their last four digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.accounts.models import Role, User
from marketplace.accounts.roles import get_roles
from marketplace.extensions import db
from marketplace.orders.models import Checkout, LedgerEntry, Order, OrderEvent, Refund
from marketplace.orders.queries import list_order_events
from marketplace.payments.models import Payment
from marketplace.stores.models import Store, StoreDocument, StoreEvent, StoreMember
from marketplace.training.models import Agency, AgencyMember
from marketplace.wholesale.models import Business, BusinessMember, Invoice

QUERY_MAX = 100  # characters kept of what was typed
QUERY_MIN = 3  # shorter queries show a hint instead of every row
SECTION_LIMIT = 10
RECENT_ORDERS = 10
MIN_DIGITS = 3  # an NIB, NPWP or phone fragment shorter than this matches too much

_SEPARATORS = re.compile(r"[\s.\-/()+]")


def normalize_query(raw: str | None) -> str:
    """What was typed, trimmed, inner whitespace collapsed, cut to QUERY_MAX characters."""
    return " ".join((raw or "").split())[:QUERY_MAX]


def is_query_too_short(text: str) -> bool:
    """True for a query too short to search (QUERY_MIN - 1 characters or fewer)."""
    return len(text) < QUERY_MIN


def mask_phone(phone: str | None) -> str:
    """A phone number shown as its last four digits only ("••••7890"); "" when there is none."""
    digits = re.sub(r"\D", "", phone or "")
    return f"••••{digits[-4:]}" if digits else ""


def _digits(text: str) -> str | None:
    """The digits of an NIB/NPWP/phone-like query ("12.345-67" -> "1234567"), else None."""
    digits = _SEPARATORS.sub("", text)
    return digits if digits.isdigit() and len(digits) >= MIN_DIGITS else None


def _phone_fragments(text: str) -> list[str]:
    """Digit strings to find in E.164 phone numbers: the digits typed, and for a national
    "0812..." also "62812..." ("0812 3456" -> ["08123456", "628123456"]); [] for non-digits."""
    digits = _digits(text)
    if digits is None:
        return []
    return [digits, "62" + digits[1:]] if digits.startswith("0") else [digits]


# -- Search ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserHit:
    """A user found: no full phone number, only its last four digits."""

    id: int
    name: str
    email: str
    phone_masked: str
    is_admin: bool
    created_at: datetime
    is_suspended: bool


@dataclass(frozen=True)
class OrderHit:
    """An order found, with its store's and buyer's names and its checkout's public id."""

    order: Order
    store_name: str
    buyer_name: str
    checkout_public_id: str


@dataclass(frozen=True)
class Section:
    """Up to SECTION_LIMIT hits of one kind; `has_more` when more rows matched."""

    hits: list[Any]
    has_more: bool


@dataclass(frozen=True)
class AdminSearchResults:
    """The four sections of the admin search page."""

    users: Section
    stores: Section
    orders: Section
    businesses: Section

    @property
    def is_empty(self) -> bool:
        return not (self.users.hits or self.stores.hits or self.orders.hits or self.businesses.hits)


def _section(rows: list[Any]) -> Section:
    return Section(hits=rows[:SECTION_LIMIT], has_more=len(rows) > SECTION_LIMIT)


def search_users(text: str) -> Section:
    """Users by email, name or phone digits, newest first; one query."""
    lowered = text.lower()
    conditions = [
        func.lower(User.email).contains(lowered, autoescape=True),
        func.lower(User.name).contains(lowered, autoescape=True),
    ]
    conditions += [User.phone.contains(d, autoescape=True) for d in _phone_fragments(text)]
    users = db.session.scalars(
        select(User)
        .where(or_(*conditions))
        .order_by(User.created_at.desc(), User.id.desc())
        .limit(SECTION_LIMIT + 1)
    )
    return _section(
        [
            UserHit(
                id=u.id,
                name=u.name,
                email=u.email,
                phone_masked=mask_phone(u.phone),
                is_admin=u.is_admin,
                created_at=u.created_at,
                is_suspended=getattr(u, "suspended_at", None) is not None,
            )
            for u in users
        ]
    )


def search_stores(text: str) -> Section:
    """Stores by name, slug or NIB, newest first; one query."""
    lowered = text.lower()
    conditions = [
        func.lower(Store.name).contains(lowered, autoescape=True),
        Store.slug.contains(lowered, autoescape=True),
    ]
    digits = _digits(text)
    if digits:
        conditions.append(Store.nib.contains(digits, autoescape=True))
    stores = db.session.scalars(
        select(Store)
        .where(or_(*conditions))
        .order_by(Store.created_at.desc(), Store.id.desc())
        .limit(SECTION_LIMIT + 1)
    )
    return _section(list(stores))


def search_orders(text: str) -> Section:
    """Orders by order number or by their checkout's public id, newest first; one query."""
    rows = db.session.execute(
        select(Order, Store.name, User.name, Checkout.public_id)
        .join(Checkout, Checkout.id == Order.checkout_id)
        .join(Store, Store.id == Order.store_id)
        .join(User, User.id == Order.buyer_id)
        .where(
            or_(
                func.upper(Order.number).contains(text.upper(), autoescape=True),
                Checkout.public_id.contains(text, autoescape=True),
            )
        )
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(SECTION_LIMIT + 1)
    )
    return _section(
        [OrderHit(order, store, buyer, public_id) for order, store, buyer, public_id in rows]
    )


def search_businesses(text: str) -> Section:
    """Businesses by legal name, NIB or NPWP, newest first; one query."""
    conditions = [func.lower(Business.legal_name).contains(text.lower(), autoescape=True)]
    digits = _digits(text)
    if digits:
        conditions += [
            Business.nib.contains(digits, autoescape=True),
            Business.npwp.contains(digits, autoescape=True),
        ]
    businesses = db.session.scalars(
        select(Business)
        .where(or_(*conditions))
        .order_by(Business.created_at.desc(), Business.id.desc())
        .limit(SECTION_LIMIT + 1)
    )
    return _section(list(businesses))


def search_everything(text: str) -> AdminSearchResults:
    """Every section for an already normalised, long enough query; four queries."""
    return AdminSearchResults(
        users=search_users(text),
        stores=search_stores(text),
        orders=search_orders(text),
        businesses=search_businesses(text),
    )


# -- What the results link to ------------------------------------------------------------------


@dataclass(frozen=True)
class UserOverview:
    """A user as an admin sees them: roles, memberships, recent orders, suspension."""

    user: User
    phone_masked: str
    roles: frozenset[Role]
    stores: list[tuple[Store, str]]
    businesses: list[tuple[Business, str]]
    agencies: list[tuple[Agency, str]]
    recent_orders: list[tuple[Order, str]]
    order_count: int
    suspended_at: datetime | None


def get_user_overview(user_id: int) -> UserOverview | None:
    """The user's admin page, or None for an unknown id; seven queries."""
    user = db.session.get(User, user_id)
    if user is None:
        return None
    stores = db.session.execute(
        select(Store, StoreMember.role)
        .join(StoreMember, StoreMember.store_id == Store.id)
        .where(StoreMember.user_id == user.id)
        .order_by(Store.name, Store.id)
    )
    businesses = db.session.execute(
        select(Business, BusinessMember.role)
        .join(BusinessMember, BusinessMember.business_id == Business.id)
        .where(BusinessMember.user_id == user.id)
        .order_by(Business.legal_name, Business.id)
    )
    agencies = db.session.execute(
        select(Agency, AgencyMember.role)
        .join(AgencyMember, AgencyMember.agency_id == Agency.id)
        .where(AgencyMember.user_id == user.id)
        .order_by(Agency.name)
    )
    orders = db.session.execute(
        select(Order, Store.name, func.count().over())
        .join(Store, Store.id == Order.store_id)
        .where(Order.buyer_id == user.id)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(RECENT_ORDERS)
    ).all()
    return UserOverview(
        user=user,
        phone_masked=mask_phone(user.phone),
        roles=get_roles(user),
        stores=[(s, role) for s, role in stores],
        businesses=[(b, role) for b, role in businesses],
        agencies=[(a, role) for a, role in agencies],
        recent_orders=[(o, name) for o, name, _total in orders],
        order_count=int(orders[0][2]) if orders else 0,
        suspended_at=user.suspended_at,
    )


@dataclass(frozen=True)
class StoreMemberRow:
    """A person running the store; the phone masked."""

    user_id: int
    name: str
    email: str
    phone_masked: str
    role: str


@dataclass(frozen=True)
class StoreOverview:
    """A store as an admin sees it: status, people, counts, recent orders, status history."""

    store: Store
    members: list[StoreMemberRow]
    recent_orders: list[tuple[Order, str]]
    order_count: int
    product_count: int
    document_count: int
    events: list[tuple[StoreEvent, str | None]]


def get_store_overview(store_id: int) -> StoreOverview | None:
    """The store's admin page, or None for an unknown id; five queries."""
    from marketplace.catalog.models import Product

    store = db.session.get(Store, store_id)
    if store is None:
        return None
    members = db.session.execute(
        select(StoreMember.role, User.id, User.name, User.email, User.phone)
        .join(User, User.id == StoreMember.user_id)
        .where(StoreMember.store_id == store.id)
        .order_by(StoreMember.role != "owner", User.name, User.id)
    )
    order_count, product_count, document_count = db.session.execute(
        select(
            select(func.count()).where(Order.store_id == store.id).scalar_subquery(),
            select(func.count()).where(Product.store_id == store.id).scalar_subquery(),
            select(func.count()).where(StoreDocument.store_id == store.id).scalar_subquery(),
        )
    ).one()
    orders = db.session.execute(
        select(Order, User.name)
        .join(User, User.id == Order.buyer_id)
        .where(Order.store_id == store.id)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(RECENT_ORDERS)
    )
    events = db.session.execute(
        select(StoreEvent, User.name)
        .outerjoin(User, User.id == StoreEvent.actor_user_id)
        .where(StoreEvent.store_id == store.id)
        .order_by(StoreEvent.at.desc(), StoreEvent.id.desc())
        .limit(20)
    )
    return StoreOverview(
        store=store,
        members=[
            StoreMemberRow(uid, name, email, mask_phone(phone), role)
            for role, uid, name, email, phone in members
        ],
        recent_orders=[(o, name) for o, name in orders],
        order_count=int(order_count or 0),
        product_count=int(product_count or 0),
        document_count=int(document_count or 0),
        events=[(e, name) for e, name in events],
    )


@dataclass(frozen=True)
class OrderOverview:
    """An order as an admin sees it: lines, timeline, payment, refunds, ledger, invoice."""

    order: Order
    buyer: User
    buyer_phone_masked: str
    recipient_phone_masked: str
    events: list[OrderEvent]
    actor_names: dict[int, str]
    payment: Payment | None
    refunds: list[Refund]
    ledger: list[LedgerEntry]
    invoice_id: int | None


def get_order_overview(number: str) -> OrderOverview | None:
    """The order's admin page by its number, or None when unknown; seven queries."""
    order = db.session.scalar(
        select(Order)
        .where(Order.number == number)
        .options(joinedload(Order.store), joinedload(Order.checkout), selectinload(Order.lines))
    )
    if order is None:
        return None
    buyer = db.session.get(User, order.buyer_id)
    assert buyer is not None
    events = list_order_events(order.id)
    actor_ids = {e.actor_user_id for e in events if e.actor_user_id is not None}
    actor_names: dict[int, str] = {}
    if actor_ids:
        rows = db.session.execute(select(User.id, User.name).where(User.id.in_(actor_ids)))
        actor_names = {user_id: name for user_id, name in rows}
    payment = db.session.scalar(select(Payment).where(Payment.checkout_id == order.checkout_id))
    refunds = list(
        db.session.scalars(
            select(Refund).where(Refund.order_id == order.id).order_by(Refund.created_at)
        )
    )
    ledger = list(
        db.session.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.order_id == order.id)
            .order_by(LedgerEntry.created_at, LedgerEntry.id)
        )
    )
    invoice_id = db.session.scalar(select(Invoice.id).where(Invoice.order_id == order.id))
    return OrderOverview(
        order=order,
        buyer=buyer,
        buyer_phone_masked=mask_phone(buyer.phone),
        recipient_phone_masked=mask_phone(order.checkout.recipient_phone),
        events=events,
        actor_names=actor_names,
        payment=payment,
        refunds=refunds,
        ledger=ledger,
        invoice_id=invoice_id,
    )
