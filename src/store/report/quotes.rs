//! The notes that make a story's case, and where its evidence comes from.

use crate::error::Result;
use crate::store::Conn;

/// A linked note a quote may come from (with the quote stored on the link, if any).
#[derive(Debug, Clone)]
pub struct QuoteSource {
    pub quote: Option<String>,
    pub note_id: i64,
    pub body: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub on: String,
}

/// At most this many linked notes are read for a story's quotes.
pub const SOURCES: i64 = 12;

/// A story's links that may give a quote: those with a quote stored first, then
/// the most important notes, newest first. Reads at most [`SOURCES`] links (the
/// links' primary key starts with the story).
pub fn sources(conn: &Conn, story: i64) -> Result<Vec<QuoteSource>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.quote AS quote, n.id AS note_id, n.body AS body, n.who AS who, n.org AS org, n.on_date AS on_date
         FROM links l JOIN notes n ON n.id = l.note_id
         WHERE l.story_id = ?1 AND l.importance > 0
         ORDER BY l.quote IS NULL, l.importance DESC, n.on_date DESC, n.id DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![story, SOURCES], |r| {
            Ok(QuoteSource {
                quote: r.get("quote")?,
                note_id: r.get("note_id")?,
                body: r.get("body")?,
                who: r.get("who")?,
                org: r.get("org")?,
                on: r.get("on_date")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many of a story's linked notes come from each segment (a note's own,
/// else its org's, else its person's org's), most notes first.
pub fn segments(conn: &Conn, story: i64) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(n.segment, (SELECT o.segment FROM orgs o WHERE o.id = coalesce(n.org_id,
                    (SELECT p.org_id FROM people p WHERE p.id = n.person_id))), '(none)') AS segment,
                count(*) AS notes
         FROM links l JOIN notes n ON n.id = l.note_id
         WHERE l.story_id = ?1 GROUP BY 1 ORDER BY 2 DESC, 1",
    )?;
    let rows = stmt
        .query_map([story], |r| Ok((r.get("segment")?, r.get("notes")?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
