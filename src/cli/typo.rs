//! A mistyped subcommand is not a record. `pm story lsit` or `pm note lst` would store a
//! story or a note whose whole text is the typo; instead they are refused with the
//! subcommand that was probably meant. A one-word text that really is meant goes after
//! `--` (`pm story -- lsit`) or on stdin (`-`).

use crate::error::Error;
use clap::Command;
use std::ffi::OsString;

/// Refuse `args` (without the program name) when a command that takes free text gets a
/// single word that is, or nearly is, one of its subcommands.
pub fn check(cli: &Command, args: &[OsString]) -> Result<(), Error> {
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut i = 0;
    // Global options before the command.
    while i < args.len() && args[i].starts_with('-') {
        if args[i] == "--" {
            return Ok(());
        }
        i += if takes_value(cli, &args[i]) { 2 } else { 1 };
    }
    let Some(name) = args.get(i) else { return Ok(()) };
    let Some(cmd) = cli.find_subcommand(name) else { return Ok(()) };
    let subs: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).filter(|n| *n != "help").collect();
    if subs.is_empty() || !cmd.get_positionals().any(|_| true) {
        return Ok(());
    }
    let first = i + 1;
    i = first;
    while let Some(arg) = args.get(i) {
        if arg == "--" || arg == "-" {
            return Ok(());
        }
        if arg.starts_with('-') {
            i += if takes_value(cmd, arg) || takes_value(cli, arg) { 2 } else { 1 };
            continue;
        }
        // The first free-text argument: clap already reads an exact subcommand name in
        // first place as the subcommand.
        if i == first && subs.contains(&arg.as_str()) {
            return Ok(());
        }
        return match nearest(arg, &subs) {
            Some(sub) => Err(Error::user(if arg.eq_ignore_ascii_case(sub) {
                format!("'{arg}' is a subcommand, not a text: did you mean `pm {name} {sub}`?")
            } else {
                format!("'{arg}' looks like a mistyped subcommand: did you mean `pm {name} {sub}`?")
            })
            .hint(format!("to store the word itself, write `pm {name} -- {arg}`"))),
            None => Ok(()),
        };
    }
    Ok(())
}

/// Whether option `arg` of `cmd` takes a value in the next argument.
fn takes_value(cmd: &Command, arg: &str) -> bool {
    if arg.contains('=') {
        return false;
    }
    let found = if let Some(long) = arg.strip_prefix("--") {
        cmd.get_arguments().find(|a| a.get_long() == Some(long))
    } else {
        let short = arg.chars().nth(1);
        cmd.get_arguments().find(|a| a.get_short().is_some() && a.get_short() == short && arg.len() == 2)
    };
    found.is_some_and(|a| a.get_action().takes_values())
}

/// The subcommand `word` names or nearly names: one edit away (two for words of seven
/// letters or more), a swap of two neighbouring letters counting as one, and the same first
/// letter (or its first two letters swapped): "first" is a word, not a typo of "list".
fn nearest<'a>(word: &str, subs: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    if w.chars().count() < 2 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let limit = if w.len() >= 7 { 2 } else { 1 };
    let start = |s: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (w.chars().take(2).collect(), s.chars().take(2).collect());
        a.first() == b.first() || (a.len() == 2 && b.len() == 2 && a[0] == b[1] && a[1] == b[0])
    };
    // A word of the drafter's lexicon ("last", "shop", "edits") is meant, not mistyped.
    let english = crate::domain::jobstory::is_english_word(&w);
    subs.iter()
        .map(|s| (distance(&w, s), *s))
        .filter(|(d, _)| *d == 0 || !english)
        .filter(|(d, s)| *d <= limit && start(s) && (*d == 0 || s.len() >= 3 && w.len() >= 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_found_and_real_words_are_not() {
        let subs = ["list", "show", "edit", "rm", "draft", "lint", "link", "score", "status", "merge"];
        assert_eq!(nearest("lsit", &subs), Some("list"));
        assert_eq!(nearest("lst", &subs), Some("list"));
        assert_eq!(nearest("shwo", &subs), Some("show"));
        assert_eq!(nearest("SHOW", &subs), Some("show"));
        assert_eq!(nearest("stauts", &subs), Some("status"));
        assert_eq!(nearest("slimilar", &["similar"]), Some("similar"));
        for word in [
            "SSO", "export", "dark", "sort", "rn", "ok", "CSV", "2FA", "Slack", "mode", "first", "last",
            "edits", "shop",
        ] {
            assert_eq!(nearest(word, &subs), None, "{word}");
        }
    }
}
