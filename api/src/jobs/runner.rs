//! The worker: claims due jobs, sends them, records success or schedules a retry.

use std::sync::Arc;

use super::transport::{Mailer, SmsSender};
use super::{Email, Sms, KIND_EMAIL, KIND_SMS};
use crate::db::{self, Pool};
use crate::jobs::{self, Job};

#[derive(Clone)]
pub struct Worker {
    pub pool: Pool,
    pub mailer: Arc<Mailer>,
    pub sms: Arc<SmsSender>,
    /// For the application sweep (expiry, reminders) run before each round.
    pub applications: Arc<crate::applications::service::Settings>,
    /// For webhook deliveries (short timeouts: a slow partner never holds the runner long).
    pub http: reqwest::Client,
    /// Webhooks may reach loopback and private addresses (`WEBHOOK_ALLOW_PRIVATE`, tests).
    pub webhook_allow_private: bool,
}

impl Worker {
    /// Expires applications and queues reminders as of `now` (`jobs run-once --now` passes a
    /// later time). Returns how many changed.
    pub async fn sweep(&self, now: chrono::NaiveDateTime) -> Result<usize, String> {
        let pool = self.pool.clone();
        let settings = self.applications.clone();
        tokio::task::spawn_blocking(move || -> Result<usize, String> {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            let swept = crate::applications::service::sweep(&mut conn, now, &settings).map_err(|e| e.message)?;
            let agreements = crate::agreements::service::Settings { public_url: settings.public_url.clone() };
            let reminded = crate::agreements::service::remind(&mut conn, now, &agreements).map_err(|e| e.message)?;
            let hooks = crate::partners::webhooks::sweep(&mut conn, now).map_err(|e| e.message)?;
            // Ended sessions are read within the access tokens' lifetime; a day is ample.
            crate::auth::sessions::purge(&mut conn, std::time::Duration::from_secs(24 * 3600), now).map_err(|e| e.to_string())?;
            // Once a day (one replica): idle accounts warned then anonymised, pupils' data past
            // its retention.
            let retained = crate::accounts::retention::run_if_due(&mut conn, now, &settings.public_url)
                .map_err(|e| e.message)?
                .map(|r| r.notified.len() + r.adults_anonymised.len() + r.pupils_anonymised.len())
                .unwrap_or(0);
            // Hourly (one replica): pupils whose internship ended are asked for their feedback.
            let asked = crate::feedback::run_if_due(&mut conn, now, &settings.public_url).map_err(|e| e.message)?.map(|(a, r)| a + r).unwrap_or(0);
            Ok(swept + reminded + hooks + retained + asked)
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

    async fn perform(&self, job: &Job) -> Result<(), String> {
        match job.kind.as_str() {
            KIND_EMAIL => {
                let email: Email = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
                self.mailer.send(&job.id, &email).await
            }
            KIND_SMS => {
                let sms: Sms = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
                self.sms.send(&job.id, &sms).await
            }
            crate::partners::webhooks::KIND => self.deliver_webhook(job).await,
            other => Err(format!("type de tâche inconnu : {other}")),
        }
    }

    /// One try of a webhook delivery: POST the signed body, record the answer.
    async fn deliver_webhook(&self, job: &Job) -> Result<(), String> {
        use crate::partners::webhooks;
        let p: webhooks::JobPayload = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        let pool = self.pool.clone();
        let id = p.delivery_id.clone();
        let loaded = tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            webhooks::load_for_sending(&mut conn, &id).map_err(|e| e.message)
        })
        .await
        .map_err(|e| e.to_string())??;
        let Some((delivery, hook)) = loaded else { return Ok(()) };
        if !hook.active {
            return Ok(());
        }
        let secret = crate::auth::sealed::open(&hook.secret).map_err(|e| e.message)?;
        let ts = chrono::Utc::now().timestamp();
        // Resolved and checked now, then connected to the very address checked: a name that
        // turned internal since registration (or between two resolutions) is never reached.
        let client = if self.webhook_allow_private {
            Ok(self.http.clone())
        } else {
            let url = hook.url.clone();
            match tokio::task::spawn_blocking(move || webhooks::resolve_public(&url)).await.map_err(|e| e.to_string())? {
                Ok(addrs) => {
                    let host = webhooks::target(&hook.url).map(|(h, _)| h).unwrap_or_default();
                    reqwest::Client::builder()
                        .timeout(std::time::Duration::from_secs(10))
                        .redirect(reqwest::redirect::Policy::none())
                        .resolve_to_addrs(&host, &addrs)
                        .build()
                        .map_err(|e| e.to_string())
                }
                Err(refused) => Err(refused.to_owned()),
            }
        };
        let sent = match client {
            Ok(client) => client
                .post(&hook.url)
                .header("Content-Type", "application/json")
                .header(webhooks::SIGNATURE_HEADER, webhooks::signature(&secret, ts, &delivery.payload))
                .header("X-Passerelle-Event", &delivery.event)
                .header("X-Passerelle-Delivery", &delivery.id)
                .body(delivery.payload.clone())
                .send()
                .await
                .map_err(|e| e.to_string()),
            Err(refused) => Err(refused),
        };
        let (status, error) = match &sent {
            Ok(r) => (Some(r.status().as_u16() as i32), (!r.status().is_success()).then(|| format!("HTTP {}", r.status().as_u16()))),
            Err(e) => (None, Some(e.clone())),
        };
        let delivered = error.is_none();
        let last_try = job.attempts + 1 >= job.max_attempts;
        let pool = self.pool.clone();
        let err_text = error.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            webhooks::record(&mut conn, &delivery.id, status, err_text.as_deref(), delivered, last_try).map_err(|e| e.message)
        })
        .await
        .map_err(|e| e.to_string())??;
        match error {
            None => Ok(()),
            Some(e) => Err(e),
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
