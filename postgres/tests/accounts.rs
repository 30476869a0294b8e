//! Users with profiles, sessions and memberships on `PgStore`: conflicts
//! named by field, revocation semantics, memberships readable per user.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::TimeDelta;
use common::*;
use vividshift_core::model::*;
use vividshift_core::*;

fn user(name: &str) -> User {
    User {
        id: UserId::new(),
        username: name.into(),
        email: format!("{name}@example.test"),
        password_hash: "$2b$04$hash".into(),
        is_active: true,
        last_login_at: None,
        created_at: now(),
        updated_at: now(),
    }
}

#[tokio::test]
async fn users_sessions_and_memberships() {
    let store = store().await;
    let u = user(&unique("u"));
    let profile = UserProfile {
        first_name: Some("Ada".into()),
        ..UserProfile::default()
    };
    assert_eq!(store.users().create(&u, &profile).await.unwrap(), u);
    assert_eq!(store.users().profile(u.id).await.unwrap(), profile);
    let mut clash = user(&unique("u"));
    clash.email = u.email.clone();
    let err = store.users().create(&clash, &profile).await.unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { field, .. } if field == "email"),
        "{err}"
    );
    assert_eq!(store.users().get_by_username(&u.username).await.unwrap(), u);

    let s = Session {
        id: SessionId::new(),
        user_id: u.id,
        token_hash: "abc".into(),
        expires_at: now() + TimeDelta::hours(1),
        revoked: false,
        user_agent: None,
        ip_address: Some("127.0.0.1".into()),
        created_at: now(),
    };
    store.sessions().create(&s).await.unwrap();
    let old = Session {
        id: SessionId::new(),
        expires_at: now() - TimeDelta::hours(1),
        ..s.clone()
    };
    store.sessions().create(&old).await.unwrap();
    assert!(store.sessions().revoke(s.id).await.unwrap());
    assert!(!store.sessions().revoke(s.id).await.unwrap());
    assert!(store.sessions().revoke(SessionId::new()).await.is_err());
    assert_eq!(store.sessions().revoke_all_for_user(u.id).await.unwrap(), 1);
    assert_eq!(store.sessions().delete_expired(now()).await.unwrap(), 1);

    let a = new_domain(&store).await;
    let b = new_domain(&store).await;
    for d in [&a, &b] {
        let m = Membership {
            domain_id: d.id,
            user_id: u.id,
            role: Role::Viewer,
            created_at: now(),
            updated_at: now(),
        };
        let ev = || audit(d.id, EntityKind::Membership, u.id.as_uuid());
        store.memberships().upsert(&m, &ev()).await.unwrap();
        let again = Membership {
            role: Role::Admin,
            created_at: now(),
            ..m.clone()
        };
        let stored = store.memberships().upsert(&again, &ev()).await.unwrap();
        assert_eq!(
            (stored.role, stored.created_at),
            (Role::Admin, m.created_at)
        );
    }
    assert_eq!(
        store.memberships().list_for_user(u.id).await.unwrap().len(),
        2
    );
    assert_eq!(
        store
            .memberships()
            .list_for_domain(a.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let ev = || audit(a.id, EntityKind::Membership, u.id.as_uuid());
    store.memberships().remove(a.id, u.id, &ev()).await.unwrap();
    assert!(store.memberships().get(a.id, u.id).await.is_err());
    let err = store
        .memberships()
        .remove(a.id, u.id, &ev())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    let ghost = Membership {
        domain_id: b.id,
        user_id: UserId::new(),
        role: Role::User,
        created_at: now(),
        updated_at: now(),
    };
    let err = store
        .memberships()
        .upsert(
            &ghost,
            &audit(b.id, EntityKind::Membership, ghost.user_id.as_uuid()),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err}");
}
