//! Pure rules of support tickets: categories, what a valid message is, how long a ticket is kept.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = SupportCategory)]
pub enum Category {
    Account,
    School,
    Offer,
    Agreement,
    PersonalData,
    Accessibility,
    Other,
}

impl Category {
    pub const ALL: [Category; 7] =
        [Category::Account, Category::School, Category::Offer, Category::Agreement, Category::PersonalData, Category::Accessibility, Category::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Account => "account",
            Category::School => "school",
            Category::Offer => "offer",
            Category::Agreement => "agreement",
            Category::PersonalData => "personal_data",
            Category::Accessibility => "accessibility",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            Category::Account => "Mon compte",
            Category::School => "Mon établissement",
            Category::Offer => "Une offre de stage",
            Category::Agreement => "Une convention",
            Category::PersonalData => "Mes données personnelles",
            Category::Accessibility => "L'accessibilité du site",
            Category::Other => "Autre question",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = SupportStatus)]
pub enum Status {
    Open,
    Closed,
}

impl Status {
    pub const ALL: [Status; 2] = [Status::Open, Status::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
        }
    }
}

/// Tickets a person may open from one address in an hour (besides the per-minute limit).
pub const MAX_TICKETS_PER_HOUR: i64 = 5;

/// Months a closed ticket is kept; requests about personal data are kept longer, as proof that
/// the right was answered (the privacy notice says the same).
pub const KEEP_CLOSED_MONTHS: i64 = 12;
pub const KEEP_PERSONAL_DATA_MONTHS: i64 = 36;
/// A ticket nobody closed is deleted after this long without news.
pub const KEEP_IDLE_MONTHS: i64 = 24;

/// When the ticket is deleted.
pub fn delete_after(category: Category, status: Status, updated_at: NaiveDateTime, closed_at: Option<NaiveDateTime>) -> NaiveDateTime {
    let months = |m: i64| Duration::days(m * 30);
    match (status, closed_at) {
        (Status::Closed, Some(at)) if category == Category::PersonalData => at + months(KEEP_PERSONAL_DATA_MONTHS),
        (Status::Closed, Some(at)) => at + months(KEEP_CLOSED_MONTHS),
        _ => updated_at + months(KEEP_IDLE_MONTHS),
    }
}

/// A short reference people can quote ("n° 4F2A-91C3"), from the ticket's id.
pub fn reference(id: &str) -> String {
    let hex: String = id.chars().filter(char::is_ascii_hexdigit).collect::<String>().to_uppercase();
    let tail = &hex[hex.len().saturating_sub(8)..];
    if tail.len() == 8 {
        format!("{}-{}", &tail[..4], &tail[4..])
    } else {
        tail.to_owned()
    }
}

/// The field problems of a message, as (field, French message).
pub fn problems(subject: &str, message: &str, page: &str) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    let subject_len = subject.trim().chars().count();
    if !(3..=150).contains(&subject_len) {
        out.push(("subject", "Indiquez un objet de 3 à 150 caractères."));
    }
    let message_len = message.trim().chars().count();
    if !(10..=5000).contains(&message_len) {
        out.push(("message", "Décrivez votre demande en 10 à 5 000 caractères."));
    }
    if page.chars().count() > 300 || (!page.is_empty() && !page.starts_with('/')) {
        out.push(("page", "Page d'origine invalide."));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("d").and_hms_opt(0, 0, 0).expect("t") + Duration::days(days)
    }

    #[test]
    fn personal_data_requests_are_kept_longer_than_other_closed_tickets() {
        assert_eq!(delete_after(Category::Account, Status::Closed, at(0), Some(at(10))), at(10 + 360));
        assert_eq!(delete_after(Category::PersonalData, Status::Closed, at(0), Some(at(10))), at(10 + 1080));
        assert_eq!(delete_after(Category::Offer, Status::Open, at(5), None), at(5 + 720), "an open ticket left alone");
    }

    #[test]
    fn messages_are_checked_and_references_readable() {
        assert!(problems("Mot de passe", "Je ne reçois pas le courriel de confirmation.", "/connexion").is_empty());
        let fields: Vec<&str> = problems("a", "court", "http://ailleurs").into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["subject", "message", "page"]);
        assert_eq!(reference("01935a2e-7c4a-7d2e-9b1c-2f1e3a4b5c6d"), "3A4B-5C6D");
        assert_eq!(Category::parse("personal_data"), Some(Category::PersonalData));
        assert_eq!(Category::parse("spam"), None);
    }
}
