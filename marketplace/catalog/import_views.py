"""Seller pages for a store's catalog as CSV: upload, preview, apply; export."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from marketplace.catalog import product_csv
from marketplace.catalog.errors import InvalidProduct, NotPublishable, SkuTaken
from marketplace.catalog.views import bp
from marketplace.core.csv_export import csv_response
from marketplace.core.forms import ConfirmForm
from marketplace.core.imports import ImportChanged, ImportHasErrors
from marketplace.extensions import db
from marketplace.stores.views import member_store

APPLY_ERRORS = (
    ImportHasErrors,
    ImportChanged,
    product_csv.ProductFileError,
    InvalidProduct,
    SkuTaken,
    NotPublishable,
)


class ProductImportForm(FlaskForm):
    file = FileField(
        _l("Berkas CSV produk"),
        validators=[
            FileRequired(_l("Pilih berkas CSV.")),
            FileAllowed(["csv", "txt"], _l("Unggah berkas .csv (Simpan Sebagai › CSV UTF-8).")),
            FileSize(product_csv.MAX_IMPORT_BYTES, message=_l("Berkas maksimal 2 MB.")),
        ],
        render_kw={"accept": ".csv,text/csv"},
    )


@bp.route("/penjual/toko/<int:store_id>/produk/impor", methods=["GET", "POST"])
@login_required
def seller_products_import(store_id: int) -> str | Response:
    store = member_store(store_id)
    form = ProductImportForm()
    if form.validate_on_submit():
        try:
            token = product_csv.stage_import(store, data=form.file.data.read())
        except product_csv.ProductFileError as exc:
            form.file.errors.append(str(exc.message))
        else:
            return redirect(
                url_for("catalog.seller_products_import_preview", store_id=store.id, token=token)
            )
    return render_template(
        "catalog/product_import.html", store=store, form=form, columns=product_csv.COLUMNS
    )


@bp.get("/penjual/toko/<int:store_id>/produk/impor/pratinjau")
@login_required
def seller_products_import_preview(store_id: int) -> str | Response:
    store = member_store(store_id)
    token = request.args.get("token", "")
    try:
        plan = product_csv.plan_staged(store, token=token)
    except (product_csv.ProductImportExpired, product_csv.ProductFileError) as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("catalog.seller_products_import", store_id=store.id))
    return render_template(
        "catalog/product_import_preview.html",
        store=store,
        plan=plan,
        token=token,
        confirm_form=ConfirmForm(),
        field_labels=product_csv.FIELD_LABELS,
    )


@bp.post("/penjual/toko/<int:store_id>/produk/impor/pratinjau")
@login_required
def seller_products_import_apply(store_id: int) -> Response:
    store = member_store(store_id)
    token = request.args.get("token", "")
    back = url_for("catalog.seller_products_import_preview", store_id=store.id, token=token)
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    try:
        result = product_csv.apply_staged(
            store, token=token, fingerprint=request.form.get("fingerprint", "")
        )
        db.session.commit()
    except product_csv.ProductImportExpired as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("catalog.seller_products_import", store_id=store.id))
    except (*APPLY_ERRORS, IntegrityError) as exc:
        # The store changed under the preview (e.g. a SKU just taken): nothing was written.
        db.session.rollback()
        message = getattr(exc, "message", ImportChanged.message)
        flash(str(message), "error")
        return redirect(back)
    flash(
        _(
            "Impor selesai: %(products)d produk baru (draf), %(created)d varian baru, "
            "%(updated)d diperbarui, %(same)d tidak berubah.",
            products=result.new_products,
            created=result.created,
            updated=result.updated,
            same=result.unchanged,
        ),
        "success",
    )
    return redirect(url_for("catalog.seller_products", store_id=store.id))


@bp.get("/penjual/toko/<int:store_id>/produk.csv")
@login_required
def seller_products_export(store_id: int) -> Response:
    store = member_store(store_id)
    return csv_response(
        product_csv.export_filename(store),
        list(product_csv.COLUMNS),
        product_csv.export_rows(store),
    )
