//! Organisation use cases: create, invite members, load with the membership check.

use crate::error::ErrorCode;
use crate::ids::OrganisationId;

use super::model::{Invitation, Member, Organisation};
use super::rules::{self, OrganisationKind};
use super::{policy, queries as q};
use crate::accounts::service::{create_for_someone, NewAccount};
use crate::auth::{password, tokens, CurrentUser, Role};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};

pub struct NewOrganisation {
    pub name: String,
    pub siret: String,
    pub kind: OrganisationKind,
    pub is_public: bool,
    pub ministry_id: Option<String>,
    pub group_name: Option<String>,
    pub naf_code: Option<String>,
    pub sector_id: Option<String>,
    pub address: String,
    pub postal_code: String,
    pub city: String,
}

/// The organisation, if the user may act for it.
pub fn load_for(conn: &mut AnyConnection, org_id: &OrganisationId, user: &CurrentUser) -> AppResult<Organisation> {
    let org = q::find(conn, org_id)?.ok_or_else(|| AppError::not_found("Organisme introuvable."))?;
    policy::may_act_for(user, q::is_member(conn, org_id, &user.id)?)?;
    Ok(org)
}

pub fn create(conn: &mut AnyConnection, user: &CurrentUser, o: NewOrganisation) -> AppResult<Organisation> {
    policy::may_create(user)?;
    create_as(conn, user, o, true)
}

/// Creates the organisation; `member`: its creator joins it (an admin creating a partner
/// association's organisation does not). The caller has checked who may do it.
pub fn create_as(conn: &mut AnyConnection, user: &CurrentUser, o: NewOrganisation, member: bool) -> AppResult<Organisation> {
    let now = db::now();
    let org = checked(conn, o, OrganisationId::new(), user.id.to_string(), now)?;
    let siret = org.siret.clone();
    db::transaction(conn, |conn| {
        if q::by_siret(conn, &siret)?.is_some() {
            return Err(AppError::conflict("Cet organisme est déjà inscrit : demandez à l'un de ses membres de vous inviter.")
                .with_code(ErrorCode::OrganisationExists)
                .with_field("siret", "SIRET déjà inscrit."));
        }
        q::insert(conn, &org)?;
        if member {
            q::add_member(conn, &Member { organisation_id: org.id.clone(), user_id: user.id.clone(), invited_by: None, created_at: now })?;
        }
        Ok(org.clone())
    })
}

