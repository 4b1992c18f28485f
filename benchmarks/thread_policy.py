"""Before/after table for the thread policy (``relnet.threads.kernel_chunks``).

Times a battery of measures on the synthetic trust layer at several sizes (best of R runs,
wall and process CPU), writes them to a JSON file, and with ``--against OLD.json`` prints the
ratio new/old per measure and size. Run once on the old code and once on the new, in the same
sitting::

    .venv/bin/python benchmarks/thread_policy.py --out before.json
    .venv/bin/python benchmarks/thread_policy.py --out after.json --against before.json

``--interleaved`` instead times each measure with the threshold forced to serial and to
parallel, alternating in one process, so both see the same load::

    .venv/bin/python benchmarks/thread_policy.py --interleaved --sizes 100000 300000
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
from suite import Graphs

import relnet as rn

BATTERY = {
    "dyad_census": lambda g: rn.dyad_census(g),
    "reciprocity": lambda g: rn.reciprocity(g),
    "node_reciprocity": lambda g: rn.node_reciprocity(g),
    "triad_census": lambda g: rn.triad_census(g),
    "structural_holes": lambda g: rn.structural_holes(g),
    "transitivity": lambda g: rn.transitivity(g),
    "clustering": lambda g: rn.clustering(g),
    "core_number": lambda g: rn.core_number(g),
    "pagerank": lambda g: rn.pagerank(g),
    "betweenness_256": lambda g: rn.betweenness(g, samples=min(256, g.n), seed=1),
    "harmonic_closeness": lambda g: rn.harmonic_closeness(g),
    "compactness": lambda g: rn.compactness(g),
}


def best_of(fn, repeats: int) -> tuple[float, float]:
    """(best wall seconds, best process CPU seconds) over ``repeats`` calls after a warm-up."""
    fn()
    walls, cpus = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


INTERLEAVED = ("dyad_census", "triad_census", "pagerank", "structural_holes", "transitivity",
               "clustering")  # fmt: skip


def interleaved(sizes: list[int], repeats: int) -> None:
    """Serial against parallel for each measure, in the same process and sitting."""
    import relnet.threads as threads

    for n in sizes:
        g = Graphs(n).g
        print(f"staff {n:,}, arcs {g.m:,}")
        for name in INTERLEAVED:
            fn = BATTERY[name]
            best = {}
            for label, threshold in (("serial", 10**15), ("parallel", 0)):
                threads.SERIAL_BELOW = threshold
                best[label] = best_of(lambda fn=fn, g=g: fn(g), repeats)[0] * 1e3
            print(
                f"  {name:18s} serial {best['serial']:8.2f} ms  parallel {best['parallel']:8.2f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out")
    parser.add_argument("--interleaved", action="store_true")
    parser.add_argument("--against")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.interleaved:
        interleaved(args.sizes, min(args.repeats, 5))
        return
    if not args.out:
        parser.error("--out is required (or pass --interleaved)")
    results: dict[str, dict[str, list[float]]] = {}
    for n in args.sizes:
        g = Graphs(n).g
        for name, fn in BATTERY.items():
            if name == "harmonic_closeness" and n > 20_000:
                continue
            if name == "compactness" and n > 20_000:
                continue
            repeats = args.repeats if n <= 10_000 else 3
            results.setdefault(name, {})[str(n)] = list(best_of(lambda fn=fn, g=g: fn(g), repeats))
            print(f"{name:20s} {n:>8d}  wall {results[name][str(n)][0] * 1e3:9.2f} ms", flush=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
    if args.against:
        with open(args.against) as f:
            old = json.load(f)
        print(f"\n{'measure':20s} {'staff':>8s} {'old ms':>9s} {'new ms':>9s} {'new/old':>8s}")
        for name, by_size in results.items():
            for n, (wall, _) in by_size.items():
                before = old.get(name, {}).get(n, [np.nan])[0]
                print(
                    f"{name:20s} {n:>8s} {before * 1e3:9.2f} {wall * 1e3:9.2f} {wall / before:8.2f}"
                )


if __name__ == "__main__":
    main()
