"""The memdb command line: each command opens a memory, calls one method, prints.

A memory is a local data folder (``MemoryDB``) or, with ``--url``/``--api-key``, a memdb server
(``MemoryClient``). Both have the same methods, so every command is written once for both.
"""

from __future__ import annotations

import faulthandler
import json
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import typer

from memdb.errors import InvalidInputError, MemdbError

app = typer.Typer(help="memdb: time-aware conversation memory for chatbots.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
graph_app = typer.Typer(help="Export the entity/fact graph.", no_args_is_help=True)
keys_app = typer.Typer(help="Manage the server's API keys (in a data folder, or on a server with an admin key).",
                       no_args_is_help=True)
app.add_typer(graph_app, name="graph")
app.add_typer(keys_app, name="keys")

EMBEDDERS = ("minilm", "hashing")
UserOpt = typer.Option(..., "--user", "-u", help="The end user whose memory to use.")
AsOfOpt = typer.Option(None, "--as-of", help="The memory as it stood at this moment of the conversation: turns "
                       "said by then, facts stated and holding then.")
RecordedBeforeOpt = typer.Option(None, "--recorded-before", help="Audit: only what memdb had stored by this time.")
JsonOpt = typer.Option(False, "--json", help="Print the wire JSON (the HTTP API's shape) instead of text.")


@dataclass(frozen=True)
class Target:
    """Where the memory is: a data folder or database URL, or a server."""

    data: Path
    db_url: str | None
    url: str | None
    api_key: str | None
    embedder: str
    read_url: str | None = None
    standby_max_lag: float | None = None

    def local(self) -> Any:
        from memdb.config import Settings
        from memdb.db import MemoryDB
        from memdb.embed import HashingEmbedder

        if self.url:
            raise InvalidInputError("this command works on a local data folder; drop --url")
        embedder = HashingEmbedder() if self.embedder == "hashing" else None
        settings = Settings.from_env()  # MEMDB_* reach the store of every command, memdb serve's too
        standby = {"read_url": self.read_url, "standby_max_lag": self.standby_max_lag}
        if self.db_url:
            return MemoryDB(url=self.db_url, embedder=embedder, settings=settings, **standby)
        return MemoryDB(self.data, embedder=embedder, settings=settings, **standby)

    def where(self) -> str:
        """The local memory, as printed: a URL's password hidden."""
        if not self.db_url:
            return str(self.data)
        from sqlalchemy.engine import make_url

        return make_url(self.db_url).render_as_string(hide_password=True)  # parsed already by MemoryDB

    def open(self) -> Any:
        """A MemoryClient with --url, else the local MemoryDB: the same methods either way."""
        if not self.url:
            return self.local()
        from memdb.client import MemoryClient

        if not self.api_key:
            raise InvalidInputError("--url needs --api-key (or MEMDB_API_KEY)")
        return MemoryClient(self.url, self.api_key)


@contextmanager
def _memory(ctx: typer.Context, *, local: bool = False) -> Iterator[Any]:
    target: Target = ctx.obj
    try:
        with (target.local() if local else target.open()) as memory:
            yield memory
    except MemdbError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc


def _json_object(text: str | None, flag: str, check: Any) -> Any:
    """A JSON option read and checked before any memory is opened (a bad one changes nothing)."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise typer.BadParameter(f"not valid JSON: {exc}", param_hint=flag) from exc
    try:
        check(value)
    except MemdbError as exc:
        raise typer.BadParameter(exc.message, param_hint=flag) from exc
    return value


def _print_json(model: Any) -> None:
    typer.echo(model.model_dump_json(indent=2))


@app.callback()
def _root(
    ctx: typer.Context,
    data: Path = typer.Option(Path("memdb-data"), "--data", envvar="MEMDB_DATA",
                              help="Data folder (SQLite + FAISS index)."),
    db_url: str | None = typer.Option(None, "--db-url", envvar="MEMDB_DB_URL",
                                         help="Database URL instead of a data folder (sqlite:///file.db, "
                                              "postgresql+psycopg://user@host:5432/db)."),
    url: str | None = typer.Option(None, "--url", envvar="MEMDB_URL",
                                      help="Use a memdb server at this URL instead of local data."),
    api_key: str | None = typer.Option(None, "--api-key", envvar="MEMDB_API_KEY", help="API key for --url."),
    embedder: str = typer.Option("minilm", "--embedder", envvar="MEMDB_EMBEDDER",
                                 help="Local embedding model: minilm (default) or hashing (fast, for tests)."),
    read_url: str | None = typer.Option(None, "--read-url", envvar="MEMDB_READ_URL",
                                        help="A PostgreSQL hot standby of --db-url to read from (writes go to "
                                             "--db-url); each read waits until it has what the primary committed."),
    standby_max_lag: float | None = typer.Option(None, "--standby-max-lag", envvar="MEMDB_STANDBY_MAX_LAG",
                                                 help="Seconds of staleness a read on --read-url may have without "
                                                      "waiting for the standby (default: none, every read waits)."),
) -> None:
    """memdb: time-aware conversation memory for chatbots."""
    if embedder not in EMBEDDERS:
        raise typer.BadParameter(f"choose one of {', '.join(EMBEDDERS)}", param_hint="--embedder")
    ctx.obj = Target(data=data, db_url=db_url, url=url, api_key=api_key, embedder=embedder, read_url=read_url,
                     standby_max_lag=standby_max_lag)


@app.command()
def demo(
    path: Path = typer.Option(Path("memdb-demo"), "--path", help="Data folder (SQLite + FAISS index)."),
    k: int = typer.Option(3, help="Hits shown per question."),
) -> None:
    """Ingest the sample conversation and run example questions with score breakdowns."""
    from memdb.demo import run_demo

    run_demo(path, say=typer.echo, k=k)


DEMO_TENANT = "demo"


def _add_demo(db: Any, base: str) -> None:
    """The demo conversation in tenant ``demo`` (again: a no-op), and a new key of that tenant."""
    from memdb import keys
    from memdb.demo import ingest_demo, load_demo_conversation
    from server.tenancy import scoped

    data = load_demo_conversation()
    user = scoped(DEMO_TENANT, data["user_id"])
    typer.echo("adding the demo conversation (the first time, this loads the embedding model)…", err=True)
    turns, seconds = ingest_demo(db, data, user_id=user.key)
    token, _ = keys.create_key(db, DEMO_TENANT, "demo inspector")
    typer.echo(f"demo: {turns} turns of user {user.user!r} in tenant {DEMO_TENANT!r} ({seconds:.1f} s). "
               f"Open {base}/ui/ and sign in with this key:\n{token}")


@app.command()
def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(None, help="Interface to listen on [env MEMDB_HOST; 127.0.0.1]."),
    port: int | None = typer.Option(None, help="TCP port [env MEMDB_PORT; 8765]."),
    max_body_bytes: int | None = typer.Option(None, help="Largest request body [env MEMDB_MAX_BODY_BYTES]."),
    max_messages: int | None = typer.Option(None, help="Most messages per add [env MEMDB_MAX_MESSAGES]."),
    max_message_chars: int | None = typer.Option(None, help="Longest message [env MEMDB_MAX_MESSAGE_CHARS]."),
    max_k: int | None = typer.Option(None, help="Largest search k [env MEMDB_MAX_K]."),
    max_concurrent: int | None = typer.Option(None, help="Requests at work at once [env MEMDB_MAX_CONCURRENT]."),
    max_queued: int | None = typer.Option(None, help="Requests waiting, then 503 [env MEMDB_MAX_QUEUED]."),
    model_threads: int | None = typer.Option(None, help="CPU threads per embedding [env MEMDB_MODEL_THREADS]."),
    body_timeout: float | None = typer.Option(None, help="Seconds for a request body [env MEMDB_BODY_TIMEOUT]."),
    shutdown_timeout: float | None = typer.Option(None, help="Seconds to finish on SIGTERM [env MEMDB_SHUTDOWN_TIMEOUT]."),
    cors_origins: str | None = typer.Option(None, help="Comma-separated CORS origins [env MEMDB_CORS_ORIGINS]."),
    demo: bool = typer.Option(False, "--demo", help=f"First add the demo conversation as user maya of tenant "
                              f"{DEMO_TENANT} and print a key to open it in the inspector with."),
    db_url: str | None = typer.Option(None, "--db-url", help="Database URL instead of the data folder, as "
                                      "memdb --db-url [env MEMDB_DB_URL]; PostgreSQL lets several servers share one."),
    read_url: str | None = typer.Option(None, "--read-url", help="A hot standby of the database to read from, as "
                                        "memdb --read-url [env MEMDB_READ_URL]."),
    standby_max_lag: float | None = typer.Option(None, "--standby-max-lag", help="Staleness allowed to reads on "
                                                 "the standby, as memdb --standby-max-lag [env MEMDB_STANDBY_MAX_LAG]."),
    port_file: Path | None = typer.Option(None, "--port-file", hidden=True,
                                          help="Write the port listened on here (a supervisor's --port 0)."),
    parent_pid: int | None = typer.Option(None, "--parent-pid", hidden=True,
                                          help="Stop when this process (the supervisor) is gone."),
) -> None:
    """Run the HTTP server (OpenAPI docs at /docs, the inspector at /ui/) on the local data folder;
    SIGTERM or Ctrl-C stop it cleanly (the store is closed, its vector index saved)."""
    given = dict(locals())  # the options, before any other name is bound
    from dataclasses import fields, replace

    from server import ServerSettings
    from server.run import listen, run, stop_with_parent, write_port

    flags = {f.name: given[f.name] for f in fields(ServerSettings) if given.get(f.name) is not None}
    store = {"db_url": db_url, "read_url": read_url, "standby_max_lag": standby_max_lag}

    ctx.obj = replace(ctx.obj, **{k: v for k, v in store.items() if v is not None})
    if parent_pid is not None:
        stop_with_parent(parent_pid)
    settings = ServerSettings.from_env(**flags)
    sock = listen(settings.host, settings.port)  # before the store loads: a port in use is said at once
    try:
        if port_file is not None:
            write_port(sock, port_file)
        with _memory(ctx, local=True) as db:
            base = f"http://{settings.host}:{sock.getsockname()[1]}"
            if demo:
                _add_demo(db, base)
            typer.echo(f"memdb serving {ctx.obj.where()} on {base} (inspector at /ui/, docs at /docs)")
            run(db, settings, sock)
    finally:
        sock.close()


@app.command("pg-local")
def pg_local(
    ctx: typer.Context,
    data: Path = typer.Option(Path("memdb-pg"), "--data", help="Folder of the PostgreSQL cluster (made at the first "
                              "run, kept for the next)."),
    replicas: int = typer.Option(2, "--replicas", min=1, max=16, help="memdb serve processes on the database."),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port of the first replica; the others take "
                             "the next ones. 0: any free ports (printed)."),
    pg_port: int | None = typer.Option(None, "--pg-port", help="PostgreSQL's port [the cluster's, else a free one]."),
    database: str = typer.Option("memdb", "--database", help="Database on the cluster (created if missing)."),
    standby: bool = typer.Option(False, "--standby", help="Also a streaming hot standby of the cluster (in "
                                 "DATA/standby) that the replicas read from (memdb serve --read-url)."),
) -> None:
    """Try memdb on PostgreSQL: a local cluster (initdb in a folder, loopback port) and N server
    replicas on it, until Ctrl-C, which stops them all and then the cluster."""
    from server.replicas import run_local

    run_local(data, replicas, port=port, pg_port=pg_port, database=database, embedder=ctx.obj.embedder,
              standby=standby, say=typer.echo)


class _Steps:
    """Turns a running count (``add``'s progress) into the increments a progress bar takes."""

    def __init__(self, advance: Any) -> None:
        self.advance, self.shown = advance, 0

    def __call__(self, done: int) -> None:
        self.advance(done - self.shown)
        self.shown = done


@app.command()
def mcp(
    ctx: typer.Context,
    user: str | None = typer.Option(None, "--user", "-u", help="The end user the agent works for: the tools then "
                                    "take no user_id. Omit it to have every call name one."),
    session: str = typer.Option("default", "--session", "-s", help="Session of new turns, unless a call names one."),
    transport: str = typer.Option("stdio", help="stdio (a desktop agent starts it) or http (streamable HTTP)."),
    host: str = typer.Option("127.0.0.1", help="Interface of the http transport."),
    port: int = typer.Option(8000, help="Port of the http transport."),
    path: str = typer.Option("/mcp", help="URL path of the http transport."),
) -> None:
    """Run an MCP server whose tools add, search and delete memory (local data, or a server with --url)."""
    import gc

    if transport not in ("stdio", "http"):
        raise typer.BadParameter("choose stdio or http", param_hint="--transport")
    try:
        from memdb.integrations import mcp as server
    except ImportError as exc:
        raise typer.BadParameter(str(exc), param_hint="mcp") from exc
    with _memory(ctx) as memory:
        if transport == "http":
            typer.echo(f"memdb MCP server on http://{host}:{port}{path}", err=True)
        gc.collect()
        gc.freeze()  # as memdb serve does: full collections would walk every import's objects
        server.run(memory, transport=transport, user_id=user, session_id=session, host=host, port=port, path=path)


@app.command()
def ingest(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="JSON, JSON Lines, LoCoMo or memdb conversation ({sessions: […]}) file."),
    user: str = UserOpt,
    session: str = typer.Option("default", "--session", "-s", help="Session of messages that name none."),
    batch: int = typer.Option(500, min=1, max=1_000, help="Messages per add() call."),
    metadata: str | None = typer.Option(None, "--metadata", help='JSON object merged into every turn\'s metadata, '
                                        'e.g. \'{"source": "slack"}\' (search --filter finds them by it).'),
) -> None:
    """Add a chat transcript: {role, content, name?, timestamp?, session_id?} messages (JSON list or JSONL),
    a memdb conversation file (the demo's) or LoCoMo; shows progress per turn embedded."""
    from memdb.chatfiles import read_chat_file
    from memdb.ingest import check_metadata

    shared = _json_object(metadata, "--metadata", lambda v: check_metadata(v, "--metadata"))

    with _memory(ctx) as memory:
        conversations = read_chat_file(file, session_id=session)
        total = sum(len(c.messages) for c in conversations)
        started, added = time.perf_counter(), 0
        with typer.progressbar(length=total, label=f"ingesting {file.name}", file=sys.stderr) as bar:
            for conv in conversations:
                for i in range(0, len(conv.messages), batch):
                    chunk = conv.messages[i:i + batch]
                    step = _Steps(bar.update)
                    added += len(memory.add(chunk, user_id=user + conv.user_suffix, session_id=conv.session_id,
                                            metadata=shared, progress=step))
        seconds = time.perf_counter() - started
        typer.echo(f"{added} turns in {len(conversations)} session(s) for {user} in {seconds:.1f} s")


@app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="The question."),
    user: str = UserOpt,
    k: int = typer.Option(5, "--k", "-k", help="Hits to return."),
    as_of: str | None = AsOfOpt,
    now: str | None = typer.Option(None, help="Anchor of recency, of 'last week' in the query and of 'current'."),
    start: str | None = typer.Option(None, help="Earliest time a turn was said (inclusive)."),
    end: str | None = typer.Option(None, help="Latest time a turn was said (inclusive)."),
    recorded_before: str | None = RecordedBeforeOpt,
    session: str | None = typer.Option(None, "--session", "-s", help="Only this session."),
    recipe: str | None = typer.Option(None, help="default, rrf, semantic, lexical, recent or diverse."),
    filter: str | None = typer.Option(None, "--filter", help='Only turns whose metadata match: JSON, e.g. '
                                      '\'{"source": "slack", "priority": {"$gte": 2}}\'.'),
    as_json: bool = JsonOpt,
) -> None:
    """Search a user's memory; shows each hit's per-signal score breakdown."""
    from memdb.demo import format_hit
    from memdb.filters import parse_filter
    from schemas.models import HitList, HitOut

    where = _json_object(filter, "--filter", parse_filter)
    with _memory(ctx) as memory:
        hits = memory.search(query, user_id=user, k=k, as_of=as_of, now=now, start=start, end=end,
                             session_id=session, recipe=recipe, recorded_before=recorded_before, filter=where)
    if as_json:
        _print_json(HitList(hits=[HitOut.of(h, user) for h in hits]))
        return
    for rank, hit in enumerate(hits, 1):
        typer.echo(format_hit(rank, hit))
    if not hits:
        typer.echo("no hits")


