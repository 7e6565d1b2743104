//! Favourites: a pupil stars offers they can see, finds them again with whether each is still
//! open, and never learns about offers that are not theirs to see.

use crate::common;

use common::world::*;
use common::TestApp;
use serde_json::{json, Value};

async fn list(app: &TestApp, pupil: &str) -> Vec<Value> {
    let (status, body) = app.get("/api/v1/pupils/me/favourites", Some(pupil)).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().expect("a list").clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pupil_stars_offers_and_sees_which_are_still_open() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "favoris").await;
    let first = published(&app, &host_token, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let second = published(&app, &host_token, &org, offer_body("Plomberie", PUITS_LAT, PUITS_LON + 0.01)).await;
    let mut elsewhere = offer_body("Réservée à Notre-Dame", PUITS_LAT, PUITS_LON);
    elsewhere["reserved_schools"] = json!([NOTRE_DAME]);
    let reserved = published(&app, &host_token, &org, elsewhere).await;
    let mut ours = offer_body("Réservée au Puits", PUITS_LAT, PUITS_LON + 0.2);
    ours["reserved_schools"] = json!([PUITS]);
    let ours = published(&app, &host_token, &org, ours).await;
    let s = school(&app, PUITS, "favoris", &[3]).await;
    let (me, _) = pupil(&app, &s).await;

    // Starring: 201 the first time, 200 after, the same answer.
    let path = format!("/api/v1/pupils/me/favourites/{first}");
    let (status, starred) = app.send("PUT", &path, None, Some(&me)).await;
    assert_eq!(status, 201, "{starred}");
    assert_eq!(
        (starred["offer_id"].as_str(), starred["availability"].as_str(), starred["places_left"].as_i64()),
        (Some(first.as_str()), Some("open"), Some(4))
    );
    assert_eq!(starred["organisation_name"], "Entreprise favoris");
    assert_eq!(starred["weeks"].as_array().map(Vec::len), Some(2));
    // What the search shows beside an offer: for whom it is, and how far from the school.
    assert_eq!((starred["grade_family"].as_str(), starred["rep_only"].as_bool(), starred["reserved"].as_bool()), (Some("college"), Some(false), Some(false)));
    assert!(starred["distance_km"].as_f64().is_some_and(|d| d < 1.0), "{starred}");
    let (status, own) = app.send("PUT", &format!("/api/v1/pupils/me/favourites/{ours}"), None, Some(&me)).await;
    assert_eq!((status, own["reserved"].as_bool()), (201, Some(true)), "{own}");
    assert!(own["distance_km"].as_f64().is_some_and(|d| (10.0..20.0).contains(&d)), "0.2° of longitude east, about 15 km: {own}");
    assert_eq!(app.send("DELETE", &format!("/api/v1/pupils/me/favourites/{ours}"), None, Some(&me)).await.0, 204);
    let (status, again) = app.send("PUT", &path, None, Some(&me)).await;
    assert_eq!((status, &again), (200, &starred));
    let (status, _) = app.send("PUT", &format!("/api/v1/pupils/me/favourites/{second}"), None, Some(&me)).await;
    assert_eq!(status, 201);

    // Newest first.
    let mine = list(&app, &me).await;
    let ids: Vec<&str> = mine.iter().filter_map(|f| f["offer_id"].as_str()).collect();
    assert_eq!(ids, vec![second.as_str(), first.as_str()]);

    // Offers the pupil cannot see cannot be starred, and say nothing more than "not found".
    for hidden in [reserved.as_str(), "pas-une-offre"] {
        let (status, body) = app.send("PUT", &format!("/api/v1/pupils/me/favourites/{hidden}"), None, Some(&me)).await;
        assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")), "{hidden}: {body}");
    }

    // The host unpublishes: the star stays, and says the offer is withdrawn.
    let (status, _) = app.post(&format!("/api/v1/offers/{first}/unpublish"), json!({}), Some(&host_token)).await;
    assert_eq!(status, 200);
    let mine = list(&app, &me).await;
    let first_row = mine.iter().find(|f| f["offer_id"] == first.as_str()).expect("still listed");
    assert_eq!(first_row["availability"], "withdrawn");
    // An unpublished offer cannot be starred anew, but starring it again answers as before.
    let (status, body) = app.send("PUT", &path, None, Some(&me)).await;
    assert_eq!((status, body["availability"].as_str()), (200, Some("withdrawn")));

    // Another pupil sees none of it; the stars are in the pupil's data export.
    let (other, _) = pupil(&app, &s).await;
    assert!(list(&app, &other).await.is_empty());
    let (status, data) = app.get("/api/v1/me/export", Some(&me)).await;
    assert_eq!(status, 200);
    assert_eq!(data["favourites"].as_array().map(Vec::len), Some(2), "{data}");

    // Removing: 204, twice.
    for _ in 0..2 {
        let (status, _) = app.send("DELETE", &path, None, Some(&me)).await;
        assert_eq!(status, 204);
    }
    let ids: Vec<String> = list(&app, &me).await.iter().filter_map(|f| f["offer_id"].as_str().map(str::to_owned)).collect();
    assert_eq!(ids, vec![second.clone()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_offer_says_so() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "complet").await;
    let mut body = offer_body("Une place", PUITS_LAT, PUITS_LON);
    body["weeks"] = json!([week(3)]);
    body["places_per_week"] = json!(1);
    let offer = published(&app, &host_token, &org, body).await;
    let s = school(&app, PUITS, "complet", &[3]).await;
    let (me, _) = pupil(&app, &s).await;
    let (status, _) = app.send("PUT", &format!("/api/v1/pupils/me/favourites/{offer}"), None, Some(&me)).await;
    assert_eq!(status, 201);
    // Another pupil gets the place.
    let (placed, _) = pupil(&app, &s).await;
    let (status, application) = app
        .post(&format!("/api/v1/offers/{offer}/applications"), json!({"weeks": [week(3)], "motivation": "Je voudrais découvrir ce métier."}), Some(&placed))
        .await;
    assert_eq!(status, 201, "{application}");
    let id = application["id"].as_str().expect("id");
    assert_eq!(app.post(&format!("/api/v1/applications/{id}/accept"), json!({}), Some(&host_token)).await.0, 200);
    assert_eq!(app.post(&format!("/api/v1/applications/{id}/confirm"), json!({}), Some(&placed)).await.0, 200);

    let mine = list(&app, &me).await;
    assert_eq!((mine[0]["availability"].as_str(), mine[0]["places_left"].as_i64()), (Some("full"), Some(0)));
}
