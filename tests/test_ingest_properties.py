"""Property tests: random long, wide and matrix tables checked against the generator's truth.

Each cell is drawn with what it *means* (a person, an unknown, an ambiguous name or a blank)
and then written the way survey exports write it (id, or name with case, space, accent, quote
and dash variants). The expected outcome is computed from the meanings alone, so the oracle
shares no code with relnet's matching.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import relnet as rn

NAMES = ["Ana Lima", "Seán O’Neil", "Anne-Marie Dupont", "José Núñez", "Zoë Brandt", "Li Wei"]
N_PEOPLE = len(NAMES)
IDS = [f"P{i}" for i in range(N_PEOPLE)]
SHARED_NAME = "Sam Taylor"  # given to two extra people: always ambiguous
ROSTER = pd.DataFrame(
    {
        "id": IDS + ["P6", "P7"],
        "name": NAMES + [SHARED_NAME, SHARED_NAME],
        "site": ["a", "a", "b", "b", "c", "c", "d", "d"],
    }
)
UNKNOWN_VALUES = ["Nobody Here", "X99", "zz top"]
RELATIONS = ["trust", "advice"]

# meaning of a cell: ("person", i), ("unknown", value), ("ambiguous", None), ("blank", None)
meaning = st.one_of(
    st.tuples(st.just("person"), st.integers(0, N_PEOPLE - 1)),
    st.tuples(st.just("unknown"), st.sampled_from(UNKNOWN_VALUES)),
    st.tuples(st.just("ambiguous"), st.none()),
    st.tuples(st.just("blank"), st.none()),
)
person_meaning = st.tuples(st.just("person"), st.integers(0, N_PEOPLE - 1))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


VARIANTS = [
    lambda s: s,
    str.upper,
    str.lower,
    lambda s: "  " + s.replace(" ", "   ") + " ",
    strip_accents,
    lambda s: s.replace("’", "'").replace("-", "–"),
]


@st.composite
def written(draw, kind_value):
    """How an export writes a cell with this meaning."""
    kind, value = kind_value
    if kind == "person":
        if draw(st.booleans()):
            return IDS[value]
        return draw(st.sampled_from(VARIANTS))(NAMES[value])
    if kind == "unknown":
        return value
    if kind == "ambiguous":
        return draw(st.sampled_from(VARIANTS[:4]))(SHARED_NAME)
    return draw(st.sampled_from([None, "", "   "]))


def expected(cells: list[dict]) -> tuple[dict, set, dict]:
    """counts, the set of (row, column) merged or dropped, kept arcs per (relation, wave).

    ``cells`` in reading order: respondent meaning, nominee meaning, relation, wave, weight,
    and where it came from.
    """
    kept: dict = {}
    issues = set()
    merged = dropped = 0
    for c in cells:
        r_kind, r = c["resp"]
        n_kind, v = c["nom"]
        if r_kind != "person" or n_kind != "person" or r == v:
            dropped += 1
            issues.add((c["row"], c["column"]))
            continue
        key = (c["relation"], c["wave"], IDS[r], IDS[v])
        if key in kept:
            merged += 1
            kept[key] = max(kept[key], c["weight"])
            issues.add((c["row"], c["column"]))
        else:
            kept[key] = c["weight"]
    counts = {
        "input": len(cells),
        "kept": len(kept),
        "merged": merged,
        "dropped": dropped,
    }
    layers: dict = {}
    for (relation, wave, s, t), w in kept.items():
        layers.setdefault((relation, wave), set()).add((s, t, float(w)))
    return counts, issues, layers


def check(survey, counts: dict, issues: set, layers: dict) -> None:
    report = survey.report
    got = {k: report.counts[k] for k in counts}
    assert got == counts
    assert got["input"] == got["kept"] + got["merged"] + got["dropped"]
    assert set(zip(report.issues["row"], report.issues["column"])) == issues
    assert len(report.issues) == counts["merged"] + counts["dropped"]
    for relation in survey.relations:
        for wave in survey.waves or [None]:
            g = survey.network(relation, wave)
            assert list(g.ids[: len(ROSTER)]) == ROSTER["id"].tolist()
            have = {(s, t, w) for s, t, w in g.edges().itertuples(index=False)}
            assert have == layers.get((relation, wave), set())
    assert sum(len(v) for v in layers.values()) == report.counts["kept"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_long_tables(data):
    n = data.draw(st.integers(0, 30))
    rows, cells = [], []
    for i in range(n):
        resp = data.draw(st.one_of(person_meaning, meaning))
        nom = data.draw(meaning)
        relation = data.draw(st.sampled_from(RELATIONS))
        wave = data.draw(st.integers(1, 2))
        weight = data.draw(st.integers(1, 5))
        rows.append(
            {
                "respondent": data.draw(written(resp)),
                "nominee": data.draw(written(nom)),
                "relation": relation,
                "wave": wave,
                "weight": weight,
            }
        )
        column = "respondent" if resp[0] != "person" else "nominee"
        cells.append(
            dict(
                resp=resp,
                nom=nom,
                relation=relation,
                wave=wave,
                weight=weight,
                row=i,
                column=column,
            )  # fmt: skip
        )
    if not rows:
        rows = [{"respondent": "P0", "nominee": "P1", "relation": "trust", "wave": 1,
                 "weight": 1}]  # fmt: skip
        cells = [dict(resp=("person", 0), nom=("person", 1), relation="trust", wave=1,
                      weight=1, row=0, column="nominee")]  # fmt: skip
    table = pd.DataFrame(rows)
    survey = rn.read_survey(table, roster=ROSTER, layout="long")
    check(survey, *expected(cells))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_wide_tables(data):
    respondents = data.draw(st.lists(st.integers(0, N_PEOPLE - 1), min_size=1, max_size=6))
    columns = [f"{r}_{k}" for r in RELATIONS for k in (1, 2, 3)]
    rows, cells = [], []
    for i, who in enumerate(respondents):
        row = {"id": IDS[who]}
        for col in columns:  # reading order: a respondent's answers left to right
            nom = data.draw(meaning)
            row[col] = data.draw(written(nom))
            weight = data.draw(st.integers(1, 5))
            row[col + "_w"] = weight
            if nom[0] != "blank":
                cells.append(
                    dict(
                        resp=("person", who),
                        nom=nom,
                        relation=col.split("_")[0],
                        wave=None,
                        weight=weight,
                        row=i,
                        column=col,
                    )  # fmt: skip
                )
        rows.append(row)
    table = pd.DataFrame(rows)
    survey = rn.read_survey(table, roster=ROSTER)
    assert survey.report.layout == "wide"
    counts, issues, layers = expected(cells)
    if not cells:
        assert survey.report.counts["input"] == 0
        return
    check(survey, counts, issues, layers)
    # everyone with a row responded, even with only blank cells
    responded = set(survey.nodes.index[survey.nodes["responded"]])
    assert responded == {IDS[w] for w in respondents}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_matrix_tables(data):
    raters = data.draw(st.lists(st.integers(0, N_PEOPLE - 1), min_size=1, max_size=5))
    # headers: every person by id, plus some written by name (a second column for the
    # same person: repeats) and an unknown one
    extra = data.draw(st.lists(st.integers(0, N_PEOPLE - 1), max_size=3, unique=True))
    headers = [("person", i, IDS[i]) for i in range(N_PEOPLE)]
    headers += [("person", i, data.draw(st.sampled_from(VARIANTS))(NAMES[i])) for i in extra]
    headers.append(("unknown", "Nobody Here", "Nobody Here"))
    labels = [h[2] for h in headers]
    if len(set(labels)) < len(labels):  # a name variant equal to another header: skip
        return
    rows, cells = [], []
    for i, who in enumerate(raters):
        row = {"rater": IDS[who]}
        for kind, value, label in headers:
            cell = data.draw(st.one_of(st.none(), st.just(0), st.integers(1, 7)))
            row[label] = cell
            if cell:
                cells.append(
                    dict(
                        resp=("person", who),
                        nom=(kind, value),
                        relation="trust",
                        wave=None,
                        weight=cell,
                        row=i,
                        column=label,
                    )  # fmt: skip
                )
        rows.append(row)
    table = pd.DataFrame(rows, columns=["rater"] + labels)
    survey = rn.read_survey(table, roster=ROSTER, layout="matrix", relation="trust")
    if not cells:
        assert survey.report.counts["input"] == 0
        return
    check(survey, *expected(cells))
