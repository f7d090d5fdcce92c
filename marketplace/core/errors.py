"""Domain errors and the HTTP error pages (HTML in both languages, JSON under /api/)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError as SQLAlchemyDataError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("marketplace.errors")


class DomainError(Exception):
    """A business rule said no. Carries a stable `code`, a user-facing message and data."""

    code = "domain_error"
    message: Any = _l("Permintaan tidak dapat diproses.")

    def __init__(self, message: Any | None = None, **data: Any) -> None:
        if message is not None:
            self.message = message
        self.data = data
        super().__init__(str(self.message))


CSRF_TEXT = _l("Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.")

ERROR_TEXT = {
    400: (_l("Permintaan tidak valid"), _l("Ada yang salah dengan permintaan Anda. Coba lagi.")),
    403: (
        _l("Akses ditolak"),
        _l("Anda tidak memiliki izin untuk membuka halaman ini."),
    ),
    404: (
        _l("Halaman tidak ditemukan"),
        _l("Halaman yang Anda cari tidak ada atau sudah dipindahkan."),
    ),
    405: (_l("Metode tidak diizinkan"), _l("Permintaan ini tidak didukung di alamat ini.")),
    409: (
        _l("Permintaan tidak dapat diproses"),
        _l("Permintaan bertentangan dengan keadaan data saat ini. Tidak ada yang berubah."),
    ),
    413: (
        _l("Berkas terlalu besar"),
        _l("Berkas yang Anda kirim melebihi batas ukuran. Perkecil lalu coba lagi."),
    ),
    429: (
        _l("Terlalu banyak permintaan"),
        _l("Anda mengirim terlalu banyak permintaan. Tunggu sebentar lalu coba lagi."),
    ),
    500: (
        _l("Terjadi kesalahan"),
        _l("Maaf, terjadi kesalahan di server kami. Tidak ada data yang berubah. Coba lagi nanti."),
    ),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(status: int, description: str | None = None) -> tuple[Response | str, int]:
    """Render the error page (or JSON body under /api/) for an HTTP status."""
    title, default_text = ERROR_TEXT.get(status, ERROR_TEXT[500])
    text = description or str(default_text)
    if _wants_json():
        return jsonify(error={"status": status, "title": str(title), "message": text}), status
    return render_template("errors/error.html", status=status, title=title, text=text), status


def register_error_handlers(app: Flask) -> None:
    """Friendly error pages for every HTTP error; an uncaught exception becomes a 500 page."""

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException) -> Any:
        # Descriptions from Werkzeug and extensions are English ("10 per 1 hour"): show our
        # translated text instead. A view with something specific to say uses flash or a
        # DomainError, not abort(description=...).
        return render_error(exc.code or 500)

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError) -> Any:
        # Usually a form left open too long or a stale tab, rarely an attack: say what to do.
        return render_error(400, str(CSRF_TEXT))

    @app.errorhandler(OverflowError)
    @app.errorhandler(SQLAlchemyDataError)
    def handle_out_of_range(exc: Exception) -> Any:
        # A number in a query string or form too large for the database (an id or page of 30
        # digits): bad input, not a server error. Nothing was written.
        from marketplace.extensions import db

        db.session.rollback()
        log.info("out-of-range value in request: %s", type(exc).__name__)
        return render_error(400)

    @app.errorhandler(InternalServerError)
    def handle_500(exc: InternalServerError) -> Any:
        from marketplace.extensions import db, login_manager

        try:
            db.session.rollback()
        except Exception:  # the database itself may be what failed
            log.warning("rollback failed while handling a server error")
        if _wants_json():
            return render_error(500)
        try:
            current_user.is_authenticated  # noqa: B018 (loads the user, which may fail)
        except Exception:
            # Every template gets current_user; render this page as for a visitor.
            g._login_user = login_manager.anonymous_user()
        # A page that needs neither the database nor the logged-in user.
        title, text = ERROR_TEXT[500]
        return render_template("errors/plain.html", status=500, title=title, text=text), 500


def register_domain_error_handler(app: Flask) -> None:
    """A DomainError that no view turned into a form error: roll back and say why."""

    @app.errorhandler(DomainError)
    def handle_domain(exc: DomainError) -> Any:
        from marketplace.extensions import db

        db.session.rollback()
        return render_error(409, str(exc.message))
