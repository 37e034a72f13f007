//! `pm meeting`: the meetings recorded with `pm report --record NAME`.

use crate::app::App;
use crate::error::{Error, Result};
use crate::store::meetings;
use crate::ui::listing::Listing;
use crate::ui::outln;

/// List, rename or remove recorded meetings (the baselines of the report's changes)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm report --record \"Q1 planning\"
  pm meeting list
  pm meeting rename \"Q1 planning\" \"Q1 kickoff\"
  pm meeting rm \"Q1 kickoff\"")]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// The meetings, oldest first
    List,
    /// Give a meeting another name
    Rename { old: String, new: String },
    /// Remove a meeting (its report and its place as a baseline)
    Rm { name: String },
}

pub fn run(app: &App, a: Args) -> Result<()> {
    match a.command {
        Sub::List => {
            let store = app.read()?;
            let found = meetings::list(store.conn())?;
            let rows = found
                .iter()
                .map(|m| {
                    vec![
                        m.at.get(..16).unwrap_or(&m.at).replace('T', " "),
                        if m.has_report { "yes".into() } else { "baseline only".into() },
                        m.name.clone(),
                    ]
                })
                .collect();
            Listing { headers: &["at", "report", "meeting"], rows, records: &found }
                .print(&app.ui, "No meetings yet (pm report --record NAME pins one).")
        }
        Sub::Rename { old, new } => {
            let new = crate::cli::report::meeting_name(app, &new)
                .map_err(|e| Error { message: e.message.replacen("--record", "NEW", 1), ..e })?;
            let mut store = app.write_existing()?;
            store.write("meeting rename", &app.stamp(), |tx| meetings::rename(tx, &old, &new))?;
            outln(&format!("Renamed the meeting '{}' to '{new}'", old.trim()))
        }
        Sub::Rm { name } => {
            let mut store = app.write_existing()?;
            store.write("meeting rm", &app.stamp(), |tx| meetings::rm(tx, &name))?;
            outln(&format!("Removed the meeting '{}'", name.trim()))
        }
    }
}
