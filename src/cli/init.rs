//! `pm init`

use crate::app::App;
use crate::error::{Error, Result};
use crate::store::Store;

/// Create a notebook for this folder (.pm/notebook.db), found from any subfolder; or at --db PATH
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  cd ~/work/acme && pm init")]
pub struct Args {}

pub fn run(app: &App, _args: Args) -> Result<()> {
    // `pm init --db PATH` (or PM_DB) makes the notebook there; otherwise here.
    let path = if app.db_given() {
        app.db_path().to_path_buf()
    } else {
        let cwd = std::env::current_dir().map_err(|e| Error::internal(format!("no current folder: {e}")))?;
        cwd.join(".pm").join("notebook.db")
    };
    if path.exists() {
        Store::open(&path)?;
        return crate::ui::outln(&format!("A notebook already exists at {}", path.display()));
    }
    Store::open(&path)?;
    crate::ui::outln(&format!("Created an empty notebook at {}", path.display()))
}
