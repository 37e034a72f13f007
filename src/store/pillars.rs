//! Pillars: the named parts of the vision that stories and decisions point at.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// A pillar name as names are compared: whitespace runs (tabs too) folded to one
/// space, trimmed, any case; so "Fast  exports" finds "fast exports".
pub fn key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The id of the pillar whose name has the same [`key`] as `name`, if any.
pub fn lookup(conn: &Connection, name: &str) -> Result<Option<i64>> {
    let want = key(name);
    let mut stmt = conn.prepare_cached("SELECT id, name FROM pillars ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if key(&r.get::<_, String>(1)?) == want {
            return Ok(Some(r.get(0)?));
        }
    }
    Ok(None)
}

/// The id of the pillar called `name` (see [`key`]); the error lists the known ones.
pub fn find(conn: &Connection, name: &str) -> Result<i64> {
    let found = lookup(conn, name)?;
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
