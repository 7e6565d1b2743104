//! Account use cases: each loads, decides with `rules`, and writes in one transaction.
//! Called from the handlers inside a blocking task.

use crate::error::ErrorCode;
use crate::ids::UserId;

use chrono::{Duration, NaiveDateTime};

use super::model::{NewOneTimeCode, NewRefreshToken, NewUser, User};
use super::queries as q;
use super::rules::{self, CodePurpose, Delivery, Identifier, RefreshVerdict};
use crate::auth::tokens::{hash_code, hash_secret, random_code, random_secret};
use crate::auth::{password, Role, Scope, StaffFunction};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::notifications::{queue_email, queue_sms, templates};

/// Session lifetimes, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub max: Duration,
}

/// A validated sign-up (or admin creation).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password_hash: String,
    pub role: Role,
    pub staff_function: Option<StaffFunction>,
    pub scope: Option<Scope>,
    pub first_name: String,
    pub last_name: String,
}

fn invalid_credentials() -> AppError {
    AppError::unauthorized("Identifiant ou mot de passe incorrect.").with_code(ErrorCode::InvalidCredentials)
}

fn locked(seconds: u64) -> AppError {
    AppError::new(
        ErrorCode::AccountLocked,
        "Trop de tentatives : votre compte est verrouillé pendant 15 minutes. Vous pouvez aussi réinitialiser votre mot de passe.",
    )
    .with_retry_after(seconds)
}

fn invalid_token() -> AppError {
    AppError::new(ErrorCode::TokenInvalid, "Ce lien ou ce code n'est pas valide ou a expiré. Vous pouvez en demander un nouveau.")
}

fn ensure_unique(conn: &mut AnyConnection, email: Option<&str>, phone: Option<&str>) -> AppResult<()> {
    if let Some(e) = email {
        if q::find_by_email(conn, e)?.is_some() {
            return Err(AppError::conflict("Un compte existe déjà avec cette adresse e-mail.").with_field("email", "Adresse déjà utilisée."));
        }
    }
    if let Some(p) = phone {
        if q::find_by_phone(conn, p)?.is_some() {
            return Err(AppError::conflict("Un compte existe déjà avec ce numéro.").with_field("phone", "Numéro déjà utilisé."));
        }
    }
    Ok(())
}

fn insert_account(conn: &mut AnyConnection, a: &NewAccount, confirmed: bool, now: NaiveDateTime) -> AppResult<User> {
    ensure_unique(conn, a.email.as_deref(), a.phone.as_deref())?;
    let id = db::new_id();
    q::insert_user(
        conn,
        &NewUser {
            id: id.clone(),
            email: a.email.clone(),
            phone: a.phone.clone(),
            password_hash: a.password_hash.clone(),
            role: a.role.as_str().to_owned(),
            staff_function: a.staff_function.map(|f| f.as_str().to_owned()),
            scope_kind: a.scope.as_ref().map(|s| s.kind.as_str().to_owned()),
            scope_code: a.scope.as_ref().map(|s| s.code.clone()),
            first_name: a.first_name.clone(),
            last_name: a.last_name.clone(),
            confirmed_at: confirmed.then_some(now),
            failed_logins: 0,
            created_at: now,
            updated_at: now,
        },
    )
    .map_err(|e| match e {
        // Two sign-ups racing on one address: the unique index decides.
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            AppError::conflict("Un compte existe déjà avec cet identifiant.")
        }
        other => other.into(),
    })?;
    q::find_user(conn, &id)?.ok_or_else(AppError::internal)
}

/// Creates a one-time secret for `user` and returns what to send (link secret or code).
fn new_code(
    conn: &mut AnyConnection,
    user_id: &str,
    purpose: CodePurpose,
    delivery: Delivery,
    target: Option<String>,
    lifetime: Duration,
    now: NaiveDateTime,
) -> AppResult<String> {
    q::void_codes(conn, user_id, purpose, now)?;
    let (secret, hash) = match delivery {
        Delivery::Link => {
            let s = random_secret();
            let h = hash_secret(&s);
            (s, h)
        }
        Delivery::SmsCode => {
            let c = random_code();
            let h = hash_code(user_id, purpose.as_str(), &c);
            (c, h)
        }
    };
    q::insert_code(
        conn,
        &NewOneTimeCode {
            id: db::new_id(),
            user_id: user_id.to_owned(),
            purpose: purpose.as_str().to_owned(),
            token_hash: hash,
            target,
            attempts: 0,
            created_at: now,
            expires_at: now + lifetime,
        },
    )?;
    Ok(secret)
}

