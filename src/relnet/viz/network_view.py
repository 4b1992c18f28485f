"""One network as a self-contained, offline HTML page (vis-network, as bundled with pyvis)."""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from relnet.deprecation import renamed_keyword
from relnet.errors import ArgumentError, check_choice
from relnet.metrics.common import check_network
from relnet.network import Network
from relnet.viz._html import (
    MAX_DISTINCT,
    MISSING_COLOR,
    NEUTRAL_COLOR,
    RING_COLOR,
    VIS_CSS,
    VIS_JS,
    esc,
    page,
    plural,
    script_json,
    style_of,
    vis_assets,
)

LABELS = ("id", "name", "none")
DEGREE_SIZES = ("in_degree", "out_degree", "degree")
MAX_LEGEND = 40
ONE_WAY_COLOR = "#a9b4c2"
MUTUAL_COLOR = "#333f4f"
#: Above this many dots, labels appear only on hover or when zoomed in.
LABEL_MAX = 100

_APP_JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("relnet-data").textContent);
  function fmt(v) {
    if (v === null || v === undefined) return "NA";
    if (typeof v === "number") {
      if (Number.isInteger(v)) return String(v);
      var a = Math.abs(v);
      if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
      return String(Number(v.toPrecision(4)));
    }
    return String(v);
  }
  // Tooltips are DOM elements filled with textContent: data never becomes markup.
  function tip(head, cols, vals) {
    var box = document.createElement("div");
    if (head) {
      var b = document.createElement("strong");
      b.textContent = head;
      box.appendChild(b);
    }
    for (var k = 0; k < cols.length; k++) {
      var row = document.createElement("div");
      row.textContent = cols[k] + ": " + fmt(vals[k]);
      box.appendChild(row);
    }
    return box;
  }
  function column(values, i) {
    return values.map(function (c) { return c[i]; });
  }
  var N = D.nodes, E = D.edges, nodes = [], edges = [], i;
  for (i = 0; i < N.x.length; i++) {
    var ring = N.ring[i] === 1;
    var node = {
      id: i, x: N.x[i], y: N.y[i], size: N.size[i],
      color: {background: N.color[i], border: ring ? D.ring_color : "#ffffff",
              highlight: {background: N.color[i], border: "#000000"},
              hover: {background: N.color[i], border: "#000000"}},
      borderWidth: ring ? 4 : 1, borderWidthSelected: ring ? 5 : 2,
      shape: N.shape ? N.shape[i] : "dot",
      title: tip(N.head[i], N.tip_columns, column(N.tip_values, i))
    };
    if (N.label) node.label = N.label[i];
    nodes.push(node);
  }
  for (i = 0; i < E.from.length; i++) {
    var mutual = E.mutual[i] === 1;
    var head = N.label ? N.label[E.from[i]] + (mutual ? " \u2194 " : " \u2192 ") +
      N.label[E.to[i]] : (mutual ? "mutual tie" : "tie");
    var edge = {
      id: i, from: E.from[i], to: E.to[i], width: E.width[i],
      arrows: mutual ? "to, from" : "to",
      color: {color: mutual ? D.mutual_color : D.one_way_color,
              highlight: "#000000", hover: "#000000", inherit: false},
      title: tip(head, E.tip_columns, column(E.tip_values, i))
    };
    if (D.curved) edge.smooth = {enabled: true, type: "curvedCW", roundness: 0.15};
    edges.push(edge);
  }
  var container = document.getElementById("relnet-graph");
  var options = {
    autoResize: true,
    physics: false,
    layout: {randomSeed: D.seed, improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 100, hideEdgesOnDrag: D.big,
                  hideEdgesOnZoom: D.big, keyboard: false},
    // labels appear once zoomed in far enough to read them
    // above D.label_max dots a label shows only when zoomed in (or in the hover tooltip)
    nodes: {shape: "dot",
            font: {size: 12, color: "#222222", strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {drawThreshold: D.many_labels ? 22 : 6}}},
    edges: {smooth: false, arrows: {to: {enabled: true, scaleFactor: 0.45},
                                    from: {scaleFactor: 0.45}},
            selectionWidth: 1.5, hoverWidth: 0.5}
  };
  var nodeSet = new vis.DataSet(nodes), edgeSet = new vis.DataSet(edges);
  var network = new vis.Network(container, {nodes: nodeSet, edges: edgeSet}, options);
  // zoom to fit the whole network once the canvas has its size, then mark it drawn
  network.once("afterDrawing", function () {
    network.fit({animation: false, maxZoomLevel: 2, minZoomLevel: 0.02});
    container.setAttribute("data-drawn", "1");
  });
  window.relnet = {network: network, nodes: nodeSet, edges: edgeSet};
})();
"""


@renamed_keyword("group_by", "by")
def to_html(
    graph: Network,
    path: str | Path,
    *,
    color_by: str | None = None,
    size_by: str | None = "in_degree",
    labels: str = "id",
    highlight: Iterable[Hashable] | pd.Series | None = None,
    metrics: pd.DataFrame | pd.Series | None = None,
    title: str | None = None,
    max_nodes: int = 2000,
    by: str | None = None,
    seed: int = 0,
    relation: str | None = None,
    highlight_label: str | None = None,
    assets: str | None = None,
) -> Path:
    """Write an interactive view of a network to one self-contained HTML file.

    **Definition.** Each person is a dot placed by a seeded Fruchterman-Reingold layout
    (igraph), coloured by the node attribute ``color_by`` (legend on the page), sized by
    ``size_by`` (area grows with the square root of the value), ringed in red when named in
    ``highlight``; each arc is a line whose width grows with its trust weight, one-way arcs
    light with one arrow, mutual ties dark with arrows at both ends. Hovering shows the
    person's metrics. With more than ``max_nodes`` people the page draws the group-level
    network instead: one dot per value of ``by`` sized by members, arcs = nominations
    between the groups (width by count), and says so.

    Parameters
    ----------
    graph : Network
        The network to draw.
    path : str or pathlib.Path
        The HTML file to write (parent folders are created).
    color_by : str, optional
        Node attribute that colours the dots (categorical; a numeric attribute with more
        than 12 values gets a colour scale).
    size_by : str or None
        ``"in_degree"`` (default), ``"out_degree"``, ``"degree"``, a numeric column of
        ``metrics``, or None for equal sizes.
    labels : {"id", "name", "none"}
        Text beside each dot: the id, the ``name`` attribute, or nothing. Names are shown
        only when asked for.
    highlight : sequence of ids or boolean Series, optional
        People to ring (for example the top brokers).
    metrics : pandas.DataFrame or Series, optional
        Node metrics indexed by id (e.g. ``relnet.node_metrics(g)``) listed in the tooltips;
        in- and out-degree are always listed.
    title : str, optional
        Page title; default names the size of the network.
    max_nodes : int
        Above this many people draw the group-level network.
    by : str, optional
        Attribute for the group-level network; default ``color_by`` if it has at most
        ``max_nodes`` values, else the attribute (other than ``name``) with the most values
        up to ``max_nodes // 2`` (then up to ``max_nodes``).
    seed : int
        Seed of the layout: the same seed gives the same page.
    relation : str, optional
        Name of the relation drawn (e.g. ``"trust"``); the legend says what line width means
        for it ("line width = trust weight"), or "unweighted" when every weight is 1.
    highlight_label : str, optional
        What the red ring means, for the legend (e.g. "the 10 most brokering people");
        default "highlighted".
    assets : str, optional
        Relative URL of a folder holding a shared copy of vis-network (written by
        :func:`relnet.viz._html.write_vis_assets`), e.g. ``"."``; the page links it instead of
        inlining 0.7 MiB. Default: inline (a standalone page).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ArgumentError
        On an unknown option, attribute or metric column.
    UnknownPersonError
        When ``highlight`` names someone not in the network.

    Notes
    -----
    The page inlines the vis-network script and stylesheet that pyvis ships (no CDN, no
    Bootstrap), or with ``assets=`` links one local copy shared by many views (as
    :func:`relnet.report` does: 0.7 MiB once per folder instead of once per view); it carries
    a Content-Security-Policy that forbids every network fetch, and works from ``file://``.
    On load the drawing zooms to fit; above 100 people labels show only on hover or when
    zoomed in; categories get a colour-blind-safe colour and, past ten, a second marker
    shape, so no two of up to 70 values look alike. Data strings are escaped
    (``html.escape`` in markup; JSON with ``<``, ``>``, ``&`` as ``\\u003c`` ... in the
    script), and tooltips are built as DOM text, never parsed as HTML. The layout is computed
    in Python and physics is off, so the drawing does not move and is the same for the same
    seed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = Network.from_edges(["ana", "ben", "ana"], ["ben", "ana", "cai"])
    >>> out = to_html(g, pathlib.Path(tempfile.mkdtemp()) / "trust.html")
    >>> text = out.read_text()
    >>> "http://" in text.split("<script")[0], "ana" in text
    (False, True)

    References
    ----------
    .. [1] Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
       placement. Software: Practice and Experience 21(11), 1129-1164.
    """
    check_network(graph)
    check_choice("labels", labels, LABELS)
    if not isinstance(max_nodes, (int, np.integer)) or max_nodes < 1:
        raise ArgumentError(f"max_nodes={max_nodes!r} must be a positive whole number.")
    if labels == "name" and "name" not in graph.nodes.columns:
        raise ArgumentError(
            "labels='name' needs a 'name' node attribute and this network has none; pass a "
            "roster with a name column, or use labels='id' or labels='none'."
        )
    if color_by is not None:
        graph.attribute(color_by)  # raises ArgumentError listing the attributes
    table = _metric_table(graph, metrics)
    sizes = _size_values(table, size_by)
    ring = _highlight_mask(graph, highlight)
    if graph.n > max_nodes:
        data, legend, notes = _group_view(graph, by, color_by, ring, max_nodes, seed)
        default_title = (
            f"relnet network: {plural(graph.n, 'person')}, {plural(graph.m, 'tie')} (group level)"
        )
    else:
        data, legend, notes = _person_view(graph, table, sizes, color_by, labels, ring, seed)
        default_title = f"relnet network: {plural(graph.n, 'person')}, {plural(graph.m, 'tie')}"
    legend += _edge_legend(graph, relation, group_level=graph.n > max_nodes)
    if ring.any():
        what = "highlighted" if highlight_label is None else str(highlight_label)
        if graph.n > max_nodes:
            what = f"group with members among: {what}"
        legend += f'<span><span class="ring"></span>red ring = {esc(what)}</span>'
    data.update(
        seed=int(seed),
        big=len(data["nodes"]["x"]) > 500,
        many_labels=len(data["nodes"]["x"]) > LABEL_MAX,
        ring_color=RING_COLOR,
        one_way_color=ONE_WAY_COLOR,
        mutual_color=MUTUAL_COLOR,
    )
    heading = default_title if title is None else str(title)
    summary = (
        f"{plural(graph.n, 'person')}, {plural(graph.m, 'nomination')}, "
        f"{graph.responded.mean() if graph.n else 1.0:.0%} responded. "
        "Hover a dot or line for details; scroll to zoom, drag to pan."
    )
    notes_html = "".join(f'<p class="note">{esc(note)}</p>' for note in notes)
    body = (
        f'<header><h1>{esc(heading)}</h1><div class="muted">{esc(summary)}</div></header>\n'
        f'<main>{notes_html}<div class="legend" id="relnet-legend">{legend}</div>\n'
        '<div id="relnet-graph"></div>\n'
        '<p class="muted">Drawn offline with vis-network (bundled by pyvis); layout '
        f"Fruchterman-Reingold, seed {int(seed)}.</p></main>\n"
        f'<script type="application/json" id="relnet-data">{script_json(data)}</script>'
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    if assets is None:
        js, css = vis_assets()
        text = page(heading, body, css=css, scripts=(js, _APP_JS))
    else:
        base = str(assets).rstrip("/") or "."
        text = page(
            heading, body, scripts=(_APP_JS,), linked=(f"{base}/{VIS_CSS}", f"{base}/{VIS_JS}")
        )
    out.write_text(text, encoding="utf-8")
    return out


def _edge_legend(graph: Network, relation: str | None, *, group_level: bool) -> str:
    """What a line means: the relation, and its weight or 'unweighted'."""
    name = "tie" if relation is None else f"{relation} tie"
    weights = np.asarray(graph.weights)
    unweighted = weights.size == 0 or bool(np.all(weights == 1.0))
    if group_level:
        width = "line width = nominations between groups"
    elif unweighted:
        width = "unweighted: every line has the same width"
    else:
        what = "weight" if relation is None else f"{relation} weight"
        width = f"line width = {what} ({weights.min():.3g} to {weights.max():.3g})"
    head = f"lines = {name}s" + (" (unweighted)" if unweighted else "")
    return f'<span class="muted" id="relnet-edge-legend">{esc(head)}; {esc(width)}</span>'


# ---------------------------------------------------------------------- the two views
def _person_view(
    graph: Network,
    table: pd.DataFrame,
    sizes: np.ndarray | None,
    color_by: str | None,
    labels: str,
    ring: np.ndarray,
    seed: int,
) -> tuple[dict, str, list[str]]:
    n = graph.n
    src = graph.sources.astype(np.int64)
    dst = graph.indices.astype(np.int64)
    weights = np.asarray(graph.weights)
    reverse = graph.reverse_arc
    mutual = reverse >= 0
    keep = ~mutual | (src < dst)  # one line per mutual pair
    pair_weight = np.where(mutual, (weights + weights[np.maximum(reverse, 0)]) / 2.0, weights)
    coords = _layout(n, src, dst, None, seed)
    colors, shapes, legend = _colors(graph.attribute(color_by) if color_by else None, n, color_by)
    if labels == "id":
        label_list = _text(pd.Series(graph.ids, dtype=object))
        heads = label_list
    elif labels == "name":
        names = _text(graph.attribute("name").reset_index(drop=True))
        label_list = names
        heads = [f"{a} ({b})" for a, b in zip(names, _text(pd.Series(graph.ids, dtype=object)))]
    else:
        label_list = None
        heads = [""] * n
    tip = table.copy()
    if color_by is not None and color_by not in tip.columns:
        tip.insert(0, color_by, graph.attribute(color_by).to_numpy())
    biggest = 30.0 if n <= 100 else 20.0
    node_size = np.full(n, 10.0) if sizes is None else _scale(sizes, 6.0, biggest, root=True)
    kept_w = pair_weight[keep]
    edge_tip_cols = ["weight"] if graph.has_weights else []
    edge_tip_vals = [_json_column(pd.Series(kept_w))] if graph.has_weights else []
    data = {
        "nodes": {
            "x": coords[:, 0].tolist(),
            "y": coords[:, 1].tolist(),
            "size": node_size.tolist(),
            "color": colors,
            "ring": ring.astype(int).tolist(),
            "label": label_list,
            "head": heads,
            "tip_columns": [str(c) for c in tip.columns],
            "tip_values": [_json_column(tip[c]) for c in tip.columns],
        },
        "edges": {
            "from": src[keep].tolist(),
            "to": dst[keep].tolist(),
            "width": _scale(kept_w, 0.6, 4.0).tolist(),
            "mutual": mutual[keep].astype(int).tolist(),
            "tip_columns": edge_tip_cols,
            "tip_values": edge_tip_vals,
        },
        "curved": False,
    }
    data["nodes"]["shape"] = shapes
    size_note = "equal size" if sizes is None else f"dot size = {table.attrs.get('size_by')}"
    legend += (
        f'<span class="muted">{esc(size_note)}; '
        f'<b style="color:{MUTUAL_COLOR}">dark, two arrows</b> = mutual tie, '
        f'<b style="color:{ONE_WAY_COLOR}">light, one arrow</b> = one-way</span>'
    )
    if n > LABEL_MAX and label_list is not None:
        legend += f'<span class="muted">{n:,} people: labels show on hover or when zoomed in</span>'
    return data, legend, []


def _group_view(
    graph: Network,
    group_by: str | None,
    color_by: str | None,
    ring: np.ndarray,
    max_nodes: int,
    seed: int,
) -> tuple[dict, str, list[str]]:
    attr = _choose_group(graph, group_by, color_by, max_nodes)
    values = graph.attribute(attr)
    codes, levels = _factorize(values)
    n_groups = len(levels)
    if n_groups > max_nodes:
        raise ArgumentError(
            f"by={attr!r} has {n_groups} values, more than max_nodes={max_nodes}; "
            "group by a coarser attribute or raise max_nodes."
        )
    members = np.bincount(codes, minlength=n_groups)
    src = codes[graph.sources]
    dst = codes[graph.indices]
    weights = np.asarray(graph.weights)
    inside = src == dst
    within = np.bincount(src[inside], minlength=n_groups)
    key = src[~inside].astype(np.int64) * n_groups + dst[~inside]
    pair, inverse = np.unique(key, return_inverse=True)
    count = np.bincount(inverse, minlength=len(pair)).astype(np.float64)
    total = np.bincount(inverse, weights=weights[~inside], minlength=len(pair))
    g_src, g_dst = pair // n_groups, pair % n_groups
    sent = np.bincount(g_src, weights=count, minlength=n_groups)
    received = np.bincount(g_dst, weights=count, minlength=n_groups)
    ringed = np.bincount(codes[ring], minlength=n_groups) if ring.any() else None
    coords = _layout(n_groups, g_src, g_dst, np.log1p(count), seed)
    level_text = _text(pd.Series(levels, dtype=object))
    if n_groups <= MAX_DISTINCT:  # a distinct colour, then a distinct shape, per group
        styles = [style_of(k) for k in range(n_groups)]
    else:  # too many groups for distinct styles: one colour, no per-group legend
        styles = [(NEUTRAL_COLOR, "dot", "\u25cf")] * n_groups
    colors = [c for c, _, _ in styles]
    tip = pd.DataFrame(
        {
            "members": members,
            "ties within": within,
            "ties to other groups": sent,
            "ties from other groups": received,
        }
    )
    if ringed is not None:
        tip["highlighted members"] = ringed
    data = {
        "nodes": {
            "x": coords[:, 0].tolist(),
            "y": coords[:, 1].tolist(),
            "size": _scale(members.astype(float), 8.0, 40.0, root=True).tolist(),
            "color": colors,
            "ring": ((ringed > 0) if ringed is not None else np.zeros(n_groups, bool))
            .astype(int)
            .tolist(),
            "label": level_text,
            "shape": [shape for _, shape, _ in styles],
            "head": [f"{attr}: {t}" for t in level_text],
            "tip_columns": list(tip.columns),
            "tip_values": [_json_column(tip[c]) for c in tip.columns],
        },
        "edges": {
            "from": g_src.tolist(),
            "to": g_dst.tolist(),
            "width": _scale(count, 0.6, 8.0, root=True).tolist(),
            "mutual": [0] * len(pair),
            "tip_columns": ["nominations", "total weight"],
            "tip_values": [count.tolist(), total.tolist()],
        },
        "curved": True,
    }
    shown = min(n_groups, MAX_LEGEND) if n_groups <= MAX_DISTINCT else 0
    items = "".join(
        f'<span><span class="glyph" style="color:{styles[k][0]}">{styles[k][2]}</span>'
        f"{esc(level_text[k])} ({int(members[k]):,})</span>"
        for k in range(shown)
    )
    if n_groups > shown:
        items += (
            f'<span class="muted">{plural(n_groups, "group")} ({esc(attr)}); hover for names</span>'
        )
    legend = items + (
        '<span class="muted">dot size = members; arrows point from the nominating group</span>'
    )
    notes = [
        f"This network has {graph.n:,} people, more than max_nodes={max_nodes:,}, so it is "
        f"drawn at the group level: one dot per {attr} ({plural(n_groups, 'group')}). "
        "Pass a larger max_nodes or a subgraph to see individual people."
    ]
    if color_by is not None and color_by != attr:
        notes.append(f"Colour by {color_by!r} applies to people and is not drawn here.")
    return data, legend, notes


# ---------------------------------------------------------------------- helpers
def _metric_table(graph: Network, metrics: pd.DataFrame | pd.Series | None) -> pd.DataFrame:
    table = pd.DataFrame(
        {"in_degree": graph.in_degree(), "out_degree": graph.out_degree()}, index=graph.ids
    )
    if metrics is None:
        return table
    if isinstance(metrics, pd.Series):
        metrics = metrics.to_frame(name=metrics.name if metrics.name is not None else "metric")
    if not isinstance(metrics, pd.DataFrame):
        raise ArgumentError(
            f"metrics must be a DataFrame or Series indexed by person id, got "
            f"{type(metrics).__name__}; e.g. metrics=relnet.node_metrics(g)."
        )
    extra = metrics.reindex(graph.ids)
    extra.columns = [str(c) for c in extra.columns]
    table = table.drop(columns=[c for c in table.columns if c in extra.columns])
    return pd.concat([table, extra], axis=1)


def _size_values(table: pd.DataFrame, size_by: str | None) -> np.ndarray | None:
    if size_by is None:
        return None
    if size_by == "degree" and "degree" not in table.columns:
        values = (table["in_degree"] + table["out_degree"]).to_numpy(dtype=float)
    elif size_by in table.columns:
        column = table[size_by]
        if not pd.api.types.is_numeric_dtype(column.dtype):
            raise ArgumentError(f"size_by={size_by!r} is not numeric; choose a numeric metric.")
        values = column.to_numpy(dtype=float, na_value=np.nan)
    else:
        have = ", ".join(repr(c) for c in (*DEGREE_SIZES, *table.columns[2:]))
        raise ArgumentError(
            f"size_by={size_by!r} is neither a degree nor a column of metrics; choose one of "
            f"{have}, or None."
        )
    table.attrs["size_by"] = size_by
    return values


def _highlight_mask(graph: Network, highlight: Any) -> np.ndarray:
    mask = np.zeros(graph.n, dtype=bool)
    if highlight is None:
        return mask
    if isinstance(highlight, pd.Series) and pd.api.types.is_bool_dtype(highlight.dtype):
        highlight = highlight.index[highlight.to_numpy()]
    elif isinstance(highlight, (str, bytes)):
        highlight = [highlight]
    mask[graph.positions(list(highlight))] = True
    return mask


def _choose_group(
    graph: Network, group_by: str | None, color_by: str | None, max_nodes: int
) -> str:
    if group_by is not None:
        graph.attribute(group_by)
        return group_by
    nodes = graph.nodes.drop(columns=["responded", "name"], errors="ignore")
    levels = nodes.nunique()
    if color_by is not None and color_by in levels.index and 2 <= levels[color_by] <= max_nodes:
        return color_by
    # the finest grouping that stays readable (at most half of max_nodes dots), else any
    fitting = levels[(levels >= 2) & (levels <= max(max_nodes // 2, 2))]
    if fitting.empty:
        fitting = levels[(levels >= 2) & (levels <= max_nodes)]
    if fitting.empty:
        raise ArgumentError(
            f"the network has {graph.n:,} people, more than max_nodes={max_nodes:,}, and no "
            "attribute with 2 to max_nodes values to draw groups by; pass by=, a "
            "subgraph, or a larger max_nodes."
        )
    return str(fitting.sort_values(kind="stable").index[-1])


def _factorize(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    try:
        codes, levels = pd.factorize(values, sort=True, use_na_sentinel=False)
    except TypeError:  # mixed types cannot be sorted
        codes, levels = pd.factorize(values, sort=False, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), pd.Index(levels)


def _colors(
    values: pd.Series | None, n: int, name: str | None
) -> tuple[list[str], list[str] | None, str]:
    """Colour and shape of each dot, and the legend. Categories get a distinct colour, then a
    distinct shape (colour-blind-safe palette x 7 shapes); numbers get a viridis ramp."""
    if values is None:
        return [NEUTRAL_COLOR] * n, None, ""
    values = values.reset_index(drop=True)
    missing = values.isna().to_numpy()
    heading = f"<strong>{esc(name)}:</strong>"
    if pd.api.types.is_numeric_dtype(values.dtype) and values.nunique() > 12:
        from matplotlib import colormaps
        from matplotlib.colors import to_hex

        cmap = colormaps["viridis"]
        ramp = np.array([to_hex(cmap(k / 255)) for k in range(256)])
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        low, high = np.nanmin(numbers), np.nanmax(numbers)
        step = np.nan_to_num((numbers - low) / (high - low) if high > low else numbers * 0)
        colors = ramp[np.clip((step * 255).astype(int), 0, 255)]
        colors[missing] = MISSING_COLOR
        legend = (
            f"<span>{heading} {esc(f'{low:.4g}')} "
            f'<span class="sw" style="background:{ramp[0]}"></span>'
            f'<span class="sw" style="background:{ramp[128]}"></span>'
            f'<span class="sw" style="background:{ramp[255]}"></span> {esc(f"{high:.4g}")}'
            "</span>"
        )
        if missing.any():
            legend += (
                f'<span><span class="sw" style="background:{MISSING_COLOR}"></span>missing</span>'
            )
        return colors.tolist(), None, legend
    codes, levels = _factorize(values[~missing])
    styles = [style_of(k) for k in range(min(len(levels), MAX_DISTINCT))]
    style_colors = np.array([c for c, _, _ in styles] + [MISSING_COLOR])
    style_shapes = np.array([s for _, s, _ in styles] + ["dot"])
    full = np.full(n, len(styles), dtype=np.int64)
    full[~missing] = codes % MAX_DISTINCT
    colors = style_colors[full]
    shapes = style_shapes[full]
    counts = np.bincount(codes, minlength=len(levels))
    level_text = _text(pd.Series(levels, dtype=object))
    shown = min(len(levels), MAX_LEGEND)
    items = "".join(
        f'<span><span class="glyph" style="color:{styles[k][0]}">{styles[k][2]}</span>'
        f"{esc(level_text[k])} ({int(counts[k]):,})</span>"
        for k in range(shown)
    )
    if len(levels) > shown:
        items += f'<span class="muted">and {len(levels) - shown} more values (hover a dot)</span>'
    if len(levels) > MAX_DISTINCT:
        items += (
            f'<span class="muted">(colour and shape pairs repeat after {MAX_DISTINCT} '
            "values)</span>"
        )
    if missing.any():
        items += (
            f'<span><span class="sw" style="background:{MISSING_COLOR}"></span>missing '
            f"({int(missing.sum()):,})</span>"
        )
    return colors.tolist(), shapes.tolist(), heading + items


def _text(values: pd.Series) -> list[str]:
    """Values as display strings (NaN as empty)."""
    return values.astype(object).where(values.notna(), "").astype(str).tolist()


def _json_column(column: pd.Series) -> list:
    """A column as JSON-ready values: finite floats or None, else strings or None."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return column.astype(object).where(column.notna(), None).astype(str).tolist()
    if pd.api.types.is_numeric_dtype(column.dtype):
        numbers = column.to_numpy(dtype=float, na_value=np.nan)
        values = pd.Series(numbers, dtype=object)
        return values.where(np.isfinite(numbers), None).tolist()
    text = column.astype(object)
    return text.where(text.notna(), None).map(str, na_action="ignore").tolist()


