//! The shared folder: one TOML file per record (`notes/<uid>.toml`, ...), written
//! deterministically so git sees one changed file per changed record, and two
//! people's changes to different records merge without conflict.

use super::notebook_records::Record;
use super::records::*;
use crate::error::{Error, Result as PmResult};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The folder of each kind, in the order records are read back (references first).
pub const FOLDERS: [&str; 8] =
    ["pillars", "vision", "orgs", "people", "notes", "stories", "checkins", "decisions"];

/// What writing the folder did.
#[derive(Debug, Default)]
pub struct Written {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

fn file(dir: &Path, folder: &str, uid: &str) -> PathBuf {
    dir.join(folder).join(format!("{uid}.toml"))
}

/// Writes the folder a record at a time (`pm export --dir`): nothing of the
/// notebook is held but the record in hand.
pub struct Writer<'a> {
    dir: &'a Path,
    out: Written,
}

impl<'a> Writer<'a> {
    /// Start writing into `dir`, making its folders.
    pub fn new(dir: &'a Path) -> PmResult<Writer<'a>> {
        for folder in FOLDERS {
            std::fs::create_dir_all(dir.join(folder))
                .map_err(|e| Error::user(format!("cannot create {}: {e}", dir.display())))?;
        }
        Ok(Writer { dir, out: Written::default() })
    }

    /// Write one record's file (unless it already holds the same text); returns
    /// its uid and its kind's folder.
    pub fn put(&mut self, rec: &Record) -> PmResult<(String, &'static str)> {
        let folder = match rec {
            Record::Pillar(r) => self.file(&r.uid, "pillars", r)?,
            Record::Vision(r) => self.file(&r.uid, "vision", r)?,
            Record::Org(r) => self.file(&r.uid, "orgs", r)?,
            Record::Person(r) => self.file(&r.uid, "people", r)?,
            Record::Note(r) => self.file(&r.uid, "notes", r)?,
            Record::Story(r) => {
                let r = attachments_out(self.dir, r).map_err(Error::user)?;
                self.file(&r.uid, "stories", &r)?
            }
            Record::Checkin(r) => self.file(&r.uid, "checkins", r)?,
            Record::Decision(r) => self.file(&r.uid, "decisions", r)?,
        };
        let uid = match rec {
            Record::Pillar(r) => &r.uid,
            Record::Vision(r) => &r.uid,
            Record::Org(r) => &r.uid,
            Record::Person(r) => &r.uid,
            Record::Note(r) => &r.uid,
            Record::Story(r) => &r.uid,
            Record::Checkin(r) => &r.uid,
            Record::Decision(r) => &r.uid,
        };
        Ok((uid.clone(), folder))
    }

    fn file<T: Serialize>(&mut self, uid: &str, folder: &'static str, rec: &T) -> PmResult<&'static str> {
        let path = file(self.dir, folder, uid);
        let text = toml::to_string(rec).map_err(|e| Error::user(format!("{}: {e}", path.display())))?;
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            self.out.unchanged += 1;
        } else {
            // Through a temp file and a rename: a symlink planted in a shared folder is
            // replaced, never written through.
            crate::ui::outfile::atomic(&path, text.as_bytes())
                .map_err(|e| Error::user(format!("cannot write {}: {e}", path.display())))?;
            self.out.written += 1;
        }
        Ok(folder)
    }

    /// A file whose record this notebook once synced but no longer has (`gone`
    /// says which uids) becomes a tombstone: the record was deleted here, and a
    /// removed file would be a modify/delete conflict in git, which no merge
    /// driver resolves. Files of records this notebook never saw (a teammate's)
    /// are left alone. `deleted` is (when, by whom).
    pub fn tombstones(
        &mut self,
        mut gone: impl FnMut(&str) -> PmResult<bool>,
        deleted: (&str, &str),
    ) -> PmResult<()> {
        for folder in FOLDERS {
            let path = self.dir.join(folder);
            refuse_symlink(&path).map_err(Error::user)?;
            let Ok(entries) = std::fs::read_dir(&path) else { continue };
            // Read as listed, not gathered: the folder of a million notes is not held.
            for entry in entries {
                let entry = entry.map_err(|e| Error::user(format!("cannot read {}: {e}", path.display())))?;
                let name = entry.file_name().to_string_lossy().to_string();
                let Some(uid) = name.strip_suffix(".toml").filter(|_| !name.starts_with('.')) else {
                    continue;
                };
                let file = entry.path();
                refuse_symlink(&file).map_err(Error::user)?;
                if gone(uid)? && !is_tombstone(&file) {
                    let tomb = super::merge3::Side::Gone(super::merge3::Tomb {
                        uid: uid.to_string(),
                        deleted: deleted.0.to_string(),
                        by: deleted.1.to_string(),
                    });
                    crate::ui::outfile::atomic(&file, tomb.text().as_bytes())
                        .map_err(|e| Error::user(format!("cannot write {}: {e}", file.display())))?;
                    self.out.removed += 1;
                }
            }
        }
        Ok(())
    }

    /// What was written.
    pub fn done(self) -> Written {
        self.out
    }
}

/// The `<uid>.toml` files of one folder, sorted.
fn files(dir: &Path, folder: &str) -> Result<Vec<(String, PathBuf)>, String> {
    let path = dir.join(folder);
    refuse_symlink(&path)?;
    let Ok(entries) = std::fs::read_dir(&path) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some(uid) = name.strip_suffix(".toml").filter(|_| !name.starts_with('.')) {
            refuse_symlink(&entry.path())?;
            out.push((uid.to_string(), entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Git carries symlinks, so a teammate could plant one: never follow it.
fn refuse_symlink(path: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            Err(format!("{} is a symlink: refusing to follow it", path.display()))
        }
        _ => Ok(()),
    }
}

/// A deleted record's tombstone (`pm sync`): no record to read.
fn is_tombstone(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
        .is_some_and(|t| t.contains_key("deleted") && !t.contains_key("created"))
}

fn load<T: DeserializeOwned>(path: &Path) -> Result<T, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = super::table::utf8(&bytes).map_err(|e| format!("{} {e}", path.display()))?;
    toml::from_str(text).map_err(|e| format!("{}:{}", path.display(), crate::config::toml_error(text, &e)))
}

/// Read every record in `dir`. A file must be named for the uid inside it.
pub fn read(dir: &Path) -> Result<Bundle, String> {
    refuse_symlink(dir)?;
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    fn each<T: DeserializeOwned>(dir: &Path, folder: &str, uid_of: fn(&T) -> &str) -> Result<Vec<T>, String> {
        let mut out = Vec::new();
        for (uid, path) in files(dir, folder)? {
            if is_tombstone(&path) {
                continue;
            }
            let rec: T = load(&path)?;
            if uid_of(&rec) != uid {
                return Err(format!(
                    "{}: its uid is '{}', not the file's name",
                    path.display(),
                    uid_of(&rec)
                ));
            }
            out.push(rec);
        }
        Ok(out)
    }
    let mut b = Bundle {
        pillars: each(dir, "pillars", |r: &PillarRec| &r.uid)?,
        visions: each(dir, "vision", |r: &VisionRec| &r.uid)?,
        orgs: each(dir, "orgs", |r: &OrgRec| &r.uid)?,
        people: each(dir, "people", |r: &PersonRec| &r.uid)?,
        notes: each(dir, "notes", |r: &NoteRec| &r.uid)?,
        stories: each(dir, "stories", |r: &StoryRec| &r.uid)?
            .into_iter()
            .map(|r| attachments_in(dir, r))
            .collect::<Result<_, _>>()?,
        checkins: each(dir, "checkins", |r: &CheckinRec| &r.uid)?,
        decisions: each(dir, "decisions", |r: &DecisionRec| &r.uid)?,
    };
    // Oldest first, so a notebook built from the folder numbers records as they came.
    b.pillars.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    b.visions.sort_by(|x, y| (&x.created, x.seq, &x.uid).cmp(&(&y.created, y.seq, &y.uid)));
    b.orgs.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    b.people.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    b.notes.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    b.stories.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    b.checkins.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    b.decisions.sort_by(|x, y| (&x.created, &x.uid).cmp(&(&y.created, &y.uid)));
    Ok(b)
}

/// Where attachment files go: `attachments/<uid>.<kind>`, beside the records.
const ATTACHMENTS: &str = "attachments";

/// `r` with its attachments' bytes written as files (unless already there) and
/// named in `file` instead of carried in `data`.
fn attachments_out(dir: &Path, r: &StoryRec) -> Result<StoryRec, String> {
    let mut r = r.clone();
    for a in &mut r.attachments {
        let Some(data) = a.data.take() else { continue };
        let bytes =
            crate::store::attachments::decode(&data).map_err(|e| format!("attachment {}: {e}", a.uid))?;
        let name = format!("{}.{}", a.uid, a.kind);
        let folder = dir.join(ATTACHMENTS);
        std::fs::create_dir_all(&folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        let path = folder.join(&name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            crate::ui::outfile::atomic(&path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        a.file = Some(name);
    }
    Ok(r)
}

/// `r` with the bytes of each attachment read from its file beside the records.
fn attachments_in(dir: &Path, mut r: StoryRec) -> Result<StoryRec, String> {
    for a in &mut r.attachments {
        let Some(name) = a.file.take() else { continue };
        // Only a plain file name in the attachments folder: a record cannot point elsewhere.
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(format!("story {}: attachment file '{name}' is not a plain file name", r.uid));
        }
        let path = dir.join(ATTACHMENTS).join(&name);
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if bytes.len() > crate::domain::attachment::MAX_BYTES {
            return Err(format!("{}: larger than 10 MB", path.display()));
        }
        a.data = Some(crate::store::attachments::encode(&bytes));
    }
    Ok(r)
}

impl Bundle {
    /// Every uid in the bundle with its folder.
    pub fn uids(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        out.extend(self.pillars.iter().map(|r| (r.uid.clone(), "pillars")));
        out.extend(self.visions.iter().map(|r| (r.uid.clone(), "vision")));
        out.extend(self.orgs.iter().map(|r| (r.uid.clone(), "orgs")));
        out.extend(self.people.iter().map(|r| (r.uid.clone(), "people")));
        out.extend(self.notes.iter().map(|r| (r.uid.clone(), "notes")));
        out.extend(self.stories.iter().map(|r| (r.uid.clone(), "stories")));
        out.extend(self.checkins.iter().map(|r| (r.uid.clone(), "checkins")));
        out.extend(self.decisions.iter().map(|r| (r.uid.clone(), "decisions")));
        out
    }
}
