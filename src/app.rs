//! The context built once per run (where the notebook is, the clock, the
//! output settings), and the use cases the commands and the demo share:
//! `notes::add`, `stories::add`, `stories::link`.

pub mod notes;
pub mod stories;

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::score::Settings;
use crate::error::Result;
use crate::store::Store;
use crate::ui::{Format, Ui};
use std::path::{Path, PathBuf};

/// What every command gets.
pub struct App {
    pub ui: Ui,
    /// How stories are scored (from `config`).
    pub settings: Settings,
    /// The effective config file settings.
    pub config: Config,
    pub clock: Clock,
    db: PathBuf,
    /// The notebook was named by `--db` or `PM_DB` (not found by looking around).
    db_given: bool,
}

impl App {
    pub fn new(
        db_flag: Option<PathBuf>,
        format: Option<Format>,
        no_input: bool,
        now: Option<&str>,
    ) -> Result<App> {
        let db_given = db_flag.as_ref().is_some_and(|p| !p.as_os_str().is_empty());
        let db = locate(db_flag)?;
        let config = Config::load(&db)?;
        Ok(App {
            ui: Ui::new(format.unwrap_or(Format::Table), no_input),
            settings: config.settings.clone(),
            config,
            clock: Clock::new(now)?,
            db,
            db_given,
        })
    }

    /// The notebook file this run uses.
    pub fn db_path(&self) -> &Path {
        &self.db
    }

    /// Whether `--db` or `PM_DB` named the notebook.
    pub fn db_given(&self) -> bool {
        self.db_given
    }

    /// Open for a reading command: a missing notebook reads as empty.
    pub fn read(&self) -> Result<Store> {
        Store::open_for_read(&self.db)
    }

    /// Open for a writing command, creating the notebook if needed.
    pub fn write(&self) -> Result<Store> {
        let store = Store::open(&self.db)?.scoring(&self.settings);
        // A `pm forget` killed before it compacted the file left the name in free
        // pages: finish that first (the next writing command, whichever it is).
        if !store.read_only()? && crate::store::forget::finish_pending(store.conn())? {
            crate::ui::say("Finished compacting the notebook after an interrupted `pm forget`");
        }
        Ok(store)
    }

    /// Open for a command that writes only when there is something to write to
    /// (`pm report` remembers its run): a missing notebook reads as empty and
    /// nothing is created.
    pub fn write_if_exists(&self) -> Result<Store> {
        if self.db.exists() { self.write() } else { self.read() }
    }

    /// Open for a command that changes what is already there (`pm undo`, `pm forget`):
    /// a missing notebook is an error, and nothing is created.
    pub fn write_existing(&self) -> Result<Store> {
        if !self.db.exists() {
            return Err(crate::error::Error::user(format!(
                "there is no notebook at {}: nothing was changed",
                self.db.display()
            ))
            .hint("`pm init` or `pm note` creates one; --db or PM_DB chooses another"));
        }
        self.write()
    }

    /// The timestamp stored for this run's changes.
    pub fn stamp(&self) -> String {
        self.clock.stamp()
    }
}

/// First match wins: `--db` (or `PM_DB`, which clap folds into it), the nearest
/// `.pm/notebook.db` here or in a parent folder, then the user's data folder.
/// A `.pm/notebook.db` that is there in any form (a dangling symlink too) is the
/// one: pm never writes to a parent folder's notebook past it.
pub(crate) fn locate(db_flag: Option<PathBuf>) -> Result<PathBuf> {
    let found = match db_flag.filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p,
        None => nearest().unwrap_or_else(|| {
            directories::ProjectDirs::from("", "", "pm")
                .map(|d| d.data_dir().join("notebook.db"))
                .unwrap_or_else(|| PathBuf::from(".pm").join("notebook.db"))
        }),
    };
    if let Ok(meta) = std::fs::symlink_metadata(&found)
        && meta.file_type().is_symlink()
        && std::fs::metadata(&found).is_err()
    {
        let to = std::fs::read_link(&found).map(|t| t.display().to_string()).unwrap_or_default();
        return Err(crate::error::Error::data(format!(
            "the notebook {} is a symlink to {to}, which does not exist",
            found.display()
        ))
        .hint("fix or remove the link; --db or PM_DB chooses another notebook"));
    }
    Ok(found)
}

fn nearest() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .map(|dir| dir.join(".pm").join("notebook.db"))
        .find(|candidate| std::fs::symlink_metadata(candidate).is_ok())
}
