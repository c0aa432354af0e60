"""The network as it stood on a date: dated, sourced status changes of links, places,
chokepoints, borders and corridors, and the network they leave on any day.

A history file (TOML) is a list of events::

    [[event]]
    date = 2026-02-28                      # a TOML date (or "YYYY-MM-DD")
    target = "chokepoint:hormuz"           # see TARGET_KINDS
    action = "close"                       # close | reopen | restrict | surcharge | open
    modes = ["sea"]                        # optional: only links of these modes (default: all)
    delay_h = 0.0                          # restrict: hours added to every run of each link
    surcharge_usd_per_teu = 0.0            # surcharge: USD per TEU (containers) on each link; 0 lifts it
    note_en = "IRGC declares the Strait of Hormuz closed"
    note_fa = "سپاه تنگهٔ هرمز را بسته اعلام می‌کند"
    source = "gCaptain, 2026-03-01, https://..."

Targets: a link id (``L154``), a place id (``IR_BND``: every link at the place), a set of places
(``places:UA_ODS,GE_POT``: every link at any of them, e.g. the sailings of a sea's ports with
``modes = ["sea", "ferry"]``), a chokepoint (``chokepoint:hormuz``: every link tagged with it), a
border (``border:AZ-IR``: every link between the two countries) or a corridor
(``corridor:INSTC``: every link tagged INSTC or INSTC-…).

Per target, the latest event on or before the date rules: ``close`` closes its links, ``restrict``
keeps them open with a delay (and ends a closure), ``reopen`` ends a closure or restriction;
``open`` is a service or line that starts on its date: before it its links are closed (the event
is in force as one still to come), from it they run.
Surcharges are kept apart: the latest ``surcharge`` of a target stays until one with 0 USD. A link is
closed when any event in force closes it; delays and surcharges of all events in force add up.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from dalan.data import read_text
from dalan.errors import InputError, Problem, Said
from dalan.identity_cache import IdentityCache
from dalan.messages import both
from dalan.network.model import CHOKEPOINTS, MODES, Link, Network, is_country_code
from dalan.network.search import closest

ACTIONS: tuple[str, ...] = ("close", "reopen", "restrict", "surcharge", "open")
#: kinds of target written with their kind before a colon (``chokepoint:hormuz``); a link or a
#: place is its bare id
PREFIXED_TARGET_KINDS: tuple[str, ...] = ("places", "chokepoint", "border", "corridor")
TARGET_KINDS: tuple[str, ...] = ("link", "place", *PREFIXED_TARGET_KINDS)
#: Environment variable that fixes what "today" means (YYYY-MM-DD): reproducible runs and tests.
TODAY_ENV = "DALAN_TODAY"
_KEYS = ("date", "target", "action", "modes", "delay_h", "surcharge_usd_per_teu", "note_en", "note_fa", "source")


def today() -> dt.date:
    """The date routes answer for by default: ``$DALAN_TODAY`` when set, else the calendar date."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise InputError(
                Problem.of("environment", TODAY_ENV, pinned, "not_a_date", "date_or_unset")
            ) from None
    return dt.date.today()


@dataclass(frozen=True)
class NetworkEvent:
    """One dated, sourced change of a link, place, set of places, chokepoint, border or corridor."""

    date: dt.date
    target: str
    action: str
    delay_h: float = 0.0
    surcharge_usd_per_teu: float = 0.0
    modes: tuple[str, ...] = ()
    note_en: str = ""
    note_fa: str = ""
    source: str = ""

    @property
    def kind(self) -> str:
        """What the target names: link, place, places, chokepoint, border or corridor."""
        return target_kind(self.target)

    @property
    def key(self) -> str:
        """The target without its kind prefix (a chokepoint name, ``AZ-IR``, a tag, place ids or an id)."""
        return self.target.partition(":")[2] or self.target

    def note(self, lang: str = "en") -> str:
        return self.note_fa if lang == "fa" and self.note_fa else self.note_en

    def links(self, network: Network) -> list[Link]:
        """The links of ``network`` this event acts on (none when its target is not there)."""
        return target_links(network, self.target, self.modes)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "target": self.target,
            "action": self.action,
            "modes": list(self.modes),
            "delay_h": self.delay_h,
            "surcharge_usd_per_teu": self.surcharge_usd_per_teu,
            "note": self.note(lang),
            "source": self.source,
        }


