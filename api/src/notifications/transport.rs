//! Where messages go: a real SMTP server and an SMS provider in production, files under the
//! outbox directory in development.

use std::path::PathBuf;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Email, Sms};
use crate::config::{Config, SmsConfig};

#[derive(Clone)]
pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Files { dir: PathBuf, from: Mailbox },
}

#[derive(Clone)]
pub enum SmsSender {
    Http { client: reqwest::Client, config: SmsConfig },
    Files { dir: PathBuf },
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Mailer, String> {
        let from: Mailbox = config.mail_from.parse().map_err(|e| format!("MAIL_FROM invalide ({}) : {e}", config.mail_from))?;
        match &config.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("SMTP_URL invalide : {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build();
                Ok(Mailer::Smtp { transport, from })
            }
            None => Ok(Mailer::Files { dir: config.outbox_dir.clone(), from }),
        }
    }

    fn build(from: &Mailbox, email: &Email) -> Result<Message, String> {
        let to: Mailbox = email.to.parse().map_err(|e| format!("destinataire invalide : {e}"))?;
        let body = MultiPart::alternative()
            .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).header(ContentTransferEncoding::QuotedPrintable).body(email.text.clone()))
            .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).header(ContentTransferEncoding::QuotedPrintable).body(email.html.clone()));
        let builder = Message::builder().from(from.clone()).to(to).subject(email.subject.clone());
        if email.attachments.is_empty() {
            return builder.multipart(body).map_err(|e| format!("message invalide : {e}"));
        }
        let mut mixed = MultiPart::mixed().multipart(body);
        for a in &email.attachments {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD.decode(&a.base64).map_err(|e| format!("pièce jointe illisible : {e}"))?;
            let content_type = ContentType::parse(&a.content_type).map_err(|e| format!("type de pièce jointe invalide : {e}"))?;
            mixed = mixed.singlepart(Attachment::new(a.filename.clone()).body(bytes, content_type));
        }
        builder.multipart(mixed).map_err(|e| format!("message invalide : {e}"))
    }

    pub async fn send(&self, id: &str, email: &Email) -> Result<(), String> {
        match self {
            Mailer::Smtp { transport, from } => {
                let message = Self::build(from, email)?;
                transport.send(message).await.map(|_| ()).map_err(|e| format!("SMTP : {e}"))
            }
            Mailer::Files { dir, from } => {
                let message = Self::build(from, email)?;
                write_file(dir, &format!("{id}.eml"), &message.formatted()).await?;
                tracing::info!(to = %masked(&email.to), subject = %email.subject, "e-mail written to the outbox directory");
                Ok(())
            }
        }
    }
}

impl SmsSender {
    pub fn from_config(config: &Config) -> SmsSender {
        match &config.sms {
            Some(sms) => SmsSender::Http {
                client: reqwest::Client::builder().timeout(std::time::Duration::from_secs(15)).build().unwrap_or_default(),
                config: sms.clone(),
            },
            None => SmsSender::Files { dir: config.outbox_dir.clone() },
        }
    }

    pub async fn send(&self, id: &str, sms: &Sms) -> Result<(), String> {
        match self {
            SmsSender::Http { client, config } => {
                let response = client
                    .post(&config.api_url)
                    .bearer_auth(&config.api_key)
                    .json(&serde_json::json!({ "to": sms.to, "from": config.sender, "text": sms.text }))
                    .send()
                    .await
                    .map_err(|e| format!("SMS : {e}"))?;
                if response.status().is_success() {
                    Ok(())
                } else {
                    Err(format!("SMS : le fournisseur a répondu {}", response.status()))
                }
            }
            SmsSender::Files { dir } => {
                let body = format!("To: {}\n\n{}\n", sms.to, sms.text);
                write_file(dir, &format!("{id}.sms.txt"), body.as_bytes()).await?;
                tracing::info!(to = %masked(&sms.to), "SMS written to the outbox directory");
                Ok(())
            }
        }
    }
}

async fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    tokio::fs::create_dir_all(dir).await.map_err(|e| format!("{} : {e}", dir.display()))?;
    // Write then rename, so a reader never sees half a message.
    let tmp = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&tmp, bytes).await.map_err(|e| format!("{} : {e}", tmp.display()))?;
    tokio::fs::rename(&tmp, dir.join(name)).await.map_err(|e| format!("{name} : {e}"))
}

/// Logs name where a message went without saying to whom (a pupil's address is personal data):
/// `c…@exemple.fr`, `06…78`.
pub fn masked(to: &str) -> String {
    match to.split_once('@') {
        Some((local, domain)) => format!("{}…@{domain}", local.chars().next().unwrap_or('?')),
        None => {
            let digits: Vec<char> = to.chars().filter(|c| c.is_ascii_digit()).collect();
            if digits.len() < 4 {
                "…".into()
            } else {
                format!("{}…{}", digits[..2].iter().collect::<String>(), digits[digits.len() - 2..].iter().collect::<String>())
            }
        }
    }
}

#[cfg(test)]
mod masking_tests {
    #[test]
    fn addresses_are_masked_in_logs() {
        assert_eq!(super::masked("camille.durand@exemple.fr"), "c…@exemple.fr");
        assert_eq!(super::masked("+33 6 12 34 56 78"), "33…78");
        assert_eq!(super::masked("12"), "…");
    }
}
