//! Webhooks: operators register HTTPS endpoints and events; each event becomes a delivery row
//! and a job, so nothing is sent inside a request. The job runner POSTs the JSON body signed
//! with HMAC-SHA256 over "timestamp.body" and retries with back-off for about 24 hours.

use crate::error::ErrorCode;
use crate::ids::OfferId;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::auth::{tokens, CurrentUser};
use crate::db::schema::{partner_offers as po, webhook_deliveries as wd, webhooks as wh};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};

pub const KIND: &str = "deliver_webhook";
pub const EVENTS: [&str; 4] = ["offer.hidden", "offer.restored", "offer.expired", "clicks.daily"];
/// 30 s, 1, 2, 4 … 32 min, then hourly: about 24 hours of tries.
pub const MAX_ATTEMPTS: i32 = 30;
pub const SIGNATURE_HEADER: &str = "X-Passerelle-Signature";

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = wh)]
pub struct Webhook {
    pub id: String,
    pub operator_id: String,
    pub url: String,
    pub events: String,
    pub secret: String,
    pub active: bool,
    pub last_summary_on: Option<NaiveDate>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl Webhook {
    pub fn events(&self) -> Vec<String> {
        serde_json::from_str(&self.events).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = wd)]
pub struct Delivery {
    pub id: String,
    pub webhook_id: String,
    pub event: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub response_status: Option<i32>,
    pub error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

pub fn hmac_hex(key: &str, data: &str) -> String {
    // HMAC takes keys of any length: this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(data.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The signature header's value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    format!("t={timestamp},v1={}", hmac_hex(secret, &format!("{timestamp}.{body}")))
}

/// Checks a URL an operator registers: HTTPS (plain HTTP only where the configuration allows
/// it, for local tests), at most 500 characters.
pub fn url_problem(url: &str, allow_http: bool) -> Option<&'static str> {
    let u = url.trim();
    let ok_scheme = u.starts_with("https://") || (allow_http && u.starts_with("http://"));
    if !ok_scheme {
        Some("Adresse HTTPS attendue.")
    } else if u.chars().count() > 500 || u.chars().any(char::is_whitespace) {
        Some("Adresse de 500 caractères au plus, sans espace.")
    } else {
        None
    }
}

/// An address a webhook must never reach: this machine, the private networks, link-local
/// (cloud metadata services live at 169.254.169.254), shared and reserved ranges. Posting there
/// on an operator's behalf would let them probe what only the server can see.
pub fn is_internal(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || a >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (v6.segments()[..6] == [0x64, 0xff9b, 0, 0, 0, 0])
        }
    }
}

/// Host and port of a webhook URL.
pub fn target(url: &str) -> Option<(String, u16)> {
    let u = reqwest::Url::parse(url.trim()).ok()?;
    let host = match u.host()? {
        url::Host::Domain(d) => d.to_owned(),
        url::Host::Ipv4(ip) => ip.to_string(),
        url::Host::Ipv6(ip) => ip.to_string(),
    };
    Some((host, u.port_or_known_default()?))
}

/// Resolves the URL's host (now, as the delivery will) and refuses internal addresses: a name
/// that resolves to one is refused like the address itself. Returns the addresses to connect to.
pub fn resolve_public(url: &str) -> Result<Vec<std::net::SocketAddr>, &'static str> {
    use std::net::ToSocketAddrs;
    let (host, port) = target(url).ok_or("Adresse invalide.")?;
    let addrs: Vec<_> = (host.as_str(), port).to_socket_addrs().map_err(|_| "Ce nom de domaine ne se résout pas.")?.collect();
    if addrs.is_empty() {
        return Err("Ce nom de domaine ne se résout pas.");
    }
    if addrs.iter().any(|a| is_internal(a.ip())) {
        return Err("Adresse interne refusée : le webhook doit viser un serveur public.");
    }
    Ok(addrs)
}

