"""Standing order forms: where, which weekday, from when until when, and the lines."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.accounts.forms import REQUIRED, strip

LINE_ROWS = 5

WEEKDAY_LABELS = (
    _l("Senin"),
    _l("Selasa"),
    _l("Rabu"),
    _l("Kamis"),
    _l("Jumat"),
    _l("Sabtu"),
    _l("Minggu"),
)


class StandingLineForm(Form):
    """One line: a variant of the store and the quantity delivered every week; a row left
    without a product is ignored."""

    variant_id = SelectField(_l("Produk"), validate_choice=False)
    quantity = IntegerField(
        _l("Jumlah per kiriman"),
        validators=[Optional(), NumberRange(1, 1_000_000)],
        render_kw={"inputmode": "numeric", "min": 1},
    )

    def is_blank(self) -> bool:
        return not self.variant_id.data and not self.quantity.data


class StandingOrderForm(FlaskForm):
    """A standing order with one store."""

    name = StringField(
        _l("Nama (mis. Roti Senin Outlet Merdeka)"),
        validators=[Optional(), Length(max=80)],
        filters=[strip],
    )
    location_id = SelectField(_l("Lokasi pengiriman"), coerce=int)
    weekday = SelectField(
        _l("Hari kirim"),
        coerce=int,
        choices=[SelectChoice(value=i, label=label) for i, label in enumerate(WEEKDAY_LABELS)],
    )
    starts_on = DateField(_l("Mulai tanggal"), validators=[DataRequired(REQUIRED)])
    ends_on = DateField(_l("Sampai tanggal (boleh kosong)"), validators=[Optional()])
    lines = FieldList(FormField(StandingLineForm), min_entries=LINE_ROWS, max_entries=30)
    note = StringField(
        _l("Catatan untuk penjual"), validators=[Optional(), Length(max=300)], filters=[strip]
    )


class RejectStandingForm(FlaskForm):
    """An approver's reason for rejecting a standing order."""

    note = StringField(
        _l("Alasan penolakan"),
        validators=[DataRequired(REQUIRED), Length(5, 300)],
        filters=[strip],
    )
