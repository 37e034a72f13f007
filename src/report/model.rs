//! The report model: everything a PM brings to a planning meeting, built from the store.

use crate::domain::score::{Explained, Settings};
use crate::domain::story::StoryView;
use crate::error::Result;
use crate::store::{plans, stories};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Report {
    pub generated: String,
    pub since: Option<String>,
    pub vision: Option<plans::Vision>,
    pub pillars: Vec<PillarShare>,
    pub stories: Vec<Ranked>,
    pub unscored: Vec<Unscored>,
    pub matrix: Matrix,
    pub evidence: EvidenceSummary,
    /// Upcoming check-ins (soonest first), then those held since the last report.
    pub checkins: Vec<plans::Checkin>,
    pub decisions: Vec<plans::Decision>,
    pub changes: Changes,
}

#[derive(Debug, Serialize)]
pub struct PillarShare {
    pub name: String,
    pub top: usize,
    pub share: f64,
    pub stories: i64,
}

#[derive(Debug, Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub id: String,
    pub text: String,
    pub score: f64,
    pub score_explained: Explained,
    pub evidence_count: i64,
    pub importance: i64,
    pub status: String,
    pub pillar: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Unscored {
    pub id: String,
    pub text: String,
    pub missing: Vec<&'static str>,
}

#[derive(Debug, Default, Serialize)]
pub struct Matrix {
    pub quick_wins: Vec<String>,
    pub big_bets: Vec<String>,
    pub fill_ins: Vec<String>,
    pub money_pits: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct EvidenceSummary {
    pub notes: i64,
    pub by_source: BTreeMap<String, i64>,
    pub by_segment: BTreeMap<String, i64>,
    pub top_tags: Vec<(String, i64)>,
    pub people: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Changes {
    pub since: Option<String>,
    pub new_stories: Vec<String>,
    pub score_moves: Vec<Move>,
    pub status_changes: Vec<StatusChange>,
    pub lost_pillar: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Move {
    pub id: String,
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub cause: String,
}

#[derive(Debug, Serialize)]
pub struct StatusChange {
    pub id: String,
    pub from: String,
    pub to: String,
}

/// What a report run remembers of each story, to say next time what changed.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Snapshot {
    pub score: Option<f64>,
    pub status: String,
    pub pillar: Option<String>,
    pub evidence: i64,
    pub reach: Option<f64>,
    pub impact: Option<f64>,
    pub confidence: Option<f64>,
    pub effort: Option<f64>,
}

impl Snapshot {
    fn of(v: &StoryView) -> Self {
        Snapshot {
            score: v.score,
            status: v.status.clone(),
            pillar: v.pillar.clone(),
            evidence: v.evidence_count,
            reach: v.reach,
            impact: v.impact,
            confidence: v.confidence,
            effort: v.effort,
        }
    }
}

/// The last recorded report run: when, and what it saw.
pub fn last_run(conn: &Connection) -> Result<Option<(String, BTreeMap<String, Snapshot>)>> {
    let row: Option<(String, String)> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT generated, ranking FROM reports ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    ))?;
    Ok(row.map(|(at, json)| (at, serde_json::from_str(&json).unwrap_or_default())))
}

/// Remember this run.
pub fn record(conn: &Connection, generated: &str, views: &[StoryView]) -> Result<()> {
    let map: BTreeMap<String, Snapshot> = views.iter().map(|v| (v.id.clone(), Snapshot::of(v))).collect();
    conn.execute(
        "INSERT INTO reports (generated, ranking) VALUES (?1, ?2)",
        (generated, serde_json::to_string(&map)?),
    )?;
    Ok(())
}

