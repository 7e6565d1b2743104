//! Use cases of the aftermath.

use crate::error::ErrorCode;
use crate::ids::{AgreementId, ApplicationId, ClassId, OfferId, OrganisationId, PupilId};

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::queries::{self as q, Assessment, Figures, PupilFeedback};
use super::rules::{self, Attendance, Side};
use crate::auth::{CurrentUser, Role};
use crate::db::schema::periodic_runs;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};

/// Asks the pupils whose internship ended, reminds once a week later. Hourly across replicas
/// (guarded claim); returns (asked, reminded) when it ran.
pub fn run_if_due(conn: &mut AnyConnection, now: NaiveDateTime, public_url: &str) -> AppResult<Option<(usize, usize)>> {
    let claimed = diesel::update(periodic_runs::table.find("feedback").filter(periodic_runs::last_run_at.lt(now - Duration::hours(1))))
        .set(periodic_runs::last_run_at.eq(now))
        .execute(conn)?
        == 1;
    if !claimed {
        return Ok(None);
    }
    ask_and_remind(conn, now, public_url).map(Some)
}

pub fn ask_and_remind(conn: &mut AnyConnection, now: NaiveDateTime, public_url: &str) -> AppResult<(usize, usize)> {
    let link = format!("{public_url}/eleve/retours");
    let mut asked = 0;
    for d in q::due_to_ask(conn, now.date(), 500)? {
        db::transaction(conn, |conn| {
            q::insert(
                conn,
                &PupilFeedback {
                    application_id: ApplicationId::from(d.application_id.clone()),
                    pupil_id: PupilId::from(d.pupil_id.clone()),
                    offer_id: OfferId::from(d.offer_id.clone()),
                    organisation_id: OrganisationId::from(d.organisation_id.clone()),
                    asked_at: now,
                    reminded_at: None,
                    submitted_at: None,
                    observed: String::new(),
                    recommend: None,
                    jobs: String::new(),
                    for_class: String::new(),
                },
            )?;
            if let Some(pupil) = crate::accounts::find_user(conn, &d.pupil_id)? {
                let p1 = "Ton stage d'observation est terminé : raconte-nous en quelques questions ce que tu as découvert.";
                let p2 = "Ton professeur lira tes réponses ; l'organisme d'accueil ne verra qu'une synthèse anonyme.";
                crate::accounts::tell(conn, &pupil, "Comment s'est passé ton stage ?", &[p1, p2], ("Donner mon avis", &link))?;
            }
            Ok(())
        })?;
        asked += 1;
    }
    let mut reminded = 0;
    for f in q::to_remind(conn, now - Duration::days(rules::REMIND_AFTER_DAYS), 500)? {
        if !rules::remind_due(f.asked_at, f.reminded_at, f.submitted_at, now) {
            continue;
        }
        db::transaction(conn, |conn| {
            q::set_reminded(conn, &f.application_id, now)?;
            if let Some(pupil) = crate::accounts::find_user(conn, &f.pupil_id)? {
                let p1 = "Tu n'as pas encore raconté ton stage : cela prend deux minutes et aide les élèves qui chercheront après toi.";
                crate::accounts::tell(conn, &pupil, "Rappel : ton avis sur ton stage", &[p1], ("Donner mon avis", &link))?;
            }
            Ok(())
        })?;
        reminded += 1;
    }
    Ok((asked, reminded))
}

/// A question with where it comes from.
pub struct Asked {
    pub feedback: PupilFeedback,
    pub offer_title: String,
    pub organisation_name: String,
}

fn with_titles(conn: &mut AnyConnection, rows: Vec<PupilFeedback>) -> AppResult<Vec<Asked>> {
    let offer_ids: Vec<OfferId> = rows.iter().map(|f| f.offer_id.clone()).collect();
    let offers: HashMap<OfferId, String> = crate::offers::load_many(conn, &offer_ids)?.into_iter().map(|o| (o.id, o.title)).collect();
    let org_ids: Vec<OrganisationId> = rows.iter().map(|f| f.organisation_id.clone()).collect();
    let names: HashMap<OrganisationId, String> = crate::organisations::many(conn, &org_ids)?.into_iter().map(|o| (o.id, o.name)).collect();
    Ok(rows
        .into_iter()
        .map(|f| Asked {
            offer_title: offers.get(&f.offer_id).cloned().unwrap_or_default(),
            organisation_name: names.get(&f.organisation_id).cloned().unwrap_or_default(),
            feedback: f,
        })
        .collect())
}

/// The pupil's questions, newest first.
pub fn of_pupil(conn: &mut AnyConnection, pupil: &CurrentUser) -> AppResult<Vec<Asked>> {
    let rows = q::of_pupil(conn, &pupil.id)?;
    with_titles(conn, rows)
}

pub struct Answers {
    pub observed: String,
    pub recommend: bool,
    pub jobs: String,
    pub for_class: String,
}

