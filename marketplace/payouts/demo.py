"""Demo payouts: bank accounts for the demo stores (one left for the admins' queue) and a
payout history made through the real services: one paid, the rest proposed."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.payouts import services
from marketplace.payouts.banks import BANKS
from marketplace.payouts.models import Payout, StoreBankAccount
from marketplace.stores.models import Store, StoreMember, StoreRole


def seed_demo_payouts(admin: User) -> int:
    """Give every store with an owner a bank account (all verified but the last, which waits in
    the queue), propose payouts of today's balances (any amount) and mark the first paid.
    Returns the payouts created; none when payouts exist already. Flushes; the caller commits.
    """
    if db.session.scalar(select(Payout.id).limit(1)):
        return 0
    owners = db.session.execute(
        select(Store, User)
        .join(StoreMember, StoreMember.store_id == Store.id)
        .join(User, User.id == StoreMember.user_id)
        .where(StoreMember.role == StoreRole.OWNER)
        .order_by(Store.id, StoreMember.id)
    ).all()
    seen: set[int] = set()
    accounts: list[StoreBankAccount] = []
    codes = list(BANKS)
    for store, owner in owners:
        if store.id in seen:
            continue
        seen.add(store.id)
        accounts.append(
            services.set_bank_account(
                store,
                owner=owner,
                bank_code=codes[store.id % len(codes)],
                account_number=f"{7_100_000_000 + store.id * 7_919}",
                holder_name=owner.name,
            )
        )
    for account in accounts[:-1]:
        services.verify_bank_account(account, admin=admin, revision=account.revision)
    now = utcnow()
    result = services.create_payout_run(period=now.date().isoformat(), cutoff_at=now, minimum_idr=1)
    if result.proposed:
        first = result.proposed[0]
        services.mark_payout_paid(first, admin=admin, reference=f"DEMO-BCA-{first.id:06d}")
    db.session.flush()
    return len(result.proposed)
