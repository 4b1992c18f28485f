"""relnet as a networkx backend: results equal networkx's own on random graphs.

Oracle: networkx itself. Each test runs the same call twice, once with ``backend="relnet"``
(relnet's kernels on a converted graph) and once with ``backend="networkx"``, and compares the
results key by key (floats to 1e-9 relative, NaN equal to NaN, types as networkx returns).
"""

from __future__ import annotations

import math
import random
from importlib.metadata import entry_points

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet.nx_backend import get_info
from relnet.nx_backend.graph import RelnetGraph
from relnet.nx_backend.interface import BackendInterface

N_NODES = 9


@pytest.fixture(autouse=True)
def _quiet_cache_warning():
    """networkx warns each time a cached conversion is reused; that is expected here."""
    added = "cache" not in nx.config.warnings_to_ignore
    nx.config.warnings_to_ignore.add("cache")
    yield
    if added:
        nx.config.warnings_to_ignore.discard("cache")


@st.composite
def graphs(draw, directed=None, weighted=True):
    """A Graph or DiGraph on 9 nodes in shuffled order, integer weights 1..4, no loops."""
    is_directed = draw(st.booleans()) if directed is None else directed
    pairs = draw(
        st.lists(st.tuples(st.integers(0, N_NODES - 1), st.integers(0, N_NODES - 1)), max_size=30)
    )
    order = draw(st.permutations(range(N_NODES)))
    G = nx.DiGraph() if is_directed else nx.Graph()
    G.add_nodes_from(order)
    for u, v in pairs:
        if u != v:
            if weighted:
                G.add_edge(u, v, weight=draw(st.integers(1, 4)))
            else:
                G.add_edge(u, v)
    return G


def same(got, want) -> bool:
    """Equal results: dicts key by key, floats to 1e-9, NaN == NaN, None == None."""
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and set(got) == set(want)
            and all(same(got[k], want[k]) for k in want)
        )
    if want is None or got is None:
        return want is got
    if isinstance(want, float) and math.isnan(want):
        return isinstance(got, float) and math.isnan(got)
    return got == pytest.approx(want, rel=1e-9, abs=1e-12)


def both(func, *args, **kwargs):
    return func(*args, backend="relnet", **kwargs), func(*args, backend="networkx", **kwargs)


def assert_python_scalars(result) -> None:
    """networkx returns Python numbers, never numpy scalars."""
    values = result.values() if isinstance(result, dict) else [result]
    for value in values:
        assert value is None or type(value) in (int, float), type(value)


# ------------------------------------------------------------------ registration
def test_entry_points_registered():
    backends = entry_points(group="networkx.backends", name="relnet")
    info = entry_points(group="networkx.backend_info", name="relnet")
    assert len(backends) == 1 and len(info) == 1
    assert backends["relnet"].load() is BackendInterface
    assert "relnet" in nx.utils.backends.backend_info


def test_info_lists_only_functions_the_interface_has():
    info = get_info()
    assert info["backend_name"] == "relnet"
    for name in info["functions"]:
        assert hasattr(BackendInterface, name), name
        assert name in nx.utils.backends._registered_algorithms, name


# ------------------------------------------------------------------ oracle: networkx
@settings(max_examples=100, deadline=None)
@given(graphs(directed=True, weighted=False))
def test_triadic_census_matches_networkx(G):
    got, want = both(nx.triadic_census, G)
    assert got == want
    assert all(type(v) is int for v in got.values())


@settings(max_examples=100, deadline=None)
@given(graphs(directed=True, weighted=False), st.data())
def test_reciprocity_matches_networkx(G, data):
    if G.number_of_edges():
        got, want = both(nx.overall_reciprocity, G)
        assert same(got, want) and type(got) is float
        assert same(nx.reciprocity(G, backend="relnet"), want)
    nodes = data.draw(st.lists(st.integers(0, N_NODES - 1), unique=True))
    got, want = both(nx.reciprocity, G, nodes)
    assert same(got, want)
    node = data.draw(st.integers(0, N_NODES - 1))
    if G.degree(node) == 0:
        with pytest.raises(nx.NetworkXError):
            nx.reciprocity(G, node, backend="relnet")
    else:
        assert same(*both(nx.reciprocity, G, node))


