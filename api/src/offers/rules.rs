//! Pure offer rules: what a valid offer is (annex 3 of the technical note, the guide for hosts),
//! its lifecycle, and the geometry and paging of nearest-first search.

use crate::error::ErrorCode;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::schools::rules::{week_problem, Grade, GradeFamily, IsoWeek, SchoolYear};

pub const TITLE_MAX: usize = 150;
pub const DESCRIPTION_MAX: usize = 1500;
pub const PAGE_SIZE: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    Draft,
    Published,
    Unpublished,
    Deleted,
}

impl OfferStatus {
    pub const ALL: [OfferStatus; 4] = [OfferStatus::Draft, OfferStatus::Published, OfferStatus::Unpublished, OfferStatus::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Draft => "draft",
            OfferStatus::Published => "published",
            OfferStatus::Unpublished => "unpublished",
            OfferStatus::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<OfferStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferAction {
    Edit,
    Publish,
    Unpublish,
    Delete,
}

/// The status after an action, or why it is refused (code, message).
pub fn transition(from: OfferStatus, action: OfferAction, all_weeks_past: bool) -> Result<OfferStatus, (ErrorCode, &'static str)> {
    use OfferAction as A;
    use OfferStatus as S;
    match (from, action) {
        (S::Deleted, _) => Err((ErrorCode::OfferDeleted, "Cette offre a été supprimée.")),
        (S::Published, A::Publish) => Err((ErrorCode::AlreadyPublished, "Cette offre est déjà publiée.")),
        (S::Draft | S::Unpublished, A::Publish) if all_weeks_past => {
            Err((ErrorCode::AllWeeksPast, "Toutes les semaines de cette offre sont passées : renouvelez-la pour l'année suivante."))
        }
        (S::Draft | S::Unpublished, A::Publish) => Ok(S::Published),
        (S::Published, A::Unpublish) => Ok(S::Unpublished),
        (_, A::Unpublish) => Err((ErrorCode::NotPublished, "Cette offre n'est pas publiée.")),
        (_, A::Delete) => Ok(S::Deleted),
        (s, A::Edit) => Ok(s),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupMode {
    /// Each pupil comes on their own.
    Individual,
    /// Pupils come together (collective internship).
    Group,
}

impl GroupMode {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupMode::Individual => "individual",
            GroupMode::Group => "group",
        }
    }
    pub fn parse(s: &str) -> GroupMode {
        if s == "group" {
            GroupMode::Group
        } else {
            GroupMode::Individual
        }
    }
}

/// What pupils do for lunch (they must be told).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Lunch {
    /// Invited to the staff canteen.
    CanteenInvitation,
    /// Canteen at a reduced price.
    ReducedPrice,
    /// Nothing on site: the pupil brings lunch or goes home.
    None,
}

impl Lunch {
    pub fn as_str(self) -> &'static str {
        match self {
            Lunch::CanteenInvitation => "canteen_invitation",
            Lunch::ReducedPrice => "reduced_price",
            Lunch::None => "none",
        }
    }
    pub fn parse(s: &str) -> Lunch {
        match s {
            "canteen_invitation" => Lunch::CanteenInvitation,
            "reduced_price" => Lunch::ReducedPrice,
            _ => Lunch::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DaySchedule {
    pub day: Day,
    /// `HH:MM`
    #[schema(example = "09:00", max_length = 5)]
    pub start: String,
    #[schema(example = "16:30", max_length = 5)]
    pub end: String,
    #[schema(example = 60)]
    pub lunch_break_minutes: u32,
}

/// Minutes since midnight of `HH:MM`.
fn minutes(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && s.len() == 5).then_some(h * 60 + m)
}

/// Working minutes of a day, or why the day is not valid.
pub fn day_minutes(d: &DaySchedule) -> Result<u32, String> {
    let (Some(a), Some(b)) = (minutes(&d.start), minutes(&d.end)) else {
        return Err("Heures attendues sous la forme 09:00.".into());
    };
    if b <= a {
        return Err("L'heure de fin doit suivre l'heure de début.".into());
    }
    if d.lunch_break_minutes >= b - a {
        return Err("La pause déjeuner est plus longue que la journée.".into());
    }
    Ok(b - a - d.lunch_break_minutes)
}

/// The daily schedule: at most 5 days; the daily and weekly limits of `crate::working_hours`
/// (7 h a day in collège, 8 h in lycée, 35 h a week); never before 6:00 nor after 20:00 (minors).
pub fn schedule_problems(days: &[DaySchedule], family: GradeFamily) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let max_minutes = crate::working_hours::offer_day_max(family == GradeFamily::Lycee);
    if days.is_empty() {
        out.push(("schedule".into(), "Indiquez au moins un jour.".into()));
    }
    if days.len() > 5 {
        out.push(("schedule".into(), "5 jours par semaine au plus.".into()));
    }
    let mut seen = std::collections::HashSet::new();
    let mut week_minutes = 0;
    for (i, d) in days.iter().enumerate() {
        let field = format!("schedule[{i}]");
        if !seen.insert(d.day) {
            out.push((field.clone(), "Ce jour apparaît deux fois.".into()));
        }
        match day_minutes(d) {
            Err(m) => out.push((field, m)),
            Ok(m) => {
                week_minutes += i64::from(m);
                if let Some(p) = crate::working_hours::day_problem(i64::from(m), max_minutes) {
                    out.push((field, p));
                } else if minutes(&d.start).is_some_and(|s| s < 6 * 60) || minutes(&d.end).is_some_and(|e| e > 20 * 60) {
                    out.push((field, "Les élèves mineurs ne travaillent ni avant 6 h ni après 20 h.".into()));
                }
            }
        }
    }
    if let Some(p) = crate::working_hours::week_problem(week_minutes) {
        out.push(("schedule".into(), p));
    }
    out
}

/// Why an offer cannot be "the two weeks only", if it cannot: a seconde offer of both national
/// weeks (a draft may have no weeks yet).
pub fn two_weeks_only_problem(two_weeks_only: bool, family: GradeFamily, weeks: usize, require_weeks: bool) -> Option<&'static str> {
    if !two_weeks_only {
        return None;
    }
    if family != GradeFamily::Lycee {
        return Some("Seule une offre de seconde se prend sur deux semaines uniquement.");
    }
    ((require_weeks || weeks > 0) && weeks != 2).then_some("« Les deux semaines uniquement » : proposez les deux semaines nationales.")
}

