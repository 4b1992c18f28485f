"""Run relnet's batchable work on a Dask cluster, with the same results as on one machine.

Work that splits into independent batches (sources of a path measure, permutations of a QAP
test, groups, simulation runs) goes through :func:`map_batches`. Outside
``with rn.distributed(...):`` it runs the batches here, in order; inside, each batch is a Dask
task and the shared inputs (a Network, arrays) are scattered to the cluster once and reused.

Determinism is the contract. Batch boundaries come from the data (:func:`batch_ranges`,
:func:`batch_size`) and per-batch random streams from the seed (:func:`batch_seeds`,
``numpy.random.SeedSequence.spawn``), never from the number of workers or threads; sums of
batch results are combined in batch order by one fixed tree (:func:`ordered_sum`, fan-in
:data:`FAN_IN`) both here and on the cluster. The same call with the same seed therefore
returns the same floats locally and on any cluster.

How a batchable function adopts it (a few lines)::

    from relnet.distributed import batch_ranges, batch_size, map_batches

    def _groups_batch(batch, *, graph, codes):        # module level: workers import it
        start, stop = batch
        return some_kernel(graph.indptr, graph.indices, codes, start, stop)

    def group_metrics(graph, *, by):
        codes, labels = group_codes(graph, by)
        batches = batch_ranges(len(labels), batch_size(default=256))
        parts = map_batches(_groups_batch, batches, shared={"graph": graph, "codes": codes})
        values = np.concatenate(parts)                # or reduce="sum" for summed arrays

Random batches take ``batch_seeds(seed, len(batches))`` and build
``np.random.default_rng(child)`` inside the batch function.
"""

from __future__ import annotations

import math
import os
import sys
import types
import uuid
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from relnet.errors import ArgumentError, MissingDependencyError, RelnetError

#: Number of batch results added together per node of the reduction tree.
FAN_IN = 8
#: Seconds to wait for a scheduler before giving up.
CONNECT_TIMEOUT = 10.0
#: Times Dask reruns a batch whose worker was lost.
RETRIES = 3
#: Scattered inputs a handle keeps on the cluster (the most recent ones).
SCATTER_CACHE = 8

_ACTIVE: list[DistributedHandle] = []
_SUBMIT_KEYWORDS = frozenset(
    {"key", "workers", "resources", "retries", "priority", "fifo_timeout", "pure",
     "allow_other_workers", "actor", "actors"}
)  # fmt: skip


class DistributedError(RelnetError, RuntimeError):
    """A cluster that cannot be reached or used (relnet.distributed)."""


def _dask() -> Any:
    try:
        import dask.distributed as dd
    except ImportError as exc:  # pragma: no cover - exercised without dask
        raise MissingDependencyError(
            "rn.distributed needs Dask distributed, which is not installed; install the extra "
            "with pip install 'relnet[distributed]'."
        ) from exc
    return dd


class DistributedHandle:
    """An active cluster connection: the ``Client``, batch size and the scatter cache.

    Returned by ``rn.distributed(...)`` (:func:`connect`); use it as a context manager or
    call :meth:`close`.
    """

    def __init__(self, client: Any, cluster: Any, batch_size: int | None) -> None:
        self.client = client
        self.cluster = cluster  # the LocalCluster this handle started, else None
        self.batch_size = batch_size
        self.retries = RETRIES
        self.progress: Callable[[int, int], None] | None = None
        self._scattered: dict[int, tuple[Any, Any]] = {}
        self._closed = False

    @property
    def address(self) -> str:
        return str(self.client.scheduler.address)

    @property
    def n_workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def scatter(self, value: Any) -> Any:
        """A Future of ``value`` on the cluster, sent once per handle and reused.

        Values are keyed by identity (relnet Networks are immutable); the handle keeps the
        last :data:`SCATTER_CACHE` of them. Dask pickles them with protocol 5, so numpy
        arrays travel as out-of-band buffers, without a copy into Python objects.
        """
        self._check_open()
        key = id(value)
        hit = self._scattered.get(key)
        if hit is not None and hit[0] is value:
            return hit[1]
        future = self.client.scatter([value], hash=False)[0]  # one object, even a dict
        self._scattered[key] = (value, future)
        while len(self._scattered) > SCATTER_CACHE:
            self._scattered.pop(next(iter(self._scattered)))
        return future

    def close(self) -> None:
        """Leave the distributed mode; close the client and cluster if this handle made them."""
        if self._closed:
            return
        self._closed = True
        if self in _ACTIVE:
            _ACTIVE.remove(self)
        self._scattered.clear()
        if self.cluster is not None:
            self.client.close()
            self.cluster.close()

    def _check_open(self) -> None:
        if self._closed:
            raise DistributedError("this relnet.distributed handle is closed; open a new one.")

    def __enter__(self) -> DistributedHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{self.address}, {self.n_workers} workers"
        return f"<relnet.distributed {state}>"


