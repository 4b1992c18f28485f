"""Missing survey data: how a measure treats the unobserved ties of non-respondents.

A person who did not answer the survey has *unobserved* outgoing ties, not absent ones.
Dyad-level measures take ``missing=`` with three treatments:

``"ignore"``
    Unobserved ties count as absent (networkx and igraph do this silently).
``"observed"``
    Only observed cells count: a cell i -> j when i responded; a dyad {i, j} when both did.
    This equals R sna with the non-respondents' rows set to NA.
``"reconstruct"``
    Stork & Richards (1992): a non-respondent i gets i -> j wherever j -> i, with the weight
    of j -> i; then every cell counts.

Measures call :func:`missing_plan` at the top: it validates the option, warns (a
:class:`relnet.MissingDataWarning`) when non-respondents exist and the caller left ``missing``
at its default, and returns what kernels need.

One warning per analysis: relnet remembers the people it has warned about (weakly, for as long
as a network over them is alive) and stays quiet for every later network over the same people
or a subset of them (other layers and waves of the survey, its subgraphs, reconstructions).
Passing ``missing=`` explicitly, or ``rn.config.warn_missing = False``, silences it. Like
Python's own once-only warnings, the memory starts afresh inside a
``warnings.catch_warnings()`` block (so each test sees its warning). Give the keyword the default
:data:`MISSING_DEFAULT` (it equals ``"ignore"`` but can be told apart from an explicit
``"ignore"``)::

    def my_measure(graph, *, missing: str = MISSING_DEFAULT) -> float:
        plan = missing_plan(graph, missing, measure="my_measure")
        ... kernel(plan.graph.indptr, ..., plan.responded, plan.use_mask) ...
"""

from __future__ import annotations

import warnings
import weakref
from dataclasses import dataclass

import numpy as np

from relnet.errors import MissingDataWarning, check_choice
from relnet.kernels import dyads as dyad_kernels
from relnet.network import Network
from relnet.settings import config

MISSING_OPTIONS = ("ignore", "observed", "reconstruct")


