"""Gould-Fernandez brokerage roles: who bridges between and within groups (sites, units)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from relnet.deprecation import renamed_keyword
from relnet.kernels import brokerage as brokerage_kernels
from relnet.metrics.common import check_network, group_codes
from relnet.network import Network

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")
SNA_NAMES = dict(zip(ROLES, ("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")))


@dataclass(frozen=True, eq=False)
class BrokerageResult:
    """Gould-Fernandez brokerage of each person and of the whole network.

    Attributes
    ----------
    by : str
        The grouping attribute.
    raw : pandas.DataFrame
        person x role counts (``coordinator``, ``itinerant``, ``representative``,
        ``gatekeeper``, ``liaison``, ``total``), indexed by person id.
    expected : pandas.DataFrame
        The same shape: expected counts under a random graph of the same density (sna).
    z : pandas.DataFrame
        The same shape: (raw - expected) / standard deviation.
    network : pandas.DataFrame
        role x ``raw``, ``expected``, ``sd``, ``z`` for the network as a whole.
    partial_credit : bool
        Whether a two-path with c brokers gave each 1/c (then expected and z are NaN).
    """

    by: str
    raw: pd.DataFrame
    expected: pd.DataFrame
    z: pd.DataFrame
    network: pd.DataFrame
    partial_credit: bool = False

    def __repr__(self) -> str:
        total = self.network.loc["total"]
        return (
            f"<BrokerageResult by {self.by!r}: {len(self.raw)} people, "
            f"{total['raw']:.6g} brokered two-paths, z={total['z']:.3g}>"
        )

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        total = self.network.loc["total"]
        rows = [("grouped by", self.by), ("people", len(self.raw))]
        rows += [("brokered two-paths", total["raw"]), ("expected", total["expected"])]
        rows += [("z", total["z"]), ("partial credit", self.partial_credit)]
        notes = ["partial credit: expected counts and z are not defined"] * self.partial_credit
        return html_table("BrokerageResult", rows, notes, table=self.network)

    @property
    def attr(self) -> str:
        """Old name of :attr:`by` (relnet 0.1)."""
        return self.by

    def summary(self) -> pd.DataFrame:
        """The network-level table (role x raw, expected, sd, z)."""
        return self.network.copy()

    def to_frame(self) -> pd.DataFrame:
        """One row per person: the raw counts and z-scores, columns ``<role>`` and ``<role>_z``."""
        return self.raw.join(self.z.add_suffix("_z"))


@renamed_keyword("attr", "by")
def brokerage(graph: Network, by: str, *, partial_credit: bool = False) -> BrokerageResult:
    """Gould-Fernandez brokerage: the two-step trust paths each person brokers, by group role.

    **Definition.** Person :math:`v` brokers each two-path :math:`i \\to v \\to k`
    (:math:`i \\ne k`) with no tie :math:`i \\to k`. By the groups of :math:`i, v, k`:
    ``coordinator`` (all three in one group, sna :math:`w_I`), ``itinerant`` (:math:`i, k`
    in one group, :math:`v` outside; UCINET "consultant", :math:`w_O`), ``representative``
    (:math:`i` with :math:`v`, :math:`k` outside, :math:`b_{IO}`), ``gatekeeper``
    (:math:`v` with :math:`k`, :math:`i` outside, :math:`b_{OI}`), ``liaison`` (three
    groups, :math:`b_O`), and ``total`` (:math:`t`). Expected counts and variances are those
    of a Bernoulli graph of the same density, given the group sizes (Gould & Fernandez 1989,
    as implemented in R sna); z = (raw - expected) / sd.

    Parameters
    ----------
    graph : Network
        Directed survey graph (weights are ignored).
    by : str
        Node attribute giving each person's group (site, unit, profession ...).
    partial_credit : bool
        When the ends of a two-path are joined through c brokers, give each 1/c (UCINET's
        option); the expected values then no longer apply and ``expected``/``z`` are NaN.

    Returns
    -------
    BrokerageResult
        ``.raw``, ``.expected``, ``.z`` (person x role) and ``.network`` (role x raw,
        expected, sd, z).

    Raises
    ------
    ArgumentError
        When ``by`` is not a node attribute or is missing for someone.

    Notes
    -----
    Equals R sna ``brokerage(A, cl)``: ``raw.nli``, ``exp.nli``, ``z.nli`` and ``raw.gli``,
    ``exp.gli``, ``z.gli``, column for column (w_I, w_O, b_IO, b_OI, b_O, t). As in sna, a
    z-score whose variance is 0 is NaN (0/0) or infinite. Parallel over brokers.

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> people = pd.DataFrame({"site": ["n", "n", "s", "s"]}, index=["a", "b", "c", "d"])
    >>> g = rn.Network.from_edges(["a", "b", "c"], ["b", "c", "d"], nodes=people)
    >>> rn.brokerage(g, "site").raw.loc[["b", "c"], ["representative", "gatekeeper", "total"]]
       representative  gatekeeper  total
    b             1.0         0.0    1.0
    c             0.0         1.0    1.0

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. Sociological Methodology 19, 89-126.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software 24(6).
    """
    check_network(graph)
    codes, labels = group_codes(graph, by)
    counts = brokerage_kernels.brokerage_counts(
        graph.indptr, graph.indices, graph.t_indptr, graph.t_indices, codes, bool(partial_credit)
    )
    raw = np.column_stack([counts, counts.sum(axis=1)])
    sizes = np.bincount(codes, minlength=len(labels)).astype(np.float64)
    n = float(graph.n)
    density = graph.m / (n * (n - 1)) if n > 1 else 0.0
    group_mean, group_var = _group_moments(sizes, n, density)
    global_mean, global_var = _global_moments(sizes, n, density)
    expected = group_mean[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (raw - expected) / np.sqrt(group_var[codes])
        global_sd = np.sqrt(global_var)
        global_raw = raw.sum(axis=0)
        global_z = (global_raw - global_mean) / global_sd
    if partial_credit:
        expected = np.full_like(raw, np.nan)
        z = np.full_like(raw, np.nan)
        global_mean = global_sd = global_z = np.full(6, np.nan)
    columns = list(ROLES)
    network = pd.DataFrame(
        {"raw": global_raw, "expected": global_mean, "sd": global_sd, "z": global_z},
        index=pd.Index(ROLES, name="role"),
    )
    return BrokerageResult(
        by=by,
        raw=pd.DataFrame(raw, index=graph.ids, columns=columns),
        expected=pd.DataFrame(expected, index=graph.ids, columns=columns),
        z=pd.DataFrame(z, index=graph.ids, columns=columns),
        network=network,
        partial_credit=bool(partial_credit),
    )


def _choose2(x: np.ndarray | float) -> np.ndarray | float:
    return x * (x - 1) / 2


def _group_moments(n: np.ndarray, N: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected brokerage and its variance for a broker in each group (sna ``exp.grp``)."""
    e = d**2 * (1 - d)
    a3 = d**3 * (1 - d) ** 3
    others = N - n
    mean = np.zeros((len(n), 6))
    var = np.zeros((len(n), 6))
    mean[:, 0] = e * (n - 1) * (n - 2)
    var[:, 0] = mean[:, 0] * (1 - e) + 2 * (n - 1) * (n - 2) * (n - 3) * a3
    pairs = n * (n - 1)
    mean[:, 1] = e * (pairs.sum() - pairs)
    triples = n * (n - 1) * (n - 2)
    var[:, 1] = mean[:, 1] * (1 - e) + 2 * (triples.sum() - triples) * a3
    mean[:, 2] = e * others * (n - 1)
    var[:, 2] = (
        mean[:, 2] * (1 - e) + 2 * ((n - 1) * _choose2(others) + others * _choose2(n - 1)) * a3
    )
    mean[:, 3] = mean[:, 2]
    var[:, 3] = var[:, 2]
    sum_other = n.sum() - n
    sumsq_other = (n**2).sum() - n**2
    mean[:, 4] = e * (sum_other**2 - sumsq_other)
    # sum over the other groups j of n_j * choose(c - n_j, 2) with c = N - n_i, in closed form
    # (1/2)(c(c-1) p1 - (2c-1) p2 + p3) over all j, minus the j = i term
    c = N - n
    p1, p2, p3 = n.sum(), (n**2).sum(), (n**3).sum()
    liaison = 0.5 * (c * (c - 1) * p1 - (2 * c - 1) * p2 + p3) - n * _choose2(c - n)
    var[:, 4] = mean[:, 4] * (1 - e) + 4 * liaison * a3
    mean[:, 5] = e * (N - 1) * (N - 2)
    var[:, 5] = mean[:, 5] * (1 - e) + 2 * (N - 1) * (N - 2) * (N - 3) * a3
    return mean, var


