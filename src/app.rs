//! The context built once per run: where the notebook is, the clock, the output settings.

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
}

impl App {
    pub fn new(
        db_flag: Option<PathBuf>,
        format: Option<Format>,
        no_input: bool,
        now: Option<&str>,
    ) -> Result<App> {
        let db = locate(db_flag);
        let config = Config::load(&db)?;
        Ok(App {
            ui: Ui::new(format.unwrap_or(Format::Table), no_input),
            settings: config.settings.clone(),
            config,
            clock: Clock::new(now)?,
            db,
        })
    }

    /// The notebook file this run uses.
    pub fn db_path(&self) -> &Path {
        &self.db
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

    /// The timestamp stored for this run's changes.
    pub fn stamp(&self) -> String {
        self.clock.stamp()
    }
}

/// First match wins: `--db` (or `PM_DB`, which clap folds into it), the nearest
/// `.pm/notebook.db` here or in a parent folder, then the user's data folder.
pub(crate) fn locate(db_flag: Option<PathBuf>) -> PathBuf {
    if let Some(p) = db_flag.filter(|p| !p.as_os_str().is_empty()) {
        return p;
    }
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            let candidate = dir.join(".pm").join("notebook.db");
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    directories::ProjectDirs::from("", "", "pm")
        .map(|d| d.data_dir().join("notebook.db"))
        .unwrap_or_else(|| PathBuf::from(".pm").join("notebook.db"))
}
