//! Referents' indicators: counters equal a recount after a scripted campaign, each referent sees
//! their scope only, CSV export, open data without small figures.

use crate::common;

use common::world::*;
use common::TestApp;
use serde_json::{json, Value};

async fn refresh(app: &TestApp) {
    app.refresh_stats().await;
}

fn stats_cli(app: &TestApp, action: &str) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(["stats", action])
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("APP_ENV", "test")
        .output()
        .expect("run the binary");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

async fn apply_and_confirm(app: &TestApp, pupil: &str, host: &str, offer: &str, confirm: bool) {
    let (status, a) = app
        .post(
            &format!("/api/v1/offers/{offer}/applications"),
            json!({"weeks": [week(3)], "motivation": "Je voudrais découvrir ce métier de près."}),
            Some(pupil),
        )
        .await;
    assert_eq!(status, 201, "{a}");
    if confirm {
        let id = a["id"].as_str().expect("id");
        assert_eq!(app.post(&format!("/api/v1/applications/{id}/accept"), json!({}), Some(host)).await.0, 200);
        assert_eq!(app.post(&format!("/api/v1/applications/{id}/confirm"), json!({}), Some(pupil)).await.0, 200);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn counters_match_a_recount_and_referents_see_their_scope_only() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    // A private host with two offers, a public one (Culture) with one.
    let (private, org) = host(&app, "prive").await;
    let o1 = published(&app, &private, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let o2 = published(&app, &private, &org, offer_body("Plomberie", PUITS_LAT, PUITS_LON)).await;
    let public = app.user_with_email("musee@culture.gouv.fr", "employer", None, None).await;
    let (_, ministries) = app.get("/api/v1/ministries", None).await;
    let culture = ministries.as_array().expect("list").iter().find(|m| m["name"] == "Culture").expect("culture")["id"].as_str().expect("id").to_owned();
    let (status, museum) = app
        .post("/api/v1/organisations", json!({"name": "Musée d'art", "siret": siret("musee"), "kind": "administration", "is_public": true, "ministry_id": culture, "address": "1 rue X", "postal_code": "42000", "city": "Saint-Étienne"}), Some(&public))
        .await;
    assert_eq!(status, 201, "{museum}");
    let mut body = offer_body("Métiers du musée", PUITS_LAT, PUITS_LON);
    body["sector_id"] = json!("s4");
    let o3 = published(&app, &public, museum["id"].as_str().expect("id"), body).await;

    // Pupils apply; some confirm; one cancels afterwards.
    let s = school(&app, PUITS, "stats", &[3]).await;
    let (p1, _) = pupil(&app, &s).await;
    let (p2, _) = pupil(&app, &s).await;
    let (p3, _) = pupil(&app, &s).await;
    // A girl and a boy; the third pupil does not say.
    for (p, gender) in [(&p1, "female"), (&p2, "male")] {
        let (status, body) =
            app.send("PUT", "/api/v1/pupils/me/profile", Some(json!({"gender": gender, "home_postal_code": null, "legal_representatives": []})), Some(p)).await;
        assert_eq!(status, 200, "{body}");
    }
    apply_and_confirm(&app, &p1, &private, &o1, true).await;
    apply_and_confirm(&app, &p2, &private, &o2, true).await;
    apply_and_confirm(&app, &p3, &public, &o3, false).await;
    let (_, mine) = app.get("/api/v1/pupils/me/applications", Some(&p2)).await;
    let a2 = mine[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(app.post(&format!("/api/v1/applications/{a2}/cancel"), json!({}), Some(&p2)).await.0, 200);

    refresh(&app).await;
    let (ok, out) = stats_cli(&app, "verify");
    assert!(ok, "counters equal a recount: {out}");

    let loire = app.user_with_role("referent", None, Some(("department", "42"))).await;
    let (status, d) = app.get("/api/v1/stats", Some(&loire)).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!((d["offers"].as_i64(), d["offers_public"].as_i64(), d["offers_private"].as_i64()), (Some(3), Some(1), Some(2)), "{d}");
    assert_eq!((d["applications"].as_i64(), d["placements"].as_i64(), d["pupils"].as_i64(), d["consents"].as_i64()), (Some(3), Some(1), Some(3), Some(3)));
    assert_eq!(d["targets"]["total"], 202, "Loire's 2019 target: {}", d["targets"]);
    assert!(d["targets"]["reached_pct"].as_f64().is_some());
    let btp = d["by_sector"].as_array().expect("sectors").iter().find(|s| s["sector_id"] == "s10").expect("BTP").clone();
    assert_eq!((btp["offers"].as_i64(), btp["applications"].as_i64(), btp["placements"].as_i64()), (Some(2), Some(2), Some(1)));
    // The gender split by sector: the girl's placement stays, the boy cancelled his.
    let split =
        |s: &Value| [s["female_applications"].as_i64(), s["male_applications"].as_i64(), s["female_placements"].as_i64(), s["male_placements"].as_i64()];
    assert_eq!(split(&btp), [Some(1), Some(1), Some(1), Some(0)], "{btp}");
    let museum_row = d["by_sector"].as_array().expect("sectors").iter().find(|s| s["sector_id"] == "s4").expect("s4").clone();
    assert_eq!(split(&museum_row), [Some(0), Some(0), Some(0), Some(0)], "gender not stated: {museum_row}");
    let (_, filtered) = app.get("/api/v1/stats?sector=s4", Some(&loire)).await;
    assert_eq!((filtered["offers"].as_i64(), filtered["applications"].as_i64()), (Some(1), Some(1)));

    // Other departments are refused, never answered with zeros.
    let (status, body) = app.get("/api/v1/stats?department=69", Some(&loire)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("OUT_OF_SCOPE")));
    let rhone = app.user_with_role("referent", None, Some(("department", "69"))).await;
    let (_, theirs) = app.get("/api/v1/stats", Some(&rhone)).await;
    assert_eq!(theirs["offers"], 0);
    assert_eq!(app.get("/api/v1/stats?department=42", Some(&rhone)).await.0, 403);
    // A ministry referent sees their ministry's public offers, nothing about pupils.
    let ministry = app.user_with_role("referent", None, Some(("ministry", &culture))).await;
    let (_, m) = app.get("/api/v1/stats", Some(&ministry)).await;
    assert_eq!((m["offers"].as_i64(), m["applications"].as_i64(), m["pupils"].as_i64()), (Some(1), Some(0), Some(0)), "{m}");
    // Pupils and hosts read none of it.
    assert_eq!(app.get("/api/v1/stats", Some(&p1)).await.0, 403);

    // CSV export.
    let resp = app.client.get(app.url("/api/v1/stats/export?table=sectors")).bearer_auth(&loire).send().await.expect("export");
    assert_eq!(resp.status().as_u16(), 200);
    let bytes = resp.bytes().await.expect("body");
    let text = String::from_utf8(bytes.to_vec()).expect("utf-8");
    assert!(text.starts_with('\u{feff}'), "BOM for spreadsheets");
    assert!(text.contains("secteur;offres;places;candidatures;stages confirmés"));
    assert!(text.contains("Bâtiment et travaux publics (BTP);2;"), "{text}");

    // Open data: figures under 5 are not published.
    let (_, open): (u16, Value) = app.get("/api/v1/public/stats", None).await;
    assert!(open["offers"].is_null() && open["placements"].is_null(), "{open}");

    let ministry_row = d["by_ministry"].as_array().expect("ministries").iter().find(|m| m["code"] == culture.as_str()).expect("culture").clone();
    assert_eq!((ministry_row["offers"].as_i64(), ministry_row["target"].as_i64()), (Some(1), Some(150)), "{ministry_row}");
    assert_eq!((d["pupils_placed"].as_i64(), d["pupils_without_placement"].as_i64()), (Some(1), Some(2)));
    let rep = d["by_priority"].as_array().expect("priority").iter().find(|p| p["segment"] == "REP").expect("REP").clone();
    assert_eq!((rep["pupils"].as_i64(), rep["placed"].as_i64()), (Some(3), Some(1)));
    let resp = app.client.get(app.url("/api/v1/public/stats/export")).send().await.expect("open data csv");
    let text = resp.text().await.expect("body");
    assert!(text.contains("France;France entière;moins de 5;moins de 5;moins de 5"), "{text}");
    let resp = app.client.get(app.url("/api/v1/public/stats/export?format=xlsx")).send().await.expect("open data xlsx");
    let sheets = common::xlsx_sheets(&resp.bytes().await.expect("body"));
    assert_eq!(sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["France", "Secteurs", "Départements"]);
    assert_eq!(sheets[0].1[1][2], calamine::Data::String("moins de 5".into()), "withheld in the workbook too");

    // Drill-down: the région and académie above, the schools below.
    assert_eq!(d["by_region"][0]["name"], "Auvergne-Rhône-Alpes");
    assert_eq!(d["by_academie"][0]["offers"], 3);
    let puits = d["by_school"].as_array().expect("schools").iter().find(|s| s["uai"] == PUITS).expect("the school").clone();
    assert_eq!((puits["pupils"].as_i64(), puits["applied"].as_i64(), puits["placed"].as_i64()), (Some(3), Some(3), Some(1)), "{puits}");
    assert_eq!(d["schools_total"].as_i64(), Some(d["by_school"].as_array().map_or(0, |a| a.len() as i64)), "{d}");
    // Every school of the department as CSV (the JSON shows the first 50).
    let resp = app.client.get(app.url("/api/v1/stats/export?table=schools")).bearer_auth(&loire).send().await.expect("export");
    assert_eq!(resp.status().as_u16(), 200);
    let text = resp.text().await.expect("body");
    assert!(
        text.contains("UAI;établissement;éducation prioritaire;élèves;ont candidaté;stage trouvé sur Passerelle;stage trouvé ailleurs;sans stage"),
        "{text}"
    );
    assert!(text.contains(&format!("{PUITS};")) && text.contains(";3;3;1;0;2"), "{text}");
    assert_eq!(app.get("/api/v1/stats/export?table=pupils", Some(&loire)).await.0, 422);
    assert_eq!(app.get("/api/v1/stats/export", Some(&loire)).await.0, 422, "a CSV is one table");
    // The same tables as one XLSX workbook, a sheet each, numbers as numbers.
    let resp = app.client.get(app.url("/api/v1/stats/export?format=xlsx")).bearer_auth(&loire).send().await.expect("xlsx");
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(resp.headers()["content-disposition"].to_str().expect("header").ends_with(".xlsx\""));
    let sheets = common::xlsx_sheets(&resp.bytes().await.expect("body"));
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Départements", "Secteurs", "Genres", "Établissements"]);
    let schools = &sheets[3].1;
    let row = schools.iter().find(|r| r[0] == calamine::Data::String(PUITS.into())).expect("the school's row");
    assert_eq!(
        row[3..],
        [calamine::Data::Float(3.0), calamine::Data::Float(3.0), calamine::Data::Float(1.0), calamine::Data::Float(0.0), calamine::Data::Float(2.0)]
    );
    let loire_row = sheets[0].1.iter().find(|r| r[0] == calamine::Data::String("42".into())).expect("42");
    assert_eq!(loire_row[13], calamine::Data::Float(33.3), "coverage: 1 pupil of 3 has an internship");
    let national = app.user_with_role("referent", None, Some(("national", ""))).await;
    let (_, n) = app.get("/api/v1/stats", Some(&national)).await;
    assert_eq!((n["offers"].as_i64(), n["by_school"].as_array().map(Vec::len)), (Some(3), Some(0)), "schools only for one department");
    // The national view lists every department, those at zero included.
    let (_, deps) = app.get("/api/v1/reference/departments", None).await;
    let rows = n["by_department"].as_array().expect("departments");
    assert!(deps.as_array().expect("list").len() > 90, "{deps}");
    assert_eq!(rows.len(), deps.as_array().expect("list").len(), "one row per department");
    let creuse = rows.iter().find(|r| r["code"] == "23").expect("Creuse listed");
    assert_eq!((creuse["offers"].as_i64(), creuse["name"].as_str()), (Some(0), Some("Creuse")), "{creuse}");
    assert_eq!(rows.iter().find(|r| r["code"] == "42").expect("Loire")["offers"], 3);

    // An admin moves Loire's target: the gauge follows.
    let admin = app.user_with_role("admin", None, None).await;
    let year = year().label();
    let (status, _) = app
        .send(
            "PUT",
            &format!("/api/v1/admin/targets/{year}/department/42"),
            Some(json!({"label": "LOIRE", "target_total": 6, "target_public": 3, "target_private": 3})),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 204);
    let (_, d) = app.get("/api/v1/stats", Some(&loire)).await;
    assert_eq!((d["targets"]["total"].as_i64(), d["targets"]["reached_pct"].as_f64()), (Some(6), Some(50.0)));
    // The targets of the year read back for the back office; referents do not.
    let (status, targets) = app.get(&format!("/api/v1/admin/targets/{year}"), Some(&admin)).await;
    assert_eq!(status, 200, "{targets}");
    let loire_target = targets.as_array().expect("list").iter().find(|t| t["kind"] == "department" && t["code"] == "42").expect("Loire").clone();
    assert_eq!(
        (loire_target["label"].as_str(), loire_target["target_total"].as_i64()),
        (Some("Loire"), Some(6)),
        "the reference name, not the capitals typed: {loire_target}"
    );
    assert_eq!(app.get(&format!("/api/v1/admin/targets/{year}"), Some(&loire)).await.0, 403);

    // A change not yet counted shows up in verify, until the next refresh.
    let (p4, _) = pupil(&app, &s).await;
    apply_and_confirm(&app, &p4, &private, &o1, false).await;
    let (ok, out) = stats_cli(&app, "verify");
    assert!(!ok && out.contains("applications"), "{out}");
    let (ok, _) = stats_cli(&app, "refresh");
    assert!(ok);
    assert!(stats_cli(&app, "verify").0);
    // The server keeps built dashboards, but a refresh (here by another process) shows at once.
    let (_, d) = app.get("/api/v1/stats", Some(&loire)).await;
    assert_eq!(d["applications"].as_i64(), Some(4), "{d}");
}

/// The dashboard says how old its figures are, and a referent rebuilds them when they need the
/// figures of this minute (a rebuild under 10 seconds old stands: many readers, one rebuild).
#[tokio::test(flavor = "multi_thread")]
async fn a_referent_rebuilds_the_figures_and_reads_their_age() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let loire = app.user_with_role("referent", None, Some(("department", "42"))).await;
    let (status, fresh) = app.post("/api/v1/stats/refresh", json!({}), Some(&loire)).await;
    assert_eq!((status, fresh["rebuilt"].as_bool()), (200, Some(true)), "{fresh}");
    let at = fresh["refreshed_at"].as_str().expect("stamp").to_owned();
    let (_, again) = app.post("/api/v1/stats/refresh", json!({}), Some(&loire)).await;
    assert_eq!((again["rebuilt"].as_bool(), again["refreshed_at"].as_str()), (Some(false), Some(at.as_str())), "{again}");

    let resp = app.client.get(app.url("/api/v1/stats")).bearer_auth(&loire).send().await.expect("stats");
    let modified = resp.headers().get("last-modified").and_then(|v| v.to_str().ok()).expect("Last-Modified").to_owned();
    let (_, d) = TestApp::read(resp).await;
    assert_eq!(d["refreshed_at"].as_str(), Some(at.as_str()));
    let stamp = chrono::DateTime::parse_from_rfc2822(&modified).expect("an HTTP date");
    let field = chrono::DateTime::parse_from_rfc3339(&at).expect("RFC 3339");
    assert_eq!(stamp.timestamp(), field.timestamp(), "{modified} vs {at}");

    let pupil = app.user_with_role("student", None, None).await;
    assert_eq!(app.post("/api/v1/stats/refresh", json!({}), Some(&pupil)).await.0, 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn referents_see_the_priority_schools_that_have_not_started() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "prioritaires").await;
    let offer = published(&app, &host_token, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    // Puits (REP): registered, weeks, one pupil, no placement yet. Marc Seguin (REP+): registered,
    // no weeks. The ten other REP/REP+ collèges of the Loire: not registered.
    let s = school(&app, PUITS, "prio", &[3]).await;
    let (pupil_token, _) = pupil(&app, &s).await;
    let seguin = app.user_with_email("seguin.principal@ac-lyon.fr", "school_staff", Some("principal"), None).await;
    assert_eq!(app.post("/api/v1/schools", json!({"uai": "0421451Z"}), Some(&seguin)).await.0, 201);
    refresh(&app).await;

    let referent = app.user_with_role("referent", None, Some(("department", "42"))).await;
    let (status, rows) = app.get("/api/v1/stats/priority-schools", Some(&referent)).await;
    assert_eq!(status, 200, "{rows}");
    let rows = rows.as_array().expect("a list").clone();
    assert_eq!(rows.len(), 12, "every REP and REP+ collège of the Loire");
    let stages: Vec<&str> = rows.iter().filter_map(|r| r["stage"].as_str()).collect();
    assert_eq!(stages.iter().filter(|s| **s == "not_registered").count(), 10);
    // The furthest behind first.
    assert_eq!(&stages[10..], ["no_weeks", "no_placement"]);
    let puits = &rows[11];
    assert_eq!((puits["uai"].as_str(), puits["pupils"].as_i64(), puits["placed"].as_i64()), (Some(PUITS), Some(1), Some(0)));
    assert_eq!(puits["principal_email"], "prio.principal@ac-lyon.fr");
    assert!(puits["directory_url"].as_str().is_some_and(|u| u.ends_with(PUITS)));
    assert_eq!(rows[10]["priority_education"], "REP+");

    // A placement: Puits has started and leaves the list.
    apply_and_confirm(&app, &pupil_token, &host_token, &offer, true).await;
    refresh(&app).await;
    let (_, rows) = app.get("/api/v1/stats/priority-schools", Some(&referent)).await;
    assert!(rows.as_array().expect("list").iter().all(|r| r["uai"] != PUITS), "{rows}");
    assert_eq!(rows.as_array().map(Vec::len), Some(11));

    // Scope: another department's referent sees none of these; asking outside one's scope is 403.
    let elsewhere = app.user_with_role("referent", None, Some(("department", "13"))).await;
    let (status, rows) = app.get("/api/v1/stats/priority-schools", Some(&elsewhere)).await;
    assert_eq!((status, rows), (200, json!([])));
    let (status, body) = app.get("/api/v1/stats/priority-schools?department=42", Some(&elsewhere)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("OUT_OF_SCOPE")));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_weekly_figures_go_out_on_monday_once_without_small_figures() {
    use chrono::Datelike;
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let loire = app.user_with_email("referent.loire@prefecture.gouv.fr", "referent", None, Some(("department", "42"))).await;
    let quiet = app.user_with_email("referent.discret@prefecture.gouv.fr", "referent", None, Some(("department", "42"))).await;
    app.user_with_email("admin.national@passerelle.fr", "admin", None, None).await;

    // The referent who opts out reads it back; the other stays subscribed.
    let (status, body) = app.send("PUT", "/api/v1/me/kpi-email", Some(json!({"subscribed": false})), Some(&quiet)).await;
    assert_eq!((status, body), (200, json!({"subscribed": false})));
    assert_eq!(app.get("/api/v1/me/kpi-email", Some(&quiet)).await.1, json!({"subscribed": false}));
    assert_eq!(app.get("/api/v1/me/kpi-email", Some(&loire)).await.1, json!({"subscribed": true}));

    // Two days of the Loire's series, a week apart, both after today (the counters' rebuilds
    // of the job runner write today's).
    let mut monday = chrono::Utc::now().date_naive() + chrono::Duration::days(8);
    while monday.weekday() != chrono::Weekday::Mon {
        monday += chrono::Duration::days(1);
    }
    let y = year().label();
    app.exec("DELETE FROM stats_daily").await;
    let worker = app.state.worker().expect("worker");
    let at = |d: chrono::NaiveDate, h: u32| d.and_hms_opt(h, 30, 0).expect("a time");
    // No day's figures yet (a fresh start on a Monday): nothing is sent and the week's slot
    // stays free for when there is something to send.
    worker.sweep(at(monday, 7)).await.expect("sweep");
    app.deliver().await;
    assert!(app.smtp.last_to("referent.loire@prefecture.gouv.fr").is_none(), "no figures, no e-mail");
    for (day, offers, applications) in [(monday - chrono::Duration::days(7), 100, 1), (monday, 120, 3)] {
        app.exec(&format!(
            "INSERT INTO stats_daily (school_year, day, department_code, metric, value) VALUES ('{y}', '{day}', '42', 'offers', {offers}), ('{y}', '{day}', '42', 'applications', {applications})"
        ))
        .await;
    }

    // Not before Monday 7:00.
    worker.sweep(at(monday, 6)).await.expect("sweep");
    app.deliver().await;
    assert!(app.smtp.last_to("referent.loire@prefecture.gouv.fr").is_none());
    // Monday 7:30, two replicas at once: one e-mail each.
    let (one, two) = tokio::join!(worker.sweep(at(monday, 7)), worker.sweep(at(monday, 7)));
    one.expect("sweep");
    two.expect("sweep");
    app.deliver().await;
    for to in ["referent.loire@prefecture.gouv.fr", "admin.national@passerelle.fr", "equipe.nationale@exemple.fr"] {
        let mails = app.smtp.all_to(to);
        assert_eq!(mails.len(), 1, "{to}");
        let text = mails[0].decoded();
        assert!(text.contains("Offres publiées : 120 (+20 en une semaine)"), "{to}: {text}");
        assert!(text.contains("/espace"), "the link opens the dashboard: {text}");
        assert!(text.contains("Candidatures : moins de 5 (variation de moins de 5 en une semaine)"), "{to}: {text}");
        assert!(!text.contains("Candidatures : 3"), "{text}");
    }
    assert!(app.smtp.all_to("referent.loire@prefecture.gouv.fr")[0].decoded().contains("42 Loire"));
    assert!(app.smtp.all_to("referent.discret@prefecture.gouv.fr").is_empty(), "opted out");
    // Later that day: no second e-mail.
    worker.sweep(at(monday, 9)).await.expect("sweep");
    app.deliver().await;
    assert_eq!(app.smtp.all_to("referent.loire@prefecture.gouv.fr").len(), 1);

    // The series the dashboard reads: both days, oldest first.
    let (status, series) = app.get("/api/v1/stats/series", Some(&loire)).await;
    assert_eq!(status, 200, "{series}");
    let offers: Vec<i64> = series.as_array().expect("days").iter().filter_map(|d| d["offers"].as_i64()).collect();
    assert_eq!(offers, vec![100, 120]);
}