@app.command()
def entities(
    ctx: typer.Context,
    user: str = UserOpt,
    as_of: str | None = AsOfOpt,
    type: str | None = typer.Option(None, "--type", help="Only this type: person, place, organization, product, "
                                                         "event, concept or assistant."),
    limit: int = typer.Option(50, help="Most entities shown."),
    recorded_before: str | None = RecordedBeforeOpt,
    as_json: bool = JsonOpt,
) -> None:
    """List a user's entities, most mentioned first."""
    from schemas.models import EntityList, EntityOut

    with _memory(ctx) as memory:
        found = memory.entities(user_id=user, as_of=as_of, type=type, limit=limit, recorded_before=recorded_before)
    if as_json:
        _print_json(EntityList(entities=[EntityOut.of(e, user) for e in found]))
        return
    for e in found:
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        typer.echo(f"{e.id:>6}  {e.name} ({e.type}) ×{e.mention_count}" + (f"  aka {aliases}" if aliases else ""))


def _fact_line(f: Any) -> str:
    valid = f"{f.valid_at:%Y-%m-%d}" if f.valid_at else "?"
    until = f" → {f.invalid_at:%Y-%m-%d}" if f.invalid_at else " → now"
    return f"{f.id:>6}  {f.subject} —{f.label}→ {f.object}  [{valid}{until}]"


