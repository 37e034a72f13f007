//! Plain requests, the way they reach a PM: "Please add dark mode", "I wish I could ...",
//! "Export is too slow", "[Feature Request] ...", a title and a description. The framing
//! comes off; what is left is the request, or a problem saying there is none.

use super::complaints::convert_clause;
use super::parse::{clause, situation, split_outcome, split_situation};
use super::render::{Kind, lower_initial, motivation_kind, words};
use super::words::*;
use super::{Clauses, Problem, re};
use regex::Regex;
use std::sync::LazyLock;

/// Issue-template headings and prompts: the words of the template, not of the requester.
static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?im)^[\s#*>_-]*(?:is\s+your\s+feature\s+request\s+related\s+to\s+a\s+problem\??(?:\s*please\s+describe\.?)?|describe\s+the\s+solution\s+you'?d\s+like\.?|describe\s+alternatives\s+you'?ve\s+considered\.?|additional\s+context\.?|a\s+clear\s+and\s+concise\s+description\s+of\s+what\s+(?:the\s+problem\s+is|you\s+want\s+to\s+happen)\.?|ex\.\s+i'?m\s+always\s+frustrated\s+when\s+\[\.\.\.\]\.?|add\s+any\s+other\s+context\s+or\s+screenshots\s+about\s+the\s+feature\s+request\s+here\.?)[\s*_:]*",
    )
});
static SOLUTION_HEADING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)describe\s+the\s+solution\s+you'?d\s+like\.?[\s*_:]*(?P<solution>.*)$"));
/// "[Feature Request]", "Feature:", "FR -": labels in front of the request.
static NEXT_HEADING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)[#*\s]*(?:additional\s+context|describe\s+alternatives)"));
/// "Notify me when ...": the app is asked to act on the person, who wants to be acted on.
static ACT_ON_ME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<verb>notify|alert|remind|warn|email|ping|text|inform|tell|show|send)\s+(?:me|us)\b\s*(?P<rest>.*)$",
    )
});
/// "Users want to export notes", "Customers keep asking for SSO": who wants it, then what.
static DEMAND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:users?|customers?|clients?|people|everyone|everybody|(?:our|my|the|many|some|most|all)\s+(?:[\w-]+\s+)?(?:users|customers|clients|team|admins|buyers)|admins|managers|buyers|prospects|teams)\s+(?:keep\s+asking\s+for|keeps\s+asking\s+for|are\s+asking\s+for|ask\s+for|asks\s+for|asked\s+for|want|wants|need|needs|would\s+like|request|requested|expect|expects)\s+(?P<rest>.+)$",
    )
});
/// "Because we lose deals without SSO, add SSO": the reason off, the request kept.
static BECAUSE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:because|since|as)\s+[^,]+,\s*(?P<rest>.+)$"));
/// "As a user" with no "I want": the role off, or nothing.
static ROLE_ONLY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^as\s+(?:an?|the)\b[^,]*(?:,\s*(?P<rest>.*))?$"));
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\s*\[[^\]]{1,40}\]\s*|\s*\([^)]{1,30}\)\s*)+|^(?:new\s+)?(?:feature(?:\s+request)?|fr|request|idea|suggestion|enhancement|improvement|proposal|user\s+story|story|epic|ask|title|summary|wish)\s*(?:[:\-]|\s-)\s*",
    )
});
static POLITE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:please|pls|plz|kindly|hey(?:\s+(?:team|guys|devs|there))?|hi(?:\s+(?:team|guys|devs|there))?|hello(?:\s+(?:team|devs))?|dear\s+(?:team|devs|developers)|so|ok|okay|also|and|but|honestly|just|one\s+more\s+thing|if\s+possible|ideally)\b[\s:,!.-]*",
    )
});
static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)[\s,.!-]*\b(?:please|pls|plz|thanks|thank\s+you|thx|asap|if\s+possible|in\s+the\s+future|someday|one\s+day|though|too|anymore|any\s+more)\b[\s!.?]*$",
    )
});
static PRAISE_BUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^.{0,80}?\b(?:love|like|enjoy|great|good|awesome|amazing|nice|fantastic|excellent|perfect|useful|best|helpful)\b.{0,60}?[\s,.;-]+but\b[\s,]*(?P<rest>.+)$",
    )
});
static PRAISE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:this|the|great|good|awesome|amazing|nice|best|excellent|fantastic|perfect|cool|love|loving|i\s+love|we\s+love|i\s+really\s+love|i\s+like|thanks|thank\s+you|keep\s+up|well\s+done|five\s+stars|5\s+stars|so\s+far\s+so\s+good)\b.{0,40})$",
    )
});
static PRAISE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:great|love|awesome|amazing|excellent|fantastic|perfect|best|thanks|stars|well\s+done|keep\s+up)\b",
    )
});
/// Wishes whose object is a clause with its own subject: "it would be nice if exports were faster".
static WISH_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:it|that)\s+would\s+be|it'd\s+be|would\s+be|it\s+will\s+be|it\s+is|it's)\s+(?:really\s+|so\s+|very\s+|super\s+)?(?:nice|great|good|helpful|awesome|cool|useful|amazing|ideal|lovely|fantastic|perfect|better|handy|neat)\s+if\s+(?P<clause>.+)$|^(?:I|we)\s+(?:really\s+)?wish(?:\s+that)?\s+(?P<clause2>.+)$|^(?:I|we)\s+(?:would|'d)\s+(?:really\s+)?(?:love|like|prefer)\s+(?:it\s+)?if\s+(?P<clause3>.+)$",
    )
});
/// Framing in front of an action or a thing.
static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:can|could|would|will)\s+(?:you|we|someone|the\s+team|y'all|devs)(?:\s+guys)?(?:\s+please)?(?:\s+(?:consider|think\s+about))?|(?:it\s+would\s+be|it'd\s+be|would\s+be|it's|it\s+is)\s+(?:really\s+|so\s+|very\s+)?(?:nice|great|good|helpful|awesome|cool|useful|amazing|ideal|handy|neat)\s+(?:to\s+have|to\s+be\s+able\s+to|to|if\s+(?:I|we|you)\s+could|if\s+there\s+(?:was|were|is)|if\s+you\s+(?:would|added|add)|for\s+(?:me|us)\s+to)|(?:I|we)\s+(?:really\s+)?wish\s+(?:I|we)\s+could|(?:I|we)\s+(?:really\s+)?wish\s+(?:you|it|the\s+app)\s+(?:would|could)|(?:I|we)\s+(?:really\s+)?wish\s+there\s+(?:was|were|is)(?:\s+a\s+way\s+to)?|(?:(?:I|we)\s*)?(?:'d|would)\s+(?:really\s+)?(?:like|love|appreciate)(?:\s+to\s+(?:see|have))?(?:\s+to)?|(?:(?:I|we)\s+)?(?:really\s+|also\s+|just\s+)?(?:want|need|require|miss)(?:\s+to)?(?:\s+(?:an?|the)\s+(?:ability|option|way)\s+to)?|(?:I|we)\s+(?:can't|cannot|can\s+not|am\s+unable\s+to|'m\s+unable\s+to|are\s+unable\s+to)|(?:I|we)\s+(?:should|must)\s+be\s+able\s+to|let\s+(?:me|us)|allow\s+(?:me|us)\s+to|(?:please\s+)?(?:make\s+it\s+possible\s+to)|why\s+(?:can't|cannot|can\s+not|couldn't)\s+(?:I|we)|why\s+(?:is\s+there\s+no|isn't\s+there|no)|how\s+(?:do|can|could|should)\s+(?:I|we)|is\s+(?:there|it)\s+(?:a\s+way|any\s+way|an\s+option|possible)\s+to|is\s+it\s+possible\s+to|are\s+there\s+plans\s+(?:to|for)|any\s+(?:plans|chance)\s+(?:to|for|of)|will\s+there\s+(?:ever\s+)?be|what\s+about|how\s+about|there\s+(?:is|are|'s)\s+no\s+(?:way|option)\s+to|there\s+(?:is|are|'s)\s+no|there\s+should\s+be|we\s+should|you\s+should|you\s+guys\s+should|pm\s+should|(?:the\s+)?(?:ability|option|possibility|way|chance)\s+to|(?:an?\s+)?(?:option|way|setting)\s+to|support\s+for)\b\s*(?:please\s+)?",
    )
});
/// "This app needs to support older versions": the product is asked to do something.
static PRODUCT_SHOULD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<subj>(?:the|this|your)\s+(?:app|tool|product|software|site|website|system|program|platform|service)|it|pm)\s+(?:really\s+)?(?:should|needs\s+to|must|has\s+to|ought\s+to)\s+(?P<rest>.+)$",
    )
});
static PRODUCT_NEEDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:the|this|your)\s+(?:app|tool|product|software|site|website|system|program|platform|service)|it|this)\s+(?:really\s+|also\s+|just\s+)?(?:needs|lacks|is\s+missing|misses|could\s+use|should\s+have)\s+(?P<rest>.+)$",
    )
});
static BUILD_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:add|adding|support|supporting|implement|introduce|provide|offer|ship)\s+(?P<article>(?:an?|some)\s+)?(?:(?:the\s+)?(?:ability|option|possibility|way|feature)\s+(?:to|for)\s+|support\s+for\s+)?(?P<thing>.+)$",
    )
});
static GIVE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^give\s+(?:me|us|users)\s+(?P<thing>.+)$"));
static TO_START: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^to\s+(?:be\s+able\s+to\s+)?"));
static LEADING_SITUATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^(?P<conn>when(?:ever)?|after|every\s+time|each\s+time|if|once|as\s+soon\s+as)\s+(?P<sit>[^,]+?)\s*,\s*(?P<rest>.+)$",
    )
});

