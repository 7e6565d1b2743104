//! Agreements: from a confirmed placement to a fully signed convention (host, school, pupil,
//! two legal representatives through single-use links and codes), the refusals, the PDF and
//! its verification, absences, the attestation, cancellation and reminders.

use crate::common;

use common::world::*;
use common::TestApp;
use serde_json::{json, Value};

struct Placement {
    host: String,
    school: School,
    pupil: String,
    teacher: String,
    teacher_user: String,
    other_teacher: String,
    agreement: String,
}

/// `column` ten minutes earlier, in the backend's SQL.
fn ten_minutes_before(column: &str) -> String {
    if common::backend_name() == "postgres" {
        format!("{column} - INTERVAL '10 minutes'")
    } else {
        format!("datetime({column}, '-10 minutes')")
    }
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}")).to_owned()
}

async fn staff(app: &TestApp, s: &School, email: &str, function: &str, classes: &[&str]) -> (String, Value) {
    let token = app.user_with_email(email, "school_staff", Some(function), None).await;
    let (status, member) = app
        .post(
            &format!("/api/v1/schools/{}/staff", s.uai),
            json!({"email": email, "first_name": "Prénom", "last_name": function, "function": function, "class_ids": classes}),
            Some(&s.principal),
        )
        .await;
    assert_eq!(status, 201, "{member}");
    (token, member)
}

