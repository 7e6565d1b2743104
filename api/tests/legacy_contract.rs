//! Golden tests of the v1 and v2 partner contracts: every response the live platform documents
//! (`tests/fixtures/legacy-partner-api/output/v2/…` for v2, `output/…` for v1) is played against
//! the real server (v1 with the association's static token), and the
//! status (from the file's name) and the body's keys and JSON types must match the file (extra
//! keys are allowed, ids may stay strings). A documented case without a test fails the suite.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::world::*;
use common::TestApp;
use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy-partner-api/output")
}

/// Every documented case of a contract, as `resource/action/case` (`internship_offers/create/created`).
fn documented(version_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for resource in std::fs::read_dir(version_dir).expect("fixtures") {
        let resource = resource.expect("entry").path();
        if !resource.is_dir() || resource.file_name().is_some_and(|n| n == "v2") {
            continue;
        }
        for action in std::fs::read_dir(&resource).expect("actions") {
            let action = action.expect("entry").path();
            for case in std::fs::read_dir(&action).expect("cases") {
                let case = case.expect("entry").path();
                let name = |p: &Path| p.file_name().and_then(|n| n.to_str()).expect("name").trim_end_matches(".json").to_owned();
                out.push(format!("{}/{}/{}", name(&resource), name(&action), name(&case)));
            }
        }
    }
    out.sort();
    out
}

