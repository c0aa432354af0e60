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


def diverging_colour(value: float, limit: float) -> str:
    """White at 0, deepening to red as ``value`` rises to ``limit`` and to green as it falls to
    ``-limit`` (clipped beyond): worse and better than a reference."""
    share = 0.0 if limit <= 0 else max(-1.0, min(1.0, value / limit))
    fade = round(255 - 150 * abs(share))
    if share >= 0:
        return f"#{255:02x}{fade:02x}{fade:02x}"
    return f"#{fade:02x}{round(255 - 80 * abs(share)):02x}{fade:02x}"


#: Background of a heat-map cell without a value: no route left, and no route either way.
HEAT_LOST, HEAT_EMPTY = "#3b3b3b", "#eeeeee"


def heatmap_html(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    texts: Sequence[Sequence[str]],
    tips: Sequence[Sequence[str]],
    *,
    corner: str = "",
    column_tips: Sequence[str] = (),
    lost: Sequence[Sequence[bool]] = (),
    caption: str = "",
) -> str:
    """A heat map as an HTML table (the browser shapes the text and its direction): one row per
    label, one coloured cell per column with its text and a hover tip. A ``None`` value is grey;
    where ``lost`` is true, dark (nothing left to measure). The colour scale is symmetric around 0,
    up to the largest magnitude shown."""
    finite = [abs(v) for row in values for v in row if v is not None]
    limit = max(finite, default=0.0)
    parts = ['<table class="dalan-table dalan-heat">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append(f'<thead><tr><th scope="col">{escape(corner)}</th>')
    for k, label in enumerate(column_labels):
        tip = f' title="{escape(column_tips[k])}"' if k < len(column_tips) else ""
        parts.append(f'<th scope="col"{tip}>{escape(label)}</th>')
    parts.append("</tr></thead><tbody>")
    for i, label in enumerate(row_labels):
        parts.append(f'<tr><th scope="row">{escape(label)}</th>')
        for j, value in enumerate(values[i]):
            dark = bool(lost and lost[i][j])
            background = HEAT_LOST if dark else HEAT_EMPTY if value is None else diverging_colour(value, limit)
            ink = "#ffffff" if dark else "#1f2a33"
            parts.append(
                f'<td class="num" style="background:{background};color:{ink}" title="{escape(tips[i][j])}">'
                f"{escape(texts[i][j])}</td>"
            )
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))
