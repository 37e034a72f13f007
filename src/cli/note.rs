//! `pm note`: capture evidence right after a conversation, and find it again.

use super::input::{self, opt_text};
use crate::app::App;
use crate::domain::dates::Lean;
use crate::domain::ids::RecordKind;
use crate::domain::note::{Note, Source, normalise_tag};
use crate::domain::text::{one_line, printable};
use crate::error::{Error, Result};
use crate::store;
use crate::store::notes::{self, NoteFields, NoteFilter};
use crate::ui::{Format, json, outln, prompt};

/// Add a note (the default), or list, show, edit and remove notes
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    flatten_help = true,
    after_help = "\
Examples:
  pm note \"Churned because exports take an hour\" --who \"Alice Ng\" --org Acme --segment smb \\
          --source interview --on yesterday --tag export --tag churn
  pbpaste | pm note --who Alice --source sales
  pm note list --since 2w --tag export
  pm note show N12"
)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    add: AddArgs,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// List notes, most recent conversation first
    List(ListArgs),
    /// Show one note in full
    Show { id: String },
    /// Change a note's fields; with none given on a terminal, edit the body in $EDITOR
    Edit(EditArgs),
    /// Delete notes (and their evidence links)
    Rm {
        #[arg(required = true)]
        ids: Vec<String>,
        /// Don't ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
}

/// The fields of a note.
#[derive(Debug, clap::Args)]
struct AddArgs {
    /// What was said; `-` or piped stdin reads it from stdin; on a terminal, omit it to use $EDITOR
    body: Option<String>,
    /// The person you heard it from
    #[arg(long)]
    who: Option<String>,
    /// Their organisation
    #[arg(long)]
    org: Option<String>,
    /// Their segment (smb, enterprise, ...)
    #[arg(long)]
    segment: Option<String>,
    /// interview, sales, support, analytics, survey, idea or other
    #[arg(long)]
    source: Option<String>,
    /// When the conversation happened (default today): 2026-11-20, yesterday, last fri, 3 days ago
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// A tag (repeat for more)
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// A story this note supports (repeat for more)
    #[arg(long = "story", value_name = "ID")]
    stories: Vec<String>,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// Conversations on or after DATE
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Conversations on or before DATE
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    #[arg(long)]
    who: Option<String>,
    #[arg(long)]
    org: Option<String>,
    #[arg(long)]
    segment: Option<String>,
    #[arg(long)]
    source: Option<String>,
    /// Notes linked to this story
    #[arg(long, value_name = "ID")]
    story: Option<String>,
    /// At most N notes
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

#[derive(Debug, clap::Args)]
struct EditArgs {
    id: String,
    /// New body (`-` reads stdin)
    #[arg(long)]
    body: Option<String>,
    #[arg(long)]
    who: Option<String>,
    #[arg(long)]
    org: Option<String>,
    #[arg(long)]
    segment: Option<String>,
    #[arg(long)]
    source: Option<String>,
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Add a tag (repeat for more)
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Remove a tag (repeat for more)
    #[arg(long = "untag", value_name = "TAG")]
    untags: Vec<String>,
}

pub fn run(app: &App, args: Args) -> Result<()> {
    match args.command {
        None => add(app, args.add),
        Some(Sub::List(a)) => list(app, a),
        Some(Sub::Show { id }) => show(app, &id),
        Some(Sub::Edit(a)) => edit(app, a),
        Some(Sub::Rm { ids, yes }) => rm(app, &ids, yes),
    }
}

fn add(app: &App, mut a: AddArgs) -> Result<()> {
    let body = if input::from_stdin(a.body.as_deref()) {
        input::read_stdin("note body")?
    } else if let Some(b) = a.body.take() {
        b
    } else if app.ui.interactive {
        ask_missing(&mut a)?;
        prompt::editor("")?.unwrap_or_default()
    } else {
        return Err(Error::user("a note needs a BODY")
            .hint("give it as an argument, pipe it on stdin, or run on a terminal"));
    };
    if body.trim().is_empty() {
        return Err(Error::user("the note body is empty; nothing was saved"));
    }
    let on = match &a.on {
        Some(v) => input::date(app, "--on", v, Lean::Past)?,
        None => app.clock.today().format("%Y-%m-%d").to_string(),
    };
    let fields = NoteFields {
        body,
        who: opt_text(a.who),
        org: opt_text(a.org),
        segment: opt_text(a.segment),
        source: source_flag(a.source.as_deref())?,
        on,
        tags: a.tags.iter().filter_map(|t| normalise_tag(t)).collect(),
    };
    let mut store = app.write()?;
    let now = app.stamp();
    let note = store.write("note add", &now, |tx| {
        let mut fields = fields.clone();
        resolve_names(tx, &mut fields)?;
        let story_ids = input::ids(tx, RecordKind::Story, "--story", &a.stories)?;
        crate::app::notes::add(tx, &fields, &story_ids, &now)
    })?;
    match app.ui.format {
        Format::Json => json(&note),
        _ => outln(&format!(
            "Added {} ({}{})",
            note.id,
            note.on,
            note.who.as_deref().map(|w| format!(", {}", one_line(w))).unwrap_or_default()
        )),
    }
}

/// On a terminal: ask for the fields that were not given as flags.
fn ask_missing(a: &mut AddArgs) -> Result<()> {
    if a.who.is_none() {
        a.who = prompt::text("Who said it", None, false)?;
    }
    if a.org.is_none() {
        a.org = prompt::text("Organisation", None, false)?;
    }
    if a.segment.is_none() {
        a.segment = prompt::text("Segment", None, false)?;
    }
    if a.source.is_none() {
        let i = prompt::select("Source", Source::NAMES, 0)?;
        a.source = Some(Source::ALL[i].to_string());
    }
    if a.tags.is_empty()
        && let Some(t) = prompt::text("Tags (comma-separated)", None, false)?
    {
        a.tags = t.split(',').map(String::from).collect();
    }
    Ok(())
}

/// `--who` and `--org` as the records they mean (see `person::resolve`).
fn resolve_names(tx: &store::Conn, f: &mut NoteFields) -> Result<()> {
    use crate::store::people::Kind;
    if let Some(o) = &f.org {
        f.org = Some(super::person::resolve(tx, Kind::Org, "--org", o)?);
    }
    if let Some(w) = &f.who {
        f.who = Some(super::person::resolve(tx, Kind::Person, "--who", w)?);
    }
    Ok(())
}

fn source_flag(v: Option<&str>) -> Result<Option<String>> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<Source>()
            .map(|s| Some(s.to_string()))
            .map_err(|e| Error::user(format!("--source: {e}"))),
    }
}

