//! `pm init`

use crate::app::App;
use crate::error::{Error, Result};
use crate::store::Store;

/// Create a notebook for this folder (.pm/notebook.db), found from any subfolder
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  cd ~/work/acme && pm init")]
pub struct Args {}

pub fn run(_app: &App, _args: Args) -> Result<()> {
    let cwd = std::env::current_dir().map_err(|e| Error::internal(format!("no current folder: {e}")))?;
    let path = cwd.join(".pm").join("notebook.db");
    if path.exists() {
        Store::open(&path)?;
        return crate::ui::outln(&format!("A notebook already exists at {}", path.display()));
    }
    Store::open(&path)?;
    crate::ui::outln(&format!("Created an empty notebook at {}", path.display()))
}
