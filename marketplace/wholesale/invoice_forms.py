"""Admin forms on invoices: record a bank transfer received, void an invoice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from marketplace.accounts.forms import REQUIRED, strip
from marketplace.wholesale.invoices import REASON_MAX, REASON_MIN, REFERENCE_MAX


class InvoicePaymentForm(FlaskForm):
    """Money received for an invoice: amount, the transfer's reference, the day it arrived."""

    amount_idr = IntegerField(
        _l("Jumlah diterima (Rp)"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(1, 10**13, message=_l("Jumlah harus lebih dari 0.")),
        ],
        render_kw={"inputmode": "numeric", "min": 1},
    )
    reference = StringField(
        _l("Nomor referensi transfer"),
        validators=[DataRequired(REQUIRED), Length(max=REFERENCE_MAX)],
        filters=[strip],
        render_kw={"maxlength": REFERENCE_MAX},
    )
    paid_on = DateField(_l("Tanggal diterima"), validators=[DataRequired(REQUIRED)])


class InvoiceVoidForm(FlaskForm):
    """Why an invoice without payments is cancelled."""

    reason = StringField(
        _l("Alasan pembatalan faktur"),
        validators=[DataRequired(REQUIRED), Length(REASON_MIN, REASON_MAX)],
        filters=[strip],
        render_kw={"maxlength": REASON_MAX, "minlength": REASON_MIN},
    )
