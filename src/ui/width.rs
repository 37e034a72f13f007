//! Text measured in terminal cells (CJK and most emoji take two) and wrapped to a width.

use unicode_width::UnicodeWidthChar;

/// How many terminal cells `s` takes.
pub fn cells(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Wrap `s` into lines of at most `width` cells: at spaces where it can, inside a
/// word only when the word alone is wider than the line. Never returns no line.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let w = cells(word);
        if used > 0 && used + 1 + w <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w <= width {
            line.push_str(word);
            used = w;
            continue;
        }
        // A word wider than the line: cut it by cells, never inside a character.
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wrap a paragraph with a first-line prefix and an indent for the lines after
/// it ("- " and "  " for a list item).
pub fn wrap_prefixed(s: &str, width: usize, first: &str, rest: &str) -> String {
    let room = width.saturating_sub(cells(first).max(cells(rest))).max(10);
    wrap(s, room)
        .into_iter()
        .enumerate()
        .map(|(i, l)| format!("{}{l}", if i == 0 { first } else { rest }))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `s` followed by spaces up to `width` cells.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    out.push_str(&" ".repeat(width.saturating_sub(cells(s))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_cells() {
        assert_eq!(cells("abc"), 3);
        assert_eq!(cells("日本"), 4);
        assert_eq!(cells("😀"), 2);
    }

    #[test]
    fn wrapping_keeps_words_and_fits() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("日本語の文", 4), ["日本", "語の", "文"]);
        assert_eq!(wrap("", 5), [""]);
        for l in wrap("😀😀😀 a 日本語 supercalifragilistic", 5) {
            assert!(cells(&l) <= 5, "{l}");
        }
    }

    #[test]
    fn list_items_hang() {
        assert_eq!(wrap_prefixed("one two three four", 14, "- ", "  "), "- one two\n  three four");
    }
}
