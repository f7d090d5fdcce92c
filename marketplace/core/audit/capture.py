"""Recording writes: the request hook, the session listeners, and explicit entries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Flask, g, has_app_context, request
from flask_login import current_user
from sqlalchemy import Column, Table, and_, event, insert, inspect, or_, select
from sqlalchemy.orm import Session

from marketplace.core.audit.masking import SKIPPED_TABLES, mask_changes
from marketplace.core.audit.models import CHANGES, ActorKind, AuditEntry, Change
from marketplace.core.db import utcnow
from marketplace.extensions import db

if TYPE_CHECKING:
    from sqlalchemy.orm import ORMExecuteState, UOWTransaction

    from marketplace.accounts.models import User

_audit_table: Table = AuditEntry.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class AuditContext:
    """Who is writing and from where, for every entry of the current request."""

    actor_user_id: int | None
    actor_kind: str
    action: str
    ip: str | None = None
    method: str | None = None
    path: str | None = None


_G_KEY = "_audit_context"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Path prefix -> who may write there (and is then recorded).
AUDITED_AREAS = (("/admin", ActorKind.ADMIN), ("/dinas", ActorKind.AGENCY_STAFF))


def begin_audit(context: AuditContext) -> None:
    """Record every write of the current app context (a request) as done by `context`."""
    setattr(g, _G_KEY, context)


def current_audit() -> AuditContext | None:
    """The context writes are being recorded for, or None."""
    if not has_app_context():
        return None
    return g.get(_G_KEY)


def _area_of(path: str) -> str | None:
    for prefix, kind in AUDITED_AREAS:
        if path == prefix or path.startswith(prefix + "/"):
            return kind
    return None


def _mark_audited_request() -> None:
    """Mark the writes of an admin in /admin and of agency staff in /dinas for the audit log."""
    if request.method in _SAFE_METHODS:
        return
    kind = _area_of(request.path)
    if kind is None or not current_user.is_authenticated:
        return
    if kind == ActorKind.ADMIN and not current_user.is_admin:
        return
    if kind == ActorKind.AGENCY_STAFF and not current_user.has_role("agency_staff"):
        return
    begin_audit(
        AuditContext(
            actor_user_id=current_user.id,
            actor_kind=kind,
            action=(request.endpoint or "")[:120],
            # ProxyFix (PROXY_FIX_HOPS) has already put the client's address here.
            ip=(request.remote_addr or "")[:45] or None,
            method=request.method,
            path=request.path[:300],
        )
    )


def register_audit(app: Flask) -> None:
    """Record admin and agency-staff writes of every request of `app` (idempotent)."""
    if app.extensions.get("audit"):
        return
    app.extensions["audit"] = True
    app.before_request(_mark_audited_request)


def _entry(
    context: AuditContext, *, table: str, object_id: Any, change: str, changes: dict[str, Any]
) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "actor_user_id": context.actor_user_id,
        "actor_kind": context.actor_kind,
        "ip": context.ip,
        "action": context.action,
        "method": context.method,
        "path": context.path,
        "object_type": table,
        "object_id": _object_id(object_id),
        "change": change,
        "changes": changes,
    }


def _object_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple | list):
        if all(v is None for v in value):
            return None
        return ",".join("" if v is None else str(v) for v in value)[:64]
    return str(value)[:64]


def _write(session: Session, rows: list[dict[str, Any]]) -> None:
    # Core, on the session's connection: same transaction, no second flush, no listeners.
    if rows:
        session.connection().execute(insert(_audit_table), rows)


def _orm_row(context: AuditContext, obj: Any, change: str) -> dict[str, Any] | None:
    state = inspect(obj)
    mapper = state.mapper
    table = mapper.local_table.name
    if table in SKIPPED_TABLES:
        return None
    loaded = state.dict
    raw: dict[str, tuple[Any, Any]] = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if not isinstance(column, Column) or column.primary_key:
            continue
        if column.table is not mapper.local_table:
            continue
        if change == Change.UPDATE:
            history = state.attrs[prop.key].history
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before == after:
                continue
            raw[column.name] = (before, after)
        elif prop.key in loaded:
            value = loaded[prop.key]
            if value is None:
                continue
            raw[column.name] = (None, value) if change == Change.INSERT else (value, None)
    changes = mask_changes(table, raw)
    if change == Change.UPDATE and not changes:
        return None
    if state.identity is not None:
        identity: Any = state.identity
    else:
        identity = tuple(
            loaded.get(mapper.get_property_by_column(c).key) for c in mapper.primary_key
        )
    return _entry(
        context,
        table=table,
        object_id=identity[0] if len(identity) == 1 else identity,
        change=change,
        changes=changes,
    )


@event.listens_for(Session, "after_flush")
def _audit_flush(session: Session, flush_context: UOWTransaction) -> None:
    context = current_audit()
    if context is None:
        return
    rows = []
    for objects, change in (
        (session.new, Change.INSERT),
        (session.dirty, Change.UPDATE),
        (session.deleted, Change.DELETE),
    ):
        for obj in objects:
            row = _orm_row(context, obj, change)
            if row is not None:
                rows.append(row)
    rows.sort(key=lambda r: (r["object_type"], r["object_id"] or ""))
    _write(session, rows)


def _pk_filter(table: Table, keys: Iterable[tuple[Any, ...]]) -> Any:
    pk = list(table.primary_key.columns)
    keys = list(keys)
    if len(pk) == 1:
        return pk[0].in_([k[0] for k in keys])
    return or_(*(and_(*(c == v for c, v in zip(pk, k, strict=True))) for k in keys))


def _rows_by_key(session: Session, table: Table, where: Any) -> dict[tuple[Any, ...], Any]:
    pk = list(table.primary_key.columns)
    stmt = select(table)
    if where is not None:
        stmt = stmt.where(where)
    result = session.connection().execute(stmt).mappings()
    return {tuple(row[c.name] for c in pk): row for row in result}


def _statement_table(state: ORMExecuteState) -> Table | None:
    mapper = state.bind_mapper
    if mapper is not None:
        return mapper.local_table  # type: ignore[return-value]
    table = getattr(state.statement, "table", None)
    return table if isinstance(table, Table) else None


@event.listens_for(Session, "do_orm_execute")
def _audit_statement(state: ORMExecuteState) -> Any:
    if not (state.is_update or state.is_delete or state.is_insert):
        return None
    context = current_audit()
    if context is None:
        return None
    table = _statement_table(state)
    if table is None or table.name in SKIPPED_TABLES or not table.primary_key.columns:
        return None
    session = state.session
    if state.is_insert:
        result = state.invoke_statement()
        _write(session, _inserted_rows(context, state, table))
        return result
    if session.autoflush:
        # The statement would flush first; flush now so that "before" excludes those changes.
        session.flush()
    params = state.parameters
    if isinstance(params, list) and params and state.is_update:
        # ORM bulk UPDATE by primary key: one parameter set per row.
        pk_names = [c.key for c in table.primary_key.columns]
        where = _pk_filter(table, (tuple(p.get(n) for n in pk_names) for p in params))
    else:
        where = state.statement.whereclause
    before = _rows_by_key(session, table, where)
    result = state.invoke_statement()
    if not before:
        return result
    after = _rows_by_key(session, table, _pk_filter(table, before))
    pk_names = {c.name for c in table.primary_key.columns}
    rows = []
    for key, old in before.items():
        new = after.get(key)
        if state.is_delete:
            if new is not None:
                continue
            raw = {c: (v, None) for c, v in old.items() if v is not None and c not in pk_names}
            change = Change.DELETE
        else:
            if new is None:
                continue
            raw = {c: (old[c], new[c]) for c in old if old[c] != new[c] and c not in pk_names}
            change = Change.UPDATE
        changes = mask_changes(table.name, raw)
        if change == Change.UPDATE and not changes:
            continue
        object_id = key[0] if len(key) == 1 else key
        rows.append(
            _entry(context, table=table.name, object_id=object_id, change=change, changes=changes)
        )
    _write(session, rows)
    return result


def _inserted_rows(
    context: AuditContext, state: ORMExecuteState, table: Table
) -> list[dict[str, Any]]:
    params = state.parameters
    if isinstance(params, list):
        param_sets = [dict(p) for p in params]
    elif params:
        param_sets = [dict(params)]
    else:
        compiled = state.statement.compile(dialect=state.session.get_bind().dialect)
        param_sets = [{k: v for k, v in compiled.params.items() if k in table.c}]
    pk_names = [c.name for c in table.primary_key.columns]
    rows = []
    for values in param_sets:
        raw = {k: (None, v) for k, v in values.items() if k not in pk_names and v is not None}
        key = tuple(values.get(n) for n in pk_names)
        rows.append(
            _entry(
                context,
                table=table.name,
                object_id=key[0] if len(key) == 1 else key,
                change=Change.INSERT,
                changes=mask_changes(table.name, raw),
            )
        )
    return rows


def record_audit(
    action: str,
    *,
    actor: User | None,
    object_type: str,
    object_id: Any,
    changes: Mapping[str, tuple[Any, Any] | list[Any]],
    change: str = Change.UPDATE,
    actor_kind: str | None = None,
) -> AuditEntry:
    """Add an explicit entry (CLI jobs, payout runs); "system" when there is no actor.

    Masks like the automatic entries. Flushes; the caller commits.
    """
    if change not in CHANGES:
        raise ValueError(f"unknown change {change!r}")
    kind = actor_kind or (
        ActorKind.SYSTEM
        if actor is None
        else ActorKind.ADMIN
        if actor.is_admin
        else ActorKind.AGENCY_STAFF
    )
    context = AuditContext(
        actor_user_id=actor.id if actor is not None else None, actor_kind=kind, action=action
    )
    entry = AuditEntry(
        **_entry(
            context,
            table=object_type,
            object_id=object_id,
            change=change,
            changes=mask_changes(object_type, changes),
        )
    )
    db.session.add(entry)
    db.session.flush()
    return entry
