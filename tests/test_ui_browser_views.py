"""The inspector shows the truth: the assistant apart from the user's people, a type legend that
follows what is drawn, details as known at the page's time, sessions that narrow the graph,
search rings on what the top hits name, a "now" for searches, a layout that is the same on
every load, and the API docs, all with nothing fetched from elsewhere."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.browser import (  # noqa: F401 - fixtures
    Page, browser, expect, expected_graph, fact, page, signed_in,
)

pytestmark = pytest.mark.browser


def legend(page: Page) -> dict[str, tuple[int, bool]]:
    """The type legend: type → (count, ticked)."""
    boxes = page.tab.get_by_role("group", name="Entity types").get_by_role("checkbox")
    out = {}
    for i in range(boxes.count()):
        label = boxes.nth(i).evaluate("(box) => box.parentElement.textContent.trim()")
        kind, count = re.fullmatch(r"(\S+) \((\d+)\)", label).groups()
        out[kind] = (int(count), boxes.nth(i).is_checked())
    return out


def drawn_types(page: Page) -> set[str]:
    return set(page.js("() => memdbInspector.graph.cy.nodes().map((n) => memdbInspector.graph.nodes.get(n.id()).type)"))


def ringed(page: Page) -> dict[str, int]:
    """Entity → ring rank (1 the strongest) of the nodes a search rings."""
    return dict(page.js("""() => memdbInspector.graph.cy.nodes('.hit').map(
        (n) => [n.data('name'), memdbInspector.graph.hits.get(n.id())])"""))


def search(page: Page, query: str, *, now: str = "") -> Any:
    page.tab.get_by_role("tab", name="Search").click()
    page.tab.get_by_label("Now").fill(now)
    page.tab.get_by_label("Search memory").fill(query)
    page.tab.get_by_role("button", name="Search", exact=True).click()
    hits = page.tab.get_by_role("list", name="Ranked hits").get_by_role("listitem")
    expect(hits.first).to_contain_text("#1")
    page.tab.wait_for_load_state("networkidle")
    return hits


def test_the_assistant_is_typed_so_and_hidden_until_asked_for(signed_in: Page, ui_server: dict) -> None:
    page = signed_in
    page.tab.get_by_label("Show entities without facts").check()
    assert legend(page)["assistant"] == (1, False) and legend(page)["person"][1]
    assert "Assistant" not in page.node_names() and "assistant" not in drawn_types(page)
    page.tab.get_by_role("group", name="Entity types").get_by_label(re.compile("^assistant")).check()
    expect(page.tab.locator("#graph-status")).to_have_text(re.compile(r"^9 of 9 entities"))
    assert "Assistant" in page.node_names()


def test_the_type_legend_lists_every_type_drawn_at_every_time(signed_in: Page) -> None:
    page = signed_in
    show(page, 1, r"^1 of ")
    assert set(legend(page)) == {"person"}
    page.tab.get_by_label("Find entity").fill("Shopify")  # an organization, fetched on demand
    page.tab.get_by_label("Find entity").press("Enter")
    expect(page.tab.get_by_role("tabpanel").get_by_role("heading", name="Shopify")).to_be_visible()
    assert drawn_types(page) <= set(legend(page)) and legend(page)["organization"] == (1, True)
    show(page, 60, r"^7 of ")
    assert legend(page)["place"][0] == 2  # Toronto and Berlin …
    page.tab.get_by_label("As of date").fill("2024-03-01")
    page.wait_for_status(r"as of 2024-03-01$")
    assert legend(page)["place"][0] == 1  # … but Berlin was unheard of in March
    assert drawn_types(page) <= set(legend(page))


def test_details_as_of_a_time_show_no_end_learned_later(signed_in: Page) -> None:
    page = signed_in
    page.click_node("Lena")
    facts = page.tab.get_by_role("list", name="Facts").get_by_role("listitem")
    expect(fact(facts, "Lena lives in Toronto")).to_contain_text("valid 2024-01-05 → 2024-06-01")
    page.tab.get_by_label("As of date").fill("2024-03-01")  # the move to Berlin was said in June
    page.wait_for_status(r"as of 2024-03-01$")
    toronto = fact(facts, "Lena lives in Toronto")
    expect(toronto).to_contain_text("valid since 2024-01-05")
    expect(toronto).not_to_contain_text("2024-06-01")
    expect(toronto).to_have_class(re.compile(r"\bholds\b"))
    expect(fact(facts, "Lena lives in Berlin")).to_have_count(0)
    assert page.fact_state("Lena", "lives_in", "Toronto") == "holds"
    page.tab.get_by_role("button", name="Latest").click()
    page.wait_for_status(r"· latest$")
    expect(fact(facts, "Lena lives in Toronto")).to_have_class(re.compile(r"\bended\b"))
    assert page.fact_state("Lena", "lives_in", "Toronto") == "ended"


def test_a_session_narrows_the_graph_and_clears_old_rings(signed_in: Page, ui_server: dict) -> None:
    page = signed_in
    search(page, "Where does Lena live?")
    assert ringed(page)
    page.tab.get_by_label("Session").select_option("s1")
    _, linked, total = expected_graph(ui_server, session_id="s1")
    page.wait_for_status(rf"^{len(linked)} of {total} entities")
    assert page.node_names() == linked and "Berlin" not in linked  # s1 never mentions Berlin
    assert ringed(page) == {} and page.tab.locator("#hits").inner_text() == ""
    expect(page.tab.locator("#timeline .turn")).to_have_count(4)
    page.tab.get_by_label("Session").select_option("")
    page.wait_for_status(rf"^{len(expected_graph(ui_server)[1])} of ")
    assert "Berlin" in page.node_names()


def test_a_search_rings_what_its_top_hits_name_strongest_first(signed_in: Page, ui_server: dict) -> None:
    page = signed_in
    query = "Where does Lena live?"
    search(page, query)
    top = ui_server["db"].search(query, user_id=ui_server["key"], k=10)[:3]
    named = {name for h in top for name in h.entities
             if name != h.episode.name or name.lower() in h.episode.content.lower()}
    drawn = page.node_names()
    assert set(ringed(page)) == named & drawn and "Ann" not in ringed(page)  # she said them all, named none
    first = set(top[0].entities) - {top[0].episode.name}
    assert first and all(ringed(page)[name] == 1 for name in first)
    assert sorted(ringed(page).values()) == sorted(ringed(page).values())  # ranks 1..3
    assert set(ringed(page).values()) <= {1, 2, 3}


def time_scores(hits: Any) -> list[float]:
    """Each hit's time contribution (0 when it has no bar)."""
    return [float(hits.nth(i).locator("tr[data-signal=time] td.num").inner_text())
            if hits.nth(i).locator("tr[data-signal=time]").count() else 0.0 for i in range(hits.count())]


