"""Helpers of the web tests (importable by name, unlike conftest): server start/stop, TOML."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx

from dalan.web import local_server
from dalan.web.local_server import free_port, stop_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "out" / "test-artifacts"
#: Base URL of the in-process test clients: a loopback name, as the default Host allow-list wants.
LOCAL = "http://127.0.0.1"
#: The tests' own requests to the live server: a minute, not httpx's 5 s default (a cold route
#: compiles the network, slower on a loaded CI machine).
LIVE = httpx.Client(timeout=60.0)
#: A stored scenario that changes one border dwell on top of a shipped scenario.
SCENARIO_TOML = """name = "{name}"
title_en = "Astara border at {hours} h"
title_fa = "مرز آستارا {hours} ساعت"
base = "rasht-astara"

[[edit]]
action = "set"
place = "IR_AST"
values = {{ rail_border_dwell_h = {hours} }}
"""


def scenario_toml(name: str = "astara-fast", hours: float = 6.0) -> str:
    return SCENARIO_TOML.format(name=name, hours=hours)


def start_server(db: str, port: int) -> subprocess.Popen:
    """``dalan serve`` in a subprocess (:func:`dalan.web.local_server.start_server`), its log in a
    file next to the test artefacts; waits until it answers."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return local_server.start_server(db, port, log=ARTIFACTS / f"server-{port}.log")


__all__ = ["ARTIFACTS", "LOCAL", "free_port", "scenario_toml", "start_server", "stop_server"]
