//! `pm story list` and `pm story show`.

use crate::app::App;
use crate::domain::horizon::Horizon;
use crate::domain::ids::RecordKind;
use crate::domain::score::fmt;
use crate::domain::story::{Status, StoryRow, StoryView};
use crate::domain::text::plural;
use crate::domain::text::{one_line, printable, shorten};
use crate::error::{Error, Result};
use crate::store::Conn as Connection;
use crate::store::stories::{self, LinkedNote, StoryFilter};
use crate::store::{self, pillars};
use crate::ui::listing::Listing;
use crate::ui::width::wrap_prefixed;
use crate::ui::{Format, json, outln};
use serde::Serialize;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Sort {
    Score,
    Created,
    Updated,
    /// Demand: per org (or person without one), the highest importance, summed
    Demand,
    /// The ARR behind the story, each org once
    Arr,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only stories in this status
    #[arg(long)]
    status: Option<String>,
    /// Only stories under this pillar
    #[arg(long, value_name = "NAME")]
    pillar: Option<String>,
    /// Order: best score first (unscored last), newest first, or most recently changed first
    #[arg(long, value_enum, default_value = "score")]
    sort: Sort,
    /// At most N stories
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Only stories on the roadmap at this horizon: now, next or later
    #[arg(long, value_name = "HORIZON")]
    horizon: Option<String>,
}

/// Views of `rows`, scored, in `sort` order.
pub fn ranked(conn: &Connection, app: &App, rows: Vec<StoryRow>, sort: Sort) -> Result<Vec<StoryView>> {
    let mut views = rows
        .iter()
        .map(|r| {
            let mut v = StoryView::new(r, stories::note_ids(conn, r.id)?, &app.settings);
            v.attachments = crate::store::attachments::list(conn, r.id)?;
            Ok(v)
        })
        .collect::<Result<Vec<_>>>()?;
    match sort {
        Sort::Score => crate::domain::story::sort_by_score(&mut views),
        Sort::Created => views.reverse(),
        Sort::Updated => views.sort_by(|a, b| b.updated.cmp(&a.updated)),
        Sort::Demand => views.sort_by_key(|v| std::cmp::Reverse(v.demand)),
        Sort::Arr => views.sort_by(|a, b| {
            b.arr.unwrap_or(f64::NEG_INFINITY).total_cmp(&a.arr.unwrap_or(f64::NEG_INFINITY))
        }),
    }
    Ok(views)
}