def target_kind(target: str) -> str:
    """What a target names: link, place, places, chokepoint, border or corridor (see the module docstring)."""
    prefix, sep, _ = target.partition(":")
    if sep:
        return prefix
    return "link" if _looks_like_link(target) else "place"


def target_links(network: Network, target: str, modes: Sequence[str] = ()) -> list[Link]:
    """The links of ``network`` a target covers (a link or place id, ``places:ID,ID``,
    ``chokepoint:NAME``, ``border:AA-BB`` or ``corridor:TAG``), only those of ``modes`` when given; none when the
    target is not in the network. Shared by the dated history and scenario edits; memoised on
    the (immutable) network, so a server answering many routes finds them once."""
    found: list[Link] = network.memo(f"target_links:{target}|{','.join(modes)}", lambda: _target_links(network, target, modes))
    return list(found)


def _target_links(network: Network, target: str, modes: Sequence[str]) -> list[Link]:
    kind, key = target_kind(target), target.partition(":")[2] or target
    if kind == "link":
        found = [network.link(key)] if network.has_link(key) else []
    elif kind == "place":
        found = list(network.links_at(key)) if network.has_place(key) else []
    elif kind == "places":
        wanted = set(place_set(target))
        found = [ln for ln in network.links if ln.from_id in wanted or ln.to_id in wanted]
    elif kind == "chokepoint":
        found = [ln for ln in network.links if key in ln.chokepoints]
    elif kind == "border":
        pair = set(key.split("-"))
        found = [ln for ln in network.links if _countries(network, ln) == pair]
    else:
        found = [ln for ln in network.links if any(c == key or c.startswith(key + "-") for c in ln.corridors)]
    return [ln for ln in found if not modes or ln.mode in modes]


def place_set(target: str) -> tuple[str, ...]:
    """The place ids a ``places:ID,ID`` target names, in its order."""
    return tuple(p.strip() for p in target.partition(":")[2].split(","))


def missing_places(network: Network, target: str) -> tuple[str, ...]:
    """The places a ``places:…`` target names that ``network`` does not have (none for other kinds)."""
    return tuple(p for p in place_set(target) if not network.has_place(p)) if target_kind(target) == "places" else ()


def missing_place_problems(network: Network, target: str, where: str, field_name: str, file: str) -> list[Problem]:
    """One problem per place a ``places:…`` target names that ``network`` does not have, with
    the closest place ids (:func:`missing_places`)."""
    missing = missing_places(network, target)
    ids = [p.id for p in network.places] if missing else []
    problems = []
    for place in missing:
        close = closest(place, ids)
        problems.append(Problem.of(where, field_name, place, "no_such_place", "did_you_mean" if close else "", file, suggestions=close))
    return problems


def _looks_like_link(ident: str) -> bool:
    """Link ids are a letter and digits (``L154``, ``X130``); place ids are ``CC_XXX``."""
    return "_" not in ident and ident[:1].isalpha() and ident[1:].isdigit()


def _countries(network: Network, link: Link) -> set[str]:
    return {network.place(link.from_id).country, network.place(link.to_id).country}


