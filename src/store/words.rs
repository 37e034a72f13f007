//! The word enums of domain/ as SQL TEXT: stored as their word, and a word
//! the store does not know read as an error naming the column's value (a
//! notebook edited by hand, or written by a newer pm).

use crate::domain::horizon::Horizon;
use crate::domain::note::Source;
use crate::domain::story::Status;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! stored_as_word {
    ($($t:ty),+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let word = value.as_str()?;
                <$t>::from_word(word).ok_or_else(|| FromSqlError::Other(format!("unknown value '{word}'").into()))
            }
        }
    )+};
}

stored_as_word!(Status, Source, Horizon);

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn words_round_trip_and_unknown_ones_are_errors() {
        let c = Connection::open_in_memory().unwrap();
        let back: Status = c.query_row("SELECT ?1", [Status::Shipped], |r| r.get(0)).unwrap();
        assert_eq!(back, Status::Shipped);
        let text: String = c.query_row("SELECT ?1", [Horizon::Later], |r| r.get(0)).unwrap();
        assert_eq!(text, "later");
        let bad = c.query_row("SELECT 'soon'", [], |r| r.get::<_, Horizon>(0));
        assert!(bad.unwrap_err().to_string().contains("unknown value 'soon'"));
        let none: Option<Source> = c.query_row("SELECT NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(none, None);
    }
}
