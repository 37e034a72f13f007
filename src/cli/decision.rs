//! `pm decision`: what was decided, why, against which pillar and stories.

use super::input::{self, opt_text};
use crate::app::App;
use crate::domain::dates::Lean;
use crate::domain::ids::RecordKind;
use crate::domain::text::one_line;
use crate::error::{Error, Result};
use crate::store::{self, pillars, plans};
use crate::ui::listing::Listing;
use crate::ui::outln;

/// Record a decision (the default), or list them
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    flatten_help = true,
    after_help = "\
Examples:
  pm decision \"Payload calculator before range work\" --why \"hot-day payload loses deals now\" \\
              --pillar \"high altitude\" --story S1 --story S3
  pm decision list"
)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    add: AddArgs,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// What was decided
    text: Option<String>,
    /// Why
    #[arg(long)]
    why: Option<String>,
    /// The pillar it serves
    #[arg(long, value_name = "NAME")]
    pillar: Option<String>,
    /// A story it concerns (repeat for more)
    #[arg(long = "story", value_name = "ID")]
    stories: Vec<String>,
    /// When it was decided (default today)
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// List decisions, newest first
    List,
}

pub fn run(app: &App, args: Args) -> Result<()> {
    match args.command {
        Some(Sub::List) => {
            let store = app.read()?;
            let found = plans::decisions(store.conn(), None)?;
            let rows = found
                .iter()
                .map(|d| {
                    vec![
                        d.id.clone(),
                        d.on.clone(),
                        d.pillar.clone().unwrap_or_default(),
                        d.stories.join(", "),
                        match &d.why {
                            Some(w) => format!("{} (why: {w})", d.text),
                            None => d.text.clone(),
                        },
                    ]
                })
                .collect();
            Listing { headers: &["id", "on", "pillar", "stories", "decision"], rows, records: &found }
                .print(&app.ui, "No decisions.")
        }
        None => {
            let a = args.add;
            let text = opt_text(a.text).ok_or_else(|| Error::user("a decision needs its TEXT"))?;
            let on = match &a.on {
                Some(v) => input::date(app, "--on", v, Lean::Past)?,
                None => app.clock.today().format("%Y-%m-%d").to_string(),
            };
            let why = opt_text(a.why);
            let mut store = app.write()?;
            let now = app.stamp();
            let id = store.write("decision add", &now, |tx| {
                let pillar = a.pillar.as_deref().map(|p| pillars::find(tx, p)).transpose()?;
                let stories = input::ids(tx, RecordKind::Story, "--story", &a.stories)?;
                plans::add_decision(tx, &store::new_uid(), &text, why.as_deref(), pillar, &stories, &on, &now)
            })?;
            outln(&format!("Recorded {}: {}", RecordKind::Decision.display(id), one_line(&text)))
        }
    }
}
