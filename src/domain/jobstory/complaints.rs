//! A clause with its own subject turned into the request it makes: a complaint
//! ("Export is too slow" -> "make export faster"), a wish ("if brokers could see the
//! balance" -> "brokers to be able to see the balance"), or a problem saying it is a
//! complaint with no clear request.

use super::parse::clause;
use super::plain::no_request;
use super::render::{lower_initial, words};
use super::words::*;
use super::{Problem, re};
use regex::Regex;
use std::sync::LazyLock;

/// A complaint: "Export is too slow", "the report is confusing".
static COMPLAINT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<subj>.{1,50}?)\s+(?:is|are|was|were|'s|feels|feel|seems|seem|looks|look|gets|get)\s+(?:(?:way|far|much|so|too|very|really|super|extremely|a\s+bit|kind\s+of|quite|pretty|still|always|often|a\s+little|incredibly|painfully)\s+)*(?P<adj>[\w-]+)(?P<tail>.*)$",
    )
});
static BROKEN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<subj>.{1,50}?)\s+(?:doesn't\s+work|does\s+not\s+work|don't\s+work|do\s+not\s+work|isn't\s+working|aren't\s+working|is\s+not\s+working|are\s+not\s+working|won't\s+work|stopped\s+working|is\s+broken|are\s+broken|keeps\s+crashing|crashes|fails|keeps\s+failing|is\s+buggy|never\s+works)(?P<tail>.*)$",
    )
});
static CANNOT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<subj>.{1,50}?)\s+(?:can't|cannot|can\s+not|won't|doesn't|does\s+not|don't|do\s+not|isn't\s+able\s+to|is\s+unable\s+to)\s+(?P<verb>[\w-]+)(?P<tail>.*)$",
    )
});
static MODAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<subj>.{1,50}?)\s+(?P<modal>could|can|would|will|should|might|may)\s+(?:be\s+able\s+to\s+)?(?P<rest>.+)$",
    )
});
static THERE_IS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^there\s+(?:is|are|was|were|'s|would\s+be|could\s+be|be)\s+(?:an?\s+(?:way|option|setting)\s+to\s+)?(?P<rest>.+)$",
    )
});
static BE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?P<subj>.{1,50}?)\s+(?:was|were|is|are|be)\s+(?P<rest>.+)$"));
static HAVE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?P<subj>.{1,50}?)\s+(?:had|has|have)\s+(?P<rest>.+)$"));
/// What a complaint asks for, where that is clear: "slow" asks for "faster".
const OPPOSITES: &[(&str, &str)] = &[
    ("slow", "faster"),
    ("laggy", "faster"),
    ("sluggish", "faster"),
    ("hard", "easier"),
    ("difficult", "easier"),
    ("confusing", "clearer"),
    ("unclear", "clearer"),
    ("complicated", "simpler"),
    ("complex", "simpler"),
    ("expensive", "cheaper"),
    ("pricey", "cheaper"),
    ("small", "bigger"),
    ("tiny", "bigger"),
    ("big", "smaller"),
    ("large", "smaller"),
    ("huge", "smaller"),
    ("long", "shorter"),
    ("short", "longer"),
    ("buggy", "more reliable"),
    ("unreliable", "more reliable"),
    ("flaky", "more reliable"),
    ("unstable", "more stable"),
    ("cluttered", "cleaner"),
    ("messy", "cleaner"),
    ("ugly", "nicer"),
    ("heavy", "lighter"),
    ("noisy", "quieter"),
    ("loud", "quieter"),
    ("dim", "brighter"),
    ("limited", "more flexible"),
    ("inaccurate", "more accurate"),
    ("wrong", "accurate"),
    ("outdated", "up to date"),
    ("tedious", "quicker"),
    ("repetitive", "quicker"),
    ("cumbersome", "easier"),
    ("clunky", "smoother"),
    ("unintuitive", "easier to use"),
    ("inconsistent", "consistent"),
    ("unreadable", "readable"),
    ("hidden", "easier to find"),
    ("annoying", "less intrusive"),
    ("intrusive", "less intrusive"),
    ("verbose", "shorter"),
    ("delayed", "faster"),
    ("late", "on time"),
];

