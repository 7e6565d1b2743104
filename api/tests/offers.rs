//! Host organisations and offers: the rules of a valid offer, its lifecycle, double clicks,
//! moderation, and search nearest first with the pupil's rights (radius, weeks, reserved and
//! REP-only offers, full offers, stable pages).

use crate::common;

use common::world::*;
use common::TestApp;
use passerelle::schools::rules::SchoolYear;
use serde_json::{json, Value};

fn titles(body: &Value) -> Vec<String> {
    body["items"].as_array().expect("items").iter().map(|i| i["title"].as_str().unwrap_or("").to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_employer_creates_an_organisation_and_invites_a_colleague() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let token = app.user_with_email("gerante@entreprise.fr", "employer", None, None).await;
    let base = json!({"name": "Boulangerie Dupont", "siret": "73282932000074", "kind": "company", "is_public": false,
                      "address": "1 place du Marché", "postal_code": "42000", "city": "saint etienne", "naf_code": "43.21A"});
    let mut bad = base.clone();
    bad["siret"] = json!("73282932000075");
    bad["is_public"] = json!(true);
    let (status, body) = app.post("/api/v1/organisations", bad, Some(&token)).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["siret"].is_array() && body["fields"]["ministry_id"].is_array(), "{body}");

    let (status, org) = app.post("/api/v1/organisations", base.clone(), Some(&token)).await;
    assert_eq!(status, 201, "{org}");
    assert_eq!((org["sector_id"].as_str(), org["city"].as_str()), (Some("s10"), Some("Saint-Étienne")), "NAF pre-selects the sector; the city is geocoded");
    assert!(org["latitude"].as_f64().is_some());
    let (status, body) = app.post("/api/v1/organisations", base, Some(&app.user_with_role("employer", None, None).await)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("ORGANISATION_EXISTS")));

    // Public organisations pick a ministry from the seeded list.
    let (_, ministries) = app.get("/api/v1/ministries", None).await;
    let culture = ministries.as_array().expect("list").iter().find(|m| m["name"] == "Culture").expect("seeded from the 2019 targets");
    let public = json!({"name": "Musée", "siret": "35600000000056", "kind": "administration", "is_public": true, "ministry_id": culture["id"],
                        "address": "1 rue X", "postal_code": "42000", "city": "Saint-Étienne"});
    assert_eq!(app.post("/api/v1/organisations", public, Some(&token)).await.0, 201);

    let id = org["id"].as_str().expect("id");
    let url = format!("/api/v1/organisations/{id}/members");
    assert_eq!(app.post(&url, json!({"email": "tuteur@entreprise.fr", "first_name": "Paul", "last_name": "Martin"}), Some(&token)).await.0, 204);
    let (_, members) = app.get(&url, Some(&token)).await;
    assert_eq!(members.as_array().map(Vec::len), Some(2));
    assert_eq!(members.as_array().expect("list").iter().filter(|m| m["pending"] == true).count(), 1, "invited, not a member yet: {members}");
    // An existing host invited: no silent joining, they accept first.
    let colleague = app.user_with_email("collegue@entreprise.fr", "employer", None, None).await;
    assert_eq!(app.post(&url, json!({"email": "collegue@entreprise.fr", "first_name": "Léa", "last_name": "Roux"}), Some(&token)).await.0, 204);
    assert!(app.last_mail_to("collegue@entreprise.fr").await.decoded().contains("accepter"));
    let (status, _) = app.get(&format!("/api/v1/organisations/{id}"), Some(&colleague)).await;
    assert_eq!(status, 403, "not a member before accepting");
    let (_, invitations) = app.get("/api/v1/organisations/invitations", Some(&colleague)).await;
    assert_eq!(invitations[0]["organisation_name"], "Boulangerie Dupont", "{invitations}");
    let invitation = invitations[0]["id"].as_str().expect("id").to_owned();
    // Nobody else answers for them.
    assert_eq!(app.post(&format!("/api/v1/organisations/invitations/{invitation}/accept"), json!({}), Some(&stranger_host(&app).await)).await.0, 404);
    let (status, joined) = app.post(&format!("/api/v1/organisations/invitations/{invitation}/accept"), json!({}), Some(&colleague)).await;
    assert_eq!((status, joined["id"].as_str()), (200, Some(id)), "{joined}");
    assert_eq!(app.get(&format!("/api/v1/organisations/{id}"), Some(&colleague)).await.0, 200);
    assert_eq!(app.post(&format!("/api/v1/organisations/invitations/{invitation}/accept"), json!({}), Some(&colleague)).await.0, 404, "answered once");
    let (_, members) = app.get(&url, Some(&token)).await;
    assert_eq!(members.as_array().map(Vec::len), Some(3));
    // A pupil's address: the same answer as any invitation (nobody learns who has an account);
    // nothing changes and the address's owner is told why.
    app.user_with_email("eleve.invitee@exemple.fr", "student", None, None).await;
    assert_eq!(app.post(&url, json!({"email": "eleve.invitee@exemple.fr", "first_name": "Zoé", "last_name": "Petit"}), Some(&token)).await.0, 204);
    assert_eq!(
        app.last_mail_to("eleve.invitee@exemple.fr").await.subject().as_deref(),
        Some("Une invitation que votre compte Passerelle ne peut pas accepter")
    );
    let (_, members) = app.get(&url, Some(&token)).await;
    assert_eq!(members.as_array().map(Vec::len), Some(3));
    // Strangers see nothing of it.
    let stranger = app.user_with_role("employer", None, None).await;
    let (status, body) = app.get(&url, Some(&stranger)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("NOT_A_MEMBER")));
}

async fn stranger_host(app: &TestApp) -> String {
    app.user_with_role("employer", None, None).await
}