/// Build the report. `since` is a UTC stamp (or a date) for "since the last meeting"; `top` the ranked count.
pub fn build(
    conn: &Connection,
    settings: &Settings,
    views: &[StoryView],
    previous: Option<&BTreeMap<String, Snapshot>>,
    since: Option<&str>,
    top: usize,
    now: &str,
) -> Result<Report> {
    let scored: Vec<&StoryView> = views.iter().filter(|v| v.score.is_some()).collect();
    let ranked: Vec<Ranked> = scored
        .iter()
        .take(top)
        .enumerate()
        .map(|(i, v)| Ranked {
            rank: i + 1,
            id: v.id.clone(),
            text: v.text.clone(),
            score: v.score.unwrap_or_default(),
            score_explained: v.score_explained.clone(),
            evidence_count: v.evidence_count,
            importance: v.importance,
            status: v.status.clone(),
            pillar: v.pillar.clone(),
        })
        .collect();
    let unscored = views
        .iter()
        .filter(|v| v.score.is_none())
        .map(|v| Unscored {
            id: v.id.clone(),
            text: v.text.clone(),
            missing: v.score_explained.missing.clone(),
        })
        .collect();
    let top_views: Vec<&StoryView> = scored.iter().take(top).copied().collect();
    Ok(Report {
        generated: now.to_string(),
        since: since.map(String::from),
        vision: plans::visions(conn)?.pop(),
        pillars: pillar_shares(conn, &top_views)?,
        stories: ranked,
        unscored,
        matrix: matrix(&top_views, settings),
        evidence: evidence(conn, since)?,
        checkins: [
            plans::checkins(conn, Some("upcoming"), now)?,
            plans::checkins(conn, Some("done-since"), since.unwrap_or(""))?,
        ]
        .concat(),
        decisions: plans::decisions(conn, since)?,
        changes: changes(views, previous, since),
    })
}

fn pillar_shares(conn: &Connection, top: &[&StoryView]) -> Result<Vec<PillarShare>> {
    let mut out: Vec<PillarShare> = plans::pillars(conn)?
        .into_iter()
        .map(|p| {
            let n = top.iter().filter(|v| v.pillar.as_deref() == Some(p.name.as_str())).count();
            PillarShare { share: share(n, top.len()), name: p.name, top: n, stories: p.stories }
        })
        .collect();
    let none = top.iter().filter(|v| v.pillar.is_none()).count();
    let total_none: i64 = conn.query_row(
        "SELECT count(*) FROM stories WHERE pillar_id IS NULL AND merged_into IS NULL",
        [],
        |r| r.get(0),
    )?;
    out.push(PillarShare {
        name: "(no pillar)".into(),
        top: none,
        share: share(none, top.len()),
        stories: total_none,
    });
    Ok(out)
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { (n as f64 * 1000.0 / of as f64).round() / 10.0 }
}

/// Value against effort: split at the medians of the ranked stories.
fn matrix(top: &[&StoryView], settings: &Settings) -> Matrix {
    let points: Vec<(String, f64, f64)> = top
        .iter()
        .filter_map(|v| {
            let effort = v.effort.unwrap_or(1.0);
            let score = v.score?;
            // Value is what the score credits before dividing by effort (for ICE, the score itself).
            let value = match settings.framework {
                crate::domain::score::Framework::Ice => score,
                _ => score * effort,
            };
            Some((v.id.clone(), value, effort))
        })
        .collect();
    let median = |mut xs: Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        if xs.is_empty() { 0.0 } else { xs[xs.len() / 2] }
    };
    let mv = median(points.iter().map(|p| p.1).collect());
    let me = median(points.iter().map(|p| p.2).collect());
    let mut m = Matrix::default();
    for (id, value, effort) in points {
        // High value: at or above the median; high effort: strictly above it (equal efforts are all "low").
        let quadrant = match (value >= mv, effort > me) {
            (true, false) => &mut m.quick_wins,
            (true, true) => &mut m.big_bets,
            (false, false) => &mut m.fill_ins,
            (false, true) => &mut m.money_pits,
        };
        quadrant.push(id);
    }
    m
}