pub fn list(app: &App, a: ListArgs) -> Result<()> {
    a.limit.map(crate::cli::input::limit).transpose()?;
    let store = app.read()?;
    let filter = StoryFilter {
        status: a
            .status
            .as_deref()
            .map(str::parse::<Status>)
            .transpose()
            .map_err(|e| Error::user(format!("--status: {e}")))?,
        pillar_id: a
            .pillar
            .as_deref()
            .map(|p| pillars::find_any(store.conn(), p).map_err(crate::cli::input::pillar_flag))
            .transpose()?,
        merged: false,
        horizon: a
            .horizon
            .as_deref()
            .map(str::parse::<Horizon>)
            .transpose()
            .map_err(|e| Error::user(format!("--horizon: {e}")))?,
    };
    let mut views = ranked(store.conn(), app, stories::list(store.conn(), &filter)?, a.sort)?;
    if let Some(n) = a.limit {
        views.truncate(n);
    }
    let number = |v: &StoryView| v.score.map(fmt).unwrap_or_else(|| "-".into());
    let weight = |v: &StoryView| format!("{}/{}", v.evidence_count, v.importance);
    if app.ui.format == Format::Csv {
        // A spreadsheet gets the whole story; the title comes last so the columns
        // scripts already read stay where they were.
        let rows = views
            .iter()
            .map(|v| {
                vec![
                    v.id.clone(),
                    number(v),
                    v.status.to_string(),
                    v.pillar.clone().unwrap_or_default(),
                    weight(v),
                    v.text.clone(),
                    v.title.clone(),
                ]
            })
            .collect();
        let headers = ["id", "score", "status", "pillar", "notes/weight", "story", "title"];
        return Listing { headers: &headers, rows, records: &views }.print(&app.ui, "No stories.");
    }
    // A retired pillar is marked, as `pm decision show` does: it takes no new work.
    let current = pillars::names(store.conn())?;
    let pillar = |v: &StoryView| match &v.pillar {
        Some(p) if !current.contains(p) => format!("{p} (retired)"),
        p => p.clone().unwrap_or_default(),
    };
    // Sorted by demand or ARR, the list shows the number it is sorted by.
    let by = match a.sort {
        Sort::Demand => Some("demand"),
        Sort::Arr => Some("arr"),
        _ => None,
    };
    let sorted_by = |v: &StoryView| match a.sort {
        Sort::Demand => v.demand.to_string(),
        _ => v.arr.map(|a| crate::domain::money::show(a, &app.config.currency)).unwrap_or_default(),
    };
    let rows = views
        .iter()
        .map(|v| {
            let mut row = vec![v.id.clone(), v.title.clone(), number(v)];
            row.extend(by.map(|_| sorted_by(v)));
            row.extend([v.status.to_string(), pillar(v), weight(v)]);
            row
        })
        .collect();
    let mut headers = vec!["id", "title", "score"];
    headers.extend(by);
    headers.extend(["status", "pillar", "notes/weight"]);
    // The title says what a story is; `pm story show` and the JSON give the whole job story.
    Listing { headers: &headers, rows, records: &views }.print(&app.ui, "No stories.")?;
    if app.ui.format == Format::Table
        && let Some(w) = mixed_reach(&views, app.ui.width.into())
    {
        crate::ui::say(&w);
    }
    Ok(())
}

/// A warning when a ranking mixes reach set by the PM with reach counted (partly
/// or only) from the evidence: the two are not on the same scale. It names the
/// stories, in the words of the report, wrapped to `width`.
pub fn mixed_reach(views: &[StoryView], width: usize) -> Option<String> {
    let scored = views.iter().filter(|v| v.score.is_some() && v.score_explained.part("reach").is_some());
    let (mut set, mut evidence) = (Vec::new(), Vec::new());
    for v in scored {
        match v.reach_basis {
            None => set.push(v.id.as_str()),
            Some("seats") => {}
            Some(_) => evidence.push(v.id.as_str()),
        }
    }
    // A few ids, then how many more: the note stays a few lines on a big notebook.
    let ids = |v: &[&str]| match v.len() {
        0..=4 => v.join(", "),
        n => format!("{} and {} more", v[..3].join(", "), n - 3),
    };
    (!set.is_empty() && !evidence.is_empty()).then(|| {
        let text = format!(
            "this ranking mixes reach you set ({}) with reach partly or only from the evidence ({}): give orgs seats (pm org edit NAME --seats N) or set --reach.",
            ids(&set),
            ids(&evidence)
        );
        crate::ui::width::wrap_prefixed(&text, width, "note: ", "      ")
    })
}

#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    story: StoryView,
    evidence: Vec<LinkedNote>,
    history: Vec<Event>,
    merged_from: Vec<Merged>,
}

#[derive(Serialize)]
struct Event {
    status: String,
    why: Option<String>,
    at: String,
}

#[derive(Serialize)]
struct Merged {
    id: String,
    request: String,
}

