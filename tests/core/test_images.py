"""The upload pipeline: refusals, orientation, metadata stripping, colour, renditions, keys.

Every fixture image is made here with Pillow; no binary files are committed.
"""

from __future__ import annotations

import hashlib
import struct
import time
import warnings
import zlib
from io import BytesIO

import pytest
from PIL import Image, ImageCms

from marketplace.core.images import (
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    InvalidImage,
    ProcessedImage,
    make_placeholder_image,
    process_image,
    rendition_keys,
)

# -- builders ----------------------------------------------------------------------------------


def encode(img: Image.Image, fmt: str, **params) -> bytes:
    out = BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def photo(size: tuple[int, int] = (800, 600), *, mode: str = "RGB") -> Image.Image:
    """Noisy content, so that JPEG data is spread over the whole file like a real photo."""
    noise = Image.effect_noise(size, 48).convert(mode)
    gradient = Image.linear_gradient("L").resize(size).convert(mode)
    return Image.blend(noise, gradient, 0.5)


def png_with_declared_size(width: int, height: int) -> bytes:
    """A small valid PNG whose IHDR then claims another size (CRC fixed): a lying header."""
    data = bytearray(encode(Image.new("1", (8, 8)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def linear_srgb_profile() -> bytes:
    """sRGB primaries with a linear tone curve: a real, non-sRGB profile that moves greys."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", profile[128:132])
    for i in range(count):
        signature, offset, size = struct.unpack(">4sII", profile[132 + 12 * i : 144 + 12 * i])
        if signature in (b"rTRC", b"gTRC", b"bTRC"):
            gamma_one = b"para" + bytes(4) + struct.pack(">HHi", 0, 0, 1 << 16)
            profile[offset : offset + size] = gamma_one.ljust(size, b"\0")
    return bytes(profile)


def webp_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a WebP (RIFF) file, to see exactly what metadata it carries."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, offset = [], 12
    while offset + 8 <= len(data):
        fourcc, size = (
            data[offset : offset + 4],
            struct.unpack("<I", data[offset + 4 : offset + 8])[0],
        )
        chunks.append(fourcc)
        offset += 8 + size + (size & 1)
    return chunks


def decode(data: bytes) -> Image.Image:
    img = Image.open(BytesIO(data))
    img.load()
    return img


def reason_of(data: bytes) -> str:
    with pytest.raises(InvalidImage) as caught:
        process_image(data)
    assert caught.value.code == "invalid_image"
    return caught.value.data["reason"]


# -- refusals ----------------------------------------------------------------------------------


def test_a_real_decompression_bomb_is_refused_without_decoding_its_pixels():
    # given a 48-megapixel single-colour PNG that compresses to a few kilobytes
    bomb = encode(Image.new("1", (8000, 6000)), "PNG", optimize=True)
    assert len(bomb) < 10_000
    assert MAX_PIXELS < 8000 * 6000
    # and the same bomb cut in half: decoding it would fail as "truncated"
    half_bomb = bomb[: len(bomb) // 2]

    # when it is processed
    started = time.perf_counter()
    reasons = [reason_of(bomb), reason_of(half_bomb)]
    elapsed = time.perf_counter() - started

    # then both are refused from the header alone, quickly
    assert reasons == ["too_many_pixels", "too_many_pixels"]
    assert elapsed < 1.0


@pytest.mark.parametrize("size", [(10_000, 10_000), (20_000, 20_000), (65_535, 65_535)])
def test_headers_past_pillows_own_limits_are_too_many_pixels(size):
    # given PNGs claiming 100 MP (Pillow warns), 400 MP and 4 GP (Pillow raises)
    data = png_with_declared_size(*size)
    limit_before = Image.MAX_IMAGE_PIXELS
    filters_before = list(warnings.filters)

    # when processed, then refused, and Pillow's global limit and the warning filters are
    # left as they were
    assert reason_of(data) == "too_many_pixels"
    assert limit_before == Image.MAX_IMAGE_PIXELS
    assert warnings.filters == filters_before


def test_bytes_over_the_limit_are_too_large_before_anything_is_parsed():
    # given a JPEG signature followed by more bytes than allowed
    data = b"\xff\xd8\xff" + bytes(MAX_UPLOAD_BYTES)

    with pytest.raises(InvalidImage) as caught:
        process_image(data)

    assert caught.value.data == {"reason": "too_large", "size": MAX_UPLOAD_BYTES + 3}
    assert str(caught.value.message) == "Berkas terlalu besar (maksimal 10 MB)."


def test_an_html_page_named_png_is_not_an_image(tmp_path):
    # given an HTML document saved under a .png name
    path = tmp_path / "produk.png"
    path.write_text("<!doctype html><html><body><script>alert(1)</script></body></html>")

    assert reason_of(path.read_bytes()) == "not_an_image"


@pytest.mark.parametrize("data", [b"", b"\x00" * 64, b"hello, this is text"])
def test_empty_or_random_bytes_are_not_an_image(data):
    assert reason_of(data) == "not_an_image"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_unsupported_not_unknown(fmt):
    # given a valid image in a format we do not accept
    data = encode(photo((64, 48)), fmt)

    with pytest.raises(InvalidImage) as caught:
        process_image(data)

    # then the seller is told to convert it, and the format is named for the logs
    assert caught.value.data == {"reason": "unsupported_format", "format": fmt}
    assert "JPG, PNG atau WebP" in str(caught.value.message)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_upload_cut_in_half_is_truncated(fmt):
    # given a photo whose upload stopped half way
    data = encode(photo(), fmt)
    cut = data[: len(data) // 2]

    # when processed, then it is refused as truncated, not processed with a grey half
    assert reason_of(cut) == "truncated"
    assert isinstance(process_image(data), ProcessedImage)  # the whole file is fine


def test_each_refusal_has_an_indonesian_message():
    expected = {
        "too_large": "Berkas terlalu besar (maksimal 10 MB).",
        "too_many_pixels": "Gambar terlalu besar (maksimal 40 megapiksel).",
        "not_an_image": "Berkas bukan gambar yang dikenali. Unggah foto JPG, PNG atau WebP.",
        "unsupported_format": "Format gambar ini belum didukung. Unggah foto JPG, PNG atau WebP.",
        "truncated": "Gambar rusak atau terpotong. Coba unggah ulang.",
    }

    messages = {reason: str(InvalidImage(reason=reason).message) for reason in expected}

    assert messages == expected
    assert InvalidImage(reason="truncated").reason == "truncated"


# -- format from bytes, orientation, metadata --------------------------------------------------


def test_a_png_named_jpg_is_processed_as_png(tmp_path):
    # given a PNG saved under a .jpg name
    path = tmp_path / "foto.jpg"
    path.write_bytes(encode(Image.new("RGB", (400, 300), (10, 120, 200)), "PNG"))

    result = process_image(path.read_bytes())

    # then it is processed, and the renditions are WebP with the same colour
    (rendition,) = result.renditions
    out = decode(rendition.data)
    assert out.format == "WEBP"
    assert out.getpixel((100, 100)) == pytest.approx((10, 120, 200), abs=4)


def test_exif_orientation_is_applied_and_all_metadata_including_gps_is_dropped():
    # given an 800x600 JPEG stored sideways (Orientation 6: turn 90° clockwise to display),
    # with a red block in its stored top-left corner, GPS coordinates, XMP and a comment
    img = Image.new("RGB", (800, 600), (230, 230, 230))
    img.paste((220, 0, 0), (0, 0, 200, 150))
    exif = img.getexif()
    exif[0x0112] = 6
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (6.0, 12.0, 30.0), 3: "E", 4: (106.0, 49.0, 10.0)})
    gps[0x001C] = b"ASCII\x00\x00\x00Rumah Bu Sari, Gang Melati"  # GPSAreaInformation
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>6,12S</exif:GPSLatitude>'
    data = encode(img, "JPEG", exif=exif, xmp=xmp + b"</x:xmpmeta>", comment=b"Rumah Bu Sari")
    assert b"Rumah Bu Sari" in data and b"GPSLatitude" in data

    result = process_image(data)

    # then the photo is upright: 600x800, so 320x427, and the red block is now top right
    assert (result.width, result.height) == (600, 800)
    (rendition,) = result.renditions
    assert (rendition.width, rendition.height) == (320, 427)
    out = decode(rendition.data)
    assert out.size == (320, 427)
    assert out.getpixel((300, 20))[0] > 180 and out.getpixel((300, 20))[1] < 60
    assert out.getpixel((20, 20)) == pytest.approx((230, 230, 230), abs=6)
    # and nothing of the metadata survives
    assert len(out.getexif()) == 0
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(out.info)
    assert set(webp_chunks(rendition.data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    for marker in (b"Exif", b"GPS", b"Rumah Bu Sari", b"xmpmeta"):
        assert marker not in rendition.data


def test_corrupt_exif_neither_refuses_the_photo_nor_warns():
    # given a JPEG whose EXIF block is cut short, as some editing apps leave it
    img = Image.new("RGB", (400, 300), (0, 150, 0))
    exif = img.getexif()
    exif[0x0112] = 6
    exif[0x010F] = "Kamera " * 20
    data = encode(img, "JPEG", exif=exif.tobytes()[:60])

    # when processed with every warning turned into an error
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = process_image(data)

    # then the photo comes through, turned by the Orientation entry that is still intact
    assert [(r.width, r.height) for r in result.renditions] == [(300, 400)]


def test_a_phone_mpo_is_treated_as_its_first_jpeg_frame():
    # given an MPO (a JPEG with an extra frame, as some phones write)
    first, second = Image.new("RGB", (400, 300), (200, 0, 0)), Image.new("RGB", (400, 300), "blue")
    data = encode(first, "MPO", save_all=True, append_images=[second])
    assert Image.open(BytesIO(data)).format == "MPO"

    (rendition,) = process_image(data).renditions

    assert decode(rendition.data).getpixel((10, 10)) == pytest.approx((200, 0, 0), abs=8)


# -- colour ------------------------------------------------------------------------------------


def test_a_cmyk_jpeg_becomes_rgb():
    # given a CMYK JPEG of pure red ink
    data = encode(Image.new("CMYK", (400, 300), (0, 255, 255, 0)), "JPEG")

    (rendition,) = process_image(data).renditions

    out = decode(rendition.data)
    assert out.mode == "RGB"
    assert out.getpixel((50, 50)) == pytest.approx((255, 0, 0), abs=10)


def test_an_embedded_profile_is_converted_to_srgb_and_not_kept():
    # given mid-grey pixels tagged with a linear-light profile, and the same tagged sRGB
    grey = Image.new("RGB", (400, 300), (128, 128, 128))
    linear = encode(grey, "PNG", icc_profile=linear_srgb_profile())
    srgb = encode(
        grey, "PNG", icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    )

    from_linear = process_image(linear).renditions[0].data
    from_srgb = process_image(srgb).renditions[0].data

    # then linear 0.5 is shown as sRGB ~188, sRGB stays 128, and no profile is embedded
    assert decode(from_linear).getpixel((10, 10)) == pytest.approx((188, 188, 188), abs=3)
    assert decode(from_srgb).getpixel((10, 10)) == pytest.approx((128, 128, 128), abs=3)
    for data in (from_linear, from_srgb):
        assert "icc_profile" not in decode(data).info
        assert b"ICCP" not in webp_chunks(data)


def test_a_broken_profile_does_not_cost_the_seller_their_photo():
    data = encode(Image.new("RGB", (400, 300), (90, 160, 30)), "PNG", icc_profile=b"not a profile")

    (rendition,) = process_image(data).renditions

    assert decode(rendition.data).getpixel((10, 10)) == pytest.approx((90, 160, 30), abs=4)


def test_an_rgba_png_keeps_its_transparency():
    # given a logo: opaque blue disc area on a transparent background
    logo = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    logo.paste((20, 60, 200, 255), (100, 50, 300, 250))

    (rendition,) = process_image(encode(logo, "PNG")).renditions

    out = decode(rendition.data)
    assert out.mode == "RGBA"
    assert b"ALPH" in webp_chunks(rendition.data)
    assert out.getpixel((5, 5))[3] == 0
    assert out.getpixel((160, 120))[3] == 255


def test_a_palette_png_with_a_transparent_colour_keeps_transparency_and_opaque_rgba_drops_it():
    palette = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    palette.paste((250, 200, 0, 255), (0, 0, 200, 300))
    palette = palette.convert("P")  # Pillow keeps the transparent entry as info["transparency"]
    opaque = Image.new("RGBA", (400, 300), (40, 40, 40, 255))

    from_palette = decode(process_image(encode(palette, "PNG")).renditions[0].data)
    from_opaque = decode(process_image(encode(opaque, "PNG")).renditions[0].data)

    assert from_palette.mode == "RGBA"
    assert from_palette.getpixel((300, 150))[3] == 0
    assert from_opaque.mode == "RGB"  # an alpha channel with nothing transparent only costs bytes


def test_a_16_bit_greyscale_png_is_scaled_not_clipped():
    # given a 16-bit grey of 50% (128 * 257)
    data = encode(Image.new("I;16", (400, 300), 128 * 257), "PNG")

    out = decode(process_image(data).renditions[0].data)

    assert out.getpixel((10, 10)) == pytest.approx((128, 128, 128), abs=3)


# -- renditions and keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((4000, 3000), [(320, 240), (640, 480), (1280, 960)]),
        ((500, 400), [(320, 256)]),
        ((200, 100), [(200, 100)]),
        ((1280, 720), [(320, 180), (640, 360), (1280, 720)]),
    ],
)
def test_renditions_at_each_width_no_wider_than_the_original(size, expected):
    data = encode(photo(size), "JPEG", quality=85)

    result = process_image(data)

    assert (result.width, result.height) == size
    assert [(r.width, r.height) for r in result.renditions] == expected
    assert [decode(r.data).size for r in result.renditions] == expected
    assert all(decode(r.data).format == "WEBP" for r in result.renditions)


def test_an_image_too_tall_for_webp_keeps_only_the_widths_that_fit():
    # given a long "infographic": 640 wide would be 16400 tall, past WebP's 16383
    data = encode(Image.new("L", (640, 16400), 200), "PNG")

    result = process_image(data)

    assert [(r.width, r.height) for r in result.renditions] == [(320, 8200)]


def test_keys_are_content_addressed_from_the_uploaded_bytes():
    # given two uploads of the same bytes and one of different bytes
    data = encode(photo((700, 500)), "JPEG")
    other = encode(photo((700, 500)), "JPEG", quality=60)

    first, again, different = process_image(data), process_image(data), process_image(other)

    digest = hashlib.sha256(data).hexdigest()[:32]
    assert first.digest == again.digest == digest
    assert [r.key for r in first.renditions] == [r.key for r in again.renditions]
    assert first.renditions[0].key == f"products/{digest[:2]}/{digest}-320.webp"
    assert different.digest != first.digest
    assert process_image(data, prefix="stores").renditions[0].key.startswith("stores/")


def test_rendition_keys_rebuild_the_keys_from_a_stored_digest():
    result = process_image(encode(photo((1400, 1000)), "JPEG"), prefix="stores")

    keys = rendition_keys(result.digest, [r.width for r in result.renditions], prefix="stores")

    assert keys == [(r.width, r.key) for r in result.renditions]


@pytest.mark.parametrize(
    ("digest", "prefix"),
    [("../../etc", "products"), ("ab" * 16, "../private"), ("ab" * 16, "Products"), ("", "x")],
)
def test_rendition_keys_refuse_what_could_not_be_a_key(digest, prefix):
    with pytest.raises(ValueError):
        rendition_keys(digest, [320], prefix=prefix)


def test_process_image_refuses_a_prefix_that_could_escape():
    with pytest.raises(ValueError):
        process_image(encode(photo((100, 100)), "PNG"), prefix="../private")


# -- placeholders ------------------------------------------------------------------------------


def test_placeholder_images_are_deterministic_jpegs_that_the_pipeline_accepts():
    first = make_placeholder_image("Keripik Tempe Malang", seed=3)
    again = make_placeholder_image("Keripik Tempe Malang", seed=3)
    other_seed = make_placeholder_image("Keripik Tempe Malang", seed=4)
    no_text = make_placeholder_image("", seed=3)

    assert first == again
    assert first != other_seed
    img = decode(first)
    assert (img.format, img.size) == ("JPEG", (1280, 960))
    # the text is drawn: the middle is far from the plain gradient
    centre = (340, 430, 940, 530)
    difference = sum(
        abs(a - b)
        for a, b in zip(
            img.crop(centre).tobytes(), decode(no_text).crop(centre).tobytes(), strict=True
        )
    )
    assert difference > 1_000_000
    assert len(process_image(first).renditions) == 3


def test_placeholder_images_take_a_size():
    img = decode(make_placeholder_image("Batik Tulis", size=(600, 400)))

    assert img.size == (600, 400)
