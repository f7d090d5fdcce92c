"""Why a catalog action was refused."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


class InvalidProduct(DomainError):
    code = "invalid_product"
    message = _l("Data produk tidak valid.")


class SkuTaken(DomainError):
    code = "sku_taken"

    def __init__(self, sku: str) -> None:
        super().__init__(_l("SKU %(sku)s sudah dipakai produk lain di toko ini.", sku=sku), sku=sku)


class NotPublishable(DomainError):
    """A product cannot be shown yet; `reasons` are messages for the seller."""

    code = "not_publishable"
    message = _l("Produk belum bisa ditayangkan.")

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(reasons=reasons)
        self.reasons = reasons
