"""Forms: the owner's bank account, the admins' decisions, marking paid, cancelling, the export.

Fields are checked again by the services, which say what is wrong in Indonesian."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from marketplace.accounts.forms import REQUIRED, strip
from marketplace.payouts import services
from marketplace.payouts.banks import BANKS


class BankAccountForm(FlaskForm):
    """The account a store is paid to, as in the owner's passbook."""

    bank_code = SelectField(
        _l("Bank"),
        choices=[SelectChoice(value="", label=_l("— Pilih bank —"))]
        + [SelectChoice(value=code, label=name) for code, name in BANKS.items()],
        validators=[DataRequired(_l("Pilih bank dari daftar."))],
    )
    account_number = StringField(
        _l("Nomor rekening"),
        validators=[DataRequired(REQUIRED), Length(max=40)],
        filters=[strip],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 40},
    )
    holder_name = StringField(
        _l("Nama pemilik rekening"),
        validators=[DataRequired(REQUIRED), Length(max=services.HOLDER_MAX)],
        filters=[strip],
        render_kw={"maxlength": services.HOLDER_MAX, "autocomplete": "off"},
    )


class AccountDecisionForm(FlaskForm):
    """An admin verifies or rejects the revision of the account shown on the page."""

    revision = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    reason = TextAreaField(
        _l("Alasan penolakan (dibaca pemilik toko)"),
        validators=[Optional(), Length(max=services.REASON_MAX)],
        filters=[strip],
        render_kw={"rows": 3, "maxlength": services.REASON_MAX},
    )


class MarkPaidForm(FlaskForm):
    """The bank's reference of the transfer made."""

    reference = StringField(
        _l("Nomor referensi transfer"),
        validators=[DataRequired(REQUIRED), Length(max=services.REFERENCE_MAX)],
        filters=[strip],
        render_kw={"maxlength": services.REFERENCE_MAX, "autocomplete": "off"},
    )


class CancelPayoutForm(FlaskForm):
    """Why a proposed payout is not paid (the seller reads it); for a payout already in a
    downloaded bank file, the admin's word that the bank did not send it."""

    confirmed_not_sent = BooleanField(
        _l("Sudah saya pastikan di bank bahwa transfer ini tidak dikirim")
    )

    reason = TextAreaField(
        _l("Alasan pembatalan"),
        validators=[DataRequired(REQUIRED), Length(max=services.REASON_MAX)],
        filters=[strip],
        render_kw={"rows": 2, "maxlength": services.REASON_MAX},
    )


class ExportForm(FlaskForm):
    """Download the bank file of a period's proposed payouts."""

    period = HiddenField(validators=[DataRequired()])
