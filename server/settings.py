"""Settings of the HTTP server, declared once with their help text. ``ServerSettings.from_env()``
reads ``MEMDB_<NAME>`` variables exactly as the library's ``Settings`` does; ``memdb serve`` flags
override them."""

from __future__ import annotations

from dataclasses import dataclass, fields

from memdb.config import Settings, _setting
from memdb.errors import ConfigError


@dataclass(frozen=True)
class ServerSettings:
    host: str = _setting("127.0.0.1", "Interface to listen on.")
    port: int = _setting(8765, "TCP port to listen on.")
    max_body_bytes: int = _setting(4_000_000, "Largest request body accepted; larger ones get 413 before parsing.")
    max_messages: int = _setting(500, "Most messages in one add request.")
    max_message_chars: int = _setting(20_000, "Longest message content accepted, in characters.")
    max_k: int = _setting(100, "Largest k a search may ask for.")
    cors_origins: str = _setting("", "Comma-separated origins allowed by CORS (none by default).")

    # The same reading rules as the library's settings: one implementation.
    from_env = classmethod(Settings.from_env.__func__)  # type: ignore[attr-defined]
    describe = classmethod(Settings.describe.__func__)  # type: ignore[attr-defined]

    def __post_init__(self) -> None:
        if min(self.port, self.max_body_bytes, self.max_messages, self.max_message_chars, self.max_k) < 1:
            raise ConfigError("port and server limits must be positive")

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @classmethod
    def help(cls, name: str) -> str:
        return next(f.metadata["help"] for f in fields(cls) if f.name == name)
