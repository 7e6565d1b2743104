//! HTTP face of the agreements domain.

use crate::error::ErrorCode;
use crate::ids::{AgreementId, ApplicationId, OfferId, OrganisationId, PupilId};

use std::collections::HashMap;

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::Agreement;
use super::policy::Access;
use super::rules::{HostPart, Party, SchoolPart, Status};
use super::service::{self, Settings};
use super::{documents, queries as q};
use crate::auth::CurrentUser;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::state::AppState;

fn settings(state: &AppState) -> Settings {
    Settings { public_url: state.config.public_url.clone() }
}

/// Today in Paris by the app's clock (tests move it): when the internship is over.
fn today(state: &AppState) -> NaiveDate {
    crate::campaigns::rules::utc_to_paris(state.clock.now()).date()
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SignatureView {
    pub party: Party,
    pub signer_name: String,
    /// `account` or `link_code`.
    pub method: String,
    #[serde(with = "crate::http::utc")]
    pub signed_at: NaiveDateTime,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct RepresentativeView {
    pub party: Party,
    pub name: String,
    /// A link is out and still usable.
    pub link_pending: bool,
    #[serde(default, with = "crate::http::utc::option")]
    pub link_sent_at: Option<NaiveDateTime>,
    pub link_locked: bool,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AbsenceView {
    pub id: String,
    pub day: NaiveDate,
    /// `absence` or `illness`.
    pub kind: String,
    pub note: String,
    #[serde(with = "crate::http::utc")]
    pub created_at: NaiveDateTime,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct StaffChoice {
    /// The staff member's account id (what `teacher_user_id` takes).
    pub user_id: String,
    /// The same account id, under its former name.
    #[schema(deprecated)]
    pub id: String,
    pub name: String,
    pub function: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AgreementSummary {
    pub id: String,
    /// The confirmed application the agreement is for.
    pub application_id: String,
    pub status: Status,
    pub status_label: String,
    pub pupil_name: String,
    pub offer_title: String,
    pub organisation_name: String,
    pub school_uai: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Parties whose action is awaited (to fill: host or school; to sign: those who have not).
    pub waiting_for: Vec<Party>,
    /// SHA-256 of the text being signed, in lower-case hex: what the sign requests send back.
    #[schema(max_length = 64, min_length = 64, pattern = "^[0-9a-f]{64}$")]
    pub document_hash: String,
    /// The pupil asked the host for the attestation.
    #[serde(default, with = "crate::http::utc::option")]
    pub attestation_requested_at: Option<chrono::NaiveDateTime>,
    /// The host issued it (downloadable).
    #[serde(default, with = "crate::http::utc::option")]
    pub attestation_issued_at: Option<chrono::NaiveDateTime>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AgreementView {
    #[serde(flatten)]
    pub summary: AgreementSummary,
    pub version: i32,
    /// The pupil (staff link to the pupil's file, e.g. to enter a legal representative).
    pub pupil_id: String,
    pub class_name: String,
    pub school_name: String,
    pub offer_id: String,
    /// The exact text signed (the hash is of it).
    pub document_text: String,
    /// What the host filled, or the draft taken from the offer.
    pub host_part: HostPart,
    pub host_filled: bool,
    pub school_part: SchoolPart,
    pub school_filled: bool,
    pub required: Vec<Party>,
    pub signatures: Vec<SignatureView>,
    pub legal_representatives: Vec<RepresentativeView>,
    pub absences: Vec<AbsenceView>,
    /// Who reads the agreement, as what.
    pub viewer: Viewer,
    /// The party the viewer signs for, when they still have to.
    pub can_sign_as: Option<Party>,
    #[serde(default, with = "crate::http::utc::option")]
    pub attestation_requested_at: Option<NaiveDateTime>,
    #[serde(default, with = "crate::http::utc::option")]
    pub attestation_issued_at: Option<NaiveDateTime>,
    /// The weekdays of the internship (the days an attestation may count).
    pub internship_days: Vec<NaiveDate>,
    /// The presence limits applied to this pupil, as the agreement states them.
    pub hours_rule: String,
    /// The days of presence on the issued attestation.
    pub attestation_days_present: Option<Vec<NaiveDate>>,
    pub cancel_reason: Option<String>,
    /// For the school's signers: whom they may name to follow the pupil.
    pub staff_choices: Vec<StaffChoice>,
}

fn waiting(a: &Agreement, missing: Vec<Party>) -> Vec<Party> {
    match a.status {
        Status::HostToFill => vec![Party::Host],
        Status::SchoolToFill => vec![Party::School],
        Status::ToSign => missing,
        _ => Vec::new(),
    }
}

fn summaries(conn: &mut AnyConnection, list: Vec<Agreement>) -> AppResult<Vec<AgreementSummary>> {
    let ids: Vec<AgreementId> = list.iter().map(|a| a.id.clone()).collect();
    let mut sigs: HashMap<AgreementId, Vec<super::model::Signature>> = HashMap::new();
    for s in q::live_signatures_of(conn, &ids)? {
        sigs.entry(s.agreement_id.clone()).or_default().push(s);
    }
    let offer_ids: Vec<OfferId> = list.iter().map(|a| a.offer_id.clone()).collect();
    let offers: HashMap<OfferId, crate::offers::model::Offer> = crate::offers::load_many(conn, &offer_ids)?.into_iter().map(|o| (o.id.clone(), o)).collect();
    let pupil_ids: Vec<PupilId> = list.iter().map(|a| a.pupil_id.clone()).collect();
    let pupils: HashMap<PupilId, (crate::pupils::model::Pupil, crate::accounts::User)> =
        crate::pupils::with_users(conn, &pupil_ids)?.into_iter().map(|(p, u)| (p.user_id.clone(), (p, u))).collect();
    let org_ids: Vec<OrganisationId> = list.iter().map(|a| a.organisation_id.clone()).collect();
    let orgs = crate::offers::organisation_names(conn, &org_ids)?;
    let mut out = Vec::with_capacity(list.len());
    for a in list {
        let (birth, reps, name) = match pupils.get(&a.pupil_id) {
            Some((p, u)) => (
                p.birth_date,
                serde_json::from_str::<Vec<crate::pupils::rules::LegalRepresentative>>(&p.legal_representatives).unwrap_or_default(),
                format!("{} {}", u.first_name, u.last_name),
            ),
            None => (None, Vec::new(), String::new()),
        };
        let facts = service::PupilFacts { name: name.clone(), birth_date: birth, class_name: String::new(), class_id: None, legal_representatives: reps };
        let missing = service::missing(&a, &facts, sigs.get(&a.id).map(Vec::as_slice).unwrap_or(&[]));
        out.push(AgreementSummary {
            status: a.status,
            status_label: a.status.label().into(),
            pupil_name: name,
            offer_title: offers.get(&a.offer_id).map(|o| o.title.clone()).unwrap_or_default(),
            organisation_name: orgs.get(&a.organisation_id).cloned().unwrap_or_default(),
            school_uai: a.school_uai.clone(),
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            waiting_for: waiting(&a, missing),
            document_hash: a.document_hash.clone(),
            attestation_requested_at: a.attestation_requested_at,
            attestation_issued_at: a.attestation_issued_at,
            application_id: a.application_id.to_string(),
            id: a.id.into(),
        });
    }
    Ok(out)
}

/// The agreements of these applications (id, status, whose action they await), by application.
pub(super) fn of_applications(conn: &mut AnyConnection, application_ids: &[ApplicationId]) -> AppResult<HashMap<ApplicationId, super::PlacementAgreement>> {
    if application_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = q::of_application_ids(conn, application_ids)?;
    Ok(summaries(conn, list)?.into_iter().map(|s| (ApplicationId::from(s.application_id), (AgreementId::from(s.id), s.status, s.waiting_for))).collect())
}

fn view(conn: &mut AnyConnection, a: Agreement, access: Access) -> AppResult<AgreementView> {
    let pupil = service::pupil_facts(conn, &a)?;
    let live = q::live_signatures(conn, &a.id)?;
    let missing = service::missing(&a, &pupil, &live);
    let required = service::signature_block(&a, &pupil, &live);
    let links = q::links_of(conn, &a.id)?;
    let now = db::now();
    let legal_representatives = required
        .iter()
        .filter_map(|p| p.legal_rep_index().map(|i| (*p, i)))
        .map(|(party, i)| {
            let last = links.iter().rfind(|l| l.party == party.as_str());
            RepresentativeView {
                party,
                name: pupil.legal_representatives.get(i).map(|r| r.name.clone()).unwrap_or_default(),
                link_pending: last.is_some_and(|l| l.used_at.is_none() && l.revoked_at.is_none() && l.locked_at.is_none() && l.expires_at > now),
                link_sent_at: last.map(|l| l.created_at),
                link_locked: last.is_some_and(|l| l.locked_at.is_some()),
            }
        })
        .collect();
    let (viewer, mine) = match access {
        Access::Pupil => (Viewer::Pupil, Some(Party::Pupil)),
        Access::Host => (Viewer::Host, Some(Party::Host)),
        Access::School { signer: true } => (Viewer::SchoolSigner, Some(Party::School)),
        Access::School { signer: false } => (Viewer::School, None),
        Access::Admin => (Viewer::Admin, None),
    };
    let staff_choices = if access == (Access::School { signer: true }) {
        crate::schools::staff_with_users(conn, &a.school_uai)?
            .into_iter()
            .filter(|(m, _)| m.status == "active")
            .map(|(m, u)| StaffChoice { user_id: u.id.to_string(), id: u.id.into(), name: format!("{} {}", u.first_name, u.last_name), function: m.function })
            .collect()
    } else {
        Vec::new()
    };
    let school_name = crate::reference::schools_by_uai(conn, std::slice::from_ref(&a.school_uai))?.pop().map(|s| s.name).unwrap_or_default();
    let absences =
        q::absences(conn, &a.id)?.into_iter().map(|r| AbsenceView { id: r.id, day: r.day, kind: r.kind, note: r.note, created_at: r.created_at }).collect();
    let host_part = serde_json::from_str(&a.host_part).unwrap_or_default();
    let school_part = serde_json::from_str(&a.school_part).unwrap_or_default();
    let summary = summaries(conn, vec![a.clone()])?.pop().ok_or_else(AppError::internal)?;
    let internship_days = match crate::applications::find(conn, &a.application_id)? {
        Some(app) => super::rules::internship_days(&app.weeks()),
        None => Vec::new(),
    };
    Ok(AgreementView {
        summary,
        pupil_id: a.pupil_id.to_string(),
        version: a.version,
        class_name: pupil.class_name,
        school_name,
        offer_id: a.offer_id.to_string(),
        document_text: a.document_text.clone(),
        host_part,
        host_filled: a.host_filled_at.is_some(),
        school_part,
        school_filled: a.school_filled_at.is_some(),
        signatures: live
            .into_iter()
            .filter_map(|s| Some(SignatureView { party: s.party()?, signer_name: s.signer_name, method: s.method, signed_at: s.signed_at }))
            .collect(),
        can_sign_as: mine.filter(|p| a.status == Status::ToSign && missing.contains(p)),
        required,
        legal_representatives,
        absences,
        viewer,
        attestation_requested_at: a.attestation_requested_at,
        attestation_issued_at: a.attestation_issued_at,
        internship_days,
        hours_rule: crate::working_hours::rule_text(pupil.birth_date, a.starts_on, a.ends_on),
        attestation_days_present: a.days_present(),
        cancel_reason: a.cancel_reason.clone(),
        staff_choices,
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementListQuery {
    /// Only this school year's agreements (`2026-2027`); every year's by default.
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
}

/// The agreements of the signed-in person: a pupil's own, a host's, those of a school's pupils
/// the staff member follows. The whole list (bounded by the person's schools or organisations,
/// never cut), earliest internship first; `school_year` keeps one year's.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(AgreementListQuery), responses((status = 200, body = Vec<AgreementSummary>)))]
#[get("/agreements")]
pub async fn list_agreements(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<AgreementListQuery>,
) -> AppResult<web::Json<Vec<AgreementSummary>>> {
    let school_year = query.into_inner().school_year;
    if school_year.as_deref().is_some_and(|y| crate::schools::rules::SchoolYear::parse(y).is_none()) {
        return Err(AppError::field("school_year", "Année scolaire attendue sous la forme 2026-2027."));
    }
    Ok(web::Json(
        state
            .run(move |conn| {
                let list = service::list_for(conn, &user, school_year.as_deref())?;
                summaries(conn, list)
            })
            .await?,
    ))
}

type Work = Box<dyn FnOnce(&mut AnyConnection, &CurrentUser, &Settings) -> AppResult<Agreement> + Send>;

/// Runs a change and answers with the agreement as the user now sees it.
async fn act(state: &AppState, user: CurrentUser, work: Work) -> AppResult<web::Json<AgreementView>> {
    let s = settings(state);
    Ok(web::Json(
        state
            .run(move |conn| {
                let a = work(conn, &user, &s)?;
                let access = service::access(conn, &a, &user)?;
                view(conn, a, access)
            })
            .await?,
    ))
}

/// One agreement: its parties, its text, who has signed and who is awaited.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), responses((status = 200, body = AgreementView), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/agreements/{agreement_id}")]
pub async fn get_agreement(state: web::Data<AppState>, user: CurrentUser, id: web::Path<AgreementId>) -> AppResult<web::Json<AgreementView>> {
    let id = id.into_inner();
    act(&state, user, Box::new(move |conn, user, _| Ok(service::load(conn, &id, user)?.0))).await
}

/// The host fills its part (representative, tutor, hours, activities, lunch, insurance, safety).
/// After a signature, a change voids the signatures and the signers are told.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), request_body = HostPart, responses((status = 200, body = AgreementView), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_YOUR_PART`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 409, description = "Conflicts with the current state (`AGREEMENT_CANCELLED`, `ALREADY_EXISTS`, `CONFLICT`)", body = ErrorBody)))]
#[put("/agreements/{agreement_id}/host-part")]
pub async fn fill_host_part(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<AgreementId>,
    body: web::Json<HostPart>,
) -> AppResult<web::Json<AgreementView>> {
    let (id, part) = (id.into_inner(), body.into_inner());
    act(&state, user, Box::new(move |conn, user, s| service::fill_host(conn, &id, user, part, s))).await
}

/// The principal (or a delegate) fills the school's part and names the teacher in charge.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), request_body = SchoolPart, responses((status = 200, body = AgreementView), (status = 409, description = "The host has not filled its part (`HOST_PART_MISSING`)", body = ErrorBody), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_SIGNER`, `NOT_YOUR_PART`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[put("/agreements/{agreement_id}/school-part")]
pub async fn fill_school_part(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<AgreementId>,
    body: web::Json<SchoolPart>,
) -> AppResult<web::Json<AgreementView>> {
    let (id, part) = (id.into_inner(), body.into_inner());
    act(&state, user, Box::new(move |conn, user, s| service::fill_school(conn, &id, user, part, s))).await
}

/// Who reads an agreement: the pupil, the host, the school (its signer: the principal or their
/// delegate) or an administrator.
#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum Viewer {
    Pupil,
    Host,
    School,
    SchoolSigner,
    Admin,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignRequest {
    /// The `document_hash` of the version read: a changed agreement is refused (409).
    #[schema(max_length = 64, min_length = 64, pattern = "^[0-9a-f]{64}$")]
    pub document_hash: String,
}

/// A document hash as every sign request takes it: 64 lower-case hexadecimal characters.
fn check_hash(field: &str, hash: &str) -> AppResult<()> {
    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(AppError::field(field, "Empreinte attendue : 64 caractères hexadécimaux (0-9, a-f), celle de la version lue."))
    }
}

/// The signed-in party signs (host's representative, principal or delegate, pupil).
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), request_body = SignRequest, responses((status = 200, body = AgreementView), (status = 409, description = "`AGREEMENT_CHANGED`, `ALREADY_SIGNED`, `NOT_READY_TO_SIGN` (`NOT_THE_SIGNATORY`)", body = ErrorBody), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_SIGNER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[post("/agreements/{agreement_id}/sign")]
pub async fn sign_agreement(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    id: web::Path<AgreementId>,
    body: web::Json<SignRequest>,
) -> AppResult<web::Json<AgreementView>> {
    let (id, hash, ip) = (id.into_inner(), body.into_inner().document_hash, state.client_ip(&req));
    check_hash("document_hash", &hash)?;
    act(&state, user, Box::new(move |conn, user, s| service::sign(conn, &id, user, &hash, &ip, s))).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchItem {
    #[schema(max_length = 64)]
    pub agreement_id: String,
    #[schema(max_length = 64, min_length = 64, pattern = "^[0-9a-f]{64}$")]
    pub document_hash: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchSignRequest {
    #[schema(max_items = 100)]
    pub items: Vec<BatchItem>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct BatchSignResult {
    pub agreement_id: String,
    pub signed: bool,
    pub status: Option<Status>,
    pub error: Option<ErrorBody>,
}

/// Signs several agreements at once (principals and hosts sign dozens); each item succeeds or
/// fails on its own.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), request_body = BatchSignRequest, responses((status = 200, body = Vec<BatchSignResult>)))]
#[post("/agreements/sign-batch")]
pub async fn sign_agreements_batch(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<BatchSignRequest>,
) -> AppResult<web::Json<Vec<BatchSignResult>>> {
    let items: Vec<(String, String)> = body.into_inner().items.into_iter().map(|i| (i.agreement_id, i.document_hash)).collect();
    if items.is_empty() || items.len() > 100 {
        return Err(AppError::field("items", "Entre 1 et 100 conventions à la fois."));
    }
    for (i, (_, hash)) in items.iter().enumerate() {
        check_hash(&format!("items[{i}].document_hash"), hash)?;
    }
    let (ip, s) = (state.client_ip(&req), settings(&state));
    let results =
        state.run(move |conn| Ok(items.iter().map(|i| i.0.clone()).zip(service::sign_many(conn, &user, &items, &ip, &s)).collect::<Vec<_>>())).await?;
    Ok(web::Json(
        results
            .into_iter()
            .map(|(id, r)| match r {
                Ok(a) => BatchSignResult { agreement_id: id, signed: true, status: Some(a.status), error: None },
                Err(e) => BatchSignResult { agreement_id: id, signed: false, status: None, error: Some(e.body()) },
            })
            .collect(),
    ))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LinkSent {
    pub party: Party,
    /// Masked destination (e-mail or phone) when sent.
    pub sent_to: Option<String>,
    /// Why not sent (no contact recorded).
    pub problem: Option<String>,
}

/// The school sends again the signing links to the legal representatives who have not signed
/// (older links stop working). At most 3 a day per representative, 5 minutes apart (429).
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), responses((status = 200, body = Vec<LinkSent>), (status = 429, description = "Resent too often (`LINK_RESEND_LIMIT`)", body = ErrorBody), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_SIGNER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[post("/agreements/{agreement_id}/signing-links")]
pub async fn resend_signing_links(state: web::Data<AppState>, user: CurrentUser, id: web::Path<AgreementId>) -> AppResult<web::Json<Vec<LinkSent>>> {
    let (id, s) = (id.into_inner(), settings(&state));
    let out = state.run(move |conn| service::send_links(conn, &id, &user, &s)).await?;
    Ok(web::Json(out.into_iter().map(|o| LinkSent { party: o.party, sent_to: o.sent_to, problem: o.problem }).collect()))
}

fn pdf_response(bytes: Vec<u8>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(bytes)
}

/// The agreement as a PDF: the signed text, the signatures block and the audit page ("PROJET"
/// until every party has signed).
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/agreements/{agreement_id}/pdf")]
pub async fn agreement_pdf(state: web::Data<AppState>, user: CurrentUser, id: web::Path<AgreementId>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let base = state.config.public_url.clone();
    let bytes = state
        .run(move |conn| {
            let (a, _) = service::load(conn, &id, &user)?;
            crate::audit::record(conn, &user, crate::audit::Action::Read, crate::audit::Resource::AgreementPdf, &a.id, &a.pupil_id, &a.school_uai)?;
            let pupil = service::pupil_facts(conn, &a)?;
            let signatures = q::all_signatures(conn, &a.id)?;
            let required = service::signature_block(&a, &pupil, &signatures);
            let verify = format!("{base}/conventions/verifier");
            documents::agreement_pdf(&a, &required, &signatures, &verify, db::now())
        })
        .await?;
    Ok(pdf_response(bytes, "convention.pdf"))
}

#[derive(Deserialize, IntoParams)]
pub struct VerifyQuery {
    /// The SHA-256 printed on the PDF.
    #[param(max_length = 64)]
    pub hash: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct VerifyResponse {
    /// The document is the agreement as stored and signed by every party: the hash is the one
    /// of the stored text, every signature is of it, and none is missing.
    pub valid: bool,
    /// Every party has signed (an unsigned draft is never `valid`).
    pub signed: bool,
    /// The verdict in a sentence, for the person holding the paper.
    pub message: String,
    pub status: Status,
    pub version: i32,
    #[serde(default, with = "crate::http::utc::option")]
    pub signed_at: Option<NaiveDateTime>,
    pub signatures: usize,
}

/// Anyone holding the PDF checks it: nothing personal is returned.
#[utoipa::path(tag = "Agreements", params(("agreement_id" = String, Path, max_length = 64), VerifyQuery), responses((status = 200, body = VerifyResponse)))]
#[get("/agreements/{agreement_id}/verify")]
pub async fn verify_agreement(state: web::Data<AppState>, id: web::Path<AgreementId>, query: web::Query<VerifyQuery>) -> AppResult<web::Json<VerifyResponse>> {
    let (id, hash) = (id.into_inner(), query.into_inner().hash);
    let v = state.run(move |conn| service::verify(conn, &id, &hash)).await?;
    Ok(web::Json(VerifyResponse {
        valid: v.valid,
        signed: v.signed,
        message: v.message,
        status: v.status,
        version: v.version,
        signed_at: v.signed_at,
        signatures: v.signatures,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceRequest {
    pub day: NaiveDate,
    /// `absence` or `illness`.
    #[schema(max_length = 10)]
    pub kind: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub note: String,
}

/// The tutor reports an absence or an illness: the teacher in charge and the CPE are told at once.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), request_body = AbsenceRequest, responses((status = 201, body = AbsenceView), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_YOUR_PART`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[post("/agreements/{agreement_id}/absences")]
pub async fn report_absence(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<AgreementId>,
    body: web::Json<AbsenceRequest>,
) -> AppResult<HttpResponse> {
    let (id, b, s) = (id.into_inner(), body.into_inner(), settings(&state));
    let r = state.run(move |conn| service::report_absence(conn, &id, &user, b.day, &b.kind, &b.note, &s)).await?;
    Ok(HttpResponse::Created().json(AbsenceView { id: r.id, day: r.day, kind: r.kind, note: r.note, created_at: r.created_at }))
}

/// The pupil asks the host for the attestation de stage.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), responses((status = 200, body = AgreementView), (status = 409, description = "Conflicts with the current state (`ALREADY_EXISTS`, `CONFLICT`, `INTERNSHIP_NOT_OVER`, `NOT_SIGNED`)", body = ErrorBody)))]
#[post("/agreements/{agreement_id}/attestation-request")]
pub async fn request_attestation(state: web::Data<AppState>, user: CurrentUser, id: web::Path<AgreementId>) -> AppResult<web::Json<AgreementView>> {
    let id = id.into_inner();
    let today = today(&state);
    act(&state, user, Box::new(move |conn, user, s| service::request_attestation(conn, &id, user, today, s))).await
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct IssueAttestationRequest {
    /// The days the pupil was present; absent: every weekday of the internship less the
    /// absences reported.
    #[schema(max_items = 10)]
    pub days_present: Option<Vec<NaiveDate>>,
}

/// The host issues the attestation, from the internship's last day (409
/// `INTERNSHIP_NOT_OVER` before), with the days of presence it declares.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), request_body = IssueAttestationRequest, responses((status = 200, body = AgreementView), (status = 409, description = "`NOT_SIGNED`, `INTERNSHIP_NOT_OVER`", body = ErrorBody), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_YOUR_PART`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[post("/agreements/{agreement_id}/attestation")]
pub async fn issue_attestation(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<AgreementId>,
    body: web::Json<IssueAttestationRequest>,
) -> AppResult<web::Json<AgreementView>> {
    let id = id.into_inner();
    let days = body.into_inner().days_present;
    if days.as_ref().is_some_and(|d| d.len() > 10) {
        return Err(AppError::field("days_present", "10 jours au plus."));
    }
    let today = today(&state);
    act(&state, user, Box::new(move |conn, user, s| service::issue_attestation(conn, &id, user, days, today, s))).await
}

/// The attestation as a PDF, once issued.
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("agreement_id" = String, Path, max_length = 64)), responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 409, description = "Not issued yet (`NOT_ISSUED`)", body = ErrorBody)))]
#[get("/agreements/{agreement_id}/attestation.pdf")]
pub async fn attestation_pdf(state: web::Data<AppState>, user: CurrentUser, id: web::Path<AgreementId>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let bytes = state
        .run(move |conn| {
            let (a, _) = service::load(conn, &id, &user)?;
            let (Some(issued_at), Some(by)) = (a.attestation_issued_at, a.attestation_issued_by.clone()) else {
                return Err(AppError::conflict("L'attestation n'a pas encore été délivrée.").with_code(ErrorCode::NotIssued));
            };
            let org = crate::organisations::find(conn, &a.organisation_id)?.ok_or_else(AppError::internal)?;
            let issuer = crate::accounts::find_user(conn, &by)?.map(|u| format!("{} {}", u.first_name, u.last_name)).unwrap_or_default();
            let pupil = service::pupil_facts(conn, &a)?;
            let school = crate::reference::schools_by_uai(conn, std::slice::from_ref(&a.school_uai))?.pop().map(|s| s.name).unwrap_or_default();
            let app = crate::applications::find(conn, &a.application_id)?.ok_or_else(AppError::internal)?;
            let days = super::rules::internship_days(&app.weeks());
            let absences = q::absences(conn, &a.id)?;
            let present = a.days_present().unwrap_or_else(|| days.iter().copied().filter(|d| !absences.iter().any(|r| r.day == *d)).collect());
            let f = documents::AttestationFacts {
                host_name: &org.name,
                host_siret: &org.siret,
                host_address: &format!("{}, {} {}", org.address, org.postal_code, org.city),
                pupil_name: &pupil.name,
                school_name: &school,
                issued_by: &issuer,
                issued_at,
                days: &days,
                present: &present,
                absences: &absences,
            };
            documents::attestation_pdf(&a, &f)
        })
        .await?;
    Ok(pdf_response(bytes, "attestation.pdf"))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SigningLinkView {
    pub agreement_id: String,
    pub representative_name: String,
    pub pupil_name: String,
    pub document_text: String,
    /// SHA-256 of the text being signed, in lower-case hex: what the sign requests send back.
    #[schema(max_length = 64, min_length = 64, pattern = "^[0-9a-f]{64}$")]
    pub document_hash: String,
    #[serde(with = "crate::http::utc")]
    pub expires_at: NaiveDateTime,
    /// Wrong codes left before the link locks.
    pub attempts_left: i32,
    /// Who has signed this version already, and when (where the agreement stands).
    pub signed: Vec<SignedBy>,
    /// Who is still awaited, this representative included.
    pub waiting_for: Vec<Party>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SignedBy {
    pub party: Party,
    pub party_label: String,
    #[serde(with = "crate::http::utc")]
    pub signed_at: NaiveDateTime,
}

/// A legal representative opens the link received by e-mail or SMS (no account needed).
/// 410 when used, replaced or expired; 423 when locked.
#[utoipa::path(tag = "Agreements", params(("token" = String, Path, max_length = 128)), responses((status = 200, body = SigningLinkView), (status = 410, description = "Used, replaced or expired (`LINK_EXPIRED`, `LINK_USED`)", body = ErrorBody), (status = 423, description = "Locked", body = ErrorBody)))]
#[get("/signing/{token}")]
pub async fn open_signing_link(state: web::Data<AppState>, token: web::Path<String>) -> AppResult<web::Json<SigningLinkView>> {
    let token = token.into_inner();
    let (v, live, waiting_for) = state
        .run(move |conn| {
            let v = service::open_link(conn, &token)?;
            let live = q::live_signatures(conn, &v.agreement.id)?;
            let pupil = service::pupil_facts(conn, &v.agreement)?;
            let waiting_for = service::missing(&v.agreement, &pupil, &live);
            Ok((v, live, waiting_for))
        })
        .await?;
    let signed = live.iter().filter_map(|s| s.party().map(|p| SignedBy { party: p, party_label: p.label().to_owned(), signed_at: s.signed_at })).collect();
    Ok(web::Json(SigningLinkView {
        signed,
        waiting_for,
        agreement_id: v.agreement.id.into(),
        representative_name: v.representative,
        pupil_name: v.pupil_name,
        document_text: v.agreement.document_text,
        document_hash: v.agreement.document_hash,
        expires_at: v.link.expires_at,
        attempts_left: super::rules::MAX_CODE_FAILURES - v.link.failed_attempts,
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct CodeSent {
    /// Masked address or phone the code went to.
    pub sent_to: String,
}

/// Sends the one-time code (valid 15 minutes) to the link's e-mail or phone.
#[utoipa::path(tag = "Agreements", params(("token" = String, Path, max_length = 128)), responses((status = 200, body = CodeSent), (status = 410, description = "Used, replaced or expired link, or an agreement no longer in signing (`LINK_USED`, `LINK_REPLACED`, `LINK_EXPIRED`, `SIGNING_CLOSED`)", body = ErrorBody), (status = 429, description = "Too many requests", body = ErrorBody)))]
#[post("/signing/{token}/code")]
pub async fn send_signing_code(state: web::Data<AppState>, req: HttpRequest, token: web::Path<String>) -> AppResult<web::Json<CodeSent>> {
    state.limit(&req, "signing_code", 10)?;
    let token = token.into_inner();
    let sent_to = state.run(move |conn| service::send_code(conn, &token)).await?;
    Ok(web::Json(CodeSent { sent_to }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkSignRequest {
    #[schema(max_length = 6, min_length = 6)]
    pub code: String,
    #[schema(max_length = 64, min_length = 64, pattern = "^[0-9a-f]{64}$")]
    pub document_hash: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LinkSigned {
    pub status: Status,
}

/// The legal representative signs with the code. 5 wrong codes lock the link (423).
#[utoipa::path(tag = "Agreements", params(("token" = String, Path, max_length = 128)), request_body = LinkSignRequest, responses((status = 200, body = LinkSigned), (status = 410, description = "Used, replaced or expired", body = ErrorBody), (status = 423, description = "Locked (`LINK_LOCKED`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`, `WRONG_CODE`)", body = ErrorBody)))]
#[post("/signing/{token}/sign")]
pub async fn sign_with_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: web::Json<LinkSignRequest>,
) -> AppResult<web::Json<LinkSigned>> {
    let (token, b, ip, s) = (token.into_inner(), body.into_inner(), state.client_ip(&req), settings(&state));
    check_hash("document_hash", &b.document_hash)?;
    let a = state.run(move |conn| service::sign_with_link(conn, &token, &b.code, &b.document_hash, &ip, &s)).await?;
    Ok(web::Json(LinkSigned { status: a.status }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegationRequest {
    pub delegate: bool,
}

/// The principal lets a staff member fill and sign agreements for the school (or withdraws it).
#[utoipa::path(tag = "Agreements", security(("bearer" = [])), params(("uai" = String, Path, max_length = 8), ("user_id" = String, Path, max_length = 64, description = "The staff member's account id (`user_id` in the staff list); the membership `id` is still accepted until the next major version, answered with a `Deprecation` header.")), request_body = DelegationRequest, responses((status = 204, description = "Saved")))]
#[put("/schools/{uai}/staff/{user_id}/agreement-delegation")]
pub async fn set_agreement_delegation(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    body: web::Json<DelegationRequest>,
) -> AppResult<HttpResponse> {
    let ((uai, user_id), on) = (path.into_inner(), body.into_inner().delegate);
    let school_uai = uai.to_uppercase();
    let (target, legacy) = state.run(move |conn| service::set_delegate(conn, &uai, &user_id, &user, on)).await?;
    let mut resp = HttpResponse::NoContent().finish();
    if legacy {
        crate::http::mark_deprecated(&mut resp, &format!("/api/v1/schools/{school_uai}/staff/{target}/agreement-delegation"));
    }
    Ok(resp)
}

/// "Documents utiles", public: `autorisation-parentale.pdf` (the parental authorisation to use
/// the platform), `modele-convention.pdf`, `modele-attestation.pdf`.
#[utoipa::path(
    tag = "Agreements",
    params(("file_name" = String, Path, max_length = 40, example = "autorisation-parentale.pdf")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[get("/documents/{file_name}")]
pub async fn model_document(state: web::Data<AppState>, name: web::Path<String>) -> AppResult<HttpResponse> {
    let model = super::models::Model::parse(&name).ok_or_else(|| AppError::not_found("Document introuvable."))?;
    let bytes = super::models::pdf(model, state.clock.now())?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", format!("inline; filename=\"{}\"", model.file_name())))
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(bytes))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(model_document)
        .service(list_agreements)
        .service(sign_agreements_batch)
        .service(get_agreement)
        .service(fill_host_part)
        .service(fill_school_part)
        .service(sign_agreement)
        .service(resend_signing_links)
        .service(agreement_pdf)
        .service(verify_agreement)
        .service(report_absence)
        .service(request_attestation)
        .service(issue_attestation)
        .service(attestation_pdf)
        .service(open_signing_link)
        .service(send_signing_code)
        .service(sign_with_link)
        .service(set_agreement_delegation);
}
