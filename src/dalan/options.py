"""The typed input layer for routes: one validated :class:`RouteOptions` shared by the library,
the CLI, the web API and ``dalan backtest``.

Every interface builds its options with :meth:`RouteOptions.build` from what the user typed
(strings or lists); every problem is reported at once, naming the field, the value and a fix.
The engines take only the built object, so an option is honoured everywhere or refused.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dalan.choices import CARGO_CLASSES
from dalan.costing.parameters import CREWS
from dalan.errors import InputError, Problem
from dalan.messages import Text, both

MODES: tuple[str, ...] = ("rail", "road", "sea", "ferry")
CRITERIA: tuple[str, ...] = ("time", "cost", "co2", "generalized")
WATER_MODES: frozenset[str] = frozenset({"sea", "ferry"})
MAX_ALTERNATIVES = 20
#: Most changes of mode or gauge a route may be limited to (each one adds a layer to the expanded graph).
MAX_TRANSFERS = 10
MAX_VIA = 10
#: Drivers per truck: one, or a crew of two taking turns (multi-manning, EU 561/2006 / AETR).
MAX_DRIVERS = max(CREWS)

#: ``reliability``: choose and report by the mean time, or by a percentile p50 … p99
RELIABILITY_PATTERN = re.compile(r"^(mean|p([5-9][0-9]))$")
#: A Dask scheduler address: ``[PROTOCOL://]HOST:PORT`` (tcp, tls, ws, wss, ucx; an IPv6 host in
#: brackets), or ``inproc://…`` (a scheduler in this process, e.g. a test's LocalCluster).
SCHEDULER_PATTERN = re.compile(r"^((tcp|tls|ws|wss|ucx)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$|^inproc://\S+$")


def split_items(value: str | Iterable[str] | None, sep: str) -> list[str]:
    """``"a;b"`` or ``["a", "b;c"]`` → ``["a", "b", "c"]`` (blank items dropped)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in items for part in str(item).split(sep) if part.strip()]


def parse_modes(value: str | Iterable[str] | None, record: str = "route", field_name: str = "modes") -> tuple[str, ...] | None:
    """``"rail,road"`` → ``("rail", "road")``; empty or ``*`` → None (every mode)."""
    items = [m.lower() for m in split_items(value, ",")]
    if not items or items == ["*"]:
        return None
    unknown = [m for m in items if m not in MODES]
    if unknown:
        raise InputError(
            Problem.of(record, field_name, ", ".join(unknown), "unknown_mode", "unknown_mode", choices=", ".join(MODES))
        )
    return tuple(dict.fromkeys(items))


def parse_leg_modes(value: str | Sequence[str] | None, record: str = "route") -> tuple[tuple[str, ...] | None, ...]:
    """``"sea;rail,road;*"`` → one entry per segment: a tuple of modes, or None for any mode."""
    if value is None or value == "" or (not isinstance(value, str) and not value):
        return ()
    parts = value.split(";") if isinstance(value, str) else list(value)
    return tuple(parse_modes(part, record, "leg_modes") for part in parts)


