//! The terms of use people accept: the current version is the front matter of
//! `content/legal/conditions-utilisation.md` (the page the SPA shows), so raising its `version`
//! asks every signed-in person to accept the new text once; each acceptance is recorded.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::terms_acceptances as ta;
use crate::db::AnyConnection;

const TERMS_MD: &str = include_str!("../../../content/legal/conditions-utilisation.md");

/// A Markdown document's front matter: title, version, date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: String,
    pub version: i32,
    pub date: chrono::NaiveDate,
}

/// Reads `---`-delimited `key: value` lines at the top of a Markdown document.
pub fn front_matter(markdown: &str) -> Option<FrontMatter> {
    let rest = markdown.trim_start_matches('\u{feff}').strip_prefix("---")?;
    let end = rest.find("\n---")?;
    let mut title = None;
    let mut version = None;
    let mut date = None;
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim().trim_matches('"');
        match key.trim() {
            "title" => title = Some(value.to_owned()),
            "version" => version = value.parse().ok(),
            "date" => date = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
            _ => {}
        }
    }
    Some(FrontMatter { title: title?, version: version?, date: date? })
}

/// The terms in force (checked by a test, so a malformed front matter never ships).
pub fn current() -> FrontMatter {
    front_matter(TERMS_MD).unwrap_or(FrontMatter { title: "Conditions générales d'utilisation".into(), version: 1, date: chrono::NaiveDate::MIN })
}

/// When the person accepted this version, if they did.
pub fn accepted_at(conn: &mut AnyConnection, user_id: &str, version: i32) -> QueryResult<Option<NaiveDateTime>> {
    ta::table.find((user_id, version)).select(ta::accepted_at).first(conn).optional()
}

/// Records the acceptance (once: accepting again keeps the first date).
pub fn accept(conn: &mut AnyConnection, user_id: &str, version: i32, now: NaiveDateTime) -> QueryResult<NaiveDateTime> {
    if let Some(at) = accepted_at(conn, user_id, version)? {
        return Ok(at);
    }
    diesel::insert_into(ta::table).values((ta::user_id.eq(user_id), ta::version.eq(version), ta::accepted_at.eq(now))).execute(conn)?;
    Ok(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_terms_have_a_front_matter() {
        let fm = front_matter(TERMS_MD).expect("content/legal/conditions-utilisation.md starts with title, version and date");
        assert!(fm.version >= 1 && !fm.title.is_empty());
    }

    #[test]
    fn front_matter_is_read_or_refused() {
        let fm = front_matter("---\ntitle: CGU\nversion: 3\ndate: 2027-01-15\n---\n# Texte").expect("valid");
        assert_eq!((fm.title.as_str(), fm.version, fm.date.to_string().as_str()), ("CGU", 3, "2027-01-15"));
        assert_eq!(front_matter("# Pas d'en-tête"), None);
        assert_eq!(front_matter("---\ntitle: CGU\nversion: trois\ndate: 2027-01-15\n---\n"), None);
    }
}
