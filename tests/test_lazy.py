"""Lazy package exports (:mod:`dalan._lazy`): every public name still resolves, to the object its
module defines, and importing a package imports none of its heavy submodules."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dalan._lazy import _type_checking_imports

LAZY = ("dalan", "dalan.reports", "dalan.simulation", "dalan.assignment")


@pytest.mark.parametrize("name", LAZY)
def test_all_is_what_type_checking_imports(name):
    package = importlib.import_module(name)
    exports = _type_checking_imports(Path(package.__file__).read_text(encoding="utf-8"))
    assert set(package.__all__) - {"__version__"} == set(exports)


@pytest.mark.parametrize("name", LAZY)
def test_every_exported_name_is_its_modules_object(name):
    package = importlib.import_module(name)
    exports = _type_checking_imports(Path(package.__file__).read_text(encoding="utf-8"))
    for exported, (module, attribute) in exports.items():
        value = getattr(package, exported)
        if module == name:
            assert value is importlib.import_module(f"{name}.{attribute}")
        else:
            assert value is getattr(importlib.import_module(module), attribute)
        assert exported in dir(package)


def test_unknown_names_raise_attribute_error():
    import dalan.simulation

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        dalan.simulation.nothing_here  # noqa: B018
    assert not hasattr(dalan.simulation, "nothing_here")


def test_from_import_of_a_lazy_name():
    from dalan.assignment import BPR, assign, tntp
    from dalan.reports import write_report

    assert callable(assign) and callable(write_report) and tntp.__name__ == "dalan.assignment.tntp" and BPR


def test_type_checking_block_parsing():
    source = (
        "from typing import TYPE_CHECKING\nfrom x import eager\nif TYPE_CHECKING:\n"
        "    from a.b import c, d as e\n    from pkg import sub\n    import ignored\nif OTHER:\n    from y import z\n"
    )
    assert _type_checking_imports(source) == {"c": ("a.b", "c"), "e": ("a.b", "d"), "sub": ("pkg", "sub")}


@pytest.mark.parametrize(
    ("package", "heavy"),
    [
        ("dalan.reports", ("jinja2",)),
        ("dalan.simulation", ("scipy", "simpy")),
        ("dalan.assignment", ("numba", "scipy", "pandas")),
    ],
)
def test_importing_a_package_imports_nothing_heavy(package, heavy):
    code = f"import json, sys, {package}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert not {m for m in json.loads(out) if m.split(".")[0] in heavy}
