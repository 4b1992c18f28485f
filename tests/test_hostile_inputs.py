"""Hostile survey exports: every case ends in a RelnetError or in a Survey that balances.

The corpus (issue 14): truncated, corrupted and misnamed files of every reader format, odd and
mixed encodings, id look-alikes, broken rosters, DataFrame dtypes (categorical, arrow),
duplicate and container columns, argument misuse, CLI misuse and formula payloads. The oracle
for a Survey is the input itself: ``input = kept + merged + dropped`` and the people are
exactly the text of the ids given (after the documented normalisation, computed here
independently with ``unicodedata``).
"""

from __future__ import annotations

import os
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.cli import main as cli
from relnet.errors import (
    ArgumentError,
    RelnetError,
    SurveyFileError,
    SurveyFormatError,
    UnknownPersonError,
)
from relnet.exports import spreadsheet_safe, write_csv

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

LONG = pd.DataFrame(
    {
        "respondent": ["a", "a", "b", "c", "c"],
        "nominee": ["b", "c", "a", "a", "c"],  # c->c is a self-nomination
        "relation": ["trust"] * 5,
        "wave": [1, 1, 1, 1, 1],
        "weight": [1, 2, 3, 4, 5],
    }
)
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".sav", ".dta")


def expected_id(text: str) -> str:
    """The documented normalisation, written independently: NFC, no BOM/ZW, no outer space."""
    text = unicodedata.normalize("NFC", text)
    for ch in "\ufeff\u200b\u200c\u200d\u2060":
        text = text.replace(ch, "")
    return text.strip()


def balanced(survey) -> bool:
    c = survey.report.counts
    return c["input"] == c["kept"] + c["merged"] + c["dropped"]


def outcome(call, *args, **kwargs):
    """The Survey, or the RelnetError; anything else fails the test."""
    try:
        survey = call(*args, **kwargs)
    except RelnetError as error:
        assert str(error), "an error with no message"
        return error
    assert balanced(survey), survey.report.counts
    return survey


def write(frame: pd.DataFrame, path: Path) -> Path:
    suffix = path.suffix
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix in (".tsv", ".txt"):
        frame.to_csv(path, index=False, sep="\t" if suffix == ".tsv" else ";")
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


def people(survey) -> set:
    return set(survey.nodes.index)


