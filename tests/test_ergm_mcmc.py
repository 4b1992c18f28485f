"""ERGM by MCMC: sampler, MCMC-MLE, missing dyads, simulation, goodness of fit (issue 16).

Oracles: exact ERGM distributions and likelihoods by enumerating every graph on 4-5 people
(tests/ergm_oracle.py statistics), the closed-form dyad-census MLE of edges + mutual, and the
defining property of the MLE (simulated mean statistics equal the observed ones).
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest
from ergm_oracle import all_graphs, stats
from scipy.optimize import minimize
from scipy.special import logsumexp
from scipy.stats import chisquare
from test_ergm import ERGM_DATA, load, needs_data

import relnet as rn
from relnet.inference.ergm import ErgmConvergenceError, ErgmDegeneracyError

SMALL = {"MCMC.samplesize": 512, "MCMC.interval": 256, "MCMC.burnin": 4096}


def adjacency(g: rn.Network) -> np.ndarray:
    a = np.zeros((g.n, g.n), dtype=np.int64)
    a[g.sources, g.indices] = 1
    return a


def network(n: int, pairs: list[tuple[int, int]], directed: bool) -> rn.Network:
    src = [i for i, _ in pairs]
    dst = [j for _, j in pairs]
    if not directed:
        src, dst = src + dst, dst + src
    return rn.Network.from_edges(src, dst, nodes=list(range(n)))


def with_coef(fit, theta):
    return dataclasses.replace(fit, coef=pd.Series(theta, index=fit.coef.index))


def enumerate_stats(spec, n, directed):
    graphs = list(all_graphs(n, directed))
    return graphs, np.array([stats(spec, a, directed) for a in graphs])


def exact_mle(s_all, observed_mask):
    """argmax of log sum_{observed-consistent} exp(theta.s) - log sum_all exp(theta.s)."""

    def nll(theta):
        eta = s_all @ theta
        return -(logsumexp(eta[observed_mask]) - logsumexp(eta))

    res = minimize(nll, np.zeros(s_all.shape[1]), method="BFGS", options={"gtol": 1e-10})
    return res.x


# ---------------------------------------------------------------- the sampler
@pytest.mark.parametrize(
    "n, directed, formula, spec, theta",
    [
        (5, False, "edges + triangle + kstar(2)",
         [("edges", None, None), ("triangle", None, None), ("kstar", 2, None)],
         [-0.4, 0.5, -0.2]),
        (4, True, "edges + mutual + ttriple",
         [("edges", None, None), ("mutual", None, None), ("ttriple", None, None)],
         [-0.6, 1.0, 0.2]),
    ],
)  # fmt: skip
def test_sampled_graphs_follow_the_exact_ergm_distribution(n, directed, formula, spec, theta):
    # Enumerate all 2**dyads graphs (1,024 undirected on 5 people, 4,096 directed on 4) and
    # compare the sampled frequency of each graph with exp(theta.s) / kappa (chi-square).
    g = network(n, [(0, 1), (1, 2), (2, 3)], directed)
    fit = rn.ergm(g, formula, directed=directed, estimate="MPLE")
    graphs, s_all = enumerate_stats(spec, n, directed)
    eta = s_all @ np.asarray(theta)
    prob = np.exp(eta - logsumexp(eta))
    index = {a.tobytes(): k for k, a in enumerate(graphs)}
    draws = with_coef(fit, theta).simulate(3000, seed=11, burnin=2000, interval=60)
    counts = np.zeros(len(graphs))
    for d in draws:
        a = adjacency(d)
        counts[index[a.tobytes()]] += 1
    expected = prob * len(draws)
    # pool the rare graphs so every cell expects >= 5 draws
    order = np.argsort(expected)
    cum = np.cumsum(expected[order])
    rare = order[: np.searchsorted(cum, 5.0) + 1]
    keep = np.setdiff1d(np.arange(len(graphs)), rare)
    obs = np.r_[counts[keep], counts[rare].sum()]
    exp = np.r_[expected[keep], expected[rare].sum()]
    assert chisquare(obs, exp).pvalue > 1e-3


# ---------------------------------------------------------------- MCMC-MLE
@needs_data
def test_edges_mutual_mcmle_matches_dyad_census_closed_form():
    # Sampson's samplk3: with M mutual, A asymmetric, N null dyads the MLE of edges + mutual
    # is edges = log(A / 2N), mutual = log(4 M N / A^2) (Holland & Leinhardt p1 model).
    g = load("samplk3", True)
    a = adjacency(g)
    m = (a * a.T).sum() / 2
    asym = ((a + a.T) == 1).sum() / 2
    null = g.n * (g.n - 1) / 2 - m - asym
    want = np.array([np.log(asym / (2 * null)), np.log(4 * m * null / asym**2)])
    fit = rn.ergm(g, "edges + mutual", seed=3)
    assert fit.method == "MCMC-MLE" and fit.converged
    assert (np.abs(fit.coef.to_numpy() - want) < fit.se.to_numpy()).all()
    assert (np.abs(fit.coef.to_numpy() - want) < 0.25 * fit.se.to_numpy()).all()


def test_mcmle_matches_exact_mle_by_enumeration():
    # 5 people, 5 ties, 1 triangle: the exact MLE of edges + triangle maximises
    # theta.s_obs - log kappa(theta) over all 1,024 graphs.
    spec = [("edges", None, None), ("triangle", None, None)]
    g = network(5, [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4)], False)
    _, s_all = enumerate_stats(spec, 5, False)
    s_obs = stats(spec, adjacency(g), False)
    want = exact_mle(s_all, (s_all == s_obs).all(axis=1))
    fit = rn.ergm(g, "edges + triangle", directed=False, seed=5)
    assert (np.abs(fit.coef.to_numpy() - want) < 0.2 * fit.se.to_numpy()).all()
    # the exact information matrix is the covariance of s under the MLE
    eta = s_all @ want
    w = np.exp(eta - logsumexp(eta))
    mean = w @ s_all
    cov = (s_all - mean).T @ ((s_all - mean) * w[:, None])
    exact_se = np.sqrt(np.diag(np.linalg.inv(cov)))
    np.testing.assert_allclose(fit.se.to_numpy(), exact_se, rtol=0.15)


def test_missing_observed_mcmle_matches_exact_observed_likelihood():
    # Handcock & Gile (2010): with dyads 0-3, 1-4 and 3-4 unobserved, the MLE maximises
    # log sum over their completions of exp(theta.s) - log kappa(theta) (by enumeration;
    # about edges -0.12, triangle 0.66).
    spec = [("edges", None, None), ("triangle", None, None)]
    pairs = [(0, 1), (1, 2), (0, 2), (2, 3), (1, 3)]
    g = network(5, pairs, False)
    unobserved = [(0, 3), (1, 4), (3, 4)]
    graphs, s_all = enumerate_stats(spec, 5, False)
    a_obs = adjacency(g)
    free = np.zeros((5, 5), dtype=bool)
    for i, j in unobserved:
        free[i, j] = free[j, i] = True
    consistent = np.array([(a[~free] == a_obs[~free]).all() for a in graphs])
    want = exact_mle(s_all, consistent)
    fit = rn.ergm(g, "edges + triangle", directed=False, seed=8, missing_dyads=unobserved)
    assert fit.n_obs_dyads == 7
    assert (np.abs(fit.coef.to_numpy() - want) < 0.25 * fit.se.to_numpy()).all()
    ignored = rn.ergm(g, "edges + triangle", directed=False, seed=8, missing="ignore",
                      missing_dyads=unobserved)  # fmt: skip
    s_obs = stats(spec, a_obs, False)
    want_ignore = exact_mle(s_all, (s_all == s_obs).all(axis=1))
    assert (np.abs(ignored.coef.to_numpy() - want_ignore) < 0.25 * ignored.se.to_numpy()).all()


@needs_data
def test_flomarriage_triangle_near_statnet_and_simulation_mean_equals_observed():
    # statnet tutorial: flomarriage ~ edges + triangle gives about edges -1.68, triangle 0.16
    # (MCMC estimates, SE about 0.35 and 0.6).
    g = load("flomarriage", False)
    fit = rn.ergm(g, "edges + triangle", directed=False, seed=2)
    assert abs(fit.coef["edges"] + 1.68) < 0.3 * fit.se["edges"]
    assert abs(fit.coef["triangle"] - 0.16) < 0.3 * fit.se["triangle"]
    assert np.isnan(fit.loglik) and fit.iterations >= 1
    diag = fit.mcmc_diagnostics()
    assert list(diag.columns) == ["observed", "mean", "sd", "t_ratio", "ess"]
    assert (diag["t_ratio"].abs() < 0.2).all()
    # the MLE property: simulated statistics average to the observed ones
    spec = [("edges", None, None), ("triangle", None, None)]
    sims = fit.simulate(400, seed=4)
    s = np.array([stats(spec, adjacency(x), False) for x in sims])
    obs = stats(spec, adjacency(g), False)
    sd = s.std(axis=0)
    assert (np.abs(s.mean(axis=0) - obs) < 0.2 * sd).all()
    assert all(x.n == g.n for x in sims)


@needs_data
def test_gof_observed_distributions_and_plot(tmp_path):
    import networkx as nx

    g = load("flomarriage", False)
    fit = rn.ergm(g, "edges + gwesp(0.5, fixed=TRUE)", directed=False, seed=6, control=SMALL)
    gof = fit.gof(30, seed=1)
    table = gof.summary()
    assert set(table["statistic"]) == {"degree", "esp", "distance"}
    ug = nx.Graph(list(zip(g.ids.take(g.sources), g.ids.take(g.indices), strict=True)))
    ug.add_nodes_from(g.ids)
    deg = table[table.statistic == "degree"].set_index("value")["observed"]
    hist = np.bincount([d for _, d in ug.degree()], minlength=g.n)
    np.testing.assert_array_equal(deg.to_numpy(), hist[: len(deg)])
    lengths = dict(nx.all_pairs_shortest_path_length(ug))
    pairs = list(itertools.combinations(list(ug.nodes), 2))
    dist = table[table.statistic == "distance"].set_index("value")["observed"]
    assert dist["1"] == 20 and dist["Inf"] == sum(b not in lengths[a] for a, b in pairs)
    assert dist["2"] == sum(lengths[a].get(b) == 2 for a, b in pairs)
    esp = table[table.statistic == "esp"].set_index("value")["observed"]
    shared = [len(set(ug[u]) & set(ug[v])) for u, v in ug.edges()]
    assert esp["0"] == shared.count(0) and esp["1"] == shared.count(1)
    assert ((table["p_value"] >= 0) & (table["p_value"] <= 1)).all()
    fig = gof.plot(tmp_path / "gof.png")
    assert len(fig.axes) == 3 and (tmp_path / "gof.png").exists()


# ---------------------------------------------------------------- limits and degeneracy
def _two_cliques():
    src, dst = [], []
    for base in (0, 8):
        for i, j in itertools.combinations(range(base, base + 8), 2):
            src += [i, j]
            dst += [j, i]
    for k in range(16, 30):
        src += [k, k - 1]
        dst += [k - 1, k]
    return rn.Network.from_edges(src, dst)


def test_degenerate_model_raises_naming_the_term():
    g = _two_cliques()
    with pytest.raises(ErgmDegeneracyError, match=r"degenerate in triangle.*gwesp"):
        rn.ergm(g, "edges + triangle", directed=False, seed=1,
                control={"MCMC.samplesize": 200, "MCMC.interval": 200})  # fmt: skip


def test_iteration_limit_raises_with_the_last_estimates():
    g = network(6, [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (3, 5)], False)
    with pytest.raises(ErgmConvergenceError, match=r"MCMLE.maxit'\]=1.*last estimates: edges="):
        rn.ergm(g, "edges + triangle", directed=False, seed=1,
                control={**SMALL, "MCMLE.maxit": 1})  # fmt: skip


def test_simulate_rejects_bad_counts():
    g = network(5, [(0, 1), (1, 2)], False)
    fit = rn.ergm(g, "edges + triangle", directed=False, estimate="MPLE")
    with pytest.raises(rn.RelnetError, match="positive whole number"):
        fit.simulate(0)
    assert ERGM_DATA.name == "ergm_examples"


def test_mcmle_keeps_infinite_terms_fixed():
    # no tie joins two 'c' people: nodematch.g.c is -inf and the sampler never forms such a tie
    grp = np.array(list("aabbccab"))
    src, dst = [0, 1, 2, 3, 0, 4, 2, 6, 7], [1, 0, 3, 2, 6, 0, 7, 7, 1]
    g = rn.Network.from_edges(src, dst, nodes=pd.DataFrame({"g": grp}, index=range(8)))
    fit = rn.ergm(g, "edges + mutual + nodematch('g', diff=TRUE)", seed=1, control=SMALL)
    assert fit.coef["nodematch.g.c"] == -np.inf and np.isnan(fit.se["nodematch.g.c"])
    assert np.isfinite(fit.coef.drop("nodematch.g.c")).all() and fit.converged
    for sim in fit.simulate(30, seed=2):
        assert not any(grp[u] == grp[v] == "c" for u, v in zip(sim.sources, sim.indices,
                                                                strict=True))  # fmt: skip
