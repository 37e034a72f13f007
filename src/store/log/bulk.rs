//! The bulk-load mode of a big import: the FTS trigger (and, for a big batch of
//! new notes, the indexes they land in at random places) paused for the
//! transaction and rebuilt in one statement each at the end, and new notes
//! logged as one `ops` row per note instead of a row per note, tag and link.
//!
//! Everything happens inside the caller's transaction, so a failure anywhere
//! rolls the dropped triggers and indexes back too.

use crate::error::Result;
use rusqlite::{Connection, params};

/// The indexes a big import of new notes builds again at the end: those the
/// new rows land in at random places. (`notes_by_created` stays: an import's
/// notes share one time and come in id order, so they go in at its end.)
const NOTE_INDEXES: [&str; 7] = [
    "notes_by_on",
    "notes_by_who",
    "notes_by_org",
    "notes_by_person",
    "notes_by_org_id",
    "links_by_note",
    "note_tags_by_tag",
];

/// A bulk load in progress: what was paused (the SQL that makes it again). The
/// notes added meanwhile, whose index entries (and log rows) are written in one
/// statement at the end, and the new links written then in key order, wait in
/// temp tables on disk rather than in vectors, so a million-row import runs in
/// flat memory.
#[derive(Debug, Default)]
pub struct Bulk {
    paused: Vec<String>,
    /// New notes are logged at the end (one row each), not row by row; their
    /// tags are written as they come and their links at the end.
    log_fresh: bool,
    /// When every note added is new (a CSV of notes), the largest note id
    /// before the load: the new notes are those above it (ids only grow), so
    /// none is kept aside in `temp.fresh_notes`.
    after: Option<i64>,
    /// SQLite does not check references in this transaction (see
    /// `Store::check_references`): `finish` checks the new notes'.
    unchecked: bool,
}

/// Set the connection up for a write of any size: temp tables, sorts and index
/// builds in temp files (not in RAM, as `temp_store=MEMORY` would keep them)
/// and a page cache of `cache_mib` MiB.
pub fn bounded(conn: &Connection, cache_mib: i64) -> Result<()> {
    conn.pragma_update(None, "temp_store", "FILE")?;
    conn.pragma_update(None, "cache_size", -cache_mib * 1024)?;
    Ok(())
}

impl Bulk {
    /// Not bulk loading: every row written and logged as it comes.
    pub fn off() -> Bulk {
        Bulk::default()
    }

    /// Index new notes once at the end instead of row by row: FTS5 writes its
    /// pending terms at every statement that fires the trigger, which made big
    /// imports ten times slower than the index build.
    pub fn index_at_end(conn: &Connection) -> Result<Bulk> {
        let mut b = Bulk::default();
        b.pause(conn, &["notes_fts_ai"])?;
        Ok(b)
    }

    /// Also log new notes in one statement instead of a log row per note, tag
    /// and link. Only for rows that are all new notes (a CSV of notes): undoing
    /// the import deletes those notes, and their tags and links go with them.
    /// When the import (about `rows` notes) is at least half the size of the
    /// notebook, the indexes on notes, tags and links are also dropped and built
    /// again at the end: sorting once beats a hundred thousand inserts at random
    /// places in each index.
    pub fn new_notes(conn: &Connection, rows: usize) -> Result<Bulk> {
        super::quiet_inserts(&["notes", "note_tags", "links"]);
        let notes: i64 = conn.query_row("SELECT coalesce(max(id), 0) AS n FROM notes", [], |r| r.get("n"))?;
        // The report's totals too: counted for all new notes at once in `finish`.
        let mut paused = vec!["notes_fts_ai", crate::store::totals::ON_NOTE, crate::store::totals::ON_TAG];
        if rows >= 1000 && rows as i64 * 2 >= notes {
            paused.extend(NOTE_INDEXES);
        }
        let checked: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        let mut b = Bulk { log_fresh: true, after: Some(notes), unchecked: checked == 0, ..Bulk::default() };
        b.pause(conn, &paused)?;
        Ok(b)
    }

