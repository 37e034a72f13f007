//! Common English words (common_words.txt, from SCOWL via Debian's wamerican-small; its
//! licence is in that file's header) and the product names that are also English words.
//! Used to tell a sentence-initial capital ("Payload limit ...") from a name ("Slack sync").

use std::collections::HashSet;
use std::sync::LazyLock;

const COMMON: &str = include_str!("common_words.txt");

static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::with_capacity(20_000);
    let mut prev = String::new();
    for line in COMMON.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        // Front-coded: a digit N, then the word after the first N letters of the previous one.
        let shared = usize::from(line.as_bytes()[0] - b'0');
        let word = format!("{}{}", &prev[..shared], &line[1..]);
        set.insert(word.clone());
        prev = word;
    }
    set
});

/// Products whose names are also English words: a capital at the start is their name
/// ("Slack notifications", "Notion export"), so it stays; one the drafter's lexicon knows
/// as a word ("Zoom", "Teams") stays only before "integration", "sync", ... ("Teams can").
const PRODUCTS: &[&str] = &[
    "apple",
    "box",
    "buffer",
    "confluence",
    "discord",
    "docker",
    "drift",
    "excel",
    "front",
    "gong",
    "harvest",
    "heap",
    "height",
    "lattice",
    "linear",
    "loom",
    "notion",
    "outlook",
    "pocket",
    "segment",
    "sentry",
    "signal",
    "sketch",
    "slack",
    "snowflake",
    "stripe",
    "teams",
    "telegram",
    "twitter",
    "word",
    "zoom",
];

/// Words after a product's name in a request for a connection to it ("Harvest sync").
const INTEGRATION: &[&str] = &[
    "integration",
    "integrations",
    "sync",
    "syncing",
    "connector",
    "connection",
    "plugin",
    "plug-in",
    "add-on",
    "app",
    "api",
    "bot",
    "webhook",
    "webhooks",
];

/// `w` (any capitals) is a common English word or a regular inflection of one.
pub fn is_common(w: &str) -> bool {
    let l = w.to_lowercase();
    if WORDS.contains(&l) {
        return true;
    }
    // A regular inflection ("payloads", "shipped") or an adverb in -ly of a word in the list.
    super::words::base_forms(&l).into_iter().filter(|b| b.len() >= 2).any(|b| WORDS.contains(&b))
        || l.strip_suffix("ly").is_some_and(|s| s.len() >= 2 && WORDS.contains(s))
}

/// A product name that is also an English word ("slack", "notion").
pub fn is_product(w: &str) -> bool {
    PRODUCTS.contains(&w.to_lowercase().as_str())
}

/// A word that, after a name, asks for a connection to it: "integration", "sync", "API".
pub fn is_integration_word(w: &str) -> bool {
    INTEGRATION.contains(&w.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_coded_list_decodes_to_lower_case_words() {
        assert!(WORDS.len() > 15_000, "{} words", WORDS.len());
        assert!(WORDS.iter().all(|w| w.chars().all(|c| c.is_ascii_lowercase())));
        for w in ["payload", "aardvark", "abbreviation", "forecast", "zoo"] {
            assert!(WORDS.contains(w), "{w}");
        }
    }

    #[test]
    fn common_words_and_their_inflections_are_known_names_are_not() {
        for w in ["Payload", "payloads", "Tariffs", "shipped", "mapping", "Invoices"] {
            assert!(is_common(w), "{w}");
        }
        for w in ["Salesforce", "Google", "EPrints", "Jira", "Kubernetes"] {
            assert!(!is_common(w), "{w}");
        }
        assert!(is_product("Slack") && is_product("notion") && !is_product("payload"));
        assert!(is_integration_word("API") && is_integration_word("sync") && !is_integration_word("limit"));
    }
}
