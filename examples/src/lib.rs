//! Reference integrations of the VividShift SDK; each lives in `examples/`
//! and runs with `cargo run -p vividshift-examples --example NAME`.
