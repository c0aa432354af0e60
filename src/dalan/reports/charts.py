"""Small inline-SVG charts (no JavaScript, no external files) for offline reports, in English or
Persian; in Persian the bar chart is mirrored (labels on the right, bars growing leftwards)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from dalan.reports.i18n import check_lang, format_number, format_percent, isolate
from dalan.reports.svg import MIRRORED, svg_open, svg_text, text_width_px


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
    height: int = 400,
) -> str:
    """A scatter plot: one numbered dot per item (``labels`` are the tooltips), coloured by
    ``colour_by``, with a colour legend above the plot."""
    check_lang(lang)
    y_ticks_text = [format_number(v, lang) for v in (min(y), max(y))]
    left = 30 + max(text_width_px(s) for s in y_ticks_text)
    right, top, bottom = 24, 36, 50
    x0, x1 = min(x), max(x)
    y0, y1 = min(y), max(y)
    pad_x, pad_y = (x1 - x0) * 0.08 or 1.0, (y1 - y0) * 0.08 or 1.0
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y
    c0, c1 = min(colour_by), max(colour_by)

    def px(v: float) -> float:
        return left + (v - x0) / (x1 - x0) * (width - left - right)

    def py(v: float) -> float:
        return height - bottom - (v - y0) / (y1 - y0) * (height - top - bottom)

    mid_y = (top + height - bottom) / 2
    parts = [
        svg_open(width, height, f"{y_label} / {x_label}"),
        f'<rect x="{left:.1f}" y="{top}" width="{width - left - right:.1f}" height="{height - top - bottom}" fill="#fafafa" stroke="#999"/>',
    ]
    parts += [svg_text(px(v), height - bottom + 22, format_number(v, lang, 1), "middle") for v in _ticks(x0, x1)]
    parts += [svg_text(left - 6, py(v) + 4, format_number(v, lang), "end") for v in _ticks(y0, y1)]
    parts.append(svg_text((left + width - right) / 2, height - 6, x_label, "middle", css_class="dalan-axis-title"))
    parts.append(svg_text(14, mid_y, y_label, "middle", f' transform="rotate(-90 14 {mid_y:.1f})"', css_class="dalan-axis-title"))
    for k, (xi, yi, ci, label) in enumerate(zip(x, y, colour_by, labels, strict=True), start=1):
        parts.append(
            f'<g><title>{escape(label)}</title><circle cx="{px(xi):.1f}" cy="{py(yi):.1f}" r="7" '
            f'fill="{_colour(ci, c0, c1)}" stroke="#333"/>'
            + svg_text(px(xi) + 9, py(yi) - 8, format_number(k, lang), css_class="dalan-point-label")
            + "</g>"
        )
    legend = f"{isolate(colour_label, lang)}: {isolate(f'{format_number(c0, lang, 2)} … {format_number(c1, lang, 2)}', lang)}"
    parts.append(
        f'<circle cx="{left + 6:.1f}" cy="{top - 18}" r="5" fill="{_colour(c0, c0, c1)}"/>'
        f'<circle cx="{left + 20:.1f}" cy="{top - 18}" r="5" fill="{_colour(c1, c0, c1)}"/>'
        + svg_text(left + 32, top - 14, legend, css_class="dalan-legend")
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
    """Horizontal grouped bars: one group per category, one bar per series, each with its value;
    a legend line per series above, ``value_label`` below. Mirrored in Persian."""
    rtl = check_lang(lang) == "fa"
    bar_h, gap = 14, 10
    shown = {
        name: [format_percent(v, lang) if percent else format_number(v, lang, 1) for v in values]
        for name, values in series.items()
    }
    label_w = max((text_width_px(c) for c in categories), default=40.0)
    value_w = max((text_width_px(s) for texts in shown.values() for s in texts), default=40.0)
    inner, outer = 12 + label_w, 8 + value_w  # category labels on the inner side, values on the outer
    top = 10 + 18 * len(series)
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(categories) + (28 if value_label else 8)
    top_value = max((v for values in series.values() for v in values), default=1.0) or 1.0
    scale = max(width - inner - outer, 60) / top_value

    def sx(x: float) -> float:
        """Screen x of a distance ``x`` from the inner edge (mirrored in Persian)."""
        return width - x if rtl else x

    def anchor(a: str) -> str:
        return MIRRORED[a] if rtl else a

    def box(x_from: float, length: float) -> str:
        return f'x="{min(sx(x_from), sx(x_from + length)):.1f}" width="{length:.1f}"'

    parts = [svg_open(width, height, value_label)]
    for k, name in enumerate(series):
        colour = colours[k % len(colours)]
        parts.append(
            f'<rect {box(inner, 12)} y="{4 + 18 * k}" height="12" fill="{colour}"/>'
            + svg_text(sx(inner + 18), 14 + 18 * k, name, anchor("start"), css_class="dalan-legend")
        )
    for i, category in enumerate(categories):
        y = top + i * group_h
        parts.append(svg_text(sx(inner - 8), y + group_h / 2, category, anchor("end"), css_class="dalan-category"))
        for k, (name, values) in enumerate(series.items()):
            length = max(values[i] * scale, 0.5)
            text = shown[name][i]
            parts.append(
                f"<g><title>{escape(name)}: {escape(text)}</title>"
                f'<rect class="dalan-bar" {box(inner, length)} y="{y + k * bar_h}" height="{bar_h - 2}" '
                f'fill="{colours[k % len(colours)]}"/>'
                + svg_text(sx(inner + length + 4), y + k * bar_h + bar_h - 4, text, anchor("start"), css_class="dalan-value")
                + "</g>"
            )
    if value_label:
        parts.append(svg_text(sx(inner), height - 8, value_label, anchor("start"), css_class="dalan-axis-title"))
    parts.append("</svg>")
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