@dataclass(frozen=True)
class History:
    """Events sorted by date (stable: same-day events keep their file order)."""

    events: tuple[NetworkEvent, ...]
    file: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", tuple(sorted(self.events, key=lambda e: e.date)))

    def in_force(self, date: dt.date) -> list[NetworkEvent]:
        """The close, restrict and surcharge events that rule their target on ``date``, and the
        ``open`` events still to come (a service that has not started keeps its links closed)."""
        state: dict[str, NetworkEvent] = {}
        surcharges: dict[str, NetworkEvent] = {}
        opened: set[str] = set()
        coming: dict[str, NetworkEvent] = {}  # sorted by date: every opening up to ``date`` is seen first
        for event in self.events:
            if event.date > date:
                if event.action == "open" and event.target not in opened:
                    coming.setdefault(event.target, event)
            elif event.action == "surcharge":
                if event.surcharge_usd_per_teu > 0:
                    surcharges[event.target] = event
                else:
                    surcharges.pop(event.target, None)
            elif event.action in ("reopen", "open"):
                state.pop(event.target, None)
                if event.action == "open":
                    opened.add(event.target)
            else:
                state[event.target] = event
        return sorted([*state.values(), *coming.values(), *surcharges.values()], key=lambda e: e.date)

    def about(self, network: Network, element: str) -> list[NetworkEvent]:
        """Events that concern ``element``: a link or place id, ``places:…``, ``chokepoint:…``,
        ``border:…``, ``corridor:…`` or a bare chokepoint name; for a link or place also the
        place-set, chokepoint, border and corridor events that cover it."""
        if element in CHOKEPOINTS:
            element = f"chokepoint:{element}"
        if network.has_link(element):
            return [e for e in self.events if e.target == element or element in {ln.id for ln in e.links(network)}]
        if network.has_place(element):
            return [
                e
                for e in self.events
                if e.target == element or any(element in (ln.from_id, ln.to_id) for ln in e.links(network))
            ]
        return [e for e in self.events if e.target == element]


#: ``network_as_of`` per (network, history) and date: a route worker asks it twice per answer.
_AS_OF: IdentityCache[tuple[Network, tuple[NetworkEvent, ...]]] = IdentityCache(maxsize=16)


def network_as_of(network: Network, history: History, date: dt.date) -> tuple[Network, list[NetworkEvent]]:
    """``network`` as it stood on ``date``, and the events in force that changed it (by date).

    A link closed by an event in force gets status ``closed`` and the event's note and date as its
    ``status_note``; restrictions add ``extra_delay_h``, surcharges ``surcharge_usd_per_teu``. With no event
    in force the same network object is returned (its caches stay warm).
    """
    dated, applied = _AS_OF.get((network, history), date, lambda: _network_as_of(network, history, date))
    return dated, list(applied)


def _network_as_of(network: Network, history: History, date: dt.date) -> tuple[Network, tuple[NetworkEvent, ...]]:
    acting = [(event, event.links(network)) for event in history.in_force(date)]
    applied = [event for event, links in acting if links]
    if not applied:
        return network, ()
    key = f"as_of:{hash(tuple(applied))}"

    def build() -> Network:
        closed: dict[str, NetworkEvent] = {}
        delay: dict[str, float] = {}
        surcharge: dict[str, float] = {}
        for event, links in acting:
            for link in links:
                if event.action in ("close", "open"):  # an "open" in force is one still to come
                    closed.setdefault(link.id, event)
                elif event.action == "restrict":
                    delay[link.id] = delay.get(link.id, 0.0) + event.delay_h
                else:
                    surcharge[link.id] = surcharge.get(link.id, 0.0) + event.surcharge_usd_per_teu
        changed = []
        for link_id in {*closed, *delay, *surcharge}:
            link = network.link(link_id)
            values: dict[str, Any] = {
                "extra_delay_h": link.extra_delay_h + delay.get(link_id, 0.0),
                "surcharge_usd_per_teu": link.surcharge_usd_per_teu + surcharge.get(link_id, 0.0),
            }
            if link_id in closed:
                event = closed[link_id]
                when = "from" if event.action == "open" else "since"
                values |= {"status": "closed", "status_note": f"{event.note_en} ({when} {event.date.isoformat()})"}
            changed.append(replace(link, **values))
        return network.with_changes(links=changed)  # replaced by id: the base order stays

    dated: Network = network.memo(key, build)
    return dated, tuple(applied)


# --- reading -------------------------------------------------------------------------------------


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(value)


