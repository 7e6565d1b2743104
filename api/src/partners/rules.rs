//! Pure rules of the partner API: what a partner offer must hold, week strings, remote ids,
//! permalinks, pages, rate-limit windows. No actix, no diesel.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::schools::rules::{Grade, GradeFamily, IsoWeek, SchoolYear};

pub const TITLE_MAX: usize = 150;
pub const DESCRIPTION_MAX: usize = 1500;
pub const EMPLOYER_NAME_MAX: usize = 150;
pub const EMPLOYER_DESCRIPTION_MAX: usize = 275;
pub const URL_MAX: usize = 200;
pub const REMOTE_ID_MAX: usize = 60;
pub const PLACES_MAX: i32 = 6000;
pub const BATCH_MAX: usize = 100;
pub const PER_PAGE_MAX: i64 = 100;
/// Partner access tokens live this long.
pub const TOKEN_TTL_SECONDS: i64 = 3600;

fn yes() -> bool {
    true
}

/// A partner offer, whole (PUT, batch items). Field names follow the partners' habits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerOfferBody {
    #[schema(max_length = 150, example = "Découvrir les métiers de la logistique")]
    pub title: String,
    #[schema(max_length = 1500)]
    pub description: String,
    /// The host company or administration the pupil will visit.
    #[schema(max_length = 150)]
    pub employer_name: String,
    #[serde(default)]
    #[schema(max_length = 275)]
    pub employer_description: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub employer_website: Option<String>,
    #[schema(max_length = 300)]
    pub street: String,
    #[schema(max_length = 5, example = "42000")]
    pub zipcode: String,
    #[schema(max_length = 100)]
    pub city: String,
    /// Omitted: the commune's position (offline geocoding of the postal code).
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    /// From `secteurs.csv`: `s1` … `s51`.
    #[schema(max_length = 8, example = "s10")]
    pub sector_id: String,
    /// Where pupils apply, on the partner's site (http or https).
    #[schema(max_length = 200, example = "https://association.example/offres/42")]
    pub permalink: String,
    /// Pupils welcomed each week (1 to 6,000).
    #[schema(minimum = 1, maximum = 6000)]
    pub places: i32,
    /// The employer is a public body.
    #[serde(default)]
    pub is_public: bool,
    /// `quatrieme`, `troisieme` (collège) or `seconde` (lycée), never both families.
    #[schema(example = json!(["troisieme"]))]
    pub grades: Vec<String>,
    /// ISO weeks `YYYY-Www` inside the school year; for seconde, one or both national weeks
    /// (none sent: both).
    #[serde(default)]
    #[schema(example = json!(["2027-W03", "2027-W04"]))]
    pub weeks: Vec<String>,
    /// `2026-2027`; the current school year when omitted.
    #[serde(default)]
    #[schema(max_length = 9)]
    pub school_year: Option<String>,
    /// false: kept but out of search.
    #[serde(default = "yes")]
    pub published: bool,
}

/// A PATCH: only the fields present change (absent is never "reset").
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerOfferPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub employer_name: Option<String>,
    pub employer_description: Option<String>,
    pub employer_website: Option<String>,
    pub street: Option<String>,
    pub zipcode: Option<String>,
    pub city: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub sector_id: Option<String>,
    pub permalink: Option<String>,
    pub places: Option<i32>,
    pub is_public: Option<bool>,
    pub grades: Option<Vec<String>>,
    pub weeks: Option<Vec<String>>,
    pub school_year: Option<String>,
    pub published: Option<bool>,
}

impl PartnerOfferBody {
    /// The body with the patch's present fields applied.
    pub fn patched(&self, p: PartnerOfferPatch) -> PartnerOfferBody {
        let mut b = self.clone();
        macro_rules! take {
            ($($f:ident),*) => { $( if let Some(v) = p.$f { b.$f = v; } )* };
        }
        take!(
            title,
            description,
            employer_name,
            employer_description,
            street,
            zipcode,
            city,
            sector_id,
            permalink,
            places,
            is_public,
            grades,
            weeks,
            published
        );
        if p.employer_website.is_some() {
            b.employer_website = p.employer_website;
        }
        if p.latitude.is_some() || p.longitude.is_some() {
            b.latitude = p.latitude.or(b.latitude);
            b.longitude = p.longitude.or(b.longitude);
        }
        if p.school_year.is_some() {
            b.school_year = p.school_year;
        }
        b
    }
}

