"""Every command in Persian (issue 13): ``--lang`` on every command and on ``dalan`` itself, and the
command line's own errors (Click's and Typer's) from the catalogue, never in English under
``--lang fa`` or ``DALAN_LANG=fa``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.cli.help_lang import argument_key
from dalan.messages import MESSAGES
from dalan.reports.i18n import format_scientific

runner = CliRunner(env={"COLUMNS": "240", "DALAN_LANG": None})
persian_env = CliRunner(env={"COLUMNS": "240", "DALAN_LANG": "fa"})
#: Latin that Iranian practice writes in Latin inside Persian text.
LATIN_ALLOWED = {"TEU", "FEU", "CO", "e", "dalan"}
TNTP = Path(__file__).resolve().parents[1] / "data" / "tntp" / "SiouxFalls"


def _leaves() -> dict[str, object]:
    """``"network info"`` -> the click command of every command that runs (not a group)."""
    group = typer.main.get_command(app)
    ctx = group.make_context("dalan", [], resilient_parsing=True)
    found: dict[str, object] = {}

    def walk(command, path: str) -> None:
        names = command.list_commands(ctx) if hasattr(command, "list_commands") else None
        if names is None:
            found[path] = command
        for name in names or ():
            walk(command.get_command(ctx, name), f"{path} {name}".strip())

    walk(group, "")
    return found


LEAVES = _leaves()


def latin_words(output: str, allowed: set[str]) -> set[str]:
    """Latin words in ``output`` other than options (``--by``), ``allowed`` and :data:`LATIN_ALLOWED`."""
    without_options = re.sub(r"(?<![\w-])-{1,2}[A-Za-z][\w-]*", " ", output)
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", without_options)) - allowed - LATIN_ALLOWED


def _choices(command) -> set[str]:
    return {str(getattr(c, "value", c)) for p in command.params for c in (p.type_descriptor.choices or ())
            if p.type_descriptor.is_choice}  # fmt: skip


def test_every_command_takes_lang_and_every_argument_has_a_persian_name():
    assert len(LEAVES) >= 20 and {"route", "tntp", "network info", "network validate", "scenario validate", "serve"} <= set(LEAVES)
    for path, command in LEAVES.items():
        names = {p.name for p in command.params}
        assert "lang" in names, f"dalan {path} has no --lang"
        for param in command.params:
            if param.param_type_name == "argument":
                assert argument_key(param.name) in MESSAGES, f"dalan {path}: no Persian name for {param.name}"


def _parse_errors(path: str, command) -> list[list[str]]:
    """Command lines of ``dalan PATH`` that Click or Typer refuse before the command runs."""
    args = [p for p in command.params if p.param_type_name == "argument"]
    given = ["X"] * len(args)
    lines = [[*given, "--bogus"], [*given, "--lan", "fa"], [*given, "--lang", "fa", "--lang"], [*given, "X", "X", "X"]]
    if any(p.required for p in args):
        lines.append([])
    for param in command.params:
        if param.param_type_name != "option":
            continue
        descriptor = param.type_descriptor
        if descriptor.is_choice and param.name != "lang":
            lines.append([*given, param.opts[0], "zz"])
        elif descriptor.annotation in (int, float):
            lines.append([*given, param.opts[0], "x"])
            if param.min is not None:
                lines.append([*given, param.opts[0], str(param.min - 1)])
        elif getattr(param, "is_flag", False):
            lines.append([*given, f"{param.opts[0]}=1"])
    return [path.split() + line for line in lines]


@pytest.mark.parametrize("path", sorted(LEAVES))
def test_no_parse_error_reaches_the_user_in_english(path):
    """Every kind of refusal of every command, with ``--lang fa`` and with ``DALAN_LANG=fa``: exit 2,
    a Persian error panel, and no Latin word but options, the user's own words and the choices."""
    command = LEAVES[path]
    allowed = {*path.split(), "X", "x", "zz", "bogus", "lan", "fa", *_choices(command)}
    for line in _parse_errors(path, command):
        for cli, args in ((runner, [*line, "--lang", "fa"] if line[-1] != "--lang" else ["--lang", "fa", *line]),
                          (persian_env, line)):  # fmt: skip
            result = cli.invoke(app, args)
            assert result.exit_code == 2, (args, result.output)
            assert "خطا" in result.output and "Traceback" not in result.output, (args, result.output)
            english = latin_words(result.output, allowed)
            assert not english, (args, english, result.output)


