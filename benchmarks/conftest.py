"""Options of the benchmark suites.

``--huge`` (or ``RELNET_BENCH_HUGE=1``) runs the tests marked ``huge`` (1,000,000 staff);
without it they are skipped, so ``make test`` stays short. ``RELNET_BENCH_SIZES`` (comma
separated, default ``1000``) sets the other sizes of ``bench_suite.py``.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--huge",
        action="store_true",
        default=False,
        help="run the 1,000,000-staff benchmarks (also: RELNET_BENCH_HUGE=1)",
    )


def huge_enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--huge", default=False)) or os.environ.get(
        "RELNET_BENCH_HUGE", ""
    ) not in ("", "0")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if huge_enabled(config):
        return
    skip = pytest.mark.skip(reason="1,000,000 staff: pass --huge or set RELNET_BENCH_HUGE=1")
    for item in items:
        if "huge" in item.keywords:
            item.add_marker(skip)
