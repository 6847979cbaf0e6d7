// The side panels: an entity or fact in detail, search hits with their score breakdown, and the
// timeline of turns. Text from the server only ever goes in as text nodes, never as HTML.

import { typeColour } from "./graph.js";

/** h("p", {class: "x"}, "text", child…): a DOM element; null/false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export const when = (iso) => (iso ? iso.slice(0, 16).replace("T", " ") : "");
const day = (iso) => (iso ? iso.slice(0, 10) : "");
const human = (label) => label.replaceAll("_", " ");

function episodeLinks(ids, onEpisode) {
  if (!ids.length) return null;
  return h("p", { class: "sources" }, "From ",
    ids.map((id, i) => [i ? ", " : "",
      h("a", { href: "#", "data-episode": id, onclick: (ev) => { ev.preventDefault(); onEpisode(id); } }, id)]));
}

/** One fact: the relation, its sentence, when it held and was believed, the turns it came from. */
export function factItem(fact, state, onEpisode) {
  const validity = fact.invalid_at
    ? `valid ${day(fact.valid_at) || "?"} → ${day(fact.invalid_at)}`
    : `valid since ${day(fact.valid_at) || "?"}`;
  const system = `recorded ${day(fact.recorded_at)}` + (fact.expired_at ? `, expired ${day(fact.expired_at)}` : "");
  const note = state === "ended" ? "ended" : null;
  return h("li", { class: `fact ${state}`, "data-fact": fact.id },
    h("p", { class: "rel" }, h("b", {}, fact.subject), ` ${human(fact.label)} `, h("b", {}, fact.object),
      note ? h("span", { class: "tag" }, note) : null),
    h("p", { class: "text" }, fact.fact),
    h("p", { class: "when" }, `${validity} · ${system}`),
    episodeLinks(fact.episode_ids || [], onEpisode));
}

export function renderEntity(panel, entity, { factState, onEpisode, onExpand, onEntity }) {
  const facts = entity.facts.map((f) => [f, factState(f)]);
  const ended = facts.filter(([, s]) => s === "ended").length;
  panel.replaceChildren(
    h("div", { class: "head" },
      h("h2", {}, entity.name),
      badge(entity.type)),
    h("dl", { class: "meta" },
      h("dt", {}, "Mentions"), h("dd", {}, entity.mention_count),
      h("dt", {}, "Aliases"), h("dd", {}, entity.aliases.filter((a) => a !== entity.name).join(", ") || "—"),
      h("dt", {}, "First seen"), h("dd", {}, when(entity.first_seen)),
      h("dt", {}, "Last seen"), h("dd", {}, when(entity.last_seen))),
    h("button", { type: "button", onclick: () => onExpand(String(entity.id)) }, "Expand neighbourhood"),
    h("h3", {}, `Facts (${facts.length}${ended ? `, ${ended} ended` : ""})`),
    facts.length
      ? h("ul", { class: "facts", "aria-label": "Facts" }, facts.map(([f, s]) => factItem(f, s, onEpisode)))
      : h("p", { class: "hint" }, "No facts about this entity."),
    h("h3", {}, "Mentioned in"),
    h("div", { class: "mentions" }, h("p", { class: "hint" }, "Looking for turns…")));
  panel.querySelectorAll(".fact b").forEach((b) => {
    if (b.textContent !== entity.name) {
      b.classList.add("link");
      b.addEventListener("click", () => onEntity(b.textContent));
    }
  });
}

/** The turns that mention the entity (GET /v1/episodes?entity_id=), oldest first, at most `limit`. */
export function renderMentions(panel, episodes, limit, onEpisode) {
  const box = panel.querySelector(".mentions");
  if (!box) return;
  if (!episodes.length) {
    box.replaceChildren(h("p", { class: "hint" }, "No turns mention it."));
    return;
  }
  box.replaceChildren(h("ul", { class: "episodes" }, episodes.map((e) => episodeItem(e, onEpisode))),
    ...(episodes.length >= limit ? [h("p", { class: "hint" }, `The first ${limit} turns.`)] : []));
}

