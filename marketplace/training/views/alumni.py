"""Alumni's own training history, claiming a record, and public certificate verification."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.core.actions import run_action
from marketplace.core.forms import ConfirmForm
from marketplace.extensions import db, limiter
from marketplace.training import consent, services
from marketplace.training.errors import (
    AlreadyClaimed,
    ClaimLocked,
    ClaimNotFound,
    InvalidInvitation,
    UserHasRecord,
)
from marketplace.training.forms import ClaimForm, InvitationAcceptForm
from marketplace.training.labels import (
    ENROLLMENT_STATUS_LABELS,
    PROGRAM_KIND_LABELS,
    SKILL_FIELD_LABELS,
)
from marketplace.training.mentoring import VISIT_KIND_LABELS
from marketplace.training.queries import (
    badges_from_timeline,
    get_participant_of_user,
    list_timeline,
    verify_certificate,
)
from marketplace.training.views import bp

LABELS = {
    "program_kinds": PROGRAM_KIND_LABELS,
    "skill_fields": SKILL_FIELD_LABELS,
    "statuses": ENROLLMENT_STATUS_LABELS,
    "visit_kinds": VISIT_KIND_LABELS,
}


@bp.route("/akun/pelatihan", methods=["GET", "POST"])
@login_required
def my_training() -> str | Response:
    participant = get_participant_of_user(current_user.id)
    form = ClaimForm()
    if participant is None and form.validate_on_submit():
        try:
            claimed = services.claim_by_certificate(
                current_user,
                certificate_no=form.certificate_no.data,
                nik=form.nik.data,
                address=request.remote_addr or "unknown",
            )
            if form.sales_consent.data:
                consent.give_sales_consent(claimed, user=current_user, source="claim")
        except (ClaimNotFound, AlreadyClaimed, UserHasRecord, ClaimLocked) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Data pelatihan Anda sudah ditautkan ke akun ini."), "success")
            return redirect(url_for("training.my_training"))
    # Never send a typed NIK back to the browser.
    form.nik.data = ""
    timeline = list_timeline(participant.id) if participant else []
    return render_template(
        "training/my_training.html",
        participant=participant,
        timeline=timeline,
        badges=badges_from_timeline(timeline),
        form=form,
        consent_form=ConfirmForm(),
        **LABELS,
    )


@bp.post("/akun/pelatihan/izin-penjualan/<any(beri, cabut):decision>")
@login_required
def sales_consent(decision: str) -> Response:
    participant = get_participant_of_user(current_user.id)
    if participant is None or not ConfirmForm().validate_on_submit():
        flash(_("Izin tidak diubah. Muat ulang halaman lalu coba lagi."), "error")
        return redirect(url_for("training.my_training"))
    if decision == "beri":
        run_action(
            lambda: consent.give_sales_consent(participant, user=current_user),
            success=_(
                "Terima kasih. Dinas yang melatih Anda kini dapat melihat penjualan toko Anda."
            ),
        )
    else:
        run_action(
            lambda: consent.revoke_sales_consent(participant, user=current_user),
            success=_("Izin dicabut. Dinas hanya melihat angka gabungan seluruh alumni."),
        )
    return redirect(url_for("training.my_training"))


@bp.get("/klaim/<token>")
def invitation(token: str) -> str | Response:
    # Keep the token out of the address bar and referrers, as for password resets.
    session["claim_token"] = token
    return redirect(url_for("training.invitation_confirm"))


@bp.route("/klaim", methods=["GET", "POST"])
def invitation_confirm() -> str | Response:
    token = session.get("claim_token", "")
    try:
        invite = services.get_invitation(token)
    except InvalidInvitation as exc:
        session.pop("claim_token", None)
        flash(str(exc.message), "error")
        return redirect(url_for("main.home"))
    if not current_user.is_authenticated:
        flash(_("Masuk atau daftar dulu, lalu buka lagi tautan undangan Anda."), "info")
        return redirect(url_for("accounts.login", next=url_for("training.invitation_confirm")))
    form = InvitationAcceptForm()
    if form.validate_on_submit():
        try:
            claimed = services.accept_invitation(
                current_user,
                token=token,
                nik=form.nik.data,
                address=request.remote_addr or "unknown",
            )
            if form.sales_consent.data:
                consent.give_sales_consent(claimed, user=current_user, source="claim")
        except (ClaimNotFound, ClaimLocked) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        except (InvalidInvitation, AlreadyClaimed, UserHasRecord) as exc:
            db.session.rollback()
            session.pop("claim_token", None)
            flash(str(exc.message), "error")
            return redirect(url_for("training.my_training"))
        else:
            db.session.commit()
            session.pop("claim_token", None)
            flash(_("Data pelatihan Anda sudah ditautkan ke akun ini."), "success")
            return redirect(url_for("training.my_training"))
    form.nik.data = ""
    return render_template("training/invitation.html", invite=invite, form=form, **LABELS)


@bp.get("/verifikasi")
@bp.get("/verifikasi/<path:certificate_no>")
@limiter.limit("60 per minute")
def verify(certificate_no: str | None = None) -> str:
    number = (certificate_no or request.args.get("no") or "").strip()[:60]
    results = verify_certificate(number) if number else []
    return render_template("training/verify.html", number=number, results=results, **LABELS)
