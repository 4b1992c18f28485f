"""relnet as a networkx backend: ``nx.triadic_census(G, backend="relnet")``.

networkx (3.2 and later) dispatches its algorithms to installed backends. relnet registers
two entry points (see ``pyproject.toml``):

- ``networkx.backend_info`` -> :func:`get_info`, which networkx calls while it is being
  imported; it must stay cheap and never fail, so this module imports nothing heavy;
- ``networkx.backends`` -> :class:`relnet.nx_backend.interface.BackendInterface`, loaded the
  first time a call is dispatched to relnet.

Switch a script over with one line::

    nx.config.backend_priority = ["relnet"]      # or NETWORKX_BACKEND_PRIORITY=relnet
    nx.betweenness_centrality(G)                 # runs relnet's kernel when it can

or per call with ``backend="relnet"``. Results are networkx's own types and keys. Calls
relnet cannot run exactly as networkx would (multigraphs, self-loops, unsupported arguments,
measures whose definitions differ) are declined and networkx runs them itself.
"""

from __future__ import annotations

from typing import Any

#: networkx function -> what relnet runs for it (shown in networkx's docstrings).
IMPLEMENTED: dict[str, str] = {
    "triadic_census": "relnet.triad_census (Batagelj-Mrvar over CSR). Declines nodelist.",
    "overall_reciprocity": "relnet.reciprocity(mode='edgewise'): 2M / (2M + A).",
    "reciprocity": "relnet.node_reciprocity per node, relnet.reciprocity for the graph.",
    "constraint": "relnet.structural_holes (Burt constraint), weights must be positive.",
    "effective_size": "relnet.structural_holes (Burt effective size), weights positive.",
    "local_constraint": "Burt's local constraint from relnet's CSR arrays (scipy sparse).",
    "betweenness_centrality": (
        "relnet's parallel Brandes kernel with the edge attribute as distance, networkx's "
        "own sample of k sources (same seed, same sources) and networkx's rescaling."
    ),
    "pagerank": "relnet.pagerank (power iteration, same L1 stopping rule). Declines "
    "personalization, nstart and dangling.",
    "harmonic_centrality": (
        "relnet's parallel inverse-distance kernel (relnet.harmonic_closeness): sum over "
        "sources of 1/d(source, node), the edge attribute as distance."
    ),
    "core_number": "relnet.core_number (total degree on a DiGraph, degree on a Graph).",
    "number_strongly_connected_components": "relnet.components(connection='strong').",
    "strongly_connected_components": "relnet.components(connection='strong').",
    "weakly_connected_components": "relnet.components(connection='weak').",
    "number_weakly_connected_components": "relnet.components(connection='weak').",
    "transitivity": "relnet.transitivity(measure='weak') on an undirected Graph only.",
    "clustering": "relnet.clustering (Fagiolo's directed clustering; 2T/(d(d-1)) on a Graph).",
    "average_clustering": "The mean of relnet.clustering over the nodes.",
    "attribute_assortativity_coefficient": "relnet.assortativity (Newman's nominal r). "
    "Declines nodes.",
}

#: what relnet declines and why (networkx then runs the call itself).
DECLINED: dict[str, str] = {
    "multigraphs": "a relnet Network holds each arc once.",
    "self-loops": "a relnet Network holds no loops, and networkx counts them in several measures.",
    "density": "nx.density is not a dispatchable function in networkx, so no backend can run "
    "it; use relnet.density(relnet.from_networkx(G)).",
    "triadic_census(nodelist=...)": "relnet counts every triad of the graph.",
    "pagerank(personalization=, nstart=, dangling=)": "relnet's PageRank is uniform.",
    "betweenness_centrality / harmonic_centrality with zero or negative distances, constraint "
    "/ effective_size / local_constraint with zero or negative weights": "relnet's "
    "kernels need positive lengths and strengths.",
    "callable weights": "relnet reads one numeric edge attribute.",
    "transitivity on a DiGraph": "networkx counts successor pairs only there, which is "
    "neither sna's gtrans nor relnet's.",
    "effective_size(nodes=None) on a DiGraph or with weight": "networkx 3.6.1's all-nodes "
    "path divides m_jq by q's largest mutual weight instead of j's (its per-node path and "
    "Burt divide by j's); relnet follows Burt, so it declines rather than differ.",
    "attribute_assortativity_coefficient(nodes=...)": "relnet counts every arc.",
}


def get_info() -> dict[str, Any]:
    """The ``networkx.backend_info`` entry point: relnet's name, summary and functions.

    networkx calls this while importing itself, so it builds a plain dict and imports nothing.

    Examples
    --------
    >>> info = get_info()
    >>> info["backend_name"], "triadic_census" in info["functions"]
    ('relnet', True)
    """
    return {
        "backend_name": "relnet",
        "project": "relnet",
        "package": "relnet",
        "short_summary": "Parallel numba kernels for directed survey networks.",
        "functions": {name: {"additional_docs": doc} for name, doc in IMPLEMENTED.items()},
        "default_config": {
            # should_run: graphs with fewer nodes run faster in networkx itself
            "min_nodes": 200,
            # linear-time measures gain only when the converted graph is reused (cached)
            "min_nodes_linear": 5000,
        },
    }


def __getattr__(name: str) -> Any:
    if name == "BackendInterface":
        from relnet.nx_backend import interface

        return interface.BackendInterface
    if name == "RelnetGraph":
        from relnet.nx_backend import graph

        return graph.RelnetGraph
    raise AttributeError(f"module 'relnet.nx_backend' has no attribute {name!r}")
