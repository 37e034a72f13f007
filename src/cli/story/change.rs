//! Changing stories: edit, rm, score, status, link, unlink, merge.

use super::NumberArgs;
use crate::app::App;
use crate::cli::input::opt_text;
use crate::domain::ids::RecordKind;
use crate::domain::jobstory;
use crate::domain::score;
use crate::domain::story::{Status, StoryRow};
use crate::domain::text::one_line;
use crate::error::{Error, Result};
use crate::store::stories::{self, StoryFields};
use crate::store::{self, Store, pillars};
use crate::ui::{outln, prompt};

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    id: String,
    /// Replace the original request text
    #[arg(long)]
    request: Option<String>,
    #[arg(long, value_name = "SITUATION")]
    when: Option<String>,
    #[arg(long, value_name = "MOTIVATION")]
    want: Option<String>,
    #[arg(long, value_name = "OUTCOME")]
    so: Option<String>,
    #[arg(long)]
    actor: Option<String>,
    #[arg(long, value_name = "WHO")]
    from: Option<String>,
    /// A short title for tables ("" to draft one from the words again)
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The pillar it serves ("" for none)
    #[arg(long, value_name = "NAME")]
    pillar: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    id: String,
    #[command(flatten)]
    numbers: NumberArgs,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    id: String,
    /// idea, planned, doing, shipped or dropped
    status: String,
    /// Why (required for dropped)
    #[arg(long)]
    why: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    id: String,
    #[arg(required = true, value_name = "NOTE_ID")]
    notes: Vec<String>,
    /// 0 not important, 1 nice to have, 2 important, 3 critical
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(0..=3))]
    importance: u8,
    /// The customer's words in the note that make the case (one note only); the report quotes it first
    #[arg(long, value_name = "TEXT")]
    quote: Option<String>,
}

fn story(store: &Store, id: &str) -> Result<StoryRow> {
    let n = store::resolve(store.conn(), RecordKind::Story, id)?;
    stories::get(store.conn(), n)?.ok_or_else(|| Error::user(format!("no story '{id}'")))
}

/// A story that may still change: one merged into another lives on only as the
/// record of its request, so its evidence, numbers and status are the kept one's.
pub(super) fn live(store: &Store, id: &str) -> Result<StoryRow> {
    let row = story(store, id)?;
    match row.merged_into {
        Some(m) => {
            let into = RecordKind::Story.display(m);
            Err(Error::user(format!("{} is merged into {into}: change {into} instead", row.display_id()))
                .hint(format!("`pm story show {into}`")))
        }
        None => Ok(row),
    }
}

pub fn edit(app: &App, a: EditArgs) -> Result<()> {
    let mut store = app.write_existing()?;
    let row = live(&store, &a.id)?;
    let pillar_id = match a.pillar.as_deref().map(str::trim) {
        None => row.pillar.as_deref().map(|p| pillars::find_any(store.conn(), p)).transpose()?,
        Some("") => None,
        Some(p) => Some(pillars::find(store.conn(), p).map_err(crate::cli::input::pillar_flag)?),
    };
    let mut f = StoryFields {
        request: row.request.clone(),
        clauses: row.clauses.clone(),
        requested_by: row.requested_by.clone(),
        pillar_id,
        title: row.title.clone(),
    };
    let clean = |s: String| Some(jobstory::clean_clause(&s)).filter(|s| !s.is_empty());
    let any = [&a.request, &a.when, &a.want, &a.so, &a.actor, &a.from, &a.pillar, &a.title]
        .iter()
        .any(|x| x.is_some());
    if !any {
        if !app.ui.interactive {
            return Err(Error::user("nothing to change")
                .hint("give --request, --when, --want, --so, --actor, --from, --title or --pillar"));
        }
        f.clauses.when = prompt::text("When (the situation)", f.clauses.when.as_deref(), false)?;
        f.clauses.want = prompt::text("I want to (the motivation)", f.clauses.want.as_deref(), false)?;
        f.clauses.so = prompt::text("so I can (the outcome)", f.clauses.so.as_deref(), false)?;
    }
    if let Some(r) = a.request {
        if r.trim().is_empty() {
            return Err(Error::user("--request: the original request cannot be empty"));
        }
        f.request = r.trim().to_string();
    }
    if let Some(w) = a.when {
        f.clauses.when = clean(w);
    }
    if let Some(w) = a.want {
        f.clauses.want = clean(w);
    }
    if let Some(s) = a.so {
        f.clauses.so = clean(s);
    }
    if a.actor.is_some() {
        f.clauses.actor = opt_text(a.actor);
    }
    let new_from = a.from.is_some();
    if new_from {
        f.requested_by = opt_text(a.from);
    }
    if a.title.is_some() {
        f.title = opt_text(a.title);
    }
    let now = app.stamp();
    store.write("story edit", &now, |tx| {
        let mut f = f.clone();
        if new_from && let Some(by) = &f.requested_by {
            f.requested_by = Some(crate::cli::person::person_named(tx, "--from", by, &now)?);
        }
        stories::update(tx, row.id, &f, &now)
    })?;
    outln(&format!("Updated {}: {}", row.display_id(), one_line(&jobstory::render(&f.clauses))))
}