/// What was typed, checked (SIRET, affiliation, NAF code, sector, address) and normalised into
/// the organisation's row.
fn checked(conn: &mut AnyConnection, o: NewOrganisation, id: OrganisationId, created_by: String, created_at: chrono::NaiveDateTime) -> AppResult<Organisation> {
    let siret = rules::clean_siret(&o.siret);
    let mut err = AppError::validation();
    if !rules::siret_valid(&siret) {
        err = err.with_field("siret", "SIRET invalide : 14 chiffres, vérifiez-le sur votre Kbis ou l'annuaire des entreprises.");
    }
    if let Some((f, m)) = rules::affiliation_problem(o.is_public, o.ministry_id.as_deref(), o.group_name.as_deref()) {
        err = err.with_field(f, m);
    }
    if let Some(m) = &o.ministry_id {
        if q::ministry(conn, m)?.is_none() {
            err = err.with_field("ministry_id", "Ministère inconnu.");
        }
    }
    // The NAF code pre-selects the sector when none is given.
    let naf = match &o.naf_code {
        Some(code) => match crate::reference::naf(conn, code)? {
            Some(n) => Some(n),
            None => {
                err = err.with_field("naf_code", "Code NAF inconnu (forme 62.01Z).");
                None
            }
        },
        None => None,
    };
    let sector_id = o.sector_id.clone().or_else(|| naf.as_ref().and_then(|n| n.sector_id.clone()));
    if let Some(s) = &sector_id {
        if !crate::reference::sector_exists(conn, s)? {
            err = err.with_field("sector_id", "Secteur inconnu.");
        }
    }
    let commune = crate::reference::geocode_address(conn, &o.postal_code, &o.city)?;
    if commune.is_none() {
        err = err.with_field("postal_code", "Code postal inconnu.");
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    let org = Organisation {
        id,
        name: o.name.trim().to_owned(),
        siret: siret.clone(),
        kind: o.kind.as_str().to_owned(),
        is_public: o.is_public,
        ministry_id: o.ministry_id,
        group_name: o.group_name.map(|g| g.trim().to_owned()).filter(|g| !g.is_empty()),
        naf_code: naf.map(|n| n.code),
        sector_id,
        address: o.address.trim().to_owned(),
        postal_code: o.postal_code.trim().to_owned(),
        city: commune.as_ref().map(|c| c.name.clone()).unwrap_or(o.city),
        commune_code: commune.as_ref().map(|c| c.insee_code.clone()),
        department_code: commune.as_ref().map(|c| c.department_code.clone()),
        latitude: commune.as_ref().and_then(|c| c.latitude),
        longitude: commune.as_ref().and_then(|c| c.longitude),
        created_by,
        created_at,
        updated_at: db::now(),
    };
    Ok(org)
}

/// An admin corrects what the organisation's members typed (name, SIRET, kind, address…).
pub fn correct(conn: &mut AnyConnection, org_id: &OrganisationId, o: NewOrganisation) -> AppResult<Organisation> {
    let current = q::find(conn, org_id)?.ok_or_else(|| AppError::not_found("Organisme introuvable."))?;
    let org = checked(conn, o, current.id.clone(), current.created_by.clone(), current.created_at)?;
    db::transaction(conn, |conn| {
        if q::by_siret(conn, &org.siret)?.is_some_and(|other| other.id != org.id) {
            return Err(AppError::conflict("Un autre organisme porte ce SIRET : fusionnez-les plutôt.")
                .with_code(ErrorCode::OrganisationExists)
                .with_field("siret", "SIRET déjà inscrit."));
        }
        q::replace(conn, &org)?;
        Ok(org.clone())
    })
}

/// What a merge moved from the duplicate into the organisation kept.
#[derive(Debug, Default, Clone, Copy)]
pub struct Merged {
    pub members: usize,
    pub offers: usize,
    pub agreements: usize,
}

/// Merges the duplicate `from` into `into`: its members, pending invitations, offers,
/// agreements and partner credentials move, then the duplicate is deleted. In one transaction.
pub fn merge(conn: &mut AnyConnection, from: &OrganisationId, into: &OrganisationId) -> AppResult<(Organisation, Merged)> {
    if from == into {
        return Err(AppError::field("into", "Choisissez un autre organisme que le doublon."));
    }
    db::transaction(conn, |conn| {
        q::find(conn, from)?.ok_or_else(|| AppError::not_found("Organisme introuvable."))?;
        let kept = q::find(conn, into)?.ok_or_else(|| AppError::field("into", "Organisme à conserver introuvable."))?;
        let moved = q::move_everything(conn, from, into).map_err(|e| match e {
            q::MoveError::BothPartners => AppError::conflict("Les deux organismes sont des associations partenaires : fusionnez d'abord leurs accès à l'API.")
                .with_code(ErrorCode::BothPartners)
                .with_field("into", "Deux associations partenaires."),
            q::MoveError::Db(e) => e.into(),
        })?;
        Ok((kept, Merged { members: moved.0, offers: moved.1, agreements: moved.2 }))
    })
}

/// A member invites a colleague by e-mail (an account is created when there is none).
/// Adds a member by e-mail (an account is created when needed, with `role`: employers for
/// hosts, operators for partner associations).
#[allow(clippy::too_many_arguments)]
pub fn invite(
    conn: &mut AnyConnection,
    org: &Organisation,
    by: &CurrentUser,
    email: &str,
    first: &str,
    last: &str,
    public_url: &str,
    role: Role,
) -> AppResult<()> {
    let email = crate::accounts::rules::normalize_email(email).ok_or_else(|| AppError::field("email", "Adresse e-mail invalide."))?;
    let now = db::now();
    db::transaction(conn, |conn| {
        let existing = crate::accounts::find_by_email(conn, &email)?;
        let user = match existing {
            // Another kind of account: the same answer as an invitation (nobody learns who has
            // an account); the address's owner is told why nothing happens.
            Some(u) if u.role() != role => {
                crate::notifications::queue_email(
                    conn,
                    &crate::notifications::templates::organisation_invitation_refused_email(&email, &u.first_name, &org.name),
                )?;
                return Ok(());
            }
            Some(u) => u,
            None => create_for_someone(
                conn,
                NewAccount {
                    email: Some(email.clone()),
                    phone: None,
                    password_hash: password::hash(&tokens::random_secret())?,
                    role,
                    staff_function: None,
                    scope: None,
                    first_name: crate::accounts::rules::clean_name(first).map_err(|m| AppError::field("first_name", m))?,
                    last_name: crate::accounts::rules::clean_name(last).map_err(|m| AppError::field("last_name", m))?,
                },
                &format!("Un membre de l'organisme {}", org.name),
                public_url,
            )?,
        };
        if q::is_member(conn, &org.id, &user.id)? {
            return Err(AppError::conflict("Cette personne fait déjà partie de l'organisme.").with_code(ErrorCode::AlreadyMember));
        }
        // A partner association's members are added by an admin: they join at once. A host's
        // colleague is asked first and joins only by accepting.
        if role == Role::Operator {
            if let Some(email) = &user.email {
                let link = format!("{public_url}/connexion");
                crate::notifications::queue_email(conn, &crate::notifications::templates::organisation_added_email(email, &user.first_name, &org.name, &link))?;
            }
            q::add_member(conn, &Member { organisation_id: org.id.clone(), user_id: user.id.clone(), invited_by: Some(by.id.clone()), created_at: now })?;
            return Ok(());
        }
        if q::invitation_of(conn, &org.id, &user.id)?.is_none() {
            q::insert_invitation(
                conn,
                &Invitation { id: db::new_id(), organisation_id: org.id.clone(), user_id: user.id.clone(), invited_by: by.id.clone(), created_at: now },
            )?;
        }
        let inviter = crate::accounts::find_user(conn, &by.id)?.map(|u| format!("{} {}", u.first_name, u.last_name)).unwrap_or_else(|| "Un membre".into());
        let link = format!("{public_url}/espace");
        crate::notifications::queue_email(
            conn,
            &crate::notifications::templates::organisation_invitation_email(&email, &user.first_name, &inviter, &org.name, &link),
        )?;
        Ok(())
    })
}

/// The invitations waiting for the signed-in person.
pub fn my_invitations(conn: &mut AnyConnection, user: &CurrentUser) -> AppResult<Vec<(Invitation, Organisation, String)>> {
    let mut out = Vec::new();
    for (inv, org) in q::invitations_for(conn, &user.id)? {
        let by = crate::accounts::find_user(conn, &inv.invited_by)?.map(|u| format!("{} {}", u.first_name, u.last_name)).unwrap_or_default();
        out.push((inv, org, by));
    }
    Ok(out)
}

/// The invited person accepts (becomes a member) or declines; nobody else may answer.
pub fn answer_invitation(conn: &mut AnyConnection, user: &CurrentUser, id: &str, accept: bool) -> AppResult<Organisation> {
    db::transaction(conn, |conn| {
        let inv = q::invitation(conn, id)?.filter(|i| i.user_id == user.id).ok_or_else(|| AppError::not_found("Invitation introuvable ou déjà traitée."))?;
        let org = q::find(conn, &inv.organisation_id)?.ok_or_else(|| AppError::not_found("Organisme introuvable."))?;
        q::delete_invitation(conn, &inv.id)?;
        if accept && !q::is_member(conn, &org.id, &user.id)? {
            q::add_member(
                conn,
                &Member { organisation_id: org.id.clone(), user_id: user.id.clone(), invited_by: Some(inv.invited_by), created_at: db::now() },
            )?;
        }
        tracing::info!(user = %user.id, organisation = %org.id, accept, "organisation invitation answered");
        Ok(org)
    })
}
