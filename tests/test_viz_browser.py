"""Headless Chromium opens relnet's pages from file://: offline, drawn, and inert to hostile data.

Marked ``browser``; skipped when /usr/bin/chromium or playwright is absent.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import relnet as rn
from relnet.viz.network_view import to_html

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "javascript:alert(document.domain)",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: apt-get install -y chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened from file:// with its console messages, requests and dialogs recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1100, "height": 800})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else 0
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def wait_drawn(self) -> None:
        self.page.wait_for_selector("#relnet-graph[data-drawn]", state="attached", timeout=20000)

    def assert_offline_and_clean(self) -> None:
        remote = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert remote == [], remote
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs

    def canvas_variance(self) -> float:
        from PIL import Image

        shot = self.page.locator("#relnet-graph").screenshot()
        pixels = np.asarray(Image.open(io.BytesIO(shot)).convert("L"), dtype=float)
        return float(pixels.var())


def _network(n_staff: int, seed: int = 1) -> rn.Network:
    s = rn.synth.health_system(n_staff, n_sites=3, seed=seed)
    nom = s.nominations[s.nominations["relation"] == "trust"]
    return rn.Network.from_edges(
        nom["respondent"], nom["nominee"], weight=nom["weight"], nodes=s.roster.set_index("id")
    )


def test_network_view_draws_offline(browser, tmp_path):
    path = to_html(_network(200), tmp_path / "trust.html", color_by="role", highlight=[1, 2])
    visit = Visit(browser, path)
    visit.wait_drawn()
    assert visit.page.evaluate("window.relnet.nodes.length") == 200
    assert visit.canvas_variance() > 50.0  # a blank canvas has variance 0
    visit.assert_offline_and_clean()


def test_hostile_strings_render_as_text(browser, tmp_path):
    ids = [*HOSTILE, "plain"]
    nodes = pd.DataFrame({"team": [HOSTILE[0], HOSTILE[1], HOSTILE[2], "x"]}, index=ids)
    g = rn.Network.from_edges(ids[:3], ids[1:], nodes=nodes)
    path = to_html(g, tmp_path / "hostile.html", color_by="team", title=HOSTILE[1])
    visit = Visit(browser, path)
    visit.wait_drawn()
    page = visit.page
    assert page.inner_text("h1") == HOSTILE[1]
    legend = page.inner_text("#relnet-legend")
    for raw in HOSTILE:
        assert raw in legend
    # Tooltips are text: the first node's tooltip holds its id literally and no element.
    assert page.evaluate("window.relnet.nodes.get(0).title.textContent").startswith(HOSTILE[0])
    assert page.evaluate("window.relnet.nodes.get(0).title.querySelector('img')") is None
    # Hovering a node shows its tooltip: still no dialog.
    box = page.locator("#relnet-graph canvas").bounding_box()
    xy = page.evaluate("window.relnet.network.canvasToDOM(window.relnet.nodes.get(0))")
    page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
    page.wait_for_timeout(400)
    assert page.locator("img").count() == 0
    visit.assert_offline_and_clean()


def test_group_level_view_above_max_nodes(browser, tmp_path):
    g = _network(600)
    path = to_html(g, tmp_path / "groups.html", by="site", max_nodes=100)
    visit = Visit(browser, path)
    visit.wait_drawn()
    assert "drawn at the group level" in visit.page.inner_text("main")
    assert visit.page.evaluate("window.relnet.nodes.length") == 3
    assert visit.canvas_variance() > 50.0
    visit.assert_offline_and_clean()


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    """The report `relnet demo` writes (same synthetic system and options)."""
    system = rn.synth.health_system(300, n_sites=3, n_waves=2, seed=7)
    survey = rn.read_survey(system.nominations, roster=system.roster)
    out = tmp_path_factory.mktemp("demo")
    return rn.report(
        survey,
        outcomes=system.outcomes["team"],
        on="team",
        outcome_columns=["fidelity", "adoption_rate"],
        by="team",
        out=out,
    )


def test_demo_report_reads_summary_first(browser, demo_report):
    visit = Visit(browser, demo_report)
    page = visit.page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_load_state("load")
    assert "relnet report" in page.inner_text("h1")
    # the summary is the first section of the page and its heading the first h2
    assert page.evaluate("document.querySelector('main').firstElementChild.id") == "summary"
    assert page.evaluate("document.querySelector('h2').textContent") == "Summary"
    findings = page.eval_on_selector_all("#summary ol.findings li", "els => els.length")
    assert 3 <= findings <= 6
    targets = page.eval_on_selector_all(
        "#summary ol.findings li a", "els => els.map(e => e.getAttribute('href').slice(1))"
    )
    assert len(targets) == findings
    for anchor in targets:  # every finding links to its evidence on the page
        assert page.evaluate(f"document.getElementById({anchor!r}) !== null"), anchor
    # no horizontal scrollbar at 1,400 px
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    # every measure (column or row header) of every table has a tooltip
    untitled = page.eval_on_selector_all(
        "table th", "els => els.filter(e => !(e.title || '').trim()).map(e => e.textContent)"
    )
    assert untitled == []
    assert page.eval_on_selector_all("dl.glossary dt", "els => els.length") >= 10
    visit.assert_offline_and_clean()


def test_demo_report_plots_carry_r_and_p(browser, demo_report):
    visit = Visit(browser, demo_report)
    page = visit.page
    page.wait_for_load_state("load")
    figures = page.eval_on_selector_all(
        "figure.plot",
        "els => els.map(f => [f.querySelector('figcaption').textContent,"
        " Array.from(f.querySelectorAll('svg text')).map(t => t.textContent).join('|'),"
        " f.querySelector('svg').getBoundingClientRect().width])",
    )
    assert figures and all(width > 0 for _, _, width in figures)  # every SVG laid out
    scatter = [(cap, text) for cap, text, _ in figures if "against each" in cap]
    assert len(scatter) == 4  # 2 outcomes x 2 relations
    for caption, text in scatter:
        panels = re.findall(r"r = -?\d\.\d\d, p [=<] [\d.]+, n = (\d+)", text)
        assert len(panels) == 8, caption  # one title per measure panel
    forest = [text for cap, text, _ in figures if "95% interval" in cap]
    assert len(forest) == 2 and all("(n=" in text for text in forest)
    visit.assert_offline_and_clean()


def test_demo_views_share_the_library_and_fit(browser, demo_report):
    page = Visit(browser, demo_report).page
    links = page.eval_on_selector_all(
        "a[href^='views/']", "els => els.map(e => e.getAttribute('href'))"
    )
    assert links
    team = next(link for link in links if "group__trust" in link)
    view = Visit(browser, demo_report.parent / team)
    view.wait_drawn()
    assert view.canvas_variance() > 50.0
    scripts = view.page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert len(scripts) == 1 and scripts[0].endswith("/views/vis-network.min.js")
    legend = view.page.inner_text("#relnet-legend")
    assert "trust ties" in legend and "red ring = " in legend
    # zoomed to fit: every node's position is inside the canvas
    inside = view.page.evaluate(
        """() => {
          const net = window.relnet.network, box = document.getElementById('relnet-graph');
          const w = box.clientWidth, h = box.clientHeight;
          return window.relnet.nodes.getIds().every(id => {
            const p = net.canvasToDOM(net.getPosition(id));
            return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h;
          }) && net.getScale() > 1;
        }"""
    )
    assert inside
    view.assert_offline_and_clean()
