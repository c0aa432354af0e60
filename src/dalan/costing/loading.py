"""Read costing parameters from TOML, reporting every problem with file, key and value."""

from __future__ import annotations

import math
import statistics
from pathlib import Path
from typing import Any

from dalan.costing.border_times import BorderTimes, read_border_times
from dalan.costing.model import (
    GAUGE_CHANGE_KEYS,
    HANDLING_KEYS,
    RATE_KEYS,
    CargoClass,
    Costing,
    TimeCost,
    apply_parameters,
)
from dalan.costing.parameters import DrivingRules, Groups, Parameter
from dalan.costing.sea_market import SERIES, monthly_level, read_sea_market
from dalan.data import read_toml
from dalan.errors import InputError, Problem
from dalan.messages import both
from dalan.network.model import is_country_code

DEFAULT_COSTING = "costing.toml"


class _Reader:
    """Pulls typed values out of the parsed TOML, collecting problems instead of stopping."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def number(self, table: Any, key: str, where: str, minimum: float = 0.0, maximum: float = 1e12) -> float:
        """A finite number ``minimum <= value <= maximum`` (each problem recorded; 0.0 stands in)."""
        value = table.get(key) if isinstance(table, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problems.append(Problem.of(where, key, value, "missing_or_nan", "add_it" if value is None else "missing_number", self.file))
            return 0.0
        if not math.isfinite(value):
            self.problems.append(Problem.of(where, key, value, "not_finite_number", "no_nan", self.file))
            return 0.0
        if value < minimum:
            self.problems.append(Problem.of(where, key, value, "at_least", "check_sign", self.file, low=minimum))
        elif value > maximum:
            self.problems.append(Problem.of(where, key, value, "at_most", "magnitude", self.file, high=maximum))
        return float(value)

    def flag(self, table: dict[str, Any], key: str, where: str) -> bool:
        """``table[key]`` if it is true or false; False if absent; a problem if it is something else."""
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problems.append(Problem.of(where, key, value, "must_be_bool", "true_or_false", self.file))
            return False
        return value

    def table(self, table: Any, key: str, where: str) -> dict[str, Any]:
        value = table.get(key) if isinstance(table, dict) else None
        if not isinstance(value, dict):
            self.problems.append(Problem.of(where, key, value, "missing_table", "add_table", self.file, table=f"{where}.{key}"))
            return {}
        return value

    def optional_table(self, table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        """``table[key]`` if it is a table, {} if absent; a problem if it is something else."""
        value = table.get(key, {})
        if not isinstance(value, dict):
            self.problems.append(Problem.of(where, key, value, "must_be_table", "table_lines", self.file, table=key))
            return {}
        return value

    def time_costs(self, table: dict[str, Any], keys: tuple[str, ...], where: str) -> dict[str, TimeCost]:
        out = {}
        for key in keys:
            entry = self.table(table, key, where)
            out[key] = TimeCost(self.number(entry, "time_h", f"{where}.{key}"), self.number(entry, "cost_usd", f"{where}.{key}"))
        return out


def _cargo(reader: _Reader, name: str, table: Any) -> CargoClass:
    where = f"cargo.{name}"
    if not isinstance(table, dict):
        reader.problems.append(Problem.of("cargo", name, table, "must_be_table", "write_table", reader.file, table=f"cargo.{name}"))
        table = {}
    travels_by = _travels_by(reader, table, where)
    rates = reader.table(table, "rate_usd_per_km", where)
    for key in sorted(set(rates) & set(RATE_KEYS) - set(travels_by)):
        reader.problems.append(Problem.of(f"{where}.rate_usd_per_km", key, rates[key], "not_travelled", "travel_or_drop", reader.file, key=key))
    fares = reader.optional_table(table, "fare_usd", where)
    for key in sorted(set(fares) - set(RATE_KEYS)):
        reader.problems.append(Problem.of(f"{where}.fare_usd", key, fares[key], "unknown_key", "use_keys", reader.file, keys=RATE_KEYS))
    border = reader.table(table, "border", where)
    unit = table.get("unit")
    if not isinstance(unit, str) or not unit:
        reader.problems.append(Problem.of(where, "unit", unit, "missing_unit", "unit_example", reader.file))
    return CargoClass(
        name=name,
        unit=str(unit),
        tonnes_per_unit=reader.number(table, "tonnes_per_unit", where, minimum=1e-9),
        value_of_time_usd_per_h=reader.number(table, "value_of_time_usd_per_h", where),
        rate_usd_per_km={k: reader.number(rates, k, f"{where}.rate_usd_per_km") for k in travels_by},
        fare_usd={k: reader.number(fares, k, f"{where}.fare_usd") for k in RATE_KEYS if k in fares},
        handling=reader.time_costs(reader.table(table, "handling", where), HANDLING_KEYS, f"{where}.handling"),
        rail_border_fee_usd=reader.number(border, "rail_fee_usd", f"{where}.border"),
        road_border_fee_usd=reader.number(border, "road_fee_usd", f"{where}.border"),
        gauge_change=reader.time_costs(reader.table(table, "gauge_change", where), GAUGE_CHANGE_KEYS, f"{where}.gauge_change"),
        roll_on_roll_off=reader.flag(table, "roll_on_roll_off", where),
        travels_by=travels_by,
    )


def _travels_by(reader: _Reader, table: dict[str, Any], where: str) -> tuple[str, ...]:
    """A class's ``travels_by``: some of :data:`RATE_KEYS` (every one when it is not given)."""
    value = table.get("travels_by", list(RATE_KEYS))
    if not isinstance(value, list) or not value or not all(isinstance(k, str) for k in value):
        reader.problems.append(Problem.of(where, "travels_by", value, "must_be_key_list", "use_keys", reader.file, keys=RATE_KEYS))
        return RATE_KEYS
    unknown = sorted(set(value) - set(RATE_KEYS))
    if unknown:
        reader.problems.append(Problem.of(where, "travels_by", ", ".join(unknown), "unknown_key", "use_keys", reader.file, keys=RATE_KEYS))
    return tuple(k for k in RATE_KEYS if k in value)


