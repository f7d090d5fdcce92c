"""Business accounts: registration, members, delivery locations and documents, and the
platform's verification and payment terms. Services flush; the caller commits.

Status moves only along TRANSITIONS and every move writes a BusinessEvent (who, when, why).
A business always keeps at least one owner and one active delivery location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.core.mail import send_user_email
from marketplace.core.phone import InvalidPhone, normalize_phone
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.regions.reference import Village, get_regency, get_village
from marketplace.stores.documents import open_private_document, save_private_document
from marketplace.wholesale.access import require
from marketplace.wholesale.errors import InvalidBusiness, NotAllowed
from marketplace.wholesale.models import (
    Business,
    BusinessDocument,
    BusinessDocumentKind,
    BusinessEvent,
    BusinessKind,
    BusinessLocation,
    BusinessMember,
    BusinessRole,
    BusinessStatus,
    PaymentTerms,
)
from marketplace.wholesale.queries import list_business_owners

S = BusinessStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.VERIFIED, S.REJECTED}),
    S.REJECTED: frozenset({S.PENDING}),  # the owner corrects and resubmits
    S.VERIFIED: frozenset({S.PENDING}),  # the owner changed who the business is
}
# Changing one of these on a verified business sends it back to verification: the platform
# verified this name, these numbers and this tax status, not whatever is typed later.
IDENTITY_FIELDS = ("kind", "legal_name", "nib", "npwp", "is_pkp")
MIN_REASON = 5
MAX_REASON = 300
MAX_PENDING_PER_OWNER = 3
MAX_AMOUNT_IDR = 100_000_000_000  # Rp100 miliar: a typo guard, not a policy
_SEPARATORS = re.compile(r"[\s.\-/]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


# -- Input -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BusinessInput:
    """A business as the owner types it."""

    kind: str
    legal_name: str
    nib: str
    npwp: str
    is_pkp: bool
    address_line: str
    village_code: str
    postal_code: str
    billing_email: str
    phone: str


@dataclass(frozen=True)
class LocationInput:
    """A delivery location (outlet, branch) as typed."""

    label: str
    recipient_name: str
    phone: str
    address_line: str
    village_code: str
    postal_code: str


def normalize_nib(raw: str) -> str:
    """The 13 digits of a NIB (spaces allowed around and between). Raises InvalidBusiness."""
    digits = "".join((raw or "").split())
    if not re.fullmatch(r"[0-9]{13}", digits):
        raise InvalidBusiness(_l("NIB terdiri dari 13 digit angka."), field="nib")
    return digits


def normalize_npwp(raw: str) -> str:
    """The 16 digits of an NPWP typed with or without dots, dashes and spaces; the old
    15-digit format is refused. Raises InvalidBusiness."""
    digits = _SEPARATORS.sub("", raw or "")
    if not re.fullmatch(r"[0-9]+", digits):
        raise InvalidBusiness(
            _l("NPWP hanya berisi angka (titik, tanda hubung dan spasi boleh)."), field="npwp"
        )
    if len(digits) == 15:
        raise InvalidBusiness(
            _l(
                "NPWP 15 digit (format lama) tidak berlaku lagi: sejak 2024 wajib memakai NPWP "
                "16 digit. Lihat NPWP 16 digit usaha Anda di DJP Online/Coretax."
            ),
            field="npwp",
        )
    if len(digits) != 16:
        raise InvalidBusiness(_l("NPWP terdiri dari 16 digit angka."), field="npwp")
    return digits


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _phone(raw: str, *, field: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        raise InvalidBusiness(
            _l("Nomor HP tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890."), field=field
        ) from None


def _village(code: str, *, field: str) -> Village:
    village = get_village(code or "")
    if village is None:
        raise InvalidBusiness(
            _l("Pilih provinsi, kabupaten/kota, kecamatan dan kelurahan/desa."), field=field
        )
    return village


def _postal(raw: str, *, required: bool, field: str) -> str | None:
    postal = (raw or "").strip()
    if not postal and not required:
        return None
    if not re.fullmatch(r"[0-9]{5}", postal):
        raise InvalidBusiness(_l("Kode pos harus 5 angka."), field=field)
    return postal


def _business_values(data: BusinessInput) -> dict[str, Any]:
    """The columns of a business from what was typed. Raises InvalidBusiness."""
    if data.kind not in set(BusinessKind):
        raise InvalidBusiness(_l("Pilih jenis usaha."), field="kind")
    name = _words(data.legal_name)
    if not 2 <= len(name) <= 200:
        raise InvalidBusiness(_l("Isi nama badan usaha (2–200 karakter)."), field="legal_name")
    line = _words(data.address_line)
    if not line or len(line) > 200:
        raise InvalidBusiness(
            _l("Isi alamat penagihan (maks. 200 karakter)."), field="address_line"
        )
    village = _village(data.village_code, field="village_code")
    email = (data.billing_email or "").strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise InvalidBusiness(_l("Email penagihan tidak valid."), field="billing_email")
    regency_code = village.district_code.rsplit(".", 1)[0]
    regency = get_regency(regency_code)
    return {
        "kind": data.kind,
        "legal_name": name,
        "nib": normalize_nib(data.nib),
        "npwp": normalize_npwp(data.npwp),
        "is_pkp": bool(data.is_pkp),
        "address_line": line,
        "village_code": village.code,
        "region_code": regency_code,
        "city_name": regency.name if regency else "",
        "postal_code": _postal(data.postal_code, required=False, field="postal_code"),
        "billing_email": email,
        "phone": _phone(data.phone, field="phone"),
    }


def _location_values(data: LocationInput, *, prefix: str = "") -> dict[str, Any]:
    """The columns of a delivery location. Raises InvalidBusiness (field names `prefix`ed)."""
    label = _words(data.label)
    if not 1 <= len(label) <= 80:
        raise InvalidBusiness(
            _l("Beri nama lokasi, mis. Outlet Merdeka (maks. 80 karakter)."), field=prefix + "label"
        )
    recipient = _words(data.recipient_name)
    if not 2 <= len(recipient) <= 120:
        raise InvalidBusiness(_l("Isi nama penerima."), field=prefix + "recipient_name")
    line = _words(data.address_line)
    if not line or len(line) > 200:
        raise InvalidBusiness(
            _l("Isi alamat lokasi (maks. 200 karakter)."), field=prefix + "address_line"
        )
    village = _village(data.village_code, field=prefix + "village_code")
    district = village.district_code
    return {
        "label": label,
        "recipient_name": recipient,
        "phone": _phone(data.phone, field=prefix + "phone"),
        "address_line": line,
        "province_code": district[:2],
        "region_code": district.rsplit(".", 1)[0],
        "district_code": district,
        "village_code": village.code,
        "postal_code": _postal(data.postal_code, required=True, field=prefix + "postal_code"),
    }


# -- Registration and details ----------------------------------------------------------------


def _event(
    business: Business,
    kind: str,
    *,
    actor: User | None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> BusinessEvent:
    event = BusinessEvent(
        business_id=business.id,
        actor_user_id=actor.id if actor else None,
        kind=kind,
        note=note[:300],
        data=data or {},
    )
    db.session.add(event)
    return event


def _move(business: Business, to: str) -> str:
    """Change the status along TRANSITIONS; returns the old one. Raises InvalidBusiness."""
    before = business.status
    if to not in TRANSITIONS.get(before, frozenset()):
        raise InvalidBusiness(
            _l("Status akun usaha ini sudah berubah. Muat ulang halaman lalu coba lagi.")
        )
    business.status = to
    if before == S.VERIFIED:
        business.verified_at = None
        business.verified_by_id = None
    return before


def register_business(owner: User, *, data: BusinessInput, location: LocationInput) -> Business:
    """Register a business with its first delivery location; the registrant becomes its owner
    and the business waits for verification. Raises InvalidBusiness."""
    values = _business_values(data)
    location_values = _location_values(location, prefix="location-")
    pending = db.session.scalar(
        select(func.count(Business.id))
        .join(BusinessMember, BusinessMember.business_id == Business.id)
        .where(
            BusinessMember.user_id == owner.id,
            BusinessMember.role == BusinessRole.OWNER,
            Business.status == S.PENDING,
        )
    )
    if (pending or 0) >= MAX_PENDING_PER_OWNER:
        raise InvalidBusiness(
            _l(
                "Anda sudah punya %(n)d akun usaha yang menunggu verifikasi. Tunggu keputusan "
                "admin sebelum mendaftarkan usaha lain.",
                n=pending,
            )
        )
    business = Business(status=S.PENDING, **values)
    db.session.add(business)
    db.session.flush()
    db.session.add(
        BusinessMember(business_id=business.id, user_id=owner.id, role=BusinessRole.OWNER)
    )
    db.session.add(BusinessLocation(business_id=business.id, **location_values))
    _event(business, "submitted", actor=owner)
    db.session.flush()
    return business


def update_business(business: Business, *, actor: User, data: BusinessInput) -> Business:
    """Change the business's details. A pending or rejected business goes (back) to
    verification; so does a verified one whose name, kind, NIB, NPWP or PKP status changed.
    Raises NotAllowed, InvalidBusiness."""
    require(business, actor, "manage")
    values = _business_values(data)
    changed = sorted(k for k, v in values.items() if getattr(business, k) != v)
    if not changed:
        return business
    _lock(business)
    for key, value in values.items():
        setattr(business, key, value)
    identity = any(k in IDENTITY_FIELDS for k in changed)
    if business.status in (S.PENDING, S.REJECTED) or identity:
        before = business.status
        if before != S.PENDING:
            _move(business, S.PENDING)
        business.status_reason = ""
        _event(business, "resubmitted", actor=actor, data={"fields": changed, "from": before})
    else:
        _event(business, "updated", actor=actor, data={"fields": changed})
    db.session.flush()
    return business


def _lock(business: Business) -> None:
    """Serialise changes to one business (members, locations, decisions) on its row; reloads
    the row so that checks see what others committed meanwhile."""
    db.session.refresh(business, with_for_update=True)


# -- Members ---------------------------------------------------------------------------------


def _role(role: str) -> str:
    if role not in set(BusinessRole):
        raise InvalidBusiness(_l("Pilih peran anggota."), field="role")
    return role


def _own(business: Business, member: BusinessMember | BusinessLocation) -> None:
    if member.business_id != business.id:
        raise InvalidBusiness()


def _reload(member: BusinessMember) -> BusinessMember:
    """The membership as committed now (another request may have changed or removed it).
    Raises InvalidBusiness when it is gone."""
    fresh = db.session.scalar(
        select(BusinessMember)
        .where(BusinessMember.id == member.id)
        .execution_options(populate_existing=True)
    )
    if fresh is None:
        raise InvalidBusiness(_l("Anggota ini sudah tidak ada. Muat ulang halaman."))
    return fresh


def _keep_an_owner(business: Business, member: BusinessMember) -> None:
    """Refuse to leave the business without an owner (call with the business locked)."""
    if member.role != BusinessRole.OWNER:
        return
    others = db.session.scalar(
        select(func.count(BusinessMember.id)).where(
            BusinessMember.business_id == business.id,
            BusinessMember.role == BusinessRole.OWNER,
            BusinessMember.id != member.id,
        )
    )
    if not others:
        raise InvalidBusiness(
            _l(
                "Akun usaha harus tetap punya setidaknya satu pemilik. Jadikan anggota lain "
                "pemilik lebih dulu."
            )
        )


def add_member(business: Business, *, actor: User, email: str, role: str) -> BusinessMember:
    """Add a registered user to the business with a role. Raises NotAllowed, InvalidBusiness
    (no account with that email, already a member, unknown role)."""
    from marketplace.accounts.queries import get_user_by_email
    from marketplace.accounts.services import normalize_email

    require(business, actor, "manage")
    role = _role(role)
    address = normalize_email(email)
    user = get_user_by_email(address)
    if user is None:
        raise InvalidBusiness(
            _l(
                "Belum ada akun Pasar IKM dengan email %(email)s. Minta orang itu mendaftar "
                "dulu, lalu tambahkan lagi.",
                email=address,
            ),
            field="email",
        )
    _lock(business)
    already = db.session.scalar(
        select(BusinessMember.id).where(
            BusinessMember.business_id == business.id, BusinessMember.user_id == user.id
        )
    )
    if already is not None:
        raise InvalidBusiness(_l("Orang ini sudah menjadi anggota usaha ini."), field="email")
    member = BusinessMember(business_id=business.id, user_id=user.id, role=role)
    db.session.add(member)
    _event(business, "member_added", actor=actor, data={"user_id": user.id, "role": role})
    db.session.flush()
    return member


def change_member_role(
    business: Business, *, actor: User, member: BusinessMember, role: str
) -> BusinessMember:
    """Give a member another role; the last owner stays owner. Raises NotAllowed,
    InvalidBusiness."""
    _own(business, member)
    role = _role(role)
    _lock(business)
    # Checked under the lock: two owners demoting each other at once see each other's change.
    require(business, actor, "manage")
    member = _reload(member)
    if role == member.role:
        return member
    if role != BusinessRole.OWNER:
        _keep_an_owner(business, member)
    before = member.role
    member.role = role
    _event(
        business,
        "member_role",
        actor=actor,
        data={"user_id": member.user_id, "before": before, "after": role},
    )
    db.session.flush()
    return member


def remove_member(business: Business, *, actor: User, member: BusinessMember) -> None:
    """Remove a member (owners only), or leave the business (any member, for themselves);
    the last owner can do neither. Raises NotAllowed, InvalidBusiness."""
    _own(business, member)
    leaving = member.user_id == actor.id
    _lock(business)
    require(business, actor, "view" if leaving else "manage")
    member = _reload(member)
    _keep_an_owner(business, member)
    _event(
        business,
        "member_left" if leaving else "member_removed",
        actor=actor,
        data={"user_id": member.user_id, "role": member.role},
    )
    db.session.delete(member)
    db.session.flush()


# -- Delivery locations ----------------------------------------------------------------------


def save_location(
    business: Business,
    *,
    actor: User,
    data: LocationInput,
    location: BusinessLocation | None = None,
) -> BusinessLocation:
    """Add a delivery location (or change one of the business's). Raises NotAllowed,
    InvalidBusiness."""
    require(business, actor, "manage")
    if location is not None:
        _own(business, location)
    values = _location_values(data)
    if location is None:
        location = BusinessLocation(business_id=business.id)
        db.session.add(location)
    for key, value in values.items():
        setattr(location, key, value)
    db.session.flush()
    return location


def deactivate_location(
    business: Business, *, actor: User, location: BusinessLocation
) -> BusinessLocation:
    """Stop delivering to a location (past orders keep their address snapshot); the last
    active location stays. Raises NotAllowed, InvalidBusiness."""
    require(business, actor, "manage")
    _own(business, location)
    if not location.is_active:
        return location
    _lock(business)
    others = db.session.scalar(
        select(func.count(BusinessLocation.id)).where(
            BusinessLocation.business_id == business.id,
            BusinessLocation.is_active.is_(True),
            BusinessLocation.id != location.id,
        )
    )
    if not others:
        raise InvalidBusiness(
            _l("Akun usaha perlu setidaknya satu lokasi pengiriman aktif. Tambah lokasi lain dulu.")
        )
    location.is_active = False
    db.session.flush()
    return location


def activate_location(
    business: Business, *, actor: User, location: BusinessLocation
) -> BusinessLocation:
    """Deliver to a deactivated location again. Raises NotAllowed, InvalidBusiness."""
    require(business, actor, "manage")
    _own(business, location)
    location.is_active = True
    db.session.flush()
    return location


# -- Documents -------------------------------------------------------------------------------


def add_business_document(
    business: Business, *, actor: User, kind: str, file: bytes
) -> BusinessDocument:
    """Keep a verification document (PDF, JPG or PNG, checked by content) in private storage.
    Raises NotAllowed, InvalidBusiness (kind), InvalidDocument (file)."""
    require(business, actor, "manage")
    if kind not in set(BusinessDocumentKind):
        raise InvalidBusiness(_l("Pilih jenis dokumen."), field="kind")
    key, content_type = save_private_document(file, folder=f"business-documents/{business.id}")
    document = BusinessDocument(
        business_id=business.id,
        kind=kind,
        file_key=key,
        file_type=content_type,
        uploaded_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    _event(business, "document_added", actor=actor, data={"document_id": document.id, "kind": kind})
    db.session.flush()
    return document


def open_business_document(document: BusinessDocument) -> bytes:
    """The document's file content (check access first)."""
    return open_private_document(document.file_key)


def document_filename(document: BusinessDocument) -> str:
    """A download name that says what the file is: `npwp-12.pdf`."""
    return f"{document.kind}-{document.id}.{document.file_key.rsplit('.', 1)[-1]}"


# -- The platform's decisions ----------------------------------------------------------------


def _check_admin(admin: User) -> None:
    if not admin.is_admin:
        raise NotAllowed()


def _tell_owners(business: Business, *, template: str, subject: Any) -> None:
    for owner in list_business_owners(business.id):
        send_user_email(
            owner,
            template=template,
            subject=subject,
            business=business,
            link=public_url("wholesale.dashboard"),
        )


def verify_business(business: Business, *, admin: User) -> Business:
    """Verify a pending business: wholesale prices and ordering open for it; its owners are
    told by email after the commit. Raises NotAllowed, InvalidBusiness (not pending)."""
    _check_admin(admin)
    _lock(business)
    _move(business, S.VERIFIED)
    business.status_reason = ""
    business.verified_at = utcnow()
    business.verified_by_id = admin.id
    _event(business, "verified", actor=admin)
    db.session.flush()
    _tell_owners(
        business,
        template="wholesale/email/business_verified.txt",
        subject=_l("Akun usaha Anda sudah diverifikasi"),
    )
    return business


def reject_business(business: Business, *, admin: User, reason: str) -> Business:
    """Refuse a pending business with a reason its owners read (on the dashboard and by
    email). Raises NotAllowed, InvalidBusiness (reason too short, not pending)."""
    _check_admin(admin)
    reason = _words(reason)
    if not MIN_REASON <= len(reason) <= MAX_REASON:
        raise InvalidBusiness(
            _l(
                "Tulis alasan penolakan (%(min)d–%(max)d karakter) agar pemilik tahu apa yang "
                "harus diperbaiki.",
                min=MIN_REASON,
                max=MAX_REASON,
            ),
            field="reason",
        )
    _lock(business)
    _move(business, S.REJECTED)
    business.status_reason = reason
    _event(business, "rejected", actor=admin, note=reason)
    db.session.flush()
    _tell_owners(
        business,
        template="wholesale/email/business_rejected.txt",
        subject=_l("Akun usaha Anda belum dapat diverifikasi"),
    )
    return business


def set_business_terms(
    business: Business,
    *,
    admin: User,
    payment_terms: str,
    credit_limit_idr: int,
    approval_threshold_idr: int | None,
) -> list[BusinessEvent]:
    """Set payment terms, credit limit and approval threshold (None: no approval step); one
    event per changed value with before and after. Raises NotAllowed, InvalidBusiness."""
    _check_admin(admin)
    if payment_terms not in set(PaymentTerms):
        raise InvalidBusiness(_l("Pilih ketentuan pembayaran."), field="payment_terms")
    if not isinstance(credit_limit_idr, int) or not 0 <= credit_limit_idr <= MAX_AMOUNT_IDR:
        raise InvalidBusiness(
            _l("Batas kredit berupa angka Rupiah 0 atau lebih."), field="credit_limit_idr"
        )
    if approval_threshold_idr is not None and (
        not isinstance(approval_threshold_idr, int)
        or not 0 <= approval_threshold_idr <= MAX_AMOUNT_IDR
    ):
        raise InvalidBusiness(
            _l("Batas persetujuan berupa angka Rupiah 0 atau lebih, atau kosong."),
            field="approval_threshold_idr",
        )
    _lock(business)
    wanted = {
        "payment_terms": str(payment_terms),
        "credit_limit_idr": credit_limit_idr,
        "approval_threshold_idr": approval_threshold_idr,
    }
    events = []
    for field, after in wanted.items():
        before = getattr(business, field)
        if before == after:
            continue
        setattr(business, field, after)
        events.append(
            _event(
                business,
                "terms",
                actor=admin,
                data={"field": field, "before": before, "after": after},
            )
        )
    db.session.flush()
    return events
