//! Reliability across processes: two job runners on one database (as two replicas would run
//! them) send each queued mail exactly once.

mod common;

use common::TestApp;

#[tokio::test(flavor = "multi_thread")]
async fn two_job_runners_send_each_mail_once() {
    let app = TestApp::new().await;
    const MAILS: usize = 120;
    let pool = app.state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("conn");
        for i in 0..MAILS {
            let mail = passerelle::notifications::Email { to: format!("destinataire{i}@exemple.fr"), subject: format!("Message {i}"), text: "Bonjour".into(), html: "<p>Bonjour</p>".into() };
            passerelle::notifications::queue_email(&mut conn, &mail).expect("queue");
        }
    })
    .await
    .expect("join");

    let smtp = app.state.config.smtp_url.clone().expect("smtp");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(["jobs", "run"])
            .env("DATABASE_URL", &app.state.config.database_url)
            .env("APP_ENV", "test")
            .env("SMTP_URL", &smtp)
            .env("WORKER_INTERVAL_MS", "20")
            .env("DATA_DIR", &app.state.config.data_dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start a job runner")
    };
    let mut runners = [spawn(), spawn()];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while app.smtp.all().len() < MAILS && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // A little longer: a duplicate would arrive now.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    for r in &mut runners {
        let _ = r.kill();
        let _ = r.wait();
    }
    let mails = app.smtp.all();
    let mut per_recipient = std::collections::HashMap::new();
    for m in &mails {
        for to in &m.recipients {
            *per_recipient.entry(to.clone()).or_insert(0) += 1;
        }
    }
    assert_eq!(per_recipient.len(), MAILS, "every mail sent");
    assert!(per_recipient.values().all(|n| *n == 1), "each mail once: {:?}", per_recipient.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>());
    assert_eq!(mails.len(), MAILS);
}