@app.command()
def facts(
    ctx: typer.Context,
    user: str = UserOpt,
    entity: str | None = typer.Option(None, "--entity", "-e", help="Only facts about this entity."),
    as_of: str | None = AsOfOpt,
    current: bool = typer.Option(False, "--current", help="Only facts holding at --now (default: as of, else now)."),
    now: str | None = typer.Option(None, help="The moment --current refers to."),
    label: str | None = typer.Option(None, help="Only this relation (lives_in, works_at …)."),
    recorded_before: str | None = RecordedBeforeOpt,
    as_json: bool = JsonOpt,
) -> None:
    """List facts with their validity intervals: the history, as of a time, or current only."""
    from schemas.models import FactList, FactOut

    with _memory(ctx) as memory:
        found = memory.facts(user_id=user, entity=entity, as_of=as_of, current_only=current, label=label, now=now,
                             recorded_before=recorded_before)
    if as_json:
        _print_json(FactList(facts=[FactOut.of(f) for f in found]))
        return
    for f in found:
        typer.echo(_fact_line(f))


@graph_app.command("export")
def graph_export(
    ctx: typer.Context,
    user: str = UserOpt,
    format: str = typer.Option("json", "--format", "-f", help="json (networkx node-link) or graphml."),
    center: str | None = typer.Option(None, help="Only the neighbourhood of this entity (name or alias)."),
    center_id: int | None = typer.Option(None, help="Only the neighbourhood of this entity id."),
    depth: int = typer.Option(2, help="Hops around the centre."),
    limit: int | None = typer.Option(None, help="Only the N most mentioned entities and the facts among them."),
    as_of: str | None = AsOfOpt,
    recorded_before: str | None = RecordedBeforeOpt,
    session: str | None = typer.Option(None, "--session", "-s", help="Only the entities this session mentions."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
) -> None:
    """Export a user's entity/fact graph as node-link JSON or GraphML."""
    from schemas.graph import to_graphml, to_node_link

    if format not in ("json", "graphml"):
        raise typer.BadParameter("choose json or graphml", param_hint="--format")
    with _memory(ctx) as memory:
        graph = memory.graph(user_id=user, as_of=as_of, center=center_id if center_id is not None else center,
                             depth=depth, limit=limit, recorded_before=recorded_before, session_id=session)
    text = to_graphml(graph) if format == "graphml" else json.dumps(to_node_link(graph), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} facts → {output}", err=True)


@app.command()
def stats(
    ctx: typer.Context,
    user: str | None = typer.Option(None, "--user", "-u", help="One user (default: all you can see)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Count episodes, entities, facts, vectors (and users)."""
    with _memory(ctx) as memory:
        counts = memory.stats(user_id=user)
    typer.echo(json.dumps(counts, indent=2) if as_json else "\n".join(f"{k:>9}  {v}" for k, v in counts.items()))


@app.command("schemas")
def export_schemas(
    out: Path | None = typer.Option(None, help="Folder to write to (default: the schemas package)."),
) -> None:
    """Regenerate the wire contract: schemas/openapi.json and schemas/jsonschema/*.json."""
    from schemas.export import HERE, write

    for path in write(out or HERE):
        typer.echo(str(path))


def _key_manager(memory: Any) -> Any:
    """Key operations of a server (admin key) or of a local data folder, under the same names."""
    from memdb import keys
    from memdb.client import MemoryClient

    if isinstance(memory, MemoryClient):
        return memory
    return SimpleNamespace(create_key=partial(keys.create_key, memory), list_keys=partial(keys.list_keys, memory),
                           revoke_key=partial(keys.revoke_key, memory))


def _key_line(k: Any) -> str:
    state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
    kind = "  [operator: keys of every tenant]" if k.operator else "  [admin]" if k.admin else ""
    return f"{k.id:>4}  {k.prefix}…  tenant={k.tenant}  {k.name}{kind}  {state}"


@keys_app.command("create")
def keys_create(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", "-n", help="What the key is for (shown in listings)."),
    tenant: str | None = typer.Option(None, help="Tenant slug [a-z0-9-]; a new tenant when omitted."),
    admin: bool = typer.Option(False, "--admin", help="A key that manages its tenant's keys (and reads no memory)."),
    operator: bool = typer.Option(False, "--operator", help="A key that manages the keys of every tenant (and "
                                  "reads no memory); only on the data folder, never over HTTP."),
) -> None:
    """Create an API key; prints the token once (only its hash is stored)."""
    with _memory(ctx) as memory:
        token, info = _key_manager(memory).create_key(tenant, name, admin=admin, operator=operator)
    typer.echo(_key_line(info), err=True)
    if info.operator:
        typer.echo("This operator key manages the keys of every tenant: keep it off chatbots.", err=True)
    typer.echo(token)


@keys_app.command("list")
def keys_list(
    ctx: typer.Context, tenant: str | None = typer.Option(None, help="Only this tenant's keys.")
) -> None:
    """List API keys (never their tokens)."""
    with _memory(ctx) as memory:
        for info in _key_manager(memory).list_keys(tenant=tenant):
            typer.echo(_key_line(info))


@keys_app.command("revoke")
def keys_revoke(ctx: typer.Context, key_id: int = typer.Argument(..., help="The key's id (see keys list).")) -> None:
    """Revoke an API key from now on."""
    with _memory(ctx) as memory:
        typer.echo(_key_line(_key_manager(memory).revoke_key(key_id)))


def main() -> None:
    # A hung process tells where: `kill -USR1 <pid>` prints every thread's stack to stderr.
    if hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        app()
    except MemdbError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise SystemExit(2) from exc
