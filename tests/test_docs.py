"""The documentation: the guide's examples run (doctests of docs/**/*.md), the Sphinx site
builds with warnings as errors and has a page for every public name, result objects show in
notebooks, and dir(relnet) is the public API.

The Sphinx build needs the ``docs`` extra (``pip install -e .[docs]``) and skips with a
message without it. In the suite it runs with the gallery scripts shown but not executed
(RELNET_DOCS_EXECUTE=0); ``make docs`` executes them.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import relnet as rn
from relnet.display import format_value, html_table

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GENERATED = {"_build", "gallery", "generated"}  # written by the build (docs/.gitignore)
PAGES = sorted(
    p
    for p in DOCS.rglob("*.md")
    if not GENERATED & set(p.relative_to(DOCS).parts) and p.name != "overview.md"
)


# ------------------------------------------------------------------ dir(relnet)
def test_dir_shows_only_the_public_api():
    # loading names must not leak modules or helpers into dir()
    assert callable(rn.density) and callable(rn.brokerage)
    shown = dir(rn)
    assert shown == sorted(set(rn.__all__) | {"__version__"})
    for private in ("importlib", "Any", "annotations", "metrics", "network", "kernels"):
        assert private not in shown


# ------------------------------------------------------------------ guide examples
@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_guide_examples_run(page, monkeypatch):
    """Each >>> example on a docs page gives the output printed on the page."""
    monkeypatch.chdir(ROOT)  # pages read datasets/... relative to the repository
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", FutureWarning)  # relnet's renamed arguments
        result = doctest.testfile(
            str(page), module_relative=False, optionflags=flags, verbose=False, report=True
        )
    assert result.failed == 0, f"{page.relative_to(ROOT)}: {result.failed} example(s) failed"


# ------------------------------------------------------------------ the Sphinx site
NEEDED = ("sphinx", "pydata_sphinx_theme", "numpydoc", "myst_parser")


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in NEEDED),
    reason="the docs extra is not installed (pip install -e '.[docs]'); site build not checked",
)
def test_site_builds_without_warnings_and_documents_every_public_name(tmp_path):
    out = tmp_path / "html"
    env = dict(os.environ, RELNET_DOCS_EXECUTE="0", MPLBACKEND="Agg")
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    cmd += ["-d", str(tmp_path / "doctrees"), str(DOCS), str(out)]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, (
        f"sphinx-build failed:\n{done.stdout[-4000:]}\n{done.stderr[-6000:]}"
    )
    for name in rn.__all__:
        assert (out / "generated" / f"relnet.{name}.html").is_file(), f"no page for rn.{name}"
    for page in ("getting_started", "guide/missing_data", "sna_users", "api", "gallery/index"):
        assert (out / f"{page}.html").is_file(), page
    api = (out / "api.html").read_text(encoding="utf-8")
    assert "relnet.brokerage" in api and "relnet.Network" in api
    # inline `rn.x` in the guide links to x's page (docs/_ext/relnet_links.py)
    guide = (out / "guide" / "measures.html").read_text(encoding="utf-8")
    assert 'href="../generated/relnet.reciprocity.html"' in guide
    shutil.rmtree(out, ignore_errors=True)


# ------------------------------------------------------------------ notebook display
def test_html_table_escapes_and_formats():
    rows = [("people", 1200), ("share", 0.123456), ("x", "<script>")]
    table = pd.DataFrame({"a": [1.5]})
    card = html_table("T<i>", rows, notes=["1 of 3 <did not answer>"], table=table)
    assert "<i>" not in card and "T&lt;i&gt;" in card
    assert "<script>" not in card and "&lt;script&gt;" in card
    assert "<td>1,200</td>" in card and "<td>0.1235</td>" in card
    assert "&lt;did not answer&gt;" in card
    assert format_value(np.float64("nan")) == "NaN" and format_value(np.int64(3)) == "3"


def _graph():
    # a -> b, b -> a, a -> c, c -> d; e did not answer. 5 people, 4 arcs, density 4/20 = 0.2
    return rn.Network.from_edges(
        ["a", "b", "a", "c"],
        ["b", "a", "c", "d"],
        nodes=pd.DataFrame({"site": ["x", "x", "y", "y", "y"]}, index=list("abcde")),
        responded=[True, True, True, True, False],
    )


def test_network_card_shows_size_density_and_the_missing_warning():
    card = _graph()._repr_html_()
    assert "Network: 5 people, 4 arcs" in card
    assert "<td>0.2</td>" in card  # 4 / (5 * 4)
    assert "1 of 5 did not answer" in card and "site" in card


def test_result_objects_have_short_repr_and_html():
    g = _graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = [
            rn.brokerage(g, "site"),
            rn.ei_index(g, "site"),
            rn.krackhardt(g),
            rn.compactness(g),
            rn.qap_correlation(g, g, n_perm=20, seed=1),
        ]
    for result in results:
        text = repr(result)
        assert text.startswith("<") and len(text) < 200 and "\n" not in text
        card = result._repr_html_()
        assert card.startswith("<style>") and '<div class="relnet-card">' in card
    # the E-I card carries the index: arcs within site x: a-b, b-a; y: c-d; between: a-c.
    # E-I = (E - I) / (E + I) = (1 - 3) / 4 = -0.5
    assert "<td>-0.5</td>" in results[1]._repr_html_()
    # brokerage card: c brokers a -> c -> d (a in x, c and d in y: a gatekeeper two-path), and
    # b -> a -> c (b, a in x, c in y: a representative); 2 brokered two-paths in total
    assert "<td>2</td>" in results[0]._repr_html_()


def test_link_report_and_scale_cards():
    from relnet.outcomes.results import LinkReport, ScaleScores

    report = LinkReport(["team"], "inner", 3, 2, 2, pd.Index(["t3"]), pd.Index([]))
    card = report._repr_html_()
    assert "1 network rows without an outcome: &#x27;t3&#x27;" in card
    scores = ScaleScores(pd.Series([1.0, 2.0, np.nan]))
    assert "<td>2</td>" in scores._repr_html_()  # two people scored


def test_gallery_runner_keeps_printed_output_and_every_figure(tmp_path):
    """The gallery extension runs a script like ``python x.py`` and keeps all its figures,
    including those a result's plot() closed (checked on a two-figure script)."""
    spec = importlib.util.spec_from_file_location(
        "relnet_gallery", DOCS / "_ext" / "relnet_gallery.py"
    )
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    script = tmp_path / "two_figures.py"
    script.write_text(
        '"""Two figures."""\n'
        "import matplotlib.pyplot as plt\n"
        "from matplotlib.figure import Figure\n"
        "fig = Figure(); fig.add_subplot().plot([0, 1])\n"  # never shown, never in pyplot
        "plt.plot([1, 0]); plt.close('all')\n"  # closed before the end
        "print('hello')\n",
        encoding="utf-8",
    )
    out = tmp_path / "run"
    assert gallery._run(script, out, timeout=120).strip() == "hello"
    assert sorted(p.name for p in out.glob("*.png")) == ["figure_1.png", "figure_2.png"]
    page = gallery._page(script, "hello", sorted(out.glob("*.png")), tmp_path)
    assert page.startswith("# Two figures") and "hello" in page and "Two figures." in page
    # the notebook's page: its cells in order, repository links rewritten for docs/gallery/
    notebook = ROOT / "examples" / "first_analysis.ipynb"
    page = gallery._notebook_page(notebook, False, tmp_path / "nb", timeout=60)
    assert page.startswith("# A first analysis with relnet")
    assert "](../guide/missing_data.md)" in page and "../docs/" not in page
    assert page.count("```python") >= 10 and "Not executed in this build" in page


