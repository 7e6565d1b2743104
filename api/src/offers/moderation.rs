//! Reports of inappropriate offers and the admins' moderation queue.

use crate::error::ErrorCode;
use crate::ids::OfferId;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::OfferReport;
use super::queries as q;
use crate::auth::CurrentUser;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The offer leaves search and its page (the host is told why).
    Hide,
    /// Nothing wrong: the report is closed.
    Keep,
    /// The host gets the admin's message; the offer stays.
    Contact,
}

impl Decision {
    fn status(self) -> &'static str {
        match self {
            Decision::Hide => "hidden",
            Decision::Keep => "kept",
            Decision::Contact => "contacted",
        }
    }
}

pub fn report(conn: &mut AnyConnection, user: &CurrentUser, offer_id: &OfferId, reason: &str, now: NaiveDateTime) -> AppResult<OfferReport> {
    // Only an offer the person can see can be reported: the others answer as unknown ones.
    let missing = || AppError::not_found("Offre introuvable.");
    let offer = q::find(conn, offer_id)?.ok_or_else(missing)?;
    let reserved = q::reserved_schools(conn, &offer.id)?;
    if !super::search::visible_offer(conn, Some(user), &offer, &reserved, now)? {
        return Err(missing());
    }
    let r = OfferReport {
        id: db::new_id(),
        offer_id: offer.id,
        reported_by: user.id.clone(),
        reason: reason.trim().to_owned(),
        status: "open".into(),
        decided_by: None,
        decided_at: None,
        decision_note: None,
        created_at: db::now(),
    };
    q::insert_report(conn, &r)?;
    tracing::info!(offer = %r.offer_id, by = %user.id, "offer reported");
    Ok(r)
}

/// An admin decides; every open report of the offer is closed with the same decision.
pub fn decide(conn: &mut AnyConnection, admin: &CurrentUser, report_id: &str, decision: Decision, note: &str, public_url: &str) -> AppResult<OfferReport> {
    use crate::db::schema::offer_reports as r;
    use diesel::prelude::*;
    let report = q::report(conn, report_id)?.ok_or_else(|| AppError::not_found("Signalement introuvable."))?;
    if report.status != "open" {
        return Err(AppError::conflict("Ce signalement a déjà été traité.").with_code(ErrorCode::AlreadyDecided));
    }
    if decision != Decision::Keep && note.trim().is_empty() {
        return Err(AppError::field("note", "Expliquez votre décision à l'organisme."));
    }
    let now = db::now();
    db::transaction(conn, |conn| {
        diesel::update(r::table.filter(r::offer_id.eq(&report.offer_id)).filter(r::status.eq("open")))
            .set((r::status.eq(decision.status()), r::decided_by.eq(Some(&admin.id)), r::decided_at.eq(Some(now)), r::decision_note.eq(Some(note.trim()))))
            .execute(conn)?;
        let mut offer = q::find(conn, &report.offer_id)?.ok_or_else(AppError::internal)?;
        if decision == Decision::Hide {
            offer.hidden = true;
            offer.updated_at = now;
            q::save(conn, &offer, q::Write::Existing, None)?;
            crate::partners::webhooks::offer_event(conn, &offer.id, "offer.hidden")?;
        }
        if decision != Decision::Keep {
            let link = format!("{public_url}/offres/{}", offer.id);
            if let Some(author) = crate::accounts::find_user(conn, &offer.created_by)? {
                if let Some(email) = &author.email {
                    crate::notifications::queue_email(
                        conn,
                        &crate::notifications::templates::offer_moderation_email(email, &author.first_name, &offer.title, note.trim(), &link),
                    )?;
                }
            }
        }
        Ok(())
    })?;
    tracing::info!(report = %report_id, admin = %admin.id, decision = decision.status(), "offer report decided");
    q::report(conn, report_id)?.ok_or_else(AppError::internal)
}

/// An admin puts a hidden offer back in search (the partner, if any, is told by webhook).
pub fn restore(conn: &mut AnyConnection, admin: &CurrentUser, offer_id: &OfferId) -> AppResult<crate::offers::model::Offer> {
    if admin.role != crate::auth::Role::Admin {
        return Err(AppError::forbidden("Réservé aux administrateurs de Passerelle."));
    }
    db::transaction(conn, |conn| {
        let mut offer = q::find(conn, offer_id)?.ok_or_else(|| AppError::not_found("Offre introuvable."))?;
        if !offer.hidden {
            return Err(AppError::conflict("Cette offre n'est pas masquée.").with_code(ErrorCode::NotHidden));
        }
        offer.hidden = false;
        offer.updated_at = db::now();
        q::save(conn, &offer, q::Write::Existing, None)?;
        crate::partners::webhooks::offer_event(conn, &offer.id, "offer.restored")?;
        tracing::info!(offer = %offer.id, admin = %admin.id, "offer restored");
        Ok(offer)
    })
}
