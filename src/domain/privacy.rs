//! Recognising one person's name, for `pm forget`: in the fields that name
//! people, and as a whole word inside any text.

use regex::Regex;

/// The text put where a forgotten name was.
pub const FORGOTTEN: &str = "[forgotten]";

/// A name as compared: NFC, case-folded, words joined by single spaces.
pub fn name_key(name: &str) -> String {
    super::text::fold(name)
}

/// Fields that hold one person's name (a forgotten one becomes empty).
pub const NAME_FIELDS: &[&str] = &["who", "requested_by"];
/// Fields that hold a list of people, `,` or `;` separated (check-in participants).
pub const LIST_FIELDS: &[&str] = &["with_who", "with"];

/// Matches one person's name.
#[derive(Debug, Clone)]
pub struct Name {
    key: String,
    words: Regex,
    /// Other people's longer names that contain this one ("Alice Ng" for
    /// "Alice"): a mention inside one of them is theirs, not this person's.
    longer: Option<Regex>,
}

impl Name {
    /// `None` for a name with no letters or digits (nothing could be matched safely).
    pub fn new(name: &str) -> Option<Name> {
        let key = name_key(name);
        if !key.chars().any(char::is_alphanumeric) {
            return None;
        }
        // Between the words any run of spaces, dots, dashes or underscores, so the
        // name is also found in a tag ("alice-ng") or an address ("alice.ng@...");
        // whole words only, ignoring case.
        let body: Vec<String> = key.split(' ').map(regex::escape).collect();
        // Word edges only where the name starts or ends with a word character, so
        // names ending in punctuation ("a.b (c)") still match.
        let first = key.chars().next().is_some_and(char::is_alphanumeric);
        let last = key.chars().last().is_some_and(char::is_alphanumeric);
        let pattern = format!(
            r"(?i){}{}{}",
            if first { r"\b" } else { "" },
            body.join(r"[\s._-]+"),
            if last { r"\b" } else { "" }
        );
        let words = Regex::new(&pattern).ok()?;
        Some(Name { key, words, longer: None })
    }

