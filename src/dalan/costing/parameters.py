"""Bounded, sourced model parameters and the operating mechanisms they drive.

A :class:`Parameter` is one number of the model with its unit, its source and the bounds inside
which the evidence lets it move; ``free`` ones are fitted by ``dalan calibrate``. Names are dotted:
``rail_speed_km_per_day.KZ`` is Kazakhstan's block-train speed, ``handling_h.port`` the port dwell
per end. Railways and roads are grouped by country (:data:`Groups`), so a link's time and rate
come from the administration that runs it.

Trucks follow the EU 561/2006 / AETR driving-time rules: :func:`truck_elapsed_h` gives the
elapsed hours for a number of driving hours, and :func:`long_haul_factor` the elapsed hours per
driving hour on a long trip — a truck's day has a length.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache


@dataclass(frozen=True)
class Parameter:
    """One model number with its unit, source and the bounds the evidence allows."""

    name: str
    value: float
    low: float
    high: float
    unit: str = ""
    source: str = ""
    free: bool = False
    prior: float | None = None  # the sourced value, where a calibration replaced ``value``

    @property
    def sourced(self) -> float:
        """The value the evidence gives: ``prior`` after a calibration, else ``value``."""
        return self.value if self.prior is None else self.prior

    def within(self, value: float) -> bool:
        return self.low - 1e-12 <= value <= self.high + 1e-12


#: the crews a truck may have: one driver, or two taking turns (multi-manning)
CREWS: tuple[int, ...] = (1, 2)


def check_crew(drivers: int) -> None:
    """Raise ValueError unless ``drivers`` is a crew a truck may have (:data:`CREWS`)."""
    if drivers not in CREWS:
        raise ValueError(f"a truck has 1 or 2 drivers, not {drivers}")


@dataclass(frozen=True)
class DrivingRules:
    """Driving-time limits of one driver (EU Regulation 561/2006 and the AETR)."""

    daily_driving_h: float = 9.0
    extended_days_per_week: int = 2
    extended_driving_h: float = 10.0
    break_after_h: float = 4.5
    break_h: float = 0.75
    daily_rest_h: float = 11.0
    reduced_rests_per_week: int = 3
    reduced_rest_h: float = 9.0
    weekly_driving_h: float = 56.0
    fortnight_driving_h: float = 90.0
    weekly_rest_h: float = 45.0
    #: a multi-manned vehicle (two drivers): each driver's new daily rest of at least this many
    #: hours within this many hours of the end of the last one (561/2006 art. 8(5))
    multi_manning_daily_rest_h: float = 9.0
    multi_manning_window_h: float = 30.0
    source: str = ""

    def crew(self, drivers: int) -> DrivingRules:
        """The limits of the vehicle with ``drivers`` drivers taking turns at the wheel (1 or 2).

        Two drivers (multi-manning, 561/2006 art. 4(o), 8(5); AETR art. 8): each keeps his own
        daily, weekly and fortnightly limits, so the vehicle may run their sum; each takes his
        45-min break in the moving vehicle while the other drives (art. 7 as amended by
        2020/1054), so the vehicle stops for none; both rest together for the multi-manning
        daily rest (9 h), which must fall within 30 h of the last one: a duty of up to 21 h."""
        check_crew(drivers)
        if drivers == 1:
            return self
        rest_h = self.multi_manning_daily_rest_h
        duty_cap = self.multi_manning_window_h - rest_h
        return replace(
            self,
            daily_driving_h=min(2 * self.daily_driving_h, duty_cap),
            extended_driving_h=min(2 * self.extended_driving_h, duty_cap),
            break_h=0.0,
            daily_rest_h=rest_h,
            reduced_rest_h=rest_h,
            weekly_driving_h=2 * self.weekly_driving_h,
            fortnight_driving_h=2 * self.fortnight_driving_h,
        )


def truck_elapsed_h(driving_h: float, rules: DrivingRules, drivers: int = 1) -> float:
    """Elapsed hours for ``driving_h`` hours at the wheel, starting rested, driving as much as
    the rules allow. One driver: a break after every 4.5 h, daily limits (two 10-h days a week),
    daily rests (three reduced a week), 56 h a week, 90 h a fortnight, 45-h weekly rests. Two
    drivers: the vehicle's limits of :meth:`DrivingRules.crew`."""
    if driving_h <= 0:
        return 0.0
    return _run_elapsed_h((driving_h,), (0.0,), rules.crew(drivers))


def truck_run_elapsed_h(driving_h: Sequence[float], stop_h: Sequence[float], rules: DrivingRules, drivers: int = 1) -> float:
    """Elapsed hours at the wheel, on breaks and on rests for a truck run that drives
    ``driving_h[k]`` hours and then stops ``stop_h[k]`` hours (a border's wait; the stops' own
    hours are not counted), starting rested. A stop as long as a break, a reduced daily rest or a
    weekly rest is taken as one (in the stationary cab, 561/2006 art. 8(8)): the driver sets off
    with that clock reset, and with the others running on — a night's wait at a border spares a
    night's rest, not the week's limits. A rest taken early can shift the week's pattern of
    rests, so the driver takes the waits as rests only where that is quicker (all of them or
    none: the plain rules, :func:`truck_elapsed_h`, which it is without stops)."""
    plain = truck_elapsed_h(float(sum(driving_h)), rules, drivers)
    crew = rules.crew(drivers)
    if not any(stop >= crew.break_h > 0.0 or stop >= crew.reduced_rest_h for stop in stop_h):
        return plain
    return min(plain, _run_elapsed_h(driving_h, stop_h, crew))