def _global_moments(n: np.ndarray, N: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected network-level brokerage and its variance (sna ``exp.gli``, ``sd.gli``^2)."""
    e = d**2 * (1 - d)
    a3 = d**3 * (1 - d) ** 3
    b4 = d**4 * (1 - d) ** 2
    c5 = d**5 * (1 - d)
    p1 = n.sum()
    p2 = (n**2).sum()
    mean = np.zeros(6)
    var = np.zeros(6)
    triples = n * (n - 1) * (n - 2)
    mean[0] = e * triples.sum()
    var[0] = mean[0] * (1 - e) + np.sum(
        triples * ((4 * n - 10) * a3 - 4 * (n - 3) * b4 + (n - 3) * c5)
    )
    mean[1] = e * np.sum(n * (N - n) * (n - 1))
    # sum_{x, y} x y (x-1) ((2x + 2y - 6) a3 + (N - x - 1) c5), summed over y in closed form
    pair_sum = np.sum(n * (n - 1) * (((2 * n - 6) * a3 + (N - n - 1) * c5) * p1 + 2 * a3 * p2))
    diagonal = np.sum(n * n * (n - 1) * ((4 * n - 6) * a3 + (N - n - 1) * c5))
    var[1] = mean[1] * (1 - e) + pair_sum - diagonal
    mean[2] = e * np.sum(n * (N - n) * (n - 1))
    var[2] = mean[2] * (1 - e) + np.sum(n * (N - n) * (n - 1) * ((N - 3) * a3 + (n - 2) * c5))
    mean[3] = mean[2]
    var[3] = var[2]
    mean[4] = e * ((N * p1**2 - 2 * p1 * p2) - np.sum(n * n * (N - 2 * n)))
    # sna sums n_i n_j n_k f over ordered triples of distinct groups, with f linear in the
    # sizes; in closed form: const * S0 + (sum of the size coefficients) * S1, where
    # S0 = sum n_i n_j n_k and S1 = sum n_i^2 n_j n_k over distinct (i, j, k).
    p3 = (n**3).sum()
    s0 = p1**3 - 3 * p1 * p2 + 2 * p3
    s1 = np.sum(n**2 * ((p1 - n) ** 2 - (p2 - n**2)))
    const = (4 * N - 2) * a3 - (4 * N - 2) * b4 + (N - 1) * c5
    slope = -8 * a3 + 8 * b4 - 2 * c5
    var[4] = mean[4] * (1 - e) + const * s0 + slope * s1
    mean[5] = e * N * (N - 1) * (N - 2)
    var[5] = mean[5] * (1 - e) + N * (N - 1) * (N - 2) * (
        (4 * N - 10) * a3 - 4 * (N - 3) * b4 + (N - 3) * c5
    )
    return mean, var
