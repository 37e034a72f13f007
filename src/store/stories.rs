//! Stories, their evidence links, and the evidence numbers kept on each story.

use crate::error::Result;
use rusqlite::{Connection, params};

/// Recount the evidence numbers of `stories` from their links. Called by every
/// write that changes a link or a linked note, so reads never recount.
///
/// A person is a note's `who` (case- and space-insensitive); a note with no `who`
/// counts as a person of its own, so anonymous evidence is never merged away.
pub fn refresh_stats(conn: &Connection, stories: &[i64]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE stories SET
            evidence_count = (SELECT count(*) FROM links WHERE story_id = ?1),
            people = (SELECT count(DISTINCT lower(trim(n.who))) FROM links l JOIN notes n ON n.id = l.note_id
                      WHERE l.story_id = ?1 AND trim(coalesce(n.who, '')) != ''),
            orgs = (SELECT count(DISTINCT lower(trim(n.org))) FROM links l JOIN notes n ON n.id = l.note_id
                    WHERE l.story_id = ?1 AND trim(coalesce(n.org, '')) != ''),
            sources = (SELECT count(DISTINCT n.source) FROM links l JOIN notes n ON n.id = l.note_id
                       WHERE l.story_id = ?1 AND n.source IS NOT NULL),
            importance = (SELECT coalesce(sum(top), 0) FROM (
                SELECT max(l.importance) AS top FROM links l JOIN notes n ON n.id = l.note_id
                WHERE l.story_id = ?1
                GROUP BY coalesce(nullif(lower(trim(coalesce(n.who, ''))), ''), 'note ' || n.id)))
         WHERE id = ?1",
    )?;
    for id in stories {
        stmt.execute([id])?;
    }
    Ok(())
}

/// Link a note to a story as evidence; linking again sets the new importance.
pub fn link(conn: &Connection, story: i64, note: i64, importance: u8, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO links (story_id, note_id, importance, created) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (story_id, note_id) DO UPDATE SET importance = excluded.importance
         WHERE importance != excluded.importance",
    )?
    .execute(params![story, note, importance, now])?;
    Ok(())
}

/// Remove a link; returns whether there was one.
pub fn unlink(conn: &Connection, story: i64, note: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM links WHERE story_id = ?1 AND note_id = ?2")?
        .execute(params![story, note])?
        > 0)
}
