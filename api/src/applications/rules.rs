//! Pure application rules: the state machine, who may move it, overlapping weeks, the two
//! expiry clocks.

use crate::error::ErrorCode;

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::schools::rules::IsoWeek;

pub const MOTIVATION_MAX: usize = 2000;
/// More than this far from home, the host is warned (and may send the travel message).
pub use crate::offers::lodging::FAR_FROM_HOME_KM;
/// At most this many internships a school year.
pub const MAX_PLACEMENTS: i64 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ApplicationStatus)]
pub enum Status {
    Submitted,
    Read,
    Accepted,
    Confirmed,
    Rejected,
    CancelledByPupil,
    CancelledByHost,
    Withdrawn,
    Expired,
    /// Still open when its school year was closed.
    YearClosed,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Submitted,
        Status::Read,
        Status::Accepted,
        Status::Confirmed,
        Status::Rejected,
        Status::CancelledByPupil,
        Status::CancelledByHost,
        Status::Withdrawn,
        Status::Expired,
        Status::YearClosed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Read => "read",
            Status::Accepted => "accepted",
            Status::Confirmed => "confirmed",
            Status::Rejected => "rejected",
            Status::CancelledByPupil => "cancelled_by_pupil",
            Status::CancelledByHost => "cancelled_by_host",
            Status::Withdrawn => "withdrawn",
            Status::Expired => "expired",
            Status::YearClosed => "year_closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Still waiting for someone (host or pupil).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Submitted | Status::Read | Status::Accepted)
    }
}

/// Who asks for a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Pupil,
    Host,
    /// The platform itself (expiry, withdrawal).
    System,
}

/// What someone asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Read,
    Accept,
    Reject,
    Confirm,
    CancelByPupil,
    CancelByHost,
    Withdraw,
    Expire,
    CloseYear,
}

/// The next status, or why not (a stable code and a French message) — 409 for the caller.
pub fn transition(from: Status, event: Event, actor: Actor) -> Result<Status, (ErrorCode, &'static str)> {
    use Actor as A;
    use Event as E;
    use Status as S;
    let next = match (event, actor, from) {
        (E::Read, A::Host, S::Submitted) => S::Read,
        (E::Read, A::Host, s) if s != S::Submitted => return Ok(s), // opening again changes nothing
        (E::Accept, A::Host, S::Submitted | S::Read) => S::Accepted,
        (E::Reject, A::Host, S::Submitted | S::Read | S::Accepted) => S::Rejected,
        (E::Confirm, A::Pupil, S::Accepted) => S::Confirmed,
        (E::CancelByPupil, A::Pupil, S::Submitted | S::Read | S::Accepted | S::Confirmed) => S::CancelledByPupil,
        (E::CancelByHost, A::Host, S::Accepted | S::Confirmed) => S::CancelledByHost,
        (E::Withdraw, A::System, S::Submitted | S::Read | S::Accepted) => S::Withdrawn,
        (E::Expire, A::System, S::Submitted | S::Read | S::Accepted) => S::Expired,
        (E::CloseYear, A::System, S::Submitted | S::Read | S::Accepted) => S::YearClosed,
        (_, _, S::Expired) => return Err((ErrorCode::ApplicationExpired, "Cette candidature a expiré.")),
        (E::Confirm, A::Pupil, S::Submitted | S::Read) => return Err((ErrorCode::NotAcceptedYet, "L'organisme n'a pas encore accepté cette candidature.")),
        (_, _, s) if !s.is_open() && s != S::Confirmed => {
            return Err((ErrorCode::ApplicationClosed, "Cette candidature est close : rien ne peut plus la changer."))
        }
        _ => return Err((ErrorCode::TransitionNotAllowed, "Cette action n'est pas possible à ce stade de la candidature.")),
    };
    Ok(next)
}

/// Whether two sets of weeks share one.
pub fn overlap(a: &[IsoWeek], b: &[IsoWeek]) -> bool {
    a.iter().any(|w| b.contains(w))
}

/// Canonical form of a set of weeks ("2027-03,2027-04").
pub fn weeks_key(weeks: &[IsoWeek]) -> String {
    let mut w = weeks.to_vec();
    w.sort();
    w.dedup();
    w.iter().map(|w| format!("{}-{:02}", w.year, w.week)).collect::<Vec<_>>().join(",")
}

pub fn parse_weeks_key(key: &str) -> Vec<IsoWeek> {
    key.split(',')
        .filter_map(|p| {
            let (y, w) = p.split_once('-')?;
            Some(IsoWeek { year: y.parse().ok()?, week: w.parse().ok()? })
        })
        .collect()
}

/// The expiry clock: `days` after submission (no answer) or after acceptance (no confirmation).
pub fn expires_at(from: NaiveDateTime, days: i64) -> NaiveDateTime {
    from + Duration::days(days)
}

/// Which reminders are due for the host: (5 days before, 1 day before).
pub fn reminders_due(now: NaiveDateTime, expires: NaiveDateTime) -> (bool, bool) {
    let left = expires - now;
    (left <= Duration::days(5) && left > Duration::days(1), left <= Duration::days(1) && left > Duration::zero())
}

