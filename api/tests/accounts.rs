//! Accounts through the real HTTP server: sign-up, confirmation by mail, log-in, lockout,
//! sessions, password reset, e-mail change.

use crate::common;

use common::{TestApp, PASSWORD};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_confirm_by_mail_then_log_in() {
    let app = TestApp::new().await;
    let (status, body) = app.sign_up("Camille.Durand@Exemple.fr", "student", None).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["email"], "camille.durand@exemple.fr");
    assert_eq!(body["confirmed"], false);

    // Not confirmed yet: log-in refused with its own code.
    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "camille.durand@exemple.fr", "password": PASSWORD}), None).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("ACCOUNT_NOT_CONFIRMED")));

    let mail = app.last_mail_to("camille.durand@exemple.fr").await;
    assert_eq!(mail.subject().as_deref(), Some("Confirmez votre adresse e-mail sur Passerelle"));
    assert!(mail.decoded().contains("http://passerelle.test/confirmation?token="));
    let token = mail.token().expect("token");
    let (status, body) = app.post("/api/v1/auth/confirm", json!({"token": token}), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["confirmed"], true);

    // The link works once.
    let (status, body) = app.post("/api/v1/auth/confirm", json!({"token": token}), None).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("TOKEN_INVALID")));

    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "CAMILLE.durand@exemple.fr", "password": PASSWORD}), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["refresh_token"].as_str().is_some_and(|t| t.len() > 30));
    let access = body["access_token"].as_str().expect("access");
    let (status, me) = app.get("/api/v1/me", Some(access)).await;
    assert_eq!(status, 200);
    assert_eq!(me["role"], "student");
    assert_eq!(me["first_name"], "Camille");
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_by_phone_confirms_with_sms_code() {
    let app = TestApp::new().await;
    let (status, body) = app
        .post(
            "/api/v1/auth/signup",
            json!({"phone": "06 12 34 56 78", "password": PASSWORD, "first_name": "Léo", "last_name": "Petit", "role": "student"}),
            None,
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["phone"], "+33612345678");
    app.deliver().await;
    // No SMS provider configured in tests: the SMS lands in the outbox directory.
    let sms = std::fs::read_dir(&app.outbox_dir)
        .expect("outbox")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(".sms.txt"))
        .map(|e| std::fs::read_to_string(e.path()).expect("read"))
        .expect("an SMS");
    assert!(sms.starts_with("To: +33612345678"));
    let code: String = sms.split("est ").nth(1).expect("code").chars().take(6).collect();

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, _) = app.post("/api/v1/auth/confirm", json!({"phone": "0612345678", "code": wrong}), None).await;
    assert_eq!(status, 400);
    let (status, body) = app.post("/api/v1/auth/confirm", json!({"phone": "0612345678", "code": code}), None).await;
    assert_eq!(status, 200, "{body}");
    app.login("06 12 34 56 78", PASSWORD).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn email_is_unique_whatever_its_case() {
    let app = TestApp::new().await;
    let (status, _) = app.sign_up("alice@exemple.fr", "employer", None).await;
    assert_eq!(status, 201);
    let first = app.last_mail_to("alice@exemple.fr").await;
    let (status, body) = app.sign_up("ALICE@Exemple.FR", "student", None).await;
    // The answer is a creation's (nobody learns the address has an account); its owner is told.
    assert_eq!((status, body["email"].as_str(), body["confirmed"].as_bool()), (201, Some("alice@exemple.fr"), Some(false)), "{body}");
    assert_eq!(app.count("users").await, 1);
    let told = app.last_mail_to("alice@exemple.fr").await;
    assert_ne!(told.raw, first.raw);
    assert_eq!(told.subject().as_deref(), Some("Vous avez déjà un compte Passerelle"));
    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "alice@exemple.fr", "password": PASSWORD}), None).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("ACCOUNT_NOT_CONFIRMED")), "the first account is untouched");
}

