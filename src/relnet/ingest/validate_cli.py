"""``relnet validate FILE [--roster R] [--layout ...]``: read a survey and print its report."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from relnet.errors import DataRepairWarning, RelnetError


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """Add the validate options to ``parser`` (or a new one) and return it."""
    parser = parser or argparse.ArgumentParser(
        prog="relnet validate",
        description="Read a survey export and report how every nomination was handled.",
    )
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
        "--issues",
        type=int,
        default=0,
        metavar="N",
        help="also print the first N issues as a table",
    )
    return parser


def validate_main(argv: Sequence[str] | None = None) -> int:
    """Run ``relnet validate``; print the report; 0 when it reads, 1 on errors.

    Examples
    --------
    >>> validate_main(["/no/such/file.csv"])  # doctest: +ELLIPSIS
    relnet validate: ... does not exist...
    1
    """
    from relnet.ingest.core import read_survey

    args = build_parser().parse_args(list(argv) if argv is not None else None)
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
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataRepairWarning)  # the report says it all
            survey = read_survey(args.file, **options)
    except RelnetError as error:
        print(f"relnet validate: {error}", file=sys.stdout)
        return 1
    report = survey.report
    print(report)
    if args.issues and len(report.issues):
        print(report.issues.head(args.issues).to_string(index=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(validate_main())
