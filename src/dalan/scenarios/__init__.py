"""Scenarios: edits to the network and costing, loaded from TOML, applied and compared."""

from dalan.scenarios.edits import Edit, apply_edit, apply_edits, revert
from dalan.scenarios.registry import Scenario, apply_spec, load_scenario, shipped_names
from dalan.scenarios.spec import ScenarioSpec, parse_spec, read_spec, resolve_edits

__all__ = [
    "Edit",
    "Scenario",
    "ScenarioSpec",
    "apply_edit",
    "apply_edits",
    "apply_spec",
    "load_scenario",
    "parse_spec",
    "read_spec",
    "resolve_edits",
    "revert",
    "shipped_names",
]
