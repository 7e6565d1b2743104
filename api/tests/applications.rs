//! Applications: the state machine by the right roles, automatic withdrawal, expiry and
//! reminders from the job runner, and the invariants under concurrent requests.

use crate::common;

use common::world::*;
use common::TestApp;
use serde_json::{json, Value};

async fn apply(app: &TestApp, pupil: &str, offer: &str, weeks: &[u32]) -> (u16, Value) {
    let weeks: Vec<Value> = weeks.iter().map(|w| week(*w)).collect();
    app.post(
        &format!("/api/v1/offers/{offer}/applications"),
        json!({"weeks": weeks, "motivation": "J'aime le bricolage et je voudrais découvrir ce métier."}),
        Some(pupil),
    )
    .await
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

async fn status_of(app: &TestApp, pupil: &str, application: &str) -> String {
    let (_, mine) = app.get("/api/v1/pupils/me/applications", Some(pupil)).await;
    let listed = mine.as_array().expect("list").iter().find(|a| a["id"] == application).expect("listed").clone();
    // The same application read on its own: the same shape and values as in the list.
    let (status, one) = app.get(&format!("/api/v1/pupils/me/applications/{application}"), Some(pupil)).await;
    assert_eq!((status, &one), (200, &listed));
    listed["status"].as_str().expect("status").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_answer_confirm_and_the_other_applications_are_withdrawn() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_a, org_a) = host(&app, "hote-a").await;
    let (host_b, org_b) = host(&app, "hote-b").await;
    let offer_a = published(&app, &host_a, &org_a, offer_body("Électricité chez A", PUITS_LAT, PUITS_LON)).await;
    let offer_b = published(&app, &host_b, &org_b, offer_body("Électricité chez B", PUITS_LAT, PUITS_LON + 0.01)).await;
    let s = school(&app, PUITS, "suivi", &[3]).await;
    let teacher = app.user_with_email("prof.suivi@ac-lyon.fr", "school_staff", Some("main_teacher"), None).await;
    let (status, _) = app
        .post(
            &format!("/api/v1/schools/{PUITS}/staff"),
            json!({"email": "prof.suivi@ac-lyon.fr", "first_name": "K", "last_name": "H", "function": "main_teacher", "class_ids": [s.class_id]}),
            Some(&s.principal),
        )
        .await;
    assert_eq!(status, 201);
    let (pupil, pupil_id) = pupil(&app, &s).await;

    // A pupil of the class without parental consent can neither search nor apply.
    let waiting = app.user_with_role("student", None, None).await;
    assert_eq!(
        app.send(
            "PUT",
            "/api/v1/pupils/me/enrolment",
            Some(json!({"class_id": s.class_id, "join_code": common::join_code(&app, &s.class_id).await})),
            Some(&waiting)
        )
        .await
        .0,
        200
    );
    let (status, body) = apply(&app, &waiting, &offer_a, &[3]).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("CONSENT_REQUIRED")));
    let (status, body) = app.get("/api/v1/offers", Some(&waiting)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("CONSENT_REQUIRED")));

    // Weeks outside the pupil's period, a too short letter: refused at the field.
    let (status, body) = apply(&app, &pupil, &offer_a, &[4]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["weeks[0]"].is_array());
    let (status, body) = app.post(&format!("/api/v1/offers/{offer_a}/applications"), json!({"weeks": [week(3)], "motivation": "court"}), Some(&pupil)).await;
    assert_eq!((status, body["fields"]["motivation"].is_array()), (422, true));

    let (status, a) = apply(&app, &pupil, &offer_a, &[3]).await;
    assert_eq!((status, a["status"].as_str()), (201, Some("submitted")), "{a}");
    let (status, again) = apply(&app, &pupil, &offer_a, &[3]).await;
    assert_eq!((status, again["id"].clone()), (200, a["id"].clone()), "applying twice returns the first");
    let (_, b) = apply(&app, &pupil, &offer_b, &[3]).await;
    assert!(app.last_mail_to("hote-a@entreprise.fr").await.decoded().contains("a postulé"));
    let (a, b) = (id(&a), id(&b));

    // Only the host answers; a pupil cannot accept, a host cannot confirm.
    assert_eq!(app.post(&format!("/api/v1/applications/{a}/accept"), json!({}), Some(&pupil)).await.0, 403);
    let (status, body) = app.post(&format!("/api/v1/applications/{a}/accept"), json!({}), Some(&host_b)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")), "another organisation's application is none of theirs: {body}");
    assert_eq!(app.post(&format!("/api/v1/applications/{a}/confirm"), json!({}), Some(&host_a)).await.0, 403);
    let (status, body) = app.post(&format!("/api/v1/applications/{a}/confirm"), json!({}), Some(&pupil)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("NOT_ACCEPTED_YET")));

    // The host opens it (read), sees the letter and the CV, accepts.
    let (status, seen) = app.get(&format!("/api/v1/applications/{a}"), Some(&host_a)).await;
    assert_eq!((status, seen["status"].as_str(), seen["class_name"].as_str()), (200, Some("read"), Some("3e A")), "{seen}");
    let (status, accepted) = app.post(&format!("/api/v1/applications/{a}/accept"), json!({}), Some(&host_a)).await;
    assert_eq!((status, accepted["status"].as_str()), (200, Some("accepted")), "{accepted}");
    assert!(app.last_mail_to(&app_email(&app, &pupil_id).await).await.decoded().contains("accepté"));
    let (status, body) = app.post(&format!("/api/v1/applications/{a}/accept"), json!({}), Some(&host_a)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("TRANSITION_NOT_ALLOWED")));

    // The pupil confirms A: B is withdrawn, its host told; the teacher and the principal too.
    let (status, confirmed) = app.post(&format!("/api/v1/applications/{a}/confirm"), json!({}), Some(&pupil)).await;
    assert_eq!((status, confirmed["status"].as_str()), (200, Some("confirmed")), "{confirmed}");
    assert_eq!(status_of(&app, &pupil, &b).await, "withdrawn");
    assert!(app.last_mail_to("hote-b@entreprise.fr").await.decoded().contains("autre stage"));
    assert!(app.last_mail_to("prof.suivi@ac-lyon.fr").await.decoded().contains("a confirmé son stage"));
    assert!(app.last_mail_to("suivi.principal@ac-lyon.fr").await.decoded().contains("a confirmé son stage"));
    let (_, offer) = app.get(&format!("/api/v1/offers/{offer_a}"), Some(&host_a)).await;
    assert_eq!(offer["weeks"][0]["confirmed"], 1);
    // Host B can no longer accept it.
    let (status, body) = app.post(&format!("/api/v1/applications/{b}/accept"), json!({}), Some(&host_b)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("APPLICATION_CLOSED")));

    // The school's follow-up counts it; the teacher sees the pupil's applications.
    let (_, dashboard) = app.get(&format!("/api/v1/schools/{PUITS}/dashboard"), Some(&teacher)).await;
    assert_eq!((dashboard["classes"][0]["applied"].as_i64(), dashboard["classes"][0]["placed"].as_i64()), (Some(1), Some(1)), "{dashboard}");
    let (status, list) = app.get(&format!("/api/v1/schools/{PUITS}/pupils/{pupil_id}/applications"), Some(&teacher)).await;
    assert_eq!((status, list.as_array().map(Vec::len)), (200, Some(2)));

    // The pupil cancels the placement: the place comes back, the host is told.
    let (status, cancelled) = app.post(&format!("/api/v1/applications/{a}/cancel"), json!({}), Some(&pupil)).await;
    assert_eq!((status, cancelled["status"].as_str()), (200, Some("cancelled_by_pupil")));
    let (_, offer) = app.get(&format!("/api/v1/offers/{offer_a}"), Some(&host_a)).await;
    assert_eq!(offer["weeks"][0]["confirmed"], 0);
}

