//! `pm forget`: a person withdraws consent. Their name goes from every record,
//! from the operation log and the search index, and (after the transaction) from
//! the file's free pages, so the bytes are no longer anywhere in the notebook.

use crate::domain::privacy::Name;
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
    /// Their person record (0 or 1), with its aliases.
    pub records: usize,
    /// Text fields (bodies, requests, reasons...) that mentioned them.
    pub mentions: usize,
    /// Rows of the operation log rewritten or dropped.
    pub log_rows: usize,
}

impl Forgotten {
    pub fn anything(&self) -> bool {
        self.notes_unnamed
            + self.notes_deleted
            + self.stories_unnamed
            + self.checkins_unnamed
            + self.records
            + self.mentions
            + self.log_rows
            > 0
    }
}

/// Text columns never searched for names: ids, uids, times, the log's own bookkeeping
/// and attachment bytes (base64: a short name may occur in them by chance).
const NOT_TEXT: &[&str] =
    &["uid", "data", "created", "updated", "at", "on_date", "done_at", "generated", "status"];
/// Tables handled on their own (the log), or that hold no one's words.
const NOT_SCANNED: &[&str] = &["ops", "changes", "meta"];

/// Teach SQLite to recognise the name: `pm_is(field)`, `pm_has(value)`,
/// `pm_scrub(value)` (JSON-aware: see [`Name::scrub_value`]), `pm_unlist(list)`.
fn register(conn: &Connection, current: &Current) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let n = current.clone();
    conn.create_scalar_function("pm_is", 1, flags, move |cx| {
        Ok(cx.get::<Option<String>>(0)?.is_some_and(|v| name(&n).is(&v)))
    })?;
    let n = current.clone();
    conn.create_scalar_function("pm_has", 1, flags, move |cx| {
        Ok(cx.get::<Option<String>>(0)?.is_some_and(|v| name(&n).in_value(&v)))
    })?;
    let n = current.clone();
    conn.create_scalar_function("pm_scrub", 1, flags, move |cx| {
        Ok(cx.get::<Option<String>>(0)?.map(|v| name(&n).scrub_value(&v).unwrap_or(v)))
    })?;
    let n = current.clone();
    conn.create_scalar_function("pm_unlist", 1, flags, move |cx| {
        Ok(cx.get::<Option<String>>(0)?.map(|v| name(&n).drop_from_list(&v).unwrap_or(v)))
    })?;
    Ok(())
}

/// The name being erased now: the functions are registered once per forget
/// (SQLite refuses to redefine one mid-transaction), and each of a person's
/// names is erased in turn.
type Current = std::sync::Arc<std::sync::Mutex<Name>>;

fn name(c: &Current) -> Name {
    c.lock().map(|n| n.clone()).unwrap_or_else(|e| e.into_inner().clone())
}

