"""Standing (recurring) orders: the business sets them up, pauses, resumes, ends and approves
them under /grosir/rutin; the seller sees those placed with its store under /penjual/toko/..."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from marketplace.core.actions import run_action
from marketplace.core.errors import DomainError
from marketplace.core.forms import ConfirmForm
from marketplace.extensions import db
from marketplace.stores.models import Store
from marketplace.stores.views import member_store
from marketplace.wholesale import standing, standing_queries
from marketplace.wholesale.access import can
from marketplace.wholesale.acting import business_required
from marketplace.wholesale.errors import OrderRowsInvalid
from marketplace.wholesale.models import StandingOrder
from marketplace.wholesale.standing_forms import (
    LINE_ROWS,
    WEEKDAY_LABELS,
    RejectStandingForm,
    StandingOrderForm,
)

# Full paths: the business's pages under /grosir/rutin, the seller's under /penjual/toko/...
bp = Blueprint("standing", __name__)


def _own_standing(standing_id: int) -> StandingOrder:
    """The acting business's standing order; 404 for another business's."""
    found = standing_queries.get_business_standing(g.business.id, standing_id)
    if found is None:
        abort(404)
    return found


@bp.get("/grosir/rutin")
@business_required("view", verified=True)
def list_standing() -> str:
    page = standing_queries.list_business_standing(
        g.business.id, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "wholesale/standing/list.html",
        page=page,
        weekdays=WEEKDAY_LABELS,
        can_order=can(g.business_role, "order"),
        can_approve=can(g.business_role, "approve"),
        form=ConfirmForm(),
        reject_form=RejectStandingForm(),
        awaiting=standing.AWAITING_APPROVAL,
    )


def _fill_choices(form: StandingOrderForm, store: Store) -> list[Any]:
    """Outlets of the business and the store's wholesale variants; the offers, for the page."""
    form.location_id.choices = [
        SelectChoice(value=loc.id, label=f"{loc.label} · {loc.address_line}")
        for loc in g.business.locations
        if loc.is_active
    ]
    offered = standing_queries.list_store_offers(store.id)
    choices = [SelectChoice(value="", label=_("— Pilih produk —"))] + [
        SelectChoice(
            value=str(item.variant.id),
            label=f"{item.product.name}{f' ({item.variant.label})' if item.variant.label else ''}"
            f" · {item.variant.sku}",
        )
        for item, _offer in offered
    ]
    for entry in form.lines:
        entry.form.variant_id.choices = choices
    return offered


def _read_lines(form: StandingOrderForm) -> tuple[list[standing.StandingLineInput], list[Any]]:
    """The filled rows as lines, and their form rows (to put a line's problem on its row)."""
    lines, rows = [], []
    for entry in form.lines:
        if entry.form.is_blank():
            continue
        variant = (entry.form.variant_id.data or "").strip()
        lines.append(
            standing.StandingLineInput(
                variant_id=int(variant) if variant.isdigit() else 0,
                quantity=entry.form.quantity.data or 0,
            )
        )
        rows.append(entry.form)
    return lines, rows


def _input(form: StandingOrderForm, lines: list[standing.StandingLineInput]) -> Any:
    return standing.StandingInput(
        location_id=form.location_id.data,
        weekday=form.weekday.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        lines=lines,
        name=form.name.data or "",
        note=form.note.data or "",
    )


