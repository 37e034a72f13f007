//! The customers' own words under a story: quotes stored on its links, else
//! the sentence of a linked note that shares most words with the story.

use super::model::Quote;
use crate::domain::ids::RecordKind;
use crate::error::Result;
use crate::store::{Conn, stories};

/// At most this many quotes under a story.
const QUOTES: usize = 2;

/// A story's strongest quotes: the quotes stored on its links first, then from
/// its most important notes the sentence that shares most words with the story.
/// Reads at most a dozen links, most important first.
pub(super) fn quotes(conn: &Conn, story: i64, story_text: &str) -> Result<Vec<Quote>> {
    let words = stories::key_words(story_text);
    let mut given = Vec::new();
    let mut found: Vec<(usize, usize, Quote)> = Vec::new();
    for (order, s) in crate::store::report::quotes::sources(conn, story)?.into_iter().enumerate() {
        let make = |text: String| Quote {
            text,
            note: RecordKind::Note.display(s.note_id),
            who: s.who.clone(),
            org: s.org.clone(),
            on: s.on.clone(),
        };
        match s.quote.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            Some(q) => given.push(make(q.to_string())),
            None => {
                let (best, overlap) = best_sentence(&s.body, &words);
                if !best.is_empty() {
                    found.push((overlap, order, make(best)));
                }
            }
        }
    }
    // Notes come most important first; among the first few, the best match wins.
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(given.into_iter().chain(found.into_iter().map(|f| f.2)).take(QUOTES).collect())
}

/// The sentence of `body` sharing most of `words`, and how many it shares.
fn best_sentence(body: &str, words: &[String]) -> (String, usize) {
    let mut best = (String::new(), 0);
    for sentence in sentences(body) {
        let theirs = stories::key_words(&sentence);
        let shared = words.iter().filter(|w| theirs.contains(w)).count();
        if best.0.is_empty() || shared > best.1 {
            best = (sentence, shared);
        }
    }
    best
}

/// The sentences of a note, each on one line.
fn sentences(body: &str) -> Vec<String> {
    let flat = crate::domain::text::one_line(body);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = flat.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        // A full stop ends a sentence before a space (not inside "v1.2"); "。" always does.
        if (matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| *n == ' '))
            || matches!(c, '。' | '！' | '？')
        {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_their_ends_only() {
        assert_eq!(
            sentences("Exports take an hour. We gave up!\nv1.2 is fine? yes"),
            ["Exports take an hour.", "We gave up!", "v1.2 is fine?", "yes"]
        );
        assert_eq!(sentences("夏は暑い。計算機が必要です。"), ["夏は暑い。", "計算機が必要です。"]);
    }

    #[test]
    fn the_sentence_closest_to_the_story_is_chosen() {
        let words = stories::key_words("CSV export of notes");
        let (s, n) = best_sentence("We love the app. The CSV export takes an hour. Thanks.", &words);
        assert_eq!(s, "The CSV export takes an hour.");
        assert_eq!(n, 2);
    }
}
