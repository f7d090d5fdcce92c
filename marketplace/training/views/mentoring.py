"""Agency staff: mentoring visits of their alumni, and the list of alumni to follow up."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.accounts.forms import REQUIRED, strip
from marketplace.core.actions import run_action
from marketplace.core.auth import role_required
from marketplace.core.csv_export import csv_response
from marketplace.core.forms import ConfirmForm
from marketplace.training import mentoring
from marketplace.training.labels import SKILL_FIELD_LABELS
from marketplace.training.mentoring import (
    DEFAULT_MONTHS,
    FOLLOWUP_HEADER,
    MAX_MONTHS,
    STORE_STATE_LABELS,
    VISIT_KIND_LABELS,
    FollowupFilters,
    MentoringVisit,
)
from marketplace.training.models import Agency
from marketplace.training.queries import get_participant_for_agency, list_programs
from marketplace.training.views import bp
from marketplace.training.views.agency import _agency, _labels

# -- Forms -----------------------------------------------------------------------------------


class MentoringVisitForm(FlaskForm):
    visit_date = DateField(_l("Tanggal"), validators=[DataRequired(REQUIRED)])
    kind = SelectField(
        _l("Jenis"),
        choices=[SelectChoice(value=str(k), label=v) for k, v in VISIT_KIND_LABELS.items()],
    )
    topic = StringField(
        _l("Topik"),
        validators=[DataRequired(REQUIRED), Length(max=200)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. pengemasan dan label P-IRT")},
    )
    notes = TextAreaField(
        _l("Catatan internal"), validators=[Optional(), Length(max=4000)], filters=[strip]
    )
    next_step = StringField(
        _l("Langkah berikutnya"),
        validators=[Optional(), Length(max=300)],
        filters=[strip],
        render_kw={"placeholder": _l("mis. unggah 5 produk pertama ke toko")},
    )
    next_date = DateField(_l("Tanggal tindak lanjut (opsional)"), validators=[Optional()])


class FollowupFilterForm(FlaskForm):
    class Meta:
        csrf = False

    bulan = IntegerField(
        _l("Lulus paling sedikit (bulan yang lalu)"),
        default=DEFAULT_MONTHS,
        validators=[
            Optional(),
            NumberRange(1, MAX_MONTHS, message=_l("Isi jumlah bulan antara 1 dan 36.")),
        ],
    )
    program = SelectField(_l("Program"), validate_choice=False)
    skill = SelectField(
        _l("Bidang"),
        choices=[SelectChoice(value="", label=_l("Semua bidang"))]
        + [SelectChoice(value=str(k), label=v) for k, v in SKILL_FIELD_LABELS.items()],
        validate_choice=False,
    )


def _visit_data(form: MentoringVisitForm) -> mentoring.VisitData:
    return mentoring.VisitData(
        visit_date=form.visit_date.data,
        kind=form.kind.data,
        topic=form.topic.data or "",
        notes=form.notes.data or "",
        next_step=form.next_step.data or "",
        next_date=form.next_date.data,
    )


def _mentoring_labels() -> dict[str, Any]:
    return {**_labels(), "visit_kinds": VISIT_KIND_LABELS, "store_states": STORE_STATE_LABELS}


def _participant_page(agency: Agency, participant_id: int) -> str:
    return (
        url_for("training.participant", agency_id=agency.id, participant_id=participant_id)
        + "#pendampingan"
    )


# -- Visits ----------------------------------------------------------------------------------


@bp.route(
    "/dinas/<int:agency_id>/peserta/<int:participant_id>/pendampingan/baru",
    methods=["GET", "POST"],
)
@role_required("agency_staff")
def visit_new(agency_id: int, participant_id: int) -> str | Response:
    agency = _agency(agency_id, write=True)
    person = get_participant_for_agency(participant_id, agency.id) or abort(404)
    form = MentoringVisitForm()
    if request.method == "GET":
        form.visit_date.data = mentoring.today_for(current_user)
    if form.validate_on_submit() and run_action(
        lambda: mentoring.record_visit(
            person, agency=agency, actor=current_user, data=_visit_data(form)
        ),
        success=_("Pendampingan dicatat."),
        form=form,
    ):
        return redirect(_participant_page(agency, person.id))
    return render_template(
        "training/mentoring_form.html",
        agency=agency,
        person=person,
        form=form,
        visit=None,
        **_mentoring_labels(),
    )


def _visit(agency: Agency, visit_id: int) -> MentoringVisit:
    return mentoring.get_visit_for_agency(visit_id, agency.id) or abort(404)


@bp.route("/dinas/<int:agency_id>/pendampingan/<int:visit_id>/ubah", methods=["GET", "POST"])
@role_required("agency_staff")
def visit_edit(agency_id: int, visit_id: int) -> str | Response:
    agency = _agency(agency_id, write=True)
    visit = _visit(agency, visit_id)
    form = MentoringVisitForm(obj=visit)
    if form.validate_on_submit() and run_action(
        lambda: mentoring.update_visit(visit, actor=current_user, data=_visit_data(form)),
        success=_("Pendampingan disimpan."),
        form=form,
    ):
        return redirect(_participant_page(agency, visit.participant_id))
    return render_template(
        "training/mentoring_form.html",
        agency=agency,
        person=visit.participant,
        form=form,
        visit=visit,
        delete_form=ConfirmForm(),
        **_mentoring_labels(),
    )


@bp.post("/dinas/<int:agency_id>/pendampingan/<int:visit_id>/hapus")
@role_required("agency_staff")
def visit_delete(agency_id: int, visit_id: int) -> Response:
    agency = _agency(agency_id, write=True)
    visit = _visit(agency, visit_id)
    participant_id = visit.participant_id
    if not ConfirmForm().validate_on_submit():
        abort(400)
    run_action(
        lambda: mentoring.delete_visit(visit, actor=current_user),
        success=_("Catatan pendampingan dihapus."),
    )
    return redirect(_participant_page(agency, participant_id))


@bp.get("/dinas/<int:agency_id>/pendampingan")
@role_required("agency_staff")
def visits(agency_id: int) -> str:
    agency = _agency(agency_id)
    page = mentoring.list_agency_visits(
        agency.id,
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 50, type=int),
    )
    return render_template(
        "training/mentoring_list.html", agency=agency, page=page, **_mentoring_labels()
    )


# -- Follow-up list --------------------------------------------------------------------------


def _followup_filters(agency: Agency) -> tuple[FollowupFilterForm, FollowupFilters]:
    form = FollowupFilterForm(request.args)
    form.program.choices = [SelectChoice(value="", label=_("Semua program"))] + [
        SelectChoice(value=str(row.program.id), label=row.program.title)
        for row in list_programs(agency.id)
    ]
    # Bad input shows its message next to the field; the list then uses the default.
    months = form.bulan.data if form.validate() and form.bulan.data else DEFAULT_MONTHS
    return form, FollowupFilters(
        months=months,
        program_id=request.args.get("program", type=int),
        skill_field=form.skill.data or None,
    )


@bp.get("/dinas/<int:agency_id>/tindak-lanjut")
@role_required("agency_staff")
def followup(agency_id: int) -> str:
    agency = _agency(agency_id)
    form, filters = _followup_filters(agency)
    today = mentoring.today_for(current_user)
    page = mentoring.list_followup(
        agency.id,
        filters,
        today=today,
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 50, type=int),
    )
    return render_template(
        "training/followup.html",
        agency=agency,
        page=page,
        withheld=mentoring.count_withheld_followup(agency.id, filters, today=today),
        filters=filters,
        filter_form=form,
        **_mentoring_labels(),
    )


@bp.get("/dinas/<int:agency_id>/tindak-lanjut.csv")
@role_required("agency_staff")
def followup_csv(agency_id: int) -> Response:
    agency = _agency(agency_id)
    _form, filters = _followup_filters(agency)
    return csv_response(
        f"tindak-lanjut-{agency.short_name}.csv",
        FOLLOWUP_HEADER,
        mentoring.export_followup_rows(agency.id, filters, today=mentoring.today_for(current_user)),
    )
