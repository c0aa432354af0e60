"""The simulation answers for a date like routing: the network as it stood that day (dated
closures), and a demand row with no route that day is reported, not simulated: the library,
`dalan simulate --date` and the web job's display."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import typer
from simulation_helpers import operations
from typer.testing import CliRunner

from dalan.cli.simulate_cmd import simulate_command
from dalan.demand import Demand, DemandRow
from dalan.errors import NoRouteError
from dalan.network.history import History, NetworkEvent
from dalan.routing import route
from dalan.simulation import build_plan, simulate
from dalan.simulation import plan as plan_module
from dalan.web.job_kinds import display_simulation

app = typer.Typer()
app.command()(simulate_command)
FAST = ["--days", "3", "--warmup-days", "1", "--replications", "1", "--workers", "1"]
WIDE = {"COLUMNS": "250"}
CLOSED_ON, DAY_BEFORE, LATER = dt.date(2024, 3, 1), dt.date(2024, 2, 29), dt.date(2024, 6, 1)


def closing(monkeypatch, target: str) -> None:
    """The dated history: ``target`` closed from CLOSED_ON."""
    event = NetworkEvent(CLOSED_ON, target, "close", note_en=f"{target} shut", note_fa="بسته", source="test")
    monkeypatch.setattr(plan_module, "load_history", lambda: History((event,)))


def rows(*pairs: tuple[str, str]) -> Demand:
    return Demand(tuple(DemandRow(a, b, "container", 3000.0) for a, b in pairs))


def test_a_pair_closed_that_day_is_reported_and_the_others_simulated(tiny_network, tiny_costing, monkeypatch):
    closing(monkeypatch, "L3")  # the ferry C–D: nothing reaches E
    demand = rows(("A", "E"), ("A", "C"))
    before = build_plan(tiny_network, tiny_costing, demand, operations(), by="time", date=DAY_BEFORE)
    assert [f.label for f in before.flows] == ["A→E container", "A→C container"] and not before.unroutable
    plan = build_plan(tiny_network, tiny_costing, demand, operations(), by="time", date=LATER)
    assert plan.as_of == LATER and [f.label for f in plan.flows] == ["A→C container"]
    [row] = plan.unroutable
    assert (row.origin_id, row.destination_id, row.cargo, row.quantity_per_year) == ("A", "E", "container", 3000.0)
    assert "L3" in row.reason.en and "L3" in row.reason.fa


def test_no_routable_row_raises_before_any_replication(tiny_network, tiny_costing, monkeypatch):
    from dalan.simulation import runner

    closing(monkeypatch, "L3")
    monkeypatch.setattr(runner, "run_replication", lambda *a, **k: pytest.fail("a replication ran"))
    with pytest.raises(NoRouteError) as err:
        simulate(tiny_network, tiny_costing, rows(("A", "E"), ("B", "D")), operations=operations(), by="time", date=LATER)
    assert "L3" in err.value.message("en")


def test_simulate_on_a_date_takes_the_network_of_that_day(tiny_network_with_road, tiny_costing, monkeypatch):
    """A → E by time takes the road L6 while it is open, rail + ferry once it is closed."""
    closing(monkeypatch, "L6")
    net = tiny_network_with_road
    by_road, without_road = route(net, "A", "E", costing=tiny_costing), route(net.without(link_ids=["L6"]), "A", "E", costing=tiny_costing)
    for day, expected in ((DAY_BEFORE, by_road), (LATER, without_road)):
        result = simulate(net, tiny_costing, rows(("A", "E")), operations=operations(), by="time", days=2, warmup_days=0, replications=1, date=day)
        uses_road = any(f.element_id == "L6" for f in result.plan.facilities)
        assert uses_road == (expected is by_road)
        assert result.plan.flows[0].itinerary_time_h == pytest.approx(expected.time_h)
        assert result.to_dict()["as_of"] == day.isoformat()


def test_cli_date_lists_the_unroutable_row_in_english_persian_and_json(monkeypatch, tmp_path):
    closing(monkeypatch, "IR_THR")  # Tehran's links closed: Moscow → Tehran has no route
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,class,quantity_per_year\nKZ_AKT,IR_GOR,bulk,300000\nRU_MOW,IR_THR,container,7800\n", encoding="utf-8")
    args = [*FAST, "--demand", str(demand), "--date", LATER.isoformat(), "--report", str(tmp_path / "sim.html")]
    english = CliRunner().invoke(app, args, env=WIDE)
    assert english.exit_code == 0, english.output
    assert "As of 2024-06-01" in english.output
    unroutable = english.output.split("Not simulated: no route on that date (1 demand row(s))")[1]
    assert "Moscow" in unroutable and "Tehran" in unroutable and "Gorgan" not in unroutable and "IR_THR shut" in unroutable

    persian = CliRunner().invoke(app, [*args, "--lang", "fa"], env=WIDE)
    assert persian.exit_code == 0, persian.output
    report = (tmp_path / "sim.html").read_text(encoding="utf-8")
    assert "۲۰۲۴-۰۶-۰۱" in report and "شبیه‌سازی‌نشده" in report and "IR_THR" in report
    assert "به تاریخ" in persian.output and "۲۰۲۴-۰۶-۰۱" in persian.output
    unroutable = persian.output.split("شبیه‌سازی‌نشده: در این تاریخ مسیری نیست (۱ ردیف تقاضا)")[1]
    assert "مسکو" in unroutable and "تهران" in unroutable and "بسته" in unroutable

    data = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)
    assert data["as_of"] == "2024-06-01" and [f["origin"] for f in data["flows"]] == ["KZ_AKT"]
    [row] = data["unroutable"]
    assert (row["origin"], row["destination"], row["class"]) == ("RU_MOW", "IR_THR", "container")
    assert "IR_THR shut" in row["reason"]["en"] and "تهران" in row["reason"]["fa"]

    shown = display_simulation(data, "fa")  # the web job's stored result, shown in Persian
    assert "۲۰۲۴-۰۶-۰۱" in shown["summary"] and "شبیه‌سازی‌نشده" in shown["table_html"] and "مسکو" in shown["table_html"]


def test_cli_bad_date_is_one_clear_line():
    result = CliRunner().invoke(app, [*FAST, "--date", "2024-13-01"])
    assert result.exit_code == 2
    assert "date" in result.output and "2024-13-01" in result.output and "Traceback" not in result.output
