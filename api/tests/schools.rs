//! Schools: registration by the principal, the académie e-mail rule, classes, weeks and the
//! nearby-schools calendar warning; staff of one school never reach another.

use crate::common;

use common::TestApp;
use serde_json::json;

const PUITS: &str = "0420916T"; // Saint-Étienne
const NOTRE_DAME: &str = "0421041D"; // Saint-Étienne, ~1 km away
const ROANNE: &str = "0420035K"; // ~75 km away
const LYCEE: &str = "0420041S"; // Lycée Claude Fauriel, Saint-Étienne (general and technological)

async fn principal(app: &TestApp, name: &str) -> String {
    app.user_with_email(&format!("{name}@ac-lyon.fr"), "school_staff", Some("principal"), None).await
}

async fn register(app: &TestApp, token: &str, uai: &str) -> (u16, serde_json::Value) {
    app.post("/api/v1/schools", json!({"uai": uai}), Some(token)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_principal_with_an_academie_address_registers_the_school_once() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let token = principal(&app, "claire.bernard").await;
    let (status, body) = register(&app, &token, &PUITS.to_lowercase()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["school"]["uai"], PUITS);
    assert_eq!(body["school"]["priority_education"], "REP");
    assert_eq!(body["my_function"], "principal");
    assert_eq!(body["search_radius_km"], 60);

    let (_, mine) = app.get("/api/v1/schools/mine", Some(&token)).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1));

    let other = principal(&app, "autre.principal").await;
    let (status, body) = register(&app, &other, PUITS).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("SCHOOL_ALREADY_REGISTERED")));
    let (status, _) = register(&app, &other, "9999999Z").await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn registration_is_refused_outside_the_academie_or_to_non_principals() {
    let app = TestApp::new().await;
    app.import_reference(&["42", "75"]).await;
    let gmail = app.user_with_email("principal@gmail.com", "school_staff", Some("principal"), None).await;
    let (status, body) = register(&app, &gmail, PUITS).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("EMAIL_NOT_ACADEMIC")));
    assert!(body["message"].as_str().is_some_and(|m| m.contains("académie")));

    // Another académie's address does not do either.
    let paris = app.user_with_email("principal@ac-paris.fr", "school_staff", Some("principal"), None).await;
    let (status, _) = register(&app, &paris, PUITS).await;
    assert_eq!(status, 403);

    let teacher = app.user_with_email("prof@ac-lyon.fr", "school_staff", Some("teacher"), None).await;
    let (status, _) = register(&app, &teacher, PUITS).await;
    assert_eq!(status, 403);
    let host = app.user_with_role("employer", None, None).await;
    let (status, _) = register(&app, &host, PUITS).await;
    assert_eq!(status, 403);
    let (status, _) = app.post("/api/v1/schools", json!({"uai": PUITS}), None).await;
    assert_eq!(status, 401);
    assert_eq!(app.count("school_registrations").await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_of_one_school_never_reach_another() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let a = principal(&app, "a").await;
    let b = principal(&app, "b").await;
    assert_eq!(register(&app, &a, PUITS).await.0, 201);
    assert_eq!(register(&app, &b, NOTRE_DAME).await.0, 201);

    let (status, _) = app.get(&format!("/api/v1/schools/{NOTRE_DAME}"), Some(&a)).await;
    assert_eq!(status, 403);
    let (status, _) = app.get(&format!("/api/v1/schools/{NOTRE_DAME}/classes?school_year=2026-2027"), Some(&a)).await;
    assert_eq!(status, 403);
    let (status, _) =
        app.post(&format!("/api/v1/schools/{NOTRE_DAME}/classes"), json!({"school_year": "2026-2027", "name": "3e A", "grade": "troisieme"}), Some(&a)).await;
    assert_eq!(status, 403);
    let (status, _) = app
        .send(
            "PUT",
            &format!("/api/v1/schools/{NOTRE_DAME}/weeks"),
            Some(json!({"school_year": "2026-2027", "grade_family": "college", "weeks": []})),
            Some(&a),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = app.get(&format!("/api/v1/schools/{NOTRE_DAME}"), Some(&b)).await;
    assert_eq!(status, 200, "{body}");
    // Not registered yet: 404, whoever asks.
    let (status, _) = app.get(&format!("/api/v1/schools/{ROANNE}"), Some(&a)).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn classes_belong_to_a_year_and_to_the_grades_the_school_teaches() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let p = principal(&app, "p").await;
    register(&app, &p, PUITS).await;
    let url = format!("/api/v1/schools/{PUITS}/classes");
    let (status, body) = app.post(&url, json!({"school_year": "2026-2027", "name": "3e B", "grade": "troisieme"}), Some(&p)).await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = app.post(&url, json!({"school_year": "2026-2027", "name": "3E b", "grade": "troisieme"}), Some(&p)).await;
    assert_eq!(status, 409);
    let (status, body) = app.post(&url, json!({"school_year": "2026-2027", "name": "2nde 1", "grade": "seconde"}), Some(&p)).await;
    assert_eq!(status, 422, "a collège has no seconde: {body}");
    assert!(body["fields"]["grade"].is_array());
    let (status, _) = app.post(&url, json!({"school_year": "2026-2028", "name": "4e A", "grade": "quatrieme"}), Some(&p)).await;
    assert_eq!(status, 422);
    app.post(&url, json!({"school_year": "2027-2028", "name": "3e B", "grade": "troisieme"}), Some(&p)).await;
    let (_, list) = app.get(&format!("{url}?school_year=2026-2027"), Some(&p)).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["name"], "3e B");
}

