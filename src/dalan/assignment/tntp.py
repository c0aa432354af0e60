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
from dalan.errors import InputError, Problem, os_reason

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


def _problem(path: Path, line: _Line | None, field: str, value: object, message_id: str, hint_id: str, **params: object) -> InputError:
    record = f"line {line.number}" if line else "file"
    return InputError(Problem.of(record, field, value, message_id, hint_id, str(path), **params))


def _read_lines(path: Path) -> list[_Line]:
    """Non-empty lines of ``path`` without comments."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise _problem(path, None, "path", str(path), "cannot_be_read", "file_name", reason=os_reason(error)) from error
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
        raise _problem(path, None, "<END OF METADATA>", None, "missing_number", "tntp_metadata")
    return metadata, lines[count:]


def _number(path: Path, line: _Line, field: str, token: str, kind: type = float) -> float:
    try:
        value = float(token)
    except ValueError:
        raise _problem(path, line, field, token, "not_a_number", "fix_or_remove_row") from None
    if not np.isfinite(value) or (kind is int and value != int(value)):
        raise _problem(path, line, field, token, "not_valid_integer" if kind is int else "not_valid_number", "fix_row")
    return int(value) if kind is int else value


def _metadata_int(path: Path, metadata: dict[str, str], key: str, default: int | None) -> int:
    if key not in metadata:
        if default is None:
            raise _problem(path, None, f"<{key}>", None, "missing_number", "add_metadata", key=key)
        return default
    token = metadata[key].split()[0] if metadata[key].split() else ""
    try:
        return int(float(token))
    except ValueError:
        raise _problem(path, None, f"<{key}>", metadata[key], "not_a_number", "give_integer") from None


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
            raise _problem(path, line, columns[len(tokens)], line.text, "row_values", "columns_are", values=len(tokens), expected=len(columns), columns=" ".join(columns))
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
                raise _problem(path, line, NET_COLUMNS[c], int(row[c]), "not_a_node", "check_nodes", count=num_nodes)
    if declared_links != len(values):
        raise _problem(path, None, "<NUMBER OF LINKS>", declared_links, "link_rows", "fix_metadata_rows", count=len(values))
    if not 1 <= num_zones <= num_nodes:
        raise _problem(path, None, "<NUMBER OF ZONES>", num_zones, "not_in_range", "fix_metadata", count=num_nodes)
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
        raise _problem(path, None, "<NUMBER OF ZONES>", declared_zones, "network_zones", "matching_trips", count=num_zones)
    zones = declared_zones
    if not 1 <= zones <= MAX_ZONES:
        raise _problem(path, None, "<NUMBER OF ZONES>", zones, "not_in_range", "fix_metadata", count=MAX_ZONES)
    matrix = np.zeros((zones, zones))
    origin = None
    for line in body:
        text = line.text
        if text.lower().startswith("origin"):
            origin = int(_number(path, line, "origin", text[6:].strip(), int))
            if not 1 <= origin <= zones:
                raise _problem(path, line, "origin", origin, "not_a_zone", "check_zones", count=zones)
            continue
        if origin is None:
            raise _problem(path, line, "origin", text, "before_origin", "start_origin")
        rest = _TRIP_PAIR.sub("", text).replace(";", "").strip()
        if rest:
            raise _problem(path, line, "destination", rest, "not_trip_pair", "trip_pair")
        for dest_token, trips_token in _TRIP_PAIR.findall(text):
            dest = int(_number(path, line, "destination", dest_token, int))
            trips = _number(path, line, f"trips to {dest}", trips_token)
            if not 1 <= dest <= zones:
                raise _problem(path, line, "destination", dest, "not_a_zone", "check_zones", count=zones)
            if trips < 0:
                raise _problem(path, line, f"trips to {dest}", trips, "is_negative", "trips_positive")
            matrix[origin - 1, dest - 1] += trips
    if "TOTAL OD FLOW" in metadata:
        token = metadata["TOTAL OD FLOW"].split()[0] if metadata["TOTAL OD FLOW"].split() else ""
        try:
            declared = float(token)
        except ValueError:
            raise _problem(path, None, "<TOTAL OD FLOW>", metadata["TOTAL OD FLOW"], "not_a_number", "trips_total") from None
        total = float(matrix.sum())
        if not (np.isfinite(declared) and abs(total - declared) <= TOTAL_TOLERANCE * max(abs(declared), 1.0)):
            raise _problem(path, None, "<TOTAL OD FLOW>", declared, "trips_add_up", "truncated", total=f"{total:.10g}")
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