/// `2027-W03` → week 3 of 2027 (the shared vocabulary's parser).
pub fn parse_week(s: &str) -> Option<IsoWeek> {
    IsoWeek::parse_iso(s)
}

pub fn week_text(w: IsoWeek) -> String {
    w.to_string()
}

pub fn remote_id_problem(id: &str) -> Option<&'static str> {
    let n = id.chars().count();
    if n == 0 || n > REMOTE_ID_MAX {
        Some("Identifiant distant de 1 à 60 caractères.")
    } else if id.chars().any(|c| c.is_control() || c == '/' || c.is_whitespace()) {
        Some("Identifiant distant sans espace, barre oblique ni caractère de contrôle.")
    } else {
        None
    }
}

/// An absolute http(s) URL of at most 200 characters with a host.
pub fn url_ok(u: &str) -> bool {
    let u = u.trim();
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"));
    u.chars().count() <= URL_MAX
        && !u.chars().any(char::is_whitespace)
        && rest.is_some_and(|r| r.split('/').next().is_some_and(|host| host.contains('.') || host.starts_with("localhost") || host.starts_with("127.")))
}

/// A French postal code: five digits, from 01 to 98 (overseas 97x and 98x included).
pub fn postal_code_ok(s: &str) -> bool {
    let s = s.trim();
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with("00") && !s.starts_with("99")
}

/// The checked offer, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Valid {
    pub year: SchoolYear,
    pub family: GradeFamily,
    pub weeks: Vec<IsoWeek>,
}

type Problems = Vec<(String, String)>;

fn len_problem(out: &mut Problems, field: &str, v: &str, min: usize, max: usize) {
    let n = v.trim().chars().count();
    if n < min {
        out.push((field.into(), "Ce champ est obligatoire.".into()));
    } else if n > max {
        out.push((field.into(), format!("{max} caractères au plus.")));
    }
}

