//! Messages to people, in French. HTML and text parts, one clear link, no tracking.

use super::{Email, Sms};

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn email(to: &str, subject: &str, first_name: &str, paragraphs: &[&str], action: Option<(&str, &str)>) -> Email {
    let mut text = format!("Bonjour {first_name},\n\n");
    let mut html = format!(
        "<!doctype html><html lang=\"fr\"><body style=\"font-family:Marianne,Arial,sans-serif\">\
         <p>Bonjour {},</p>",
        escape_html(first_name)
    );
    for p in paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape_html(p)));
    }
    if let Some((label, url)) = action {
        text.push_str(&format!("{label} : {url}\n\n"));
        html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", escape_html(url), escape_html(label)));
    }
    text.push_str("L'équipe Passerelle\n");
    html.push_str("<p>L'équipe Passerelle</p></body></html>");
    Email { to: to.to_owned(), subject: subject.to_owned(), text, html, attachments: Vec::new() }
}

/// "de Paul", "d'Inès", "d'Hugo": French elision before a vowel or a mute h, names included.
pub fn de(name: &str) -> String {
    let name = name.trim();
    match name.chars().next() {
        Some(c) if "aeiouyhàâäéèêëîïôöùûüœ".contains(c.to_lowercase().next().unwrap_or(c)) => format!("d'{name}"),
        _ => format!("de {name}"),
    }
}

pub fn confirm_account_email(to: &str, first_name: &str, link: &str) -> Email {
    email(
        to,
        "Confirmez votre adresse e-mail sur Passerelle",
        first_name,
        &[
            "Votre compte Passerelle a bien été créé. Pour l'activer, confirmez votre adresse e-mail.",
            "Ce lien est valable 48 heures. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
        ],
        Some(("Confirmer mon adresse", link)),
    )
}

pub fn confirm_account_sms(to: &str, code: &str) -> Sms {
    Sms { to: to.to_owned(), text: format!("Passerelle : votre code de confirmation est {code}. Il est valable 15 minutes.") }
}

/// Someone signed up with an address that already has an account: its owner is told (the
/// sign-up's answer says nothing of it, so that nobody learns who has an account).
pub fn already_registered_email(to: &str, first_name: &str, login_link: &str) -> Email {
    email(
        to,
        "Vous avez déjà un compte Passerelle",
        first_name,
        &[
            "Quelqu'un (vous, sans doute) vient de demander la création d'un compte Passerelle avec cette adresse, qui en a déjà un.",
            "Connectez-vous avec votre mot de passe ; si vous l'avez oublié, la page de connexion permet d'en choisir un nouveau. Si ce n'était pas vous, ignorez ce message : rien n'a changé.",
        ],
        Some(("Me connecter", login_link)),
    )
}

pub fn already_registered_sms(to: &str, login_link: &str) -> Sms {
    Sms { to: to.to_owned(), text: format!("Passerelle : ce numéro a déjà un compte. Connectez-vous ou choisissez un nouveau mot de passe : {login_link}") }
}

pub fn reset_password_email(to: &str, first_name: &str, link: &str) -> Email {
    email(
        to,
        "Réinitialisez votre mot de passe Passerelle",
        first_name,
        &[
            "Vous avez demandé à changer votre mot de passe.",
            "Ce lien est valable une heure et ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.",
        ],
        Some(("Choisir un nouveau mot de passe", link)),
    )
}

pub fn welcome_sms(to: &str, inviter: &str, link: &str) -> Sms {
    Sms { to: to.to_owned(), text: format!("Passerelle : {inviter} vous a créé un compte avec ce numéro. Choisissez votre mot de passe ici : {link}") }
}

pub fn reset_password_sms(to: &str, code: &str) -> Sms {
    Sms { to: to.to_owned(), text: format!("Passerelle : votre code pour changer de mot de passe est {code}. Il est valable 15 minutes.") }
}