def costing_from_dict(data: dict[str, Any], file: str = "") -> Costing:
    """Build :class:`Costing` from parsed TOML; raise InputError listing every problem."""
    reader = _Reader(file)
    general = reader.table(data, "general", "costing")
    speeds = reader.table(data, "speed_kmh", "costing")
    co2 = reader.table(data, "co2_kg_per_tkm", "costing")
    sailings = reader.table(data, "default_sailings_per_week", "costing")
    cargo_tables = reader.table(data, "cargo", "costing")
    sea = _sea_market(reader, general)
    costing = Costing(
        cargo={name: _cargo(reader, name, table) for name, table in cargo_tables.items()},
        speed_kmh={k: reader.number(speeds, k, "speed_kmh", 0.1, 1000.0) for k in speeds},
        co2_kg_per_tkm={k: reader.number(co2, k, "co2_kg_per_tkm") for k in ("rail_electric", "rail_diesel", "road", "ferry", "sea_short", "sea_deep")},
        default_sailings_per_week={k: reader.number(sailings, k, "default_sailings_per_week", 0.01, 10_000.0) for k in ("sea", "ferry")},
        carbon_price_usd_per_t=reader.number(general, "carbon_price_usd_per_t", "general", 0.0, 100_000.0),
        deep_sea_min_speed_kmh=reader.number(general, "deep_sea_min_speed_kmh", "general", 0.1, 100.0),
        border_dwell_factor=reader.number(general, "border_dwell_factor", "general", 1e-6, 100.0),
        voyage_border_h=reader.number(general, "voyage_border_h", "general", 0.0, 24.0 * 365),
        parameters=_parameters(reader, reader.optional_table(data, "parameters", "costing")),
        groups=_groups(reader, reader.optional_table(data, "groups", "costing")),
        driving=_driving(reader, reader.optional_table(data, "driving_rules", "costing")),
        sea_rate_index=_year_index(reader, reader.optional_table(data, "sea_rate_index", "costing"), "sea_rate_index"),
        rail_speed_index=_keyed_year_index(reader, data, "rail_speed_index"),
        rail_rate_index=_keyed_year_index(reader, data, "rail_rate_index"),
        sea_through_places=_place_ids(reader, general, "sea_through_places"),
        block_train_waits_at=_place_ids(reader, general, "block_train_waits_at"),
        block_train_waits_entering=_place_countries(reader, general, "block_train_waits_entering"),
        block_train_border_h=_place_hours(reader, reader.optional_table(data, "block_train_border_h", "costing"), "block_train_border_h"),
        rail_port_queue_h=_keyed_year_index(reader, data, "rail_port_queue_h", 0.0, 720.0),
        border_times=_border_times(reader, general),
        customs_unions=_customs_unions(reader, reader.optional_table(data, "customs_unions", "costing")),
        **sea,
        source=file,
    )
    for key in ("rail_1435", "rail_1520", "road", "sea", "ferry"):
        if isinstance(speeds, dict) and key not in speeds:
            reader.problems.append(Problem.of("speed_kmh", key, None, "missing_speed", "add_it", file))
    for place_id in sorted(costing.block_train_waits_at - set(costing.block_train_border_h)):  # a wait before a published stop
        reader.problems.append(Problem.of("general", "block_train_waits_at", place_id, "queue_without_stop", "add_block_train_stop", file))
    for place_id in sorted(set(costing.block_train_waits_entering) - costing.block_train_waits_at):  # a direction of a wait
        reader.problems.append(Problem.of("general", "block_train_waits_entering", place_id, "direction_without_queue", "add_block_train_wait", file))
    if reader.problems:
        raise InputError(reader.problems)
    return apply_parameters(costing)


