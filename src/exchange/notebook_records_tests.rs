//! The streamed exports give exactly what the whole-document ones gave: the
//! folder's records as `to_bundle` of the JSON export, and the redacted document
//! as the redaction of the whole JSON value.

use super::*;
use crate::exchange::redact::{self, Pseudonyms};
use crate::store::Store;
use serde_json::{Value, json};

const NOW: &str = "2026-11-27T10:00:00Z";
const TODAY: &str = "2026-11-27";

/// A notebook holding every kind of record and every reference between them.
fn rich() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("n.db")).unwrap();
    let doc = json!({
        "format_version": 1,
        "orgs": [{"name": "Acme Corp", "aliases": ["ACME"], "segment": "enterprise", "arr": 120000.0, "seats": 40},
                 {"name": "Globex"}],
        "people": [{"name": "Alice Ng", "aliases": ["Ali"], "org": "Acme Corp", "role": "PM", "consent": "yes"},
                   {"name": "Bob Li", "org": "Globex"}],
        "pillars": [{"name": "Growth", "description": "more teams",
                     "history": [{"what": "renamed", "old": "Grow", "new": "Growth", "at": "2026-10-01T09:00:00Z"}]}],
        "vision": [{"text": "Every PM hears customers", "created": "2026-09-01T09:00:00Z"},
                   {"text": "Every PM hears Acme", "why": "Alice Ng said so", "created": "2026-10-01T09:00:00Z"}],
        "notes": [
            {"id": "N1", "body": "Alice Ng at Acme: export is slow, mail alice@acme.com", "who": "Alice Ng", "org": "Acme Corp",
             "tags": ["export", "alice-ng"], "on": "2026-11-01", "created": "2026-11-01T09:00:00Z"},
            {"id": "N2", "body": "Bob wants SSO", "who": "Bob Li", "org": "Globex", "source": "sales",
             "on": "2026-11-02", "created": "2026-11-02T09:00:00+02:00", "updated": "2026-11-03T09:00:00Z"},
            {"id": "N3", "body": "no one named", "on": "2026-11-03"}
        ],
        "stories": [
            {"id": "S1", "request": "Faster export for Acme", "status": "planned", "pillar": "Growth",
             "requested_by": "Alice Ng", "title": "Fast export", "horizon": "now", "rank": 2.5,
             "set": {"reach": 100.0, "impact": 2.0, "confidence": 0.8, "effort": 3.0},
             "evidence": [{"note": "N1", "importance": 3, "quote": "Alice: too slow"}, {"note": "N2", "importance": 1}],
             "history": [{"status": "planned", "why": "Acme asked", "at": "2026-11-04T09:00:00Z"}],
             "attachments": [{"uid": "6a1f8b52-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "name": "sketch", "kind": "link",
                              "url": "https://example.com/sketch"}]},
            {"id": "S2", "actor": "a PM", "when": "a customer calls", "want": "to find their notes",
             "so": "I answer fast", "merged_into": "S1", "evidence": [{"note": "N3", "importance": 2}]}
        ],
        "checkins": [{"id": "C1", "topic": "Export with Alice Ng", "with": "Alice Ng, Bob Li",
                      "at": "2026-11-20T10:00:00Z", "stories": ["S1"]}],
        "decisions": [
            {"id": "D1", "uid": "0b6f3c1e-9d2a-4c47-8e51-2f7a6b9c0d13", "text": "Ship export first", "why": "Acme", "stories": ["S1", "S2"], "on": "2026-11-05",
             "vision_version": 1},
            {"id": "D2", "uid": "5c2d7e4f-1a3b-4d6c-9e8f-7a1b2c3d4e5f", "text": "Ship export now", "supersedes": "D1", "on": "2026-11-06", "vision_version": 2,
             "confirmed_under": 2}
        ]
    });
    let parsed: crate::exchange::doc::DocIn = serde_json::from_value(doc).unwrap();
    let b = to_bundle(parsed, NOW, TODAY).unwrap();
    store
        .write("import", NOW, |tx| {
            let mut m = crate::exchange::merge::Merger::new(tx, NOW);
            m.put_bundle(&b).map_err(|e| Error::internal(format!("{e:?}")))?;
            m.done().map_err(|e| Error::internal(format!("{e:?}")))?;
            Ok(())
        })
        .unwrap();
    (dir, store)
}

