//! Full-text search over notes, stories, check-ins and decisions (FTS5, bm25).

use crate::domain::ids::RecordKind;
use crate::error::{Error, Result};
use rusqlite::Connection;

/// Where a match starts and ends in a snippet. Private-use characters, so they
/// cannot collide with anything a PM types, and are swapped for the output's own
/// highlighting (bold, `**`) after the text is made safe to print.
pub const MARK_START: char = '\u{e000}';
pub const MARK_END: char = '\u{e001}';

/// One search hit.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: RecordKind,
    pub id: i64,
    /// The matching text around the match, the matched words between the marks.
    pub snippet: String,
    /// bm25: lower is a better match.
    pub bm25: f64,
}

/// The full-text index of each kind.
fn index(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Note => "notes_fts",
        RecordKind::Story => "stories_fts",
        RecordKind::Checkin => "checkins_fts",
        RecordKind::Decision => "decisions_fts",
    }
}

/// The best `limit` hits for `query` across `kinds`, best first. Where FTS5
/// cannot read the query (`e-mail`, an unclosed quote, a column filter another
/// kind lacks) it is retried there as plain words.
pub fn search(conn: &Connection, query: &str, kinds: &[RecordKind], limit: usize) -> Result<Vec<Hit>> {
    let plain = plain_words(query);
    if plain.is_empty() {
        return Err(Error::user(format!("search: nothing to search for in '{}'", query.trim())));
    }
    // A story's clauses were indexed as situation, motivation and outcome until
    // schema 14: a column filter naming them still works.
    let story_query = story_columns(query);
    // (hit, the query that found it: the user's, or its plain words)
    let mut hits = Vec::new();
    for &kind in kinds {
        let query = if kind == RecordKind::Story { story_query.as_str() } else { query };
        match run(conn, query, kind, limit) {
            Ok(found) => hits.extend(found.into_iter().map(|h| (h, query))),
            Err(e) if is_syntax_error(&e) => {
                hits.extend(run(conn, &plain, kind, limit)?.into_iter().map(|h| (h, plain.as_str())))
            }
            Err(e) => return Err(e.into()),
        }
    }
    hits.sort_by(|a, b| a.0.bm25.total_cmp(&b.0.bm25));
    hits.truncate(limit);
    // Snippets only for the hits shown, each in time linear in its record's size.
    hits.into_iter()
        .map(|(mut h, q)| {
            h.snippet =
                super::snippet::snippet(conn, h.kind, index(h.kind), h.id, q, (MARK_START, MARK_END))?;
            Ok(h)
        })
        .collect()
}

fn run(conn: &Connection, query: &str, kind: RecordKind, limit: usize) -> rusqlite::Result<Vec<Hit>> {
    let table = index(kind);
    // `ORDER BY rank LIMIT` lets FTS5 keep only the best rows (bm25 is linear in
    // a record's matches; FTS5's snippet() is not, so snippets are made apart).
    // A merged story lives on only as its survivor's evidence: never a hit.
    let live = if kind == RecordKind::Story {
        " AND rowid NOT IN (SELECT id FROM stories WHERE merged_into IS NOT NULL)"
    } else {
        ""
    };
    let sql = format!(
        "SELECT rowid AS id, rank AS bm25
         FROM {table} WHERE {table} MATCH ?1{live} ORDER BY rank LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map((query, limit as i64), |r| {
        Ok(Hit { kind, id: r.get("id")?, snippet: String::new(), bm25: r.get("bm25")? })
    })?;
    rows.collect()
}

/// Who a hit is from and when, as shown beside it: a note's person and the day of
/// the conversation, a story's requester and creation day, a check-in's people
/// and time, a decision's day.
pub fn who_and_when(
    conn: &Connection,
    kind: RecordKind,
    id: i64,
) -> Result<(Option<String>, Option<String>)> {
    let sql = match kind {
        RecordKind::Note => "SELECT who, on_date AS at FROM notes WHERE id = ?1",
        RecordKind::Story => {
            "SELECT requested_by AS who, substr(created, 1, 10) AS at FROM stories WHERE id = ?1"
        }
        RecordKind::Checkin => {
            "SELECT with_who AS who, replace(substr(at, 1, 16), 'T', ' ') AS at FROM checkins WHERE id = ?1"
        }
        RecordKind::Decision => "SELECT NULL AS who, on_date AS at FROM decisions WHERE id = ?1",
    };
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| Ok((r.get("who")?, r.get("at")?)))
        .optional()?
        .unwrap_or((None, None)))
}

fn is_syntax_error(e: &rusqlite::Error) -> bool {
    let text = e.to_string();
    text.contains("fts5:") || text.contains("unterminated string") || text.contains("no such column")
}

/// `query` with the story index's old column names, where a column filter names
/// them (`situation: month`, `{motivation outcome}: export`), as it names them
/// now: `when`, `want`, `so`. Words elsewhere, and quoted strings, stay as typed.
fn story_columns(query: &str) -> String {
    // An FTS5 bareword: letters, digits, `_`, and any non-ASCII character.
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii();
    let chars: Vec<char> = query.chars().collect();
    let mut out = String::with_capacity(query.len());
    let mut in_braces = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            // A string runs to the next quote not doubled ("" is a quote inside).
            out.push(c);
            i += 1;
            while i < chars.len() {
                out.push(chars[i]);
                i += 1;
                if chars[i - 1] == '"' {
                    if chars.get(i) == Some(&'"') {
                        out.push('"');
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
        } else if bare(c) {
            let start = i;
            while i < chars.len() && bare(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let filters = in_braces || chars[i..].iter().find(|c| !c.is_whitespace()) == Some(&':');
            let renamed = match word.to_lowercase().as_str() {
                "situation" => "when",
                "motivation" => "want",
                "outcome" => "so",
                _ => word.as_str(),
            };
            out.push_str(if filters { renamed } else { &word });
        } else {
            match c {
                '{' => in_braces = true,
                '}' => in_braces = false,
                _ => {}
            }
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The words of `query` as quoted FTS5 strings, so no character is read as syntax.
/// A trailing `*` on a word keeps its prefix meaning.
pub fn plain_words(query: &str) -> String {
    query
        .split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter_map(|w| {
            let prefix = w.ends_with('*');
            let word: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            (!word.is_empty()).then(|| if prefix { format!("\"{word}\"*") } else { format!("\"{word}\"") })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_story_column_filters_name_the_columns_now() {
        assert_eq!(story_columns("situation: month"), "when: month");
        assert_eq!(story_columns("Motivation:export OR outcome : finance"), "want:export OR so : finance");
        assert_eq!(story_columns("-{situation request}: close"), "-{when request}: close");
        // Not a column filter: a word, a phrase, a quoted name.
        assert_eq!(story_columns("outcome situation"), "outcome situation");
        assert_eq!(
            story_columns("\"the outcome: \"\"x\"\"\" situation"),
            "\"the outcome: \"\"x\"\"\" situation"
        );
        assert_eq!(story_columns("when: month café"), "when: month café");
        assert_eq!(story_columns("\"unclosed outcome:"), "\"unclosed outcome:");
    }

    #[test]
    fn plain_words_quote_every_word_and_keep_prefixes() {
        assert_eq!(plain_words("e-mail \"export"), "\"e\" \"mail\" \"export\"");
        assert_eq!(plain_words("onboard* (AND"), "\"onboard\"* \"AND\"");
        assert_eq!(plain_words("café's"), "\"café\" \"s\"");
        assert_eq!(plain_words("*** ()"), "");
    }
}
