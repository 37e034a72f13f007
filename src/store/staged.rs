//! A JSON document being imported, staged on disk: its notes and stories (the
//! parts that grow with the notebook) wait in temp tables, as the file holds
//! them, so the import reads the file once, in flat memory, and then merges
//! them in the order references need (the file's order is free). With
//! `temp_store=FILE` (see `log::bulk::bounded`) the tables live in a temp file.
//!
//! Everything happens inside the caller's transaction; the tables are emptied
//! at the start of each import.

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};

/// The parts of a document that are staged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Notes,
    Stories,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Notes => "notes",
            Part::Stories => "stories",
        }
    }
}

/// Make (or empty) the staging tables.
pub fn begin(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS staged_records (
             part TEXT NOT NULL, pos INTEGER NOT NULL, local INTEGER, json TEXT NOT NULL,
             PRIMARY KEY (part, pos));
         CREATE TEMP TABLE IF NOT EXISTS staged_keys (
             part TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (part, key)) WITHOUT ROWID;
         CREATE TEMP TABLE IF NOT EXISTS staged_ids (
             part TEXT NOT NULL, local TEXT NOT NULL, uid TEXT NOT NULL, PRIMARY KEY (part, local)) WITHOUT ROWID;
         CREATE INDEX IF NOT EXISTS temp.staged_ids_by_uid ON staged_ids (part, uid);
         DELETE FROM temp.staged_records;
         DELETE FROM temp.staged_keys;
         DELETE FROM temp.staged_ids;",
    )?;
    Ok(())
}

/// Keep record number `pos` of `part` (its JSON text, and its local id number to sort by).
pub fn put(conn: &Connection, part: Part, pos: usize, local: Option<i64>, json: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO temp.staged_records (part, pos, local, json) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![part.name(), pos as i64, local, json])?;
    Ok(())
}

/// The records of `part` one at a time as (position in the file, JSON text):
/// in the file's order, or `by_local` id (those without one last, in the
/// file's order), as a merge puts them so that each keeps its id when free.
pub fn each<E: From<crate::error::Error>>(
    conn: &Connection,
    part: Part,
    by_local: bool,
    mut visit: impl FnMut(usize, String) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let sql = if by_local {
        "SELECT pos, json FROM temp.staged_records WHERE part = ?1 ORDER BY local IS NULL, local, pos"
    } else {
        "SELECT pos, json FROM temp.staged_records WHERE part = ?1 ORDER BY pos"
    };
    let mut stmt = conn.prepare(sql).map_err(crate::error::Error::from)?;
    let mut rows = stmt.query([part.name()]).map_err(crate::error::Error::from)?;
    while let Some(r) = rows.next().map_err(crate::error::Error::from)? {
        let pos: i64 = r.get("pos").map_err(crate::error::Error::from)?;
        let json: String = r.get("json").map_err(crate::error::Error::from)?;
        visit(pos as usize, json)?;
    }
    Ok(())
}

/// Whether `key` (an id or uid) is met for the first time among the records of `part`.
pub fn first_time(conn: &Connection, part: Part, key: &str) -> Result<bool> {
    let added = conn
        .prepare_cached("INSERT OR IGNORE INTO temp.staged_keys (part, key) VALUES (?1, ?2)")?
        .execute(params![part.name(), key])?;
    Ok(added == 1)
}

/// The file's id `local` (upper case) of a record of `part` means `uid`.
pub fn map(conn: &Connection, part: Part, local: &str, uid: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO temp.staged_ids (part, local, uid) VALUES (?1, ?2, ?3)")?
        .execute(params![part.name(), local, uid])?;
    Ok(())
}

/// The uid of the record of `part` with the file's id `local` (upper case).
pub fn uid_of(conn: &Connection, part: Part, local: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT uid FROM temp.staged_ids WHERE part = ?1 AND local = ?2")?
        .query_row(params![part.name(), local], |r| r.get("uid"))
        .optional()?)
}

/// Whether a record of `part` with an id has `uid`.
pub fn has_uid(conn: &Connection, part: Part, uid: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM temp.staged_ids WHERE part = ?1 AND uid = ?2) AS has")?
        .query_row(params![part.name(), uid], |r| r.get("has"))?)
}

/// Let the staged records go (the merge is done).
pub fn end(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM temp.staged_records; DELETE FROM temp.staged_keys; DELETE FROM temp.staged_ids;",
    )?;
    Ok(())
}
