"""How a fact's end is kept true to its ender: undone when the ender goes (a turn deleted, a plan
called off), re-dated in knowledge time when the ender's statement moves (memdb/knowledge.py,
memdb/forgetting.py)."""

from __future__ import annotations

from typing import Collection

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session

from memdb.store.schema import FactRow

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
