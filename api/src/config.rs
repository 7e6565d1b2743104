//! Typed configuration, read once from the environment. Every variable is documented in the README.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Test,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone)]
pub struct SmsConfig {
    /// Provider endpoint receiving `POST {to, from, text}` with a bearer key.
    pub api_url: String,
    pub api_key: String,
    pub sender: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub env: Environment,
    pub database_url: String,
    pub db_pool_size: u32,
    /// How long a request waits for a database connection before 503 (database unreachable
    /// or saturated).
    pub db_pool_timeout: Duration,
    pub bind: String,
    pub public_url: String,
    pub jwt_secret: String,
    /// Key sealing stored secrets (TOTP keys, webhook secrets): SECRETS_KEY.
    pub secrets_key: String,
    pub data_dir: PathBuf,
    pub static_dir: PathBuf,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub outbox_dir: PathBuf,
    pub sms: Option<SmsConfig>,
    pub log_format: LogFormat,
    pub access_token_ttl: Duration,
    pub refresh_idle_ttl: Duration,
    pub session_max_ttl: Duration,
    pub rate_limit_enabled: bool,
    pub trust_proxy_headers: bool,
    pub run_worker: bool,
    pub worker_interval: Duration,
    pub json_limit_bytes: usize,
    /// Schools within this distance are shown when a principal picks the same weeks.
    pub calendar_radius_km: f64,
    /// Company directory to fill the organisation form from a SIRET (`{siret}` in the URL);
    /// none: no lookup.
    pub siret_lookup_url: Option<String>,
    /// Days before an unanswered (or accepted but unconfirmed) application expires.
    pub application_expiry_days: i64,
    /// Addresses that get the weekly national figures besides admins and referents.
    pub kpi_email_to: Vec<String>,
    /// Default requests a minute per partner association (each one's can be changed by an admin).
    pub partner_rate_limit_per_minute: i32,
    /// Forces a mode on this replica (`maintenance`, `read_only`); unset: the admin's switch.
    pub platform_mode: Option<String>,
    /// Accept plain-HTTP webhook URLs (local tests only; production requires HTTPS).
    pub webhook_allow_http: bool,
    /// Seconds search and offer pages shared by many (anonymous, per school) are kept in
    /// memory; 0: no cache.
    pub cache_ttl_seconds: u64,
    /// Offer search reads this replica's index in memory (`memory`, the default: built at
    /// start, `/readyz` waits for it) or the database (`sql`).
    pub search_in_memory: bool,
    /// API requests in progress on one replica beyond which new ones get 503 + `Retry-After`;
    /// 0: no limit.
    pub max_in_flight: usize,
    /// TCP_NODELAY on accepted connections (see `app::serve`).
    pub tcp_nodelay: bool,
    /// Admins and referents must set up a second factor (TOTP) before using their rights.
    pub totp_required: bool,
    /// Browser origins allowed to call the API across origins (exact, comma-separated).
    pub cors_allowed_origins: Vec<String>,
    /// Map tiles for the offer search (`{z}/{x}/{y}` template); empty: no map background.
    pub map_tile_url: String,
    pub map_attribution: String,
    /// A separate address serving `/metrics` only (e.g. `0.0.0.0:9100` inside the cluster); the
    /// public port then does not serve them.
    pub metrics_bind: Option<String>,
    /// Bearer token Prometheus sends for `/metrics`. Without it and without `METRICS_BIND`,
    /// production does not serve metrics at all (development and tests do, openly).
    pub metrics_token: Option<String>,
    /// Webhooks may target loopback and private addresses (local development and tests only).
    pub webhook_allow_private: bool,
    /// Every error answer's code is checked against what its operation documents
    /// (`http::error_codes`); on by default in tests.
    pub check_error_codes: bool,
}

/// Where settings come from: the process environment, or a map in tests.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

fn env_lookup(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn parse<T: std::str::FromStr>(var: &impl Fn(&str) -> Option<String>, name: &str, default: T) -> Result<T, String> {
    match var(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| format!("{name} : valeur invalide « {v} »")),
    }
}

fn flag(var: &impl Fn(&str) -> Option<String>, name: &str, default: bool) -> Result<bool, String> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(v) => Err(format!("{name} : attendu true ou false, reçu « {v} »")),
    }
}

