"""Reader for the TNTP files of the Transportation Networks for Research collection.

Files start with metadata lines ``<KEY> value`` up to ``<END OF METADATA>``; ``~`` starts a comment
(to the end of the line) and ``;`` ends a row. Net rows are
``init_node term_node capacity length free_flow_time b power speed toll link_type``; trips files
list ``Origin o`` followed by ``d : trips;`` pairs; flow files have ``from to volume cost`` rows
(after an optional header); node files ``node x y``. Nodes and zones are numbered from 1 in the
files and from 0 in :class:`~dalan.assignment.AssignmentNetwork`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dalan.assignment.network import AssignmentNetwork
from dalan.errors import InputError, Problem

NET_COLUMNS: tuple[str, ...] = (
    "init_node", "term_node", "capacity", "length", "free_flow_time", "b", "power", "speed", "toll", "link_type"
)
_METADATA = re.compile(r"^\s*<([^>]+)>\s*(.*?)\s*$")
_TRIP_PAIR = re.compile(r"(\S+)\s*:\s*([^;\s]+)")
#: Relative difference allowed between <TOTAL OD FLOW> and the sum of the trips (rounded totals).
TOTAL_TOLERANCE = 1e-4
#: Most zones a trips file may declare (the matrix is zones x zones floats).
MAX_ZONES = 20_000


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


@dataclass(frozen=True, eq=False)
class TntpNetwork:
    """A TNTP net file: metadata and one array per column (node numbers as in the file, from 1)."""

    metadata: dict[str, str]
    links: dict[str, np.ndarray]
    num_nodes: int
    num_zones: int
    first_thru_node: int

    def to_assignment_network(self) -> AssignmentNetwork:
        """The links as an :class:`AssignmentNetwork` with 0-based nodes and zones ``0..num_zones-1``."""
        links = self.links
        return AssignmentNetwork(
            num_nodes=self.num_nodes,
            init_node=links["init_node"].astype(np.int64) - 1,
            term_node=links["term_node"].astype(np.int64) - 1,
            capacity=links["capacity"],
            free_flow_time=links["free_flow_time"],
            alpha=links["b"],
            beta=links["power"],
            length=links["length"],
            toll=links["toll"],
            zone_ids=np.arange(self.num_zones),
            first_thru_node=self.first_thru_node - 1,
        )


def _problem(path: Path, line: _Line | None, field: str, value: object, message: str, hint: str) -> InputError:
    record = f"line {line.number}" if line else "file"
    return InputError(Problem(record=record, field=field, value=value, message=message, hint=hint, file=str(path)))


def _read_lines(path: Path) -> list[_Line]:
    """Non-empty lines of ``path`` without comments."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise _problem(path, None, "path", str(path), f"cannot be read ({error.strerror})",
                       "check the file name") from error
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.split("~", 1)[0].strip()
        if content:
            lines.append(_Line(number, content))
    return lines


def _split_metadata(path: Path, lines: list[_Line], required: bool) -> tuple[dict[str, str], list[_Line]]:
    """Metadata ``{KEY: value}`` and the body lines after ``<END OF METADATA>``."""
    metadata: dict[str, str] = {}
    count = 0
    for line in lines:
        match = _METADATA.match(line.text)
        if not match:
            break
        count += 1
        key, value = match.group(1).strip().upper(), match.group(2)
        if key == "END OF METADATA":
            return metadata, lines[count:]
        metadata[key] = value
    if required:
        raise _problem(path, None, "<END OF METADATA>", None, "is missing",
                       "TNTP net and trips files start with '<KEY> value' lines ending in <END OF METADATA>; "
                       "is this the right file?")
    return metadata, lines[count:]


def _number(path: Path, line: _Line, field: str, token: str, kind: type = float) -> float:
    try:
        value = float(token)
    except ValueError:
        raise _problem(path, line, field, token, "is not a number", "fix or remove this row") from None
    if not np.isfinite(value) or (kind is int and value != int(value)):
        raise _problem(path, line, field, token, f"is not a valid {'integer' if kind is int else 'number'}",
                       "fix this row")
    return int(value) if kind is int else value


