//! Diesel queries of the schools domain.

use crate::ids::ClassId;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{Registration, SchoolClass, SchoolWeek, StaffMember};
use super::rules::{GradeFamily, IsoWeek};
use crate::db::schema::{school_classes, school_registrations, school_staff, school_weeks, schools};
use crate::db::AnyConnection;
use crate::reference::model::School;
use crate::reference::rules::distance_km;

pub fn registration(conn: &mut AnyConnection, uai: &str) -> QueryResult<Option<Registration>> {
    school_registrations::table.find(uai).first(conn).optional()
}

pub fn insert_registration(conn: &mut AnyConnection, r: &Registration) -> QueryResult<()> {
    diesel::insert_into(school_registrations::table).values(r).execute(conn).map(|_| ())
}

pub fn member(conn: &mut AnyConnection, uai: &str, user_id: &str) -> QueryResult<Option<StaffMember>> {
    school_staff::table.filter(school_staff::school_uai.eq(uai)).filter(school_staff::user_id.eq(user_id)).first(conn).optional()
}

pub fn insert_member(conn: &mut AnyConnection, m: &StaffMember) -> QueryResult<()> {
    diesel::insert_into(school_staff::table).values(m).execute(conn).map(|_| ())
}

/// Schools where the user is active staff, with their reference rows and registrations.
pub fn schools_of(conn: &mut AnyConnection, user_id: &str) -> QueryResult<Vec<(StaffMember, School, Registration)>> {
    school_staff::table
        .inner_join(schools::table.on(schools::uai.eq(school_staff::school_uai)))
        .inner_join(school_registrations::table.on(school_registrations::uai.eq(school_staff::school_uai)))
        .filter(school_staff::user_id.eq(user_id))
        .filter(school_staff::status.eq(super::model::STAFF_ACTIVE))
        .load(conn)
}

pub fn insert_class(conn: &mut AnyConnection, c: &SchoolClass) -> QueryResult<()> {
    diesel::insert_into(school_classes::table).values(c).execute(conn).map(|_| ())
}

pub fn classes(conn: &mut AnyConnection, uai: &str, year: &str) -> QueryResult<Vec<SchoolClass>> {
    school_classes::table.filter(school_classes::school_uai.eq(uai)).filter(school_classes::school_year.eq(year)).order(school_classes::name.asc()).load(conn)
}

/// The classes of several schools for a year, in one query.
pub fn classes_of_schools(conn: &mut AnyConnection, uais: &[String], year: &str) -> QueryResult<Vec<SchoolClass>> {
    school_classes::table
        .filter(school_classes::school_uai.eq_any(uais))
        .filter(school_classes::school_year.eq(year))
        .order(school_classes::name.asc())
        .load(conn)
}

pub fn weeks(conn: &mut AnyConnection, uai: &str, year: &str) -> QueryResult<Vec<SchoolWeek>> {
    school_weeks::table
        .filter(school_weeks::school_uai.eq(uai))
        .filter(school_weeks::school_year.eq(year))
        .order((school_weeks::grade_family.asc(), school_weeks::iso_year.asc(), school_weeks::iso_week.asc()))
        .load(conn)
}

/// Replaces the school's weeks of one year and grade family.
pub fn replace_weeks(conn: &mut AnyConnection, uai: &str, year: &str, family: GradeFamily, weeks: &[IsoWeek], now: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(
        school_weeks::table
            .filter(school_weeks::school_uai.eq(uai))
            .filter(school_weeks::school_year.eq(year))
            .filter(school_weeks::grade_family.eq(family.as_str())),
    )
    .execute(conn)?;
    for w in weeks {
        diesel::insert_into(school_weeks::table)
            .values(SchoolWeek {
                id: crate::db::new_id(),
                school_uai: uai.to_owned(),
                school_year: year.to_owned(),
                grade_family: family.as_str().to_owned(),
                iso_year: w.year,
                iso_week: w.week as i32,
                created_at: now,
            })
            .execute(conn)?;
    }
    Ok(())
}