#[allow(clippy::too_many_arguments)]
pub fn create(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    operator_id: &str,
    url: &str,
    events: &[String],
    allow_http: bool,
    allow_private: bool,
) -> AppResult<(Webhook, String)> {
    let (op, _) = super::service::operator_for(conn, user, operator_id)?;
    let mut err = AppError::validation();
    if let Some(m) = url_problem(url, allow_http) {
        err = err.with_field("url", m);
    } else if !allow_private {
        if let Err(m) = resolve_public(url) {
            err = err.with_field("url", m);
        }
    }
    if events.is_empty() {
        err = err.with_field("events", "Choisissez au moins un événement.");
    }
    for (i, e) in events.iter().enumerate() {
        if !EVENTS.contains(&e.as_str()) {
            err = err.with_field(&format!("events[{i}]"), "Événement inconnu : offer.hidden, offer.restored, offer.expired ou clicks.daily.");
        }
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    if list(conn, &op.id)?.len() >= 10 {
        return Err(AppError::conflict("10 webhooks au plus.").with_code(ErrorCode::TooManyWebhooks));
    }
    let secret = tokens::random_secret();
    let w = Webhook {
        id: db::new_id(),
        operator_id: op.id,
        url: url.trim().to_owned(),
        events: serde_json::to_string(events).map_err(|_| AppError::internal())?,
        secret: crate::auth::sealed::seal(&secret)?,
        active: true,
        // The first daily summary is tomorrow's.
        last_summary_on: Some(db::now().date()),
        created_by: user.id.to_string(),
        created_at: db::now(),
    };
    diesel::insert_into(wh::table).values(&w).execute(conn)?;
    Ok((w, secret))
}

pub fn list(conn: &mut AnyConnection, operator_id: &str) -> AppResult<Vec<Webhook>> {
    Ok(wh::table.filter(wh::operator_id.eq(operator_id)).filter(wh::active.eq(true)).order(wh::created_at.asc()).load(conn)?)
}

fn own(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str, id: &str) -> AppResult<Webhook> {
    let (op, _) = super::service::operator_for(conn, user, operator_id)?;
    wh::table
        .find(id)
        .first::<Webhook>(conn)
        .optional()?
        .filter(|w| w.operator_id == op.id && w.active)
        .ok_or_else(|| AppError::not_found("Webhook introuvable."))
}

pub fn remove(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str, id: &str) -> AppResult<()> {
    let w = own(conn, user, operator_id, id)?;
    diesel::update(wh::table.find(&w.id)).set(wh::active.eq(false)).execute(conn)?;
    Ok(())
}

/// A page of the webhook's deliveries, newest first, and how many there are.
pub fn deliveries(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    operator_id: &str,
    id: &str,
    p: crate::http::paging::Paging,
) -> AppResult<(Vec<Delivery>, i64)> {
    let w = own(conn, user, operator_id, id)?;
    let total: i64 = wd::table.filter(wd::webhook_id.eq(&w.id)).count().get_result(conn)?;
    let rows = wd::table.filter(wd::webhook_id.eq(&w.id)).order((wd::created_at.desc(), wd::id.desc())).limit(p.limit()).offset(p.offset()).load(conn)?;
    Ok((rows, total))
}

/// Queues one delivery (in the caller's transaction).
fn queue(conn: &mut AnyConnection, w: &Webhook, event: &str, data: serde_json::Value) -> AppResult<String> {
    let id = db::new_id();
    let payload = serde_json::json!({"id": id, "event": event, "created_at": db::now(), "data": data}).to_string();
    diesel::insert_into(wd::table)
        .values(&Delivery {
            id: id.clone(),
            webhook_id: w.id.clone(),
            event: event.into(),
            payload,
            status: "pending".into(),
            attempts: 0,
            response_status: None,
            error: None,
            created_at: db::now(),
            delivered_at: None,
        })
        .execute(conn)?;
    crate::jobs::enqueue_with(conn, KIND, &serde_json::json!({"delivery_id": id}), MAX_ATTEMPTS)?;
    Ok(id)
}

/// The "test delivery" button.
pub fn ping(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str, id: &str) -> AppResult<String> {
    let w = own(conn, user, operator_id, id)?;
    queue(conn, &w, "ping", serde_json::json!({"message": "Test de livraison depuis Passerelle"}))
}

/// An event about one partner offer, to its operator's subscribed webhooks.
pub fn offer_event(conn: &mut AnyConnection, offer_id: &str, event: &str) -> AppResult<usize> {
    let Some(row) = super::queries::by_offer(conn, offer_id)?.filter(|r| r.deleted_at.is_none()) else { return Ok(0) };
    let mut n = 0;
    for w in list(conn, &row.operator_id)?.into_iter().filter(|w| w.events().iter().any(|e| e == event)) {
        queue(conn, &w, event, serde_json::json!({"remote_id": row.remote_id, "offer_id": row.offer_id}))?;
        n += 1;
    }
    Ok(n)
}

/// Offers whose last week is over (once each), and the daily click summary (once a day per
/// webhook). Guarded updates: several replicas sweeping at once send once.
pub fn sweep(conn: &mut AnyConnection, now: NaiveDateTime) -> AppResult<usize> {
    let today = now.date();
    let mut done = 0;
    let live: Vec<super::model::PartnerOffer> = po::table.filter(po::deleted_at.is_null()).filter(po::expired_notified.eq(false)).limit(500).load(conn)?;
    let ids: Vec<OfferId> = live.iter().map(|r| r.offer_id.clone()).collect();
    let weeks = crate::offers::weeks_of(conn, &ids)?;
    for row in live {
        let last = weeks
            .get(&row.offer_id)
            .and_then(|ws| ws.iter().filter_map(|w| chrono::NaiveDate::from_isoywd_opt(w.iso_year, w.iso_week as u32, chrono::Weekday::Fri)).max());
        if last.is_some_and(|d| d < today) {
            db::transaction(conn, |conn| {
                let claimed =
                    diesel::update(po::table.find(&row.offer_id).filter(po::expired_notified.eq(false))).set(po::expired_notified.eq(true)).execute(conn)?;
                if claimed == 1 {
                    done += offer_event(conn, &row.offer_id, "offer.expired")?;
                }
                Ok(())
            })?;
        }
    }
    let due: Vec<Webhook> =
        wh::table.filter(wh::active.eq(true)).filter(wh::last_summary_on.is_null().or(wh::last_summary_on.lt(today))).limit(500).load(conn)?;
    for w in due.into_iter().filter(|w| w.events().iter().any(|e| e == "clicks.daily")) {
        db::transaction(conn, |conn| {
            let base = wh::table.find(&w.id);
            let claimed = match w.last_summary_on {
                Some(d) => diesel::update(base.filter(wh::last_summary_on.eq(d))).set(wh::last_summary_on.eq(Some(today))).execute(conn)?,
                None => diesel::update(base.filter(wh::last_summary_on.is_null())).set(wh::last_summary_on.eq(Some(today))).execute(conn)?,
            };
            if claimed == 1 {
                let rows: Vec<(String, i64)> =
                    po::table.filter(po::operator_id.eq(&w.operator_id)).filter(po::deleted_at.is_null()).select((po::remote_id, po::clicks)).load(conn)?;
                let offers: Vec<serde_json::Value> = rows.iter().map(|(r, c)| serde_json::json!({"remote_id": r, "clicks": c})).collect();
                queue(
                    conn,
                    &w,
                    "clicks.daily",
                    serde_json::json!({"date": today, "total_clicks": rows.iter().map(|(_, c)| c).sum::<i64>(), "offers": offers}),
                )?;
                done += 1;
            }
            Ok(())
        })?;
    }
    Ok(done)
}

/// What the job runner needs to send one delivery.
pub fn load_for_sending(conn: &mut AnyConnection, delivery_id: &str) -> AppResult<Option<(Delivery, Webhook)>> {
    let Some(d) = wd::table.find(delivery_id).first::<Delivery>(conn).optional()? else { return Ok(None) };
    let w = wh::table.find(&d.webhook_id).first::<Webhook>(conn)?;
    Ok(Some((d, w)))
}

/// Records the answer of one try.
pub fn record(
    conn: &mut AnyConnection,
    delivery_id: &str,
    response_status: Option<i32>,
    error: Option<&str>,
    delivered: bool,
    last_try: bool,
) -> AppResult<()> {
    let status = if delivered {
        "delivered"
    } else if last_try {
        "failed"
    } else {
        "pending"
    };
    diesel::update(wd::table.find(delivery_id))
        .set((
            wd::status.eq(status),
            wd::attempts.eq(wd::attempts + 1),
            wd::response_status.eq(response_status),
            wd::error.eq(error.map(|e| e.chars().take(300).collect::<String>())),
            wd::delivered_at.eq(delivered.then(db::now)),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Serialize, Deserialize)]
pub struct JobPayload {
    pub delivery_id: String,
}

/// One try of a delivery (the job runner's call for `deliver_webhook` jobs): POST the signed
/// body to the address checked now, record the answer. An error asks for a retry.
pub async fn deliver(pool: &crate::db::Pool, http: &reqwest::Client, allow_private: bool, job: &crate::jobs::Job) -> Result<(), String> {
    let p: JobPayload = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
    let pool = pool.clone();
    let id = p.delivery_id.clone();
    let p2 = pool.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        let mut conn = p2.get().map_err(|e| e.to_string())?;
        load_for_sending(&mut conn, &id).map_err(|e| e.message)
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
    let client = if allow_private {
        Ok(http.clone())
    } else {
        let url = hook.url.clone();
        match tokio::task::spawn_blocking(move || resolve_public(&url)).await.map_err(|e| e.to_string())? {
            Ok(addrs) => {
                let host = target(&hook.url).map(|(h, _)| h).unwrap_or_default();
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
            .header(SIGNATURE_HEADER, signature(&secret, ts, &delivery.payload))
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
    let err_text = error.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        record(&mut conn, &delivery.id, status, err_text.as_deref(), delivered, last_try).map_err(|e| e.message)
    })
    .await
    .map_err(|e| e.to_string())??;
    match error {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_of_timestamp_and_body() {
        // RFC 4231, test case 2.
        assert_eq!(hmac_hex("Jefe", "what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert_eq!(signature("Jefe", 7, "{}"), format!("t=7,v1={}", hmac_hex("Jefe", "7.{}")));
        assert_ne!(signature("Jefe", 1, "x"), signature("Jefe", 2, "x"), "the timestamp is signed");
    }

    #[test]
    fn urls_must_be_https() {
        assert!(url_problem("https://asso.example/hook", false).is_none());
        assert!(url_problem("http://asso.example/hook", false).is_some());
        assert!(url_problem("http://127.0.0.1:9000/hook", true).is_none());
        assert!(url_problem("https://a b", false).is_some());
    }
}
