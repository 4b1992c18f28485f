"""The byte-level hash table behind text-id matching, against a plain Python dict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet.ingest.matching import _utf8
from relnet.kernels.ingest import lookup_text, text_table

# short and long ids (the table keeps 16 bytes in the slot), accents, shared prefixes
TEXT = st.text(alphabet=st.sampled_from(list("aAbé0123456789 _-SØ")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(keys=st.lists(TEXT, max_size=60), queries=st.lists(TEXT, max_size=60))
def test_lookup_matches_a_dict(keys, queries):
    key_offsets, key_data, _ = _utf8(pd.Index(keys, dtype=object))
    positions = np.arange(len(keys), dtype=np.int64) * 10  # stand-ins for roster positions
    table = text_table(key_offsets, key_data)
    asked = queries + keys  # misses and hits, including every key
    q_offsets, q_data, q_valid = _utf8(pd.Index(asked, dtype=object))
    got = lookup_text(table, key_offsets, key_data, positions, q_offsets, q_data, q_valid)
    first = {}
    for i, key in enumerate(keys):
        first.setdefault(key, positions[i])  # a repeated key keeps its first number
    want = [first.get(q, -1) for q in asked]
    assert got.tolist() == want


def test_long_ids_that_share_their_first_16_bytes():
    keys = ["department-of-medicine-001", "department-of-medicine-002", "S0000001"]
    key_offsets, key_data, _ = _utf8(pd.Index(keys, dtype=object))
    table = text_table(key_offsets, key_data)
    asked = ["department-of-medicine-002", "department-of-medicine-003", "S0000001", "S000000"]
    q = _utf8(pd.Index(asked, dtype=object))
    got = lookup_text(table, key_offsets, key_data, np.arange(3, dtype=np.int64), *q)
    assert got.tolist() == [1, -1, 2, -1]


# ---------------------------------------------------------------------- plain whole numbers
DIGITS = st.text(alphabet=st.sampled_from(list("0123456789+- .eE7")), max_size=22)


def plain_number(text: str) -> int:
    """Oracle: the number a text writes plainly (no sign, no leading zero), else -1."""
    if text.isdigit() and text.isascii() and len(text) <= 18 and (text == "0" or text[0] != "0"):
        return int(text)
    return -1


@settings(max_examples=300, deadline=None)
@given(values=st.lists(DIGITS, max_size=50))
def test_parse_digits_matches_python(values):
    from relnet.kernels.ingest import parse_digits

    offsets, data, valid = _utf8(pd.Index(values, dtype=object))
    got = parse_digits(offsets, data, valid) if values else np.empty(0, np.int64)
    assert got.tolist() == [plain_number(v) for v in values]


@settings(max_examples=100, deadline=None)
@given(
    ids=st.lists(st.integers(0, 5000), min_size=1, max_size=40, unique=True),
    values=st.lists(DIGITS | st.integers(0, 5000).map(str), max_size=60),
)
def test_lookup_digits_matches_a_dict(ids, values):
    from relnet.kernels.ingest import lookup_digits

    lo = min(ids)
    lut = np.full(max(ids) - lo + 1, -1, dtype=np.int64)
    lut[np.array(ids) - lo] = np.arange(len(ids))
    table = {str(v): p for p, v in enumerate(ids)}  # ids as text: "7" only, never "007"
    if not values:
        return
    offsets, data, valid = _utf8(pd.Index(values, dtype=object))
    got = lookup_digits(offsets, data, valid, lo, lut)
    assert got.tolist() == [table.get(v, -1) for v in values]


def test_streamed_plain_numbers_and_look_alikes_agree_with_the_dataframe_path(tmp_path):
    import relnet as rn

    # 600 rows (the one-pass lookup runs past 256) with look-alikes among plain numbers
    rng = np.random.default_rng(2)
    src = rng.integers(1, 50, 600).astype(str).astype(object)
    dst = rng.integers(1, 50, 600).astype(str).astype(object)
    dst[::50] = "007"
    dst[1::50] = " 7"
    dst[2::50] = "7.0"
    table = pd.DataFrame({"respondent": src, "nominee": dst})
    roster = pd.DataFrame({"id": [str(i) for i in range(1, 50)]})
    path = tmp_path / "n.csv"
    table.to_csv(path, index=False)
    with pytest.warns(rn.DataRepairWarning):
        from_file = rn.read_survey(path, roster=roster)
    with pytest.warns(rn.DataRepairWarning):
        from_frame = rn.read_survey(table, roster=roster)
    assert from_file.report.counts == from_frame.report.counts
    pd.testing.assert_frame_equal(from_file.nominations, from_frame.nominations)
    dropped = from_file.report.issues
    assert set(dropped.loc[dropped["problem"] == "nominee not on roster", "value"]) == {
        "007",
        "7.0",
    }  # " 7" is 7 once its spaces go (a note says so)
