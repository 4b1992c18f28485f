"""End to end: a survey export on disk to a linked, modelled outcome table, stage by stage.

Usage::

    .venv/bin/python benchmarks/e2e.py [--staff 1000000] [--samples 500] [--keep DIR]

Stages (wall time and peak resident set of each):

0. ``export`` (not part of the target): ``relnet.synth.health_system(staff, seed=20261129)``
   written as CSV (``nominations.csv``: respondent, nominee, relation, wave, weight, both
   relations; ``roster.csv``: id, site, unit, team, role, responded).
1. ``read_survey``: ``rn.read_survey(nominations.csv, roster=roster.csv, ...)``.
2. ``network``: ``survey.network("trust", wave=1)``.
3. ``node_metrics``: ``rn.node_metrics(g, samples=...)`` (sampled betweenness and closeness).
4. ``group_metrics``: ``rn.group_metrics(g, "site")`` and ``rn.group_metrics(g, "team")``.
5. ``link_outcomes``: each joined to synth's site and team outcome tables.
6. ``associate``: team fidelity ~ density + reciprocity (OLS, HC3) and team adopters out of
   size ~ density + reciprocity (binomial logit), clustered by site.

Target (issue 9): stages 1-6 under 5 minutes and under 8 GiB peak on the 2-core machine.
Peak memory is the process's peak resident set (VmHWM, reset at the start of each stage), in
GiB, and the rise above the resident set at the stage's start. Results go to
``benchmarks/results/<date>-<host>-e2e-<staff>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suite  # noqa: E402

import relnet as rn  # noqa: E402

TARGET_SECONDS = 300.0
TARGET_GIB = 8.0
RESULTS = Path(__file__).resolve().parent / "results"


class Stages:
    """Times and peak memory of named stages."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def run(self, name: str, fn, *args, **kwargs) -> Any:
        can_reset = suite._reset_peak()
        before = suite._status_kib("VmRSS")
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = fn(*args, **kwargs)
        seconds = time.perf_counter() - start
        peak = suite._status_kib("VmHWM") if can_reset else suite._status_kib("VmRSS")
        row = {
            "stage": name,
            "seconds": round(seconds, 2),
            "peak_rss_gib": round(peak / 2**20, 2),
            "rise_gib": round(max(peak - before, 0) / 2**20, 2),
        }
        self.rows.append(row)
        print(
            f"{name:<24}{row['seconds']:>10.2f} s{row['peak_rss_gib']:>10.2f} GiB peak"
            f"{row['rise_gib']:>8.2f} GiB rise",
            flush=True,
        )
        return result


def export(staff: int, folder: Path) -> tuple[Path, Path, dict]:
    system = rn.synth.health_system(staff, seed=suite.SEED)
    noms, roster = folder / "nominations.csv", folder / "roster.csv"
    system.nominations.to_csv(noms, index=False)
    system.roster.to_csv(roster, index=False)
    return noms, roster, system.outcomes


def link(groups: Any, outcomes: Any, key: str) -> Any:
    """Join, keeping the outcome columns the network table does not have."""
    keep = [key] + [c for c in outcomes.columns if c != key and c not in groups.columns]
    return rn.link_outcomes(groups, outcomes[keep], on=key, warn=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=500, help="sources for betweenness")
    parser.add_argument("--keep", type=Path, default=None, help="write the export here")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="relnet_e2e_"))
    folder.mkdir(parents=True, exist_ok=True)
    info = suite.machine()
    print(
        f"# {args.staff:,} staff; {info['cpu']}, {info['cores']} cores; load {info['load_average']}"
    )
    stages = Stages()
    try:
        noms, roster, outcomes = stages.run("export (untargeted)", export, args.staff, folder)
        mb = (noms.stat().st_size + roster.stat().st_size) / 2**20
        print(f"# export: {mb:.0f} MiB of CSV in {folder}", flush=True)
        start = time.perf_counter()
        survey = stages.run(
            "read_survey",
            rn.read_survey,
            noms,
            roster=roster,
            respondent="respondent",
            nominee="nominee",
            relation="relation",
            wave="wave",
            weight="weight",
        )
        g = stages.run("network", survey.network, "trust", wave=1)
        people = stages.run("node_metrics", rn.node_metrics, g, samples=args.samples, seed=0)
        sites = stages.run("group_metrics site", rn.group_metrics, g, "site")
        teams = stages.run("group_metrics team", rn.group_metrics, g, "team")
        site_table = stages.run("link_outcomes site", link, sites, outcomes["site"], "site")
        team_table = stages.run("link_outcomes team", link, teams, outcomes["team"], "team")
        if "site" not in team_table.columns:
            team_table = team_table.assign(site=team_table.index.map(_team_site(survey)))
        fidelity = stages.run(
            "associate fidelity ols",
            rn.associate,
            team_table,
            "fidelity",
            ["density", "reciprocity"],
            model="ols",
            by="site",
        )
        adoption = stages.run(
            "associate adopters logit",
            rn.associate,
            team_table,
            "adopters",
            ["density", "reciprocity"],
            model="logit",
            trials="size",
            by="site",
        )
        total = time.perf_counter() - start
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    peak = max(r["peak_rss_gib"] for r in stages.rows[1:])
    ok_time, ok_mem = total <= TARGET_SECONDS, peak <= TARGET_GIB
    print(
        f"{'read_survey..associate':<24}{total:>10.2f} s{peak:>10.2f} GiB peak   "
        f"target {TARGET_SECONDS:.0f} s: {'met' if ok_time else 'MISSED'}, "
        f"{TARGET_GIB:.0f} GiB: {'met' if ok_mem else 'MISSED'}"
    )
    print(f"# {g.n:,} people, {g.m:,} trust arcs; {len(people):,} person rows, "
          f"{len(sites)} sites ({len(site_table)} linked), {len(teams):,} teams "
          f"({len(team_table):,} linked)")  # fmt: skip
    print(fidelity.to_string(index=False))
    print(adoption.to_string(index=False))
    recovered = planted_recovered(fidelity, adoption)
    print(f"# planted effects inside the 95% intervals: {recovered}")
    results = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "python benchmarks/e2e.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": info,
        "staff": args.staff,
        "arcs": g.m,
        "samples": args.samples,
        "stages": stages.rows,
        "total_seconds": round(total, 2),
        "peak_rss_gib": peak,
        "targets": {"seconds": TARGET_SECONDS, "gib": TARGET_GIB, "met": ok_time and ok_mem},
        "planted_recovered": recovered,
        "fidelity": fidelity.to_dict("records"),
        "adoption": adoption.to_dict("records"),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{dt.date.today().isoformat()}-{platform.node()}-e2e-{args.staff}.json"
    path.write_text(json.dumps(results, indent=1, default=str))
    print(f"# wrote {path}")
    return 0


def planted_recovered(fidelity: Any, adoption: Any) -> dict[str, bool]:
    """Whether each planted coefficient of synth.OUTCOME_MODEL lies in the estimate's CI."""
    out = {}
    for name, table in (("fidelity", fidelity), ("adoption", adoption)):
        rows = table.set_index("term")
        for term in ("density", "reciprocity"):
            truth = rn.synth.OUTCOME_MODEL[name][term]
            out[f"{name} {term} {truth}"] = bool(
                rows.loc[term, "ci_low"] <= truth <= rows.loc[term, "ci_high"]
            )
    return out


def _team_site(survey: Any) -> dict:
    """team -> site, from the roster (teams are nested in sites)."""
    nodes = survey.nodes
    return dict(zip(nodes["team"], nodes["site"]))


if __name__ == "__main__":
    raise SystemExit(main())
