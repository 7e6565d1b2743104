//! The school team and its pupils: invitations, class-scoped rights, parental consent as the
//! gate before search, data minimisation, follow-up dashboard and export.

use crate::common;

use common::{TestApp, PASSWORD};
use serde_json::{json, Value};

const SCHOOL: &str = "0420916T";
const OTHER: &str = "0421041D";

struct School {
    principal: String,
    class_a: String,
    class_b: String,
}

async fn school(app: &TestApp, uai: &str, who: &str) -> School {
    let principal = app.user_with_email(&format!("{who}@ac-lyon.fr"), "school_staff", Some("principal"), None).await;
    let (status, body) = app.post("/api/v1/schools", json!({"uai": uai}), Some(&principal)).await;
    assert_eq!(status, 201, "{body}");
    let year = passerelle::schools::rules::SchoolYear::of(chrono::Utc::now().date_naive()).label();
    let mut ids = Vec::new();
    for name in ["3e A", "3e B"] {
        let (_, c) =
            app.post(&format!("/api/v1/schools/{uai}/classes"), json!({"school_year": year, "name": name, "grade": "troisieme"}), Some(&principal)).await;
        ids.push(c["id"].as_str().expect("class id").to_owned());
    }
    School { principal, class_a: ids[0].clone(), class_b: ids[1].clone() }
}

