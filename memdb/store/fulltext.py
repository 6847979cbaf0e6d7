"""Full-text (BM25) search over episodes: the seam, the search both backends share
(``BudgetedFullText``) and the SQLite FTS5 implementation; PostgreSQL's is in ``pgtext.py``."""

from __future__ import annotations

import hashlib
import math
import sqlite3
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Protocol, Sequence

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
)

from memdb.store.expressions import Sql, one_of
from memdb.store.schema import EpisodeRow
from memdb.extract.lexicon import is_dictionary_word
from memdb.text import content_words

_COMMON_IDF = math.log(4.0)  # the idf of a term in about a fifth of the turns
_MATCH_BUDGET = 1_500  # expected matches a query ranks exhaustively by BM25
_DF_CACHE_TERMS = 50_000
_NEWEST_WINDOW = 150  # beyond the budget: each term's newest matches (500 cost 2.4 ms more at 1M)
_RARE_DOCS = 50  # a term in at most this many turns of the whole store has its matches read whole…
_RARE_MATCHES = 5  # …and is an exact term when at most this many of them are the user's


@dataclass(frozen=True)
class DocCounts:
    """How many turns the database holds, and how many of them are the searched user's."""

    total: int
    user: int


class FullText(Protocol):
    tables: tuple[str, ...]  # the tables it keeps beside memdb's schema

    def create(self, connection: Connection) -> None:
        """Create the full-text structures if they are missing (idempotent)."""

    def index(self, connection: Connection, rows: Sequence[tuple[int, str, str | None, str]]) -> None:
        """Index episodes given as (seq, user_id, speaker name, content), in the caller's transaction."""

    def remove(self, connection: Connection, seqs: Sequence[int]) -> None:
        """Remove indexed episodes by seq, in the caller's transaction."""

    def purge(self, connection: Connection) -> None:
        """Rewrite the index so that no removed episode's words remain in its storage."""

    def search(
        self, session: Sql, query: str, *, user_id: str, limit: int,
        conditions: Sequence[ColumnElement[bool]] = (), counts: DocCounts | None = None,
    ) -> list[tuple[int, float]]:
        """(seq, score) of the user's best ``limit`` matches, best first.

        Scores are in [0, 1]: BM25 relative to an ideal turn holding every query term once, so
        a turn matching only a word found everywhere (a speaker's name) scores near 0 rather
        than 1 when nothing better matches. ``conditions`` filter ``EpisodeRow`` columns.
        ``counts`` saves counting rows when the caller knows them.
        """


def _scope_token(user_id: str) -> str:
    # Each row carries a token naming its user, so FTS5 intersects posting lists instead of
    # ranking every user's matches and filtering afterwards: scoped search stays fast with
    # 10k users in one database.
    return "zz" + str(int(hashlib.sha1(user_id.encode()).hexdigest()[:15], 16))


_TOKENIZER = "porter unicode61"
_ORDINARY_WORD = 0.5  # an exact term's weight when it is an ordinary English word