async fn app_email(app: &TestApp, user_id: &str) -> String {
    let pool = app.state.pool.clone();
    let id = user_id.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("conn");
        passerelle::accounts::find_user(&mut conn, &id).expect("query").and_then(|u| u.email).expect("email")
    })
    .await
    .expect("join")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejection_reason_is_shown_as_text_and_far_pupils_get_the_travel_message() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "raison").await;
    let offer = published(&app, &host_token, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "raison", &[3]).await;
    let (pupil, _) = pupil(&app, &s).await;
    // Home in Roanne (42300), ~65 km away.
    let (status, body) = app
        .send("PUT", "/api/v1/pupils/me/profile", Some(json!({"gender": "female", "home_postal_code": "42300", "legal_representatives": []})), Some(&pupil))
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, a) = apply(&app, &pupil, &offer, &[3]).await;
    let a = id(&a);
    let (_, list) = app.get(&format!("/api/v1/offers/{offer}/applications"), Some(&host_token)).await;
    assert_eq!(list[0]["far_from_home"], true, "{list}");
    assert_eq!(app.post(&format!("/api/v1/applications/{a}/travel-message"), json!({}), Some(&host_token)).await.0, 204);
    let (status, body) = app.post(&format!("/api/v1/applications/{a}/travel-message"), json!({}), Some(&host_token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("ALREADY_SENT")));

    let evil = "<script>alert(1)</script> Désolé, plus de place.";
    assert_eq!(app.post(&format!("/api/v1/applications/{a}/reject"), json!({"reason": ""}), Some(&host_token)).await.0, 422);
    let (status, _) = app.post(&format!("/api/v1/applications/{a}/reject"), json!({"reason": evil}), Some(&host_token)).await;
    assert_eq!(status, 200);
    let (_, mine) = app.get("/api/v1/pupils/me/applications", Some(&pupil)).await;
    assert_eq!((mine[0]["status"].as_str(), mine[0]["reason"].as_str()), (Some("rejected"), Some(evil)), "stored and given back as text");
    // Another pupil does not learn that it exists.
    let other = app.user_with_role("student", None, None).await;
    let (status, body) = app.get(&format!("/api/v1/pupils/me/applications/{a}"), Some(&other)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn unanswered_applications_expire_and_hosts_are_reminded_once() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "expire").await;
    let offer = published(&app, &host_token, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "expire", &[3]).await;
    let (pupil, _) = pupil(&app, &s).await;
    let (_, a) = apply(&app, &pupil, &offer, &[3]).await;
    let a = id(&a);
    app.deliver().await;
    let worker = app.state.worker().expect("worker");
    let now = passerelle::db::now();

    // 10 and a half days later: the 5-day reminder, once even when two sweeps run.
    let later = now + chrono::Duration::hours(10 * 24 + 12);
    let (one, two) = tokio::join!(worker.sweep(later), worker.sweep(later));
    assert_eq!(one.expect("sweep") + two.expect("sweep"), 1);
    app.deliver().await;
    let reminders = app.smtp.all_to("expire@entreprise.fr").iter().filter(|m| m.decoded().contains("attend votre réponse")).count();
    assert_eq!(reminders, 1);

    // 16 days later, through the command line as operations would run it.
    let at = (now + chrono::Duration::days(16)).format("%Y-%m-%dT%H:%M:%S").to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(["jobs", "run-once", "--now", &at])
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("SECRETS_KEY", &app.state.config.secrets_key)
        .env("JWT_SECRET", &app.state.config.jwt_secret)
        .env("OUTBOX_DIR", &app.outbox_dir)
        .env("APP_ENV", "test")
        .env("LOG_FORMAT", "json")
        .output()
        .expect("run the binary");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("1 candidature"), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(status_of(&app, &pupil, &a).await, "expired");
    let (status, body) = app.post(&format!("/api/v1/applications/{a}/accept"), json!({}), Some(&host_token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("APPLICATION_EXPIRED")), "a host cannot accept an expired application");
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_pupils_confirming_the_last_three_places_at_once() {
    let app = TestApp::with_config(|c| c.rate_limit_enabled = false).await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "rush").await;
    let mut body = offer_body("Électricité", PUITS_LAT, PUITS_LON);
    body["places_per_week"] = json!(3);
    body["weeks"] = json!([week(3)]);
    let offer = published(&app, &host_token, &org, body).await;
    let s = school(&app, PUITS, "rush", &[3]).await;
    let mut pupils = Vec::new();
    for _ in 0..50 {
        let (token, _) = pupil(&app, &s).await;
        let (_, a) = apply(&app, &token, &offer, &[3]).await;
        let a = id(&a);
        let (status, _) = app.post(&format!("/api/v1/applications/{a}/accept"), json!({}), Some(&host_token)).await;
        assert_eq!(status, 200);
        pupils.push((token, a));
    }
    let client = reqwest::Client::new();
    let tasks = pupils.iter().map(|(token, a)| client.post(app.url(&format!("/api/v1/applications/{a}/confirm"))).bearer_auth(token).send());
    let results = futures_util::future::join_all(tasks).await;
    let mut codes = Vec::new();
    for r in results {
        let (status, body) = TestApp::read(r.expect("response")).await;
        codes.push((status, body["code"].as_str().unwrap_or("").to_owned()));
    }
    assert_eq!(codes.iter().filter(|c| c.0 == 200).count(), 3, "{codes:?}");
    assert!(codes.iter().filter(|c| c.0 != 200).all(|c| c.0 == 409 && c.1 == "NO_PLACE_LEFT" || c.0 == 503), "{codes:?}");
    let (_, o) = app.get(&format!("/api/v1/offers/{offer}"), Some(&host_token)).await;
    assert_eq!(o["weeks"][0]["confirmed"], 3);
    // Accepting beyond the places is refused now.
    let (token, _) = pupil(&app, &s).await;
    let (_, late) = apply(&app, &token, &offer, &[3]).await;
    let (status, body) = app.post(&format!("/api/v1/applications/{}/accept", id(&late)), json!({}), Some(&host_token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("NO_PLACE_LEFT")));
}

