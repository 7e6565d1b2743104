//! Diesel queries of the accounts domain. Each takes a connection; transactions are the caller's.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{NewOneTimeCode, NewRefreshToken, NewUser, OneTimeCode, RefreshToken, User};
use super::rules::{CodePurpose, Identifier};
use crate::db::schema::{login_throttles, one_time_codes, refresh_tokens, users};
use crate::db::AnyConnection;

pub fn find_user(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<User>> {
    users::table.find(id).first::<User>(conn).optional()
}

pub fn find_by_email(conn: &mut AnyConnection, email: &str) -> QueryResult<Option<User>> {
    users::table.filter(users::email.eq(email)).first::<User>(conn).optional()
}

pub fn find_by_phone(conn: &mut AnyConnection, phone: &str) -> QueryResult<Option<User>> {
    users::table.filter(users::phone.eq(phone)).first::<User>(conn).optional()
}

pub fn find_by_identifier(conn: &mut AnyConnection, id: &Identifier) -> QueryResult<Option<User>> {
    match id {
        Identifier::Email(e) => find_by_email(conn, e),
        Identifier::Phone(p) => find_by_phone(conn, p),
    }
}

pub fn insert_user(conn: &mut AnyConnection, user: &NewUser) -> QueryResult<()> {
    diesel::insert_into(users::table).values(user).execute(conn).map(|_| ())
}

pub fn record_login_failure(conn: &mut AnyConnection, id: &str, failed: i32, locked_until: Option<NaiveDateTime>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::failed_logins.eq(failed), users::locked_until.eq(locked_until), users::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn record_login_success(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::failed_logins.eq(0), users::locked_until.eq(None::<NaiveDateTime>), users::last_login_at.eq(Some(now))))
        .execute(conn)?;
    clear_throttles(conn, id)
}

/// The key of an identifier's failed sign-ins (a hash: the table holds no address in clear).
pub fn throttle_key(id: &Identifier) -> String {
    let plain = match id {
        Identifier::Email(e) => format!("email:{e}"),
        Identifier::Phone(p) => format!("phone:{p}"),
    };
    crate::auth::tokens::hash_secret(&plain)
}

/// (failures, last failure, locked until) of an identifier.
pub fn throttle(conn: &mut AnyConnection, key: &str) -> QueryResult<Option<(i32, NaiveDateTime, Option<NaiveDateTime>)>> {
    login_throttles::table.find(key).select((login_throttles::failures, login_throttles::last_failure_at, login_throttles::locked_until)).first(conn).optional()
}

