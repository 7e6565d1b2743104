//! HTTP face of the applications domain.

use crate::ids::{ApplicationId, ClassId, OfferId, OrganisationId, PupilId};
use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Application;
use super::queries;
use super::rules::{Status, FAR_FROM_HOME_KM};
use super::service::{self, Settings};
use crate::auth::{CurrentUser, Host, Pupil as PupilUser};
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::pupils::rules::Cv;
use crate::schools::rules::IsoWeek;
use crate::state::AppState;

fn settings(state: &AppState) -> Settings {
    Settings { expiry_days: state.config.application_expiry_days, public_url: state.config.public_url.clone() }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyRequest {
    /// Weeks of the offer inside the pupil's internship period.
    pub weeks: Vec<IsoWeek>,
    /// Why this internship (the CV comes from the profile).
    #[schema(max_length = 2000)]
    pub motivation: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    /// Shown to the pupil, as text.
    #[schema(max_length = 1000)]
    pub reason: String,
}

/// An application as its pupil reads it: the offer's side (organisation, town, next step). The
/// host reads the same application as a `HostApplication` (the pupil's side); the shared fields
/// (`id`, `offer_id`, `offer_title`, `status`, `weeks`, `motivation`, `reason`, `submitted_at`,
/// `expires_at`) have the same names, types and meaning in both.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PupilApplication {
    pub id: String,
    pub offer_id: String,
    pub offer_title: String,
    pub organisation_name: String,
    pub city: String,
    pub status: Status,
    pub weeks: Vec<IsoWeek>,
    pub motivation: String,
    /// The host's reason (rejection, cancellation), shown as text.
    pub reason: Option<String>,
    #[serde(with = "crate::http::utc")]
    pub submitted_at: chrono::NaiveDateTime,
    #[serde(default, with = "crate::http::utc::option")]
    pub answered_at: Option<chrono::NaiveDateTime>,
    #[serde(default, with = "crate::http::utc::option")]
    pub confirmed_at: Option<chrono::NaiveDateTime>,
    /// When it expires without an answer (or without confirmation once accepted).
    #[serde(default, with = "crate::http::utc::option")]
    pub expires_at: Option<chrono::NaiveDateTime>,
    /// What happens next, for the pupil.
    pub next_step: String,
}

fn next_step(s: Status) -> &'static str {
    match s {
        Status::Submitted => "L'organisme n'a pas encore ouvert ta candidature.",
        Status::Read => "L'organisme a lu ta candidature et va répondre.",
        Status::Accepted => "Acceptée ! Confirme ce stage : tes autres candidatures sur les mêmes semaines seront retirées.",
        Status::Confirmed => "Stage confirmé. La convention sera à signer en ligne.",
        Status::Rejected => "Candidature non retenue.",
        Status::CancelledByPupil => "Tu as annulé cette candidature.",
        Status::CancelledByHost => "L'organisme a annulé ce stage.",
        Status::Withdrawn => "Retirée : tu as confirmé un autre stage sur ces semaines.",
        Status::Expired => "Expirée : pas de réponse à temps.",
        Status::YearClosed => "Close : l'année scolaire est terminée.",
    }
}

fn responses(conn: &mut AnyConnection, apps: Vec<Application>) -> AppResult<Vec<PupilApplication>> {
    let ids: Vec<OfferId> = apps.iter().map(|a| a.offer_id.clone()).collect();
    let offers: HashMap<OfferId, crate::offers::model::Offer> = crate::offers::load_many(conn, &ids)?.into_iter().map(|o| (o.id.clone(), o)).collect();
    let org_ids: Vec<OrganisationId> = offers.values().map(|o| o.organisation_id.clone()).collect();
    let orgs = crate::offers::organisation_names(conn, &org_ids)?;
    Ok(apps
        .into_iter()
        .map(|a| {
            let o = offers.get(&a.offer_id);
            PupilApplication {
                offer_title: o.map(|o| o.title.clone()).unwrap_or_default(),
                organisation_name: o.and_then(|o| orgs.get(&o.organisation_id).cloned()).unwrap_or_default(),
                city: o.map(|o| o.city.clone()).unwrap_or_default(),
                status: a.status,
                weeks: a.weeks(),
                next_step: next_step(a.status).to_owned(),
                id: a.id.into(),
                offer_id: a.offer_id.into(),
                motivation: a.motivation,
                reason: a.reason,
                submitted_at: a.submitted_at,
                answered_at: a.answered_at,
                confirmed_at: a.confirmed_at,
                expires_at: a.expires_at,
            }
        })
        .collect())
}

