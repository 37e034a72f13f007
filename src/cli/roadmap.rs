//! `pm roadmap`: Now / Next / Later, for everyone, the team or executives.

use crate::app::App;
use crate::domain::score::fmt;
use crate::error::Result;
use crate::report::roadmap::{self, Audience, Item, Roadmap};
use crate::ui::listing::{csv_text, md_table, table};
use crate::ui::{Format, out, outln};

/// Print the roadmap: the stories placed Now, Next and Later (pm story plan)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm roadmap
  pm roadmap --for exec --format md
  pm roadmap --for team --format json
  pm roadmap --format html --out roadmap.html   (formats: table, md, json, csv, html)")]
pub struct Args {
    /// Who it is for: exec (titles, outcomes, pillars; no names) or team (adds check-ins and evidence)
    #[arg(long = "for", value_enum, value_name = "AUDIENCE")]
    audience: Option<Audience>,
    /// Write it to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
}

pub fn run(app: &App, a: Args) -> Result<()> {
    let store = app.read()?;
    let map = roadmap::build(store.conn(), &app.settings, a.audience, &app.stamp())?;
    let text = match app.ui.format {
        Format::Json => serde_json::to_string_pretty(&map)?,
        Format::Csv => {
            let (headers, rows) = flat(&map);
            csv_text(&app.ui, &headers, &rows)?.trim_end().to_string()
        }
        Format::Md => markdown(&map),
        Format::Table => terminal(&map, app),
        Format::Html => {
            let brief = crate::report::brief::Brief { report: None, roadmap: &map, generated: &app.stamp() };
            crate::report::brief::render(store.conn(), &app.settings, &brief)?
        }
    };
    match a.out {
        Some(path) => {
            crate::ui::outfile::write("--out", &path, format!("{text}\n").as_bytes(), app.db_path())?;
            crate::ui::say(&format!("Wrote the roadmap to {}", path.display()));
            Ok(())
        }
        None if app.ui.format == Format::Csv => out(&format!("{text}\n")),
        None => outln(&text),
    }
}

fn exec(map: &Roadmap) -> bool {
    map.audience == Some(Audience::Exec)
}

/// The columns of one horizon's table.
fn headers(map: &Roadmap) -> Vec<&'static str> {
    if exec(map) {
        vec!["title", "outcome", "pillar"]
    } else if map.audience == Some(Audience::Team) {
        vec!["id", "title", "pillar", "score", "confidence", "notes/weight", "check-ins"]
    } else {
        vec!["id", "title", "pillar", "score", "confidence", "notes/weight"]
    }
}

fn cells(map: &Roadmap, i: &Item) -> Vec<String> {
    let num = |x: Option<Option<f64>>| x.flatten().map(fmt).unwrap_or_else(|| "-".into());
    if exec(map) {
        return vec![
            i.title.clone(),
            i.outcome.clone().unwrap_or_default(),
            i.pillar.clone().unwrap_or_default(),
        ];
    }
    let mut row = vec![
        i.id.clone().unwrap_or_default(),
        i.title.clone(),
        i.pillar.clone().unwrap_or_default(),
        num(i.score),
        i.confidence.flatten().map(|c| format!("{}%", fmt(c))).unwrap_or_else(|| "-".into()),
        format!("{}/{}", i.evidence_count.unwrap_or(0), i.importance.unwrap_or(0)),
    ];
    if let Some(c) = &i.checkins {
        row.push(c.iter().map(|c| c.id.clone()).collect::<Vec<_>>().join(" "));
    }
    row
}

fn terminal(map: &Roadmap, app: &App) -> String {
    let mut out = Vec::new();
    for (h, items) in map.columns() {
        let head = format!("{} ({})", h.label(), items.len());
        if items.is_empty() {
            out.push(format!("{head}\n  nothing planned"));
            continue;
        }
        let rows: Vec<Vec<String>> = items.iter().map(|i| cells(map, i)).collect();
        out.push(format!("{head}\n{}", table(&app.ui, &headers(map), &rows)));
    }
    let mut text = out.join("\n\n");
    if map.columns().iter().all(|(_, i)| i.is_empty()) {
        text.push_str("\n\nNothing on the roadmap yet: pm story plan ID now|next|later");
    }
    text
}

fn markdown(map: &Roadmap) -> String {
    let mut out = String::from("# Roadmap\n");
    for (h, items) in map.columns() {
        out.push_str(&format!("\n## {}\n\n", h.label()));
        if items.is_empty() {
            out.push_str("Nothing planned.\n");
            continue;
        }
        let rows: Vec<Vec<String>> = items.iter().map(|i| cells(map, i)).collect();
        out.push_str(&md_table(&headers(map), &rows));
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// One row per story with its horizon first, for a spreadsheet.
fn flat(map: &Roadmap) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut headers = vec!["horizon"];
    headers.extend(self::headers(map));
    let mut rows = Vec::new();
    for (h, items) in map.columns() {
        for i in items {
            let mut row = vec![h.to_string()];
            row.extend(cells(map, i));
            rows.push(row);
        }
    }
    (headers, rows)
}
