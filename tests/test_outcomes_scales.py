"""score_scale: reverse-coding, rwg(j), ICC(1), ICC(2) worked by hand; the shipped keys."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import relnet as rn


def test_psychological_safety_keys_are_shipped():
    scale = rn.scales.PSYCHOLOGICAL_SAFETY
    assert scale.items == tuple(f"psysafe_{k}" for k in range(1, 8))
    assert scale.reverse == ("psysafe_1", "psysafe_3", "psysafe_5")  # Edmondson 1999
    assert (scale.scale_min, scale.scale_max) == (1, 7)
    assert "Edmondson" in scale.citation


def test_scores_rwg_and_icc_by_hand():
    # three teams of three, two items on 1-5, q2 reversed (6 - x)
    answers = pd.DataFrame({
        "q1": [5, 4, 5, 2, 3, 1, 3, 3, 3],
        "q2": [1, 2, 1, 4, 3, 5, 1, 5, 3],
        "team": list("aaabbbccc"),
    })  # fmt: skip
    out = rn.score_scale(answers, ["q1", "q2"], reverse=["q2"], scale_max=5, by="team")
    # reversed q2: a 5 4 5, b 2 3 1, c 5 1 3 -> scores a 5 4 5, b 2 3 1, c 4 2 3
    assert out.scores.tolist() == [5, 4, 5, 2, 3, 1, 4, 2, 3]
    # rwg: null variance (25 - 1)/12 = 2.
    # a: item variances 1/3 and 1/3 -> ratio 1/6; rwg = 2(5/6) / (2(5/6) + 1/6) = 10/11
    # b: variances 1 and 1 -> ratio 1/2; rwg = 2(1/2) / (1 + 1/2) = 2/3
    # c: variances 0 and 4 -> ratio 1; rwg = 0
    np.testing.assert_allclose(out.groups["rwg_j"], [10 / 11, 2 / 3, 0.0])
    np.testing.assert_allclose(out.groups["mean"], [14 / 3, 2, 3])
    # ANOVA: grand mean 29/9; SSB = 3[(14/3 - 29/9)^2 + (2 - 29/9)^2 + (3 - 29/9)^2]
    #   = 3[(13/9)^2 + (11/9)^2 + (2/9)^2] = 3 * 294/81 = 98/9; MSB = 49/9
    # SSW = 2/3 + 2 + 2 = 14/3; MSW = (14/3)/6 = 7/9; k = 3
    msb, msw = 49 / 9, 7 / 9
    assert out.icc1 == pytest.approx((msb - msw) / (msb + 2 * msw))  # = 42/63 = 2/3
    assert out.icc2 == pytest.approx((msb - msw) / msb)  # = 6/7
    assert out.groups.attrs["icc1"] == out.icc1


def test_rwg_agrees_with_a_direct_formula_on_random_data():
    rng = np.random.default_rng(0)
    answers = pd.DataFrame(rng.integers(1, 8, size=(60, 5)), columns=[f"i{k}" for k in range(5)])
    answers["team"] = np.repeat(np.arange(12), 5)
    out = rn.score_scale(answers, [f"i{k}" for k in range(5)], by="team")
    for team, rows in answers.groupby("team"):
        s2 = rows.iloc[:, :5].var(ddof=1).mean()
        ratio = s2 / 4.0  # (7^2 - 1)/12
        want = 0.0 if ratio > 1 else 5 * (1 - ratio) / (5 * (1 - ratio) + ratio)
        assert out.groups.loc[team, "rwg_j"] == pytest.approx(want)


def test_scale_object_missing_items_and_refusals():
    keys = rn.scales.PSYCHOLOGICAL_SAFETY.items
    answers = pd.DataFrame([[7, 1, 7, 1, 7, 1, 1], [np.nan] * 6 + [4]], columns=keys)
    out = rn.score_scale(answers, rn.scales.PSYCHOLOGICAL_SAFETY)
    # row 0: reversed items 1, 3, 5 give 1, 1, 1; the others 1, 1, 1, 1 -> 1
    assert out.scores.iloc[0] == 1.0 and out.scores.name == "psychological_safety"
    assert math.isnan(out.scores.iloc[1])  # 1 of 7 answered: below half
    with pytest.raises(rn.SurveyFormatError, match="outside 1-5"):
        rn.score_scale(pd.DataFrame({"q": [6]}), ["q"], scale_max=5)
    with pytest.raises(rn.SurveyFormatError, match="no item column"):
        rn.score_scale(pd.DataFrame({"q": [1]}), ["r"])
    with pytest.raises(rn.ArgumentError, match="not among the items"):
        rn.score_scale(pd.DataFrame({"q": [1]}), ["q"], reverse=["r"])
