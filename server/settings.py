"""Settings of the HTTP server, declared once with their help text. ``ServerSettings.from_env()``
reads ``MEMDB_<NAME>`` variables exactly as the library's ``Settings`` does; ``memdb serve`` flags
override them."""

from __future__ import annotations

from dataclasses import dataclass, fields

from memdb.config import Settings, _setting
from memdb.db import MAX_K
from memdb.errors import ConfigError


@dataclass(frozen=True)
class ServerSettings:
    host: str = _setting("127.0.0.1", "Interface to listen on.")
    port: int = _setting(8765, "TCP port to listen on (0: any free port, printed at start).")
    max_body_bytes: int = _setting(4_000_000, "Largest request body accepted; larger ones get 413 before parsing.")
    max_messages: int = _setting(500, "Most messages in one add request.")
    max_message_chars: int = _setting(20_000, "Longest message content accepted, in characters.")
    max_k: int = _setting(100, "Largest k a search may ask for (at most 1000).")
    max_concurrent: int = _setting(4, "Requests to /v1 at work at once; more wait in order.")
    max_queued: int = _setting(64, "Requests waiting for their turn; beyond, 503 with Retry-After.")
    model_threads: int = _setting(1, "CPU threads one embedding uses; requests at work run side by side.")
    body_timeout: float = _setting(5.0, "Seconds a request body may take to arrive; slower ones get 408.")
    shutdown_timeout: float = _setting(30.0, "Seconds the requests at work get to finish on SIGTERM.")
    cors_origins: str = _setting("", "Comma-separated origins allowed by CORS (none by default).")

    # The same reading rules as the library's settings: one implementation.
    from_env = classmethod(Settings.from_env.__func__)  # type: ignore[attr-defined]
    describe = classmethod(Settings.describe.__func__)  # type: ignore[attr-defined]

    def __post_init__(self) -> None:
        limits = (self.max_body_bytes, self.max_messages, self.max_message_chars, self.max_k,
                  self.max_concurrent, self.model_threads, self.body_timeout, self.shutdown_timeout)
        if min(limits) <= 0 or self.max_queued < 0:
            raise ConfigError("server limits must be positive (max_queued may be 0: no queue)")
        if not 0 <= self.port < 65536:
            raise ConfigError(f"port must be from 0 (any free port) to 65535, not {self.port}")
        if self.max_k > MAX_K:
            raise ConfigError(f"max_k must be at most {MAX_K}, the library's largest k")

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @classmethod
    def help(cls, name: str) -> str:
        return next(f.metadata["help"] for f in fields(cls) if f.name == name)
