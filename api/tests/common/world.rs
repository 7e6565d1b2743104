//! A small world for offers and applications tests: hosts with organisations, offers near the
//! Saint-Étienne school, registered schools with a pupil who has parental consent.

use passerelle::schools::rules::SchoolYear;
use serde_json::{json, Value};

use super::TestApp;

pub const PUITS: &str = "0420916T"; // Saint-Étienne, REP
pub const NOTRE_DAME: &str = "0421041D"; // Saint-Étienne, private, ~1 km away
pub const ROANNE: &str = "0420035K"; // ~65 km north of Saint-Étienne
pub const PUITS_LAT: f64 = 45.44486266638672;
pub const PUITS_LON: f64 = 4.3727497411511065;

pub fn year() -> SchoolYear {
    SchoolYear::of(chrono::Utc::now().date_naive())
}

pub fn week(n: u32) -> Value {
    json!(format!("{}-W{n:02}", year().start + 1))
}

/// A valid SIRET per name (Luhn check digit computed).
pub fn siret(name: &str) -> String {
    let base: String = format!("{:013}", name.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)) % 10_000_000_000_000);
    (0..10).map(|last| format!("{base}{last}")).find(|s| passerelle::organisations::rules::siret_valid(s)).expect("a check digit")
}

/// An employer `name@entreprise.fr` and their organisation: (token, organisation id).
pub async fn host(app: &TestApp, name: &str) -> (String, String) {
    let token = app.user_with_email(&format!("{name}@entreprise.fr"), "employer", None, None).await;
    let (status, org) = app
        .post(
            "/api/v1/organisations",
            json!({"name": format!("Entreprise {name}"), "siret": siret(name), "kind": "company", "is_public": false, "naf_code": "43.21A",
                   "address": "3 rue de la Paix", "postal_code": "42000", "city": "Saint-Étienne"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{org}");
    (token, org["id"].as_str().expect("org id").to_owned())
}

pub fn offer_body(title: &str, lat: f64, lon: f64) -> Value {
    json!({
        "school_year": year().label(),
        "title": title,
        "description": "Une semaine pour découvrir les chantiers, les tableaux électriques et le travail en équipe.",
        "sector_id": "s10",
        "jobs": "Électricien, chef de chantier",
        "activities": "Visites de chantier, préparation du matériel",
        "address": "3 rue de la Paix", "postal_code": "42000", "city": "Saint-Étienne",
        "latitude": lat, "longitude": lon,
        "tutor_name": "Paul Martin", "tutor_function": "Chef d'équipe", "tutor_email": "paul@entreprise.fr", "tutor_phone": "04 77 00 00 00",
        "grades": ["troisieme"],
        "weeks": [week(3), week(4)],
        "places_per_week": 2,
        "group_mode": "individual",
        "schedule": [{"day": "monday", "start": "09:00", "end": "16:00", "lunch_break_minutes": 60}],
        "lunch": "canteen_invitation"
    })
}

pub async fn published(app: &TestApp, token: &str, org: &str, body: Value) -> String {
    let (status, offer) = app.post(&format!("/api/v1/organisations/{org}/offers"), body, Some(token)).await;
    assert_eq!(status, 201, "{offer}");
    let id = offer["id"].as_str().expect("id").to_owned();
    let (status, body) = app.post(&format!("/api/v1/offers/{id}/publish"), json!({}), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    id
}

pub struct School {
    pub uai: String,
    pub principal: String,
    pub class_id: String,
}

/// A registered school with a 3e class and the given January weeks.
pub async fn school(app: &TestApp, uai: &str, who: &str, weeks: &[u32]) -> School {
    let principal = app.user_with_email(&format!("{who}.principal@ac-lyon.fr"), "school_staff", Some("principal"), None).await;
    let (status, body) = app.post("/api/v1/schools", json!({"uai": uai}), Some(&principal)).await;
    assert_eq!(status, 201, "{body}");
    let (_, class) = app
        .post(&format!("/api/v1/schools/{uai}/classes"), json!({"school_year": year().label(), "name": "3e A", "grade": "troisieme"}), Some(&principal))
        .await;
    let weeks: Vec<Value> = weeks.iter().map(|w| week(*w)).collect();
    let (status, body) = app
        .send(
            "PUT",
            &format!("/api/v1/schools/{uai}/weeks"),
            Some(json!({"school_year": year().label(), "grade_family": "college", "weeks": weeks})),
            Some(&principal),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    School { uai: uai.to_owned(), principal, class_id: class["id"].as_str().expect("class").to_owned() }
}

/// A pupil of the school's class with parental consent: (token, user id).
pub async fn pupil(app: &TestApp, s: &School) -> (String, String) {
    let token = app.user_with_role("student", None, None).await;
    let (status, _) = app
        .send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": s.class_id, "join_code": super::join_code(app, &s.class_id).await})), Some(&token))
        .await;
    assert_eq!(status, 200);
    let (_, me) = app.get("/api/v1/me", Some(&token)).await;
    let id = me["id"].as_str().expect("id").to_owned();
    let today = chrono::Utc::now().date_naive().to_string();
    let (status, _) = app.post(&format!("/api/v1/schools/{}/pupils/{id}/consent", s.uai), json!({"consent_date": today}), Some(&s.principal)).await;
    assert_eq!(status, 200);
    (token, id)
}

/// A registered school with week 3, and a pupil of it with consent: (pupil token, principal token).
pub async fn pupil_of(app: &TestApp, uai: &str, who: &str) -> (String, String) {
    let s = school(app, uai, who, &[3]).await;
    let (token, _) = pupil(app, &s).await;
    (token, s.principal)
}

pub struct Partner {
    pub operator: String,
    pub member: String,
    pub token: String,
}

/// An association registered by the admin, a member, a credential and a partner token.
pub async fn partner(app: &TestApp, admin: &str, name: &str) -> Partner {
    let (status, op) = app
        .post(
            "/api/v1/admin/operators",
            json!({"name": format!("Association {name}"), "siret": siret(name), "address": "2 place Jean Jaurès", "postal_code": "42000", "city": "Saint-Étienne", "departments": ["42"], "full_search": true}),
            Some(admin),
        )
        .await;
    assert_eq!(status, 201, "{op}");
    let operator = op["id"].as_str().expect("id").to_owned();
    let email = format!("membre-{name}@asso.fr");
    let (status, body) = app
        .post(&format!("/api/v1/admin/operators/{operator}/members"), json!({"email": email, "first_name": "Inès", "last_name": "Morel"}), Some(admin))
        .await;
    assert_eq!(status, 204, "{body}");
    let member = app.user_with_email(&format!("autre-{name}@asso.fr"), "operator", None, None).await;
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/operators/{operator}/members"),
            json!({"email": format!("autre-{name}@asso.fr"), "first_name": "Inès", "last_name": "Morel"}),
            Some(admin),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (status, mine) = app.get("/api/v1/operators/me", Some(&member)).await;
    assert_eq!((status, mine[0]["id"].as_str()), (200, Some(operator.as_str())), "{mine}");
    let (status, cred) = app.post(&format!("/api/v1/operators/{operator}/credentials"), json!({"label": "Production"}), Some(&member)).await;
    assert_eq!(status, 201, "{cred}");
    let token = partner_token(app, &cred["credential"]["client_id"], &cred["client_secret"]).await;
    Partner { operator, member, token }
}

pub async fn partner_token(app: &TestApp, client_id: &Value, secret: &Value) -> String {
    let (status, t) = app.post("/api/v1/partner/token", json!({"client_id": client_id, "client_secret": secret}), None).await;
    assert_eq!((status, t["token_type"].as_str()), (200, Some("Bearer")), "{t}");
    t["access_token"].as_str().expect("token").to_owned()
}
