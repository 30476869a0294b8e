#!/usr/bin/env bash
# Benchmarks of the SDK. Each section times one part against a reference
# measured in the same run and prints the ratio; nothing here asserts a
# time. Usage:
#
#   scripts/bench.sh              every section
#   scripts/bench.sh engine       only the named sections
#
# Sections (add yours as a `section_NAME` function and list it in SECTIONS):
#   engine    `optimal` on 2,000x200 and 5,000x500 against scipy's
#             linear_sum_assignment and OR-Tools' SimpleMinCostFlow
#             (ENGINE_SIZES="2000x200 5000x500" to change the sizes; NxMxK
#             gives K slots per target, e.g. 6000x500x10 for more people
#             than slots, where scipy's tall assignment takes minutes).
#   wasm      validation throughput of the WASM package in node next to
#             native Rust and ajv on the exported schema, and plan time for
#             500x50 (bindings-wasm/bench/validate.mjs).
#   postgres  the PostgreSQL backend against pgbench, single INSERTs and
#             \copy on a throwaway cluster (scripts/bench_postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

SECTIONS=(engine wasm postgres)
VENV=target/bench-venv
# Pinned so that runs compare like with like.
PYTHON_PACKAGES=(numpy==2.4.6 scipy==1.17.1 ortools==9.15.6755)

# A Python venv under target/ with the reference solvers.
ensure_venv() {
    if [[ ! -x "$VENV/bin/python" ]]; then
        python3 -m venv "$VENV"
    fi
    if ! "$VENV/bin/python" -c "import numpy, scipy, ortools" 2>/dev/null; then
        "$VENV/bin/pip" install --quiet "${PYTHON_PACKAGES[@]}"
    fi
}

# GNU time, for peak memory (`/usr/bin/time -v`).
ensure_gnu_time() {
    if [[ ! -x /usr/bin/time ]] && command -v apt-get >/dev/null; then
        apt-get install -y -qq time >/dev/null || echo "note: no /usr/bin/time, peak memory not measured"
    fi
}

section_engine() {
    echo "== engine: optimal vs scipy linear_sum_assignment vs OR-Tools SimpleMinCostFlow"
    ensure_venv
    ensure_gnu_time
    cargo build --quiet --release -p vividshift-examples --example plan
    # shellcheck disable=SC2086
    "$VENV/bin/python" scripts/bench_engine.py target/release/examples/plan ${ENGINE_SIZES:-2000x200 5000x500}
}

section_wasm() {
    echo "== wasm: validate throughput vs native Rust vs ajv; plan 500x50"
    scripts/build-wasm.sh >/dev/null
    npm ci --prefix bindings-wasm --no-audit --no-fund --silent
    cargo build --quiet --release -p vividshift-examples --example validate_bench
    node bindings-wasm/bench/validate.mjs target/release/examples/validate_bench target/bench-validate.json
}

section_postgres() {
    echo "== postgres: PgStore vs pgbench, single INSERTs and \\copy"
    scripts/bench_postgres.sh
}

selected=("$@")
if [[ ${#selected[@]} -eq 0 ]]; then
    selected=("${SECTIONS[@]}")
fi
for name in "${selected[@]}"; do
    if ! declare -F "section_$name" >/dev/null; then
        echo "unknown section: $name (known: ${SECTIONS[*]})" >&2
        exit 2
    fi
    "section_$name"
done
