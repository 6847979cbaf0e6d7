// The graph view: entities as nodes, facts as edges, drawn by cytoscape.js (vendor/).
//
// The page keeps the fact history of the most mentioned entities (GET /v1/graph?limit= without
// as_of) and, when a time is picked, what was known then (the same route with as_of). A fact in
// both holds; one only in the history, between entities known then and already ended by then, is
// drawn dashed as ended. Entities beyond the limit come on demand, as neighbourhoods (center=).

const COLOURS = {
  person: "#4e79a7", place: "#59a14f", organization: "#f28e2b", event: "#e15759", concept: "#9d9d9d",
};
const OTHER = "#b07aa1";

export const typeColour = (type) => COLOURS[type] || OTHER;
const time = (iso) => (iso ? Date.parse(iso) : null);
const size = (mentions) => Math.min(70, 16 + 9 * Math.log2(1 + (mentions || 0)));

const STYLE = [
  { selector: "node", style: {
    "background-color": "data(colour)", width: "data(size)", height: "data(size)", label: "data(name)",
    "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, color: "#1d2430",
    "text-outline-color": "#fff", "text-outline-width": 2, "border-width": 1, "border-color": "#ffffff",
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
  { selector: "node.hit", style: { "border-width": 5, "border-color": "#f2b705" } },
  { selector: ".faded", style: { opacity: 0.35 } },
];

export class GraphView {
  constructor(container, { onNode, onEdge, onExpand, onChange }) {
    this.cy = cytoscape({ container, style: STYLE, minZoom: 0.05, maxZoom: 4 });
    this.onChange = onChange;
    this.reset();
    this.cy.on("tap", "node", (e) => onNode(e.target.id()));
    this.cy.on("tap", "edge", (e) => onEdge(this.edges.get(e.target.id())));
    this.cy.on("dbltap", "node", (e) => onExpand(e.target.id()));
    this.cy.on("mouseover", "edge", (e) => e.target.addClass("hover"));
    this.cy.on("mouseout", "edge", (e) => e.target.removeClass("hover"));
  }

  reset() {
    this.nodes = new Map(); // id → entity (node-link node), every one seen so far
    this.edges = new Map(); // "f<fact id>" → fact (node-link edge)
    this.history = this.absorb({ nodes: [], edges: [] }); // {nodes, edges, top, total} of the history
    this.known = null; // the same, visible as of asOf; null = latest
    this.asOf = null;
    this.hiddenTypes = new Set();
    this.showLoose = false; // entities with no fact drawn: many, and they say little in a graph
    this.pinned = new Set(); // found or expanded by the user: always shown
    this.hits = new Set(); // named by search hits: shown and highlighted
    this.cy.elements().remove();
  }

  // -- data ------------------------------------------------------------------------------------
  /** Adds node-link data; returns the node and edge ids it holds, its entities as the `top` ones
   * (a copy: neighbourhoods added later do not join it) and how many entities there are in all. */
  absorb(data) {
    const nodes = new Set();
    const edges = new Set();
    for (const n of data.nodes) {
      const id = String(n.id);
      this.nodes.set(id, { ...this.nodes.get(id), ...n, id });
      nodes.add(id);
    }
    for (const e of data.edges) {
      const id = `f${e.key}`;
      this.edges.set(id, { ...e, id, source: String(e.source), target: String(e.target) });
      edges.add(id);
    }
    return { nodes, edges, top: new Set(nodes), total: data.graph?.total_entities ?? nodes.size };
  }

  /** The history (graph route with limit); entities met before stay, for those pinned. */
  setHistory(data) {
    this.history = this.absorb(data);
  }

  /** What was known at asOf (graph route with as_of), or null for the latest. */
  setKnown(data, asOf) {
    this.asOf = asOf;
    this.known = data ? this.absorb(data) : null;
  }

  /** A neighbourhood (graph route with center, at asOf): known from now on, drawn if pinned or a hit. */
  include(data) {
    const part = this.absorb(data);
    if (this.known) {
      part.nodes.forEach((id) => this.known.nodes.add(id));
      part.edges.forEach((id) => this.known.edges.add(id));
    }
    return part;
  }

  /** A neighbourhood the user asked for: its entities stay in view. */
  expand(data) {
    this.include(data).nodes.forEach((id) => this.pinned.add(id));
  }

  types() {
    return [...new Set([...this.nodes.values()].map((n) => n.type))].sort();
  }

  /** "holds", "ended", or null when the fact is not drawn at this time. */
  factState(edge) {
    if (!this.known) return edge.invalid_at || edge.expired_at ? "ended" : "holds";
    if (this.known.edges.has(edge.id)) return "holds";
    const at = time(this.asOf);
    // Ended by then, and its end said by then (knowledge time: when the conversation told it).
    const ended = edge.invalid_at && time(edge.invalid_at) <= at && time(edge.end_stated_at || edge.invalid_at) <= at;
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
   * those the user found or expanded. */
  visibleNodes() {
    const view = this.known || this.history;
    const pool = [...this.nodes.values()].filter(
      (n) => (!this.known || this.known.nodes.has(n.id)) && !this.hiddenTypes.has(n.type));
    const inPool = new Set(pool.map((n) => n.id));
    const linked = new Set();
    for (const e of this.edges.values()) {
      if (inPool.has(e.source) && inPool.has(e.target) && this.factState(e)) linked.add(e.source).add(e.target);
    }
    const shown = new Set();
    for (const { id } of pool) {
      const wanted = (view.top.has(id) || this.hits.has(id)) && (this.showLoose || linked.has(id));
      if (wanted || this.pinned.has(id)) shown.add(id);
    }
    const loose = [...view.top].filter((id) => inPool.has(id) && !linked.has(id)).length;
    return { shown, total: view.total, loose };
  }

  render({ fit = false } = {}) {
    const { shown, total, loose } = this.visibleNodes();
    const elements = [];
    for (const id of shown) {
      const n = this.nodes.get(id);
      elements.push({ group: "nodes", data: { id, name: n.name, colour: typeColour(n.type), size: size(n.mentions) } });
    }
    let holds = 0;
    let ended = 0;
    for (const e of this.edges.values()) {
      if (!shown.has(e.source) || !shown.has(e.target)) continue;
      const state = this.factState(e);
      if (!state) continue;
      const label = e.label.replaceAll("_", " ") + (state === "ended" ? " · ended" : "");
      elements.push({ group: "edges", classes: state,
                      data: { id: e.id, source: e.source, target: e.target, label, fact: e.fact, state } });
      if (state === "ended") ended += 1; else holds += 1;
    }
    const added = this.sync(elements);
    this.highlight();
    if (added || fit) this.layout(added && this.cy.nodes().length > added);
    this.onChange({ shown: shown.size, total, loose, holds, ended, asOf: this.asOf, showLoose: this.showLoose });
  }

  /** Makes the drawing hold exactly these elements; returns how many nodes were added. */
  sync(elements) {
    const wanted = new Map(elements.map((el) => [el.data.id, el]));
    this.cy.elements().filter((el) => !wanted.has(el.id())).remove();
    let added = 0;
    this.cy.batch(() => {
      for (const [id, el] of wanted) {
        const existing = this.cy.getElementById(id);
        if (existing.nonempty()) {
          existing.data(el.data);
          existing.classes(el.classes || "");
        } else {
          this.cy.add(el);
          if (el.group === "nodes") added += 1;
        }
      }
    });
    return added;
  }

  layout(incremental) {
    this.cy.resize(); // the container may have been hidden (0×0) when cytoscape measured it
    this.cy.layout({
      name: "cose", animate: false, randomize: !incremental, fit: true, padding: 40,
      nodeRepulsion: () => 60000, idealEdgeLength: () => 120, edgeElasticity: () => 60, gravity: 0.6,
      nodeOverlap: 20, componentSpacing: 80, numIter: 2000,
    }).run();
  }

  setHits(names) {
    this.hits = new Set(names.map((name) => this.lookup(name)).filter(Boolean));
    this.render();
  }

  highlight() {
    const on = this.hits.size > 0;
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.toggleClass("hit", this.hits.has(n.id()));
        n.toggleClass("faded", on && !this.hits.has(n.id()));
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
