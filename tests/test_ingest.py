"""read_survey: readers, layouts, roster matching, weights, policies, errors and the report.

Expected values are worked by hand in comments next to each small table.
"""

from __future__ import annotations

import builtins
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import relnet as rn
from relnet.errors import (
    ArgumentError,
    DataRepairWarning,
    MissingDependencyError,
    SurveyFileError,
    SurveyFormatError,
    UnknownPersonError,
)
from relnet.ingest.matching import normalize_name
from relnet.ingest.validate_cli import validate_main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATASETS = SHARED / "datasets"


def edges(survey, relation=None, wave=None) -> set:
    g = survey.network(relation, wave)
    return {(s, t, w) for s, t, w in g.edges().itertuples(index=False)}


def balanced(report) -> bool:
    c = report.counts
    return c["input"] == c["kept"] + c["merged"] + c["dropped"]


# ---------------------------------------------------------------------- long layout
LONG = pd.DataFrame(
    {
        "respondent": ["a", "a", "a", "b", "b", "c"],
        "nominee": ["b", "c", "a", "a", "a", "a"],
        "relation": ["trust"] * 6,
        "weight": [3, 4, 5, 2, 5, 1],
    }
)


def test_long_counts_issues_and_edges():
    # row 2 a->a self (dropped); rows 3,4 b->a twice: max(2, 5) = 5, row 4 merged
    with pytest.warns(DataRepairWarning, match="1 dropped and 1 merged"):
        survey = rn.read_survey(LONG)
    report = survey.report
    assert report.layout == "long"
    assert report.counts["input"] == 6
    assert report.counts["kept"] == 4
    assert report.counts["merged"] == 1
    assert report.counts["dropped"] == 1
    assert report.counts["dropped_self"] == 1
    assert balanced(report)
    assert report.issues["row"].tolist() == [2, 4]
    assert report.issues["problem"].tolist() == ["self-nomination", "repeated nomination"]
    assert report.issues["action"].tolist() == ["dropped", "merged (max weight kept)"]
    assert edges(survey, "trust") == {("a", "b", 3.0), ("a", "c", 4.0), ("b", "a", 5.0),
                                      ("c", "a", 1.0)}  # fmt: skip


@pytest.mark.parametrize(
    ("how", "weight"),
    [("max", 5.0), ("mean", 3.5), ("sum", 7.0), ("first", 2.0)],  # b->a weights 2 and 5
)
def test_duplicates_policies(how, weight):
    survey = rn.read_survey(LONG, duplicates=how)
    assert ("b", "a", weight) in edges(survey)


def test_duplicates_error_lists_rows():
    with pytest.raises(SurveyFormatError, match=r"repeated nomination.*rows 4"):
        rn.read_survey(LONG, duplicates="error")


def test_strict_refuses_drops():
    with pytest.raises(SurveyFormatError, match=r"strict=True.*self-nomination.*rows 2"):
        rn.read_survey(LONG, strict=True)
    clean = LONG.drop(index=[2])
    assert rn.read_survey(clean, strict=True).report.counts["merged"] == 1  # merges allowed


def test_no_roster_people_and_respondents():
    # people = everyone who appears, in order; d is named only, so a non-respondent
    table = pd.DataFrame({"respondent": ["a", "b"], "nominee": ["b", "d"]})
    survey = rn.read_survey(table)
    assert list(survey.nodes.index) == ["a", "b", "d"]
    assert survey.nodes["responded"].tolist() == [True, True, False]
    assert survey.nodes["on_roster"].all()
    assert survey.report.n_respondents == 2
    assert survey.network().responded.tolist() == [True, True, False]


def test_column_names_given_and_detected():
    table = pd.DataFrame({"ego": [1, 2], "alter": [2, 1], "strength": [4, 5]})
    survey = rn.read_survey(table)  # ego/alter/strength detected
    assert edges(survey) == {(1, 2, 4.0), (2, 1, 5.0)}
    other = table.rename(columns={"ego": "from_id", "alter": "to_id"})
    survey = rn.read_survey(other, respondent="from_id", nominee="to_id", weight="strength")
    assert edges(survey) == {(1, 2, 4.0), (2, 1, 5.0)}


def test_unknown_column_names_the_closest():
    with pytest.raises(SurveyFormatError) as info:
        rn.read_survey(LONG, nominee="nominees")
    message = str(info.value)
    assert "'nominee'" in message and "closest" in message and "'respondent'" in message


