"""relnet beside igraph, NetworKit and networkx on the same synthetic health system: one table.

Usage::

    .venv/bin/python benchmarks/compare.py --sizes 1000 10000 100000 [1000000] [--repeat 3]
        [--measures dyad_census triad_census ...] [--path-size 20000] [--budget 60]

For each size the wave-1 trust layer of ``relnet.synth.health_system(size, seed=20261129)`` is
built once and converted once to each peer (not timed). Every measure in ``suite.MEASURES`` is
run by relnet and each peer that has it; the first run of each is checked against relnet's
result (equal, or within the estimator's tolerance) before it counts, then repeated up to
``--repeat`` times (a library whose first run takes longer than ``--budget`` seconds is run
once). The exact all-pairs measures (betweenness, harmonic closeness) run at the sizes up to
``--path-size`` and, when a larger size is asked for, once more at exactly ``--path-size``.

Prints one table (measure, staff, each library's median seconds, relnet/peer ratios, peak
memory) and writes ``benchmarks/results/<date>-<host>.json`` and ``.md`` beside it.
Peak memory: peak resident set (VmHWM, reset before each call) above the resident set just
before the call, on the first run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suite  # noqa: E402

PEERS = ("igraph", "networkit", "networkx")

#: (measure, staff, peer, largest relnet/peer ratio) from the metric issues
TARGETS = [
    ("dyad_census", 1_000_000, "igraph", 0.5),
    ("reciprocity", 1_000_000, "igraph", 0.5),
    ("triad_census", 1_000_000, "igraph", 1.0),
    ("components_weak", 1_000_000, "igraph", 1.0),
    ("components_strong", 1_000_000, "igraph", 1.0),
    ("core_number", 1_000_000, "igraph", 1.0),
    ("betweenness_exact", 20_000, "igraph", 0.7),
    ("constraint", 1_000_000, "igraph", 1.0),
    ("effective_size", 10_000, "networkx", 0.01),
]
PATH_MEASURES = ("betweenness_exact", "harmonic_closeness")
RESULTS = Path(__file__).resolve().parent / "results"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per call (median)")
    parser.add_argument("--measures", nargs="+", choices=sorted(suite.BY_NAME), default=None)
    parser.add_argument(
        "--path-size",
        type=int,
        default=suite.PATH_MAX,
        help="extra size for exact betweenness and harmonic closeness (0: none)",
    )
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds; slower first runs are not repeated"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for .json and .md")
    parser.add_argument("--tag", default="", help="suffix of the results file names")
    parser.add_argument("--render", type=Path, default=None, help="re-render a results .json")
    return parser.parse_args(argv)


def plan(sizes: list[int], measures: list[str], path_size: int) -> list[tuple[int, list[str]]]:
    """(size, measures to run there), smallest size first."""
    steps = {size: list(measures) for size in sizes}
    wanted = [m for m in measures if m in PATH_MEASURES]
    if path_size and wanted and max(sizes) > path_size and path_size not in steps:
        steps[path_size] = wanted
    return sorted(steps.items())


def warm_up(measures: list[str]) -> float:
    """Call every relnet measure once on a small graph: numba loads (or compiles) its kernels."""
    start = time.perf_counter()
    graphs = suite.Graphs(1000)
    for name in measures:
        suite.BY_NAME[name].relnet(graphs)
    return time.perf_counter() - start


def time_library(
    measure: suite.Measure, library: str, graphs: suite.Graphs, ref: Any, repeat: int, budget: float
) -> tuple[dict[str, Any], Any]:
    """Check then time one library on one measure; returns (record, result)."""
    if library != "relnet":
        start = time.perf_counter()
        graphs.copy(library)
        convert = time.perf_counter() - start
    else:
        convert = 0.0
    result, seconds, peak = suite.run_measured(lambda: measure.call(library, graphs))
    record: dict[str, Any] = {"peak_mib": round(peak, 1)}
    if library == "relnet":
        record["check"] = "reference"
    else:
        what = f"{measure.name} at {graphs.n_staff:,} staff, {library} vs relnet"
        try:
            record["check"] = measure.compare(library, ref, result, graphs, what)
        except suite.Mismatch as error:
            record.update(check=f"MISMATCH: {error}", seconds=[seconds], median=math.nan)
            return record, result
        record["convert_seconds"] = round(convert, 3)
    times = [seconds]
    # at least `repeat` runs; short calls repeat until about a second is spent (at most 25
    # runs), since a loaded machine makes a single millisecond timing mostly noise
    while seconds <= budget and (
        len(times) < repeat or (sum(times) < 1.0 and len(times) < max(repeat, 25))
    ):
        del result
        gc.collect()
        start = time.perf_counter()
        result = measure.call(library, graphs)
        times.append(time.perf_counter() - start)
    record["seconds"] = [round(t, 6) for t in times]
    record["median"] = suite.median(times)
    record["min"] = min(times)
    return record, result


def run(args: argparse.Namespace) -> dict[str, Any]:
    names = args.measures or [m.name for m in suite.MEASURES]
    info = suite.machine()
    print(
        f"# {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB; numba threads "
        f"{info['numba_threads']}, NetworKit threads {info['networkit_threads']}; "
        f"load average {' '.join(f'{x:.1f}' for x in info['load_average'])}",
        flush=True,
    )
    print(f"# warm-up (numba cache load or compile): {warm_up(names):.1f} s", flush=True)
    records: list[dict[str, Any]] = []
    builds: dict[int, float] = {}
    for size, measures in plan(args.sizes, names, args.path_size):
        start = time.perf_counter()
        graphs = suite.Graphs(size)
        builds[size] = round(time.perf_counter() - start, 2)
        print(
            f"# {size:,} staff: {graphs.m:,} trust arcs; synth + Network {builds[size]:.1f} s",
            flush=True,
        )
        for name in measures:
            measure = suite.BY_NAME[name]
            record: dict[str, Any] = {
                "measure": name,
                "staff": size,
                "arcs": graphs.m,
                "note": measure.note,
                "libraries": {},
            }
            ref = None
            if all(measure.skip_reason(peer, size) for peer in measure.peers):
                record["libraries"]["relnet"] = {"skipped": f"no peer runs {name} at {size:,}"}
                records.append(record)
                print(format_row(record), flush=True)
                continue
            for library in measure.libraries():
                reason = measure.skip_reason(library, size)
                if reason is not None:
                    record["libraries"][library] = {"skipped": reason}
                    continue
                if library != "relnet" and ref is None:
                    record["libraries"][library] = {"skipped": "no relnet result to check"}
                    continue
                entry, result = time_library(
                    measure, library, graphs, ref, args.repeat, args.budget
                )
                if library == "relnet":
                    ref = result
                del result
                record["libraries"][library] = entry
                gc.collect()
            records.append(record)
            print(format_row(record), flush=True)
        del graphs
        gc.collect()
    info["load_average_end"] = os.getloadavg()
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "python benchmarks/compare.py " + " ".join(sys.argv[1:]),
        "machine": info,
        "settings": {
            "seed": suite.SEED,
            "repeat": args.repeat,
            "budget_seconds": args.budget,
            "samples": suite.SAMPLES,
            "approx_epsilon": suite.APPROX_EPSILON,
            "path_size": args.path_size,
            "memory": "peak RSS (VmHWM, reset per call) above RSS before the call; first run",
        },
        "build_seconds": builds,
        "records": records,
    }


def _seconds(entry: dict[str, Any] | None) -> str:
    if entry is None:
        return ""
    if "skipped" in entry:
        return "skip"
    if str(entry.get("check", "")).startswith("MISMATCH"):
        return "MISMATCH"
    return _fmt(entry["median"])


def _fmt(value: float) -> str:
    if value is None or math.isnan(value):
        return ""
    if value >= 100:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"


def _ratio(rel: dict[str, Any] | None, peer: dict[str, Any] | None) -> str:
    if not rel or not peer or "median" not in rel or "median" not in peer:
        return ""
    if math.isnan(rel["median"]) or math.isnan(peer["median"]) or peer["median"] <= 0:
        return ""
    ratio = rel["median"] / peer["median"]
    return f"{ratio:.2g}" if ratio < 0.1 else f"{ratio:.2f}"


def _mib(entry: dict[str, Any] | None) -> str:
    if not entry or "peak_mib" not in entry:
        return ""
    return f"{entry['peak_mib']:.0f}"


HEADER = (
    "measure",
    "staff",
    "relnet s",
    "igraph s",
    "rn/ig",
    "networkit s",
    "rn/nk",
    "networkx s",
    "rn/nx",
    "peak MiB rn/ig/nk/nx",
)


def row_cells(record: dict[str, Any]) -> list[str]:
    libs = record["libraries"]
    rel = libs.get("relnet")
    cells = [record["measure"], f"{record['staff']:,}", _seconds(rel)]
    for peer in PEERS:
        cells += [_seconds(libs.get(peer)), _ratio(rel, libs.get(peer))]
    cells.append("/".join(_mib(libs.get(lib)) or "-" for lib in ("relnet", *PEERS)))
    return cells


def format_row(record: dict[str, Any]) -> str:
    widths = (22, 10, 10, 10, 7, 12, 7, 11, 7, 22)
    return "".join(f"{c:>{w}}" if i else f"{c:<{w}}" for i, (c, w) in enumerate(
        zip(row_cells(record), widths)))  # fmt: skip


def markdown(results: dict[str, Any]) -> str:
    info = results["machine"]
    lines = [
        f"Run {results['date']} on {info['host']}: {info['cpu']}, {info['cores']} cores, "
        f"{info['memory_gib']} GiB; numba {info['numba_threads']} threads, NetworKit "
        f"{info['networkit_threads']}; load average at start "
        f"{' '.join(f'{x:.1f}' for x in info['load_average'])}.",
        "",
        f"Command: `{results['command']}`",
        "",
        "Median seconds; rn/xx = relnet median / peer median (below 1: relnet faster); "
        "peak MiB = peak RSS above the RSS before the call (first run), relnet/igraph/"
        "NetworKit/networkx.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(HEADER))) + "|",
    ]
    reasons: dict[str, None] = {}
    mismatches = []
    for record in results["records"]:
        lines.append("| " + " | ".join(row_cells(record)) + " |")
        for entry in record["libraries"].values():
            if "skipped" in entry:
                reasons[entry["skipped"]] = None
            if str(entry.get("check", "")).startswith("MISMATCH"):
                mismatches.append(entry["check"])
    lines += ["", "Targets of the metric issues (relnet/peer median ratio):", ""]
    lines += ["| measure | staff | peer | target | ratio | |", "|---|---:|---|---:|---:|---|"]
    for name, staff, peer, limit, ratio in target_rows(results):
        verdict = "no run" if ratio is None else ("met" if ratio <= limit else "**MISSED**")
        shown = "" if ratio is None else (f"{ratio:.2g}" if ratio < 0.1 else f"{ratio:.2f}")
        lines.append(f"| {name} | {staff:,} | {peer} | <= {limit} | {shown} | {verdict} |")
    if reasons:
        lines += ["", "Skipped:", ""] + [f"- {r}" for r in reasons]
    if mismatches:
        lines += ["", "Mismatches:", ""] + [f"- {m}" for m in mismatches]
    return "\n".join(lines) + "\n"


def target_rows(results: dict[str, Any]) -> list[tuple[str, int, str, float, float | None]]:
    rows = []
    for name, staff, peer, limit in TARGETS:
        ratio = None
        for record in results["records"]:
            if record["measure"] == name and record["staff"] == staff:
                rel, other = record["libraries"].get("relnet"), record["libraries"].get(peer)
                text = _ratio(rel, other)
                ratio = float(text) if text else None
        rows.append((name, staff, peer, limit, ratio))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render is not None:  # re-render the Markdown of an earlier run
        results = json.loads(args.render.read_text())
        args.render.with_suffix(".md").write_text(markdown(results))
        print(markdown(results))
        return 0
    print("".join(f"{h:>{w}}" if i else f"{h:<{w}}" for i, (h, w) in enumerate(
        zip(HEADER, (22, 10, 10, 10, 7, 12, 7, 11, 7, 22)))))  # fmt: skip
    results = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"{dt.date.today().isoformat()}-{platform.node() or 'machine'}"
    if args.tag:
        stem += f"-{args.tag}"
    (args.out / f"{stem}.json").write_text(json.dumps(results, indent=1, default=float))
    (args.out / f"{stem}.md").write_text(markdown(results))
    print(f"# wrote {args.out / stem}.json and .md")
    mismatched = any(
        str(e.get("check", "")).startswith("MISMATCH")
        for r in results["records"]
        for e in r["libraries"].values()
    )
    return 1 if mismatched else 0


if __name__ == "__main__":
    raise SystemExit(main())
