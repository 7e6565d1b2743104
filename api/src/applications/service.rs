//! Application use cases. Each runs in one transaction; concurrent requests are made safe by the
//! database (unique indexes, guarded updates, the pupil's row lock), not by checks alone.

use crate::error::ErrorCode;
use crate::ids::{ApplicationId, OfferId, OrganisationId, PupilId};

use chrono::NaiveDateTime;

use super::model::Application;
use super::rules::{self, Actor, Event, Status};
use super::{notify, queries as q};
use crate::auth::CurrentUser;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::offers::model::Offer;
use crate::schools::rules::IsoWeek;

pub struct Settings {
    pub expiry_days: i64,
    pub public_url: String,
}

fn refused((code, message): (ErrorCode, &'static str)) -> AppError {
    AppError::conflict(message).with_code(code)
}

fn load(conn: &mut AnyConnection, id: &ApplicationId) -> AppResult<(Application, Offer)> {
    let a = q::find(conn, id)?.ok_or_else(|| AppError::not_found("Candidature introuvable."))?;
    let offer = crate::offers::find(conn, &a.offer_id)?.ok_or_else(AppError::internal)?;
    Ok((a, offer))
}

/// The application, for the pupil who made it.
pub fn load_for_pupil(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser) -> AppResult<(Application, Offer)> {
    let (a, offer) = load(conn, id)?;
    if a.pupil_id.as_str() != user.id.as_str() {
        return Err(AppError::not_found("Candidature introuvable."));
    }
    Ok((a, offer))
}

/// The application, for a member of the host organisation (or an admin).
/// The application, for the offer's organisation. To a host of another organisation it does not
/// exist (the 404 of an unknown id): who applies where is private.
pub fn load_for_host(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser) -> AppResult<(Application, Offer)> {
    let (a, offer) = load(conn, id)?;
    crate::organisations::service::load_for(conn, &offer.organisation_id, user).map_err(|e| {
        if e.code == ErrorCode::NotAMember {
            AppError::not_found("Candidature introuvable.")
        } else {
            e
        }
    })?;
    Ok((a, offer))
}

/// A pupil applies. The same application twice (double click) returns the first one: `false`.
pub fn apply(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    offer_id: &OfferId,
    weeks: &[IsoWeek],
    motivation: &str,
    s: &Settings,
) -> AppResult<(Application, bool)> {
    let pupil = crate::pupils::of_account(conn, &user.id)?;
    crate::pupils::policy::may_search(pupil.as_ref())?;
    let pupil = pupil.ok_or_else(AppError::internal)?;
    let offer = crate::offers::find(conn, offer_id)?
        .filter(|o| o.status == crate::offers::rules::OfferStatus::Published && !o.hidden)
        .ok_or_else(|| AppError::not_found("Offre introuvable ou plus disponible."))?;
    if !crate::offers::search::visible_to(conn, Some(user), &offer.id, offer.rep_only)? {
        return Err(AppError::not_found("Offre introuvable ou plus disponible."));
    }
    if crate::partners::service::permalink(conn, &offer.id)?.is_some() {
        return Err(
            AppError::conflict("Cette offre est publiée par une association partenaire : postulez sur son site.").with_code(ErrorCode::ApplyOnPartnerSite)
        );
    }
    let (family, year, school_weeks) = crate::offers::search::pupil_internship(conn, &pupil)?;
    if offer.grade_family != family.as_str() || offer.school_year != year.label() {
        return Err(AppError::conflict("Cette offre n'est pas pour ton niveau ou ton année.").with_code(ErrorCode::WrongGradeFamily));
    }
    let offer_weeks: Vec<IsoWeek> = crate::offers::weeks(conn, &offer.id)?.iter().map(|w| IsoWeek { year: w.iso_year, week: w.iso_week as u32 }).collect();
    let mut err = AppError::validation();
    if weeks.is_empty() {
        err = err.with_field("weeks", "Choisissez au moins une semaine.");
    }
    for (i, w) in weeks.iter().enumerate() {
        if !offer_weeks.contains(w) {
            err = err.with_field(&format!("weeks[{i}]"), "Cette semaine n'est pas proposée par l'offre.");
        } else if !school_weeks.contains(w) {
            err = err.with_field(&format!("weeks[{i}]"), "Cette semaine n'est pas une de vos semaines de stage.");
        }
    }
    if err.fields.is_empty() && crate::offers::two_weeks_only(conn, &offer.id)? && offer_weeks.iter().any(|w| !weeks.contains(w)) {
        err = err.with_field("weeks", "Ce stage se fait sur les deux semaines, sans les séparer : choisissez les deux.");
    }
    if let Some(m) = rules::motivation_problem(motivation) {
        err = err.with_field("motivation", m);
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    let key = rules::weeks_key(weeks);
    // Distance from home (postal code, geocoded offline) to the offer, for the host's warning.
    let distance = match pupil.home_postal_code.as_deref() {
        Some(pc) => crate::reference::geocode(conn, pc)?
            .and_then(|c| c.latitude.zip(c.longitude))
            .map(|(lat, lon)| (crate::reference::rules::distance_km(lat, lon, offer.latitude, offer.longitude) * 10.0).round() / 10.0),
        None => None,
    };
    let now = db::now();
    let result = db::transaction(conn, |conn| {
        if let Some(existing) = q::open_for(conn, &user.id, &offer.id)? {
            return if existing.weeks_key == key {
                Ok((existing, false))
            } else {
                Err(AppError::conflict("Tu as déjà postulé à cette offre pour d'autres semaines : annule d'abord cette candidature.")
                    .with_code(ErrorCode::AlreadyApplied))
            };
        }
        let a = Application {
            id: ApplicationId::new(),
            pupil_id: PupilId::from(user.id.as_str()),
            offer_id: offer.id.clone(),
            school_uai: pupil.school_uai.clone(),
            school_year: year.label(),
            status: Status::Submitted,
            weeks_key: key.clone(),
            motivation: motivation.trim().to_owned(),
            distance_km: distance,
            reason: None,
            submitted_at: now,
            read_at: None,
            answered_at: None,
            confirmed_at: None,
            closed_at: None,
            expires_at: Some(rules::expires_at(now, s.expiry_days)),
            reminder_5_sent: false,
            reminder_1_sent: false,
            travel_message_sent: false,
            updated_at: now,
        };
        q::insert(conn, &a)?;
        notify::new_application(conn, &a, &offer, &s.public_url)?;
        Ok((a, true))
    });
    match result {
        // Two clicks at once on PostgreSQL: the unique index kept one; answer with it.
        Err(e) if e.code == ErrorCode::AlreadyExists => match q::open_for(conn, &user.id, &offer.id)? {
            Some(a) if a.weeks_key == key => Ok((a, false)),
            _ => Err(e),
        },
        other => other,
    }
}

/// The host opens an application: `submitted` becomes `read`.
pub fn read(conn: &mut AnyConnection, a: &Application) -> AppResult<Application> {
    let now = db::now();
    if a.status == Status::Submitted && q::set_status(conn, &a.id, &[Status::Submitted], Status::Read, now)? {
        q::set_read(conn, &a.id, now)?;
    }
    Ok(q::find(conn, &a.id)?.unwrap_or_else(|| a.clone()))
}

/// Checks the transition, then moves the row only if nobody moved it meanwhile.
fn step(conn: &mut AnyConnection, a: &Application, event: Event, actor: Actor, now: NaiveDateTime) -> AppResult<Status> {
    let from = a.status;
    let to = rules::transition(from, event, actor).map_err(refused)?;
    if !q::set_status(conn, &a.id, &[from], to, now)? {
        return Err(AppError::conflict("Cette candidature vient de changer : rechargez la page.").with_code(ErrorCode::ApplicationChanged));
    }
    Ok(to)
}

fn expired_now(a: &Application, now: NaiveDateTime) -> bool {
    a.status.is_open() && a.expires_at.is_some_and(|e| e <= now)
}

/// The host accepts; refused when no place is left in the application's weeks.
pub fn accept(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser, s: &Settings) -> AppResult<Application> {
    let now = db::now();
    db::transaction(conn, |conn| {
        let (a, offer) = load_for_host(conn, id, user)?;
        if expired_now(&a, now) {
            return Err(refused((ErrorCode::ApplicationExpired, "Cette candidature a expiré.")));
        }
        for w in a.weeks() {
            if q::places_left(conn, &offer.id, w)? <= 0 {
                return Err(AppError::conflict(format!("Plus de place la semaine {} : l'offre est complète.", w.week)).with_code(ErrorCode::NoPlaceLeft));
            }
        }
        step(conn, &a, Event::Accept, Actor::Host, now)?;
        // The second clock: the pupil has as long to confirm.
        q::set_answer(conn, &a.id, None, Some(rules::expires_at(now, s.expiry_days)), now)?;
        let a = q::find(conn, &a.id)?.ok_or_else(AppError::internal)?;
        notify::to_pupil(conn, &a, &offer, Status::Accepted, &s.public_url)?;
        Ok(a)
    })
}

pub fn reject(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser, reason: &str, s: &Settings) -> AppResult<Application> {
    let reason = reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 1000 {
        return Err(AppError::field("reason", "Expliquez votre refus à l'élève (5 à 1000 caractères)."));
    }
    let now = db::now();
    db::transaction(conn, |conn| {
        let (a, offer) = load_for_host(conn, id, user)?;
        step(conn, &a, Event::Reject, Actor::Host, now)?;
        q::set_closed(conn, &a.id, Some(reason), now)?;
        let a = q::find(conn, &a.id)?.ok_or_else(AppError::internal)?;
        notify::to_pupil(conn, &a, &offer, Status::Rejected, &s.public_url)?;
        Ok(a)
    })
}

/// The pupil confirms: one place taken per week (never beyond), at most two internships a
/// year, never two on one week; the pupil's other open applications on those weeks are withdrawn.
pub fn confirm(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser, s: &Settings) -> AppResult<Application> {
    let now = db::now();
    let result = confirm_in(conn, id, user, s, now);
    if let Err(e) = &result {
        if e.code == ErrorCode::SplitNeedsApproval {
            // The refusal rolled back; the request to the school is recorded on its own (once).
            db::transaction(conn, |conn| {
                if crate::pupils::request_split(conn, &user.id, now)? {
                    let (_, offer) = load_for_pupil(conn, id, user)?;
                    notify::split_request_to_staff(conn, &PupilId::from(user.id.as_str()), &offer, &s.public_url)?;
                }
                Ok(())
            })?;
        }
    }
    result
}

/// A seconde pupil's second placement is a split (one week in each of two hosts): allowed by
/// the school's setting or the principal's approval of this pupil.
fn split_allowed(conn: &mut AnyConnection, pupil_id: &PupilId) -> AppResult<bool> {
    let Some(pupil) = crate::pupils::find(conn, pupil_id)? else { return Ok(false) };
    Ok(pupil.split_approved_at.is_some() || crate::schools::registration(conn, &pupil.school_uai)?.is_some_and(|r| r.splits_allowed))
}

fn confirm_in(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser, s: &Settings, now: NaiveDateTime) -> AppResult<Application> {
    db::transaction(conn, |conn| {
        q::lock_pupil(conn, &user.id)?;
        let (a, offer) = load_for_pupil(conn, id, user)?;
        if expired_now(&a, now) {
            return Err(refused((ErrorCode::ApplicationExpired, "Cette candidature a expiré.")));
        }
        rules::transition(a.status, Event::Confirm, Actor::Pupil).map_err(refused)?;
        let weeks = a.weeks();
        let placed = q::confirmed_of(conn, &user.id, &a.school_year)?;
        if placed.iter().any(|p| rules::overlap(&p.weeks(), &weeks)) {
            return Err(AppError::conflict("Tu as déjà un stage confirmé sur cette semaine.").with_code(ErrorCode::WeekAlreadyTaken));
        }
        if rules::overlap(&crate::external_internships::weeks_taken(conn, &user.id, &a.school_year)?, &weeks) {
            return Err(AppError::conflict("Ton établissement a enregistré un stage trouvé hors de Passerelle sur cette semaine.")
                .with_code(ErrorCode::WeekAlreadyTaken));
        }
        if placed.len() as i64 >= rules::MAX_PLACEMENTS {
            return Err(AppError::conflict("Tu as déjà deux stages confirmés cette année.").with_code(ErrorCode::TooManyPlacements));
        }
        if offer.grade_family == "lycee" && !placed.is_empty() && !split_allowed(conn, &PupilId::from(user.id.as_str()))? {
            return Err(AppError::conflict(
                "Faire ton stage en deux lieux demande l'accord de ton chef d'établissement : ta demande lui est transmise, tu pourras confirmer dès qu'il l'aura acceptée.",
            )
            .with_code(ErrorCode::SplitNeedsApproval));
        }
        for w in &weeks {
            if !q::take_place(conn, &offer.id, *w)? {
                return Err(AppError::conflict("Désolé, la dernière place vient d'être prise par un autre élève.").with_code(ErrorCode::NoPlaceLeft));
            }
        }
        step(conn, &a, Event::Confirm, Actor::Pupil, now)?;
        q::set_weeks_confirmed(conn, &a.id, true)?;
        diesel_confirmed_at(conn, &a.id, now)?;
        withdraw_overlapping(conn, &user.id, &weeks, Some(&a.id), s, now)?;
        let a = q::find(conn, &a.id)?.ok_or_else(AppError::internal)?;
        notify::confirmed_to_staff(conn, &a, &offer, &s.public_url)?;
        crate::agreements::service::create_for(conn, &a, &offer, &agreements(s))?;
        tracing::info!(application = %a.id, offer = %offer.id, "placement confirmed");
        Ok(a)
    })
}

/// A pupil's open applications on any of these weeks leave (a placement confirmed here or an
/// internship found elsewhere took them), and their hosts and the pupil are told. The caller
/// holds the transaction.
pub fn withdraw_overlapping(
    conn: &mut AnyConnection,
    pupil_id: &str,
    weeks: &[IsoWeek],
    except: Option<&str>,
    s: &Settings,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let mut n = 0;
    for other in q::open_of_pupil(conn, pupil_id)? {
        if Some(other.id.as_str()) != except && rules::overlap(&other.weeks(), weeks) && q::set_status(conn, &other.id, &q::OPEN, Status::Withdrawn, now)? {
            q::set_closed(conn, &other.id, None, now)?;
            n += 1;
            if let Some(o) = crate::offers::find(conn, &other.offer_id)? {
                notify::withdrawn_to_host(conn, &other, &o, &s.public_url)?;
                notify::to_pupil(conn, &other, &o, Status::Withdrawn, &s.public_url)?;
            }
        }
    }
    Ok(n)
}

/// The weeks of a pupil's placements confirmed on the platform in a year.
pub fn confirmed_weeks(conn: &mut AnyConnection, pupil_id: &str, school_year: &str) -> AppResult<Vec<IsoWeek>> {
    Ok(q::confirmed_of(conn, pupil_id, school_year)?.iter().flat_map(|a| a.weeks()).collect())
}

fn diesel_confirmed_at(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> AppResult<()> {
    use crate::db::schema::applications as t;
    use diesel::prelude::*;
    diesel::update(t::table.find(id)).set((t::confirmed_at.eq(Some(now)), t::expires_at.eq(None::<NaiveDateTime>))).execute(conn)?;
    Ok(())
}

fn agreements(s: &Settings) -> crate::agreements::service::Settings {
    crate::agreements::service::Settings { public_url: s.public_url.clone() }
}

/// A confirmed placement that ends gives its places back, and its agreement is void.
fn release(conn: &mut AnyConnection, a: &Application, was: Status, why: &str, s: &Settings) -> AppResult<()> {
    if was == Status::Confirmed {
        crate::agreements::service::cancel_for(conn, &a.id, why, &agreements(s))?;
        for w in a.weeks() {
            q::release_place(conn, &a.offer_id, w)?;
        }
        q::set_weeks_confirmed(conn, &a.id, false)?;
    }
    Ok(())
}

pub fn cancel_by_pupil(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser, s: &Settings) -> AppResult<Application> {
    let now = db::now();
    db::transaction(conn, |conn| {
        q::lock_pupil(conn, &user.id)?;
        let (a, offer) = load_for_pupil(conn, id, user)?;
        let was = a.status;
        step(conn, &a, Event::CancelByPupil, Actor::Pupil, now)?;
        release(conn, &a, was, "stage annulé par l'élève", s)?;
        q::set_closed(conn, &a.id, None, now)?;
        notify::cancelled_to_host(conn, &a, &offer, &s.public_url)?;
        q::find(conn, &a.id)?.ok_or_else(AppError::internal)
    })
}

pub fn cancel_by_host(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser, reason: &str, s: &Settings) -> AppResult<Application> {
    let reason = reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 1000 {
        return Err(AppError::field("reason", "Expliquez l'annulation à l'élève (5 à 1000 caractères)."));
    }
    let now = db::now();
    db::transaction(conn, |conn| {
        let (a, offer) = load_for_host(conn, id, user)?;
        let was = a.status;
        step(conn, &a, Event::CancelByHost, Actor::Host, now)?;
        release(conn, &a, was, reason, s)?;
        q::set_closed(conn, &a.id, Some(reason), now)?;
        let a = q::find(conn, &a.id)?.ok_or_else(AppError::internal)?;
        notify::to_pupil(conn, &a, &offer, Status::CancelledByHost, &s.public_url)?;
        Ok(a)
    })
}

/// The host's inbox: the open applications to all of an organisation's offers, oldest first
/// (those waiting for an answer, and those accepted waiting for the pupil).
/// The organisation's applications: open ones (the inbox), confirmed placements, or both.
pub fn inbox(conn: &mut AnyConnection, org_id: &OrganisationId, user: &CurrentUser, confirmed: bool, open: bool) -> AppResult<Vec<Application>> {
    crate::organisations::service::load_for(conn, org_id, user)?;
    let offer_ids: Vec<OfferId> = crate::offers::of_organisation(conn, org_id)?.into_iter().map(|o| o.id).collect();
    let mut out = if open { q::open_of_offers(conn, &offer_ids)? } else { Vec::new() };
    if confirmed {
        out.extend(q::confirmed_of_offers(conn, &offer_ids)?);
    }
    Ok(out)
}

/// One reason for many refusals (a host closing a full offer answers everyone at once); each
/// refusal stands or fails on its own.
pub fn reject_many(conn: &mut AnyConnection, ids: &[String], user: &CurrentUser, reason: &str, s: &Settings) -> AppResult<Vec<AppResult<Application>>> {
    let reason = reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 1000 {
        return Err(AppError::field("reason", "Expliquez votre refus aux élèves (5 à 1000 caractères)."));
    }
    Ok(ids.iter().map(|id| reject(conn, &ApplicationId::from(id.as_str()), user, reason, s)).collect())
}

/// A member passes an application to a colleague of the same organisation (e-mail with the link).
pub fn forward(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser, to_user_id: &str, note: &str, s: &Settings) -> AppResult<()> {
    let note = note.trim();
    if note.chars().count() > 1000 {
        return Err(AppError::field("note", "1000 caractères au plus."));
    }
    let (a, offer) = load_for_host(conn, id, user)?;
    if to_user_id == user.id.as_str() || !crate::organisations::is_member(conn, &offer.organisation_id, to_user_id)? {
        return Err(AppError::field("user_id", "Choisissez un collègue membre de l'organisme."));
    }
    let colleague = crate::accounts::find_user(conn, to_user_id)?.ok_or_else(|| AppError::field("user_id", "Collègue introuvable."))?;
    let from = crate::accounts::find_user(conn, &user.id)?.map(|u| format!("{} {}", u.first_name, u.last_name)).unwrap_or_default();
    let Some(email) = colleague.email.as_deref() else {
        return Err(AppError::field("user_id", "Ce collègue n'a pas d'adresse e-mail."));
    };
    let link = format!("{}/candidatures/{}", s.public_url, a.id);
    let intro = format!("{from} vous transmet une candidature à l'offre « {} ».", offer.title);
    let said = if note.is_empty() { String::new() } else { format!("Son message : « {note} »") };
    let paragraphs: Vec<&str> = [intro.as_str(), said.as_str()].into_iter().filter(|p| !p.is_empty()).collect();
    crate::notifications::queue_email(
        conn,
        &crate::notifications::templates::application_email(
            email,
            &colleague.first_name,
            "Une candidature vous est transmise",
            &paragraphs,
            ("Voir la candidature", &link),
        ),
    )?;
    tracing::info!(application = %a.id, from = %user.id, to = %to_user_id, "application forwarded");
    Ok(())
}

/// The host sends the guide's message about distance and lodging (once).
pub fn travel_message(conn: &mut AnyConnection, id: &ApplicationId, user: &CurrentUser, s: &Settings) -> AppResult<()> {
    db::transaction(conn, |conn| {
        let (a, offer) = load_for_host(conn, id, user)?;
        if !a.distance_km.is_some_and(|d| d > rules::FAR_FROM_HOME_KM) {
            return Err(AppError::conflict("L'élève habite à moins de 10\u{a0}km : ce message n'est pas utile.").with_code(ErrorCode::NotFar));
        }
        if !q::claim_travel_message(conn, &a.id)? {
            return Err(AppError::conflict("Ce message a déjà été envoyé.").with_code(ErrorCode::AlreadySent));
        }
        notify::travel_message(conn, &a, &offer, &s.public_url)
    })
}

/// Expiry and reminders at `now` (the job runner calls it; tests pass a later `now`). Each
/// change is a guarded update: several replicas sweeping at once notify once.
pub fn sweep(conn: &mut AnyConnection, now: NaiveDateTime, s: &Settings) -> AppResult<usize> {
    let mut done = 0;
    for a in q::due(conn, now + chrono::Duration::days(5), 500)? {
        let Some(expires) = a.expires_at else { continue };
        let offer = crate::offers::find(conn, &a.offer_id)?.ok_or_else(AppError::internal)?;
        db::transaction(conn, |conn| {
            if expires <= now {
                if q::set_status(conn, &a.id, &q::OPEN, Status::Expired, now)? {
                    q::set_closed(conn, &a.id, None, now)?;
                    notify::to_pupil(conn, &a, &offer, Status::Expired, &s.public_url)?;
                    done += 1;
                }
                return Ok(());
            }
            // Reminders are for applications still waiting for the host.
            if a.status == Status::Accepted {
                return Ok(());
            }
            let (five, one) = rules::reminders_due(now, expires);
            if five && q::claim_reminder(conn, &a.id, true)? {
                notify::reminder(conn, &a, &offer, 5, &s.public_url)?;
                done += 1;
            }
            if one && q::claim_reminder(conn, &a.id, false)? {
                notify::reminder(conn, &a, &offer, 1, &s.public_url)?;
                done += 1;
            }
            Ok(())
        })?;
    }
    Ok(done)
}
