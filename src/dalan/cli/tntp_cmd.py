"""``dalan tntp``: equilibrium assignment of a TNTP network, with its convergence log.

Register with ``app.command("tntp")(tntp_command)``.
"""

from __future__ import annotations

import csv
import math
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from dalan.assignment import (
    ALGORITHMS,
    AssignmentResult,
    Demand,
    IterationRecord,
    assign,
    tntp,
)
from dalan.choices import Lang
from dalan.errors import DalanError, InputError, Problem, os_reason
from dalan.files import atomic_write, check_outputs
from dalan.messages import display_name, render, text
from dalan.options import check_numbers
from dalan.reports.i18n import MISSING, format_number, format_scientific

#: Most iteration rows printed; longer logs are thinned evenly (the last row always shows).
_LOG_ROWS = 25
#: Most iterations a run may ask for.
MAX_ITERATIONS = 1_000_000


def _thinned(log: tuple[IterationRecord, ...]) -> list[IterationRecord]:
    if len(log) <= _LOG_ROWS:
        return list(log)
    picks = sorted({round(i * (len(log) - 1) / (_LOG_ROWS - 1)) for i in range(_LOG_ROWS)})
    return [log[i] for i in picks]


def _log_table(result: AssignmentResult, lang: str) -> Table:
    table = Table(title=render("cli.tntp_iterations", lang, algorithm=display_name("algorithm", result.algorithm, lang)), show_edge=False)
    for heading in ("iteration", "relative_gap", "objective", "step", "seconds"):
        table.add_column(text(f"cli.tntp_{heading}", lang), justify="right")
    for record in _thinned(result.log):
        table.add_row(format_number(record.iteration, lang), format_scientific(record.relative_gap, lang),
                      format_scientific(record.objective, lang, ".10g"),
                      MISSING if math.isnan(record.step) else format_scientific(record.step, lang, ".4g"),
                      format_number(record.seconds, lang, 3))
    return table


def _write_flows(path: Path, result: AssignmentResult) -> None:
    """CSV of init_node, term_node (numbered as in the TNTP file), volume and cost, full precision."""
    network = result.network
    rows = [
        [int(network.init_node[a]) + 1, int(network.term_node[a]) + 1,
         repr(float(result.flow[a])), repr(float(result.class_cost[0, a]))]
        for a in range(network.num_links)
    ]
    try:
        with atomic_write(path, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["init_node", "term_node", "volume", "cost"])
            writer.writerows(rows)
    except OSError as error:
        raise InputError(Problem.of("output", "flows_out", str(path), "cannot_write", "folder_writable", reason=os_reason(error))) from error


def tntp_command(
    net_file: Annotated[Path, typer.Argument(help="TNTP network file (*_net.tntp).")],
    trips_file: Annotated[Path, typer.Argument(help="TNTP trips file (*_trips.tntp).")],
    algorithm: Annotated[str, typer.Option(
        help=f"One of: {', '.join(ALGORITHMS)} (b: Algorithm B, for tight gaps; auto: B, or BFW on a large "
             "network to a loose gap or when B would not fit in memory).")] = "bfw",
    gap: Annotated[float, typer.Option(help="Target true relative gap.")] = 1e-4,
    max_iterations: Annotated[int, typer.Option(help="Stop after this many iterations.")] = 1000,
    distance_factor: Annotated[float, typer.Option(help="Cost per unit of link length.")] = 0.0,
    toll_factor: Annotated[float, typer.Option(help="Cost per unit of link toll.")] = 0.0,
    flows_out: Annotated[Path | None, typer.Option(help="Write link volumes and costs to this CSV file.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the tables and messages.")] = Lang.en,
) -> None:
    """Assign a TNTP network to user equilibrium; link cost = BPR time + factors x length and toll."""
    lg = lang.value
    console = Console()
    try:
        check_numbers(
            "tntp", ("gap", gap, 0.0, 1.0, True), ("max_iterations", max_iterations, 1, MAX_ITERATIONS, False),
            ("distance_factor", distance_factor, 0.0, None, False), ("toll_factor", toll_factor, 0.0, None, False),
        )  # fmt: skip
        check_outputs(flows_out)
        start = time.perf_counter()
        raw = tntp.read_net(net_file)
        network = raw.to_assignment_network()
        trips = tntp.read_trips(trips_file, network.num_zones)
        demand = Demand.single(trips, distance_factor=distance_factor, toll_factor=toll_factor)
        result = assign(network, demand, algorithm=algorithm, gap=gap, max_iterations=max_iterations)
        if flows_out is not None:
            _write_flows(flows_out, result)
        wall = time.perf_counter() - start
    except DalanError as error:
        console.print(Text.assemble((f"{text('error.prefix', lg)}: ", "bold red"), (error.message(lg), "red")), soft_wrap=True)
        raise typer.Exit(code=2) from None
    console.print(_log_table(result, lg))
    iterations = format_number(result.iterations, lg)
    status = (f"[green]{text('cli.tntp_converged', lg)}[/]" if result.converged
              else f"[yellow]{escape(render('cli.tntp_not_converged', lg, iterations=iterations))}[/]")
    console.print(render("cli.tntp_gap", lg, status=status, gap=format_scientific(result.relative_gap, lg), iterations=iterations,
                         algorithm=result.algorithm if lg == "en" else display_name("algorithm", result.algorithm, lg)))
    console.print(render("cli.tntp_beckmann", lg, objective=format_scientific(result.objective, lg, "r")))
    console.print(render("cli.tntp_wall", lg, wall=format_number(wall, lg, 3), seconds=format_number(result.seconds, lg, 3)))
    if flows_out is not None:
        console.print(escape(render("cli.tntp_flows_written", lg, path=str(flows_out))))
