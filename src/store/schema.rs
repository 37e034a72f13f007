//! Ordered, append-only migrations tracked in `PRAGMA user_version`.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// Each entry moves the schema up one version. Never edit one that has shipped: append.
const MIGRATIONS: &[&str] =
    &[include_str!("migrations/0001_init.sql"), include_str!("migrations/0002_search_sync_score.sql")];

/// Tables whose every row change is recorded in `ops` (with old values) for undo and history.
pub const AUDITED: &[&str] = &[
    "notes",
    "note_tags",
    "pillars",
    "visions",
    "stories",
    "links",
    "story_events",
    "checkins",
    "checkin_stories",
    "decisions",
    "decision_stories",
];

/// The schema version this pm writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring the notebook up to [`latest`], one transaction per migration.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let mut current = version(conn)?;
    while current < latest() {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another pm may have migrated while we waited for the lock.
        let now = version(&tx)?;
        if now > current {
            current = now;
            continue;
        }
        tx.execute_batch(MIGRATIONS[current as usize])?;
        audit_triggers(&tx)?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
        current += 1;
    }
    Ok(())
}

/// (Re)create the triggers that copy each audited row change into `ops`.
/// Generated from the live table definitions, so a migration that adds a column
/// gets it logged by calling this again.
fn audit_triggers(conn: &Connection) -> Result<()> {
    for table in AUDITED {
        let mut cols = Vec::new();
        let mut keys = Vec::new();
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?;
        for row in rows {
            let (name, pk) = row?;
            if pk > 0 {
                keys.push(name.clone());
            }
            cols.push(name);
        }
        if keys.is_empty() {
            return Err(Error::internal(format!("audited table {table} has no primary key")));
        }
        let json = |side: &str, names: &[String]| {
            let pairs: Vec<String> = names.iter().map(|c| format!("'{c}', {side}.{c}")).collect();
            format!("json_object({})", pairs.join(", "))
        };
        // An update logs only the columns it changed (removing the others by
        // path; a path that is not there removes nothing), so rescoring ten
        // thousand stories logs a few bytes each, not two copies of every row.
        let changed = |side: &str| {
            let unchanged: Vec<String> = cols
                .iter()
                .map(|c| format!("CASE WHEN old.{c} IS new.{c} THEN '$.{c}' ELSE '$.__unchanged' END"))
                .collect();
            format!("json_remove({}, {})", json(side, &cols), unchanged.join(", "))
        };
        let change = "(SELECT max(id) FROM changes)";
        conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS {table}_log_i;
             DROP TRIGGER IF EXISTS {table}_log_u;
             DROP TRIGGER IF EXISTS {table}_log_d;
             CREATE TRIGGER {table}_log_i AFTER INSERT ON {table} BEGIN
               INSERT INTO ops (change_id, tbl, row_key, old, new)
               VALUES ({change}, '{table}', {newkey}, NULL, NULL);
             END;
             CREATE TRIGGER {table}_log_u AFTER UPDATE ON {table} BEGIN
               INSERT INTO ops (change_id, tbl, row_key, old, new)
               VALUES ({change}, '{table}', {oldkey}, {oldchanged}, {newchanged});
             END;
             CREATE TRIGGER {table}_log_d AFTER DELETE ON {table} BEGIN
               INSERT INTO ops (change_id, tbl, row_key, old, new)
               VALUES ({change}, '{table}', {oldkey}, {oldrow}, NULL);
             END;",
            newkey = json("new", &keys),
            oldkey = json("old", &keys),
            oldrow = json("old", &cols),
            oldchanged = changed("old"),
            newchanged = changed("new"),
        ))?;
    }
    Ok(())
}
