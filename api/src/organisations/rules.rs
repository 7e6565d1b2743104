//! Pure rules about host organisations: SIRET, kinds, public or private.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A SIRET is 14 digits with a Luhn check digit (La Poste's establishments, SIREN 356000000,
/// use a sum of digits divisible by 5 instead).
pub fn siret_valid(raw: &str) -> bool {
    let digits: Vec<u32> = raw.chars().filter_map(|c| c.to_digit(10)).collect();
    if raw.len() != 14 || digits.len() != 14 {
        return false;
    }
    if raw.starts_with("356000000") {
        return digits.iter().sum::<u32>().is_multiple_of(5);
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                *d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// SIRET as typed (spaces allowed) → 14 digits.
pub fn clean_siret(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace()).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    Company,
    Administration,
    Association,
    PublicEstablishment,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 4] =
        [OrganisationKind::Company, OrganisationKind::Administration, OrganisationKind::Association, OrganisationKind::PublicEstablishment];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Company => "company",
            OrganisationKind::Administration => "administration",
            OrganisationKind::Association => "association",
            OrganisationKind::PublicEstablishment => "public_establishment",
        }
    }

    pub fn parse(s: &str) -> Option<OrganisationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Public organisations belong to a ministry; private ones may belong to a group, not a ministry.
pub fn affiliation_problem(is_public: bool, ministry: Option<&str>, group: Option<&str>) -> Option<(&'static str, &'static str)> {
    match (is_public, ministry, group) {
        (true, None, _) => Some(("ministry_id", "Choisissez le ministère de rattachement.")),
        (true, Some(_), Some(_)) => Some(("group_name", "Un organisme public n'appartient pas à un groupe privé.")),
        (false, Some(_), _) => Some(("ministry_id", "Seuls les organismes publics ont un ministère de rattachement.")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sirets_are_luhn_checked() {
        assert!(siret_valid("73282932000074"), "a real SIRET");
        assert!(siret_valid("35600000000056"), "La Poste: sum of digits");
        assert!(!siret_valid("73282932000075"), "wrong check digit");
        assert!(!siret_valid("7328293200007"), "13 digits");
        assert!(!siret_valid("7328293200007A"));
        assert_eq!(clean_siret("732 829 320 00074"), "73282932000074");
    }

    #[test]
    fn public_organisations_have_a_ministry() {
        assert!(affiliation_problem(true, None, None).is_some());
        assert!(affiliation_problem(true, Some("culture"), None).is_none());
        assert!(affiliation_problem(false, Some("culture"), None).is_some());
        assert!(affiliation_problem(false, None, Some("Groupe PAQTE")).is_none());
        assert!(affiliation_problem(true, Some("culture"), Some("Groupe")).is_some());
    }
}
