//! Far from home: how far an offer is from the pupil, the guide's lodging message, and the
//! boarding houses (internats) near the offer when the optional reference file was imported.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Offer;
use crate::auth::{CurrentUser, Role};
use crate::db::AnyConnection;
use crate::error::AppResult;

/// More than this far from home, the pupil is asked about the journey and lodging, and the host
/// is warned (the guide for hosts, "plus de 10 km").
pub const FAR_FROM_HOME_KM: f64 = 10.0;
/// Boarding houses listed around an offer: this close, this many at most.
pub const BOARDING_RADIUS_KM: f64 = 25.0;
pub const BOARDING_MAX: usize = 5;

/// Where the distance is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DistanceFrom {
    /// The pupil's home (their postal code's commune).
    Home,
    /// Their school, when the home is not known.
    School,
}

/// The guide's message, said to a pupil (tutoiement), when the offer is far from where the
/// distance was measured (their home, else their school).
pub fn message(distance_km: f64, from: DistanceFrom) -> Option<String> {
    let place = match from {
        DistanceFrom::Home => "de chez toi",
        DistanceFrom::School => "de ton établissement",
    };
    (distance_km > FAR_FROM_HOME_KM).then(|| {
        format!(
            "Ce stage se trouve à environ {}\u{a0}km {place}. As-tu bien pris en compte la distance à parcourir ainsi que les modalités liées au logement ? Parles-en avec ta famille et ton professeur principal : un internat proche peut parfois t'accueillir pendant la semaine.",
            distance_km.round() as i64
        )
    })
}

/// A boarding house near the offer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BoardingHouseView {
    pub uai: String,
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    /// From the offer, in km (one decimal).
    pub distance_km: f64,
    /// Beds offered to internship pupils, when known.
    pub places: Option<i32>,
    /// E-mail, phone or web page to ask.
    pub contact: Option<String>,
}

/// What the offer's page says about the journey and lodging.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Lodging {
    /// For a pupil: how far the offer is, in km (one decimal); absent for anyone else, or when
    /// neither home nor school is located.
    pub distance_km: Option<f64>,
    pub distance_from: Option<DistanceFrom>,
    /// More than 10 km away.
    pub far: bool,
    /// The guide's message about the journey and lodging, when far.
    pub message: Option<String>,
    /// Boarding houses within 25 km of the offer, nearest first (empty when the reference data
    /// holds none).
    pub boarding_houses: Vec<BoardingHouseView>,
}

fn round1(km: f64) -> f64 {
    (km * 10.0).round() / 10.0
}

/// The pupil's point of departure: their home's commune, else their school.
fn origin(conn: &mut AnyConnection, user: Option<&CurrentUser>) -> AppResult<Option<((f64, f64), DistanceFrom)>> {
    let Some(u) = user.filter(|u| u.role == Role::Student) else { return Ok(None) };
    let Some(pupil) = crate::pupils::of_account(conn, &u.id)? else { return Ok(None) };
    if let Some(pc) = pupil.home_postal_code.as_deref() {
        if let Some(at) = crate::reference::geocode(conn, pc)?.and_then(|c| c.latitude.zip(c.longitude)) {
            return Ok(Some((at, DistanceFrom::Home)));
        }
    }
    Ok(crate::reference::school(conn, &pupil.school_uai)?.and_then(|s| s.latitude.zip(s.longitude)).map(|at| (at, DistanceFrom::School)))
}

/// The lodging block of an offer the viewer may see (the caller checks).
pub fn of_offer(conn: &mut AnyConnection, user: Option<&CurrentUser>, offer: &Offer) -> AppResult<Lodging> {
    let from = origin(conn, user)?;
    let distance = from.map(|((lat, lon), _)| round1(crate::reference::rules::distance_km(lat, lon, offer.latitude, offer.longitude)));
    let boarding_houses = crate::reference::boarding_houses_near(conn, offer.latitude, offer.longitude, BOARDING_RADIUS_KM, BOARDING_MAX)?
        .into_iter()
        .map(|(h, d)| BoardingHouseView {
            uai: h.uai,
            name: h.name,
            address: h.address,
            postal_code: h.postal_code,
            city: h.city,
            distance_km: round1(d),
            places: h.places,
            contact: h.contact,
        })
        .collect();
    Ok(Lodging {
        far: distance.is_some_and(|d| d > FAR_FROM_HOME_KM),
        message: distance.zip(from.map(|(_, f)| f)).and_then(|(d, f)| message(d, f)),
        distance_km: distance,
        distance_from: from.map(|(_, f)| f),
        boarding_houses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lodging_message_comes_past_ten_km_with_the_rounded_distance() {
        assert_eq!(message(9.9, DistanceFrom::Home), None);
        assert_eq!(message(10.0, DistanceFrom::Home), None);
        let m = message(42.4, DistanceFrom::Home).expect("far");
        assert!(m.starts_with("Ce stage se trouve à environ 42\u{a0}km de chez toi."), "{m}");
        assert!(m.contains("modalités liées au logement"));
        let m = message(42.4, DistanceFrom::School).expect("far");
        assert!(m.starts_with("Ce stage se trouve à environ 42\u{a0}km de ton établissement."), "{m}");
    }
}
