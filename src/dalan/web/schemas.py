"""Request and response models of the HTTP API (they are also its OpenAPI schema, with examples)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from dalan.choices import By, Cargo, Lang
from dalan.options import latin_number
from dalan.scenarios.compare import DEFAULT_DISPERSION


def _latin_if_text(value: Any) -> Any:
    """A number typed in Persian or Arabic-Indic digits («۵») as the Latin one; others as given."""
    return latin_number(value) if isinstance(value, str) else value


#: a whole-number query parameter that also takes Persian and Arabic-Indic digits
WholeNumber = Annotated[int, BeforeValidator(_latin_if_text)]

MAX_OD_PAIRS = 200
MAX_TOML_CHARS = 200_000
MAX_REPLICATIONS = 1000
MAX_OD_CSV_CHARS = 100_000
MAX_STRESS_SCENARIOS = 20


def _examples(*examples: dict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class ProblemOut(BaseModel):
    field: str | None = None
    message: str | None = None
    message_fa: str | None = Field(None, description="The message in Persian, where the server has it")
    record: str | None = None
    value: str | None = None
    hint: str | None = None


class ErrorOut(BaseModel):
    """Every 4xx (and the rare 5xx) answer."""

    model_config = _examples(
        {"error": "unknown place 'Tehrn'", "field": "from", "hint": "did you mean: IR_THR (Tehran)"}
    )
    error: str
    field: str | None = None
    hint: str | None = None
    error_fa: str | None = Field(
        None, description="The error in Persian, where the server has it"
    )
    hint_fa: str | None = Field(
        None, description="The hint in Persian, where the server has it"
    )
    problems: list[ProblemOut] | None = None


class PlaceOut(BaseModel):
    model_config = _examples(
        {"id": "IR_RAS", "name": "Rasht", "name_en": "Rasht", "name_fa": "رشت", "country": "IR",
         "kinds": ["city", "rail_station"], "lat": 37.28, "lon": 49.58, "score": 100.0}
    )  # fmt: skip
    id: str
    name: str = Field(description="Short display name in the requested language")
    name_en: str
    name_fa: str
    country: str
    country_name: str = Field("", description="The country's name in the requested language")
    kinds: list[str]
    kinds_text: str = Field("", description="The kinds in the requested language")
    lat: float
    lon: float
    score: float | None = None


class PlacesOut(BaseModel):
    query: str
    places: list[PlaceOut]


class LegOut(BaseModel):
    kind: str = Field(description="move, border, transfer, gauge_change, wait, load or unload")
    mode: str
    gauge_mm: int
    from_id: str
    to_id: str
    via_ids: list[str]
    element_ids: list[str]
    length_km: float
    time_h: float
    time_sd_h: float = 0.0
    time_p50_h: float | None = Field(None, description="Median time of the leg (stop spread from operations.toml)")
    time_p90_h: float | None = Field(None, description="90th-percentile time of the leg")
    queue_h: float = Field(0.0, description="Hours of the leg's time spent queueing where that is known apart (a block train's wait for its slot at a border, a congested port's hold)")
    cost_usd: float
    co2_kg: float


class TotalsOut(BaseModel):
    time_h: float = Field(description="Mean time")
    time_days: float
    cost_usd: float
    co2_kg: float
    length_km: float
    time_p50_h: float = Field(description="Median of the route's total time (independent stops, times the trip's own factor: operations.toml [variability] trip_log_sd)")
    time_p90_h: float = Field(description="90th percentile of the route's total time (the same spread)")
    planned_time_h: float = Field(description="The time a timetable gives: the mean time without the queues known apart")
    cost_p10_usd: float = Field(description="10th percentile of the route's price (its money times one lognormal factor of median 1: operations.toml [variability] price_log_sd)")
    cost_p90_usd: float = Field(description="90th percentile of the route's price (the same spread)")


class LegRowOut(BaseModel):
    """A leg formatted for display in the requested language (Persian digits in ``fa``)."""

    number: str
    leg: str
    from_name: str
    to_name: str
    km: str
    hours: str
    usd: str
    kg_co2e: str


class BreakdownOut(BaseModel):
    """The route's money per leg by category (freight, handling, border, gauge change, waiting) and
    the time cost (value of time × hours × quantity; not paid), see dalan.routing.breakdown."""

    columns: list[str] = Field(description="Column labels in the requested language")
    keys: list[str] = Field(description="freight, handling, border, gauge_change, waiting, time_cost")
    usd: list[dict[str, float]] = Field(description="Per leg: USD by key")
    rows: list[list[str]] = Field(description="Per leg: the same, formatted (blank for none)")
    totals: dict[str, float]
    totals_display: list[str]
    note: str = Field(description="The value of time used, in the requested language")


class RouteOut(BaseModel):
    origin: str
    destination: str
    cargo: str
    unit: str
    quantity: float
    criterion: str
    drivers: int = Field(1, description="Drivers per truck the answer was run with")
    whole_train: bool = Field(False, description="Whether bulk or cars ran as a whole train (block train)")
    legs: list[LegOut]
    totals: TotalsOut
    title: str
    origin_name: str
    destination_name: str
    summary: str = Field(description="Countries, modes and transfer points, in the requested language")
    totals_text: str
    number: str = Field(description="The route's number (1 = best) in the requested language")
    totals_display: dict[str, str] = Field(
        description="days, p50_p90_days (e.g. '26.7–29.9'), usd, p10_p90_usd (e.g. '2,600–4,500'), t_co2e and km formatted in the requested language"
    )
    rows: list[LegRowOut]
    breakdown: BreakdownOut
    colour: str
    geojson: dict[str, Any] = Field(description="FeatureCollection: a line per move leg, a point per stop")


class DatedEventOut(BaseModel):
    """A dated event in force on the route's date that bears on the route (dalan.network.history)."""

    date: dt.date
    target: str = Field(description="Link or place id, places:ID,ID, chokepoint:NAME, border:AA-BB or corridor:TAG")
    element: str = Field(description="What the event acts on, in the requested language")
    date_text: str = Field("", description="The date in the requested language (Jalali in Persian)")
    action_text: str = Field("", description="The action in the requested language")
    action: Literal["close", "reopen", "restrict", "surcharge", "open"]
    delay_h: float = 0.0
    surcharge_usd_per_teu: float = 0.0
    note: str
    source: str
    on_route: bool = Field(False, description="Acts on a link of the route found")
    on_undated_route: bool = Field(False, description="Acts on a link of the best route without dates")


