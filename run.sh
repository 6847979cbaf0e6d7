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

case "${1:-}" in
  demo) shift; setup test; exec .venv/bin/memdb demo "$@" ;;
  test) shift; setup test; exec .venv/bin/python -m pytest -q "$@" ;;
  *) echo "usage: ./run.sh demo|test [args…]" >&2; exit 2 ;;
esac
