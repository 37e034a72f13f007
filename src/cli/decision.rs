//! `pm decision`: what was decided, why, against which pillar and stories.

use super::input::{self, opt_text};
use crate::app::App;
use crate::domain::dates::Lean;
use crate::domain::ids::RecordKind;
use crate::domain::text::{one_line, printable};
use crate::error::{Error, Result};
use crate::store::{self, decisions, pillars, plans};
use crate::ui::listing::Listing;
use crate::ui::{Format, json, outln};

/// Record a decision (the default), or list them
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    flatten_help = true,
    after_help = "\
Examples:
  pm decision \"Payload calculator before range work\" --why \"hot-day payload loses deals now\" \\
              --pillar \"high altitude\" --story S1 --story S3
  pm decision list
  pm decision show D1
  pm decision confirm D1 --why \"still right on a hot day\"
  pm decision supersede D1 \"Range work first\" --why \"the charters moved to long routes\""
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
    /// A decision, the vision version it was taken under, and what became of it
    Show { id: String },
    /// Keep a decision taken under an earlier vision: it stands under the current one
    Confirm {
        id: String,
        /// Why it still stands
        #[arg(long)]
        why: Option<String>,
    },
    /// Replace a decision with a new one (same pillar and stories); the old one
    /// stays in the history, marked superseded
    Supersede {
        id: String,
        /// What is decided now
        text: String,
        /// Why it changed
        #[arg(long, required = true)]
        why: String,
    },
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
                        d.state.clone(),
                        match &d.why {
                            Some(w) => format!("{} (why: {w})", d.text),
                            None => d.text.clone(),
                        },
                    ]
                })
                .collect();
            Listing {
                headers: &["id", "on", "pillar", "stories", "state", "decision"],
                rows,
                records: &found,
            }
            .print(&app.ui, "No decisions.")
        }
        Some(Sub::Show { id }) => show(app, &id),
        Some(Sub::Confirm { id, why }) => {
            let why = opt_text(why);
            let mut store = app.write_existing()?;
            let n = store::resolve(store.conn(), RecordKind::Decision, &id)?;
            let d =
                decisions::get(store.conn(), n)?.ok_or_else(|| Error::user(format!("no decision '{id}'")))?;
            match d.state.as_str() {
                "superseded" => {
                    return Err(Error::user(format!(
                        "{} was superseded by {}; there is nothing to confirm",
                        d.id,
                        d.superseded_by.as_deref().unwrap_or("a later decision")
                    )));
                }
                "to revisit" => {}
                _ if decisions::latest_version(store.conn())?.is_none() => {
                    return Err(Error::user(format!(
                        "there is no vision yet, so {} has nothing to be confirmed against",
                        d.id
                    ))
                    .hint("pm vision set TEXT"));
                }
                _ => {
                    return Err(Error::user(format!(
                        "{} already stands under the current vision; there is nothing to confirm",
                        d.id
                    )));
                }
            }
            let now = app.stamp();
            store.write("decision confirm", &now, |tx| decisions::confirm(tx, n, why.as_deref(), &now))?;
            let version = decisions::latest_version(store.conn())?.unwrap_or(1);
            outln(&format!("Confirmed {} under vision version {version}: {}", d.id, one_line(&d.text)))
        }
        Some(Sub::Supersede { id, text, why }) => {
            let text = opt_text(Some(text)).ok_or_else(|| Error::user("a decision needs its TEXT"))?;
            let why =
                opt_text(Some(why)).ok_or_else(|| Error::user("--why: say why the decision changed"))?;
            let mut store = app.write_existing()?;
            let n = store::resolve(store.conn(), RecordKind::Decision, &id)?;
            let d =
                decisions::get(store.conn(), n)?.ok_or_else(|| Error::user(format!("no decision '{id}'")))?;
            if let Some(by) = &d.superseded_by {
                return Err(Error::user(format!("{} was already superseded by {by}", d.id))
                    .hint(format!("supersede {by} instead")));
            }
            let on = app.clock.today().format("%Y-%m-%d").to_string();
            let now = app.stamp();
            let new = store.write("decision supersede", &now, |tx| {
                decisions::supersede(tx, n, &store::new_uid(), &text, &why, &on, &now)
            })?;
            outln(&format!(
                "Recorded {} in place of {}: {}",
                RecordKind::Decision.display(new),
                d.id,
                one_line(&text)
            ))
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
                let pillar = a
                    .pillar
                    .as_deref()
                    .map(|p| pillars::find(tx, p).map_err(input::pillar_flag))
                    .transpose()?;
                let stories = input::ids(tx, RecordKind::Story, "--story", &a.stories)?;
                plans::add_decision(tx, &store::new_uid(), &text, why.as_deref(), pillar, &stories, &on, &now)
            })?;
            outln(&format!("Recorded {}: {}", RecordKind::Decision.display(id), one_line(&text)))
        }
    }
}