class YearLevelOut(BaseModel):
    """A market or service level of the answer's year that moved the route's figures."""

    table: str = Field(description="sea_rate_index, rail_speed_index, rail_rate_index or rail_port_queue_h")
    group: str = Field(
        description="the deep-sea lane whose market applies (shanghai_rotterdam, shanghai_genoa: costing.toml [general] sea_market_lanes; rotterdam_shanghai: a leg on the backhaul, east to East Asia, [general] sea_market_backhaul; deep_sea: the lanes' mean), the railway group (costing.toml [groups]) or the port's id (rail_port_queue_h, border_times)"
    )
    year: int
    month: int | None = Field(None, description="The month (1-12) whose deep-sea market applies, where it is known (sea_rate_index)")
    factor: float | None = Field(None, description="That year's (or month's) level over the usual one (an index)")
    hours: float | None = Field(None, description="The hours the port holds trains that year (rail_port_queue_h)")
    text: str = Field(description="The level in the requested language")


class RouteResponse(BaseModel):
    model_config = _examples(
        {"scenario": "baseline", "lang": "en", "routes": [], "pareto_chart_svg": None, "headers": {}}
    )
    scenario: str
    lang: Lang
    headers: dict[str, str] = Field(description="Column labels in the requested language")
    routes: list[RouteOut]
    pareto_chart_svg: str | None = Field(None, description="Inline SVG: days against USD, CO2e as colour")
    as_of: dt.date | None = Field(None, description="The date the network state is taken from (default today)")
    as_of_text: str | None = Field(None, description="That date as the requested language writes it (Persian: Jalali)")
    dated_events: list[DatedEventOut] = Field(
        default_factory=list, description="Dated closures, restrictions and surcharges in force that bear on the route"
    )
    year_levels: list[YearLevelOut] = Field(
        default_factory=list, description="The year's market and service levels (deep-sea rates, railway speeds and tariffs) that moved the route's figures"
    )
    year_levels_text: str = Field("", description="Those levels as one line in the requested language")


