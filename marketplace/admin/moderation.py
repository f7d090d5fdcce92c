"""Moderation: users report products and reviews; admins hide and restore them, suspend and
unsuspend stores and users. Every action is explicit, carries a reason (shown to the item's
owner) and is kept as a `ModerationAction`, the item's history. Services flush; views commit.

Where each action shows:
- a hidden product is HIDDEN with `hidden_reason = "admin:<reason>"`: it leaves public pages,
  carts (`load_sellable`) and search (reindexed after the commit, as any product change), and
  only an admin shows it again (`catalog.services.set_status` refuses the seller);
- a hidden review is `is_hidden` with its `hidden_reason`; the product and store rating
  counters lose it once and get it back once on restore (conditional updates);
- a suspended store is SUSPENDED: public pages, carts and search show only live stores, so no
  new order can be placed, while orders in flight are processed, shipped and completed as usual;
- a suspended user has `suspended_at`: sessions end (`session_version` bumped), login and
  session loading refuse them; the stores they alone own (no other owner with an active
  account) are suspended with them, each with its own logged action; lifting the account's
  suspension leaves those stores to be lifted one by one.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.admin.models import (
    ContentReport,
    ModerationAction,
    ModerationKind,
    ModerationTarget,
    ReportCategory,
    ReportStatus,
)
from marketplace.catalog.models import PRODUCT_TRANSITIONS, Product, ProductEvent, ProductStatus
from marketplace.catalog.services import MODERATED_PREFIX, publish_problems, record_status
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.extensions import db
from marketplace.orders.models import Review
from marketplace.search.indexing import mark_products_changed
from marketplace.stores.models import (
    STORE_TRANSITIONS,
    Store,
    StoreEvent,
    StoreMember,
    StoreRole,
    StoreStatus,
)

REASON_MIN = 5
REASON_MAX = 300
REPORT_TEXT_MAX = 1000
# Product and store events keep a short copy of the reason (their column is 60 characters).
EVENT_REASON_MAX = 60


# -- Errors ------------------------------------------------------------------------------------


class ReasonRequired(DomainError):
    """A moderation action without a reason (or with a too long one)."""

    code = "moderation_reason_required"
    message = _l(
        "Tuliskan alasannya (%(min)d–%(max)d huruf); pemiliknya akan membacanya.",
        min=REASON_MIN,
        max=REASON_MAX,
    )


class InvalidReport(DomainError):
    """An unknown category, or a text too long (or missing for "lainnya")."""

    code = "invalid_report"
    message = _l(
        "Pilih jenis laporan; untuk \u201clainnya\u201d jelaskan masalahnya (paling sedikit "
        "%(min)d huruf, paling banyak %(max)d).",
        min=REASON_MIN,
        max=REPORT_TEXT_MAX,
    )


class AlreadyReported(DomainError):
    """The user has an open report on this item already."""

    code = "already_reported"
    message = _l("Anda sudah melaporkan ini. Admin sedang meninjaunya.")


class NotReportable(DomainError):
    """The item is not public (any more), or is the reporter's own."""

    code = "not_reportable"
    message = _l("Ini tidak dapat dilaporkan.")


class NothingToDismiss(DomainError):
    """No open report on this item (someone handled it meanwhile)."""

    code = "nothing_to_dismiss"
    message = _l("Tidak ada laporan terbuka untuk item ini. Mungkin sudah ditangani admin lain.")


class ModerationNotAllowed(DomainError):
    """The item is not in a state this action applies to (e.g. already hidden)."""

    code = "moderation_not_allowed"
    message = _l("Tindakan ini tidak berlaku untuk keadaan item saat ini.")


# -- Helpers -----------------------------------------------------------------------------------


