//! Partner API: operators and credentials, the partner token and its audience, idempotent
//! offer sync by remote id (two operators sharing one), partial PATCH, DELETE then PUT,
//! validation that never 500s, pagination edges, the batch, clicks and the rate limit.

use crate::common;

use common::world::*;
use common::TestApp;
use serde_json::{json, Value};

fn offer(title: &str) -> Value {
    json!({
        "title": title,
        "description": "Une semaine pour découvrir la logistique et les métiers de l'entrepôt.",
        "employer_name": "Entrepôts du Forez",
        "employer_description": "Plateforme logistique régionale.",
        "employer_website": "https://entrepots.example",
        "street": "10 rue de la Montat",
        "zipcode": "42100",
        "city": "Saint-Étienne",
        "sector_id": "s10",
        "permalink": "https://asso.example/offres/1",
        "places": 4,
        "grades": ["troisieme"],
        "weeks": [format!("{}-W03", year().start + 1)],
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn offers_sync_by_remote_id_for_each_operator() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let a = partner(&app, &admin, "alpha").await;
    let b = partner(&app, &admin, "beta").await;

    // Tokens keep to their side: a partner token is not a person's, and the reverse.
    assert_eq!(app.get("/api/v1/me", Some(&a.token)).await.0, 401);
    assert_eq!(app.get("/api/v1/partner/offers", Some(&a.member)).await.0, 401);
    let (status, body) = app.post("/api/v1/partner/token", json!({"client_id": "pas_inconnu", "client_secret": "x"}), None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("INVALID_CLIENT")));
    assert_eq!(
        app.post(&format!("/api/v1/operators/{}/credentials", a.operator), json!({"label": "x"}), Some(&b.member)).await.0,
        404,
        "another association's member"
    );

    // PUT creates, the same body again changes nothing, another body replaces.
    let (status, created) = app.send("PUT", "/api/v1/partner/offers/R-1", Some(offer("Logistique")), Some(&a.token)).await;
    assert_eq!((status, created["status"].as_str()), (201, Some("published")), "{created}");
    let offer_id = created["offer_id"].as_str().expect("offer").to_owned();
    let (status, again) = app.send("PUT", "/api/v1/partner/offers/R-1", Some(offer("Logistique")), Some(&a.token)).await;
    assert_eq!((status, again["updated_at"].clone(), again["offer_id"].clone()), (200, created["updated_at"].clone(), created["offer_id"].clone()));
    let (status, replaced) = app.send("PUT", "/api/v1/partner/offers/R-1", Some(offer("Logistique et transport")), Some(&a.token)).await;
    assert_eq!((status, replaced["title"].as_str()), (200, Some("Logistique et transport")));

    // The same remote id at another operator is another offer; neither sees the other's.
    let (status, theirs) = app.send("PUT", "/api/v1/partner/offers/R-1", Some(offer("Chez Beta")), Some(&b.token)).await;
    assert_eq!(status, 201);
    assert_ne!(theirs["offer_id"], created["offer_id"]);
    let (status, _) = app.send("PUT", "/api/v1/partner/offers/R-A-ONLY", Some(offer("Seulement Alpha")), Some(&a.token)).await;
    assert_eq!(status, 201);
    for (method, body) in [("GET", None), ("PATCH", Some(json!({"title": "Piratée"}))), ("DELETE", None)] {
        assert_eq!(app.send(method, "/api/v1/partner/offers/R-A-ONLY", body, Some(&b.token)).await.0, 404, "{method} on another operator's offer");
    }

    // Pupils see it, with the partner's link; following it is counted.
    let (status, public) = app.get(&format!("/api/v1/offers/{offer_id}"), None).await;
    assert_eq!((status, public["organisation_name"].as_str()), (200, Some("Entrepôts du Forez (avec Association alpha)")), "{public}");
    let link = public["partner_link"].as_str().expect("link").to_owned();
    let no_redirect = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let resp = no_redirect.get(app.url(&link)).send().await.expect("follow");
    assert_eq!((resp.status().as_u16(), resp.headers()["location"].to_str().expect("location")), (302, "https://asso.example/offres/1"));
    assert_eq!(app.get("/api/v1/partner/offers/R-1", Some(&a.token)).await.1["clicks"], 1);
    // The same visitor again the same day is not counted again (50 more requests, still one
    // click); the redirect is limited per address (30 a minute).
    let mut statuses = Vec::new();
    for _ in 0..50 {
        statuses.push(no_redirect.get(app.url(&link)).send().await.expect("follow").status().as_u16());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 302).count(), 29, "{statuses:?}");
    assert!(statuses.iter().skip(29).all(|s| *s == 429), "{statuses:?}");
    assert_eq!(app.get("/api/v1/partner/offers/R-1", Some(&a.token)).await.1["clicks"], 1);

    // PATCH is partial: absent fields stay; unpublish then republish.
    let (status, patched) = app.send("PATCH", "/api/v1/partner/offers/R-1", Some(json!({"places": 9})), Some(&a.token)).await;
    assert_eq!(
        (status, patched["places"].as_i64(), patched["grades"].clone(), patched["title"].as_str()),
        (200, Some(9), json!(["troisieme"]), Some("Logistique et transport"))
    );
    let (_, hidden) = app.send("PATCH", "/api/v1/partner/offers/R-1", Some(json!({"published": false})), Some(&a.token)).await;
    assert_eq!(hidden["status"], "unpublished");
    assert_eq!(app.get(&format!("/api/v1/offers/{offer_id}"), None).await.0, 404, "out of search");
    let (_, shown) = app.send("PATCH", "/api/v1/partner/offers/R-1", Some(json!({"published": true})), Some(&a.token)).await;
    assert_eq!((shown["status"].as_str(), shown["places"].as_i64()), (Some("published"), Some(9)));
    let (status, body) = app.send("PATCH", "/api/v1/partner/offers/R-1", Some(json!({"titel": "faute de frappe"})), Some(&a.token)).await;
    assert!(status == 400 || status == 422, "unknown field: {status} {body}");

    // DELETE: gone from search, then 404 for PATCH and DELETE; a PUT creates it again.
    assert_eq!(app.send("DELETE", "/api/v1/partner/offers/R-1", None, Some(&a.token)).await.0, 204);
    assert_eq!(app.get(&format!("/api/v1/offers/{offer_id}"), None).await.0, 404);
    assert_eq!(app.send("PATCH", "/api/v1/partner/offers/R-1", Some(json!({"places": 2})), Some(&a.token)).await.0, 404);
    assert_eq!(app.send("DELETE", "/api/v1/partner/offers/R-1", None, Some(&a.token)).await.0, 404);
    let (status, reborn) = app.send("PUT", "/api/v1/partner/offers/R-1", Some(offer("Logistique")), Some(&a.token)).await;
    assert_eq!(status, 201);
    assert_ne!(reborn["offer_id"].as_str(), Some(offer_id.as_str()));

    // Pages: totals are real even beyond the end; deleted offers are not listed.
    let (status, p1) = app.get("/api/v1/partner/offers?per_page=1&page=1", Some(&a.token)).await;
    assert_eq!((status, p1["total"].as_i64(), p1["total_pages"].as_i64(), p1["items"].as_array().map(Vec::len)), (200, Some(2), Some(2), Some(1)), "{p1}");
    let (_, far) = app.get("/api/v1/partner/offers?per_page=1&page=9", Some(&a.token)).await;
    assert_eq!((far["total"].as_i64(), far["items"].as_array().map(Vec::len)), (Some(2), Some(0)));

    // Members see their offers and clicks in their space; another association's members do not.
    let (status, mine) = app.get(&format!("/api/v1/operators/{}/offers", a.operator), Some(&a.member)).await;
    assert_eq!((status, mine["total"].as_i64()), (200, Some(2)), "{mine}");
    let (_, one) = app.get(&format!("/api/v1/operators/{}/offers?per_page=1&page=2", a.operator), Some(&a.member)).await;
    assert_eq!(
        (one["per_page"].as_i64(), one["total_pages"].as_i64(), one["items"].as_array().map(Vec::len)),
        (Some(1), Some(2), Some(1)),
        "the page size asked for: {one}"
    );
    assert_eq!(app.get(&format!("/api/v1/operators/{}/offers", a.operator), Some(&b.member)).await.0, 404, "which associations exist is not theirs to learn");

    // Referents count partner offers by association.
    app.refresh_stats().await;
    let national = app.user_with_role("referent", None, Some(("national", ""))).await;
    let (_, stats) = app.get("/api/v1/stats", Some(&national)).await;
    let by_operator: Vec<(String, i64)> = stats["by_operator"]
        .as_array()
        .expect("by operator")
        .iter()
        .map(|r| (r["label"].as_str().expect("label").to_owned(), r["offers"].as_i64().expect("n")))
        .collect();
    assert_eq!(by_operator.len(), 2, "{by_operator:?}");
    assert!(by_operator.contains(&("Association alpha".to_owned(), 2)) && by_operator.contains(&("Association beta".to_owned(), 1)), "{by_operator:?}");

    // A pupil cannot apply here: it is done on the partner's site.
    let (pupil, _) = pupil_of(&app, PUITS, "partenaire").await;
    let (status, body) = app
        .post(
            &format!("/api/v1/offers/{}/applications", reborn["offer_id"].as_str().expect("id")),
            json!({"weeks": [week(3)], "motivation": "J'aimerais découvrir la logistique et ses métiers."}),
            Some(&pupil),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("APPLY_ON_PARTNER_SITE")), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn strict_validation_never_500s_and_batches_answer_item_by_item() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let a = partner(&app, &admin, "gamma").await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("weeks", json!(["2027-3"]), "weeks[0]"),
        ("weeks", json!(["2031-W03"]), "weeks[0]"),
        ("sector_id", json!("s99"), "sector_id"),
        ("latitude", json!(91.0), "latitude"),
        ("grades", json!(["troisieme", "seconde"]), "grades"),
        ("grades", json!(["cm2"]), "grades[0]"),
        ("zipcode", json!("00000"), "zipcode"),
        ("zipcode", json!("99999"), "zipcode"),
        ("permalink", json!("javascript:alert(1)"), "permalink"),
        ("title", json!("x".repeat(151)), "title"),
        ("employer_description", json!("x".repeat(276)), "employer_description"),
        ("places", json!(6001), "places"),
        ("places", json!(0), "places"),
    ];
    for (field, value, at) in cases {
        let mut body = offer("Validation");
        body[field] = value.clone();
        let (status, err) = app.send("PUT", "/api/v1/partner/offers/V-1", Some(body), Some(&a.token)).await;
        assert_eq!(status, 422, "{field} = {value}: {err}");
        assert!(err["fields"][at].is_array(), "{field} = {value} should be reported at {at}: {err}");
    }
    for (field, value) in [("places", json!("beaucoup")), ("grades", json!("troisieme")), ("latitude", json!("nord"))] {
        let mut body = offer("Types");
        body[field] = value;
        let (status, err) = app.send("PUT", "/api/v1/partner/offers/V-2", Some(body), Some(&a.token)).await;
        assert!((400..500).contains(&status), "wrong type for {field}: {status} {err}");
    }
    let (status, err) = app.send("PUT", &format!("/api/v1/partner/offers/{}", "r".repeat(61)), Some(offer("Long")), Some(&a.token)).await;
    assert_eq!((status, err["fields"]["remote_id"].is_array()), (422, true));
    assert_eq!(app.count("partner_offers").await, 0, "nothing written");

    // A seconde offer covers the national weeks; coordinates come from the postal code.
    let mut seconde = offer("Seconde");
    seconde["grades"] = json!(["seconde"]);
    seconde["weeks"] = json!([]);
    let (status, s) = app.send("PUT", "/api/v1/partner/offers/S-1", Some(seconde.clone()), Some(&a.token)).await;
    assert_eq!((status, s["weeks"].as_array().map(Vec::len)), (201, Some(2)), "{s}");
    // The weeks sent are the weeks kept: one national week stays one week (as for a host), and
    // a collège week is refused by name instead of being moved to the national weeks.
    let national = s["weeks"].as_array().expect("weeks").clone();
    seconde["weeks"] = json!([national[1]]);
    let (status, s) = app.send("PUT", "/api/v1/partner/offers/S-2", Some(seconde.clone()), Some(&a.token)).await;
    assert_eq!((status, s["weeks"].clone()), (201, json!([national[1]])), "{s}");
    seconde["weeks"] = json!([format!("{}-W03", year().start + 1)]);
    let (status, err) = app.send("PUT", "/api/v1/partner/offers/S-3", Some(seconde), Some(&a.token)).await;
    assert_eq!(status, 422, "{err}");
    assert!(err["fields"]["weeks[0]"][0].as_str().is_some_and(|m| m.contains("seconde")), "{err}");

    // Batch: each item on its own.
    let mut bad = offer("Mauvaise");
    bad["sector_id"] = json!("s0");
    let (status, results) = app
        .post("/api/v1/partner/offers/batch", json!({"items": [{"remote_id": "B-1", "offer": offer("Bonne")}, {"remote_id": "B-2", "offer": bad}, {"remote_id": "B-3", "offer": "pas un objet"}, {"remote_id": "B-1", "offer": offer("Bonne")}]}), Some(&a.token))
        .await;
    assert_eq!(status, 200, "{results}");
    let statuses: Vec<i64> = results.as_array().expect("list").iter().map(|r| r["status"].as_i64().expect("status")).collect();
    assert_eq!(statuses, vec![201, 422, 422, 200]);
    assert!(results[1]["error"]["fields"]["sector_id"].is_array(), "{results}");
    let too_many: Vec<Value> = (0..101).map(|i| json!({"remote_id": format!("M-{i}"), "offer": offer("x")})).collect();
    assert_eq!(app.post("/api/v1/partner/offers/batch", json!({"items": too_many}), Some(&a.token)).await.0, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limits_and_credentials_rotation_and_revocation() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let a = partner(&app, &admin, "delta").await;
    let (status, op) = app.send("PATCH", &format!("/api/v1/admin/operators/{}", a.operator), Some(json!({"rate_limit_per_minute": 3})), Some(&admin)).await;
    assert_eq!((status, op["rate_limit_per_minute"].as_i64()), (200, Some(3)));
    assert_eq!(app.send("PATCH", &format!("/api/v1/admin/operators/{}", a.operator), Some(json!({"full_search": false})), Some(&a.member)).await.0, 403);

    // Within a minute: 3 answers with the headers, then 429 with Retry-After. (A request at a
    // minute's boundary could reset the window: the test retries once then.)
    let mut last = None;
    for attempt in 0..2 {
        let mut seen = Vec::new();
        for _ in 0..4 {
            let resp = app.client.get(app.url("/api/v1/partner/offers")).bearer_auth(&a.token).send().await.expect("request");
            let h = |n: &str| resp.headers().get(n).and_then(|v| v.to_str().ok()).map(str::to_owned);
            seen.push((resp.status().as_u16(), h("x-ratelimit-limit"), h("x-ratelimit-remaining"), h("retry-after")));
        }
        if seen[3].0 == 429 || attempt == 1 {
            last = Some(seen);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    let seen = last.expect("a round");
    assert_eq!(seen[0].0, 200);
    assert_eq!(seen[0].1.as_deref(), Some("3"));
    assert_eq!(seen[3].0, 429, "{seen:?}");
    assert_eq!(seen[3].2.as_deref(), Some("0"));
    assert!(seen[3].3.as_deref().and_then(|s| s.parse::<u64>().ok()).is_some_and(|s| (1..=60).contains(&s)), "{seen:?}");
    app.send("PATCH", &format!("/api/v1/admin/operators/{}", a.operator), Some(json!({"rate_limit_per_minute": 1000})), Some(&admin)).await;

    // Rotation: the old secret stops, the new one works; revocation ends tokens at once.
    let (_, creds) = app.get(&format!("/api/v1/operators/{}/credentials", a.operator), Some(&a.member)).await;
    let cred = creds[0].clone();
    assert!(cred.get("client_secret").is_none() && cred["last_used_at"].is_string(), "{cred}");
    let id = cred["id"].as_str().expect("id");
    let (status, rotated) = app.post(&format!("/api/v1/operators/{}/credentials/{id}/rotate", a.operator), json!({}), Some(&a.member)).await;
    assert_eq!(status, 200, "{rotated}");
    let fresh = partner_token(&app, &rotated["credential"]["client_id"], &rotated["client_secret"]).await;
    assert_eq!(app.get("/api/v1/partner/offers", Some(&fresh)).await.0, 200);
    assert_eq!(app.get("/api/v1/partner/offers", Some(&a.token)).await.0, 401, "a token of the old secret ends with the rotation");
    assert_eq!(app.send("DELETE", &format!("/api/v1/operators/{}/credentials/{id}", a.operator), None, Some(&a.member)).await.0, 204);
    assert_eq!(app.get("/api/v1/partner/offers", Some(&fresh)).await.0, 401, "revoked: its tokens stop at once");
    let (status, _) =
        app.post("/api/v1/partner/token", json!({"client_id": rotated["credential"]["client_id"], "client_secret": rotated["client_secret"]}), None).await;
    assert_eq!(status, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn partner_search_and_reference_data() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let a = partner(&app, &admin, "epsilon").await;
    let b = partner(&app, &admin, "zeta").await;
    let (host_token, org) = host(&app, "hote-recherche").await;
    let hosted = published(&app, &host_token, &org, offer_body("Électricité chez un hôte", PUITS_LAT, PUITS_LON)).await;
    let (_, own) = app.send("PUT", "/api/v1/partner/offers/E-1", Some(offer("Logistique Epsilon")), Some(&a.token)).await;
    let (_, theirs) = app.send("PUT", "/api/v1/partner/offers/Z-1", Some(offer("Logistique Zeta")), Some(&b.token)).await;
    let search = format!("/api/v1/partner/search?lat={PUITS_LAT}&lon={PUITS_LON}&radius_km=30");
    let ids = |v: &Value| -> Vec<String> { v["items"].as_array().expect("items").iter().map(|i| i["id"].as_str().expect("id").to_owned()).collect() };

    let (status, found) = app.get(&search, Some(&a.token)).await;
    assert_eq!(status, 200, "{found}");
    let found = ids(&found);
    assert!(found.contains(&hosted) && found.contains(&own["offer_id"].as_str().expect("id").to_owned()), "{found:?}");
    assert!(!found.contains(&theirs["offer_id"].as_str().expect("id").to_owned()), "zeta does not share its offers");
    let (_, hits) = app.get(&search, Some(&a.token)).await;
    let own_hit = hits["items"].as_array().expect("items").iter().find(|i| i["id"] == own["offer_id"]).expect("own offer").clone();
    assert_eq!(own_hit["organisation_name"], "Entrepôts du Forez (avec Association epsilon)", "search names the employer, as the offer page does");
    app.send("PATCH", &format!("/api/v1/admin/operators/{}", b.operator), Some(json!({"open_data": true})), Some(&admin)).await;
    let (_, found) = app.get(&search, Some(&a.token)).await;
    assert!(ids(&found).contains(&theirs["offer_id"].as_str().expect("id").to_owned()), "open data now");
    let (_, nearest) = app.get(&format!("{search}&q=electricite"), Some(&a.token)).await;
    assert_eq!(ids(&nearest), vec![hosted.clone()], "the pupils' keyword filter");

    // As a pupil of a school would search (the association accompanies its pupils): around the
    // school, in its weeks, the offers reserved to its pupils first; without it, they stay hidden.
    let mut only_puits = offer_body("Réservée au collège du Puits", PUITS_LAT, PUITS_LON + 0.02);
    only_puits["reserved_schools"] = json!([PUITS]);
    let reserved = published(&app, &host_token, &org, only_puits).await;
    school(&app, PUITS, "accompagne", &[3]).await;
    let (status, for_school) = app.get(&format!("/api/v1/partner/search?for_school={PUITS}"), Some(&a.token)).await;
    assert_eq!(status, 200, "{for_school}");
    let priority: Vec<&str> = for_school["priority"].as_array().expect("priority").iter().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(priority, [reserved.as_str()], "{for_school}");
    assert!(ids(&for_school).contains(&reserved) && ids(&for_school).contains(&hosted), "{for_school}");
    assert_eq!(for_school["weeks"], json!([week(3)]), "the school's weeks");
    let (_, open) = app.get(&search, Some(&a.token)).await;
    assert!(!ids(&open).contains(&reserved), "without for_school, reserved offers stay hidden");
    let (status, body) = app.get("/api/v1/partner/search?for_school=0421041D", Some(&a.token)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")), "a school not registered: {body}");

    app.send("PATCH", &format!("/api/v1/admin/operators/{}", a.operator), Some(json!({"full_search": false})), Some(&admin)).await;
    let (status, body) = app.get(&search, Some(&a.token)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("SEARCH_NOT_ALLOWED")));

    // Reference data at the paths partners know.
    // `/api/v1/sectors` answers the v1 contract's shape (public without a token).
    let (status, sectors) = app.get("/api/v1/sectors", None).await;
    assert_eq!(status, 200);
    assert!(sectors["sectors"].as_array().expect("sectors").iter().any(|s| s["uuid"] == "s10" && s["id"] == 10));
    let (status, lycees) = app.get("/api/v1/schools?q=saint-etienne&grade=seconde", None).await;
    assert_eq!(status, 200, "{lycees}");
    let lycees = lycees.as_array().expect("schools").clone();
    assert!(!lycees.is_empty() && lycees.iter().all(|s| s["kind"].as_str().expect("kind").contains("lycee")), "{lycees:?}");
    assert_eq!(app.get("/api/v1/schools?q=saint-etienne&grade=cm2", None).await.0, 422);
    // Both are deprecated aliases for Passerelle's own clients: the same schools under
    // `/reference/schools`, each answer saying so (RFC 9745) and naming its successor.
    let (_, same) = app.get("/api/v1/reference/schools?q=saint-etienne&grade=seconde", None).await;
    assert_eq!(same.as_array().expect("schools"), &lycees);
    for (path, successor) in [("/api/v1/schools?q=saint-etienne", "</api/v1/reference/schools>"), ("/api/v1/sectors", "</api/v1/reference/sectors>")] {
        let resp = app.client.get(app.url(path)).send().await.expect("answer");
        let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(header("deprecation"), "@1796601600", "{path}");
        assert_eq!(header("link"), format!("{successor}; rel=\"successor-version\""), "{path}");
    }
    let resp = app.client.get(app.url("/api/v1/reference/schools?q=saint-etienne")).send().await.expect("answer");
    assert!(resp.headers().get("deprecation").is_none(), "the successor is not deprecated");
}

/// A local HTTP receiver for webhooks (a fake at the edge of the test): answers the statuses
/// given in order (then 200) and keeps every request's headers and body.
/// Requests received: (headers in lower case, body).
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(std::collections::HashMap<String, String>, String)>>>;

struct Receiver {
    url: String,
    seen: Seen,
}

async fn receiver(statuses: Vec<u16>) -> Receiver {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let seen: Seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (store, answers) = (seen.clone(), std::sync::Arc::new(std::sync::Mutex::new(statuses)));
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            let (store, answers) = (store.clone(), answers.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text[..end]
                            .lines()
                            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len {
                            let headers = text[..end]
                                .lines()
                                .skip(1)
                                .filter_map(|l| l.split_once(':'))
                                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                                .collect();
                            let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).to_string();
                            store.lock().expect("lock").push((headers, body));
                            break;
                        }
                    }
                }
                let status = {
                    let mut a = answers.lock().expect("lock");
                    if a.is_empty() {
                        200
                    } else {
                        a.remove(0)
                    }
                };
                let _ = sock.write_all(format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").as_bytes()).await;
            });
        }
    });
    Receiver { url, seen }
}

