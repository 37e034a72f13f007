//! The command line: clap definitions and the one dispatch match.

mod checkin;
mod complete;
mod completions;
mod config;
mod decision;
mod doctor;
mod export;
mod forget;
mod history;
mod import;
mod init;
mod input;
mod meeting;
mod note;
mod person;
pub(crate) mod report;
mod roadmap;
mod search;
mod story;
mod sync;
mod typo;
mod vision;

use crate::app::App;
use crate::error::Error;
use crate::ui::Format;
use clap::{CommandFactory, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  pm note \"Churned because exports take an hour\" --who \"Alice Ng\" --org Acme --source interview --tag export
  pm note list --since 2w --tag export
  pm doctor";

/// A terminal-first notebook for product managers: notes, job stories, evidence,
/// scores and the planning report, in one local SQLite file you own.
#[derive(Debug, Parser)]
#[command(name = "pm", version, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// The notebook file [default: nearest .pm/notebook.db, else the user data folder]
    #[arg(long, global = true, env = "PM_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Output format
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Show every column of a table in full, even wider than the terminal
    #[arg(long, global = true)]
    pub wide: bool,

    /// Never prompt or open an editor; a missing required field is an error
    #[arg(long, global = true)]
    pub no_input: bool,

    /// CSV cells exactly as stored: no `'` before a leading = + - @ (for pm's own round trips; see README)
    #[arg(long, global = true)]
    pub raw_csv: bool,

    /// Take this RFC 3339 time as "now" (like PM_NOW; for demos)
    #[arg(long, global = true, env = "PM_NOW", hide = true, value_name = "RFC3339")]
    pub now: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run, so the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Note(note::Args),
    Story(story::Args),
    Checkin(checkin::Args),
    Vision(vision::Args),
    Decision(decision::Args),
    Report(report::Args),
    Roadmap(roadmap::Args),
    Meeting(meeting::Args),
    Search(search::Args),
    Import(import::Args),
    Export(export::Args),
    Forget(forget::Args),
    Sync(sync::Args),
    MergeDriver(sync::DriverArgs),
    Person(person::PersonArgs),
    Org(person::OrgArgs),
    Undo(history::UndoArgs),
    Log(history::LogArgs),
    Backup(history::BackupArgs),
    Doctor(doctor::Args),
    Config(config::Args),
    Completions(completions::Args),
}

/// Parse the command line, run it, and turn the outcome into an exit code.
/// User errors are printed here as one line, never returned from `main`
/// (where `RUST_BACKTRACE` would decorate them).
pub fn main() -> ExitCode {
    // `COMPLETE=bash pm ...`: the shell asks for completions (and nothing else runs).
    complete::answer_if_asked();
    // `pm --version` answers before clap builds the whole command tree: scripts
    // and shells call it to check pm is there.
    let mut args = std::env::args_os().skip(1);
    if let (Some(flag), None) = (args.next(), args.next())
        && (flag == "--version" || flag == "-V")
    {
        let _ = crate::ui::outln(&format!("pm {}", env!("CARGO_PKG_VERSION")));
        return ExitCode::SUCCESS;
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if let Err(e) = typo::check(&Cli::command(), &args) {
        return fail(&e);
    }
    execute(Cli::parse())
}

/// Run pm as if called with `args` (the first is the program name); for the demo and embedding.
pub fn main_with<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    if let Err(e) = typo::check(&Cli::command(), args.get(1..).unwrap_or_default()) {
        return fail(&e);
    }
    match Cli::try_parse_from(args) {
        Ok(cli) => execute(cli),
        Err(e) => {
            let _ = e.print();
            ExitCode::from(2)
        }
    }
}

fn execute(cli: Cli) -> ExitCode {
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// Print `e` as one `error:` line and give its exit code.
fn fail(e: &Error) -> ExitCode {
    if e.is_quiet() {
        return ExitCode::from(e.exit_code());
    }
    crate::ui::say(&format!("error: {}", crate::domain::text::one_line(&e.line())));
    ExitCode::from(e.exit_code())
}

fn run(cli: Cli) -> Result<(), Error> {
    // Printing the default config must work even when the current one is broken.
    if let Command::Config(config::Args { command: config::Sub::Default }) = cli.command {
        return config::print_default();
    }
    let mut app = App::new(cli.db, cli.format, cli.no_input, cli.now.as_deref())?;
    person::set_interactive(app.ui.interactive);
    app.ui.wide = cli.wide;
    app.ui.raw_csv = cli.raw_csv;
    if app.ui.format == crate::ui::Format::Html
        && !matches!(cli.command, Command::Report(_) | Command::Roadmap(_))
    {
        return Err(crate::error::Error::user("--format html: only pm report and pm roadmap write HTML"));
    }
    match cli.command {
        Command::Init(args) => init::run(&app, args),
        Command::Note(args) => note::run(&app, args),
        Command::Story(args) => story::run(&app, args),
        Command::Checkin(args) => checkin::run(&app, args),
        Command::Vision(args) => vision::run(&app, args),
        Command::Decision(args) => decision::run(&app, args),
        Command::Report(args) => report::run(&app, args),
        Command::Roadmap(args) => roadmap::run(&app, args),
        Command::Meeting(args) => meeting::run(&app, args),
        Command::Search(args) => search::run(&app, args),
        Command::Import(args) => import::run(&app, args),
        Command::Export(args) => export::run(&app, args),
        Command::Forget(args) => forget::run(&app, args),
        Command::Sync(args) => sync::run(&app, args),
        Command::MergeDriver(args) => sync::merge_driver(args),
        Command::Person(args) => person::run_person(&app, args),
        Command::Org(args) => person::run_org(&app, args),
        Command::Undo(args) => history::undo(&app, args),
        Command::Log(args) => history::log(&app, args),
        Command::Backup(args) => history::backup(&app, args),
        Command::Doctor(args) => doctor::run(&app, args),
        Command::Config(args) => config::run(&app, args),
        Command::Completions(args) => completions::run(args, &mut Cli::command()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
