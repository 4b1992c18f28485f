"""report_data (the report's tables without HTML) and the issue-21 findings on the rendered page:
wording, rounding, the n of each association, warnings, undefined transitivity, legends,
palettes, the shared vis-network copy and stale files."""

from __future__ import annotations

import itertools
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.viz._html import MAX_DISTINCT, style_of
from relnet.viz.network_view import to_html
from relnet.viz.report import group_label, readable
from relnet.viz.report_data import _undefined_transitivity, holm, p_text, percent, plural


@pytest.fixture(scope="module")
def system():
    return rn.synth.health_system(300, n_sites=3, n_waves=1, seed=7)


@pytest.fixture(scope="module")
def survey(system):
    return rn.read_survey(system.nominations, roster=system.roster)


@pytest.fixture(scope="module")
def data(survey, system):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rn.report_data(
            survey, system.outcomes["team"], by="team", outcome_columns=["fidelity"], seed=1
        )


@pytest.fixture(scope="module")
def page(tmp_path_factory, survey, system):
    out = tmp_path_factory.mktemp("page")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        index = rn.report(
            survey,
            system.outcomes["team"],
            by="team",
            out=out,
            outcome_columns=["fidelity"],
            max_group_views=2,
            seed=1,
        )
    return index


# ---------------------------------------------------------------------- report_data, no HTML
def test_findings_carry_numbers_and_link_to_sections(data, survey):
    assert 3 <= len(data.findings) <= 6
    first = data.findings[0].text
    responded = survey.nodes["responded"]
    # 300 people, share responded rounded to a whole percent
    assert f"{len(responded):,} people" in first
    assert f"{round(100 * responded.mean()):.0f}%" in first
    anchors = {f.anchor for f in data.findings}
    assert anchors <= {"ingest", "measures", "outcomes", "informal", "multiplex", "missing-rule"}
    recip = next(f.text for f in data.findings if f.text.startswith("Trust is returned"))
    g = survey.network("trust", None)
    assert percent(rn.reciprocity(g, missing="ignore")) in recip
    assert "CUG" in recip and "p " in recip
    assert data.findings[-1].text.startswith("Limits:")


def test_cug_per_group_tests_reciprocity_and_transitivity(data, survey):
    """Each group's row equals rn.cug_test on the same network, seed and draws (issue 15:
    reciprocity under edges, transitivity under dyad_census)."""
    relation = data.relations[0]
    table = data.cug_groups[relation]
    n_sims = table.attrs["n_sims"]
    g = data.graphs[(relation, data.waves[-1])]
    for statistic, condition in (("reciprocity", "edges"), ("transitivity", "dyad_census")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = rn.cug_test(
                g, statistic, condition=condition, n_sims=n_sims, by="team", seed=1,
                missing=data.missing,
            )  # fmt: skip
        want = want.loc[table.index]
        np.testing.assert_allclose(table[statistic], want["observed"])
        np.testing.assert_allclose(table[f"{statistic}_chance"], want["null_mean"])
        np.testing.assert_allclose(table[f"{statistic}_p"], want["p_greater"])


def test_privacy_applied_in_the_tables(survey, system):
    roster = system.roster.copy()
    roster["team"] = roster["team"].astype(str)
    roster.loc[roster.index[:3], "team"] = "tiny"
    s = rn.read_survey(system.nominations, roster=roster)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = rn.report_data(s, system.outcomes["team"], by="team", outcome_columns=["fidelity"])
    sizes = s.nodes["team"].value_counts()
    assert d.suppressed == {k: int(v) for k, v in sizes[sizes < 5].items()}
    assert d.suppressed["tiny"] == 3
    for table in d.groups.values():
        assert not set(table.index) & set(d.suppressed)
    linked = d.linked["trust"]
    keys = linked["team"] if "team" in linked.columns else linked.index.get_level_values("team")
    assert len(keys) and not set(keys) & set(d.suppressed)
    people = d.people["trust"]
    assert not people.index.isin(s.nodes.index).any()  # pseudonyms, not the survey's ids
    assert (people["team"] == "(small group)").sum() == sum(d.suppressed.values())


def test_association_n_is_the_groups_with_both_values(data):
    # One call per measure (pairwise complete): n = groups where the measure and the
    # outcome are both known; the scatter plot uses the same rows.
    linked = data.linked["trust"]
    table = data.associations["trust"]
    for _, row in table.iterrows():
        both = linked[[row["term"], row["outcome"]]].apply(pd.to_numeric, errors="coerce")
        assert row["n"] == int(both.notna().all(axis=1).sum()), row["term"]
    # Spearman estimate checked against scipy on the same rows
    from scipy import stats

    row = table[table["term"] == "density"].iloc[0]
    ok = linked[["density", "fidelity"]].dropna()
    assert row["estimate"] == pytest.approx(stats.spearmanr(ok["density"], ok["fidelity"])[0])
    # Holm across the measures of one outcome, checked against statsmodels
    from statsmodels.stats.multitest import multipletests

    want = multipletests(table["p_value"], method="holm")[1]
    np.testing.assert_allclose(table["p_adjusted"], want)


def test_small_sample_warning_only_where_it_applies(data, survey, system):
    # 30 groups and one measure per model: no "fewer than 10 per term" warning
    assert not any("fewer than 10" in n for n in data.association_notes["trust"])
    # 6 groups (by site would give 3; use the first 6 teams): the warning applies and shows
    keep = system.roster["team"].isin(sorted(system.roster["team"].unique())[:6])
    ids = set(system.roster.loc[keep, "id"])
    noms = system.nominations[
        system.nominations["respondent"].isin(ids) & system.nominations["nominee"].isin(ids)
    ]
    small = rn.read_survey(noms, roster=system.roster[keep])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = rn.report_data(small, system.outcomes["team"], by="team", outcome_columns=["fidelity"])
    assert any("fewer than 10" in n for n in d.association_notes["trust"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=30),
    st.lists(st.integers(0, 2), min_size=8, max_size=8),
)
def test_two_paths_match_brute_force(pairs, teams):
    arcs = sorted({(u, v) for u, v in pairs if u != v})
    nodes = pd.DataFrame({"team": [f"t{t}" for t in teams]}, index=range(8))
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=nodes)
    table = rn.group_metrics(g, by="team")
    got = _undefined_transitivity(g, table, "team")
    arcset = set(arcs)
    for team in got.index:
        members = [i for i in range(8) if f"t{teams[i]}" == team]
        # brute force: i -> j -> k inside the team, i != k
        want = sum(
            (i, j) in arcset and (j, k) in arcset for i, j, k in itertools.permutations(members, 3)
        )
        assert got.loc[team, "two_paths"] == want
        if want == 0:
            assert np.isnan(got.loc[team, "transitivity"])
        else:
            assert got.loc[team, "transitivity"] == pytest.approx(table.loc[team, "transitivity"])


