//! `pm config show|default`

use crate::app::App;
use crate::config::{self, DEFAULT_FILE};
use crate::error::Result;
use crate::ui::listing::Listing;

/// Show the effective configuration, or print a commented default config file
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm config show
  pm config default > .pm/config.toml")]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Print each setting, its value and where it came from (a file, or the default)
    Show,
    /// Print a default config file with every key explained
    Default,
}

pub fn run(app: &App, args: Args) -> Result<()> {
    match args.command {
        Sub::Show => show(app),
        Sub::Default => print_default(),
    }
}

fn show(app: &App) -> Result<()> {
    let shown = app.config.shown();
    let rows = shown.iter().map(|s| vec![s.key.to_string(), s.value.clone(), s.origin.clone()]).collect();
    Listing { headers: &["KEY", "VALUE", "FROM"], rows, records: &shown }.print(&app.ui, "")?;
    let read: Vec<String> = config::files(app.db_path())
        .iter()
        .map(|p| format!("{}{}", p.display(), if p.is_file() { "" } else { " (absent)" }))
        .collect();
    crate::ui::say(&format!("config files, later ones win: {}", read.join(", ")));
    Ok(())
}

pub fn print_default() -> Result<()> {
    crate::ui::out(DEFAULT_FILE)
}
