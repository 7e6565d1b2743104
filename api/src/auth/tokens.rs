//! Access tokens (short-lived JWT) and opaque secrets (refresh tokens, links, SMS codes),
//! which are stored only as SHA-256 hashes.

use base64::Engine;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::roles::{Role, Scope};

/// Audience of tokens issued to people using the SPA or the API on their own behalf.
pub const USER_AUDIENCE: &str = "passerelle-api";
pub const ISSUER: &str = "passerelle";
/// Audience of tokens issued to partner systems (client credentials): accepted on partner
/// endpoints only, and no other token is accepted there.
pub const PARTNER_AUDIENCE: &str = "passerelle-partner";

/// A partner system's token: the operator it acts for and the credential used.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartnerClaims {
    /// The operator id.
    pub sub: String,
    /// The credential id (revoking it ends its tokens at once).
    pub cid: String,
    pub aud: String,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

/// What a token is for; a token of one kind is never accepted as another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenType {
    Access,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub aud: String,
    pub iss: String,
    pub typ: TokenType,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    /// The session was opened with a second factor (or the person set one up during it).
    #[serde(default)]
    pub mfa: bool,
    /// The session (refresh family) the token belongs to: ending the session ends the token.
    #[serde(default)]
    pub sid: String,
}

impl Claims {
    pub fn scope(&self) -> Option<Scope> {
        self.scope.as_deref().and_then(Scope::decode)
    }
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

impl JwtKeys {
    pub fn new(secret: &str) -> Self {
        Self { encoding: EncodingKey::from_secret(secret.as_bytes()), decoding: DecodingKey::from_secret(secret.as_bytes()) }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn issue_access(
        &self,
        user_id: &str,
        session_id: &str,
        role: Role,
        staff_function: Option<String>,
        scope: Option<&Scope>,
        ttl_seconds: i64,
        mfa: bool,
    ) -> Result<String, crate::error::AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_owned(),
            role,
            staff_function,
            scope: scope.map(Scope::encode),
            aud: USER_AUDIENCE.to_owned(),
            iss: ISSUER.to_owned(),
            typ: TokenType::Access,
            iat: now,
            exp: now + ttl_seconds,
            jti: uuid::Uuid::now_v7().to_string(),
            mfa,
            sid: session_id.to_owned(),
        };
        self.sign(&claims)
    }

    fn sign<T: Serialize>(&self, claims: &T) -> Result<String, crate::error::AppError> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding).map_err(|e| {
            tracing::error!(error = %e, "jwt encoding failed");
            crate::error::AppError::internal()
        })
    }

    /// Signature, expiry, issuer and this audience: a token of one audience is never
    /// accepted for the other.
    fn validation(audience: &str) -> Validation {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[audience]);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        validation
    }

    pub fn issue_partner(&self, operator_id: &str, credential_id: &str, ttl_seconds: i64) -> Result<String, crate::error::AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = PartnerClaims {
            sub: operator_id.to_owned(),
            cid: credential_id.to_owned(),
            aud: PARTNER_AUDIENCE.to_owned(),
            iss: ISSUER.to_owned(),
            iat: now,
            exp: now + ttl_seconds,
            jti: uuid::Uuid::now_v7().to_string(),
        };
        self.sign(&claims)
    }

    pub fn verify_partner(&self, token: &str) -> Option<PartnerClaims> {
        decode::<PartnerClaims>(token, &self.decoding, &Self::validation(PARTNER_AUDIENCE)).ok().map(|d| d.claims)
    }

    /// Verifies signature, expiry, issuer, audience, type and that the token names its session.
    pub fn verify_access(&self, token: &str) -> Option<Claims> {
        let data = decode::<Claims>(token, &self.decoding, &Self::validation(USER_AUDIENCE)).ok()?;
        (data.claims.typ == TokenType::Access && !data.claims.sid.is_empty()).then_some(data.claims)
    }
}

/// A random URL-safe secret (256 bits).
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A 6-digit code for SMS.
pub fn random_code() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
}

/// Hash of a secret as stored. Codes are short, so they are hashed with the user id and
/// purpose: a leaked table then does not map one code to every account.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

pub fn hash_code(user_id: &str, purpose: &str, code: &str) -> String {
    hash_secret(&format!("{user_id}:{purpose}:{code}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_round_trip_and_tamper() {
        let keys = JwtKeys::new("0123456789abcdef0123456789abcdef");
        let t = keys.issue_access("u1", "s1", Role::Student, None, None, 60, false).expect("token");
        let c = keys.verify_access(&t).expect("valid");
        assert_eq!(c.sub, "u1");
        assert_eq!(c.role, Role::Student);
        let other = JwtKeys::new("another-secret-another-secret-xx");
        assert!(other.verify_access(&t).is_none(), "signed by another key");
        assert!(keys.verify_access(&format!("{t}x")).is_none());
    }

    #[test]
    fn expired_token_refused() {
        let keys = JwtKeys::new("0123456789abcdef0123456789abcdef");
        let t = keys.issue_access("u1", "s1", Role::Admin, None, None, -60, false).expect("token");
        assert!(keys.verify_access(&t).is_none());
    }

    #[test]
    fn secrets_are_random_and_codes_six_digits() {
        assert_ne!(random_secret(), random_secret());
        let c = random_code();
        assert_eq!(c.len(), 6);
        assert!(c.chars().all(|d| d.is_ascii_digit()));
        assert_ne!(hash_code("a", "p", "123456"), hash_code("b", "p", "123456"));
    }
}
