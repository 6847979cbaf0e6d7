"""Full-text search on PostgreSQL: a ``tsvector`` per turn under a GIN index, ranked by BM25
computed from term statistics, the way FTS5's bm25() ranks on SQLite (the search itself, with
its budget and exact terms, is ``fulltext.BudgetedFullText``, shared).

- **Words**: the text search configuration ``memdb_english`` is English's with its Snowball
  stemmer but no stop words, and hyphenated compounds indexed by their parts only: as FTS5's
  porter tokenizer indexes every word. A turn's vector holds its user's scope token (weight D,
  as FTS5's scope column), the speaker's name (weight B) and the content (weight A).
- **BM25**: ts_rank_cd knows neither a term's document frequency nor the collection's average
  length, so memdb keeps both: ``episodes_fts_terms`` holds, per term, the turns holding it and
  its occurrences, and under the term '' the number of turns and of tokens — kept in the write
  transaction that indexes or removes a turn (writers are serialized, so an upsert suffices).
  A match's score is Σ idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen)), k1 = 1.2, b = 0.75,
  where tf counts content occurrences once and name occurrences half, as FTS5's column weights
  (0, 0.5, 1) do. A term no turn holds any more is deleted from the statistics with its last turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Float, Select, bindparam, column, select, table, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from memdb.store.expressions import JsonValue, Sql, json_param, one_of
from memdb.store.fulltext import BudgetedFullText, _scope_token
from memdb.store.schema import EpisodeRow

CONFIG = "memdb_english"
_K1, _B = 1.2, 0.75
_WORD_CACHE = 50_000

_fts = table("episodes_fts", column("seq"), column("doc"), column("length"))
_stats = table("episodes_fts_terms", column("term"), column("docs"), column("tokens"))

_CREATE = [
    f"CREATE TEXT SEARCH DICTIONARY {CONFIG}_stem (TEMPLATE = snowball, Language = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR asciiword, word, hword_asciipart, hword_part "
    f"WITH {CONFIG}_stem",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} DROP MAPPING FOR asciihword, hword",
]
_TABLES = [
    "CREATE TABLE IF NOT EXISTS episodes_fts (seq BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL, length INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_episodes_fts_doc ON episodes_fts USING GIN (doc)",
    'CREATE TABLE IF NOT EXISTS episodes_fts_terms (term TEXT COLLATE "C" PRIMARY KEY, docs BIGINT NOT NULL, '
    "tokens BIGINT NOT NULL)",
    "INSERT INTO episodes_fts_terms VALUES ('', 0, 0) ON CONFLICT (term) DO NOTHING",
]
_INDEX = text(
    "INSERT INTO episodes_fts (seq, doc, length) "
    "SELECT v.seq, v.doc, (SELECT COALESCE(SUM(array_length(u.positions, 1)), 0) FROM unnest(v.doc) AS u) "
    "FROM (SELECT CAST(:seq AS BIGINT) AS seq, setweight(to_tsvector('simple', CAST(:scope AS TEXT)), 'D') "
    f"|| setweight(to_tsvector('{CONFIG}', CAST(:name AS TEXT)), 'B') "
    f"|| setweight(to_tsvector('{CONFIG}', CAST(:body AS TEXT)), 'A') AS doc) AS v"
)
# Statistics of the turns just indexed, added; the '' row counts turns and tokens.
_COUNT_IN = text(
    "INSERT INTO episodes_fts_terms (term, docs, tokens) "
    "SELECT u.lexeme, COUNT(*), SUM(array_length(u.positions, 1)) FROM episodes_fts AS f, unnest(f.doc) AS u "
    "WHERE f.seq IN (SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(:seqs AS JSONB))) "
    "GROUP BY u.lexeme "
    "UNION ALL SELECT '', COUNT(*), COALESCE(SUM(f.length), 0) FROM episodes_fts AS f "
    "WHERE f.seq IN (SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(:seqs AS JSONB))) "
    "ON CONFLICT (term) DO UPDATE SET docs = episodes_fts_terms.docs + EXCLUDED.docs, "
    "tokens = episodes_fts_terms.tokens + EXCLUDED.tokens"
).bindparams(bindparam("seqs", type_=JsonValue()))
# Removed turns' rows deleted and their statistics taken back, in one statement.
_REMOVE = text(
    "WITH gone AS (DELETE FROM episodes_fts WHERE seq IN "
    "(SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(:seqs AS JSONB))) RETURNING doc, length), "
    "counts AS (SELECT u.lexeme AS term, COUNT(*) AS docs, SUM(array_length(u.positions, 1)) AS tokens "
    "FROM gone, unnest(gone.doc) AS u GROUP BY u.lexeme "
    "UNION ALL SELECT '', COUNT(*), COALESCE(SUM(length), 0) FROM gone) "
    "UPDATE episodes_fts_terms AS s SET docs = s.docs - c.docs, tokens = s.tokens - c.tokens "
    "FROM counts AS c WHERE s.term = c.term"
).bindparams(bindparam("seqs", type_=JsonValue()))
_UNUSED = text("DELETE FROM episodes_fts_terms WHERE docs <= 0 AND term <> ''")
_LEXEMES = text(
    f"SELECT w.word, ARRAY(SELECT u.lexeme FROM unnest(to_tsvector('{CONFIG}', w.word)) AS u ORDER BY u.positions[1]) "
    "FROM jsonb_array_elements_text(CAST(:words AS JSONB)) AS w(word)"
).bindparams(bindparam("words", type_=JsonValue()))


class bm25(FunctionElement[float]):
    """BM25 of a row of ``episodes_fts`` (its ``doc`` and ``length``) for a bound mapping lexeme → idf."""

    type = Float()
    inherit_cache = True


@compiles(bm25, "postgresql")
def _bm25(element: bm25, compiler: Any, **kw: Any) -> str:
    doc, length, idf = (compiler.process(c, **kw) for c in element.clauses)
    average = "(SELECT GREATEST(tokens, 1) / CAST(GREATEST(docs, 1) AS DOUBLE PRECISION) FROM episodes_fts_terms " \
              "WHERE term = '')"
    weighted = "(SELECT SUM(CASE x WHEN 'A' THEN 1.0 WHEN 'B' THEN 0.5 ELSE 0.0 END) FROM unnest(u.weights) AS x)"
    return (f"(SELECT SUM(w.idf * t.tf * {_K1 + 1} / (t.tf + {_K1} * ({1 - _B} + {_B} * {length} / {average}))) "
            f"FROM (SELECT u.lexeme, {weighted} AS tf FROM unnest({doc}) AS u) AS t "
            f"JOIN (SELECT key, CAST(value AS DOUBLE PRECISION) AS idf FROM jsonb_each_text(CAST({idf} AS JSONB))) "
            f"AS w ON w.key = t.lexeme)")


def _matching() -> ColumnElement[bool]:
    return _fts.c.doc.op("@@")(text("CAST(:match AS tsquery)"))


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class PostgresFullText(BudgetedFullText):
    """tsvector + GIN, ranked by BM25 from ``episodes_fts_terms`` (see the module's docstring)."""

    tables = ("episodes_fts", "episodes_fts_terms")

    def __init__(self) -> None:
        self._lexemes: dict[str, tuple[str, ...]] = {}  # word → the lexemes it is indexed under, in order

    def create(self, connection: Connection) -> None:
        known = connection.execute(text("SELECT 1 FROM pg_ts_config WHERE cfgname = :name "
                                        "AND cfgnamespace = CAST(current_schema() AS regnamespace)"),
                                   {"name": CONFIG}).first()
        for statement in ([] if known else _CREATE) + _TABLES:
            connection.execute(text(statement))

    def index(self, connection: Connection, rows: Sequence[tuple[int, str, str | None, str]]) -> None:
        if rows:
            connection.execute(_INDEX, [{"seq": seq, "scope": _scope_token(user), "name": name or "", "body": body}
                                        for seq, user, name, body in rows])
            connection.execute(_COUNT_IN, {"seqs": [seq for seq, _, _, _ in rows]})

    def remove(self, connection: Connection, seqs: Sequence[int]) -> None:
        if seqs:
            connection.execute(_REMOVE, {"seqs": list(seqs)})
            connection.execute(_UNUSED)

    def purge(self, connection: Connection) -> None:
        """Nothing more to do in the transaction: ``remove`` deleted the turns' rows and every
        term no other turn holds. (Deleted rows stay in PostgreSQL's pages and WAL until vacuum
        and checkpoints reuse them: see the README's PostgreSQL section.)"""

    # -- the primitives of the shared search ---------------------------------------------
    def _terms_of(self, session: Sql, words: set[str]) -> dict[str, tuple[str, ...]]:
        missing = sorted(w for w in words if w not in self._lexemes)
        if missing:
            found = session.execute(_LEXEMES, {"words": missing}).all()
            if len(self._lexemes) + len(found) > _WORD_CACHE:
                self._lexemes.clear()
            self._lexemes.update((word, tuple(lexemes)) for word, lexemes in found)
        return {w: self._lexemes.get(w, ()) for w in words}

    def _doc_freq(self, session: Sql, words: list[str], total: int) -> dict[str, int]:
        """A word of several lexemes ("it'll") is a phrase, in no more turns than its rarest part."""
        keys = self._terms_of(session, set(words))
        lexemes = sorted({x for w in words for x in keys[w]})
        counted = dict(session.execute(self._doc_counts(), {"terms": lexemes}).all()) if lexemes else {}
        return {w: min((int(counted.get(x, 0)) for x in keys[w]), default=0) for w in words}

    def _ranked(
        self, session: Sql, terms: list[str], user_id: str, scope: bool,
        conditions: Sequence[ColumnElement[bool]], *, limit: int, idf: dict[str, float],
    ) -> list[tuple[int, float]]:
        keys = self._terms_of(session, set(terms))
        # A phrase's parts share its idf: a turn holding the phrase scores what one word would.
        weights: dict[str, float] = {}
        for term in terms:
            for lexeme in keys[term]:
                weights[lexeme] = weights.get(lexeme, 0.0) + idf[term] / len(keys[term])
        rows = session.execute(self._filtered(self._matches(), user_id, conditions),
                               {"match": self._expression(terms, keys, user_id, scope), "weights": weights,
                                "limit": limit}).all()
        return [(int(seq), float(score)) for seq, score in rows]

    def _newest(
        self, session: Sql, term: str, user_id: str, scope: bool,
        conditions: Sequence[ColumnElement[bool]], *, limit: int,
    ) -> list[int]:
        keys = self._terms_of(session, {term})
        return list(session.execute(self._filtered(self._newest_matches(), user_id, conditions),
                                    {"match": self._expression([term], keys, user_id, scope), "limit": limit})
                    .scalars())

    @staticmethod
    def _expression(terms: list[str], keys: dict[str, tuple[str, ...]], user_id: str, scope: bool) -> str:
        """The tsquery (lexemes quoted: taken as they are) of any of ``terms``, scoped to the user."""
        match = " | ".join("(" + " <-> ".join(_quoted(x) for x in keys[t]) + ")" for t in terms if keys[t])
        return f"{_quoted(_scope_token(user_id))} & ({match})" if scope else match

    @staticmethod
    def _filtered(stmt: Select, user_id: str, conditions: Sequence[ColumnElement[bool]]) -> Select:
        if conditions:  # the scope token already limits rows to the user; join only to filter
            return stmt.join(EpisodeRow, EpisodeRow.seq == _fts.c.seq).where(EpisodeRow.user_id == user_id, *conditions)
        return stmt

    @staticmethod
    @cache
    def _matches() -> Select:
        """(seq, -BM25) of the best ``limit`` rows matching parameter ``match``."""
        score = (-bm25(_fts.c.doc, _fts.c.length, json_param("weights"))).label("score")
        return (select(_fts.c.seq, score).select_from(_fts).where(_matching())
                .order_by(score, _fts.c.seq.desc()).limit(bindparam("limit")))

    @staticmethod
    @cache
    def _newest_matches() -> Select:
        return (select(_fts.c.seq).select_from(_fts).where(_matching())
                .order_by(_fts.c.seq.desc()).limit(bindparam("limit")))

    @staticmethod
    @cache
    def _doc_counts() -> Select:
        return select(_stats.c.term, _stats.c.docs).where(one_of(_stats.c.term, "terms"))
