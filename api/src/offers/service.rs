//! Offer use cases for hosts: create, edit, publish, unpublish, delete, duplicate, renew.

use crate::error::ErrorCode;
use crate::ids::{OfferId, UserId};

use super::model::{Offer, OfferWeek};
use super::queries as q;
use super::rules::{self, DaySchedule, GroupMode, Lunch, OfferAction, OfferStatus};
use crate::auth::CurrentUser;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::organisations::model::Organisation;
use crate::schools::rules::{Grade, GradeFamily, IsoWeek, SchoolYear};
use chrono::NaiveDateTime;

/// Everything a host types in the offer form.
#[derive(Debug, Clone)]
pub struct OfferInput {
    pub school_year: String,
    pub title: String,
    pub description: String,
    pub sector_id: String,
    pub jobs: String,
    pub activities: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub tutor_name: String,
    pub tutor_function: String,
    pub tutor_email: String,
    pub tutor_phone: String,
    pub grades: Vec<Grade>,
    pub weeks: Vec<IsoWeek>,
    pub places_per_week: i32,
    pub group_mode: GroupMode,
    pub reserved_schools: Vec<String>,
    pub rep_only: bool,
    pub schedule: Vec<DaySchedule>,
    pub lunch: Lunch,
    pub accessibility: String,
    pub practical_info: String,
    /// A two-week seconde offer taken as the two weeks only (the guide's preferred form).
    pub two_weeks_only: bool,
}

/// An offer checked against the reference data: the row's fields, its weeks, its schools.
pub struct Checked {
    pub year: SchoolYear,
    pub family: GradeFamily,
    pub fields: Offer,
    pub weeks: Vec<IsoWeek>,
    pub reserved: Vec<String>,
    pub two_weeks_only: bool,
}

fn text_problem(field: &str, value: &str, min: usize, max: usize, err: AppError) -> AppError {
    let n = value.trim().chars().count();
    if n < min {
        err.with_field(field, if min <= 1 { "Ce champ est obligatoire.".to_owned() } else { format!("{min} caractères au moins.") })
    } else if n > max {
        err.with_field(field, format!("{max} caractères au plus."))
    } else {
        err
    }
}

