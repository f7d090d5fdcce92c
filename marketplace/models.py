"""Every model of every domain, imported in one place for metadata and migrations."""

from marketplace.accounts.models import TokenPurpose, User, UserToken
from marketplace.catalog.models import (
    Category,
    Product,
    ProductEvent,
    ProductImage,
    ProductVariant,
)
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
from marketplace.search.models import SearchDocument, SearchTerm  # noqa: F401
from marketplace.stores.models import Store, StoreDocument, StoreEvent, StoreMember
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
from marketplace.wholesale.models import Business, BusinessMember

__all__ = [
    "Address",
    "Agency",
    "AgencyMember",
    "Business",
    "BusinessMember",
    "CartItem",
    "Category",
    "Checkout",
    "ClaimInvitation",
    "Enrollment",
    "EnrollmentEvent",
    "LedgerEntry",
    "Order",
    "OrderEvent",
    "OrderLine",
    "Participant",
    "ParticipantEvent",
    "ParticipantImport",
    "Payment",
    "Product",
    "ProductEvent",
    "ProductImage",
    "ProductVariant",
    "Program",
    "Refund",
    "Review",
    "Store",
    "StoreDocument",
    "StoreEvent",
    "StoreMember",
    "TokenPurpose",
    "User",
    "UserToken",
    "WebhookEvent",
]