fn send_confirmation(conn: &mut AnyConnection, user: &User, public_url: &str, now: NaiveDateTime) -> AppResult<()> {
    let purpose = CodePurpose::ConfirmAccount;
    if let Some(email) = &user.email {
        let secret = new_code(conn, &user.id, purpose, Delivery::Link, None, purpose.lifetime(Delivery::Link), now)?;
        let link = format!("{public_url}/confirmation?token={secret}");
        queue_email(conn, &templates::confirm_account_email(email, &user.first_name, &link))?;
    } else if let Some(phone) = &user.phone {
        let code = new_code(conn, &user.id, purpose, Delivery::SmsCode, None, purpose.lifetime(Delivery::SmsCode), now)?;
        queue_sms(conn, &templates::confirm_account_sms(phone, &code))?;
    }
    Ok(())
}

/// Creates the account and sends its confirmation. When the address or number already has an
/// account, nothing is created: its owner is told by mail or SMS, and the answer looks the same
/// as a creation (an id that leads nowhere), so that sign-up never tells who has an account.
pub fn sign_up(conn: &mut AnyConnection, account: NewAccount, public_url: &str) -> AppResult<User> {
    let now = db::now();
    db::transaction(conn, |conn| {
        let by_email = match &account.email {
            Some(e) => q::find_by_email(conn, e)?,
            None => None,
        };
        let by_phone = match &account.phone {
            Some(p) => q::find_by_phone(conn, p)?,
            None => None,
        };
        if by_email.is_some() || by_phone.is_some() {
            let login = format!("{public_url}/connexion");
            if let (Some(existing), Some(email)) = (&by_email, &account.email) {
                queue_email(conn, &templates::already_registered_email(email, &existing.first_name, &login))?;
            } else if let (Some(_), Some(phone)) = (&by_phone, &account.phone) {
                queue_sms(conn, &templates::already_registered_sms(phone, &login))?;
            }
            return Ok(unsaved_user(&account, now));
        }
        let user = insert_account(conn, &account, false, now)?;
        send_confirmation(conn, &user, public_url, now)?;
        Ok(user)
    })
}

/// What a creation would have answered, for an account that is not created.
fn unsaved_user(a: &NewAccount, now: NaiveDateTime) -> User {
    User {
        id: UserId::new(),
        email: a.email.clone(),
        phone: a.phone.clone(),
        password_hash: String::new(),
        role: a.role.as_str().to_owned(),
        staff_function: a.staff_function.map(|f| f.as_str().to_owned()),
        scope_kind: None,
        scope_code: None,
        first_name: a.first_name.clone(),
        last_name: a.last_name.clone(),
        confirmed_at: None,
        failed_logins: 0,
        locked_until: None,
        pending_email: None,
        created_at: now,
        updated_at: now,
        last_login_at: None,
        anonymised_at: None,
        totp_secret: None,
        totp_enabled_at: None,
        totp_last_step: 0,
        retention_notice_at: None,
        suspended_at: None,
        suspended_reason: None,
    }
}

/// Sends a new confirmation if the account exists and is unconfirmed. Says nothing either way.
pub fn resend_confirmation(conn: &mut AnyConnection, id: &Identifier, public_url: &str) -> AppResult<()> {
    let now = db::now();
    db::transaction(conn, |conn| {
        if let Some(user) = q::find_by_identifier(conn, id)? {
            let recent = q::count_codes_since(conn, &user.id, CodePurpose::ConfirmAccount, now - Duration::hours(24))?;
            if user.confirmed_at.is_none() && recent < 10 {
                send_confirmation(conn, &user, public_url, now)?;
            }
        }
        Ok(())
    })
}