pub fn record_throttle(conn: &mut AnyConnection, key: &str, failures: i32, locked_until: Option<NaiveDateTime>, now: NaiveDateTime) -> QueryResult<()> {
    let set = (login_throttles::failures.eq(failures), login_throttles::last_failure_at.eq(now), login_throttles::locked_until.eq(locked_until));
    if diesel::update(login_throttles::table.find(key)).set(set).execute(conn)? == 0 {
        diesel::insert_into(login_throttles::table)
            .values((
                login_throttles::identifier.eq(key),
                login_throttles::failures.eq(failures),
                login_throttles::last_failure_at.eq(now),
                login_throttles::locked_until.eq(locked_until),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets the failed sign-ins of the person's identifiers (success, unlock, reset, reactivation).
pub fn clear_throttles(conn: &mut AnyConnection, user_id: &str) -> QueryResult<()> {
    let Some((email, phone)) = users::table.find(user_id).select((users::email, users::phone)).first::<(Option<String>, Option<String>)>(conn).optional()?
    else {
        return Ok(());
    };
    let keys: Vec<String> = email.map(Identifier::Email).into_iter().chain(phone.map(Identifier::Phone)).map(|i| throttle_key(&i)).collect();
    diesel::delete(login_throttles::table.filter(login_throttles::identifier.eq_any(keys))).execute(conn)?;
    Ok(())
}

pub fn set_confirmed(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id).filter(users::confirmed_at.is_null()))
        .set((users::confirmed_at.eq(now), users::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn set_password(conn: &mut AnyConnection, id: &str, hash: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::failed_logins.eq(0), users::locked_until.eq(None::<NaiveDateTime>), users::updated_at.eq(now)))
        .execute(conn)?;
    clear_throttles(conn, id)
}

pub fn set_names(conn: &mut AnyConnection, id: &str, first: &str, last: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set((users::first_name.eq(first), users::last_name.eq(last), users::updated_at.eq(now))).execute(conn).map(|_| ())
}

pub fn set_pending_email(conn: &mut AnyConnection, id: &str, email: Option<&str>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id)).set((users::pending_email.eq(email), users::updated_at.eq(now))).execute(conn).map(|_| ())
}

pub fn set_email(conn: &mut AnyConnection, id: &str, email: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::pending_email.eq(None::<String>), users::confirmed_at.eq(Some(now)), users::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

/// Gives an account without e-mail or phone (a pupil from the school's register) the one the
/// school was told; the account stays as it was otherwise.
pub fn set_contact(conn: &mut AnyConnection, id: &str, email: Option<&str>, phone: Option<&str>, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(users::table.find(id).filter(users::email.is_null()).filter(users::phone.is_null()))
        .set((users::email.eq(email), users::phone.eq(phone), users::updated_at.eq(now)))
        .execute(conn)
        .map(|n| n == 1)
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// A page of accounts, by role and by a piece of the name, e-mail or phone (case-insensitive).
pub fn list_users(conn: &mut AnyConnection, role: Option<&str>, text: Option<&str>, limit: i64, offset: i64) -> QueryResult<(Vec<User>, i64)> {
    let filtered = || {
        let mut q = users::table.into_boxed();
        if let Some(r) = role {
            q = q.filter(users::role.eq(r.to_owned()));
        }
        if let Some(t) = text {
            let like = format!("%{}%", t.to_lowercase().replace(['\\', '%', '_'], ""));
            let full_name = lower(users::first_name.concat(" ").concat(users::last_name));
            q = q.filter(
                full_name
                    .like(like.clone())
                    .or(lower(users::last_name.concat(" ").concat(users::first_name)).like(like.clone()))
                    .or(lower(users::email.assume_not_null()).like(like.clone()))
                    .or(users::phone.assume_not_null().like(like)),
            );
        }
        q
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let rows = filtered().order((users::last_name.asc(), users::first_name.asc(), users::id.asc())).limit(limit).offset(offset).load::<User>(conn)?;
    Ok((rows, total))
}

/// Suspends (`Some`) or reactivates (`None`, which also lifts a lock-out) an account.
pub fn set_suspended(conn: &mut AnyConnection, id: &str, suspension: Option<(NaiveDateTime, &str)>, now: NaiveDateTime) -> QueryResult<()> {
    let row = users::table.find(id);
    diesel::update(row)
        .set((users::suspended_at.eq(suspension.map(|s| s.0)), users::suspended_reason.eq(suspension.map(|s| s.1.to_owned())), users::updated_at.eq(now)))
        .execute(conn)?;
    if suspension.is_none() {
        diesel::update(row).set((users::failed_logins.eq(0), users::locked_until.eq(None::<NaiveDateTime>))).execute(conn)?;
        clear_throttles(conn, id)?;
    }
    Ok(())
}

// ----- one-time codes -----

pub fn insert_code(conn: &mut AnyConnection, code: &NewOneTimeCode) -> QueryResult<()> {
    diesel::insert_into(one_time_codes::table).values(code).execute(conn).map(|_| ())
}

/// Voids the user's unused codes for a purpose, so only the newest one works.
pub fn void_codes(conn: &mut AnyConnection, user_id: &str, purpose: CodePurpose, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        one_time_codes::table
            .filter(one_time_codes::user_id.eq(user_id))
            .filter(one_time_codes::purpose.eq(purpose.as_str()))
            .filter(one_time_codes::used_at.is_null()),
    )
    .set(one_time_codes::used_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

pub fn find_code_by_hash(conn: &mut AnyConnection, hash: &str) -> QueryResult<Option<OneTimeCode>> {
    one_time_codes::table.filter(one_time_codes::token_hash.eq(hash)).first::<OneTimeCode>(conn).optional()
}

/// The newest unused code of a user for a purpose (to count wrong guesses against it).
pub fn latest_active_code(conn: &mut AnyConnection, user_id: &str, purpose: CodePurpose) -> QueryResult<Option<OneTimeCode>> {
    one_time_codes::table
        .filter(one_time_codes::user_id.eq(user_id))
        .filter(one_time_codes::purpose.eq(purpose.as_str()))
        .filter(one_time_codes::used_at.is_null())
        .order(one_time_codes::created_at.desc())
        .first::<OneTimeCode>(conn)
        .optional()
}

pub fn count_codes_since(conn: &mut AnyConnection, user_id: &str, purpose: CodePurpose, since: NaiveDateTime) -> QueryResult<i64> {
    one_time_codes::table
        .filter(one_time_codes::user_id.eq(user_id))
        .filter(one_time_codes::purpose.eq(purpose.as_str()))
        .filter(one_time_codes::created_at.gt(since))
        .count()
        .get_result(conn)
}

pub fn bump_code_attempts(conn: &mut AnyConnection, id: &str, attempts: i32) -> QueryResult<()> {
    diesel::update(one_time_codes::table.find(id)).set(one_time_codes::attempts.eq(attempts)).execute(conn).map(|_| ())
}

/// Marks a code used; returns false when someone else used it first.
pub fn use_code(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(one_time_codes::table.find(id).filter(one_time_codes::used_at.is_null())).set(one_time_codes::used_at.eq(now)).execute(conn).map(|n| n == 1)
}

// ----- refresh tokens -----

pub fn insert_refresh(conn: &mut AnyConnection, row: &NewRefreshToken) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table).values(row).execute(conn).map(|_| ())
}

pub fn find_refresh(conn: &mut AnyConnection, hash: &str) -> QueryResult<Option<RefreshToken>> {
    refresh_tokens::table.filter(refresh_tokens::token_hash.eq(hash)).first::<RefreshToken>(conn).optional()
}

/// Marks a refresh token used; false when a concurrent request used it first.
pub fn use_refresh(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(refresh_tokens::table.find(id).filter(refresh_tokens::used_at.is_null())).set(refresh_tokens::used_at.eq(now)).execute(conn).map(|n| n == 1)
}

/// Ends a session: its refresh tokens and, on every replica, its access tokens.
pub fn revoke_family(conn: &mut AnyConnection, family_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    let owner: Option<String> = refresh_tokens::table.filter(refresh_tokens::family_id.eq(family_id)).select(refresh_tokens::user_id).first(conn).optional()?;
    diesel::update(refresh_tokens::table.filter(refresh_tokens::family_id.eq(family_id)).filter(refresh_tokens::revoked_at.is_null()))
        .set(refresh_tokens::revoked_at.eq(now))
        .execute(conn)?;
    match owner {
        Some(user_id) => crate::auth::sessions::record(conn, &user_id, &[family_id.to_owned()], now),
        None => Ok(()),
    }
}

/// Ends every session of the person (password changed or reset, suspended, deleted).
pub fn revoke_all_for_user(conn: &mut AnyConnection, user_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    // Sessions whose access tokens may still be alive: not revoked yet, not long over.
    let families: Vec<String> = refresh_tokens::table
        .filter(refresh_tokens::user_id.eq(user_id))
        .filter(refresh_tokens::revoked_at.is_null())
        .filter(refresh_tokens::family_expires_at.gt(now - chrono::Duration::days(1)))
        .select(refresh_tokens::family_id)
        .distinct()
        .load(conn)?;
    diesel::update(refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)).filter(refresh_tokens::revoked_at.is_null()))
        .set(refresh_tokens::revoked_at.eq(now))
        .execute(conn)?;
    crate::auth::sessions::record(conn, user_id, &families, now)
}

/// Records the TOTP step just used; false when another log-in used it (or a later one) first.
pub fn use_totp_step(conn: &mut AnyConnection, user_id: &str, step: i64) -> QueryResult<bool> {
    Ok(diesel::update(users::table.find(user_id).filter(users::totp_last_step.lt(step))).set(users::totp_last_step.eq(step)).execute(conn)? == 1)
}

/// Stores a new, not yet confirmed, TOTP secret.
pub fn set_pending_totp(conn: &mut AnyConnection, user_id: &str, secret: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::totp_secret.eq(Some(secret)), users::totp_enabled_at.eq(None::<NaiveDateTime>), users::totp_last_step.eq(0i64), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn enable_totp(conn: &mut AnyConnection, user_id: &str, step: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::totp_enabled_at.eq(Some(now)), users::totp_last_step.eq(step), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn clear_totp(conn: &mut AnyConnection, user_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::totp_secret.eq(None::<String>),
            users::totp_enabled_at.eq(None::<NaiveDateTime>),
            users::totp_last_step.eq(0i64),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
