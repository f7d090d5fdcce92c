"""Forms of the sellers' wholesale offer and supplier profile, and the buyers' filters."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from marketplace.accounts.forms import REQUIRED, strip
from marketplace.regions.reference import list_provinces
from marketplace.wholesale.pricing import TierInput

TIER_ROWS = 10


class RupiahField(StringField):
    """Whole Rupiah typed the way people write it: "12000", "12.000" or "Rp 12.000"."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = (valuelist[0] if valuelist else "") or ""
        self.data = None
        text = re.sub(r"^\s*rp\s*", "", str(self.raw).strip(), flags=re.IGNORECASE)
        if not text:
            return
        if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", text):
            raise ValueError(_l("Tulis harga dalam Rupiah tanpa sen, mis. 12.000."))
        self.data = int(text.replace(".", ""))

    def _value(self) -> str:
        if self.data is not None:
            return str(self.data)
        return getattr(self, "raw", "") or ""


class TierRowForm(Form):
    """One price tier; a row left empty is ignored."""

    min_qty = IntegerField(_l("Mulai dari (jumlah)"), validators=[Optional(), NumberRange(min=1)])
    unit_price_idr = RupiahField(_l("Harga per unit (Rp)"))

    def is_blank(self) -> bool:
        return self.min_qty.data is None and self.unit_price_idr.data is None


class OfferForm(FlaskForm):
    is_active = BooleanField(_l("Jual grosir untuk varian ini"))
    min_order_qty = IntegerField(
        _l("Minimum pesanan"), validators=[InputRequired(REQUIRED), NumberRange(min=1)]
    )
    pack_size = IntegerField(
        _l("Isi per kemasan (dijual kelipatan)"),
        default=1,
        validators=[InputRequired(REQUIRED), NumberRange(min=1, max=10_000)],
    )
    lead_time_days = IntegerField(
        _l("Waktu produksi (hari)"),
        default=0,
        validators=[InputRequired(REQUIRED), NumberRange(min=0, max=180)],
    )
    weekly_capacity = IntegerField(
        _l("Kapasitas per minggu (unit)"), validators=[Optional(), NumberRange(min=1)]
    )
    tiers = FieldList(FormField(TierRowForm), min_entries=TIER_ROWS, max_entries=TIER_ROWS)

    def validate_tiers(self, field: Any) -> None:
        for entry in field:
            row = entry.form
            if row.is_blank():
                continue
            if row.min_qty.data is None or row.unit_price_idr.data is None:
                raise ValidationError(_l("Isi jumlah dan harga pada setiap baris yang dipakai."))
        if not self.tier_inputs():
            raise ValidationError(_l("Isi minimal satu tingkat harga."))

    def tier_inputs(self) -> list[TierInput]:
        """The filled tier rows."""
        return [
            TierInput(min_qty=e.form.min_qty.data, unit_price_idr=e.form.unit_price_idr.data)
            for e in self.tiers
            if e.form.min_qty.data is not None and e.form.unit_price_idr.data is not None
        ]


class SupplierProfileForm(FlaskForm):
    is_open = BooleanField(_l("Terima pesanan dari pembeli usaha (hotel, swalayan, katering)"))
    capacity_note = StringField(
        _l("Kapasitas produksi"),
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. 1.000 bungkus per minggu")},
    )
    offers_samples = BooleanField(_l("Menyediakan sampel"))
    sample_note = TextAreaField(
        _l("Keterangan sampel"),
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. 5 bungkus gratis, ongkir ditanggung pembeli")},
    )
    delivery_province_codes = SelectMultipleField(
        _l("Wilayah pengiriman grosir"), render_kw={"size": 8}
    )
    npwp = StringField(
        _l("NPWP"),
        validators=[Optional(), Length(max=24)],
        filters=[strip],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    is_pkp = BooleanField(_l("Pengusaha Kena Pajak (PKP): faktur dengan PPN"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delivery_province_codes.choices = [(p.code, p.name) for p in list_provinces()]
