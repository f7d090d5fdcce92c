"""Writes: a store's bank account and its verification, payout runs, paying and cancelling.

A payout debits the store's ledger once: one PAYOUT entry per payout (unique `payout_id`),
written under the payout's row lock by a conditional status change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.ledger import store_balance
from marketplace.orders.models import LedgerEntry, LedgerKind
from marketplace.payouts.banks import BANKS
from marketplace.payouts.errors import (
    BankAccountChanged,
    BankAccountNotPending,
    InvalidBankAccount,
    InvalidPayoutAction,
    InvalidPeriod,
    NotAllowed,
    PayoutExceedsBalance,
    PayoutMayBeSent,
    PayoutNotOpen,
)
from marketplace.payouts.models import (
    PAYOUT_TRANSITIONS,
    BankAccountEvent,
    BankAccountStatus,
    Payout,
    PayoutEvent,
    PayoutRun,
    PayoutStatus,
    StoreBankAccount,
)
from marketplace.stores.models import Store, StoreMember, StoreRole

DEFAULT_MINIMUM_IDR = 50_000
# Periods end at midnight in Jakarta: "2025-01" is everything entered before 1 Feb 00:00 WIB.
PERIOD_ZONE = ZoneInfo("Asia/Jakarta")

ACCOUNT_NUMBER_MIN, ACCOUNT_NUMBER_MAX = 6, 20
HOLDER_MIN, HOLDER_MAX = 3, 100
REASON_MIN, REASON_MAX = 5, 300
REFERENCE_MIN, REFERENCE_MAX = 3, 60

_HOLDER_RE = re.compile(r"[^\W_][\w .,'&()/-]*")
_REFERENCE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./_-]*")
_MONTH_RE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def payout_minimum_idr() -> int:
    """The smallest balance paid out (config `PAYOUT_MINIMUM_IDR`, default Rp50.000)."""
    return int(current_app.config.get("PAYOUT_MINIMUM_IDR", DEFAULT_MINIMUM_IDR))


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


# -- Bank accounts -----------------------------------------------------------------------------


def normalise_account_number(raw: str | None) -> str:
    """An account number as digits only: spaces, dots and dashes people type are dropped."""
    return re.sub(r"[\s.\-]", "", raw or "")


def set_bank_account(
    store: Store, *, owner: User, bank_code: str, account_number: str, holder_name: str
) -> StoreBankAccount:
    """Set or change the store's bank account; any change waits for an admin's check again,
    and open payouts not yet sent to the bank are cancelled (they named the old account).

    Raises NotAllowed (not an owner), InvalidBankAccount(.field). Flushes; the caller commits.
    """
    if not _is_owner(store.id, owner.id):
        raise NotAllowed()
    bank_code = (bank_code or "").strip()
    number = normalise_account_number(account_number)
    holder = _words(holder_name)
    if bank_code not in BANKS:
        raise InvalidBankAccount(_l("Pilih bank dari daftar."), field="bank_code")
    if not (
        re.fullmatch(r"[0-9]+", number) and ACCOUNT_NUMBER_MIN <= len(number) <= ACCOUNT_NUMBER_MAX
    ):
        raise InvalidBankAccount(
            _l(
                "Nomor rekening harus berupa %(min)d–%(max)d angka.",
                min=ACCOUNT_NUMBER_MIN,
                max=ACCOUNT_NUMBER_MAX,
            ),
            field="account_number",
        )
    if not (HOLDER_MIN <= len(holder) <= HOLDER_MAX and _HOLDER_RE.fullmatch(holder)):
        raise InvalidBankAccount(
            _l(
                "Tulis nama pemilik rekening persis seperti di buku tabungan (%(min)d–%(max)d "
                "karakter: huruf, angka, spasi dan . , ' - & ( ) /).",
                min=HOLDER_MIN,
                max=HOLDER_MAX,
            ),
            field="holder_name",
        )
    account = db.session.scalar(
        select(StoreBankAccount).where(StoreBankAccount.store_id == store.id).with_for_update()
    )
    if account is None:
        account = StoreBankAccount(store_id=store.id, revision=0)
        db.session.add(account)
    elif (account.bank_code, account.account_number, account.holder_name) == (
        bank_code,
        number,
        holder,
    ):
        return account  # nothing changed: the verification stands
    account.bank_code, account.account_number, account.holder_name = bank_code, number, holder
    account.status = BankAccountStatus.PENDING
    account.status_reason = ""
    account.revision = (account.revision or 0) + 1
    account.changed_by_id = owner.id
    account.verified_at = None
    account.verified_by_id = None
    db.session.flush()
    _account_event(account, "set", actor=owner)
    _cancel_unsent_payouts(store.id, actor=owner, reason="Rekening bank toko diubah.")
    db.session.flush()
    return account


def verify_bank_account(
    account: StoreBankAccount, *, admin: User, revision: int | None
) -> StoreBankAccount:
    """An admin confirms the account (name check with the bank): payouts may go to it.

    Raises NotAllowed, BankAccountChanged (not the revision shown), BankAccountNotPending.
    """
    _check_admin(admin)
    account = _lock_account(account, revision)
    if account.status != BankAccountStatus.PENDING:
        raise BankAccountNotPending()
    account.status = BankAccountStatus.VERIFIED
    account.status_reason = ""
    account.verified_at = utcnow()
    account.verified_by_id = admin.id
    _account_event(account, "verified", actor=admin)
    db.session.flush()
    return account


def reject_bank_account(
    account: StoreBankAccount, *, admin: User, revision: int | None, reason: str
) -> StoreBankAccount:
    """An admin refuses (or withdraws a verification of) the account, with a reason the owner
    reads; unsent open payouts to it are cancelled.

    Raises NotAllowed, InvalidPayoutAction (reason), BankAccountChanged, BankAccountNotPending.
    """
    _check_admin(admin)
    reason = _checked_reason(reason)
    account = _lock_account(account, revision)
    if account.status == BankAccountStatus.REJECTED:
        raise BankAccountNotPending()
    account.status = BankAccountStatus.REJECTED
    account.status_reason = reason
    account.verified_at = None
    account.verified_by_id = None
    _account_event(account, "rejected", actor=admin, note=reason)
    _cancel_unsent_payouts(account.store_id, actor=admin, reason=reason)
    db.session.flush()
    return account


def _lock_account(account: StoreBankAccount, revision: int | None) -> StoreBankAccount:
    locked = db.session.scalar(
        select(StoreBankAccount)
        .where(StoreBankAccount.id == account.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert locked is not None
    if revision is None or locked.revision != revision:
        raise BankAccountChanged()
    return locked


def _account_event(account: StoreBankAccount, kind: str, *, actor: User, note: str = "") -> None:
    db.session.add(
        BankAccountEvent(
            account_id=account.id,
            actor_user_id=actor.id,
            kind=kind,
            note=note,
            data={"bank_code": account.bank_code, "last4": account.account_number[-4:]},
        )
    )


def _cancel_unsent_payouts(store_id: int, *, actor: User, reason: str) -> None:
    """Cancel the store's open payouts whose bank file was not downloaded yet."""
    open_payouts = db.session.scalars(
        select(Payout)
        .where(
            Payout.store_id == store_id,
            Payout.status == PayoutStatus.PROPOSED,
            Payout.exported_at.is_(None),
        )
        .with_for_update()
    )
    for payout in open_payouts:
        _move(payout, PayoutStatus.CANCELLED, actor=actor, note=reason)
        payout.cancelled_at = utcnow()
        payout.cancelled_by_id = actor.id
        payout.cancel_reason = reason


