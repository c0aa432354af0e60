"""Scenarios for the web app: the shipped ones (read-only) and user ones stored as TOML text.

A stored scenario is checked like a file (``parse_spec`` then the edits against its base), then
its network is validated and compiled once, so that a scenario that is accepted can be routed on.
Its ``base`` may only name ``embedded``, a shipped scenario or another stored one the caller may
read — never a path (:func:`dalan.scenarios.load_scenario` would read any ``.toml`` path it is
given). Who may read and change a stored scenario is decided by :mod:`dalan.web.access`.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine, Row

from dalan.costing import Costing, load_costing
from dalan.errors import DalanError, ScenarioError
from dalan.graph import compile_graph
from dalan.network.io import load_embedded_network
from dalan.network.model import Network
from dalan.network.search import PlaceIndex
from dalan.network.validation import check
from dalan.scenarios import (
    Scenario,
    ScenarioSpec,
    apply_spec,
    load_scenario,
    parse_spec,
    shipped_names,
)
from dalan.scenarios.diff import Change, costing_diff, network_diff
from dalan.scenarios.form import FormEdit, append_edits, edit_tables
from dalan.scenarios.registry import EMBEDDED
from dalan.web.access import can_read_scenario, can_write_scenario, refuse_write
from dalan.web.db import scenario_versions as versions
from dalan.web.db import scenarios as table
from dalan.web.errors import ApiError
from dalan.web.users import ADMIN, Caller

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_BASE_DEPTH = 8
#: Arrays and inline tables nest at most this deep in a stored scenario's TOML (the parser is
#: recursive: thousands of levels would exhaust the stack).
MAX_TOML_DEPTH = 32
_TOML_TOKENS = re.compile(r'"""|\'\'\'|"|\'|#|\n|[\[\]{}]|\\.', re.DOTALL)
_CACHE_SIZE = 32


@dataclass(frozen=True)
class Loaded:
    """An applied scenario with its place index, as the request handlers use it."""

    scenario: Scenario
    places: PlaceIndex
    shipped: bool
    version: int
    updated_at: dt.datetime | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _keep_version(connection, name: str, version: int, toml: str, when: dt.datetime, who: Caller, note: str) -> None:
    """Add a saved version to the history (in the transaction that saves it)."""
    connection.execute(versions.insert().values(name=name, version=version, toml=toml, saved_at=when, saved_by=who.name, note=note))


def _columns(spec: ScenarioSpec, toml: str) -> dict:
    return {"toml": toml, "title_en": spec.title_en, "title_fa": spec.title_fa, "base": spec.base}


def toml_depth(text: str) -> int:
    """How deep ``[``/``{`` nest in TOML ``text``, outside strings and comments (a ``[[x]]``
    header counts 2). Linear, without recursion, so any input is safe to measure."""
    depth = deepest = 0
    quote: str | None = None  # the string delimiter we are inside, if any
    comment = False
    for match in _TOML_TOKENS.finditer(text):
        token = match.group()
        if comment:
            comment = token != "\n"
        elif quote is not None:
            if token == quote or (token == "\n" and len(quote) == 1):
                quote = None  # a one-line string ends at its quote (or, invalid, at the line end)
        elif token in ('"""', "'''", '"', "'"):
            quote = token
        elif token == "#":
            comment = True
        elif token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _version_key(rows: list[Row]) -> tuple:
    return tuple((row.name, row.version, row.updated_at) for row in rows)


def _invalid(exc: Exception, label: str) -> ApiError:
    """A 422 for a scenario whose values have the wrong types (the library raises TypeError etc.)."""
    return ApiError.of(422, "scenario_wrong_type", "toml", label=label, error=str(exc))


