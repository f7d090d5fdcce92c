"""Why a payment action was refused."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


class PaymentClosed(DomainError):
    """The checkout is no longer waiting for this payment (paid, expired, cancelled)."""

    code = "payment_closed"
    message = _l("Pembayaran ini sudah tidak bisa diproses (sudah lunas, kedaluwarsa atau batal).")


class NotYourPayment(DomainError):
    """The acting user is not the checkout's buyer."""

    code = "not_your_payment"
    message = _l("Pembayaran ini bukan milik Anda.")


class WrongProvider(DomainError):
    """The action belongs to another payment method (a card action on a bank transfer...)."""

    code = "wrong_provider"
    message = _l("Tindakan ini tidak berlaku untuk metode pembayaran ini.")


class NothingToReview(DomainError):
    """An admin decision on a transfer that has no proof waiting (or was decided meanwhile)."""

    code = "nothing_to_review"
    message = _l("Tidak ada bukti transfer yang menunggu diperiksa untuk pembayaran ini.")


class ReasonRequired(DomainError):
    """Rejecting a proof needs a reason the buyer can act on."""

    code = "reason_required"
    message = _l("Tulis alasan penolakan (maksimal 200 karakter).")


class CardDeclined(DomainError):
    """The card was declined or could not be charged; `reason` is the provider's message."""

    code = "card_declined"
    message = _l("Kartu ditolak. Coba kartu lain atau bayar dengan transfer bank.")


class InvalidPaymentMethod(DomainError):
    """The browser sent something that is not a card reference from Stripe.js."""

    code = "invalid_payment_method"
    message = _l("Data kartu tidak valid. Muat ulang halaman lalu coba lagi.")


class ProviderUnavailable(DomainError):
    """The payment provider could not be reached or answered with an error."""

    code = "provider_unavailable"
    message = _l("Layanan pembayaran kartu sedang tidak dapat dihubungi. Coba lagi sebentar lagi.")


class InvalidRefund(DomainError):
    """A refund of nothing, of more than was paid, or of a payment that did not succeed."""

    code = "invalid_refund"
    message = _l("Jumlah pengembalian dana tidak valid.")


class RefundReferenceRequired(DomainError):
    """A bank-transfer refund is made by hand: its transfer reference must be recorded."""

    code = "refund_reference_required"
    message = _l("Isi nomor referensi transfer pengembalian dana.")