/// The pupil answers (and may correct their answers later).
pub fn submit(conn: &mut AnyConnection, pupil: &CurrentUser, application_id: &str, a: Answers, now: NaiveDateTime) -> AppResult<Asked> {
    let f = q::find(conn, application_id)?
        .filter(|f| f.pupil_id.as_str() == pupil.id.as_str())
        .ok_or_else(|| AppError::not_found("Aucune question sur ce stage : elle arrive après le dernier jour.").with_code(ErrorCode::FeedbackNotOpen))?;
    let mut err = AppError::validation();
    for (field, message) in rules::answer_problems(&a.observed, &a.jobs, &a.for_class) {
        err = err.with_field(field, message);
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    q::submit(conn, &f.application_id, a.observed.trim(), a.recommend, a.jobs.trim(), a.for_class.trim(), now)?;
    let row = q::find(conn, application_id)?.ok_or_else(|| AppError::not_found("Question introuvable."))?;
    Ok(with_titles(conn, vec![row])?.remove(0))
}

/// One pupil's answers as their school sees them.
pub struct ClassAnswer {
    pub asked: Asked,
    pub pupil_first_name: String,
    pub pupil_last_name: String,
    pub class_name: String,
}

/// The answers of the pupils the staff member follows (a teacher: their classes; the principal
/// and non-teaching staff: the whole school), optionally one class.
pub fn of_school(conn: &mut AnyConnection, user: &CurrentUser, uai: &str, class_id: Option<&str>) -> AppResult<Vec<ClassAnswer>> {
    crate::reference::school(conn, uai)?.ok_or_else(|| AppError::not_found("Établissement introuvable."))?;
    let member = crate::schools::member(conn, uai, &user.id)?;
    let own = match &member {
        Some(m) => crate::schools::classes_of_member(conn, &m.id)?,
        None => Vec::new(),
    };
    let visibility = crate::schools::policy::visibility(user, member.as_ref(), own)?;
    if let Some(c) = class_id {
        crate::schools::policy::may_see_class(&visibility, c)?;
    }
    let classes: Option<Vec<ClassId>> = match (class_id, &visibility) {
        (Some(c), _) => Some(vec![ClassId::from(c)]),
        (None, crate::schools::policy::Visibility::Classes(ids)) => Some(ids.clone()),
        (None, crate::schools::policy::Visibility::WholeSchool) => None,
    };
    let pupils = crate::pupils::of_school(conn, uai, classes.as_deref())?;
    let ids: Vec<PupilId> = pupils.iter().map(|(p, _)| p.user_id.clone()).collect();
    let class_ids: Vec<ClassId> = pupils.iter().map(|(p, _)| p.class_id.clone()).collect();
    let class_names = crate::schools::class_names(conn, &class_ids)?;
    let people: HashMap<PupilId, (String, String, String)> =
        pupils.into_iter().map(|(p, u)| (p.user_id, (u.first_name, u.last_name, class_names.get(&p.class_id).cloned().unwrap_or_default()))).collect();
    // Unanswered questions too (`submitted_at` null): the teacher sees who still has to answer.
    let rows = q::of_pupils(conn, &ids)?;
    Ok(with_titles(conn, rows)?
        .into_iter()
        .map(|asked| {
            let (first, last, class) = people.get(&asked.feedback.pupil_id).cloned().unwrap_or_default();
            ClassAnswer { asked, pupil_first_name: first, pupil_last_name: last, class_name: class }
        })
        .collect())
}

/// What a host (or an association) sees of its pupils' feedback: counts always; the rate, the
/// words and the jobs only from `MIN_ANSWERS` answers on, without names, in a fixed order.
pub struct OrganisationFeedback {
    pub answers: i64,
    pub recommend_rate: Option<f64>,
    pub observed: Vec<String>,
    pub jobs: Vec<String>,
    /// Per offer of the year: (offer id, title, figures).
    pub offers: Vec<(String, String, Figures)>,
}

pub fn of_organisation(conn: &mut AnyConnection, user: &CurrentUser, org_id: &OrganisationId, year: &str) -> AppResult<OrganisationFeedback> {
    if user.role != Role::Admin {
        crate::organisations::service::load_for(conn, org_id, user)?;
    } else if crate::organisations::find(conn, org_id)?.is_none() {
        return Err(AppError::not_found("Organisme introuvable."));
    }
    let answered = q::answered_of_organisation(conn, org_id)?;
    let answers = answered.len() as i64;
    let yes = answered.iter().filter(|f| f.recommend == Some(true)).count() as i64;
    let shown = answers >= rules::MIN_ANSWERS;
    let mut observed: Vec<String> = if shown { answered.iter().map(|f| f.observed.clone()).filter(|t| !t.is_empty()).collect() } else { Vec::new() };
    observed.sort();
    let mut jobs: Vec<String> = if shown { answered.iter().map(|f| f.jobs.clone()).filter(|t| !t.is_empty()).collect() } else { Vec::new() };
    jobs.sort();
    let figures = q::figures_per_offer(conn, year, org_id)?;
    let ids: Vec<OfferId> = figures.keys().map(OfferId::from).collect();
    let mut offers: Vec<(String, String, Figures)> = crate::offers::load_many(conn, &ids)?
        .into_iter()
        .map(|o| {
            let f = figures.get(o.id.as_str()).copied().unwrap_or_default();
            (o.id.into(), o.title, f)
        })
        .collect();
    offers.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(OrganisationFeedback { answers, recommend_rate: rules::rate(yes, answers), observed, jobs, offers })
}

/// Quality per host organisation, for referents (their territory or ministry) and admins.
pub struct QualityRow {
    pub organisation_id: String,
    pub name: String,
    pub department_code: Option<String>,
    pub is_public: bool,
    pub figures: Figures,
}

pub fn quality(conn: &mut AnyConnection, user: &CurrentUser, year: &str, department: Option<&str>) -> AppResult<Vec<QualityRow>> {
    use crate::reporting::rules::View;
    let view = crate::reporting::rules::narrow(&crate::reporting::service::view(conn, user)?, department)?;
    let figures = q::figures_per_organisation(conn, year)?;
    let ids: Vec<OrganisationId> = figures.keys().map(OrganisationId::from).collect();
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        for org in crate::organisations::many(conn, chunk)? {
            let inside = match &view {
                View::All => true,
                View::Departments(ds) => org.department_code.as_ref().is_some_and(|d| ds.contains(d)),
                View::Ministry(m) => org.ministry_id.as_deref() == Some(m.as_str()),
            };
            if inside {
                let f = figures.get(org.id.as_str()).copied().unwrap_or_default();
                rows.push(QualityRow {
                    organisation_id: org.id.into(),
                    name: org.name,
                    department_code: org.department_code,
                    is_public: org.is_public,
                    figures: f,
                });
            }
        }
    }
    rows.sort_by(|a, b| b.figures.placements.cmp(&a.figures.placements).then(a.name.cmp(&b.name)));
    Ok(rows)
}

