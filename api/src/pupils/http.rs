//! HTTP face of the pupils domain: the pupil's own profile, and the school staff's views.

use crate::error::ErrorCode;
use crate::ids::{ClassId, PupilId};

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::Pupil;
use super::rules::{Cv, Gender, LegalRepresentative};
use super::{policy, queries};
use crate::accounts::User;
use crate::auth::{CurrentUser, Pupil as PupilUser};
use crate::db;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::reference::SchoolSummary;
use crate::schools as school_q;
use crate::schools::policy::may_see_class;
use crate::schools::rules::SchoolYear;
use crate::schools::service::visible;
use crate::schools::year_or_current;
use crate::schools::ClassResponse;
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Blocked {
    /// `NOT_ENROLLED` or `CONSENT_REQUIRED`.
    pub code: crate::error::ErrorCode,
    pub message: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MyPupilProfile {
    pub school: Option<SchoolSummary>,
    pub class: Option<ClassResponse>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Gender,
    pub home_postal_code: Option<String>,
    pub contact_phone: Option<String>,
    pub legal_representatives: Vec<LegalRepresentative>,
    pub cv: Cv,
    pub consent_date: Option<NaiveDate>,
    /// Whether the pupil may search offers and apply now.
    pub can_search: bool,
    /// Why not, when they may not.
    pub blocked: Option<Blocked>,
    /// `active`, or `pending` while the school has not approved the pupil's request to join.
    pub join_status: Option<String>,
    /// The pupil's internship weeks this year: their school's for the grade (the national weeks
    /// in seconde when the school chose none); empty before they join a class.
    pub internship_weeks: Vec<crate::schools::rules::IsoWeek>,
    /// Weeks of internship the grade asks for: 1 in troisième, 2 in seconde; null before the
    /// pupil has a class.
    pub weeks_needed: Option<i64>,
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentRequest {
    /// A class of a registered school (from `/api/v1/schools/{uai}/public-classes`).
    #[validate(length(min = 1, max = 64, message = "Classe invalide."))]
    pub class_id: String,
    /// The class code the school handed out (`ABCD-EFGH`): with it, the pupil joins at once;
    /// without it, the school approves the request first.
    #[validate(length(max = 20, message = "Code de classe invalide."))]
    #[schema(example = "K7PM-3XQA", max_length = 20)]
    #[serde(default)]
    pub join_code: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    pub birth_date: Option<NaiveDate>,
    pub gender: Gender,
    #[schema(max_length = 5)]
    pub home_postal_code: Option<String>,
    #[schema(max_length = 32)]
    pub contact_phone: Option<String>,
    pub legal_representatives: Vec<LegalRepresentative>,
    #[serde(default)]
    pub cv: Cv,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct PupilRow {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub class_id: String,
    pub class_name: String,
    pub consent_date: Option<NaiveDate>,
    /// Whether the scanned authorisation was uploaded.
    pub consent_form: bool,
    /// Applications sent.
    pub applications: i64,
    /// Whether the pupil's internship weeks are covered (collège: one week; seconde: two),
    /// through the platform or elsewhere.
    pub placed: bool,
    /// How: `platform` (at least in part through Passerelle), `elsewhere` (internships found
    /// outside, validated by the school), `without`.
    pub coverage: crate::external_internships::rules::Coverage,
    /// The pupil declared an internship found elsewhere that awaits the school's validation.
    pub elsewhere_pending: bool,
    /// Seconde: where the pupil's split internship (one week in each of two hosts) stands.
    pub split: Option<SplitState>,
    /// The pupil has logged in at least once (otherwise: invited, account not used yet).
    pub active: bool,
    /// The grade of the pupil's class (null when the class is not found).
    pub grade: Option<crate::schools::rules::Grade>,
    /// Enrolled from the school's register (their INE is known): no e-mail or password needed,
    /// they sign in with the pupils' federation.
    pub from_register: bool,
}

/// A seconde pupil's split internship: asked (the principal's approval awaited), approved, or
/// done (two one-week placements confirmed).
#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SplitState {
    Requested,
    Approved,
    Done,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PupilDetail {
    pub row: PupilRow,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// The national pupil id (INE), when the pupil came from the school's register.
    pub ine: Option<String>,
    pub home_postal_code: Option<String>,
    pub legal_representatives: Vec<LegalRepresentative>,
    pub cv: Cv,
    /// The last consent withdrawn, if any (who, when, why).
    pub consent_withdrawal: Option<ConsentWithdrawalView>,
    /// Lives in a priority neighbourhood (QPV), as the school recorded: the offers reserved to
    /// priority education are open to the pupil, and come first.
    pub lives_in_qpv: bool,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ConsentWithdrawalView {
    /// The date of the consent that was withdrawn.
    pub consent_date: NaiveDate,
    pub reason: String,
    /// "Claire Bernard".
    pub withdrawn_by: String,
    #[serde(with = "crate::http::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub withdrawn_at: chrono::NaiveDateTime,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentWithdrawalRequest {
    /// Why (the family's decision, a mistake…): kept with the withdrawal.
    #[schema(max_length = 500)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    /// The date on the signed parental authorisation.
    pub consent_date: NaiveDate,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PupilsQuery {
    #[param(max_length = 64)]
    pub class_id: Option<String>,
    /// Only pupils without consent (`false`) or with (`true`).
    pub consent: Option<bool>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ClassFigures {
    pub class_id: String,
    pub name: String,
    pub grade: crate::schools::rules::Grade,
    pub pupils: i64,
    pub consents: i64,
    /// Pupils with at least one application.
    pub applied: i64,
    /// Pupils who found their internship (collège: one week; seconde: two), here or elsewhere.
    pub placed: i64,
    /// Of those, pupils whose internship was found outside the platform only.
    pub placed_elsewhere: i64,
    /// Agreements signed by everyone (0 until agreements open).
    pub agreements_signed: i64,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    pub school_year: String,
    pub classes: Vec<ClassFigures>,
    /// Pupils still without an internship.
    pub without_internship: Vec<PupilRow>,
    /// Pupils who have not applied anywhere yet.
    pub without_application: Vec<PupilRow>,
    /// Pupils with an accepted application they have not confirmed (to nudge).
    pub to_nudge: Vec<PupilRow>,
    /// Declarations of internships found elsewhere awaiting the school's answer.
    pub elsewhere_to_validate: i64,
}

/// A pupil's applications and placements, as the follow-up counts them.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    applications: i64,
    /// Accepted by the host, not confirmed yet.
    accepted: i64,
    confirmed_weeks: i64,
    placements: i64,
}

/// Counted for one school: a pupil who changed school brings no history to the new one (it stays
/// readable by the school that followed them then).
fn application_counts(conn: &mut db::AnyConnection, uai: &str, pupil_ids: &[PupilId]) -> AppResult<std::collections::HashMap<PupilId, Counts>> {
    let mut out: std::collections::HashMap<PupilId, Counts> = std::collections::HashMap::new();
    for a in crate::applications::of_pupils(conn, pupil_ids)?.into_iter().filter(|a| a.school_uai == uai) {
        let c = out.entry(a.pupil_id.clone()).or_default();
        c.applications += 1;
        match a.status {
            crate::applications::rules::Status::Accepted => c.accepted += 1,
            crate::applications::rules::Status::Confirmed => {
                c.confirmed_weeks += a.weeks().len() as i64;
                c.placements += 1;
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Weeks a class's internship lasts (a class of unknown grade counts as collège).
fn weeks_needed(grade: &str) -> i64 {
    crate::schools::rules::Grade::parse(grade).map_or(1, |g| g.family().weeks_needed())
}

type Elsewhere = std::collections::HashMap<PupilId, crate::external_internships::Elsewhere>;

fn fill(
    rows: &mut [PupilRow],
    counts: &std::collections::HashMap<PupilId, Counts>,
    elsewhere: &Elsewhere,
    grades: &std::collections::HashMap<ClassId, String>,
) {
    use crate::external_internships::rules::{coverage, Coverage};
    for r in rows {
        let c = counts.get(r.user_id.as_str()).copied().unwrap_or_default();
        let e = elsewhere.get(r.user_id.as_str()).copied().unwrap_or_default();
        r.applications = c.applications;
        let grade = grades.get(r.class_id.as_str()).map(String::as_str).unwrap_or("");
        r.coverage = coverage(weeks_needed(grade), c.confirmed_weeks, e.validated_weeks);
        r.placed = r.coverage != Coverage::Without;
        r.elsewhere_pending = e.pending;
        r.grade = crate::schools::rules::Grade::parse(grade);
        if grade == "seconde" && c.placements >= 2 {
            r.split = Some(SplitState::Done);
        }
    }
}

fn profile_of(p: &Pupil) -> (Vec<LegalRepresentative>, Cv) {
    (serde_json::from_str(&p.legal_representatives).unwrap_or_default(), serde_json::from_str(&p.cv).unwrap_or_default())
}

fn class_grades(conn: &mut db::AnyConnection, uai: &str) -> AppResult<std::collections::HashMap<ClassId, String>> {
    Ok(school_q::classes_all(conn, uai)?.into_iter().map(|c| (c.id, c.grade)).collect())
}

/// One pupil's row with its figures, as the list shows it (the answers of actions on a pupil).
pub(crate) fn full_row(conn: &mut db::AnyConnection, p: &Pupil, u: &User, class_name: &str) -> AppResult<PupilRow> {
    let mut r = [row(p, u, class_name)];
    let grades = class_grades(conn, &p.school_uai)?;
    let ids = std::slice::from_ref(&p.user_id);
    fill(&mut r, &application_counts(conn, &p.school_uai, ids)?, &crate::external_internships::elsewhere_of(conn, &p.school_uai, None, ids)?, &grades);
    let [r] = r;
    Ok(r)
}

/// The row without its figures (`fill` adds them).
fn row(p: &Pupil, u: &User, class_name: &str) -> PupilRow {
    PupilRow {
        user_id: u.id.to_string(),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        class_id: p.class_id.to_string(),
        class_name: class_name.to_owned(),
        consent_date: p.consent_date,
        consent_form: p.consent_document_id.is_some(),
        applications: 0,
        placed: false,
        coverage: crate::external_internships::rules::Coverage::Without,
        elsewhere_pending: false,
        active: u.last_login_at.is_some(),
        grade: None,
        from_register: p.ine.is_some(),
        split: match (p.split_approved_at, p.split_requested_at) {
            (Some(_), _) => Some(SplitState::Approved),
            (None, Some(_)) => Some(SplitState::Requested),
            _ => None,
        },
    }
}

fn my_profile(conn: &mut db::AnyConnection, user_id: &PupilId) -> AppResult<MyPupilProfile> {
    let pupil = queries::find(conn, user_id)?;
    let blocked = policy::may_search(pupil.as_ref()).err().map(|e| Blocked { code: e.code, message: e.message });
    let Some(p) = pupil else {
        return Ok(MyPupilProfile {
            school: None,
            class: None,
            birth_date: None,
            gender: Gender::NotStated,
            home_postal_code: None,
            contact_phone: None,
            legal_representatives: Vec::new(),
            cv: Cv::default(),
            consent_date: None,
            can_search: false,
            blocked,
            join_status: None,
            internship_weeks: Vec::new(),
            weeks_needed: None,
        });
    };
    let school = crate::reference::school(conn, &p.school_uai)?;
    let class = school_q::class_by_id(conn, &p.school_uai, &p.class_id)?;
    let (reps, cv) = profile_of(&p);
    let (family, _, internship_weeks) = crate::offers::search::pupil_internship(conn, &p)?;
    Ok(MyPupilProfile {
        internship_weeks,
        weeks_needed: Some(family.weeks_needed()),
        school: school.map(Into::into),
        class: class.map(Into::into),
        birth_date: p.birth_date,
        gender: Gender::parse(&p.gender),
        home_postal_code: p.home_postal_code,
        contact_phone: p.contact_phone,
        legal_representatives: reps,
        cv,
        consent_date: p.consent_date,
        can_search: blocked.is_none(),
        blocked,
        join_status: Some(p.join_status),
    })
}

/// The pupil's school, class, profile, consent, and whether they may search and apply.
#[utoipa::path(tag = "Pupils", security(("bearer" = [])), responses((status = 200, body = MyPupilProfile)))]
#[get("/pupils/me")]
pub async fn get_me(state: web::Data<AppState>, pupil: PupilUser) -> AppResult<web::Json<MyPupilProfile>> {
    let id = pupil.pupil_id();
    Ok(web::Json(state.run(move |conn| my_profile(conn, &id)).await?))
}

/// The pupil chooses their class (and so their school). Changing school clears the consent.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    request_body = EnrolmentRequest,
    responses((status = 200, body = MyPupilProfile), (status = 404, description = "Unknown class (`NOT_FOUND`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`, `WRONG_JOIN_CODE`)", body = ErrorBody))
)]
#[put("/pupils/me/enrolment")]
pub async fn enrol(state: web::Data<AppState>, req: HttpRequest, pupil: PupilUser, body: web::Json<EnrolmentRequest>) -> AppResult<web::Json<MyPupilProfile>> {
    body.validate()?;
    // A code is something to guess: tries are limited per address.
    state.limit(&req, "join-class", 20)?;
    let id = pupil.pupil_id();
    let EnrolmentRequest { class_id, join_code } = body.into_inner();
    let profile = state
        .run(move |conn| {
            use crate::db::schema::school_classes;
            use diesel::prelude::*;
            let class: crate::schools::model::SchoolClass =
                school_classes::table.find(&class_id).first(conn).optional()?.ok_or_else(|| AppError::not_found("Classe introuvable."))?;
            let typed = join_code.as_deref().map(crate::schools::rules::normalise_join_code).filter(|c| !c.is_empty());
            if typed.is_some() && typed != class.join_code {
                return Err(AppError::field("join_code", "Ce code ne correspond pas à cette classe : vérifie-le auprès de ton professeur.")
                    .with_code(ErrorCode::WrongJoinCode));
            }
            let now = db::now();
            db::transaction(conn, |conn| {
                let existing = queries::find(conn, &id)?;
                // With the code, or moving between classes of the school that already approved
                // the pupil: at once. Otherwise the school approves first.
                let same_school = existing.as_ref().is_some_and(|p| p.school_uai == class.school_uai && p.join_status == "active");
                let status = if typed.is_some() || same_school { "active" } else { "pending" };
                match existing {
                    Some(p) => queries::set_class(conn, &id, &class.school_uai, &class.id, p.school_uai != class.school_uai, status, now)?,
                    None => queries::insert(&mut *conn, &Pupil { join_status: status.to_owned(), ..Pupil::enrolled(&id, &class.school_uai, &class.id, now) })?,
                }
                Ok(())
            })?;
            my_profile(conn, &id)
        })
        .await?;
    Ok(web::Json(profile))
}

/// The pupil's profile and CV.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    request_body = ProfileRequest,
    responses((status = 200, body = MyPupilProfile), (status = 409, description = "No school and class chosen yet (`SCHOOL_NOT_CHOSEN`)", body = ErrorBody))
)]
#[put("/pupils/me/profile")]
pub async fn update_profile(state: web::Data<AppState>, pupil: PupilUser, body: web::Json<ProfileRequest>) -> AppResult<web::Json<MyPupilProfile>> {
    let b = body.into_inner();
    let today = chrono::Utc::now().date_naive();
    let problems = super::rules::profile_problems(b.birth_date, b.home_postal_code.as_deref(), &b.legal_representatives, &b.cv, today);
    let mut err = AppError::validation();
    for (f, m) in problems {
        err = err.with_field(&f, m);
    }
    let phone = match b.contact_phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => match crate::accounts::rules::normalize_phone(p) {
            Some(n) => Some(n),
            None => {
                err = err.with_field("contact_phone", "Numéro de mobile invalide.");
                None
            }
        },
        None => None,
    };
    if !err.fields.is_empty() {
        return Err(err);
    }
    let id = pupil.pupil_id();
    let agreement_settings = crate::agreements::service::Settings { public_url: state.config.public_url.clone() };
    let profile = state
        .run(move |conn| {
            if queries::find(conn, &id)?.is_none() {
                return Err(AppError::conflict("Choisissez d'abord votre établissement et votre classe.").with_code(ErrorCode::SchoolNotChosen));
            }
            let reps = serde_json::to_string(&b.legal_representatives).map_err(|_| AppError::internal())?;
            let cv = serde_json::to_string(&b.cv).map_err(|_| AppError::internal())?;
            db::transaction(conn, |conn| {
                queries::set_profile(conn, &id, b.birth_date, b.gender.as_str(), b.home_postal_code.as_deref(), phone.as_deref(), &reps, &cv, db::now())?;
                // The agreement says what the profile says until everyone has signed.
                crate::agreements::service::pupil_changed(conn, &id, &agreement_settings)?;
                Ok(())
            })?;
            my_profile(conn, &id)
        })
        .await?;
    Ok(web::Json(profile))
}

/// The classes a pupil can choose in a registered school (names only).
#[utoipa::path(
    tag = "Pupils",
    params(("uai" = String, Path, max_length = 8)),
    responses((status = 200, body = Vec<ClassResponse>))
)]
#[get("/schools/{uai}/public-classes")]
pub async fn public_classes(state: web::Data<AppState>, uai: web::Path<String>) -> AppResult<web::Json<Vec<ClassResponse>>> {
    let uai = uai.into_inner().to_uppercase();
    let year = SchoolYear::of(chrono::Utc::now().date_naive()).label();
    let rows = state
        .run(move |conn| {
            school_q::registration(conn, &uai)?.ok_or_else(|| AppError::not_found("Cet établissement n'est pas encore inscrit."))?;
            Ok(school_q::classes(conn, &uai, &year)?)
        })
        .await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Pupils of the school that the staff member follows (teachers: their classes).
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), PupilsQuery),
    responses((status = 200, body = Vec<PupilRow>), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[get("/schools/{uai}/pupils")]
pub async fn list_pupils(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    query: web::Query<PupilsQuery>,
) -> AppResult<web::Json<Vec<PupilRow>>> {
    let uai = uai.into_inner();
    let q = query.into_inner();
    let rows = state
        .run(move |conn| {
            let (school, v) = visible(conn, &uai, &user)?;
            if let Some(c) = &q.class_id {
                may_see_class(&v, c)?;
            }
            let classes = crate::schools::classes_all(conn, &school.uai)?;
            let names: std::collections::HashMap<ClassId, String> = classes.into_iter().map(|c| (c.id, c.name)).collect();
            let out = queries::of_school(conn, &school.uai, None)?
                .into_iter()
                .filter(|(p, _)| v.sees_class(&p.class_id))
                .filter(|(p, _)| q.class_id.as_ref().is_none_or(|c| p.class_id.as_str() == c))
                .filter(|(p, _)| q.consent.is_none_or(|want| p.consent_date.is_some() == want))
                .map(|(p, u)| row(&p, &u, names.get(&p.class_id).map(String::as_str).unwrap_or("")))
                .collect::<Vec<_>>();
            let mut out = out;
            let ids: Vec<PupilId> = out.iter().map(|r| PupilId::from(&r.user_id)).collect();
            let grades = class_grades(conn, &school.uai)?;
            fill(&mut out, &application_counts(conn, &school.uai, &ids)?, &crate::external_internships::elsewhere_of(conn, &school.uai, None, &ids)?, &grades);
            Ok(out)
        })
        .await?;
    Ok(web::Json(rows))
}

pub(crate) fn followed_pupil(conn: &mut db::AnyConnection, uai: &str, user: &CurrentUser, pupil_id: &PupilId) -> AppResult<(Pupil, User, String)> {
    const MISSING: &str = "Élève introuvable dans cet établissement.";
    let (school, v) = crate::schools::service::visible_item(conn, uai, user, MISSING)?;
    let pupil =
        queries::find(conn, pupil_id)?.filter(|p| p.school_uai == school.uai && p.join_status == "active").ok_or_else(|| AppError::not_found(MISSING))?;
    may_see_class(&v, &pupil.class_id)?;
    let account = crate::accounts::find_user(conn, pupil_id)?.ok_or_else(|| AppError::not_found("Élève introuvable."))?;
    let class_name = school_q::class_by_id(conn, &school.uai, &pupil.class_id)?.map(|c| c.name).unwrap_or_default();
    Ok((pupil, account, class_name))
}

/// A pupil's details, for the staff who follow them (birth date, legal representatives).
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    responses((status = 200, body = PupilDetail), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[get("/schools/{uai}/pupils/{pupil_id}")]
pub async fn get_pupil(state: web::Data<AppState>, user: CurrentUser, path: web::Path<(String, PupilId)>) -> AppResult<web::Json<PupilDetail>> {
    let (uai, pupil_id) = path.into_inner();
    let detail = state
        .run(move |conn| {
            let detail = pupil_detail(conn, &uai, &user, &pupil_id)?;
            crate::audit::record(conn, &user, crate::audit::Action::Read, crate::audit::Resource::PupilProfile, &pupil_id, &pupil_id, &uai.to_uppercase())?;
            Ok(detail)
        })
        .await?;
    Ok(web::Json(detail))
}

/// A followed pupil's file, as the staff read it.
fn pupil_detail(conn: &mut db::AnyConnection, uai: &str, user: &CurrentUser, pupil_id: &PupilId) -> AppResult<PupilDetail> {
    let (p, u, class_name) = followed_pupil(conn, uai, user, pupil_id)?;
    let (reps, cv) = profile_of(&p);
    let r = full_row(conn, &p, &u, &class_name)?;
    let consent_withdrawal = match queries::last_consent_withdrawal(conn, &p.user_id)? {
        Some(w) => Some(ConsentWithdrawalView {
            withdrawn_by: crate::accounts::find_user(conn, &w.withdrawn_by)?.map(|u| format!("{} {}", u.first_name, u.last_name)).unwrap_or_default(),
            consent_date: w.consent_date,
            reason: w.reason,
            withdrawn_at: w.withdrawn_at,
        }),
        None => None,
    };
    Ok(PupilDetail {
        consent_withdrawal,
        row: r,
        email: u.email.clone(),
        phone: u.phone.clone(),
        birth_date: p.birth_date,
        ine: p.ine.clone(),
        home_postal_code: p.home_postal_code.clone(),
        legal_representatives: reps,
        cv,
        lives_in_qpv: p.lives_in_qpv,
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityNeighbourhoodRequest {
    /// The family lives in a priority neighbourhood (QPV) of the city policy.
    pub lives_in_qpv: bool,
}

/// The staff who follow a pupil record whether the family lives in a priority neighbourhood
/// (QPV): the school knows the address, the platform only a postal code. The offers reserved
/// to priority education then open to the pupil, first in their search. Audited.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    request_body = PriorityNeighbourhoodRequest,
    responses((status = 200, body = PupilDetail), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[put("/schools/{uai}/pupils/{pupil_id}/priority-neighbourhood")]
pub async fn set_priority_neighbourhood(
    state: web::Data<AppState>,
    staff: crate::auth::SchoolStaff,
    path: web::Path<(String, PupilId)>,
    body: web::Json<PriorityNeighbourhoodRequest>,
) -> AppResult<web::Json<PupilDetail>> {
    let (uai, pupil_id) = path.into_inner();
    let lives_in_qpv = body.into_inner().lives_in_qpv;
    let detail = state
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let (p, _, _) = followed_pupil(conn, &uai, &staff, &pupil_id)?;
                queries::set_lives_in_qpv(conn, &p.user_id, lives_in_qpv, db::now())?;
                crate::audit::record(conn, &staff, crate::audit::Action::Change, crate::audit::Resource::PupilProfile, &pupil_id, &pupil_id, &p.school_uai)?;
                Ok(())
            })?;
            pupil_detail(conn, &uai, &staff, &pupil_id)
        })
        .await?;
    Ok(web::Json(detail))
}

/// Records the parental consent (date, and who recorded it). Opens search to the pupil.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    request_body = ConsentRequest,
    responses((status = 200, body = PupilRow), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 409, description = "Conflicts with the current state (`ALREADY_EXISTS`, `CONFLICT`, `CONSENT_SCAN_REQUIRED`)", body = ErrorBody))
)]
#[post("/schools/{uai}/pupils/{pupil_id}/consent")]
pub async fn record_consent(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, PupilId)>,
    body: web::Json<ConsentRequest>,
) -> AppResult<web::Json<PupilRow>> {
    let (uai, pupil_id) = path.into_inner();
    let date = body.into_inner().consent_date;
    let today = chrono::Utc::now().date_naive();
    if date > today || date < today - chrono::Duration::days(400) {
        return Err(AppError::field("consent_date", "Date invalide (ni future, ni de plus d'un an)."));
    }
    let out = state
        .run(move |conn| {
            let (mut p, u, class_name) = followed_pupil(conn, &uai, &user, &pupil_id)?;
            let scan_required = school_q::registration(conn, &p.school_uai)?.is_some_and(|r| r.consent_scan_required);
            if scan_required && p.consent_document_id.is_none() {
                return Err(AppError::conflict("Votre établissement demande l'autorisation numérisée : déposez-la d'abord, puis enregistrez l'accord.")
                    .with_code(ErrorCode::ConsentScanRequired)
                    .with_field("file", "Autorisation numérisée requise."));
            }
            queries::record_consent(conn, &pupil_id, date, &user.id, db::now())?;
            crate::audit::record(conn, &user, crate::audit::Action::Change, crate::audit::Resource::Consent, &pupil_id, &pupil_id, &p.school_uai)?;
            p.consent_date = Some(date);
            tracing::info!(staff = %user.id, pupil = %pupil_id, "parental consent recorded");
            full_row(conn, &p, &u, &class_name)
        })
        .await?;
    Ok(web::Json(out))
}