pub fn rm(app: &App, ids: &[String], yes: bool) -> Result<()> {
    let mut store = app.write_existing()?;
    let rows = ids.iter().map(|i| story(&store, i)).collect::<Result<Vec<_>>>()?;
    let shown: Vec<String> = rows.iter().map(StoryRow::display_id).collect();
    if app.ui.interactive && !yes && !prompt::confirm(&format!("Delete {}?", shown.join(", ")), false)? {
        return outln("Nothing deleted.");
    }
    store.write("story rm", &app.stamp(), |tx| {
        for r in &rows {
            stories::delete(tx, r.id)?;
        }
        Ok(())
    })?;
    outln(&format!("Deleted {}", shown.join(", ")))
}

pub fn score(app: &App, a: ScoreArgs) -> Result<()> {
    let mut store = app.write_existing()?;
    let row = story(&store, &a.id)?;
    let mut inputs = row.inputs;
    if a.numbers.apply(&mut inputs, app)? {
        live(&store, &a.id)?;
        let now = app.stamp();
        store.write("story score", &now, |tx| stories::set_inputs(tx, row.id, &inputs, &now))?;
    }
    let x = score::explain(&inputs, &row.evidence, &app.settings);
    let mut out = format!(
        "{}  score {}\n{}",
        row.display_id(),
        x.score.map(score::fmt).unwrap_or_else(|| "none yet".into()),
        x.sentence()
    );
    for p in &x.parts {
        out.push_str(&format!("\n  {:<12}{}", p.name, crate::ui::next_step::part_from(&row.display_id(), p)));
    }
    outln(&out)
}

pub fn status(app: &App, a: StatusArgs) -> Result<()> {
    let status = a.status.parse::<Status>().map_err(Error::user)?;
    let why = opt_text(a.why);
    if status == Status::Dropped && why.is_none() {
        return Err(Error::user("--why: say why the story is dropped")
            .hint("pm story status ID dropped --why \"...\""));
    }
    let mut store = app.write_existing()?;
    let row = live(&store, &a.id)?;
    let now = app.stamp();
    store.write("story status", &now, |tx| stories::set_status(tx, row.id, status, why.as_deref(), &now))?;
    outln(&format!("{}: {} → {}", row.display_id(), row.status, status))
}

fn notes(store: &Store, ids: &[String]) -> Result<Vec<i64>> {
    ids.iter().map(|n| store::resolve(store.conn(), RecordKind::Note, n)).collect()
}

pub fn link(app: &App, a: LinkArgs) -> Result<()> {
    let quote = opt_text(a.quote.as_deref().map(one_line));
    if a.quote.is_some() && quote.is_none() {
        return Err(Error::user("--quote: the quote is empty"));
    }
    if quote.is_some() && a.notes.len() > 1 {
        return Err(Error::user("--quote: a quote is from one note; link the others separately"));
    }
    let mut store = app.write_existing()?;
    let row = live(&store, &a.id)?;
    let notes = notes(&store, &a.notes)?;
    let now = app.stamp();
    store.write("story link", &now, |tx| {
        crate::app::stories::link(tx, row.id, &notes, a.importance, quote.as_deref(), &now)
    })?;
    let shown: Vec<String> = notes.iter().map(|n| RecordKind::Note.display(*n)).collect();
    outln(&format!("Linked {} to {} (importance {})", shown.join(", "), row.display_id(), a.importance))
}

pub fn unlink(app: &App, id: &str, note_ids: &[String]) -> Result<()> {
    let mut store = app.write_existing()?;
    let row = live(&store, id)?;
    let notes = notes(&store, note_ids)?;
    store.write("story unlink", &app.stamp(), |tx| {
        for n in &notes {
            if !stories::unlink(tx, row.id, *n)? {
                return Err(Error::user(format!(
                    "{} is not linked to {}",
                    RecordKind::Note.display(*n),
                    row.display_id()
                )));
            }
        }
        Ok(())
    })?;
    let shown: Vec<String> = notes.iter().map(|n| RecordKind::Note.display(*n)).collect();
    outln(&format!("Unlinked {} from {}", shown.join(", "), row.display_id()))
}

pub fn merge(app: &App, duplicate: &str, into: &str) -> Result<()> {
    let mut store = app.write_existing()?;
    let dup = story(&store, duplicate)?;
    let keep = story(&store, into)?;
    if dup.id == keep.id {
        return Err(Error::user(format!("cannot merge {} into itself", dup.display_id())));
    }
    for s in [&dup, &keep] {
        if let Some(m) = s.merged_into {
            return Err(Error::user(format!(
                "{} is already merged into {}",
                s.display_id(),
                RecordKind::Story.display(m)
            )));
        }
    }
    let now = app.stamp();
    store.write("story merge", &now, |tx| stories::merge(tx, dup.id, keep.id, &now))?;
    outln(&format!(
        "Merged {} into {} ({} moved; its request is kept on {})",
        dup.display_id(),
        keep.display_id(),
        crate::domain::text::plural(dup.evidence.notes, "evidence note"),
        keep.display_id()
    ))
}