#[tokio::test(flavor = "multi_thread")]
async fn webhooks_never_reach_internal_addresses() {
    let app = TestApp::with_config(|c| c.webhook_allow_private = false).await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let a = partner(&app, &admin, "iota").await;
    let path = format!("/api/v1/operators/{}/webhooks", a.operator);
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/x",
        "http://192.168.1.10/x",
        "http://172.20.0.1/x",
        "http://100.100.100.200/x",
        "http://0.0.0.0/x",
        "http://[::1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "http://[fd00::1]/x",
    ] {
        let (status, body) = app.post(&path, json!({"url": url, "events": ["offer.hidden"]}), Some(&a.member)).await;
        assert_eq!((status, body["fields"]["url"].is_array()), (422, true), "{url}: {body}");
    }
    // At delivery too: a hook whose address is internal by now (written directly: stands in for
    // a name that resolved publicly at registration) is never posted to.
    let hook = receiver(vec![]).await;
    let id = uuid::Uuid::new_v4().to_string();
    app.exec(&format!(
        "INSERT INTO webhooks (id, operator_id, url, events, secret, active, created_by, created_at) \
         SELECT '{id}', id, '{}', '[\"offer.hidden\"]', 'secret', TRUE, created_by, created_at FROM operators WHERE id = '{}'",
        hook.url, a.operator
    ))
    .await;
    assert_eq!(app.post(&format!("{path}/{id}/test"), json!({}), Some(&a.member)).await.0, 202);
    app.deliver().await;
    assert!(hook.seen.lock().expect("lock").is_empty(), "nothing reached the internal address");
    let (_, log) = app.get(&format!("{path}/{id}/deliveries"), Some(&a.member)).await;
    assert!(log["items"][0]["error"].as_str().is_some_and(|e| e.contains("interne")), "{log}");
}

