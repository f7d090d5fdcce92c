"""Back-office page of the platform's commission rates: in force now, a change, the history."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from marketplace.accounts.forms import REQUIRED, strip
from marketplace.admin.commission import (
    MAX_NOTE,
    effective_from_day,
    format_percent,
    get_commission_overview,
    parse_percent,
    set_commission_rate,
)
from marketplace.admin.views import bp
from marketplace.core.actions import run_action
from marketplace.core.auth import admin_required
from marketplace.core.db import utcnow


class CommissionRateForm(FlaskForm):
    """A new rate for a category (or the default) from a day on."""

    category_id = SelectField(_l("Kategori"), validate_choice=False)
    percent = StringField(
        _l("Komisi (%)"),
        validators=[DataRequired(REQUIRED), Length(max=10)],
        filters=[strip],
        render_kw={"inputmode": "decimal"},
    )
    effective_on = DateField(_l("Berlaku mulai"), validators=[DataRequired(REQUIRED)])
    note = StringField(_l("Catatan"), validators=[Length(max=MAX_NOTE)], filters=[strip])


def _category_choice(value: str | None) -> int | None:
    """The chosen category id; "" is the default; anything else unknown (-1, refused)."""
    if not value:
        return None
    return int(value) if value.isdigit() and len(value) <= 9 else -1


@bp.route("/komisi", methods=["GET", "POST"])
@admin_required
def commission() -> str | Response:
    overview = get_commission_overview()
    form = CommissionRateForm()
    form.category_id.choices = [("", _("Semua kategori (tarif bawaan)"))] + [
        (str(r.category.id), f"— {r.category.name}" if r.parent else r.category.name)
        for r in overview.categories
    ]
    zone = str(get_timezone())
    if not form.is_submitted():
        form.effective_on.data = utcnow().astimezone(get_timezone()).date()
    if form.validate_on_submit() and run_action(
        lambda: set_commission_rate(
            _category_choice(form.category_id.data),
            rate_bps=parse_percent(form.percent.data),
            effective_from=effective_from_day(form.effective_on.data, zone=zone),
            note=form.note.data or "",
            actor=current_user,
        ),
        success=_("Tarif komisi disimpan."),
        form=form,
    ):
        return redirect(url_for("admin.commission"))
    return render_template(
        "admin/commission.html", overview=overview, form=form, percent=format_percent
    )
