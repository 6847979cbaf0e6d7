"""Tenancy by construction: the server stores a tenant's user ``u`` as ``"<tenant>:u"``.

Tenants are slugs without ":", and every query of the library filters by user id, so another
tenant's ids behave exactly like ids that do not exist. This is the only place that builds or
strips the prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from memdb.errors import InvalidInputError
from schemas.models import MAX_USER_ID_CHARS


@dataclass(frozen=True)
class Scope:
    """One end user of one tenant: ``user`` is the caller's id, ``key`` the library's."""

    tenant: str
    user: str

    @property
    def key(self) -> str:
        return prefix(self.tenant) + self.user


def prefix(tenant: str) -> str:
    """What every user id of ``tenant`` starts with in the library."""
    return f"{tenant}:"


def scoped(tenant: str, user_id: str) -> Scope:
    user = user_id.strip()
    if not user or len(user) > MAX_USER_ID_CHARS or not user.isprintable():
        raise InvalidInputError(f"user_id must be 1-{MAX_USER_ID_CHARS} printable characters",
                                details={"field": "user_id"})
    return Scope(tenant, user)


def users_of(tenant: str, user_ids: list[str]) -> list[str]:
    """The tenant's users among the library's user ids, without the prefix."""
    start = prefix(tenant)
    return [u[len(start):] for u in user_ids if u.startswith(start)]
