//! What the exports read that the other store modules do not give: a story's
//! evidence with the notes' uids, the pillars with their row ids, a record's uid
//! by its local id, and whether a uid is still in the notebook (`pm export --dir`).

use crate::domain::ids::RecordKind;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};

/// A note linked to a story as evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub note_id: i64,
    pub note_uid: String,
    pub importance: u8,
    /// The customer's words kept on the link.
    pub quote: Option<String>,
}

/// The evidence of story `story_id`, by note id.
pub fn evidence(conn: &Connection, story_id: i64) -> Result<Vec<Evidence>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.note_id, n.uid AS note_uid, l.importance, l.quote
           FROM links l JOIN notes n ON n.id = l.note_id
          WHERE l.story_id = ?1 ORDER BY l.note_id",
    )?;
    let rows = stmt
        .query_map([story_id], |r| {
            Ok(Evidence {
                note_id: r.get("note_id")?,
                note_uid: r.get("note_uid")?,
                importance: r.get("importance")?,
                quote: r.get("quote")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A pillar as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Pillar {
    pub id: i64,
    pub uid: String,
    pub name: String,
    pub description: Option<String>,
    pub created: String,
    pub retired: Option<String>,
}

/// Every pillar, retired ones too, oldest first.
pub fn pillars(conn: &Connection) -> Result<Vec<Pillar>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, uid, name, description, created, retired FROM pillars ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Pillar {
                id: r.get("id")?,
                uid: r.get("uid")?,
                name: r.get("name")?,
                description: r.get("description")?,
                created: r.get("created")?,
                retired: r.get("retired")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The uid of the record of `kind` whose local id is `id`, if there is one.
pub fn uid_of(conn: &Connection, kind: RecordKind, id: i64) -> Result<Option<String>> {
    let sql = match kind {
        RecordKind::Note => "SELECT uid FROM notes WHERE id = ?1",
        RecordKind::Story => "SELECT uid FROM stories WHERE id = ?1",
        RecordKind::Checkin => "SELECT uid FROM checkins WHERE id = ?1",
        RecordKind::Decision => "SELECT uid FROM decisions WHERE id = ?1",
    };
    Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get("uid")).optional()?)
}

/// Whether `uid` was ever exchanged with a shared folder and is in no table of
/// records now: deleted here since.
pub fn synced_and_gone(conn: &Connection, uid: &str) -> Result<bool> {
    let gone = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM synced WHERE uid = ?1)
                AND NOT EXISTS (SELECT 1 FROM pillars WHERE uid = ?1)
                AND NOT EXISTS (SELECT 1 FROM visions WHERE uid = ?1)
                AND NOT EXISTS (SELECT 1 FROM orgs WHERE uid = ?1)
                AND NOT EXISTS (SELECT 1 FROM people WHERE uid = ?1)
                AND NOT EXISTS (SELECT 1 FROM notes WHERE uid = ?1)
                AND NOT EXISTS (SELECT 1 FROM stories WHERE uid = ?1)
                AND NOT EXISTS (SELECT 1 FROM checkins WHERE uid = ?1)
                AND NOT EXISTS (SELECT 1 FROM decisions WHERE uid = ?1) AS gone",
        )?
        .query_row([uid], |r| r.get("gone"))?;
    Ok(gone)
}