@pytest.mark.parametrize("page", [*PAGES, ROOT / "README.md"], ids=lambda p: p.name)
def test_every_rn_name_on_a_page_exists(page):
    """Code that is shown but not run (``python`` blocks, tables) names real public API."""
    import re

    named = set(re.findall(r"(?<![\w.])rn\.([A-Za-z_]\w*)", page.read_text(encoding="utf-8")))
    assert named <= set(rn.__all__), f"not in relnet.__all__: {sorted(named - set(rn.__all__))}"


def test_readme_links_work_in_the_site():
    """README.md becomes docs/overview.md: docs/ links made relative, other files named."""
    spec = importlib.util.spec_from_file_location("relnet_links", DOCS / "_ext" / "relnet_links.py")
    links = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(links)
    text = (
        "[Getting started](docs/getting_started.md) [web](https://example.org) [top](#relnet) "
        "![shot](docs/images/report.png) [bench](BENCHMARKS.md)"
    )
    assert links.readme_for_site(text) == (
        "[Getting started](getting_started.md) [web](https://example.org) [top](#relnet) "
        "![shot](images/report.png) bench (`BENCHMARKS.md` in the repository)"
    )


def test_synthetic_survey_card():
    system = rn.synth.health_system(60, seed=1)
    card = system._repr_html_()
    assert f"<td>{len(system.roster)}</td>" in card and "no real people" in card
    assert f"<td>{len(system.nominations)}</td>" in card


def test_survey_and_ingest_report_cards():
    # Ana names Ben and herself, Ben names Ana and zed (not on the roster); Cai never answers.
    # input 4 = kept 2 (ana->ben, ben->ana) + dropped 2 (the self-nomination, the unknown)
    answers = pd.DataFrame(
        {"respondent": ["ana", "ana", "ben", "ben"], "nominee": ["ben", "ana", "ana", "zed"]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = rn.read_survey(answers, roster=pd.DataFrame({"id": ["ana", "ben", "cai"]}))
    card = survey._repr_html_()
    assert "<td>2 of 3</td>" in card and "<th>nominations</th><td>2</td>" in card
    assert "0 input nominations merged and 2 dropped" in card
    assert "1 of 3 did not answer" in card
    report = survey.report._repr_html_()
    assert "<th>nominations input</th><td>4</td>" in report
    assert "<th>nominations dropped</th><td>2</td>" in report
    assert "self-nomination" in report and "zed" in report


def test_every_public_class_shows_in_notebooks():
    """Every public class other than the errors has a short __repr__ and a _repr_html_."""
    import inspect

    for name in rn.__all__:
        obj = getattr(rn, name)
        if not inspect.isclass(obj) or issubclass(obj, BaseException):
            continue
        assert hasattr(obj, "_repr_html_"), f"rn.{name} has no _repr_html_"
        own = next(c.__dict__["__repr__"] for c in obj.__mro__ if "__repr__" in c.__dict__)
        # dataclasses' generated __repr__ (wrapped by recursive_repr) prints every frame
        assert own is not object.__repr__ and not hasattr(own, "__wrapped__"), name
