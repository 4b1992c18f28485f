"""Ingestion speed and memory: relnet.read_survey beside pandas.read_csv of the same file.

A long CSV (respondent, nominee, relation, wave, weight) of ``RELNET_BENCH_INGEST_ROWS`` rows
(default 200,000) over a roster of ``RELNET_BENCH_INGEST_PEOPLE`` people (default rows / 10) is
written once to a temporary folder. Ids are integers like relnet.synth's; set
``RELNET_BENCH_INGEST_IDS=str`` for text ids (``S0000001``).

Run the side-by-side comparison (each reader in a fresh process after a tiny warm-up call,
peak RSS above the post-import baseline; one cold first call is shown apart)::

    .venv/bin/python benchmarks/bench_ingest.py
    RELNET_BENCH_INGEST_ROWS=10000000 .venv/bin/python benchmarks/bench_ingest.py

Each reader runs ``RELNET_BENCH_INGEST_REPEAT`` times (default 3), alternating, in fresh
processes; the best time of each is compared (the machine is shared).

or through pytest-benchmark (small size)::

    .venv/bin/pytest benchmarks/bench_ingest.py --benchmark-enable -q

Target (issue 3): read_survey at most 2x pandas.read_csv's time and at most 3x the file size in
peak memory.

Closest-name suggestions (issue 14): a 30,000-person roster with names and 400 misspelled
nominees (one letter dropped), read with ``read_survey`` so every unmatched nominee gets its
closest roster names; target under 3 s. relnet shortlists candidates with a character-trigram
index (numpy, :class:`relnet.ingest.matching.NameIndex`) and ranks them with difflib; the peer
is difflib alone on the whole roster (what relnet did before), timed on 20 of the queries and
scaled to 400::

    .venv/bin/python benchmarks/bench_ingest.py closest
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROWS = int(os.environ.get("RELNET_BENCH_INGEST_ROWS", "200000"))
PEOPLE = int(os.environ.get("RELNET_BENCH_INGEST_PEOPLE", str(max(ROWS // 10, 100))))
ID_KIND = os.environ.get("RELNET_BENCH_INGEST_IDS", "int")
REPEAT = int(os.environ.get("RELNET_BENCH_INGEST_REPEAT", "3"))
CACHE = Path(tempfile.gettempdir()) / "relnet_bench_ingest"


def make_files(rows: int = ROWS, people: int = PEOPLE, ids: str = ID_KIND) -> tuple[Path, Path]:
    """Write (once) a long nominations CSV and its roster; return their paths."""
    import pyarrow as pa
    from pyarrow import csv

    folder = CACHE / f"{rows}_{people}_{ids}"
    noms, roster = folder / "nominations.csv", folder / "roster.csv"
    if noms.exists() and roster.exists():
        return noms, roster
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    person = np.arange(1, people + 1)

    def label(values: np.ndarray) -> pa.Array:
        if ids == "str":
            return pa.array(np.char.add("S", np.char.zfill(values.astype(str), 7)))
        return pa.array(values)

    site = rng.integers(1, 21, people)
    csv.write_csv(
        pa.table(
            {
                "id": label(person),
                "site": pa.array(np.char.add("site_", site.astype(str))),
                "team": rng.integers(1, people // 10 + 2, people),
                "role": pa.array(np.array(["nurse", "physician", "manager", "admin"])[site % 4]),
            }
        ),
        roster,
    )
    # respondents in blocks (as a survey export is), about 10 nominations each
    respondent = np.sort(rng.integers(1, people + 1, rows))
    offset = rng.integers(1, 50, rows) * rng.choice([-1, 1], rows)
    nominee = (respondent - 1 + offset) % people + 1
    table = pa.table(
        {
            "respondent": label(respondent),
            "nominee": label(nominee),
            "relation": pa.array(np.array(["trust", "advice"])[rng.integers(0, 2, rows)]),
            "wave": rng.integers(1, 3, rows),
            "weight": rng.integers(1, 6, rows),
        }
    )
    csv.write_csv(table, noms, csv.WriteOptions(batch_size=1 << 20))
    return noms, roster


WORKLOAD = r"""
import json, resource, sys, time
import pandas as pd
import relnet as rn
import pyarrow.csv  # noqa: F401  (import costs stay outside the measurement)
import relnet.survey  # noqa: F401
from relnet.ingest import core  # noqa: F401

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()