/// Withdraws the parental consent (the family changed its mind, or it was recorded by mistake),
/// with a reason: the pupil can no longer search nor apply; applications already sent stay, for
/// the staff to follow up. Audited.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    request_body = ConsentWithdrawalRequest,
    responses((status = 200, body = PupilDetail), (status = 409, description = "`NO_CONSENT`", body = ErrorBody))
)]
#[post("/schools/{uai}/pupils/{pupil_id}/consent/withdrawal")]
pub async fn withdraw_consent(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, PupilId)>,
    body: web::Json<ConsentWithdrawalRequest>,
) -> AppResult<web::Json<PupilDetail>> {
    let (uai, pupil_id) = path.into_inner();
    let reason = body.into_inner().reason.trim().to_owned();
    if reason.chars().count() < 5 || reason.chars().count() > 500 {
        return Err(AppError::field("reason", "Indiquez la raison du retrait (5 à 500 caractères)."));
    }
    let out = state
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let (p, _, _) = followed_pupil(conn, &uai, &user, &pupil_id)?;
                let consent_date = p
                    .consent_date
                    .ok_or_else(|| AppError::conflict("Aucun accord parental n'est enregistré pour cet élève.").with_code(ErrorCode::NoConsent))?;
                let w = super::model::ConsentWithdrawal {
                    id: db::new_id(),
                    pupil_id: pupil_id.clone(),
                    school_uai: p.school_uai.clone(),
                    consent_date,
                    reason: reason.clone(),
                    withdrawn_by: user.id.to_string(),
                    withdrawn_at: db::now(),
                };
                queries::withdraw_consent(conn, &w)?;
                crate::audit::record(conn, &user, crate::audit::Action::Change, crate::audit::Resource::Consent, &w.id, &pupil_id, &p.school_uai)?;
                tracing::info!(staff = %user.id, pupil = %pupil_id, "parental consent withdrawn");
                pupil_detail(conn, &uai, &user, &pupil_id)
            })
        })
        .await?;
    Ok(web::Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalRepresentativesRequest {
    /// One or two; e-mail or mobile phone for each, where the signing link goes.
    pub legal_representatives: Vec<LegalRepresentative>,
}

/// The staff who follow a pupil enter the legal representatives (a family without the pupil's
/// account, a pupil who did not fill them): unsigned agreements are rebuilt and, when waiting
/// for signatures, the signing link goes to the representatives at once.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    request_body = LegalRepresentativesRequest,
    responses((status = 200, body = PupilDetail), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[put("/schools/{uai}/pupils/{pupil_id}/legal-representatives")]
pub async fn set_legal_representatives(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, PupilId)>,
    body: web::Json<LegalRepresentativesRequest>,
) -> AppResult<web::Json<PupilDetail>> {
    let (uai, pupil_id) = path.into_inner();
    let reps = body.into_inner().legal_representatives;
    let problems = super::rules::profile_problems(None, None, &reps, &Cv::default(), chrono::Utc::now().date_naive());
    if !problems.is_empty() {
        return Err(problems.into_iter().fold(AppError::validation(), |e, (f, m)| e.with_field(&f, m)));
    }
    let settings = crate::agreements::service::Settings { public_url: state.config.public_url.clone() };
    let detail = state
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let (p, _, _) = followed_pupil(conn, &uai, &user, &pupil_id)?;
                let json = serde_json::to_string(&reps).map_err(|_| AppError::internal())?;
                queries::set_legal_representatives(conn, &p.user_id, &json, db::now())?;
                crate::audit::record(conn, &user, crate::audit::Action::Change, crate::audit::Resource::PupilProfile, &pupil_id, &pupil_id, &p.school_uai)?;
                crate::agreements::service::pupil_changed(conn, &p.user_id, &settings)?;
                Ok(())
            })?;
            pupil_detail(conn, &uai, &user, &pupil_id)
        })
        .await?;
    Ok(web::Json(detail))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitApprovalRequest {
    /// Authorise (or withdraw) this pupil's internship in two hosts.
    pub approved: bool,
}

