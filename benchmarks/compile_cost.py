"""What the first run costs: import and first call of every measure, cold and warm numba cache.

Usage::

    .venv/bin/python benchmarks/compile_cost.py [--staff 300]

Each case runs in a fresh Python process:

- ``cold``: ``NUMBA_CACHE_DIR`` set to a new, empty temporary folder, so every kernel is
  compiled on its first call (what a user sees the very first time, or after upgrading);
- ``warm``: a new process with the same, now filled, folder (what every later run sees).

In each, the times are: ``import relnet`` (lazy, so cheap), building the Network of a small
synthetic survey (``relnet.synth.health_system(staff, seed=1)``; this loads the CSR kernels),
then the first call of each public measure in the battery (:data:`BATTERY`) in turn. A
measure's time includes compiling (cold) or loading (warm) the kernels it is the first to use.
Target (issue 9): the warm first call of the whole battery under 5 s. Results go to
``benchmarks/results/<date>-<host>-compile.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_WARM_SECONDS = 5.0

#: (label, call) evaluated with ``rn`` and the graph ``g`` in scope.
BATTERY = [
    ("dyad_census", "rn.dyad_census(g)"),
    ("reciprocity", "rn.reciprocity(g)"),
    ("reciprocity by site", "rn.reciprocity(g, by='site')"),
    ("node_reciprocity", "rn.node_reciprocity(g)"),
    ("triad_census", "rn.triad_census(g)"),
    ("density", "rn.density(g)"),
    ("components weak", "rn.components(g)"),
    ("components strong", "rn.components(g, connection='strong')"),
    ("core_number", "rn.core_number(g)"),
    ("transitivity", "rn.transitivity(g)"),
    ("clustering", "rn.clustering(g)"),
    ("krackhardt", "rn.krackhardt(g)"),
    ("ei_index", "rn.ei_index(g, 'site')"),
    ("block_density", "rn.block_density(g, 'site')"),
    ("centralization", "rn.centralization(g, 'indegree')"),
    ("degree", "rn.degree(g)"),
    ("betweenness exact", "rn.betweenness(g)"),
    ("betweenness sampled", "rn.betweenness(g, samples=50, seed=1)"),
    ("betweenness weighted", "rn.betweenness(g, weighted=True)"),
    ("harmonic_closeness", "rn.harmonic_closeness(g)"),
    ("pagerank", "rn.pagerank(g)"),
    ("hubs_authorities", "rn.hubs_authorities(g)"),
    ("structural_holes", "rn.structural_holes(g)"),
    ("brokerage", "rn.brokerage(g, 'site')"),
    ("articulation_points", "rn.articulation_points(g)"),
    ("bridges", "rn.bridges(g)"),
    ("fragmentation", "rn.fragmentation(g)"),
    ("compactness", "rn.compactness(g)"),
    ("node_metrics", "rn.node_metrics(g, 'site')"),
    ("network_metrics", "rn.network_metrics(g)"),
    ("group_metrics", "rn.group_metrics(g, 'team')"),
]

CHILD = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
start = time.perf_counter()
import relnet as rn
out = {"import relnet": time.perf_counter() - start}
t = time.perf_counter()
s = rn.synth.health_system(STAFF, seed=1)
trust = s.nominations[(s.nominations["relation"] == "trust") & (s.nominations["wave"] == 1)]
g = rn.Network.from_edges(trust["respondent"], trust["nominee"], weight=trust["weight"],
                          nodes=s.roster.set_index("id"))
out["synth + Network"] = time.perf_counter() - t
calls = {}
for label, code in BATTERY:
    t = time.perf_counter()
    try:
        eval(code, {"rn": rn, "g": g})
        calls[label] = time.perf_counter() - t
    except Exception as error:  # a measure that has not landed or fails: say so, go on
        calls[label] = repr(error)[:200]
out["calls"] = calls
print(json.dumps(out))
"""


def run_case(cache_dir: str, staff: int) -> dict:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    code = CHILD.replace("STAFF", str(staff)).replace("BATTERY", repr(BATTERY))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process wall"] = wall
    calls = result["calls"]
    result["battery"] = sum(v for v in calls.values() if isinstance(v, float))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="relnet_numba_cache_") as cache:
        cold = run_case(cache, args.staff)
        warm = run_case(cache, args.staff)
    print(f"{'':<24}{'cold s':>10}{'warm s':>10}")
    for key in ("import relnet", "synth + Network"):
        print(f"{key:<24}{cold[key]:>10.2f}{warm[key]:>10.2f}")
    for label, _ in BATTERY:
        c, w = cold["calls"][label], warm["calls"][label]
        if isinstance(c, float) and isinstance(w, float):
            print(f"  {label:<22}{c:>10.2f}{w:>10.2f}")
        else:
            print(f"  {label:<22}  not run: {c if not isinstance(c, float) else w}")
    for key in ("battery", "process wall"):
        print(f"{key:<24}{cold[key]:>10.2f}{warm[key]:>10.2f}")
    first = warm["synth + Network"] + warm["battery"]
    met = first <= TARGET_WARM_SECONDS
    print(
        f"warm first call of the battery (Network build + every measure): {first:.2f} s; "
        f"target {TARGET_WARM_SECONDS:.0f} s {'met' if met else 'MISSED'}"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{dt.date.today().isoformat()}-{platform.node()}-compile.json"
    path.write_text(
        json.dumps(
            {
                "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "command": "python benchmarks/compile_cost.py "
                + " ".join(sys.argv[1:] if argv is None else argv),
                "staff": args.staff,
                "load_average": os.getloadavg(),
                "cold": cold,
                "warm": warm,
                "warm_first_battery_seconds": first,
                "target_met": met,
            },
            indent=1,
        )
    )
    print(f"# wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
