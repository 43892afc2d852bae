"""casegraph.html in a real headless Chromium (Debian's), with every outside request blocked.

Needs /usr/bin/chromium: ``bash scripts/install-system-deps.sh`` (``make test`` runs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_util import (
    HOSTILE,
    LONG_TOKEN,
    PageReport,
    browser,
    chromium_available,
    hostile_graph,
    open_page,
)
from browser_util import sample_graph as build_sample
from casegraph.visualize import Network, to_network, write_html

pytestmark = pytest.mark.browser

HOSTILE_TITLE = "</title><script>alert(4)</script> \u202e title"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not chromium_available():
        pytest.fail("no /usr/bin/chromium: run `bash scripts/install-system-deps.sh` (make test does)")
    with browser() as br:
        yield br


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Network, Path]:
    net = to_network(build_sample())
    return net, write_html(net, tmp_path_factory.mktemp("viz") / "sample.html", title="Sample")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Network, Path]:
    net = to_network(hostile_graph())
    return net, write_html(net, tmp_path_factory.mktemp("viz") / "hostile.html", title=HOSTILE_TITLE)


@pytest.fixture
def report() -> PageReport:
    return PageReport()


def assert_clean(report: PageReport) -> None:
    assert report.outside_requests == [], "the page tried to reach the network"
    assert report.console_errors == [] and report.page_errors == []
    assert report.dialogs == [], "a dialog opened: injected script ran"


def index_of(net: Network, label: str) -> int:
    return next(i for i, n in enumerate(net.nodes) if n.label == label)


def node_point(page: Any, index: int) -> tuple[float, float]:
    """Page coordinates of a node's centre."""
    box = page.eval_on_selector(
        "#cg-network", "e => { const r = e.getBoundingClientRect(); return [r.x, r.y]; }"
    )
    p = page.evaluate("i => casegraph.network.canvasToDOM(casegraph.network.getPosition(i))", index)
    return box[0] + p["x"], box[1] + p["y"]


def test_network_draws_with_all_nodes_and_edges(
    chromium: Any, sample: tuple[Network, Path], report: PageReport
) -> None:
    net, path = sample
    page = open_page(chromium, path, report)
    counts = page.evaluate(
        "[casegraph.network.body.data.nodes.length, casegraph.network.body.data.edges.length,"
        " casegraph.network.body.nodeIndices.length, casegraph.network.physics.options.enabled,"
        " document.querySelectorAll('#cg-network canvas').length]"
    )
    assert counts == [len(net.nodes), len(net.edges), len(net.nodes), False, 1]
    assert page.locator("#cg-classes input").count() == len(net.legend)
    marks = page.evaluate("casegraph.timings")  # what bench/bench_viz.py reports
    steps = [marks[k] for k in ("script", "data", "datasets", "network", "drawn")]
    assert steps == sorted(steps) and steps[0] > 0
    assert_clean(report)


def test_click_shows_evidence_and_highlights_neighbours(
    chromium: Any, sample: tuple[Network, Path], report: PageReport
) -> None:
    net, path = sample
    page = open_page(chromium, path, report)
    target = index_of(net, "Shooting of Anthony Alvarez")
    page.mouse.click(*node_point(page, target))
    panel = page.locator("#cg-panel")
    assert panel.locator("h2").text_content() == "Shooting of Anthony Alvarez"
    assert "Alvarez, 22, was shot in the back as he ran." in panel.text_content()
    assert "Family demands charges" in panel.text_content()  # the article's label
    selected = page.evaluate("casegraph.network.getSelectedNodes()")
    assert target in selected and len(selected) == 1 + net.nodes[target].degree
    person = index_of(net, "Todd Pugh")
    page.mouse.click(*node_point(page, person))
    assert "\u201cHe was running away,\u201d said Todd Pugh." in panel.text_content()  # via its Quote fact
    assert_clean(report)


def test_search_lists_matches_and_focuses_a_node(
    chromium: Any, sample: tuple[Network, Path], report: PageReport
) -> None:
    net, path = sample
    page = open_page(chromium, path, report)
    page.fill("#cg-search", "PORTAGE")
    results = page.locator("#cg-results button")
    assert results.count() == 1 and results.first.text_content().startswith("Portage Park")
    results.first.click()
    target = index_of(net, "Portage Park")
    assert page.evaluate("casegraph.selected") == target
    assert page.locator("#cg-panel h2").text_content() == "Portage Park"
    centre = page.evaluate("casegraph.network.getViewPosition()")
    pos = page.evaluate(f"casegraph.network.getPosition({target})")
    assert abs(centre["x"] - pos["x"]) < 1 and abs(centre["y"] - pos["y"]) < 1
    page.fill("#cg-search", "alvarez")
    page.keyboard.press("Enter")
    assert page.evaluate("casegraph.selected") is not None
    assert_clean(report)


def test_class_toggle_hides_and_shows(
    chromium: Any, sample: tuple[Network, Path], report: PageReport
) -> None:
    net, path = sample
    page = open_page(chromium, path, report)
    people = sum(n.cls == "Person" for n in net.nodes)
    page.uncheck('#cg-classes input[data-cls="Person"]')
    assert page.evaluate("casegraph.network.body.nodeIndices.length") == len(net.nodes) - people
    page.fill("#cg-search", "Todd Pugh")
    page.keyboard.press("Enter")  # a hidden node found by search is shown again
    assert page.evaluate("casegraph.network.body.nodeIndices.length") == len(net.nodes)
    assert page.is_checked('#cg-classes input[data-cls="Person"]')
    assert_clean(report)


def test_hostile_text_is_shown_literally_and_never_runs(
    chromium: Any, hostile: tuple[Network, Path], report: PageReport
) -> None:
    net, path = hostile
    page = open_page(chromium, path, report)
    injected = page.evaluate(
        "[document.scripts.length, document.images.length, document.querySelectorAll('img[src=x]').length,"
        " document.title, document.getElementById('cg-title').textContent]"
    )
    assert injected == [3, 0, 0, HOSTILE_TITLE, HOSTILE_TITLE]
    for i, text in enumerate(HOSTILE):
        idx = index_of(net, text)
        page.evaluate("i => casegraph.focusNode(i)", idx)
        assert page.locator("#cg-panel h2").text_content() == text, f"hostile text {i} not literal"
        assert text in page.locator("#cg-panel").text_content()
    page.evaluate("i => casegraph.focusNode(i)", index_of(net, LONG_TOKEN))
    assert LONG_TOKEN in page.locator("#cg-panel").text_content()
    page.fill("#cg-search", "<script>")
    assert page.locator("#cg-results button").count() >= 2
    assert page.evaluate("document.scripts.length") == 3 and page.evaluate("document.images.length") == 0
    assert_clean(report)


def test_hostile_tooltip_is_text(chromium: Any, hostile: tuple[Network, Path], report: PageReport) -> None:
    net, path = hostile
    page = open_page(chromium, path, report)
    idx = index_of(net, HOSTILE[1])
    page.evaluate("i => casegraph.network.focus(i, {scale: 1.5, animation: false})", idx)
    page.mouse.move(*node_point(page, idx))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    # vis-network sets string titles with innerText, which turns newlines into <br> and nothing else
    assert tooltip.evaluate("e => e.querySelectorAll(':not(br)').length") == 0
    assert HOSTILE[1] in tooltip.text_content()
    assert page.evaluate("document.images.length") == 0
    assert_clean(report)