#[tokio::test(flavor = "multi_thread")]
async fn double_clicks_and_one_pupil_confirming_two_offers_at_once() {
    let app = TestApp::with_config(|c| c.rate_limit_enabled = false).await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "double").await;
    let o1 = published(&app, &host_token, &org, offer_body("Électricité 1", PUITS_LAT, PUITS_LON)).await;
    let o2 = published(&app, &host_token, &org, offer_body("Électricité 2", PUITS_LAT, PUITS_LON)).await;
    let o3 = published(&app, &host_token, &org, offer_body("Électricité 3", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "double", &[3, 4, 5]).await;
    let (pupil, _) = pupil(&app, &s).await;

    // The same application twice at once: one application.
    let (x, y) = tokio::join!(apply(&app, &pupil, &o1, &[3]), apply(&app, &pupil, &o1, &[3]));
    assert_eq!(x.1["id"], y.1["id"], "{x:?} {y:?}");
    assert_eq!(app.count("applications").await, 1);

    // Two accepted offers on the same week, confirmed at once: exactly one.
    let (_, a2) = apply(&app, &pupil, &o2, &[3]).await;
    for a in [id(&x.1), id(&a2)] {
        assert_eq!(app.post(&format!("/api/v1/applications/{a}/accept"), json!({}), Some(&host_token)).await.0, 200);
    }
    let (u1, u2) = (format!("/api/v1/applications/{}/confirm", id(&x.1)), format!("/api/v1/applications/{}/confirm", id(&a2)));
    let (c1, c2) = tokio::join!(app.post(&u1, json!({}), Some(&pupil)), app.post(&u2, json!({}), Some(&pupil)));
    let oks = [c1.0, c2.0].iter().filter(|s| **s == 200).count();
    assert_eq!(oks, 1, "{c1:?} {c2:?}");
    let (_, mine) = app.get("/api/v1/pupils/me/applications", Some(&pupil)).await;
    let states: Vec<&str> = mine.as_array().expect("list").iter().map(|a| a["status"].as_str().unwrap_or("")).collect();
    assert_eq!(states.iter().filter(|s| **s == "confirmed").count(), 1, "{states:?}");

    // A second internship on another week is fine; a third in the year is refused.
    let (_, a3) = apply(&app, &pupil, &o3, &[4]).await;
    assert_eq!(app.post(&format!("/api/v1/applications/{}/accept", id(&a3)), json!({}), Some(&host_token)).await.0, 200);
    assert_eq!(app.post(&format!("/api/v1/applications/{}/confirm", id(&a3)), json!({}), Some(&pupil)).await.0, 200);
    let mut fifth = offer_body("Électricité 4", PUITS_LAT, PUITS_LON);
    fifth["weeks"] = json!([week(5)]);
    let o4 = published(&app, &host_token, &org, fifth).await;
    let (_, a4) = apply(&app, &pupil, &o4, &[5]).await;
    assert_eq!(app.post(&format!("/api/v1/applications/{}/accept", id(&a4)), json!({}), Some(&host_token)).await.0, 200);
    let (status, body) = app.post(&format!("/api/v1/applications/{}/confirm", id(&a4)), json!({}), Some(&pupil)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("TOO_MANY_PLACEMENTS")));
}