def _save(form: StandingOrderForm, action: Callable[[Any], object], success: str) -> bool:
    """Run the save with the form's input: commit, or roll back and show why (per row)."""
    lines, rows = _read_lines(form)
    try:
        action(_input(form, lines))
    except DomainError as exc:
        db.session.rollback()
        form.form_errors.append(str(exc.message))
        if isinstance(exc, OrderRowsInvalid):
            for number, problem in exc.problems.items():
                rows[number - 1].quantity.errors = [*rows[number - 1].quantity.errors, problem]
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.route("/grosir/rutin/baru", methods=["GET", "POST"])
@business_required("order", verified=True)
def create_standing() -> str | Response:
    store_id = request.args.get("toko", type=int)
    if store_id is None:
        return render_template(
            "wholesale/standing/choose_store.html", stores=standing_queries.list_supplier_stores()
        )
    store = standing.get_supplier_store(store_id)
    if store is None:
        abort(404)
    form = StandingOrderForm()
    if request.method == "GET":
        form.starts_on.data = standing.local_today() + timedelta(days=1)
    offered = _fill_choices(form, store)
    if form.validate_on_submit() and _save(
        form,
        lambda data: standing.create_standing_order(
            g.business, actor=current_user, store_id=store.id, data=data
        ),
        _("Pesanan rutin disimpan."),
    ):
        return redirect(url_for("standing.list_standing"))
    return render_template(
        "wholesale/standing/form.html", form=form, store=store, offered=offered, standing=None
    )


@bp.route("/grosir/rutin/<int:standing_id>/ubah", methods=["GET", "POST"])
@business_required("order", verified=True)
def edit_standing(standing_id: int) -> str | Response:
    found = _own_standing(standing_id)
    store = db.session.get(Store, found.store_id)
    assert store is not None
    data = None
    if request.method == "GET":
        lines = [{"variant_id": str(ln.variant_id), "quantity": ln.quantity} for ln in found.lines]
        data = {
            "name": found.name,
            "location_id": found.location_id,
            "weekday": found.weekday,
            "starts_on": found.starts_on,
            "ends_on": found.ends_on,
            "note": found.note,
            "lines": lines + [{}] * max(LINE_ROWS - len(lines), 2),
        }
    form = StandingOrderForm(data=data)
    offered = _fill_choices(form, store)
    if form.validate_on_submit() and _save(
        form,
        lambda data: standing.update_standing_order(found, actor=current_user, data=data),
        _("Pesanan rutin diperbarui."),
    ):
        return redirect(url_for("standing.list_standing"))
    return render_template(
        "wholesale/standing/form.html", form=form, store=store, offered=offered, standing=found
    )


ACTIONS: dict[str, tuple[str, Callable[..., None]]] = {
    "jeda": ("order", standing.pause_standing_order),
    "lanjut": ("order", standing.resume_standing_order),
    "akhiri": ("order", standing.end_standing_order),
    "setujui": (
        "approve",
        lambda s, *, actor: standing.decide_standing_order(s, actor=actor, approve=True),
    ),
}


@bp.post("/grosir/rutin/<int:standing_id>/<action>")
@business_required("view", verified=True)
def standing_action(standing_id: int, action: str) -> Response:
    if action not in ACTIONS:
        abort(404)
    needed, service = ACTIONS[action]
    found = _own_standing(standing_id)
    if not can(g.business_role, needed):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    run_action(
        lambda: service(found, actor=current_user),
        success=_("Pesanan rutin %(name)s diperbarui.", name=found.name),
    )
    return redirect(url_for("standing.list_standing"))


@bp.post("/grosir/rutin/<int:standing_id>/tolak")
@business_required("approve", verified=True)
def reject_standing(standing_id: int) -> Response:
    found = _own_standing(standing_id)
    form = RejectStandingForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan penolakan (paling sedikit 5 huruf)."), "error")
        return redirect(url_for("standing.list_standing"))
    run_action(
        lambda: standing.decide_standing_order(
            found, actor=current_user, approve=False, note=form.note.data
        ),
        success=_("Pesanan rutin %(name)s ditolak.", name=found.name),
    )
    return redirect(url_for("standing.list_standing"))


# -- The seller's side -----------------------------------------------------------------------


@bp.get("/penjual/toko/<int:store_id>/rutin")
@login_required
def seller_standing(store_id: int) -> str:
    store = member_store(store_id)
    page = standing_queries.list_store_standing(
        store.id, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "wholesale/standing/seller_list.html", store=store, page=page, weekdays=WEEKDAY_LABELS
    )