/// An offer's grades must all be of one family (collège or lycée, never both).
pub fn family_of(grades: &[Grade]) -> Result<GradeFamily, (&'static str, &'static str)> {
    let Some(first) = grades.first() else {
        return Err(("grades", "Choisissez au moins un niveau."));
    };
    if grades.iter().any(|g| g.family() != first.family()) {
        return Err(("grades", "Une offre est pour le collège (4e, 3e) ou pour le lycée (seconde), jamais les deux."));
    }
    Ok(first.family())
}

/// Problems with the weeks of an offer for a school year.
pub fn weeks_problems(weeks: &[IsoWeek], year: SchoolYear, family: GradeFamily, seconde_weeks: &[IsoWeek]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if weeks.is_empty() {
        out.push(("weeks".into(), "Choisissez au moins une semaine.".into()));
    }
    if weeks.len() > 40 {
        out.push(("weeks".into(), "40 semaines au plus.".into()));
    }
    for (i, w) in weeks.iter().enumerate() {
        if let Some(p) = week_problem(*w, year, family, seconde_weeks) {
            out.push((format!("weeks[{i}]"), p));
        }
    }
    out
}

/// "The whole school year": every week of the year the offer's grades may take that is not
/// over yet (collège: every week inside the year; seconde: the national weeks).
pub fn whole_year_weeks(year: SchoolYear, family: GradeFamily, seconde_weeks: &[IsoWeek], today: chrono::NaiveDate) -> Vec<IsoWeek> {
    let mut out = Vec::new();
    let mut day = year.first_day();
    while day <= year.last_day() {
        let week = IsoWeek::of(day);
        if !out.contains(&week)
            && crate::schools::rules::week_problem(week, year, family, seconde_weeks).is_none()
            && new_past_weeks(&[week], &[], today).is_empty()
        {
            out.push(week);
        }
        day += chrono::Duration::days(7);
    }
    out
}

