"""Seller pages on the `stores` blueprint: the store's bank account (owners only) and its
payouts (balance, pending, history), under /penjual/toko/<store_id>/."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.core.actions import run_action
from marketplace.orders import ledger
from marketplace.payouts import queries, services
from marketplace.payouts.forms import BankAccountForm
from marketplace.payouts.labels import ACCOUNT_STATUS_LABELS, PAYOUT_STATUS_LABELS
from marketplace.stores.views import bp, member_store, owned_store


@bp.route("/toko/<int:store_id>/rekening", methods=["GET", "POST"])
@login_required
def bank_account(store_id: int) -> str | Response:
    store = owned_store(store_id)
    account = queries.get_bank_account(store.id)
    # The whole number is never shown again once saved: the owner retypes it to change it.
    form = BankAccountForm(
        data={"bank_code": account.bank_code, "holder_name": account.holder_name}
        if account and request.method == "GET"
        else None
    )
    if form.validate_on_submit() and run_action(
        lambda: services.set_bank_account(
            store,
            owner=current_user,
            bank_code=form.bank_code.data,
            account_number=form.account_number.data,
            holder_name=form.holder_name.data,
        ),
        success=_("Rekening disimpan. Admin akan memeriksanya sebelum dana dicairkan."),
        form=form,
    ):
        return redirect(url_for("stores.store_payouts", store_id=store.id))
    return render_template(
        "payouts/seller_account.html",
        store=store,
        account=account,
        form=form,
        account_status_labels=ACCOUNT_STATUS_LABELS,
    )


@bp.get("/toko/<int:store_id>/pencairan")
@login_required
def store_payouts(store_id: int) -> str:
    store = member_store(store_id)
    return render_template(
        "payouts/seller_payouts.html",
        store=store,
        balance=ledger.store_balance(store.id),
        pending=ledger.pending_amount(store.id),
        in_transfer=queries.open_payout_amount(store.id),
        account=queries.get_bank_account(store.id),
        page=queries.page_store_payouts(store.id, page=request.args.get("page", 1, type=int)),
        minimum=services.payout_minimum_idr(),
        account_status_labels=ACCOUNT_STATUS_LABELS,
        payout_status_labels=PAYOUT_STATUS_LABELS,
    )
