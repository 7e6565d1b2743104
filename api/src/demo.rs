//! Demo accounts: one per role (and per staff function that matters), known password.

use crate::ids::UserId;
use serde::Serialize;

use crate::accounts::service::{self, NewAccount};
use crate::auth::{password, CurrentUser, Role, Scope, ScopeKind, StaffFunction};
use crate::db::AnyConnection;
use crate::error::AppResult;

pub const DEMO_PASSWORD: &str = "Passerelle-demo-2026";
/// The demo admins' and referents' second factor (base32), as public as the demo password: add
/// it to an authenticator app, or compute codes from it in browser tests.
pub const DEMO_TOTP_SECRET: &str = "PASSERELLEDEMOTOTPSECRETKEY23456";

#[derive(Debug, Serialize)]
pub struct DemoAccount {
    pub role: &'static str,
    pub function: Option<&'static str>,
    pub email: String,
    pub password: &'static str,
    pub label: &'static str,
    /// Admins and referents sign in with a TOTP code too.
    pub totp_secret: Option<&'static str>,
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
    Spec {
        label: "Chef d'établissement",
        email: "principal.demo@ac-paris.fr",
        first: "Claire",
        last: "Bernard",
        role: Role::SchoolStaff,
        function: Some(StaffFunction::Principal),
        scope: None,
    },
    Spec {
        label: "Professeur principal",
        email: "prof.principal.demo@ac-paris.fr",
        first: "Karim",
        last: "Haddad",
        role: Role::SchoolStaff,
        function: Some(StaffFunction::MainTeacher),
        scope: None,
    },
    Spec {
        label: "Enseignant",
        email: "enseignant.demo@ac-paris.fr",
        first: "Julie",
        last: "Lambert",
        role: Role::SchoolStaff,
        function: Some(StaffFunction::Teacher),
        scope: None,
    },
    Spec {
        label: "CPE",
        email: "cpe.demo@ac-paris.fr",
        first: "Marc",
        last: "Petit",
        role: Role::SchoolStaff,
        function: Some(StaffFunction::Cpe),
        scope: None,
    },
    Spec {
        label: "Tuteur (organisme d'accueil)",
        email: "tuteur@demo.passerelle.fr",
        first: "Sophie",
        last: "Martin",
        role: Role::Employer,
        function: None,
        scope: None,
    },
    Spec {
        label: "Association partenaire",
        email: "association@demo.passerelle.fr",
        first: "Youssef",
        last: "Benali",
        role: Role::Operator,
        function: None,
        scope: None,
    },
    Spec {
        label: "Référent départemental (Paris)",
        email: "referent.paris@demo.passerelle.fr",
        first: "Anne",
        last: "Roux",
        role: Role::Referent,
        function: None,
        scope: Some((ScopeKind::Department, "75")),
    },
    Spec {
        label: "Référent national",
        email: "referent.national@demo.passerelle.fr",
        first: "Paul",
        last: "Girard",
        role: Role::Referent,
        function: None,
        scope: Some((ScopeKind::National, "")),
    },
    Spec { label: "Administrateur", email: "admin@demo.passerelle.fr", first: "Nadia", last: "Fontaine", role: Role::Admin, function: None, scope: None },
];

/// The demo collège (REP, Paris 20e), registered for the demo principal when reference data is loaded.
pub const DEMO_SCHOOL: &str = "0750478M";
/// A neighbour that already chose a week, so the calendar warning shows in the demo.
pub const DEMO_NEIGHBOUR: &str = "0753939Z";

