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
    let mut store = app.write_if_exists()?;
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
    let render = |report: &model::Report| -> Result<String> {
        Ok(match app.ui.format {
            Format::Json => serde_json::to_string_pretty(report)?,
            Format::Md => render::markdown(report),
            Format::Table => render::terminal(report, &app.ui),
            Format::Csv => {
                return Err(Error::user("--format: the report has no CSV form (use table, md or json)"));
            }
        })
    };
    // The file is written before the run is recorded: a report that could not be
    // written is not remembered as seen.
    let emit = |text: &str| -> Result<()> {
        match &a.out {
            // Owner-only, like the notebook: the report names the people heard from.
            Some(path) => {
                crate::ui::outfile::write("--out", path, format!("{text}\n").as_bytes(), app.db_path())
            }
            None => Ok(()),
        }
    };
    let text = if store.read_only()? || store.path().is_none() {
        // A read-only (or missing) notebook still gets its report; only this run is not remembered.
        if store.read_only()? {
            crate::ui::warn(
                "the notebook is read-only: this report is not recorded for the next one's changes",
            );
        }
        let report =
            model::build(store.conn(), &app.settings, previous.is_some(), since.as_deref(), top, &now)?;
        let text = render(&report)?;
        emit(&text)?;
        text
    } else {
        store.write("report", &now, |tx| {
            let report = model::build(tx, &app.settings, previous.is_some(), since.as_deref(), top, &now)?;
            model::record(tx, &report)?;
            let text = render(&report)?;
            emit(&text)?;
            Ok(text)
        })?
    };
    match &a.out {
        Some(path) => {
            crate::ui::say(&format!("Wrote the report to {}", path.display()));
            Ok(())
        }
        None => outln(&text),
    }
}
