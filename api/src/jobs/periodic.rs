//! The periodic tasks, one list: each domain exposes its task (expiry, reminders, retention,
//! feedback, webhook retries, counters) and the runner calls them before each round. A task
//! that must run once across replicas claims its turn itself (a guarded update of
//! `periodic_runs`), so every replica may call every task.

use chrono::NaiveDateTime;

use crate::db::AnyConnection;
use crate::error::AppResult;

/// What tasks need from the configuration.
#[derive(Debug, Clone)]
pub struct Context {
    pub public_url: String,
    /// Days a host has to answer an application.
    pub application_expiry_days: i64,
    /// Extra addresses of the weekly national figures.
    pub kpi_email_to: Vec<String>,
}

/// A task: changes made as of `now` (the CLI's `jobs run-once --now` passes a later time).
pub type Task = fn(&mut AnyConnection, NaiveDateTime, &Context) -> AppResult<usize>;

/// Every periodic task, in the order they run.
pub const TASKS: &[(&str, Task)] = &[
    ("applications: expiry and reminders", crate::applications::periodic),
    ("agreements: reminders", crate::agreements::periodic),
    ("partners: webhook retries", crate::partners::periodic),
    ("sessions: ended sessions purged", crate::auth::periodic),
    ("accounts: retention (daily)", crate::accounts::periodic),
    ("feedback: questions after the week (hourly)", crate::feedback::periodic),
    ("reporting: the weekly figures by e-mail (Mondays)", crate::reporting::periodic),
];

/// Runs every task once; returns the changes made.
pub fn run_all(conn: &mut AnyConnection, now: NaiveDateTime, ctx: &Context) -> AppResult<usize> {
    let mut changed = 0;
    for (name, task) in TASKS {
        let n = task(conn, now, ctx)?;
        if n > 0 {
            tracing::debug!(task = name, changed = n, "periodic task");
        }
        changed += n;
    }
    Ok(changed)
}
