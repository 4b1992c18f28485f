"""``relnet validate FILE [--roster R] [--layout ...]``: read a survey and print its report.

The command lives in :mod:`relnet.cli` (one parser, one error policy); this module keeps the
``validate_main`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from relnet.cli import main


def validate_main(argv: Sequence[str] | None = None) -> int:
    """Run ``relnet validate``; print the report; 0 when it reads, 2 when it cannot.

    Examples
    --------
    >>> validate_main(["/no/such/file.csv"])
    2
    """
    return main(["validate", *(list(argv) if argv is not None else [])])