fn complaint(s: &str) -> Problem {
    Problem::new("complaint", format!("'{s}' is a complaint, not a request: say what they want instead"))
}

fn is_me(subj: &str) -> bool {
    matches!(
        subj.to_lowercase().as_str(),
        "i" | "we" | "you" | "you guys" | "the team" | "the devs" | "someone"
    )
}

/// A clause with its own subject turned into what it asks for. In a wish ("if exports were
/// faster") every shape is a request; outside one, only complaints are.
pub fn convert_clause(c: &str, wish: bool) -> Result<String, Problem> {
    let c = c.trim().trim_end_matches(['.', '!', '?']);
    if let Some(m) = BROKEN.captures(c) {
        let subj = lower_initial(m["subj"].trim());
        return Ok(format!("make {subj} work{}", m["tail"].trim_end()));
    }
    if let Some(m) = CANNOT.captures(c) {
        let subj = m["subj"].trim();
        if words(subj).len() <= 5 && is_base_verb(&m["verb"]) {
            let rest = format!("{}{}", &m["verb"], &m["tail"]);
            return Ok(if is_me(subj) { rest } else { format!("make {} {rest}", lower_initial(subj)) });
        }
    }
    if let Some(m) = THERE_IS.captures(c) {
        return clause(&m["rest"]).ok_or_else(no_request);
    }
    if let Some(m) = COMPLAINT.captures(c)
        && words(&m["subj"]).len() <= 5
    {
        let adj = m["adj"].to_lowercase();
        let subj = lower_initial(m["subj"].trim());
        if let Some((_, better)) = OPPOSITES.iter().find(|(bad, _)| *bad == adj) {
            return Ok(format!("make {subj} {better}{}", m["tail"].trim_end()));
        }
        if wish {
            return Ok(format!("{subj} to be {}{}", &m["adj"], m["tail"].trim_end()));
        }
        return Err(complaint(c));
    }
    if let Some(m) = MODAL.captures(c)
        && words(&m["subj"]).len() <= 5
        && (wish || matches!(m["modal"].to_lowercase().as_str(), "should" | "must"))
    {
        let subj = m["subj"].trim();
        let rest = m["rest"].trim();
        if is_me(subj) {
            return Ok(lower_initial(rest));
        }
        let able = matches!(m["modal"].to_lowercase().as_str(), "could" | "can" | "might" | "may");
        let subj = lower_initial(subj);
        return Ok(if able { format!("{subj} to be able to {rest}") } else { format!("{subj} to {rest}") });
    }
    if !wish {
        return Err(complaint(c));
    }
    if let Some(m) = BE.captures(c) {
        return Ok(format!("{} to be {}", lower_initial(m["subj"].trim()), m["rest"].trim()));
    }
    if let Some(m) = HAVE.captures(c) {
        // "if it had a calendar integration": the product having it is the request.
        let subj = lower_initial(m["subj"].trim());
        if matches!(subj.as_str(), "it" | "the app" | "this app" | "you" | "pm") {
            return clause(&m["rest"]).ok_or_else(no_request);
        }
        return Ok(format!("{subj} to have {}", m["rest"].trim()));
    }
    // "if the app supported X" -> "the app to support X".
    let ws: Vec<&str> = c.split_whitespace().collect();
    for (i, w) in ws.iter().enumerate().take(6).skip(1) {
        if let Some(base) = verb_base(w).filter(|_| is_inflected_verb(w)) {
            let subj = lower_initial(&ws[..i].join(" "));
            let rest = ws[i + 1..].join(" ");
            return Ok(if is_me(&subj) {
                format!("{base} {rest}").trim().to_string()
            } else {
                format!("{subj} to {base} {rest}").trim().to_string()
            });
        }
    }
    Ok(lower_initial(c))
}