def _event_lines(text: str) -> list[int]:
    """The line number of each ``[[event]]`` header, in order (for error messages)."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip().startswith("[[event]]")]


def _number(raw: dict[str, Any], name: str, where: str, file: str, problems: list[Problem]) -> float:
    value = raw.get(name, 0.0)
    unit = both("what.hours" if name == "delay_h" else "what.usd_per_teu")
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(Problem.of(where, name, value, "not_a_number", "what_as_number_eg", file, what=unit))
        return 0.0
    if not math.isfinite(value) or value < 0 or value > 1e7:
        problems.append(Problem.of(where, name, value, "finite_between", "give_what", file, low=0, high="1e7", what=unit))
        return 0.0
    return float(value)


def _text(raw: dict[str, Any], name: str, where: str, file: str, problems: list[Problem]) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        problems.append(
            Problem.of(where, name, value, "missing_or_empty" if value in (None, "") else "must_be_text",
                       "event_source" if name == "source" else "event_needs", file, name=name)
        )  # fmt: skip
        return ""
    return value.strip()


def target_problem(target: str) -> Said | None:
    """Why ``target`` is malformed, and a hint, or None."""
    prefix, sep, key = target.partition(":")
    if not sep:
        return None if target.strip() and " " not in target else Said.of("not_an_id", "link_or_place_id")
    if prefix not in PREFIXED_TARGET_KINDS:
        return Said.of("unknown_target_kind", "target_kinds", kind=prefix)
    if prefix == "places" and not all(p and " " not in p and not _looks_like_link(p) for p in place_set(target)):
        return Said.of("not_place_ids", "place_set")
    if prefix == "chokepoint" and key not in CHOKEPOINTS:
        return Said.of("unknown_chokepoint", "use_one_of", choices=tuple(CHOKEPOINTS))
    if prefix == "border":
        parts = key.split("-")
        if len(parts) != 2 or not all(map(is_country_code, parts)) or parts[0] == parts[1]:
            return Said.of("not_country_pair", "country_pair")
    if prefix == "corridor" and not key.strip():
        return Said.of("empty_corridor_tag", "corridor_tag")
    return None


def _event(raw: Any, where: str, file: str, problems: list[Problem]) -> NetworkEvent | None:
    if not isinstance(raw, dict):
        problems.append(Problem.of(where, "event", raw, "must_be_table", "each_event", file))
        return None
    before = len(problems)
    for name in sorted(set(raw) - set(_KEYS)):
        problems.append(Problem.of(where, name, raw[name], "unknown_field", "known_fields", file, known=_KEYS))
    date: dt.date | None = None
    if "date" not in raw:
        problems.append(Problem.of(where, "date", None, "missing", "event_date", file))
    else:
        try:
            date = _date(raw["date"])
        except (ValueError, TypeError):
            problems.append(Problem.of(where, "date", raw["date"], "not_a_date", "not_a_date", file))
    target = raw.get("target")
    if not isinstance(target, str):
        problems.append(Problem.of(where, "target", target, "missing_or_not_text", "target_example", file))
    elif found := target_problem(target):
        problems.append(found.problem(where, "target", target, file))
    action = raw.get("action")
    if action not in ACTIONS:
        problems.append(Problem.of(where, "action", action, "unknown_action", "use_one_of", file, choices=ACTIONS))
    modes = raw.get("modes", [])
    if not isinstance(modes, list) or not all(isinstance(m, str) and m in MODES for m in modes):
        problems.append(Problem.of(where, "modes", modes, "list_of_modes", "some_modes", file, modes=MODES))
    delay_h = _number(raw, "delay_h", where, file, problems)
    surcharge_usd_per_teu = _number(raw, "surcharge_usd_per_teu", where, file, problems)
    if action != "restrict" and delay_h:
        problems.append(Problem.of(where, "delay_h", delay_h, "no_delay", "restrict", file, action=str(action)))
    if action != "surcharge" and surcharge_usd_per_teu:
        problems.append(Problem.of(where, "surcharge_usd_per_teu", surcharge_usd_per_teu, "no_surcharge", "surcharge", file, action=str(action)))
    notes = [_text(raw, name, where, file, problems) for name in ("note_en", "note_fa", "source")]
    if len(problems) > before or date is None:
        return None
    return NetworkEvent(date, str(target), str(action), delay_h, surcharge_usd_per_teu, tuple(modes), *notes)


def parse_history(text: str, file: str) -> History:
    """Parse a history TOML text; InputError naming the file, event (and line), field and a hint."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(
            Problem.of(f"line {line}" if line else "file", "toml", "", "not_toml", "toml_line", file, error=str(getattr(exc, "msg", exc)))
        ) from None  # fmt: skip
    problems: list[Problem] = []
    for key in sorted(set(data) - {"event"}):
        problems.append(Problem.of("file", key, data[key], "unknown_top_key", "each_event", file))
    raw_events = data.get("event", [])
    if not isinstance(raw_events, list):
        problems.append(Problem.of("file", "event", raw_events, "list_of_tables", "each_event", file))
        raw_events = []
    lines = _event_lines(text)
    events = []
    for k, raw in enumerate(raw_events, start=1):
        where = f"event {k} (line {lines[k - 1]})" if k <= len(lines) else f"event {k}"
        event = _event(raw, where, file, problems)
        if event is not None:
            events.append(event)
    if problems:
        raise InputError(problems)
    return History(tuple(events), file)


