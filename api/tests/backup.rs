//! `passerelle backup` then `passerelle restore` through the real binary, on the backend under
//! test: what was there at the backup comes back, what came after goes.

use crate::common;

use common::TestApp;

fn cli(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("DATA_DIR", &app.state.config.data_dir)
        .env("APP_ENV", "test")
        .output()
        .expect("run the binary");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Emails of the accounts, read through a fresh connection (not the test server's pool).
async fn emails(url: String) -> Vec<String> {
    tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        use passerelle::db::schema::users;
        let (pool, _) = passerelle::db::connect(&url, 1).expect("connect");
        let mut conn = pool.get().expect("conn");
        let mut e: Vec<String> = users::table.select(users::email).load::<Option<String>>(&mut conn).expect("load").into_iter().flatten().collect();
        e.sort();
        e
    })
    .await
    .expect("join")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_restores_what_it_saved() {
    let app = TestApp::new().await;
    app.user_with_email("avant@exemple.fr", "employer", None, None).await;
    let file = tempfile::tempdir().expect("dir");
    let path = file.path().join("sauvegarde.bin");
    let (ok, out) = cli(&app, &["backup", "--output", path.to_str().expect("utf-8")]);
    assert!(ok, "{out}");
    assert!(std::fs::metadata(&path).expect("written").len() > 0);
    let (ok, out) = cli(&app, &["backup", "--output", path.to_str().expect("utf-8")]);
    assert!(!ok && out.contains("existe déjà"), "never overwrites: {out}");

    app.user_with_email("apres@exemple.fr", "employer", None, None).await;
    let url = app.state.config.database_url.clone();
    assert!(emails(url.clone()).await.contains(&"apres@exemple.fr".to_owned()));

    let (ok, out) = cli(&app, &["restore", path.to_str().expect("utf-8")]);
    assert!(ok, "{out}");
    let after = emails(url.clone()).await;
    assert!(after.contains(&"avant@exemple.fr".to_owned()) && !after.contains(&"apres@exemple.fr".to_owned()), "{after:?}");

    // Something that is not a backup is refused, and changes nothing.
    let junk = file.path().join("pas-une-sauvegarde.bin");
    std::fs::write(&junk, b"bonjour").expect("write");
    let (ok, _) = cli(&app, &["restore", junk.to_str().expect("utf-8")]);
    assert!(!ok);
    assert_eq!(emails(url).await, after);
}