impl Config {
    /// Reads the environment. Fails with a readable message on a bad value.
    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(&env_lookup)
    }

    pub fn from_lookup(lookup: Lookup<'_>) -> Result<Self, String> {
        let var = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let env = match var("APP_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("test") => Environment::Test,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => return Err(format!("APP_ENV : valeur inconnue « {other} »")),
        };
        let data_dir = PathBuf::from(var("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}", data_dir.join("passerelle.db").display()));
        let bind = var("BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
        let public_url = var("PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}")).trim_end_matches('/').to_owned();
        let jwt_secret = match var("JWT_SECRET") {
            Some(s) if s.len() >= 32 => s,
            Some(_) => return Err("JWT_SECRET doit faire au moins 32 caractères".into()),
            None if env == Environment::Production => return Err("JWT_SECRET est obligatoire quand APP_ENV=production".into()),
            None => dev_secret(&data_dir)?,
        };
        let secrets_key = match var("SECRETS_KEY") {
            Some(s) if s.len() >= 32 => s,
            Some(_) => return Err("SECRETS_KEY doit faire au moins 32 caractères".into()),
            None if env == Environment::Production => return Err("SECRETS_KEY est obligatoire quand APP_ENV=production".into()),
            // Development: derived from the (kept) development JWT secret.
            None => format!("dev-sealing|{jwt_secret}"),
        };
        let sms = match (var("SMS_API_URL"), var("SMS_API_KEY")) {
            (Some(api_url), Some(api_key)) => Some(SmsConfig { api_url, api_key, sender: var("SMS_SENDER").unwrap_or_else(|| "Passerelle".into()) }),
            (None, None) => None,
            _ => return Err("SMS_API_URL et SMS_API_KEY vont ensemble".into()),
        };
        let log_format = match var("LOG_FORMAT").as_deref() {
            Some("json") => LogFormat::Json,
            Some("pretty") | Some("text") => LogFormat::Pretty,
            None if env == Environment::Production => LogFormat::Json,
            None => LogFormat::Pretty,
            Some(v) => return Err(format!("LOG_FORMAT : json ou pretty, reçu « {v} »")),
        };
        let is_sqlite = !database_url.starts_with("postgres");
        Ok(Config {
            env,
            db_pool_size: parse(&var, "DB_POOL_SIZE", if is_sqlite { 8 } else { 16 })?,
            db_pool_timeout: Duration::from_millis(parse(&var, "DB_POOL_TIMEOUT_MS", 2000)?),
            database_url,
            bind,
            public_url,
            jwt_secret,
            secrets_key,
            static_dir: PathBuf::from(var("STATIC_DIR").unwrap_or_else(|| "frontend/dist".into())),
            smtp_url: var("SMTP_URL"),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| "Passerelle <ne-pas-repondre@passerelle.localhost>".into()),
            outbox_dir: var("OUTBOX_DIR").map(PathBuf::from).unwrap_or_else(|| data_dir.join("outbox")),
            sms,
            log_format,
            access_token_ttl: Duration::from_secs(parse(&var, "ACCESS_TOKEN_TTL_SECONDS", 900)?),
            refresh_idle_ttl: Duration::from_secs(60 * parse(&var, "SESSION_IDLE_MINUTES", 30)?),
            session_max_ttl: Duration::from_secs(3600 * parse(&var, "SESSION_MAX_HOURS", 12)?),
            rate_limit_enabled: flag(&var, "RATE_LIMIT_ENABLED", true)?,
            trust_proxy_headers: flag(&var, "TRUST_PROXY_HEADERS", false)?,
            run_worker: flag(&var, "RUN_WORKER", true)?,
            worker_interval: Duration::from_millis(parse(&var, "WORKER_INTERVAL_MS", 1000)?),
            json_limit_bytes: parse(&var, "JSON_LIMIT_BYTES", 256 * 1024)?,
            calendar_radius_km: parse(&var, "CALENDAR_RADIUS_KM", 30.0)?,
            application_expiry_days: parse(&var, "APPLICATION_EXPIRY_DAYS", 15)?,
            kpi_email_to: var("KPI_EMAIL_TO").map(|v| v.split(',').map(|a| a.trim().to_owned()).filter(|a| a.contains('@')).collect()).unwrap_or_default(),
            partner_rate_limit_per_minute: parse(&var, "PARTNER_RATE_LIMIT_PER_MINUTE", 100)?,
            webhook_allow_http: flag(&var, "WEBHOOK_ALLOW_HTTP", false)?,
            cache_ttl_seconds: parse(&var, "CACHE_TTL_SECONDS", 5)?,
            search_in_memory: match var("SEARCH_INDEX").as_deref().map(str::trim) {
                None | Some("") | Some("memory") => true,
                Some("sql") => false,
                Some(other) => return Err(format!("SEARCH_INDEX : « {other} » inconnu (memory ou sql)")),
            },
            max_in_flight: parse(&var, "MAX_IN_FLIGHT", default_max_in_flight())?,
            tcp_nodelay: flag(&var, "TCP_NODELAY", true)?,
            totp_required: flag(&var, "TOTP_REQUIRED", true)?,
            cors_allowed_origins: var("CORS_ALLOWED_ORIGINS")
                .map(|v| v.split(',').map(|s| s.trim().trim_end_matches('/').to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default(),
            platform_mode: var("PLATFORM_MODE").filter(|m| !m.trim().is_empty()),
            siret_lookup_url: var("SIRET_LOOKUP_URL").filter(|u| !u.trim().is_empty()),
            // Set but empty: a map without background (no tile server reached), as documented.
            map_tile_url: lookup("MAP_TILE_URL").map(|v| v.trim().to_owned()).unwrap_or_else(|| "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()),
            map_attribution: var("MAP_ATTRIBUTION").unwrap_or_else(|| "© les contributeurs d'OpenStreetMap".into()),
            metrics_bind: var("METRICS_BIND"),
            metrics_token: match var("METRICS_TOKEN") {
                Some(t) if t.len() < 16 => return Err("METRICS_TOKEN doit faire au moins 16 caractères".into()),
                t => t,
            },
            webhook_allow_private: flag(&var, "WEBHOOK_ALLOW_PRIVATE", false)?,
            check_error_codes: flag(&var, "CHECK_ERROR_CODES", env == Environment::Test)?,
            data_dir,
        })
    }

    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }
}

