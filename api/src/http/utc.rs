//! Instants in answers: the database keeps UTC without an offset; the contract (OpenAPI
//! `date-time`, RFC 3339) and browsers need the offset, or "06:38" is read as local time.
//! `#[serde(with = "crate::http::utc")]` (or `utc::option`) on response fields.

use chrono::{DateTime, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serializer};

pub fn format(t: &NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// RFC 3339 with any offset (converted to UTC), or the offset-less form read as UTC.
pub fn parse(s: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(s).map(|d| d.naive_utc()).ok().or_else(|| s.parse::<NaiveDateTime>().ok())
}

pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(t))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let s = String::deserialize(d)?;
    parse(&s).ok_or_else(|| serde::de::Error::custom("date-time RFC 3339 attendue"))
}

pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&format(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => parse(&s).map(Some).ok_or_else(|| serde::de::Error::custom("date-time RFC 3339 attendue")),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_carry_their_offset_and_read_back() {
        let t = NaiveDateTime::parse_from_str("2026-12-02 06:38:46.123456", "%Y-%m-%d %H:%M:%S%.f").expect("test");
        assert_eq!(format(&t), "2026-12-02T06:38:46.123456Z");
        assert_eq!(parse(&format(&t)), Some(t));
        assert_eq!(parse("2026-12-02T07:38:46.123456+01:00"), Some(t));
        assert_eq!(parse("2026-12-02T06:38:46.123456"), Some(t));
        assert_eq!(parse("hier"), None);
        let whole = NaiveDateTime::parse_from_str("2026-12-02 06:38:46", "%Y-%m-%d %H:%M:%S").expect("test");
        assert_eq!(format(&whole), "2026-12-02T06:38:46Z");
    }
}