def test_relation_label_for_a_single_relation_file():
    table = pd.DataFrame({"respondent": ["a"], "nominee": ["b"]})
    assert rn.read_survey(table, relation="trust").relations == ["trust"]
    assert rn.read_survey(table).relations == ["nomination"]


def test_blank_cells_in_long_rows_are_dropped_and_counted():
    table = pd.DataFrame(
        {
            "respondent": ["a", "a", None, "b"],
            "nominee": ["b", "  ", "a", "a"],
            "relation": ["trust", "trust", "trust", None],
        }  # fmt: skip
    )
    report = rn.read_survey(table).report
    # row 1 blank nominee, row 2 blank respondent, row 3 blank relation
    assert report.counts["dropped_blank"] == 3
    assert report.counts["kept"] == 1
    assert report.issues["problem"].tolist() == ["blank nominee", "blank respondent",
                                                 "blank relation"]  # fmt: skip


# ---------------------------------------------------------------------- wide layout
def test_wide_default_stems_blanks_and_weights():
    table = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "trust_1": ["b", "a", None],
            "trust_1_strength": [5, 4, None],
            "trust_2": ["c", "", None],
            "trust_2_strength": [3, None, None],
            "advice_1": ["c", "c", "a"],
            "advice_1_w": [2, 1, 4],
        }
    )
    survey = rn.read_survey(table)
    report = survey.report
    assert report.layout == "wide" and "stem" in report.layout_reason
    # non-blank nominee cells: trust_1 a,b; trust_2 a; advice_1 a,b,c = 6
    assert report.counts["input"] == 6 and report.counts["kept"] == 6
    assert survey.relations == ["advice", "trust"]
    assert edges(survey, "trust") == {("a", "b", 5.0), ("b", "a", 4.0), ("a", "c", 3.0)}
    assert edges(survey, "advice") == {("a", "c", 2.0), ("b", "c", 1.0), ("c", "a", 4.0)}
    # c answered (has a row) though it named nobody in trust
    assert survey.nodes["responded"].all()


def test_wide_regex_and_list_and_repeats_in_row_order():
    table = pd.DataFrame(
        {"rid": ["a", "b"], "q7_1": ["b", "a"], "q7_2": ["b", "c"], "note": ["x", "y"]}
    )
    by_regex = rn.read_survey(table, respondent="rid", nominees=r"^q7_\d+$", relation="trust")
    # a names b twice: the second (column q7_2) is merged
    issues = by_regex.report.issues
    assert issues[["row", "column", "problem"]].values.tolist() == [
        [0, "q7_2", "repeated nomination"]
    ]
    assert by_regex.relations == ["trust"]
    by_list = rn.read_survey(table, respondent="rid", nominees=["q7_1", "q7_2"])
    assert edges(by_list) == edges(by_regex)
    grouped = rn.read_survey(
        table.rename(columns={"q7_1": "trust_1", "q7_2": "advice_1"}),
        respondent="rid",
        nominees=r"(trust|advice)_(\d+)$",
    )
    assert grouped.relations == ["advice", "trust"]


def test_wide_without_nominee_columns_is_an_error():
    table = pd.DataFrame({"id": ["a"], "age": [30], "site": ["x"]})
    with pytest.raises(SurveyFormatError, match="no nominee columns"):
        rn.read_survey(table, layout="wide")
    with pytest.raises(SurveyFormatError, match="cannot tell the layout"):
        rn.read_survey(table)


# ---------------------------------------------------------------------- matrix layout
ROSTER = pd.DataFrame(
    {
        "id": ["E1", "E2", "E3", "E4"],
        "name": ["Ana Lima", "Seán O’Neil", "Li Wei", "Li Wei"],
        "aliases": ["Annie", "Sean Oneil;S. O'Neil", None, None],
        "site": ["north", "north", "south", "south"],
    }
)


