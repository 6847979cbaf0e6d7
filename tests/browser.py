"""Helpers of the inspector's browser tests: headless Chromium (Debian's ``chromium``, driven by
Playwright) on a real uvicorn, and a ``Page`` that records what must never happen. Screenshots go
to ``test-artifacts/``.

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
    expect = None
else:
    MISSING = ""

CHROMIUM = os.environ.get("MEMDB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TIMEOUT_MS = 15_000


def _no_browser(problem: str) -> None:
    if os.environ.get("MEMDB_SKIP_BROWSER") == "1" and not os.environ.get("CI"):
        pytest.skip(f"MEMDB_SKIP_BROWSER=1: {problem}")
    pytest.fail(f"{problem}\nInstall Debian's Chromium (`apt-get install chromium`; ./run.sh test does when run "
                "as root) or point MEMDB_CHROMIUM at one; locally, MEMDB_SKIP_BROWSER=1 skips the browser tests.",
                pytrace=False)


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


#: Types the page hides until their box is ticked: the assistant is not a person of the user's life.
HIDDEN_TYPES = {"assistant"}


def expected_graph(ui_server: dict, **options: Any) -> tuple[set[str], set[str], int]:
    """By the library itself: the entities of the fixture conversation the page may draw (not
    of a hidden type), those of them some fact links, and how many entities there are in all."""
    graph = ui_server["db"].graph(user_id=ui_server["key"], **options)
    drawn = {n for n in graph if graph.nodes[n]["type"] not in HIDDEN_TYPES}
    linked = {n for u, v in graph.edges() for n in (u, v)} & drawn
    return {graph.nodes[n]["name"] for n in drawn}, {graph.nodes[n]["name"] for n in linked}, len(graph)