/// Weeks newly chosen that are already over (their Friday is before today): a host may keep a
/// past week already on the offer (its history), never add one.
pub fn new_past_weeks(chosen: &[IsoWeek], already: &[IsoWeek], today: chrono::NaiveDate) -> Vec<IsoWeek> {
    chosen.iter().filter(|w| !already.contains(w) && w.friday().is_none_or(|f| f < today)).copied().collect()
}

/// Text a keyword search matches: title, description and organisation, lower-case without accents.
pub fn search_text(title: &str, description: &str, organisation: &str, jobs: &str) -> String {
    crate::reference::rules::normalize(&format!("{title} {organisation} {jobs} {description}"))
}

/// Words of a keyword query for prefix matching ("electricite" finds "Électricité"), at most 6.
pub fn keyword_terms(q: &str) -> Vec<String> {
    crate::reference::rules::normalize(q).split_whitespace().filter(|t| !t.is_empty()).take(6).map(str::to_owned).collect()
}

/// Whether a normalised search text holds every term at the start of one of its words: what
/// SQLite's full-text index answers for the query `term1* term2*`.
pub fn matches_terms(search_text: &str, terms: &[String]) -> bool {
    terms.iter().all(|t| search_text.split(' ').any(|w| w.starts_with(t.as_str())))
}

/// A latitude/longitude box around a point that holds every point within `radius_km`.
pub fn bbox(lat: f64, lon: f64, radius_km: f64) -> (f64, f64, f64, f64) {
    // A little wider than the circle (1 %), with the longitude span taken at the box's
    // latitude farthest from the equator, where a degree of longitude is shortest.
    let dlat = radius_km * 1.01 / 110.57;
    let far = (lat.abs() + dlat).min(89.0);
    let dlon = (radius_km * 1.01 / (111.19 * far.to_radians().cos().max(0.01))).min(180.0);
    (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
}

/// Where the previous page ended: results come strictly after (distance, id).
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub distance_km: f64,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{:.6}~{}", self.distance_km, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let (d, id) = s.split_once('~')?;
        let distance_km: f64 = d.parse().ok()?;
        (distance_km.is_finite() && distance_km >= 0.0 && !id.is_empty() && id.len() <= 64).then(|| Cursor { distance_km, id: id.to_owned() })
    }

    /// Whether a result at (distance, id) comes after this cursor.
    pub fn before(&self, distance_km: f64, id: &str) -> bool {
        let d = (distance_km * 1e6).round() / 1e6;
        d > self.distance_km || (d == self.distance_km && id > self.id.as_str())
    }
}