function episodeItem(e, onEpisode) {
  return h("li", {},
    h("a", { href: "#", "data-episode": e.id, onclick: (ev) => { ev.preventDefault(); onEpisode(e.id); } },
      `${when(e.occurred_at)} · ${e.name || e.role}`),
    h("span", { class: "snippet" }, e.content.length > 140 ? `${e.content.slice(0, 137)}…` : e.content));
}

export function renderFact(panel, fact, state, onEpisode) {
  panel.replaceChildren(h("h2", {}, "Fact"),
    h("ul", { class: "facts", "aria-label": "Facts" }, factItem(fact, state, onEpisode)));
}

function badge(type) {
  const el = h("span", { class: "badge" }, type);
  el.style.backgroundColor = typeColour(type);
  return el;
}

// -- search ----------------------------------------------------------------------------------
const SIGNAL_COLOURS = {
  vector: "#4e79a7", lexical: "#f28e2b", graph: "#59a14f", fact: "#76b7b2", context: "#edc948",
  recency: "#b07aa1", time: "#e15759", answer: "#9c755f", speaker: "#ff9da7",
};

export function renderHits(box, hits, { onEntity, onEpisode }) {
  if (!hits.length) {
    box.replaceChildren(h("p", { class: "hint" }, "No hits."));
    return;
  }
  const top = Math.max(...hits.map((hit) => hit.score), 1e-9);
  box.replaceChildren(h("ol", { class: "hits", "aria-label": "Ranked hits" }, hits.map((hit, i) => {
    const e = hit.episode;
    const signals = Object.entries(hit.scores).filter(([, v]) => v !== 0);
    return h("li", { class: "hit", "data-episode": e.id },
      h("p", { class: "hit-head" }, h("span", { class: "rank" }, `#${i + 1}`),
        h("span", { class: "score" }, `score ${hit.score.toFixed(3)}`),
        h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); onEpisode(e.id); } },
          `${when(e.occurred_at)} · ${e.session_id}`)),
      h("p", { class: "hit-text" }, h("b", {}, `${e.name || e.role}: `), e.content),
      h("table", { class: "bars", "aria-label": "Score by signal" },
        h("tbody", {}, signals.map(([signal, value]) => bar(signal, value, top)))),
      hit.entities.length
        ? h("p", { class: "chips" }, hit.entities.map((name) =>
          h("button", { type: "button", class: "chip", onclick: () => onEntity(name) }, name)))
        : null);
  })));
}

function bar(signal, value, top) {
  const fill = h("span", { class: "fill" });
  fill.style.width = `${Math.max(1, Math.min(100, (100 * Math.abs(value)) / top))}%`;
  fill.style.backgroundColor = value < 0 ? "#c0392b" : SIGNAL_COLOURS[signal] || "#888"; // a penalty
  return h("tr", { "data-signal": signal },
    h("th", { scope: "row" }, signal), h("td", { class: "track" }, fill), h("td", { class: "num" }, value.toFixed(3)));
}

// -- timeline ----------------------------------------------------------------------------------
export function renderTimeline(box, episodes) {
  if (!episodes.length) {
    box.replaceChildren(h("p", { class: "hint" }, "No turns."));
    return;
  }
  const groups = [];
  for (const e of episodes) {
    const key = `${e.session_id} ${day(e.occurred_at)}`;
    if (!groups.length || groups[groups.length - 1].key !== key) groups.push({ key, session: e.session_id, items: [] });
    groups[groups.length - 1].items.push(e);
  }
  box.replaceChildren(...groups.map((g) => h("section", { class: "day" },
    h("h3", {}, `Session ${g.session} · ${day(g.items[0].occurred_at)}`),
    h("ol", { class: "turns" }, g.items.map((e) => h("li", { class: `turn ${e.role}`, "data-episode": e.id },
      h("p", { class: "who" }, h("b", {}, e.name || e.role), ` ${e.occurred_at.slice(11, 16)} · ${e.id}`),
      h("p", { class: "said" }, e.content)))))));
}

/** Scrolls the timeline to a turn and marks it. */
export function markTurn(box, id) {
  box.querySelectorAll(".turn.marked").forEach((el) => el.classList.remove("marked"));
  const el = [...box.querySelectorAll(".turn")].find((li) => li.dataset.episode === id);
  if (!el) return false;
  el.classList.add("marked");
  el.scrollIntoView({ block: "center" });
  return true;
}
