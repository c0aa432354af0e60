"""``dalan calibrate``: the model against published end-to-end corridor figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dalan.calibration import results_frame, run_trials
from dalan.costing import load_costing
from dalan.network.io import load_embedded_network


def calibrate_command(
    costing_file: Annotated[str | None, typer.Option("--costing", help="Costing TOML (default: embedded).")] = None,
    markdown: Annotated[Path | None, typer.Option(help="Also write the table as Markdown to this file.")] = None,
) -> None:
    """Route each published trial's path and compare days, USD/TEU or speed with the figure."""
    frame = results_frame(run_trials(load_embedded_network(), load_costing(costing_file)))
    table = Table(title="Calibration trials (CORRIDOR_FACTS.md §8)")
    for column in ("trial", "metric", "published", "modelled", "error %", "band %", "ok"):
        table.add_column(column, justify="left" if column in ("trial", "metric") else "right")
    for row in frame.itertuples():
        table.add_row(
            row.trial, row.metric, f"{row.published:,.1f}", f"{row.modelled:,.1f}",
            f"{row.error_pct:+.1f}", f"±{row.band_pct:.0f}", "yes" if row.within_band else "[red]no[/red]",
        )  # fmt: skip
    Console().print(table)
    if markdown is not None:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(calibration_markdown(frame), encoding="utf-8")
    if not frame["within_band"].all():
        raise typer.Exit(code=1)


def calibration_markdown(frame) -> str:
    """The trial table as Markdown, with each trial's path and source."""
    lines = [
        "| trial | metric | published | modelled | error | band | within | path (segment modes) | source |",
        "|---|---|---:|---:|---:|---:|:-:|---|---|",
    ]
    for row in frame.itertuples():
        lines.append(
            f"| {row.trial} | {row.metric} | {row.published:,.1f} | {row.modelled:,.1f} | {row.error_pct:+.1f} % "
            f"| ±{row.band_pct:.0f} % | {'yes' if row.within_band else 'no'} | {row.path} | {row.source} |"
        )
    return "\n".join(lines) + "\n"
