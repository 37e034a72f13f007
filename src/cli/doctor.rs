//! `pm doctor`

use crate::app::App;
use crate::error::Result;
use crate::store::{self, schema};
use crate::ui::{Format, json, outln};
use serde::Serialize;
use std::collections::BTreeMap;

/// Show where the notebook is, its schema version, record counts and pending work; --full checks every page
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pm doctor --format json\n  pm doctor --full     # also read every page (SQLite's integrity check)"
)]
pub struct Args {
    /// Also run SQLite's integrity check over every page (seconds on a big notebook)
    #[arg(long)]
    full: bool,
}

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

/// What `integrity` says when the pages were not read (the everyday answer stays
/// instant whatever the notebook's size).
pub const NOT_CHECKED: &str = "not checked (pm doctor --full reads every page)";

pub fn run(app: &App, args: Args) -> Result<()> {
    let store = app.read()?;
    let exists = store.path().is_some();
    let report = Report {
        path: app.db_path().display().to_string(),
        exists,
        schema_version: if exists { schema::version(store.conn())? } else { 0 },
        counts: store::counts(store.conn())?.into_iter().collect(),
        integrity: if args.full {
            crate::ui::progress::Progress::during(store.conn(), "checking every page", || {
                store::integrity(store.conn())
            })?
        } else {
            NOT_CHECKED.to_string()
        },
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