/// Every problem at once, at its field (422), or the checked offer: the row of offer `id`
/// written by `author` (a new offer's fresh id and its creator, or an existing offer's own).
pub fn check(conn: &mut AnyConnection, org: &Organisation, i: &OfferInput, require_weeks: bool, id: &OfferId, author: &UserId) -> AppResult<Checked> {
    let mut err = AppError::validation();
    err = text_problem("title", &i.title, 5, rules::TITLE_MAX, err);
    err = text_problem("description", &i.description, 20, rules::DESCRIPTION_MAX, err);
    err = text_problem("jobs", &i.jobs, 2, 500, err);
    err = text_problem("activities", &i.activities, 0, 1500, err);
    err = text_problem("address", &i.address, 3, 300, err);
    err = text_problem("tutor_name", &i.tutor_name, 2, 200, err);
    err = text_problem("tutor_function", &i.tutor_function, 2, 200, err);
    err = text_problem("accessibility", &i.accessibility, 0, 1000, err);
    err = text_problem("practical_info", &i.practical_info, 0, 1500, err);
    let tutor_email = crate::accounts::rules::normalize_email(&i.tutor_email);
    if tutor_email.is_none() {
        err = err.with_field("tutor_email", "Adresse e-mail invalide.");
    }
    let tutor_phone = crate::accounts::rules::normalize_phone(&i.tutor_phone);
    if tutor_phone.is_none() {
        err = err.with_field("tutor_phone", "Numéro de téléphone invalide.");
    }
    if !(1..=200).contains(&i.places_per_week) {
        err = err.with_field("places_per_week", "Entre 1 et 200 élèves par semaine.");
    }
    if i.reserved_schools.len() > 50 {
        err = err.with_field("reserved_schools", "50 établissements au plus.");
    }
    let year = SchoolYear::parse(&i.school_year);
    if year.is_none() {
        err = err.with_field("school_year", "Année scolaire attendue sous la forme 2026-2027.");
    }
    let family = match rules::family_of(&i.grades) {
        Ok(f) => Some(f),
        Err((f, m)) => {
            err = err.with_field(f, m);
            None
        }
    };
    if !crate::reference::sector_exists(conn, &i.sector_id)? {
        err = err.with_field("sector_id", "Secteur inconnu.");
    }
    let mut weeks = i.weeks.clone();
    weeks.sort();
    weeks.dedup();
    if let (Some(year), Some(family)) = (year, family) {
        for (f, m) in rules::schedule_problems(&i.schedule, family) {
            err = err.with_field(&f, m);
        }
        let seconde = crate::schools::years::seconde_weeks(conn, year)?;
        for (f, m) in rules::weeks_problems(&weeks, year, family, &seconde) {
            if require_weeks || f != "weeks" {
                err = err.with_field(&f, m);
            }
        }
        if let Some(m) = rules::two_weeks_only_problem(i.two_weeks_only, family, weeks.len(), require_weeks) {
            err = err.with_field("two_weeks_only", m);
        }
    }
    let commune = crate::reference::geocode_address(conn, i.postal_code.trim(), &i.city)?;
    if commune.is_none() {
        err = err.with_field("postal_code", "Code postal inconnu.");
    }
    let coords = match (i.latitude, i.longitude, commune.as_ref()) {
        (Some(lat), Some(lon), _) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => Some((lat, lon)),
        (Some(_), Some(_), _) => {
            err = err.with_field("latitude", "Coordonnées invalides.");
            None
        }
        (_, _, Some(c)) => c.latitude.zip(c.longitude),
        _ => None,
    };
    let mut reserved: Vec<String> = i.reserved_schools.iter().map(|u| u.trim().to_uppercase()).collect();
    reserved.sort();
    reserved.dedup();
    for (n, uai) in reserved.iter().enumerate() {
        if crate::reference::school(conn, uai)?.is_none() {
            err = err.with_field(&format!("reserved_schools[{n}]"), format!("Établissement {uai} inconnu."));
        }
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    let (Some(year), Some(family), Some(commune), Some((lat, lon))) = (year, family, commune, coords) else {
        return Err(AppError::internal());
    };
    let now = db::now();
    let fields = Offer {
        id: id.clone(),
        organisation_id: org.id.clone(),
        created_by: author.clone(),
        status: OfferStatus::Draft,
        hidden: false,
        school_year: year.label(),
        grade_family: family.as_str().to_owned(),
        title: i.title.trim().to_owned(),
        description: i.description.trim().to_owned(),
        sector_id: i.sector_id.clone(),
        jobs: i.jobs.trim().to_owned(),
        activities: i.activities.trim().to_owned(),
        address: i.address.trim().to_owned(),
        postal_code: i.postal_code.trim().to_owned(),
        city: commune.name.clone(),
        department_code: commune.department_code.clone(),
        latitude: lat,
        longitude: lon,
        tutor: serde_json::to_string(&super::model::Tutor {
            name: i.tutor_name.trim().to_owned(),
            function: i.tutor_function.trim().to_owned(),
            email: tutor_email.unwrap_or_default(),
            phone: tutor_phone.unwrap_or_default(),
        })
        .map_err(|_| AppError::internal())?,
        places_per_week: i.places_per_week,
        group_mode: i.group_mode.as_str().to_owned(),
        rep_only: i.rep_only,
        schedule: serde_json::to_string(&i.schedule).map_err(|_| AppError::internal())?,
        lunch: i.lunch.as_str().to_owned(),
        accessibility: i.accessibility.trim().to_owned(),
        practical_info: i.practical_info.trim().to_owned(),
        search_text: rules::search_text(&i.title, &i.description, &org.name, &i.jobs),
        geo_id: None,
        renewed_from: None,
        published_at: None,
        created_at: now,
        updated_at: now,
    };
    Ok(Checked { year, family, fields, weeks, reserved, two_weeks_only: i.two_weeks_only })
}

/// The offer and its organisation, when the user may manage it (a member, or an admin).
/// The offer, for its organisation's members. A host of another organisation is refused (403
/// `NOT_A_MEMBER`) on an offer they can see, and told it does not exist (404) on a draft or an
/// offer hidden from them: its existence is the organisation's business.
/// The offer for one of its organisation's members; `now` is the state's clock (a draft or a
/// not-yet-open offer is 404 to others, as on its page).
pub fn load_for_member(conn: &mut AnyConnection, offer_id: &OfferId, user: &CurrentUser, now: NaiveDateTime) -> AppResult<(Offer, Organisation)> {
    let missing = || AppError::not_found("Offre introuvable.");
    let offer = q::find(conn, offer_id)?.ok_or_else(missing)?;
    match crate::organisations::service::load_for(conn, &offer.organisation_id, user) {
        Ok(org) => Ok((offer, org)),
        Err(e) if e.code == ErrorCode::NotAMember => {
            let reserved = q::reserved_schools(conn, &offer.id)?;
            Err(if super::search::visible_offer(conn, Some(user), &offer, &reserved, now)? { e } else { missing() })
        }
        Err(e) => Err(e),
    }
}

/// 422 on `weeks` when a week being added is already over.
fn refuse_new_past_weeks(chosen: &[IsoWeek], already: &[IsoWeek]) -> AppResult<()> {
    let past = rules::new_past_weeks(chosen, already, chrono::Utc::now().date_naive());
    match past.first() {
        None => Ok(()),
        Some(w) => Err(AppError::field("weeks", format!("La semaine {} de {} est passée : choisissez des semaines à venir.", w.week, w.year))
            .with_code(ErrorCode::WeeksPast)),
    }
}

pub fn create(conn: &mut AnyConnection, user: &CurrentUser, org: &Organisation, input: &OfferInput) -> AppResult<Offer> {
    let c = check(conn, org, input, false, &OfferId::new(), &user.id)?;
    refuse_new_past_weeks(&c.weeks, &[])?;
    let offer = c.fields;
    db::transaction(conn, |conn| {
        q::save(conn, &offer, q::Write::New, Some(&c.weeks))?;
        q::set_reserved_schools(conn, &offer.id, &c.reserved)?;
        q::set_two_weeks_only(conn, &offer.id, c.two_weeks_only)?;
        Ok(())
    })?;
    tracing::info!(offer = %offer.id, organisation = %org.id, "offer created");
    Ok(offer)
}

/// Editing never drops pupils already confirmed: a week with confirmed pupils stays, and the
/// places never go below them.
pub fn update(conn: &mut AnyConnection, offer: &Offer, org: &Organisation, input: &OfferInput) -> AppResult<Offer> {
    let status = offer.status;
    rules::transition(status, OfferAction::Edit, false).map_err(|(code, m)| AppError::conflict(m).with_code(code))?;
    let c = check(conn, org, input, status == OfferStatus::Published, &offer.id, &offer.created_by)?;
    db::transaction(conn, |conn| {
        let current = q::weeks(conn, &offer.id)?;
        let stored: Vec<IsoWeek> = current.iter().map(|w| IsoWeek { year: w.iso_year, week: w.iso_week as u32 }).collect();
        refuse_new_past_weeks(&c.weeks, &stored)?;
        for w in current.iter().filter(|w| w.confirmed > 0) {
            let kept = c.weeks.iter().any(|k| k.year == w.iso_year && k.week as i32 == w.iso_week);
            if !kept {
                return Err(AppError::conflict(format!(
                    "Des élèves sont déjà confirmés la semaine {} de {} : elle ne peut pas être retirée.",
                    w.iso_week, w.iso_year
                ))
                .with_code(ErrorCode::WeekHasPupils)
                .with_field("weeks", "Semaine avec des élèves confirmés."));
            }
            if c.fields.places_per_week < w.confirmed {
                return Err(AppError::conflict(format!(
                    "{} élève(s) déjà confirmé(s) la semaine {} : le nombre de places ne peut pas être inférieur.",
                    w.confirmed, w.iso_week
                ))
                .with_code(ErrorCode::PlacesBelowConfirmed)
                .with_field("places_per_week", format!("{} au moins.", w.confirmed)));
            }
        }
        let mut updated = c.fields.clone();
        updated.status = offer.status;
        updated.hidden = offer.hidden;
        updated.geo_id = offer.geo_id;
        updated.renewed_from = offer.renewed_from.clone();
        updated.published_at = offer.published_at;
        updated.created_at = offer.created_at;
        q::set_reserved_schools(conn, &offer.id, &c.reserved)?;
        q::set_two_weeks_only(conn, &offer.id, c.two_weeks_only)?;
        q::save(conn, &updated, q::Write::Existing, Some(&c.weeks))?;
        Ok(q::find(conn, &offer.id)?.unwrap_or(updated))
    })
}

/// Publish, unpublish or delete (soft: applications and agreements keep pointing at it).
pub fn act(conn: &mut AnyConnection, offer: &Offer, org: &Organisation, action: OfferAction) -> AppResult<Offer> {
    let today = chrono::Utc::now().date_naive();
    db::transaction(conn, |conn| {
        // Re-read inside the transaction: two publishes at once see one another.
        let current = q::find(conn, &offer.id)?.ok_or_else(|| AppError::not_found("Offre introuvable."))?;
        let status = current.status;
        let weeks = q::weeks(conn, &offer.id)?;
        let all_past = weeks.iter().all(|w| IsoWeek { year: w.iso_year, week: w.iso_week as u32 }.friday().is_none_or(|f| f < today));
        if action == OfferAction::Publish && weeks.is_empty() {
            return Err(AppError::field("weeks", "Choisissez au moins une semaine avant de publier.").with_code(ErrorCode::NoWeeks));
        }
        if action == OfferAction::Publish {
            // The form may have been saved with problems a draft tolerates: check it whole.
            let reserved = q::reserved_schools(conn, &offer.id)?;
            let two_weeks_only = q::two_weeks_only(conn, &offer.id)?;
            check(conn, org, &input_of(&current, &weeks, &reserved, two_weeks_only), true, &current.id, &current.created_by)?;
        }
        let next = rules::transition(status, action, all_past).map_err(|(code, m)| AppError::conflict(m).with_code(code))?;
        let mut updated = current.clone();
        updated.status = next;
        updated.updated_at = db::now();
        if next == OfferStatus::Published && updated.published_at.is_none() {
            updated.published_at = Some(updated.updated_at);
        }
        q::save(conn, &updated, q::Write::Existing, None)?;
        tracing::info!(offer = %offer.id, organisation = %org.id, status = updated.status.as_str(), "offer status changed");
        Ok(q::find(conn, &offer.id)?.unwrap_or(updated))
    })
}

/// The form's input back from a stored offer (to duplicate, renew or re-check it).
pub fn input_of(o: &Offer, weeks: &[OfferWeek], reserved: &[String], two_weeks_only: bool) -> OfferInput {
    let family = if o.grade_family == GradeFamily::Lycee.as_str() { GradeFamily::Lycee } else { GradeFamily::College };
    let tutor = o.tutor();
    OfferInput {
        school_year: o.school_year.clone(),
        title: o.title.clone(),
        description: o.description.clone(),
        sector_id: o.sector_id.clone(),
        jobs: o.jobs.clone(),
        activities: o.activities.clone(),
        address: o.address.clone(),
        postal_code: o.postal_code.clone(),
        city: o.city.clone(),
        latitude: Some(o.latitude),
        longitude: Some(o.longitude),
        tutor_name: tutor.name,
        tutor_function: tutor.function,
        tutor_email: tutor.email,
        tutor_phone: tutor.phone,
        grades: grades_of(family),
        weeks: weeks.iter().map(|w| IsoWeek { year: w.iso_year, week: w.iso_week as u32 }).collect(),
        places_per_week: o.places_per_week,
        group_mode: GroupMode::parse(&o.group_mode),
        reserved_schools: reserved.to_vec(),
        rep_only: o.rep_only,
        schedule: serde_json::from_str(&o.schedule).unwrap_or_default(),
        lunch: Lunch::parse(&o.lunch),
        accessibility: o.accessibility.clone(),
        practical_info: o.practical_info.clone(),
        two_weeks_only,
    }
}

pub fn grades_of(family: GradeFamily) -> Vec<Grade> {
    match family {
        GradeFamily::College => vec![Grade::Quatrieme, Grade::Troisieme],
        GradeFamily::Lycee => vec![Grade::Seconde],
    }
}

/// A copy as a draft: the same year and weeks (duplicate), or another year without weeks
/// (renew: the host chooses them again).
/// A copy of the offer (a draft); renewed for a later year, its weeks are chosen again, or are
/// the whole year's (`whole_year`).
pub fn copy(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    offer: &Offer,
    org: &Organisation,
    renew_for: Option<SchoolYear>,
    whole_year: bool,
) -> AppResult<Offer> {
    let weeks = q::weeks(conn, &offer.id)?;
    let reserved = q::reserved_schools(conn, &offer.id)?;
    let mut input = input_of(offer, &weeks, &reserved, q::two_weeks_only(conn, &offer.id)?);
    if let Some(y) = renew_for {
        input.school_year = y.label();
        input.weeks.clear();
        if whole_year {
            if let Ok(family) = rules::family_of(&input.grades) {
                let seconde = crate::schools::years::seconde_weeks(conn, y)?;
                input.weeks = rules::whole_year_weeks(y, family, &seconde, chrono::Utc::now().date_naive());
            }
        }
    } else {
        input.title = format!("{} (copie)", input.title).chars().take(rules::TITLE_MAX).collect();
    }
    let mut copy = create(conn, user, org, &input)?;
    if renew_for.is_some() {
        copy.renewed_from = Some(offer.id.clone());
        q::save(conn, &copy, q::Write::Existing, None)?;
    }
    Ok(copy)
}
