"""The audit log's table: append-only (a PostgreSQL trigger refuses UPDATE/DELETE/TRUNCATE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, Table, event
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import utcnow
from marketplace.extensions import db


class ActorKind:
    """Who wrote: an admin, agency staff, or a job with no person behind it."""

    ADMIN = "admin"
    AGENCY_STAFF = "agency_staff"
    SYSTEM = "system"


class Change:
    """What happened to the row."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


CHANGES = (Change.INSERT, Change.UPDATE, Change.DELETE)


class AuditEntry(db.Model):
    """One written row: who, when, from where, which object, and its masked before/after."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object_type_object_id", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_kind: Mapped[str] = mapped_column(String(20))
    ip: Mapped[str | None] = mapped_column(String(45))
    # The endpoint of the request (e.g. "admin.store_approve") or the job's name.
    action: Mapped[str] = mapped_column(String(120))
    method: Mapped[str | None] = mapped_column(String(10))
    # Path only: a query string may carry personal data.
    path: Mapped[str | None] = mapped_column(String(300))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    change: Mapped[str] = mapped_column(String(10), index=True)
    # {column: [before, after]}, personal data masked, secrets left out.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The one change allowed: the actor's account was deleted (ON DELETE SET NULL).
    IF TG_OP = 'UPDATE' AND OLD.actor_user_id IS NOT NULL AND NEW.actor_user_id IS NULL
       AND (to_jsonb(NEW) - 'actor_user_id') = (to_jsonb(OLD) - 'actor_user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_entries is append-only'
        USING ERRCODE = 'insufficient_privilege', DETAIL = TG_OP || ' refused';
END
$$
"""
APPEND_ONLY_ROW_TRIGGER = (
    "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
)
APPEND_ONLY_TRUNCATE_TRIGGER = (
    "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()"
)

_audit_table: Table = AuditEntry.__table__  # type: ignore[assignment]
# The same statements, in order, belong in the migration that creates the table.
APPEND_ONLY_DDL = (APPEND_ONLY_FUNCTION, APPEND_ONLY_ROW_TRIGGER, APPEND_ONLY_TRUNCATE_TRIGGER)
for _statement in APPEND_ONLY_DDL:
    event.listen(_audit_table, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