/// Finds the code a person presents: a link secret, or a phone number and six digits.
/// A wrong SMS code counts against the newest code; after 5 wrong tries it is void.
fn redeem(
    conn: &mut AnyConnection,
    purpose: CodePurpose,
    token: Option<&str>,
    phone_code: Option<(&str, &str)>,
    now: NaiveDateTime,
) -> AppResult<super::model::OneTimeCode> {
    let found = match (token, phone_code) {
        (Some(t), _) => q::find_code_by_hash(conn, &hash_secret(t))?,
        (None, Some((phone, code))) => {
            let Some(user) = q::find_by_phone(conn, phone)? else { return Err(invalid_token()) };
            let found = q::find_code_by_hash(conn, &hash_code(&user.id, purpose.as_str(), code))?;
            if found.is_none() {
                if let Some(active) = q::latest_active_code(conn, &user.id, purpose)? {
                    let attempts = active.attempts + 1;
                    q::bump_code_attempts(conn, &active.id, attempts)?;
                    if attempts >= rules::MAX_CODE_ATTEMPTS {
                        q::use_code(conn, &active.id, now)?;
                    }
                }
            }
            found
        }
        (None, None) => None,
    };
    let code = found
        .filter(|c| c.purpose == purpose.as_str())
        .filter(|c| c.used_at.is_none() && c.expires_at > now)
        .filter(|c| c.attempts < rules::MAX_CODE_ATTEMPTS)
        .ok_or_else(invalid_token)?;
    if !q::use_code(conn, &code.id, now)? {
        return Err(invalid_token());
    }
    Ok(code)
}

/// The outcome of a step that must keep its writes even when it answers an error
/// (a failed code attempt, a revoked token family).
fn commit_then<T>(conn: &mut AnyConnection, f: impl FnOnce(&mut AnyConnection) -> AppResult<AppResult<T>>) -> AppResult<T> {
    db::transaction(conn, f)?
}

