//! The report model: everything a PM brings to a planning meeting, built from the store.
//! It is also what a recorded meeting keeps (as JSON), so it reads back as it was.

use super::changes::{self, Shipped};
use super::evidence::evidence;
use super::quotes::quotes;
use super::ranked::{segments, weighing_most};
use super::shares::pillar_shares;
use crate::domain::score::{Explained, Settings};
use crate::domain::story::StoryView;
use crate::error::Result;
use crate::store::{Conn, meetings, plans, stories};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::matrix::matrix;
pub use super::matrix::value_of;

/// A field added later reads as empty from a meeting recorded before it.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    pub generated: String,
    /// The currency ARR is in (the config's `[report] currency` when it was built).
    pub currency: String,
    /// What "since" means: a date (YYYY-MM-DD), or when the baseline meeting was recorded.
    pub since: Option<String>,
    /// The meeting this report compares with, if any.
    pub meeting: Option<MeetingRef>,
    pub vision: Option<plans::Vision>,
    pub pillars: Vec<PillarShare>,
    /// The best-scored stories still to do (shipped and dropped ones are not ranked).
    pub stories: Vec<Ranked>,
    /// The first unscored stories (as many as the top N), oldest first.
    pub unscored: Vec<Unscored>,
    /// How many live stories have no score.
    pub unscored_total: i64,
    /// Stories shipped since the baseline (at most 20, in id order; `shipped_total` counts them all).
    pub shipped: Vec<StoryRef>,
    pub shipped_total: i64,
    pub matrix: Matrix,
    pub evidence: EvidenceSummary,
    /// Overdue check-ins (past, no outcome), upcoming ones (soonest first), then those held since.
    pub checkins: Vec<CheckinItem>,
    pub decisions: Vec<plans::Decision>,
    /// Decisions taken under an earlier vision, not confirmed or superseded since.
    pub to_revisit: Vec<plans::Decision>,
    pub changes: Changes,
    /// The short title of every story the report names, by id.
    pub titles: BTreeMap<String, String>,
}

