//! Internships found outside the platform: a pupil declares one and the school validates it, or
//! the staff record it; it then counts in the school's follow-up and the referents' coverage,
//! takes its weeks from the platform, and stays readable only by those who follow the pupil.

use crate::common;

use common::world::*;
use common::TestApp;
use serde_json::{json, Value};

fn found_elsewhere(weeks: &[u32]) -> Value {
    let weeks: Vec<Value> = weeks.iter().map(|w| week(*w)).collect();
    json!({"host_name": "Boulangerie Martin", "siret": siret("boulangerie").chars().fold(String::new(), |mut s, c| {
        // Typed as people type it, with spaces: the same SIRET.
        if s.len() == 3 || s.len() == 7 || s.len() == 11 { s.push(' '); }
        s.push(c);
        s
    }), "street": "12 rue de la République", "postal_code": "42000", "city": "Saint-Étienne", "weeks": weeks})
}

async fn email_of(app: &TestApp, user_id: &str) -> String {
    let pool = app.state.pool.clone();
    let id = user_id.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("conn");
        passerelle::accounts::find_user(&mut conn, &id).expect("query").and_then(|u| u.email).expect("email")
    })
    .await
    .expect("join")
}

async fn row_of(app: &TestApp, s: &School, pupil_id: &str) -> Value {
    let (status, rows) = app.get(&format!("/api/v1/schools/{}/pupils", s.uai), Some(&s.principal)).await;
    assert_eq!(status, 200, "{rows}");
    rows.as_array().expect("rows").iter().find(|r| r["user_id"] == pupil_id).expect("listed").clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declared_internship_counts_once_the_school_validates_it() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "ailleurs").await;
    let offer = published(&app, &host_token, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "ailleurs", &[3, 4]).await;
    let (me, me_id) = pupil(&app, &s).await;

    // An application already sent for week 3, still open.
    let (status, application) = app
        .post(
            &format!("/api/v1/offers/{offer}/applications"),
            json!({"weeks": [week(3)], "motivation": "J'aime le bricolage et je voudrais découvrir ce métier."}),
            Some(&me),
        )
        .await;
    assert_eq!(status, 201, "{application}");

    // The pupil's profile says which weeks to declare, and how many the grade needs.
    let (_, profile) = app.get("/api/v1/pupils/me", Some(&me)).await;
    assert_eq!((profile["internship_weeks"].clone(), profile["weeks_needed"].as_i64()), (json!([week(3), week(4)]), Some(1)), "{profile}");

    // Wrong fields are named, in French; a week the school did not choose is refused.
    let mut bad = found_elsewhere(&[3]);
    bad["host_name"] = json!("");
    bad["postal_code"] = json!("4200");
    let (status, body) = app.post("/api/v1/pupils/me/external-internships", bad, Some(&me)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("VALIDATION_ERROR")), "{body}");
    let fields: Vec<&String> = body["fields"].as_object().expect("fields").keys().collect();
    assert_eq!(fields, ["host_name", "postal_code"], "{body}");
    let (status, body) = app.post("/api/v1/pupils/me/external-internships", found_elsewhere(&[9]), Some(&me)).await;
    assert_eq!((status, body["fields"].get("weeks[0]").is_some()), (422, true), "{body}");
    let (status, body) = app.post("/api/v1/pupils/me/external-internships", found_elsewhere(&[3, 4]), Some(&me)).await;
    assert_eq!((status, body["fields"].get("weeks").is_some()), (422, true), "collège: one week: {body}");

    // The pupil declares: not counted yet; the principal is told and sees it to answer.
    let (status, declared) = app.post("/api/v1/pupils/me/external-internships", found_elsewhere(&[3]), Some(&me)).await;
    assert_eq!(status, 201, "{declared}");
    assert_eq!((declared["status"].as_str(), declared["declared_by_pupil"].as_bool()), (Some("declared"), Some(true)));
    assert_eq!(declared["siret"].as_str(), Some(siret("boulangerie").as_str()), "spaces dropped");
    let id = declared["id"].as_str().expect("id").to_owned();
    assert!(app.last_mail_to("ailleurs.principal@ac-lyon.fr").await.decoded().contains("hors de Passerelle"));
    let row = row_of(&app, &s, &me_id).await;
    assert_eq!((row["placed"].as_bool(), row["coverage"].as_str(), row["elsewhere_pending"].as_bool()), (Some(false), Some("without"), Some(true)));
    let (_, dash) = app.get(&format!("/api/v1/schools/{}/dashboard", s.uai), Some(&s.principal)).await;
    assert_eq!(dash["elsewhere_to_validate"], 1, "{dash}");
    let (status, to_answer) = app.get(&format!("/api/v1/schools/{}/external-internships?status=declared", s.uai), Some(&s.principal)).await;
    assert_eq!(status, 200, "{to_answer}");
    assert_eq!(to_answer.as_array().map(Vec::len), Some(1));
    assert_eq!(to_answer[0]["id"], id.as_str());
    assert!(to_answer[0]["pupil_name"].as_str().is_some_and(|n| !n.is_empty()));
    assert_eq!(to_answer[0]["class_name"], "3e A");

    // A refusal says why; an empty reason is refused.
    let decision = format!("/api/v1/schools/{}/external-internships/{id}/decision", s.uai);
    let (status, body) = app.post(&decision, json!({"approved": false}), Some(&s.principal)).await;
    assert_eq!((status, body["fields"].get("reason").is_some()), (422, true), "{body}");

    // The school validates: it counts, the open application on week 3 leaves and its host is told.
    let (status, validated) = app.post(&decision, json!({"approved": true}), Some(&s.principal)).await;
    assert_eq!((status, validated["status"].as_str()), (200, Some("validated")), "{validated}");
    let (status, body) = app.post(&decision, json!({"approved": true}), Some(&s.principal)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("ALREADY_DECIDED")), "answered once");
    let (_, mine) = app.get("/api/v1/pupils/me/applications", Some(&me)).await;
    assert_eq!(mine[0]["status"], "withdrawn", "{mine}");
    assert!(app.last_mail_to(&email_of(&app, &me_id).await).await.decoded().contains("validé"));
    let row = row_of(&app, &s, &me_id).await;
    assert_eq!((row["placed"].as_bool(), row["coverage"].as_str(), row["elsewhere_pending"].as_bool()), (Some(true), Some("elsewhere"), Some(false)));
    let (_, dash) = app.get(&format!("/api/v1/schools/{}/dashboard", s.uai), Some(&s.principal)).await;
    assert_eq!((dash["classes"][0]["placed"].as_i64(), dash["classes"][0]["placed_elsewhere"].as_i64()), (Some(1), Some(1)), "{dash}");
    assert!(dash["without_internship"].as_array().expect("list").iter().all(|r| r["user_id"] != me_id.as_str()));
    assert!(dash["without_application"].as_array().expect("list").iter().all(|r| r["user_id"] != me_id.as_str()));

    // The week is taken: a placement on it can no longer be confirmed; a second record neither.
    let (status, again) = app
        .post(
            &format!("/api/v1/offers/{offer}/applications"),
            json!({"weeks": [week(3)], "motivation": "J'aime le bricolage et je voudrais découvrir ce métier."}),
            Some(&me),
        )
        .await;
    assert_eq!(status, 201, "{again}");
    let again = again["id"].as_str().expect("id").to_owned();
    let (status, body) = app.post(&format!("/api/v1/applications/{again}/accept"), json!({}), Some(&host_token)).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.post(&format!("/api/v1/applications/{again}/confirm"), json!({}), Some(&me)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("WEEK_ALREADY_TAKEN")), "{body}");
    let (status, body) = app.post("/api/v1/pupils/me/external-internships", found_elsewhere(&[3]), Some(&me)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("WEEK_ALREADY_TAKEN")), "{body}");

    // Validated, it is the school's to change: the pupil cannot withdraw it.
    let (status, body) = app.send("DELETE", &format!("/api/v1/pupils/me/external-internships/{id}"), None, Some(&me)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("ALREADY_DECIDED")));

    // The referent of the department sees the coverage once the counters are rebuilt.
    app.refresh_stats().await;
    let loire = app.user_with_role("referent", None, Some(("department", "42"))).await;
    let (status, stats) = app.get("/api/v1/stats", Some(&loire)).await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!((stats["pupils"].as_i64(), stats["pupils_placed"].as_i64(), stats["pupils_placed_elsewhere"].as_i64()), (Some(1), Some(0), Some(1)), "{stats}");
    assert_eq!((stats["pupils_without_placement"].as_i64(), stats["coverage_pct"].as_f64()), (Some(0), Some(100.0)));
    let loire_row = stats["by_department"].as_array().expect("rows").iter().find(|r| r["code"] == "42").expect("42").clone();
    assert_eq!((loire_row["pupils_placed_elsewhere"].as_i64(), loire_row["coverage_pct"].as_f64()), (Some(1), Some(100.0)), "{loire_row}");
    let school_row = stats["by_school"].as_array().expect("schools").iter().find(|r| r["uai"] == PUITS).expect("school").clone();
    assert_eq!((school_row["placed_elsewhere"].as_i64(), school_row["without_placement"].as_i64()), (Some(1), Some(0)));

    // The pupil's data export holds it.
    let (_, data) = app.get("/api/v1/me/export", Some(&me)).await;
    assert_eq!(data["external_internships"][0]["host_name"], "Boulangerie Martin", "{data}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_staff_record_one_with_its_scanned_agreement_and_no_one_else_reads_it() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, PUITS, "saisie", &[3]).await;
    let (me, me_id) = pupil(&app, &s).await;
    let other = school(&app, NOTRE_DAME, "voisin", &[3]).await;

    // Another school's principal, a pupil, a host: refused before anything is written.
    let url = format!("/api/v1/schools/{}/pupils/{me_id}/external-internships", s.uai);
    let (status, _) = app.post(&url, found_elsewhere(&[3]), Some(&other.principal)).await;
    assert_eq!(status, 404, "another school's principal: this pupil is none of theirs");
    let (status, _) = app.post(&url, found_elsewhere(&[3]), Some(&me)).await;
    assert_eq!(status, 403, "a pupil");
    let (host_token, _) = host(&app, "curieux").await;
    let (status, _) = app.post(&url, found_elsewhere(&[3]), Some(&host_token)).await;
    assert_eq!(status, 403, "a host");
    assert_eq!(app.count("external_internships").await, 0);

    // The principal records it: it counts at once, and the pupil is told.
    let (status, e) = app.post(&url, found_elsewhere(&[3]), Some(&s.principal)).await;
    assert_eq!((status, e["status"].as_str(), e["declared_by_pupil"].as_bool()), (201, Some("validated"), Some(false)), "{e}");
    assert_eq!(e["class_name"], "3e A", "the staff read whose it is");
    let (_, of_pupil) = app.get(&format!("/api/v1/schools/{}/external-internships?pupil_id={me_id}", s.uai), Some(&s.principal)).await;
    assert_eq!(of_pupil.as_array().map(Vec::len), Some(1), "{of_pupil}");
    let (_, of_other) = app.get(&format!("/api/v1/schools/{}/external-internships?pupil_id=quelqu-un", s.uai), Some(&s.principal)).await;
    assert_eq!(of_other, json!([]));
    let id = e["id"].as_str().expect("id").to_owned();
    assert!(app.last_mail_to(&email_of(&app, &me_id).await).await.decoded().contains("enregistré ton stage"));
    assert_eq!(row_of(&app, &s, &me_id).await["coverage"], "elsewhere");
    let (_, mine) = app.get("/api/v1/pupils/me/external-internships", Some(&me)).await;
    assert_eq!((mine.as_array().map(Vec::len), mine[0]["pupil_name"].clone()), (Some(1), Value::Null), "{mine}");

    // The scanned agreement: only a real PDF, JPEG or PNG; read back by the school's staff only.
    let doc = format!("/api/v1/schools/{}/external-internships/{id}/agreement", s.uai);
    let (status, _, body) = app.send_raw("PUT", &doc, "application/octet-stream", b"<html><script>".to_vec(), Some(&s.principal)).await;
    assert_eq!(status, 415, "{}", String::from_utf8_lossy(&body));
    let pdf = b"%PDF-1.4\n% convention\n".to_vec();
    let (status, _, body) = app.send_raw("PUT", &doc, "application/octet-stream", pdf.clone(), Some(&s.principal)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let uploaded: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(uploaded["agreement_uploaded"], true);
    let (status, ct, bytes) = app.send_raw("GET", &doc, "application/octet-stream", Vec::new(), Some(&s.principal)).await;
    assert_eq!((status, ct.as_str(), bytes), (200, "application/pdf", pdf));
    let (status, _, there) = app.send_raw("GET", &doc, "application/octet-stream", Vec::new(), Some(&other.principal)).await;
    assert_eq!(status, 404, "another school's principal: the record is none of theirs");
    let ghost = format!("/api/v1/schools/{}/external-internships/00000000-0000-0000-0000-000000000000/agreement", s.uai);
    let (_, _, unknown) = app.send_raw("GET", &ghost, "application/octet-stream", Vec::new(), Some(&other.principal)).await;
    assert_eq!(there, unknown, "the same answer as for a record that does not exist");

    // A mistake: the principal deletes it, its scan goes too; the pupil is without again.
    let (status, _) = app.send("DELETE", &format!("/api/v1/schools/{}/external-internships/{id}", s.uai), None, Some(&s.principal)).await;
    assert_eq!(status, 204);
    assert_eq!(app.count("external_internships").await, 0);
    assert_eq!(row_of(&app, &s, &me_id).await["coverage"], "without");
}
