"""The ``dalan`` command line: thin commands over the library."""

from __future__ import annotations

import typer

from dalan.cli.assign_cmd import assign_command
from dalan.cli.backtest_cmd import backtest_command
from dalan.cli.calibrate_cmd import calibrate_command
from dalan.cli.compare_cmd import compare_command
from dalan.cli.demo_cmd import demo_command
from dalan.cli.errors import friendly_errors
from dalan.cli.network_cmd import network_app
from dalan.cli.route_cmd import route_command
from dalan.cli.scenario_cmd import scenario_app
from dalan.cli.serve_cmd import serve_command
from dalan.cli.simulate_cmd import simulate_command
from dalan.cli.stress_cmd import stress_command
from dalan.cli.tntp_cmd import tntp_command
from dalan.cli.users_cmd import users_app

app = typer.Typer(
    name="dalan",
    help="Plan freight on the corridors joining Europe and Russia to Iran and the Persian Gulf.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(network_app, name="network", help="Inspect, validate and search the physical network.")
app.command("route")(friendly_errors(route_command))
app.command("demo")(friendly_errors(demo_command))
app.add_typer(scenario_app, name="scenario")
app.command("compare")(friendly_errors(compare_command))
app.command("stress")(friendly_errors(stress_command))
app.command("calibrate")(friendly_errors(calibrate_command))
app.command("backtest")(friendly_errors(backtest_command))
app.command("assign")(friendly_errors(assign_command))
app.command("tntp")(tntp_command)
app.command("simulate")(simulate_command)
app.command("serve")(friendly_errors(serve_command))
app.add_typer(users_app, name="users")


def main() -> None:
    """Console-script entry point."""
    app()
