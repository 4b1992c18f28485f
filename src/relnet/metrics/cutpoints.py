"""Cutpoints and bridges: people and ties whose loss splits the trust network."""

from __future__ import annotations

import numpy as np
import pandas as pd

from relnet.kernels import cutpoints as cut_kernels
from relnet.metrics.common import check_network
from relnet.network import Network


def articulation_points(graph: Network) -> pd.Series:
    """Which people are cutpoints: removing them splits their part of the network.

    **Definition.** In the underlying undirected graph (a tie wherever either person
    nominated the other), :math:`v` is an articulation point (cutpoint) when removing it
    increases the number of connected components.

    Parameters
    ----------
    graph : Network
        Survey graph; direction is ignored.

    Returns
    -------
    pandas.Series
        bool, indexed by person id, named ``articulation_point``.

    Notes
    -----
    Equals networkx ``articulation_points(G.to_undirected())`` and igraph
    ``articulation_points()``; UCINET calls them cutpoints. Linear time (Hopcroft-Tarjan).

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c"], ["b", "c", "d"])
    >>> cut = rn.articulation_points(g)
    >>> cut[cut].index.tolist()
    ['b', 'c']

    References
    ----------
    .. [1] Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
       manipulation. Communications of the ACM 16(6), 372-378.
    """
    check_network(graph)
    undirected = graph.symmetrize("any")
    is_cut, _, _ = cut_kernels.cut_structure(undirected.indptr, undirected.indices)
    return pd.Series(is_cut, index=graph.ids, name="articulation_point")


def bridges(graph: Network) -> pd.DataFrame:
    """Ties whose removal splits the network (in the underlying undirected graph).

    **Definition.** An undirected tie :math:`\\{u, v\\}` (present when either nominated the
    other) is a bridge when removing it increases the number of connected components.

    Parameters
    ----------
    graph : Network
        Survey graph; direction is ignored.

    Returns
    -------
    pandas.DataFrame
        One row per bridge, columns ``source`` and ``target`` (person ids; ``source`` is the
        one earlier in the network's order), sorted.

    Notes
    -----
    Equals networkx ``bridges(G.to_undirected())`` and igraph ``bridges()``.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "c"], ["b", "c", "a", "d"])
    >>> rn.bridges(g)
      source target
    0      c      d

    References
    ----------
    .. [1] Tarjan, R. E. (1974). A note on finding the bridges of a graph. Information
       Processing Letters 2(6), 160-161.
    """
    check_network(graph)
    undirected = graph.symmetrize("any")
    _, u, v = cut_kernels.cut_structure(undirected.indptr, undirected.indices)
    order = np.lexsort((v, u))
    return pd.DataFrame({"source": graph.ids.take(u[order]), "target": graph.ids.take(v[order])})
