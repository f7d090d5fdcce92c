"""Business accounts: registration, details, members, locations, documents (for the acting
business, under /grosir/usaha), and the admins' verification queue and terms (/admin/usaha).

Pages of the acting business take ids only of its own members, locations and documents: an id
of another business's is a 404, whatever the user's other memberships.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import Field, Form

from marketplace.core.actions import run_action
from marketplace.core.auth import admin_required
from marketplace.core.errors import DomainError
from marketplace.core.forms import ConfirmForm
from marketplace.core.http import private_file, safe_next_url
from marketplace.extensions import db
from marketplace.wholesale import businesses as svc
from marketplace.wholesale import queries
from marketplace.wholesale.acting import business_required, set_acting_business
from marketplace.wholesale.business_forms import (
    BusinessDocumentForm,
    BusinessForm,
    BusinessRegistrationForm,
    LocationFields,
    LocationForm,
    MemberAddForm,
    MemberRoleForm,
    RejectForm,
    TermsForm,
)
from marketplace.wholesale.labels import (
    BUSINESS_DOCUMENT_LABELS,
    BUSINESS_EVENT_LABELS,
    BUSINESS_KIND_LABELS,
    BUSINESS_ROLE_HINTS,
    BUSINESS_ROLE_LABELS,
    BUSINESS_STATUS_LABELS,
    PAYMENT_TERMS_LABELS,
)
from marketplace.wholesale.models import Business, BusinessStatus

bp = Blueprint("business", __name__)
T = TypeVar("T")


def _labels() -> dict[str, Any]:
    return {
        "kind_labels": BUSINESS_KIND_LABELS,
        "role_labels": BUSINESS_ROLE_LABELS,
        "role_hints": BUSINESS_ROLE_HINTS,
        "status_labels": BUSINESS_STATUS_LABELS,
        "terms_labels": PAYMENT_TERMS_LABELS,
        "document_labels": BUSINESS_DOCUMENT_LABELS,
        "event_labels": BUSINESS_EVENT_LABELS,
    }


def _field(form: Form, name: str | None) -> Field | None:
    """The form field a refusal names ("location-village_code" is inside a FormField)."""
    if not name:
        return None
    head, _sep, rest = name.partition("-")
    if head not in form:
        return None
    found = form[head]
    if rest:
        inner = getattr(found, "form", None)
        return _field(inner, rest) if inner is not None else None
    return found


def _attempt(form: Form, action: Callable[[], T]) -> T | None:
    """Run one service call and commit; a refusal rolls back and shows on the field it names
    (or at the top of the form). Returns the service's result, or None when refused."""
    try:
        result = action()
    except DomainError as exc:
        db.session.rollback()
        field = _field(form, exc.data.get("field"))
        if field is not None:
            field.errors = [*field.errors, str(exc.message)]
        else:
            form.form_errors.append(str(exc.message))
        return None
    db.session.commit()
    return result


def _flash_errors(form: Form) -> None:
    for errors in form.errors.values():
        for error in errors if isinstance(errors, list) else [errors]:
            flash(str(error), "error")


def _refreshing() -> bool:
    """The region picker's "show the next choices" button: re-render, don't save."""
    return "refresh" in request.form


def _business_input(form: BusinessForm) -> svc.BusinessInput:
    return svc.BusinessInput(
        kind=form.kind.data or "",
        legal_name=form.legal_name.data or "",
        nib=form.nib.data or "",
        npwp=form.npwp.data or "",
        is_pkp=bool(form.is_pkp.data),
        address_line=form.address_line.data or "",
        village_code=form.village_code.data or "",
        postal_code=form.postal_code.data or "",
        billing_email=form.billing_email.data or "",
        phone=form.phone.data or "",
    )


def _location_input(form: LocationFields) -> svc.LocationInput:
    return svc.LocationInput(
        label=form.label.data or "",
        recipient_name=form.recipient_name.data or "",
        phone=form.phone.data or "",
        address_line=form.address_line.data or "",
        village_code=form.village_code.data or "",
        postal_code=form.postal_code.data or "",
    )


