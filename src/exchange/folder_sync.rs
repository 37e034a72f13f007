//! `pm sync`'s exchange between the notebook and the shared folder: every record
//! file is merged three ways (the copy last pushed, the notebook, the folder),
//! the notebook takes the merged records, and the folder gets them back.
//!
//! Beside it: the folder's files (`folder_files.rs`, never through a symlink),
//! the conflicts kept (`sync_conflicts.rs`), and a forget's marker
//! (`sync_forget.rs`); their bookkeeping's SQL is `store::sync_ledger`.

use super::dir::FOLDERS;
use super::merge3::{self, Conflict, Side, Tomb};
use super::notebook_records::Record;
use super::records::*;
use crate::domain::ids::RecordKind;
use crate::error::{Error, Result};
use crate::store::{Tx, sync, sync_ledger as ledger};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::{Table, Value};

use super::folder_files::read_markers;
pub use super::folder_files::{FORGET, read_files, remove_stray_temps, secure_root, snapshot, write};
pub use super::sync_conflicts::{ConflictRow, conflicts, restore};
pub use super::sync_forget::{after_forget, before_forget};

pub(super) type Key = (&'static str, String);

/// What a sync did (or, dry, would do) to the notebook and the folder.
#[derive(Debug, Default, serde::Serialize)]
pub struct Outcome {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    pub conflicts: Vec<String>,
    /// Files written in the folder, relative to it.
    pub written: Vec<String>,
    /// Records a teammate's `pm forget` scrubbed here (the file is compacted after).
    pub scrubbed: usize,
    /// What [`write`] puts in the folder: (path relative to it, text).
    #[serde(skip)]
    pub files: Vec<(String, String)>,
}

fn table_of<T: serde::Serialize>(rec: &T) -> Table {
    match toml::Value::try_from(rec) {
        Ok(Value::Table(mut t)) => {
            merge3::normalize(&mut t);
            t
        }
        _ => Table::new(),
    }
}

/// The notebook's records as tables, by (folder, uid).
pub(super) fn notebook(
    tx: &Tx,
    settings: &crate::domain::score::Settings,
    now: &str,
    today: &str,
) -> Result<BTreeMap<Key, Table>> {
    // Record by record: the notebook is held once, as tables, not also as a
    // JSON document and its records.
    let exported = super::doc::export(tx, settings, now)?;
    let mut out = BTreeMap::new();
    super::notebook_records::each(tx, settings, &exported, None, (now, today), |r| {
        let (folder, uid, table) = match &r {
            Record::Pillar(r) => ("pillars", &r.uid, table_of(r)),
            Record::Vision(r) => ("vision", &r.uid, table_of(r)),
            Record::Org(r) => ("orgs", &r.uid, table_of(r)),
            Record::Person(r) => ("people", &r.uid, table_of(r)),
            Record::Note(r) => ("notes", &r.uid, table_of(r)),
            Record::Story(r) => ("stories", &r.uid, table_of(&**r)),
            Record::Checkin(r) => ("checkins", &r.uid, table_of(r)),
            Record::Decision(r) => ("decisions", &r.uid, table_of(r)),
        };
        out.insert((folder, uid.clone()), table);
        Ok(())
    })?;
    Ok(out)
}

pub(super) fn folder_of(kind: &str) -> &'static str {
    FOLDERS.iter().find(|f| **f == kind).copied().unwrap_or("notes")
}

pub(super) fn shown((folder, uid): &Key) -> String {
    format!("{folder}/{uid}")
}