def _parameters(reader: _Reader, table: dict[str, Any]) -> dict[str, Parameter]:
    """``[parameters]``: name = {value, low, high, unit, source, free}; low <= value <= high."""
    out = {}
    for name, entry in table.items():
        where = f"parameters.{name}"
        if not isinstance(entry, dict):
            reader.problems.append(Problem.of("parameters", name, entry, "must_be_table", "parameter_table", reader.file))
            continue
        value, low, high = (reader.number(entry, key, where, minimum=-1e12) for key in ("value", "low", "high"))
        if not low <= value <= high:
            reader.problems.append(Problem.of(where, "value", value, "outside_bounds", "keep_bounds", reader.file, low=low, high=high))
        if not str(entry.get("source", "")).strip():
            reader.problems.append(Problem.of(where, "source", entry.get("source"), "missing_source", "name_document", reader.file))
        prior = reader.number(entry, "prior", where, minimum=-1e300) if "prior" in entry else None
        out[name] = Parameter(
            name, value, low, high, str(entry.get("unit", "")), str(entry.get("source", "")), bool(entry.get("free", False)), prior
        )
    return out


def _groups(reader: _Reader, table: dict[str, Any]) -> Groups:
    """``[groups]``: railway = {ISO = group}, road = {ISO = group}, default_railway, default_road,
    railway_service = {ISO = {corridor = group or [groups]}}, railway_crossings = {ISO = {group =
    [ISO, ...]}}."""
    railway, road = table.get("railway", {}), table.get("road", {})
    for key, value in (("railway", railway), ("road", road)):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            reader.problems.append(Problem.of("groups", key, value, "groups_table", "groups_example", reader.file))
            return Groups({}, {})
    return Groups(
        dict(railway),
        dict(road),
        str(table.get("default_railway", "EU")),
        str(table.get("default_road", "WEST")),
        _railway_service(reader, table.get("railway_service", {})),
        _railway_crossings(reader, table.get("railway_crossings", {})),
    )


def _names(value: Any) -> tuple[str, ...] | None:
    """A name or a list of names as a tuple; None for anything else."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(v, str) and v.strip() for v in names):
        return None
    return tuple(names)


def _railway_service(reader: _Reader, service: Any) -> dict[str, dict[str, tuple[str, ...]]]:
    """``[groups] railway_service``: ISO = {corridor = the service group, or a list of them}."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    if isinstance(service, dict):
        for iso, corridors in service.items():
            groups = {c: _names(v) for c, v in corridors.items()} if isinstance(corridors, dict) else {}
            if not isinstance(corridors, dict) or None in groups.values():
                break
            out[iso] = {c: g for c, g in groups.items() if g is not None}
        else:
            return out
    reader.problems.append(Problem.of("groups", "railway_service", service, "railway_service_table", "railway_service_example", reader.file))
    return {}


