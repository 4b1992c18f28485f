"""relnet.report: the folder, its tables, privacy (pseudonyms, small groups) and escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import relnet as rn
from relnet.errors import ArgumentError

HOSTILE = "<img src=x onerror=alert(1)>"


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src"):
                self.refs.append((tag, value))


def _refs(path: Path) -> list[tuple[str, str]]:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.refs


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.*")))


@pytest.fixture(scope="module")
def system():
    return rn.synth.health_system(240, n_sites=2, n_waves=2, seed=11)


@pytest.fixture(scope="module")
def survey(system):
    roster = system.roster.copy()
    roster["id"] = "staff_" + roster["id"].astype(str).str.zfill(4)
    roster["name"] = "Secretname " + roster["id"].str[-4:]
    noms = system.nominations.copy()
    for col in ("respondent", "nominee"):
        noms[col] = "staff_" + noms[col].astype(str).str.zfill(4)
    # one team of two people: it must be suppressed everywhere
    roster["team"] = roster["team"].astype(str)
    roster.loc[roster.index[:2], "team"] = "tinyteam"
    return rn.read_survey(noms, roster=roster)


@pytest.fixture(scope="module")
def default_report(tmp_path_factory, survey, system):
    out = tmp_path_factory.mktemp("report")
    calls = []
    index = rn.report(
        survey,
        outcomes=system.outcomes["team"],
        on="team",
        by="team",
        out=out,
        seed=1,
        outcome_columns=["fidelity"],
        max_group_views=2,
        progress=lambda *args: calls.append(args),
    )
    return index, calls


def test_folder_index_and_every_link_resolves(default_report):
    index, _ = default_report
    folder = index.parent
    assert index.name == "index.html" and index.exists()
    refs = _refs(index)
    hrefs = [v for t, v in refs if t == "a" and not v.startswith("#")]
    assert any(h.startswith("views/") for h in hrefs)
    assert any(h.startswith("tables/") and h.endswith(".csv") for h in hrefs)
    for href in hrefs:
        assert (folder / href).exists(), href
    for tag, value in refs:
        assert not re.match(r"\s*(https?:)?//", value), (tag, value)
    # every CSV in the folder is linked from the page
    linked = {h for h in hrefs if h.startswith("tables/")}
    assert {f"tables/{p.name}" for p in (folder / "tables").glob("*.csv")} == linked
    # sections the issue asks for
    text = index.read_text()
    for heading in (
        "How the survey was read",
        "Network measures",
        "Groups",
        "Outcomes",
        "Most central",
        "Changes between waves",
        "Network views",
    ):
        assert heading in text
    assert "missing=&#x27;observed&#x27;" in text  # the missing-data choice is stated


def test_pseudonymised_by_default(default_report, survey):
    index, _ = default_report
    text = _all_text(index.parent)
    assert "staff_0" not in text  # no original id anywhere: page, tables, views
    assert "Secretname" not in text


def test_small_groups_suppressed(default_report):
    index, _ = default_report
    text = _all_text(index.parent)
    assert "tinyteam" not in text
    assert "fewer than 5 people are left out" in index.read_text()


def test_progress_reaches_total(default_report):
    _, calls = default_report
    done = [c[1] for c in calls]
    assert done == list(range(1, len(calls) + 1))
    assert calls[-1][1] == calls[-1][2]


def test_labels_id_and_name(tmp_path, survey):
    index = rn.report(survey, relations="trust", labels="id", out=tmp_path / "ids", seed=1)
    text = _all_text(index.parent)
    assert "staff_0" in text and "Secretname" not in text
    index = rn.report(survey, relations=["trust"], labels="name", out=tmp_path / "n", seed=1)
    assert "Secretname" in _all_text(index.parent / "views")


def test_hostile_strings_are_escaped(tmp_path):
    noms = pd.DataFrame(
        {
            "respondent": [HOSTILE, "b", "c", "d", "e", "a"],
            "nominee": ["b", "c", "d", "e", HOSTILE, "b"],
            "relation": ['"><script>alert(1)</script>'] * 6,
        }
    )
    roster = pd.DataFrame(
        {"id": [HOSTILE, "a", "b", "c", "d", "e"], "unit": ["javascript:alert(1)<b>"] * 6}
    )
    survey = rn.read_survey(noms, roster=roster)
    index = rn.report(survey, by="unit", labels="id", out=tmp_path, seed=1)
    for path in index.parent.rglob("*.html"):
        text = path.read_text()
        assert "<img" not in text and "<script>alert" not in text and "alert(1)<b>" not in text
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", path.name)


def test_bad_arguments(tmp_path, survey):
    with pytest.raises(ArgumentError, match="by="):
        rn.report(survey, by="nope", out=tmp_path)
    with pytest.raises(ArgumentError, match="labels"):
        rn.report(survey, labels="names", out=tmp_path)
    with pytest.raises(ArgumentError, match="relations"):
        rn.report(survey, relations="love", out=tmp_path)
    with pytest.raises(ArgumentError, match="by="):
        rn.report(survey, outcomes=pd.DataFrame({"team": []}), out=tmp_path)
    with pytest.raises(ArgumentError, match="Survey"):
        rn.report("not a survey", out=tmp_path)


def test_tables_hold_the_stated_numbers(default_report, survey):
    index, _ = default_report
    tables = index.parent / "tables"
    measures = pd.read_csv(tables / "network_measures.csv")
    row = measures[(measures["relation"] == "trust") & (measures["wave"].astype(str) == "1")]
    g = survey.network("trust", 1)
    respondents = int(g.responded.sum())
    # missing="observed": cells i->j count when i responded; synth non-respondents send nothing,
    # so density = arcs / (respondents * (n - 1)).
    assert row["density"].item() == pytest.approx(g.m / (respondents * (g.n - 1)))
    assert row["respondents"].item() == respondents
    groups = pd.read_csv(tables / "groups__trust__1.csv")
    sizes = survey.nodes["team"].value_counts()
    assert sorted(groups["team"]) == sorted(sizes[sizes >= 5].index)


def test_minimal_survey_and_progress_bar(tmp_path, capsys):
    noms = pd.DataFrame({"respondent": ["a", "b", "c", "a"], "nominee": ["b", "c", "a", "c"]})
    survey = rn.read_survey(noms)
    index = rn.report(survey, out=tmp_path, progress=True)
    text = index.read_text()
    assert "Changes between waves" not in text and "Groups" not in text
    assert (tmp_path / "tables" / "network_measures.csv").exists()
    assert len(list((tmp_path / "views").glob("*.html"))) == 1
    assert "relnet report" in capsys.readouterr().err  # the tqdm bar went to stderr