@pytest.mark.parametrize(
    "args, persian",
    [
        (["route", "Warsaw", "Tehran", "--alternatives", "-3"], "مقدار «-3» برای «\u200e--alternatives\u200e» پذیرفتنی نیست: باید دست‌کم ۱ باشد"),
        (["route", "Warsaw", "Tehran", "--alternatives", "x"], "عدد صحیح نیست"),
        (["route", "Warsaw", "Tehran", "--by", "x"], "یکی از این‌ها را بدهید: time، cost، co2، generalized"),
        (["route", "Warsaw", "Tehran", "--bogus"], "گزینهٔ «\u200e--bogus\u200e» وجود ندارد"),
        (["route", "Warsaw", "Tehran", "--alt", "3"], "منظورتان این است:"),
        (["route", "Warsaw"], "آرگومان «مقصد» داده نشده است"),
        (["route", "Warsaw", "Tehran", "extra"], "آرگومان اضافی داده شده است: extra"),
        (["bogus"], "فرمان «bogus» وجود ندارد"),
        (["network", "bogus"], "فرمان «bogus» وجود ندارد"),
        (["route", "Warsaw", "Tehran", "--pareto=3"], "مقداری نمی‌گیرد"),
        (["serve", "--port", "0"], "باید دست‌کم ۱ باشد"),
    ],
)
def test_each_click_error_in_persian(args, persian):
    result = runner.invoke(app, [*args, "--lang", "fa"])
    assert result.exit_code == 2 and persian in result.output, result.output
    assert "روش استفاده" in result.output or "--pareto" in args[-1]


def test_english_parse_errors_come_from_the_catalogue_too():
    result = runner.invoke(app, ["route", "Warsaw", "--bogus"])
    assert result.exit_code == 2 and "no such option: '--bogus'" in result.output
    assert not re.search("[\u0600-\u06ff]", result.output)


def test_lang_before_the_command_is_passed_down():
    before = runner.invoke(app, ["--lang", "fa", "scenario", "validate", "rasht-astara"])
    after = runner.invoke(app, ["scenario", "validate", "rasht-astara", "--lang", "fa"])
    assert before.exit_code == 0 and before.output == after.output and "معتبر است" in before.output
    own = runner.invoke(app, ["--lang", "fa", "scenario", "validate", "rasht-astara", "--lang", "en"])
    assert own.exit_code == 0 and own.output.startswith("valid: rasht-astara")
    assert runner.invoke(app, ["scenario", "validate", "rasht-astara"]).output == own.output


def test_network_and_scenario_commands_in_persian(tmp_path):
    for args in (["network", "info"], ["scenario", "validate", "rasht-astara"], ["network", "validate"]):
        result = runner.invoke(app, [*args, "--lang", "fa"])
        assert result.exit_code in (0, 2), result.output
        assert not latin_words(result.output, set()), (args, result.output)
    info = runner.invoke(app, ["network", "info", "--lang", "fa"]).output
    assert "مکان‌ها به تفکیک کشور" in info and "ایران" in info and "۱۵۲۰" in info and "ریلی" in info