#[tokio::test(flavor = "multi_thread")]
async fn webhooks_are_signed_retried_and_logged() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let a = partner(&app, &admin, "eta").await;
    let hook = receiver(vec![500]).await;
    let path = format!("/api/v1/operators/{}/webhooks", a.operator);
    let (status, body) = app.post(&path, json!({"url": hook.url, "events": ["offer.hidden", "offer.unknown"]}), Some(&a.member)).await;
    assert_eq!((status, body["fields"]["events[1]"].is_array()), (422, true), "{body}");
    let (status, created) =
        app.post(&path, json!({"url": hook.url, "events": ["offer.hidden", "offer.restored", "offer.expired", "clicks.daily"]}), Some(&a.member)).await;
    assert_eq!(status, 201, "{created}");
    let (secret, webhook) = (created["secret"].as_str().expect("secret").to_owned(), created["webhook"]["id"].as_str().expect("id").to_owned());

    // Moderation hides the partner's offer: a delivery is queued, not sent in the request.
    let (_, put) = app.send("PUT", "/api/v1/partner/offers/H-1", Some(offer("À modérer")), Some(&a.token)).await;
    let offer_id = put["offer_id"].as_str().expect("offer").to_owned();
    let reporter = app.user_with_role("employer", None, None).await;
    let (status, report) =
        app.post(&format!("/api/v1/offers/{offer_id}/reports"), json!({"reason": "Cette offre ne respecte pas la charte."}), Some(&reporter)).await;
    assert_eq!(status, 201, "{report}");
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/offer-reports/{}/decision", report["id"].as_str().expect("id")),
            json!({"decision": "hide", "note": "Contenu hors charte."}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200);
    assert!(hook.seen.lock().expect("lock").is_empty(), "nothing sent inside the request");

    // First try: the receiver answers 500; the delivery waits for its retry.
    app.deliver().await;
    let deliveries = format!("{path}/{webhook}/deliveries");
    let (_, log) = app.get(&deliveries, Some(&a.member)).await;
    assert_eq!(
        (
            log["items"][0]["event"].as_str(),
            log["items"][0]["status"].as_str(),
            log["items"][0]["response_status"].as_i64(),
            log["items"][0]["attempts"].as_i64()
        ),
        (Some("offer.hidden"), Some("pending"), Some(500), Some(1)),
        "{log}"
    );
    // Fake clock at the edge of the test: the retry is due now.
    app.exec("UPDATE jobs SET run_at = created_at WHERE status = 'pending'").await;
    app.deliver().await;
    let (_, log) = app.get(&deliveries, Some(&a.member)).await;
    let log = &log["items"];
    assert_eq!((log[0]["status"].as_str(), log[0]["response_status"].as_i64(), log[0]["attempts"].as_i64()), (Some("delivered"), Some(200), Some(2)), "{log}");

    // The signature: HMAC-SHA256 of "timestamp.body" with the secret shown once.
    let (headers, body) = hook.seen.lock().expect("lock").last().cloned().expect("a request");
    let sig = headers.get("x-passerelle-signature").expect("signature header").clone();
    let t: i64 = sig.split(',').next().and_then(|p| p.strip_prefix("t=")).and_then(|v| v.parse().ok()).expect("timestamp");
    assert_eq!(sig, passerelle::partners::webhooks::signature(&secret, t, &body));
    assert_ne!(sig, passerelle::partners::webhooks::signature("un autre secret", t, &body));
    // The database keeps the secret sealed, never as shown.
    let pool = app.state.pool.clone();
    let stored: Vec<String> = tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        passerelle::db::schema::webhooks::table.select(passerelle::db::schema::webhooks::secret).load(&mut *pool.get().expect("conn")).expect("query")
    })
    .await
    .expect("join");
    assert!(!stored.is_empty() && stored.iter().all(|s| s.starts_with("sealed:v1:") && !s.contains(&secret)), "{stored:?}");
    let payload: Value = serde_json::from_str(&body).expect("json");
    assert_eq!((payload["event"].as_str(), payload["data"]["remote_id"].as_str()), (Some("offer.hidden"), Some("H-1")));
    assert_eq!(headers.get("x-passerelle-event").map(String::as_str), Some("offer.hidden"));

    // Restored by an admin; a test delivery; then, a year later, expired and the click summary.
    assert_eq!(app.post(&format!("/api/v1/admin/offers/{offer_id}/restore"), json!({}), Some(&admin)).await.0, 200);
    assert_eq!(app.post(&format!("{path}/{webhook}/test"), json!({}), Some(&a.member)).await.0, 202);
    let worker = app.state.worker().expect("worker");
    worker.sweep(chrono::Utc::now().naive_utc() + chrono::Duration::days(400)).await.expect("sweep");
    app.deliver().await;
    let events: Vec<String> = hook.seen.lock().expect("lock").iter().map(|(h, _)| h.get("x-passerelle-event").cloned().unwrap_or_default()).collect();
    for e in ["offer.restored", "ping", "offer.expired", "clicks.daily"] {
        assert!(events.iter().any(|x| x == e), "{e} missing from {events:?}");
    }
    worker.sweep(chrono::Utc::now().naive_utc() + chrono::Duration::days(400)).await.expect("sweep");
    app.deliver().await;
    assert_eq!(hook.seen.lock().expect("lock").len(), events.len(), "each once");
    // Another operator's member sees nothing of it.
    let b = partner(&app, &admin, "theta").await;
    assert_eq!(app.get(&format!("/api/v1/operators/{}/webhooks/{webhook}/deliveries", b.operator), Some(&b.member)).await.0, 404);
    assert_eq!(app.get(&deliveries, Some(&b.member)).await.0, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_v2_contract_keeps_partner_code_working() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let a = partner(&app, &admin, "iota").await;
    let b = partner(&app, &admin, "kappa").await;
    let (status, body) = app.post("/api/v2/auth/login", json!({"email": "autre-iota@asso.fr", "password": "pas le bon"}), None).await;
    assert_eq!((status, body["code"].as_str(), body["error"].is_string()), (401, Some("UNAUTHORIZED"), true), "{body}");
    // Another kind of account with its right password learns nothing more than a wrong password.
    let host_token = app.user_with_email("hote-iota@entreprise.fr", "employer", None, None).await;
    let _ = host_token;
    let (status, not_partner) = app.post("/api/v2/auth/login", json!({"email": "hote-iota@entreprise.fr", "password": common::PASSWORD}), None).await;
    assert_eq!((status, not_partner["error"].clone()), (401, body["error"].clone()), "{not_partner}");
    let (status, login) = app.post("/api/v2/auth/login", json!({"email": "autre-iota@asso.fr", "password": common::PASSWORD}), None).await;
    assert_eq!(status, 200, "{login}");
    let token = login["token"].as_str().expect("token").to_owned();
    let (_, login_b) = app.post("/api/v2/auth/login", json!({"email": "autre-kappa@asso.fr", "password": common::PASSWORD}), None).await;
    let token_b = login_b["token"].as_str().expect("token").to_owned();
    assert_eq!(app.get("/api/v2/internship_offers", None).await.1["code"], "UNAUTHORIZED");
    let _ = (&a.token, &b.token);

    let year = year().start + 1;
    let legacy = |remote: &str| {
        json!({"internship_offer": {
            "title": "Découverte de la menuiserie", "description": "Une semaine à l'atelier.", "employer_name": "Menuiserie Forez",
            "employer_description": "Atelier familial.", "employer_website": "https://menuiserie.example", "street": "5 rue Neuve", "zipcode": "42000", "city": "Saint-Étienne",
            "coordinates": {"latitude": 45.44, "longitude": 4.39}, "sector_uuid": "s10", "remote_id": remote, "permalink": "https://asso.example/o/9",
            "max_candidates": 3, "is_public": false, "grades": ["troisieme"], "weeks": [format!("{year}-W03")], "published_at": "2026-11-01T10:00:00Z"
        }})
    };
    let post = |body: Value| {
        let (app, token) = (&app, token.clone());
        async move { app.post("/api/v2/internship_offers", body, Some(&token)).await }
    };
    let (status, body) = post(json!({"title": "sans enveloppe"})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("BAD_PAYLOAD")));
    let mut no_grades = legacy("L-0");
    no_grades["internship_offer"].as_object_mut().expect("object").remove("grades");
    assert_eq!(post(no_grades).await.1["code"], "BAD_PAYLOAD");
    let mut mixed = legacy("L-0");
    mixed["internship_offer"]["grades"] = json!(["troisieme", "seconde"]);
    let (status, body) = post(mixed).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("WRONG_PARAMS")));
    // A seconde offer on a collège week is refused by name, as a host's would be (it used to be
    // moved to the national weeks without a word).
    let mut college_week = legacy("L-0");
    college_week["internship_offer"]["grades"] = json!(["seconde"]);
    // A seconde offer off the national weeks: 422 WRONG_PARAMS, as the guide shows.
    let (status, body) = post(college_week).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("WRONG_PARAMS")), "{body}");
    assert!(body["error"].as_str().is_some_and(|m| m.contains("seconde") && m.contains("semaines nationales")), "{body}");
    let mut bad = legacy("L-0");
    bad["internship_offer"]["sector_uuid"] = json!("s99");
    bad["internship_offer"]["coordinates"] = json!({"latitude": 91.0, "longitude": 4.0});
    let (status, body) = post(bad).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("VALIDATION_ERROR")), "{body}");
    for f in ["sector_uuid", "coordinates"] {
        assert!(body["error"][f].is_array(), "{f} in {body}");
    }
    let mut bad_week = legacy("L-0");
    bad_week["internship_offer"]["weeks"] = json!(["semaine 3"]);
    let (status, body) = post(bad_week).await;
    assert_eq!(
        (status, body["code"].as_str(), body["error"].as_str()),
        (422, Some("BAD_ARGUMENT"), Some("bad week format: semaine 3, expecting ISO 8601 format"))
    );
    let mut bad_type = legacy("L-0");
    bad_type["internship_offer"]["max_candidates"] = json!("abc");
    let (status, body) = post(bad_type).await;
    assert_eq!((status, body["error"]["max_candidates"][0].as_str()), (400, Some("doit être un nombre entier")), "{body}");
    assert_eq!(app.count("partner_offers").await, 0);

    let (status, created) = post(legacy("L-1")).await;
    assert_eq!(
        (status, created["remote_id"].as_str(), created["max_candidates"].as_i64(), created["sector_uuid"].as_str()),
        (201, Some("L-1"), Some(3), Some("s10")),
        "{created}"
    );
    assert!(created["published_at"].is_string());
    let (status, body) = post(legacy("L-1")).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("DUPLICATE_API")));

    // PATCH without grades keeps them; published_at null unpublishes.
    let (status, patched) =
        app.send("PATCH", "/api/v2/internship_offers/L-1", Some(json!({"internship_offer": {"max_candidates": 7, "published_at": null}})), Some(&token)).await;
    assert_eq!(
        (status, patched["max_candidates"].as_i64(), patched["grades"].clone(), patched["published_at"].clone()),
        (200, Some(7), json!(["troisieme"]), Value::Null),
        "{patched}"
    );
    let (status, body) = app.send("PATCH", "/api/v2/internship_offers/L-1", Some(json!({"max_candidates": 7})), Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("BAD_PAYLOAD")));

    // Pages in the v2 shape, real totals beyond the end.
    let (status, list) = app.get("/api/v2/internship_offers", Some(&token)).await;
    assert_eq!(
        (status, list["pagination"]["totalInternshipOffers"].as_i64(), list["pagination"]["isFirstPage"].as_bool(), list["pagination"]["nextPage"].clone()),
        (200, Some(1), Some(true), Value::Null),
        "{list}"
    );
    let (status, body) = app.get("/api/v2/internship_offers?page=pas-un-nombre", Some(&token)).await;
    assert_eq!((status, body["code"].as_str(), body["error"].is_string()), (422, Some("WRONG_PARAMS"), true), "malformed query in the v2 envelope: {body}");
    let (_, far) = app.get("/api/v2/internship_offers?page=4", Some(&token)).await;
    assert_eq!(
        (far["internshipOffers"].as_array().map(Vec::len), far["pagination"]["totalInternshipOffers"].as_i64(), far["pagination"]["isLastPage"].as_bool()),
        (Some(0), Some(1), Some(true))
    );

    // Another association never touches it; deleting twice is 409; a deleted one is 404 to PATCH.
    assert_eq!(app.send("DELETE", "/api/v2/internship_offers/L-1", None, Some(&token_b)).await.1["code"], "NOT_FOUND");
    assert_eq!(app.send("DELETE", "/api/v2/internship_offers/L-1", None, Some(&token)).await.0, 200);
    let (status, body) = app.send("DELETE", "/api/v2/internship_offers/L-1", None, Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("API_ALREADY_DESTROYED")));
    let (status, body) = app.send("PATCH", "/api/v2/internship_offers/L-1", Some(json!({"internship_offer": {"title": "Retour"}})), Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")));

    // Search and sectors.
    post(legacy("L-2")).await;
    let (status, found) = app.get("/api/v2/internship_offers/search?latitude=45.44&longitude=4.39&radius=20000", Some(&token_b)).await;
    assert_eq!(status, 200, "{found}");
    assert!(found["internshipOffers"].as_array().expect("items").is_empty(), "iota does not share its offers as open data");
    app.send("PATCH", &format!("/api/v1/admin/operators/{}", a.operator), Some(json!({"open_data": true})), Some(&admin)).await;
    let (_, found) = app.get("/api/v2/internship_offers/search?latitude=45.44&longitude=4.39&radius=20000", Some(&token_b)).await;
    assert_eq!(found["internshipOffers"].as_array().map(Vec::len), Some(1), "{found}");
    let item = &found["internshipOffers"][0];
    assert_eq!((item["remote_id"].as_str(), item["sector"].as_str()), (Some("L-2"), Some("Bâtiment et travaux publics (BTP)")), "{item}");
    assert!(item["url"].as_str().is_some_and(|u| u.contains("/offres/") && u.contains(&format!("utm_source=operator-{}", b.operator))), "{item}");
    assert!(item["weeks"].as_str().is_some_and(|w| w.starts_with("du ")), "{item}");
    assert_eq!(app.get("/api/v2/sectors", None).await.0, 401, "behind the token, as documented");
    let (status, sectors) = app.get("/api/v2/sectors", Some(&token)).await;
    assert_eq!(status, 200);
    assert!(sectors["sectors"].as_array().expect("list").iter().any(|s| s["uuid"] == "s10" && s["id"] == 10));
}

