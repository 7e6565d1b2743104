//! Pure reporting rules: what a referent may see, percentages, small-number suppression.

use crate::error::ErrorCode;

use crate::auth::{CurrentUser, Role, ScopeKind};
use crate::error::AppError;

pub const OFFERS: &str = "offers";
pub const PLACES: &str = "places";
pub const OFFERS_BY_MINISTRY: &str = "offers_ministry";
pub const APPLICATIONS: &str = "applications";
pub const PUPILS_APPLIED: &str = "pupils_applied";
pub const PLACEMENTS: &str = "placements";
pub const PUPILS: &str = "pupils";
pub const PUPILS_PLACED: &str = "pupils_placed";
pub const OFFERS_BY_GROUP: &str = "offers_group";
/// Partner associations' offers (segment = operator id).
pub const OFFERS_BY_OPERATOR: &str = "offers_operator";
/// Per school (segment = UAI): pupils, pupils who applied, pupils placed.
pub const SCHOOL_PUPILS: &str = "school_pupils";
pub const SCHOOL_APPLIED: &str = "school_applied";
pub const SCHOOL_PLACED: &str = "school_placed";
pub const CONSENTS: &str = "consents";
/// Pupils whose internship was found outside the platform only (validated by the school, no
/// placement confirmed here; segment = priority education).
pub const PUPILS_ELSEWHERE: &str = "pupils_elsewhere";
/// The same per school (segment = UAI).
pub const SCHOOL_ELSEWHERE: &str = "school_elsewhere";
/// Agreements signed by every party (sector × pupil gender).
pub const AGREEMENTS_SIGNED: &str = "agreements_signed";
/// Signed agreements whose last day is past: internships done (sector × pupil gender).
pub const INTERNSHIPS_DONE: &str = "internships_done";

/// The figures kept day by day (totals over sectors and segments): the campaign's series.
pub const SERIES: [&str; 7] = [OFFERS, APPLICATIONS, PLACEMENTS, PUPILS, PUPILS_PLACED, PUPILS_ELSEWHERE, AGREEMENTS_SIGNED];

/// What a reader may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Every department (national referents, admins).
    All,
    /// Some departments (department, académie, region referents).
    Departments(Vec<String>),
    /// One ministry's public offers, nationwide.
    Ministry(String),
}

/// The reader's view; `departments_of` lists the departments of an académie or a region.
pub fn view_of(user: &CurrentUser, departments_of: impl Fn(ScopeKind, &str) -> Vec<String>) -> Result<View, AppError> {
    match (user.role, &user.scope) {
        (Role::Admin, _) => Ok(View::All),
        (Role::Referent, Some(s)) => Ok(match s.kind {
            ScopeKind::National => View::All,
            ScopeKind::Department => View::Departments(vec![s.code.clone()]),
            ScopeKind::Academie | ScopeKind::Region => View::Departments(departments_of(s.kind, &s.code)),
            ScopeKind::Ministry => View::Ministry(s.code.clone()),
        }),
        _ => Err(AppError::forbidden("Ces indicateurs sont réservés aux référents de l'État et aux administrateurs.")),
    }
}

/// A department filter must lie in the reader's view (403 otherwise, never an empty answer
/// that would look like "no data": the live platform's filter once did nothing silently).
pub fn narrow(view: &View, department: Option<&str>) -> Result<View, AppError> {
    match (view, department) {
        (_, None) => Ok(view.clone()),
        (View::All, Some(d)) => Ok(View::Departments(vec![d.to_owned()])),
        (View::Departments(ds), Some(d)) if ds.iter().any(|x| x == d) => Ok(View::Departments(vec![d.to_owned()])),
        (View::Ministry(_), Some(_)) => {
            Err(AppError::forbidden("Un référent ministériel suit les offres de son ministère dans tout le pays.").with_code(ErrorCode::OutOfScope))
        }
        _ => Err(AppError::forbidden("Ce département n'est pas dans votre périmètre.").with_code(ErrorCode::OutOfScope)),
    }
}

/// Where a priority-education school stands in the campaign, the furthest from a placement
/// first: what a referent calls it about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = PrioritySchoolStage)]
pub enum Stage {
    /// Not registered on the platform.
    NotRegistered,
    /// Registered, without internship weeks for the year.
    NoWeeks,
    /// Weeks saved, no pupil on the platform yet.
    NoPupils,
    /// Pupils, none of them placed.
    NoPlacement,
    /// At least one pupil placed.
    Started,
}

pub fn stage(registered: bool, has_weeks: bool, pupils: i64, placed: i64) -> Stage {
    match (registered, has_weeks, pupils, placed) {
        (false, ..) => Stage::NotRegistered,
        (true, false, ..) => Stage::NoWeeks,
        (true, true, 0, _) => Stage::NoPupils,
        (true, true, _, 0) => Stage::NoPlacement,
        _ => Stage::Started,
    }
}