fn list(app: &App, a: ListArgs) -> Result<()> {
    a.limit.map(input::limit).transpose()?;
    let store = app.read()?;
    let filter = NoteFilter {
        since: a.since.as_deref().map(|v| input::date(app, "--since", v, Lean::Past)).transpose()?,
        until: a.until.as_deref().map(|v| input::date(app, "--until", v, Lean::Past)).transpose()?,
        tag: a.tag.as_deref().and_then(normalise_tag),
        who: opt_text(a.who)
            .map(|w| {
                super::person::resolve_filter(store.conn(), crate::store::people::Kind::Person, "--who", &w)
            })
            .transpose()?,
        org: opt_text(a.org)
            .map(|o| {
                super::person::resolve_filter(store.conn(), crate::store::people::Kind::Org, "--org", &o)
            })
            .transpose()?,
        segment: opt_text(a.segment),
        source: source_flag(a.source.as_deref())?,
        story: a
            .story
            .as_deref()
            .map(|s| store::resolve(store.conn(), RecordKind::Story, s).map_err(|e| e.on_flag("--story")))
            .transpose()?,
        limit: a.limit,
    };
    // People read tables and Markdown; spreadsheets and scripts get every field.
    let csv = app.ui.format == Format::Csv;
    let headers: &[&str] = if csv {
        &["id", "uid", "on", "who", "org", "segment", "source", "tags", "stories", "body", "created"]
    } else {
        &["id", "on", "who", "org", "source", "tags", "note"]
    };
    let cells = |n: &Note| -> Vec<String> {
        if csv {
            vec![
                n.id.clone(),
                n.uid.clone(),
                n.on.clone(),
                n.who.clone().unwrap_or_default(),
                n.org.clone().unwrap_or_default(),
                n.segment.clone().unwrap_or_default(),
                n.source.map(|s| s.to_string()).unwrap_or_default(),
                n.tags.join(";"),
                n.stories.join(";"),
                n.body.clone(),
                n.created.clone(),
            ]
        } else {
            vec![
                n.id.clone(),
                n.on.clone(),
                n.who.clone().unwrap_or_default(),
                n.org.clone().unwrap_or_default(),
                n.source.map(|s| s.to_string()).unwrap_or_default(),
                n.tags.join(", "),
                n.body.clone(),
            ]
        }
    };
    // Printed as SQLite reads the notes: `note list` of a million notes holds one.
    crate::ui::stream::listing(&app.ui, headers, "No notes.", |visit| {
        notes::each(store.conn(), &filter, "n.on_date DESC, n.id DESC", |n| visit(&n, cells(&n)))
    })
}

fn show(app: &App, id: &str) -> Result<()> {
    let store = app.read()?;
    let n = store::resolve(store.conn(), RecordKind::Note, id)?;
    let note = notes::get(store.conn(), n)?.ok_or_else(|| Error::user(format!("no note '{id}'")))?;
    match app.ui.format {
        Format::Json => json(&note),
        Format::Md => outln(&note_markdown(&note)),
        _ => outln(&note_text(&note)),
    }
}

fn people_line(n: &Note) -> String {
    let mut who = n.who.clone().unwrap_or_else(|| "(no one named)".into());
    let extra: Vec<&str> = [n.org.as_deref(), n.segment.as_deref()].into_iter().flatten().collect();
    if !extra.is_empty() {
        who.push_str(&format!(" ({})", extra.join(", ")));
    }
    one_line(&who)
}

