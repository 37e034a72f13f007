//! Notes: the evidence a PM captures after a conversation.

use super::word_enum::word_enum;
use serde::Serialize;

word_enum! {
    /// Where a note came from.
    Source {
        Interview = "interview",
        Sales = "sales",
        Support = "support",
        Analytics = "analytics",
        Survey = "survey",
        Idea = "idea",
        Other = "other",
    }
}

impl std::str::FromStr for Source {
    type Err = String;
    /// A source in any case, or why not.
    fn from_str(s: &str) -> Result<Source, String> {
        Source::from_word(s)
            .ok_or_else(|| format!("unknown source '{s}' (one of: {})", Source::NAMES.join(", ")))
    }
}

/// Check a `--source` value (case-insensitive) and return its canonical spelling
/// (for callers that still keep the word; new code parses a [`Source`]).
pub fn parse_source(s: &str) -> Result<&'static str, String> {
    s.parse::<Source>().map(Source::as_str)
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
    pub source: Option<Source>,
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
        assert_eq!("Interview".parse(), Ok(Source::Interview));
        assert_eq!(parse_source("SALES"), Ok("sales"));
        assert_eq!(
            "podcast".parse::<Source>().unwrap_err(),
            "unknown source 'podcast' (one of: interview, sales, support, analytics, survey, idea, other)"
        );
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(normalise_tag(" #Export "), Some("export".into()));
        assert_eq!(normalise_tag("#"), None);
    }
}
