//! The shared folder's files as `pm sync` reads and writes them: record files
//! by (folder, uid), the forget markers, the clone's root and folders kept
//! owner-only. Nothing is followed through a symlink (git carries symlinks, so a
//! teammate could plant one), and files are written to a temp file and renamed.

use super::dir::FOLDERS;
use super::folder_sync::{Key, Outcome};
use super::records::valid_uid;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;
use toml::{Table, Value};

/// The folder of forget markers: each names record uids every clone scrubs.
pub const FORGET: &str = "forget";

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
pub(super) fn read_markers(dir: &Path) -> Result<Vec<(String, Vec<String>)>> {
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
