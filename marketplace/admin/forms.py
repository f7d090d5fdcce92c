"""Back-office forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.accounts.forms import REQUIRED, strip


class CategoryForm(FlaskForm):
    name = StringField(
        _l("Nama (Indonesia)"), validators=[DataRequired(REQUIRED), Length(max=80)], filters=[strip]
    )
    name_en = StringField(
        _l("Nama (Inggris)"), validators=[DataRequired(REQUIRED), Length(max=80)], filters=[strip]
    )
    slug = StringField(
        _l("Slug"), validators=[DataRequired(REQUIRED), Length(max=80)], filters=[strip]
    )
    parent_id = SelectField(_l("Induk"), validate_choice=False)
    position = IntegerField(_l("Urutan"), validators=[Optional()], default=0)
    is_food = BooleanField(_l("Makanan/minuman (wajib info halal)"))
