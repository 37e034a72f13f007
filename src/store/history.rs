//! The operation log read back: `pm log` lists changes, `pm undo` reverses one.
//! Every writing command is a `changes` row; `log.rs` records each row it
//! touched in `ops`, with the old values.

use crate::domain::ids::RecordKind;
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// Commands that write but cannot be reversed: undoing `forget` would bring back
/// what the person asked to erase.
const IRREVERSIBLE: &[&str] = &["forget"];

/// One change as `pm log` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: i64,
    pub at: String,
    pub command: String,
    pub undone: bool,
    /// The records it touched, e.g. `N3`, and how many rows in all.
    pub records: Vec<String>,
    pub rows: i64,
    /// Fields a `pm sync` found changed on both sides: the value kept and the one
    /// that lost (kept in `pm sync conflicts`, restorable). Empty for other commands.
    pub conflicts: Vec<LoggedConflict>,
}

/// A conflict a sync resolved, as `pm log` shows it under that sync.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedConflict {
    /// Its number: `pm sync conflicts --restore N`.
    pub conflict: i64,
    /// The record's id here (S3), or its folder and uid when it is not here.
    pub record: String,
    /// The field, or "deleted" for an edit kept over a teammate's deletion.
    pub field: String,
    pub kept: Option<serde_json::Value>,
    pub lost: Option<serde_json::Value>,
    /// When the losing value was put back, if it was.
    pub restored: Option<String>,
}

/// The record tables, their id letter, and the key its child rows use.
const RECORDS: [(&str, RecordKind, &str); 4] = [
    ("notes", RecordKind::Note, "note_id"),
    ("stories", RecordKind::Story, "story_id"),
    ("checkins", RecordKind::Checkin, "checkin_id"),
    ("decisions", RecordKind::Decision, "decision_id"),
];

/// A person or org of the sync folder (`people/<uid>`, `orgs/<uid>`) as a
/// reader knows it, "person Dana Wu", where it is still here: a uid in a
/// conflict line ran over 40 columns and said nothing.
pub fn named_record(conn: &Connection, folder: &str, uid: &str) -> Result<Option<String>> {
    let (table, noun) = match folder {
        "people" => ("people", "person"),
        "orgs" => ("orgs", "org"),
        _ => return Ok(None),
    };
    let name: Option<String> = conn
        .query_row(&format!("SELECT name FROM {table} WHERE uid = ?1"), [uid], |r| r.get(0))
        .optional()?;
    Ok(name.map(|n| format!("{noun} {}", crate::domain::text::one_line(&n))))
}

/// At most this many record ids are named per change; the rest are counted.
const NAMED: usize = 8;

