"""Time and peak memory of relnet.report on a synthetic health system.

Run the full-size measurement as a script (the figures in BENCHMARKS.md ``## Report``)::

    .venv/bin/python benchmarks/bench_report.py --staff 100000 --sites 10 --waves 2

Under pytest (``pytest benchmarks/bench_report.py --benchmark-enable``) it runs at a small size
by default; set ``RELNET_BENCH_SIZES=100000`` for the big one.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import relnet as rn


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def build_survey(n_staff: int, n_sites: int, n_waves: int, seed: int = 1):
    """The synthetic system (two relations) read as a Survey, with its site outcomes."""
    system = rn.synth.health_system(n_staff, n_sites=n_sites, n_waves=n_waves, seed=seed)
    survey = rn.read_survey(system.nominations, roster=system.roster)
    return survey, system.outcomes["site"]


def measure(n_staff: int, n_sites: int, n_waves: int, out: Path, *, verbose: bool = True) -> dict:
    """Build the survey, then time one relnet.report(by="site") call and read peak RSS."""
    t0 = time.perf_counter()
    survey, outcomes = build_survey(n_staff, n_sites, n_waves)
    t_build = time.perf_counter() - t0
    rss_before = _peak_rss_mib()
    steps: list[tuple[str, float]] = []
    start = time.perf_counter()

    def progress(label: str, done: int, total: int) -> None:
        steps.append((label, time.perf_counter() - start))
        if verbose:
            print(f"  [{done:>2}/{total}] {label:<28} {steps[-1][1]:8.1f} s", file=sys.stderr)

    index = rn.report(
        survey,
        outcomes=outcomes,
        on="site",
        by="site",
        out=out,
        outcome_columns=["fidelity", "adoption_rate"],  # as `relnet demo`: not the counts
        progress=progress,
    )
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "n_staff": n_staff,
        "nominations": len(survey.nominations),
        "build_seconds": t_build,
        "report_seconds": seconds,
        "peak_rss_before_mib": rss_before,
        "peak_rss_after_mib": _peak_rss_mib(),
        "files": sum(1 for p in out.rglob("*") if p.is_file()),
        "folder_mib": size / 2**20,
        "index": str(index),
        "steps": steps,
    }


def test_report_small(benchmark, tmp_path):
    """pytest-benchmark entry: a small system unless RELNET_BENCH_SIZES asks for more."""
    n_staff = int(os.environ.get("RELNET_BENCH_SIZES", "400").split(",")[0])
    survey, outcomes = build_survey(n_staff, 4, 2)
    index = benchmark.pedantic(
        lambda: rn.report(survey, outcomes=outcomes, on="site", by="site", out=tmp_path),
        rounds=1,
        iterations=1,
    )
    index = Path(index)
    links = re.findall(r'(?:href|src)="([^"#:]+)"', index.read_text())
    assert links, "the report links no views or tables"
    missing = [link for link in links if not (index.parent / link).exists()]
    assert not missing, f"the report links files it did not write: {missing[:5]}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--waves", type=int, default=2)
    parser.add_argument("--out", default=None, help="report folder (default: a temp folder)")
    args = parser.parse_args(argv)
    out = Path(args.out or tempfile.mkdtemp(prefix="relnet-report-"))
    result = measure(args.staff, args.sites, args.waves, out)
    for key, value in result.items():
        if key != "steps":
            print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    main()
