//! Secrets the server must read back (TOTP keys, webhook signing secrets) are stored sealed
//! (ChaCha20-Poly1305 under a key from `SECRETS_KEY`), so that a copy of the database alone
//! gives neither second factors nor the power to forge webhooks. Values written before sealing
//! existed are read as they are.

use std::sync::OnceLock;

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

use crate::error::AppError;

const PREFIX: &str = "sealed:v1:";
static KEY: OnceLock<[u8; 32]> = OnceLock::new();

/// The 32-byte key from the configured passphrase (any string of 32 characters or more).
pub fn derive(passphrase: &str) -> [u8; 32] {
    Sha256::digest(format!("passerelle-sealed-secrets|{passphrase}").as_bytes()).into()
}

/// Sets the process's key (once: every configuration of a process carries the same one).
pub fn init(key: [u8; 32]) {
    let _ = KEY.set(key);
}

/// The name of the check value in `sealed_checks`.
const CHECK_NAME: &str = "secrets_key";
const CHECK_PLAIN: &str = "passerelle-secrets-key-check";

/// At start: the database's check value must open with this key; a fresh database gets one.
/// A replica started with another `SECRETS_KEY` would fail every second-factor sign-in with a
/// bare 500 and could not send signed webhooks: it refuses to start instead.
pub fn check_key(conn: &mut crate::db::AnyConnection, key: &[u8; 32]) -> Result<(), String> {
    use crate::db::schema::sealed_checks as sc;
    use diesel::prelude::*;
    let cipher = ChaCha20Poly1305::new(&Key::from(*key));
    let stored: Option<String> = sc::table.find(CHECK_NAME).select(sc::value).first(conn).optional().map_err(|e| e.to_string())?;
    match stored {
        Some(value) => match open_with(&cipher, &value) {
            Ok(plain) if plain == CHECK_PLAIN => Ok(()),
            _ => Err("SECRETS_KEY ne correspond pas à celle avec laquelle cette base a été remplie : les secrets scellés \
                      (doubles authentifications, secrets de webhooks) ne pourraient pas être lus. Démarrez avec la clé d'origine."
                .into()),
        },
        None => {
            let value = seal_with(&cipher, CHECK_PLAIN).map_err(|_| "scellement impossible".to_owned())?;
            // Two replicas starting together: the second insert is ignored, then both re-read.
            let _ = diesel::insert_into(sc::table).values((sc::name.eq(CHECK_NAME), sc::value.eq(value), sc::created_at.eq(crate::db::now()))).execute(conn);
            let again: String = sc::table.find(CHECK_NAME).select(sc::value).first(conn).map_err(|e| e.to_string())?;
            match open_with(&cipher, &again) {
                Ok(plain) if plain == CHECK_PLAIN => Ok(()),
                _ => Err("SECRETS_KEY ne correspond pas à celle d'une autre instance démarrée en même temps.".into()),
            }
        }
    }
}

fn cipher() -> Result<ChaCha20Poly1305, AppError> {
    let key = KEY.get().ok_or_else(|| {
        tracing::error!("sealed secrets used before the key was set");
        AppError::internal()
    })?;
    Ok(ChaCha20Poly1305::new(&Key::from(*key)))
}

pub fn seal(plain: &str) -> Result<String, AppError> {
    seal_with(&cipher()?, plain)
}

fn seal_with(cipher: &ChaCha20Poly1305, plain: &str) -> Result<String, AppError> {
    let mut nonce = [0u8; 12];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut nonce);
    let sealed = cipher.encrypt(&Nonce::from(nonce), plain.as_bytes()).map_err(|_| AppError::internal())?;
    let mut out = nonce.to_vec();
    out.extend(sealed);
    Ok(format!("{PREFIX}{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)))
}

pub fn open(stored: &str) -> Result<String, AppError> {
    if !stored.starts_with(PREFIX) {
        return Ok(stored.to_owned());
    }
    open_with(&cipher()?, stored).inspect_err(|_| tracing::error!("a sealed secret does not open with this SECRETS_KEY"))
}

fn open_with(cipher: &ChaCha20Poly1305, stored: &str) -> Result<String, AppError> {
    let Some(b64) = stored.strip_prefix(PREFIX) else { return Ok(stored.to_owned()) };
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD.decode(b64).map_err(|_| AppError::internal())?;
    if bytes.len() < 12 + 16 {
        return Err(AppError::internal());
    }
    let nonce: [u8; 12] = bytes[..12].try_into().map_err(|_| AppError::internal())?;
    let plain = cipher.decrypt(&Nonce::from(nonce), &bytes[12..]).map_err(|_| AppError::internal())?;
    String::from_utf8(plain).map_err(|_| AppError::internal())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_hide_the_secret_and_resist_tampering() {
        init(derive("a test passphrase of more than thirty-two characters"));
        let s = seal("JBSWY3DPEHPK3PXP").expect("test");
        assert!(s.starts_with(PREFIX) && !s.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(open(&s).expect("test"), "JBSWY3DPEHPK3PXP");
        assert_ne!(seal("JBSWY3DPEHPK3PXP").expect("test"), s, "a fresh nonce each time");
        // One flipped character: refused, never a wrong secret.
        let mut t = s.clone().into_bytes();
        let i = t.len() - 3;
        t[i] = if t[i] == b'A' { b'B' } else { b'A' };
        assert!(open(&String::from_utf8(t).expect("test")).is_err());
        // Rows written before sealing read as they are.
        assert_eq!(open("JBSWY3DPEHPK3PXP").expect("test"), "JBSWY3DPEHPK3PXP");
        assert_ne!(derive("one passphrase"), derive("another passphrase"));
    }
}
