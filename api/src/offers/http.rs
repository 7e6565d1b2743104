//! HTTP face of the offers domain: hosts' offers, search, moderation.

use crate::ids::{OfferId, OrganisationId};
use std::collections::HashMap;

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{Offer, OfferReport, OfferWeek};
use super::moderation::{self, Decision};
use super::queries;
use super::rules::{DaySchedule, GroupMode, Lunch, OfferAction, OfferStatus, PAGE_SIZE};
use super::search::{self, SearchRequest};
use super::service::{self, OfferInput};
use crate::auth::{Admin, CurrentUser, Host, MaybeUser};
use crate::db::idempotency;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::http::paging::PageQuery;
use crate::schools::rules::{Grade, GradeFamily, IsoWeek, SchoolYear};
use crate::state::AppState;

#[derive(Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct OfferRequest {
    #[schema(example = "2026-2027", max_length = 9)]
    pub school_year: String,
    /// Clear and short (150 characters at most).
    #[schema(example = "Découvrir les métiers de l'électricité", max_length = 150)]
    pub title: String,
    #[schema(max_length = 1500)]
    pub description: String,
    #[schema(example = "s10", max_length = 16)]
    pub sector_id: String,
    /// Jobs the pupil will observe.
    #[schema(example = "Électricien, chef de chantier", max_length = 500)]
    pub jobs: String,
    #[schema(max_length = 1500)]
    #[serde(default)]
    pub activities: String,
    #[schema(example = "12 rue de la République", max_length = 300)]
    pub address: String,
    #[schema(example = "42000", max_length = 5)]
    pub postal_code: String,
    #[schema(example = "Saint-Étienne", max_length = 100)]
    pub city: String,
    /// Exact position; otherwise the commune's (offline geocoding).
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[schema(max_length = 200)]
    pub tutor_name: String,
    #[schema(max_length = 200)]
    pub tutor_function: String,
    #[schema(max_length = 254)]
    pub tutor_email: String,
    #[schema(max_length = 32)]
    pub tutor_phone: String,
    /// All of collège (quatrième, troisième) or lycée (seconde), never both.
    pub grades: Vec<Grade>,
    /// ISO weeks; for seconde, one or both national weeks.
    #[serde(default)]
    pub weeks: Vec<IsoWeek>,
    #[schema(minimum = 1, maximum = 200)]
    pub places_per_week: i32,
    pub group_mode: GroupMode,
    /// UAIs of the schools the offer is reserved to (none: open to all).
    #[serde(default)]
    pub reserved_schools: Vec<String>,
    /// Only for pupils of REP/REP+ schools (or with a derogation).
    #[serde(default)]
    pub rep_only: bool,
    pub schedule: Vec<DaySchedule>,
    pub lunch: Lunch,
    #[schema(max_length = 1000)]
    #[serde(default)]
    pub accessibility: String,
    #[schema(max_length = 1500)]
    #[serde(default)]
    pub practical_info: String,
    /// Seconde, both national weeks: pupils take the two weeks only (the guide's preferred
    /// form); `false`: one or two weeks.
    #[serde(default)]
    pub two_weeks_only: bool,
}