/// What the folder export wrote before it streamed: the whole export read back.
fn whole(value: Value) -> Bundle {
    to_bundle(serde_json::from_value(value).unwrap(), NOW, TODAY).unwrap()
}

fn streamed(store: &Store, p: Option<&Pseudonyms>) -> Bundle {
    let conn = store.conn();
    let settings = Settings::default();
    let doc = export_doc::export(conn, &settings, NOW).unwrap();
    let mut b = Bundle::default();
    each(conn, &settings, &doc, p, (NOW, TODAY), |r| {
        match r {
            Record::Pillar(r) => b.pillars.push(r),
            Record::Vision(r) => b.visions.push(r),
            Record::Org(r) => b.orgs.push(r),
            Record::Person(r) => b.people.push(r),
            Record::Note(r) => b.notes.push(r),
            Record::Story(r) => b.stories.push(*r),
            Record::Checkin(r) => b.checkins.push(r),
            Record::Decision(r) => b.decisions.push(r),
        }
        Ok(())
    })
    .unwrap();
    b
}

fn assert_same(old: &Bundle, new: &Bundle) {
    assert_eq!(old.pillars, new.pillars);
    assert_eq!(old.visions, new.visions);
    assert_eq!(old.orgs, new.orgs);
    assert_eq!(old.people, new.people);
    assert_eq!(old.notes, new.notes);
    assert_eq!(old.stories, new.stories);
    assert_eq!(old.checkins, new.checkins);
    assert_eq!(old.decisions, new.decisions);
}

/// The whole-document redaction, as `pm export --redact` did it before it streamed.
fn redacted_whole(store: &Store) -> Value {
    let settings = Settings::default();
    let mut value = serde_json::to_value(export_doc::export(store.conn(), &settings, NOW).unwrap()).unwrap();
    let as_fields = |v: &mut Value, there: bool| {
        for list in ["people", "orgs"] {
            for item in v[list].as_array_mut().unwrap().iter_mut().filter_map(Value::as_object_mut) {
                redact::record_as_fields(list, item, there);
            }
        }
    };
    as_fields(&mut value, true);
    Pseudonyms::collect(&value).apply(&mut value);
    as_fields(&mut value, false);
    value
}

#[test]
fn the_folder_export_holds_what_reading_the_whole_export_back_gives() {
    let (_dir, store) = rich();
    let settings = Settings::default();
    let value = serde_json::to_value(export_doc::export(store.conn(), &settings, NOW).unwrap()).unwrap();
    let old = whole(value);
    assert_eq!((old.notes.len(), old.stories.len(), old.decisions.len()), (3, 2, 2));
    assert!(old.stories[0].evidence.len() == 2 && old.stories[1].merged_into.is_some());
    assert!(old.notes[0].who_uid.is_some() && old.notes[0].org_uid.is_some());
    assert_same(&old, &streamed(&store, None));
}

#[test]
fn the_redacted_document_and_folder_are_those_of_the_whole_document() {
    let (_dir, store) = rich();
    let settings = Settings::default();
    let conn = store.conn();
    let mut old = redacted_whole(&store);
    let old_folder = whole(old.clone());
    old.as_object_mut().unwrap().insert("redaction".into(), redact::COVERS.into());
    let doc = export_doc::export(conn, &settings, NOW).unwrap();
    let p = crate::exchange::redacted::pseudonyms(conn, &settings, &doc).unwrap();
    let new = crate::exchange::redacted::RedactedDoc { conn, settings: &settings, doc: &doc, pseudonyms: &p };
    let (old_text, new_text) =
        (serde_json::to_string_pretty(&old).unwrap(), serde_json::to_string_pretty(&new).unwrap());
    assert!(!old_text.contains("Alice") && old_text.contains("Person 1"), "{old_text}");
    assert_eq!(old_text, new_text);
    assert_same(&old_folder, &streamed(&store, Some(&p)));
}
