"""ERGM: formula language and names, statistics, MPLE (issue 16).

Oracles: tests/ergm_oracle.py (dense from-scratch statistics and change statistics),
statsmodels Logit, the closed-form dyad-census MLE of edges + mutual, statnet's published
Florentine estimates. MCMC-MLE, simulation and goodness of fit are in test_ergm_mcmc.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ergm_oracle import change_design, stats

import relnet as rn
from relnet.errors import ArgumentError, GraphKindError
from relnet.inference.ergm.formula import parse_formula

sm = pytest.importorskip("statsmodels.api")

ERGM_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "ergm_examples"
needs_data = pytest.mark.skipif(not ERGM_DATA.is_dir(), reason="../shared is absent")


def load(name: str, directed: bool) -> rn.Network:
    """An ergm example network (nodes.csv, edges.csv; undirected ties stored once)."""
    nodes = pd.read_csv(ERGM_DATA / name / "nodes.csv").set_index("id")
    e = pd.read_csv(ERGM_DATA / name / "edges.csv")
    if directed:
        return rn.Network.from_edges(e.source, e.target, nodes=nodes)
    return rn.Network.from_edges(
        list(e.source) + list(e.target), list(e.target) + list(e.source), nodes=nodes
    )


def random_graph(n: int, p: float, directed: bool, seed: int) -> tuple[np.ndarray, rn.Network]:
    """A Bernoulli graph with node attributes g (3 letters), x (numbers); adjacency too."""
    rng = np.random.default_rng(seed)
    a = (rng.random((n, n)) < p).astype(np.int64)
    np.fill_diagonal(a, 0)
    if not directed:
        a = np.triu(a, 1)
        a = a + a.T
    ids = [f"p{i}" for i in range(n)]
    nodes = pd.DataFrame(
        {"g": rng.choice(["b", "A", "c"], size=n), "x": rng.integers(0, 10, size=n)},
        index=ids,
    )
    i, j = np.nonzero(a)
    g = rn.Network.from_edges([ids[k] for k in i], [ids[k] for k in j], nodes=nodes)
    return a, g


# ---------------------------------------------------------------- formula and names
def test_parser_accepts_r_and_python_spellings():
    terms = parse_formula("y ~ edges + gwesp(0.5, fixed=TRUE) + degree(1:3) + kstar(c(2, 3))")
    assert [t.name for t in terms] == ["edges", "gwesp", "degree", "kstar"]
    assert terms[1].args == (0.5,) and terms[1].kwargs == {"fixed": True}
    assert terms[2].args == ([1, 2, 3],)
    assert terms[3].args == ([2, 3],)
    assert parse_formula("nodematch(role, diff=True)")[0].args == ("role",)


def test_coefficient_names_as_statnet_prints_them():
    # statnet ergm 4 term documentation (?ergmTerm): nodefactor drops the first of R's sorted
    # levels; nodematch(diff=TRUE) gives one coefficient per level; fixed-decay gw* terms are
    # labelled <short>.fixed.<decay>, on a directed network gwesp/gwdsp with their type OTP
    # (ergm's own tests use gwesp.OTP.fixed.0.1 for dgwesp(0.1, fixed=T, type="OTP")).
    _, g = random_graph(12, 0.3, True, 1)
    fit = rn.ergm(
        g,
        "edges + mutual + gwesp(0.5, fixed=TRUE) + dgwesp(0.1, fixed=TRUE, type='OTP') + "
        "gwidegree(0.5, fixed=TRUE) + gwodegree(0.25, fixed=True) + nodematch('g') + "
        "nodematch('g', diff=TRUE) + nodefactor('g') + nodeifactor('g') + nodecov('x') + "
        "nodeocov('x') + absdiff('x') + istar(2) + ostar(2:3) + idegree(1) + odegree(0) + "
        "ttriple + ctriple + transitiveties + isolates + gwdsp(0.5, fixed=TRUE)",
        estimate="MPLE",
    )
    assert list(fit.coef.index) == [
        "edges", "mutual", "gwesp.OTP.fixed.0.5", "gwesp.OTP.fixed.0.1", "gwideg.fixed.0.5",
        "gwodeg.fixed.0.25", "nodematch.g", "nodematch.g.A", "nodematch.g.b", "nodematch.g.c",
        "nodefactor.g.b", "nodefactor.g.c", "nodeifactor.g.b", "nodeifactor.g.c",
        "nodecov.x", "nodeocov.x", "absdiff.x", "istar2", "ostar2", "ostar3", "idegree1",
        "odegree0", "ttriple", "ctriple", "transitiveties", "isolates", "gwdsp.OTP.fixed.0.5",
    ]  # fmt: skip
    _, u = random_graph(10, 0.3, False, 2)
    fit = rn.ergm(
        u, "edges + kstar(2) + degree(1) + gwdegree(0.4, fixed=TRUE) + altkstar(0.5, fixed=TRUE)"
        " + triangle", directed=False, estimate="MPLE",
    )  # fmt: skip
    assert list(fit.coef.index) == [
        "edges",
        "kstar2",
        "degree1",
        "gwdeg.fixed.0.4",
        "altkstar.0.5",
        "triangle",
    ]


@needs_data
def test_nodefactor_levels_sorted_like_r():
    # faux.mesa.high Race levels in R: Black, Hisp, NatAm, Other, White (Black the baseline),
    # so statnet prints nodefactor.Race.Hisp ... nodefactor.Race.White (statnet tutorial).
    g = load("faux.mesa.high", False)
    fit = rn.ergm(g, "edges + nodefactor('Race') + nodematch('Grade', diff=TRUE)",
                  directed=False)  # fmt: skip
    assert list(fit.coef.index[:5]) == [
        "edges", "nodefactor.Race.Hisp", "nodefactor.Race.NatAm", "nodefactor.Race.Other",
        "nodefactor.Race.White",
    ]  # fmt: skip
    assert list(fit.coef.index[5:]) == [f"nodematch.Grade.{k}" for k in range(7, 13)]


def test_ergm_terms_table():
    table = rn.ergm_terms()
    assert {"edges", "mutual", "gwesp", "nodematch", "edgecov", "altkstar"} <= set(table.index)
    assert list(table.columns) == [
        "arguments",
        "directed",
        "undirected",
        "dyad_independent",
        "definition",
    ]
    assert not table.loc["mutual", "undirected"] and table.loc["nodecov", "dyad_independent"]


# ---------------------------------------------------------------- statistics
DIRECTED_SPEC = [
    ("edges", None, None), ("mutual", None, None), ("triangle", None, None),
    ("ttriple", None, None), ("ctriple", None, None), ("transitiveties", None, None),
    ("istar", 2, None), ("ostar", 3, None), ("idegree", 0, None), ("odegree", 2, None),
    ("isolates", None, None), ("gwesp", (0.5, "OTP"), None), ("gwesp", (0.7, "ITP"), None),
    ("gwesp", (0.3, "OSP"), None), ("gwesp", (1.1, "ISP"), None), ("gwdsp", 0.5, None),
    ("gwidegree", 0.5, None), ("gwodegree", 0.8, None),
]  # fmt: skip
DIRECTED_FORMULA = (
    "edges + mutual + triangle + ttriple + ctriple + transitiveties + istar(2) + ostar(3) + "
    "idegree(0) + odegree(2) + isolates + gwesp(0.5, fixed=TRUE) + "
    "dgwesp(0.7, fixed=TRUE, type='ITP') + dgwesp(0.3, fixed=TRUE, type='OSP') + "
    "dgwesp(1.1, fixed=TRUE, type='ISP') + gwdsp(0.5, fixed=TRUE) + "
    "gwidegree(0.5, fixed=TRUE) + gwodegree(0.8, fixed=TRUE)"
)
UNDIRECTED_SPEC = [
    ("edges", None, None), ("triangle", None, None), ("kstar", 2, None), ("kstar", 3, None),
    ("degree", 0, None), ("degree", 2, None), ("isolates", None, None),
    ("gwesp", 0.5, None), ("gwdsp", 0.7, None), ("gwdegree", 0.4, None),
    ("altkstar", 2.0, None), ("transitiveties", None, None),
]  # fmt: skip
UNDIRECTED_FORMULA = (
    "edges + triangle + kstar(2:3) + degree(c(0, 2)) + isolates + gwesp(0.5, fixed=TRUE) + "
    "gwdsp(0.7, fixed=TRUE) + gwdegree(0.4, fixed=TRUE) + altkstar(2, fixed=TRUE) + "
    "transitiveties"
)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_directed_statistics_equal_dense_definitions(seed):
    a, g = random_graph(9, 0.3 + 0.1 * seed, True, seed)
    fit = rn.ergm(g, DIRECTED_FORMULA, estimate="MPLE")
    np.testing.assert_allclose(fit.observed.to_numpy(), stats(DIRECTED_SPEC, a, True), atol=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_undirected_statistics_equal_dense_definitions(seed):
    a, g = random_graph(10, 0.25 + 0.1 * seed, False, seed)
    fit = rn.ergm(g, UNDIRECTED_FORMULA, directed=False, estimate="MPLE")
    want = stats(UNDIRECTED_SPEC, a, False)
    np.testing.assert_allclose(fit.observed.to_numpy(), want, atol=1e-9)


def _statsmodels(x, y):
    res = sm.Logit(y, x).fit(method="newton", disp=0, tol=1e-12, maxiter=200)
    return res.params, res.bse


@pytest.mark.parametrize(
    "directed, formula, spec",
    [
        (True, "edges + mutual + gwesp(0.5, fixed=TRUE) + gwidegree(0.5, fixed=TRUE) + "
         "ctriple + ostar(2)",
         [("edges", None, None), ("mutual", None, None), ("gwesp", (0.5, "OTP"), None),
          ("gwidegree", 0.5, None), ("ctriple", None, None), ("ostar", 2, None)]),
        (True, "edges + dgwesp(0.4, fixed=TRUE, type='OSP') + gwdsp(0.3, fixed=TRUE) + "
         "transitiveties",
         [("edges", None, None), ("gwesp", (0.4, "OSP"), None), ("gwdsp", 0.3, None),
          ("transitiveties", None, None)]),
        (False, "edges + gwesp(0.5, fixed=TRUE) + kstar(2) + triangle",
         [("edges", None, None), ("gwesp", 0.5, None), ("kstar", 2, None),
          ("triangle", None, None)]),
        (False, "edges + gwdegree(0.7, fixed=TRUE) + gwdsp(0.5, fixed=TRUE) + kstar(3)",
         [("edges", None, None), ("gwdegree", 0.7, None), ("gwdsp", 0.5, None),
          ("kstar", 3, None)]),
        (False, "edges + altkstar(1.5, fixed=TRUE) + transitiveties",
         [("edges", None, None), ("altkstar", 1.5, None), ("transitiveties", None, None)]),
    ],
)  # fmt: skip
def test_mple_equals_logit_on_dense_change_statistics(directed, formula, spec):
    a, g = random_graph(14, 0.2 if directed else 0.4, directed, 5)
    fit = rn.ergm(g, formula, directed=directed, estimate="MPLE")
    x, y = change_design(spec, a, directed)
    params, bse = _statsmodels(x, y)
    np.testing.assert_allclose(fit.coef.to_numpy(), params, atol=1e-6)
    np.testing.assert_allclose(fit.se.to_numpy(), bse, atol=1e-6)
    assert fit.estimate == "MPLE"


# ---------------------------------------------------------------- dyad-independent = logit
def _dyad_design(g, directed, observed=None):
    """Logit design on all (or observed) dyads from attributes, built without relnet."""
    n = g.n
    grp = g.attribute("g").to_numpy()
    x = g.attribute("x").to_numpy().astype(float)
    a = np.zeros((n, n))
    a[g.sources, g.indices] = 1
    rows, ys = [], []
    for i in range(n):
        for j in range(n):
            if i == j or (not directed and j < i):
                continue
            if observed is not None and not observed(i, j):
                continue
            rows.append([1.0, x[i] + x[j], float(grp[i] == grp[j]), float(grp[i] == "b")
                         + float(grp[j] == "b"), float(grp[i] == "c") + float(grp[j] == "c"),
                         abs(x[i] - x[j]), float((i + j) % 3 == 0)])  # fmt: skip
            ys.append(a[i, j])
    return np.array(rows), np.array(ys)


DYAD_FORMULA = (
    "edges + nodecov('x') + nodematch('g') + nodefactor('g') + absdiff('x') + edgecov('w')"
)


@pytest.mark.parametrize("directed", [True, False])
def test_dyad_independent_equals_logit(directed):
    _, g = random_graph(25, 0.15, directed, 7)
    w = np.fromfunction(lambda i, j: ((i + j) % 3 == 0).astype(float), (g.n, g.n))
    fit = rn.ergm(g, DYAD_FORMULA, directed=directed, data={"w": w})
    x, y = _dyad_design(g, directed)
    res = sm.Logit(y, x).fit(method="newton", disp=0, tol=1e-12)
    np.testing.assert_allclose(fit.coef.to_numpy(), res.params, atol=1e-6)
    np.testing.assert_allclose(fit.se.to_numpy(), res.bse, atol=1e-6)
    assert fit.loglik == pytest.approx(res.llf, abs=1e-6)
    assert fit.aic == pytest.approx(res.aic, abs=1e-6)
    assert fit.estimate == "MLE" and fit.method.startswith("MPLE")
    assert list(fit.summary().columns) == ["estimate", "se", "z", "p_value"]
    np.testing.assert_allclose(fit.pvalues.to_numpy(), res.pvalues, rtol=1e-5, atol=1e-12)


def test_dyad_independent_missing_observed_uses_observed_dyads_only():
    _, g0 = random_graph(25, 0.15, True, 8)
    silent = {"p3", "p7", "p11"}
    edges = g0.edges()
    edges = edges[~edges.source.isin(silent)]
    responded = [i not in silent for i in g0.ids]
    g = rn.Network.from_edges(edges.source, edges.target, nodes=g0.nodes.drop(columns="responded"),
                              responded=responded)  # fmt: skip
    w = np.fromfunction(lambda i, j: ((i + j) % 3 == 0).astype(float), (g.n, g.n))
    extra = [("p0", "p1"), ("p5", "p2")]
    fit = rn.ergm(g, DYAD_FORMULA, data={"w": w}, missing_dyads=extra)
    pos = {k: i for i, k in enumerate(g.ids)}
    unobserved = {(pos[a], pos[b]) for a, b in extra}
    silent_pos = {pos[s] for s in silent}
    x, y = _dyad_design(g, True, lambda i, j: i not in silent_pos and (i, j) not in unobserved)
    res = sm.Logit(y, x).fit(method="newton", disp=0, tol=1e-12)
    np.testing.assert_allclose(fit.coef.to_numpy(), res.params, atol=1e-6)
    assert fit.n_obs_dyads == len(y)
    ignored = rn.ergm(g, DYAD_FORMULA, data={"w": w}, missing="ignore")
    x, y = _dyad_design(g, True)
    res = sm.Logit(y, x).fit(method="newton", disp=0, tol=1e-12)
    np.testing.assert_allclose(ignored.coef.to_numpy(), res.params, atol=1e-6)


def test_term_at_its_minimum_is_minus_infinity():
    # no tie joins two 'c' people: nodematch.g.c is at its minimum 0 -> -inf (statnet does the
    # same); the other coefficients equal the logit on the dyads not forced to 0.
    n = 8
    grp = np.array(list("aabbccab"))
    src, dst = [0, 1, 2, 3, 0, 4, 2, 6], [1, 0, 3, 2, 6, 0, 7, 7]
    g = rn.Network.from_edges(src, dst, nodes=pd.DataFrame({"g": grp}, index=range(n)))
    fit = rn.ergm(g, "edges + nodematch('g', diff=TRUE)")
    assert fit.coef["nodematch.g.c"] == -np.inf
    assert any("nodematch.g.c" in note for note in fit.notes)
    a = np.zeros((n, n))
    a[src, dst] = 1
    rows, ys = [], []
    for i in range(n):
        for j in range(n):
            if i != j and not (grp[i] == grp[j] == "c"):
                rows.append([1.0, grp[i] == grp[j] == "a", grp[i] == grp[j] == "b"])
                ys.append(a[i, j])
    res = sm.Logit(np.array(ys), np.array(rows, dtype=float)).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(fit.coef[["edges", "nodematch.g.a", "nodematch.g.b"]], res.params,
                               atol=1e-6)  # fmt: skip


@needs_data
def test_florentine_estimates_match_statnet():
    # statnet ergm tutorial (Sunbelt 2016 "ERGMs using statnet"): flomarriage ~ edges gives
    # -1.609 (SE 0.2449); flomarriage ~ edges + nodecov('wealth') gives edges -2.595 (0.536),
    # nodecov.wealth 0.01055 (0.004674).
    g = load("flomarriage", False)
    fit = rn.ergm(g, "edges", directed=False)
    assert fit.coef["edges"] == pytest.approx(-1.609, abs=1e-3)
    assert fit.se["edges"] == pytest.approx(0.2449, abs=1e-4)
    # 20 ties of 120 dyads: loglik = 20 log(1/6) + 100 log(5/6) (closed form)
    assert fit.loglik == pytest.approx(20 * math.log(1 / 6) + 100 * math.log(5 / 6), abs=1e-9)
    fit = rn.ergm(g, "edges + nodecov('wealth')", directed=False)
    assert fit.coef["edges"] == pytest.approx(-2.595, abs=1e-3)
    assert fit.coef["nodecov.wealth"] == pytest.approx(0.01055, abs=1e-5)
    assert fit.se["nodecov.wealth"] == pytest.approx(0.004674, abs=1e-5)


# ---------------------------------------------------------------- bad input
def test_bad_input_messages():
    _, g = random_graph(8, 0.3, True, 3)
    with pytest.raises(ArgumentError, match="unknown ERGM term 'gwsp'"):
        rn.ergm(g, "edges + gwsp(0.5, fixed=TRUE)")
    with pytest.raises(ArgumentError, match="no node attribute 'role'"):
        rn.ergm(g, "edges + nodematch('role')")
    with pytest.raises(ArgumentError, match="fixed=TRUE"):
        rn.ergm(g, "edges + gwesp(0.5)")
    with pytest.raises(ArgumentError, match="whole numbers"):
        rn.ergm(g, "edges + istar('a')")
    with pytest.raises(ArgumentError, match="cannot read the formula"):
        rn.ergm(g, "edges + (")
    with pytest.raises(ArgumentError, match="control has no setting"):
        rn.ergm(g, "edges + mutual", control={"MCMC.sample": 10})
    _, u = random_graph(8, 0.3, False, 3)
    with pytest.raises(GraphKindError, match="mutual"):
        rn.ergm(u, "edges + mutual", directed=False)
    with pytest.raises(GraphKindError, match="has no reverse"):
        rn.ergm(g, "edges", directed=False)


@needs_data
@pytest.mark.parametrize(
    "name, directed, formula",
    [
        ("faux.dixon.high", True,
         "edges + mutual + triangle + ttriple + ctriple + transitiveties + istar(2) + "
         "ostar(3) + idegree(0:2) + odegree(2) + isolates + gwesp(0.5, fixed=TRUE) + "
         "dgwesp(0.7, fixed=TRUE, type='ITP') + dgwesp(0.3, fixed=TRUE, type='OSP') + "
         "dgwesp(1.1, fixed=TRUE, type='ISP') + gwdsp(0.5, fixed=TRUE) + "
         "gwidegree(0.5, fixed=TRUE) + gwodegree(0.8, fixed=TRUE) + "
         "nodematch('race', diff=TRUE) + nodefactor('race') + nodeifactor('grade') + "
         "nodeofactor('sex') + nodecov('grade') + nodeicov('grade') + absdiff('grade')"),
        ("faux.mesa.high", False,
         "edges + triangle + kstar(2:3) + degree(0:3) + isolates + gwesp(0.5, fixed=TRUE) + "
         "gwdsp(0.7, fixed=TRUE) + gwdegree(0.4, fixed=TRUE) + altkstar(2, fixed=TRUE) + "
         "transitiveties + nodefactor('Race') + nodematch('Grade', diff=TRUE) + "
         "nodecov('Grade') + absdiff('Grade')"),
    ],
)  # fmt: skip
def test_statistics_and_names_equal_ergmx(name, directed, formula):
    # ergmx (an independent Rust implementation of R's ergm) gives summary(net ~ formula)
    # with R's coefficient labels; names and values must agree on the statnet datasets.
    ergmx = pytest.importorskip("ergmx")
    ig = pytest.importorskip("igraph")
    g = load(name, directed)
    nodes = pd.read_csv(ERGM_DATA / name / "nodes.csv")
    e = pd.read_csv(ERGM_DATA / name / "edges.csv")
    G = ig.Graph(n=len(nodes), edges=list(zip(e.source - 1, e.target - 1, strict=True)),
                 directed=directed)  # fmt: skip
    for col in nodes.columns:
        G.vs[col] = nodes[col].tolist()
    theirs = pd.Series(ergmx.summary_stats(G, formula))
    ours = rn.ergm(g, formula, directed=directed, estimate="MPLE").observed
    assert list(ours.index) == list(theirs.index)
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-10)