@dataclass(frozen=True)
class RouteOptions:
    """What a route question asks, validated.

    ``via`` places are visited in order; ``leg_modes`` (when given) has one entry per segment
    between origin, vias and destination, each a tuple of modes or None (any mode); ``modes``
    restricts the whole trip. ``avoid`` holds countries (ISO code or name, English or Persian),
    places or link ids. ``alternatives`` > 1 asks for the K best routes, ``pareto`` for every
    route not beaten on time, cost and CO2e.
    """

    origin: str
    destination: str
    via: tuple[str, ...] = ()
    leg_modes: tuple[tuple[str, ...] | None, ...] = ()
    modes: tuple[str, ...] | None = None
    avoid: tuple[str, ...] = ()
    max_transfers: int | None = None
    cargo: str = "container"
    quantity: float = 1.0
    by: str = "time"
    include_planned: bool = False
    value_of_time_usd_per_h: float | None = None
    carbon_price_usd_per_t: float | None = None
    alternatives: int = 1
    pareto: bool = False
    scenario: str = "baseline"
    date: dt.date | None = None
    reliability: str = "mean"
    drivers: int = 1
    #: the shipment fills its own train: bulk and cars run as a block train (``Costing.whole_trains``)
    whole_train: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def stops(self) -> tuple[str, ...]:
        return (self.origin, *self.via, self.destination)

    def segment_modes(self) -> list[tuple[str, ...] | None]:
        """Allowed modes per segment: ``leg_modes`` where given, each narrowed by ``modes``."""
        n = len(self.via) + 1
        legs: list[tuple[str, ...] | None] = list(self.leg_modes) if self.leg_modes else [None] * n
        if self.modes is None:
            return legs
        return [self.modes if leg is None else tuple(m for m in leg if m in self.modes) for leg in legs]

    def explicit_water_segments(self) -> list[bool]:
        """Per segment: whether ``leg_modes`` names sea or ferry for it (the cargo sails from its start)."""
        n = len(self.via) + 1
        if not self.leg_modes:
            return [False] * n
        return [leg is not None and bool(WATER_MODES & set(leg)) for leg in self.leg_modes]

    @classmethod
    def build(
        cls,
        origin: Any,
        destination: Any,
        *,
        via: Any = (),
        leg_modes: Any = None,
        modes: Any = None,
        avoid: Any = (),
        max_transfers: Any = None,
        cargo: Any = "container",
        quantity: Any = 1.0,
        by: Any = "time",
        include_planned: bool = False,
        value_of_time_usd_per_h: Any = None,
        carbon_price_usd_per_t: Any = None,
        alternatives: Any = 1,
        pareto: bool = False,
        scenario: Any = "baseline",
        date: Any = None,
        reliability: Any = "mean",
        drivers: Any = 1,
        whole_train: bool = False,
        record: str = "route",
    ) -> RouteOptions:
        """Options from user input (strings or lists); InputError listing every problem."""
        problems: list[Problem] = []

        def check(fn, *args):
            try:
                return fn(*args)
            except InputError as error:
                problems.extend(error.problems)
                return None

        origin_s, destination_s = str(origin or "").strip(), str(destination or "").strip()
        if not origin_s:
            problems.append(Problem.of(record, "origin", origin, "empty", "name_place", example=Text("Tehran", "تهران")))
        if not destination_s:
            problems.append(Problem.of(record, "destination", destination, "empty", "name_place", example=Text("Moscow", "مسکو")))
        vias = tuple(split_items(via, ";"))
        if len(vias) > MAX_VIA:
            problems.append(Problem.of(record, "via", len(vias), "too_many_vias", "drop_some", limit=MAX_VIA))
        legs = check(parse_leg_modes, leg_modes, record) or ()
        if legs and len(legs) != len(vias) + 1:
            problems.append(
                Problem.of(
                    record,
                    "leg_modes",
                    ";".join("*" if leg is None else ",".join(leg) for leg in legs),
                    "segment_count",
                    "segment_count",
                    legs=len(legs),
                    segments=len(vias) + 1,
                    vias=len(vias),
                )
            )
        trip_modes = check(parse_modes, modes, record)
        if legs and trip_modes is not None:
            for k, leg in enumerate(legs):
                if leg is not None and not set(leg) & set(trip_modes):
                    problems.append(
                        Problem.of(record, "leg_modes", ",".join(leg), "segment_modes", "widen", segment=k + 1, modes=",".join(trip_modes))
                    )
        avoids = tuple(latin_digits(item) for item in split_items(avoid, ";"))
        transfers = _int(max_transfers, "max_transfers", record, problems, low=0, high=MAX_TRANSFERS, optional=True)
        count = _int(alternatives, "alternatives", record, problems, low=1, high=MAX_ALTERNATIVES)
        crew = _int(drivers, "drivers", record, problems, low=1, high=MAX_DRIVERS)
        qty = _number(quantity, "quantity", record, problems, positive=True)
        vot = _number(value_of_time_usd_per_h, "value_of_time_usd_per_h", record, problems, optional=True)
        carbon = _number(carbon_price_usd_per_t, "carbon_price_usd_per_t", record, problems, optional=True)
        cargo_s = str(getattr(cargo, "value", cargo)).strip().lower()
        if cargo_s not in CARGO_CLASSES:
            problems.append(Problem.of(record, "cargo", cargo, "unknown_cargo", "choices", choices=", ".join(CARGO_CLASSES)))
        by_s = str(getattr(by, "value", by)).strip().lower()
        if by_s not in CRITERIA:
            problems.append(Problem.of(record, "by", by, "unknown_criterion", "choices", choices=", ".join(CRITERIA)))
        if pareto and count is not None and count > 1:
            problems.append(Problem.of(record, "alternatives", count, "not_with_pareto", "one_of_them"))
        when = _date(date, record, problems)
        reliability_s = latin_number(str(getattr(reliability, "value", reliability) or "mean")).lower()
        if not RELIABILITY_PATTERN.match(reliability_s):
            problems.append(
                Problem.of(record, "reliability", reliability, "not_reliability", "reliability")
            )
        if problems:
            raise InputError(problems)
        return cls(
            origin=origin_s,
            destination=destination_s,
            via=vias,
            leg_modes=tuple(legs),
            modes=trip_modes,
            avoid=avoids,
            max_transfers=transfers,
            cargo=cargo_s,
            quantity=float(qty),  # type: ignore[arg-type]
            by=by_s,
            include_planned=bool(include_planned),
            value_of_time_usd_per_h=vot,
            carbon_price_usd_per_t=carbon,
            alternatives=int(count),  # type: ignore[arg-type]
            pareto=bool(pareto),
            scenario=str(scenario or "baseline"),
            date=when,
            reliability=reliability_s,
            drivers=int(crew),  # type: ignore[arg-type]
            whole_train=bool(whole_train),
        )


