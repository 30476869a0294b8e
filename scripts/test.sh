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

step "core builds for wasm32-unknown-unknown"
cargo build -p vividshift-core --target wasm32-unknown-unknown

step "all tests passed"
