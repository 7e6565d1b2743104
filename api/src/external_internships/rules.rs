//! Pure rules of internships found outside the platform: what a record must hold, which weeks
//! it may take, and how a pupil's coverage reads once platform and outside placements are
//! counted together.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::schools::rules::IsoWeek;

/// Outside internships a pupil may have recorded in a year (seconde: one week in each of two
/// hosts at most).
pub const MAX_PER_YEAR: usize = 2;

/// Where a record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ExternalInternshipStatus)]
pub enum Status {
    /// Declared by the pupil, awaiting the school's validation: it does not count yet.
    Declared,
    /// Recorded by the staff who follow the pupil, or a declaration they validated: it counts.
    Validated,
    /// A declaration the school refused, with its reason (the pupil may declare again).
    Rejected,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Declared, Status::Validated, Status::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Declared => "declared",
            Status::Validated => "validated",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// How a pupil's internship was found, as the follow-up and the referents count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The weeks the pupil needs are covered, at least in part through the platform.
    Platform,
    /// Covered by internships found elsewhere only.
    Elsewhere,
    /// Still without an internship (or not all the weeks the grade needs).
    Without,
}

/// A pupil's coverage: `needed` weeks (collège 1, seconde 2), weeks confirmed on the platform,
/// weeks of validated outside internships.
pub fn coverage(needed: i64, platform_weeks: i64, elsewhere_weeks: i64) -> Coverage {
    if platform_weeks + elsewhere_weeks < needed {
        Coverage::Without
    } else if platform_weeks > 0 {
        Coverage::Platform
    } else {
        Coverage::Elsewhere
    }
}

/// What a record holds, as typed by the staff or the pupil (already trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub host_name: String,
    pub siret: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub weeks: Vec<IsoWeek>,
}

/// Why the record cannot be kept, field by field (French messages for people).
pub fn draft_problems(d: &Draft) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let len = |s: &str| s.chars().count();
    if !(2..=200).contains(&len(&d.host_name)) {
        out.push(("host_name".into(), "Nom de l'organisme d'accueil : 2 à 200 caractères.".into()));
    }
    if let Some(s) = &d.siret {
        if !crate::organisations::rules::siret_valid(s) {
            out.push(("siret".into(), "SIRET invalide : 14 chiffres, ou rien s'il n'est pas connu.".into()));
        }
    }
    if !(2..=200).contains(&len(&d.street)) {
        out.push(("street".into(), "Adresse du lieu de stage : 2 à 200 caractères.".into()));
    }
    if d.postal_code.len() != 5 || !d.postal_code.chars().all(|c| c.is_ascii_digit()) {
        out.push(("postal_code".into(), "Code postal à 5 chiffres.".into()));
    }
    if !(1..=100).contains(&len(&d.city)) {
        out.push(("city".into(), "Commune : 1 à 100 caractères.".into()));
    }
    let mut sorted = d.weeks.clone();
    sorted.sort();
    sorted.dedup();
    if d.weeks.is_empty() || d.weeks.len() > 2 {
        out.push(("weeks".into(), "Une ou deux semaines de stage.".into()));
    } else if sorted.len() != d.weeks.len() {
        out.push(("weeks".into(), "La même semaine est indiquée deux fois.".into()));
    }
    out
}

/// A SIRET typed with spaces ("123 456 789 00012") is the same SIRET; an empty one is none.
pub fn clean_siret(raw: Option<&str>) -> Option<String> {
    raw.map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>()).filter(|s| !s.is_empty())
}

/// Weeks, as stored ("2027-W03,2027-W04", sorted).
pub fn weeks_text(weeks: &[IsoWeek]) -> String {
    let mut w = weeks.to_vec();
    w.sort();
    w.dedup();
    w.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

pub fn parse_weeks_text(s: &str) -> Vec<IsoWeek> {
    s.split(',').filter_map(IsoWeek::parse_iso).collect()
}

/// Why a rejection cannot be recorded: the pupil reads the reason.
pub fn reason_problem(reason: &str) -> Option<&'static str> {
    (!(5..=500).contains(&reason.chars().count())).then_some("La raison, que l'élève lira : 5 à 500 caractères.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(week: u32) -> IsoWeek {
        IsoWeek { year: 2027, week }
    }

    fn draft() -> Draft {
        Draft {
            host_name: "Boulangerie Martin".into(),
            siret: None,
            street: "12 rue de la Paix".into(),
            postal_code: "75002".into(),
            city: "Paris".into(),
            weeks: vec![w(3)],
        }
    }

    #[test]
    fn coverage_counts_platform_and_elsewhere_together() {
        assert_eq!(coverage(1, 0, 0), Coverage::Without);
        assert_eq!(coverage(1, 1, 0), Coverage::Platform);
        assert_eq!(coverage(1, 0, 1), Coverage::Elsewhere);
        // Seconde: one week on the platform and one elsewhere cover the two weeks.
        assert_eq!(coverage(2, 1, 1), Coverage::Platform);
        assert_eq!(coverage(2, 0, 1), Coverage::Without);
        assert_eq!(coverage(2, 0, 2), Coverage::Elsewhere);
    }

    #[test]
    fn a_complete_draft_has_no_problem() {
        assert!(draft_problems(&draft()).is_empty());
        assert!(draft_problems(&Draft { siret: Some("73282932000074".into()), ..draft() }).is_empty());
    }

    #[test]
    fn each_missing_or_wrong_field_is_named() {
        let fields = |d: Draft| draft_problems(&d).into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(Draft { host_name: "B".into(), ..draft() }), ["host_name"]);
        assert_eq!(fields(Draft { siret: Some("12345678901234".into()), ..draft() }), ["siret"]);
        assert_eq!(fields(Draft { postal_code: "7500".into(), ..draft() }), ["postal_code"]);
        assert_eq!(fields(Draft { postal_code: "7500A".into(), ..draft() }), ["postal_code"]);
        assert_eq!(fields(Draft { street: "".into(), city: "".into(), ..draft() }), ["street", "city"]);
        assert_eq!(fields(Draft { weeks: vec![], ..draft() }), ["weeks"]);
        assert_eq!(fields(Draft { weeks: vec![w(3), w(4), w(5)], ..draft() }), ["weeks"]);
        assert_eq!(fields(Draft { weeks: vec![w(3), w(3)], ..draft() }), ["weeks"]);
    }

    #[test]
    fn weeks_are_stored_sorted_in_their_iso_form() {
        assert_eq!(weeks_text(&[w(4), w(3)]), "2027-W03,2027-W04");
        assert_eq!(parse_weeks_text("2027-W03,2027-W04"), vec![w(3), w(4)]);
        assert_eq!(parse_weeks_text(""), Vec::<IsoWeek>::new());
    }

    #[test]
    fn sirets_typed_with_spaces_are_cleaned() {
        assert_eq!(clean_siret(Some("732 829 320 00074")).as_deref(), Some("73282932000074"));
        assert_eq!(clean_siret(Some("  ")), None);
        assert_eq!(clean_siret(None), None);
    }

    #[test]
    fn statuses_read_back_as_written() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("done"), None);
    }

    #[test]
    fn a_rejection_says_why() {
        assert!(reason_problem("non").is_some());
        assert!(reason_problem("La convention n'est pas signée.").is_none());
    }
}
