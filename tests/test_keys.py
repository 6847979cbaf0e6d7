"""API keys: stored hashed, bound to a tenant, revocable."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from memdb import InvalidInputError, MemoryDB, NotFoundError
from memdb.keys import create_key, list_keys, revoke_key, verify_key
from memdb.store.schema import KeyRow

from tests.conftest import on_both_backends

db = pytest.fixture(name="db")(on_both_backends)  # every test here runs on SQLite and on PostgreSQL


def test_a_key_verifies_to_its_tenant_and_only_its_hash_is_stored(db: MemoryDB) -> None:
    token, info = create_key(db, "acme", "bot")
    assert token.startswith("mdb_") and len(token) > 40
    assert verify_key(db, token) == info and info.tenant == "acme" and not info.admin
    with db.store.session() as s:
        row = s.execute(select(KeyRow)).scalar_one()
        assert row.key_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (row.key_hash, row.prefix, row.name)
    assert info.prefix == token[:8]


def test_unknown_tampered_and_revoked_keys_do_not_verify(db: MemoryDB) -> None:
    token, info = create_key(db, "acme", "bot")
    for bad in ("", "mdb_", token[:-1], token + "x", token.upper(), "Bearer " + token, "x" * 10_000, None):
        assert verify_key(db, bad) is None  # type: ignore[arg-type]
    revoked = revoke_key(db, info.id)
    assert revoked.revoked_at is not None and verify_key(db, token) is None
    assert revoke_key(db, info.id).revoked_at == revoked.revoked_at  # idempotent


def test_new_tenant_slug_listing_and_bad_input(db: MemoryDB) -> None:
    _, generated = create_key(db, None, "fresh")
    _, other = create_key(db, "other", "o", admin=True)
    assert generated.tenant.startswith("t-") and ":" not in generated.tenant
    assert [k.id for k in list_keys(db)] == [generated.id, other.id]
    assert list_keys(db, tenant="other") == [other]
    for tenant in ("Acme", "a:b", "", "x" * 41, "ü"):
        with pytest.raises(InvalidInputError):
            create_key(db, tenant, "n")
    with pytest.raises(InvalidInputError):
        create_key(db, "acme", "")
    with pytest.raises(NotFoundError):
        revoke_key(db, 999)
