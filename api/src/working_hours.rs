//! How long a pupil may be present at the host: one rule, used by the offer's schedule and by
//! the agreement's hours, so an offer that passes never yields an agreement that is refused for
//! the same hours. Pure: no actix, no diesel.
//!
//! The texts applied:
//! - Code du travail, art. L.3162-1: a worker under 18 is present at most 8 hours a day and
//!   35 hours a week.
//! - Code de l'éducation, art. D.331-15 (décret n° 2003-812 du 26 août 2003, circulaire
//!   n° 2003-134 du 8 septembre 2003): a pupil under 15 is present at most 7 hours a day.
//! - Note technique du 24 juillet 2019, annexe 3 (our seed): "7 heures par jour pendant 5 jours".
//! - Code du travail, art. L.3163-1 and L.3164-2: no night work, no Sunday (kept by the callers'
//!   6:00-20:00 window and weekdays only).
//!
//! The daily limit depends on the pupil's age on each day of the internship, not on the grade:
//! an offer, which has no pupil yet, takes the usual age of its grade family (under 15 in
//! collège, 15 or more in seconde); the agreement takes the pupil's birth date, and an unknown
//! birth date counts as under 15 (the safe side).

use chrono::{Datelike, NaiveDate};

/// Every minor: 35 hours a week (Code du travail, L.3162-1).
pub const WEEK_MAX_MINUTES: i64 = 35 * 60;
/// Under 15: 7 hours a day (Code de l'éducation, D.331-15).
pub const DAY_MAX_MINUTES_UNDER_15: i64 = 7 * 60;
/// 15 and over: 8 hours a day (Code du travail, L.3162-1).
pub const DAY_MAX_MINUTES_FROM_15: i64 = 8 * 60;
/// The texts, as the agreement cites them.
pub const LEGAL_BASIS: &str = "code du travail, art. L.3162-1 ; code de l'éducation, art. D.331-15";

/// The pupil's age in whole years on `day`.
pub fn age_on(birth_date: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth_date.year();
    if (day.month(), day.day()) < (birth_date.month(), birth_date.day()) {
        age -= 1;
    }
    age
}

/// The most minutes a pupil of this age may be present in one day (unknown: under 15).
pub fn day_max_minutes(age: Option<i32>) -> i64 {
    match age {
        Some(a) if a >= 15 => DAY_MAX_MINUTES_FROM_15,
        _ => DAY_MAX_MINUTES_UNDER_15,
    }
}

/// The daily limit on `day` for a pupil born on `birth_date`.
pub fn day_max_for(birth_date: Option<NaiveDate>, day: NaiveDate) -> i64 {
    day_max_minutes(birth_date.map(|b| age_on(b, day)))
}

/// The daily limit of an offer, before any pupil is known: collège pupils are under 15,
/// seconde pupils 15 or more (the agreement then checks the real pupil's age).
pub fn offer_day_max(lycee: bool) -> i64 {
    if lycee {
        DAY_MAX_MINUTES_FROM_15
    } else {
        DAY_MAX_MINUTES_UNDER_15
    }
}

/// "7 h", "8 h", "7 h 30".
pub fn hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        format!("{} h", minutes / 60)
    } else {
        format!("{} h {:02}", minutes / 60, minutes % 60)
    }
}

/// Why a day is too long, if it is, in words the host understands.
pub fn day_problem(minutes: i64, max: i64) -> Option<String> {
    (minutes > max).then(|| {
        let who = if max == DAY_MAX_MINUTES_UNDER_15 { "un élève de moins de 15 ans" } else { "un élève mineur de 15 ans ou plus" };
        format!("{} par jour au plus pour {who} ({LEGAL_BASIS}) : cette journée compte {}.", hours(max), hours(minutes))
    })
}

/// Why a week is too long, if it is.
pub fn week_problem(minutes: i64) -> Option<String> {
    (minutes > WEEK_MAX_MINUTES).then(|| format!("35 h par semaine au plus pour un élève mineur ({LEGAL_BASIS}) : cette semaine compte {}.", hours(minutes)))
}

/// The rule applied to this pupil over these days, as the agreement states it.
pub fn rule_text(birth_date: Option<NaiveDate>, first_day: NaiveDate, last_day: NaiveDate) -> String {
    let (first, last) = (day_max_for(birth_date, first_day), day_max_for(birth_date, last_day));
    let daily = match (birth_date, first == last) {
        (None, _) => "7 heures par jour (date de naissance de l'élève non renseignée : règle des moins de 15 ans)".to_owned(),
        (Some(_), true) if first == DAY_MAX_MINUTES_UNDER_15 => "7 heures par jour (élève de moins de 15 ans pendant la séquence)".to_owned(),
        (Some(_), true) => "8 heures par jour (élève de 15 ans ou plus pendant la séquence)".to_owned(),
        (Some(_), false) => "7 heures par jour avant les 15 ans de l'élève, 8 heures à partir de ses 15 ans".to_owned(),
    };
    format!("La durée de présence de l'élève ne dépasse pas {daily} ni 35 heures par semaine ({LEGAL_BASIS})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn age_changes_on_the_birthday() {
        assert_eq!(age_on(d("2012-06-16"), d("2027-06-15")), 14);
        assert_eq!(age_on(d("2012-06-16"), d("2027-06-16")), 15);
        assert_eq!(age_on(d("2012-02-29"), d("2027-02-28")), 14);
        assert_eq!(age_on(d("2012-02-29"), d("2027-03-01")), 15);
    }

    #[test]
    fn seven_hours_under_fifteen_eight_from_fifteen_unknown_is_under() {
        assert_eq!(day_max_for(Some(d("2012-06-16")), d("2027-06-15")), 7 * 60);
        assert_eq!(day_max_for(Some(d("2012-06-16")), d("2027-06-16")), 8 * 60);
        assert_eq!(day_max_for(None, d("2027-06-16")), 7 * 60);
        assert_eq!(offer_day_max(false), 7 * 60);
        assert_eq!(offer_day_max(true), 8 * 60);
    }

    #[test]
    fn problems_name_the_limit_and_the_law() {
        assert_eq!(day_problem(7 * 60, 7 * 60), None);
        let p = day_problem(8 * 60, 7 * 60).expect("too long");
        assert!(p.starts_with("7 h par jour") && p.contains("moins de 15 ans") && p.contains("D.331-15") && p.contains("8 h"), "{p}");
        assert_eq!(week_problem(35 * 60), None);
        let w = week_problem(40 * 60).expect("40 h");
        assert!(w.contains("35 h") && w.contains("40 h") && w.contains("L.3162-1"), "{w}");
    }

    #[test]
    fn the_agreement_states_the_rule_it_applied() {
        let (mon, fri) = (d("2027-06-14"), d("2027-06-25"));
        assert!(rule_text(Some(d("2011-09-01")), mon, fri).contains("8 heures par jour (élève de 15 ans ou plus"));
        assert!(rule_text(Some(d("2012-09-01")), mon, fri).contains("7 heures par jour (élève de moins de 15 ans"));
        assert!(rule_text(Some(d("2012-06-20")), mon, fri).contains("avant les 15 ans"), "turns 15 during the internship");
        assert!(rule_text(None, mon, fri).contains("non renseignée"));
        assert!(rule_text(None, mon, fri).contains("35 heures par semaine"));
    }
}
