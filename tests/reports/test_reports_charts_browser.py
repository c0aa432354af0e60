"""Draw every kind of report chart in Chromium, in English and Persian, and measure it: no text
leaves its SVG, no value label lies on a bar, no two labels overlap, Persian charts use Persian
digits (skipped without Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from browser_support import CHROMIUM

from dalan.reports.charts import bars_svg, scatter_svg
from dalan.reports.page import render_page_html, write_report
from dalan.reports.simulation_page import histogram_svg, line_chart_svg

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")

CATEGORIES = {
    "en": ["INSTC West", "INSTC East", "Middle Corridor", "Persian Gulf – Black Sea", "All sea"],
    "fa": ["کریدور شمال–جنوب (غربی)", "کریدور شمال–جنوب (شرقی)", "کریدور میانی", "خلیج فارس – دریای سیاه", "تمام دریایی"],
}
SERIES = {"en": ("A: baseline", "B: rasht-astara"), "fa": ("الف: وضع موجود", "ب: راه‌آهن رشت–آستارا")}
TITLE = {"en": "Corridor share (logit over alternatives)", "fa": "سهم کریدور (لوجیت بر گزینه‌ها)"}

MEASURE = """() => Array.from(document.querySelectorAll('svg.dalan-chart')).map(svg => {
  const box = svg.getBoundingClientRect();
  const rect = r => ({x0: r.left, x1: r.right, y0: r.top, y1: r.bottom});
  return {
    svg: rect(box),
    texts: Array.from(svg.querySelectorAll('text')).map(t => ({
      cls: t.getAttribute('class') || '', text: t.textContent, ...rect(t.getBoundingClientRect())})),
    bars: Array.from(svg.querySelectorAll('rect.dalan-bar')).map(r => rect(r.getBoundingClientRect())),
  };
})"""


def _charts(lang: str) -> list[str]:
    shares_a = [0.116, 0.031, 0.078, 0.041, 0.668]
    shares_b = [0.161, 0.005, 0.069, 0.047, 0.651]
    rng = np.random.default_rng(3)
    return [
        bars_svg(CATEGORIES[lang], dict(zip(SERIES[lang], (shares_a, shares_b), strict=True)), value_label=TITLE[lang], lang=lang),
        bars_svg(CATEGORIES[lang], {TITLE[lang]: shares_b}, value_label="", lang=lang),
        scatter_svg(
            [24.9, 26.1, 28.3, 29.0, 31.0, 31.5, 32.2], [4200, 3950, 7100, 6950, 4400, 3800, 3650], [3.5, 3.4, 2.9, 2.8, 1.9, 1.8, 1.7],
            [f"route {k}" for k in range(1, 8)], x_label="days", y_label="USD", colour_label="t CO₂e", lang=lang,
        ),
        line_chart_svg(np.arange(90.0), 40 + 40 * np.sin(np.arange(90.0) / 5), title=" ".join(CATEGORIES[lang] * 2), x_label="day", lang=lang),
        histogram_svg(rng.normal(10.0, 1.5, 400), title=CATEGORIES[lang][3], x_label="days", lang=lang),
    ]


def _overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > slack and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > slack


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_chart_text_stays_inside_and_off_the_bars(lang: str, browser, tmp_path: Path) -> None:
    page_path = write_report(tmp_path / f"charts_{lang}.html", render_page_html(_charts(lang), title="charts", lang=lang))
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(page_path.as_uri())
    page.evaluate("document.fonts.ready")
    charts = page.evaluate(MEASURE)
    page.close()
    assert len(charts) == 5
    for k, chart in enumerate(charts):
        svg, texts = chart["svg"], chart["texts"]
        assert texts, f"chart {k} has no text"
        for text in texts:
            inside = text["x0"] >= svg["x0"] - 1 and text["x1"] <= svg["x1"] + 1 and text["y0"] >= svg["y0"] - 1 and text["y1"] <= svg["y1"] + 1
            assert inside, f"chart {k}: {text['text']!r} is clipped by its SVG ({text} vs {svg})"
        for value in (t for t in texts if "dalan-value" in t["cls"]):
            hits = [bar for bar in chart["bars"] if _overlap(value, bar)]
            assert not hits, f"chart {k}: value {value['text']!r} lies on a bar"
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                assert not _overlap(a, b, slack=1.0), f"chart {k}: {a['text']!r} overlaps {b['text']!r}"
        if lang == "fa":
            latin_digits = [t["text"] for t in texts if re.search("[0-9]", t["text"])]
            assert not latin_digits, f"chart {k}: Latin digits in Persian chart text {latin_digits}"