/// Every problem of a body at once. `sector_known` and the seconde weeks come from the database.
pub fn check(b: &PartnerOfferBody, current: SchoolYear, seconde_weeks: impl Fn(SchoolYear) -> Vec<IsoWeek>, sector_known: bool) -> Result<Valid, Problems> {
    let mut out = Problems::new();
    len_problem(&mut out, "title", &b.title, 1, TITLE_MAX);
    len_problem(&mut out, "description", &b.description, 1, DESCRIPTION_MAX);
    len_problem(&mut out, "employer_name", &b.employer_name, 1, EMPLOYER_NAME_MAX);
    len_problem(&mut out, "employer_description", &b.employer_description, 0, EMPLOYER_DESCRIPTION_MAX);
    len_problem(&mut out, "street", &b.street, 1, 300);
    len_problem(&mut out, "city", &b.city, 1, 100);
    if let Some(w) = b.employer_website.as_deref().filter(|w| !w.is_empty()) {
        if !url_ok(w) {
            out.push(("employer_website".into(), "Adresse web http(s) de 200 caractères au plus.".into()));
        }
    }
    if !postal_code_ok(&b.zipcode) {
        out.push(("zipcode".into(), "Code postal français à 5 chiffres.".into()));
    }
    match (b.latitude, b.longitude) {
        (Some(lat), _) if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() => out.push(("latitude".into(), "Latitude entre -90 et 90.".into())),
        (_, Some(lon)) if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() => out.push(("longitude".into(), "Longitude entre -180 et 180.".into())),
        (Some(_), None) | (None, Some(_)) => out.push(("latitude".into(), "Donnez la latitude et la longitude, ou aucune des deux.".into())),
        _ => {}
    }
    if !sector_known {
        out.push(("sector_id".into(), "Secteur inconnu (s1 à s51, voir GET /api/v1/sectors).".into()));
    }
    if !url_ok(&b.permalink) {
        out.push(("permalink".into(), "Adresse web http(s) de 200 caractères au plus.".into()));
    }
    if !(1..=PLACES_MAX).contains(&b.places) {
        out.push(("places".into(), "Entre 1 et 6 000 places.".into()));
    }
    let year = match b.school_year.as_deref() {
        None | Some("") => Some(current),
        Some(y) => {
            let parsed = SchoolYear::parse(y);
            if parsed.is_none() {
                out.push(("school_year".into(), "Année scolaire attendue sous la forme 2026-2027.".into()));
            }
            parsed
        }
    };
    let mut grades = Vec::new();
    for (i, g) in b.grades.iter().enumerate() {
        match Grade::parse(g.trim()) {
            Some(g) => grades.push(g),
            None => out.push((format!("grades[{i}]"), "Niveau inconnu : quatrieme, troisieme ou seconde.".into())),
        }
    }
    let family = if b.grades.is_empty() {
        out.push(("grades".into(), "Donnez au moins un niveau.".into()));
        None
    } else if grades.len() == b.grades.len() {
        match crate::offers::rules::family_of(&grades) {
            Ok(f) => Some(f),
            Err((f, m)) => {
                out.push((f.into(), m.into()));
                None
            }
        }
    } else {
        None
    };
    let mut weeks = Vec::new();
    for (i, w) in b.weeks.iter().enumerate() {
        match parse_week(w) {
            Some(w) => weeks.push(w),
            None => out.push((format!("weeks[{i}]"), "Semaine attendue sous la forme 2027-W03.".into())),
        }
    }
    if let (Some(year), Some(family)) = (year, family) {
        let seconde = seconde_weeks(year);
        if family == GradeFamily::Lycee && weeks.is_empty() && b.weeks.is_empty() {
            // A seconde offer sent without weeks covers both national weeks; weeks sent are kept
            // and checked as a host's are (one week stays one week, a collège week is refused).
            weeks = seconde.clone();
        }
        // Checked in the order sent, so `weeks[i]` names the week the partner sent.
        for (f, m) in crate::offers::rules::weeks_problems(&weeks, year, family, &seconde) {
            out.push((f, m));
        }
        weeks.sort();
        weeks.dedup();
        if out.is_empty() {
            return Ok(Valid { year, family, weeks });
        }
    }
    Err(out)
}

/// Pages: 1-based; a page beyond the end is empty, with the real totals.
/// The last page anyone may ask for: beyond it the offset would overflow (found by fuzzing).
pub const PAGE_MAX: i64 = 1_000_000;

pub fn page_bounds(page: Option<i64>, per_page: Option<i64>) -> (i64, i64) {
    let per_page = per_page.unwrap_or(30).clamp(1, PER_PAGE_MAX);
    (page.unwrap_or(1).clamp(1, PAGE_MAX), per_page)
}

pub fn total_pages(total: i64, per_page: i64) -> i64 {
    (total + per_page - 1) / per_page
}

