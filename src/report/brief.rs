//! The one-page brief in HTML (`pm report --format html`, `pm roadmap --format
//! html`): one self-contained file (inline CSS with print rules for A4, no
//! script, nothing loaded from the network), rendered with maud, which escapes
//! every piece of text it is given. Charts are SVG from plotters; mock-ups are
//! `<img src="data:...">` (an SVG too: inlined, it could carry script).

use super::charts::{self, Point};
use super::model::{Report, value_of};
use super::roadmap::{Audience, Roadmap};
use crate::domain::score::{Settings, fmt};
use crate::error::Result;
use crate::store::Conn;
use crate::store::attachments;
use maud::{DOCTYPE, PreEscaped, html};

const CSS: &str = include_str!("brief.css");
/// Weeks of evidence the chart shows.
const WEEKS: i64 = 8;

/// What the brief shows: the report (`None` for the roadmap alone) and the roadmap.
pub struct Brief<'a> {
    pub report: Option<&'a Report>,
    pub roadmap: &'a Roadmap,
    pub generated: &'a str,
}

/// The brief as one HTML document.
pub fn render(conn: &Conn, settings: &Settings, b: &Brief) -> Result<String> {
    let exec = b.roadmap.audience == Some(Audience::Exec);
    let title = if b.report.is_some() { "Product brief" } else { "Roadmap" };
    let vision = match b.report {
        Some(r) => r.vision.as_ref().map(|v| v.text.clone()),
        None => crate::store::plans::visions(conn)?.pop().map(|v| v.text),
    };
    let pillars: Vec<String> = match b.report {
        Some(r) => r.pillars.iter().map(|p| p.name.clone()).collect(),
        None => crate::store::pillars::names(conn)?,
    };
    // Roadmap share per pillar: every story on it counts once.
    let mut shares: Vec<(String, u32)> = Vec::new();
    for (_, items) in b.roadmap.columns() {
        for i in items {
            let name = i.pillar.clone().unwrap_or_else(|| "(no pillar)".into());
            match shares.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => shares.push((name, 1)),
            }
        }
    }
    let share_chart = charts::pillar_share(&shares);
    let mut images = Vec::new();
    for (_, items) in b.roadmap.columns() {
        for i in items {
            images.push((i.title.clone(), mockups(conn, i.row)?));
        }
    }
    let report_parts = match b.report {
        Some(r) => Some((matrix_chart(r, settings, exec), evidence_chart(conn, b.generated)?, r)),
        None => None,
    };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.meta { "Generated " (b.generated)
                        @if exec { " · for executives" } @else if b.roadmap.audience == Some(Audience::Team) { " · for the team" } }
                }
                section #vision {
                    h2 { "Vision" }
                    @match &vision { Some(v) => p.statement { (v) }, None => p.empty { "No vision set yet." } }
                    @if !pillars.is_empty() {
                        ul.pillars { @for p in &pillars { li { (p) } } }
                    }
                }
                section #roadmap {
                    h2 { "Roadmap" }
                    div.columns {
                        @for (h, items) in b.roadmap.columns() {
                            div.column {
                                h3 { (h.label()) " " span.count { "(" (items.len()) ")" } }
                                @if items.is_empty() { p.empty { "Nothing planned." } }
                                ol {
                                    @for i in items {
                                        li {
                                            @if let Some(id) = &i.id { span.id { (id) } " " }
                                            strong { (i.title) }
                                            @if let Some(p) = &i.pillar { " " span.pillar { (p) } }
                                            @if let Some(o) = &i.outcome { div.outcome { "so " (o) } }
                                            @if !exec {
                                                div.numbers {
                                                    "score " (i.score.flatten().map(fmt).unwrap_or_else(|| "-".into()))
                                                    " · confidence " (i.confidence.flatten().map(|c| format!("{}%", fmt(c))).unwrap_or_else(|| "-".into()))
                                                    " · evidence weight " (i.importance.unwrap_or(0))
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if let Some((matrix, evidence, r)) = &report_parts {
                    section #top-stories {
                        h2 { "Top stories" }
                        @if r.stories.is_empty() { p.empty { "No scored stories yet." } }
                        @for s in &r.stories {
                            article.story {
                                h3 { @if !exec { span.id { (s.id) } " " } (s.title) }
                                p.job { (s.text) }
                                p.score {
                                    "Score " strong { (fmt(s.score)) } " (" (s.score_explained.formula) "): "
                                    @for (n, p) in s.score_explained.parts.iter().enumerate() {
                                        @if n > 0 { ", " }
                                        (p.name) " " (p.value.map(fmt).unwrap_or_else(|| "?".into()))
                                    }
                                }
                                @if !s.segments.is_empty() {
                                    p.segments { "Segments: "
                                        @for (n, g) in s.segments.iter().enumerate() {
                                            @if n > 0 { ", " } (g.segment) " " (g.notes)
                                        }
                                    }
                                }
                                @if !exec {
                                    @for q in s.quotes.iter().take(2) {
                                        blockquote { "“" (q.text) "”"
                                            @if let Some(w) = &q.who { cite { " — " (w) @if let Some(o) = &q.org { ", " (o) } } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section #charts {
                        h2 { "Charts" }
                        div.charts {
                            figure.chart data-chart="matrix" { (PreEscaped(matrix)) }
                            figure.chart data-chart="evidence" { (PreEscaped(evidence)) }
                            figure.chart data-chart="share" { (PreEscaped(&share_chart)) }
                        }
                    }
                } @else {
                    section #charts {
                        h2 { "Charts" }
                        div.charts { figure.chart data-chart="share" { (PreEscaped(&share_chart)) } }
                    }
                }
                @if images.iter().any(|(_, m)| !m.is_empty()) {
                    section #mockups {
                        h2 { "Mock-ups" }
                        div.mockups {
                            @for (story, shots) in &images {
                                @for m in shots {
                                    figure.mockup {
                                        img src=(m.src) alt=(m.alt);
                                        figcaption { strong { (story) } @if let Some(c) = &m.caption { " — " (c) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page.into_string())
}

struct Mockup {
    src: String,
    alt: String,
    caption: Option<String>,
}

/// A story's images as data URLs (links are not shown: they would load from the network).
fn mockups(conn: &Conn, story: i64) -> Result<Vec<Mockup>> {
    let mut out = Vec::new();
    for a in attachments::list(conn, story)? {
        let Some(mime) = a.mime() else { continue };
        let Some(bytes) = attachments::bytes(conn, &a.uid)? else { continue };
        out.push(Mockup {
            src: format!("data:{mime};base64,{}", attachments::encode(&bytes)),
            alt: a.caption.clone().unwrap_or_else(|| a.name.clone()),
            caption: a.caption,
        });
    }
    Ok(out)
}

fn matrix_chart(r: &Report, settings: &Settings, exec: bool) -> String {
    let points: Vec<Point> = r
        .stories
        .iter()
        .map(|s| {
            let effort = s
                .score_explained
                .parts
                .iter()
                .find(|p| p.name == "effort")
                .and_then(|p| p.value)
                .unwrap_or(1.0);
            let label = if exec { crate::domain::text::shorten(&s.title, 24) } else { s.id.clone() };
            Point { label, effort, value: value_of(s.score, effort, settings) }
        })
        .collect();
    charts::matrix(&points, r.matrix.value_threshold, r.matrix.effort_threshold)
}

/// Notes per week (the last [`WEEKS`], Monday to Sunday) by segment.
fn evidence_chart(conn: &Conn, now: &str) -> Result<String> {
    let today = chrono::DateTime::parse_from_rfc3339(now).map(|d| d.date_naive()).unwrap_or_default();
    let monday =
        today - chrono::Duration::days(chrono::Datelike::weekday(&today).num_days_from_monday() as i64);
    let first = monday - chrono::Duration::weeks(WEEKS - 1);
    // A row per day and segment (counted in SQL), not one per note.
    let rows =
        crate::store::report::evidence::per_day_and_segment(conn, &first.to_string(), &today.to_string())?;
    let weeks: Vec<String> =
        (0..WEEKS).map(|w| (first + chrono::Duration::weeks(w)).format("%b %d").to_string()).collect();
    let mut series: Vec<(String, Vec<u32>)> = Vec::new();
    for (on, segment, notes) in rows {
        let Ok(day) = chrono::NaiveDate::parse_from_str(&on, "%Y-%m-%d") else { continue };
        let w = ((day - first).num_days() / 7).clamp(0, WEEKS - 1) as usize;
        let idx = match series.iter().position(|(s, _)| *s == segment) {
            Some(i) => i,
            None => {
                series.push((segment, vec![0; WEEKS as usize]));
                series.len() - 1
            }
        };
        series[idx].1[w] += notes as u32;
    }
    series.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(charts::evidence(&weeks, &series))
}
