//! Ordered, append-only migrations tracked in `PRAGMA user_version`.

use crate::error::Result;
use rusqlite::Connection;

/// Each entry moves the schema up one version. Never edit one that has shipped: append.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_search_sync_score.sql"),
    include_str!("migrations/0003_log_hook_index_memory.sql"),
    include_str!("migrations/0006_meetings_titles_quotes.sql"),
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
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
        current += 1;
    }
    Ok(())
}