#[tokio::test(flavor = "multi_thread")]
async fn offers_are_checked_field_by_field() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "regles").await;
    let url = format!("/api/v1/organisations/{org}/offers");
    let mut body = offer_body("Découvrir l'électricité", PUITS_LAT, PUITS_LON);
    body["schedule"] = json!([{"day": "monday", "start": "08:00", "end": "17:00", "lunch_break_minutes": 60}]);
    body["grades"] = json!(["troisieme", "seconde"]);
    body["title"] = json!("x".repeat(151));
    let (status, err) = app.post(&url, body, Some(&token)).await;
    assert_eq!(status, 422, "{err}");
    for field in ["title", "grades"] {
        assert!(err["fields"][field].is_array(), "{field}: {err}");
    }
    // A week of the summer holidays is outside the school year.
    let mut body = offer_body("Découvrir l'électricité", PUITS_LAT, PUITS_LON);
    body["weeks"] = json!([format!("{}-W30", year().start + 1)]);
    let (status, err) = app.post(&url, body, Some(&token)).await;
    assert_eq!(status, 422);
    assert!(err["fields"]["weeks[0]"][0].as_str().is_some_and(|m| m.contains("année scolaire")), "{err}");
    // 8 hours a day: refused for collège.
    let mut body = offer_body("Découvrir l'électricité", PUITS_LAT, PUITS_LON);
    body["schedule"] = json!([{"day": "monday", "start": "08:00", "end": "17:00", "lunch_break_minutes": 60}]);
    let (status, err) = app.post(&url, body, Some(&token)).await;
    assert_eq!(status, 422);
    assert!(err["fields"]["schedule[0]"][0].as_str().is_some_and(|m| m.contains("7 h")), "{err}");

    // Another organisation's host cannot touch the offer.
    let id = published(&app, &token, &org, offer_body("Découvrir l'électricité", PUITS_LAT, PUITS_LON)).await;
    let (other, _) = host(&app, "voisin").await;
    let (status, _) = app.send("PUT", &format!("/api/v1/offers/{id}"), Some(offer_body("Pris !", 45.0, 4.0)), Some(&other)).await;
    assert_eq!(status, 403);
    assert_eq!(app.post(&format!("/api/v1/offers/{id}/unpublish"), json!({}), Some(&other)).await.0, 403);
    assert_eq!(app.send("DELETE", &format!("/api/v1/offers/{id}"), None, Some(&other)).await.0, 403);
    // A draft is the organisation's business: to others it does not exist.
    let (_, draft) = app.post(&format!("/api/v1/organisations/{org}/offers"), offer_body("Brouillon", PUITS_LAT, PUITS_LON), Some(&token)).await;
    let draft = draft["id"].as_str().expect("id");
    let (status, body) = app.post(&format!("/api/v1/offers/{draft}/publish"), json!({}), Some(&other)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")), "{body}");
    assert_eq!(app.get(&format!("/api/v1/offers/{draft}/applications"), Some(&other)).await.0, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn lifecycle_double_clicks_and_confirmed_pupils() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "cycle").await;
    let url = format!("/api/v1/organisations/{org}/offers");
    // The same Idempotency-Key twice: one offer.
    let send = |key: &'static str| {
        let client = reqwest::Client::new();
        client.post(app.url(&url)).bearer_auth(&token).header("Idempotency-Key", key).json(&offer_body("Électricité générale", PUITS_LAT, PUITS_LON)).send()
    };
    let (a, b) = tokio::join!(send("clic-1"), send("clic-1"));
    let (a, b) = (TestApp::read(a.expect("a")).await, TestApp::read(b.expect("b")).await);
    assert_eq!((a.0, b.0), (201, 201));
    assert_eq!(a.1["id"], b.1["id"], "the second click gets the first offer");
    assert_eq!(app.count("offers").await, 1);
    let id = a.1["id"].as_str().expect("id").to_owned();

    let publish = |key: Option<&'static str>| {
        let mut r = reqwest::Client::new().post(app.url(&format!("/api/v1/offers/{id}/publish"))).bearer_auth(&token);
        if let Some(k) = key {
            r = r.header("Idempotency-Key", k);
        }
        r.send()
    };
    let (p1, p2) = tokio::join!(publish(Some("pub-1")), publish(Some("pub-1")));
    let (p1, p2) = (TestApp::read(p1.expect("p1")).await, TestApp::read(p2.expect("p2")).await);
    assert_eq!((p1.0, p2.0, p1.1["status"].as_str()), (200, 200, Some("published")));
    let again = TestApp::read(publish(None).await.expect("again")).await;
    assert_eq!((again.0, again.1["code"].as_str()), (409, Some("ALREADY_PUBLISHED")));
    // The same key on another offer, or with another body, is refused: never the first answer.
    let (_, second) = app.post(&url, offer_body("Plomberie", PUITS_LAT, PUITS_LON), Some(&token)).await;
    let second_id = second["id"].as_str().expect("id").to_owned();
    let resp =
        reqwest::Client::new().post(app.url(&format!("/api/v1/offers/{second_id}/publish"))).bearer_auth(&token).header("Idempotency-Key", "pub-1").send();
    let (status, body) = TestApp::read(resp.await.expect("reuse")).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("IDEMPOTENCY_KEY_REUSED")), "{body}");
    let (_, still) = app.get(&format!("/api/v1/offers/{second_id}"), Some(&token)).await;
    assert_eq!(still["status"], "draft");
    let resp = reqwest::Client::new()
        .post(app.url(&url))
        .bearer_auth(&token)
        .header("Idempotency-Key", "clic-1")
        .json(&offer_body("Autre titre", PUITS_LAT, PUITS_LON))
        .send();
    assert_eq!(TestApp::read(resp.await.expect("other body")).await.0, 422);
    assert_eq!(app.send("DELETE", &format!("/api/v1/offers/{second_id}"), None, Some(&token)).await.0, 204);

    // A pupil confirmed on week 3 (the applications issue will do this): editing cannot drop them.
    app.exec(&format!("UPDATE offer_weeks SET confirmed = 2 WHERE offer_id = '{id}' AND iso_week = 3")).await;
    let mut fewer = offer_body("Électricité générale", PUITS_LAT, PUITS_LON);
    fewer["places_per_week"] = json!(1);
    let (status, body) = app.send("PUT", &format!("/api/v1/offers/{id}"), Some(fewer), Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("PLACES_BELOW_CONFIRMED")));
    let mut moved = offer_body("Électricité générale", PUITS_LAT, PUITS_LON);
    moved["weeks"] = json!([week(4)]);
    let (status, body) = app.send("PUT", &format!("/api/v1/offers/{id}"), Some(moved), Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("WEEK_HAS_PUPILS")));
    let mut more = offer_body("Électricité et domotique", PUITS_LAT, PUITS_LON);
    more["places_per_week"] = json!(3);
    let (status, body) = app.send("PUT", &format!("/api/v1/offers/{id}"), Some(more), Some(&token)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["weeks"][0]["confirmed"], 2, "confirmed pupils kept");
    assert_eq!(body["weeks"][0]["places_left"], 1);

    // Duplicate, renew, unpublish, delete.
    let (status, copy) = app.post(&format!("/api/v1/offers/{id}/duplicate"), json!({}), Some(&token)).await;
    assert_eq!((status, copy["status"].as_str()), (201, Some("draft")));
    assert_eq!(copy["weeks"].as_array().map(Vec::len), Some(2));
    let next = SchoolYear { start: year().start + 1 }.label();
    let (status, renewed) = app.post(&format!("/api/v1/offers/{id}/renew"), json!({"school_year": next}), Some(&token)).await;
    assert_eq!(status, 201, "{renewed}");
    assert_eq!(
        (renewed["school_year"].as_str(), renewed["weeks"].as_array().map(Vec::len), renewed["renewed_from"].as_str()),
        (Some(next.as_str()), Some(0), Some(id.as_str()))
    );
    let (status, body) = app.post(&format!("/api/v1/offers/{}/publish", renewed["id"].as_str().expect("id")), json!({}), Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("NO_WEEKS")), "weeks are chosen again before publishing");
    assert_eq!(app.post(&format!("/api/v1/offers/{id}/unpublish"), json!({}), Some(&token)).await.0, 200);
    assert_eq!(app.send("DELETE", &format!("/api/v1/offers/{id}"), None, Some(&token)).await.0, 204);
    let (_, mine) = app.get(&format!("/api/v1/organisations/{org}/offers"), Some(&token)).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(2), "deleted offers leave the list: {mine}");
    let (status, _) = app.get(&format!("/api/v1/offers/{id}"), None).await;
    assert_eq!(status, 404, "nor are they public");
}

