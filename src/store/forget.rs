//! `pm forget`: a person withdraws consent. Their name goes from every record,
//! from the operation log and the search index, and (after the transaction) from
//! the file's free pages, so the bytes are no longer anywhere in the notebook.

use crate::domain::privacy::{FORGOTTEN, Name};
use crate::error::Result;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use serde::Serialize;

/// What forgetting changed.
#[derive(Debug, Default, Serialize)]
pub struct Forgotten {
    /// Notes that named them and now name no one.
    pub notes_unnamed: usize,
    pub notes_deleted: usize,
    pub stories_unnamed: usize,
    pub checkins_unnamed: usize,
    /// Text fields (bodies, requests, reasons...) that mentioned them.
    pub mentions: usize,
    /// Rows of the operation log rewritten or dropped.
    pub log_rows: usize,
}

impl Forgotten {
    pub fn anything(&self) -> bool {
        self.notes_unnamed + self.notes_deleted + self.stories_unnamed + self.checkins_unnamed + self.mentions
            > 0
    }
}

/// Tables and the text columns where a name may be mentioned.
const TEXT: &[(&str, &[&str])] = &[
    ("notes", &["body", "org", "segment"]),
    ("stories", &["request", "actor", "situation", "motivation", "outcome"]),
    ("story_events", &["why"]),
    ("checkins", &["topic", "outcome"]),
    ("decisions", &["text", "why"]),
    ("visions", &["text", "why"]),
    ("pillars", &["name", "description"]),
    ("note_tags", &["tag"]),
];

/// Teach SQLite to recognise the name: `pm_is(field)`, `pm_has(text)`, `pm_scrub(text)`.
fn register(conn: &Connection, name: &Name) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let n = name.clone();
    conn.create_scalar_function("pm_is", 1, flags, move |cx| {
        Ok(cx.get::<Option<String>>(0)?.is_some_and(|v| n.is(&v)))
    })?;
    let n = name.clone();
    conn.create_scalar_function("pm_has", 1, flags, move |cx| {
        Ok(cx.get::<Option<String>>(0)?.is_some_and(|v| n.in_text(&v)))
    })?;
    let n = name.clone();
    conn.create_scalar_function("pm_scrub", 1, flags, move |cx| {
        Ok(cx.get::<Option<String>>(0)?.map(|v| n.scrub(&v)))
    })?;
    Ok(())
}

/// Erase `name` inside the caller's transaction. Call [`compact`] after commit.
pub fn forget(conn: &Connection, name: &Name, delete_notes: bool) -> Result<Forgotten> {
    register(conn, name)?;
    let mut out = Forgotten::default();
    let theirs: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM notes WHERE pm_is(who) ORDER BY id")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    let mut stories: Vec<i64> = Vec::new();
    for id in &theirs {
        stories.extend(super::notes::stories_of(conn, *id)?);
    }
    if delete_notes {
        for id in &theirs {
            conn.execute("DELETE FROM notes WHERE id = ?1", [id])?;
        }
        // Their notes' history goes too: the log must not keep what was deleted.
        super::log::flush(conn)?;
        out.log_rows += conn.execute(
            "DELETE FROM ops WHERE (tbl = 'notes' AND json_extract(row_key, '$.id') IN (SELECT value FROM json_each(?1)))
                OR (tbl IN ('note_tags', 'links') AND json_extract(row_key, '$.note_id') IN (SELECT value FROM json_each(?1)))",
            [serde_json::to_string(&theirs)?],
        )?;
        out.notes_deleted = theirs.len();
    } else {
        out.notes_unnamed = conn.execute("UPDATE notes SET who = NULL WHERE pm_is(who)", [])?;
    }
    stories.sort_unstable();
    stories.dedup();
    super::stories::refresh_stats(conn, &stories)?;
    out.stories_unnamed =
        conn.execute("UPDATE stories SET requested_by = NULL WHERE pm_is(requested_by)", [])?;
    out.checkins_unnamed =
        conn.execute("UPDATE checkins SET with_who = ?1 WHERE pm_is(with_who)", [FORGOTTEN])?;
    for (table, columns) in TEXT {
        for col in *columns {
            out.mentions +=
                conn.execute(&format!("UPDATE {table} SET {col} = pm_scrub({col}) WHERE pm_has({col})"), [])?;
        }
    }
    // Last, so it also catches the old values the statements above just logged.
    super::log::flush(conn)?;
    out.log_rows += conn.execute(
        "UPDATE ops SET old = pm_scrub(old), new = pm_scrub(new) WHERE pm_has(old) OR pm_has(new)",
        [],
    )?;
    // Recorded meetings keep their report as it was, but not the forgotten name.
    out.log_rows += conn.execute("UPDATE meetings SET model = pm_scrub(model) WHERE pm_has(model)", [])?;
    // Merge each search index into one segment, dropping the deleted entries
    // that still held the old words.
    for fts in ["notes_fts", "stories_fts", "checkins_fts", "decisions_fts"] {
        conn.execute(&format!("INSERT INTO {fts} ({fts}) VALUES ('optimize')"), [])?;
    }
    Ok(out)
}

/// After the commit: rewrite the file without free pages and empty the WAL, so
/// no old copy of the name survives on disk.
pub fn compact(conn: &Connection) -> Result<()> {
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Zero freed pages from now on in this connection (set before the writes).
pub fn secure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}