/// `inviter` says who made the account ("Un administrateur de Passerelle", "Le collège X").
pub fn welcome_set_password_email(to: &str, first_name: &str, inviter: &str, link: &str) -> Email {
    let intro = format!("{inviter} vous a créé un compte sur Passerelle, la plateforme des stages d'observation.");
    email(
        to,
        "Votre compte Passerelle vous attend",
        first_name,
        &[
            &intro,
            "Choisissez votre mot de passe pour vous connecter. Ce lien est valable 3 jours ; vous pourrez en demander un autre depuis la page « Mot de passe oublié ».",
        ],
        Some(("Choisir mon mot de passe", link)),
    )
}

pub fn change_email_email(to: &str, first_name: &str, link: &str) -> Email {
    email(
        to,
        "Confirmez votre nouvelle adresse e-mail",
        first_name,
        &[
            "Vous avez demandé à utiliser cette adresse pour votre compte Passerelle.",
            "Ce lien est valable 24 heures. Tant qu'il n'est pas utilisé, votre ancienne adresse reste active.",
        ],
        Some(("Confirmer cette adresse", link)),
    )
}

pub fn staff_added_email(to: &str, first_name: &str, school: &str, link: &str) -> Email {
    email(
        to,
        "Vous rejoignez une équipe sur Passerelle",
        first_name,
        &[&format!("Le chef d'établissement vous a ajouté à l'équipe de l'établissement « {school} » sur Passerelle.")],
        Some(("Me connecter", link)),
    )
}

pub fn organisation_added_email(to: &str, first_name: &str, organisation: &str, link: &str) -> Email {
    email(
        to,
        "Vous rejoignez un organisme d'accueil sur Passerelle",
        first_name,
        &[&format!(
            "Un membre de « {organisation} » vous a ajouté à son équipe sur Passerelle : vous pouvez publier ses offres de stage et suivre les candidatures."
        )],
        Some(("Me connecter", link)),
    )
}

pub fn organisation_invitation_email(to: &str, first_name: &str, inviter: &str, organisation: &str, link: &str) -> Email {
    email(
        to,
        "Une invitation à rejoindre un organisme d'accueil sur Passerelle",
        first_name,
        &[
            &format!(
                "{inviter} vous invite à rejoindre l'équipe de « {organisation} » sur Passerelle, pour publier ses offres de stage et suivre les candidatures."
            ),
            "Connectez-vous pour accepter ou refuser l'invitation : vous ne rejoignez l'organisme qu'après l'avoir acceptée.",
        ],
        Some(("Répondre à l'invitation", link)),
    )
}

/// A school invited a pupil who already has an account: the class code to join by themselves.
pub fn class_invitation_email(to: &str, first_name: &str, school: &str, class: &str, code: &str, link: &str) -> Email {
    email(
        to,
        "Ton établissement t'invite à rejoindre ta classe sur Passerelle",
        first_name,
        &[
            &format!("L'équipe de l'établissement {school} t'invite à rejoindre la classe {class} sur Passerelle."),
            &format!("Connecte-toi avec ton compte, choisis ton établissement et ta classe, puis saisis le code de classe : {code}."),
            "Si tu n'es pas élève de cet établissement, ignore ce message : rien ne change sur ton compte.",
        ],
        Some(("Me connecter", link)),
    )
}

pub fn class_invitation_sms(to: &str, school: &str, class: &str, code: &str, link: &str) -> Sms {
    Sms { to: to.to_owned(), text: format!("Passerelle : {school} t'invite dans la classe {class}. Connecte-toi ({link}) et saisis le code de classe {code}.") }
}

/// A school tried to make a pupil's account with an adult's address.
pub fn pupil_invitation_refused_email(to: &str, first_name: &str, school: &str) -> Email {
    email(
        to,
        "Une invitation que votre compte Passerelle ne peut pas accepter",
        first_name,
        &[
            &format!("L'équipe de l'établissement {school} a voulu inscrire un élève avec votre adresse sur Passerelle."),
            "Votre compte n'est pas un compte d'élève : rien n'a changé. S'il s'agit de votre enfant, donnez à l'établissement une autre adresse (la sienne).",
        ],
        None,
    )
}

