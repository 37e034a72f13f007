//! `pm export --redact` written as it is read: the names are gathered in one
//! pass over the notebook (people and organisations are few; notes are read one
//! at a time and let go), then each record is redacted as it is written. The
//! document is the one a whole-document redaction gives: a JSON value's keys in
//! sorted order, pseudonyms numbered in that order.

use super::export_doc::{self, ExportDoc};
use super::redact::{self, Names, Pseudonyms};
use crate::domain::score::Settings;
use crate::error::Result;
use crate::store::Conn;
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

/// The lists of the document other than notes and stories, each record as its
/// JSON value (with `as_fields`, people and orgs read as the fields the
/// pseudonyms cover: see [`redact::record_as_fields`]).
fn lists(doc: &ExportDoc, as_fields: bool) -> Result<Vec<(&'static str, Vec<Value>)>> {
    fn values<T: Serialize>(items: &[T]) -> Result<Vec<Value>> {
        Ok(items.iter().map(serde_json::to_value).collect::<serde_json::Result<_>>()?)
    }
    let mut out = vec![
        ("checkins", values(&doc.checkins)?),
        ("decisions", values(&doc.decisions)?),
        ("orgs", values(&doc.orgs)?),
        ("people", values(&doc.people)?),
        ("pillars", values(&doc.pillars)?),
        ("vision", values(&doc.vision)?),
    ];
    for (list, items) in &mut out {
        if as_fields && matches!(*list, "people" | "orgs") {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                redact::record_as_fields(list, item, true);
            }
        }
    }
    Ok(out)
}

/// The lists of the document other than notes and stories as JSON values, by
/// field; redacted when `p` is given (people and orgs with their names back in `name`).
pub fn small_lists(doc: &ExportDoc, p: Option<&Pseudonyms>) -> Result<Vec<(&'static str, Vec<Value>)>> {
    let mut out = lists(doc, p.is_some())?;
    let Some(p) = p else { return Ok(out) };
    for (list, items) in &mut out {
        for item in items.iter_mut() {
            p.apply(item);
            if let (Value::Object(map), "people" | "orgs") = (item, *list) {
                redact::record_as_fields(list, map, false);
            }
        }
    }
    Ok(out)
}

/// The pseudonyms of everyone the export names, numbered as a redaction of the
/// whole document numbers them (its keys in order: checkins, decisions, notes,
/// orgs, people, pillars, stories, vision), reading notes and stories one at a time.
pub fn pseudonyms(conn: &Conn, settings: &Settings, doc: &ExportDoc) -> Result<Pseudonyms> {
    let mut names = Names::default();
    let lists = lists(doc, true)?;
    let visit_list = |names: &mut Names, key: &str| {
        for (_, items) in lists.iter().filter(|(k, _)| *k == key) {
            items.iter().for_each(|v| names.visit(v));
        }
    };
    visit_list(&mut names, "checkins");
    visit_list(&mut names, "decisions");
    export_doc::each_note(conn, &mut |n| {
        names.visit(&serde_json::to_value(&n)?);
        Ok(())
    })?;
    visit_list(&mut names, "orgs");
    visit_list(&mut names, "people");
    visit_list(&mut names, "pillars");
    export_doc::each_story(conn, settings, &mut |s| {
        names.visit(&serde_json::to_value(&s)?);
        Ok(())
    })?;
    visit_list(&mut names, "vision");
    Ok(names.pseudonyms())
}

/// Each note (or story) of the export as its redacted JSON record, one at a time.
pub fn each_record(
    conn: &Conn,
    settings: &Settings,
    p: &Pseudonyms,
    stories: bool,
    mut visit: impl FnMut(Value) -> Result<()>,
) -> Result<()> {
    export_doc::each_record(conn, settings, stories, |mut v| {
        p.apply(&mut v);
        visit(v)
    })
}

/// The redacted export document, written record by record (with its
/// `redaction` field saying what the redaction covers).
pub struct RedactedDoc<'c> {
    pub conn: &'c Conn,
    pub settings: &'c Settings,
    pub doc: &'c ExportDoc<'c>,
    pub pseudonyms: &'c Pseudonyms,
}

/// The notes or stories of a redacted document, read as they are written.
struct Records<'c>(&'c RedactedDoc<'c>, bool);

impl Serialize for Records<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let d = self.0;
        export_doc::seq_of(serializer, |visit| each_record(d.conn, d.settings, d.pseudonyms, self.1, visit))
    }
}

impl Serialize for RedactedDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let lists =
            small_lists(self.doc, Some(self.pseudonyms)).map_err(|e| S::Error::custom(e.to_string()))?;
        let list = |key: &str| lists.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
        // A JSON value's keys, in its (sorted) order.
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("checkins", &list("checkins"))?;
        map.serialize_entry("decisions", &list("decisions"))?;
        map.serialize_entry("format_version", &self.doc.format_version)?;
        map.serialize_entry("notes", &Records(self, false))?;
        map.serialize_entry("orgs", &list("orgs"))?;
        map.serialize_entry("people", &list("people"))?;
        map.serialize_entry("pillars", &list("pillars"))?;
        map.serialize_entry("redaction", redact::COVERS)?;
        map.serialize_entry("stories", &Records(self, true))?;
        map.serialize_entry("vision", &list("vision"))?;
        map.end()
    }
}
