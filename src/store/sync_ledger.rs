//! `pm sync`'s ledger beside the records: the forget markers applied here, the
//! records a forget here scrubbed (sent as a marker at the next sync), the
//! conflicts kept for `pm sync conflicts`, and the scrub of what a forget
//! marker names (the records' rows, their history and the search indexes).

use crate::domain::ids::RecordKind;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeSet;

/// Whether the forget marker `name` was applied here.
pub fn marker_seen(conn: &Connection, name: &str) -> Result<bool> {
    let seen = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_markers WHERE name = ?1) AS seen")?
        .query_row([name], |r| r.get("seen"))?;
    Ok(seen)
}

/// Remember the forget marker `name` as applied here (or sent from here).
pub fn mark_seen(conn: &Connection, name: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO sync_markers (name) VALUES (?1)")?.execute([name])?;
    Ok(())
}

/// The uids a forget here scrubbed and no sync has sent yet, in order.
pub fn forgotten(conn: &Connection) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT uid FROM sync_forget ORDER BY uid")?;
    let uids = stmt.query_map([], |r| r.get("uid"))?.collect::<rusqlite::Result<_>>()?;
    Ok(uids)
}

/// Remember that a forget here changed record `uid`, to send at the next sync.
pub fn forget_later(conn: &Connection, uid: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO sync_forget (uid) VALUES (?1)")?.execute([uid])?;
    Ok(())
}

/// The forgotten uids went out in a marker.
pub fn forgotten_sent(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_forget", [])?;
    Ok(())
}

/// The row id of the record `uid` of `kind`, if it is here.
pub fn id_of(conn: &Connection, kind: RecordKind, uid: &str) -> Result<Option<i64>> {
    let sql = match kind {
        RecordKind::Note => "SELECT id FROM notes WHERE uid = ?1",
        RecordKind::Story => "SELECT id FROM stories WHERE uid = ?1",
        RecordKind::Checkin => "SELECT id FROM checkins WHERE uid = ?1",
        RecordKind::Decision => "SELECT id FROM decisions WHERE uid = ?1",
    };
    Ok(conn.prepare_cached(sql)?.query_row([uid], |r| r.get("id")).optional()?)
}

/// The person record the note `uid` names, if the note is here and names one.
pub fn person_of_note(conn: &Connection, uid: &str) -> Result<Option<i64>> {
    let person: Option<Option<i64>> = conn
        .prepare_cached("SELECT person_id FROM notes WHERE uid = ?1")?
        .query_row([uid], |r| r.get("person_id"))
        .optional()?;
    Ok(person.flatten())
}

/// Remove person `id` (with its aliases) if no note names it any more; says whether it went.
pub fn drop_person_if_unnamed(conn: &Connection, id: i64) -> Result<bool> {
    let named: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM notes WHERE person_id = ?1) AS named")?
        .query_row([id], |r| r.get("named"))?;
    if named {
        return Ok(false);
    }
    conn.prepare_cached("DELETE FROM person_aliases WHERE person_id = ?1")?.execute([id])?;
    conn.prepare_cached("DELETE FROM people WHERE id = ?1")?.execute([id])?;
    Ok(true)
}

/// A field both sides changed, as a sync resolved it.
pub struct NewConflict<'a> {
    /// The record's folder (`notes`, `people`, ...).
    pub kind: &'a str,
    pub uid: &'a str,
    pub field: &'a str,
    /// The values kept and lost, as JSON text.
    pub kept: Option<String>,
    pub lost: Option<String>,
    pub lost_by: &'a str,
    pub at: &'a str,
}

/// Keep conflict `c`, named by the transaction's latest change (the sync's own,
/// so `pm log` shows it); false when the same conflict was kept before.
pub fn add_conflict(conn: &Connection, c: &NewConflict) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO sync_conflicts (kind, uid, field, kept, lost, lost_by, at, change_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT max(id) FROM changes))",
        )?
        .execute(params![c.kind, c.uid, c.field, c.kept, c.lost, c.lost_by, c.at])?;
    Ok(n > 0)
}

