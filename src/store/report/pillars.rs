//! Alignment: what points at no current pillar.

use crate::error::Result;
use crate::store::Conn;
use std::collections::HashMap;

/// Live stories that point at no current pillar (none, or a retired one): an
/// index range of `stories_by_pillar` per pillar, not a scan of the stories.
/// Two counts added, not one `OR`: SQLite answers an `OR` of two ranges by
/// collecting and de-duplicating every row id (28 ms at 100,000 stories, 8 ms so).
pub fn stories_without_pillar(conn: &Conn) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM stories WHERE pillar_id IS NULL AND merged_into IS NULL)
              + (SELECT count(*) FROM stories WHERE merged_into IS NULL
                   AND pillar_id IN (SELECT id FROM pillars WHERE retired IS NOT NULL)) AS n",
        [],
        |r| r.get("n"),
    )?)
}

/// Every pillar's name by row id (retired ones too).
pub fn names(conn: &Conn) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM pillars")?;
    let rows =
        stmt.query_map([], |r| Ok((r.get("id")?, r.get("name")?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The name a removed pillar had: its row's old values in the operation log.
/// A pillar a story pointed at when the baseline was taken was removed after
/// it, so only the log after `after_change` is read (an index range).
pub fn removed_name(conn: &Conn, id: i64, after_change: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT json_extract(old, '$.name') AS name FROM ops
             WHERE change_id > ?2 AND tbl = 'pillars' AND json_extract(row_key, '$.id') = ?1
               AND new IS NULL AND old IS NOT NULL
             ORDER BY change_id DESC, id DESC LIMIT 1",
            rusqlite::params![id, after_change],
            |r| r.get("name"),
        )
        .optional()?
        .flatten())
}
