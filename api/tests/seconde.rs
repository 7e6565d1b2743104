//! A seconde campaign as a lycée, its hosts and its pupils go through it: seconde générale et
//! technologique only, the national weeks, the phased opening held on every read operation of
//! the contract, one rule for hours (offer and agreement, by the pupil's age), a two-week offer
//! taken as the two weeks only, a split placement the principal authorises (pupil by pupil or
//! for the school), the attestation from the last day.

use crate::common;

use common::world::*;
use common::TestApp;
use passerelle::campaigns::rules::paris_to_utc;
use passerelle::schools::rules::IsoWeek;
use serde_json::{json, Value};

const FAURIEL: &str = "0420041S"; // Lycée Claude Fauriel, Saint-Étienne: general and technological
const ALLARD: &str = "0421002L"; // Lycée professionnel Jean-Baptiste d'Allard: vocational only

fn iso(w: IsoWeek) -> Value {
    json!(w.to_string())
}

fn weekdays(w: IsoWeek) -> Vec<chrono::NaiveDate> {
    [chrono::Weekday::Mon, chrono::Weekday::Tue, chrono::Weekday::Wed, chrono::Weekday::Thu, chrono::Weekday::Fri]
        .into_iter()
        .map(|d| chrono::NaiveDate::from_isoywd_opt(w.year, w.week, d).expect("day"))
        .collect()
}

fn seconde_offer(title: &str, weeks: &[IsoWeek], start: &str) -> Value {
    let mut body = offer_body(title, PUITS_LAT, PUITS_LON);
    body["grades"] = json!(["seconde"]);
    body["weeks"] = Value::Array(weeks.iter().map(|w| iso(*w)).collect());
    body["schedule"] = Value::Array(
        ["monday", "tuesday", "wednesday", "thursday", "friday"]
            .iter()
            .map(|d| json!({"day": d, "start": start, "end": "17:00", "lunch_break_minutes": 60}))
            .collect(),
    );
    body
}

