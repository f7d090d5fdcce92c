"""Invoices as PDF files: the print view's HTML laid out on A4 by WeasyPrint.

The only module that imports weasyprint (lazily: the import costs about half a second and needs
Pango, so pages that never make a PDF never pay for it). Stylesheets and images are read from the
app's static/ folder on disk; every other URL (network, file:, data:) is refused, so a PDF never
waits on the network nor reads a file outside static/.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app
from werkzeug.security import safe_join

DEFAULT_BASE_URL = "http://localhost/"

# WeasyPrint warns about CSS it does not apply (our screen-only rules: every PDF would log them)
# and logs an error for a resource it could not load: keep the errors only.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class StaticOnly(LookupError):
    """A URL the PDF renderer may not fetch (anything but a file under static/)."""


def static_file_for(url: str, *, static_base: str, static_folder: str) -> Path:
    """The file under `static_folder` that `url` names, if `url` lies under `static_base`."""
    base = urlsplit(static_base)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise StaticOnly(url)
    if not parts.path.startswith(base.path):
        raise StaticOnly(url)
    relative = unquote(parts.path[len(base.path) :])
    joined = safe_join(static_folder, relative) if relative else None
    if joined is None or not Path(joined).is_file():
        raise StaticOnly(url)
    return Path(joined)


def static_fetcher(*, base_url: str = DEFAULT_BASE_URL) -> Any:
    """A WeasyPrint URL fetcher that serves the app's static/ files from disk for the page at
    `base_url` and refuses every other URL (nothing is fetched over the network)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    app = current_app
    static_base = base_url.rstrip("/") + "/" + (app.static_url_path or "").strip("/") + "/"
    static_folder = app.static_folder or ""

    class StaticFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = static_file_for(url, static_base=static_base, static_folder=static_folder)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": mime_type})

    return StaticFetcher()


def render_pdf(html: str, *, base_url: str = DEFAULT_BASE_URL) -> bytes:
    """The A4 PDF of `html`, a page of this app whose relative URLs resolve against `base_url`
    (the request's URL root); its stylesheets come from static/ on disk."""
    from weasyprint import HTML

    document = HTML(
        string=html,
        base_url=base_url,
        url_fetcher=static_fetcher(base_url=base_url),
        media_type="print",
    )
    return document.write_pdf()


def download_name(invoice_number: str) -> str:
    """The file name of an invoice's PDF: its number with slashes (and anything odd) as dashes."""
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in invoice_number) + ".pdf"
