"""The byte-level hash table behind text-id matching, against a plain Python dict."""

from __future__ import annotations

import numpy as np
import pandas as pd
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
