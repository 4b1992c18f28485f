"""Change in network structure between survey waves, for the whole network or per group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.network import Network
from relnet.outcomes.groups import _codes

MEASURES = ("density", "reciprocity", "mean_weight", "mean_in_degree")


def compare_waves(
    survey: object,
    relation: str | None = None,
    *,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    r"""How a network changed from one survey wave to the next.

    **Definition.** For each pair of consecutive waves :math:`(a, b)`, only the people
    present in both (who responded in both waves, ``Network.responded``) count, and only the
    arcs among them (within the group when ``by`` is given). With :math:`k` such people,
    arcs :math:`E_a` and :math:`E_b`:

    - ``density`` :math:`|E|/(k(k-1))`, edgewise ``reciprocity`` :math:`2M/(2M+A)`,
      ``mean_weight`` and ``mean_in_degree`` :math:`|E|/k`, each ``_from`` (wave a),
      ``_to`` (wave b) and ``_change`` (to - from);
    - ``ties_kept`` :math:`|E_a \cap E_b|`, ``ties_lost`` :math:`|E_a \setminus E_b|`,
      ``ties_gained`` :math:`|E_b \setminus E_a|` and Jaccard stability
      :math:`|E_a \cap E_b| / |E_a \cup E_b|` (NaN when both are empty).

    Parameters
    ----------
    survey : Survey
        A survey with at least two waves (``survey.waves``, ``survey.network(relation,
        wave)``).
    relation : str, optional
        The relation; may be omitted when the survey has only one.
    by : str or list of str, optional
        Node attribute(s) for a per-group comparison (arcs inside each group).

    Returns
    -------
    pandas.DataFrame
        One row per pair of waves (and group), indexed by ``wave_from``, ``wave_to``
        (after the ``by`` levels), with ``people`` and the columns above.

    Raises
    ------
    ArgumentError
        When the survey has fewer than two waves.

    Notes
    -----
    Jaccard stability of ties between waves follows the use in RSiena's descriptive
    statistics (Snijders et al. 2010), where values below about 0.2 warn that change is too
    fast for a panel model.

    Examples
    --------
    >>> import pandas as pd
    >>> import relnet as rn
    >>> noms = pd.DataFrame({"respondent": ["a", "b", "a", "b", "c"],
    ...                      "nominee": ["b", "a", "b", "c", "a"],
    ...                      "wave": [1, 1, 2, 2, 2]})
    >>> s = rn.read_survey(noms, wave="wave")
    >>> row = compare_waves(s).iloc[0]  # c answered in wave 2 only; a->b kept, b->a lost
    >>> row[["people", "ties_kept", "ties_lost", "ties_gained", "jaccard"]].tolist()
    [2.0, 1.0, 1.0, 0.0, 0.5]

    References
    ----------
    .. [1] Snijders, T. A. B., van de Bunt, G. G. & Steglich, C. E. G. (2010). Introduction to
       stochastic actor-based models for network dynamics. Social Networks 32(1), 44-60.
    """
    waves = list(getattr(survey, "waves", []) or [])
    if len(waves) < 2:
        raise ArgumentError(
            f"compare_waves needs a survey with at least two waves; this one has {len(waves)}. "
            "Read the survey with wave= naming the wave column."
        )
    keys = None if by is None else ([by] if isinstance(by, str) else list(by))
    frames = []
    for wave_a, wave_b in zip(waves[:-1], waves[1:]):
        g_a = survey.network(relation, wave_a)
        g_b = survey.network(relation, wave_b)
        frames.append(_compare(g_a, g_b, keys, wave_a, wave_b))
    return pd.concat(frames)


def _arc_table(graph: Network, keep: np.ndarray, codes: np.ndarray, order: np.ndarray):
    """Arcs among kept people inside groups: (key, group, weight) with key = src * n + dst in
    the common position order."""
    src = order[graph.sources]
    dst = order[graph.indices]
    live = keep[src] & keep[dst] & (codes[src] == codes[dst])
    n = len(keep)
    key = src[live].astype(np.int64) * n + dst[live]
    return key, codes[src[live]], graph.weights[live]


def _compare(g_a: Network, g_b: Network, keys, wave_a, wave_b) -> pd.DataFrame:
    ids = g_a.ids.union(g_b.ids, sort=False)
    n = len(ids)
    pos_a = ids.get_indexer(g_a.ids)
    pos_b = ids.get_indexer(g_b.ids)
    present = np.zeros(n, dtype=bool)
    in_b = np.zeros(n, dtype=bool)
    present[pos_a[g_a.responded]] = True
    in_b[pos_b[g_b.responded]] = True
    present &= in_b
    if keys is None:
        codes = np.zeros(n, dtype=np.int64)
        labels = None
        n_groups = 1
    else:
        codes_a, labels = _codes(g_a, keys)
        codes = np.zeros(n, dtype=np.int64)
        codes[pos_a] = codes_a
        missing_b = ~np.isin(np.arange(n), pos_a)
        if missing_b.any():  # people only in wave b take their wave-b group
            codes_b, labels_b = _codes(g_b, keys)
            lookup = labels.get_indexer(labels_b)
            codes[pos_b[missing_b[pos_b]]] = lookup[codes_b[missing_b[pos_b]]]
            present &= codes >= 0
        n_groups = len(labels)
    k = np.bincount(codes[present], minlength=n_groups).astype(np.float64)
    key_a, grp_a, w_a = _arc_table(g_a, present, codes, pos_a)
    key_b, grp_b, w_b = _arc_table(g_b, present, codes, pos_b)
    out = {"people": k.astype(np.int64)}
    stats = {}
    for tag, key, grp, w in (("from", key_a, grp_a, w_a), ("to", key_b, grp_b, w_b)):
        arcs = np.bincount(grp, minlength=n_groups).astype(np.float64)
        reverse = (key % n) * n + key // n
        mutual = np.isin(reverse, key)
        with np.errstate(invalid="ignore", divide="ignore"):
            stats[tag] = {
                "density": arcs / (k * (k - 1)),
                "reciprocity": np.bincount(grp[mutual], minlength=n_groups) / arcs,
                "mean_weight": np.bincount(grp, weights=w, minlength=n_groups) / arcs,
                "mean_in_degree": arcs / k,
            }
    for measure in MEASURES:
        out[f"{measure}_from"] = stats["from"][measure]
        out[f"{measure}_to"] = stats["to"][measure]
        out[f"{measure}_change"] = stats["to"][measure] - stats["from"][measure]
    kept_mask = np.isin(key_a, key_b)
    kept = np.bincount(grp_a[kept_mask], minlength=n_groups)
    lost = np.bincount(grp_a[~kept_mask], minlength=n_groups)
    gained = np.bincount(grp_b[~np.isin(key_b, key_a)], minlength=n_groups)
    out["ties_kept"] = kept
    out["ties_lost"] = lost
    out["ties_gained"] = gained
    with np.errstate(invalid="ignore", divide="ignore"):
        out["jaccard"] = kept / (kept + lost + gained)
    frame = pd.DataFrame(out)
    frame["wave_from"] = wave_a
    frame["wave_to"] = wave_b
    if labels is None:
        return frame.set_index(["wave_from", "wave_to"])
    levels = labels.to_frame(index=False) if isinstance(labels, pd.MultiIndex) else None
    if levels is None:
        frame.insert(0, labels.name, labels)
        names = [labels.name]
    else:
        for j, name in enumerate(levels.columns):
            frame.insert(j, name, levels[name].to_numpy())
        names = list(levels.columns)
    return frame.set_index([*names, "wave_from", "wave_to"])
