//! A person's rights over their data (RGPD): download everything Passerelle holds about them,
//! and delete the account (anonymised: history and statistics keep their shape). A pupil with
//! an agreement asks through their school, which must keep the agreement.

use crate::error::ErrorCode;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::auth::{password, CurrentUser, Role};
use crate::db::schema::{agreements, applications, audit_log, one_time_codes, organisation_members, organisations, refresh_tokens, users};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};

/// Everything held about the person, as one JSON document.
pub fn export(conn: &mut AnyConnection, user: &CurrentUser) -> AppResult<Value> {
    let u = super::queries::find_user(conn, &user.id)?.ok_or_else(|| AppError::not_found("Compte introuvable."))?;
    let mut out = json!({
        "exported_at": db::now(),
        "account": {
            "id": u.id, "email": u.email, "phone": u.phone, "role": u.role, "staff_function": u.staff_function,
            "first_name": u.first_name, "last_name": u.last_name, "created_at": u.created_at,
            "last_login_at": u.last_login_at, "two_factor": u.totp_enabled_at.is_some(),
        },
    });
    if let Some(p) = crate::pupils::of_account(conn, &user.id)? {
        out["pupil"] = json!({
            "school_uai": p.school_uai, "class_id": p.class_id, "birth_date": p.birth_date, "gender": p.gender,
            "home_postal_code": p.home_postal_code, "contact_phone": p.contact_phone,
            "legal_representatives": serde_json::from_str::<Value>(&p.legal_representatives).unwrap_or(Value::Null),
            "cv": serde_json::from_str::<Value>(&p.cv).unwrap_or(Value::String(p.cv.clone())),
            "consent_date": p.consent_date, "lives_in_qpv": p.lives_in_qpv, "ine": p.ine,
        });
        let apps: Vec<(String, String, String, String, String, NaiveDateTime)> = applications::table
            .filter(applications::pupil_id.eq(&user.id))
            .select((
                applications::id,
                applications::offer_id,
                applications::status,
                applications::weeks_key,
                applications::motivation,
                applications::submitted_at,
            ))
            .order(applications::submitted_at.asc())
            .load(conn)?;
        out["applications"] = apps
            .into_iter()
            .map(|(id, offer, status, weeks, letter, at)| json!({"id": id, "offer_id": offer, "status": status, "weeks": weeks, "motivation": letter, "submitted_at": at}))
            .collect();
        let ags: Vec<(String, String, chrono::NaiveDate, chrono::NaiveDate, String)> = agreements::table
            .filter(agreements::pupil_id.eq(&user.id))
            .select((agreements::id, agreements::status, agreements::starts_on, agreements::ends_on, agreements::document_text))
            .load(conn)?;
        out["agreements"] =
            ags.into_iter().map(|(id, status, from, to, text)| json!({"id": id, "status": status, "starts_on": from, "ends_on": to, "text": text})).collect();
        out["external_internships"] = crate::external_internships::export(conn, &user.id)?
            .into_iter()
            .map(|e| json!({"id": e.id, "status": e.status.as_str(), "host_name": e.host_name, "siret": e.siret, "street": e.street, "postal_code": e.postal_code, "city": e.city, "weeks": e.weeks, "declared_at": e.declared_at, "decided_at": e.decided_at, "rejection_reason": e.rejection_reason}))
            .collect();
        out["favourites"] = crate::favourites::export(conn, &user.id)?.into_iter().map(|(offer, at)| json!({"offer_id": offer, "starred_at": at})).collect();
        // Who read their data: theirs to know.
        let reads: Vec<(NaiveDateTime, String, String, String)> = audit_log::table
            .filter(audit_log::pupil_id.eq(&user.id))
            .select((audit_log::at, audit_log::actor_role, audit_log::action, audit_log::resource))
            .order(audit_log::at.asc())
            .load(conn)?;
        out["accesses_to_my_data"] =
            reads.into_iter().map(|(at, role, action, resource)| json!({"at": at, "by_role": role, "action": action, "data": resource})).collect();
    }
    let orgs: Vec<(String, String)> = organisation_members::table
        .inner_join(organisations::table.on(organisations::id.eq(organisation_members::organisation_id)))
        .filter(organisation_members::user_id.eq(&user.id))
        .select((organisations::id, organisations::name))
        .load(conn)?;
    if !orgs.is_empty() {
        out["organisations"] = orgs.into_iter().map(|(id, name)| json!({"id": id, "name": name})).collect();
    }
    Ok(out)
}

