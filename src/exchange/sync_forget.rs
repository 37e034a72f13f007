//! `pm forget` in a notebook that syncs: the records it changed go out as a
//! forget marker at the next sync (their uids only, never the name).

use super::folder_sync::notebook;
use crate::error::Result;
use crate::store::{Tx, sync, sync_ledger as ledger};
use std::collections::BTreeMap;
use toml::Table;

/// Before `pm forget` in a notebook that syncs: its records, to tell afterwards
/// which ones the forget changed. None when the notebook never synced.
pub fn before_forget(
    tx: &Tx,
    settings: &crate::domain::score::Settings,
    now: &str,
) -> Result<Option<BTreeMap<(&'static str, String), Table>>> {
    if sync::state(tx, "writer")?.is_none() {
        return Ok(None);
    }
    Ok(Some(notebook(tx, settings, now, crate::domain::dates::day(now))?))
}

/// After `pm forget`: the uids of the records it changed or deleted go out in a
/// forget marker at the next sync (the uids only, never the name).
pub fn after_forget(
    tx: &Tx,
    settings: &crate::domain::score::Settings,
    before: &BTreeMap<(&'static str, String), Table>,
    now: &str,
) -> Result<()> {
    let after = notebook(tx, settings, now, crate::domain::dates::day(now))?;
    for (key, fields) in before {
        if after.get(key) != Some(fields) {
            ledger::forget_later(tx, &key.1)?;
        }
    }
    // The losing values and bases of those records may hold the name.
    ledger::drop_forgotten_traces(tx)
}