/// A nearby school that already chose one of the weeks.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    pub uai: String,
    pub name: String,
    pub commune_name: String,
    pub distance_km: f64,
    /// Classes of the grade family declared for the year.
    pub classes: i64,
    /// Pupils enrolled in those classes.
    pub pupils: i64,
}

/// For each week, the other schools within `radius_km` that picked it (nearest first).
pub fn neighbours_on_weeks(
    conn: &mut AnyConnection,
    school: &School,
    year: &str,
    family: GradeFamily,
    weeks: &[IsoWeek],
    radius_km: f64,
) -> QueryResult<BTreeMap<IsoWeek, Vec<Neighbour>>> {
    let (Some(lat), Some(lon)) = (school.latitude, school.longitude) else { return Ok(weeks.iter().map(|w| (*w, Vec::new())).collect()) };
    weeks_around(conn, (lat, lon), Some(&school.uai), year, family, Some(weeks), radius_km)
}

/// The internship weeks schools around a place chose for a year (all of them, or only `weeks`),
/// each with those schools, nearest first, and their classes and pupils of the grade family.
pub fn weeks_around(
    conn: &mut AnyConnection,
    (lat, lon): (f64, f64),
    except_uai: Option<&str>,
    year: &str,
    family: GradeFamily,
    weeks: Option<&[IsoWeek]>,
    radius_km: f64,
) -> QueryResult<BTreeMap<IsoWeek, Vec<Neighbour>>> {
    let mut out: BTreeMap<IsoWeek, Vec<Neighbour>> = weeks.unwrap_or_default().iter().map(|w| (*w, Vec::new())).collect();
    // A bounding box first (1° of latitude ≈ 111 km), then the exact distance.
    let dlat = radius_km / 111.0;
    let dlon = radius_km / (111.0 * lat.to_radians().cos().max(0.1));
    let rows: Vec<(SchoolWeek, School)> = school_weeks::table
        .inner_join(schools::table.on(schools::uai.eq(school_weeks::school_uai)))
        .filter(school_weeks::school_year.eq(year))
        .filter(school_weeks::grade_family.eq(family.as_str()))
        .filter(school_weeks::school_uai.ne(except_uai.unwrap_or("")))
        .filter(schools::latitude.between(lat - dlat, lat + dlat))
        .filter(schools::longitude.between(lon - dlon, lon + dlon))
        .load(conn)?;
    let grades: Vec<&str> = match family {
        GradeFamily::College => vec!["quatrieme", "troisieme"],
        GradeFamily::Lycee => vec!["seconde"],
    };
    // Classes of the grade family and their pupils, for every neighbour at once.
    let uais: Vec<&String> = rows.iter().map(|(w, _)| &w.school_uai).collect();
    let classes: Vec<(String, String)> = school_classes::table
        .filter(school_classes::school_uai.eq_any(uais))
        .filter(school_classes::school_year.eq(year))
        .filter(school_classes::grade.eq_any(&grades))
        .select((school_classes::id, school_classes::school_uai))
        .load(conn)?;
    let class_ids: Vec<&String> = classes.iter().map(|(id, _)| id).collect();
    let pupil_classes: Vec<String> = crate::db::schema::pupils::table
        .filter(crate::db::schema::pupils::class_id.eq_any(class_ids))
        .select(crate::db::schema::pupils::class_id)
        .load(conn)?;
    let school_of: HashMap<&String, &String> = classes.iter().map(|(id, uai)| (id, uai)).collect();
    let mut class_count: HashMap<&String, i64> = HashMap::new();
    for (_, uai) in &classes {
        *class_count.entry(uai).or_default() += 1;
    }
    let mut pupil_count: HashMap<&String, i64> = HashMap::new();
    for c in &pupil_classes {
        if let Some(uai) = school_of.get(c) {
            *pupil_count.entry(*uai).or_default() += 1;
        }
    }
    for (week, other) in &rows {
        let key = IsoWeek { year: week.iso_year, week: week.iso_week as u32 };
        if weeks.is_some_and(|only| !only.contains(&key)) {
            continue;
        }
        let (Some(olat), Some(olon)) = (other.latitude, other.longitude) else { continue };
        let d = distance_km(lat, lon, olat, olon);
        if d > radius_km {
            continue;
        }
        out.entry(key).or_default().push(Neighbour {
            uai: other.uai.clone(),
            name: other.name.clone(),
            commune_name: other.commune_name.clone(),
            distance_km: (d * 10.0).round() / 10.0,
            classes: class_count.get(&other.uai).copied().unwrap_or(0),
            pupils: pupil_count.get(&other.uai).copied().unwrap_or(0),
        });
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| a.distance_km.total_cmp(&b.distance_km));
    }
    Ok(out)
}

