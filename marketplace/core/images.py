"""Uploaded photos -> clean, upright, sRGB WebP renditions with content-addressed keys.

The only module that imports PIL. Pure functions over bytes: the caller stores the renditions
(see `marketplace.core.storage`) and keeps the digest and the widths on its model.
"""

from __future__ import annotations

import hashlib
import logging
import re
import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Literal

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps

from marketplace.core.errors import DomainError

log = logging.getLogger("marketplace.images")

RENDITION_WIDTHS = (320, 640, 1280)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a phone photo is 12-50 MP; past this it is a scan or an attack
RENDITION_CONTENT_TYPE = "image/webp"
DIGEST_LENGTH = 32  # hex characters of sha256: 128 bits, plenty to tell uploads apart

# Pillow's JPEG opener also returns MPO, which some phones write for an ordinary photo (extra
# frames for depth or previews): the first frame is the photo.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
WEBP_QUALITY = 80
WEBP_METHOD = 4
WEBP_MAX_SIDE = 16383  # libwebp refuses anything taller or wider

Reason = Literal["too_large", "too_many_pixels", "not_an_image", "unsupported_format", "truncated"]

_MESSAGES: dict[str, Any] = {
    "too_large": _l(
        "Berkas terlalu besar (maksimal %(mb)d MB).", mb=MAX_UPLOAD_BYTES // (1024 * 1024)
    ),
    "too_many_pixels": _l(
        "Gambar terlalu besar (maksimal %(mp)d megapiksel).", mp=MAX_PIXELS // 1_000_000
    ),
    "not_an_image": _l("Berkas bukan gambar yang dikenali. Unggah foto JPG, PNG atau WebP."),
    "unsupported_format": _l("Format gambar ini belum didukung. Unggah foto JPG, PNG atau WebP."),
    "truncated": _l("Gambar rusak atau terpotong. Coba unggah ulang."),
}

_PREFIX_RE = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*")
_DIGEST_RE = re.compile(rf"[0-9a-f]{{{DIGEST_LENGTH}}}")
# Pillow reports broken image data through any of these, depending on the format and where
# the damage is.
_BROKEN_DATA_ERRORS = (OSError, SyntaxError, EOFError, ValueError, struct.error)


class InvalidImage(DomainError):
    """An upload that cannot become product photos; `reason` says why (see `Reason`)."""

    code = "invalid_image"
    message: Any = _MESSAGES["not_an_image"]

    def __init__(self, message: Any | None = None, *, reason: Reason, **data: Any) -> None:
        self.reason = reason
        super().__init__(
            message if message is not None else _MESSAGES[reason], reason=reason, **data
        )


@dataclass(frozen=True)
class Rendition:
    """One WebP file of an upload at one width."""

    width: int
    height: int
    key: str
    data: bytes


@dataclass(frozen=True)
class ProcessedImage:
    """An upload's digest, its upright original size and its renditions (narrowest first)."""

    digest: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]


def process_image(data: bytes, *, prefix: str = "products") -> ProcessedImage:
    """Check, orient, strip and convert an upload into WebP renditions.

    Raises InvalidImage(reason=too_large|too_many_pixels|not_an_image|unsupported_format|
    truncated); ValueError for a malformed prefix.
    """
    _check_prefix(prefix)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidImage(reason="too_large", size=len(data))
    if not data:
        raise InvalidImage(reason="not_an_image")
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]

    # Our own MAX_PIXELS check below is the real guard (it is stricter than Pillow's limit).
    # Pillow's warning becomes an error here too, as a second line. catch_warnings is
    # process-wide before Python 3.14; a race between threads can only leave the filter
    # stricter or fall back to our check, never let a bomb through.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # Pillow warns about a seller's corrupt EXIF ("Corrupt EXIF data", "Truncated File
        # Read"); we drop EXIF anyway, so it is noise in the server log, not news.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        try:
            return _process(data, digest=digest, prefix=prefix)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise InvalidImage(reason="too_many_pixels") from exc


def rendition_keys(
    digest: str, widths: Iterable[int], *, prefix: str = "products"
) -> list[tuple[int, str]]:
    """(width, key) for each stored width of an upload, to rebuild URLs from a digest.

    Raises ValueError for a malformed digest, prefix or width.
    """
    _check_prefix(prefix)
    if not _DIGEST_RE.fullmatch(digest):
        raise ValueError(f"not an image digest: {digest!r}")
    pairs = []
    for width in widths:
        if width < 1:
            raise ValueError(f"not a rendition width: {width!r}")
        pairs.append((width, _rendition_key(prefix, digest, width)))
    return pairs


