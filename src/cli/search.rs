//! `pm search`

use crate::app::App;
use crate::domain::ids::RecordKind;
use crate::domain::text::one_line;
use crate::error::{Error, Result};
use crate::store::search::{self, MARK_END, MARK_START};
use crate::ui::Format;
use crate::ui::listing::Listing;
use serde::Serialize;

/// Search notes, stories, check-ins and decisions, best match first
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm search export
  pm search 'onboard*' --kind note
  pm search '\"bulk edit\" csv' --limit 5

Words are matched whole, ignoring case and accents (cafe finds café); `word*` matches
a prefix, \"quoted words\" a phrase; AND, OR and NOT (capitals) combine terms.")]
pub struct Args {
    /// What to look for
    #[arg(allow_hyphen_values = true)]
    query: String,
    /// Only this kind of record
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// At most N hits
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Note,
    Story,
    Checkin,
    Decision,
}

#[derive(Serialize)]
struct HitView {
    kind: &'static str,
    id: String,
    /// A note's person, a story's requester, a check-in's people.
    who: Option<String>,
    /// A note's or decision's day, a story's creation day, a check-in's time.
    when: Option<String>,
    snippet: String,
    rank: usize,
    bm25: f64,
}

pub fn run(app: &App, a: Args) -> Result<()> {
    if a.limit == 0 {
        return Err(Error::user("--limit: must be at least 1"));
    }
    let kinds = match a.kind {
        None => vec![RecordKind::Note, RecordKind::Story, RecordKind::Checkin, RecordKind::Decision],
        Some(Kind::Note) => vec![RecordKind::Note],
        Some(Kind::Story) => vec![RecordKind::Story],
        Some(Kind::Checkin) => vec![RecordKind::Checkin],
        Some(Kind::Decision) => vec![RecordKind::Decision],
    };
    let store = app.read()?;
    let hits = search::search(store.conn(), &a.query, &kinds, a.limit)?;
    // The snippet is made safe to print first, then its marks become highlighting
    // (brackets in a table, whose cells are escaped again and cut to fit).
    let (start, end) = match app.ui.format {
        Format::Table | Format::Csv | Format::Html => ("[", "]"),
        Format::Md | Format::Json => ("**", "**"),
    };
    let views: Vec<HitView> = hits
        .iter()
        .enumerate()
        .map(|(i, h)| -> Result<HitView> {
            let (who, when) = search::who_and_when(store.conn(), h.kind, h.id)?;
            Ok(HitView {
                kind: match h.kind {
                    RecordKind::Checkin => "checkin",
                    k => k.noun(),
                },
                id: format!("{}{}", h.kind.prefix(), h.id),
                who,
                when,
                snippet: if app.ui.format == Format::Json { h.snippet.clone() } else { one_line(&h.snippet) }
                    .replace(MARK_START, start)
                    .replace(MARK_END, end),
                rank: i + 1,
                bm25: h.bm25,
            })
        })
        .collect::<Result<_>>()?;
    let rows = views
        .iter()
        .map(|v| {
            vec![
                v.id.clone(),
                v.kind.to_string(),
                v.who.clone().unwrap_or_default(),
                v.when.clone().unwrap_or_default(),
                v.snippet.clone(),
            ]
        })
        .collect();
    let empty = format!("nothing matches '{}'", one_line(&a.query));
    Listing { headers: &["ID", "KIND", "WHO", "WHEN", "MATCH"], rows, records: &views }.print(&app.ui, &empty)
}
