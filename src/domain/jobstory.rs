//! Job stories: drafting one from a request as people type it (user stories, job
//! stories, plain requests), rendering it, and linting it. Deterministic: no
//! network, no model, the same text always gives the same draft.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// The three clauses of a job story, plus the role a user story named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Clauses {
    /// The situation that triggers the need ("When ...").
    pub when: Option<String>,
    /// The motivation ("I want to ...").
    pub want: Option<String>,
    /// The expected outcome ("so I can ...").
    pub so: Option<String>,
    /// A user story's role: kept beside the story, never used as the situation.
    pub actor: Option<String>,
}

/// One quality problem, with a stable code for scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
}

/// A draft: the clauses, their rendering and their problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub when: Option<String>,
    pub want: Option<String>,
    pub so: Option<String>,
    pub actor: Option<String>,
    pub text: String,
    pub problems: Vec<Problem>,
}

/// Longest story text before it counts as too long.
pub const MAX_TEXT: usize = 280;

/// Draft a job story from `request`.
pub fn draft(request: &str) -> Draft {
    let c = parse(request);
    let problems = lint(&c);
    Draft { text: render(&c), problems, when: c.when, want: c.want, so: c.so, actor: c.actor }
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern")
}

static USER_STORY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^as\s+(?:an?|the)?\s*(?P<role>.+?)\s*,?\s*\bI(?:\s+(?:would\s+like|want|wanna|need|wish|can|could|should\s+be\s+able)|'d\s+like)\b\s*(?:to\b\s*)?(?P<rest>.*)$",
    )
});
static JOB_STORY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^(?:when(?:ever)?|after|every\s+time|each\s+time|while|before|once)\s+(?P<sit>.+?)\s*,\s*(?:I|we)(?:\s+(?:would\s+like|want|need|wish)|'d\s+like)\b\s*(?:to\b\s*)?(?P<rest>.*)$",
    )
});
static JOB_STORY_NO_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^(?:when(?:ever)?|after|every\s+time|each\s+time|while|before|once)\s+(?P<sit>.+?)\s+(?:I|we)(?:\s+(?:would\s+like|want|need|wish)|'d\s+like)\b\s*(?:to\b\s*)?(?P<rest>.*)$",
    )
});
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^(?P<head>.*?)\s*[,.;:]?\s*\b(?:so\s+that|so|in\s+order\s+to|in\s+order\s+that|such\s+that)\b\s*(?P<tail>.*)$",
    )
});
static SITUATION_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?is)^(?P<head>.+?)\s*,?\s+\b(?:when(?:ever)?|every\s+time|each\s+time|after)\b\s+(?P<sit>.+)$")
});
static LEADING_SITUATION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?is)^(?:when(?:ever)?|after|every\s+time|each\s+time)\s+(?P<sit>[^,]+?)\s*,\s*(?P<rest>.+)$")
});
static POLITE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:please|pls|plz|hey|hi|hello|feature\s+request|request|idea|fr|suggestion)\b[\s:,!-]*")
});
static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:can|could|would|will)\s+(?:you|we|someone|the\s+team)(?:\s+please)?|i\s+wish\s+(?:i|we)\s+could|i\s+wish\s+(?:you|it)\s+would|(?:i|we)(?:'d|\s+would)\s+(?:like|love)\s+(?:to|it\s+if\s+(?:you|we)\s+could)|(?:i|we)\s+(?:want|need)\s+to|(?:i|we)\s+(?:really\s+)?(?:want|need)|let\s+(?:me|us)|allow\s+(?:me|us)\s+to|it\s+would\s+be\s+(?:nice|great|good|helpful|awesome|cool|useful)\s+to|we\s+should|you\s+should|pm\s+should|the\s+app\s+should|it\s+should)\b\s*(?:please\s+)?",
    )
});
static WOULD_BE_NICE_IF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:it\s+would\s+be|it'd\s+be|would\s+be)\s+(?:really\s+|so\s+)?(?:nice|great|good|helpful|awesome|cool|useful|amazing)\s+if\s+(?P<clause>.+)$",
    )
});
static BUILD_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:add|adding|support|supporting|implement|build|create|provide|include|introduce|enable|offer|ship|give\s+(?:me|us))\s+(?:an?\s+|the\s+|some\s+)?(?:option\s+(?:to|for)\s+)?(?P<thing>.+)$",
    )
});
static BE_ABLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:be\s+able\s+to|have\s+the\s+ability\s+to|able\s+to)\s+"));
static I_CAN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^I\s+(?:can|could|will\s+be\s+able\s+to|am\s+able\s+to|may)\s+"));
static SUBJECT_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:I|we|you|they|he|she|it|the|my|our|their|his|her|its|your|everyone|everybody|nobody|no\s+one|users?|customers?|people|team|a|an|this|that|these|those|there|[A-Z][a-z]+\s+(?:is|are|can|will|gets?|sees?|knows?))\b",
    )
});

