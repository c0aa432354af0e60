"""The quick conversion of command-line values (:mod:`dalan.cli.coercion`) gives what Typer's own
pydantic conversion gives, whenever it takes a value at all."""

from __future__ import annotations

import enum
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._coercion import build_runtime_param, resolve_type_descriptor
from typer.models import OptionInfo
from typer.testing import CliRunner

from dalan.choices import By, Cargo, Lang
from dalan.cli import coercion
from dalan.cli.app import app
from dalan.cli.coercion import SLOW, quick_path, quick_value

runner = CliRunner(env={"COLUMNS": "200"})


class Shade(enum.Enum):
    light = "light"
    dark = "Dark"


ANNOTATIONS = [str, int, float, bool, By, Cargo, Lang, Shade, list[str], list[int], list[By]]
NUMBERS = st.sampled_from(["1e-10", "1E+3", ".5", "5.", "-0.0", "+2.5e-1", "1e999", "inf", "nan", "1_0.5", "0x1", "1e", " 2.5",
                           "٣.٥", "2.5 "])
TEXT = (st.text(max_size=6) | NUMBERS | st.from_regex(r"[+-]?[0-9]{0,3}\.?[0-9]{0,3}([eE][+-]?[0-9]{1,3})?", fullmatch=True)
        | st.sampled_from(["1", "0", "-3", "٣", "+4", " 5", "1_000", "time", "TIME", "Dark", "dark", "co2"]))
VALUES = (TEXT | st.integers(-5, 5) | st.floats(allow_nan=True) | st.booleans() | st.sampled_from([*By, *Shade])
          | st.lists(TEXT | st.sampled_from([*By]), max_size=3))


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ANNOTATIONS), VALUES, st.sampled_from([None, 0, 1]), st.sampled_from([None, 3]), st.booleans()
)
def test_a_quick_value_is_typers_value(annotation, value, minimum, maximum, case_sensitive):
    info = OptionInfo(min=minimum, max=maximum, case_sensitive=case_sensitive)
    quick = quick_value(annotation, value, minimum=minimum, maximum=maximum, case_sensitive=case_sensitive)
    if quick is SLOW:
        return
    typer_param = build_runtime_param(resolve_type_descriptor(annotation, info))
    expected = typer_param._coerce_value(value, param=None, ctx=None)
    assert quick == expected and type(quick) is type(expected)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8) | st.sampled_from(["/", "/etc/hostname", "/no/such/file", "-", ".", "~", "a\0b"]) | st.integers(0, 3),
       st.sampled_from([{}, {"exists": True}, {"dir_okay": False}, {"file_okay": False}, {"resolve_path": True},
                        {"writable": True}, {"allow_dash": True}, {"readable": False}]))
def test_a_quick_path_is_typers_path(value, options):
    info = OptionInfo(**options)
    quick = quick_path(value, info)
    if quick is SLOW:
        return
    expected = build_runtime_param(resolve_type_descriptor(Path, info))._coerce_value(value, param=None, ctx=None)
    assert quick == expected and type(quick) is type(expected)


def test_values_that_need_converting_are_still_refused_for_typers_reasons():
    """Typer's conversion refuses them; :mod:`dalan.cli.parse_errors` words its reason."""
    for args, message in [
        (["--alternatives", "0"], "'0' must be >= 1"),
        (["--by", "fast"], "'fast' is not one of the choices (hint: use time, cost"),
        (["--max-transfers", "x"], "is not a whole number"),
    ]:
        result = runner.invoke(app, ["route", "Warsaw", "Tehran", *args])
        assert result.exit_code == 2 and message in result.output, result.output


def test_converted_values_reach_the_command(monkeypatch):
    """Typed values arrive: an enum member, an int, a list; an upper-case choice goes through Typer."""
    seen = {}
    monkeypatch.setattr("dalan.cli.route_cmd.RouteOptions.build", lambda *a, **k: seen.update(k) or (_ for _ in ()).throw(SystemExit(0)))
    args = ["route", "Warsaw", "Tehran", "--by", "cost", "--alternatives", "2", "--via", "Baku", "--via", "Tbilisi", "--lang", "fa"]
    assert runner.invoke(app, args).exit_code == 0
    assert (seen["by"], seen["alternatives"], seen["via"]) == ("cost", 2, ["Baku", "Tbilisi"])


@pytest.mark.skipif(coercion.RuntimeParam is None, reason="Typer's internals changed: conversion is Typer's own")
def test_the_hook_is_installed_on_a_loaded_command():
    result = runner.invoke(app, ["route", "--help"])
    assert result.exit_code == 0
    command = app_group_command("route")
    assert all(isinstance(p._runtime_param, coercion.QuickParam) for p in command.params)


def app_group_command(name):
    from typer.main import get_command

    group = get_command(app)
    ctx = group.make_context("dalan", [name, "--help"], resilient_parsing=True)
    return group.get_command(ctx, name)