def _scale(values: np.ndarray, low: float, high: float, *, root: bool = False) -> np.ndarray:
    """Map values linearly (or by square root) onto [low, high]; NaN and constants -> middle."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return values
    if root:
        values = np.sqrt(np.clip(values, 0, None))
    finite = np.isfinite(values)
    if not finite.any():
        return np.full(values.shape, (low + high) / 2)
    lo, hi = values[finite].min(), values[finite].max()
    if hi <= lo:
        return np.full(values.shape, (low + high) / 2)
    out = low + (values - lo) / (hi - lo) * (high - low)
    out[~finite] = low
    return np.round(out, 3)


def _layout(
    n: int, src: np.ndarray, dst: np.ndarray, weights: np.ndarray | None, seed: int
) -> np.ndarray:
    """Seeded Fruchterman-Reingold positions (igraph), scaled to pixels; shape (n, 2)."""
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    import igraph as ig

    rng = np.random.default_rng(seed)
    start = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n)
    pairs = np.column_stack([src, dst]).astype(np.int64)
    net = ig.Graph(n=n, edges=pairs, directed=False)
    ig.set_random_number_generator(random.Random(seed))
    try:
        coords = np.asarray(
            net.layout_fruchterman_reingold(
                seed=start.tolist(),
                niter=500 if n <= 500 else 200,  # big drawings: fewer, cheaper steps
                weights=None if weights is None else np.asarray(weights, dtype=float).tolist(),
                grid="nogrid" if n <= 1000 else "grid",
            ).coords,
            dtype=float,
        )
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    span = np.abs(coords).max()
    side = 250.0 + 40.0 * np.sqrt(n)
    if span > 0:
        coords *= side / 2 / span
    return np.round(coords, 2)
