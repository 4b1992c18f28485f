"""Small result objects returned by the outcome functions."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True, eq=False)
class LinkReport:
    """What happened when a network table was linked to an outcome table.

    Attributes
    ----------
    on : list of str
        The key column(s).
    how : str
        The join kind.
    n_left, n_right, n_linked : int
        Rows of the network table, of the outcome table and of the result.
    unmatched_left : pandas.Index
        Keys of the network table (groups or people) with no outcome row.
    unmatched_right : pandas.Index
        Keys of the outcome table that match no network row.
    """

    on: list[str]
    how: str
    n_left: int
    n_right: int
    n_linked: int
    unmatched_left: pd.Index
    unmatched_right: pd.Index

    @property
    def complete(self) -> bool:
        """True when every key on both sides found its partner."""
        return len(self.unmatched_left) == 0 and len(self.unmatched_right) == 0

    def summary(self) -> str:
        """A few lines saying how many keys matched and listing the unmatched ones."""

        def shown(keys: pd.Index) -> str:
            values = [repr(k) for k in keys[:10]]
            more = f" and {len(keys) - 10} more" if len(keys) > 10 else ""
            return ", ".join(values) + more if values else "none"

        key = ", ".join(self.on)
        return (
            f"linked on {key} ({self.how} join): {self.n_linked} rows from {self.n_left} network "
            f"rows and {self.n_right} outcome rows\n"
            f"  network rows without an outcome ({len(self.unmatched_left)}): "
            f"{shown(self.unmatched_left)}\n"
            f"  outcome rows matching no network row ({len(self.unmatched_right)}): "
            f"{shown(self.unmatched_right)}"
        )

    def __repr__(self) -> str:
        return (
            f"<LinkReport on {self.on}: {self.n_linked} linked, "
            f"{len(self.unmatched_left)} without outcome, "
            f"{len(self.unmatched_right)} outcomes unmatched>"
        )

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        rows = [("on", ", ".join(self.on)), ("join", self.how), ("network rows", self.n_left)]
        rows += [("outcome rows", self.n_right), ("linked rows", self.n_linked)]
        notes = [
            f"{len(keys)} {what}: {', '.join(map(repr, keys[:10]))}"
            + (" ..." if len(keys) > 10 else "")
            for keys, what in (
                (self.unmatched_left, "network rows without an outcome"),
                (self.unmatched_right, "outcome rows matching no network row"),
            )
            if len(keys)
        ]
        return html_table("LinkReport", rows, notes)


@dataclass(frozen=True, eq=False)
class QAPCorrelation:
    """Graph correlation of two networks with its QAP permutation test.

    Attributes
    ----------
    estimate : float
        Pearson correlation of the off-diagonal cells (sna ``gcor``).
    p_value : float
        Two-sided permutation p-value, :math:`(1 + \\#\\{|r^*| \\ge |r|\\})/(1 + B)`.
    p_greater, p_less : float
        One-sided p-values, :math:`(1 + \\#\\{r^* \\ge r\\})/(1 + B)` and
        :math:`(1 + \\#\\{r^* \\le r\\})/(1 + B)`.
    n_perm : int
        Number of permutations B.
    null : numpy.ndarray
        The B correlations under permutation.
    """

    estimate: float
    p_value: float
    p_greater: float
    p_less: float
    n_perm: int
    null: np.ndarray = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with estimate, p_value, p_greater, p_less and n_perm."""
        return pd.DataFrame(
            {
                "estimate": [self.estimate],
                "p_value": [self.p_value],
                "p_greater": [self.p_greater],
                "p_less": [self.p_less],
                "n_perm": [self.n_perm],
            },
            index=pd.Index(["gcor"], name="term"),
        )

    def __repr__(self) -> str:
        return f"<QAPCorrelation r={self.estimate:.4g}, p={self.p_value:.3g}, n_perm={self.n_perm}>"

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        return html_table("QAPCorrelation (graph correlation, QAP test)", [], table=self.to_frame())


@dataclass(frozen=True, eq=False)
class ScaleScores:
    """Scale scores of people and, with a grouping, the aggregation statistics.

    Attributes
    ----------
    scores : pandas.Series
        Each person's scale score (mean of the answered items after reverse-coding).
    groups : pandas.DataFrame or None
        One row per group: ``mean``, ``sd``, ``n`` (people with a score), ``rwg_j``.
    icc1, icc2 : float
        ICC(1) and ICC(2) of the scores over the groups (NaN without a grouping).
    """

    scores: pd.Series
    groups: pd.DataFrame | None = None
    icc1: float = float("nan")
    icc2: float = float("nan")

    def summary(self) -> str:
        """One line per statistic."""
        lines = [f"{self.scores.notna().sum()} people scored, mean {self.scores.mean():.3f}"]
        if self.groups is not None:
            lines.append(
                f"{len(self.groups)} groups: median rwg(j) {self.groups['rwg_j'].median():.3f}, "
                f"ICC(1) {self.icc1:.3f}, ICC(2) {self.icc2:.3f}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        groups = "" if self.groups is None else f", {len(self.groups)} groups"
        return f"<ScaleScores {len(self.scores)} people{groups}, ICC(1)={self.icc1:.3g}>"

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        rows = [("people", len(self.scores)), ("scored", int(self.scores.notna().sum()))]
        rows += [("mean", float(self.scores.mean()))]
        if self.groups is not None:
            rows += [("groups", len(self.groups)), ("ICC(1)", self.icc1), ("ICC(2)", self.icc2)]
        return html_table("ScaleScores", rows, table=self.groups)
