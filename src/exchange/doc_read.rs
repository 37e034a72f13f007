//! Importing a JSON file (an export of another notebook, or a list of notes,
//! stories or orgs) in flat memory, whatever its size. The file is read once as
//! a stream: its notes and stories, record by record, into temp tables on disk
//! (`store::staged`), the rest (people, orgs, plans, pillars: a notebook has few)
//! into memory. Then they are merged in the order references need, a record at
//! a time, with the checks and messages of [`doc::to_bundle`] (which reads a
//! document held in memory, for `pm sync`).

use super::doc::{self, DocCheckin, DocDecision, DocNote, DocOrg, DocPerson, DocPillar, DocStory, DocVision};
use super::merge::{Merged, Merger, Stop};
use super::records::Bundle;
use super::table::Kind;
use crate::domain::ids::RecordKind;
use crate::error::{Error, Result};
use crate::store::Conn;
use crate::store::staged::{self, Part};
use serde::de::{DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;

/// What the first pass keeps in memory: all but the notes and stories.
#[derive(Debug, Default)]
pub struct Head {
    format_version: Option<u32>,
    orgs: Vec<DocOrg>,
    people: Vec<DocPerson>,
    checkins: Vec<DocCheckin>,
    decisions: Vec<DocDecision>,
    vision: Vec<DocVision>,
    pillars: Vec<DocPillar>,
}

/// How many records are merged at a time.
const CHUNK: usize = 500;

/// Read the JSON file `r` (shown as `shown` in errors): notes and stories
/// staged in `conn`'s temp tables, the rest returned. `kind` says what a list
/// holds (else guessed from its first record's fields).
pub fn read(conn: &Conn, r: impl std::io::BufRead, kind: Option<Kind>, shown: &str) -> Result<Head> {
    staged::begin(conn)?;
    let mut r = r;
    // A document is an object or a list; anything else is read whole (it holds
    // no records) to say which it is not.
    let first = loop {
        let buf = r.fill_buf().map_err(|e| Error::user(format!("cannot read {shown}: {e}")))?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(at) => break Some(buf[at]),
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    };
    if !matches!(first, Some(b'[' | b'{')) {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut r, &mut text)
            .map_err(|e| Error::user(format!("cannot read {shown}: {e}")))?;
        serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| Error::user(format!("{shown} line {}: not valid JSON: {e}", e.line())))?;
        return Err(Error::user(format!("{shown}: expected a JSON list of records or a pm export")));
    }
    let reader = Reader { conn, kind, shown, head: RefCell::default(), failed: RefCell::default() };
    let mut de = serde_json::Deserializer::from_reader(r);
    let parsed = de.deserialize_any(&reader).and_then(|()| de.end());
    if let Some(e) = reader.failed.take() {
        return Err(e);
    }
    parsed.map_err(|e| match e.classify() {
        serde_json::error::Category::Io => Error::user(format!("cannot read {shown}: {e}")),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            Error::user(format!("{shown} line {}: not valid JSON: {e}", e.line()))
        }
        serde_json::error::Category::Data => Error::user(format!("{shown}: {e}")),
    })?;
    Ok(reader.head.into_inner())
}

/// The first pass's state, shared by the visitors of the document's parts.
struct Reader<'a> {
    conn: &'a Conn,
    kind: Option<Kind>,
    shown: &'a str,
    head: RefCell<Head>,
    /// Why reading stopped, when it was not the JSON (the notebook failed, or
    /// a list of records of no kind pm can tell).
    failed: RefCell<Option<Error>>,
}

impl Reader<'_> {
    /// Stop reading with `e` (told to serde as a bare error, then replaced by `e`).
    fn fail<E: serde::de::Error>(&self, e: Error) -> E {
        let message = e.message.clone();
        self.failed.replace(Some(e));
        E::custom(message)
    }

    /// Check record `pos` of `part` (`value`) has the shape of its kind, and stage it.
    fn stage<E: serde::de::Error>(&self, part: Part, pos: usize, value: serde_json::Value) -> Result<(), E> {
        let id = match part {
            Part::Notes => DocNote::deserialize(&value).map(|n| doc::local_id(&n.id, RecordKind::Note)),
            Part::Stories => DocStory::deserialize(&value).map(|s| doc::local_id(&s.id, RecordKind::Story)),
        }
        .map_err(|e| E::custom(format!("{}[{pos}]: {e}", part_name(part))))?;
        staged::put(self.conn, part, pos, id, &value.to_string()).map_err(|e| self.fail(e))
    }
}