/// Every table and text column a name may be in, read from the schema so that
/// tables added later (report snapshots, meetings...) are cleaned too.
fn text_columns(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT m.name AS table_name, c.name AS column_name FROM sqlite_schema m, pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.sql NOT LIKE 'CREATE VIRTUAL%'
           AND m.name NOT IN (SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB '*_fts_*')
           AND upper(c.type) NOT IN ('INTEGER', 'INT', 'REAL', 'NUMERIC', 'BLOB') AND c.pk = 0
         ORDER BY m.name, c.cid",
    )?;
    let all = stmt
        .query_map([], |r| Ok((r.get("table_name")?, r.get("column_name")?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(all
        .into_iter()
        .filter(|(t, c): &(String, String)| {
            !NOT_SCANNED.contains(&t.as_str()) && !NOT_TEXT.contains(&c.as_str())
        })
        .collect())
}

/// Every person named in a field that names people (notes, stories, check-in participants).
fn people(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT who FROM notes WHERE who IS NOT NULL UNION SELECT requested_by FROM stories WHERE requested_by IS NOT NULL
         UNION SELECT with_who FROM checkins",
    )?;
    let fields = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(fields.iter().flat_map(|f| f.split([',', ';'])).map(|p| p.trim().to_string()).collect())
}

/// Erase `name` inside the caller's transaction. Call [`compact`] after commit.
pub fn forget(conn: &Connection, name: &Name, typed: &str, delete_notes: bool) -> Result<Forgotten> {
    // Their record (matched exactly or by alias, never by prefix) and its aliases
    // go, and every name it answered to is erased like the one typed.
    let record = super::people::forget(conn, typed)?;
    let mut out = Forgotten { records: record.len().min(1), ..Forgotten::default() };
    let mut all = vec![name.clone()];
    all.extend(record.iter().filter_map(|n| Name::new(n)).filter(|n| !n.is(typed)));
    let current: Current = std::sync::Arc::new(std::sync::Mutex::new(name.clone()));
    register(conn, &current)?;
    for name in &all {
        let name = name.clone().among(people(conn)?.iter().map(String::as_str));
        *current.lock().map_err(|_| crate::error::Error::internal("forget: lock poisoned"))? = name;
        forget_one(conn, delete_notes, &mut out)?;
    }
    Ok(out)
}

fn forget_one(conn: &Connection, delete_notes: bool, out: &mut Forgotten) -> Result<()> {
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
        out.notes_deleted += theirs.len();
    } else {
        out.notes_unnamed += conn.execute("UPDATE notes SET who = NULL WHERE pm_is(who)", [])?;
    }
    stories.sort_unstable();
    stories.dedup();
    super::stories::refresh_stats(conn, &stories)?;
    out.stories_unnamed +=
        conn.execute("UPDATE stories SET requested_by = NULL WHERE pm_is(requested_by)", [])?;
    // A participant list loses them and keeps the others.
    out.checkins_unnamed += conn.execute(
        "UPDATE checkins SET with_who = pm_unlist(with_who) WHERE pm_unlist(with_who) IS NOT with_who",
        [],
    )?;
    // A tag that names them goes (a tag rewritten could collide with another).
    out.mentions += conn.execute("DELETE FROM note_tags WHERE pm_has(tag)", [])?;
    for (table, col) in text_columns(conn)? {
        out.mentions += conn.execute(
            &format!("UPDATE \"{table}\" SET \"{col}\" = pm_scrub(\"{col}\") WHERE pm_has(\"{col}\")"),
            [],
        )?;
    }
    // Last, so it also catches the old values the statements above just logged:
    // every history row (deleted and edited records too) and its key.
    super::log::flush(conn)?;
    out.log_rows += conn.execute(
        "UPDATE ops SET row_key = pm_scrub(row_key), old = pm_scrub(old), new = pm_scrub(new)
         WHERE pm_has(row_key) OR pm_has(old) OR pm_has(new)",
        [],
    )?;
    // Merge each search index into one segment, dropping the deleted entries
    // that still held the old words.
    let indexes: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'",
        )?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    for fts in indexes {
        conn.execute(&format!("INSERT INTO \"{fts}\" (\"{fts}\") VALUES ('optimize')"), [])?;
    }
    Ok(())
}

/// The `meta` row that says a forget committed but its compaction has not run
/// yet (the process was killed between the two): the next writing command
/// finishes it, and `pm doctor` reports it.
const PENDING: &str = "compaction_pending";

/// Mark, inside the forget's transaction, that the file still needs compacting.
pub fn mark_pending(conn: &Connection, since: &str) -> Result<()> {
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", (PENDING, since))?;
    Ok(())
}

/// When a forget's compaction was left pending (the time of that forget), if it was.
pub fn pending(conn: &Connection) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [PENDING], |r| r.get(0)).optional()?)
}

/// After the commit: rewrite the file without free pages and empty the WAL, so
/// no old copy of the name survives on disk; then clear the pending mark.
pub fn compact(conn: &Connection) -> Result<()> {
    // Tests stop here to show that an interrupted compaction is finished later.
    if std::env::var_os("PM_TEST_KILL_BEFORE_COMPACT").is_some() {
        std::process::abort();
    }
    secure(conn)?;
    // VACUUM builds the new file in a temp database: on disk, not in memory, so a
    // notebook of a million notes is compacted in flat memory.
    conn.pragma_update(None, "temp_store", "FILE")?;
    conn.execute_batch("VACUUM")?;
    conn.execute("DELETE FROM meta WHERE key = ?1", [PENDING])?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Finish a compaction an interrupted `pm forget` left pending; true if there was one.
pub fn finish_pending(conn: &Connection) -> Result<bool> {
    if pending(conn)?.is_none() {
        return Ok(false);
    }
    compact(conn)?;
    Ok(true)
}

/// Zero freed pages from now on in this connection (set before the writes).
pub fn secure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "secure_delete", "ON")?;
    // A forget's deletes touch pages all over the file, and their statement
    // journal grows with them: past 64 KiB it goes to a temp file, not RAM.
    conn.pragma_update(None, "temp_store", "FILE")?;
    Ok(())
}
