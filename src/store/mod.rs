//! All of the SQL: every statement pm runs is in a module of store/ (see
//! docs/ARCHITECTURE.md). `Store` opens the notebook (permissions, pragmas,
//! migrations) and runs each writing command in one IMMEDIATE transaction.

pub mod attachments;
pub mod complete;
pub mod decisions;
pub mod export;
pub mod forget;
pub mod history;
pub mod log;
pub mod meetings;
pub mod merged;
pub mod notes;
pub mod people;
pub mod pillars;
pub mod plans;
pub mod report;
pub mod schema;
pub mod search;
mod snippet;
pub mod staged;
pub mod stories;
pub mod sync;
pub mod sync_ledger;
pub mod totals;
pub mod vision;
mod words;

use crate::domain::ids::{self, IdRef, RecordKind};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The handle every store function takes (the open notebook, or the writing
/// command's transaction, which derefs to it). Outside store/ it is passed
/// along, never queried: the SQL is all here.
pub type Conn = Connection;
/// The transaction a writing command's work runs in (see [`Store::write`]).
pub type Tx<'a> = rusqlite::Transaction<'a>;

/// An open notebook.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The notebook's folder cannot be written (so neither can the notebook).
    folder_read_only: bool,
    /// How stories are scored; when set, every write keeps the stored scores current.
    settings: Option<crate::domain::score::Settings>,
}

