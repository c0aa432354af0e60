"""Embedded data (network, costing, operations, demand, OD set, scenarios) and reading it."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from dalan.errors import InputError, os_reason
from dalan.messages import Text


def read_text(path: str | Path | None, default: str, what: Text) -> tuple[str, str]:
    """The text of ``path`` (UTF-8, BOM allowed), or of the embedded file ``default``; and the
    name to use in messages. An unreadable path raises InputError naming ``what`` it should be."""
    if path is None:
        return resources.files(__name__).joinpath(default).read_text(encoding="utf-8"), f"dalan/data/{default}"
    try:
        return Path(path).read_text(encoding="utf-8-sig"), str(path)
    except OSError as exc:
        raise InputError.of("cannot_read", path=str(path), what=what, reason=os_reason(exc)) from None
    except UnicodeDecodeError:
        raise InputError.of("not_utf8", path=str(path), what=what) from None


def companion_path(name: str, costing_file: str = "") -> Path | None:
    """Where a data file a costing names (``[general] border_times``, ``sea_market``) is read from:
    beside the costing file when it is there, else the embedded file of that name (None), else
    ``name`` as a path."""
    beside = Path(costing_file).parent / name if costing_file and not costing_file.startswith("dalan/data/") else None
    if beside is not None and beside.is_file():
        return beside
    return None if resources.files(__name__).joinpath(name).is_file() else Path(name)


def write_toml_text(path: str | Path, text: str) -> Path:
    """Write TOML ``text`` to ``path`` atomically after parsing it (a syntax error is a bug in
    the writer that made it: it fails before anything is written)."""
    from dalan.files import write_text_atomic

    tomllib.loads(text)
    return write_text_atomic(path, text)


def read_toml(path: str | Path | None, default: str, what: Text) -> tuple[dict[str, Any], str]:
    """:func:`read_text` parsed as TOML; a syntax error raises InputError with the file's name."""
    text, name = read_text(path, default, what)
    try:
        return tomllib.loads(text), name
    except tomllib.TOMLDecodeError as exc:
        raise InputError.of("not_toml_file", name=name, error=str(exc)) from None