def test_holm_and_text_helpers():
    # Holm: sorted p (0.01, 0.03, 0.04) -> 3*0.01, max(2*0.03, 0.03), max(1*0.04, 0.06)
    assert holm(np.array([0.01, 0.04, 0.03])).tolist() == pytest.approx([0.03, 0.06, 0.06])
    assert np.isnan(holm(np.array([np.nan, 0.5]))[0])
    assert plural(1, "group") == "1 group" and plural(2, "group") == "2 groups"
    assert plural(3, "community") == "3 communities" and plural(2, "person") == "2 people"
    assert p_text(0.0, 200) == "< 0.005" and p_text(0.0004) == "< 0.001"
    assert percent(0.8512) == "85%" and percent(0.045) == "4.5%"
    assert group_label("team", "team_18") == "team_18" and group_label("site", 3) == "site 3"
    assert readable(0.8512, "response_rate")[0] == "85%"
    assert readable(0.0108)[0] == "0.011" and readable(12345.6)[0] == "12,346"
    assert readable(float("nan"), "transitivity")[0] == "\u2014"


# ---------------------------------------------------------------------- the rendered page
def test_page_wording(page):
    text = page.read_text()
    assert "team team_" not in text  # the group's own name, not "team team_18"
    assert re.search(r"\b1 groups\b", text) is None
    assert re.search(r"\b1 (teams|communitys)\b", text) is None
    assert "communitys" not in text
    assert "merged ()" not in text and "&lt;DataFrame&gt;" not in text
    # rates are percentages, not 0.8512...
    assert not re.search(r"<td>0\.[1-9]\d{2,}</td>", text)
    assert '<section id="summary">' in text
    assert text.index('<section id="summary">') < text.index('id="measures"')


def test_undefined_transitivity_shown_as_dash_with_footnote(tmp_path):
    # team a: 5 people, one arc a1 -> a2: no two-path, transitivity undefined (not 1)
    # team b: 5 people in a directed 5-cycle plus b1 -> b3: two-paths exist
    a = [f"a{i}" for i in range(1, 6)]
    b = [f"b{i}" for i in range(1, 6)]
    src = ["a1", *b, "b1"]
    dst = ["a2", *b[1:], b[0], "b3"]
    roster = pd.DataFrame({"id": a + b, "team": ["A"] * 5 + ["B"] * 5})
    noms = pd.DataFrame({"respondent": src, "nominee": dst})
    s = rn.read_survey(noms, roster=roster)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = rn.report_data(s, by="team")
        index = rn.report(s, by="team", out=tmp_path, max_group_views=0)
    groups = next(iter(d.groups.values()))
    assert np.isnan(groups.loc["A", "transitivity"]) and groups.loc["A", "two_paths"] == 0
    assert groups.loc["B", "two_paths"] > 0
    convention = rn.group_metrics(s.network(), by="team", missing="ignore")
    assert convention.loc["A", "transitivity"] == 1.0  # what sna-style tools report
    text = index.read_text()
    assert "<td>\u2014</td>" in text and "no two-step path" in text