fn one(conn: &mut AnyConnection, a: Application) -> AppResult<PupilApplication> {
    responses(conn, vec![a])?.pop().ok_or_else(AppError::internal)
}

/// A pupil applies to an offer for some of its weeks. Applying again with the same weeks
/// returns the first application (200) instead of a second one.
#[utoipa::path(
    tag = "Applications",
    security(("bearer" = [])),
    params(("offer_id" = String, Path, max_length = 64)),
    request_body = ApplyRequest,
    responses(
        (status = 201, body = PupilApplication),
        (status = 200, description = "Already applied with these weeks", body = PupilApplication),
        (status = 409, description = "`ALREADY_APPLIED`, `WRONG_GRADE_FAMILY` (`APPLICATIONS_NOT_OPEN`, `APPLY_ON_PARTNER_SITE`, `YEAR_CLOSED`)", body = ErrorBody), (status = 403, description = "Not allowed (`CONSENT_REQUIRED`, `FORBIDDEN`, `NOT_ENROLLED`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[post("/offers/{offer_id}/applications")]
pub async fn apply(state: web::Data<AppState>, user: PupilUser, offer_id: web::Path<OfferId>, body: web::Json<ApplyRequest>) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let offer_id = offer_id.into_inner();
    let s = settings(&state);
    let now = state.clock.now();
    let (resp, created) = state
        .run(move |conn| {
            crate::campaigns::service::may_apply(conn, &offer_id, now)?;
            let (a, created) = service::apply(conn, &user.0, &offer_id, &b.weeks, &b.motivation, &s)?;
            Ok((one(conn, a)?, created))
        })
        .await?;
    Ok(if created { HttpResponse::Created().json(resp) } else { HttpResponse::Ok().json(resp) })
}

/// The pupil's applications, newest first, with what happens next.
#[utoipa::path(tag = "Applications", security(("bearer" = [])), responses((status = 200, body = Vec<PupilApplication>)))]
#[get("/pupils/me/applications")]
pub async fn my_applications(state: web::Data<AppState>, user: PupilUser) -> AppResult<web::Json<Vec<PupilApplication>>> {
    Ok(web::Json(
        state
            .run(move |conn| {
                let apps = queries::of_pupil(conn, &user.0.id)?;
                responses(conn, apps)
            })
            .await?,
    ))
}

/// One of the pupil's own applications, as their list shows it (another pupil's: 404, its
/// existence is not theirs to know).
#[utoipa::path(tag = "Applications", security(("bearer" = [])), params(("application_id" = String, Path, max_length = 64)), responses((status = 200, body = PupilApplication), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody)))]
#[get("/pupils/me/applications/{application_id}")]
pub async fn my_application(state: web::Data<AppState>, user: PupilUser, id: web::Path<ApplicationId>) -> AppResult<web::Json<PupilApplication>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .run(move |conn| {
                let (a, _) = service::load_for_pupil(conn, &id, &user.0)?;
                one(conn, a)
            })
            .await?,
    ))
}

macro_rules! pupil_action {
    ($name:ident, $path:literal, $doc:literal, $conflicts:literal, $call:path) => {
        #[doc = $doc]
        #[utoipa::path(tag = "Applications", security(("bearer" = [])), params(("application_id" = String, Path, max_length = 64)), responses((status = 200, body = PupilApplication), (status = 409, description = $conflicts, body = ErrorBody)))]
        #[post($path)]
        pub async fn $name(state: web::Data<AppState>, user: PupilUser, id: web::Path<ApplicationId>) -> AppResult<web::Json<PupilApplication>> {
            let id = id.into_inner();
            let s = settings(&state);
            Ok(web::Json(
                state
                    .run(move |conn| {
                        let a = $call(conn, &id, &user.0, &s)?;
                        one(conn, a)
                    })
                    .await?,
            ))
        }
    };
}

