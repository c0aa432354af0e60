"""Small inline-SVG charts (no JavaScript, no external files) for offline reports."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from dalan.reports.i18n import format_number


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        return [low]
    step = (high - low) / (count - 1)
    return [low + i * step for i in range(count)]


def _colour(value: float, low: float, high: float) -> str:
    """Green (low) → amber → red (high)."""
    share = 0.0 if high <= low else (value - low) / (high - low)
    red = round(40 + 200 * share)
    green = round(170 - 110 * share)
    return f"#{red:02x}{green:02x}50"


def scatter_svg(
    x: Sequence[float],
    y: Sequence[float],
    colour_by: Sequence[float],
    labels: Sequence[str],
    *,
    x_label: str,
    y_label: str,
    colour_label: str,
    lang: str = "en",
    width: int = 640,
    height: int = 380,
) -> str:
    """A scatter plot: one numbered dot per item, coloured by ``colour_by``, with a legend line."""
    left, right, top, bottom = 70, 20, 20, 50
    x0, x1 = min(x), max(x)
    y0, y1 = min(y), max(y)
    pad_x, pad_y = (x1 - x0) * 0.08 or 1.0, (y1 - y0) * 0.08 or 1.0
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y
    c0, c1 = min(colour_by), max(colour_by)

    def px(v: float) -> float:
        return left + (v - x0) / (x1 - x0) * (width - left - right)

    def py(v: float) -> float:
        return height - bottom - (v - y0) / (y1 - y0) * (height - top - bottom)

    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" dir="ltr" font-size="12">']
    parts.append(f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" fill="#fafafa" stroke="#999"/>')
    for t in _ticks(x0, x1):
        parts.append(f'<text x="{px(t):.1f}" y="{height - bottom + 16}" text-anchor="middle">{format_number(t, lang, 1)}</text>')
    for t in _ticks(y0, y1):
        parts.append(f'<text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{format_number(t, lang)}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 10}" text-anchor="middle">{escape(x_label)}</text>')
    parts.append(f'<text x="14" y="{(top + height - bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 {(top + height - bottom) / 2})">{escape(y_label)}</text>')
    for xi, yi, ci, label in zip(x, y, colour_by, labels, strict=True):
        parts.append(
            f'<g><title>{escape(label)}</title><circle cx="{px(xi):.1f}" cy="{py(yi):.1f}" r="7" '
            f'fill="{_colour(ci, c0, c1)}" stroke="#333"/>'
            f'<text x="{px(xi) + 9:.1f}" y="{py(yi) - 8:.1f}">{escape(label.split(":")[0])}</text></g>'
        )
    parts.append(
        f'<text x="{width - right}" y="{top + 14}" text-anchor="end">{escape(colour_label)}: '
        f'{format_number(c0, lang, 2)} <tspan fill="{_colour(c0, c0, c1)}">●</tspan> … '
        f'<tspan fill="{_colour(c1, c0, c1)}">●</tspan> {format_number(c1, lang, 2)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def bars_svg(
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    value_label: str,
    lang: str = "en",
    colours: Sequence[str] = ("#1f77b4", "#ff7f0e", "#2ca02c"),
    percent: bool = True,
    width: int = 640,
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series, with values."""
    bar_h, gap, left, right, top = 14, 10, 150, 80, 30
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(categories) + 20
    top_value = max((v for values in series.values() for v in values), default=1.0) or 1.0
    scale = (width - left - right) / top_value
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" dir="ltr" font-size="12">']
    for k, name in enumerate(series):
        parts.append(
            f'<rect x="{left + k * 160}" y="6" width="12" height="12" fill="{colours[k % len(colours)]}"/>'
            f'<text x="{left + k * 160 + 16}" y="16">{escape(name)}</text>'
        )
    for i, category in enumerate(categories):
        y = top + i * group_h
        parts.append(f'<text x="{left - 8}" y="{y + group_h / 2:.1f}" text-anchor="end">{escape(category)}</text>')
        for k, (name, values) in enumerate(series.items()):
            v = values[i]
            shown = format_number(100 * v, lang, 1) + " %" if percent else format_number(v, lang, 1)
            parts.append(
                f'<g><title>{escape(name)}: {shown}</title>'
                f'<rect x="{left}" y="{y + k * bar_h}" width="{max(v * scale, 0.5):.1f}" height="{bar_h - 2}" '
                f'fill="{colours[k % len(colours)]}"/>'
                f'<text x="{left + max(v * scale, 0.5) + 4:.1f}" y="{y + k * bar_h + bar_h - 4}">{shown}</text></g>'
            )
    parts.append(f'<text x="{width - right}" y="{height - 4}" text-anchor="end">{escape(value_label)}</text></svg>')
    return Markup("".join(parts))
