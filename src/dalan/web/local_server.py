"""A throw-away server on a loopback port, in a subprocess: ``dalan serve`` (or uvicorn's
``--workers`` on the app factory), started and waited for until ``/api/health`` answers, and
stopped. The browser tests, the load benchmark and the screenshot script share it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from dalan.messages import render

#: ``dalan serve`` through its Typer command function (no console script needed).
SERVE = "import typer; from dalan.cli.serve_cmd import serve_command; typer.run(serve_command)"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(port: int) -> bool:
    """Whether the server on ``port`` answers ``GET /api/health`` with 200."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start_server(db: str, port: int, *, workers: int = 1, log: Path | None = None, timeout_s: float = 30.0) -> subprocess.Popen:
    """Start the server on ``port`` with the database URL ``db`` and wait until it answers.

    ``workers`` 1 runs ``dalan serve``; more run ``uvicorn --workers`` on
    ``dalan.web.app:app_from_env`` (each process with its own route workers and kept answers).
    The server's output goes to ``log`` (a file: a pipe nobody reads would fill up and block the
    server), else nowhere. RuntimeError, with the log's end, when the server exits or does not
    answer within ``timeout_s``.
    """
    if workers == 1:
        command = [sys.executable, "-c", SERVE, "--port", str(port), "--db", db]
    else:
        factory = ["--factory", "dalan.web.app:app_from_env", "--workers", str(workers)]
        command = [sys.executable, "-m", "uvicorn", *factory, "--host", "127.0.0.1", "--port", str(port)]
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115 (the child keeps its own handle)
    try:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=os.environ | {"DALAN_DB": db})
    finally:
        if log is not None:
            out.close()  # type: ignore[union-attr]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(render("serve.exited", "en", code=process.returncode, log=_tail(log)))
        if healthy(port):
            return process
        time.sleep(0.1)
    stop_server(process)
    raise RuntimeError(render("serve.no_answer", "en", port=port, seconds=round(timeout_s), log=_tail(log)))


def stop_server(process: subprocess.Popen, timeout_s: float = 10.0) -> None:
    """Terminate the server (and its workers with it), killing it after ``timeout_s``."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(log: Path | None, chars: int = 2000) -> str:
    if log is None or not log.exists():
        return "-"
    return log.read_text(encoding="utf-8", errors="replace")[-chars:]


__all__ = ["SERVE", "free_port", "healthy", "start_server", "stop_server"]
