"""Helpers of the web tests (importable by name, unlike conftest): server start/stop, TOML."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "out" / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
#: Base URL of the in-process test clients: a loopback name, as the default Host allow-list wants.
LOCAL = "http://127.0.0.1"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    """``dalan serve`` (via its Typer command function) in a subprocess; waits until it answers.

    The server's log goes to a file next to the test artefacts (a pipe nobody reads would fill
    up and block the server)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / f"server-{port}.log", "wb")  # noqa: SIM115 (closed with the process)
    code = "import typer; from dalan.cli.serve_cmd import serve_command; typer.run(serve_command)"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "--port", str(port), "--db", db],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()  # the child keeps its own handle
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {(ARTIFACTS / f'server-{port}.log').read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start within 30 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
