//! Accounts: registration, login, sessions, lockout and password changes.

use chrono::{Duration, Utc};
use vividshift_core::auth::{
    AuthConfig, BAD_CREDENTIALS, LOCKED_OUT, LockoutPolicy, hash_cost, token_id_hash,
};
use vividshift_core::{Client, Error, Principal, UserId};

use super::*;

// ---- registration and passwords ---------------------------------------------

#[tokio::test]
async fn registration_validates_every_field_and_hashes_the_password() {
    let client = client(hs_config());
    let bad = NewUser {
        username: "ab".into(),
        email: "not-an-email".into(),
        profile: Default::default(),
    };
    let result = client.register_user(bad, "short").await;
    assert_violation(&result, "username", "min_length");
    assert_violation(&result, "email", "format");
    assert_violation(&result, "password", "min_length");
    let result = client
        .register_user(new_user(&"x".repeat(51)), &"p".repeat(73))
        .await;
    assert_violation(&result, "username", "max_length");
    assert_violation(&result, "password", "max_length");
    assert_violation(
        &client
            .register_user(new_user("white space"), PASSWORD)
            .await,
        "username",
        "pattern",
    );
    // Exactly 72 bytes is accepted: bcrypt reads all of it.
    client
        .register_user(new_user("longpass"), &"é".repeat(36))
        .await
        .unwrap();
    client
        .login("longpass", &"é".repeat(36), None, None)
        .await
        .unwrap();

    let user = client
        .register_user(new_user("ada"), PASSWORD)
        .await
        .unwrap();
    assert!(
        user.password_hash.starts_with("$2b$04$"),
        "{}",
        user.password_hash
    );
    assert!(!user.password_hash.contains(PASSWORD));
    assert!(
        serde_json::to_value(&user)
            .unwrap()
            .get("password_hash")
            .is_none()
    );
    assert!(matches!(
        client.register_user(new_user("ada"), PASSWORD).await,
        Err(Error::Conflict { field, .. }) if field == "username"
    ));
}

#[tokio::test]
async fn login_upgrades_hashes_made_at_a_lower_cost() {
    let store: std::sync::Arc<dyn vividshift_core::Store> =
        std::sync::Arc::new(vividshift_core::MemoryStore::new());
    let cheap = Client::new(store.clone()).with_auth(hs_config()).unwrap();
    let user = cheap
        .register_user(new_user("grace"), PASSWORD)
        .await
        .unwrap();
    assert_eq!(hash_cost(&user.password_hash), Some(4));
    let dearer = Client::new(store.clone())
        .with_auth(AuthConfig {
            bcrypt_cost: 5,
            ..hs_config()
        })
        .unwrap();
    let login = dearer.login("grace", PASSWORD, None, None).await.unwrap();
    assert_eq!(hash_cost(&login.user.password_hash), Some(5));
    assert_eq!(
        hash_cost(&store.users().get(user.id).await.unwrap().password_hash),
        Some(5)
    );
}

// ---- login, sessions, verification ------------------------------------------

#[tokio::test]
async fn login_opens_a_session_that_stores_only_a_hash_of_the_token_id() {
    let client = client(hs_config());
    let user = client
        .register_user(new_user("alan"), PASSWORD)
        .await
        .unwrap();
    let login = client
        .login("alan", PASSWORD, Some("test-agent/1.0"), Some(" ::1 "))
        .await
        .unwrap();
    assert_eq!(login.session.user_id, user.id);
    assert_eq!(login.session.user_agent.as_deref(), Some("test-agent/1.0"));
    assert_eq!(login.session.ip_address.as_deref(), Some("::1"));
    assert!(login.user.last_login_at.is_some());

    let verified = client.verify_token(&login.token).await.unwrap();
    assert_eq!(verified.principal, Principal::User(user.id));
    assert_eq!(verified.claims.sid, login.session.id);
    assert_eq!(verified.session, login.session);
    assert_eq!(
        login.session.token_hash,
        token_id_hash(&verified.claims.jti)
    );
    assert_eq!(login.session.token_hash.len(), 64);
    assert!(!login.token.contains(&login.session.token_hash));
    assert_eq!(
        jsonwebtoken::decode_header(&login.token)
            .unwrap()
            .kid
            .as_deref(),
        Some("k1")
    );

    assert_violation(
        &client
            .login("alan", PASSWORD, None, Some("localhost"))
            .await,
        "ip_address",
        "format",
    );
    let long_agent = "a".repeat(2_000);
    let cut = client
        .login("alan", PASSWORD, Some(&long_agent), None)
        .await
        .unwrap();
    assert_eq!(cut.session.user_agent.unwrap().len(), 512);
}

