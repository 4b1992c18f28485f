"""Which networkx calls relnet takes: ``can_run`` (exactly networkx's result?) and
``should_run`` (large enough to repay the conversion?)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from relnet.nx_backend import algorithms
from relnet.nx_backend.graph import BACKEND_NAME, RelnetGraph, has_selfloops

# measures networkx defines for directed graphs only (its not_implemented_for("undirected"))
DIRECTED_ONLY = frozenset(
    {
        "triadic_census",
        "overall_reciprocity",
        "reciprocity",
        "number_strongly_connected_components",
        "strongly_connected_components",
        "weakly_connected_components",
        "number_weakly_connected_components",
    }
)
# measures whose networkx definition on a DiGraph differs from relnet's: undirected only
UNDIRECTED_ONLY = frozenset({"transitivity"})
# linear-time measures: converting costs about as much as networkx's own run
LINEAR = frozenset(
    {
        "overall_reciprocity",
        "reciprocity",
        "core_number",
        "number_strongly_connected_components",
        "strongly_connected_components",
        "weakly_connected_components",
        "number_weakly_connected_components",
        "attribute_assortativity_coefficient",
        "local_constraint",
    }
)

#: networkx function name -> relnet's implementation (networkx's signature and types)
IMPLEMENTED: dict[str, Callable[..., Any]] = {
    name: getattr(algorithms, name) for name in algorithms.__all__
}


# argument checks per function: return a reason string to decline, or None
def _check_triadic_census(a: dict[str, Any]) -> str | None:
    return "relnet counts all triads; nodelist is not supported" if a["nodelist"] else None


def _check_pagerank(a: dict[str, Any]) -> str | None:
    for name in ("personalization", "nstart", "dangling"):
        if a[name] is not None:
            return f"relnet's PageRank is uniform; {name} is not supported"
    if not 0.0 < a["alpha"] <= 1.0:
        return "relnet's PageRank needs alpha in (0, 1]"
    return None


def _check_betweenness(a: dict[str, Any]) -> str | None:
    if a["k"] is not None and not isinstance(a["k"], (int, np.integer)):
        return "k must be an int"
    return None


def _check_effective_size(a: dict[str, Any]) -> str | None:
    if a["nodes"] is None and (a["G"].is_directed() or a["weight"] is not None):
        # networkx 3.6.1's all-nodes (scipy) path divides m_jq by q's largest mutual weight
        # instead of j's (its per-node path and Burt divide by j's): the two disagree on
        # directed or weighted graphs. relnet follows Burt, so it leaves this call to networkx.
        return (
            "networkx's all-nodes effective_size normalises m_jq by q's maximum (its per-node "
            "path and Burt by j's); relnet declines rather than return different numbers"
        )
    return None


def _check_assortativity(a: dict[str, Any]) -> str | None:
    return "relnet counts every arc; nodes is not supported" if a["nodes"] is not None else None


ARGUMENT_CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "triadic_census": _check_triadic_census,
    "pagerank": _check_pagerank,
    "betweenness_centrality": _check_betweenness,
    "effective_size": _check_effective_size,
    "attribute_assortativity_coefficient": _check_assortativity,
}


def can_run(name: str, args: tuple, kwargs: dict) -> bool | str:
    """Whether relnet runs ``name`` exactly as networkx would; a string says why not."""
    function = IMPLEMENTED.get(name)
    if function is None:
        return f"relnet does not implement {name}"
    try:
        bound = inspect.signature(function).bind(*args, **kwargs)
    except TypeError as exc:
        return f"arguments do not match networkx's signature: {exc}"
    bound.apply_defaults()
    a = bound.arguments
    G = a["G"]
    if G.is_multigraph():
        return "relnet does not support multigraphs"
    if name in DIRECTED_ONLY and not G.is_directed():
        return f"{name} is defined for directed graphs only"
    if name in UNDIRECTED_ONLY and G.is_directed():
        return f"networkx's directed {name} differs from relnet's; run by networkx"
    for key in ("weight", "distance"):
        if callable(a.get(key)):
            return f"relnet reads one numeric edge attribute; a callable {key} is not supported"
    if has_selfloops(G):
        return "relnet networks hold no self-loops"
    check = ARGUMENT_CHECKS.get(name)
    return (check(a) or True) if check is not None else True


def should_run(name: str, args: tuple, kwargs: dict) -> bool | str:
    """Whether relnet is likely faster: graphs large enough to repay the conversion.

    Path-based measures (betweenness, harmonic, structural holes, triads, PageRank,
    clustering) need ``nx.config.backends.relnet.min_nodes`` nodes (default 200).
    Linear-time measures gain only when the converted graph is reused: they need
    ``min_nodes_linear`` nodes (default 5000), or ``min_nodes`` and a cached conversion.
    """
    G = args[0] if args else kwargs.get("G")
    if G is None or isinstance(G, RelnetGraph):
        return True
    config = nx.config.backends.get(BACKEND_NAME, {})
    min_nodes = int(config.get("min_nodes", 200))
    min_linear = int(config.get("min_nodes_linear", 5000))
    n = len(G)
    if name not in LINEAR:
        return True if n >= min_nodes else f"graph too small ({n} < {min_nodes} nodes)"
    cache = getattr(G, "__networkx_cache__", None) or {}
    cached = bool(cache.get("backends", {}).get(BACKEND_NAME))
    if n >= min_linear or (cached and n >= min_nodes):
        return True
    return f"linear-time {name}: graph too small to repay the conversion ({n} nodes)"
