//! The snippet shown beside a search hit, in time linear in the record's size.
//!
//! FTS5's `snippet()` scores every window around every match against every
//! other match: quadratic in how often the words occur in one column (a 2 MB
//! note of repeated words took 44 s). A record whose columns are all short
//! still gets FTS5's own snippet; for a long one the text is read a window at a
//! time (SQLite's incremental blob reads: the whole column is never in memory),
//! the windows go into a small in-memory index built like the record's, and the
//! first window that matches the query gives the snippet. The query is FTS5's
//! own, so stems, prefixes, phrases and column filters match as they do in the
//! search itself.

use crate::domain::ids::RecordKind;
use rusqlite::{Connection, MAIN_DB, OptionalExtension};

/// A column up to this many bytes is snippeted by FTS5 over the whole column
/// (about 1,500 words: FTS5's quadratic cost stays under a few milliseconds).
const WHOLE: i64 = 8 * 1024;
/// The bytes of a long column read per window; a window ends between words.
const WINDOW: usize = 2048;
/// Each window repeats the last words of the one before, so a phrase that
/// straddles two windows is still found whole in one of them.
const OVERLAP: usize = 256;

/// The table whose text a kind's index holds, and its indexed columns in the
/// index's order (as the index names them: `when` is quoted in SQL).
fn content(kind: RecordKind) -> (&'static str, &'static [&'static str]) {
    match kind {
        RecordKind::Note => ("notes", &["body", "who", "org"]),
        RecordKind::Story => ("stories", &["request", "when", "want", "so"]),
        RecordKind::Checkin => ("checkins", &["topic", "with_who", "outcome"]),
        RecordKind::Decision => ("decisions", &["text", "why"]),
    }
}

/// The snippet of record `id` of `kind` for `query` (which matched it), the
/// matched words between `start` and `end`, `…` where text is left out.
pub fn snippet(
    conn: &Connection,
    kind: RecordKind,
    index: &str,
    id: i64,
    query: &str,
    marks: (char, char),
) -> rusqlite::Result<String> {
    let (table, columns) = content(kind);
    let (start, end) = marks;
    // `octet_length` reads the size from the record header, not the text.
    let sizes_sql = format!(
        "SELECT {} FROM {table} WHERE id = ?1",
        columns
            .iter()
            .map(|c| format!("coalesce(octet_length(\"{c}\"), 0) AS \"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let sizes: Option<Vec<i64>> = conn
        .prepare_cached(&sizes_sql)?
        .query_row([id], |r| columns.iter().map(|c| r.get(*c)).collect())
        .optional()?;
    let Some(sizes) = sizes else { return Ok(String::new()) };
    if sizes.iter().all(|&s| s <= WHOLE) {
        let sql = format!(
            "SELECT snippet({index}, -1, '{start}', '{end}', '…', 16) FROM {index} WHERE {index} MATCH ?1 AND rowid = ?2"
        );
        return Ok(conn
            .prepare_cached(&sql)?
            .query_row((query, id), |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten()
            .unwrap_or_default());
    }
    // The scratch index exists before any blob is open: SQLite refuses to change
    // a schema while a statement (an open blob is one) reads.
    create_scratch(conn, columns)?;
    let long = Long::read(conn, table, columns, &sizes, id)?;
    if let Some(found) = long.first_match(conn, columns, query, marks)? {
        return Ok(found);
    }
    // The query's words are far apart (`a AND b` a megabyte apart, a long NEAR):
    // no window holds them all, so show the first window holding any of them.
    let any = super::search::plain_words(query).split(' ').collect::<Vec<_>>().join(" OR ");
    if !any.is_empty()
        && let Some(found) = long.first_match(conn, columns, &any, marks)?
    {
        return Ok(found);
    }
    Ok(long.opening())
}

/// A record with at least one column too long for FTS5's snippet.
struct Long<'c> {
    /// Per column: its whole text (short columns), or an open blob (long ones).
    columns: Vec<Column<'c>>,
}

enum Column<'c> {
    Short(Option<String>),
    Long(rusqlite::blob::Blob<'c>),
}

/// One window's text per column, and whether a long column's window starts
/// after (or ends before) text that is left out.
struct Row {
    texts: Vec<Option<String>>,
    cut: Vec<(bool, bool)>,
}

impl<'c> Long<'c> {
    fn read(
        conn: &'c Connection,
        table: &str,
        columns: &[&str],
        sizes: &[i64],
        id: i64,
    ) -> rusqlite::Result<Self> {
        let mut out = Vec::new();
        for (c, &size) in columns.iter().zip(sizes) {
            if size > WHOLE {
                out.push(Column::Long(conn.blob_open(MAIN_DB, table, *c, id, true)?));
            } else {
                let text: Option<String> = conn
                    .prepare_cached(&format!("SELECT \"{c}\" FROM {table} WHERE id = ?1"))?
                    .query_row([id], |r| r.get(0))?;
                out.push(Column::Short(text));
            }
        }
        Ok(Long { columns: out })
    }

    /// The snippet of the first window (in reading order) that `query` matches.
    /// The windows go into the index in growing batches: a match near the start
    /// of a long note costs a few windows, one at its end a pass over the note.
    fn first_match(
        &self,
        conn: &Connection,
        columns: &[&str],
        query: &str,
        (start, end): (char, char),
    ) -> rusqlite::Result<Option<String>> {
        let (text_table, index) = scratch(kind_name(columns));
        let list = quoted(columns);
        let marks = vec!["?"; columns.len()].join(", ");
        let mut at: Vec<usize> = vec![0; self.columns.len()];
        let mut batch = 4;
        loop {
            let mut rows = Vec::new();
            while rows.len() < batch {
                let Some(row) = self.window(&mut at)? else { break };
                rows.push(row);
            }
            if rows.is_empty() {
                return Ok(None);
            }
            for sql in [
                format!("INSERT INTO temp.{text_table} (rowid, {list}) VALUES (?1, {marks})"),
                format!("INSERT INTO temp.{index} (rowid, {list}) VALUES (?1, {marks})"),
            ] {
                let mut insert = conn.prepare_cached(&sql)?;
                for (i, row) in rows.iter().enumerate() {
                    insert.raw_bind_parameter(1, i as i64)?;
                    for (c, t) in row.texts.iter().enumerate() {
                        insert.raw_bind_parameter(c + 2, t.as_deref())?;
                    }
                    insert.raw_execute()?;
                }
            }
            let found: Option<(i64, String)> = conn
                .prepare_cached(&format!(
                    "SELECT rowid AS pos, snippet({index}, -1, '{start}', '{end}', '…', 16) AS snippet FROM temp.{index}
                     WHERE {index} MATCH ?1 ORDER BY rowid LIMIT 1"
                ))?
                .query_row([query], |r| Ok((r.get("pos")?, r.get("snippet")?)))
                .optional()?;
            clear(conn, columns)?;
            if let Some((i, text)) = found {
                return Ok(Some(with_ellipses(&rows[i as usize], text, (start, end))));
            }
            batch = (batch * 4).min(512);
        }
    }

    /// The next window of every long column (`at`: where each is up to), with
    /// the short columns whole; `None` once every long column is read.
    fn window(&self, at: &mut [usize]) -> rusqlite::Result<Option<Row>> {
        let mut texts = Vec::new();
        let mut cut = Vec::new();
        let mut any = false;
        for (c, column) in self.columns.iter().enumerate() {
            match column {
                Column::Short(t) => {
                    texts.push(t.clone());
                    cut.push((false, false));
                }
                Column::Long(blob) => {
                    let from = at[c];
                    if from >= blob.len() {
                        texts.push(None);
                        cut.push((false, false));
                        continue;
                    }
                    any = true;
                    let (text, next) = read_window(blob, from)?;
                    cut.push((from > 0, next < blob.len()));
                    at[c] = next;
                    texts.push(Some(text));
                }
            }
        }
        Ok(any.then_some(Row { texts, cut }))
    }

    /// The start of the first long column, when no window matches.
    fn opening(&self) -> String {
        for column in &self.columns {
            if let Column::Long(blob) = column
                && let Ok((text, _)) = read_window(blob, 0)
            {
                let words: Vec<&str> = text.split_whitespace().take(16).collect();
                return format!("{}…", words.join(" "));
            }
        }
        String::new()
    }
}

/// The window of `blob` from byte `from` (the start of a word or of the text):
/// up to [`WINDOW`] bytes ending between words (or, in text without spaces,
/// between characters), and where the next window starts ([`OVERLAP`] bytes of
/// whole words before this one's end).
fn read_window(blob: &rusqlite::blob::Blob<'_>, from: usize) -> rusqlite::Result<(String, usize)> {
    let len = blob.len();
    let mut buf = vec![0u8; WINDOW.min(len - from)];
    blob.read_at_exact(&mut buf, from)?;
    if from + buf.len() >= len {
        return Ok((String::from_utf8_lossy(&buf).into_owned(), len));
    }
    let end = match buf.iter().rposition(|b| b.is_ascii_whitespace()) {
        Some(space) if space > OVERLAP => space,
        // One long run of text without spaces (CJK, a URL): cut between characters.
        _ => match (1..buf.len()).rev().find(|&i| buf[i] & 0xC0 != 0x80) {
            Some(first_byte) => first_byte,
            None => buf.len(),
        },
    };
    // The next window starts at the first word that begins in the last OVERLAP bytes.
    let lap = end.saturating_sub(OVERLAP);
    let next = buf[lap..end]
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .map(|p| lap + p + 1)
        .filter(|&n| n < end)
        .unwrap_or(end);
    Ok((String::from_utf8_lossy(&buf[..end]).into_owned(), from + next.max(1)))
}

/// `…` before and after a long column's snippet where its window starts after
/// (or ends before) text that is left out and FTS5, seeing only the window, did
/// not say so.
fn with_ellipses(row: &Row, mut text: String, (start, end): (char, char)) -> String {
    let plain: String = text.chars().filter(|&c| c != start && c != end).collect();
    let core = plain.trim_start_matches('…').trim_end_matches('…');
    let holds = |t: &Option<String>| t.as_deref().is_some_and(|t| t.contains(core));
    // From a column shown whole: nothing to add.
    if row.texts.iter().zip(&row.cut).any(|(t, cut)| *cut == (false, false) && holds(t)) {
        return text;
    }
    let from = row.texts.iter().zip(&row.cut).find(|(t, _)| holds(t));
    if let Some((_, &(before, after))) = from {
        if before && !text.starts_with('…') {
            text.insert(0, '…');
        }
        if after && !text.ends_with('…') {
            text.push('…');
        }
    }
    text
}

/// Column names as SQL identifiers, comma-separated (a story's `when` is a keyword).
fn quoted(columns: &[&str]) -> String {
    columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
}

/// The scratch tables' names for a kind's columns: the text, and its index.
fn scratch(kind: &str) -> (String, String) {
    (format!("pm_snippet_{kind}_text"), format!("pm_snippet_{kind}"))
}

/// A name for a column set (the first column's: each kind's is different).
fn kind_name<'a>(columns: &[&'a str]) -> &'a str {
    columns[0]
}

/// The in-memory index the windows go into, tokenized like every index of the
/// notebook, reading its text from a plain table so it can be emptied at once.
fn create_scratch(conn: &Connection, columns: &[&str]) -> rusqlite::Result<()> {
    let (text, index) = scratch(kind_name(columns));
    let list = quoted(columns);
    conn.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS temp.{text} ({list});
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.{index} USING fts5 ({list}, content = '{text}',
             tokenize = 'porter unicode61 remove_diacritics 2');"
    ))?;
    clear(conn, columns)
}

fn clear(conn: &Connection, columns: &[&str]) -> rusqlite::Result<()> {
    let (text, index) = scratch(kind_name(columns));
    conn.execute_batch(&format!(
        "DELETE FROM temp.{text}; INSERT INTO temp.{index} ({index}) VALUES ('delete-all');"
    ))
}
