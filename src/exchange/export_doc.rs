//! The JSON export (`pm export`): the whole notebook in the record shapes of the
//! contract, with local ids. Notes and stories are read as they are written, so
//! an export of a million notes holds one at a time.

use super::doc::{FORMAT_VERSION, LinkOut};
use super::records::*;
use crate::domain::ids::RecordKind;
use crate::domain::score::{Inputs, Settings};
use crate::domain::story::StoryView;
use crate::error::Result;
use crate::store::plans::{self, Checkin, Decision, Vision};
use crate::store::{Conn, notes, stories};
use serde::Serialize;

#[derive(Serialize)]
pub struct ExportDoc<'c> {
    pub format_version: u32,
    /// People and organisations as records (`pm person`, `pm org`).
    pub orgs: Vec<crate::store::people::Org>,
    pub people: Vec<crate::store::people::Person>,
    pub notes: NotesOut<'c>,
    pub stories: StoriesOut<'c>,
    pub checkins: Vec<Checkin>,
    pub decisions: Vec<Decision>,
    pub vision: Vec<Vision>,
    pub pillars: Vec<PillarRec>,
}

/// Every note, oldest first, read from the notebook as it is serialized: an
/// export of a million notes written through a streaming serializer holds one
/// note at a time.
pub struct NotesOut<'c>(&'c Conn);

impl Serialize for NotesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        seq_of(serializer, |visit| each_note(self.0, visit))
    }
}

/// Every story (merged ones too), oldest first, read and serialized one at a time.
pub struct StoriesOut<'c>(&'c Conn, &'c Settings);

impl Serialize for StoriesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        seq_of(serializer, |visit| each_story(self.0, self.1, visit))
    }
}

/// A sequence of what `each` hands over, each element written as it comes.
pub fn seq_of<S: serde::Serializer, T: Serialize>(
    serializer: S,
    each: impl FnOnce(&mut dyn FnMut(T) -> Result<()>) -> Result<()>,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::{Error as _, SerializeSeq};
    let mut seq = serializer.serialize_seq(None)?;
    let mut failed: Option<S::Error> = None;
    let read = each(&mut |item: T| {
        seq.serialize_element(&item).map_err(|e| {
            failed = Some(e);
            crate::error::Error::internal("export: a record could not be written")
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    read.map_err(|e| S::Error::custom(e.to_string()))?;
    seq.end()
}

/// Every note, oldest first, one at a time.
pub fn each_note(conn: &Conn, visit: &mut dyn FnMut(crate::domain::note::Note) -> Result<()>) -> Result<()> {
    notes::each(conn, &notes::NoteFilter::default(), "n.id", visit)
}

/// Every story (merged ones too) as the export writes it, oldest first, one at a time.
pub fn each_story(
    conn: &Conn,
    settings: &Settings,
    visit: &mut dyn FnMut(StoryOut) -> Result<()>,
) -> Result<()> {
    let filter = stories::StoryFilter { merged: true, ..Default::default() };
    stories::each(conn, &filter, |row| visit(story_out(conn, &row, settings)?))
}

/// Each note (or story) of the export as its JSON record, oldest first, one at
/// a time: for exports written row by row (CSV, Markdown).
pub fn each_record(
    conn: &Conn,
    settings: &Settings,
    stories: bool,
    mut visit: impl FnMut(serde_json::Value) -> Result<()>,
) -> Result<()> {
    if stories {
        each_story(conn, settings, &mut |s| visit(serde_json::to_value(&s)?))
    } else {
        each_note(conn, &mut |n| visit(serde_json::to_value(&n)?))
    }
}

/// One story as the export writes it: its view, numbers, evidence and history.
fn story_out(conn: &Conn, row: &crate::domain::story::StoryRow, settings: &Settings) -> Result<StoryOut> {
    let evidence: Vec<LinkOut> = crate::store::export::evidence(conn, row.id)?
        .into_iter()
        .map(|e| LinkOut {
            note: RecordKind::Note.display(e.note_id),
            importance: e.importance,
            quote: e.quote,
        })
        .collect();
    let history = stories::events(conn, row.id)?
        .into_iter()
        .map(|(status, why, at)| EventRec { status: status.to_string(), why, at })
        .collect();
    let note_ids = evidence.iter().map(|l| l.note.clone()).collect();
    let mut view = StoryView::new(row, note_ids, settings);
    view.attachments = crate::store::attachments::list(conn, row.id)?;
    for a in &mut view.attachments {
        // The bytes travel with the export, so import gives them back.
        a.data =
            crate::store::attachments::bytes(conn, &a.uid)?.map(|b| crate::store::attachments::encode(&b));
    }
    Ok(StoryOut { rank: row.rank, view, set: row.inputs, evidence, history })
}

/// A story as `pm story show` prints it, plus what a copy needs: the numbers the
/// PM set (not derived), each link's importance, and the status history.
#[derive(Debug, Serialize)]
pub struct StoryOut {
    #[serde(flatten)]
    pub view: StoryView,
    pub set: Inputs,
    pub evidence: Vec<LinkOut>,
    pub history: Vec<EventRec>,
    /// Its order within its horizon, when the PM set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<f64>,
}

/// Read the whole notebook, oldest record first.
pub fn export<'c>(conn: &'c Conn, settings: &'c Settings, now: &str) -> Result<ExportDoc<'c>> {
    let mut checkins = plans::checkins(conn, None, now)?;
    checkins.sort_by_key(|c| local(&c.id));
    let mut decisions = plans::decisions(conn, None)?;
    decisions.sort_by_key(|d| local(&d.id));
    let mut pillars = Vec::new();
    for p in crate::store::export::pillars(conn)? {
        let history = crate::store::pillars::stored_events(conn, p.id)?
            .into_iter()
            .map(|(what, old, new, at)| PillarEventRec { what, old, new, at })
            .collect();
        pillars.push(PillarRec {
            uid: p.uid,
            name: p.name,
            description: p.description,
            created: p.created,
            retired: p.retired,
            history,
        });
    }
    Ok(ExportDoc {
        format_version: FORMAT_VERSION,
        orgs: crate::store::people::orgs(conn, None)?.into_iter().map(|(_, o)| o).collect(),
        people: crate::store::people::people(conn, None)?.into_iter().map(|(_, p)| p).collect(),
        notes: NotesOut(conn),
        stories: StoriesOut(conn, settings),
        checkins,
        decisions,
        vision: plans::visions(conn)?,
        pillars,
    })
}

fn local(id: &str) -> i64 {
    id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(i64::MAX)
}
