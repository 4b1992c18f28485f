"""to_html: offline, escaped, deterministic pages (the browser checks are in test_viz_browser)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import relnet as rn
from relnet.errors import ArgumentError, UnknownPersonError
from relnet.viz._html import script_json
from relnet.viz.network_view import to_html

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "javascript:alert(document.domain)",
    "</script><script>alert(2)</script>",
]


class _Collect(HTMLParser):
    """Every tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def _parse(text: str) -> _Collect:
    parser = _Collect()
    parser.feed(text)
    return parser


def _data(text: str) -> dict:
    (payload,) = [s for a, s in _parse(text).scripts if a.get("id") == "relnet-data"]
    return json.loads(payload)


def hostile_network() -> rn.Network:
    ids = HOSTILE + ["plain"]
    nodes = pd.DataFrame(
        {"team": ["a<b>", "a<b>", "javascript:x", "&amp;", "t"], "name": list(reversed(ids))},
        index=ids,
    )
    return rn.Network.from_edges(
        [ids[0], ids[1], ids[2], ids[3]],
        [ids[1], ids[0], ids[4], ids[2]],
        weight=[1, 2, 3, 4],
        nodes=nodes,
    )


def test_page_fetches_nothing(tmp_path):
    g = hostile_network()
    text = to_html(g, tmp_path / "v.html", color_by="team").read_text()
    parsed = _parse(text)
    # Every script is inline and nothing is loaded by src/href: no http(s), no protocol-relative.
    for tag, attrs in parsed.tags:
        for key in ("src", "href", "data", "action", "poster"):
            assert key not in attrs or not re.match(r"\s*(https?:)?//", attrs[key]), (tag, attrs)
        assert tag not in ("link", "iframe", "object", "embed", "base")
    assert all("src" not in attrs for attrs, _ in parsed.scripts)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", text)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text


def test_every_data_string_is_escaped(tmp_path):
    g = hostile_network()
    text = to_html(
        g, tmp_path / "v.html", color_by="team", title=HOSTILE[1], highlight=[HOSTILE[0]]
    ).read_text()
    for raw in HOSTILE + ["a<b>"]:
        assert raw not in text or "<" not in raw
    # Only our own scripts exist: the hostile ids did not open an element.
    tags = [tag for tag, _ in _parse(text).tags]
    assert "img" not in tags and tags.count("script") == 3
    data = _data(text)  # and the data survive exactly, for the page to show as text
    assert data["nodes"]["label"] == [str(i) for i in g.ids]
    assert data["nodes"]["tip_values"][0] == g.attribute("team").tolist()
    assert "<h1>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in text
    assert "a&lt;b&gt;" in text  # the legend shows the team value as text


def test_script_json_cannot_close_the_script():
    encoded = script_json(["</script><!--", "&", "\u2028"])
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == ["</script><!--", "&", "\u2028"]


def test_names_only_when_asked(tmp_path):
    nodes = pd.DataFrame({"name": ["Ana Secret", "Ben Secret", "Cai Secret"]}, index=[1, 2, 3])
    g = rn.Network.from_edges([1, 2], [2, 3], nodes=nodes)
    for labels in ("id", "none"):
        text = to_html(g, tmp_path / f"{labels}.html", labels=labels).read_text()
        assert "Secret" not in text
    assert (
        _data(to_html(g, tmp_path / "none.html", labels="none").read_text())["nodes"]["label"]
        is None
    )
    named = _data(to_html(g, tmp_path / "name.html", labels="name").read_text())
    assert named["nodes"]["label"] == ["Ana Secret", "Ben Secret", "Cai Secret"]
    with pytest.raises(ArgumentError, match="name"):
        to_html(rn.Network.from_edges([1], [2]), tmp_path / "x.html", labels="name")
    with pytest.raises(ArgumentError):
        to_html(g, tmp_path / "x.html", labels="names")