/// Read `request` into clauses. Never fails: what cannot be read stays `None`.
pub fn parse(request: &str) -> Clauses {
    let text = normalise(request);
    if text.is_empty() {
        return Clauses::default();
    }
    if let Some(m) = USER_STORY.captures(&text) {
        let mut c = Clauses { actor: clause(&m["role"]), ..Clauses::default() };
        let (want, so) = split_outcome(&m["rest"]);
        let (want, when) = split_situation(want.as_deref().unwrap_or_default());
        c.want = want.as_deref().and_then(motivation);
        c.when = when;
        c.so = so;
        return c;
    }
    if let Some(m) = JOB_STORY.captures(&text).or_else(|| JOB_STORY_NO_COMMA.captures(&text)) {
        let (want, so) = split_outcome(&m["rest"]);
        return Clauses {
            when: clause(&m["sit"]),
            want: want.as_deref().and_then(motivation),
            so,
            actor: None,
        };
    }
    // A plain request: politeness and asking words off, then what is left is the motivation.
    let (body, so) = split_outcome(&text);
    let body = body.unwrap_or_default();
    let (when, body) = match LEADING_SITUATION.captures(&body) {
        Some(m) => (clause(&m["sit"]), m["rest"].to_string()),
        None => (None, body),
    };
    let (want, tail_when) = split_situation(&body);
    let want = want.as_deref().map(plain_motivation).and_then(|w| motivation(&w));
    Clauses { when: when.or(tail_when), want, so, actor: None }
}

/// Straight quotes, single spaces, no surrounding quotes or trailing full stop, no doubled words.
pub fn normalise(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c if c.is_control() || c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let mut words: Vec<&str> = Vec::new();
    for w in s.split_whitespace() {
        // "I want to to export": a doubled word is a typo; "that that" is rare enough to accept.
        if words.last().is_some_and(|last| last.eq_ignore_ascii_case(w) && w.chars().all(char::is_alphabetic))
        {
            continue;
        }
        words.push(w);
    }
    let joined = words.join(" ");
    let trimmed = joined.trim_matches(|c: char| c == '"' || c == '\'' || c == '`' || c.is_whitespace());
    trimmed.trim_end_matches(['.', '!', '?', ';', ',', ' ']).trim().to_string()
}

/// A clause as stored: trimmed, no trailing punctuation, first letter lower-case
/// unless it starts a name or acronym ("SSO", "I").
fn clause(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(|c: char| {
        matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '-' | '"') || c.is_whitespace()
    });
    if s.is_empty() {
        return None;
    }
    let mut chars = s.chars();
    let first = chars.next()?;
    let second = chars.next();
    let keep = first == 'I' && second.is_none_or(|c| !c.is_alphabetic())
        || second.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    Some(if keep { s.to_string() } else { first.to_lowercase().chain(s.chars().skip(1)).collect() })
}

/// The part before "so that ..." and the outcome after it.
fn split_outcome(s: &str) -> (Option<String>, Option<String>) {
    match OUTCOME.captures(s) {
        Some(m) if !m["tail"].trim().is_empty() => (clause(&m["head"]), outcome(&m["tail"])),
        _ => (clause(s), None),
    }
}

/// A motivation with a trailing "when/every time/after ..." split off as the situation.
fn split_situation(s: &str) -> (Option<String>, Option<String>) {
    match SITUATION_TAIL.captures(s) {
        Some(m) => (clause(&m["head"]), clause(&m["sit"])),
        None => (clause(s), None),
    }
}

fn motivation(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches("to ").trim_start_matches("To ");
    clause(&BE_ABLE.replace(s, ""))
}

/// "I can export" -> "export"; "the team sees it" stays (it names its own subject).
fn outcome(s: &str) -> Option<String> {
    clause(&I_CAN.replace(s.trim(), ""))
}

