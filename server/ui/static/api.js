// The /v1 routes the inspector uses (schemas/openapi.json is the contract), nothing else.

const ROOT = new URL("..", document.baseURI); // the page lives at <root>/ui/

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function url(path, params = {}) {
  const u = new URL(path.replace(/^\//, ""), ROOT);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") u.searchParams.set(name, String(value));
  }
  return u;
}

export class Api {
  constructor(key) {
    this.key = key;
  }

  async call(method, path, { params, body } = {}) {
    const headers = { Authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(url(path, params), {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, "network", `cannot reach the server (${err.message})`);
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (data && data.error) || {};
      throw new ApiError(response.status, error.code || "http_error", error.message || response.statusText);
    }
    return data;
  }

  users() {
    return this.call("GET", "/v1/users").then((d) => d.users);
  }

  sessions(user) {
    return this.call("GET", "/v1/sessions", { params: { user_id: user } }).then((d) => d.sessions);
  }

  /** Node-link JSON: nodes are entities, edges facts. With centerId (or a center name), its
   * neighbourhood only; with limit, the limit most mentioned entities only. */
  graph(user, { asOf, centerId, center, depth, limit, sessionId } = {}) {
    return this.call("GET", "/v1/graph", {
      params: { user_id: user, as_of: asOf, center_id: centerId, center, depth, limit, session_id: sessionId },
    });
  }

  entity(user, id, { asOf } = {}) {
    return this.call("GET", `/v1/entities/${encodeURIComponent(id)}`, {
      params: { user_id: user, by_id: true, as_of: asOf },
    });
  }

  /** Turns in time order; with entityId, only those that mention the entity. */
  timeline(user, { sessionId, asOf, entityId, limit = 5000 } = {}) {
    return this.call("GET", "/v1/episodes", {
      params: { user_id: user, session_id: sessionId, as_of: asOf, entity_id: entityId, limit },
    }).then((d) => d.episodes);
  }

  episode(user, id) {
    return this.call("GET", `/v1/episodes/${encodeURIComponent(id)}`, { params: { user_id: user } });
  }

  search(user, query, { sessionId, asOf, now, k = 10, recipe } = {}) {
    const body = { user_id: user, query, k };
    if (sessionId) body.session_id = sessionId;
    if (asOf) body.as_of = asOf;
    if (now) body.now = now;
    if (recipe) body.recipe = recipe;
    return this.call("POST", "/v1/search", { body }).then((d) => d.hits);
  }
}
