//! `pm checkin`: scheduled points with developers, their stories and outcomes.

use super::input::{self, opt_text};
use crate::app::App;
use crate::domain::dates::{self, Lean};
use crate::domain::ids::RecordKind;
use crate::error::{Error, Result};
use crate::store::{self, plans};
use crate::ui::listing::Listing;
use crate::ui::{Format, json, outln};
use chrono::{DateTime, NaiveTime};

/// Schedule a check-in (the default), list them, or record an outcome
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    flatten_help = true,
    after_help = "\
Examples:
  pm checkin \"Payload calculator spike\" --with \"Dana, Eli\" --at \"next tue 10:00\" --story S1
  pm checkin list --upcoming
  pm checkin done C1 --outcome \"spike works up to 8,000 ft; plan it\""
)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    add: AddArgs,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// What it is about
    topic: Option<String>,
    /// Who takes part
    #[arg(long, value_name = "WHO")]
    with: Option<String>,
    /// When: 2026-11-24 10:00, tomorrow 10:00, next tue 9am, in 2 weeks
    #[arg(long, value_name = "DATETIME")]
    at: Option<String>,
    /// A story it is about (repeat for more)
    #[arg(long = "story", value_name = "ID")]
    stories: Vec<String>,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// List check-ins
    List {
        /// Only those still to come
        #[arg(long, conflicts_with = "past")]
        upcoming: bool,
        /// Only those done or gone by
        #[arg(long)]
        past: bool,
    },
    /// Mark a check-in held, with what came of it
    Done {
        id: String,
        #[arg(long)]
        outcome: Option<String>,
    },
}

pub fn run(app: &App, args: Args) -> Result<()> {
    match args.command {
        None => add(app, args.add),
        Some(Sub::List { upcoming, past }) => list(
            app,
            if upcoming {
                Some("upcoming")
            } else if past {
                Some("past")
            } else {
                None
            },
        ),
        Some(Sub::Done { id, outcome }) => done(app, &id, opt_text(outcome)),
    }
}

fn add(app: &App, a: AddArgs) -> Result<()> {
    let topic = opt_text(a.topic).ok_or_else(|| Error::user("a check-in needs a TOPIC"))?;
    let with = opt_text(a.with).ok_or_else(|| Error::user("--with: say who takes part"))?;
    let at_text = a.at.ok_or_else(|| Error::user("--at: say when (e.g. \"next tue 10:00\")"))?;
    let at = dates::parse_datetime(
        &at_text,
        app.clock.now(),
        Lean::Future,
        NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
    )
    .map_err(|e| Error::user(format!("--at: {e}")))?;
    let mut store = app.write()?;
    let now = app.stamp();
    let c = store.write("checkin add", &now, |tx| {
        let with = super::person::people_named(tx, "--with", &with, &now)?;
        let stories = input::ids(tx, RecordKind::Story, "--story", &a.stories)?;
        let id = plans::add_checkin(
            tx,
            &store::new_uid(),
            &topic,
            &with,
            &crate::clock::stamp(at),
            &stories,
            &now,
        )?;
        Ok(RecordKind::Checkin.display(id))
    })?;
    outln(&format!(
        "Added {c}: {} with {} at {}",
        crate::domain::text::one_line(&topic),
        crate::domain::text::one_line(&with),
        at.format("%Y-%m-%d %H:%M")
    ))
}

/// A stored UTC time shown in the clock's offset.
pub fn local(app: &App, stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(app.clock.now().offset()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| stamp.to_string())
}

fn list(app: &App, filter: Option<&str>) -> Result<()> {
    let store = app.read()?;
    let found = plans::checkins(store.conn(), filter, &app.stamp())?;
    let rows = found
        .iter()
        .map(|c| {
            vec![
                c.id.clone(),
                local(app, &c.at),
                c.with.clone(),
                c.stories.join(", "),
                if c.done { "done".into() } else { String::new() },
                match &c.outcome {
                    Some(o) => format!("{} → {o}", c.topic),
                    None => c.topic.clone(),
                },
            ]
        })
        .collect();
    Listing { headers: &["id", "at", "with", "stories", "done", "topic"], rows, records: &found }
        .print(&app.ui, "No check-ins.")
}

fn done(app: &App, id: &str, outcome: Option<String>) -> Result<()> {
    let mut store = app.write_existing()?;
    let n = store::resolve(store.conn(), RecordKind::Checkin, id)?;
    let now = app.stamp();
    store.write("checkin done", &now, |tx| plans::finish_checkin(tx, n, outcome.as_deref(), &now))?;
    match app.ui.format {
        Format::Json => {
            json(&serde_json::json!({"id": RecordKind::Checkin.display(n), "done": true, "outcome": outcome}))
        }
        _ => outln(&format!("{} done", RecordKind::Checkin.display(n))),
    }
}