def test_matrix_ids_blank_zero_and_self():
    grid = pd.DataFrame(
        {
            "rater": ["E1", "E2", "E3"],
            "E1": [7, 5, None],  # E1 rating E1 is a self-nomination
            "E2": [3, None, 0],  # 0 = no tie
            "E3": [None, 2, 6],  # E3 self
            "E4": [1, "", None],
        }
    )
    survey = rn.read_survey(grid, roster=ROSTER, relation="trust")
    report = survey.report
    assert report.layout == "matrix" and "headers" in report.layout_reason
    # ties: E1:{E1 7, E2 3, E4 1}, E2:{E1 5, E3 2}, E3:{E3 6} = 6 cells, 2 self
    assert report.counts["input"] == 6 and report.counts["dropped_self"] == 2
    assert edges(survey) == {("E1", "E2", 3.0), ("E1", "E4", 1.0), ("E2", "E1", 5.0),
                             ("E2", "E3", 2.0)}  # fmt: skip
    assert survey.nodes.loc["E4", "responded"] == np.False_  # not a rater


def test_matrix_name_headers_and_bad_cells():
    grid = pd.DataFrame({"rater": ["E1", "E2"], "Annie": [None, 4], "Sean Oneil": [5, None]})
    survey = rn.read_survey(grid, roster=ROSTER, layout="matrix")
    assert edges(survey) == {("E2", "E1", 4.0), ("E1", "E2", 5.0)}
    bad = pd.DataFrame({"rater": ["E1", "E2"], "E1": ["x", 1], "E2": [2, "lots"]})
    with pytest.raises(SurveyFormatError) as info:
        rn.read_survey(bad, roster=ROSTER, layout="matrix")
    message = str(info.value)
    assert "'x'" in message and "'lots'" in message and "column 'E1'" in message


def test_matrix_labels_through_scale():
    grid = pd.DataFrame({"rater": ["E1"], "E2": ["Completely"], "E3": ["not at all"]})
    scale = {"Not at all": 1, "Somewhat": 3, "Completely": 5}
    survey = rn.read_survey(grid, roster=ROSTER, layout="matrix", scale=scale)
    assert edges(survey) == {("E1", "E2", 5.0), ("E1", "E3", 1.0)}


# ---------------------------------------------------------------------- roster matching
def test_normalize_name_variants():
    assert normalize_name("O’Neil") == normalize_name("o'neil")
    assert normalize_name("  Seán   O’Neil ") == normalize_name("sean o'neil")
    assert normalize_name("Anne–Marie") == normalize_name("anne-marie")


def test_names_aliases_ambiguous_and_closest():
    table = pd.DataFrame(
        {
            "respondent": ["E1", "E1", "E1", "E2", "E2", "E3"],
            "nominee": ["seán o'neil", "li wei", "Anna Lima", "  ANNIE ", "S. O’Neil", "E9"],
        }
    )
    survey = rn.read_survey(table, roster=ROSTER)
    report = survey.report
    # kept: E1->E2 (name), E2->E1 (alias); E2->E2 by alias is a self-nomination
    assert edges(survey) == {("E1", "E2", 1.0), ("E2", "E1", 1.0)}
    problems = dict(zip(report.issues["value"], report.issues["problem"]))
    assert problems["li wei"] == "ambiguous nominee name"
    assert problems["Anna Lima"] == "nominee not on roster"
    assert problems["E9"] == "nominee not on roster"
    assert problems["S. O’Neil"] == "self-nomination"
    detail = report.issues.set_index("value")["detail"]
    assert "'E3'" in detail["li wei"] and "'E4'" in detail["li wei"]
    assert "Ana Lima" in detail["Anna Lima"]
    assert report.counts["matched_by_name"] == 2
    assert "Anna Lima" in report.unmatched["value"].tolist()


def test_unknown_keep_and_error():
    table = pd.DataFrame(
        {"respondent": ["E1", "E1", "E2"], "nominee": ["Zed Rowe", "E2", "zed  rowe"]}
    )
    kept = rn.read_survey(table, roster=ROSTER, unknown="keep")
    nodes = kept.nodes
    assert list(nodes.index) == ["E1", "E2", "E3", "E4", "Zed Rowe"]  # variants become one
    assert nodes["on_roster"].tolist() == [True, True, True, True, False]
    assert kept.report.counts["kept_unknown"] == 2
    assert ("E2", "Zed Rowe", 1.0) in edges(kept)
    with pytest.raises(UnknownPersonError, match=r"'Zed Rowe'.*rows 0"):
        rn.read_survey(table, roster=ROSTER, unknown="error")
    dropped = rn.read_survey(table, roster=ROSTER)
    assert dropped.report.counts["dropped_unknown"] == 2


