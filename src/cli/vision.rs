//! `pm vision`: the current statement, its pillars, and every earlier version.

use crate::app::App;
use crate::domain::text::one_line;
use crate::error::{Error, Result};
use crate::report::{vision as summary, vision_render};
use crate::store::{self, pillars, plans};
use crate::ui::listing::Listing;
use crate::ui::{Format, json, outln, prompt};

/// Set and show the vision and its pillars
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm vision set \"Denver to Honolulu on a hot day\" --why \"the charter market is where the growth is\"
  pm vision pillar add \"high altitude\" --description \"take off full from Denver in July\"
  pm vision show --format md
  pm vision pillar edit \"high altitude\" --name \"hot-day payload\"
  pm vision pillar retire \"extended range\"")]
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
    /// The vision summary: the statement and its history; per pillar its stories,
    /// evidence, decisions and share of the ranked work; what points at no pillar;
    /// pillars nobody works on or asked for; decisions to revisit
    Show,
    /// Every version, oldest first, with when and why it changed, and the
    /// pillars' changes beside them
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
    /// Rename a pillar or describe it anew; its stories and decisions follow
    Edit {
        name: String,
        /// Its new name
        #[arg(long = "name", value_name = "NEW")]
        new_name: Option<String>,
        /// Its new description (empty to clear it)
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
    /// Retire a pillar: it takes no new work; its stories and decisions keep it
    /// in their history and count as pointing at no current pillar
    Retire { name: String },
    /// Remove a pillar; its stories then point at no pillar
    Rm {
        name: String,
        /// Don't ask for confirmation when stories use it
        #[arg(long, short)]
        yes: bool,
    },
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
            outln(&format!("Vision set: {}", one_line(&text)))?;
            // The decisions this change puts in question, said once, where the PM is looking.
            let stale = crate::store::decisions::to_revisit(store.conn())?;
            if !stale.is_empty() {
                let mut ids = stale.iter().take(8).map(|d| d.id.as_str()).collect::<Vec<_>>().join(", ");
                if stale.len() > 8 {
                    ids.push_str(&format!(" and {} more (pm vision show lists them)", stale.len() - 8));
                }
                crate::ui::say(&format!(
                    "{} taken under an earlier vision to revisit: {ids}. Keep one: pm decision confirm ID; \
                     replace one: pm decision supersede ID TEXT --why TEXT",
                    vision_render::count(stale.len(), "decision", "decisions"),
                ));
            }
            Ok(())
        }
        Sub::Show => {
            let store = app.read()?;
            let shown = summary::build(store.conn(), &app.settings)?;
            match app.ui.format {
                Format::Json => json(&shown),
                Format::Md => outln(&vision_render::markdown(&shown)),
                Format::Table => outln(&vision_render::terminal(&shown, app.ui.width as usize)),
                Format::Csv | Format::Html => Err(Error::user(
                    "--format: the vision summary has no CSV or HTML form (use table, md or json)",
                )),
            }
        }
        Sub::History => {
            let store = app.read()?;
            let versions = plans::visions(store.conn())?;
            // Statements and the pillars' changes beside them, oldest first; the
            // JSON stays the list of versions (`pm vision show` has both).
            let mut rows: Vec<(String, Vec<String>)> = versions
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let why = v.why.as_deref().map(|w| format!(" (why: {w})")).unwrap_or_default();
                    let row = vec![
                        crate::domain::dates::day(&v.created).to_string(),
                        (i + 1).to_string(),
                        format!("{}{why}", v.text),
                    ];
                    (v.created.clone(), row)
                })
                .collect();
            for e in pillars::history(store.conn())? {
                let change = vision_render::pillar_change(&e, &|t: &str| t.to_string());
                rows.push((
                    e.at.clone(),
                    vec![crate::domain::dates::day(&e.at).to_string(), String::new(), change],
                ));
            }
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            let rows = rows.into_iter().map(|(_, row)| row).collect();
            Listing { headers: &["since", "version", "change"], rows, records: &versions }
                .print(&app.ui, "No vision yet.")
        }
        Sub::Pillar { command } => pillar(app, command),
    }
}

