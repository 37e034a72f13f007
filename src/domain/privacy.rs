//! Recognising one person's name, for `pm forget`: in the fields that name
//! people, and as a whole word inside any text.

use regex::Regex;

/// The text put where a forgotten name was.
pub const FORGOTTEN: &str = "[forgotten]";

/// A name as compared: words joined by single spaces, lower-case.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Matches one person's name.
#[derive(Debug, Clone)]
pub struct Name {
    key: String,
    words: Regex,
}

impl Name {
    /// `None` for a name with no letters or digits (nothing could be matched safely).
    pub fn new(name: &str) -> Option<Name> {
        let key = name_key(name);
        if !key.chars().any(char::is_alphanumeric) {
            return None;
        }
        // Any run of spaces between the words; whole words only, ignoring case.
        let body: Vec<String> = key.split(' ').map(regex::escape).collect();
        // Word edges only where the name starts or ends with a word character, so
        // names ending in punctuation ("a.b (c)") still match.
        let first = key.chars().next().is_some_and(char::is_alphanumeric);
        let last = key.chars().last().is_some_and(char::is_alphanumeric);
        let pattern = format!(
            r"(?i){}{}{}",
            if first { r"\b" } else { "" },
            body.join(r"\s+"),
            if last { r"\b" } else { "" }
        );
        let words = Regex::new(&pattern).ok()?;
        Some(Name { key, words })
    }

    /// Whether a field that holds a name holds this one.
    pub fn is(&self, field: &str) -> bool {
        name_key(field) == self.key
    }

    /// Whether `text` mentions the name.
    pub fn in_text(&self, text: &str) -> bool {
        self.words.is_match(text)
    }

    /// `text` with every mention replaced.
    pub fn scrub(&self, text: &str) -> String {
        self.words.replace_all(text, FORGOTTEN).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_as_whole_words_in_any_case_and_spacing() {
        let n = Name::new("  Zoë   Park ").unwrap();
        assert!(n.is("zoë park"));
        assert!(!n.is("Zoë"));
        assert!(n.in_text("Met ZOË PARK today"));
        assert!(!n.in_text("Zoë Parker called"));
        assert_eq!(n.scrub("Zoë Park said zoë  park's team"), "[forgotten] said [forgotten]'s team");
        assert!(Name::new(" ?! ").is_none());
        assert_eq!(Name::new("a.b (c)").unwrap().scrub("x a.b (c) y"), "x [forgotten] y");
    }
}