#[tokio::test(flavor = "multi_thread")]
async fn eight_failures_lock_the_account_for_fifteen_minutes() {
    let app = TestApp::new().await;
    app.confirmed_user("bob@exemple.fr", "employer", None).await;
    for i in 1..=7 {
        let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "bob@exemple.fr", "password": "mauvais-mot-de-passe"}), None).await;
        assert_eq!((status, body["code"].as_str()), (401, Some("INVALID_CREDENTIALS")), "attempt {i}");
        if i == 3 {
            // From the third failure on, the next attempt waits (1 s, then 2, 4…).
            let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "bob@exemple.fr", "password": PASSWORD}), None).await;
            assert_eq!((status, body["code"].as_str()), (429, Some("TOO_MANY_ATTEMPTS")), "{body}");
        }
        age_failures(&app).await;
    }
    let resp = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"identifier": "bob@exemple.fr", "password": "mauvais-mot-de-passe"}))
        .send()
        .await
        .expect("request");
    let retry_after: u64 = resp.headers()["retry-after"].to_str().expect("header").parse().expect("seconds");
    let (status, body) = TestApp::read(resp).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("ACCOUNT_LOCKED")));
    assert!((890..=900).contains(&retry_after), "retry after {retry_after}");

    // Even the right password is refused while locked.
    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "bob@exemple.fr", "password": PASSWORD}), None).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("ACCOUNT_LOCKED")));

    // The person is told, with a way out: the mail's link lets them in at once, once.
    let mail = app.last_mail_to("bob@exemple.fr").await;
    assert_eq!(mail.subject().as_deref(), Some("Votre compte Passerelle est verrouillé"));
    let unlock = mail.token().expect("unlock link");
    assert!(mail.decoded().contains("/compte/deverrouiller?token="));
    assert_eq!(app.post("/api/v1/auth/unlock", json!({"token": unlock}), None).await.0, 204);
    app.login("bob@exemple.fr", PASSWORD).await;
    assert_eq!(app.post("/api/v1/auth/unlock", json!({"token": unlock}), None).await.0, 400, "the link serves once");

    // An address without an account locks the same way: locking tells nobody who has one.
    for _ in 0..7 {
        let (status, _) = app.post("/api/v1/auth/login", json!({"identifier": "personne@exemple.fr", "password": "x-mauvais"}), None).await;
        assert_eq!(status, 401);
        age_failures(&app).await;
    }
    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "personne@exemple.fr", "password": "x-mauvais"}), None).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("ACCOUNT_LOCKED")), "{body}");

    // A password reset lifts the lock.
    let (status, _) = app.post("/api/v1/auth/password/forgot", json!({"identifier": "bob@exemple.fr"}), None).await;
    assert_eq!(status, 202);
    let token = app.last_mail_to("bob@exemple.fr").await.token().expect("reset token");
    let (status, _) = app.post("/api/v1/auth/password/reset", json!({"token": token, "password": "nouveau-mot-de-passe"}), None).await;
    assert_eq!(status, 204);
    app.login("bob@exemple.fr", "nouveau-mot-de-passe").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_tokens_rotate_and_reuse_revokes_the_family() {
    let app = TestApp::new().await;
    app.confirmed_user("r@exemple.fr", "student", None).await;
    let (_, body) = app.post("/api/v1/auth/login", json!({"identifier": "r@exemple.fr", "password": PASSWORD}), None).await;
    let r1 = body["refresh_token"].as_str().expect("r1").to_owned();

    let (status, body) = app.post("/api/v1/auth/refresh", json!({"refresh_token": r1}), None).await;
    assert_eq!(status, 200, "{body}");
    let r2 = body["refresh_token"].as_str().expect("r2").to_owned();
    assert_ne!(r1, r2);
    let (status, _) = app.get("/api/v1/me", body["access_token"].as_str()).await;
    assert_eq!(status, 200);

    // r1 again: someone kept a copy. Refused, and r2 dies with it.
    let (status, body) = app.post("/api/v1/auth/refresh", json!({"refresh_token": r1}), None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("REFRESH_TOKEN_REUSED")));
    let (status, _) = app.post("/api/v1/auth/refresh", json!({"refresh_token": r2}), None).await;
    assert_eq!(status, 401);

    // A new log-in starts a new family that works.
    let (_, body) = app.post("/api/v1/auth/login", json!({"identifier": "r@exemple.fr", "password": PASSWORD}), None).await;
    let r3 = body["refresh_token"].as_str().expect("r3").to_owned();
    let (status, _) = app.post("/api/v1/auth/refresh", json!({"refresh_token": r3}), None).await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn browser_sessions_use_an_http_only_cookie_and_logout_ends_them() {
    let app = TestApp::new().await;
    app.confirmed_user("c@exemple.fr", "student", None).await;
    let resp = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"identifier": "c@exemple.fr", "password": PASSWORD, "use_cookie": true}))
        .send()
        .await
        .expect("login");
    let cookie = resp.headers()["set-cookie"].to_str().expect("cookie").to_owned();
    assert!(cookie.starts_with("passerelle_refresh="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/api/v1/auth"));
    let (_, body) = TestApp::read(resp).await;
    assert!(body["refresh_token"].is_null(), "not in the body when in the cookie");
    let pair = cookie.split(';').next().expect("pair").to_owned();

    let resp = app.client.post(app.url("/api/v1/auth/refresh")).header("cookie", &pair).send().await.expect("refresh");
    assert_eq!(resp.status(), 200);
    let next = resp.headers()["set-cookie"].to_str().expect("rotated").split(';').next().expect("pair").to_owned();
    assert_ne!(next, pair);

    let resp = app.client.post(app.url("/api/v1/auth/logout")).header("cookie", &next).send().await.expect("logout");
    assert_eq!(resp.status(), 204);
    let resp = app.client.post(app.url("/api/v1/auth/refresh")).header("cookie", &next).send().await.expect("refresh");
    assert_eq!(resp.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_token_is_never_an_access_token_nor_a_confirmation() {
    let app = TestApp::new().await;
    app.confirmed_user("d@exemple.fr", "student", None).await;
    let (status, _) = app.post("/api/v1/auth/password/forgot", json!({"identifier": "d@exemple.fr"}), None).await;
    assert_eq!(status, 202);
    let reset = app.last_mail_to("d@exemple.fr").await.token().expect("reset token");

    let (status, body) = app.get("/api/v1/me", Some(&reset)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("UNAUTHORIZED")));
    let (status, body) = app.post("/api/v1/auth/confirm", json!({"token": reset}), None).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("TOKEN_INVALID")));
    let (status, _) = app.post("/api/v1/auth/refresh", json!({"refresh_token": reset}), None).await;
    assert_eq!(status, 401);

    // Still good for what it is for, once.
    let (status, _) = app.post("/api/v1/auth/password/reset", json!({"token": reset, "password": "encore-un-autre-mdp"}), None).await;
    assert_eq!(status, 204);
    let (status, _) = app.post("/api/v1/auth/password/reset", json!({"token": reset, "password": "encore-un-autre-mdp"}), None).await;
    assert_eq!(status, 400);
    app.login("d@exemple.fr", "encore-un-autre-mdp").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forgot_password_does_not_reveal_accounts() {
    let app = TestApp::new().await;
    let (status, body) = app.post("/api/v1/auth/password/forgot", json!({"identifier": "personne@exemple.fr"}), None).await;
    assert_eq!((status, body), (202, serde_json::Value::Null));
    assert_eq!(app.deliver().await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn change_password_ends_other_sessions() {
    let app = TestApp::new().await;
    app.confirmed_user("e@exemple.fr", "employer", None).await;
    let (_, first) = app.post("/api/v1/auth/login", json!({"identifier": "e@exemple.fr", "password": PASSWORD}), None).await;
    let access = first["access_token"].as_str().expect("access");
    let (status, body) =
        app.post("/api/v1/me/password", json!({"current_password": "faux-mot-de-passe", "new_password": "tout-nouveau-mdp"}), Some(access)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("VALIDATION_ERROR")));
    assert!(body["fields"]["current_password"].is_array());
    let (status, body) = app.post("/api/v1/me/password", json!({"current_password": PASSWORD, "new_password": "tout-nouveau-mdp"}), Some(access)).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app.post("/api/v1/auth/refresh", json!({"refresh_token": first["refresh_token"]}), None).await;
    assert_eq!(status, 401, "the older session ended");
    let (status, _) = app.post("/api/v1/auth/refresh", json!({"refresh_token": body["refresh_token"]}), None).await;
    assert_eq!(status, 200, "the new one goes on");
}

#[tokio::test(flavor = "multi_thread")]
async fn change_email_is_confirmed_from_the_new_mailbox() {
    let app = TestApp::new().await;
    let token = app.confirmed_user("old@exemple.fr", "employer", None).await;
    app.sign_up("taken@exemple.fr", "employer", None).await;
    let (status, _) = app.post("/api/v1/me/email", json!({"new_email": "Taken@exemple.fr", "current_password": PASSWORD}), Some(&token)).await;
    assert_eq!(status, 409);
    let (status, _) = app.post("/api/v1/me/email", json!({"new_email": "New@Exemple.fr", "current_password": PASSWORD}), Some(&token)).await;
    assert_eq!(status, 202);
    let (_, me) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!((me["email"].as_str(), me["pending_email"].as_str()), (Some("old@exemple.fr"), Some("new@exemple.fr")));
    let link = app.last_mail_to("new@exemple.fr").await.token().expect("token");
    let (status, me) = app.post("/api/v1/auth/email/confirm", json!({"token": link}), None).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["email"], "new@exemple.fr");
    app.login("new@exemple.fr", PASSWORD).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_must_state_their_function_and_referents_cannot_sign_up() {
    let app = TestApp::new().await;
    let (status, body) = app.sign_up("prof@ac-lyon.fr", "school_staff", None).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["staff_function"].is_array());
    let (status, _) = app.sign_up("prof@ac-lyon.fr", "school_staff", Some("main_teacher")).await;
    assert_eq!(status, 201);
    let (status, body) = app.sign_up("ref@exemple.fr", "referent", None).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("ROLE_NOT_SELF_SERVICE")));
    let (status, body) = app.sign_up("root@exemple.fr", "admin", None).await;
    assert_eq!(status, 403, "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_creates_a_referent_who_chooses_a_password() {
    let app = TestApp::new().await;
    let admin = app.user_with_role("admin", None, None).await;
    let (status, body) = app
        .post(
            "/api/v1/admin/users",
            json!({"email": "prefet@exemple.fr", "first_name": "Jean", "last_name": "Préfet", "role": "referent",
                   "scope": {"kind": "department", "code": "93"}}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["scope"], json!({"kind": "department", "code": "93"}));
    let token = app.last_mail_to("prefet@exemple.fr").await.token().expect("set-password link");
    let (status, _) = app.post("/api/v1/auth/password/reset", json!({"token": token, "password": "choisi-par-le-referent"}), None).await;
    assert_eq!(status, 204);
    let access = app.login("prefet@exemple.fr", "choisi-par-le-referent").await;
    let (_, me) = app.get("/api/v1/me", Some(&access)).await;
    assert_eq!(me["role"], "referent");

    let (status, body) =
        app.post("/api/v1/admin/users", json!({"email": "x@exemple.fr", "first_name": "X", "last_name": "Y", "role": "referent"}), Some(&admin)).await;
    assert_eq!(status, 422, "a referent needs a scope: {body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn login_is_rate_limited_per_address() {
    let app = TestApp::new().await;
    let mut last = 0;
    for _ in 0..31 {
        let (status, _) = app.post("/api/v1/auth/login", json!({"identifier": "nobody-here", "password": "x"}), None).await;
        last = status;
    }
    assert_eq!(last, 429);
}

/// An account created as `seed-demo` does, without any second factor yet.
async fn bare_account(app: &TestApp, email: &str, role: &str, scope: Option<(&str, &str)>) {
    use passerelle::accounts::service::{upsert_demo, NewAccount};
    use passerelle::auth::{password, Role, Scope, ScopeKind};
    let account = NewAccount {
        email: Some(email.to_owned()),
        phone: None,
        password_hash: password::hash(PASSWORD).expect("hash"),
        role: Role::parse(role).expect("role"),
        staff_function: None,
        scope: scope.map(|(k, c)| Scope { kind: ScopeKind::parse(k).expect("scope"), code: c.into() }),
        first_name: "Claire".into(),
        last_name: "Bernard".into(),
    };
    let pool = app.state.pool.clone();
    tokio::task::spawn_blocking(move || upsert_demo(&mut pool.get().expect("conn"), account).expect("account")).await.expect("join");
}

fn code_in(secret: &str, seconds: i64) -> String {
    passerelle::auth::totp::code_at(&passerelle::auth::totp::base32_decode(secret).expect("base32"), chrono::Utc::now().timestamp() + seconds)
}

/// TOTP: required for admins and referents before they use their rights, available to every
/// adult, asked at each sign-in, a code good once, failures counted towards the lock-out.
#[tokio::test(flavor = "multi_thread")]
async fn two_factor_authentication() {
    let app = TestApp::new().await;
    bare_account(&app, "admin.totp@exemple.fr", "admin", None).await;
    let login = |code: Option<String>| {
        let mut body = json!({"identifier": "admin.totp@exemple.fr", "password": PASSWORD});
        if let Some(c) = code {
            body["totp_code"] = json!(c);
        }
        body
    };
    let (status, session) = app.post("/api/v1/auth/login", login(None), None).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!((session["user"]["totp_required"].as_bool(), session["user"]["totp_enabled"].as_bool()), (Some(true), Some(false)));
    let token = session["access_token"].as_str().expect("token").to_owned();

    // Without the second factor an admin reaches nothing but their profile and the set-up.
    let (status, body) = app.get("/api/v1/admin/users", Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("TOTP_ENROLMENT_REQUIRED")), "{body}");
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.0, 200);

    let (status, setup) = app.post("/api/v1/me/totp", json!({}), Some(&token)).await;
    assert_eq!(status, 200, "{setup}");
    let secret = setup["secret"].as_str().expect("secret").to_owned();
    assert_eq!(setup["otpauth_uri"].as_str(), Some(format!("otpauth://totp/Passerelle:admin.totp%40exemple.fr?secret={secret}&issuer=Passerelle").as_str()));
    let (status, body) = app.post("/api/v1/me/totp/confirm", json!({"code": "000000"}), Some(&token)).await;
    let wrong = if code_in(&secret, 0) == "000000" { 200 } else { 422 };
    assert_eq!(status, wrong, "{body}");
    let code = code_in(&secret, 0);
    let (status, confirmed) = app.post("/api/v1/me/totp/confirm", json!({"code": code}), Some(&token)).await;
    assert_eq!(status, 200, "{confirmed}");
    // Stored sealed: a copy of the database does not give the second factor.
    let pool = app.state.pool.clone();
    let stored = tokio::task::spawn_blocking(move || {
        passerelle::accounts::find_by_email(&mut pool.get().expect("conn"), "admin.totp@exemple.fr").expect("query").expect("user").totp_secret
    })
    .await
    .expect("join")
    .expect("secret stored");
    assert!(stored.starts_with("sealed:v1:") && !stored.contains(&secret), "{stored}");
    let strong = confirmed["access_token"].as_str().expect("token").to_owned();
    assert_eq!(app.get("/api/v1/admin/users", Some(&strong)).await.0, 200);
    let (status, body) = app.send("DELETE", "/api/v1/me/totp", Some(json!({"code": code_in(&secret, 30)})), Some(&strong)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("TOTP_REQUIRED_FOR_ROLE")), "admins keep it");

    // Each sign-in asks for a code; one already used is refused; the next one works.
    let (status, body) = app.post("/api/v1/auth/login", login(None), None).await;
    assert_eq!((status, body["code"].as_str(), body["fields"]["totp_code"].is_array()), (401, Some("TOTP_REQUIRED"), true), "{body}");
    let (status, body) = app.post("/api/v1/auth/login", login(Some(code.clone())), None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("TOTP_INVALID")), "replayed code: {body}");
    let (status, body) = app.post("/api/v1/auth/login", login(Some(code_in(&secret, 30))), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.get("/api/v1/admin/users", Some(body["access_token"].as_str().expect("token"))).await.0, 200, "a two-factor session");

    // Wrong codes count towards the lock-out, like wrong passwords.
    for _ in 0..8 {
        let (status, _) = app.post("/api/v1/auth/login", login(Some("999999".into())), None).await;
        assert!(status == 401 || status == 429);
        age_failures(&app).await;
    }
    let (status, body) = app.post("/api/v1/auth/login", login(Some(code_in(&secret, 0))), None).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("ACCOUNT_LOCKED")), "{body}");

    // Any adult may turn it on and off (with a code); pupils may not; an admin resets a lost one.
    let host = app.user_with_email("hote.totp@entreprise.fr", "employer", None, None).await;
    let (host_token, host_secret) = app.enrol_totp(&host).await;
    let (_, me) = app.get("/api/v1/me", Some(&host_token)).await;
    assert_eq!((me["totp_enabled"].as_bool(), me["totp_required"].as_bool()), (Some(true), Some(false)));
    assert_eq!(app.send("DELETE", "/api/v1/me/totp", Some(json!({"code": code_in(&host_secret, 30)})), Some(&host_token)).await.0, 204);
    let (_, me) = app.get("/api/v1/me", Some(&host_token)).await;
    assert_eq!(me["totp_enabled"].as_bool(), Some(false));
    let pupil = app.user_with_role("student", None, None).await;
    assert_eq!(app.post("/api/v1/me/totp", json!({}), Some(&pupil)).await.0, 403);
    let other_admin = app.user_with_role("admin", None, None).await;
    let (_, users) = app.get("/api/v1/admin/users?role=admin", Some(&other_admin)).await;
    let id = users["items"].as_array().expect("items").iter().find(|u| u["email"] == json!("admin.totp@exemple.fr")).expect("listed")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_eq!(app.send("DELETE", &format!("/api/v1/admin/users/{id}/totp"), None, Some(&other_admin)).await.0, 204);
    // Fake clock at the edge of the test: the 15-minute lock is over.
    app.exec("UPDATE login_throttles SET locked_until = NULL, failures = 0").await;
    let (status, body) = app.post("/api/v1/auth/login", login(None), None).await;
    assert_eq!((status, body["user"]["totp_required"].as_bool()), (200, Some(true)), "set up again at the next sign-in: {body}");
}