pupil_action!(
    confirm_application,
    "/applications/{application_id}/confirm",
    "The pupil confirms an accepted application (409 `NO_PLACE_LEFT`, `WEEK_ALREADY_TAKEN`, `TOO_MANY_PLACEMENTS`, `APPLICATION_EXPIRED`).",
    "Not allowed in this state (`APPLICATION_CHANGED`, `APPLICATION_CLOSED`, `APPLICATION_EXPIRED`, `CONFLICT`, `NOT_ACCEPTED_YET`, `NO_PLACE_LEFT`, `SPLIT_NEEDS_APPROVAL`, `TOO_MANY_PLACEMENTS`, `TRANSITION_NOT_ALLOWED`, `WEEK_ALREADY_TAKEN`)",
    service::confirm
);
pupil_action!(
    cancel_application,
    "/applications/{application_id}/cancel",
    "The pupil cancels an application (a confirmed placement gives its place back).",
    "Not allowed in this state (`APPLICATION_CHANGED`, `APPLICATION_CLOSED`, `CONFLICT`, `TRANSITION_NOT_ALLOWED`)",
    service::cancel_by_pupil
);

/// An application as the host organisation reads it: the pupil's side (name, school, class,
/// motivation, CV, distance) and the agreement's progress. Its pupil reads it as a
/// `PupilApplication`.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct HostApplication {
    pub id: String,
    pub offer_id: String,
    pub offer_title: String,
    /// The host organisation (its colleagues to forward to).
    pub organisation_id: String,
    pub status: Status,
    pub weeks: Vec<IsoWeek>,
    pub pupil_first_name: String,
    pub pupil_last_name: String,
    pub school_name: String,
    pub class_name: String,
    pub motivation: String,
    pub cv: Cv,
    /// From the pupil's home, when known.
    pub distance_km: Option<f64>,
    /// More than 10 km from home: the host may send the standard travel message.
    pub far_from_home: bool,
    pub travel_message_sent: bool,
    pub reason: Option<String>,
    #[serde(with = "crate::http::utc")]
    pub submitted_at: chrono::NaiveDateTime,
    /// When a member of the host first opened it (unread: `null`).
    #[serde(default, with = "crate::http::utc::option")]
    pub read_at: Option<chrono::NaiveDateTime>,
    /// The clock that runs out: the host's answer (15 days), then the pupil's confirmation.
    #[serde(default, with = "crate::http::utc::option")]
    pub expires_at: Option<chrono::NaiveDateTime>,
    /// The agreement of a confirmed placement.
    pub agreement_id: Option<String>,
    /// Where that agreement stands, when there is one.
    pub agreement_status: Option<crate::agreements::rules::Status>,
    /// Whose action it awaits (to fill: host or school; to sign: those who have not).
    pub agreement_waiting_for: Vec<crate::agreements::rules::Party>,
}

