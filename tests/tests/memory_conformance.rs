//! The backend conformance suite on the in-memory backend.

use std::sync::Arc;

use vividshift_core::MemoryStore;

vividshift_tests::conformance_tests!(async { Arc::new(MemoryStore::new()) });