def make_placeholder_image(
    text: str, *, size: tuple[int, int] = (1280, 960), seed: int = 0
) -> bytes:
    """A JPEG of a soft two-colour gradient with `text` in the middle, for demo products.

    Deterministic: the same text, size and seed give the same bytes. Raises nothing.
    """
    width, height = size
    top, bottom = _PLACEHOLDER_COLOURS[seed % len(_PLACEHOLDER_COLOURS)]
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.BICUBIC)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)

    font = ImageFont.load_default(size=max(12, min(width, height) // 9))
    draw = ImageDraw.Draw(image)
    lines = _wrap(text, draw=draw, font=font, max_width=int(width * 0.85))
    centre = (width / 2, height / 2)
    spacing = max(4, height // 60)
    shadow = max(1, height // 300)
    block = "\n".join(lines)
    draw.multiline_text(
        (centre[0] + shadow, centre[1] + shadow),
        block,
        font=font,
        fill=(40, 40, 40),
        anchor="mm",
        align="center",
        spacing=spacing,
    )
    draw.multiline_text(
        centre, block, font=font, fill=(255, 255, 255), anchor="mm", align="center", spacing=spacing
    )
    out = BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


# -- the pipeline ------------------------------------------------------------------------------


def _process(data: bytes, *, digest: str, prefix: str) -> ProcessedImage:
    try:
        # Only the accepted formats' parsers ever see the bytes: the file name and the
        # client's content type are not consulted, and no other plugin runs on untrusted input.
        img = Image.open(BytesIO(data), formats=ACCEPTED_FORMATS)
    except _BROKEN_DATA_ERRORS as exc:  # UnidentifiedImageError is an OSError
        raise _unreadable(data) from exc

    # The header is parsed, no pixel is decoded yet: refuse bombs before they cost memory.
    if img.width * img.height > MAX_PIXELS:
        raise InvalidImage(reason="too_many_pixels", width=img.width, height=img.height)
    orientation = _orientation(img)
    width, height = (img.height, img.width) if orientation in (5, 6, 7, 8) else img.size
    widths = _plan_widths(width, height)

    if img.format in ("JPEG", "MPO"):
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the largest rendition allows:
        # a quarter of the memory and time for a phone photo, same result after Lanczos.
        scale = max(widths) / width
        img.draft(img.mode, (max(1, round(img.width * scale)), max(1, round(img.height * scale))))
    try:
        img.load()  # decode everything now, so a cut-off upload fails here and not later
    except _BROKEN_DATA_ERRORS as exc:
        raise InvalidImage(reason="truncated", format=img.format) from exc

    icc = img.info.get("icc_profile")
    source = _resizable(_upright(img, orientation))
    sizes = [(w, _scaled_height(height, w, width)) for w in widths]

    largest = _to_srgb(_resize(source, sizes[-1]), icc)
    if largest.mode == "RGBA" and largest.getchannel("A").getextrema() == (255, 255):
        largest = largest.convert("RGB")  # an opaque alpha channel only costs bytes
    renditions = []
    for size in sizes:
        pixels = _resize(largest, size)
        renditions.append(
            Rendition(
                width=pixels.width,
                height=pixels.height,
                key=_rendition_key(prefix, digest, pixels.width),
                data=_encode_webp(pixels),
            )
        )
    return ProcessedImage(digest=digest, width=width, height=height, renditions=tuple(renditions))


def _plan_widths(width: int, height: int) -> list[int]:
    widths = [w for w in RENDITION_WIDTHS if w <= width] or [width]
    fitting = [w for w in widths if _scaled_height(height, w, width) <= WEBP_MAX_SIDE]
    # A very long image (a product "infographic") can be too tall for WebP at every width.
    return fitting or [max(1, width * WEBP_MAX_SIDE // height)]


def _orientation(img: Image.Image) -> int:
    try:
        value = img.getexif().get(0x0112, 1)
    except _BROKEN_DATA_ERRORS:
        return 1  # broken EXIF is no reason to refuse a photo: show it as stored
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _upright(img: Image.Image, orientation: int) -> Image.Image:
    if orientation == 1:
        return img
    try:
        return ImageOps.exif_transpose(img)
    except _BROKEN_DATA_ERRORS:
        return img


def _has_alpha(mode: str) -> bool:
    return mode in ("RGBA", "RGBa", "LA", "La", "PA")


def _resizable(img: Image.Image) -> Image.Image:
    """The image in a mode Lanczos works on and the ICC profile still describes."""
    mode = img.mode
    if mode in ("RGB", "RGBA", "L", "LA", "CMYK"):
        if "transparency" in img.info and mode in ("RGB", "L"):
            return img.convert("RGBA")  # a PNG tRNS colour key
        return img
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in img.info
        return img.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return img.convert("L")
    if mode.startswith("I"):
        # 16-bit greyscale PNG: scale to 8 bits (a plain convert would clip at 255).
        return img.convert("I").point(lambda value: value / 257).convert("L")
    return img.convert("RGBA" if _has_alpha(mode) else "RGB")


def _resize(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    if size == img.size:
        return img
    # reducing_gap: box-reduce first, then Lanczos; indistinguishable and much faster.
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA in sRGB, carrying no metadata at all."""
    target = "RGBA" if _has_alpha(img.mode) else "RGB"
    converted = _apply_profile(img, icc, target) if icc else None
    if converted is None:
        converted = img.convert(target) if img.mode != target else img
    # A fresh image holds pixels only: no info dict, so no EXIF, XMP, ICC or comments.
    clean = Image.new(target, converted.size)
    clean.paste(converted)
    return clean


def _apply_profile(img: Image.Image, icc: bytes, target: str) -> Image.Image | None:
    try:
        profile = ImageCms.ImageCmsProfile(BytesIO(icc))
        if img.mode == "LA":  # LittleCMS has no grey-with-alpha: carry alpha across
            alpha = img.getchannel("A")
            rgb = ImageCms.profileToProfile(img.convert("L"), profile, _SRGB, outputMode="RGB")
            assert rgb is not None  # not in place
            rgb.putalpha(alpha)
            return rgb
        converted = ImageCms.profileToProfile(img, profile, _SRGB, outputMode=target)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        # A broken or mismatched profile (a grey profile on colour pixels) should not cost
        # the seller their photo: treat the pixels as sRGB, as browsers do.
        log.info("ignoring unusable ICC profile: %s", exc)
        return None
    return converted


def _encode_webp(img: Image.Image) -> bytes:
    out = BytesIO()
    img.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, exif=b"", icc_profile=None)
    return out.getvalue()


def _unreadable(data: bytes) -> InvalidImage:
    """Why Pillow could not open the bytes, judged from their first bytes only."""
    head = data[:512]
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        # An accepted format's signature with a broken header: most often an upload cut
        # short on a slow connection, so asking for another try is the useful answer.
        return InvalidImage(reason="truncated")
    other = _other_format(head)
    if other:
        return InvalidImage(reason="unsupported_format", format=other)
    return InvalidImage(reason="not_an_image")


def _other_format(head: bytes) -> str | None:
    """Name image formats we refuse, so the seller hears 'convert it' rather than 'not an image'."""
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"BM") and len(head) >= 18 and head[14] in (12, 40, 52, 56, 64, 108, 124):
        return "BMP"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIF"
        if brand in (b"avif", b"avis"):
            return "AVIF"
    if head.startswith((b"\x00\x00\x00\x0cjP  \r\n", b"\xff\x4f\xff\x51")):
        return "JPEG2000"
    if head.startswith(b"8BPS"):
        return "PSD"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (
        text.startswith(b"<?xml") and b"<svg" in text and b"<html" not in text
    ):
        return "SVG"
    return None


def _check_prefix(prefix: str) -> None:
    if not _PREFIX_RE.fullmatch(prefix):
        raise ValueError(f"not a key prefix: {prefix!r}")


def _rendition_key(prefix: str, digest: str, width: int) -> str:
    return f"{prefix}/{digest[:2]}/{digest}-{width}.webp"


def _scaled_height(height: int, width: int, original_width: int) -> int:
    return max(1, round(height * width / original_width))


def _wrap(text: str, *, draw: ImageDraw.ImageDraw, font: Any, max_width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

# (top, bottom) pairs: soft, warm colours that keep white text readable.
_PLACEHOLDER_COLOURS = (
    ((198, 120, 86), (120, 64, 52)),  # terracotta
    ((96, 140, 110), (44, 84, 70)),  # daun pisang
    ((88, 120, 168), (46, 62, 110)),  # indigo batik
    ((200, 156, 72), (132, 88, 40)),  # kunyit
    ((150, 104, 150), (84, 56, 96)),  # ubi ungu
    ((112, 132, 140), (58, 70, 80)),  # batu
)
