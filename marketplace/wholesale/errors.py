"""Why a wholesale action was refused."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


class NotVerified(DomainError):
    """Only businesses verified by the platform see wholesale prices and order wholesale."""

    code = "business_not_verified"
    message = _l(
        "Akun usaha ini belum diverifikasi. Harga grosir dan pemesanan grosir terbuka setelah "
        "admin memverifikasi dokumen usaha Anda."
    )


class NotAllowed(DomainError):
    """The member's role does not allow this (e.g. a finance member placing an order)."""

    code = "business_role"
    message = _l("Peran Anda di akun usaha ini tidak mengizinkan tindakan ini.")


class InvalidBusiness(DomainError):
    """A business field is missing or malformed (NIB, NPWP, address...)."""

    code = "invalid_business"
    message = _l("Data usaha tidak lengkap atau tidak valid.")


class InvalidOffer(DomainError):
    """A wholesale offer is inconsistent (tiers, minimum, pack size...)."""

    code = "invalid_offer"
    message = _l("Penawaran grosir tidak valid.")


class RowProblem(DomainError):
    """One quick-order row cannot be ordered; `row` is its 1-based number."""

    code = "row_problem"


class OrderRowsInvalid(DomainError):
    """Some quick-order rows cannot be ordered: `problems` maps row numbers to messages."""

    code = "order_rows_invalid"

    def __init__(self, problems: dict[int, Any]) -> None:
        super().__init__(
            _l("Ada %(n)d baris yang perlu diperbaiki. Tidak ada yang dipesan.", n=len(problems)),
            problems=problems,
        )
        self.problems = problems


class CreditLimitExceeded(DomainError):
    """An order on terms would take the business's open balance above its credit limit."""

    code = "credit_limit"

    def __init__(self, *, limit_idr: int, open_idr: int, order_idr: int) -> None:
        from marketplace.core.money import format_rupiah as format_idr

        super().__init__(
            _l(
                "Pesanan %(order)s melebihi batas kredit usaha Anda (%(limit)s; tagihan terbuka "
                "%(open)s). Bayar di muka (transfer bank atau kartu), atau lunasi faktur yang "
                "terbuka lebih dulu.",
                order=format_idr(order_idr),
                limit=format_idr(limit_idr),
                open=format_idr(open_idr),
            ),
            limit_idr=limit_idr,
            open_idr=open_idr,
            order_idr=order_idr,
        )


class ApprovalClosed(DomainError):
    """The purchase was already approved or rejected (or its approver placed it)."""

    code = "approval_closed"
    message = _l("Persetujuan ini sudah diputuskan.")


class SelfApproval(DomainError):
    """Four eyes: the person who placed a purchase cannot approve it."""

    code = "self_approval"
    message = _l("Pesanan yang Anda buat sendiri harus disetujui oleh approver lain.")


class InvalidRequest(DomainError):
    """A request for quotation, quote, pooled request or standing order is inconsistent."""

    code = "invalid_wholesale_request"
    message = _l("Data permintaan tidak lengkap atau tidak valid.")


class QuoteUnavailable(DomainError):
    """The quote expired, was withdrawn, or another quote was accepted."""

    code = "quote_unavailable"
    message = _l("Penawaran ini sudah tidak berlaku. Minta penawaran baru dari penjual.")


class InvalidInvoice(DomainError):
    """An invoice action does not fit its state (void a paid invoice, overpay...)."""

    code = "invalid_invoice"
    message = _l("Faktur tidak dapat diubah seperti itu.")
