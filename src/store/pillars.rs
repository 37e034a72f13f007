//! Pillars: the named parts of the vision that stories and decisions point at.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};

/// The id of the pillar called `name` (case-insensitive); the error lists the known ones.
pub fn find(conn: &Connection, name: &str) -> Result<i64> {
    let found: Option<i64> =
        conn.query_row("SELECT id FROM pillars WHERE name = ?1", [name.trim()], |r| r.get(0)).optional()?;
    found.ok_or_else(|| {
        let known = names(conn).unwrap_or_default();
        let list = if known.is_empty() { "none yet".to_string() } else { known.join(", ") };
        Error::user(format!("--pillar: unknown pillar '{}' (known: {list})", name.trim()))
            .hint("add one with pm vision pillar add NAME")
    })
}

/// All pillar names, in the order they were added.
pub fn names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pillars ORDER BY id")?;
    let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}