/// Creates the demo accounts or resets them to the known password. Idempotent.
pub fn seed(conn: &mut AnyConnection) -> AppResult<Vec<DemoAccount>> {
    let hash = password::hash(DEMO_PASSWORD)?;
    let mut out = Vec::new();
    let mut ids = std::collections::HashMap::new();
    for s in SPECS {
        let user = service::upsert_demo(
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
        let totp = matches!(s.role, Role::Admin | Role::Referent);
        let current = user.totp_secret.as_deref().map(crate::auth::sealed::open).transpose().unwrap_or(None);
        if totp && (current.as_deref() != Some(DEMO_TOTP_SECRET) || user.totp_enabled_at.is_none()) {
            crate::accounts::set_pending_totp(conn, &user.id, &crate::auth::sealed::seal(DEMO_TOTP_SECRET)?, crate::db::now())?;
            crate::accounts::enable_totp(conn, &user.id, 0, crate::db::now())?;
        }
        ids.insert(s.email, user.id);
        out.push(DemoAccount {
            role: s.role.as_str(),
            function: s.function.map(StaffFunction::as_str),
            email: s.email.to_owned(),
            password: DEMO_PASSWORD,
            label: s.label,
            totp_secret: totp.then_some(DEMO_TOTP_SECRET),
        });
    }
    if crate::reference::school(conn, DEMO_SCHOOL)?.is_some() {
        seed_school(conn, &ids)?;
    }
    Ok(out)
}

/// The demo school: registered, one class, its team and the demo pupil (without consent, so
/// the consent step can be shown). Idempotent.
fn seed_school(conn: &mut AnyConnection, ids: &std::collections::HashMap<&str, UserId>) -> AppResult<()> {
    use crate::schools::{
        self as sq,
        model::StaffMember,
        rules::{Grade, GradeFamily, IsoWeek, SchoolYear},
        service as ss,
    };
    let id = |email: &str| ids.get(email).cloned().ok_or_else(crate::error::AppError::internal);
    let principal = CurrentUser { id: id("principal.demo@ac-paris.fr")?, role: Role::SchoolStaff, staff_function: Some(StaffFunction::Principal), scope: None };
    if sq::registration(conn, DEMO_SCHOOL)?.is_none() {
        ss::register(conn, &principal, DEMO_SCHOOL)?;
    }
    let school = ss::load_school(conn, DEMO_SCHOOL)?;
    let year = SchoolYear::of(chrono::Utc::now().date_naive());
    let class = match sq::classes(conn, DEMO_SCHOOL, &year.label())?.into_iter().find(|c| c.name == "3e A") {
        Some(c) => c,
        None => ss::add_class(conn, &school, year, "3e A", Grade::Troisieme)?,
    };
    let now = crate::db::now();
    for (email, function) in [
        ("prof.principal.demo@ac-paris.fr", StaffFunction::MainTeacher),
        ("enseignant.demo@ac-paris.fr", StaffFunction::Teacher),
        ("cpe.demo@ac-paris.fr", StaffFunction::Cpe),
    ] {
        let user_id = id(email)?;
        if sq::member(conn, DEMO_SCHOOL, &user_id)?.is_none() {
            let m = StaffMember {
                id: crate::db::new_id(),
                school_uai: DEMO_SCHOOL.into(),
                user_id,
                function: function.as_str().into(),
                status: crate::schools::model::STAFF_ACTIVE.into(),
                created_at: now,
                updated_at: now,
            };
            sq::insert_member(conn, &m)?;
            if function != StaffFunction::Cpe {
                sq::set_member_classes(conn, &m.id, std::slice::from_ref(&class.id))?;
            }
        }
    }
    let pupil_id = id("eleve@demo.passerelle.fr")?;
    if crate::pupils::of_account(conn, &pupil_id)?.is_none() {
        crate::pupils::insert(conn, &crate::pupils::model::Pupil::enrolled(&pupil_id, DEMO_SCHOOL, &class.id, now))?;
    }
    // A neighbouring school (1 km away) already picked a January week.
    if crate::reference::school(conn, DEMO_NEIGHBOUR)?.is_some() && sq::registration(conn, DEMO_NEIGHBOUR)?.is_none() {
        sq::insert_registration(conn, &crate::schools::model::Registration::new(DEMO_NEIGHBOUR, &principal.id, now))?;
        let january = IsoWeek { year: year.start + 1, week: 3 };
        sq::replace_weeks(conn, DEMO_NEIGHBOUR, &year.label(), GradeFamily::College, &[january], now)?;
    }
    // The demo school's internship week, and a demo host publishing an offer on it nearby.
    let january = IsoWeek { year: year.start + 1, week: 3 };
    if sq::weeks(conn, DEMO_SCHOOL, &year.label())?.is_empty() {
        sq::replace_weeks(conn, DEMO_SCHOOL, &year.label(), GradeFamily::College, &[january], now)?;
    }
    seed_host(conn, &id("tuteur@demo.passerelle.fr")?, year, january)?;
    seed_operator(conn, &id("admin@demo.passerelle.fr")?, &id("association@demo.passerelle.fr")?)
}

/// The demo partner association, with the demo operator account as its member. Idempotent.
fn seed_operator(conn: &mut AnyConnection, admin_id: &str, member_id: &str) -> AppResult<()> {
    if !crate::organisations::of_user(conn, member_id)?.is_empty() {
        return Ok(());
    }
    let admin = crate::auth::Admin(CurrentUser { id: UserId::from(admin_id), role: Role::Admin, staff_function: None, scope: None });
    let (_, org) = crate::partners::service::create_operator(
        conn,
        &admin,
        crate::partners::service::NewOperator {
            organisation: crate::organisations::service::NewOrganisation {
                name: "Association Tremplin (démo)".into(),
                siret: "41087291000055".into(),
                kind: crate::organisations::rules::OrganisationKind::Association,
                is_public: false,
                ministry_id: None,
                group_name: None,
                naf_code: None,
                sector_id: None,
                address: "8 rue de Ménilmontant".into(),
                postal_code: "75020".into(),
                city: "Paris".into(),
            },
            departments: vec!["75".into(), "93".into()],
            full_search: true,
            open_data: true,
            rate_limit_per_minute: None,
        },
        100,
    )?;
    crate::organisations::add_member(
        conn,
        &crate::organisations::model::Member {
            organisation_id: org.id,
            user_id: UserId::from(member_id),
            invited_by: Some(UserId::from(admin_id)),
            created_at: crate::db::now(),
        },
    )?;
    Ok(())
}

struct DemoOffer {
    title: &'static str,
    description: &'static str,
    sector_id: &'static str,
    jobs: &'static str,
    activities: &'static str,
    /// Street, postal code, town (placed by the reference communes).
    address: (&'static str, &'static str, &'static str),
    rep_only: bool,
}

/// The demo host's organisation and its published offers around Paris 20e. Idempotent.
fn seed_host(conn: &mut AnyConnection, user_id: &str, year: crate::schools::rules::SchoolYear, week: crate::schools::rules::IsoWeek) -> AppResult<()> {
    use crate::offers::rules::{Day, DaySchedule, GroupMode, Lunch, OfferAction};
    if !crate::organisations::of_user(conn, user_id)?.is_empty() {
        return Ok(());
    }
    let host = CurrentUser { id: UserId::from(user_id), role: Role::Employer, staff_function: None, scope: None };
    let org = crate::organisations::service::create(
        conn,
        &host,
        crate::organisations::service::NewOrganisation {
            name: "Atelier Lumière (démo)".into(),
            siret: "41087291000030".into(),
            kind: crate::organisations::rules::OrganisationKind::Company,
            is_public: false,
            ministry_id: None,
            group_name: None,
            naf_code: Some("43.21A".into()),
            sector_id: None,
            address: "12 rue des Pyrénées".into(),
            postal_code: "75020".into(),
            city: "Paris".into(),
        },
    )?;
    // What a walk through the pupil's search needs: an offer next door, one reserved to
    // priority-education pupils (the demo collège is REP), one 20 km away (the journey and
    // lodging message) and a second nearby one to star.
    let offers = [
        DemoOffer {
            title: "Découvrir les métiers de l'électricité",
            description: "Une semaine avec nos électriciens : chantiers, tableaux électriques, éclairage de scène et sécurité.",
            sector_id: "s10",
            jobs: "Électricien, éclairagiste",
            activities: "Préparer le matériel, suivre un chantier, comprendre un schéma électrique.",
            address: ("12 rue des Pyrénées", "75020", "Paris"),
            rep_only: false,
        },
        DemoOffer {
            title: "Une semaine au service des patients",
            description: "Accueil, soins et logistique d'un centre de santé de quartier, aux côtés des infirmiers et des secrétaires médicaux.",
            sector_id: "s43",
            jobs: "Infirmier, secrétaire médical, aide-soignant",
            activities: "Accueillir les patients, suivre une tournée de soins, préparer une salle de consultation.",
            address: ("4 rue de la Chine", "75020", "Paris"),
            rep_only: true,
        },
        DemoOffer {
            title: "Réparer et programmer des ordinateurs",
            description: "Notre atelier répare des ordinateurs pour les associations du quartier et apprend à les programmer.",
            sector_id: "s31",
            jobs: "Technicien informatique, développeur",
            activities: "Diagnostiquer une panne, installer un système, écrire un premier programme.",
            address: ("20 rue Gabriel Péri", "93200", "Saint-Denis"),
            rep_only: false,
        },
        DemoOffer {
            title: "Les coulisses d'un musée",
            description: "Régisseurs, guides et restaurateurs font vivre les collections : une semaine pour les suivre.",
            sector_id: "s17",
            jobs: "Guide-conférencier, régisseur d'exposition, restaurateur d'œuvres",
            activities: "Préparer une visite, installer une vitrine, observer une restauration.",
            address: ("Place d'Armes", "78000", "Versailles"),
            rep_only: false,
        },
    ];
    for o in offers {
        // Reference data loaded for a few departments only (tests, a partial import): the offers
        // whose commune is not there are left out, the demo still works around its school.
        if crate::reference::geocode_address(conn, o.address.1, o.address.2)?.is_none() {
            continue;
        }
        let input = crate::offers::service::OfferInput {
            school_year: year.label(),
            title: o.title.into(),
            description: o.description.into(),
            sector_id: o.sector_id.into(),
            jobs: o.jobs.into(),
            activities: o.activities.into(),
            address: o.address.0.into(),
            postal_code: o.address.1.into(),
            city: o.address.2.into(),
            latitude: None,
            longitude: None,
            tutor_name: "Sophie Martin".into(),
            tutor_function: "Cheffe d'atelier".into(),
            tutor_email: "tuteur@demo.passerelle.fr".into(),
            tutor_phone: "01 43 00 00 00".into(),
            grades: vec![crate::schools::rules::Grade::Troisieme],
            weeks: vec![week],
            places_per_week: 2,
            group_mode: GroupMode::Individual,
            reserved_schools: Vec::new(),
            rep_only: o.rep_only,
            schedule: [Day::Monday, Day::Tuesday, Day::Wednesday, Day::Thursday, Day::Friday]
                .into_iter()
                .map(|day| DaySchedule { day, start: "09:00".into(), end: "16:00".into(), lunch_break_minutes: 60 })
                .collect(),
            lunch: Lunch::ReducedPrice,
            accessibility: "Locaux de plain-pied.".into(),
            practical_info: "Chaussures fermées conseillées.".into(),
            two_weeks_only: false,
        };
        let offer = crate::offers::service::create(conn, &host, &org, &input)?;
        crate::offers::service::act(conn, &offer, &org, OfferAction::Publish)?;
    }
    Ok(())
}