impl Store {
    /// Open the notebook at `path` for writing, creating it (0600, in a 0700 folder) if missing.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            create_private(path)?;
        }
        Self::open_existing(path)
    }

    /// Open for reading: a missing notebook reads as an empty one, and nothing is created.
    pub fn open_for_read(path: &Path) -> Result<Store> {
        // An empty file is a notebook being created (or a copy that never got its
        // first page): it reads as empty, and a reading command writes nothing to it.
        let empty = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0);
        if path.exists() && !empty {
            Self::open_existing(path)
        } else {
            let mut conn = Connection::open_in_memory()?;
            schema::migrate(&mut conn)?;
            Ok(Store { conn, path: None, folder_read_only: false, settings: None })
        }
    }

    fn open_existing(path: &Path) -> Result<Store> {
        let shown = path.display();
        if path.is_dir() {
            return Err(Error::user(format!("the notebook path {shown} is a folder, not a file")));
        }
        let mut writable = std::fs::OpenOptions::new().write(true).open(path).is_ok();
        let flags =
            if writable { OpenFlags::SQLITE_OPEN_READ_WRITE } else { OpenFlags::SQLITE_OPEN_READ_ONLY }
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::data(format!("cannot open the notebook {shown}: {e}")))?;
        conn.busy_handler(Some(wait_for_lock))?;
        let not_sqlite = || {
            Error::data(format!(
                "{shown} is not a pm notebook (not a SQLite database); it was left untouched"
            ))
        };
        // Read the version before anything that could write to the file, so that a
        // file we refuse is left byte-for-byte as it was.
        let mut folder_read_only = false;
        let version = match schema::version(&conn) {
            Ok(v) => v,
            // A notebook in WAL mode needs its folder to make its -shm file: in a
            // read-only folder it is opened read-only as an unchanging file instead.
            Err(_) if !folder_writable(path) => {
                folder_read_only = true;
                writable = false;
                conn = open_read_only_folder(path).map_err(|_| {
                    Error::data(format!("the folder of the notebook {shown} is read-only and the notebook cannot be read there"))
                        .hint("make the folder writable, or copy the notebook elsewhere")
                })?;
                schema::version(&conn).map_err(|_| not_sqlite())?
            }
            Err(_) => return Err(not_sqlite()),
        };
        if version > schema::latest() {
            return Err(Error::data(format!(
                "{shown} was written by a newer pm (schema {version}; this pm knows up to {}); it was left untouched",
                schema::latest()
            ))
            .hint("upgrade pm"));
        }
        if writable {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            log::install(&conn);
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Statement journals (every write that fires a trigger makes one) stay in memory.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if version < schema::latest() {
            if !writable {
                return Err(Error::data(format!("{shown} needs a schema upgrade but is read-only")));
            }
            if version > 0 {
                backup_before_upgrade(&conn, path, version)?;
            }
            // A migration may rebuild a table and its indexes: sorted on disk, not in RAM.
            conn.pragma_update(None, "temp_store", "FILE")?;
            schema::migrate(&mut conn)?;
            conn.pragma_update(None, "temp_store", "MEMORY")?;
        }
        Ok(Store { conn, path: Some(path.to_path_buf()), folder_read_only, settings: None })
    }

    /// Keep stored scores current under `settings` on every write.
    pub fn scoring(mut self, settings: &crate::domain::score::Settings) -> Self {
        self.settings = Some(settings.clone());
        self
    }

    /// Whether the notebook can only be read (a read-only file).
    pub fn read_only(&self) -> Result<bool> {
        Ok(self.conn.is_readonly(rusqlite::MAIN_DB)?)
    }

    /// The file behind this store; `None` for a notebook that does not exist yet.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Whether SQLite checks each row's references as it is written (on, as
    /// the notebook opens). A bulk load of new notes turns this off for its
    /// transaction (the pragma cannot change inside one): every reference it
    /// writes comes from a lookup it just made, and it checks the rows it
    /// wrote once at the end (store::log::bulk) instead of SQLite looking up
    /// a note and a story for each of millions of links.
    pub fn check_references(&self, on: bool) -> Result<()> {
        self.conn.pragma_update(None, "foreign_keys", if on { "ON" } else { "OFF" })?;
        Ok(())
    }

    /// Let SQLite keep up to `mib` MiB of pages in memory (big imports), instead
    /// of spilling them to the WAL part way through the transaction.
    pub fn cache_mib(&self, mib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -mib * 1024)?;
        Ok(())
    }

    /// Run `f` in one IMMEDIATE transaction recorded as change `command` in the
    /// operation log. An error anywhere rolls everything back.
    pub fn write<T>(
        &mut self,
        command: &str,
        at: &str,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.transact(command, at, true, f)
    }

    /// Like [`Store::write`], but roll everything back at the end (`--dry-run`):
    /// the result says exactly what the write would have done.
    pub fn trial<T>(
        &mut self,
        command: &str,
        at: &str,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.transact(command, at, false, f)
    }

    fn transact<T>(
        &mut self,
        command: &str,
        at: &str,
        commit: bool,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        if self.folder_read_only {
            let dir = self
                .path
                .as_deref()
                .and_then(Path::parent)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Err(Error::data(format!(
                "the notebook's folder {dir} is read-only: nothing was changed"
            ))
            .hint("reading commands still work; make the folder writable to change the notebook"));
        }
        if self.read_only()? {
            let shown = self.path.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
            return Err(Error::data(format!("the notebook {shown} is read-only: nothing was changed"))
                .hint("reading commands still work; make the file writable to change it"));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("INSERT INTO changes (at, command) VALUES (?1, ?2)", (at, command))?;
        log::begin(&tx, tx.last_insert_rowid())?;
        // Recording stops however this ends (a rollback drops what was recorded).
        struct Recording;
        impl Drop for Recording {
            fn drop(&mut self) {
                log::end();
            }
        }
        let _recording = Recording;
        // Before: all scores, if the settings changed since they were stored (the
        // command may read them); after: the stories this command touched.
        if let Some(settings) = &self.settings {
            stories::rescore_if_settings_changed(&tx, settings)?;
        }
        let out = f(&tx)?;
        log::flush(&tx)?;
        if let Some(settings) = &self.settings {
            stories::rescore_touched(&tx, settings)?;
            log::flush(&tx)?;
        }
        if commit {
            crate::test_stop::step("commit");
            tx.commit()?;
        }
        Ok(out)
    }
}

thread_local! {
    /// When this wait for the lock began, and whether the user was told.
    static WAITING: std::cell::Cell<(Option<std::time::Instant>, bool)> = const { std::cell::Cell::new((None, false)) };
}

