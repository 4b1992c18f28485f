"""Change in network structure between survey waves, for the whole network or per group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.metrics.groups import _codes
from relnet.metrics.missing import MISSING_DEFAULT, check_missing, reconstruct, warn_missing_once
from relnet.network import Network

MEASURES = ("density", "reciprocity", "mean_weight", "mean_in_degree")


def compare_waves(
    survey: object,
    relation: str | None = None,
    *,
    by: str | Sequence[str] | None = None,
    missing: str = MISSING_DEFAULT,
) -> pd.DataFrame:
    r"""How a network changed from one survey wave to the next.

    **Definition.** For each pair of consecutive waves :math:`(a, b)`, the :math:`k` people
    in both waves' networks count (within each group when ``by`` is given), and the cells
    :math:`i \to j` among them, as ``missing`` says (:mod:`relnet.metrics.missing`):

    - ``"ignore"``: every cell; non-respondents' unobserved ties count as absent;
    - ``"observed"``: only cells observed in both waves, those whose sender :math:`i`
      responded in both (:math:`r` people, :math:`r(k-1)` cells); ``reciprocity`` over the
      dyads whose two ends responded in both;
    - ``"reconstruct"``: every cell of each wave's network reconstructed as Stork & Richards
      (1992) (a non-respondent :math:`i` gets :math:`i \to j` wherever :math:`j \to i`).

    With :math:`E_a`, :math:`E_b` the arcs in the counted cells and :math:`c` the number of
    counted cells:

    - ``density`` :math:`|E|/c`, edgewise ``reciprocity`` :math:`2M/(2M+A)`,
      ``mean_weight`` and ``mean_in_degree`` :math:`(k-1)|E|/c` (:math:`|E|/k` when every
      cell counts), each ``_from`` (wave a), ``_to`` (wave b) and ``_change`` (to - from);
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
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        The rule for non-respondents' unobserved ties, as above. Left at the default with
        non-respondents present, a :class:`relnet.MissingDataWarning` says so (once for these
        people).

    Returns
    -------
    pandas.DataFrame
        One row per pair of waves (and group), indexed by ``wave_from``, ``wave_to``
        (after the ``by`` levels), with ``people`` (:math:`k`), ``respondents`` (people who
        responded in both waves) and the columns above. ``attrs["missing"]`` holds the rule.

    Raises
    ------
    ArgumentError
        When the survey has fewer than two waves, or ``missing`` is not one of the rules.

    Notes
    -----
    Jaccard stability of ties between waves follows the use in RSiena's descriptive
    statistics (Snijders et al. 2010), where values below about 0.2 warn that change is too
    fast for a panel model.

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> import relnet as rn
    >>> noms = pd.DataFrame({"respondent": ["a", "b", "a", "b", "c"],
    ...                      "nominee": ["b", "a", "b", "c", "a"],
    ...                      "wave": [1, 1, 2, 2, 2]})
    >>> s = rn.read_survey(noms, wave="wave")
    >>> columns = ["people", "respondents", "ties_kept", "ties_lost", "ties_gained", "jaccard"]
    >>> # c answered in wave 2 only. Observed cells (senders a, b): a->b kept, b->a lost,
    >>> # b->c gained
    >>> rn.compare_waves(s, missing="observed").iloc[0][columns].round(3).tolist()
    [3.0, 2.0, 1.0, 1.0, 1.0, 0.333]
    >>> # every cell: c->a (unobserved in wave 1) also counts as gained
    >>> rn.compare_waves(s, missing="ignore").iloc[0][columns].round(3).tolist()
    [3.0, 2.0, 1.0, 1.0, 2.0, 0.25]

    References
    ----------
    .. [1] Snijders, T. A. B., van de Bunt, G. G. & Steglich, C. E. G. (2010). Introduction to
       stochastic actor-based models for network dynamics. Social Networks 32(1), 44-60.
    .. [2] Stork, D. & Richards, W. D. (1992). Nonrespondents in communication network
       studies: problems and possibilities. Group & Organization Management 17(2), 193-209.
    """
    mode = check_missing(missing)
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
        if missing is MISSING_DEFAULT:
            for g in (g_a, g_b):
                n_missing = int(g.n - np.count_nonzero(g.responded))
                if n_missing:
                    warn_missing_once(
                        g,
                        n_missing,
                        measure="compare_waves",
                        stacklevel=3,
                        people=getattr(survey, "ids", None),
                    )
                    break
        if mode == "reconstruct":
            g_a, g_b = reconstruct(g_a), reconstruct(g_b)
        frames.append(_compare(g_a, g_b, keys, wave_a, wave_b, mode == "observed"))
    result = pd.concat(frames)
    result.attrs["missing"] = mode
    return result


def _arc_table(graph: Network, keep: np.ndarray, codes: np.ndarray, order: np.ndarray):
    """Arcs among kept people inside groups, in the common position order: (key, group,
    weight, source, target, returned) with key = source * n + target and ``returned`` whether
    the reverse arc exists (it is then kept too: same two people, same group)."""
    src = order[graph.sources]
    dst = order[graph.indices]
    live = keep[src] & keep[dst] & (codes[src] == codes[dst])
    n = len(keep)
    key = src[live].astype(np.int64) * n + dst[live]
    returned = graph.reverse_arc[live] >= 0
    return key, codes[src[live]], graph.weights[live], src[live], dst[live], returned


def _compare(g_a: Network, g_b: Network, keys, wave_a, wave_b, observed: bool) -> pd.DataFrame:
    ids = g_a.ids.union(g_b.ids, sort=False)
    n = len(ids)
    pos_a = ids.get_indexer(g_a.ids)
    pos_b = ids.get_indexer(g_b.ids)
    present = np.zeros(n, dtype=bool)
    in_b = np.zeros(n, dtype=bool)
    present[pos_a] = True
    in_b[pos_b] = True
    present &= in_b
    answered = np.zeros(n, dtype=bool)
    answered_b = np.zeros(n, dtype=bool)
    answered[pos_a[g_a.responded]] = True
    answered_b[pos_b[g_b.responded]] = True
    answered &= answered_b
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
    answered &= present
    k = np.bincount(codes[present], minlength=n_groups).astype(np.float64)
    r = np.bincount(codes[answered], minlength=n_groups).astype(np.float64)
    senders = r if observed else k
    out = {"people": k.astype(np.int64), "respondents": r.astype(np.int64)}
    stats = {}
    counted_keys = {}
    for tag, g, order in (("from", g_a, pos_a), ("to", g_b, pos_b)):
        key, grp, w, src, dst, returned = _arc_table(g, present, codes, order)
        if observed:  # cells observed in both waves; dyads with both ends observed
            cell = answered[src]
            dyad = cell & answered[dst]
        else:
            cell = dyad = np.ones(len(key), dtype=bool)
        arcs = np.bincount(grp[cell], minlength=n_groups).astype(np.float64)
        mutual = returned[dyad]  # a dyad counts with both ends observed, so its reverse does
        pair_grp = grp[dyad]
        counted_keys[tag] = (key[cell], grp[cell])
        with np.errstate(invalid="ignore", divide="ignore"):
            density = arcs / (senders * (k - 1))
            stats[tag] = {
                "density": density,
                "reciprocity": np.bincount(pair_grp[mutual], minlength=n_groups)
                / np.bincount(pair_grp, minlength=n_groups),
                "mean_weight": np.bincount(grp[cell], weights=w[cell], minlength=n_groups) / arcs,
                "mean_in_degree": density * (k - 1),
            }
    for measure in MEASURES:
        out[f"{measure}_from"] = stats["from"][measure]
        out[f"{measure}_to"] = stats["to"][measure]
        out[f"{measure}_change"] = stats["to"][measure] - stats["from"][measure]
    key_a, grp_a = counted_keys["from"]
    key_b, grp_b = counted_keys["to"]
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
