"""The ``relnet`` command: parse arguments, call the public API, print.

Heavy modules (pandas, numba kernels) are imported by the command that needs them, so
``relnet --help`` answers at once. A user error never shows a Python traceback: the command
prints one line ``relnet: error: ...`` on stderr and exits 2 for bad arguments or input
(unreadable or malformed files, unknown columns, bad patterns, an ``--out`` that cannot be
written), 1 for other failures; ``--debug`` shows the traceback instead. Exit 0 is success.
Errors name the command's flags (``--relation``), not the Python keywords behind them.

Every command takes ``--scheduler tcp://host:8786`` or ``--workers N`` to run its batchable
work on a Dask cluster (:func:`relnet.distributed`), and reports each stage on stderr: a bar
on a terminal, one plain line per stage (counts and elapsed seconds) otherwise.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, NoReturn

from relnet.errors import DataRepairWarning, MissingDependencyError, RelnetError

EXAMPLE_DIR = "datasets/example_health_system"
EXIT_INPUT = 2  # bad arguments or input
EXIT_FAILURE = 1  # anything else
#: A file relnet writes into every output folder it made, so a later run may replace it.
MARKER = ".relnet-output"

MISSING_HELP = (
    "non-respondents' unobserved ties: 'ignore' counts them as absent (the library default, "
    "as networkx and igraph), 'observed' counts only cells whose sender responded (R sna "
    "with NA rows), 'reconstruct' imputes i->j from j->i (Stork & Richards 1992)"
)


class ArgumentParser(argparse.ArgumentParser):
    """argparse with relnet's one-line errors (``relnet: error: ...``, exit 2)."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.replace("relnet", "", 1).strip()
        hint = f" (see relnet {command} --help)" if command else " (see relnet --help)"
        print(f"relnet: error: {one_line(message)}{hint}", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


def one_line(message: object) -> str:
    """A message on one line (a multi-line error's lines joined with "; ")."""
    lines = [part.strip() for part in str(message).splitlines() if part.strip()]
    return "; ".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Examples
    --------
    >>> main(["summary", "/no/such/folder/noms.csv"])  # doctest: +SKIP
    relnet: error: nominations file '/no/such/folder/noms.csv' does not exist. Check the path.
    2
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    if args.debug:
        with _cluster(args):
            return args.run(args)
    try:
        with _cluster(args):
            return args.run(args)
    except MissingDependencyError as error:
        return _fail(error, EXIT_FAILURE)
    except RelnetError as error:
        # relnet's errors are about the input: a file, a column, a value, an argument
        return _fail(as_flags(str(error)), EXIT_INPUT)
    except KeyboardInterrupt:
        print("relnet: interrupted", file=sys.stderr)
        return 130
    except OSError as error:  # writing the output (disk full, permission)
        where = f" {error.filename!r}" if getattr(error, "filename", None) else ""
        return _fail(f"cannot write{where}: {error.strerror or error}", EXIT_FAILURE)
    except Exception as error:  # a bug: say so in one line, the traceback is one flag away
        return _fail(
            f"unexpected {type(error).__name__}: {error} (run again with --debug to see the "
            "traceback, and please report it)",
            EXIT_FAILURE,
        )


#: Python keyword -> the CLI flag that sets it.
FLAGS = {
    "nominees": "--nominees", "respondent": "--respondent", "nominee": "--nominee",
    "relation": "--relation", "relations": "--relation", "weight": "--weight",
    "wave": "--wave", "waves": "--wave", "duplicates": "--duplicates", "unknown": "--unknown",
    "layout": "--layout", "strict": "--strict", "by": "--by", "missing": "--missing",
    "on": "--on", "outcome_columns": "--outcome", "predictors": "--predictor",
    "max_nodes": "--max-nodes", "min_group_size": "--min-group-size", "labels": "--labels",
    "k": "--k", "m": "--m", "objective": "--objective", "direction": "--direction",
    "per_group": "--per-group", "n_starts": "--starts", "n_runs": "--runs",
    "threshold": "--threshold", "p": "--p", "model": "--simulate", "seed": "--seed",
    "method": "--method", "resolution": "--resolution", "n_workers": "--workers",
}  # fmt: skip
_CALL = re.compile(r"survey\.network\((\w+)=\.\.\.\)(, or use survey\.networks\(\) for all)?")
_KEYWORD = re.compile(r"(?<![\w.\-'\"])(" + "|".join(sorted(FLAGS, key=len, reverse=True)) + r")=")


def as_flags(message: str) -> str:
    """Name the command's flags, not the Python arguments (``per_group=`` -> ``--per-group``).

    Examples
    --------
    >>> as_flags("per_group='team' has 12 groups among the candidates but k=10")
    "--per-group 'team' has 12 groups among the candidates but --k 10"
    >>> as_flags("name one: survey.network(relation=...), or use survey.networks() for all.")
    'name one with --relation.'
    >>> as_flags("strict=True and 1 row would be dropped; fix it, or pass strict=False.")
    '--strict and 1 row would be dropped; fix it, or leave out --strict.'
    """
    message = _CALL.sub(lambda hit: f"with {FLAGS.get(hit.group(1), '--' + hit.group(1))}", message)
    message = message.replace("name one: with", "name one with")
    # on/off switches are flags without a value
    message = message.replace("pass strict=False", "leave out --strict").replace(
        "strict=True", "--strict"
    )
    return _KEYWORD.sub(lambda hit: FLAGS[hit.group(1)] + " ", message)


def _fail(error: object, code: int) -> int:
    print(f"relnet: error: {one_line(error)}", file=sys.stderr)
    return code


def _cluster(args: argparse.Namespace):
    """``rn.distributed(...)`` around a command given ``--scheduler`` or ``--workers``."""
    scheduler = getattr(args, "scheduler", None)
    workers = getattr(args, "workers", None)
    if scheduler is None and workers is None:
        return nullcontext()
    if scheduler is not None and workers is not None:
        raise UsageError(
            "--scheduler and --workers do not go together: --workers starts a local cluster, "
            "--scheduler uses a running one's workers. Pass one of them."
        )
    if workers is not None and workers < 1:
        raise UsageError(f"--workers {workers}: give 1 or more")
    from relnet.distributed import connect

    return connect(scheduler, n_workers=workers, progress=_BatchProgress(args))


class _BatchProgress:
    """Batches done on the cluster: a bar on a terminal, a line per finished call otherwise."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.quiet = getattr(args, "quiet", False)
        self.bar: Any = None
        self.start = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        if sys.stderr.isatty():
            from tqdm import tqdm

            if self.bar is None or done == 1:
                if self.bar is not None:
                    self.bar.close()
                self.bar = tqdm(total=total, desc="cluster", unit="batch", leave=False)
            self.bar.update(max(done - self.bar.n, 0))
            if done == total:
                self.bar.close()
                self.bar = None
        elif done == total:
            print(
                f"relnet: cluster: {total} batches done ({time.perf_counter() - self.start:.1f} s)",
                file=sys.stderr,
            )


# ---------------------------------------------------------------------- progress
class Stage:
    """One stage of a command: a tqdm bar on a terminal, else one line on stderr at its end.

    The line reads ``relnet: <label>: <done>/<total> <unit> in <seconds> s``. ``--quiet``
    silences both.
    """

    def __init__(self, args: argparse.Namespace, label: str, total: int | None, unit: str):
        self.label, self.total, self.unit, self.done = label, total, unit, 0
        self.quiet = getattr(args, "quiet", False)
        self.start = time.perf_counter()
        self.bar = None
        if not self.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit=unit, leave=False, file=sys.stderr)

    def __call__(self, *_: object, **__: object) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)

    def line(self, text: str) -> None:
        """A line of its own for a step (plain mode only; the bar shows it otherwise)."""
        if not self.quiet and self.bar is None:
            print(f"relnet: {text} ({time.perf_counter() - self.start:.1f} s)", file=sys.stderr)

    def close(self, ok: bool) -> None:
        if self.bar is not None:
            self.bar.close()
        if self.quiet or self.bar is not None or not ok:
            return
        total = self.total if self.total is not None else self.done
        print(
            f"relnet: {self.label}: {self.done}/{total} {self.unit} in "
            f"{time.perf_counter() - self.start:.1f} s",
            file=sys.stderr,
        )


@contextmanager
def _progress(args: argparse.Namespace, label: str, total: int | None = 1, unit: str = "step"):
    stage = Stage(args, label, total, unit)
    ok = False
    try:
        yield stage
        ok = True
    finally:
        stage.close(ok)


# ---------------------------------------------------------------------- commands
def _run_synth(args: argparse.Namespace) -> int:
    import relnet.synth as synth

    _positive(args, "staff", "sites", "waves")
    _output_folder(args.out, force=args.force, allow=True)
    with _progress(args, "simulating survey") as step:
        system = synth.health_system(
            args.staff,
            n_sites=args.sites,
            n_waves=args.waves,
            response_rate=args.response_rate,
            seed=args.seed,
        )
        step()
    paths = system.write(args.out)
    _write_example_readme(Path(args.out), args)
    print(f"wrote {len(system.roster)} staff, {len(system.nominations)} nominations to {args.out}")
    for path in paths:
        print(f"  {path}")
    return 0


def _run_summary(args: argparse.Namespace) -> int:
    survey = _read(args)
    print(summary_text(survey, missing=args.missing))
    return 0


def _run_validate(args: argparse.Namespace) -> int:
    from relnet.ingest.core import read_survey  # heavy imports wait for the command

    options = {
        "roster": args.roster,
        "layout": args.layout,
        "nominees": args.nominees,
        "relation": args.relation,
        "weight": args.weight,
        "wave": args.wave,
        "duplicates": args.duplicates,
        "unknown": args.unknown,
        "strict": args.strict,
    }
    if args.respondent:
        options["respondent"] = args.respondent
    if args.nominee:
        options["nominee"] = args.nominee
    issues_out = _output_file(args.issues_out, "--issues-out") if args.issues_out else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataRepairWarning)  # the report says it all
        survey = read_survey(args.file, **options)
    report = survey.report
    print(report)
    if args.issues and len(report.issues):
        print(report.issues.head(args.issues).to_string(index=False))
    if issues_out is not None:
        path = report.write_issues(issues_out)
        print(f"wrote {len(report.issues)} issue rows to {path}")
    return 0


def _run_metrics(args: argparse.Namespace) -> int:
    from relnet.exports import write_csv

    out = _output_file(args.out, "--out")
    if args.level == "group" and not args.by:
        raise UsageError("--level group needs --by ATTR (e.g. --by site)")
    survey = _read(args)
    _check_attribute(survey, args.by, "--by")
    graph = survey.network(args.relation, args.wave)
    with _progress(args, f"{args.level} metrics of {graph.n} people, {graph.m} ties") as step:
        if args.level == "node":
            from relnet.metrics.tables import node_metrics

            table = node_metrics(graph, by=args.by, missing=args.missing)
        elif args.level == "ego":
            from relnet.structure.ego import ego_metrics

            table = ego_metrics(graph, by=args.by, missing=args.missing)
        else:
            from relnet.metrics.groups import group_metrics

            table = group_metrics(graph, by=args.by, missing=args.missing)
        step()
    write_csv(table, out)  # spreadsheet-safe: ids beginning with = + - @ get a quote
    print(f"wrote {len(table)} rows x {table.shape[1]} columns to {out} (missing={args.missing})")
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from relnet.viz.report import report

    _positive(args, "max_nodes")
    if args.min_group_size < 0:
        raise UsageError(f"--min-group-size {args.min_group_size}: give 0 or more")
    out = _output_folder(args.out, force=args.force)
    outcomes = None
    if (args.outcome or args.on) and not args.outcomes:
        raise UsageError("--outcome and --on need --outcomes FILE (one row per group)")
    if args.predictor and not args.by:
        raise UsageError("--predictor names group measures: give --by ATTR as well")
    if args.outcomes:
        if not args.on:
            raise UsageError("--outcomes needs --on KEY (the column shared with the groups)")
        outcomes = _read_outcomes(args.outcomes)
        _check_columns(outcomes, [args.on], "--on", args.outcomes)
        if args.outcome:
            _check_columns(outcomes, args.outcome, "--outcome", args.outcomes)
            import pandas as pd

            text = [c for c in args.outcome if not pd.api.types.is_numeric_dtype(outcomes[c])]
            if text:
                raise UsageError(
                    f"--outcome {text[0]}: the column is not numeric in {args.outcomes!r}"
                )
            # the outcome table as chosen: the key and the --outcome columns, nothing else
            outcomes = outcomes[[args.on, *dict.fromkeys(c for c in args.outcome if c != args.on)]]
    if args.predictor:
        _check_predictors(args.predictor)
    survey = _read(args)
    _check_attribute(survey, args.by, "--by")
    if args.on and args.by and args.on != args.by:
        _check_attribute(survey, args.on, "--on")
    _check_choice(args.relation, survey.relations, "--relation")
    options: dict[str, Any] = {}
    if args.wave:
        options["waves"] = _waves(args.wave, survey.waves)
    if args.outcome:
        options["outcome_columns"] = list(dict.fromkeys(args.outcome))
    if args.predictor:
        options["predictors"] = list(dict.fromkeys(args.predictor))
    _prepare_folder(out)
    with _progress(args, "report", total=None, unit="steps") as stage:

        def progress(label: str, done: int, total: int) -> None:
            stage.total = total
            stage()
            stage.line(f"report [{done}/{total}] {label}")

        index = report(
            survey,
            outcomes=outcomes,
            on=args.on,
            by=args.by,
            relations=args.relation,
            out=out,
            labels=args.labels,
            min_group_size=args.min_group_size,
            missing=args.missing,
            max_nodes=args.max_nodes,
            seed=args.seed,
            progress=progress,
            **options,
        )
    print(f"report written: {index}")
    return 0


def _run_demo(args: argparse.Namespace) -> int:
    import relnet.synth as synth
    from relnet.ingest.core import read_survey
    from relnet.viz.report import report

    out = _output_folder(args.out, force=args.force, own=True)
    _prepare_folder(out)
    data = out / "data"
    with _progress(args, "simulating example survey of 300 staff") as step:
        system = synth.health_system(300, n_sites=3, n_waves=2, seed=7)
        system.write(data)
        step()
    survey = read_survey(data / "nominations.csv", roster=data / "roster.csv")
    print(summary_text(survey))
    with _progress(args, "report", total=None, unit="steps") as stage:

        def progress(label: str, done: int, total: int) -> None:
            stage.total = total
            stage()
            stage.line(f"report [{done}/{total}] {label}")

        index = report(
            survey,
            outcomes=system.outcomes["team"],
            on="team",
            outcome_columns=["fidelity", "adoption_rate"],
            by="team",
            out=out,
            missing="ignore",
            progress=progress,
        )
    print(f"\nreport written: {Path(index).resolve()}")
    print("open it in a browser; it works offline from file://")
    return 0


def _run_champions(args: argparse.Namespace) -> int:
    import numpy as np
    import pandas as pd

    from relnet.exports import write_csv
    from relnet.planning.key_players import key_players

    out = _output_file(args.out, "--out")
    _positive(args, "k", "m", "starts", "runs")
    for flag, value in (("--threshold", args.threshold), ("--p", args.p)):
        if not 0 <= value <= 1:
            raise UsageError(f"{flag} {value:g}: give a share between 0 and 1")
    survey = _read(args)
    _check_attribute(survey, args.per_group, "--per-group")
    graph = survey.network(args.relation, args.wave)
    candidates = None
    if args.respondents_only:
        candidates = list(graph.ids[np.asarray(graph.responded, dtype=bool)])
        if len(candidates) < args.k:
            raise UsageError(f"--respondents-only: {len(candidates)} respondents but --k {args.k}")
    if args.per_group:
        groups = graph.attribute(args.per_group)
        if candidates is not None:
            groups = groups.loc[candidates]
        n_groups = int(groups.nunique())
        if n_groups > args.k:
            raise UsageError(
                f"--per-group {args.per_group}: {n_groups} {args.per_group}s but --k {args.k}; "
                f"raise --k to at least {n_groups} or group more coarsely"
            )
    label = f"choosing {args.k} champions among {len(candidates or graph.ids)} people"
    with _progress(args, label) as step:
        result = key_players(
            graph,
            args.k,
            objective=args.objective,
            m=args.m,
            direction=args.direction,
            candidates=candidates,
            per_group=args.per_group,
            n_starts=args.starts,
            seed=args.seed,
        )
        step()
    table = result.gains.reset_index().rename(columns={"player": "id"})
    table = table[["pick", "id", "gain", "cumulative"]]
    if args.per_group:
        table[args.per_group] = graph.attribute(args.per_group).loc[table["id"]].to_numpy()
    write_csv(table, out, index=False)
    print(f"{result.objective} = {result.score:.3f} with {result.k} champions (m={result.m}, "
          f"direction={result.direction}); wrote {len(table)} rows to {out}")  # fmt: skip
    if result.coverage is not None:
        print(f"\ncoverage per {args.per_group}:")
        print(result.coverage.round(3).to_string())
    search = result.search
    print(
        f"\nsearch: {len(search)} starts (greedy + {len(search) - 1} random), best score "
        f"{search['score'].max():.3f}, {int(search['swaps'].sum())} swaps, "
        f"{'all converged' if bool(search['converged'].all()) else 'some stopped at max_swaps'}"
    )
    if args.simulate:
        indeg = pd.Series(np.diff(graph.t_indptr), index=graph.ids)  # nominations received
        pool = indeg if candidates is None else indeg.loc[candidates]
        top = list(pool.sort_values(ascending=False, kind="stable").index[: args.k])
        shares = {}
        with _progress(
            args, f"simulating {args.simulate} diffusion", total=2, unit="seed sets"
        ) as s:
            for name, seeds in (("champions", result.players), (f"top-{args.k} in-degree", top)):
                shares[name] = _simulate(graph, seeds, args)
                s()
        print(f"\n{args.simulate} diffusion, {args.runs} runs: final share adopted")
        for name, share in shares.items():
            print(f"  {name:<22}{share:.3f}")
    return 0


def _simulate(graph: Any, seeds: list, args: argparse.Namespace) -> float:
    from relnet.planning.diffusion import simulate_diffusion

    result = simulate_diffusion(
        graph,
        seeds,
        model=args.simulate,
        threshold=args.threshold,
        p=args.p,
        n_runs=args.runs,
        direction=args.direction,
        seed=args.seed,
    )
    return float(result.final_share)


def _run_communities(args: argparse.Namespace) -> int:
    from relnet.exports import write_csv
    from relnet.structure.communities import communities, compare_partitions
    from relnet.structure.silos import silos

    out = _output_file(args.out, "--out")
    if args.resolution <= 0:
        raise UsageError(f"--resolution {args.resolution:g}: give a positive number")
    survey = _read(args)
    _check_attribute(survey, args.by, "--by")
    graph = survey.network(args.relation, args.wave)
    with _progress(args, f"{args.method} communities of {graph.n} people") as step:
        part = communities(graph, method=args.method, resolution=args.resolution, seed=args.seed)
        step()
    table = part.to_frame("community")
    if args.by:
        table[args.by] = graph.attribute(args.by).loc[table.index].to_numpy()
    write_csv(table, out)
    sizes = part.value_counts()
    print(
        f"{len(sizes)} communities (largest {int(sizes.max())}, smallest {int(sizes.min())} "
        f"people); wrote {len(table)} rows to {out}"
    )
    if args.by:
        formal = graph.attribute(args.by)
        agree = compare_partitions(formal, part)
        print(f"agreement with --by {args.by}: NMI {agree['nmi']:.3f}, ARI {agree['ari']:.3f}")
        table = silos(graph, args.by, partition=part, seed=args.seed)
        split = int(table["split"].sum())
        print(f"\n{split} of {len(table)} {args.by}s split across communities; first rows:")
        print(table.sort_values("largest_share").head(10).round(3).to_string())
    return 0


# ---------------------------------------------------------------------- helpers
def summary_text(survey: Any, missing: str = "ignore") -> str:
    """Counts per relation and wave: people, respondents, nominations, density, out-degree."""
    from relnet.metrics.density import density

    nodes = survey.nodes
    lines = [
        f"people: {len(nodes)}",
        f"respondents: {int(nodes['responded'].sum())} ({nodes['responded'].mean():.0%})",
        "",
        f"{'relation':<14}{'wave':>6}{'nominations':>13}{'density':>10}{'mean out-degree':>17}",
    ]
    for relation in survey.relations:
        for wave in survey.waves:
            graph = survey.network(relation, wave)
            share = density(graph, missing=missing)
            respondents = max(int(graph.responded.sum()), 1)
            lines.append(
                f"{relation!s:<14}{wave!s:>6}{graph.m:>13}{share:>10.4f}"
                f"{graph.m / respondents:>17.2f}"
            )
    lines.append("")
    rule = {
        "ignore": "non-respondents' unobserved ties counted as absent",
        "observed": "only cells whose sender responded counted",
        "reconstruct": "non-respondents' ties imputed from the ties they received",
    }[missing]
    lines.append(f"missing data: --missing {missing} ({rule}); mean out-degree is per respondent.")
    return "\n".join(lines)


def _read(args: argparse.Namespace) -> Any:
    from relnet.ingest.core import read_survey

    nominations = Path(args.nominations)
    roster = args.roster
    if nominations.is_dir():
        folder = nominations
        nominations = folder / "nominations.csv"
        if roster is None and (folder / "roster.csv").exists():
            roster = folder / "roster.csv"
    return read_survey(nominations, roster=roster)


class UsageError(RelnetError):
    """Arguments that do not go together (exit code 2)."""


def _positive(args: argparse.Namespace, *names: str) -> None:
    for name in names:
        value = getattr(args, name)
        if value is not None and value < 1:
            raise UsageError(f"--{name.replace('_', '-')} {value}: give 1 or more")


def _check_attribute(survey: Any, name: str | None, flag: str) -> None:
    """``flag``'s attribute exists in the roster (checked before any work)."""
    if name is None:
        return
    have = [c for c in survey.nodes.columns if c != "responded"]
    if name not in survey.nodes.columns:
        raise UsageError(
            f"{flag} {name}: no such person attribute; the roster has "
            f"{', '.join(map(str, have)) or 'none (give --roster)'}"
        )


def _check_columns(table: Any, names: Sequence[str], flag: str, file: str) -> None:
    absent = [name for name in names if name not in table.columns]
    if absent:
        have = ", ".join(map(str, table.columns[:20]))
        raise UsageError(f"{flag} {absent[0]}: not a column of {file!r}; its columns are {have}")


def _check_choice(given: Sequence[str] | None, have: Sequence[Any], flag: str) -> None:
    for value in given or ():
        if str(value) not in {str(h) for h in have}:
            raise UsageError(
                f"{flag} {value}: not in this survey; it has {', '.join(map(str, have))}"
            )


def _waves(given: Sequence[str], have: Sequence[Any]) -> list:
    """The survey's waves named by ``--wave`` (given as text)."""
    by_text = {str(w): w for w in have}
    absent = [w for w in given if w not in by_text]
    if absent:
        raise UsageError(f"--wave {absent[0]}: not in this survey; the waves are "
                         f"{', '.join(by_text)}")  # fmt: skip
    return [by_text[w] for w in dict.fromkeys(given)]


_GROUP_MEASURES: list[str] = []


def _check_predictors(names: Sequence[str]) -> None:
    """``--predictor`` names are group measures (the columns of group_metrics)."""
    if not _GROUP_MEASURES:
        import pandas as pd

        from relnet.metrics.groups import group_metrics
        from relnet.network import Network

        nodes = pd.DataFrame({"g": ["x", "x", "x", "y"]}, index=["a", "b", "c", "d"])
        toy = Network.from_edges(["a", "b", "c", "d"], ["b", "c", "a", "a"], [1, 2, 1, 3], nodes)
        _GROUP_MEASURES.extend(group_metrics(toy, by="g", min_size=1, missing="ignore").columns)
    unknown = [n for n in names if n not in _GROUP_MEASURES]
    if unknown:
        raise UsageError(
            f"--predictor {unknown[0]}: not a group measure; choose from "
            f"{', '.join(map(str, _GROUP_MEASURES))}"
        )


def _output_file(value: str, flag: str) -> Path:
    """The file ``flag`` names, checked before any work: its folder exists, it is no folder."""
    path = Path(value)
    if path.is_dir():
        raise UsageError(f"{flag} {value!r} is a folder; give a file name such as {value}/out.csv")
    folder = path.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise UsageError(f"{flag} {value!r}: the folder {str(folder)!r} {what}; create it first")
    return path


def _output_folder(
    value: str, *, force: bool = False, allow: bool = False, own: bool = False
) -> Path:
    """The folder ``--out`` names, checked before any work.

    Not a file; its parent exists; when it exists and is not empty, ``force`` must be
    given (or, with ``own``, it is an earlier relnet output: it holds :data:`MARKER`), and
    it must not be a folder that holds the working directory, a home folder or a git
    repository. ``allow``: writing into a non-empty folder is fine (files are added,
    nothing is removed).
    """
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {value!r} is a file; give a folder (it is made if missing)")
    parent = path.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"--out {value!r}: the folder {str(parent)!r} does not exist")
    if path.is_dir() and any(path.iterdir()) and not allow:
        resolved = path.resolve()
        if (
            resolved in (Path.cwd().resolve(), *Path.cwd().resolve().parents)
            or resolved == Path.home().resolve()
            or (resolved / ".git").exists()
            or resolved == Path(resolved.anchor)
        ):
            raise UsageError(
                f"--out {value!r} holds the working folder, a home folder or a repository; "
                "give a new folder for the output"
            )
        if not force and not (own and (path / MARKER).exists()):
            raise UsageError(
                f"--out {value!r} exists and is not empty; give a new folder, or --force to "
                "delete its contents and write there"
            )
    return path