/// A pupil (born 2012, two legal representatives) confirmed at a host's offer in week 3.
async fn placement(app: &TestApp, who: &str) -> Placement {
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(app, &format!("hote-{who}")).await;
    let offer = published(app, &host_token, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let s = school(app, PUITS, who, &[3]).await;
    let (teacher, member) = staff(app, &s, &format!("prof.{who}@ac-lyon.fr"), "main_teacher", &[&s.class_id]).await;
    let (other_teacher, _) = staff(app, &s, &format!("autre.{who}@ac-lyon.fr"), "teacher", &[]).await;
    let (pupil_token, _) = pupil(app, &s).await;
    let (status, body) = app
        .send(
            "PUT",
            "/api/v1/pupils/me/profile",
            Some(json!({"birth_date": "2012-04-02", "gender": "female", "home_postal_code": "42000", "contact_phone": null,
                        "legal_representatives": [{"name": "Marie Petit", "email": format!("marie.{who}@famille.fr"), "phone": null},
                                                  {"name": "Jean Petit", "email": format!("jean.{who}@famille.fr"), "phone": null}]})),
            Some(&pupil_token),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, a) = app
        .post(
            &format!("/api/v1/offers/{offer}/applications"),
            json!({"weeks": [week(3)], "motivation": "J'aime le bricolage et je voudrais découvrir ce métier."}),
            Some(&pupil_token),
        )
        .await;
    assert_eq!(status, 201, "{a}");
    let application = text(&a, "id");
    assert_eq!(app.post(&format!("/api/v1/applications/{application}/accept"), json!({}), Some(&host_token)).await.0, 200);
    let (status, body) = app.post(&format!("/api/v1/applications/{application}/confirm"), json!({}), Some(&pupil_token)).await;
    assert_eq!(status, 200, "{body}");
    let (status, list) = app.get("/api/v1/agreements", Some(&pupil_token)).await;
    assert_eq!(status, 200, "{list}");
    let list = list.as_array().expect("list").clone();
    assert_eq!(list.len(), 1, "one agreement per placement");
    assert_eq!((list[0]["status"].as_str(), list[0]["waiting_for"].clone()), (Some("host_to_fill"), json!(["host"])));
    assert_eq!(list[0]["application_id"].as_str(), Some(application.as_str()));
    // The host finds the placement among its confirmed ones, with its agreement; not in the inbox.
    let (status, confirmed) = app.get(&format!("/api/v1/organisations/{org}/applications?status=confirmed"), Some(&host_token)).await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!((confirmed[0]["id"].as_str(), confirmed[0]["agreement_id"].as_str()), (Some(application.as_str()), list[0]["id"].as_str()), "{confirmed}");
    assert_eq!(confirmed[0]["agreement_status"], "host_to_fill", "where the agreement stands, in the same answer: {confirmed}");
    assert_eq!(confirmed[0]["agreement_waiting_for"], json!(["host"]), "{confirmed}");
    let (_, open) = app.get(&format!("/api/v1/organisations/{org}/applications"), Some(&host_token)).await;
    assert!(open.as_array().expect("list").iter().all(|a| a["id"] != application.as_str()), "{open}");
    assert_eq!(app.get(&format!("/api/v1/organisations/{org}/applications?status=everything"), Some(&host_token)).await.0, 422);
    Placement {
        host: host_token,
        school: s,
        pupil: pupil_token,
        teacher,
        teacher_user: text(&member, "user_id"),
        other_teacher,
        agreement: text(&list[0], "id"),
    }
}

fn host_part(start: &str, end: &str) -> Value {
    let monday = chrono::NaiveDate::from_isoywd_opt(year().start + 1, 3, chrono::Weekday::Mon).expect("monday");
    let days: Vec<Value> =
        (0..5).map(|i| json!({"date": (monday + chrono::Duration::days(i)).to_string(), "start": start, "end": end, "break_minutes": 60})).collect();
    json!({
        "representative_name": "Claire Martin", "representative_function": "Gérante",
        "signatory_name": "Test Compte", "signatory_function": "Responsable des stages",
        "tutor_name": "Paul Martin", "tutor_function": "Chef d'équipe", "tutor_email": "paul@entreprise.fr", "tutor_phone": "04 77 00 00 00",
        "days": days,
        "activities": "Visites de chantier, préparation du matériel, réunion d'équipe",
        "skills": "Découvrir les règles de sécurité et le travail en équipe",
        "lunch": "Cantine de l'entreprise, repas offert",
        "host_insurance": "MAIF, contrat 123456",
        "safety": "Casque et chaussures fournis ; aucune machine, aucun produit dangereux"
    })
}

async fn agreement(app: &TestApp, token: &str, id: &str) -> Value {
    let (status, a) = app.get(&format!("/api/v1/agreements/{id}"), Some(token)).await;
    assert_eq!(status, 200, "{a}");
    a
}

async fn sign(app: &TestApp, token: &str, id: &str, hash: &str) -> (u16, Value) {
    app.post(&format!("/api/v1/agreements/{id}/sign"), json!({"document_hash": hash}), Some(token)).await
}

/// The token of the newest signing link mailed to `to`.
async fn link_token(app: &TestApp, to: &str) -> String {
    let mail = app.last_mail_to(to).await.decoded();
    let start = mail.find("/convention/signer/").unwrap_or_else(|| panic!("no link in {mail}")) + "/convention/signer/".len();
    mail[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

async fn code(app: &TestApp, token: &str, to: &str) -> String {
    let (status, body) = app.post(&format!("/api/v1/signing/{token}/code"), json!({}), None).await;
    assert_eq!(status, 200, "{body}");
    let mail = app.last_mail_to(to).await.decoded();
    let at = mail.find("convention : ").expect("code line") + "convention : ".len();
    mail[at..at + 6].to_owned()
}

/// The text of a PDF as Debian's `pdftotext` (poppler-utils, installed by `make test`) extracts it.
/// The file declares PDF/UA-1 and PDF/A-2a, which the writer checked (it refuses to write otherwise).
fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF-1.7"), "a PDF file");
    let raw = String::from_utf8_lossy(bytes);
    assert!(raw.contains("<pdfuaid:part>1</pdfuaid:part>") && raw.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/UA-1 and PDF/A-2 declared");
    assert!(raw.contains("/StructTreeRoot"), "tagged");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, bytes).expect("write");
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[tokio::test(flavor = "multi_thread")]
async fn from_placement_to_a_signed_agreement_with_its_pdf() {
    let app = TestApp::new().await;
    let p = placement(&app, "conv").await;
    let id = p.agreement.clone();
    let (other_host, _) = host(&app, "intrus").await;
    let referent = app.user_with_role("referent", None, Some(("department", "42"))).await;

    // Who may read it: the parties and those who follow the pupil; nobody else.
    assert_eq!(app.get(&format!("/api/v1/agreements/{id}"), None).await.0, 401);
    assert_eq!(app.get(&format!("/api/v1/agreements/{id}"), Some(&other_host)).await.0, 404);
    assert_eq!(app.get(&format!("/api/v1/agreements/{id}"), Some(&referent)).await.0, 403);
    let (status, body) = app.get(&format!("/api/v1/agreements/{id}"), Some(&p.other_teacher)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("CLASS_NOT_FOLLOWED")));
    assert_eq!(agreement(&app, &p.teacher, &id).await["viewer"], "school");
    let first = agreement(&app, &p.host, &id).await;
    assert_eq!(first["host_part"]["tutor_name"], "Paul Martin", "prefilled from the offer");
    let draft = text(&first, "document_text");
    assert!(draft.contains("Tuteur dans l'organisme : Paul Martin"), "the draft shows the offer's tutor, not a blank: {draft}");
    assert!(app.last_mail_to("hote-conv@entreprise.fr").await.decoded().contains("remplissez la convention"));

    // Each side fills its own part; the school waits for the host.
    let (status, body) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("09:00", "17:00")), Some(&p.school.principal)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("NOT_YOUR_PART")));
    let school_part = json!({"principal_name": "Anne Leroy", "teacher_user_id": p.teacher_user, "pupil_insurance_provided": true, "pupil_insurer": "MAE"});
    let (status, body) = app.send("PUT", &format!("/api/v1/agreements/{id}/school-part"), Some(school_part.clone()), Some(&p.host)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("NOT_YOUR_PART")));
    let (status, body) = app.send("PUT", &format!("/api/v1/agreements/{id}/school-part"), Some(school_part.clone()), Some(&p.school.principal)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("HOST_PART_MISSING")));
    let (status, body) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("08:00", "17:00")), Some(&p.host)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["days[0]"][0].as_str().expect("message").contains("7 h par jour"));
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("09:00", "17:00")), Some(&p.host)).await;
    assert_eq!((status, a["status"].as_str()), (200, Some("school_to_fill")), "{a}");
    assert!(app.last_mail_to("conv.principal@ac-lyon.fr").await.decoded().contains("complétez celle de l'établissement"));
    let (status, body) = app
        .send(
            "PUT",
            &format!("/api/v1/agreements/{id}/school-part"),
            Some(json!({"principal_name": "Anne Leroy", "teacher_user_id": "inconnu"})),
            Some(&p.school.principal),
        )
        .await;
    assert_eq!((status, body["fields"]["teacher_user_id"].is_array()), (422, true), "{body}");
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{id}/school-part"), Some(school_part.clone()), Some(&p.school.principal)).await;
    assert_eq!((status, a["status"].as_str()), (200, Some("to_sign")), "{a}");
    assert_eq!(a["waiting_for"], json!(["host", "school", "pupil", "legal_rep_1", "legal_rep_2"]));
    let doc = text(&a, "document_text");
    let teacher_line = doc.lines().find(|l| l.contains("Enseignant chargé du suivi")).expect("teacher line");
    assert!(!teacher_line.contains("à compléter"), "{teacher_line}");
    assert!(app.last_mail_to("prof.conv@ac-lyon.fr").await.decoded().contains("suivre"));

    // Signing needs the hash of the text read; the pupil and the host sign.
    let hash = text(&a, "document_hash");
    // A draft printed now is not a signed agreement, and its verification says so.
    let (status, v) = app.get(&format!("/api/v1/agreements/{id}/verify?hash={hash}"), None).await;
    assert_eq!((status, v["valid"].as_bool(), v["signed"].as_bool()), (200, Some(false), Some(false)), "{v}");
    assert!(v["message"].as_str().is_some_and(|m| m.contains("pas encore signé")), "{v}");
    let (status, body) = sign(&app, &p.pupil, &id, &"0".repeat(64)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("AGREEMENT_CHANGED")));
    assert_eq!(sign(&app, &p.pupil, &id, &hash).await.0, 200);
    let (status, body) = sign(&app, &p.pupil, &id, &hash).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("ALREADY_SIGNED")));
    assert_eq!(sign(&app, &p.teacher, &id, &hash).await.0, 403, "a teacher does not sign for the school");
    let (status, a) = sign(&app, &p.host, &id, &hash).await;
    assert_eq!((status, a["signatures"].as_array().map(Vec::len)), (200, Some(2)), "{a}");

    // A change after signatures voids them and tells the signers.
    let mut changed = host_part("09:00", "16:00");
    changed["activities"] = json!("Visites de chantier et atelier de câblage");
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(changed), Some(&p.host)).await;
    assert_eq!((status, a["signatures"].as_array().map(Vec::len), a["status"].as_str()), (200, Some(0), Some("to_sign")), "{a}");
    app.deliver().await;
    assert!(app.smtp.all_to("hote-conv@entreprise.fr").iter().any(|m| m.decoded().contains("signée de nouveau")), "the signers are told");
    let old_hash = hash;
    let hash = text(&a, "document_hash");
    assert_ne!(hash, old_hash);
    let (status, body) = sign(&app, &p.pupil, &id, &old_hash).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("AGREEMENT_CHANGED")));
    assert_eq!(sign(&app, &p.pupil, &id, &hash).await.0, 200);
    assert_eq!(sign(&app, &p.host, &id, &hash).await.0, 200);
    // The principal signs many at once; each item answers on its own.
    let (status, batch) = app
        .post(
            "/api/v1/agreements/sign-batch",
            json!({"items": [{"agreement_id": id, "document_hash": hash}, {"agreement_id": "nope", "document_hash": hash}]}),
            Some(&p.school.principal),
        )
        .await;
    assert_eq!(status, 200, "{batch}");
    assert_eq!((batch[0]["signed"].as_bool(), batch[1]["signed"].as_bool(), batch[1]["error"]["code"].as_str()), (Some(true), Some(false), Some("NOT_FOUND")));

    // Legal representative 1: link by mail, code by mail; five wrong codes lock the link.
    let marie = "marie.conv@famille.fr";
    let token = link_token(&app, marie).await;
    let (status, view) = app.get(&format!("/api/v1/signing/{token}"), None).await;
    assert_eq!((status, view["representative_name"].as_str()), (200, Some("Marie Petit")), "{view}");
    assert_eq!(text(&view, "document_hash"), hash);
    let signed: Vec<&str> = view["signed"].as_array().expect("signed").iter().filter_map(|s| s["party"].as_str()).collect();
    assert_eq!(signed.len(), 3, "pupil, host and school signed before: {view}");
    assert!(view["waiting_for"].as_array().expect("waiting").iter().any(|p| p == "legal_rep_1"), "{view}");
    let good = code(&app, &token, marie).await;
    let wrong = if good == "000000" { "111111" } else { "000000" };
    // A malformed hash is refused before the code is read: no attempt is spent on it.
    let (status, body) = app.post(&format!("/api/v1/signing/{token}/sign"), json!({"code": wrong, "document_hash": "ABC"}), None).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("VALIDATION_ERROR")), "{body}");
    assert!(body["fields"]["document_hash"][0].as_str().is_some_and(|m| m.contains("64")), "{body}");
    for left in (1..5).rev() {
        let (status, body) = app.post(&format!("/api/v1/signing/{token}/sign"), json!({"code": wrong, "document_hash": hash}), None).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("WRONG_CODE")), "{body}");
        assert!(body["fields"]["code"][0].as_str().expect("message").contains(&format!("{left} essai")));
    }
    let (status, body) = app.post(&format!("/api/v1/signing/{token}/sign"), json!({"code": wrong, "document_hash": hash}), None).await;
    assert_eq!((status, body["code"].as_str()), (423, Some("LINK_LOCKED")));
    let (status, body) = app.post(&format!("/api/v1/signing/{token}/sign"), json!({"code": good, "document_hash": hash}), None).await;
    assert_eq!((status, body["code"].as_str()), (423, Some("LINK_LOCKED")), "even the right code is refused now");

    // The school resends: rate-limited, then a fresh link works once.
    let (status, body) = app.post(&format!("/api/v1/agreements/{id}/signing-links"), json!({}), Some(&p.teacher)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("NOT_A_SIGNER")));
    let (status, sent) = app.post(&format!("/api/v1/agreements/{id}/signing-links"), json!({}), Some(&p.school.principal)).await;
    assert_eq!((status, sent.as_array().map(Vec::len)), (200, Some(2)), "{sent}");
    assert_eq!(sent[0]["sent_to"], "m…@famille.fr");
    let (status, body) = app.post(&format!("/api/v1/agreements/{id}/signing-links"), json!({}), Some(&p.school.principal)).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("LINK_RESEND_LIMIT")), "5 minutes between two resends: {body}");
    // Legal representative 2: an expired link is refused.
    let jean = "jean.conv@famille.fr";
    let token = link_token(&app, jean).await;
    app.exec(&format!("UPDATE signing_links SET expires_at = {} WHERE used_at IS NULL", ten_minutes_before("created_at"))).await;
    let (status, body) = app.get(&format!("/api/v1/signing/{token}"), None).await;
    assert_eq!((status, body["code"].as_str()), (410, Some("LINK_EXPIRED")));
    app.exec(&format!("UPDATE signing_links SET created_at = {}", ten_minutes_before("created_at"))).await;
    let (status, sent) = app.post(&format!("/api/v1/agreements/{id}/signing-links"), json!({}), Some(&p.school.principal)).await;
    assert_eq!((status, sent.as_array().map(Vec::len)), (200, Some(2)), "either representative may sign: {sent}");

    // One representative's signature suffices (either of two): Marie signs last.
    let token = link_token(&app, marie).await;
    let good = code(&app, &token, marie).await;
    let (status, body) = app.post(&format!("/api/v1/signing/{token}/sign"), json!({"code": good, "document_hash": hash}), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("signed")), "{body}");
    let (status, body) = app.get(&format!("/api/v1/signing/{token}"), None).await;
    assert_eq!((status, body["code"].as_str()), (410, Some("LINK_USED")));
    let a = agreement(&app, &p.pupil, &id).await;
    assert_eq!((a["status"].as_str(), a["waiting_for"].clone(), a["signatures"].as_array().map(Vec::len)), (Some("signed"), json!([]), Some(4)));
    assert_eq!(a["required"], json!(["host", "school", "pupil", "legal_rep_1"]), "the block shows who signed for the family");
    // The family keeps the signed agreement: each representative gets the PDF by e-mail.
    app.deliver().await;
    for to in [marie, jean] {
        let mail = app.last_mail_to(to).await;
        assert!(mail.subject().is_some_and(|s| s.contains("signée")), "{:?}", mail.subject());
        assert!(mail.raw.contains("convention-de-stage.pdf") && mail.raw.contains("application/pdf"), "attachment for {to}");
        assert!(mail.raw.contains("JVBERi0xLjc"), "a PDF file (%PDF-1.7) for {to}");
    }
    assert!(app.last_mail_to("conv.principal@ac-lyon.fr").await.decoded().contains("Toutes les parties ont sign"));

    // The PDF: text extractable by a standard tool, with the parties and the hash.
    let (status, content_type, bytes) = app.send_raw("GET", &format!("/api/v1/agreements/{id}/pdf"), "application/json", Vec::new(), Some(&p.teacher)).await;
    assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
    let pdf = pdf_text(&bytes);
    for needle in [
        "RÉPUBLIQUE FRANÇAISE",
        "heure de Paris",
        "Test Compte, par délégation du représentant de l'organisme",
        "passerelle.test/conventions/verifier",
        "Convention relative à l'organisation de la séquence d'observation",
        "Entreprise hote-conv",
        "Marie Petit",
        "Jean Petit",
        "Anne Leroy",
        "Piste d'audit",
        "lien à usage unique",
        "Visites de chantier et atelier de câblage",
    ] {
        // Lines wrap where they like: compare with single spaces.
        assert!(pdf.split_whitespace().collect::<Vec<_>>().join(" ").contains(needle), "{needle} missing from the PDF:\n{pdf}");
    }
    let squeezed: String = pdf.split_whitespace().collect();
    assert!(squeezed.contains(&hash), "the hash is printed");
    assert!(!pdf.contains("PROJET"));
    assert_eq!(app.send_raw("GET", &format!("/api/v1/agreements/{id}/pdf"), "application/json", Vec::new(), Some(&referent)).await.0, 403);

    // Anyone holding it can check it; a changed stored text fails verification.
    let (status, v) = app.get(&format!("/api/v1/agreements/{id}/verify?hash={hash}"), None).await;
    assert_eq!((status, v["valid"].as_bool(), v["status"].as_str()), (200, Some(true), Some("signed")), "{v}");
    assert!(v["message"].as_str().is_some_and(|m| m.starts_with("Document authentique")), "{v}");
    assert!(v.get("document_text").is_none() && !v.to_string().contains("Petit"), "nothing personal: {v}");
    assert_eq!(app.get(&format!("/api/v1/agreements/{id}/verify?hash={old_hash}"), None).await.1["valid"], false);
    app.exec(&format!("UPDATE agreements SET document_text = document_text || ' ' WHERE id = '{id}'")).await;
    assert_eq!(app.get(&format!("/api/v1/agreements/{id}/verify?hash={hash}"), None).await.1["valid"], false);

    // Referents count agreements signed and internships done (after the last day), by sector
    // and gender; they never read one.
    app.refresh_stats().await;
    let (status, d) = app.get("/api/v1/stats", Some(&referent)).await;
    assert_eq!((status, d["agreements_signed"].as_i64(), d["internships_done"].as_i64()), (200, Some(1), Some(0)), "{d}");
    // The school's follow-up says the same (it once said a literal 0).
    let (status, follow) = app.get(&format!("/api/v1/schools/{}/dashboard", p.school.uai), Some(&p.school.principal)).await;
    assert_eq!((status, follow["classes"][0]["agreements_signed"].as_i64()), (200, Some(1)), "{follow}");
    app.exec(&format!("UPDATE agreements SET ends_on = '2020-01-10' WHERE id = '{id}'")).await;
    app.refresh_stats().await;
    let (_, d) = app.get("/api/v1/stats", Some(&referent)).await;
    assert_eq!(d["internships_done"].as_i64(), Some(1), "{d}");
    let female = d["by_gender"].as_array().expect("genders").iter().find(|g| g["gender"] == "female").expect("female row").clone();
    assert_eq!((female["agreements_signed"].as_i64(), female["internships_done"].as_i64()), (Some(1), Some(1)));
    assert_eq!(d["by_sector"][0]["agreements_signed"].as_i64(), Some(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn after_the_placement_absences_attestation_cancellation_and_reminders() {
    let app = TestApp::new().await;
    let p = placement(&app, "apres").await;
    let id = p.agreement.clone();
    let (_, _cpe) = staff(&app, &p.school, "cpe.apres@ac-lyon.fr", "cpe", &[]).await;

    // Reminders: nothing filled four days later, the host is reminded once.
    let worker = app.state.worker().expect("worker");
    let later = chrono::Utc::now().naive_utc() + chrono::Duration::days(4);
    app.deliver().await;
    let before = app.smtp.all_to("hote-apres@entreprise.fr").len();
    assert!(worker.sweep(later).await.expect("sweep") >= 1);
    assert_eq!(worker.sweep(later).await.expect("sweep"), 0, "once per round");
    app.deliver().await;
    let reminders = app.smtp.all_to("hote-apres@entreprise.fr");
    assert_eq!(reminders.len(), before + 1);
    assert!(reminders.last().expect("mail").decoded().contains("Rappel"));

    // The tutor reports an illness: the teacher in charge and the CPE are told at once.
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("09:00", "16:00")), Some(&p.host)).await;
    assert_eq!(status, 200, "{a}");
    let (status, _) = app
        .send(
            "PUT",
            &format!("/api/v1/agreements/{id}/school-part"),
            Some(json!({"principal_name": "Anne Leroy", "teacher_user_id": p.teacher_user})),
            Some(&p.school.principal),
        )
        .await;
    assert_eq!(status, 200);
    let tuesday = chrono::NaiveDate::from_isoywd_opt(year().start + 1, 3, chrono::Weekday::Tue).expect("day").to_string();
    let (status, body) = app
        .post(&format!("/api/v1/agreements/{id}/absences"), json!({"day": tuesday, "kind": "illness", "note": "Fièvre, rentré chez lui"}), Some(&p.pupil))
        .await;
    assert_eq!((status, body["code"].as_str()), (403, Some("NOT_YOUR_PART")));
    let (status, body) = app.post(&format!("/api/v1/agreements/{id}/absences"), json!({"day": "2020-01-01", "kind": "illness"}), Some(&p.host)).await;
    assert_eq!((status, body["fields"]["day"].is_array()), (422, true));
    let (status, body) = app
        .post(&format!("/api/v1/agreements/{id}/absences"), json!({"day": tuesday, "kind": "illness", "note": "Fièvre, rentré chez lui"}), Some(&p.host))
        .await;
    assert_eq!(status, 201, "{body}");
    assert!(app.last_mail_to("prof.apres@ac-lyon.fr").await.decoded().contains("malade"));
    let cpe_mail = app.last_mail_to("cpe.apres@ac-lyon.fr").await.decoded();
    assert!(cpe_mail.contains("malade") && cpe_mail.contains("informer la famille"), "{cpe_mail}");
    assert_eq!(agreement(&app, &p.teacher, &id).await["absences"].as_array().map(Vec::len), Some(1));

    // Attestation: only once signed; the pupil asks, the host issues, a PDF follows.
    let (status, body) = app.post(&format!("/api/v1/agreements/{id}/attestation-request"), json!({}), Some(&p.pupil)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("NOT_SIGNED")));
    app.exec(&format!("UPDATE agreements SET status = 'signed' WHERE id = '{id}'")).await;
    // Not before the internship's last day (it could once be issued months ahead, "5 sur 5").
    let (status, body) = app.post(&format!("/api/v1/agreements/{id}/attestation-request"), json!({}), Some(&p.pupil)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("INTERNSHIP_NOT_OVER")), "{body}");
    let (status, body) = app.post(&format!("/api/v1/agreements/{id}/attestation"), json!({}), Some(&p.host)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("INTERNSHIP_NOT_OVER")), "{body}");
    let friday = chrono::NaiveDate::from_isoywd_opt(year().start + 1, 3, chrono::Weekday::Fri).expect("day");
    app.state.clock.set(Some(passerelle::campaigns::rules::paris_to_utc(friday.and_hms_opt(8, 0, 0).expect("time"))));
    let (status, a) = app.post(&format!("/api/v1/agreements/{id}/attestation-request"), json!({}), Some(&p.pupil)).await;
    assert_eq!((status, a["attestation_requested_at"].is_string()), (200, true), "{a}");
    assert!(app.last_mail_to("hote-apres@entreprise.fr").await.decoded().contains("attestation"));
    assert_eq!(app.send_raw("GET", &format!("/api/v1/agreements/{id}/attestation.pdf"), "application/json", Vec::new(), Some(&p.pupil)).await.0, 409);
    assert_eq!(app.post(&format!("/api/v1/agreements/{id}/attestation"), json!({}), Some(&p.pupil)).await.0, 403);
    // The host declares the days of presence: a day outside the internship is refused by name.
    let (status, body) = app.post(&format!("/api/v1/agreements/{id}/attestation"), json!({"days_present": ["2020-01-06"]}), Some(&p.host)).await;
    assert_eq!((status, body["fields"]["days_present[0]"].is_array()), (422, true), "{body}");
    let monday = chrono::NaiveDate::from_isoywd_opt(year().start + 1, 3, chrono::Weekday::Mon).expect("day");
    let thursday = chrono::NaiveDate::from_isoywd_opt(year().start + 1, 3, chrono::Weekday::Thu).expect("day");
    let (status, a) = app.post(&format!("/api/v1/agreements/{id}/attestation"), json!({"days_present": [monday, thursday, friday]}), Some(&p.host)).await;
    assert_eq!((status, a["attestation_issued_at"].is_string()), (200, true), "{a}");
    let (status, _, bytes) = app.send_raw("GET", &format!("/api/v1/agreements/{id}/attestation.pdf"), "application/json", Vec::new(), Some(&p.pupil)).await;
    assert_eq!(status, 200);
    let pdf = pdf_text(&bytes);
    assert!(pdf.contains("atteste que") && pdf.contains("Jours de présence : 3 sur 5"), "{pdf}");
    assert!(pdf.contains(&format!("{} : maladie", (monday + chrono::Duration::days(1)).format("%d/%m/%Y"))), "the reported illness is named: {pdf}");
    app.state.clock.set(None);

    // The host cancels the placement: the agreement is void and the school told.
    let application: String = {
        let (_, mine) = app.get("/api/v1/pupils/me/applications", Some(&p.pupil)).await;
        text(&mine[0], "id")
    };
    let (status, body) = app
        .post(&format!("/api/v1/applications/{application}/cancel-by-host"), json!({"reason": "Fermeture exceptionnelle de l'atelier"}), Some(&p.host))
        .await;
    assert_eq!(status, 200, "{body}");
    let a = agreement(&app, &p.pupil, &id).await;
    assert_eq!((a["status"].as_str(), a["cancel_reason"].as_str()), (Some("cancelled"), Some("Fermeture exceptionnelle de l'atelier")));
    assert!(app.last_mail_to("apres.principal@ac-lyon.fr").await.decoded().contains("n'a plus d'effet"));
    let (status, body) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("09:00", "15:00")), Some(&p.host)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("AGREEMENT_CANCELLED")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delegate_fills_and_signs_for_the_school() {
    let app = TestApp::new().await;
    let p = placement(&app, "deleg").await;
    let id = p.agreement.clone();
    let (secretary, member) = staff(&app, &p.school, "secretariat.deleg@ac-lyon.fr", "administrative", &[]).await;
    assert_eq!(app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("09:00", "16:00")), Some(&p.host)).await.0, 200);
    let part = json!({"principal_name": "Anne Leroy", "teacher_user_id": p.teacher_user});
    let (status, body) = app.send("PUT", &format!("/api/v1/agreements/{id}/school-part"), Some(part.clone()), Some(&secretary)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("NOT_A_SIGNER")));
    let delegation = format!("/api/v1/schools/{}/staff/{}/agreement-delegation", p.school.uai, text(&member, "user_id"));
    assert_eq!(app.send("PUT", &delegation, Some(json!({"delegate": true})), Some(&p.teacher)).await.0, 403, "only the principal delegates");
    assert_eq!(app.send("PUT", &delegation, Some(json!({"delegate": true})), Some(&p.school.principal)).await.0, 204);
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{id}/school-part"), Some(part), Some(&secretary)).await;
    assert_eq!((status, a["viewer"].as_str()), (200, Some("school_signer")), "{a}");
    let (status, a) = sign(&app, &secretary, &id, &text(&a, "document_hash")).await;
    assert_eq!((status, a["signatures"][0]["party"].as_str()), (200, Some("school")), "{a}");
    let (_, list) = app.get("/api/v1/agreements", Some(&secretary)).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["waiting_for"], json!(["host", "pupil", "legal_rep_1", "legal_rep_2"]));
}