/// The minute a request falls in, and the seconds until the next one.
pub fn rate_window(now_epoch: i64) -> (i64, i64) {
    (now_epoch - now_epoch.rem_euclid(60), 60 - now_epoch.rem_euclid(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> PartnerOfferBody {
        PartnerOfferBody {
            title: "Logistique".into(),
            description: "Une semaine dans un entrepôt.".into(),
            employer_name: "Entrepôts du Forez".into(),
            employer_description: String::new(),
            employer_website: None,
            street: "1 rue X".into(),
            zipcode: "42000".into(),
            city: "Saint-Étienne".into(),
            latitude: None,
            longitude: None,
            sector_id: "s10".into(),
            permalink: "https://asso.example/o/1".into(),
            places: 3,
            is_public: false,
            grades: vec!["troisieme".into()],
            weeks: vec!["2027-W03".into()],
            school_year: Some("2026-2027".into()),
            published: true,
        }
    }

    fn national(y: SchoolYear) -> Vec<IsoWeek> {
        y.default_seconde_weeks().to_vec()
    }

    const Y: SchoolYear = SchoolYear { start: 2026 };

    #[test]
    fn a_good_body_passes_and_weeks_are_parsed() {
        let v = check(&body(), Y, national, true).expect("valid");
        assert_eq!((v.family, v.weeks), (GradeFamily::College, vec![IsoWeek { year: 2027, week: 3 }]));
        assert_eq!(parse_week("2027-W3"), None);
        assert_eq!(parse_week("2027-W54"), None);
        assert_eq!(parse_week("2027-03"), None);
        assert_eq!(week_text(IsoWeek { year: 2027, week: 3 }), "2027-W03");
    }

    #[test]
    fn every_rule_names_its_field() {
        let mut b = body();
        b.title = "x".repeat(151);
        b.employer_description = "x".repeat(276);
        b.zipcode = "4200".into();
        b.latitude = Some(91.0);
        b.longitude = Some(2.0);
        b.permalink = "ftp://x.fr".into();
        b.places = 6001;
        b.weeks = vec!["2027-W03".into(), "semaine 4".into(), "2030-W03".into()];
        let problems = check(&b, Y, national, false).expect_err("refused");
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        for f in ["title", "employer_description", "zipcode", "latitude", "permalink", "places", "sector_id", "weeks[1]"] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
        let mut mixed = body();
        mixed.grades = vec!["troisieme".into(), "seconde".into()];
        assert_eq!(check(&mixed, Y, national, true).expect_err("mixed")[0].0, "grades");
        let mut unknown = body();
        unknown.grades = vec!["cm2".into()];
        assert_eq!(check(&unknown, Y, national, true).expect_err("unknown")[0].0, "grades[0]");
        let mut outside = body();
        outside.weeks = vec!["2030-W03".into()];
        assert!(check(&outside, Y, national, true).expect_err("outside").iter().any(|(f, _)| f == "weeks[0]"));
    }

    #[test]
    fn a_seconde_offer_keeps_the_national_weeks_it_was_sent() {
        let mut b = body();
        b.grades = vec!["seconde".into()];
        b.weeks = vec![];
        let v = check(&b, Y, national, true).expect("valid");
        assert_eq!(v.weeks, national(Y), "none sent: both national weeks");
        // One national week stays one week.
        let last = national(Y)[1];
        b.weeks = vec![format!("{}-W{:02}", last.year, last.week)];
        assert_eq!(check(&b, Y, national, true).expect("valid").weeks, vec![last]);
        // A collège week is refused by name, as for a host, not moved to the national weeks.
        b.weeks = vec![format!("{}-W{:02}", last.year, last.week), "2027-W03".into()];
        let p = check(&b, Y, national, true).expect_err("a collège week");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "weeks[1]");
        assert!(p[0].1.contains("seconde"), "{p:?}");
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let b = body();
        let p: PartnerOfferPatch = serde_json::from_str(r#"{"title": "Nouveau", "published": false}"#).expect("patch");
        let after = b.patched(p);
        assert_eq!((after.title.as_str(), after.published, after.grades.clone(), after.places), ("Nouveau", false, b.grades.clone(), 3));
        assert!(serde_json::from_str::<PartnerOfferPatch>(r#"{"titel": "x"}"#).is_err(), "unknown fields are refused");
    }

    #[test]
    fn remote_ids_urls_postal_codes_pages_windows() {
        assert!(remote_id_problem("abc-123").is_none());
        assert!(remote_id_problem(&"a".repeat(61)).is_some());
        assert!(remote_id_problem("a/b").is_some());
        assert!(url_ok("https://asso.example/o/1") && !url_ok("javascript:alert(1)") && !url_ok(&format!("https://a.fr/{}", "x".repeat(200))));
        assert!(postal_code_ok("97400") && !postal_code_ok("00100") && !postal_code_ok("4200A"));
        assert_eq!(page_bounds(Some(0), Some(1000)), (1, 100));
        assert_eq!(page_bounds(Some(4_611_686_018_427_387_904), Some(81)), (PAGE_MAX, 81), "no overflow");
        assert_eq!(total_pages(61, 30), 3);
        assert_eq!(total_pages(0, 30), 0);
        assert_eq!(rate_window(125), (120, 55));
    }
}
