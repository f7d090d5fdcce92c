"""Why a bank account or payout action was refused."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


class InvalidBankAccount(DomainError):
    """A bank account field is missing or malformed (bank, number, holder name)."""

    code = "invalid_bank_account"
    message = _l("Data rekening tidak lengkap atau tidak valid.")


class BankAccountChanged(DomainError):
    """The account was changed after the admin opened it: the shown revision is not current."""

    code = "bank_account_changed"
    message = _l(
        "Rekening ini baru saja diubah pemilik toko. Periksa data terbaru sebelum memutuskan."
    )


class BankAccountNotPending(DomainError):
    """Only an account waiting for a check can be verified or rejected."""

    code = "bank_account_not_pending"
    message = _l("Rekening ini tidak sedang menunggu pemeriksaan.")


class InvalidPeriod(DomainError):
    """A payout period is malformed or has not started yet."""

    code = "invalid_period"
    message = _l("Periode tidak valid. Gunakan YYYY-MM atau tanggal YYYY-MM-DD yang sudah lewat.")


class PayoutNotOpen(DomainError):
    """The payout is already paid or cancelled (a double click, or another admin was first)."""

    code = "payout_not_open"
    message = _l("Pencairan ini sudah dibayar atau dibatalkan. Tidak ada yang berubah.")


class PayoutMayBeSent(DomainError):
    """The payout is in a downloaded bank file: it may have been transferred already."""

    code = "payout_may_be_sent"
    message = _l(
        "Pencairan ini sudah masuk berkas transfer bank yang diunduh. Pastikan di bank bahwa "
        "transfernya tidak dikirim, lalu centang konfirmasinya; jika sudah terkirim, tandai "
        "dibayar."
    )


class InvalidPayoutAction(DomainError):
    """A transfer reference or cancel reason is missing or malformed."""

    code = "invalid_payout_action"
    message = _l("Isian tidak valid.")


class NotAllowed(DomainError):
    """The acting user may not do this (not an admin, not the store's owner)."""

    code = "payout_not_allowed"
    message = _l("Anda tidak berhak melakukan tindakan ini.")


class PayoutExceedsBalance(DomainError):
    """The store's balance fell below the payout since the run (a refund after completion)."""

    code = "payout_exceeds_balance"

    def __init__(self, *, amount_idr: int, balance_idr: int) -> None:
        from marketplace.core.money import format_rupiah

        super().__init__(
            _l(
                "Saldo toko sekarang %(balance)s, kurang dari pencairan %(amount)s (ada "
                "pengembalian dana sesudah pencairan diusulkan). Batalkan pencairan ini; "
                "periode berikutnya mengusulkan jumlah yang benar.",
                balance=format_rupiah(balance_idr),
                amount=format_rupiah(amount_idr),
            ),
            amount_idr=amount_idr,
            balance_idr=balance_idr,
        )