/// In development the signing secret is generated once and kept under `data/`, so sessions
/// survive a restart without anyone having to set a variable.
fn dev_secret(data_dir: &std::path::Path) -> Result<String, String> {
    use rand::RngCore;
    let path = data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let s = existing.trim().to_owned();
        if s.len() >= 32 {
            return Ok(s);
        }
    }
    std::fs::create_dir_all(data_dir).map_err(|e| format!("{} : {e}", data_dir.display()))?;
    let mut bytes = [0u8; 48];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    std::fs::write(&path, &secret).map_err(|e| format!("{} : {e}", path.display()))?;
    Ok(secret)
}

/// Requests in progress a replica accepts before refusing new ones (503 + Retry-After): 32 per
/// core. By Little's law the queue a request may wait behind is this limit over the throughput:
/// on 2 cores at the opening mix (~400-800 req/s), 64 keeps the p99 of what is served near
/// 250 ms during a 3x spike, where 256 let it reach 0.8 s for the same throughput (load bench).
pub fn default_max_in_flight() -> usize {
    std::thread::available_parallelism().map(|n| n.get() * 32).unwrap_or(64)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, String> {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        map.entry("DATA_DIR".into()).or_insert_with(|| dir.path().display().to_string());
        Config::from_lookup(&move |k| map.get(k).cloned())
    }

    #[test]
    fn an_empty_tile_url_means_no_map_background() {
        assert_eq!(config(&[("MAP_TILE_URL", "")]).expect("config").map_tile_url, "");
        assert!(config(&[]).expect("config").map_tile_url.contains("openstreetmap"));
    }

    #[test]
    fn laptop_defaults() {
        let c = config(&[]).expect("defaults work");
        assert!(c.database_url.starts_with("sqlite://") && c.database_url.ends_with("passerelle.db"));
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert!(c.tcp_nodelay, "compressed responses would wait for the client's delayed ACK");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(c.jwt_secret.len() >= 32, "generated and kept under data/");
        assert!(c.smtp_url.is_none() && c.sms.is_none());
        assert_eq!(c.access_token_ttl, Duration::from_secs(900));
    }

    #[test]
    fn dev_secret_is_kept_between_starts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().display().to_string();
        let read = || Config::from_lookup(&|k| (k == "DATA_DIR").then(|| d.clone())).expect("config").jwt_secret;
        assert_eq!(read(), read());
    }

    #[test]
    fn production_requires_a_jwt_secret() {
        let err = config(&[("APP_ENV", "production")]).expect_err("refused");
        assert!(err.contains("JWT_SECRET"), "{err}");
        assert!(config(&[("APP_ENV", "production"), ("JWT_SECRET", "short")]).is_err());
        // The sealing key too, distinct from the token key.
        let err = config(&[("APP_ENV", "production"), ("JWT_SECRET", &"s".repeat(40))]).expect_err("refused");
        assert!(err.contains("SECRETS_KEY"), "{err}");
        assert!(config(&[("APP_ENV", "production"), ("JWT_SECRET", &"s".repeat(40)), ("SECRETS_KEY", "short")]).is_err());
        let c = config(&[("APP_ENV", "production"), ("JWT_SECRET", &"s".repeat(40)), ("SECRETS_KEY", &"k".repeat(40))]).expect("ok");
        assert!(c.is_production());
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn bad_values_are_named() {
        assert!(config(&[("DB_POOL_SIZE", "many")]).expect_err("refused").contains("DB_POOL_SIZE"));
        assert!(config(&[("RATE_LIMIT_ENABLED", "maybe")]).expect_err("refused").contains("RATE_LIMIT_ENABLED"));
        assert!(config(&[("TCP_NODELAY", "maybe")]).expect_err("refused").contains("TCP_NODELAY"));
        assert!(!config(&[("TCP_NODELAY", "false")]).expect("parsed").tcp_nodelay);
        assert!(config(&[("SMS_API_URL", "http://x")]).expect_err("refused").contains("SMS_API_KEY"));
        assert!(config(&[("APP_ENV", "staging")]).is_err());
    }
}