use serde::Deserialize as _;

fn part_name(part: Part) -> &'static str {
    match part {
        Part::Notes => "notes",
        Part::Stories => "stories",
    }
}

impl<'de> Visitor<'de> for &Reader<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON list of records or a pm export")
    }

    /// A list of notes, stories or orgs, its kind told or guessed from the
    /// fields of its first record.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some(first) = seq.next_element::<serde_json::Value>()? else { return Ok(()) };
        let keys: Vec<String> = first.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        let part = match self.kind.or_else(|| Kind::guess(&keys)) {
            Some(Kind::Notes) => Part::Notes,
            Some(Kind::Stories) => Part::Stories,
            Some(Kind::Orgs) => {
                let mut orgs = vec![DocOrg::deserialize(&first).map_err(serde::de::Error::custom)?];
                while let Some(o) = seq.next_element::<DocOrg>()? {
                    orgs.push(o);
                }
                self.head.borrow_mut().orgs = orgs;
                return Ok(());
            }
            None => {
                return Err(self.fail(Error::user(format!(
                    "--kind: cannot tell whether {} holds notes or stories; add --kind notes or --kind stories",
                    self.shown
                ))));
            }
        };
        self.stage(part, 0, first)?;
        let mut pos = 1;
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            self.stage(part, pos, value)?;
            pos += 1;
        }
        Ok(())
    }

    /// An export: its notes and stories staged as they come, the rest kept.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format_version" => self.head.borrow_mut().format_version = map.next_value()?,
                "notes" => map.next_value_seed(Staged { reader: self, part: Part::Notes })?,
                "stories" => map.next_value_seed(Staged { reader: self, part: Part::Stories })?,
                "orgs" => self.head.borrow_mut().orgs = map.next_value()?,
                "people" => self.head.borrow_mut().people = map.next_value()?,
                "checkins" => self.head.borrow_mut().checkins = map.next_value()?,
                "decisions" => self.head.borrow_mut().decisions = map.next_value()?,
                "vision" => self.head.borrow_mut().vision = map.next_value()?,
                "pillars" => self.head.borrow_mut().pillars = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The list of an export's notes or stories, staged record by record.
struct Staged<'r, 'a> {
    reader: &'r Reader<'a>,
    part: Part,
}

impl<'de> DeserializeSeed<'de> for Staged<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Staged<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut pos = 0;
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            self.reader.stage(self.part, pos, value)?;
            pos += 1;
        }
        Ok(())
    }
}

