"""Sellers' wholesale offers and supplier profile; wholesale catalog and supplier directory."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from marketplace.core.actions import run_action
from marketplace.core.forms import ConfirmForm
from marketplace.regions.reference import get_province, list_provinces
from marketplace.stores.views import member_store, owned_store
from marketplace.training.labels import PROGRAM_KIND_LABELS, SKILL_FIELD_LABELS
from marketplace.wholesale import supplier_queries as queries
from marketplace.wholesale.acting import business_required, verified_business
from marketplace.wholesale.models import SupplierProfile, WholesaleOffer
from marketplace.wholesale.offer_forms import OfferForm, SupplierProfileForm
from marketplace.wholesale.offers import (
    OfferData,
    SupplierProfileData,
    save_offer,
    save_supplier_profile,
    set_offer_active,
)
from marketplace.wholesale.pricing import MAX_QUANTITY, quantity_problem, tier_for

bp = Blueprint("wholesale_offers", __name__)

BADGE_LABELS = {"program_kinds": PROGRAM_KIND_LABELS, "skill_fields": SKILL_FIELD_LABELS}

# -- Seller side: /penjual/toko/<id>/grosir --------------------------------------------------


@bp.get("/penjual/toko/<int:store_id>/grosir")
@login_required
def seller_offers(store_id: int) -> str:
    store = member_store(store_id)
    return render_template(
        "wholesale/offers/list.html",
        store=store,
        page=queries.page_store_variants(store.id, page=request.args.get("page", 1, type=int)),
        profile=queries.get_supplier_profile(store.id),
        confirm_form=ConfirmForm(),
    )


def _offer_defaults(variant: Any, offer: WholesaleOffer | None) -> dict[str, Any]:
    if offer is None:
        return {
            "is_active": True,
            "min_order_qty": max(variant.min_order, 1),
            "pack_size": 1,
            "lead_time_days": 0,
            "tiers": [{"min_qty": 1, "unit_price_idr": variant.price_idr}],
        }
    return {
        "is_active": offer.is_active,
        "min_order_qty": offer.min_order_qty,
        "pack_size": offer.pack_size,
        "lead_time_days": offer.lead_time_days,
        "weekly_capacity": offer.weekly_capacity,
        "tiers": [{"min_qty": t.min_qty, "unit_price_idr": t.unit_price_idr} for t in offer.tiers],
    }


@bp.route("/penjual/toko/<int:store_id>/grosir/<int:variant_id>", methods=["GET", "POST"])
@login_required
def seller_offer(store_id: int, variant_id: int) -> str | Response:
    store = member_store(store_id)
    variant, product = queries.get_store_variant(store.id, variant_id) or abort(404)
    offer = queries.get_variant_offer(variant.id)
    form = OfferForm(data=_offer_defaults(variant, offer))
    if form.validate_on_submit():
        data = OfferData(
            is_active=form.is_active.data,
            tiers=form.tier_inputs(),
            min_order_qty=form.min_order_qty.data,
            pack_size=form.pack_size.data,
            lead_time_days=form.lead_time_days.data,
            weekly_capacity=form.weekly_capacity.data,
        )
        if run_action(
            lambda: save_offer(variant, data=data),
            success=_("Harga grosir %(sku)s disimpan.", sku=variant.sku),
            form=form,
        ):
            return redirect(url_for(".seller_offer", store_id=store.id, variant_id=variant.id))
    return render_template(
        "wholesale/offers/edit.html",
        store=store,
        variant=variant,
        product=product,
        offer=offer,
        form=form,
    )


@bp.post("/penjual/toko/<int:store_id>/grosir/<int:variant_id>/aktif")
@login_required
def seller_offer_toggle(store_id: int, variant_id: int) -> Response:
    store = member_store(store_id)
    variant, _product = queries.get_store_variant(store.id, variant_id) or abort(404)
    offer = queries.get_variant_offer(variant.id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    turn_on = not offer.is_active
    run_action(
        lambda: set_offer_active(offer, is_active=turn_on),
        success=_("Grosir %(sku)s diaktifkan.", sku=variant.sku)
        if turn_on
        else _("Grosir %(sku)s dinonaktifkan.", sku=variant.sku),
    )
    return redirect(url_for(".seller_offers", store_id=store.id))


@bp.route("/penjual/toko/<int:store_id>/grosir/profil", methods=["GET", "POST"])
@login_required
def supplier_profile_edit(store_id: int) -> str | Response:
    store = owned_store(store_id)
    profile = queries.get_supplier_profile(store.id) or SupplierProfile(
        delivery_province_codes=[], is_open=False, offers_samples=False, is_pkp=False
    )
    form = SupplierProfileForm(obj=profile)
    if form.validate_on_submit():
        data = SupplierProfileData(
            is_open=form.is_open.data,
            capacity_note=form.capacity_note.data or "",
            offers_samples=form.offers_samples.data,
            sample_note=form.sample_note.data or "",
            delivery_province_codes=form.delivery_province_codes.data or [],
            npwp=form.npwp.data or "",
            is_pkp=form.is_pkp.data,
        )
        if run_action(
            lambda: save_supplier_profile(store, data=data),
            success=_("Profil pemasok disimpan."),
            form=form,
        ):
            return redirect(url_for(".seller_offers", store_id=store.id))
    return render_template("wholesale/suppliers/profile_form.html", store=store, form=form)


# -- Business side: /grosir/pemasok, /grosir/katalog -----------------------------------------


def _flag(args: MultiDict[str, str], name: str) -> bool:
    return args.get(name) == "1"


def _directory_filters(args: MultiDict[str, str]) -> queries.DirectoryFilters:
    province = args.get("provinsi") or None
    return queries.DirectoryFilters(
        category_id=args.get("kategori", type=int),
        halal=_flag(args, "halal"),
        pirt=_flag(args, "pirt"),
        bpom=_flag(args, "bpom"),
        trained=_flag(args, "pelatihan"),
        samples=_flag(args, "sampel"),
        province_code=province if province and get_province(province) else None,
    )


def _province_names() -> dict[str, str]:
    return {p.code: p.name for p in list_provinces()}


@bp.get("/grosir/pemasok")
@business_required("view")
def suppliers() -> str:
    filters = _directory_filters(request.args)
    return render_template(
        "wholesale/suppliers/list.html",
        page=queries.page_suppliers(
            filters, today=date.today(), page=request.args.get("page", 1, type=int)
        ),
        filters=filters,
        categories=queries.list_top_categories(),
        provinces=list_provinces(),
        province_names=_province_names(),
        verified=verified_business() is not None,
        **BADGE_LABELS,
    )


@bp.get("/grosir/pemasok/<slug>")
@business_required("view")
def supplier(slug: str) -> str:
    card = queries.get_open_supplier(slug, today=date.today()) or abort(404)
    return render_template(
        "wholesale/suppliers/supplier.html",
        card=card,
        offers=queries.list_store_offers(card.store.id),
        verified=verified_business() is not None,
        province_names=_province_names(),
        **BADGE_LABELS,
    )


@bp.get("/grosir/katalog")
@business_required("view")
def catalog() -> str:
    filters = queries.CatalogFilters(
        text=(request.args.get("q") or "")[:100], category_id=request.args.get("kategori", type=int)
    )
    page = queries.page_catalog(filters, page=request.args.get("page", 1, type=int))
    qty = request.args.get("qty", type=int)
    verified = verified_business() is not None
    applies, problems = {}, {}
    if verified and qty is not None:
        for row in page.items:
            if 1 <= qty <= MAX_QUANTITY:
                applies[row.offer.id] = tier_for(row.offer.tiers, qty)
            problems[row.offer.id] = quantity_problem(row.offer, qty)
    return render_template(
        "wholesale/catalog.html",
        page=page,
        filters=filters,
        qty=qty,
        applies=applies,
        problems=problems,
        verified=verified,
        categories=queries.list_top_categories(),
    )