pub fn show(app: &App, id: &str) -> Result<()> {
    let store = app.read()?;
    let conn = store.conn();
    let n = store::resolve(conn, RecordKind::Story, id)?;
    let row = stories::get(conn, n)?.ok_or_else(|| Error::user(format!("no story '{id}'")))?;
    let mut story = StoryView::new(&row, stories::note_ids(conn, n)?, &app.settings);
    story.attachments = crate::store::attachments::list(conn, n)?;
    story.score_explained.contributors = stories::contributors(conn, n)?;
    let shown = Shown {
        story,
        evidence: stories::evidence(conn, n)?,
        history: stories::events(conn, n)?
            .into_iter()
            .map(|(status, why, at)| Event { status: status.to_string(), why, at })
            .collect(),
        merged_from: stories::merged_from(conn, n)?
            .into_iter()
            .map(|(id, request)| Merged { id: RecordKind::Story.display(id), request })
            .collect(),
    };
    match app.ui.format {
        Format::Json => json(&shown),
        Format::Md => outln(&markdown(&shown)),
        _ => outln(&text(&shown, app.ui.width as usize, &app.config.currency)),
    }
}

const IMPORTANCE: [&str; 4] = ["not important", "nice to have", "important", "critical"];

fn person(n: &LinkedNote) -> String {
    match (&n.who, &n.org) {
        (Some(w), Some(o)) => format!("{w} ({o})"),
        (Some(w), None) => w.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => "(no one named)".into(),
    }
}

fn text(s: &Shown, width: usize, currency: &str) -> String {
    let v = &s.story;
    let mut out = format!("{}  {}  {}", v.id, one_line(&v.title), v.status);
    if let Some(p) = &v.pillar {
        out.push_str(&format!("  pillar: {}", one_line(p)));
    }
    if let Some(m) = &v.merged_into {
        out.push_str(&format!("  (merged into {m})"));
    }
    if let Some(h) = v.horizon.filter(|_| crate::domain::horizon::on_roadmap(v.status)) {
        out.push_str(&format!("  roadmap: {}", h.label()));
    }
    // Long lines wrap to the terminal, the label's column kept (`wrap_prefixed`).
    let wrapped = |label: &str, text: &str| wrap_prefixed(text, width, label, &" ".repeat(label.len()));
    out.push_str(&format!("\n{}\n\n", wrapped("", &printable(&v.text, false))));
    out.push_str(&format!("{}\n", wrapped("request:   ", &one_line(&v.request))));
    if let Some(a) = &v.actor {
        out.push_str(&format!("actor:     {}\n", one_line(a)));
    }
    if let Some(f) = &v.requested_by {
        out.push_str(&format!("from:      {}\n", one_line(f)));
    }
    for m in &s.merged_from {
        out.push_str(&format!("merged:    {} \"{}\"\n", m.id, one_line(&m.request)));
    }
    let x = &v.score_explained;
    out.push_str(&format!(
        "\nscore:     {}\n{}\n",
        v.score.map(fmt).unwrap_or_else(|| "none yet".into()),
        wrapped("           ", &x.sentence())
    ));
    for p in &x.parts {
        let value = match (p.name, p.value) {
            ("confidence", Some(c)) => format!("{}%", fmt(c)),
            (_, Some(c)) => fmt(c),
            (_, None) => "?".into(),
        };
        let from = crate::ui::next_step::part_from(&v.id, p);
        out.push_str(&format!("{}\n", wrapped(&format!("  {:<12}{:<7}", p.name, value), &from)));
    }
    out.push_str(&format!(
        "\nevidence:  {} from {}, weight {}\n",
        plural(v.evidence_count, "note"),
        plural(v.people, "person"),
        v.importance
    ));
    out.push_str(&format!("demand:    {}", v.demand));
    if let Some(arr) = v.arr {
        out.push_str(&format!(
            ", ARR behind it {}, ARR-weighted demand {}",
            crate::domain::money::show(arr, currency),
            crate::domain::money::show(v.arr_demand.unwrap_or_default(), currency)
        ));
    }
    out.push('\n');
    for c in &v.score_explained.contributors {
        let mut line =
            format!("  {} {}: demand +{}, reach +{}", c.kind, one_line(&c.name), c.demand, c.reach);
        if let Some(a) = c.arr {
            line.push_str(&format!(", ARR {}", crate::domain::money::show(a, currency)));
        }
        if c.kind == "org" && !c.people.is_empty() {
            line.push_str(&format!(" ({})", one_line(&c.people.join(", "))));
        }
        out.push_str(&format!("{}\n", wrap_prefixed(&line[2..], width, "  ", "    ")));
    }

    for n in &s.evidence {
        let head = format!(
            "  {:<5} {}  {}  {}  {}: ",
            n.id,
            n.on,
            one_line(&person(n)),
            n.source.as_deref().unwrap_or("-"),
            IMPORTANCE[n.importance.min(3) as usize]
        );
        let head_cells = crate::ui::width::cells(&head);
        if head_cells + 20 <= width {
            out.push_str(&format!("{head}{}\n", shorten(&one_line(&n.body), width - head_cells)));
        } else {
            // A long name and organisation leave no room: the note's words go below.
            let indent = "        ";
            let room = width.saturating_sub(indent.len()).max(20);
            out.push_str(&format!(
                "{}\n{indent}{}\n",
                shorten(head.trim_end(), width),
                shorten(&one_line(&n.body), room)
            ));
        }
    }
    if !v.attachments.is_empty() {
        out.push_str("\nattachments:\n");
        for a in &v.attachments {
            let size = if a.kind == "link" { String::new() } else { format!(", {}", size(a.size)) };
            let caption = a.caption.as_deref().map(|c| format!("  {}", one_line(c))).unwrap_or_default();
            out.push_str(&format!("  {}  {} ({}{size}){caption}\n", a.n, one_line(&a.name), a.kind));
        }
    }
    out.push_str("\nhistory:\n");
    for e in &s.history {
        let why = e.why.as_deref().map(|w| format!(" ({})", one_line(w))).unwrap_or_default();
        out.push_str(&format!("  {}  {}{}\n", e.at, e.status, why));
    }
    out.push_str(&format!("\nuid: {}", v.uid));
    out
}

