//! The vision summary (`pm vision show`): how the work serves the vision. The
//! statement and how it got here, then per pillar its stories, the evidence
//! behind them, the decisions taken under it and its share of the ranked work;
//! what points at no current pillar, pillars nobody works on or asked for, and
//! the decisions the vision has moved away from.

use crate::domain::score::Settings;
use crate::domain::story::{StoryRow, StoryView};
use crate::error::Result;
use crate::store::Conn;
use crate::store::pillars::{self, PillarEvent};
use crate::store::plans::{self, Decision, Vision};
use crate::store::vision::{self as store_vision, Evidence};
use crate::store::{decisions, stories};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Summary {
    pub statement: Option<String>,
    /// When the statement last changed (a stamp), and why.
    pub since: Option<String>,
    pub why: Option<String>,
    /// The current version's number (1 for the first statement).
    pub version: Option<i64>,
    /// Every statement, oldest first.
    pub versions: Vec<Version>,
    /// Pillars added, renamed, described anew and retired, oldest first.
    pub pillar_changes: Vec<PillarEvent>,
    /// The current pillars, in the order they were added.
    pub pillars: Vec<PillarSummary>,
    /// Retired pillars, with how many stories still point at them.
    pub retired: Vec<Retired>,
    /// Live stories that point at no current pillar (none, or a retired one).
    pub unaligned: Vec<StoryLine>,
    /// Stories ranked and still to do: what the shares are shares of.
    pub ranked: usize,
    /// Current pillars with no live story.
    pub no_work: Vec<String>,
    /// Current pillars with stories but no note behind any of them.
    pub no_evidence: Vec<String>,
    /// Decisions taken under an earlier vision, not confirmed or superseded since.
    pub to_revisit: Vec<Decision>,
    /// The current version as `pm vision show --format json` gave it first.
    pub vision: Option<Vision>,
}

#[derive(Debug, Serialize)]
pub struct Version {
    pub version: i64,
    pub text: String,
    pub why: Option<String>,
    pub since: String,
}

#[derive(Debug, Serialize)]
pub struct PillarSummary {
    pub name: String,
    pub description: Option<String>,
    /// Its live stories, in priority order (best score first, unscored last).
    pub stories: Vec<StoryLine>,
    pub evidence: Evidence,
    /// Decisions taken under it, newest first.
    pub decisions: Vec<Decision>,
    /// Its percentage of the ranked work, and how many ranked stories that is.
    pub share: f64,
    pub ranked: usize,
}

#[derive(Debug, Serialize)]
pub struct Retired {
    pub name: String,
    pub description: Option<String>,
    pub retired: String,
    pub stories: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryLine {
    pub id: String,
    pub title: String,
    pub score: Option<f64>,
    pub status: String,
    /// The pillar it points at, if any (for stories under a retired one).
    pub pillar: Option<String>,
}

impl StoryLine {
    /// Ranked work: scored, and neither shipped nor dropped.
    pub fn is_ranked(&self) -> bool {
        self.score.is_some() && !matches!(self.status.as_str(), "shipped" | "dropped")
    }
}

/// The few words that name a story in the summary: its title, given or drafted.
pub fn story_title(row: &StoryRow) -> String {
    row.title()
}

pub fn build(conn: &Conn, settings: &Settings) -> Result<Summary> {
    let all_versions = plans::visions(conn)?;
    let versions: Vec<Version> = all_versions
        .iter()
        .enumerate()
        .map(|(i, v)| Version {
            version: i as i64 + 1,
            text: v.text.clone(),
            why: v.why.clone(),
            since: v.created.clone(),
        })
        .collect();
    let current = all_versions.last().cloned();

    let mut lines: Vec<StoryLine> = stories::list(conn, &stories::StoryFilter::default())?
        .iter()
        .map(|row| {
            let view = StoryView::new(row, Vec::new(), settings);
            StoryLine {
                id: view.id,
                title: story_title(row),
                score: view.score,
                status: view.status.to_string(),
                pillar: view.pillar,
            }
        })
        .collect();
    // Priority order: best score first, unscored last; stories keep their age order within ties.
    lines.sort_by(|a, b| {
        b.score.unwrap_or(f64::NEG_INFINITY).total_cmp(&a.score.unwrap_or(f64::NEG_INFINITY))
    });
    let ranked = lines.iter().filter(|s| s.is_ranked()).count();
    let share = |n: usize| if ranked == 0 { 0.0 } else { (n as f64 * 1000.0 / ranked as f64).round() / 10.0 };

    let evidence = store_vision::evidence_by_pillar(conn)?;
    let mut pillars_out = Vec::new();
    let mut retired = Vec::new();
    for p in pillars::all(conn)? {
        let of_pillar: Vec<StoryLine> =
            lines.iter().filter(|s| s.pillar.as_deref() == Some(p.name.as_str())).cloned().collect();
        if let Some(when) = p.retired {
            retired.push(Retired {
                name: p.name,
                description: p.description,
                retired: when,
                stories: of_pillar.len(),
            });
            continue;
        }
        let n = of_pillar.iter().filter(|s| s.is_ranked()).count();
        pillars_out.push(PillarSummary {
            evidence: evidence.get(&p.id).copied().unwrap_or_default(),
            decisions: decisions::of_pillar(conn, p.id)?,
            share: share(n),
            ranked: n,
            name: p.name,
            description: p.description,
            stories: of_pillar,
        });
    }
    let unaligned: Vec<StoryLine> = lines
        .into_iter()
        .filter(|s| !pillars_out.iter().any(|p| s.pillar.as_deref() == Some(p.name.as_str())))
        .collect();
    Ok(Summary {
        statement: current.as_ref().map(|v| v.text.clone()),
        since: current.as_ref().map(|v| v.created.clone()),
        why: current.as_ref().and_then(|v| v.why.clone()),
        version: decisions::latest_version(conn)?,
        versions,
        pillar_changes: pillars::history(conn)?,
        no_work: pillars_out.iter().filter(|p| p.stories.is_empty()).map(|p| p.name.clone()).collect(),
        no_evidence: pillars_out
            .iter()
            .filter(|p| !p.stories.is_empty() && p.evidence.notes == 0)
            .map(|p| p.name.clone())
            .collect(),
        pillars: pillars_out,
        retired,
        unaligned,
        ranked,
        to_revisit: decisions::to_revisit(conn)?,
        vision: current,
    })
}
