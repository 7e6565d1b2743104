//! Who may do what with pupils.

use crate::error::ErrorCode;

use super::model::Pupil;
use crate::error::AppError;

/// The gate before searching offers or applying: enrolled, with parental consent recorded.
pub fn may_search(pupil: Option<&Pupil>) -> Result<(), AppError> {
    if pupil.is_some_and(|p| p.join_status != "active") {
        return Err(AppError::forbidden(
            "Ton établissement doit d'abord confirmer ton inscription dans cette classe (ou saisis le code de classe donné par ton professeur).",
        )
        .with_code(ErrorCode::JoinPending));
    }
    match super::rules::search_block(pupil.is_some(), pupil.and_then(|p| p.consent_date)) {
        None => Ok(()),
        Some((code, message)) => Err(AppError::forbidden(message).with_code(code)),
    }
}
