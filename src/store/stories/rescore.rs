//! Stored scores: kept current so the report takes the top N through the
//! `stories_by_score` index instead of scoring every story.

use super::get;
use crate::domain::score::Settings;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};

/// Store the score of `ids` under `settings` (only where it changed), so the
/// report can take the top N through the `stories_by_score` index.
pub fn rescore(conn: &Connection, settings: &Settings, ids: &[i64]) -> Result<()> {
    let mut set = conn.prepare_cached("UPDATE stories SET score = ?2 WHERE id = ?1 AND score IS NOT ?2")?;
    for id in ids {
        if let Some(row) = get(conn, *id)? {
            let score = crate::domain::score::explain(&row.inputs, &row.evidence, settings).score;
            set.execute(params![id, score])?;
            crate::store::log::flush_if_many(conn)?;
        }
    }
    Ok(())
}

/// Rescore every story when the scoring settings differ from those the stored
/// scores were made with (the config changed), and remember the new settings.
pub fn rescore_if_settings_changed(conn: &Connection, settings: &Settings) -> Result<()> {
    let fingerprint = serde_json::to_string(settings)?;
    let stored: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = 'score_settings'", [], |r| r.get(0)).optional()?;
    if stored.as_deref() == Some(fingerprint.as_str()) {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('score_settings', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [&fingerprint],
    )?;
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM stories")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    rescore(conn, settings, &ids)
}

/// Rescore the stories the current change wrote (the operation log names them).
pub fn rescore_touched(conn: &Connection, settings: &Settings) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT json_extract(row_key, '$.id') FROM ops
             WHERE change_id = (SELECT max(id) FROM changes) AND tbl = 'stories'",
        )?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    rescore(conn, settings, &ids)
}
