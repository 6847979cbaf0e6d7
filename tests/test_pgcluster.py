"""The private PostgreSQL cluster tests and local tries run on (memdb/store/pgcluster.py)."""

from __future__ import annotations

import psycopg
import pytest

from memdb import ConfigError
from memdb.store.pgcluster import LocalCluster


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def test_a_cluster_serves_databases_on_loopback_with_code_point_order(pg_cluster: LocalCluster) -> None:
    assert pg_cluster.running
    url = pg_cluster.create_database("cluster_check")
    try:
        with _connect(url) as connection:
            # C collation: text sorts by code point, as SQLite compares it ("Z" before "a").
            assert [r[0] for r in connection.execute("SELECT x FROM (VALUES ('a'), ('Z'), ('_')) v(x) ORDER BY x")] \
                == ["Z", "_", "a"]
            assert connection.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
    finally:
        pg_cluster.drop_database("cluster_check")
    assert "cluster_check" not in pg_cluster.sql("SELECT datname FROM pg_database")


def test_database_names_are_checked(pg_cluster: LocalCluster) -> None:
    with pytest.raises(ConfigError):
        pg_cluster.create_database("x; DROP DATABASE postgres")


def test_a_root_shell_without_sbin_on_its_path_still_runs_a_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    """Debian's ``su`` keeps the caller's PATH, without /usr/sbin: ``runuser`` and ``useradd`` are
    looked for in the system folders too (a fresh clone's suite failed every PostgreSQL test so)."""
    import os

    from memdb.store.pgcluster import system_program
    from tests.conftest import private_pg_cluster

    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    if os.getuid() == 0:
        assert system_program("runuser").endswith("sbin/runuser")
    with private_pg_cluster() as cluster:
        assert cluster.running
