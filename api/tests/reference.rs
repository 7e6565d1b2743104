//! Reference data: import (idempotent, rejects, malformed files) and the public searches.

use crate::common;

use std::path::Path;

use common::TestApp;
use passerelle::reference::import::{import, Kind};

use common::reference_fixture as fixture;

async fn run_import(app: &TestApp, kind: Kind, dir: &Path) -> Result<Vec<passerelle::reference::import::Report>, String> {
    let pool = app.state.pool.clone();
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || import(&mut pool.get().expect("conn"), kind, &dir)).await.expect("join")
}

#[tokio::test(flavor = "multi_thread")]
async fn import_twice_updates_and_never_duplicates() {
    let app = TestApp::new().await;
    let dir = fixture(&["42", "94"]);
    let first = run_import(&app, Kind::All, dir.path()).await.expect("import");
    let schools = first.iter().find(|r| r.kind == "schools").expect("schools report");
    assert!(schools.inserted > 100, "{schools}");
    assert_eq!(schools.updated, 0);
    let departments = first.iter().find(|r| r.kind == "departments").expect("departments");
    assert_eq!((departments.inserted, departments.rejected.len()), (109, 0));
    let count = app.count("schools").await;
    let communes = app.count("communes").await;

    let second = run_import(&app, Kind::All, dir.path()).await.expect("again");
    let schools2 = second.iter().find(|r| r.kind == "schools").expect("schools report");
    assert_eq!((schools2.inserted, schools2.updated), (0, schools.inserted));
    assert_eq!(app.count("schools").await, count);
    assert_eq!(app.count("communes").await, communes);
    assert_eq!(app.count("sectors").await, 51);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_rows_are_rejected_with_their_line_and_reason() {
    let app = TestApp::new().await;
    let dir = fixture(&["07"]);
    run_import(&app, Kind::Departments, dir.path()).await.expect("departments");
    let path = dir.path().join("etablissements_colleges_lycees.csv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    let good = text.lines().count() - 1;
    text.push_str("BADUAI,college,Collège Faux,Public,340,COLLEGE,1 rue,07000,07186,Privas,07,08,84,44.7,4.6,,,,,,etablissement,test\n");
    text.push_str("0079999Z,college,Collège Perdu,Public,340,COLLEGE,1 rue,07000,07186,Privas,07,08,84,144.7,4.6,,,,,,etablissement,test\n");
    text.push_str("0079998Z,college,Collège Étrange,Semi-public,340,COLLEGE,1 rue,07000,07186,Privas,07,08,84,44.7,4.6,,,,,,etablissement,test\n");
    std::fs::write(&path, text).expect("write");
    let reports = run_import(&app, Kind::Schools, dir.path()).await.expect("import");
    let r = &reports[0];
    assert_eq!(r.read, good + 3);
    assert_eq!(r.inserted, good);
    let reasons: Vec<&str> = r.rejected.iter().map(|(_, why)| why.as_str()).collect();
    assert_eq!(r.rejected.len(), 3, "{reasons:?}");
    assert!(reasons[0].contains("UAI invalide"));
    assert!(reasons[1].contains("hors limites"));
    assert!(reasons[2].contains("statut inconnu"));
    assert_eq!(r.rejected[0].0, good + 2, "line numbers count the header");
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_files_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let dir = fixture(&["07"]);
    run_import(&app, Kind::All, dir.path()).await.expect("import");
    let before = app.count("schools").await;
    let path = dir.path().join("etablissements_colleges_lycees.csv");
    let original = std::fs::read_to_string(&path).expect("read");

    // A missing column.
    std::fs::write(&path, original.replacen("uai,", "code,", 1)).expect("write");
    let err = run_import(&app, Kind::Schools, dir.path()).await.expect_err("refused");
    assert!(err.contains("colonnes manquantes : uai"), "{err}");

    // A row with the wrong number of fields, after good rows that must not be written either.
    let mut broken: Vec<String> = original.lines().map(|l| l.replacen(",Collège", ",Collège Renommé", 1)).collect();
    broken.push("0070000A,college,Trop court".into());
    std::fs::write(&path, broken.join("\n")).expect("write");
    let err = run_import(&app, Kind::Schools, dir.path()).await.expect_err("refused");
    assert!(err.contains("mal formée"), "{err}");
    assert_eq!(app.count("schools").await, before);
    let (_, found) = app.get("/api/v1/reference/schools?q=renomme", None).await;
    assert_eq!(found, serde_json::json!([]), "nothing from the refused file was written");
}

#[tokio::test(flavor = "multi_thread")]
async fn schools_are_found_by_name_city_or_uai_whatever_the_accents() {
    let app = TestApp::new().await;
    let dir = fixture(&["42", "94"]);
    run_import(&app, Kind::All, dir.path()).await.expect("import");

    let (status, body) = app.get("/api/v1/reference/schools?q=SAINT%20ETIENNE%20college&limit=50", None).await;
    assert_eq!(status, 200);
    let list = body.as_array().expect("list");
    assert!(!list.is_empty());
    let norm = |v: &serde_json::Value| passerelle::reference::rules::normalize(v.as_str().unwrap_or(""));
    assert!(list.iter().all(|s| norm(&s["commune_name"]).contains("saint etienne") || norm(&s["name"]).contains("saint etienne")), "{body}");
    assert!(list.iter().all(|s| norm(&s["name"]).contains("college")));
    let uai = list[0]["uai"].as_str().expect("uai").to_owned();

    let (_, by_uai) = app.get(&format!("/api/v1/reference/schools?q={}", uai.to_lowercase()), None).await;
    assert_eq!(by_uai[0]["uai"], uai.as_str());

    let (_, hay) = app.get("/api/v1/reference/schools?q=l%27hay%20les%20roses&department=94", None).await;
    assert!(hay.as_array().is_some_and(|l| !l.is_empty() && l.iter().all(|s| s["department_code"] == "94")), "{hay}");

    let (status, body) = app.get("/api/v1/reference/schools?q=", None).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("VALIDATION_ERROR")));
    let long = "a".repeat(101);
    let (status, _) = app.get(&format!("/api/v1/reference/schools?q={long}"), None).await;
    assert_eq!(status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn geocoding_a_postal_code_or_a_city_offline() {
    let app = TestApp::new().await;
    let dir = fixture(&["42", "94"]);
    run_import(&app, Kind::All, dir.path()).await.expect("import");

    let (status, body) = app.get("/api/v1/reference/communes?q=42000", None).await;
    assert_eq!(status, 200);
    assert_eq!(body[0]["name"], "Saint-Étienne");
    let lat = body[0]["latitude"].as_f64().expect("lat");
    assert!((45.3..45.5).contains(&lat), "{lat}");

    let (_, body) = app.get("/api/v1/reference/communes?q=L%27HAY%20LES%20ROSES", None).await;
    assert_eq!(body[0]["name"], "L'Haÿ-les-Roses");
    assert!(body[0]["postal_codes"].as_array().is_some_and(|p| p.contains(&serde_json::json!("94240"))));

    let pool = app.state.pool.clone();
    let found = tokio::task::spawn_blocking(move || passerelle::reference::geocode(&mut pool.get().expect("conn"), "saint etienne"))
        .await
        .expect("join")
        .expect("query")
        .expect("a commune");
    assert_eq!(found.insee_code, "42218");
}

#[tokio::test(flavor = "multi_thread")]
async fn sectors_departments_and_naf() {
    let app = TestApp::new().await;
    let dir = fixture(&["75"]);
    run_import(&app, Kind::All, dir.path()).await.expect("import");
    let (_, sectors) = app.get("/api/v1/reference/sectors", None).await;
    assert_eq!(sectors.as_array().map(Vec::len), Some(51));
    let (_, deps) = app.get("/api/v1/reference/departments", None).await;
    let paris = deps.as_array().expect("list").iter().find(|d| d["code"] == "75").expect("Paris").clone();
    assert_eq!(paris["academie_email_domain"], "ac-paris.fr");
    let (status, naf) = app.get("/api/v1/reference/naf/62.01Z", None).await;
    assert_eq!(status, 200, "{naf}");
    assert!(naf["sector_id"].as_str().is_some_and(|s| s.starts_with('s')));
    let (status, _) = app.get("/api/v1/reference/naf/99.99Q", None).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_address_in_paris_is_placed_in_its_arrondissement() {
    let app = TestApp::new().await;
    app.import_reference(&["75"]).await;
    let pool = app.state.pool.clone();
    let (paris20, centre) = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("conn");
        let a = passerelle::reference::geocode_address(&mut conn, "75020", "Paris").expect("query").expect("found");
        let b = passerelle::reference::geocode_address(&mut conn, "75020", "").expect("query").expect("found");
        (a, b)
    })
    .await
    .expect("join");
    assert_eq!(paris20.name, "Paris 20e Arrondissement", "not the centre of Paris");
    assert!(centre.latitude.is_some());
}
