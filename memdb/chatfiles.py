"""Chat transcripts on disk, read into ``add()`` batches for ``memdb ingest``.

Recognized, by content rather than file name:

* a JSON list of messages in the common ``{role, content, name?, timestamp?, id?, session_id?}``
  shape, or an object ``{"messages": [...], "session_id"?: ...}``; a message's own ``session_id``
  puts it in that session, the others go to the session given;
* JSON Lines, one such message per line;
* memdb's own conversation files (the demo's): ``{"sessions": [{"session_id", "turns": [...]}]}``;
* LoCoMo (a sample or a list of samples ``{"sample_id", "conversation": {"session_1": [...],
  "session_1_date_time": ...}}``): each session becomes a memdb session, ``dia_id`` the turn's id,
  and every sample its own user ``<user>-<sample_id>`` when the file holds several.

Fields outside the message shape are kept in the message's ``metadata``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memdb.errors import InvalidInputError
from memdb.ingest import MESSAGE_KEYS

_SESSION_KEY = re.compile(r"session_(\d+)")


@dataclass(frozen=True)
class Conversation:
    """The turns of one session of one user (``user_suffix`` tells samples of a file apart)."""

    session_id: str
    messages: list[dict[str, Any]]
    user_suffix: str = ""


def _message(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidInputError(f"{where}: a message must be an object, got {type(raw).__name__}")
    known = {k: v for k, v in raw.items() if k in MESSAGE_KEYS}
    extra = {k: v for k, v in raw.items() if k not in MESSAGE_KEYS}
    if extra:
        known["metadata"] = {**extra, **(known.get("metadata") or {})}
    return known


def _locomo(sample: dict[str, Any], suffix: str) -> Iterator[Conversation]:
    conversation = sample["conversation"]
    numbers = sorted(int(m.group(1)) for key in conversation if (m := _SESSION_KEY.fullmatch(key)))
    for n in numbers:
        when = conversation.get(f"session_{n}_date_time")
        messages = []
        for turn in conversation[f"session_{n}"]:
            extra = {k: v for k, v in turn.items() if k not in {"speaker", "text", "dia_id"}}
            message = {"role": "user", "name": turn["speaker"], "content": turn["text"], "id": turn["dia_id"]}
            if when:
                message["timestamp"] = when
            messages.append({**message, "metadata": extra} if extra else message)
        if messages:
            yield Conversation(f"session_{n}", messages, suffix)


def _parse(text: str, session_id: str) -> Iterator[Conversation]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"neither JSON nor JSON Lines: {exc}") from exc
    samples = data if isinstance(data, list) else [data]
    if samples and all(isinstance(s, dict) and "conversation" in s for s in samples):
        for i, sample in enumerate(samples):
            suffix = "" if len(samples) == 1 else f"-{sample.get('sample_id', i)}"
            yield from _locomo(sample, suffix)
        return
    if isinstance(data, dict) and isinstance(data.get("sessions"), list):
        for n, session in enumerate(data["sessions"]):
            yield Conversation(str(session.get("session_id") or f"session_{n + 1}"),
                               [_message(m, f"sessions[{n}] turn {i}") for i, m in enumerate(session["turns"])])
        return
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        session_id = str(data.get("session_id") or session_id)
        data = data["messages"]
    if not isinstance(data, list):
        raise InvalidInputError("expected a list of messages, {\"messages\": [...]}, JSON Lines, "
                                "{\"sessions\": [...]} or LoCoMo")
    sessions: dict[str, list[dict[str, Any]]] = {}  # in the order they first appear
    for i, raw in enumerate(data):
        own = raw.get("session_id") if isinstance(raw, dict) else None
        if own is not None:
            raw = {k: v for k, v in raw.items() if k != "session_id"}
        sessions.setdefault(session_id if own is None else str(own), []).append(_message(raw, f"message {i}"))
    for sid, messages in sessions.items():
        yield Conversation(sid, messages)


def read_chat_file(path: Path, *, session_id: str = "default") -> list[Conversation]:
    """The conversations in ``path``; ``session_id`` names the session of plain messages that
    do not name their own."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"cannot read {path}: {exc}") from exc
    try:
        return list(_parse(text, session_id))
    except (KeyError, TypeError, AttributeError) as exc:
        raise InvalidInputError(f"{path}: not a chat transcript memdb can read ({exc!r})") from exc
