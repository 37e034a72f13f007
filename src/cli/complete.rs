//! Dynamic shell completion (clap_complete's `CompleteEnv`): besides commands
//! and flags, the values each flag takes, from pm's lists (statuses, sources,
//! formats) and from the notebook (ids, pillars, tags, people). Completers are
//! attached here by command path and flag name, so the command files stay as
//! they are. Enable with `source <(COMPLETE=bash pm)` (zsh, fish, elvish,
//! powershell alike); `pm completions SHELL` still prints the static script.

use crate::store::complete::{What, values};
use clap::Command;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use std::ffi::OsStr;

/// Answer a completion request from the shell and exit, if this run is one
/// (`COMPLETE=SHELL` in the environment); otherwise return at once.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(command).complete();
}

/// The command tree with a value completer on every argument that has one.
pub fn command() -> Command {
    use clap::CommandFactory;
    decorate(super::Cli::command(), "")
}

fn decorate(mut cmd: Command, parent: &str) -> Command {
    let path = if parent.is_empty() { String::new() } else { format!("{parent} {}", cmd.get_name()) };
    let path = path.trim().to_string();
    let args: Vec<(String, Option<String>, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.get_long().map(String::from), a.is_positional()))
        .collect();
    for (id, long, positional) in args {
        if let Some(c) = completer(&path, &id, long.as_deref(), positional) {
            cmd = cmd.mut_arg(id, |a| a.add(c));
        }
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    let here = if parent.is_empty() { " ".to_string() } else { path.clone() };
    for name in subs {
        let here = here.clone();
        cmd = cmd.mut_subcommand(name, move |s| decorate(s, &here));
    }
    cmd
}

/// Which values `arg` of the command at `path` ("note show", "story") takes.
fn completer(path: &str, id: &str, long: Option<&str>, positional: bool) -> Option<ArgValueCompleter> {
    let from = |what: What| Some(ArgValueCompleter::new(move |current: &OsStr| notebook(what, current)));
    let fixed = |list: &'static [&'static str]| {
        Some(ArgValueCompleter::new(move |current: &OsStr| words(list, current)))
    };
    if !positional {
        return match long? {
            "who" | "with" | "from" => from(What::People),
            "org" => from(What::Orgs),
            "segment" => from(What::Segments),
            "tag" | "untag" => from(What::Tags),
            "pillar" => from(What::Pillars),
            "story" | "evidence" => from(What::Stories),
            "source" => fixed(crate::domain::note::Source::NAMES),
            "status" => fixed(crate::domain::story::Status::NAMES),
            _ => None,
        };
    }
    let sub = path.split(' ').next_back().unwrap_or_default();
    match (path.split(' ').next().unwrap_or_default(), sub, id) {
        ("note", "show" | "edit" | "rm", _) => from(What::Notes),
        ("story", "link" | "unlink", "notes") => from(What::Notes),
        ("story", "status", "status") => fixed(crate::domain::story::Status::NAMES),
        ("story", "draft", _) => None,
        ("story", s, _) if s != "story" => from(What::Stories),
        ("checkin", "done" | "show" | "edit" | "rm", _) => from(What::Checkins),
        ("decision", "show" | "confirm" | "supersede", "id") => from(What::Decisions),
        ("vision", "rm" | "edit" | "retire", "name") => from(What::Pillars),
        ("forget", _, _) => from(What::People),
        ("log", _, "id") => from(What::Records),
        _ => None,
    }
}

/// Candidates from the notebook this run would use (`--db` is not seen while
/// completing: `PM_DB`, then the usual search), never creating it.
fn notebook(what: What, current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy().to_lowercase();
    let Ok(path) = crate::app::locate(std::env::var_os("PM_DB").map(Into::into)) else {
        return Vec::new();
    };
    values(&path, what)
        .into_iter()
        .filter(|(v, _)| v.to_lowercase().starts_with(&typed))
        .map(|(v, help)| {
            let c = CompletionCandidate::new(v);
            match help {
                Some(h) => c.help(Some(crate::domain::text::one_line(&h).into())),
                None => c,
            }
        })
        .collect()
}

fn words(list: &[&str], current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy().to_lowercase();
    list.iter().filter(|w| w.starts_with(&typed)).map(|w| CompletionCandidate::new(*w)).collect()
}