/// Notes since `since`: a date compares with the day of the conversation; a timestamp
/// (the last report) with when the note was typed, so late-typed notes still count as new.
fn evidence(conn: &Connection, since: Option<&str>) -> Result<EvidenceSummary> {
    let since = since.unwrap_or("0000-00-00");
    let cond = "((length(?1) = 10 AND on_date >= ?1) OR (length(?1) > 10 AND created > ?1))";
    let mut e = EvidenceSummary {
        notes: conn.query_row(&format!("SELECT count(*) FROM notes WHERE {cond}"), [since], |r| r.get(0))?,
        ..EvidenceSummary::default()
    };
    let grouped = |sql: &str| -> Result<Vec<(String, i64)>> {
        let mut stmt = conn.prepare(&sql.replace("{cond}", cond))?;
        let rows =
            stmt.query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    };
    e.by_source = grouped(
        "SELECT coalesce(source, '(none)'), count(*) FROM notes WHERE {cond} GROUP BY 1 ORDER BY 2 DESC, 1",
    )?
    .into_iter()
    .collect();
    e.by_segment = grouped(
        "SELECT coalesce(segment, '(none)'), count(*) FROM notes WHERE {cond} GROUP BY 1 ORDER BY 2 DESC, 1",
    )?
    .into_iter()
    .collect();
    e.top_tags = grouped(
        "SELECT t.tag, count(*) FROM note_tags t JOIN notes n ON n.id = t.note_id WHERE n.id IN (SELECT id FROM notes WHERE {cond})
         GROUP BY t.tag ORDER BY 2 DESC, 1 LIMIT 10",
    )?;
    e.people = grouped(
        "SELECT min(who), count(*) FROM notes WHERE {cond} AND trim(coalesce(who, '')) != ''
         GROUP BY lower(trim(who)) ORDER BY 2 DESC, 1",
    )?
    .into_iter()
    .map(|(w, _)| w)
    .collect();
    Ok(e)
}

fn changes(
    views: &[StoryView],
    previous: Option<&BTreeMap<String, Snapshot>>,
    since: Option<&str>,
) -> Changes {
    let mut c = Changes { since: since.map(String::from), ..Changes::default() };
    let Some(prev) = previous else {
        return c;
    };
    for v in views {
        let now = Snapshot::of(v);
        let Some(before) = prev.get(&v.id) else {
            c.new_stories.push(v.id.clone());
            continue;
        };
        if before.score != now.score {
            let mut causes = Vec::new();
            let fmt = |x: Option<f64>| x.map(crate::domain::score::fmt).unwrap_or_else(|| "-".into());
            if before.evidence != now.evidence {
                causes.push(format!("evidence {} → {}", before.evidence, now.evidence));
            }
            for (name, a, b) in [
                ("reach", before.reach, now.reach),
                ("impact", before.impact, now.impact),
                ("confidence", before.confidence, now.confidence),
                ("effort", before.effort, now.effort),
            ] {
                if a != b {
                    causes.push(format!("{name} {} → {}", fmt(a), fmt(b)));
                }
            }
            c.score_moves.push(Move {
                id: v.id.clone(),
                from: before.score,
                to: now.score,
                cause: causes.join(", "),
            });
        }
        if before.status != now.status {
            c.status_changes.push(StatusChange {
                id: v.id.clone(),
                from: before.status.clone(),
                to: now.status.clone(),
            });
        }
        if before.pillar.is_some() && now.pillar.is_none() {
            c.lost_pillar.push(v.id.clone());
        }
    }
    c
}

/// Views of every live story, best score first.
pub fn views(conn: &Connection, settings: &Settings) -> Result<Vec<StoryView>> {
    let mut views = stories::list(conn, &stories::StoryFilter::default())?
        .iter()
        .map(|r| Ok(StoryView::new(r, stories::note_ids(conn, r.id)?, settings)))
        .collect::<Result<Vec<_>>>()?;
    crate::domain::story::sort_by_score(&mut views);
    Ok(views)
}
