"""relnet.synth output through files (CSV, xlsx, parquet) and read_survey, unchanged; kernels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.kernels.ingest import keep_rows, mark_repeats, respondent_marks


@pytest.fixture(scope="module")
def synthetic():
    return rn.synth.health_system(240, n_sites=2, seed=11, n_waves=2)


def write(frame: pd.DataFrame, path) -> None:
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path, index=False)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_synth_round_trips_unchanged(tmp_path, synthetic, suffix):
    noms_path = tmp_path / f"nominations{suffix}"
    roster_path = tmp_path / f"roster{suffix}"
    write(synthetic.nominations, noms_path)
    write(synthetic.roster, roster_path)
    survey = rn.read_survey(noms_path, roster=roster_path)
    report = survey.report
    assert report.counts["input"] == len(synthetic.nominations)
    assert report.counts["kept"] == len(synthetic.nominations)
    assert report.counts["merged"] == 0 and report.counts["dropped"] == 0
    assert len(report.issues) == 0

    # nominations: the same rows and values; ids from a file are the text of their cells
    want = synthetic.nominations.rename(columns={"respondent": "source", "nominee": "target"})
    want = want.assign(source=want["source"].astype(str), target=want["target"].astype(str))
    got = survey.nominations
    key = ["relation", "wave", "source", "target"]
    got = got.assign(relation=got["relation"].astype(str), wave=got["wave"].astype(np.int64))
    want = want.assign(relation=want["relation"].astype(str), weight=want["weight"] * 1.0)
    pd.testing.assert_frame_equal(
        got.sort_values(key).reset_index(drop=True)[list(want.columns)],
        want.sort_values(key).reset_index(drop=True),
        check_dtype=False,
    )
    assert all(isinstance(v, str) for v in got["source"].head(50))

    # people: roster order and attributes, responded as on the roster
    roster = synthetic.roster.assign(id=synthetic.roster["id"].astype(str)).set_index("id")
    nodes = survey.nodes
    assert list(nodes.index) == list(roster.index)
    for column in ("site", "unit", "team", "role"):
        assert nodes[column].astype(str).tolist() == roster[column].astype(str).tolist()
    assert nodes["responded"].tolist() == roster["responded"].tolist()
    assert survey.relations == sorted(synthetic.nominations["relation"].unique())
    assert survey.waves == sorted(synthetic.nominations["wave"].unique())

    # networks: each layer's arcs equal the synthetic layer's nominations
    for (relation, wave), layer in synthetic.nominations.groupby(["relation", "wave"]):
        g = survey.network(relation, wave)
        arcs = {(s, t, float(w)) for s, t, w in g.edges().itertuples(index=False)}
        assert arcs == {
            (str(s), str(t), float(w))
            for s, t, w in layer[["respondent", "nominee", "weight"]].itertuples(index=False)
        }
        assert g.n == len(roster)


def test_synth_from_dataframes_matches_files(tmp_path, synthetic):
    direct = rn.read_survey(synthetic.nominations, roster=synthetic.roster)
    write(synthetic.nominations, tmp_path / "n.csv")
    from_csv = rn.read_survey(tmp_path / "n.csv", roster=synthetic.roster)
    assert direct.report.counts == from_csv.report.counts
    pd.testing.assert_frame_equal(direct.nominations, from_csv.nominations)


# ---------------------------------------------------------------------- kernels
def naive_repeats(src, rel, wave, dst, valid, weights, how):
    """Oracle: first occurrence of each (src, rel, wave, dst) kept, weights combined."""
    groups: dict = {}
    repeat = np.zeros(len(src), dtype=bool)
    for e in range(len(src)):
        if not valid[e]:
            continue
        key = (src[e], rel[e], wave[e], dst[e])
        if key in groups:
            repeat[e] = True
            groups[key].append(e)
        else:
            groups[key] = [e]
    out = weights.copy()
    combine = {
        0: max,
        1: lambda v: sum(v) / len(v),
        2: sum,
        3: lambda v: v[0],
    }[how]
    for members in groups.values():
        out[members[0]] = combine([weights[e] for e in members])
    return repeat, out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4), st.integers(0, 1), st.integers(0, 1), st.integers(0, 4),
            st.booleans(), st.integers(1, 5),
        ),
        max_size=120,
    ),
    st.integers(0, 3),
    st.booleans(),
)  # fmt: skip
def test_mark_repeats_matches_oracle(rows, how, sort):
    if sort:
        rows = sorted(rows, key=lambda r: r[0])  # the pre-sorted fast path
    src, rel, wave, dst, valid, weights = (np.array(c) for c in zip(*rows)) if rows else (
        np.empty(0, np.int64),) * 5 + (np.empty(0),)  # fmt: skip
    src, dst = src.astype(np.int32), dst.astype(np.int32)
    rel, wave = rel.astype(np.int32), wave.astype(np.int32)
    valid = valid.astype(bool)
    weights = weights.astype(np.float64)
    want_repeat, want_weights = naive_repeats(src, rel, wave, dst, valid, weights, how)
    got_weights = weights.copy()
    problem = np.where(valid, 0, 3).astype(np.int8)
    n_repeats = mark_repeats(src, rel, wave, dst, problem, 5, 2, 2, got_weights, how, 10)
    got_repeat = problem == 10
    assert got_repeat.tolist() == want_repeat.tolist() and n_repeats == want_repeat.sum()
    keep = valid & ~want_repeat
    assert np.allclose(got_weights[keep], want_weights[keep])


def test_mark_repeats_long_run_uses_stamps():
    # one respondent with 100 nominations (past SHORT_RUN): every 10th repeats an earlier one
    dst = np.array([i % 90 for i in range(100)], dtype=np.int32)
    src = np.zeros(100, dtype=np.int32)
    zeros = np.zeros(100, dtype=np.int32)
    weights = np.arange(100, dtype=np.float64)
    problem = np.zeros(100, dtype=np.int8)
    assert mark_repeats(src, zeros, zeros, dst, problem, 90, 1, 1, weights, 2, 10) == 10
    assert (problem[90:] == 10).all() and not problem[:90].any()
    assert weights[0] == 0 + 90  # sum of the pair (0, 90)
    # the same, unsorted (counting sort path) with a second respondent in between
    src2 = np.concatenate([src[:50], [1], src[50:]]).astype(np.int32)
    dst2 = np.concatenate([dst[:50], [0], dst[50:]]).astype(np.int32)
    zeros2 = np.zeros(101, dtype=np.int32)
    src2[50] = 1
    src2[0] = 0
    problem2 = np.zeros(101, dtype=np.int8)
    weights2 = np.ones(101)
    assert mark_repeats(src2, zeros2, zeros2, dst2, problem2, 90, 1, 1, weights2, 0, 10) == 10
    assert problem2[50] == 0


def test_keep_rows():
    problem = np.array([0, 9, 0, 10], dtype=np.int8)
    arrays = [np.arange(4, dtype=t) for t in (np.int32, np.int32, np.int32, np.int32, float)]
    k = keep_rows(problem, *arrays)
    assert k == 2
    assert [a[:k].tolist() for a in arrays] == [[0, 2]] * 4 + [[0.0, 2.0]]


def test_respondent_marks():
    appears, by_wave = respondent_marks(
        np.array([0, 2, -1, 2], dtype=np.int32), np.array([0, 1, 1, 0], dtype=np.int32), 4, 2
    )
    assert appears.tolist() == [True, False, True, False]
    assert by_wave.tolist() == [[True, False, True, False], [False, False, True, False]]
