"""``dalan backtest`` through Typer's test runner: JSON, tables, the report, and clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from dalan.cli.app import app

runner = CliRunner(env={"COLUMNS": "200"})
SHIPPED = Path(__file__).parents[1] / "data" / "observations" / "calibration_queries.csv"


def test_json_smoke():
    result = runner.invoke(app, ["backtest", str(SHIPPED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["rows"]) == 219
    assert {r["status"] for r in data["rows"]} <= {"ok", "not_runnable", "not_mappable"}
    counts = data["summary"]["counts"]
    assert sum(counts.values()) == 219 and counts["not_mappable"] == 113
    assert all(r["reason"] for r in data["rows"] if r["status"] != "ok")


def test_tables_and_default_file():
    result = runner.invoke(app, ["backtest", "--time-band", "0.5"])
    assert result.exit_code == 0, result.output
    for text in ("Back-test", "±50 % time", "By corridor", "By metric", "By kind", "By year", "Median error (+: model higher)", "Not runnable", "median |error|"):
        assert text in result.output
    assert " †" in result.output and "read from CAREC CPMM's tables" in result.output  # the measured look-ups, told apart
    words = " ".join(result.output.split())
    assert "published transit times" in words and "published prices" in words and "fall inside the model's p10–p90" in words  # both spreads, judged
    assert "published figures that ask one of 3 questions another row asks too" in words  # the sources' own agreement


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_report(tmp_path, lang):
    out = tmp_path / f"bt_{lang}.html"
    result = runner.invoke(app, ["backtest", str(SHIPPED), "--report", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "<title>OBS-" in html and 'direction="ltr"' in html
    assert f'dir="{"rtl" if lang == "fa" else "ltr"}"' in html
    scenario = "red-sea-diversion" if lang == "en" else "دور زدن دریای سرخ"  # a row's scenario, by name in Persian
    assert "OBS-207" in html and scenario in html
    assert "CAREC CPMM" in html and " †" in html  # the measured look-ups, told apart
    spread = "p10–p90" if lang == "en" else "صدک ۱۰ تا ۹۰"
    assert spread in html and html.count('opacity="0.45"') >= 40  # each transit time's whisker, and the note
    year, signed = ("Summary by Year", "Median error (+: model higher)") if lang == "en" else ("خلاصه به تفکیک سال", "میانهٔ خطا (+: مدل بیشتر)")
    assert year in html and signed in html and (">2024<" if lang == "en" else ">۲۰۲۴<") in html


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_plots_are_svg_files_of_their_own(tmp_path, lang):
    """``--plots DIR``: the two charts as SVG files (namespace, XML declaration, white background);
    one dot per runnable row with a positive figure, one line per corridor."""
    out = tmp_path / "plots" / "new"  # created
    result = runner.invoke(app, ["backtest", str(SHIPPED), "--plots", str(out), "--lang", lang, "--json"])
    assert result.exit_code == 0, result.output
    ok = [r for r in json.loads(result.stdout)["rows"] if r["status"] == "ok"]
    svg = "{http://www.w3.org/2000/svg}"
    scatter = ElementTree.parse(out / "model_vs_published.svg").getroot()
    assert scatter.tag == f"{svg}svg" and scatter.find(f"{svg}rect").get("fill") == "#fff"
    dots = sorted((e.text or "").split()[0] for e in scatter.iter(f"{svg}title"))
    assert dots == sorted(r["id"] for r in ok if r["model_value"] > 0)
    errors = ElementTree.parse(out / "errors_by_corridor.svg").getroot()
    assert len(list(errors.iter(f"{svg}title"))) == sum(r["error"] is not None for r in ok)
    labels = {e.text for e in errors.iter(f"{svg}text")}
    persian_digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    count = sum(r["corridor"] == "SEA" for r in ok)
    sea = f"SEA ({count})" if lang == "en" else f"تمام دریایی ({str(count).translate(persian_digits)})"
    assert sea in labels
    assert (out / "model_vs_published.svg").read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_plots_into_a_file_fail_before_the_work(tmp_path):
    """A ``--plots`` folder that cannot be made (a file in the way) is one clear error, at once."""
    blocker = _write(tmp_path, "plots", "not a folder")
    result = runner.invoke(app, ["backtest", str(SHIPPED), "--plots", str(blocker)])
    assert result.exit_code == 2, result.output
    assert "cannot be written (a file is in the way where a folder is needed)" in result.output and str(blocker) in result.output and "Traceback" not in result.output
    assert "Back-test" not in result.output and blocker.read_text(encoding="utf-8") == "not a folder"


def test_csv_holds_every_row_as_the_json_does(tmp_path):
    """``--csv FILE``: one line per row of the file, the same figures as ``--json``."""
    import pandas as pd

    out = tmp_path / "rows.csv"
    result = runner.invoke(app, ["backtest", str(SHIPPED), "--csv", str(out), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)["rows"]}
    frame = pd.read_csv(out)
    assert list(frame["id"]) == list(rows) and len(frame) == 219
    ok = frame[frame["status"] == "ok"]
    assert len(ok) == 106
    for record in ok.itertuples():
        assert record.model_value == pytest.approx(rows[record.id]["model_value"], rel=1e-12)
        assert record.error == pytest.approx(rows[record.id]["error"], rel=1e-12, abs=1e-15)
    with out.open(encoding="utf-8", newline="") as handle:  # whole numbers as written, blank where missing (not 8.0)
        raw = list(csv.DictReader(handle))
    assert all(r[c] == "" or r[c].isdigit() for r in raw for c in ("line", "year", "month"))
    assert any(r["month"] for r in raw) and any(not r["year"] for r in raw)


@pytest.mark.parametrize("option", ["--csv", "--report"])
def test_an_output_file_that_is_a_folder_fails_before_the_work(tmp_path, option):
    result = runner.invoke(app, ["backtest", str(SHIPPED), option, str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "cannot be written (is a directory)" in result.output and "not of a folder" in result.output
    assert "Back-test" not in result.output and "Traceback" not in result.output


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["missing.csv"], "no such file"),
        (["binary.csv"], "binary.csv"),
        (["columns.csv"], "missing column(s)"),
        (["bad_number.csv"], "line 3: field 'value' = 'ten': is not a number"),
        (["--price-band", "-1"], "--price-band must be a finite number"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path, args, expected):
    header = SHIPPED.read_text(encoding="utf-8").splitlines()
    _write(tmp_path, "binary.csv", b"\x00\x01\x02PK\x03\x04")
    _write(tmp_path, "columns.csv", "id,metric,value\nA,transit_days,1\n")
    bad = header[0] + "\n" + header[1] + "\n" + header[2].replace(",8,,,2022,", ",ten,,,2022,") + "\n"
    _write(tmp_path, "bad_number.csv", bad)
    args = [str(tmp_path / a) if a.endswith(".csv") else a for a in args]
    result = runner.invoke(app, ["backtest", *args])
    assert result.exit_code == 2, result.output
    assert expected in result.output and "Traceback" not in result.output


def test_explain_prints_the_route_behind_a_figure():
    """``--explain ID``: the row's figures, its route leg by leg — the one whose hours make the
    model's figure — and what the figure counts of it; a border figure says it has no route."""
    result = runner.invoke(app, ["backtest", str(SHIPPED), "--explain", "OBS-180", "--explain", "OBS-073", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)["rows"]}
    assert [i for i, r in rows.items() if "itinerary" in r] == ["OBS-180"]  # the border figure has none
    it = rows["OBS-180"]["itinerary"]
    assert sum(leg["time_h"] for leg in it["legs"]) / 24 == pytest.approx(rows["OBS-180"]["model_value"])  # door to door
    assert {leg["mode"] for leg in it["legs"] if leg["kind"] == "move"} == {"road", "ferry"}  # a truck, as the row's legs say
    text = runner.invoke(app, ["backtest", str(SHIPPED), "--explain", "OBS-180", "--explain", "OBS-073"]).output
    assert "OBS-180 · transit_days · Zhengzhou → Baku (observation): published 14.0" in text
    assert "The figure counts the whole trip (as expected, queues included)." in text
    assert "No route to show: a figure of one place" in text
    persian = runner.invoke(app, ["backtest", str(SHIPPED), "--explain", "OBS-157", "--lang", "fa"]).output  # a schedule
    assert "طبق برنامه، بدون صف‌هایی که جداگانه شناخته‌اند" in persian and "شی‌آن" in persian