def _railway_crossings(reader: _Reader, crossings: Any) -> dict[str, dict[str, frozenset[str]]]:
    """``[groups] railway_crossings``: ISO = {train group = [the ISO codes of the neighbours it
    crosses to]}, ``[]`` for a group whose trains cross to none (they start and end in the
    country); one problem per entry that is not."""
    if not isinstance(crossings, dict):
        reader.problems.append(Problem.of("groups", "railway_crossings", crossings, "railway_crossings_table", "railway_crossings_example", reader.file))
        return {}
    out: dict[str, dict[str, frozenset[str]]] = {}
    for iso, groups in crossings.items():
        if not isinstance(groups, dict):
            reader.problems.append(Problem.of("groups.railway_crossings", iso, groups, "railway_crossings_table", "railway_crossings_example", reader.file))
            continue
        out[iso] = {}
        for group, neighbours in groups.items():
            codes = () if neighbours == [] else _names(neighbours)
            if codes is None or not all(map(is_country_code, codes)):
                where = f"groups.railway_crossings.{iso}"
                reader.problems.append(Problem.of(where, group, neighbours, "not_country_codes", "railway_crossings_example", reader.file))
                continue
            out[iso][group] = frozenset(codes)
    return out


#: Driving-rule limits: hours must be positive (a 0-hour day would never end a trip) and at most
#: a week; counts per week from 0 to 7.
_DRIVING_BOUNDS: dict[str, tuple[float, float]] = {
    "daily_driving_h": (1.0, 24.0), "extended_driving_h": (1.0, 24.0), "break_after_h": (0.5, 24.0),
    "break_h": (0.0, 24.0), "daily_rest_h": (0.0, 24.0), "reduced_rest_h": (0.0, 24.0),
    "weekly_driving_h": (1.0, 168.0), "fortnight_driving_h": (1.0, 336.0), "weekly_rest_h": (0.0, 168.0),
    "extended_days_per_week": (0.0, 7.0), "reduced_rests_per_week": (0.0, 7.0),
    "multi_manning_daily_rest_h": (0.0, 24.0), "multi_manning_window_h": (1.0, 48.0),
}


def _place_ids(reader: _Reader, table: Any, key: str) -> frozenset[str]:
    """An optional list of place ids (``[general] sea_through_places``, ``block_train_waits_at``)."""
    value = table.get(key, []) if isinstance(table, dict) else []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        reader.problems.append(Problem.of("general", key, value, "place_id_list", "place_ids_example", reader.file))
        return frozenset()
    return frozenset(value)


def _place_countries(reader: _Reader, table: Any, key: str) -> dict[str, str]:
    """An optional table of place id = ISO country code (``[general] block_train_waits_entering``)."""
    value = table.get(key, {}) if isinstance(table, dict) else {}
    if not isinstance(value, dict) or not all(isinstance(v, str) and is_country_code(v) for v in value.values()):
        reader.problems.append(Problem.of("general", key, value, "place_country_table", "place_country_example", reader.file))
        return {}
    return {str(place_id): country for place_id, country in value.items()}


def _companion_name(reader: _Reader, general: dict[str, Any], key: str) -> str | None:
    """``[general] KEY``: the name of a data file the costing reads (None when absent or bad)."""
    name = general.get(key) if isinstance(general, dict) else None
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        reader.problems.append(Problem.of("general", key, name, "must_be_file_name", f"{key}_file", reader.file))
        return None
    return name.strip()


def _border_times(reader: _Reader, general: dict[str, Any]) -> dict[tuple[str, str], BorderTimes]:
    """``[general] border_times``: the file of measured border times (none when absent)."""
    name = _companion_name(reader, general, "border_times")
    return {} if name is None else read_border_times(name, reader.file)


