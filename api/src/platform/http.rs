//! The mode's HTTP face: its status for everyone (the SPA shows its maintenance page from it),
//! and the admin's switch.

use actix_web::{get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules::Mode;
use crate::auth::Admin;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PlatformStatus {
    pub mode: Mode,
    /// Shown to people (French), may be empty.
    pub message: String,
}

/// The platform's mode (public: the SPA reads it to show the maintenance page).
#[utoipa::path(tag = "Operations", responses((status = 200, body = PlatformStatus)))]
#[get("/platform-status")]
pub async fn platform_status(state: web::Data<AppState>) -> AppResult<web::Json<PlatformStatus>> {
    let (mode, message) = current(&state).await;
    Ok(web::Json(PlatformStatus { mode, message }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformModeRequest {
    pub mode: Mode,
    /// Shown on the maintenance page or the read-only banner.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub message: String,
}

/// An admin switches the platform to maintenance, read-only or normal; every replica follows
/// within a few seconds.
#[utoipa::path(tag = "Operations", security(("bearer" = [])), request_body = PlatformModeRequest, responses((status = 200, body = PlatformStatus)))]
#[put("/admin/platform-mode")]
pub async fn set_platform_mode(state: web::Data<AppState>, admin: Admin, body: web::Json<PlatformModeRequest>) -> AppResult<web::Json<PlatformStatus>> {
    let b = body.into_inner();
    if b.message.chars().count() > 500 {
        return Err(AppError::field("message", "500 caractères au plus."));
    }
    let message = b.message.trim().to_owned();
    let (mode, msg) = (b.mode, message.clone());
    state.run(move |conn| Ok(super::write(conn, mode, &msg, &admin.0.id)?)).await?;
    state.mode.set(b.mode, &message);
    tracing::warn!(mode = b.mode.as_str(), "platform mode changed");
    Ok(web::Json(PlatformStatus { mode: b.mode, message }))
}

/// The mode now: forced by the setting, else this replica's fresh copy, else the database.
pub async fn current(state: &AppState) -> (Mode, String) {
    if let Some(forced) = state.config.platform_mode.as_deref().map(Mode::parse).filter(|m| *m != Mode::Normal) {
        return (forced, String::new());
    }
    if let Some(fresh) = state.mode.fresh() {
        return fresh;
    }
    let pool = state.pool.clone();
    let read = web::block(move || pool.get().ok().and_then(|mut c| super::read(&mut c).ok())).await.ok().flatten();
    match read {
        Some((mode, message)) => {
            state.mode.set(mode, &message);
            (mode, message)
        }
        // The database is unreachable: requests will say so themselves.
        None => (Mode::Normal, String::new()),
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(platform_status).service(set_platform_mode);
}
