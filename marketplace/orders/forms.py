"""Cart, address and checkout forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from marketplace.accounts.forms import REQUIRED, IndonesianPhone, strip
from marketplace.stores.forms import RegionPickerMixin


class AddToCartForm(FlaskForm):
    """A variant and a quantity from the product page."""

    variant_id = SelectField(_l("Pilihan"), coerce=int, validate_choice=True)
    quantity = IntegerField(
        _l("Jumlah"),
        default=1,
        validators=[DataRequired(REQUIRED), NumberRange(1, 9_999)],
        render_kw={"inputmode": "numeric", "min": 1, "max": 9999},
    )


class CartLineForm(FlaskForm):
    """Change one cart line: quantity, remove, save for later or move back."""

    variant_id = HiddenField(validators=[DataRequired()])
    quantity = IntegerField(
        _l("Jumlah"),
        validators=[Optional(), NumberRange(0, 9_999)],
        render_kw={"inputmode": "numeric", "min": 0, "max": 9999},
    )


class AddressForm(RegionPickerMixin, FlaskForm):
    """An address in the buyer's address book."""

    label = StringField(
        _l("Label (mis. Rumah, Kantor)"), validators=[Length(max=40)], filters=[strip]
    )
    recipient_name = StringField(
        _l("Nama penerima"), validators=[DataRequired(REQUIRED), Length(2, 120)], filters=[strip]
    )
    phone = TelField(
        _l("Nomor HP penerima"),
        validators=[DataRequired(REQUIRED), IndonesianPhone()],
        render_kw={"inputmode": "tel", "placeholder": "0812 3456 7890"},
    )
    province_code = SelectField(_l("Provinsi"), validate_choice=False)
    region_code = SelectField(_l("Kabupaten/kota"), validate_choice=False)
    district_code = SelectField(_l("Kecamatan"), validate_choice=False)
    village_code = SelectField(_l("Kelurahan/desa"), validate_choice=False)
    address_line = StringField(
        _l("Alamat (jalan, nomor, RT/RW, patokan)"),
        validators=[DataRequired(REQUIRED), Length(max=200)],
        filters=[strip],
    )
    postal_code = StringField(
        _l("Kode pos"),
        validators=[DataRequired(REQUIRED), Regexp(r"^\d{5}$", message=_l("Kode pos 5 digit."))],
        filters=[strip],
        render_kw={"inputmode": "numeric", "maxlength": 5},
    )
    is_default = BooleanField(_l("Jadikan alamat utama"))
