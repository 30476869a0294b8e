//! Users, profiles, sessions, memberships and the roles the client enforces.

use std::sync::Arc;

use chrono::{Duration, SubsecRound, Utc};
use serde_json::json;
use vividshift_core::model::{
    NewDomain, NewParticipant, ParticipantQuery, Role, Session, User, UserProfile,
};
use vividshift_core::{Client, Error, Principal, SessionId, Store, UserId};

use super::assignments::plan_for;
use super::{assert_conflict, assert_not_found, seeded_domain, unique};

/// A stored user with a placeholder hash (hashing belongs to the auth layer).
pub async fn make_user(store: &Arc<dyn Store>) -> User {
    let now = Utc::now().trunc_subsecs(6);
    let name = unique("u");
    let user = User {
        id: UserId::new(),
        username: name.clone(),
        email: format!("{name}@example.org"),
        password_hash: "$2b$04$abcdefghijklmnopqrstuuJ7G1D5sN0c2qJm6h5kZ3o6G8VYd9x2".into(),
        is_active: true,
        last_login_at: None,
        created_at: now,
        updated_at: now,
    };
    store
        .users()
        .create(&user, &UserProfile::default())
        .await
        .unwrap()
}

/// Users and profiles: create, read, unique username and email, update.
pub async fn users_and_profiles(store: Arc<dyn Store>) {
    let user = make_user(&store).await;
    assert_eq!(store.users().get(user.id).await.unwrap(), user);
    let by_name = store.users().get_by_username(&user.username).await.unwrap();
    assert_eq!(
        by_name.password_hash, user.password_hash,
        "the hash is stored"
    );
    let json = serde_json::to_value(&by_name).unwrap();
    assert!(
        json.get("password_hash").is_none(),
        "the hash is never serialized"
    );

    let mut twin = make_user(&store).await;
    twin.username = user.username.clone();
    assert_conflict(store.users().update(&twin).await, "username");
    twin.username = unique("u");
    twin.email = user.email.clone();
    assert_conflict(store.users().update(&twin).await, "email");

    let profile = UserProfile {
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        phone: Some("+44 20 7946 0000".into()),
        timezone: Some("Europe/London".into()),
        preferences: json!({"theme": "dark"}),
    };
    store
        .users()
        .update_profile(user.id, &profile)
        .await
        .unwrap();
    assert_eq!(store.users().profile(user.id).await.unwrap(), profile);
    let mut renamed = user.clone();
    renamed.is_active = false;
    renamed.last_login_at = Some(Utc::now().trunc_subsecs(6));
    assert_eq!(store.users().update(&renamed).await.unwrap(), renamed);
    assert_not_found(store.users().get(UserId::new()).await);
    assert!(
        store
            .users()
            .list()
            .await
            .unwrap()
            .iter()
            .any(|u| u.id == user.id)
    );
}

/// Sessions: create, read, revoke one, revoke all, delete expired.
pub async fn sessions_lifecycle(store: Arc<dyn Store>) {
    let user = make_user(&store).await;
    let now = Utc::now().trunc_subsecs(6);
    let session = |expires: chrono::DateTime<Utc>| Session {
        id: SessionId::new(),
        user_id: user.id,
        token_hash: unique("hash"),
        expires_at: expires,
        revoked: false,
        user_agent: Some("conformance/1.0".into()),
        ip_address: Some("127.0.0.1".into()),
        created_at: now,
    };
    let live = store
        .sessions()
        .create(&session(now + Duration::hours(1)))
        .await
        .unwrap();
    let other = store
        .sessions()
        .create(&session(now + Duration::hours(2)))
        .await
        .unwrap();
    let old = store
        .sessions()
        .create(&session(now - Duration::hours(1)))
        .await
        .unwrap();
    assert_eq!(store.sessions().get(live.id).await.unwrap(), live);
    assert_eq!(
        store.sessions().list_for_user(user.id).await.unwrap(),
        vec![live.clone(), other.clone(), old.clone()],
        "a user's sessions, oldest first"
    );
    assert!(store.sessions().revoke(live.id).await.unwrap());
    assert!(
        !store.sessions().revoke(live.id).await.unwrap(),
        "already revoked"
    );
    assert!(store.sessions().get(live.id).await.unwrap().revoked);
    assert_eq!(
        store.sessions().revoke_all_for_user(user.id).await.unwrap(),
        2
    );
    assert!(store.sessions().get(other.id).await.unwrap().revoked);
    // Cases share one database: another case's cleanup may have deleted
    // `old` already, so the count is not asserted, only the outcome.
    store.sessions().delete_expired(now).await.unwrap();
    assert_not_found(store.sessions().get(old.id).await);
    assert!(
        store.sessions().get(live.id).await.is_ok(),
        "unexpired sessions stay"
    );
}

