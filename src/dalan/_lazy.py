"""Lazy package exports (PEP 562): a package lists its public names as imports under
``if TYPE_CHECKING:`` — which type checkers and readers see — and :func:`lazy_exports` reads that
block and imports each name from its module on first attribute access, so importing the package
imports none of its heavy submodules (numba, scipy, pandas, jinja2 …)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any


def _type_checking_imports(source: str) -> dict[str, tuple[str, str]]:
    """``{exported name: (module, attribute)}`` for each ``from M import a [as b]`` under a top-level
    ``if TYPE_CHECKING:``."""
    exports: dict[str, tuple[str, str]] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module and statement.level == 0:
                for alias in statement.names:
                    exports[alias.asname or alias.name] = (statement.module, alias.name)
    return exports


def lazy_exports(package: str, init_file: str) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package`` (whose ``__init__.py`` is
    ``init_file``), exporting the names imported under its ``if TYPE_CHECKING:``.

    ``from M import sub`` where ``M`` is the package itself exports the submodule ``sub``. A value is
    cached on the package once imported, so each name costs one import."""
    exports = _type_checking_imports(Path(init_file).read_text(encoding="utf-8"))

    def __getattr__(name: str) -> Any:
        try:
            module, attribute = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        if module == package:
            value: Any = import_module(f"{package}.{attribute}")
        else:
            value = getattr(import_module(module), attribute)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | exports.keys())

    return __getattr__, __dir__