fn note_text(n: &Note) -> String {
    let mut s = format!(
        "{}  {}  {}\nwho:     {}\n",
        n.id,
        n.on,
        n.source.map_or("-", Source::as_str),
        people_line(n)
    );
    if !n.tags.is_empty() {
        s.push_str(&format!("tags:    {}\n", one_line(&n.tags.join(", "))));
    }
    if !n.stories.is_empty() {
        s.push_str(&format!("stories: {}\n", n.stories.join(", ")));
    }
    s.push_str(&format!("uid:     {}\n\n{}", n.uid, printable(n.body.trim_end(), true)));
    s
}

fn note_markdown(n: &Note) -> String {
    use crate::domain::text::md_inert;
    let mut s = format!("## {} · {} · {}\n\n", n.id, n.on, md_inert(&people_line(n)));
    if let Some(src) = &n.source {
        s.push_str(&format!("- source: {src}\n"));
    }
    if !n.tags.is_empty() {
        s.push_str(&format!("- tags: {}\n", md_inert(&one_line(&n.tags.join(", ")))));
    }
    if !n.stories.is_empty() {
        s.push_str(&format!("- stories: {}\n", n.stories.join(", ")));
    }
    let quoted: Vec<String> =
        crate::domain::text::md_text(n.body.trim_end()).lines().map(|l| format!("> {l}")).collect();
    s.push_str(&format!("\n{}", quoted.join("\n")));
    s
}

fn edit(app: &App, a: EditArgs) -> Result<()> {
    let mut store = app.write_existing()?;
    let id = store::resolve(store.conn(), RecordKind::Note, &a.id)?;
    let mut f = notes::fields(store.conn(), id)?.ok_or_else(|| Error::user(format!("no note '{}'", a.id)))?;
    let any_flag = a.body.is_some()
        || a.who.is_some()
        || a.org.is_some()
        || a.segment.is_some()
        || a.source.is_some()
        || a.on.is_some()
        || !a.tags.is_empty()
        || !a.untags.is_empty();
    if !any_flag {
        if !app.ui.interactive {
            return Err(Error::user("nothing to change")
                .hint("give --body, --who, --org, --segment, --source, --on, --tag or --untag"));
        }
        match prompt::editor(&f.body)? {
            Some(b) if b.trim() != f.body.trim() => f.body = b,
            _ => return outln("No change."),
        }
    }
    if let Some(b) = a.body {
        f.body = if b == "-" { input::read_stdin("note body")? } else { b };
    }
    if f.body.trim().is_empty() {
        return Err(Error::user("--body: the note body cannot be empty"));
    }
    let (new_who, new_org) = (a.who.is_some(), a.org.is_some());
    if a.who.is_some() {
        f.who = opt_text(a.who);
    }
    if a.org.is_some() {
        f.org = opt_text(a.org);
    }
    if a.segment.is_some() {
        f.segment = opt_text(a.segment);
    }
    if a.source.is_some() {
        f.source = source_flag(a.source.as_deref())?;
    }
    if let Some(on) = &a.on {
        f.on = input::date(app, "--on", on, Lean::Past)?;
    }
    let untags: Vec<String> = a.untags.iter().filter_map(|t| normalise_tag(t)).collect();
    f.tags.retain(|t| !untags.contains(t));
    for t in a.tags.iter().filter_map(|t| normalise_tag(t)) {
        if !f.tags.contains(&t) {
            f.tags.push(t);
        }
    }
    let now = app.stamp();
    store.write("note edit", &now, |tx| {
        let mut f = f.clone();
        let (who, org) = (f.who.take(), f.org.take());
        // Only names given now are resolved: stored ones are already records' names.
        let mut given = NoteFields {
            who: who.clone().filter(|_| new_who),
            org: org.clone().filter(|_| new_org),
            ..NoteFields::default()
        };
        resolve_names(tx, &mut given)?;
        f.who = if new_who { given.who } else { who };
        f.org = if new_org { given.org } else { org };
        notes::update(tx, id, &f, &now)
    })?;
    outln(&format!("Updated {}", RecordKind::Note.display(id)))
}

fn rm(app: &App, ids: &[String], yes: bool) -> Result<()> {
    let mut store = app.write_existing()?;
    let resolved =
        ids.iter().map(|i| store::resolve(store.conn(), RecordKind::Note, i)).collect::<Result<Vec<_>>>()?;
    let shown: Vec<String> = resolved.iter().map(|n| RecordKind::Note.display(*n)).collect();
    if app.ui.interactive && !yes && !prompt::confirm(&format!("Delete {}?", shown.join(", ")), false)? {
        return outln("Nothing deleted.");
    }
    store.write("note rm", &app.stamp(), |tx| {
        for n in &resolved {
            notes::delete(tx, *n)?;
        }
        Ok(())
    })?;
    outln(&format!("Deleted {}", shown.join(", ")))
}
