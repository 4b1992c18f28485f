"""Reading survey exports (REDCap, Qualtrics, SurveyMonkey, Excel, SPSS, Stata) into a Survey.

``read_survey`` reads long, wide or matrix layouts from csv, tsv, txt, xlsx, parquet, sav or dta
files (or DataFrames), matches nominees to a roster by id, name or alias, applies the repair
policies (self-nominations, repeats, unknown people) and reports every nomination it merged or
dropped in an :class:`~relnet.ingest.report.IngestReport`.
"""

from __future__ import annotations

from relnet.ingest.core import read_survey
from relnet.ingest.report import IngestReport

__all__ = ["IngestReport", "read_survey"]