/// Turn a plain request into a motivation: "Please add dark mode" -> "use dark mode".
fn plain_motivation(s: &str) -> String {
    let mut s = s.trim().to_string();
    for _ in 0..3 {
        let before = s.clone();
        s = POLITE.replace(&s, "").to_string();
        s = ASKS.replace(&s, "").to_string();
        if s == before {
            break;
        }
    }
    if let Some(m) = WOULD_BE_NICE_IF.captures(&s) {
        let c = m["clause"].replace(" were ", " be ").replace(" was ", " be ");
        return format!("have {}", c.trim_start_matches("you ").trim_start_matches("we ").trim());
    }
    if let Some(m) = BUILD_VERB.captures(&s) {
        return format!("use {}", m["thing"].trim());
    }
    s
}

/// "When <situation>, I want to <motivation>, so I can <outcome>." Missing clauses show as "…".
pub fn render(c: &Clauses) -> String {
    let gap = "…".to_string();
    let so = match c.so.as_deref() {
        Some(o) if SUBJECT_START.is_match(o) => o.to_string(),
        Some(o) => format!("I can {o}"),
        None => format!("I can {gap}"),
    };
    format!(
        "When {}, I want to {}, so {}.",
        c.when.clone().unwrap_or_else(|| gap.clone()),
        c.want.clone().unwrap_or(gap),
        so
    )
}

static PERSONA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:as\s+(?:an?|the)\b|i\s*'?\s*a?m\s+(?:an?|the)\b|being\s+(?:an?|the)\b|(?:an?|the)\s+[\w-]+(?:\s+[\w-]+)?$|(?:an?\s+)?(?:user|customer|admin|administrator|manager|pm|developer|designer|visitor|member|buyer|owner)s?$)",
    )
});
static SOLUTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:button|dropdown|drop-down|menu|modal|pop-?up|checkbox|check\s+box|tab|toggle|sidebar|dialog|icon|widget|tooltip|banner|screen|page|click|tap|field|column|api|endpoint|database|table|slider|form|wizard)s?\b",
    )
});
static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:easy|easier|easily|fast|faster|quick|quicker|quickly|simple|simpler|simply|user-?friendly|intuitive|seamless|seamlessly|better|improved|efficient|efficiently|nice|modern|robust|flexible|powerful|smooth|smoothly|convenient|good)\b",
    )
});
static SEVERAL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\s(?:and|&|as\s+well\s+as|and\s+also|plus)\s"));

/// The quality problems of a story's clauses, in a stable order.
pub fn lint(c: &Clauses) -> Vec<Problem> {
    let mut p = Vec::new();
    let mut add = |code: &'static str, message: String| p.push(Problem { code, message });
    match c.when.as_deref() {
        None => add("no-situation", "no situation: say when the need arises (--when \"...\")".into()),
        Some(w) if PERSONA.is_match(w) => add(
            "persona-not-situation",
            format!("the situation '{w}' names a persona; name the circumstance that triggers the need"),
        ),
        _ => {}
    }
    match c.want.as_deref() {
        None => add("no-motivation", "no motivation: say what they want to do (--want \"...\")".into()),
        Some(w) => {
            if let Some(m) = SOLUTION.find(w) {
                add(
                    "solution-in-motivation",
                    format!(
                        "the motivation names a solution or UI detail ('{}'); say what they want to get done",
                        m.as_str()
                    ),
                );
            }
            if SEVERAL.is_match(w) {
                add(
                    "several-motivations",
                    "several motivations joined by 'and': split them into separate stories".into(),
                );
            }
        }
    }
    if c.so.is_none() {
        add("no-outcome", "no outcome: say what it lets them do (--so \"...\")".into());
    }
    let all = [c.when.as_deref(), c.want.as_deref(), c.so.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(m) = VAGUE.find(&all)
        && !all.chars().any(|ch| ch.is_ascii_digit())
    {
        add("vague-words", format!("'{}' has no measure: say how much, how fast, or for whom", m.as_str()));
    }
    let len = render(c).chars().count();
    if len > MAX_TEXT {
        add("too-long", format!("the story is {len} characters; keep it under {MAX_TEXT}"));
    }
    p
}

#[cfg(test)]
#[path = "jobstory_tests.rs"]
mod tests;
