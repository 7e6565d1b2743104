//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), what
//! authenticator apps speak. Pure: no clock, no storage.

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Steps accepted either side of now (clock drift of the phone).
pub const DRIFT_STEPS: i64 = 1;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding (how secrets are shown and put in otpauth:// links).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET.iter().position(|a| *a as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The step an instant (Unix seconds) falls in.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of a step (HOTP of the step counter).
pub fn code_at_step(secret: &[u8], step: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else { return String::new() };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = ((digest[offset] as u32 & 0x7f) << 24) | ((digest[offset + 1] as u32) << 16) | ((digest[offset + 2] as u32) << 8) | digest[offset + 3] as u32;
    format!("{:0width$}", binary % 10u32.pow(DIGITS), width = DIGITS as usize)
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
    let now = step_of(unix_seconds);
    (now - DRIFT_STEPS..=now + DRIFT_STEPS).filter(|s| *s > last_used_step).find(|s| constant_time_eq(code_at_step(secret, *s).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The link authenticator apps read (also shown as text to type by hand).
pub fn otpauth_uri(secret_b32: &str, account: &str) -> String {
    let enc = |s: &str| {
        s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect::<String>()
    };
    format!("otpauth://totp/Passerelle:{}?secret={secret_b32}&issuer=Passerelle&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}", enc(account))
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
        assert_eq!(uri, "otpauth://totp/Passerelle:claire%20bernard@ac-paris.fr?secret=MZXW6YTBOI&issuer=Passerelle&algorithm=SHA1&digits=6&period=30");
    }
}