# ---------------------------------------------------------------------- damaged files
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_truncated_and_corrupted_files_end_in_an_error_or_a_balanced_survey(tmp_path, suffix):
    good = write(LONG, tmp_path / f"good{suffix}")
    data = good.read_bytes()
    rng = np.random.default_rng(5)
    for k, cut in enumerate((len(data) // 2, len(data) // 3, 40, 7)):
        part = tmp_path / f"cut{k}{suffix}"
        part.write_bytes(data[:cut])
        result = outcome(rn.read_survey, part)
        if suffix in (".xlsx", ".parquet", ".sav", ".dta"):
            assert isinstance(result, SurveyFileError), (suffix, cut, result)
            assert part.name in str(result)
    for k in range(4):
        broken = bytearray(data)
        at = rng.integers(len(data) // 4, len(data), 24)
        broken[at.min() : at.min() + 24] = rng.integers(0, 256, 24, dtype=np.uint8).tobytes()
        path = tmp_path / f"bad{k}{suffix}"
        path.write_bytes(bytes(broken))
        outcome(rn.read_survey, path)


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet", ".sav", ".dta"])
def test_a_text_file_named_as_a_binary_format_says_what_it_looks_like(tmp_path, suffix):
    path = tmp_path / f"noms{suffix}"
    path.write_text("respondent,nominee\na,b\n")
    with pytest.raises(SurveyFileError, match=r"looks like delimited text.*rename it to \.csv"):
        rn.read_survey(path)


@pytest.mark.parametrize(
    ("made", "looks"),
    [(".xlsx", "zip archive"), (".parquet", "Parquet"), (".sav", "SPSS"), (".dta", "Stata")],
)
def test_a_binary_file_named_csv_says_what_it_is(tmp_path, made, looks):
    binary = write(LONG, tmp_path / f"real{made}").read_bytes()
    path = tmp_path / "noms.csv"
    path.write_bytes(binary)
    with pytest.raises(SurveyFileError, match=looks):
        rn.read_survey(path)


def test_html_json_and_nul_bytes_named_csv(tmp_path):
    for name, content in (
        ("page.csv", b"<!DOCTYPE html><html><body>Login</body></html>"),
        ("data.csv", b'[{"respondent": "a"}]'),
        ("nul.csv", b"respondent,nominee\x00\x00\x01\x02"),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(SurveyFileError, match="looks like"):
            rn.read_survey(path)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "noms.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(SurveyFileError, match=r"noms\.xlsx.*Excel"):
        rn.read_survey(path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path):
    path = write(LONG, tmp_path / "locked.csv")
    path.chmod(0)
    try:
        with pytest.raises(SurveyFileError, match="permission"):
            rn.read_survey(path)
    finally:
        path.chmod(0o600)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(min_size=1, max_size=400), st.sampled_from(SUFFIXES))
def test_random_bytes_never_escape_as_another_exception(tmp_path, blob, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(blob)
    outcome(rn.read_survey, path)


# ---------------------------------------------------------------------- encodings
def test_mixed_utf8_and_cp1252_lines_are_each_decoded(tmp_path):
    path = tmp_path / "mixed.csv"
    lines = [
        b"respondent,nominee",
        "José,Zoë".encode(),  # UTF-8
        "Zoë,José".encode("cp1252"),  # cp1252
        "ana,José".encode(),  # UTF-8
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    survey = rn.read_survey(path)
    assert people(survey) == {"José", "Zoë", "ana"}  # never 'JosÃ©'
    note = " ".join(survey.report.notes)
    assert "1 line(s)" in note and "lines 3" in note


def test_late_cp1252_line_in_a_long_utf8_file(tmp_path):
    rows = "".join(f"Zoë{i},José\n" for i in range(40000))
    path = tmp_path / "late.csv"
    path.write_bytes(("respondent,nominee\n" + rows).encode() + "Renée,José\n".encode("cp1252"))
    survey = rn.read_survey(path)
    assert "Renée" in survey.nodes.index and "José" in survey.nodes.index
    assert not any("Ã" in str(v) for v in survey.nodes.index)
    assert any("40002" in n for n in survey.report.notes)  # the line that needed cp1252


def test_utf16_with_bom_and_bytes_cp1252_leaves_undefined(tmp_path):
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes("respondent,nominee\nJosé,ana\n".encode("utf-16"))
    assert people(rn.read_survey(utf16)) == {"José", "ana"}
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b"respondent,nominee\nx\x81y,ana\n")  # 0x81 is undefined in cp1252
    survey = outcome(rn.read_survey, odd)
    assert not isinstance(survey, Exception) and "ana" in survey.nodes.index


# ---------------------------------------------------------------------- id look-alikes
@pytest.mark.parametrize(
    ("a", "b"), [("007", "7"), ("1E3", "1000"), ("08", "8"), ("7.0", "7"), ("Ana", "ana")]
)
def test_look_alike_ids_are_two_people_and_a_possible_duplicate(tmp_path, a, b):
    path = tmp_path / "noms.csv"
    path.write_text(f"respondent,nominee\n{a},x\n{b},x\nx,{a}\n")
    survey = rn.read_survey(path)
    assert people(survey) == {a, b, "x"}  # the text of the cells, never converted
    issues = survey.report.issues
    dup = issues[issues["problem"] == "possible duplicate id"]
    assert len(dup) == 1 and {a, b} == set(dup["value"].iloc[0].split(" | "))
    assert balanced(survey) and survey.report.counts["dropped"] == 0


def test_look_alike_of_a_roster_id_is_not_matched_and_says_why(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n7,Ana Lima\n008,Ben Ode\n")
    noms = tmp_path / "noms.csv"
    noms.write_text("respondent,nominee\n7,008\n7,8\n7,007\n")
    survey = rn.read_survey(noms, roster=roster)
    assert list(survey.nodes.index) == ["7", "008"]
    assert survey.network().m == 1
    detail = survey.report.issues.set_index("value")["detail"]
    assert "possible duplicate" in detail["8"] and "'008'" in detail["8"]
    assert "leading zeros" in detail["007"]


def test_xlsx_text_cells_keep_their_zeros(tmp_path):
    frame = pd.DataFrame({"respondent": ["007", 7, "7"], "nominee": [7, "007", "x"]}, dtype=object)
    path = write(frame, tmp_path / "noms.xlsx")
    survey = rn.read_survey(path)
    assert people(survey) == {"007", "7", "x"}
    assert survey.network().m == 3


def test_invisible_differences_are_one_person_with_a_note():
    composed, decomposed = "Jos\u00e9", "Jose\u0301"
    table = pd.DataFrame(
        {
            "respondent": [composed, "\ufeffana", " ben ", "ana\u200b"],
            "nominee": [decomposed, "ben", "ana", composed],
        }
    )
    survey = rn.read_survey(table)
    assert people(survey) == {"José", "ana", "ben"}
    assert all(unicodedata.is_normalized("NFC", v) for v in survey.nodes.index)
    assert any(n.startswith("ids normalised") for n in survey.report.notes)


@pytest.mark.parametrize("spelling", ["NA", "null", "None", "nan", "N/A"])
def test_missing_value_spellings_are_ids_with_or_without_a_roster(tmp_path, spelling):
    roster = tmp_path / "roster.csv"
    roster.write_text(f"id,team\n{spelling},1\nana,NA\n")
    noms = tmp_path / "noms.csv"
    noms.write_text(f"respondent,nominee,weight\nana,{spelling},NA\n{spelling},ana,2\n")
    with_roster = rn.read_survey(noms, roster=roster)
    without = rn.read_survey(noms)
    for survey in (with_roster, without):
        assert people(survey) == {spelling, "ana"}
        assert survey.network().m == 2 and balanced(survey)
        notes = " ".join(survey.report.notes)
        assert "blank ids are empty cells only" in notes
        assert "read as blank in relation, wave or weight columns: 'NA' (1)" in notes
    assert pd.isna(with_roster.nodes.loc["ana", "team"])  # attributes keep their blanks


def test_blank_roster_id_is_still_an_error(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,team\n,1\nana,2\n")
    with pytest.raises(SurveyFormatError, match="blank ids in rows 2"):
        rn.read_survey(LONG, roster=roster)


# ---------------------------------------------------------------------- DataFrame dtypes
def test_unused_categories_never_become_people_or_labels():
    table = pd.DataFrame(
        {
            "respondent": pd.Categorical(["a", "b"], categories=["a", "b", "ghost"]),
            "nominee": pd.Categorical(["b", "a"], categories=["a", "b", "phantom"]),
            "relation": pd.Categorical(["trust"] * 2, categories=["trust", "unused"]),
            "wave": pd.Categorical([1, 1], categories=[1, 2, 3]),
        }
    )
    survey = rn.read_survey(table)
    assert people(survey) == {"a", "b"}
    assert survey.relations == ["trust"] and survey.waves == [1]


def test_arrow_backed_columns():
    pa = pytest.importorskip("pyarrow")
    table = pd.DataFrame(
        {
            "respondent": pd.array(["a", "b", None], dtype=pd.ArrowDtype(pa.string())),
            "nominee": pd.array(["b", "a", "a"], dtype="string[pyarrow]"),
            "weight": pd.array([1, None, 3], dtype=pd.ArrowDtype(pa.int64())),
            "wave": pd.array([1, 1, 1], dtype="int64[pyarrow]"),
        }
    )
    survey = outcome(rn.read_survey, table)
    assert not isinstance(survey, Exception), survey
    assert people(survey) == {"a", "b"} and survey.report.counts["dropped_blank"] == 1
    ints = pd.DataFrame(
        {"respondent": pd.array([1, 2], dtype="Int64"), "nominee": pd.array([2, pd.NA], "Int64")}
    )
    survey = outcome(rn.read_survey, ints)
    assert not isinstance(survey, Exception) and survey.report.counts["dropped_blank"] == 1


def test_duplicate_column_names_are_refused_naming_the_column(tmp_path):
    frame = pd.DataFrame([["a", "b", "c"]], columns=["respondent", "nominee", "nominee"])
    with pytest.raises(SurveyFormatError, match="two columns named 'nominee'"):
        rn.read_survey(frame)
    path = tmp_path / "dup.csv"
    path.write_text("respondent,nominee,nominee\na,b,c\n")
    with pytest.raises(SurveyFormatError, match="two columns named 'nominee'"):
        rn.read_survey(path)
    xlsx = tmp_path / "dup.xlsx"
    frame.to_excel(xlsx, index=False)
    with pytest.raises(SurveyFormatError, match="two columns named 'nominee'"):
        rn.read_survey(xlsx)


@pytest.mark.parametrize("cell", [["b", "c"], {"id": "b"}, ("b",)])
def test_list_and_dict_cells_name_the_column_and_the_wide_layout(tmp_path, cell):
    frame = pd.DataFrame({"respondent": ["a", "b"], "nominee": [cell, "a"]})
    with pytest.raises(SurveyFormatError, match=r"'nominee'.*wide layout"):
        rn.read_survey(frame)


def test_parquet_list_column(tmp_path):
    frame = pd.DataFrame({"respondent": ["a", "b"], "nominee": [["b", "c"], ["a"]]})
    path = tmp_path / "multi.parquet"
    frame.to_parquet(path)
    with pytest.raises(SurveyFormatError, match="wide layout"):
        rn.read_survey(path)


# ---------------------------------------------------------------------- weights and waves
@pytest.mark.parametrize("number", [float("inf"), float("nan"), -1, "high", None])
def test_scale_to_a_non_number_is_refused(number):
    with pytest.raises(ArgumentError, match="scale maps 'low'"):
        rn.read_survey(LONG.assign(weight="low"), scale={"low": number, "high": 2})


def test_wave_labels_1_and_text_1_are_one_wave(tmp_path):
    table = pd.DataFrame(
        {"respondent": ["a", "b", "c"], "nominee": ["b", "c", "a"], "wave": [1, "1", "1.0"]},
        dtype=object,
    )
    assert rn.read_survey(table).waves == [1]
    path = tmp_path / "w.csv"
    path.write_text("respondent,nominee,wave\na,b,1\nb,c,1.0\nc,a, 1\n")
    survey = rn.read_survey(path)
    assert survey.waves == [1] and survey.network(wave=1).m == 3
    assert survey.network(wave="1.0").m == survey.network(wave="1").m == 3


# ---------------------------------------------------------------------- argument misuse
@pytest.mark.parametrize(
    "kwargs",
    [
        {"weight": ["w"]},
        {"respondent": ["respondent"]},
        {"respondents": 5},
        {"respondents": "a"},
        {"nominees": 5},
        {"nominees": "(["},
        {"strict": "no"},
        {"strict": 1},
        {"scale": [1, 2]},
        {"duplicates": ["max"]},
        {"layout": None},
    ],
)
def test_argument_misuse_is_an_argument_error(kwargs):
    with pytest.raises(ArgumentError) as info:
        rn.read_survey(LONG, **kwargs)
    assert len(str(info.value)) < 400


def test_messages_quote_at_most_about_80_characters():
    huge = "x" * 5000
    with pytest.raises(ArgumentError) as info:
        rn.read_survey(LONG, nominees=[huge, 5.5])
    assert len(str(info.value)) < 300
    roster = pd.DataFrame({"id": ["a", "b", "c"]})
    with pytest.raises(UnknownPersonError) as info:
        rn.read_survey(LONG.assign(nominee=huge), roster=roster, unknown="error")
    assert huge not in str(info.value) and "5000 characters" in str(info.value)


def test_closest_names_on_a_large_roster_are_found():
    rng = np.random.default_rng(3)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    names = ["".join(rng.choice(letters, 12)) for _ in range(5000)]
    roster = pd.DataFrame({"id": [f"P{i}" for i in range(5000)], "name": names})
    misspelled = [n[:5] + n[6:] for n in names[:30]]  # one letter dropped
    table = pd.DataFrame({"respondent": ["P1"] * 30, "nominee": misspelled})
    report = rn.read_survey(table, roster=roster).report
    closest = report.unmatched.set_index("value")["closest"]
    hits = sum(f"(id 'P{i}')" in closest[m] for i, m in enumerate(misspelled))
    assert hits == 30  # difflib on the whole roster finds each one too (ratio 11/11.5 > 0.6)


# ---------------------------------------------------------------------- CLI misuse
def run_cli(capsys, *argv):
    code = cli(list(argv))
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ("summary", "{tmp}/missing.csv"),
        ("summary", "{tmp}/corrupt.xlsx"),
        ("metrics", "{tmp}/noms.csv", "--out", "{tmp}/no/such/folder/m.csv"),
        ("metrics", "{tmp}/noms.csv", "--out", "{tmp}"),
        ("report", "{tmp}/noms.csv", "--outcomes", "{tmp}/missing.csv", "--on", "team"),
        ("report", "{tmp}/noms.csv", "--outcomes", "{tmp}/ragged.csv", "--on", "team"),
        ("report", "{tmp}/noms.csv", "--out", "{tmp}/noms.csv"),
        ("validate", "{tmp}/noms.csv", "--nominees", "(["),
        ("validate", "{tmp}/noms.csv", "--layout", "grid"),
        ("metrics", "{tmp}/noms.csv"),
        ("no-such-command",),
    ],
)
def test_cli_misuse_is_one_line_and_exit_2(tmp_path, capsys, argv):
    write(LONG, tmp_path / "noms.csv")
    (tmp_path / "corrupt.xlsx").write_bytes(b"PK\x03\x04broken")
    (tmp_path / "ragged.csv").write_text('team,x\n"1,2\n')
    argv = [a.format(tmp=tmp_path) for a in argv]
    try:
        code, err = run_cli(capsys, *argv)
    except SystemExit as stop:  # argparse errors exit through SystemExit
        code, err = stop.code, capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("relnet: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_cli_debug_shows_the_traceback(tmp_path):
    with pytest.raises(SurveyFileError):
        cli(["--debug", "summary", str(tmp_path / "missing.csv")])
    with pytest.raises(SurveyFileError):
        cli(["summary", str(tmp_path / "missing.csv"), "--debug"])


def test_cli_bad_flag_value_names_the_flag(tmp_path, capsys):
    write(LONG, tmp_path / "noms.csv")
    code, err = run_cli(capsys, "validate", str(tmp_path / "noms.csv"), "--nominees", "([")
    assert code == 2 and "--nominees" in err


# ---------------------------------------------------------------------- CSV injection
PAYLOADS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "'=already", "007", "José", "a\nb", "-7", "x"]


def test_formula_ids_round_trip_through_metrics_and_csv(tmp_path, capsys):
    # a ring over the payload ids: each nominates the next
    table = pd.DataFrame({"respondent": PAYLOADS, "nominee": PAYLOADS[1:] + PAYLOADS[:1]})
    survey = rn.read_survey(table)
    assert people(survey) == set(PAYLOADS)
    g = survey.network()
    edges = tmp_path / "edges.csv"
    g.write(edges)
    text = edges.read_bytes().decode()
    for risky in ("=1+1", "+cmd", "-2+3", "@SUM(A1)"):
        assert f"\n{risky}," not in text and f",{risky}\r" not in text  # always quoted
    back = rn.read_survey(edges)  # source/target columns: read as a long survey
    assert people(back) == set(PAYLOADS)
    assert set(back.network().edges()[["source", "target"]].itertuples(index=False)) == set(
        g.edges()[["source", "target"]].itertuples(index=False)
    )
    # the CLI's metrics table: the ids in its index read back as they were
    out = tmp_path / "m.csv"
    assert cli(["metrics", str(edges), "--out", str(out)]) == 0
    capsys.readouterr()
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)  # pandas keeps the quotes
    assert "'=1+1" in frame.iloc[:, 0].tolist() and "-7" in frame.iloc[:, 0].tolist()
    ids_file = tmp_path / "m_ids.csv"  # relnet's readers take one quote off again
    pd.DataFrame({"respondent": frame.iloc[:, 0], "nominee": "x"}).to_csv(ids_file, index=False)
    assert people(rn.read_survey(ids_file)) - {"x"} == set(PAYLOADS) - {"x"}


def test_spreadsheet_safe_keeps_numbers_and_prefixes_text():
    frame = pd.DataFrame({"v": ["=A1", "-1.5", "ok", "\tx", "\rx"], "n": [-1.0, 2.0, 3, 4, 5]})
    safe = spreadsheet_safe(frame)
    assert safe["v"].tolist() == ["'=A1", "-1.5", "ok", "'\tx", "'\rx"]
    assert safe["n"].tolist() == [-1.0, 2.0, 3, 4, 5]


def test_issue_table_is_written_safely(tmp_path):
    table = pd.DataFrame({"respondent": ["a", "a"], "nominee": ["=cmd|' /C calc'!A0", "a"]})
    survey = rn.read_survey(table, roster=pd.DataFrame({"id": ["a", "b"]}))
    path = survey.report.write_issues(tmp_path / "issues.csv")
    assert "'=cmd" in path.read_text() and "\n=cmd" not in path.read_text()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("0789aAé=+-@'.E \u0301\u200b") + ["\ufeff", "\n"]),
            min_size=1,
            max_size=6,
        ),
        min_size=2,
        max_size=12,
    )
)
def test_file_ids_are_exactly_the_text_written(tmp_path, raw_ids):
    ids = [i for i in raw_ids if expected_id(i)]
    if len(ids) < 2:
        return
    table = pd.DataFrame({"respondent": ids, "nominee": ids[1:] + ids[:1]})
    path = tmp_path / "noms.csv"
    write_csv(table, path, index=False)
    survey = outcome(rn.read_survey, path)
    assert not isinstance(survey, Exception), survey
    assert people(survey) == {expected_id(i) for i in ids}
    from_frame = outcome(rn.read_survey, table)
    assert people(from_frame) == people(survey)