class ScenarioStore:
    """Shipped and stored scenarios: list, get, create, update, delete, and load for routing."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._shipped = tuple(shipped_names())
        self._cache: OrderedDict[tuple, Loaded] = OrderedDict()
        self._lock = threading.Lock()

    # --- reading -------------------------------------------------------------------------------

    def is_shipped(self, name: str) -> bool:
        return name in self._shipped

    def shipped(self) -> tuple[str, ...]:
        return self._shipped

    def stored_rows(self, who: Caller = ADMIN) -> list[Row]:
        """The stored scenarios ``who`` may read, by name."""
        query = sa.select(table).order_by(table.c.name)
        if not who.admin:
            query = query.where(
                sa.or_(
                    table.c.owner.is_(None),
                    table.c.owner == who.name,
                    table.c.shared.is_(True),
                )
            )
        with self.engine.connect() as connection:
            return list(connection.execute(query))

    def row(self, name: str) -> Row | None:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(table).where(table.c.name == name)).first()

    def _chain(self, name: str) -> list[Row]:
        """The stored scenario ``name`` and its stored bases, nearest first."""
        rows: list[Row] = []
        current: str = name
        while not self.is_shipped(current) and current != EMBEDDED:
            row = self.row(current)
            if row is None:
                if not rows:
                    raise self._unknown(name, "scenario")
                raise ApiError.of(422, "scenario_base_gone", "base", name=rows[-1].name, base=current)
            rows.append(row)
            if len(rows) > MAX_BASE_DEPTH:
                raise ApiError.of(422, "scenario_bases_deep", "base", name=name, limit=MAX_BASE_DEPTH)
            current = row.base
        return rows

    def _unknown(self, name: str, field: str, who: Caller = ADMIN) -> ApiError:
        """404 for ``name``, listing only the names ``who`` may read."""
        names = ", ".join(
            [*self._shipped, *(row.name for row in self.stored_rows(who))]
        )
        return ApiError.of(404, "scenario_unknown", field, name=name, names=names)

    def readable(
        self, name: str, who: Caller, field: str = "scenario", status: int = 404
    ) -> Row | None:
        """The stored row of ``name`` if ``who`` may read it (``None`` for a shipped scenario);
        else ``status`` (404, or 422 for a name inside a body) as if it did not exist."""
        if self.is_shipped(name):
            return None
        row = self.row(name)
        if row is None or not can_read_scenario(row, who):
            error = self._unknown(name, field, who)
            error.status = status
            raise error
        return row

    def version_key(self, name: str) -> tuple:
        """What identifies the applied scenario ``name``: its name if shipped, else the name,
        version and last change of it and each of its stored bases (a scenario deleted and
        created again restarts at version 1, but not at the same time)."""
        if self.is_shipped(name):
            return (name,)
        return _version_key(self._chain(name))

    def load(self, name: str) -> Loaded:
        """The applied scenario ``name`` (cached per :meth:`version_key`)."""
        if self.is_shipped(name):
            return self._cached((name,), lambda: (load_scenario(name), True, 0, None))
        rows = self._chain(name)
        head = rows[0]
        return self._cached(_version_key(rows), lambda: (self._apply_rows(rows), False, head.version, head.updated_at))

    def _cached(self, key: tuple, build) -> Loaded:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        scenario, shipped, version, updated = build()
        loaded = Loaded(scenario, PlaceIndex(scenario.network), shipped, version, updated)
        with self._lock:
            self._cache[key] = loaded
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return loaded

    def _apply_rows(self, rows: list[Row]) -> Scenario:
        scenario: Scenario | None = None
        for row in reversed(rows):
            scenario = self._apply(parse_spec(row.toml, f"scenario {row.name!r}"), scenario)
        assert scenario is not None
        return scenario

    def _apply(self, spec: ScenarioSpec, parent: Scenario | None) -> Scenario:
        """Apply ``spec`` to ``parent`` (a stored base) or, without one, to its shipped base."""
        return apply_spec(spec, base=parent)  # without a parent: embedded or shipped, never a path

    # --- validation ----------------------------------------------------------------------------

    def validate(
        self, toml: str, expected_name: str | None = None, who: Caller = ADMIN
    ) -> tuple[ScenarioSpec, Scenario]:
        """Parse, check the name and base (one ``who`` may read), apply, validate and compile;
        ApiError/ScenarioError if bad."""
        label = f"scenario {expected_name!r}" if expected_name else "scenario"
        if toml_depth(toml) > MAX_TOML_DEPTH:
            raise ApiError.of(422, "toml_deep", "toml", label=label, limit=MAX_TOML_DEPTH)
        try:
            spec = parse_spec(toml, label)
        except RecursionError:  # a safety net: toml_depth should have refused it
            raise ApiError.of(422, "toml_too_deep", "toml", label=label) from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise _invalid(exc, label) from None
        if not NAME_PATTERN.match(spec.name):
            raise ApiError.of(422, "scenario_name", "name", name=spec.name)
        if expected_name is not None and spec.name != expected_name:
            raise ApiError.of(422, "scenario_name_url", "name", name=spec.name, url=expected_name)
        if self.is_shipped(spec.name) or spec.name == EMBEDDED:
            raise ApiError.of(409, "scenario_name_shipped", "name", name=spec.name)
        parent = self._parent(spec, who)
        try:
            scenario = self._apply(spec, parent)
            check(scenario.network, label)
            compile_graph(scenario.network, scenario.costing, "container")
        except DalanError:
            raise
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise _invalid(exc, label) from None
        return spec, scenario

    def _parent(self, spec: ScenarioSpec, who: Caller) -> Scenario | None:
        if spec.base == EMBEDDED or self.is_shipped(spec.base):
            return None
        if spec.base == spec.name:
            raise ScenarioError.about("own_base", name=spec.name)
        if not NAME_PATTERN.match(spec.base):
            raise ApiError.of(422, "base_not_a_name", "base", base=spec.base)
        self.readable(spec.base, who)  # 404, as for any scenario the caller cannot see
        chain = self._chain(spec.base)
        if any(row.name == spec.name for row in chain):
            raise ScenarioError.about("bases_loop", name=spec.name, base=spec.base)
        return self.load(spec.base).scenario

    # --- writing -------------------------------------------------------------------------------

    def create(self, toml: str, who: Caller = ADMIN, shared: bool = False) -> Row:
        """Store a new scenario owned by ``who`` (shared read-only with every user if ``shared``)."""
        spec, _ = self.validate(toml, who=who)
        now = _now()
        try:
            with self.engine.begin() as connection:
                row = _columns(spec, toml) | {
                    "name": spec.name, "version": 1, "created_at": now, "updated_at": now, "owner": who.name, "shared": shared,
                }  # fmt: skip
                connection.execute(table.insert().values(**row))
                _keep_version(connection, spec.name, 1, toml, now, who, "")
        except sa.exc.IntegrityError:
            raise ApiError.of(409, "scenario_taken", "name", name=spec.name) from None
        return self.require(spec.name)

    def update(
        self,
        name: str,
        toml: str,
        expected_version: int | None = None,
        who: Caller = ADMIN,
        shared: bool | None = None,
        note: str = "",
    ) -> Row:
        """Replace ``name`` with ``toml`` (and set ``shared`` unless None); with
        ``expected_version`` only if the stored version is still that one (412 otherwise: someone
        saved in between, nothing is overwritten). The new version joins the history with
        ``note`` (``form``: an edit from the page's form; ``revert:N``: version N again)."""
        current = self.writable(name, who)
        if expected_version is not None and current.version != expected_version:
            raise self._stale(name, expected_version, current.version)
        spec, _ = self.validate(toml, expected_name=name, who=who)
        values = _columns(spec, toml) | {
            "updated_at": _now(),
            "version": table.c.version + 1,
        }
        if shared is not None:
            values["shared"] = shared
        where = table.c.name == name
        if expected_version is not None:
            where = sa.and_(where, table.c.version == expected_version)  # atomic: no lost update
        with self.engine.begin() as connection:
            done = connection.execute(table.update().where(where).values(**values))
            if done.rowcount == 1:
                saved = connection.execute(sa.select(table.c.version, table.c.updated_at).where(table.c.name == name)).one()
                _keep_version(connection, name, saved.version, toml, saved.updated_at, who, note)
        if done.rowcount != 1:
            row = self.require(name)
            raise self._stale(name, expected_version or 0, row.version)
        return self.require(name)

    @staticmethod
    def _stale(name: str, expected: int, current: int) -> ApiError:
        return ApiError.of(412, "scenario_stale", "if-match", name=name, current=current, expected=expected)

    def delete(self, name: str, who: Caller = ADMIN) -> None:
        self.writable(name, who)
        with self.engine.begin() as connection:
            children = connection.execute(sa.select(table.c.name).where(table.c.base == name)).scalars().all()
            if children:
                raise ApiError.of(409, "scenario_has_children", "name", name=name, children=tuple(children))
            connection.execute(table.delete().where(table.c.name == name))
            connection.execute(versions.delete().where(versions.c.name == name))

    # --- the page's editor: form edits, history, revert, diff --------------------------------

    def add_edit(self, name: str, edit: FormEdit, expected_version: int | None, who: Caller) -> Row:
        """Append ``edit`` (checked against the scenario as it stands) to ``name``'s TOML as a new
        version (``If-Match`` rules as :meth:`update`)."""
        row = self.writable(name, who)
        if expected_version is not None and row.version != expected_version:
            raise self._stale(name, expected_version, row.version)
        scenario = self.load(name).scenario
        tables = edit_tables(edit, scenario.network, scenario.costing, f"scenario {name!r}")
        return self.update(name, append_edits(row.toml, tables), expected_version, who, note="form")

    def history(self, name: str, who: Caller) -> list[Row]:
        """Every saved version of the stored scenario ``name`` (404 for one ``who`` may not read),
        newest first; none for a shipped one."""
        if self.readable(name, who, "name") is None:
            return []  # a shipped scenario has one version, the file
        query = sa.select(versions).where(versions.c.name == name).order_by(versions.c.version.desc())
        with self.engine.connect() as connection:
            return list(connection.execute(query))

    def version_toml(self, name: str, version: int, who: Caller) -> str:
        """The TOML of version ``version`` of ``name`` (404 when it was never saved)."""
        for row in self.history(name, who):
            if row.version == version:
                return str(row.toml)
        raise ApiError.of(404, "scenario_version_unknown", "version", name=name, version=version)

    def revert(self, name: str, version: int, expected_version: int | None, who: Caller) -> Row:
        """Save version ``version`` of ``name`` again, as its newest version (checked like any save)."""
        self.writable(name, who)
        return self.update(name, self.version_toml(name, version, who), expected_version, who, note=f"revert:{version}")

    def base_of(self, name: str) -> tuple[Network, Costing]:
        """The network and costing the scenario ``name`` is applied to (its base's)."""
        spec = self.load(name).scenario.spec
        if spec.base == EMBEDDED:
            return load_embedded_network(), load_costing()
        base = self.load(spec.base).scenario
        return base.network, base.costing

    def diff(self, name: str, who: Caller) -> list[Change]:
        """What ``name`` changes against its base: fields, added and removed elements, costing."""
        self.readable(name, who, "name")
        scenario = self.load(name).scenario
        network, costing = self.base_of(name)
        return network_diff(network, scenario.network) + costing_diff(costing, scenario.spec.costing)

    def writable(self, name: str, who: Caller) -> Row:
        """The row of ``name`` if ``who`` may change it: 403 for a shipped scenario or one ``who``
        may only read, 404 for one ``who`` may not see."""
        if self.is_shipped(name):
            raise ApiError.of(403, "scenario_shipped", "name", name=name)
        row = self.readable(name, who, "name")
        assert row is not None
        if not can_write_scenario(row, who):
            raise refuse_write(row)
        return row

    def require(self, name: str) -> Row:
        row = self.row(name)
        if row is None:
            raise self._unknown(name, "name")
        return row