/// Merge what [`read`] read: the records known by name, then the notes and
/// stories (each kind in the order of its ids, so each keeps its id where it
/// is free), then the plans. The problem names the record (`notes[3] (N4): ...`).
pub fn merge(conn: &Conn, m: &mut Merger, head: Head, now: &str, today: &str) -> Merged<()> {
    let problem = Stop::Record;
    doc::check_version(head.format_version).map_err(problem)?;
    let (named, names) =
        doc::named(head.pillars, head.vision, head.orgs, head.people, now).map_err(problem)?;

    // Notes: checked in the file's order (ids and uids once each), then merged.
    staged::each(conn, Part::Notes, false, |pos, json| -> Merged<()> {
        let mut n: DocNote = serde_json::from_str(&json).map_err(Error::from)?;
        let at = doc::where_("notes", pos, &n.id);
        once(conn, Part::Notes, |first| doc::check_note(&mut n, first))
            .map_err(|e| Stop::Record(format!("{at}: {e}")))?;
        if let Some(id) = &n.id {
            staged::map(conn, Part::Notes, &id.trim().to_uppercase(), &doc::uid_or_new(&n.uid))?;
        }
        Ok(())
    })?;
    // Stories: checked and given their uids first, as they name each other.
    staged::each(conn, Part::Stories, false, |pos, json| -> Merged<()> {
        let mut s: DocStory = serde_json::from_str(&json).map_err(Error::from)?;
        let at = doc::where_("stories", pos, &s.id);
        once(conn, Part::Stories, |first| doc::check_story(&mut s, first))
            .map_err(|e| Stop::Record(format!("{at}: {e}")))?;
        if let Some(id) = &s.id {
            staged::map(conn, Part::Stories, &id.trim().to_uppercase(), &doc::uid_or_new(&s.uid))?;
        }
        Ok(())
    })?;
    m.put_bundle(&named)?;
    let mut chunk = Bundle::default();
    staged::each(conn, Part::Notes, true, |_, json| -> Merged<()> {
        let mut n: DocNote = serde_json::from_str(&json).map_err(Error::from)?;
        doc::note_times(&mut n).map_err(Stop::Record)?;
        let uid = match &n.id {
            Some(id) => staged::uid_of(conn, Part::Notes, &id.trim().to_uppercase())?,
            None => None,
        }
        .unwrap_or_else(|| doc::uid_or_new(&n.uid));
        chunk.notes.push(doc::note_rec(n, uid, &names, now, today));
        if chunk.notes.len() >= CHUNK {
            m.put_bundle(&std::mem::take(&mut chunk))?;
        }
        Ok(())
    })?;
    m.put_bundle(&std::mem::take(&mut chunk))?;
    staged::each(conn, Part::Stories, true, |pos, json| -> Merged<()> {
        let mut s: DocStory = serde_json::from_str(&json).map_err(Error::from)?;
        let at = doc::where_("stories", pos, &s.id);
        doc::story_times(&mut s).map_err(Stop::Record)?;
        let uid = match &s.id {
            Some(id) => staged::uid_of(conn, Part::Stories, &id.trim().to_uppercase())?,
            None => None,
        }
        .unwrap_or_else(|| doc::uid_or_new(&s.uid));
        let resolve = |kind: RecordKind, given: &str, field: &str| {
            let part = if kind == RecordKind::Note { Part::Notes } else { Part::Stories };
            resolve(conn, part, given).map_err(|e| e.message)?.ok_or_else(|| doc::not_in_file(field, given))
        };
        let rec = doc::story_rec(s, uid, now, resolve).map_err(|e| Stop::Record(format!("{at}: {e}")))?;
        chunk.stories.push(rec);
        if chunk.stories.len() >= CHUNK / 10 {
            m.put_bundle(&std::mem::take(&mut chunk))?;
        }
        Ok(())
    })?;
    m.put_bundle(&std::mem::take(&mut chunk))?;
    let (checkins, decisions) =
        doc::plan_records(head.checkins, head.decisions, &named.visions, now, today, |s| {
            resolve(conn, Part::Stories, s)
        })
        .map_err(problem)?;
    m.put_bundle(&Bundle { checkins, decisions, ..Bundle::default() })?;
    staged::end(conn)?;
    Ok(())
}

/// Run a check that asks whether each key is met the first time among the
/// records of `part` (answered from the staged keys); a failure of the
/// notebook is kept aside and returned as such.
fn once<T>(
    conn: &Conn,
    part: Part,
    check: impl FnOnce(&mut dyn FnMut(String) -> bool) -> std::result::Result<T, String>,
) -> Merged<T> {
    let mut failed = None;
    let out = check(&mut |key| match staged::first_time(conn, part, &key) {
        Ok(first) => first,
        Err(e) => {
            failed.get_or_insert(e);
            true
        }
    });
    if let Some(e) = failed {
        return Err(Stop::Store(e));
    }
    out.map_err(Stop::Record)
}

/// The uid of the note or story the file names `given`: by its id, else a uid
/// one of the file's records with an id has (as `doc::to_bundle` resolves).
fn resolve(conn: &Conn, part: Part, given: &str) -> Result<Option<String>> {
    if let Some(uid) = staged::uid_of(conn, part, &given.trim().to_uppercase())? {
        return Ok(Some(uid));
    }
    Ok(staged::has_uid(conn, part, given.trim())?.then(|| given.trim().to_string()))
}
