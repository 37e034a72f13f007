//! `pm story draft`, `lint` and `similar`: the quality of stories.

use crate::app::App;
use crate::cli::input;
use crate::domain::ids::RecordKind;
use crate::domain::jobstory::{self, Problem};
use crate::domain::text::{one_line, printable};
use crate::error::{Error, Result};
use crate::store;
use crate::store::stories::{self, StoryFilter};
use crate::ui::listing::Listing;
use crate::ui::{Format, json, outln};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// The request to draft from; `-` reads stdin
    text: String,
}

#[derive(Debug, clap::Args)]
pub struct SimilarArgs {
    id: String,
    /// At most N candidates
    #[arg(long, default_value_t = 5)]
    limit: usize,
}

pub fn draft(app: &App, a: DraftArgs) -> Result<()> {
    let text = if a.text == "-" { input::read_stdin("text")? } else { a.text };
    let mut d = jobstory::draft(&text);
    d.problems = crate::ui::next_step::clause_problems(d.problems);
    match app.ui.format {
        Format::Json => json(&d),
        _ => {
            let mut out = printable(&d.text, false);
            if let Some(title) = &d.title {
                out.push_str(&format!("\n(title: {})", one_line(title)));
            }
            if let Some(actor) = &d.actor {
                out.push_str(&format!("\n(actor: {})", one_line(actor)));
            }
            for p in &d.problems {
                out.push_str(&format!("\n- {} [{}]", p.message, p.code));
            }
            outln(&out)
        }
    }
}

/// A reach from the evidence alone (no seats known, not set) counts voices,
/// not users: on another scale than a reach set or made of seats.
fn evidence_only_reach(r: &crate::domain::story::StoryRow) -> Option<Problem> {
    use crate::domain::score::ReachBasis;
    (r.inputs.reach.is_none() && ReachBasis::of(&r.evidence) == Some(ReachBasis::EvidenceOnly)).then(|| {
        Problem::new(
        "reach-evidence-only",
        format!(
            "reach is evidence only ({} without seats): set --reach N or give their orgs seats (pm org edit NAME --seats N)",
            if r.evidence.unseated == 1 { "1 org or person".to_string() } else { format!("{} orgs or people", r.evidence.unseated) }
        ),
        )
    })
}

#[derive(Serialize)]
struct Lint {
    id: String,
    problems: Vec<Problem>,
}

pub fn lint(app: &App, id: Option<&str>) -> Result<()> {
    let store = app.read()?;
    let conn = store.conn();
    let rows = match id {
        Some(id) => {
            let n = store::resolve(conn, RecordKind::Story, id)?;
            vec![stories::get(conn, n)?.ok_or_else(|| Error::user(format!("no story '{id}'")))?]
        }
        None => stories::list(conn, &StoryFilter::default())?,
    };
    let found: Vec<Lint> = rows
        .iter()
        .map(|r| {
            // Listing every story, a hint (a user story's missing situation) would be noise.
            let mut problems: Vec<_> = crate::ui::next_step::clause_problems(jobstory::lint(&r.clauses))
                .into_iter()
                .filter(|p| id.is_some() || !p.hint)
                .collect();
            let retired = stories::pillar_retired(conn, r.id)?;
            let shown = r.display_id();
            problems.extend(crate::domain::horizon::problems(r, retired.as_deref()).into_iter().map(
                |mut p| {
                    p.message = crate::ui::next_step::roadmap_problem(&shown, p.code, &p.message);
                    p
                },
            ));
            problems.extend(evidence_only_reach(r));
            Ok(Lint { id: r.display_id(), problems })
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|l| id.is_some() || !l.problems.is_empty())
        .collect();
    let rows = found
        .iter()
        .flat_map(|l| l.problems.iter().map(|p| vec![l.id.clone(), p.code.to_string(), p.message.clone()]))
        .collect();
    Listing { headers: &["id", "code", "problem"], rows, records: &found }.print(&app.ui, "No problems.")
}

#[derive(Serialize)]
struct Candidate {
    id: String,
    score: u32,
    rank: f64,
    text: String,
}

pub fn similar(app: &App, a: SimilarArgs) -> Result<()> {
    crate::cli::input::limit(a.limit)?;
    let store = app.read()?;
    let conn = store.conn();
    let n = store::resolve(conn, RecordKind::Story, &a.id)?;
    let row = stories::get(conn, n)?.ok_or_else(|| Error::user(format!("no story '{}'", a.id)))?;
    let query = format!("{} {}", row.request, row.text());
    let mut found = Vec::new();
    for s in stories::similar(conn, &query, Some(n), a.limit)? {
        if let Some(other) = stories::get(conn, s.id)? {
            found.push(Candidate {
                id: other.display_id(),
                score: (s.overlap * 100.0).round() as u32,
                rank: (s.rank * 1000.0).round() / 1000.0,
                text: other.text(),
            });
        }
    }
    let rows = found.iter().map(|c| vec![c.id.clone(), format!("{}%", c.score), c.text.clone()]).collect();
    Listing { headers: &["id", "overlap", "story"], rows, records: &found }
        .print(&app.ui, "No similar stories.")
}
