"""Dense, slow, obviously-correct ERGM statistics for the tests (adjacency matrix in, float out).

Every statistic is recomputed from scratch from its textbook definition; change statistics
toggle one dyad and recompute the whole statistic. Nothing here shares code with relnet.
"""

from __future__ import annotations

import math

import numpy as np


def _comb(d: np.ndarray, k: int) -> float:
    return float(sum(math.comb(int(x), k) for x in d))


def _gw(counts: np.ndarray, decay: float) -> float:
    r = 1.0 - math.exp(-decay)
    return float(math.exp(decay) * np.sum(1.0 - r**counts))


def stat(name: str, a: np.ndarray, directed: bool, arg=None, attr=None) -> float:
    """One statistic of the graph with adjacency ``a`` (0/1 ints, symmetric if undirected)."""
    a = a.astype(np.int64)
    n = len(a)
    off = ~np.eye(n, dtype=bool)
    deg = a.sum(axis=1)
    indeg = a.sum(axis=0)
    a2 = a @ a
    if name == "edges":
        return a.sum() / (1 if directed else 2)
    if name == "mutual":
        return (a * a.T).sum() / 2
    if name == "ttriple":
        return float((a2 * a).sum())
    if name == "ctriple":
        return float(np.trace(a2 @ a)) / 3
    if name == "triangle":
        if directed:
            return stat("ttriple", a, True) + stat("ctriple", a, True)
        return float(np.trace(a2 @ a)) / 6
    if name == "kstar":
        return _comb(deg, arg)
    if name == "istar":
        return _comb(indeg, arg)
    if name == "ostar":
        return _comb(deg, arg)
    if name == "degree" or name == "odegree":
        return float((deg == arg).sum())
    if name == "idegree":
        return float((indeg == arg).sum())
    if name == "isolates":
        return float(((deg + (indeg if directed else 0)) == 0).sum())
    if name in ("gwesp", "transitiveties"):
        kind = "OTP" if name == "transitiveties" else (arg[1] if isinstance(arg, tuple) else "OTP")
        decay = 0.0 if name == "transitiveties" else (arg[0] if isinstance(arg, tuple) else arg)
        kinds = {"OTP": a2, "ITP": a2.T, "OSP": a @ a.T, "ISP": a.T @ a}
        sp = kinds[kind] if directed else a2
        mask = a.astype(bool)
        if not directed:
            mask = np.triu(mask, 1)
        if name == "transitiveties":
            return float((sp[mask] > 0).sum())
        return _gw(sp[mask], decay)
    if name == "gwdsp":
        mask = off.copy() if directed else np.triu(off, 1)
        return _gw(a2[mask], arg)
    if name == "gwdegree" or name == "gwodegree":
        return _gw(deg, arg)
    if name == "gwidegree":
        return _gw(indeg, arg)
    if name == "altkstar":
        return float(sum((-1) ** k * _comb(deg, k) / arg ** (k - 2) for k in range(2, n)))
    # dyadic terms: attr is a node array (or matrix for edgecov)
    ii, jj = np.nonzero(a if directed else np.triu(a, 1))
    if name == "nodematch":
        level = arg
        same = attr[ii] == attr[jj]
        if level is not None:
            same &= attr[ii] == level
        return float(same.sum())
    if name == "nodefactor":
        return float((attr[ii] == arg).sum() + (attr[jj] == arg).sum())
    if name == "nodeofactor":
        return float((attr[ii] == arg).sum())
    if name == "nodeifactor":
        return float((attr[jj] == arg).sum())
    if name == "nodecov":
        return float((attr[ii] + attr[jj]).sum())
    if name == "nodeocov":
        return float(attr[ii].sum())
    if name == "nodeicov":
        return float(attr[jj].sum())
    if name == "absdiff":
        return float(np.abs(attr[ii] - attr[jj]).sum())
    if name == "edgecov":
        return float(attr[ii, jj].sum())
    raise KeyError(name)


def stats(spec: list, a: np.ndarray, directed: bool) -> np.ndarray:
    """Statistics for a list of (name, arg, attr) tuples."""
    return np.array([stat(s[0], a, directed, s[1], s[2]) for s in spec])


def dyads(n: int, directed: bool) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(n) if i != j and (directed or i < j)]


def change_design(spec: list, a: np.ndarray, directed: bool, skip=()) -> tuple:
    """(X, y): change statistics of every dyad, toggling it in a copy of ``a``."""
    rows, ys = [], []
    for i, j in dyads(len(a), directed):
        if (i, j) in skip:
            continue
        on = a.copy()
        off = a.copy()
        on[i, j] = 1
        off[i, j] = 0
        if not directed:
            on[j, i] = 1
            off[j, i] = 0
        rows.append(stats(spec, on, directed) - stats(spec, off, directed))
        ys.append(a[i, j])
    return np.array(rows), np.array(ys, dtype=float)


def all_graphs(n: int, directed: bool):
    """Every graph on n nodes as an adjacency matrix (2**dyads of them)."""
    ds = dyads(n, directed)
    for code in range(2 ** len(ds)):
        a = np.zeros((n, n), dtype=np.int64)
        for b, (i, j) in enumerate(ds):
            if code >> b & 1:
                a[i, j] = 1
                if not directed:
                    a[j, i] = 1
        yield a
