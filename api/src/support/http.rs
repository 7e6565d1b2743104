//! HTTP face of support: the contact form (anyone) and the admins' queue.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::queries::{self as q, Ticket};
use super::rules::{self, Category, Status};
use super::service;
use crate::auth::{Admin, MaybeUser};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::state::AppState;

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewTicketRequest {
    pub category: Category,
    #[validate(length(max = 200))]
    pub subject: String,
    #[validate(length(max = 6000))]
    pub message: String,
    /// The page the person wrote from (`/offres/…`), attached to the ticket.
    #[serde(default)]
    #[validate(length(max = 300))]
    pub page: String,
    /// Required when not signed in (signed in: the account's name).
    #[validate(length(max = 200))]
    pub name: Option<String>,
    /// Where to answer. Required when not signed in, or when the account has no e-mail.
    #[validate(length(max = 254))]
    pub email: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TicketCreated {
    pub id: String,
    /// The number quoted in the acknowledgement e-mail ("4F2A-91C3").
    pub reference: String,
}

/// Opens a support ticket (signed in or not; a signed-in person's account is attached). The
/// person gets an acknowledgement by e-mail. 3 a minute per address, 5 an hour per e-mail.
#[utoipa::path(
    tag = "Support",
    request_body = NewTicketRequest,
    responses((status = 201, body = TicketCreated), (status = 429, body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[post("/support/tickets")]
pub async fn open_ticket(state: web::Data<AppState>, req: HttpRequest, who: MaybeUser, body: web::Json<NewTicketRequest>) -> AppResult<HttpResponse> {
    state.limit(&req, "support-ticket", 3)?;
    body.validate()?;
    let b = body.into_inner();
    let new = service::NewTicket { category: b.category, subject: b.subject, message: b.message, page: b.page, name: b.name, email: b.email };
    let now = state.clock.now();
    let public_url = state.config.public_url.clone();
    let ticket = state.run(move |conn| service::open(conn, who.0.as_ref(), new, now, &public_url)).await?;
    Ok(HttpResponse::Created().json(TicketCreated { reference: rules::reference(&ticket.id), id: ticket.id }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TicketSummary {
    pub id: String,
    pub reference: String,
    pub category: Category,
    pub subject: String,
    pub name: String,
    pub email: String,
    pub status: Status,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    /// Answers sent so far.
    pub answers: i64,
    /// The person was signed in (their account is attached).
    pub from_account: bool,
    #[serde(with = "crate::http::utc")]
    pub created_at: chrono::NaiveDateTime,
    #[serde(with = "crate::http::utc")]
    pub updated_at: chrono::NaiveDateTime,
}

crate::paged!(
    /// A page of the support queue.
    TicketPage,
    TicketSummary
);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// `open` (default), `closed` or `all`.
    #[param(max_length = 10)]
    pub status: Option<String>,
    #[param(inline)]
    pub category: Option<Category>,
    /// `me`: the tickets assigned to me; `none`: nobody's yet.
    #[param(max_length = 10)]
    pub assignee: Option<String>,
}

fn summary(t: Ticket, answers: i64, names: &std::collections::HashMap<String, (String, String)>) -> TicketSummary {
    TicketSummary {
        reference: rules::reference(&t.id),
        category: Category::parse(&t.category).unwrap_or(Category::Other),
        status: t.status,
        assignee_name: t.assignee_id.as_ref().and_then(|a| names.get(a)).map(|(n, _)| n.clone()),
        from_account: t.user_id.is_some(),
        answers,
        id: t.id,
        subject: t.subject,
        name: t.name,
        email: t.email,
        assignee_id: t.assignee_id,
        created_at: t.created_at,
        updated_at: t.updated_at,
    }
}

/// The support queue, newest first, paged.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(TicketQuery, crate::http::paging::PageQuery), responses((status = 200, body = TicketPage), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody)))]
#[get("/admin/support/tickets")]
pub async fn list_tickets(
    state: web::Data<AppState>,
    admin: Admin,
    query: web::Query<TicketQuery>,
    paging: web::Query<crate::http::paging::PageQuery>,
) -> AppResult<web::Json<TicketPage>> {
    let qy = query.into_inner();
    let status = match qy.status.as_deref() {
        None | Some("open") => Some(Status::Open),
        Some("closed") => Some(Status::Closed),
        Some("all") => None,
        Some(_) => return Err(AppError::field("status", "Statut attendu : open, closed ou all.")),
    };
    let (assignee_id, unassigned) = match qy.assignee.as_deref() {
        None | Some("") => (None, false),
        Some("me") => (Some(admin.0.id.clone()), false),
        Some("none") => (None, true),
        Some(_) => return Err(AppError::field("assignee", "Attendu : me ou none.")),
    };
    let p = paging.into_inner().paging();
    let filter = q::Filter { status, category: qy.category.map(|c| c.as_str().to_owned()), assignee_id: assignee_id.map(String::from), unassigned };
    let (items, total) = state
        .run(move |conn| {
            let (rows, total) = q::list(conn, &filter, p.limit(), p.offset())?;
            let ids: Vec<String> = rows.iter().filter_map(|(t, _)| t.assignee_id.clone()).collect();
            let names = q::names(conn, &ids)?;
            Ok((rows.into_iter().map(|(t, n)| summary(t, n, &names)).collect::<Vec<_>>(), total))
        })
        .await?;
    Ok(web::Json(TicketPage::of(items, total, p)))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TicketMessage {
    /// `null`: the person who wrote the ticket.
    pub author_id: Option<String>,
    pub author_name: String,
    pub body: String,
    #[serde(with = "crate::http::utc")]
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub summary: TicketSummary,
    pub message: String,
    pub page: String,
    /// The account it came from, when the person was signed in.
    pub account_id: Option<String>,
    pub account_role: Option<String>,
    /// The first message, then the answers, oldest first.
    pub messages: Vec<TicketMessage>,
    #[serde(default, with = "crate::http::utc::option")]
    pub closed_at: Option<chrono::NaiveDateTime>,
}

fn detail(conn: &mut crate::db::AnyConnection, t: Ticket) -> AppResult<TicketDetail> {
    let messages = q::messages(conn, &t.id)?;
    let mut ids: Vec<String> = messages.iter().filter_map(|m| m.author_id.clone()).collect();
    ids.extend(t.assignee_id.clone());
    ids.extend(t.user_id.clone());
    let names = q::names(conn, &ids)?;
    let answers = messages.iter().filter(|m| m.author_id.is_some()).count() as i64;
    let mut thread = vec![TicketMessage { author_id: None, author_name: t.name.clone(), body: t.message.clone(), created_at: t.created_at }];
    thread.extend(messages.into_iter().map(|m| TicketMessage {
        author_name: m.author_id.as_ref().and_then(|a| names.get(a)).map(|(n, _)| n.clone()).unwrap_or_default(),
        author_id: m.author_id,
        body: m.body,
        created_at: m.created_at,
    }));
    Ok(TicketDetail {
        message: t.message.clone(),
        page: t.page.clone(),
        account_role: t.user_id.as_ref().and_then(|u| names.get(u)).map(|(_, r)| r.clone()),
        account_id: t.user_id.clone(),
        closed_at: t.closed_at,
        messages: thread,
        summary: summary(t, answers, &names),
    })
}

/// One ticket with its thread and the account it came from.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(("ticket_id" = String, Path, max_length = 64)), responses((status = 200, body = TicketDetail), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody)))]
#[get("/admin/support/tickets/{ticket_id}")]
pub async fn get_ticket(state: web::Data<AppState>, _admin: Admin, id: web::Path<String>) -> AppResult<web::Json<TicketDetail>> {
    Ok(web::Json(
        state
            .run(move |conn| {
                let t = service::load(conn, &id)?;
                detail(conn, t)
            })
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The admin in charge; `null` takes the ticket for yourself.
    pub assignee_id: Option<String>,
}

/// Assigns the ticket to an admin (yourself by default).
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("ticket_id" = String, Path, max_length = 64)),
    request_body = AssignRequest,
    responses((status = 200, body = TicketDetail), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[post("/admin/support/tickets/{ticket_id}/assignee")]
pub async fn assign_ticket(
    state: web::Data<AppState>,
    admin: Admin,
    id: web::Path<String>,
    body: web::Json<AssignRequest>,
) -> AppResult<web::Json<TicketDetail>> {
    let assignee = body.into_inner().assignee_id.unwrap_or(admin.0.id.into());
    let now = state.clock.now();
    Ok(web::Json(
        state
            .run(move |conn| {
                let t = service::assign(conn, &id, Some(&assignee), now)?;
                detail(conn, t)
            })
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    pub body: String,
    /// Close the ticket with this answer.
    #[serde(default)]
    pub close: bool,
}

/// Answers the person by e-mail from the product (the answer is kept with the ticket).
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("ticket_id" = String, Path, max_length = 64)),
    request_body = ReplyRequest,
    responses((status = 201, body = TicketDetail), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[post("/admin/support/tickets/{ticket_id}/replies")]
pub async fn reply_ticket(state: web::Data<AppState>, admin: Admin, id: web::Path<String>, body: web::Json<ReplyRequest>) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let now = state.clock.now();
    let public_url = state.config.public_url.clone();
    let user = admin.0;
    let d = state
        .run(move |conn| {
            let t = service::reply(conn, &user, &id, &b.body, b.close, now, &public_url)?;
            detail(conn, t)
        })
        .await?;
    Ok(HttpResponse::Created().json(d))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketStatusRequest {
    pub status: Status,
}

/// Closes or reopens the ticket.
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("ticket_id" = String, Path, max_length = 64)),
    request_body = TicketStatusRequest,
    responses((status = 200, body = TicketDetail), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[put("/admin/support/tickets/{ticket_id}/status")]
pub async fn set_ticket_status(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<String>,
    body: web::Json<TicketStatusRequest>,
) -> AppResult<web::Json<TicketDetail>> {
    let status = body.into_inner().status;
    let now = state.clock.now();
    Ok(web::Json(
        state
            .run(move |conn| {
                let t = service::set_status(conn, &id, status, now)?;
                detail(conn, t)
            })
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(open_ticket).service(list_tickets).service(get_ticket).service(assign_ticket).service(reply_ticket).service(set_ticket_status);
}