def parse_date(value: Any, record: str) -> dt.date | None:
    """A date from user input (``YYYY-MM-DD``) or None; InputError naming ``record``."""
    problems: list[Problem] = []
    when = _date(value, record, problems)
    if problems:
        raise InputError(problems)
    return when


def _date(value: Any, record: str, problems: list[Problem]) -> dt.date | None:
    """A date (``YYYY-MM-DD``, a ``datetime.date`` or None for today's market)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(Problem.of(record, "date", value, "not_a_date", "not_a_date"))
        return None


#: Persian (۰–۹) and Arabic-Indic (٠–٩) digits, the Arabic decimal separator and thousands marks,
#: as Latin: «۶۰» and «۲٫۵» are numbers too.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬،", "01234567890123456789.,,")
_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)


def latin_digits(text: str) -> str:
    """``text`` with Persian and Arabic-Indic digits as Latin ones (ids such as «L۰۱۳» → L013)."""
    return text.translate(_LATIN_DIGITS)


def latin_number(text: str) -> str:
    """``text`` with Persian/Arabic digits and separators as Latin, thousands separators dropped."""
    return _strip_blanks(text.translate(_DIGITS).replace(",", ""))


def _strip_blanks(text: str) -> str:
    """``text`` without the blanks float() ignores (str.strip also drops U+001C-U+001F, which
    float() refuses: stripping them would accept "1\\x1f" as 1)."""
    start, end = 0, len(text)
    while start < end and text[start].isspace() and text[start] not in _SEPARATORS:
        start += 1
    while end > start and text[end - 1].isspace() and text[end - 1] not in _SEPARATORS:
        end -= 1
    return text[start:end]


_SEPARATORS = "\x1c\x1d\x1e\x1f"


def _number(value: Any, name: str, record: str, problems: list[Problem], *, positive: bool = False, optional: bool = False) -> float | None:
    if value is None or value == "":
        if optional:
            return None
        problems.append(Problem.of(record, name, value, "missing_number", "missing_number"))
        return None
    try:
        number = float(latin_number(value)) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        problems.append(Problem.of(record, name, value, "not_a_number", "not_a_number"))
        return None
    if not math.isfinite(number):
        problems.append(Problem.of(record, name, value, "not_finite", "not_finite"))
        return None
    if number < 0 or (positive and number == 0):
        problems.append(Problem.of(record, name, value, "not_positive" if positive else "negative", "above_zero"))
        return None
    return number


def _int(value: Any, name: str, record: str, problems: list[Problem], *, low: int, high: int | None = None, optional: bool = False) -> int | None:
    number = _number(value, name, record, problems, optional=optional)
    if number is None:
        return None
    if number != int(number) or number < low or (high is not None and number > high):
        if high is None:
            problems.append(Problem.of(record, name, value, "whole_at_least", "whole_at_least", low=low))
        else:
            problems.append(Problem.of(record, name, value, "whole_between", "whole_between", low=low, high=high))
        return None
    return int(number)


def parse_scheduler(value: Any, record: str) -> str | None:
    """The address of a Dask scheduler to run on, or None (run here): ``tcp://HOST:8786``, the
    other protocols of :data:`SCHEDULER_PATTERN`, or ``HOST:PORT``; InputError naming ``record``."""
    if value is None or str(value).strip() == "":
        return None
    address = str(value).strip()
    found = SCHEDULER_PATTERN.match(address)
    if found is None or (found.group(4) is not None and not 0 < int(found.group(4)) < 65536):
        raise InputError(Problem.of(record, "scheduler", value, "not_a_scheduler", "scheduler_address"))
    return address


def check_numbers(record: str, *checks: tuple[str, Any, float, float | None, bool]) -> list[float]:
    """Each ``(name, value, low, high, low_open)`` as a float, or one InputError listing every value
    that is not a finite number with ``low <= value <= high`` (``low < value`` when ``low_open``;
    no upper bound when ``high`` is None). For run settings that are not route options: gaps,
    factors, iteration counts."""
    problems: list[Problem] = []
    out: list[float] = []
    for name, value, low, high, low_open in checks:
        try:
            number = float(str(value).strip()) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            number = math.nan
        inside = math.isfinite(number) and (number > low if low_open else number >= low) and (high is None or number <= high)
        if not inside:
            bound = both("bound.above" if low_open else "bound.at_least", low=low)
            if high is not None:
                bound = both("bound.and_at_most", bound=bound, high=high)
            problems.append(Problem.of(record, name, value, "finite_bound", "number_bound", bound=bound))
        out.append(number)
    if problems:
        raise InputError(problems)
    return out


__all__ = ["RouteOptions", "check_numbers", "parse_leg_modes", "parse_modes", "parse_scheduler", "split_items"]