def _prefill_picker(form: Any, village_code: str | None) -> None:
    """On a GET of a saved address: the picker's upper levels from its kelurahan code."""
    if request.method == "GET" and village_code:
        district = village_code.rsplit(".", 1)[0]
        form.province_code.data = district[:2]
        form.region_code.data = district.rsplit(".", 1)[0]
        form.district_code.data = district


# -- Registration and details ----------------------------------------------------------------


@bp.route("/grosir/usaha/daftar", methods=["GET", "POST"])
@login_required
def register() -> str | Response:
    form = BusinessRegistrationForm()
    form.fill_region_choices()
    form.location.form.fill_region_choices()
    if not _refreshing() and form.validate_on_submit():
        business = _attempt(
            form,
            lambda: svc.register_business(
                current_user,
                data=_business_input(form),
                location=_location_input(form.location.form),
            ),
        )
        if business is not None:
            set_acting_business(business.id)
            flash(
                _(
                    "Akun usaha %(name)s didaftarkan. Unggah NIB dan NPWP agar admin dapat "
                    "memverifikasinya.",
                    name=business.legal_name,
                ),
                "success",
            )
            return redirect(url_for("business.documents"))
    return render_template("wholesale/business/form.html", form=form, business=None, **_labels())


@bp.get("/grosir/usaha")
@business_required("view")
def profile() -> str:
    business = g.business
    return render_template(
        "wholesale/business/profile.html",
        business=business,
        role=g.business_role,
        members=queries.list_business_members(business.id),
        locations=queries.list_business_locations(business.id),
        documents=queries.list_business_documents(business.id),
        confirm_form=ConfirmForm(),
        **_labels(),
    )


@bp.route("/grosir/usaha/ubah", methods=["GET", "POST"])
@business_required("manage")
def edit() -> str | Response:
    business = g.business
    form = BusinessForm(obj=business)
    _prefill_picker(form, business.village_code)
    form.fill_region_choices()
    if (
        not _refreshing()
        and form.validate_on_submit()
        and _attempt(
            form,
            lambda: svc.update_business(business, actor=current_user, data=_business_input(form)),
        )
    ):
        flash(_("Data usaha disimpan."), "success")
        return redirect(url_for("business.profile"))
    return render_template(
        "wholesale/business/form.html", form=form, business=business, **_labels()
    )


# -- Members ---------------------------------------------------------------------------------


def _own_member(member_id: int) -> Any:
    return queries.get_business_member(g.business.id, member_id) or abort(404)


@bp.route("/grosir/usaha/anggota", methods=["GET", "POST"])
@business_required("manage")
def members() -> str | Response:
    business = g.business
    form = MemberAddForm()
    if form.validate_on_submit() and _attempt(
        form,
        lambda: svc.add_member(
            business, actor=current_user, email=form.email.data or "", role=form.role.data or ""
        ),
    ):
        flash(_("Anggota ditambahkan."), "success")
        return redirect(url_for("business.members"))
    rows = queries.list_business_members(business.id)
    return render_template(
        "wholesale/business/members.html",
        business=business,
        form=form,
        members=rows,
        role_forms={m.id: MemberRoleForm(formdata=None, role=m.role) for m, _user in rows},
        confirm_form=ConfirmForm(),
        **_labels(),
    )


@bp.post("/grosir/usaha/anggota/<int:member_id>/peran")
@business_required("manage")
def member_role(member_id: int) -> Response:
    member = _own_member(member_id)
    form = MemberRoleForm()
    if not form.validate_on_submit():
        _flash_errors(form)
    elif (
        run_action(
            lambda: svc.change_member_role(
                g.business, actor=current_user, member=member, role=form.role.data or ""
            ),
            success=_("Peran anggota diubah."),
        )
        and member.user_id == current_user.id
    ):
        return redirect(url_for("business.profile"))  # an owner who gave up managing
    return redirect(url_for("business.members"))


