//! Likely duplicates: stories whose words match, through the FTS5 index.

use crate::error::Result;
use rusqlite::{Connection, params};

/// A likely duplicate: the story, its bm25 rank (lower is closer), and the share
/// of the query's words it contains.
#[derive(Debug, Clone)]
pub struct Similar {
    pub id: i64,
    pub rank: f64,
    pub overlap: f64,
    pub shared: usize,
}

/// Stories whose words match `text`, best first, found with the FTS5 index and ranked by bm25.
pub fn similar(conn: &Connection, text: &str, exclude: Option<i64>, limit: usize) -> Result<Vec<Similar>> {
    let words = key_words(text);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let query = words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR ");
    let mut stmt = conn.prepare_cached(
        "SELECT s.id AS id, bm25(stories_fts) AS bm25, s.request AS request, coalesce(s.\"when\", '') AS \"when\",
                coalesce(s.want, '') AS want, coalesce(s.so, '') AS so
         FROM stories_fts JOIN stories s ON s.id = stories_fts.rowid
         WHERE stories_fts MATCH ?1 AND s.merged_into IS NULL AND s.id IS NOT ?2
         ORDER BY bm25(stories_fts) LIMIT ?3",
    )?;
    // bm25 favours short stories that share one rare word; the overlap shown
    // beside each is what a person reads as "similar". Take a wider pool by bm25,
    // then order it by overlap, bm25 breaking ties, so the list reads best first.
    let pool = limit.saturating_mul(4).saturating_add(20);
    let rows = stmt.query_map(params![query, exclude, pool as i64], |r| {
        let text: String =
            [r.get::<_, String>("request")?, r.get("when")?, r.get("want")?, r.get("so")?].join(" ");
        Ok((r.get::<_, i64>("id")?, r.get::<_, f64>("bm25")?, text))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, rank, other) = row?;
        let theirs = key_words(&other);
        let shared = words.iter().filter(|w| theirs.contains(*w)).count();
        out.push(Similar { id, rank, overlap: shared as f64 / words.len() as f64, shared });
    }
    out.sort_by(|a, b| b.overlap.total_cmp(&a.overlap).then(a.rank.total_cmp(&b.rank)));
    out.truncate(limit);
    Ok(out)
}

/// Whether a match is close enough to warn about at once.
pub fn looks_like(s: &Similar, query_words: usize) -> bool {
    s.overlap >= 0.5 && s.shared >= query_words.min(2)
}

const STOP: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "want", "when", "can", "able", "would", "like", "need",
    "use", "add", "please", "have", "our", "your", "from", "into", "are", "was", "were", "been", "not",
    "all", "any", "get", "make", "they", "them", "their", "its", "you", "who", "what", "could", "should",
    "will", "every", "time", "after", "then", "than", "there", "also", "some", "more", "less", "very",
    "just", "nice", "it's", "i'm",
];

/// The distinct content words of `text`, lower-case, plural 's' dropped, in order.
pub fn key_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_lowercase();
        if w.chars().count() < 3 || STOP.contains(&w.as_str()) {
            continue;
        }
        let w = if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            w[..w.len() - 1].to_string()
        } else {
            w
        };
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}