def test_roster_errors():
    dup = pd.DataFrame({"id": ["E1", "E2", "E1", "E3", "E3"]})
    with pytest.raises(SurveyFormatError, match=r"duplicate ids 'E1', 'E3'"):
        rn.read_survey(LONG, roster=dup)
    mixed = pd.DataFrame({"id": [7, "7", "8"]}, dtype=object)
    with pytest.raises(SurveyFormatError, match="different types collide"):
        rn.read_survey(LONG, roster=mixed)
    table = pd.DataFrame({"respondent": [7, "7"], "nominee": [8, 8]}, dtype=object)
    with pytest.raises(SurveyFormatError, match="different types collide"):
        rn.read_survey(table)


def test_integral_float_ids_become_ints():
    # a blank makes pandas read the respondent column as float: 1.0 is person 1
    table = pd.DataFrame({"respondent": [1.0, 2.0, None], "nominee": [2, 1, 1]})
    survey = rn.read_survey(table)
    assert list(survey.nodes.index) == [1, 2]
    assert edges(survey) == {(1, 2, 1.0), (2, 1, 1.0)}
    assert survey.report.counts["dropped_blank"] == 1


def test_ids_read_as_other_types_match_the_roster():
    roster = pd.DataFrame({"id": [1, 2, 3]})
    table = pd.DataFrame({"respondent": ["1", "2"], "nominee": [2.0, 3.0]}, dtype=object)
    survey = rn.read_survey(table, roster=roster)
    assert edges(survey) == {(1, 2, 1.0), (2, 3, 1.0)}


def test_respondents_from_roster_column_and_list():
    roster = ROSTER.assign(responded=["yes", "no", "yes", "no"])
    table = pd.DataFrame({"respondent": ["E1", "E2"], "nominee": ["E2", "E1"]})
    from_column = rn.read_survey(table, roster=roster)
    assert from_column.nodes["responded"].tolist() == [True, False, True, False]
    assert "responded" not in from_column.nodes.columns.drop("responded").tolist()
    from_list = rn.read_survey(table, roster=ROSTER, respondents=["E1", "Li Wei" and "E4"])
    assert from_list.nodes["responded"].tolist() == [True, False, False, True]
    inferred = rn.read_survey(table, roster=ROSTER)
    assert inferred.nodes["responded"].tolist() == [True, True, False, False]
    assert inferred.report.response_rate == 0.5
    g = inferred.network()
    assert g.n == 4 and g.responded.tolist() == [True, True, False, False]


# ---------------------------------------------------------------------- weights
def test_weight_scale_labels_and_errors():
    scale = {"Not at all": 1, "A little": 2, "Somewhat": 3, "Mostly": 4, "Completely": 5}
    table = pd.DataFrame(
        {
            "respondent": ["a", "a", "b"],
            "nominee": ["b", "c", "a"],
            "weight": ["completely", " Not at all ", None],
        }  # fmt: skip
    )
    survey = rn.read_survey(table, scale=scale)
    assert edges(survey) == {("a", "b", 5.0), ("a", "c", 1.0), ("b", "a", 1.0)}
    assert survey.report.counts["weight_missing"] == 1
    assert any("no weight" in note for note in survey.report.notes)
    bad = table.assign(weight=["Always", "Completely", "Never"])
    with pytest.raises(SurveyFormatError, match=r"outside the scale in rows 0 \('Always'\)"):
        rn.read_survey(bad, scale=scale)
    with pytest.raises(SurveyFormatError, match="not finite numbers"):
        rn.read_survey(table.assign(weight=["high", "3", "2"]))


def test_weight_errors_list_twenty_rows_then_a_count():
    n = 30
    table = pd.DataFrame(
        {"respondent": ["a"] * n, "nominee": [f"p{i}" for i in range(n)], "weight": [9] * n}
    )
    with pytest.raises(SurveyFormatError) as info:
        rn.read_survey(table, scale={"low": 1, "high": 2})
    message = str(info.value)
    assert "30 weight(s)" in message and "and 10 more" in message
    assert "19 (9)" in message and "20 (9)" not in message