def _prepare_folder(path: Path) -> None:
    """Empty an existing output folder (checked by :func:`_output_folder`), mark it as ours."""
    if path.is_dir() and any(path.iterdir()):
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).write_text("written by relnet; a later run may replace this folder\n")


def _read_outcomes(value: str) -> Any:
    """The outcome table, read like a roster (errors name the file; types as in the file)."""
    from relnet.ingest.readers import read_table

    table, _ = read_table(value, what="outcomes", id_columns=lambda names: [])
    return table.to_pandas()


def _write_example_readme(folder: Path, args: argparse.Namespace) -> None:
    command = (
        f"relnet synth --staff {args.staff} --sites {args.sites} --waves {args.waves} "
        f"--seed {args.seed} --out {args.out}"
    )
    (folder / "README.md").write_text(
        "# Synthetic health-system survey\n\n"
        "Made by relnet.synth (no real people). Regenerate with:\n\n"
        f"```\n{command}\n```\n\n"
        "- `nominations.csv`: respondent, nominee, relation (trust, advice), wave, weight (1-5)\n"
        "- `roster.csv`: id, site, unit, team, role, responded\n"
        "- `outcomes_team.csv`, `outcomes_site.csv`, `outcomes_person.csv`: planted outcomes\n"
        "  (see `relnet.synth.OUTCOME_MODEL` for how they depend on trust structure)\n"
    )


