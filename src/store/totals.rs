//! The report's counts over every note (by source, person as typed, segment,
//! tag), kept current by triggers on `notes` and `note_tags` (schemas 11 and 13), so a
//! report over a period holding every note reads a few rows, not every note.
//! Every write reaches those tables through SQL (add, edit, rm, import, sync,
//! undo, forget, merges), so the triggers see it; `pm doctor --full` recounts.

use super::notes::Tally;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeMap;

/// The triggers that count a new note and a new tag: a bulk import of new notes
/// pauses them and counts those notes at once ([`add_notes`]).
pub const ON_NOTE: &str = "note_totals_ai";
pub const ON_TAG: &str = "note_totals_tag_ai";

/// Count the notes a bulk load added while the insert triggers were paused, and
/// their tags: those above `after` (the largest id before), else those it kept
/// aside (`temp.fresh_notes`, see store::log::bulk).
pub fn add_notes(conn: &Connection, after: Option<i64>) -> Result<()> {
    let (notes, tags) = match after {
        Some(_) => ("id > ?1", "note_id > ?1"),
        None => ("id IN (SELECT id FROM temp.fresh_notes)", "note_id IN (SELECT id FROM temp.fresh_notes)"),
    };
    for sql in [
        format!(
            "INSERT INTO note_totals_by_source SELECT coalesce(source, '(none)'), count(*) FROM notes
             WHERE {notes} GROUP BY 1 ON CONFLICT (source) DO UPDATE SET n = n + excluded.n"
        ),
        format!(
            "INSERT INTO note_totals_by_who SELECT coalesce(who, ''), count(*) FROM notes
             WHERE {notes} GROUP BY 1 ON CONFLICT (who) DO UPDATE SET n = n + excluded.n"
        ),
        format!(
            "INSERT INTO note_totals_by_account
             SELECT {ACCOUNT}, count(*) FROM notes WHERE {notes} GROUP BY 1, 2, 3
             ON CONFLICT (segment, org_id, person_id) DO UPDATE SET n = n + excluded.n"
        ),
        format!(
            "INSERT INTO note_totals_by_tag SELECT tag, count(*) FROM note_tags
             WHERE {tags} GROUP BY 1 ON CONFLICT (tag) DO UPDATE SET n = n + excluded.n"
        ),
    ] {
        conn.execute(&sql, rusqlite::params_from_iter(after))?;
    }
    Ok(())
}

/// A note's key in `note_totals_by_account` (as the triggers of schema 13 write
/// it): its own segment alone, or, without one, its org and person.
const ACCOUNT: &str = "coalesce(segment, ''),
    CASE WHEN coalesce(segment, '') <> '' THEN 0 ELSE coalesce(org_id, 0) END,
    CASE WHEN coalesce(segment, '') <> '' THEN 0 ELSE coalesce(person_id, 0) END";

/// Whether the period since `since` holds every note: no note before it (a date
/// compares with the day of the conversation, a stamp with when it was typed).
/// One probe of an index.
pub fn holds_every_note(conn: &Connection, since: &str) -> Result<bool> {
    let sql = if since.len() == 10 {
        "SELECT 1 FROM notes WHERE on_date < ?1 LIMIT 1"
    } else {
        "SELECT 1 FROM notes WHERE created <= ?1 LIMIT 1"
    };
    Ok(conn.query_row(sql, [since], |_| Ok(())).optional()?.is_none())
}

/// The tally of every note, from the kept totals.
pub fn every_note(conn: &Connection) -> Result<Tally> {
    // Each query names its two columns `key` and `n`.
    let pairs = |sql: &str| -> Result<Vec<(String, i64)>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows =
            stmt.query_map([], |r| Ok((r.get("key")?, r.get("n")?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    };
    let by_source: BTreeMap<String, i64> =
        pairs("SELECT source AS key, n FROM note_totals_by_source WHERE n > 0")?.into_iter().collect();
    let by_segment = pairs(SEGMENTS)?.into_iter().collect();
    // As the scan does: blank names (spaces only, SQLite's trim()) are no one.
    let by_who = pairs("SELECT who AS key, n FROM note_totals_by_who WHERE n > 0")?
        .into_iter()
        .filter(|(w, _)| !w.trim_matches(' ').is_empty())
        .collect();
    let top_tags =
        pairs("SELECT tag AS key, n FROM note_totals_by_tag WHERE n > 0 ORDER BY n DESC, tag LIMIT 10")?;
    Ok(Tally { notes: by_source.values().sum(), by_source, by_segment, by_who, top_tags })
}

/// Notes by segment: a note's own, else its org's (its own org if that still
/// exists, else its person's), as the scan's `coalesce` reads it.
const SEGMENTS: &str = "
    SELECT CASE WHEN a.segment <> '' THEN a.segment ELSE coalesce(
               (SELECT o.segment FROM orgs o WHERE o.id = coalesce(
                   (SELECT x.id FROM orgs x WHERE x.id = a.org_id),
                   (SELECT p.org_id FROM people p WHERE p.id = a.person_id))),
               '(none)') END AS key,
           sum(a.n) AS n
    FROM note_totals_by_account a WHERE a.n > 0 GROUP BY 1";

/// Where the kept totals differ from a recount of the notes: one line per
/// difference (none: they agree). For `pm doctor --full`.
pub fn differences(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    // A notebook before schema 11 (checked before its upgrade) keeps none.
    let kept: Option<i64> = conn
        .query_row(
            "SELECT 1 AS kept FROM sqlite_master WHERE type = 'table' AND name = 'note_totals_by_tag'",
            [],
            |r| r.get("kept"),
        )
        .optional()?;
    if kept.is_none() {
        return Ok(out);
    }
    for (what, kept, counted) in [
        (
            "source",
            "SELECT source AS key, n FROM note_totals_by_source WHERE n <> 0",
            "SELECT coalesce(source, '(none)') AS key, count(*) AS n FROM notes GROUP BY 1",
        ),
        (
            "person",
            "SELECT who AS key, n FROM note_totals_by_who WHERE n <> 0",
            "SELECT coalesce(who, '') AS key, count(*) AS n FROM notes GROUP BY 1",
        ),
        (
            "segment/org/person",
            "SELECT segment || '/' || org_id || '/' || person_id AS key, n FROM note_totals_by_account WHERE n <> 0",
            "SELECT coalesce(segment, '') || '/' ||
                    CASE WHEN coalesce(segment, '') <> '' THEN 0 ELSE coalesce(org_id, 0) END || '/' ||
                    CASE WHEN coalesce(segment, '') <> '' THEN 0 ELSE coalesce(person_id, 0) END AS key,
                    count(*) AS n
             FROM notes GROUP BY 1",
        ),
        (
            "tag",
            "SELECT tag AS key, n FROM note_totals_by_tag WHERE n <> 0",
            "SELECT tag AS key, count(*) AS n FROM note_tags GROUP BY tag",
        ),
    ] {
        let read = |sql: &str| -> Result<BTreeMap<String, i64>> {
            let mut stmt = conn.prepare(sql)?;
            let rows =
                stmt.query_map([], |r| Ok((r.get("key")?, r.get("n")?)))?.collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        };
        let (kept, counted) = (read(kept)?, read(counted)?);
        for key in kept.keys().chain(counted.keys()).collect::<std::collections::BTreeSet<_>>() {
            let (k, c) = (kept.get(key).copied().unwrap_or(0), counted.get(key).copied().unwrap_or(0));
            if k != c {
                out.push(format!("{what} '{key}': kept {k}, counted {c}"));
            }
        }
    }
    Ok(out)
}
