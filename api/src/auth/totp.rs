//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), what
//! authenticator apps speak, through the maintained `totp-rs` crate. Pure: no clock, no storage.
//! What it adds: codes typed with spaces, and the replay rule (a step is good once).

use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Steps accepted either side of now (clock drift of the phone).
pub const DRIFT_STEPS: i64 = 1;

fn totp(secret: &[u8], account: &str) -> TOTP {
    // `new_unchecked`: the RFC's own test seed is shorter than the 128 bits `new` insists on;
    // our secrets are 160 bits (accounts::service).
    TOTP::new_unchecked(Algorithm::SHA1, DIGITS as usize, 0, STEP_SECONDS as u64, secret.to_vec(), Some("Passerelle".into()), account.into())
}

/// RFC 4648 base32 without padding (how secrets are shown and put in otpauth:// links).
pub fn base32_encode(bytes: &[u8]) -> String {
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

/// Reads a secret as typed or stored: case and spaces do not matter.
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let clean: String = s.chars().filter(|c| !c.is_whitespace() && *c != '=').map(|c| c.to_ascii_uppercase()).collect();
    Secret::Encoded(clean).to_bytes().ok()
}

/// The step an instant (Unix seconds) falls in.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of a step.
pub fn code_at_step(secret: &[u8], step: i64) -> String {
    totp(secret, "").generate((step.max(0) * STEP_SECONDS) as u64)
}

/// The code shown by an app at this instant.
pub fn code_at(secret: &[u8], unix_seconds: i64) -> String {
    code_at_step(secret, step_of(unix_seconds))
}

/// The step a typed code matches (within the drift), if it matches one after `last_used_step`
/// (a code is good once: replaying it, even within its 30 seconds, is refused).
pub fn verify(secret: &[u8], code: &str, unix_seconds: i64, last_used_step: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret, "");
    let now = step_of(unix_seconds);
    // `check` compares in constant time; skew 0, so each step is tried on its own.
    (now - DRIFT_STEPS..=now + DRIFT_STEPS).filter(|s| *s > last_used_step && *s >= 0).find(|s| totp.check(&code, (*s * STEP_SECONDS) as u64))
}

/// The link authenticator apps read (also shown as text to type by hand).
pub fn otpauth_uri(secret_b32: &str, account: &str) -> String {
    let key = base32_decode(secret_b32).unwrap_or_default();
    totp(&key, account).get_url()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), last 6 digits.
    #[test]
    fn rfc_6238_vectors() {
        let seed = b"12345678901234567890";
        for (t, code) in
            [(59, "287082"), (1111111109, "081804"), (1111111111, "050471"), (1234567890, "005924"), (2000000000, "279037"), (20000000000, "353130")]
        {
            assert_eq!(code_at(seed, t), code, "t = {t}");
        }
    }

    #[test]
    fn base32_round_trip_and_rfc_4648_vector() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("MZXW6YTBOI").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base32_decode("mzxw 6ytb oi").as_deref(), Some(&b"foobar"[..]), "lower case and spaces as typed");
        assert_eq!(base32_decode("M1"), None);
        let secret = [7u8; 20];
        assert_eq!(base32_decode(&base32_encode(&secret)).as_deref(), Some(&secret[..]));
    }

    #[test]
    fn accepts_drift_refuses_replay_and_junk() {
        let seed = b"12345678901234567890";
        let t = 1_111_111_111;
        let step = step_of(t);
        assert_eq!(verify(seed, &code_at(seed, t), t, 0), Some(step));
        assert_eq!(verify(seed, &code_at(seed, t - 30), t, 0), Some(step - 1), "the previous step (drift)");
        assert_eq!(verify(seed, &code_at(seed, t - 90), t, 0), None, "too old");
        assert_eq!(verify(seed, &code_at(seed, t), t, step), None, "already used");
        assert_eq!(verify(seed, "12345", t, 0), None);
        assert_eq!(verify(seed, "abcdef", t, 0), None);
        let spaced = format!("{} {}", &code_at(seed, t)[..3], &code_at(seed, t)[3..]);
        assert_eq!(verify(seed, &spaced, t, 0), Some(step));
    }

    #[test]
    fn otpauth_link() {
        let uri = otpauth_uri("MZXW6YTBOI", "claire bernard@ac-paris.fr");
        // SHA1, 6 digits and 30 s are the defaults every app assumes, so the crate leaves them out.
        assert_eq!(uri, "otpauth://totp/Passerelle:claire%20bernard%40ac-paris.fr?secret=MZXW6YTBOI&issuer=Passerelle");
    }
}
