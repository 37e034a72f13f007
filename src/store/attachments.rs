//! Mock-ups and links on stories. Bytes are kept base64 (see migration 0008).

use crate::domain::attachment::Attachment;
use crate::error::Result;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rusqlite::{Connection, params};

/// What to store: a file's bytes or a URL.
pub enum Content<'a> {
    File { kind: &'a str, bytes: &'a [u8] },
    Link(&'a str),
}

/// Attach to story `story`; returns the attachment's number on the story.
pub fn add(
    conn: &Connection,
    story: i64,
    uid: &str,
    name: &str,
    content: Content,
    caption: Option<&str>,
    now: &str,
) -> Result<i64> {
    let (kind, size, url, data) = match content {
        Content::File { kind, bytes } => (kind, bytes.len() as i64, None, Some(STANDARD.encode(bytes))),
        Content::Link(url) => ("link", 0, Some(url), None),
    };
    conn.execute(
        "INSERT INTO attachments (uid, story_id, name, kind, size, caption, url, data, added)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![uid, story, name, kind, size, caption, url, data, now],
    )?;
    Ok(conn.query_row("SELECT count(*) FROM attachments WHERE story_id = ?1", [story], |r| r.get(0))?)
}

/// The attachments of a story, numbered 1, 2, ... in the order they were added.
pub fn list(conn: &Connection, story: i64) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, name, kind, size, caption, url FROM attachments WHERE story_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([story], |r| {
            Ok((
                r.get("uid")?,
                r.get("name")?,
                r.get("kind")?,
                r.get("size")?,
                r.get("caption")?,
                r.get("url")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, String, i64, Option<String>, Option<String>)>>>()?;
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, (uid, name, kind, size, caption, url))| Attachment {
            n: i as i64 + 1,
            uid,
            name,
            kind,
            size,
            caption,
            url,
            data: None,
        })
        .collect())
}

/// The bytes of attachment `uid` (None for a link).
pub fn bytes(conn: &Connection, uid: &str) -> Result<Option<Vec<u8>>> {
    let data: Option<String> =
        conn.query_row("SELECT data FROM attachments WHERE uid = ?1", [uid], |r| r.get(0))?;
    match data {
        None => Ok(None),
        Some(d) => Ok(Some(
            STANDARD
                .decode(d.as_bytes())
                .map_err(|e| crate::error::Error::data(format!("attachment {uid} is damaged ({e})")))?,
        )),
    }
}

/// Base64 of bytes, as the JSON export carries them.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Bytes of base64 text, or why not.
pub fn decode(text: &str) -> std::result::Result<Vec<u8>, String> {
    STANDARD.decode(text.trim().as_bytes()).map_err(|e| e.to_string())
}
