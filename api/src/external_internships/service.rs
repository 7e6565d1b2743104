//! Use cases of internships found elsewhere: the staff record one, a pupil declares one and the
//! school validates it, and the follow-up and the job runner's counters read them.

use crate::ids::{ClassId, PupilId};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use super::model::ExternalInternship;
use super::rules::{self, Draft, Status};
use super::{notify, queries as q};
use crate::auth::CurrentUser;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::pupils::model::Pupil;
use crate::schools::rules::IsoWeek;

/// What the use cases need of the configuration.
pub struct Settings {
    pub public_url: String,
    /// For the applications withdrawn when a record takes their weeks.
    pub application_expiry_days: i64,
}

/// The documents' kind for a paper agreement.
pub const AGREEMENT_KIND: &str = "external_agreement";

const MISSING: &str = "Stage hors plateforme introuvable.";

fn not_found() -> AppError {
    AppError::not_found(MISSING)
}

/// The record's weeks are the pupil's internship weeks: those the school set for the grade (the
/// national weeks in seconde), or any week of the school year when a collège set none. They
/// must not take a week already covered (a placement confirmed here, another record).
fn check(conn: &mut AnyConnection, pupil: &Pupil, draft: &Draft, except: Option<&str>) -> AppResult<String> {
    let problems = rules::draft_problems(draft);
    if !problems.is_empty() {
        return Err(problems.into_iter().fold(AppError::validation(), |e, (f, m)| e.with_field(&f, m)));
    }
    let (family, year, school_weeks) = crate::offers::search::pupil_internship(conn, pupil)?;
    let mut err = AppError::validation();
    for (i, w) in draft.weeks.iter().enumerate() {
        let problem = if school_weeks.is_empty() {
            crate::schools::rules::week_problem(*w, year, family, &[]).map(|p| format!("Semaine impossible : {p}."))
        } else if !school_weeks.contains(w) {
            let listed = school_weeks.iter().filter_map(|w| w.monday()).map(|d| format!("semaine du {}", d.format("%d/%m/%Y"))).collect::<Vec<_>>().join(", ");
            Some(format!("Ce n'est pas une semaine de stage de l'établissement ({listed})."))
        } else {
            None
        };
        if let Some(p) = problem {
            err = err.with_field(&format!("weeks[{i}]"), p);
        }
    }
    if draft.weeks.len() as i64 > family.weeks_needed() {
        err = err.with_field("weeks", "Le stage de troisième dure une semaine.");
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    let label = year.label();
    let others: Vec<ExternalInternship> =
        q::of_pupil(conn, &pupil.user_id, &label)?.into_iter().filter(|e| e.status != Status::Rejected && Some(e.id.as_str()) != except).collect();
    if others.len() >= rules::MAX_PER_YEAR {
        return Err(AppError::conflict("Deux stages hors plateforme sont déjà enregistrés pour cette année.").with_code(ErrorCode::TooManyPlacements));
    }
    let taken: Vec<IsoWeek> = others.iter().flat_map(|e| e.weeks()).collect();
    if draft.weeks.iter().any(|w| taken.contains(w)) {
        return Err(AppError::conflict("Un autre stage hors plateforme est déjà enregistré sur cette semaine.")
            .with_code(ErrorCode::WeekAlreadyTaken)
            .with_field("weeks", "Semaine déjà prise."));
    }
    let confirmed = crate::applications::service::confirmed_weeks(conn, &pupil.user_id, &label)?;
    if draft.weeks.iter().any(|w| confirmed.contains(w)) {
        return Err(AppError::conflict("L'élève a déjà un stage confirmé sur Passerelle cette semaine-là.")
            .with_code(ErrorCode::WeekAlreadyTaken)
            .with_field("weeks", "Semaine déjà prise par un stage confirmé."));
    }
    Ok(label)
}

fn new_row(pupil: &Pupil, year: String, draft: Draft, status: Status, by: &str, now: NaiveDateTime) -> ExternalInternship {
    let validated = status == Status::Validated;
    ExternalInternship {
        id: db::new_id(),
        pupil_id: pupil.user_id.clone(),
        school_uai: pupil.school_uai.clone(),
        school_year: year,
        status,
        host_name: draft.host_name,
        siret: draft.siret,
        street: draft.street,
        postal_code: draft.postal_code,
        city: draft.city,
        weeks: rules::weeks_text(&draft.weeks),
        agreement_document_id: None,
        declared_by: by.to_owned(),
        declared_at: now,
        decided_by: validated.then(|| by.to_owned()),
        decided_at: validated.then_some(now),
        rejection_reason: None,
        updated_at: now,
    }
}

/// Once a record counts, the pupil's open applications on its weeks leave (as when a placement
/// is confirmed here): their hosts stop waiting.
fn takes_weeks(conn: &mut AnyConnection, e: &ExternalInternship, s: &Settings, now: NaiveDateTime) -> AppResult<()> {
    let a = crate::applications::service::Settings { expiry_days: s.application_expiry_days, public_url: s.public_url.clone() };
    crate::applications::service::withdraw_overlapping(conn, &e.pupil_id, &e.weeks(), None, &a, now)?;
    Ok(())
}

/// A staff member who follows the pupil records an internship found elsewhere: it counts at once.
/// The pupil's name and class, as the staff read them next to a record.
pub type Who = (String, String);

pub fn record_by_staff(
    conn: &mut AnyConnection,
    staff: &CurrentUser,
    uai: &str,
    pupil_id: &PupilId,
    draft: Draft,
    s: &Settings,
) -> AppResult<(ExternalInternship, Who)> {
    db::transaction(conn, |conn| {
        let (pupil, account, class_name) = crate::pupils::followed_pupil(conn, uai, staff, pupil_id)?;
        crate::applications::lock_pupil(conn, &pupil.user_id)?;
        let year = check(conn, &pupil, &draft, None)?;
        let now = db::now();
        let e = new_row(&pupil, year, draft, Status::Validated, &staff.id, now);
        q::insert(conn, &e)?;
        takes_weeks(conn, &e, s, now)?;
        crate::audit::record(conn, staff, crate::audit::Action::Change, crate::audit::Resource::ExternalInternship, &e.id, &e.pupil_id, &e.school_uai)?;
        notify::recorded_to_pupil(conn, &account, &e, &s.public_url)?;
        tracing::info!(staff = %staff.id, pupil = %e.pupil_id, record = %e.id, "internship found elsewhere recorded");
        Ok((e, who(&account, class_name)))
    })
}

/// The pupil declares an internship they found elsewhere: the school validates it before it
/// counts; the staff who follow the class are told.
pub fn declare(conn: &mut AnyConnection, user: &CurrentUser, draft: Draft, s: &Settings) -> AppResult<ExternalInternship> {
    db::transaction(conn, |conn| {
        let pupil = crate::pupils::of_account(conn, &user.id)?
            .filter(|p| p.join_status == "active")
            .ok_or_else(|| AppError::forbidden("Rejoins d'abord ta classe pour déclarer ton stage.").with_code(ErrorCode::NotEnrolled))?;
        crate::applications::lock_pupil(conn, &pupil.user_id)?;
        let year = check(conn, &pupil, &draft, None)?;
        let e = new_row(&pupil, year, draft, Status::Declared, &user.id, db::now());
        q::insert(conn, &e)?;
        notify::declared_to_staff(conn, &pupil, &e, &s.public_url)?;
        tracing::info!(pupil = %e.pupil_id, record = %e.id, "internship found elsewhere declared");
        Ok(e)
    })
}

/// A record of this school that the staff member may act on (they follow the pupil's class).
/// Staff of another school get the 404 of an unknown record, checked before the record is
/// looked up: the answer tells nothing of which records exist.
fn of_school_for_staff(conn: &mut AnyConnection, staff: &CurrentUser, uai: &str, id: &str) -> AppResult<(ExternalInternship, crate::accounts::User, String)> {
    crate::schools::service::visible_item(conn, uai, staff, MISSING)?;
    let e = q::find(conn, id)?.filter(|e| e.school_uai.eq_ignore_ascii_case(uai)).ok_or_else(not_found)?;
    let (_, account, class_name) = crate::pupils::followed_pupil(conn, uai, staff, &e.pupil_id)?;
    Ok((e, account, class_name))
}

fn who(account: &crate::accounts::User, class_name: String) -> Who {
    (format!("{} {}", account.first_name, account.last_name), class_name)
}

/// The school validates or refuses a pupil's declaration (the refusal says why).
pub fn decide(
    conn: &mut AnyConnection,
    staff: &CurrentUser,
    uai: &str,
    id: &str,
    approved: bool,
    reason: Option<String>,
    s: &Settings,
) -> AppResult<(ExternalInternship, Who)> {
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if !approved {
        let problem = rules::reason_problem(reason.as_deref().unwrap_or(""));
        if let Some(p) = problem {
            return Err(AppError::field("reason", p));
        }
    }
    db::transaction(conn, |conn| {
        let (e, account, class_name) = of_school_for_staff(conn, staff, uai, id)?;
        crate::applications::lock_pupil(conn, &e.pupil_id)?;
        if e.status != Status::Declared {
            return Err(AppError::conflict("Cette déclaration a déjà reçu une réponse.").with_code(ErrorCode::AlreadyDecided));
        }
        let now = db::now();
        if approved {
            // What was true at declaration may not be any more (a placement confirmed since).
            let pupil = crate::pupils::find(conn, &e.pupil_id)?.ok_or_else(not_found)?;
            let draft = Draft {
                host_name: e.host_name.clone(),
                siret: e.siret.clone(),
                street: e.street.clone(),
                postal_code: e.postal_code.clone(),
                city: e.city.clone(),
                weeks: e.weeks(),
            };
            check(conn, &pupil, &draft, Some(&e.id))?;
        }
        let to = if approved { Status::Validated } else { Status::Rejected };
        if !q::decide(conn, &e.id, &[Status::Declared], to, &staff.id, reason.as_deref().filter(|_| !approved), now)? {
            return Err(AppError::conflict("Cette déclaration a déjà reçu une réponse.").with_code(ErrorCode::AlreadyDecided));
        }
        let e = q::find(conn, &e.id)?.ok_or_else(AppError::internal)?;
        if approved {
            takes_weeks(conn, &e, s, now)?;
        }
        crate::audit::record(conn, staff, crate::audit::Action::Change, crate::audit::Resource::ExternalInternship, &e.id, &e.pupil_id, &e.school_uai)?;
        notify::decided_to_pupil(conn, &account, &e, &s.public_url)?;
        tracing::info!(staff = %staff.id, record = %e.id, approved, "declaration of an internship found elsewhere answered");
        Ok((e, who(&account, class_name)))
    })
}

/// Deletes a record with its scanned agreement (typed by mistake, or the internship fell through).
fn remove(conn: &mut AnyConnection, e: &ExternalInternship) -> AppResult<()> {
    if let Some(doc) = &e.agreement_document_id {
        q::set_document(conn, &e.id, None, db::now())?;
        crate::pupils::consent_form::delete(conn, doc)?;
    }
    q::delete(conn, &e.id)?;
    Ok(())
}

pub fn remove_by_staff(conn: &mut AnyConnection, staff: &CurrentUser, uai: &str, id: &str) -> AppResult<()> {
    db::transaction(conn, |conn| {
        let (e, _, _) = of_school_for_staff(conn, staff, uai, id)?;
        remove(conn, &e)?;
        crate::audit::record(conn, staff, crate::audit::Action::Change, crate::audit::Resource::ExternalInternship, &e.id, &e.pupil_id, &e.school_uai)?;
        Ok(())
    })
}

/// The pupil's own record, not yet counted (declared or refused): a validated one is the school's
/// to change.
fn own(conn: &mut AnyConnection, user: &CurrentUser, id: &str) -> AppResult<ExternalInternship> {
    let e = q::find(conn, id)?.filter(|e| e.pupil_id.as_str() == user.id.as_str()).ok_or_else(not_found)?;
    if e.status == Status::Validated {
        return Err(AppError::conflict("Ton établissement a validé ce stage : demande-lui de le modifier.").with_code(ErrorCode::AlreadyDecided));
    }
    Ok(e)
}

pub fn remove_by_pupil(conn: &mut AnyConnection, user: &CurrentUser, id: &str) -> AppResult<()> {
    db::transaction(conn, |conn| {
        let e = own(conn, user, id)?;
        remove(conn, &e)
    })
}

fn attach(conn: &mut AnyConnection, e: &ExternalInternship, bytes: Vec<u8>, by: &str) -> AppResult<ExternalInternship> {
    db::transaction(conn, |conn| {
        let doc = crate::pupils::consent_form::store_other(conn, &e.pupil_id, AGREEMENT_KIND, "convention-stage", bytes, by)?;
        q::set_document(conn, &e.id, Some(&doc.id), db::now())?;
        if let Some(old) = &e.agreement_document_id {
            crate::pupils::consent_form::delete(conn, old)?;
        }
        q::find(conn, &e.id)?.ok_or_else(AppError::internal)
    })
}

/// The paper agreement, scanned (PDF, JPEG or PNG), replacing an earlier one.
pub fn attach_by_staff(conn: &mut AnyConnection, staff: &CurrentUser, uai: &str, id: &str, bytes: Vec<u8>) -> AppResult<(ExternalInternship, Who)> {
    let (e, account, class_name) = of_school_for_staff(conn, staff, uai, id)?;
    let e = attach(conn, &e, bytes, &staff.id)?;
    crate::audit::record(conn, staff, crate::audit::Action::Change, crate::audit::Resource::ExternalInternship, &e.id, &e.pupil_id, &e.school_uai)?;
    Ok((e, who(&account, class_name)))
}

pub fn attach_by_pupil(conn: &mut AnyConnection, user: &CurrentUser, id: &str, bytes: Vec<u8>) -> AppResult<ExternalInternship> {
    let e = own(conn, user, id)?;
    attach(conn, &e, bytes, &user.id)
}

/// The scanned agreement, for the staff who follow the pupil.
pub fn agreement_for_staff(conn: &mut AnyConnection, staff: &CurrentUser, uai: &str, id: &str) -> AppResult<crate::pupils::consent_form::Document> {
    let (e, _, _) = of_school_for_staff(conn, staff, uai, id)?;
    let doc = e.agreement_document_id.as_deref().ok_or_else(|| AppError::not_found("Aucune convention déposée pour ce stage."))?;
    let doc = crate::pupils::consent_form::load(conn, doc)?.ok_or_else(|| AppError::not_found("Document introuvable."))?;
    crate::audit::record(conn, staff, crate::audit::Action::Read, crate::audit::Resource::ExternalInternship, &e.id, &e.pupil_id, &e.school_uai)?;
    Ok(doc)
}

/// A school's records of a year that the staff member follows, in one status or all, with each
/// pupil's name and class.
pub fn of_school(
    conn: &mut AnyConnection,
    staff: &CurrentUser,
    uai: &str,
    school_year: &str,
    status: Option<Status>,
    pupil_id: Option<&str>,
) -> AppResult<Vec<(ExternalInternship, crate::accounts::User, String)>> {
    let (school, v) = crate::schools::service::visible(conn, uai, staff)?;
    let records: Vec<ExternalInternship> = q::of_school(conn, &school.uai, school_year, status, pupil_id)?;
    let names: HashMap<ClassId, String> = crate::schools::classes_all(conn, &school.uai)?.into_iter().map(|c| (c.id, c.name)).collect();
    let ids: Vec<PupilId> = records.iter().map(|e| e.pupil_id.clone()).collect::<HashSet<_>>().into_iter().collect();
    let pupils: HashMap<PupilId, (Pupil, crate::accounts::User)> =
        crate::pupils::with_users(conn, &ids)?.into_iter().map(|(p, u)| (p.user_id.clone(), (p, u))).collect();
    Ok(records
        .into_iter()
        .filter_map(|e| {
            let (p, u) = pupils.get(&e.pupil_id)?;
            v.sees_class(&p.class_id).then(|| (e, u.clone(), names.get(&p.class_id).cloned().unwrap_or_default()))
        })
        .collect())
}

/// The pupil's own records of their current year.
pub fn mine(conn: &mut AnyConnection, user: &CurrentUser) -> AppResult<Vec<ExternalInternship>> {
    let Some(pupil) = crate::pupils::of_account(conn, &user.id)? else { return Ok(Vec::new()) };
    let (_, year, _) = crate::offers::search::pupil_internship(conn, &pupil)?;
    Ok(q::of_pupil(conn, &user.id, &year.label())?)
}

/// The weeks a pupil's validated outside internships take in a year (a placement here cannot
/// be confirmed on them).
pub fn weeks_taken(conn: &mut AnyConnection, pupil_id: &str, school_year: &str) -> AppResult<Vec<IsoWeek>> {
    Ok(q::of_pupil(conn, pupil_id, school_year)?.into_iter().filter(|e| e.status == Status::Validated).flat_map(|e| e.weeks()).collect())
}

/// For the school's follow-up, per pupil of these: weeks covered by validated outside
/// internships, and whether a declaration awaits the school.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Elsewhere {
    pub validated_weeks: i64,
    pub pending: bool,
}