    /// Tell the name about the other names in the notebook, so that forgetting
    /// "Alice" leaves "Alice Ng" (someone else) alone: exact names only, never a prefix.
    pub fn among<'a>(mut self, others: impl IntoIterator<Item = &'a str>) -> Name {
        let mut longer: Vec<String> = others
            .into_iter()
            // Cheap test first: a notebook may name thousands of people.
            .filter(|o| name_key(&o.replace(['.', '-', '_'], " ")).contains(&self.key))
            .filter_map(Name::new)
            .filter(|o| o.key != self.key && self.words.is_match(&o.key))
            .map(|o| o.words.as_str().trim_start_matches("(?i)").to_string())
            .collect();
        longer.sort();
        longer.dedup();
        self.longer =
            (!longer.is_empty()).then(|| Regex::new(&format!("(?i){}", longer.join("|"))).ok()).flatten();
        self
    }

    /// Where `text` (in NFC) mentions this person, outside others' longer names.
    fn mentions(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let theirs: Vec<std::ops::Range<usize>> =
            self.longer.iter().flat_map(|re| re.find_iter(text).map(|m| m.range())).collect();
        self.words
            .find_iter(text)
            .map(|m| m.range())
            .filter(|m| !theirs.iter().any(|t| t.start <= m.start && m.end <= t.end))
            .collect()
    }

    /// Whether a field that holds a name holds exactly this one (never a prefix).
    pub fn is(&self, field: &str) -> bool {
        name_key(field) == self.key
    }

    /// Whether `text` mentions the name (compared in NFC, whatever form it is stored in).
    pub fn in_text(&self, text: &str) -> bool {
        let text = nfc(text);
        self.words.is_match(&text) && !self.mentions(&text).is_empty()
    }

    /// `text` with every mention replaced (in NFC where it had to be normalised).
    pub fn scrub(&self, text: &str) -> String {
        let text = nfc(text);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for m in self.mentions(&text) {
            out.push_str(&text[at..m.start]);
            out.push_str(FORGOTTEN);
            at = m.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// A participant list without this person: `None` if they were not in it;
    /// [`FORGOTTEN`] if they were the only one.
    pub fn drop_from_list(&self, list: &str) -> Option<String> {
        let parts: Vec<&str> = list.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()).collect();
        let kept: Vec<&str> = parts.iter().copied().filter(|p| !self.is(p)).collect();
        if kept.len() == parts.len() {
            return None;
        }
        Some(if kept.is_empty() { FORGOTTEN.to_string() } else { kept.join(", ") })
    }

    /// Whether a stored value mentions the name: plain text, or JSON (history
    /// rows, report snapshots) whose strings may be escaped.
    pub fn in_value(&self, value: &str) -> bool {
        self.in_text(value) || (value.contains('\\') && self.scrub_value(value).is_some())
    }

    /// A stored value with the person removed, `None` if it does not name them.
    /// JSON objects and arrays are rewritten field by field: a name field
    /// ([`NAME_FIELDS`]) holding them becomes null, a participant list
    /// ([`LIST_FIELDS`]) loses them, any other string has its mentions replaced.
    pub fn scrub_value(&self, value: &str) -> Option<String> {
        let t = value.trim_start();
        if (t.starts_with('{') || t.starts_with('['))
            && let Ok(mut json) = serde_json::from_str::<serde_json::Value>(value)
        {
            return self.scrub_json(&mut json, None).then(|| json.to_string());
        }
        self.in_text(value).then(|| self.scrub(value))
    }

    fn scrub_json(&self, v: &mut serde_json::Value, field: Option<&str>) -> bool {
        use serde_json::Value;
        match v {
            Value::String(s) => {
                if field.is_some_and(|f| NAME_FIELDS.contains(&f)) && self.is(s) {
                    *v = Value::Null;
                    return true;
                }
                let mut changed = false;
                if field.is_some_and(|f| LIST_FIELDS.contains(&f))
                    && let Some(kept) = self.drop_from_list(s)
                {
                    *s = kept;
                    changed = true;
                }
                if self.in_text(s) {
                    *s = self.scrub(s);
                    changed = true;
                }
                changed
            }
            Value::Array(items) => items.iter_mut().fold(false, |c, i| self.scrub_json(i, field) | c),
            Value::Object(map) => map.iter_mut().fold(false, |c, (k, i)| self.scrub_json(i, Some(k)) | c),
            _ => false,
        }
    }
}

/// `s` in Unicode NFC (borrowed when it already is).
fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
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
        assert!(n.in_text("tagged zoë-park"));
        assert_eq!(Name::new("a.b (c)").unwrap().scrub("x a.b (c) y"), "x [forgotten] y");
    }

    #[test]
    fn a_name_is_found_in_any_unicode_form_and_in_json_and_lists() {
        let n = Name::new("José Ng").unwrap();
        assert!(n.is("Jose\u{301} NG"), "NFD stored, NFC typed");
        assert!(n.in_text("met Jose\u{301} Ng"));
        assert!(!n.is("José"), "never a prefix");
        assert_eq!(n.drop_from_list("José Ng, Dana").as_deref(), Some("Dana"));
        assert_eq!(n.drop_from_list("josé ng").as_deref(), Some(FORGOTTEN));
        assert_eq!(n.drop_from_list("José Nguyen, Dana"), None);
        let row = r#"{"who":"José Ng","with_who":"Dana; José Ng","body":"\"José Ng\" said"}"#;
        let clean: serde_json::Value = serde_json::from_str(&n.scrub_value(row).unwrap()).unwrap();
        assert_eq!(
            clean,
            serde_json::json!({"who": null, "with_who": "Dana", "body": "\"[forgotten]\" said"})
        );
        assert!(n.in_value(r#"{"body":"Jos\u00e9 Ng"}"#), "escaped in JSON");
        assert_eq!(n.scrub_value(r#"{"who":"Ann"}"#), None);
    }

    #[test]
    fn another_persons_longer_name_is_never_taken_for_a_prefix() {
        let alice = Name::new("Alice").unwrap().among(["Alice Ng", "alice", "Bob"]);
        assert!(!alice.in_text("Alice Ng called"));
        assert_eq!(alice.scrub("Alice and Alice Ng"), "[forgotten] and Alice Ng");
        assert!(!alice.is("Alice Ng"));
    }
}
