//! The notebook's records as the shared folder holds them (references by uid),
//! handed over one at a time for `pm export --dir`: a folder export of a million
//! notes holds one note, not the notebook.
//!
//! The records are the ones reading the JSON export back gives (`doc::to_bundle`
//! of `doc::export`, which is what the folder export did before it streamed):
//! the few people, orgs, pillars, vision versions, check-ins and decisions go
//! through `to_bundle` itself; notes and stories are converted here the same
//! way, each note and story id found by a look-up instead of a map of them all.

use super::doc::{DocIn, DocNote, DocStory, to_bundle, uid_or_new};
use super::export_doc::{self, ExportDoc};
use super::records::*;
use super::redact::Pseudonyms;
use crate::domain::ids::{self, IdRef, RecordKind};
use crate::domain::names;
use crate::domain::score::Settings;
use crate::error::{Error, Result};
use crate::store::Conn;
use std::collections::{BTreeSet, HashMap};

/// One record of the notebook, as its folder file holds it.
pub enum Record {
    Pillar(PillarRec),
    Vision(VisionRec),
    Org(OrgRec),
    Person(PersonRec),
    Note(NoteRec),
    Story(Box<StoryRec>),
    Checkin(CheckinRec),
    Decision(DecisionRec),
}

/// What the conversion needs besides the record: the clock, the redaction, and
/// people's and orgs' uids by the folded form of each of their names.
struct Context<'a> {
    conn: &'a Conn,
    redact: Option<&'a Pseudonyms>,
    now: &'a str,
    today: &'a str,
    by_key: HashMap<(&'static str, String), String>,
}

/// Hand each record of the notebook to `visit`, the folder's kinds in order
/// (pillars, vision, orgs, people, notes, stories, check-ins, decisions),
/// redacted with `redact` when given.
pub fn each(
    conn: &Conn,
    settings: &Settings,
    doc: &ExportDoc,
    redact: Option<&Pseudonyms>,
    (now, today): (&str, &str),
    mut visit: impl FnMut(Record) -> Result<()>,
) -> Result<()> {
    let mut small = serde_json::Map::new();
    small.insert("format_version".into(), doc.format_version.into());
    for (key, items) in super::redacted::small_lists(doc, redact)? {
        small.insert(key.into(), serde_json::Value::Array(items));
    }
    let mut small: DocIn = serde_json::from_value(serde_json::Value::Object(small))?;
    // Check-ins and decisions name stories by id: the stories they name stand in
    // (id and uid only) so that `to_bundle` finds their uids.
    let named: BTreeSet<i64> = small
        .checkins
        .iter()
        .flat_map(|c| &c.stories)
        .chain(small.decisions.iter().flat_map(|d| &d.stories))
        .filter_map(|s| local(s, RecordKind::Story))
        .collect();
    for id in named {
        if let Some(uid) = crate::store::export::uid_of(conn, RecordKind::Story, id)? {
            let uid = redact.map(|p| p.text(&uid)).unwrap_or(uid);
            small.stories.push(DocStory {
                id: Some(RecordKind::Story.display(id)),
                uid: Some(uid),
                ..Default::default()
            });
        }
    }
    let b = to_bundle(small, now, today).map_err(Error::internal)?;
    let mut by_key = HashMap::new();
    for o in &b.orgs {
        for name in std::iter::once(&o.name).chain(&o.aliases) {
            by_key.insert(("org", names::key(name)), o.uid.clone());
        }
    }
    for p in &b.people {
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            by_key.insert(("person", names::key(name)), p.uid.clone());
        }
    }
    let cx = Context { conn, redact, now, today, by_key };
    let Bundle { pillars, visions, orgs, people, checkins, decisions, .. } = b;
    pillars.into_iter().try_for_each(|r| visit(Record::Pillar(r)))?;
    visions.into_iter().try_for_each(|r| visit(Record::Vision(r)))?;
    orgs.into_iter().try_for_each(|r| visit(Record::Org(r)))?;
    people.into_iter().try_for_each(|r| visit(Record::Person(r)))?;
    export_doc::each_note(conn, &mut |n| {
        let mut v = serde_json::to_value(&n)?;
        if let Some(p) = redact {
            p.apply(&mut v);
        }
        visit(Record::Note(note(&cx, serde_json::from_value(v)?)?))
    })?;
    export_doc::each_story(conn, settings, &mut |s| {
        let mut v = serde_json::to_value(&s)?;
        if let Some(p) = redact {
            p.apply(&mut v);
        }
        visit(Record::Story(Box::new(story(&cx, serde_json::from_value(v)?)?)))
    })?;
    checkins.into_iter().try_for_each(|r| visit(Record::Checkin(r)))?;
    decisions.into_iter().try_for_each(|r| visit(Record::Decision(r)))
}

/// The local id in `id` (`N4`) of `kind`, if it is one.
fn local(id: &str, kind: RecordKind) -> Option<i64> {
    match ids::parse(id, kind) {
        Ok(IdRef::Local(n)) => Some(n),
        _ => None,
    }
}

/// A stored moment as UTC with a `Z`, as reading the export back keeps it.
fn moment(field: &str, value: &Option<String>) -> Result<Option<String>> {
    super::doc::moment(field, value).map_err(Error::internal)
}

impl Context<'_> {
    fn uid_of(&self, kind: &'static str, name: &Option<String>) -> Option<String> {
        name.as_deref().and_then(|n| self.by_key.get(&(kind, names::key(n))).cloned())
    }

    /// The uid of the note or story `id` names, as the (redacted) export holds it.
    fn uid_named(&self, kind: RecordKind, id: &str, field: &str) -> Result<String> {
        let uid = match local(id, kind) {
            Some(n) => crate::store::export::uid_of(self.conn, kind, n)?,
            None => None,
        };
        let uid = uid.ok_or_else(|| Error::internal(format!("{field}: '{id}' is not in the notebook")))?;
        Ok(self.redact.map(|p| p.text(&uid)).unwrap_or(uid))
    }
}

fn note(cx: &Context, n: DocNote) -> Result<NoteRec> {
    let at = |e: Error| Error::internal(format!("notes ({}): {}", n.id.as_deref().unwrap_or("?"), e.message));
    let created = moment("created", &n.created).map_err(at)?.unwrap_or_else(|| cx.now.to_string());
    let updated = moment("updated", &n.updated).map_err(at)?;
    Ok(NoteRec {
        id: n.id.as_deref().and_then(|id| local(id, RecordKind::Note)),
        uid: uid_or_new(&n.uid),
        who_uid: cx.uid_of("person", &n.who),
        org_uid: cx.uid_of("org", &n.org),
        body: n.body,
        who: n.who,
        org: n.org,
        segment: n.segment,
        source: n.source,
        on: n.on.unwrap_or_else(|| cx.today.to_string()),
        tags: n.tags,
        updated: updated.unwrap_or_else(|| created.clone()),
        created,
        stories: Vec::new(),
        minted: false,
    })
}

fn story(cx: &Context, mut s: DocStory) -> Result<StoryRec> {
    let shown = s.id.clone().unwrap_or_else(|| "?".into());
    let at = |e: String| Error::internal(format!("stories ({shown}): {e}"));
    super::doc::story_times(&mut s).map_err(at)?;
    let uid = uid_or_new(&s.uid);
    let find = |kind, given: &str, field: &str| cx.uid_named(kind, given, field).map_err(|e| e.message);
    super::doc::story_rec(s, uid, cx.now, find).map_err(at)
}

#[cfg(test)]
#[path = "notebook_records_tests.rs"]
mod tests;
