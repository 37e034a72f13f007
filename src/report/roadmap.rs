//! `pm roadmap`: the stories placed Now / Next / Later, for an audience.
//!
//! - everyone (no `--for`): id, title, pillar, score, confidence, evidence weight;
//! - `--for team`: that, plus each story's check-ins and evidence;
//! - `--for exec`: titles, outcomes and pillars only. No ids, names, orgs or
//!   quotes; names caught inside titles and outcomes are redacted with the
//!   export's redaction (`pm export --redact`).

use crate::domain::horizon::Horizon;
use crate::domain::score::Settings;
use crate::domain::story::StoryView;
use crate::error::Result;
use crate::store::Conn;
use crate::store::{plans, stories};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Executives: titles, outcomes and pillars; no names, organisations or quotes
    Exec,
    /// The team: ids, numbers, check-ins and evidence
    Team,
}

#[derive(Debug, Serialize)]
pub struct Roadmap {
    /// exec, team, or null (everyone)
    pub audience: Option<Audience>,
    pub now: Vec<Item>,
    pub next: Vec<Item>,
    pub later: Vec<Item>,
}

impl Roadmap {
    /// The horizons with their stories, in roadmap order.
    pub fn columns(&self) -> [(Horizon, &Vec<Item>); 3] {
        [(Horizon::Now, &self.now), (Horizon::Next, &self.next), (Horizon::Later, &self.later)]
    }
}

#[derive(Debug, Serialize)]
pub struct Item {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    /// What it lets people do: the job story's "so" clause.
    pub outcome: Option<String>,
    pub pillar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Option<f64>>,
    /// The evidence weight: per distinct person, the highest importance, summed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importance: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkins: Option<Vec<CheckinRef>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<stories::LinkedNote>>,
    /// Internal: the story's row id (for attachments in the brief).
    #[serde(skip)]
    pub row: i64,
}

#[derive(Debug, Serialize)]
pub struct CheckinRef {
    pub id: String,
    pub topic: String,
    pub with: String,
    pub at: String,
    pub done: bool,
}

/// The roadmap as of `now` for `audience` (None: everyone).
pub fn build(conn: &Conn, settings: &Settings, audience: Option<Audience>, now: &str) -> Result<Roadmap> {
    let exec = audience == Some(Audience::Exec);
    let team = audience == Some(Audience::Team);
    // Every person and organisation the notebook names, to redact from exec titles.
    let pseudonyms = if exec { Some(super::exec::pseudonyms(conn, settings, now)?) } else { None };
    let checkins = if team { plans::checkins(conn, None, now)? } else { Vec::new() };
    let mut columns: [Vec<Item>; 3] = Default::default();
    for row in stories::on_horizon(conn, None)? {
        let Some(at) = Horizon::ALL.iter().position(|h| Some(*h) == row.horizon) else { continue };
        let v = StoryView::new(&row, Vec::new(), settings);
        let clean = |t: &str| match &pseudonyms {
            Some(p) => p.text(t),
            None => t.to_string(),
        };
        let item = Item {
            id: (!exec).then(|| v.id.clone()),
            title: clean(&v.title),
            outcome: v.so.as_deref().map(clean),
            pillar: v.pillar.clone(),
            status: (!exec).then(|| v.status.to_string()),
            score: (!exec).then_some(v.score),
            confidence: (!exec).then_some(v.confidence),
            importance: (!exec).then_some(v.importance),
            evidence_count: (!exec).then_some(v.evidence_count),
            checkins: team.then(|| {
                checkins
                    .iter()
                    .filter(|c| c.stories.contains(&v.id))
                    .map(|c| CheckinRef {
                        id: c.id.clone(),
                        topic: c.topic.clone(),
                        with: c.with.clone(),
                        at: c.at.clone(),
                        done: c.done,
                    })
                    .collect()
            }),
            evidence: if team { Some(stories::evidence(conn, row.id)?) } else { None },
            row: row.id,
        };
        columns[at].push(item);
    }
    let [now_, next, later] = columns;
    Ok(Roadmap { audience, now: now_, next, later })
}
