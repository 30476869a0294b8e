//! The pool and the server: health reporting, and recovery from connections
//! the server dropped (what a restart does).
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use vividshift_core::*;

#[tokio::test]
async fn health_reports_the_pool_and_migrations() {
    let store = store().await;
    let h = store.health().await.unwrap();
    assert!(h.server_version.contains("PostgreSQL"));
    assert!(
        h.pending_migrations.is_empty(),
        "{:?}",
        h.pending_migrations
    );
    assert_eq!(
        h.applied_migrations.len(),
        vividshift_postgres::MIGRATOR.iter().count()
    );
    assert!(
        h.tenancy_enforced(),
        "tests must not run as a superuser or BYPASSRLS role"
    );
    assert!(h.pool_max >= h.pool_size);
}

#[tokio::test]
async fn the_pool_replaces_a_connection_the_server_dropped() {
    let mut config = vividshift_postgres::PgConfig::new(database_url());
    config.max_connections = 1;
    let store = vividshift_postgres::PgStore::connect(&config)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let d = new_domain(&store).await;
    let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(store.pool())
        .await
        .unwrap();
    // What a server restart does to a pooled connection.
    let other =
        vividshift_postgres::PgStore::connect(&vividshift_postgres::PgConfig::new(database_url()))
            .await
            .unwrap();
    sqlx::query("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .execute(other.pool())
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    match store.domains().get(d.id).await {
        Ok(got) => assert_eq!(got, d),
        Err(e) => assert!(e.is_retryable(), "{e}"),
    }
    assert_eq!(store.domains().get(d.id).await.unwrap(), d);
}
