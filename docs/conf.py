"""Sphinx configuration for relnet's documentation (``make docs``; see docs/about.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

import relnet  # noqa: E402

project = "relnet"
author = "relnet contributors"
copyright = "relnet contributors, MIT licence"  # noqa: A001
version = release = relnet.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "relnet_gallery",
    "relnet_links",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "README.md"]
templates_path = ["_templates"]

myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

autosummary_generate = True
autosummary_imported_members = False
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# numpydoc validation: the checks every public docstring passes (summary line, sections).
numpydoc_validation_checks = {"GL08", "SS01"}

# offline build: the theme must not fetch anything
html_theme = "pydata_sphinx_theme"
html_title = f"relnet {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_static_path = ["_static"]
html_css_files = ["relnet.css"]
html_sidebars = {"sna_users": [], "api": []}  # wide tables: no section navigation
html_show_sourcelink = False
# The build reads nothing from the network. Formulas are typeset by MathJax in the reader's
# browser; offline they show as readable TeX.

# the gallery of examples/*.py (docs/_ext/relnet_gallery.py): executed unless
# RELNET_DOCS_EXECUTE=0 (the in-suite build sets it so tests stay fast)
relnet_gallery_examples = str(HERE.parent / "examples")
relnet_gallery_execute = os.environ.get("RELNET_DOCS_EXECUTE", "1") != "0"

suppress_warnings = ["myst.header"]


# ---------------------------------------------------------------- the API reference page
# Written from relnet/__init__.py's _PUBLIC table at every build, in its order and under its
# "# group" comments, so a public name added there gets its page without touching the docs.
def _write_api_page() -> None:
    source = (HERE.parent / "src" / "relnet" / "__init__.py").read_text(encoding="utf-8")
    body = source.split("_PUBLIC = {", 1)[1].split("\n}", 1)[0]
    groups: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        line = line.strip()
        if line.startswith("#"):
            groups.append((line.lstrip("# ").strip(), []))
        elif line.startswith('"'):
            name = line.split('"')[1]
            if not groups:
                groups.append(("core", []))
            groups[-1][1].append(name)
    missing = set(relnet.__all__) - {n for _, names in groups for n in names}
    if missing:
        groups.append(("other", sorted(missing)))
    lines = [
        "API reference",
        "=============",
        "",
        "Every public name of ``relnet`` (``relnet.__all__``), grouped as in the package's",
        "export table. Import once: ``import relnet as rn``.",
        "",
        ".. currentmodule:: relnet",
        "",
    ]
    for title, names in groups:
        heading = title[0].upper() + title[1:]
        lines += [heading, "-" * len(heading), ""]
        lines += [".. autosummary::", "   :toctree: generated", "   :nosignatures:", ""]
        lines += [f"   {name}" for name in names] + [""]
    text = "\n".join(lines)
    target = HERE / "api.rst"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


_write_api_page()


# ---------------------------------------------------------------- the README as the overview
# docs/overview.md is README.md with its links made relative to docs/ (relnet_links.py), so
# README links work both on the repository host and in the built site.
def _write_overview_page() -> None:
    from relnet_links import readme_for_site

    text = readme_for_site((HERE.parent / "README.md").read_text(encoding="utf-8"))
    target = HERE / "overview.md"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


_write_overview_page()
