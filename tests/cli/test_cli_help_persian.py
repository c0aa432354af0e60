"""``--help`` in Persian (``DALAN_LANG=fa`` or ``--lang fa``): every command's and option's help from
the catalogue, typer's fixed words too; English help unchanged."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from dalan.cli.app import COMMANDS, app
from dalan.cli.help_lang import help_key, option_key
from dalan.cli.lazy import help_lang
from dalan.messages import MESSAGES

english = CliRunner(env={"COLUMNS": "200", "DALAN_LANG": None})
persian = CliRunner(env={"COLUMNS": "200", "DALAN_LANG": "fa"})
ROUTE_FIRST_LINE = "The best route between two places"


def _tree() -> dict[str, str]:
    """Catalogue id -> English help of every command and option (lazy commands loaded)."""
    group = typer.main.get_command(app)
    ctx = group.make_context("dalan", [], resilient_parsing=True)
    found: dict[str, str] = {"cli.opt.help": group.get_help_option(ctx).help}

    def walk(command, path: str) -> None:
        found[help_key(path)] = command.help
        found.update({option_key(path, param.name): param.help for param in command.params})
        for name in command.list_commands(ctx) if hasattr(command, "list_commands") else ():
            walk(command.get_command(ctx, name), f"{path}.{name}".lstrip("."))

    walk(group, "")
    return found


def test_every_command_and_option_has_persian_help_and_the_english_is_the_code_s():
    tree = _tree()
    assert len(tree) > 100
    missing = sorted(key for key in tree if key not in MESSAGES)
    assert not missing, f"add Persian help to dalan/messages.py for: {missing}"
    stale = {key: MESSAGES[key][0] for key, help in tree.items() if MESSAGES[key][0] != help}
    assert not stale, f"the catalogue's English differs from the code's help: {stale}"
    unused = {k for k in MESSAGES if k.startswith(("cli.help", "cli.opt."))} - tree.keys()
    assert not unused


def test_group_help_in_persian_lists_persian_summaries():
    result = persian.invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    assert "بهترین مسیر میان دو مکان" in result.output
    assert "فرمان‌ها" in result.output and "گزینه‌ها" in result.output and "روش استفاده:" in result.output
    for spec in COMMANDS:
        assert spec.help.split("\n")[0][:40] not in result.output
    assert not re.search(r"\b(Usage|Options|Commands|Show this message)\b", result.output)


@pytest.mark.parametrize("runner, args", [(persian, ["route", "--help"]), (english, ["route", "--lang", "fa", "--help"]),
                                          (english, ["route", "--lang=fa", "--help"])])  # fmt: skip
def test_command_help_in_persian(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert ROUTE_FIRST_LINE not in result.output
    assert "بهترین مسیر میان دو مکان" in result.output
    assert "پرهیز از یک کشور" in result.output and "--avoid" in result.output
    assert "[پیش‌فرض: ۱]" in result.output and "[الزامی]" in result.output and "آرگومان‌ها" in result.output
    assert not re.search(r"\b(Usage|Options|Arguments|default|required|Avoid a country)\b", result.output)


def test_persian_group_help_imports_no_command():
    code = "import contextlib, io, json, sys\nsys.argv = ['dalan', '--help']\nfrom dalan.cli.app import main\n"
    code += "with contextlib.redirect_stdout(io.StringIO()):\n    try:\n        main()\n    except SystemExit:\n        pass\n"
    code += "print(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "DALAN_LANG": "fa"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    assert "dalan.messages" in loaded
    assert not {m for m in loaded if m.endswith("_cmd") or m.split(".")[0] in ("numba", "scipy", "pandas")}


def test_subgroup_help_in_persian():
    result = persian.invoke(app, ["network", "places", "--help"])
    assert result.exit_code == 0, result.output
    assert "فهرست مکان‌ها" in result.output and "List the places" not in result.output


def test_english_help_is_unchanged_after_persian():
    persian.invoke(app, ["route", "--help"])
    for args in (["--help"], ["route", "--help"], ["route", "--lang", "en", "--help"]):
        result = english.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output and "Options" in result.output and "Show this message and exit." in result.output
        assert ROUTE_FIRST_LINE in result.output
        assert not re.search("[\u0600-\u06ff]", result.output)


@pytest.mark.parametrize("args, env, lang", [([], None, "en"), ([], "fa", "fa"), (["route", "--lang", "fa"], None, "fa"),
                                             (["route", "--lang=fa"], None, "fa"), (["route", "--lang", "en"], "fa", "en"),
                                             ([], "de", "en"), (["--lang"], None, "en")])  # fmt: skip
def test_help_lang(monkeypatch, args, env, lang):
    if env is None:
        monkeypatch.delenv("DALAN_LANG", raising=False)
    else:
        monkeypatch.setenv("DALAN_LANG", env)
    assert help_lang(args) == lang
