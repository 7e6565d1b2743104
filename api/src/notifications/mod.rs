//! Notifications: messages are queued in the job table inside the transaction that causes
//! them, then sent by the worker over SMTP (lettre) or an SMS provider's HTTP API, so a slow
//! mail server never slows a request. Without SMTP_URL / SMS_API_URL, messages are written
//! to the outbox directory and logged (development).

pub mod templates;
pub mod transport;

use serde::{Deserialize, Serialize};

use crate::db::AnyConnection;

pub const KIND_EMAIL: &str = "send_email";
pub const KIND_SMS: &str = "send_sms";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Files sent with the message (the signed agreement to a legal representative).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// A file attached to an e-mail, base64 in the job's payload.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub base64: String,
}

impl Attachment {
    pub fn new(filename: &str, content_type: &str, bytes: &[u8]) -> Attachment {
        use base64::Engine;
        Attachment { filename: filename.to_owned(), content_type: content_type.to_owned(), base64: base64::engine::general_purpose::STANDARD.encode(bytes) }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Sms {
    pub to: String,
    pub text: String,
}

/// Longest SMS we send (two concatenated messages).
pub const SMS_MAX_CHARS: usize = 318;

pub fn queue_email(conn: &mut AnyConnection, email: &Email) -> diesel::QueryResult<String> {
    crate::jobs::enqueue(conn, KIND_EMAIL, &serde_json::to_value(email).unwrap_or_default())
}

pub fn queue_sms(conn: &mut AnyConnection, sms: &Sms) -> diesel::QueryResult<String> {
    let text: String = sms.text.chars().take(SMS_MAX_CHARS).collect();
    let sms = Sms { to: sms.to.clone(), text };
    crate::jobs::enqueue(conn, KIND_SMS, &serde_json::to_value(&sms).unwrap_or_default())
}

/// Sends a queued message (the job runner's call for `send_email` and `send_sms` jobs).
pub async fn send(mailer: &transport::Mailer, sms: &transport::SmsSender, job: &crate::jobs::Job) -> Result<(), String> {
    match job.kind.as_str() {
        KIND_EMAIL => {
            let email: Email = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
            mailer.send(&job.id, &email).await
        }
        KIND_SMS => {
            let message: Sms = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
            sms.send(&job.id, &message).await
        }
        other => Err(format!("pas un message : {other}")),
    }
}
