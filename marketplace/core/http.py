"""Small request helpers for views."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from werkzeug.wrappers import Response


def safe_next_url(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def whatsapp_link(number: str | None, text: str) -> str | None:
    """A wa.me link that opens a chat with `number` (+62...) and a prefilled message."""
    if not number:
        return None
    return f"https://wa.me/{number.lstrip('+')}?text={quote(text)}"


def private_file(data: bytes, mimetype: str, *, download_name: str | None = None) -> Response:
    """A private file (proof, document, refund photo) for the one person allowed to see it:
    never cached by the browser or a proxy; shown inline unless a download name is given."""
    disposition = f'attachment; filename="{download_name}"' if download_name else "inline"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Cache-Control": "private, no-store", "Content-Disposition": disposition},
    )
