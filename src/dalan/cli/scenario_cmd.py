"""``dalan scenario list|show|validate``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dalan.choices import Lang
from dalan.cli.errors import friendly_errors
from dalan.messages import display_name, text
from dalan.reports.i18n import format_number
from dalan.scenarios import load_scenario, shipped_names

scenario_app = typer.Typer(help="List, show and validate scenarios.", no_args_is_help=True)


@scenario_app.command("list")
@friendly_errors
def list_command(lang: Annotated[Lang, typer.Option(help="Language of the titles.")] = Lang.en) -> None:
    """The scenarios shipped with dalan."""
    lg = lang.value
    table = Table(title=text("cli.scenarios", lg))
    for column in ("name", "base", "edits", "title"):
        table.add_column(text(f"cli.{column}", lg))
    for name in shipped_names():
        scenario = load_scenario(name)
        shown = name if lg == "en" else f"{display_name('scenario', name, lg)} ({name})"
        base = display_name("scenario", scenario.spec.base, lg) if lg == "fa" else scenario.spec.base
        table.add_row(escape(shown), escape(base), format_number(len(scenario.edits), lg), escape(scenario.title(lg)))
    Console().print(table)


@scenario_app.command("show")
@friendly_errors
def show_command(
    name: Annotated[str, typer.Argument(help="Shipped scenario name or a .toml path.")],
    lang: Annotated[Lang, typer.Option(help="Language of the title.")] = Lang.en,
) -> None:
    """A scenario's title, base, source and every edit it makes."""
    scenario = load_scenario(name)
    console = Console()
    console.print(f"[bold]{escape(scenario.name)}[/bold]: {escape(scenario.title(lang.value))}")
    console.print(f"base: {escape(scenario.spec.base)}   file: {escape(scenario.spec.file)}")
    if scenario.spec.source:
        console.print(f"source: {escape(scenario.spec.source)}")
    table = Table(title="Edits")
    for column in ("action", "target", "id", "values"):
        table.add_column(column)
    for edit in scenario.edits:
        table.add_row(edit.action, edit.target, escape(edit.id), escape(", ".join(f"{k} = {v!r}" for k, v in (edit.values or {}).items())))
    console.print(table)
    if scenario.spec.costing:
        console.print("costing: " + escape(", ".join(f"{k} = {v}" for k, v in scenario.spec.costing.items())))


@scenario_app.command("validate")
@friendly_errors
def validate_command(name: Annotated[str, typer.Argument(help="Shipped scenario name or a .toml path.")]) -> None:
    """Check a scenario file: every edit names something that exists; the result validates."""
    from dalan.network.validation import validate

    scenario = load_scenario(name)
    problems = validate(scenario.network, scenario.spec.file)
    console = Console()
    for problem in problems:
        console.print(f"[red]•[/red] {escape(str(problem))}", highlight=False)
    if problems:
        raise typer.Exit(code=1)
    console.print(
        f"valid: {escape(scenario.name)} ({len(scenario.edits)} edits; {len(scenario.network.places)} places, "
        f"{len(scenario.network.links)} links)"
    )