fn show(app: &App, id: &str) -> Result<()> {
    let store = app.read()?;
    let conn = store.conn();
    let n = store::resolve(conn, RecordKind::Decision, id)?;
    let d = decisions::get(conn, n)?.ok_or_else(|| Error::user(format!("no decision '{id}'")))?;
    if app.ui.format == Format::Json {
        return json(&d);
    }
    let md = app.ui.format == Format::Md;
    let text = |s: &str| if md { crate::domain::text::md_cell(s) } else { one_line(s) };
    let mut lines =
        vec![format!("{} · {}", d.id, d.on), if md { text(&d.text) } else { printable(&d.text, true) }];
    if let Some(w) = &d.why {
        lines.push(format!("Why: {}", text(w)));
    }
    let retired = match &d.pillar {
        Some(p) => pillars::find(conn, p).is_err(),
        None => false,
    };
    lines.push(format!(
        "Pillar: {}",
        match &d.pillar {
            Some(p) if retired => format!("{} (retired)", text(p)),
            Some(p) => text(p),
            None => "none".into(),
        }
    ));
    if !d.stories.is_empty() {
        lines.push(format!("Stories: {}", d.stories.join(", ")));
    }
    let latest = decisions::latest_version(conn)?;
    lines.push(match d.vision_version {
        Some(v) => format!(
            "Taken under vision version {v}: {}",
            text(&decisions::version_text(conn, v)?.unwrap_or_default())
        ),
        None => "Taken before there was a vision.".into(),
    });
    if let Some(v) = d.confirmed_under {
        let why = d.state_why.as_deref().map(|w| format!(": {}", text(w))).unwrap_or_default();
        lines.push(format!("Confirmed under version {v}{why}"));
    }
    if let Some(old) = &d.supersedes {
        lines.push(format!("Replaces {old}."));
    }
    lines.push(match d.state.as_str() {
        "to revisit" => format!(
            "State: to revisit: the vision changed since (now version {}). \
             Keep it with pm decision confirm {id}, or replace it with pm decision supersede {id} TEXT --why TEXT.",
            latest.unwrap_or(1),
            id = d.id
        ),
        "superseded" => {
            let by = match &d.superseded_by {
                Some(by) => decisions::get(conn, store::resolve(conn, RecordKind::Decision, by)?)?,
                None => None,
            };
            let why = by.as_ref().and_then(|b| b.why.as_deref()).map(|w| format!(" (why: {})", text(w)));
            format!("State: superseded by {}{}", d.superseded_by.as_deref().unwrap_or("?"), why.unwrap_or_default())
        }
        other => format!("State: {other}"),
    });
    if md {
        return outln(&lines.join("\n\n"));
    }
    // On a terminal each line wraps to the width, later lines indented under it.
    let width = app.ui.width as usize;
    let wrapped: Vec<String> = lines
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| crate::ui::width::wrap_prefixed(l, width, "", "  "))
        .collect();
    outln(&wrapped.join("\n"))
}