def test_views_share_one_vis_network_copy(page):
    views = page.parent / "views"
    assert (views / "vis-network.min.js").exists()
    pages = list(views.glob("*.html"))
    assert pages
    for view in pages:
        text = view.read_text()
        assert '<script src="./vis-network.min.js"></script>' in text
        assert len(text) < 400_000  # no inlined 0.7 MiB library
        assert "vis.Network" in text
    total = sum(p.stat().st_size for p in page.parent.rglob("*") if p.is_file())
    assert total < 5 * 2**20


def test_stale_files_removed(tmp_path, survey):
    (tmp_path / "tables").mkdir()
    (tmp_path / "views").mkdir()
    (tmp_path / "tables" / "old_table.csv").write_text("x\n1\n")
    (tmp_path / "views" / "old_view.html").write_text("<p>old</p>")
    (tmp_path / "mine.txt").write_text("user file")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rn.report(survey, out=tmp_path, relations="trust", seed=1)
    assert not (tmp_path / "tables" / "old_table.csv").exists()
    assert not (tmp_path / "views" / "old_view.html").exists()
    assert (tmp_path / "mine.txt").exists()  # only the report's own folders are cleaned


# ---------------------------------------------------------------------- views
def _legend(text: str) -> str:
    start = text.index('id="relnet-legend"')
    return text[start : text.index("</div>", start)]


def test_legend_names_relation_and_weights(tmp_path):
    g = rn.Network.from_edges(["a", "b", "c"], ["b", "c", "a"])  # every weight 1
    legend = _legend(to_html(g, tmp_path / "u.html", relation="advice").read_text())
    assert "advice ties (unweighted)" in legend and "trust" not in legend
    w = rn.Network.from_edges(["a", "b"], ["b", "c"], weight=[1, 4])
    legend = _legend(to_html(w, tmp_path / "w.html", relation="trust").read_text())
    assert "line width = trust weight (1 to 4)" in legend
    legend = _legend(
        to_html(w, tmp_path / "r.html", highlight=["b"], highlight_label="top brokers").read_text()
    )
    assert "red ring = top brokers" in legend


def test_palette_never_repeats_below_70_values(tmp_path):
    styles = [style_of(k)[:2] for k in range(MAX_DISTINCT)]
    assert len(set(styles)) == MAX_DISTINCT == 70
    n = 25
    nodes = pd.DataFrame({"unit": [f"u{k:02d}" for k in range(n)]}, index=range(n))
    g = rn.Network.from_edges(list(range(n - 1)), list(range(1, n)), nodes=nodes)
    text = to_html(g, tmp_path / "p.html", color_by="unit").read_text()
    data = re.search(r'id="relnet-data">(.*?)</script>', text).group(1)
    import json

    payload = json.loads(data)
    pairs = set(zip(payload["nodes"]["color"], payload["nodes"]["shape"]))
    assert len(pairs) == n  # 25 units, 25 distinct colour-shape pairs
    assert "repeat" not in _legend(text)


def test_many_people_labels_on_hover_only(tmp_path):
    g = rn.Network.from_edges(list(range(150)), [(i + 1) % 150 for i in range(150)])
    text = to_html(g, tmp_path / "big.html").read_text()
    assert '"many_labels": true' in text and "labels show on hover" in text
    small = to_html(rn.Network.from_edges([1], [2]), tmp_path / "s.html").read_text()
    assert '"many_labels": false' in small


def test_standalone_view_inlines_the_library(tmp_path):
    text = to_html(rn.Network.from_edges([1], [2]), tmp_path / "s.html").read_text()
    assert "<script src=" not in text and len(text) > 400_000


def test_old_group_by_keyword_warns(tmp_path):
    nodes = pd.DataFrame({"unit": ["x", "x", "y"]}, index=[1, 2, 3])
    g = rn.Network.from_edges([1, 2], [2, 3], nodes=nodes)
    with pytest.warns(FutureWarning, match="by="):
        to_html(g, tmp_path / "g.html", group_by="unit", max_nodes=2)


def test_waves_option(tmp_path):
    system = rn.synth.health_system(120, n_sites=2, n_waves=2, seed=5)
    s = rn.read_survey(system.nominations, roster=system.roster)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = rn.report_data(s, relations="trust", waves="2")  # the wave's text works too
        assert d.waves == [2] and list(d.measures.index) == [("trust", "2")]
        assert d.wave_changes == {}
        with pytest.raises(rn.ArgumentError, match="waves"):
            rn.report_data(s, waves=[9])
        index = rn.report(s, relations="trust", waves=[2], out=tmp_path, seed=1)
    assert "Changes between waves" not in index.read_text()


