"""Builders for payout tests: stores with earnings in their ledger, owners, staff, admins,
bank accounts set by the owner and verified by an admin through the real services."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders.models import LedgerEntry, LedgerKind, OrderStatus
from marketplace.payouts import services
from marketplace.payouts.models import Payout, StoreBankAccount
from marketplace.stores.models import Store, StoreMember, StoreRole
from tests.factories import make_user
from tests.orders.helpers import make_order_row, make_seller_store

_seq = itertools.count(1)

PERIOD = "2025-01"
JANUARY = datetime.fromisoformat("2025-01-15T10:00:00+07:00")
FEBRUARY = datetime.fromisoformat("2025-02-03T10:00:00+07:00")


@dataclass
class Seller:
    """A store and its owner."""

    store: Store
    owner: User


def admin_user() -> User:
    """A platform administrator."""
    return make_user(name=f"Admin Keuangan {next(_seq)}", is_admin=True)


def seller(name: str | None = None) -> Seller:
    """A live store with its owner and no money yet."""
    owner = make_user(name=f"Bu Rahayu {next(_seq)}")
    store = make_seller_store(name or f"Batik Rahayu {next(_seq)}", owner=owner)
    return Seller(store=store, owner=owner)


def staff_of(store: Store) -> User:
    """A staff member (not an owner) of the store."""
    user = make_user(name=f"Staf {next(_seq)}")
    db.session.add(StoreMember(store_id=store.id, user_id=user.id, role=StoreRole.STAFF))
    db.session.commit()
    return user


def earn(store: Store, amount_idr: int, *, at: datetime = JANUARY) -> LedgerEntry:
    """A completed order of the store credited `amount_idr` at `at`."""
    buyer = make_user(name=f"Pembeli {next(_seq)}")
    order = make_order_row(buyer, store, status=OrderStatus.COMPLETED)
    entry = LedgerEntry(
        store_id=store.id,
        order_id=order.id,
        kind=LedgerKind.SALE,
        amount_idr=amount_idr,
        memo=order.number,
        created_at=at,
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def set_account(
    who: Seller,
    *,
    bank_code: str = "014",
    number: str = "8720451193",
    holder: str = "Sri Rahayu",
) -> StoreBankAccount:
    """The owner sets the store's account (waiting for an admin)."""
    account = services.set_bank_account(
        who.store,
        owner=who.owner,
        bank_code=bank_code,
        account_number=number,
        holder_name=holder,
    )
    db.session.commit()
    return account


def verify(account: StoreBankAccount, admin: User | None = None) -> StoreBankAccount:
    """An admin verifies the account as it is now."""
    services.verify_bank_account(account, admin=admin or admin_user(), revision=account.revision)
    db.session.commit()
    return account


def verified_seller(balance_idr: int = 0, **account: str) -> Seller:
    """A store with a verified account and `balance_idr` earned in January 2025."""
    who = seller()
    verify(set_account(who, **account))
    if balance_idr:
        earn(who.store, balance_idr)
    return who


def run(period: str = PERIOD, minimum_idr: int = 50_000) -> services.RunResult:
    """The payout run for a month, committed like the CLI does."""
    label, cutoff = services.parse_period(period=period)
    result = services.create_payout_run(period=label, cutoff_at=cutoff, minimum_idr=minimum_idr)
    db.session.commit()
    return result


def payouts_of(store: Store) -> list[Payout]:
    """The store's payouts, oldest first, fresh from the database."""
    db.session.expire_all()
    return list(
        db.session.scalars(select(Payout).where(Payout.store_id == store.id).order_by(Payout.id))
    )


def payout_entries(store: Store) -> list[int]:
    """The amounts of the store's PAYOUT ledger entries."""
    return list(
        db.session.scalars(
            select(LedgerEntry.amount_idr)
            .where(LedgerEntry.store_id == store.id, LedgerEntry.kind == LedgerKind.PAYOUT)
            .order_by(LedgerEntry.id)
        )
    )


def count(model: type) -> int:
    """Rows of a model's table."""
    return db.session.scalar(select(func.count()).select_from(model)) or 0