fn retention_cli(app: &TestApp, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("retention")
        .args(args)
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("APP_ENV", "test")
        .output()
        .expect("run the binary");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Idle adults: a notice two weeks before, then anonymisation, unless they came back; the dry
/// run only lists; referents are left to admins.
#[tokio::test(flavor = "multi_thread")]
async fn idle_adult_accounts_are_warned_then_anonymised() {
    let app = TestApp::new().await;
    app.user_with_email("dormant@entreprise.fr", "employer", None, None).await;
    app.user_with_email("revenu@entreprise.fr", "employer", None, None).await;
    app.user_with_email("actif@entreprise.fr", "employer", None, None).await;
    app.user_with_role("referent", None, Some(("national", ""))).await;
    let now = chrono::Utc::now().naive_utc();
    let long_ago = (now - chrono::Duration::days(720)).format("%Y-%m-%d %H:%M:%S").to_string();
    app.exec(&format!("UPDATE users SET last_login_at = '{long_ago}' WHERE email IN ('dormant@entreprise.fr', 'revenu@entreprise.fr') OR role = 'referent'"))
        .await;
    let at = |days: i64| (now + chrono::Duration::days(days)).format("%Y-%m-%dT%H:%M:%S").to_string();

    let dry = retention_cli(&app, &["--dry-run", "--now", &at(0)]);
    assert!(dry.contains("2 compte(s) inactif(s) seraient prévenu(s)"), "{dry}");
    // (The real run below still finds both: the dry run changed nothing.)

    let out = retention_cli(&app, &["--now", &at(0)]);
    assert!(out.contains("2 compte(s) inactif(s) sont prévenu(s)"), "{out}");
    let mail = app.last_mail_to("dormant@entreprise.fr").await;
    assert!(mail.decoded().contains("anonymis"), "{}", mail.decoded());
    assert!(retention_cli(&app, &["--now", &at(1)]).contains("0 compte(s) inactif(s) sont prévenu(s)"), "one notice only");

    // One of them signs in again; two weeks later only the other goes.
    let (status, _) = app.post("/api/v1/auth/login", json!({"identifier": "revenu@entreprise.fr", "password": PASSWORD}), None).await;
    assert_eq!(status, 200);
    // Old log lines and old sent messages go too; the anonymised person's sent mail with them.
    app.exec("INSERT INTO admin_actions (id, at, actor_id, method, path, status) VALUES ('vieux', '2020-01-01 00:00:00', 'x', 'POST', '/api/v1/admin/x', 200)")
        .await;
    app.exec("INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at) VALUES ('vieux', 'send_email', '{}', 'done', 1, 8, '2020-01-01 00:00:00', '2020-01-01 00:00:00')").await;
    assert!(app.count("jobs WHERE payload LIKE '%\"dormant@entreprise.fr\"%'").await >= 1, "the notice was sent");
    let out = retention_cli(&app, &["--now", &at(15)]);
    assert!(out.contains("1 compte(s) adulte(s) sont anonymisé(s)"), "{out}");
    assert_eq!(app.count("jobs WHERE payload LIKE '%\"dormant@entreprise.fr\"%'").await, 0, "what was sent to them is forgotten");
    assert_eq!(app.count("jobs WHERE id = 'vieux'").await + app.count("admin_actions WHERE id = 'vieux'").await, 0, "past their retention");
    assert!(app.count("jobs").await > 0, "recent messages stay");
    let (status, _) = app.post("/api/v1/auth/login", json!({"identifier": "dormant@entreprise.fr", "password": PASSWORD}), None).await;
    assert_eq!(status, 401, "the anonymised account is gone");
    for email in ["revenu@entreprise.fr", "actif@entreprise.fr"] {
        let (status, _) = app.post("/api/v1/auth/login", json!({"identifier": email, "password": PASSWORD}), None).await;
        assert_eq!(status, 200, "{email}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_finds_someone_and_suspends_then_reactivates_the_account() {
    let app = TestApp::new().await;
    let admin = app.user_with_email("admin.suspend@exemple.fr", "admin", None, None).await;
    let host = app.user_with_email("paul.martin@entreprise.fr", "employer", None, None).await;
    app.user_with_email("autre@entreprise.fr", "employer", None, None).await;
    let (_, me) = app.get("/api/v1/me", Some(&host)).await;
    let id = me["id"].as_str().expect("id").to_owned();

    // By a piece of the e-mail, any case; nobody else matches.
    let (status, found) = app.get("/api/v1/admin/users?q=PAUL.MART", Some(&admin)).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!((found["total"].as_i64(), found["items"][0]["id"].as_str()), (Some(1), Some(id.as_str())), "{found}");
    assert_eq!(app.get("/api/v1/admin/users?q=personne-de-ce-nom", Some(&admin)).await.1["total"], 0);

    let url = format!("/api/v1/admin/users/{id}/suspension");
    assert_eq!(app.post(&url, json!({"reason": "A quitté l'entreprise"}), Some(&host)).await.0, 403);
    let (status, user) = app.post(&url, json!({"reason": "A quitté l'entreprise"}), Some(&admin)).await;
    assert_eq!((status, user["suspended_reason"].as_str()), (200, Some("A quitté l'entreprise")), "{user}");
    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "paul.martin@entreprise.fr", "password": PASSWORD}), None).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("ACCOUNT_SUSPENDED")), "{body}");
    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "paul.martin@entreprise.fr", "password": "pas-le-bon"}), None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("INVALID_CREDENTIALS")), "the suspension is told only to whoever knows the password");
    let (_, me_admin) = app.get("/api/v1/me", Some(&admin)).await;
    let (status, body) =
        app.post(&format!("/api/v1/admin/users/{}/suspension", me_admin["id"].as_str().expect("id")), json!({"reason": "Essai"}), Some(&admin)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("SELF_SUSPENSION")));

    let (status, user) = app.send("DELETE", &url, None, Some(&admin)).await;
    assert_eq!((status, user["suspended_at"].is_null()), (200, true), "{user}");
    assert_eq!(app.get("/api/v1/me", Some(&host)).await.0, 401, "the suspension ended the sessions of before");
    let host = app.login("paul.martin@entreprise.fr", PASSWORD).await;

    // Every change the admin made is in the admins' log (refused attempts are not), newest first.
    let (status, log) = app.get("/api/v1/admin/audit", Some(&admin)).await;
    assert_eq!(status, 200, "{log}");
    let lines: Vec<(String, String)> = log["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| (i["method"].as_str().unwrap_or("").to_owned(), i["path"].as_str().unwrap_or("").to_owned()))
        .collect();
    assert_eq!(lines, [("DELETE".to_owned(), url.clone()), ("POST".to_owned(), url.clone())], "{log}");
    assert_eq!(log["items"][0]["actor_name"], "Test Compte");
    // Filtered: by path, by admin, by day; paged as asked.
    let (_, some) = app.get("/api/v1/admin/audit?path_prefix=/api/v1/admin/users&per_page=1", Some(&admin)).await;
    assert_eq!(
        (some["total"].as_i64(), some["items"].as_array().map(Vec::len), some["per_page"].as_i64(), some["total_pages"].as_i64()),
        (Some(2), Some(1), Some(1), Some(2)),
        "{some}"
    );
    let (_, none) = app.get("/api/v1/admin/audit?path_prefix=/api/v1/admin/targets", Some(&admin)).await;
    assert_eq!(none["total"], 0, "{none}");
    let (_, none) = app.get(&format!("/api/v1/admin/audit?actor_id={id}"), Some(&admin)).await;
    assert_eq!(none["total"], 0, "another person made none: {none}");
    // Days are Paris days, as the journal shows its times (at 00:30 in Paris, UTC is still on the day before).
    let today = passerelle::campaigns::rules::utc_to_paris(chrono::Utc::now().naive_utc()).date();
    let (_, dated) = app.get(&format!("/api/v1/admin/audit?from={today}&to={today}"), Some(&admin)).await;
    assert_eq!(dated["total"], 2, "{dated}");
    let (status, _) = app.get(&format!("/api/v1/admin/audit?from={today}&to={}", today.pred_opt().expect("yesterday")), Some(&admin)).await;
    assert_eq!(status, 422);
    assert_eq!(app.get("/api/v1/admin/audit", Some(&host)).await.0, 403);
    // The log's actors, for its filter: this admin, with their two changes.
    let (status, actors) = app.get("/api/v1/admin/audit/actors", Some(&admin)).await;
    assert_eq!(status, 200, "{actors}");
    assert_eq!(
        (actors.as_array().map(Vec::len), actors[0]["name"].as_str(), actors[0]["actions"].as_i64(), actors[0]["still_admin"].as_bool()),
        (Some(1), Some("Test Compte"), Some(2), Some(true)),
        "{actors}"
    );
}

