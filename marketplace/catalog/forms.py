"""Product forms for sellers."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from marketplace.accounts.forms import REQUIRED, strip
from marketplace.catalog.models import Category

VARIANT_ROWS = 3


def upper(value: str | None) -> str | None:
    return value.strip().upper() if isinstance(value, str) else value


class VariantForm(Form):
    """One variant row; a row left entirely empty is ignored."""

    sku = StringField(
        _l("SKU"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[A-Z0-9._-]+$", message=_l("Huruf, angka, titik, - atau _.")),
        ],
        filters=[upper],
    )
    label = StringField(_l("Varian"), validators=[Optional(), Length(max=80)], filters=[strip])
    price_idr = IntegerField(_l("Harga (Rp)"), validators=[Optional(), NumberRange(min=1)])
    stock = IntegerField(_l("Stok"), validators=[Optional(), NumberRange(min=0)])
    weight_grams = IntegerField(_l("Berat (gram)"), validators=[Optional(), NumberRange(min=0)])
    min_order = IntegerField(_l("Min. pesan"), validators=[Optional(), NumberRange(min=1)])

    def is_blank(self) -> bool:
        return not any([self.sku.data, self.label.data, self.price_idr.data])


def category_choices() -> list[SelectChoice]:
    """Leaf categories grouped under their parent, for a select."""
    from sqlalchemy import select

    from marketplace.extensions import db

    parents = {
        c.id: c for c in db.session.scalars(select(Category).where(Category.parent_id.is_(None)))
    }
    leaves = db.session.scalars(
        select(Category).where(Category.parent_id.is_not(None)).order_by(Category.position)
    )
    choices = [SelectChoice(value="", label=_l("— Pilih kategori —"))]
    for leaf in sorted(leaves, key=lambda c: (parents[c.parent_id].position, c.position)):
        choices.append(
            SelectChoice(value=str(leaf.id), label=leaf.name, optgroup=parents[leaf.parent_id].name)
        )
    return choices


class ProductForm(FlaskForm):
    name = StringField(
        _l("Nama produk"), validators=[DataRequired(REQUIRED), Length(2, 160)], filters=[strip]
    )
    category_id = SelectField(_l("Kategori"), validate_choice=False)
    description = TextAreaField(
        _l("Deskripsi"), validators=[Optional(), Length(max=5000)], filters=[strip]
    )
    sale_type = SelectField(
        _l("Cara jual"),
        choices=[
            SelectChoice(value="ready", label=_l("Siap kirim (ready stock)")),
            SelectChoice(value="preorder", label=_l("Pre-order")),
        ],
    )
    preorder_days = IntegerField(
        _l("Lama pre-order (hari)"), validators=[Optional(), NumberRange(1, 90)]
    )
    variants = FieldList(FormField(VariantForm), min_entries=VARIANT_ROWS)
    # Food fields
    halal_cert_no = StringField(
        _l("Nomor sertifikat halal"), validators=[Optional(), Length(max=40)], filters=[strip]
    )
    halal_expires_on = DateField(_l("Halal berlaku sampai"), validators=[Optional()])
    is_non_halal = BooleanField(_l("Produk ini tidak halal (saya nyatakan)"))
    pirt_no = StringField(
        _l("Nomor P-IRT"),
        validators=[Optional(), Regexp(r"^\d{15}$", message=_l("15 digit angka."))],
        filters=[strip],
    )
    bpom_no = StringField(
        _l("Nomor BPOM (MD/ML)"), validators=[Optional(), Length(max=20)], filters=[upper]
    )
    shelf_life_days = IntegerField(
        _l("Masa simpan (hari)"), validators=[Optional(), NumberRange(1, 3650)]
    )
    ingredients = TextAreaField(
        _l("Komposisi"), validators=[Optional(), Length(max=2000)], filters=[strip]
    )
    allergens = StringField(
        _l("Alergen"),
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. kacang, susu, gluten")},
    )

    def filled_variants(self) -> list[Any]:
        return [entry.form for entry in self.variants if not entry.form.is_blank()]


class ImageUploadForm(FlaskForm):
    photo = FileField(
        _l("Foto produk"),
        validators=[
            FileRequired(_l("Pilih foto.")),
            FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Unggah foto JPG, PNG atau WebP.")),
            FileSize(10 * 1024 * 1024, message=_l("Foto maksimal 10 MB.")),
        ],
        render_kw={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"},
    )


class BulkForm(FlaskForm):
    action = SelectField(
        _l("Tindakan"),
        choices=[
            SelectChoice(value="active", label=_l("Tayangkan")),
            SelectChoice(value="hidden", label=_l("Sembunyikan")),
            SelectChoice(value="archived", label=_l("Arsipkan")),
        ],
    )
