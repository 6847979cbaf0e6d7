"""The statements the knowledge writer (memdb/knowledge.py) runs, built once: a batch creates an entity every
other turn or so, and building a statement (or going through the ORM's bulk paths) cost more than running it.
Executed on the session's connection: these tables are only ever written there, with Core, so no pending ORM
object needs flushing first."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update

from memdb.store.expressions import one_of
from memdb.store.schema import AliasRow, EntityRow, FactRow, FactSourceRow, MentionRow

NEW_ENTITY = insert(EntityRow.__table__).returning(EntityRow.__table__.c.seq)
NEW_ALIAS = insert(AliasRow.__table__)
NEW_MENTION = insert(MentionRow.__table__)
ENTITY_CHANGED = update(EntityRow.__table__).where(EntityRow.__table__.c.seq == bindparam("entity")).values(
    name=bindparam("name"), first_seen=bindparam("first_seen"), last_seen=bindparam("last_seen"),
    mention_count=bindparam("mention_count"),
)
ENTITY_STATES = select(
    EntityRow.seq, EntityRow.name, EntityRow.first_seen, EntityRow.last_seen, EntityRow.mention_count,
).where(one_of(EntityRow.seq, "seqs"))
_facts = FactRow.__table__.c
# Facts of a subject and label still valid: the writer compares a new statement with them.
CURRENT_FACTS = select(_facts.seq, _facts.object_seq, _facts.valid_at, _facts.stated_at, _facts.recorded_at).where(
    _facts.user_id == bindparam("user"), _facts.subject_seq == bindparam("subject"),
    _facts.label == bindparam("label"), _facts.invalid_at.is_(None),
).order_by(_facts.seq)
NEW_FACT = insert(FactRow.__table__).returning(_facts.seq)
NEW_SOURCE = insert(FactSourceRow.__table__)
SOURCE_EXISTS = select(FactSourceRow.__table__.c.fact_seq).where(
    FactSourceRow.__table__.c.fact_seq == bindparam("fact"), FactSourceRow.__table__.c.episode_seq == bindparam("episode"))
FACT_VALID_FROM = update(FactRow.__table__).where(_facts.seq == bindparam("target")).values(valid_at=bindparam("valid_at"))
FACT_STATED_FROM = update(FactRow.__table__).where(_facts.seq == bindparam("target")).values(stated_at=bindparam("at"))
FACT_ENDED = update(FactRow.__table__).where(_facts.seq == bindparam("target")).values(
    invalid_at=bindparam("invalid_at"), end_stated_at=bindparam("end_stated_at"), expired_at=bindparam("expired_at"),
    invalidated_by=bindparam("invalidated_by"))
ENTITY_NAME = select(EntityRow.name).where(EntityRow.seq == bindparam("entity"))
# A plan's facts: a home, job or school still to come when a turn calls it off ("not moving to
# Edinburgh after all"), and what its coming would have ended.
PLANNED = ("moving_to", "lives_in", "works_at", "works_as", "studies_at")
PENDING = select(_facts.seq, _facts.object_seq, _facts.valid_at, _facts.stated_at, _facts.recorded_at).where(
    _facts.user_id == bindparam("user"), _facts.subject_seq == bindparam("subject"), _facts.label.in_(PLANNED),
    _facts.invalid_at.is_(None), _facts.valid_at > bindparam("at"),
).order_by(_facts.seq)
# A user's aliases among some keys: the writer resolves names through it, and so does search.
ALIASES_NAMED = select(AliasRow.key, AliasRow.entity_seq).where(
    AliasRow.user_id == bindparam("user"), one_of(AliasRow.key, "keys"))
# A subject's current objects of a label, with the statement and the object's name: whom "my
# sister" means, what "my job" or "our cat" is.
CURRENT_OBJECTS = select(_facts.object_seq, _facts.fact, EntityRow.name).join(EntityRow, EntityRow.seq == _facts.object_seq).where(
    _facts.user_id == bindparam("user"), _facts.subject_seq == bindparam("subject"), _facts.label == bindparam("label"),
    _facts.invalid_at.is_(None))
# A current fact an unnamed end can mean: told before the turn the end is read from, or in it but
# not in place of another ("handing my notice in, I start at Calder on the 29th" ends the old job,
# not Calder; "I had a cat, Miso, but she died" still ends Miso).
_REPLACED = FactRow.__table__.alias("replaced")
_ENDABLE = (_facts.stated_at < bindparam("said")) | ~select(_REPLACED.c.seq).where(
    _REPLACED.c.invalidated_by == _facts.seq).exists()
CURRENT_FACTS_TOLD_BACKWARDS = select(
    _facts.seq, _facts.subject_seq, _facts.valid_at, _facts.stated_at, _facts.recorded_at).where(
    _facts.user_id == bindparam("user"), _facts.object_seq == bindparam("subject"),
    _facts.label == bindparam("label"), _facts.invalid_at.is_(None),
).order_by(_facts.seq)
CURRENT_SUBJECTS = select(_facts.subject_seq, _facts.fact, EntityRow.name).join(EntityRow, EntityRow.seq == _facts.subject_seq).where(
    _facts.user_id == bindparam("user"), _facts.object_seq == bindparam("subject"), _facts.label == bindparam("label"),
    _facts.invalid_at.is_(None), _ENDABLE)
CURRENT_OBJECTS_ENDABLE = CURRENT_OBJECTS.where(_ENDABLE)
SOURCES = select(FactSourceRow.__table__.c.episode_seq).where(FactSourceRow.__table__.c.fact_seq == bindparam("fact"))
ENTITY_TYPE = select(EntityRow.type).where(EntityRow.seq == bindparam("entity"))
EVER_STATED = select(_facts.seq).where(
    _facts.user_id == bindparam("user"), _facts.subject_seq == bindparam("subject"), _facts.label == bindparam("label"),
    _facts.object_seq == bindparam("object")).limit(1)
