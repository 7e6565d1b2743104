//! Pure account rules: identifiers, lockout, code lifetimes, refresh-token verdicts.
//! No actix, no diesel: tested on their own.

use chrono::{Duration, NaiveDateTime};
use validator::ValidateEmail;

pub const MAX_FAILED_LOGINS: i32 = 8;
pub const LOCK_MINUTES: i64 = 15;
pub const MAX_CODE_ATTEMPTS: i32 = 5;
/// SMS password resets per phone number and rolling day (each SMS costs and can be abused).
pub const MAX_SMS_RESETS_PER_DAY: i64 = 3;
pub const NAME_MAX: u64 = 100;
pub const EMAIL_MAX: usize = 254;

/// How a person names their account at log-in or in a reset request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    Email(String),
    Phone(String),
}

impl Identifier {
    pub fn parse(raw: &str) -> Option<Identifier> {
        if raw.contains('@') {
            normalize_email(raw).map(Identifier::Email)
        } else {
            normalize_phone(raw).map(Identifier::Phone)
        }
    }
}

/// Lower-cased, trimmed e-mail, or `None` when it is not an address. Uniqueness is checked
/// on this form, so `Alice@X.fr` and `alice@x.fr` are one account.
pub fn normalize_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    (e.len() <= EMAIL_MAX && e.validate_email()).then_some(e)
}

/// E.164 form of a French mobile number (mainland or overseas), or `None`.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')')).collect();
    let international = if let Some(rest) = compact.strip_prefix("00") {
        format!("+{rest}")
    } else if compact.starts_with('+') {
        compact
    } else if compact.len() == 10 && compact.starts_with('0') {
        // National format: overseas mobile ranges keep their own country code.
        let national = &compact[1..];
        let prefix = match &national[..3] {
            "692" | "693" | "639" => "+262",
            "690" | "691" => "+590",
            "694" => "+594",
            "696" | "697" => "+596",
            _ => "+33",
        };
        format!("{prefix}{national}")
    } else {
        return None;
    };
    let digits = &international[1..];
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let valid = [("33", 9), ("262", 9), ("590", 9), ("594", 9), ("596", 9), ("687", 6), ("689", 8)]
        .iter()
        .any(|(cc, len)| digits.strip_prefix(cc).is_some_and(|rest| rest.len() == *len));
    valid.then_some(international)
}

/// Outcome of one more failed password: the new counter and, when it reaches the limit,
/// the time until which the account stays locked (the counter then restarts).
pub fn after_failed_login(failed_before: i32, now: NaiveDateTime) -> (i32, Option<NaiveDateTime>) {
    let failed = failed_before + 1;
    if failed >= MAX_FAILED_LOGINS {
        (0, Some(now + Duration::minutes(LOCK_MINUTES)))
    } else {
        (failed, None)
    }
}

/// Failures start slowing sign-ins down from this many on (before the lock at 8).
pub const SLOW_DOWN_AFTER: i32 = 3;

/// One more failure for an identifier (whether an account has it or not), given its previous
/// count and when the last failure was: failures a lock-period old are forgotten.
pub fn after_failure(failures: i32, last_failure: Option<NaiveDateTime>, now: NaiveDateTime) -> (i32, Option<NaiveDateTime>) {
    let recent = if last_failure.is_some_and(|l| now - l > Duration::minutes(LOCK_MINUTES)) { 0 } else { failures };
    after_failed_login(recent, now)
}

/// Seconds to wait before the next attempt: 1, 2, 4… (at most 30) after the third failure in a
/// row, so that guessing slows down long before the lock.
pub fn wait_before_next(failures: i32, last_failure: NaiveDateTime, now: NaiveDateTime) -> Option<u64> {
    if failures < SLOW_DOWN_AFTER || now - last_failure > Duration::minutes(LOCK_MINUTES) {
        return None;
    }
    let delay = Duration::seconds((1i64 << (failures - SLOW_DOWN_AFTER).min(5)).min(30));
    let remaining = last_failure + delay - now;
    (remaining > Duration::zero()).then(|| ((remaining.num_milliseconds() + 999) / 1000).max(1) as u64)
}

/// Seconds left on a lock, if the account is locked at `now`.
pub fn lock_remaining(locked_until: Option<NaiveDateTime>, now: NaiveDateTime) -> Option<u64> {
    locked_until.filter(|until| *until > now).map(|until| (until - now).num_seconds().max(1) as u64)
}

/// Purposes of one-time codes; a code made for one is never accepted for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePurpose {
    ConfirmAccount,
    ResetPassword,
    ChangeEmail,
    /// The link of the lock-out mail: lets the mailbox's owner in again at once.
    Unlock,
}

/// How a code reaches the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// A link carrying a long random secret.
    Link,
    /// Six digits by SMS, tied to a phone number.
    SmsCode,
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::ConfirmAccount => "confirm_account",
            CodePurpose::ResetPassword => "reset_password",
            CodePurpose::ChangeEmail => "change_email",
            CodePurpose::Unlock => "unlock",
        }
    }

    /// Lifetime: links live longer than 6-digit codes, which can be guessed.
    pub fn lifetime(self, delivery: Delivery) -> Duration {
        match (self, delivery) {
            (_, Delivery::SmsCode) => Duration::minutes(15),
            (CodePurpose::ConfirmAccount, Delivery::Link) => Duration::hours(48),
            (CodePurpose::ResetPassword, Delivery::Link) => Duration::hours(1),
            (CodePurpose::ChangeEmail, Delivery::Link) => Duration::hours(24),
            (CodePurpose::Unlock, Delivery::Link) => Duration::hours(1),
        }
    }
}

