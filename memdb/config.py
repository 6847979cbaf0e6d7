"""Settings, declared once with their help text and read explicitly (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any, Mapping

from memdb.errors import ConfigError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Tunables of one MemoryDB. ``Settings.from_env()`` reads ``MEMDB_<NAME>`` variables."""

    max_content_chars: int = _setting(20_000, "Longest accepted turn, in characters.")
    max_batch_messages: int = _setting(1_000, "Most messages accepted by one add() call.")
    embed_batch_size: int = _setting(64, "Texts per embedding batch during ingest.")
    recipe: str = _setting("default", "Named search recipe used when search() names none.")
    half_life_days: float = _setting(90.0, "Recency half-life of the default recipes, in days.")
    index_checkpoint_every: int = _setting(
        20_000, "Write the vector index file after this many changes past the saved one (and on close)."
    )
    alias_similarity: float = _setting(
        0.92, "Embedding cosine above which a new entity name is merged into an existing one."
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, type(f.default)) or isinstance(value, bool):
                raise ConfigError(f"setting {f.name} must be a {type(f.default).__name__}, got {value!r}")
            if isinstance(value, (int, float)) and not value > 0:
                raise ConfigError(f"setting {f.name} must be positive, got {value!r}")
        if not 0 < self.alias_similarity <= 1:
            raise ConfigError("setting alias_similarity must be in (0, 1]")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f"MEMDB_{f.name.upper()}")
            if raw is None:
                continue
            kind = type(f.default)
            try:
                values[f.name] = kind(raw)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"MEMDB_{f.name.upper()}={raw!r} is not a valid {kind.__name__}") from exc
        return replace(cls(), **values, **overrides)

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) of every setting, for docs and ``--help``."""
        return [(f.name, f.default, f.metadata["help"]) for f in fields(cls)]
