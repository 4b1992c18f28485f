"""Reference values from R's sna 2.7 / igraph (../shared/reference/sna) and their networks.

``reference_cases()`` gives one pytest param per dataset and relation; ``reference_network``
builds the matching Network with people in roster order (the order of the JSON arrays).
Everything skips when ../shared is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import relnet as rn

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATASETS = SHARED / "datasets"
REFERENCE = SHARED / "reference" / "sna"
SNA_VERSION = "R sna 2.7-1 / igraph 1.3.5"


def reference_cases() -> list:
    """pytest params (dataset, relation, reference dict), one per JSON file."""
    if not REFERENCE.is_dir():
        return [pytest.param(None, None, None, marks=pytest.mark.skip("../shared is absent"))]
    cases = []
    for path in sorted(REFERENCE.glob("*__*.json")):
        dataset, relation = path.stem.split("__")
        if relation == "models":
            continue
        cases.append(pytest.param(dataset, relation, json.loads(path.read_text()), id=path.stem))
    return cases


def model_cases() -> list:
    """pytest params (dataset, models dict) for the netlm/netlogit/gcor reference files."""
    if not REFERENCE.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip("../shared is absent"))]
    return [
        pytest.param(p.stem.split("__")[0], json.loads(p.read_text()), id=p.stem)
        for p in sorted(REFERENCE.glob("*__models.json"))
    ]


def roster(dataset: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / dataset / "roster.csv").set_index("id")


def nominations(dataset: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / dataset / "nominations.csv")


def reference_network(dataset: str, relation: str, *, responded: bool = False) -> rn.Network:
    """The binary network of one relation, people in roster order.

    With ``responded=True``, people who nominated nobody in any relation are marked as
    non-respondents (as the R script does for its ``missing`` block).
    """
    people = roster(dataset)
    noms = nominations(dataset)
    arcs = noms[noms["relation"] == relation]
    arcs = arcs[arcs["respondent"] != arcs["nominee"]].drop_duplicates(["respondent", "nominee"])
    answered = people.index.isin(noms["respondent"]) if responded else None
    return rn.Network.from_edges(
        arcs["respondent"], arcs["nominee"], nodes=people, responded=answered
    )