def _metadata_int(path: Path, metadata: dict[str, str], key: str, default: int | None) -> int:
    if key not in metadata:
        if default is None:
            raise _problem(path, None, f"<{key}>", None, "is missing", f"add a <{key}> line to the metadata")
        return default
    token = metadata[key].split()[0] if metadata[key].split() else ""
    try:
        return int(float(token))
    except ValueError:
        raise _problem(path, None, f"<{key}>", metadata[key], "is not a number", "give an integer") from None


def _rows(path: Path, body: list[_Line], columns: tuple[str, ...], integer_columns: int) -> np.ndarray:
    """Parse rows of at least ``len(columns)`` numbers (the first ``integer_columns`` integral): all at
    once when every row is well formed, else row by row to name the first bad value."""
    rows = [line.text.replace(";", " ").split()[:len(columns)] for line in body]
    try:
        values = np.array(rows, dtype=np.float64).reshape(len(body), len(columns))
    except ValueError:  # a short row or a token that is not a number
        pass
    else:
        whole = values[:, :integer_columns]
        if np.isfinite(values).all() and np.array_equal(whole, np.trunc(whole)):
            return values
    values = np.empty((len(body), len(columns)))
    for r, line in enumerate(body):
        tokens = line.text.replace(";", " ").split()
        if len(tokens) < len(columns):
            raise _problem(path, line, columns[len(tokens)], line.text, f"row has {len(tokens)} values, "
                           f"expected {len(columns)}", "columns are " + " ".join(columns))
        for c, name in enumerate(columns):
            values[r, c] = _number(path, line, name, tokens[c], int if c < integer_columns else float)
    return values


def read_net(path: str | Path) -> TntpNetwork:
    """Read a ``*_net.tntp`` file."""
    path = Path(path)
    metadata, body = _split_metadata(path, _read_lines(path), required=True)
    values = _rows(path, body, NET_COLUMNS, integer_columns=2)
    links = {name: values[:, c].copy() for c, name in enumerate(NET_COLUMNS)}
    highest = int(values[:, :2].max()) if len(values) else 0
    num_nodes = _metadata_int(path, metadata, "NUMBER OF NODES", highest)
    num_zones = _metadata_int(path, metadata, "NUMBER OF ZONES", None)
    first_thru = _metadata_int(path, metadata, "FIRST THRU NODE", 1)
    declared_links = _metadata_int(path, metadata, "NUMBER OF LINKS", len(values))
    for line, row in zip(body, values, strict=True):
        for c in (0, 1):
            if not 1 <= row[c] <= num_nodes:
                raise _problem(path, line, NET_COLUMNS[c], int(row[c]), f"is not a node 1..{num_nodes}",
                               "check <NUMBER OF NODES> and the node numbers")
    if declared_links != len(values):
        raise _problem(path, None, "<NUMBER OF LINKS>", declared_links, f"but the file has {len(values)} link rows",
                       "fix the metadata or the rows")
    if not 1 <= num_zones <= num_nodes:
        raise _problem(path, None, "<NUMBER OF ZONES>", num_zones, f"is not in 1..{num_nodes}", "fix the metadata")
    return TntpNetwork(metadata, links, num_nodes, num_zones, first_thru)


