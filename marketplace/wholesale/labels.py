"""Translatable labels for wholesale enums."""

from flask_babel import lazy_gettext as _l

from marketplace.wholesale.models import BusinessKind

BUSINESS_KIND_LABELS = {
    BusinessKind.HOTEL: _l("Hotel"),
    BusinessKind.SUPERMARKET: _l("Swalayan/minimarket"),
    BusinessKind.RESTAURANT: _l("Restoran/kafe"),
    BusinessKind.CATERER: _l("Katering"),
    BusinessKind.RESELLER: _l("Reseller"),
    BusinessKind.OTHER: _l("Lainnya"),
}
