"""Re-run the commands shown in README.md and put their current output in place.

    python scripts/readme_examples.py [--readme README.md] [--only SUBSTRING]

A README example is a ```text block whose first lines are ``$ dalan …`` commands; the rest of the
block is replaced by what those commands print now (at 100 columns), cut to the block's previous
length with a "…" line when the output is longer. Other blocks are left alone.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```text\n((?:\$ dalan [^\n]*\n)+)(.*?)```", re.DOTALL)


def run(commands: list[str]) -> str:
    """The combined output of the commands (``$ `` stripped), as a user sees it at 100 columns."""
    env = dict(os.environ, COLUMNS="100", TERM="dumb")
    dalan = str(Path(sys.executable).with_name("dalan"))
    out = []
    for line in commands:
        args = shlex.split(line.removeprefix("$ "))
        done = subprocess.run([dalan, *args[1:]], capture_output=True, text=True, env=env, cwd=REPO, check=False)
        out.append((done.stdout + done.stderr).rstrip("\n"))
    return "\n".join(part for part in out if part)


def refresh(text: str, only: str | None = None) -> str:
    def replace(match: re.Match) -> str:
        head, body = match.group(1), match.group(2)
        if only and only not in head:
            return match.group(0)
        limit = max(len(body.splitlines()), 12)
        lines = run(head.splitlines()).splitlines()
        if len(lines) > limit:
            lines = [*lines[: limit - 1], "…"]
        print(f"refreshed: {head.splitlines()[0]} ({len(lines)} lines)", file=sys.stderr)
        return f"```text\n{head}" + "\n".join(lines) + "\n```"

    return BLOCK.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, default=REPO / "README.md")
    parser.add_argument("--only", help="refresh only blocks whose commands contain this text")
    args = parser.parse_args(argv)
    args.readme.write_text(refresh(args.readme.read_text(encoding="utf-8"), args.only), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