def test_now_anchors_last_week_in_a_search(signed_in: Page) -> None:
    page = signed_in
    bodies: list[dict] = []
    page.tab.on("request", lambda r: r.url.endswith("/v1/search") and bodies.append(json.loads(r.post_data)))
    hits = search(page, "What did we talk about last week?")
    assert "now" not in bodies[-1]
    assert max(time_scores(hits)) < 0.01  # the week before today: nothing was said then
    hits = search(page, "What did we talk about last week?", now="2024-06-05")
    assert bodies[-1]["now"] == "2024-06-05T23:59:59Z"
    expect(hits.first).to_contain_text("2024-06-01")
    assert time_scores(hits)[0] >= 1.0


def positions(page: Page) -> dict[str, tuple[float, float]]:
    return {name: (round(x, 1), round(y, 1)) for name, x, y in page.js(
        "() => memdbInspector.graph.cy.nodes().map((n) => [n.data('name'), n.position('x'), n.position('y')])")}


def test_the_layout_is_the_same_on_every_load(signed_in: Page) -> None:
    page = signed_in
    first = positions(page)
    assert len(first) >= 5
    page.tab.reload()  # signs in again with the key of this tab
    page.wait_for_status(r"entities")
    assert positions(page) == first


def test_entities_without_facts_lie_in_a_band_below_the_graph(signed_in: Page) -> None:
    page = signed_in
    zoom, linked = page.js("() => memdbInspector.graph.cy.zoom()"), positions(page)
    page.tab.get_by_label("Show entities without facts").check()
    page.wait_for_status(r"^8 of ")
    assert page.js("() => memdbInspector.graph.cy.zoom()") == zoom  # the linked part keeps its size …
    now = positions(page)
    assert {n: now[n] for n in linked} == linked  # … and its places
    loose = set(now) - set(linked)
    assert loose and all(now[n][1] > max(y for _, y in linked.values()) for n in loose)  # below it


def show(page: Page, limit: int, status: str) -> None:
    """Sets "Entities shown" and waits for the status line that follows."""
    page.tab.get_by_label("Entities shown").fill(str(limit))
    page.tab.get_by_label("Entities shown").press("Enter")
    page.wait_for_status(status)


def expand_around(page: Page, name: str) -> str:
    """Finds an entity, expands its neighbourhood; the note that says what came of it."""
    page.tab.get_by_label("Find entity").fill(name)
    page.tab.get_by_label("Find entity").press("Enter")
    expect(page.tab.get_by_role("tabpanel").get_by_role("heading", name=name)).to_be_visible()
    page.tab.get_by_role("button", name="Expand neighbourhood").click()
    note = page.tab.locator("#graph-note")
    expect(note).to_be_visible()
    return note.inner_text()


def test_expand_says_what_it_added_or_that_there_is_nothing_to_add(signed_in: Page) -> None:
    page = signed_in
    show(page, 1, r"^1 of ")
    assert re.match(r"^Added \d+ entities around Lena", expand_around(page, "Lena"))
    show(page, 60, r"^7 of ")
    assert expand_around(page, "Toronto").startswith("Nothing to add: Toronto has no other neighbours")


def test_the_api_docs_render_offline(page: Page) -> None:
    page.tab.goto(page.base + "/docs")
    expect(page.tab.locator(".swagger-ui .info .title")).to_contain_text("memdb", timeout=30_000)
    expect(page.tab.get_by_text("/v1/search").first).to_be_attached()
