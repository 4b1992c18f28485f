"""One table per level: every node measure per person, every network measure for the network."""

from __future__ import annotations

import numpy as np
import pandas as pd

from relnet.deprecation import renamed_keyword
from relnet.metrics.brokerage import brokerage
from relnet.metrics.centrality import betweenness, degree, harmonic_closeness, pagerank
from relnet.metrics.centralization import centralization
from relnet.metrics.cohesion import component_sizes, components, core_number, transitivity
from relnet.metrics.common import check_network
from relnet.metrics.density import density
from relnet.metrics.distance import compactness
from relnet.metrics.hierarchy import krackhardt
from relnet.metrics.missing import MISSING_DEFAULT, missing_plan
from relnet.metrics.reciprocity import dyad_census, node_reciprocity, reciprocity
from relnet.metrics.structural_holes import structural_holes
from relnet.network import Network

EXACT_LIMIT = 20_000  # exact betweenness and closeness up to this many people
DEFAULT_SAMPLES = 500  # sampled sources (targets for closeness) beyond it
CENTRALIZATION_MEASURES = ("indegree", "outdegree", "degree", "betweenness", "closeness")


@renamed_keyword("attr", "by")
def node_metrics(
    graph: Network,
    by: str | None = None,
    *,
    missing: str = MISSING_DEFAULT,
    samples: int | None = None,
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Every person-level measure in one table, one row per person.

    **Definition.** The columns are the measures of the functions named below, on the same
    graph: ``in_degree``, ``out_degree``, ``in_strength``, ``out_strength`` (:func:`degree`),
    ``node_reciprocity`` (:func:`node_reciprocity`), ``betweenness`` (raw, directed,
    unweighted), ``harmonic_closeness``, ``pagerank``, ``constraint``, ``effective_size``,
    ``efficiency``, ``hierarchy`` (:func:`structural_holes`, unweighted), ``core_number``
    (all-degree k-core), ``component`` (weak component label), and with ``by`` the
    brokerage counts ``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``,
    ``liaison`` and ``brokerage`` (their total) (:func:`brokerage`).

    The columns that read non-respondents' unobserved cells follow the call's one
    ``missing=`` rule (:mod:`relnet.metrics.missing`): with ``"ignore"`` every column uses
    the reported ties; with ``"observed"``, ``node_reciprocity`` counts only dyads whose two
    ends responded, ``in_degree`` and ``in_strength`` only arcs from respondents, and
    ``out_degree``, ``out_strength`` and ``node_reciprocity`` are NaN for non-respondents
    (their rows are unobserved), the path and structural-hole measures using the reported
    ties; with ``"reconstruct"`` every column is computed on the reconstructed network
    (Stork & Richards 1992).

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    by : str, optional
        Group attribute for the brokerage roles; without it those columns are left out.
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        The rule for non-respondents' unobserved ties, as above. Left at the default with
        non-respondents present, a :class:`relnet.MissingDataWarning` says so (once for these
        people).
    samples : int, optional
        Sources for betweenness and targets for closeness. Default: exact up to 20,000
        people, 500 sampled beyond.
    seed : int or numpy.random.Generator, optional
        Seed of the samples (default 0: the same table every run).

    Returns
    -------
    pandas.DataFrame
        Indexed by person id. ``attrs`` holds ``betweenness_exact``, ``betweenness_samples``,
        ``closeness_exact`` and ``closeness_samples`` saying whether those columns are exact,
        and ``missing``, the rule used.

    Notes
    -----
    Each column equals its own function (and through it R sna, igraph or networkx, as their
    docstrings say).

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "b"], ["b", "a", "c"])
    >>> table = rn.node_metrics(g)
    >>> table[["out_degree", "node_reciprocity", "betweenness", "constraint"]]
       out_degree  node_reciprocity  betweenness  constraint
    a         1.0          1.000000          0.0    1.000000
    b         2.0          0.666667          1.0    0.555556
    c         0.0          0.000000          0.0    1.000000
    >>> table.attrs["betweenness_exact"]
    True

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis: Methods and
       Applications. Cambridge University Press.
    """
    check_network(graph)
    plan = missing_plan(graph, missing, measure="node_metrics")
    graph = plan.graph  # the reconstructed network under "reconstruct"
    n = graph.n
    if samples is None and n > EXACT_LIMIT:
        samples = DEFAULT_SAMPLES
    between = betweenness(graph, samples=samples, seed=seed)
    closeness = harmonic_closeness(graph, samples=samples, seed=seed)
    columns = {
        "in_degree": degree(graph, "in"),
        "out_degree": degree(graph, "out"),
        "in_strength": degree(graph, "in", weighted=True),
        "out_strength": degree(graph, "out", weighted=True),
        "node_reciprocity": node_reciprocity(graph),
        "betweenness": between,
        "harmonic_closeness": closeness,
        "pagerank": pagerank(graph) if n else pd.Series(dtype=float, index=graph.ids),
    }
    if plan.use_mask:
        columns.update(_observed_node_columns(graph))
    table = pd.DataFrame(columns, index=graph.ids)
    table = table.join(structural_holes(graph))
    table["core_number"] = core_number(graph)
    table["component"] = components(graph)
    if by is not None:
        roles = brokerage(graph, by).raw.rename(columns={"total": "brokerage"})
        table = table.join(roles)
    table.attrs.update(
        betweenness_exact=between.attrs["exact"],
        betweenness_samples=between.attrs["samples"],
        closeness_exact=closeness.attrs["exact"],
        closeness_samples=closeness.attrs["samples"],
        missing=plan.mode,
    )
    return table


def _observed_node_columns(graph: Network) -> dict[str, pd.Series]:
    """Degree and reciprocity columns over observed cells only (``missing="observed"``)."""
    responded = graph.responded
    from_respondent = responded[graph.sources]
    targets = graph.indices[from_respondent]
    weights = graph.weights[from_respondent]
    unobserved = np.where(responded, 1.0, np.nan)
    among = node_reciprocity(graph.subgraph(responded)).reindex(graph.ids)
    values = {
        "in_degree": np.bincount(targets, minlength=graph.n).astype(np.float64),
        "in_strength": np.bincount(targets, weights=weights, minlength=graph.n),
        "out_degree": graph.out_degree() * unobserved,
        "out_strength": np.bincount(graph.sources, weights=graph.weights, minlength=graph.n)
        * unobserved,
        "node_reciprocity": among.to_numpy(),
    }
    return {k: pd.Series(v, index=graph.ids, name=k) for k, v in values.items()}


def network_metrics(
    graph: Network,
    *,
    missing: str = MISSING_DEFAULT,
    samples: int | None = None,
    seed: int | np.random.Generator | None = 0,
) -> pd.Series:
    """Every network-level measure in one Series.

    **Definition.** ``n`` people, ``arcs``, ``density`` (:func:`density`), ``reciprocity``
    (edgewise, :func:`reciprocity`), ``mutual``, ``asymmetric``, ``null`` (:func:`dyad_census`),
    ``transitivity`` (weak, :func:`transitivity`), ``components_weak``,
    ``components_strong`` (counts), ``largest_component_share`` (share of people in the
    largest weak component), ``mean_degree`` (arcs per person), ``compactness`` and
    ``fragmentation`` (Borgatti, :func:`compactness`), Krackhardt's
    ``krackhardt_connectedness``, ``_hierarchy``, ``_efficiency``, ``_lub``
    (:func:`krackhardt`) and the
    ``centralization_<measure>`` indices (:func:`centralization`) for in-degree,
    out-degree, total degree, betweenness and (harmonic) closeness.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        The one rule for non-respondents' unobserved ties (:mod:`relnet.metrics.missing`):
        ``"ignore"`` counts them as absent everywhere; ``"observed"`` restricts the dyad
        measures (density, reciprocity, dyad census) to observed cells and dyads, as
        :func:`density` and :func:`dyad_census` do, the other measures using the reported
        ties; ``"reconstruct"`` computes every measure, ``arcs`` included, on the network
        reconstructed as Stork & Richards (1992). Left at its default with non-respondents
        present, a MissingDataWarning says so (once for these people).
    samples : int, optional
        Sampled sources for compactness/fragmentation and the betweenness and closeness
        centralizations (default exact up to 20,000 people, 500 sampled beyond), and sampled
        people for Krackhardt's hierarchy and LUB (default: :func:`krackhardt`'s own, exact
        up to 20,000 people).
    seed : int or numpy.random.Generator, optional
        Seed of every sample (default 0: the same values every run).

    Returns
    -------
    pandas.Series
        float64, named ``network_metrics``. ``attrs["distance_exact"]`` says whether
        compactness and fragmentation are exact, ``attrs["centralization_exact"]`` whether
        the betweenness and closeness centralizations are.

    Notes
    -----
    ``attrs["missing"]`` records the treatment of missing ties used by the dyad measures.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "b"], ["b", "a", "c"])
    >>> rn.network_metrics(g)[["n", "arcs", "density", "reciprocity"]]
    n              3.000000
    arcs           3.000000
    density        0.500000
    reciprocity    0.666667
    Name: network_metrics, dtype: float64

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis: Methods and
       Applications. Cambridge University Press.
    """
    check_network(graph)
    plan = missing_plan(graph, missing, measure="network_metrics")  # warns once
    mode = plan.mode
    # "observed" counts observed cells in the dyad measures; "reconstruct" works on the
    # reconstructed network throughout (it then has no unobserved cell left)
    dyads, dyad_rule = (graph, "observed") if mode == "observed" else (plan.graph, "ignore")
    graph = plan.graph
    n = graph.n
    values: dict[str, float] = {"n": float(n), "arcs": float(graph.m)}
    values["density"] = density(dyads, missing=dyad_rule)
    values["reciprocity"] = reciprocity(dyads, missing=dyad_rule)
    census = dyad_census(dyads, missing=dyad_rule)
    values.update({key: float(census[key]) for key in ("mutual", "asymmetric", "null")})
    values["transitivity"] = transitivity(graph)
    weak = component_sizes(graph, connection="weak")
    values["components_weak"] = float(len(weak))
    values["components_strong"] = float(len(component_sizes(graph, connection="strong")))
    values["largest_component_share"] = float(weak.max() / n) if n else np.nan
    values["mean_degree"] = graph.m / n if n else np.nan
    compact = compactness(graph, samples=samples, seed=seed)
    values["compactness"] = compact.value
    values["fragmentation"] = 1.0 - compact.value
    krack = krackhardt(graph, samples=samples, seed=seed)
    for key in ("connectedness", "hierarchy", "efficiency", "lub"):
        values[f"krackhardt_{key}"] = float(krack[key])
    sampled = DEFAULT_SAMPLES if samples is None and n > EXACT_LIMIT else samples
    for measure in CENTRALIZATION_MEASURES:
        options = {}
        if measure in ("betweenness", "closeness"):
            options = {"samples": sampled, "seed": seed}
        values[f"centralization_{measure}"] = float(centralization(graph, measure, **options))
    result = pd.Series(values, name="network_metrics", dtype=np.float64)
    result.attrs.update(
        missing=mode,
        distance_exact=compact.exact,
        distance_samples=compact.samples,
        centralization_exact=sampled is None or sampled >= n,
        krackhardt_exact=bool(krack.exact),
        krackhardt_samples=krack.samples,
    )
    return result
