"""Time the upload pipeline on phone-size photos and print the figures.

    .venv/bin/python benchmarks/images.py
    BENCH_PHOTOS=50 .venv/bin/python benchmarks/images.py

The photos are made in memory: 4032x3024 JPEGs (a 12 MP phone camera) with an EXIF
orientation, of gradients blended with noise at several scales, so that they compress like
real photos at every rendition width (plain per-pixel noise averages away to flat grey when
shrunk). Not a test: it asserts nothing, it prints.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marketplace.core.images import process_image

PHOTO_SIZE = (4032, 3024)
ORIENTATIONS = (1, 6, 8, 3)  # upright, the two sideways holds, upside down


def noise(scale: int, sigma: float) -> Image.Image:
    """Grey noise at 1/scale resolution, enlarged: detail that survives downscaling."""
    small = Image.effect_noise((PHOTO_SIZE[0] // scale, PHOTO_SIZE[1] // scale), sigma)
    return small.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)


def make_photo(index: int) -> bytes:
    """A 12 MP JPEG at phone quality with an EXIF orientation, textured at several scales."""
    gradient = Image.linear_gradient("L").resize(PHOTO_SIZE)
    coarse, medium = noise(48, 60), noise(6, 40 + index % 5 * 4)
    fine = Image.effect_noise(PHOTO_SIZE, 12)  # sensor grain
    red = Image.blend(Image.blend(gradient, coarse, 0.5), medium, 0.3)
    green = Image.blend(
        Image.blend(gradient.transpose(Image.Transpose.ROTATE_180), medium, 0.4), coarse, 0.3
    )
    blue = Image.blend(coarse, medium, 0.5)
    photo = Image.blend(
        Image.merge("RGB", (red, green, blue)), Image.merge("RGB", (fine, fine, fine)), 0.12
    )
    exif = photo.getexif()
    exif[0x0112] = ORIENTATIONS[index % len(ORIENTATIONS)]
    exif[0x010F] = "Benchmark Phone"  # Make
    out = BytesIO()
    photo.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    count = int(os.environ.get("BENCH_PHOTOS", "20"))
    print(f"Making {count} photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} in memory...")
    photos = [make_photo(i) for i in range(count)]

    process_image(photos[0])  # warm up: plugin imports, first allocations
    timings, results = [], []
    started = time.perf_counter()
    for data in photos:
        t0 = time.perf_counter()
        results.append(process_image(data))
        timings.append(time.perf_counter() - t0)
    total = time.perf_counter() - started

    bytes_in = sum(len(data) for data in photos)
    bytes_out = sum(len(r.data) for result in results for r in result.renditions)
    print(f"\nprocess_image over {count} photos")
    print(f"  total            {total:8.2f} s")
    print(f"  per photo median {statistics.median(timings) * 1000:8.0f} ms")
    print(f"  per photo p95    {percentile(timings, 0.95) * 1000:8.0f} ms")
    print(f"  per photo max    {max(timings) * 1000:8.0f} ms")
    print(f"  bytes in         {bytes_in / 1e6:8.1f} MB ({bytes_in // count / 1e6:.2f} MB a photo)")
    print(f"  bytes out        {bytes_out / 1e6:8.1f} MB ({bytes_out / bytes_in:.1%} of in)")

    first = results[0]
    size_in = f"{len(photos[0]) / 1e6:.2f} MB in"
    print(f"\nRenditions of one photo ({size_in}, {first.width}x{first.height})")
    for rendition in first.renditions:
        size = f"{rendition.width}x{rendition.height}"
        print(f"  {size:>10}  {len(rendition.data) / 1024:8.1f} KB  {rendition.key}")
    sideways = results[1]
    print(f"\nA sideways photo (Orientation 6) comes out {sideways.width}x{sideways.height}")


if __name__ == "__main__":
    main()
