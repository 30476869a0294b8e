#!/usr/bin/env bash
# The one test command (README and CI call it): formatting, lints, every test,
# and the build of core for wasm32. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
# rust-toolchain.toml pins the version; make sure its components and the wasm target are there.
rustup component add rustfmt clippy >/dev/null
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

step "PostgreSQL for the tests"
# Builds use the committed query metadata (postgres/.sqlx), never a live database.
export SQLX_OFFLINE=true
if [[ -z "${VIVIDSHIFT_TEST_DATABASE_URL:-}" ]]; then
  # A throwaway cluster (and a TLS one) from the machine's PostgreSQL 15
  # binaries, torn down at exit, failure included.
  PG_TMP="$(mktemp -d)"
  trap 'scripts/pg.sh throwaway-stop "$PG_TMP"' EXIT
  eval "$(scripts/pg.sh throwaway-start "$PG_TMP" --tls)"
else
  echo "using VIVIDSHIFT_TEST_DATABASE_URL from the environment"
fi

step "sqlx-cli"
SQLX_VERSION="$(awk '/^name = "sqlx"$/ { getline; gsub(/[" ]/, ""); sub("version=", ""); print; exit }' Cargo.lock)"
if ! sqlx --version 2>/dev/null | grep -qx "sqlx-cli $SQLX_VERSION"; then
  echo "installing sqlx-cli $SQLX_VERSION (about a minute and a half on 2 cores)"
  # sqlx-cli publishes no lockfile since 0.9, so no --locked.
  cargo install sqlx-cli --version "$SQLX_VERSION" --no-default-features --features postgres,rustls
fi

step "migrations apply; offline query metadata is current (cargo sqlx prepare --check)"
DATABASE_URL="$VIVIDSHIFT_TEST_DATABASE_URL" sqlx migrate run --source migrations
(cd postgres && DATABASE_URL="$VIVIDSHIFT_TEST_DATABASE_URL" SQLX_OFFLINE=false cargo sqlx prepare --check)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test"
cargo test --workspace

step "examples run (smoke checks of their output)"
quickstart=$(cargo run -q --example quickstart)
grep -q "5 participants" <<<"$quickstart" && grep -q "3 targets" <<<"$quickstart" \
  || { echo "quickstart printed something unexpected:"; echo "$quickstart"; exit 1; }

step "core builds for wasm32-unknown-unknown (without the server-side auth feature)"
cargo build -p vividshift-core --target wasm32-unknown-unknown --no-default-features --features memory

step "WASM package: build, size, node tests"
scripts/build-wasm.sh
node --test bindings-wasm/tests/

step "all tests passed"