pub fn elsewhere_of(conn: &mut AnyConnection, uai: &str, school_year: Option<&str>, pupil_ids: &[PupilId]) -> AppResult<HashMap<PupilId, Elsewhere>> {
    let mut out: HashMap<PupilId, Elsewhere> = HashMap::new();
    for e in q::of_pupils(conn, uai, pupil_ids)?.into_iter().filter(|e| school_year.is_none_or(|y| e.school_year == y)) {
        let x = out.entry(e.pupil_id.clone()).or_default();
        match e.status {
            Status::Validated => x.validated_weeks += e.weeks().len() as i64,
            Status::Declared => x.pending = true,
            Status::Rejected => {}
        }
    }
    Ok(out)
}

/// A person's data export: their records.
pub fn export(conn: &mut AnyConnection, pupil_id: &str) -> AppResult<Vec<ExternalInternship>> {
    Ok(q::all_of_pupil(conn, pupil_id)?)
}

/// Retention: the pupil's data goes, the record's shape stays for the year's coverage.
pub fn anonymise(conn: &mut AnyConnection, pupil_id: &str, now: NaiveDateTime) -> AppResult<()> {
    for doc in q::all_of_pupil(conn, pupil_id)?.into_iter().filter_map(|e| e.agreement_document_id) {
        crate::pupils::consent_form::delete(conn, &doc)?;
    }
    q::anonymise_of_pupil(conn, pupil_id, now)?;
    Ok(())
}

pub fn move_school(conn: &mut AnyConnection, from: &str, into: &str) -> AppResult<usize> {
    Ok(q::move_school(conn, from, into)?)
}