noms, roster, what, kind = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
if what == "relnet":
    # warm: numba's one-time start-up (~1 s, paid once a process by any relnet kernel) and
    # the kernels' cache loads happen on a 300-row survey file with the same kind of ids
    # (read as text from a file: plain numbers use the digit kernel, other text the byte
    # hash-table kernels), outside the measurement
    import os, tempfile, warnings
    warnings.simplefilter("ignore")
    folder = tempfile.mkdtemp()
    ids = [f"S{i}" if kind == "str" else str(i) for i in range(1, 301)]
    tiny = pd.DataFrame({"respondent": ids, "nominee": ids[1:] + ids[:1], "wave": 1})
    tiny.to_csv(os.path.join(folder, "n.csv"), index=False)
    pd.DataFrame({"id": ids}).to_csv(os.path.join(folder, "r.csv"), index=False)
    rn.read_survey(os.path.join(folder, "n.csv"), roster=os.path.join(folder, "r.csv"))
elif what == "pandas":
    import io
    pd.read_csv(io.StringIO("a,b\n1,2\n"))
before = rss()
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu0 = usage.ru_utime + usage.ru_stime
start = time.perf_counter()
if what == "pandas":
    frame = pd.read_csv(noms)
    n = len(frame)
else:  # relnet, relnet_cold
    survey = rn.read_survey(noms, roster=roster)
    n = survey.report.counts["input"]
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime - cpu0
peak = usage.ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_bytes": max(peak - before, 0), "rows": n}))
"""


def measure(what: str, noms: Path, roster: Path) -> dict:
    """Run one reader in a fresh process; time and peak RSS above the post-import baseline."""
    out = subprocess.run(
        [sys.executable, "-c", WORKLOAD, str(noms), str(roster), what, ID_KIND],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    noms, roster = make_files()
    size = noms.stat().st_size
    print(
        f"long CSV: {ROWS:,} rows, {PEOPLE:,} people ({ID_KIND} ids), "
        f"{size / 2**20:,.0f} MiB; roster {roster.stat().st_size / 2**20:,.1f} MiB"
    )
    runs: dict[str, list] = {"pandas": [], "relnet": []}
    for _ in range(REPEAT):  # alternate, so both see the same machine load
        for what in runs:
            runs[what].append(measure(what, noms, roster))
    cold = measure("relnet_cold", noms, roster)
    results = {what: min(r, key=lambda x: x["seconds"]) for what, r in runs.items()}
    for what in runs:
        times = ", ".join(f"{r['seconds']:.2f}" for r in runs[what])
        cpu = ", ".join(f"{r['cpu']:.2f}" for r in runs[what])
        print(f"  {what} runs: wall {times} s; cpu {cpu} s")
    for what, r in results.items():
        label = "pandas.read_csv" if what == "pandas" else "relnet.read_survey"
        print(
            f"{label:20s} {r['seconds']:8.2f} s (cpu {r['cpu']:6.2f} s)   "
            f"peak +{r['peak_bytes'] / 2**20:8.0f} MiB ({r['peak_bytes'] / size:.2f}x file)"
        )
    print(
        f"{'relnet, cold start':20s} {cold['seconds']:8.2f} s (cpu {cold['cpu']:6.2f} s)   "
        "(first call in a fresh process: includes numba's one-time start-up)"
    )
    cpu_ratio = min(r["cpu"] for r in runs["relnet"]) / min(r["cpu"] for r in runs["pandas"])
    print(f"cpu time ratio relnet/pandas: {cpu_ratio:.2f}")
    ratio = results["relnet"]["seconds"] / results["pandas"]["seconds"]
    memory = results["relnet"]["peak_bytes"] / size
    print(
        f"time ratio relnet/pandas: {ratio:.2f} (target <= 2);  memory: {memory:.2f}x file "
        "(target <= 3)"
    )


# ---------------------------------------------------------------- closest names (issue 14)
FIRST = (
    "ana", "ben", "cai", "dora", "emil", "fatima", "george", "hana", "ivan", "julia", "kofi",
    "lena", "marta", "nils", "olga", "pedro", "quinn", "rosa", "sven", "tariq", "uma", "viktor",
    "wen", "xavier", "yara", "zoe",
)  # fmt: skip


def misspelled_survey(n_people: int = 30_000, n_bad: int = 400, seed: int = 7) -> tuple:
    """A roster with names and a survey whose nominees are names with one letter dropped.

    Returns (nominations, roster, the roster row each nominee misspells).
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    surnames = ["".join(rng.choice(letters, rng.integers(5, 10))) for _ in range(n_people)]
    names = [f"{FIRST[i % len(FIRST)].title()} {surnames[i].title()}" for i in range(n_people)]
    roster = pd.DataFrame({"id": [f"E{i:05d}" for i in range(n_people)], "name": names})
    pick = rng.choice(n_people, n_bad, replace=False)
    cuts = rng.integers(1, 6, n_bad)
    bad = [names[i][:k] + names[i][k + 1 :] for i, k in zip(pick, cuts)]
    table = pd.DataFrame({"respondent": roster["id"].iloc[pick].to_numpy(), "nominee": bad})
    return table, roster, pick


