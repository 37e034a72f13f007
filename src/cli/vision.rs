//! `pm vision`: the current statement, its pillars, and every earlier version.

use crate::app::App;
use crate::domain::text::{one_line, plural, printable};
use crate::error::{Error, Result};
use crate::store::{self, pillars, plans};
use crate::ui::listing::Listing;
use crate::ui::{Format, json, outln, prompt};
use serde::Serialize;

/// Set and show the vision and its pillars
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm vision set \"Denver to Honolulu on a hot day\" --why \"the charter market is where the growth is\"
  pm vision pillar add \"high altitude\" --description \"take off full from Denver in July\"
  pm vision show")]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Make TEXT the vision; the earlier version is kept
    Set {
        text: String,
        /// Why it changed
        #[arg(long)]
        why: Option<String>,
    },
    /// The statement, its pillars and how the stories spread over them
    Show,
    /// Every version, oldest first, with when and why it changed
    History,
    /// The named parts of the vision
    Pillar {
        #[command(subcommand)]
        command: PillarSub,
    },
}

#[derive(Debug, clap::Subcommand)]
enum PillarSub {
    /// Add a pillar
    Add {
        name: String,
        #[arg(long)]
        description: Option<String>,
    },
    /// List pillars with how many stories point at each
    List,
    /// Remove a pillar; its stories then point at no pillar
    Rm {
        name: String,
        /// Don't ask for confirmation when stories use it
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Serialize)]
struct Shown {
    vision: Option<plans::Vision>,
    pillars: Vec<plans::Pillar>,
    unaligned: i64,
}

pub fn run(app: &App, args: Args) -> Result<()> {
    match args.command {
        Sub::Set { text, why } => {
            let text = text.trim().to_string();
            if text.is_empty() {
                return Err(Error::user("the vision cannot be empty"));
            }
            let mut store = app.write()?;
            let now = app.stamp();
            let why = why.map(|w| w.trim().to_string()).filter(|w| !w.is_empty());
            store.write("vision set", &now, |tx| {
                plans::set_vision(tx, &store::new_uid(), &text, why.as_deref(), &now)
            })?;
            outln(&format!("Vision set: {}", one_line(&text)))
        }
        Sub::Show => {
            let store = app.read()?;
            let conn = store.conn();
            let shown = Shown {
                vision: plans::visions(conn)?.pop(),
                pillars: plans::pillars(conn)?,
                unaligned: conn.query_row(
                    "SELECT count(*) FROM stories WHERE pillar_id IS NULL AND merged_into IS NULL",
                    [],
                    |r| r.get(0),
                )?,
            };
            match app.ui.format {
                Format::Json => json(&shown),
                _ => {
                    let mut out = match &shown.vision {
                        Some(v) => {
                            format!("{}\n(since {}{})\n", printable(&v.text, true), &v.created[..10], why(v))
                        }
                        None => "No vision yet: pm vision set TEXT\n".to_string(),
                    };
                    let total: i64 = shown.pillars.iter().map(|p| p.stories).sum::<i64>() + shown.unaligned;
                    for p in &shown.pillars {
                        out.push_str(&format!(
                            "\n  {:<24} {:>4} stories {}",
                            one_line(&p.name),
                            p.stories,
                            bar(p.stories, total)
                        ));
                    }
                    out.push_str(&format!(
                        "\n  {:<24} {:>4} stories {}",
                        "(no pillar)",
                        shown.unaligned,
                        bar(shown.unaligned, total)
                    ));
                    outln(&out)
                }
            }
        }
        Sub::History => {
            let store = app.read()?;
            let versions = plans::visions(store.conn())?;
            let rows = versions
                .iter()
                .map(|v| vec![v.created[..10].to_string(), v.why.clone().unwrap_or_default(), v.text.clone()])
                .collect();
            Listing { headers: &["since", "why", "vision"], rows, records: &versions }
                .print(&app.ui, "No vision yet.")
        }
        Sub::Pillar { command } => pillar(app, command),
    }
}

fn why(v: &plans::Vision) -> String {
    v.why.as_deref().map(|w| format!(": {}", one_line(w))).unwrap_or_default()
}

/// A bar of `n` out of `total`, 20 characters at most.
pub fn bar(n: i64, total: i64) -> String {
    if total <= 0 {
        return String::new();
    }
    "█".repeat(((n as f64 / total as f64) * 20.0).round() as usize)
}

fn pillar(app: &App, command: PillarSub) -> Result<()> {
    match command {
        PillarSub::Add { name, description } => {
            let name = one_line(name.trim());
            if name.is_empty() {
                return Err(Error::user("a pillar needs a NAME"));
            }
            let mut store = app.write()?;
            if pillars::find(store.conn(), &name).is_ok() {
                return Err(Error::user(format!("there is already a pillar '{name}'")));
            }
            let now = app.stamp();
            store.write("pillar add", &now, |tx| {
                plans::add_pillar(tx, &store::new_uid(), &name, description.as_deref().map(str::trim), &now)
            })?;
            outln(&format!("Added pillar '{name}'"))
        }
        PillarSub::List => {
            let store = app.read()?;
            let list = plans::pillars(store.conn())?;
            let rows = list
                .iter()
                .map(|p| {
                    vec![p.name.clone(), p.stories.to_string(), p.description.clone().unwrap_or_default()]
                })
                .collect();
            Listing { headers: &["pillar", "stories", "description"], rows, records: &list }
                .print(&app.ui, "No pillars yet.")
        }
        PillarSub::Rm { name, yes } => {
            let mut store = app.write()?;
            let id = pillars::find(store.conn(), &name)?;
            let used: i64 = store.conn().query_row(
                "SELECT count(*) FROM stories WHERE pillar_id = ?1 AND merged_into IS NULL",
                [id],
                |r| r.get(0),
            )?;
            if used > 0 && !yes {
                let ok = app.ui.interactive
                    && prompt::confirm(
                        &format!("{} at '{}'; remove it anyway?", pointing(used), name.trim()),
                        false,
                    )?;
                if !ok {
                    return Err(Error::user(format!(
                        "{} at the pillar '{}'; nothing removed",
                        pointing(used),
                        name.trim()
                    ))
                    .hint("add --yes to remove it and leave them with no pillar"));
                }
            }
            store.write("pillar rm", &app.stamp(), |tx| plans::rm_pillar(tx, id))?;
            outln(&format!(
                "Removed pillar '{}' ({} now {} at no pillar)",
                name.trim(),
                plural(used, "story"),
                if used == 1 { "points" } else { "point" }
            ))
        }
    }
}

/// "1 story points", "2 stories point": the verb agrees too.
fn pointing(used: i64) -> String {
    format!("{} {}", plural(used, "story"), if used == 1 { "points" } else { "point" })
}