/// Double clicks on "sign": two identical requests at once give one signature (the other is
/// told it is already signed), on both backends.
#[tokio::test(flavor = "multi_thread")]
async fn signing_twice_at_once_signs_once() {
    let app = TestApp::new().await;
    let p = placement(&app, "clic").await;
    let id = p.agreement.clone();
    let (status, _) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("09:00", "17:00")), Some(&p.host)).await;
    assert_eq!(status, 200);
    let school_part = json!({"principal_name": "Anne Leroy", "teacher_user_id": p.teacher_user, "pupil_insurance_provided": true, "pupil_insurer": "MAE"});
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{id}/school-part"), Some(school_part), Some(&p.school.principal)).await;
    assert_eq!(status, 200, "{a}");
    let hash = text(&a, "document_hash");
    let ((s1, b1), (s2, b2)) = tokio::join!(sign(&app, &p.host, &id, &hash), sign(&app, &p.host, &id, &hash));
    let mut statuses = [s1, s2];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{b1} / {b2}");
    assert!([&b1, &b2].iter().any(|b| b["code"] == json!("ALREADY_SIGNED")), "{b1} / {b2}");
    let a = agreement(&app, &p.host, &id).await;
    let hosts = a["signatures"].as_array().expect("signatures").iter().filter(|s| s["party"] == json!("host") && s["voided_at"].is_null()).count();
    assert_eq!(hosts, 1, "{a}");
}

