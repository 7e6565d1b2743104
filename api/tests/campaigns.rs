//! Campaign openings, enforced at the minute with the injectable clock: hosts publish, pupils
//! search, pupils apply; the countdown's figures.

use crate::common;

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
    let (status, set) =
        app.send("PUT", &path, Some(json!({"hosts_open_at": hosts_at, "search_open_at": pupils_at, "apply_open_at": pupils_at})), Some(&admin)).await;
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
    assert_eq!(
        (college["pupils_search"]["open"].as_bool(), college["hosts_publish"]["open"].as_bool(), college["offers_published"].as_i64()),
        (Some(false), Some(true), Some(1)),
        "{campaign}"
    );
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

fn titles(body: &serde_json::Value) -> Vec<String> {
    let mut t: Vec<String> = body["items"].as_array().expect("items").iter().map(|i| i["title"].as_str().unwrap_or("").to_owned()).collect();
    t.sort();
    t
}

fn year_cli(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("year")
        .args(args)
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("APP_ENV", "test")
        .output()
        .expect("run the binary");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Figures of a dashboard without the refresh time (which moves with each rebuild).
async fn figures(app: &TestApp, token: &str, year: &str) -> serde_json::Value {
    let (status, mut d) = app.get(&format!("/api/v1/stats?school_year={year}"), Some(token)).await;
    assert_eq!(status, 200, "{d}");
    d["refreshed_at"] = serde_json::Value::Null;
    d
}

/// Two school years side by side: year N's placements, year N+1's offers prepared during N, the
/// switch (dry run, real, again), then a year later the retention of N's pupils; N's figures
/// never move.
#[tokio::test(flavor = "multi_thread")]
async fn two_school_years_and_the_switch() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let national = app.user_with_role("referent", None, Some(("national", ""))).await;
    let (n, n1) = (year(), year().next());
    let (ln, ln1) = (n.label(), n1.label());

    // Year N: a school, two pupils, a host with two offers; one placement, one open application.
    let s = school(&app, PUITS, "deuxans", &[3]).await;
    let (placed, placed_id) = pupil(&app, &s).await;
    let (waiting, waiting_id) = pupil(&app, &s).await;
    let (host_token, org) = host(&app, "deuxans").await;
    let a = published(&app, &host_token, &org, offer_body("Année N électricité", PUITS_LAT, PUITS_LON)).await;
    let b = published(&app, &host_token, &org, offer_body("Année N plomberie", PUITS_LAT, PUITS_LON)).await;
    let letter = |w: serde_json::Value| json!({"weeks": [w], "motivation": "J'aimerais découvrir ce métier pendant mon stage."});
    let (status, app1) = app.post(&format!("/api/v1/offers/{a}/applications"), letter(week(3)), Some(&placed)).await;
    assert_eq!(status, 201, "{app1}");
    let app1 = app1["id"].as_str().expect("id").to_owned();
    assert_eq!(app.post(&format!("/api/v1/applications/{app1}/accept"), json!({}), Some(&host_token)).await.0, 200);
    assert_eq!(app.post(&format!("/api/v1/applications/{app1}/confirm"), json!({}), Some(&placed)).await.0, 200);
    let (status, open) = app.post(&format!("/api/v1/offers/{b}/applications"), letter(week(3)), Some(&waiting)).await;
    assert_eq!(status, 201, "{open}");
    let open = open["id"].as_str().expect("id").to_owned();

    // Year N+1 prepared during N: the host renews A (a draft) and publishes a new offer C; the
    // school opens its next year's class and weeks, with a pupil.
    let (status, renewed) = app.post(&format!("/api/v1/offers/{a}/renew"), json!({"school_year": ln1}), Some(&host_token)).await;
    assert_eq!(status, 201, "{renewed}");
    assert_eq!(renewed["weeks"], json!([]), "weeks chosen again: {renewed}");
    // Or offered the whole next year: every week of it (a troisième offer).
    let (status, all_year) = app.post(&format!("/api/v1/offers/{a}/renew"), json!({"school_year": ln1, "whole_year": true}), Some(&host_token)).await;
    assert_eq!(status, 201, "{all_year}");
    let weeks = all_year["weeks"].as_array().map(Vec::len).unwrap_or(0);
    assert!((30..=45).contains(&weeks), "about the year's weeks: {weeks} in {all_year}");
    let id = all_year["id"].as_str().expect("id");
    assert_eq!(app.send("DELETE", &format!("/api/v1/offers/{id}"), None, Some(&host_token)).await.0, 204);
    let mut c = offer_body("Année N+1 menuiserie", PUITS_LAT, PUITS_LON);
    let next_week = |w: i32| json!(format!("{}-W{w:02}", n1.start + 1));
    c["school_year"] = json!(ln1);
    c["weeks"] = json!([next_week(3)]);
    let c = published(&app, &host_token, &org, c).await;
    let (status, class) =
        app.post(&format!("/api/v1/schools/{PUITS}/classes"), json!({"school_year": ln1, "name": "3e A", "grade": "troisieme"}), Some(&s.principal)).await;
    assert_eq!(status, 201, "{class}");
    let (status, body) = app
        .send(
            "PUT",
            &format!("/api/v1/schools/{PUITS}/weeks"),
            Some(json!({"school_year": ln1, "grade_family": "college", "weeks": [next_week(3)]})),
            Some(&s.principal),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let next_school = School { uai: PUITS.into(), principal: s.principal.clone(), class_id: class["id"].as_str().expect("class").to_owned() };
    let (next_pupil, _) = pupil(&app, &next_school).await;

    // No mixing: each pupil searches their own year; each year's dashboard counts its own.
    assert_eq!(titles(&app.get("/api/v1/offers", Some(&waiting)).await.1), ["Année N plomberie", "Année N électricité"]);
    assert_eq!(titles(&app.get("/api/v1/offers", Some(&next_pupil)).await.1), ["Année N+1 menuiserie"]);
    let (status, body) = app.post(&format!("/api/v1/offers/{c}/applications"), letter(week(3)), Some(&waiting)).await;
    assert_eq!(status, 409, "a pupil of year N cannot apply to year N+1: {body}");
    app.refresh_stats().await;
    let before = figures(&app, &national, &ln).await;
    let next = figures(&app, &national, &ln1).await;
    assert_eq!(
        (before["offers"].as_i64(), before["placements"].as_i64(), before["applications"].as_i64(), before["pupils"].as_i64()),
        (Some(2), Some(1), Some(2), Some(2)),
        "{before}"
    );
    assert_eq!((next["offers"].as_i64(), next["placements"].as_i64(), next["pupils"].as_i64()), (Some(1), Some(0), Some(1)), "{next}");

    // The switch is refused before the year's end, and for non-admins.
    let close = format!("/api/v1/admin/school-years/{ln}/close");
    let (status, body) = app.post(&close, json!({"dry_run": true}), Some(&admin)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("YEAR_NOT_OVER")), "{body}");
    assert_eq!(app.post(&close, json!({"dry_run": true}), Some(&s.principal)).await.0, 403);
    let summer = chrono::NaiveDate::from_ymd_opt(n.start + 1, 7, 10).expect("date").and_hms_opt(9, 0, 0).expect("time");
    app.state.clock.set(Some(summer));

    // Dry run: the figures, and nothing changed.
    let (status, dry) = app.post(&close, json!({"dry_run": true}), Some(&admin)).await;
    assert_eq!(status, 200, "{dry}");
    let expected = json!({"school_year": ln, "dry_run": true, "already_closed": false, "applications_closed": 1, "classes_archived": 1, "pupils_anonymised": 0, "hosts_invited": 1, "offers_to_renew": 1});
    assert_eq!(dry, expected);
    let (_, mine) = app.get("/api/v1/pupils/me/applications", Some(&waiting)).await;
    assert_eq!(mine[0]["status"].as_str(), Some("submitted"), "{mine}");
    assert_eq!(app.count("renewal_invitations").await, 0);

    // The real switch.
    let (status, done) = app.post(&close, json!({}), Some(&admin)).await;
    assert_eq!(status, 200, "{done}");
    let mut real = expected.clone();
    real["dry_run"] = json!(false);
    assert_eq!(done, real);
    let (_, mine) = app.get("/api/v1/pupils/me/applications", Some(&waiting)).await;
    assert_eq!((mine[0]["id"].as_str(), mine[0]["status"].as_str()), (Some(open.as_str()), Some("year_closed")), "{mine}");
    assert!(mine[0]["reason"].as_str().unwrap_or("").contains("est terminée"), "{mine}");
    let mail = app.last_mail_to("deuxans@entreprise.fr").await;
    assert!(mail.decoded().contains(&format!("renouveler vos 1 offre(s) pour {ln1}")), "{}", mail.decoded());
    let (_, years) = app.get("/api/v1/school-years", None).await;
    let closed = years.as_array().expect("years").iter().find(|y| y["school_year"] == json!(ln)).expect("year N listed");
    assert!(closed["closed_at"].is_string(), "{years}");

    // Nothing new happens in a closed year; the next one goes on.
    let (status, body) = app.post(&format!("/api/v1/offers/{b}/applications"), letter(week(3)), Some(&placed)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("YEAR_CLOSED")), "{body}");
    let (status, body) = app.get("/api/v1/offers", Some(&waiting)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("YEAR_CLOSED")), "{body}");
    assert_eq!(titles(&app.get("/api/v1/offers", Some(&next_pupil)).await.1), ["Année N+1 menuiserie"]);
    assert_eq!(app.post(&format!("/api/v1/offers/{c}/applications"), letter(next_week(3)), Some(&next_pupil)).await.0, 201);

    // Again (from the command line): nothing changes, no second mail.
    app.deliver().await;
    let mails = app.smtp.all_to("deuxans@entreprise.fr").len();
    let (ok, out) = year_cli(&app, &["close", &ln, "--now", &summer.format("%Y-%m-%dT%H:%M:%S").to_string()]);
    assert!(ok, "{out}");
    assert!(out.contains(r#""already_closed":true,"applications_closed":0,"classes_archived":0,"pupils_anonymised":0,"hosts_invited":0"#), "{out}");
    app.deliver().await;
    assert_eq!(app.smtp.all_to("deuxans@entreprise.fr").len(), mails);

    // Year N's figures have not moved (the counters of a closed year are frozen).
    app.refresh_stats().await;
    assert_eq!(figures(&app, &national, &ln).await, before);
    assert_eq!(figures(&app, &national, &ln1).await["applications"].as_i64(), Some(1));

    // A year later, closing N+1 anonymises N's pupils (one year after their last year); N's
    // figures still do not move, and the statistics check holds.
    let later = chrono::NaiveDate::from_ymd_opt(n1.start + 1, 7, 10).expect("date").and_hms_opt(9, 0, 0).expect("time");
    app.state.clock.set(Some(later));
    let (status, done) = app.post(&format!("/api/v1/admin/school-years/{ln1}/close"), json!({}), Some(&admin)).await;
    assert_eq!((status, done["pupils_anonymised"].as_i64()), (200, Some(2)), "{done}");
    let (_, users) = app.get("/api/v1/admin/users?role=student&per_page=200", Some(&admin)).await;
    for id in [&placed_id, &waiting_id] {
        let row = users["items"].as_array().expect("items").iter().find(|u| u["id"].as_str() == Some(id.as_str())).expect("still listed");
        assert_eq!((row["first_name"].as_str(), row["email"].as_str()), (Some("NA"), None), "{row}");
    }
    let (_, pupil_apps) = app.get(&format!("/api/v1/applications/{app1}"), Some(&host_token)).await;
    assert_eq!(pupil_apps["motivation"].as_str().unwrap_or(""), "", "the letter is gone: {pupil_apps}");
    app.refresh_stats().await;
    assert_eq!(figures(&app, &national, &ln).await, before);
    let (ok, out) = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(["stats", "verify"])
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("APP_ENV", "test")
        .output()
        .map(|o| (o.status.success(), String::from_utf8_lossy(&o.stdout).into_owned()))
        .expect("run");
    assert!(ok, "{out}");
    app.state.clock.set(None);
}

async fn get_cached(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String, serde_json::Value) {
    let mut r = app.client.get(app.url(path));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let resp = r.send().await.expect("request");
    let cache = resp.headers().get("x-cache").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let (status, body) = TestApp::read(resp).await;
    (status, cache, body)
}

/// The opening rush: pupils of one class share a search answer for a few seconds, visitors and
/// pupils share an offer page; members of the host always read it fresh.
#[tokio::test(flavor = "multi_thread")]
async fn search_and_offer_pages_are_shared_for_a_few_seconds() {
    let app = TestApp::with_config(|c| c.cache_ttl_seconds = 60).await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "cache").await;
    let offer = published(&app, &host_token, &org, offer_body("Atelier vélo", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "cache", &[3]).await;
    let (first, _) = pupil(&app, &s).await;
    let (second, _) = pupil(&app, &s).await;

    let (status, cache, a) = get_cached(&app, "/api/v1/offers", Some(&first)).await;
    assert_eq!((status, cache.as_str()), (200, "miss"), "{a}");
    let (status, cache, b) = get_cached(&app, "/api/v1/offers", Some(&second)).await;
    assert_eq!((status, cache.as_str()), (200, "hit"), "a classmate gets the same answer");
    assert_eq!(a, b);
    assert_eq!(a["items"][0]["title"].as_str(), Some("Atelier vélo"));
    // Another scope (a keyword) is another answer.
    assert_eq!(get_cached(&app, "/api/v1/offers?q=vélo", Some(&second)).await.1, "miss");

    let page = format!("/api/v1/offers/{offer}");
    assert_eq!(get_cached(&app, &page, None).await.1, "miss");
    let (status, cache, body) = get_cached(&app, &page, Some(&first)).await;
    assert_eq!((status, cache.as_str(), body["title"].as_str()), (200, "hit", Some("Atelier vélo")));
    // The host edits: the host sees the change at once; the shared page follows within the TTL.
    let mut changed = offer_body("Atelier vélo et trottinettes", PUITS_LAT, PUITS_LON);
    changed["weeks"] = json!([week(3), week(4)]);
    assert_eq!(app.send("PUT", &page, Some(changed), Some(&host_token)).await.0, 200);
    let (_, cache, mine) = get_cached(&app, &page, Some(&host_token)).await;
    assert_eq!((cache.as_str(), mine["title"].as_str()), ("miss", Some("Atelier vélo et trottinettes")));
}
