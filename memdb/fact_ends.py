"""How a fact's end is kept true to its ender: dated when the ender comes (``ends_at``), undone when
the ender goes (a turn deleted, a plan called off), re-dated in knowledge time when the ender's
statement moves (memdb/knowledge.py, memdb/forgetting.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Collection, Protocol

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session

from memdb.store.schema import FactRow

class Dated(Protocol):
    """A fact as the writer holds it: since when it held, and when the conversation said so."""

    @property
    def valid_at(self) -> datetime | None: ...

    @property
    def stated_at(self) -> datetime: ...


def ends_at(ended: Dated, by: Dated) -> datetime | None:
    """When ``by`` (a new value, or an end) ends ``ended``, or None when it began after ``by``.
    Told before the change and valid from then, ``ended`` may be dated later than a change
    told loosely ("I live in Leeds" on the 4th of March; in May, "I moved to York in March"):
    it held when told, so it ends then."""
    if ended.valid_at is None or by.valid_at is None or ended.valid_at <= by.valid_at:
        return by.valid_at
    if (ended.stated_at <= by.stated_at and ended.valid_at == ended.stated_at
            and _told_loosely_over(by.valid_at, ended.valid_at)):
        return ended.valid_at
    return None


def _told_loosely_over(told: datetime, moment: datetime) -> bool:
    """Does a date told by its month or year ("in March", "in 2024": the 1st at midnight) or by
    its day or week ("last week", "on Monday": midnight) reach past ``moment``?"""
    if told.time() != datetime.min.time():
        return False
    if told.day == 1:
        ahead = told.replace(year=told.year + 1) if told.month == 1 else (
            told.replace(day=28) + timedelta(days=4)).replace(day=1)
    else:
        ahead = told + timedelta(days=7)
    return told < moment < ahead


_facts = FactRow.__table__.c
_END_STATED = update(FactRow.__table__).where(_facts.seq == bindparam("target")).values(
    end_stated_at=bindparam("at"))


def reopen(connection: Connection | Session, enders: Collection[int]) -> None:
    """The facts ``enders`` had ended (``invalidated_by``) hold again, as far as memory knows: an
    ender deleted, a plan called off. Facts among ``enders`` themselves are left as they are."""
    enders = list(enders)
    connection.execute(update(FactRow.__table__).where(_facts.invalidated_by.in_(enders), _facts.seq.not_in(enders))
                       .values(invalid_at=None, end_stated_at=None, expired_at=None, invalidated_by=None))


def refresh_end_stated(connection: Connection, enders: Collection[int]) -> None:
    """Facts ended by one of ``enders`` learned it when the later of the two was stated: set
    again after an ender's ``stated_at`` changed (a restatement said earlier, a source deleted)."""
    if not enders:
        return
    stated = FactRow.__table__.alias("ender")
    rows = connection.execute(
        select(_facts.seq, _facts.stated_at, stated.c.stated_at).join(stated, stated.c.seq == _facts.invalidated_by)
        .where(_facts.invalidated_by.in_(list(enders)))
    ).all()
    if rows:
        connection.execute(_END_STATED, [{"target": seq, "at": max(own, ender)} for seq, own, ender in rows])
