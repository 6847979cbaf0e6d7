// The graph view: entities as nodes, facts as edges, drawn by cytoscape.js (vendor/).
//
// The page keeps the fact history of the most mentioned entities (GET /v1/graph?limit= without
// as_of) and, when a time is picked, what was known then (the same route with as_of, whose facts
// show no end learned later). A fact known then holds; one only in the history, between entities
// known then and already ended (and known to be) by then, is drawn dashed as ended. Entities
// beyond the limit come on demand, as neighbourhoods (center=).

const COLOURS = {
  person: "#4e79a7", place: "#59a14f", organization: "#f28e2b", product: "#76b7b2", event: "#e15759",
  concept: "#9d9d9d", assistant: "#c7b9a8",
};
const OTHER = "#b07aa1";
/** The chatbot speaking is not one of the people of the user's life: hidden until asked for. */
const HIDDEN_BY_DEFAULT = ["assistant"];
/** Cytoscape's cose layout has no seed: it draws from Math.random, which arrange() replaces meanwhile. */
const SEED = 0x6d656d;

export const typeColour = (type) => COLOURS[type] || OTHER;
const time = (iso) => (iso ? Date.parse(iso) : null);
const size = (mentions) => Math.min(70, 16 + 9 * Math.log2(1 + (mentions || 0)));

/** "ended" or "holds" for a fact as the API gave it for `asOf` (null: the latest). */
export function factStateAt(fact, asOf) {
  if (!asOf) return fact.invalid_at || fact.expired_at ? "ended" : "holds";
  return fact.invalid_at && time(fact.invalid_at) <= time(asOf) ? "ended" : "holds";
}