/// Merge the folder into the notebook, and plan the folder's new files (see
/// [`write`]). With `dry`, the caller rolls the transaction back.
pub fn run(
    tx: &Tx,
    settings: &crate::domain::score::Settings,
    dir: &Path,
    now: &str,
    today: &str,
    dry: bool,
) -> Result<Outcome> {
    let files = read_files(dir)?;
    let me = sync::writer(tx)?;
    let bases: BTreeMap<Key, String> =
        sync::bases(tx)?.into_iter().map(|(uid, (folder, text))| ((folder_of(&folder), uid), text)).collect();
    let ours = notebook(tx, settings, now, today)?;
    // Forget markers not applied here yet: their records take the folder's copy
    // whole, and no losing value of theirs is kept.
    let mut scrub = BTreeSet::new();
    for (name, uids) in read_markers(dir)? {
        if !ledger::marker_seen(tx, &name)? {
            scrub.extend(uids);
            ledger::mark_seen(tx, &name)?;
        }
    }
    // Records a forget here scrubbed, not sent yet: this notebook's copy wins whole.
    let forgot_here = ledger::forgotten(tx)?;
    let parse = |key: &Key, text: &str| {
        Side::parse(text).map_err(|e| Error::user(format!("{}.toml: {e}", dir.join(shown(key)).display())))
    };
    let mut keys: BTreeSet<Key> = files.keys().cloned().collect();
    keys.extend(ours.keys().cloned());
    keys.extend(bases.keys().cloned());
    let mut out = Outcome::default();
    let mut apply = Bundle::default();
    let mut remove = Vec::new();
    let mut merged_all = BTreeMap::new();
    // Records the notebook takes from the folder (any kind).
    let mut applied = 0usize;
    let mut conflicts: Vec<(Key, Conflict)> = Vec::new();
    for key in keys {
        let base = match bases.get(&key) {
            Some(t) => parse(&key, t)?,
            None => Side::Absent,
        };
        let theirs = match files.get(&key) {
            // Unchanged in the folder since the last sync (most files, most days):
            // parsing is most of a sync's cost, so the base's parse serves.
            Some(t) if bases.get(&key) == Some(t) => base.clone(),
            Some(t) => parse(&key, t)?,
            None => Side::Absent,
        };
        let base_rec = match &base {
            Side::Rec(r) => Some(r),
            _ => None,
        };
        let mine = match (ours.get(&key), &base) {
            (Some(fields), _) => {
                let mut fields = fields.clone();
                if key.0 == "vision" {
                    // A version's place is where it was first written, not where it sits here.
                    let first = base_rec.or(match &theirs {
                        Side::Rec(r) => Some(r),
                        _ => None,
                    });
                    if let Some(seq) = first.and_then(|r| r.fields.get("seq")) {
                        fields.insert("seq".into(), seq.clone());
                    }
                }
                Side::Rec(merge3::stamp(base_rec, fields, &me))
            }
            // A pillar known here by its name under another uid: not deleted here.
            (None, Side::Rec(b)) if key.0 == "pillars" && same_pillar(tx, &b.fields)? => theirs.clone(),
            // Synced before and gone here: deleted here.
            (None, Side::Rec(_)) => {
                Side::Gone(Tomb { uid: key.1.clone(), deleted: now.to_string(), by: me.clone() })
            }
            (None, other) => other.clone(),
        };
        let (merged, found) = if scrub.contains(&key.1) && theirs != Side::Absent {
            (theirs.clone(), Vec::new())
        } else if forgot_here.contains(&key.1) {
            let won = match (ours.get(&key), &theirs) {
                // Stamped over the folder's copy: every field that differs wins.
                (Some(fields), Side::Rec(t)) => Side::Rec(merge3::stamp(Some(t), fields.clone(), &me)),
                (Some(fields), _) => Side::Rec(merge3::stamp(None, fields.clone(), &me)),
                (None, _) => {
                    Side::Gone(Tomb { uid: key.1.clone(), deleted: now.to_string(), by: me.clone() })
                }
            };
            (won, Vec::new())
        } else {
            merge3::merge(&base, &mine, &theirs)
        };
        conflicts.extend(found.into_iter().map(|c| (key.clone(), c)));
        match &merged {
            Side::Rec(r) => match ours.get(&key) {
                Some(here) if here == &r.fields => {}
                // Two notebooks that each added a pillar of one name share it.
                None if key.0 == "pillars" && same_pillar(tx, &r.fields)? => {}
                here => {
                    if here.is_some() { &mut out.changed } else { &mut out.added }.push(shown(&key));
                    applied += 1;
                    push(&mut apply, key.0, r.fields.clone())
                        .map_err(|e| Error::user(format!("{}.toml: {e}", dir.join(shown(&key)).display())))?;
                }
            },
            Side::Gone(_) if ours.contains_key(&key) => remove.push(key.clone()),
            _ => {}
        }
        merged_all.insert(key, merged);
    }
    // Records a forget marker scrubs: their row ids, before any is removed.
    let mut scrub_ids = Vec::new();
    for uid in &scrub {
        for (kind, table) in [
            (RecordKind::Note, "notes"),
            (RecordKind::Story, "stories"),
            (RecordKind::Checkin, "checkins"),
            (RecordKind::Decision, "decisions"),
        ] {
            scrub_ids.extend(ledger::id_of(tx, kind, uid)?.map(|id| (table, id)));
        }
    }
    // The person records of the scrubbed notes: they hold the name too.
    let mut scrub_people = Vec::new();
    for uid in &scrub {
        scrub_people.extend(ledger::person_of_note(tx, uid)?);
    }
    // Into the notebook: merged records (references first, each kind oldest
    // first, vision versions in the order they were written), then deletions.
    apply.visions.sort_by(|x, y| (&x.created, x.seq, &x.uid).cmp(&(&y.created, y.seq, &y.uid)));
    apply.notes.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    apply.stories.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    let mut m = super::merge::Merger::new(tx, now).replacing();
    m.put_bundle(&apply).map_err(|e| e.at(dir.display()))?;
    m.done().map_err(|e| e.at(dir.display()))?;
    for key in &remove {
        sync::remove(tx, key.0, &key.1)?;
        out.removed.push(shown(key));
    }
    for (key, c) in &conflicts {
        let json = |v: &Option<Value>| v.as_ref().map(|v| serde_json::to_string(v).unwrap_or_default());
        // The sync's own change (the transaction's latest) names it in `pm log`.
        let kept = ledger::add_conflict(
            tx,
            &ledger::NewConflict {
                kind: key.0,
                uid: &key.1,
                field: &c.field,
                kept: json(&c.kept),
                lost: json(&c.lost),
                lost_by: &c.lost_by,
                at: now,
            },
        )?;
        if kept || dry {
            out.conflicts.push(format!("{} {}", local_name(tx, key)?, c.field));
        }
    }
    if !scrub.is_empty() {
        // A person record no note names any more after the scrub goes, with its aliases.
        scrub_people.sort_unstable();
        scrub_people.dedup();
        for id in scrub_people {
            if ledger::drop_person_if_unnamed(tx, id)? {
                scrub_ids.push(("people", id));
            }
        }
        ledger::scrub_history(tx, &scrub_ids)?;
        out.scrubbed = scrub.len();
        // The losing values of scrubbed records may hold the name: gone with it.
        ledger::drop_traces_of(tx, &scrub)?;
    }
    // Back into the folder: what the notebook now holds, stamped against the merge
    // (the notebook may store a merged record a little differently). Read again
    // only if this sync changed a record: exporting the notebook is most of a
    // sync's cost, and most syncs bring nothing or a few records.
    let reread;
    let after = if applied > 0 || !remove.is_empty() || !scrub.is_empty() {
        reread = notebook(tx, settings, now, today)?;
        &reread
    } else {
        &ours
    };
    for (key, merged) in &merged_all {
        let file = match (merged, after.get(key)) {
            (Side::Rec(r), Some(fields)) => {
                let mut fields = fields.clone();
                if let Some(seq) = r.fields.get("seq").filter(|_| key.0 == "vision") {
                    fields.insert("seq".into(), seq.clone());
                }
                Side::Rec(merge3::stamp(Some(r), fields, &me))
            }
            (other, _) => other.clone(),
        };
        let text = file.text();
        if text.is_empty() || files.get(key) == Some(&text) {
            continue;
        }
        out.written.push(format!("{}.toml", shown(key)));
        out.files.push((format!("{}/{}.toml", key.0, key.1), text));
    }
    // A forget run here goes out as a marker naming the records, never the person.
    let pending = ledger::forgotten(tx)?;
    if !pending.is_empty() {
        let name = format!("{}.toml", uuid::Uuid::new_v4().simple());
        let mut t = Table::new();
        t.insert("uids".into(), Value::Array(pending.iter().cloned().map(Value::String).collect()));
        t.insert("at".into(), Value::String(now.to_string()));
        out.written.push(format!("{FORGET}/{name}"));
        out.files.push((format!("{FORGET}/{name}"), toml::to_string(&t).unwrap_or_default()));
        if !dry {
            ledger::mark_seen(tx, &name)?;
            ledger::forgotten_sent(tx)?;
        }
    }
    Ok(out)
}

