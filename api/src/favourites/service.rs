//! A pupil stars offers and comes back to them: the list says which are still open.

use crate::ids::{OfferId, OrganisationId};
use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::queries as q;
use super::rules::{self, Availability, WeekLeft};
use crate::auth::Pupil;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::offers::model::{Offer, OfferWeek};
use crate::offers::rules::OfferStatus;
use crate::schools::rules::IsoWeek;

/// A starred offer as the pupil's list shows it.
pub struct Favourite {
    pub offer: Offer,
    pub organisation_name: String,
    pub sector_name: String,
    pub weeks: Vec<OfferWeek>,
    pub availability: Availability,
    pub places_left: i32,
    pub starred_at: NaiveDateTime,
    /// Reserved to some schools (the pupil's among them, or they would not see it).
    pub reserved: bool,
    /// From the pupil's school, when both places are known.
    pub distance_km: Option<f64>,
}

/// What the visibility of several offers shares: the campaign's opening per (year, grade family),
/// and which of them are reserved to some schools (read once for the list).
struct Seen {
    opened: HashMap<(String, String), bool>,
    reserved: std::collections::HashSet<OfferId>,
}

/// Whether this pupil may still see the offer in search or on its page.
fn visible(conn: &mut AnyConnection, pupil: &Pupil, offer: &Offer, now: NaiveDateTime, seen: &mut Seen) -> AppResult<bool> {
    if offer.status != OfferStatus::Published || offer.hidden {
        return Ok(false);
    }
    let key = (offer.school_year.clone(), offer.grade_family.clone());
    let is_open = match seen.opened.get(&key) {
        Some(o) => *o,
        None => {
            let o = crate::offers::search::opened_for(conn, Some(pupil), &offer.school_year, &offer.grade_family, now)?;
            seen.opened.insert(key, o);
            o
        }
    };
    // An offer open to all needs no further look (most of them): no query per offer.
    let open_to_all = !offer.rep_only && !seen.reserved.contains(&offer.id);
    Ok(is_open && (open_to_all || crate::offers::search::visible_to(conn, Some(pupil), &offer.id, offer.rep_only)?))
}

fn views(conn: &mut AnyConnection, pupil: &Pupil, starred: Vec<(OfferId, NaiveDateTime)>, now: NaiveDateTime) -> AppResult<Vec<Favourite>> {
    let ids: Vec<OfferId> = starred.iter().map(|(id, _)| id.clone()).collect();
    let mut offers: HashMap<OfferId, Offer> = crate::offers::load_many(conn, &ids)?.into_iter().map(|o| (o.id.clone(), o)).collect();
    let mut weeks = crate::offers::weeks_of(conn, &ids)?;
    let org_ids: Vec<OrganisationId> = offers.values().map(|o| o.organisation_id.clone()).collect();
    let organisations = crate::offers::organisation_names(conn, &org_ids)?;
    let sectors = crate::offers::sector_names(conn)?;
    let current = IsoWeek::of(now.date());
    let mut seen = Seen { opened: HashMap::new(), reserved: crate::offers::reserved_among(conn, &ids)? };
    // Distances from the pupil's school, as the search measures them.
    let school_at = match crate::pupils::of_account(conn, &pupil.id)? {
        Some(p) => crate::reference::school(conn, &p.school_uai)?.and_then(|s| s.latitude.zip(s.longitude)),
        None => None,
    };
    let mut out = Vec::with_capacity(starred.len());
    for (id, starred_at) in starred {
        let Some(offer) = offers.remove(&id) else { continue };
        let weeks = weeks.remove(&id).unwrap_or_default();
        let left: Vec<WeekLeft> =
            weeks.iter().map(|w| WeekLeft { week: IsoWeek { year: w.iso_year, week: w.iso_week as u32 }, places_left: w.places - w.confirmed }).collect();
        let (availability, places_left) = rules::availability(visible(conn, pupil, &offer, now, &mut seen)?, &left, current);
        let distance_km = school_at.map(|(lat, lon)| (crate::reference::rules::distance_km(lat, lon, offer.latitude, offer.longitude) * 10.0).round() / 10.0);
        out.push(Favourite {
            reserved: seen.reserved.contains(&offer.id),
            distance_km,
            organisation_name: organisations.get(&offer.organisation_id).cloned().unwrap_or_default(),
            sector_name: sectors.get(&offer.sector_id).cloned().unwrap_or_default(),
            offer,
            weeks,
            availability,
            places_left,
            starred_at,
        });
    }
    Ok(out)
}

/// The pupil's favourites, newest first.
pub fn list(conn: &mut AnyConnection, pupil: &Pupil, now: NaiveDateTime) -> AppResult<Vec<Favourite>> {
    let starred = q::of_pupil(conn, &pupil.id)?;
    views(conn, pupil, starred, now)
}

/// Stars an offer the pupil can see (404 otherwise: its existence is not theirs to know).
/// Starring again changes nothing; the boolean says whether it was new.
pub fn star(conn: &mut AnyConnection, pupil: &Pupil, offer_id: &OfferId, now: NaiveDateTime) -> AppResult<(Favourite, bool)> {
    db::transaction(conn, |conn| {
        let created = match q::starred_at(conn, &pupil.id, offer_id)? {
            Some(_) => false,
            None => {
                let offer = crate::offers::find(conn, offer_id)?.ok_or_else(|| AppError::not_found("Offre introuvable ou plus disponible."))?;
                let mut seen = Seen { opened: HashMap::new(), reserved: crate::offers::reserved_among(conn, std::slice::from_ref(&offer.id))? };
                if !visible(conn, pupil, &offer, now, &mut seen)? {
                    return Err(AppError::not_found("Offre introuvable ou plus disponible."));
                }
                if q::count(conn, &pupil.id)? >= rules::MAX_PER_PUPIL {
                    return Err(AppError::conflict(format!(
                        "Tu as déjà {} offres en favoris : retire celles qui ne t'intéressent plus pour en ajouter d'autres.",
                        rules::MAX_PER_PUPIL
                    ))
                    .with_code(ErrorCode::TooManyFavourites));
                }
                q::insert(conn, &pupil.id, offer_id, now)?;
                true
            }
        };
        let starred_at = q::starred_at(conn, &pupil.id, offer_id)?.ok_or_else(AppError::internal)?;
        let favourite = views(conn, pupil, vec![(offer_id.clone(), starred_at)], now)?.pop().ok_or_else(AppError::internal)?;
        Ok((favourite, created))
    })
}

/// Removes a star (nothing to do when there is none).
pub fn unstar(conn: &mut AnyConnection, pupil: &Pupil, offer_id: &str) -> AppResult<()> {
    q::delete(conn, &pupil.id, offer_id)?;
    Ok(())
}

/// Forgets every star of a person (their account is erased).
pub fn forget(conn: &mut AnyConnection, user_id: &str) -> AppResult<usize> {
    Ok(q::delete_all(conn, user_id)?)
}

/// The offer ids a person starred, for their data export.
pub fn export(conn: &mut AnyConnection, user_id: &str) -> AppResult<Vec<(OfferId, NaiveDateTime)>> {
    Ok(q::of_pupil(conn, user_id)?)
}

/// Forgets the stars on the offers of a school year, once the year is closed.
pub fn forget_year(conn: &mut AnyConnection, school_year: &str) -> AppResult<usize> {
    Ok(q::delete_of_year(conn, school_year)?)
}