class _Terms:
    """The terms FTS5 indexes a word under, asked of FTS5 itself on a scratch in-memory table,
    so a query word's document frequency is looked up under the right key. (A Python porter
    stemmer disagreed with FTS5's on words such as "us" — FTS5 keeps words under three letters
    whole — "apology" and "possibly"; FTS5 splits "it'll" in two.) Cached per word."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scratch: sqlite3.Connection | None = None

    @lru_cache(maxsize=50_000)  # noqa: B019 - one instance for the process
    def of(self, word: str) -> tuple[str, ...]:
        with self._lock:
            if self._scratch is None:
                self._scratch = sqlite3.connect(":memory:", check_same_thread=False)
                self._scratch.execute(f"CREATE VIRTUAL TABLE words USING fts5(word, tokenize='{_TOKENIZER}')")
                self._scratch.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(words, 'row')")
            self._scratch.execute("INSERT INTO words(rowid, word) VALUES (1, ?)", (word,))
            try:
                return tuple(term for (term,) in self._scratch.execute("SELECT term FROM terms"))
            finally:
                self._scratch.execute("DELETE FROM words")


_TERMS = _Terms()


# "Does anyone but this user have a turn?" in two index seeks, whatever the size.
_OTHER_USERS = select(exists().where(EpisodeRow.user_id < bindparam("user")) | exists().where(EpisodeRow.user_id > bindparam("user")))


def _with_exact(matches: list[tuple[int, float]], exact: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """``matches`` with each turn holding exact terms scored at least by their share (see
    ``SqliteFullText._exact``), and kept whatever ``limit`` cuts."""
    if not exact:
        return matches
    scores = dict(matches)
    for seq, share in exact.items():
        scores[seq] = max(scores.get(seq, 0.0), share)
    ranked = sorted(scores.items(), key=lambda p: (-p[1], -p[0]))
    return ranked[:limit] + [p for p in ranked[limit:] if p[0] in exact]


class BudgetedFullText:
    """The search every backend shares: BM25 over the query's words, ranked exhaustively while
    the matches fit a budget and by each term's newest matches beyond it, plus exact terms.
    A backend supplies the primitives below (its index, its term statistics)."""

    def _terms_of(self, session: Sql, words: set[str]) -> dict[str, tuple[str, ...]]:
        """The index terms each word is stored under (none: a word the index leaves out)."""
        raise NotImplementedError

    def _doc_freq(self, session: Sql, words: list[str], total: int) -> dict[str, int]:
        """How many turns (of every user) hold each word."""
        raise NotImplementedError

    def _ranked(
        self, session: Sql, terms: list[str], user_id: str, scope: bool,
        conditions: Sequence[ColumnElement[bool]], *, limit: int, idf: dict[str, float],
    ) -> list[tuple[int, float]]:
        """(seq, -BM25) of the best ``limit`` of the user's turns holding any of ``terms``, best
        first (``idf``: each term's, for a backend that does not compute it itself)."""
        raise NotImplementedError

    def _newest(
        self, session: Sql, term: str, user_id: str, scope: bool,
        conditions: Sequence[ColumnElement[bool]], *, limit: int,
    ) -> list[int]:
        """Seqs of the last ``limit`` turns of the user holding ``term``."""
        raise NotImplementedError

    def search(
        self, session: Sql, query: str, *, user_id: str, limit: int,
        conditions: Sequence[ColumnElement[bool]] = (), counts: DocCounts | None = None,
    ) -> list[tuple[int, float]]:
        terms = sorted(w for w, keys in self._terms_of(session, set(content_words(query))).items() if keys)
        if not terms:
            return []
        counts = counts or self._counts(session, user_id)
        docs = self._doc_freq(session, terms, counts.total)
        # Each term's idf as FTS5's bm25 computes it (counts from a lagging index may be low).
        total = max(counts.total, *docs.values())
        idf = {t: max(math.log((total - d + 0.5) / (d + 0.5)), 1e-6) for t, d in docs.items()}
        # A term in over a fifth of the turns adds little to any score but makes FTS5 score
        # every one of those turns: leave it out of the match unless nothing rarer is asked.
        wanted = [t for t in terms if idf[t] > _COMMON_IDF] or [max(terms, key=idf.__getitem__)]
        # FTS5 computes BM25 for every match before sorting, so the cost of a ranked query is
        # the number of matches. The rarest terms are ranked over all the user's turns while
        # their expected matches fit the budget; if some term does not fit, each term's newest
        # matches are scored as well: a query's cost stays bounded at a million turns.
        share = counts.user / max(counts.total, 1)
        by_rarity = sorted(wanted, key=docs.__getitem__)
        fits, spent = 0, 0.0
        for t in by_rarity:
            spent += docs[t] * share
            if spent > _MATCH_BUDGET:
                break
            fits += 1
        exhaustive, beyond = by_rarity[:fits], by_rarity[fits:]
        # Scoping is always right, only slower; leaving it out needs SQL's word that no one else is there.
        scope = counts.user < counts.total or not self._sole_user(session, user_id)
        ideal = sum(idf.values())  # BM25 of an average-length turn holding each term once
        ranked = self._ranked(session, exhaustive, user_id, scope, conditions, limit=limit, idf=idf) if exhaustive else []
        exact = self._exact(session, [t for t in terms if docs[t] <= _RARE_DOCS], idf, user_id, scope, conditions)
        if not beyond:  # the usual case: one ranked query did it all
            return _with_exact([(seq, min(1.0, -score / ideal)) for seq, score in ranked], exact, limit)
        # The other terms' newest matches are scored here, not by FTS5: its bm25() first counts
        # the turns holding each term by walking the term's whole posting list — 7 of the 8 ms
        # such a query took at a million turns. BM25 is a sum over terms: each of these terms
        # adds what it adds to an average-length turn holding it once (its idf, as ``ideal``
        # assumes) to the exact score of the ranked ones.
        score = {seq: -bm25 for seq, bm25 in ranked}
        for t in beyond:
            for seq in self._newest(session, t, user_id, scope, conditions, limit=_NEWEST_WINDOW):
                score[seq] = score.get(seq, 0.0) + idf[t]
        best = sorted(score.items(), key=lambda p: (-p[1], -p[0]))[:limit]
        return _with_exact([(seq, min(1.0, value / ideal)) for seq, value in best], exact, limit)

    def _exact(
        self, session: Sql, rare: list[str], idf: dict[str, float], user_id: str, scope: bool,
        conditions: Sequence[ColumnElement[bool]],
    ) -> dict[int, float]:
        """Turns holding the query's exact terms: words in at most ``_RARE_MATCHES`` of the
        user's turns ("b18x5", a ticket number, a pet's name), each turn scored by the share of
        those terms' idf it holds. Such a word says which turn is meant better than any number
        of common words, which BM25 lets outweigh it. Only terms rare in the whole store are
        looked up, so their whole posting lists are a few dozen rows."""
        held: dict[int, float] = {}
        weights: dict[str, float] = {}
        for term in rare:
            seqs = self._newest(session, term, user_id, scope, conditions, limit=_RARE_MATCHES + 1)
            if seqs and len(seqs) <= _RARE_MATCHES:
                weights[term] = idf[term]
                # An ordinary word rare in one user's turns ("live", "celebration") says less
                # which turn is meant than a code or a name does.
                counted = idf[term] * (_ORDINARY_WORD if is_dictionary_word(term) else 1.0)
                for seq in seqs:
                    held[seq] = held.get(seq, 0.0) + counted
        total = sum(weights.values())
        return {seq: value / total for seq, value in held.items()} if total else {}

    @staticmethod
    def _sole_user(session: Sql, user_id: str) -> bool:
        """Whether every turn is this user's: then the scope token, whose posting list is every
        turn, would only slow the match down. Two index seeks, whatever the size."""
        return not session.execute(_OTHER_USERS, {"user": user_id}).scalar()

    @staticmethod
    def _counts(session: Sql, user_id: str) -> DocCounts:
        total = session.execute(select(func.count()).select_from(EpisodeRow)).scalar() or 0
        user = session.execute(select(func.count()).select_from(EpisodeRow).where(EpisodeRow.user_id == user_id)).scalar()
        return DocCounts(total=max(total, 1), user=user or 0)


class SqliteFullText(BudgetedFullText):
    """FTS5 with the porter stemmer. Columns: scope (weight 0), speaker name (0.5), content (1)."""

    name = "episodes_fts"
    vocab = "episodes_fts_terms"
    tables = (name, vocab)
    _weights = "0.0, 0.5, 1.0"
    _table = table(name, column("rowid"), column("scope"), column("name"), column("body"))

    def __init__(self) -> None:
        self._df_cache: dict[str, tuple[int, int]] = {}  # stem → (turns holding it, turns then)

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

    def purge(self, connection: Connection) -> None:
        # A deletion only appends tombstones; the terms stay in older segments until merged.
        # SQLite 3.40 has no 'secure-delete' option (3.44+), so merge every segment into one:
        # its cost grows with the whole index (bench/erasure.py measures it).
        connection.execute(text(f"INSERT INTO {self.name}({self.name}) VALUES ('optimize')"))

    def _doc_freq(self, session: Sql, words: list[str], total: int) -> dict[str, int]:
        """How many turns (of every user) hold each word, from the vocabulary table — which
        walks a term's whole posting list to count it (10 ms a query at a million turns), so
        counts are reused until the number of turns has changed by a twentieth. A word FTS5
        splits ("it'll") is a phrase, in no more turns than its rarest part."""
        keys = {w: _TERMS.of(w) for w in words}
        terms = {t for ts in keys.values() for t in ts}
        fresh: dict[str, int] = {}
        for term in terms:
            hit = self._df_cache.get(term)
            if hit is not None and 0.95 * hit[1] <= total <= 1.05 * hit[1]:
                fresh[term] = hit[0]
        unique = sorted(terms - fresh.keys())
        if unique:
            counted = dict(session.execute(self._doc_counts(), {"terms": unique}).all())
            for term in unique:
                fresh[term] = int(counted.get(term, 0))
                self._df_cache[term] = (fresh[term], total)
            while len(self._df_cache) > _DF_CACHE_TERMS:
                self._df_cache.pop(next(iter(self._df_cache)))
        return {w: min((fresh[t] for t in ts), default=0) for w, ts in keys.items()}

    def _terms_of(self, session: Sql, words: set[str]) -> dict[str, tuple[str, ...]]:
        return {w: _TERMS.of(w) for w in words}


    def _ranked(
        self, session: Sql, terms: list[str], user_id: str, scope: bool,
        conditions: Sequence[ColumnElement[bool]], *, limit: int, idf: dict[str, float],
    ) -> list[tuple[int, float]]:
        """(seq, bm25) of the best ``limit`` of the user's turns holding any of ``terms``
        (FTS5's bm25() computes the idf itself)."""
        rows = session.execute(self._filtered(self._matches(), user_id, conditions),
                               {"match": self._expression(terms, user_id, scope), "limit": limit}).all()
        return [(int(seq), float(score)) for seq, score in rows]

    def _newest(
        self, session: Sql, term: str, user_id: str, scope: bool,
        conditions: Sequence[ColumnElement[bool]], *, limit: int,
    ) -> list[int]:
        """Seqs of the last ``limit`` turns of the user holding ``term``."""
        return session.execute(self._filtered(self._newest_matches(), user_id, conditions),
                               {"match": self._expression([term], user_id, scope), "limit": limit}).scalars().all()

    @staticmethod
    def _expression(terms: list[str], user_id: str, scope: bool) -> str:
        match = " OR ".join(f'"{t}"' for t in terms)
        return f"scope:{_scope_token(user_id)} AND ({match})" if scope else match

    def _filtered(self, stmt: Select, user_id: str, conditions: Sequence[ColumnElement[bool]]) -> Select:
        if conditions:  # the scope token already limits rows to the user; join only to filter
            return stmt.join(EpisodeRow, EpisodeRow.seq == self._table.c.rowid).where(EpisodeRow.user_id == user_id, *conditions)
        return stmt

    @classmethod
    @cache
    def _matches(cls) -> Select:
        """(rowid, bm25) of the best ``limit`` rows matching parameter ``match``."""
        rank = literal_column(f"bm25({cls.name}, {cls._weights})")
        return (select(cls._table.c.rowid, rank).select_from(cls._table).where(text(f"{cls.name} MATCH :match"))
                .order_by(rank).limit(bindparam("limit")))

    @classmethod
    @cache
    def _newest_matches(cls) -> Select:
        """Rowids of the last ``limit`` rows matching parameter ``match``."""
        return (select(cls._table.c.rowid).select_from(cls._table).where(text(f"{cls.name} MATCH :match"))
                .order_by(cls._table.c.rowid.desc()).limit(bindparam("limit")))

    @classmethod
    @cache
    def _doc_counts(cls) -> Select:
        """(term, turns holding it) of the stems bound to parameter ``terms``."""
        vocab = table(cls.vocab, column("term"), column("doc"))
        return select(vocab.c.term, vocab.c.doc).where(one_of(vocab.c.term, "terms"))
