//! Reading a request into clauses: user stories ("As a ..., I want ... so that ..."),
//! job stories ("When ..., I want to ..., so I can ...") and, in plain.rs, plain requests.

use super::plain;
use super::render::words;
use super::words::*;
use super::{Clauses, Problem, re};
use regex::Regex;
use std::sync::LazyLock;

/// The verbs that follow "I" in a user story, and how each turns what follows into a motivation.
const WANTS: &str = r"(?:(?:do\s+not\s+want|don't\s+want|dont\s+want|never\s+want)|would\s+(?:really\s+)?(?:like|love|want)|'d\s+(?:really\s+)?(?:like|love)|(?:really\s+|also\s+|just\s+)?want|wanna|(?:only\s+want)|(?:also\s+|really\s+)?need|wish|can|could|should\s+be\s+able|must\s+be\s+able|will\s+be\s+able|'ll\s+be\s+able|am\s+able|'m\s+able|expect|have\s+to|must|should)";

static USER_STORY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?is)^as\s+(?:an?\b|the\b)?\s*(?P<role>.+?)(?:\s*,?\s*\bI\s*(?P<verb>{WANTS})|\s*,\s*(?P<verb2>{WANTS}))\b\s*(?P<rest>.*)$"
    ))
});
static JOB_STORY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?is)^(?P<conn>when(?:ever)?|after|every\s+time|each\s+time|while|before|once|as\s+soon\s+as|if)\s+(?P<sit>.+?)(?:\s*(?:,\s*|\s+)(?:I|we)\s*(?P<verb>{WANTS})|\s*,\s*(?P<verb2>{WANTS}))\b\s*(?P<rest>.*)$"
    ))
});
/// "so that", "in order to" always start an outcome; a bare "so" only after a comma or
/// before a subject ("so I can"), never in "so slow".
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^(?P<head>.*?)(?:(?:\s*[,.;:]?\s*\b(?:so\s+that|in\s+order\s+(?:to|that|for)|such\s+that)\b|\s*[,.;:]\s*so\b)\s*(?P<tail>.*)|\s+so\s+(?P<tail2>(?:(?:I|we|they|you|it|the|my|our|their|users?|customers?|people|everyone|nobody|nothing)\b|\S+\s+(?:can|could|will|would|is|are|gets?|has|have|knows?|sees?|stays?)\b).*))$",
    )
});
/// A situation stated after the motivation: ", when ..." with a comma, or "every time ...".
static SITUATION_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^(?P<head>.+?)(?:\s*,\s*(?:when(?:ever)?|every\s+time|each\s+time|after|if)|\s+(?:whenever|every\s+time|each\s+time))\s+(?P<sit>.+)$",
    )
});
/// "when" with no comma: a situation only when a clause with a subject follows and the
/// word before it does not take "when" as its object ("know when", "notify me when").
static WHEN_TAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)^(?P<head>.+?)\s+(?P<before>\S+)\s+when\s+(?P<sit>.+)$"));
static I_CAN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:I|we)\s+(?:can|could|will\s+be\s+able\s+to|would\s+be\s+able\s+to|am\s+able\s+to|'m\s+able\s+to|may|will|would)\s+",
    )
});
static TO: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:to\s+)+"));
static AGAIN_SO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:so\s+that|so|that|in\s+order\s+to|to)\s+(?:so\s+that\s+|so\s+|that\s+)*"));
static BE_ABLE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:to\s+)?(?:be\s+able\s+to|have\s+the\s+ability\s+to|able\s+to|have\s+a\s+way\s+to)\s+")
});

/// Words before "when" that take it as their object, not as a situation.
const WHEN_OBJECT: &[&str] = &[
    "know",
    "see",
    "notify",
    "notified",
    "alert",
    "alerted",
    "remind",
    "reminded",
    "tell",
    "told",
    "show",
    "understand",
    "decide",
    "choose",
    "learn",
    "ask",
    "me",
    "us",
    "them",
    "him",
    "her",
    "you",
    "time",
    "date",
    "day",
    "moment",
    "visible",
    "available",
    "shown",
    "hidden",
    "possible",
    "record",
    "track",
    "remember",
    "check",
    "find",
    "predict",
    "plan",
    "schedule",
    "exactly",
    "only",
];

/// What reading a request found beyond its clauses.
#[derive(Debug, Default)]
pub struct Reading {
    pub clauses: Clauses,
    /// Problems of the request itself (no request in it, a complaint kept as it is).
    pub problems: Vec<Problem>,
}

