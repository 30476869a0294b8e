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

step "core builds for wasm32-unknown-unknown"
cargo build -p vividshift-core --target wasm32-unknown-unknown

step "WASM package: build, size, node tests"
scripts/build-wasm.sh
node --test bindings-wasm/tests/

step "all tests passed"