#[tokio::test(flavor = "multi_thread")]
async fn pupils_find_offers_near_their_school_in_their_weeks() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "recherche").await;
    // 20 km south of the Saint-Étienne school; ~85 km from Roanne.
    let far_south = PUITS_LAT - 0.18;
    let id = published(&app, &token, &org, offer_body("Électricité du bâtiment", far_south, PUITS_LON)).await;
    let near = published(&app, &token, &org, offer_body("Plomberie et chauffage", PUITS_LAT + 0.01, PUITS_LON)).await;
    let mut other_week = offer_body("Électricité industrielle", PUITS_LAT, PUITS_LON + 0.01);
    other_week["weeks"] = json!([week(10)]);
    published(&app, &token, &org, other_week).await;

    // No consent yet: refused with a clear code.
    let blocked = app.user_with_role("student", None, None).await;
    let (status, body) = app.get("/api/v1/offers", Some(&blocked)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("NOT_ENROLLED")));
    // A week not in its ISO form is named in the answer (the form people and partners use).
    let (status, body) = app.get("/api/v1/offers?weeks=2027-W3", None).await;
    assert_eq!((status, body["fields"]["weeks"][0].as_str().is_some_and(|m| m.contains("2027-W03"))), (422, true), "{body}");

    let (pupil, _) = pupil_of(&app, PUITS, "puits").await;
    let (status, body) = app.get("/api/v1/offers", Some(&pupil)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(titles(&body), ["Plomberie et chauffage", "Électricité du bâtiment"], "nearest first, only week 3: {body}");
    let d = body["items"][1]["distance_km"].as_f64().expect("distance");
    assert!((19.0..21.0).contains(&d), "{d}");
    // Keyword without accents, by prefix.
    let (_, body) = app.get("/api/v1/offers?q=electricite", Some(&pupil)).await;
    assert_eq!(titles(&body), ["Électricité du bâtiment"]);
    let (_, body) = app.get("/api/v1/offers?q=ELECTR%20batim", Some(&pupil)).await;
    assert_eq!(titles(&body), ["Électricité du bâtiment"]);
    // Nothing for a keyword: the offers nearby, and it says so.
    let (_, body) = app.get("/api/v1/offers?q=astronaute", Some(&pupil)).await;
    assert_eq!((body["fallback"].as_bool(), body["items"].as_array().map(Vec::len)), (Some(true), Some(2)));

    // A pupil 85 km away sees nothing, until their school opens to national search.
    let (far_pupil, far_principal) = pupil_of(&app, ROANNE, "roanne").await;
    let (_, body) = app.get("/api/v1/offers?q=electricite", Some(&far_pupil)).await;
    assert_eq!(titles(&body), Vec::<String>::new());
    let (status, _) = app
        .send("PUT", &format!("/api/v1/schools/{ROANNE}/search-scope"), Some(json!({"national_search": true, "search_radius_km": 60})), Some(&far_principal))
        .await;
    assert_eq!(status, 200);
    let (_, body) = app.get("/api/v1/offers?q=electricite", Some(&far_pupil)).await;
    assert_eq!(titles(&body), ["Électricité du bâtiment"]);

    // Full in week 3: gone.
    app.exec(&format!("UPDATE offer_weeks SET confirmed = places WHERE offer_id = '{near}'")).await;
    let (_, body) = app.get("/api/v1/offers", Some(&pupil)).await;
    assert_eq!(titles(&body), ["Électricité du bâtiment"]);

    // The offer page, and the map; tutor contacts stay with the host.
    let (status, page) = app.get(&format!("/api/v1/offers/{id}"), Some(&pupil)).await;
    assert_eq!(status, 200);
    assert!(page["tutor_email"].is_null() && page["lunch"] == "canteen_invitation");
    let (_, map) = app.get("/api/v1/offers/map", Some(&pupil)).await;
    assert_eq!(map.as_array().map(Vec::len), Some(1));

    // Anyone else gives a place.
    let (status, body) = app.get("/api/v1/offers", None).await;
    assert_eq!((status, body["fields"]["lat"].is_array()), (422, true));
    let (status, body) = app.get(&format!("/api/v1/offers?place=42000&weeks={}-W03&radius_km=30", year().start + 1), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(titles(&body), ["Électricité du bâtiment"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn reserved_and_priority_offers_reach_only_their_pupils() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "reserve").await;
    let mut reserved = offer_body("Réservée au collège Puits", PUITS_LAT, PUITS_LON);
    reserved["reserved_schools"] = json!([PUITS]);
    let reserved = published(&app, &token, &org, reserved).await;
    let mut rep = offer_body("Pour les élèves de REP", PUITS_LAT, PUITS_LON + 0.001);
    rep["rep_only"] = json!(true);
    published(&app, &token, &org, rep).await;

    // An offer open to all, nearer to the school than both.
    published(&app, &token, &org, offer_body("Ouverte à tous", PUITS_LAT - 0.0001, PUITS_LON)).await;

    let (puits, _) = pupil_of(&app, PUITS, "puits2").await;
    let (_, body) = app.get("/api/v1/offers", Some(&puits)).await;
    let mut seen = titles(&body);
    seen.sort();
    assert_eq!(seen, ["Ouverte à tous", "Pour les élèves de REP", "Réservée au collège Puits"]);
    // The pupil's first page starts with what is reserved to pupils like them, with its badge.
    let first: Vec<(&str, bool, bool)> = body["priority"]
        .as_array()
        .expect("a priority block")
        .iter()
        .map(|o| (o["title"].as_str().unwrap_or_default(), o["reserved"] == true, o["rep_only"] == true))
        .collect();
    assert_eq!(first, vec![("Réservée au collège Puits", true, false), ("Pour les élèves de REP", false, true)], "{body}");
    // Visitors never see reserved offers, so have no such block.
    let (_, body) = app.get("/api/v1/offers?place=42000", None).await;
    assert_eq!((titles(&body), &body["priority"]), (vec!["Ouverte à tous".to_owned()], &json!([])));

    let nd = school(&app, NOTRE_DAME, "nd", &[3]).await;
    let (notre_dame, _) = pupil(&app, &nd).await;
    let (_, body) = app.get("/api/v1/offers", Some(&notre_dame)).await;
    assert_eq!(titles(&body), ["Ouverte à tous"], "another school's pupil sees neither");
    assert_eq!(body["priority"], json!([]));
    let (status, _) = app.get(&format!("/api/v1/offers/{reserved}"), Some(&notre_dame)).await;
    assert_eq!(status, 404, "nor the reserved offer's page");
    // A classmate living in a priority neighbourhood, as the school records it: the REP offers
    // open to them, first; the rest of the class still does not see them.
    let (qpv, qpv_id) = pupil(&app, &nd).await;
    let url = format!("/api/v1/schools/{NOTRE_DAME}/pupils/{qpv_id}/priority-neighbourhood");
    let (status, _) = app.send("PUT", &url, Some(json!({"lives_in_qpv": true})), Some(&notre_dame)).await;
    assert_eq!(status, 403, "a pupil cannot");
    let (status, detail) = app.send("PUT", &url, Some(json!({"lives_in_qpv": true})), Some(&nd.principal)).await;
    assert_eq!((status, detail["lives_in_qpv"].as_bool()), (200, Some(true)), "{detail}");
    let (_, body) = app.get("/api/v1/offers", Some(&qpv)).await;
    assert_eq!(body["priority"][0]["title"], "Pour les élèves de REP", "{body}");
    let (_, body) = app.get("/api/v1/offers", Some(&notre_dame)).await;
    assert_eq!(titles(&body), ["Ouverte à tous"], "their classmate still does not");
    // A referent's derogation opens REP offers to the private school.
    let referent = app.user_with_role("referent", None, Some(("department", "42"))).await;
    let (status, _) = app
        .send("PUT", &format!("/api/v1/schools/{NOTRE_DAME}/priority-derogation"), Some(json!({"reason": "Élèves du quartier prioritaire"})), Some(&referent))
        .await;
    assert_eq!(status, 200);
    let (_, body) = app.get("/api/v1/offers", Some(&notre_dame)).await;
    let mut seen = titles(&body);
    seen.sort();
    assert_eq!(seen, ["Ouverte à tous", "Pour les élèves de REP"]);
    assert_eq!(body["priority"][0]["title"], "Pour les élèves de REP");
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_are_stable_and_nearest_first() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "pages").await;
    for i in 0..35 {
        published(&app, &token, &org, offer_body(&format!("Offre numéro {i:02}"), PUITS_LAT + 0.004 * i as f64, PUITS_LON)).await;
    }
    let (pupil, _) = pupil_of(&app, PUITS, "pages").await;
    let (_, first) = app.get("/api/v1/offers", Some(&pupil)).await;
    assert_eq!(first["items"].as_array().map(Vec::len), Some(30));
    let cursor = first["next_cursor"].as_str().expect("a next page").to_owned();
    // An offer published meanwhile, nearer than the cursor, does not shift page 2.
    published(&app, &token, &org, offer_body("Arrivée entre deux pages", PUITS_LAT, PUITS_LON)).await;
    let (_, second) = app.get(&format!("/api/v1/offers?cursor={}", urlencode(&cursor)), Some(&pupil)).await;
    assert_eq!(second["items"].as_array().map(Vec::len), Some(5), "{second}");
    assert!(second["next_cursor"].is_null());
    let all: Vec<String> = titles(&first).into_iter().chain(titles(&second)).collect();
    let expected: Vec<String> = (0..35).map(|i| format!("Offre numéro {i:02}")).collect();
    assert_eq!(all, expected, "nearest first, no repeat, nothing lost");
    let (status, _) = app.get("/api/v1/offers?cursor=garbage", Some(&pupil)).await;
    assert_eq!(status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn reported_offers_go_to_the_moderators() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "signale").await;
    let id = published(&app, &token, &org, offer_body("Offre douteuse", PUITS_LAT, PUITS_LON)).await;
    let (pupil, _) = pupil_of(&app, PUITS, "signale").await;
    let url = format!("/api/v1/offers/{id}/reports");
    assert_eq!(app.post(&url, json!({"reason": "court"}), Some(&pupil)).await.0, 422);
    let (status, report) = app.post(&url, json!({"reason": "Cette offre demande un paiement aux élèves."}), Some(&pupil)).await;
    assert_eq!(status, 201, "{report}");
    assert_eq!(app.post(&url, json!({"reason": "Cette offre demande un paiement."}), None).await.0, 401);

    let admin = app.user_with_role("admin", None, None).await;
    let (_, queue) = app.get("/api/v1/admin/offer-reports", Some(&admin)).await;
    assert_eq!((queue["items"].as_array().map(Vec::len), queue["total"].as_i64(), queue["total_pages"].as_i64()), (Some(1), Some(1), Some(1)), "{queue}");
    let decide = format!("/api/v1/admin/offer-reports/{}/decision", report["id"].as_str().expect("id"));
    assert_eq!(app.post(&decide, json!({"decision": "hide"}), Some(&admin)).await.0, 422, "a reason for the host");
    let (status, body) = app.post(&decide, json!({"decision": "hide", "note": "Les stages d'observation sont gratuits."}), Some(&admin)).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("hidden")));
    assert!(app.last_mail_to("signale@entreprise.fr").await.decoded().contains("gratuits"));
    let (_, body) = app.get("/api/v1/offers", Some(&pupil)).await;
    assert_eq!(titles(&body), Vec::<String>::new(), "hidden from search");
    assert_eq!(app.post(&decide, json!({"decision": "keep"}), Some(&admin)).await.1["code"], "ALREADY_DECIDED");
    // The back office lists what it hid, with the note, to restore it.
    let (status, hidden) = app.get("/api/v1/admin/offers/hidden", Some(&admin)).await;
    assert_eq!(status, 200, "{hidden}");
    assert_eq!(
        (hidden["items"][0]["offer_id"].as_str(), hidden["items"][0]["decision_note"].as_str()),
        (Some(id.as_str()), Some("Les stages d'observation sont gratuits.")),
        "{hidden}"
    );
    assert_eq!(app.get("/api/v1/admin/offers/hidden", Some(&pupil)).await.0, 403);
    assert_eq!(app.post(&format!("/api/v1/admin/offers/{id}/restore"), json!({}), Some(&admin)).await.0, 200);
    let (_, none) = app.get("/api/v1/admin/offers/hidden", Some(&admin)).await;
    assert_eq!((none["items"].clone(), none["total"].as_i64()), (json!([]), Some(0)), "{none}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A fake company directory at the edge of this test (the real one is outside the network):
/// answers every request with the same JSON.
fn fake_directory(body: Value) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let text = body.to_string();
            let _ = write!(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}", text.len());
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread")]
async fn the_siret_lookup_fills_the_form_only_when_a_directory_is_set_up() {
    let off = TestApp::new().await;
    let token = off.user_with_role("employer", None, None).await;
    let (status, body) = off.get("/api/v1/organisations/lookup?siret=73282932000074", Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("LOOKUP_DISABLED")), "off by default");

    let port = fake_directory(
        json!({"results": [{"nom_complet": "MARTIN ELECTRICITE", "siege": {"siret": "73282932000074", "adresse": "3 RUE DE LA PAIX", "code_postal": "42000", "libelle_commune": "SAINT-ETIENNE", "activite_principale": "43.21A"}}]}),
    );
    let app = TestApp::with_config(|c| c.siret_lookup_url = Some(format!("http://127.0.0.1:{port}/search?q={{siret}}"))).await;
    app.import_reference(&["42"]).await;
    let token = app.user_with_role("employer", None, None).await;
    let (status, body) = app.get("/api/v1/organisations/lookup?siret=732%20829%20320%2000074", Some(&token)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["company"]["name"].as_str(), body["sector_id"].as_str()), (Some("MARTIN ELECTRICITE"), Some("s10")));
    let (status, body) = app.get("/api/v1/organisations/lookup?siret=41087291000014", Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("SIRET_UNKNOWN")));
    let (status, _) = app.get("/api/v1/organisations/lookup?siret=123", Some(&token)).await;
    assert_eq!(status, 422);
}

