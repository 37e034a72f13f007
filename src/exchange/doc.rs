//! The JSON export's document read back (or a hand-made JSON list of notes or
//! stories) into records that reference each other by uid. Writing it is
//! `export_doc.rs`.

use super::records::*;
use crate::domain::ids::{self, IdRef, RecordKind};
use crate::domain::score::Inputs;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The version of this document's shape.
pub const FORMAT_VERSION: u32 = 1;

pub use super::export_doc::{ExportDoc, StoryOut, each_record, export};

#[derive(Debug, Serialize, Deserialize)]
pub struct LinkOut {
    pub note: String,
    pub importance: u8,
    /// The customer's words kept on the link (`pm story link --quote`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

// ---- reading a document back ----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocIn {
    pub format_version: Option<u32>,
    pub orgs: Vec<DocOrg>,
    pub people: Vec<DocPerson>,
    pub notes: Vec<DocNote>,
    pub stories: Vec<DocStory>,
    pub checkins: Vec<DocCheckin>,
    pub decisions: Vec<DocDecision>,
    pub vision: Vec<DocVision>,
    pub pillars: Vec<DocPillar>,
}

/// An organisation as exported (its counts are worked out, not read back).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocOrg {
    pub uid: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub arr: Option<f64>,
    pub seats: Option<i64>,
    pub created: Option<String>,
    pub updated: Option<String>,
}

