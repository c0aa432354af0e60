"""``dalan scenario list|show|validate``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dalan.choices import Lang
from dalan.cli.errors import friendly_errors
from dalan.messages import display_name, render, text
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
    from dalan.reports.scenario_text import edit_rows, values_text

    lg = lang.value
    scenario = load_scenario(name)
    console = Console()
    console.print(f"[bold]{escape(scenario.name)}[/bold]: {escape(scenario.title(lg))}")
    base = display_name("scenario", scenario.spec.base, lg) if lg == "fa" else scenario.spec.base
    console.print(escape(render("cli.scenario_base", lg, base=base, file=scenario.spec.file)))
    if scenario.spec.source:
        console.print(escape(render("cli.scenario_source", lg, source=scenario.spec.source_in(lg))))
    table = Table(title=text("cli.edits_title", lg))
    for column in ("action", "element", "values"):
        table.add_column(text(f"cli.{column}", lg))
    for row in edit_rows(scenario.network, scenario.edits, lg):
        table.add_row(*(escape(cell) for cell in row))
    console.print(table)
    if scenario.spec.costing:
        console.print(escape(render("cli.scenario_costing", lg, values=values_text(scenario.spec.costing, lg))))


@scenario_app.command("validate")
@friendly_errors
def validate_command(
    name: Annotated[str, typer.Argument(help="Shipped scenario name or a .toml path.")],
    lang: Annotated[Lang, typer.Option(help="Language of the messages.")] = Lang.en,
) -> None:
    """Check a scenario file: every edit names something that exists; the result validates."""
    from dalan.network.validation import validate

    lg = lang.value
    scenario = load_scenario(name)
    problems = validate(scenario.network, scenario.spec.file)
    console = Console()
    for problem in problems:
        console.print(f"[red]•[/red] {escape(problem.text(lg))}", highlight=False)
    if problems:
        raise typer.Exit(code=1)
    shown = scenario.name if lg == "en" else display_name("scenario", scenario.name, lg)
    console.print(escape(render("cli.scenario_valid", lg, name=shown, edits=len(scenario.edits),
                                places=len(scenario.network.places), links=len(scenario.network.links))))