/// The search index narrows on sector and weeks (SQLite: extra R*Tree dimensions): narrowing
/// must never lose an offer that qualifies, and an edit moves the offer in the index.
#[tokio::test(flavor = "multi_thread")]
async fn searching_by_sector_and_week_finds_exactly_the_matching_offers() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "dimensions").await;
    let id = published(&app, &token, &org, offer_body("Électricité du bâtiment", PUITS_LAT, PUITS_LON)).await;
    let mut other = offer_body("Boulangerie", PUITS_LAT + 0.01, PUITS_LON);
    other["sector_id"] = json!("s12");
    other["weeks"] = json!([week(5)]);
    published(&app, &token, &org, other).await;
    let y = year().start + 1;
    let search = |q: String| {
        let app = &app;
        async move {
            let (status, body) = app.get(&format!("/api/v1/offers?lat={PUITS_LAT}&lon={PUITS_LON}&radius_km=30&{q}"), None).await;
            assert_eq!(status, 200, "{body}");
            let mut t = titles(&body);
            t.sort();
            (t, body["fallback"].as_bool())
        }
    };
    assert_eq!(search(format!("sectors=s10&weeks={y}-W03")).await, (vec!["Électricité du bâtiment".to_owned()], Some(false)));
    assert_eq!(search(format!("sectors=s10&weeks={y}-W04")).await, (vec!["Électricité du bâtiment".to_owned()], Some(false)));
    assert_eq!(search(format!("sectors=s12&weeks={y}-W05")).await, (vec!["Boulangerie".to_owned()], Some(false)));
    assert_eq!(search("sectors=s10,s12".to_owned()).await, (vec!["Boulangerie".to_owned(), "Électricité du bâtiment".to_owned()], Some(false)));
    assert_eq!(search(format!("weeks={y}-W02,{y}-W05")).await, (vec!["Boulangerie".to_owned()], Some(false)));
    // Nothing in s10 in week 5: the answer falls back to every sector, and says so.
    assert_eq!(search(format!("sectors=s10&weeks={y}-W05")).await, (vec!["Boulangerie".to_owned()], Some(true)));
    assert_eq!(search(format!("weeks={y}-W09")).await.0, Vec::<String>::new());
    // Moved to weeks 8-9 and to sector s12: found there, no longer in week 3 or sector s10.
    let mut moved = offer_body("Électricité du bâtiment", PUITS_LAT, PUITS_LON);
    moved["weeks"] = json!([week(8), week(9)]);
    moved["sector_id"] = json!("s12");
    let (status, body) = app.send("PUT", &format!("/api/v1/offers/{id}"), Some(moved), Some(&token)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(search(format!("sectors=s12&weeks={y}-W09")).await, (vec!["Électricité du bâtiment".to_owned()], Some(false)));
    assert_eq!(search(format!("weeks={y}-W03")).await.0, Vec::<String>::new());
    assert_eq!(search("sectors=s10".to_owned()).await.1, Some(true));
}

