//! Configuration: the struct, the environment, and the missing default secret.

use std::collections::HashMap;

use chrono::Duration;
use vividshift_core::Client;
use vividshift_core::auth::{AuthConfig, JwtKey, KeySet, LockoutPolicy, env};

use super::*;

// ---- configuration ----------------------------------------------------------

#[tokio::test]
async fn there_is_no_default_secret() {
    assert!(AuthConfig::default().keys.is_empty());
    let from_empty_env = AuthConfig::from_lookup(|_| None).unwrap();
    assert!(from_empty_env.keys.is_empty(), "no secret is invented");

    // Accounts work without a key; issuing and verifying tokens do not.
    let client = client(AuthConfig {
        bcrypt_cost: 4,
        ..from_empty_env
    });
    client
        .register_user(new_user("nokey"), PASSWORD)
        .await
        .unwrap();
    let message = assert_configuration(client.login("nokey", PASSWORD, None, None).await);
    assert!(message.contains("VIVIDSHIFT_AUTH_JWT_SECRET"), "{message}");
    assert_configuration(client.verify_token("a.b.c").await);

    // A client never given an auth configuration says so.
    let bare = Client::in_memory();
    assert_configuration(bare.register_user(new_user("bare"), PASSWORD).await);
    assert_configuration(bare.login("bare", PASSWORD, None, None).await);
}

#[test]
fn short_secrets_and_bad_settings_are_configuration_errors() {
    let short = AuthConfig::with_secret("k1", "thirty-one bytes is not enough.");
    assert_eq!(short.keys.len(), 1);
    let message = assert_configuration(KeySet::new(&short));
    assert!(message.contains("at least 32"), "{message}");
    assert_configuration(KeySet::new(&AuthConfig {
        bcrypt_cost: 3,
        ..hs_config()
    }));
    assert_configuration(KeySet::new(&AuthConfig {
        keys: vec![JwtKey::hs256("k1", SECRET), JwtKey::hs256("k1", SECRET)],
        ..hs_config()
    }));
    assert_configuration(KeySet::new(&AuthConfig {
        signing_kid: Some("nope".into()),
        ..hs_config()
    }));
    assert_configuration(KeySet::new(&config_with(vec![JwtKey::rs256(
        "r",
        RSA_A_PRIVATE,
        RSA_B_PUBLIC,
    )])));
    assert_configuration(KeySet::new(&config_with(vec![JwtKey::rs256_public(
        "r",
        "not a pem",
    )])));
    assert_configuration(KeySet::new(&config_with(vec![JwtKey::ed25519(
        "e",
        RSA_A_PRIVATE,
        ED_PUBLIC,
    )])));
    // Secrets never reach Debug output.
    let shown = format!("{:?}", hs_config());
    assert!(!shown.contains(SECRET), "{shown}");
    let shown = format!(
        "{:?}",
        config_with(vec![JwtKey::rs256("r", RSA_A_PRIVATE, RSA_A_PUBLIC)])
    );
    assert!(!shown.contains("PRIVATE KEY"), "{shown}");
}

#[test]
fn environment_settings_are_read_including_multi_word_keys() {
    let settings: HashMap<&str, String> = [
        (env::JWT_SECRET, SECRET.to_owned()),
        (env::JWT_KEY_ID, "2025-06".to_owned()),
        (env::JWT_PREVIOUS_KEY_ID, "2025-01".to_owned()),
        (
            env::JWT_PREVIOUS_SECRET,
            "an older secret of 32 bytes or more".to_owned(),
        ),
        (env::ISSUER, "https://auth.example.org".to_owned()),
        (env::AUDIENCE, "rota-app".to_owned()),
        (env::TOKEN_TTL_SECONDS, "7200".to_owned()),
        (env::LEEWAY_SECONDS, "5".to_owned()),
        (env::BCRYPT_COST, "10".to_owned()),
        (env::MIN_PASSWORD_LENGTH, "16".to_owned()),
        (env::LOCKOUT_MAX_FAILURES, "3".to_owned()),
        (env::LOCKOUT_WINDOW_SECONDS, "60".to_owned()),
        (env::LOCKOUT_DURATION_SECONDS, "120".to_owned()),
    ]
    .into_iter()
    .collect();
    assert_eq!(settings.len(), 13);
    assert!(settings.keys().all(|k| env::ALL_KEYS.contains(k)));
    let config = AuthConfig::from_lookup(|key| settings.get(key).cloned()).unwrap();
    assert_eq!(
        config.keys,
        vec![
            JwtKey::hs256("2025-06", SECRET),
            JwtKey::hs256("2025-01", "an older secret of 32 bytes or more"),
        ]
    );
    assert_eq!(config.signing_kid.as_deref(), Some("2025-06"));
    assert_eq!(config.issuer, "https://auth.example.org");
    assert_eq!(config.audience, "rota-app");
    assert_eq!(config.token_ttl, Duration::hours(2));
    assert_eq!(config.leeway, Duration::seconds(5));
    assert_eq!(config.bcrypt_cost, 10);
    assert_eq!(config.min_password_chars, 16);
    assert_eq!(
        config.lockout,
        LockoutPolicy {
            max_failures: 3,
            window: Duration::seconds(60),
            lock_for: Duration::seconds(120),
        }
    );

    // Key pairs come in as PEM text.
    let pem: HashMap<&str, &str> = [
        (env::JWT_ALGORITHM, "RS256"),
        (env::JWT_PRIVATE_KEY, RSA_A_PRIVATE),
        (env::JWT_PUBLIC_KEY, RSA_A_PUBLIC),
    ]
    .into_iter()
    .collect();
    let config = AuthConfig::from_lookup(|key| pem.get(key).map(|v| v.to_string())).unwrap();
    assert_eq!(
        config.keys,
        vec![JwtKey::rs256("primary", RSA_A_PRIVATE, RSA_A_PUBLIC)]
    );
    KeySet::new(&config).unwrap();

    // A value that does not parse names its key; a short secret is refused.
    for (key, value) in [
        (env::BCRYPT_COST, "twelve"),
        (env::TOKEN_TTL_SECONDS, "-1"),
        (env::JWT_ALGORITHM, "none"),
        (env::JWT_SECRET, "short"),
    ] {
        let message = assert_configuration(AuthConfig::from_lookup(|k| {
            (k == key).then(|| value.to_owned())
        }));
        let named = message.contains(key) || (key == env::JWT_SECRET && message.contains("32"));
        assert!(named, "{key}: {message}");
    }
}