/// Memberships grant roles; the client enforces them.
pub async fn memberships_and_roles(store: Arc<dyn Store>) {
    let client = Client::new(store.clone());
    let scope = seeded_domain(&store).await;
    let viewer = make_user(&store).await;
    let member = make_user(&store).await;
    let outsider = make_user(&store).await;
    scope.set_member(viewer.id, Role::Viewer).await.unwrap();
    scope.set_member(member.id, Role::User).await.unwrap();
    assert_eq!(scope.members().await.unwrap().len(), 2);

    let as_viewer = client
        .domain(&Principal::User(viewer.id), scope.id())
        .await
        .unwrap();
    assert_eq!(as_viewer.role(), Role::Viewer);
    assert_eq!(
        as_viewer
            .list_participants(&ParticipantQuery::default())
            .await
            .unwrap()
            .len(),
        3,
        "viewers read"
    );
    let denied = as_viewer
        .record_assignment(plan_for(&scope, 20).await)
        .await;
    assert!(matches!(denied, Err(Error::Forbidden(_))), "{denied:?}");
    let denied = as_viewer
        .create_participant(NewParticipant::new("X", &[]))
        .await;
    assert!(matches!(denied, Err(Error::Forbidden(_))), "{denied:?}");

    let as_user = client
        .domain(&Principal::User(member.id), scope.id())
        .await
        .unwrap();
    let record = as_user
        .record_assignment(plan_for(&scope, 20).await)
        .await
        .unwrap();
    assert_eq!(record.assignment.created_by, Some(member.id));
    assert_eq!(record.history[0].actor, Some(member.id));
    let denied = as_user
        .create_participant(NewParticipant::new("X", &[]))
        .await;
    assert!(matches!(denied, Err(Error::Forbidden(_))), "{denied:?}");
    let denied = as_user.set_member(outsider.id, Role::Admin).await;
    assert!(matches!(denied, Err(Error::Forbidden(_))), "{denied:?}");

    let result = client
        .domain(&Principal::User(outsider.id), scope.id())
        .await;
    assert!(matches!(result, Err(Error::Forbidden(_))), "{result:?}");

    // A user who creates a domain administers it; others do not see it.
    let own = client
        .create_domain(
            &Principal::User(outsider.id),
            NewDomain::new(unique("own"), "Own"),
        )
        .await
        .unwrap();
    assert_eq!(own.role(), Role::Admin);
    own.create_participant(NewParticipant::new("Mine", &[]))
        .await
        .unwrap();
    let visible = client
        .list_domains(&Principal::User(outsider.id))
        .await
        .unwrap();
    assert_eq!(
        visible.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![own.id()]
    );
    assert_eq!(
        store
            .memberships()
            .list_for_user(outsider.id)
            .await
            .unwrap()
            .len(),
        1
    );

    scope.remove_member(viewer.id).await.unwrap();
    let result = client.domain(&Principal::User(viewer.id), scope.id()).await;
    assert!(matches!(result, Err(Error::Forbidden(_))), "{result:?}");
    assert_not_found(scope.remove_member(viewer.id).await);
}
