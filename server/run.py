"""``memdb serve``: the app under uvicorn, stopped cleanly by SIGTERM as by Ctrl-C.

uvicorn answers SIGTERM by finishing the requests at work (up to ``shutdown_timeout`` seconds)
and shutting the app down, then raises the signal again once its own handler is gone, which by
default ends the process on the spot: the caller's ``with MemoryDB(...)`` never closes, the
vector index is not saved, and the next start rebuilds it. Here that second signal only ends
``run``, so the caller closes the store as after any return.
"""

from __future__ import annotations

import logging
import signal
from types import FrameType

import uvicorn

from memdb.db import MemoryDB
from memdb.embed import SentenceTransformerEmbedder
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


def run(db: MemoryDB, settings: ServerSettings) -> None:
    """Serve ``db`` until SIGTERM or Ctrl-C; returns after a SIGTERM (Ctrl-C raises
    KeyboardInterrupt), leaving ``db`` open for the caller to close."""
    limit_model_threads(db, settings.model_threads)
    config = uvicorn.Config(create_app(db, settings), host=settings.host, port=settings.port, log_level="info",
                            timeout_graceful_shutdown=max(1, round(settings.shutdown_timeout)))
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        uvicorn.Server(config).run()
    except _Terminated:
        log.info("stopped by SIGTERM; closing the store")
    finally:
        signal.signal(signal.SIGTERM, previous)
