"""A private PostgreSQL cluster in a folder, on a loopback port: for tests, benchmarks and
trying memdb on PostgreSQL without administering a server.

``initdb`` in ``folder/data``, started with ``pg_ctl`` on 127.0.0.1 (and a Unix socket inside the
folder, so nothing is written to /var/run). Trust authentication on loopback only: a cluster
for one machine's tries, never a production server. PostgreSQL refuses to run as root, so
when this process is root the cluster belongs to a dedicated OS user (``memdb-pg``, created
with ``useradd`` if missing) and its commands run through ``runuser``.

    with LocalCluster(Path("/tmp/pg")) as cluster:     # initdb (once) and start
        cluster.create_database("memdb")
        MemoryDB(url=cluster.url("memdb"))

The binaries are found with ``pg_config --bindir``, then in Debian's /usr/lib/postgresql/*/bin
(newest first); ``MEMDB_PG_BINDIR`` overrides both.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
from pathlib import Path
from types import TracebackType

from memdb.errors import ConfigError, StorageError

__all__ = ["LocalCluster", "find_bindir"]

OS_USER = "memdb-pg"  # who owns the cluster when this process is root
SUPERUSER = "memdb"  # the database role initdb creates
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def find_bindir() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``; ConfigError if there is none."""
    candidates: list[Path] = []
    if os.environ.get("MEMDB_PG_BINDIR"):
        candidates.append(Path(os.environ["MEMDB_PG_BINDIR"]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if found:
            candidates.append(Path(found))
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        candidates += sorted((p / "bin" for p in debian.iterdir()), key=lambda p: p.parent.name, reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise ConfigError("PostgreSQL's server programs (initdb, pg_ctl) were not found: install them "
                      "('apt-get install postgresql-15' on Debian) or set MEMDB_PG_BINDIR")


def system_program(name: str) -> str:
    """``runuser``, ``useradd``: on the PATH, or in the system folders a root shell without them on its
    PATH still has (Debian's ``su`` keeps the caller's PATH, without /usr/sbin)."""
    return shutil.which(name) or next(
        (str(p) for p in (Path(d) / name for d in ("/usr/sbin", "/sbin", "/usr/bin", "/bin")) if p.is_file()), name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _os_user() -> str | None:
    """The OS user to run PostgreSQL as: None when not root (this process's user runs it)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(OS_USER)
    except KeyError:
        made = subprocess.run(
            [system_program("useradd"), "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER],
            capture_output=True, text=True, check=False)
        try:  # another process may have created it meanwhile: only its absence is an error
            pwd.getpwnam(OS_USER)
        except KeyError:
            raise ConfigError(f"cannot create the OS user {OS_USER} to run PostgreSQL as: {made.stderr.strip()}") \
                from None
    return OS_USER


class LocalCluster:
    """One PostgreSQL cluster in ``folder`` (created there at the first ``start``). ``port``
    defaults to the one it was created with, else a free one. ``durable=False`` turns fsync
    off: for tests, whose data need not survive a power cut."""

    def __init__(self, folder: str | Path, *, port: int | None = None, durable: bool = True) -> None:
        self.folder = Path(folder).resolve()
        self.data = self.folder / "data"
        self.log = self.folder / "postgresql.log"
        self.durable = durable
        self.bindir = find_bindir()
        self._user = _os_user()
        self._asked_port = port
        self.port = port or self._configured_port() or free_port()

    # -- life cycle ----------------------------------------------------------------------
    def __enter__(self) -> "LocalCluster":
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def initialized(self) -> bool:
        return (self.data / "PG_VERSION").is_file()

    def init(self) -> None:
        """``initdb`` (UTF-8, C collation: text sorts by code point, as on SQLite), unless done."""
        if self.initialized:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self._own(self.folder)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                  "--locale=C", "--no-instructions")
        settings = {"listen_addresses": "'127.0.0.1'", "max_connections": "200", "shared_buffers": "'128MB'",
                    "logging_collector": "off"}
        if not self.durable:
            settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
        self._configure(settings)

    def make_standby(self, folder: str | Path, *, port: int | None = None) -> "LocalCluster":
        """A streaming hot standby of this (running) cluster in ``folder``, started on its own
        loopback ``port``: ``pg_basebackup -R`` copies the data and leaves the settings that make
        it follow this server's log (the replication connection uses initdb's loopback trust
        rule); it answers reads only. Kept in ``folder`` for the next call, which just starts it."""
        standby = LocalCluster(folder, port=port, durable=self.durable)
        if not standby.initialized:
            standby._check_reachable()
            standby.folder.mkdir(parents=True, exist_ok=True)
            standby._own(standby.folder)
            self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, "-D",
                      str(standby.data), "-R", "-X", "stream", "-c", "fast", "-w")
            standby._configure({"hot_standby": "on", "hot_standby_feedback": "on"})
        standby.start()
        return standby

    def _configure(self, settings: dict[str, str]) -> None:
        """Append ``settings``, and this cluster's port and socket folder, to postgresql.conf (the
        last value of a setting is the one PostgreSQL takes)."""
        settings = {**settings, "port": str(self.port), "unix_socket_directories": f"'{self.folder}'"}
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# memdb LocalCluster\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))

    def start(self) -> None:
        """Create the cluster if needed and start it; returns once it accepts connections. A
        server already running on the folder's data (one a killed process left) is used, on its
        port: ConfigError if another port was asked for."""
        self._check_reachable()  # before anything is made
        self.init()
        running = self.postmaster()
        if running is not None:
            pid, port = running
            if self._asked_port not in (None, port):
                raise ConfigError(f"PostgreSQL of {self.data} already runs (pid {pid}) on port {port}, not "
                                  f"{self._asked_port}: stop it (pg_ctl -D {self.data} stop) or ask for port {port}")
            self.port = port
            return
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", f"-p {self.port}", "start")

    def stop(self, *, mode: str = "fast") -> None:
        """Stop the server (``fast``: roll back open transactions; ``immediate``: as a crash)."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", mode, "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        if not self.initialized:
            return False
        done = self._run("pg_ctl", "-D", str(self.data), "status", check=False)
        return done.returncode == 0

    def postmaster(self) -> tuple[int, int] | None:
        """(pid, port) of the server running on this folder's data, else None."""
        if not self.running:
            return None
        lines = (self.data / "postmaster.pid").read_text(encoding="utf-8").splitlines()
        return int(lines[0]), int(lines[3])  # PostgreSQL writes its pid first, its port fourth

    def remove(self) -> None:
        """Stop the server and delete the folder."""
        self.stop(mode="immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- databases -----------------------------------------------------------------------
    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` on this cluster (loopback TCP)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create database ``name`` (a copy of ``template`` if given); returns its URL."""
        self.sql(f"CREATE DATABASE {_checked(name)}" + (f" TEMPLATE {_checked(template)}" if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {_checked(name)} WITH (FORCE)")

    def sql(self, statement: str, *, database: str = "postgres") -> str:
        """Run one statement with ``psql`` (autocommit, as CREATE DATABASE needs); its output."""
        done = self._run("psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                         "-p", str(self.port), "-U", SUPERUSER, "-d", database, "-c", statement)
        return done.stdout.strip()

    # -- plumbing ------------------------------------------------------------------------
    def _configured_port(self) -> int | None:
        conf = self.data / "postgresql.conf"
        if not conf.is_file():
            return None
        found = re.findall(r"^port = (\d+)$", conf.read_text(encoding="utf-8"), flags=re.M)
        return int(found[-1]) if found else None

    def _check_reachable(self) -> None:
        """When root runs PostgreSQL as ``OS_USER``, that user must enter every folder above the
        cluster's (initdb would fail with a bare 'Permission denied', or PostgreSQL not start):
        ConfigError naming the first one it cannot enter. Asked of the OS as that user
        (``test -x``), so ACLs count as they will for PostgreSQL."""
        if self._user is None:
            return
        above = [f for f in reversed(self.folder.parents) if f.is_dir()]
        if not above or self._may_enter(above[-1]):  # one check when all is well
            return
        blocked = next(f for f in above if not self._may_enter(f))
        stat = blocked.stat()
        try:
            owner = pwd.getpwuid(stat.st_uid).pw_name
        except KeyError:
            owner = str(stat.st_uid)
        raise ConfigError(
            f"PostgreSQL refuses to run as root, so it runs as the OS user {self._user}, who cannot enter {blocked} "
            f"(mode {stat.st_mode & 0o777:o}, owner {owner}): put the cluster in a folder {self._user} can reach, "
            f"such as /tmp/memdb-pg or /var/lib/memdb-pg, or let it through with 'chmod o+x {blocked}'",
            details={"folder": str(blocked), "user": self._user})

    def _may_enter(self, folder: Path) -> bool:
        assert self._user is not None
        return subprocess.run([system_program("runuser"), "-u", self._user, "--", "test", "-x", str(folder)],
                              capture_output=True, check=False).returncode == 0

    def _own(self, path: Path) -> None:
        if self._user is not None:
            shutil.chown(path, self._user, self._user)

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / program), *args]
        if self._user is not None:
            command = [system_program("runuser"), "-u", self._user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True,
                              cwd=self.folder if self.folder.is_dir() else None, check=False)
        if check and done.returncode != 0:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:] if self.log.is_file() else ""
            raise StorageError(f"{program} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
                               + (f"\n--- {self.log} ---\n{tail}" if tail else ""))
        return done


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ConfigError(f"not a plain database name: {name!r} (lower-case letters, digits, _)")
    return name

