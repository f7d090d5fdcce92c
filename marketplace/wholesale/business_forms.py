"""Forms of business accounts: registration, details, members, locations, documents, and the
admin's verification and terms. NIB/NPWP rules are the services' own (one rule, two places)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    EmailField,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from marketplace.accounts.forms import REQUIRED, IndonesianPhone, strip
from marketplace.core.errors import DomainError
from marketplace.stores.documents import MAX_DOCUMENT_BYTES
from marketplace.stores.forms import RegionPickerMixin
from marketplace.wholesale.businesses import MAX_REASON, MIN_REASON, normalize_nib, normalize_npwp
from marketplace.wholesale.labels import (
    BUSINESS_DOCUMENT_LABELS,
    BUSINESS_KIND_LABELS,
    BUSINESS_ROLE_LABELS,
    PAYMENT_TERMS_LABELS,
)

EMAIL_INVALID = _l("Alamat email tidak valid.")


def _choices(labels: dict[Any, Any]) -> list[SelectChoice]:
    return [SelectChoice(value=str(k), label=v) for k, v in labels.items()]


class Normalized:
    """Run a service's normaliser on the field: its message on failure, its value on success."""

    def __init__(self, normalize: Any) -> None:
        self.normalize = normalize

    def __call__(self, form: Any, field: Any) -> None:
        try:
            field.data = self.normalize(field.data or "")
        except DomainError as exc:
            raise ValidationError(str(exc.message)) from None


class RupiahField(StringField):
    """Whole Rupiah typed as people write it ("Rp1.500.000", "1500000"); empty is None."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = (valuelist[0] if valuelist else "") or ""
        cleaned = raw.replace("Rp", "").replace("rp", "").replace(".", "").replace(" ", "")
        if not cleaned:
            self.data = None
            return
        if not cleaned.isascii() or not cleaned.isdigit():
            self.data = None
            raise ValueError(_l("Isi angka Rupiah tanpa sen, mis. 5.000.000."))
        self.data = int(cleaned)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:,}".replace(",", ".") if isinstance(self.data, int) else ""


def _phone_field(label: Any) -> TelField:
    return TelField(
        label,
        validators=[DataRequired(REQUIRED), IndonesianPhone()],
        render_kw={"inputmode": "tel", "placeholder": "0812 3456 7890"},
    )


def _village_field() -> SelectField:
    return SelectField(
        _l("Kelurahan/desa"),
        validate_choice=False,
        validators=[DataRequired(_l("Pilih kelurahan/desa."))],
    )


class LocationFields(RegionPickerMixin, Form):
    """A delivery location's fields (inside the registration form, or on their own)."""

    label = StringField(
        _l("Nama lokasi (mis. Outlet Merdeka, Dapur Pusat)"),
        validators=[DataRequired(REQUIRED), Length(max=80)],
        filters=[strip],
    )
    recipient_name = StringField(
        _l("Nama penerima"), validators=[DataRequired(REQUIRED), Length(2, 120)], filters=[strip]
    )
    phone = _phone_field(_l("Nomor HP penerima"))
    province_code = SelectField(_l("Provinsi"), validate_choice=False)
    region_code = SelectField(_l("Kabupaten/kota"), validate_choice=False)
    district_code = SelectField(_l("Kecamatan"), validate_choice=False)
    village_code = _village_field()
    address_line = StringField(
        _l("Alamat (jalan, nomor, patokan, pintu bongkar muat)"),
        validators=[DataRequired(REQUIRED), Length(max=200)],
        filters=[strip],
    )
    postal_code = StringField(
        _l("Kode pos"),
        validators=[DataRequired(REQUIRED), Regexp(r"^\d{5}$", message=_l("Kode pos 5 digit."))],
        filters=[strip],
        render_kw={"inputmode": "numeric", "maxlength": 5},
    )


class LocationForm(FlaskForm, LocationFields):
    """Add or change a delivery location."""