pub fn member_by_id(conn: &mut AnyConnection, uai: &str, id: &str) -> QueryResult<Option<StaffMember>> {
    school_staff::table.find(id).filter(school_staff::school_uai.eq(uai)).first(conn).optional()
}

/// A staff member as paths name them: by their account's id (`user_id`), or, for one release,
/// by the membership's own id the API used to take (`true`: the caller should move on; both ids
/// are random UUIDs, they never collide).
pub fn member_in_path(conn: &mut AnyConnection, uai: &str, id: &str) -> QueryResult<Option<(StaffMember, bool)>> {
    if let Some(m) = member(conn, uai, id)? {
        return Ok(Some((m, false)));
    }
    Ok(member_by_id(conn, uai, id)?.map(|m| (m, true)))
}

pub fn set_member_status(conn: &mut AnyConnection, id: &str, status: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(school_staff::table.find(id)).set((school_staff::status.eq(status), school_staff::updated_at.eq(now))).execute(conn).map(|_| ())
}

pub fn set_member_function(conn: &mut AnyConnection, id: &str, function: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(school_staff::table.find(id)).set((school_staff::function.eq(function), school_staff::updated_at.eq(now))).execute(conn).map(|_| ())
}

/// The classes followed by each of these staff members, in one query.
pub fn classes_of_members(conn: &mut AnyConnection, staff_ids: &[String]) -> QueryResult<HashMap<String, Vec<ClassId>>> {
    use crate::db::schema::staff_classes;
    let rows: Vec<(String, ClassId)> =
        staff_classes::table.filter(staff_classes::staff_id.eq_any(staff_ids)).select((staff_classes::staff_id, staff_classes::class_id)).load(conn)?;
    let mut out: HashMap<String, Vec<ClassId>> = HashMap::new();
    for (staff, class) in rows {
        out.entry(staff).or_default().push(class);
    }
    Ok(out)
}

/// The classes a staff member follows.
pub fn classes_of_member(conn: &mut AnyConnection, staff_id: &str) -> QueryResult<Vec<ClassId>> {
    use crate::db::schema::staff_classes;
    staff_classes::table.filter(staff_classes::staff_id.eq(staff_id)).select(staff_classes::class_id).load(conn)
}

pub fn set_member_classes(conn: &mut AnyConnection, staff_id: &str, class_ids: &[ClassId]) -> QueryResult<()> {
    use crate::db::schema::staff_classes;
    diesel::delete(staff_classes::table.filter(staff_classes::staff_id.eq(staff_id))).execute(conn)?;
    for c in class_ids {
        diesel::insert_into(staff_classes::table).values((staff_classes::staff_id.eq(staff_id), staff_classes::class_id.eq(c))).execute(conn)?;
    }
    Ok(())
}