/// The baseline meeting: its name and when it was recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeetingRef {
    pub name: String,
    pub at: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PillarShare {
    pub name: String,
    pub top: usize,
    pub share: f64,
    pub stories: i64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Ranked {
    pub rank: usize,
    pub id: String,
    pub title: String,
    pub text: String,
    pub score: f64,
    pub score_explained: Explained,
    pub evidence_count: i64,
    pub importance: i64,
    /// Per org (or person with none), the highest importance, summed.
    #[serde(default)]
    pub demand: i64,
    /// The ARR of the orgs behind it, each once (null: none known).
    #[serde(default)]
    pub arr: Option<f64>,
    /// How a reach not set was found ("seats", "partly evidence only", "evidence only"); null when set.
    #[serde(default)]
    pub reach_basis: Option<String>,
    pub status: String,
    pub pillar: Option<String>,
    /// The segments its evidence comes from: how many linked notes each.
    pub segments: Vec<SegmentCount>,
    /// The accounts that weigh most in its demand (at most five): highest
    /// importance first, then ARR; `accounts_total` counts them all.
    #[serde(default)]
    pub accounts: Vec<crate::domain::score::Contributor>,
    #[serde(default)]
    pub accounts_total: usize,
    /// The customers' own words: one or two sentences that make its case.
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SegmentCount {
    pub segment: String,
    pub notes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub note: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub on: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Unscored {
    pub id: String,
    pub title: String,
    pub text: String,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoryRef {
    pub id: String,
    pub title: String,
}

/// Value against effort, split at fixed thresholds (the config's `[report]`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Matrix {
    pub value_threshold: f64,
    pub effort_threshold: f64,
    pub quick_wins: Vec<String>,
    pub big_bets: Vec<String>,
    pub fill_ins: Vec<String>,
    pub money_pits: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct EvidenceSummary {
    pub notes: i64,
    pub by_source: BTreeMap<String, i64>,
    pub by_segment: BTreeMap<String, i64>,
    pub top_tags: Vec<(String, i64)>,
    /// The people heard from most (at most 20), and how many in all.
    pub people: Vec<String>,
    pub people_total: i64,
}

/// A check-in as the report shows it: overdue when its time has passed with no outcome.
#[derive(Debug, Serialize, Deserialize)]
pub struct CheckinItem {
    #[serde(flatten)]
    pub checkin: plans::Checkin,
    pub overdue: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Changes {
    pub since: Option<String>,
    /// The first stories new since the baseline (at most 20, in id order).
    pub new_stories: Vec<String>,
    /// How many stories are new since the baseline (listed or not).
    #[serde(default)]
    pub new_stories_total: i64,
    pub score_moves: Vec<Move>,
    pub status_changes: Vec<StatusChange>,
    pub lost_pillar: Vec<String>,
    /// Each story that lost its pillar, and why (the pillar removed, or moved off it).
    #[serde(default)]
    pub lost_pillar_causes: Vec<LostPillar>,
    /// Pillars renamed, described again or retired since the baseline: a
    /// rename or retirement moves no story's row, yet changes what the work serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pillar_events: Vec<crate::store::pillars::PillarEvent>,
    /// Stories moved on the roadmap: "S4 moved Next → Now" (`from`/`to` null: off it).
    #[serde(default)]
    pub horizon_moves: Vec<HorizonMove>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct HorizonMove {
    pub id: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Move {
    pub id: String,
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub cause: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct StatusChange {
    pub id: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LostPillar {
    pub id: String,
    pub pillar: Option<String>,
    pub cause: String,
}

/// What the report compares with: a meeting, or a date.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// A date (YYYY-MM-DD) or a UTC stamp (the meeting's).
    pub since: String,
    /// The last change before it: the operation log after it is what changed.
    pub change_id: i64,
    pub meeting: Option<MeetingRef>,
}

impl Baseline {
    pub fn meeting(m: &meetings::Meeting) -> Baseline {
        Baseline {
            since: m.at.clone(),
            change_id: m.change_id,
            meeting: Some(MeetingRef { name: m.name.clone(), at: m.at.clone() }),
        }
    }

    pub fn date(conn: &Conn, date: &str) -> Result<Baseline> {
        Ok(Baseline {
            since: date.to_string(),
            change_id: crate::store::report::changes::change_before(conn, date)?,
            meeting: None,
        })
    }
}

/// What the matrix and the ranking are built with.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub settings: &'a Settings,
    pub top: usize,
    pub value_threshold: f64,
    pub effort_threshold: f64,
    pub currency: &'a str,
}

/// Build the report as of `now`, compared with `baseline` (none: no meeting yet).
pub fn build(conn: &Conn, o: &Options, baseline: Option<&Baseline>, now: &str) -> Result<Report> {
    let since = baseline.map(|b| b.since.as_str());
    let top_rows = stories::top(conn, o.top)?;
    let top_views: Vec<StoryView> =
        top_rows.iter().map(|row| StoryView::new(row, Vec::new(), o.settings)).collect();
    let mut ranked = Vec::new();
    for (i, (v, row)) in top_views.iter().zip(&top_rows).enumerate() {
        let story_id = row.id;
        let (accounts, accounts_total) = weighing_most(conn, story_id)?;
        ranked.push(Ranked {
            rank: i + 1,
            id: v.id.clone(),
            title: v.title.clone(),
            text: v.text.clone(),
            score: v.score.unwrap_or_default(),
            score_explained: v.score_explained.clone(),
            evidence_count: v.evidence_count,
            importance: v.importance,
            demand: v.demand,
            arr: v.arr,
            reach_basis: v.reach_basis.map(String::from),
            status: v.status.to_string(),
            pillar: v.pillar.clone(),
            segments: segments(conn, story_id)?,
            accounts,
            accounts_total,
            quotes: quotes(conn, story_id, &format!("{} {} {}", v.title, v.request, v.text))?,
        });
    }
    let (unscored_rows, unscored_total) = stories::unscored(conn, o.top)?;
    let unscored: Vec<Unscored> = unscored_rows
        .iter()
        .map(|r| {
            let v = StoryView::new(r, Vec::new(), o.settings);
            Unscored {
                id: v.id,
                title: v.title,
                text: v.text,
                missing: v.score_explained.missing.iter().map(|m| m.to_string()).collect(),
            }
        })
        .collect();
    let top_refs: Vec<&StoryView> = top_views.iter().collect();
    let (changes, shipped, mut titles) = match baseline {
        Some(b) => changes::changes(conn, o.settings, b)?,
        // No meeting yet: everything is "since", so every shipped story is listed.
        None => (Changes::default(), changes::all_shipped(conn)?, BTreeMap::new()),
    };
    let Shipped { total: shipped_total, listed: shipped } = shipped;
    for v in &top_views {
        titles.insert(v.id.clone(), v.title.clone());
    }
    let mut checkins: Vec<CheckinItem> = plans::checkins(conn, Some("overdue"), now)?
        .into_iter()
        .map(|c| CheckinItem { checkin: c, overdue: true })
        .collect();
    checkins.extend(
        plans::checkins(conn, Some("upcoming"), now)?
            .into_iter()
            .chain(plans::checkins(conn, Some("done-since"), since.unwrap_or(""))?)
            .map(|c| CheckinItem { checkin: c, overdue: false }),
    );
    Ok(Report {
        generated: now.to_string(),
        currency: o.currency.to_string(),
        since: since.map(String::from),
        meeting: baseline.and_then(|b| b.meeting.clone()),
        vision: plans::visions(conn)?.pop(),
        pillars: pillar_shares(conn, &top_refs)?,
        stories: ranked,
        unscored,
        unscored_total,
        shipped,
        shipped_total,
        matrix: matrix(&top_refs, o),
        evidence: evidence(conn, since)?,
        checkins,
        decisions: plans::decisions(conn, since)?,
        to_revisit: crate::store::decisions::to_revisit(conn)?,
        changes,
        titles,
    })
}