/// The latest changes, newest first; only those touching `record` when given.
pub fn log(conn: &Connection, record: Option<(RecordKind, i64)>, limit: usize) -> Result<Vec<Change>> {
    let ids: Vec<i64> = match record {
        None => {
            let mut stmt = conn.prepare("SELECT id FROM changes ORDER BY id DESC LIMIT ?1")?;
            stmt.query_map([limit as i64], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        }
        Some((kind, id)) => {
            let (table, _, child_key) = RECORDS.iter().find(|r| r.1 == kind).expect("every kind has a table");
            // Its row changes, and the syncs that resolved a conflict on it (a sync
            // whose kept value was already ours changed no row of it).
            let mut stmt = conn.prepare(&format!(
                "SELECT change_id FROM ops
                 WHERE (tbl = '{table}' AND json_extract(row_key, '$.id') = ?1)
                    OR json_extract(row_key, '$.{child_key}') = ?1
                 UNION
                 SELECT change_id FROM sync_conflicts
                 WHERE change_id IS NOT NULL AND uid = (SELECT uid FROM {table} WHERE id = ?1)
                 ORDER BY change_id DESC LIMIT ?2"
            ))?;
            stmt.query_map(params![id, limit as i64], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        }
    };
    ids.into_iter().map(|id| change(conn, id)).collect()
}

fn change(conn: &Connection, id: i64) -> Result<Change> {
    let (at, command, undone): (String, String, bool) =
        conn.query_row("SELECT at, command, undone FROM changes WHERE id = ?1", [id], |r| {
            Ok((r.get("at")?, r.get("command")?, r.get("undone")?))
        })?;
    let rows: i64 = conn.query_row("SELECT count(*) FROM ops WHERE change_id = ?1", [id], |r| r.get(0))?;
    let mut records = Vec::new();
    for (table, kind, child_key) in RECORDS {
        // The record's own rows, and rows of other tables that point at it (links, tags).
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT n FROM (
               SELECT CASE WHEN tbl = ?2 THEN json_extract(row_key, '$.id')
                           ELSE json_extract(row_key, '$.' || ?3) END AS n
               FROM ops WHERE change_id = ?1)
             WHERE n IS NOT NULL ORDER BY n",
        )?;
        let touched: Vec<i64> =
            stmt.query_map(params![id, table, child_key], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        records.extend(touched.iter().take(NAMED).map(|n| format!("{}{n}", kind.prefix())));
        if touched.len() > NAMED {
            let word = format!("more {}", kind.noun());
            records.push(format!("+{}", crate::domain::text::count(touched.len() - NAMED, &word)));
        }
    }
    Ok(Change { id, at, command, undone, records, rows, conflicts: conflicts(conn, id)? })
}

/// The conflicts change `id` (a sync) resolved, in the order it met them.
fn conflicts(conn: &Connection, id: i64) -> Result<Vec<LoggedConflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, uid, field, kept, lost, restored FROM sync_conflicts
         WHERE change_id = ?1 ORDER BY id",
    )?;
    let value = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
    // Each with its kind and uid, to name the record as it is known here.
    let rows: Vec<(LoggedConflict, String, String)> = stmt
        .query_map([id], |r| {
            let c = LoggedConflict {
                conflict: r.get("id")?,
                record: String::new(),
                field: r.get("field")?,
                kept: value(r.get("kept")?),
                lost: value(r.get("lost")?),
                restored: r.get("restored")?,
            };
            Ok((c, r.get("kind")?, r.get("uid")?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (mut c, kind, uid) in rows {
        let here = match RECORDS.iter().find(|r| r.0 == kind) {
            Some((table, k, _)) => conn
                .query_row(&format!("SELECT id FROM {table} WHERE uid = ?1"), [&uid], |r| r.get::<_, i64>(0))
                .optional()?
                .map(|n| k.display(n)),
            None => named_record(conn, &kind, &uid)?,
        };
        c.record = here.unwrap_or_else(|| format!("{kind}/{uid}"));
        out.push(c);
    }
    Ok(out)
}

/// The change `pm undo` would reverse: the latest one not undone that changed rows
/// (an undo is itself never undone: undoing twice steps further back; nor is a
/// `pm sync`: undo reverses local changes only, as forward edits the next sync sends).
pub fn last_undoable(conn: &Connection) -> Result<Option<Change>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT c.id FROM changes c
             WHERE c.undone = 0 AND c.command NOT IN ('undo', 'sync')
               AND EXISTS (SELECT 1 FROM ops o WHERE o.change_id = c.id)
             ORDER BY c.id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| change(conn, id)).transpose()
}

/// Reverse change `id` inside the caller's transaction: its row changes are
/// replayed backwards from the old values, and it is marked undone.
pub fn undo(conn: &Connection, target: &Change) -> Result<()> {
    if IRREVERSIBLE.contains(&target.command.as_str()) {
        return Err(Error::user(format!(
            "the last change (#{}, pm {}) cannot be undone: it erased data on purpose",
            target.id, target.command
        )));
    }
    // Rows come back in reverse order, so a child may return before its parent;
    // the keys are checked once, at commit.
    conn.pragma_update(None, "defer_foreign_keys", "ON")?;
    let mut stmt =
        conn.prepare("SELECT tbl, row_key, old, new FROM ops WHERE change_id = ?1 ORDER BY id DESC")?;
    let ops: Vec<(String, String, Option<String>, Option<String>)> = stmt
        .query_map([target.id], |r| Ok((r.get("tbl")?, r.get("row_key")?, r.get("old")?, r.get("new")?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, key, old, new) in ops {
        let key_cols = columns(&table, &key)?;
        let matches = key_cols
            .iter()
            .map(|c| format!("\"{c}\" IS json_extract(?1, '$.{c}')"))
            .collect::<Vec<_>>()
            .join(" AND ");
        match (old, new) {
            // An insert: delete the row.
            (None, _) => {
                conn.execute(&format!("DELETE FROM {table} WHERE {matches}"), [&key])?;
            }
            // An update: put the old values back.
            // An update that changed nothing logs no columns: nothing to put back.
            (Some(old), Some(_)) if old == "{}" => {}
            (Some(old), Some(_)) => {
                let sets = columns(&table, &old)?
                    .iter()
                    .map(|c| format!("\"{c}\" = json_extract(?2, '$.{c}')"))
                    .collect::<Vec<_>>()
                    .join(", ");
                conn.execute(&format!("UPDATE {table} SET {sets} WHERE {matches}"), [&key, &old])?;
            }
            // A delete: insert the old row again.
            (Some(old), None) => {
                let cols = columns(&table, &old)?;
                let values = cols.iter().map(|c| format!("json_extract(?1, '$.{c}')")).collect::<Vec<_>>();
                let names = cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>();
                conn.execute(
                    &format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), values.join(", ")),
                    [&old],
                )?;
            }
        }
    }
    conn.execute("UPDATE changes SET undone = 1 WHERE id = ?1", [target.id])?;
    Ok(())
}

/// The column names of a logged row, checked against the audited tables and
/// plain identifiers, since they are spliced into SQL (quoted: a story's `when`
/// is a keyword).
fn columns(table: &str, row_json: &str) -> Result<Vec<String>> {
    let damaged =
        || Error::data(format!("the operation log is damaged (a row of {table}); nothing was undone"));
    if !super::log::AUDITED.contains(&table) {
        return Err(damaged());
    }
    let value: serde_json::Value = serde_json::from_str(row_json).map_err(|_| damaged())?;
    let object = value.as_object().ok_or_else(damaged)?;
    let cols: Vec<String> = object.keys().cloned().collect();
    if cols.is_empty() || !cols.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')) {
        return Err(damaged());
    }
    Ok(cols)
}
