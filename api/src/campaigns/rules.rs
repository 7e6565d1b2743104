//! Campaign phases and French time: pure rules (no actix, no diesel).

use crate::error::ErrorCode;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// The three openings of a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    HostsPublish,
    PupilsSearch,
    PupilsApply,
}

impl Phase {
    pub fn code(self) -> ErrorCode {
        match self {
            Phase::HostsPublish => ErrorCode::PublishingNotOpen,
            Phase::PupilsSearch => ErrorCode::SearchNotOpen,
            Phase::PupilsApply => ErrorCode::ApplicationsNotOpen,
        }
    }
    fn what(self) -> &'static str {
        match self {
            Phase::HostsPublish => "La publication des offres",
            Phase::PupilsSearch => "La recherche de stage",
            Phase::PupilsApply => "Le dépôt des candidatures",
        }
    }
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut d = NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap_or(NaiveDate::MAX) - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

/// Europe/Paris is UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of
/// October 01:00 UTC, UTC+1 otherwise (EU rule since 1996).
fn offset_at_utc(utc: NaiveDateTime) -> i64 {
    let y = utc.year();
    let start = last_sunday(y, 3).and_time(NaiveTime::from_hms_opt(1, 0, 0).unwrap_or_default());
    let end = last_sunday(y, 10).and_time(NaiveTime::from_hms_opt(1, 0, 0).unwrap_or_default());
    if utc >= start && utc < end {
        2
    } else {
        1
    }
}

pub fn utc_to_paris(utc: NaiveDateTime) -> NaiveDateTime {
    utc + Duration::hours(offset_at_utc(utc))
}

/// A Paris wall-clock time in UTC (in the autumn's repeated hour, the first one).
pub fn paris_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    let guess = local - Duration::hours(2);
    if offset_at_utc(guess) == 2 {
        guess
    } else {
        local - Duration::hours(1)
    }
}

/// "jeudi 21 janvier 2027 à 14 h" (Paris time).
pub fn french(utc: NaiveDateTime) -> String {
    let l = utc_to_paris(utc);
    const DAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    const MONTHS: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    let hour = if l.minute() == 0 { format!("{} h", l.hour()) } else { format!("{} h {:02}", l.hour(), l.minute()) };
    format!("{} {} {} {} à {hour}", DAYS[l.weekday().num_days_from_monday() as usize], l.day(), MONTHS[l.month0() as usize], l.year())
}

use chrono::Timelike;

/// Why the phase is not open yet at `now`, as (code, French sentence), or `None`.
pub fn closed(phase: Phase, opens_at: Option<NaiveDateTime>, now: NaiveDateTime) -> Option<(ErrorCode, String)> {
    let at = opens_at?;
    (now < at).then(|| (phase.code(), format!("{} ouvre le {}.", phase.what(), french(at))))
}

/// The openings must come in order: hosts, then search, then applications.
pub fn order_problem(hosts: Option<NaiveDateTime>, search: Option<NaiveDateTime>, apply: Option<NaiveDateTime>) -> Option<(&'static str, &'static str)> {
    if let (Some(h), Some(s)) = (hosts, search) {
        if s < h {
            return Some(("search_open_at", "La recherche ouvre après la publication des offres."));
        }
    }
    if let (Some(s), Some(a)) = (search, apply) {
        if a < s {
            return Some(("apply_open_at", "Les candidatures ouvrent après la recherche."));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("time")
    }

    #[test]
    fn paris_time_follows_summer_and_winter_time() {
        assert_eq!(paris_to_utc(t("2027-01-21T14:00")), t("2027-01-21T13:00"), "winter: UTC+1");
        assert_eq!(paris_to_utc(t("2027-06-10T14:00")), t("2027-06-10T12:00"), "summer: UTC+2");
        // 2027: summer time from 28 March, back on 31 October.
        assert_eq!(paris_to_utc(t("2027-03-28T04:00")), t("2027-03-28T02:00"));
        assert_eq!(paris_to_utc(t("2027-03-28T01:30")), t("2027-03-28T00:30"));
        assert_eq!(paris_to_utc(t("2027-10-31T04:00")), t("2027-10-31T03:00"));
        assert_eq!(utc_to_paris(t("2027-02-13T13:00")), t("2027-02-13T14:00"));
        assert_eq!(french(t("2027-02-13T13:00")), "samedi 13 février 2027 à 14 h");
    }

    #[test]
    fn a_phase_opens_at_the_minute() {
        let at = paris_to_utc(t("2027-02-13T14:00"));
        let (code, message) = closed(Phase::PupilsApply, Some(at), at - Duration::minutes(1)).expect("13:59 is refused");
        assert_eq!(code, "APPLICATIONS_NOT_OPEN");
        assert!(message.contains("13 février 2027 à 14 h"), "{message}");
        assert!(closed(Phase::PupilsApply, Some(at), at).is_none(), "14:00 is open");
        assert!(closed(Phase::PupilsSearch, None, at).is_none(), "no date: open");
    }

    #[test]
    fn openings_come_in_order() {
        let (h, s) = (t("2027-01-21T13:00"), t("2027-02-13T13:00"));
        assert!(order_problem(Some(h), Some(s), Some(s)).is_none());
        assert_eq!(order_problem(Some(s), Some(h), None).map(|p| p.0), Some("search_open_at"));
        assert_eq!(order_problem(None, Some(s), Some(h)).map(|p| p.0), Some("apply_open_at"));
    }
}