/// Reading a pupil's application is written in the audit log; the school's principal (and
/// admins) read the log, nobody else; the pupil's own reads are not noise in it.
#[tokio::test(flavor = "multi_thread")]
async fn reads_of_a_pupils_data_are_audited_for_the_principal() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "audit").await;
    let offer = published(&app, &host_token, &org, offer_body("Atelier audit", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "audit", &[3]).await;
    let (pupil, pupil_id) = pupil(&app, &s).await;
    let (status, a) = app
        .post(
            &format!("/api/v1/offers/{offer}/applications"),
            json!({"weeks": [week(3)], "motivation": "Je voudrais découvrir ce métier de près."}),
            Some(&pupil),
        )
        .await;
    assert_eq!(status, 201, "{a}");
    let id = a["id"].as_str().expect("id");
    assert_eq!(app.get("/api/v1/pupils/me/applications", Some(&pupil)).await.0, 200);
    assert_eq!(app.get(&format!("/api/v1/applications/{id}"), Some(&host_token)).await.0, 200);
    assert_eq!(app.get(&format!("/api/v1/schools/{PUITS}/pupils/{pupil_id}"), Some(&s.principal)).await.0, 200);

    let (status, log) = app.get(&format!("/api/v1/schools/{PUITS}/audit?pupil_id={pupil_id}"), Some(&s.principal)).await;
    assert_eq!(status, 200, "{log}");
    let items = log["items"].as_array().expect("items");
    let seen: Vec<(&str, &str, &str)> =
        items.iter().map(|e| (e["actor_role"].as_str().unwrap_or(""), e["action"].as_str().unwrap_or(""), e["resource"].as_str().unwrap_or(""))).collect();
    assert!(seen.contains(&("employer", "read", "application")), "{log}");
    assert!(seen.contains(&("school_staff", "read", "pupil_profile")), "{log}");
    assert!(seen.contains(&("school_staff", "change", "consent")), "the consent recorded: {log}");
    assert!(!seen.iter().any(|(role, action, _)| *role == "student" && *action == "read"), "own reads are not logged: {log}");
    assert!(items.iter().any(|e| e["actor_name"] == json!("Test Compte")), "names for the principal: {log}");
    assert!(!log.to_string().contains("Je voudrais découvrir"), "ids only, never the data");

    // Only the principal of that school, and admins.
    assert_eq!(app.get(&format!("/api/v1/schools/{PUITS}/audit"), Some(&host_token)).await.0, 403);
    let other = school(&app, NOTRE_DAME, "audit-autre", &[3]).await;
    assert_eq!(app.get(&format!("/api/v1/schools/{PUITS}/audit"), Some(&other.principal)).await.0, 403);
    let admin = app.user_with_role("admin", None, None).await;
    assert_eq!(app.get(&format!("/api/v1/schools/{PUITS}/audit"), Some(&admin)).await.0, 200);
}

