"""The ``relnet`` command: parse arguments, call the public API, print.

Heavy modules (pandas, numba kernels) are imported by the command that needs them, so
``relnet --help`` answers at once. A user error never shows a Python traceback: the command
prints one line ``relnet: error: ...`` on stderr and exits 2 for bad arguments or input
(unreadable or malformed files, unknown columns, bad patterns, an ``--out`` that cannot be
written), 1 for other failures; ``--debug`` shows the traceback instead. Exit 0 is success.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from relnet.errors import DataRepairWarning, MissingDependencyError, RelnetError

EXAMPLE_DIR = "datasets/example_health_system"
EXIT_INPUT = 2  # bad arguments or input
EXIT_FAILURE = 1  # anything else


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
        return args.run(args)
    try:
        return args.run(args)
    except MissingDependencyError as error:
        return _fail(error, EXIT_FAILURE)
    except RelnetError as error:
        # relnet's errors are about the input: a file, a column, a value, an argument
        return _fail(_as_flags(str(error)), EXIT_INPUT)
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


_FLAGS = ("nominees", "respondent", "nominee", "relation", "weight", "wave", "duplicates",
          "unknown", "layout", "strict", "by", "missing")  # fmt: skip


def _as_flags(message: str) -> str:
    """Name the command's flags, not the Python arguments (``nominees=`` -> ``--nominees``)."""
    for name in _FLAGS:
        if message.startswith(f"{name}="):
            return f"--{name} " + message[len(name) + 1 :]
    return message


def _fail(error: object, code: int) -> int:
    print(f"relnet: error: {one_line(error)}", file=sys.stderr)
    return code


# ---------------------------------------------------------------------- commands
def _run_synth(args: argparse.Namespace) -> int:
    import relnet.synth as synth

    _output_folder(args.out)
    with _progress(args, "simulating survey", total=1) as step:
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
    print(summary_text(survey))
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataRepairWarning)  # the report says it all
        survey = read_survey(args.file, **options)
    report = survey.report
    print(report)
    if args.issues and len(report.issues):
        print(report.issues.head(args.issues).to_string(index=False))
    if args.issues_out:
        path = report.write_issues(_output_file(args.issues_out, "--issues-out"))
        print(f"wrote {len(report.issues)} issue rows to {path}")
    return 0


def _run_metrics(args: argparse.Namespace) -> int:
    from relnet.exports import write_csv
    from relnet.metrics.groups import group_metrics
    from relnet.metrics.tables import node_metrics

    out = _output_file(args.out, "--out")
    survey = _read(args)
    graph = survey.network(args.relation, args.wave)
    with _progress(args, "computing metrics", total=1) as step:
        if args.level == "node":
            table = node_metrics(graph, by=args.by)
        else:
            if not args.by:
                raise UsageError("--level group needs --by ATTR (e.g. --by site)")
            table = group_metrics(graph, by=args.by, missing=args.missing)
        step()
    write_csv(table, out)  # spreadsheet-safe: ids beginning with = + - @ get a quote
    print(f"wrote {len(table)} rows x {table.shape[1]} columns to {out}")
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from relnet.viz.report import report

    out = _output_folder(args.out)
    outcomes = None
    if args.outcomes:
        if not args.on:
            raise UsageError("--outcomes needs --on KEY (the column shared with the groups)")
        outcomes = _read_outcomes(args.outcomes)
        if args.on not in outcomes.columns:
            have = ", ".join(map(repr, map(str, outcomes.columns[:20])))
            raise UsageError(
                f"--on {args.on!r} is not a column of --outcomes {args.outcomes!r}; its columns "
                f"are {have}."
            )
    survey = _read(args)
    with _progress(args, "writing report", total=None) as step:
        index = report(
            survey,
            outcomes=outcomes,
            on=args.on,
            by=args.by,
            relations=args.relation,
            out=out,
            labels=args.labels,
            min_group_size=args.min_group_size,
            seed=args.seed,
            progress=step,
        )
    print(f"report written: {index}")
    return 0


def _run_demo(args: argparse.Namespace) -> int:
    import relnet.synth as synth
    from relnet.ingest.core import read_survey
    from relnet.viz.report import report

    out = _output_folder(args.out)
    data = out / "data"
    with _progress(args, "simulating example survey", total=1) as step:
        system = synth.health_system(300, n_sites=3, n_waves=2, seed=7)
        system.write(data)
        step()
    survey = read_survey(data / "nominations.csv", roster=data / "roster.csv")
    print(summary_text(survey))
    with _progress(args, "writing report", total=None) as step:
        index = report(
            survey,
            outcomes=system.outcomes["team"],
            on="team",
            outcome_columns=["fidelity", "adoption_rate"],
            by="team",
            out=out,
            progress=step,
        )
    print(f"\nreport written: {Path(index).resolve()}")
    print("open it in a browser; it works offline from file://")
    return 0


# ---------------------------------------------------------------------- helpers
def summary_text(survey: Any) -> str:
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
            share = density(graph, missing="observed")
            respondents = max(int(graph.responded.sum()), 1)
            lines.append(
                f"{relation!s:<14}{wave!s:>6}{graph.m:>13}{share:>10.4f}"
                f"{graph.m / respondents:>17.2f}"
            )
    lines.append("")
    lines.append("density counts only cells whose sender responded (missing='observed');")
    lines.append("mean out-degree is per respondent.")
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