def _version() -> str:
    from relnet import __version__

    return f"relnet {__version__}"


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="relnet",
        description="Relational network analysis for implementation science.",
        epilog="Example: relnet demo --out relnet-report",
    )
    parser.add_argument("--version", action="version", version=_version(),
                        help="print relnet's version and exit")  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no progress bars or lines")
    parser.add_argument(
        "--debug", action="store_true", help="show the Python traceback of an error"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)

    def command(name: str, run: Callable, help: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help,
            description=help,
            epilog=f"Example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(run=run)
        p.add_argument(
            "--quiet", action="store_true", default=argparse.SUPPRESS,
            help="no progress bars or lines",
        )  # fmt: skip
        p.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show the Python traceback of an error",
        )
        p.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="run batchable work on this Dask scheduler (e.g. tcp://host:8786); needs "
            "pip install 'relnet[distributed]'",
        )
        p.add_argument(
            "--workers",
            type=int,
            metavar="N",
            help="run batchable work on a local Dask cluster of N worker processes",
        )
        return p

    def survey_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("nominations", help="nominations file, or a folder with nominations.csv")
        p.add_argument("--roster", help="roster file (id plus attributes)")

    def network_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--relation", help="relation (needed when the survey has several)")
        p.add_argument("--wave", help="wave (needed when the survey has several)")

    def missing_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--missing", choices=("ignore", "observed", "reconstruct"), default="ignore",
            help=f"{MISSING_HELP} (default: ignore)",
        )  # fmt: skip

    p = command(
        "demo",
        _run_demo,
        "Generate the example survey and write its full HTML report.",
        "relnet demo --out relnet-report",
    )
    p.add_argument("--out", default="relnet-report",
                   help="report folder (default relnet-report; an earlier relnet output there "
                   "is replaced)")  # fmt: skip
    p.add_argument("--force", action="store_true",
                   help="delete the contents of a non-empty --out folder first")  # fmt: skip

    p = command(
        "report",
        _run_report,
        "Write the HTML report of a survey (measures, groups, outcomes, network views).",
        "relnet report nominations.csv --roster roster.csv --outcomes teams.csv --on team "
        "--by team",
    )
    survey_args(p)
    p.add_argument("--outcomes", help="outcome table (CSV) with one row per group")
    p.add_argument("--on", help="column linking --outcomes to the groups (e.g. team)")
    p.add_argument(
        "--outcome", action="append", metavar="COL",
        help="outcome column to associate (repeatable); default every numeric column of "
        "--outcomes that is not a group measure",
    )  # fmt: skip
    p.add_argument(
        "--predictor", action="append", metavar="COL",
        help="group measure to associate with the outcomes (repeatable), e.g. density; "
        "default up to eight key measures",
    )  # fmt: skip
    p.add_argument("--by", help="node attribute defining groups (e.g. site)")
    p.add_argument("--relation", action="append", help="relation to include (repeatable)")
    p.add_argument("--wave", action="append", help="wave to include (repeatable); default all")
    p.add_argument(
        "--labels",
        choices=("pseudonym", "id", "name"),
        default="pseudonym",
        help="how people are shown (default: keyed pseudonyms)",
    )
    p.add_argument(
        "--min-group-size",
        type=int,
        default=5,
        help="groups smaller than this are left out of shared tables (default 5)",
    )
    p.add_argument(
        "--max-nodes",
        type=int,
        default=2000,
        help="views of larger networks are drawn at the group level (default 2000)",
    )
    missing_arg(p)
    p.add_argument("--seed", type=int, default=0, help="seed of layouts and resampling")
    p.add_argument("--out", default="relnet-report", help="report folder (default relnet-report)")
    p.add_argument("--force", action="store_true",
                   help="delete the contents of a non-empty --out folder first")  # fmt: skip

    p = command(
        "metrics",
        _run_metrics,
        "Compute node-, ego- or group-level metrics of one relation and write them as CSV.",
        "relnet metrics noms.csv --roster roster.csv --relation trust --level group --by team "
        "--out teams.csv",
    )
    survey_args(p)
    network_args(p)
    p.add_argument(
        "--level", choices=("node", "ego", "group"), default="node",
        help="one row per person (node), per person's ego network (ego) or per group "
        "(group, needs --by); default node",
    )  # fmt: skip
    p.add_argument("--by", help="node attribute for groups (and brokerage roles, ego diversity)")
    missing_arg(p)
    p.add_argument("--out", required=True, help="CSV file to write")

    p = command(
        "champions",
        _run_champions,
        "Choose k champions who together reach the most people (key players), write CSV.",
        "relnet champions noms.csv --roster roster.csv --relation advice --wave 1 --k 10 "
        "--per-group site --out champions.csv",
    )
    survey_args(p)
    network_args(p)
    p.add_argument("--k", type=int, default=10, help="number of champions (default 10)")
    p.add_argument(
        "--objective", default="reach",
        choices=("reach", "distance_reach", "fragmentation", "distance_fragmentation"),
        help="what the set maximises (default reach: share within --m steps)",
    )  # fmt: skip
    p.add_argument("--m", type=int, default=2, help="steps counted as reached (default 2)")
    p.add_argument(
        "--direction", default="in", choices=("in", "out", "all"),
        help="influence flows against the arc (in, default: to those who name a champion), "
        "along it (out), or both (all)",
    )  # fmt: skip
    p.add_argument("--per-group", metavar="ATTR",
                   help="at least one champion in each group of this attribute")  # fmt: skip
    p.add_argument("--respondents-only", action="store_true",
                   help="choose only among people who answered the survey")  # fmt: skip
    p.add_argument(
        "--starts",
        type=int,
        default=10,
        help="starts of the swap search: greedy plus random sets (default 10)",
    )
    p.add_argument("--seed", type=int, default=1, help="seed of the random starts (default 1)")
    p.add_argument(
        "--simulate", choices=("threshold", "cascade"),
        help="also simulate diffusion from the champions and from the top-k in-degree people",
    )  # fmt: skip
    p.add_argument(
        "--threshold",
        type=float,
        default=0.2,
        help="--simulate threshold: share of contacts that must adopt (default 0.2)",
    )
    p.add_argument(
        "--p",
        type=float,
        default=0.1,
        help="--simulate cascade: chance one adopter convinces a contact (0.1)",
    )
    p.add_argument("--runs", type=int, default=100, help="simulated runs (default 100)")
    p.add_argument("--out", required=True, help="CSV file to write (pick, id, gain, cumulative)")

    p = command(
        "communities",
        _run_communities,
        "Find informal groups (communities), compare them with a formal grouping, write CSV.",
        "relnet communities noms.csv --roster roster.csv --relation trust --wave 1 --by team "
        "--out communities.csv",
    )
    survey_args(p)
    network_args(p)
    p.add_argument("--by", help="formal grouping to compare with (NMI, ARI, silo table)")
    p.add_argument("--method", default="leiden", choices=("leiden", "louvain"),
                   help="community algorithm (default leiden)")  # fmt: skip
    p.add_argument("--resolution", type=float, default=1.0,
                   help="higher gives more, smaller communities (default 1.0)")  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="seed of the algorithm (default 0)")
    p.add_argument("--out", required=True, help="CSV file to write (id, community, --by)")

    p = command(
        "validate",
        _run_validate,
        "Read a survey export, print the ingest report; exit 2 when it cannot be read.",
        "relnet validate noms.csv --roster roster.csv --issues-out issues.csv",
    )
    _validate_options(p)

    p = command(
        "synth",
        _run_synth,
        "Write a synthetic health-system survey as CSV files.",
        f"relnet synth --staff 300 --sites 3 --waves 2 --seed 7 --out {EXAMPLE_DIR}",
    )
    p.add_argument("--staff", type=int, default=300, help="people (default 300)")
    p.add_argument("--sites", type=int, default=3, help="sites (default 3)")
    p.add_argument("--waves", type=int, default=1, help="survey waves (default 1)")
    p.add_argument("--response-rate", type=float, default=0.85,
                   help="share of staff who answer (default 0.85)")  # fmt: skip
    p.add_argument("--seed", type=int, default=7, help="seed (default 7)")
    p.add_argument("--out", required=True, help="folder to write (files there are replaced)")
    p.set_defaults(force=False)

    p = command(
        "summary",
        _run_summary,
        "Print people, respondents, nominations, density and out-degree per relation and wave.",
        f"relnet summary {EXAMPLE_DIR}",
    )
    survey_args(p)
    missing_arg(p)
    return parser