# ---------------------------------------------------------------------- readers
def write_long(path: Path, frame: pd.DataFrame) -> Path:
    suffix = path.suffix
    if suffix in (".csv", ".txt"):
        frame.to_csv(path, index=False, sep=";" if suffix == ".txt" else ",")
    elif suffix == ".tsv":
        frame.to_csv(path, index=False, sep="\t")
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".dta":
        frame.to_stata(path, write_index=False)
    elif suffix == ".sav":
        import pyreadstat

        pyreadstat.write_sav(frame, str(path))
    return path


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".dta", ".sav"])
def test_readers_by_suffix(tmp_path, suffix):
    frame = LONG.copy()
    path = write_long(tmp_path / f"noms{suffix}", frame)
    survey = rn.read_survey(path)
    assert survey.report.source == path.name
    assert survey.report.counts == rn.read_survey(frame).report.counts
    assert edges(survey, "trust") == edges(rn.read_survey(frame), "trust")
    # file rows are spreadsheet rows: header is row 1, so data row 2 (0-based) is row 4
    assert survey.report.issues["row"].tolist() == [4, 6]


def test_encodings(tmp_path):
    text = "respondent,nominee\nJosé,Zoë\nZoë,José\n"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    survey = rn.read_survey(bom)
    assert survey.report.encoding == "utf-8" and list(survey.nodes.index) == ["José", "Zoë"]
    assert any("byte-order mark" in n for n in survey.report.notes)
    latin = tmp_path / "latin.csv"
    latin.write_bytes((text + "Renée,O’Neil\n").encode("cp1252"))
    survey = rn.read_survey(latin)
    assert survey.report.encoding == "cp1252"
    assert "O’Neil" in survey.nodes.index
    assert any("cp1252" in n for n in survey.report.notes)


def test_late_invalid_utf8_falls_back(tmp_path):
    rows = "".join(f"p{i},p{i + 1}\n" for i in range(30000))
    path = tmp_path / "late.csv"
    path.write_bytes(("respondent,nominee\n" + rows).encode() + "Renée,p1\n".encode("cp1252"))
    survey = rn.read_survey(path)
    assert survey.report.encoding == "cp1252" and "Renée" in survey.nodes.index


def test_type_change_late_in_a_streamed_file(tmp_path):
    # numbers for the first blocks, then a name: the column is re-read as text
    rows = "".join(f"{i},{i + 1}\n" for i in range(1, 300000))
    path = tmp_path / "late_text.csv"
    path.write_text("respondent,nominee\n" + rows + "1,Ana Lima\n")
    roster = pd.DataFrame({"id": range(1, 300001), "name": ["Ana Lima"] + [""] * 299999})
    survey = rn.read_survey(path, roster=roster)
    assert survey.report.counts["input"] == 300000
    assert survey.report.counts["kept"] == 299999  # 1 -> Ana Lima (1) is a self-nomination


def test_file_errors(tmp_path):
    with pytest.raises(SurveyFileError, match="does not exist"):
        rn.read_survey(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SurveyFileError, match="empty"):
        rn.read_survey(empty)
    header = tmp_path / "header.csv"
    header.write_text("respondent,nominee\n")
    with pytest.raises(SurveyFileError, match="no rows"):
        rn.read_survey(header)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("respondent,nominee\na,b\nc,d,e\n")
    with pytest.raises(SurveyFileError, match="same number of columns"):
        rn.read_survey(ragged)
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(SurveyFileError, match="folder"):
        rn.read_survey(folder)
    odd = tmp_path / "noms.json"
    odd.write_text("{}")
    with pytest.raises(SurveyFileError, match="cannot read"):
        rn.read_survey(odd)


def test_missing_optional_reader_names_the_extra(tmp_path, monkeypatch):
    path = write_long(tmp_path / "noms.xlsx", LONG)
    real_import = builtins.__import__

    def no_openpyxl(name, *args, **kwargs):
        if name == "openpyxl":
            raise ImportError("no openpyxl")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(MissingDependencyError, match=r"pip install relnet\[io\]"):
        rn.read_survey(path)


# ---------------------------------------------------------------------- report, Survey
def test_report_str_and_frame():
    report = rn.read_survey(LONG).report
    text = str(report)
    assert "6 in = 4 kept + 1 merged + 1 dropped" in text and "self-nomination" in text
    frame = report.to_frame().set_index("item")["value"]
    assert frame["input"] == 6 and frame["layout"] == "long"
    assert "IngestReport" in repr(report)


