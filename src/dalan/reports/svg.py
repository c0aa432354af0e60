"""SVG building blocks of the report charts that draw the same in left-to-right and right-to-left
pages: an opening tag that fixes the chart's own direction, and text placed in *screen* terms.

Inside a ``dir="rtl"`` page an SVG inherits ``direction: rtl``, which flips what ``text-anchor``
means; a chart therefore sets its direction explicitly, and each label with Persian letters or
digits is laid out right to left with its anchor mirrored, so that it lands where it is meant to.
"""

from __future__ import annotations

from markupsafe import escape

#: Screen anchor → the ``text-anchor`` value that gives it for right-to-left text.
_RTL_ANCHOR = {"start": "end", "end": "start", "middle": "middle"}
#: Screen anchor of a label mirrored left ↔ right.
MIRRORED = _RTL_ANCHOR


def is_rtl(text: str) -> bool:
    """True when ``text`` holds Arabic-script letters or digits (it is then laid out right to left)."""
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


#: A generous estimate of one character's advance at the charts' 11–12 px font, for sizing.
CHAR_PX = 7.0


def text_width_px(text: str) -> float:
    """A generous estimate of ``text``'s width in pixels (bidi marks take no room)."""
    return CHAR_PX * sum(1 for ch in text if ch not in "\u2066\u2067\u2068\u2069\u200e\u200f\u200c")


def fitted(text: str, width_px: float) -> str:
    """``text`` cut with «…» so that it fits in ``width_px``."""
    if text_width_px(text) <= width_px:
        return text
    keep = max(int(width_px / CHAR_PX) - 1, 1)
    return text[:keep].rstrip() + "…"


def svg_open(width: float, height: float, label: str = "", font_size: int = 12) -> str:
    """The opening ``<svg>`` tag: left to right whatever the page's direction, with an accessible label."""
    aria = f' role="img" aria-label="{escape(label)}"' if label else ""
    return (
        f'<svg class="dalan-chart" viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" dir="ltr" '
        f'direction="ltr" style="direction:ltr" font-size="{font_size}"{aria}>'
    )


def standalone_svg(chart: str) -> str:
    """A report chart (``svg_open`` … ``</svg>``) as an SVG file of its own: the XML declaration,
    the SVG namespace, a sans-serif font and a white background (it stays readable on a dark
    viewer)."""
    chart = str(chart)  # a Markup would escape what is added to it
    head = '<svg class="dalan-chart" '
    if not chart.startswith(head):
        raise ValueError("not a chart opened by svg_open")
    tag_end = chart.index(">") + 1
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + '<svg xmlns="http://www.w3.org/2000/svg" font-family="Vazirmatn, Tahoma, DejaVu Sans, Arial, sans-serif" '
        + chart[len(head) : tag_end]
        + '<rect width="100%" height="100%" fill="#fff"/>'
        + chart[tag_end:]
        + "\n"
    )


def svg_text(x: float, y: float, content: str, anchor: str = "start", extra: str = "", *, css_class: str = "") -> str:
    """A text at (x, y) anchored in screen terms: ``start`` puts its left edge at x, ``end`` its right
    edge, ``middle`` its centre — for Latin and Persian text alike. ``extra`` holds further
    attributes (e.g. a transform); ``css_class`` tags the text for tests and styling."""
    rtl = is_rtl(content)
    direction = ' direction="rtl"' if rtl else ""
    anchor = _RTL_ANCHOR[anchor] if rtl else anchor
    cls = f' class="{css_class}"' if css_class else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{direction}{cls}{extra}>{escape(content)}</text>'


__all__ = ["CHAR_PX", "MIRRORED", "fitted", "is_rtl", "svg_open", "svg_text", "text_width_px"]
