//! Campaign openings, enforced at the minute with the injectable clock: hosts publish, pupils
//! search, pupils apply; the countdown's figures.

mod common;

use common::world::*;
use common::TestApp;
use passerelle::campaigns::rules::paris_to_utc;
use serde_json::json;

fn paris(s: &str) -> chrono::NaiveDateTime {
    paris_to_utc(chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("time"))
}

#[tokio::test(flavor = "multi_thread")]
async fn each_phase_opens_at_its_minute() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let y = year();
    let (hosts_at, pupils_at) = (format!("{}-12-10T14:00", y.start), format!("{}-01-05T14:00", y.start + 1));
    let path = format!("/api/v1/admin/campaigns/{}/college", y.label());

    // Refused: pupils before hosts, a malformed date; admins only.
    let (status, body) = app.send("PUT", &path, Some(json!({"hosts_open_at": pupils_at, "search_open_at": hosts_at})), Some(&admin)).await;
    assert_eq!((status, body["fields"]["search_open_at"].is_array()), (422, true), "{body}");
    let (status, body) = app.send("PUT", &path, Some(json!({"apply_open_at": "13/02 à 14h"})), Some(&admin)).await;
    assert_eq!((status, body["fields"]["apply_open_at"].is_array()), (422, true));
    let (status, set) = app.send("PUT", &path, Some(json!({"hosts_open_at": hosts_at, "search_open_at": pupils_at, "apply_open_at": pupils_at})), Some(&admin)).await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set[0]["pupils_apply"]["opens_at"].as_str(), Some(pupils_at.as_str()), "Paris time given back");

    // Hosts: 13:59 refused with the opening in words, 14:00 accepted.
    let (host_token, org) = host(&app, "campagne").await;
    let (status, offer) = app.post(&format!("/api/v1/organisations/{org}/offers"), offer_body("Électricité", PUITS_LAT, PUITS_LON), Some(&host_token)).await;
    assert_eq!(status, 201);
    let offer = offer["id"].as_str().expect("id").to_owned();
    app.state.clock.set(Some(paris(&hosts_at) - chrono::Duration::minutes(1)));
    let (status, body) = app.post(&format!("/api/v1/offers/{offer}/publish"), json!({}), Some(&host_token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("PUBLISHING_NOT_OPEN")), "{body}");
    assert!(body["message"].as_str().expect("message").contains("à 14 h"), "{body}");
    app.state.clock.set(Some(paris(&hosts_at)));
    assert_eq!(app.post(&format!("/api/v1/offers/{offer}/publish"), json!({}), Some(&host_token)).await.0, 200);

    // Pupils: before their opening they see the countdown's figures, not the offers.
    let (pupil, _) = pupil_of(&app, PUITS, "campagne").await;
    app.state.clock.set(Some(paris(&pupils_at) - chrono::Duration::minutes(1)));
    let (status, body) = app.get("/api/v1/offers", Some(&pupil)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("SEARCH_NOT_OPEN")), "{body}");
    let (_, campaign) = app.get(&format!("/api/v1/campaigns/{}", y.label()), None).await;
    let college = &campaign[0];
    assert_eq!((college["pupils_search"]["open"].as_bool(), college["hosts_publish"]["open"].as_bool(), college["offers_published"].as_i64()), (Some(false), Some(true), Some(1)), "{campaign}");
    let apply = json!({"weeks": [week(3)], "motivation": "J'aime le bricolage et je voudrais découvrir ce métier."});
    let (status, body) = app.post(&format!("/api/v1/offers/{offer}/applications"), apply.clone(), Some(&pupil)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("APPLICATIONS_NOT_OPEN")), "{body}");
    assert_eq!(app.count("applications").await, 0);

    app.state.clock.set(Some(paris(&pupils_at)));
    assert_eq!(app.get("/api/v1/offers", Some(&pupil)).await.0, 200);
    let (status, body) = app.post(&format!("/api/v1/offers/{offer}/applications"), apply, Some(&pupil)).await;
    assert_eq!(status, 201, "{body}");

    // Another grade family's campaign does not touch this one.
    let (_, campaign) = app.get(&format!("/api/v1/campaigns/{}", y.label()), None).await;
    assert_eq!(campaign[1]["pupils_search"]["opens_at"], serde_json::Value::Null);
}
