//! Support use cases: open a ticket, the admins' queue, answers by e-mail, retention.

use chrono::{Duration, NaiveDateTime};

use super::queries::{self as q, Message, Ticket};
use super::rules::{self, Category, Status};
use crate::auth::CurrentUser;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};

pub struct NewTicket {
    pub category: Category,
    pub subject: String,
    pub message: String,
    pub page: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// Opens a ticket from the contact form; the person gets an acknowledgement with its reference.
pub fn open(conn: &mut AnyConnection, who: Option<&CurrentUser>, t: NewTicket, now: NaiveDateTime, public_url: &str) -> AppResult<Ticket> {
    let mut err = AppError::validation();
    for (field, message) in rules::problems(&t.subject, &t.message, &t.page) {
        err = err.with_field(field, message);
    }
    let account = match who {
        Some(u) => crate::accounts::find_user(conn, &u.id)?,
        None => None,
    };
    // Signed in: the account's name and address, unless the person gives another address to
    // be answered at (a pupil who signed up with a phone number).
    let typed_email = t.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let email = match typed_email {
        Some(e) => crate::accounts::rules::normalize_email(e).or_else(|| {
            err = err.clone().with_field("email", "Adresse e-mail invalide.");
            None
        }),
        None => account.as_ref().and_then(|a| a.email.clone()),
    };
    if email.is_none() && !err.fields.contains_key("email") {
        err = err.with_field("email", "Indiquez l'adresse e-mail où vous répondre.");
    }
    let name = t
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .or_else(|| account.as_ref().map(|a| format!("{} {}", a.first_name, a.last_name).trim().to_owned()).filter(|n| !n.is_empty()));
    let name = match name {
        Some(n) if n.chars().count() <= 100 => n,
        Some(_) => {
            err = err.with_field("name", "Nom trop long (100 caractères au plus).");
            String::new()
        }
        None => {
            err = err.with_field("name", "Indiquez votre nom.");
            String::new()
        }
    };
    if !err.fields.is_empty() {
        return Err(err);
    }
    let email = email.unwrap_or_default();
    if q::opened_by_email_since(conn, &email, now - Duration::hours(1))? >= rules::MAX_TICKETS_PER_HOUR {
        let mut e = AppError::rate_limited(3600);
        e.message = "Vous nous avez déjà écrit plusieurs fois dans l'heure : nous vous répondrons. Réessayez plus tard si besoin.".into();
        return Err(e);
    }
    let ticket = Ticket {
        id: db::new_id(),
        user_id: account.as_ref().map(|a| a.id.to_string()),
        name,
        email,
        category: t.category.as_str().to_owned(),
        subject: t.subject.trim().to_owned(),
        message: t.message.trim().to_owned(),
        page: t.page,
        status: Status::Open,
        assignee_id: None,
        created_at: now,
        updated_at: now,
        closed_at: None,
    };
    db::transaction(conn, |conn| {
        q::insert(conn, &ticket)?;
        let reference = rules::reference(&ticket.id);
        let p1 = format!("Nous avons bien reçu votre demande « {} » (n° {reference}, catégorie : {}).", ticket.subject, t.category.label());
        let p2 = "Une personne de l'équipe Passerelle vous répondra par e-mail, en général sous deux jours ouvrés.".to_owned();
        let p3 = format!("Les réponses aux questions fréquentes sont aussi dans l'aide : {public_url}/faq");
        let first = ticket.name.split_whitespace().next().unwrap_or("");
        crate::notifications::queue_email(
            conn,
            &crate::notifications::templates::plain_email(&ticket.email, first, &format!("Votre demande n° {reference} est bien reçue"), &[&p1, &p2, &p3]),
        )?;
        Ok(ticket.clone())
    })
}

/// The ticket, or a 404.
pub fn load(conn: &mut AnyConnection, id: &str) -> AppResult<Ticket> {
    q::find(conn, id)?.ok_or_else(|| AppError::not_found("Demande introuvable."))
}

/// An admin takes the ticket (or gives it to another admin; `None`: nobody).
pub fn assign(conn: &mut AnyConnection, id: &str, assignee: Option<&str>, now: NaiveDateTime) -> AppResult<Ticket> {
    load(conn, id)?;
    if let Some(a) = assignee {
        let user = crate::accounts::find_user(conn, a)?;
        if !user.is_some_and(|u| u.role() == crate::auth::Role::Admin) {
            return Err(AppError::field("assignee_id", "Choisissez un administrateur."));
        }
    }
    q::set_assignee(conn, id, assignee, now)?;
    load(conn, id)
}

/// An admin answers: the answer is kept with the ticket and mailed to the person; `close`
/// closes the ticket at the same time.
pub fn reply(conn: &mut AnyConnection, admin: &CurrentUser, id: &str, body: &str, close: bool, now: NaiveDateTime, public_url: &str) -> AppResult<Ticket> {
    let body = body.trim();
    if !(2..=10_000).contains(&body.chars().count()) {
        return Err(AppError::field("body", "Écrivez une réponse de 2 à 10 000 caractères."));
    }
    db::transaction(conn, |conn| {
        let ticket = load(conn, id)?;
        q::insert_message(
            conn,
            &Message { id: db::new_id(), ticket_id: ticket.id.clone(), author_id: Some(admin.id.to_string()), body: body.to_owned(), created_at: now },
        )?;
        if ticket.assignee_id.is_none() {
            q::set_assignee(conn, id, Some(&admin.id), now)?;
        }
        if close {
            q::set_status(conn, id, Status::Closed, Some(now), now)?;
        } else {
            q::touch(conn, id, now)?;
        }
        let reference = rules::reference(&ticket.id);
        let intro = format!("Voici notre réponse à votre demande « {} » (n° {reference}) :", ticket.subject);
        let again = format!("Pour nous écrire de nouveau, rappelez ce numéro dans le formulaire de contact : {public_url}/contact");
        let first = ticket.name.split_whitespace().next().unwrap_or("");
        crate::notifications::queue_email(
            conn,
            &crate::notifications::templates::plain_email(&ticket.email, first, &format!("Réponse à votre demande n° {reference}"), &[&intro, body, &again]),
        )?;
        load(conn, id)
    })
}

pub fn set_status(conn: &mut AnyConnection, id: &str, status: Status, now: NaiveDateTime) -> AppResult<Ticket> {
    load(conn, id)?;
    let closed_at = (status == Status::Closed).then_some(now);
    q::set_status(conn, id, status, closed_at, now)?;
    load(conn, id)
}

/// Deletes the tickets whose retention ended (run with the daily retention pass).
pub fn purge_expired(conn: &mut AnyConnection, now: NaiveDateTime) -> AppResult<usize> {
    let due: Vec<String> = q::retention_candidates(conn)?
        .into_iter()
        .filter(|(_, category, status, updated, closed)| {
            let category = Category::parse(category).unwrap_or(Category::Other);
            rules::delete_after(category, *status, *updated, *closed) <= now
        })
        .map(|(id, ..)| id)
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    db::transaction(conn, |conn| Ok(q::delete(conn, &due)?))
}
