//! Every error code the API answers, each with its one HTTP status. Pure: the rules use it too.
//! The OpenAPI document lists them (the `code` of `ErrorBody`), and per operation the ones it
//! may answer (`http::error_codes` checks that in tests).

macro_rules! error_codes {
    ($($variant:ident = $status:literal, $text:literal;)*) => {
        /// Stable machine code of an error answer (`ErrorBody.code`).
        // The wire form is the variant's name in capitals (a test checks it is `$text`): the
        // schema's derive reads `rename_all`, not a rename written by a macro.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of their statuses.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code as written on the wire (`VALIDATION_ERROR`).
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $text),* }
            }

            /// The HTTP status every answer with this code has.
            pub const fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status),* }
            }

            /// The code written as on the wire, if it is one of ours.
            pub fn parse(text: &str) -> Option<ErrorCode> {
                match text { $($text => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    BadRequest = 400, "BAD_REQUEST";
    TokenInvalid = 400, "TOKEN_INVALID";
    InvalidClient = 401, "INVALID_CLIENT";
    InvalidCredentials = 401, "INVALID_CREDENTIALS";
    RefreshTokenReused = 401, "REFRESH_TOKEN_REUSED";
    SessionEnded = 401, "SESSION_ENDED";
    SessionExpired = 401, "SESSION_EXPIRED";
    TotpInvalid = 401, "TOTP_INVALID";
    TotpRequired = 401, "TOTP_REQUIRED";
    Unauthorized = 401, "UNAUTHORIZED";
    AccountNotConfirmed = 403, "ACCOUNT_NOT_CONFIRMED";
    AccountSuspended = 403, "ACCOUNT_SUSPENDED";
    ClassNotFollowed = 403, "CLASS_NOT_FOLLOWED";
    ConsentRequired = 403, "CONSENT_REQUIRED";
    CorsOriginRefused = 403, "CORS_ORIGIN_REFUSED";
    EmailNotAcademic = 403, "EMAIL_NOT_ACADEMIC";
    Forbidden = 403, "FORBIDDEN";
    JoinPending = 403, "JOIN_PENDING";
    NotAMember = 403, "NOT_A_MEMBER";
    NotASigner = 403, "NOT_A_SIGNER";
    NotEnrolled = 403, "NOT_ENROLLED";
    NotYourPart = 403, "NOT_YOUR_PART";
    OutOfScope = 403, "OUT_OF_SCOPE";
    RoleNotSelfService = 403, "ROLE_NOT_SELF_SERVICE";
    SearchNotAllowed = 403, "SEARCH_NOT_ALLOWED";
    SearchNotOpen = 403, "SEARCH_NOT_OPEN";
    TotpEnrolmentRequired = 403, "TOTP_ENROLMENT_REQUIRED";
    FeedbackNotOpen = 404, "FEEDBACK_NOT_OPEN";
    LookupDisabled = 404, "LOOKUP_DISABLED";
    NotFound = 404, "NOT_FOUND";
    SiretUnknown = 404, "SIRET_UNKNOWN";
    MethodNotAllowed = 405, "METHOD_NOT_ALLOWED";
    AdminDeletion = 409, "ADMIN_DELETION";
    AgreementCancelled = 409, "AGREEMENT_CANCELLED";
    AgreementChanged = 409, "AGREEMENT_CHANGED";
    AllWeeksPast = 409, "ALL_WEEKS_PAST";
    AlreadyApplied = 409, "ALREADY_APPLIED";
    AlreadyDecided = 409, "ALREADY_DECIDED";
    AlreadyExists = 409, "ALREADY_EXISTS";
    AlreadyMember = 409, "ALREADY_MEMBER";
    AlreadyPriority = 409, "ALREADY_PRIORITY";
    AlreadyPublished = 409, "ALREADY_PUBLISHED";
    AlreadySent = 409, "ALREADY_SENT";
    AlreadySigned = 409, "ALREADY_SIGNED";
    ApplicationsNotOpen = 409, "APPLICATIONS_NOT_OPEN";
    ApplicationChanged = 409, "APPLICATION_CHANGED";
    ApplicationClosed = 409, "APPLICATION_CLOSED";
    ApplicationExpired = 409, "APPLICATION_EXPIRED";
    ApplyOnPartnerSite = 409, "APPLY_ON_PARTNER_SITE";
    BothPartners = 409, "BOTH_PARTNERS";
    Conflict = 409, "CONFLICT";
    ConsentScanRequired = 409, "CONSENT_SCAN_REQUIRED";
    CredentialRevoked = 409, "CREDENTIAL_REVOKED";
    Duplicate = 409, "DUPLICATE";
    HostPartMissing = 409, "HOST_PART_MISSING";
    InternshipNotOver = 409, "INTERNSHIP_NOT_OVER";
    NotAcceptedYet = 409, "NOT_ACCEPTED_YET";
    NotFar = 409, "NOT_FAR";
    NotHidden = 409, "NOT_HIDDEN";
    NotIssued = 409, "NOT_ISSUED";
    NotPublished = 409, "NOT_PUBLISHED";
    NotReadyToSign = 409, "NOT_READY_TO_SIGN";
    NotSigned = 409, "NOT_SIGNED";
    NotStarted = 409, "NOT_STARTED";
    NotTheSignatory = 409, "NOT_THE_SIGNATORY";
    NoConsent = 409, "NO_CONSENT";
    NoPlaceLeft = 409, "NO_PLACE_LEFT";
    OfferDeleted = 409, "OFFER_DELETED";
    OrganisationExists = 409, "ORGANISATION_EXISTS";
    PlacesBelowConfirmed = 409, "PLACES_BELOW_CONFIRMED";
    PublishingNotOpen = 409, "PUBLISHING_NOT_OPEN";
    SchoolAlreadyRegistered = 409, "SCHOOL_ALREADY_REGISTERED";
    SchoolMerged = 409, "SCHOOL_MERGED";
    SchoolNotChosen = 409, "SCHOOL_NOT_CHOSEN";
    SchoolNotLocated = 409, "SCHOOL_NOT_LOCATED";
    SelfSuspension = 409, "SELF_SUSPENSION";
    SplitNeedsApproval = 409, "SPLIT_NEEDS_APPROVAL";
    TermsChanged = 409, "TERMS_CHANGED";
    TooManyCredentials = 409, "TOO_MANY_CREDENTIALS";
    TooManyFavourites = 409, "TOO_MANY_FAVOURITES";
    TooManyPlacements = 409, "TOO_MANY_PLACEMENTS";
    TooManyWebhooks = 409, "TOO_MANY_WEBHOOKS";
    TotpAlreadyEnabled = 409, "TOTP_ALREADY_ENABLED";
    TotpNotStarted = 409, "TOTP_NOT_STARTED";
    TotpRequiredForRole = 409, "TOTP_REQUIRED_FOR_ROLE";
    TransitionNotAllowed = 409, "TRANSITION_NOT_ALLOWED";
    WeekAlreadyTaken = 409, "WEEK_ALREADY_TAKEN";
    WeekHasPupils = 409, "WEEK_HAS_PUPILS";
    WrongGradeFamily = 409, "WRONG_GRADE_FAMILY";
    YearClosed = 409, "YEAR_CLOSED";
    YearNotOver = 409, "YEAR_NOT_OVER";
    LinkExpired = 410, "LINK_EXPIRED";
    LinkReplaced = 410, "LINK_REPLACED";
    LinkUsed = 410, "LINK_USED";
    SigningClosed = 410, "SIGNING_CLOSED";
    PayloadTooLarge = 413, "PAYLOAD_TOO_LARGE";
    UnsupportedFile = 415, "UNSUPPORTED_FILE";
    UnsupportedMediaType = 415, "UNSUPPORTED_MEDIA_TYPE";
    BadItem = 422, "BAD_ITEM";
    IdempotencyKeyReused = 422, "IDEMPOTENCY_KEY_REUSED";
    NoWeeks = 422, "NO_WEEKS";
    ValidationError = 422, "VALIDATION_ERROR";
    VocationalSeconde = 422, "VOCATIONAL_SECONDE";
    WeeksPast = 422, "WEEKS_PAST";
    WrongCode = 422, "WRONG_CODE";
    WrongPassword = 422, "WRONG_PASSWORD";
    WrongJoinCode = 422, "WRONG_JOIN_CODE";
    LinkLocked = 423, "LINK_LOCKED";
    AccountLocked = 429, "ACCOUNT_LOCKED";
    LinkResendLimit = 429, "LINK_RESEND_LIMIT";
    RateLimited = 429, "RATE_LIMITED";
    SmsLimitReached = 429, "SMS_LIMIT_REACHED";
    TooManyAttempts = 429, "TOO_MANY_ATTEMPTS";
    DryRun = 500, "DRY_RUN";
    Internal = 500, "INTERNAL";
    DatabaseUnavailable = 503, "DATABASE_UNAVAILABLE";
    Maintenance = 503, "MAINTENANCE";
    Overloaded = 503, "OVERLOADED";
    ReadOnly = 503, "READ_ONLY";
    SearchIndexBuilding = 503, "SEARCH_INDEX_BUILDING";
    ServiceUnavailable = 503, "SERVICE_UNAVAILABLE";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets tests compare with the written code (`assert_eq!(e.code, "NOT_FOUND")`); the product
/// compares variants.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_reads_back_and_has_an_error_status() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
            assert!((400..600).contains(&code.status()), "{code}: {}", code.status());
            assert_eq!(serde_json::to_value(code).expect("json"), serde_json::json!(code.as_str()));
        }
        assert_eq!(ErrorCode::parse("NOT_A_CODE"), None);
        assert_eq!(ErrorCode::LinkLocked.status(), 423);
    }
}
