#!/usr/bin/env bash
# One entry point for the README's two commands:
#   ./run.sh demo   set up .venv and run the demo (SQLite + FAISS in ./memdb-demo)
#   ./run.sh test   set up .venv with test extras and run the test suite
set -euo pipefail
cd "$(dirname "$0")"
export PIP_CONSTRAINT="$PWD/constraints.txt"   # torch==2.13.0: the CPU wheel, never CUDA
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
PY=${PYTHON:-python3}

setup() {
  local extras=$1
  if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
  local stamp=".venv/.installed-$extras-$(cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    .venv/bin/pip install -q torch==2.13.0
    .venv/bin/pip install -q -e ".[$extras]"
    touch "$stamp"
  fi
}

# The inspector's browser tests drive Debian's Chromium: install it when it is missing and this
# shell may (root, or sudo without a password), else say what to install. Never skipped in CI.
browser() {
  local chromium=${MEMDB_CHROMIUM:-/usr/bin/chromium} sudo=""
  if [ -x "$chromium" ] || { [ "${MEMDB_SKIP_BROWSER:-}" = 1 ] && [ -z "${CI:-}" ]; }; then return; fi
  if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
  if command -v apt-get >/dev/null && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; then
    echo "installing Debian's chromium for the inspector's browser tests (apt-get)…" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The inspector's browser tests need Chromium at $chromium and will fail without it: install it" \
         "first ('sudo apt-get install chromium' on Debian/Ubuntu), point MEMDB_CHROMIUM at one, or set" \
         "MEMDB_SKIP_BROWSER=1 to skip them." >&2
  fi
}

# The suite runs its contract and route tests on PostgreSQL as well, in a private cluster it starts
# (memdb/store/pgcluster.py): install Debian's server when its programs are missing and this shell
# may, else say what to install. Never skipped: without them those tests fail.
postgres() {
  local sudo="" bindir
  bindir=$(pg_config --bindir 2>/dev/null || true)
  if [ -n "${MEMDB_PG_BINDIR:-}" ] || [ -x "$bindir/initdb" ] || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    return
  fi
  if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
  if command -v apt-get >/dev/null && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; then
    echo "installing Debian's postgresql-15 for the PostgreSQL tests (apt-get)…" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "The PostgreSQL tests need its server programs (initdb, pg_ctl) and will fail without them: install" \
         "them first ('sudo apt-get install postgresql-15' on Debian/Ubuntu) or point MEMDB_PG_BINDIR at them." >&2
  fi
}

case "${1:-}" in
  demo) shift; setup test; .venv/bin/memdb demo "$@"
        echo "
Next: 'source .venv/bin/activate' puts the memdb command on your PATH (README: Command line);
'memdb serve --demo' then shows this conversation in the inspector." ;;
  test) shift; setup test; browser; postgres; exec .venv/bin/python -m pytest -q "$@" ;;
  *) echo "usage: ./run.sh demo|test [args…]" >&2; exit 2 ;;
esac
