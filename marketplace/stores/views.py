"""The seller area: open and run a store."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.catalog.forms import ImageUploadForm
from marketplace.core.auth import role_required
from marketplace.core.forms import ConfirmForm
from marketplace.core.http import private_file
from marketplace.core.images import InvalidImage
from marketplace.extensions import db
from marketplace.stores import services
from marketplace.stores.documents import (
    REMIND_DAYS,
    DocumentData,
    InvalidDocument,
    add_document,
    delete_document,
    get_store_document,
    list_documents,
    open_document,
)
from marketplace.stores.errors import InvalidStore, SlugTaken, StoreNotReady
from marketplace.stores.forms import DocumentForm, HolidayForm, ShippingForm, StaffForm, StoreForm
from marketplace.stores.models import Store, StoreRole
from marketplace.stores.queries import (
    get_store_for_member,
    list_store_members,
    list_stores_of_user,
)

bp = Blueprint("stores", __name__, url_prefix="/penjual")


def member_store(store_id: int) -> Store:
    """The store if the current user runs it; 404 otherwise (no hint that it exists)."""
    found = get_store_for_member(store_id, current_user.id)
    if found is None:
        abort(404)
    return found[0]


def owned_store(store_id: int) -> Store:
    """The store if the current user is one of its owners; staff get 403, others 404."""
    found = get_store_for_member(store_id, current_user.id)
    if found is None:
        abort(404)
    if found[1] != StoreRole.OWNER:
        abort(403)
    return found[0]


@bp.get("/")
@role_required("seller")
def dashboard() -> str:
    return render_template("stores/dashboard.html", stores=list_stores_of_user(current_user.id))


def _store_data(form: StoreForm) -> services.StoreData:
    return services.StoreData(
        name=form.name.data,
        slug=form.slug.data,
        description=form.description.data or "",
        address_line=form.address_line.data,
        province_code=form.province_code.data or "",
        region_code=form.region_code.data or "",
        district_code=form.district_code.data or "",
        village_code=form.village_code.data or "",
        postal_code=form.postal_code.data or None,
        whatsapp=form.whatsapp.data,
        nib=form.nib.data or None,
        opening_hours=form.opening_hours.data or "",
        is_preorder_only=bool(form.is_preorder_only.data),
    )


def _refreshing() -> bool:
    """The picker's "show the next choices" button (no JavaScript): re-render, don't save."""
    return "refresh" in request.form


@bp.route("/toko/baru", methods=["GET", "POST"])
@login_required
def store_new() -> str | Response:
    form = StoreForm()
    if request.method == "GET" and not form.slug.data and form.name.data:
        form.slug.data = services.suggest_slug(form.name.data)
    form.fill_region_choices()
    if not _refreshing() and form.validate_on_submit():
        try:
            store = services.create_store(current_user, data=_store_data(form))
        except (InvalidStore, SlugTaken) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Toko dibuat. Lengkapi produk, lalu tayangkan toko Anda."), "success")
            return redirect(url_for("stores.store", store_id=store.id))
    return render_template("stores/store_form.html", form=form, store=None)


@bp.route("/toko/<int:store_id>/ubah", methods=["GET", "POST"])
@login_required
def store_edit(store_id: int) -> str | Response:
    store = owned_store(store_id)
    form = StoreForm(obj=store)
    form.fill_region_choices()
    if not _refreshing() and form.validate_on_submit():
        try:
            services.update_store(store, data=_store_data(form))
        except (InvalidStore, SlugTaken) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Profil toko disimpan."), "success")
            return redirect(url_for("stores.store", store_id=store.id))
    return render_template("stores/store_form.html", form=form, store=store)


@bp.route("/toko/<int:store_id>/pengiriman", methods=["GET", "POST"])
@login_required
def shipping(store_id: int) -> str | Response:
    from marketplace.shipping.rates import SERVICES, InvalidShipping, validate_store_shipping

    store = owned_store(store_id)
    form = ShippingForm(
        services=store.shipping_services,
        offers_pickup=store.offers_pickup,
        local_delivery_fee_idr=store.local_delivery_fee_idr,
    )
    form.services.choices = [(code, s.label) for code, s in SERVICES.items()]
    if form.validate_on_submit():
        try:
            offer = validate_store_shipping(
                form.services.data, form.offers_pickup.data, form.local_delivery_fee_idr.data
            )
        except InvalidShipping as exc:
            form.form_errors.append(str(exc.message))
        else:
            services.set_shipping(store, offer)
            db.session.commit()
            flash(_("Pilihan pengiriman disimpan."), "success")
            return redirect(url_for("stores.shipping", store_id=store.id))
    return render_template("stores/shipping.html", store=store, form=form)


@bp.get("/toko/<int:store_id>")
@login_required
def store(store_id: int) -> str:
    store = member_store(store_id)
    return render_template(
        "stores/store.html",
        store=store,
        blockers=services.go_live_blockers(store),
        confirm_form=ConfirmForm(),
        holiday_form=HolidayForm(),
        image_form=ImageUploadForm(),
    )


@bp.post("/toko/<int:store_id>/tayang")
@login_required
def store_publish(store_id: int) -> Response:
    store = owned_store(store_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.publish_store(store, actor=current_user)
        except StoreNotReady as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("Toko Anda sudah tayang."), "success")
    return redirect(url_for("stores.store", store_id=store.id))


@bp.post("/toko/<int:store_id>/sembunyikan")
@login_required
def store_unpublish(store_id: int) -> Response:
    store = owned_store(store_id)
    if ConfirmForm().validate_on_submit():
        services.unpublish_store(store, actor=current_user)
        db.session.commit()
        flash(_("Toko tidak lagi tampil untuk pembeli."), "info")
    return redirect(url_for("stores.store", store_id=store.id))


@bp.post("/toko/<int:store_id>/minta-persetujuan")
@login_required
def store_request_review(store_id: int) -> Response:
    store = owned_store(store_id)
    if ConfirmForm().validate_on_submit():
        services.request_review(store)
        db.session.commit()
        flash(_("Permintaan persetujuan terkirim ke admin Pasar IKM."), "info")
    return redirect(url_for("stores.store", store_id=store.id))


@bp.post("/toko/<int:store_id>/libur")
@login_required
def store_holiday(store_id: int) -> Response:
    store = owned_store(store_id)
    form = HolidayForm()
    if form.validate_on_submit():
        services.set_holiday(store, on=not store.is_on_holiday, note=form.note.data or "")
        db.session.commit()
        flash(_("Mode libur diperbarui."), "info")
    return redirect(url_for("stores.store", store_id=store.id))


@bp.route("/toko/<int:store_id>/dokumen", methods=["GET", "POST"])
@login_required
def documents(store_id: int) -> str | Response:
    store = member_store(store_id)
    form = DocumentForm()
    if form.validate_on_submit():
        data = DocumentData(
            kind=form.kind.data, number=form.number.data, expires_on=form.expires_on.data
        )
        try:
            add_document(store, data=data, file=form.file.data.read())
        except InvalidDocument as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Dokumen disimpan."), "success")
            return redirect(url_for("stores.documents", store_id=store.id))
    return render_template(
        "stores/documents.html",
        store=store,
        form=form,
        documents=list_documents(store.id),
        today=date.today(),
        remind_days=REMIND_DAYS,
        confirm_form=ConfirmForm(),
    )


@bp.get("/toko/<int:store_id>/dokumen/<int:document_id>")
@login_required
def document_file(store_id: int, document_id: int) -> Response:
    store = member_store(store_id)
    document = get_store_document(store.id, document_id) or abort(404)
    filename = f"{document.kind}-{document.id}.{document.file_key.rsplit('.', 1)[-1]}"
    return private_file(open_document(document), document.file_type, download_name=filename)


@bp.post("/toko/<int:store_id>/dokumen/<int:document_id>/hapus")
@login_required
def document_delete(store_id: int, document_id: int) -> Response:
    store = member_store(store_id)
    document = get_store_document(store.id, document_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        delete_document(document)
        db.session.commit()
        flash(_("Dokumen dihapus."), "info")
    return redirect(url_for("stores.documents", store_id=store.id))


@bp.post("/toko/<int:store_id>/gambar/<kind>")
@login_required
def store_image(store_id: int, kind: str) -> Response:
    store = owned_store(store_id)
    if kind not in services.STORE_IMAGE_MIN_WIDTH:
        abort(404)
    form = ImageUploadForm()
    if form.validate_on_submit():
        try:
            services.set_store_image(store, kind=kind, data=form.photo.data.read())
        except (InvalidImage, InvalidStore) as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("Gambar toko disimpan."), "success")
    else:
        for error in form.photo.errors:
            flash(str(error), "error")
    return redirect(url_for("stores.store", store_id=store.id))


@bp.route("/toko/<int:store_id>/tim", methods=["GET", "POST"])
@login_required
def team(store_id: int) -> str | Response:
    store = owned_store(store_id)
    form = StaffForm()
    if form.validate_on_submit():
        try:
            services.add_staff(store, email=form.email.data)
        except InvalidStore as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Staf ditambahkan."), "success")
            return redirect(url_for("stores.team", store_id=store.id))
    return render_template(
        "stores/team.html",
        store=store,
        form=form,
        members=list_store_members(store.id),
        confirm_form=ConfirmForm(),
    )


@bp.post("/toko/<int:store_id>/tim/<int:member_id>/hapus")
@login_required
def team_remove(store_id: int, member_id: int) -> Response:
    store = owned_store(store_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.remove_staff(store, member_id=member_id)
        except InvalidStore as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("Staf dikeluarkan."), "info")
    return redirect(url_for("stores.team", store_id=store.id))