def closest_names(n_people: int = 30_000, n_bad: int = 400) -> dict:
    """Time read_survey with closest-name suggestions; the difflib-only peer on 20 queries."""
    import difflib
    import time
    import warnings

    import relnet as rn
    from relnet.ingest.matching import normalize_name

    table, roster, pick = misspelled_survey(n_people, n_bad)
    warnings.simplefilter("ignore")
    rn.read_survey(table.head(3), roster=roster.head(50))  # warm: kernels' cache loads
    wall, cpu = time.perf_counter(), time.process_time()
    survey = rn.read_survey(table, roster=roster)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    closest = survey.report.unmatched.set_index("value")["closest"]
    # (a misspelling can be another person's exact name: matched, so not among the unmatched)
    found = sum(
        f"(id {roster['id'].iloc[i]!r})" in closest[v]
        for i, v in zip(pick, table["nominee"])
        if v in closest.index
    )
    keys = [normalize_name(n) for n in roster["name"]]
    peer = time.process_time()
    for value in table["nominee"].head(20):
        difflib.get_close_matches(normalize_name(value), keys, n=3, cutoff=0.6)
    peer = (time.process_time() - peer) / 20 * n_bad
    return {"wall": wall, "cpu": cpu, "found": found, "n_bad": len(closest), "peer_cpu": peer}


def main_closest() -> None:
    r = closest_names()
    print(
        f"closest names, 30,000 people, {r['n_bad']} unmatched misspelled nominees: read_survey "
        f"{r['wall']:.2f} s wall, {r['cpu']:.2f} s cpu (target < 3 s); right person among "
        f"the suggestions for {r['found']}/{r['n_bad']}"
    )
    print(
        f"difflib alone over the whole roster (peer, 20 queries scaled): {r['peer_cpu']:.1f} s "
        f"cpu; ratio relnet/peer {r['cpu'] / r['peer_cpu']:.3f}"
    )


def test_closest_names_small(benchmark) -> None:
    import relnet as rn

    table, roster, pick = misspelled_survey(3_000, 40)
    survey = benchmark(rn.read_survey, table, roster=roster)
    closest = survey.report.unmatched.set_index("value")["closest"]
    # each nominee is its roster name with one letter dropped: that name is suggested
    assert len(closest) >= 38
    assert all(
        f"(id {roster['id'].iloc[i]!r})" in closest[v]
        for i, v in zip(pick, table["nominee"])
        if v in closest.index
    )


# ---------------------------------------------------------------- pytest-benchmark (small)
def _small_files() -> tuple[Path, Path]:
    return make_files(min(ROWS, 200_000), min(PEOPLE, 20_000), ID_KIND)


def test_pandas_read_csv(benchmark) -> None:
    import pandas as pd

    noms, _ = _small_files()
    frame = benchmark(pd.read_csv, noms)
    assert len(frame) > 0


def test_relnet_read_survey(benchmark) -> None:
    import relnet as rn

    noms, roster = _small_files()
    survey = benchmark(rn.read_survey, noms, roster=roster)
    counts = survey.report.counts
    assert counts["input"] == counts["kept"] + counts["merged"] + counts["dropped"]


if __name__ == "__main__":
    if sys.argv[1:] == ["closest"]:
        main_closest()
    else:
        main()