#[tokio::test(flavor = "multi_thread")]
async fn keyword_search_reads_the_box_or_the_index_with_the_same_answer() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "mots").await;
    let titles = [
        "Électricité du bâtiment",
        "L'électricien et l'Œuvre",
        "Boulangerie-pâtisserie",
        "Cuisine 🍳 et service",
        "Plomberie chauffage",
        "Maçonnerie BÂTIMENT gros œuvre",
    ];
    for (i, t) in titles.iter().enumerate() {
        published(&app, &token, &org, offer_body(t, PUITS_LAT + i as f64 * 0.01, PUITS_LON)).await;
    }
    let pool = app.state.pool.clone();
    let year = year().label();
    tokio::task::spawn_blocking(move || {
        use passerelle::offers::{in_box_with, SearchFilter};
        let mut conn = pool.get().expect("conn");
        let b = passerelle::offers::rules::bbox(PUITS_LAT, PUITS_LON, 30.0);
        let mut found_some = 0;
        for kw in [
            "electricite",
            "ELECTR",
            "batiment",
            "oeuvre",
            "œuvre",
            "patisserie",
            "boulangerie patisserie",
            "cuisine service",
            "chauffage plomb",
            "lectricite",
            "astronaute",
            "bat gros",
        ] {
            let f = SearchFilter {
                school_year: year.clone(),
                keyword_terms: passerelle::offers::rules::keyword_terms(kw),
                priority_eligible: true,
                ..Default::default()
            };
            let ids = |max: usize, conn: &mut passerelle::db::AnyConnection| {
                let mut v: Vec<String> = in_box_with(conn, b, &f, max).expect("search").into_iter().map(|h| h.id.into()).collect();
                v.sort();
                v
            };
            // 0: the full-text index only; 2,000: the box's text read and matched in Rust.
            let (index, scan) = (ids(0, &mut conn), ids(2_000, &mut conn));
            assert_eq!(index, scan, "keyword {kw:?}");
            // 1: more offers in the box than that: back to the index.
            assert_eq!(ids(1, &mut conn), index, "keyword {kw:?}");
            found_some += usize::from(!index.is_empty());
        }
        assert_eq!(found_some, 10, "all but \"lectricite\" (not the start of a word) and \"astronaute\" find something");
    })
    .await
    .expect("search thread");
}

