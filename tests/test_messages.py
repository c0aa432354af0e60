"""The one message catalogue: every entry in both languages with the same placeholders, and errors
that reach users in Persian with Persian place names."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.errors import InputError, Problem, ScenarioError, UnknownPlaceError
from dalan.messages import MESSAGES, Text, placeholders, render

#: Entries whose Persian is rightly the same as the English (units Iranian practice writes in Latin).
SAME_IN_BOTH = {"teu", "of_total", "by_co2", "ui.csv_table", "error.lines", "problem.unknown_place_said"}


@pytest.mark.parametrize("message_id", sorted(MESSAGES))
def test_every_message_has_persian_with_the_same_placeholders(message_id: str) -> None:
    en, fa = MESSAGES[message_id]
    assert en.strip() and fa.strip(), f"{message_id}: a language is empty"
    assert placeholders(en) == placeholders(fa), f"{message_id}: placeholders differ"
    if message_id not in SAME_IN_BOTH and any(c.isalpha() for c in en):
        assert en != fa, f"{message_id}: Persian is a copy of the English"


def test_parameters_follow_the_language() -> None:
    places = (Text("IR_AST (Astara)", "IR_AST (آستارا)"), Text("AZ_AST (Astara)", "IR_AST (آستارا (جمهوری آذربایجان))"))
    assert render("error.unknown_place", "en", query="Astra", suggestions=places).endswith("IR_AST (Astara), AZ_AST (Astara)?")
    fa = render("error.unknown_place", "fa", query="Astra", suggestions=places)
    assert "آستارا" in fa and "،" in fa and "Astara" not in fa
    assert render("cli.places", "fa", count=12) == "۱۲ مکان"


def test_problems_are_told_in_both_languages() -> None:
    error = InputError([Problem.of("route", "quantity", "x", "not_a_number", "not_a_number"), Problem.of("route", "cargo", "y", "unknown_cargo", "choices", choices="bulk")])
    assert str(error) == error.message("en")
    assert "is not a number" in error.message("en") and "2 problem(s)" in error.message("en")
    fa = error.message("fa")
    assert "عدد نیست" in fa and "۲ اشکال" in fa and "problem" not in fa


def test_unknown_place_keeps_english_suggestions_for_callers() -> None:
    error = UnknownPlaceError("Astra", [Text("IR_AST (Astara)", "IR_AST (آستارا)")])
    assert error.suggestions == ("IR_AST (Astara)",)
    assert "آستارا" in error.message("fa")


@pytest.mark.parametrize(
    ("args", "persian"),
    [
        (["route", "Warsw", "تهران", "--lang", "fa"], "ورشو"),
        (["route", "ورشو", "تهران", "--quantity", "۶x", "--lang", "fa"], "عدد نیست"),
        (["route", "ورشو", "تهران", "--modes", "plane", "--lang", "fa"], "شیوهٔ حمل ناشناخته"),
        (["compare", "baseline", "nosuch", "--lang", "fa"], "سناریوی «nosuch» شناخته نشد"),
        (["route", "ورشو", "تهران", "--modes", "sea", "--lang", "fa"], "از ورشو به تهران فقط با شیوهٔ دریایی مسیری نیست؛ این محدودیت‌ها را کمتر کنید"),
    ],
)
def test_cli_errors_in_persian(args: list[str], persian: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "خطا:" in output.splitlines()[-1] or output.startswith("خطا:"), output
    assert persian in output
    assert "Traceback" not in output


def test_numbers_in_messages() -> None:
    assert render("web.timeout", "en", limit_s=2.0).startswith("the computation took longer than 2 s")
    assert "۲ ثانیه" in render("web.timeout", "fa", limit_s=2.0)
    assert "۲٫۵" in render("web.timeout", "fa", limit_s=2.5)


def test_records_and_fields_are_named_in_persian() -> None:
    problem = Problem.of("edit 2 (line 8)", "speed_kmh", -1, "negative", "above_zero", "x.toml")
    assert problem.text("en") == "x.toml: edit 2 (line 8): field 'speed_kmh' = -1: must not be negative (hint: give a number above 0)"
    fa = problem.text("fa")
    assert "ویرایش ۲ (سطر ۸)" in fa and "سرعت (کیلومتر در ساعت)" in fa and "«speed_kmh»" in fa and "edit" not in fa


def test_scenario_and_backtest_errors_are_told_in_persian() -> None:
    from dalan.scenarios.spec import parse_spec
    from dalan.validation.backtest import NotRunnable

    with pytest.raises(ScenarioError) as caught:
        parse_spec('name = "x"\n[costing]\nvoyage_border_h = -1\n', "x.toml")
    assert "must be from 0 to 8760" in caught.value.message("en")
    assert "باید از ۰ تا ۸۷۶۰ باشد" in caught.value.message("fa")
    assert NotRunnable("unit", "no_unit").message("fa") == "نه نوع بار داده شده است نه یکا"


def test_shipped_scenarios_give_their_sources_in_persian() -> None:
    from dalan.scenarios.registry import find_spec, shipped_names

    for name in shipped_names():
        spec = find_spec(name)
        assert spec.source_in("fa") != spec.source, name