/// RGPD: a person downloads their data; deleting an account anonymises it; a pupil with an
/// agreement asks through the school.
#[tokio::test(flavor = "multi_thread")]
async fn people_download_their_data_and_delete_their_account() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "rgpd").await;
    let offer = published(&app, &host_token, &org, offer_body("Atelier RGPD", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "rgpd", &[3]).await;
    let (placed, placed_id) = pupil(&app, &s).await;
    let (_, a) = apply(&app, &placed, &offer, &[3]).await;
    let id = a["id"].as_str().expect("id");
    assert_eq!(app.post(&format!("/api/v1/applications/{id}/accept"), json!({}), Some(&host_token)).await.0, 200);
    assert_eq!(app.post(&format!("/api/v1/applications/{id}/confirm"), json!({}), Some(&placed)).await.0, 200);

    // The export holds the account, the profile, the letters, the agreement and who read them.
    let (status, data) = app.get("/api/v1/me/export", Some(&placed)).await;
    assert_eq!(status, 200, "{data}");
    assert_eq!(data["account"]["id"].as_str(), Some(placed_id.as_str()));
    assert_eq!(data["applications"][0]["motivation"].as_str(), Some("J'aime le bricolage et je voudrais découvrir ce métier."));
    assert_eq!(data["agreements"].as_array().map(Vec::len), Some(1));
    assert!(data["accesses_to_my_data"].as_array().expect("accesses").iter().any(|e| e["by_role"] == json!("school_staff")), "{data}");

    // A pupil with an agreement: the principal is told, nothing is erased.
    let (status, body) = app.post("/api/v1/me/deletion", json!({"password": "pas-le-bon"}), Some(&placed)).await;
    assert_eq!((status, body["fields"]["password"].is_array()), (422, true), "{body}");
    let (status, body) = app.post("/api/v1/me/deletion", json!({"password": common::PASSWORD}), Some(&placed)).await;
    assert_eq!((status, body["outcome"].as_str()), (200, Some("sent_to_school")), "{body}");
    let mail = app.last_mail_to("rgpd.principal@ac-lyon.fr").await;
    assert!(mail.decoded().contains(&placed_id), "{}", mail.decoded());
    assert_eq!(app.get("/api/v1/me", Some(&placed)).await.1["first_name"].as_str(), Some("Test"));

    // A pupil without one, and an adult: anonymised at once, no way back in.
    let (other, _) = pupil(&app, &s).await;
    let (_, me) = app.get("/api/v1/me", Some(&other)).await;
    let email = me["email"].as_str().expect("email").to_owned();
    let (status, body) = app.post("/api/v1/me/deletion", json!({"password": common::PASSWORD}), Some(&other)).await;
    assert_eq!((status, body["outcome"].as_str()), (200, Some("deleted")), "{body}");
    let (status, _) = app.post("/api/v1/auth/login", json!({"identifier": email, "password": common::PASSWORD}), None).await;
    assert_eq!(status, 401);
    let (status, body) = app.post("/api/v1/me/deletion", json!({"password": common::PASSWORD}), Some(&host_token)).await;
    assert_eq!((status, body["outcome"].as_str()), (200, Some("deleted")), "{body}");
    let (status, _) = app.post("/api/v1/auth/login", json!({"identifier": "rgpd@entreprise.fr", "password": common::PASSWORD}), None).await;
    assert_eq!(status, 401);
    // The host's offer and the placement stay (history), without the person.
    let admin = app.user_with_role("admin", None, None).await;
    let (_, users) = app.get("/api/v1/admin/users?role=employer&per_page=200", Some(&admin)).await;
    assert!(users["items"].as_array().expect("items").iter().any(|u| u["first_name"] == json!("NA") && u["email"].is_null()), "{users}");
}

