"""The cross-peer suite under pytest-benchmark: every shared measure, relnet beside each peer.

Each test runs one measure in one library on the wave-1 trust layer of
``relnet.synth.health_system(size, seed=20261129)`` (built once per size; the peer's copy is
converted outside the timing) and asserts that the peer's result matches relnet's (equal, to a
float tolerance, as a partition, or within the estimator's tolerance; see ``suite.py``). Times
are recorded, never asserted.

``make test`` runs it once per test at 1,000 staff (``--benchmark-disable``). Timed runs::

    RELNET_BENCH_SIZES=1000,10000,100000 .venv/bin/pytest benchmarks/bench_suite.py \\
        --benchmark-enable -p no:cacheprovider
    .venv/bin/pytest benchmarks/bench_suite.py --benchmark-enable --huge   # adds 1,000,000

The one-table comparison with ratios and memory is ``benchmarks/compare.py``.
"""

from __future__ import annotations

import functools
import os
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suite  # noqa: E402

HUGE = 1_000_000
# other suites read RELNET_BENCH_SIZES too (bench_outcomes takes "full"): use its numbers only
SIZES = [
    int(s) for s in os.environ.get("RELNET_BENCH_SIZES", "").split(",") if s.strip().isdigit()
] or [1000]


def _params() -> list:
    params = []
    for size in [*sorted(set(SIZES) - {HUGE}), HUGE]:  # size outermost: one graph alive
        marks = [pytest.mark.huge] if size == HUGE else []
        for measure in suite.MEASURES:
            for library in measure.libraries():
                params.append(
                    pytest.param(
                        measure.name,
                        library,
                        size,
                        marks=marks,
                        id=f"{measure.name}-{library}-{size}",
                    )
                )
    return params


@functools.lru_cache(maxsize=1)
def graphs_at(size: int) -> suite.Graphs:
    return suite.Graphs(size)


def reference(measure: suite.Measure, graphs: suite.Graphs):
    """relnet's result for the measure on this graph (computed once)."""
    if measure.name not in graphs.cache:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graphs.cache[measure.name] = measure.call("relnet", graphs)
    return graphs.cache[measure.name]


@pytest.mark.parametrize(("name", "library", "size"), _params())
def test_measure(benchmark, name: str, library: str, size: int) -> None:
    measure = suite.BY_NAME[name]
    reason = measure.skip_reason(library, size)
    if reason is not None:
        pytest.skip(reason)
    graphs = graphs_at(size)
    graphs.copy(library)  # conversion is not timed
    ref = reference(measure, graphs)
    what = f"{name} at {size:,} staff, {library} vs relnet"
    rounds = 1 if size >= 100_000 or name.startswith("betweenness") else 3

    def check(result) -> None:
        if library == "relnet":  # seeded and deterministic: the same values again
            suite.check_close(ref, result, what, rtol=1e-12, atol=0.0)
        else:
            measure.compare(library, ref, result, graphs, what)

    if benchmark.disabled:  # make test: one run, checked
        check(benchmark(measure.call, library, graphs))
        return
    check(measure.call(library, graphs))  # checked before it is timed
    benchmark.pedantic(measure.call, args=(library, graphs), rounds=rounds, iterations=1)