/// The principal authorises a seconde pupil to split the internship (one week in each of two
/// hosts), the exception the guide leaves to the school; the pupil is told.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    request_body = SplitApprovalRequest,
    responses((status = 200, body = PupilRow))
)]
#[post("/schools/{uai}/pupils/{pupil_id}/split-approval")]
pub async fn approve_split(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, PupilId)>,
    body: web::Json<SplitApprovalRequest>,
) -> AppResult<web::Json<PupilRow>> {
    let (uai, pupil_id) = path.into_inner();
    let approved = body.into_inner().approved;
    let public_url = state.config.public_url.clone();
    let out = state
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let (_, _, member) = crate::schools::service::registered(conn, &uai, &user.id)?;
                crate::schools::policy::may_manage_item(&user, member.as_ref(), "Élève introuvable dans cet établissement.")?;
                let (p, u, _) = followed_pupil(conn, &uai, &user, &pupil_id)?;
                if school_q::class_by_id(conn, &p.school_uai, &p.class_id)?.is_none_or(|c| c.grade != "seconde") {
                    return Err(AppError::field("approved", "Le stage en deux lieux ne concerne que les élèves de seconde."));
                }
                queries::approve_split(conn, &pupil_id, approved.then_some(user.id.as_str()), db::now())?;
                crate::audit::record(conn, &user, crate::audit::Action::Change, crate::audit::Resource::PupilProfile, &pupil_id, &pupil_id, &p.school_uai)?;
                if approved {
                    crate::applications::notify::split_approved(conn, &u, &public_url)?;
                }
                Ok(pupil_detail(conn, &uai, &user, &pupil_id)?.row)
            })
        })
        .await?;
    Ok(web::Json(out))
}