fn host_views(conn: &mut AnyConnection, apps: Vec<Application>) -> AppResult<Vec<HostApplication>> {
    // Pupils, schools and classes of every application at once (an offer can have hundreds).
    let pupil_ids: Vec<PupilId> = apps.iter().map(|a| a.pupil_id.clone()).collect();
    let pupils: HashMap<PupilId, (crate::pupils::model::Pupil, crate::accounts::User)> =
        crate::pupils::with_users(conn, &pupil_ids)?.into_iter().map(|(p, u)| (p.user_id.clone(), (p, u))).collect();
    let uais: Vec<String> = apps.iter().map(|a| a.school_uai.clone()).collect();
    let schools: HashMap<String, String> = crate::reference::schools_by_uai(conn, &uais)?.into_iter().map(|s| (s.uai, s.name)).collect();
    let class_ids: Vec<ClassId> = pupils.values().map(|(p, _)| p.class_id.clone()).collect();
    let classes = crate::schools::class_names(conn, &class_ids)?;
    let mut offer_ids: Vec<OfferId> = apps.iter().map(|a| a.offer_id.clone()).collect();
    offer_ids.dedup();
    let titles: HashMap<OfferId, (String, OrganisationId)> =
        crate::offers::load_many(conn, &offer_ids)?.into_iter().map(|o| (o.id, (o.title, o.organisation_id))).collect();
    let confirmed: Vec<ApplicationId> = apps.iter().filter(|a| a.status == Status::Confirmed).map(|a| a.id.clone()).collect();
    let mut agreements = crate::agreements::of_applications(conn, &confirmed)?;
    Ok(apps
        .into_iter()
        .map(|a| {
            let pupil = pupils.get(&a.pupil_id);
            let agreement = agreements.remove(&a.id);
            HostApplication {
                agreement_id: agreement.as_ref().map(|(id, _, _)| id.to_string()),
                agreement_status: agreement.as_ref().map(|(_, status, _)| *status),
                agreement_waiting_for: agreement.map(|(_, _, waiting)| waiting).unwrap_or_default(),
                status: a.status,
                weeks: a.weeks(),
                pupil_first_name: pupil.map(|(_, u)| u.first_name.clone()).unwrap_or_default(),
                pupil_last_name: pupil.map(|(_, u)| u.last_name.clone()).unwrap_or_default(),
                school_name: schools.get(&a.school_uai).cloned().unwrap_or_default(),
                class_name: pupil.and_then(|(p, _)| classes.get(&p.class_id).cloned()).unwrap_or_default(),
                cv: pupil.and_then(|(p, _)| serde_json::from_str::<Cv>(&p.cv).ok()).unwrap_or_default(),
                far_from_home: a.distance_km.is_some_and(|d| d > FAR_FROM_HOME_KM),
                offer_title: titles.get(&a.offer_id).map(|t| t.0.clone()).unwrap_or_default(),
                organisation_id: titles.get(&a.offer_id).map(|t| t.1.to_string()).unwrap_or_default(),
                offer_id: a.offer_id.into(),
                id: a.id.into(),
                read_at: a.read_at,
                motivation: a.motivation,
                distance_km: a.distance_km,
                travel_message_sent: a.travel_message_sent,
                reason: a.reason,
                submitted_at: a.submitted_at,
                expires_at: a.expires_at,
            }
        })
        .collect())
}

/// The applications to one of the host's offers, oldest first.
#[utoipa::path(tag = "Applications", security(("bearer" = [])), params(("offer_id" = String, Path, max_length = 64)), responses((status = 200, body = Vec<HostApplication>), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/offers/{offer_id}/applications")]
pub async fn offer_applications(state: web::Data<AppState>, Host(user): Host, offer_id: web::Path<OfferId>) -> AppResult<web::Json<Vec<HostApplication>>> {
    let offer_id = offer_id.into_inner();
    let now = state.clock.now();
    Ok(web::Json(
        state
            .run(move |conn| {
                crate::offers::service::load_for_member(conn, &offer_id, &user, now)?;
                let apps = queries::of_offer(conn, &offer_id)?;
                for a in &apps {
                    crate::audit::record(conn, &user, crate::audit::Action::Read, crate::audit::Resource::Application, &a.id, &a.pupil_id, &a.school_uai)?;
                }
                host_views(conn, apps)
            })
            .await?,
    ))
}