def clean_reason(reason: str) -> str:
    """The reason with its spaces tidied. Raises ReasonRequired (shorter than 5, over 300)."""
    reason = " ".join((reason or "").split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise ReasonRequired(length=len(reason))
    return reason


def _event_reason(reason: str) -> str:
    return f"{MODERATED_PREFIX} {reason}"[:EVENT_REASON_MAX]


def _log(
    target: ModerationTarget,
    target_id: int,
    action: ModerationKind,
    *,
    admin: User,
    reason: str,
    reports_closed: int = 0,
) -> ModerationAction:
    entry = ModerationAction(
        target_kind=target,
        target_id=target_id,
        action=action,
        reason=reason,
        actor_user_id=admin.id,
        reports_closed=reports_closed,
    )
    db.session.add(entry)
    return entry


def _close_reports(
    *,
    product_id: int | None = None,
    review_id: int | None = None,
    status: str,
    admin: User,
    note: str,
) -> int:
    """Close every open report of one item in one UPDATE; returns how many."""
    column = ContentReport.product_id if product_id is not None else ContentReport.review_id
    result = db.session.execute(
        update(ContentReport)
        .where(column == (product_id or review_id), ContentReport.status == ReportStatus.OPEN)
        .values(
            status=status,
            handled_by_id=admin.id,
            handled_at=utcnow(),
            note=note[:300],
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def is_moderated(product: Product) -> bool:
    """Whether an admin hid this product (so only an admin shows it again)."""
    return (product.hidden_reason or "").startswith(MODERATED_PREFIX)


def moderation_reason(product: Product) -> str:
    """The reason an admin gave for hiding the product ('' if not hidden by an admin)."""
    return (product.hidden_reason or "")[len(MODERATED_PREFIX) :] if is_moderated(product) else ""


# -- Reports -----------------------------------------------------------------------------------


def _check_report(category: str, text: str) -> str:
    text = (text or "").strip()
    if category not in set(ReportCategory) or len(text) > REPORT_TEXT_MAX:
        raise InvalidReport(category=category)
    if category == ReportCategory.OTHER and len(text) < REASON_MIN:
        raise InvalidReport(category=category)
    return text


def _add_report(report: ContentReport) -> ContentReport:
    try:
        # A savepoint: a twin request's report (the partial unique index) fails only this.
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError as exc:
        raise AlreadyReported() from exc
    return report


def report_product(product: Product, *, reporter: User, category: str, text: str) -> ContentReport:
    """A signed-in user reports a public product, once while the report is open.

    Raises InvalidReport, NotReportable (not public, or the reporter's own store's),
    AlreadyReported. Flushes.
    """
    text = _check_report(category, text)
    store = db.session.get(Store, product.store_id)
    if (
        store is None
        or store.status != StoreStatus.LIVE
        or product.status != ProductStatus.ACTIVE
        or _runs_store(reporter, product.store_id)
    ):
        raise NotReportable()
    if _open_report_exists(ContentReport.product_id == product.id, reporter):
        raise AlreadyReported()
    return _add_report(
        ContentReport(reporter_id=reporter.id, product_id=product.id, category=category, text=text)
    )


def report_review(review: Review, *, reporter: User, category: str, text: str) -> ContentReport:
    """A signed-in user reports a visible review (sellers may report reviews of their store).

    Raises InvalidReport, NotReportable (hidden, or the reporter's own), AlreadyReported.
    Flushes.
    """
    text = _check_report(category, text)
    if review.is_hidden or review.buyer_id == reporter.id:
        raise NotReportable()
    if _open_report_exists(ContentReport.review_id == review.id, reporter):
        raise AlreadyReported()
    return _add_report(
        ContentReport(reporter_id=reporter.id, review_id=review.id, category=category, text=text)
    )


def _open_report_exists(condition: object, reporter: User) -> bool:
    return (
        db.session.scalar(
            select(ContentReport.id).where(
                condition,  # type: ignore[arg-type]
                ContentReport.reporter_id == reporter.id,
                ContentReport.status == ReportStatus.OPEN,
            )
        )
        is not None
    )


def _runs_store(user: User, store_id: int) -> bool:
    from marketplace.stores.models import StoreMember

    return (
        db.session.scalar(
            select(StoreMember.id).where(
                StoreMember.store_id == store_id, StoreMember.user_id == user.id
            )
        )
        is not None
    )


def dismiss_reports(
    *, product: Product | None = None, review: Review | None = None, admin: User, note: str
) -> int:
    """Dismiss every open report of one product or review with a note; returns how many.

    Raises ReasonRequired, NothingToDismiss. Flushes.
    """
    note = clean_reason(note)
    if product is not None:
        closed = _close_reports(
            product_id=product.id, status=ReportStatus.DISMISSED, admin=admin, note=note
        )
        target, target_id = ModerationTarget.PRODUCT, product.id
    elif review is not None:
        closed = _close_reports(
            review_id=review.id, status=ReportStatus.DISMISSED, admin=admin, note=note
        )
        target, target_id = ModerationTarget.REVIEW, review.id
    else:
        raise NothingToDismiss()
    if not closed:
        raise NothingToDismiss()
    _log(target, target_id, ModerationKind.DISMISS, admin=admin, reason=note, reports_closed=closed)
    db.session.flush()
    return closed


# -- Products ----------------------------------------------------------------------------------


def hide_product(product: Product, *, admin: User, reason: str) -> int:
    """Hide a product with a reason its seller reads; its open reports are actioned.

    Returns how many reports were closed. Raises ReasonRequired, ModerationNotAllowed (already
    hidden by an admin, or archived). Flushes; search follows after the commit.
    """
    reason = clean_reason(reason)
    if is_moderated(product):
        raise ModerationNotAllowed(_l("Produk ini sudah disembunyikan oleh admin."))
    if product.status != ProductStatus.HIDDEN:
        if ProductStatus.HIDDEN not in PRODUCT_TRANSITIONS[product.status]:
            raise ModerationNotAllowed(status=product.status)
        record_status(
            product, ProductStatus.HIDDEN, actor_id=admin.id, reason=_event_reason(reason)
        )
    else:
        # Hidden already (by the seller or a document rule): the lock and the reason change.
        db.session.add(
            ProductEvent(
                product_id=product.id,
                actor_user_id=admin.id,
                from_status=product.status,
                to_status=product.status,
                reason=_event_reason(reason),
            )
        )
    product.hidden_reason = f"{MODERATED_PREFIX}{reason}"
    closed = _close_reports(
        product_id=product.id, status=ReportStatus.ACTIONED, admin=admin, note=reason
    )
    _log(
        ModerationTarget.PRODUCT,
        product.id,
        ModerationKind.HIDE,
        admin=admin,
        reason=reason,
        reports_closed=closed,
    )
    db.session.flush()
    return closed


def restore_product(product: Product, *, admin: User, reason: str) -> str:
    """Lift an admin's hiding: the product goes back to what it was before (ACTIVE through the
    transition table when it was active and the publication rule allows, hidden by its seller
    when it was, else DRAFT for the seller to complete). Returns the new status.

    Raises ReasonRequired, ModerationNotAllowed (not hidden by an admin). Flushes.
    """
    reason = clean_reason(reason)
    if not is_moderated(product):
        raise ModerationNotAllowed(_l("Produk ini tidak disembunyikan oleh admin."))
    # Back to what it was before the admin hid it: never publish what the seller had not.
    before = db.session.scalar(
        select(ProductEvent.from_status)
        .where(
            ProductEvent.product_id == product.id,
            ProductEvent.to_status == ProductStatus.HIDDEN,
        )
        .order_by(ProductEvent.id.desc())
        .limit(1)
    )
    product.hidden_reason = None
    if product.status == ProductStatus.HIDDEN and before != ProductStatus.HIDDEN:
        allowed = PRODUCT_TRANSITIONS[ProductStatus.HIDDEN]
        target = (
            ProductStatus.ACTIVE
            if before == ProductStatus.ACTIVE
            and ProductStatus.ACTIVE in allowed
            and not publish_problems(product)
            else ProductStatus.DRAFT
        )
        if target in allowed:
            record_status(product, target, actor_id=admin.id, reason=_event_reason(reason))
    _log(ModerationTarget.PRODUCT, product.id, ModerationKind.RESTORE, admin=admin, reason=reason)
    db.session.flush()
    return product.status


# -- Reviews -----------------------------------------------------------------------------------


def _adjust_rating(review: Review, sign: int) -> None:
    """Take a review's rating out of (-1) or back into (+1) the product and store counters.

    Product first, then store: the same lock order as writing a review.
    """
    if review.product_id is not None:
        db.session.execute(
            update(Product)
            .where(Product.id == review.product_id)
            .values(
                rating_count=Product.rating_count + sign,
                rating_sum=Product.rating_sum + sign * review.rating,
            )
            .execution_options(synchronize_session=False)
        )
        mark_products_changed(db.session(), [review.product_id])
    db.session.execute(
        update(Store)
        .where(Store.id == review.store_id)
        .values(
            rating_count=Store.rating_count + sign,
            rating_sum=Store.rating_sum + sign * review.rating,
        )
        .execution_options(synchronize_session=False)
    )


def _set_review_hidden(review: Review, *, hidden: bool, reason: str | None) -> bool:
    """Flip `is_hidden` only if it is not so already (one winner of two admins)."""
    result = db.session.execute(
        update(Review)
        .where(Review.id == review.id, Review.is_hidden.is_(not hidden))
        .values(is_hidden=hidden, hidden_reason=reason, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def hide_review(review: Review, *, admin: User, reason: str) -> int:
    """Hide a review with a reason (shown to its writer and the seller); its rating leaves
    the product and store averages once; its open reports are actioned. Returns how many
    reports were closed. Raises ReasonRequired, ModerationNotAllowed (hidden already). Flushes.
    """
    reason = clean_reason(reason)
    if not _set_review_hidden(review, hidden=True, reason=reason):
        raise ModerationNotAllowed(_l("Ulasan ini sudah disembunyikan."))
    _adjust_rating(review, -1)
    closed = _close_reports(
        review_id=review.id, status=ReportStatus.ACTIONED, admin=admin, note=reason
    )
    _log(
        ModerationTarget.REVIEW,
        review.id,
        ModerationKind.HIDE,
        admin=admin,
        reason=reason,
        reports_closed=closed,
    )
    db.session.flush()
    db.session.refresh(review)
    return closed


def restore_review(review: Review, *, admin: User, reason: str) -> None:
    """Show a hidden review again; its rating counts again, once.

    Raises ReasonRequired, ModerationNotAllowed (not hidden). Flushes.
    """
    reason = clean_reason(reason)
    if not _set_review_hidden(review, hidden=False, reason=None):
        raise ModerationNotAllowed(_l("Ulasan ini tidak disembunyikan."))
    _adjust_rating(review, +1)
    _log(ModerationTarget.REVIEW, review.id, ModerationKind.RESTORE, admin=admin, reason=reason)
    db.session.flush()
    db.session.refresh(review)


# -- Stores ------------------------------------------------------------------------------------


def _change_store_status(store: Store, status: str, *, admin: User, reason: str) -> None:
    if status not in STORE_TRANSITIONS[store.status]:
        raise ModerationNotAllowed(status=store.status)
    db.session.add(
        StoreEvent(
            store_id=store.id,
            actor_user_id=admin.id,
            from_status=store.status,
            to_status=status,
            reason=_event_reason(reason),
        )
    )
    store.status = status


def suspend_store(store: Store, *, admin: User, reason: str) -> None:
    """Suspend a store: it and its products leave public pages, carts and search (no new
    orders); orders in flight stay with the seller to process, ship and complete.

    Raises ReasonRequired, ModerationNotAllowed (suspended already). Flushes.
    """
    reason = clean_reason(reason)
    if store.status == StoreStatus.SUSPENDED:
        raise ModerationNotAllowed(_l("Toko ini sudah ditangguhkan."))
    _change_store_status(store, StoreStatus.SUSPENDED, admin=admin, reason=reason)
    _log(ModerationTarget.STORE, store.id, ModerationKind.SUSPEND, admin=admin, reason=reason)
    db.session.flush()


def unsuspend_store(store: Store, *, admin: User, reason: str) -> None:
    """Lift a suspension: the store returns to DRAFT (the only way out of SUSPENDED in the
    transition table) and its owner publishes it again under the go-live rule.

    Raises ReasonRequired, ModerationNotAllowed (not suspended). Flushes.
    """
    reason = clean_reason(reason)
    if store.status != StoreStatus.SUSPENDED:
        raise ModerationNotAllowed(_l("Toko ini tidak sedang ditangguhkan."))
    _change_store_status(store, StoreStatus.DRAFT, admin=admin, reason=reason)
    _log(ModerationTarget.STORE, store.id, ModerationKind.UNSUSPEND, admin=admin, reason=reason)
    db.session.flush()


# -- Users -------------------------------------------------------------------------------------


def _stores_run_only_by(user: User) -> list[Store]:
    """Stores not yet suspended where `user` is an owner and no other owner's account is active.

    Every store the user owns is locked first (in id order), then the other owners are read in
    a fresh statement: two admins suspending a store's two co-owners at once queue on the store
    row, and the second sees the first's suspension, so the store cannot stay live.
    """
    db.session.execute(
        select(Store.id)
        .join(StoreMember, StoreMember.store_id == Store.id)
        .where(StoreMember.user_id == user.id, StoreMember.role == StoreRole.OWNER)
        .order_by(Store.id)
        .with_for_update(of=Store)
    ).all()
    other_active_owner = (
        select(StoreMember.id)
        .join(User, User.id == StoreMember.user_id)
        .where(
            StoreMember.store_id == Store.id,
            StoreMember.role == StoreRole.OWNER,
            StoreMember.user_id != user.id,
            User.suspended_at.is_(None),
        )
        .exists()
    )
    return list(
        db.session.scalars(
            select(Store)
            .join(StoreMember, StoreMember.store_id == Store.id)
            .where(
                StoreMember.user_id == user.id,
                StoreMember.role == StoreRole.OWNER,
                Store.status != StoreStatus.SUSPENDED,
                ~other_active_owner,
            )
            .order_by(Store.id)
        )
    )


def suspend_user(user: User, *, admin: User, reason: str) -> list[Store]:
    """Suspend an account: every session ends at once and login is refused (with the reason);
    the stores they alone own are suspended with them (listings hidden; orders in flight stay
    completable, see `suspend_store`). Returns those stores. Lifting the account's suspension
    does not reopen them: each store is lifted on its own, explicitly.

    Raises ReasonRequired, ModerationNotAllowed (suspended already, or an admin). Flushes.
    """
    reason = clean_reason(reason)
    if user.is_admin:
        raise ModerationNotAllowed(
            _l("Akun admin tidak dapat ditangguhkan. Cabut dulu hak adminnya.")
        )
    if user.suspended_at is not None:
        raise ModerationNotAllowed(_l("Akun ini sudah ditangguhkan."))
    user.suspended_at = utcnow()
    user.suspension_reason = reason
    user.session_version += 1
    _log(ModerationTarget.USER, user.id, ModerationKind.SUSPEND, admin=admin, reason=reason)
    stores = _stores_run_only_by(user)
    # Store staff read the store's history: the account's reason stays on the account.
    store_reason = str(_l("Akun pemilik toko ini ditangguhkan oleh admin."))
    for store in stores:
        _change_store_status(store, StoreStatus.SUSPENDED, admin=admin, reason=store_reason)
        _log(
            ModerationTarget.STORE,
            store.id,
            ModerationKind.SUSPEND,
            admin=admin,
            reason=store_reason,
        )
    db.session.flush()
    return stores


def unsuspend_user(user: User, *, admin: User, reason: str) -> None:
    """Let a suspended user log in again. Raises ReasonRequired, ModerationNotAllowed. Flushes."""
    reason = clean_reason(reason)
    if user.suspended_at is None:
        raise ModerationNotAllowed(_l("Akun ini tidak sedang ditangguhkan."))
    user.suspended_at = None
    user.suspension_reason = None
    _log(ModerationTarget.USER, user.id, ModerationKind.UNSUSPEND, admin=admin, reason=reason)
    db.session.flush()