pub fn confirm_account(conn: &mut AnyConnection, token: Option<&str>, phone_code: Option<(&str, &str)>) -> AppResult<User> {
    let now = db::now();
    commit_then(conn, |conn| {
        let code = match redeem(conn, CodePurpose::ConfirmAccount, token, phone_code, now) {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        q::set_confirmed(conn, &code.user_id, now)?;
        Ok(q::find_user(conn, &code.user_id)?.ok_or_else(AppError::internal))
    })
}

fn slow_down(seconds: u64) -> AppError {
    AppError::new(ErrorCode::TooManyAttempts, "Plusieurs tentatives ont échoué : patientez quelques secondes avant de réessayer.").with_retry_after(seconds)
}

/// A failed attempt (unknown identifier, password or second factor) counts towards the lock of
/// the identifier, whether an account has it or not: locking tells nobody who has an account.
/// At the lock, the account's owner gets a link that lets them in again at once.
fn failed_attempt(conn: &mut AnyConnection, key: &str, user: Option<&User>, now: NaiveDateTime, public_url: &str, error: AppError) -> AppResult<User> {
    commit_then(conn, |conn| {
        let previous = q::throttle(conn, key)?;
        let (failures, lock) = rules::after_failure(previous.map(|t| t.0).unwrap_or(0), previous.map(|t| t.1), now);
        q::record_throttle(conn, key, failures, lock.or(previous.and_then(|t| t.2)), now)?;
        if let (Some(until), Some(user)) = (lock, user) {
            tracing::warn!(user = %user.id, "account locked after repeated failed log-ins");
            q::record_login_failure(conn, &user.id, 0, Some(until), now)?;
            if let Some(email) = &user.email {
                let secret = new_code(conn, &user.id, CodePurpose::Unlock, Delivery::Link, None, CodePurpose::Unlock.lifetime(Delivery::Link), now)?;
                let link = format!("{public_url}/compte/deverrouiller?token={secret}");
                queue_email(conn, &templates::account_locked_email(email, &user.first_name, &link))?;
            }
        }
        if lock.is_some() {
            return Ok(Err(locked((rules::LOCK_MINUTES * 60) as u64)));
        }
        Ok(Err(error))
    })
}

/// The lock-out mail's link: the mailbox's owner is let in again at once.
pub fn unlock(conn: &mut AnyConnection, token: &str) -> AppResult<()> {
    let now = db::now();
    commit_then(conn, |conn| {
        let code = match redeem(conn, CodePurpose::Unlock, Some(token), None, now) {
            Ok(c) => c,
            Err(mut e) => {
                e.message = "Ce lien de déverrouillage a déjà servi ou a expiré. Le verrou se lève de lui-même au bout de 15 minutes ; vous pouvez aussi choisir un nouveau mot de passe.".into();
                return Ok(Err(e));
            }
        };
        q::record_login_failure(conn, &code.user_id, 0, None, now)?;
        q::clear_throttles(conn, &code.user_id)?;
        tracing::info!(user = %code.user_id, "account unlocked from the lock-out mail");
        Ok(Ok(()))
    })
}

/// Checks the identifier's lock and pace, the password, then (when the person set one up) the
/// code of their authenticator app. Failures are counted atomically per identifier (shared by
/// every replica): from the third on, each attempt waits a little longer; the eighth locks
/// for 15 minutes.
pub fn log_in(conn: &mut AnyConnection, id: &Identifier, pass: &str, totp_code: Option<&str>, public_url: &str) -> AppResult<User> {
    let now = db::now();
    let throttle = q::throttle_key(id);
    if let Some((failures, last, locked_until)) = q::throttle(conn, &throttle)? {
        if let Some(seconds) = rules::lock_remaining(locked_until, now) {
            return Err(locked(seconds));
        }
        if let Some(seconds) = rules::wait_before_next(failures, last, now) {
            return Err(slow_down(seconds));
        }
    }
    let Some(user) = q::find_by_identifier(conn, id)? else {
        password::verify(pass, password::dummy_hash());
        return failed_attempt(conn, &throttle, None, now, public_url, invalid_credentials());
    };
    if !password::verify(pass, &user.password_hash) {
        return failed_attempt(conn, &throttle, Some(&user), now, public_url, invalid_credentials());
    }
    // Told only to whoever knows the password.
    if user.suspended_at.is_some() {
        return Err(AppError::forbidden("Ce compte est suspendu. Écrivez à l'équipe Passerelle pour en savoir plus.").with_code(ErrorCode::AccountSuspended));
    }
    if let (Some(secret), Some(_)) = (&user.totp_secret, user.totp_enabled_at) {
        let Some(code) = totp_code.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(AppError::unauthorized("Saisissez le code à 6 chiffres de votre application d'authentification.")
                .with_code(ErrorCode::TotpRequired)
                .with_field("totp_code", "Code à 6 chiffres attendu."));
        };
        let key = crate::auth::totp::base32_decode(&crate::auth::sealed::open(secret)?).ok_or_else(AppError::internal)?;
        let accepted = match crate::auth::totp::verify(&key, code, now.and_utc().timestamp(), user.totp_last_step) {
            Some(step) => q::use_totp_step(conn, &user.id, step)?,
            None => false,
        };
        if !accepted {
            let e = AppError::unauthorized("Code incorrect ou déjà utilisé : saisissez le code affiché maintenant par votre application.")
                .with_code(ErrorCode::TotpInvalid)
                .with_field("totp_code", "Code incorrect.");
            return failed_attempt(conn, &throttle, Some(&user), now, public_url, e);
        }
    }
    if user.confirmed_at.is_none() {
        return Err(AppError::forbidden("Votre compte n'est pas encore confirmé. Utilisez le lien ou le code que nous vous avons envoyé.")
            .with_code(ErrorCode::AccountNotConfirmed));
    }
    q::record_login_success(conn, &user.id, now)?;
    Ok(user)
}

/// A session's new refresh token (plain, shown once) and the session's id (its family), which
/// access tokens carry.
#[derive(Debug, Clone)]
pub struct SessionTokens {
    pub refresh: String,
    pub session_id: String,
}

