//! Ordered, append-only migrations tracked in `PRAGMA user_version`.

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};

/// Each entry moves the schema up one version. Never edit one that has shipped: append.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_search_sync_score.sql"),
    include_str!("migrations/0003_log_hook_index_memory.sql"),
    include_str!("migrations/0004_ids_never_reused.sql"),
    include_str!("migrations/0005_vision_decisions.sql"),
    include_str!("migrations/0006_meetings_titles_quotes.sql"),
    include_str!("migrations/0007_sync_merge.sql"),
    include_str!("migrations/0008_roadmap_attachments.sql"),
    PEOPLE_ORGS,
    include_str!("migrations/0010_sync_conflicts_in_log.sql"),
    include_str!("migrations/0011_note_totals.sql"),
    include_str!("migrations/0012_report_indexes.sql"),
    include_str!("migrations/0013_totals_by_segment.sql"),
    include_str!("migrations/0014_story_clause_names.sql"),
];

/// The migration after which existing names become records (in Rust: SQL cannot fold names).
const PEOPLE_ORGS: &str = include_str!("migrations/0009_people_orgs.sql");

/// The schema version this pm writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring the notebook up to [`latest`], one transaction per migration.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    // A migration may rebuild a table (drop it and rename a copy into its place):
    // with foreign keys on, the drop would delete every row pointing at it. They
    // are checked after each migration instead, and on again after the last.
    let enforced: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = steps(conn);
    if enforced {
        conn.pragma_update(None, "foreign_keys", "ON")?;
    }
    migrated
}

fn steps(conn: &mut Connection) -> Result<()> {
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
        if MIGRATIONS[current as usize] == PEOPLE_ORGS {
            super::people::backfill(&tx)?;
        }
        let dangling: Option<String> = tx
            .query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = dangling {
            return Err(crate::error::Error::internal(format!(
                "schema upgrade to {} left a row of {table} pointing nowhere; the notebook was not changed",
                current + 1
            )));
        }
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
        current += 1;
    }
    Ok(())
}
