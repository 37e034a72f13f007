//! Rendering clauses as one English sentence, and the word-class tests it needs:
//! is a motivation an action ("export notes") or a thing ("an EPrints integration"),
//! does an outcome have its own subject ("the team sees it") or is it an action.

use super::Clauses;
use super::english::{is_common, is_integration_word, is_product};
use super::words::*;

/// What a clause is, read from its first words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Starts with a verb: "export notes" (gets "to" after "I want", "I can" after "so").
    Action,
    /// A thing wanted: "an EPrints integration", "dark mode", "New Relic to alert me".
    Thing,
    /// A clause with its own subject and verb: "changes to the dataset are transparent".
    Clause,
}

/// The words of `s` without the punctuation around them.
pub fn words(s: &str) -> Vec<&str> {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// All letters upper-case ("AS A PM, I WANT ..."): case then says nothing about names.
pub fn shouted(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 6 && letters.iter().all(|c| c.is_uppercase())
}

/// A name, an acronym or a CamelCase word: any capital that is not the pronoun "I".
pub fn is_name(w: &str) -> bool {
    w != "I" && !w.starts_with("I'") && w.chars().any(char::is_uppercase)
}

/// A verb form that makes what comes before it a subject: "is", "can", "approves".
/// "-ed" forms are left out: "archived projects", "DOIs minted for datasets" are things.
fn is_finite(w: &str) -> bool {
    let l = w.to_lowercase();
    if is_auxiliary(&l) || is_modal(&l) {
        return true;
    }
    if !l.ends_with('s') {
        return false;
    }
    // "-s" and "-ed" forms of a known verb; "-ing" forms are not finite, and "notes",
    // "exports" are more often plural nouns than verbs.
    if l.ends_with("ing") || !is_inflected_verb(&l) {
        return false;
    }
    let base = verb_base(&l).unwrap_or_default();
    !(l.ends_with('s') && is_ambiguous(&base))
}

/// Leading words that do not decide the kind: "not", "only", "just", "also".
fn skip_adverbs<'a>(ws: &'a [&'a str]) -> &'a [&'a str] {
    let mut i = 0;
    while i + 1 < ws.len() && (ws[i].eq_ignore_ascii_case("not") || is_adverb(ws[i])) {
        i += 1;
    }
    &ws[i..]
}

/// What a motivation is. Unknown first words are read as things (a verb list of a thousand
/// words knows the verbs requests use; names of things are endless).
pub fn motivation_kind(s: &str) -> Kind {
    let lowered;
    let s = if shouted(s) {
        lowered = s.to_lowercase();
        lowered.as_str()
    } else {
        s
    };
    let all = words(s);
    let ws = skip_adverbs(&all);
    let Some(first) = ws.first() else { return Kind::Thing };
    let next = ws.get(1).copied();
    if is_name(first) {
        return if next.is_some_and(is_finite) { Kind::Clause } else { Kind::Thing };
    }
    if first.eq_ignore_ascii_case("to") {
        return Kind::Action;
    }
    if is_subject_word(first) {
        // "I use this app daily": a person and a verb make a sentence, whatever its tense.
        let person = matches!(first.to_lowercase().as_str(), "i" | "we" | "you" | "they" | "he" | "she");
        let verb_next = next.is_some_and(|n| is_base_verb(n) || verb_base(n).is_some());
        return if finite_soon(ws) || (person && verb_next) { Kind::Clause } else { Kind::Thing };
    }
    if is_base_verb(first) {
        let Some(next) = next else { return Kind::Action };
        let l = next.to_lowercase();
        if (is_auxiliary(&l) || is_modal(&l)) && !matches!(l.as_str(), "be" | "have" | "do") {
            return Kind::Clause;
        }
        if !is_ambiguous(first) {
            return Kind::Action;
        }
        // "export data", "message my team" are actions; "message content preview" (three
        // nouns in a row, none plural) is a thing.
        let content = |w: &str| {
            let l = w.to_lowercase();
            !(is_determiner(&l)
                || is_pronoun(&l)
                || is_preposition(&l)
                || is_adverb(&l)
                || is_conjunction(&l)
                || is_name(w)
                || l.chars().next().is_some_and(|c| c.is_ascii_digit())
                || (l.ends_with('s') && !l.ends_with("ss")))
        };
        let compound = content(next) && ws.get(2).is_some_and(|w| content(w) && !is_finite(w));
        return if compound { Kind::Thing } else { Kind::Action };
    }
    if finite_soon(ws) {
        return Kind::Clause;
    }
    // A word the lexicon does not know: a verb by its ending ("dockerize"), or by a
    // determiner or pronoun right after it ("geocode the addresses").
    let l = first.to_lowercase();
    let unknown = !is_ordinary(&l) && !is_role(&l) && !is_interface(&l);
    let verb_ending = ["ize", "ise", "ify", "ate"].iter().any(|s| l.ends_with(s) && l.len() > 5);
    let object_next = next.is_some_and(|n| {
        let n = n.to_lowercase();
        (is_determiner(&n) && !matches!(n.as_str(), "that" | "which" | "what"))
            || matches!(n.as_str(), "me" | "us" | "them" | "it" | "my" | "our" | "their")
    });
    if unknown && !l.ends_with('s') && (verb_ending || object_next) {
        return Kind::Action;
    }
    Kind::Thing
}

/// A finite verb among the next few words, not after "to" and not after a relative
/// pronoun ("a CSV export that runs in the background" is a thing).
fn finite_soon(ws: &[&str]) -> bool {
    for (i, w) in ws.iter().enumerate().skip(1).take(5) {
        let l = w.to_lowercase();
        if is_preposition(&l) || matches!(l.as_str(), "that" | "which" | "who" | "where") {
            return false;
        }
        if is_finite(w) && !ws[i - 1].eq_ignore_ascii_case("to") {
            return true;
        }
    }
    false
}

/// What an outcome is. Unknown first words are read as actions here: an outcome that is
/// not a clause is nearly always something the person can then do.
pub fn outcome_kind(s: &str) -> Kind {
    let lowered;
    let s = if shouted(s) {
        lowered = s.to_lowercase();
        lowered.as_str()
    } else {
        s
    };
    let ws = words(s);
    let Some(first) = ws.first() else { return Kind::Action };
    if is_subject_word(first) || (is_name(first) && ws.get(1).is_some_and(|w| is_finite(w))) {
        return Kind::Clause;
    }
    // "finance gets the numbers": a subject that is also a verb, then a finite verb.
    if is_base_verb(first)
        && !ws
            .get(1)
            .is_some_and(|w| is_finite(w) && !matches!(w.to_lowercase().as_str(), "be" | "have" | "do"))
    {
        return Kind::Action;
    }
    let verb_soon = ws.iter().skip(1).take(6).any(|w| is_finite(w) || (is_base_verb(w) && !is_ambiguous(w)));
    if verb_soon || is_name(first) { Kind::Clause } else { Kind::Action }
}

/// "I want to export notes" / "I want an EPrints integration" / "I don't want to see ads".
pub fn render_want(want: &str) -> String {
    let (neg, rest) = match want.strip_prefix("not ") {
        Some(rest) if !rest.trim().is_empty() => (true, rest),
        _ => (false, want),
    };
    let head = if neg { "I don't want" } else { "I want" };
    // A stored "to export" (typed so, or from "I should to export") gets one "to", not two.
    let mut rest = rest;
    while let Some(t) = rest.get(..3).filter(|t| t.eq_ignore_ascii_case("to ") && rest.len() > 3) {
        rest = &rest[t.len()..];
    }
    match motivation_kind(rest) {
        Kind::Action => format!("{head} to {rest}"),
        Kind::Thing | Kind::Clause => format!("{head} {rest}"),
    }
}

/// "so I can share them" / "so the team sees the roadmap".
pub fn render_so(so: &str) -> String {
    match outcome_kind(so) {
        Kind::Action => format!("so I can {so}"),
        Kind::Thing | Kind::Clause => format!("so {so}"),
    }
}

/// Words a stored situation may start with that replace "When": "after a call", "if a sync fails".
const CONNECTIVES: &[&str] =
    &["after ", "before ", "if ", "once ", "while ", "as soon as ", "whenever ", "every time ", "each time "];

/// "When I close the month" / "After a customer call" / "When …".
fn render_when(when: Option<&str>) -> String {
    match when {
        Some(w) if CONNECTIVES.iter().any(|c| w.to_lowercase().starts_with(c)) => {
            let mut cs = w.chars();
            cs.next().map(|c| c.to_uppercase().chain(cs).collect()).unwrap_or_default()
        }
        Some(w) => format!("When {w}"),
        None => "When …".into(),
    }
}

/// "When <situation>, I want to <motivation>, so I can <outcome>." Missing clauses show as "…".
pub fn render(c: &Clauses) -> String {
    let gap = "…";
    format!(
        "{}, {}, {}.",
        render_when(c.when.as_deref()),
        c.want.as_deref().map_or_else(|| format!("I want to {gap}"), render_want),
        c.so.as_deref().map_or_else(|| format!("so I can {gap}"), render_so),
    )
}

/// Lower a sentence-initial capital of an ordinary word ("Allow exports" -> "allow exports"),
/// keep names, acronyms and CamelCase ("New Relic", "SSO", "EPrints").
pub fn lower_initial(s: &str) -> String {
    let ws: Vec<&str> = s.split_whitespace().collect();
    let Some(first) = ws.first() else { return s.to_string() };
    let mut chars = first.chars();
    let titlecase = chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase());
    let known = is_ordinary(first) || first.split('-').next().is_some_and(is_ordinary);
    // Beyond the drafter's lexicon, a list of common English words: "Payload limit".
    let bare = first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-');
    let common = known || is_common(bare) || bare.split('-').next().is_some_and(is_common);
    if !titlecase || *first == "I" || first.starts_with("I'") || !common {
        return s.to_string();
    }
    // A product named by an English word: "Slack integration", "Notion export", "Teams
    // integration" (but "teams can share"); and a word the drafter does not know before
    // "sync", "integration" names a product too ("Basecamp sync").
    let integration =
        ws.get(1).is_some_and(|w| is_integration_word(w.trim_matches(|c: char| !c.is_alphanumeric())));
    if (is_product(bare) && (integration || !known)) || (integration && !known) {
        return s.to_string();
    }
    // "New Relic", "Google Drive": an ordinary word that begins a name stays.
    if !is_base_verb(first)
        && !is_determiner(first)
        && ws.get(1).is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase) && !is_ordinary(w))
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut cs = s.chars();
    if let Some(c) = cs.next() {
        out.extend(c.to_lowercase());
    }
    out.extend(cs);
    out
}