@bp.post("/grosir/usaha/anggota/<int:member_id>/hapus")
@business_required("manage")
def member_remove(member_id: int) -> Response:
    member = _own_member(member_id)
    myself = member.user_id == current_user.id
    removed = ConfirmForm().validate_on_submit() and run_action(
        lambda: svc.remove_member(g.business, actor=current_user, member=member),
        success=_("Anggota dikeluarkan."),
        category="info",
    )
    if removed and myself:
        set_acting_business(None)
        return redirect(url_for("wholesale.dashboard"))
    return redirect(url_for("business.members"))


@bp.post("/grosir/usaha/keluar")
@business_required("view")
def leave() -> Response:
    member = queries.get_own_membership(g.business.id, current_user.id) or abort(404)
    if ConfirmForm().validate_on_submit() and run_action(
        lambda: svc.remove_member(g.business, actor=current_user, member=member),
        success=_("Anda sudah keluar dari akun usaha ini."),
        category="info",
    ):
        set_acting_business(None)
        return redirect(url_for("wholesale.dashboard"))
    return redirect(url_for("business.profile"))


# -- Delivery locations ----------------------------------------------------------------------


@bp.get("/grosir/usaha/lokasi")
@business_required("manage")
def locations() -> str:
    return render_template(
        "wholesale/business/locations.html",
        business=g.business,
        locations=queries.list_business_locations(g.business.id),
        confirm_form=ConfirmForm(),
    )


@bp.route("/grosir/usaha/lokasi/baru", methods=["GET", "POST"])
@bp.route("/grosir/usaha/lokasi/<int:location_id>", methods=["GET", "POST"])
@business_required("manage")
def location_form(location_id: int | None = None) -> str | Response:
    business = g.business
    location = None
    if location_id is not None:
        location = queries.get_business_location(business.id, location_id) or abort(404)
    form = LocationForm(obj=location)
    _prefill_picker(form, location.village_code if location else None)
    form.fill_region_choices()
    if (
        not _refreshing()
        and form.validate_on_submit()
        and _attempt(
            form,
            lambda: svc.save_location(
                business, actor=current_user, data=_location_input(form), location=location
            ),
        )
    ):
        flash(_("Lokasi pengiriman disimpan."), "success")
        return redirect(url_for("business.locations"))
    return render_template(
        "wholesale/business/location_form.html", business=business, form=form, location=location
    )