/// A person as exported: `org` is the org's name.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocPerson {
    pub uid: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub org: Option<String>,
    pub role: Option<String>,
    pub consent: Option<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocNote {
    pub id: Option<String>,
    pub uid: Option<String>,
    pub body: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub segment: Option<String>,
    pub source: Option<String>,
    pub on: Option<String>,
    pub tags: Vec<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocStory {
    pub id: Option<String>,
    pub uid: Option<String>,
    pub request: Option<String>,
    pub actor: Option<String>,
    pub when: Option<String>,
    pub want: Option<String>,
    pub so: Option<String>,
    pub status: Option<String>,
    pub pillar: Option<String>,
    pub requested_by: Option<String>,
    pub title: Option<String>,
    /// The numbers the PM set; without it, the numbers at the top level are taken as set.
    pub set: Option<Inputs>,
    /// The numbers at the top level (`reach`, `impact`, ...), used when there is no `set`.
    #[serde(flatten)]
    pub numbers: Inputs,
    pub evidence: Option<Vec<LinkOut>>,
    pub notes: Vec<String>,
    pub history: Vec<EventRec>,
    pub merged_into: Option<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub horizon: Option<String>,
    pub rank: Option<f64>,
    pub attachments: Vec<AttachmentRec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocCheckin {
    pub id: Option<String>,
    pub uid: Option<String>,
    pub topic: String,
    pub with: String,
    pub at: String,
    pub done: bool,
    pub outcome: Option<String>,
    pub done_at: Option<String>,
    pub stories: Vec<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocDecision {
    pub id: Option<String>,
    pub uid: Option<String>,
    pub text: String,
    pub why: Option<String>,
    pub pillar: Option<String>,
    pub stories: Vec<String>,
    pub on: Option<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub vision_version: Option<i64>,
    pub state: Option<String>,
    pub confirmed_under: Option<i64>,
    pub state_why: Option<String>,
    pub supersedes: Option<String>,
    pub superseded_by: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocVision {
    pub uid: Option<String>,
    pub text: String,
    pub why: Option<String>,
    pub created: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DocPillar {
    pub uid: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub created: Option<String>,
    pub retired: Option<String>,
    pub history: Vec<PillarEventRec>,
}

/// Turns the document's local ids into uids: a record without a uid gets a new one.
struct Ids {
    notes: HashMap<String, String>,
    stories: HashMap<String, String>,
}

impl Ids {
    /// The uid of the record the file names `given`: by its id, else by a uid
    /// one of its records with an id has.
    fn resolve(map: &HashMap<String, String>, given: &str) -> Option<String> {
        map.get(&given.trim().to_uppercase())
            .cloned()
            .or_else(|| map.values().find(|u| u.as_str() == given.trim()).cloned())
    }
}

/// What a file's reference to a record it does not hold says.
pub(super) fn not_in_file(field: &str, given: &str) -> String {
    format!("{field}: '{given}' is not in the file")
}

pub(super) fn uid_or_new(uid: &Option<String>) -> String {
    uid.clone().filter(|u| !u.trim().is_empty()).unwrap_or_else(crate::store::new_uid)
}

pub(super) fn local_id(id: &Option<String>, kind: RecordKind) -> Option<i64> {
    match ids::parse(id.as_deref()?, kind) {
        Ok(IdRef::Local(n)) => Some(n),
        _ => None,
    }
}

/// The largest local id a file may carry: a notebook never gets near it, and an
/// id at SQLite's limit would make every later record's id random.
pub const MAX_LOCAL_ID: i64 = 999_999_999;

/// Check a record's `id` (its kind's letter and a number from 1 to [`MAX_LOCAL_ID`])
/// and that no other record of its kind in the file has it or its uid (`first`
/// says whether a key is met for the first time among them).
fn check_record(
    kind: RecordKind,
    id: &Option<String>,
    uid: &Option<String>,
    first: &mut dyn FnMut(String) -> bool,
) -> std::result::Result<(), String> {
    if let Some(id) = id {
        let n = local_id(&Some(id.clone()), kind).filter(|n| (1..=MAX_LOCAL_ID).contains(n));
        if n.is_none() {
            return Err(format!(
                "id: '{}' is not a {} id ({}1 to {}{MAX_LOCAL_ID})",
                crate::domain::text::one_line(id),
                kind.noun(),
                kind.prefix(),
                kind.prefix()
            ));
        }
        if !first(id.trim().to_uppercase()) {
            return Err(format!("id: {} appears twice in the file", id.trim()));
        }
    }
    uid_once(uid, first)
}

/// A record's uid, if it has one, is not one an earlier record of its kind had.
fn uid_once(uid: &Option<String>, first: &mut dyn FnMut(String) -> bool) -> std::result::Result<(), String> {
    match uid.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(uid) if !first(format!("uid:{uid}")) => {
            Err(format!("uid: '{}' appears twice in the file", crate::domain::text::one_line(uid)))
        }
        _ => Ok(()),
    }
}

/// A stored moment from the file: RFC 3339, kept as UTC with a `Z` so that
/// comparing two as text (the newer `updated` wins a merge) compares times.
pub(super) fn moment(field: &str, value: &Option<String>) -> std::result::Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(v) => chrono::DateTime::parse_from_rfc3339(v.trim())
            .map(|t| Some(crate::clock::stamp(t)))
            .map_err(|_| {
                format!(
                    "{field}: '{}' is not an RFC 3339 time (e.g. 2026-11-20T09:00:00Z)",
                    crate::domain::text::one_line(v)
                )
            }),
    }
}

/// The records of a document, or the first problem with where it is (`notes[3] (N4): on: ...`).
pub fn to_bundle(mut doc: DocIn, now: &str, today: &str) -> std::result::Result<Bundle, String> {
    check_version(doc.format_version)?;
    let (mut b, names) = named(doc.pillars, doc.vision, doc.orgs, doc.people, now)?;
    let mut map = Ids { notes: HashMap::new(), stories: HashMap::new() };
    let mut seen = std::collections::HashSet::new();
    for (i, mut n) in doc.notes.into_iter().enumerate() {
        let at = where_("notes", i, &n.id);
        check_note(&mut n, &mut |k| seen.insert(k)).map_err(|e| format!("{at}: {e}"))?;
        let uid = uid_or_new(&n.uid);
        if let Some(id) = &n.id {
            map.notes.insert(id.trim().to_uppercase(), uid.clone());
        }
        b.notes.push(note_rec(n, uid, &names, now, today));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, s) in doc.stories.iter_mut().enumerate() {
        let at = where_("stories", i, &s.id);
        check_story(s, &mut |k| seen.insert(k)).map_err(|e| format!("{at}: {e}"))?;
    }
    for s in &doc.stories {
        if let Some(id) = &s.id {
            map.stories.insert(id.trim().to_uppercase(), uid_or_new(&s.uid));
        }
    }
    for (i, s) in doc.stories.into_iter().enumerate() {
        let at = where_("stories", i, &s.id);
        let uid = match &s.id {
            Some(id) => map.stories[&id.trim().to_uppercase()].clone(),
            None => uid_or_new(&s.uid),
        };
        let rec = story_rec(s, uid, now, |kind, given, field| {
            let ids = if kind == RecordKind::Note { &map.notes } else { &map.stories };
            Ids::resolve(ids, given).ok_or_else(|| not_in_file(field, given))
        })
        .map_err(|e| format!("{at}: {e}"))?;
        b.stories.push(rec);
    }
    let stories = |given: &str| Ok(Ids::resolve(&map.stories, given));
    let (checkins, decisions) = plan_records(doc.checkins, doc.decisions, &b.visions, now, today, stories)?;
    b.checkins = checkins;
    b.decisions = decisions;
    Ok(b)
}

/// Refuse a document from a newer pm.
pub(super) fn check_version(v: Option<u32>) -> std::result::Result<(), String> {
    match v.filter(|v| *v > FORMAT_VERSION) {
        Some(v) => Err(format!("format_version {v} is newer than this pm reads ({FORMAT_VERSION})")),
        None => Ok(()),
    }
}

/// Where a record is in the file: `notes[3] (N4)`.
pub(super) fn where_(kind: &str, i: usize, id: &Option<String>) -> String {
    match id {
        Some(id) => format!("{kind}[{i}] ({id})"),
        None => format!("{kind}[{i}]"),
    }
}

fn stamp(s: &Option<String>, now: &str) -> String {
    s.clone().unwrap_or_else(|| now.to_string())
}

/// The uids of people and orgs by their name keys (and aliases'): notes point
/// at them by the uid of the name they carry.
pub(super) type Names = HashMap<(&'static str, String), String>;

/// The records known by name (pillars, the vision, orgs and people) as a
/// bundle of their own, and the uids their names give.
pub(super) fn named(
    pillars: Vec<DocPillar>,
    vision: Vec<DocVision>,
    orgs: Vec<DocOrg>,
    people: Vec<DocPerson>,
    now: &str,
) -> std::result::Result<(Bundle, Names), String> {
    let stamp = |s: &Option<String>| stamp(s, now);
    let mut b = Bundle::default();
    let mut seen = std::collections::HashSet::new();
    for (i, mut p) in pillars.into_iter().enumerate() {
        let at = format!("pillars[{i}]");
        uid_once(&p.uid, &mut |k| seen.insert(k)).map_err(|e| format!("{at}: {e}"))?;
        p.created = moment("created", &p.created).map_err(|e| format!("{at}: {e}"))?;
        b.pillars.push(PillarRec {
            uid: uid_or_new(&p.uid),
            name: p.name,
            description: p.description,
            created: stamp(&p.created),
            retired: p.retired,
            history: p.history,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for (i, mut v) in vision.into_iter().enumerate() {
        let at = format!("vision[{i}]");
        uid_once(&v.uid, &mut |k| seen.insert(k)).map_err(|e| format!("{at}: {e}"))?;
        v.created = moment("created", &v.created).map_err(|e| format!("{at}: {e}"))?;
        b.visions.push(VisionRec {
            uid: uid_or_new(&v.uid),
            text: v.text,
            why: v.why,
            created: stamp(&v.created),
            seq: Some(i as i64),
        });
    }
    // People and orgs, by uid where given, else the uid their name key makes.
    let mut by_key: Names = HashMap::new();
    for (i, o) in orgs.into_iter().enumerate() {
        let at = format!("orgs[{i}]");
        let key = crate::domain::names::key(&o.name);
        if key.is_empty() {
            return Err(format!("{at}: name: is empty"));
        }
        let uid = o.uid.clone().unwrap_or_else(|| crate::domain::names::uid("org", &key));
        if !valid_uid(&uid) {
            return Err(format!("{at}: uid: '{uid}' is not a uid"));
        }
        let created = stamp(&moment("created", &o.created).map_err(|e| format!("{at}: {e}"))?);
        let updated = moment("updated", &o.updated).map_err(|e| format!("{at}: {e}"))?;
        for name in std::iter::once(&o.name).chain(&o.aliases) {
            by_key.insert(("org", crate::domain::names::key(name)), uid.clone());
        }
        b.orgs.push(OrgRec {
            uid,
            name: o.name,
            aliases: o.aliases,
            segment: o.segment,
            plan: o.plan,
            arr: o.arr,
            seats: o.seats,
            updated: updated.unwrap_or_else(|| created.clone()),
            created,
        });
    }
    for (i, p) in people.into_iter().enumerate() {
        let at = format!("people[{i}]");
        let key = crate::domain::names::key(&p.name);
        if key.is_empty() {
            return Err(format!("{at}: name: is empty"));
        }
        let uid = p.uid.clone().unwrap_or_else(|| crate::domain::names::uid("person", &key));
        if !valid_uid(&uid) {
            return Err(format!("{at}: uid: '{uid}' is not a uid"));
        }
        let created = stamp(&moment("created", &p.created).map_err(|e| format!("{at}: {e}"))?);
        let updated = moment("updated", &p.updated).map_err(|e| format!("{at}: {e}"))?;
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            by_key.insert(("person", crate::domain::names::key(name)), uid.clone());
        }
        let org = p.org.as_deref().map(|o| {
            let k = crate::domain::names::key(o);
            by_key.get(&("org", k.clone())).cloned().unwrap_or_else(|| crate::domain::names::uid("org", &k))
        });
        b.people.push(PersonRec {
            uid,
            name: p.name,
            aliases: p.aliases,
            org,
            role: p.role,
            consent: p.consent,
            updated: updated.unwrap_or_else(|| created.clone()),
            created,
        });
    }
    Ok((b, by_key))
}

/// Check a note's id, uid (`first` says whether a key is met for the first
/// time among the notes) and times, the times made UTC.
pub(super) fn check_note(
    n: &mut DocNote,
    first: &mut dyn FnMut(String) -> bool,
) -> std::result::Result<(), String> {
    check_record(RecordKind::Note, &n.id, &n.uid, first)?;
    note_times(n)
}

/// A note's times checked and made UTC.
pub(super) fn note_times(n: &mut DocNote) -> std::result::Result<(), String> {
    n.created = moment("created", &n.created)?;
    n.updated = moment("updated", &n.updated)?;
    Ok(())
}

/// A checked note as a record with `uid`.
pub(super) fn note_rec(n: DocNote, uid: String, names: &Names, now: &str, today: &str) -> NoteRec {
    let uid_of = |kind: &'static str, name: &Option<String>| {
        name.as_deref().and_then(|n| names.get(&(kind, crate::domain::names::key(n))).cloned())
    };
    let created = stamp(&n.created, now);
    NoteRec {
        id: local_id(&n.id, RecordKind::Note),
        uid,
        body: n.body,
        who_uid: uid_of("person", &n.who),
        org_uid: uid_of("org", &n.org),
        who: n.who,
        org: n.org,
        segment: n.segment,
        source: n.source,
        on: n.on.unwrap_or_else(|| today.to_string()),
        tags: n.tags,
        updated: n.updated.unwrap_or_else(|| created.clone()),
        created,
        stories: Vec::new(),
        minted: false,
    }
}

/// Check a story's id, uid (as [`check_note`]) and times.
pub(super) fn check_story(
    s: &mut DocStory,
    first: &mut dyn FnMut(String) -> bool,
) -> std::result::Result<(), String> {
    check_record(RecordKind::Story, &s.id, &s.uid, first)?;
    story_times(s)
}

/// A story's times checked (its history's too) and made UTC.
pub(super) fn story_times(s: &mut DocStory) -> std::result::Result<(), String> {
    s.created = moment("created", &s.created)?;
    s.updated = moment("updated", &s.updated)?;
    for e in &s.history {
        moment("history: at", &Some(e.at.clone()))?;
    }
    Ok(())
}

/// A story's times checked (see [`story_times`]) as a record with `uid`: the
/// one shape of a story record, read from a file (import) or from the notebook
/// (sync). `find(kind, given, field)` finds the uid of the note or story
/// `given` names, or says which `field` names what is not there.
pub(super) fn story_rec(
    s: DocStory,
    uid: String,
    now: &str,
    mut find: impl FnMut(RecordKind, &str, &str) -> std::result::Result<String, String>,
) -> std::result::Result<StoryRec, String> {
    let links: Vec<LinkOut> = match s.evidence {
        Some(l) => l,
        None => s.notes.iter().map(|n| LinkOut { note: n.clone(), importance: 1, quote: None }).collect(),
    };
    let mut evidence = Vec::new();
    for l in links {
        let note = find(RecordKind::Note, &l.note, "evidence")?;
        evidence.push(LinkRec { note, importance: l.importance, quote: l.quote.clone() });
    }
    let merged_into = match &s.merged_into {
        Some(m) => Some(find(RecordKind::Story, m, "merged_into")?),
        None => None,
    };
    let set = s.set.unwrap_or(s.numbers);
    let clauses = crate::domain::jobstory::Clauses {
        actor: s.actor.clone(),
        when: s.when.clone(),
        want: s.want.clone(),
        so: s.so.clone(),
    };
    let request = s.request.filter(|r| !r.trim().is_empty()).unwrap_or_else(|| {
        if s.want.is_some() { crate::domain::jobstory::render(&clauses) } else { String::new() }
    });
    let created = stamp(&s.created, now);
    // A title that is only the drafted one stays drafted, so it follows later edits.
    let title = s
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty() && *t != crate::domain::title::draft_title(&request, s.want.as_deref()));
    Ok(StoryRec {
        id: local_id(&s.id, RecordKind::Story),
        uid,
        title,
        request,
        actor: s.actor,
        when: s.when,
        want: s.want,
        so: s.so,
        requested_by: s.requested_by,
        status: s.status.unwrap_or_else(|| "idea".into()),
        pillar: s.pillar,
        reach: set.reach,
        impact: set.impact,
        confidence: set.confidence,
        effort: set.effort,
        ease: set.ease,
        value: set.value,
        criticality: set.criticality,
        risk: set.risk,
        merged_into,
        updated: s.updated.unwrap_or_else(|| created.clone()),
        created,
        evidence,
        history: s.history,
        horizon: s.horizon,
        rank: s.rank,
        attachments: s.attachments,
    })
}

/// Check-ins and decisions as records; `story` finds the uid of a story the
/// file names by id (or uid).
pub(super) fn plan_records(
    checkins: Vec<DocCheckin>,
    decisions: Vec<DocDecision>,
    visions: &[VisionRec],
    now: &str,
    today: &str,
    mut story: impl FnMut(&str) -> Result<Option<String>>,
) -> std::result::Result<(Vec<CheckinRec>, Vec<DecisionRec>), String> {
    let stamp = |s: &Option<String>| stamp(s, now);
    let mut stories = |given: &[String], at: &str| -> std::result::Result<Vec<String>, String> {
        given
            .iter()
            .map(|s| {
                story(s)
                    .map_err(|e| e.message.clone())?
                    .ok_or_else(|| format!("{at}: stories: '{s}' is not in the file"))
            })
            .collect()
    };
    let mut out_checkins = Vec::with_capacity(checkins.len());
    let mut seen = std::collections::HashSet::new();
    for (i, mut c) in checkins.into_iter().enumerate() {
        let at = where_("checkins", i, &c.id);
        check_record(RecordKind::Checkin, &c.id, &c.uid, &mut |k| seen.insert(k))
            .map_err(|e| format!("{at}: {e}"))?;
        c.created = moment("created", &c.created).map_err(|e| format!("{at}: {e}"))?;
        c.updated = moment("updated", &c.updated).map_err(|e| format!("{at}: {e}"))?;
        moment("done_at", &c.done_at).map_err(|e| format!("{at}: {e}"))?;
        let stories = stories(&c.stories, &at)?;
        let created = stamp(&c.created);
        out_checkins.push(CheckinRec {
            id: local_id(&c.id, RecordKind::Checkin),
            uid: uid_or_new(&c.uid),
            topic: c.topic,
            with: c.with,
            at: c.at,
            done: c.done,
            outcome: c.outcome,
            done_at: c.done_at,
            stories,
            updated: c.updated.unwrap_or_else(|| created.clone()),
            created,
        });
    }
    // Decisions name the vision version they were taken under by its number, and
    // the decision they replaced by its id: both become uids.
    let vision_uid = |n: Option<i64>, at: &str, field: &str| -> std::result::Result<Option<String>, String> {
        match n {
            None => Ok(None),
            Some(n) => visions
                .get((n - 1).max(0) as usize)
                .filter(|_| n >= 1)
                .map(|v| Some(v.uid.clone()))
                .ok_or_else(|| format!("{at}: {field}: there is no vision version {n} in the file")),
        }
    };
    let mut decision_uids: HashMap<String, String> = HashMap::new();
    for d in &decisions {
        if let (Some(id), Some(uid)) = (&d.id, &d.uid) {
            decision_uids.insert(id.trim().to_uppercase(), uid.clone());
        }
    }
    let mut decisions_in = Vec::with_capacity(decisions.len());
    let mut seen = std::collections::HashSet::new();
    for (i, mut d) in decisions.into_iter().enumerate() {
        let at = where_("decisions", i, &d.id);
        check_record(RecordKind::Decision, &d.id, &d.uid, &mut |k| seen.insert(k))
            .map_err(|e| format!("{at}: {e}"))?;
        d.created = moment("created", &d.created).map_err(|e| format!("{at}: {e}"))?;
        d.updated = moment("updated", &d.updated).map_err(|e| format!("{at}: {e}"))?;
        let vision = vision_uid(d.vision_version, &at, "vision_version")?;
        let confirmed_under = vision_uid(d.confirmed_under, &at, "confirmed_under")?;
        let supersedes = match &d.supersedes {
            None => None,
            Some(s) => Some(
                Ids::resolve(&decision_uids, s)
                    .ok_or_else(|| format!("{at}: supersedes: '{s}' is not in the file"))?,
            ),
        };
        // What is stored; "to revisit" is worked out again from the versions.
        let state = if d.superseded_by.is_some() || d.state.as_deref() == Some("superseded") {
            "superseded"
        } else if confirmed_under.is_some() {
            "confirmed"
        } else {
            "current"
        };
        decisions_in.push((d, at, vision, confirmed_under, supersedes, state.to_string()));
    }
    let mut out_decisions = Vec::with_capacity(decisions_in.len());
    for (d, at, vision, confirmed_under, supersedes, state) in decisions_in {
        let stories = stories(&d.stories, &at)?;
        let created = stamp(&d.created);
        out_decisions.push(DecisionRec {
            id: local_id(&d.id, RecordKind::Decision),
            uid: uid_or_new(&d.uid),
            text: d.text,
            why: d.why,
            pillar: d.pillar,
            on: d.on.unwrap_or_else(|| today.to_string()),
            stories,
            updated: d.updated.unwrap_or_else(|| created.clone()),
            created,
            vision,
            state,
            confirmed_under,
            state_why: d.state_why,
            supersedes,
        });
    }
    Ok((out_checkins, out_decisions))
}
