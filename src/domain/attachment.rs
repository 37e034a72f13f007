//! Mock-ups and links kept on a story: what kind a file is (by its bytes, not
//! its name), and the limit on what is stored.

use serde::{Deserialize, Serialize};

/// The largest file stored: a notebook is one file that is copied and synced.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// An attachment as `story show`, the JSON and the export give it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attachment {
    /// Its number on the story (1, 2, ...), for `pm story attachment get`.
    pub n: i64,
    pub uid: String,
    /// The file's name as attached, or the URL.
    pub name: String,
    /// png, jpeg, svg, gif, or link.
    pub kind: String,
    /// Bytes (0 for a link).
    pub size: i64,
    pub caption: Option<String>,
    pub url: Option<String>,
    /// The bytes, base64: only in the JSON export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl Attachment {
    /// The MIME type of an image kind.
    pub fn mime(&self) -> Option<&'static str> {
        mime(&self.kind)
    }
}

pub fn mime(kind: &str) -> Option<&'static str> {
    match kind {
        "png" => Some("image/png"),
        "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "svg" => Some("image/svg+xml"),
        _ => None,
    }
}

/// The image kind of `bytes` (PNG, JPEG, GIF or SVG), judged by their content.
pub fn detect(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("jpeg");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("gif");
    }
    // SVG is text: an <svg element near the start, after any XML prolog,
    // doctype or comments.
    let head = &bytes[..bytes.len().min(4096)];
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // A multi-byte character cut at 4096: judge what decodes.
        std::str::from_utf8(&head[..head.len().saturating_sub(3)]).ok()
    })?;
    let t = text.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with('<') && t.contains("<svg")).then_some("svg")
}

/// Whether what was given to `pm story attach` is a link rather than a file.
pub fn is_url(given: &str) -> bool {
    let lower = given.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && given.len() > 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n rest"), Some("png"));
        assert_eq!(detect(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Some("jpeg"));
        assert_eq!(detect(b"GIF89a..."), Some("gif"));
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("svg")
        );
        assert_eq!(detect(b"  <svg></svg>"), Some("svg"));
        assert_eq!(detect(b"%PDF-1.7"), None);
        assert_eq!(detect(b"hello <svg"), None);
        assert_eq!(detect(b""), None);
    }

    #[test]
    fn links_are_http_urls() {
        assert!(is_url("https://figma.com/file/x"));
        assert!(is_url("HTTP://example.com"));
        assert!(!is_url("mockup.png"));
        assert!(!is_url("https://"));
        assert!(!is_url("ftp://x"));
    }
}
