"""Start-up of the command line: commands are imported only when they run (no timings here — the
benchmark ``benchmarks/cli_startup.py`` measures them), and lazy registration loses nothing."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dalan.cli.app import COMMANDS, app

runner = CliRunner(env={"COLUMNS": "200"})
HEAVY = ("numba", "scipy", "pandas", "fastapi", "jinja2", "simpy", "sqlalchemy")
#: Not heavy, but a route does without them: pydantic (Typer's value conversion, skipped by
#: dalan.cli.coercion), the HTML page modules, Dask.
LIGHT_ROUTE_SKIPS = ("pydantic", "markupsafe", "distributed", "dask")


def _modules_after(code: str) -> set[str]:
    """The modules that ``code`` has imported when it ends, in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_importing_the_app_imports_no_heavy_library_and_no_command():
    loaded = _modules_after("import dalan.cli.app")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not {m for m in loaded if m.startswith("dalan.cli.") and m.endswith("_cmd")}


def test_help_lists_every_command_without_importing_one():
    code = "import contextlib, io\nfrom dalan.cli.app import main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
    code += "    try:\n        main()\n    except SystemExit:\n        pass"
    loaded = _modules_after(f"import sys\nsys.argv = ['dalan', '--help']\n{code}")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m.endswith("_cmd")}
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    for spec in COMMANDS:
        assert f" {spec.name} " in result.output
        assert spec.help.split("\n")[0][:40] in result.output


@pytest.mark.parametrize("spec", [spec for spec in COMMANDS if spec.name != "tntp"], ids=lambda spec: spec.name)
def test_loading_a_command_imports_nothing_heavy(spec):
    """``dalan CMD --help`` (and a mistyped place or file) needs no engine: scipy comes with the
    first batch of shortest-path trees (``compare``), Jinja2 with the first report, SimPy with the
    first simulation. (``tntp`` is all numba kernels.)"""
    loaded = _modules_after(f"from dalan.cli.app import COMMANDS\nnext(s for s in COMMANDS if s.name == {spec.name!r}).load()")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not {"dalan.assignment", "dalan.simulation"} & loaded


def test_a_route_imports_no_heavy_library_nor_pydantic():
    """A one-off route searches its tree in plain Python (scipy would cost more to import than the
    search, see routing.paths.dijkstra) and converts its options without Typer's pydantic."""
    code = "from typer.testing import CliRunner\nfrom dalan.cli.app import app\n"
    code += "assert CliRunner().invoke(app, ['route', 'Warsaw', 'Tehran', '--by', 'cost', '--via', 'Baku']).exit_code == 0"
    loaded = _modules_after(code)
    assert not {m for m in loaded if m.split(".")[0] in (*HEAVY, *LIGHT_ROUTE_SKIPS)}
    assert "numpy" in loaded and "dalan.routing.constrained" in loaded  # it did route


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.name)
def test_listed_help_is_the_commands_own(spec):
    """The summary kept in COMMANDS is the first paragraph of the loaded command's help."""
    command = spec.load()
    assert command.name == spec.name
    assert inspect.cleandoc(command.help or "").split("\n\n")[0] == spec.help


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.name)
def test_each_command_has_its_own_help(spec):
    result = runner.invoke(app, [spec.name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"dalan {spec.name}" in result.output and "--help" in result.output


def test_a_mistyped_command_is_still_suggested():
    result = runner.invoke(app, ["rout", "Warsaw", "Tehran"])
    assert result.exit_code == 2
    assert "Did you mean 'route'" in result.output


def test_errors_stay_friendly_through_lazy_loading():
    result = runner.invoke(app, ["route", "Nowhere-at-all", "Tehran"])
    assert result.exit_code == 2
    assert "unknown place" in result.output and "Traceback" not in result.output


def test_a_lazily_loaded_command_runs():
    result = runner.invoke(app, ["route", "Warsaw", "Tehran", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["destination"] == "IR_THR"
