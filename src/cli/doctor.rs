//! `pm doctor`

use crate::app::App;
use crate::error::Result;
use crate::store::{self, schema};
use crate::ui::{Format, json, outln};
use serde::Serialize;
use std::collections::BTreeMap;

/// Show where the notebook is, its schema version, record counts and integrity
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  pm doctor --format json")]
pub struct Args {}

#[derive(Serialize)]
struct Report {
    path: String,
    exists: bool,
    schema_version: i64,
    counts: BTreeMap<&'static str, i64>,
    integrity: String,
    /// When a `pm forget` whose compaction was interrupted ran; the next writing
    /// command finishes it. Null when none is pending.
    compaction_pending: Option<String>,
}

pub fn run(app: &App, _args: Args) -> Result<()> {
    let store = app.read()?;
    let exists = store.path().is_some();
    let report = Report {
        path: app.db_path().display().to_string(),
        exists,
        schema_version: if exists { schema::version(store.conn())? } else { 0 },
        counts: store::counts(store.conn())?.into_iter().collect(),
        integrity: store::integrity(store.conn())?,
        compaction_pending: if exists { store::forget::pending(store.conn())? } else { None },
    };
    match app.ui.format {
        Format::Json => json(&report),
        _ => {
            let counts: Vec<String> = report
                .counts
                .iter()
                .map(|(k, v)| {
                    let one = match *k {
                        "stories" => "story",
                        "checkins" => "check-in",
                        k => k.strip_suffix('s').unwrap_or(k),
                    };
                    crate::domain::text::plural(*v, one)
                })
                .collect();
            outln(&format!(
                "path:            {}{}\nschema version:  {} (this pm writes {})\nrecords:         {}\nintegrity:       {}",
                crate::domain::text::one_line(&report.path),
                if exists { "" } else { " (not created yet)" },
                report.schema_version,
                schema::latest(),
                counts.join(", "),
                report.integrity
            ))?;
            if let Some(since) = &report.compaction_pending {
                outln(&format!(
                    "compaction:      pending since the `pm forget` of {since}: the forgotten name may still be in free pages; the next writing command finishes it"
                ))?;
            }
            Ok(())
        }
    }
}
