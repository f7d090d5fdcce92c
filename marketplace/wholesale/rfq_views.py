"""Requests for quotation and quotes (buyer and seller sides), pooled requests for a cluster
(buyer, seller and coordinator sides)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.catalog.queries import list_category_tree
from marketplace.core.actions import run_action
from marketplace.core.auth import admin_required
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.extensions import db
from marketplace.orders.models import Checkout, CheckoutStatus
from marketplace.orders.services import card_payments_enabled
from marketplace.stores.views import member_store
from marketplace.wholesale import pools, rfqs
from marketplace.wholesale.access import can
from marketplace.wholesale.acting import business_required
from marketplace.wholesale.errors import QuoteUnavailable
from marketplace.wholesale.labels import BUSINESS_KIND_LABELS
from marketplace.wholesale.models import (
    TERM_DAYS,
    Business,
    PooledRequest,
    PoolShare,
    PoolStatus,
)
from marketplace.wholesale.rfq_forms import (
    ClaimForm,
    CloseForm,
    NoteForm,
    PlaceForm,
    PoolForm,
    QuoteForm,
    ReasonForm,
    RfqForm,
)

bp = Blueprint("rfq", __name__)


def _today() -> Any:
    return utcnow().date()


def _page() -> int:
    return max(request.args.get("page", 1, type=int), 1)


def _flash_errors(form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")


def _submit(form: Any, action: Callable[[], object], *, success: str) -> None:
    """A small admin form: run the service as one unit of work, or say what is wrong."""
    if form.validate_on_submit():
        run_action(action, success=success)
    else:
        _flash_errors(form)


def _pay_choices(business: Business) -> list[tuple[str, str]]:
    """How this business may pay: on its terms (when it has credit terms) or up front."""
    choices = []
    if TERM_DAYS.get(business.payment_terms) is not None:
        choices.append(("terms", _("Bayar tempo (faktur dari penjual)")))
    choices.append(("bank_transfer", _("Transfer bank sebelum pengiriman")))
    if card_payments_enabled():
        choices.append(("card", _("Kartu sebelum pengiriman")))
    return choices


def _may_order() -> bool:
    """Whether the acting member may place orders for the (verified) business."""
    return can(g.business_role, "order") and g.business.is_verified


def _place_form(business: Business, delivery_on: Any) -> PlaceForm:
    form = PlaceForm(delivery_on=delivery_on)
    form.pay.choices = _pay_choices(business)
    return form


def _place(form: PlaceForm, place: Callable[[str | None], Checkout], back: str) -> Response:
    """Run an order-placing service from a PlaceForm: to the payment page when paid up front,
    else back with a message. A refusal is flashed and nothing changes."""
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(back)
    pay_upfront = None if form.pay.data == "terms" else form.pay.data
    try:
        checkout = place(pay_upfront)
    except QuoteUnavailable as exc:
        # An expired quote is marked so (the only write so far); keep that, not more.
        if exc.data.get("expired"):
            db.session.commit()
        else:
            db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(back)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(back)
    db.session.commit()
    if checkout.status == CheckoutStatus.PENDING_PAYMENT:
        return redirect(url_for("payments.pay", public_id=checkout.public_id))
    if checkout.status == CheckoutStatus.AWAITING_APPROVAL:
        flash(_("Pesanan dibuat dan menunggu persetujuan approver usaha Anda."), "success")
    else:
        flash(_("Pesanan dibuat dan diteruskan ke penjual."), "success")
    return redirect(back)


# -- RFQ, buyer ------------------------------------------------------------------------------


def _buyer_rfq(rfq_id: int) -> Any:
    return rfqs.get_business_rfq(g.business.id, rfq_id) or abort(404)


@bp.get("/grosir/permintaan")
@business_required("view")
def buyer_rfqs() -> str:
    return render_template(
        "wholesale/rfq/buyer_list.html",
        page=rfqs.page_business_rfqs(g.business.id, page=_page()),
        today=_today(),
    )


@bp.route("/grosir/permintaan/baru", methods=["GET", "POST"])
@business_required("order", verified=True)
def buyer_rfq_new() -> Any:
    today = _today()
    form = RfqForm(delivery_on=today + timedelta(days=14), respond_by=today + timedelta(days=5))
    product_id = request.args.get("product", type=int) or _int(form.product_id.data)
    product = rfqs.get_public_product(product_id) if product_id else None
    if request.method == "GET" and product is not None:
        form.product_id.data = str(product.id)
        form.title.data = form.title.data or product.name
        form.store_ids.data = [product.store_id]
    text = (request.args.get("q") or "").strip()[:80]
    picked = tuple(form.store_ids.data or ())
    suppliers = rfqs.list_open_suppliers(text=text, include_ids=picked)
    form.store_ids.choices = [(s.id, f"{s.name} · {s.city_name}") for s in suppliers]
    form.location_id.choices = [
        (loc.id, loc.label) for loc in rfqs.list_active_locations(g.business.id)
    ]
    created: list[Any] = []
    if form.validate_on_submit() and run_action(
        lambda: created.append(rfqs.create_rfq(g.business, actor=current_user, data=_rfq(form))),
        success=_("Permintaan penawaran dikirim ke penjual."),
        form=form,
    ):
        return redirect(url_for("rfq.buyer_rfq", rfq_id=created[0].id))
    return render_template(
        "wholesale/rfq/buyer_new.html", form=form, product=product, text=text, today=today
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _rfq(form: RfqForm) -> rfqs.RfqInput:
    return rfqs.RfqInput(
        title=form.title.data,
        description=form.description.data or "",
        product_id=_int(form.product_id.data),
        quantity=form.quantity.data,
        unit=form.unit.data or "pcs",
        delivery_on=form.delivery_on.data,
        respond_by=form.respond_by.data,
        location_id=form.location_id.data,
        store_ids=tuple(form.store_ids.data or ()),
    )


@bp.get("/grosir/permintaan/<int:rfq_id>")
@business_required("view")
def buyer_rfq(rfq_id: int) -> str:
    rfq = _buyer_rfq(rfq_id)
    quotes = rfqs.list_rfq_quotes(rfq.id)
    today = _today()
    standing = sum(1 for row in quotes if row[0].status == "submitted")
    return render_template(
        "wholesale/rfq/buyer_detail.html",
        rfq=rfq,
        invites=rfqs.list_rfq_invites(rfq.id),
        quotes=quotes,
        events=rfqs.list_rfq_events(rfq.id),
        lapsed=rfqs.is_lapsed(rfq, submitted_quotes=standing, today=today),
        place_form=_place_form(g.business, max(rfq.delivery_on, today)),
        close_form=CloseForm(),
        may_order=_may_order(),
        today=today,
    )


@bp.post("/grosir/permintaan/<int:rfq_id>/penawaran/<int:quote_id>/terima")
@business_required("order", verified=True)
def buyer_quote_accept(rfq_id: int, quote_id: int) -> Response:
    rfq = _buyer_rfq(rfq_id)
    quote = rfqs.get_rfq_quote(rfq.id, quote_id) or abort(404)
    form = _place_form(g.business, rfq.delivery_on)
    return _place(
        form,
        lambda pay: rfqs.accept_quote(
            rfq,
            quote,
            actor=current_user,
            idempotency_key=form.idempotency_key.data or "",
            pay_upfront=pay,
            delivery_on=form.delivery_on.data,
        ),
        url_for("rfq.buyer_rfq", rfq_id=rfq.id),
    )


@bp.post("/grosir/permintaan/<int:rfq_id>/tutup")
@business_required("order", verified=True)
def buyer_rfq_close(rfq_id: int) -> Response:
    rfq = _buyer_rfq(rfq_id)
    form = CloseForm()
    if form.validate_on_submit():
        run_action(
            lambda: rfqs.close_rfq(rfq, actor=current_user, reason=form.reason.data or ""),
            success=_("Permintaan ditutup."),
        )
    return redirect(url_for("rfq.buyer_rfq", rfq_id=rfq.id))


# -- RFQ, seller -----------------------------------------------------------------------------


def _seller_invite(store_id: int, rfq_id: int) -> tuple[Any, Any]:
    store = member_store(store_id)
    invite = rfqs.get_store_invite(store.id, rfq_id) or abort(404)
    return store, invite


@bp.get("/penjual/toko/<int:store_id>/permintaan")
@login_required
def seller_rfqs(store_id: int) -> str:
    store = member_store(store_id)
    return render_template(
        "wholesale/rfq/seller_list.html",
        store=store,
        page=rfqs.page_store_invites(store.id, page=_page()),
        kinds=BUSINESS_KIND_LABELS,
        today=_today(),
    )


def _quote_form(store_id: int, rfq: Any) -> QuoteForm:
    today = _today()
    form = QuoteForm(quantity=rfq.quantity, valid_until=today + timedelta(days=14))
    form.variant_id.choices = [
        (v.id, f"{p.name}{' · ' + v.label if v.label else ''} ({v.sku})")
        for v, p in rfqs.list_quotable_variants(store_id)
    ]
    return form


def _quote(form: QuoteForm) -> rfqs.QuoteInput:
    return rfqs.QuoteInput(
        variant_id=form.variant_id.data,
        unit_price_idr=form.unit_price_idr.data,
        quantity=form.quantity.data,
        valid_until=form.valid_until.data,
        lead_time_days=form.lead_time_days.data,
        note=form.note.data or "",
    )


def _seller_page(store: Any, invite: Any, quote_form: QuoteForm | None = None) -> str:
    rfq = invite.rfq
    return render_template(
        "wholesale/rfq/seller_detail.html",
        store=store,
        invite=invite,
        rfq=rfq,
        business=db.session.get(Business, rfq.business_id),
        kinds=BUSINESS_KIND_LABELS,
        city=rfqs.delivery_city(rfq.location_id),
        product=rfqs.get_public_product(rfq.product_id) if rfq.product_id else None,
        quotes=rfqs.list_rfq_quotes(rfq.id, store_id=store.id),
        events=rfqs.list_rfq_events(rfq.id, store_id=store.id),
        quote_form=quote_form or _quote_form(store.id, rfq),
        decline_form=ReasonForm(),
        withdraw_form=CloseForm(),
        today=_today(),
    )


@bp.get("/penjual/toko/<int:store_id>/permintaan/<int:rfq_id>")
@login_required
def seller_rfq(store_id: int, rfq_id: int) -> str:
    store, invite = _seller_invite(store_id, rfq_id)
    return _seller_page(store, invite)


@bp.post("/penjual/toko/<int:store_id>/permintaan/<int:rfq_id>/penawaran")
@login_required
def seller_quote(store_id: int, rfq_id: int) -> Any:
    store, invite = _seller_invite(store_id, rfq_id)
    form = _quote_form(store.id, invite.rfq)
    if form.validate_on_submit() and run_action(
        lambda: rfqs.submit_quote(invite, actor=current_user, data=_quote(form)),
        success=_("Penawaran terkirim ke pembeli."),
        form=form,
    ):
        return redirect(url_for("rfq.seller_rfq", store_id=store.id, rfq_id=rfq_id))
    return _seller_page(store, invite, quote_form=form)


@bp.post("/penjual/toko/<int:store_id>/permintaan/<int:rfq_id>/tolak")
@login_required
def seller_decline(store_id: int, rfq_id: int) -> Response:
    store, invite = _seller_invite(store_id, rfq_id)
    form = ReasonForm()
    if form.validate_on_submit():
        run_action(
            lambda: rfqs.decline_invite(invite, actor=current_user, reason=form.reason.data),
            success=_("Permintaan ditolak; pembeli membaca alasan Anda."),
        )
    else:
        _flash_errors(form)
    return redirect(url_for("rfq.seller_rfq", store_id=store.id, rfq_id=rfq_id))


@bp.post("/penjual/toko/<int:store_id>/permintaan/<int:rfq_id>/penawaran/<int:quote_id>/tarik")
@login_required
def seller_quote_withdraw(store_id: int, rfq_id: int, quote_id: int) -> Response:
    store, _invite = _seller_invite(store_id, rfq_id)
    quote = rfqs.get_store_quote(store.id, rfq_id, quote_id) or abort(404)
    if CloseForm().validate_on_submit():
        run_action(
            lambda: rfqs.withdraw_quote(quote, actor=current_user),
            success=_("Penawaran ditarik."),
        )
    return redirect(url_for("rfq.seller_rfq", store_id=store.id, rfq_id=rfq_id))


# -- Pools, buyer ----------------------------------------------------------------------------


def _buyer_pool(pool_id: int) -> PooledRequest:
    return pools.get_business_pool(g.business.id, pool_id) or abort(404)


def _category_choices() -> list[tuple[int, str]]:
    choices = []
    for top, children in list_category_tree():
        choices.append((top.id, top.name))
        choices += [(c.id, f"{top.name} › {c.name}") for c in children]
    return choices


@bp.get("/grosir/gabungan")
@business_required("view")
def buyer_pools() -> str:
    return render_template(
        "wholesale/pool/buyer_list.html",
        page=pools.page_business_pools(g.business.id, page=_page()),
    )


@bp.route("/grosir/gabungan/baru", methods=["GET", "POST"])
@business_required("order", verified=True)
def buyer_pool_new() -> Any:
    today = _today()
    form = PoolForm(delivery_on=today + timedelta(days=30), claim_until=today + timedelta(days=7))
    form.category_id.choices = _category_choices()
    form.location_id.choices = [
        (loc.id, loc.label) for loc in rfqs.list_active_locations(g.business.id)
    ]
    created: list[PooledRequest] = []
    if form.validate_on_submit() and run_action(
        lambda: created.append(pools.create_pool(g.business, actor=current_user, data=_pool(form))),
        success=_("Permintaan gabungan dibuka untuk penjual yang memenuhi syarat."),
        form=form,
    ):
        return redirect(url_for("rfq.buyer_pool", pool_id=created[0].id))
    return render_template("wholesale/pool/buyer_new.html", form=form)


def _pool(form: PoolForm) -> pools.PoolInput:
    return pools.PoolInput(
        category_id=form.category_id.data,
        title=form.title.data,
        description=form.description.data or "",
        total_quantity=form.total_quantity.data,
        unit=form.unit.data or "pcs",
        max_unit_price_idr=form.max_unit_price_idr.data,
        delivery_on=form.delivery_on.data,
        claim_until=form.claim_until.data,
        location_id=form.location_id.data,
        requires_halal=bool(form.requires_halal.data),
        requires_training=bool(form.requires_training.data),
    )


@bp.get("/grosir/gabungan/<int:pool_id>")
@business_required("view")
def buyer_pool(pool_id: int) -> str:
    pool = _buyer_pool(pool_id)
    today = _today()
    shares = pools.list_pool_shares(pool.id)
    taken = [row[0] for row in shares if row[0].status in pools.TAKEN]
    return render_template(
        "wholesale/pool/buyer_detail.html",
        pool=pool,
        shares=shares,
        claimed=sum(s.quantity for s in taken),
        goods_total=sum(s.quantity * s.unit_price_idr for s in taken),
        place_form=_place_form(g.business, max(pool.delivery_on, today)),
        cancel_form=ReasonForm(),
        may_order=_may_order(),
    )


@bp.post("/grosir/gabungan/<int:pool_id>/pesan")
@business_required("order", verified=True)
def buyer_pool_order(pool_id: int) -> Response:
    pool = _buyer_pool(pool_id)
    form = _place_form(g.business, pool.delivery_on)
    return _place(
        form,
        lambda pay: pools.order_pool(
            pool,
            actor=current_user,
            idempotency_key=form.idempotency_key.data or "",
            pay_upfront=pay,
            delivery_on=form.delivery_on.data,
        ),
        url_for("rfq.buyer_pool", pool_id=pool.id),
    )


@bp.post("/grosir/gabungan/<int:pool_id>/batal")
@business_required("order", verified=True)
def buyer_pool_cancel(pool_id: int) -> Response:
    pool = _buyer_pool(pool_id)
    form = ReasonForm()
    if form.validate_on_submit():
        run_action(
            lambda: pools.cancel_pool(pool, actor=current_user, reason=form.reason.data),
            success=_("Permintaan gabungan dibatalkan."),
        )
    else:
        _flash_errors(form)
    return redirect(url_for("rfq.buyer_pool", pool_id=pool.id))


# -- Pools, seller ---------------------------------------------------------------------------


def _seller_pool(store_id: int, pool_id: int) -> tuple[Any, pools.StorePool]:
    store = member_store(store_id)
    row = pools.get_store_pool(store, pool_id, today=_today()) or abort(404)
    return store, row


@bp.get("/penjual/toko/<int:store_id>/gabungan")
@login_required
def seller_pools(store_id: int) -> str:
    store = member_store(store_id)
    return render_template(
        "wholesale/pool/seller_list.html",
        store=store,
        rows=pools.list_store_pools(store, today=_today()),
    )


def _claim_form(store: Any, row: pools.StorePool) -> ClaimForm:
    form = ClaimForm(quantity=row.remaining or None)
    form.variant_id.choices = [
        (v.id, f"{p.name}{' · ' + v.label if v.label else ''} ({v.sku})")
        for v, p in pools.list_claim_variants(store, row.pool, today=_today())
    ]
    return form


def _seller_pool_page(store: Any, row: pools.StorePool, form: ClaimForm | None = None) -> str:
    return render_template(
        "wholesale/pool/seller_detail.html",
        store=store,
        row=row,
        pool=row.pool,
        city=rfqs.delivery_city(row.pool.location_id),
        business=db.session.get(Business, row.pool.business_id),
        kinds=BUSINESS_KIND_LABELS,
        problem=pools.qualification_problem(store, row.pool, today=_today()),
        claim_form=form or _claim_form(store, row),
        withdraw_form=CloseForm(),
        today=_today(),
    )


@bp.get("/penjual/toko/<int:store_id>/gabungan/<int:pool_id>")
@login_required
def seller_pool(store_id: int, pool_id: int) -> str:
    store, row = _seller_pool(store_id, pool_id)
    return _seller_pool_page(store, row)


@bp.post("/penjual/toko/<int:store_id>/gabungan/<int:pool_id>/ambil")
@login_required
def seller_pool_claim(store_id: int, pool_id: int) -> Any:
    store, row = _seller_pool(store_id, pool_id)
    form = _claim_form(store, row)
    if form.validate_on_submit() and run_action(
        lambda: pools.claim_share(
            row.pool,
            store,
            actor=current_user,
            variant_id=form.variant_id.data,
            quantity=form.quantity.data,
            unit_price_idr=form.unit_price_idr.data,
            note=form.note.data or "",
        ),
        success=_("Bagian Anda tercatat; pembeli diberi tahu."),
        form=form,
    ):
        return redirect(url_for("rfq.seller_pool", store_id=store.id, pool_id=pool_id))
    return _seller_pool_page(store, row, form)


@bp.post("/penjual/toko/<int:store_id>/gabungan/<int:pool_id>/tarik")
@login_required
def seller_pool_withdraw(store_id: int, pool_id: int) -> Response:
    store, row = _seller_pool(store_id, pool_id)
    if row.share is None:
        abort(404)
    share = row.share
    if CloseForm().validate_on_submit():
        run_action(
            lambda: pools.withdraw_share(share, actor=current_user),
            success=_("Bagian Anda ditarik."),
        )
    return redirect(url_for("rfq.seller_pool", store_id=store.id, pool_id=pool_id))


# -- Pools, coordination ---------------------------------------------------------------------


def _admin_pool(pool_id: int) -> PooledRequest:
    return db.session.get(PooledRequest, pool_id) or abort(404)


@bp.get("/admin/gabungan")
@admin_required
def admin_pools() -> str:
    status = request.args.get("status") or None
    if status is not None and status not in set(PoolStatus):
        abort(404)
    return render_template(
        "wholesale/pool/admin_list.html",
        page=pools.page_all_pools(status=status, page=_page()),
        status=status,
    )


@bp.get("/admin/gabungan/<int:pool_id>")
@admin_required
def admin_pool(pool_id: int) -> str:
    pool = _admin_pool(pool_id)
    return render_template(
        "wholesale/pool/admin_detail.html",
        pool=pool,
        business=db.session.get(Business, pool.business_id),
        shares=pools.list_pool_shares(pool.id),
        claimed=pools.claimed_quantity(pool.id),
        reason_form=ReasonForm(),
        note_form=NoteForm(note=pool.coordinator_note),
    )


@bp.post("/admin/gabungan/<int:pool_id>/bagian/<int:share_id>/hapus")
@admin_required
def admin_share_remove(pool_id: int, share_id: int) -> Response:
    pool = _admin_pool(pool_id)
    share = db.session.get(PoolShare, share_id)
    if share is None or share.pooled_request_id != pool.id:
        abort(404)
    form = ReasonForm()
    _submit(
        form,
        lambda: pools.remove_share(share, actor=current_user, reason=form.reason.data),
        success=_("Bagian dihapus; penjual diberi tahu."),
    )
    return redirect(url_for("rfq.admin_pool", pool_id=pool.id))


@bp.post("/admin/gabungan/<int:pool_id>/batal")
@admin_required
def admin_pool_cancel(pool_id: int) -> Response:
    pool = _admin_pool(pool_id)
    form = ReasonForm()
    _submit(
        form,
        lambda: pools.cancel_pool(pool, actor=current_user, reason=form.reason.data),
        success=_("Permintaan gabungan dibatalkan."),
    )
    return redirect(url_for("rfq.admin_pool", pool_id=pool.id))


@bp.post("/admin/gabungan/<int:pool_id>/catatan")
@admin_required
def admin_pool_note(pool_id: int) -> Response:
    pool = _admin_pool(pool_id)
    form = NoteForm()
    _submit(
        form,
        lambda: pools.set_coordinator_note(pool, actor=current_user, note=form.note.data or ""),
        success=_("Catatan koordinator disimpan."),
    )
    return redirect(url_for("rfq.admin_pool", pool_id=pool.id))
