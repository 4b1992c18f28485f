"""The one thread policy (relnet.threads.kernel_chunks)."""

from __future__ import annotations

import numba
import numpy as np
import pytest

import relnet as rn
from relnet.kernels import dyads as dyad_kernels
from relnet.threads import SERIAL_BELOW, kernel_chunks


def test_small_work_runs_on_one_thread_and_restores():
    before = numba.get_num_threads()
    with kernel_chunks(10) as chunks:
        assert chunks == 1 and numba.get_num_threads() == 1
    assert numba.get_num_threads() == before
    with kernel_chunks(SERIAL_BELOW) as chunks:
        assert chunks == before and numba.get_num_threads() == before


def test_restores_after_an_error():
    before = numba.get_num_threads()
    with pytest.raises(RuntimeError), kernel_chunks(10):
        raise RuntimeError("kernel failed")
    assert numba.get_num_threads() == before


def test_results_do_not_depend_on_the_chunk_count(monkeypatch):
    """The same numbers on one thread (below the threshold) and on all (threshold 0)."""
    rng = np.random.default_rng(5)
    src, dst = rng.integers(0, 200, 1500), rng.integers(0, 200, 1500)
    pairs = sorted({(int(u), int(v)) for u, v in zip(src, dst) if u != v})
    g = rn.Network.from_edges(*zip(*pairs), nodes=range(200))
    small = (rn.triad_census(g).tolist(), rn.dyad_census(g, missing="ignore").tolist())
    monkeypatch.setattr("relnet.threads.SERIAL_BELOW", 0)
    with kernel_chunks(g.m) as chunks:
        assert chunks == numba.get_num_threads()
        mutual = dyad_kernels.node_mutual(g.indptr, g.indices, g.t_indptr, g.t_indices, chunks)
    g2 = rn.Network.from_edges(*zip(*pairs), nodes=range(200))  # fresh caches
    assert (rn.triad_census(g2).tolist(), rn.dyad_census(g2, missing="ignore").tolist()) == small
    one = dyad_kernels.node_mutual(g.indptr, g.indices, g.t_indptr, g.t_indices, 1)
    np.testing.assert_array_equal(mutual, one)
