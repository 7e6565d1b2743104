//! Demo accounts: one per role (and per staff function that matters), known password.

use serde::Serialize;

use crate::accounts::service::{self, NewAccount};
use crate::auth::{password, Role, Scope, ScopeKind, StaffFunction};
use crate::db::AnyConnection;
use crate::error::AppResult;

pub const DEMO_PASSWORD: &str = "Passerelle-demo-2026";

#[derive(Debug, Serialize)]
pub struct DemoAccount {
    pub role: &'static str,
    pub function: Option<&'static str>,
    pub email: String,
    pub password: &'static str,
    pub label: &'static str,
}

struct Spec {
    label: &'static str,
    email: &'static str,
    first: &'static str,
    last: &'static str,
    role: Role,
    function: Option<StaffFunction>,
    scope: Option<(ScopeKind, &'static str)>,
}

const SPECS: &[Spec] = &[
    Spec { label: "Élève", email: "eleve@demo.passerelle.fr", first: "Inès", last: "Moreau", role: Role::Student, function: None, scope: None },
    Spec { label: "Chef d'établissement", email: "principal.demo@ac-paris.fr", first: "Claire", last: "Bernard", role: Role::SchoolStaff, function: Some(StaffFunction::Principal), scope: None },
    Spec { label: "Professeur principal", email: "prof.principal.demo@ac-paris.fr", first: "Karim", last: "Haddad", role: Role::SchoolStaff, function: Some(StaffFunction::MainTeacher), scope: None },
    Spec { label: "Enseignant", email: "enseignant.demo@ac-paris.fr", first: "Julie", last: "Lambert", role: Role::SchoolStaff, function: Some(StaffFunction::Teacher), scope: None },
    Spec { label: "CPE", email: "cpe.demo@ac-paris.fr", first: "Marc", last: "Petit", role: Role::SchoolStaff, function: Some(StaffFunction::Cpe), scope: None },
    Spec { label: "Tuteur (organisme d'accueil)", email: "tuteur@demo.passerelle.fr", first: "Sophie", last: "Martin", role: Role::Employer, function: None, scope: None },
    Spec { label: "Association partenaire", email: "association@demo.passerelle.fr", first: "Youssef", last: "Benali", role: Role::Operator, function: None, scope: None },
    Spec { label: "Référent départemental (Paris)", email: "referent.paris@demo.passerelle.fr", first: "Anne", last: "Roux", role: Role::Referent, function: None, scope: Some((ScopeKind::Department, "75")) },
    Spec { label: "Référent national", email: "referent.national@demo.passerelle.fr", first: "Paul", last: "Girard", role: Role::Referent, function: None, scope: Some((ScopeKind::National, "")) },
    Spec { label: "Administrateur", email: "admin@demo.passerelle.fr", first: "Nadia", last: "Fontaine", role: Role::Admin, function: None, scope: None },
];

/// Creates the demo accounts or resets them to the known password. Idempotent.
pub fn seed(conn: &mut AnyConnection) -> AppResult<Vec<DemoAccount>> {
    let hash = password::hash(DEMO_PASSWORD)?;
    let mut out = Vec::new();
    for s in SPECS {
        service::upsert_demo(
            conn,
            NewAccount {
                email: Some(s.email.to_owned()),
                phone: None,
                password_hash: hash.clone(),
                role: s.role,
                staff_function: s.function,
                scope: s.scope.map(|(kind, code)| Scope { kind, code: code.to_owned() }),
                first_name: s.first.to_owned(),
                last_name: s.last.to_owned(),
            },
        )?;
        out.push(DemoAccount {
            role: s.role.as_str(),
            function: s.function.map(StaffFunction::as_str),
            email: s.email.to_owned(),
            password: DEMO_PASSWORD,
            label: s.label,
        });
    }
    Ok(out)
}
