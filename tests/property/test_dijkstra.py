"""The plain-Python Dijkstra (what a one-off CLI route searches with) against scipy's, which the
batches use, and the numba kernel the server's route workers use: the same floats, and the same
predecessors, ties included."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import scipy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra as scipy_dijkstra

from dalan._kernels.dijkstra import dijkstra_trees
from dalan.graph import compile_graph
from dalan.routing.paths import cheapest_edges, dijkstra, plain_dijkstra
from dalan.scenarios import load_scenario

#: scipy 1.16 replaced its Fibonacci heap by the (-distance, node) priority queue that
#: plain_dijkstra follows; before, equal-cost ties could pick another predecessor.
SAME_TIES = tuple(int(x) for x in scipy.__version__.split(".")[:2]) >= (1, 16)


@st.composite
def graphs(draw):
    """A directed graph with at most one arc per (tail, head): few distinct weights (zeros
    included) so that many paths tie, or any finite weights."""
    n = draw(st.integers(1, 12))
    arcs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40, unique=True))
    tails = np.array([a for a, _ in arcs], dtype=np.int64)
    heads = np.array([b for _, b in arcs], dtype=np.int64)
    few = draw(st.booleans())
    values = st.sampled_from([0.0, 0.5, 1.0, 1.5, 3.0]) if few else st.floats(0.0, 1e6, allow_subnormal=False)
    weights = np.array(draw(st.lists(values, min_size=len(arcs), max_size=len(arcs))), dtype=np.float64)
    return n, tails, heads, weights, draw(st.integers(0, n - 1))


def scipy_tree(n, tails, heads, weights, source):
    matrix = csr_matrix((weights, (tails, heads)), shape=(n, n))
    return scipy_dijkstra(matrix, directed=True, indices=source, return_predecessors=True)


def assert_tree(n, tails, heads, weights, source, dist, pred):
    """Each reached node's distance is its predecessor's plus the arc between them."""
    cost = {(int(a), int(b)): float(w) for a, b, w in zip(tails, heads, weights, strict=True)}
    for node in range(n):
        if node == source or not np.isfinite(dist[node]):
            assert pred[node] == -9999
            continue
        assert dist[node] == dist[pred[node]] + cost[int(pred[node]), node]


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_plain_dijkstra_is_scipys(graph):
    n, tails, heads, weights, source = graph
    dist, pred = plain_dijkstra(n, tails, heads, weights, source)
    expected_dist, expected_pred = scipy_tree(n, tails, heads, weights, source)
    assert dist.dtype == expected_dist.dtype and pred.dtype == expected_pred.dtype
    assert np.array_equal(dist, expected_dist)  # bit for bit, unreached nodes at inf
    assert_tree(n, tails, heads, weights, source, dist, pred)
    if SAME_TIES:
        assert np.array_equal(pred, expected_pred)


@settings(max_examples=300, deadline=None)
@given(graphs(), st.lists(st.integers(0, 11), min_size=1, max_size=3))
def test_the_numba_kernel_is_the_plain_dijkstra(graph, more):
    n, tails, heads, weights, source = graph
    sources = np.array([source] + [s % n for s in more], dtype=np.int64)
    dist, pred = dijkstra_trees(n, tails, heads, weights, sources)
    assert dist.dtype == np.float64 and pred.dtype == np.int32
    for row, s in enumerate(sources):
        expected_dist, expected_pred = plain_dijkstra(n, tails, heads, weights, int(s))
        assert np.array_equal(dist[row], expected_dist) and np.array_equal(pred[row], expected_pred)


def test_the_same_trees_on_the_embedded_network():
    """Trees to and from a sample of places of the compiled embedded network: plain, scipy and the
    kernel (which :func:`dijkstra` uses here: this module has loaded it)."""
    scenario = load_scenario("baseline")
    graph = compile_graph(scenario.network, scenario.costing, "container")
    weights = graph.weights("generalized", None, None)
    keep = cheapest_edges(graph, weights)
    places = range(0, len(graph.place_ids), 17)
    forward = (graph.tail[keep], graph.head[keep], [int(graph.origin_node[i]) for i in places])
    backward = (graph.head[keep], graph.tail[keep], [int(graph.destination_node[i]) for i in places])
    for tails, heads, sources in (forward, backward):
        matrix = csr_matrix((weights[keep], (tails, heads)), shape=(graph.num_nodes, graph.num_nodes))
        scipys = scipy_dijkstra(matrix, directed=True, indices=sources, return_predecessors=True)
        kernels = dijkstra(graph.num_nodes, tails, heads, weights[keep], sources)
        assert np.array_equal(kernels[0], scipys[0]) and (np.array_equal(kernels[1], scipys[1]) or not SAME_TIES)
        for row, source in enumerate(sources):
            dist, pred = plain_dijkstra(graph.num_nodes, tails, heads, weights[keep], source)
            assert np.array_equal(dist, kernels[0][row]) and np.isfinite(dist).sum() > len(dist) // 3
            assert np.array_equal(pred, kernels[1][row])


def test_a_process_switches_to_scipy_once_plain_python_has_cost_its_import():
    """In a fresh interpreter: the first trees in plain Python (scipy not imported), then scipy.
    (By cost: one tree a route; by time a route also searches with trucks at their driving hours.)"""
    probe = (
        "import sys\nfrom dalan.routing import paths, route\nfrom dalan.scenarios import load_scenario\n"
        "from dalan.graph.compile import compiled_graph\n"
        "paths.PLAIN_ARC_BUDGET = 5000\nscenario = load_scenario('baseline')\nloaded = []\n"
        "for _ in range(4):\n    route(scenario.network, 'Warsaw', 'Tehran', by='cost')\n    loaded.append('scipy.sparse.csgraph' in sys.modules)\n"
        "print(loaded, paths._plain_arcs[0], len(compiled_graph(scenario.network, scenario.costing).tail))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    loaded, arcs, graph_arcs = [x.strip("[],") == "True" for x in out[:-2]], int(out[-2]), int(out[-1])
    assert loaded[0] is False and loaded[-1] is True and loaded == sorted(loaded)
    assert 5000 <= arcs <= 5000 + graph_arcs  # the tree that crossed the budget was the last plain one (a tree scans each arc once at most)