def test_mutual_ties_weights_and_sizes(tmp_path):
    # a<->b (weights 4 and 2), a->c (1), c->d (3): three lines, one mutual (mean weight 3).
    g = rn.Network.from_edges(["a", "b", "a", "c"], ["b", "a", "c", "d"], weight=[4, 2, 1, 3])
    data = _data(to_html(g, tmp_path / "v.html").read_text())
    edges = pd.DataFrame({k: data["edges"][k] for k in ("from", "to", "mutual", "width")})
    edges["weight"] = data["edges"]["tip_values"][0]
    assert len(edges) == 3
    assert edges.loc[edges["mutual"] == 1, ["from", "to", "weight"]].values.tolist() == [
        [0, 1, 3.0]
    ]
    # widths grow with weight: 1 -> thinnest, 3 (both the mutual pair and c->d) -> thickest
    by_weight = edges.groupby("weight")["width"].first()
    assert by_weight[1.0] < by_weight[3.0]
    # in-degrees a1 b1 c1 d1 -> equal sizes; size_by a metric column
    sizes = data["nodes"]["size"]
    assert len(set(sizes)) == 1
    metric = pd.Series([0.0, 1.0, 4.0, 9.0], index=["a", "b", "c", "d"], name="score")
    data = _data(to_html(g, tmp_path / "v.html", metrics=metric, size_by="score").read_text())
    assert data["nodes"]["size"] == sorted(data["nodes"]["size"])
    assert data["nodes"]["tip_columns"] == ["in_degree", "out_degree", "score"]
    with pytest.raises(ArgumentError, match="size_by"):
        to_html(g, tmp_path / "v.html", size_by="nope")


def test_highlight_rings_people(tmp_path):
    g = rn.Network.from_edges(["a", "b"], ["b", "c"])
    data = _data(to_html(g, tmp_path / "v.html", highlight=["b"]).read_text())
    assert data["nodes"]["ring"] == [0, 1, 0]
    with pytest.raises(UnknownPersonError):
        to_html(g, tmp_path / "v.html", highlight=["zed"])


def test_same_seed_same_page(tmp_path):
    s = rn.synth.health_system(300, n_sites=3, seed=3)
    nom = s.nominations[s.nominations["relation"] == "trust"]
    g = rn.Network.from_edges(
        nom["respondent"], nom["nominee"], weight=nom["weight"], nodes=s.roster.set_index("id")
    )
    one = to_html(g, tmp_path / "a.html", color_by="role", seed=5).read_text()
    two = to_html(g, tmp_path / "b.html", color_by="role", seed=5).read_text()
    other = to_html(g, tmp_path / "c.html", color_by="role", seed=6).read_text()
    assert one == two
    assert _data(one)["nodes"]["x"] != _data(other)["nodes"]["x"]


def test_group_level_above_max_nodes(tmp_path):
    nodes = pd.DataFrame({"unit": ["u1", "u1", "u2", "u2", "u3", "u3"]}, index=range(6))
    # arcs: 0->1 (within u1), 0->2, 1->3 (u1->u2 twice, weights 2+3), 2->0 (u2->u1), 4->5
    g = rn.Network.from_edges([0, 0, 1, 2, 4], [1, 2, 3, 0, 5], weight=[1, 2, 3, 4, 5], nodes=nodes)
    text = to_html(g, tmp_path / "v.html", max_nodes=5).read_text()
    data = _data(text)
    assert "group level" in text and "max_nodes=5" in text
    assert data["nodes"]["label"] == ["u1", "u2", "u3"]
    tips = dict(zip(data["nodes"]["tip_columns"], data["nodes"]["tip_values"]))
    assert tips["members"] == [2, 2, 2] and tips["ties within"] == [1, 0, 1]
    edges = sorted(zip(data["edges"]["from"], data["edges"]["to"], *data["edges"]["tip_values"]))
    assert edges == [(0, 1, 2.0, 5.0), (1, 0, 1.0, 4.0)]
    small = _data(to_html(g, tmp_path / "w.html", max_nodes=6).read_text())
    assert len(small["nodes"]["x"]) == 6
    bare = rn.Network.from_edges(list(range(5)), list(range(1, 6)))
    with pytest.raises(ArgumentError, match="pass by="):
        to_html(bare, tmp_path / "x.html", max_nodes=3)


def test_empty_and_isolates(tmp_path):
    g = rn.Network.from_edges([], [], nodes=["a", "b"])
    data = _data(to_html(g, tmp_path / "v.html").read_text())
    assert len(data["nodes"]["x"]) == 2 and data["edges"]["from"] == []
    assert np.isfinite(data["nodes"]["x"]).all()
