//! Sessions that ended before their access tokens expire (log-out, password change or reset,
//! account deletion, an admin's suspension, a reused refresh token).
//!
//! Access tokens carry their session's id (`sid`, the refresh family). Ending a session writes
//! a row to `session_revocations` in the same transaction as the refresh tokens' revocation;
//! every replica keeps the ids of sessions ended within the access tokens' lifetime in memory
//! and reads new rows about twice a second, so a request never reads the database to learn
//! whether its session still stands, and an ended session stops everywhere within a second.

use std::collections::HashMap;
use std::sync::{Mutex, RwLock};
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::session_revocations as sr;
use crate::db::AnyConnection;

/// Rows are re-read this far back at each poll: a row committed late by a slow transaction (or
/// written by a replica whose clock is a little behind) is still seen.
const OVERLAP_SECONDS: i64 = 30;
/// How often replicas read new revocations.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Writes the end of these sessions (the caller's transaction makes it atomic with the
/// refresh tokens' revocation).
pub fn record(conn: &mut AnyConnection, user_id: &str, families: &[String], now: NaiveDateTime) -> QueryResult<()> {
    for family in families {
        diesel::insert_into(sr::table)
            .values((sr::id.eq(crate::db::new_id()), sr::family_id.eq(family), sr::user_id.eq(user_id), sr::created_at.eq(now)))
            .execute(conn)?;
    }
    Ok(())
}

/// Revocations older than any access token are of no use (run by the periodic sweep).
pub fn purge(conn: &mut AnyConnection, access_ttl: Duration, now: NaiveDateTime) -> QueryResult<usize> {
    let keep = chrono::Duration::from_std(access_ttl).unwrap_or_default() + chrono::Duration::seconds(OVERLAP_SECONDS * 4);
    diesel::delete(sr::table.filter(sr::created_at.lt(now - keep))).execute(conn)
}

/// This replica's view of the ended sessions.
#[derive(Debug)]
pub struct RevokedSessions {
    /// Session id → when it ended.
    ended: RwLock<HashMap<String, NaiveDateTime>>,
    /// When the last poll started (None before the first: it reads the whole window).
    last_poll: Mutex<Option<NaiveDateTime>>,
    access_ttl: chrono::Duration,
}

impl RevokedSessions {
    pub fn new(access_ttl: Duration) -> Self {
        RevokedSessions {
            ended: RwLock::new(HashMap::new()),
            last_poll: Mutex::new(None),
            access_ttl: chrono::Duration::from_std(access_ttl).unwrap_or_else(|_| chrono::Duration::minutes(15)),
        }
    }

    pub fn is_ended(&self, session_id: &str) -> bool {
        self.ended.read().map(|m| m.contains_key(session_id)).unwrap_or(true)
    }

    /// Reads the revocations written since the last poll (with an overlap) and forgets those
    /// older than any live access token.
    pub fn catch_up(&self, conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<()> {
        let window_start = now - self.access_ttl - chrono::Duration::seconds(OVERLAP_SECONDS);
        let since = {
            let last = self.last_poll.lock().map(|l| *l).unwrap_or(None);
            last.map(|t| (t - chrono::Duration::seconds(OVERLAP_SECONDS)).max(window_start)).unwrap_or(window_start)
        };
        let rows: Vec<(String, NaiveDateTime)> = sr::table.filter(sr::created_at.ge(since)).select((sr::family_id, sr::created_at)).load(conn)?;
        if let Ok(mut ended) = self.ended.write() {
            ended.extend(rows);
            ended.retain(|_, at| *at >= window_start);
        }
        if let Ok(mut last) = self.last_poll.lock() {
            *last = Some(now);
        }
        Ok(())
    }
}

/// Keeps a replica's view current until the process ends (started by `serve`).
pub async fn watch(state: crate::state::AppState) {
    let mut tick = tokio::time::interval(POLL_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let s = state.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let mut conn = s.pool.get().map_err(|e| e.to_string())?;
            s.sessions.catch_up(&mut conn, crate::db::now()).map_err(|e| e.to_string())
        })
        .await;
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(e) => Some(e.to_string()),
        };
        if let Some(e) = failure {
            tracing::warn!(error = %e, "could not read ended sessions (will retry)");
        }
    }
}
