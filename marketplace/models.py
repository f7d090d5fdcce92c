"""Every model of every domain, imported in one place for metadata and migrations."""

from marketplace.accounts.models import TokenPurpose, User, UserToken
from marketplace.catalog.models import (
    Category,
    Product,
    ProductEvent,
    ProductImage,
    ProductVariant,
)
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
    "Agency",
    "AgencyMember",
    "Business",
    "BusinessMember",
    "Category",
    "ClaimInvitation",
    "Enrollment",
    "EnrollmentEvent",
    "Participant",
    "ParticipantEvent",
    "ParticipantImport",
    "Product",
    "ProductEvent",
    "ProductImage",
    "ProductVariant",
    "Program",
    "Store",
    "StoreDocument",
    "StoreEvent",
    "StoreMember",
    "TokenPurpose",
    "User",
    "UserToken",
]