/// Class names by id, in one query.
pub fn class_names(conn: &mut AnyConnection, ids: &[ClassId]) -> QueryResult<HashMap<ClassId, String>> {
    let rows: Vec<(ClassId, String)> =
        school_classes::table.filter(school_classes::id.eq_any(ids)).select((school_classes::id, school_classes::name)).load(conn)?;
    Ok(rows.into_iter().collect())
}

pub fn class_by_id(conn: &mut AnyConnection, uai: &str, id: &str) -> QueryResult<Option<SchoolClass>> {
    school_classes::table.find(id).filter(school_classes::school_uai.eq(uai)).first(conn).optional()
}

/// Staff of a school with their accounts.
pub fn staff_with_users(conn: &mut AnyConnection, uai: &str) -> QueryResult<Vec<(StaffMember, crate::accounts::User)>> {
    use crate::db::schema::users;
    school_staff::table
        .inner_join(users::table.on(users::id.eq(school_staff::user_id)))
        .filter(school_staff::school_uai.eq(uai))
        .order((users::last_name.asc(), users::first_name.asc()))
        .load(conn)
}

/// Every class of a school, all years.
pub fn classes_all(conn: &mut AnyConnection, uai: &str) -> QueryResult<Vec<SchoolClass>> {
    school_classes::table.filter(school_classes::school_uai.eq(uai)).load(conn)
}

pub fn set_splits_allowed(conn: &mut AnyConnection, uai: &str, allowed: bool) -> QueryResult<()> {
    diesel::update(school_registrations::table.find(uai)).set(school_registrations::splits_allowed.eq(allowed)).execute(conn).map(|_| ())
}

pub fn set_consent_scan_required(conn: &mut AnyConnection, uai: &str, required: bool) -> QueryResult<()> {
    diesel::update(school_registrations::table.find(uai)).set(school_registrations::consent_scan_required.eq(required)).execute(conn).map(|_| ())
}

pub fn set_search_scope(conn: &mut AnyConnection, uai: &str, national: bool, radius_km: i32) -> QueryResult<()> {
    diesel::update(school_registrations::table.find(uai))
        .set((school_registrations::national_search.eq(national), school_registrations::search_radius_km.eq(radius_km)))
        .execute(conn)
        .map(|_| ())
}

/// Grants (`Some((by, at, reason))`) or withdraws (`None`) the priority-education derogation.
pub fn set_derogation(conn: &mut AnyConnection, uai: &str, grant: Option<(&str, NaiveDateTime, &str)>) -> QueryResult<()> {
    use school_registrations as r;
    diesel::update(r::table.find(uai))
        .set((
            r::priority_derogation_by.eq(grant.map(|g| g.0)),
            r::priority_derogation_at.eq(grant.map(|g| g.1)),
            r::priority_derogation_reason.eq(grant.map(|g| g.2)),
        ))
        .execute(conn)
        .map(|_| ())
}

// ----- the back office: corrections and merges -----

/// The school's reference row as an admin corrected it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct SchoolCorrection {
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub commune_name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

fn apply_correction(conn: &mut AnyConnection, uai: &str, c: &SchoolCorrection) -> QueryResult<usize> {
    let search_text = format!("{} {} {}", crate::reference::rules::normalize(&c.name), crate::reference::rules::normalize(&c.commune_name), uai.to_lowercase());
    diesel::update(schools::table.find(uai))
        .set((
            schools::name.eq(&c.name),
            schools::address.eq(&c.address),
            schools::postal_code.eq(&c.postal_code),
            schools::commune_name.eq(&c.commune_name),
            schools::latitude.eq(c.latitude),
            schools::longitude.eq(c.longitude),
            schools::search_text.eq(search_text),
        ))
        .execute(conn)
}