impl From<OfferRequest> for OfferInput {
    fn from(r: OfferRequest) -> Self {
        OfferInput {
            school_year: r.school_year,
            title: r.title,
            description: r.description,
            sector_id: r.sector_id,
            jobs: r.jobs,
            activities: r.activities,
            address: r.address,
            postal_code: r.postal_code,
            city: r.city,
            latitude: r.latitude,
            longitude: r.longitude,
            tutor_name: r.tutor_name,
            tutor_function: r.tutor_function,
            tutor_email: r.tutor_email,
            tutor_phone: r.tutor_phone,
            grades: r.grades,
            weeks: r.weeks,
            places_per_week: r.places_per_week,
            group_mode: r.group_mode,
            reserved_schools: r.reserved_schools,
            rep_only: r.rep_only,
            schedule: r.schedule,
            lunch: r.lunch,
            accessibility: r.accessibility,
            practical_info: r.practical_info,
            two_weeks_only: r.two_weeks_only,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct WeekPlaces {
    pub week: IsoWeek,
    pub places: i32,
    /// Pupils confirmed this week.
    pub confirmed: i32,
    pub places_left: i32,
}

fn week_places(w: &OfferWeek) -> WeekPlaces {
    WeekPlaces {
        week: IsoWeek { year: w.iso_year, week: w.iso_week as u32 },
        places: w.places,
        confirmed: w.confirmed,
        places_left: (w.places - w.confirmed).max(0),
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SectorRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct OfferResponse {
    pub id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub status: OfferStatus,
    /// Hidden by a moderator.
    pub hidden: bool,
    pub school_year: String,
    pub grade_family: GradeFamily,
    pub grades: Vec<Grade>,
    pub title: String,
    pub description: String,
    pub sector: SectorRef,
    pub jobs: String,
    pub activities: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    pub tutor_name: String,
    pub tutor_function: String,
    /// The tutor's contacts: for the organisation's members only.
    pub tutor_email: Option<String>,
    pub tutor_phone: Option<String>,
    pub weeks: Vec<WeekPlaces>,
    pub places_per_week: i32,
    pub group_mode: GroupMode,
    pub reserved_schools: Vec<String>,
    pub rep_only: bool,
    pub schedule: Vec<DaySchedule>,
    pub lunch: Lunch,
    pub accessibility: String,
    pub practical_info: String,
    pub renewed_from: Option<String>,
    #[serde(default, with = "crate::http::utc::option")]
    pub published_at: Option<chrono::NaiveDateTime>,
    #[serde(with = "crate::http::utc")]
    pub updated_at: chrono::NaiveDateTime,
    /// Whether the caller manages this offer.
    pub mine: bool,
    /// A partner association's offer: pupils apply on the partner's site through this link
    /// (the click is counted).
    pub partner_link: Option<String>,
    /// Seconde: pupils take the two weeks only (not one of them).
    pub two_weeks_only: bool,
}

fn offer_response(o: Offer, org_name: String, sector_name: String, weeks: &[OfferWeek], reserved: Vec<String>, mine: bool) -> OfferResponse {
    let family = if o.grade_family == "lycee" { GradeFamily::Lycee } else { GradeFamily::College };
    let tutor = o.tutor();
    OfferResponse {
        status: o.status,
        grades: service::grades_of(family),
        grade_family: family,
        sector: SectorRef { id: o.sector_id.clone(), name: sector_name },
        weeks: weeks.iter().map(week_places).collect(),
        group_mode: GroupMode::parse(&o.group_mode),
        schedule: serde_json::from_str(&o.schedule).unwrap_or_default(),
        lunch: Lunch::parse(&o.lunch),
        tutor_email: mine.then_some(tutor.email),
        tutor_phone: mine.then_some(tutor.phone),
        tutor_name: tutor.name,
        tutor_function: tutor.function,
        reserved_schools: if mine { reserved } else { Vec::new() },
        id: o.id.into(),
        organisation_id: o.organisation_id.into(),
        organisation_name: org_name,
        hidden: o.hidden,
        school_year: o.school_year,
        title: o.title,
        description: o.description,
        jobs: o.jobs,
        activities: o.activities,
        address: o.address,
        postal_code: o.postal_code,
        city: o.city,
        latitude: o.latitude,
        longitude: o.longitude,
        places_per_week: o.places_per_week,
        rep_only: o.rep_only,
        accessibility: o.accessibility,
        practical_info: o.practical_info,
        renewed_from: o.renewed_from.map(String::from),
        published_at: o.published_at,
        updated_at: o.updated_at,
        mine,
        partner_link: None,
        two_weeks_only: false,
    }
}

/// A partner offer: the pupil visits the employer; the association publishes for it.
fn partner_display_name(employer: &str, association: &str) -> String {
    format!("{employer} (avec {association})")
}

fn full_response(conn: &mut crate::db::AnyConnection, o: Offer, mine: bool) -> AppResult<OfferResponse> {
    let reserved = queries::reserved_schools(conn, &o.id)?;
    response_with(conn, o, reserved, mine)
}

/// `full_response` for a caller that already read the reserved schools.
fn response_with(conn: &mut crate::db::AnyConnection, o: Offer, reserved: Vec<String>, mine: bool) -> AppResult<OfferResponse> {
    let weeks = queries::weeks(conn, &o.id)?;
    let names = queries::page_names(conn, &o)?;
    let mut org = names.organisation.unwrap_or_default();
    let sector = names.sector.unwrap_or_default();
    let employer = names.partner_body.as_deref().and_then(crate::partners::employer_name);
    let partner_link = employer.as_ref().map(|_| format!("/api/v1/offers/{}/partner-link", o.id));
    if let Some(employer) = employer {
        org = partner_display_name(&employer, &org);
    }
    let two_weeks_only = queries::two_weeks_only(conn, &o.id)?;
    let mut r = offer_response(o, org, sector, &weeks, reserved, mine);
    r.partner_link = partner_link;
    r.two_weeks_only = two_weeks_only;
    Ok(r)
}

fn json_answer<T: Serialize>(status: u16, body: &T) -> AppResult<idempotency::Answer> {
    Ok((status, serde_json::to_string(body).map_err(|_| AppError::internal())?))
}

fn replay(answer: idempotency::Answer) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(answer.0).unwrap_or(actix_web::http::StatusCode::OK);
    HttpResponse::build(status).content_type("application/json").body(answer.1)
}

fn idempotency_key(req: &HttpRequest) -> Option<String> {
    req.headers().get("Idempotency-Key").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// A host creates an offer (a draft) for their organisation. Send an `Idempotency-Key`
/// header: a double click returns the first offer instead of making a second one.
#[utoipa::path(
    tag = "Offers",
    security(("bearer" = [])),
    params(("org_id" = String, Path, max_length = 64), ("Idempotency-Key" = Option<String>, Header, max_length = 100)),
    request_body = OfferRequest,
    responses((status = 201, body = OfferResponse), (status = 422, description = "Invalid field values (`IDEMPOTENCY_KEY_REUSED`, `VALIDATION_ERROR`, `WEEKS_PAST`)", body = ErrorBody))
)]
#[post("/organisations/{org_id}/offers")]
pub async fn create_offer(
    state: web::Data<AppState>,
    req: HttpRequest,
    Host(user): Host,
    org_id: web::Path<OrganisationId>,
    body: web::Json<OfferRequest>,
) -> AppResult<HttpResponse> {
    let key = idempotency_key(&req);
    let input: OfferInput = body.into_inner().into();
    let org_id = org_id.into_inner();
    let answer = state
        .run(move |conn| {
            let org = crate::organisations::service::load_for(conn, &org_id, &user)?;
            let request = format!("{input:?}");
            idempotency::once(conn, &user.id, key.as_deref(), &format!("create_offer:{}", org.id), &request, |conn| {
                let offer = service::create(conn, &user, &org, &input)?;
                json_answer(201, &full_response(conn, offer, true)?)
            })
        })
        .await?;
    Ok(replay(answer))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MyOffer {
    pub id: String,
    pub title: String,
    pub status: OfferStatus,
    pub hidden: bool,
    pub school_year: String,
    pub grade_family: GradeFamily,
    pub city: String,
    pub weeks: Vec<WeekPlaces>,
    /// Places left over all weeks.
    pub places_left: i32,
    /// Applications received.
    pub applications: i64,
    #[serde(with = "crate::http::utc")]
    pub updated_at: chrono::NaiveDateTime,
}

/// The organisation's offers (deleted ones left out), with places left and applications.
#[utoipa::path(tag = "Offers", security(("bearer" = [])), params(("org_id" = String, Path, max_length = 64)), responses((status = 200, body = Vec<MyOffer>), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/organisations/{org_id}/offers")]
pub async fn organisation_offers(state: web::Data<AppState>, Host(user): Host, org_id: web::Path<OrganisationId>) -> AppResult<web::Json<Vec<MyOffer>>> {
    let org_id = org_id.into_inner();
    let rows = state
        .run(move |conn| {
            crate::organisations::service::load_for(conn, &org_id, &user)?;
            let offers = queries::of_organisation(conn, &org_id)?;
            let ids: Vec<OfferId> = offers.iter().map(|o| o.id.clone()).collect();
            let weeks = queries::weeks_of(conn, &ids)?;
            let applications = crate::applications::count_by_offer(conn, &ids)?;
            Ok(offers
                .into_iter()
                .map(|o| {
                    let w: Vec<WeekPlaces> = weeks.get(&o.id).map(|ws| ws.iter().map(week_places).collect()).unwrap_or_default();
                    MyOffer {
                        places_left: w.iter().map(|x| x.places_left).sum(),
                        weeks: w,
                        status: o.status,
                        grade_family: if o.grade_family == "lycee" { GradeFamily::Lycee } else { GradeFamily::College },
                        applications: applications.get(&o.id).copied().unwrap_or(0),
                        id: o.id.into(),
                        title: o.title,
                        hidden: o.hidden,
                        school_year: o.school_year,
                        city: o.city,
                        updated_at: o.updated_at,
                    }
                })
                .collect())
        })
        .await?;
    Ok(web::Json(rows))
}

/// An offer. Published offers are public (except those reserved to other schools or to
/// priority education); members of the organisation see theirs in any state.
#[utoipa::path(tag = "Offers", params(("offer_id" = String, Path, max_length = 64)), responses((status = 200, body = OfferResponse)))]
#[get("/offers/{offer_id}")]
pub async fn get_offer(state: web::Data<AppState>, user: MaybeUser, id: web::Path<OfferId>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let now = state.clock.now();
    // Visitors and pupils (never members of a host) see the same page of an offer open to all:
    // it is shared for a few seconds. Members and admins always read it fresh.
    let shareable = user.0.as_ref().is_none_or(|u| u.role == crate::auth::Role::Student);
    let key = format!("offer|{id}");
    if shareable {
        if let Some(b) = state.cache.get(&key) {
            return Ok(cached_json(b, true));
        }
    }
    let cache = state.cache.clone();
    let body = state
        .run(move |conn| {
            let offer = queries::find(conn, &id)?.ok_or_else(|| AppError::not_found("Offre introuvable."))?;
            // Pupils are never members of a host: no need to ask.
            let member = match &user.0 {
                Some(u) if u.role == crate::auth::Role::Admin => true,
                Some(u) if u.role != crate::auth::Role::Student => crate::organisations::is_member(conn, &offer.organisation_id, &u.id)?,
                _ => false,
            };
            let reserved = queries::reserved_schools(conn, &offer.id)?;
            let mut open_to_all = false;
            if !member {
                if !search::visible_offer(conn, user.0.as_ref(), &offer, &reserved, now)? {
                    return Err(AppError::not_found("Offre introuvable ou plus disponible."));
                }
                open_to_all = !offer.rep_only && reserved.is_empty();
            }
            let out = response_with(conn, offer, reserved, member)?;
            let b = web::Bytes::from(serde_json::to_vec(&out).map_err(|_| AppError::internal())?);
            if shareable && open_to_all {
                cache.put(key, b.clone());
            }
            Ok(b)
        })
        .await?;
    Ok(cached_json(body, false))
}

/// Far from home: for a pupil, how far the offer is from home (else from their school) and, past
/// 10 km, the guide's message about the journey and lodging; for everyone, the boarding houses
/// (internats) near the offer that take internship pupils, when the reference data holds some.
#[utoipa::path(
    tag = "Offers",
    params(("offer_id" = String, Path, max_length = 64)),
    responses((status = 200, body = super::lodging::Lodging), (status = 404, description = "Not found, or not open to the viewer (`NOT_FOUND`)", body = ErrorBody))
)]
#[get("/offers/{offer_id}/lodging")]
pub async fn lodging(state: web::Data<AppState>, user: MaybeUser, id: web::Path<OfferId>) -> AppResult<web::Json<super::lodging::Lodging>> {
    let now = state.clock.now();
    let out = state
        .run(move |conn| {
            let offer = queries::find(conn, &id)?.ok_or_else(|| AppError::not_found("Offre introuvable."))?;
            let reserved = queries::reserved_schools(conn, &offer.id)?;
            if !search::visible_offer(conn, user.0.as_ref(), &offer, &reserved, now)? {
                return Err(AppError::not_found("Offre introuvable ou plus disponible."));
            }
            super::lodging::of_offer(conn, user.0.as_ref(), &offer)
        })
        .await?;
    Ok(web::Json(out))
}

/// Edits an offer (any state but deleted). Weeks with confirmed pupils stay, and places
/// never go below them (409 `WEEK_HAS_PUPILS`, `PLACES_BELOW_CONFIRMED`).
#[utoipa::path(
    tag = "Offers",
    security(("bearer" = [])),
    params(("offer_id" = String, Path, max_length = 64)),
    request_body = OfferRequest,
    responses((status = 200, body = OfferResponse), (status = 409, description = "Would drop confirmed pupils (`PLACES_BELOW_CONFIRMED`, `WEEK_HAS_PUPILS`)", body = ErrorBody), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[put("/offers/{offer_id}")]
pub async fn update_offer(
    state: web::Data<AppState>,
    Host(user): Host,
    id: web::Path<OfferId>,
    body: web::Json<OfferRequest>,
) -> AppResult<web::Json<OfferResponse>> {
    let now = state.clock.now();
    let id = id.into_inner();
    let input: OfferInput = body.into_inner().into();
    let out = state
        .run(move |conn| {
            let (offer, org) = service::load_for_member(conn, &id, &user, now)?;
            let updated = service::update(conn, &offer, &org, &input)?;
            full_response(conn, updated, true)
        })
        .await?;
    Ok(web::Json(out))
}

async fn act(state: &AppState, req: &HttpRequest, user: CurrentUser, id: String, action: OfferAction, op: &'static str) -> AppResult<HttpResponse> {
    let key = idempotency_key(req);
    let now = state.clock.now();
    let answer = state
        .run(move |conn| {
            let (offer, org) = service::load_for_member(conn, &OfferId::from(id.as_str()), &user, now)?;
            if action == OfferAction::Publish {
                crate::campaigns::service::may_publish(conn, &offer, now)?;
            }
            idempotency::once(conn, &user.id, key.as_deref(), &format!("{op}:{}", offer.id), "", |conn| {
                let updated = service::act(conn, &offer, &org, action)?;
                json_answer(200, &full_response(conn, updated, true)?)
            })
        })
        .await?;
    Ok(replay(answer))
}

/// Publishes the offer (every field is checked again). With an `Idempotency-Key`, a double
/// click answers the first result instead of 409 `ALREADY_PUBLISHED`.
#[utoipa::path(
    tag = "Offers",
    security(("bearer" = [])),
    params(("offer_id" = String, Path, max_length = 64), ("Idempotency-Key" = Option<String>, Header, max_length = 100)),
    responses((status = 200, body = OfferResponse), (status = 409, description = "`ALREADY_PUBLISHED`, `ALL_WEEKS_PAST`, `OFFER_DELETED` (`PUBLISHING_NOT_OPEN`, `YEAR_CLOSED`)", body = ErrorBody), (status = 422, description = "Invalid field values (`IDEMPOTENCY_KEY_REUSED`, `NO_WEEKS`, `VALIDATION_ERROR`)", body = ErrorBody))
)]
#[post("/offers/{offer_id}/publish")]
pub async fn publish_offer(state: web::Data<AppState>, req: HttpRequest, Host(user): Host, id: web::Path<String>) -> AppResult<HttpResponse> {
    act(&state, &req, user, id.into_inner(), OfferAction::Publish, "publish_offer").await
}

/// Takes the offer out of search (applications already made stay).
#[utoipa::path(tag = "Offers", security(("bearer" = [])), params(("offer_id" = String, Path, max_length = 64)), responses((status = 200, body = OfferResponse), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[post("/offers/{offer_id}/unpublish")]
pub async fn unpublish_offer(state: web::Data<AppState>, req: HttpRequest, Host(user): Host, id: web::Path<String>) -> AppResult<HttpResponse> {
    act(&state, &req, user, id.into_inner(), OfferAction::Unpublish, "unpublish_offer").await
}

/// Deletes the offer (soft: applications and agreements keep showing it).
#[utoipa::path(tag = "Offers", security(("bearer" = [])), params(("offer_id" = String, Path, max_length = 64)), responses((status = 204, description = "Deleted"), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[delete("/offers/{offer_id}")]
pub async fn delete_offer(state: web::Data<AppState>, Host(user): Host, id: web::Path<OfferId>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let id = id.into_inner();
    state
        .run(move |conn| {
            let (offer, org) = service::load_for_member(conn, &id, &user, now)?;
            service::act(conn, &offer, &org, OfferAction::Delete)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A draft copy of the offer, same year and weeks.
#[utoipa::path(tag = "Offers", security(("bearer" = [])), params(("offer_id" = String, Path, max_length = 64)), responses((status = 201, body = OfferResponse)))]
#[post("/offers/{offer_id}/duplicate")]
pub async fn duplicate_offer(state: web::Data<AppState>, Host(user): Host, id: web::Path<OfferId>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let id = id.into_inner();
    let out = state
        .run(move |conn| {
            let (offer, org) = service::load_for_member(conn, &id, &user, now)?;
            let copy = service::copy(conn, &user, &offer, &org, None, false)?;
            full_response(conn, copy, true)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RenewRequest {
    /// The year to renew the offer for; its weeks are chosen again.
    #[validate(length(min = 9, max = 9, message = "Année scolaire attendue sous la forme 2027-2028."))]
    #[schema(example = "2027-2028")]
    pub school_year: String,
    /// Offer it the whole school year: every week of that year its grades may take (collège:
    /// every week of the year; seconde: the two national weeks). Otherwise the weeks are chosen again.
    #[serde(default)]
    pub whole_year: bool,
}

/// Renews the offer for another school year: a draft with every field, its weeks chosen again
/// or the whole year's.
#[utoipa::path(tag = "Offers", security(("bearer" = [])), params(("offer_id" = String, Path, max_length = 64)), request_body = RenewRequest, responses((status = 201, body = OfferResponse)))]
#[post("/offers/{offer_id}/renew")]
pub async fn renew_offer(state: web::Data<AppState>, Host(user): Host, id: web::Path<OfferId>, body: web::Json<RenewRequest>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    body.validate()?;
    let year = SchoolYear::parse(&body.school_year).ok_or_else(|| AppError::field("school_year", "Année scolaire attendue sous la forme 2027-2028."))?;
    let whole_year = body.whole_year;
    let id = id.into_inner();
    let out = state
        .run(move |conn| {
            let (offer, org) = service::load_for_member(conn, &id, &user, now)?;
            if SchoolYear::parse(&offer.school_year).is_some_and(|y| y.start >= year.start) {
                return Err(AppError::field("school_year", "Choisissez une année postérieure à celle de l'offre."));
            }
            let copy = service::copy(conn, &user, &offer, &org, Some(year), whole_year)?;
            full_response(conn, copy, true)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Centre of the search (pupils: their school, unless it is open to national search).
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// A postal code or a city, instead of `lat`/`lon`.
    #[param(example = "42000", max_length = 100)]
    pub place: Option<String>,
    #[param(example = 30.0)]
    pub radius_km: Option<f64>,
    /// ISO weeks, comma-separated (`2027-W03,2027-W04`); pupils: their school's by default.
    #[param(example = "2027-W03", max_length = 400)]
    pub weeks: Option<String>,
    /// Sector ids, comma-separated.
    #[param(example = "s10,s12", max_length = 400)]
    pub sectors: Option<String>,
    /// Words of the title, description or organisation (accents and case ignored, prefixes match).
    #[param(example = "electricite", max_length = 200)]
    pub q: Option<String>,
    pub grade_family: Option<GradeFamily>,
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
}

/// A page of the search: its size and where it starts (the map answers whole, without them).
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct CursorQuery {
    /// `next_cursor` of the previous page.
    #[param(max_length = 100)]
    pub cursor: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

fn parse_weeks(raw: &str) -> AppResult<Vec<IsoWeek>> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(60)
        .map(|s| {
            IsoWeek::parse_iso(&s.to_ascii_uppercase()).ok_or_else(|| {
                let shown: String = s.chars().take(12).collect();
                AppError::field("weeks", format!("Semaine « {shown} » invalide : attendue sous la forme 2027-W03."))
            })
        })
        .collect()
}

pub(crate) fn search_request(q: SearchQuery, page: CursorQuery, default_limit: usize) -> AppResult<SearchRequest> {
    let center = match (q.lat, q.lon) {
        (Some(lat), Some(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => Some((lat, lon)),
        (None, None) => None,
        _ => return Err(AppError::field("lat", "Coordonnées invalides : lat et lon vont ensemble.")),
    };
    if q.radius_km.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
        return Err(AppError::field("radius_km", "Rayon invalide."));
    }
    let school_year = match q.school_year.as_deref() {
        Some(y) => Some(SchoolYear::parse(y).ok_or_else(|| AppError::field("school_year", "Année scolaire attendue sous la forme 2026-2027."))?),
        None => None,
    };
    Ok(SearchRequest {
        center,
        place: q.place.filter(|p| !p.trim().is_empty()),
        radius_km: q.radius_km,
        weeks: q.weeks.as_deref().map(parse_weeks).transpose()?.unwrap_or_default(),
        sectors: q.sectors.map(|s| s.split(',').map(|x| x.trim().to_owned()).filter(|x| !x.is_empty()).take(30).collect()).unwrap_or_default(),
        keyword: q.q.filter(|k| !k.trim().is_empty()).map(|k| k.chars().take(200).collect()),
        grade_family: q.grade_family,
        school_year,
        cursor: page.cursor,
        limit: page.limit.unwrap_or(default_limit).min(100),
        at: None,
    })
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct OfferHit {
    pub id: String,
    pub title: String,
    pub organisation_name: String,
    pub sector: SectorRef,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    pub distance_km: f64,
    pub grade_family: GradeFamily,
    pub group_mode: GroupMode,
    pub rep_only: bool,
    /// Reserved to some schools, the pupil's among them (only their pupils ever see it).
    pub reserved: bool,
    /// The offer's weeks among those searched, with places left.
    pub weeks: Vec<WeekPlaces>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    pub items: Vec<OfferHit>,
    /// Pass it as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    pub center_lat: f64,
    pub center_lon: f64,
    pub radius_km: f64,
    pub weeks: Vec<IsoWeek>,
    pub school_year: String,
    pub grade_family: Option<GradeFamily>,
    /// The keyword or sectors found nothing: these are the offers nearby instead.
    pub fallback: bool,
    /// A pupil's first page: the offers reserved to pupils like them (their school, priority
    /// education: `rep_only`), nearest first (20 at most), to show before `items`, which may
    /// list them again at their distance. Empty for everyone else and on later pages.
    pub priority: Vec<OfferHit>,
}

pub(crate) fn run_search(
    conn: &mut crate::db::AnyConnection,
    engine: search::Engine,
    user: Option<&CurrentUser>,
    req: &SearchRequest,
) -> AppResult<SearchResponse> {
    let out = search::search(conn, engine, user, req)?;
    search_response(conn, out)
}

/// A search as a pupil of this school would make it (partner associations, for the pupils they
/// accompany): the school's reserved offers and priority education's first.
pub(crate) fn run_search_for_school(conn: &mut crate::db::AnyConnection, engine: search::Engine, uai: &str, req: &SearchRequest) -> AppResult<SearchResponse> {
    let scope = search::school_scope(conn, uai, req)?;
    let out = search::search_in(conn, engine, scope, req)?;
    search_response(conn, out)
}

fn search_response(conn: &mut crate::db::AnyConnection, out: search::SearchOutcome) -> AppResult<SearchResponse> {
    let ids: Vec<OfferId> = out.hits.iter().chain(&out.priority).map(|h| h.id.clone()).collect();
    let offers: HashMap<OfferId, queries::Card> = queries::cards(conn, &ids)?.into_iter().map(|o| (o.id.clone(), o)).collect();
    let org_ids: Vec<OrganisationId> = offers.values().map(|o| o.organisation_id.clone()).collect();
    let orgs = queries::organisation_names(conn, &org_ids)?;
    let employers = crate::partners::employer_names(conn, &ids)?;
    let sectors = queries::sector_names(conn)?;
    let weeks = queries::weeks_of(conn, &ids)?;
    let reserved = queries::reserved_among(conn, &ids)?;
    let hit = |h: &search::Hit| -> Option<OfferHit> {
        let o = offers.get(&h.id)?;
        let ws = weeks.get(&o.id).map(Vec::as_slice).unwrap_or(&[]);
        Some(OfferHit {
            id: o.id.to_string(),
            title: o.title.clone(),
            organisation_name: {
                let org = orgs.get(&o.organisation_id).cloned().unwrap_or_default();
                employers.get(&o.id).map(|e| partner_display_name(e, &org)).unwrap_or(org)
            },
            sector: SectorRef { id: o.sector_id.clone(), name: sectors.get(&o.sector_id).cloned().unwrap_or_default() },
            city: o.city.clone(),
            latitude: o.latitude,
            longitude: o.longitude,
            distance_km: (h.distance_km * 10.0).round() / 10.0,
            grade_family: if o.grade_family == "lycee" { GradeFamily::Lycee } else { GradeFamily::College },
            group_mode: GroupMode::parse(&o.group_mode),
            rep_only: o.rep_only,
            reserved: reserved.contains(&o.id),
            weeks: ws
                .iter()
                .filter(|w| out.weeks.is_empty() || out.weeks.iter().any(|k| k.year == w.iso_year && k.week as i32 == w.iso_week))
                .map(week_places)
                .collect(),
        })
    };
    let items = out.hits.iter().filter_map(hit).collect();
    let priority = out.priority.iter().filter_map(hit).collect();
    Ok(SearchResponse {
        items,
        priority,
        next_cursor: out.next_cursor,
        center_lat: out.center.0,
        center_lon: out.center.1,
        radius_km: out.radius_km,
        weeks: out.weeks,
        school_year: out.school_year,
        grade_family: out.grade_family,
        fallback: out.fallback,
    })
}

/// Searches published offers, nearest first. For a pupil: around their school, in their
/// school's weeks and grade family, within the school's radius (60 km unless opened to
/// national search); 403 `NOT_ENROLLED` / `CONSENT_REQUIRED` before the class and the parental consent.
/// Others give a place. Offers full in the weeks searched are left out.
#[utoipa::path(
    tag = "Offers",
    params(SearchQuery, CursorQuery),
    responses((status = 200, body = SearchResponse), (status = 403, description = "Pupil not allowed to search yet (`CONSENT_REQUIRED`, `NOT_ENROLLED`, `SEARCH_NOT_OPEN`)", body = ErrorBody), (status = 409, description = "The school year is closed (`YEAR_CLOSED`)", body = ErrorBody))
)]
#[get("/offers")]
pub async fn search_offers(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: MaybeUser,
    query: web::Query<SearchQuery>,
    page: web::Query<CursorQuery>,
) -> AppResult<HttpResponse> {
    state.limit(&req, "offer-search", 600)?;
    let mut sreq = search_request(query.into_inner(), page.into_inner(), PAGE_SIZE)?;
    let now = state.clock.now();
    sreq.at = Some(now);
    let cache = state.cache.clone();
    let index = state.search.clone();
    let (body, hit) = state
        .run(move |conn| {
            if let Some(u) = &user.0 {
                crate::campaigns::service::may_search(conn, u, now)?;
            }
            // Everyone with the same scope (visitors asking for the same place, pupils of the
            // same class) shares the answer for a few seconds, as long as no offer changed
            // (the feed's counter is in the key: a host sees their offer at once).
            let scope = search::scope_for(conn, user.0.as_ref(), &sreq)?;
            index.catch_up(conn)?;
            let key = format!("search|{}|{}", index.seq(conn)?, scope.cache_key(&sreq));
            if let Some(b) = cache.get(&key) {
                return Ok((b, true));
            }
            let found = search::search_in(conn, search::Engine::Memory(&index), scope, &sreq)?;
            let out = search_response(conn, found)?;
            let b = web::Bytes::from(serde_json::to_vec(&out).map_err(|_| AppError::internal())?);
            cache.put(key, b.clone());
            Ok((b, false))
        })
        .await?;
    Ok(cached_json(body, hit))
}

#[derive(Deserialize, IntoParams)]
pub struct SuggestQuery {
    /// What was typed so far (2 letters at least; accents and case ignored).
    #[param(example = "elec", max_length = 100)]
    pub q: String,
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<usize>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Suggestion {
    pub text: String,
    pub kind: crate::offers::suggest::SuggestionKind,
    /// For a sector: its id, to filter the search on it rather than on words.
    pub sector_id: Option<String>,
    /// Published offers the sector counts, or the job or word comes from.
    pub offers: u32,
}

/// Keyword suggestions while typing: sectors, jobs listed on offers, words of their titles
/// (from the start of any of their words, accents and case ignored), at most `limit` (8).
#[utoipa::path(
    tag = "Offers",
    params(SuggestQuery),
    responses((status = 200, body = Vec<Suggestion>), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody), (status = 429, description = "Too many requests (`RATE_LIMITED`)", body = ErrorBody))
)]
#[get("/offers/suggestions")]
pub async fn suggestions(state: web::Data<AppState>, req: HttpRequest, query: web::Query<SuggestQuery>) -> AppResult<web::Json<Vec<Suggestion>>> {
    state.limit(&req, "offer-suggestions", 600)?;
    let q = query.into_inner();
    if q.q.chars().count() > 100 {
        return Err(AppError::field("q", "100 caractères au plus."));
    }
    let limit = q.limit.unwrap_or(8);
    if !(1..=20).contains(&limit) {
        return Err(AppError::field("limit", "Entre 1 et 20 suggestions."));
    }
    let now = std::time::Instant::now();
    let vocabulary = state
        .suggestions
        .get_or_build(now, || {
            state.run(|conn| {
                let sectors: Vec<(String, String)> = queries::sector_names(conn)?.into_iter().collect();
                let offers = queries::searchable_titles_and_jobs(conn)?;
                Ok(std::sync::Arc::new(crate::offers::suggest::Vocabulary::build(
                    &sectors,
                    offers.iter().map(|(t, j, s)| (t.as_str(), j.as_str(), s.as_str())),
                )))
            })
        })
        .await?;
    Ok(web::Json(
        vocabulary
            .lookup(&q.q, limit)
            .into_iter()
            .map(|e| Suggestion { text: e.text.clone(), kind: e.kind, sector_id: e.sector_id.clone(), offers: e.offers })
            .collect(),
    ))
}

/// A JSON answer from bytes, saying whether it came from the short cache.
fn cached_json(body: web::Bytes, hit: bool) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").insert_header(("X-Cache", if hit { "hit" } else { "miss" })).body(body)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MapPoint {
    pub id: String,
    pub title: String,
    pub latitude: f64,
    pub longitude: f64,
    pub distance_km: f64,
}

/// Points for the map of the current search: the 300 nearest offers, whole (the search's
/// filters, without its pages).
#[utoipa::path(tag = "Offers", params(SearchQuery), responses((status = 200, body = Vec<MapPoint>), (status = 403, description = "Pupil not allowed to search yet (`NOT_ENROLLED`, `SEARCH_NOT_OPEN`, `CONSENT_REQUIRED`)", body = ErrorBody)))]
#[get("/offers/map")]
pub async fn offers_map(state: web::Data<AppState>, req: HttpRequest, user: MaybeUser, query: web::Query<SearchQuery>) -> AppResult<web::Json<Vec<MapPoint>>> {
    state.limit(&req, "offer-search", 600)?;
    let mut sreq = search_request(query.into_inner(), CursorQuery::default(), 300)?;
    sreq.limit = 300;
    sreq.at = Some(state.clock.now());
    let index = state.search.clone();
    let points = state
        .run(move |conn| {
            let out = search::search(conn, search::Engine::Memory(&index), user.0.as_ref(), &sreq)?;
            let ids: Vec<OfferId> = out.hits.iter().map(|h| h.id.clone()).collect();
            let offers: HashMap<OfferId, Offer> = queries::load_many(conn, &ids)?.into_iter().map(|o| (o.id.clone(), o)).collect();
            Ok(out
                .hits
                .iter()
                .filter_map(|h| {
                    let o = offers.get(&h.id)?;
                    Some(MapPoint {
                        id: o.id.to_string(),
                        title: o.title.clone(),
                        latitude: o.latitude,
                        longitude: o.longitude,
                        distance_km: (h.distance_km * 10.0).round() / 10.0,
                    })
                })
                .collect())
        })
        .await?;
    Ok(web::Json(points))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    #[validate(length(min = 10, max = 1000, message = "Expliquez en 10 à 1000 caractères."))]
    #[schema(min_length = 10, max_length = 1000)]
    pub reason: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ReportResponse {
    pub id: String,
    pub offer_id: String,
    pub reason: String,
    /// open, hidden, kept or contacted.
    pub status: String,
    #[serde(with = "crate::http::utc")]
    pub created_at: chrono::NaiveDateTime,
    #[serde(default, with = "crate::http::utc::option")]
    pub decided_at: Option<chrono::NaiveDateTime>,
    pub decision_note: Option<String>,
}

impl From<OfferReport> for ReportResponse {
    fn from(r: OfferReport) -> Self {
        ReportResponse {
            id: r.id,
            offer_id: r.offer_id.into(),
            reason: r.reason,
            status: r.status,
            created_at: r.created_at,
            decided_at: r.decided_at,
            decision_note: r.decision_note,
        }
    }
}

/// Reports an inappropriate offer to the moderators (5 reports a minute at most).
#[utoipa::path(tag = "Offers", security(("bearer" = [])), params(("offer_id" = String, Path, max_length = 64)), request_body = ReportRequest, responses((status = 201, body = ReportResponse)))]
#[post("/offers/{offer_id}/reports")]
pub async fn report_offer(state: web::Data<AppState>, user: CurrentUser, id: web::Path<OfferId>, body: web::Json<ReportRequest>) -> AppResult<HttpResponse> {
    state.limit_key("offer-report", &user.id, 5)?;
    body.validate()?;
    let reason = body.into_inner().reason;
    let id = id.into_inner();
    let now = state.clock.now();
    let r = state.run(move |conn| moderation::report(conn, &user, &id, &reason, now)).await?;
    Ok(HttpResponse::Created().json(ReportResponse::from(r)))
}

crate::paged!(
    /// A page of the moderation queue.
    ReportPage,
    ReportResponse
);

/// The moderation queue: open reports, oldest first, paged.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(PageQuery), responses((status = 200, body = ReportPage)))]
#[get("/admin/offer-reports")]
pub async fn list_reports(state: web::Data<AppState>, _admin: Admin, paging: web::Query<PageQuery>) -> AppResult<web::Json<ReportPage>> {
    let p = paging.into_inner().paging();
    let (rows, total) = state.run(move |conn| Ok(queries::open_reports(conn, p.limit(), p.offset())?)).await?;
    Ok(web::Json(ReportPage::of(rows.into_iter().map(Into::into).collect(), total, p)))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct HiddenOffer {
    pub offer_id: String,
    pub title: String,
    pub organisation_name: String,
    pub city: String,
    /// When the moderators hid it, and what they wrote to the host (when hidden after a report).
    #[serde(default, with = "crate::http::utc::option")]
    pub hidden_at: Option<chrono::NaiveDateTime>,
    pub decision_note: Option<String>,
}

crate::paged!(
    /// A page of the hidden offers.
    HiddenOfferPage,
    HiddenOffer
);

/// The offers the moderators hid (to restore one), most recent first, paged.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(PageQuery), responses((status = 200, body = HiddenOfferPage)))]
#[get("/admin/offers/hidden")]
pub async fn hidden_offers(state: web::Data<AppState>, _admin: Admin, paging: web::Query<PageQuery>) -> AppResult<web::Json<HiddenOfferPage>> {
    let p = paging.into_inner().paging();
    let page = state
        .run(move |conn| {
            let (rows, total) = queries::hidden_offers(conn, p.limit(), p.offset())?;
            let org_ids: Vec<OrganisationId> = rows.iter().map(|(o, _)| o.organisation_id.clone()).collect();
            let names = queries::organisation_names(conn, &org_ids)?;
            let items = rows
                .into_iter()
                .map(|(o, d)| HiddenOffer {
                    organisation_name: names.get(&o.organisation_id).cloned().unwrap_or_default(),
                    hidden_at: d.as_ref().and_then(|d| d.decided_at).or(Some(o.updated_at)),
                    decision_note: d.and_then(|d| d.decision_note),
                    offer_id: o.id.into(),
                    title: o.title,
                    city: o.city,
                })
                .collect::<Vec<_>>();
            Ok(HiddenOfferPage::of(items, total, p))
        })
        .await?;
    Ok(web::Json(page))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub decision: Decision,
    /// Sent to the host (required to hide or contact).
    #[schema(max_length = 2000)]
    #[serde(default)]
    pub note: String,
}

/// An admin hides the offer, keeps it, or writes to the host.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(("report_id" = String, Path, max_length = 64)), request_body = DecisionRequest, responses((status = 200, body = ReportResponse), (status = 409, description = "Conflicts with the current state (`ALREADY_DECIDED`, `ALREADY_EXISTS`, `CONFLICT`)", body = ErrorBody)))]
#[post("/admin/offer-reports/{report_id}/decision")]
pub async fn decide_report(
    state: web::Data<AppState>,
    admin: Admin,
    id: web::Path<String>,
    body: web::Json<DecisionRequest>,
) -> AppResult<web::Json<ReportResponse>> {
    let b = body.into_inner();
    if b.note.chars().count() > 2000 {
        return Err(AppError::field("note", "2000 caractères au plus."));
    }
    let id = id.into_inner();
    let public_url = state.config.public_url.clone();
    let r = state.run(move |conn| moderation::decide(conn, &admin.0, &id, b.decision, &b.note, &public_url)).await?;
    Ok(web::Json(r.into()))
}

/// An admin puts a hidden offer back in search (a partner's offer: its operator is told).
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(("offer_id" = String, Path, max_length = 64)), responses((status = 200, body = OfferResponse), (status = 409, description = "`NOT_HIDDEN`", body = ErrorBody)))]
#[post("/admin/offers/{offer_id}/restore")]
pub async fn restore_offer(state: web::Data<AppState>, admin: Admin, id: web::Path<OfferId>) -> AppResult<web::Json<OfferResponse>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .run(move |conn| {
                let offer = super::moderation::restore(conn, &admin.0, &id)?;
                full_response(conn, offer, true)
            })
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(map_settings)
        .service(search_offers)
        .service(offers_map)
        .service(suggestions)
        .service(create_offer)
        .service(organisation_offers)
        .service(get_offer)
        .service(lodging)
        .service(update_offer)
        .service(publish_offer)
        .service(unpublish_offer)
        .service(delete_offer)
        .service(duplicate_offer)
        .service(renew_offer)
        .service(report_offer)
        .service(list_reports)
        .service(decide_report)
        .service(hidden_offers)
        .service(restore_offer);
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MapSettings {
    /// Tile URL template (`{z}/{x}/{y}`); empty: the map shows markers without a background.
    pub tile_url: String,
    pub attribution: String,
}

/// What the offer map needs (tiles are a setting: `MAP_TILE_URL`).
#[utoipa::path(tag = "Offers", responses((status = 200, body = MapSettings)))]
#[get("/map-settings")]
pub async fn map_settings(state: web::Data<AppState>) -> web::Json<MapSettings> {
    web::Json(MapSettings { tile_url: state.config.map_tile_url.clone(), attribution: state.config.map_attribution.clone() })
}
