"""Persian output of the commands whose codes used to leak through in English (issue 13): place
kinds, scenario edits, back-test rows, link ids, and the shipped scenarios' names and titles."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.messages import MESSAGES, display_name
from dalan.network import load_embedded_network
from dalan.network.model import PLACE_KINDS
from dalan.scenarios import load_scenario, shipped_names

runner = CliRunner(env={"COLUMNS": "240"})
#: Latin words Iranian practice writes in Latin inside Persian text.
LATIN_ALLOWED = {"TEU", "FEU", "CO", "e"}


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text)) - LATIN_ALLOWED


def test_every_place_kind_has_a_persian_name():
    for kind in PLACE_KINDS:
        assert display_name("place_kind", kind, "fa") != kind


def test_places_list_kinds_in_persian():
    result = runner.invoke(app, ["network", "places", "--lang", "fa"])
    assert result.exit_code == 0, result.output
    kinds_column = [line.split("│")[-2] for line in result.output.splitlines() if line.count("│") > 2]
    shown = " ".join(kinds_column)
    assert "گذرگاه مرزی" in shown and "پایانهٔ ریلی" in shown
    assert not latin_words(shown), latin_words(shown)


@pytest.mark.parametrize("name", shipped_names())
def test_shipped_scenarios_have_persian_names_and_titles(name):
    assert f"scenario.{name}" in MESSAGES, "no Persian display name"
    title = load_scenario(name).title("fa")
    assert not latin_words(title), title
    assert "مانند" not in title and "در سطح بهترین عملکرد" not in title  # the calques of issue 13


@pytest.mark.parametrize("name", shipped_names())
def test_scenario_show_in_persian_names_edits_by_their_places(name):
    result = runner.invoke(app, ["scenario", "show", name, "--lang", "fa"])
    assert result.exit_code == 0, result.output
    edits_table = result.output.split("ویرایش‌ها", 1)[1] if load_scenario(name).edits else ""
    for english in ("action", "target", "values", " set ", "status =", "speed_kmh", "'operational'"):
        assert english not in edits_table, english


def test_scenario_show_names_the_rasht_astara_link_by_its_ends():
    result = runner.invoke(app, ["scenario", "show", "rasht-astara", "--lang", "fa"])
    assert "آستارا – رشت" in result.output and "(L013)" in result.output
    assert "در بهره‌برداری" in result.output and "۱۵۲۰" in result.output and "۲۰۳۰" in result.output


def test_link_ids_with_persian_digits_are_accepted():
    network = load_embedded_network()
    link = network.links[12]
    persian = link.id.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    result = runner.invoke(app, ["network", "history", persian, "--lang", "fa"])
    assert result.exit_code == 0, result.output
    english = runner.invoke(app, ["network", "history", link.id, "--lang", "fa"])
    assert result.output.splitlines()[1:] == english.output.splitlines()[1:]


def test_backtest_rows_in_persian():
    result = runner.invoke(app, ["backtest", "--lang", "fa"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "زمان حمل (روز)" in out and "مشاهده" in out and "←" in out and "به تفکیک" in out
    for english in ("transit_days", "border_hours", "observation", "By corridor", "Not runnable", "rows:", "→"):
        assert english not in out, english


def test_a_sanction_rule_in_force_gives_its_date_in_persian_digits():
    result = runner.invoke(app, ["route", "Warsaw", "Tehran", "--date", "2025-01-01", "--lang", "fa"])
    assert result.exit_code == 0, result.output
    line = next(row for row in result.output.splitlines() if "قاعدهٔ تحریم نافذ" in row)
    assert "(۲۰۲۴-۱۱-۱۸)" in line and not re.search(r"\([0-9]{4}-[0-9]{2}-[0-9]{2}\)", line)
