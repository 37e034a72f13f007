//! Records as they travel between notebooks: every field, references by uid.
//! This is the shape of the files `pm export --dir` writes (one TOML file per
//! record), and what every import becomes before it is merged.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteRec {
    pub uid: String,
    pub body: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub segment: Option<String>,
    pub source: Option<String>,
    pub on: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub created: String,
    pub updated: String,
    /// The uids of the person and org records it names (`who` and `org` are
    /// their names): the same person on two machines has one uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who_uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_uid: Option<String>,
    /// The id it had where it came from, kept when free here (an export read back).
    #[serde(skip)]
    pub id: Option<i64>,
    /// Stories (row ids here) to link it to as evidence; CSV imports only. In
    /// every other form the links travel with the story.
    #[serde(skip)]
    pub stories: Vec<i64>,
    /// Its uid was just made here (a CSV row), so it cannot be here already.
    #[serde(skip)]
    pub minted: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkRec {
    /// The note's uid.
    pub note: String,
    pub importance: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRec {
    pub status: String,
    pub why: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryRec {
    pub uid: String,
    /// The title the PM gave (none when it is drafted from the words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub request: String,
    pub actor: Option<String>,
    pub when: Option<String>,
    pub want: Option<String>,
    pub so: Option<String>,
    pub requested_by: Option<String>,
    pub status: String,
    /// The pillar's name.
    pub pillar: Option<String>,
    pub reach: Option<f64>,
    pub impact: Option<f64>,
    pub confidence: Option<f64>,
    pub effort: Option<f64>,
    pub ease: Option<f64>,
    pub value: Option<f64>,
    pub criticality: Option<f64>,
    pub risk: Option<f64>,
    /// The uid of the story it was merged into.
    pub merged_into: Option<String>,
    pub created: String,
    pub updated: String,
    #[serde(default)]
    pub evidence: Vec<LinkRec>,
    #[serde(default)]
    pub history: Vec<EventRec>,
    /// now, next or later: its place on the roadmap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<String>,
    /// Its order within the horizon (`pm story plan --before`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentRec>,
    #[serde(skip)]
    pub id: Option<i64>,
}

/// A mock-up or link on a story. The bytes travel base64 in `data` (JSON), or
/// as a file beside the records named in `file` (the folder export).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachmentRec {
    pub uid: String,
    pub name: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckinRec {
    pub uid: String,
    pub topic: String,
    pub with: String,
    pub at: String,
    #[serde(default)]
    pub done: bool,
    pub outcome: Option<String>,
    pub done_at: Option<String>,
    /// Story uids.
    #[serde(default)]
    pub stories: Vec<String>,
    pub created: String,
    pub updated: String,
    #[serde(skip)]
    pub id: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DecisionRec {
    pub uid: String,
    pub text: String,
    pub why: Option<String>,
    pub pillar: Option<String>,
    pub on: String,
    /// Story uids.
    #[serde(default)]
    pub stories: Vec<String>,
    pub created: String,
    pub updated: String,
    /// The uid of the vision version it was taken under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vision: Option<String>,
    /// `current`, `confirmed` or `superseded` ("to revisit" is worked out, not stored).
    #[serde(default = "current", skip_serializing_if = "is_current")]
    pub state: String,
    /// The uid of the vision version it was confirmed under, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_under: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_why: Option<String>,
    /// The uid of the decision it replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    #[serde(skip)]
    pub id: Option<i64>,
}

fn current() -> String {
    "current".into()
}

fn is_current(s: &str) -> bool {
    s == "current"
}

/// A pillar's rename or new description.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PillarEventRec {
    pub what: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VisionRec {
    pub uid: String,
    pub text: String,
    pub why: Option<String>,
    pub created: String,
    /// Its place among the versions where it was written: two versions set in
    /// the same second keep their order in every notebook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PillarRec {
    pub uid: String,
    pub name: String,
    pub description: Option<String>,
    pub created: String,
    /// When it was retired, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<String>,
    /// Its renames and new descriptions, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<PillarEventRec>,
}

/// An organisation (account): its uid is a UUIDv5 of its name key where it
/// was made, so two notebooks that each met "Acme" share one record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgRec {
    pub uid: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub arr: Option<f64>,
    pub seats: Option<i64>,
    pub created: String,
    pub updated: String,
}

/// A person; `org` is their org's uid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonRec {
    pub uid: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub org: Option<String>,
    pub role: Option<String>,
    pub consent: Option<String>,
    pub created: String,
    pub updated: String,
}

/// A whole notebook, or the part of one being imported.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bundle {
    pub pillars: Vec<PillarRec>,
    pub visions: Vec<VisionRec>,
    pub orgs: Vec<OrgRec>,
    pub people: Vec<PersonRec>,
    pub notes: Vec<NoteRec>,
    pub stories: Vec<StoryRec>,
    pub checkins: Vec<CheckinRec>,
    pub decisions: Vec<DecisionRec>,
}

/// A uid is also a file name in the shared folder: letters, digits, `-` and `_` only.
pub fn valid_uid(uid: &str) -> bool {
    !uid.is_empty()
        && uid.len() <= 64
        && uid.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
