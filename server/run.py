"""``memdb serve``: the app under uvicorn, stopped cleanly by SIGTERM as by Ctrl-C.

uvicorn answers SIGTERM by finishing the requests at work (up to ``shutdown_timeout`` seconds)
and shutting the app down, then raises the signal again once its own handler is gone, which by
default ends the process on the spot: the caller's ``with MemoryDB(...)`` never closes, the
vector index is not saved, and the next start rebuilds it. Here that second signal only ends
``run``, so the caller closes the store as after any return.

``listen`` binds the port before the store opens, so a port in use is said at once, by its
number (uvicorn would bind it after the store had loaded, log an errno and exit 1); ``0`` binds
any free port. ``stop_with_parent`` ends a replica whose supervisor is gone (``memdb pg-local``
killed with SIGKILL), as a service manager's SIGTERM would.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
import threading
import time
from pathlib import Path
from types import FrameType

import uvicorn

from memdb.db import MemoryDB
from memdb.embed import SentenceTransformerEmbedder
from memdb.errors import ConfigError
from server.app import create_app
from server.settings import ServerSettings

log = logging.getLogger("memdb.server")


class _Terminated(Exception):
    """SIGTERM, raised again by uvicorn after its graceful shutdown."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def limit_model_threads(db: MemoryDB, threads: int) -> None:
    """One embedding on ``threads`` CPU threads (torch's intra-op pool; the process's default is
    every core). Requests at work then each take a core: on a shared two-core machine one query
    took 73 ms on one thread and 537 ms on two, its threads waiting for each other."""
    if isinstance(db.embedder, SentenceTransformerEmbedder):
        import torch

        torch.set_num_threads(threads)


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` (``0``: a free port; ``getsockname`` says which), not
    yet listening: connections are refused, not queued, until the server starts. ConfigError
    naming the port when another program holds it."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on host {host!r}: {exc.strerror}") from exc
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: old connections may linger
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(f"port {port} on {host} is in use by another program: choose another port "
                              "(0: any free port)", details={"port": port}) from exc
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}", details={"port": port}) from exc
    return sock


def write_port(sock: socket.socket, path: Path) -> None:
    """Write the port ``sock`` is bound to into ``path`` whole (a reader never sees half a number):
    how a supervisor that asked for port 0 learns which one it got."""
    part = path.with_name(path.name + ".part")
    part.write_text(f"{sock.getsockname()[1]}\n", encoding="ascii")
    os.replace(part, path)


def stop_with_parent(parent: int, *, every: float = 0.5) -> None:
    """SIGTERM this process once its parent ``parent`` is gone (the process is then adopted by
    another: ``getppid`` changes), so replicas do not outlive a supervisor killed with SIGKILL.
    A thread that looks twice a second: unlike ``prctl(PR_SET_PDEATHSIG)``, which fires when the
    parent's *thread* that started the child ends, it does not stop a replica started from a
    short-lived thread, and it needs no ``preexec_fn`` (unsafe in a process with threads)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        log.warning("the process that started this server (pid %d) is gone: stopping", parent)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="memdb-parent-watch", daemon=True).start()


def run(db: MemoryDB, settings: ServerSettings, sock: socket.socket | None = None) -> None:
    """Serve ``db`` until SIGTERM or Ctrl-C; returns after a SIGTERM (Ctrl-C raises
    KeyboardInterrupt), leaving ``db`` open for the caller to close. ``sock``: the socket of
    ``listen`` (else one is bound here)."""
    limit_model_threads(db, settings.model_threads)
    sock = sock or listen(settings.host, settings.port)
    config = uvicorn.Config(create_app(db, settings), host=settings.host, port=sock.getsockname()[1],
                            log_level="info", timeout_graceful_shutdown=max(1, round(settings.shutdown_timeout)))
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except _Terminated:
        log.info("stopped by SIGTERM; closing the store")
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()