/// Pages of one offer at a time, with and without keyword, come nearest first by (distance, id),
/// every matching offer once: the growing rings read boxes, and an offer in a box's corner
/// (outside its circle) must wait for the offer just beyond the box that is nearer.
#[tokio::test(flavor = "multi_thread")]
async fn search_pages_follow_the_distance_across_rings() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "anneau").await;
    // Offers all around the school, near and far; some in the corners of a 5 km box (outside
    // its circle) with one just beyond the box on an axis, nearer than they are: a ring must not
    // take its box for its circle. Two out of three with the word.
    let spots = [
        (0.009, 0.0),
        (0.036, 0.051),
        (-0.036, -0.051),
        (0.0, 0.068),
        (0.0, 0.004),
        (-0.01, 0.01),
        (0.03, -0.03),
        (0.05, 0.0),
        (-0.08, 0.07),
        (0.12, 0.12),
        (0.0, -0.15),
        (-0.2, 0.0),
        (0.17, -0.2),
        (0.25, 0.24),
        (-0.3, 0.0),
    ];
    let mut offers: Vec<(String, String, f64)> = Vec::new();
    for (i, (dlat, dlon)) in spots.iter().enumerate() {
        let title = if i % 3 == 2 && i > 3 { format!("Boulangerie {i}") } else { format!("Électricité {i}") };
        let (lat, lon) = (PUITS_LAT + dlat, PUITS_LON + dlon);
        let id = published(&app, &token, &org, offer_body(&title, lat, lon)).await;
        offers.push((id, title, passerelle::reference::rules::distance_km(PUITS_LAT, PUITS_LON, lat, lon)));
    }
    offers.sort_by(|a, b| a.2.total_cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        use passerelle::offers::search::{scope_for, search_in, Engine, SearchRequest};
        let mut conn = state.pool.get().expect("conn");
        // Both engines: the SQL rings, and the index in memory that answers as they do.
        for (kw, engine) in ["electricite", "boulangerie", "astronaute", ""].into_iter().flat_map(|k| [(k, Engine::Sql), (k, Engine::Memory(&state.search))]) {
            let pages = |conn: &mut passerelle::db::AnyConnection| {
                let mut all: Vec<Vec<String>> = Vec::new();
                let mut cursor = None;
                loop {
                    let req = SearchRequest {
                        center: Some((PUITS_LAT, PUITS_LON)),
                        radius_km: Some(50.0),
                        keyword: Some(kw.to_owned()).filter(|k| !k.is_empty()),
                        limit: 1,
                        cursor: cursor.clone(),
                        ..Default::default()
                    };
                    let scope = scope_for(conn, None, &req).expect("scope");
                    let out = search_in(conn, engine, scope, &req).expect("search");
                    all.push(out.hits.iter().map(|h| h.id.to_string()).collect());
                    match out.next_cursor {
                        Some(c) => cursor = Some(c),
                        None => return all,
                    }
                }
            };
            let got = pages(&mut conn);
            // Nearest first, by (distance, id), every matching offer once. No match: the first
            // page falls back to the nearest offers of any kind (and says so).
            let expected: Vec<String> = match kw {
                "electricite" | "boulangerie" => {
                    offers.iter().filter(|o| o.1.starts_with(if kw == "electricite" { "Électricité" } else { "Boulangerie" })).map(|o| o.0.clone()).collect()
                }
                "" => offers.iter().map(|o| o.0.clone()).collect(),
                _ => offers.iter().take(1).map(|o| o.0.clone()).collect(),
            };
            assert_eq!(got.concat(), expected, "{kw}");
            assert!(!expected.is_empty(), "{kw}");
        }
    })
    .await
    .expect("search thread");
}

