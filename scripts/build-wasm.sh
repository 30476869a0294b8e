#!/usr/bin/env bash
# Builds the WASM package for the `web` and `nodejs` targets into
# bindings-wasm/pkg-web and bindings-wasm/pkg-node, installing the wasm32
# target and wasm-bindgen-cli (at the version Cargo.lock pins) when missing,
# and prints the size of the release .wasm, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "installing wasm-bindgen-cli $version"
  cargo install wasm-bindgen-cli --version "$version"
fi

cargo build -p vividshift-wasm --target wasm32-unknown-unknown --profile wasm-release
wasm=target/wasm32-unknown-unknown/wasm-release/vividshift_wasm.wasm
wasm-bindgen --target web --out-dir bindings-wasm/pkg-web "$wasm"
wasm-bindgen --target nodejs --out-dir bindings-wasm/pkg-node "$wasm"

raw=$(stat -c %s bindings-wasm/pkg-web/vividshift_wasm_bg.wasm)
gz=$(gzip -9 -c bindings-wasm/pkg-web/vividshift_wasm_bg.wasm | wc -c)
printf 'wasm size: %d KiB raw, %d KiB gzipped (target: at most 500 KiB gzipped)\n' $((raw / 1024)) $((gz / 1024))
