"""plot_network: formats by suffix, legend, second encoding past ten groups, seeded layout."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

import relnet as rn
from relnet.errors import ArgumentError
from relnet.viz.static import figure_svg


def _legend_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_formats_by_suffix(tmp_path):
    g = rn.Network.from_edges(["a", "b", "c"], ["b", "c", "a"])
    magic = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}
    for suffix, head in magic.items():
        path = tmp_path / f"net{suffix}"
        rn.plot_network(g, path)
        assert path.read_bytes()[: len(head)] == head
    with pytest.raises(ArgumentError, match="suffix"):
        rn.plot_network(g, tmp_path / "net.jpg")


def test_legend_names_relation_and_weight_meaning():
    unweighted = rn.Network.from_edges(["a", "b"], ["b", "c"])
    assert _legend_texts(rn.plot_network(unweighted, relation="advice"))[-1] == (
        "advice ties (unweighted)"
    )
    weighted = rn.Network.from_edges(["a", "b"], ["b", "c"], weight=[1, 5])
    assert _legend_texts(rn.plot_network(weighted, relation="trust"))[-1] == (
        "trust ties; width = weight (1 to 5)"
    )


def test_second_encoding_past_ten_groups():
    n = 24
    nodes = pd.DataFrame({"unit": [f"u{k:02d}" for k in range(n)]}, index=range(n))
    g = rn.Network.from_edges(list(range(n - 1)), list(range(1, n)), nodes=nodes)
    fig = rn.plot_network(g, color_by="unit", size_by=None)
    handles = fig.axes[0].get_legend().legend_handles
    styles = {(h.get_color(), h.get_marker()) for h in handles if h.get_label().startswith("u")}
    # a 20-entry legend: 20 distinct (colour, marker) pairs, markers change after 10 colours
    assert len(styles) == 20
    assert {m for _, m in styles} == {"o", "s"}
    # every one of the 24 groups is drawn with its own colour-marker pair
    pairs = {
        (tuple(np.round(c.get_facecolor()[0], 3)), c.get_paths()[0].vertices.tobytes())
        for c in fig.axes[0].collections[1:]  # collection 0 holds the arrows
    }
    assert len(pairs) == n


def test_seeded_layout_and_axes():
    s = rn.synth.health_system(80, n_sites=2, seed=2)
    nom = s.nominations[s.nominations["relation"] == "trust"]
    g = rn.Network.from_edges(nom["respondent"], nom["nominee"], nodes=s.roster.set_index("id"))

    def coords(fig):
        return np.vstack([c.get_offsets() for c in fig.axes[0].collections[1:]])

    one = coords(rn.plot_network(g, color_by="site", seed=3))
    two = coords(rn.plot_network(g, color_by="site", seed=3))
    other = coords(rn.plot_network(g, color_by="site", seed=4))
    np.testing.assert_array_equal(one, two)
    assert not np.array_equal(one, other)
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot(1, 2, 1)
    assert rn.plot_network(g, ax=ax, layout="circle") is fig
    with pytest.raises(ArgumentError, match="layout"):
        rn.plot_network(g, layout="spring")


def test_svg_for_pages_has_no_prolog():
    g = rn.Network.from_edges(["a"], ["b"])
    text = figure_svg(rn.plot_network(g, relation="trust"))
    assert text.startswith("<svg") and "trust ties" in text
