//! HTTP face of the aftermath.

use crate::ids::{AgreementId, OrganisationId};
use actix_web::{get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::queries::{Assessment, Figures};
use super::rules::{self, Attendance, Side};
use super::service::{self, Answers, Asked, NewAssessment};
use crate::auth::{CurrentUser, Host, Pupil, Referent};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::schools::rules::SchoolYear;
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct FeedbackQuestion {
    pub application_id: String,
    pub offer_id: String,
    pub offer_title: String,
    pub organisation_name: String,
    #[serde(with = "crate::http::utc")]
    pub asked_at: chrono::NaiveDateTime,
    /// `null` until the pupil answers.
    #[serde(default, with = "crate::http::utc::option")]
    pub submitted_at: Option<chrono::NaiveDateTime>,
    /// What the pupil observed.
    pub observed: String,
    /// Would recommend this internship to another pupil.
    pub recommend: Option<bool>,
    /// Jobs discovered.
    pub jobs: String,
    /// A word for the class.
    pub for_class: String,
}

impl From<Asked> for FeedbackQuestion {
    fn from(a: Asked) -> Self {
        let f = a.feedback;
        FeedbackQuestion {
            application_id: f.application_id.into(),
            offer_id: f.offer_id.into(),
            offer_title: a.offer_title,
            organisation_name: a.organisation_name,
            asked_at: f.asked_at,
            submitted_at: f.submitted_at,
            observed: f.observed,
            recommend: f.recommend,
            jobs: f.jobs,
            for_class: f.for_class,
        }
    }
}

/// The pupil's feedback questions (one per finished internship), newest first.
#[utoipa::path(tag = "Feedback", security(("bearer" = [])), responses((status = 200, body = Vec<FeedbackQuestion>)))]
#[get("/me/feedback")]
pub async fn my_feedback(state: web::Data<AppState>, pupil: Pupil) -> AppResult<web::Json<Vec<FeedbackQuestion>>> {
    let user = pupil.0;
    let rows = state.run(move |conn| service::of_pupil(conn, &user)).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct FeedbackAnswers {
    #[validate(length(max = 4000))]
    pub observed: String,
    pub recommend: bool,
    #[serde(default)]
    #[validate(length(max = 1000))]
    pub jobs: String,
    #[serde(default)]
    #[validate(length(max = 4000))]
    pub for_class: String,
}

/// The pupil answers the questions about a finished internship (answering again corrects).
#[utoipa::path(
    tag = "Feedback",
    security(("bearer" = [])),
    params(("application_id" = String, Path, max_length = 64)),
    request_body = FeedbackAnswers,
    responses((status = 200, body = FeedbackQuestion), (status = 404, description = "Not asked yet (`FEEDBACK_NOT_OPEN`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[put("/me/feedback/{application_id}")]
pub async fn answer_feedback(
    state: web::Data<AppState>,
    pupil: Pupil,
    id: web::Path<String>,
    body: web::Json<FeedbackAnswers>,
) -> AppResult<web::Json<FeedbackQuestion>> {
    body.validate()?;
    let b = body.into_inner();
    let user = pupil.0;
    let now = state.clock.now();
    let answers = Answers { observed: b.observed, recommend: b.recommend, jobs: b.jobs, for_class: b.for_class };
    Ok(web::Json(state.run(move |conn| service::submit(conn, &user, &id, answers, now)).await?.into()))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ClassFeedback {
    pub pupil_id: String,
    pub pupil_first_name: String,
    pub pupil_last_name: String,
    pub class_name: String,
    #[serde(flatten)]
    pub answers: FeedbackQuestion,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SchoolFeedbackQuery {
    /// One class only.
    #[param(max_length = 64)]
    pub class_id: Option<String>,
}

/// The pupils' answers about their internships, for the staff who follow them (teachers: their
/// classes; the principal and non-teaching staff: the school); questions not answered yet have
/// `submitted_at` null.
#[utoipa::path(
    tag = "Feedback",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), SchoolFeedbackQuery),
    responses((status = 200, body = Vec<ClassFeedback>), (status = 403, description = "Not allowed (`FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[get("/schools/{uai}/feedback")]
pub async fn school_feedback(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    query: web::Query<SchoolFeedbackQuery>,
) -> AppResult<web::Json<Vec<ClassFeedback>>> {
    let uai = uai.into_inner().to_uppercase();
    let class_id = query.into_inner().class_id;
    let rows = state.run(move |conn| service::of_school(conn, &user, &uai, class_id.as_deref())).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| ClassFeedback {
                pupil_id: r.asked.feedback.pupil_id.to_string(),
                pupil_first_name: r.pupil_first_name,
                pupil_last_name: r.pupil_last_name,
                class_name: r.class_name,
                answers: r.asked.into(),
            })
            .collect(),
    ))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct OfferQuality {
    pub offer_id: String,
    pub title: String,
    pub placements: i64,
    /// Placements the host cancelled.
    pub cancellations: i64,
    /// Days of absence reported.
    pub absences: i64,
    pub answers: i64,
    /// Percent of pupils who would recommend it; `null` under 5 answers.
    pub recommend_rate: Option<f64>,
}

fn offer_quality(offer_id: String, title: String, f: Figures) -> OfferQuality {
    OfferQuality {
        offer_id,
        title,
        placements: f.placements,
        cancellations: f.cancellations,
        absences: f.absences,
        answers: f.answers,
        recommend_rate: rules::rate(f.recommend, f.answers),
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct OrganisationFeedbackResponse {
    pub school_year: String,
    /// Answers received about the organisation's offers (every year).
    pub answers: i64,
    /// From this many answers on, the rate and the words are shown.
    pub min_answers: i64,
    pub recommend_rate: Option<f64>,
    /// What pupils observed, without names, in alphabetical order (empty under `min_answers`).
    pub observed: Vec<String>,
    /// Jobs pupils discovered (empty under `min_answers`).
    pub jobs: Vec<String>,
    /// The year's offers with their indicators.
    pub offers: Vec<OfferQuality>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// `2026-2027`; the current school year by default.
    #[param(max_length = 9)]
    pub school_year: Option<String>,
    /// Referents: one department of their territory.
    #[param(max_length = 3)]
    pub department: Option<String>,
}

fn year_of(state: &AppState, raw: Option<&str>) -> AppResult<String> {
    match raw {
        None | Some("") => Ok(SchoolYear::of(state.clock.now().date()).label()),
        Some(y) => SchoolYear::parse(y).map(|y| y.label()).ok_or_else(|| AppError::field("school_year", "Année scolaire attendue sous la forme 2026-2027.")),
    }
}

/// What pupils said of the organisation's internships, aggregated and anonymous (from 5 answers
/// on), and each offer's indicators: for its members (hosts, associations) and admins.
#[utoipa::path(
    tag = "Feedback",
    security(("bearer" = [])),
    params(("org_id" = String, Path, max_length = 64), YearQuery),
    responses((status = 200, body = OrganisationFeedbackResponse), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[get("/organisations/{org_id}/feedback")]
pub async fn organisation_feedback(
    state: web::Data<AppState>,
    Host(user): Host,
    id: web::Path<OrganisationId>,
    query: web::Query<YearQuery>,
) -> AppResult<web::Json<OrganisationFeedbackResponse>> {
    let year = year_of(&state, query.school_year.as_deref())?;
    let y = year.clone();
    let f = state.run(move |conn| service::of_organisation(conn, &user, &id, &y)).await?;
    Ok(web::Json(OrganisationFeedbackResponse {
        school_year: year,
        answers: f.answers,
        min_answers: rules::MIN_ANSWERS,
        recommend_rate: f.recommend_rate,
        observed: f.observed,
        jobs: f.jobs,
        offers: f.offers.into_iter().map(|(id, title, fig)| offer_quality(id, title, fig)).collect(),
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct HostQuality {
    pub organisation_id: String,
    pub name: String,
    pub department_code: Option<String>,
    pub is_public: bool,
    pub offers: i64,
    pub placements: i64,
    pub cancellations: i64,
    pub absences: i64,
    pub answers: i64,
    /// `null` under 5 answers.
    pub recommend_rate: Option<f64>,
}

/// Quality per host organisation over a school year (offers, placements, cancellations by the
/// host, absences, pupils' recommendation rate from 5 answers on): referents within their
/// territory or ministry, admins.
#[utoipa::path(tag = "Reporting", security(("bearer" = [])), params(YearQuery), responses((status = 200, body = Vec<HostQuality>), (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody)))]
#[get("/reporting/quality")]
pub async fn quality(state: web::Data<AppState>, Referent(user): Referent, query: web::Query<YearQuery>) -> AppResult<web::Json<Vec<HostQuality>>> {
    let q = query.into_inner();
    let year = year_of(&state, q.school_year.as_deref())?;
    let rows = state.run(move |conn| service::quality(conn, &user, &year, q.department.as_deref())).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| HostQuality {
                organisation_id: r.organisation_id,
                name: r.name,
                department_code: r.department_code,
                is_public: r.is_public,
                offers: r.figures.offers,
                placements: r.figures.placements,
                cancellations: r.figures.cancellations,
                absences: r.figures.absences,
                answers: r.figures.answers,
                recommend_rate: rules::rate(r.figures.recommend, r.figures.answers),
            })
            .collect(),
    ))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AssessmentResponse {
    pub side: Side,
    pub attendance: Attendance,
    pub behaviour: String,
    /// A word for the pupil.
    pub word: String,
    #[serde(with = "crate::http::utc")]
    pub updated_at: chrono::NaiveDateTime,
}

fn assessment_views(rows: Vec<Assessment>) -> Vec<AssessmentResponse> {
    rows.into_iter()
        .map(|a| AssessmentResponse {
            side: Side::parse(&a.author_side),
            attendance: Attendance::parse(&a.attendance),
            behaviour: a.behaviour,
            word: a.word,
            updated_at: a.updated_at,
        })
        .collect()
}

/// The host's and the school's words on the week: the pupil and the school read both, the host
/// its own.
#[utoipa::path(
    tag = "Feedback",
    security(("bearer" = [])),
    params(("agreement_id" = String, Path, max_length = 64)),
    responses((status = 200, body = Vec<AssessmentResponse>), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[get("/agreements/{agreement_id}/assessments")]
pub async fn list_assessments(state: web::Data<AppState>, user: CurrentUser, id: web::Path<AgreementId>) -> AppResult<web::Json<Vec<AssessmentResponse>>> {
    Ok(web::Json(assessment_views(state.run(move |conn| service::assessments(conn, &user, &id)).await?)))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRequest {
    pub attendance: Attendance,
    #[serde(default)]
    #[validate(length(max = 2000))]
    pub behaviour: String,
    #[serde(default)]
    #[validate(length(max = 4000))]
    pub word: String,
}

/// The host or the school writes its word on the week (optional; writing again replaces it).
#[utoipa::path(
    tag = "Feedback",
    security(("bearer" = [])),
    params(("agreement_id" = String, Path, max_length = 64)),
    request_body = AssessmentRequest,
    responses(
        (status = 200, body = Vec<AssessmentResponse>),
        (status = 403, description = "Not the host nor the school (`NOT_YOUR_PART`, `FORBIDDEN`)", body = ErrorBody),
        (status = 409, description = "`NOT_STARTED`, `AGREEMENT_CANCELLED`", body = ErrorBody),
        (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[put("/agreements/{agreement_id}/assessment")]
pub async fn write_assessment(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<AgreementId>,
    body: web::Json<AssessmentRequest>,
) -> AppResult<web::Json<Vec<AssessmentResponse>>> {
    body.validate()?;
    let b = body.into_inner();
    let now = state.clock.now();
    let n = NewAssessment { attendance: b.attendance, behaviour: b.behaviour, word: b.word };
    Ok(web::Json(assessment_views(state.run(move |conn| service::assess(conn, &user, &id, n, now)).await?)))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_feedback)
        .service(answer_feedback)
        .service(school_feedback)
        .service(organisation_feedback)
        .service(quality)
        .service(list_assessments)
        .service(write_assessment);
}
