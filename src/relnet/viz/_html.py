"""Shared pieces of the offline HTML pages: escaping, inline assets, the page frame."""

from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from relnet.errors import MissingDependencyError

#: Categorical colours safe for colour-blind readers: Okabe & Ito (2008) without black,
#: then Paul Tol's "muted" wine, indigo and olive. Past ten values the marker shape changes
#: (see SHAPES), so no two values share a colour and a shape below 10 * 7 = 70 values.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#882255", "#332288", "#999933",
)  # fmt: skip
#: The second encoding: vis-network shape names and the glyph that shows each in a legend.
SHAPES = ("dot", "square", "triangle", "diamond", "star", "triangleDown", "hexagon")
SHAPE_GLYPHS = ("\u25cf", "\u25a0", "\u25b2", "\u25c6", "\u2605", "\u25bc", "\u2b22")
#: Distinct (colour, shape) pairs.
MAX_DISTINCT = len(PALETTE) * len(SHAPES)
MISSING_COLOR = "#bbbbbb"
NEUTRAL_COLOR = "#4e79a7"
RING_COLOR = "#d62728"
#: File names of the shared vis-network copy in a report folder (see write_vis_assets).
VIS_JS = "vis-network.min.js"
VIS_CSS = "vis-network.css"


def style_of(code: int) -> tuple[str, str, str]:
    """Colour, vis shape and legend glyph of category ``code`` (colour first, then shape).

    Examples
    --------
    >>> style_of(0)[1], style_of(10)[1], style_of(0)[0] == style_of(10)[0]
    ('dot', 'square', True)
    """
    k = int(code) % MAX_DISTINCT
    return PALETTE[k % len(PALETTE)], SHAPES[k // len(PALETTE)], SHAPE_GLYPHS[k // len(PALETTE)]


# The page may fetch nothing: no network source is allowed for anything.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

BASE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: #222; background: #fff; }
header { padding: 10px 16px; border-bottom: 1px solid #ddd; }
header h1 { font-size: 1.25rem; margin: 0 0 4px 0; }
main { padding: 8px 16px 24px 16px; }
.note { background: #fff7e0; border: 1px solid #f0d48a; padding: 6px 10px; margin: 6px 0;
        border-radius: 4px; }
.muted { color: #666; font-size: 0.9rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 6px 0 14px 0; font-size: 0.85rem; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; }
th { background: #f3f3f3; }
td.text, th.text { text-align: left; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0; font-size: 0.85rem; }
.legend span.sw { display: inline-block; width: 12px; height: 12px; border-radius: 6px;
                  margin-right: 4px; vertical-align: middle; border: 1px solid #0003; }
.legend span.glyph { display: inline-block; width: 14px; margin-right: 3px; font-size: 15px;
                     line-height: 12px; text-align: center; vertical-align: middle; }
.legend span.ring { display: inline-block; width: 10px; height: 10px; border-radius: 7px;
                    margin-right: 4px; vertical-align: middle; border: 3px solid #d62728; }
#relnet-graph { width: 100%; height: 78vh; border: 1px solid #ddd; background: #fff; }
div.vis-tooltip { max-width: 360px; white-space: normal; font-size: 0.8rem; }
"""


def plural_word(word: str) -> str:
    """The plural of a group word: 'teams', 'cities', 'people', 'days'.

    Examples
    --------
    >>> plural_word("city"), plural_word("day"), plural_word("person"), plural_word("office")
    ('cities', 'days', 'people', 'offices')
    """
    word = str(word)
    irregular = {"person": "people", "staff": "staff", "status": "statuses"}
    if word in irregular:
        return irregular[word]
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 group', '2 groups', '1,204 teams', '3 communities'.

    Examples
    --------
    >>> plural(1, "group"), plural(0, "group"), plural(1204, "team"), plural(3, "community")
    ('1 group', '0 groups', '1,204 teams', '3 communities')
    """
    if count == 1:
        return f"{count:,} {word}"
    return f"{count:,} {plural_word(word) if many is None else many}"


def esc(value: Any) -> str:
    """Text for an HTML element or attribute: ``&``, ``<``, ``>``, quotes escaped."""
    return html.escape(str(value), quote=True)


def script_json(value: Any) -> str:
    """JSON safe to place inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c`` ... so no data string can close the element
    (``</script>``) or open a comment; U+2028/2029 are escaped for old parsers.

    Examples
    --------
    >>> script_json({"id": "</script><b>"})
    '{"id": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """The vis-network JavaScript and CSS bundled with pyvis, read for inlining."""
    try:
        import pyvis
    except ImportError as error:  # pragma: no cover - pyvis is a core dependency
        raise MissingDependencyError(
            "relnet.to_html needs pyvis (it bundles vis-network); pip install pyvis"
        ) from error
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    folders = sorted(lib.glob("vis-*"), key=lambda p: [int(x) for x in p.name[4:].split(".")])
    if not folders:  # pragma: no cover - broken install
        raise MissingDependencyError(f"pyvis at {lib} ships no vis-network; reinstall pyvis")
    folder = folders[-1]
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # Inlined code must not close its own element.
    js = js.replace("</script", "<\\/script")
    css = css.replace("</style", "<\\/style")
    return js, css


def write_vis_assets(folder: str | Path) -> tuple[Path, Path]:
    """Write one copy of the vis-network script and stylesheet into ``folder`` (once).

    Views written with ``to_html(..., assets=URL)`` link these files instead of inlining
    0.7 MiB each, so a report folder holds the library once.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    js, css = vis_assets()
    paths = (folder / VIS_JS, folder / VIS_CSS)
    for path, text in zip(paths, (js, css)):
        if not path.exists() or path.stat().st_size != len(text.encode("utf-8")):
            path.write_text(text, encoding="utf-8")
    return paths


def page(
    title: str,
    body: str,
    *,
    css: str = "",
    scripts: tuple[str, ...] = (),
    linked: tuple[str, ...] = (),
) -> str:
    """A whole HTML page. ``title`` is raw text; ``body`` is trusted HTML.

    ``linked`` are relative URLs of local ``.js``/``.css`` files (a shared vis-network copy);
    the Content-Security-Policy then allows files of the page's own folder tree ('self'
    and file:) and still forbids every network fetch.
    """
    script_tags = "".join(f"<script>{code}</script>\n" for code in scripts)
    csp = CSP
    links = ""
    if linked:
        csp = CSP.replace("script-src 'unsafe-inline'", "script-src 'self' file: 'unsafe-inline'")
        csp = csp.replace("style-src 'unsafe-inline'", "style-src 'self' file: 'unsafe-inline'")
        for url in linked:
            if url.endswith(".css"):
                links += f'<link rel="stylesheet" href="{esc(url)}">\n'
            else:
                script_tags = f'<script src="{esc(url)}"></script>\n' + script_tags
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n{links}<style>{BASE_CSS}{css}</style>\n</head>\n<body>\n"
        f"{body}\n{script_tags}</body>\n</html>\n"
    )


def table_html(frame: Any, *, index: bool = True, max_rows: int = 200, digits: int = 4) -> str:
    """An escaped HTML table of a DataFrame (first ``max_rows`` rows, numbers rounded)."""
    import numpy as np
    import pandas as pd

    frame = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    shown = frame.head(max_rows)
    if index:
        shown = shown.reset_index()
    head = "".join(
        f'<th class="{"num" if _is_num(shown[c]) else "text"}">{esc(c)}</th>' for c in shown.columns
    )
    columns = []
    for name in shown.columns:
        col = shown[name]
        if _is_num(col) and col.dtype != bool:
            values = col.to_numpy(dtype=float, na_value=np.nan)
            text = [_fmt(v, digits) for v in values.tolist()]
            columns.append([f"<td>{t}</td>" for t in text])
        else:
            columns.append(
                [f'<td class="text">{"" if _isna(v) else esc(v)}</td>' for v in col.tolist()]
            )
    rows = "".join("<tr>" + "".join(cells) + "</tr>" for cells in zip(*columns)) if columns else ""
    more = ""
    if len(frame) > max_rows:
        more = f'<p class="muted">First {max_rows} of {len(frame)} rows; the CSV has all.</p>'
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>'
        f"</table></div>{more}"
    )


def _is_num(col: Any) -> bool:
    import pandas as pd

    return pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype)


def _isna(value: Any) -> bool:
    try:
        return bool(value != value) or value is None
    except (TypeError, ValueError):
        return False


def _fmt(value: float, digits: int) -> str:
    if value != value:
        return ""
    if abs(value) >= 1e4 and abs(value) < 1e15:
        return f"{value:,.0f}"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.{digits}g}"
