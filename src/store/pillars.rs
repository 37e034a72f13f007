//! Pillars: the named parts of the vision that stories and decisions point at.
//! A pillar is added, renamed, described again and retired; a retired pillar
//! stays, so the stories and decisions that pointed at it keep it in their
//! history, but takes no new work.

use crate::error::{Error, Result};
use rusqlite::{Connection, params};
use serde::Serialize;

/// A pillar name as names are compared: whitespace runs (tabs too) folded to one
/// space, trimmed, any case, in Unicode NFC (`domain::text::fold`); so "Fast  exports"
/// finds "fast exports", and "Café" typed decomposed finds "Café" stored composed.
pub fn key(name: &str) -> String {
    crate::domain::text::fold(name)
}

/// The id of the pillar, retired or not, whose name has the same [`key`] as `name`, if any.
pub fn lookup(conn: &Connection, name: &str) -> Result<Option<i64>> {
    let want = key(name);
    let mut stmt = conn.prepare_cached("SELECT id, name FROM pillars ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if key(&r.get::<_, String>("name")?) == want {
            return Ok(Some(r.get("id")?));
        }
    }
    Ok(None)
}

/// The id of the current (not retired) pillar called `name` (see [`key`]),
/// for pointing a story or decision at it; the error lists the current ones.
pub fn find(conn: &Connection, name: &str) -> Result<i64> {
    let id = find_any(conn, name)?;
    let retired: Option<String> =
        conn.query_row("SELECT retired FROM pillars WHERE id = ?1", [id], |r| r.get(0))?;
    match retired {
        None => Ok(id),
        Some(when) => Err(Error::user(format!(
            "the pillar '{}' was retired on {}",
            name.trim(),
            crate::domain::dates::day(&when)
        ))
        .hint(known_hint(conn))),
    }
}

/// The id of the pillar called `name` (see [`key`]), retired or not.
pub fn find_any(conn: &Connection, name: &str) -> Result<i64> {
    let found = lookup(conn, name)?;
    found.ok_or_else(|| {
        let known = names(conn).unwrap_or_default();
        let list = if known.is_empty() { "none yet".to_string() } else { known.join(", ") };
        Error::user(format!("unknown pillar '{}' (known: {list})", name.trim()))
    })
}

fn known_hint(conn: &Connection) -> String {
    let known = names(conn).unwrap_or_default();
    if known.is_empty() {
        "there is no current pillar".into()
    } else {
        format!("current pillars: {}", known.join(", "))
    }
}

/// The names of the current pillars, in the order they were added.
pub fn names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pillars WHERE retired IS NULL ORDER BY id")?;
    let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// A pillar as stored.
#[derive(Debug, Clone, Serialize)]
pub struct PillarRow {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub created: String,
    pub retired: Option<String>,
}

/// Every pillar, retired ones included, in the order they were added.
pub fn all(conn: &Connection) -> Result<Vec<PillarRow>> {
    let mut stmt = conn.prepare("SELECT id, name, description, created, retired FROM pillars ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(PillarRow {
                id: r.get("id")?,
                name: r.get("name")?,
                description: r.get("description")?,
                created: r.get("created")?,
                retired: r.get("retired")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Give pillar `id` a new name; stories and decisions point at the pillar, so
/// they follow.
pub fn rename(conn: &Connection, id: i64, new: &str, now: &str) -> Result<()> {
    let old: String = conn.query_row("SELECT name FROM pillars WHERE id = ?1", [id], |r| r.get(0))?;
    conn.execute("UPDATE pillars SET name = ?2 WHERE id = ?1", params![id, new])?;
    event(conn, id, "renamed", Some(&old), Some(new), now)
}

/// Describe pillar `id` anew (`None` clears the description).
pub fn describe(conn: &Connection, id: i64, description: Option<&str>, now: &str) -> Result<()> {
    let old: Option<String> =
        conn.query_row("SELECT description FROM pillars WHERE id = ?1", [id], |r| r.get(0))?;
    conn.execute("UPDATE pillars SET description = ?2 WHERE id = ?1", params![id, description])?;
    event(conn, id, "described", old.as_deref(), description, now)
}

/// Retire pillar `id`: it keeps its stories and decisions, and takes no new ones.
pub fn retire(conn: &Connection, id: i64, now: &str) -> Result<()> {
    conn.execute("UPDATE pillars SET retired = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

fn event(
    conn: &Connection,
    id: i64,
    what: &str,
    old: Option<&str>,
    new: Option<&str>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO pillar_events (pillar_id, what, old, new, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, what, old, new, now],
    )?;
    Ok(())
}

/// A change in a pillar's life, for the vision's history.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct PillarEvent {
    /// `added`, `renamed`, `described` or `retired`.
    pub what: String,
    /// The pillar's name at the time (before a rename).
    pub pillar: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    pub at: String,
}

/// A stored rename or new description: what, old, new, at.
pub type StoredEvent = (String, Option<String>, Option<String>, String);

/// The stored renames and descriptions of pillar `id`, oldest first.
pub fn stored_events(conn: &Connection, id: i64) -> Result<Vec<StoredEvent>> {
    let mut stmt =
        conn.prepare_cached("SELECT what, old, new, at FROM pillar_events WHERE pillar_id = ?1 ORDER BY id")?;
    let rows = stmt
        .query_map([id], |r| Ok((r.get("what")?, r.get("old")?, r.get("new")?, r.get("at")?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Put back a stored event (an import).
pub fn put_event(
    conn: &Connection,
    id: i64,
    what: &str,
    old: Option<&str>,
    new: Option<&str>,
    at: &str,
) -> Result<()> {
    event(conn, id, what, old, new, at)
}

/// Every pillar's life, oldest first: added (under its first name), renamed,
/// described, retired.
pub fn history(conn: &Connection) -> Result<Vec<PillarEvent>> {
    let mut out = Vec::new();
    for p in all(conn)? {
        let stored = stored_events(conn, p.id)?;
        let first_name = stored
            .iter()
            .find(|e| e.0 == "renamed")
            .and_then(|e| e.1.clone())
            .unwrap_or_else(|| p.name.clone());
        out.push(PillarEvent {
            what: "added".into(),
            pillar: first_name.clone(),
            old: None,
            new: None,
            at: p.created.clone(),
        });
        let mut name = first_name;
        for (what, old, new, at) in stored {
            let pillar = name.clone();
            if what == "renamed" {
                name = new.clone().unwrap_or_default();
            }
            out.push(PillarEvent { what, pillar, old, new, at });
        }
        if let Some(at) = p.retired {
            out.push(PillarEvent { what: "retired".into(), pillar: name, old: None, new: None, at });
        }
    }
    out.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(out)
}

/// How many live stories point at pillar `id`.
pub fn story_count(conn: &Connection, id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM stories WHERE pillar_id = ?1 AND merged_into IS NULL",
        [id],
        |r| r.get(0),
    )?)
}
