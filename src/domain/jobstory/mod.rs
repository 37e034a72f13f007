//! Job stories: drafting one from a request as people type it (user stories, job
//! stories, plain requests), rendering it, proposing a title, and linting it.
//! Deterministic: no network, no model, the same text always gives the same draft.
//!
//! parse.rs reads story forms, plain.rs plain requests, render.rs writes the sentence
//! (with the word classes of words.rs and lexicon.txt, and english.rs telling a
//! sentence-initial capital from a name), title.rs names the request,
//! lint.rs finds problems.

mod complaints;
mod english;
mod lint;
mod parse;
mod plain;
mod render;
mod title;
mod words;

use regex::Regex;
use serde::Serialize;

pub use lint::{HINT_CODES, lint};
pub use parse::normalise;
pub use render::{lower_initial, render};
pub use title::propose_title;

/// The three clauses of a job story, plus the role a user story named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Clauses {
    /// The situation that triggers the need ("When ...").
    pub when: Option<String>,
    /// The motivation: an action ("export notes") or a thing wanted ("an EPrints integration").
    pub want: Option<String>,
    /// The expected outcome: an action ("share them") or a clause ("the team sees it").
    pub so: Option<String>,
    /// A user story's role: kept beside the story, never used as the situation.
    pub actor: Option<String>,
}

/// One quality problem, with a stable code for scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
    /// A hint rather than a warning (an expected gap, like the situation of a user story).
    #[serde(skip)]
    pub hint: bool,
}

impl Problem {
    pub fn new(code: &'static str, message: String) -> Self {
        Problem { code, message, hint: false }
    }
}

/// A draft: the clauses, their rendering, a proposed title and the problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub when: Option<String>,
    pub want: Option<String>,
    pub so: Option<String>,
    pub actor: Option<String>,
    /// A short name for the request ("Export notes to CSV"); `None` when there is no request.
    pub title: Option<String>,
    pub text: String,
    pub problems: Vec<Problem>,
}

/// Longest story text before it counts as too long.
pub const MAX_TEXT: usize = 280;

/// Draft a job story from `request`.
pub fn draft(request: &str) -> Draft {
    let reading = parse::read(request);
    let c = reading.clauses;
    let mut problems = reading.problems;
    // "no request" already says what "no motivation" would.
    let read_problem = !problems.is_empty();
    problems.extend(lint(&c).into_iter().filter(|p| !read_problem || p.code != "no-motivation"));
    Draft {
        title: propose_title(&c),
        text: render(&c),
        problems,
        when: c.when,
        want: c.want,
        so: c.so,
        actor: c.actor,
    }
}

/// Read `request` into clauses. Never fails: what cannot be read stays `None`.
pub fn parse(request: &str) -> Clauses {
    parse::read(request).clauses
}

/// A clause typed by the user (a flag, a prompt): normalised, and a sentence-initial
/// capital of an ordinary word lowered ("Export notes" -> "export notes", "SSO" kept).
pub fn clean_clause(s: &str) -> String {
    lower_initial(&normalise(s))
}

/// A word of the drafter's English lexicon, in any of its forms ("exports", "last").
pub fn is_english_word(w: &str) -> bool {
    words::is_ordinary(w) || words::is_role(w) || words::is_interface(w)
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern")
}

#[cfg(test)]
mod tests;
