"""Path measures over batches of sources: betweenness and inverse-distance sums.

The batches (consecutive runs of the source list, sized from the graph by
:func:`relnet.distributed.default_batch`) are the same whether they run here (several per
parallel kernel call) or as Dask tasks inside ``rn.distributed``; per-batch rows are added in
batch order by one fixed tree, so both give the same floats.
"""

from __future__ import annotations

import numpy as np

from relnet.distributed import batch_ranges, batch_size, default_batch, map_batches
from relnet.kernels import source_batches as kernels
from relnet.network import Network
from relnet.threads import kernel_chunks

#: Bytes of per-batch result rows one local kernel call may hold.
LOCAL_ROW_BYTES = 2**28


def _lengths(graph: Network, weighted: bool, reverse: bool) -> np.ndarray:
    """Arc lengths 1/w (or ones) in out- or in-CSR order; weights already checked > 0."""
    if not weighted:
        return np.ones(graph.m)
    return 1.0 / (graph.t_weights if reverse else graph.weights)


def _csr(graph: Network, reverse: bool) -> tuple[np.ndarray, np.ndarray]:
    return (graph.t_indptr, graph.t_indices) if reverse else (graph.indptr, graph.indices)


def _starts(batches: list[tuple[int, int]]) -> tuple[int, np.ndarray]:
    first = batches[0][0]
    starts = np.array([first] + [stop for _, stop in batches], dtype=np.int64) - first
    return first, starts


def _brandes_many(batches, *, graph, sources, weighted, endpoints, linear=False):
    first, starts = _starts(batches)
    chunk = np.ascontiguousarray(sources[first : first + starts[-1]])
    if linear:  # forward and reversed pass per source: twice the work
        with kernel_chunks(2 * graph.m * len(chunk)):
            rows = kernels.linear_rows(
                graph.indptr, graph.indices, _lengths(graph, weighted, False), graph.t_indptr,
                graph.t_indices, _lengths(graph, weighted, True), chunk, starts, weighted,
                endpoints,
            )  # fmt: skip
        return list(rows)
    with kernel_chunks(graph.m * len(chunk)):
        rows = kernels.brandes_rows(
            graph.indptr, graph.indices, _lengths(graph, weighted, False), chunk, starts,
            weighted, endpoints,
        )  # fmt: skip
    return list(rows)


def _brandes_batch(batch, *, graph, sources, weighted, endpoints, linear=False):
    return _brandes_many([batch], graph=graph, sources=sources, weighted=weighted,
                         endpoints=endpoints, linear=linear)[0]  # fmt: skip


def _local_group(n: int) -> int:
    return max(1, LOCAL_ROW_BYTES // max(8 * n, 1))


def betweenness_sums(
    graph: Network,
    sources: np.ndarray,
    *,
    weighted: bool,
    endpoints: bool,
    linear: bool = False,
) -> np.ndarray:
    """Raw Brandes betweenness summed over ``sources`` (int64 positions), in batches.

    Exact and sampled betweenness call this; inside ``rn.distributed`` the batches run on
    the cluster. Weights must already be checked positive when ``weighted``. With ``linear``
    each source adds its Geisberger-Sanders-Schultes linearly scaled forward and reversed
    dependencies instead (summed over all sources they give the exact values too).
    """
    n = graph.n
    if n == 0 or len(sources) == 0:
        return np.zeros(n)
    size = batch_size(default_batch(len(sources), max(graph.m, n)))
    total = map_batches(
        _brandes_batch,
        batch_ranges(len(sources), size),
        shared={"graph": graph, "sources": np.ascontiguousarray(sources, dtype=np.int64),
                "weighted": bool(weighted), "endpoints": bool(endpoints),
                "linear": bool(linear)},
        reduce="sum",
        many=_brandes_many,
        group=_local_group(n),
        label="relnet-betweenness",
    )  # fmt: skip
    return np.asarray(total, dtype=np.float64)


def _inverse_many(batches, *, graph, sources, weighted, reverse, per_target):
    first, starts = _starts(batches)
    chunk = np.ascontiguousarray(sources[first : first + starts[-1]])
    indptr, indices = _csr(graph, reverse)
    with kernel_chunks(graph.m * len(chunk)):
        per_source, rows = kernels.inverse_distance_rows(
            indptr, indices, _lengths(graph, weighted, reverse), chunk, starts, weighted,
            per_target,
        )  # fmt: skip
    if per_target:
        return list(rows)
    return [per_source[starts[b] : starts[b + 1]] for b in range(len(batches))]


def _inverse_batch(batch, *, graph, sources, weighted, reverse, per_target):
    return _inverse_many([batch], graph=graph, sources=sources, weighted=weighted,
                         reverse=reverse, per_target=per_target)[0]  # fmt: skip


def inverse_distance_sums(
    graph: Network, sources: np.ndarray, *, weighted: bool, reverse: bool, per_target: bool
) -> np.ndarray:
    """Sums of 1/d from each source (``per_target=False``: float64[len(sources)]) or, per
    node, over all sources (``per_target=True``: float64[n]); ``reverse`` searches the
    in-CSR. Batched as :func:`betweenness_sums`.
    """
    n = graph.n
    if len(sources) == 0:
        return np.zeros(n if per_target else 0)
    size = batch_size(default_batch(len(sources), max(graph.m, n)))
    shared = {"graph": graph, "sources": np.ascontiguousarray(sources, dtype=np.int64),
              "weighted": bool(weighted), "reverse": bool(reverse),
              "per_target": bool(per_target)}  # fmt: skip
    out = map_batches(
        _inverse_batch,
        batch_ranges(len(sources), size),
        shared=shared,
        reduce="sum" if per_target else None,
        many=_inverse_many,
        group=_local_group(n) if per_target else None,
        label="relnet-closeness",
    )
    if per_target:
        return np.asarray(out, dtype=np.float64)
    return np.concatenate(out).astype(np.float64, copy=False)
