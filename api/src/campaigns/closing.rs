//! The year switch: `passerelle year close <year>` (and the admins' button). In one transaction:
//! the year's counters are rebuilt one last time and frozen, its open applications end with a
//! clear state, its classes are archived, the pupils retention says must go are anonymised, and
//! hosts are invited (once) to renew the year's offers. Running it again changes nothing.

use crate::error::ErrorCode;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::applications::rules::{self as app_rules, Actor, Event, Status};
use crate::db::schema::{applications, offers, organisation_members, organisations, partner_offers, renewal_invitations, school_classes, users};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schools::rules::SchoolYear;

/// What closing a year did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct CloseReport {
    pub school_year: String,
    pub dry_run: bool,
    /// The year was already closed before this run.
    pub already_closed: bool,
    /// Open applications (sent, read, accepted) ended as `year_closed`.
    pub applications_closed: i64,
    pub classes_archived: i64,
    /// Pupils anonymised by the retention rules (a year after the end of their last year).
    pub pupils_anonymised: i64,
    /// Host organisations invited by mail to renew their offers.
    pub hosts_invited: i64,
    /// Offers those hosts may renew.
    pub offers_to_renew: i64,
}

/// The message a pupil reads on an application ended by the year switch.
pub fn closing_reason(year: &str) -> String {
    format!("L'année scolaire {year} est terminée : cette candidature a été close sans réponse.")
}

/// Closes `year` (`by`: the admin's id, or "cli"). A dry run does everything in a transaction it
/// then rolls back, so that its figures are exactly those of a real run.
pub fn close_year(conn: &mut AnyConnection, year: SchoolYear, by: &str, now: NaiveDateTime, public_url: &str, dry_run: bool) -> AppResult<CloseReport> {
    let mut report = None;
    let outcome = db::transaction(conn, |conn| {
        let r = run(conn, year, by, now, public_url, dry_run)?;
        report = Some(r);
        if dry_run {
            // Roll everything back.
            return Err(AppError::internal().with_code(ErrorCode::DryRun));
        }
        Ok(())
    });
    match (outcome, report) {
        (Ok(()), Some(r)) => {
            tracing::info!(school_year = %r.school_year, applications = r.applications_closed, classes = r.classes_archived, pupils = r.pupils_anonymised, hosts = r.hosts_invited, "school year closed");
            Ok(r)
        }
        (Err(e), Some(r)) if dry_run && e.code == ErrorCode::DryRun => Ok(r),
        (Err(e), _) => Err(e),
        (Ok(()), None) => Err(AppError::internal()),
    }
}

fn run(conn: &mut AnyConnection, year: SchoolYear, by: &str, now: NaiveDateTime, public_url: &str, dry_run: bool) -> AppResult<CloseReport> {
    let label = year.label();
    let settings = crate::schools::years::settings(conn, year)?;
    if now.date() < settings.ends_on {
        // A year is closed in its summer, not while its internships run.
        return Err(AppError::conflict(format!(
            "L'année scolaire {label} se termine le {} : elle ne peut pas être close avant.",
            settings.ends_on.format("%d/%m/%Y")
        ))
        .with_code(ErrorCode::YearNotOver));
    }
    let already_closed = settings.closed_at.is_some();
    if !already_closed {
        // The last rebuild of the year's counters, which then stay as they are (see reporting).
        crate::reporting::service::refresh(conn, now)?;
    }
    crate::schools::years::mark_closed(conn, year, by, now)?;

    // Open applications end with their own state and a message for the pupil.
    let reason = closing_reason(&label);
    let open: Vec<(String, Status)> = applications::table
        .filter(applications::school_year.eq(&label))
        .filter(applications::status.eq_any([Status::Submitted, Status::Read, Status::Accepted]))
        .select((applications::id, applications::status))
        .load(conn)?;
    for (id, from) in &open {
        let next = app_rules::transition(*from, Event::CloseYear, Actor::System).map_err(|_| AppError::internal())?;
        diesel::update(applications::table.find(id).filter(applications::status.eq(from)))
            .set((
                applications::status.eq(next),
                applications::closed_at.eq(Some(now)),
                applications::reason.eq(Some(&reason)),
                applications::expires_at.eq(None::<NaiveDateTime>),
                applications::updated_at.eq(now),
            ))
            .execute(conn)?;
    }

    let classes_archived = diesel::update(school_classes::table.filter(school_classes::school_year.eq(&label)).filter(school_classes::archived_at.is_null()))
        .set(school_classes::archived_at.eq(Some(now)))
        .execute(conn)? as i64;

    // Stars on this year's offers lead nowhere any more.
    crate::favourites::forget_year(conn, &label)?;

    let due = crate::pupils::retention::due_pupils(conn, now.date())?;
    for id in &due {
        crate::pupils::retention::anonymise_pupil(conn, id, now)?;
    }

    let (hosts_invited, offers_to_renew) = invite_hosts(conn, &label, &year.next().label(), now, public_url)?;
    Ok(CloseReport {
        school_year: label,
        dry_run,
        already_closed,
        applications_closed: open.len() as i64,
        classes_archived,
        pupils_anonymised: due.len() as i64,
        hosts_invited,
        offers_to_renew,
    })
}