/// Logs in and returns (access token, refresh token).
async fn session(app: &TestApp, email: &str, password: &str) -> (String, String) {
    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": email, "password": password}), None).await;
    assert_eq!(status, 200, "{body}");
    (body["access_token"].as_str().expect("access").to_owned(), body["refresh_token"].as_str().expect("refresh").to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn ended_sessions_end_their_access_tokens_at_once() {
    let app = TestApp::new().await;
    app.confirmed_user("fin.session@exemple.fr", "employer", None).await;
    let ended = |body: &serde_json::Value| body["code"].as_str() == Some("SESSION_ENDED");

    // Log-out: this session's access token stops; another session goes on.
    let (a, a_refresh) = session(&app, "fin.session@exemple.fr", PASSWORD).await;
    let (b, _) = session(&app, "fin.session@exemple.fr", PASSWORD).await;
    assert_eq!(app.get("/api/v1/me", Some(&a)).await.0, 200);
    assert_eq!(app.post("/api/v1/auth/logout", json!({"refresh_token": a_refresh}), None).await.0, 204);
    let (status, body) = app.get("/api/v1/me", Some(&a)).await;
    assert!(status == 401 && ended(&body), "{status} {body}");
    assert_eq!(app.get("/api/v1/me", Some(&b)).await.0, 200, "another session is untouched");

    // A password change ends every other session; the new one works.
    let (status, changed) =
        app.post("/api/v1/me/password", json!({"current_password": PASSWORD, "new_password": "Un-autre-mot-de-passe-2027"}), Some(&b)).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(app.get("/api/v1/me", Some(&b)).await.0, 401);
    let fresh = changed["access_token"].as_str().expect("token").to_owned();
    assert_eq!(app.get("/api/v1/me", Some(&fresh)).await.0, 200);

    // An admin's suspension ends them all.
    let admin = app.user_with_role("admin", None, None).await;
    let (_, me) = app.get("/api/v1/me", Some(&fresh)).await;
    let id = me["id"].as_str().expect("id").to_owned();
    assert_eq!(app.post(&format!("/api/v1/admin/users/{id}/suspension"), json!({"reason": "Départ"}), Some(&admin)).await.0, 200);
    let (status, body) = app.get("/api/v1/me", Some(&fresh)).await;
    assert!(status == 401 && ended(&body), "{status} {body}");

    // Deleting one's account ends the session that asked.
    app.confirmed_user("depart@exemple.fr", "employer", None).await;
    let (c, _) = session(&app, "depart@exemple.fr", PASSWORD).await;
    let (status, body) = app.post("/api/v1/me/deletion", json!({"password": PASSWORD}), Some(&c)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.get("/api/v1/me", Some(&c)).await.0, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_replica_learns_of_an_ended_session_within_a_second() {
    let app = TestApp::new().await;
    app.confirmed_user("deux.repliques@exemple.fr", "employer", None).await;
    let config = (*app.state.config).clone();
    let other = tokio::task::spawn_blocking(move || passerelle::app::prepare(config)).await.expect("join").expect("second replica");
    let watching = tokio::spawn(passerelle::auth::sessions::watch(other.clone()));
    let (access, refresh) = session(&app, "deux.repliques@exemple.fr", PASSWORD).await;
    let sid = app.state.jwt.verify_access(&access).expect("valid").sid;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(!other.sessions.is_ended(&sid));
    assert_eq!(app.post("/api/v1/auth/logout", json!({"refresh_token": refresh}), None).await.0, 204);
    let started = std::time::Instant::now();
    while !other.sessions.is_ended(&sid) {
        assert!(started.elapsed() < std::time::Duration::from_millis(1500), "the other replica never learnt it");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    watching.abort();
}

/// Fake clock at the edge of the tests: the last failed sign-ins happened 40 seconds ago, so the
/// pace of the slow-down (at most 30 s) does not hold the test back.
async fn age_failures(app: &TestApp) {
    let earlier = (chrono::Utc::now() - chrono::Duration::seconds(40)).naive_utc().format("%Y-%m-%d %H:%M:%S%.6f");
    app.exec(&format!("UPDATE login_throttles SET last_failure_at = '{earlier}' WHERE locked_until IS NULL")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn terms_are_accepted_once_per_version() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/api/v1/me/terms", None).await.0, 401, "for signed-in people");
    let token = app.user_with_role("employer", None, None).await;
    let (status, mine) = app.get("/api/v1/me/terms", Some(&token)).await;
    assert_eq!(status, 200, "{mine}");
    let version = mine["version"].as_i64().expect("version");
    assert!(mine["title"].as_str().is_some_and(|t| !t.is_empty()), "{mine}");
    assert!(mine["accepted_at"].is_null(), "not accepted yet: {mine}");
    let (status, body) = app.post("/api/v1/me/terms", json!({"version": version + 1}), Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("TERMS_CHANGED")), "{body}");
    let (status, accepted) = app.post("/api/v1/me/terms", json!({"version": version}), Some(&token)).await;
    assert_eq!(status, 200, "{accepted}");
    assert!(accepted["accepted_at"].is_string(), "{accepted}");
    let (_, again) = app.post("/api/v1/me/terms", json!({"version": version}), Some(&token)).await;
    assert_eq!(again["accepted_at"], accepted["accepted_at"], "the first acceptance is the one kept");
    let (_, mine) = app.get("/api/v1/me/terms", Some(&token)).await;
    assert_eq!(mine["accepted_at"], accepted["accepted_at"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_contact_form_reaches_the_admins_queue_and_the_answer_the_mailbox() {
    let app = TestApp::with_config(|c| c.rate_limit_enabled = false).await;
    let admin = app.user_with_role("admin", None, None).await;
    let ticket = json!({"category": "account", "subject": "Pas de courriel", "message": "Je ne reçois pas le courriel de confirmation.", "page": "/connexion"});
    // Not signed in: a name and an address to answer are needed.
    let (status, body) = app.post("/api/v1/support/tickets", ticket.clone(), None).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["email"].is_array() && body["fields"]["name"].is_array(), "{body}");
    let mut visitor = ticket.clone();
    visitor["name"] = json!("Nadia Benali");
    visitor["email"] = json!("nadia@famille.fr");
    let (status, created) = app.post("/api/v1/support/tickets", visitor.clone(), None).await;
    assert_eq!(status, 201, "{created}");
    let reference = created["reference"].as_str().expect("reference").to_owned();
    let ack = app.last_mail_to("nadia@famille.fr").await;
    assert_eq!(ack.subject().as_deref(), Some(format!("Votre demande n° {reference} est bien reçue").as_str()));
    // Signed in: the account is attached, its name and address used.
    let host = app.user_with_email("gerant@entreprise.fr", "employer", None, None).await;
    let mut data = ticket.clone();
    data["category"] = json!("personal_data");
    data["subject"] = json!("Effacer mes données");
    let (status, _) = app.post("/api/v1/support/tickets", data, Some(&host)).await;
    assert_eq!(status, 201);

    let (status, queue) = app.get("/api/v1/admin/support/tickets", Some(&admin)).await;
    assert_eq!((status, queue["total"].as_i64()), (200, Some(2)), "{queue}");
    let from_account = queue["items"].as_array().expect("items").iter().find(|t| t["from_account"] == true).expect("the host's").clone();
    assert_eq!((from_account["email"].as_str(), from_account["category"].as_str()), (Some("gerant@entreprise.fr"), Some("personal_data")));
    let (_, only) = app.get("/api/v1/admin/support/tickets?category=personal_data", Some(&admin)).await;
    assert_eq!(only["total"], 1, "{only}");
    let (_, second) = app.get("/api/v1/admin/support/tickets?per_page=1&page=2", Some(&admin)).await;
    assert_eq!((second["items"].as_array().map(Vec::len), second["page"].as_i64(), second["total_pages"].as_i64()), (Some(1), Some(2), Some(2)), "{second}");
    assert_eq!(app.get("/api/v1/admin/support/tickets", Some(&host)).await.0, 403, "the queue is for admins only");
    assert_eq!(app.get("/api/v1/admin/support/tickets?status=bientot", Some(&admin)).await.0, 422);

    let id = created["id"].as_str().expect("id");
    let (status, detail) = app.get(&format!("/api/v1/admin/support/tickets/{id}"), Some(&admin)).await;
    assert_eq!((status, detail["page"].as_str(), detail["messages"].as_array().map(Vec::len)), (200, Some("/connexion"), Some(1)), "{detail}");
    let (status, taken) = app.post(&format!("/api/v1/admin/support/tickets/{id}/assignee"), json!({}), Some(&admin)).await;
    assert_eq!((status, taken["assignee_name"].as_str()), (200, Some("Test Compte")), "{taken}");
    let (_, mine) = app.get("/api/v1/admin/support/tickets?assignee=me", Some(&admin)).await;
    let (_, nobody) = app.get("/api/v1/admin/support/tickets?assignee=none", Some(&admin)).await;
    assert_eq!((mine["total"].as_i64(), nobody["total"].as_i64()), (Some(1), Some(1)));
    let (status, body) = app.post(&format!("/api/v1/admin/support/tickets/{id}/replies"), json!({"body": "x"}), Some(&admin)).await;
    assert_eq!((status, body["fields"]["body"].is_array()), (422, true), "{body}");
    let (status, answered) = app
        .post(&format!("/api/v1/admin/support/tickets/{id}/replies"), json!({"body": "Regardez dans vos courriels indésirables.", "close": true}), Some(&admin))
        .await;
    assert_eq!((status, answered["status"].as_str(), answered["messages"].as_array().map(Vec::len)), (201, Some("closed"), Some(2)), "{answered}");
    let answer = app.last_mail_to("nadia@famille.fr").await;
    assert_eq!(answer.subject().as_deref(), Some(format!("Réponse à votre demande n° {reference}").as_str()));
    assert!(answer.decoded().contains("courriels indésirables"), "the answer itself is in the mail");
    let (status, reopened) = app.send("PUT", &format!("/api/v1/admin/support/tickets/{id}/status"), Some(json!({"status": "open"})), Some(&admin)).await;
    assert_eq!((status, reopened["status"].as_str(), reopened["closed_at"].is_null()), (200, Some("open"), true));

    // At most five tickets an hour from one address.
    for _ in 0..4 {
        assert_eq!(app.post("/api/v1/support/tickets", visitor.clone(), None).await.0, 201);
    }
    let (status, body) = app.post("/api/v1/support/tickets", visitor, None).await;
    assert_eq!(status, 429, "{body}");

    // Retention: a closed ticket goes after a year, a personal-data request after three.
    app.exec("UPDATE support_tickets SET status = 'closed', closed_at = '2024-01-01 00:00:00'").await;
    let now = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("d").and_hms_opt(0, 0, 0).expect("t");
    let pool = app.state.pool.clone();
    let deleted =
        tokio::task::spawn_blocking(move || passerelle::support::purge_expired(&mut pool.get().expect("conn"), now).expect("purge")).await.expect("join");
    assert_eq!(deleted, 5, "every closed ticket but the personal-data request");
    assert_eq!(app.count("support_tickets").await, 1);
}
