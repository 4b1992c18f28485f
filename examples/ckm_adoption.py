"""Medical Innovation (Coleman, Katz & Menzel 1966): did central physicians adopt tetracycline
earlier, and how exposed were they to adopting colleagues when they did?

Reads ../shared/datasets/ckm_physicians (research-use data, not shipped with relnet; set
RELNET_DATASETS to another folder holding ckm_physicians/). Skips politely when it is absent.

    python examples/ckm_adoption.py
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import relnet as rn

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def find_data() -> Path | None:
    folder = Path(os.environ.get("RELNET_DATASETS", DEFAULT)) / "ckm_physicians"
    return folder if (folder / "nominations.csv").is_file() else None


def main() -> int:
    folder = find_data()
    if folder is None:
        print("ckm_physicians data not found (../shared/datasets); nothing to do.")
        return 0
    # People who nominated nobody in any relation may not have answered: mark them so.
    survey = rn.read_survey(folder / "nominations.csv", roster=folder / "roster.csv",
                            relation="relation")  # fmt: skip
    roster = survey.nodes
    code = roster["adoption_code"]
    # 1-17: month of first prescription; 18: none found (never adopted, right-censored);
    # 98/99: no data (left out).
    month = code.where(code <= 17).astype(float)
    known = code.isin(range(1, 19))

    advice = survey.network("advice")
    discussion = survey.network("discussion")
    people = pd.DataFrame({
        "city": roster["city"],
        "month": month,
        "adopted": (code <= 17).astype(int),
        "advice_in": rn.degree(advice, "in"),
        "discussion_in": rn.degree(discussion, "in"),
        "threshold": rn.adoption_threshold(advice, month),
    }).loc[known]  # fmt: skip

    print(f"{len(people)} physicians with adoption data in {people['city'].nunique()} cities")
    print("\nAdoption month against in-degree (Spearman, adopters only):")
    adopters = people[people["adopted"] == 1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rn.SmallSampleWarning)
        corr = rn.associate(adopters, "month", ["advice_in", "discussion_in"], n_boot=500,
                            n_perm=499, seed=1)  # fmt: skip
        print(corr.round(3).to_string(index=False))
        print("\nAdopted at all, by standardised in-degree (logit, errors clustered by city):")
        logit = rn.associate(people, "adopted", ["advice_in", "discussion_in"], model="logit",
                             by="city", standardize=True)  # fmt: skip
        print(logit.round(3).to_string(index=False))
        print("\nAdoption month by advice in-degree, random intercept per city (mixed):")
        mixed = rn.associate(adopters, "month", "advice_in", model="mixed", by="city")
        print(mixed.round(3).to_string(index=False))

    print("\nBy city: advice network structure, adoption and exposure at adoption")
    # non-respondents (nominated nobody in any relation): dyads count only when both answered
    cities = rn.group_metrics(advice, "city", missing="observed")
    summary = people.groupby("city").agg(
        adopters=("adopted", "sum"),
        median_month=("month", "median"),
        mean_threshold=("threshold", "mean"),
    )
    linked = rn.link_outcomes(cities, summary, on="city")
    columns = ["size", "density", "reciprocity", "transitivity", "adopters", "median_month",
               "mean_threshold"]  # fmt: skip
    print(linked[columns].round(3).to_string())
    expo = rn.exposure(advice, month)
    share = expo.loc[people.index].mean()
    print("\nMean exposure to adopting advisors by month:")
    print(" ".join(f"{int(t)}:{v:.2f}" for t, v in share.items() if np.isfinite(v)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