def _is_owner(store_id: int, user_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(StoreMember.id).where(
                StoreMember.store_id == store_id,
                StoreMember.user_id == user_id,
                StoreMember.role == StoreRole.OWNER,
            )
        )
    )


def _check_admin(user: User) -> None:
    if not user.is_admin:
        raise NotAllowed()


def _checked_reason(reason: str | None) -> str:
    reason = _words(reason)
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise InvalidPayoutAction(
            _l("Tulis alasannya (%(min)d–%(max)d karakter).", min=REASON_MIN, max=REASON_MAX),
            field="reason",
        )
    return reason


# -- Runs --------------------------------------------------------------------------------------


def parse_period(
    *, period: str | None = None, until: str | None = None, now: datetime | None = None
) -> tuple[str, datetime]:
    """The label and cutoff (exclusive, UTC) of a month `YYYY-MM` or of a day `YYYY-MM-DD`
    (up to and including it). The cutoff is never later than now.

    Raises InvalidPeriod (both or neither given, malformed, not started yet).
    """
    now = now or utcnow()
    if bool(period) == bool(until):
        raise InvalidPeriod()
    if period:
        match = _MONTH_RE.fullmatch(period.strip())
        if match is None:
            raise InvalidPeriod()
        year, month = int(match[1]), int(match[2])
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1)
        label = f"{year:04d}-{month:02d}"
    else:
        try:
            start = date.fromisoformat((until or "").strip())
        except ValueError:
            raise InvalidPeriod() from None
        end = start + timedelta(days=1)
        label = start.isoformat()
    starts_at = datetime.combine(start, time(), PERIOD_ZONE)
    if starts_at > now:
        raise InvalidPeriod()
    cutoff = datetime.combine(end, time(), PERIOD_ZONE).astimezone(now.tzinfo)
    return label, min(cutoff, now)


