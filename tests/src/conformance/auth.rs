//! Authentication over a backend: failed-login records, session listing,
//! login and verification end to end, lockout, revocation and cleanup, and
//! password changes. bcrypt runs at cost 4.

use std::sync::Arc;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use vividshift_core::auth::{
    AuthConfig, BAD_CREDENTIALS, JwtKey, LOCKED_OUT, LockoutPolicy, token_id_hash,
};
use vividshift_core::model::{NewDomain, NewUser, Role};
use vividshift_core::{Client, Error, Principal, Store, UserId};

use super::{assert_conflict, assert_not_found, assert_violation, unique};

const PASSWORD: &str = "correct horse battery";

/// The configuration every auth case runs with: cheap bcrypt, a 1 s lock.
pub fn auth_config() -> AuthConfig {
    AuthConfig {
        keys: vec![JwtKey::hs256(
            "conformance",
            "conformance secret of at least thirty-two bytes",
        )],
        bcrypt_cost: 4,
        lockout: LockoutPolicy {
            max_failures: 3,
            lock_for: Duration::seconds(1),
            ..LockoutPolicy::default()
        },
        ..AuthConfig::default()
    }
}

fn auth_client(store: &Arc<dyn Store>, config: AuthConfig) -> Client {
    Client::new(store.clone()).with_auth(config).unwrap()
}

/// A new user input with a unique username.
pub fn new_user() -> NewUser {
    let name = unique("u");
    NewUser {
        username: name.clone(),
        email: format!("{name}@example.org"),
        profile: Default::default(),
    }
}

#[track_caller]
fn assert_unauthenticated<T: std::fmt::Debug>(result: vividshift_core::Result<T>, message: &str) {
    match result {
        Err(Error::Unauthenticated(m)) => assert_eq!(m, message),
        other => panic!("expected unauthenticated `{message}`, got {other:?}"),
    }
}

fn ago(seconds: i64) -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6) - Duration::seconds(seconds)
}

