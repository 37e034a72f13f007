//! `pm undo`, `pm log` and `pm backup`: the notebook's history and safety copies.

use crate::app::App;
use crate::domain::ids::{self, IdRef, RecordKind};
use crate::domain::text;
use crate::error::{Error, Result};
use crate::store::history::{self, Change};
use crate::ui::Format;
use crate::ui::listing::Listing;
use std::path::PathBuf;

/// Reverse the last change (any command that wrote); run again to step further back
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  pm undo\n  pm log   # what undo would reverse is the newest change not marked undone"
)]
pub struct UndoArgs {}

/// Show the history of changes: of the whole notebook, or of one record
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  pm log\n  pm log S3\n  pm log --limit 100 --format json")]
pub struct LogArgs {
    /// A record id (N12, S3, C4, D2) or uid
    id: Option<String>,
    /// At most N changes, newest first
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
}

/// Copy the notebook to FILE with SQLite's online backup (safe while pm runs elsewhere)
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  pm backup ~/backups/notebook-2026-11-27.db\n  pm note list --db ~/backups/notebook-2026-11-27.db"
)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist; a missing folder is created owner-only)
    file: PathBuf,
}

pub fn undo(app: &App, _a: UndoArgs) -> Result<()> {
    let mut store = app.write_existing()?;
    let done = store.write("undo", &app.stamp(), |tx| {
        let target = history::last_undoable(tx)?.ok_or_else(|| Error::user("nothing to undo"))?;
        history::undo(tx, &target)?;
        Ok(target)
    })?;
    crate::ui::say(&format!("Undid {}", describe(&done)));
    Ok(())
}

fn describe(c: &Change) -> String {
    let records = if c.records.is_empty() { String::new() } else { format!(" ({})", c.records.join(", ")) };
    format!("#{} pm {}{records} of {}", c.id, c.command, c.at)
}

pub fn log(app: &App, a: LogArgs) -> Result<()> {
    crate::cli::input::limit(a.limit)?;
    let store = app.read()?;
    let record = match a.id.as_deref() {
        None => None,
        Some(given) => Some(record(store.conn(), given)?),
    };
    let changes = history::log(store.conn(), record, a.limit)?;
    let rows = changes
        .iter()
        .map(|c| {
            let mut command = c.command.clone();
            if !c.conflicts.is_empty() {
                command.push_str(&format!(" ({})", text::count(c.conflicts.len(), "conflict")));
            }
            if c.undone {
                command.push_str(" (undone)");
            }
            vec![format!("#{}", c.id), c.at.clone(), command, c.records.join(" ")]
        })
        .collect();
    Listing { headers: &["CHANGE", "AT", "COMMAND", "RECORDS"], rows, records: &changes }
        .print(&app.ui, "no changes yet")?;
    conflicts(app, &changes)
}

/// Under the log, the conflicts its syncs resolved: which record and field, the
/// value kept and the one that lost (short; `pm sync conflicts` shows them whole).
fn conflicts(app: &App, changes: &[Change]) -> Result<()> {
    let rows: Vec<Vec<String>> = changes
        .iter()
        .flat_map(|c| c.conflicts.iter().map(move |k| (c.id, k)))
        .map(|(change, k)| {
            let mut lost = value(&k.lost);
            if k.restored.is_some() {
                lost.push_str(" (restored)");
            }
            vec![
                format!("#{change}"),
                k.conflict.to_string(),
                k.record.clone(),
                k.field.clone(),
                value(&k.kept),
                lost,
            ]
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let headers = ["CHANGE", "CONFLICT", "RECORD", "FIELD", "KEPT", "LOST"];
    let said = "Conflicts these syncs resolved; the losing values are kept:";
    let hint = "Put one back: pm sync conflicts --restore CONFLICT";
    match app.ui.format {
        Format::Table => {
            crate::ui::outln(&format!("\n{said}"))?;
            crate::ui::outln(&crate::ui::listing::table(&app.ui, &headers, &rows))?;
            crate::ui::say(hint);
            Ok(())
        }
        Format::Md => {
            crate::ui::outln(&format!("\n{said}\n"))?;
            crate::ui::outln(&crate::ui::listing::md_table(&headers, &rows))?;
            crate::ui::say(hint);
            Ok(())
        }
        // JSON has them in each change; CSV is the one table.
        _ => Ok(()),
    }
}

/// A field's value in a line: text as it is, other values as JSON; cut short.
fn value(v: &Option<serde_json::Value>) -> String {
    let whole = match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "(empty)".into(),
    };
    text::shorten(&text::one_line(&whole), 32)
}

/// A record given to `pm log`: any kind, and it may have been deleted since.
fn record(conn: &crate::store::Conn, given: &str) -> Result<(RecordKind, i64)> {
    for kind in [RecordKind::Note, RecordKind::Story, RecordKind::Checkin, RecordKind::Decision] {
        match ids::parse(given, kind) {
            Ok(IdRef::Local(n)) if given.trim().to_uppercase().starts_with(kind.prefix()) => {
                return Ok((kind, n));
            }
            Ok(IdRef::Uid(_)) => {
                if let Ok(n) = crate::store::resolve(conn, kind, given) {
                    return Ok((kind, n));
                }
            }
            _ => {}
        }
    }
    Err(Error::user(format!(
        "pm log: '{}' is not a record id (N12, S3, C4, D2) or a known uid",
        given.trim()
    )))
}

pub fn backup(app: &App, a: BackupArgs) -> Result<()> {
    let store = app.read()?;
    if store.path().is_none() {
        return Err(Error::user(format!("there is no notebook at {} to back up", app.db_path().display())));
    }
    let shown = a.file.display();
    let bar = crate::ui::progress::Progress::new("backing up", Some(100));
    let integrity = crate::store::backup(store.conn(), &a.file, &|done, total| {
        bar.at((done * 100).checked_div(total).unwrap_or(100))
    })
    .map_err(|e| Error { message: format!("backup to {shown}: {}", e.message), ..e })?;
    bar.finish();
    crate::ui::say(&format!("Backed up {} to {shown} (integrity: {integrity})", app.db_path().display()));
    Ok(())
}