def test_more_groups_than_max_nodes_still_writes_the_index(tmp_path, system):
    # The issue: by a grouping with more values than max_nodes, the report failed after
    # minutes and left no index.html. Now the whole-network view is drawn by a coarser
    # attribute and the page is written.
    roster = system.roster.copy()
    roster["desk"] = [f"d{i:03d}" for i in range(len(roster))]  # 300 values
    s = rn.read_survey(system.nominations, roster=roster)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        index = rn.report(
            s, by="desk", min_group_size=1, max_nodes=100, max_group_views=1, out=tmp_path
        )
    text = index.read_text()
    assert index.exists() and 'href="views/network__trust' in text
    view = (tmp_path / "views").glob("network__trust*.html")
    assert "drawn at the group level" in next(view).read_text()


def test_one_group_and_one_duplicate_read_as_sentences(tmp_path):
    # five people in one unit; a->b nominated twice (merged into one), nothing dropped
    noms = pd.DataFrame(
        {"respondent": ["a", "a", "b", "c", "d", "e"], "nominee": ["b", "b", "c", "d", "e", "a"]}
    )
    roster = pd.DataFrame({"id": list("abcde"), "unit": ["u1"] * 5})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = rn.read_survey(noms, roster=roster)
        index = rn.report(s, by="unit", out=tmp_path, labels="id", max_group_views=0)
    text = index.read_text()
    assert "One row per unit: 1 group;" in text and "1 groups" not in text
    assert "6 nominations read: 5 kept, 1 duplicate merged, 0 dropped." in text
    assert "merged ()" not in text


def test_limits_sentence_when_everyone_responded():
    noms = pd.DataFrame({"respondent": list("abcde"), "nominee": list("bcdea")})
    roster = pd.DataFrame({"id": list("abcde"), "city": ["x"] * 3 + ["y"] * 2})
    s = rn.read_survey(noms, roster=roster)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = rn.report_data(s, by="city", min_group_size=1)
    limit = d.findings[-1].text
    assert limit.startswith("Limits: everyone responded") and "0% did not respond" not in limit
    assert "2 groups (city)" in d.findings[0].text
    from relnet.viz._html import plural_word

    assert [plural_word(w) for w in ("city", "day", "office", "person")] == [
        "cities",
        "days",
        "offices",
        "people",
    ]


def test_outcome_and_predictor_choices_checked_before_work(survey, system):
    outcomes = system.outcomes["team"].assign(label="x")
    with pytest.raises(rn.ArgumentError, match="not numeric"):
        rn.report_data(survey, outcomes, by="team", outcome_columns=["label"])
    with pytest.raises(rn.ArgumentError, match="not group measures; choose from"):
        rn.report_data(survey, outcomes, by="team", predictors=["densty"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = rn.report_data(
            survey,
            outcomes,
            by="team",
            relations="trust",
            outcome_columns=["fidelity"],
            predictors=["density", "ei_index"],
        )
    assert sorted(d.associations["trust"]["term"]) == ["density", "ei_index"]


def test_multiplex_holders_per_group(data, survey):
    """Share of people holding a multiplex tie per team, against a pandas count on
    rn.multiplexity's node table (issue 18's report section)."""
    table = data.multiplex_by_group
    assert table is not None and len(table)
    last = data.waves[-1]
    layers = {str(r): data.graphs[(r, last)] for r in data.relations}
    nodes = rn.multiplexity(layers).nodes
    teams = data.graphs[(data.relations[0], last)].attribute("team")
    holds = (nodes["multiplex_out"] + nodes["multiplex_in"]) > 0
    want = holds.groupby(teams).mean()
    np.testing.assert_allclose(table["holders_share"], want.loc[table.index])
    assert not set(table.index) & set(data.suppressed)


def test_community_view_colours_people_by_their_informal_group(data, page):
    """The partition behind the silo table is rn.communities on the same graph and seed, and
    the report draws it: a view per relation whose legend lists every community found."""
    assert data.community_labels
    for relation, labels in data.community_labels.items():
        g = data.graphs[(relation, data.waves[-1])]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = rn.communities(g, seed=1)
        pd.testing.assert_series_equal(labels.reindex(g.ids), want.reindex(g.ids))
        assert data.silos[relation].attrs["n_communities"] == labels.nunique()
        views = list((page.parent / "views").glob(f"communities__{relation}*.html"))
        assert len(views) == 1
        legend = _legend(views[0].read_text())
        for community in labels.unique():
            assert f"community {community}" in legend
    assert "communities__" in page.read_text()  # linked from the index