/// A conflict as kept.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub id: i64,
    pub kind: String,
    pub uid: String,
    pub field: String,
    /// The values kept and lost, as JSON text.
    pub kept: Option<String>,
    pub lost: Option<String>,
    pub lost_by: String,
    pub at: String,
    /// When its losing value was put back (`pm sync conflicts --restore`).
    pub restored: Option<String>,
}

/// Every conflict kept, oldest first.
pub fn conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, uid, field, kept, lost, lost_by, at, restored FROM sync_conflicts ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Conflict {
                id: r.get("id")?,
                kind: r.get("kind")?,
                uid: r.get("uid")?,
                field: r.get("field")?,
                kept: r.get("kept")?,
                lost: r.get("lost")?,
                lost_by: r.get("lost_by")?,
                at: r.get("at")?,
                restored: r.get("restored")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Conflict `id`'s losing value was put back at `now`.
pub fn set_restored(conn: &Connection, id: i64, now: &str) -> Result<()> {
    conn.execute("UPDATE sync_conflicts SET restored = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

/// The conflicts and bases of the records `uids`: their losing values may hold
/// the name a forget scrubbed.
pub fn drop_traces_of(conn: &Connection, uids: &BTreeSet<String>) -> Result<()> {
    let list = serde_json::to_string(uids)?;
    conn.execute("DELETE FROM sync_conflicts WHERE uid IN (SELECT value FROM json_each(?1))", [&list])?;
    conn.execute("DELETE FROM sync_base WHERE uid IN (SELECT value FROM json_each(?1))", [&list])?;
    Ok(())
}

/// After a forget here: the conflicts and bases of the records it changed, and
/// any that hold the name (`pm_has` is the forget's own matcher, registered on
/// this connection).
pub fn drop_forgotten_traces(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_conflicts WHERE uid IN (SELECT uid FROM sync_forget)", [])?;
    conn.execute("DELETE FROM sync_conflicts WHERE pm_has(kept) OR pm_has(lost)", [])?;
    conn.execute("DELETE FROM sync_base WHERE uid IN (SELECT uid FROM sync_forget) OR pm_has(text)", [])?;
    Ok(())
}

/// The tables whose rows hang off a record (with the column naming it), by the record's table.
const CHILDREN: &[(&str, &[(&str, &str)])] = &[
    ("notes", &[("note_tags", "$.note_id"), ("links", "$.note_id")]),
    ("stories", &[("links", "$.story_id"), ("story_events", "$.story_id")]),
    ("checkins", &[("checkin_stories", "$.checkin_id")]),
    ("decisions", &[("decision_stories", "$.decision_id")]),
];

/// The history of scrubbed records (and of their tags, links and events) goes:
/// old values there may hold the name. `ids` are (table, row id) taken before
/// the records were removed; the search indexes are optimized so that no
/// deleted text lingers in their segments.
pub fn scrub_history(conn: &Connection, ids: &[(&str, i64)]) -> Result<()> {
    super::log::flush(conn)?;
    let mut by_key =
        conn.prepare_cached("DELETE FROM ops WHERE tbl = ?1 AND json_extract(row_key, ?2) = ?3")?;
    for (table, id) in ids {
        by_key.execute(params![table, "$.id", id])?;
        for (t, kids) in CHILDREN {
            if t == table {
                for (child, path) in kids.iter() {
                    by_key.execute(params![child, path, id])?;
                }
            }
        }
        if *table == "people" {
            conn.execute(
                "DELETE FROM ops WHERE tbl = 'person_aliases'
                   AND (json_extract(old, '$.person_id') = ?1 OR json_extract(new, '$.person_id') = ?1)",
                [id],
            )?;
        }
    }
    for optimize in [
        "INSERT INTO notes_fts (notes_fts) VALUES ('optimize')",
        "INSERT INTO stories_fts (stories_fts) VALUES ('optimize')",
        "INSERT INTO checkins_fts (checkins_fts) VALUES ('optimize')",
        "INSERT INTO decisions_fts (decisions_fts) VALUES ('optimize')",
    ] {
        conn.execute(optimize, [])?;
    }
    Ok(())
}