def test_explain_an_unknown_id_is_one_clear_error():
    result = runner.invoke(app, ["backtest", str(SHIPPED), "--explain", "OBS-9999"])
    assert result.exit_code == 2, result.output
    assert "calibration_queries.csv: --explain: field 'id' = 'OBS-9999': no row of the file has this id" in result.output
    assert "use an id from the file's id column (e.g. OBS-001" in result.output and "Traceback" not in result.output


COSTING = Path(__file__).parents[2] / "src" / "dalan" / "data" / "costing.toml"
#: a price and a time through Europe by rail, and a sea price under the Red Sea scenario
JUDGED = (
    "id,metric,origin,destination,via,leg_modes,modes,avoid,cargo,quantity,unit,scope,scenario,place,value,value_low,value_high,year,kind,mappable,mapping_note\n"
    "T-1,price_usd_per_feu,Tianjin,Prague,,,rail,,container,2,TEU,terminal-to-terminal,,,6000,,,2020,price,yes,a\n"
    "T-2,transit_days,Tianjin,Prague,,,rail,,container,1,TEU,terminal-to-terminal,,,16,,,2020,schedule,yes,b\n"
    "T-3,price_usd_per_feu,Shanghai,Rotterdam,,,sea,,container,2,TEU,terminal-to-terminal,red-sea-diversion,,5000,,,2024,price,yes,c\n"
)


def _figures(*args: str) -> dict[str, float]:
    result = runner.invoke(app, ["backtest", *args, "--json"])
    assert result.exit_code == 0, result.output
    return {r["id"]: r["model_value"] for r in json.loads(result.stdout)["rows"]}


def test_a_costing_file_is_judged_in_place_of_the_shipped_one(tmp_path):
    queries = _write(tmp_path, "judged.csv", JUDGED)
    shipped = _figures(str(queries))
    assert _figures(str(queries), "--costing", str(COSTING)) == shipped  # the shipped file: the same figures
    # the European railways' rate 40 % dearer: the Prague price rises, its time and the sea price do not
    text = COSTING.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith('"rail_rate_usd_per_teu_km.EU" = {'))
    value = line.split("value = ")[1].split(",")[0]
    dearer = _write(tmp_path, "dearer.toml", text.replace(line, line.replace(f"value = {value}", f"value = {1.4 * float(value)}", 1)))
    judged = _figures(str(queries), "--costing", str(dearer))
    assert judged["T-1"] > shipped["T-1"] + 300
    assert judged["T-2"] == shipped["T-2"] and judged["T-3"] == shipped["T-3"]
    # a scenario's own overrides still apply on top of the judged costing (the Cape routing's sea price)
    base = _write(tmp_path, "base.csv", JUDGED.replace("red-sea-diversion", ""))
    assert judged["T-3"] != _figures(str(base), "--costing", str(dearer))["T-3"]


def test_a_costing_file_that_is_missing_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["backtest", str(SHIPPED), "--costing", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2 and "nope.toml" in result.output and "Traceback" not in result.output
