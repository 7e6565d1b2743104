//! The runner: before each round the domains' periodic tasks, then due jobs claimed from the
//! queue and handed to their domain (messages to notifications, webhook deliveries to
//! partners); success is recorded, a failure is retried later.

use std::sync::Arc;

use super::periodic::{self, Context};
use super::queue::{self as jobs, Job};
use crate::db::{self, Pool};
use crate::notifications::transport::{Mailer, SmsSender};

#[derive(Clone)]
pub struct Worker {
    pub pool: Pool,
    pub mailer: Arc<Mailer>,
    pub sms: Arc<SmsSender>,
    /// What the periodic tasks need from the configuration.
    pub context: Arc<Context>,
    /// For webhook deliveries (short timeouts: a slow partner never holds the runner long).
    pub http: reqwest::Client,
    /// Webhooks may reach loopback and private addresses (`WEBHOOK_ALLOW_PRIVATE`, tests).
    pub webhook_allow_private: bool,
}

impl Worker {
    /// Runs every domain's periodic task as of `now` (`jobs run-once --now` passes a later
    /// time). Returns how many changes they made.
    pub async fn sweep(&self, now: chrono::NaiveDateTime) -> Result<usize, String> {
        let pool = self.pool.clone();
        let context = self.context.clone();
        tokio::task::spawn_blocking(move || -> Result<usize, String> {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            periodic::run_all(&mut conn, now, &context).map_err(|e| e.message)
        })
        .await
        .map_err(|e| e.to_string())?
    }

    async fn read_only(&self) -> bool {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || pool.get().ok().and_then(|mut c| crate::platform::read(&mut c).ok()))
            .await
            .ok()
            .flatten()
            .is_some_and(|(mode, _)| mode == crate::platform::rules::Mode::ReadOnly)
    }

    /// Rebuilds the reporting counters when the last rebuild is over a minute old (one replica
    /// does it: the claim is a guarded update).
    pub async fn refresh_stats(&self, now: chrono::NaiveDateTime) -> Result<bool, String> {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || -> Result<bool, String> {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            crate::reporting::service::refresh_if_due(&mut conn, now, chrono::Duration::seconds(60)).map_err(|e| e.message)
        })
        .await
        .map_err(|e| e.to_string())?
    }

    /// Runs one round: the application sweep, then the outbox. Returns how many jobs were
    /// handled (sent or rescheduled) plus applications changed.
    pub async fn run_once(&self) -> Result<usize, String> {
        // Read-only mode (a database migration): the runner writes nothing either.
        if self.read_only().await {
            return Ok(0);
        }
        let swept = self.sweep(db::now()).await?;
        self.refresh_stats(db::now()).await?;
        Ok(swept + self.deliver_once().await?)
    }

    /// One round of the outbox only.
    pub async fn deliver_once(&self) -> Result<usize, String> {
        let pool = self.pool.clone();
        let batch = tokio::task::spawn_blocking(move || -> Result<Vec<Job>, String> {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            jobs::claim(&mut conn, 20, db::now()).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())??;
        let n = batch.len();
        for job in batch {
            let outcome = self.perform(&job).await;
            let pool = self.pool.clone();
            tokio::task::spawn_blocking(move || -> Result<(), String> {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                let now = db::now();
                match outcome {
                    Ok(()) => jobs::complete(&mut conn, &job.id, now),
                    Err(err) => {
                        tracing::warn!(job = %job.id, kind = %job.kind, attempt = job.attempts + 1, error = %err, "job failed, will retry");
                        jobs::fail(&mut conn, &job, &err, now)
                    }
                }
                .map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| e.to_string())??;
        }
        Ok(n)
    }

    /// Hands the job to the domain that knows how to do it.
    async fn perform(&self, job: &Job) -> Result<(), String> {
        match job.kind.as_str() {
            crate::notifications::KIND_EMAIL | crate::notifications::KIND_SMS => crate::notifications::send(&self.mailer, &self.sms, job).await,
            crate::partners::webhooks::KIND => crate::partners::webhooks::deliver(&self.pool, &self.http, self.webhook_allow_private, job).await,
            other => Err(format!("type de tâche inconnu : {other}")),
        }
    }

    /// Loops until the stop signal flips, pausing `interval` when there is nothing to do.
    pub async fn run(self, interval: std::time::Duration, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            let handled = match self.run_once().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = %e, "worker round failed");
                    0
                }
            };
            if *stop.borrow() {
                break;
            }
            if handled == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(interval) => {}
                    _ = stop.changed() => break,
                }
            }
        }
        tracing::info!("worker stopped");
    }
}