def _sea_market(reader: _Reader, general: dict[str, Any]) -> dict[str, Any]:
    """``[general] sea_market``: each month's deep-sea market — the mean of the series
    ``sea_market_series`` (default the composite) — over its usual level
    (``sea_market_usual_usd_per_feu``, required with the file); each lane series of
    ``sea_market_lanes = { SERIES = [ISO, …] }`` by month over the same level, and the country →
    series whose range its ports are in; the backhaul series ``sea_market_backhaul`` (the
    market of the legs on the backhaul, ``Costing.on_backhaul``, to a port of the countries
    ``sea_market_backhaul_range``) by month over the same level, and its median ratio to the series'
    level over the months both have (its level where a month or year lacks it); each lane's
    distance share ``sea_market_lane_km_share = { SERIES = share }``: the ``Costing`` fields
    ``sea_*`` they fill. None of them without the file."""
    lane_of = _sea_lane_ranges(reader, general)
    name = _companion_name(reader, general, "sea_market")
    if name is None:
        return {}
    usual = reader.number(general, "sea_market_usual_usd_per_feu", "general", 1.0, 100_000.0)
    series = general.get("sea_market_series", ["composite"])
    if not isinstance(series, list) or not series or any(s not in SERIES for s in series):
        reader.problems.append(Problem.of("general", "sea_market_series", series, "unknown_value", "use_one_of", reader.file, choices=SERIES))
        return {}
    backhaul = general.get("sea_market_backhaul", "")
    if backhaul not in ("", *SERIES) or backhaul in series:
        reader.problems.append(Problem.of("general", "sea_market_backhaul", backhaul, "unknown_value", "use_one_of", reader.file, choices=tuple(s for s in SERIES if s not in series)))
        return {}
    market = read_sea_market(name, reader.file)
    monthly = {month: usd / usual for month, usd in monthly_level(market, tuple(series)).items()}
    lanes = {lane: {month: usd / usual for month, usd in market.get(lane, {}).items()} for lane in {*lane_of.values(), backhaul} - {""}}
    ratios = [level / monthly[month] for month, level in lanes.get(backhaul, {}).items() if month in monthly]
    if backhaul and not ratios:
        reader.problems.append(Problem.of("general", "sea_market_backhaul", backhaul, "no_common_month", "backhaul_months", reader.file))
        return {}
    reach = _country_list(reader, general, "sea_market_backhaul_range") if backhaul else frozenset()
    shares, ranged = general.get("sea_market_lane_km_share", {}), sorted(set(lane_of.values()))
    if not isinstance(shares, dict) or any(lane not in ranged for lane in shares):
        reader.problems.append(Problem.of("general", "sea_market_lane_km_share", shares, "unknown_value", "use_one_of", reader.file, choices=tuple(ranged)))
        return {}
    return {
        "sea_lane_km_share": {lane: reader.number(shares, lane, "general.sea_market_lane_km_share", 0.1, 2.0) for lane in shares},
        "sea_rate_monthly": monthly,
        "sea_lane_monthly": lanes,
        "sea_lane_of": lane_of,
        "sea_backhaul": backhaul,
        "sea_backhaul_ratio": statistics.median(ratios) if ratios else 1.0,
        "sea_backhaul_range": reach,
    }


def _country_list(reader: _Reader, general: dict[str, Any], key: str) -> frozenset[str]:
    """``[general] KEY = [ISO, …]`` (required), each problem named."""
    value = general.get(key)
    if not isinstance(value, list) or not value:
        reader.problems.append(Problem.of("general", key, value, "not_country_list", "country_list_example", reader.file))
        return frozenset()
    bad = [c for c in value if not isinstance(c, str) or not is_country_code(c)]
    for country in bad:
        reader.problems.append(Problem.of("general", key, country, "not_country_code", "country_code", reader.file))
    return frozenset(value) if not bad else frozenset()


def _sea_lane_ranges(reader: _Reader, general: dict[str, Any]) -> dict[str, str]:
    """``[general] sea_market_lanes``: country → the lane series whose range its ports are in,
    each problem named (not a table, an unknown series, not a country code, a country twice)."""
    lanes = general.get("sea_market_lanes", {})
    if not isinstance(lanes, dict) or not all(isinstance(v, list) and all(isinstance(c, str) for c in v) for v in lanes.values()):
        reader.problems.append(Problem.of("general", "sea_market_lanes", lanes, "sea_lanes_table", "sea_lanes_example", reader.file))
        return {}
    lane_of: dict[str, str] = {}
    for series, countries in lanes.items():
        if series not in SERIES:
            reader.problems.append(Problem.of("general", "sea_market_lanes", series, "unknown_value", "use_one_of", reader.file, choices=SERIES))
            continue
        for country in countries:
            if not is_country_code(country):
                reader.problems.append(Problem.of("general", f"sea_market_lanes.{series}", country, "not_country_code", "country_code", reader.file))
            elif country in lane_of:
                reader.problems.append(Problem.of("general", f"sea_market_lanes.{series}", country, "duplicate_of", "one_lane_per_country", reader.file, other=lane_of[country]))
            else:
                lane_of[country] = series
    return lane_of


