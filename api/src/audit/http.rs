//! Reading the audit log: the school's principal (their pupils) and admins.

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::AuditEntry;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::http::paging::PageQuery;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// One pupil only.
    #[param(max_length = 64)]
    pub pupil_id: Option<String>,
}

crate::paged!(
    /// A page of the school's audit log.
    AuditPage,
    AuditEntry
);

/// Who read or changed the personal data of the school's pupils (profile, applications,
/// agreements), newest first, paged. The principal and admins only.
#[utoipa::path(tag = "Pupils", security(("bearer" = [])), params(("uai" = String, Path, max_length = 8), AuditQuery, PageQuery), responses((status = 200, body = AuditPage)))]
#[get("/schools/{uai}/audit")]
pub async fn school_audit(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    query: web::Query<AuditQuery>,
    paging: web::Query<PageQuery>,
) -> AppResult<web::Json<AuditPage>> {
    let uai = uai.into_inner().to_uppercase();
    let q = query.into_inner();
    let p = paging.into_inner().paging();
    let (items, total) = state
        .run(move |conn| {
            if crate::reference::school(conn, &uai)?.is_none() {
                return Err(AppError::not_found("Établissement introuvable."));
            }
            let member = crate::schools::member(conn, &uai, &user.id)?;
            crate::schools::policy::may_manage(&user, member.as_ref())?;
            super::of_school(conn, &uai, q.pupil_id.as_deref(), p.limit(), p.offset())
        })
        .await?;
    Ok(web::Json(AuditPage::of(items, total, p)))
}

crate::paged!(
    /// A page of what admins changed.
    AdminActionPage,
    super::AdminAction
);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminAuditQuery {
    /// Only this admin's changes.
    #[param(max_length = 64)]
    pub actor_id: Option<String>,
    /// Only operations whose path starts with this (e.g. `/api/v1/admin/users`).
    #[param(max_length = 200)]
    pub path_prefix: Option<String>,
    /// From this day (YYYY-MM-DD).
    pub from: Option<chrono::NaiveDate>,
    /// Up to this day, included.
    pub to: Option<chrono::NaiveDate>,
}

/// What admins changed (who, when, which operation and its answer), newest first.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(AdminAuditQuery, PageQuery), responses((status = 200, body = AdminActionPage), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody)))]
#[get("/admin/audit")]
pub async fn admin_audit(
    state: web::Data<AppState>,
    _admin: crate::auth::Admin,
    query: web::Query<AdminAuditQuery>,
    paging: web::Query<PageQuery>,
) -> AppResult<web::Json<AdminActionPage>> {
    let q = query.into_inner();
    let p = paging.into_inner().paging();
    if q.actor_id.as_ref().is_some_and(|a| a.len() > 64) || q.path_prefix.as_ref().is_some_and(|p| p.len() > 200) {
        return Err(AppError::validation().with_field("path_prefix", "Filtre trop long."));
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(AppError::field("to", "La fin précède le début."));
        }
    }
    let filter = super::AdminActionFilter { actor_id: q.actor_id, path_prefix: q.path_prefix.filter(|p| !p.trim().is_empty()), from: q.from, to: q.to };
    let (items, total) = state.run(move |conn| super::admin_actions(conn, &filter, p.limit(), p.offset())).await?;
    Ok(web::Json(AdminActionPage::of(items, total, p)))
}

/// Everyone who appears in the admins' log, former admins included, by name.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), responses((status = 200, body = Vec<super::AdminActor>)))]
#[get("/admin/audit/actors")]
pub async fn admin_audit_actors(state: web::Data<AppState>, _admin: crate::auth::Admin) -> AppResult<web::Json<Vec<super::AdminActor>>> {
    Ok(web::Json(state.run(super::admin_actors).await?))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(school_audit).service(admin_audit_actors).service(admin_audit);
}