/// The agreement is built from the pupil's data as it is until everyone has signed: a profile
/// filled late fills the text (and voids the signatures given on the old one), and a pupil
/// without a legal representative is asked for one at once; the staff can enter it, and the
/// signing link then goes out by itself.
#[tokio::test(flavor = "multi_thread")]
async fn the_text_follows_the_profile_and_a_missing_representative_is_asked_for() {
    let app = TestApp::new().await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "hote-profil").await;
    let offer = published(&app, &host_token, &org, offer_body("Électricité", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "profil", &[3]).await;
    let (teacher, member) = staff(&app, &s, "prof.profil@ac-lyon.fr", "main_teacher", &[&s.class_id]).await;
    let (pupil_token, pupil_id) = pupil(&app, &s).await;
    let (_, a) = app
        .post(
            &format!("/api/v1/offers/{offer}/applications"),
            json!({"weeks": [week(3)], "motivation": "J'aime le bricolage et je voudrais découvrir ce métier."}),
            Some(&pupil_token),
        )
        .await;
    let application = text(&a, "id");
    assert_eq!(app.post(&format!("/api/v1/applications/{application}/accept"), json!({}), Some(&host_token)).await.0, 200);
    assert_eq!(app.post(&format!("/api/v1/applications/{application}/confirm"), json!({}), Some(&pupil_token)).await.0, 200);
    // No representative on file: the school and the pupil are asked at once.
    app.deliver().await;
    assert!(app.last_mail_to("profil.principal@ac-lyon.fr").await.decoded().contains("aucun représentant légal"), "the school is asked");
    let (_, list) = app.get("/api/v1/agreements", Some(&pupil_token)).await;
    let id = text(&list[0], "id");
    let (status, _) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("09:00", "16:00")), Some(&host_token)).await;
    assert_eq!(status, 200);
    let (status, a) = app
        .send(
            "PUT",
            &format!("/api/v1/agreements/{id}/school-part"),
            Some(json!({"principal_name": "Anne Leroy", "teacher_user_id": text(&member, "user_id")})),
            Some(&s.principal),
        )
        .await;
    assert_eq!((status, a["status"].as_str()), (200, Some("to_sign")), "{a}");
    assert!(text(&a, "document_text").contains("né(e) le (à compléter)"));
    assert_eq!(sign(&app, &pupil_token, &id, &text(&a, "document_hash")).await.0, 200);

    // The pupil fills the birth date: the text says it, the signature on the old text is void.
    let profile = json!({"birth_date": "2012-09-01", "gender": "male", "home_postal_code": null, "contact_phone": null, "legal_representatives": []});
    assert_eq!(app.send("PUT", "/api/v1/pupils/me/profile", Some(profile), Some(&pupil_token)).await.0, 200);
    let a = agreement(&app, &teacher, &id).await;
    assert!(text(&a, "document_text").contains("né(e) le 01/09/2012"), "{}", a["document_text"]);
    assert_eq!((a["status"].as_str(), a["signatures"].as_array().map(Vec::len)), (Some("to_sign"), Some(0)), "{a}");

    // The main teacher enters the representative: the text names her and her link goes out.
    let url = format!("/api/v1/schools/{PUITS}/pupils/{pupil_id}/legal-representatives");
    let (status, body) =
        app.send("PUT", &url, Some(json!({"legal_representatives": [{"name": "Awa Diallo", "email": null, "phone": null}]})), Some(&teacher)).await;
    assert_eq!((status, body["fields"]["legal_representatives[0]"].is_array()), (422, true), "a contact is needed for the link: {body}");
    assert_eq!(
        app.send(
            "PUT",
            &url,
            Some(json!({"legal_representatives": [{"name": "Awa Diallo", "email": "awa.profil@famille.fr", "phone": null}]})),
            Some(&pupil_token)
        )
        .await
        .0,
        403
    );
    let (status, detail) = app
        .send("PUT", &url, Some(json!({"legal_representatives": [{"name": "Awa Diallo", "email": "awa.profil@famille.fr", "phone": null}]})), Some(&teacher))
        .await;
    assert_eq!((status, detail["legal_representatives"][0]["name"].as_str()), (200, Some("Awa Diallo")), "{detail}");
    let a = agreement(&app, &teacher, &id).await;
    assert!(text(&a, "document_text").contains("Représentant(s) légal(aux) : Awa Diallo"), "{}", a["document_text"]);
    let token = link_token(&app, "awa.profil@famille.fr").await;
    let (status, view) = app.get(&format!("/api/v1/signing/{token}"), None).await;
    assert_eq!((status, view["representative_name"].as_str()), (200, Some("Awa Diallo")), "{view}");

    // The organisation signs through the person the text names: its representative, or the
    // person named as signing by delegation (the signature block then says so).
    assert!(text(&a, "document_text").contains("Signataire pour l'organisme, par délégation de son représentant : Test Compte, Responsable des stages."));
    let mut representative_only = host_part("09:00", "16:00");
    representative_only["signatory_name"] = json!("");
    representative_only["signatory_function"] = json!("");
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(representative_only), Some(&host_token)).await;
    assert_eq!(status, 200, "{a}");
    let (status, body) = sign(&app, &host_token, &id, &text(&a, "document_hash")).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("NOT_THE_SIGNATORY")), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("Claire Martin")), "{body}");
    let (status, a) = app.send("PUT", &format!("/api/v1/agreements/{id}/host-part"), Some(host_part("09:00", "16:00")), Some(&host_token)).await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(sign(&app, &host_token, &id, &text(&a, "document_hash")).await.0, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn admins_correct_and_merge_duplicate_organisations_and_schools() {
    let app = TestApp::new().await;
    let p = placement(&app, "fusion").await;
    let admin = app.user_with_role("admin", None, None).await;
    let (_, mine) = app.get("/api/v1/organisations/mine", Some(&p.host)).await;
    let org = text(&mine[0], "id");

    // A colleague registered the same company again, under another SIRET, with an offer.
    let (dup_token, dup) = host(&app, "doublon").await;
    published(&app, &dup_token, &dup, offer_body("Atelier", PUITS_LAT, PUITS_LON)).await;
    let (status, found) = app.get("/api/v1/admin/organisations?q=Entreprise", Some(&admin)).await;
    assert_eq!(status, 200, "{found}");
    let row = found.as_array().expect("list").iter().find(|o| o["id"] == dup.as_str()).expect("the duplicate is listed").clone();
    assert_eq!((row["members"].as_i64(), row["offers"].as_i64()), (Some(1), Some(1)), "{row}");
    let merge = format!("/api/v1/admin/organisations/{dup}/merge");
    assert_eq!(app.post(&merge, json!({"into": dup}), Some(&admin)).await.0, 422, "not into itself");
    assert_eq!(app.post(&merge, json!({"into": org}), Some(&p.host)).await.0, 403);
    let (status, merged) = app.post(&merge, json!({"into": org}), Some(&admin)).await;
    assert_eq!(status, 200, "{merged}");
    assert_eq!(
        (merged["members_moved"].as_u64(), merged["offers_moved"].as_u64(), merged["agreements_moved"].as_u64()),
        (Some(1), Some(1), Some(0)),
        "{merged}"
    );
    let (_, theirs) = app.get("/api/v1/organisations/mine", Some(&dup_token)).await;
    assert_eq!(theirs.as_array().map(|l| l.iter().map(|o| o["id"].as_str().unwrap_or("").to_owned()).collect::<Vec<_>>()), Some(vec![org.clone()]));
    assert_eq!(app.get(&format!("/api/v1/organisations/{dup}"), Some(&admin)).await.0, 404, "the duplicate is gone");
    let (_, offers) = app.get(&format!("/api/v1/organisations/{org}/offers"), Some(&p.host)).await;
    assert_eq!(offers.as_array().map(Vec::len), Some(2), "{offers}");

    // Correcting: the same checks as at creation; another organisation's SIRET is refused.
    let (_, other) = host(&app, "autre").await;
    let (_, other_org) = app.get(&format!("/api/v1/organisations/{other}"), Some(&admin)).await;
    let fix = |name: &str, siret: &str| json!({"name": name, "siret": siret, "kind": "company", "is_public": false, "address": "3 rue de la Paix", "postal_code": "42000", "city": "Saint-Étienne"});
    let url = format!("/api/v1/admin/organisations/{org}");
    let (status, body) = app.send("PUT", &url, Some(fix("Électricité Martin", other_org["siret"].as_str().expect("siret"))), Some(&admin)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("ORGANISATION_EXISTS")), "{body}");
    let (status, body) = app.send("PUT", &url, Some(fix("Électricité Martin", "123")), Some(&admin)).await;
    assert_eq!((status, body["fields"]["siret"].is_array()), (422, true), "{body}");
    let (status, body) = app.send("PUT", &url, Some(fix("Électricité Martin", mine[0]["siret"].as_str().expect("siret"))), Some(&admin)).await;
    assert_eq!((status, body["name"].as_str(), body["id"].as_str()), (200, Some("Électricité Martin"), Some(org.as_str())), "{body}");

    // The school registered again under a new UAI: everything moves there, the classes named
    // alike merge, and the old number can no longer be registered.
    let kept = school(&app, NOTRE_DAME, "nouvel", &[3, 4]).await;
    let merge = format!("/api/v1/admin/schools/{PUITS}/merge");
    let (status, merged) = app.post(&merge, json!({"into": NOTRE_DAME}), Some(&admin)).await;
    assert_eq!(status, 200, "{merged}");
    assert_eq!(
        (merged["pupils_moved"].as_u64(), merged["applications_moved"].as_u64(), merged["agreements_moved"].as_u64(), merged["classes_merged"].as_u64()),
        (Some(1), Some(1), Some(1), Some(1)),
        "{merged}"
    );
    let (_, schools) = app.get("/api/v1/schools/mine", Some(&p.school.principal)).await;
    assert!(schools.as_array().expect("list").iter().any(|s| s["school"]["uai"] == NOTRE_DAME), "the old principal is staff of the school kept: {schools}");
    let (status, agreement) = app.get(&format!("/api/v1/agreements/{}", p.agreement), Some(&kept.principal)).await;
    assert_eq!(status, 200, "the kept school's principal follows the agreement: {agreement}");
    let (_, pupils) = app.get(&format!("/api/v1/schools/{NOTRE_DAME}/pupils"), Some(&kept.principal)).await;
    assert_eq!(pupils["items"].as_array().or(pupils.as_array()).map(Vec::len), Some(1), "{pupils}");
    let (status, body) = app
        .post("/api/v1/schools", json!({"uai": PUITS}), Some(&app.user_with_email("autre.principal@ac-lyon.fr", "school_staff", Some("principal"), None).await))
        .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("SCHOOL_MERGED")), "{body}");
    assert_eq!(app.post(&merge, json!({"into": NOTRE_DAME}), Some(&admin)).await.0, 404, "nothing left to merge");

    // Correcting a school's reference row survives the directory's next import.
    let url = format!("/api/v1/admin/schools/{NOTRE_DAME}");
    let (status, body) = app
        .send(
            "PUT",
            &url,
            Some(json!({"name": "Collège Notre-Dame Nouveau", "address": "1 rue Neuve", "postal_code": "420", "commune_name": "Saint-Étienne"})),
            Some(&admin),
        )
        .await;
    assert_eq!((status, body["fields"]["postal_code"].is_array()), (422, true), "{body}");
    let (status, body) = app
        .send(
            "PUT",
            &url,
            Some(json!({"name": "Collège Notre-Dame Nouveau", "address": "1 rue Neuve", "postal_code": "42000", "commune_name": "Saint-Étienne"})),
            Some(&admin),
        )
        .await;
    assert_eq!((status, body["name"].as_str()), (200, Some("Collège Notre-Dame Nouveau")), "{body}");
    app.import_reference(&["42"]).await;
    let (status, found) = app.get("/api/v1/admin/schools?q=notre-dame nouveau", Some(&admin)).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!((found[0]["uai"].as_str(), found[0]["registered"].as_bool(), found[0]["pupils"].as_i64()), (Some(NOTRE_DAME), Some(true), Some(1)), "{found}");
    assert!(found[0]["corrected_at"].is_string(), "{found}");
    let (_, old) = app.get(&format!("/api/v1/admin/schools?q={PUITS}"), Some(&admin)).await;
    assert_eq!((old[0]["registered"].as_bool(), old[0]["merged_into"].as_str()), (Some(false), Some(NOTRE_DAME)), "{old}");
}

