//! Statuses and other closed vocabularies stored as text (portable across both engines), read
//! and written as the domain's own enum, so a row can never hold a status the rules do not know.
//!
//! The enums live in each domain's `rules.rs`, which knows nothing of diesel; `text_enum!` gives
//! them their column mapping from the domain's `model.rs`. An enum needs `as_str(self)` and a
//! `const ALL` listing every variant.

/// A value read from a text column that no variant spells: a row written by something other
/// than this code (a hand-made SQL update, a newer release). Refused rather than guessed.
pub fn unknown(kind: &str, text: &str) -> Box<dyn std::error::Error + Send + Sync> {
    format!("{kind} inconnu en base : « {text} »").into()
}

/// Diesel's `AsExpression`/`FromSqlRow` for a `Text` column, written here rather than derived on
/// the enum so that the rules stay free of diesel. What the derive would expand to, by hand: the
/// `Bound` wrapper is the one diesel's own derive uses (pinned with diesel by Cargo.lock).
#[macro_export]
macro_rules! text_enum {
    ($t:ty) => {
        $crate::text_enum!(@mapping $t, |text: String| <$t>::ALL
            .into_iter()
            .find(|v| v.as_str() == text)
            .ok_or_else(|| $crate::db::text_enum::unknown(stringify!($t), &text)));
    };
    // The column mapping of any type written as `as_str()` and read back by `$read` (text in,
    // `diesel::deserialize::Result<$t>` out): the enums above, and the ids of `crate::ids`.
    (@mapping $t:ty, $read:expr) => {
        const _: () = {
            use diesel::backend::Backend;
            use diesel::deserialize::{FromSql, Queryable};
            use diesel::expression::AsExpression;
            use diesel::internal::derives::as_expression::Bound;
            use diesel::serialize::{Output, ToSql};
            use diesel::sql_types::{Nullable, Text};

            impl AsExpression<Text> for $t {
                type Expression = Bound<Text, Self>;
                fn as_expression(self) -> Self::Expression {
                    Bound::new(self)
                }
            }
            impl AsExpression<Nullable<Text>> for $t {
                type Expression = Bound<Nullable<Text>, Self>;
                fn as_expression(self) -> Self::Expression {
                    Bound::new(self)
                }
            }
            impl<'a> AsExpression<Text> for &'a $t {
                type Expression = Bound<Text, Self>;
                fn as_expression(self) -> Self::Expression {
                    Bound::new(self)
                }
            }
            impl<'a> AsExpression<Nullable<Text>> for &'a $t {
                type Expression = Bound<Nullable<Text>, Self>;
                fn as_expression(self) -> Self::Expression {
                    Bound::new(self)
                }
            }
            impl<DB: Backend> ToSql<Text, DB> for $t
            where
                str: ToSql<Text, DB>,
            {
                fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> diesel::serialize::Result {
                    <str as ToSql<Text, DB>>::to_sql(self.as_str(), out)
                }
            }
            impl<DB: Backend> ToSql<Nullable<Text>, DB> for $t
            where
                str: ToSql<Text, DB>,
            {
                fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> diesel::serialize::Result {
                    <str as ToSql<Text, DB>>::to_sql(self.as_str(), out)
                }
            }
            impl<DB: Backend> FromSql<Text, DB> for $t
            where
                String: FromSql<Text, DB>,
            {
                fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                    let read = $read;
                    read(String::from_sql(bytes)?)
                }
            }
            impl<DB: Backend> Queryable<Text, DB> for $t
            where
                Self: FromSql<Text, DB>,
            {
                type Row = Self;
                fn build(row: Self) -> diesel::deserialize::Result<Self> {
                    Ok(row)
                }
            }
        };
    };
}

/// The column mapping of an id of `crate::ids`: any text is read back as the id it names (the
/// database's foreign keys, not this mapping, say whether it names a row).
#[macro_export]
macro_rules! text_id {
    ($($t:ty),+ $(,)?) => {
        $($crate::text_enum!(@mapping $t, |text: String| -> diesel::deserialize::Result<$t> { Ok(<$t>::from(text)) });)+
    };
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    use crate::applications::rules::Status;
    use crate::db::AnyConnection;

    fn conn() -> AnyConnection {
        AnyConnection::Sqlite(diesel::SqliteConnection::establish(":memory:").expect("in-memory SQLite"))
    }

    #[test]
    fn every_variant_is_written_and_read_back_as_its_text() {
        let mut conn = conn();
        for status in Status::ALL {
            let text: String = diesel::select(status.into_sql::<Text>()).get_result(&mut conn).expect("written");
            assert_eq!(text, status.as_str());
            let back: Status = diesel::select(diesel::dsl::sql::<Text>(&format!("'{text}'"))).get_result(&mut conn).expect("read");
            assert_eq!(back, status);
        }
    }

    #[test]
    fn an_id_is_written_and_read_back_as_its_text() {
        use crate::ids::OfferId;
        let mut conn = conn();
        let id = OfferId::new();
        let text: String = diesel::select((&id).into_sql::<Text>()).get_result(&mut conn).expect("written");
        assert_eq!(text, id.as_str());
        let back: OfferId = diesel::select(diesel::dsl::sql::<Text>(&format!("'{text}'"))).get_result(&mut conn).expect("read");
        assert_eq!(back, id);
        let none: Option<OfferId> = diesel::select(diesel::dsl::sql::<diesel::sql_types::Nullable<Text>>("NULL")).get_result(&mut conn).expect("null");
        assert_eq!(none, None);
    }

    #[test]
    fn a_text_no_variant_spells_is_an_error_not_a_guess() {
        let err = diesel::select(diesel::dsl::sql::<Text>("'approved'")).get_result::<Status>(&mut conn()).expect_err("no variant spells it");
        assert!(err.to_string().contains("approved"), "{err}");
    }
}