@dataclass
class RunResult:
    """What a payout run did, store by store."""

    run: PayoutRun
    proposed: list[Payout] = field(default_factory=list)
    already_in_period: int = 0
    open_elsewhere: int = 0
    below_minimum: int = 0
    unverified: int = 0

    @property
    def total_idr(self) -> int:
        return sum(p.amount_idr for p in self.proposed)


def create_payout_run(*, period: str, cutoff_at: datetime, minimum_idr: int) -> RunResult:
    """Propose one payout per store whose earnings up to the cutoff (and balance now) reach
    `minimum_idr` and that has a verified bank account and no open payout. Running it again
    for the period adds only stores that became due since (unique per store and period).

    Queries are few and fixed: the run, the stores done or open, balances, verified accounts.
    Flushes; the caller commits.
    """
    minimum_idr = max(1, minimum_idr)
    run = _run_for(period, cutoff_at=cutoff_at, minimum_idr=minimum_idr)
    result = RunResult(run=run)
    in_period = set(db.session.scalars(select(Payout.store_id).where(Payout.period == period)))
    # Read before the balances: a payout marked paid meanwhile shows here as not open, and its
    # ledger entry (same commit) is then seen by the balance query below.
    open_stores = set(
        db.session.scalars(select(Payout.store_id).where(Payout.status == PayoutStatus.PROPOSED))
    )
    later = and_(LedgerEntry.kind != LedgerKind.PAYOUT, LedgerEntry.created_at >= cutoff_at)
    balances = db.session.execute(
        select(
            LedgerEntry.store_id,
            func.sum(LedgerEntry.amount_idr),
            func.sum(case((later, LedgerEntry.amount_idr), else_=0)),
        )
        .group_by(LedgerEntry.store_id)
        .order_by(LedgerEntry.store_id)
    ).all()
    accounts = {
        a.store_id: a
        for a in db.session.scalars(
            select(StoreBankAccount).where(StoreBankAccount.status == BankAccountStatus.VERIFIED)
        )
    }
    for store_id, balance, since_cutoff in balances:
        # Earnings after the cutoff wait for the next period; a refund since lowers it now.
        amount = int(balance or 0) - max(int(since_cutoff or 0), 0)
        if store_id in in_period:
            result.already_in_period += 1
        elif amount < minimum_idr:
            result.below_minimum += 1
        elif store_id not in accounts:
            result.unverified += 1
        elif store_id in open_stores:
            result.open_elsewhere += 1
        else:
            payout = _propose(run, accounts[store_id], amount)
            if payout is None:
                result.open_elsewhere += 1
            else:
                result.proposed.append(payout)
    run.last_run_at = utcnow()
    db.session.flush()
    return result


def _run_for(period: str, *, cutoff_at: datetime, minimum_idr: int) -> PayoutRun:
    run = db.session.scalar(select(PayoutRun).where(PayoutRun.period == period))
    if run is None:
        try:
            with db.session.begin_nested():
                run = PayoutRun(period=period, cutoff_at=cutoff_at, minimum_idr=minimum_idr)
                db.session.add(run)
        except IntegrityError:  # a concurrent run of the same period was first
            run = db.session.scalar(select(PayoutRun).where(PayoutRun.period == period))
            assert run is not None
    run.minimum_idr = minimum_idr
    return run


def _propose(run: PayoutRun, account: StoreBankAccount, amount_idr: int) -> Payout | None:
    """One proposed payout, or None when a concurrent run proposed one for the store first."""
    payout = Payout(
        run_id=run.id,
        store_id=account.store_id,
        period=run.period,
        amount_idr=amount_idr,
        status=PayoutStatus.PROPOSED,
        bank_account_id=account.id,
        bank_code=account.bank_code,
        account_number=account.account_number,
        holder_name=account.holder_name,
    )
    try:
        with db.session.begin_nested():
            db.session.add(payout)
            db.session.flush()
            db.session.add(
                PayoutEvent(payout_id=payout.id, from_status=None, to_status=payout.status)
            )
    except IntegrityError:
        return None
    return payout


# -- Paying ------------------------------------------------------------------------------------


