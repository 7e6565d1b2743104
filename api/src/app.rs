//! Builds the application: shared state, middleware, every domain's routes, the SPA.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpServer};
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_actix_web::{scope, AppExt, UtoipaApp};
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::db;
use crate::error;
use crate::http;
use crate::openapi::{self, ApiDoc};
pub use crate::state::AppState;

/// Registers the API routes of every domain (documented through utoipa).
fn api_routes<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.service(
        scope::scope("/api/v1")
            .configure(crate::accounts::configure)
            .configure(crate::reference::configure)
            .configure(crate::schools::configure)
            .configure(crate::schools::configure_staff)
            .configure(crate::schools::configure_admin)
            .configure(crate::pupils::configure)
            .configure(crate::pupils::configure_staff)
            .configure(crate::organisations::configure)
            .configure(crate::organisations::configure_admin)
            .configure(crate::support::configure)
            .configure(crate::favourites::configure)
            .configure(crate::external_internships::configure)
            .configure(crate::feedback::configure)
            .configure(crate::offers::configure)
            .configure(crate::applications::configure)
            .configure(crate::agreements::configure)
            .configure(crate::partners::configure)
            .configure(crate::partners::legacy::configure_v1)
            .configure(crate::reporting::configure)
            .configure(crate::platform::configure)
            .configure(crate::campaigns::configure)
            .configure(crate::audit::configure),
    )
    // The current platform's partner contract, for partners moving over unchanged.
    .service(scope::scope("/api/v2").configure(crate::partners::legacy::configure).configure(crate::partners::legacy_schools::configure))
}

/// The OpenAPI document without a running server (for `passerelle openapi` and the drift test).
pub fn openapi_only() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = api_routes(App::new().into_utoipa_app().openapi(ApiDoc::openapi())).split_for_parts();
    openapi::finalize(&mut doc);
    doc
}

/// The whole application.
pub fn build(
    state: AppState,
) -> App<impl ServiceFactory<ServiceRequest, Config = (), Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error, InitError = ()>> {
    let json_limit = state.config.json_limit_bytes;
    let tile_origin = http::origin_of(&state.config.map_tile_url);
    let hsts = state.config.is_production();
    let shedder = web::Data::from(state.shedder.clone());
    let data = web::Data::new(state);
    let (app, mut doc) = api_routes(
        App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(data)
            .app_data(shedder)
            .app_data(web::JsonConfig::default().limit(json_limit).error_handler(error::json_error))
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            // Bodies that are not JSON (or not read by a JSON extractor) are capped too.
            .app_data(web::PayloadConfig::default().limit(json_limit)),
    )
    .split_for_parts();
    openapi::finalize(&mut doc);

    let app = app
        .route("/healthz", web::get().to(http::healthz))
        .route("/readyz", web::get().to(http::readyz))
        .route("/metrics", web::get().to(http::metrics))
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", doc));
    app.default_service(web::to(http::static_files::serve))
        .wrap(from_fn(http::error_codes::check))
        .wrap(from_fn(http::admin_audit))
        .wrap(from_fn(http::platform_mode))
        .wrap(from_fn(http::shed::shed))
        .wrap(from_fn(http::observe))
        .wrap(from_fn(http::cors::cors))
        .wrap(http::security_headers(tile_origin.as_deref(), hsts))
        .wrap(Compress::default())
        .wrap(from_fn(http::request_id_header))
        .wrap(TracingLogger::default())
}

/// Connects, migrates and returns the state (used by `serve` and the tests).
pub fn prepare(config: Config) -> Result<AppState, String> {
    let (pool, backend) = db::connect_with_timeout(&config.database_url, config.db_pool_size, config.db_pool_timeout)?;
    let mut conn = pool.get().map_err(|e| format!("base de données injoignable : {e}"))?;
    let applied = db::migrate(&mut conn)?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), backend = backend.name(), "migrations applied");
    }
    crate::auth::sealed::check_key(&mut conn, &crate::auth::sealed::derive(&config.secrets_key))?;
    drop(conn);
    Ok(AppState::new(config, pool, backend))
}

/// Serves until SIGINT/SIGTERM, then drains requests and stops the worker.
pub async fn serve(state: AppState) -> std::io::Result<()> {
    let bind = state.config.bind.clone();
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker_handle = if state.config.run_worker {
        let worker = state.worker().map_err(std::io::Error::other)?;
        let interval = state.config.worker_interval;
        Some(tokio::spawn(worker.run(interval, stop_rx)))
    } else {
        None
    };
    let sessions_watch = tokio::spawn(crate::auth::sessions::watch(state.clone()));
    // The search index is built and kept current on a thread of its own (it never ends: the
    // process exit stops it); `/readyz` answers 503 until it is built.
    let indexer = state.clone();
    std::thread::Builder::new().name("search-index".into()).spawn(move || crate::offers::index::run(indexer))?;
    let metrics_server = match state.config.metrics_bind.clone() {
        Some(address) => {
            let data = web::Data::new(state.clone());
            let server = HttpServer::new(move || App::new().app_data(data.clone()).route("/metrics", web::get().to(http::metrics_behind_token)))
                .workers(1)
                .bind(&address)?
                .disable_signals()
                .run();
            tracing::info!(address = %address, "metrics served on their own address");
            let handle = server.handle();
            tokio::spawn(server);
            Some(handle)
        }
        None => None,
    };
    let app_state = state.clone();
    let server = HttpServer::new(move || build(app_state.clone()))
        // Without it, a compressed response (what browsers ask for) goes out as the head, then
        // the body once compressed, and Nagle holds the body until the client's delayed ACK:
        // +40 ms per keep-alive response over 1 KB (curl --compressed: 44 ms -> 1 ms per offer).
        .tcp_nodelay(state.config.tcp_nodelay)
        .bind(&bind)?
        .shutdown_timeout(20)
        .run();
    tracing::info!(address = %bind, public_url = %state.config.public_url, backend = state.backend.name(), "Passerelle is listening");
    let result = server.await;
    if let Some(handle) = metrics_server {
        handle.stop(true).await;
    }
    sessions_watch.abort();
    let _ = stop_tx.send(true);
    if let Some(handle) = worker_handle {
        let _ = handle.await;
    }
    result
}