def test_survey_layers_and_ambiguity():
    table = pd.DataFrame(
        {
            "respondent": ["a", "a", "b", "b"],
            "nominee": ["b", "b", "a", "a"],
            "relation": ["trust", "advice", "trust", "trust"],
            "wave": [1, 1, 1, 2],
        }
    )
    survey = rn.read_survey(table)
    assert survey.relations == ["advice", "trust"] and survey.waves == [1, 2]
    with pytest.raises(ArgumentError, match="2 relations"):
        survey.network()
    with pytest.raises(ArgumentError, match="2 waves"):
        survey.network("trust")
    with pytest.raises(ArgumentError, match="no relation 'respect'"):
        survey.network("respect", 1)
    assert edges(survey, "trust", 2) == {("b", "a", 1.0)}
    # in wave 2 only b answered
    assert survey.network("trust", 2).responded.tolist() == [False, True]
    layers = survey.networks()
    assert set(layers) == {("advice", 1), ("advice", 2), ("trust", 1), ("trust", 2)}
    noms = survey.nominations
    assert list(noms.columns) == ["source", "target", "relation", "wave", "weight"]
    assert len(noms) == 4


def test_pseudonymize_is_stable_and_drops_names():
    survey = rn.read_survey(
        pd.DataFrame({"respondent": ["E1"], "nominee": ["Seán O'Neil"]}), roster=ROSTER
    )
    shared = survey.pseudonymize("salt")
    again = survey.pseudonymize("salt")
    other = survey.pseudonymize("pepper")
    assert list(shared.nodes.index) == list(again.nodes.index)
    assert list(shared.nodes.index) != list(other.nodes.index)
    assert "name" not in shared.nodes.columns and "aliases" not in shared.nodes.columns
    assert "site" in shared.nodes.columns
    g = shared.network()
    assert g.m == 1 and set(g.ids) == set(shared.nodes.index)
    with pytest.raises(ArgumentError):
        survey.pseudonymize("")


def test_network_keeps_every_person_in_roster_order():
    table = pd.DataFrame({"respondent": ["E3"], "nominee": ["E1"]})
    g = rn.read_survey(table, roster=ROSTER).network()
    assert list(g.ids) == ["E1", "E2", "E3", "E4"]
    assert g.attribute("site").tolist() == ["north", "north", "south", "south"]
    assert "on_roster" not in g.nodes.columns and "responded" in g.nodes.columns


def test_argument_choices():
    with pytest.raises(ArgumentError):
        rn.read_survey(LONG, duplicates="min")
    with pytest.raises(ArgumentError):
        rn.read_survey(LONG, unknown="ignore")
    with pytest.raises(ArgumentError):
        rn.read_survey(LONG, layout="grid")


# ---------------------------------------------------------------------- validate command
def test_validate_main(tmp_path, capsys):
    path = write_long(tmp_path / "noms.csv", LONG)
    assert validate_main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "6 in = 4 kept + 1 merged + 1 dropped" in out
    assert validate_main([str(path), "--strict"]) == 2
    assert "--strict and 1 nomination(s) would be dropped" in capsys.readouterr().err
    assert validate_main([str(tmp_path / "nope.csv")]) == 2


# ---------------------------------------------------------------------- shared datasets
ARCS = {
    "krackhardt_hightech": {"advice": 190, "friendship": 102, "reports_to": 20},
    "lazega_lawfirm": {"advice": 892, "friendship": 575, "cowork": 1104},
    "ckm_physicians": {"advice": 480, "discussion": 565, "friend": 506},
    "keating_clinic": {"discussion": 163},
}
NON_RESPONDENTS = {"krackhardt_hightech": 0, "lazega_lawfirm": 0, "ckm_physicians": 29,
                   "keating_clinic": 2}  # fmt: skip


@pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/datasets is absent")
@pytest.mark.parametrize("name", sorted(ARCS))
def test_shared_datasets_ingest_with_their_arc_counts(name):
    folder = DATASETS / name
    survey = rn.read_survey(folder / "nominations.csv", roster=folder / "roster.csv")
    assert {r: survey.network(r).m for r in survey.relations} == ARCS[name]
    assert int((~survey.nodes["responded"]).sum()) == NON_RESPONDENTS[name]
    roster = pd.read_csv(folder / "roster.csv", dtype={"id": str})  # ids are text
    assert list(survey.nodes.index) == roster["id"].tolist()
    assert balanced(survey.report) and survey.report.counts["dropped"] == 0
