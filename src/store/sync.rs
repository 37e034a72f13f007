//! Which records this notebook has exchanged with a shared folder, so a record
//! deleted there can be told from one created here since.

use crate::error::Result;
use rusqlite::{Connection, params};
use std::collections::BTreeSet;

/// Every uid ever written to or read from a shared folder.
pub fn synced(conn: &Connection) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare("SELECT uid FROM synced")?;
    let uids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(uids)
}

/// Remember `uids` (with their kind's folder) as synced.
pub fn record(conn: &Connection, uids: &[(String, &str)]) -> Result<()> {
    let mut put = conn.prepare_cached("INSERT OR IGNORE INTO synced (uid, kind) VALUES (?1, ?2)")?;
    for (uid, kind) in uids {
        put.execute(params![uid, kind])?;
    }
    Ok(())
}

/// Records here that were synced before but have no file in the folder now
/// (`present`): deleted there. Returns (folder, uid) pairs.
pub fn gone(conn: &Connection, present: &BTreeSet<String>) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (table, folder) in super::SYNCED_TABLES {
        let mut stmt = conn
            .prepare(&format!("SELECT t.uid FROM {table} t JOIN synced s ON s.uid = t.uid ORDER BY t.id"))?;
        for uid in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let uid = uid?;
            if !present.contains(&uid) {
                out.push((folder.to_string(), uid));
            }
        }
    }
    Ok(out)
}

/// Delete the record `uid` of `folder`'s kind, and forget it was synced.
pub fn remove(conn: &Connection, folder: &str, uid: &str) -> Result<()> {
    let table = super::SYNCED_TABLES.iter().find(|(_, f)| *f == folder).map(|(t, _)| *t).unwrap_or("notes");
    let id: i64 = conn.query_row(&format!("SELECT id FROM {table} WHERE uid = ?1"), [uid], |r| r.get(0))?;
    match table {
        "notes" => super::notes::delete(conn, id)?,
        "stories" => super::stories::delete(conn, id)?,
        "pillars" => super::plans::rm_pillar(conn, id)?,
        _ => {
            conn.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        }
    }
    conn.execute("DELETE FROM synced WHERE uid = ?1", [uid])?;
    Ok(())
}

/// A value of `sync_state` (the writer id, the folder last synced).
pub fn state(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn.query_row("SELECT value FROM sync_state WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub fn set_state(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
        params![key, value],
    )?;
    Ok(())
}

/// This notebook's writer id, made on first use: it orders two changes of one
/// field made with the same counter, the same way on every machine.
pub fn writer(conn: &Connection) -> Result<String> {
    if let Some(w) = state(conn, "writer")? {
        return Ok(w);
    }
    let w = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    set_state(conn, "writer", &w)?;
    Ok(w)
}

/// The base of each record file: (uid -> (folder, text)).
pub fn bases(conn: &Connection) -> Result<std::collections::BTreeMap<String, (String, String)>> {
    let mut stmt = conn.prepare("SELECT uid, kind, text FROM sync_base")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get("uid")?, (r.get("kind")?, r.get("text")?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Replace every base with the folder's files as they now are.
pub fn set_bases(conn: &Connection, files: &[(String, String, String)]) -> Result<()> {
    conn.execute("DELETE FROM sync_base", [])?;
    let mut put =
        conn.prepare_cached("INSERT OR REPLACE INTO sync_base (uid, kind, text) VALUES (?1, ?2, ?3)")?;
    for (folder, uid, text) in files {
        put.execute(params![uid, folder, text])?;
    }
    Ok(())
}

/// [`set_bases`] in a transaction of its own, outside the operation log: what
/// a pushed remote holds is bookkeeping, not a change of records (`pm log`
/// does not show it).
pub fn record_bases(conn: &Connection, files: &[(String, String, String)]) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    set_bases(&tx, files)?;
    crate::test_stop::step("commit");
    tx.commit()?;
    Ok(())
}
