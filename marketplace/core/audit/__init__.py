"""The audit log: every admin and agency-staff write, recorded in the same transaction.

A `before_request` hook marks the writes (not GET/HEAD/OPTIONS) of an admin in `/admin` and of
agency staff in `/dinas`. While a request is marked, two session listeners record one
`AuditEntry` per written row: `after_flush` for ORM objects (new, changed, deleted, with the
before/after of the changed columns) and `do_orm_execute` for `update()`/`delete()`/`insert()`
statements (rows read before and after). The entries go into the request's own transaction, so
a rolled-back request leaves none. Personal data is masked and secrets are dropped before
anything is stored. Jobs without a request call `record_audit`.

The table is append-only: nothing here updates or deletes it, and on PostgreSQL a trigger
refuses UPDATE, DELETE and TRUNCATE (only the `ON DELETE SET NULL` of a deleted actor passes).
"""

from marketplace.core.audit.capture import (
    AuditContext,
    begin_audit,
    current_audit,
    record_audit,
    register_audit,
)
from marketplace.core.audit.masking import DROPPED, SKIPPED_TABLES, mask_changes, mask_value
from marketplace.core.audit.models import (
    APPEND_ONLY_DDL,
    CHANGES,
    ActorKind,
    AuditEntry,
    Change,
)
from marketplace.core.audit.queries import (
    AuditFilters,
    day_bounds,
    list_audit_entries,
    list_audited_tables,
)

__all__ = [
    "APPEND_ONLY_DDL",
    "CHANGES",
    "DROPPED",
    "SKIPPED_TABLES",
    "ActorKind",
    "AuditContext",
    "AuditEntry",
    "AuditFilters",
    "Change",
    "begin_audit",
    "current_audit",
    "day_bounds",
    "list_audit_entries",
    "list_audited_tables",
    "mask_changes",
    "mask_value",
    "record_audit",
    "register_audit",
]
