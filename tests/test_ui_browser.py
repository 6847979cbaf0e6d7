"""The inspector page in real headless Chromium (Debian's ``chromium``, driven by Playwright), against
a real uvicorn serving the fixture conversation. Screenshots go to ``test-artifacts/``.

Without Chromium these tests fail, so a missing browser is seen; locally (not in CI) set
``MEMDB_SKIP_BROWSER=1`` to skip them instead."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright
except ImportError as exc:  # reported by the browser fixture, so that the tests fail rather than vanish
    MISSING = f"Playwright is not installed ({exc}); it is in the `test` extra"
else:
    MISSING = ""

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("MEMDB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TIMEOUT_MS = 15_000


def _no_browser(problem: str) -> None:
    if os.environ.get("MEMDB_SKIP_BROWSER") == "1" and not os.environ.get("CI"):
        pytest.skip(f"MEMDB_SKIP_BROWSER=1: {problem}")
    pytest.fail(f"{problem}\nInstall Debian's Chromium (`apt-get install chromium`; .ci/run does) or point "
                "MEMDB_CHROMIUM at one; locally, MEMDB_SKIP_BROWSER=1 skips the browser tests.", pytrace=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if MISSING:
        _no_browser(MISSING)
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=30_000)
        except PlaywrightError as exc:
            problem = f"cannot start Chromium at {CHROMIUM}: {str(exc).splitlines()[0]}"
        else:
            problem = ""
        if problem:
            _no_browser(problem)
        yield chromium
        chromium.close()


class Page:
    """One browser tab on the inspector, which records what must never happen (page errors,
    console errors, requests leaving the server) and leaves a screenshot behind."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1400, "height": 860})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.problems: list[str] = []
        self.context.route("**/*", self._only_our_server)
        self.tab = self.context.new_page()
        self.tab.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.tab.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))

    def _only_our_server(self, route: Any) -> None:
        if urlsplit(route.request.url).netloc == urlsplit(self.base).netloc or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.problems.append(f"request off the server: {route.request.url}")
            route.abort()

    def sign_in(self, token: str) -> None:
        self.tab.goto(f"{self.base}/ui/")
        self.tab.get_by_label("API key").fill(token)
        self.tab.get_by_role("button", name="Sign in").click()
        self.wait_for_status(r"entities")

    def wait_for_status(self, pattern: str) -> str:
        status = self.tab.locator("#graph-status")
        expect(status).to_have_text(re.compile(pattern))
        return status.inner_text()

    def js(self, script: str, arg: Any = None) -> Any:
        return self.tab.evaluate(script, arg)

    def node_names(self) -> set[str]:
        return set(self.js("() => memdbInspector.graph.cy.nodes().map((n) => n.data('name'))"))

    def fact_state(self, subject: str, label: str, obj: str) -> str | None:
        """The drawn state ("holds"/"ended") of the edge subject -label-> object, or None if not drawn."""
        return self.js("""([s, l, o]) => {
            const g = memdbInspector.graph;
            const edge = g.cy.edges().filter((e) => g.nodes.get(e.source().id()).name === s
                && g.edges.get(e.id()).label === l && g.nodes.get(e.target().id()).name === o);
            return edge.nonempty() ? edge.data("state") : null;
        }""", [subject, label, obj])

    def click_node(self, name: str) -> None:
        """A real mouse click where cytoscape drew the node."""
        box = self.tab.locator("#graph").bounding_box()
        at = self.js("""(name) => {
            const node = memdbInspector.graph.cy.nodes().filter((n) => n.data("name") === name);
            return node.renderedPosition();
        }""", name)
        self.tab.mouse.click(box["x"] + at["x"], box["y"] + at["y"])

    def close(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        self.context.close()


@pytest.fixture
def page(browser: Any, ui_server: dict, request: pytest.FixtureRequest) -> Iterator[Page]:
    tab = Page(browser, ui_server["url"])
    yield tab
    tab.close(f"ui-{request.node.name}")
    assert not tab.problems, tab.problems


@pytest.fixture
def signed_in(page: Page, ui_server: dict) -> Page:
    page.sign_in(ui_server["token"])
    return page


def fact(facts: Any, relation: str) -> Any:
    """The fact item whose relation line (not its sentence) reads e.g. "Lena lives in Toronto"."""
    return facts.filter(has=facts.page.locator(".rel", has_text=relation))


def neighbours(ui_server: dict, name: str) -> set[str]:
    graph = ui_server["db"].graph(user_id=ui_server["key"], center=name, depth=1)
    return {graph.nodes[n]["name"] for n in graph}


def expected_graph(ui_server: dict) -> tuple[set[str], set[str]]:
    """All entities of the fixture conversation, and those some fact links, by the library itself."""
    graph = ui_server["db"].graph(user_id=ui_server["key"])
    linked = {n for u, v in graph.edges() for n in (u, v)}
    return {graph.nodes[n]["name"] for n in graph}, {graph.nodes[n]["name"] for n in linked}


# -- the tests ---------------------------------------------------------------------------------
def test_sign_in_draws_the_graph_of_the_users_entities(signed_in: Page, ui_server: dict) -> None:
    page = signed_in
    everything, linked = expected_graph(ui_server)
    assert {"Ann", "Lena", "Toronto", "Berlin", "Biscuit"} <= linked < everything
    assert page.node_names() == linked  # entities without facts are hidden by default …
    page.wait_for_status(rf"^{len(linked)} of {len(everything)} entities .* · 1 ended · latest$")
    page.tab.get_by_label("Show entities without facts").check()
    page.wait_for_status(rf"^{len(everything)} of {len(everything)} entities")
    assert page.node_names() == everything  # … and one tick away
    assert page.tab.get_by_label("User").input_value() == "u1"
    assert page.js("() => sessionStorage.getItem('memdb.apiKey')") == ui_server["token"]
    page.tab.reload()  # the key survives a reload of the tab
    page.wait_for_status(r"entities")


def test_a_wrong_key_is_refused(page: Page, ui_server: dict) -> None:
    page.tab.goto(f"{page.base}/ui/")
    page.tab.get_by_label("API key").fill("mdb_not-a-key")
    page.tab.get_by_role("button", name="Sign in").click()
    expect(page.tab.get_by_role("alert")).to_contain_text("cannot read memory")
    page.problems = [p for p in page.problems if "401" not in p]  # the refused call, as expected
    page.tab.get_by_label("API key").fill(ui_server["admin"])  # admin keys cannot read memory either
    page.tab.get_by_role("button", name="Sign in").click()
    expect(page.tab.get_by_role("alert")).to_contain_text("admin keys manage keys only")
    page.problems = [p for p in page.problems if "403" not in p]
    assert page.tab.locator("#inspector").is_hidden()


def test_clicking_an_entity_shows_its_facts_and_their_turns(signed_in: Page) -> None:
    page = signed_in
    page.click_node("Lena")
    panel = page.tab.get_by_role("tabpanel")
    expect(panel.get_by_role("heading", name="Lena")).to_be_visible()
    facts = panel.get_by_role("list", name="Facts").get_by_role("listitem")
    expect(fact(facts, "Lena lives in Toronto")).to_contain_text("valid 2024-01-05 → 2024-06-01")
    expect(fact(facts, "Lena lives in Toronto")).to_have_class(re.compile(r"\bended\b"))
    expect(fact(facts, "Lena lives in Berlin")).to_have_class(re.compile(r"\bholds\b"))
    expect(panel.locator(".mentions li")).to_contain_text(["Lena lives in Toronto", "Lena moved to Berlin"])
    fact(facts, "Lena lives in Berlin").get_by_role("link", name="s2-1").click()
    expect(page.tab.get_by_role("tab", name="Timeline")).to_have_attribute("aria-selected", "true")
    expect(page.tab.locator(".turn.marked")).to_contain_text("my sister Lena moved to Berlin")


def test_the_time_slider_redraws_the_graph_as_known_then(signed_in: Page) -> None:
    page = signed_in
    assert page.fact_state("Lena", "lives_in", "Toronto") == "ended"
    assert page.fact_state("Lena", "lives_in", "Berlin") == "holds"
    slider = page.tab.get_by_label("As of", exact=True)
    slider.focus()
    page.tab.keyboard.press("Home")  # the first day: Lena still lives in Toronto, Berlin is unheard of
    page.wait_for_status(r"· 0 ended · as of 2024-01-05$")
    assert page.fact_state("Lena", "lives_in", "Toronto") == "holds"
    assert "Berlin" not in page.node_names()
    assert page.tab.get_by_label("As of date").input_value() == "2024-01-05"
    page.tab.get_by_label("As of date").fill("2024-07-01")  # the date picker: moved by then
    page.wait_for_status(r"· 1 ended · as of 2024-07-01$")
    assert page.fact_state("Lena", "lives_in", "Toronto") == "ended"
    assert page.fact_state("Lena", "lives_in", "Berlin") == "holds"
    page.tab.get_by_role("button", name="Latest").click()
    page.wait_for_status(r"· latest$")


def test_search_shows_ranked_hits_with_their_scores_and_highlights_entities(signed_in: Page) -> None:
    page = signed_in
    page.tab.get_by_role("tab", name="Search").click()
    page.tab.get_by_label("Search memory").fill("Where does Lena live?")
    page.tab.get_by_role("button", name="Search", exact=True).click()
    hits = page.tab.get_by_role("list", name="Ranked hits").get_by_role("listitem")
    expect(hits.first).to_contain_text("#1")
    expect(hits.first).to_contain_text("My sister Lena lives in Toronto.")
    bars = hits.first.get_by_role("table", name="Score by signal").get_by_role("row")
    assert {"vector", "lexical", "graph"} <= {bars.nth(i).get_attribute("data-signal") for i in range(bars.count())}
    scores = [float(t.split()[1]) for t in hits.locator(".score").all_inner_texts()]
    assert len(scores) >= 3 and scores == sorted(scores, reverse=True)
    highlighted = set(page.js("() => memdbInspector.graph.cy.nodes('.hit').map((n) => n.data('name'))"))
    assert {"Lena", "Toronto", "Berlin"} <= highlighted
    hits.first.get_by_role("button", name="Toronto").click()  # an entity chip opens its details
    expect(page.tab.get_by_role("tabpanel").get_by_role("heading", name="Toronto")).to_be_visible()


def test_filter_by_type_find_by_name_and_expand_a_neighbourhood(signed_in: Page, ui_server: dict) -> None:
    page = signed_in
    page.tab.get_by_role("group", name="Entity types").get_by_label(re.compile("^place")).uncheck()
    page.tab.wait_for_load_state("networkidle")  # the status says "entities" before and after the redraw
    page.wait_for_status(r"entities")
    assert not {"Toronto", "Berlin"} & page.node_names()
    page.tab.get_by_role("group", name="Entity types").get_by_label(re.compile("^place")).check()
    page.tab.get_by_label("Entities shown").fill("1")
    page.tab.get_by_label("Entities shown").press("Enter")
    page.wait_for_status(r"^1 of ")
    assert page.node_names() == {"Ann"}  # the most mentioned
    page.tab.get_by_label("Find entity").fill("biscuit")
    page.tab.get_by_label("Find entity").press("Enter")
    expect(page.tab.get_by_role("tabpanel").get_by_role("heading", name="Biscuit")).to_be_visible()
    assert page.node_names() == {"Ann", "Biscuit"}
    page.tab.get_by_role("button", name="Expand neighbourhood").click()
    expected = {"Ann"} | neighbours(ui_server, "Biscuit")
    page.wait_for_status(rf"^{len(expected)} of ")
    assert page.node_names() == expected
    page.tab.get_by_label("Find entity").fill("Lena")
    page.tab.get_by_label("Find entity").press("Enter")
    page.tab.get_by_role("button", name="Expand neighbourhood").click()
    expected |= neighbours(ui_server, "Lena")
    page.wait_for_status(rf"^{len(expected)} of ")
    assert {"Lena", "Toronto", "Berlin"} < expected == page.node_names()


def test_only_the_entities_shown_are_downloaded_the_rest_on_demand(page: Page, ui_server: dict) -> None:
    graph_calls: list[dict[str, str]] = []
    page.tab.on("request", lambda r: "/v1/graph?" in r.url and graph_calls.append(
        dict(p.split("=", 1) for p in urlsplit(r.url).query.split("&"))))
    page.tab.goto(f"{page.base}/ui/")
    page.js("() => { document.getElementById('limit').value = '2'; }")  # "Entities shown", before signing in
    page.tab.get_by_label("API key").fill(ui_server["token"])
    page.tab.get_by_role("button", name="Sign in").click()
    everything, _ = expected_graph(ui_server)
    page.wait_for_status(rf"^2 of {len(everything)} entities")
    assert page.node_names() == {"Ann", "Lena"}  # the two most mentioned
    assert [c.get("limit") for c in graph_calls] == ["2"]
    page.tab.get_by_label("Find entity").fill("Biscuit")  # not downloaded: asked for by name
    page.tab.get_by_label("Find entity").press("Enter")
    panel = page.tab.get_by_role("tabpanel")
    expect(panel.get_by_role("heading", name="Biscuit")).to_be_visible()
    expect(panel.locator(".mentions li")).to_have_count(1)  # the turn the extractor found it in
    expect(panel.locator(".mentions li")).to_contain_text("I adopted a dog named Biscuit")
    assert page.node_names() == {"Ann", "Lena", "Biscuit"}
    assert graph_calls[-1] == {"user_id": "u1", "center": "Biscuit", "depth": "1"}
    page.tab.get_by_role("tab", name="Search").click()
    page.tab.get_by_label("Search memory").fill("Where does Lena live?")
    page.tab.get_by_role("button", name="Search", exact=True).click()
    expect(page.tab.get_by_role("list", name="Ranked hits").get_by_role("listitem").first).to_contain_text("#1")
    page.tab.wait_for_function("() => memdbInspector.graph.cy.nodes('.hit').length >= 3")
    highlighted = set(page.js("() => memdbInspector.graph.cy.nodes('.hit').map((n) => n.data('name'))"))
    assert {"Lena", "Toronto", "Berlin"} <= highlighted  # hits beyond the limit, fetched by name
    assert all(c.get("limit") == "2" for c in graph_calls if "center" not in c)


@pytest.mark.model
def test_the_demo_conversation(browser: Any, demo_server: dict) -> None:
    """The demo data with the real model: the graph, Maya's facts, a search; its screenshot is the
    README's (copy test-artifacts/inspector-demo.png to docs/inspector.png)."""
    page = Page(browser, demo_server["url"])
    page.tab.set_viewport_size({"width": 1440, "height": 900})
    page.sign_in(demo_server["token"])
    status = page.wait_for_status(r"^\d+ of \d+ entities .* [1-9]\d* ended · latest$")
    assert int(status.split()[0]) >= 20, status
    page.tab.get_by_label("Find entity").fill("Maya")
    page.tab.get_by_label("Find entity").press("Enter")
    facts = page.tab.get_by_role("list", name="Facts").get_by_role("listitem")
    expect(fact(facts, "Maya lives in Berlin")).to_have_class(re.compile(r"\bholds\b"))
    expect(fact(facts, "Maya lives in Lisbon")).to_have_class(re.compile(r"\bended\b"))
    page.tab.get_by_role("tab", name="Search").click()
    page.tab.get_by_label("Search memory").fill("Where does Maya live now?")
    page.tab.get_by_role("button", name="Search", exact=True).click()
    expect(page.tab.get_by_role("list", name="Ranked hits").get_by_role("listitem").first).to_contain_text("Berlin")
    page.tab.get_by_role("tab", name="Details").click()
    box = page.tab.locator("#graph").bounding_box()
    # Ringing the hits' entities may fetch and lay out more of the graph (and fit the view):
    # measure once the page has stopped talking to the server and the view is at rest.
    page.tab.wait_for_load_state("networkidle")
    page.tab.wait_for_function("() => !memdbInspector.graph.cy.animated()")
    zoom = page.js("() => memdbInspector.graph.cy.zoom()")
    page.tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.tab.mouse.wheel(0, -250)  # zoom in on the middle, as a reader would
    page.tab.wait_for_function("before => memdbInspector.graph.cy.zoom() > before", arg=zoom)
    page.close("inspector-demo")
    assert not page.problems, page.problems
