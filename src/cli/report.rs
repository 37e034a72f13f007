//! `pm report`: what a PM brings to a planning meeting.

use crate::app::App;
use crate::domain::dates::Lean;
use crate::error::{Error, Result};
use crate::report::{model, render};
use crate::ui::{Format, outln};

/// Print the planning report: vision, ranked stories, matrix, evidence, check-ins, decisions, changes, alignment
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm report
  pm report --since 2w --top 5
  pm report --format md --out planning.md")]
pub struct Args {
    /// Evidence, decisions and changes since DATE, or `last` (the previous report; the default once there is one)
    #[arg(long, value_name = "DATE|last")]
    since: Option<String>,
    /// How many ranked stories [default: report.top in the config, 10]
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Write the report to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
}

pub fn run(app: &App, a: Args) -> Result<()> {
    let mut store = app.write()?;
    let now = app.stamp();
    let previous = model::last_run(store.conn())?;
    let since = match a.since.as_deref().map(str::trim) {
        None | Some("last") => previous.clone(),
        Some(d) => Some(crate::cli::input::date(app, "--since", d, Lean::Past)?),
    };
    if a.since.as_deref() == Some("last") && previous.is_none() {
        crate::ui::warn("no earlier report: showing everything");
    }
    let top = a.top.unwrap_or(app.config.top);
    let report = if store.read_only()? {
        // A read-only notebook still gets its report; only this run is not remembered.
        crate::ui::warn("the notebook is read-only: this report is not recorded for the next one's changes");
        model::build(store.conn(), &app.settings, previous.is_some(), since.as_deref(), top, &now)?
    } else {
        store.write("report", &now, |tx| {
            let report = model::build(tx, &app.settings, previous.is_some(), since.as_deref(), top, &now)?;
            model::record(tx, &report)?;
            Ok(report)
        })?
    };
    let text = match app.ui.format {
        Format::Json => serde_json::to_string_pretty(&report)?,
        Format::Md => render::markdown(&report),
        Format::Table => render::terminal(&report, &app.ui),
        Format::Csv => {
            return Err(Error::user("--format: the report has no CSV form (use table, md or json)"));
        }
    };
    match a.out {
        Some(path) => {
            // Owner-only, like the notebook: the report names the people heard from.
            crate::store::write_private(&path, format!("{text}\n").as_bytes())
                .map_err(|e| Error::user(format!("--out: cannot write {}: {e}", path.display())))?;
            crate::ui::say(&format!("Wrote the report to {}", path.display()));
            Ok(())
        }
        None => outln(&text),
    }
}