class BusinessForm(RegionPickerMixin, FlaskForm):
    """A business's details: who it is for the tax office and where invoices go."""

    kind = SelectField(_l("Jenis usaha"), choices=_choices(BUSINESS_KIND_LABELS))
    legal_name = StringField(
        _l("Nama badan usaha (sesuai NIB)"),
        validators=[DataRequired(REQUIRED), Length(2, 200)],
        filters=[strip],
    )
    nib = StringField(
        _l("NIB (13 digit)"),
        validators=[DataRequired(REQUIRED), Normalized(normalize_nib)],
        filters=[strip],
        render_kw={"inputmode": "numeric", "maxlength": 20, "autocomplete": "off"},
    )
    npwp = StringField(
        _l("NPWP (16 digit)"),
        validators=[DataRequired(REQUIRED), Normalized(normalize_npwp)],
        filters=[strip],
        render_kw={"inputmode": "numeric", "maxlength": 24, "autocomplete": "off"},
    )
    is_pkp = BooleanField(_l("Usaha kami Pengusaha Kena Pajak (PKP)"))
    address_line = StringField(
        _l("Alamat penagihan (jalan, nomor, gedung)"),
        validators=[DataRequired(REQUIRED), Length(max=200)],
        filters=[strip],
    )
    province_code = SelectField(_l("Provinsi"), validate_choice=False)
    region_code = SelectField(_l("Kabupaten/kota"), validate_choice=False)
    district_code = SelectField(_l("Kecamatan"), validate_choice=False)
    village_code = _village_field()
    postal_code = StringField(
        _l("Kode pos"),
        validators=[Optional(), Regexp(r"^\d{5}$", message=_l("Kode pos 5 digit."))],
        filters=[strip],
        render_kw={"inputmode": "numeric", "maxlength": 5},
    )
    billing_email = EmailField(
        _l("Email penagihan (faktur dikirim ke sini)"),
        validators=[DataRequired(REQUIRED), Email(EMAIL_INVALID), Length(max=254)],
        filters=[strip],
    )
    phone = _phone_field(_l("Nomor telepon usaha"))


class BusinessRegistrationForm(BusinessForm):
    """Registration: the business and its first delivery location."""

    location = FormField(LocationFields, separator="-")


class ActForm(FlaskForm):
    """Act for one of the user's businesses (empty: shop as a consumer again)."""

    business_id = HiddenField()
    next = HiddenField()


class MemberAddForm(FlaskForm):
    """Add a registered user to the business."""

    email = EmailField(
        _l("Email akun Pasar IKM"),
        validators=[DataRequired(REQUIRED), Email(EMAIL_INVALID), Length(max=254)],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    role = SelectField(_l("Peran"), choices=_choices(BUSINESS_ROLE_LABELS), default="buyer")


class MemberRoleForm(FlaskForm):
    """Change a member's role."""

    role = SelectField(_l("Peran"), choices=_choices(BUSINESS_ROLE_LABELS))


class BusinessDocumentForm(FlaskForm):
    """Upload a verification document."""

    kind = SelectField(_l("Jenis dokumen"), choices=_choices(BUSINESS_DOCUMENT_LABELS))
    file = FileField(
        _l("Berkas (PDF, JPG atau PNG, maks. 5 MB)"),
        validators=[
            FileRequired(_l("Pilih berkas.")),
            FileAllowed(["pdf", "jpg", "jpeg", "png"], _l("Unggah PDF, JPG atau PNG.")),
            FileSize(MAX_DOCUMENT_BYTES, message=_l("Berkas maksimal 5 MB.")),
        ],
    )


class RejectForm(FlaskForm):
    """An admin refuses a business, saying why."""

    reason = TextAreaField(
        _l("Alasan penolakan (dibaca pemilik usaha)"),
        validators=[DataRequired(REQUIRED), Length(MIN_REASON, MAX_REASON)],
        filters=[strip],
        render_kw={"rows": 3, "maxlength": MAX_REASON},
    )


class TermsForm(FlaskForm):
    """An admin sets how a business pays."""

    payment_terms = SelectField(_l("Ketentuan pembayaran"), choices=_choices(PAYMENT_TERMS_LABELS))
    credit_limit_idr = RupiahField(
        _l("Batas kredit (Rp)"),
        validators=[InputRequired(REQUIRED)],
        render_kw={"inputmode": "numeric"},
    )
    approval_threshold_idr = RupiahField(
        _l("Pesanan di atas (Rp) perlu persetujuan"),
        render_kw={"inputmode": "numeric", "placeholder": _l("kosong: tanpa persetujuan")},
    )
