"""Every model of every domain, imported in one place for metadata and migrations."""

from marketplace.accounts.models import TokenPurpose, User, UserToken
from marketplace.admin.commission import CommissionRate
from marketplace.admin.models import ContentReport, ModerationAction
from marketplace.catalog.models import (
    Category,
    Product,
    ProductEvent,
    ProductImage,
    ProductVariant,
)
from marketplace.core.audit import AuditEntry
from marketplace.orders.models import (
    Address,
    CartItem,
    Checkout,
    LedgerEntry,
    Order,
    OrderEvent,
    OrderLine,
    Refund,
    Review,
)
from marketplace.payments.models import Payment, WebhookEvent
from marketplace.payouts.models import (
    BankAccountEvent,
    Payout,
    PayoutEvent,
    PayoutRun,
    StoreBankAccount,
)
from marketplace.search.models import SearchDocument, SearchTerm  # noqa: F401
from marketplace.stores.models import Store, StoreDocument, StoreEvent, StoreMember
from marketplace.training.mentoring import MentoringVisit
from marketplace.training.models import (
    Agency,
    AgencyMember,
    ClaimInvitation,
    Enrollment,
    EnrollmentEvent,
    Participant,
    ParticipantEvent,
    ParticipantImport,
    Program,
)
from marketplace.training.outcomes.summary import AgencyStatsSummary
from marketplace.wholesale.models import Business, BusinessMember

__all__ = [
    "Address",
    "Agency",
    "AgencyMember",
    "AgencyStatsSummary",
    "AuditEntry",
    "BankAccountEvent",
    "Business",
    "BusinessMember",
    "CartItem",
    "Category",
    "Checkout",
    "ClaimInvitation",
    "CommissionRate",
    "ContentReport",
    "Enrollment",
    "EnrollmentEvent",
    "LedgerEntry",
    "MentoringVisit",
    "ModerationAction",
    "Order",
    "OrderEvent",
    "OrderLine",
    "Participant",
    "ParticipantEvent",
    "ParticipantImport",
    "Payment",
    "Payout",
    "PayoutEvent",
    "PayoutRun",
    "Product",
    "ProductEvent",
    "ProductImage",
    "ProductVariant",
    "Program",
    "Refund",
    "Review",
    "Store",
    "StoreBankAccount",
    "StoreDocument",
    "StoreEvent",
    "StoreMember",
    "TokenPurpose",
    "User",
    "UserToken",
    "WebhookEvent",
]
