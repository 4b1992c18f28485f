"""Small helpers shared by the metric functions."""

from __future__ import annotations

import numba
import pytest

from relnet.metrics.common import SERIAL_BELOW_ARCS, threads_for


def test_threads_for_runs_small_work_on_one_thread_and_restores():
    before = numba.get_num_threads()
    with threads_for(10):
        assert numba.get_num_threads() == 1
    assert numba.get_num_threads() == before
    with threads_for(SERIAL_BELOW_ARCS):
        assert numba.get_num_threads() == before


def test_threads_for_restores_after_an_error():
    before = numba.get_num_threads()
    with pytest.raises(RuntimeError), threads_for(10):
        raise RuntimeError("kernel failed")
    assert numba.get_num_threads() == before