/// Data minimisation: before an agreement exists, a host reads a pupil's name, school, class,
/// letter and CV, never their birth date, home postal code or legal representatives.
#[tokio::test(flavor = "multi_thread")]
async fn a_host_never_sees_what_it_does_not_need() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "minimal").await;
    let offer = published(&app, &host_token, &org, offer_body("Atelier minimal", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "minimal", &[3]).await;
    let (pupil, _) = pupil(&app, &s).await;
    let profile = json!({"birth_date": "2012-04-02", "gender": "female", "home_postal_code": "42390", "contact_phone": null,
                         "legal_representatives": [{"name": "Marie Mineure", "email": "marie.mineure@famille.fr", "phone": "06 11 22 33 44"}]});
    assert_eq!(app.send("PUT", "/api/v1/pupils/me/profile", Some(profile), Some(&pupil)).await.0, 200);
    let (status, a) = apply(&app, &pupil, &offer, &[3]).await;
    assert_eq!(status, 201, "{a}");
    let id = a["id"].as_str().expect("id");
    let (_, list) = app.get(&format!("/api/v1/offers/{offer}/applications"), Some(&host_token)).await;
    let (_, one) = app.get(&format!("/api/v1/applications/{id}"), Some(&host_token)).await;
    for view in [list.to_string(), one.to_string()] {
        for secret in ["2012-04-02", "42390", "Marie Mineure", "marie.mineure@famille.fr", "06 11 22 33 44", "birth_date", "legal_representatives"] {
            assert!(!view.contains(secret), "the host must not see {secret}: {view}");
        }
        assert!(view.contains("J'aime le bricolage"), "the letter is for the host");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hosts_inbox_bulk_refusals_and_forwarding_to_a_colleague() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host, org) = host(&app, "boite").await;
    let offer_a = published(&app, &host, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let offer_b = published(&app, &host, &org, offer_body("Plomberie", PUITS_LAT, PUITS_LON)).await;
    let (other_host, other_org) = host_pair(&app).await;
    let elsewhere = published(&app, &other_host, &other_org, offer_body("Ailleurs", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "boite", &[3]).await;
    let (p1, _) = pupil(&app, &s).await;
    let (p2, _) = pupil(&app, &s).await;
    let a1 = id(&apply(&app, &p1, &offer_a, &[3]).await.1);
    let a2 = id(&apply(&app, &p2, &offer_b, &[3]).await.1);
    let a3 = id(&apply(&app, &p1, &elsewhere, &[3]).await.1);

    // One list across the organisation's offers, new ones unread, each with its clock.
    let (status, inbox) = app.get(&format!("/api/v1/organisations/{org}/applications"), Some(&host)).await;
    assert_eq!(status, 200, "{inbox}");
    let ids: Vec<&str> = inbox.as_array().expect("list").iter().map(|a| a["id"].as_str().expect("id")).collect();
    assert_eq!(ids, [a1.as_str(), a2.as_str()], "another organisation's application is not here");
    assert_eq!(inbox[1]["offer_title"], "Plomberie");
    assert!(inbox[0]["read_at"].is_null() && inbox[0]["expires_at"].is_string(), "{inbox}");
    assert_eq!(app.get(&format!("/api/v1/organisations/{org}/applications"), Some(&other_host)).await.0, 403);
    // Opening one marks it read.
    assert!(app.get(&format!("/api/v1/applications/{a1}"), Some(&host)).await.1["read_at"].is_string());

    // Forwarding: to a member only (an invited colleague must accept first).
    let colleague = app.user_with_email("collegue.boite@entreprise.fr", "employer", None, None).await;
    let (_, me) = app.get("/api/v1/me", Some(&colleague)).await;
    let colleague_id = me["id"].as_str().expect("id").to_owned();
    let forward = |to: String| json!({"user_id": to, "note": "Tu peux regarder ?"});
    let (status, body) = app.post(&format!("/api/v1/applications/{a1}/forward"), forward(colleague_id.clone()), Some(&host)).await;
    assert_eq!((status, body["fields"]["user_id"].is_array()), (422, true), "{body}");
    // Its former name is still read.
    let (status, body) = app.post(&format!("/api/v1/applications/{a1}/forward"), json!({"member_id": colleague_id.clone()}), Some(&host)).await;
    assert_eq!((status, body["fields"]["user_id"].is_array()), (422, true), "{body}");
    app.post(
        &format!("/api/v1/organisations/{org}/members"),
        json!({"email": "collegue.boite@entreprise.fr", "first_name": "L", "last_name": "R"}),
        Some(&host),
    )
    .await;
    let (_, invitations) = app.get("/api/v1/organisations/invitations", Some(&colleague)).await;
    let invitation = invitations[0]["id"].as_str().expect("invitation").to_owned();
    assert_eq!(app.post(&format!("/api/v1/organisations/invitations/{invitation}/accept"), json!({}), Some(&colleague)).await.0, 200);
    assert_eq!(app.post(&format!("/api/v1/applications/{a1}/forward"), forward(colleague_id), Some(&host)).await.0, 204);
    let mail = app.last_mail_to("collegue.boite@entreprise.fr").await.decoded();
    assert!(mail.contains("Tu peux regarder") && mail.contains(&format!("/candidatures/{a1}")), "{mail}");

    // One reason for several refusals; what cannot be refused says why, the rest goes through.
    let (status, body) = app.post("/api/v1/applications/reject-batch", json!({"application_ids": [a1, a2], "reason": "x"}), Some(&host)).await;
    assert_eq!((status, body["fields"]["reason"].is_array()), (422, true));
    let (status, results) =
        app.post("/api/v1/applications/reject-batch", json!({"application_ids": [a1, a3, a2], "reason": "L'offre est complète, désolé."}), Some(&host)).await;
    assert_eq!(status, 200, "{results}");
    let done: Vec<bool> = results.as_array().expect("list").iter().map(|r| r["done"].as_bool().expect("done")).collect();
    assert_eq!(done, [true, false, true], "{results}");
    assert_eq!(results[1]["error"]["code"], "NOT_FOUND", "{results}");
    assert_eq!(status_of(&app, &p2, &a2).await, "rejected");
    assert_eq!(status_of(&app, &p1, &a3).await, "submitted", "the other host's application is untouched");
    assert_eq!(app.get(&format!("/api/v1/organisations/{org}/applications"), Some(&host)).await.1.as_array().map(Vec::len), Some(0));
}

async fn host_pair(app: &TestApp) -> (String, String) {
    host(app, "autre-boite").await
}
