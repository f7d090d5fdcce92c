"""Translatable labels for wholesale enums."""

from flask_babel import lazy_gettext as _l

from marketplace.wholesale.models import (
    BusinessDocumentKind,
    BusinessKind,
    BusinessRole,
    BusinessStatus,
    PaymentTerms,
)

BUSINESS_KIND_LABELS = {
    BusinessKind.HOTEL: _l("Hotel"),
    BusinessKind.SUPERMARKET: _l("Swalayan/minimarket"),
    BusinessKind.RESTAURANT: _l("Restoran/kafe"),
    BusinessKind.CATERER: _l("Katering"),
    BusinessKind.RESELLER: _l("Reseller"),
    BusinessKind.OTHER: _l("Lainnya"),
}

BUSINESS_ROLE_LABELS = {
    BusinessRole.OWNER: _l("Pemilik"),
    BusinessRole.BUYER: _l("Pembeli"),
    BusinessRole.APPROVER: _l("Penyetuju"),
    BusinessRole.FINANCE: _l("Keuangan"),
}

# What each role may do, shown next to the role picker.
BUSINESS_ROLE_HINTS = {
    BusinessRole.OWNER: _l("Semua, termasuk mengatur anggota, lokasi dan dokumen."),
    BusinessRole.BUYER: _l("Memesan, membuat daftar belanja dan permintaan penawaran."),
    BusinessRole.APPROVER: _l("Menyetujui pesanan di atas batas persetujuan; melihat faktur."),
    BusinessRole.FINANCE: _l("Melihat dan membayar faktur."),
}

BUSINESS_STATUS_LABELS = {
    BusinessStatus.PENDING: _l("Menunggu verifikasi"),
    BusinessStatus.VERIFIED: _l("Terverifikasi"),
    BusinessStatus.REJECTED: _l("Ditolak"),
}

PAYMENT_TERMS_LABELS = {
    PaymentTerms.CASH_BEFORE_DELIVERY: _l("Bayar sebelum dikirim"),
    PaymentTerms.NET_7: _l("Tempo 7 hari"),
    PaymentTerms.NET_14: _l("Tempo 14 hari"),
    PaymentTerms.NET_30: _l("Tempo 30 hari"),
}

BUSINESS_DOCUMENT_LABELS = {
    BusinessDocumentKind.NIB: _l("NIB (Nomor Induk Berusaha)"),
    BusinessDocumentKind.NPWP: _l("Kartu/surat keterangan NPWP"),
    BusinessDocumentKind.SPPKP: _l("SPPKP (pengukuhan PKP)"),
    BusinessDocumentKind.OTHER: _l("Dokumen lain"),
}

BUSINESS_EVENT_LABELS = {
    "submitted": _l("Didaftarkan"),
    "resubmitted": _l("Diajukan ulang untuk verifikasi"),
    "updated": _l("Data usaha diubah"),
    "verified": _l("Diverifikasi"),
    "rejected": _l("Ditolak"),
    "terms": _l("Ketentuan pembayaran diubah"),
    "member_added": _l("Anggota ditambahkan"),
    "member_role": _l("Peran anggota diubah"),
    "member_removed": _l("Anggota dikeluarkan"),
    "member_left": _l("Anggota keluar"),
    "document_added": _l("Dokumen diunggah"),
}
