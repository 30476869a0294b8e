//! Tokens: every way a token can be bad, leeway, and key rotation.

use chrono::{Duration, Utc};
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::json;
use vividshift_core::UserId;
use vividshift_core::auth::{AuthConfig, JwtKey, KeySet};

use super::*;

// ---- tokens -----------------------------------------------------------------

#[test]
fn every_bad_token_is_rejected() {
    let keys = KeySet::new(&config_with(vec![
        JwtKey::hs256("hs", SECRET),
        JwtKey::rs256("rs", RSA_A_PRIVATE, RSA_A_PUBLIC),
    ]))
    .unwrap();
    let now = Utc::now();
    let claims = claims_now();
    let good = keys.sign(&claims).unwrap();
    assert_eq!(keys.verify(&good, now).unwrap(), claims);
    let claims_json = serde_json::to_value(&claims).unwrap();
    let secret = EncodingKey::from_secret(SECRET.as_bytes());

    // Tampered payload: another user, same signature.
    let parts: Vec<&str> = good.split('.').collect();
    let mut other = claims_json.clone();
    other["sub"] = json!(UserId::new());
    let tampered = format!("{}.{}.{}", parts[0], b64(&other), parts[2]);
    assert_unauthenticated(keys.verify(&tampered, now), "bad token signature");
    let mut signature = parts[2].to_owned();
    let last = if signature.ends_with('A') { "B" } else { "A" };
    signature.replace_range(signature.len() - 1.., last);
    let flipped = format!("{}.{}.{signature}", parts[0], parts[1]);
    assert!(keys.verify(&flipped, now).is_err());

    // The right kid, the wrong secret.
    let wrong = EncodingKey::from_secret(b"another secret that is long enough!!");
    let forged = forge(Algorithm::HS256, Some("hs"), &claims_json, &wrong);
    assert_unauthenticated(keys.verify(&forged, now), "bad token signature");

    // Unknown and missing key ids.
    let forged = forge(Algorithm::HS256, Some("gone"), &claims_json, &secret);
    assert_unauthenticated(
        keys.verify(&forged, now),
        "token signed with an unknown key id",
    );
    let forged = forge(Algorithm::HS256, None, &claims_json, &secret);
    assert_unauthenticated(keys.verify(&forged, now), "token has no key id");

    // `alg: none`, with and without a signature.
    let none = b64(&json!({"alg": "none", "typ": "JWT", "kid": "hs"}));
    for token in [
        format!("{none}.{}.", b64(&claims_json)),
        format!("{none}.{}.{}", b64(&claims_json), parts[2]),
    ] {
        assert_unauthenticated(
            keys.verify(&token, now),
            "malformed token or unsupported algorithm",
        );
    }

    // HS/RS confusion: an HMAC keyed with the RSA public key, under the RSA kid.
    let confused = forge(
        Algorithm::HS256,
        Some("rs"),
        &claims_json,
        &EncodingKey::from_secret(RSA_A_PUBLIC.as_bytes()),
    );
    assert_unauthenticated(
        keys.verify(&confused, now),
        "token algorithm does not match its key",
    );
    // And the other way round: an RSA signature presented under the HMAC kid.
    let rsa = EncodingKey::from_rsa_pem(RSA_A_PRIVATE.as_bytes()).unwrap();
    let confused = forge(Algorithm::RS256, Some("hs"), &claims_json, &rsa);
    assert_unauthenticated(
        keys.verify(&confused, now),
        "token algorithm does not match its key",
    );
    // Another algorithm of the same family is refused too.
    let forged = forge(Algorithm::HS512, Some("hs"), &claims_json, &secret);
    assert_unauthenticated(
        keys.verify(&forged, now),
        "token algorithm does not match its key",
    );

    // Issuer and audience.
    for (claim, message) in [
        ("iss", "token from another issuer"),
        ("aud", "token for another audience"),
    ] {
        let mut other = claims_json.clone();
        other[claim] = json!("someone-else");
        let forged = forge(Algorithm::HS256, Some("hs"), &other, &secret);
        assert_unauthenticated(keys.verify(&forged, now), message);
    }
    // Missing required claims.
    for claim in ["exp", "nbf", "iss", "aud", "sub"] {
        let mut other = claims_json.clone();
        other.as_object_mut().unwrap().remove(claim);
        let forged = forge(Algorithm::HS256, Some("hs"), &other, &secret);
        assert_unauthenticated(keys.verify(&forged, now), "malformed token");
    }
    assert_unauthenticated(
        keys.verify("not a token", now),
        "malformed token or unsupported algorithm",
    );
}

