"""Simulated spread of a practice from chosen champions (threshold and cascade models)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, check_choice
from relnet.kernels import spread as spread_kernels
from relnet.metrics.common import (
    check_network,
    finish_figure,
    person_positions,
    result_card,
    seed_sequence,
)
from relnet.network import Network
from relnet.planning.key_players import DIRECTIONS, KeyPlayerResult, influence_csr
from relnet.threads import kernel_chunks

MODELS = ("threshold", "cascade")


@dataclass(frozen=True, eq=False)
class DiffusionResult:
    """Outcome of many simulated runs of a spread.

    Attributes
    ----------
    curve : pandas.DataFrame
        Indexed by ``step`` (0 = the seeds): ``mean`` share of all people adopted by the
        end of the step, and its 5% and 95% quantiles over runs (``q05``, ``q95``).
    final_share : float
        Mean over runs of the share of all people (seeds included) adopted after the last
        step.
    adoption : pandas.Series
        Per person (by id): the share of runs in which they adopted.
    mean_step : pandas.Series
        Per person: the mean step of adoption over the runs in which they adopted (NaN if
        never).
    runs : numpy.ndarray
        int64[n_runs, steps + 1]: adopters by the end of each step, per run.
    model, direction : str
    seeds : list
        Ids of the seeds.
    n_runs, steps : int
    """

    curve: pd.DataFrame
    final_share: float
    adoption: pd.Series
    mean_step: pd.Series
    runs: np.ndarray = field(repr=False)
    model: str
    direction: str
    seeds: list
    n_runs: int
    steps: int
    graph: Network = field(repr=False)

    def by_group(self, attr: str) -> pd.DataFrame:
        """Final adoption per group of ``attr``: ``size``, ``seeds`` and ``share`` (mean over
        runs of the share of the group adopted), indexed by group."""
        values = self.graph.attribute(attr)
        table = pd.DataFrame(
            {
                "group": values.to_numpy(),
                "seed": values.index.isin(self.seeds),
                "adoption": self.adoption.to_numpy(),
            }
        )
        grouped = table.groupby("group", sort=True, dropna=False)
        out = pd.DataFrame(
            {
                "size": grouped.size(),
                "seeds": grouped["seed"].sum().astype(np.int64),
                "share": grouped["adoption"].mean(),
            }
        )
        out.index.name = attr
        return out

    def summary(self) -> pd.DataFrame:
        """The adoption ``curve`` (mean, q05, q95 per step)."""
        return self.curve.copy()

    def to_frame(self) -> pd.DataFrame:
        """Same as :meth:`summary`."""
        return self.summary()

    def plot(self, path: str | None = None, ax=None, label: str | None = None):
        """Mean adoption curve with the 5-95% band; pass ``ax`` to overlay several results."""
        import matplotlib.pyplot as plt

        if ax is None:
            fig, ax = plt.subplots(figsize=(6, 3.5))
        else:
            fig = ax.figure
        steps = self.curve.index.to_numpy()
        line = ax.plot(steps, self.curve["mean"], label=label or f"{self.model}")[0]
        ax.fill_between(
            steps, self.curve["q05"], self.curve["q95"], alpha=0.25, color=line.get_color()
        )
        ax.set_xlabel("step")
        ax.set_ylabel("share adopted")
        ax.set_ylim(0, 1)
        ax.legend(loc="lower right")
        return finish_figure(fig, path, layout=False)

    def _repr_html_(self) -> str:
        return result_card(self)

    def __repr__(self) -> str:
        return (
            f"<DiffusionResult {self.model}: final share {self.final_share:.3f} "
            f"from {len(self.seeds)} seeds, {self.n_runs} runs x {self.steps} steps>"
        )


def _run_seeds(seed: int | np.random.Generator | None, n_runs: int) -> np.ndarray:
    """One 64-bit seed per run, from SeedSequence.spawn (independent of thread count)."""
    children = seed_sequence(seed).spawn(n_runs)
    return np.array([c.generate_state(1, dtype=np.uint64)[0] for c in children], dtype=np.uint64)


def _whole(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ArgumentError(f"{name}={value!r} must be a whole number of at least {low}.")
    return int(value)


def _thresholds(graph: Network, threshold: object) -> tuple[np.ndarray, bool]:
    if isinstance(threshold, str):
        if threshold != "random":
            raise ArgumentError(
                f"threshold={threshold!r}: give a share in [0, 1], a Series of shares by "
                "id, or 'random' (uniform draw per person and run)."
            )
        return np.zeros(graph.n), True
    if isinstance(threshold, pd.Series):
        values = threshold.reindex(graph.ids).to_numpy(dtype=np.float64)
        if np.isnan(values).any():
            missing = graph.ids[np.isnan(values)][:5].tolist()
            raise ArgumentError(
                f"threshold Series has no value for {int(np.isnan(values).sum())} people "
                f"(e.g. {missing}); give one share per person of the network."
            )
    else:
        try:
            share = float(threshold)
        except (TypeError, ValueError):
            raise ArgumentError(
                f"threshold={threshold!r} must be a share in [0, 1], a Series or 'random'."
            ) from None
        values = np.full(graph.n, share)
    if not np.all((values >= 0) & (values <= 1)):
        raise ArgumentError("threshold shares must lie in [0, 1].")
    return values, False


def _needed_counts(thresholds: np.ndarray, n_influencers: np.ndarray) -> np.ndarray:
    """Smallest count c >= 1 of adopted contacts with c / n_influencers >= threshold, in the
    same floating-point division the share rule uses (int32; unreachable when above all)."""
    k = np.maximum(n_influencers, 1).astype(np.float64)
    need = np.maximum(np.ceil(thresholds * k), 1.0)
    # repair rounding of threshold * k in either direction so that need is exact
    lower = (need > 1) & ((need - 1) / k >= thresholds)
    need[lower] -= 1
    higher = need / k < thresholds
    need[higher] += 1
    return np.minimum(need, np.iinfo(np.int32).max).astype(np.int32)


def simulate_diffusion(
    graph: Network,
    seeds: Sequence[Hashable] | KeyPlayerResult,
    *,
    model: str = "threshold",
    threshold: float | pd.Series | str = 0.2,
    p: float = 0.1,
    steps: int = 20,
    n_runs: int = 100,
    direction: str = "in",
    seed: int | np.random.Generator | None = None,
) -> DiffusionResult:
    r"""Simulate a practice spreading from ``seeds`` (champions) through trusted contacts.

    **Definition.** The seeds adopt at step 0. Person :math:`i`'s contacts are the people
    who can influence them along ``direction``: with ``"in"`` (default) influence flows
    against the arc, from the trusted person to those who name them, so :math:`i`'s contacts
    are the people :math:`i` names; ``"out"``: the people who name :math:`i`; ``"all"``:
    either. Steps are synchronous:

    - ``model="threshold"`` (linear threshold, Granovetter 1978; Valente 1996): :math:`i`
      adopts at step :math:`t + 1` once at least one contact has adopted and the share of
      contacts adopted by step :math:`t` reaches :math:`i`'s threshold (``threshold``:
      one share for all, a Series by id, or ``"random"``, a uniform draw per person and run
      as in Kempe et al. 2003). With a fixed threshold the model is deterministic.
    - ``model="cascade"`` (independent cascade, Kempe et al. 2003): each person who adopts
      at step :math:`t` gets one chance, with probability ``p``, to make each contact they
      influence adopt at step :math:`t + 1`.

    Parameters
    ----------
    graph : Network
        Who nominates whom.
    seeds : sequence of ids or KeyPlayerResult
        The people who adopt first (e.g. ``rn.key_players(g, 10).players``).
    model : {"threshold", "cascade"}
    threshold : float, pandas.Series or "random", default 0.2
        Threshold model only.
    p : float, default 0.1
        Cascade only: probability that one adopter convinces one contact.
    steps : int, default 20
    n_runs : int, default 100
    direction : {"in", "out", "all"}, default "in"
    seed : int, numpy.random.Generator or None
        Each run gets its own seed from ``numpy.random.SeedSequence(seed).spawn(n_runs)``,
        so results do not depend on the number of threads.

    Returns
    -------
    DiffusionResult
        ``curve`` (mean, q05, q95 share per step), ``final_share``, ``adoption`` per person,
        ``by_group(attr)``, ``plot()``.

    Raises
    ------
    ArgumentError
        For an unknown model or direction, no seeds, shares outside [0, 1], or
        ``steps``/``n_runs`` below 1.
    UnknownPersonError
        When a seed is not in the network.

    Notes
    -----
    The threshold rule is netdiffuseR's ``rdiffnet`` rule (exposure at least the threshold,
    exposure measured as in :func:`relnet.exposure` with ``outgoing=True`` for
    ``direction="in"``), except that a person also needs at least one adopted contact, so
    nobody adopts without exposure. A fixed threshold (or a cascade with ``p`` 0 or 1)
    leaves nothing to chance: one run is computed and stands for all ``n_runs``. With
    ``threshold=0`` everyone reachable adopts in breadth-first order (step = distance from
    the seeds); a cascade with ``p=1`` does the same. Runs go in parallel on numba threads
    over the CSR arrays: about :math:`O(m)` per run at most.

    Examples
    --------
    >>> import relnet as rn
    >>> # a chain of advice: b asks a, c asks b, d asks c
    >>> g = rn.Network.from_edges(["b", "c", "d"], ["a", "b", "c"])
    >>> res = rn.simulate_diffusion(g, ["a"], threshold=0.5, steps=3, n_runs=2)
    >>> res.curve["mean"].tolist()  # a at 0, b at 1, c at 2, d at 3 (each has 1 contact)
    [0.25, 0.5, 0.75, 1.0]
    >>> res.final_share
    1.0

    References
    ----------
    .. [1] Granovetter, M. (1978). Threshold models of collective behavior. American Journal
       of Sociology 83(6), 1420-1443.
    .. [2] Kempe, D., Kleinberg, J. & Tardos, E. (2003). Maximizing the spread of influence
       through a social network. KDD, 137-146.
    .. [3] Valente, T. W. (1996). Social network thresholds in the diffusion of innovations.
       Social Networks 18(1), 69-89.
    """
    check_network(graph)
    check_choice("model", model, MODELS)
    check_choice("direction", direction, DIRECTIONS)
    steps = _whole("steps", steps, 1)
    n_runs = _whole("n_runs", n_runs, 1)
    if isinstance(seeds, KeyPlayerResult):
        seeds = seeds.players
    if isinstance(seeds, (str, bytes)):
        seeds = [seeds]
    seed_pos = np.unique(person_positions(graph, seeds, "seeds"))
    if len(seed_pos) == 0:
        raise ArgumentError("seeds is empty; give the ids of at least one first adopter.")
    try:
        p = float(p)
    except (TypeError, ValueError):
        raise ArgumentError(f"p={p!r} must be a probability in [0, 1].") from None
    if not 0.0 <= p <= 1.0:
        raise ArgumentError(f"p={p!r} must be a probability in [0, 1].")
    thresholds, random_thresholds = _thresholds(graph, threshold)
    indptr, indices = influence_csr(graph, direction)
    n_influencers = np.bincount(indices, minlength=graph.n)
    need = _needed_counts(thresholds, n_influencers)
    run_seeds = _run_seeds(seed, n_runs)
    # a fixed-threshold run has no randomness (nor does a cascade with p 0 or 1): one run
    # stands for all of them
    deterministic = (model == "threshold" and not random_thresholds) or (
        model == "cascade" and p in (0.0, 1.0)
    )
    if deterministic:
        run_seeds = run_seeds[:1]
    args = (
        0 if model == "threshold" else 1,
        indptr,
        indices,
        n_influencers.astype(np.int32),
        need,
        random_thresholds,
        p,
        seed_pos,
        steps,
    )
    # the first run, on one thread, measures the work of a run (arcs leaving its adopters);
    # the thread policy then decides for the others. Each run has its own seed, so the
    # split changes nothing in the results.
    with kernel_chunks(0):
        runs, adopted, first = spread_kernels.simulate(*args, run_seeds[:1], 1)
    if len(run_seeds) > 1:
        degree = np.diff(indptr)
        per_run = int(degree[adopted > 0].sum()) + len(seed_pos)
        rest = run_seeds[1:]
        with kernel_chunks(per_run * len(rest)) as chunks:
            more = spread_kernels.simulate(*args, rest, min(chunks, len(rest)))
        runs = np.concatenate([runs, more[0]])
        adopted = adopted + more[1]
        first = first + more[2]
    if deterministic:
        runs = np.repeat(runs, n_runs, axis=0)
        adopted = adopted * n_runs
        first = first * n_runs
    shares = runs / graph.n
    curve = pd.DataFrame(
        {
            "mean": runs.mean(axis=0) / graph.n,
            "q05": np.quantile(shares, 0.05, axis=0),
            "q95": np.quantile(shares, 0.95, axis=0),
        },
        index=pd.RangeIndex(steps + 1, name="step"),
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_step = np.where(adopted > 0, first / np.maximum(adopted, 1), np.nan)
    return DiffusionResult(
        curve=curve,
        final_share=float(runs[:, -1].mean() / graph.n),
        adoption=pd.Series(adopted / n_runs, index=graph.ids, name="adoption"),
        mean_step=pd.Series(mean_step, index=graph.ids, name="mean_step"),
        runs=runs,
        model=model,
        direction=direction,
        seeds=list(graph.ids.take(seed_pos)),
        n_runs=n_runs,
        steps=steps,
        graph=graph,
    )
