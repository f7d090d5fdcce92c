"""Demo payouts: bank accounts for the demo stores (one left for the admins' queue) and a
payout history made through the real services: monthly runs paid, the latest one proposed."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.payouts import services
from marketplace.payouts.banks import BANKS
from marketplace.payouts.models import Payout, StoreBankAccount
from marketplace.stores.models import Store, StoreMember, StoreRole


def seed_demo_payouts(admin: User, *, months: int = 3) -> int:
    """Give every store with an owner a bank account (all verified but the last, which waits in
    the queue), then run the payouts of the last `months` full months in order: every payout of
    the older runs marked paid, the latest run's left proposed for the admins. Returns the
    payouts created; none when payouts exist already. Flushes; the caller commits.
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
    created = 0
    periods = _last_months(months)
    for index, period in enumerate(periods):
        label, cutoff = services.parse_period(period=period)
        result = services.create_payout_run(
            period=label, cutoff_at=cutoff, minimum_idr=services.payout_minimum_idr()
        )
        created += len(result.proposed)
        if index < len(periods) - 1:
            for payout in result.proposed:
                reference = f"DEMO-{payout.bank_code}-{label.replace('-', '')}-{payout.id:05d}"
                services.mark_payout_paid(payout, admin=admin, reference=reference)
    db.session.flush()
    return created


def _last_months(months: int) -> list[str]:
    """The `months` full months before the current one (WIB), oldest first, as YYYY-MM."""
    today = utcnow().astimezone(services.PERIOD_ZONE).date()
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months, index)]
