"""Full-text (BM25) search over episodes. The seam is small so PostgreSQL can bring its own
(tsvector + ts_rank); this module holds the SQLite FTS5 implementation."""

from __future__ import annotations

import hashlib
import math
import unicodedata
from typing import Protocol, Sequence

import snowballstemmer
from sqlalchemy import ColumnElement, Connection, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from memdb.store.schema import EpisodeRow
from memdb.text import content_words


class FullText(Protocol):
    def create(self, connection: Connection) -> None:
        """Create the full-text structures if they are missing (idempotent)."""

    def index(self, connection: Connection, rows: Sequence[tuple[int, str, str | None, str]]) -> None:
        """Index episodes given as (seq, user_id, speaker name, content), in the caller's transaction."""

    def remove(self, connection: Connection, seqs: Sequence[int]) -> None:
        """Remove indexed episodes by seq, in the caller's transaction."""

    def search(
        self, session: Session, query: str, *, user_id: str, limit: int,
        conditions: Sequence[ColumnElement[bool]] = (), seqs: Sequence[int] | None = None,
    ) -> list[tuple[int, float]]:
        """(seq, score) of the user's best matches, best first (only among ``seqs`` if given).

        Scores are in [0, 1]: BM25 relative to an ideal turn holding every query term once, so
        a turn matching only a word found everywhere (a speaker's name) scores near 0 rather
        than 1 when nothing better matches. ``conditions`` filter ``EpisodeRow`` columns.
        """


def _scope_token(user_id: str) -> str:
    # Each row carries a token naming its user, so FTS5 intersects posting lists instead of
    # ranking every user's matches and filtering afterwards: scoped search stays fast with
    # 10k users in one database.
    return "zz" + str(int(hashlib.sha1(user_id.encode()).hexdigest()[:15], 16))


def _fold(word: str) -> str:
    """What FTS5's unicode61 tokenizer does to a word before stemming: drop diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class SqliteFullText:
    """FTS5 with the porter stemmer. Columns: scope (weight 0), speaker name (0.5), content (1)."""

    name = "episodes_fts"
    vocab = "episodes_fts_terms"
    _weights = "0.0, 0.5, 1.0"
    _table = table(name, column("rowid"), column("scope"), column("name"), column("body"))

    def __init__(self) -> None:
        # FTS5's porter tokenizer and Snowball's "porter" stemmer agree, so the query's terms can
        # be looked up in the vocabulary table to know their document frequency.
        self._stemmer = snowballstemmer.stemmer("porter")

    def create(self, connection: Connection) -> None:
        connection.execute(text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.name} "
            "USING fts5(scope, name, body, tokenize='porter unicode61')"
        ))
        connection.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.vocab} USING fts5vocab({self.name}, 'row')"))

    def index(self, connection: Connection, rows: Sequence[tuple[int, str, str | None, str]]) -> None:
        if rows:
            connection.execute(
                text(f"INSERT INTO {self.name}(rowid, scope, name, body) VALUES (:seq, :scope, :name, :body)"),
                [{"seq": seq, "scope": _scope_token(user), "name": name or "", "body": body}
                 for seq, user, name, body in rows],
            )

    def remove(self, connection: Connection, seqs: Sequence[int]) -> None:
        if seqs:
            connection.execute(text(f"DELETE FROM {self.name} WHERE rowid = :seq"), [{"seq": s} for s in seqs])

    def _ideal(self, session: Session, terms: list[str]) -> float:
        """BM25 of a turn of average length holding each term once: Σ idf (FTS5's formula)."""
        stems = sorted({self._stemmer.stemWord(_fold(t)) for t in terms})
        rows = session.execute(
            text(f"SELECT term, doc FROM {self.vocab} WHERE term IN ({', '.join(f':t{i}' for i in range(len(stems)))})"),
            {f"t{i}": s for i, s in enumerate(stems)},
        ).all()
        docs = dict(rows)
        total = session.execute(select(func.count()).select_from(EpisodeRow)).scalar() or 1
        ideal = 0.0
        for stem in stems:
            n = docs.get(stem, 0)
            ideal += max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6)
        return ideal

    def search(
        self, session: Session, query: str, *, user_id: str, limit: int,
        conditions: Sequence[ColumnElement[bool]] = (), seqs: Sequence[int] | None = None,
    ) -> list[tuple[int, float]]:
        terms = sorted(set(content_words(query)))
        if not terms or (seqs is not None and not seqs):
            return []
        match = f"scope:{_scope_token(user_id)} AND (" + " OR ".join(f'"{t}"' for t in terms) + ")"
        rank = literal_column(f"bm25({self.name}, {self._weights})")
        stmt = (
            select(self._table.c.rowid, rank)
            .select_from(self._table.join(EpisodeRow, EpisodeRow.seq == self._table.c.rowid))
            .where(text(f"{self.name} MATCH :match").bindparams(match=match), EpisodeRow.user_id == user_id, *conditions)
            .order_by(rank)
            .limit(limit)
        )
        if seqs is not None:
            stmt = stmt.where(self._table.c.rowid.in_(list(seqs)))
        found = session.execute(stmt).all()
        if not found:
            return []
        ideal = self._ideal(session, terms)
        return [(int(seq), min(1.0, -float(score) / ideal)) for seq, score in found]
