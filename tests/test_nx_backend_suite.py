"""networkx's own tests for the functions relnet implements, run with relnet as the backend.

``NETWORKX_TEST_BACKEND=relnet`` makes networkx's test suite convert every graph to relnet and
call relnet's implementation of each dispatchable function. ``NETWORKX_FALLBACK_TO_NX=1``
lets functions relnet does not implement (``google_matrix``, ``edge_betweenness_centrality``,
...) and calls it declines in ``can_run`` (multigraphs, self-loops, personalised PageRank,
...) run in networkx instead of being marked xfail, so every test of these modules must pass.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("networkx")

MODULES = [
    "networkx.algorithms.tests.test_triads",
    "networkx.algorithms.tests.test_reciprocity",
    "networkx.algorithms.tests.test_structuralholes",
    "networkx.algorithms.tests.test_core",
    "networkx.algorithms.tests.test_cluster",
    "networkx.algorithms.centrality.tests.test_betweenness_centrality",
    "networkx.algorithms.centrality.tests.test_harmonic_centrality",
    "networkx.algorithms.components.tests.test_strongly_connected",
    "networkx.algorithms.components.tests.test_weakly_connected",
    "networkx.algorithms.assortativity.tests.test_correlation",
    "networkx.algorithms.link_analysis.tests.test_pagerank",
]

# networkx tests that cannot pass with relnet, each with the reason
DESELECT: list[str] = []


@pytest.mark.slow
def test_networkx_suite_passes_with_relnet_backend(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # not relnet's pytest settings
    env = dict(
        os.environ,
        NETWORKX_TEST_BACKEND="relnet",
        NETWORKX_FALLBACK_TO_NX="1",
        NETWORKX_WARNINGS_TO_IGNORE="cache",
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE"]
    command += ["--rootdir", str(tmp_path), "-c", str(tmp_path / "pytest.ini")]
    command += [f"--deselect={node}" for node in DESELECT]
    command += ["--pyargs", *MODULES]
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1200
    )
    tail = "\n".join(done.stdout.splitlines()[-40:])
    assert done.returncode == 0, f"networkx tests failed with relnet as backend:\n{tail}"
    assert " passed" in tail and "failed" not in tail