def read_history(path: str | Path | None = None) -> History:
    """A history file, or the shipped one (``dalan/data/history.toml``, following
    observations/disruptions.md) when ``path`` is None."""
    text, name = read_text(path, "history.toml", both("file_kind.history"))
    return parse_history(text, name)


@lru_cache(maxsize=1)
def load_history() -> History:
    """The shipped history, read once."""
    return read_history(None)


def unknown_targets(history: History, network: Network) -> list[Problem]:
    """One problem per event whose target ``network`` does not have or that acts on no link; an
    event naming places of a set that are not there, one per place, with the closest ids."""
    problems = []
    for k, event in enumerate(history.events, start=1):
        where = f"event {k} ({event.date})"
        missing = missing_place_problems(network, event.target, where, "target", history.file)
        if missing:
            problems.extend(missing)
        elif not event.links(network):
            problems.append(Problem.of(where, "target", event.target, "no_link_acted", "check_target", history.file))
    return problems


def checked_history(history: History, network: Network) -> History:
    """``history`` when every event acts on ``network`` (:func:`unknown_targets`), else an
    :class:`InputError` naming each event whose target it lacks."""
    problems = unknown_targets(history, network)
    if problems:
        raise InputError(problems)
    return history


def events_touching(
    network: Network, events: Sequence[NetworkEvent], link_ids: Iterable[str], countries: Iterable[str]
) -> list[NetworkEvent]:
    """The events that act on one of ``link_ids`` or on a link with an end in one of ``countries``."""
    wanted, lands = set(link_ids), set(countries)
    return [
        e for e, (acted, ends) in zip(events, event_reach(network, events))
        if not acted.isdisjoint(wanted) or not ends.isdisjoint(lands)
    ]  # fmt: skip


#: :func:`event_reach` per network and events (a route worker asks it for each answer).
_REACH: IdentityCache[tuple[tuple[frozenset[str], frozenset[str]], ...]] = IdentityCache(maxsize=16)


def event_reach(network: Network, events: Sequence[NetworkEvent]) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Per event: the ids of the links of ``network`` it acts on, and the countries at their ends."""

    def build() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
        reach = []
        for event in events:
            links = event.links(network)
            ends = frozenset(c for ln in links for c in _countries(network, ln))
            reach.append((frozenset(ln.id for ln in links), ends))
        return tuple(reach)

    return _REACH.get((network,), tuple(events), build)


__all__ = [
    "ACTIONS",
    "PREFIXED_TARGET_KINDS",
    "TARGET_KINDS",
    "TODAY_ENV",
    "History",
    "NetworkEvent",
    "checked_history",
    "event_reach",
    "events_touching",
    "load_history",
    "missing_place_problems",
    "missing_places",
    "network_as_of",
    "parse_history",
    "place_set",
    "read_history",
    "target_links",
    "target_problem",
    "today",
    "unknown_targets",
]
