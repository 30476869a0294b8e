//! An account's life: register, log in, verify the token, revoke the
//! session, and verify the same token again, which is now rejected. Also
//! shows that a wrong password is refused.
//!
//! ```text
//! cargo run --example auth_flow
//! ```

use vividshift_core::{Client, Error};
use vividshift_examples::{EXAMPLE_ONLY_JWT_SECRET, example_auth_config, new_user};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The example secret is public; real applications use
    // `AuthConfig::from_env()` with their own `VIVIDSHIFT_AUTH_JWT_SECRET`.
    println!(
        "signing key: HS256 with the public EXAMPLE-ONLY secret ({} bytes), bcrypt cost 4\n",
        EXAMPLE_ONLY_JWT_SECRET.len()
    );
    let client = Client::in_memory().with_auth(example_auth_config())?;
    let password = "correct horse battery staple";

    let user = client.register_user(new_user("ada"), password).await?;
    println!("1. registered `{}` ({})", user.username, user.id);

    match client.login("ada", "wrong password!!", None, None).await {
        Err(err) => println!("   a wrong password is refused: {err}"),
        Ok(_) => println!("   a wrong password was accepted (unexpected!)"),
    }

    let login = client
        .login(
            "ada",
            password,
            Some("auth_flow example"),
            Some("192.0.2.7"),
        )
        .await?;
    println!(
        "2. logged in: session {} until {}\n   token {}...",
        login.session.id,
        login.session.expires_at.format("%Y-%m-%d %H:%M:%S UTC"),
        &login.token[..login.token.len().min(40)]
    );

    let verified = client.verify_token(&login.token).await?;
    println!(
        "3. verified: principal {:?}, issuer `{}`, audience `{}`",
        verified.principal, verified.claims.iss, verified.claims.aud
    );

    let revoked = client
        .revoke_session(&verified.principal, login.session.id)
        .await?;
    println!("4. revoked the session: {revoked}");

    match client.verify_token(&login.token).await {
        Err(err @ Error::Unauthenticated(_)) => {
            println!("5. verified again: rejected with Error::Unauthenticated\n   {err}")
        }
        Err(err) => println!("5. verified again: rejected with another error (unexpected!): {err}"),
        Ok(_) => println!("5. verified again: accepted (unexpected!)"),
    }
    Ok(())
}
