//! Replays for non-idempotent requests sent twice (double clicks, retries): the first answer to
//! an `Idempotency-Key` is stored with the work, in the same transaction, and replayed after.

use crate::error::ErrorCode;

use diesel::prelude::*;

use super::schema::idempotency_keys as k;
use super::AnyConnection;
use crate::error::{AppError, AppResult};

/// An answer: HTTP status and JSON body.
pub type Answer = (u16, String);

pub fn check_key(key: &str) -> AppResult<()> {
    if key.is_empty() || key.len() > 100 || !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(AppError::bad_request("En-tête Idempotency-Key invalide (1 à 100 caractères imprimables).").with_field("Idempotency-Key", "Clé invalide."));
    }
    Ok(())
}

fn stored(conn: &mut AnyConnection, user_id: &str, key: &str, operation: &str, request_hash: &str) -> AppResult<Option<Answer>> {
    let row: Option<(String, String, i32, String)> =
        k::table.find((user_id, key)).select((k::operation, k::request_hash, k::status, k::body)).first(conn).optional()?;
    match row {
        Some((op, hash, _, _)) if op != operation || hash != request_hash => Err(AppError::new(
            ErrorCode::IdempotencyKeyReused,
            "Cette clé d'idempotence a déjà servi pour une autre requête : utilisez une clé nouvelle pour chaque action.",
        )
        .with_field("Idempotency-Key", "Clé déjà utilisée pour une autre requête.")),
        Some((_, _, status, body)) => Ok(Some((status as u16, body))),
        None => Ok(None),
    }
}

/// Runs `work` once per (user, key): a second call with the same key and the same request gets
/// the first answer. `operation` names the action and its target (`publish_offer:<id>`) and
/// `request` is what the caller sent: the same key with another target or body is 422
/// `IDEMPOTENCY_KEY_REUSED`, never the first answer. Without a key, just runs it in a transaction.
pub fn once<F>(conn: &mut AnyConnection, user_id: &str, key: Option<&str>, operation: &str, request: &str, work: F) -> AppResult<Answer>
where
    F: FnOnce(&mut AnyConnection) -> AppResult<Answer>,
{
    let Some(key) = key else {
        return super::transaction(conn, work);
    };
    check_key(key)?;
    let request_hash = crate::auth::tokens::hash_secret(request);
    let result = super::transaction(conn, |conn| {
        if let Some(answer) = stored(conn, user_id, key, operation, &request_hash)? {
            return Ok(answer);
        }
        // Claimed first: a concurrent twin waits on this row (PostgreSQL) or on the write lock
        // (SQLite), then finds the stored answer.
        diesel::insert_into(k::table)
            .values((
                k::user_id.eq(user_id),
                k::key.eq(key),
                k::operation.eq(operation),
                k::request_hash.eq(&request_hash),
                k::status.eq(0),
                k::body.eq(""),
                k::created_at.eq(super::now()),
            ))
            .execute(conn)?;
        let (status, body) = work(conn)?;
        diesel::update(k::table.find((user_id, key))).set((k::status.eq(status as i32), k::body.eq(&body))).execute(conn)?;
        Ok((status, body))
    });
    match result {
        // The twin committed first (PostgreSQL): replay its answer.
        Err(e) if e.code == crate::error::ErrorCode::AlreadyExists => stored(conn, user_id, key, operation, &request_hash)?.ok_or(e),
        other => other,
    }
}
