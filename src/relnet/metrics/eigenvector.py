"""Eigenvector centrality and Bonacich power: standing that comes from whom one is tied to."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, GraphKindError, check_choice
from relnet.kernels import components as component_kernels
from relnet.metrics.common import check_network, node_series
from relnet.network import Network

EIGENVECTOR_MODES = ("in", "out")
#: Up to this many people Bonacich power and the spectral radius use dense linear algebra.
DENSE_MAX = 2_000
#: Above this many people the eigenvector iteration starts from ARPACK's estimate.
ARPACK_ABOVE = 200


def eigenvector(
    graph: Network,
    *,
    mode: str = "in",
    weighted: bool = False,
    tol: float = 1e-12,
    max_iter: int = 100_000,
) -> pd.Series:
    r"""Eigenvector centrality: a person is central when central people are tied to them.

    **Definition.** The principal eigenvector :math:`x` of the adjacency matrix, scaled to
    unit Euclidean length and non-negative. With ``mode="in"`` (igraph and networkx),
    :math:`\lambda x_j = \sum_i a_{ij} x_i`: standing comes from the people who nominate
    :math:`j`; with ``mode="out"`` (R sna ``evcent``), :math:`\lambda x_i = \sum_j a_{ij}
    x_j`: from the people :math:`i` nominates. :math:`a_{ij}` is 1 for an arc (its weight
    with ``weighted=True``) and :math:`\lambda` the largest eigenvalue (the spectral radius).

    Computed by power iteration on :math:`M + I` (:math:`M = A^T` or :math:`A`) from the
    uniform vector, as networkx does, which converges on periodic graphs too; when the graph
    is not strongly connected the result is the limit from that start (people outside the
    reach of the strongest part score 0). An acyclic graph (:math:`\lambda = 0`) gets all
    zeros, as igraph returns.

    Parameters
    ----------
    graph : Network
        Directed survey network.
    mode : {"in", "out"}, default "in"
        Where standing comes from: nominators (``"in"``) or nominees (``"out"``).
    weighted : bool, default False
        Use tie weights as strengths (must be non-negative).
    tol : float, default 1e-12
        Stop when no score moves by more than ``tol`` between iterations.
    max_iter : int, default 100000
        Iteration cap.

    Returns
    -------
    pandas.Series
        float64, unit Euclidean norm, indexed by person id, named ``eigenvector``;
        ``attrs["eigenvalue"]`` holds :math:`\lambda` and ``attrs["iterations"]`` the
        iterations used.

    Raises
    ------
    ArgumentError
        When ``mode`` is unknown or the iteration does not converge (raise ``max_iter``).
    GraphKindError
        When ``weighted`` and a weight is negative.

    Notes
    -----
    ``mode="in"`` equals networkx ``eigenvector_centrality(G)`` (unit norm) and igraph
    ``eigenvector_centrality(directed=True)`` up to scale (igraph scales the maximum to 1:
    divide by ``max()``); ``mode="out"`` equals R sna ``evcent(A)`` (unit norm, the
    centrality from the people one nominates; sna uses the tie values unless
    ``ignore.eval=TRUE``, so compare with ``weighted=True``). On a graph where the largest
    eigenvalue is shared by two parts with no path between them, the eigenvector is not
    unique: all three tools and relnet then return the power-iteration limit from the
    uniform start.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "c"], ["b", "c", "a", "b"])
    >>> x = rn.eigenvector(g)  # b is named by a and c, c by b, a by c
    >>> # l x_a = x_c, l x_b = x_a + x_c, l x_c = x_b: x ~ (1/l^2, 1, 1/l), l^3 = l + 1
    >>> x.round(4).tolist()
    [0.414, 0.7265, 0.5484]
    >>> round(float((x**2).sum()), 12)
    1.0
    >>> round(x.attrs["eigenvalue"], 4)
    1.3247

    References
    ----------
    .. [1] Bonacich, P. (1972). Factoring and weighting approaches to status scores and
       clique identification. Journal of Mathematical Sociology 2(1), 113-120.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software 24(6).
    """
    check_network(graph)
    check_choice("mode", mode, EIGENVECTOR_MODES)
    _check_iterations(tol, max_iter)
    n = graph.n
    weights = _weights(graph, weighted)
    if n == 0:
        return node_series(graph, np.empty(0), "eigenvector")
    if _acyclic(graph, weights):
        result = node_series(graph, np.zeros(n), "eigenvector")
        result.attrs.update(eigenvalue=0.0, iterations=0)
        return result
    matrix = _matrix(graph, weights, transpose=mode == "in")
    x, value, iterations = _principal(matrix, tol, max_iter)
    if iterations < 0:
        raise ArgumentError(
            f"eigenvector centrality did not converge in {max_iter} iterations (two parts of "
            "the network have nearly the same leading eigenvalue); raise max_iter or tol."
        )
    result = node_series(graph, x, "eigenvector")
    result.attrs.update(eigenvalue=value, iterations=iterations)
    return result


def bonacich(
    graph: Network, *, beta: float, weighted: bool = False, tol: float = 1e-12
) -> pd.Series:
    r"""Bonacich power centrality: power from the people one nominates, discounted by ``beta``.

    **Definition.** :math:`c = \alpha (I - \beta A)^{-1} A \mathbf{1}`, i.e.
    :math:`c_i = \sum_j a_{ij} (\alpha + \beta c_j)`: the walks leaving :math:`i`, those of
    length :math:`k` weighted by :math:`\beta^{k-1}`. :math:`\alpha` scales the result so
    that :math:`\sum_i c_i^2 = n` (Bonacich 1987). :math:`\beta > 0` rewards ties to
    well-connected people, :math:`\beta < 0` ties to people with few other options
    (bargaining power), :math:`\beta = 0` gives out-degree (rescaled). The series converges
    for :math:`|\beta| < 1/\lambda_{max}`, :math:`\lambda_{max}` the spectral radius of
    :math:`A`.

    Parameters
    ----------
    graph : Network
        Directed survey network.
    beta : float
        Attenuation (sna's ``exponent``); :math:`|\beta|` must be below
        :math:`1/\lambda_{max}`.
    weighted : bool, default False
        Use tie weights in :math:`A` (must be non-negative).
    tol : float, default 1e-12
        Relative tolerance of the iterative solve used above 2,000 people.

    Returns
    -------
    pandas.Series
        float64 with :math:`\sum c_i^2 = n`, indexed by person id, named ``bonacich``; all
        NaN when the network has no arcs (nothing to scale). ``attrs`` holds ``beta`` and
        ``spectral_radius`` (NaN when the cheap bound already settled the check).

    Raises
    ------
    ArgumentError
        When :math:`|\beta| \ge 1/\lambda_{max}`: the message gives the bound.
    GraphKindError
        When ``weighted`` and a weight is negative.

    Notes
    -----
    Equals R sna ``bonpow(A, exponent=beta)`` (``gmode="digraph"``, its default scaling
    :math:`\sum c^2 = n`; ``rescale=TRUE`` there divides by the sum instead). igraph
    ``power_centrality(exponent=beta, rescale=FALSE)`` takes the same row sums but scales to
    :math:`\sum c^2 = n` as well. Up to 2,000 people the system is solved densely; above,
    by the fixed-point iteration :math:`c \leftarrow A\mathbf{1} + \beta A c`, whose error
    shrinks by :math:`|\beta|\lambda_{max}` per step.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "a", "b"], ["b", "c", "c"])
    >>> # beta = 0.5: c = (A + 0.5 A^2 + ...) 1: a -> 2 + 0.5 * 1 = 2.5, b -> 1, c -> 0,
    >>> # scaled by sqrt(3 / (2.5^2 + 1^2))
    >>> rn.bonacich(g, beta=0.5).round(4).tolist()
    [1.6082, 0.6433, 0.0]

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures. American
       Journal of Sociology 92(5), 1170-1182.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software 24(6).
    """
    check_network(graph)
    if isinstance(beta, bool) or not isinstance(beta, (int, float, np.integer, np.floating)):
        raise ArgumentError(f"beta={beta!r} must be a number (sna's exponent).")
    beta = float(beta)
    if not math.isfinite(beta):
        raise ArgumentError(f"beta={beta!r} must be finite.")
    n = graph.n
    weights = _weights(graph, weighted)
    if n == 0:
        return node_series(graph, np.empty(0), "bonacich")
    matrix = _matrix(graph, weights, transpose=False)
    radius = _check_beta(graph, matrix, weights, beta)
    row_sums = np.asarray(matrix @ np.ones(n))
    if n <= DENSE_MAX:
        dense = matrix.toarray()
        c = np.linalg.solve(np.eye(n) - beta * dense, row_sums)
    else:
        c = _fixed_point(matrix, row_sums, beta, tol)
    norm = float(np.sum(c**2))
    scaled = c * math.sqrt(n / norm) if norm > 0 else np.full(n, np.nan)
    result = node_series(graph, scaled, "bonacich")
    result.attrs.update(beta=beta, spectral_radius=radius)
    return result


# ---------------------------------------------------------------------- helpers
def _check_iterations(tol: float, max_iter: int) -> None:
    if not (isinstance(tol, (int, float)) and tol > 0):
        raise ArgumentError(f"tol={tol!r} must be a positive number.")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ArgumentError(f"max_iter={max_iter!r} must be a positive integer.")


def _weights(graph: Network, weighted: bool) -> np.ndarray:
    if not weighted:
        return np.ones(graph.m)
    weights = np.asarray(graph.weights, dtype=np.float64)
    if graph.m and weights.min() < 0:
        raise GraphKindError(
            "some arc weights are negative; eigenvector and Bonacich scores need non-negative "
            "weights. Use weighted=False or drop those arcs."
        )
    return weights


def _matrix(graph: Network, weights: np.ndarray, *, transpose: bool):
    """Sparse A (row i: arcs i -> j) or, with ``transpose``, A^T (row j: arcs i -> j)."""
    import scipy.sparse as sp

    n = graph.n
    if transpose:
        return sp.csr_matrix(
            (weights[graph.t_to_out], graph.t_indices, graph.t_indptr), shape=(n, n)
        )
    return sp.csr_matrix((weights, graph.indices, graph.indptr), shape=(n, n))


def _acyclic(graph: Network, weights: np.ndarray) -> bool:
    """True when the arcs with positive weight hold no cycle (spectral radius 0)."""
    if graph.m == 0:
        return True
    g = graph
    if weights.min() <= 0:
        keep = weights > 0
        g = graph._replace(src=graph.sources[keep], dst=graph.indices[keep], weights=weights[keep])
    _, count = component_kernels.strong_labels(g.indptr, g.indices)
    return int(count) == g.n


def _principal(matrix, tol: float, max_iter: int) -> tuple[np.ndarray, float, int]:
    """Power iteration on M + I from the uniform unit vector: (x, lambda, iterations or -1).

    Above :data:`ARPACK_ABOVE` people the iteration starts from ARPACK's leading eigenvector
    when ARPACK finds the leading eigenvalue simple (then the eigenvector is unique and is
    the limit from the uniform start too), and only polishes it; otherwise it starts from the
    uniform vector, which converges slowly when two parts of the network have close leading
    eigenvalues.
    """
    n = matrix.shape[0]
    x = _arpack_start(matrix) if n > ARPACK_ABOVE else None
    if x is None:
        x = np.full(n, 1.0 / math.sqrt(n))
    for it in range(1, max_iter + 1):
        y = matrix @ x + x
        y /= math.sqrt(float(np.sum(y * y)))  # not np.linalg.norm: BLAS stalls on a busy box
        change = float(np.max(np.abs(y - x)))
        x = y
        if change < tol:
            return x, float(np.linalg.norm(matrix @ x)), it
    return x, float(np.linalg.norm(matrix @ x)), -1


def _arpack_start(matrix) -> np.ndarray | None:
    """ARPACK's leading eigenvector (non-negative, unit) when the leading eigenvalue is
    simple and positive; None otherwise or when ARPACK fails."""
    from scipy.sparse.linalg import ArpackError, ArpackNoConvergence, eigs

    n = matrix.shape[0]
    try:
        with _one_blas_thread():  # BLAS threads stall ARPACK on a busy machine (8x measured)
            values, vectors = eigs(
                matrix, k=2, which="LR", v0=np.ones(n), ncv=min(n - 1, 20), tol=1e-10, maxiter=5000
            )
    except (ArpackError, ArpackNoConvergence):
        return None
    order = np.argsort(-values.real)
    first, second = values[order[0]], values[order[1]]
    if first.real <= 0 or abs(first.imag) > 1e-9 * first.real:
        return None
    if first.real - second.real <= 1e-6 * first.real:
        return None
    x = np.abs(vectors[:, order[0]].real)
    norm = math.sqrt(float(np.sum(x * x)))
    return x / norm if norm > 0 else None


def _one_blas_thread():
    """Context limiting BLAS to one thread (threadpoolctl); a no-op when it is missing."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - declared dependency, kept optional at import
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _spectral_radius(graph: Network, matrix, weights: np.ndarray) -> float:
    """Largest |eigenvalue| of the non-negative matrix A (its Perron root)."""
    n = matrix.shape[0]
    if _acyclic(graph, weights):
        return 0.0
    if n <= DENSE_MAX:
        return float(np.max(np.abs(np.linalg.eigvals(matrix.toarray()))))
    _, value, _ = _principal(matrix, 1e-13, 100_000)
    return value