/// Checks the pupil's letter.
pub fn motivation_problem(letter: &str) -> Option<String> {
    let n = letter.trim().chars().count();
    if n < 20 {
        Some("Explique en quelques phrases (20 caractères au moins) pourquoi ce stage t'intéresse.".into())
    } else if n > MOTIVATION_MAX {
        Some(format!("{MOTIVATION_MAX} caractères au plus."))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_the_year_ends_open_applications_only() {
        for s in [Status::Submitted, Status::Read, Status::Accepted] {
            assert_eq!(transition(s, Event::CloseYear, Actor::System), Ok(Status::YearClosed));
        }
        assert!(transition(Status::Confirmed, Event::CloseYear, Actor::System).is_err(), "a placement stays");
        assert!(transition(Status::Submitted, Event::CloseYear, Actor::Host).is_err());
        assert_eq!(Status::parse("year_closed"), Some(Status::YearClosed));
    }

    #[test]
    fn every_allowed_transition_and_every_refused_one() {
        use Actor as A;
        use Event as E;
        use Status as S;
        let allowed: &[(S, E, A, S)] = &[
            (S::Submitted, E::Read, A::Host, S::Read),
            (S::Submitted, E::Accept, A::Host, S::Accepted),
            (S::Read, E::Accept, A::Host, S::Accepted),
            (S::Submitted, E::Reject, A::Host, S::Rejected),
            (S::Read, E::Reject, A::Host, S::Rejected),
            (S::Accepted, E::Reject, A::Host, S::Rejected),
            (S::Accepted, E::Confirm, A::Pupil, S::Confirmed),
            (S::Submitted, E::CancelByPupil, A::Pupil, S::CancelledByPupil),
            (S::Read, E::CancelByPupil, A::Pupil, S::CancelledByPupil),
            (S::Accepted, E::CancelByPupil, A::Pupil, S::CancelledByPupil),
            (S::Confirmed, E::CancelByPupil, A::Pupil, S::CancelledByPupil),
            (S::Accepted, E::CancelByHost, A::Host, S::CancelledByHost),
            (S::Confirmed, E::CancelByHost, A::Host, S::CancelledByHost),
            (S::Submitted, E::Withdraw, A::System, S::Withdrawn),
            (S::Read, E::Withdraw, A::System, S::Withdrawn),
            (S::Accepted, E::Withdraw, A::System, S::Withdrawn),
            (S::Submitted, E::Expire, A::System, S::Expired),
            (S::Read, E::Expire, A::System, S::Expired),
            (S::Accepted, E::Expire, A::System, S::Expired),
            // Opening an application again changes nothing.
            (S::Accepted, E::Read, A::Host, S::Accepted),
        ];
        for (from, event, actor, to) in allowed {
            assert_eq!(transition(*from, *event, *actor), Ok(*to), "{from:?} --{event:?}/{actor:?}-->");
        }
        let events = [E::Read, E::Accept, E::Reject, E::Confirm, E::CancelByPupil, E::CancelByHost, E::Withdraw, E::Expire];
        let actors = [A::Pupil, A::Host, A::System];
        let mut refused = 0;
        for from in Status::ALL {
            for event in events {
                for actor in actors {
                    if allowed.iter().any(|a| a.0 == from && a.1 == event && a.2 == actor) {
                        continue;
                    }
                    if event == E::Read && actor == A::Host {
                        // Opening an application in any other state changes nothing.
                        assert_eq!(transition(from, event, actor), Ok(from));
                        continue;
                    }
                    assert!(transition(from, event, actor).is_err(), "{from:?} --{event:?}/{actor:?}--> should be refused");
                    refused += 1;
                }
            }
        }
        assert!(refused > 150, "{refused}");
        // The codes people see.
        assert_eq!(transition(S::Expired, E::Accept, A::Host).map_err(|e| e.0), Err(ErrorCode::ApplicationExpired));
        assert_eq!(transition(S::Read, E::Confirm, A::Pupil).map_err(|e| e.0), Err(ErrorCode::NotAcceptedYet));
        assert_eq!(transition(S::Withdrawn, E::Accept, A::Host).map_err(|e| e.0), Err(ErrorCode::ApplicationClosed));
        assert_eq!(transition(S::Submitted, E::Accept, A::Pupil).map_err(|e| e.0), Err(ErrorCode::TransitionNotAllowed));
    }

    #[test]
    fn weeks_and_clocks() {
        let w = |n| IsoWeek { year: 2027, week: n };
        assert!(overlap(&[w(3), w(4)], &[w(4)]));
        assert!(!overlap(&[w(3)], &[w(4)]));
        assert_eq!(weeks_key(&[w(4), w(3), w(3)]), "2027-03,2027-04");
        assert_eq!(parse_weeks_key("2027-03,2027-04"), vec![w(3), w(4)]);
        let t0 = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).and_then(|d| d.and_hms_opt(10, 0, 0)).expect("date");
        let exp = expires_at(t0, 15);
        assert_eq!(reminders_due(t0, exp), (false, false));
        assert_eq!(reminders_due(exp - Duration::days(4), exp), (true, false));
        assert_eq!(reminders_due(exp - Duration::hours(12), exp), (false, true));
        assert_eq!(reminders_due(exp + Duration::hours(1), exp), (false, false));
        assert!(motivation_problem("court").is_some());
        assert!(motivation_problem(&"x".repeat(2001)).is_some());
        assert!(motivation_problem("J'aime beaucoup l'électricité et le bricolage.").is_none());
    }
}