/// Every GET operation of the served contract, with the ids and query parameters we know,
/// as this viewer; the paths whose answer holds `marker`.
async fn read_paths_showing(app: &TestApp, token: Option<&str>, ids: &[(&str, &str)], query: &[(&str, String)], marker: &str) -> Vec<String> {
    let (status, doc) = app.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    let mut seen = Vec::new();
    let mut walked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let Some(op) = item.get("get") else { continue };
        let mut url = path.clone();
        for (name, value) in ids {
            url = url.replace(&format!("{{{name}}}"), value);
        }
        if url.contains('{') {
            url = url
                .split('{')
                .enumerate()
                .map(|(i, part)| if i == 0 { part.to_owned() } else { format!("inconnu{}", part.split_once('}').map(|p| p.1).unwrap_or("")) })
                .collect();
        }
        let declared: Vec<&str> =
            op["parameters"].as_array().map(|ps| ps.iter().filter(|p| p["in"] == "query").filter_map(|p| p["name"].as_str()).collect()).unwrap_or_default();
        let q: Vec<String> = query.iter().filter(|(k, _)| declared.contains(k)).map(|(k, v)| format!("{k}={v}")).collect();
        if !q.is_empty() {
            url = format!("{url}?{}", q.join("&"));
        }
        let (_, body) = app.get(&url, token).await;
        walked += 1;
        if body.to_string().contains(marker) {
            seen.push(path.clone());
        }
    }
    assert!(walked > 50, "the contract's read operations were walked ({walked})");
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn a_seconde_campaign_from_the_lycee_to_the_attestation() {
    let app = TestApp::with_config(|c| c.rate_limit_enabled = false).await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let y = year();
    let [w1, w2] = y.default_seconde_weeks();

    // Seconde means seconde générale et technologique: a vocational lycée has none, and a class
    // named as a seconde professionnelle is refused where the track exists.
    let allard = app.user_with_email("proviseur.allard@ac-lyon.fr", "school_staff", Some("principal"), None).await;
    assert_eq!(app.post("/api/v1/schools", json!({"uai": ALLARD}), Some(&allard)).await.0, 201);
    let (status, body) =
        app.post(&format!("/api/v1/schools/{ALLARD}/classes"), json!({"school_year": y.label(), "name": "2nde 1", "grade": "seconde"}), Some(&allard)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("VOCATIONAL_SECONDE")), "{body}");
    assert!(body["fields"]["grade"][0].as_str().is_some_and(|m| m.contains("PFMP")), "{body}");
    let principal = app.user_with_email("proviseur.fauriel@ac-lyon.fr", "school_staff", Some("principal"), None).await;
    assert_eq!(app.post("/api/v1/schools", json!({"uai": FAURIEL}), Some(&principal)).await.0, 201);
    let classes = format!("/api/v1/schools/{FAURIEL}/classes");
    let (status, body) = app.post(&classes, json!({"school_year": y.label(), "name": "2nde Pro MELEC", "grade": "seconde"}), Some(&principal)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("VOCATIONAL_SECONDE")), "{body}");
    assert!(body["fields"]["name"].is_array(), "{body}");
    let (status, class) = app.post(&classes, json!({"school_year": y.label(), "name": "2nde 3", "grade": "seconde"}), Some(&principal)).await;
    assert_eq!(status, 201, "{class}");
    let class_id = class["id"].as_str().expect("class").to_owned();
    let (status, body) = app
        .send(
            "PUT",
            &format!("/api/v1/schools/{FAURIEL}/weeks"),
            Some(json!({"school_year": y.label(), "grade_family": "lycee", "weeks": [iso(w1), iso(w2)]})),
            Some(&principal),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // The pupils' opening is set for the spring; hosts publish now.
    let opening = paris_to_utc(chrono::NaiveDate::from_ymd_opt(y.start + 1, 3, 2).expect("date").and_hms_opt(14, 0, 0).expect("time"));
    let at = format!("{}-03-02T14:00", y.start + 1);
    let (status, body) =
        app.send("PUT", &format!("/api/v1/admin/campaigns/{}/lycee", y.label()), Some(json!({"search_open_at": at, "apply_open_at": at})), Some(&admin)).await;
    assert_eq!(status, 200, "{body}");

    // One rule for hours: 5 x 8 h = 40 h a week is refused for an offer as for an agreement.
    let (host_a, org_a) = host(&app, "seconde-a").await;
    let (status, body) = app.post(&format!("/api/v1/organisations/{org_a}/offers"), seconde_offer("Trop long", &[w1, w2], "08:00"), Some(&host_a)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["schedule"][0].as_str().is_some_and(|m| m.contains("35 h") && m.contains("40 h")), "{body}");
    // Three hosts: two weeks in one place (the two weeks only, the guide's preferred form), and
    // one week in each of two others. "The two weeks only" needs both national weeks.
    let mut only_one = seconde_offer("Une semaine seulement", &[w1], "09:00");
    only_one["two_weeks_only"] = json!(true);
    let (status, body) = app.post(&format!("/api/v1/organisations/{org_a}/offers"), only_one, Some(&host_a)).await;
    assert_eq!((status, body["fields"]["two_weeks_only"].is_array()), (422, true), "{body}");
    let mut two_weeks_only = seconde_offer("Observatoire deux semaines", &[w1, w2], "09:00");
    two_weeks_only["two_weeks_only"] = json!(true);
    let both = published(&app, &host_a, &org_a, two_weeks_only).await;
    assert_eq!(app.get(&format!("/api/v1/offers/{both}"), Some(&host_a)).await.1["two_weeks_only"], true);
    let (host_b, org_b) = host(&app, "seconde-b").await;
    let first = published(&app, &host_b, &org_b, seconde_offer("Observatoire premiere semaine", &[w1], "09:00")).await;
    let (host_c, org_c) = host(&app, "seconde-c").await;
    let second = published(&app, &host_c, &org_c, seconde_offer("Observatoire seconde semaine", &[w2], "09:00")).await;
    let (_, one_week) = app.get(&format!("/api/v1/offers/{first}"), Some(&host_b)).await;
    assert_eq!(one_week["weeks"].as_array().map(Vec::len), Some(1), "a one-week offer keeps its one week: {one_week}");

    // Pupils of the lycée, with consent: one is 15 during the internship, one is still 14.
    let pupil = |born: &'static str| {
        let (app, principal, class_id) = (&app, principal.clone(), class_id.clone());
        async move {
            let token = app.user_with_role("student", None, None).await;
            assert_eq!(
                app.send(
                    "PUT",
                    "/api/v1/pupils/me/enrolment",
                    Some(json!({"class_id": class_id, "join_code": common::join_code(app, &class_id).await})),
                    Some(&token)
                )
                .await
                .0,
                200
            );
            let profile = json!({"birth_date": born, "gender": "female", "legal_representatives": [{"name": "Sophie Durand", "email": format!("parent-{born}@famille.fr")}]});
            let (status, body) = app.send("PUT", "/api/v1/pupils/me/profile", Some(profile), Some(&token)).await;
            assert_eq!(status, 200, "{body}");
            let id = app.get("/api/v1/me", Some(&token)).await.1["id"].as_str().expect("id").to_owned();
            let today = chrono::Utc::now().date_naive().to_string();
            assert_eq!(app.post(&format!("/api/v1/schools/{FAURIEL}/pupils/{id}/consent"), json!({"consent_date": today}), Some(&principal)).await.0, 200);
            token
        }
    };
    let fifteen = pupil("2011-09-01").await;
    let fourteen = pupil("2012-09-01").await;

    // Before the opening, no read operation of the contract shows the offers to the pupils, the
    // public, another host, a referent or a partner; school staff see them.
    let other_host = host(&app, "seconde-autre").await.0;
    let referent = app.user_with_role("referent", None, Some(("department", "42"))).await;
    let partner = partner(&app, &admin, "seconde").await;
    let ids = [("offer_id", both.as_str()), ("uai", FAURIEL), ("school_year", &y.label()), ("grade_family", "lycee")];
    let query = [
        ("lat", PUITS_LAT.to_string()),
        ("lon", PUITS_LON.to_string()),
        ("latitude", PUITS_LAT.to_string()),
        ("longitude", PUITS_LON.to_string()),
        ("grade_family", "lycee".to_owned()),
        ("school_year", y.label()),
    ];
    for (who, token) in [
        ("visitor", None),
        ("pupil", Some(fifteen.as_str())),
        ("host", Some(other_host.as_str())),
        ("referent", Some(referent.as_str())),
        ("partner", Some(partner.token.as_str())),
    ] {
        let shown = read_paths_showing(&app, token, &ids, &query, "Observatoire").await;
        assert!(shown.is_empty(), "{who} sees the offers before the opening through {shown:?}");
    }
    let (status, body) = app.get("/api/v1/offers/map", Some(&fifteen)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("SEARCH_NOT_OPEN")), "the map waits too: {body}");
    let (status, found) = app.get(&format!("/api/v1/offers?lat={PUITS_LAT}&lon={PUITS_LON}&grade_family=lycee"), Some(&principal)).await;
    assert_eq!((status, found["items"].as_array().map(Vec::len)), (200, Some(3)), "school staff prepare the campaign: {found}");
    let (status, _) = app.get(&format!("/api/v1/offers/{both}"), Some(&host_a)).await;
    assert_eq!(status, 200, "the host sees its own offer");

    // At the opening, the same walk shows them (so the walk above could fail).
    app.state.clock.set(Some(opening));
    let shown = read_paths_showing(&app, None, &ids, &query, "Observatoire").await;
    for path in ["/api/v1/offers", "/api/v1/offers/map", "/api/v1/offers/{offer_id}"] {
        assert!(shown.iter().any(|p| p == path), "{path} shows the offers after the opening: {shown:?}");
    }
    let shown = read_paths_showing(&app, Some(&partner.token), &ids, &query, "Observatoire").await;
    for path in ["/api/v1/partner/search", "/api/v2/internship_offers/search"] {
        assert!(shown.iter().any(|p| p == path), "{path} shows the offers after the opening: {shown:?}");
    }
    let (_, mine) = app.get("/api/v1/offers", Some(&fifteen)).await;
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(3), "{mine}");

    // The 15-year-old takes the two weeks (not one of them); the 14-year-old one week at each of
    // two hosts, which the principal authorises.
    let letter = |weeks: Vec<Value>| json!({"weeks": weeks, "motivation": "Je voudrais découvrir l'astronomie et ses métiers pendant mon stage de seconde."});
    let (status, body) = app.post(&format!("/api/v1/offers/{both}/applications"), letter(vec![iso(w1)]), Some(&fifteen)).await;
    assert_eq!((status, body["fields"]["weeks"].is_array()), (422, true), "the two weeks only: {body}");
    let place = |offer: String, pupil: String, host: String, weeks: Vec<Value>| {
        let app = &app;
        let body = letter(weeks);
        async move {
            let (status, a) = app.post(&format!("/api/v1/offers/{offer}/applications"), body, Some(&pupil)).await;
            assert_eq!(status, 201, "{a}");
            let id = a["id"].as_str().expect("id").to_owned();
            assert_eq!(app.post(&format!("/api/v1/applications/{id}/accept"), json!({}), Some(&host)).await.0, 200);
            let (status, body) = app.post(&format!("/api/v1/applications/{id}/confirm"), json!({}), Some(&pupil)).await;
            (id, status, body)
        }
    };
    assert_eq!(place(both.clone(), fifteen.clone(), host_a.clone(), vec![iso(w1), iso(w2)]).await.1, 200);
    assert_eq!(place(first.clone(), fourteen.clone(), host_b.clone(), vec![iso(w1)]).await.1, 200);
    let (split_app, status, body) = place(second.clone(), fourteen.clone(), host_c.clone(), vec![iso(w2)]).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("SPLIT_NEEDS_APPROVAL")), "{body}");
    assert_eq!(app.count("agreements").await, 2, "nothing confirmed");
    app.deliver().await;
    assert!(app.last_mail_to("proviseur.fauriel@ac-lyon.fr").await.decoded().contains("deux lieux"), "the principal is asked");
    let fourteen_id = app.get("/api/v1/me", Some(&fourteen)).await.1["id"].as_str().expect("id").to_owned();
    let split_of = |token: String| {
        let (app, fourteen_id) = (&app, fourteen_id.clone());
        async move {
            let (status, list) = app.get(&format!("/api/v1/schools/{FAURIEL}/pupils"), Some(&token)).await;
            assert_eq!(status, 200, "{list}");
            list.as_array().expect("pupils").iter().find(|p| p["user_id"] == fourteen_id.as_str()).expect("the pupil")["split"].clone()
        }
    };
    assert_eq!(split_of(principal.clone()).await, "requested", "the school sees who asks to split");
    let approval = format!("/api/v1/schools/{FAURIEL}/pupils/{fourteen_id}/split-approval");
    assert_eq!(app.post(&approval, json!({"approved": true}), Some(&fifteen)).await.0, 403, "not a pupil's decision");
    let (status, row) = app.post(&approval, json!({"approved": true}), Some(&principal)).await;
    assert_eq!((status, row["split"].as_str()), (200, Some("approved")), "{row}");
    let (status, body) = app.post(&format!("/api/v1/applications/{split_app}/confirm"), json!({}), Some(&fourteen)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(split_of(principal.clone()).await, "done", "the school sees which pupils split");
    // Or for the whole school, once and for all.
    let (status, school) = app.send("PUT", &format!("/api/v1/schools/{FAURIEL}/split-placements"), Some(json!({"allowed": true})), Some(&principal)).await;
    assert_eq!((status, school["splits_allowed"].as_bool()), (200, Some(true)), "{school}");
    let third = pupil("2011-05-05").await;
    assert_eq!(place(first.clone(), third.clone(), host_b.clone(), vec![iso(w1)]).await.1, 200);
    let (_, status, body) = place(second.clone(), third.clone(), host_c.clone(), vec![iso(w2)]).await;
    assert_eq!(status, 200, "the school allows splits: no approval needed: {body}");
    let agreement_of = |token: String| {
        let app = &app;
        async move {
            let (status, list) = app.get("/api/v1/agreements", Some(&token)).await;
            assert_eq!(status, 200, "{list}");
            list.as_array().expect("agreements").iter().map(|a| a["id"].as_str().expect("id").to_owned()).collect::<Vec<_>>()
        }
    };
    let two_weeks = agreement_of(host_a.clone()).await.pop().expect("agreement of the two-week placement");
    let (_, split) = app.get("/api/v1/agreements", Some(&fourteen)).await;
    assert_eq!(split.as_array().map(Vec::len), Some(2), "a split placement has one agreement per host: {split}");
    let split_first = split.as_array().expect("list").iter().find(|a| a["offer_title"] == "Observatoire premiere semaine").expect("first week")["id"]
        .as_str()
        .expect("id")
        .to_owned();

    // The agreement follows the same rule by the pupil's age: 8 h days are fine at 15 (35 h a
    // week), refused at 14; 40 h a week is refused at any age. The text states the rule applied.
    let host_part = |days: Vec<(chrono::NaiveDate, &str, &str)>| {
        json!({
            "representative_name": "Claire Martin", "representative_function": "Directrice",
            "tutor_name": "Paul Durand", "tutor_function": "Astronome", "tutor_email": "paul@observatoire.fr",
            "days": days.into_iter().map(|(d, s, e)| json!({"date": d.to_string(), "start": s, "end": e, "break_minutes": 60})).collect::<Vec<_>>(),
            "activities": "Observer la préparation des nuits d'observation", "skills": "Curiosité, rigueur", "lunch": "Cantine",
            "host_insurance": "MAIF 123", "safety": "Pas d'accès aux coupoles la nuit"
        })
    };
    let long_weeks: Vec<_> = [w1, w2]
        .into_iter()
        .flat_map(weekdays)
        .map(|d| (d, "08:00", if chrono::Datelike::weekday(&d) == chrono::Weekday::Fri { "12:00" } else { "17:00" }))
        .collect();
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{two_weeks}/host-part"), Some(host_part(long_weeks)), Some(&host_a)).await;
    assert_eq!(status, 200, "8 h days and 35 h a week at 15: {a}");
    assert!(
        a["document_text"].as_str().is_some_and(|t| t.contains("8 heures par jour (élève de 15 ans ou plus") && t.contains("L.3162-1")),
        "{}",
        a["document_text"]
    );
    let forty: Vec<_> = weekdays(w1).into_iter().map(|d| (d, "08:00", "17:00")).collect();
    let (status, body) = app.send("PUT", &format!("/api/v1/agreements/{two_weeks}/host-part"), Some(host_part(forty.clone())), Some(&host_a)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["days"][0].as_str().is_some_and(|m| m.contains("35 h")), "{body}");
    let (status, body) = app.send("PUT", &format!("/api/v1/agreements/{split_first}/host-part"), Some(host_part(forty)), Some(&host_b)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["days[0]"][0].as_str().is_some_and(|m| m.contains("moins de 15 ans")), "{body}");
    let seven: Vec<_> = weekdays(w1).into_iter().map(|d| (d, "09:00", "17:00")).collect();
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{split_first}/host-part"), Some(host_part(seven)), Some(&host_b)).await;
    assert_eq!(status, 200, "{a}");
    assert!(a["document_text"].as_str().is_some_and(|t| t.contains("7 heures par jour (élève de moins de 15 ans")), "{}", a["document_text"]);

    // The attestation waits for the last day of the internship.
    app.exec(&format!("UPDATE agreements SET status = 'signed' WHERE id = '{two_weeks}'")).await;
    let (status, body) = app.post(&format!("/api/v1/agreements/{two_weeks}/attestation"), json!({}), Some(&host_a)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("INTERNSHIP_NOT_OVER")), "{body}");
    let last = *weekdays(w2).last().expect("friday");
    app.state.clock.set(Some(paris_to_utc(last.and_hms_opt(17, 0, 0).expect("time"))));
    let (status, a) = app.post(&format!("/api/v1/agreements/{two_weeks}/attestation"), json!({}), Some(&host_a)).await;
    assert_eq!((status, a["attestation_days_present"].as_array().map(Vec::len)), (200, Some(10)), "{a}");
    app.state.clock.set(None);
}