def _output_folder(value: str) -> Path:
    """The folder ``--out`` names (made if missing): not a file, its parent exists."""
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {value!r} is a file; give a folder (it is made if missing)")
    parent = path.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"--out {value!r}: the folder {str(parent)!r} does not exist")
    return path


def _read_outcomes(value: str) -> Any:
    """The outcome table, read like a roster (errors name the file; types as in the file)."""
    from relnet.ingest.readers import read_table

    table, _ = read_table(value, what="outcomes", id_columns=lambda names: [])
    return table.to_pandas()


@contextmanager
def _progress(args: argparse.Namespace, label: str, total: int | None):
    """A tqdm bar on a terminal (stderr), silent otherwise; yields a step callback."""
    from tqdm import tqdm

    quiet = getattr(args, "quiet", False) or not sys.stderr.isatty()
    bar = tqdm(total=total, desc=label, disable=quiet, leave=False, file=sys.stderr)

    def step(*_: object, **__: object) -> None:
        bar.update(1)

    try:
        yield step
    finally:
        bar.close()


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


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="relnet",
        description="Relational network analysis for implementation science.",
        epilog="Example: relnet demo --out relnet-report",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
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
        p.add_argument("--quiet", action="store_true", help="no progress bars")
        p.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show the Python traceback of an error",
        )
        return p

    def survey_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("nominations", help="nominations file, or a folder with nominations.csv")
        p.add_argument("--roster", help="roster file (id plus attributes)")

    p = command(
        "demo",
        _run_demo,
        "Generate the example survey and write its full HTML report.",
        "relnet demo --out relnet-report",
    )
    p.add_argument("--out", default="relnet-report", help="report folder")

    p = command(
        "report",
        _run_report,
        "Write the HTML report of a survey (measures, groups, outcomes, network views).",
        "relnet report noms.csv --roster roster.csv --outcomes teams.csv --on team --by team",
    )
    survey_args(p)
    p.add_argument("--outcomes", help="outcome table (CSV) with one row per group")
    p.add_argument("--on", help="column linking outcomes to groups (e.g. team)")
    p.add_argument("--by", help="node attribute defining groups (e.g. site)")
    p.add_argument("--relation", action="append", help="relation to include (repeatable)")
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
    p.add_argument("--seed", type=int, default=0, help="seed of layouts and resampling")
    p.add_argument("--out", default="relnet-report", help="report folder")

    p = command(
        "metrics",
        _run_metrics,
        "Compute node- or group-level metrics of one relation and write them as CSV.",
        "relnet metrics noms.csv --roster roster.csv --relation trust --level group --by team "
        "--out teams.csv",
    )
    survey_args(p)
    p.add_argument("--relation", help="relation (needed when the survey has several)")
    p.add_argument("--wave", help="wave (needed when the survey has several)")
    p.add_argument("--level", choices=("node", "group"), default="node")
    p.add_argument("--by", help="node attribute for groups (and brokerage roles)")
    p.add_argument(
        "--missing",
        choices=("observed", "ignore", "reconstruct"),
        default="observed",
        help="non-respondents' ties in group reciprocity: unobserved (default), absent, "
        "or imputed from the ties they received",
    )
    p.add_argument("--out", required=True, help="CSV file to write")

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
    p.add_argument("--staff", type=int, default=300)
    p.add_argument("--sites", type=int, default=3)
    p.add_argument("--waves", type=int, default=1)
    p.add_argument("--response-rate", type=float, default=0.85)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", required=True, help="folder to write")

    p = command(
        "summary",
        _run_summary,
        "Print people, respondents, nominations, density and out-degree per relation and wave.",
        f"relnet summary {EXAMPLE_DIR}",
    )
    survey_args(p)
    return parser


def _validate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="nominations file (csv, tsv, txt, xlsx, parquet, sav, dta)")
    parser.add_argument("--roster", help="roster file: id, attributes, optional name/aliases")
    parser.add_argument(
        "--layout", default="auto", choices=("auto", "long", "wide", "matrix"), help="layout"
    )
    parser.add_argument("--respondent", help="respondent (rater) column")
    parser.add_argument("--nominee", help="nominee column (long layout)")
    parser.add_argument("--nominees", help="regex for nominee columns (wide layout)")
    parser.add_argument("--relation", help="relation column (long) or label (wide/matrix)")
    parser.add_argument("--weight", help="weight column (long) or suffix (wide)")
    parser.add_argument("--wave", help="wave column")
    parser.add_argument(
        "--duplicates", default="max", choices=("max", "mean", "sum", "first", "error")
    )
    parser.add_argument("--unknown", default="drop", choices=("drop", "keep", "error"))
    parser.add_argument("--strict", action="store_true", help="fail if any nomination is dropped")
    parser.add_argument(
        "--issues", type=int, default=0, metavar="N", help="also print the first N issues"
    )
    parser.add_argument(
        "--issues-out", metavar="CSV", help="write every issue row to this CSV file"
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
