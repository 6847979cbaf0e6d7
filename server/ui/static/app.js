// The inspector: sign in with an API key, pick a user (and a session), then explore the graph,
// travel in time, read the timeline and search. State lives here; drawing in graph.js and panels.js.

import { Api } from "./api.js";
import { GraphView, factStateAt, typeColour } from "./graph.js";
import * as panels from "./panels.js";

const $ = (id) => document.getElementById(id);
const KEY = "memdb.apiKey";
const DAY = 86_400_000;
const RINGED = 3; // search hits whose entities are ringed in the graph

const state = {
  api: null, user: null, session: "", asOf: null, firstDay: 0, days: 0, selected: null, ticket: 0,
};

const graph = new GraphView($("graph"), {
  onNode: (id) => guard(showEntity(id)), onEdge: (edge) => showFact(edge), onExpand: (id) => guard(expand(id)),
  onChange: (view) => {
    status(view);
    fillTypes(view.types);
  },
});
window.memdbInspector = { graph, state }; // for the browser tests, and for poking at from the console

// -- sign-in and scope -------------------------------------------------------------------------
async function signIn(key) {
  const api = new Api(key);
  let users;
  try {
    users = await api.users();
  } catch (err) {
    sessionStorage.removeItem(KEY);
    $("sign-in-error").textContent = err.status === 401 || err.status === 403
      ? `This key cannot read memory: ${err.message}` : err.message;
    return;
  }
  sessionStorage.setItem(KEY, key);
  state.api = api;
  $("sign-in").hidden = true;
  $("inspector").hidden = false;
  $("scope").hidden = false;
  $("user").replaceChildren(...users.map((u) => panels.h("option", { value: u }, u)));
  if (users.length) await selectUser(users[0]);
  else say("This tenant has no users yet: add turns with POST /v1/episodes.");
}

function signOut() {
  sessionStorage.removeItem(KEY);
  Object.assign(state, { api: null, user: null });
  graph.reset();
  $("inspector").hidden = true;
  $("scope").hidden = true;
  $("sign-in").hidden = false;
  $("api-key").value = "";
  $("api-key").focus();
}

async function selectUser(user) {
  Object.assign(state, { user, session: "", asOf: null, selected: null });
  graph.reset();
  const sessions = await state.api.sessions(user);
  $("session").replaceChildren(panels.h("option", { value: "" }, "all sessions"),
    ...sessions.map((s) => panels.h("option", { value: s.session_id },
      `${s.session_id} · ${s.start.slice(0, 10)} (${s.episodes})`)));
  setTimeRange(sessions);
  clearHits();
  $("panel-details").replaceChildren(panels.h("p", { class: "hint" },
    "Click an entity or a fact in the graph, or find one by name."));
  await Promise.all([loadGraph(), loadTimeline()]);
}

// -- time ---------------------------------------------------------------------------------------
function setTimeRange(sessions) {
  const starts = sessions.map((s) => Date.parse(s.start.slice(0, 10)));
  const ends = sessions.map((s) => Date.parse(s.end.slice(0, 10)));
  state.firstDay = starts.length ? Math.min(...starts) : Date.now();
  state.days = ends.length ? Math.round((Math.max(...ends) - state.firstDay) / DAY) + 1 : 0;
  const slider = $("as-of");
  slider.max = String(state.days); // the last position is "latest": no as_of
  slider.value = slider.max;
  const date = $("as-of-date");
  date.min = isoDay(state.firstDay);
  date.max = isoDay(state.firstDay + state.days * DAY);
  date.value = "";
  slider.setAttribute("aria-valuetext", "latest");
}

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The end of the slider's day, or null at the last position (the latest). */
function sliderAsOf() {
  const v = Number($("as-of").value);
  return v >= state.days ? null : `${isoDay(state.firstDay + v * DAY)}T23:59:59Z`;
}

async function setAsOf(asOf) {
  state.asOf = asOf;
  const label = asOf ? `as of ${asOf.slice(0, 10)}` : "latest";
  $("as-of").setAttribute("aria-valuetext", label);
  $("as-of-date").value = asOf ? asOf.slice(0, 10) : "";
  const ticket = ++state.ticket;
  const known = asOf ? await state.api.graph(state.user, { asOf, limit: limit(), sessionId: state.session }) : null;
  if (ticket !== state.ticket) return; // a later move of the slider won
  graph.setKnown(known, asOf);
  graph.render();
  if (state.selected) await showEntity(state.selected, { keepTab: true });
  await loadTimeline();
  if ($("hits").childElementCount) await runSearch($("query").value.trim()); // hits as of the new time
}

