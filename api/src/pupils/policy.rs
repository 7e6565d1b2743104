//! Who may do what with pupils.

use super::model::Pupil;
use crate::error::AppError;

/// The gate before searching offers or applying: enrolled, with parental consent recorded.
pub fn may_search(pupil: Option<&Pupil>) -> Result<(), AppError> {
    match super::rules::search_block(pupil.is_some(), pupil.and_then(|p| p.consent_date)) {
        None => Ok(()),
        Some((code, message)) => Err(AppError::forbidden(message).with_code(code)),
    }
}
