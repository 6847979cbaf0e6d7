"""API keys of the HTTP server, kept in the memory database itself so ``memdb keys …`` works offline.

A key is ``mdb_`` + 43 random URL-safe characters, shown once at creation; only its sha256 is
stored. Each key belongs to one tenant, a slug ``[a-z0-9-]{1,40}`` that the server puts in front
of every user id. Three kinds, none of which reads another's data:

- a tenant key reads and writes its tenant's memory;
- an admin key (``admin=True``) manages its tenant's keys only, and reads no memory;
- an operator key (``operator=True``, tenant ``*``) manages the keys of every tenant and reads no
  memory. It is made only from the command line on the data folder (``memdb keys create
  --operator``), never over HTTP.

The two errors here complete the tree in ``memdb.errors`` for callers of the server::

    MemdbError
    ├── AuthenticationError         401  unauthenticated
    └── PermissionDeniedError       403  forbidden
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from memdb.db import MemoryDB
from memdb.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from memdb.store.schema import KeyRow

TOKEN_PREFIX = "mdb_"
TENANT_PATTERN = re.compile(r"[a-z0-9-]{1,40}")
MAX_NAME_CHARS = 128
#: The tenant of operator keys: no tenant slug can be it.
OPERATOR = "*"


@dataclass(frozen=True)
class KeyInfo:
    """What is known of a key besides its secret: ``prefix`` is its first characters, for display."""

    id: int
    tenant: str
    name: str
    prefix: str
    admin: bool
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def operator(self) -> bool:
        """An admin key of every tenant (see the module's docstring)."""
        return self.tenant == OPERATOR


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _info(row: KeyRow) -> KeyInfo:
    return KeyInfo(id=row.id, tenant=row.tenant, name=row.name, prefix=row.prefix, admin=row.admin,
                   created_at=row.created_at, revoked_at=row.revoked_at)


def check_tenant(tenant: object) -> str:
    if not isinstance(tenant, str) or not TENANT_PATTERN.fullmatch(tenant):
        raise InvalidInputError("tenant must be 1-40 characters of a-z, 0-9 and '-'", details={"field": "tenant"})
    return tenant


def new_tenant() -> str:
    return "t-" + secrets.token_hex(6)


def create_key(db: MemoryDB, tenant: str | None, name: str, *, admin: bool = False,
               operator: bool = False) -> tuple[str, KeyInfo]:
    """A new key for ``tenant`` (a fresh slug when None), or an operator key (no tenant); returns
    the token, which is not stored."""
    if operator:
        if tenant is not None:
            raise InvalidInputError("an operator key manages every tenant: give it no tenant", details={"field": "tenant"})
        tenant, admin = OPERATOR, True
    else:
        tenant = new_tenant() if tenant is None else check_tenant(tenant)
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS or not name.isprintable():
        raise InvalidInputError(f"name must be 1-{MAX_NAME_CHARS} printable characters", details={"field": "name"})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = KeyRow(tenant=tenant, name=name.strip(), key_hash=_hash(token), prefix=token[:8], admin=bool(admin),
                 created_at=datetime.now(UTC))
    with db.store.session(write=True) as s:
        s.add(row)
        s.flush()
        return token, _info(row)


def list_keys(db: MemoryDB, *, tenant: str | None = None) -> list[KeyInfo]:
    stmt = select(KeyRow).order_by(KeyRow.id)
    if tenant is not None:
        stmt = stmt.where(KeyRow.tenant == check_tenant(tenant))
    with db.store.session() as s:
        return [_info(r) for r in s.execute(stmt).scalars()]


def managed_tenant(manager: KeyInfo, tenant: str | None) -> str | None:
    """The tenant whose keys ``manager`` (an admin key) acts on when a request names ``tenant``:
    an operator key any (None: not named), an admin key its own only."""
    if manager.operator:
        return tenant
    if tenant is not None and tenant != manager.tenant:
        raise PermissionDeniedError(f"this admin key manages the keys of tenant {manager.tenant!r} only",
                                    details={"tenant": manager.tenant})
    return manager.tenant


def revoke_key(db: MemoryDB, key_id: int, *, tenant: str | None = None) -> KeyInfo:
    """Revoke a key from now on (only one of ``tenant``'s, when given); revoking it again changes
    nothing."""
    if isinstance(key_id, bool) or not isinstance(key_id, int):
        raise InvalidInputError("key id must be an integer", details={"field": "key_id"})
    with db.store.session(write=True) as s:
        row = s.get(KeyRow, key_id) if 0 <= key_id < 2**63 else None
        if row is not None and tenant is not None and row.tenant != tenant:
            row = None  # another tenant's key is one that does not exist
        if row is None:
            raise NotFoundError(f"no key {key_id}", details={"key_id": key_id})
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
        return _info(row)


def verify_key(db: MemoryDB, token: str) -> KeyInfo | None:
    """The live key this token is, or None (unknown, revoked, or not a key at all)."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 256:
        return None
    digest = _hash(token)
    with db.store.session() as s:
        row = s.execute(select(KeyRow).where(KeyRow.key_hash == digest)).scalar()
        if row is None or not hmac.compare_digest(row.key_hash, digest) or row.revoked_at is not None:
            return None
        return _info(row)
