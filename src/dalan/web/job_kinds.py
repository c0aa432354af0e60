"""The kinds of background job: ``compare`` (two scenarios over an OD set), ``simulate``
(replicated simulation of a scenario's operations with the embedded demand), ``assign``
(yearly flows of the embedded demand with capacities) and ``stress`` (an OD set on a baseline
and under each disruption scenario).

Each kind checks its parameters at submit time against the scenario store, runs the library
function with a progress callback and stores plain JSON; ``display`` renders a stored result in
English or Persian with the report helpers (tables with Persian digits, inline SVG charts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from sqlalchemy.engine import Engine

from dalan import messages
from dalan.network.history import today
from dalan.network.io import load_embedded_network
from dalan.reports._assets import plain_json
from dalan.reports.charts import bars_svg
from dalan.reports.history_text import as_of_text
from dalan.reports.i18n import corridor_label, format_number, t
from dalan.reports.itinerary_text import route_title
from dalan.reports.simulation_page import unroutable_html
from dalan.reports.tables import table_html
from dalan.scenarios.compare import compare
from dalan.web.errors import ApiError
from dalan.web.export_tables import (
    comparison_frames,
    comparison_geojson,
    place_namer,
    records_frames,
)
from dalan.web.i18n import labels
from dalan.web.jobs import JobKind, Progress
from dalan.web.od_pairs import job_pairs
from dalan.web.scenario_store import ScenarioStore
from dalan.web.schemas import (
    MAX_OD_PAIRS,
    AssignParams,
    CompareParams,
    SimulateParams,
    StressParams,
)
from dalan.web.stress_view import display_stress
from dalan.web.views import day_range


def _namer(lang: str) -> Callable[[str], str]:
    """Place id → display name in ``lang`` (ids of places a stored scenario added stay ids)."""
    return place_namer(load_embedded_network(), lang)


def _scenario_field(store: ScenarioStore, name: str, field: str) -> None:
    try:
        store.load(name)
    except ApiError as exc:
        raise ApiError(422, exc.message, field, exc.hint) from None


def _pairs(store: ScenarioStore, params: CompareParams) -> tuple[tuple[str, str], ...]:
    loaded = store.load(params.a)
    return job_pairs(loaded.scenario.network, loaded.places, params.od_pairs, params.od_csv, MAX_OD_PAIRS)


def compare_kind(store: ScenarioStore) -> JobKind:
    """Route every OD pair in scenarios A and B; deltas, changed routes and corridor shares."""

    def check(params: CompareParams) -> None:
        _scenario_field(store, params.a, "params.a")
        _scenario_field(store, params.b, "params.b")
        _pairs(store, params)

    def run(params: CompareParams, progress: Progress) -> dict:
        a, b = store.load(params.a).scenario, store.load(params.b).scenario
        pairs = _pairs(store, params)
        done = [0]

        def step() -> None:
            done[0] += 1
            progress(done[0] / (2 * len(pairs)))

        result = compare(
            a, b, pairs, by=params.by.value, alternatives=params.alternatives, dispersion=params.dispersion, date=params.date,
            progress=step,
        )  # fmt: skip
        shares = result.shares_frame().reset_index()
        return plain_json(
            {
                "a": a.name, "b": b.name, "titles": {lang: [a.title(lang), b.title(lang)] for lang in ("en", "fa")},
                "pairs": result.to_frame().to_dict("records"),
                "shares": shares.rename(columns={result.label_a: "share_a", result.label_b: "share_b"}).to_dict("records"),
                "changed_links": result.changed_links(),
                "dispersion": result.dispersion,
                "by": params.by.value,
                "date": params.date.isoformat() if params.date else None,
            }
        )

    return JobKind("compare", CompareParams, run, check, display_compare, comparison_frames, comparison_geojson)


def display_compare(result: dict, lang: str) -> dict:
    """Summary line, corridor-share chart and the table of pairs, in ``lang``."""
    name = _namer(lang)

    def corridor(code: str) -> str:
        return corridor_label(code, lang)

    pairs = pd.DataFrame(result["pairs"])
    changed = int(pairs["route_changed"].sum())
    table = pd.DataFrame(
        {
            t("origin", lang): [name(p) for p in pairs["origin"]],
            t("destination", lang): [name(p) for p in pairs["destination"]],
            f"Δ {t('days', lang)}": pairs["delta_days"],
            f"Δ {t('usd', lang)}": pairs["delta_usd"].round(),
            f"Δ {t('t_co2e', lang)}": pairs["delta_t_co2e"],
            t("corridor", lang): [
                route_title(corridor(x), corridor(y), lang) for x, y in zip(pairs["corridor_a"], pairs["corridor_b"], strict=True)
            ],
            t("route_changed", lang): [t("yes" if v else "no", lang) for v in pairs["route_changed"]],
        }
    )
    order = pairs["route_changed"].astype(bool).sort_values(ascending=False, kind="stable").index  # changed routes first
    table = table.loc[order].reset_index(drop=True)
    decimals = {f"Δ {t('days', lang)}": 1, f"Δ {t('usd', lang)}": 0, f"Δ {t('t_co2e', lang)}": 2}
    shares = result["shares"]
    letter_a, letter_b = messages.text("ui.scenario_a", lang), messages.text("ui.scenario_b", lang)
    name_a, name_b = (messages.display_name("scenario", result[key], lang) for key in ("a", "b"))
    chart = bars_svg(
        [corridor(row["corridor"]) for row in shares],
        {
            f"{letter_a}: {name_a}": [row["share_a"] or 0.0 for row in shares],
            f"{letter_b}: {name_b}": [row["share_b"] or 0.0 for row in shares],
        },
        value_label=t("corridor_share", lang),
        lang=lang,
    )
    titles = result["titles"][lang]
    return {
        "summary": f"{format_number(len(pairs), lang)} {t('od_pairs', lang)}{'، ' if lang == 'fa' else ', '}"
        f"{format_number(changed, lang)} {t('routes_changed', lang)}",
        "titles": {"a": titles[0], "b": titles[1]},
        "note": t("logit_note", lang).format(theta=messages.localize(result["dispersion"], lang)),
        "chart_svg": str(chart),
        "table_html": table_html(table, lang, decimals=decimals),
        "changed_links": result["changed_links"],
        "pairs": [[pairs["origin"][i], pairs["destination"][i]] for i in order],
        "by": result.get("by", "generalized"),
        "date": result.get("date"),
    }


def simulate_kind(store: ScenarioStore) -> JobKind:
    """Simulate a scenario's operations (trains, trucks, ferries, borders) over replications."""
    from dalan.demand import read_demand
    from dalan.simulation import simulate

    def check(params: SimulateParams) -> None:
        _scenario_field(store, params.scenario, "params.scenario")

    def run(params: SimulateParams, progress: Progress) -> dict:
        scenario = store.load(params.scenario).scenario
        done = [0]

        def step(_replication: object) -> None:
            done[0] += 1
            progress(done[0] / params.replications)

        result = simulate(
            scenario.network, scenario.costing, read_demand(None, scenario.network), by=params.by.value,
            days=params.days, warmup_days=params.warmup_days, replications=params.replications, seed=params.seed,
            workers=1, progress=step, name=scenario.name, date=params.date,
        )  # fmt: skip
        return plain_json(result.to_dict())

    return JobKind(
        "simulate", SimulateParams, run, check, display_simulation, lambda result, _lang: records_frames(result, "flows")
    )