class _DefaultMissing(str):
    """``"ignore"``, as the untouched default of ``missing=`` (compared by identity)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'ignore'"


MISSING_DEFAULT: str = _DefaultMissing("ignore")
"""Default for every ``missing=`` keyword: behaves as ``"ignore"`` and triggers the warning."""


@dataclass(frozen=True, eq=False)
class MissingPlan:
    """What a kernel needs to apply one missing-data treatment.

    Attributes
    ----------
    mode : str
        ``"ignore"``, ``"observed"`` or ``"reconstruct"``.
    graph : Network
        The network to count on: the input, or its reconstruction for ``"reconstruct"``.
    responded : numpy.ndarray
        bool[n] by position: which people responded (the input's ``responded``).
    use_mask : bool
        True when only observed cells and dyads may count (``"observed"`` with at least one
        non-respondent); kernels then honour ``responded``, else they ignore it.
    n_nonrespondents : int
        Number of people who did not respond.
    """

    mode: str
    graph: Network
    responded: np.ndarray
    use_mask: bool
    n_nonrespondents: int

    @property
    def n_observed_senders(self) -> int:
        """People whose outgoing cells are observed (all, unless ``use_mask``)."""
        return self.graph.n - self.n_nonrespondents if self.use_mask else self.graph.n

    def observed_dyads(self) -> int:
        """Number of dyads that count: both ends observed under ``use_mask``, else all."""
        k = self.n_observed_senders
        return k * (k - 1) // 2


def check_missing(missing: object) -> str:
    """Validate a ``missing=`` value and return it as a plain str.

    Raises
    ------
    ArgumentError
        When it is not one of ``"ignore"``, ``"observed"``, ``"reconstruct"``.
    """
    check_choice("missing", missing, MISSING_OPTIONS)
    return str(missing)


def missing_plan(
    graph: Network, missing: object, *, measure: str, stacklevel: int = 3
) -> MissingPlan:
    """Validate ``missing``, warn if needed, and prepare the treatment for ``graph``.

    Parameters
    ----------
    graph : Network
        The network a measure is about to count on.
    missing : {"ignore", "observed", "reconstruct"} or MISSING_DEFAULT
        The caller's option; :data:`MISSING_DEFAULT` means the user did not choose.
    measure : str
        Name of the public function, used in the warning.
    stacklevel : int
        Passed to :func:`warnings.warn`; 3 points at the public function's caller when the
        public function calls this directly.

    Returns
    -------
    MissingPlan

    Warns
    -----
    MissingDataWarning
        When some people did not respond, ``missing`` was left at its default and
        ``rn.config.warn_missing`` is True: says how many and what the options are. Once per
        set of people (see the module notes), not once per call.

    Examples
    --------
    >>> import relnet as rn
    >>> from relnet.metrics.missing import missing_plan
    >>> g = rn.Network.from_edges(["a", "b"], ["b", "c"], responded=[True, True, False])
    >>> plan = missing_plan(g, "reconstruct", measure="density")
    >>> plan.graph.edges()
      source target  weight
    0      a      b     1.0
    1      b      c     1.0
    2      c      b     1.0
    """
    mode = check_missing(missing)
    responded = graph.responded
    n_missing = int(graph.n - np.count_nonzero(responded))
    if n_missing and missing is MISSING_DEFAULT:
        warn_missing_once(graph, n_missing, measure=measure, stacklevel=stacklevel + 1)
    if mode == "reconstruct" and n_missing:
        graph = reconstruct(graph)
    return MissingPlan(
        mode=mode,
        graph=graph,
        responded=responded,
        use_mask=mode == "observed" and n_missing > 0,
        n_nonrespondents=n_missing,
    )


def warn_missing_once(
    graph: Network, n_missing: int, *, measure: str, stacklevel: int, people: object = None
) -> None:
    """Issue the MissingDataWarning about ``graph`` unless already told about its people.

    ``stacklevel`` is passed to :func:`warnings.warn` (1 is this function, 2 its caller).
    ``people``: the ids (a ``pandas.Index``) of a longer-lived holder, such as
    ``Survey.ids`` when the measure was given a survey, remembered with ``graph.ids``.
    """
    if not config.warn_missing:
        return
    told = _already_told(graph.ids) or (people is not None and _already_told(people))
    if people is not None:
        _remember(people)
    if told:
        return
    _remember(graph.ids)
    warnings.warn(
        f"{n_missing} of {graph.n} people did not respond, so their outgoing ties are "
        f"unobserved; {measure} counts them as absent (missing='ignore'). Pass "
        "missing='ignore' to accept this and silence the warning, missing='observed' to "
        "count only observed cells and dyads (as R sna with NA rows), or "
        "missing='reconstruct' to impute i->j from j->i (Stork & Richards 1992). relnet "
        "says this once for these people (rn.config.warn_missing = False turns it off).",
        MissingDataWarning,
        stacklevel=stacklevel,
    )


#: People already warned about: weak references to the ``ids`` of warned networks.
_TOLD: list[weakref.ref] = []
#: The ``warnings.filters`` list ``_TOLD`` belongs to; a new list (``catch_warnings``) resets it.
_SCOPE: list[object] = []


def _already_told(ids: object) -> bool:
    """True when a live warned network covers these people (same ids object, or a superset)."""
    if not _SCOPE or _SCOPE[0] is not warnings.filters:
        _SCOPE[:] = [warnings.filters]
        _TOLD.clear()
    live = [obj for obj in (ref() for ref in _TOLD) if obj is not None]
    _TOLD[:] = [weakref.ref(obj) for obj in live]
    if any(obj is ids for obj in live):
        return True
    for obj in live:
        # same people in the same order (cheap), or a subset looked up in the warned ids'
        # cached hash table (``Index.isin`` would rebuild one per call: seconds at 1,000,000)
        same = len(ids) == len(obj) and ids.equals(obj)
        if same or (len(ids) < len(obj) and bool((obj.get_indexer(ids) >= 0).all())):
            _TOLD.append(weakref.ref(ids))
            return True
    return False


def _remember(ids: object) -> None:
    if not any(ref() is ids for ref in _TOLD):
        _TOLD.append(weakref.ref(ids))


def reconstruct(graph: Network) -> Network:
    r"""Impute non-respondents' ties from the ties they received (Stork & Richards 1992).

    **Definition.** For each non-respondent :math:`i` and each :math:`j` with
    :math:`j \to i` but no :math:`i \to j`, add :math:`i \to j` with weight
    :math:`w_{ji}`. Every existing arc is kept; imputed arcs come only from arcs present in
    the input (two non-respondents stay unlinked unless one of them has an arc).

    Parameters
    ----------
    graph : Network
        A network whose ``responded`` marks who answered.

    Returns
    -------
    Network
        Same people and attributes, the reconstructed arcs. The input when everyone
        responded.

    Examples
    --------
    >>> import relnet as rn
    >>> from relnet.metrics.missing import reconstruct
    >>> g = rn.Network.from_edges(["a", "b", "c"], ["c", "c", "a"], responded=[True, True, False])
    >>> reconstruct(g).edges()
      source target  weight
    0      a      c     1.0
    1      b      c     1.0
    2      c      a     1.0
    3      c      b     1.0

    References
    ----------
    .. [1] Stork, D. & Richards, W. D. (1992). Nonrespondents in communication network
       studies: problems and possibilities. Group & Organization Management 17(2), 193-209.
    """
    responded = graph.responded
    if responded.all():
        return graph
    src, dst, wts = dyad_kernels.reconstructed_arcs(
        graph.indptr,
        graph.indices,
        graph.weights,
        graph.t_indptr,
        graph.t_indices,
        graph.t_to_out,
        responded,
    )
    if src.size == 0:
        return graph
    return graph._replace(
        src=np.concatenate([graph.sources.astype(np.int64), src]),
        dst=np.concatenate([graph.indices.astype(np.int64), dst]),
        weights=np.concatenate([graph.weights, wts]),
    )