@settings(max_examples=100, deadline=None)
@given(graphs(), st.sampled_from([None, "weight"]), st.data())
def test_structural_holes_match_networkx(G, weight, data):
    for func in (nx.constraint, nx.effective_size):
        if func is nx.effective_size and (G.is_directed() or weight is not None):
            # declined: networkx's all-nodes path differs from its per-node path (see below)
            with pytest.raises(NotImplementedError):
                func(G, weight=weight, backend="relnet")
        else:
            got, want = both(func, G, weight=weight)
            assert same(got, want), func.__name__
            assert_python_scalars(got)
        nodes = data.draw(st.lists(st.integers(0, N_NODES - 1), unique=True, max_size=4))
        assert same(*both(func, G, nodes, weight=weight)), func.__name__
    u, v = data.draw(st.integers(0, N_NODES - 1)), data.draw(st.integers(0, N_NODES - 1))
    got, want = both(nx.local_constraint, G, u, v, weight=weight)
    assert same(got, want)


@settings(max_examples=100, deadline=None)
@given(
    graphs(),
    st.sampled_from([None, "weight"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, 1, 3, 5, N_NODES]),
    st.integers(0, 1000),
)
def test_betweenness_matches_networkx(G, weight, normalized, endpoints, k, seed):
    kwargs = dict(weight=weight, normalized=normalized, endpoints=endpoints, k=k, seed=seed)
    got, want = both(nx.betweenness_centrality, G, **kwargs)
    assert same(got, want)
    assert_python_scalars(got)


@settings(max_examples=100, deadline=None)
@given(graphs(), st.sampled_from([None, "weight"]), st.data())
def test_harmonic_centrality_matches_networkx(G, distance, data):
    assert same(*both(nx.harmonic_centrality, G, distance=distance))
    subset = st.lists(st.integers(0, N_NODES - 1), unique=True, min_size=1, max_size=5)
    nbunch, sources = data.draw(subset), data.draw(subset)
    got, want = both(nx.harmonic_centrality, G, nbunch, distance, sources)
    assert same(got, want)


@settings(max_examples=100, deadline=None)
@given(graphs(), st.sampled_from([None, "weight"]), st.sampled_from([0.5, 0.85, 0.95]))
def test_pagerank_matches_networkx(G, weight, alpha):
    kwargs = dict(alpha=alpha, weight=weight, tol=1e-12, max_iter=10_000)
    got = nx.pagerank(G, backend="relnet", **kwargs)
    want = nx.pagerank(G, backend="networkx", **kwargs)
    assert set(got) == set(want)
    for node in want:
        assert got[node] == pytest.approx(want[node], abs=1e-8)
    assert_python_scalars(got)


@settings(max_examples=100, deadline=None)
@given(graphs(weighted=False))
def test_cores_and_components_match_networkx(G):
    got, want = both(nx.core_number, G)
    assert got == want and all(type(v) is int for v in got.values())
    if G.is_directed():
        for func in (nx.strongly_connected_components, nx.weakly_connected_components):
            got, want = both(func, G)
            got, want = list(got), list(want)
            assert sorted(map(sorted, got)) == sorted(map(sorted, want))
        for func in (
            nx.number_strongly_connected_components,
            nx.number_weakly_connected_components,
        ):
            got, want = both(func, G)
            assert got == want and type(got) is int
    else:
        got, want = both(nx.transitivity, G)
        assert same(got, want) and type(got) is type(want)


@settings(max_examples=100, deadline=None)
@given(graphs(), st.sampled_from([None, "weight"]), st.booleans(), st.data())
def test_clustering_matches_networkx(G, weight, count_zeros, data):
    assert same(*both(nx.clustering, G, weight=weight))
    node = data.draw(st.integers(0, N_NODES - 1))
    assert same(*both(nx.clustering, G, node, weight=weight))
    nodes = data.draw(st.lists(st.integers(0, N_NODES - 1), unique=True, min_size=1))
    try:
        want = nx.average_clustering(G, nodes, weight=weight, count_zeros=count_zeros)
    except ZeroDivisionError:
        with pytest.raises(ZeroDivisionError):
            nx.average_clustering(
                G, nodes, weight=weight, count_zeros=count_zeros, backend="relnet"
            )
        return
    got = nx.average_clustering(G, nodes, weight=weight, count_zeros=count_zeros, backend="relnet")
    assert same(got, want)


