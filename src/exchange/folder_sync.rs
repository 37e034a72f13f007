//! `pm sync`'s exchange between the notebook and the shared folder: every record
//! file is merged three ways (the copy last pushed, the notebook, the folder),
//! the notebook takes the merged records, and the folder gets them back.
//!
//! The folder is read and written without following a symlink: a record file or
//! folder that is a symlink is refused (git carries symlinks, so a teammate could
//! plant one), and files are written to a temp file and renamed.

use super::dir::FOLDERS;
use super::merge3::{self, Conflict, Side, Tomb};
use super::records::*;
use crate::error::{Error, Result};
use crate::store::sync;
use rusqlite::{Transaction, params};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::{Table, Value};

/// The folder of forget markers: each names record uids every clone scrubs.
pub const FORGET: &str = "forget";

type Key = (&'static str, String);

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

/// Refuse `path` if it is a symlink.
fn no_symlink(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::user(format!(
            "{} is a symlink: refusing to follow it (remove it from the folder)",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// The record files of the folder: (folder, uid) -> text. Nothing is followed.
pub fn read_files(dir: &Path) -> Result<BTreeMap<Key, String>> {
    no_symlink(dir)?;
    if !dir.is_dir() {
        return Err(Error::user(format!("{} is not a folder", dir.display())));
    }
    let mut out = BTreeMap::new();
    for folder in FOLDERS {
        let path = dir.join(folder);
        no_symlink(&path)?;
        let Ok(entries) = std::fs::read_dir(&path) else { continue };
        for entry in entries {
            let entry = entry.map_err(|e| Error::user(format!("cannot read {}: {e}", path.display())))?;
            let name = entry.file_name().to_string_lossy().to_string();
            let Some(uid) = name.strip_suffix(".toml") else { continue };
            if name.starts_with('.') {
                continue;
            }
            no_symlink(&entry.path())?;
            if !valid_uid(uid) {
                return Err(Error::user(format!("{}: not a record file name", entry.path().display())));
            }
            let bytes = std::fs::read(entry.path())
                .map_err(|e| Error::user(format!("cannot read {}: {e}", entry.path().display())))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::user(format!("{}: not UTF-8", entry.path().display())))?;
            out.insert((folder, uid.to_string()), text);
        }
    }
    Ok(out)
}

/// The forget markers' uids: (marker name, uids).
fn read_markers(dir: &Path) -> Result<Vec<(String, Vec<String>)>> {
    let path = dir.join(FORGET);
    no_symlink(&path)?;
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&path) else { return Ok(out) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || !name.ends_with(".toml") {
            continue;
        }
        no_symlink(&entry.path())?;
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let table: Table =
            toml::from_str(&text).map_err(|e| Error::user(format!("{}: {e}", entry.path().display())))?;
        let uids = table
            .get("uids")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
            .unwrap_or_default();
        out.push((name, uids));
    }
    out.sort();
    Ok(out)
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
fn notebook(
    tx: &Transaction,
    settings: &crate::domain::score::Settings,
    now: &str,
    today: &str,
) -> Result<BTreeMap<Key, Table>> {
    let exported = super::doc::export(tx, settings, now)?;
    let parsed: super::doc::DocIn = serde_json::from_value(serde_json::to_value(&exported)?)?;
    let b = super::doc::to_bundle(parsed, now, today).map_err(Error::internal)?;
    let mut out = BTreeMap::new();
    for r in &b.pillars {
        out.insert(("pillars", r.uid.clone()), table_of(r));
    }
    for r in &b.visions {
        out.insert(("vision", r.uid.clone()), table_of(r));
    }
    for r in &b.orgs {
        out.insert(("orgs", r.uid.clone()), table_of(r));
    }
    for r in &b.people {
        out.insert(("people", r.uid.clone()), table_of(r));
    }
    for r in &b.notes {
        out.insert(("notes", r.uid.clone()), table_of(r));
    }
    for r in &b.stories {
        out.insert(("stories", r.uid.clone()), table_of(r));
    }
    for r in &b.checkins {
        out.insert(("checkins", r.uid.clone()), table_of(r));
    }
    for r in &b.decisions {
        out.insert(("decisions", r.uid.clone()), table_of(r));
    }
    Ok(out)
}

fn folder_of(kind: &str) -> &'static str {
    FOLDERS.iter().find(|f| **f == kind).copied().unwrap_or("notes")
}

fn shown((folder, uid): &Key) -> String {
    format!("{folder}/{uid}")
}

/// Merge the folder into the notebook, and plan the folder's new files (see
/// [`write`]). With `dry`, the caller rolls the transaction back.
pub fn run(
    tx: &Transaction,
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
        let seen: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM sync_markers WHERE name = ?1)", [&name], |r| {
                r.get(0)
            })?;
        if !seen {
            scrub.extend(uids);
            tx.execute("INSERT INTO sync_markers (name) VALUES (?1)", [&name])?;
        }
    }
    // Records a forget here scrubbed, not sent yet: this notebook's copy wins whole.
    let forgot_here: BTreeSet<String> = {
        let mut stmt = tx.prepare("SELECT uid FROM sync_forget")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
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
        for table in ["notes", "stories", "checkins", "decisions"] {
            let id: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
                &format!("SELECT id FROM {table} WHERE uid = ?1"),
                [uid],
                |r| r.get(0),
            ))?;
            scrub_ids.extend(id.map(|id| (table, id)));
        }
    }
    // The person records of the scrubbed notes: they hold the name too.
    let mut scrub_people = Vec::new();
    for uid in &scrub {
        let person: Option<Option<i64>> = rusqlite::OptionalExtension::optional(tx.query_row(
            "SELECT person_id FROM notes WHERE uid = ?1",
            [uid],
            |r| r.get(0),
        ))?;
        scrub_people.extend(person.flatten());
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
        let n = tx.execute(
            "INSERT OR IGNORE INTO sync_conflicts (kind, uid, field, kept, lost, lost_by, at, change_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT max(id) FROM changes))",
            params![key.0, key.1, c.field, json(&c.kept), json(&c.lost), c.lost_by, now],
        )?;
        if n > 0 || dry {
            out.conflicts.push(format!("{} {}", local_name(tx, key)?, c.field));
        }
    }
    if !scrub.is_empty() {
        // A person record no note names any more after the scrub goes, with its aliases.
        scrub_people.sort_unstable();
        scrub_people.dedup();
        for id in scrub_people {
            let named: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM notes WHERE person_id = ?1)", [id], |r| r.get(0))?;
            if !named {
                tx.execute("DELETE FROM person_aliases WHERE person_id = ?1", [id])?;
                tx.execute("DELETE FROM people WHERE id = ?1", [id])?;
                scrub_ids.push(("people", id));
            }
        }
        scrub_history(tx, &scrub_ids)?;
        out.scrubbed = scrub.len();
        // The losing values of scrubbed records may hold the name: gone with it.
        let list = serde_json::to_string(&scrub)?;
        tx.execute("DELETE FROM sync_conflicts WHERE uid IN (SELECT value FROM json_each(?1))", [&list])?;
        tx.execute("DELETE FROM sync_base WHERE uid IN (SELECT value FROM json_each(?1))", [&list])?;
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
    let pending: Vec<String> = {
        let mut stmt = tx.prepare("SELECT uid FROM sync_forget ORDER BY uid")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    if !pending.is_empty() {
        let name = format!("{}.toml", uuid::Uuid::new_v4().simple());
        let mut t = Table::new();
        t.insert("uids".into(), Value::Array(pending.iter().cloned().map(Value::String).collect()));
        t.insert("at".into(), Value::String(now.to_string()));
        out.written.push(format!("{FORGET}/{name}"));
        out.files.push((format!("{FORGET}/{name}"), toml::to_string(&t).unwrap_or_default()));
        if !dry {
            tx.execute("INSERT OR IGNORE INTO sync_markers (name) VALUES (?1)", [&name])?;
            tx.execute("DELETE FROM sync_forget", [])?;
        }
    }
    Ok(out)
}

