"""Keeping the index right: changes are collected at flush and indexed after the commit.

Any flush that touches a product, variant, store, category, store membership or training
record is noted on the session; once (and only if) the transaction commits, the affected
products are re-read from the database and written to the index, inline or by one background
thread per process (SEARCH_INDEX_ASYNC). A rolled-back change is never indexed. Bulk UPDATE
statements bypass the flush: their services call `mark_products_changed`.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, inspect, or_, select
from sqlalchemy.orm import Session

from marketplace.catalog.models import Category, Product, ProductVariant
from marketplace.core.db import after_commit
from marketplace.extensions import db
from marketplace.stores.models import Store, StoreMember
from marketplace.training.models import Enrollment, Participant, Program

log = logging.getLogger(__name__)

_PENDING_KEY = "search_pending"
_HOOKED_KEY = "search_pending_hooked"


@dataclass
class Changes:
    """What a transaction changed that the index depends on."""

    product_ids: set[int] = field(default_factory=set)
    store_ids: set[int] = field(default_factory=set)
    category_ids: set[int] = field(default_factory=set)
    participant_ids: set[int] = field(default_factory=set)
    user_ids: set[int] = field(default_factory=set)  # stores these people own
    program_ids: set[int] = field(default_factory=set)

    def merge(self, other: Changes) -> None:
        """Add another set of changes to this one."""
        self.product_ids |= other.product_ids
        self.store_ids |= other.store_ids
        self.category_ids |= other.category_ids
        self.participant_ids |= other.participant_ids
        self.user_ids |= other.user_ids
        self.program_ids |= other.program_ids

    def __bool__(self) -> bool:
        return any(
            (
                self.product_ids,
                self.store_ids,
                self.category_ids,
                self.participant_ids,
                self.user_ids,
                self.program_ids,
            )
        )


def _changes_in(objects: Iterable[Any]) -> Changes:
    changes = Changes()
    for obj in objects:
        if isinstance(obj, Product):
            changes.product_ids.add(obj.id)
        elif isinstance(obj, ProductVariant):
            changes.product_ids.add(obj.product_id)
        elif isinstance(obj, Store):
            changes.store_ids.add(obj.id)
        elif isinstance(obj, StoreMember):
            changes.store_ids.add(obj.store_id)
        elif isinstance(obj, Category):
            changes.category_ids.add(obj.id)
        elif isinstance(obj, Enrollment):
            changes.participant_ids.add(obj.participant_id)
        elif isinstance(obj, Participant):
            changes.participant_ids.add(obj.id)
            # Linked or unlinked: the stores of the old and the new account both change.
            history = inspect(obj).attrs.user_id.history
            changes.user_ids.update(u for u in (*history.deleted, *history.added) if u)
        elif isinstance(obj, Program):
            changes.program_ids.add(obj.id)
    changes.product_ids.discard(None)  # type: ignore[arg-type]
    return changes


def _pending(session: Session) -> Changes:
    pending: Changes | None = session.info.get(_PENDING_KEY)
    if pending is None:
        pending = session.info[_PENDING_KEY] = Changes()
    # Hand the changes to the app's indexer at commit (once; outside an app context there is
    # no indexer yet, so try again at the next flush).
    if not session.info.get(_HOOKED_KEY) and has_app_context():
        indexer: Indexer | None = current_app.extensions.get("search_indexer")
        if indexer is not None:
            session.info[_HOOKED_KEY] = True
            after_commit(session, lambda: indexer.submit(pending))
    return pending


@event.listens_for(Session, "after_flush")
def _collect_changes(session: Session, flush_context: Any) -> None:
    # At after_flush the new/dirty/deleted lists still show what this flush wrote.
    changes = _changes_in([*session.new, *session.dirty, *session.deleted])
    if changes:
        _pending(session).merge(changes)


@event.listens_for(Session, "after_transaction_end")
def _forget_changes(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING_KEY, None)
        session.info.pop(_HOOKED_KEY, None)


def mark_products_changed(session: Session, product_ids: Iterable[int]) -> None:
    """Reindex these products after the commit (for bulk UPDATEs the flush does not see)."""
    _pending(session).product_ids.update(product_ids)


def mark_users_changed(session: Session, user_ids: Iterable[int]) -> None:
    """Reindex the products of the stores these people own, after the commit."""
    _pending(session).user_ids.update(user_ids)


def resolve_product_ids(session: Session, changes: Changes) -> set[int]:
    """The products whose documents these changes affect (deleted ones included); one query."""
    ids = set(changes.product_ids)
    conditions = []
    if changes.store_ids:
        conditions.append(Product.store_id.in_(changes.store_ids))
    if changes.category_ids:
        # A parent's name is part of its children's products' documents too.
        categories = select(Category.id).where(
            or_(
                Category.id.in_(changes.category_ids),
                Category.parent_id.in_(changes.category_ids),
            )
        )
        conditions.append(Product.category_id.in_(categories))
    users = set(changes.user_ids)
    for chunk in _chunks(changes.participant_ids):
        found = session.scalars(select(Participant.user_id).where(Participant.id.in_(chunk)))
        users.update(u for u in found if u)
    for chunk in _chunks(changes.program_ids):
        found = session.scalars(
            select(Participant.user_id)
            .join(Enrollment, Enrollment.participant_id == Participant.id)
            .where(Enrollment.program_id.in_(chunk), Participant.user_id.is_not(None))
        )
        users.update(u for u in found if u)
    for chunk in _chunks(users):
        stores = select(StoreMember.store_id).where(StoreMember.user_id.in_(chunk))
        conditions.append(Product.store_id.in_(stores))
    if conditions:
        ids.update(session.scalars(select(Product.id).where(or_(*conditions))))
    return ids


def _chunks(values: Iterable[int], size: int = 500) -> Iterable[list[int]]:
    """Bounded IN lists (databases cap the number of parameters)."""
    items = sorted(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Indexer:
    """Writes committed changes to the search backend, inline or from one background thread."""

    RETRIES = 3

    def __init__(self, app: Flask, *, asynchronous: bool) -> None:
        self.app = app
        self.asynchronous = asynchronous
        self._queue: queue.Queue[Changes] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        # Batches accepted so far (tests use it to know whether the index needs emptying).
        self.submitted = 0

    def submit(self, changes: Changes) -> None:
        """Index these committed changes (now, or soon in the background)."""
        if not changes:
            return
        with self._lock:
            self.submitted += 1
        if not self.asynchronous:
            self._index(changes)
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._work, name="search-indexer", daemon=True
                )
                self._thread.start()
                atexit.register(self.flush)
        self._queue.put(changes)

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything submitted so far is indexed; False if time ran out."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                log.warning(
                    "search indexing still busy after %.0f s; `flask search check` will list "
                    "what is stale",
                    timeout,
                )
                return False
            time.sleep(0.02)
        return True

    def _work(self) -> None:
        while True:
            batch = self._queue.get()
            taken = 1
            # Coalesce whatever queued up meanwhile: one index write for a burst of commits.
            while True:
                try:
                    batch.merge(self._queue.get_nowait())
                    taken += 1
                except queue.Empty:
                    break
            try:
                for attempt in range(1, self.RETRIES + 1):
                    try:
                        self._index(batch, raise_errors=True)
                        break
                    except Exception:
                        if attempt == self.RETRIES:
                            log.exception(
                                "search indexing failed %d times; `flask search check` will "
                                "list what is stale",
                                attempt,
                            )
                        else:
                            time.sleep(0.5 * attempt)
            finally:
                for _ in range(taken):
                    self._queue.task_done()

    def _index(self, changes: Changes, *, raise_errors: bool = False) -> None:
        from marketplace.search.service import get_backend

        with self.app.app_context():
            try:
                with Session(db.engine) as session:
                    ids = resolve_product_ids(session, changes)
                get_backend().index_products(ids)
            except Exception:
                if raise_errors:
                    raise
                log.exception("search indexing failed; `flask search check` lists what is stale")