class ScenarioIn(BaseModel):
    """A scenario as TOML text, validated exactly like a scenario file."""

    model_config = _examples(
        {
            "toml": 'name = "my-astara"\ntitle_en = "Astara border at 12 h"\nbase = "baseline"\n\n'
            '[[edit]]\naction = "set"\nplace = "AZ_AST"\nvalues = { rail_border_dwell_h = 12.0 }\n'
        }
    )
    toml: str = Field(max_length=MAX_TOML_CHARS)
    shared: bool | None = Field(
        None,
        description="Let every user read and route on it (read-only for them); omitted: private when created, unchanged when replaced",
    )


class ScenarioOut(BaseModel):
    model_config = _examples(
        {"name": "rasht-astara", "title": "Rasht–Astara railway built", "title_en": "Rasht–Astara railway built",
         "title_fa": "ساخت راه‌آهن رشت–آستارا", "base": "baseline", "shipped": True, "edits": 2, "version": 0,
         "updated_at": None}
    )  # fmt: skip
    name: str
    title: str
    short_title: str = Field("", description="A short name for lists: a shipped scenario's name in the catalogue, a stored one's title")
    title_en: str
    title_fa: str
    base: str
    shipped: bool
    edits: int
    version: int
    updated_at: dt.datetime | None = None
    owner: str | None = Field(
        None, description="The user who stored it; null: shipped, or the server's admin"
    )
    shared: bool = Field(
        False,
        description="Readable by every user (shipped scenarios are shared with everyone)",
    )
    writable: bool = Field(
        False, description="Whether the caller may change or delete it"
    )


class ScenarioDetailOut(ScenarioOut):
    toml: str
    source: str


class ScenariosOut(BaseModel):
    scenarios: list[ScenarioOut]


class ScenarioEditIn(BaseModel):
    """One change from the page's scenario editor (checked by :class:`dalan.scenarios.form.FormEdit`):
    close or reopen a link, close (remove) a place, slow a link by ``speed_factor`` (0.05–1), or
    set numeric ``values`` — a link's ``extra_delay_h``, ``surcharge_usd_per_teu``,
    ``load_limit_share``, ``sailings_per_week``; a place's ``rail_border_dwell_h``,
    ``road_border_dwell_h``, ``border_fee_usd``, ``gauge_change_capacity_wagons_per_day``. Numbers
    may be text in Persian digits."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"target": "link", "id": "L013", "speed_factor": "0.5"},
                                        {"target": "place", "id": "AZ_AST", "values": {"rail_border_dwell_h": "12"}}]},
    )  # fmt: skip
    target: Literal["link", "place"]
    id: str = Field(min_length=1, max_length=64)
    close: bool | None = Field(None, description="true: close the link (status closed) or remove the place; false: reopen the link")
    speed_factor: float | str | None = Field(None, description="0.5 runs the link at half its speed")
    values: dict[Annotated[str, Field(max_length=64)], float | str | None] = Field(default_factory=dict, max_length=8)


class RevertIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"version": 1}]})
    version: int = Field(ge=1, le=1_000_000_000)


class ScenarioVersionOut(BaseModel):
    version: int
    saved_at: dt.datetime
    saved_at_text: str = Field(description="The date and time in the requested language (Jalali in Persian)")
    saved_by: str | None = None
    note: str = Field(description="'form' (an edit from the map), 'revert:N' or '' (TOML)")
    note_text: str
    edits: int


class ScenarioHistoryOut(BaseModel):
    name: str
    versions: list[ScenarioVersionOut]


class ScenarioVersionTomlOut(BaseModel):
    name: str
    version: int
    toml: str


class ChangeOut(BaseModel):
    kind: Literal["set", "add", "remove"]
    target: Literal["place", "link", "costing"]
    id: str
    field: str
    before: Any = None
    after: Any = None
    element_text: str
    field_text: str
    before_text: str
    after_text: str


class ScenarioDiffOut(BaseModel):
    model_config = _examples(
        {"name": "my-baseline", "base": "baseline", "changes": [
            {"kind": "set", "target": "link", "id": "L013", "field": "status", "before": "operational", "after": "closed",
             "element_text": "Astara (IR) – Rasht, rail (L013)", "field_text": "status", "before_text": "operational",
             "after_text": "closed"}]}
    )  # fmt: skip
    name: str
    base: str
    changes: list[ChangeOut]


class CompareParams(BaseModel):
    """Two scenarios over origin–destination pairs (default: the shipped OD set of 52 pairs)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"a": "baseline", "b": "rasht-astara"}]})
    a: str = Field("baseline", max_length=64)
    b: str = Field("rasht-astara", max_length=64)
    by: By = By.generalized
    alternatives: int = Field(3, ge=1, le=5)
    dispersion: float = Field(DEFAULT_DISPERSION, gt=0, le=100)
    od_pairs: list[tuple[str, str]] | None = Field(None, min_length=1, max_length=MAX_OD_PAIRS)
    od_csv: str | None = Field(
        None, min_length=1, max_length=MAX_OD_CSV_CHARS, description="CSV text with an origin,destination header (as `dalan compare --od`)"
    )
    date: dt.date | None = Field(None, description="Both scenarios as they stood that day (default today)")


