#!/usr/bin/env bash
# The Python package's tests: builds and installs ./bindings-python into a
# venv under target/ (reused between runs), then runs its pytest suite.
# The client tests run over memory:// and over the PostgreSQL database in
# VIVIDSHIFT_TEST_DATABASE_URL (scripts/test.sh sets it); when it is unset, a
# throwaway cluster is started here and torn down at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${VIVIDSHIFT_TEST_DATABASE_URL:-}" ]]; then
  PG_TMP="$(mktemp -d)"
  trap 'scripts/pg.sh throwaway-stop "$PG_TMP"' EXIT
  eval "$(scripts/pg.sh throwaway-start "$PG_TMP")"
fi

root="$PWD"
venv="$root/target/python-venv"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
export PATH="$venv/bin:$PATH"
# maturin runs cargo in the workspace: building into the workspace target dir
# keeps dependencies compiled between runs. The dev profile is enough for
# tests and far quicker to build than release.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export MATURIN_PEP517_ARGS="${MATURIN_PEP517_ARGS:---profile dev}"
# Queries are checked against the committed metadata (postgres/.sqlx), never
# a live database.
export SQLX_OFFLINE=true

if ! python -c 'import maturin, pytest' 2>/dev/null; then
  python -m pip install --quiet --upgrade pip
  python -m pip install --quiet "maturin>=1.9.4,<2" "pytest>=7"
fi

# No build isolation: maturin and pytest are already in the venv, and an
# isolated build would fetch maturin again on every run.
python -m pip install --quiet --no-build-isolation --force-reinstall --no-deps ./bindings-python

# Run from the tests folder so that `import vividshift` is the installed
# package, not the source tree.
status=0
(cd bindings-python && python -m pytest -q "$@") || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