/// Writes the correction and keeps it, so that the next reference import applies it again.
pub fn correct_school(conn: &mut AnyConnection, uai: &str, c: &SchoolCorrection, by: &str, at: NaiveDateTime) -> QueryResult<()> {
    use crate::db::schema::school_corrections as sc;
    apply_correction(conn, uai, c)?;
    let fields = serde_json::to_string(c).unwrap_or_default();
    diesel::delete(sc::table.find(uai)).execute(conn)?;
    diesel::insert_into(sc::table).values((sc::uai.eq(uai), sc::fields.eq(fields), sc::corrected_by.eq(by), sc::corrected_at.eq(at))).execute(conn)?;
    Ok(())
}

/// After a reference import: the admins' corrections win over the directory's rows.
pub fn reapply_corrections(conn: &mut AnyConnection) -> QueryResult<usize> {
    use crate::db::schema::school_corrections as sc;
    let rows: Vec<(String, String)> = sc::table.select((sc::uai, sc::fields)).load(conn)?;
    let mut n = 0;
    for (uai, fields) in rows {
        if let Ok(c) = serde_json::from_str::<SchoolCorrection>(&fields) {
            n += apply_correction(conn, &uai, &c)?;
        }
    }
    Ok(n)
}

/// The school a merged UAI now lives in.
pub fn merged_into(conn: &mut AnyConnection, uai: &str) -> QueryResult<Option<String>> {
    use crate::db::schema::school_merges as sm;
    sm::table.find(uai).select(sm::into_uai).first(conn).optional()
}