/** A small deterministic random generator (mulberry32). */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STYLE = [
  { selector: "node", style: {
    "background-color": "data(colour)", width: "data(size)", height: "data(size)", label: "data(name)",
    "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, color: "#1d2430",
    "text-outline-color": "#fff", "text-outline-width": 2, "border-width": 1, "border-color": "#ffffff",
  } },
  { selector: "node.loose", style: {
    "font-size": 10, color: "#5d6b7a", "text-wrap": "ellipsis", "text-max-width": 96, "min-zoomed-font-size": 8,
  } },
  { selector: "edge", style: {
    width: 1.6, "line-color": "#7d8fa3", "target-arrow-color": "#7d8fa3", "target-arrow-shape": "triangle",
    "arrow-scale": 0.8, "curve-style": "bezier", label: "data(label)", "font-size": 9, color: "#3c4b5c",
    "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.85,
    "text-background-padding": 1, "min-zoomed-font-size": 7,
  } },
  { selector: "edge.ended", style: {
    "line-style": "dashed", "line-color": "#c9807a", "target-arrow-color": "#c9807a", color: "#9b4d46",
  } },
  { selector: "edge.hover, edge:selected", style: {
    label: "data(fact)", "text-wrap": "wrap", "text-max-width": 240, width: 3, "z-index": 20, "font-size": 10,
  } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#1d2430" } },
  { selector: "node.hit", style: { "border-color": "#f2b705", "border-width": 3 } },
  { selector: "node.hit-1", style: { "border-width": 7 } },
  { selector: "node.hit-2", style: { "border-width": 5 } },
  { selector: ".faded", style: { opacity: 0.35 } },
];

const LOOSE_ROW = 110; // the band of entities without facts: one every LOOSE_ROW px, rows 56 px apart
const LOOSE_LINE = 56;

export class GraphView {
  constructor(container, { onNode, onEdge, onExpand, onChange }) {
    this.cy = cytoscape({ container, style: STYLE, minZoom: 0.05, maxZoom: 4 });
    // Cytoscape measures its box on window resizes only; the toolbar above it wraps as it fills.
    new ResizeObserver(() => this.cy.resize()).observe(container);
    this.onChange = onChange;
    this.reset();
    this.cy.on("tap", "node", (e) => onNode(e.target.id()));
    this.cy.on("tap", "edge", (e) => onEdge(this.fact(e.target.id())));
    this.cy.on("dbltap", "node", (e) => onExpand(e.target.id()));
    this.cy.on("mouseover", "edge", (e) => e.target.addClass("hover"));
    this.cy.on("mouseout", "edge", (e) => e.target.removeClass("hover"));
  }

  reset() {
    this.nodes = new Map(); // id → entity (node-link node), every one seen so far
    this.edges = new Map(); // "f<fact id>" → fact (node-link edge) as the latest view has it
    this.history = this.absorb({ nodes: [], edges: [] }); // {nodes, edges, facts, top, total} of the history
    this.known = null; // the same as known at asOf; null = latest
    this.asOf = null;
    this.hiddenTypes = new Set(HIDDEN_BY_DEFAULT);
    this.showLoose = false; // entities with no fact drawn: many, and they say little in a graph
    this.pinned = new Set(); // found or expanded by the user: always shown
    this.hits = new Map(); // named by the top search hits: id → rank of the strongest hit naming it
    this.looseIds = new Set(); // drawn with no fact drawn: in the band below the others
    this.cy.elements().remove();
  }

  // -- data ------------------------------------------------------------------------------------
  /** Adds node-link data (fetched as of `asOf`, or latest); returns the node and edge ids it
   * holds, its facts, its entities as the `top` ones (a copy: neighbourhoods added later do not
   * join it) and how many entities there are in all. Only the latest facts go to `edges`. */
  absorb(data, { asOf = null } = {}) {
    const nodes = new Set();
    const edges = new Set();
    const facts = new Map();
    for (const n of data.nodes) {
      const id = String(n.id);
      this.nodes.set(id, { ...this.nodes.get(id), ...n, id });
      nodes.add(id);
    }
    for (const e of data.edges) {
      const id = `f${e.key}`;
      const fact = { ...e, id, source: String(e.source), target: String(e.target) };
      facts.set(id, fact);
      if (!asOf) this.edges.set(id, fact);
      edges.add(id);
    }
    return { nodes, edges, facts, top: new Set(nodes), total: data.graph?.total_entities ?? nodes.size };
  }

  /** The history (graph route with limit); entities met before stay, for those pinned. */
  setHistory(data) {
    this.history = this.absorb(data);
  }

  /** What was known at asOf (graph route with as_of), or null for the latest. */
  setKnown(data, asOf) {
    this.asOf = asOf;
    this.known = data ? this.absorb(data, { asOf }) : null;
  }

  /** A neighbourhood (graph route with center, at asOf): known from now on, drawn if pinned or a hit. */
  include(data) {
    const part = this.absorb(data, { asOf: this.asOf });
    if (this.known) {
      part.nodes.forEach((id) => this.known.nodes.add(id));
      part.facts.forEach((fact, id) => {
        this.known.edges.add(id);
        this.known.facts.set(id, fact);
      });
    }
    return part;
  }

  /** A neighbourhood the user asked for: its entities stay in view. */
  expand(data) {
    this.include(data).nodes.forEach((id) => this.pinned.add(id));
  }

  /** A fact as the drawn time knows it. */
  fact(id) {
    return this.known?.facts.get(id) || this.edges.get(id);
  }

  /** Every fact met, as the drawn time knows it. */
  facts() {
    return this.known ? new Map([...this.edges, ...this.known.facts]) : this.edges;
  }

  /** "holds", "ended", or null when the fact is not drawn at this time. */
  factState(edge) {
    if (!this.known) return factStateAt(edge, null);
    if (this.known.edges.has(edge.id)) return "holds";
    const latest = this.edges.get(edge.id) || edge;
    const at = time(this.asOf);
    // Ended by then, and its end said by then (knowledge time: when the conversation told it).
    const ended = latest.invalid_at && time(latest.invalid_at) <= at
      && time(latest.end_stated_at || latest.invalid_at) <= at;
    return ended ? "ended" : null;
  }

  /** A node id for a name or alias: exact (any case) first, then the first prefix match. */
  lookup(text) {
    const want = text.trim().toLowerCase();
    if (!want) return null;
    const names = (n) => [n.name, ...(n.aliases || [])].map((a) => a.toLowerCase());
    const all = [...this.nodes.values()].sort((a, b) => (b.mentions || 0) - (a.mentions || 0));
    const exact = all.find((n) => names(n).includes(want));
    return (exact || all.find((n) => names(n).some((a) => a.startsWith(want))) || {}).id || null;
  }

  // -- drawing ---------------------------------------------------------------------------------
  /** Entities drawn now: visible at this time and of a shown type; of the most mentioned (as the
   * server chose them) and the search hits, those with a fact drawn (or all, with showLoose); and
   * those the user found or expanded. Also the entities of each type there are to show. */
  visibleNodes() {
    const view = this.known || this.history;
    const atThisTime = [...this.nodes.values()].filter((n) => !this.known || this.known.nodes.has(n.id));
    const candidates = atThisTime.filter((n) => view.top.has(n.id) || this.hits.has(n.id) || this.pinned.has(n.id));
    const types = new Map();
    for (const n of candidates) types.set(n.type, (types.get(n.type) || 0) + 1);
    const pool = atThisTime.filter((n) => !this.hiddenTypes.has(n.type));
    const inPool = new Set(pool.map((n) => n.id));
    const linked = new Set();
    for (const e of this.facts().values()) {
      if (inPool.has(e.source) && inPool.has(e.target) && this.factState(e)) linked.add(e.source).add(e.target);
    }
    const shown = new Set();
    for (const { id } of pool) {
      const wanted = (view.top.has(id) || this.hits.has(id)) && (this.showLoose || linked.has(id));
      if (wanted || this.pinned.has(id)) shown.add(id);
    }
    const loose = [...view.top].filter((id) => inPool.has(id) && !linked.has(id)).length;
    return { shown, total: view.total, loose, types };
  }

  render({ fit = false } = {}) {
    const { shown, total, loose, types } = this.visibleNodes();
    const elements = [];
    for (const id of shown) {
      const n = this.nodes.get(id);
      elements.push({ group: "nodes", data: { id, name: n.name, colour: typeColour(n.type), size: size(n.mentions) } });
    }
    let holds = 0;
    let ended = 0;
    for (const e of this.facts().values()) {
      if (!shown.has(e.source) || !shown.has(e.target)) continue;
      const state = this.factState(e);
      if (!state) continue;
      const label = e.label.replaceAll("_", " ") + (state === "ended" ? " · ended" : "");
      elements.push({ group: "edges", classes: state,
                      data: { id: e.id, source: e.source, target: e.target, label, fact: e.fact, state } });
      if (state === "ended") ended += 1; else holds += 1;
    }
    // Told first: what it redraws around the graph (the type legend) may move the graph's box.
    this.onChange({ shown: shown.size, total, loose, holds, ended, asOf: this.asOf, showLoose: this.showLoose, types });
    const added = this.sync(elements);
    this.highlight();
    this.arrange(added, fit);
  }

  /** Makes the drawing hold exactly these elements; returns the ids of the nodes added. */
  sync(elements) {
    const wanted = new Map(elements.map((el) => [el.data.id, el]));
    this.cy.elements().filter((el) => !wanted.has(el.id())).remove();
    const added = [];
    this.cy.batch(() => {
      for (const [id, el] of wanted) {
        const existing = this.cy.getElementById(id);
        if (existing.nonempty()) {
          existing.data(el.data);
          existing.classes(el.classes || "");
        } else {
          this.cy.add(el);
          if (el.group === "nodes") added.push(id);
        }
      }
    });
    return added;
  }

  /** Entities linked by facts get a force-directed layout, the same on every load (a seeded
   * one); entities without facts a compact band below them, small labels, out of the way. Only
   * what changed moves: entities newly linked are laid out from where the others are. */
  arrange(added, fit) {
    const nodes = this.cy.nodes();
    const loose = nodes.filter((n) => n.degree(false) === 0);
    const linked = nodes.difference(loose);
    const fresh = new Set(added);
    const newlyLinked = linked.filter((n) => fresh.has(n.id()) || this.looseIds.has(n.id()));
    const newlyLoose = loose.filter((n) => fresh.has(n.id()) || !this.looseIds.has(n.id()));
    this.looseIds = new Set(loose.map((n) => n.id()));
    this.cy.batch(() => nodes.forEach((n) => { n.toggleClass("loose", this.looseIds.has(n.id())); }));
    if (!fit && newlyLinked.empty() && newlyLoose.empty()) return;
    this.cy.resize(); // the container may have been hidden (0×0) when cytoscape measured it
    if (newlyLinked.nonempty()) {
      const randomize = newlyLinked.length === linked.length;
      const random = Math.random;
      Math.random = seededRandom(SEED);
      try {
        if (!randomize) this.placeNear(newlyLinked, new Set(newlyLinked.map((n) => n.id())));
        linked.union(linked.edgesWith(linked)).layout({
          name: "cose", animate: false, randomize, fit: false,
          nodeRepulsion: () => 60000, idealEdgeLength: () => 120, edgeElasticity: () => 60, gravity: 0.6,
          nodeOverlap: 20, componentSpacing: 80, numIter: 2000,
        }).run();
      } finally {
        Math.random = random;
      }
    }
    this.placeLoose(loose, linked);
    if (fit || added.length) this.cy.fit(linked.nonempty() ? linked : loose, 40);
  }

  /** New entities start beside the drawn ones they are linked to, so a layout from the drawn
   * positions moves little. */
  placeNear(nodes, fresh) {
    nodes.forEach((n) => {
      const placed = n.neighborhood("node").filter((m) => !fresh.has(m.id()));
      const box = (placed.nonempty() ? placed : this.cy.nodes().filter((m) => !fresh.has(m.id()))).boundingBox();
      const x = Number.isFinite(box.x1) ? (box.x1 + box.x2) / 2 : 0;
      const y = Number.isFinite(box.y1) ? (box.y1 + box.y2) / 2 : 0;
      n.position({ x: x + (Math.random() - 0.5) * 120, y: y + (Math.random() - 0.5) * 120 });
    });
  }

  /** Entities without facts in rows under the linked ones, most mentioned first. */
  placeLoose(loose, linked) {
    if (loose.empty()) return;
    const box = linked.nonempty() ? linked.boundingBox() : { x1: 0, y2: 0, w: 0 };
    const perRow = Math.max(6, Math.floor(Math.max(box.w, 660) / LOOSE_ROW));
    const order = loose.sort((a, b) => (this.nodes.get(b.id()).mentions || 0) - (this.nodes.get(a.id()).mentions || 0)
      || a.data("name").localeCompare(b.data("name")));
    order.forEach((n, i) => {
      n.position({ x: box.x1 + (i % perRow) * LOOSE_ROW, y: box.y2 + 70 + Math.floor(i / perRow) * LOOSE_LINE });
    });
  }

  /** Rings the entities named by the top search hits: `ranked` is [[name, rank], …], strongest first. */
  setHits(ranked) {
    if (!ranked.length && !this.hits.size) return;
    this.hits = new Map();
    for (const [name, rank] of ranked) {
      const id = this.lookup(name);
      if (id && !this.hits.has(id)) this.hits.set(id, rank);
    }
    this.render();
  }

  highlight() {
    const on = this.hits.size > 0;
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        const rank = this.hits.get(n.id());
        n.toggleClass("hit", Boolean(rank));
        for (const r of [1, 2]) n.toggleClass(`hit-${r}`, rank === r);
        n.toggleClass("faded", on && !rank);
      });
      this.cy.edges().forEach((e) => {
        e.toggleClass("faded", on && !(this.hits.has(e.source().id()) && this.hits.has(e.target().id())));
      });
    });
  }

  focus(id) {
    this.pinned.add(id);
    this.render();
    const node = this.cy.getElementById(id);
    if (node.empty()) return false;
    this.cy.elements().unselect();
    node.select();
    const view = this.cy.extent();
    const at = node.position();
    if (at.x < view.x1 || at.x > view.x2 || at.y < view.y1 || at.y > view.y2) this.cy.center(node);
    return true;
  }
}