/// The problem of a request with no request in it.
pub fn no_request() -> Problem {
    Problem::new("no-request", "no request found: say what they want".into())
}

/// The request text with issue-template prompts removed; the solution section first when
/// the template has one.
pub fn strip_boilerplate(raw: &str) -> String {
    if let Some(m) = SOLUTION_HEADING.captures(raw) {
        let solution = NEXT_HEADING.split(&m["solution"]).next().unwrap_or_default();
        let solution = BOILERPLATE.replace_all(solution, "\n").to_string();
        if !solution.trim().is_empty() {
            return solution;
        }
    }
    BOILERPLATE.replace_all(raw, "\n").to_string()
}

/// Sentences of a line: split after ". ", "! ", "? ".
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if matches!(c, '.' | '!' | '?') && chars.peek().is_some_and(|n| n.is_whitespace()) {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Read a plain request (one line): the first sentence that holds a request.
pub fn read(text: &str) -> Result<Clauses, Problem> {
    // "Export notes. So that finance gets them": an outcome may start a sentence of its own.
    let (head, so) = match split_outcome(text) {
        (Some(head), Some(so)) if text.to_lowercase().contains(". so") => (head, Some(so)),
        _ => (text.to_string(), None),
    };
    let mut first_problem = None;
    for sentence in sentences(&head) {
        match read_sentence(&sentence) {
            Ok(mut c) => {
                c.so = c.so.or(so);
                return Ok(c);
            }
            Err(p) => {
                first_problem.get_or_insert(p);
            }
        }
    }
    Err(first_problem.unwrap_or_else(no_request))
}

fn strip_prefixes(s: &str) -> String {
    let mut s = s.trim().to_string();
    for _ in 0..4 {
        let before = s.clone();
        s = LABEL.replace(&s, "").trim().to_string();
        s = POLITE.replace(&s, "").trim().to_string();
        if let Some(m) = PRAISE_BUT.captures(&s) {
            s = m["rest"].trim().to_string();
        }
        if s == before {
            break;
        }
    }
    s
}

fn read_sentence(sentence: &str) -> Result<Clauses, Problem> {
    let s = strip_prefixes(sentence.trim_end_matches(['.', '!', '?', ' ']));
    let mut s = symbols_off(&s);
    if let Some(m) = ROLE_ONLY.captures(&s) {
        s = m.name("rest").map_or(String::new(), |r| r.as_str().to_string());
    }
    if let Some(m) = BECAUSE.captures(&s) {
        s = m["rest"].to_string();
    }
    if s.is_empty() {
        return Err(no_request());
    }
    let (when, body) = match LEADING_SITUATION.captures(&s) {
        Some(m) => (situation(&m["conn"], &m["sit"]), m["rest"].to_string()),
        None => (None, s.clone()),
    };
    let (head, so) = split_outcome(&body);
    let head = head.unwrap_or_default();
    let (want, tail_when) = split_situation(&head);
    let want = request(&want.unwrap_or_default())?;
    Ok(Clauses { when: when.or(tail_when), want: Some(want), so, actor: None })
}

/// Emoji and other symbols around a request: "📊 Add charts 📈" -> "Add charts".
fn symbols_off(s: &str) -> String {
    s.trim_matches(|c: char| !(c.is_alphanumeric() || "\"'()[]$€£%#@".contains(c))).to_string()
}

/// The request in a sentence with its framing off: an action or a thing wanted.
fn request(s: &str) -> Result<String, Problem> {
    let mut s = strip_prefixes(s);
    let mut wish = None;
    for _ in 0..4 {
        let before = s.clone();
        s = TRAILING.replace(&s, "").trim().to_string();
        if let Some(m) = WISH_CLAUSE.captures(&s) {
            let c = m.name("clause").or(m.name("clause2")).or(m.name("clause3")).map_or("", |c| c.as_str());
            wish = Some(c.trim().to_string());
            break;
        }
        s = ASKS.replace(&s, "").trim().to_string();
        s = strip_prefixes(&s);
        if let Some(m) = PRODUCT_SHOULD.captures(&s) {
            s = format!("{} to {}", lower_initial(&m["subj"]), m["rest"].trim());
            break;
        }
        if let Some(m) = PRODUCT_NEEDS.captures(&s) {
            s = m["rest"].trim().to_string();
        }
        if s == before {
            break;
        }
    }
    if let Some(c) = wish {
        return convert_clause(&c, true);
    }
    let s = symbols_off(&TO_START.replace(s.trim(), ""));
    // Nothing but small words ("I want to", "so that", "When"): no request.
    let ws = words(&s);
    let small = |w: &&str| {
        let l = w.to_lowercase();
        is_pronoun(&l)
            || is_determiner(&l)
            || is_conjunction(&l)
            || is_preposition(&l)
            || is_modal(&l)
            || is_auxiliary(&l)
            || matches!(l.as_str(), "want" | "need" | "please" | "like")
    };
    if ws.iter().all(small) {
        return Err(no_request());
    }
    if let Some(m) = DEMAND.captures(&s) {
        return request(&m["rest"]);
    }
    if let Some(m) = ACT_ON_ME.captures(&s) {
        let rest = m["rest"].trim();
        let verb = m["verb"].to_lowercase();
        return Ok(match verb.as_str() {
            "show" => format!("see {rest}"),
            "send" => format!("receive {rest}"),
            "tell" => format!("be told {rest}"),
            "email" | "text" | "ping" => format!("be {verb}ed {rest}"),
            v if v.ends_with('e') => format!("be {v}d {rest}"),
            v if v.ends_with('y') => format!("be {}ied {rest}", &v[..v.len() - 1]),
            v => format!("be {v}ed {rest}"),
        }
        .trim()
        .to_string());
    }
    if PRAISE.is_match(&s) && PRAISE_WORD.is_match(&s) {
        return Err(no_request());
    }
    if let Some(m) = GIVE.captures(&s) {
        return clause(&m["thing"]).ok_or_else(no_request);
    }
    if let Some(m) = BUILD_VERB.captures(&s) {
        let thing = m["thing"].trim();
        // "Add tags to notes" is the person's own action, not a feature to add.
        let to_object = thing.split_once(" to ").is_some_and(|(_, after)| {
            words(after).first().is_some_and(|w| !is_base_verb(w) || is_ambiguous(w))
        });
        let verb = words(&s).first().map(|w| w.to_lowercase()).unwrap_or_default();
        if !(to_object && verb == "add") {
            let thing = TO_START.replace(thing, "");
            return Ok(match motivation_kind(&thing) {
                Kind::Action if !is_ambiguous(words(&thing)[0]) => lower_initial(&thing),
                // "Add an EPrints integration" -> "I want an EPrints integration".
                _ if m.name("article").is_some() && !to_object => {
                    format!("{}{thing}", m["article"].to_lowercase())
                }
                _ => format!("use {thing}"),
            });
        }
    }
    let s = lower_initial(&s);
    match motivation_kind(&s) {
        Kind::Action | Kind::Thing => Ok(s),
        Kind::Clause => convert_clause(&s, false),
    }
}
