//! HTTP face of the favourites: the pupil's own list, under `/pupils/me`.

use crate::ids::OfferId;
use actix_web::{delete, get, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules::Availability;
use super::service::{self, Favourite};
use crate::auth::Pupil;
use crate::error::{AppResult, ErrorBody};
use crate::schools::rules::{GradeFamily, IsoWeek};
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct FavouriteWeek {
    pub week: IsoWeek,
    pub places_left: i32,
}

/// A starred offer, with what the pupil needs to decide to apply.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct FavouriteOffer {
    pub offer_id: String,
    pub title: String,
    pub organisation_name: String,
    pub city: String,
    pub postal_code: String,
    pub sector_id: String,
    pub sector_name: String,
    /// Every week of the offer, with its places left.
    pub weeks: Vec<FavouriteWeek>,
    /// Places left over the weeks still to come.
    pub places_left: i32,
    /// `open` (apply), `full`, `past` (every week has begun) or `withdrawn` (unpublished,
    /// deleted, hidden, or no longer open to the pupil).
    pub availability: Availability,
    #[serde(with = "crate::http::utc")]
    pub starred_at: chrono::NaiveDateTime,
    /// The offer's grade family (for "réservée à ton collège / ton lycée").
    pub grade_family: GradeFamily,
    /// Reserved to pupils of priority education (REP, REP+, QPV), as in the search.
    pub rep_only: bool,
    /// Reserved to some schools, the pupil's among them, as in the search.
    pub reserved: bool,
    /// Kilometres from the pupil's school (null when a place is unknown), as in the search.
    pub distance_km: Option<f64>,
}

impl From<Favourite> for FavouriteOffer {
    fn from(f: Favourite) -> Self {
        FavouriteOffer {
            weeks: f
                .weeks
                .iter()
                .map(|w| FavouriteWeek { week: IsoWeek { year: w.iso_year, week: w.iso_week as u32 }, places_left: (w.places - w.confirmed).max(0) })
                .collect(),
            grade_family: if f.offer.grade_family == "lycee" { GradeFamily::Lycee } else { GradeFamily::College },
            rep_only: f.offer.rep_only,
            reserved: f.reserved,
            distance_km: f.distance_km,
            offer_id: f.offer.id.into(),
            title: f.offer.title,
            organisation_name: f.organisation_name,
            city: f.offer.city,
            postal_code: f.offer.postal_code,
            sector_id: f.offer.sector_id,
            sector_name: f.sector_name,
            places_left: f.places_left,
            availability: f.availability,
            starred_at: f.starred_at,
        }
    }
}

/// The pupil's favourites ("Mes favoris"), newest first, each saying whether it is still open.
#[utoipa::path(tag = "Favourites", security(("bearer" = [])), responses((status = 200, body = Vec<FavouriteOffer>)))]
#[get("/pupils/me/favourites")]
pub async fn my_favourites(state: web::Data<AppState>, pupil: Pupil) -> AppResult<web::Json<Vec<FavouriteOffer>>> {
    let now = state.clock.now();
    let rows = state.run(move |conn| service::list(conn, &pupil, now)).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Stars an offer (201 when new, 200 when it already was). 404 when the pupil cannot see the
/// offer (unpublished, reserved to other schools…).
#[utoipa::path(
    tag = "Favourites",
    security(("bearer" = [])),
    params(("offer_id" = String, Path, max_length = 64)),
    responses(
        (status = 201, body = FavouriteOffer),
        (status = 200, description = "Already starred", body = FavouriteOffer),
        (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody),
        (status = 409, description = "Too many favourites (`TOO_MANY_FAVOURITES`)", body = ErrorBody)
    )
)]
#[put("/pupils/me/favourites/{offer_id}")]
pub async fn star(state: web::Data<AppState>, pupil: Pupil, offer_id: web::Path<OfferId>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let (favourite, created) = state.run(move |conn| service::star(conn, &pupil, &offer_id, now)).await?;
    let body = FavouriteOffer::from(favourite);
    Ok(if created { HttpResponse::Created().json(body) } else { HttpResponse::Ok().json(body) })
}

/// Removes a star (204 whether or not there was one).
#[utoipa::path(tag = "Favourites", security(("bearer" = [])), params(("offer_id" = String, Path, max_length = 64)), responses((status = 204, description = "Removed")))]
#[delete("/pupils/me/favourites/{offer_id}")]
pub async fn unstar(state: web::Data<AppState>, pupil: Pupil, offer_id: web::Path<String>) -> AppResult<HttpResponse> {
    state.run(move |conn| service::unstar(conn, &pupil, &offer_id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_favourites).service(star).service(unstar);
}