fn status_of(case: &str) -> u16 {
    let c = case.rsplit('/').next().expect("case");
    match c {
        "created" => 201,
        "ok" | "success" => 200,
        "bad_request" => 400,
        "unauthorized" => 401,
        "forbidden" => 403,
        "not_found" => 404,
        "conflict" => 409,
        "too_many_requests" => 429,
        c if c.starts_with("unprocessable_entity") => 422,
        other => panic!("unknown case {other}"),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The differences of keys and types between the documented body and ours. `null` on either
/// side matches anything (optional fields); an example list must not come back empty.
fn shape_problems(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Null, _) | (_, Value::Null) => {}
        // The map field → messages names the fields of that request: its values are compared.
        (Value::Object(e), Value::Object(a)) if path == "$.error" => {
            if let (Some(ev), false) = (e.values().next(), a.is_empty()) {
                for (k, av) in a {
                    shape_problems(ev, av, &format!("{path}.{k}"), out);
                }
            } else if a.is_empty() {
                out.push(format!("{path}: an empty map"));
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    None => out.push(format!("{path}.{k}: missing")),
                    Some(av) => shape_problems(ev, av, &format!("{path}.{k}"), out),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => match (e.first(), a.first()) {
            (Some(e0), Some(a0)) => shape_problems(e0, a0, &format!("{path}[0]"), out),
            (Some(_), None) => out.push(format!("{path}: documented with items, ours is empty (the case does not show them)")),
            _ => {}
        },
        (Value::Number(_), Value::String(_)) if path.ends_with(".id") => {}
        (e, a) if kind(e) == kind(a) => {}
        (e, a) => out.push(format!("{path}: {} documented, {} answered", kind(e), kind(a))),
    }
}

fn offer(remote_id: &str, grades: &[&str], weeks: &[String]) -> Value {
    json!({"internship_offer": {
        "title": "Découverte de la menuiserie", "description": "Une semaine à l'atelier, à côté des menuisiers.",
        "employer_name": "Menuiserie Forez", "employer_description": "Atelier familial.", "employer_website": "https://menuiserie.example",
        "street": "5 rue Neuve", "zipcode": "42000", "city": "Saint-Étienne", "coordinates": {"latitude": 45.44, "longitude": 4.39},
        "sector_uuid": "s10", "remote_id": remote_id, "permalink": "https://asso.example/o/9", "max_candidates": 3, "is_public": false,
        "grades": grades, "weeks": weeks, "published_at": "2026-11-01T10:00:00Z"
    }})
}

#[tokio::test(flavor = "multi_thread")]
async fn every_documented_v2_response_is_matched() {
    play("v2").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_documented_v1_response_is_matched() {
    play("v1").await;
}

/// The association's v1 static token, issued in its space.
async fn static_token(app: &TestApp, p: &Partner) -> String {
    let (status, body) = app.post(&format!("/api/v1/operators/{}/legacy-token", p.operator), json!({}), Some(&p.member)).await;
    assert_eq!(status, 201, "{body}");
    body["token"].as_str().expect("token").to_owned()
}

async fn play(version: &str) {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let p = partner(&app, &admin, "contrat").await;
    let busy = partner(&app, &admin, "pressee").await;
    let (token, busy_token) =
        if version == "v1" { (static_token(&app, &p).await, static_token(&app, &busy).await) } else { (p.token.clone(), busy.token.clone()) };
    let t = Some(token.as_str());
    let api = format!("/api/{version}");
    let offers_url = format!("{api}/internship_offers");
    let year = year().start + 1;
    let college = vec![format!("{year}-W03")];
    let post = |body: Value, token: Option<&str>| {
        let (app, token, url) = (&app, token.map(str::to_owned), offers_url.clone());
        async move { app.post(&url, body, token.as_deref()).await }
    };
    let patch = |remote: &str, body: Value, token: Option<&str>| {
        let (app, token, url) = (&app, token.map(str::to_owned), format!("{offers_url}/{remote}"));
        async move { app.send("PATCH", &url, Some(body), token.as_deref()).await }
    };
    let delete = |remote: &str, token: Option<&str>| {
        let (app, token, url) = (&app, token.map(str::to_owned), format!("{offers_url}/{remote}"));
        async move { app.send("DELETE", &url, None, token.as_deref()).await }
    };
    let mut answers: BTreeMap<&str, (u16, Value)> = BTreeMap::new();

    // Creation.
    answers.insert("internship_offers/create/created", post(offer("G-1", &["troisieme"], &college), t).await);
    answers.insert("internship_offers/create/conflict", post(offer("G-1", &["troisieme"], &college), t).await);
    answers.insert("internship_offers/create/unauthorized", post(offer("G-2", &["troisieme"], &college), None).await);
    answers.insert("internship_offers/create/unprocessable_entity_bad_payload", post(json!({"title": "sans enveloppe"}), t).await);
    answers.insert("internship_offers/create/bad_request", post(json!({"internship_offer": {"grades": ["troisieme"], "weeks": college}}), t).await);
    let missing = &answers["internship_offers/create/bad_request"].1["error"];
    for field in ["title", "description", "employer_name", "employer_description", "street", "zipcode", "city", "sector", "remote_id", "permalink"] {
        assert!(missing[field][0].is_string(), "{field} is reported missing: {missing}");
    }
    answers.insert("internship_offers/create/unprocessable_entity_mixed_grades", post(offer("G-4", &["troisieme", "seconde"], &college), t).await);
    answers.insert("internship_offers/create/unprocessable_entity_missing_mandatory_weeks", post(offer("G-5", &["seconde"], &college), t).await);
    // A summer week, outside the school year: the data cannot be used.
    answers.insert("internship_offers/create/unprocessable_entity_bad_data", post(offer("G-6", &["troisieme"], &[format!("{year}-W31")]), t).await);

    // Index and search (a second offer so that lists have items).
    assert_eq!(post(offer("G-7", &["troisieme"], &college), t).await.0, 201);
    answers.insert("internship_offers/index/success", app.get(&offers_url, t).await);
    answers.insert("internship_offers/index/unauthorized", app.get(&offers_url, Some("wrong-token")).await);
    answers.insert("internship_offers/search/success", app.get(&format!("{offers_url}/search?latitude=45.44&longitude=4.39&radius=20000"), t).await);
    answers.insert("internship_offers/search/unauthorized", app.get(&format!("{offers_url}/search?latitude=45.44&longitude=4.39"), Some("wrong-token")).await);

    // Changes.
    answers.insert("internship_offers/update/ok", patch("G-1", json!({"internship_offer": {"title": "Découverte de l'ébénisterie"}}), t).await);
    answers.insert("internship_offers/update/bad_request", patch("G-1", json!({"internship_offer": {"description": "x".repeat(1600)}}), t).await);
    answers.insert("internship_offers/update/not_found", patch("inconnue", json!({"internship_offer": {"title": "Rien"}}), t).await);
    answers.insert("internship_offers/update/unprocessable_entity_bad_data", patch("G-1", json!({"internship_offer": {"weeks": ["2020-Wsem9-23"]}}), t).await);
    answers.insert("internship_offers/update/unprocessable_entity_bad_payload", patch("G-1", json!({"title": "sans enveloppe"}), t).await);
    answers.insert("internship_offers/update/unauthorized", patch("G-1", json!({"internship_offer": {"title": "Sans jeton"}}), None).await);

    // An offer the moderators hid: the partner may no longer change or delete it (403).
    let (_, list) = app.get("/api/v1/partner/offers/G-7", Some(&p.token)).await;
    let hidden_id = list["offer_id"].as_str().or(list["id"].as_str()).expect("offer id").to_owned();
    let (status, report) =
        app.post(&format!("/api/v1/offers/{hidden_id}/reports"), json!({"reason": "Cette offre demande un paiement aux élèves."}), Some(&admin)).await;
    assert_eq!(status, 201, "{report}");
    let decide = format!("/api/v1/admin/offer-reports/{}/decision", report["id"].as_str().expect("id"));
    assert_eq!(app.post(&decide, json!({"decision": "hide", "note": "Les stages d'observation sont gratuits."}), Some(&admin)).await.0, 200);
    answers.insert("internship_offers/update/forbidden", patch("G-7", json!({"internship_offer": {"title": "Encore"}}), t).await);
    answers.insert("internship_offers/destroy/forbidden", delete("G-7", t).await);

    // Deletion.
    answers.insert("internship_offers/destroy/ok", delete("G-1", t).await);
    answers.insert("internship_offers/destroy/conflict", delete("G-1", t).await);
    answers.insert("internship_offers/destroy/not_found", delete("inconnue", t).await);
    answers.insert("internship_offers/destroy/unauthorized", delete("G-1", None).await);

    // Sectors.
    answers.insert("sectors/index/success", app.get(&format!("{api}/sectors"), t).await);
    answers.insert("sectors/index/unauthorized", app.get(&format!("{api}/sectors"), Some("pas-un-jeton")).await);

    // Beyond the rate limit (an association held to 2 requests a minute).
    let (status, _) = app.send("PATCH", &format!("/api/v1/admin/operators/{}", busy.operator), Some(json!({"rate_limit_per_minute": 2})), Some(&admin)).await;
    assert_eq!(status, 200);
    let b = Some(busy_token.as_str());
    for _ in 0..2 {
        app.get(&format!("{api}/sectors"), b).await;
    }
    answers.insert("sectors/index/too_many_requests", app.get(&format!("{api}/sectors"), b).await);
    answers.insert("internship_offers/search/too_many_requests", app.get(&format!("{offers_url}/search?latitude=45.44&longitude=4.39"), b).await);

    // Every documented case has its answer, and each matches.
    let dir = if version == "v2" { fixtures().join("v2") } else { fixtures() };
    let cases = documented(&dir);
    assert_eq!(cases.len(), if version == "v2" { 28 } else { 26 }, "{cases:?}");
    let untested: Vec<&String> = cases.iter().filter(|c| !answers.contains_key(c.as_str())).collect();
    assert!(untested.is_empty(), "documented {version} cases without a test: {untested:?}");
    let mut problems = Vec::new();
    for case in &cases {
        let (status, body) = &answers[case.as_str()];
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{case}.json"))).expect("file")).expect("json");
        if *status != status_of(case) {
            problems.push(format!("{case}: status {status}, documented {} — {body}", status_of(case)));
        }
        let mut shape = Vec::new();
        shape_problems(&expected, body, "$", &mut shape);
        problems.extend(shape.into_iter().map(|p| format!("{case}: {p}")));
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_shape_comparison_can_fail() {
    let documented = json!({"pagination": {"nextPage": "x", "totalPages": 1}, "internshipOffers": [{"id": 3, "weeks": "du …"}]});
    let mut out = Vec::new();
    shape_problems(
        &documented,
        &json!({"pagination": {"nextPage": null, "totalPages": 1}, "internshipOffers": [{"id": "abc", "weeks": "du …"}]}),
        "$",
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
    shape_problems(&documented, &json!({"pagination": {"totalPages": "1"}, "internshipOffers": [{"id": 3, "weeks": ["2025-W1"]}]}), "$", &mut out);
    assert_eq!(
        out,
        [
            "$.internshipOffers[0].weeks: string documented, array answered",
            "$.pagination.nextPage: missing",
            "$.pagination.totalPages: number documented, string answered"
        ]
    );
    let mut empty = Vec::new();
    shape_problems(&documented, &json!({"pagination": {"nextPage": "y", "totalPages": 2}, "internshipOffers": []}), "$", &mut empty);
    assert_eq!(empty.len(), 1, "an empty list shows nothing of the items");
}

/// The schools lookups partners call before sending offers: public, parameters in the body or
/// the query string, the live platform's shapes.
#[tokio::test(flavor = "multi_thread")]
async fn schools_search_and_nearby_answer_as_the_live_platform() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (status, found) = app.post("/api/v2/schools/search", json!({"query": "saint etienne", "grade": "troisieme"}), None).await;
    assert_eq!(status, 200, "{found}");
    let city = &found["match_by_city"]["<b>Saint-Etienne</b>"];
    let puits = city.as_array().expect("schools of the city").iter().find(|s| s["code_uai"] == PUITS).expect("Collège Puits de La Loire").clone();
    assert_eq!((puits["rep_kind"].as_str(), puits["zipcode"].as_str(), puits["class_rooms"].is_array()), (Some("rep"), Some("42021"), true), "{puits}");
    assert!(city.as_array().expect("list").iter().all(|s| s["school_type"] == "college"), "troisième: collèges only");
    assert_eq!(found["no_match"], false);
    let (_, by_name) = app.post("/api/v2/schools/search?query=Puits%20de%20la%20Loire", json!({}), None).await;
    assert!(by_name["match_by_name"].as_array().expect("names").iter().any(|s| s["code_uai"] == PUITS), "{by_name}");
    let (_, nothing) = app.post("/api/v2/schools/search", json!({"query": ""}), None).await;
    assert_eq!(nothing, json!({"match_by_city": {}, "match_by_name": [], "no_match": true}));

    let (status, near) = app.post("/api/v2/schools/nearby", json!({"latitude": PUITS_LAT, "longitude": PUITS_LON.to_string()}), None).await;
    assert_eq!(status, 200, "{near}");
    let near = near.as_array().expect("a bare list");
    assert_eq!(near[0]["code_uai"], PUITS, "nearest first");
    assert!(near.len() > 20 && near.len() <= 500);
    let (status, body) = app.post("/api/v2/schools/nearby", json!({"latitude": "nord"}), None).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("BAD_ARGUMENT")), "{body}");
}