    fn pause(&mut self, conn: &Connection, objects: &[&str]) -> Result<()> {
        for name in objects {
            let (kind, sql): (String, String) = conn.query_row(
                "SELECT type, sql FROM sqlite_master WHERE type IN ('trigger', 'index') AND name = ?1",
                [name],
                |r| Ok((r.get("type")?, r.get("sql")?)),
            )?;
            // `kind` is 'trigger' or 'index', and `name` one of the constants above.
            conn.execute_batch(&format!("DROP {kind} {name}"))?;
            self.paused.push(sql);
        }
        // Inside the caller's transaction: a rolled-back import leaves nothing.
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS fresh_notes (id INTEGER PRIMARY KEY);
             CREATE TEMP TABLE IF NOT EXISTS fresh_links (story_id INTEGER NOT NULL, note_id INTEGER NOT NULL);
             DELETE FROM temp.fresh_notes;
             DELETE FROM temp.fresh_links;",
        )?;
        Ok(())
    }

    /// Whether new notes' tags and links go through [`Bulk::tag`] and [`Bulk::link`].
    pub fn logs_at_end(&self) -> bool {
        self.log_fresh
    }

    /// A note was added: index it (and log it) at the end.
    pub fn added_note(&self, conn: &Connection, id: i64) -> Result<()> {
        if !self.paused.is_empty() && self.after.is_none() {
            conn.prepare_cached("INSERT OR IGNORE INTO temp.fresh_notes (id) VALUES (?1)")?.execute([id])?;
        }
        Ok(())
    }

    /// A new note's tag, written at once: new notes come in id order, so each
    /// lands at the end of the table's b-tree.
    pub fn tag(&self, conn: &Connection, note: i64, tag: &str) -> Result<()> {
        conn.prepare_cached("INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?1, ?2)")?
            .execute(params![note, tag])?;
        Ok(())
    }

    /// A new note's link to a story, written by [`Bulk::write_links`].
    pub fn link(&self, conn: &Connection, story: i64, note: i64) -> Result<()> {
        conn.prepare_cached("INSERT INTO temp.fresh_links (story_id, note_id) VALUES (?1, ?2)")?
            .execute([story, note])?;
        Ok(())
    }

    /// Write the links kept aside, sorted (on disk, by SQLite's sorter) so each
    /// insert lands next to the last one in the links b-tree; each of
    /// importance 1, made `now`.
    pub fn write_links(&self, conn: &Connection, now: &str) -> Result<()> {
        if !self.log_fresh {
            return Ok(());
        }
        conn.execute(
            "INSERT OR IGNORE INTO links (story_id, note_id, importance, created)
             SELECT story_id, note_id, 1, ?1 FROM temp.fresh_links ORDER BY story_id, note_id",
            [now],
        )?;
        conn.execute("DELETE FROM temp.fresh_links", [])?;
        Ok(())
    }

    /// End the bulk load: index the new notes, log them (one row each), and make
    /// the paused triggers and indexes again.
    pub fn finish(self, conn: &Connection) -> Result<()> {
        if self.paused.is_empty() {
            return Ok(());
        }
        // The new notes: above `after`, else those kept aside.
        let (fts, ops) = match self.after {
            Some(_) => (
                "INSERT INTO notes_fts (rowid, body, who, org) SELECT id, body, who, org FROM notes WHERE id > ?1",
                "INSERT INTO ops (change_id, tbl, row_key, old, new)
                 SELECT (SELECT max(id) FROM changes), 'notes', json_object('id', id), NULL, NULL
                 FROM notes WHERE id > ?1 ORDER BY id",
            ),
            None => (
                "INSERT INTO notes_fts (rowid, body, who, org)
                 SELECT id, body, who, org FROM notes WHERE id IN (SELECT id FROM temp.fresh_notes)",
                "INSERT INTO ops (change_id, tbl, row_key, old, new)
                 SELECT (SELECT max(id) FROM changes), 'notes', json_object('id', id), NULL, NULL
                 FROM temp.fresh_notes ORDER BY id",
            ),
        };
        if self.unchecked {
            check_references(conn, self.after)?;
        }
        let after = rusqlite::params_from_iter(self.after);
        conn.execute(fts, after.clone())?;
        if self.log_fresh {
            crate::store::totals::add_notes(conn, self.after)?;
            super::flush(conn)?;
            conn.execute(ops, after)?;
        }
        conn.execute("DELETE FROM temp.fresh_notes", [])?;
        for sql in &self.paused {
            conn.execute_batch(sql)?;
        }
        Ok(())
    }
}