let sliderTimer = 0;
$("as-of").addEventListener("input", () => {
  clearTimeout(sliderTimer);
  sliderTimer = setTimeout(() => guard(setAsOf(sliderAsOf())), 150);
});
$("as-of-date").addEventListener("change", () => {
  const picked = $("as-of-date").value;
  if (!picked) return guard(setAsOf(null));
  const v = Math.round((Date.parse(picked) - state.firstDay) / DAY);
  $("as-of").value = String(Math.max(0, Math.min(state.days, v)));
  return guard(setAsOf(`${picked}T23:59:59Z`));
});
$("latest").addEventListener("click", () => {
  $("as-of").value = $("as-of").max;
  guard(setAsOf(null));
});

// -- graph --------------------------------------------------------------------------------------
/** "Entities shown": how many of the most mentioned the page downloads. */
const limit = () => Math.max(1, Math.min(100_000, Math.round(Number($("limit").value)) || 60));

async function loadGraph() {
  const ticket = ++state.ticket;
  const sessionId = state.session;
  const [history, known] = await Promise.all([
    state.api.graph(state.user, { limit: limit(), sessionId }),
    state.asOf ? state.api.graph(state.user, { asOf: state.asOf, limit: limit(), sessionId }) : null,
  ]);
  if (ticket !== state.ticket) return;
  graph.setHistory(history);
  graph.setKnown(known, state.asOf);
  graph.showLoose = $("loose").checked;
  $("entity-names").replaceChildren(...[...graph.nodes.values()].map((n) => panels.h("option", { value: n.name })));
  graph.render({ fit: true });
}

/** A checkbox per entity type there is to show at this time, with how many (drawn as the graph changes). */
function fillTypes(types) {
  const box = $("types");
  box.replaceChildren(panels.h("legend", {}, "Entity types"), ...[...types.keys()].sort().map((type) => {
    const swatch = panels.h("span", { class: "swatch" });
    swatch.style.backgroundColor = typeColour(type);
    return panels.h("label", {}, panels.h("input", {
      type: "checkbox", value: type, checked: !graph.hiddenTypes.has(type),
      onchange: (ev) => {
        if (ev.target.checked) graph.hiddenTypes.delete(type); else graph.hiddenTypes.add(type);
        graph.render();
      },
    }), swatch, `${type} (${types.get(type)})`);
  }));
}

function status({ shown, total, loose, holds, ended, asOf, showLoose }) {
  const when = asOf ? `as of ${asOf.slice(0, 10)}` : "latest";
  const hidden = showLoose || !loose ? "" : ` (${loose} without facts hidden)`;
  say(`${shown} of ${total} entities${hidden} · ${holds} facts hold · ${ended} ended · ${when}`);
}

function say(text, isError = false) {
  const line = $("graph-status");
  line.textContent = text;
  line.classList.toggle("error", isError);
}

let noteTimer = 0;
/** A passing remark beside the status line (what an action did, or why it did nothing). */
function note(text) {
  const line = $("graph-note");
  line.textContent = text;
  line.hidden = !text;
  clearTimeout(noteTimer);
  if (text) noteTimer = setTimeout(() => note(""), 8000);
}

async function expand(id) {
  note("");
  const data = await state.api.graph(state.user, { centerId: id, depth: 1, asOf: state.asOf });
  const before = new Set(graph.cy.nodes().map((n) => n.id()));
  graph.expand(data);
  graph.render();
  const added = graph.cy.nodes().filter((n) => !before.has(n.id())).length;
  const name = graph.nodes.get(id)?.name || "this entity";
  const hidden = data.nodes.filter((n) => graph.hiddenTypes.has(n.type)).map((n) => n.name);
  if (added) return note(`Added ${added} ${added === 1 ? "entity" : "entities"} around ${name}.`);
  return note(`Nothing to add: ${name} has no other neighbours${state.asOf ? ` known on ${state.asOf.slice(0, 10)}` : ""}`
    + (hidden.length ? ` but ${hidden.join(", ")} (of a type not shown).` : " than those shown."));
}

$("loose").addEventListener("change", () => {
  graph.showLoose = $("loose").checked;
  graph.render({ fit: true });
});

$("limit").addEventListener("change", () => guard(loadGraph()));

$("find").addEventListener("submit", (ev) => {
  ev.preventDefault();
  guard(findEntity($("find-name").value));
});

/** Brings an entity beyond the downloaded ones from the server, with its neighbours (so that its
 * facts with drawn entities are drawn too), at the page's time; false when there is none (then). */
async function fetchEntity(name) {
  try {
    graph.include(await state.api.graph(state.user, { center: name, depth: 1, asOf: state.asOf }));
    return true;
  } catch (err) {
    if (err.status === 404) return false;
    throw err;
  }
}

async function findEntity(name) {
  let id = graph.lookup(name);
  if (!id && await fetchEntity(name)) id = graph.lookup(name);
  if (!id) return say(`No entity named “${name}”${state.asOf ? ` known on ${state.asOf.slice(0, 10)}` : ""}.`, true);
  if (!graph.focus(id)) return say(`“${name}” was not known ${state.asOf ? `on ${state.asOf.slice(0, 10)}` : "yet"}.`, true);
  return showEntity(id);
}

