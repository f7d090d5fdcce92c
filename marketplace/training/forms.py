"""Training forms. Every POST form carries a CSRF token; filter forms are GET and carry none."""

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
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from marketplace.accounts.forms import REQUIRED, strip
from marketplace.regions.reference import list_districts, list_villages
from marketplace.training.labels import (
    ENROLLMENT_STATUS_LABELS,
    FUNDING_SOURCE_LABELS,
    PROGRAM_KIND_LABELS,
    SKILL_FIELD_LABELS,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
SALES_CONSENT_LABEL = _l("Izinkan Dinas yang melatih saya melihat penjualan toko saya")


def _choices(labels: dict[Any, Any], *, blank: Any = None) -> list[SelectChoice]:
    choices = [SelectChoice(value=str(k), label=v) for k, v in labels.items()]
    if blank is not None:
        choices.insert(0, SelectChoice(value="", label=blank))
    return choices


def region_choices(regency_code: str) -> tuple[list[SelectChoice], list[SelectChoice]]:
    """Kecamatan of the regency, and its kelurahan grouped by kecamatan, for select fields."""
    districts = list_districts(regency_code)
    district_choices = [SelectChoice(value="", label=_l("— Tidak ditentukan —"))]
    village_choices = [SelectChoice(value="", label=_l("— Tidak ditentukan —"))]
    for district in districts:
        district_choices.append(SelectChoice(value=district.code, label=district.name))
        for village in list_villages(district.code):
            village_choices.append(
                SelectChoice(value=village.code, label=village.name, optgroup=district.name)
            )
    return district_choices, village_choices


class ProgramForm(FlaskForm):
    title = StringField(
        _l("Judul program"), validators=[DataRequired(REQUIRED), Length(max=200)], filters=[strip]
    )
    kind = SelectField(_l("Jenis"), choices=_choices(PROGRAM_KIND_LABELS))
    skill_field = SelectField(_l("Bidang keterampilan"), choices=_choices(SKILL_FIELD_LABELS))
    venue = StringField(
        _l("Tempat"),
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. BLK Demak, aula kelurahan")},
    )
    district_code = SelectField(_l("Kecamatan"), validate_choice=True)
    village_code = SelectField(_l("Kelurahan/desa"), validate_choice=True)
    start_date = DateField(_l("Tanggal mulai"), validators=[DataRequired(REQUIRED)])
    end_date = DateField(_l("Tanggal selesai"), validators=[DataRequired(REQUIRED)])
    capacity = IntegerField(
        _l("Kapasitas peserta"),
        default=40,
        validators=[DataRequired(REQUIRED), NumberRange(1, 10000)],
    )
    funding_source = SelectField(_l("Sumber dana"), choices=_choices(FUNDING_SOURCE_LABELS))
    budget_idr = IntegerField(
        _l("Anggaran (Rupiah, opsional)"), validators=[Optional(), NumberRange(min=0)]
    )
    description = TextAreaField(
        _l("Keterangan"), validators=[Optional(), Length(max=4000)], filters=[strip]
    )

    def set_regions(self, regency_code: str) -> None:
        self.district_code.choices, self.village_code.choices = region_choices(regency_code)


class EnrollmentForm(FlaskForm):
    status = SelectField(_l("Status"), choices=_choices(ENROLLMENT_STATUS_LABELS))
    certificate_no = StringField(
        _l("Nomor sertifikat"),
        validators=[
            Optional(),
            Length(max=60),
            Regexp(r"^[\w/.\- ]+$", message=_l("Hanya huruf, angka, spasi dan / . - _")),
        ],
        filters=[strip],
    )
    award_title = StringField(
        _l("Penghargaan"),
        validators=[Optional(), Length(max=120)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. Juara 1")},
    )
    award_rank = IntegerField(_l("Peringkat"), validators=[Optional(), NumberRange(1, 100)])
    award_amount_idr = IntegerField(
        _l("Nilai hadiah (Rupiah)"), validators=[Optional(), NumberRange(min=0)]
    )
    grant_items = TextAreaField(
        _l("Bantuan yang diterima"),
        validators=[Optional(), Length(max=2000)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. 1 unit oven gas, 1 mesin roasting kopi")},
    )


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("Berkas CSV peserta"),
        validators=[
            FileRequired(_l("Pilih berkas CSV.")),
            FileAllowed(["csv", "txt"], _l("Unggah berkas .csv (Simpan Sebagai › CSV UTF-8).")),
            FileSize(MAX_IMPORT_BYTES, message=_l("Berkas maksimal 5 MB.")),
        ],
    )


class ClaimForm(FlaskForm):
    certificate_no = StringField(
        _l("Nomor sertifikat"),
        validators=[DataRequired(REQUIRED), Length(max=60)],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    nik = StringField(
        _l("NIK (16 digit, sesuai KTP)"),
        validators=[DataRequired(REQUIRED), Length(max=30)],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )
    # Unticked by default: agencies see an alumnus's own sales only with this consent.
    sales_consent = BooleanField(SALES_CONSENT_LABEL, default=False)


class InvitationAcceptForm(FlaskForm):
    nik = StringField(
        _l("NIK (16 digit, sesuai KTP)"),
        validators=[DataRequired(REQUIRED), Length(max=30)],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )
    sales_consent = BooleanField(SALES_CONSENT_LABEL, default=False)


class UnlinkForm(FlaskForm):
    reason = StringField(
        _l("Alasan"),
        validators=[DataRequired(REQUIRED), Length(max=300)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. diklaim oleh saudara peserta")},
    )


class EnrollmentFilterForm(FlaskForm):
    class Meta:
        csrf = False

    program = SelectField(_l("Program"), validate_choice=False)
    status = SelectField(
        _l("Status"),
        choices=_choices(ENROLLMENT_STATUS_LABELS, blank=_l("Semua status")),
        validate_choice=False,
    )
    district = SelectField(_l("Kecamatan"), validate_choice=False)
    skill = SelectField(
        _l("Bidang"),
        choices=_choices(SKILL_FIELD_LABELS, blank=_l("Semua bidang")),
        validate_choice=False,
    )
    q = StringField(_l("Nama atau nomor sertifikat"), filters=[strip])
