//! Roles and their qualifiers, as stored and as they travel in tokens.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Student,
    SchoolStaff,
    Employer,
    Operator,
    Referent,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [Role::Student, Role::SchoolStaff, Role::Employer, Role::Operator, Role::Referent, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Student => "student",
            Role::SchoolStaff => "school_staff",
            Role::Employer => "employer",
            Role::Operator => "operator",
            Role::Referent => "referent",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Roles a person may choose at sign-up; referents and admins are created by an admin.
    pub fn self_service(self) -> bool {
        matches!(self, Role::Student | Role::SchoolStaff | Role::Employer | Role::Operator)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StaffFunction {
    Principal,
    MainTeacher,
    Teacher,
    Cpe,
    Documentalist,
    Psychologist,
    Administrative,
    Other,
}

impl StaffFunction {
    pub const ALL: [StaffFunction; 8] = [
        StaffFunction::Principal,
        StaffFunction::MainTeacher,
        StaffFunction::Teacher,
        StaffFunction::Cpe,
        StaffFunction::Documentalist,
        StaffFunction::Psychologist,
        StaffFunction::Administrative,
        StaffFunction::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffFunction::Principal => "principal",
            StaffFunction::MainTeacher => "main_teacher",
            StaffFunction::Teacher => "teacher",
            StaffFunction::Cpe => "cpe",
            StaffFunction::Documentalist => "documentalist",
            StaffFunction::Psychologist => "psychologist",
            StaffFunction::Administrative => "administrative",
            StaffFunction::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<StaffFunction> {
        StaffFunction::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Department,
    Academie,
    Region,
    Ministry,
    National,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 5] = [ScopeKind::Department, ScopeKind::Academie, ScopeKind::Region, ScopeKind::Ministry, ScopeKind::National];

    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Department => "department",
            ScopeKind::Academie => "academie",
            ScopeKind::Region => "region",
            ScopeKind::Ministry => "ministry",
            ScopeKind::National => "national",
        }
    }

    pub fn parse(s: &str) -> Option<ScopeKind> {
        ScopeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A referent's territory or ministry. `code` is empty for national.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Scope {
    pub kind: ScopeKind,
    #[schema(example = "75")]
    pub code: String,
}

impl Scope {
    /// Whether a place (department, académie, région codes) lies in this referent's territory.
    /// A ministry scope covers no territory: it is about its own services' offers.
    pub fn covers_territory(&self, department: &str, academie: &str, region: &str) -> bool {
        match self.kind {
            ScopeKind::National => true,
            ScopeKind::Department => self.code == department,
            ScopeKind::Academie => self.code == academie,
            ScopeKind::Region => self.code == region,
            ScopeKind::Ministry => false,
        }
    }

    /// Compact form carried in the access token (`department:75`, `national:`).
    pub fn encode(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.code)
    }

    pub fn decode(s: &str) -> Option<Scope> {
        let (kind, code) = s.split_once(':')?;
        Some(Scope { kind: ScopeKind::parse(kind)?, code: code.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_only_four_sign_up_alone() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        let self_service: Vec<_> = Role::ALL.into_iter().filter(|r| r.self_service()).collect();
        assert_eq!(self_service, vec![Role::Student, Role::SchoolStaff, Role::Employer, Role::Operator]);
        assert_eq!(Role::parse("superuser"), None);
    }

    #[test]
    fn scope_encoding_round_trips() {
        let s = Scope { kind: ScopeKind::Department, code: "2A".into() };
        assert_eq!(Scope::decode(&s.encode()), Some(s));
        assert_eq!(Scope::decode("planet:earth"), None);
    }

    #[test]
    fn territories() {
        let dep = Scope { kind: ScopeKind::Department, code: "75".into() };
        assert!(dep.covers_territory("75", "01", "11"));
        assert!(!dep.covers_territory("93", "24", "11"));
        assert!(Scope { kind: ScopeKind::Academie, code: "24".into() }.covers_territory("93", "24", "11"));
        assert!(Scope { kind: ScopeKind::Region, code: "11".into() }.covers_territory("93", "24", "11"));
        assert!(Scope { kind: ScopeKind::National, code: String::new() }.covers_territory("93", "24", "11"));
        assert!(!Scope { kind: ScopeKind::Ministry, code: "MIN-X".into() }.covers_territory("93", "24", "11"));
    }
}
