"""Headless Chromium opens relnet's pages from file://: offline, drawn, and inert to hostile data.

Marked ``browser``; skipped when /usr/bin/chromium or playwright is absent.
"""

from __future__ import annotations

import io
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


def test_report_index_and_views_open_offline(browser, tmp_path):
    system = rn.synth.health_system(150, n_sites=2, n_waves=2, seed=4)
    survey = rn.read_survey(system.nominations, roster=system.roster)
    index = rn.report(
        survey,
        outcomes=system.outcomes["team"],
        on="team",
        by="team",
        outcome_columns=["fidelity"],
        max_group_views=1,
        out=tmp_path,
        seed=1,
    )
    visit = Visit(browser, index)
    page = visit.page
    page.wait_for_load_state("load")
    assert "relnet report" in page.inner_text("h1")
    images = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
    assert images and all(width > 0 for width in images)  # every embedded plot decoded
    links = page.eval_on_selector_all(
        "a[href^='views/']", "els => els.map(e => e.getAttribute('href'))"
    )
    assert links
    visit.assert_offline_and_clean()
    view = Visit(browser, index.parent / links[0])
    view.wait_drawn()
    assert view.canvas_variance() > 50.0
    view.assert_offline_and_clean()