/// What happened to a deletion request.
pub enum Deletion {
    /// The account is anonymised; the person is signed out everywhere.
    Done,
    /// A pupil with an agreement: the school was told and decides.
    SentToSchool,
}

/// Erases who a person is, whatever their role (the caller holds a transaction): names,
/// contacts, password (no password can match any more), second factor, sessions and codes. The
/// row stays so that history and statistics keep their shape.
pub fn erase_identity(conn: &mut AnyConnection, user_id: &str, now: NaiveDateTime) -> AppResult<()> {
    // The messages already sent to the person go with their address.
    if let Some(u) = super::queries::find_user(conn, user_id)? {
        for address in [u.email, u.phone, u.pending_email].into_iter().flatten() {
            crate::jobs::forget_recipient(conn, &address)?;
        }
    }
    diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(None::<String>),
            users::phone.eq(None::<String>),
            users::pending_email.eq(None::<String>),
            users::first_name.eq("NA"),
            users::last_name.eq("NA"),
            users::password_hash.eq("!anonymised"),
            users::totp_secret.eq(None::<String>),
            users::totp_enabled_at.eq(None::<NaiveDateTime>),
            users::anonymised_at.eq(Some(now)),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    super::queries::revoke_all_for_user(conn, user_id, now)?;
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(one_time_codes::table.filter(one_time_codes::user_id.eq(user_id))).execute(conn)?;
    crate::favourites::forget(conn, user_id)?;
    crate::external_internships::anonymise(conn, user_id, now)?;
    Ok(())
}

/// The person asks to delete their account (password again, against a stolen session).
pub fn request_deletion(conn: &mut AnyConnection, user: &CurrentUser, pass: &str, public_url: &str) -> AppResult<Deletion> {
    let u = super::queries::find_user(conn, &user.id)?.ok_or_else(|| AppError::not_found("Compte introuvable."))?;
    if !password::verify(pass, &u.password_hash) {
        return Err(AppError::field("password", "Mot de passe incorrect.").with_code(ErrorCode::WrongPassword));
    }
    if u.role() == Role::Admin {
        return Err(AppError::conflict("Un compte administrateur est fermé par un autre administrateur.").with_code(ErrorCode::AdminDeletion));
    }
    let now = db::now();
    if u.role() == Role::Student {
        let has_agreement = agreements::table.filter(agreements::pupil_id.eq(&u.id)).count().get_result::<i64>(conn)? > 0;
        if has_agreement {
            // The school keeps the agreement as long as required: it handles the request.
            if let Some(p) = crate::pupils::of_account(conn, &u.id)? {
                let principals = crate::schools::staff_with_users(conn, &p.school_uai)?
                    .into_iter()
                    .filter(|(m, _)| m.function == crate::auth::StaffFunction::Principal.as_str() && m.status == crate::schools::model::STAFF_ACTIVE)
                    .collect::<Vec<_>>();
                for (_, staff) in principals {
                    if let Some(to) = staff.email {
                        let body = format!("Un élève de votre établissement demande la suppression de son compte Passerelle (identifiant {}). Il a une convention de stage : voyez avec lui et sa famille ce qui doit être conservé, puis répondez-lui. Sa fiche : {public_url}/etablissement/{}/eleves/{}", u.id, p.school_uai, u.id);
                        crate::notifications::queue_email(
                            conn,
                            &crate::notifications::templates::plain_email(&to, &staff.first_name, "Demande de suppression d'un compte élève", &[&body]),
                        )?;
                    }
                }
            }
            tracing::info!(pupil = %u.id, "account deletion asked: sent to the school");
            return Ok(Deletion::SentToSchool);
        }
        db::transaction(conn, |conn| crate::pupils::retention::anonymise_pupil(conn, &u.id, now))?;
    } else {
        db::transaction(conn, |conn| erase_identity(conn, &u.id, now))?;
    }
    tracing::info!(user = %u.id, "account deleted (anonymised) at the person's request");
    Ok(Deletion::Done)
}