/// The host's inbox: the open applications to every offer of the organisation, oldest first
/// (new ones have no `read_at`; `expires_at` is the 15-day clock).
#[utoipa::path(
    tag = "Applications",
    security(("bearer" = [])),
    params(("org_id" = String, Path, max_length = 64), InboxQuery),
    responses((status = 200, body = Vec<HostApplication>), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[get("/organisations/{org_id}/applications")]
pub async fn inbox(
    state: web::Data<AppState>,
    Host(user): Host,
    org_id: web::Path<OrganisationId>,
    query: web::Query<InboxQuery>,
) -> AppResult<web::Json<Vec<HostApplication>>> {
    let org_id = org_id.into_inner();
    let (open, confirmed) = match query.into_inner().status.unwrap_or(InboxStatus::Open) {
        InboxStatus::Open => (true, false),
        InboxStatus::Confirmed => (false, true),
        InboxStatus::All => (true, true),
    };
    Ok(web::Json(
        state
            .run(move |conn| {
                let apps = service::inbox(conn, &org_id, &user, confirmed, open)?;
                for a in &apps {
                    crate::audit::record(conn, &user, crate::audit::Action::Read, crate::audit::Resource::Application, &a.id, &a.pupil_id, &a.school_uai)?;
                }
                host_views(conn, apps)
            })
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// `open` (default: waiting for the host or the pupil), `confirmed` (placements), or `all`.
    #[param(inline)]
    pub status: Option<InboxStatus>,
}

#[derive(Deserialize, Serialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InboxStatus {
    Open,
    Confirmed,
    All,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRejectRequest {
    #[schema(max_items = 200)]
    pub application_ids: Vec<String>,
    /// One reason every pupil reads.
    #[schema(max_length = 1000)]
    pub reason: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct BatchAnswerResult {
    pub application_id: String,
    pub done: bool,
    pub status: Option<Status>,
    pub error: Option<ErrorBody>,
}

/// Refuses several applications at once with one reason; each succeeds or fails on its own.
#[utoipa::path(tag = "Applications", security(("bearer" = [])), request_body = BatchRejectRequest, responses((status = 200, body = Vec<BatchAnswerResult>)))]
#[post("/applications/reject-batch")]
pub async fn reject_batch(state: web::Data<AppState>, Host(user): Host, body: web::Json<BatchRejectRequest>) -> AppResult<web::Json<Vec<BatchAnswerResult>>> {
    let BatchRejectRequest { application_ids, reason } = body.into_inner();
    if application_ids.is_empty() || application_ids.len() > 200 {
        return Err(AppError::field("application_ids", "Entre 1 et 200 candidatures à la fois."));
    }
    let s = settings(&state);
    let ids = application_ids.clone();
    let results = state.run(move |conn| service::reject_many(conn, &ids, &user, &reason, &s)).await?;
    Ok(web::Json(
        application_ids
            .into_iter()
            .zip(results)
            .map(|(id, r)| match r {
                Ok(a) => BatchAnswerResult { application_id: id, done: true, status: Some(a.status), error: None },
                Err(e) => BatchAnswerResult { application_id: id, done: false, status: None, error: Some(e.body()) },
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForwardRequest {
    /// The colleague's account id (a member of the organisation; `member_id` is its former
    /// name, still read).
    #[schema(max_length = 64)]
    #[serde(alias = "member_id")]
    pub user_id: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub note: String,
}

/// A member passes an application on to a colleague of the organisation (an e-mail with its link).
#[utoipa::path(
    tag = "Applications",
    security(("bearer" = [])),
    params(("application_id" = String, Path, max_length = 64)),
    request_body = ForwardRequest,
    responses((status = 204, description = "Sent"), (status = 422, description = "Not a colleague (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[post("/applications/{application_id}/forward")]
pub async fn forward(state: web::Data<AppState>, Host(user): Host, id: web::Path<ApplicationId>, body: web::Json<ForwardRequest>) -> AppResult<HttpResponse> {
    let (id, b) = (id.into_inner(), body.into_inner());
    let s = settings(&state);
    state.run(move |conn| service::forward(conn, &id, &user, &b.user_id, &b.note, &s)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One application for the host: opening it marks it read.
#[utoipa::path(tag = "Applications", security(("bearer" = [])), params(("application_id" = String, Path, max_length = 64)), responses((status = 200, body = HostApplication), (status = 403, description = "Not allowed (`FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/applications/{application_id}")]
pub async fn host_application(state: web::Data<AppState>, Host(user): Host, id: web::Path<ApplicationId>) -> AppResult<web::Json<HostApplication>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .run(move |conn| {
                let (a, _) = service::load_for_host(conn, &id, &user)?;
                crate::audit::record(conn, &user, crate::audit::Action::Read, crate::audit::Resource::Application, &a.id, &a.pupil_id, &a.school_uai)?;
                let a = service::read(conn, &a)?;
                host_views(conn, vec![a])?.pop().ok_or_else(AppError::internal)
            })
            .await?,
    ))
}

type HostStep = Box<dyn FnOnce(&mut AnyConnection, &CurrentUser, &Settings) -> AppResult<Application> + Send>;

/// Runs a host's answer and returns the application as the host sees it.
async fn host_answer(state: &AppState, user: CurrentUser, work: HostStep) -> AppResult<web::Json<HostApplication>> {
    let s = settings(state);
    Ok(web::Json(
        state
            .run(move |conn| {
                let a = work(conn, &user, &s)?;
                host_views(conn, vec![a])?.pop().ok_or_else(AppError::internal)
            })
            .await?,
    ))
}

/// The host accepts (409 `NO_PLACE_LEFT` when the weeks are full, `APPLICATION_EXPIRED`).
#[utoipa::path(tag = "Applications", security(("bearer" = [])), params(("application_id" = String, Path, max_length = 64)), responses((status = 200, body = HostApplication), (status = 409, description = "Not allowed now (`APPLICATION_CLOSED`, `APPLICATION_EXPIRED`, `NO_PLACE_LEFT`, `TRANSITION_NOT_ALLOWED`)", body = ErrorBody), (status = 403, description = "Not allowed (`FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[post("/applications/{application_id}/accept")]
pub async fn accept(state: web::Data<AppState>, Host(user): Host, id: web::Path<ApplicationId>) -> AppResult<web::Json<HostApplication>> {
    let id = id.into_inner();
    host_answer(&state, user, Box::new(move |conn, user, s| service::accept(conn, &id, user, s))).await
}

/// The host rejects, with a reason the pupil reads.
#[utoipa::path(tag = "Applications", security(("bearer" = [])), params(("application_id" = String, Path, max_length = 64)), request_body = ReasonRequest, responses((status = 200, body = HostApplication)))]
#[post("/applications/{application_id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    Host(user): Host,
    id: web::Path<ApplicationId>,
    body: web::Json<ReasonRequest>,
) -> AppResult<web::Json<HostApplication>> {
    let (id, reason) = (id.into_inner(), body.into_inner().reason);
    host_answer(&state, user, Box::new(move |conn, user, s| service::reject(conn, &id, user, &reason, s))).await
}

/// The host cancels an accepted or confirmed internship, with a reason.
#[utoipa::path(tag = "Applications", security(("bearer" = [])), params(("application_id" = String, Path, max_length = 64)), request_body = ReasonRequest, responses((status = 200, body = HostApplication)))]
#[post("/applications/{application_id}/cancel-by-host")]
pub async fn cancel_by_host(
    state: web::Data<AppState>,
    Host(user): Host,
    id: web::Path<ApplicationId>,
    body: web::Json<ReasonRequest>,
) -> AppResult<web::Json<HostApplication>> {
    let (id, reason) = (id.into_inner(), body.into_inner().reason);
    host_answer(&state, user, Box::new(move |conn, user, s| service::cancel_by_host(conn, &id, user, &reason, s))).await
}

/// Sends the guide's standard question about distance and lodging to a pupil living more
/// than 10 km away (once).
#[utoipa::path(tag = "Applications", security(("bearer" = [])), params(("application_id" = String, Path, max_length = 64)), responses((status = 204, description = "Sent"), (status = 409, description = "Conflicts with the current state (`ALREADY_EXISTS`, `ALREADY_SENT`, `CONFLICT`)", body = ErrorBody)))]
#[post("/applications/{application_id}/travel-message")]
pub async fn travel_message(state: web::Data<AppState>, Host(user): Host, id: web::Path<ApplicationId>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let s = settings(&state);
    state.run(move |conn| service::travel_message(conn, &id, &user, &s)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A pupil's applications, for the staff who follow them.
#[utoipa::path(
    tag = "Applications",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    responses((status = 200, body = Vec<PupilApplication>), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[get("/schools/{uai}/pupils/{pupil_id}/applications")]
pub async fn pupil_applications(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, PupilId)>,
) -> AppResult<web::Json<Vec<PupilApplication>>> {
    let (uai, pupil_id) = path.into_inner();
    Ok(web::Json(
        state
            .run(move |conn| {
                let (pupil, _, _) = crate::pupils::followed_pupil(conn, &uai, &user, &pupil_id)?;
                // Only what the pupil did as a pupil of this school: a change of school carries
                // no history to the new one.
                let apps = queries::of_pupil(conn, &pupil_id)?.into_iter().filter(|a| a.school_uai == pupil.school_uai).collect();
                responses(conn, apps)
            })
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(apply)
        .service(my_applications)
        .service(my_application)
        .service(confirm_application)
        .service(cancel_application)
        .service(offer_applications)
        .service(inbox)
        .service(reject_batch)
        .service(forward)
        .service(host_application)
        .service(accept)
        .service(reject)
        .service(cancel_by_host)
        .service(travel_message)
        .service(pupil_applications);
}