/// The principal invites a main teacher of `class`; the teacher chooses a password from the mail.
async fn main_teacher(app: &TestApp, s: &School, uai: &str, email: &str, class: &str) -> String {
    let (status, body) = app
        .post(
            &format!("/api/v1/schools/{uai}/staff"),
            json!({"email": email, "first_name": "Karim", "last_name": "Haddad", "function": "main_teacher", "class_ids": [class]}),
            Some(&s.principal),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let token = app.last_mail_to(email).await.token().expect("set-password link");
    let (status, _) = app.post("/api/v1/auth/password/reset", json!({"token": token, "password": PASSWORD}), None).await;
    assert_eq!(status, 204);
    app.login(email, PASSWORD).await
}

async fn pupil_in(app: &TestApp, class: &str) -> (String, String) {
    let token = app.user_with_role("student", None, None).await;
    let (status, body) =
        app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": class, "join_code": common::join_code(app, class).await})), Some(&token)).await;
    assert_eq!(status, 200, "{body}");
    let (_, me) = app.get("/api/v1/me", Some(&token)).await;
    (token, me["id"].as_str().expect("id").to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_principal_invites_a_main_teacher_who_joins() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal").await;
    let url = format!("/api/v1/schools/{SCHOOL}/staff");
    let (status, body) = app
        .post(
            &url,
            json!({"email": "karim@gmail.com", "first_name": "K", "last_name": "H", "function": "main_teacher", "class_ids": [s.class_a]}),
            Some(&s.principal),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (422, Some("VALIDATION_ERROR")));
    assert!(body["fields"]["email"][0].as_str().is_some_and(|m| m.contains("@ac-lyon.fr")));

    let (status, cpe) =
        app.post(&url, json!({"email": "marc.petit@ac-lyon.fr", "first_name": "Marc", "last_name": "Petit", "function": "cpe"}), Some(&s.principal)).await;
    assert_eq!(status, 201);
    assert_eq!((cpe["status"].as_str(), cpe["joined"].as_bool()), (Some("active"), Some(false)), "invited, never logged in");

    let teacher = main_teacher(&app, &s, SCHOOL, "karim.haddad@ac-lyon.fr", &s.class_a).await;
    let (_, staff) = app.get(&url, Some(&s.principal)).await;
    let karim = staff.as_array().expect("list").iter().find(|m| m["email"] == "karim.haddad@ac-lyon.fr").expect("listed").clone();
    assert_eq!((karim["function"].as_str(), karim["status"].as_str(), karim["joined"].as_bool()), (Some("main_teacher"), Some("active"), Some(true)));
    assert_eq!(karim["class_ids"], json!([s.class_a]));
    // Teachers do not manage the team, nor see its list.
    let (status, _) = app.get(&url, Some(&teacher)).await;
    assert_eq!(status, 403);
    let (status, _) = app.post(&url, json!({"email": "x@ac-lyon.fr", "first_name": "X", "last_name": "Y", "function": "teacher"}), Some(&teacher)).await;
    assert_eq!(status, 403);

    // Revoked: the school is closed to them.
    // Named by their account's id, as every person is; the membership's own id (the former
    // path) still works for one release, marked deprecated.
    let (status, body) = app.post(&format!("{url}/{}/approve", karim["id"].as_str().expect("id")), json!({"class_ids": [s.class_a]}), Some(&s.principal)).await;
    assert_eq!((status, body["user_id"].as_str()), (200, karim["user_id"].as_str()), "{body}");
    let approve = |id: &str| app.client.post(app.url(&format!("{url}/{id}/approve"))).json(&json!({"class_ids": [s.class_a]})).bearer_auth(&s.principal).send();
    let legacy = approve(karim["id"].as_str().expect("id")).await.expect("answer");
    let link = legacy.headers().get("link").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(legacy.headers().get("deprecation").is_some(), "the membership id is deprecated");
    assert_eq!(link, format!("<{url}/{}/approve>; rel=\"successor-version\"", karim["user_id"].as_str().expect("id")));
    let current = approve(karim["user_id"].as_str().expect("id")).await.expect("answer");
    assert!(current.status() == 200 && current.headers().get("deprecation").is_none());
    let (status, _) = app.send("DELETE", &format!("{url}/{}", karim["user_id"].as_str().expect("id")), None, Some(&s.principal)).await;
    assert_eq!(status, 204);
    let (status, _) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils"), Some(&teacher)).await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_teacher_who_signed_up_alone_asks_to_join_and_is_approved() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal").await;
    let teacher = app.user_with_email("julie@ac-lyon.fr", "school_staff", Some("teacher"), None).await;
    let (status, member) = app.post(&format!("/api/v1/schools/{SCHOOL}/join"), json!({"function": "teacher"}), Some(&teacher)).await;
    assert_eq!(status, 201, "{member}");
    assert_eq!(member["status"], "pending");
    let (status, _) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils"), Some(&teacher)).await;
    assert_eq!(status, 403, "pending members see nothing");
    let outsider = app.user_with_email("julie@gmail.com", "school_staff", Some("teacher"), None).await;
    let (status, body) = app.post(&format!("/api/v1/schools/{SCHOOL}/join"), json!({"function": "teacher"}), Some(&outsider)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("EMAIL_NOT_ACADEMIC")));

    let id = member["user_id"].as_str().expect("id");
    let (status, body) = app.post(&format!("/api/v1/schools/{SCHOOL}/staff/{id}/approve"), json!({"class_ids": [s.class_b]}), Some(&teacher)).await;
    assert_eq!(status, 403, "not their own approval: {body}");
    let (status, body) = app.post(&format!("/api/v1/schools/{SCHOOL}/staff/{id}/approve"), json!({"class_ids": [s.class_b]}), Some(&s.principal)).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils?class_id={}", s.class_b), Some(&teacher)).await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_opens_search_and_teachers_only_reach_their_class() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal").await;
    let teacher = main_teacher(&app, &s, SCHOOL, "karim@ac-lyon.fr", &s.class_a).await;
    let (pupil, pupil_id) = pupil_in(&app, &s.class_a).await;
    let (_, other_id) = pupil_in(&app, &s.class_b).await;

    let (_, me) = app.get("/api/v1/pupils/me", Some(&pupil)).await;
    assert_eq!(me["can_search"], false);
    assert_eq!(me["blocked"]["code"], "CONSENT_REQUIRED");
    assert!(me["blocked"]["message"].as_str().is_some_and(|m| m.contains("autorisation")));

    // The teacher sees their class only.
    let (status, list) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils"), Some(&teacher)).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["user_id"], pupil_id.as_str());
    let (status, body) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils?class_id={}", s.class_b), Some(&teacher)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("CLASS_NOT_FOLLOWED")));
    let (status, _) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils/{other_id}"), Some(&teacher)).await;
    assert_eq!(status, 403);
    let today = chrono::Utc::now().date_naive().to_string();
    let (status, _) = app.post(&format!("/api/v1/schools/{SCHOOL}/pupils/{other_id}/consent"), json!({"consent_date": today}), Some(&teacher)).await;
    assert_eq!(status, 403);

    let (status, row) = app.post(&format!("/api/v1/schools/{SCHOOL}/pupils/{pupil_id}/consent"), json!({"consent_date": today}), Some(&teacher)).await;
    assert_eq!(status, 200, "{row}");
    assert_eq!(row["consent_date"], today.as_str());
    // The row an action answers is the list's: the class's grade and the pupil's figures.
    assert_eq!((row["grade"].as_str(), row["coverage"].as_str()), (Some("troisieme"), Some("without")), "{row}");
    let (_, me) = app.get("/api/v1/pupils/me", Some(&pupil)).await;
    assert_eq!((me["can_search"].as_bool(), &me["blocked"]), (Some(true), &Value::Null));

    let future = (chrono::Utc::now().date_naive() + chrono::Duration::days(3)).to_string();
    let (status, _) = app.post(&format!("/api/v1/schools/{SCHOOL}/pupils/{other_id}/consent"), json!({"consent_date": future}), Some(&s.principal)).await;
    assert_eq!(status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pupils_personal_data_stays_with_those_who_follow_them() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal").await;
    let other = school(&app, OTHER, "voisin").await;
    let (pupil, pupil_id) = pupil_in(&app, &s.class_a).await;
    let profile = json!({
        "birth_date": "2012-05-14", "gender": "female", "home_postal_code": "42100", "contact_phone": "06 12 34 56 78",
        "legal_representatives": [{"name": "Awa Diallo", "email": "awa@exemple.fr", "phone": null}],
        "cv": {"interests": "Dessin, <b>robotique</b>", "skills": "", "languages": "anglais", "activities": ""}
    });
    let (status, me) = app.send("PUT", "/api/v1/pupils/me/profile", Some(profile), Some(&pupil)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["cv"]["interests"], "Dessin, <b>robotique</b>", "stored exactly, shown as text");
    let (status, bad) = app
        .send(
            "PUT",
            "/api/v1/pupils/me/profile",
            Some(json!({"birth_date": "2031-01-01", "gender": "female", "legal_representatives": [{"name": "", "email": null, "phone": null}]})),
            Some(&pupil),
        )
        .await;
    assert_eq!(status, 422);
    assert!(bad["fields"]["birth_date"].is_array() && bad["fields"]["legal_representatives[0].name"].is_array());

    let (status, detail) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils/{pupil_id}"), Some(&s.principal)).await;
    assert_eq!(status, 200);
    assert_eq!(detail["birth_date"], "2012-05-14");
    assert_eq!(detail["legal_representatives"][0]["name"], "Awa Diallo");

    // Roles that never reach a school's pupils are refused.
    for token in [app.user_with_role("employer", None, None).await, app.user_with_role("referent", None, Some(("national", ""))).await] {
        let (status, _) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils/{pupil_id}"), Some(&token)).await;
        assert_eq!(status, 403);
    }
    // Staff of another school learn nothing of which pupils exist: the same 404 whichever school
    // they ask through, and for a pupil who does not exist at all.
    let (status, here) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils/{pupil_id}"), Some(&other.principal)).await;
    assert_eq!((status, here["code"].as_str()), (404, Some("NOT_FOUND")), "{here}");
    let (_, ghost) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils/00000000-0000-0000-0000-000000000000"), Some(&other.principal)).await;
    assert_eq!(here, ghost, "another school's pupil answers as an unknown one");
    let (status, _) = app.get(&format!("/api/v1/schools/{OTHER}/pupils/{pupil_id}"), Some(&other.principal)).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn dashboard_counts_per_class_and_exports_pupils_without_internship() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal").await;
    let (_, a1) = pupil_in(&app, &s.class_a).await;
    pupil_in(&app, &s.class_a).await;
    pupil_in(&app, &s.class_b).await;
    let today = chrono::Utc::now().date_naive().to_string();
    app.post(&format!("/api/v1/schools/{SCHOOL}/pupils/{a1}/consent"), json!({"consent_date": today}), Some(&s.principal)).await;

    let (status, d) = app.get(&format!("/api/v1/schools/{SCHOOL}/dashboard"), Some(&s.principal)).await;
    assert_eq!(status, 200, "{d}");
    let a = d["classes"].as_array().expect("classes").iter().find(|c| c["name"] == "3e A").expect("3e A").clone();
    assert_eq!((a["pupils"].as_i64(), a["consents"].as_i64(), a["placed"].as_i64()), (Some(2), Some(1), Some(0)));
    assert_eq!(d["without_internship"].as_array().map(Vec::len), Some(3));

    let resp = app.client.get(app.url(&format!("/api/v1/schools/{SCHOOL}/dashboard/export"))).bearer_auth(&s.principal).send().await.expect("csv");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().expect("type").starts_with("text/csv"));
    let text = resp.text().await.expect("body");
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.contains("3e A;Compte;Test;"));
    // The same list as a workbook, with the figures per class on a second sheet.
    let resp = app.client.get(app.url(&format!("/api/v1/schools/{SCHOOL}/dashboard/export?format=xlsx"))).bearer_auth(&s.principal).send().await.expect("xlsx");
    assert_eq!(resp.status(), 200);
    let sheets = common::xlsx_sheets(&resp.bytes().await.expect("body"));
    assert_eq!(sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["Élèves sans stage", "Classes"]);
    assert_eq!(sheets[0].1.len(), 4, "a header and three pupils");
    let a_row = sheets[1].1.iter().find(|r| r[0] == calamine::Data::String("3e A".into())).expect("3e A");
    assert_eq!(a_row[1..3], [calamine::Data::Float(2.0), calamine::Data::Float(1.0)]);

    let teacher = main_teacher(&app, &s, SCHOOL, "karim@ac-lyon.fr", &s.class_b).await;
    let (_, d) = app.get(&format!("/api/v1/schools/{SCHOOL}/dashboard"), Some(&teacher)).await;
    assert_eq!(d["classes"].as_array().map(Vec::len), Some(1), "a teacher's dashboard is their class");
    assert_eq!(d["without_internship"].as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_teacher_invites_pupils_one_by_one_or_from_a_list_with_an_error_report() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal.invite").await;
    let teacher = main_teacher(&app, &s, SCHOOL, "prof.invite@ac-lyon.fr", &s.class_a).await;
    let url = format!("/api/v1/schools/{SCHOOL}/pupils");

    // One pupil into the teacher's class: an account and a mail to choose a password.
    let (status, body) =
        app.post(&url, json!({"first_name": "Lina", "last_name": "Benali", "email": "lina.benali@exemple.fr", "class_id": s.class_a}), Some(&teacher)).await;
    assert_eq!((status, body["outcome"].as_str()), (202, Some("invited")), "{body}");
    let token = app.last_mail_to("lina.benali@exemple.fr").await.token().expect("set-password link");
    assert_eq!(app.post("/api/v1/auth/password/reset", json!({"token": token, "password": PASSWORD}), None).await.0, 204);
    let lina = app.login("lina.benali@exemple.fr", PASSWORD).await;
    let (_, me) = app.get("/api/v1/pupils/me", Some(&lina)).await;
    assert_eq!((me["class"]["id"].as_str(), me["blocked"]["code"].as_str()), (Some(s.class_a.as_str()), Some("CONSENT_REQUIRED")));
    // Twice: nothing new. Another class: refused. No way to reach them: refused at the field.
    let (status, again) =
        app.post(&url, json!({"first_name": "Lina", "last_name": "Benali", "email": "lina.benali@exemple.fr", "class_id": s.class_a}), Some(&teacher)).await;
    assert_eq!((status, again["outcome"].as_str()), (200, Some("already_there")));
    let (status, body) =
        app.post(&url, json!({"first_name": "Tom", "last_name": "Durand", "email": "tom@exemple.fr", "class_id": s.class_b}), Some(&teacher)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("CLASS_NOT_FOLLOWED")));
    let (status, body) = app.post(&url, json!({"first_name": "Tom", "last_name": "Durand", "class_id": s.class_a}), Some(&teacher)).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["email"].is_array());
    // An adult's address is never turned into a pupil; the answer is an invitation's all the same
    // (nobody learns who has an account) and the address's owner is told.
    let (status, body) =
        app.post(&url, json!({"first_name": "P", "last_name": "P", "email": "principal.invite@ac-lyon.fr", "class_id": s.class_a}), Some(&teacher)).await;
    assert_eq!((status, body["outcome"].as_str(), body["pupil"].is_null()), (202, Some("invited"), true), "{body}");
    assert_eq!(
        app.last_mail_to("principal.invite@ac-lyon.fr").await.subject().as_deref(),
        Some("Une invitation que votre compte Passerelle ne peut pas accepter")
    );
    // A pupil of another school is not moved: they get the class code, and join if they choose.
    let other = school(&app, OTHER, "principal.ailleurs").await;
    let (elsewhere, elsewhere_id) = pupil_in(&app, &other.class_a).await;
    let (_, who) = app.get("/api/v1/me", Some(&elsewhere)).await;
    let address = who["email"].as_str().expect("email").to_owned();
    let (status, body) = app.post(&url, json!({"first_name": "Yan", "last_name": "Moreau", "email": address, "class_id": s.class_a}), Some(&teacher)).await;
    assert_eq!((status, body["outcome"].as_str()), (202, Some("invited")), "{body}");
    let code = common::join_code(&app, &s.class_a).await;
    assert!(app.last_mail_to(&address).await.decoded().contains(&code), "the mail carries the class code");
    let (_, me) = app.get("/api/v1/pupils/me", Some(&elsewhere)).await;
    assert_eq!(me["school"]["uai"].as_str(), Some(OTHER), "still in their school until they join: {me}");
    let _ = elsewhere_id;

    // A list: good lines are invited, the others come back in a report.
    let csv = "prénom;nom;email;téléphone;classe\n\
               Lina;Benali;lina.benali@exemple.fr;;3e A\n\
               Inès;Martin;ines.martin@exemple.fr;;3e A\n\
               Hugo;Petit;;06 12 34 56 78;3e A\n\
               Zoé;Roux;zoe.roux@exemple.fr;;3e B\n\
               ;Sans Prénom;sans@exemple.fr;;3e A\n\
               Léo;Blanc;leo@exemple.fr;;4e Z\n\
               Inès;Martin;ines.martin@exemple.fr;;3e A\n";
    let before = app.count("users").await;
    let (status, ct, bytes) = app.send_raw("POST", &format!("{url}/import"), "text/csv", csv.as_bytes().to_vec(), Some(&teacher)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(ct.starts_with("application/json"));
    let report: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!((report["invited"].as_u64(), report["already_there"].as_u64()), (Some(2), Some(1)), "{report}");
    let lines: Vec<u64> = report["errors"].as_array().expect("errors").iter().map(|e| e["line"].as_u64().expect("line")).collect();
    assert_eq!(lines, [5, 6, 7, 8], "{report}");
    let file = report["error_report_csv"].as_str().expect("report");
    assert!(file.starts_with("prenom;nom;email;telephone;classe;ligne;erreur"));
    assert!(file.contains("Zoé;Roux;zoe.roux@exemple.fr;;3e B;5;Vous ne suivez pas la classe"), "{file}");
    assert!(file.contains("4e Z;7;Classe « 4e Z » inconnue"), "{file}");
    assert_eq!(app.count("users").await, before + 2);
    // The pupil with a phone got an SMS; the new pupils appear in the class.
    let (_, pupils) = app.get(&format!("{url}?class_id={}", s.class_a), Some(&teacher)).await;
    assert_eq!(pupils.as_array().map(Vec::len), Some(3));
    // Sending the same list again changes nothing.
    let (_, _, bytes) = app.send_raw("POST", &format!("{url}/import"), "text/csv", csv.as_bytes().to_vec(), Some(&teacher)).await;
    let again: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!((again["invited"].as_u64(), again["already_there"].as_u64()), (Some(0), Some(3)));
    assert_eq!(app.count("users").await, before + 2);

    // A malformed file is refused whole.
    let (status, _, bytes) = app.send_raw("POST", &format!("{url}/import"), "text/csv", b"nom;classe\nX;3e A\n".to_vec(), Some(&teacher)).await;
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&bytes));
    // Another school's staff cannot import here.
    let (status, _, _) = app.send_raw("POST", &format!("{url}/import"), "text/csv", csv.as_bytes().to_vec(), Some(&other.principal)).await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_scanned_consent_form_is_kept_for_the_staff_who_follow_the_pupil() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal.scan").await;
    let teacher = main_teacher(&app, &s, SCHOOL, "prof.scan@ac-lyon.fr", &s.class_a).await;
    let other_teacher = main_teacher(&app, &s, SCHOOL, "prof.b.scan@ac-lyon.fr", &s.class_b).await;
    let (pupil, id) = pupil_in(&app, &s.class_a).await;
    let url = format!("/api/v1/schools/{SCHOOL}/pupils/{id}/consent-form");
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();

    let (status, _, body) = app.send_raw("PUT", &url, "application/octet-stream", b"<html>not a scan</html>".to_vec(), Some(&teacher)).await;
    assert_eq!(status, 415, "{}", String::from_utf8_lossy(&body));
    let (status, _, _) = app.send_raw("PUT", &url, "application/pdf", vec![b'%'; 6 * 1024 * 1024], Some(&teacher)).await;
    assert_eq!(status, 413);
    for refused in [&other_teacher, &pupil] {
        let (status, _, _) = app.send_raw("PUT", &url, "application/pdf", pdf.clone(), Some(refused)).await;
        assert_eq!(status, 403);
    }
    let (status, _, body) = app.send_raw("PUT", &url, "application/pdf", pdf.clone(), Some(&teacher)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let row: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(row["consent_form"], true);

    let (status, ct, bytes) = app.send_raw("GET", &url, "application/json", Vec::new(), Some(&s.principal)).await;
    assert_eq!((status, ct.as_str(), bytes), (200, "application/pdf", pdf));
    let (status, _, _) = app.send_raw("GET", &url, "application/json", Vec::new(), Some(&other_teacher)).await;
    assert_eq!(status, 403, "a teacher of another class never reads it");
    // Replacing it keeps one document.
    let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
    assert_eq!(app.send_raw("PUT", &url, "image/jpeg", jpeg, Some(&teacher)).await.0, 200);
    assert_eq!(app.count("documents").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_school_may_require_the_scan_and_a_consent_is_withdrawn_with_a_reason() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal.retrait").await;
    let teacher = main_teacher(&app, &s, SCHOOL, "prof.retrait@ac-lyon.fr", &s.class_a).await;
    let (pupil, id) = pupil_in(&app, &s.class_a).await;
    let consent = format!("/api/v1/schools/{SCHOOL}/pupils/{id}/consent");
    let today = chrono::Utc::now().date_naive().to_string();

    // Only the principal sets the rule; then the date alone is refused until the scan is there.
    let settings = format!("/api/v1/schools/{SCHOOL}/consent-settings");
    assert_eq!(app.send("PUT", &settings, Some(json!({"scan_required": true})), Some(&teacher)).await.0, 403);
    let (status, school) = app.send("PUT", &settings, Some(json!({"scan_required": true})), Some(&s.principal)).await;
    assert_eq!((status, school["consent_scan_required"].as_bool()), (200, Some(true)), "{school}");
    let (status, body) = app.post(&consent, json!({"consent_date": today}), Some(&teacher)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("CONSENT_SCAN_REQUIRED")), "{body}");
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    assert_eq!(app.send_raw("PUT", &format!("{consent}-form"), "application/pdf", pdf, Some(&teacher)).await.0, 200);
    assert_eq!(app.post(&consent, json!({"consent_date": today}), Some(&teacher)).await.0, 200);
    assert_eq!(app.get("/api/v1/offers", Some(&pupil)).await.0, 200, "consent given: the pupil searches");

    // Withdrawn with a reason: search closes at once, the file says who, when and why.
    let withdrawal = format!("{consent}/withdrawal");
    let (status, body) = app.post(&withdrawal, json!({"reason": "non"}), Some(&teacher)).await;
    assert_eq!((status, body["fields"]["reason"].is_array()), (422, true));
    let (status, detail) = app.post(&withdrawal, json!({"reason": "La famille a changé d'avis."}), Some(&teacher)).await;
    assert_eq!(status, 200, "{detail}");
    assert!(detail["row"]["consent_date"].is_null(), "{detail}");
    assert_eq!(detail["consent_withdrawal"]["reason"], "La famille a changé d'avis.");
    assert_eq!(detail["consent_withdrawal"]["consent_date"].as_str(), Some(today.as_str()));
    let (status, body) = app.get("/api/v1/offers", Some(&pupil)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("CONSENT_REQUIRED")));
    let (status, body) = app.post(&withdrawal, json!({"reason": "Encore une fois"}), Some(&teacher)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("NO_CONSENT")));
    let (_, audit) = app.get(&format!("/api/v1/schools/{SCHOOL}/audit"), Some(&s.principal)).await;
    assert!(audit.to_string().contains("consent"), "the withdrawal is in the school's audit log: {audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn joining_a_class_needs_its_code_or_the_schools_approval() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "adhesion").await;
    let class = s.class_a.clone();

    // Without the code: the request waits; the pupil sees why and nothing of the school.
    let stranger = app.user_with_role("student", None, None).await;
    let (_, before) = app.get("/api/v1/pupils/me", Some(&stranger)).await;
    assert_eq!((before["weeks_needed"].clone(), before["internship_weeks"].clone()), (json!(null), json!([])), "no class yet, no weeks: {before}");
    let (status, me) = app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": class})), Some(&stranger)).await;
    assert_eq!((status, me["join_status"].as_str(), me["blocked"]["code"].as_str()), (200, Some("pending"), Some("JOIN_PENDING")), "{me}");
    let (_, who) = app.get("/api/v1/me", Some(&stranger)).await;
    let stranger_id = who["id"].as_str().expect("id").to_owned();
    let (_, listed) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils"), Some(&s.principal)).await;
    assert!(listed.as_array().expect("rows").iter().all(|r| r["user_id"] != stranger_id.as_str()), "not in the school's lists yet: {listed}");
    let (status, _) =
        app.post(&format!("/api/v1/schools/{SCHOOL}/pupils/{stranger_id}/consent"), json!({"consent_date": "2026-11-30"}), Some(&s.principal)).await;
    assert_eq!(status, 404, "no consent for a pupil the school has not accepted");
    let (status, requests) = app.get(&format!("/api/v1/schools/{SCHOOL}/join-requests"), Some(&s.principal)).await;
    assert_eq!((status, requests[0]["user_id"].as_str(), requests[0]["class_name"].as_str()), (200, Some(stranger_id.as_str()), Some("3e A")), "{requests}");

    // Another school's staff cannot answer it; the principal approves.
    let other = school(&app, OTHER, "ailleurs").await;
    assert_eq!(app.post(&format!("/api/v1/schools/{OTHER}/join-requests/{stranger_id}"), json!({"decision": "approve"}), Some(&other.principal)).await.0, 404);
    assert_eq!(app.post(&format!("/api/v1/schools/{SCHOOL}/join-requests/{stranger_id}"), json!({"decision": "approve"}), Some(&s.principal)).await.0, 204);
    let (_, me) = app.get("/api/v1/pupils/me", Some(&stranger)).await;
    assert_eq!((me["join_status"].as_str(), me["blocked"]["code"].as_str()), (Some("active"), Some("CONSENT_REQUIRED")), "{me}");

    // A refused request leaves the pupil in no class.
    let refused = app.user_with_role("student", None, None).await;
    app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": class})), Some(&refused)).await;
    let (_, who) = app.get("/api/v1/me", Some(&refused)).await;
    let refused_id = who["id"].as_str().expect("id").to_owned();
    assert_eq!(app.post(&format!("/api/v1/schools/{SCHOOL}/join-requests/{refused_id}"), json!({"decision": "refuse"}), Some(&s.principal)).await.0, 204);
    let (_, me) = app.get("/api/v1/pupils/me", Some(&refused)).await;
    assert!(me["class"].is_null() && me["school"].is_null(), "{me}");

    // With the code the school handed out: at once. A wrong code is refused at its field.
    let (_, classes) = app.get(&format!("/api/v1/schools/{SCHOOL}/classes"), Some(&s.principal)).await;
    let code = classes[0]["join_code"].as_str().expect("the staff see the code").to_owned();
    let (_, public) = app.get(&format!("/api/v1/schools/{SCHOOL}/public-classes"), None).await;
    assert!(public[0].get("join_code").is_none(), "never in the public list: {public}");
    let quick = app.user_with_role("student", None, None).await;
    let (status, body) = app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": class, "join_code": "AAAA-BBBB"})), Some(&quick)).await;
    assert_eq!((status, body["code"].as_str(), body["fields"]["join_code"].is_array()), (422, Some("WRONG_JOIN_CODE"), true), "{body}");
    let typed = code.to_lowercase().replace('-', " ");
    let (status, me) = app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": class, "join_code": typed})), Some(&quick)).await;
    assert_eq!((status, me["join_status"].as_str()), (200, Some("active")), "{me}");

    // A new code: the old one stops working.
    let (status, renewed) = app.post(&format!("/api/v1/schools/{SCHOOL}/classes/{class}/join-code"), json!({}), Some(&s.principal)).await;
    assert_eq!(status, 200, "{renewed}");
    assert_ne!(renewed["join_code"].as_str(), Some(code.as_str()));
    let late = app.user_with_role("student", None, None).await;
    assert_eq!(app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": class, "join_code": code})), Some(&late)).await.0, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pupil_who_changes_school_leaves_the_old_schools_documents_behind() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "depart").await;
    let other = school(&app, OTHER, "arrivee").await;
    let (token, id) = pupil_in(&app, &s.class_a).await;
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(app.post(&format!("/api/v1/schools/{SCHOOL}/pupils/{id}/consent"), json!({"consent_date": today}), Some(&s.principal)).await.0, 200);
    let pdf = b"%PDF-1.4\n% autorisation signee\n".to_vec();
    let (status, _, body) =
        app.send_raw("PUT", &format!("/api/v1/schools/{SCHOOL}/pupils/{id}/consent-form"), "application/pdf", pdf, Some(&s.principal)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));

    let code = common::join_code(&app, &other.class_a).await;
    let (status, me) = app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": other.class_a, "join_code": code})), Some(&token)).await;
    assert_eq!((status, me["consent_date"].is_null(), me["blocked"]["code"].as_str()), (200, true, Some("CONSENT_REQUIRED")), "{me}");
    let (status, _) = app.get(&format!("/api/v1/schools/{OTHER}/pupils/{id}/consent-form"), Some(&other.principal)).await;
    assert_eq!(status, 404, "the old school's scan does not follow the pupil");
    let (_, rows) = app.get(&format!("/api/v1/schools/{OTHER}/pupils"), Some(&other.principal)).await;
    let row = rows.as_array().expect("rows").iter().find(|r| r["user_id"] == id.as_str()).cloned().expect("listed");
    assert_eq!((row["consent_form"].as_bool(), row["consent_date"].is_null()), (Some(false), true), "{row}");
    assert_eq!(app.get(&format!("/api/v1/schools/{SCHOOL}/pupils/{id}"), Some(&s.principal)).await.0, 404, "the old school no longer follows them");
}

