"""Forgetting, with nothing left dangling: episodes removed with their mentions, the facts only
they stated and the entities no longer named; facts restated elsewhere keep their other sources and
are reworded from them; a user forgotten whole.

All of it runs inside the caller's transaction, under MemoryDB's write lock.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from memdb.extract import Extractor
from memdb.extract.aliases import alias_keys, normalize_name
from memdb.extract.rules import MAX_FACT_CHARS
from memdb.fact_ends import refresh_end_stated, reopen
from memdb.store.writer_sql import FACT_STATED_FROM
from memdb.store.schema import (
    AliasRow, EntityRow, EpisodeRow, EpisodeTimeRow, FactRow, FactSourceRow, MentionRow, MetadataRow,
)


def remove_episodes(session: Session, seqs: Sequence[int], extractor: Extractor) -> None:
    """Delete episodes and everything that only they supported: mentions, facts whose every
    source is gone (restoring facts those had invalidated), and entities left with no mention.
    What survives keeps none of their words: a fact they stated first is worded again from a
    turn that still states it, and an entity keeps only the names its other mentions give it.
    ``extractor`` rereads the surviving turns."""
    if not seqs:
        return
    lost_names = session.execute(select(MentionRow.entity_seq, MentionRow.names).where(
        MentionRow.episode_seq.in_(seqs)).distinct()).all()
    entity_seqs = {entity for entity, _ in lost_names}
    fact_seqs = set(session.execute(select(FactSourceRow.fact_seq).where(FactSourceRow.episode_seq.in_(seqs))).scalars())
    session.execute(delete(FactSourceRow).where(FactSourceRow.episode_seq.in_(seqs)))
    session.execute(delete(MentionRow).where(MentionRow.episode_seq.in_(seqs)))
    session.execute(delete(EpisodeTimeRow).where(EpisodeTimeRow.episode_seq.in_(seqs)))
    session.execute(delete(MetadataRow).where(MetadataRow.episode_seq.in_(seqs)))
    session.execute(delete(EpisodeRow).where(EpisodeRow.seq.in_(seqs)))
    if fact_seqs:
        # A fact still stated by other turns is known from the earliest of them.
        earliest = dict(session.execute(
            select(FactSourceRow.fact_seq, func.min(EpisodeRow.occurred_at))
            .join(EpisodeRow, EpisodeRow.seq == FactSourceRow.episode_seq)
            .where(FactSourceRow.fact_seq.in_(fact_seqs)).group_by(FactSourceRow.fact_seq)
        ).all())
        _delete_facts(session, fact_seqs - earliest.keys())
        if earliest:
            session.connection().execute(FACT_STATED_FROM, [{"target": f, "at": at} for f, at in earliest.items()])
            refresh_end_stated(session.connection(), earliest.keys())
        _reword_facts(session, set(earliest), extractor)
    if entity_seqs:
        counts = dict(session.execute(
            select(MentionRow.entity_seq, func.count()).where(MentionRow.entity_seq.in_(entity_seqs))
            .group_by(MentionRow.entity_seq)
        ).all())
        orphans = entity_seqs - set(counts)
        if orphans:
            orphan_facts = set(session.execute(select(FactRow.seq).where(
                FactRow.subject_seq.in_(orphans) | FactRow.object_seq.in_(orphans)
            )).scalars())
            _delete_facts(session, orphan_facts)
            session.execute(delete(AliasRow).where(AliasRow.entity_seq.in_(orphans)))
            session.execute(delete(EntityRow).where(EntityRow.seq.in_(orphans)))
        for seq, count in counts.items():
            first, last = session.execute(
                select(func.min(EpisodeRow.occurred_at), func.max(EpisodeRow.occurred_at))
                .join(MentionRow, MentionRow.episode_seq == EpisodeRow.seq).where(MentionRow.entity_seq == seq)
            ).one()
            session.execute(update(EntityRow).where(EntityRow.seq == seq).values(
                mention_count=count, first_seen=first, last_seen=last
            ))
        _forget_names_no_longer_mentioned(session, [(e, n) for e, n in lost_names if e in counts])


def _reword_facts(session: Session, fact_seqs: set[int], extractor: Extractor) -> None:
    """Facts that lost a source but keep another: their words come from the earliest turn still
    stating them (the sentence the extractor reads the fact from; the turn's opening words if
    the rules no longer read it there)."""
    for seq, label, subject, obj in session.execute(
        select(FactRow.seq, FactRow.label, FactRow.subject_seq, FactRow.object_seq).where(FactRow.seq.in_(fact_seqs))
    ).all():
        content, speaker, at = session.execute(
            select(EpisodeRow.content, EpisodeRow.name, EpisodeRow.occurred_at)
            .join(FactSourceRow, FactSourceRow.episode_seq == EpisodeRow.seq).where(FactSourceRow.fact_seq == seq)
            .order_by(EpisodeRow.occurred_at, EpisodeRow.seq).limit(1)
        ).one()
        keys = dict(session.execute(select(AliasRow.key, AliasRow.entity_seq).where(
            AliasRow.entity_seq.in_([subject, obj]))).all())
        stated = next((c.fact for c in extractor.extract(content, speaker=speaker, occurred_at=at).facts
                       if c.label == label and keys.get(normalize_name(c.object)) == obj), None)
        session.execute(update(FactRow).where(FactRow.seq == seq).values(fact=stated or content[:MAX_FACT_CHARS]))


def _forget_names_no_longer_mentioned(session: Session, lost: Sequence[tuple[int, str | None]]) -> None:
    """Surviving entities whose deleted mentions named them in a way no other mention does keep
    only the aliases (and a display name) their other mentions give them. An entity whose
    mentions predate stored names (schema 3) is left alone."""
    unsure = {entity for entity, names in lost if names is None}
    entities = {entity for entity, names in lost if names is not None and entity not in unsure and session.execute(
        select(MentionRow.episode_seq).where(MentionRow.entity_seq == entity, MentionRow.names == names).limit(1)
    ).first() is None}  # usually none: another mention names the entity the same way
    for entity in entities:
        type_, current = session.execute(select(EntityRow.type, EntityRow.name).where(EntityRow.seq == entity)).one()
        found = set(session.execute(select(MentionRow.names).where(MentionRow.entity_seq == entity).distinct()).scalars())
        if None in found:
            continue
        names = {n for joined in found for n in joined.split("\n")}
        allowed = {key for n in names for key in alias_keys(n, type_)}
        session.execute(delete(AliasRow).where(AliasRow.entity_seq == entity, AliasRow.key.not_in(allowed)))
        if normalize_name(current) not in allowed:  # named by a deleted turn: the fullest name still used
            best = max(sorted(names), key=lambda n: len(normalize_name(n)))
            session.execute(update(EntityRow).where(EntityRow.seq == entity).values(name=best))


def _delete_facts(session: Session, fact_seqs: set[int]) -> None:
    if not fact_seqs:
        return
    reopen(session, fact_seqs)  # facts these had ended are true again as far as memory knows
    session.execute(delete(FactSourceRow).where(FactSourceRow.fact_seq.in_(fact_seqs)))
    session.execute(delete(FactRow).where(FactRow.seq.in_(fact_seqs)))


def forget_user(session: Session, user_id: str) -> None:
    """Delete every row of one user, in dependency order."""
    episodes = select(EpisodeRow.seq).where(EpisodeRow.user_id == user_id)
    facts = select(FactRow.seq).where(FactRow.user_id == user_id)
    entities = select(EntityRow.seq).where(EntityRow.user_id == user_id)
    session.execute(delete(FactSourceRow).where(FactSourceRow.fact_seq.in_(facts) | FactSourceRow.episode_seq.in_(episodes)))
    session.execute(delete(MentionRow).where(MentionRow.episode_seq.in_(episodes) | MentionRow.entity_seq.in_(entities)))
    session.execute(delete(FactRow).where(FactRow.user_id == user_id))
    session.execute(delete(AliasRow).where(AliasRow.user_id == user_id))
    session.execute(delete(EntityRow).where(EntityRow.user_id == user_id))
    session.execute(delete(EpisodeTimeRow).where(EpisodeTimeRow.episode_seq.in_(episodes)))
    session.execute(delete(MetadataRow).where(MetadataRow.user_id == user_id))
    session.execute(delete(EpisodeRow).where(EpisodeRow.user_id == user_id))
