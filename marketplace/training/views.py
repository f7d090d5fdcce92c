"""The agency (Dinas) staff area."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.core.auth import role_required
from marketplace.training.labels import PROGRAM_KIND_LABELS
from marketplace.training.queries import (
    get_agency_for_member,
    list_agencies_of_user,
    list_programs,
)

bp = Blueprint("training", __name__, url_prefix="/dinas")


@bp.get("/")
@role_required("agency_staff")
def dashboard() -> str | Response:
    agencies = list_agencies_of_user(current_user.id)
    if len(agencies) == 1:
        return redirect(url_for("training.agency", agency_id=agencies[0][0].id))
    return render_template("training/dashboard.html", agencies=agencies)


@bp.get("/<int:agency_id>")
@role_required("agency_staff")
def agency(agency_id: int) -> str:
    found = get_agency_for_member(agency_id, current_user.id)
    if found is None:
        abort(403)
    agency, role = found
    return render_template(
        "training/agency.html",
        agency=agency,
        role=role,
        programs=list_programs(agency.id),
        program_kinds=PROGRAM_KIND_LABELS,
    )