def test_names_are_normalised_and_case_variants_of_ids_are_listed():
    roster = pd.DataFrame(
        {"id": ["E1", "E2", "E3"], "name": ["Jose\u0301 Lima", "Ana\u200b", "Li"]}
    )
    table = pd.DataFrame({"respondent": ["E3", "e3"], "nominee": ["José Lima", "ana"]})
    survey = rn.read_survey(table, roster=roster)
    assert survey.nodes["name"].tolist() == ["José Lima", "Ana", "Li"]  # NFC, no ZWSP
    assert any(n.startswith("names normalised: 2") for n in survey.report.notes)
    issues = survey.report.issues
    dup = issues[issues["problem"] == "possible duplicate id"]
    assert dup["value"].tolist() == ["e3"] and "'E3'" in dup["detail"].iloc[0]
    assert survey.network().m == 2  # e3 -> ana is matched like a name, and listed
    shared = survey.pseudonymize("salt")
    text = shared.report.issues.astype(str).to_string() + " ".join(shared.report.notes)
    assert "E3" not in text and "e3" not in text


def test_the_pandas_reader_keeps_ids_as_text(tmp_path):
    # the reader used when pyarrow is not installed: same id rules
    from relnet.ingest.readers import Source, _read_text_pandas

    path = tmp_path / "n.csv"
    path.write_text("respondent,nominee,weight\n007,NA,NA\n7,null,2\n")
    frame = _read_text_pandas(path, Source("n.csv"), "utf-8", ",", lambda names: names[:2])
    assert frame["respondent"].tolist() == ["007", "7"]
    assert frame["nominee"].tolist() == ["NA", "null"]
    assert frame["weight"].isna().tolist() == [True, False]


def test_matrix_cell_errors_quote_little():
    grid = pd.DataFrame({"rater": ["a", "b"], "a": [0, "x" * 500], "b": [1, 0]})
    with pytest.raises(SurveyFormatError) as info:
        rn.read_survey(grid, layout="matrix")
    assert "x" * 100 not in str(info.value) and "500 characters" in str(info.value)
