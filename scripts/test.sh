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
  && grep -q "filled 4/4" <<<"$quickstart" \
  || { echo "quickstart printed something unexpected:"; echo "$quickstart"; exit 1; }
quickstart_pg=$(VIVIDSHIFT_DATABASE_URL="$VIVIDSHIFT_TEST_DATABASE_URL" cargo run -q --example quickstart)
grep -q "in PostgreSQL" <<<"$quickstart_pg" && grep -q "filled 4/4" <<<"$quickstart_pg" \
  || { echo "quickstart on PostgreSQL printed something unexpected:"; echo "$quickstart_pg"; exit 1; }
work_groups=$(cargo run -q --example work_groups)
grep -q "^balanced_rotation  *repeats" <<<"$work_groups" && grep -q "^optimal  *repeats" <<<"$work_groups" \
  && grep -q "12 weeks from" <<<"$work_groups" \
  || { echo "work_groups printed something unexpected:"; echo "$work_groups"; exit 1; }
multi_tenant=$(cargo run -q --example multi_tenant)
grep -q 'carol opens `bakery`: refused with Error::Forbidden' <<<"$multi_tenant" \
  && grep -q "creates an assignment: refused with Error::Forbidden" <<<"$multi_tenant" \
  && ! grep -q "unexpected" <<<"$multi_tenant" \
  || { echo "multi_tenant printed something unexpected:"; echo "$multi_tenant"; exit 1; }
auth_flow=$(cargo run -q --example auth_flow)
grep -q "4. revoked the session: true" <<<"$auth_flow" \
  && grep -q "5. verified again: rejected with Error::Unauthenticated" <<<"$auth_flow" \
  && ! grep -q "unexpected" <<<"$auth_flow" \
  || { echo "auth_flow printed something unexpected:"; echo "$auth_flow"; exit 1; }
bulk_import=$(VIVIDSHIFT_DATABASE_URL="$VIVIDSHIFT_TEST_DATABASE_URL" cargo run -q --example bulk_import 5000)
grep -q "Imported 5000 participants" <<<"$bulk_import" \
  && grep -q "Skill query \`welding\`: 50 participants" <<<"$bulk_import" \
  || { echo "bulk_import printed something unexpected:"; echo "$bulk_import"; exit 1; }
if VIVIDSHIFT_DATABASE_URL= cargo run -q --example bulk_import 10 2>/dev/null; then
  echo "bulk_import ran without VIVIDSHIFT_DATABASE_URL"; exit 1
fi
# The README's Rust example is examples/examples/readme.rs without its first (doc) line.
readme_block=$(awk '/^<!-- the same code is examples\/examples\/readme.rs/ { getline; on = 1; next } on && /^```$/ { exit } on' README.md)
diff <(tail -n +2 examples/examples/readme.rs) <(printf '%s\n' "$readme_block") \
  || { echo "README.md's Rust example differs from examples/examples/readme.rs"; exit 1; }
readme=$(cargo run -q --example readme)
grep -q "coverage 100%" <<<"$readme" || { echo "readme printed something unexpected:"; echo "$readme"; exit 1; }

step "core builds for wasm32-unknown-unknown (without the server-side auth feature)"
cargo build -p vividshift-core --target wasm32-unknown-unknown --no-default-features --features memory

step "WASM package: build, size, node and browser tests"
scripts/build-wasm.sh
if [[ ! -x /usr/bin/chromium ]]; then
  # Debian's Chromium for the browser test of examples/browser.
  apt-get install -y chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi
npm ci --prefix bindings-wasm --no-audit --no-fund --silent
node --test bindings-wasm/tests/

step "Python package: build, install, pytest"
scripts/test-python.sh
rotation=$(target/python-venv/bin/python examples/python/rotation.py "$VIVIDSHIFT_TEST_DATABASE_URL")
grep -q "filled 18/18, repeats 0" <<<"$rotation" \
  || { echo "examples/python/rotation.py printed something unexpected:"; echo "$rotation"; exit 1; }

step "all tests passed"