/// The host's and the school's words on the week of an agreement, as its readers see them.
/// The host reads only its own: the school's word is about a minor, for the school and the family.
pub fn assessments(conn: &mut AnyConnection, user: &CurrentUser, agreement_id: &AgreementId) -> AppResult<Vec<Assessment>> {
    let (a, access) = crate::agreements::service::load(conn, agreement_id, user)?;
    let all = q::assessments(conn, &a.application_id)?;
    Ok(match access {
        crate::agreements::policy::Access::Host => all.into_iter().filter(|x| x.author_side == Side::Host.as_str()).collect(),
        _ => all,
    })
}

pub struct NewAssessment {
    pub attendance: Attendance,
    pub behaviour: String,
    pub word: String,
}

/// The host (any member) or the school (staff following the pupil) writes its word on the week,
/// once the week has begun; writing again replaces it.
pub fn assess(conn: &mut AnyConnection, user: &CurrentUser, agreement_id: &AgreementId, n: NewAssessment, now: NaiveDateTime) -> AppResult<Vec<Assessment>> {
    use crate::agreements::policy::Access;
    let (a, access) = crate::agreements::service::load(conn, agreement_id, user)?;
    let side = match access {
        Access::Host => Side::Host,
        Access::School { .. } => Side::School,
        _ => {
            return Err(
                AppError::forbidden("L'appréciation de la semaine est écrite par l'organisme d'accueil et l'établissement.").with_code(ErrorCode::NotYourPart)
            )
        }
    };
    if a.status == crate::agreements::rules::Status::Cancelled {
        return Err(AppError::conflict("Cette convention est annulée.").with_code(ErrorCode::AgreementCancelled));
    }
    if now.date() < a.starts_on {
        return Err(AppError::conflict("Le stage n'a pas encore commencé : l'appréciation vient pendant ou après la semaine.").with_code(ErrorCode::NotStarted));
    }
    let mut err = AppError::validation();
    for (field, message) in rules::assessment_problems(&n.behaviour, &n.word) {
        err = err.with_field(field, message);
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    q::upsert_assessment(
        conn,
        &Assessment {
            application_id: a.application_id.to_string(),
            author_side: side.as_str().to_owned(),
            author_id: user.id.to_string(),
            attendance: n.attendance.as_str().to_owned(),
            behaviour: n.behaviour.trim().to_owned(),
            word: n.word.trim().to_owned(),
            created_at: now,
            updated_at: now,
        },
    )?;
    let all = q::assessments(conn, &a.application_id)?;
    Ok(match side {
        Side::Host => all.into_iter().filter(|x| x.author_side == Side::Host.as_str()).collect(),
        Side::School => all,
    })
}
