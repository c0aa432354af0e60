"""Sanctions and restrictions as dated, sourced rules applied per origin–destination.

A rules file (TOML) is a list of rules::

    [[rule]]
    date = 2023-05-29                 # in force from this day
    kind = "no_transit"               # no_transit | no_entry | no_call
    cargo_from = ["IR"]               # origin countries it applies to (empty: any)
    cargo_to = []                     # destination countries it applies to (empty: any)
    cargo_either = []                 # applies when the origin OR the destination is one of these
    where = ["UA"]                    # countries (no_transit, no_entry) or place ids (no_call)
    note_en = "Ukraine bans the transit of Iranian goods"
    note_fa = "..."
    source = "disruptions.md §4: ..."

``no_transit``: the cargo may not pass through those countries (their places may still be its
origin or destination); ``no_entry``: not even that; ``no_call``: it may not pass those places.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from dalan.data import read_text
from dalan.errors import InputError, Problem
from dalan.messages import both
from dalan.network.model import Network, Place

KINDS: tuple[str, ...] = ("no_transit", "no_entry", "no_call")
_KEYS = ("date", "kind", "cargo_from", "cargo_to", "cargo_either", "where", "note_en", "note_fa", "source")


@dataclass(frozen=True)
class Rule:
    """One dated, sourced restriction on cargo of some origins or destinations."""

    date: dt.date
    kind: str
    where: tuple[str, ...]
    cargo_from: tuple[str, ...] = ()
    cargo_to: tuple[str, ...] = ()
    cargo_either: tuple[str, ...] = ()
    note_en: str = ""
    note_fa: str = ""
    source: str = ""

    def applies(self, origin_country: str, destination_country: str, on: dt.date) -> bool:
        """Whether the rule binds cargo from ``origin_country`` to ``destination_country`` on ``on``."""
        if on < self.date:
            return False
        if self.cargo_from and origin_country not in self.cargo_from:
            return False
        if self.cargo_to and destination_country not in self.cargo_to:
            return False
        return not self.cargo_either or bool({origin_country, destination_country} & set(self.cargo_either))

    def note(self, lang: str = "en") -> str:
        return self.note_fa if lang == "fa" and self.note_fa else self.note_en


def parse_rules(text: str, file: str) -> tuple[Rule, ...]:
    """Rules from TOML text; InputError naming file, rule, field and value for every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Problem.of("rules", "", "", "not_toml", "toml_syntax", file, error=str(exc))) from None
    return rules_from_tables(data.get("rule", []), file)


def rules_from_tables(tables: object, file: str) -> tuple[Rule, ...]:
    """Rules from parsed ``[[rule]]`` tables (a rules file's or a scenario file's), sorted by
    date; InputError naming file, rule, field and value for every problem."""
    if not isinstance(tables, list):
        raise InputError(Problem.of("rule", "", tables, "list_of_tables", "each_rule", file))
    problems: list[Problem] = []
    rules = []
    for k, raw in enumerate(tables, start=1):
        where = f"rule {k}"
        if not isinstance(raw, dict):
            problems.append(Problem.of(where, "", raw, "must_be_table", "each_rule", file))
            continue
        unknown = sorted(set(raw) - set(_KEYS))
        if unknown:
            problems.append(Problem.of(where, unknown[0], raw[unknown[0]], "unknown_field", "choices", file, choices=_KEYS))
        date = raw.get("date")
        if isinstance(date, str):
            try:
                date = dt.date.fromisoformat(date)
            except ValueError:
                date = None
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            problems.append(Problem.of(where, "date", raw.get("date"), "not_a_date", "rule_date", file))
        if raw.get("kind") not in KINDS:
            problems.append(Problem.of(where, "kind", raw.get("kind"), "unknown_kind", "choices", file, choices=KINDS))
        lists = {}
        for key in ("where", "cargo_from", "cargo_to", "cargo_either"):
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                problems.append(Problem.of(where, key, value, "list_of_codes", "codes_example", file))
                value = []
            lists[key] = tuple(value)
        if not lists["where"]:
            problems.append(Problem.of(where, "where", raw.get("where"), "empty", "name_countries", file))
        if not str(raw.get("source", "")).strip():
            problems.append(Problem.of(where, "source", raw.get("source"), "missing_source", "cite_document", file))
        if not problems or all(p.record != where for p in problems):
            assert isinstance(date, dt.date)
            rule = Rule(date, str(raw["kind"]), lists["where"], lists["cargo_from"], lists["cargo_to"], lists["cargo_either"])
            rules.append(dataclasses.replace(rule, note_en=str(raw.get("note_en", "")), note_fa=str(raw.get("note_fa", "")), source=str(raw["source"])))
    if problems:
        raise InputError(problems)
    return tuple(sorted(rules, key=lambda r: r.date))


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The shipped rules (``dalan/data/rules.toml``)."""
    return parse_rules(*read_text(None, "rules.toml", both("file_kind.rules")))


def binding_rules(rules: tuple[Rule, ...], origin: Place, destination: Place, on: dt.date) -> list[Rule]:
    """The rules in force on ``on`` for cargo from ``origin`` to ``destination``."""
    return [r for r in rules if r.applies(origin.country, destination.country, on)]


def barred(network: Network, rules: list[Rule], stops: list[Place]) -> tuple[frozenset[str], frozenset[str]]:
    """(countries, place ids) the cargo may not pass under ``rules``: a transit ban spares the
    countries of the stops; an entry ban does not (the route is then impossible)."""
    stop_countries = {p.country for p in stops}
    countries: set[str] = set()
    places: set[str] = set()
    for rule in rules:
        if rule.kind == "no_call":
            places.update(p for p in rule.where if network.has_place(p))
        elif rule.kind == "no_entry":
            countries.update(rule.where)
        else:
            countries.update(c for c in rule.where if c not in stop_countries)
    return frozenset(countries), frozenset(places)


def barred_items(network: Network, rules: tuple[Rule, ...], origin: Place, destination: Place, on: dt.date) -> list[str]:
    """What cargo from ``origin`` to ``destination`` must avoid on ``on`` under ``rules``, as
    ``avoid`` items (ISO codes and place ids), for callers that route on a precompiled graph."""
    countries, places = barred(network, binding_rules(rules, origin, destination, on), [origin, destination])
    return sorted(countries) + sorted(places)


__all__ = ["KINDS", "Rule", "barred", "barred_items", "binding_rules", "load_rules", "parse_rules", "rules_from_tables"]
