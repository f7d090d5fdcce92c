"""Database helpers: a declarative base with named constraints, UTC times, after-commit hooks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, registry
from sqlalchemy.types import TypeDecorator

log = logging.getLogger("marketplace.db")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone, so we restore it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base for every model: named constraints, aware UTC datetimes."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime},
    )


def dialect_insert(model: Any) -> Any:
    """An INSERT of the database in use, with its ON CONFLICT clauses (PostgreSQL or SQLite)."""
    from marketplace.extensions import db  # the extension module imports this one

    name = db.engine.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the app runs on these two
        raise RuntimeError(f"unsupported database {name}")
    return insert(model)


class TimestampMixin:
    """`created_at` and `updated_at`, set by the database session."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


_HOOKS_KEY = "after_commit_hooks"


def after_commit(session: Session, fn: Callable[[], Any]) -> None:
    """Run `fn` once the session's current transaction commits; drop it on rollback or close.

    A failing hook is logged and does not affect the commit (which has already happened) nor
    the hooks after it.
    """
    if session.get_transaction() is None:
        # Tie the hook to a transaction, so that a rollback before any SQL still drops it.
        session.begin()
    session.info.setdefault(_HOOKS_KEY, []).append(fn)


@event.listens_for(Session, "after_commit")
def _run_after_commit_hooks(session: Session) -> None:
    # Releasing a savepoint fires after_commit too; the hooks wait for the real commit.
    if session.in_nested_transaction():
        return
    hooks = session.info.pop(_HOOKS_KEY, [])
    for hook in hooks:
        try:
            hook()
        except Exception:
            log.exception("after-commit hook %r failed", getattr(hook, "__name__", hook))


@event.listens_for(Session, "after_transaction_end")
def _drop_after_commit_hooks(session: Session, transaction: Any) -> None:
    # After a commit the hooks are already gone; after a rollback or close they must not run.
    if transaction.parent is None:
        session.info.pop(_HOOKS_KEY, None)