/// Starts a session (new family) or continues one.
pub fn issue_refresh(
    conn: &mut AnyConnection,
    user_id: &str,
    family: Option<(String, NaiveDateTime)>,
    policy: SessionPolicy,
    now: NaiveDateTime,
) -> AppResult<SessionTokens> {
    let (family_id, family_expires_at) = family.unwrap_or_else(|| (db::new_id(), now + policy.max));
    let secret = random_secret();
    q::insert_refresh(
        conn,
        &NewRefreshToken {
            id: db::new_id(),
            user_id: user_id.to_owned(),
            family_id: family_id.clone(),
            token_hash: hash_secret(&secret),
            created_at: now,
            expires_at: (now + policy.idle).min(family_expires_at),
            family_expires_at,
        },
    )?;
    Ok(SessionTokens { refresh: secret, session_id: family_id })
}

pub fn start_session(conn: &mut AnyConnection, user_id: &str, policy: SessionPolicy) -> AppResult<SessionTokens> {
    let now = db::now();
    db::transaction(conn, |conn| issue_refresh(conn, user_id, None, policy, now))
}

/// Rotates a refresh token. Presenting a token that was already used revokes its whole
/// family: whoever holds the other copy is logged out too.
pub fn refresh(conn: &mut AnyConnection, presented: &str, policy: SessionPolicy) -> AppResult<(User, SessionTokens)> {
    let now = db::now();
    let expired = || AppError::unauthorized("Votre session a expiré. Merci de vous reconnecter.").with_code(ErrorCode::SessionExpired);
    commit_then(conn, |conn| {
        let Some(row) = q::find_refresh(conn, &hash_secret(presented))? else { return Ok(Err(expired())) };
        match rules::refresh_verdict(row.used_at, row.revoked_at, row.expires_at, row.family_expires_at, now) {
            RefreshVerdict::Rotate => {}
            RefreshVerdict::Reused => {
                tracing::warn!(user = %row.user_id, family = %row.family_id, "refresh token reused: family revoked");
                q::revoke_family(conn, &row.family_id, now)?;
                return Ok(Err(expired().with_code(ErrorCode::RefreshTokenReused)));
            }
            RefreshVerdict::Revoked | RefreshVerdict::Expired => return Ok(Err(expired())),
        }
        if !q::use_refresh(conn, &row.id, now)? {
            q::revoke_family(conn, &row.family_id, now)?;
            return Ok(Err(expired().with_code(ErrorCode::RefreshTokenReused)));
        }
        let Some(user) = q::find_user(conn, &row.user_id)? else { return Ok(Err(expired())) };
        let next = issue_refresh(conn, &user.id, Some((row.family_id.clone(), row.family_expires_at)), policy, now)?;
        Ok(Ok((user, next)))
    })
}

pub fn log_out(conn: &mut AnyConnection, presented: &str) -> AppResult<()> {
    let now = db::now();
    db::transaction(conn, |conn| {
        if let Some(row) = q::find_refresh(conn, &hash_secret(presented))? {
            q::revoke_family(conn, &row.family_id, now)?;
        }
        Ok(())
    })
}

/// Sends a reset link (e-mail) or code (SMS) when the account exists; silent otherwise.
pub fn forgot_password(conn: &mut AnyConnection, id: &Identifier, public_url: &str) -> AppResult<()> {
    let now = db::now();
    let purpose = CodePurpose::ResetPassword;
    db::transaction(conn, |conn| {
        let Some(user) = q::find_by_identifier(conn, id)? else { return Ok(()) };
        match id {
            Identifier::Email(email) => {
                let recent = q::count_codes_since(conn, &user.id, purpose, now - Duration::hours(24))?;
                if recent >= 10 {
                    return Ok(());
                }
                let secret = new_code(conn, &user.id, purpose, Delivery::Link, None, purpose.lifetime(Delivery::Link), now)?;
                let link = format!("{public_url}/mot-de-passe/nouveau?token={secret}");
                queue_email(conn, &templates::reset_password_email(email, &user.first_name, &link))?;
            }
            Identifier::Phone(phone) => {
                let recent = q::count_codes_since(conn, &user.id, purpose, now - Duration::hours(24))?;
                if recent >= rules::MAX_SMS_RESETS_PER_DAY {
                    return Err(AppError::rate_limited(3600).with_code(ErrorCode::SmsLimitReached));
                }
                let code = new_code(conn, &user.id, purpose, Delivery::SmsCode, None, purpose.lifetime(Delivery::SmsCode), now)?;
                queue_sms(conn, &templates::reset_password_sms(phone, &code))?;
            }
        }
        Ok(())
    })
}