/// Read `request` into clauses. Never fails: what cannot be read stays `None`.
pub fn read(request: &str) -> Reading {
    let cleaned = plain::strip_boilerplate(request);
    let whole = normalise(&cleaned);
    if whole.is_empty() {
        return Reading::default();
    }
    if let Some(c) = story_form(&whole) {
        return Reading { clauses: c, problems: Vec::new() };
    }
    // A title and a description: draft from the title, and from the rest only when the
    // title holds no request.
    let parts: Vec<&str> =
        cleaned.split(['\n', '\t', '\r']).map(str::trim).filter(|p| !normalise(p).is_empty()).collect();
    let mut first_problem = None;
    for part in &parts {
        let text = normalise(part);
        if let Some(c) = story_form(&text) {
            return Reading { clauses: c, problems: Vec::new() };
        }
        match plain::read(&text) {
            Ok(c) => return Reading { clauses: c, problems: Vec::new() },
            Err(p) => {
                first_problem.get_or_insert(p);
            }
        }
    }
    let problem = first_problem.unwrap_or_else(plain::no_request);
    Reading { clauses: Clauses::default(), problems: vec![problem] }
}

/// A user story or a job story, when `text` is one.
fn story_form(text: &str) -> Option<Clauses> {
    // "so that I can ..." after the role or the situation is an outcome, not the want.
    let has_outcome = |s: &str| {
        let l = format!(" {} ", s.to_lowercase());
        l.contains(" so ") || l.contains(" in order ") || l.contains(" so, ")
    };
    if let Some(m) = USER_STORY.captures(text).filter(|m| !has_outcome(&m["role"])) {
        let role = m["role"].trim().trim_end_matches(',');
        let (want, so) = split_outcome(&m["rest"]);
        let (want, when) = split_situation(want.as_deref().unwrap_or_default());
        let want = want.as_deref().and_then(|w| motivation(w, &verb_of(&m)));
        let want = want.map(|w| thing_not_action(&m["rest"], &verb_of(&m), w));
        if want.is_none() && so.is_none() && m["rest"].trim().is_empty() {
            return None;
        }
        return Some(Clauses { actor: clause(role), want, when, so });
    }
    if let Some(m) = JOB_STORY.captures(text).filter(|m| !has_outcome(&m["sit"])) {
        let (want, so) = split_outcome(&m["rest"]);
        let want = want.as_deref().and_then(|w| motivation(w, &verb_of(&m)));
        let want = want.map(|w| thing_not_action(&m["rest"], &verb_of(&m), w));
        return Some(Clauses { when: situation(&m["conn"], &m["sit"]), want, so, actor: None });
    }
    None
}

/// A situation as stored: "I close the month" after "When"; "after a call" keeps its word.
pub fn situation(connective: &str, sit: &str) -> Option<String> {
    let conn = connective.to_lowercase();
    let conn = conn.split_whitespace().collect::<Vec<_>>().join(" ");
    let sit = clause(sit)?;
    Some(if matches!(conn.as_str(), "when" | "whenever" | "every time" | "each time") {
        sit
    } else {
        format!("{conn} {sit}")
    })
}

/// Straight quotes, single spaces, no surrounding quotes or trailing full stop, no doubled words.
pub fn normalise(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '\u{00b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' | '\u{00ab}' | '\u{00bb}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{2026}' => '.',
            c if c.is_control() || c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let mut words: Vec<&str> = Vec::new();
    for w in s.split_whitespace() {
        // "I want to to export", "so that that": a doubled word is a typo.
        if words.last().is_some_and(|last| last.eq_ignore_ascii_case(w) && w.chars().all(char::is_alphabetic))
        {
            continue;
        }
        words.push(w);
    }
    let joined = words.join(" ");
    let trimmed = joined.trim_matches(|c: char| c == '"' || c == '\'' || c == '`' || c.is_whitespace());
    trimmed.trim_end_matches(['.', '!', '?', ';', ',', ' ', ':']).trim().to_string()
}

/// A clause as stored: trimmed, no punctuation around it, the capitals as typed.
pub fn clause(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(|c: char| {
        matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '-' | '"' | '*' | '#' | '(' | ')')
            || c.is_whitespace()
    });
    (!s.is_empty()).then(|| s.to_string())
}

