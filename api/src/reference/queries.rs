//! Reference-data reads: accent-insensitive search and offline geocoding.

use diesel::prelude::*;

use super::model::{BoardingHouse, Commune, Department, NafCode, School, Sector};
use super::rules::{is_postal_code, normalize, query_terms};
use crate::db::schema::{communes, departments, naf_codes, schools, sectors};
use crate::db::AnyConnection;

pub fn sectors(conn: &mut AnyConnection) -> QueryResult<Vec<Sector>> {
    sectors::table.order(sectors::name.asc()).load(conn)
}

pub fn departments(conn: &mut AnyConnection) -> QueryResult<Vec<Department>> {
    departments::table.order(departments::code.asc()).load(conn)
}

pub fn department(conn: &mut AnyConnection, code: &str) -> QueryResult<Option<Department>> {
    departments::table.find(code).first(conn).optional()
}

pub fn sector_exists(conn: &mut AnyConnection, id: &str) -> QueryResult<bool> {
    Ok(sectors::table.find(id).count().get_result::<i64>(conn)? > 0)
}

pub fn naf(conn: &mut AnyConnection, code: &str) -> QueryResult<Option<NafCode>> {
    naf_codes::table.find(code.to_uppercase()).first(conn).optional()
}

pub fn school(conn: &mut AnyConnection, uai: &str) -> QueryResult<Option<School>> {
    schools::table.find(uai.to_uppercase()).first(conn).optional()
}

pub fn schools_by_uai(conn: &mut AnyConnection, uais: &[String]) -> QueryResult<Vec<School>> {
    schools::table.filter(schools::uai.eq_any(uais)).load(conn)
}

/// Schools whose name, commune or UAI contain every word of the query.
pub fn search_schools(conn: &mut AnyConnection, query: &str, department: Option<&str>, limit: i64) -> QueryResult<Vec<School>> {
    let terms = query_terms(query, 6);
    let mut q = schools::table.into_boxed();
    for t in &terms {
        q = q.filter(schools::search_text.like(format!("%{t}%")));
    }
    if let Some(d) = department {
        q = q.filter(schools::department_code.eq(d.to_owned()));
    }
    q.order((schools::name.asc(), schools::uai.asc())).limit(limit).load(conn)
}

/// Collèges and lycées within `radius_km` of a point, nearest first (a bounding box, then the
/// exact distance).
pub fn schools_near(conn: &mut AnyConnection, lat: f64, lon: f64, radius_km: f64, limit: usize) -> QueryResult<Vec<(School, f64)>> {
    let dlat = radius_km / 111.0;
    let dlon = radius_km / (111.0 * lat.to_radians().cos().abs().max(0.1));
    let rows: Vec<School> =
        schools::table.filter(schools::latitude.between(lat - dlat, lat + dlat)).filter(schools::longitude.between(lon - dlon, lon + dlon)).load(conn)?;
    let mut out: Vec<(School, f64)> = rows
        .into_iter()
        .filter_map(|s| {
            let d = super::rules::distance_km(lat, lon, s.latitude?, s.longitude?);
            (d <= radius_km).then_some((s, d))
        })
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out.truncate(limit);
    Ok(out)
}

/// Boarding houses within `radius_km` of a point, nearest first (none when the optional file
/// was never imported).
pub fn boarding_houses_near(conn: &mut AnyConnection, lat: f64, lon: f64, radius_km: f64, limit: usize) -> QueryResult<Vec<(BoardingHouse, f64)>> {
    use crate::db::schema::boarding_houses as b;
    let dlat = radius_km / 111.0;
    let dlon = radius_km / (111.0 * lat.to_radians().cos().abs().max(0.1));
    let rows: Vec<BoardingHouse> =
        b::table.filter(b::latitude.between(lat - dlat, lat + dlat)).filter(b::longitude.between(lon - dlon, lon + dlon)).load(conn)?;
    let mut out: Vec<(BoardingHouse, f64)> = rows
        .into_iter()
        .map(|h| {
            let d = super::rules::distance_km(lat, lon, h.latitude, h.longitude);
            (h, d)
        })
        .filter(|(_, d)| *d <= radius_km)
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out.truncate(limit);
    Ok(out)
}

/// Communes for a postal code or a name, the best match first (exact name, then larger towns).
pub fn find_communes(conn: &mut AnyConnection, query: &str, limit: usize) -> QueryResult<Vec<Commune>> {
    let query = query.trim();
    let mut rows: Vec<Commune> = if is_postal_code(query) {
        communes::table.filter(communes::postal_codes.like(format!("%{query}%"))).limit(200).load(conn)?
    } else {
        let terms = query_terms(query, 6);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = communes::table.into_boxed();
        for t in &terms {
            q = q.filter(communes::search_text.like(format!("%{t}%")));
        }
        q.limit(500).load(conn)?
    };
    let wanted = normalize(query);
    rows.sort_by(|a, b| {
        let exact = |c: &Commune| c.search_text != wanted;
        let main = |c: &Commune| c.kind != "COM" && c.kind != "ARM";
        (exact(a), main(a), std::cmp::Reverse(a.population.unwrap_or(0)), &a.name).cmp(&(
            exact(b),
            main(b),
            std::cmp::Reverse(b.population.unwrap_or(0)),
            &b.name,
        ))
    });
    rows.retain(|c| c.latitude.is_some());
    rows.truncate(limit);
    Ok(rows)
}

/// Offline geocoding: the best commune for a postal code or a city name.
pub fn geocode(conn: &mut AnyConnection, query: &str) -> QueryResult<Option<Commune>> {
    Ok(find_communes(conn, query, 1)?.into_iter().next())
}

/// Offline geocoding of an address: the commune of this postal code whose name matches the
/// city (or the main one of the postal code when the city is not recognised).
pub fn geocode_address(conn: &mut AnyConnection, postal_code: &str, city: &str) -> QueryResult<Option<Commune>> {
    let candidates = find_communes(conn, postal_code, 50)?;
    let wanted = normalize(city);
    // Among the communes the name fits, the most precise: Paris, Lyon and Marseille share their
    // postal codes with their arrondissements, which sit where the address is.
    let named = candidates
        .iter()
        .filter(|c| c.search_text == wanted || (!wanted.is_empty() && c.search_text.contains(&wanted)))
        .min_by_key(|c| c.postal_codes.split([',', ' ', ';', '|']).filter(|p| !p.is_empty()).count());
    Ok(named.or(candidates.first()).cloned())
}
