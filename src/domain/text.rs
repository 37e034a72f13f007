//! Making stored text safe to print on a terminal or in Markdown.

/// Replace control characters, escape sequences and bidi overrides with visible
/// escapes (`\u{1b}`), so a note can never move the cursor, recolour the
/// terminal or reorder what is shown. Newlines and tabs are kept when `multiline`.
pub fn printable(s: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if multiline => out.push('\n'),
            '\t' => out.push_str(if multiline { "\t" } else { " " }),
            '\n' | '\r' if !multiline => out.push(' '),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// One line of `s` for a table cell: control characters escaped, whitespace runs folded.
pub fn one_line(s: &str) -> String {
    let flat = printable(s, false);
    flat.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The one form in which names and tags are compared: Unicode NFC, case-folded,
/// runs of whitespace folded to one space. "José" typed precomposed and "Jose\u{301}"
/// stored decomposed, or "ALICE  ng" and "alice ng", give the same key.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if s.is_ascii() {
        // Plain ASCII (most names) needs no normalisation: the fast path for big imports.
        let t = s.trim();
        if !t.contains("  ") && !t.contains(|c: char| c.is_ascii_whitespace() && c != ' ') {
            return t.to_ascii_lowercase();
        }
        return t.split_ascii_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    // Lower-casing can decompose (e.g. "İ"), so normalise again after it.
    words.join(" ").nfc().collect::<String>().to_lowercase().nfc().collect()
}

/// `n` and the word in agreement with it: "1 note", "2 notes", "1 person",
/// "3 people", "2 stories", "0 check-ins". `word` is the singular, optionally
/// after other words ("distinct person").
pub fn plural(n: impl Into<i64>, word: &str) -> String {
    let n: i64 = n.into();
    if n == 1 {
        return format!("1 {word}");
    }
    let many = if let Some(stem) = word.strip_suffix("person") {
        format!("{stem}people")
    } else if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        format!("{stem}ies")
    } else if word.ends_with('s') || word.ends_with("sh") || word.ends_with("ch") || word.ends_with('x') {
        format!("{word}es")
    } else {
        format!("{word}s")
    };
    format!("{n} {many}")
}

/// [`plural`] for a count held in a `usize`.
pub fn count(n: usize, word: &str) -> String {
    plural(i64::try_from(n).unwrap_or(i64::MAX), word)
}

/// Shorten to at most `max` characters, ending in "…" when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Escape a Markdown table cell: safe characters, no `|` to break the columns,
/// and inert (see [`md_inert`]).
pub fn md_cell(s: &str) -> String {
    md_inert(&one_line(s).replace('\\', "\\\\").replace('|', "\\|"))
}

/// Stored text of several lines for Markdown: safe characters, and inert.
pub fn md_text(s: &str) -> String {
    md_inert(&printable(s, true))
}

/// Text that a Markdown renderer shows as text: raw HTML (`<script>`, `<img
/// onerror>`, autolinks) becomes entities, and no link or link definition can
/// form (`](` and `]:` escaped), so no `javascript:` link either. Every Markdown
/// writer goes through here (by [`md_cell`] or [`md_text`]).
pub fn md_inert(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("](", "\\](")
        .replace("]:", "\\]:")
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_reach_the_terminal() {
        let evil = "red \u{1b}[31mALERT\u{1b}[0m \u{7}bell \u{202e}olleh \u{9b}csi";
        let out = printable(evil, true);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("\\u{1b}[31m"));
        assert!(out.contains("\\u{202e}"));
        assert!(out.contains("\\u{9b}"));
    }

    #[test]
    fn one_line_folds_newlines() {
        assert_eq!(one_line("a\n\n b\r\nc\td"), "a b c d");
    }

    #[test]
    fn unicode_text_is_kept() {
        assert_eq!(printable("café 😀 日本", false), "café 😀 日本");
    }

    #[test]
    fn shorten_counts_characters() {
        assert_eq!(shorten("ééééé", 5), "ééééé");
        assert_eq!(shorten("ééééé", 4), "ééé…");
    }

    #[test]
    fn names_fold_to_one_form_whatever_their_normalisation_and_case() {
        assert_eq!(fold("Jose\u{301}  NG"), fold("José ng"));
        assert_eq!(fold(" ZOË\tPark "), "zoë park");
        assert_ne!(fold("Ann"), fold("Anne"));
    }

    #[test]
    fn markdown_12_raw_html_and_script_links_are_inert() {
        let evil = "<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) [r]: javascript:x";
        for out in [md_cell(evil), md_text(evil)] {
            let unescaped = out.replace("\\]", "");
            assert!(!out.contains('<') && !unescaped.contains("](") && !unescaped.contains("]:"), "{out}");
            assert!(out.contains("&lt;script&gt;"), "{out}");
        }
        assert_eq!(md_cell("R&D"), "R&amp;D");
    }

    #[test]
    fn counts_24_agree_in_number() {
        assert_eq!(plural(1, "note"), "1 note");
        assert_eq!(plural(2, "note"), "2 notes");
        assert_eq!(plural(0, "story"), "0 stories");
        assert_eq!(plural(1, "person"), "1 person");
        assert_eq!(plural(3, "distinct person"), "3 distinct people");
        assert_eq!(plural(2, "day"), "2 days");
        assert_eq!(plural(2, "check-in"), "2 check-ins");
        assert_eq!(count(2, "match"), "2 matches");
    }

    #[test]
    fn md_cells_cannot_split_columns() {
        assert_eq!(md_cell("a|b"), "a\\|b");
    }
}