/// The weekly e-mail goes out on Mondays from 7:00 (UTC).
pub fn kpi_mail_due(now: chrono::NaiveDateTime) -> bool {
    use chrono::{Datelike, Timelike};
    now.weekday() == chrono::Weekday::Mon && now.hour() >= 7
}

/// A figure of the e-mail: under 5 it is withheld, as in the open data (an e-mail travels
/// further than a dashboard).
pub fn mail_figure(v: i64) -> String {
    match publishable(v) {
        Some(n) => thousands(n),
        None => "moins de 5".into(),
    }
}

/// The week's change, withheld under 5 as well.
pub fn mail_change(now: i64, week_before: Option<i64>) -> String {
    match week_before {
        None => "pas de chiffre la semaine dernière".into(),
        Some(b) if (now - b).abs() < 5 => "variation de moins de 5 en une semaine".into(),
        Some(b) if now > b => format!("+{} en une semaine", thousands(now - b)),
        Some(b) => format!("−{} en une semaine", thousands(b - now)),
    }
}

/// 12345 → "12 345" (a narrow no-break space, as French typography wants).
pub fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

pub fn percent(value: i64, target: i64) -> Option<f64> {
    (target > 0).then(|| ((value as f64 / target as f64) * 1000.0).round() / 10.0)
}

/// Open data: figures under 5 are not published (they could point at a minor).
pub fn publishable(v: i64) -> Option<i64> {
    (v >= 5).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_withholds_small_figures_and_small_changes() {
        assert_eq!(mail_figure(4), "moins de 5");
        assert_eq!(mail_figure(12_345), "12\u{202f}345");
        assert_eq!(mail_change(120, Some(117)), "variation de moins de 5 en une semaine");
        assert_eq!(mail_change(1_120, Some(100)), "+1\u{202f}020 en une semaine");
        assert_eq!(mail_change(90, Some(100)), "−10 en une semaine");
        assert_eq!(mail_change(90, None), "pas de chiffre la semaine dernière");
    }

    #[test]
    fn the_mail_waits_for_monday_seven() {
        let at = |d: u32, h: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d).and_then(|x| x.and_hms_opt(h, 0, 0)).expect("a date");
        assert!(!kpi_mail_due(at(7, 6)), "Monday 6:00");
        assert!(kpi_mail_due(at(7, 7)), "Monday 7:00");
        assert!(!kpi_mail_due(at(8, 9)), "Tuesday");
    }

    #[test]
    fn a_school_is_as_far_as_its_first_missing_step() {
        assert_eq!(stage(false, true, 30, 3), Stage::NotRegistered);
        assert_eq!(stage(true, false, 30, 3), Stage::NoWeeks);
        assert_eq!(stage(true, true, 0, 0), Stage::NoPupils);
        assert_eq!(stage(true, true, 12, 0), Stage::NoPlacement);
        assert_eq!(stage(true, true, 12, 1), Stage::Started);
        assert!(Stage::NotRegistered < Stage::NoWeeks && Stage::NoPlacement < Stage::Started);
    }
    use crate::auth::Scope;

    fn referent(kind: ScopeKind, code: &str) -> CurrentUser {
        CurrentUser { id: "r".into(), role: Role::Referent, staff_function: None, scope: Some(Scope { kind, code: code.into() }) }
    }

    #[test]
    fn each_referent_sees_their_scope_only() {
        let deps = |k: ScopeKind, c: &str| if k == ScopeKind::Academie && c == "10" { vec!["42".into(), "69".into()] } else { vec![] };
        assert_eq!(view_of(&referent(ScopeKind::Department, "42"), deps).expect("view"), View::Departments(vec!["42".into()]));
        assert_eq!(view_of(&referent(ScopeKind::Academie, "10"), deps).expect("view"), View::Departments(vec!["42".into(), "69".into()]));
        assert_eq!(view_of(&referent(ScopeKind::National, ""), deps).expect("view"), View::All);
        assert_eq!(view_of(&referent(ScopeKind::Ministry, "culture"), deps).expect("view"), View::Ministry("culture".into()));
        let pupil = CurrentUser { id: "p".into(), role: Role::Student, staff_function: None, scope: None };
        assert!(view_of(&pupil, deps).is_err());

        let loire = View::Departments(vec!["42".into()]);
        assert!(narrow(&loire, Some("42")).is_ok());
        assert_eq!(narrow(&loire, Some("75")).map_err(|e| e.code), Err(ErrorCode::OutOfScope));
        assert_eq!(narrow(&View::All, Some("75")).expect("all"), View::Departments(vec!["75".into()]));
        assert!(narrow(&View::Ministry("culture".into()), Some("75")).is_err());
    }

    #[test]
    fn figures() {
        assert_eq!(percent(50, 200), Some(25.0));
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(5, 0), None);
        assert_eq!(publishable(4), None);
        assert_eq!(publishable(5), Some(5));
    }
}