/// A record's id here (S3), else its folder and uid.
fn local_name(tx: &Tx, key: &Key) -> Result<String> {
    let kind = match key.0 {
        "notes" => RecordKind::Note,
        "stories" => RecordKind::Story,
        "checkins" => RecordKind::Checkin,
        "decisions" => RecordKind::Decision,
        _ => return Ok(crate::store::history::named_record(tx, key.0, &key.1)?.unwrap_or_else(|| shown(key))),
    };
    let id = ledger::id_of(tx, kind, &key.1)?;
    Ok(id.map(|id| kind.display(id)).unwrap_or_else(|| shown(key)))
}

fn same_pillar(tx: &Tx, fields: &Table) -> Result<bool> {
    let name = fields.get("name").and_then(Value::as_str).unwrap_or_default();
    Ok(crate::store::pillars::lookup(tx, name)?.is_some())
}

/// Whether removing `removed` of `total` records needs a yes: more than 10, or
/// more than 5 % of the notebook (one record never: a teammate deleted a note).
pub fn too_many(removed: usize, total: usize) -> bool {
    removed > 10 || (removed > 1 && removed * 100 > total * 5)
}

/// Add a merged record (a table) to the bundle the notebook takes.
pub(super) fn push(b: &mut Bundle, folder: &str, fields: Table) -> std::result::Result<(), String> {
    let v = Value::Table(fields);
    let err = |e: toml::de::Error| e.to_string();
    match folder {
        "pillars" => b.pillars.push(v.try_into().map_err(err)?),
        "vision" => b.visions.push(v.try_into().map_err(err)?),
        "orgs" => b.orgs.push(v.try_into().map_err(err)?),
        "people" => b.people.push(v.try_into().map_err(err)?),
        "notes" => b.notes.push(v.try_into().map_err(err)?),
        "stories" => b.stories.push(v.try_into().map_err(err)?),
        "checkins" => b.checkins.push(v.try_into().map_err(err)?),
        _ => b.decisions.push(v.try_into().map_err(err)?),
    }
    Ok(())
}

#[cfg(test)]
#[path = "folder_sync_tests.rs"]
mod tests;
