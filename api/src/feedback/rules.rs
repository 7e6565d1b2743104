//! Pure rules of the aftermath: when to ask and remind, what a valid answer is, and when an
//! aggregate may be shown (small numbers would point at one pupil).

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Aggregates of pupils' answers are shown from this many answers on.
pub const MIN_ANSWERS: i64 = 5;
/// The single reminder, this many days after the question.
pub const REMIND_AFTER_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// Present every day.
    Full,
    /// Absent part of the time.
    Partial,
    /// Did not come.
    Absent,
}

impl Attendance {
    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Full => "full",
            Attendance::Partial => "partial",
            Attendance::Absent => "absent",
        }
    }
    pub fn parse(s: &str) -> Attendance {
        match s {
            "partial" => Attendance::Partial,
            "absent" => Attendance::Absent,
            _ => Attendance::Full,
        }
    }
}

/// Who wrote an assessment of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Host,
    School,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Host => "host",
            Side::School => "school",
        }
    }
    pub fn parse(s: &str) -> Side {
        if s == "school" {
            Side::School
        } else {
            Side::Host
        }
    }
}

/// The reminder is due once, a week after the question, while unanswered.
pub fn remind_due(asked_at: NaiveDateTime, reminded_at: Option<NaiveDateTime>, submitted_at: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    submitted_at.is_none() && reminded_at.is_none() && now >= asked_at + Duration::days(REMIND_AFTER_DAYS)
}

/// Share of "yes" in percent (one decimal), or nothing under `MIN_ANSWERS` answers.
pub fn rate(yes: i64, answers: i64) -> Option<f64> {
    (answers >= MIN_ANSWERS).then(|| (yes as f64 * 1000.0 / answers as f64).round() / 10.0)
}

/// Field problems of a pupil's answers.
pub fn answer_problems(observed: &str, jobs: &str, for_class: &str) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    let len = |s: &str| s.trim().chars().count();
    if !(3..=2000).contains(&len(observed)) {
        out.push(("observed", "Raconte en quelques mots ce que tu as observé (3 à 2 000 caractères)."));
    }
    if len(jobs) > 500 {
        out.push(("jobs", "500 caractères au plus."));
    }
    if len(for_class) > 2000 {
        out.push(("for_class", "2 000 caractères au plus."));
    }
    out
}

/// Field problems of a host's or teacher's word on the week.
pub fn assessment_problems(behaviour: &str, word: &str) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if behaviour.trim().chars().count() > 1000 {
        out.push(("behaviour", "1 000 caractères au plus."));
    }
    if word.trim().chars().count() > 2000 {
        out.push(("word", "2 000 caractères au plus."));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2027, 1, 25).expect("d").and_hms_opt(8, 0, 0).expect("t") + Duration::days(days)
    }

    #[test]
    fn one_reminder_a_week_after_while_unanswered() {
        assert!(!remind_due(at(0), None, None, at(6)));
        assert!(remind_due(at(0), None, None, at(7)));
        assert!(!remind_due(at(0), Some(at(7)), None, at(20)), "once");
        assert!(!remind_due(at(0), None, Some(at(1)), at(8)), "answered");
    }

    #[test]
    fn rates_need_enough_answers() {
        assert_eq!(rate(4, 4), None);
        assert_eq!(rate(4, 5), Some(80.0));
        assert_eq!(rate(2, 3 * MIN_ANSWERS), Some(13.3));
    }

    #[test]
    fn answers_are_checked() {
        assert!(answer_problems("Le travail des électriciens", "électricien", "").is_empty());
        let fields: Vec<&str> = answer_problems("", &"x".repeat(501), &"x".repeat(2001)).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["observed", "jobs", "for_class"]);
        assert_eq!(assessment_problems(&"x".repeat(1001), "").len(), 1);
    }
}
