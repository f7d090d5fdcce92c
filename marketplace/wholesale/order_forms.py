"""Forms of the quick order, saved lists and approvals.

The rows of SKU and quantity are plain inputs named `sku_<n>`, `qty_<n>`, `store_<n>` (n from
1), read by `read_rows`, so that a page of 10 or 200 rows needs no field objects; the form
classes carry the rest (and the CSRF token).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from marketplace.wholesale.ordering import MAX_ROWS
from marketplace.wholesale.quick_order import MAX_CSV_BYTES, RowInput

FORM_ROWS = 10  # rows shown at first
ROWS_STEP = 10  # rows "+ baris" adds
TERMS = "terms"


def row_count(values: Mapping[str, Any], *, at_least: int = 0) -> int:
    """How many input rows to show: the larger of `rows` (asked for: the "+ baris" button or
    a link) and `shown` (the rows of the submitted page), 10 by default, at least `at_least`,
    at most 200."""
    wanted = FORM_ROWS
    for name in ("rows", "shown"):
        try:
            wanted = max(wanted, int(values.get(name) or 0))
        except (TypeError, ValueError):
            continue
    return max(1, min(max(wanted, at_least), MAX_ROWS))


def read_rows(values: Mapping[str, Any], count: int) -> list[RowInput]:
    """The rows `sku_<n>`, `qty_<n>`, `store_<n>` for n = 1..count, as typed."""
    return [
        RowInput(
            row=n,
            sku=str(values.get(f"sku_{n}", ""))[:80],
            quantity=str(values.get(f"qty_{n}", ""))[:20],
            store=str(values.get(f"store_{n}", ""))[:80],
        )
        for n in range(1, count + 1)
    ]


class QuickOrderForm(FlaskForm):
    """Where, when and how to pay; a CSV to paste or upload; a name to save the rows under."""

    location_id = SelectField(_l("Lokasi pengiriman"), coerce=int, validate_choice=False)
    delivery_on = DateField(_l("Tanggal kirim yang diminta"), validators=[Optional()])
    note = StringField(
        _l("Catatan untuk penjual (opsional)"), validators=[Optional(), Length(max=300)]
    )
    payment = RadioField(_l("Pembayaran"))
    csv_text = TextAreaField(
        _l("Atau tempel isi CSV"), validators=[Optional(), Length(max=MAX_CSV_BYTES)]
    )
    csv_file = FileField(_l("Atau unggah berkas CSV"))
    idempotency_key = HiddenField()
    source = HiddenField(default="quick")
    list_name = StringField(_l("Nama daftar"), validators=[Optional(), Length(max=80)])


class OrderListForm(FlaskForm):
    """A saved list's name (its rows are plain inputs, as in the quick order)."""

    name = StringField(_l("Nama daftar"), validators=[Length(min=1, max=80)])


class RejectForm(FlaskForm):
    """Why an approver refuses a purchase."""

    note = TextAreaField(_l("Alasan penolakan"), validators=[Length(min=5, max=300)])
