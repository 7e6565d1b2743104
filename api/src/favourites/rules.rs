//! Pure rules of a pupil's favourites: how many, and whether a starred offer is still worth
//! applying to.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::schools::rules::IsoWeek;

/// Starred offers a pupil may keep at once (a list to come back to, not a bookmark store).
pub const MAX_PER_PUPIL: i64 = 100;

/// Whether a starred offer can still be applied to, and if not why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = FavouriteAvailability)]
pub enum Availability {
    /// Published, visible to the pupil, places left in a week still to come.
    Open,
    /// Every week still to come is full.
    Full,
    /// Every week of the offer has begun or passed.
    Past,
    /// The host unpublished or deleted it, moderators hid it, or it is no longer open to the
    /// pupil (reserved to other schools).
    Withdrawn,
}

/// A week of the offer with its places left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekLeft {
    pub week: IsoWeek,
    pub places_left: i32,
}

/// The availability of a starred offer this `current` week, and its places left over the weeks
/// still to come (a week that has begun is past: the internship starts on its Monday).
pub fn availability(visible: bool, weeks: &[WeekLeft], current: IsoWeek) -> (Availability, i32) {
    let ahead: Vec<&WeekLeft> = weeks.iter().filter(|w| w.week > current).collect();
    let left: i32 = ahead.iter().map(|w| w.places_left.max(0)).sum();
    let availability = if !visible {
        Availability::Withdrawn
    } else if ahead.is_empty() {
        Availability::Past
    } else if left == 0 {
        Availability::Full
    } else {
        Availability::Open
    };
    (availability, left)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(week: u32, places_left: i32) -> WeekLeft {
        WeekLeft { week: IsoWeek { year: 2027, week }, places_left }
    }
    const NOW: IsoWeek = IsoWeek { year: 2027, week: 10 };

    #[test]
    fn open_while_a_week_to_come_has_places() {
        assert_eq!(availability(true, &[w(9, 3), w(12, 0), w(14, 2)], NOW), (Availability::Open, 2));
    }

    #[test]
    fn full_when_every_week_to_come_is_full_even_if_a_past_week_had_places() {
        assert_eq!(availability(true, &[w(9, 3), w(12, 0)], NOW), (Availability::Full, 0));
    }

    #[test]
    fn past_when_every_week_has_begun() {
        assert_eq!(availability(true, &[w(9, 3), w(10, 1)], NOW), (Availability::Past, 0));
        assert_eq!(availability(true, &[], NOW), (Availability::Past, 0));
    }

    #[test]
    fn withdrawn_wins_over_everything() {
        assert_eq!(availability(false, &[w(12, 4)], NOW), (Availability::Withdrawn, 4));
    }

    #[test]
    fn weeks_of_the_next_year_are_to_come() {
        let last_january = WeekLeft { week: IsoWeek { year: 2026, week: 2 }, places_left: 1 };
        assert_eq!(availability(true, &[last_january], IsoWeek { year: 2026, week: 50 }).0, Availability::Past);
        assert_eq!(
            availability(true, &[WeekLeft { week: IsoWeek { year: 2027, week: 2 }, places_left: 1 }], IsoWeek { year: 2026, week: 50 }).0,
            Availability::Open
        );
    }
}
