//! What a big import keeps aside until its end (the new notes to index, the
//! new links to write in key order), kept in temp tables on disk rather than in
//! vectors, so an import of a million rows runs in flat memory.

use crate::error::Result;
use rusqlite::{Connection, params};

/// Set the connection up for a write of any size: temp tables, sorts and index
/// builds in temp files (not in RAM, as `temp_store=MEMORY` would keep them)
/// and a page cache of `cache_mib` MiB.
pub fn bounded(conn: &Connection, cache_mib: i64) -> Result<()> {
    conn.pragma_update(None, "temp_store", "FILE")?;
    conn.pragma_update(None, "cache_size", -cache_mib * 1024)?;
    Ok(())
}

/// Make (or empty) the temp tables that hold the new notes and their links
/// until [`index_fresh`] and [`write_links`]. Inside the caller's transaction:
/// a rolled-back import leaves nothing.
pub fn begin(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS fresh_notes (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS fresh_links (story_id INTEGER NOT NULL, note_id INTEGER NOT NULL);
         DELETE FROM temp.fresh_notes;
         DELETE FROM temp.fresh_links;",
    )?;
    Ok(())
}

/// A note added while its index triggers are paused.
pub fn note(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO temp.fresh_notes (id) VALUES (?1)")?.execute([id])?;
    Ok(())
}

/// A new note's tag, written at once: new notes come in id order, so each
/// lands at the end of the table's b-tree.
pub fn tag(conn: &Connection, note: i64, tag: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?1, ?2)")?
        .execute(params![note, tag])?;
    Ok(())
}

/// A new note's link to a story, written by [`write_links`].
pub fn link(conn: &Connection, story: i64, note: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO temp.fresh_links (story_id, note_id) VALUES (?1, ?2)")?
        .execute([story, note])?;
    Ok(())
}

/// Write the links kept aside, sorted (on disk, by SQLite's sorter) so each
/// insert lands next to the last one in the links b-tree.
pub fn write_links(conn: &Connection, now: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO links (story_id, note_id, importance, created)
         SELECT story_id, note_id, 1, ?1 FROM temp.fresh_links ORDER BY story_id, note_id",
        [now],
    )?;
    conn.execute("DELETE FROM temp.fresh_links", [])?;
    Ok(())
}

/// Index the notes kept aside for search, in one statement.
pub fn index_fresh(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO notes_fts (rowid, body, who, org)
         SELECT id, body, who, org FROM notes WHERE id IN (SELECT id FROM temp.fresh_notes)",
        [],
    )?;
    Ok(())
}

/// Record one log row per note kept aside (undoing the import deletes them,
/// their tags and links with them).
pub fn log_fresh(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO ops (change_id, tbl, row_key, old, new)
         SELECT (SELECT max(id) FROM changes), 'notes', json_object('id', id), NULL, NULL
         FROM temp.fresh_notes ORDER BY id",
        [],
    )?;
    Ok(())
}

/// Forget the notes kept aside.
pub fn end(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM temp.fresh_notes", [])?;
    Ok(())
}
