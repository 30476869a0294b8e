//! TLS: `verify-full` against the throwaway TLS server (self-signed CA made
//! by `scripts/pg.sh`) works, and `require` against a server without TLS
//! fails with an error that says so. Set `VIVIDSHIFT_TEST_SKIP_TLS=1` to
//! opt out explicitly when testing against your own server.
#![allow(clippy::unwrap_used)]

mod common;

use vividshift_core::Error;
use vividshift_postgres::{PgConfig, PgStore, SslMode};

fn tls_env() -> Option<(String, String)> {
    if std::env::var("VIVIDSHIFT_TEST_SKIP_TLS").is_ok_and(|v| v == "1") {
        return None;
    }
    let need = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run scripts/test.sh, or set VIVIDSHIFT_TEST_SKIP_TLS=1")
        })
    };
    Some((
        need("VIVIDSHIFT_TEST_TLS_DATABASE_URL"),
        need("VIVIDSHIFT_TEST_TLS_ROOT_CERT"),
    ))
}

#[tokio::test]
async fn verify_full_connects_over_tls() {
    let Some((url, ca)) = tls_env() else { return };
    let mut config = PgConfig::new(url);
    config.ssl_mode = Some(SslMode::VerifyFull);
    config.ssl_root_cert = Some(ca.into());
    let store = PgStore::connect(&config).await.unwrap();
    let ssl: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(ssl);
    store.migrate().await.unwrap();
    assert!(store.health().await.unwrap().tenancy_enforced());
}

#[tokio::test]
async fn verify_full_rejects_an_untrusted_certificate() {
    let Some((url, _)) = tls_env() else { return };
    let mut config = PgConfig::new(url);
    config.ssl_mode = Some(SslMode::VerifyFull);
    config.connect_timeout = 10;
    let err = PgStore::connect(&config).await.unwrap_err();
    assert!(matches!(err, Error::BackendUnavailable { .. }), "{err}");
}

#[tokio::test]
async fn require_against_a_server_without_tls_fails_clearly() {
    if tls_env().is_none() {
        return;
    }
    let mut config = PgConfig::new(common::database_url());
    config.ssl_mode = Some(SslMode::Require);
    config.connect_timeout = 10;
    let err = PgStore::connect(&config).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::BackendUnavailable { .. }), "{text}");
    assert!(text.contains("TLS"), "unclear error: {text}");
}