@settings(max_examples=100, deadline=None)
@given(graphs(weighted=False), st.lists(st.sampled_from("abc"), min_size=N_NODES, max_size=N_NODES))
def test_attribute_assortativity_matches_networkx(G, groups):
    nx.set_node_attributes(G, dict(enumerate(groups)), "unit")
    got = nx.attribute_assortativity_coefficient(G, "unit", backend="relnet")
    with np.errstate(invalid="ignore", divide="ignore"):
        want = nx.attribute_assortativity_coefficient(G, "unit", backend="networkx")
    assert same(got, want) and type(got) is float


# ------------------------------------------------------------------ hand-worked cases
def test_betweenness_with_k_uses_networkx_sources():
    # cycle 0->1->2->3->4->0, k=3, seed=1: networkx draws the same sources here (its own
    # random.Random(1).sample), so the estimate is identical, not just close.
    G = nx.cycle_graph(5, create_using=nx.DiGraph)
    got, want = both(nx.betweenness_centrality, G, k=3, seed=1, normalized=False)
    assert got == want


def test_betweenness_k_errors_as_networkx():
    G = nx.cycle_graph(4)
    with pytest.raises(ValueError):
        nx.betweenness_centrality(G, k=5, backend="relnet")
    with pytest.raises(ZeroDivisionError):
        nx.betweenness_centrality(G, k=0, backend="relnet")


def test_pagerank_non_convergence_raises_networkx_error():
    G = nx.DiGraph([(0, 1), (1, 2), (2, 0), (2, 1)])
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.pagerank(G, max_iter=1, tol=1e-15, backend="relnet")


def test_overall_reciprocity_of_empty_graph_raises():
    G = nx.DiGraph()
    G.add_nodes_from([1, 2])
    with pytest.raises(nx.NetworkXError, match="empty"):
        nx.overall_reciprocity(G, backend="relnet")


def test_effective_size_follows_burt_where_networkx_paths_disagree():
    # 3 <-> 0 (weights 4 and 2: mutual 6), 3 -> 2 (3), 2 -> 0 (3), 0 -> 1 (3).
    # Node 3: p_30 = 6/9, p_32 = 3/9. Burt: m_jq divides by j's largest mutual weight:
    # m_02 = 3/6 (0's largest is 6), m_20 = 3/3. Effective size of 3:
    # (1 - p_32 m_02) + (1 - p_30 m_20) = (1 - 1/6) + (1 - 2/3) = 7/6.
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, 3), (0, 3, 2), (2, 0, 3), (3, 2, 3), (3, 0, 4)])
    per_node = nx.effective_size(G, [3], weight="weight", backend="relnet")
    assert per_node[3] == pytest.approx(7 / 6)
    assert nx.effective_size(G, [3], weight="weight", backend="networkx")[3] == pytest.approx(7 / 6)
    # networkx's all-nodes path divides by q's maximum instead and gives 4/3
    assert nx.effective_size(G, weight="weight", backend="networkx")[3] == pytest.approx(4 / 3)
    verdict = BackendInterface.can_run("effective_size", (G,), {"weight": "weight"})
    assert isinstance(verdict, str) and "q's maximum" in verdict


# ------------------------------------------------------------------ can_run / should_run
@pytest.mark.parametrize(
    ("name", "make", "kwargs", "reason"),
    [
        ("constraint", lambda: nx.MultiDiGraph([(0, 1), (0, 1)]), {}, "multigraph"),
        ("constraint", lambda: nx.DiGraph([(0, 0), (0, 1)]), {}, "self-loops"),
        ("triadic_census", lambda: nx.DiGraph([(0, 1)]), {"nodelist": [0]}, "nodelist"),
        ("pagerank", lambda: nx.DiGraph([(0, 1)]), {"nstart": {0: 1, 1: 1}}, "nstart"),
        ("pagerank", lambda: nx.DiGraph([(0, 1)]), {"alpha": 0.0}, "alpha"),
        ("transitivity", lambda: nx.DiGraph([(0, 1)]), {}, "directed"),
        ("betweenness_centrality", lambda: nx.Graph([(0, 1)]), {"weight": len}, "callable"),
        ("edge_betweenness_centrality", lambda: nx.Graph([(0, 1)]), {}, "does not implement"),
    ],
)
def test_can_run_declines_with_a_reason(name, make, kwargs, reason):
    verdict = BackendInterface.can_run(name, (make(),), kwargs)
    assert isinstance(verdict, str) and reason in verdict


