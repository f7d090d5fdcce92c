"""Why a cart, checkout or order action was refused."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


class InvalidQuantity(DomainError):
    """A quantity below 1, below the minimum order or absurdly large."""

    code = "invalid_quantity"
    message = _l("Jumlah tidak valid.")


class NotAvailable(DomainError):
    """The variant is not for sale (product hidden, store closed, unknown id)."""

    code = "not_available"
    message = _l("Produk ini tidak tersedia lagi.")


class OutOfStock(DomainError):
    """Not enough stock for one or more lines; `lines` lists (product name, wanted, left)."""

    code = "out_of_stock"

    def __init__(self, lines: list[tuple[str, int, int]]) -> None:
        names = ", ".join(f"{name} (sisa {left})" for name, _, left in lines)
        super().__init__(_l("Stok habis atau kurang: %(names)s.", names=names), lines=lines)
        self.lines = lines


class EmptyCart(DomainError):
    """Nothing to check out."""

    code = "empty_cart"
    message = _l("Keranjang Anda kosong.")


class InvalidAddress(DomainError):
    """An address field is missing or does not name a real place."""

    code = "invalid_address"
    message = _l("Alamat tidak lengkap atau tidak valid.")


class InvalidCheckout(DomainError):
    """The checkout form is inconsistent (unknown shipping choice, payment method...)."""

    code = "invalid_checkout"
    message = _l("Data checkout tidak valid. Muat ulang halaman lalu coba lagi.")


class IllegalTransition(DomainError):
    """An order cannot go from its status to the one asked for (or it changed meanwhile)."""

    code = "illegal_transition"

    def __init__(self, from_status: str, to_status: str, **data: Any) -> None:
        super().__init__(
            _l("Pesanan tidak bisa diubah dari status ini (%(old)s).", old=from_status),
            from_status=from_status,
            to_status=to_status,
            **data,
        )
