"""Network exposure to earlier adopters and adoption thresholds (netdiffuseR's exposure)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.metrics.common import check_network
from relnet.network import Network


def exposure(
    graph: Network,
    adoption_time: pd.Series | Sequence[float] | np.ndarray,
    *,
    lags: int = 0,
    normalized: bool = True,
    weighted: bool = False,
    outgoing: bool = True,
    times: Sequence[float] | None = None,
) -> pd.DataFrame:
    r"""Each person's exposure to adopters among their contacts, period by period.

    **Definition.** With :math:`x_{jt} = 1` when :math:`j` adopted at or before period
    :math:`t` (time of adoption :math:`\le t`) and :math:`w_{ij}` the tie from :math:`i` to
    :math:`j` (1, or the weight when ``weighted``),
    :math:`E_{it} = \sum_j w_{ij} x_{j,t-L} / \sum_j w_{ij}` for lag :math:`L` (``lags``);
    unnormalised, the numerator alone. ``outgoing=True`` looks at the people :math:`i`
    nominates, ``False`` at those who nominate :math:`i`. A person with no contacts has
    exposure 0 (as netdiffuseR); a non-respondent (``graph.responded`` False) has NaN with
    ``outgoing=True``, since whom they would name is unobserved; periods :math:`t` with
    :math:`t - L` before the first period are NaN.

    Parameters
    ----------
    graph : Network
        Who nominates whom (static over the periods).
    adoption_time : pandas.Series or array-like
        Time of adoption per person: a Series indexed by id (people missing from it never
        adopted), or one value per position. NaN = never adopted (right-censored).
    lags : int, default 0
        Lag :math:`L` in periods (0: adopters up to and including the same period count).
    normalized : bool, default True
        Divide by the number (or total weight) of contacts.
    weighted : bool, default False
        Use tie weights.
    outgoing : bool, default True
        Exposure through one's nominees (True) or one's nominators (False).
    times : sequence of float, optional
        The periods; default every integer from the first to the last adoption time (or
        the sorted distinct times when they are not whole numbers).

    Returns
    -------
    pandas.DataFrame
        People (index, external ids) by periods (columns named ``time``), float64.

    Notes
    -----
    Matches netdiffuseR ``exposure(graph, cumadopt, valued=weighted, outgoing=outgoing,
    normalized=normalized, lags=lags)`` on a static graph (checked on small hand-worked
    cases).

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "a", "b", "c"], ["b", "c", "c", "a"])
    >>> toa = pd.Series({"a": 3, "b": 1, "c": 2})
    >>> rn.exposure(g, toa)  # a names b (t=1) and c (t=2): 1/2 at t=1, 2/2 from t=2
    time    1    2    3
    a     0.5  1.0  1.0
    b     0.0  1.0  1.0
    c     0.0  0.0  1.0

    References
    ----------
    .. [1] Valente, T. W. (1995). Network Models of the Diffusion of Innovations. Hampton.
    .. [2] Vega Yon, G. G. & Valente, T. W. (2017). netdiffuseR: Analysis of Diffusion and
       Contagion Processes on Networks. R package.
    """
    check_network(graph)
    toa = _adoption_times(graph, adoption_time)
    periods = _periods(toa, times)
    lags = _check_lags(lags)
    counts = _cumulative_counts(graph, toa, periods, weighted=weighted, outgoing=outgoing)
    if normalized:
        src = graph.sources if outgoing else graph.indices
        w = graph.weights if weighted else None
        total = np.bincount(src, weights=w, minlength=graph.n).astype(np.float64)
        counts = counts / np.where(total > 0, total, 1.0)[:, None]
    if outgoing and not graph.responded.all():
        counts = counts.astype(np.float64, copy=True)
        counts[~graph.responded] = np.nan
    if lags:
        shifted = np.full_like(counts, np.nan)
        if lags < counts.shape[1]:
            shifted[:, lags:] = counts[:, :-lags]
        counts = shifted
    return pd.DataFrame(counts, index=graph.ids, columns=pd.Index(periods, name="time"))


def adoption_threshold(
    graph: Network,
    adoption_time: pd.Series | Sequence[float] | np.ndarray,
    *,
    lags: int = 0,
    include_censored: bool = False,
    normalized: bool = True,
    weighted: bool = False,
    outgoing: bool = True,
) -> pd.Series:
    r"""Each adopter's exposure at the time they adopted (their network threshold).

    **Definition.** :math:`\tau_i = E_{i, t_i}` with :math:`E` from :func:`exposure` and
    :math:`t_i` person :math:`i`'s time of adoption. NaN for people who never adopted and,
    unless ``include_censored``, for those who adopted in the first period (their threshold
    is left-censored).

    Parameters
    ----------
    graph : Network
        Who nominates whom.
    adoption_time : pandas.Series or array-like
        As in :func:`exposure`.
    lags : int, default 0
        Exposure lag (1: exposure in the period before adoption).
    include_censored : bool, default False
        Report thresholds of first-period adopters too.
    normalized, weighted, outgoing : bool
        As in :func:`exposure`.

    Returns
    -------
    pandas.Series
        float64 indexed by id, named ``threshold``.

    Notes
    -----
    Matches netdiffuseR ``threshold(expo, toa, include_censored, lags)``.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "a", "b", "c"], ["b", "c", "c", "a"])
    >>> toa = pd.Series({"a": 3, "b": 1, "c": 2})
    >>> rn.adoption_threshold(g, toa).tolist()  # a at t=3: 1.0; c at t=2: 0 of its 1 (a); b first
    [1.0, nan, 0.0]

    References
    ----------
    .. [1] Valente, T. W. (1996). Social network thresholds in the diffusion of innovations.
       Social Networks 18(1), 69-89.
    """
    check_network(graph)
    toa = _adoption_times(graph, adoption_time)
    table = exposure(
        graph, toa, lags=lags, normalized=normalized, weighted=weighted, outgoing=outgoing
    )
    periods = table.columns.to_numpy(dtype=np.float64)
    values = np.full(graph.n, np.nan)
    adopted = np.isfinite(toa)
    if len(periods):
        column = np.searchsorted(periods, toa[adopted])
        values[adopted] = table.to_numpy()[np.flatnonzero(adopted), column]
        if not include_censored:
            values[adopted & (toa == periods[0])] = np.nan
    return pd.Series(values, index=graph.ids, name="threshold")


def _adoption_times(graph: Network, adoption_time: object) -> np.ndarray:
    if isinstance(adoption_time, pd.Series):
        unknown = adoption_time.index.difference(graph.ids)
        if len(unknown):
            raise ArgumentError(
                f"adoption_time names {len(unknown)} id(s) not in the network (e.g. "
                f"{list(unknown[:3])}); drop them or add those people to the network."
            )
        values = adoption_time.reindex(graph.ids)
    else:
        values = np.asarray(adoption_time)
        if values.shape != (graph.n,):
            raise ArgumentError(
                f"adoption_time has {values.size} values for {graph.n} people; pass one per "
                "person (in position order) or a Series indexed by id."
            )
    try:
        toa = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ArgumentError("adoption_time must be numeric (NaN = never adopted).") from None
    if np.isinf(toa).any():
        raise ArgumentError("adoption_time holds infinite values; use NaN for never adopted.")
    return toa


def _periods(toa: np.ndarray, times: Sequence[float] | None) -> np.ndarray:
    if times is not None:
        periods = np.unique(np.asarray(times, dtype=np.float64))
        adopted = toa[np.isfinite(toa)]
        if len(adopted) and not np.isin(adopted, periods).all():
            raise ArgumentError("times must include every adoption time in adoption_time.")
        return periods
    adopted = toa[np.isfinite(toa)]
    if len(adopted) == 0:
        return np.empty(0)
    if np.all(adopted == np.round(adopted)):
        return np.arange(adopted.min(), adopted.max() + 1).astype(np.int64)
    return np.unique(adopted)


def _check_lags(lags: int) -> int:
    if isinstance(lags, bool) or not isinstance(lags, (int, np.integer)) or lags < 0:
        raise ArgumentError(f"lags={lags!r} must be a whole number >= 0.")
    return int(lags)


def _cumulative_counts(
    graph: Network, toa: np.ndarray, periods: np.ndarray, *, weighted: bool, outgoing: bool
) -> np.ndarray:
    """(n, T): weight of each person's contacts adopted by each period."""
    n, T = graph.n, len(periods)
    if T == 0:
        return np.zeros((n, 0))
    ego = graph.sources if outgoing else graph.indices
    alter = graph.indices if outgoing else graph.sources
    alter_time = toa[alter]
    live = np.isfinite(alter_time)
    slot = np.searchsorted(np.asarray(periods, dtype=np.float64), alter_time[live])
    w = graph.weights[live] if weighted else None
    flat = ego[live].astype(np.int64) * T + slot
    counts = np.bincount(flat, weights=w, minlength=n * T).astype(np.float64).reshape(n, T)
    return np.cumsum(counts, axis=1)
