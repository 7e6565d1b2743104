//! The scanned parental authorisation, kept in the database (every replica serves it) and
//! readable only by the staff who follow the pupil.

use crate::error::ErrorCode;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{documents, pupils};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};

pub const KIND: &str = "consent_form";
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = documents)]
pub struct Document {
    pub id: String,
    pub owner_id: String,
    pub kind: String,
    pub content_type: String,
    pub file_name: String,
    pub size_bytes: i32,
    pub content: Vec<u8>,
    pub uploaded_by: String,
    pub created_at: NaiveDateTime,
}

/// The file's real type from its first bytes (the declared type is not trusted), with the
/// extension to give it back.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(("image/png", "png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else {
        None
    }
}

/// Stores the form (replacing an earlier one) and links it to the pupil.
pub fn store(conn: &mut AnyConnection, pupil_id: &str, bytes: Vec<u8>, by: &str) -> AppResult<Document> {
    let (content_type, ext) = sniff(&bytes)
        .ok_or_else(|| AppError::new(ErrorCode::UnsupportedFile, "Envoyez un PDF, un JPEG ou un PNG.").with_field("file", "Format non reconnu."))?;
    let now = db::now();
    let doc = Document {
        id: db::new_id(),
        owner_id: pupil_id.to_owned(),
        kind: KIND.to_owned(),
        content_type: content_type.to_owned(),
        file_name: format!("autorisation-parentale.{ext}"),
        size_bytes: bytes.len() as i32,
        content: bytes,
        uploaded_by: by.to_owned(),
        created_at: now,
    };
    db::transaction(conn, |conn| {
        diesel::update(pupils::table.find(pupil_id)).set(pupils::consent_document_id.eq(None::<String>)).execute(conn)?;
        diesel::delete(documents::table.filter(documents::owner_id.eq(pupil_id)).filter(documents::kind.eq(KIND))).execute(conn)?;
        diesel::insert_into(documents::table).values(&doc).execute(conn)?;
        diesel::update(pupils::table.find(pupil_id)).set((pupils::consent_document_id.eq(Some(&doc.id)), pupils::updated_at.eq(now))).execute(conn)?;
        Ok(())
    })?;
    tracing::info!(staff = %by, pupil = %pupil_id, bytes = doc.size_bytes, "consent form stored");
    Ok(doc)
}

/// Stores another scanned document of a pupil (the paper agreement of an internship found
/// elsewhere), next to the consent form: this file is the one path that writes `documents`.
pub fn store_other(conn: &mut AnyConnection, owner_id: &str, kind: &str, file_stem: &str, bytes: Vec<u8>, by: &str) -> AppResult<Document> {
    let (content_type, ext) = sniff(&bytes)
        .ok_or_else(|| AppError::new(ErrorCode::UnsupportedFile, "Envoyez un PDF, un JPEG ou un PNG.").with_field("file", "Format non reconnu."))?;
    let doc = Document {
        id: db::new_id(),
        owner_id: owner_id.to_owned(),
        kind: kind.to_owned(),
        content_type: content_type.to_owned(),
        file_name: format!("{file_stem}.{ext}"),
        size_bytes: bytes.len() as i32,
        content: bytes,
        uploaded_by: by.to_owned(),
        created_at: db::now(),
    };
    diesel::insert_into(documents::table).values(&doc).execute(conn)?;
    Ok(doc)
}

pub fn delete(conn: &mut AnyConnection, document_id: &str) -> AppResult<()> {
    diesel::delete(documents::table.find(document_id)).execute(conn)?;
    Ok(())
}

pub fn load(conn: &mut AnyConnection, document_id: &str) -> AppResult<Option<Document>> {
    Ok(documents::table.find(document_id).first(conn).optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_types_come_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.7 ...").map(|t| t.0), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).map(|t| t.0), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....").map(|t| t.0), Some("image/png"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b""), None);
    }
}
