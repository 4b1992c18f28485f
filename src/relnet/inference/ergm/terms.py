"""ERGM terms: statnet's names, arguments and coefficient labels, compiled to kernel arrays.

Each term of a formula expands to one or more scalar statistics (``nodefactor('Race')`` gives
one per non-baseline level). :func:`build_model` turns parsed :class:`TermCall` objects into a
:class:`Model`: coefficient names exactly as statnet prints them, and the code/parameter
arrays :mod:`relnet.kernels.ergm` evaluates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, GraphKindError
from relnet.inference.ergm.formula import TermCall, parse_formula
from relnet.kernels import ergm as kern

_DIR = "directed"
_UND = "undirected"
_BOTH = "both"


@dataclass
class Model:
    """A compiled ERGM: one row of kernel parameters per coefficient."""

    names: list[str]
    codes: np.ndarray  # int64[p]
    ip: np.ndarray  # int64[p, 2]
    fp: np.ndarray  # float64[p, 1]
    ai: np.ndarray  # int64[n_cols, n]
    af: np.ndarray  # float64[n_cols, n]
    ec_ptr: np.ndarray  # int64[n_ec, n + 1]
    ec_idx: np.ndarray  # int64
    ec_val: np.ndarray  # float64
    empty: np.ndarray  # statistics of the empty graph
    term_of: list[str]  # the formula term each coefficient comes from
    dyad_independent: bool
    directed: bool
    notes: list[str] = field(default_factory=list)

    @property
    def p(self) -> int:
        return len(self.names)

    def kernel_args(self) -> tuple:
        return (
            self.codes, self.ip, self.fp, self.ai, self.af, self.ec_ptr, self.ec_idx,
            self.ec_val,
        )  # fmt: skip


@dataclass(frozen=True)
class _Spec:
    kind: str  # directed / undirected / both
    dyad_independent: bool
    arguments: str
    definition: str
    expand: Callable


class _Builder:
    """Collects statistics and node/dyad covariate columns while terms expand."""

    def __init__(self, graph: Any, directed: bool, data: Mapping[str, Any]) -> None:
        self.graph = graph
        self.directed = directed
        self.data = data
        self.n = graph.n
        self.rows: list[tuple] = []  # name, code, ip0, ip1, fp0, empty, term
        self.ai: list[np.ndarray] = []
        self.af: list[np.ndarray] = []
        self.ec: list[tuple] = []
        self.notes: list[str] = []
        self._cat_cache: dict[str, tuple] = {}
        self._num_cache: dict[str, int] = {}

    def add(self, name, code, ip0=0, ip1=0, fp0=0.0, empty=0.0, term=""):
        self.rows.append((name, code, int(ip0), int(ip1), float(fp0), float(empty), term))

    def attribute(self, attr: Any, term: str) -> pd.Series:
        if not isinstance(attr, str):
            raise ArgumentError(
                f"term {term!r}: the attribute must be a name (a string), got {attr!r}."
            )
        try:
            return self.graph.attribute(attr)
        except ArgumentError as exc:
            raise ArgumentError(f"term {term!r}: {exc}") from None

    def categorical(self, attr: Any, term: str) -> tuple[int, list]:
        """Column index in ``ai`` and the sorted levels (R's sort order) of an attribute."""
        if attr in self._cat_cache:
            return self._cat_cache[attr]
        values = self.attribute(attr, term)
        levels = sort_levels(values.dropna().unique())
        lookup = {lv: k for k, lv in enumerate(levels)}
        codes = np.array([lookup.get(v, -1) if not _isna(v) else -1 for v in values])
        self.ai.append(codes.astype(np.int64))
        out = (len(self.ai) - 1, levels)
        self._cat_cache[attr] = out
        return out

    def numeric(self, attr: Any, term: str) -> int:
        if attr in self._num_cache:
            return self._num_cache[attr]
        values = self.attribute(attr, term)
        try:
            x = pd.to_numeric(values).to_numpy(dtype=np.float64)
        except (TypeError, ValueError):
            raise ArgumentError(
                f"term {term!r}: attribute {attr!r} is not numeric (e.g. {values.iloc[0]!r}); "
                "use nodefactor/nodematch for categories."
            ) from None
        if np.isnan(x).any():
            raise ArgumentError(
                f"term {term!r}: attribute {attr!r} has {int(np.isnan(x).sum())} missing "
                "values; fill or drop them first."
            )
        self.af.append(x)
        self._num_cache[attr] = len(self.af) - 1
        return len(self.af) - 1

    def dyadic(self, value: Any, term: str) -> tuple[int, str]:
        """Register an edge covariate (name in ``data``, Network, matrix or DataFrame)."""
        label = value if isinstance(value, str) else "x"
        if isinstance(value, str):
            if value not in self.data:
                have = ", ".join(map(repr, self.data)) or "none"
                raise ArgumentError(
                    f"term {term!r}: no dyadic covariate {value!r} in data=; given: {have}. "
                    f"Pass data={{{value!r}: other_network_or_matrix}} to rn.ergm."
                )
            value = self.data[value]
        matrix = _as_matrix(value, self.graph, term)
        if not self.directed and not np.allclose(matrix, matrix.T):
            raise ArgumentError(
                f"term {term!r}: the covariate matrix is not symmetric; an undirected "
                "model needs a symmetric edge covariate."
            )
        rows, cols = np.nonzero(matrix)
        self.ec.append((rows, cols, matrix[rows, cols]))
        return len(self.ec) - 1, label

    def finish(self, term_count: int) -> Model:
        if not self.rows:
            raise ArgumentError("the formula has no statistics.")
        names = [r[0] for r in self.rows]
        dup = sorted({x for x in names if names.count(x) > 1})
        if dup:
            raise ArgumentError(
                f"the formula repeats the statistic(s) {', '.join(dup)}; each may appear once."
            )
        n = self.n
        p = len(self.rows)
        ip = np.zeros((p, 2), dtype=np.int64)
        fp = np.zeros((p, 1), dtype=np.float64)
        for s, r in enumerate(self.rows):
            ip[s] = (r[2], r[3])
            fp[s, 0] = r[4]
        ai = np.vstack(self.ai) if self.ai else np.zeros((1, n), dtype=np.int64)
        af = np.vstack(self.af) if self.af else np.zeros((1, n), dtype=np.float64)
        n_ec = max(len(self.ec), 1)
        ec_ptr = np.zeros((n_ec, n + 1), dtype=np.int64)
        idx_parts, val_parts = [], []
        offset = 0
        for t, (rows, cols, vals) in enumerate(self.ec):
            order = np.lexsort((cols, rows))
            counts = np.bincount(rows, minlength=n)
            ec_ptr[t] = offset + np.r_[0, np.cumsum(counts)]
            idx_parts.append(cols[order])
            val_parts.append(vals[order])
            offset += len(rows)
        ec_idx = np.concatenate(idx_parts).astype(np.int64) if idx_parts else np.zeros(1, np.int64)
        ec_val = np.concatenate(val_parts).astype(np.float64) if val_parts else np.zeros(1)
        return Model(
            names=names,
            codes=np.array([r[1] for r in self.rows], dtype=np.int64),
            ip=ip,
            fp=fp,
            ai=np.ascontiguousarray(ai),
            af=np.ascontiguousarray(af),
            ec_ptr=ec_ptr,
            ec_idx=ec_idx,
            ec_val=ec_val,
            empty=np.array([r[5] for r in self.rows], dtype=np.float64),
            term_of=[r[6] for r in self.rows],
            dyad_independent=False,
            directed=self.directed,
            notes=self.notes,
        )


def _isna(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def sort_levels(values: Any) -> list:
    """Levels in R's ``sort(unique(x))`` order: numbers numerically, text case-insensitively.

    Examples
    --------
    >>> sort_levels(["White", "Hisp", "Black", "asian"])
    ['asian', 'Black', 'Hisp', 'White']
    >>> sort_levels([10, 9, 11])
    [9, 10, 11]
    """
    values = list(values)
    if all(isinstance(v, (bool, np.bool_)) for v in values):
        return sorted(values)
    if all(isinstance(v, (int, float, np.integer, np.floating)) for v in values):
        return sorted(values)
    return sorted(values, key=lambda v: (str(v).lower(), str(v)))


def r_label(value: Any) -> str:
    """A value as R's ``as.character`` prints it (7.0 -> '7', True -> 'TRUE').

    Examples
    --------
    >>> r_label(0.5), r_label(7.0), r_label(True), r_label("Hisp")
    ('0.5', '7', 'TRUE', 'Hisp')
    """
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (float, np.floating)):
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def _as_matrix(value: Any, graph: Any, term: str) -> np.ndarray:
    from relnet.network import Network

    n = graph.n
    if isinstance(value, Network):
        if not value.ids.equals(graph.ids):
            pos = value.ids.get_indexer(graph.ids)
            if (pos < 0).any():
                raise ArgumentError(
                    f"term {term!r}: the covariate network lacks some people of the graph "
                    f"(e.g. {graph.ids[np.flatnonzero(pos < 0)[0]]!r})."
                )
        else:
            pos = np.arange(n)
        full = np.zeros((value.n, value.n))
        full[value.sources, value.indices] = value.weights
        return full[np.ix_(pos, pos)]
    if isinstance(value, pd.DataFrame):
        value = value.reindex(index=graph.ids, columns=graph.ids).fillna(0.0).to_numpy(float)
    matrix = np.asarray(value, dtype=np.float64)
    if matrix.shape != (n, n):
        raise ArgumentError(
            f"term {term!r}: the covariate matrix is {matrix.shape}, the graph has {n} people; "
            "give an n x n matrix in the graph's order, a DataFrame indexed by id or a Network."
        )
    matrix = matrix.copy()
    np.fill_diagonal(matrix, 0.0)
    return matrix


# ---------------------------------------------------------------- argument helpers
def _args(call: TermCall, names: tuple[str, ...], defaults: dict) -> dict:
    """Bind positional and keyword arguments of a term like R does (by position, then name)."""
    if len(call.args) > len(names):
        raise ArgumentError(
            f"term {call.text!r} takes at most {len(names)} argument(s) "
            f"({', '.join(names) or 'none'})."
        )
    out = dict(defaults)
    for name, value in zip(names, call.args, strict=False):
        out[name] = value
    for key, value in call.kwargs.items():
        if key not in names:
            raise ArgumentError(
                f"term {call.text!r} has no argument {key!r}; it takes "
                f"{', '.join(names) or 'no arguments'}."
            )
        out[key] = value
    missing = [k for k in names if k not in out]
    if missing:
        raise ArgumentError(f"term {call.text!r} needs the argument {missing[0]!r}.")
    return out


def _ints(value: Any, call: TermCall, name: str, minimum: int = 0) -> list[int]:
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or float(v) != int(v):
            raise ArgumentError(f"term {call.text!r}: {name} must be whole numbers, got {v!r}.")
        if int(v) < minimum:
            raise ArgumentError(f"term {call.text!r}: {name} must be >= {minimum}, got {v!r}.")
        out.append(int(v))
    return out


def _number(value: Any, call: TermCall, name: str, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArgumentError(f"term {call.text!r}: {name} must be a number, got {value!r}.")
    if positive and value <= 0:
        raise ArgumentError(f"term {call.text!r}: {name} must be > 0, got {value!r}.")
    return float(value)


def _flag(value: Any, call: TermCall, name: str) -> bool:
    if not isinstance(value, bool):
        raise ArgumentError(
            f"term {call.text!r}: {name} must be TRUE or FALSE (True/False), got {value!r}."
        )
    return value


def _fixed_decay(call: TermCall, b: _Builder, what: str, default: float | None = None) -> float:
    a = _args(
        call, ("decay", "fixed", "cutoff", "type"), {"fixed": False, "cutoff": 30, "type": "OTP"}
    )
    if "decay" not in call.kwargs and not call.args:
        raise ArgumentError(
            f"term {call.text!r}: give the decay and fixed=TRUE, e.g. {what}(0.5, fixed=TRUE); "
            "relnet fits fixed-decay (non-curved) terms only."
        )
    if not _flag(a["fixed"], call, "fixed"):
        raise ArgumentError(
            f"term {call.text!r}: curved (fixed=FALSE) terms are not supported; write "
            f"{what}({a['decay']}, fixed=TRUE) (statnet's recommended fixed-decay form)."
        )
    return _number(a["decay"], call, "decay")


# ---------------------------------------------------------------- term expansions
def _simple(code: int, label: str) -> Callable:
    def expand(call: TermCall, b: _Builder) -> None:
        _args(call, (), {})
        b.add(label, code, term=call.text)

    return expand


def _counts(code: int, label: str, argname: str, minimum: int) -> Callable:
    def expand(call: TermCall, b: _Builder) -> None:
        a = _args(call, (argname,), {})
        for k in _ints(a[argname], call, argname, minimum):
            empty = (
                float(b.n) if code in (kern.DEGREE, kern.IDEGREE, kern.ODEGREE) and k == 0 else 0.0
            )
            if code in (kern.KSTAR, kern.ISTAR, kern.OSTAR) and k == 1:
                empty = 0.0
            b.add(f"{label}{k}", code, k, empty=empty, term=call.text)

    return expand


def _isolates(call: TermCall, b: _Builder) -> None:
    _args(call, (), {})
    b.add("isolates", kern.ISOLATES, empty=float(b.n), term=call.text)


def _gwesp(call: TermCall, b: _Builder) -> None:
    decay = _fixed_decay(call, b, "gwesp")
    kind = ".OTP" if b.directed else ""  # ergm 4 labels a directed gwesp with its type
    b.add(f"gwesp{kind}.fixed.{r_label(decay)}", kern.GWESP, kern.OTP, fp0=decay, term=call.text)


_SP_TYPES = {"OTP": kern.OTP, "ITP": kern.ITP, "OSP": kern.OSP, "ISP": kern.ISP}


def _sp_type(call: TermCall, allowed: tuple[str, ...]) -> tuple[str, int]:
    kind = call.kwargs.get("type", "OTP")
    if kind not in allowed:
        raise ArgumentError(
            f"term {call.text!r}: type={kind!r} is not one of {', '.join(map(repr, allowed))}."
        )
    return kind, _SP_TYPES[kind]


def _dgwesp(call: TermCall, b: _Builder) -> None:
    decay = _fixed_decay(call, b, "dgwesp")
    kind, code = _sp_type(call, ("OTP", "ITP", "OSP", "ISP"))
    b.add(f"gwesp.{kind}.fixed.{r_label(decay)}", kern.GWESP, code, fp0=decay, term=call.text)


def _gwdsp(call: TermCall, b: _Builder) -> None:
    decay = _fixed_decay(call, b, "gwdsp")
    kind = ".OTP" if b.directed else ""
    b.add(f"gwdsp{kind}.fixed.{r_label(decay)}", kern.GWDSP, kern.OTP, fp0=decay, term=call.text)


def _dgwdsp(call: TermCall, b: _Builder) -> None:
    decay = _fixed_decay(call, b, "dgwdsp")
    kind, code = _sp_type(call, ("OTP",))
    b.add(f"gwdsp.{kind}.fixed.{r_label(decay)}", kern.GWDSP, code, fp0=decay, term=call.text)


def _gwdeg(code: int, label: str) -> Callable:
    def expand(call: TermCall, b: _Builder) -> None:
        decay = _fixed_decay(call, b, label)
        b.add(f"{label}.fixed.{r_label(decay)}", code, fp0=decay, term=call.text)

    return expand


def _transitiveties(call: TermCall, b: _Builder) -> None:
    _args(call, (), {})
    b.add("transitiveties", kern.GWESP, kern.OTP, fp0=0.0, term=call.text)


def _altkstar(call: TermCall, b: _Builder) -> None:
    a = _args(call, ("lambda", "fixed"), {"fixed": False})
    if not _flag(a["fixed"], call, "fixed"):
        raise ArgumentError(
            f"term {call.text!r}: curved altkstar is not supported; write "
            f"altkstar({a['lambda']}, fixed=TRUE)."
        )
    lam = _number(a["lambda"], call, "lambda", positive=True)
    b.add(f"altkstar.{r_label(lam)}", kern.ALTKSTAR, fp0=lam, term=call.text)


def _nodematch(call: TermCall, b: _Builder) -> None:
    a = _args(call, ("attr", "diff", "levels"), {"diff": False, "levels": None})
    col, levels = b.categorical(a["attr"], call.text)
    if not _flag(a["diff"], call, "diff"):
        b.add(f"nodematch.{a['attr']}", kern.NODEMATCH, col, -1, term=call.text)
        return
    for k in _pick_levels(levels, a["levels"], call, default_all=True):
        b.add(f"nodematch.{a['attr']}.{r_label(levels[k])}", kern.NODEMATCH, col, k, term=call.text)


def _pick_levels(levels: list, chosen: Any, call: TermCall, default_all: bool) -> list[int]:
    """Indices of the levels a factor term keeps (statnet's ``levels=``)."""
    if chosen is None:
        return list(range(len(levels))) if default_all else list(range(1, len(levels)))
    if chosen is True:
        return list(range(len(levels)))
    values = chosen if isinstance(chosen, list) else [chosen]
    labels = [r_label(v) for v in levels]
    out = []
    for v in values:
        if r_label(v) not in labels:
            raise ArgumentError(
                f"term {call.text!r}: level {v!r} does not occur; levels are {', '.join(labels)}."
            )
        out.append(labels.index(r_label(v)))
    return out


def _factor(code: int, label: str) -> Callable:
    def expand(call: TermCall, b: _Builder) -> None:
        a = _args(call, ("attr", "base", "levels"), {"base": 1, "levels": None})
        col, levels = b.categorical(a["attr"], call.text)
        if a["levels"] is not None:
            keep = _pick_levels(levels, a["levels"], call, default_all=False)
        else:
            base = _ints(a["base"], call, "base", 0)
            drop = {k - 1 for k in base}
            keep = [k for k in range(len(levels)) if k not in drop]
        for k in keep:
            b.add(f"{label}.{a['attr']}.{r_label(levels[k])}", code, col, k, term=call.text)

    return expand


def _cov(code: int, label: str) -> Callable:
    def expand(call: TermCall, b: _Builder) -> None:
        a = _args(call, ("attr",), {})
        col = b.numeric(a["attr"], call.text)
        b.add(f"{label}.{a['attr']}", code, col, term=call.text)

    return expand


def _absdiff(call: TermCall, b: _Builder) -> None:
    a = _args(call, ("attr", "pow"), {"pow": 1})
    col = b.numeric(a["attr"], call.text)
    power = _number(a["pow"], call, "pow", positive=True)
    label = "absdiff" if power == 1 else f"absdiff{r_label(power)}"
    b.add(f"{label}.{a['attr']}", kern.ABSDIFF, col, fp0=power, term=call.text)


def _edgecov(call: TermCall, b: _Builder) -> None:
    a = _args(call, ("x", "attrname"), {"attrname": None})
    t, label = b.dyadic(a["x"], call.text)
    b.add(f"edgecov.{label}", kern.EDGECOV, t, term=call.text)


TERMS: dict[str, _Spec] = {
    "edges": _Spec(_BOTH, True, "", "number of ties", _simple(kern.EDGES, "edges")),
    "mutual": _Spec(
        _DIR, False, "", "number of mutual (reciprocated) pairs", _simple(kern.MUTUAL, "mutual")
    ),
    "triangle": _Spec(
        _BOTH,
        False,
        "",
        "triangles (directed: ttriple + ctriple)",
        _simple(kern.TRIANGLE, "triangle"),
    ),
    "ttriple": _Spec(
        _DIR, False, "", "transitive triples i->j, j->k, i->k", _simple(kern.TTRIPLE, "ttriple")
    ),
    "ctriple": _Spec(
        _DIR, False, "", "cyclic triples i->j->k->i", _simple(kern.CTRIPLE, "ctriple")
    ),
    "transitiveties": _Spec(
        _BOTH,
        False,
        "",
        "ties i->j closed by a two-path i->k->j (undirected: a shared partner)",
        _transitiveties,
    ),
    "kstar": _Spec(
        _UND,
        False,
        "k",
        "k-stars: sum over nodes of C(degree, k)",
        _counts(kern.KSTAR, "kstar", "k", 1),
    ),
    "istar": _Spec(
        _DIR, False, "k", "in-k-stars: sum of C(indegree, k)", _counts(kern.ISTAR, "istar", "k", 1)
    ),
    "ostar": _Spec(
        _DIR,
        False,
        "k",
        "out-k-stars: sum of C(outdegree, k)",
        _counts(kern.OSTAR, "ostar", "k", 1),
    ),
    "degree": _Spec(
        _UND, False, "d", "number of nodes of degree d", _counts(kern.DEGREE, "degree", "d", 0)
    ),
    "idegree": _Spec(
        _DIR, False, "d", "number of nodes of indegree d", _counts(kern.IDEGREE, "idegree", "d", 0)
    ),
    "odegree": _Spec(
        _DIR, False, "d", "number of nodes of outdegree d", _counts(kern.ODEGREE, "odegree", "d", 0)
    ),
    "isolates": _Spec(_BOTH, False, "", "number of nodes without ties", _isolates),
    "gwesp": _Spec(
        _BOTH,
        False,
        "decay, fixed=TRUE",
        "geometrically weighted edgewise shared partners (directed: OTP)",
        _gwesp,
    ),
    "dgwesp": _Spec(
        _DIR,
        False,
        "decay, fixed=TRUE, type='OTP'|'ITP'|'OSP'|'ISP'",
        "gwesp with a directed shared-partner type",
        _dgwesp,
    ),
    "gwdsp": _Spec(
        _BOTH,
        False,
        "decay, fixed=TRUE",
        "geometrically weighted dyadwise shared partners (directed: OTP)",
        _gwdsp,
    ),
    "dgwdsp": _Spec(
        _DIR,
        False,
        "decay, fixed=TRUE, type='OTP'",
        "gwdsp with a directed shared-partner type",
        _dgwdsp,
    ),
    "gwdegree": _Spec(
        _UND,
        False,
        "decay, fixed=TRUE",
        "geometrically weighted degree distribution",
        _gwdeg(kern.GWDEGREE, "gwdeg"),
    ),
    "gwidegree": _Spec(
        _DIR,
        False,
        "decay, fixed=TRUE",
        "geometrically weighted indegree distribution",
        _gwdeg(kern.GWIDEGREE, "gwideg"),
    ),
    "gwodegree": _Spec(
        _DIR,
        False,
        "decay, fixed=TRUE",
        "geometrically weighted outdegree distribution",
        _gwdeg(kern.GWODEGREE, "gwodeg"),
    ),
    "altkstar": _Spec(
        _UND,
        False,
        "lambda, fixed=TRUE",
        "alternating k-stars sum_k (-1)^k S_k / lambda^(k-2)",
        _altkstar,
    ),
    "nodematch": _Spec(
        _BOTH,
        True,
        "attr, diff=FALSE, levels=NULL",
        "ties between nodes with the same attribute value (diff=TRUE: one per level)",
        _nodematch,
    ),
    "nodefactor": _Spec(
        _BOTH,
        True,
        "attr, base=1, levels=NULL",
        "tie ends at nodes of each level (first sorted level is the baseline)",
        _factor(kern.NODEFACTOR, "nodefactor"),
    ),
    "nodeifactor": _Spec(
        _DIR,
        True,
        "attr, base=1, levels=NULL",
        "ties received by nodes of each level",
        _factor(kern.NODEIFACTOR, "nodeifactor"),
    ),
    "nodeofactor": _Spec(
        _DIR,
        True,
        "attr, base=1, levels=NULL",
        "ties sent by nodes of each level",
        _factor(kern.NODEOFACTOR, "nodeofactor"),
    ),
    "nodecov": _Spec(
        _BOTH, True, "attr", "sum over ties of x_i + x_j", _cov(kern.NODECOV, "nodecov")
    ),
    "nodeicov": _Spec(
        _DIR, True, "attr", "sum over ties i->j of x_j", _cov(kern.NODEICOV, "nodeicov")
    ),
    "nodeocov": _Spec(
        _DIR, True, "attr", "sum over ties i->j of x_i", _cov(kern.NODEOCOV, "nodeocov")
    ),
    "absdiff": _Spec(_BOTH, True, "attr, pow=1", "sum over ties of |x_i - x_j|^pow", _absdiff),
    "edgecov": _Spec(
        _BOTH,
        True,
        "x",
        "sum over ties of a dyadic covariate (a name in data=, a Network or a matrix)",
        _edgecov,
    ),
}


def ergm_terms() -> pd.DataFrame:
    """The ERGM terms relnet knows, with statnet's arguments and their definitions.

    **Definition.** One row per term of the model language of :func:`relnet.ergm`: its
    arguments, whether it applies to directed and undirected networks, whether it is
    dyad-independent (then the MPLE is the MLE), and what it counts.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term``; columns ``arguments``, ``directed``, ``undirected``,
        ``dyad_independent``, ``definition``.

    Examples
    --------
    >>> import relnet as rn
    >>> rn.ergm_terms().loc["gwesp", "arguments"]
    'decay, fixed=TRUE'
    """
    rows = [
        {
            "term": name,
            "arguments": spec.arguments,
            "directed": spec.kind in (_DIR, _BOTH),
            "undirected": spec.kind in (_UND, _BOTH),
            "dyad_independent": spec.dyad_independent,
            "definition": spec.definition,
        }
        for name, spec in TERMS.items()
    ]
    return pd.DataFrame(rows).set_index("term")


_HINTS = {
    "degree": "idegree/odegree",
    "kstar": "istar/ostar",
    "gwdegree": "gwidegree/gwodegree",
    "altkstar": "gwidegree/gwodegree",
    "mutual": "nothing (an undirected tie is mutual)",
    "istar": "kstar",
    "ostar": "kstar",
    "idegree": "degree",
    "odegree": "degree",
    "gwidegree": "gwdegree",
    "gwodegree": "gwdegree",
    "nodeifactor": "nodefactor",
    "nodeofactor": "nodefactor",
    "nodeicov": "nodecov",
    "nodeocov": "nodecov",
    "ttriple": "triangle",
    "ctriple": "triangle",
    "dgwesp": "gwesp",
    "dgwdsp": "gwdsp",
}


def build_model(
    formula: str, graph: Any, *, directed: bool, data: Mapping[str, Any] | None = None
) -> Model:
    """Compile a formula for ``graph`` into a :class:`Model`."""
    calls = parse_formula(formula)
    b = _Builder(graph, directed, data or {})
    independent = True
    for call in calls:
        spec = TERMS.get(call.name)
        if spec is None:
            close = [t for t in TERMS if t.startswith(call.name[:3])]
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise ArgumentError(
                f"unknown ERGM term {call.name!r} in {formula!r}.{hint} rn.ergm_terms() lists "
                "the terms relnet supports."
            )
        if spec.kind == _DIR and not directed or spec.kind == _UND and directed:
            kind = "directed" if directed else "undirected"
            raise GraphKindError(
                f"term {call.text!r} does not apply to a {kind} network; use "
                f"{_HINTS.get(call.name, 'another term')} instead, or directed="
                f"{not directed} if the network is {'undirected' if directed else 'directed'}."
            )
        spec.expand(call, b)
        independent = independent and spec.dyad_independent
    model = b.finish(len(calls))
    model.dyad_independent = independent
    return model
