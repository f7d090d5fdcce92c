"""Small charts drawn on the server as inline SVG: no JavaScript, no CDN, no inline style.

Each chart is 360 units wide (a phone's content width at 390 px, 1:1), scales with its container
(`width="100%"` plus a viewBox) and uses presentation attributes only, which the page's CSP
(`style-src 'self'`) allows. A chart is decoration for the table that follows it: the table
holds the exact figures; the SVG carries a <title> and <desc> for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

WIDTH = 360
BRAND = "#0b6e4f"
ACCENT = "#b45309"
MUTED = "#57534e"
LINE = "#d6d3d1"
SMALL_LABEL = "< 5"


def compact_rupiah(amount: int) -> str:
    """Short Rupiah for axis labels: 'Rp950 rb', 'Rp1,2 jt', 'Rp3,4 M'."""
    for bound, unit in ((1_000_000_000, "M"), (1_000_000, "jt"), (1_000, "rb")):
        if abs(amount) >= bound:
            value = amount / bound
            text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"
            return f"Rp{text.replace('.', ',')} {unit}"
    return f"Rp{amount}"


def _nice_max(value: int) -> int:
    """A round axis maximum at or above `value` (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
    power of ten)."""
    if value <= 0:
        return 1
    scale = 1
    while scale * 10 <= value:
        scale *= 10
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * scale >= value:
            return int(step * scale)
    return 10 * scale  # pragma: no cover


def _open(chart_id: str, height: int, title: str, desc: str) -> list[Markup]:
    return [
        Markup(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}"'
            ' width="100%" role="img" aria-labelledby="{id}-t {id}-d"'
            ' font-family="system-ui, -apple-system, Roboto, sans-serif">'
            '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>'
        ).format(w=WIDTH, h=height, id=chart_id, title=title, desc=desc)
    ]


def _svg(parts: list[Markup]) -> Markup:
    """Every part was built with Markup.format, which escapes its values."""
    return Markup("").join([*parts, Markup("</svg>")])


@dataclass(frozen=True)
class FunnelStep:
    """One bar of the funnel: its label and count (None: fewer than 5, not shown)."""

    label: str
    value: int | None


def funnel_chart(steps: Sequence[FunnelStep], *, chart_id: str, title: str) -> Markup:
    """Horizontal bars, one per step, each labelled with its count and share of the first."""
    row = 40
    height = row * len(steps) + 4
    first = steps[0].value if steps and steps[0].value else 0
    top = max([s.value or 0 for s in steps] + [1])
    desc = "; ".join(f"{s.label}: {SMALL_LABEL if s.value is None else s.value}" for s in steps)
    parts = _open(chart_id, height, title, desc)
    bar_width = WIDTH - 70
    for index, step in enumerate(steps):
        y = index * row
        if step.value is None:
            width, label = 0.0, SMALL_LABEL
        else:
            width = round(bar_width * step.value / top, 1)
            share = f" ({round(100 * step.value / first)}%)" if first and index else ""
            label = f"{step.value}{share}"
        parts.append(
            Markup(
                '<text x="0" y="{ty}" font-size="13" fill="#1c1917">{name}</text>'
                '<rect x="0" y="{by}" width="{track}" height="15" rx="3" fill="#f5f5f4"/>'
                '<rect x="0" y="{by}" width="{width}" height="15" rx="3" fill="{colour}"/>'
                '<text x="{right}" y="{vy}" font-size="12" text-anchor="end" fill="{muted}">'
                "{label}</text>"
            ).format(
                ty=y + 14,
                by=y + 19,
                vy=y + 31,
                track=bar_width,
                width=width,
                colour=BRAND,
                right=WIDTH,
                muted=MUTED,
                name=step.label,
                label=label,
            )
        )
    return _svg(parts)


@dataclass(frozen=True)
class MonthBar:
    """One month: its short label and omzet split into retail and wholesale (None: "< 5")."""

    label: str
    total: int | None
    wholesale: int | None = 0
    year: str = ""  # e.g. "'26": under the first bar and under each January


def monthly_chart(
    bars: Sequence[MonthBar], *, chart_id: str, title: str, legend: tuple[str, str]
) -> Markup:
    """Stacked columns per month (retail below, wholesale on top) with a Rupiah axis."""
    height, left, bottom, top_pad = 228, 52, 34, 24
    plot_h = height - bottom - top_pad
    plot_w = WIDTH - left - 4
    peak = _nice_max(max([b.total or 0 for b in bars] + [0]))
    desc = "; ".join(
        f"{b.label}: {SMALL_LABEL if b.total is None else compact_rupiah(b.total)}" for b in bars
    )
    parts = _open(chart_id, height, title, desc)
    parts.append(
        Markup(
            '<rect x="{x}" y="4" width="10" height="10" fill="{brand}"/>'
            '<text x="{tx}" y="13" font-size="11" fill="{muted}">{retail}</text>'
            '<rect x="{x2}" y="4" width="10" height="10" fill="{accent}"/>'
            '<text x="{tx2}" y="13" font-size="11" fill="{muted}">{wholesale}</text>'
        ).format(
            x=left,
            tx=left + 14,
            x2=left + 110,
            tx2=left + 124,
            brand=BRAND,
            accent=ACCENT,
            muted=MUTED,
            retail=legend[0],
            wholesale=legend[1],
        )
    )
    for fraction in (0, 0.5, 1):  # grid lines and axis labels
        y = round(top_pad + plot_h * (1 - fraction), 1)
        parts.append(
            Markup(
                '<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="{line}"'
                ' stroke-width="1"/><text x="{lx}" y="{ly}" font-size="10"'
                ' text-anchor="end" fill="{muted}">{label}</text>'
            ).format(
                left=left,
                right=WIDTH,
                y=y,
                line=LINE,
                lx=left - 4,
                ly=y + 4,
                muted=MUTED,
                label=compact_rupiah(int(peak * fraction)),
            )
        )
    slot = plot_w / max(len(bars), 1)
    bar_w = round(slot * 0.7, 1)
    base = top_pad + plot_h
    for index, bar in enumerate(bars):
        x = round(left + slot * index + (slot - bar_w) / 2, 1)
        centre = round(left + slot * index + slot / 2, 1)
        if bar.total is None:
            parts.append(
                Markup(
                    '<text x="{x}" y="{y}" font-size="9" text-anchor="middle" fill="{muted}">'
                    "{label}</text>"
                ).format(x=centre, y=base - 4, muted=MUTED, label=SMALL_LABEL)
            )
        elif bar.total > 0:
            total_h = plot_h * bar.total / peak
            wholesale_h = plot_h * min(bar.wholesale or 0, bar.total) / peak
            parts.append(
                Markup(
                    '<rect x="{x}" y="{ry}" width="{w}" height="{rh}" fill="{brand}"/>'
                    '<rect x="{x}" y="{wy}" width="{w}" height="{wh}" fill="{accent}"/>'
                ).format(
                    x=x,
                    w=bar_w,
                    ry=round(base - (total_h - wholesale_h), 1),
                    rh=round(total_h - wholesale_h, 1),
                    wy=round(base - total_h, 1),
                    wh=round(wholesale_h, 1),
                    brand=BRAND,
                    accent=ACCENT,
                )
            )
        parts.append(
            Markup(
                '<text x="{x}" y="{y}" font-size="10" text-anchor="middle" fill="{muted}">'
                "{label}</text>"
                '<text x="{x}" y="{yy}" font-size="10" text-anchor="middle" fill="{muted}">'
                "{year}</text>"
            ).format(
                x=centre, y=height - 18, yy=height - 4, muted=MUTED, label=bar.label, year=bar.year
            )
        )
    return _svg(parts)