/// Bytes as people read them: 812 B, 14.2 KB, 3.1 MB.
fn size(n: i64) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1_048_576 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{:.1} MB", n as f64 / 1_048_576.0),
    }
}

fn markdown(s: &Shown) -> String {
    use crate::domain::text::md_cell;
    let v = &s.story;
    let mut out = format!("## {} · {}\n\n> {}\n\n", v.id, v.status, md_cell(&v.text));
    out.push_str(&format!("- request: {}\n", md_cell(&v.request)));
    if let Some(p) = &v.pillar {
        out.push_str(&format!("- pillar: {}\n", md_cell(p)));
    }
    out.push_str(&format!(
        "- score: **{}** ({})\n",
        v.score.map(fmt).unwrap_or_else(|| "none yet".into()),
        md_cell(&v.score_explained.sentence())
    ));
    out.push_str("\n| number | value | from |\n|---|---|---|\n");
    for p in &v.score_explained.parts {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            p.name,
            p.value.map(fmt).unwrap_or_else(|| "?".into()),
            md_cell(&crate::ui::next_step::part_from(&v.id, p))
        ));
    }
    if !s.evidence.is_empty() {
        out.push_str("\n| note | on | who | source | importance | says |\n|---|---|---|---|---|---|\n");
        for n in &s.evidence {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                n.id,
                n.on,
                md_cell(&person(n)),
                n.source.as_deref().unwrap_or(""),
                IMPORTANCE[n.importance.min(3) as usize],
                md_cell(&shorten(&n.body, 120))
            ));
        }
    }
    if !v.attachments.is_empty() {
        out.push_str("\n| attachment | kind | caption |\n|---|---|---|\n");
        for a in &v.attachments {
            out.push_str(&format!(
                "| {} {} | {} | {} |\n",
                a.n,
                md_cell(&a.name),
                a.kind,
                md_cell(a.caption.as_deref().unwrap_or(""))
            ));
        }
    }
    out.trim_end().to_string()
}