#[tokio::test]
async fn revoked_expired_and_deactivated_sessions_are_rejected() {
    let client = client(AuthConfig {
        token_ttl: Duration::seconds(1),
        leeway: Duration::seconds(30),
        ..hs_config()
    });
    let user = client
        .register_user(new_user("edsger"), PASSWORD)
        .await
        .unwrap();
    let me = Principal::User(user.id);
    let first = client.login("edsger", PASSWORD, None, None).await.unwrap();
    let second = client.login("edsger", PASSWORD, None, None).await.unwrap();
    assert!(client.revoke_session(&me, first.session.id).await.unwrap());
    assert!(!client.revoke_session(&me, first.session.id).await.unwrap());
    assert_unauthenticated(client.verify_token(&first.token).await, "session revoked");
    client.verify_token(&second.token).await.unwrap();

    // The token is still within its leeway; the session is not.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    assert_unauthenticated(client.verify_token(&second.token).await, "session expired");
    assert_eq!(
        client
            .cleanup_expired_sessions(&Principal::System)
            .await
            .unwrap(),
        2
    );
    assert_unauthenticated(
        client.verify_token(&second.token).await,
        "session not found",
    );

    let third = client.login("edsger", PASSWORD, None, None).await.unwrap();
    let mut deactivated = client.store().users().get(user.id).await.unwrap();
    deactivated.is_active = false;
    client.store().users().update(&deactivated).await.unwrap();
    assert_unauthenticated(
        client.verify_token(&third.token).await,
        "user is deactivated or gone",
    );
    assert_unauthenticated(
        client.login("edsger", PASSWORD, None, None).await,
        BAD_CREDENTIALS,
    );
}

#[tokio::test]
async fn sessions_are_managed_by_their_user_or_the_system() {
    let client = client(hs_config());
    let a = client
        .register_user(new_user("alice"), PASSWORD)
        .await
        .unwrap();
    let b = client
        .register_user(new_user("bob"), PASSWORD)
        .await
        .unwrap();
    let (pa, pb) = (Principal::User(a.id), Principal::User(b.id));
    let login = client.login("alice", PASSWORD, None, None).await.unwrap();
    client.login("alice", PASSWORD, None, None).await.unwrap();

    assert_eq!(client.sessions(&pa, a.id).await.unwrap().len(), 2);
    assert!(matches!(
        client.sessions(&pb, a.id).await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        client.revoke_session(&pb, login.session.id).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        client.revoke_all_sessions(&pb, a.id).await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        client.cleanup_expired_sessions(&pa).await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        client
            .reset_password(&pa, a.id, "a brand new password")
            .await,
        Err(Error::Forbidden(_))
    ));
    assert_eq!(client.revoke_all_sessions(&pa, a.id).await.unwrap(), 2);
    assert_unauthenticated(client.verify_token(&login.token).await, "session revoked");
    assert_eq!(
        client
            .revoke_all_sessions(&Principal::System, a.id)
            .await
            .unwrap(),
        0
    );
}

// ---- lockout and enumeration ------------------------------------------------

fn lockout_config() -> AuthConfig {
    AuthConfig {
        lockout: LockoutPolicy {
            max_failures: 3,
            window: Duration::seconds(60),
            lock_for: Duration::seconds(1),
        },
        ..hs_config()
    }
}