def _validate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="nominations file (csv, tsv, txt, xlsx, parquet, sav, dta)")
    parser.add_argument("--roster", help="roster file: id, attributes, optional name/aliases")
    parser.add_argument(
        "--layout", default="auto", choices=("auto", "long", "wide", "matrix"),
        help="file layout: one row per nomination (long), one row per respondent (wide), "
        "a square matrix, or detect (auto, default)",
    )  # fmt: skip
    parser.add_argument("--respondent", help="respondent (rater) column")
    parser.add_argument("--nominee", help="nominee column (long layout)")
    parser.add_argument("--nominees", help="regex for nominee columns (wide layout)")
    parser.add_argument("--relation", help="relation column (long) or label (wide/matrix)")
    parser.add_argument("--weight", help="weight column (long) or suffix (wide)")
    parser.add_argument("--wave", help="wave column")
    parser.add_argument(
        "--duplicates", default="max", choices=("max", "mean", "sum", "first", "error"),
        help="how repeated nominations of one pair combine their weights (default max)",
    )  # fmt: skip
    parser.add_argument(
        "--unknown", default="drop", choices=("drop", "keep", "error"),
        help="nominees not in the roster: drop them (default), keep them as people, or fail",
    )  # fmt: skip
    parser.add_argument("--strict", action="store_true", help="fail if any nomination is dropped")
    parser.add_argument(
        "--issues", type=int, default=0, metavar="N", help="also print the first N issues"
    )
    parser.add_argument(
        "--issues-out", metavar="CSV", help="write every issue row to this CSV file"
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
