//! The ids of the platform's main rows, each its own type: an offer's id cannot be passed where
//! a pupil's is expected, and a function's signature says which row it wants.
//!
//! An id is the text stored in the database (a UUID for rows the platform creates). Reading one
//! from a request never fails here: whether it names a row is for the lookup to say (404).
//! Each id derefs to `&str` (the way out: logs, messages, plain-text APIs); the way in is
//! `From<String>` at the edges (paths, bodies, rows), or `new()` for a row being created.
//! On the wire (JSON, OpenAPI) an id stays a plain string. The column mapping lives in `db`, so
//! the domains' rules may use these types without knowing diesel.

macro_rules! id {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A new time-ordered id (UUIDv7), for a row being created.
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        impl From<&String> for $name {
            fn from(text: &String) -> Self {
                Self(text.clone())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // Lets a map keyed by ids be read with a `&str` (the derived Hash and Eq are the text's).
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )+};
}

id! {
    /// An offer (`offers.id`).
    OfferId;
    /// An application of a pupil to an offer (`applications.id`).
    ApplicationId;
    /// An agreement (convention) of a placement (`agreements.id`).
    AgreementId;
    /// A person's account, whatever their role (`users.id`).
    UserId;
    /// A pupil: the account id of a person whose role is pupil (`pupils.user_id`).
    PupilId;
    /// A host organisation or partner association (`organisations.id`).
    OrganisationId;
    /// A class of a school (`classes.id`).
    ClassId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_plain_string_on_the_wire() {
        let id = OfferId::from("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        assert_eq!(serde_json::to_string(&id).expect("serialised"), "\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\"");
        let back: OfferId = serde_json::from_str("\"abc\"").expect("read");
        assert_eq!(back.as_str(), "abc");
    }

    #[test]
    fn new_ids_are_distinct_canonical_uuids() {
        let (a, b) = (PupilId::new(), PupilId::new());
        assert_ne!(a, b);
        assert_eq!(uuid::Uuid::parse_str(&a).expect("a UUID").hyphenated().to_string(), a.as_str());
    }
}
