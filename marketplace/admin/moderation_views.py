"""Back-office moderation pages on the admin blueprint: the report queue, each item's page
with its history, and the actions (hide/restore, suspend/unsuspend, dismiss), each with a
reason."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from marketplace.accounts.models import User
from marketplace.accounts.queries import get_user_by_email
from marketplace.accounts.services import normalize_email
from marketplace.admin import moderation, moderation_queries
from marketplace.admin.models import ModerationTarget
from marketplace.admin.report_views import REPORT_CATEGORY_LABELS
from marketplace.admin.views import bp
from marketplace.catalog.models import Product
from marketplace.core.actions import run_action
from marketplace.core.auth import admin_required
from marketplace.extensions import db
from marketplace.orders.models import OrderLine, Review
from marketplace.stores.models import Store

# URL words of the kinds of items and of the actions.
KINDS: dict[str, tuple[ModerationTarget, type]] = {
    "produk": (ModerationTarget.PRODUCT, Product),
    "ulasan": (ModerationTarget.REVIEW, Review),
    "toko": (ModerationTarget.STORE, Store),
    "pengguna": (ModerationTarget.USER, User),
}
ACTION_LABELS = {
    "hide": _l("Disembunyikan"),
    "restore": _l("Ditampilkan lagi"),
    "suspend": _l("Ditangguhkan"),
    "unsuspend": _l("Penangguhan dicabut"),
    "dismiss": _l("Laporan diabaikan"),
}
STORE_STATUS_LABELS = {
    "draft": _l("Draf"),
    "live": _l("Tayang"),
    "suspended": _l("Ditangguhkan"),
}
REPORT_STATUS_LABELS = {
    "open": _l("Terbuka"),
    "actioned": _l("Ditindak"),
    "dismissed": _l("Diabaikan"),
}


class ReasonForm(FlaskForm):
    """The reason of a moderation action (read by the item's owner) or a dismissal note."""

    reason = StringField(
        _l("Alasan"),
        validators=[
            DataRequired(_l("Tuliskan alasannya.")),
            Length(
                min=moderation.REASON_MIN,
                max=moderation.REASON_MAX,
                message=_l(
                    "Alasan %(min)d–%(max)d huruf.",
                    min=moderation.REASON_MIN,
                    max=moderation.REASON_MAX,
                ),
            ),
        ],
    )


def _item(kind: str, item_id: int) -> tuple[ModerationTarget, object]:
    if kind not in KINDS:
        abort(404)
    target, model = KINDS[kind]
    return target, db.session.get(model, item_id) or abort(404)


def _labels() -> dict[str, object]:
    return {
        "action_labels": ACTION_LABELS,
        "category_labels": REPORT_CATEGORY_LABELS,
        "report_status_labels": REPORT_STATUS_LABELS,
        "store_status_labels": STORE_STATUS_LABELS,
    }


def _run_with_reason(action: Callable[[str], object], *, success: str) -> bool:
    """Validate the reason form, then run the action in one unit of work."""
    form = ReasonForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return False
    return run_action(lambda: action(form.reason.data or ""), success=success)


# -- Report queue ------------------------------------------------------------------------------


@bp.get("/laporan")
@admin_required
def reports_queue() -> str:
    page = moderation_queries.page_report_queue(page=request.args.get("page", 1, type=int))
    return render_template("admin/reports.html", page=page, form=ReasonForm(), **_labels())


@bp.post("/laporan/<kind>/<int:item_id>/<action>")
@admin_required
def report_action(kind: str, item_id: int, action: str) -> Response:
    if kind not in ("produk", "ulasan") or action not in ("sembunyikan", "abaikan"):
        abort(404)
    _target, item = _item(kind, item_id)
    admin = current_user._get_current_object()
    if action == "sembunyikan":
        hide = moderation.hide_product if kind == "produk" else moderation.hide_review
        _run_with_reason(
            lambda reason: hide(item, admin=admin, reason=reason),  # type: ignore[arg-type]
            success=_("Disembunyikan; laporannya ditandai ditindak."),
        )
    else:
        by = {"product": item} if kind == "produk" else {"review": item}
        _run_with_reason(
            lambda reason: moderation.dismiss_reports(admin=admin, note=reason, **by),  # type: ignore[arg-type]
            success=_("Laporan diabaikan."),
        )
    return redirect(url_for("admin.reports_queue"))


# -- Overview and item pages -------------------------------------------------------------------


@bp.get("/moderasi")
@admin_required
def moderation_overview() -> str | Response:
    text = (request.args.get("q") or "").strip()[:100]
    if "@" in text:
        user = get_user_by_email(normalize_email(text))
        if user is not None:
            return redirect(url_for("admin.moderation_item", kind="pengguna", item_id=user.id))
    return render_template(
        "admin/moderation.html",
        text=text,
        found_stores=moderation_queries.find_stores(text) if text else [],
        suspended_stores=moderation_queries.list_suspended_stores(),
        suspended_users=moderation_queries.list_suspended_users(),
        recent=moderation_queries.list_recent_actions(),
        open_reports=moderation_queries.count_open_reports(),
        kind_words={target: word for word, (target, _m) in KINDS.items()},
        **_labels(),
    )


@bp.get("/moderasi/<kind>/<int:item_id>")
@admin_required
def moderation_item(kind: str, item_id: int) -> str:
    target, item = _item(kind, item_id)
    context: dict[str, object] = {}
    if isinstance(item, Product):
        context["store"] = db.session.get(Store, item.store_id)
        context["reports"] = moderation_queries.list_item_reports(product_id=item.id)
        context["events"] = moderation_queries.list_product_events(item.id)
        context["moderated_reason"] = moderation.moderation_reason(item)
    elif isinstance(item, Review):
        context["store"] = db.session.get(Store, item.store_id)
        context["reports"] = moderation_queries.list_item_reports(review_id=item.id)
        context["product_name"] = db.session.scalar(
            db.select(OrderLine.product_name).where(OrderLine.id == item.order_line_id)
        )
    elif isinstance(item, Store):
        context["events"] = moderation_queries.list_store_events(item.id)
        context["people"] = moderation_queries.list_store_people(item.id)
    else:
        context["stores"] = moderation_queries.list_user_stores(item.id)  # type: ignore[attr-defined]
    return render_template(
        "admin/moderation_item.html",
        kind=kind,
        target=target,
        item=item,
        history=moderation_queries.list_history(target, item_id),
        form=ReasonForm(),
        **context,
        **_labels(),
    )


_ACTIONS: dict[tuple[str, str], tuple[Callable[..., object], str]] = {
    ("produk", "sembunyikan"): (moderation.hide_product, _l("Produk disembunyikan.")),
    ("produk", "tampilkan"): (moderation.restore_product, _l("Penyembunyian produk dicabut.")),
    ("ulasan", "sembunyikan"): (moderation.hide_review, _l("Ulasan disembunyikan.")),
    ("ulasan", "tampilkan"): (moderation.restore_review, _l("Ulasan ditampilkan lagi.")),
    ("toko", "tangguhkan"): (moderation.suspend_store, _l("Toko ditangguhkan.")),
    ("toko", "aktifkan"): (
        moderation.unsuspend_store,
        _l("Penangguhan toko dicabut; toko kembali menjadi draf sampai pemiliknya menayangkannya."),
    ),
    ("pengguna", "tangguhkan"): (
        moderation.suspend_user,
        _l(
            "Akun ditangguhkan; semua sesinya sudah diakhiri. Toko yang hanya dimilikinya, bila "
            "ada, ikut ditangguhkan (lihat riwayat moderasi)."
        ),
    ),
    ("pengguna", "aktifkan"): (moderation.unsuspend_user, _l("Penangguhan akun dicabut.")),
}


@bp.post("/moderasi/<kind>/<int:item_id>/<action>")
@admin_required
def moderation_act(kind: str, item_id: int, action: str) -> Response:
    if (kind, action) not in _ACTIONS:
        abort(404)
    _target, item = _item(kind, item_id)
    service, success = _ACTIONS[(kind, action)]
    admin = current_user._get_current_object()
    _run_with_reason(lambda reason: service(item, admin=admin, reason=reason), success=str(success))
    return redirect(url_for("admin.moderation_item", kind=kind, item_id=item_id))