def read_trips(path: str | Path, num_zones: int | None = None) -> np.ndarray:
    """Read a ``*_trips.tntp`` file into a zones x zones matrix (row = origin, from zone 1).

    A truncated or mismatched file is an InputError, not a smaller demand: the metadata's
    <NUMBER OF ZONES> must equal ``num_zones`` (the network's), and the trips must add up to
    <TOTAL OD FLOW> when it is given (within :data:`TOTAL_TOLERANCE`, for rounded totals).
    """
    path = Path(path)
    metadata, body = _split_metadata(path, _read_lines(path), required=True)
    declared_zones = _metadata_int(path, metadata, "NUMBER OF ZONES", None if num_zones is None else num_zones)
    if num_zones is not None and declared_zones != num_zones:
        raise _problem(path, None, "<NUMBER OF ZONES>", declared_zones, f"but the network has {num_zones} zones",
                       "use the trips file that belongs to this network")
    zones = declared_zones
    if not 1 <= zones <= MAX_ZONES:
        raise _problem(path, None, "<NUMBER OF ZONES>", zones, f"is not in 1..{MAX_ZONES}", "fix the metadata")
    matrix = np.zeros((zones, zones))
    origin = None
    for line in body:
        text = line.text
        if text.lower().startswith("origin"):
            origin = int(_number(path, line, "origin", text[6:].strip(), int))
            if not 1 <= origin <= zones:
                raise _problem(path, line, "origin", origin, f"is not a zone 1..{zones}", "check <NUMBER OF ZONES>")
            continue
        if origin is None:
            raise _problem(path, line, "origin", text, "comes before any 'Origin' line", "start with 'Origin 1'")
        rest = _TRIP_PAIR.sub("", text).replace(";", "").strip()
        if rest:
            raise _problem(path, line, "destination", rest, "is not a 'zone : trips;' pair", "write e.g. '2 : 100.0;'")
        for dest_token, trips_token in _TRIP_PAIR.findall(text):
            dest = int(_number(path, line, "destination", dest_token, int))
            trips = _number(path, line, f"trips to {dest}", trips_token)
            if not 1 <= dest <= zones:
                raise _problem(path, line, "destination", dest, f"is not a zone 1..{zones}", "check <NUMBER OF ZONES>")
            if trips < 0:
                raise _problem(path, line, f"trips to {dest}", trips, "is negative", "trips are >= 0")
            matrix[origin - 1, dest - 1] += trips
    if "TOTAL OD FLOW" in metadata:
        token = metadata["TOTAL OD FLOW"].split()[0] if metadata["TOTAL OD FLOW"].split() else ""
        try:
            declared = float(token)
        except ValueError:
            raise _problem(path, None, "<TOTAL OD FLOW>", metadata["TOTAL OD FLOW"], "is not a number", "give the total of the trips") from None
        total = float(matrix.sum())
        if not (np.isfinite(declared) and abs(total - declared) <= TOTAL_TOLERANCE * max(abs(declared), 1.0)):
            raise _problem(path, None, "<TOTAL OD FLOW>", declared, f"but the trips add up to {total:.10g}",
                           "the file may be truncated or edited: fetch it again, or fix the metadata")
    return matrix


def _table(path: str | Path, columns: tuple[str, ...], integer_columns: int) -> np.ndarray:
    """Numeric rows of a file with optional metadata and an optional non-numeric header line."""
    path = Path(path)
    _, body = _split_metadata(path, _read_lines(path), required=False)
    if body and not re.match(r"^[-+.\d]", body[0].text):
        body = body[1:]
    return _rows(path, body, columns, integer_columns)


def read_flow(path: str | Path) -> dict[str, np.ndarray]:
    """Read a ``*_flow.tntp`` file: arrays ``init_node``, ``term_node`` (from 1), ``volume``, ``cost``."""
    values = _table(path, ("init_node", "term_node", "volume", "cost"), integer_columns=2)
    return {
        "init_node": values[:, 0].astype(np.int64),
        "term_node": values[:, 1].astype(np.int64),
        "volume": values[:, 2],
        "cost": values[:, 3],
    }


def read_nodes(path: str | Path) -> dict[str, np.ndarray]:
    """Read a ``*_node.tntp`` file: arrays ``node`` (from 1), ``x``, ``y``."""
    values = _table(path, ("node", "x", "y"), integer_columns=1)
    return {"node": values[:, 0].astype(np.int64), "x": values[:, 1], "y": values[:, 2]}
