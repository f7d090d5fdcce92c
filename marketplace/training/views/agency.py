"""The agency (Dinas) staff area: programs, participants, imports, exports, invitations."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from marketplace.core.auth import role_required
from marketplace.core.csv_export import csv_response
from marketplace.core.forms import ConfirmForm
from marketplace.core.imports import ImportChanged, ImportHasErrors
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.regions.reference import get_district, get_village, list_districts
from marketplace.training import imports, services
from marketplace.training.errors import (
    AlreadyClaimed,
    CertificateTaken,
    ImportAlreadyApplied,
    InvalidProgram,
    InvalidTransition,
)
from marketplace.training.forms import (
    EnrollmentFilterForm,
    EnrollmentForm,
    ImportUploadForm,
    ProgramForm,
    UnlinkForm,
)
from marketplace.training.importer import ImportFileError
from marketplace.training.labels import (
    ENROLLMENT_STATUS_LABELS,
    GENDER_LABELS,
    PROGRAM_KIND_LABELS,
    SKILL_FIELD_LABELS,
)
from marketplace.training.mentoring import VISIT_KIND_LABELS, list_participant_visits
from marketplace.training.models import Agency, AgencyRole
from marketplace.training.notifications import notify_unlinked
from marketplace.training.queries import (
    EXPORT_HEADER,
    EnrollmentFilters,
    export_enrollment_rows,
    get_agency_for_member,
    get_enrollment_for_agency,
    get_import_for_agency,
    get_participant_for_agency,
    get_program_for_agency,
    list_agencies_of_user,
    list_enrollments,
    list_participant_enrollments,
    list_programs,
)
from marketplace.training.views import bp

WRITE_ROLES = {AgencyRole.EDITOR, AgencyRole.MANAGER}

FIELD_LABELS = {
    "full_name": _l("Nama"),
    "phone": _l("Nomor HP"),
    "birth_year": _l("Tahun lahir"),
    "district_code": _l("Kecamatan"),
    "village_code": _l("Kelurahan/desa"),
    "status": _l("Status"),
    "certificate_no": _l("Nomor sertifikat"),
    "award_title": _l("Penghargaan"),
    "award_rank": _l("Peringkat"),
    "award_amount_idr": _l("Nilai hadiah"),
}


def _agency(agency_id: int, *, write: bool = False) -> Agency:
    """The agency if the current user is its staff (403 otherwise); editors for writes."""
    found = get_agency_for_member(agency_id, current_user.id)
    if found is None:
        abort(403)
    agency, role = found
    if write and role not in WRITE_ROLES:
        abort(403)
    g.agency_role = role
    return agency


def _labels() -> dict[str, Any]:
    return {
        "program_kinds": PROGRAM_KIND_LABELS,
        "skill_fields": SKILL_FIELD_LABELS,
        "statuses": ENROLLMENT_STATUS_LABELS,
        "genders": GENDER_LABELS,
        "district_of": get_district,
        "village_of": get_village,
        "can_write": g.get("agency_role") in WRITE_ROLES,
        "field_labels": FIELD_LABELS,
    }


@bp.get("/dinas/")
@role_required("agency_staff")
def dashboard() -> str | Response:
    agencies = list_agencies_of_user(current_user.id)
    if len(agencies) == 1:
        return redirect(url_for("training.agency", agency_id=agencies[0][0].id))
    return render_template("training/dashboard.html", agencies=agencies)


@bp.get("/dinas/<int:agency_id>")
@role_required("agency_staff")
def agency(agency_id: int) -> str:
    agency = _agency(agency_id)
    return render_template(
        "training/agency.html", agency=agency, programs=list_programs(agency.id), **_labels()
    )


def _program_data(form: ProgramForm) -> services.ProgramData:
    return services.ProgramData(
        title=form.title.data,
        kind=form.kind.data,
        skill_field=form.skill_field.data,
        venue=form.venue.data or None,
        district_code=form.district_code.data or None,
        village_code=form.village_code.data or None,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        capacity=form.capacity.data,
        funding_source=form.funding_source.data,
        budget_idr=form.budget_idr.data,
        description=form.description.data or "",
    )


@bp.route("/dinas/<int:agency_id>/program/baru", methods=["GET", "POST"])
@role_required("agency_staff")
def program_new(agency_id: int) -> str | Response:
    agency = _agency(agency_id, write=True)
    form = ProgramForm()
    form.set_regions(agency.region_code)
    if form.validate_on_submit():
        try:
            program = services.create_program(agency, actor=current_user, data=_program_data(form))
        except InvalidProgram as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Program disimpan."), "success")
            return redirect(url_for("training.program", agency_id=agency.id, program_id=program.id))
    return render_template("training/program_form.html", agency=agency, form=form, program=None)


@bp.route("/dinas/<int:agency_id>/program/<int:program_id>/ubah", methods=["GET", "POST"])
@role_required("agency_staff")
def program_edit(agency_id: int, program_id: int) -> str | Response:
    agency = _agency(agency_id, write=True)
    program = get_program_for_agency(program_id, agency.id) or abort(404)
    form = ProgramForm(obj=program)
    form.set_regions(agency.region_code)
    if form.validate_on_submit():
        try:
            services.update_program(program, actor=current_user, data=_program_data(form))
        except InvalidProgram as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Program disimpan."), "success")
            return redirect(url_for("training.program", agency_id=agency.id, program_id=program.id))
    return render_template("training/program_form.html", agency=agency, form=form, program=program)


def _filters(
    agency: Agency, program_id: int | None = None
) -> tuple[EnrollmentFilterForm, EnrollmentFilters]:
    form = EnrollmentFilterForm(request.args)
    programs = list_programs(agency.id)
    form.program.choices = [("", _("Semua program"))] + [
        (str(row.program.id), row.program.title) for row in programs
    ]
    form.district.choices = [("", _("Semua kecamatan"))] + [
        (d.code, d.name) for d in list_districts(agency.region_code)
    ]
    chosen_program = program_id or request.args.get("program", type=int)
    filters = EnrollmentFilters(
        program_id=chosen_program,
        status=form.status.data or None,
        district_code=form.district.data or None,
        skill_field=form.skill.data or None,
        text=(form.q.data or "")[:100],
    )
    return form, filters


@bp.get("/dinas/<int:agency_id>/program/<int:program_id>")
@role_required("agency_staff")
def program(agency_id: int, program_id: int) -> str:
    agency = _agency(agency_id)
    program = get_program_for_agency(program_id, agency.id) or abort(404)
    form, filters = _filters(agency, program.id)
    page = list_enrollments(agency.id, filters, page=request.args.get("page", 1, type=int))
    return render_template(
        "training/program.html",
        agency=agency,
        program=program,
        page=page,
        filter_form=form,
        upload_form=ImportUploadForm(),
        **_labels(),
    )


@bp.get("/dinas/<int:agency_id>/peserta")
@role_required("agency_staff")
def participants(agency_id: int) -> str:
    agency = _agency(agency_id)
    form, filters = _filters(agency)
    page = list_enrollments(
        agency.id,
        filters,
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 50, type=int),
    )
    return render_template(
        "training/participants.html", agency=agency, page=page, filter_form=form, **_labels()
    )


@bp.get("/dinas/<int:agency_id>/peserta.csv")
@role_required("agency_staff")
def participants_csv(agency_id: int) -> Response:
    agency = _agency(agency_id)
    _, filters = _filters(agency)
    return csv_response(
        f"peserta-{agency.short_name}.csv",
        EXPORT_HEADER,
        export_enrollment_rows(agency.id, filters),
    )


@bp.get("/dinas/<int:agency_id>/peserta/<int:participant_id>")
@role_required("agency_staff")
def participant(agency_id: int, participant_id: int) -> str:
    agency = _agency(agency_id)
    person = get_participant_for_agency(participant_id, agency.id) or abort(404)
    # A fresh invitation link is shown once, right after it was made (post/redirect/get).
    shown = session.pop("invitation_link", None)
    link = shown[1] if shown and shown[0] == person.id else None
    return render_template(
        "training/participant.html",
        agency=agency,
        person=person,
        enrollments=list_participant_enrollments(person.id, agency.id),
        confirm_form=ConfirmForm(),
        unlink_form=UnlinkForm(),
        invitation_link=link,
        is_manager=g.agency_role == AgencyRole.MANAGER,
        visits=list_participant_visits(person.id, agency.id),
        visit_kinds=VISIT_KIND_LABELS,
        **_labels(),
    )


@bp.post("/dinas/<int:agency_id>/peserta/<int:participant_id>/undangan")
@role_required("agency_staff")
def participant_invite(agency_id: int, participant_id: int) -> Response:
    agency = _agency(agency_id, write=True)
    person = get_participant_for_agency(participant_id, agency.id) or abort(404)
    page = url_for("training.participant", agency_id=agency.id, participant_id=person.id)
    try:
        raw = services.create_invitation(person, agency=agency, actor=current_user)
    except AlreadyClaimed as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(page)
    db.session.commit()
    # Only the token's hash is stored: the link can be shown this once, to send by WhatsApp.
    session["invitation_link"] = (person.id, public_url("training.invitation", token=raw))
    return redirect(page)


@bp.post("/dinas/<int:agency_id>/peserta/<int:participant_id>/lepas")
@role_required("agency_staff")
def participant_unlink(agency_id: int, participant_id: int) -> Response:
    agency = _agency(agency_id, write=True)
    if g.agency_role != AgencyRole.MANAGER:
        abort(403)
    person = get_participant_for_agency(participant_id, agency.id) or abort(404)
    form = UnlinkForm()
    if not form.validate_on_submit():
        flash(_("Tulis alasan melepas tautan."), "error")
        return redirect(
            url_for("training.participant", agency_id=agency.id, participant_id=person.id)
        )
    former = services.unlink_participant(
        person, agency=agency, actor=current_user, reason=form.reason.data
    )
    if former is not None:
        notify_unlinked(former, agency=agency, reason=form.reason.data)
    db.session.commit()
    flash(_("Tautan akun dilepas. Peserta dapat mengklaim ulang datanya."), "success")
    return redirect(url_for("training.participant", agency_id=agency.id, participant_id=person.id))


@bp.route("/dinas/<int:agency_id>/pendaftaran/<int:enrollment_id>", methods=["GET", "POST"])
@role_required("agency_staff")
def enrollment_edit(agency_id: int, enrollment_id: int) -> str | Response:
    agency = _agency(agency_id, write=True)
    enrollment = get_enrollment_for_agency(enrollment_id, agency.id) or abort(404)
    form = EnrollmentForm(obj=enrollment)
    if form.validate_on_submit():
        data = services.EnrollmentData(
            status=form.status.data,
            certificate_no=form.certificate_no.data or None,
            award_title=form.award_title.data or None,
            award_rank=form.award_rank.data,
            award_amount_idr=form.award_amount_idr.data,
            grant_items=form.grant_items.data or None,
        )
        try:
            services.update_enrollment(enrollment, actor=current_user, data=data)
        except (InvalidTransition, CertificateTaken) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Data peserta disimpan."), "success")
            return redirect(
                url_for(
                    "training.participant",
                    agency_id=agency.id,
                    participant_id=enrollment.participant_id,
                )
            )
    return render_template(
        "training/enrollment_form.html",
        agency=agency,
        enrollment=enrollment,
        form=form,
        **_labels(),
    )


@bp.post("/dinas/<int:agency_id>/program/<int:program_id>/impor")
@role_required("agency_staff")
def import_upload(agency_id: int, program_id: int) -> str | Response:
    agency = _agency(agency_id, write=True)
    program = get_program_for_agency(program_id, agency.id) or abort(404)
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            record = imports.stage_import(
                program,
                actor_id=current_user.id,
                filename=upload.filename or "",
                data=upload.read(),
            )
        except ImportFileError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            return redirect(
                url_for("training.import_preview", agency_id=agency.id, public_id=record.public_id)
            )
    else:
        for error in form.file.errors:
            flash(str(error), "error")
    return redirect(url_for("training.program", agency_id=agency.id, program_id=program.id))


@bp.get("/dinas/<int:agency_id>/impor/<public_id>")
@role_required("agency_staff")
def import_preview(agency_id: int, public_id: str) -> str:
    agency = _agency(agency_id)
    record = get_import_for_agency(public_id, agency.id) or abort(404)
    plan = imports.plan_staged(record) if record.applied_at is None else None
    return render_template(
        "training/import_preview.html",
        agency=agency,
        record=record,
        plan=plan,
        confirm_form=ConfirmForm(),
        **_labels(),
    )


@bp.post("/dinas/<int:agency_id>/impor/<public_id>")
@role_required("agency_staff")
def import_apply(agency_id: int, public_id: str) -> Response:
    agency = _agency(agency_id, write=True)
    record = get_import_for_agency(public_id, agency.id) or abort(404)
    back = url_for("training.import_preview", agency_id=agency.id, public_id=public_id)
    try:
        result = imports.apply_staged(
            record, actor_id=current_user.id, fingerprint=request.form.get("fingerprint", "")
        )
        db.session.commit()
    except (ImportHasErrors, ImportAlreadyApplied, ImportChanged) as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(back)
    except IntegrityError:
        # A concurrent change (e.g. a certificate number just taken): nothing was written.
        db.session.rollback()
        flash(str(ImportChanged.message), "error")
        return redirect(back)
    flash(
        _(
            "Impor selesai: %(new)d peserta baru, %(enrolled)d pendaftaran baru, %(updated)d "
            "diperbarui, %(same)d tidak berubah.",
            new=result.created_participants,
            enrolled=result.created_enrollments,
            updated=result.updated,
            same=result.unchanged,
        ),
        "success",
    )
    return redirect(url_for("training.program", agency_id=agency.id, program_id=record.program_id))
