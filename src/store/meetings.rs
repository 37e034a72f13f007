//! Meetings: reports pinned under a name, the baseline of "changes since".

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A recorded meeting as listed (without its report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub name: String,
    /// When it was recorded (UTC).
    pub at: String,
    /// The last change it saw: changes after it are "since" this meeting.
    #[serde(skip)]
    pub change_id: i64,
    /// Whether its report is stored (runs from before meetings have none).
    #[serde(skip_deserializing)]
    pub has_report: bool,
}

const SELECT: &str = "SELECT name, at, change_id, model IS NOT NULL AS has_report FROM meetings";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        name: r.get("name")?,
        at: r.get("at")?,
        change_id: r.get("change_id")?,
        has_report: r.get("has_report")?,
    })
}

/// Every meeting, oldest first.
pub fn list(conn: &Connection) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The meeting named `name` (case-insensitive).
pub fn find(conn: &Connection, name: &str) -> Result<Option<Meeting>> {
    Ok(conn.query_row(&format!("{SELECT} WHERE name = ?1"), [name.trim()], from_row).optional()?)
}

/// The last meeting recorded.
pub fn last(conn: &Connection) -> Result<Option<Meeting>> {
    Ok(conn.query_row(&format!("{SELECT} ORDER BY id DESC LIMIT 1"), [], from_row).optional()?)
}

/// The stored report of a meeting (JSON as it was printed), if it has one.
pub fn model(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT model FROM meetings WHERE name = ?1", [name.trim()], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Record a meeting at the current change (inside a write).
pub fn record(conn: &Connection, name: &str, at: &str, model: &str) -> Result<()> {
    if let Some(m) = find(conn, name)? {
        return Err(Error::user(format!("there is already a meeting '{}'", m.name)));
    }
    conn.execute(
        "INSERT INTO meetings (name, at, change_id, model)
         VALUES (?1, ?2, (SELECT coalesce(max(id), 0) FROM changes), ?3)",
        params![name.trim(), at, model],
    )?;
    Ok(())
}

/// Rename a meeting; the error names what is wrong.
pub fn rename(conn: &Connection, old: &str, new: &str) -> Result<()> {
    let Some(m) = find(conn, old)? else { return Err(Error::user(format!("no meeting '{}'", old.trim()))) };
    if let Some(other) = find(conn, new)?
        && other.name != m.name
    {
        return Err(Error::user(format!("there is already a meeting '{}'", other.name)));
    }
    conn.execute("UPDATE meetings SET name = ?2 WHERE name = ?1", params![m.name, new.trim()])?;
    Ok(())
}

/// Remove a meeting.
pub fn rm(conn: &Connection, name: &str) -> Result<()> {
    if conn.execute("DELETE FROM meetings WHERE name = ?1", [name.trim()])? == 0 {
        return Err(Error::user(format!("no meeting '{}'", name.trim())));
    }
    Ok(())
}

/// The last change made before `date` (YYYY-MM-DD, or a UTC stamp): changes after it are since then.
pub fn change_before(conn: &Connection, date: &str) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(id), 0) FROM changes WHERE at < ?1", [date], |r| r.get(0))?)
}