def test_tntp_summary_in_persian(tmp_path):
    out = tmp_path / "flows.csv"
    args = ["tntp", str(TNTP / "SiouxFalls_net.tntp"), str(TNTP / "SiouxFalls_trips.tntp"), "--gap", "1e-3",
            "--flows-out", str(out), "--lang", "fa"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    shown = result.output.replace(str(out), "")
    assert "همگرا شد" in shown and "فرانک–وولف دومزدوج" in shown and "تابع هدف بکمن" in shown
    assert not latin_words(shown, set()), shown
    missing = runner.invoke(app, [*args[:2], str(tmp_path / "none.tntp"), "--lang", "fa"])
    assert missing.exit_code == 2 and "خطا:" in missing.output


def test_persian_help_has_persian_types_ranges_and_usage():
    result = persian_env.invoke(app, ["route", "--help"])
    assert result.exit_code == 0
    assert "[دست‌کم ۱]" in result.output and "<عدد صحیح>" in result.output and "{مبدأ} {مقصد}" in result.output
    assert "[گزینه‌ها]" in result.output
    for english in ("x>=", "<int", "<str>", "<path>", "<bool>", "[OPTIONS]", "list["):
        assert english not in result.output, english
    assert "[۱ تا ۶۵۵۳۵]" in persian_env.invoke(app, ["serve", "--help"]).output
    group = persian_env.invoke(app, ["network", "--help"]).output
    assert "فرمان [آرگومان‌ها]..." in group and "COMMAND" not in group


@pytest.mark.parametrize(
    "x, spec, fa",
    [(1.234e-5, ".3e", "۱٫۲۳۴×۱۰^−۵"), (-2.5, ".4g", "−۲٫۵"), (4231361.741, ".10g", "۴۲۳۱۳۶۱٫۷۴۱"), (float("nan"), ".3e", "–")],
)
def test_format_scientific(x, spec, fa):
    assert format_scientific(x, "fa", spec).strip("\u2068\u2069") == fa
    assert format_scientific(x, "en", spec) == format(x, spec)


def test_number_options_take_persian_digits():
    result = runner.invoke(app, ["network", "places", "Tehran", "--limit", "۱", "--lang", "fa"])
    assert result.exit_code == 0 and "۱ مکان" in result.output, result.output
    refused = runner.invoke(app, ["network", "places", "Tehran", "--limit", "۱x", "--lang", "fa"])
    assert refused.exit_code == 2 and "عدد صحیح نیست" in refused.output


def test_a_missing_file_is_told_in_persian(tmp_path):
    result = runner.invoke(app, ["route", "Baku", "Tehran", "--scenario", str(tmp_path / "none.toml"), "--lang", "fa"])
    assert result.exit_code == 2 and "چنین پرونده یا پوشه‌ای نیست" in result.output, result.output
    assert not latin_words(result.output.replace(str(tmp_path), ""), {"none", "toml"}), result.output


def test_route_title_reads_right_to_left_in_persian():
    persian = runner.invoke(app, ["route", "Baku", "Astara", "--lang", "fa"])
    assert persian.exit_code == 0 and "←" in persian.output.splitlines()[0] and "→" not in persian.output
    assert "→" in runner.invoke(app, ["route", "Baku", "Astara"]).output.splitlines()[0]


def test_dalan_lang_is_the_default_of_every_lang():
    result = persian_env.invoke(app, ["scenario", "validate", "rasht-astara"])
    assert result.exit_code == 0 and "معتبر است" in result.output
    english = persian_env.invoke(app, ["scenario", "validate", "rasht-astara", "--lang", "en"])
    assert english.output.startswith("valid: rasht-astara")
    unknown = CliRunner(env={"DALAN_LANG": "de"}).invoke(app, ["scenario", "validate", "rasht-astara"])
    assert unknown.exit_code == 0 and unknown.output == english.output


def test_lang_alone_shows_the_help_in_that_language():
    """``dalan --lang fa`` is ``dalan`` asked in Persian: the help, not a missing-command error."""
    for args, usage in ((["--lang", "fa"], "روش استفاده"), (["--lang=en"], "Usage")):
        result = runner.invoke(app, args)
        assert usage in result.output and "فرمانی داده نشده" not in result.output, result.output
    assert runner.invoke(app, ["--lang", "fa", "--bogus"]).exit_code == 2