/// The radii of the growing rings of a nearest-first search, up to `max_km`.
pub fn rings(start_km: f64, max_km: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut r = start_km.min(max_km).max(0.5);
    loop {
        out.push(r);
        if r >= max_km {
            return out;
        }
        r = (r * 2.5).min(max_km);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_year_is_every_week_left_of_the_year_or_the_national_seconde_weeks() {
        let year = SchoolYear::parse("2026-2027").expect("year");
        let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 10).expect("d");
        let weeks = whole_year_weeks(year, GradeFamily::College, &[], today);
        assert_eq!(weeks.first(), Some(&IsoWeek { year: 2027, week: 10 }), "this week still counts (its Friday is to come)");
        assert!(weeks.iter().all(|w| crate::schools::rules::week_problem(*w, year, GradeFamily::College, &[]).is_none()));
        assert!(weeks.len() >= 15, "{weeks:?}");
        let seconde = [IsoWeek { year: 2027, week: 24 }, IsoWeek { year: 2027, week: 25 }];
        assert_eq!(whole_year_weeks(year, GradeFamily::Lycee, &seconde, today), seconde.to_vec());
    }

    #[test]
    fn a_past_week_is_never_added_but_may_stay() {
        let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 20).expect("date"); // a Wednesday of week 3
        let (w2, w3, w4) = (IsoWeek { year: 2027, week: 2 }, IsoWeek { year: 2027, week: 3 }, IsoWeek { year: 2027, week: 4 });
        assert_eq!(new_past_weeks(&[w2, w3, w4], &[], today), vec![w2], "the current week is not over");
        assert!(new_past_weeks(&[w2, w4], &[w2], today).is_empty(), "already on the offer");
    }

    fn day(d: Day, start: &str, end: &str, lunch: u32) -> DaySchedule {
        DaySchedule { day: d, start: start.into(), end: end.into(), lunch_break_minutes: lunch }
    }

    #[test]
    fn seven_hours_a_day_in_college_eight_in_lycee() {
        let seven = [day(Day::Monday, "09:00", "17:00", 60)];
        assert!(schedule_problems(&seven, GradeFamily::College).is_empty());
        let eight = [day(Day::Monday, "08:00", "17:00", 60)];
        let p = schedule_problems(&eight, GradeFamily::College);
        assert_eq!(p.len(), 1);
        assert!(p[0].1.contains("7 h"));
        assert!(schedule_problems(&eight, GradeFamily::Lycee).is_empty());
    }

    #[test]
    fn thirty_five_hours_a_week_even_in_lycee() {
        let days = |start: &str| -> Vec<DaySchedule> {
            [Day::Monday, Day::Tuesday, Day::Wednesday, Day::Thursday, Day::Friday].into_iter().map(|d| day(d, start, "17:00", 60)).collect()
        };
        // 5 x 8 h = 40 h: each day is allowed in lycée, the week is not.
        let p = schedule_problems(&days("08:00"), GradeFamily::Lycee);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "schedule");
        assert!(p[0].1.contains("35 h") && p[0].1.contains("40 h"), "{p:?}");
        // 5 x 7 h = 35 h: allowed in both families.
        assert!(schedule_problems(&days("09:00"), GradeFamily::Lycee).is_empty());
        assert!(schedule_problems(&days("09:00"), GradeFamily::College).is_empty());
    }

    #[test]
    fn five_days_at_most_and_sane_hours() {
        let week: Vec<_> =
            [Day::Monday, Day::Tuesday, Day::Wednesday, Day::Thursday, Day::Friday, Day::Saturday].into_iter().map(|d| day(d, "09:00", "12:00", 0)).collect();
        assert!(schedule_problems(&week, GradeFamily::College).iter().any(|p| p.1.contains("5 jours")));
        assert!(schedule_problems(&week[..5], GradeFamily::College).is_empty());
        assert!(!schedule_problems(&[day(Day::Monday, "17:00", "09:00", 0)], GradeFamily::College).is_empty());
        assert!(!schedule_problems(&[day(Day::Monday, "9h", "17:00", 0)], GradeFamily::College).is_empty());
        assert!(!schedule_problems(&[day(Day::Monday, "15:00", "21:00", 0)], GradeFamily::Lycee).is_empty(), "after 20:00");
        assert!(!schedule_problems(&[day(Day::Monday, "09:00", "12:00", 0), day(Day::Monday, "13:00", "15:00", 0)], GradeFamily::College).is_empty());
        assert!(!schedule_problems(&[], GradeFamily::College).is_empty());
    }

    #[test]
    fn the_two_weeks_only_need_both_national_weeks_of_a_seconde_offer() {
        assert_eq!(two_weeks_only_problem(false, GradeFamily::College, 1, true), None);
        assert_eq!(two_weeks_only_problem(true, GradeFamily::Lycee, 2, true), None);
        assert_eq!(two_weeks_only_problem(true, GradeFamily::Lycee, 0, false), None, "a draft without weeks");
        assert!(two_weeks_only_problem(true, GradeFamily::Lycee, 1, false).is_some());
        assert!(two_weeks_only_problem(true, GradeFamily::Lycee, 0, true).is_some());
        assert!(two_weeks_only_problem(true, GradeFamily::College, 2, true).is_some());
    }

    #[test]
    fn one_grade_family_per_offer() {
        assert_eq!(family_of(&[Grade::Quatrieme, Grade::Troisieme]), Ok(GradeFamily::College));
        assert_eq!(family_of(&[Grade::Seconde]), Ok(GradeFamily::Lycee));
        assert!(family_of(&[Grade::Troisieme, Grade::Seconde]).is_err());
        assert!(family_of(&[]).is_err());
    }

    #[test]
    fn lifecycle() {
        use OfferAction as A;
        use OfferStatus as S;
        assert_eq!(transition(S::Draft, A::Publish, false), Ok(S::Published));
        assert_eq!(transition(S::Published, A::Publish, false).map_err(|e| e.0), Err(ErrorCode::AlreadyPublished));
        assert_eq!(transition(S::Published, A::Unpublish, false), Ok(S::Unpublished));
        assert_eq!(transition(S::Unpublished, A::Publish, false), Ok(S::Published));
        assert_eq!(transition(S::Unpublished, A::Publish, true).map_err(|e| e.0), Err(ErrorCode::AllWeeksPast));
        assert_eq!(transition(S::Draft, A::Unpublish, false).map_err(|e| e.0), Err(ErrorCode::NotPublished));
        assert_eq!(transition(S::Published, A::Delete, false), Ok(S::Deleted));
        assert_eq!(transition(S::Deleted, A::Edit, false).map_err(|e| e.0), Err(ErrorCode::OfferDeleted));
        assert_eq!(transition(S::Deleted, A::Publish, false).map_err(|e| e.0), Err(ErrorCode::OfferDeleted));
    }

    #[test]
    fn keywords_ignore_accents_and_case() {
        assert_eq!(keyword_terms("  Électricité  BÂTIMENT "), ["electricite", "batiment"]);
        let text = search_text("Électricien du bâtiment", "Chantiers", "Élec'Pro", "");
        assert!(matches_terms(&text, &keyword_terms("electric BAT")));
        assert!(matches_terms(&text, &keyword_terms("pro")), "after an apostrophe: {text}");
        assert!(!matches_terms(&text, &keyword_terms("batiment plomberie")), "every term");
        assert!(!matches_terms(&text, &keyword_terms("lectricien")), "start of a word only");
        assert!(search_text("Électricien", "", "", "").contains("electricien"));
    }

    #[test]
    fn cursors_and_rings() {
        let c = Cursor { distance_km: 12.5, id: "b".into() };
        assert_eq!(Cursor::decode(&c.encode()), Some(c.clone()));
        assert!(c.before(12.5, "c") && !c.before(12.5, "a") && c.before(13.0, "a") && !c.before(2.0, "z"));
        assert_eq!(Cursor::decode("nan~x"), None);
        assert_eq!(Cursor::decode("garbage"), None);
        let r = rings(5.0, 60.0);
        assert_eq!((r[0], *r.last().expect("last")), (5.0, 60.0));
        assert!(r.windows(2).all(|w| w[0] < w[1]));
        // Every point of the circle lies in the box (checked around it, north and south).
        for lat in [45.0, -21.1, 64.0] {
            let (a, b, c, d) = bbox(lat, 4.0, 50.0);
            for i in 0..360 {
                let bearing = (i as f64).to_radians();
                let (p, l) = destination(lat, 4.0, bearing, 49.99);
                assert!(p >= a && p <= b && l >= c && l <= d, "{lat}: ({p}, {l}) outside ({a}, {b}, {c}, {d})");
            }
        }
    }

    /// The point `km` away from (lat, lon) in the direction `bearing` (great circle).
    fn destination(lat: f64, lon: f64, bearing: f64, km: f64) -> (f64, f64) {
        let (p1, l1, d) = (lat.to_radians(), lon.to_radians(), km / 6371.0088);
        let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * bearing.cos()).asin();
        let l2 = l1 + (bearing.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
        (p2.to_degrees(), l2.to_degrees())
    }
}
