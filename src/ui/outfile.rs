//! Writing an output file (`--out`, the shared folder's records) safely: never
//! over the notebook, never half written, never through a symlink.
//!
//! The bytes go to a new owner-only temp file in the target's folder, which is
//! then renamed over the target. A rename replaces a symlink at the target
//! instead of writing where it points, and a crash leaves either the old file
//! or the new one, never a mix (at worst a stray `.NAME.pm-tmp-*` beside it).

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` for the option `flag` (e.g. `--out`), refusing a
/// path that is, or leads to, the notebook at `notebook` or its -wal/-shm/-journal.
pub fn write(flag: &str, path: &Path, bytes: &[u8], notebook: &Path) -> Result<()> {
    write_with(flag, path, notebook, |w| w.write_all(bytes))
}

/// Like [`write`], the contents written by `fill` as they are made (an export
/// of a million notes never held whole).
pub fn write_with(
    flag: &str,
    path: &Path,
    notebook: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if is_the_notebook(path, notebook) {
        return Err(Error::user(format!(
            "{flag}: {} is the notebook itself (or one of its files); nothing was written",
            path.display()
        ))
        .hint("choose another file name"));
    }
    // Said plainly: the rename over a folder would fail as "Not a directory".
    if path.is_dir() {
        return Err(Error::user(format!("{flag}: {} is a folder; nothing was written", path.display()))
            .hint("give a file name in it"));
    }
    atomic_with(path, fill).map_err(|e| Error::user(format!("{flag}: cannot write {}: {e}", path.display())))
}

/// Write `bytes` to `path` through an owner-only temp file and a rename.
pub fn atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    atomic_with(path, |w| w.write_all(bytes))
}

fn atomic_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let temp = temp_beside(path)?;
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = std::io::BufWriter::with_capacity(256 * 1024, options.open(&temp)?);
        fill(&mut file)?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        crate::test_stop::step("file");
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// A fresh temp name in `path`'s folder (so the rename stays on one file system).
fn temp_beside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut temp = std::ffi::OsString::from(".");
    temp.push(name);
    temp.push(format!(".pm-tmp-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()));
    Ok(path.with_file_name(temp))
}

/// Whether `path` names the notebook or one of its side files, directly, through
/// a symlink, a hard link, or `..` and friends.
pub fn is_the_notebook(path: &Path, notebook: &Path) -> bool {
    if same_file(path, notebook) {
        return true;
    }
    let (Some(target), Some(db)) = (resolved(path), resolved(notebook)) else { return false };
    let mut names = vec![db.clone()];
    for side in ["-wal", "-shm", "-journal"] {
        let mut n = db.clone().into_os_string();
        n.push(side);
        names.push(PathBuf::from(n));
    }
    names.contains(&target) || names.iter().any(|n| same_file(path, n))
}

/// The absolute path `path` stands for, with every symlink followed: the file
/// itself when it exists, else its folder's real path and its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = std::fs::canonicalize(path) {
        return Some(real);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

/// Two existing paths that are one file (same device and inode).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notebook_and_its_side_files_are_recognised_by_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("n.db");
        std::fs::write(&db, b"x").unwrap();
        assert!(is_the_notebook(&db, &db));
        assert!(is_the_notebook(&dir.path().join("n.db-wal"), &db));
        assert!(is_the_notebook(&dir.path().join("n.db-shm"), &db));
        assert!(!is_the_notebook(&dir.path().join("n.db.md"), &db));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.md");
            std::os::unix::fs::symlink(&db, &link).unwrap();
            assert!(is_the_notebook(&link, &db));
            let hard = dir.path().join("hard.md");
            std::fs::hard_link(&db, &hard).unwrap();
            assert!(is_the_notebook(&hard, &db));
        }
    }

    #[test]
    fn a_write_replaces_a_symlink_instead_of_following_it() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, b"keep").unwrap();
        let out = dir.path().join("out.md");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&elsewhere, &out).unwrap();
        atomic(&out, b"report").unwrap();
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"keep");
        assert_eq!(std::fs::read(&out).unwrap(), b"report");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temp file left");
    }
}