/// Mails each host organisation that published offers this year (and was not invited yet) that
/// it can renew them for next year in one click. Partner offers are left out: their associations
/// push next year's offers through the API.
fn invite_hosts(conn: &mut AnyConnection, year: &str, next_year: &str, now: NaiveDateTime, public_url: &str) -> AppResult<(i64, i64)> {
    let renewed: Vec<Option<String>> =
        offers::table.filter(offers::school_year.eq(next_year)).filter(offers::renewed_from.is_not_null()).select(offers::renewed_from).load(conn)?;
    let renewed: std::collections::HashSet<String> = renewed.into_iter().flatten().collect();
    let partner_ids: Vec<String> = partner_offers::table.select(partner_offers::offer_id).load(conn)?;
    let partner_ids: std::collections::HashSet<String> = partner_ids.into_iter().collect();
    let candidates: Vec<(String, String)> = offers::table
        .filter(offers::school_year.eq(year))
        .filter(offers::published_at.is_not_null())
        .select((offers::id, offers::organisation_id))
        .load(conn)?;
    let mut per_org: std::collections::BTreeMap<String, i64> = Default::default();
    for (id, org) in candidates {
        if !renewed.contains(&id) && !partner_ids.contains(&id) {
            *per_org.entry(org).or_default() += 1;
        }
    }
    let invited: Vec<String> =
        renewal_invitations::table.filter(renewal_invitations::school_year.eq(year)).select(renewal_invitations::organisation_id).load(conn)?;
    let (mut hosts, mut offers_count) = (0, 0);
    for (org_id, n) in per_org {
        if invited.contains(&org_id) {
            continue;
        }
        let name: String = organisations::table.find(&org_id).select(organisations::name).first(conn)?;
        let members: Vec<(Option<String>, String)> = organisation_members::table
            .inner_join(users::table.on(users::id.eq(organisation_members::user_id)))
            .filter(organisation_members::organisation_id.eq(&org_id))
            .filter(users::anonymised_at.is_null())
            .select((users::email, users::first_name))
            .load(conn)?;
        for (email, first_name) in members {
            let Some(to) = email else { continue };
            let subject = format!("Renouvelez vos offres de stage pour {next_year}");
            let p1 = format!("L'année scolaire {year} est terminée. Merci d'avoir accueilli des élèves avec {name} !");
            let p2 = format!("Vous pouvez renouveler vos {n} offre(s) pour {next_year} en un clic depuis votre espace, bouton « Renouveler pour {next_year} », puis choisir leurs semaines : {public_url}/");
            crate::notifications::queue_email(conn, &crate::notifications::templates::plain_email(&to, &first_name, &subject, &[&p1, &p2]))?;
        }
        diesel::insert_into(renewal_invitations::table)
            .values((
                renewal_invitations::school_year.eq(year),
                renewal_invitations::organisation_id.eq(&org_id),
                renewal_invitations::offers.eq(n as i32),
                renewal_invitations::sent_at.eq(now),
            ))
            .execute(conn)?;
        hosts += 1;
        offers_count += n;
    }
    Ok((hosts, offers_count))
}

/// An organisation merge: the duplicate's renewal invitations follow it, once per year.
pub fn move_renewal_invitations(conn: &mut AnyConnection, from: &str, into: &str) -> QueryResult<()> {
    let years: Vec<String> =
        renewal_invitations::table.filter(renewal_invitations::organisation_id.eq(into)).select(renewal_invitations::school_year).load(conn)?;
    diesel::update(renewal_invitations::table.filter(renewal_invitations::organisation_id.eq(from)).filter(renewal_invitations::school_year.ne_all(&years)))
        .set(renewal_invitations::organisation_id.eq(into))
        .execute(conn)?;
    diesel::delete(renewal_invitations::table.filter(renewal_invitations::organisation_id.eq(from))).execute(conn).map(|_| ())
}
