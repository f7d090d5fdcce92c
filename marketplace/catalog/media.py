"""URLs of product photo renditions, from the digest and widths stored with each photo."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, url_for

from marketplace.core.images import RENDITION_WIDTHS, rendition_keys


def _widths(widths: Iterable[int] | None) -> list[int]:
    return sorted(widths) if widths else list(RENDITION_WIDTHS)


def image_key(digest: str, width: int, prefix: str = "products") -> str:
    """The storage key of one rendition."""
    return rendition_keys(digest, [width], prefix=prefix)[0][1]


def image_src(
    digest: str,
    widths: Iterable[int] | None = None,
    target: int = 640,
    prefix: str = "products",
) -> str:
    """The smallest rendition at least `target` px wide (or the largest there is)."""
    return url_for("catalog.media", key=rendition_key(digest, widths, target, prefix))


def rendition_key(
    digest: str,
    widths: Iterable[int] | None = None,
    target: int = 640,
    prefix: str = "products",
) -> str:
    """Storage key of the smallest rendition at least `target` px wide (or the largest)."""
    available = _widths(widths)
    width = min((w for w in available if w >= target), default=max(available))
    return image_key(digest, width, prefix)


def image_srcset(digest: str, widths: Iterable[int] | None = None, prefix: str = "products") -> str:
    """A srcset listing every rendition, so a phone on 3G fetches the small one."""
    return ", ".join(
        f"{url_for('catalog.media', key=key)} {w}w"
        for w, key in rendition_keys(digest, _widths(widths), prefix=prefix)
    )


def register_image_helpers(app: Flask) -> None:
    """Make image_src and image_srcset available in templates."""
    app.jinja_env.globals.update(image_src=image_src, image_srcset=image_srcset)