/// Moves the school's own rows (registration, staff, classes, weeks) from `from` to `into`;
/// returns the classes merged by name (old id → kept id) for the pupils to follow.
pub fn move_school_rows(conn: &mut AnyConnection, from: &Registration, into: &str, by: &str, at: NaiveDateTime) -> QueryResult<Vec<(String, String)>> {
    use crate::db::schema::{school_merges as sm, staff_classes};
    if registration(conn, into)?.is_none() {
        let mut reg = from.clone();
        reg.uai = into.to_owned();
        insert_registration(conn, &reg)?;
    }
    // Staff: once per person (the kept school's membership wins), with their classes.
    let kept_staff: HashMap<String, String> = school_staff::table
        .filter(school_staff::school_uai.eq(into))
        .select((school_staff::user_id, school_staff::id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let from_staff: Vec<(String, String)> =
        school_staff::table.filter(school_staff::school_uai.eq(&from.uai)).select((school_staff::id, school_staff::user_id)).load(conn)?;
    for (staff_id, user_id) in &from_staff {
        match kept_staff.get(user_id) {
            Some(kept_id) => {
                let classes: Vec<String> = staff_classes::table.filter(staff_classes::staff_id.eq(kept_id)).select(staff_classes::class_id).load(conn)?;
                diesel::update(staff_classes::table.filter(staff_classes::staff_id.eq(staff_id)).filter(staff_classes::class_id.ne_all(&classes)))
                    .set(staff_classes::staff_id.eq(kept_id))
                    .execute(conn)?;
                diesel::delete(staff_classes::table.filter(staff_classes::staff_id.eq(staff_id))).execute(conn)?;
                diesel::delete(school_staff::table.find(staff_id)).execute(conn)?;
            }
            None => {
                diesel::update(school_staff::table.find(staff_id)).set(school_staff::school_uai.eq(into)).execute(conn)?;
            }
        }
    }
    // Classes: a class of the same year and name is merged into the kept school's.
    let kept_classes: HashMap<(String, String), String> = school_classes::table
        .filter(school_classes::school_uai.eq(into))
        .select((school_classes::school_year, school_classes::name, school_classes::id))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(y, n, id)| ((y, n), id))
        .collect();
    let from_classes: Vec<(String, String, String)> = school_classes::table
        .filter(school_classes::school_uai.eq(&from.uai))
        .select((school_classes::id, school_classes::school_year, school_classes::name))
        .load(conn)?;
    let mut class_moves = Vec::new();
    for (id, year, name) in from_classes {
        match kept_classes.get(&(year, name)) {
            Some(kept_id) => {
                let followers: Vec<String> = staff_classes::table.filter(staff_classes::class_id.eq(kept_id)).select(staff_classes::staff_id).load(conn)?;
                diesel::update(staff_classes::table.filter(staff_classes::class_id.eq(&id)).filter(staff_classes::staff_id.ne_all(&followers)))
                    .set(staff_classes::class_id.eq(kept_id))
                    .execute(conn)?;
                diesel::delete(staff_classes::table.filter(staff_classes::class_id.eq(&id))).execute(conn)?;
                class_moves.push((id, kept_id.clone()));
            }
            None => {
                diesel::update(school_classes::table.find(&id)).set(school_classes::school_uai.eq(into)).execute(conn)?;
            }
        }
    }
    // Weeks: the union of both schools' weeks.
    let kept_weeks: Vec<(String, String, i32, i32)> = school_weeks::table
        .filter(school_weeks::school_uai.eq(into))
        .select((school_weeks::school_year, school_weeks::grade_family, school_weeks::iso_year, school_weeks::iso_week))
        .load(conn)?;
    let from_weeks: Vec<(String, String, String, i32, i32)> = school_weeks::table
        .filter(school_weeks::school_uai.eq(&from.uai))
        .select((school_weeks::id, school_weeks::school_year, school_weeks::grade_family, school_weeks::iso_year, school_weeks::iso_week))
        .load(conn)?;
    for (id, y, g, iy, iw) in from_weeks {
        if kept_weeks.contains(&(y, g, iy, iw)) {
            diesel::delete(school_weeks::table.find(&id)).execute(conn)?;
        } else {
            diesel::update(school_weeks::table.find(&id)).set(school_weeks::school_uai.eq(into)).execute(conn)?;
        }
    }
    diesel::insert_into(sm::table).values((sm::from_uai.eq(&from.uai), sm::into_uai.eq(into), sm::merged_by.eq(by), sm::merged_at.eq(at))).execute(conn)?;
    Ok(class_moves)
}

/// The end of a merge, once the pupils followed their classes: the emptied classes and the
/// duplicate's registration go.
pub fn finish_merge(conn: &mut AnyConnection, from: &str, class_moves: &[(String, String)]) -> QueryResult<()> {
    let old: Vec<&String> = class_moves.iter().map(|(o, _)| o).collect();
    diesel::delete(school_classes::table.filter(school_classes::id.eq_any(old))).execute(conn)?;
    diesel::delete(school_registrations::table.find(from)).execute(conn).map(|_| ())
}

/// For the back office's list: which of these schools are registered, with their staff count.
pub fn registrations_and_staff(conn: &mut AnyConnection, uais: &[String]) -> QueryResult<HashMap<String, i64>> {
    let registered: Vec<String> = school_registrations::table.filter(school_registrations::uai.eq_any(uais)).select(school_registrations::uai).load(conn)?;
    let staff: HashMap<String, i64> = school_staff::table
        .filter(school_staff::school_uai.eq_any(uais))
        .group_by(school_staff::school_uai)
        .select((school_staff::school_uai, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(registered.into_iter().map(|u| (u.clone(), staff.get(&u).copied().unwrap_or(0))).collect())
}

/// Merged UAIs among these, with the school each now lives in.
pub fn merges_of(conn: &mut AnyConnection, uais: &[String]) -> QueryResult<HashMap<String, String>> {
    use crate::db::schema::school_merges as sm;
    Ok(sm::table.filter(sm::from_uai.eq_any(uais)).select((sm::from_uai, sm::into_uai)).load::<(String, String)>(conn)?.into_iter().collect())
}

pub fn corrections_of(conn: &mut AnyConnection, uais: &[String]) -> QueryResult<HashMap<String, NaiveDateTime>> {
    use crate::db::schema::school_corrections as sc;
    Ok(sc::table.filter(sc::uai.eq_any(uais)).select((sc::uai, sc::corrected_at)).load::<(String, NaiveDateTime)>(conn)?.into_iter().collect())
}
