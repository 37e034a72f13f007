//! Stories as stored and as shown: status, the row, and the JSON view.

use super::horizon::Horizon;
use super::ids::RecordKind;
use super::jobstory::{self, Clauses};
use super::score::{self, Evidence, Explained, Inputs, Settings};
use super::word_enum::word_enum;
use serde::Serialize;

word_enum! {
    /// The statuses a story moves through.
    Status {
        Idea = "idea",
        Planned = "planned",
        Doing = "doing",
        Shipped = "shipped",
        Dropped = "dropped",
    }
}

impl Status {
    /// Shipped and dropped stories are done with: they leave the roadmap and the ranking.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Shipped | Status::Dropped)
    }
}

impl Default for Status {
    /// A new story is an idea.
    fn default() -> Self {
        Status::Idea
    }
}

impl std::str::FromStr for Status {
    type Err = String;
    /// A status in any case, or why not.
    fn from_str(s: &str) -> Result<Status, String> {
        Status::from_word(s)
            .ok_or_else(|| format!("unknown status '{s}' (one of: {})", Status::NAMES.join(", ")))
    }
}

/// Check a status (case-insensitive) and return its canonical spelling (for
/// callers that still keep the word; new code parses a [`Status`]).
pub fn parse_status(s: &str) -> Result<&'static str, String> {
    s.parse::<Status>().map(Status::as_str)
}

/// A story as the store returns it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryRow {
    pub id: i64,
    pub uid: String,
    pub request: String,
    pub clauses: Clauses,
    pub requested_by: Option<String>,
    pub status: Status,
    pub pillar: Option<String>,
    pub inputs: Inputs,
    pub evidence: Evidence,
    pub merged_into: Option<i64>,
    pub created: String,
    pub updated: String,
    /// The title the PM gave, if any.
    pub title: Option<String>,
    /// Where it sits on the roadmap (None: not on it).
    pub horizon: Option<Horizon>,
    /// Its place within the horizon, set by `--before` (None: by score).
    pub rank: Option<f64>,
}

impl StoryRow {
    /// The title given, else one drafted from the request and the want.
    pub fn title(&self) -> String {
        match self.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => t.to_string(),
            None => super::title::draft_title(&self.request, self.clauses.want.as_deref()),
        }
    }
    pub fn display_id(&self) -> String {
        RecordKind::Story.display(self.id)
    }
    pub fn text(&self) -> String {
        jobstory::render(&self.clauses)
    }
}

/// The JSON shape of a story (the fields of the CLI contract, and a few more).
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub id: String,
    pub uid: String,
    /// A short title: given, or drafted from the words.
    pub title: String,
    pub request: String,
    pub actor: Option<String>,
    pub when: Option<String>,
    pub want: Option<String>,
    pub so: Option<String>,
    pub text: String,
    pub status: Status,
    pub pillar: Option<String>,
    pub requested_by: Option<String>,
    pub reach: Option<f64>,
    pub impact: Option<f64>,
    pub confidence: Option<f64>,
    pub effort: Option<f64>,
    pub ease: Option<f64>,
    pub value: Option<f64>,
    pub criticality: Option<f64>,
    pub risk: Option<f64>,
    pub score: Option<f64>,
    pub score_explained: Explained,
    pub evidence_count: i64,
    pub importance: i64,
    pub people: i64,
    /// Per account (an org, or a person with no org), its highest importance, summed.
    pub demand: i64,
    /// The ARR of the orgs behind the story, each counted once (null: none known).
    pub arr: Option<f64>,
    /// Per org, its highest importance × its ARR, summed (null: no ARR known).
    pub arr_demand: Option<f64>,
    /// How a reach not set was found: "seats", "partly evidence only", "evidence only" (null: set or none).
    pub reach_basis: Option<&'static str>,
    pub notes: Vec<String>,
    pub merged_into: Option<String>,
    pub created: String,
    pub updated: String,
    /// now, next or later; null when not on the roadmap.
    pub horizon: Option<Horizon>,
    /// Mock-ups and links (filled where shown: story show, list, export).
    pub attachments: Vec<crate::domain::attachment::Attachment>,
}

impl StoryView {
    /// The view of `row` scored with `settings`; `notes` are the linked note ids.
    pub fn new(row: &StoryRow, notes: Vec<String>, settings: &Settings) -> StoryView {
        let x = score::explain(&row.inputs, &row.evidence, settings);
        let used = |name: &str| x.part(name).and_then(|p| p.value);
        StoryView {
            id: row.display_id(),
            uid: row.uid.clone(),
            title: row.title(),
            request: row.request.clone(),
            actor: row.clauses.actor.clone(),
            when: row.clauses.when.clone(),
            want: row.clauses.want.clone(),
            so: row.clauses.so.clone(),
            text: row.text(),
            status: row.status,
            pillar: row.pillar.clone(),
            requested_by: row.requested_by.clone(),
            reach: used("reach").or(row.inputs.reach),
            impact: row.inputs.impact,
            confidence: used("confidence").or(row.inputs.confidence),
            effort: row.inputs.effort,
            ease: row.inputs.ease,
            value: row.inputs.value,
            criticality: row.inputs.criticality,
            risk: row.inputs.risk,
            score: x.score,
            score_explained: x,
            evidence_count: row.evidence.notes,
            importance: row.evidence.importance,
            people: row.evidence.people,
            demand: row.evidence.demand,
            arr: row.evidence.arr,
            arr_demand: row.evidence.arr_demand,
            reach_basis: if row.inputs.reach.is_some() {
                None
            } else {
                score::ReachBasis::of(&row.evidence).map(score::ReachBasis::words)
            },
            notes,
            merged_into: row.merged_into.map(|m| RecordKind::Story.display(m)),
            created: row.created.clone(),
            updated: row.updated.clone(),
            horizon: row.horizon,
            attachments: Vec::new(),
        }
    }
}

/// Order stories best score first, unscored last (stable, so ties keep their order).
pub fn sort_by_score(views: &mut [StoryView]) {
    views.sort_by(|a, b| {
        b.score.unwrap_or(f64::NEG_INFINITY).total_cmp(&a.score.unwrap_or(f64::NEG_INFINITY))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_checked() {
        assert_eq!("Shipped".parse(), Ok(Status::Shipped));
        assert_eq!(parse_status(" doing "), Ok("doing"));
        assert_eq!(
            "done".parse::<Status>().unwrap_err(),
            "unknown status 'done' (one of: idea, planned, doing, shipped, dropped)"
        );
        assert_eq!(serde_json::to_string(&Status::Dropped).unwrap(), "\"dropped\"");
        assert!(Status::Shipped.is_closed() && !Status::Doing.is_closed());
    }
}