#[tokio::test]
async fn failed_logins_lock_the_account_for_a_while() {
    let client = client(lockout_config());
    client
        .register_user(new_user("barbara"), PASSWORD)
        .await
        .unwrap();
    for _ in 0..3 {
        assert_unauthenticated(
            client.login("barbara", "wrong password!", None, None).await,
            BAD_CREDENTIALS,
        );
    }
    // Locked: even the right password is refused, and the refusal is not counted.
    for _ in 0..3 {
        assert_unauthenticated(
            client.login("barbara", PASSWORD, None, None).await,
            LOCKED_OUT,
        );
    }
    assert_eq!(
        client
            .store()
            .users()
            .login_failures("barbara", Utc::now() - Duration::hours(1))
            .await
            .unwrap()
            .len(),
        3
    );
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    client.login("barbara", PASSWORD, None, None).await.unwrap();
    // Success clears the count: two more failures do not lock.
    for _ in 0..2 {
        assert_unauthenticated(
            client.login("barbara", "wrong password!", None, None).await,
            BAD_CREDENTIALS,
        );
    }
    client.login("barbara", PASSWORD, None, None).await.unwrap();
}

#[tokio::test]
async fn errors_do_not_tell_whether_a_username_exists() {
    let client = client(lockout_config());
    let user = client
        .register_user(new_user("known"), PASSWORD)
        .await
        .unwrap();
    client
        .register_user(new_user("dormant"), PASSWORD)
        .await
        .unwrap();
    let mut dormant = client
        .store()
        .users()
        .get_by_username("dormant")
        .await
        .unwrap();
    dormant.is_active = false;
    client.store().users().update(&dormant).await.unwrap();

    let answers = [
        client.login("known", "wrong password!", None, None).await,
        client.login("unknown", "wrong password!", None, None).await,
        client.login("dormant", PASSWORD, None, None).await,
        client.login("unknown", &"p".repeat(100), None, None).await,
        client.login(&"u".repeat(500), PASSWORD, None, None).await,
    ];
    for answer in answers {
        assert_unauthenticated(answer, BAD_CREDENTIALS);
    }
    // Unknown usernames lock exactly like known ones.
    for name in ["known", "unknown"] {
        for _ in 0..2 {
            let _ = client.login(name, "wrong password!", None, None).await;
        }
        assert_unauthenticated(client.login(name, PASSWORD, None, None).await, LOCKED_OUT);
    }
    // A wrong current password counts as a failed login too.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let me = Principal::User(user.id);
    client.login("known", PASSWORD, None, None).await.unwrap();
    for _ in 0..3 {
        assert_unauthenticated(
            client
                .change_password(&me, user.id, "wrong password!", "a brand new password")
                .await,
            BAD_CREDENTIALS,
        );
    }
    assert_unauthenticated(
        client.login("known", PASSWORD, None, None).await,
        LOCKED_OUT,
    );
}

// ---- password changes -------------------------------------------------------

#[tokio::test]
async fn changing_a_password_signs_every_session_out() {
    let client = client(hs_config());
    let user = client
        .register_user(new_user("hedy"), PASSWORD)
        .await
        .unwrap();
    let other = client
        .register_user(new_user("other"), PASSWORD)
        .await
        .unwrap();
    let me = Principal::User(user.id);
    let login = client.login("hedy", PASSWORD, None, None).await.unwrap();

    assert!(matches!(
        client
            .change_password(
                &Principal::User(other.id),
                user.id,
                PASSWORD,
                "a brand new password"
            )
            .await,
        Err(Error::Forbidden(_))
    ));
    assert_violation(
        &client
            .change_password(&me, user.id, PASSWORD, "short")
            .await,
        "new_password",
        "min_length",
    );
    assert_violation(
        &client
            .change_password(&me, user.id, PASSWORD, PASSWORD)
            .await,
        "new_password",
        "different",
    );
    client
        .change_password(&me, user.id, PASSWORD, "a brand new password")
        .await
        .unwrap();
    assert_unauthenticated(client.verify_token(&login.token).await, "session revoked");
    assert_unauthenticated(
        client.login("hedy", PASSWORD, None, None).await,
        BAD_CREDENTIALS,
    );
    client
        .login("hedy", "a brand new password", None, None)
        .await
        .unwrap();

    client
        .reset_password(&Principal::System, user.id, "reset by an administrator")
        .await
        .unwrap();
    client
        .login("hedy", "reset by an administrator", None, None)
        .await
        .unwrap();
    assert!(matches!(
        client
            .reset_password(
                &Principal::System,
                UserId::new(),
                "reset by an administrator"
            )
            .await,
        Err(Error::NotFound { .. })
    ));
}