/// Why a presented refresh token is refused, or that it may be rotated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshVerdict {
    Rotate,
    /// Already used once: someone holds a copy. The whole family is revoked.
    Reused,
    Revoked,
    Expired,
}

pub fn refresh_verdict(
    used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
    expires_at: NaiveDateTime,
    family_expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> RefreshVerdict {
    if revoked_at.is_some() {
        RefreshVerdict::Revoked
    } else if used_at.is_some() {
        RefreshVerdict::Reused
    } else if expires_at <= now || family_expires_at <= now {
        RefreshVerdict::Expired
    } else {
        RefreshVerdict::Rotate
    }
}

/// A name as typed by a person: trimmed, non-empty, without control characters.
pub fn clean_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.is_empty() {
        Err("Ce champ est obligatoire.")
    } else if name.chars().count() > NAME_MAX as usize {
        Err("100 caractères au plus.")
    } else if name.chars().any(char::is_control) {
        Err("Caractères non autorisés.")
    } else {
        Ok(name.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("date")
    }

    #[test]
    fn emails_are_case_insensitive() {
        assert_eq!(normalize_email("  Alice.Martin@AC-Paris.FR "), Some("alice.martin@ac-paris.fr".into()));
        assert_eq!(normalize_email("not-an-email"), None);
        assert_eq!(normalize_email(&format!("{}@x.fr", "a".repeat(260))), None);
    }

    #[test]
    fn phones_mainland_and_overseas() {
        assert_eq!(normalize_phone("06 12 34 56 78"), Some("+33612345678".into()));
        assert_eq!(normalize_phone("+33 7 12 34 56 78"), Some("+33712345678".into()));
        assert_eq!(normalize_phone("0033612345678"), Some("+33612345678".into()));
        assert_eq!(normalize_phone("0692 12 34 56"), Some("+262692123456".into()));
        assert_eq!(normalize_phone("+687 12 34 56"), Some("+687123456".into()));
        assert_eq!(normalize_phone("+689 87 12 34 56"), Some("+68987123456".into()));
        assert_eq!(normalize_phone("+44 7700 900123"), None, "foreign numbers refused");
        assert_eq!(normalize_phone("06 12 34"), None);
        assert_eq!(normalize_phone("06 12 34 56 7a"), None);
    }

    #[test]
    fn identifier_picks_email_or_phone() {
        assert_eq!(Identifier::parse("A@b.fr"), Some(Identifier::Email("a@b.fr".into())));
        assert_eq!(Identifier::parse("0612345678"), Some(Identifier::Phone("+33612345678".into())));
        assert_eq!(Identifier::parse("bob"), None);
    }

    #[test]
    fn failures_slow_down_then_are_forgotten() {
        let last = t("2026-11-23 10:00:00");
        assert_eq!(wait_before_next(2, last, last), None, "no wait for the first failures");
        assert_eq!(wait_before_next(3, last, last), Some(1));
        assert_eq!(wait_before_next(5, last, last), Some(4));
        assert_eq!(wait_before_next(7, last, t("2026-11-23 10:00:10")), Some(6));
        assert_eq!(wait_before_next(7, last, t("2026-11-23 10:00:16")), None);
        assert_eq!(after_failure(6, Some(last), t("2026-11-23 10:01:00")), (7, None));
        assert_eq!(after_failure(6, Some(last), t("2026-11-23 10:20:00")), (1, None), "old failures are forgotten");
        assert_eq!(after_failure(7, Some(last), t("2026-11-23 10:01:00")).1, Some(t("2026-11-23 10:16:00")));
    }

    #[test]
    fn eighth_failure_locks_for_fifteen_minutes() {
        let now = t("2026-11-23 10:00:00");
        let mut failed = 0;
        for _ in 0..7 {
            let (f, lock) = after_failed_login(failed, now);
            assert!(lock.is_none());
            failed = f;
        }
        assert_eq!(failed, 7);
        let (f, lock) = after_failed_login(failed, now);
        assert_eq!(f, 0);
        assert_eq!(lock, Some(t("2026-11-23 10:15:00")));
        assert_eq!(lock_remaining(lock, now), Some(900));
        assert_eq!(lock_remaining(lock, t("2026-11-23 10:15:00")), None);
    }

    #[test]
    fn refresh_verdicts() {
        let now = t("2026-11-23 10:00:00");
        let later = t("2026-11-23 11:00:00");
        let before = t("2026-11-23 09:00:00");
        assert_eq!(refresh_verdict(None, None, later, later, now), RefreshVerdict::Rotate);
        assert_eq!(refresh_verdict(Some(before), None, later, later, now), RefreshVerdict::Reused);
        assert_eq!(refresh_verdict(Some(before), Some(before), later, later, now), RefreshVerdict::Revoked);
        assert_eq!(refresh_verdict(None, None, before, later, now), RefreshVerdict::Expired);
        assert_eq!(refresh_verdict(None, None, later, before, now), RefreshVerdict::Expired);
    }

    #[test]
    fn code_lifetimes() {
        assert_eq!(CodePurpose::ResetPassword.lifetime(Delivery::Link), Duration::hours(1));
        assert_eq!(CodePurpose::ConfirmAccount.lifetime(Delivery::SmsCode), Duration::minutes(15));
    }

    #[test]
    fn names() {
        assert_eq!(clean_name("  Zoé "), Ok("Zoé".into()));
        assert!(clean_name("   ").is_err());
        assert!(clean_name(&"a".repeat(101)).is_err());
        assert!(clean_name("a\u{0007}b").is_err());
        assert_eq!(clean_name("<img src=x onerror=alert(1)>"), Ok("<img src=x onerror=alert(1)>".into()));
    }
}