def _place_hours(reader: _Reader, table: dict[str, Any], where: str) -> dict[str, float]:
    """PLACE_ID = hours (0 to 30 days): ``[block_train_border_h]``."""
    return {str(key): reader.number(table, key, where, minimum=0.0, maximum=720.0) for key in table}


def _year_index(reader: _Reader, table: dict[str, Any], where: str, minimum: float = 1e-3, maximum: float = 100.0) -> dict[int, float]:
    """YEAR = value that year (a factor > 0 unless bounded otherwise): ``[sea_rate_index]`` on the
    deep-sea container rate, an entry of ``[rail_speed_index]`` / ``[rail_rate_index]`` on a
    railway group's speed / tariff, of ``[rail_port_queue_h]`` a port's hours."""
    out = {}
    for key, value in table.items():
        if not str(key).isdigit():
            reader.problems.append(Problem.of(where, str(key), value, "not_a_year", "year_key", reader.file))
            continue
        out[int(key)] = reader.number(table, key, where, minimum=minimum, maximum=maximum)
    return out


def _keyed_year_index(reader: _Reader, data: dict[str, Any], name: str, minimum: float = 1e-3, maximum: float = 100.0) -> dict[str, dict[int, float]]:
    """KEY = { YEAR = value }: ``[rail_speed_index]`` / ``[rail_rate_index]`` (a railway group's
    speed / container rate factor), ``[rail_port_queue_h]`` (a port's hours, 0 to 30 days)."""
    out = {}
    for key, by_year in reader.optional_table(data, name, "costing").items():
        if not isinstance(by_year, dict):
            reader.problems.append(Problem.of(name, str(key), by_year, "not_a_year_table", "year_table_example", reader.file))
            continue
        out[str(key)] = _year_index(reader, by_year, f"{name}.{key}", minimum, maximum)
    return out


def _customs_unions(reader: _Reader, table: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``[customs_unions]``: UNION = { ISO = YEAR }, the year each member's customs border with the
    others fell."""
    out: dict[str, dict[str, int]] = {}
    for union, members in table.items():
        where = f"customs_unions.{union}"
        if not isinstance(members, dict) or not members:
            reader.problems.append(Problem.of("customs_unions", str(union), members, "customs_union_table", "customs_union_example", reader.file))
            continue
        out[str(union)] = {}
        for iso, since in members.items():
            if not is_country_code(iso):
                reader.problems.append(Problem.of(where, iso, since, "not_country_code", "customs_union_example", reader.file))
                continue
            if isinstance(since, bool) or not isinstance(since, int):
                reader.problems.append(Problem.of(where, iso, since, "not_a_year", "customs_union_example", reader.file))
                continue
            out[str(union)][iso] = int(reader.number(members, iso, where, minimum=1950, maximum=2100))
    return out


def _driving(reader: _Reader, table: dict[str, Any]) -> DrivingRules:
    """``[driving_rules]``: the EU 561/2006 / AETR limits (defaults where a key is absent)."""
    defaults = DrivingRules()
    values: dict[str, Any] = {}
    for key, default in defaults.__dict__.items():
        if key == "source":
            values[key] = str(table.get("source", ""))
        elif key in table:
            low, high = _DRIVING_BOUNDS.get(key, (0.0, 1e6))
            number = reader.number(table, key, "driving_rules", minimum=low, maximum=high)
            if isinstance(default, int) and number != int(number):
                reader.problems.append(Problem.of("driving_rules", key, number, "not_whole", "count_example", reader.file))
            values[key] = int(number) if isinstance(default, int) else number
    return DrivingRules(**values)


def load_costing(path: str | Path | None = None) -> Costing:
    """Load costing parameters from ``path``, or the embedded defaults."""
    data, name = read_toml(path, DEFAULT_COSTING, both("file_kind.costing"))
    return costing_from_dict(data, name)
