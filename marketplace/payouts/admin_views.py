"""Admin pages on the `admin` blueprint: the bank account queue (/admin/rekening) and payouts
(/admin/pencairan): mark paid, cancel, download the bank's bulk-transfer file."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from marketplace.admin.views import bp
from marketplace.core.actions import run_action
from marketplace.core.auth import admin_required
from marketplace.core.csv_export import csv_response
from marketplace.extensions import db
from marketplace.payouts import queries, services
from marketplace.payouts.forms import (
    AccountDecisionForm,
    CancelPayoutForm,
    ExportForm,
    MarkPaidForm,
)
from marketplace.payouts.labels import ACCOUNT_STATUS_LABELS, PAYOUT_STATUS_LABELS
from marketplace.payouts.models import BankAccountStatus, PayoutStatus


def _labels() -> dict[str, Any]:
    return {
        "account_status_labels": ACCOUNT_STATUS_LABELS,
        "payout_status_labels": PAYOUT_STATUS_LABELS,
    }


def _flash_errors(form: FlaskForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")


# -- Bank accounts -----------------------------------------------------------------------------


@bp.get("/rekening")
@admin_required
def bank_accounts() -> str:
    status = request.args.get("status", BankAccountStatus.PENDING)
    if status not in set(BankAccountStatus):
        status = ""
    page = queries.page_bank_accounts(
        status=status or None, page=request.args.get("page", 1, type=int)
    )
    return render_template("payouts/admin_accounts.html", page=page, status=status, **_labels())


@bp.get("/rekening/<int:account_id>")
@admin_required
def bank_account_detail(account_id: int) -> str:
    account = queries.get_bank_account_by_id(account_id) or abort(404)
    form = AccountDecisionForm(formdata=None, revision=account.revision)
    return render_template(
        "payouts/admin_account.html",
        account=account,
        form=form,
        events=queries.list_bank_account_events(account.id),
        **_labels(),
    )


@bp.post("/rekening/<int:account_id>/<decision>")
@admin_required
def bank_account_decide(account_id: int, decision: str) -> Response:
    if decision not in ("verifikasi", "tolak"):
        abort(404)
    account = queries.get_bank_account_by_id(account_id) or abort(404)
    form = AccountDecisionForm()
    if not form.validate_on_submit():
        _flash_errors(form)
    elif decision == "verifikasi":
        run_action(
            lambda: services.verify_bank_account(
                account, admin=current_user, revision=form.revision.data
            ),
            success=_("Rekening %(store)s terverifikasi.", store=account.store.name),
        )
    else:
        run_action(
            lambda: services.reject_bank_account(
                account,
                admin=current_user,
                revision=form.revision.data,
                reason=form.reason.data or "",
            ),
            success=_("Rekening %(store)s ditolak.", store=account.store.name),
            category="info",
        )
    return redirect(url_for("admin.bank_account_detail", account_id=account.id))


# -- Payouts -----------------------------------------------------------------------------------


@bp.get("/pencairan")
@admin_required
def payouts() -> str:
    period = (request.args.get("period") or "").strip()[:10]
    status = request.args.get("status") or ""
    if status not in set(PayoutStatus):
        status = ""
    page = queries.page_payouts(
        period=period or None, status=status or None, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "payouts/admin_payouts.html",
        page=page,
        period=period,
        status=status,
        runs=queries.list_runs(),
        periods=queries.list_periods(),
        balances=queries.balances_of(p.store_id for p in page.items),
        pending_accounts=queries.count_pending_bank_accounts(),
        export_form=ExportForm(formdata=None),
        **_labels(),
    )


@bp.get("/pencairan/<int:payout_id>")
@admin_required
def payout_detail(payout_id: int) -> str:
    payout = queries.get_payout(payout_id) or abort(404)
    return _render_payout(payout)


def _render_payout(payout: Any, **forms: Any) -> str:
    account = queries.get_bank_account(payout.store_id)
    return render_template(
        "payouts/admin_payout.html",
        payout=payout,
        events=queries.list_payout_events(payout.id),
        balance=queries.balances_of([payout.store_id]).get(payout.store_id, 0),
        account_changed=account is None
        or account.status != BankAccountStatus.VERIFIED
        or account.account_number != payout.account_number
        or account.bank_code != payout.bank_code,
        paid_form=forms.get("paid_form") or MarkPaidForm(formdata=None),
        cancel_form=forms.get("cancel_form") or CancelPayoutForm(formdata=None),
        description=queries.transfer_description(payout),
        **_labels(),
    )


@bp.post("/pencairan/<int:payout_id>/dibayar")
@admin_required
def payout_mark_paid(payout_id: int) -> str | Response:
    payout = queries.get_payout(payout_id) or abort(404)
    form = MarkPaidForm()
    if form.validate_on_submit() and run_action(
        lambda: services.mark_payout_paid(
            payout, admin=current_user, reference=form.reference.data
        ),
        success=_("Pencairan %(store)s ditandai dibayar.", store=payout.store.name),
        form=form,
    ):
        return redirect(url_for("admin.payout_detail", payout_id=payout.id))
    return _render_payout(queries.get_payout(payout_id), paid_form=form)


@bp.post("/pencairan/<int:payout_id>/batal")
@admin_required
def payout_cancel(payout_id: int) -> str | Response:
    payout = queries.get_payout(payout_id) or abort(404)
    form = CancelPayoutForm()
    if form.validate_on_submit() and run_action(
        lambda: services.cancel_payout(
            payout,
            admin=current_user,
            reason=form.reason.data,
            confirmed_not_sent=form.confirmed_not_sent.data,
        ),
        success=_("Pencairan %(store)s dibatalkan.", store=payout.store.name),
        category="info",
        form=form,
    ):
        return redirect(url_for("admin.payout_detail", payout_id=payout.id))
    return _render_payout(queries.get_payout(payout_id), cancel_form=form)


@bp.post("/pencairan/ekspor")
@admin_required
def payouts_export() -> Response:
    """The bank's bulk-transfer CSV of a period's proposed payouts (full account numbers)."""
    form = ExportForm()
    if not form.validate_on_submit():
        abort(400)
    period = form.period.data.strip()[:10]
    payouts = queries.list_payouts_to_export(period)
    if not payouts:
        flash(_("Tidak ada pencairan yang diusulkan untuk periode %(p)s.", p=period), "info")
        return redirect(url_for("admin.payouts", period=period))
    rows = queries.bank_transfer_rows(payouts)
    services.mark_payouts_exported(payouts, admin=current_user)
    db.session.commit()
    return csv_response(f"pencairan-{period}.csv", queries.BANK_CSV_HEADER, rows)
