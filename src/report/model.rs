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
    /// The first unscored stories (as many as the top N), oldest first.
    pub unscored: Vec<Unscored>,
    /// How many live stories have no score.
    pub unscored_total: i64,
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
    /// The people heard from most (at most 20), and how many in all.
    pub people: Vec<String>,
    pub people_total: i64,
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

/// When the last report ran, if one did.
pub fn last_run(conn: &Connection) -> Result<Option<String>> {
    Ok(rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT generated FROM reports ORDER BY id DESC LIMIT 1",
        [],
        |r| r.get(0),
    ))?)
}

/// Remember this run: when, the ranking it showed, and what it saw of each story
/// (rewriting only the stories that changed since the last run).
pub fn record(conn: &Connection, report: &Report) -> Result<()> {
    let ranking: Vec<(&str, f64)> = report.stories.iter().map(|r| (r.id.as_str(), r.score)).collect();
    conn.execute(
        "INSERT INTO reports (generated, ranking) VALUES (?1, ?2)",
        (&report.generated, serde_json::to_string(&ranking)?),
    )?;
    conn.execute(
        &format!(
            "INSERT OR REPLACE INTO report_seen (story_id, {SEEN})
             SELECT s.id, {seen}
             FROM stories s LEFT JOIN report_seen r ON r.story_id = s.id
             WHERE {candidates} AND s.merged_into IS NULL AND ({differs})",
            seen = columns("s"),
            candidates = candidates(conn)?,
            differs = differs(),
        ),
        [],
    )?;
    Ok(())
}

/// The stories that may differ from what the last report saw: those the
/// operation log shows were written since that report ran (all of them before
/// the first report). An index range of the log, not a scan of every story.
fn candidates(conn: &Connection) -> Result<&'static str> {
    let seen_any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM report_seen)", [], |r| r.get(0))?;
    Ok(if !seen_any {
        "1"
    } else {
        "s.id IN (SELECT json_extract(o.row_key, '$.id') FROM ops o
                  WHERE o.tbl = 'stories'
                    AND o.change_id > coalesce((SELECT max(c.id) FROM changes c
                                                WHERE c.command = 'report' AND c.id < (SELECT max(id) FROM changes)), 0))"
    })
}

/// What the report remembers of a story: enough to score it as it was.
const SEEN: &str = "score, status, pillar_id, evidence_count, people, orgs, sources, importance, \
    reach, impact, confidence, effort, ease, value, criticality, risk";

fn columns(table: &str) -> String {
    SEEN.split(", ").map(|c| format!("{table}.{c}")).collect::<Vec<_>>().join(", ")
}

/// A story differs from what the last report saw of it (or is new since).
fn differs() -> String {
    let each: Vec<String> = SEEN.split(", ").map(|c| format!("r.{c} IS NOT s.{c}")).collect();
    format!("r.story_id IS NULL OR {}", each.join(" OR "))
}