/// The part before "so that ..." and the outcome after it.
pub fn split_outcome(s: &str) -> (Option<String>, Option<String>) {
    match OUTCOME.captures(s) {
        Some(m) => {
            let tail = m.name("tail").or(m.name("tail2")).map_or("", |t| t.as_str());
            if tail.trim().is_empty() || m["head"].trim().is_empty() {
                return (clause(s), None);
            }
            (clause(&m["head"]), outcome(tail))
        }
        None => {
            // "export notes so share them", "add SSO so changes are audited": a bare "so"
            // before a verb or a clause starts an outcome too; "is so slow" does not.
            let ws: Vec<&str> = s.split(' ').collect();
            for i in 1..ws.len().saturating_sub(1) {
                let before = ws[i - 1].to_lowercase();
                if !ws[i].eq_ignore_ascii_case("so")
                    || is_auxiliary(&before)
                    || matches!(
                        before.as_str(),
                        "not" | "and" | "or" | "feel" | "feels" | "look" | "looks" | "seem" | "seems"
                    )
                    || matches!(ws[i + 1].to_lowercase().as_str(), "much" | "many" | "far" | "long" | "that")
                {
                    continue;
                }
                let rest = ws[i + 1..].join(" ");
                let clause_follows = super::render::outcome_kind(&rest) == super::render::Kind::Clause;
                if (is_base_verb(ws[i + 1]) && !is_adverb(ws[i + 1])) || clause_follows {
                    return (clause(&ws[..i].join(" ")), outcome(&ws[i + 1..].join(" ")));
                }
            }
            (clause(s), None)
        }
    }
}

/// A motivation with a situation stated after it split off: ", when ...", "every time ...",
/// "when I open a story" (a subject follows), never "know when" or "notify me when".
pub fn split_situation(s: &str) -> (Option<String>, Option<String>) {
    if let Some(m) = SITUATION_TAIL.captures(s) {
        return (clause(&m["head"]), clause(&m["sit"]));
    }
    if let Some(m) = WHEN_TAIL.captures(s) {
        let before = m["before"].to_lowercase();
        let sit = words(&m["sit"]);
        let first = sit.first().map(|w| w.to_lowercase()).unwrap_or_default();
        let pronoun = matches!(
            first.as_str(),
            "i" | "i'm" | "we" | "they" | "you" | "he" | "she" | "someone" | "somebody" | "anyone" | "nobody"
        );
        let determiner = matches!(first.as_str(), "a" | "an" | "the" | "my" | "our" | "their" | "your")
            && sit.iter().skip(1).take(4).any(|w| is_inflected_verb(w) || is_auxiliary(w) || is_modal(w));
        if (pronoun || determiner)
            && !WHEN_OBJECT.contains(&before.as_str())
            && (!is_inflected_verb(&before) || before.ends_with("ing"))
        {
            return (clause(&format!("{} {}", &m["head"], &m["before"])), clause(&m["sit"]));
        }
    }
    (clause(s), None)
}

/// The motivation of a story: "to", "be able to" off; a negative kept as "not ...".
/// "I need access to the logs": a thing that would read as an action after "I want to"
/// gets "have", so the sentence keeps its meaning.
pub fn thing_not_action(rest: &str, verb: &str, want: String) -> String {
    let wants_thing = ["want", "need", "like", "love", "wanna"].iter().any(|v| verb.ends_with(v));
    let to = rest.trim_start().get(..3).is_some_and(|t| t.eq_ignore_ascii_case("to "));
    if wants_thing
        && !to
        && !want.starts_with("not ")
        && !want.starts_with("only ")
        && super::render::motivation_kind(&want) == super::render::Kind::Action
    {
        format!("have {want}")
    } else {
        want
    }
}

/// The verb phrase a story used ("don't want", "only want"), lower-cased.
fn verb_of(m: &regex::Captures) -> String {
    m.name("verb").or(m.name("verb2")).map_or(String::new(), |v| v.as_str().to_lowercase())
}

pub fn motivation(s: &str, verb: &str) -> Option<String> {
    let negative = verb.contains("not") || verb.contains("n't") || verb.contains("never");
    let only = verb.starts_with("only");
    let s = TO.replace(s.trim(), "");
    let s = BE_ABLE.replace(&s, "");
    let s = I_CAN.replace(&s, "");
    let s = TO.replace(&s, "");
    let mut w = clause(&s)?;
    // "I want access to the logs": a thing that reads like a verb gets "have" so it
    // cannot be read as "I want to access ...".
    if only {
        w = format!("only {w}");
    }
    if negative {
        w = format!("not {w}");
    }
    Some(w)
}

/// "I can export" -> "export"; "so that so they can" -> "they can"; "the team sees it" stays.
pub fn outcome(s: &str) -> Option<String> {
    let s = AGAIN_SO.replace(s.trim(), "");
    let s = I_CAN.replace(s.trim(), "");
    let s = BE_ABLE.replace(s.trim(), "");
    clause(&s)
}
