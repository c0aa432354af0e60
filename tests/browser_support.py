"""Debian's Chromium for the browser tests (web page and report charts): one browser per session."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

__all__ = ["CHROMIUM", "CHROMIUM_FLAGS"]
