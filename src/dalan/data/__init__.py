"""Embedded data (network, costing, operations, demand, OD set, scenarios) and reading it."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from dalan.errors import InputError


def read_text(path: str | Path | None, default: str, what: str) -> tuple[str, str]:
    """The text of ``path`` (UTF-8, BOM allowed), or of the embedded file ``default``; and the
    name to use in messages. An unreadable path raises InputError naming ``what`` it should be."""
    if path is None:
        return resources.files(__name__).joinpath(default).read_text(encoding="utf-8"), f"dalan/data/{default}"
    try:
        return Path(path).read_text(encoding="utf-8-sig"), str(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file (hint: save the {what} as UTF-8)") from None


def read_toml(path: str | Path | None, default: str, what: str) -> tuple[dict[str, Any], str]:
    """:func:`read_text` parsed as TOML; a syntax error raises InputError with the file's name."""
    text, name = read_text(path, default, what)
    try:
        return tomllib.loads(text), name
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{name}: not valid TOML ({exc})") from None