def connect(
    client_or_address: Any = None,
    *,
    n_workers: int | None = None,
    batch_size: int | None = None,
    timeout: float = CONNECT_TIMEOUT,
    progress: Callable[[int, int], None] | None = None,
) -> DistributedHandle:
    """Run relnet's batchable calls on a Dask cluster, with the same results as locally.

    **Definition.** Inside ``with rn.distributed(...):`` every call whose work splits into
    independent batches sends those batches to the cluster as Dask tasks: the Network is
    scattered once and reused, per-batch seeds come from ``numpy.random.SeedSequence.spawn``
    and sums are combined in batch order, so results do not depend on the number of workers.
    Adopted so far: ``betweenness`` (exact and sampled, weighted or not),
    ``harmonic_closeness``, ``qap_correlation`` and ``mrqap``. Outside the block nothing
    changes.

    Parameters
    ----------
    client_or_address : dask.distributed.Client or str, optional
        A connected client, or a scheduler address such as ``"tcp://scheduler:8786"``.
        Default: start a ``LocalCluster`` of processes with one thread each.
    n_workers : int, optional
        Workers of the ``LocalCluster`` started when no client or address is given
        (default: one per core).
    batch_size : int, optional
        Items (sources, permutations...) per batch instead of each call's data-derived
        default. Results depend on it (by float rounding, or through the per-batch seeds),
        never on the workers; the default is the same here and outside the block.
    timeout : float, default 10
        Seconds to wait for the scheduler.
    progress : callable, optional
        Called on this machine as ``progress(done, total)`` each time a batch of a call
        finishes (the CLI drives its progress bar with it).

    Returns
    -------
    DistributedHandle
        Active at once; a context manager, or call ``.close()`` when done. ``.client`` is
        the Dask client.

    Raises
    ------
    MissingDependencyError
        When Dask distributed is not installed (``pip install 'relnet[distributed]'``).
    DistributedError
        When the scheduler cannot be reached within ``timeout`` seconds.
    ArgumentError
        On a bad ``n_workers`` or ``batch_size``.

    Notes
    -----
    Lost workers: Dask reruns their batches (:data:`RETRIES` times). A batch that raises
    re-raises the original error class with the batch named; nothing partial is returned.
    Function authors adopt the mechanism through :func:`map_batches`.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c"], ["b", "c", "d"])
    >>> with rn.distributed(n_workers=1) as cluster:  # doctest: +SKIP
    ...     rn.betweenness(g).tolist()
    [0.0, 2.0, 2.0, 0.0]

    References
    ----------
    .. [1] Rocklin, M. (2015). Dask: parallel computation with blocked algorithms and task
       scheduling. Proceedings of the 14th Python in Science Conference.
    """
    dd = _dask()
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
        or batch_size < 1
    ):  # fmt: skip
        raise ArgumentError(f"batch_size={batch_size!r} must be a whole number >= 1 or None.")
    if n_workers is not None and client_or_address is not None:
        raise ArgumentError(
            "n_workers sizes a LocalCluster started here; with a client or scheduler address "
            "the cluster's own workers are used. Pass one or the other."
        )
    if n_workers is not None and (
        isinstance(n_workers, bool) or not isinstance(n_workers, (int, np.integer))
        or n_workers < 1
    ):  # fmt: skip
        raise ArgumentError(f"n_workers={n_workers!r} must be a whole number >= 1.")
    cluster = None
    if client_or_address is None:
        cluster = dd.LocalCluster(
            n_workers=int(n_workers or os.cpu_count() or 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            env={"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
        )
        client = dd.Client(cluster)
    elif isinstance(client_or_address, dd.Client):
        client = client_or_address
        if client.status not in ("running", "connecting", "newly-created"):
            raise DistributedError(
                f"the Dask client given to rn.distributed is {client.status}; connect it first."
            )
    elif isinstance(client_or_address, str):
        try:
            client = dd.Client(client_or_address, timeout=f"{float(timeout)}s")
        except (OSError, TimeoutError) as exc:
            raise DistributedError(
                f"could not reach a Dask scheduler at {client_or_address!r} within {timeout:g} s "
                f"({type(exc).__name__}); check that the scheduler runs and the address and port "
                "are right, or call rn.distributed() without an address for a local cluster."
            ) from exc
    else:
        raise ArgumentError(
            "rn.distributed takes a dask.distributed.Client, a scheduler address string "
            f"('tcp://host:8786') or nothing; got {type(client_or_address).__name__}."
        )
    handle = DistributedHandle(client, cluster, None if batch_size is None else int(batch_size))
    handle.progress = progress
    _ACTIVE.append(handle)
    return handle


def active() -> DistributedHandle | None:
    """The innermost active :func:`connect` handle, or None (run locally)."""
    return _ACTIVE[-1] if _ACTIVE else None


# ------------------------------------------------------------------ batches and seeds
_LOCAL_SIZES: list[int] = []


@contextmanager
def local_batches(size: int) -> Iterator[None]:
    """Run local (no cluster) calls with ``size`` items a batch, as ``rn.distributed(...,
    batch_size=size)`` does on a cluster: to reproduce a cluster run's floats here.

    Examples
    --------
    >>> with local_batches(5):
    ...     batch_size(default=100)
    5
    """
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
        raise ArgumentError(f"size={size!r} must be a whole number >= 1.")
    _LOCAL_SIZES.append(int(size))
    try:
        yield
    finally:
        _LOCAL_SIZES.pop()


def batch_size(default: int) -> int:
    """Items per batch: the active handle's ``batch_size`` if set (or :func:`local_batches`
    outside a cluster), else ``default``.

    ``default`` must come from the data (its size, the arcs), never from the machine.
    """
    handle = active()
    if handle is not None:
        if handle.batch_size is not None:
            return handle.batch_size
    elif _LOCAL_SIZES:
        return _LOCAL_SIZES[-1]
    return max(1, int(default))


def batch_ranges(total: int, size: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` ranges of ``size`` items covering ``range(total)``.

    Examples
    --------
    >>> batch_ranges(7, 3)
    [(0, 3), (3, 6), (6, 7)]
    """
    size = max(1, int(size))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def root_seed(seed: int | np.random.Generator | np.random.SeedSequence | None):
    """The SeedSequence behind ``seed`` (an int, a Generator, a SeedSequence or None).

    A Generator gives four 63-bit words drawn from it, so successive calls with one
    Generator differ, as they do without batches.
    """
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        return np.random.SeedSequence(seed.integers(0, 2**63, size=4).tolist())
    if seed is None or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)):
        return np.random.SeedSequence(None if seed is None else int(seed))
    raise ArgumentError(f"seed={seed!r} must be an int, a numpy Generator or None.")


def batch_seeds(
    seed: int | np.random.Generator | np.random.SeedSequence | None, count: int
) -> list[np.random.SeedSequence]:
    """One independent SeedSequence per batch, fixed by ``seed`` and ``count`` alone.

    Examples
    --------
    >>> a = batch_seeds(1, 3)
    >>> b = batch_seeds(1, 3)
    >>> [np.random.default_rng(s).integers(100) for s in a] == [
    ...     np.random.default_rng(s).integers(100) for s in b]
    True
    """
    return root_seed(seed).spawn(int(count))


# ------------------------------------------------------------------ ordered sums
def sum_in_order(*parts: Any) -> Any:
    """``parts[0] + parts[1] + ...`` left to right (one node of the reduction tree)."""
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


class OrderedSum:
    """Streams batch results into the fixed tree of :func:`ordered_sum`, in batch order.

    Holds at most ``FAN_IN`` results per tree level, so local runs need no memory for all
    batch results, and returns the same floats as the cluster's tree.
    """

    def __init__(self, fan_in: int = FAN_IN) -> None:
        self.fan_in = fan_in
        self.levels: list[list[Any]] = []
        self.pushed: list[int] = []

    def add(self, value: Any, level: int = 0) -> None:
        while len(self.levels) <= level:
            self.levels.append([])
            self.pushed.append(0)
        self.levels[level].append(value)
        self.pushed[level] += 1
        if len(self.levels[level]) == self.fan_in:
            group, self.levels[level] = self.levels[level], []
            self.add(sum_in_order(*group), level + 1)

    def result(self) -> Any:
        level = 0
        while level < len(self.levels):  # flushing a level may open the next one
            if self.pushed[level] == 1 and self.levels[level]:
                return self.levels[level][0]
            if self.levels[level]:
                group, self.levels[level] = self.levels[level], []
                self.add(sum_in_order(*group), level + 1)
            level += 1
        return None


def ordered_sum(parts: Sequence[Any], fan_in: int = FAN_IN) -> Any:
    """Sum in the fixed tree: groups of ``fan_in`` consecutive parts, level by level.

    Examples
    --------
    >>> ordered_sum([1, 2, 3, 4, 5], fan_in=2)  # ((1+2)+(3+4))+5
    15
    """
    level = list(parts)
    if not level:
        return None
    while len(level) > 1:
        level = [sum_in_order(*level[i : i + fan_in]) for i in range(0, len(level), fan_in)]
    return level[0]


# ------------------------------------------------------------------ running batches
def map_batches(
    fn: Callable[..., Any],
    batches: Sequence[Hashable],
    *,
    shared: Mapping[str, Any] | None = None,
    reduce: str | None = None,
    many: Callable[..., Sequence[Any]] | None = None,
    group: int | None = None,
    label: str = "relnet",
) -> Any:
    """Run ``fn(batch, **shared)`` for every batch, on the active cluster or here.

    Parameters
    ----------
    fn : callable
        A module-level function (workers import it by name) of one batch and the shared
        inputs, returning that batch's result. It must not depend on the machine.
    batches : sequence
        Small picklable batch descriptions (``(start, stop)`` ranges, SeedSequences...).
    shared : dict, optional
        Inputs every batch reads (Networks, arrays). On a cluster each is scattered once per
        :func:`connect` handle and reused; a Dask Future is passed through (it must
        belong to the active client).
    reduce : {None, "sum"}
        None: the list of results in batch order. ``"sum"``: their :func:`ordered_sum`
        (computed on the cluster, only the total comes back).
    many : callable, optional
        ``many(list_of_batches, **shared) -> list of results``, used locally to run
        ``group`` batches in one call (e.g. one parallel kernel call). It must return what
        ``fn`` returns for each batch.
    group : int, optional
        Batches per ``many`` call locally (default all).
    label : str
        Names the tasks on the dashboard.

    Returns
    -------
    list or summed result
        None for ``reduce="sum"`` over no batches.

    Raises
    ------
    Exception
        The error a batch raised, its class kept and the batch named.
    """
    shared = dict(shared or {})
    batches = list(batches)
    if reduce not in (None, "sum"):
        raise ArgumentError(f"reduce={reduce!r} must be None or 'sum'.")
    handle = active()
    if handle is None:
        return _map_local(fn, batches, shared, reduce, many, group)
    return _map_cluster(handle, fn, batches, shared, reduce, label)


def _map_local(fn, batches, shared, reduce, many, group):
    results: list[Any] = []
    summed = OrderedSum()
    step = len(batches) if not group else max(1, int(group))
    for start in range(0, len(batches), max(step, 1)):
        chunk = batches[start : start + step]
        if many is not None:
            outputs = many(chunk, **shared)
        else:
            outputs = [fn(batch, **shared) for batch in chunk]
        for output in outputs:
            if reduce == "sum":
                summed.add(output)
            else:
                results.append(output)
    return summed.result() if reduce == "sum" else results


def _map_cluster(handle, fn, batches, shared, reduce, label):
    dd = _dask()
    handle._check_open()
    client = handle.client
    clash = _SUBMIT_KEYWORDS.intersection(shared)
    if clash:
        raise ArgumentError(
            f"shared input name(s) {sorted(clash)} are Dask submit keywords; rename them."
        )
    kwargs = {}
    for name, value in shared.items():
        if isinstance(value, dd.Future):
            _check_same_client(value, client, name)
            kwargs[name] = value
        elif value is None or isinstance(value, (bool, int, float, str)):
            kwargs[name] = value
        else:
            kwargs[name] = handle.scatter(value)
    if not batches:
        return None if reduce == "sum" else []
    token = uuid.uuid4().hex[:12]
    leaves = [
        client.submit(
            fn, batch, key=f"{label}-{token}-{i}", retries=handle.retries, pure=False, **kwargs
        )
        for i, batch in enumerate(batches)
    ]
    total = None
    if reduce == "sum":
        level, depth = leaves, 0
        while len(level) > 1:
            depth += 1
            level = [
                client.submit(
                    sum_in_order,
                    *level[i : i + FAN_IN],
                    key=f"{label}-{token}-sum{depth}-{i // FAN_IN}",
                    retries=handle.retries,
                    pure=False,
                )
                for i in range(0, len(level), FAN_IN)
            ]
        total = level[0]
    live = {future.key: (i, future) for i, future in enumerate(leaves)}
    keep = leaves if reduce is None else []  # summed leaves are dropped as they finish
    del leaves
    try:
        finished = dd.as_completed([f for _, f in live.values()])
        for done, future in enumerate(finished, 1):
            i, _ = live.pop(future.key)
            if future.status == "error":
                _raise_named(future.exception(), i, batches[i], len(batches))
            if handle.progress is not None:
                handle.progress(done, len(batches))
            del future
        if reduce == "sum":
            return total.result()
        return client.gather(keep)
    finally:
        for _, future in live.values():
            future.cancel()
        if total is not None and total.status == "pending":
            total.cancel()


def _check_same_client(future: Any, client: Any, name: str) -> None:
    owner = getattr(future, "client", None)
    if owner is not client:
        there = getattr(getattr(owner, "scheduler", None), "address", "another client")
        here = getattr(getattr(client, "scheduler", None), "address", "?")
        raise DistributedError(
            f"shared input {name!r} is a Future of another Dask client ({there}) than the "
            f"active rn.distributed one ({here}); a cluster's data cannot be used from another "
            "client. Pass the Network itself (it is scattered once), or run inside the "
            "rn.distributed block whose client scattered it."
        )


def _raise_named(exc: BaseException, index: int, batch: Any, total: int) -> None:
    where = f"batch {index + 1} of {total} ({_describe(batch)}) on the Dask cluster"
    if isinstance(exc, RelnetError):
        try:
            named = type(exc)(f"{where}: {exc}")
        except Exception:  # pragma: no cover - exotic constructors
            named = None
        if named is not None:
            raise named.with_traceback(exc.__traceback__) from exc
    exc.add_note(where)
    raise exc


def _describe(batch: Any) -> str:
    if isinstance(batch, tuple) and len(batch) == 2 and all(
        isinstance(x, (int, np.integer)) for x in batch
    ):  # fmt: skip
        return f"items {batch[0]}-{batch[1] - 1}"
    if isinstance(batch, tuple) and batch and isinstance(batch[0], tuple):
        return _describe(batch[0])
    text = repr(batch)
    return text if len(text) <= 60 else text[:57] + "..."


def default_batch(total_items: int, work_per_item: float, *, target: float = 2**27,
                  max_batches: int = 4096) -> int:  # fmt: skip
    """A data-derived batch size: about ``target`` work units a batch, at most
    ``max_batches`` batches.

    Examples
    --------
    >>> default_batch(20_000, 200_000)  # 2**27 / 200,000 arcs -> 672 sources a batch
    672
    """
    if total_items <= 0:
        return 1
    size = math.ceil(target / max(work_per_item, 1.0))
    size = max(size, math.ceil(total_items / max_batches))
    return max(1, min(size, total_items))


class _CallableModule(types.ModuleType):
    """``relnet.distributed`` is this module and, called, :func:`connect`: one public name
    for both ``rn.distributed(client)`` and ``relnet.distributed.map_batches``."""

    def __call__(self, *args: Any, **kwargs: Any) -> DistributedHandle:
        return connect(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