#[tokio::test(flavor = "multi_thread")]
async fn after_the_week_the_pupil_tells_the_teacher_and_the_host_reads_a_summary() {
    let app = TestApp::new().await;
    let p = placement(&app, "retour").await;
    let (_, me) = app.get("/api/v1/me", Some(&p.pupil)).await;
    let pupil_email = text(&me, "email");
    let (_, mine) = app.get("/api/v1/organisations/mine", Some(&p.host)).await;
    let org = text(&mine[0], "id");
    let (_, agreement) = app.get(&format!("/api/v1/agreements/{}", p.agreement), Some(&p.pupil)).await;
    let application = text(&agreement, "application_id");
    let assessment = format!("/api/v1/agreements/{}/assessment", p.agreement);
    let (status, body) = app.send("PUT", &assessment, Some(json!({"attendance": "full"})), Some(&p.host)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("NOT_STARTED")), "{body}");
    app.deliver().await;
    let (_, none) = app.get("/api/v1/me/feedback", Some(&p.pupil)).await;
    assert_eq!(none, json!([]), "nothing asked before the last day");

    // The week is over: the pupil is asked once, then reminded once a week later.
    app.exec("UPDATE agreements SET starts_on = '2020-01-06', ends_on = '2020-01-10'").await;
    // The pass runs hourly: the one above just ran.
    app.exec("UPDATE periodic_runs SET last_run_at = '1970-01-01 00:00:00' WHERE name = 'feedback'").await;
    app.deliver().await;
    assert_eq!(app.last_mail_to(&pupil_email).await.subject().as_deref(), Some("Comment s'est passé ton stage ?"));
    let (_, asked) = app.get("/api/v1/me/feedback", Some(&p.pupil)).await;
    assert_eq!(
        (asked.as_array().map(Vec::len), asked[0]["application_id"].as_str(), asked[0]["submitted_at"].is_null()),
        (Some(1), Some(application.as_str()), true),
        "{asked}"
    );
    app.exec("UPDATE pupil_feedback SET asked_at = '2020-01-11 08:00:00'").await;
    app.exec("UPDATE periodic_runs SET last_run_at = '1970-01-01 00:00:00' WHERE name = 'feedback'").await;
    app.deliver().await;
    assert_eq!(app.last_mail_to(&pupil_email).await.subject().as_deref(), Some("Rappel : ton avis sur ton stage"));

    let (_, waiting) = app.get(&format!("/api/v1/schools/{}/feedback", p.school.uai), Some(&p.teacher)).await;
    assert!(waiting[0]["submitted_at"].is_null(), "the teacher sees who still has to answer: {waiting}");
    let url = format!("/api/v1/me/feedback/{application}");
    let (status, body) = app.send("PUT", &url, Some(json!({"observed": "", "recommend": true})), Some(&p.pupil)).await;
    assert_eq!((status, body["fields"]["observed"].is_array()), (422, true), "{body}");
    let answers = json!({"observed": "Le câblage d'un tableau électrique", "recommend": true, "jobs": "Électricien", "for_class": "Allez-y !"});
    let (status, answered) = app.send("PUT", &url, Some(answers.clone()), Some(&p.pupil)).await;
    assert_eq!((status, answered["submitted_at"].is_string()), (200, true), "{answered}");
    let (status, _) = app.send("PUT", &url, Some(answers), Some(&p.teacher)).await;
    assert_eq!(status, 403, "only the pupil answers");

    // The teacher who follows the class reads it with the pupil's name; another teacher does not.
    let (status, class) = app.get(&format!("/api/v1/schools/{}/feedback", p.school.uai), Some(&p.teacher)).await;
    assert_eq!(status, 200, "{class}");
    assert_eq!(
        (class.as_array().map(Vec::len), class[0]["observed"].as_str(), class[0]["recommend"].as_bool()),
        (Some(1), Some("Le câblage d'un tableau électrique"), Some(true))
    );
    assert!(class[0]["pupil_last_name"].as_str().is_some_and(|n| !n.is_empty()), "{class}");
    let (_, other) = app.get(&format!("/api/v1/schools/{}/feedback", p.school.uai), Some(&p.other_teacher)).await;
    assert_eq!(other, json!([]));

    // The host: counts at once, the words and the rate only from five answers on.
    let (status, summary) = app.get(&format!("/api/v1/organisations/{org}/feedback"), Some(&p.host)).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!((summary["answers"].as_i64(), summary["recommend_rate"].clone(), summary["observed"].clone()), (Some(1), json!(null), json!([])), "{summary}");
    assert_eq!((summary["offers"][0]["placements"].as_i64(), summary["offers"][0]["answers"].as_i64()), (Some(1), Some(1)), "{summary}");
    for (i, recommend) in [true, true, false, true].into_iter().enumerate() {
        app.exec(&format!(
            "INSERT INTO pupil_feedback (application_id, pupil_id, offer_id, organisation_id, asked_at, submitted_at, observed, recommend, jobs, for_class) \
             SELECT 'autre-{i}', pupil_id, offer_id, organisation_id, asked_at, submitted_at, 'Réponse {i}', {recommend}, '', '' FROM pupil_feedback WHERE application_id = '{application}'"
        ))
        .await;
    }
    let (_, summary) = app.get(&format!("/api/v1/organisations/{org}/feedback"), Some(&p.host)).await;
    assert_eq!((summary["answers"].as_i64(), summary["recommend_rate"].as_f64()), (Some(5), Some(80.0)), "{summary}");
    assert_eq!(summary["observed"].as_array().map(Vec::len), Some(5), "{summary}");
    assert!(!summary.to_string().contains("pupil"), "no pupil named or identified: {summary}");

    // The week's words: the host and the school write theirs; the pupil reads both.
    let (status, words) = app.send("PUT", &assessment, Some(json!({"attendance": "full", "word": "Très curieuse, bravo !"})), Some(&p.host)).await;
    assert_eq!((status, words.as_array().map(Vec::len)), (200, Some(1)), "{words}");
    let (status, words) = app.send("PUT", &assessment, Some(json!({"attendance": "partial", "behaviour": "Sérieuse"})), Some(&p.teacher)).await;
    assert_eq!((status, words.as_array().map(Vec::len)), (200, Some(2)), "{words}");
    let (status, body) = app.send("PUT", &assessment, Some(json!({"attendance": "full"})), Some(&p.pupil)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("NOT_YOUR_PART")));
    let (_, read) = app.get(&format!("/api/v1/agreements/{}/assessments", p.agreement), Some(&p.pupil)).await;
    let sides: Vec<&str> = read.as_array().expect("list").iter().filter_map(|a| a["side"].as_str()).collect();
    assert_eq!(sides, ["host", "school"], "{read}");
    let (_, host_reads) = app.get(&format!("/api/v1/agreements/{}/assessments", p.agreement), Some(&p.host)).await;
    let sides: Vec<&str> = host_reads.as_array().expect("list").iter().filter_map(|a| a["side"].as_str()).collect();
    assert_eq!(sides, ["host"], "the school's word on a minor is not the host's to read: {host_reads}");

    // Referents of the department see the host's quality; others' departments are refused.
    let referent = app.user_with_role("referent", None, Some(("department", "42"))).await;
    let (status, quality) = app.get("/api/v1/reporting/quality", Some(&referent)).await;
    assert_eq!(status, 200, "{quality}");
    let row = quality.as_array().expect("rows").iter().find(|r| r["organisation_id"] == org.as_str()).expect("the host").clone();
    assert_eq!((row["placements"].as_i64(), row["answers"].as_i64(), row["recommend_rate"].as_f64()), (Some(1), Some(5), Some(80.0)), "{row}");
    let paris = app.user_with_role("referent", None, Some(("department", "75"))).await;
    assert_eq!(app.get("/api/v1/reporting/quality?department=42", Some(&paris)).await.0, 403);
    let (_, theirs) = app.get("/api/v1/reporting/quality", Some(&paris)).await;
    assert_eq!(theirs, json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn useful_documents_are_pdfs_anyone_can_print() {
    let app = TestApp::new().await;
    for name in ["autorisation-parentale.pdf", "modele-convention.pdf", "modele-attestation.pdf"] {
        let (status, content_type, bytes) = app.send_raw("GET", &format!("/api/v1/documents/{name}"), "application/json", Vec::new(), None).await;
        assert_eq!((status, content_type.as_str()), (200, "application/pdf"), "{name}");
        assert!(bytes.starts_with(b"%PDF-"), "{name}");
    }
    let (status, _, _) = app.send_raw("GET", "/api/v1/documents/convention.pdf", "application/json", Vec::new(), None).await;
    assert_eq!(status, 404);
}
