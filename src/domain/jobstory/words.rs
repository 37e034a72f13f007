//! The drafter's lexicon: the word lists of `lexicon.txt` (hand-written for this crate,
//! MIT like the crate) and the few inflection rules that let a base-form list
//! recognise "exports", "exported" and "exporting".

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const LEXICON: &str = include_str!("lexicon.txt");

struct Lexicon {
    sections: HashMap<&'static str, HashSet<&'static str>>,
    irregular: HashMap<&'static str, &'static str>,
}

static WORDS: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut sections: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    let mut irregular = HashMap::new();
    let mut current = "";
    for line in LEXICON.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
            continue;
        }
        let words: Vec<&'static str> = line.split_whitespace().collect();
        if current == "irregular" {
            for pair in words.chunks(2) {
                if let [past, base] = pair {
                    irregular.insert(*past, *base);
                }
            }
        } else {
            sections.entry(current).or_default().extend(words);
        }
    }
    Lexicon { sections, irregular }
});

fn lower(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-').to_lowercase()
}

fn has(section: &str, w: &str) -> bool {
    WORDS.sections.get(section).is_some_and(|s| s.contains(lower(w).as_str()))
}

/// A verb in its base form ("export", "sign-in"), the form that follows "I want to".
pub fn is_base_verb(w: &str) -> bool {
    has("verbs", w)
}

/// A word that is a verb and a noun alike ("export", "message").
pub fn is_ambiguous(w: &str) -> bool {
    has("ambiguous", w)
}

/// The base form of any form of a known verb: "exports", "exported", "exporting", "went".
pub fn verb_base(w: &str) -> Option<String> {
    let w = lower(w);
    if is_base_verb(&w) {
        return Some(w);
    }
    if let Some(base) = WORDS.irregular.get(w.as_str()) {
        return Some((*base).to_string());
    }
    base_forms(&w).into_iter().find(|c| c.len() > 1 && is_base_verb(c))
}

/// What `w` (lower case) may be an inflection of: "exported" -> "export", "exporte";
/// "dropped" -> "dropp", "drop"; "queries" -> "query". The caller checks which is a word.
pub fn base_forms(w: &str) -> Vec<String> {
    let mut candidates = Vec::new();
    for (suffix, replace) in [
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
    ] {
        if let Some(stem) = w.strip_suffix(suffix) {
            candidates.push(format!("{stem}{replace}"));
            // "dropped", "logging": a doubled final consonant.
            let b = stem.as_bytes();
            if (suffix.starts_with('e') || suffix.starts_with('i'))
                && b.len() > 2
                && b[b.len() - 1] == b[b.len() - 2]
            {
                candidates.push(stem[..stem.len() - 1].to_string());
            }
        }
    }
    candidates
}

/// A finite or participle form of a verb that is not its base form ("exports", "was", "crashed").
pub fn is_inflected_verb(w: &str) -> bool {
    !is_base_verb(w) && verb_base(w).is_some()
}

pub fn is_auxiliary(w: &str) -> bool {
    has("auxiliaries", w)
}

pub fn is_modal(w: &str) -> bool {
    has("modals", w)
}

pub fn is_pronoun(w: &str) -> bool {
    has("pronouns", w)
}

pub fn is_determiner(w: &str) -> bool {
    has("determiners", w)
}

pub fn is_conjunction(w: &str) -> bool {
    has("conjunctions", w)
}

pub fn is_preposition(w: &str) -> bool {
    has("prepositions", w)
}

pub fn is_adverb(w: &str) -> bool {
    has("adverbs", w)
}

pub fn is_role(w: &str) -> bool {
    let w = lower(w);
    has("roles", &w) || w.strip_suffix('s').is_some_and(|s| has("roles", s))
}

pub fn is_interface(w: &str) -> bool {
    has("interface", w)
}

/// Any word of the lexicon: an ordinary English word rather than a name.
pub fn is_ordinary(w: &str) -> bool {
    let l = lower(w);
    [
        "verbs",
        "determiners",
        "pronouns",
        "modals",
        "conjunctions",
        "prepositions",
        "adverbs",
        "ordinary",
        "auxiliaries",
    ]
    .iter()
    .any(|s| has(s, &l))
        || verb_base(&l).is_some()
}

/// A word that starts a clause with its own subject: a pronoun, a determiner, "there".
pub fn is_subject_word(w: &str) -> bool {
    let l = lower(w);
    (is_pronoun(&l) && !matches!(l.as_str(), "what" | "which" | "whose" | "whom"))
        || matches!(
            l.as_str(),
            "the"
                | "this"
                | "that"
                | "these"
                | "those"
                | "there"
                | "my"
                | "our"
                | "their"
                | "your"
                | "his"
                | "her"
                | "its"
                | "no"
                | "every"
                | "each"
                | "all"
                | "some"
                | "a"
                | "an"
                | "any"
                | "nobody"
                | "nothing"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_of_known_verbs_are_recognised() {
        for (w, base) in [
            ("exports", "export"),
            ("exported", "export"),
            ("dropped", "drop"),
            ("logging", "log"),
            ("was", "be"),
            ("changes", "change"),
            ("notifies", "notify"),
            ("saved", "save"),
            ("approves", "approve"),
        ] {
            assert_eq!(verb_base(w).as_deref(), Some(base), "{w}");
        }
        assert!(verb_base("integration").is_none());
        assert!(is_base_verb("Export"));
        assert!(!is_base_verb("notifications"));
        assert!(is_role("managers") && is_role("PM"));
    }
}