/// Sets a new password from a reset link or code. Every session ends and the lock lifts.
pub fn reset_password(conn: &mut AnyConnection, token: Option<&str>, phone_code: Option<(&str, &str)>, new_hash: &str) -> AppResult<()> {
    let now = db::now();
    commit_then(conn, |conn| {
        let code = match redeem(conn, CodePurpose::ResetPassword, token, phone_code, now) {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        q::set_password(conn, &code.user_id, new_hash, now)?;
        // Receiving the link proves the address or number: the account counts as confirmed.
        q::set_confirmed(conn, &code.user_id, now)?;
        q::revoke_all_for_user(conn, &code.user_id, now)?;
        Ok(Ok(()))
    })
}

pub fn change_password(conn: &mut AnyConnection, user_id: &str, current: &str, new_hash: &str, policy: SessionPolicy) -> AppResult<(User, SessionTokens)> {
    let user = q::find_user(conn, user_id)?.ok_or_else(|| AppError::unauthorized("Compte introuvable."))?;
    if !password::verify(current, &user.password_hash) {
        return Err(AppError::field("current_password", "Mot de passe actuel incorrect."));
    }
    let now = db::now();
    db::transaction(conn, |conn| {
        q::set_password(conn, user_id, new_hash, now)?;
        q::revoke_all_for_user(conn, user_id, now)?;
        let refresh = issue_refresh(conn, user_id, None, policy, now)?;
        Ok((user, refresh))
    })
}

/// Asks for a new e-mail: it becomes the account's only once confirmed from that mailbox.
pub fn request_email_change(conn: &mut AnyConnection, user_id: &str, new_email: &str, current_password: &str, public_url: &str) -> AppResult<()> {
    let user = q::find_user(conn, user_id)?.ok_or_else(|| AppError::unauthorized("Compte introuvable."))?;
    if !password::verify(current_password, &user.password_hash) {
        return Err(AppError::field("current_password", "Mot de passe incorrect."));
    }
    if user.email.as_deref() == Some(new_email) {
        return Err(AppError::field("new_email", "C'est déjà votre adresse."));
    }
    let now = db::now();
    let purpose = CodePurpose::ChangeEmail;
    db::transaction(conn, |conn| {
        ensure_unique(conn, Some(new_email), None)
            .map_err(|_| AppError::conflict("Un compte existe déjà avec cette adresse e-mail.").with_field("new_email", "Adresse déjà utilisée."))?;
        let secret = new_code(conn, user_id, purpose, Delivery::Link, Some(new_email.to_owned()), purpose.lifetime(Delivery::Link), now)?;
        q::set_pending_email(conn, user_id, Some(new_email), now)?;
        let link = format!("{public_url}/confirmation-email?token={secret}");
        queue_email(conn, &templates::change_email_email(new_email, &user.first_name, &link))?;
        Ok(())
    })
}

pub fn confirm_email_change(conn: &mut AnyConnection, token: &str) -> AppResult<User> {
    let now = db::now();
    commit_then(conn, |conn| {
        let code = match redeem(conn, CodePurpose::ChangeEmail, Some(token), None, now) {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        let target = code.target.clone().ok_or_else(AppError::internal)?;
        if q::find_by_email(conn, &target)?.is_some_and(|u| u.id.as_str() != code.user_id) {
            return Ok(Err(AppError::conflict("Un compte existe déjà avec cette adresse e-mail.")));
        }
        q::set_email(conn, &code.user_id, &target, now)?;
        Ok(q::find_user(conn, &code.user_id)?.ok_or_else(AppError::internal))
    })
}

pub fn update_names(conn: &mut AnyConnection, user_id: &str, first: &str, last: &str) -> AppResult<User> {
    let now = db::now();
    db::transaction(conn, |conn| {
        q::set_names(conn, user_id, first, last, now)?;
        q::find_user(conn, user_id)?.ok_or_else(|| AppError::not_found("Compte introuvable."))
    })
}

/// An account created by someone else: confirmed (the creator vouches for the address)
/// with an unusable password; the person chooses theirs from the e-mailed link.
/// An account made by someone else (admin, principal, teacher): confirmed, with a link to
/// choose a password (by e-mail; by SMS, the link to the "forgot password" page and its code).
pub fn create_for_someone(conn: &mut AnyConnection, account: NewAccount, inviter: &str, public_url: &str) -> AppResult<User> {
    let now = db::now();
    db::transaction(conn, |conn| {
        let user = insert_account(conn, &account, true, now)?;
        welcome(conn, &user, inviter, public_url, now)?;
        Ok(user)
    })
}

/// Tells a person whose account someone made how to choose their password: a 72-hour link by
/// e-mail, or by SMS the way to the "forgotten password" page.
fn welcome(conn: &mut AnyConnection, user: &User, inviter: &str, public_url: &str, now: NaiveDateTime) -> AppResult<()> {
    if let Some(email) = &user.email {
        let purpose = CodePurpose::ResetPassword;
        let secret = new_code(conn, &user.id, purpose, Delivery::Link, None, Duration::hours(72), now)?;
        let link = format!("{public_url}/mot-de-passe/nouveau?token={secret}");
        queue_email(conn, &templates::welcome_set_password_email(email, &user.first_name, inviter, &link))?;
    } else if let Some(phone) = &user.phone {
        let link = format!("{public_url}/mot-de-passe-oublie");
        crate::notifications::queue_sms(conn, &templates::welcome_sms(phone, inviter, &link))?;
    }
    Ok(())
}

/// An account without e-mail or phone (a pupil enrolled from the school's register) gets the
/// address or mobile the school was given, and the welcome message to choose a password.
/// `false` when the account already has a way to be reached (nothing changed).
pub fn give_access(conn: &mut AnyConnection, user_id: &str, email: Option<&str>, phone: Option<&str>, inviter: &str, public_url: &str) -> AppResult<bool> {
    let now = db::now();
    db::transaction(conn, |conn| {
        ensure_unique(conn, email, phone)?;
        if !q::set_contact(conn, user_id, email, phone, now)? {
            return Ok(false);
        }
        let user = q::find_user(conn, user_id)?.ok_or_else(AppError::internal)?;
        welcome(conn, &user, inviter, public_url, now)?;
        Ok(true)
    })
}

/// An account without e-mail, phone or password, confirmed (the school vouches for the person):
/// a pupil enrolled from the school's register, who will sign in through the pupils' federation.
/// Nothing is sent: there is nowhere to send it.
pub fn create_without_password(conn: &mut AnyConnection, role: Role, first_name: &str, last_name: &str) -> AppResult<User> {
    let account = NewAccount {
        email: None,
        phone: None,
        password_hash: crate::auth::password::NONE.to_owned(),
        role,
        staff_function: None,
        scope: None,
        first_name: first_name.to_owned(),
        last_name: last_name.to_owned(),
    };
    insert_account(conn, &account, true, db::now())
}

/// An admin suspends an account (sessions end at once) or reactivates it.
pub fn set_suspension(conn: &mut AnyConnection, admin: &crate::auth::CurrentUser, id: &str, reason: Option<&str>) -> AppResult<User> {
    if admin.id.as_str() == id {
        return Err(AppError::conflict("Vous ne pouvez pas suspendre votre propre compte.").with_code(ErrorCode::SelfSuspension));
    }
    let now = db::now();
    db::transaction(conn, |conn| {
        let user = q::find_user(conn, id)?.ok_or_else(|| AppError::not_found("Compte introuvable."))?;
        q::set_suspended(conn, &user.id, reason.map(|r| (now, r)), now)?;
        if reason.is_some() {
            q::revoke_all_for_user(conn, &user.id, now)?;
        }
        tracing::info!(actor = %admin.id, account = %user.id, suspended = reason.is_some(), "admin: account suspension changed");
        q::find_user(conn, &user.id)?.ok_or_else(AppError::internal)
    })
}

/// Demo accounts: created or reset to a known password, confirmed, unlocked.
pub fn upsert_demo(conn: &mut AnyConnection, account: NewAccount) -> AppResult<User> {
    let now = db::now();
    db::transaction(conn, |conn| {
        let email = account.email.clone().ok_or_else(AppError::internal)?;
        match q::find_by_email(conn, &email)? {
            Some(existing) => {
                q::set_password(conn, &existing.id, &account.password_hash, now)?;
                q::set_confirmed(conn, &existing.id, now)?;
                q::find_user(conn, &existing.id)?.ok_or_else(AppError::internal)
            }
            None => insert_account(conn, &account, true, now),
        }
    })
}

// ----- two-factor authentication (TOTP) -----

pub fn start_totp(conn: &mut AnyConnection, user_id: &str) -> AppResult<crate::accounts::http::TotpSetup> {
    let user = q::find_user(conn, user_id)?.ok_or_else(|| AppError::not_found("Compte introuvable."))?;
    if user.totp_enabled_at.is_some() {
        return Err(AppError::conflict("La double authentification est déjà activée.").with_code(ErrorCode::TotpAlreadyEnabled));
    }
    let mut raw = [0u8; 20];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut raw);
    let secret = crate::auth::totp::base32_encode(&raw);
    q::set_pending_totp(conn, user_id, &crate::auth::sealed::seal(&secret)?, db::now())?;
    let account = user.email.or(user.phone).unwrap_or_else(|| user.id.to_string());
    Ok(crate::accounts::http::TotpSetup { otpauth_uri: crate::auth::totp::otpauth_uri(&secret, &account), secret })
}

fn check_code(user: &User, code: &str) -> AppResult<i64> {
    let bad = || AppError::field("code", "Code incorrect : saisissez le code affiché maintenant par votre application.").with_code(ErrorCode::WrongCode);
    let secret = user
        .totp_secret
        .as_deref()
        .ok_or_else(|| AppError::conflict("Commencez par créer la clé (POST /api/v1/me/totp).").with_code(ErrorCode::TotpNotStarted))?;
    let key = crate::auth::totp::base32_decode(&crate::auth::sealed::open(secret)?).ok_or_else(AppError::internal)?;
    crate::auth::totp::verify(&key, code, chrono::Utc::now().timestamp(), user.totp_last_step).ok_or_else(bad)
}

pub fn confirm_totp(conn: &mut AnyConnection, user_id: &str, code: &str) -> AppResult<User> {
    let user = q::find_user(conn, user_id)?.ok_or_else(|| AppError::not_found("Compte introuvable."))?;
    if user.totp_enabled_at.is_some() {
        return Err(AppError::conflict("La double authentification est déjà activée.").with_code(ErrorCode::TotpAlreadyEnabled));
    }
    let step = check_code(&user, code)?;
    q::enable_totp(conn, user_id, step, db::now())?;
    q::find_user(conn, user_id)?.ok_or_else(AppError::internal)
}

pub fn disable_totp(conn: &mut AnyConnection, user_id: &str, code: &str) -> AppResult<()> {
    let user = q::find_user(conn, user_id)?.ok_or_else(|| AppError::not_found("Compte introuvable."))?;
    if user.totp_required() {
        return Err(AppError::conflict("La double authentification est obligatoire pour les administrateurs et les référents.")
            .with_code(ErrorCode::TotpRequiredForRole));
    }
    if user.totp_enabled_at.is_none() {
        return Ok(());
    }
    check_code(&user, code)?;
    q::clear_totp(conn, user_id, db::now())?;
    Ok(())
}

pub fn reset_totp(conn: &mut AnyConnection, user_id: &str) -> AppResult<()> {
    q::find_user(conn, user_id)?.ok_or_else(|| AppError::not_found("Compte introuvable."))?;
    q::clear_totp(conn, user_id, db::now())?;
    Ok(())
}
