"""relnet.report: the folder, its tables, privacy (pseudonyms, small groups) and escaping."""

from __future__ import annotations

import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
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
    # the missing-data rule and why come first, before the first section
    first = text.index('id="missing-rule"')
    assert first < text.index("<h2")
    rule = text[first : text.index("</p>", first)]
    assert "every table uses missing=&#x27;ignore&#x27;" in rule
    assert "did not respond" in rule and "relnet&#x27;s default for every measure" in rule


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


def _sidecar(csv: Path) -> dict:
    return json.loads(csv.with_suffix(".json").read_text(encoding="utf-8"))


def _check_numbers(folder: Path, survey, rule: str) -> None:
    """The report's tables equal network_metrics / group_metrics / compare_waves under the
    rule each table's sidecar states."""
    tables = folder / "tables"
    for csv in tables.glob("*.csv"):
        assert _sidecar(csv)["missing"] == rule, csv.name  # every CSV records the rule
    measures = pd.read_csv(tables / "network_measures.csv")
    assert _sidecar(tables / "network_measures.csv")["table"] == "tables/network_measures.csv"
    for relation in ("trust", "advice"):
        for wave in (1, 2):
            row = measures[
                (measures["relation"] == relation) & (measures["wave"].astype(str) == str(wave))
            ].iloc[0]
            g = survey.network(relation, wave)
            want = rn.network_metrics(g, missing=rule, seed=1)
            for key, value in want.items():
                assert row[key] == pytest.approx(value, rel=1e-9, nan_ok=True), (relation, key)
            assert row["respondents"] == int(g.responded.sum())
    g = survey.network("trust", 1)
    groups = pd.read_csv(tables / "groups__trust__1.csv").set_index("team")
    want = rn.group_metrics(g, by="team", missing=rule)
    want.index = want.index.astype(str)
    assert sorted(groups.index) == sorted(want.index[want["size"] >= 5])
    for column in ("density", "reciprocity", "mutual_share", "mutual", "null", "arcs"):
        np.testing.assert_allclose(
            groups[column].to_numpy(dtype=float),
            want.loc[groups.index, column].to_numpy(dtype=float),
            rtol=1e-9,
            err_msg=column,
        )
    waves = pd.read_csv(tables / "waves__trust__table.csv").set_index(["team", "wave_from"])
    changes = rn.compare_waves(survey, "trust", by="team", missing=rule)
    changes = changes.reset_index().astype({"team": str}).set_index(["team", "wave_from"])
    for column in ("density_from", "reciprocity_to", "ties_gained", "jaccard"):
        np.testing.assert_allclose(
            waves[column].to_numpy(dtype=float),
            changes.loc[waves.index, column].to_numpy(dtype=float),
            rtol=1e-9,
            err_msg=column,
        )


def test_tables_hold_the_stated_numbers(default_report, survey):
    index, _ = default_report
    _check_numbers(index.parent, survey, "ignore")
    measures = pd.read_csv(index.parent / "tables" / "network_measures.csv")
    row = measures[(measures["relation"] == "trust") & (measures["wave"].astype(str) == "1")]
    g = survey.network("trust", 1)
    # missing="ignore": every cell counts, density = arcs / (n (n - 1))
    assert row["density"].item() == pytest.approx(g.m / (g.n * (g.n - 1)))


@pytest.mark.parametrize("rule", ["observed", "reconstruct"])
def test_chosen_rule_is_stated_and_used(tmp_path, survey, rule):
    with warnings.catch_warnings():
        warnings.simplefilter("error", rn.MissingDataWarning)  # a stated rule: no warning
        index = rn.report(survey, by="team", out=tmp_path, seed=1, max_group_views=0,
                          missing=rule)  # fmt: skip
    text = index.read_text()
    first = text.index('id="missing-rule"')
    assert first < text.index("<h2")
    statement = text[first : text.index("</p>", first)]
    assert f"every table uses missing=&#x27;{rule}&#x27;" in statement
    assert "chosen for this report" in statement
    _check_numbers(index.parent, survey, rule)
    if rule == "observed":
        g = survey.network("trust", 1)
        measures = pd.read_csv(index.parent / "tables" / "network_measures.csv")
        row = measures[(measures["relation"] == "trust") & (measures["wave"].astype(str) == "1")]
        # synth non-respondents send nothing: density = arcs / (respondents (n - 1))
        respondents = int(g.responded.sum())
        assert row["density"].item() == pytest.approx(g.m / (respondents * (g.n - 1)))


def test_minimal_survey_and_progress_bar(tmp_path, capsys):
    noms = pd.DataFrame({"respondent": ["a", "b", "c", "a"], "nominee": ["b", "c", "a", "c"]})
    survey = rn.read_survey(noms)
    index = rn.report(survey, out=tmp_path, progress=True)
    text = index.read_text()
    assert "Changes between waves" not in text and "Groups" not in text
    assert (tmp_path / "tables" / "network_measures.csv").exists()
    assert len(list((tmp_path / "views").glob("*.html"))) == 1
    assert "relnet report" in capsys.readouterr().err  # the tqdm bar went to stderr
