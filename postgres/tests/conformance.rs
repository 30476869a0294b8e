//! The backend conformance suite (`vividshift-tests`) on `PgStore`, against
//! the database in `VIVIDSHIFT_TEST_DATABASE_URL`. Every case gets its own
//! store (pool) on the same migrated database; cases name their own domains
//! and users uniquely, so they do not collide.

mod common;

use std::sync::Arc;

vividshift_tests::conformance_tests!(async {
    let store: Arc<dyn vividshift_core::Store> = Arc::new(common::store().await);
    store
});
