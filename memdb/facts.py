"""Facts as a ``TimeView`` sees them: which facts, entities and turns a view shows (SQL
conditions), facts listed with their times and sources, and — for search — the facts the
candidate turns state about the query's entities and whether they hold at the asked time."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, Mapping, Sequence

from sqlalchemy import Select, and_, bindparam, or_, select, true
from sqlalchemy.orm import Session

from memdb.models import Fact
from memdb.store.expressions import Sql, narrowed, one_of
from memdb.store.schema import EntityRow, EpisodeRow, FactRow, FactSourceRow
from memdb.temporal import TimeView


# Edges the extractor draws between entities named together ("Maya … Toronto"), which no one
# stated: they connect the graph for retrieval and the inspector, but are no facts to list.
LINK_LABELS = ("related_to",)


def fact_holding(at: Any, recorded_before: Any = None):  # noqa: ANN201 - an SQL condition
    """SQL form of ``temporal.fact_holds``: begun by ``at`` and not ended by then with its end
    said by then (and, with ``recorded_before``, stored by then)."""
    told = [or_(FactRow.end_stated_at.is_(None), FactRow.end_stated_at <= at)]
    if recorded_before is not None:
        told.append(or_(FactRow.expired_at.is_(None), FactRow.expired_at <= recorded_before))
    return and_(
        or_(FactRow.valid_at.is_(None), FactRow.valid_at <= at),
        ~and_(FactRow.invalid_at.is_not(None), FactRow.invalid_at <= at, *told),
    )


def fact_visibility(as_of: Any = None, recorded_before: Any = None):  # noqa: ANN201 - an SQL condition
    """SQL form of a ``TimeView`` over facts (values or bound parameters): as of a moment of
    the conversation, ``temporal.fact_visible``; recorded before a time, stored by then."""
    conditions = []
    if as_of is not None:
        conditions += [FactRow.stated_at <= as_of, fact_holding(as_of, recorded_before)]
    if recorded_before is not None:
        conditions.append(FactRow.recorded_at <= recorded_before)
    return and_(true(), *conditions)


def entity_visibility(view: TimeView):  # noqa: ANN201 - an SQL condition
    """Entities mentioned in a turn said by ``as_of`` and stored by ``recorded_before``."""
    conditions = []
    if view.as_of is not None:
        conditions.append(EntityRow.first_seen <= view.as_of)
    if view.recorded_before is not None:
        conditions.append(EntityRow.recorded_at <= view.recorded_before)
    return and_(true(), *conditions)


def view_params(view: TimeView) -> dict[str, datetime | None]:
    return {"as_of": view.as_of, "recorded_before": view.recorded_before}


def bound_view(view: TimeView) -> tuple[bool, bool]:
    """The key of a statement built once per shape of view (see ``view_condition``)."""
    return view.as_of is not None, view.recorded_before is not None


def view_condition(shape: tuple[bool, bool]):  # noqa: ANN202 - an SQL condition
    as_of, recorded = shape
    return fact_visibility(bindparam("as_of") if as_of else None, bindparam("recorded_before") if recorded else None)


def touching_seeds():  # noqa: ANN201 - an SQL condition
    """Facts whose subject or object is one of the bound ``seeds``."""
    return or_(one_of(FactRow.subject_seq, "seeds"), one_of(FactRow.object_seq, "seeds"))


# Statements a search runs, built once (see store.expressions); values are bound per call.
_SOURCES_IN = select(FactSourceRow.fact_seq, FactSourceRow.episode_seq).where(one_of(FactSourceRow.episode_seq, "seqs"))


_FACTS_BY_SEQ = select(
    FactRow.seq, FactRow.user_id, FactRow.subject_seq, FactRow.object_seq, FactRow.label,
    FactRow.valid_at, FactRow.invalid_at, FactRow.stated_at, FactRow.end_stated_at, FactRow.recorded_at,
    FactRow.expired_at, FactRow.invalidated_by,
).where(one_of(FactRow.seq, "seqs"))
_SOURCES_OF = select(FactSourceRow.fact_seq, FactSourceRow.episode_seq).where(one_of(FactSourceRow.fact_seq, "seqs"))


@cache
def _latest_statements(view: tuple[bool, bool]) -> Select:
    """(episode, label, validity) of the latest episodes stating a fact about the seeds, among
    the facts stated and stored in the bound view (whether they still hold is told apart later)."""
    as_of, recorded = view
    stmt = (
        select(FactSourceRow.episode_seq, FactRow.label, FactRow.valid_at, FactRow.invalid_at, FactRow.end_stated_at,
               FactRow.expired_at, FactRow.invalidated_by)
        .join(FactRow, FactRow.seq == FactSourceRow.fact_seq)
        .join(EpisodeRow, EpisodeRow.seq == FactSourceRow.episode_seq)
        .where(FactRow.user_id == bindparam("user"), FactSourceRow.episode_seq > bindparam("after"), touching_seeds())
        .order_by(EpisodeRow.occurred_at.desc()).limit(bindparam("limit"))
    )
    if as_of:
        stmt = stmt.where(FactRow.stated_at <= bindparam("as_of"))
    return stmt.where(FactRow.recorded_at <= bindparam("recorded_before")) if recorded else stmt


def episode_visibility(view: TimeView) -> list:
    """SQL conditions on episodes of a ``TimeView``: said by ``as_of``, stored by ``recorded_before``."""
    out = []
    if view.as_of is not None:
        out.append(EpisodeRow.occurred_at <= view.as_of)
    if view.recorded_before is not None:
        out.append(EpisodeRow.recorded_at <= view.recorded_before)
    return out


def fact_sources(session: Session, view: TimeView, *conditions: Any) -> dict[int, list[str]]:
    """Fact seq → ids of the turns stating it (those in the view), earliest said first."""
    sources: dict[int, list[str]] = {}
    for fact_seq, episode_id in session.execute(
        select(FactSourceRow.fact_seq, EpisodeRow.id).join(EpisodeRow, EpisodeRow.seq == FactSourceRow.episode_seq)
        .where(*conditions, *episode_visibility(view)).order_by(EpisodeRow.occurred_at, EpisodeRow.seq)
    ).all():
        sources.setdefault(fact_seq, []).append(episode_id)
    return sources


def to_fact(row: FactRow, names: Mapping[int, str], episode_ids: Sequence[str], view: TimeView = TimeView()) -> Fact:
    """The fact as ``view`` sees it: an end not yet stated (or stored) then is not shown."""
    known = view.end_known(invalid_at=row.invalid_at, end_stated_at=row.end_stated_at, expired_at=row.expired_at)
    return Fact(
        id=row.seq, subject=names.get(row.subject_seq, "?"), label=row.label, object=names.get(row.object_seq, "?"),
        fact=row.fact, valid_at=row.valid_at, invalid_at=row.invalid_at if known else None,
        stated_at=row.stated_at, end_stated_at=row.end_stated_at if known else None, recorded_at=row.recorded_at,
        expired_at=row.expired_at if known else None, episode_ids=tuple(episode_ids),
    )


def load_facts(
    session: Session, user_id: str, *, entity_seq: int | None = None, view: TimeView = TimeView(),
    current_at: datetime | None = None, label: str | None = None, limit: int | None = None,
) -> list[Fact]:
    """Facts of a user (or touching one entity) in the view, oldest validity first; with
    ``current_at``, only those holding then. Co-occurrence links (``LINK_LABELS``) only when
    their ``label`` is asked for: nobody stated them."""
    stmt = select(FactRow).where(FactRow.user_id == user_id, fact_visibility(view.as_of, view.recorded_before))
    if entity_seq is not None:
        stmt = stmt.where(or_(FactRow.subject_seq == entity_seq, FactRow.object_seq == entity_seq))
    if current_at is not None:
        stmt = stmt.where(fact_holding(current_at, view.recorded_before))
    stmt = stmt.where(FactRow.label == label if label is not None else FactRow.label.not_in(LINK_LABELS))
    rows = session.execute(stmt.order_by(FactRow.valid_at, FactRow.seq).limit(limit)).scalars().all()
    if not rows:
        return []
    entity_ids = {r.subject_seq for r in rows} | {r.object_seq for r in rows}
    names = dict(session.execute(select(EntityRow.seq, EntityRow.name).where(EntityRow.seq.in_(entity_ids))).all())
    sources = fact_sources(session, view, FactSourceRow.fact_seq.in_([r.seq for r in rows]))
    return [to_fact(r, names, sources.get(r.seq, []), view) for r in rows]


def fact_support(
    session: Sql, user_id: str, seeds: Sequence[int], candidates: Sequence[int] | None, *, at: datetime,
    view: TimeView = TimeView(), during: Sequence[tuple[datetime | None, datetime | None]] = (),
    conditions: Sequence = (), limit: int = 200, after_seq: int = 0,
) -> dict[int, list[tuple[str, bool]]]:
    """Episode seq → [(label, holds)] of the facts it states about the seed entities, among
    ``candidates`` (or the latest ``limit`` such episodes when None, stored after ``after_seq``:
    a fact restated in every tenth turn has a hundred thousand sources at a million turns).
    ``holds`` is False for a fact that has ended by ``at`` (and whose end was said by then and
    by the view's ``as_of``) —
    or, when the query names periods (``during``), one that did not hold in any of them; facts
    not yet begun, or not stated or stored in the ``view``, are left out."""
    if not seeds or (candidates is not None and not candidates):
        return {}
    if candidates is not None:
        stated = _facts_stated_in(session, user_id, seeds, candidates, view=view)
    else:
        # Of a period ("where did she live in March 2022"), the statements of what held then,
        # however long before it they were made.
        stated = session.execute(
            narrowed(_latest_statements(bound_view(view)), [*conditions, *([_held_in(during)] if during else [])]),
            {"user": user_id, "after": after_seq, "seeds": seeds, "limit": limit, **view_params(view)},
        ).all()
    out: dict[int, list[tuple[str, bool]]] = {}
    told = TimeView(min(at, view.as_of) if view.as_of is not None else at, view.recorded_before)
    # An end a turn tells itself ("my last day at Acme is Friday": the job, then its end) makes it
    # news of a change, not a statement gone stale: that ended fact is left out of what it says now.
    enders = {row[6] for row in stated if row[6] is not None}
    ended_there = set(session.execute(_SOURCES_OF, {"seqs": enders}).all()) if enders and not during else set()
    for episode, label, valid_at, invalid_at, end_stated_at, expired_at, ender in stated:
        if valid_at is not None and valid_at > at:
            continue
        if not told.end_known(invalid_at=invalid_at, end_stated_at=end_stated_at, expired_at=expired_at):
            invalid_at = None  # its end was said (or stored) only later: as far as was told, it still held
        if during:  # held at some moment of a named period ("in March 2022")
            holds = any((end is None or valid_at is None or valid_at < end)
                        and (start is None or invalid_at is None or invalid_at > start) for start, end in during)
        else:
            holds = invalid_at is None or invalid_at > at
            if not holds and (ender, episode) in ended_there:
                continue
        out.setdefault(int(episode), []).append((label, holds))
    return out


def _held_in(periods: Sequence[tuple[datetime | None, datetime | None]]):  # noqa: ANN202 - an SQL condition
    """Facts that held at some moment of one of the periods (half-open, either side open)."""
    return or_(*(and_(true() if end is None else or_(FactRow.valid_at.is_(None), FactRow.valid_at < end),
                      true() if start is None else or_(FactRow.invalid_at.is_(None), FactRow.invalid_at > start))
                 for start, end in periods))


def _facts_stated_in(
    session: Sql, user_id: str, seeds: Sequence[int], episodes: Sequence[int], *, view: TimeView,
) -> list[tuple[int, str, datetime | None, datetime | None, datetime | None, datetime | None, int | None]]:
    """(episode, label, valid_at, invalid_at, end_stated_at, expired_at, invalidated_by) of the seed entities' facts that the
    given episodes state. Two lookups by key, joined here: with no statistics, SQLite would
    start from the user's facts and probe every one of them against every episode."""
    sources = session.execute(_SOURCES_IN, {"seqs": episodes}).all()
    if not sources:
        return []
    wanted = set(seeds)
    facts = {
        row.seq: row for row in session.execute(_FACTS_BY_SEQ, {"seqs": {f for f, _ in sources}}).all()
        if row.user_id == user_id and (row.subject_seq in wanted or row.object_seq in wanted)
        and (view.as_of is None or row.stated_at <= view.as_of)
        and (view.recorded_before is None or row.recorded_at <= view.recorded_before)
    }
    return [(episode, f.label, f.valid_at, f.invalid_at, f.end_stated_at, f.expired_at, f.invalidated_by)
            for fact, episode in sources if (f := facts.get(fact)) is not None]