/// A pupil of the register: (ELEVE_ID, INE, last name, first name, birth date, sex, MEF, division, left).
type RegisterPupil<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, bool);

/// The register's XML export as the register writes it (ISO-8859-15), for `uai`.
fn register_xml(uai: &str, pupils: &[RegisterPupil]) -> Vec<u8> {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<BEE_ELEVES VERSION=\"3.1\"><PARAMETRES><UAJ>{uai}</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES><DONNEES><ELEVES>"
    );
    for (id, ine, last, first, birth, sex, mef, _, left) in pupils {
        xml += &format!(
            "<ELEVE ELEVE_ID=\"{id}\"><ID_NATIONAL>{ine}</ID_NATIONAL><NOM_DE_FAMILLE>{last}</NOM_DE_FAMILLE><PRENOM>{first}</PRENOM><DATE_NAISS>{birth}</DATE_NAISS><CODE_SEXE>{sex}</CODE_SEXE><CODE_MEF>{mef}</CODE_MEF>{}</ELEVE>",
            if *left { "<DATE_SORTIE>01/10/2026</DATE_SORTIE>" } else { "" }
        );
    }
    xml += "</ELEVES><STRUCTURES>";
    for (id, _, _, _, _, _, _, division, _) in pupils {
        xml += &format!(
            "<STRUCTURES_ELEVE ELEVE_ID=\"{id}\"><STRUCTURE><CODE_STRUCTURE>GR-LATIN</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE><STRUCTURE><CODE_STRUCTURE>{division}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>"
        );
    }
    xml += "</STRUCTURES></DONNEES></BEE_ELEVES>\n";
    encoding_rs::ISO_8859_15.encode(&xml).0.into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_principal_imports_the_register_and_a_reimport_follows_class_changes_without_duplicates() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let s = school(&app, SCHOOL, "principal.registre").await;
    let url = format!("/api/v1/schools/{SCHOOL}/pupils/register-import");
    // A pupil the school invited before the register came: found again by name, not duplicated.
    let (status, body) = app
        .post(
            &format!("/api/v1/schools/{SCHOOL}/pupils"),
            json!({"first_name": "Inès", "last_name": "Martin", "email": "ines.martin@exemple.fr", "class_id": s.class_a}),
            Some(&s.principal),
        )
        .await;
    assert_eq!(status, 202, "{body}");

    let pupils = [
        ("1", "123456789AA", "BENALI", "Lina", "14/03/2012", "2", "10310019110", "3e A", false),
        ("2", "123456789AB", "DUPONT", "Noé", "02/05/2012", "1", "10310019110", "3E C", false),
        ("3", "123456789AC", "FAURE", "Zoé", "20/11/2013", "2", "10210001110", "4e B", false),
        ("4", "123456789AD", "MARTIN", "Inès", "", "2", "10310019110", "3e A", false),
        ("5", "123456789AE", "PETIT", "Sam", "01/01/2015", "1", "10010012110", "6e A", false),
        ("6", "123456789AF", "ROUX", "Léo", "01/01/2012", "1", "10310019110", "3e A", true),
        ("7", "12345", "BLANC", "Jade", "01/01/2012", "2", "10310019110", "3e A", false),
        ("8", "123456789AG", "NOIR", "Tom", "01/01/2013", "1", "10210001110", "3e B", false),
    ];
    let before = app.count("users").await;
    let (status, _, bytes) = app.send_raw("POST", &url, "application/xml", register_xml(SCHOOL, &pupils), Some(&s.principal)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let report: Value = serde_json::from_slice(&bytes).expect("json");
    let counts = |r: &Value| ["created", "updated", "unchanged", "not_concerned", "left"].map(|k| r[k].as_u64().unwrap_or(99));
    assert_eq!(counts(&report), [3, 1, 0, 1, 1], "{report}");
    assert_eq!(report["classes_created"], json!(["3E C", "4e B"]), "{report}");
    let refused: Vec<(u64, &str)> =
        report["errors"].as_array().expect("errors").iter().map(|e| (e["line"].as_u64().expect("line"), e["field"].as_str().unwrap_or(""))).collect();
    assert_eq!(refused, [(7, "ine"), (8, "classe")], "{report}");
    let file = report["error_report_csv"].as_str().expect("report");
    assert!(file.starts_with("ine;nom;prenom;date_naissance;sexe;niveau;classe;ligne;erreur"), "{file}");
    assert!(file.contains("123456789AG;NOIR;Tom;01/01/2013;1;10210001110;3e B;8;La classe « 3e B » est ici une classe de troisième"), "{file}");
    assert_eq!(app.count("users").await, before + 3, "three accounts, none for the pupil found by name");

    // The pupils are in their classes, marked as coming from the register; accents survived the
    // file's encoding; the pupil found by name now carries her INE.
    let (_, list) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils"), Some(&s.principal)).await;
    let rows = list.as_array().expect("rows");
    let row = |first: &str| rows.iter().find(|r| r["first_name"] == first).unwrap_or_else(|| panic!("{first} in {list}"));
    assert_eq!((row("Noé")["class_name"].as_str(), row("Noé")["from_register"].as_bool()), (Some("3E C"), Some(true)));
    assert_eq!((row("Zoé")["class_name"].as_str(), row("Zoé")["grade"].as_str()), (Some("4e B"), Some("quatrieme")));
    assert_eq!((row("Inès")["class_id"].as_str(), row("Inès")["from_register"].as_bool()), (Some(s.class_a.as_str()), Some(true)));
    assert_eq!(rows.len(), 4, "{list}");
    let lina = row("Lina")["user_id"].as_str().expect("id").to_owned();
    let (_, detail) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils/{lina}"), Some(&s.principal)).await;
    assert_eq!((detail["ine"].as_str(), detail["birth_date"].as_str(), detail["email"].as_str()), (Some("123456789AA"), Some("2012-03-14"), None), "{detail}");

    // The same file again: nothing changes.
    let (_, _, bytes) = app.send_raw("POST", &url, "application/xml", register_xml(SCHOOL, &pupils), Some(&s.principal)).await;
    let again: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(counts(&again), [0, 0, 4, 1, 1], "{again}");
    assert_eq!(again["classes_created"], json!([]));
    assert_eq!(app.count("users").await, before + 3);

    // Lina changed class in the register: the next import moves her, nobody is duplicated.
    let mut moved = pupils;
    moved[0].7 = "3e B";
    let (_, _, bytes) = app.send_raw("POST", &url, "application/xml", register_xml(SCHOOL, &moved), Some(&s.principal)).await;
    let after: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(counts(&after), [0, 1, 3, 1, 1], "{after}");
    let (_, detail) = app.get(&format!("/api/v1/schools/{SCHOOL}/pupils/{lina}"), Some(&s.principal)).await;
    assert_eq!(detail["row"]["class_id"].as_str(), Some(s.class_b.as_str()), "{detail}");
    assert_eq!(app.count("users").await, before + 3);

    // Another school's export is refused whole; so is a file that is no register.
    let (status, _, bytes) = app.send_raw("POST", &url, "application/xml", register_xml(OTHER, &pupils), Some(&s.principal)).await;
    let body: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!((status, body["fields"]["file"].is_array()), (422, true), "{body}");
    let (status, _, _) = app.send_raw("POST", &url, "text/csv", b"prenom;nom;email\nA;B;c@d.fr\n".to_vec(), Some(&s.principal)).await;
    assert_eq!(status, 422);
    assert_eq!(app.count("users").await, before + 3);

    // Only the school's principal imports: a teacher of the school and another school's
    // principal are refused. Another school's register naming one of ours is refused line by line.
    let teacher = main_teacher(&app, &s, SCHOOL, "prof.registre@ac-lyon.fr", &s.class_a).await;
    let (status, _, _) = app.send_raw("POST", &url, "application/xml", register_xml(SCHOOL, &pupils), Some(&teacher)).await;
    assert_eq!(status, 403);
    let other = school(&app, OTHER, "principal.registre.ailleurs").await;
    let (status, _, _) = app.send_raw("POST", &url, "application/xml", register_xml(SCHOOL, &pupils), Some(&other.principal)).await;
    assert_eq!(status, 403);
    let csv = "INE;Nom;Prénom;Date de naissance;Sexe;Niveau;Classe\n123456789AA;Benali;Lina;14/03/2012;F;3E;3e A\n";
    let (status, _, bytes) =
        app.send_raw("POST", &format!("/api/v1/schools/{OTHER}/pupils/register-import"), "text/csv", csv.as_bytes().to_vec(), Some(&other.principal)).await;
    let body: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!((status, counts(&body)[0], body["errors"][0]["field"].as_str()), (200, 0, Some("ine")), "{body}");
    assert!(body["errors"][0]["message"].as_str().expect("message").contains("autre établissement"), "{body}");

    // Until the pupils' federation, a register pupil gets in by an invitation: the school's
    // invitation under their name, in their class, gives their account this address (no second
    // account), and the pupil chooses a password from the mail.
    let noe_class = row("Noé")["class_id"].as_str().expect("class").to_owned();
    let users = app.count("users").await;
    let (status, body) = app
        .post(
            &format!("/api/v1/schools/{SCHOOL}/pupils"),
            json!({"first_name": "Noe", "last_name": "Dupont", "email": "noe.dupont@exemple.fr", "class_id": noe_class}),
            Some(&s.principal),
        )
        .await;
    assert_eq!((status, body["outcome"].as_str()), (202, Some("invited")), "{body}");
    assert_eq!(app.count("users").await, users, "the register's account, not a new one");
    let token = app.last_mail_to("noe.dupont@exemple.fr").await.token().expect("set-password link");
    assert_eq!(app.post("/api/v1/auth/password/reset", json!({"token": token, "password": PASSWORD}), None).await.0, 204);
    let noe = app.login("noe.dupont@exemple.fr", PASSWORD).await;
    let (_, me) = app.get("/api/v1/pupils/me", Some(&noe)).await;
    assert_eq!(me["class"]["name"].as_str(), Some("3E C"), "{me}");
}
