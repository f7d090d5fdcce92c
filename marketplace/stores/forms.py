"""Store forms, with the province -> kabupaten/kota -> kecamatan -> kelurahan picker."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from marketplace.accounts.forms import REQUIRED, IndonesianPhone, strip
from marketplace.regions.reference import (
    list_districts,
    list_provinces,
    list_regencies,
    list_villages,
)


def _pick(label: Any, items: list[Any]) -> list[SelectChoice]:
    return [SelectChoice(value="", label=label)] + [
        SelectChoice(value=i.code, label=i.name) for i in items
    ]


class RegionPickerMixin:
    """Four selects whose choices follow the level above; without JavaScript the form's
    "refresh" button re-renders it with the next level filled in."""

    province_code: SelectField
    region_code: SelectField
    district_code: SelectField
    village_code: SelectField

    def fill_region_choices(self) -> None:
        province = self.province_code.data or ""
        regency = self.region_code.data or ""
        district = self.district_code.data or ""
        self.province_code.choices = _pick(_l("— Pilih provinsi —"), list_provinces())
        regencies = list_regencies(province) if province else []
        self.region_code.choices = _pick(_l("— Pilih kabupaten/kota —"), regencies)
        if regency not in {r.code for r in regencies}:
            regency = ""
        districts = list_districts(regency) if regency else []
        self.district_code.choices = _pick(_l("— Pilih kecamatan —"), districts)
        if district not in {d.code for d in districts}:
            district = ""
        villages = list_villages(district) if district else []
        self.village_code.choices = _pick(_l("— Pilih kelurahan/desa —"), villages)


class StoreForm(RegionPickerMixin, FlaskForm):
    name = StringField(
        _l("Nama toko"), validators=[DataRequired(REQUIRED), Length(2, 120)], filters=[strip]
    )
    slug = StringField(
        _l("Alamat toko di Pasar IKM"),
        validators=[
            DataRequired(REQUIRED),
            Length(3, 60),
            Regexp(r"^[a-z0-9-]+$", message=_l("Hanya huruf kecil, angka dan tanda hubung.")),
        ],
        filters=[strip],
    )
    description = TextAreaField(
        _l("Tentang toko"), validators=[Optional(), Length(max=2000)], filters=[strip]
    )
    address_line = StringField(
        _l("Alamat (jalan, nomor, RT/RW)"),
        validators=[DataRequired(REQUIRED), Length(max=200)],
        filters=[strip],
    )
    province_code = SelectField(_l("Provinsi"), validate_choice=False)
    region_code = SelectField(_l("Kabupaten/kota"), validate_choice=False)
    district_code = SelectField(_l("Kecamatan"), validate_choice=False)
    village_code = SelectField(_l("Kelurahan/desa"), validate_choice=False)
    postal_code = StringField(
        _l("Kode pos"),
        validators=[Optional(), Regexp(r"^\d{5}$", message=_l("Kode pos 5 digit."))],
        filters=[strip],
    )
    whatsapp = TelField(
        _l("Nomor WhatsApp"),
        validators=[DataRequired(REQUIRED), IndonesianPhone()],
        render_kw={"inputmode": "tel", "placeholder": "0812 3456 7890"},
    )
    nib = StringField(
        _l("NIB (opsional)"),
        validators=[Optional(), Regexp(r"^\d{13}$", message=_l("NIB terdiri dari 13 digit."))],
        filters=[strip],
    )
    opening_hours = StringField(
        _l("Jam buka"),
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. Senin–Sabtu 08.00–16.00")},
    )
    is_preorder_only = BooleanField(_l("Hanya menerima pre-order"))


class HolidayForm(FlaskForm):
    note = StringField(
        _l("Pesan libur"),
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. Libur Lebaran sampai 15 April")},
    )


class DocumentForm(FlaskForm):
    kind = SelectField(
        _l("Jenis dokumen"),
        choices=[
            SelectChoice(value="halal", label=_l("Sertifikat halal")),
            SelectChoice(value="pirt", label=_l("SPP-IRT (P-IRT)")),
            SelectChoice(value="bpom", label=_l("Izin edar BPOM (MD/ML)")),
            SelectChoice(value="nib", label=_l("NIB")),
        ],
    )
    number = StringField(
        _l("Nomor"), validators=[DataRequired(REQUIRED), Length(max=40)], filters=[strip]
    )
    expires_on = DateField(_l("Berlaku sampai"), validators=[Optional()])
    file = FileField(
        _l("Berkas (PDF, JPG atau PNG, maks. 5 MB)"),
        validators=[
            FileRequired(_l("Pilih berkas.")),
            FileAllowed(["pdf", "jpg", "jpeg", "png"], _l("Unggah PDF, JPG atau PNG.")),
            FileSize(5 * 1024 * 1024, message=_l("Berkas maksimal 5 MB.")),
        ],
    )


class StaffForm(FlaskForm):
    email = StringField(
        _l("Email akun staf"),
        validators=[DataRequired(REQUIRED), Length(max=254)],
        filters=[strip],
        render_kw={"autocomplete": "off", "type": "email"},
    )


class ShippingForm(FlaskForm):
    """Which couriers, pick-up and own delivery a store offers."""

    services = SelectMultipleField(_l("Kurir"), coerce=str, validate_choice=True)
    offers_pickup = BooleanField(_l("Pembeli boleh ambil sendiri di toko"))
    local_delivery_fee_idr = IntegerField(
        _l("Ongkos kurir toko (dalam kabupaten/kota yang sama)"),
        validators=[Optional(), NumberRange(0, 1_000_000)],
        render_kw={"inputmode": "numeric", "placeholder": _l("kosongkan bila tidak ada")},
    )
