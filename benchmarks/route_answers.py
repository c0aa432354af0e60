"""Record the bodies of a fixed set of ``GET /api/route`` requests, or compare them with a record.

A performance change must not change an answer. Record with the tree before the change, compare
with the tree after it; every request is asked twice (the second answer may come from the
server's kept answers), and status, content type and body must be the same, byte for byte:

    git archive 21120f8 src | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/route_answers.py record /tmp/answers
    PYTHONPATH=src .venv/bin/python benchmarks/route_answers.py compare /tmp/answers

"Today" is pinned (``DALAN_TODAY=2022-01-01``, the network as drawn, or ``--today``: e.g. a
date with dated events in force, whose answers list them) so that both runs read the same network.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

REQUESTS = [
    {"from": "Moscow", "to": "Bandar Abbas"},
    {"from": "رشت", "to": "Warsaw", "lang": "fa"},
    {"from": "Kyiv", "to": "Tehran", "by": "cost", "cargo": "bulk", "quantity": "250"},
    {"from": "Istanbul", "to": "Almaty", "alternatives": "5"},
    {"from": "Baku", "to": "Mumbai", "alternatives": "3", "lang": "fa"},
    {"from": "Warsaw", "to": "Bandar Abbas", "pareto": "true"},
    {"from": "Warsaw", "to": "Bandar Abbas", "pareto": "true", "lang": "fa"},
    {"from": "Moscow", "to": "Tehran", "via": "Baku", "max_transfers": "3"},
    {"from": "St Petersburg", "to": "Chabahar", "avoid": "AZ", "modes": "rail,sea,road,ferry"},
    {"from": "Astrakhan", "to": "تهران", "by": "generalized", "value_of_time": "۲۰", "carbon_price": "80"},
    {"from": "Tbilisi", "to": "Bandar Abbas", "date": "2024-06-01", "reliability": "p90"},
    {"from": "Moscow", "to": "Bandar Abbas", "scenario": "rasht-astara", "include_planned": "true"},
    {"from": "Moscow", "to": "Bandar Abbas", "leg_modes": "rail"},
    {"from": "Moscow", "to": "Bandar Abbas", "quantity": "7", "lang": "fa"},  # the first question, another quantity
    {"from": "Nowhere-x", "to": "Moscow"},
    {"from": "Moscow", "to": "Bandar Abbas", "format": "csv"},
    {"from": "Moscow", "to": "Bandar Abbas", "format": "geojson"},
]


def answers() -> list[dict]:
    """Each request's status, content type and body, asked twice, on a fresh app."""
    from fastapi.testclient import TestClient

    from dalan.web import create_app

    out = []
    database = Path(tempfile.mkdtemp(prefix="dalan-answers-")) / "dalan.sqlite3"
    with TestClient(create_app(f"sqlite:///{database}"), base_url="http://127.0.0.1") as client:
        for params in REQUESTS:
            for _ in range(2):
                response = client.get("/api/route", params=params)
                out.append({"params": params, "status": response.status_code, "type": response.headers.get("content-type"),
                            "body": response.content.decode()})  # fmt: skip
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["record", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--today", default="2022-01-01", help="the date the answers take as today (DALAN_TODAY)")
    args = parser.parse_args()
    os.environ["DALAN_TODAY"] = args.today
    record = args.folder / "route_answers.json"
    found = answers()
    if args.mode == "record":
        args.folder.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
        print(f"recorded {len(found)} answers in {record}")
        return 0
    expected = json.loads(record.read_text(encoding="utf-8"))
    different = [new["params"] for old, new in zip(expected, found, strict=True) if old != new]
    for params in different:
        print(f"DIFFERENT: {params}")
    print(f"{len(found) - len(different)} of {len(found)} answers the same")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