/// Someone invited an address whose account cannot join an organisation (a pupil's, a school
/// staff member's…): its owner is told; the inviter's answer says nothing of it.
pub fn organisation_invitation_refused_email(to: &str, first_name: &str, organisation: &str) -> Email {
    email(
        to,
        "Une invitation que votre compte Passerelle ne peut pas accepter",
        first_name,
        &[
            &format!("Quelqu'un a voulu vous ajouter à l'équipe de « {organisation} », un organisme d'accueil, sur Passerelle."),
            "Votre compte Passerelle n'est pas un compte d'organisme d'accueil : il ne peut pas rejoindre cette équipe. Si c'est bien vous qu'on voulait inviter, donnez une autre adresse à la personne qui vous a invité. Sinon, ignorez ce message.",
        ],
        None,
    )
}

pub fn offer_moderation_email(to: &str, first_name: &str, offer_title: &str, note: &str, link: &str) -> Email {
    let intro = format!("Votre offre « {offer_title} » a été signalée et examinée par l'équipe Passerelle.");
    let message = format!("Message de l'équipe : {note}");
    email(to, "À propos de votre offre de stage sur Passerelle", first_name, &[&intro, &message], Some(("Voir mon offre", link)))
}

/// Application events: one template each, a link to the right page.
pub fn application_email(to: &str, first_name: &str, subject: &str, paragraphs: &[&str], action: (&str, &str)) -> Email {
    email(to, subject, first_name, paragraphs, Some(action))
}

pub fn application_sms(to: &str, text: &str, link: &str) -> Sms {
    Sms { to: to.to_owned(), text: format!("Passerelle : {text} {link}") }
}

pub fn account_locked_email(to: &str, first_name: &str, link: &str) -> Email {
    email(
        to,
        "Votre compte Passerelle est verrouillé",
        first_name,
        &[
            "Après 8 tentatives de connexion infructueuses, votre compte est verrouillé pendant 15 minutes.",
            "C'était vous ? Ce lien vous permet de vous reconnecter tout de suite (il sert une fois, pendant une heure).",
            "Ce n'était pas vous ? Votre compte reste protégé ; vous pouvez aussi changer votre mot de passe depuis la page de connexion.",
        ],
        Some(("Déverrouiller mon compte", link)),
    )
}

/// A message without a link (one-time codes: the person types it where they already are).
pub fn plain_email(to: &str, first_name: &str, subject: &str, paragraphs: &[&str]) -> Email {
    email(to, subject, first_name, paragraphs, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn de_elides_before_a_vowel_or_an_h() {
        assert_eq!(de("Inès Moreau"), "d'Inès Moreau");
        assert_eq!(de("Émile"), "d'Émile");
        assert_eq!(de("Hugo"), "d'Hugo");
        assert_eq!(de("Paul"), "de Paul");
    }

    #[test]
    fn html_is_escaped_and_text_has_link() {
        let e = confirm_account_email("a@b.fr", "<script>x</script>", "http://h/confirmation?token=abc");
        assert!(e.html.contains("&lt;script&gt;"));
        assert!(!e.html.contains("<script>"));
        assert!(e.text.contains("http://h/confirmation?token=abc"));
    }

    #[test]
    fn subjects_stay_short() {
        for subject in [
            confirm_account_email("a@b.fr", "A", "l").subject,
            reset_password_email("a@b.fr", "A", "l").subject,
            change_email_email("a@b.fr", "A", "l").subject,
            account_locked_email("a@b.fr", "A", "l").subject,
            welcome_set_password_email("a@b.fr", "A", "Le collège", "l").subject,
            staff_added_email("a@b.fr", "A", "S", "l").subject,
        ] {
            let n = subject.chars().count();
            assert!((30..=50).contains(&n), "{subject} has {n} characters");
        }
    }

    #[test]
    fn sms_fit_in_one_message() {
        assert!(confirm_account_sms("+33600000000", "123456").text.chars().count() <= 160);
        assert!(reset_password_sms("+33600000000", "123456").text.chars().count() <= 160);
    }
}
