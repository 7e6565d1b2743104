//! A minimal SMTP listener for tests (a fake at the edge: the product's real SMTP client,
//! lettre, talks to it over TCP). It accepts every message and keeps it in memory.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Mail {
    pub recipients: Vec<String>,
    pub raw: String,
}

impl Mail {
    /// The message decoded from quoted-printable (how the product encodes its parts).
    pub fn decoded(&self) -> String {
        decode_qp(&self.raw)
    }

    /// The subject, with RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded, folded lines joined
    /// (the space between two encoded words is not part of the text).
    pub fn subject(&self) -> Option<String> {
        use base64::Engine;
        let mut lines = self.raw.lines().skip_while(|l| !l.starts_with("Subject: "));
        let mut raw = lines.next()?.strip_prefix("Subject: ")?.to_owned();
        for more in lines.take_while(|l| l.starts_with(' ') || l.starts_with('\t')) {
            raw.push(' ');
            raw.push_str(more.trim());
        }
        let mut out = String::new();
        let mut last_encoded = false;
        for word in raw.split_whitespace() {
            let decoded = word
                .strip_prefix("=?utf-8?b?")
                .and_then(|w| w.strip_suffix("?="))
                .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
                .and_then(|bytes| String::from_utf8(bytes).ok());
            let joined = last_encoded && decoded.is_some();
            if !out.is_empty() && !joined {
                out.push(' ');
            }
            last_encoded = decoded.is_some();
            out.push_str(decoded.as_deref().unwrap_or(word));
        }
        Some(out)
    }

    /// The secret carried by the first link with `token=`.
    pub fn token(&self) -> Option<String> {
        let text = self.decoded();
        let start = text.find("token=")? + "token=".len();
        Some(text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect())
    }
}

pub fn decode_qp(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Clone)]
pub struct Sink {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<Mail>>>,
}

impl Sink {
    pub async fn start() -> Sink {
        Self::start_on(0).await
    }

    /// Listens on a given port (0: any free one).
    pub async fn start_on(port: u16) -> Sink {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let store = mails.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read);
                    let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
                    let mut recipients = Vec::new();
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                            break;
                        }
                        let cmd = line.trim_end().to_ascii_uppercase();
                        let reply: &[u8] = if cmd.starts_with("EHLO") {
                            b"250-sink.test\r\n250 8BITMIME\r\n"
                        } else if cmd.starts_with("HELO") || cmd.starts_with("MAIL") || cmd.starts_with("RSET") || cmd.starts_with("NOOP") {
                            if cmd.starts_with("RSET") {
                                recipients.clear();
                            }
                            b"250 OK\r\n"
                        } else if cmd.starts_with("RCPT") {
                            let addr = line.trim_end()[8..].trim().trim_start_matches('<').trim_end_matches('>').to_owned();
                            recipients.push(addr);
                            b"250 OK\r\n"
                        } else if cmd == "DATA" {
                            let _ = write.write_all(b"354 go ahead\r\n").await;
                            let mut raw = String::new();
                            loop {
                                line.clear();
                                if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                                    break;
                                }
                                if line == ".\r\n" || line == ".\n" {
                                    break;
                                }
                                raw.push_str(&line);
                            }
                            store.lock().expect("lock").push(Mail { recipients: std::mem::take(&mut recipients), raw });
                            b"250 queued\r\n"
                        } else if cmd == "QUIT" {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"502 not implemented\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        Sink { port, mails }
    }

    pub fn all(&self) -> Vec<Mail> {
        self.mails.lock().expect("lock").clone()
    }

    pub fn all_to(&self, to: &str) -> Vec<Mail> {
        self.all().into_iter().filter(|m| m.recipients.iter().any(|r| r.eq_ignore_ascii_case(to))).collect()
    }

    pub fn last_to(&self, to: &str) -> Option<Mail> {
        self.all().into_iter().rev().find(|m| m.recipients.iter().any(|r| r.eq_ignore_ascii_case(to)))
    }
}
