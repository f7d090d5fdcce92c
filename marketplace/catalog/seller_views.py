"""Seller pages for products: list, create, edit, duplicate, bulk status, photos."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.catalog import services
from marketplace.catalog.errors import InvalidProduct, NotPublishable, SkuTaken
from marketplace.catalog.forms import BulkForm, ImageUploadForm, ProductForm, category_choices
from marketplace.catalog.models import Product, ProductStatus
from marketplace.catalog.queries import (
    LOW_STOCK,
    get_store_product,
    get_store_product_image,
    list_store_products_for_seller,
    list_store_variants,
)
from marketplace.catalog.views import bp
from marketplace.core.forms import ConfirmForm
from marketplace.core.images import InvalidImage
from marketplace.extensions import db
from marketplace.stores.views import member_store


def _product_data(form: ProductForm) -> services.ProductData:
    variants = [
        services.VariantData(
            sku=v.sku.data or "",
            label=v.label.data or "",
            price_idr=v.price_idr.data or 0,
            stock=v.stock.data or 0,
            weight_grams=v.weight_grams.data or 0,
            min_order=v.min_order.data or 1,
        )
        for v in form.filled_variants()
    ]
    return services.ProductData(
        name=form.name.data,
        category_id=int(form.category_id.data or 0),
        description=form.description.data or "",
        sale_type=form.sale_type.data,
        preorder_days=form.preorder_days.data,
        pirt_no=form.pirt_no.data or None,
        halal_cert_no=form.halal_cert_no.data or None,
        halal_expires_on=form.halal_expires_on.data,
        is_non_halal=bool(form.is_non_halal.data),
        bpom_no=form.bpom_no.data or None,
        shelf_life_days=form.shelf_life_days.data,
        ingredients=form.ingredients.data or "",
        allergens=form.allergens.data or "",
        variants=variants,
    )


@bp.get("/penjual/toko/<int:store_id>/produk")
@login_required
def seller_products(store_id: int) -> str:
    store = member_store(store_id)
    status = request.args.get("status") or None
    low = request.args.get("stok") == "menipis"
    return render_template(
        "catalog/seller_products.html",
        store=store,
        rows=list_store_products_for_seller(store.id, status=status, low_stock=low),
        status=status,
        low=low,
        low_stock=LOW_STOCK,
        bulk_form=BulkForm(),
        confirm_form=ConfirmForm(),
    )


def _save_product(form: ProductForm, store_id: int, product: Product | None) -> Response | None:
    store = member_store(store_id)
    try:
        if product is None:
            product = services.create_product(store, data=_product_data(form))
        else:
            services.update_product(product, data=_product_data(form))
    except (InvalidProduct, SkuTaken) as exc:
        db.session.rollback()
        form.form_errors.append(str(exc.message))
        return None
    except NotPublishable as exc:
        db.session.rollback()
        form.form_errors.extend(exc.reasons)
        return None
    db.session.commit()
    flash(_("Produk disimpan."), "success")
    return redirect(
        url_for("catalog.seller_product_edit", store_id=store.id, product_id=product.id)
    )


@bp.route("/penjual/toko/<int:store_id>/produk/baru", methods=["GET", "POST"])
@login_required
def seller_product_new(store_id: int) -> str | Response:
    store = member_store(store_id)
    form = ProductForm()
    form.category_id.choices = category_choices()
    if form.validate_on_submit():
        saved = _save_product(form, store.id, None)
        if saved is not None:
            return saved
    return render_template("catalog/product_form.html", store=store, form=form, product=None)


@bp.route("/penjual/toko/<int:store_id>/produk/<int:product_id>", methods=["GET", "POST"])
@login_required
def seller_product_edit(store_id: int, product_id: int) -> str | Response:
    store = member_store(store_id)
    product = get_store_product(store.id, product_id) or abort(404)
    form = ProductForm(obj=product)
    form.category_id.choices = category_choices()
    if request.method == "GET":
        form.category_id.data = str(product.category_id)
        while len(form.variants) < len(product.variants) + 1:
            form.variants.append_entry()
        for entry, variant in zip(form.variants, product.variants, strict=False):
            entry.form.process(None, obj=variant)
    if form.validate_on_submit():
        saved = _save_product(form, store.id, product)
        if saved is not None:
            return saved
    return render_template(
        "catalog/product_form.html",
        store=store,
        form=form,
        product=product,
        problems=services.publish_problems(product),
        image_form=ImageUploadForm(),
        confirm_form=ConfirmForm(),
    )


@bp.post("/penjual/toko/<int:store_id>/produk/<int:product_id>/status")
@login_required
def seller_product_status(store_id: int, product_id: int) -> Response:
    store = member_store(store_id)
    product = get_store_product(store.id, product_id) or abort(404)
    status = request.form.get("status", "")
    if ConfirmForm().validate_on_submit():
        try:
            services.set_status(product, status, actor=current_user)
        except (NotPublishable, InvalidProduct) as exc:
            db.session.rollback()
            for reason in getattr(exc, "reasons", [str(exc.message)]):
                flash(reason, "error")
        else:
            db.session.commit()
            flash(_("Status produk diperbarui."), "success")
    return redirect(
        url_for("catalog.seller_product_edit", store_id=store.id, product_id=product.id)
    )


@bp.post("/penjual/toko/<int:store_id>/produk/<int:product_id>/salin")
@login_required
def seller_product_duplicate(store_id: int, product_id: int) -> Response:
    store = member_store(store_id)
    product = get_store_product(store.id, product_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        copy = services.duplicate_product(product)
    except InvalidProduct as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("catalog.seller_products", store_id=store.id))
    db.session.commit()
    flash(_("Produk disalin sebagai draf."), "success")
    return redirect(url_for("catalog.seller_product_edit", store_id=store.id, product_id=copy.id))


@bp.post("/penjual/toko/<int:store_id>/produk/aksi")
@login_required
def seller_products_bulk(store_id: int) -> Response:
    store = member_store(store_id)
    form = BulkForm()
    ids = [int(i) for i in request.form.getlist("product_id") if i.isdigit()]
    if form.validate_on_submit() and ids and form.action.data in set(ProductStatus):
        changed, refused = services.bulk_set_status(
            store, ids, form.action.data, actor=current_user
        )
        db.session.commit()
        flash(_("%(n)d produk diperbarui.", n=changed), "success")
        if refused:
            flash(
                _("Belum bisa ditayangkan (lengkapi datanya): %(names)s", names=", ".join(refused)),
                "error",
            )
    return redirect(url_for("catalog.seller_products", store_id=store.id))


@bp.post("/penjual/toko/<int:store_id>/produk/<int:product_id>/foto")
@login_required
def seller_product_photo(store_id: int, product_id: int) -> Response:
    store = member_store(store_id)
    product = get_store_product(store.id, product_id) or abort(404)
    form = ImageUploadForm()
    if form.validate_on_submit():
        try:
            services.add_product_image(product, form.photo.data.read())
        except (InvalidImage, InvalidProduct) as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("Foto ditambahkan."), "success")
    else:
        for error in form.photo.errors:
            flash(str(error), "error")
    return redirect(
        url_for("catalog.seller_product_edit", store_id=store.id, product_id=product.id)
    )


@bp.post("/penjual/toko/<int:store_id>/foto/<int:image_id>/hapus")
@login_required
def seller_product_photo_delete(store_id: int, image_id: int) -> Response:
    store = member_store(store_id)
    image = get_store_product_image(store.id, image_id) or abort(404)
    product_id = image.product_id
    if ConfirmForm().validate_on_submit():
        services.remove_product_image(image)
        db.session.commit()
        flash(_("Foto dihapus."), "info")
    return redirect(
        url_for("catalog.seller_product_edit", store_id=store.id, product_id=product_id)
    )


@bp.route("/penjual/toko/<int:store_id>/produk/stok", methods=["GET", "POST"])
@login_required
def seller_stock(store_id: int) -> str | Response:
    store = member_store(store_id)
    rows = list_store_variants(store.id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            edits = [
                services.QuickEdit(
                    variant_id=v.id,
                    old_price=int(request.form[f"old-price-{v.id}"]),
                    old_stock=int(request.form[f"old-stock-{v.id}"]),
                    price=int(request.form[f"price-{v.id}"]),
                    stock=int(request.form[f"stock-{v.id}"]),
                )
                for v, _ in rows
                if f"price-{v.id}" in request.form
            ]
            changed, conflicts = services.update_variant_prices_and_stock(store, edits)
        except (ValueError, KeyError):
            flash(_("Isi harga dan stok dengan angka bulat."), "error")
        except InvalidProduct as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("%(n)d varian diperbarui.", n=changed), "success")
            if conflicts:
                flash(
                    _(
                        "%(n)d varian berubah sementara Anda mengedit dan tidak ditimpa. "
                        "Periksa angkanya lalu simpan lagi.",
                        n=conflicts,
                    ),
                    "error",
                )
            return redirect(url_for("catalog.seller_stock", store_id=store.id))
    return render_template("catalog/seller_stock.html", store=store, rows=rows, form=form)
