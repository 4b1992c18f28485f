"""Static network figures for papers: matplotlib, PNG/SVG/PDF, colour-blind-safe, seeded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, check_choice
from relnet.metrics.common import check_network
from relnet.network import Network
from relnet.viz._html import MAX_DISTINCT, MISSING_COLOR, NEUTRAL_COLOR, style_of

LAYOUTS = ("fr", "kk", "circle")
SIZE_BY = ("in_degree", "out_degree", "degree")
FORMATS = (".png", ".svg", ".pdf")
#: vis-network shape names -> matplotlib markers (the same second encoding as the views).
MARKERS = {
    "dot": "o",
    "square": "s",
    "triangle": "^",
    "diamond": "D",
    "star": "*",
    "triangleDown": "v",
    "hexagon": "h",
}
MAX_LEGEND = 20


def plot_network(
    graph: Network,
    path: str | Path | None = None,
    *,
    color_by: str | None = None,
    size_by: str | None = "in_degree",
    layout: str | np.ndarray | pd.DataFrame = "fr",
    seed: int = 0,
    labels: str | None = None,
    ax: Any = None,
    relation: str | None = None,
    highlight: Any = None,
    title: str | None = None,
) -> Any:
    """Draw a network as a static figure (matplotlib) for a paper or a report.

    **Definition.** Each person is a marker placed by a seeded layout, coloured by the node
    attribute ``color_by`` from a colour-blind-safe palette (Okabe & Ito 2008, then Tol's
    muted colours); past ten values the marker shape changes too, so no two values look alike
    below 70 values. Marker area grows with ``size_by``; each arc is an arrow from the
    nominator to the nominee whose width grows with its weight (all equal and the legend says
    "unweighted" when every weight is 1). The legend names the relation, the colours and what
    size and width mean.

    Parameters
    ----------
    graph : Network
        The network to draw.
    path : str or pathlib.Path, optional
        Write the figure there; the suffix picks the format (``.png``, ``.svg``, ``.pdf``).
    color_by : str, optional
        Categorical node attribute for colours (and shapes past ten values).
    size_by : {"in_degree", "out_degree", "degree"} or None
        What marker area shows; None for equal sizes.
    layout : {"fr", "kk", "circle"} or array of shape (n, 2)
        Fruchterman-Reingold or Kamada-Kawai (igraph, seeded), a circle, or coordinates
        (a DataFrame indexed by id with two columns is aligned to ``graph.ids``).
    seed : int
        Seed of the layout: the same seed gives the same figure.
    labels : {"id", "name"} or None
        Text beside each marker; default none (names are shown only when asked for).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    relation : str, optional
        The relation's name, for the legend (e.g. ``"trust"``).
    highlight : sequence of ids, optional
        People to ring in red.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ArgumentError
        On an unknown layout, size, label option, attribute or file suffix.

    Notes
    -----
    The layout is the one :func:`relnet.to_html` uses (igraph's ``layout_fruchterman_reingold``
    from a seeded start), so a figure and a view of the same network agree. Only pyplot-free
    matplotlib objects are used (``matplotlib.figure.Figure``), so it is safe in scripts and
    servers without a display.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["ana", "ben", "ana"], ["ben", "ana", "cai"])
    >>> fig = rn.plot_network(g, relation="trust")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][-1]
    'trust ties (unweighted)'

    References
    ----------
    .. [1] Okabe, M. & Ito, K. (2008). Color Universal Design: how to make figures and
       presentations that are friendly to colorblind people. J*FLY.
    .. [2] Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
       placement. Software: Practice and Experience 21(11), 1129-1164.
    """
    check_network(graph)
    if size_by is not None:
        check_choice("size_by", size_by, SIZE_BY)
    if labels is not None:
        check_choice("labels", labels, ("id", "name"))
        if labels == "name":
            graph.attribute("name")
    if color_by is not None:
        graph.attribute(color_by)
    suffix = None
    if path is not None:
        suffix = Path(path).suffix.lower()
        if suffix not in FORMATS:
            raise ArgumentError(
                f"path={str(path)!r}: the suffix picks the format; use one of {', '.join(FORMATS)}."
            )
    coords = _coordinates(graph, layout, seed)
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if ax is None:
        fig = Figure(figsize=(7.0, 6.0), dpi=100)
        ax = fig.add_axes((0.02, 0.02, 0.96, 0.9))
    else:
        fig = ax.figure
    ax.set_axis_off()
    ax.set_aspect("equal")
    n = graph.n
    span = float(np.ptp(coords, axis=0).max()) if n > 1 else 1.0
    span = span if span > 0 else 1.0

    # arcs: arrows from nominator to nominee, width by weight
    weights = np.asarray(graph.weights, dtype=float)
    unweighted = weights.size == 0 or bool(np.all(weights == 1.0))
    if graph.m:
        src = graph.sources.astype(np.int64)
        dst = graph.indices.astype(np.int64)
        start, end = coords[src], coords[dst]
        delta = end - start
        length = np.hypot(delta[:, 0], delta[:, 1])
        trim = np.where(
            length > 0, np.minimum(0.02 * span, 0.3 * length) / np.maximum(length, 1e-12), 0
        )
        end = end - delta * trim[:, None]
        if unweighted:
            widths = np.full(graph.m, 0.6)
        else:
            low, high = weights.min(), weights.max()
            widths = 0.4 + 1.6 * (weights - low) / (high - low if high > low else 1.0)
        alpha = 0.55 if graph.m <= 2000 else 0.25
        ax.quiver(
            start[:, 0],
            start[:, 1],
            (end - start)[:, 0],
            (end - start)[:, 1],
            angles="xy",
            scale_units="xy",
            scale=1,
            width=0.0012,
            headwidth=5 if graph.m <= 5000 else 0,
            headlength=6 if graph.m <= 5000 else 0,
            headaxislength=5 if graph.m <= 5000 else 0,
            linewidths=widths * 0.3,
            color="#555555",
            alpha=alpha,
            zorder=1,
        )

    # people: colour (then shape) by category, area by degree
    if size_by is None:
        area = np.full(n, 30.0)
    else:
        degree = {
            "in_degree": graph.in_degree(),
            "out_degree": graph.out_degree(),
            "degree": graph.in_degree() + graph.out_degree(),
        }[size_by].astype(float)
        top = degree.max() if n and degree.max() > 0 else 1.0
        area = 12.0 + 150.0 * np.sqrt(degree / top)
        if n > 300:
            area = area * 0.45
    handles = []
    if color_by is None:
        groups = [(np.ones(n, bool), NEUTRAL_COLOR, "o", None)]
    else:
        values = graph.attribute(color_by).reset_index(drop=True)
        missing = values.isna().to_numpy()
        codes, levels = _factorize(values[~missing])
        full = np.full(n, -1, dtype=np.int64)
        full[~missing] = codes
        groups = []
        for k in range(len(levels)):
            color, shape, _ = style_of(k)
            groups.append((full == k, color, MARKERS[shape], str(levels[k])))
        if missing.any():
            groups.append((full < 0, MISSING_COLOR, "o", "missing"))
    for mask, color, marker, label in groups:
        if not mask.any():
            continue
        ax.scatter(
            coords[mask, 0],
            coords[mask, 1],
            s=area[mask],
            c=color,
            marker=marker,
            edgecolors="white",
            linewidths=0.5,
            zorder=2,
        )
        if label is not None and len(handles) < MAX_LEGEND:
            handles.append(
                Line2D([], [], ls="", marker=marker, color=color, markersize=7, label=label)
            )
    if color_by is not None and len(groups) > MAX_LEGEND:
        handles.append(Line2D([], [], ls="", label=f"... {len(groups) - MAX_LEGEND} more"))
    if color_by is not None and len(groups) > MAX_DISTINCT:
        handles.append(
            Line2D([], [], ls="", label=f"(colour+shape repeat after {MAX_DISTINCT} values)")
        )
    if highlight is not None:
        ring = np.zeros(n, dtype=bool)
        ring[graph.positions(list(highlight))] = True
        ax.scatter(
            coords[ring, 0],
            coords[ring, 1],
            s=area[ring] * 2.2,
            facecolors="none",
            edgecolors="#d62728",
            linewidths=1.6,
            zorder=3,
        )
        handles.append(
            Line2D([], [], ls="", marker="o", mfc="none", mec="#d62728", mew=1.6, label="red ring")
        )
    if labels is not None and n:
        text = graph.ids if labels == "id" else graph.attribute("name").to_numpy()
        for (x, y), t in zip(coords, text):
            ax.annotate(str(t), (x, y), fontsize=6, xytext=(3, 3), textcoords="offset points")
    name = "tie" if relation is None else f"{relation} tie"
    if unweighted:
        edge_label = f"{name}s (unweighted)"
    else:
        edge_label = f"{name}s; width = weight ({weights.min():.3g} to {weights.max():.3g})"
    if size_by is not None:
        handles.append(
            Line2D([], [], ls="", marker="o", color="#999999", label=f"size = {size_by}")
        )
    handles.append(Line2D([], [], color="#555555", marker=">", markersize=4, label=edge_label))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0) if len(handles) > 8 else None,
        fontsize=7,
        frameon=False,
        title=color_by,
        title_fontsize=7,
    )
    if title is not None:
        ax.set_title(str(title), fontsize=9)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        meta = {"Software": None} if suffix in (".png",) else None
        fig.savefig(path, format=suffix[1:], bbox_inches="tight", metadata=meta)
    return fig


def figure_svg(fig: Any, *, tight: bool = True) -> str:
    """A figure as inline SVG text (no XML prolog, fixed ids, no date), for HTML pages.

    ``tight=False`` keeps the figure's own margins (one drawing pass fewer: faster).
    """
    import io

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "relnet", "svg.fonttype": "none"}):
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight" if tight else None,
            metadata={"Date": None},
        )
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _factorize(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    try:
        codes, levels = pd.factorize(values, sort=True)
    except TypeError:  # mixed types cannot be sorted
        codes, levels = pd.factorize(values, sort=False)
    return np.asarray(codes, dtype=np.int64), pd.Index(levels)


def _coordinates(graph: Network, layout: Any, seed: int) -> np.ndarray:
    n = graph.n
    if isinstance(layout, pd.DataFrame):
        if layout.shape[1] != 2:
            raise ArgumentError("layout as a DataFrame needs two columns (x, y) indexed by id.")
        frame = layout.reindex(graph.ids)
        if frame.isna().any().any():
            raise ArgumentError("layout does not give coordinates for every person of graph.")
        return frame.to_numpy(dtype=float)
    if isinstance(layout, np.ndarray):
        if layout.shape != (n, 2):
            raise ArgumentError(f"layout array must have shape ({n}, 2), got {layout.shape}.")
        return layout.astype(float)
    check_choice("layout", layout, LAYOUTS)
    if n <= 1:
        return np.zeros((n, 2))
    if layout == "circle":
        angle = 2 * np.pi * np.arange(n) / n
        return np.column_stack([np.cos(angle), np.sin(angle)])
    src = graph.sources.astype(np.int64)
    dst = graph.indices.astype(np.int64)
    if layout == "fr":
        from relnet.viz.network_view import _layout

        return _layout(n, src, dst, None, seed)
    import random

    import igraph as ig

    rng = np.random.default_rng(seed)
    net = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=False)
    ig.set_random_number_generator(random.Random(seed))
    try:
        start = rng.uniform(-1.0, 1.0, size=(n, 2)).tolist()
        return np.asarray(net.layout_kamada_kawai(seed=start).coords, dtype=float)
    finally:
        ig.set_random_number_generator(random)