#[test]
fn expiry_and_not_before_allow_only_the_leeway() {
    let keys = KeySet::new(&AuthConfig {
        leeway: Duration::seconds(30),
        ..hs_config()
    })
    .unwrap();
    let claims = claims_now();
    let token = keys.sign(&claims).unwrap();
    let exp = chrono::DateTime::from_timestamp(claims.exp, 0).unwrap();
    let nbf = chrono::DateTime::from_timestamp(claims.nbf, 0).unwrap();
    keys.verify(&token, exp + Duration::seconds(29)).unwrap();
    assert_unauthenticated(
        keys.verify(&token, exp + Duration::seconds(30)),
        "token expired",
    );
    assert_unauthenticated(
        keys.verify(&token, exp + Duration::days(1)),
        "token expired",
    );
    keys.verify(&token, nbf - Duration::seconds(30)).unwrap();
    assert_unauthenticated(
        keys.verify(&token, nbf - Duration::seconds(31)),
        "token not yet valid",
    );
}

#[test]
fn rotated_keys_keep_verifying_what_they_signed() {
    let old = KeySet::new(&config_with(vec![JwtKey::hs256("2025-01", SECRET)])).unwrap();
    let claims = claims_now();
    let old_token = old.sign(&claims).unwrap();

    // Rotation: a new RSA key signs; the old secret still verifies.
    let rotated = KeySet::new(&AuthConfig {
        signing_kid: Some("2025-06".into()),
        ..config_with(vec![
            JwtKey::hs256("2025-01", SECRET),
            JwtKey::rs256("2025-06", RSA_A_PRIVATE, RSA_A_PUBLIC),
        ])
    })
    .unwrap();
    assert_eq!(rotated.signing_kid(), Some("2025-06"));
    let now = Utc::now();
    assert_eq!(rotated.verify(&old_token, now).unwrap(), claims);
    let new_token = rotated.sign(&claims).unwrap();
    assert_eq!(
        jsonwebtoken::decode_header(&new_token).unwrap().alg,
        Algorithm::RS256
    );

    // A verifier holding only public keys accepts the new token...
    let verifier = KeySet::new(&config_with(vec![
        JwtKey::rs256_public("2025-06", RSA_A_PUBLIC),
        JwtKey::rs256_public("2024-12", RSA_B_PUBLIC),
    ]))
    .unwrap();
    assert_eq!(verifier.signing_kid(), None);
    assert_eq!(verifier.verify(&new_token, now).unwrap(), claims);
    assert_configuration(verifier.sign(&claims));
    // ...and once the old key is dropped, its tokens stop verifying.
    assert_unauthenticated(
        verifier.verify(&old_token, now),
        "token signed with an unknown key id",
    );
    // A token signed by another RSA key under a known kid fails its signature.
    let other = KeySet::new(&config_with(vec![JwtKey::rs256(
        "2025-06",
        RSA_B_PRIVATE,
        RSA_B_PUBLIC,
    )]))
    .unwrap();
    assert_unauthenticated(
        verifier.verify(&other.sign(&claims).unwrap(), now),
        "bad token signature",
    );

    // EdDSA keys sign and verify the same way.
    let ed = KeySet::new(&config_with(vec![JwtKey::ed25519(
        "ed", ED_PRIVATE, ED_PUBLIC,
    )]))
    .unwrap();
    let ed_token = ed.sign(&claims).unwrap();
    let ed_verifier =
        KeySet::new(&config_with(vec![JwtKey::ed25519_public("ed", ED_PUBLIC)])).unwrap();
    assert_eq!(ed_verifier.verify(&ed_token, now).unwrap(), claims);
}

#[tokio::test]
async fn tokens_from_another_deployment_are_rejected_end_to_end() {
    let ours = client(hs_config());
    let theirs = client(AuthConfig {
        issuer: "elsewhere".into(),
        ..hs_config()
    });
    theirs
        .register_user(new_user("mallory"), PASSWORD)
        .await
        .unwrap();
    let login = theirs.login("mallory", PASSWORD, None, None).await.unwrap();
    assert_unauthenticated(
        ours.verify_token(&login.token).await,
        "token from another issuer",
    );
}