def display_simulation(result: dict, lang: str) -> dict:
    """Transit days per OD flow: the routing time, the simulated mean with its 95 % interval over
    replications, and the median, 90th and 95th percentiles, in ``lang``."""
    name = _namer(lang)

    flows = pd.DataFrame(result["flows"])
    days, text = t("days", lang), labels(lang)
    in_days = lambda key: pd.to_numeric(flows[key]) / 24  # None (nothing delivered) becomes NaN
    low, high = in_days("transit_mean_h_lo"), in_days("transit_mean_h_hi")
    table = pd.DataFrame(
        {
            t("origin", lang): [name(p) for p in flows["origin"]],
            t("destination", lang): [name(p) for p in flows["destination"]],
            f"{t('route', lang)} ({days})": flows["routing_time_h"] / 24,
            f"{days} ({text['mean']})": in_days("transit_mean_h"),
            messages.text("cli.ci95", lang): [
                day_range(a, b, lang) if pd.notna(a) and pd.notna(b) else "–" for a, b in zip(low, high, strict=True)
            ],
            text["rel_p50"]: in_days("transit_p50_h"),
            text["rel_p90"]: in_days("transit_p90_h"),
            text["rel_p95"]: in_days("transit_p95_h"),
        }
    )
    runs = format_number(result["replications"], lang)
    summary = f"{messages.display_name('scenario', result['scenario'], lang)}: {runs} × {format_number(result['days'], lang)} {days}"
    if result.get("as_of"):  # results stored before simulations were dated have none
        summary += f" · {as_of_text(dt.date.fromisoformat(result['as_of']), lang)}"
    return {"summary": summary, "table_html": table_html(table, lang) + unroutable_html(result.get("unroutable", []), _namer(lang), lang)}


def assign_kind(store: ScenarioStore) -> JobKind:
    """Assign the embedded yearly demand on a scenario: link volumes, bottlenecks, corridor shares."""
    from dalan.assignment.corridor import assign_corridor
    from dalan.demand import read_demand

    def check(params: AssignParams) -> None:
        _scenario_field(store, params.scenario, "params.scenario")

    def run(params: AssignParams, progress: Progress) -> dict:
        scenario = store.load(params.scenario).scenario
        flows = assign_corridor(
            scenario.network, scenario.costing, read_demand(None, scenario.network), loading=params.loading, gap=params.gap,
            date=params.date,
        )  # fmt: skip
        progress(1.0)
        return plain_json(
            {
                "scenario": scenario.name,
                "as_of": (params.date or today()).isoformat(),
                "relative_gap": flows.assignment.relative_gap if flows.assignment else None,
                "links": flows.link_frame(scenario.costing).to_dict("records"),
                "bottlenecks": flows.bottlenecks(10).to_dict("records"),
                "shares": flows.corridor_shares(scenario.costing).to_dict("records"),
            }
        )

    return JobKind(
        "assign", AssignParams, run, check, display_assign,
        lambda result, _lang: records_frames(result, "links", "bottlenecks", "shares"),
    )  # fmt: skip