/// The references of a bulk load of new notes (those above `after`), which
/// SQLite did not check as they were written: each note's person and org, and
/// the people it created. Its links and tags need none: their stories were
/// looked up by id as the rows were read (`store::resolve`), their notes are
/// the rows it inserted, and nothing was deleted.
fn check_references(conn: &Connection, after: Option<i64>) -> Result<()> {
    let dangling: i64 = conn.query_row(
        "SELECT count(*) AS n FROM notes WHERE id > ?1
           AND ((person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = person_id))
             OR (org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM orgs o WHERE o.id = org_id)))",
        [after.unwrap_or(0)],
        |r| r.get("n"),
    )?;
    let people: i64 =
        conn.query_row("SELECT count(*) AS n FROM pragma_foreign_key_check('people')", [], |r| r.get("n"))?;
    if dangling > 0 || people > 0 {
        return Err(crate::error::Error::internal(format!(
            "the import would leave {dangling} notes and {people} people pointing at records that are not there"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::merged::{self, NoteRow};

    fn objects(conn: &Connection, names: &[&str]) -> i64 {
        let names = serde_json::to_string(names).unwrap();
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN (SELECT value FROM json_each(?1))",
            [names],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// A bulk load of new notes drops the FTS trigger and the note indexes while
    /// it runs, and at the end has made them again, indexed the notes for search
    /// and logged one row per note (so `pm undo` removes them).
    #[test]
    fn a_bulk_load_pauses_the_indexes_and_leaves_them_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("n.db")).unwrap();
        let now = "2026-11-27T10:00:00Z";
        let mut paused = NOTE_INDEXES.to_vec();
        paused.push("notes_fts_ai");
        store
            .write("import", now, |tx| {
                let bulk = Bulk::new_notes(tx, 5000)?;
                assert_eq!(objects(tx, &paused), 0, "paused while loading");
                let row = NoteRow {
                    uid: "u1",
                    body: "exports take an hour",
                    who: None,
                    org: None,
                    segment: None,
                    source: None,
                    on: "2026-11-20",
                    created: now,
                    updated: now,
                    person: None,
                    org_id: None,
                };
                let id = merged::note_insert(tx, None, &row)?;
                bulk.added_note(tx, id)?;
                bulk.tag(tx, id, "export")?;
                bulk.write_links(tx, now)?;
                bulk.finish(tx)?;
                assert_eq!(objects(tx, &paused), paused.len() as i64, "made again at the end");
                let found: i64 = tx.query_row(
                    "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'exports'",
                    [],
                    |r| r.get(0),
                )?;
                let logged: i64 =
                    tx.query_row("SELECT count(*) FROM ops WHERE tbl = 'notes'", [], |r| r.get(0))?;
                assert_eq!((found, logged), (1, 1));
                Ok(())
            })
            .unwrap();
    }
    /// With SQLite's reference checks off (as a CSV of notes runs), a new note
    /// pointing at a person that is not there fails the load at the end, and
    /// nothing of it stays.
    #[test]
    fn a_bulk_load_without_reference_checks_refuses_a_dangling_note() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("n.db")).unwrap();
        let now = "2026-11-27T10:00:00Z";
        store.check_references(false).unwrap();
        let load = |person: Option<i64>| {
            move |tx: &crate::store::Tx| -> Result<()> {
                let bulk = Bulk::new_notes(tx, 10)?;
                let row = NoteRow {
                    uid: if person.is_some() { "u2" } else { "u1" },
                    body: "exports take an hour",
                    who: None,
                    org: None,
                    segment: None,
                    source: None,
                    on: "2026-11-20",
                    created: now,
                    updated: now,
                    person,
                    org_id: None,
                };
                let id = merged::note_insert(tx, None, &row)?;
                bulk.added_note(tx, id)?;
                bulk.write_links(tx, now)?;
                bulk.finish(tx)
            }
        };
        store.write("import", now, load(None)).unwrap();
        let e = store.write("import", now, load(Some(999))).unwrap_err();
        assert!(
            e.message.contains("1 notes and 0 people pointing at records that are not there"),
            "{}",
            e.message
        );
        let notes: i64 = store.conn().query_row("SELECT count(*) FROM notes", [], |r| r.get(0)).unwrap();
        assert_eq!(notes, 1, "the refused load left nothing");
    }
}
