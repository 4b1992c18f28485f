"""Survey scales: person scores, within-group agreement rwg(j) and ICC(1)/ICC(2).

``relnet.scales`` is this module; :data:`PSYCHOLOGICAL_SAFETY` holds the item keys of
Edmondson's (1999) team psychological safety scale (keys only, no item wording).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from relnet.deprecation import renamed_keyword
from relnet.errors import ArgumentError, SurveyFormatError
from relnet.outcomes.results import ScaleScores


@dataclass(frozen=True)
class Scale:
    """Keys of a published multi-item scale.

    Attributes
    ----------
    name : str
        Short name.
    items : tuple of str
        Column keys of the items, in the published order.
    reverse : tuple of str
        The items scored in reverse.
    scale_min, scale_max : int
        The response range (e.g. 1-7).
    citation : str
        Where the scale was published.
    """

    name: str
    items: tuple[str, ...]
    reverse: tuple[str, ...]
    scale_min: int
    scale_max: int
    citation: str


#: Edmondson's (1999) seven-item team psychological safety scale, answered on a 1-7 scale;
#: items 1, 3 and 5 are reverse-scored. Name your item columns ``psysafe_1`` ...
#: ``psysafe_7`` in the published order (wording: see the paper).
PSYCHOLOGICAL_SAFETY = Scale(
    name="psychological_safety",
    items=tuple(f"psysafe_{k}" for k in range(1, 8)),
    reverse=("psysafe_1", "psysafe_3", "psysafe_5"),
    scale_min=1,
    scale_max=7,
    citation=(
        "Edmondson, A. (1999). Psychological safety and learning behavior in work teams. "
        "Administrative Science Quarterly 44(2), 350-383."
    ),
)


@renamed_keyword("group", "by")
def score_scale(
    responses: pd.DataFrame,
    items: Sequence[str] | Scale,
    *,
    reverse: Sequence[str] = (),
    scale_min: int | None = None,
    scale_max: int | None = None,
    by: str | None = None,
    min_items: int | None = None,
) -> ScaleScores:
    r"""Score a multi-item scale per person and, by group, test whether it may be aggregated.

    **Definition.** Reverse-scored items become :math:`(\min + \max) - x`; a person's score
    is the mean of their answered items (NaN below ``min_items``). With ``by``:

    - :math:`r_{wg(J)} = J(1 - \bar s^2/\sigma^2_E) / [J(1 - \bar s^2/\sigma^2_E) +
      \bar s^2/\sigma^2_E]` per group (James, Demaree & Wolf 1984), with :math:`\bar s^2`
      the mean over the :math:`J` items of the within-group item variances (n - 1
      denominator) and :math:`\sigma^2_E = (A^2 - 1)/12` the variance of a uniform null on
      :math:`A` response options. When :math:`\bar s^2 > \sigma^2_E` it is set to 0
      (LeBreton & Senter 2008); NaN for groups with fewer than 2 complete responders.
    - From the one-way ANOVA of the scores on group, with mean squares MSB and MSW and the
      mean group size :math:`k`: :math:`ICC(1) = (MSB - MSW)/(MSB + (k-1) MSW)` and
      :math:`ICC(2) = (MSB - MSW)/MSB` (Bliese 2000).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row a person, one column an item (plus the ``by`` column).
    items : list of str or Scale
        Item columns, or a :class:`Scale` such as :data:`PSYCHOLOGICAL_SAFETY` (then its
        reverse items and range are used unless given).
    reverse : list of str
        Items to reverse-code (a subset of ``items``).
    scale_min, scale_max : int
        The response range; default 1 and 7 (or the Scale's).
    by : str, optional
        Column naming each person's group (team, unit).
    min_items : int, optional
        Fewest answered items for a score; default all items for rwg and half (rounded
        up) for the person score.

    Returns
    -------
    ScaleScores
        ``scores`` (Series, the index of ``responses``, named after the scale),
        ``groups`` (DataFrame indexed by group: ``mean``, ``sd``, ``n``, ``rwg_j``), ``icc1``,
        ``icc2``.

    Raises
    ------
    SurveyFormatError
        When an item column is missing, not numeric, or holds values outside the range.

    Notes
    -----
    rwg(J), ICC(1) and ICC(2) follow R ``multilevel::rwg.j``, ``ICC1`` and ``ICC2`` (mean
    group size in ICC(1), as ``multilevel`` does); rwg(J) is computed over people who
    answered every item.

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"q1": [6, 7, 5, 2], "q2": [2, 1, 3, 5],
    ...                         "team": ["a", "a", "b", "b"]})
    >>> out = rn.score_scale(answers, ["q1", "q2"], reverse=["q2"], by="team")
    >>> out.scores.tolist()  # q2 reversed: 8 - x
    [6.0, 7.0, 5.0, 2.5]
    >>> out.groups.round(3)  # a: item variances .5, .5; null 48/12 = 4; 2(7/8)/(2(7/8) + 1/8)
          mean     sd  n  rwg_j
    team
    a     6.50  0.707  2  0.933
    b     3.75  1.768  2  0.316

    References
    ----------
    .. [1] James, L. R., Demaree, R. G. & Wolf, G. (1984). Estimating within-group
       interrater reliability with and without response bias. Journal of Applied Psychology
       69(1), 85-98.
    .. [2] Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability.
       In Klein & Kozlowski (eds.), Multilevel Theory, Research, and Methods in
       Organizations, 349-381. Jossey-Bass.
    .. [3] LeBreton, J. M. & Senter, J. L. (2008). Answers to 20 questions about interrater
       reliability and interrater agreement. Organizational Research Methods 11(4), 815-852.
    """
    name = "score"
    if isinstance(items, Scale):
        name = items.name
        reverse = tuple(reverse) or items.reverse
        scale_min = items.scale_min if scale_min is None else scale_min
        scale_max = items.scale_max if scale_max is None else scale_max
        items = items.items
    scale_min = 1 if scale_min is None else scale_min
    scale_max = 7 if scale_max is None else scale_max
    if not isinstance(responses, pd.DataFrame):
        raise ArgumentError(f"responses must be a DataFrame, got {type(responses).__name__}.")
    items = [items] if isinstance(items, str) else list(items)
    if not items:
        raise ArgumentError("items must name at least one column.")
    if not scale_max > scale_min:
        raise ArgumentError(f"scale_max={scale_max} must exceed scale_min={scale_min}.")
    missing = [c for c in items if c not in responses.columns]
    if missing:
        raise SurveyFormatError(f"responses have no item column(s) {missing}; check the keys.")
    extra = [c for c in reverse if c not in items]
    if extra:
        raise ArgumentError(f"reverse names {extra}, which are not among the items.")
    values = responses[items]
    for column in items:
        if not pd.api.types.is_numeric_dtype(values[column]):
            raise SurveyFormatError(
                f"item {column!r} is not numeric (e.g. {values[column].dropna().iloc[0]!r}); "
                "recode text answers to numbers first."
            )
    X = values.to_numpy(dtype=np.float64, copy=True)
    outside = (X < scale_min) | (X > scale_max)  # noqa: SIM300
    bad = ~np.isnan(X) & outside
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise SurveyFormatError(
            f"item {items[c]!r} row {responses.index[r]!r} holds {X[r, c]:g}, outside "
            f"{scale_min}-{scale_max}; fix it or set scale_min/scale_max."
        )
    flip = np.isin(items, list(reverse))
    X[:, flip] = (scale_min + scale_max) - X[:, flip]
    answered = (~np.isnan(X)).sum(axis=1)
    need = min_items if min_items is not None else (len(items) + 1) // 2
    total_items = np.nansum(X, axis=1)
    score = np.where(answered >= max(need, 1), total_items / np.maximum(answered, 1), np.nan)
    scores = pd.Series(score, index=responses.index, name=name)
    group = by
    if group is None:
        return ScaleScores(scores=scores)
    if group not in responses.columns:
        raise ArgumentError(f"responses have no group column {group!r}.")
    labels = responses[group]
    if labels.isna().any():
        raise ArgumentError(
            f"{int(labels.isna().sum())} people have no {group!r}; fill or drop them first."
        )
    codes, uniques = pd.factorize(labels, sort=True)
    n_groups = len(uniques)
    has = ~np.isnan(score)
    n_scored = np.bincount(codes[has], minlength=n_groups)
    total = np.bincount(codes[has], weights=score[has], minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n_scored
        centred = (score[has] - mean[codes[has]]) ** 2
        dev2 = np.bincount(codes[has], weights=centred, minlength=n_groups)
        sd = np.sqrt(dev2 / (n_scored - 1))
    rwg = _rwg_j(X, codes, n_groups, scale_max - scale_min + 1)
    table = pd.DataFrame(
        {"mean": mean, "sd": sd, "n": n_scored, "rwg_j": rwg},
        index=pd.Index(uniques, name=group),
    )
    icc1, icc2 = _icc(score[has], codes[has], n_groups)
    table.attrs.update({"icc1": icc1, "icc2": icc2})
    return ScaleScores(scores=scores, groups=table, icc1=icc1, icc2=icc2)


def _rwg_j(X: np.ndarray, codes: np.ndarray, n_groups: int, n_options: int) -> np.ndarray:
    """rwg(J) per group over complete responders, uniform null, truncated at 0."""
    complete = ~np.isnan(X).any(axis=1)
    Xc, cc = X[complete], codes[complete]
    J = X.shape[1]
    count = np.bincount(cc, minlength=n_groups).astype(np.float64)
    sums = np.stack([np.bincount(cc, weights=Xc[:, j], minlength=n_groups) for j in range(J)], 1)
    squares = np.stack(
        [np.bincount(cc, weights=Xc[:, j] ** 2, minlength=n_groups) for j in range(J)], 1
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (squares - sums**2 / count[:, None]) / (count[:, None] - 1)
        var = np.maximum(var, 0.0)
        ratio = var.mean(axis=1) / ((n_options**2 - 1) / 12.0)
        rwg = J * (1 - ratio) / (J * (1 - ratio) + ratio)
    rwg = np.where(ratio > 1, 0.0, rwg)
    return np.where(count >= 2, rwg, np.nan)


def _icc(score: np.ndarray, codes: np.ndarray, n_groups: int) -> tuple[float, float]:
    """ICC(1) and ICC(2) from the one-way ANOVA of score on group (Bliese 2000)."""
    count = np.bincount(codes, minlength=n_groups).astype(np.float64)
    present = count > 0
    G = int(present.sum())
    N = len(score)
    if G < 2 or N - G < 1:
        return float("nan"), float("nan")
    means = np.bincount(codes, weights=score, minlength=n_groups)[present] / count[present]
    grand = score.mean()
    ssb = float(np.sum(count[present] * (means - grand) ** 2))
    full_means = np.zeros(n_groups)
    full_means[present] = means
    ssw = float(np.sum((score - full_means[codes]) ** 2))
    msb = ssb / (G - 1)
    msw = ssw / (N - G)
    k = N / G
    icc1 = (msb - msw) / (msb + (k - 1) * msw) if msb + (k - 1) * msw > 0 else float("nan")
    icc2 = (msb - msw) / msb if msb > 0 else float("nan")
    return float(icc1), float(icc2)