def mark_payout_paid(payout: Payout, *, admin: User, reference: str) -> LedgerEntry:
    """Record that the money was transferred: the payout is paid and the store's balance is
    debited by exactly one PAYOUT ledger entry, however many times or admins ask at once.

    Raises NotAllowed, InvalidPayoutAction (reference), PayoutNotOpen. Flushes.
    """
    _check_admin(admin)
    reference = _words(reference)
    if not (
        REFERENCE_MIN <= len(reference) <= REFERENCE_MAX and _REFERENCE_RE.fullmatch(reference)
    ):
        raise InvalidPayoutAction(
            _l(
                "Isi nomor referensi transfer dari bank (%(min)d–%(max)d huruf/angka).",
                min=REFERENCE_MIN,
                max=REFERENCE_MAX,
            ),
            field="reference",
        )
    locked = _lock_payout(payout)
    # The balance may have dropped since the run (a refund after completion): never pay out
    # more than the store has. The store row serialises payouts of one store.
    db.session.execute(select(Store.id).where(Store.id == locked.store_id).with_for_update()).all()
    balance = store_balance(locked.store_id)
    if locked.status == PayoutStatus.PROPOSED and balance < locked.amount_idr:
        raise PayoutExceedsBalance(amount_idr=locked.amount_idr, balance_idr=balance)
    now = utcnow()
    # Conditional on the status read, so that a concurrent mark (SQLite has no row locks)
    # changes nothing; the unique payout_id of the ledger entry is the last guard.
    changed = db.session.execute(
        update(Payout)
        .where(Payout.id == locked.id, Payout.status == PayoutStatus.PROPOSED)
        .values(
            status=PayoutStatus.PAID,
            paid_at=now,
            paid_by_id=admin.id,
            transfer_reference=reference,
            updated_at=now,
        )
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if changed != 1:
        raise PayoutNotOpen()
    db.session.add(
        PayoutEvent(
            payout_id=locked.id,
            actor_user_id=admin.id,
            from_status=PayoutStatus.PROPOSED,
            to_status=PayoutStatus.PAID,
            note=reference,
        )
    )
    entry = LedgerEntry(
        store_id=locked.store_id,
        payout_id=locked.id,
        kind=LedgerKind.PAYOUT,
        amount_idr=-locked.amount_idr,
        memo=f"Pencairan {locked.period} · {reference}"[:200],
        data={"period": locked.period, "reference": reference, "bank_code": locked.bank_code},
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def cancel_payout(
    payout: Payout, *, admin: User, reason: str, confirmed_not_sent: bool = False
) -> Payout:
    """Cancel a proposed payout, saying why (the seller reads it); the balance stays and is
    proposed again by the next period's run. Once its bank file was downloaded the transfer may
    be under way: the admin must confirm having checked that the bank did not send it (kept in
    the history), or the store could be paid twice.

    Raises NotAllowed, InvalidPayoutAction (reason), PayoutNotOpen, PayoutMayBeSent. Flushes.
    """
    _check_admin(admin)
    reason = _checked_reason(reason)
    locked = _lock_payout(payout)
    if locked.status != PayoutStatus.PROPOSED:
        raise PayoutNotOpen()
    if locked.exported_at is not None:
        if not confirmed_not_sent:
            raise PayoutMayBeSent()
        note = f" ({_l('Dipastikan di bank: transfer tidak dikirim.')})"
        reason = reason[: REASON_MAX - len(note)].rstrip() + note  # the note is never cut
    _move(locked, PayoutStatus.CANCELLED, actor=admin, note=reason)
    locked.cancelled_at = utcnow()
    locked.cancelled_by_id = admin.id
    locked.cancel_reason = reason
    db.session.flush()
    return locked


def mark_payouts_exported(payouts: Iterable[Payout], *, admin: User) -> None:
    """Note that the bank file with these payouts was downloaded (a transfer may be under way:
    a later account change no longer cancels them). Raises NotAllowed. Flushes."""
    _check_admin(admin)
    ids = [p.id for p in payouts if p.exported_at is None]
    if ids:
        db.session.execute(
            update(Payout)
            .where(Payout.id.in_(ids), Payout.exported_at.is_(None))
            .values(exported_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )
        db.session.flush()


def _lock_payout(payout: Payout) -> Payout:
    locked = db.session.scalar(
        select(Payout)
        .where(Payout.id == payout.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert locked is not None
    return locked


def _move(payout: Payout, to: str, *, actor: User | None, note: str = "") -> None:
    if to not in PAYOUT_TRANSITIONS[payout.status]:
        raise PayoutNotOpen()
    db.session.add(
        PayoutEvent(
            payout_id=payout.id,
            actor_user_id=actor.id if actor else None,
            from_status=payout.status,
            to_status=to,
            note=note[:300],
        )
    )
    payout.status = to
