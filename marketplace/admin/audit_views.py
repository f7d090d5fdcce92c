"""The audit log page of the back office (routes on the admin blueprint)."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from marketplace.accounts.forms import strip
from marketplace.admin.views import bp
from marketplace.core.audit import (
    ActorKind,
    AuditFilters,
    Change,
    day_bounds,
    list_audit_entries,
    list_audited_tables,
)
from marketplace.core.auth import admin_required

CHANGE_LABELS = {
    Change.INSERT: _l("Dibuat"),
    Change.UPDATE: _l("Diubah"),
    Change.DELETE: _l("Dihapus"),
}
ACTOR_KIND_LABELS = {
    ActorKind.ADMIN: _l("Admin"),
    ActorKind.AGENCY_STAFF: _l("Staf dinas"),
    ActorKind.SYSTEM: _l("Sistem"),
}


class DayField(DateField):
    """A yyyy-mm-dd date that says in Indonesian when it cannot be read."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(
                _l("Tanggal tidak dikenali; pakai format tahun-bulan-tanggal.")
            ) from exc


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(
        _l("Email pelaku"),
        validators=[Length(max=100, message=_l("Paling banyak 100 karakter."))],
        filters=[strip],
    )
    object_type = SelectField(_l("Jenis objek"), validate_choice=False)
    object_id = StringField(
        _l("ID objek"),
        validators=[Length(max=64, message=_l("Paling banyak 64 karakter."))],
        filters=[strip],
    )
    since = DayField(_l("Dari tanggal"), validators=[Optional()], render_kw={"type": "date"})
    until = DayField(_l("Sampai tanggal"), validators=[Optional()], render_kw={"type": "date"})
    change = SelectField(
        _l("Perubahan"),
        choices=[
            SelectChoice(value="", label=_l("Semua")),
            *(SelectChoice(value=k, label=v) for k, v in CHANGE_LABELS.items()),
        ],
        validate_choice=False,
    )

    def validate_object_type(self, field: SelectField) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError(_l("Jenis objek tidak dikenal."))

    def validate_change(self, field: SelectField) -> None:
        if field.data and field.data not in CHANGE_LABELS:
            raise ValidationError(_l("Pilih jenis perubahan dari daftar."))

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))


def _filters(form: AuditFilterForm) -> AuditFilters:
    """The filters the form asks for; a field with an error filters nothing."""
    ok = {field.name for field in form if not field.errors}
    since, before = day_bounds(
        form.since.data if "since" in ok else None,
        form.until.data if "until" in ok else None,
        get_timezone(),
    )
    return AuditFilters(
        actor=(form.actor.data or "") if "actor" in ok else "",
        object_type=(form.object_type.data or "") if "object_type" in ok else "",
        object_id=(form.object_id.data or "") if "object_id" in ok else "",
        since=since,
        before=before,
        change=(form.change.data or "") if "change" in ok else "",
    )


@bp.get("/audit")
@admin_required
def audit_log() -> str:
    form = AuditFilterForm(request.args)
    form.object_type.choices = [
        SelectChoice(value="", label=_l("Semua")),
        *(SelectChoice(value=t, label=t) for t in list_audited_tables()),
    ]
    if request.args:
        form.validate()
    page = list_audit_entries(
        _filters(form),
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 50, type=int),
    )
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        change_labels=CHANGE_LABELS,
        actor_kind_labels=ACTOR_KIND_LABELS,
    )