/// Build the report. `since` is a UTC stamp (or a date) for "since the last meeting";
/// `top` the ranked count; `previous` whether an earlier report ran (for changes).
pub fn build(
    conn: &Connection,
    settings: &Settings,
    previous: bool,
    since: Option<&str>,
    top: usize,
    now: &str,
) -> Result<Report> {
    let mut top_views = Vec::new();
    for row in stories::top(conn, top)? {
        top_views.push(StoryView::new(&row, Vec::new(), settings));
    }
    let ranked: Vec<Ranked> = top_views
        .iter()
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
    let (unscored_rows, unscored_total) = stories::unscored(conn, top)?;
    let unscored = unscored_rows
        .iter()
        .map(|r| {
            let v = StoryView::new(r, Vec::new(), settings);
            Unscored { id: v.id, text: v.text, missing: v.score_explained.missing }
        })
        .collect();
    let top_refs: Vec<&StoryView> = top_views.iter().collect();
    Ok(Report {
        generated: now.to_string(),
        since: since.map(String::from),
        vision: plans::visions(conn)?.pop(),
        pillars: pillar_shares(conn, &top_refs)?,
        stories: ranked,
        unscored,
        unscored_total,
        matrix: matrix(&top_refs, settings),
        evidence: evidence(conn, since)?,
        checkins: [
            plans::checkins(conn, Some("upcoming"), now)?,
            plans::checkins(conn, Some("done-since"), since.unwrap_or(""))?,
        ]
        .concat(),
        decisions: plans::decisions(conn, since)?,
        changes: if previous {
            changes(conn, settings, since)?
        } else {
            Changes { since: since.map(String::from), ..Changes::default() }
        },
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
    let people = grouped(
        "SELECT min(who), count(*) FROM notes WHERE {cond} AND trim(coalesce(who, '')) != ''
         GROUP BY lower(trim(who)) ORDER BY 2 DESC, 1",
    )?;
    e.people_total = people.len() as i64;
    e.people = people.into_iter().take(20).map(|(w, _)| w).collect();
    Ok(e)
}

/// What changed since the last report: stories it did not see, and those whose
/// score, status or pillar moved, with the cause. One pass over two indexed
/// tables; only the stories that changed are scored again, as they were and are.
fn changes(conn: &Connection, settings: &Settings, since: Option<&str>) -> Result<Changes> {
    let mut c = Changes { since: since.map(String::from), ..Changes::default() };
    let mut stmt = conn.prepare(&format!(
        "SELECT s.id, r.story_id IS NULL, {theirs}, {ours}
         FROM stories s LEFT JOIN report_seen r ON r.story_id = s.id
         WHERE {candidates} AND s.merged_into IS NULL AND ({differs})
         ORDER BY s.id",
        theirs = columns("r"),
        ours = columns("s"),
        candidates = candidates(conn)?,
        differs = differs(),
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = crate::domain::ids::RecordKind::Story.display(r.get(0)?);
        if r.get::<_, bool>(1)? {
            c.new_stories.push(id);
            continue;
        }
        let (before, after) = (Seen::at(r, 2)?, Seen::at(r, 18)?);
        if before.score != after.score {
            let was = crate::domain::score::explain(&before.inputs, &before.evidence, settings);
            let is = crate::domain::score::explain(&after.inputs, &after.evidence, settings);
            let fmt = |x: Option<f64>| x.map(crate::domain::score::fmt).unwrap_or_else(|| "-".into());
            let mut causes = Vec::new();
            if before.evidence.notes != after.evidence.notes {
                causes.push(format!("evidence {} → {}", before.evidence.notes, after.evidence.notes));
            }
            for (a, b) in was.parts.iter().zip(&is.parts) {
                if a.value != b.value {
                    causes.push(format!("{} {} → {}", a.name, fmt(a.value), fmt(b.value)));
                }
            }
            if causes.is_empty() {
                causes.push("the scoring settings changed".into());
            }
            c.score_moves.push(Move {
                id: id.clone(),
                from: before.score,
                to: after.score,
                cause: causes.join(", "),
            });
        }
        if before.status != after.status {
            c.status_changes.push(StatusChange { id: id.clone(), from: before.status, to: after.status });
        }
        if before.pillar.is_some() && after.pillar.is_none() {
            c.lost_pillar.push(id);
        }
    }
    Ok(c)
}

/// A story as a report saw it (the columns of [`SEEN`]).
struct Seen {
    score: Option<f64>,
    status: String,
    pillar: Option<i64>,
    evidence: crate::domain::score::Evidence,
    inputs: crate::domain::score::Inputs,
}

impl Seen {
    fn at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Seen> {
        Ok(Seen {
            score: r.get(i)?,
            status: r.get(i + 1)?,
            pillar: r.get(i + 2)?,
            evidence: crate::store::stories::evidence_at(r, i + 3)?,
            inputs: crate::store::stories::inputs_at(r, i + 8)?,
        })
    }
}
