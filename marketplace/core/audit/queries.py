"""Reading the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from marketplace.core.audit.masking import SKIPPED_TABLES
from marketplace.core.audit.models import AuditEntry
from marketplace.core.pagination import Page, paginate_rows
from marketplace.extensions import db


@dataclass(frozen=True)
class AuditFilters:
    """What the admin's log page narrows to; empty values mean no filter."""

    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    since: datetime | None = None
    before: datetime | None = None
    change: str = ""


def list_audited_tables() -> list[str]:
    """Names of the tables entries can be about (no query: from the schema)."""
    return sorted(t for t in db.metadata.tables if t not in SKIPPED_TABLES)


def list_audit_entries(filters: AuditFilters, *, page: int = 1, per_page: int = 50) -> Page[Any]:
    """Entries newest first with their actor's email, as (AuditEntry, email) rows; two queries
    (page and count) at any page size."""
    users = db.metadata.tables["users"]
    stmt = (
        select(AuditEntry, users.c.email)
        .outerjoin(users, users.c.id == AuditEntry.actor_user_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    if filters.actor:
        stmt = stmt.where(
            func.lower(users.c.email).contains(filters.actor.lower(), autoescape=True)
        )
    if filters.object_type:
        stmt = stmt.where(AuditEntry.object_type == filters.object_type)
    if filters.object_id:
        stmt = stmt.where(AuditEntry.object_id == filters.object_id)
    if filters.since is not None:
        stmt = stmt.where(AuditEntry.at >= filters.since)
    if filters.before is not None:
        stmt = stmt.where(AuditEntry.at < filters.before)
    if filters.change:
        stmt = stmt.where(AuditEntry.change == filters.change)
    return paginate_rows(stmt, page=page, per_page=per_page)


def day_bounds(first: date | None, last: date | None, zone: Any) -> tuple[datetime | None, ...]:
    """UTC bounds [start of `first`, end of `last`) of whole days in `zone`."""
    since = datetime.combine(first, time(), tzinfo=zone) if first else None
    before = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone) if last else None
    return since, before