class CompareJobIn(BaseModel):
    model_config = _examples({"kind": "compare", "params": {"a": "baseline", "b": "rasht-astara"}})
    kind: Literal["compare"]
    params: CompareParams = Field(default_factory=CompareParams)


class SimulateParams(BaseModel):
    """A replicated simulation of a scenario with the embedded demand (``dalan simulate``)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"scenario": "baseline", "days": 90, "replications": 5}]})
    scenario: str = Field("baseline", max_length=64)
    by: By = By.generalized
    days: float = Field(365.0, ge=1, le=3650, description="Simulated days measured after the warm-up")
    warmup_days: float = Field(30.0, ge=0, le=365)
    replications: int = Field(30, ge=1, le=MAX_REPLICATIONS)
    seed: int = Field(1, ge=0, le=2**31 - 1)
    date: dt.date | None = Field(None, description="The network as it stood that day (default today) and that year's deep-sea market")


class SimulateJobIn(BaseModel):
    model_config = _examples({"kind": "simulate", "params": {"scenario": "baseline", "days": 90, "replications": 5}})
    kind: Literal["simulate"]
    params: SimulateParams = Field(default_factory=SimulateParams)


class AssignParams(BaseModel):
    """Yearly demand (the embedded file) assigned on a scenario with capacities (``dalan assign``)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"scenario": "rasht-astara"}]})
    scenario: str = Field("baseline", max_length=64)
    loading: Literal["equilibrium", "logit"] = "equilibrium"
    gap: float = Field(1e-4, ge=1e-10, le=0.1, description="Target true relative gap")
    date: dt.date | None = Field(None, description="The network as it stood that day (default today) and that year's deep-sea market")


class AssignJobIn(BaseModel):
    model_config = _examples({"kind": "assign", "params": {"scenario": "rasht-astara"}})
    kind: Literal["assign"]
    params: AssignParams = Field(default_factory=AssignParams)


class StressParams(BaseModel):
    """Every OD pair on a baseline and under each disruption scenario (``dalan stress``)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"scenarios": ["hormuz-closure-2026"], "od_pairs": [["Moscow", "Tehran"]]}]}
    )
    baseline: str = Field("baseline", max_length=64)
    scenarios: list[Annotated[str, Field(max_length=64)]] | None = Field(
        None, min_length=1, max_length=MAX_STRESS_SCENARIOS, description="Default: every shipped scenario but the baseline"
    )
    by: By = By.generalized
    cargo: Cargo = Cargo.container
    date: dt.date | None = Field(None, description="The network as it stood that day (default today)")
    od_pairs: list[tuple[str, str]] | None = Field(None, min_length=1, max_length=MAX_OD_PAIRS)
    od_csv: str | None = Field(None, min_length=1, max_length=MAX_OD_CSV_CHARS, description="CSV text with an origin,destination header")


class StressJobIn(BaseModel):
    model_config = _examples({"kind": "stress", "params": {"scenarios": ["hormuz-closure-2026"]}})
    kind: Literal["stress"]
    params: StressParams = Field(default_factory=StressParams)


JobIn = Annotated[CompareJobIn | SimulateJobIn | AssignJobIn | StressJobIn, Field(discriminator="kind")]


class JobOut(BaseModel):
    model_config = _examples(
        {"id": "6f1c…", "kind": "compare", "status": "running", "progress": 0.42, "params": {"a": "baseline"},
         "result": None, "error": None, "display": None, "created_at": "2026-01-01T10:00:00Z",
         "started_at": "2026-01-01T10:00:00Z", "finished_at": None}
    )  # fmt: skip
    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float = Field(ge=0, le=1)
    params: dict[str, Any]
    result: dict[str, Any] | None = None
    error: ErrorOut | None = None
    display: dict[str, Any] | None = Field(None, description="The result rendered in the requested language")
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


class JobsOut(BaseModel):
    jobs: list[JobOut]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    database: str