#[tokio::test(flavor = "multi_thread")]
async fn hosts_see_the_weeks_schools_around_chose_and_never_add_a_past_week() {
    use chrono::Datelike;
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "semaines").await;
    let s = school(&app, PUITS, "semaines", &[3]).await;
    pupil(&app, &s).await;
    pupil(&app, &s).await;

    let url = format!("/api/v1/school-weeks/around?latitude={PUITS_LAT}&longitude={PUITS_LON}&grade_family=college");
    let (status, around) = app.get(&url, Some(&token)).await;
    assert_eq!(status, 200, "{around}");
    let weeks = around["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 1, "{around}");
    assert_eq!(weeks[0]["week"], week(3));
    assert_eq!((weeks[0]["schools"][0]["uai"].as_str(), weeks[0]["schools"][0]["pupils"].as_i64()), (Some(PUITS), Some(2)), "{around}");
    // Far away: nothing; pupils never see it; lycée weeks are another family.
    assert_eq!(app.get("/api/v1/school-weeks/around?latitude=43.3&longitude=5.4&grade_family=college", Some(&token)).await.1["weeks"], json!([]));
    assert_eq!(app.get(&url.replace("college", "lycee"), Some(&token)).await.1["weeks"], json!([]));
    let (pupil_token, _) = pupil(&app, &s).await;
    assert_eq!(app.get(&url, Some(&pupil_token)).await.0, 403);

    // A week already over is refused when added (not when it was already on the offer).
    let last_week = chrono::Utc::now().date_naive() - chrono::Duration::days(7);
    if SchoolYear::of(last_week) == year() {
        let iso = last_week.iso_week();
        let mut body = offer_body("Découvrir la mécanique", PUITS_LAT, PUITS_LON);
        body["weeks"] = json!([format!("{}-W{:02}", iso.year(), iso.week()), week(3)]);
        let (status, err) = app.post(&format!("/api/v1/organisations/{org}/offers"), body, Some(&token)).await;
        assert_eq!((status, err["code"].as_str()), (422, Some("WEEKS_PAST")), "{err}");
        assert!(err["fields"]["weeks"][0].as_str().is_some_and(|m| m.contains("passée")), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn suggestions_come_from_sectors_and_the_offers_people_can_find() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "suggestions").await;
    let mut body = offer_body("Accueil en pharmacie", PUITS_LAT, PUITS_LON);
    body["jobs"] = json!("Pharmacien, préparateur en pharmacie");
    published(&app, &host_token, &org, body).await;
    // A draft's words are nobody's business yet.
    let mut draft = offer_body("Atelier de lutherie", PUITS_LAT, PUITS_LON);
    draft["jobs"] = json!("Luthier");
    let (status, _) = app.post(&format!("/api/v1/organisations/{org}/offers"), draft, Some(&host_token)).await;
    assert_eq!(status, 201);

    // Visitors too; accents and case ignored; whole prefixes first.
    let (status, found) = app.get("/api/v1/offers/suggestions?q=PHARMA", None).await;
    assert_eq!(status, 200, "{found}");
    let texts: Vec<&str> = found.as_array().expect("list").iter().filter_map(|s| s["text"].as_str()).collect();
    assert_eq!(texts, vec!["Pharmacien", "pharmacie", "Préparateur en pharmacie"]);
    assert_eq!((found[0]["kind"].as_str(), found[0]["offers"].as_i64()), (Some("job"), Some(1)));

    // A sector carries its id, for the search's sector filter.
    let (_, found) = app.get("/api/v1/offers/suggestions?q=electr&limit=1", None).await;
    assert_eq!((found[0]["kind"].as_str(), found[0]["sector_id"].as_str().is_some()), (Some("sector"), true), "{found}");
    // A sector counts its published offers (the draft, in the same sector, does not count).
    let (_, found) = app.get("/api/v1/offers/suggestions?q=batiment&limit=1", None).await;
    assert_eq!((found[0]["sector_id"].as_str(), found[0]["offers"].as_i64()), (Some("s10"), Some(1)), "{found}");

    let (_, found) = app.get("/api/v1/offers/suggestions?q=luth", None).await;
    assert_eq!(found, json!([]));
    let (status, body) = app.get("/api/v1/offers/suggestions?q=ab&limit=50", None).await;
    assert_eq!((status, body["fields"]["limit"].is_array()), (422, true), "{body}");
}

/// Far from home: the offer's lodging block says how far it is from the pupil's home (else their
/// school), the guide's message past 10 km, and the boarding houses near the offer once the
/// optional file is imported; visitors get the boarding houses only.
#[tokio::test(flavor = "multi_thread")]
async fn an_offer_far_from_home_says_how_far_and_lists_boarding_houses_near_it() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "internat").await;
    let offer = published(&app, &host_token, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "internat", &[3]).await;
    let (pupil, _) = pupil(&app, &s).await;
    let url = format!("/api/v1/offers/{offer}/lodging");

    // No file imported: no boarding house; the pupil's home unknown, measured from the school.
    let (status, l) = app.get(&url, Some(&pupil)).await;
    assert_eq!(status, 200, "{l}");
    assert_eq!((l["distance_from"].as_str(), l["far"].as_bool(), l["message"].clone()), (Some("school"), Some(false), Value::Null), "{l}");
    assert!(l["distance_km"].as_f64().is_some_and(|d| d < 1.0), "{l}");
    assert_eq!(l["boarding_houses"], json!([]));

    // The pupil lives in Roanne, about 65 km away: the guide's question about lodging.
    let (status, body) = app
        .send("PUT", "/api/v1/pupils/me/profile", Some(json!({"gender": "female", "home_postal_code": "42300", "legal_representatives": []})), Some(&pupil))
        .await;
    assert_eq!(status, 200, "{body}");
    let pool = app.state.pool.clone();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../reference-data/exemples");
    let reports = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("conn");
        passerelle::reference::import::import(&mut conn, passerelle::reference::import::Kind::BoardingHouses, &dir)
    })
    .await
    .expect("join")
    .expect("import");
    assert_eq!((reports[0].inserted, reports[0].rejected.len()), (4, 0), "the sample's four rows");
    let (_, l) = app.get(&url, Some(&pupil)).await;
    assert_eq!((l["distance_from"].as_str(), l["far"].as_bool()), (Some("home"), Some(true)), "{l}");
    let km = l["distance_km"].as_f64().expect("km");
    assert!((50.0..80.0).contains(&km), "{km}");
    assert!(l["message"].as_str().is_some_and(|m| m.contains(&format!("environ {}\u{a0}km", km.round() as i64)) && m.contains("logement")), "{l}");
    // Saint-Étienne's and Firminy's within 25 km, nearest first; Paris's are not listed.
    let names: Vec<&str> = l["boarding_houses"].as_array().expect("list").iter().filter_map(|h| h["uai"].as_str()).collect();
    assert_eq!(names, ["0421742R", "0420073B"], "{l}");
    assert_eq!(l["boarding_houses"][0]["places"], 8);

    // A visitor: the boarding houses, no distance.
    let (status, l) = app.get(&url, None).await;
    assert_eq!((status, l["distance_km"].clone(), l["boarding_houses"].as_array().map(Vec::len)), (200, Value::Null, Some(2)), "{l}");
    // An offer the viewer may not see answers as the offer's page does.
    let mut only_other = offer_body("Réservée à Notre-Dame", PUITS_LAT, PUITS_LON);
    only_other["reserved_schools"] = json!([NOTRE_DAME]);
    let hidden = published(&app, &host_token, &org, only_other).await;
    assert_eq!(app.get(&format!("/api/v1/offers/{hidden}/lodging"), Some(&pupil)).await.0, 404);
    assert_eq!(app.get("/api/v1/offers/pas-une-offre/lodging", None).await.0, 404);
}
