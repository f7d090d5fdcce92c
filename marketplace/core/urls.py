"""Absolute links for mail and other messages that leave the site; the bounded id converter."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import IntegerConverter, Map


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute URL on PUBLIC_BASE_URL, never on the Host header a request claimed.

    Works without a request (CLI, jobs). A link built from the request's host would let anyone
    who can send a request with a forged Host get password-reset links pointing at their site.
    """
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` limited to the database's integer range: a larger id is simply not found
    (404), never an overflow in the database driver."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)
