"""The inspector page in real headless Chromium against a real uvicorn serving the fixture
conversation (tests/browser.py has the browser, the page and their fixtures)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.browser import (  # noqa: F401 - fixtures
    Page, browser, expect, expected_graph, fact, neighbours, page, signed_in,
)

pytestmark = pytest.mark.browser


# -- the tests ---------------------------------------------------------------------------------
def test_sign_in_draws_the_graph_of_the_users_entities(signed_in: Page, ui_server: dict) -> None:
    page = signed_in
    everything, linked, total = expected_graph(ui_server)
    assert {"Ann", "Lena", "Toronto", "Berlin", "Biscuit"} <= linked < everything
    assert page.node_names() == linked  # entities without facts are hidden by default …
    page.wait_for_status(rf"^{len(linked)} of {total} entities .* · 1 ended · latest$")
    page.tab.get_by_label("Show entities without facts").check()
    page.wait_for_status(rf"^{len(everything)} of {total} entities")
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
    # Asked in the present tense, where she lives now: Toronto has ended, she moved to Berlin
    expect(hits.first).to_contain_text("Big news: my sister Lena moved to Berlin.")
    bars = hits.first.get_by_role("table", name="Score by signal").get_by_role("row")
    assert {"vector", "lexical", "graph"} <= {bars.nth(i).get_attribute("data-signal") for i in range(bars.count())}
    scores = [float(t.split()[1]) for t in hits.locator(".score").all_inner_texts()]
    assert len(scores) >= 3 and scores == sorted(scores, reverse=True)
    highlighted = set(page.js("() => memdbInspector.graph.cy.nodes('.hit').map((n) => n.data('name'))"))
    assert {"Lena", "Toronto", "Berlin"} <= highlighted
    hits.first.get_by_role("button", name="Berlin").click()  # an entity chip opens its details
    expect(page.tab.get_by_role("tabpanel").get_by_role("heading", name="Berlin")).to_be_visible()


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
    expect(page.tab.get_by_role("tabpanel").get_by_role("heading", name="Lena")).to_be_visible()
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
    _, _, total = expected_graph(ui_server)
    page.wait_for_status(rf"^2 of {total} entities")
    assert page.node_names() == {"Ann", "Lena"}  # the two most mentioned
    assert [c.get("limit") for c in graph_calls] == ["2"]
    page.tab.get_by_label("Find entity").fill("Biscuit")  # not downloaded: asked for by name
    page.tab.get_by_label("Find entity").press("Enter")
    panel = page.tab.get_by_role("tabpanel")
    expect(panel.get_by_role("heading", name="Biscuit")).to_be_visible()
    expect(panel.locator(".mentions li")).to_have_count(2)  # the turns the extractor found it in
    expect(panel.locator(".mentions li").first).to_contain_text("I adopted a dog named Biscuit")
    expect(panel.locator(".mentions li").last).to_contain_text("Biscuit and I will visit her")
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
    assert "Assistant" not in page.node_names()  # the chatbot, not a person of Maya's life: hidden
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