def _run_elapsed_h(driving_h: Sequence[float], stop_h: Sequence[float], rules: DrivingRules) -> float:
    """The rules stepped through a run of drives and stops, every stop long enough taken as a
    rest: a drive continues until the next break, the day's limit (two extended days a week) or
    the week's (the fortnight's too), each then taken (daily rests reduced three times a week)."""
    elapsed = 0.0
    day = since_break = week = last_week = 0.0
    extended_used = reduced_used = 0

    def end_day() -> None:
        nonlocal day, since_break, extended_used
        extended_used += day > rules.daily_driving_h + 1e-9
        day = since_break = 0.0

    def end_week() -> None:
        nonlocal week, last_week, extended_used, reduced_used
        end_day()
        last_week, week = week, 0.0
        extended_used = reduced_used = 0

    for drive, stop in zip(driving_h, stop_h, strict=True):
        left = drive
        while left > 1e-9:
            week_cap = min(rules.weekly_driving_h, rules.fortnight_driving_h - last_week) - week
            day_cap = (rules.extended_driving_h if extended_used < rules.extended_days_per_week else rules.daily_driving_h) - day
            if week_cap <= 1e-9:  # the week's driving is used up: weekly rest
                elapsed += rules.weekly_rest_h
                end_week()
            elif day_cap <= 1e-9:  # the day's: daily rest (reduced three times a week)
                reduced = reduced_used < rules.reduced_rests_per_week
                elapsed += rules.reduced_rest_h if reduced else rules.daily_rest_h
                reduced_used += reduced
                end_day()
            elif since_break >= rules.break_after_h - 1e-9:
                elapsed += rules.break_h
                since_break = 0.0
            else:
                x = min(left, week_cap, day_cap, rules.break_after_h - since_break)
                elapsed, left, day, week, since_break = elapsed + x, left - x, day + x, week + x, since_break + x
        if day <= 1e-9:  # nothing driven since the last rest: the wait rests no one
            continue
        if stop >= rules.weekly_rest_h:
            end_week()
        elif stop >= rules.reduced_rest_h:
            reduced_used += stop < rules.daily_rest_h
            end_day()
        elif stop >= rules.break_h:
            since_break = 0.0
    return elapsed


@lru_cache(maxsize=8)
def long_haul_factor(rules: DrivingRules, drivers: int = 1, fortnights: int = 4) -> float:
    """Elapsed hours per driving hour on a long trip (several fortnights at the limits)."""
    crew = rules.crew(drivers)
    driving = fortnights * crew.fortnight_driving_h
    return truck_elapsed_h(driving, crew) / driving


@dataclass(frozen=True)
class Groups:
    """Which railway and road group each country belongs to (ISO code → group)."""

    railway: Mapping[str, str]
    road: Mapping[str, str]
    default_railway: str = "EU"
    default_road: str = "WEST"
    #: country → corridor → railway service group: a corridor's timetabled container trains
    #: (e.g. the China–Europe transit trains across Kazakhstan and Russia, faster than the
    #: railway's ordinary trains). A train runs a whole run through the country (border to
    #: border, or from and to its terminal) either as the railway's or, along the lines of the
    #: corridors the service runs, as the service's (the compiled graph's service layers).
    railway_service: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    #: country → train group (a service group, or the railway's own group for its own trains) →
    #: the neighbours its trains cross to (``[groups] railway_crossings``): a tariff that holds
    #: for some flows only (KTZ's discounted container rate for the trains to the Caspian ports
    #: and Turkmenistan, not for the China–Europe transit between China and Russia). Such a train
    #: keeps its group through a gauge change. Groups without an entry cross anywhere.
    railway_crossings: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)

    def railway_of(self, country: str) -> str:
        return self.railway.get(country, self.default_railway)

    def services_for(self, country: str, corridors: Iterable[str]) -> frozenset[str]:
        """The service groups that run a line of ``corridors`` in ``country`` (one service may
        serve several corridors: the China–Europe and Trans-Siberian trains across Russia; one
        corridor's lines may carry several services)."""
        services = self.railway_service.get(country, {})
        return frozenset(g for c in corridors for g in services.get(c, ()))

    def train_group(self, country: str, service: str) -> str:
        """The group of a train of ``service`` ("" for the railway's own) in ``country``."""
        return service or self.railway_of(country)

    def is_bound(self, country: str, service: str) -> bool:
        """Whether a train of ``service`` in ``country`` crosses only to listed neighbours
        (``railway_crossings``), and so keeps its group through a gauge change."""
        return self.train_group(country, service) in self.railway_crossings.get(country, {})

    def crosses(self, country: str, service: str, neighbour: str) -> bool:
        """Whether a train of ``service`` in ``country`` may cross the border to ``neighbour``."""
        allowed = self.railway_crossings.get(country, {}).get(self.train_group(country, service))
        return allowed is None or neighbour in allowed

    def road_of(self, country: str) -> str:
        return self.road.get(country, self.default_road)


__all__ = ["DrivingRules", "Groups", "Parameter", "long_haul_factor", "truck_elapsed_h", "truck_run_elapsed_h"]