/// Associations publish on the hosts' calendar: before the hosts' opening a published offer is
/// refused (an unpublished one is kept), at the opening it goes through.
#[tokio::test(flavor = "multi_thread")]
async fn partner_offers_wait_for_the_hosts_opening() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let p = partner(&app, &admin, "calendrier").await;
    let opening = format!("{}-12-10T14:00", year().start);
    let (status, body) =
        app.send("PUT", &format!("/api/v1/admin/campaigns/{}/college", year().label()), Some(json!({"hosts_open_at": opening})), Some(&admin)).await;
    assert_eq!(status, 200, "{body}");
    let at = passerelle::campaigns::rules::paris_to_utc(chrono::NaiveDateTime::parse_from_str(&opening, "%Y-%m-%dT%H:%M").expect("time"));

    app.state.clock.set(Some(at - chrono::Duration::minutes(1)));
    let (status, body) = app.send("PUT", "/api/v1/partner/offers/CAL-1", Some(offer("Avant l'heure")), Some(&p.token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("PUBLISHING_NOT_OPEN")), "{body}");
    let mut draft = offer("Brouillon");
    draft["published"] = json!(false);
    assert_eq!(app.send("PUT", "/api/v1/partner/offers/CAL-2", Some(draft), Some(&p.token)).await.0, 201);
    let (status, batch) = app.post("/api/v1/partner/offers/batch", json!({"items": [{"remote_id": "CAL-3", "offer": offer("En lot")}]}), Some(&p.token)).await;
    assert_eq!((status, batch[0]["status"].as_i64(), batch[0]["error"]["code"].as_str()), (200, Some(409), Some("PUBLISHING_NOT_OPEN")), "{batch}");

    app.state.clock.set(Some(at));
    assert_eq!(app.send("PUT", "/api/v1/partner/offers/CAL-1", Some(offer("À l'heure")), Some(&p.token)).await.0, 201);
    app.state.clock.set(None);
}