fn dashboard(conn: &mut db::AnyConnection, uai: &str, user: &CurrentUser, year: SchoolYear) -> AppResult<Dashboard> {
    let (school, v) = visible(conn, uai, user)?;
    let classes: Vec<_> = school_q::classes(conn, &school.uai, &year.label())?.into_iter().filter(|c| v.sees_class(&c.id)).collect();
    let pupils = queries::of_school(conn, &school.uai, None)?;
    let ids: Vec<PupilId> = pupils.iter().map(|(p, _)| p.user_id.clone()).collect();
    let counts = application_counts(conn, &school.uai, &ids)?;
    let elsewhere = crate::external_internships::elsewhere_of(conn, &school.uai, Some(&year.label()), &ids)?;
    let grades = class_grades(conn, &school.uai)?;
    let mut pending = 0;
    // Signed agreements of the year, per pupil (a split seconde has two).
    let mut signed: std::collections::HashMap<PupilId, i64> = std::collections::HashMap::new();
    for a in crate::agreements::of_school(conn, &school.uai, Some(&year.label()))?.into_iter().filter(|a| a.status == crate::agreements::rules::Status::Signed)
    {
        *signed.entry(a.pupil_id).or_default() += 1;
    }
    let mut figures = Vec::new();
    let (mut without, mut no_app, mut nudge) = (Vec::new(), Vec::new(), Vec::new());
    for c in &classes {
        let mut rows: Vec<PupilRow> = pupils.iter().filter(|(p, _)| p.class_id == c.id).map(|(p, u)| row(p, u, &c.name)).collect();
        fill(&mut rows, &counts, &elsewhere, &grades);
        pending += rows.iter().filter(|r| r.elsewhere_pending).count() as i64;
        figures.push(ClassFigures {
            class_id: c.id.to_string(),
            name: c.name.clone(),
            grade: crate::schools::rules::Grade::parse(&c.grade).unwrap_or(crate::schools::rules::Grade::Troisieme),
            pupils: rows.len() as i64,
            consents: rows.iter().filter(|r| r.consent_date.is_some()).count() as i64,
            applied: rows.iter().filter(|r| r.applications > 0).count() as i64,
            placed: rows.iter().filter(|r| r.placed).count() as i64,
            placed_elsewhere: rows.iter().filter(|r| r.coverage == crate::external_internships::rules::Coverage::Elsewhere).count() as i64,
            agreements_signed: rows.iter().map(|r| signed.get(r.user_id.as_str()).copied().unwrap_or(0)).sum(),
        });
        for r in rows {
            if counts.get(r.user_id.as_str()).is_some_and(|c| c.accepted > 0) && !r.placed {
                nudge.push(r.clone());
            }
            if r.applications == 0 && !r.placed {
                no_app.push(r.clone());
            }
            if !r.placed {
                without.push(r);
            }
        }
    }
    Ok(Dashboard {
        school_year: year.label(),
        classes: figures,
        without_internship: without,
        without_application: no_app,
        to_nudge: nudge,
        elsewhere_to_validate: pending,
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
}

/// Follow-up per class: pupils, consents, applications, placements, agreements.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), DashboardQuery),
    responses((status = 200, body = Dashboard))
)]
#[get("/schools/{uai}/dashboard")]
pub async fn get_dashboard(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    query: web::Query<DashboardQuery>,
) -> AppResult<web::Json<Dashboard>> {
    let year = year_or_current(query.school_year.as_deref())?;
    let uai = uai.into_inner();
    Ok(web::Json(state.run(move |conn| dashboard(conn, &uai, &user, year)).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardExportQuery {
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
    /// `csv` (default: the pupils still without an internship) or `xlsx` (that list, and the
    /// figures per class on a second sheet).
    #[param(inline)]
    pub format: Option<crate::http::spreadsheet::Format>,
}

/// The pupils still without an internship, as CSV (UTF-8 with BOM for spreadsheets) or an XLSX
/// workbook with the figures per class.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), DashboardExportQuery),
    responses((status = 200, content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))))
)]
#[get("/schools/{uai}/dashboard/export")]
pub async fn export_dashboard(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    query: web::Query<DashboardExportQuery>,
) -> AppResult<HttpResponse> {
    use crate::http::spreadsheet::{respond, Cell, Sheet};
    let year = year_or_current(query.school_year.as_deref())?;
    let format = query.format.unwrap_or_default();
    let uai = uai.into_inner();
    let d = state.run(move |conn| dashboard(conn, &uai, &user, year)).await?;
    let yes_no = |b: bool| Cell::from(if b { "oui" } else { "non" });
    let mut pupils = Sheet::new(
        "Élèves sans stage",
        &["classe", "nom", "prénom", "autorisation parentale", "candidatures", "stage trouvé", "stage hors plateforme à valider"],
    );
    pupils.rows = d
        .without_internship
        .iter()
        .map(|r| {
            vec![
                r.class_name.clone().into(),
                r.last_name.clone().into(),
                r.first_name.clone().into(),
                r.consent_date.map(|d| Cell::Date(Some(d))).unwrap_or_else(|| "non".into()),
                r.applications.into(),
                yes_no(r.placed),
                yes_no(r.elsewhere_pending),
            ]
        })
        .collect();
    let mut classes = Sheet::new(
        "Classes",
        &["classe", "élèves", "autorisations parentales", "ont candidaté", "stage trouvé", "dont hors plateforme", "conventions signées"],
    );
    classes.rows = d
        .classes
        .iter()
        .map(|c| {
            vec![
                c.name.clone().into(),
                c.pupils.into(),
                c.consents.into(),
                c.applied.into(),
                c.placed.into(),
                c.placed_elsewhere.into(),
                c.agreements_signed.into(),
            ]
        })
        .collect();
    respond(format, &format!("eleves-sans-stage-{}", d.school_year), &[pupils, classes])
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_me)
        .service(enrol)
        .service(update_profile)
        .service(public_classes)
        .service(list_pupils)
        .service(get_pupil)
        .service(record_consent)
        .service(withdraw_consent)
        .service(approve_split)
        .service(set_legal_representatives)
        .service(set_priority_neighbourhood)
        .service(get_dashboard)
        .service(export_dashboard);
}
