//! `pm story [REQUEST]`: rewrite a request as a job story and store it.

use super::NumberArgs;
use crate::app::{self, App, stories::NewStory};
use crate::cli::input::{self, opt_text};
use crate::domain::ids::RecordKind;
use crate::domain::jobstory::{self, Clauses};
use crate::domain::score::Inputs;
use crate::domain::text::one_line;
use crate::error::{Error, Result};
use crate::store::pillars;
use crate::store::stories::StoryFields;
use crate::ui::{self, Format, json, outln, prompt};

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The request in the words it came in ("Add CSV export!"), kept verbatim; `-` reads stdin
    request: Option<String>,
    /// The situation that triggers the need: "When ..."
    #[arg(long, value_name = "SITUATION")]
    when: Option<String>,
    /// The motivation: "I want to ..."
    #[arg(long, value_name = "MOTIVATION")]
    want: Option<String>,
    /// The expected outcome: "so I can ..."
    #[arg(long, value_name = "OUTCOME")]
    so: Option<String>,
    /// The role a user story named ("As a PM ...")
    #[arg(long)]
    actor: Option<String>,
    /// A short title for tables [default: drafted from the request]
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Who asked for it
    #[arg(long, value_name = "WHO")]
    from: Option<String>,
    /// The vision pillar it serves
    #[arg(long, value_name = "NAME")]
    pillar: Option<String>,
    /// A note that backs it (repeat for more)
    #[arg(long = "evidence", value_name = "NOTE_ID")]
    evidence: Vec<String>,
    #[command(flatten)]
    numbers: NumberArgs,
}

pub fn run(app: &App, a: AddArgs) -> Result<()> {
    let request = if input::from_stdin(a.request.as_deref()) {
        input::read_stdin("request")?
    } else if let Some(r) = a.request.clone() {
        r
    } else if app.ui.interactive {
        prompt::text("Request (as it came in)", None, false)?.unwrap_or_default()
    } else {
        String::new()
    };
    let request = request.trim().to_string();
    let mut draft = jobstory::draft(&request);
    draft.problems = crate::ui::next_step::clause_problems(draft.problems);
    let drafted = jobstory::Clauses {
        when: draft.when.clone(),
        want: draft.want.clone(),
        so: draft.so.clone(),
        actor: draft.actor.clone(),
    };
    // "Great app!", "The export takes an hour": say why nothing was drafted as the motivation.
    let request_problems: Vec<String> = draft
        .problems
        .iter()
        .filter(|p| a.want.is_none() && ["no-request", "complaint"].contains(&p.code))
        .map(|p| format!("{} [{}]", p.message, p.code))
        .collect();
    let mut clauses = Clauses {
        when: a.when.clone().map(|s| jobstory::clean_clause(&s)).or(drafted.when.clone()),
        want: a.want.clone().map(|s| jobstory::clean_clause(&s)).or(drafted.want.clone()),
        so: a.so.clone().map(|s| jobstory::clean_clause(&s)).or(drafted.so.clone()),
        actor: opt_text(a.actor.clone()).or(drafted.actor.clone()),
    };
    if app.ui.interactive {
        // The draft and its problems first, so the PM sees what to fix before each clause.
        if !request.is_empty() {
            ui::say(&format!("Request: {}", one_line(&request)));
            let d = &draft;
            ui::say(&format!("Draft: {}", one_line(&d.text)));
            if let Some(actor) = &d.actor {
                ui::say(&format!("  (actor: {})", one_line(actor)));
            }
            for p in &d.problems {
                ui::say(&format!("  - {} [{}]", p.message, p.code));
            }
        }
        // Propose each clause the flags did not give; the PM accepts or edits it.
        if a.when.is_none() {
            clauses.when = prompt::text("When (the situation)", clauses.when.as_deref(), false)?;
        }
        if a.want.is_none() {
            clauses.want = prompt::text("I want to (the motivation)", clauses.want.as_deref(), false)?;
        }
        if a.so.is_none() {
            clauses.so = prompt::text("so I can (the outcome)", clauses.so.as_deref(), false)?;
        }
    }
    clauses.when = clauses.when.filter(|s| !s.is_empty());
    clauses.want = clauses.want.filter(|s| !s.is_empty());
    clauses.so = clauses.so.filter(|s| !s.is_empty());
    if request.is_empty() && clauses.want.is_none() {
        return Err(Error::user("a story needs a REQUEST or --want")
            .hint("pm story \"Add CSV export\" or pm story --want \"export notes\""));
    }
    // With no request, the story as written is the request.
    let request = if request.is_empty() { jobstory::render(&clauses) } else { request };
    let mut inputs = Inputs::default();
    a.numbers.apply(&mut inputs, app)?;

    let mut store = app.write()?;
    let now = app.stamp();
    let added = store.write("story add", &now, |tx| {
        let pillar_id = a
            .pillar
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .map(|p| pillars::find(tx, p).map_err(input::pillar_flag))
            .transpose()?;
        let notes = input::ids(tx, RecordKind::Note, "--evidence", &a.evidence)?;
        let fields = StoryFields {
            request,
            clauses,
            requested_by: opt_text(a.from.clone())
                .map(|f| crate::cli::person::person_named(tx, "--from", &f, &now))
                .transpose()?,
            pillar_id,
            title: opt_text(a.title.clone()),
        };
        let new = NewStory {
            fields,
            inputs,
            evidence: notes.iter().map(|n| (*n, 1)).collect(),
            draft_warnings: request_problems,
        };
        app::stories::add(tx, &new, &app.settings, &now)
    })?;
    let (view, warnings, hints) = (added.view, added.warnings, added.hints);
    for w in &warnings {
        ui::warn(w);
    }
    for h in &hints {
        ui::say(&format!("hint: {h}"));
    }
    match app.ui.format {
        Format::Json => json(&view),
        _ => outln(&format!("Added {}: {}", view.id, one_line(&view.text))),
    }
}