@bp.post("/grosir/usaha/lokasi/<int:location_id>/nonaktifkan")
@business_required("manage")
def location_deactivate(location_id: int) -> Response:
    location = queries.get_business_location(g.business.id, location_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        run_action(
            lambda: svc.deactivate_location(g.business, actor=current_user, location=location),
            success=_("Lokasi dinonaktifkan. Pesanan baru tidak dapat dikirim ke sana."),
            category="info",
        )
    return redirect(url_for("business.locations"))


@bp.post("/grosir/usaha/lokasi/<int:location_id>/aktifkan")
@business_required("manage")
def location_activate(location_id: int) -> Response:
    location = queries.get_business_location(g.business.id, location_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        run_action(
            lambda: svc.activate_location(g.business, actor=current_user, location=location),
            success=_("Lokasi diaktifkan lagi."),
        )
    return redirect(url_for("business.locations"))


# -- Documents -------------------------------------------------------------------------------


@bp.route("/grosir/usaha/dokumen", methods=["GET", "POST"])
@business_required("manage")
def documents() -> str | Response:
    business = g.business
    form = BusinessDocumentForm()
    if form.validate_on_submit() and _attempt(
        form,
        lambda: svc.add_business_document(
            business, actor=current_user, kind=form.kind.data or "", file=form.file.data.read()
        ),
    ):
        flash(_("Dokumen disimpan."), "success")
        return redirect(url_for("business.documents"))
    return render_template(
        "wholesale/business/documents.html",
        business=business,
        form=form,
        documents=queries.list_business_documents(business.id),
        **_labels(),
    )


@bp.get("/grosir/usaha/dokumen/<int:document_id>")
@business_required("view")
def document_file(document_id: int) -> Response:
    document = queries.get_business_document(g.business.id, document_id) or abort(404)
    return private_file(
        svc.open_business_document(document),
        document.file_type,
        download_name=svc.document_filename(document),
    )


# -- Admin: verification and terms -----------------------------------------------------------


def _admin_business(business_id: int) -> Business:
    return db.session.get(Business, business_id) or abort(404)


def _back(default: str) -> Response:
    return redirect(safe_next_url(request.args.get("next"), default))


@bp.get("/admin/usaha")
@admin_required
def admin_queue() -> str:
    return render_template(
        "admin/businesses.html",
        pending=queries.list_pending_businesses(),
        confirm_form=ConfirmForm(),
        reject_form=RejectForm(formdata=None),
        **_labels(),
    )


@bp.get("/admin/usaha/semua")
@admin_required
def admin_list() -> str:
    text = (request.args.get("q") or "").strip()[:100]
    status = request.args.get("status") or None
    if status not in set(BusinessStatus):
        status = None
    pagination = queries.list_businesses(
        status=status,
        text=text,
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=request.args.get("per_page", 50, type=int),
    )
    return render_template(
        "admin/businesses_all.html", pagination=pagination, text=text, status=status, **_labels()
    )


def _render_detail(business: Business, *, terms_form: TermsForm | None = None) -> str:
    if terms_form is None:
        terms_form = TermsForm(
            formdata=None,
            payment_terms=business.payment_terms,
            credit_limit_idr=business.credit_limit_idr,
            approval_threshold_idr=business.approval_threshold_idr,
        )
    return render_template(
        "admin/businesses_detail.html",
        business=business,
        members=queries.list_business_members(business.id),
        locations=queries.list_business_locations(business.id),
        documents=queries.list_business_documents(business.id),
        events=queries.list_business_events(business.id),
        terms_form=terms_form,
        reject_form=RejectForm(formdata=None),
        confirm_form=ConfirmForm(),
        **_labels(),
    )


@bp.get("/admin/usaha/<int:business_id>")
@admin_required
def admin_detail(business_id: int) -> str:
    return _render_detail(_admin_business(business_id))


@bp.post("/admin/usaha/<int:business_id>/verifikasi")
@admin_required
def admin_verify(business_id: int) -> Response:
    business = _admin_business(business_id)
    if ConfirmForm().validate_on_submit():
        run_action(
            lambda: svc.verify_business(business, admin=current_user),
            success=_(
                "%(name)s diverifikasi. Pemilik diberi tahu lewat email.", name=business.legal_name
            ),
        )
    return _back(url_for("business.admin_queue"))


@bp.post("/admin/usaha/<int:business_id>/tolak")
@admin_required
def admin_reject(business_id: int) -> Response:
    business = _admin_business(business_id)
    form = RejectForm()
    if not form.validate_on_submit():
        _flash_errors(form)
    else:
        run_action(
            lambda: svc.reject_business(
                business, admin=current_user, reason=form.reason.data or ""
            ),
            success=_("%(name)s ditolak. Pemilik diberi tahu alasannya.", name=business.legal_name),
            category="info",
        )
    return _back(url_for("business.admin_queue"))


@bp.post("/admin/usaha/<int:business_id>/ketentuan")
@admin_required
def admin_terms(business_id: int) -> str | Response:
    business = _admin_business(business_id)
    form = TermsForm()
    if (
        form.validate_on_submit()
        and _attempt(
            form,
            lambda: svc.set_business_terms(
                business,
                admin=current_user,
                payment_terms=form.payment_terms.data or "",
                credit_limit_idr=form.credit_limit_idr.data,
                approval_threshold_idr=form.approval_threshold_idr.data,
            ),
        )
        is not None
    ):
        flash(_("Ketentuan pembayaran disimpan."), "success")
        return redirect(url_for("business.admin_detail", business_id=business.id))
    return _render_detail(_admin_business(business_id), terms_form=form)


@bp.get("/admin/usaha/<int:business_id>/dokumen/<int:document_id>")
@admin_required
def admin_document_file(business_id: int, document_id: int) -> Response:
    document = queries.get_business_document(business_id, document_id) or abort(404)
    return private_file(
        svc.open_business_document(document),
        document.file_type,
        download_name=svc.document_filename(document),
    )