fn pillar(app: &App, command: PillarSub) -> Result<()> {
    match command {
        PillarSub::Add { name, description } => {
            // Tabs and runs of spaces fold to one space, as lookups compare names; stored
            // in NFC, so one pillar prints and exports alike whichever form it was typed in.
            let name = nfc(&one_line(&name.split_whitespace().collect::<Vec<_>>().join(" ")));
            if name.is_empty() {
                return Err(Error::user("a pillar needs a NAME"));
            }
            let mut store = app.write()?;
            if pillars::find_any(store.conn(), &name).is_ok() {
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
                    let name = match &p.retired {
                        Some(when) => format!("{} (retired {})", p.name, crate::domain::dates::day(when)),
                        None => p.name.clone(),
                    };
                    vec![name, p.stories.to_string(), p.description.clone().unwrap_or_default()]
                })
                .collect();
            Listing { headers: &["pillar", "stories", "description"], rows, records: &list }
                .print(&app.ui, "No pillars yet.")
        }
        PillarSub::Rm { name, yes } => {
            let mut store = app.write_existing()?;
            let id = pillars::find_any(store.conn(), &name).map_err(unknown)?;
            let used = pillars::story_count(store.conn(), id)?;
            if used > 0 && !yes {
                let ok = app.ui.interactive
                    && prompt::confirm(
                        &format!("{} at '{}'; remove it anyway?", stories_point(used), name.trim()),
                        false,
                    )?;
                if !ok {
                    return Err(Error::user(format!(
                        "{} at the pillar '{}'; nothing removed",
                        stories_point(used),
                        name.trim()
                    ))
                    .hint("add --yes to remove it and leave them with no pillar, or retire it: pm vision pillar retire NAME"));
                }
            }
            store.write("pillar rm", &app.stamp(), |tx| plans::rm_pillar(tx, id))?;
            outln(&format!(
                "Removed pillar '{}' ({} now {} at no pillar)",
                name.trim(),
                vision_render::count(used as usize, "story", "stories"),
                if used == 1 { "points" } else { "point" }
            ))
        }
        PillarSub::Edit { name, new_name, description } => {
            let new_name = new_name.map(|n| nfc(&one_line(n.trim())));
            if new_name.is_none() && description.is_none() {
                return Err(Error::user("nothing to change: give --name NEW or --description TEXT"));
            }
            if new_name.as_deref() == Some("") {
                return Err(Error::user("--name: a pillar's name cannot be empty"));
            }
            let mut store = app.write_existing()?;
            let id = pillars::find_any(store.conn(), &name).map_err(unknown)?;
            if let Some(new) = &new_name
                && let Ok(other) = pillars::find_any(store.conn(), new)
                && other != id
            {
                return Err(Error::user(format!("--name: there is already a pillar '{new}'")));
            }
            let description = description.map(|d| d.trim().to_string());
            let now = app.stamp();
            store.write("pillar edit", &now, |tx| {
                if let Some(new) = &new_name {
                    pillars::rename(tx, id, new, &now)?;
                }
                if let Some(d) = &description {
                    pillars::describe(tx, id, Some(d.as_str()).filter(|d| !d.is_empty()), &now)?;
                }
                Ok(())
            })?;
            let mut said = Vec::new();
            if let Some(new) = &new_name {
                said.push(format!("renamed '{new}'"));
            }
            if description.is_some() {
                said.push("described anew".to_string());
            }
            outln(&format!("Pillar '{}' {}", name.trim(), said.join(" and ")))
        }
        PillarSub::Retire { name } => {
            let mut store = app.write_existing()?;
            let id = pillars::find_any(store.conn(), &name).map_err(unknown)?;
            if let Some(row) = pillars::all(store.conn())?.into_iter().find(|p| p.id == id)
                && let Some(when) = row.retired
            {
                return Err(Error::user(format!(
                    "the pillar '{}' was already retired on {}",
                    row.name,
                    crate::domain::dates::day(&when)
                )));
            }
            let used = pillars::story_count(store.conn(), id)?;
            let now = app.stamp();
            store.write("pillar retire", &now, |tx| pillars::retire(tx, id, &now))?;
            if used == 0 {
                return outln(&format!("Retired pillar '{}' (no story pointed at it)", name.trim()));
            }
            let (keep, its, point) =
                if used == 1 { ("keeps", "its", "points") } else { ("keep", "their", "point") };
            outln(&format!(
                "Retired pillar '{}' ({} {keep} it in {its} history and now {point} at no current pillar)",
                name.trim(),
                vision_render::count(used as usize, "story", "stories")
            ))
        }
    }
}

/// "1 story points" / "3 stories point".
fn stories_point(n: i64) -> String {
    format!(
        "{} {}",
        vision_render::count(n as usize, "story", "stories"),
        if n == 1 { "points" } else { "point" }
    )
}

/// `s` in Unicode NFC: the form pillar names are stored in.
fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

/// A pillar named as an argument that the store does not know: how to add one.
fn unknown(e: Error) -> Error {
    e.user_hint("add one with pm vision pillar add NAME")
}