def _check_beta(graph: Network, matrix, weights: np.ndarray, beta: float) -> float:
    """Refuse |beta| >= 1 / spectral radius; return the radius (NaN when not computed)."""
    if beta == 0.0 or graph.m == 0:
        return math.nan
    row_max = float(np.max(np.asarray(matrix.sum(axis=1)).ravel()))
    col_max = float(np.max(np.asarray(matrix.sum(axis=0)).ravel()))
    if abs(beta) * min(row_max, col_max) < 1.0:  # Gershgorin bound: radius <= both maxima
        return math.nan
    radius = _spectral_radius(graph, matrix, weights)
    if radius > 0 and abs(beta) * radius >= 1.0 - 1e-12:
        raise ArgumentError(
            f"beta={beta!r} is at or beyond the bound |beta| < 1/lambda_max = "
            f"{1.0 / radius:.6g} (lambda_max = {radius:.6g}, the largest eigenvalue of the "
            "adjacency matrix); the power series diverges there. Pick a smaller |beta|."
        )
    return radius


def _fixed_point(matrix, row_sums: np.ndarray, beta: float, tol: float) -> np.ndarray:
    """Solve c = A 1 + beta A c by iteration (converges for |beta| rho(A) < 1)."""
    c = row_sums.copy()
    scale = max(float(np.max(np.abs(row_sums))), 1e-300)
    for _ in range(1_000_000):
        new = row_sums + beta * (matrix @ c)
        change = float(np.max(np.abs(new - c)))
        c = new
        if change <= tol * max(scale, float(np.max(np.abs(c)))):
            return c
    raise ArgumentError(
        f"the Bonacich iteration did not converge for beta={beta!r}; pick a smaller |beta|."
    )
