//! Notes: the evidence a PM captures after a conversation.

use serde::Serialize;

/// Where a note came from.
pub const SOURCES: [&str; 7] = ["interview", "sales", "support", "analytics", "survey", "idea", "other"];

/// Check a `--source` value (case-insensitive) and return its canonical spelling.
pub fn parse_source(s: &str) -> Result<&'static str, String> {
    let lower = s.trim().to_lowercase();
    SOURCES
        .iter()
        .find(|x| **x == lower)
        .copied()
        .ok_or_else(|| format!("unknown source '{s}' (one of: {})", SOURCES.join(", ")))
}

/// Tags are compared and stored folded (NFC, lower-case, see [`super::text::fold`]),
/// without a leading '#'.
pub fn normalise_tag(t: &str) -> Option<String> {
    let t = super::text::fold(t.trim().trim_start_matches('#'));
    (!t.is_empty()).then_some(t)
}

/// A note as shown and exported.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Note {
    pub id: String,
    pub uid: String,
    pub body: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub segment: Option<String>,
    pub source: Option<String>,
    pub on: String,
    pub tags: Vec<String>,
    pub stories: Vec<String>,
    pub created: String,
    pub updated: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_checked() {
        assert_eq!(parse_source("Interview"), Ok("interview"));
        assert!(parse_source("podcast").unwrap_err().contains("interview, sales"));
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(normalise_tag(" #Export "), Some("export".into()));
        assert_eq!(normalise_tag("#"), None);
    }
}
