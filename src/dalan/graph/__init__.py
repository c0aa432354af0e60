"""The virtual graph: compile a network and costing into CSR arrays for the engines."""

from dalan.graph.compile import (
    OPERATIONAL,
    WITH_PLANNED,
    compile_graph,
    compiled_graph,
    end_services,
    link_layers,
)
from dalan.graph.virtual import (
    CRITERIA,
    EDGE_KINDS,
    MODE_CODES,
    Criterion,
    VirtualGraph,
)

__all__ = [
    "CRITERIA",
    "EDGE_KINDS",
    "MODE_CODES",
    "OPERATIONAL",
    "WITH_PLANNED",
    "Criterion",
    "VirtualGraph",
    "compile_graph",
    "compiled_graph",
    "end_services",
    "link_layers",
]