def display_assign(result: dict, lang: str) -> dict:
    """Corridor shares of tonne-km as a chart and the busiest links as a table, in ``lang``."""
    name = _namer(lang)

    links = pd.DataFrame(result["links"]).head(15)
    table = pd.DataFrame(
        {
            t("from", lang): [name(p) for p in links["from"]],
            t("to", lang): [name(p) for p in links["to"]],
            t("mode", lang): [t(m, lang) for m in links["mode"]],
            t("tonnes_per_year", lang): links["tonnes_per_year"].round(),
            t("vc", lang): links["max_vc"],
        }
    )
    shares = result["shares"]
    corridors = [corridor_label(row["corridor"], lang) for row in shares]
    chart = bars_svg(corridors, {t("corridor_share_tkm", lang): [row["share"] for row in shares]}, value_label="", lang=lang)
    summary = f"{messages.display_name('scenario', result['scenario'], lang)}: {t('corridor_share_tkm', lang)}"
    if result.get("as_of"):  # results stored before assignments were dated have none
        summary += f" · {as_of_text(dt.date.fromisoformat(result['as_of']), lang)}"
    return {
        "summary": summary,
        "chart_svg": str(chart),
        "table_html": table_html(table, lang, decimals={t("vc", lang): 2, t("tonnes_per_year", lang): 0}),
        "bottlenecks_html": _bottlenecks_table(result["bottlenecks"], lang),
        "scenario": result["scenario"],
        "link_flows": [[row["link"], row["tonnes_per_year"], row["max_vc"]] for row in result["links"] if row["tonnes_per_year"] > 0],
    }


def _bottlenecks_table(rows: list[dict], lang: str) -> str:
    """The capacitated edges with the highest volume/capacity: what, where, flow, capacity, v/c."""
    name = _namer(lang)
    frame = pd.DataFrame(rows, columns=["kind", "element", "from", "to", "shipments_per_year", "capacity_per_year", "vc"])
    where = [name(a) if a == b else route_title(name(a), name(b), lang) for a, b in zip(frame["from"], frame["to"], strict=True)]
    table = pd.DataFrame(
        {
            "#": range(1, len(frame) + 1),
            t("element", lang): [f"{t(k, lang)}: {w}" for k, w in zip(frame["kind"], where, strict=True)],
            t("shipments_per_year", lang): frame["shipments_per_year"].round(),
            t("capacity", lang): frame["capacity_per_year"].round(),
            t("vc", lang): frame["vc"],
        }
    )
    return str(table_html(table, lang, decimals={t("vc", lang): 2, t("shipments_per_year", lang): 0, t("capacity", lang): 0}))


def stress_kind(store: ScenarioStore) -> JobKind:
    """Every OD pair on a baseline and under each disruption scenario (``dalan stress``)."""
    from dalan.reports.stress_text import cell_tip
    from dalan.scenarios.stress import default_scenarios, stress

    def names(params: StressParams) -> list[str]:
        return list(dict.fromkeys(params.scenarios or [n for n in default_scenarios() if n != params.baseline]))

    def pairs(params: StressParams) -> tuple[tuple[str, str], ...]:
        base = store.load(params.baseline)
        return job_pairs(base.scenario.network, base.places, params.od_pairs, params.od_csv, MAX_OD_PAIRS)

    def check(params: StressParams) -> None:
        _scenario_field(store, params.baseline, "params.baseline")
        for name in names(params):
            if name == params.baseline:
                raise ApiError.of(422, "stress_baseline_listed", "params.scenarios", name=name)
            _scenario_field(store, name, "params.scenarios")
        pairs(params)

    def run(params: StressParams, progress: Progress) -> dict:
        base, scenarios, od = store.load(params.baseline).scenario, [store.load(n).scenario for n in names(params)], pairs(params)
        done, total = [0], len(od) * (1 + len(scenarios))

        def step() -> None:
            done[0] += 1
            progress(done[0] / total)

        matrix = stress(scenarios, od, baseline=base, by=params.by.value, cargo=params.cargo.value, date=params.date, progress=step)
        tips = {
            lang: [cell_tip(matrix.cell(o, d, s.name), matrix, lang) for o, d in matrix.pairs for s in matrix.scenarios]
            for lang in ("en", "fa")
        }
        return plain_json(matrix.to_dict() | {"tips": tips})

    return JobKind("stress", StressParams, run, check, display_stress, lambda result, _lang: records_frames(result, "cells"))


def job_kinds(store: ScenarioStore) -> dict[str, JobKind]:
    """Every job kind this server runs, by name."""
    kinds = [compare_kind(store), simulate_kind(store), assign_kind(store), stress_kind(store)]
    return {kind.name: kind for kind in kinds}


def kinds_for_engine(engine: Engine) -> dict[str, JobKind]:
    """The job kinds of a worker process, on its own connection to the server's database."""
    return job_kinds(ScenarioStore(engine))