/// SQLite's busy handler: another pm holds the write lock (a long import is one
/// transaction), so wait for as long as it does, saying so once a second has
/// passed. `tries` is 0 at the start of each wait.
fn wait_for_lock(tries: i32) -> bool {
    let (start, told) = WAITING.with(|w| {
        let (start, told) = w.get();
        let now = if tries == 0 { (Some(std::time::Instant::now()), false) } else { (start, told) };
        w.set(now);
        now
    });
    if !told && start.is_some_and(|s| s.elapsed() >= Duration::from_secs(1)) {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "Waiting for another pm command to finish with the notebook (it holds the lock)..."
        );
        WAITING.with(|w| w.set((start, true)));
    }
    // Short sleeps first (most waits are a few ms), then 50 ms.
    std::thread::sleep(Duration::from_millis([1, 2, 5, 10, 20, 50][tries.clamp(0, 5) as usize]));
    true
}

/// Whether a file can be made in `path`'s folder (asked only when the notebook
/// would not open, so a working notebook's folder is never probed).
fn folder_writable(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let probe = dir.join(format!(".pm-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => e.kind() == std::io::ErrorKind::AlreadyExists,
    }
}

/// Open a notebook in a read-only folder for reading: as an immutable file when
/// no -wal beside it holds changes (nothing can change it there), else plainly.
fn open_read_only_folder(path: &Path) -> Result<Connection> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let pending = std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let absolute = std::fs::canonicalize(path)?;
    let uri = format!("file:{}{}", uri_path(&absolute), if pending { "" } else { "?immutable=1" });
    let conn = Connection::open_with_flags(uri, flags)?;
    schema::version(&conn)?;
    Ok(conn)
}

/// A path as a `file:` URI path: everything but unreserved characters and `/` percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for b in path.as_os_str().as_encoded_bytes() {
        match *b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(*b as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Make the folder `path` goes in, owner-only (0700), if it is not there yet.
fn private_folder(path: &Path) -> std::result::Result<(), String> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) else {
        return Ok(());
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))
}

/// Create the notebook file owner-only, and its folder owner-only if we make it.
fn create_private(path: &Path) -> Result<()> {
    private_folder(path).map_err(Error::data)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::data(format!("cannot create the notebook {}: {e}", path.display()))),
    }
}

/// Keep a copy of the notebook as it was before a schema upgrade, next to it.
fn backup_before_upgrade(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".v{version}.bak"));
    let target = PathBuf::from(name);
    // A copy from an earlier, interrupted upgrade of the same version is the same notebook.
    if !target.exists() {
        backup(conn, &target, &|_, _| {})
            .map_err(|e| Error { message: format!("backup before the upgrade: {}", e.message), ..e })?;
    }
    Ok(())
}

/// Copy the notebook to `target` (which must not exist) with the online backup
/// API, owner-only like the notebook, and check the copy; returns its integrity.
/// The copy is made under a temp name in the target's folder (created owner-only
/// if missing) and appears at `target` only once checked, so a kill part way
/// never leaves a half copy there.
/// `progress` hears (pages copied, pages in all) as the copy goes.
pub fn backup(conn: &Connection, target: &Path, progress: &dyn Fn(u64, u64)) -> Result<String> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Err(Error::user("it already exists (a backup never replaces a file)"));
    }
    private_folder(target).map_err(Error::user)?;
    // Named after the target, in its folder (so the final link stays on one file system).
    let mut temp = target.as_os_str().to_owned();
    temp.push(format!(".pm-tmp-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()));
    let temp = PathBuf::from(temp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&temp).map_err(|e| Error::user(format!("cannot create it: {e}")))?;
    let copied = (|| -> Result<String> {
        let mut dst = Connection::open(&temp)?;
        {
            let copy = rusqlite::backup::Backup::new(conn, &mut dst)?;
            loop {
                let step = copy.step(1024)?;
                let p = copy.progress();
                progress((p.pagecount - p.remaining).max(0) as u64, p.pagecount.max(0) as u64);
                match step {
                    rusqlite::backup::StepResult::Done => break,
                    rusqlite::backup::StepResult::More => {}
                    // Another process holds the notebook for a moment: try again.
                    _ => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        }
        let ok = integrity(&dst)?;
        if ok != "ok" {
            return Err(Error::data(format!("the copy fails its integrity check: {ok}")));
        }
        // Back to a single file: the copy must not need a -wal beside it.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.close().map_err(|(_, e)| Error::from(e))?;
        // A hard link never replaces a file that appeared meanwhile; a file system
        // without hard links gets a rename after one more check.
        match std::fs::hard_link(&temp, target) {
            Ok(()) => std::fs::remove_file(&temp)?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::user("it already exists (a backup never replaces a file)"));
            }
            Err(_) if std::fs::symlink_metadata(target).is_err() => std::fs::rename(&temp, target)?,
            Err(e) => return Err(Error::user(format!("cannot create it: {e}"))),
        }
        Ok(ok)
    })();
    if copied.is_err() {
        for side in ["", "-wal", "-shm", "-journal"] {
            let mut name = temp.clone().into_os_string();
            name.push(side);
            let _ = std::fs::remove_file(name);
        }
    }
    copied
}

/// The tables whose records travel through a shared folder, with their folder names.
pub(crate) const SYNCED_TABLES: [(&str, &str); 8] = [
    ("pillars", "pillars"),
    ("visions", "vision"),
    ("orgs", "orgs"),
    ("people", "people"),
    ("notes", "notes"),
    ("stories", "stories"),
    ("checkins", "checkins"),
    ("decisions", "decisions"),
];

/// The table that holds records of `kind`.
pub(crate) fn table_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Note => "notes",
        RecordKind::Story => "stories",
        RecordKind::Checkin => "checkins",
        RecordKind::Decision => "decisions",
    }
}

