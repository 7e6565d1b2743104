//! What every handler receives: the shared state (pool, settings, keys, caches, clock).
//! Domains depend on this, never on the route assembly in `app.rs`.

use std::sync::Arc;
use std::time::Duration;

use actix_web::{web, HttpRequest};

use crate::auth::rate_limit::RateLimiter;
use crate::auth::tokens::JwtKeys;
use crate::config::Config;
use crate::db::{AnyConnection, Backend, Pool};
use crate::error::{AppError, AppResult};
use crate::http::{self, metrics::Metrics};
use crate::jobs::Worker;
use crate::notifications::transport::{Mailer, SmsSender};

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub pool: Pool,
    pub backend: Backend,
    pub jwt: JwtKeys,
    pub limiter: Arc<RateLimiter>,
    pub metrics: Metrics,
    /// The platform's mode as this replica last read it.
    pub mode: Arc<crate::platform::ModeCache>,
    /// The time campaign openings are judged at (tests may fix it).
    pub clock: Arc<crate::campaigns::Clock>,
    /// Search and offer pages shared by many, for a few seconds.
    pub cache: Arc<http::cache::TtlCache>,
    /// Requests in progress on this replica, and the limit beyond which they are refused.
    pub shedder: Arc<http::shed::Shedder>,
    /// Referents' dashboards built for the counters' current generation.
    pub dashboards: Arc<crate::reporting::service::DashboardMemo>,
    /// Sessions ended before their access tokens expire, as this replica last read them.
    pub sessions: Arc<crate::auth::sessions::RevokedSessions>,
    /// Offer search's index in memory (built by `app::serve`, or by the tests).
    pub search: Arc<crate::offers::index::SearchIndex>,
    /// Keyword suggestions, rebuilt from the published offers every few minutes.
    pub suggestions: Arc<crate::offers::suggest::Memo>,
    /// Error codes answered that their operation does not document (tests; `http::error_codes`).
    pub undocumented_codes: Arc<std::sync::Mutex<Vec<String>>>,
}

impl AppState {
    pub fn new(config: Config, pool: Pool, backend: Backend) -> Self {
        crate::auth::sealed::init(crate::auth::sealed::derive(&config.secrets_key));
        let metrics = Metrics::new();
        let shedder = Arc::new(http::shed::Shedder::new(config.max_in_flight));
        let _ = metrics.registry.register(Box::new(shedder.shed_total.clone()));
        let search = Arc::new(crate::offers::index::SearchIndex::new(config.search_in_memory));
        let _ = metrics.registry.register(Box::new(search.bytes.clone()));
        let _ = metrics.registry.register(Box::new(search.offers.clone()));
        let _ = metrics.registry.register(Box::new(search.build_seconds.clone()));
        let cache = Arc::new(http::cache::TtlCache::new(Duration::from_secs(config.cache_ttl_seconds), 20_000));
        AppState {
            cache,
            search,
            shedder,
            dashboards: Arc::new(crate::reporting::service::DashboardMemo::new(512)),
            sessions: Arc::new(crate::auth::sessions::RevokedSessions::new(config.access_token_ttl)),
            jwt: JwtKeys::new(&config.jwt_secret),
            config: Arc::new(config),
            pool,
            backend,
            limiter: Arc::new(RateLimiter::default()),
            mode: Arc::new(crate::platform::ModeCache::default()),
            clock: Arc::new(crate::campaigns::Clock::default()),
            metrics,
            suggestions: Arc::default(),
            undocumented_codes: Arc::default(),
        }
    }

    /// Runs blocking database work off the async workers.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut AnyConnection) -> AppResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Reads the sessions ended since the last look, at once: this replica refuses them from the
    /// next request on (the others within a poll).
    pub async fn sessions_caught_up(&self) -> AppResult<()> {
        let sessions = self.sessions.clone();
        self.run(move |conn| Ok(sessions.catch_up(conn, crate::db::now())?)).await
    }

    pub fn client_ip(&self, req: &HttpRequest) -> String {
        if self.config.trust_proxy_headers {
            req.connection_info().realip_remote_addr().unwrap_or("unknown").to_owned()
        } else {
            req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".into())
        }
    }

    /// Per-IP limit on a sensitive endpoint: `max` requests a minute.
    pub fn limit(&self, req: &HttpRequest, bucket: &'static str, max: u32) -> AppResult<()> {
        let ip = self.client_ip(req);
        self.limit_key(bucket, &ip, max)
    }

    pub fn limit_key(&self, bucket: &'static str, key: &str, max: u32) -> AppResult<()> {
        if !self.config.rate_limit_enabled {
            return Ok(());
        }
        self.limiter.hit(bucket, key, max, Duration::from_secs(60)).map_err(AppError::rate_limited)
    }

    pub fn worker(&self) -> Result<Worker, String> {
        Ok(Worker {
            pool: self.pool.clone(),
            mailer: Arc::new(Mailer::from_config(&self.config)?),
            sms: Arc::new(SmsSender::from_config(&self.config)),
            context: Arc::new(crate::jobs::periodic::Context {
                public_url: self.config.public_url.clone(),
                application_expiry_days: self.config.application_expiry_days,
                kpi_email_to: self.config.kpi_email_to.clone(),
            }),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| e.to_string())?,
            webhook_allow_private: self.config.webhook_allow_private,
        })
    }
}