#[tokio::test(flavor = "multi_thread")]
async fn picking_weeks_shows_nearby_schools_that_chose_the_same_ones() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let a = principal(&app, "a").await;
    let b = principal(&app, "b").await;
    let c = principal(&app, "c").await;
    register(&app, &a, PUITS).await;
    register(&app, &b, NOTRE_DAME).await;
    register(&app, &c, ROANNE).await;
    let (_, class) =
        app.post(&format!("/api/v1/schools/{NOTRE_DAME}/classes"), json!({"school_year": "2026-2027", "name": "3e A", "grade": "troisieme"}), Some(&b)).await;
    let pupil = app.user_with_role("student", None, None).await;
    let (status, _) =
        app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": class["id"], "join_code": class["join_code"]})), Some(&pupil)).await;
    assert_eq!(status, 200);

    let weeks = |w: &[u32]| json!({"school_year": "2026-2027", "grade_family": "college", "weeks": w.iter().map(|n| json!(format!("2027-W{n:02}"))).collect::<Vec<_>>()});
    let (status, _) = app.send("PUT", &format!("/api/v1/schools/{NOTRE_DAME}/weeks"), Some(weeks(&[3, 4])), Some(&b)).await;
    assert_eq!(status, 200);
    let (status, _) = app.send("PUT", &format!("/api/v1/schools/{ROANNE}/weeks"), Some(weeks(&[3])), Some(&c)).await;
    assert_eq!(status, 200);

    let (status, check) = app.post(&format!("/api/v1/schools/{PUITS}/weeks/check"), weeks(&[3, 10]), Some(&a)).await;
    assert_eq!(status, 200, "{check}");
    assert_eq!(check["radius_km"], 30.0);
    let w3 = &check["weeks"][0];
    assert_eq!(w3["week"], json!("2027-W03"));
    let near = w3["schools"].as_array().expect("list");
    assert_eq!(near.len(), 1, "Roanne is too far: {check}");
    assert_eq!(near[0]["uai"], NOTRE_DAME);
    assert_eq!(near[0]["classes"], 1);
    assert_eq!(near[0]["pupils"], 1);
    assert!(near[0]["distance_km"].as_f64().is_some_and(|d| d > 0.0 && d < 5.0));
    assert_eq!(check["weeks"][1]["schools"], json!([]));
    // A check saves nothing.
    let (_, saved) = app.get(&format!("/api/v1/schools/{PUITS}/weeks?school_year=2026-2027"), Some(&a)).await;
    assert_eq!(saved["college"], json!([]));

    let (status, _) = app.send("PUT", &format!("/api/v1/schools/{PUITS}/weeks"), Some(weeks(&[10, 3, 3])), Some(&a)).await;
    assert_eq!(status, 200);
    let (_, saved) = app.get(&format!("/api/v1/schools/{PUITS}/weeks?school_year=2026-2027"), Some(&a)).await;
    assert_eq!(saved["college"], json!(["2027-W03", "2027-W10"]));

    // Weeks outside the school year are refused, each named.
    let (status, body) = app
        .send(
            "PUT",
            &format!("/api/v1/schools/{PUITS}/weeks"),
            Some(json!({"school_year": "2026-2027", "grade_family": "college", "weeks": ["2027-W03", "2027-W32"]})),
            Some(&a),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["fields"]["weeks[1]"].is_array(), "{body}");
    // A collège has no seconde weeks.
    let (status, _) = app
        .send("PUT", &format!("/api/v1/schools/{PUITS}/weeks"), Some(json!({"school_year": "2026-2027", "grade_family": "lycee", "weeks": []})), Some(&a))
        .await;
    assert_eq!(status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn seconde_weeks_are_the_national_ones() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let p = principal(&app, "lycee").await;
    assert_eq!(register(&app, &p, LYCEE).await.0, 201);
    let (_, weeks) = app.get(&format!("/api/v1/schools/{LYCEE}/weeks?school_year=2026-2027"), Some(&p)).await;
    assert_eq!(weeks["seconde_weeks"], json!(["2027-W24", "2027-W25"]));
    let (status, body) = app
        .send(
            "PUT",
            &format!("/api/v1/schools/{LYCEE}/weeks"),
            Some(json!({"school_year": "2026-2027", "grade_family": "lycee", "weeks": ["2027-W10"]})),
            Some(&p),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["fields"]["weeks[0]"][0].as_str().is_some_and(|m| m.contains("seconde")));
    let (status, _) = app
        .send(
            "PUT",
            &format!("/api/v1/schools/{LYCEE}/weeks"),
            // The object form of the first releases is still read (never written).
            Some(json!({"school_year": "2026-2027", "grade_family": "lycee", "weeks": [{"year": 2027, "week": 24}, {"year": 2027, "week": 25}]})),
            Some(&p),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_principal_opens_the_school_to_national_search() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let p = principal(&app, "p").await;
    register(&app, &p, PUITS).await;
    let url = format!("/api/v1/schools/{PUITS}/search-scope");
    let (status, body) = app.send("PUT", &url, Some(json!({"national_search": true, "search_radius_km": 80})), Some(&p)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["national_search"].as_bool(), body["search_radius_km"].as_i64()), (Some(true), Some(80)));
    let (status, _) = app.send("PUT", &url, Some(json!({"national_search": false, "search_radius_km": 1000})), Some(&p)).await;
    assert_eq!(status, 422);
    let teacher = app.user_with_email("t@ac-lyon.fr", "school_staff", Some("teacher"), None).await;
    let (status, _) = app.send("PUT", &url, Some(json!({"national_search": false, "search_radius_km": 60})), Some(&teacher)).await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_moves_the_national_seconde_weeks_and_schools_follow() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let p = principal(&app, "lycee.admin").await;
    assert_eq!(register(&app, &p, LYCEE).await.0, 201);
    let weeks_url = format!("/api/v1/schools/{LYCEE}/weeks");
    let national = json!({"school_year": "2026-2027", "grade_family": "lycee", "weeks": ["2027-W24", "2027-W25"]});
    assert_eq!(app.send("PUT", &weeks_url, Some(national), Some(&p)).await.0, 200);

    let (status, year) = app.get("/api/v1/school-years/2026-2027", None).await;
    assert_eq!((status, year["set_by_admin"].as_bool()), (200, Some(false)));
    let url = "/api/v1/admin/school-years/2026-2027/seconde-weeks";
    let moved = json!({"seconde_weeks": ["2027-W23", "2027-W24"]});
    // Only admins; and the two weeks must follow each other inside the year.
    assert_eq!(app.send("PUT", url, Some(moved.clone()), Some(&p)).await.0, 403);
    let admin = app.user_with_role("admin", None, None).await;
    let (status, body) = app.send("PUT", url, Some(json!({"seconde_weeks": ["2027-W20", "2027-W24"]})), Some(&admin)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["seconde_weeks"][0].as_str().is_some_and(|m| m.contains("suivre")));
    let (status, body) = app.send("PUT", url, Some(moved), Some(&admin)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["set_by_admin"], true);

    // The school's calendar now shows the new weeks; week 25 left, week 24 stayed.
    let (_, weeks) = app.get(&format!("{weeks_url}?school_year=2026-2027"), Some(&p)).await;
    assert_eq!(weeks["seconde_weeks"], json!(["2027-W23", "2027-W24"]));
    assert_eq!(weeks["lycee"], json!(["2027-W24"]));
    let old = json!({"school_year": "2026-2027", "grade_family": "lycee", "weeks": ["2027-W25"]});
    assert_eq!(app.send("PUT", &weeks_url, Some(old), Some(&p)).await.0, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn referents_of_the_territory_grant_the_priority_education_derogation() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let rep = principal(&app, "rep").await;
    assert_eq!(register(&app, &rep, PUITS).await.0, 201);
    let private = principal(&app, "prive").await;
    assert_eq!(register(&app, &private, NOTRE_DAME).await.0, 201);
    let url = format!("/api/v1/schools/{NOTRE_DAME}/priority-derogation");
    let body = json!({"reason": "Élèves majoritairement issus du quartier prioritaire"});

    let (_, before) = app.get(&url, Some(&private)).await;
    assert_eq!((before["eligible"].as_bool(), before["derogation"].is_null()), (Some(false), true));
    // The principal cannot grant it to themselves, nor a referent of another department.
    assert_eq!(app.send("PUT", &url, Some(body.clone()), Some(&private)).await.0, 403);
    let rhone = app.user_with_role("referent", None, Some(("department", "69"))).await;
    let (status, refused) = app.send("PUT", &url, Some(body.clone()), Some(&rhone)).await;
    assert_eq!((status, refused["code"].as_str()), (403, Some("OUT_OF_SCOPE")));
    assert_eq!(app.get(&url, Some(&rhone)).await.0, 403, "nor read it");

    let loire = app.user_with_email("referent.loire@loire.gouv.fr", "referent", None, Some(("department", "42"))).await;
    let (status, granted) = app.send("PUT", &url, Some(body.clone()), Some(&loire)).await;
    assert_eq!(status, 200, "{granted}");
    assert_eq!(granted["eligible"], true);
    assert!(granted["derogation"]["granted_at"].is_string());
    let (_, me) = app.get("/api/v1/me", Some(&loire)).await;
    assert_eq!(granted["derogation"]["granted_by"], me["id"], "who granted it is recorded");
    let (_, seen) = app.get(&url, Some(&private)).await;
    assert_eq!(seen["eligible"], true, "the school's staff see it");

    // A REP school needs none.
    let (status, body2) = app.send("PUT", &format!("/api/v1/schools/{PUITS}/priority-derogation"), Some(body), Some(&loire)).await;
    assert_eq!((status, body2["code"].as_str()), (409, Some("ALREADY_PRIORITY")));

    let admin = app.user_with_role("admin", None, None).await;
    assert_eq!(app.send("DELETE", &url, None, Some(&admin)).await.0, 204);
    let (_, after) = app.get(&url, Some(&private)).await;
    assert_eq!(after["eligible"], false);
}
