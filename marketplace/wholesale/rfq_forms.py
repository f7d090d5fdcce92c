"""Forms for requests for quotation, quotes and pooled requests."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.accounts.forms import REQUIRED, strip

NUMERIC = {"inputmode": "numeric"}


def new_key() -> str:
    """An idempotency key for a form that places an order."""
    return secrets.token_urlsafe(24)


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (easier on a phone than a multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RfqForm(FlaskForm):
    """A request for quotation."""

    title = StringField(
        _l("Judul permintaan"),
        validators=[DataRequired(REQUIRED), Length(3, 160)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. Roti tawar untuk sarapan hotel")},
    )
    description = TextAreaField(
        _l("Kebutuhan (bahan, ukuran, kemasan, contoh)"),
        validators=[Optional(), Length(max=4000)],
        filters=[strip],
    )
    product_id = HiddenField()
    quantity = IntegerField(
        _l("Jumlah"),
        validators=[InputRequired(REQUIRED), NumberRange(1, 1_000_000)],
        render_kw={**NUMERIC, "min": 1},
    )
    unit = StringField(_l("Satuan"), default="pcs", validators=[Length(max=20)], filters=[strip])
    delivery_on = DateField(_l("Tanggal kirim"), validators=[InputRequired(REQUIRED)])
    respond_by = DateField(_l("Penawaran paling lambat"), validators=[InputRequired(REQUIRED)])
    location_id = SelectField(_l("Lokasi pengiriman"), coerce=int, validate_choice=True)
    store_ids = MultiCheckboxField(_l("Penjual yang diminta menawar"), coerce=int)


class QuoteForm(FlaskForm):
    """A seller's quote."""

    variant_id = SelectField(_l("Produk yang ditawarkan"), coerce=int, validate_choice=True)
    unit_price_idr = IntegerField(
        _l("Harga per unit (Rp, sebelum PPN)"),
        validators=[InputRequired(REQUIRED), NumberRange(1, 100_000_000)],
        render_kw={**NUMERIC, "min": 1},
    )
    quantity = IntegerField(
        _l("Jumlah"),
        validators=[InputRequired(REQUIRED), NumberRange(1, 1_000_000)],
        render_kw={**NUMERIC, "min": 1},
    )
    valid_until = DateField(_l("Berlaku sampai"), validators=[InputRequired(REQUIRED)])
    lead_time_days = IntegerField(
        _l("Waktu produksi (hari)"),
        default=0,
        validators=[InputRequired(REQUIRED), NumberRange(0, 365)],
        render_kw={**NUMERIC, "min": 0},
    )
    note = TextAreaField(
        _l("Catatan untuk pembeli"), validators=[Optional(), Length(max=500)], filters=[strip]
    )


class ReasonForm(FlaskForm):
    """A reason the other side reads: declining, removing a share, cancelling."""

    reason = StringField(
        _l("Alasan"), validators=[DataRequired(REQUIRED), Length(5, 300)], filters=[strip]
    )


class CloseForm(FlaskForm):
    """Close a request (the reason is optional)."""

    reason = StringField(_l("Alasan (opsional)"), validators=[Length(max=300)], filters=[strip])


class PlaceForm(FlaskForm):
    """Turn a quote or a covered pool into an order: how to pay and when to deliver."""

    pay = SelectField(_l("Pembayaran"), validate_choice=True)
    delivery_on = DateField(_l("Tanggal kirim"), validators=[InputRequired(REQUIRED)])
    idempotency_key = HiddenField(default=new_key)


class PoolForm(FlaskForm):
    """A pooled request for a cluster of sellers."""

    category_id = SelectField(_l("Kategori"), coerce=int, validate_choice=True)
    title = StringField(
        _l("Judul permintaan"),
        validators=[DataRequired(REQUIRED), Length(3, 160)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. 2.000 seragam batik karyawan")},
    )
    description = TextAreaField(
        _l("Kebutuhan (bahan, ukuran, warna, kemasan)"),
        validators=[Optional(), Length(max=4000)],
        filters=[strip],
    )
    total_quantity = IntegerField(
        _l("Jumlah total"),
        validators=[InputRequired(REQUIRED), NumberRange(1, 1_000_000)],
        render_kw={**NUMERIC, "min": 1},
    )
    unit = StringField(_l("Satuan"), default="pcs", validators=[Length(max=20)], filters=[strip])
    max_unit_price_idr = IntegerField(
        _l("Harga maksimum per unit (Rp, opsional)"),
        validators=[Optional(), NumberRange(1, 100_000_000)],
        render_kw={**NUMERIC, "min": 1},
    )
    delivery_on = DateField(_l("Tanggal kirim"), validators=[InputRequired(REQUIRED)])
    claim_until = DateField(
        _l("Penjual mengambil bagian paling lambat"), validators=[InputRequired(REQUIRED)]
    )
    location_id = SelectField(_l("Lokasi pengiriman"), coerce=int, validate_choice=True)
    requires_halal = BooleanField(_l("Wajib sertifikat halal yang masih berlaku"))
    requires_training = BooleanField(_l("Wajib pelatihan yang sudah terverifikasi"))


class ClaimForm(FlaskForm):
    """A seller's share of a pooled request."""

    variant_id = SelectField(_l("Produk"), coerce=int, validate_choice=True)
    quantity = IntegerField(
        _l("Jumlah yang sanggup dibuat"),
        validators=[InputRequired(REQUIRED), NumberRange(1, 1_000_000)],
        render_kw={**NUMERIC, "min": 1},
    )
    unit_price_idr = IntegerField(
        _l("Harga per unit (Rp, sebelum PPN)"),
        validators=[InputRequired(REQUIRED), NumberRange(1, 100_000_000)],
        render_kw={**NUMERIC, "min": 1},
    )
    note = StringField(_l("Catatan (opsional)"), validators=[Length(max=300)], filters=[strip])


class NoteForm(FlaskForm):
    """A coordinator's note on a pooled request."""

    note = StringField(_l("Catatan koordinator"), validators=[Length(max=300)], filters=[strip])
