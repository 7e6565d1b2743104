//! The job table: background work (mail, SMS, later expiry and webhooks) that any number
//! of replicas share. A batch is claimed with one UPDATE (row locks skipped on PostgreSQL),
//! so each job runs once even with several workers; a crashed worker's claim expires.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text, Timestamp};

use crate::db::schema::jobs;
use crate::db::{self, AnyConnection};

pub const STATUS_PENDING: &str = "pending";
pub const STATUS_DONE: &str = "done";
pub const STATUS_FAILED: &str = "failed";

/// How long a claim protects a job from other workers.
const LEASE_SECONDS: i64 = 120;

#[derive(Debug, Clone, Queryable)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub claim: Option<String>,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = jobs)]
struct NewJob<'a> {
    id: String,
    kind: &'a str,
    payload: String,
    status: &'a str,
    attempts: i32,
    max_attempts: i32,
    run_at: NaiveDateTime,
    created_at: NaiveDateTime,
}

/// Adds a job, in the caller's transaction (so a mail is queued only if the change commits).
pub fn enqueue(conn: &mut AnyConnection, kind: &str, payload: &serde_json::Value) -> QueryResult<String> {
    enqueue_with(conn, kind, payload, 8)
}

/// A job with its own number of tries (webhooks retry for about a day).
pub fn enqueue_with(conn: &mut AnyConnection, kind: &str, payload: &serde_json::Value, max_attempts: i32) -> QueryResult<String> {
    let now = db::now();
    let id = db::new_id();
    diesel::insert_into(jobs::table)
        .values(NewJob { id: id.clone(), kind, payload: payload.to_string(), status: STATUS_PENDING, attempts: 0, max_attempts, run_at: now, created_at: now })
        .execute(conn)?;
    Ok(id)
}

/// Claims up to `limit` due jobs for this worker and returns them.
pub fn claim(conn: &mut AnyConnection, limit: i64, now: NaiveDateTime) -> QueryResult<Vec<Job>> {
    let claim = db::new_id();
    let lease = now + Duration::seconds(LEASE_SECONDS);
    let lock_clause = match conn {
        AnyConnection::Postgresql(_) => "FOR UPDATE SKIP LOCKED",
        AnyConnection::Sqlite(_) => "",
    };
    let sql = format!(
        "UPDATE jobs SET claim = $1, locked_until = $2 WHERE id IN (\
           SELECT id FROM jobs WHERE status = 'pending' AND run_at <= $3 \
           AND (locked_until IS NULL OR locked_until < $4) \
           ORDER BY run_at LIMIT $5 {lock_clause})"
    );
    diesel::sql_query(sql)
        .bind::<Text, _>(&claim)
        .bind::<Timestamp, _>(lease)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(now)
        .bind::<Integer, _>(limit as i32)
        .execute(conn)?;
    jobs::table.filter(jobs::claim.eq(&claim)).order(jobs::run_at.asc()).load::<Job>(conn)
}

pub fn complete(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(jobs::table.find(id))
        .set((jobs::status.eq(STATUS_DONE), jobs::done_at.eq(Some(now)), jobs::locked_until.eq(None::<NaiveDateTime>), jobs::attempts.eq(jobs::attempts + 1)))
        .execute(conn)
        .map(|_| ())
}

/// Back-off before the next try: 30 s, 1 min, 2 min, … capped at 1 h.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(0, 7) as u32;
    Duration::seconds((30_i64 * 2_i64.pow(exp)).min(3600))
}

pub fn fail(conn: &mut AnyConnection, job: &Job, error: &str, now: NaiveDateTime) -> QueryResult<()> {
    let attempts = job.attempts + 1;
    let status = if attempts >= job.max_attempts { STATUS_FAILED } else { STATUS_PENDING };
    let short: String = error.chars().take(500).collect();
    diesel::update(jobs::table.find(&job.id))
        .set((
            jobs::status.eq(status),
            jobs::attempts.eq(attempts),
            jobs::run_at.eq(now + backoff(job.attempts)),
            jobs::locked_until.eq(None::<NaiveDateTime>),
            jobs::last_error.eq(Some(short)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Pending jobs (the backlog shown in metrics).
/// Days a sent message (or a finished delivery) stays in the table, for troubleshooting; failed
/// ones a little longer.
pub const KEEP_DONE_DAYS: i64 = 30;
pub const KEEP_FAILED_DAYS: i64 = 90;

/// Deletes the jobs finished long enough ago (the daily retention pass).
pub fn purge_finished(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<usize> {
    let done =
        diesel::delete(jobs::table.filter(jobs::status.eq(STATUS_DONE)).filter(jobs::created_at.lt(now - Duration::days(KEEP_DONE_DAYS)))).execute(conn)?;
    let failed =
        diesel::delete(jobs::table.filter(jobs::status.eq(STATUS_FAILED)).filter(jobs::created_at.lt(now - Duration::days(KEEP_FAILED_DAYS)))).execute(conn)?;
    Ok(done + failed)
}

/// A person's account is anonymised: the messages already sent to their address or number go
/// (those still to send stay: the last notice is one of them).
pub fn forget_recipient(conn: &mut AnyConnection, address: &str) -> QueryResult<usize> {
    if address.trim().is_empty() {
        return Ok(0);
    }
    let escaped = db::like_escape(address);
    diesel::delete(jobs::table.filter(jobs::status.ne(STATUS_PENDING)).filter(jobs::payload.like(format!("%\"{escaped}\"%")).escape('\\'))).execute(conn)
}

pub fn backlog(conn: &mut AnyConnection) -> QueryResult<i64> {
    jobs::table.filter(jobs::status.eq(STATUS_PENDING)).count().get_result(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_then_caps() {
        assert_eq!(backoff(0), Duration::seconds(30));
        assert_eq!(backoff(1), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(240));
        assert_eq!(backoff(20), Duration::seconds(3600));
    }
}
