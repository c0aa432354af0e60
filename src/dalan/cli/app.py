"""The ``dalan`` command line: thin commands over the library.

Commands are registered by module path and imported only when they run (:mod:`dalan.cli.lazy`), so
``dalan --help`` imports no command and ``dalan route`` imports only what routing needs."""

from __future__ import annotations

from typing import Annotated

import typer

from dalan.choices import Lang
from dalan.cli.lazy import LazyCommand, LazyGroup

COMMANDS: tuple[LazyCommand, ...] = (
    LazyCommand(
        "route",
        "dalan.cli.route_cmd:route_command",
        "The best route between two places, with every leg, border, gauge change and transfer.",
        friendly=True,
    ),
    LazyCommand(
        "demo",
        "dalan.cli.demo_cmd:demo_command",
        "One container to Bandar Abbas from Warsaw, Kyiv and Moscow: today vs Rasht–Astara built.",
        friendly=True,
    ),
    LazyCommand(
        "compare",
        "dalan.cli.compare_cmd:compare_command",
        "Route every OD pair in both scenarios; print Δ days, Δ USD, Δ CO2e, changes and corridor shares.",
        friendly=True,
    ),
    LazyCommand(
        "stress",
        "dalan.cli.stress_cmd:stress_command",
        "Route every origin–destination pair on the baseline and under each disruption scenario:\n"
        "does a route survive, at what extra days, USD and CO2e, and which corridor takes over.",
        friendly=True,
    ),
    LazyCommand(
        "calibrate",
        "dalan.cli.calibrate_cmd:calibrate_command",
        "Fit the free parameters of the costing (inside their bounds, with weak priors toward the\n"
        "sourced values) to the runnable published figures by robust least squares on log errors;\n"
        "cross-validate leaving one corridor out; print the parameters and the in-sample and\n"
        "cross-validated errors; optionally write the fitted costing and an HTML report.",
        friendly=True,
    ),
    LazyCommand(
        "backtest",
        "dalan.cli.backtest_cmd:backtest_command",
        "Run every mappable published figure's query on the model; print the model's figure, the\n"
        "relative error and whether it is in band, a summary by corridor, metric and kind, and the rows\n"
        "that could not be run with the reason.",
        friendly=True,
    ),
    LazyCommand(
        "assign",
        "dalan.cli.assign_cmd:assign_command",
        "Assign yearly demand (default: the shipped file, from published volumes) on a scenario.",
        friendly=True,
    ),
    LazyCommand(
        "tntp",
        "dalan.cli.tntp_cmd:tntp_command",
        "Assign a TNTP network to user equilibrium; link cost = BPR time + factors x length and toll.",
    ),
    LazyCommand(
        "simulate",
        "dalan.cli.simulate_cmd:simulate_command",
        "Simulate trains, trucks, ferries, borders and terminals; transit times and bottlenecks.",
    ),
    LazyCommand(
        "serve",
        "dalan.cli.serve_cmd:serve_command",
        "Serve the API at /api and the map page at / (open http://HOST:PORT/ in a browser).",
        friendly=True,
    ),
    LazyCommand(
        "network",
        "dalan.cli.network_cmd:network_app",
        "Inspect, validate and search the physical network (places and links).",
    ),
    LazyCommand("scenario", "dalan.cli.scenario_cmd:scenario_app", "List, show and validate scenarios."),
    LazyCommand("users", "dalan.cli.users_cmd:users_app", "Users of the web API and their API keys."),
)


class DalanGroup(LazyGroup):
    """The top-level ``dalan`` group: :data:`COMMANDS`, each imported when it runs."""

    lazy_commands = COMMANDS


app = typer.Typer(
    name="dalan",
    help="Plan freight on the corridors joining Europe and Russia to Iran and the Persian Gulf.\n\n"
    "Set DALAN_LANG=fa (or give --lang fa) for Persian: help, messages and output.",
    cls=DalanGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    lang: Annotated[
        Lang, typer.Option(help="Language of the command's output, messages and help (a command's own --lang wins).")
    ] = Lang.en,
) -> None:
    """The group itself does nothing; its commands are in :data:`COMMANDS`. ``dalan --lang fa CMD``
    is ``dalan CMD --lang fa`` (:class:`dalan.cli.lazy.LazyGroup` passes it down)."""


def main() -> None:
    """Console-script entry point."""
    app()