// -- details ------------------------------------------------------------------------------------
const MENTIONS = 200; // turns listed under "Mentioned in"

/** The entity as memory knew it at the page's time: its facts as the API gives them then. */
async function showEntity(id, { keepTab = false } = {}) {
  state.selected = id;
  if (!keepTab) selectTab("details");
  const panel = $("panel-details");
  const asOf = state.asOf;
  let entity;
  try {
    entity = await state.api.entity(state.user, id, { asOf });
  } catch (err) {
    if (err.status !== 404 || !asOf) throw err;
    const name = graph.nodes.get(id)?.name || "This entity";
    return panel.replaceChildren(panels.h("p", { class: "hint" }, `${name} was not known on ${asOf.slice(0, 10)}.`));
  }
  if (state.selected !== id || state.asOf !== asOf) return undefined;
  panels.renderEntity(panel, entity, {
    factState: (fact) => factStateAt(fact, asOf), onEpisode: (e) => guard(openEpisode(e)), onExpand: (e) => guard(expand(e)),
    onEntity: (name) => guard(findEntity(name)),
  });
  const mentions = await state.api.timeline(state.user, {
    entityId: id, sessionId: state.session, asOf, limit: MENTIONS,
  });
  if (state.selected === id) panels.renderMentions(panel, mentions, MENTIONS, (e) => guard(openEpisode(e)));
  return undefined;
}

function showFact(edge) {
  state.selected = null;
  selectTab("details");
  const fact = { ...edge, id: edge.key, subject: graph.nodes.get(edge.source).name,
                 object: graph.nodes.get(edge.target).name };
  panels.renderFact($("panel-details"), fact, graph.factState(edge) || "ended", (e) => guard(openEpisode(e)));
}

// -- timeline -----------------------------------------------------------------------------------
async function loadTimeline() {
  const episodes = await state.api.timeline(state.user, { sessionId: state.session, asOf: state.asOf });
  panels.renderTimeline($("timeline"), episodes);
}

async function openEpisode(id) {
  selectTab("timeline");
  if (panels.markTurn($("timeline"), id)) return;
  const episode = await state.api.episode(state.user, id);
  $("session").value = episode.session_id;
  await selectSession(episode.session_id);
  panels.markTurn($("timeline"), id);
}

/** A session narrows everything: the graph to the entities its turns mention, the timeline,
 * and searches (whose old rings go). */
async function selectSession(session) {
  state.session = session;
  clearHits();
  await Promise.all([loadGraph(), loadTimeline()]);
}

$("session").addEventListener("change", () => guard(selectSession($("session").value)));

// -- search -------------------------------------------------------------------------------------
$("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  guard(runSearch($("query").value.trim()));
});
$("query").addEventListener("search", () => {
  if (!$("query").value) clearHits();
});

function clearHits() {
  $("hits").replaceChildren();
  graph.setHits([]);
}

/** The entities a hit's words name: the speaker only when the turn names them too. */
function named(hit) {
  const text = hit.episode.content.toLowerCase();
  return hit.entities.filter((name) => name !== hit.episode.name || text.includes(name.toLowerCase()));
}

async function runSearch(query) {
  if (!query) return;
  const day = $("now").value;
  const hits = await state.api.search(state.user, query, {
    sessionId: state.session, asOf: state.asOf, now: day ? `${day}T23:59:59Z` : undefined, k: 10,
  });
  panels.renderHits($("hits"), hits, {
    onEntity: (name) => guard(findEntity(name)), onEpisode: (e) => guard(openEpisode(e)),
  });
  // Rings for the entities the top hits name, the strongest hit's boldest.
  const ranked = hits.slice(0, RINGED).flatMap((hit, i) => named(hit).map((name) => [name, i + 1]));
  const names = [...new Set(ranked.map(([name]) => name))];
  await Promise.all(names.filter((name) => !graph.lookup(name)).map((name) => fetchEntity(name)));
  graph.setHits(ranked);
}

// -- tabs, errors, start ------------------------------------------------------------------------
function selectTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(on));
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

for (const tab of document.querySelectorAll("[role=tab]")) {
  tab.addEventListener("click", () => selectTab(tab.id.slice(4)));
}

/** Runs a promise, showing its failure in the status line (a lost key signs out). */
function guard(promise) {
  return Promise.resolve(promise).catch((err) => {
    if (err.status === 401) signOut();
    say(err.message || String(err), true);
  });
}

$("sign-in").addEventListener("submit", (ev) => {
  ev.preventDefault();
  $("sign-in-error").textContent = "";
  guard(signIn($("api-key").value.trim()));
});
$("sign-out").addEventListener("click", signOut);
$("user").addEventListener("change", () => guard(selectUser($("user").value)));

const saved = sessionStorage.getItem(KEY);
if (saved) guard(signIn(saved));
