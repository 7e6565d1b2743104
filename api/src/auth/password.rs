//! Password hashing (argon2id) and the password rule.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 128;

/// French message when the password breaks the rule, `None` when it is acceptable.
pub fn check_rule(password: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < MIN_LEN {
        Some("Le mot de passe doit contenir au moins 12 caractères.")
    } else if n > MAX_LEN {
        Some("Le mot de passe doit contenir au plus 128 caractères.")
    } else {
        None
    }
}

/// Each argon2 computation takes 19 MiB and a core for tens of milliseconds: at the opening rush
/// hundreds of sign-ins at once would take gigabytes. At most this many run together (one per
/// core, at least two); the others wait their turn (and the load shedder refuses the excess).
struct Gate {
    busy: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
    max: usize,
}

struct Pass<'a>(&'a Gate);

impl Gate {
    fn enter(&self) -> Pass<'_> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        while *busy >= self.max {
            busy = self.freed.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy += 1;
        Pass(self)
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        *self.0.busy.lock().unwrap_or_else(|p| p.into_inner()) -= 1;
        self.0.freed.notify_one();
    }
}

fn gate() -> &'static Gate {
    static GATE: std::sync::OnceLock<Gate> = std::sync::OnceLock::new();
    GATE.get_or_init(|| Gate {
        busy: std::sync::Mutex::new(0),
        freed: std::sync::Condvar::new(),
        max: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2),
    })
}

/// The stored "hash" of an account without a password (a pupil enrolled from the school's
/// register, who signs in through the pupils' federation): not an argon2 hash, so no password
/// ever verifies against it.
pub const NONE: &str = "!";

pub fn hash(password: &str) -> Result<String, crate::error::AppError> {
    let _pass = gate().enter();
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        crate::error::AppError::internal()
    })
}

pub fn verify(password: &str, stored: &str) -> bool {
    let _pass = gate().enter();
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the account does not exist, so timing does not reveal it.
pub fn dummy_hash() -> &'static str {
    use std::sync::OnceLock;
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash("passerelle-dummy-password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_the_gate_s_number_of_hashes_run_together() {
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let now = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (peak, now) = (peak.clone(), now.clone());
                std::thread::spawn(move || {
                    let _pass = gate().enter();
                    let n = now.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    peak.fetch_max(n, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    now.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().expect("thread"));
        assert!(peak.load(std::sync::atomic::Ordering::SeqCst) <= gate().max);
    }

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse battery").expect("hash");
        let b = hash("correct horse battery").expect("hash");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse batterY", &a));
        assert!(!verify("anything", "not a hash"));
        assert!(!verify("", NONE) && !verify("!", NONE));
    }

    #[test]
    fn rule_bounds() {
        assert!(check_rule("short").is_some());
        assert!(check_rule("exactly12chr").is_none());
        assert!(check_rule(&"x".repeat(128)).is_none());
        assert!(check_rule(&"x".repeat(129)).is_some());
    }
}