/// Put the files a sync planned into the folder, each written to a temp file and
/// renamed (a sync killed part way leaves whole files, old or new), none through a symlink.
pub fn write(dir: &Path, out: &Outcome) -> Result<()> {
    for (rel, text) in &out.files {
        let path = dir.join(rel);
        if let Some(folder) = path.parent() {
            make_folder(folder)?;
        }
        no_symlink(&path)?;
        crate::ui::outfile::atomic(&path, text.as_bytes())
            .map_err(|e| Error::user(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// Remove the temp files a killed sync left in the record folders (a write goes
/// to `.<name>.pm-tmp-…` and is renamed): git would commit them. Returns how many.
pub fn remove_stray_temps(dir: &Path) -> Result<usize> {
    let mut removed = 0;
    for folder in FOLDERS.iter().copied().chain([FORGET]) {
        let path = dir.join(folder);
        no_symlink(&path)?;
        let Ok(entries) = std::fs::read_dir(&path) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') && name.contains(".pm-tmp-") {
                std::fs::remove_file(entry.path())
                    .map_err(|e| Error::user(format!("cannot remove {}: {e}", entry.path().display())))?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// A record's id here (S3), else its folder and uid.
fn local_name(tx: &Transaction, key: &Key) -> Result<String> {
    use crate::domain::ids::RecordKind;
    let kind = match key.0 {
        "notes" => RecordKind::Note,
        "stories" => RecordKind::Story,
        "checkins" => RecordKind::Checkin,
        "decisions" => RecordKind::Decision,
        _ => return Ok(crate::store::history::named_record(tx, key.0, &key.1)?.unwrap_or_else(|| shown(key))),
    };
    let id: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
        &format!("SELECT id FROM {} WHERE uid = ?1", key.0),
        [&key.1],
        |r| r.get(0),
    ))?;
    Ok(id.map(|id| kind.display(id)).unwrap_or_else(|| shown(key)))
}

fn same_pillar(tx: &Transaction, fields: &Table) -> Result<bool> {
    let name = fields.get("name").and_then(Value::as_str).unwrap_or_default();
    Ok(crate::store::pillars::lookup(tx, name)?.is_some())
}

/// Whether removing `removed` of `total` records needs a yes: more than 10, or
/// more than 5 % of the notebook (one record never: a teammate deleted a note).
pub fn too_many(removed: usize, total: usize) -> bool {
    removed > 10 || (removed > 1 && removed * 100 > total * 5)
}

/// A folder of the clone, owner-only (git checks files out under the user's umask).
fn make_folder(path: &Path) -> Result<()> {
    no_symlink(path)?;
    std::fs::create_dir_all(path)
        .map_err(|e| Error::user(format!("cannot create {}: {e}", path.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// The folder's record files as they now are, the bases of the next sync.
pub fn snapshot(dir: &Path) -> Result<Vec<(String, String, String)>> {
    Ok(read_files(dir)?.into_iter().map(|((folder, uid), text)| (folder.to_string(), uid, text)).collect())
}

/// Add a merged record (a table) to the bundle the notebook takes.
fn push(b: &mut Bundle, folder: &str, fields: Table) -> std::result::Result<(), String> {
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

/// The clone's root, owner-only.
pub fn secure_root(dir: &Path) -> Result<()> {
    no_symlink(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::user(format!("cannot make {} owner-only: {e}", dir.display())))?;
    }
    Ok(())
}

/// A field changed on both sides, as `pm sync conflicts` lists it.
#[derive(Debug, serde::Serialize)]
pub struct ConflictRow {
    pub id: i64,
    /// The record's id here (S3), or its folder and uid when it is not here.
    pub record: String,
    pub kind: String,
    pub uid: String,
    pub field: String,
    pub kept: Option<serde_json::Value>,
    pub lost: Option<serde_json::Value>,
    pub lost_by: String,
    pub at: String,
    pub restored: Option<String>,
}

pub fn conflicts(conn: &rusqlite::Connection) -> Result<Vec<ConflictRow>> {
    use crate::domain::ids::RecordKind;
    let mut stmt = conn.prepare(
        "SELECT id, kind, uid, field, kept, lost, lost_by, at, restored FROM sync_conflicts ORDER BY id",
    )?;
    let value = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
    let mut rows: Vec<ConflictRow> = stmt
        .query_map([], |r| {
            Ok(ConflictRow {
                id: r.get(0)?,
                record: String::new(),
                kind: r.get(1)?,
                uid: r.get(2)?,
                field: r.get(3)?,
                kept: value(r.get(4)?),
                lost: value(r.get(5)?),
                lost_by: r.get(6)?,
                at: r.get(7)?,
                restored: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for row in &mut rows {
        let kind = match row.kind.as_str() {
            "notes" => Some((RecordKind::Note, "notes")),
            "stories" => Some((RecordKind::Story, "stories")),
            "checkins" => Some((RecordKind::Checkin, "checkins")),
            "decisions" => Some((RecordKind::Decision, "decisions")),
            _ => None,
        };
        let here = match kind {
            Some((k, table)) => rusqlite::OptionalExtension::optional(conn.query_row(
                &format!("SELECT id FROM {table} WHERE uid = ?1"),
                [&row.uid],
                |r| r.get::<_, i64>(0),
            ))?
            .map(|id| k.display(id)),
            None => crate::store::history::named_record(conn, &row.kind, &row.uid)?,
        };
        row.record = here.unwrap_or_else(|| format!("{}/{}", row.kind, row.uid));
    }
    Ok(rows)
}

/// Put conflict `n`'s losing value back into its record (a local edit, which the
/// next sync sends); for an edit kept over a deletion, delete the record after all.
pub fn restore(
    tx: &Transaction,
    settings: &crate::domain::score::Settings,
    n: i64,
    now: &str,
    today: &str,
) -> Result<String> {
    let row = conflicts(tx)?
        .into_iter()
        .find(|c| c.id == n)
        .ok_or_else(|| Error::user(format!("no conflict {n}")).hint("`pm sync conflicts` lists them"))?;
    let key: Key = (folder_of(&row.kind), row.uid.clone());
    let ours = notebook(tx, settings, now, today)?;
    let Some(mut fields) = ours.get(&key).cloned() else {
        return Err(Error::user(format!("conflict {n}: {} is no longer in this notebook", shown(&key))));
    };
    let what = if row.field == "deleted" {
        sync::remove(tx, key.0, &key.1)?;
        format!("deleted {}", shown(&key))
    } else {
        match &row.lost {
            Some(v) => {
                let v = Value::try_from(v.clone()).map_err(|e| Error::internal(e.to_string()))?;
                fields.insert(row.field.clone(), v);
            }
            None => {
                fields.remove(&row.field);
            }
        }
        fields.insert("updated".into(), Value::String(now.to_string()));
        let mut b = Bundle::default();
        push(&mut b, key.0, fields).map_err(|e| Error::user(format!("conflict {n}: {e}")))?;
        let mut m = super::merge::Merger::new(tx, now).replacing();
        m.put_bundle(&b).map_err(|e| e.at(format!("conflict {n}")))?;
        m.done().map_err(|e| e.at(format!("conflict {n}")))?;
        let lost = row.lost.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "empty".into());
        format!("{} {} is {lost} again", row.record, row.field)
    };
    tx.execute("UPDATE sync_conflicts SET restored = ?2 WHERE id = ?1", params![n, now])?;
    Ok(what)
}

/// Before `pm forget` in a notebook that syncs: its records, to tell afterwards
/// which ones the forget changed. None when the notebook never synced.
pub fn before_forget(
    tx: &Transaction,
    settings: &crate::domain::score::Settings,
    now: &str,
) -> Result<Option<BTreeMap<(&'static str, String), Table>>> {
    if sync::state(tx, "writer")?.is_none() {
        return Ok(None);
    }
    Ok(Some(notebook(tx, settings, now, now.get(..10).unwrap_or(now))?))
}

/// After `pm forget`: the uids of the records it changed or deleted go out in a
/// forget marker at the next sync (the uids only, never the name).
pub fn after_forget(
    tx: &Transaction,
    settings: &crate::domain::score::Settings,
    before: &BTreeMap<(&'static str, String), Table>,
    now: &str,
) -> Result<()> {
    let after = notebook(tx, settings, now, now.get(..10).unwrap_or(now))?;
    let mut put = tx.prepare_cached("INSERT OR IGNORE INTO sync_forget (uid) VALUES (?1)")?;
    for (key, fields) in before {
        if after.get(key) != Some(fields) {
            put.execute([&key.1])?;
        }
    }
    // The losing values and bases of those records may hold the name (`pm_has`
    // and `pm_scrub` are the forget's own matchers, registered on this connection).
    tx.execute("DELETE FROM sync_conflicts WHERE uid IN (SELECT uid FROM sync_forget)", [])?;
    tx.execute("DELETE FROM sync_conflicts WHERE pm_has(kept) OR pm_has(lost)", [])?;
    tx.execute("DELETE FROM sync_base WHERE uid IN (SELECT uid FROM sync_forget) OR pm_has(text)", [])?;
    Ok(())
}

/// The history of scrubbed records (and of their tags, links and events) goes:
/// old values there may hold the name. `ids` are (table, id) taken before the sync.
fn scrub_history(tx: &Transaction, ids: &[(&str, i64)]) -> Result<()> {
    crate::store::log::flush(tx)?;
    let children: &[(&str, &[(&str, &str)])] = &[
        ("notes", &[("note_tags", "note_id"), ("links", "note_id")]),
        ("stories", &[("links", "story_id"), ("story_events", "story_id")]),
        ("checkins", &[("checkin_stories", "checkin_id")]),
        ("decisions", &[("decision_stories", "decision_id")]),
    ];
    for (table, id) in ids {
        tx.execute(
            "DELETE FROM ops WHERE tbl = ?1 AND json_extract(row_key, '$.id') = ?2",
            params![table, id],
        )?;
        for (t, kids) in children {
            if t == table {
                for (child, col) in kids.iter() {
                    tx.execute(
                        &format!("DELETE FROM ops WHERE tbl = ?1 AND json_extract(row_key, '$.{col}') = ?2"),
                        params![child, id],
                    )?;
                }
            }
        }
        if *table == "people" {
            tx.execute(
                "DELETE FROM ops WHERE tbl = 'person_aliases'
                   AND (json_extract(old, '$.person_id') = ?1 OR json_extract(new, '$.person_id') = ?1)",
                [id],
            )?;
        }
    }
    for fts in ["notes_fts", "stories_fts", "checkins_fts", "decisions_fts"] {
        tx.execute(&format!("INSERT INTO {fts} ({fts}) VALUES ('optimize')"), [])?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "folder_sync_tests.rs"]
mod tests;