/// Turn an id as typed (`N12`, `n12`, a uid) into the row id, or an error naming it.
pub fn resolve(conn: &Connection, kind: RecordKind, input: &str) -> Result<i64> {
    let table = table_of(kind);
    let id_ref = ids::parse(input, kind).map_err(Error::user)?;
    let found: Option<i64> = match &id_ref {
        IdRef::Local(n) => conn
            .prepare_cached(&format!("SELECT id FROM {table} WHERE id = ?1"))?
            .query_row([n], |r| r.get(0))
            .optional()?,
        IdRef::Uid(u) => conn
            .prepare_cached(&format!("SELECT id FROM {table} WHERE uid = ?1"))?
            .query_row([u], |r| r.get(0))
            .optional()?,
    };
    found.ok_or_else(|| {
        Error::user(format!("no {} '{}'", kind.noun(), input.trim()))
            .hint(format!("`pm {} list` shows the ids", cli_noun(kind)))
    })
}

fn cli_noun(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Note => "note",
        RecordKind::Story => "story",
        RecordKind::Checkin => "checkin",
        RecordKind::Decision => "decision",
    }
}

/// A new stable uid for a record.
pub fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Count the rows of each kind of record (for `doctor`).
pub fn counts(conn: &Connection) -> Result<[(&'static str, i64); 4]> {
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok([
        ("notes", count("SELECT count(*) FROM notes")?),
        ("stories", count("SELECT count(*) FROM stories WHERE merged_into IS NULL")?),
        ("checkins", count("SELECT count(*) FROM checkins")?),
        ("decisions", count("SELECT count(*) FROM decisions")?),
    ])
}

/// Whether no command has ever written to this notebook (every write records a change).
pub fn untouched(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM changes)", [], |r| r.get(0))?)
}

/// `PRAGMA integrity_check`: "ok", or the first problem it reports.
pub fn integrity(conn: &Connection) -> Result<String> {
    let pages: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if pages != "ok" {
        return Ok(pages);
    }
    // The report's kept counts over every note must agree with the notes.
    let off = totals::differences(conn)?;
    Ok(match off.first() {
        None => pages,
        Some(first) => format!(
            "the report's note totals differ from the notes in {} place(s), first: {first}",
            off.len()
        ),
    })
}

/// SQLite's errors in the program's terms: the few a user can act on by kind,
/// the rest as failures we did not expect. (Here, so that rusqlite is named in store/ only.)
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                ReadOnly => {
                    return Error::data("the notebook is read-only; nothing was changed")
                        .hint("check the file's permissions");
                }
                DiskFull => return Error::data("the disk is full; nothing was changed"),
                NotADatabase => return Error::data("the notebook file is not a SQLite database"),
                DatabaseBusy | DatabaseLocked => {
                    return Error::data(
                        "the notebook stayed busy (another pm is writing); nothing was changed",
                    );
                }
                _ => {}
            }
        }
        Error::internal(format!("database error: {e}"))
    }
}
