"""Payment forms: the transfer proof, an admin's rejection, the card submission."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from marketplace.accounts.forms import strip
from marketplace.core.images import MAX_UPLOAD_BYTES


class ProofUploadForm(FlaskForm):
    """A photo or screenshot of the transfer receipt (the image pipeline judges the content)."""

    proof = FileField(
        _l("Foto atau tangkapan layar bukti transfer"),
        validators=[
            FileRequired(_l("Pilih foto bukti transfer.")),
            FileSize(MAX_UPLOAD_BYTES, message=_l("Foto maksimal 10 MB.")),
        ],
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )


class RejectProofForm(FlaskForm):
    """Why an admin refuses a proof; the buyer reads it."""

    reason = StringField(
        _l("Alasan penolakan"),
        validators=[DataRequired(_l("Tulis alasan penolakan.")), Length(max=200)],
        filters=[strip],
    )


class CardForm(FlaskForm):
    """The card page's form: Stripe.js fills the payment method id in before posting."""

    payment_method = HiddenField()
