#!/usr/bin/env bash
# Validation throughput of the Python package next to jsonschema,
# fastjsonschema and jsonschema-rs (same documents, same run, identical
# verdicts required). Builds a release wheel into its own venv under target/.
set -euo pipefail
cd "$(dirname "$0")/.."

root="$PWD"
venv="$root/target/python-bench-venv"
if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
export PATH="$venv/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export SQLX_OFFLINE=true

if ! python -c 'import maturin, jsonschema, fastjsonschema, jsonschema_rs' 2>/dev/null; then
  python -m pip install --quiet --upgrade pip
  python -m pip install --quiet "maturin>=1.9.4,<2" jsonschema fastjsonschema jsonschema-rs
fi
# A release build: the wheel users get from `pip install ./bindings-python`.
python -m pip install --quiet --no-build-isolation --force-reinstall --no-deps ./bindings-python
python bindings-python/benches/bench_validation.py "$@"