def test_can_run_accepts_supported_calls():
    G = nx.DiGraph([(0, 1), (1, 2)])
    assert BackendInterface.can_run("betweenness_centrality", (G,), {"weight": "weight"}) is True
    assert BackendInterface.can_run("triadic_census", (G,), {}) is True


def test_declined_call_falls_back_to_networkx_under_backend_priority():
    G = nx.MultiDiGraph([(0, 1), (0, 1), (1, 2)])
    with nx.config(backend_priority=["relnet"]):
        assert nx.betweenness_centrality(G) == nx.betweenness_centrality(G, backend="networkx")


def test_should_run_declines_small_graphs_and_accepts_large_ones():
    small = nx.path_graph(10, create_using=nx.DiGraph)
    large = nx.path_graph(300, create_using=nx.DiGraph)
    assert isinstance(BackendInterface.should_run("betweenness_centrality", (small,), {}), str)
    assert BackendInterface.should_run("betweenness_centrality", (large,), {}) is True
    # linear-time measures need a bigger graph, unless the conversion is cached already
    assert isinstance(BackendInterface.should_run("core_number", (large,), {}), str)


def test_backend_priority_switch_runs_relnet_and_caches_per_weight():
    G = nx.gnp_random_graph(300, 0.02, directed=True, seed=3)
    for u, v, d in G.edges(data=True):
        d["weight"] = 1 + (u + v) % 3
    with nx.config(backend_priority=["relnet"]):
        unweighted = nx.betweenness_centrality(G)
        weighted = nx.betweenness_centrality(G, weight="weight")
    cache = G.__networkx_cache__["backends"]["relnet"]
    # the conversion holding the weight also serves unweighted calls: networkx keeps it alone
    assert list(cache) == [(frozenset({("weight", 1)}), False)]
    assert all(isinstance(g, RelnetGraph) for g in cache.values())
    assert same(unweighted, nx.betweenness_centrality(G, backend="networkx"))
    assert same(weighted, nx.betweenness_centrality(G, weight="weight", backend="networkx"))


# ------------------------------------------------------------------ conversion
def test_conversion_round_trip_keeps_nodes_weights_and_drops_loops():
    G = nx.DiGraph()
    G.add_node("c", team="x")
    G.add_edge("a", "b", weight=2.5)
    G.add_edge("b", "a")
    G.add_edge("b", "b")
    converted = BackendInterface.convert_from_nx(
        G, edge_attrs={"weight": 1}, node_attrs={"team": None}
    )
    assert converted.has_selfloops and converted.number_of_edges() == 2
    assert list(converted) == ["c", "a", "b"]
    net = converted.network("weight")
    assert net.n == 3 and net.m == 2
    back = BackendInterface.convert_to_nx(converted)
    assert back["a"]["b"]["weight"] == 2.5 and back["b"]["a"]["weight"] == 1.0
    assert back.nodes["c"]["team"] == "x"
    assert BackendInterface.convert_to_nx({"x": 1}) == {"x": 1}


def test_conversion_refuses_non_numeric_weights():
    G = nx.DiGraph([(0, 1, {"weight": "strong"})])
    with pytest.raises(NotImplementedError, match="numeric"):
        BackendInterface.convert_from_nx(G, edge_attrs={"weight": 1})


def test_undirected_graph_converts_to_both_directions():
    converted = BackendInterface.convert_from_nx(nx.path_graph(3))
    assert converted.network().m == 4 and not converted.is_directed()


def test_seeded_sample_is_networkx_sample():
    # the backend receives networkx's random.Random(seed) and draws from list(G) with it
    G = nx.path_graph(6)
    rng_a, rng_b = random.Random(7), random.Random(7)
    assert rng_a.sample(list(G), 3) == rng_b.sample(list(G.nodes()), 3)
