//! What the vision summary reads besides stories and decisions: the evidence
//! behind each pillar's work.

use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

/// The evidence behind a pillar's live stories: distinct notes, people and organisations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Evidence {
    pub notes: i64,
    pub people: i64,
    pub orgs: i64,
}

/// The evidence behind each pillar (by row id) that has any, in one pass over the links.
pub fn evidence_by_pillar(conn: &Connection) -> Result<HashMap<i64, Evidence>> {
    let mut stmt = conn.prepare(
        "SELECT s.pillar_id AS pillar_id, count(DISTINCT n.id) AS notes,
                count(DISTINCT lower(nullif(trim(n.who), ''))) AS people,
                count(DISTINCT lower(nullif(trim(n.org), ''))) AS orgs
         FROM links l JOIN stories s ON s.id = l.story_id JOIN notes n ON n.id = l.note_id
         WHERE s.pillar_id IS NOT NULL AND s.merged_into IS NULL
         GROUP BY s.pillar_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get("pillar_id")?,
                Evidence { notes: r.get("notes")?, people: r.get("people")?, orgs: r.get("orgs")? },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