/// Failed logins are stored per username, known or not, read back from a
/// time on, cleared per username, and purged by age.
pub async fn login_failure_records(store: Arc<dyn Store>) {
    let users = store.users();
    let (name, other) = (unique("lf"), unique("lf"));
    let times = [ago(600), ago(540), ago(480)];
    for at in [times[2], times[0], times[1]] {
        users.record_login_failure(&name, at).await.unwrap();
    }
    users.record_login_failure(&other, times[0]).await.unwrap();
    assert_eq!(
        users.login_failures(&name, ago(3_600)).await.unwrap(),
        times.to_vec(),
        "oldest first"
    );
    assert_eq!(
        users.login_failures(&name, times[1]).await.unwrap(),
        times[1..].to_vec(),
        "from `since` on, inclusive"
    );
    assert!(
        users
            .login_failures(&unique("nobody"), ago(3_600))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(users.delete_login_failures_before(times[1]).await.unwrap() >= 2);
    assert_eq!(
        users.login_failures(&name, ago(3_600)).await.unwrap(),
        times[1..].to_vec()
    );
    assert!(
        users
            .login_failures(&other, ago(3_600))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(users.clear_login_failures(&name).await.unwrap(), 2);
    assert_eq!(users.clear_login_failures(&name).await.unwrap(), 0);
    assert!(
        users
            .login_failures(&name, ago(3_600))
            .await
            .unwrap()
            .is_empty()
    );
}

/// Register, log in, verify; the session holds only a hash of the token id,
/// and the verified principal acts with its memberships.
pub async fn auth_login_and_verify(store: Arc<dyn Store>) {
    let client = auth_client(&store, auth_config());
    let input = new_user();
    let user = client.register_user(input.clone(), PASSWORD).await.unwrap();
    let stored = store.users().get(user.id).await.unwrap();
    assert!(stored.password_hash.starts_with("$2b$04$"));
    assert!(!stored.password_hash.contains(PASSWORD));

    let mut twin = new_user();
    twin.username = input.username.clone();
    assert_conflict(client.register_user(twin, PASSWORD).await, "username");
    let mut twin = new_user();
    twin.email = input.email.clone();
    assert_conflict(client.register_user(twin, PASSWORD).await, "email");
    let rejected = new_user();
    assert_violation(
        client.register_user(rejected.clone(), "short").await,
        "password",
        "min_length",
    );
    assert_not_found(store.users().get_by_username(&rejected.username).await);

    let login = client
        .login(
            &input.username,
            PASSWORD,
            Some("conformance/1.0"),
            Some("192.0.2.7"),
        )
        .await
        .unwrap();
    assert_eq!(
        store.sessions().get(login.session.id).await.unwrap(),
        login.session
    );
    assert_eq!(login.session.ip_address.as_deref(), Some("192.0.2.7"));
    assert!(
        store
            .users()
            .get(user.id)
            .await
            .unwrap()
            .last_login_at
            .is_some()
    );
    let verified = client.verify_token(&login.token).await.unwrap();
    assert_eq!(verified.principal, Principal::User(user.id));
    assert_eq!(
        login.session.token_hash,
        token_id_hash(&verified.claims.jti)
    );
    assert!(!login.session.token_hash.contains(&verified.claims.jti));
    let second = client
        .login(&input.username, PASSWORD, None, None)
        .await
        .unwrap();
    let listed = store.sessions().list_for_user(user.id).await.unwrap();
    assert_eq!(
        listed.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![login.session.id, second.session.id]
    );

    // The verified principal is an ordinary caller of the client.
    let own = client
        .create_domain(&verified.principal, NewDomain::new(unique("auth"), "Mine"))
        .await
        .unwrap();
    assert_eq!(own.role(), Role::Admin);
    let another = client.register_user(new_user(), PASSWORD).await.unwrap();
    let result = client.domain(&Principal::User(another.id), own.id()).await;
    assert!(matches!(result, Err(Error::Forbidden(_))), "{result:?}");
}

/// Failed logins lock a username, known or not, with the same answers; the
/// lock ends on time and a success clears the count.
pub async fn auth_lockout_and_enumeration(store: Arc<dyn Store>) {
    let client = auth_client(&store, auth_config());
    let known = new_user();
    client.register_user(known.clone(), PASSWORD).await.unwrap();
    let unknown = unique("ghost");
    for name in [&known.username, &unknown] {
        for _ in 0..3 {
            assert_unauthenticated(
                client.login(name, "wrong password!", None, None).await,
                BAD_CREDENTIALS,
            );
        }
        assert_unauthenticated(client.login(name, PASSWORD, None, None).await, LOCKED_OUT);
    }
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    client
        .login(&known.username, PASSWORD, None, None)
        .await
        .unwrap();
    assert!(
        store
            .users()
            .login_failures(&known.username, ago(3_600))
            .await
            .unwrap()
            .is_empty(),
        "a success clears the failures"
    );
}

/// Revoking one or all sessions, expiry, cleanup, and who may do which.
pub async fn auth_revocation_and_cleanup(store: Arc<dyn Store>) {
    let client = auth_client(
        &store,
        AuthConfig {
            token_ttl: Duration::seconds(1),
            ..auth_config()
        },
    );
    let input = new_user();
    let user = client.register_user(input.clone(), PASSWORD).await.unwrap();
    let stranger = client.register_user(new_user(), PASSWORD).await.unwrap();
    let (me, them) = (Principal::User(user.id), Principal::User(stranger.id));
    let one = client
        .login(&input.username, PASSWORD, None, None)
        .await
        .unwrap();
    let two = client
        .login(&input.username, PASSWORD, None, None)
        .await
        .unwrap();

    assert_not_found(client.revoke_session(&them, one.session.id).await);
    let result = client.revoke_all_sessions(&them, user.id).await;
    assert!(matches!(result, Err(Error::Forbidden(_))), "{result:?}");
    let result = client.cleanup_expired_sessions(&me).await;
    assert!(matches!(result, Err(Error::Forbidden(_))), "{result:?}");

    assert!(client.revoke_session(&me, one.session.id).await.unwrap());
    assert_unauthenticated(client.verify_token(&one.token).await, "session revoked");
    client.verify_token(&two.token).await.unwrap();
    let three = client
        .login(&input.username, PASSWORD, None, None)
        .await
        .unwrap();
    assert_eq!(client.revoke_all_sessions(&me, user.id).await.unwrap(), 2);
    assert!(
        store
            .sessions()
            .get(three.session.id)
            .await
            .unwrap()
            .revoked
    );
    assert_unauthenticated(client.verify_token(&three.token).await, "session revoked");

    // Within the token's leeway, but past the session's end.
    let four = client
        .login(&input.username, PASSWORD, None, None)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    assert_unauthenticated(client.verify_token(&four.token).await, "session expired");
    client
        .cleanup_expired_sessions(&Principal::System)
        .await
        .unwrap();
    assert_not_found(store.sessions().get(four.session.id).await);
    assert_unauthenticated(client.verify_token(&four.token).await, "session not found");
}

/// Changing a password needs the current one and signs every session out;
/// the system may reset one.
pub async fn auth_password_change(store: Arc<dyn Store>) {
    let client = auth_client(&store, auth_config());
    let input = new_user();
    let user = client.register_user(input.clone(), PASSWORD).await.unwrap();
    let me = Principal::User(user.id);
    let login = client
        .login(&input.username, PASSWORD, None, None)
        .await
        .unwrap();
    assert_unauthenticated(
        client
            .change_password(&me, user.id, "wrong password!", "a brand new password")
            .await,
        BAD_CREDENTIALS,
    );
    client
        .change_password(&me, user.id, PASSWORD, "a brand new password")
        .await
        .unwrap();
    assert_unauthenticated(client.verify_token(&login.token).await, "session revoked");
    assert_unauthenticated(
        client.login(&input.username, PASSWORD, None, None).await,
        BAD_CREDENTIALS,
    );
    client
        .login(&input.username, "a brand new password", None, None)
        .await
        .unwrap();
    client
        .reset_password(&Principal::System, user.id, "set by the administrator")
        .await
        .unwrap();
    client
        .login(&input.username, "set by the administrator", None, None)
        .await
        .unwrap();
    assert_not_found(
        client
            .reset_password(
                &Principal::System,
                UserId::new(),
                "set by the administrator",
            )
            .await,
    );
}
