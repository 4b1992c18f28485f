"""Parse an ERGM formula written in statnet's model language into term calls.

``"edges + mutual + gwesp(0.5, fixed=TRUE) + nodematch('role', diff=True)"`` becomes a list of
:class:`TermCall` (name, positional arguments, keyword arguments). R spellings are accepted:
``TRUE``/``FALSE``/``T``/``F``, ``c(1, 2)`` vectors, ``1:3`` ranges, a leading ``y ~`` or ``~``,
and unquoted attribute names (``nodematch(role)``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from relnet.errors import ArgumentError

_RANGE = re.compile(r"(?<![\w.])(-?\d+)\s*:\s*(-?\d+)(?![\w.])")
_BOOLS = {"TRUE": True, "T": True, "True": True, "FALSE": False, "F": False, "False": False}


@dataclass(frozen=True)
class TermCall:
    """One term of a formula: ``name(*args, **kwargs)`` as written."""

    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    text: str = ""


def parse_formula(formula: str) -> list[TermCall]:
    """Split a statnet formula into its terms.

    Examples
    --------
    >>> [t.name for t in parse_formula("y ~ edges + gwesp(0.5, fixed=TRUE) + degree(1:2)")]
    ['edges', 'gwesp', 'degree']
    >>> parse_formula("nodematch('role', diff=T)")[0].kwargs
    {'diff': True}
    """
    if not isinstance(formula, str) or not formula.strip():
        raise ArgumentError(
            f"formula={formula!r} is not a model formula; write terms joined by '+', "
            "e.g. \"edges + mutual + nodematch('role')\"."
        )
    text = formula.strip()
    if "~" in text:
        text = text.split("~", 1)[1].strip()
    text = _RANGE.sub(lambda m: f"__range__({m.group(1)}, {m.group(2)})", text)
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ArgumentError(
            f"cannot read the formula {formula!r}: {exc.msg} near column {exc.offset}. Write "
            "terms joined by '+', with arguments in parentheses: \"edges + gwesp(0.5, "
            'fixed=TRUE)".'
        ) from None
    terms: list[TermCall] = []
    _collect(tree, terms, formula)
    return terms


def _collect(node: ast.AST, terms: list[TermCall], formula: str) -> None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        _collect(node.left, terms, formula)
        _collect(node.right, terms, formula)
        return
    text = ast.unparse(node)
    if isinstance(node, ast.Name):
        terms.append(TermCall(node.id, (), {}, text))
        return
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = tuple(_value(a, text) for a in node.args)
        kwargs = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise ArgumentError(f"term {text!r}: '**' arguments are not supported.")
            kwargs[kw.arg] = _value(kw.value, text)
        terms.append(TermCall(node.func.id, args, kwargs, text))
        return
    raise ArgumentError(
        f"cannot read {text!r} in the formula {formula!r} as a term; terms are names such as "
        "'edges' or calls such as 'gwesp(0.5, fixed=TRUE)', joined by '+'."
    )


def _value(node: ast.AST, term: str) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return _BOOLS.get(node.id, node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _value(node.operand, term)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_value(e, term) for e in node.elts]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        values = [_value(a, term) for a in node.args]
        if node.func.id == "c":
            flat: list = []
            for v in values:
                flat.extend(v if isinstance(v, list) else [v])
            return flat
        if node.func.id == "__range__":
            lo, hi = values
            step = 1 if hi >= lo else -1
            return list(range(lo, hi + step, step))
    raise ArgumentError(
        f"term {term!r}: cannot read the argument {ast.unparse(node)!r}; use numbers, quoted "
        "names, TRUE/FALSE, c(...) vectors or a:b ranges."
    )
