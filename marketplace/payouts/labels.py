"""What bank account and payout statuses are called on the pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.payouts.models import BankAccountStatus, PayoutStatus

ACCOUNT_STATUS_LABELS = {
    BankAccountStatus.PENDING: _l("Menunggu pemeriksaan"),
    BankAccountStatus.VERIFIED: _l("Terverifikasi"),
    BankAccountStatus.REJECTED: _l("Ditolak"),
}
PAYOUT_STATUS_LABELS = {
    PayoutStatus.PROPOSED: _l("Diusulkan"),
    PayoutStatus.PAID: _l("Dibayar"),
    PayoutStatus.CANCELLED: _l("Dibatalkan"),
}
