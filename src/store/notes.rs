//! Notes, their tags, and the note side of evidence links.

use super::stories::refresh_stats;
use crate::domain::ids::RecordKind;
use crate::domain::note::Note;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};

/// The fields of a note as the user gives them.
#[derive(Debug, Clone, Default)]
pub struct NoteFields {
    pub body: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub segment: Option<String>,
    pub source: Option<String>,
    /// YYYY-MM-DD
    pub on: String,
    pub tags: Vec<String>,
}

/// Filters of `pm note list`; every one is optional.
#[derive(Debug, Clone, Default)]
pub struct NoteFilter {
    pub since: Option<String>,
    pub until: Option<String>,
    pub tag: Option<String>,
    pub who: Option<String>,
    pub org: Option<String>,
    pub segment: Option<String>,
    pub source: Option<String>,
    pub story: Option<i64>,
    pub limit: Option<usize>,
}

const SELECT: &str = "SELECT n.id, n.uid, n.body, n.who, n.org, n.segment, n.source, n.on_date, n.created, n.updated,
        (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM note_tags WHERE note_id = n.id ORDER BY tag)) AS tags,
        (SELECT group_concat(story_id, ',') FROM (SELECT story_id FROM links WHERE note_id = n.id ORDER BY story_id))
            AS stories
     FROM notes n";

fn from_row(r: &Row) -> rusqlite::Result<Note> {
    let tags: Option<String> = r.get("tags")?;
    let stories: Option<String> = r.get("stories")?;
    Ok(Note {
        id: RecordKind::Note.display(r.get("id")?),
        uid: r.get("uid")?,
        body: r.get("body")?,
        who: r.get("who")?,
        org: r.get("org")?,
        segment: r.get("segment")?,
        source: r.get("source")?,
        on: r.get("on_date")?,
        created: r.get("created")?,
        updated: r.get("updated")?,
        tags: tags.map(|t| t.split('\u{1f}').map(String::from).collect()).unwrap_or_default(),
        stories: stories
            .map(|s| {
                s.split(',').filter_map(|x| x.parse().ok()).map(|n| RecordKind::Story.display(n)).collect()
            })
            .unwrap_or_default(),
    })
}

/// Store a new note; returns its row id.
pub fn insert(conn: &Connection, uid: &str, f: &NoteFields, now: &str) -> Result<i64> {
    let (mut who, mut org) = (f.who.clone(), f.org.clone());
    let (person, org_id) = super::people::resolve_note(conn, &mut who, &mut org, now)?;
    let segment = first_spelling(conn, "segment", f.segment.as_deref())?;
    conn.prepare_cached(
        "INSERT INTO notes (uid, body, who, org, segment, source, on_date, created, updated, person_id, org_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
    )?
    .execute(params![uid, f.body, who, org, segment, f.source, f.on, now, person, org_id])?;
    let id = conn.last_insert_rowid();
    set_tags(conn, id, &f.tags)?;
    Ok(id)
}

/// Replace a note's tags.
pub fn set_tags(conn: &Connection, id: i64, tags: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM note_tags WHERE note_id = ?1")?.execute([id])?;
    add_tags(conn, id, tags)
}

/// Add tags to a note (a new one has none to replace). A tag spelled like one
/// already used but for case takes the first spelling.
pub fn add_tags(conn: &Connection, id: i64, tags: &[String]) -> Result<()> {
    let mut add = conn.prepare_cached("INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?1, ?2)")?;
    for t in tags {
        let t = first_spelling(conn, "tag", Some(t))?;
        add.execute(params![id, t])?;
    }
    Ok(())
}

/// The spelling already stored of a segment or tag equal to `value` up to
/// (ASCII) case, else `value`: "Enterprise" and "enterprise" are one segment.
/// An indexed lookup (`COLLATE NOCASE` indexes), so imports stay fast.
pub fn first_spelling(conn: &Connection, what: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = value else { return Ok(None) };
    let sql = match what {
        "segment" => return segment_spelling(conn, v, None).map(Some),
        _ => "SELECT tag FROM note_tags WHERE tag = ?1 COLLATE NOCASE LIMIT 1",
    };
    let stored: Option<String> = conn.prepare_cached(sql)?.query_row([v], |r| r.get("tag")).optional()?;
    Ok(Some(stored.unwrap_or_else(|| v.to_string())))
}

/// A segment as first spelled on a note, else on an org other than `except`
/// (the one being edited may change its own case), else `value`: a note's
/// segment is its own or its org's, and the report counts them as one.
pub fn segment_spelling(conn: &Connection, value: &str, except: Option<i64>) -> Result<String> {
    let on_note: Option<String> = conn
        .prepare_cached("SELECT segment FROM notes WHERE segment = ?1 COLLATE NOCASE ORDER BY id LIMIT 1")?
        .query_row([value], |r| r.get("segment"))
        .optional()?;
    if let Some(s) = on_note {
        return Ok(s);
    }
    let on_org: Option<String> = conn
        .prepare_cached(
            "SELECT segment FROM orgs WHERE segment = ?1 COLLATE NOCASE AND id IS NOT ?2 ORDER BY id LIMIT 1",
        )?
        .query_row(params![value, except], |r| r.get("segment"))
        .optional()?;
    Ok(on_org.unwrap_or_else(|| value.to_string()))
}

/// Rewrite a note's fields (tags included) and refresh the stories it backs,
/// since who, org and source feed their evidence numbers.
pub fn update(conn: &Connection, id: i64, f: &NoteFields, now: &str) -> Result<()> {
    let (mut who, mut org) = (f.who.clone(), f.org.clone());
    let (person, org_id) = super::people::resolve_note(conn, &mut who, &mut org, now)?;
    let segment = first_spelling(conn, "segment", f.segment.as_deref())?;
    conn.execute(
        "UPDATE notes SET body = ?2, who = ?3, org = ?4, segment = ?5, source = ?6, on_date = ?7, updated = ?8,
            person_id = ?9, org_id = ?10
         WHERE id = ?1",
        params![id, f.body, who, org, segment, f.source, f.on, now, person, org_id],
    )?;
    set_tags(conn, id, &f.tags)?;
    refresh_stats(conn, &stories_of(conn, id)?)?;
    Ok(())
}

/// Delete a note and its links; the stories it backed are recounted.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let stories = stories_of(conn, id)?;
    conn.execute("DELETE FROM notes WHERE id = ?1", [id])?;
    refresh_stats(conn, &stories)?;
    Ok(())
}

/// The stories a note is linked to.
pub fn stories_of(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT story_id FROM links WHERE note_id = ?1")?;
    let ids = stmt.query_map([id], |r| r.get("story_id"))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Note>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE n.id = ?1"))?.query_row([id], from_row).optional()?)
}

/// The fields of a stored note, for editing.
pub fn fields(conn: &Connection, id: i64) -> Result<Option<NoteFields>> {
    Ok(get(conn, id)?.map(|n| NoteFields {
        body: n.body,
        who: n.who,
        org: n.org,
        segment: n.segment,
        source: n.source.map(|s| s.to_string()),
        on: n.on,
        tags: n.tags,
    }))
}

/// Notes matching `f`, most recent conversation first.
pub fn list(conn: &Connection, f: &NoteFilter) -> Result<Vec<Note>> {
    let mut notes = Vec::new();
    each(conn, f, "n.on_date DESC, n.id DESC", |n| {
        notes.push(n);
        Ok(())
    })?;
    Ok(notes)
}

/// Every note `f` selects, in `order` (SQL over `n`), handed to `visit` one at a
/// time as SQLite reads it: a listing of a million notes never holds them all.
pub fn each(
    conn: &Connection,
    f: &NoteFilter,
    order: &str,
    mut visit: impl FnMut(Note) -> Result<()>,
) -> Result<()> {
    let mut sql = format!("{SELECT} WHERE 1 = 1");
    // Names and tags are compared folded (NFC, case-folded: `domain::text::fold`).
    // The few distinct stored values are folded here, then matched through the
    // column's index, rather than folding the column of every row in SQL.
    let spellings = |column: &str, table: &str, wanted: &Option<String>| -> Result<Option<String>> {
        let Some(wanted) = wanted.as_deref().map(crate::domain::text::fold) else { return Ok(None) };
        let mut stmt = conn
            .prepare_cached(&format!("SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"))?;
        let all =
            stmt.query_map([], |r| r.get::<_, String>(column))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let same: Vec<String> = all.into_iter().filter(|v| crate::domain::text::fold(v) == wanted).collect();
        Ok(Some(serde_json::to_string(&same)?))
    };
    let tag = spellings("tag", "note_tags", &f.tag)?;
    let who = spellings("who", "notes", &f.who)?;
    let org = spellings("org", "notes", &f.org)?;
    let segment = spellings("segment", "notes", &f.segment)?;
    let conditions: [(&str, Option<&dyn ToSql>); 8] = [
        ("n.on_date >= ?", f.since.as_ref().map(|v| v as &dyn ToSql)),
        ("n.on_date <= ?", f.until.as_ref().map(|v| v as &dyn ToSql)),
        (
            "n.id IN (SELECT note_id FROM note_tags WHERE tag IN (SELECT value FROM json_each(?)))",
            tag.as_ref().map(|v| v as &dyn ToSql),
        ),
        ("n.who COLLATE NOCASE IN (SELECT value FROM json_each(?))", who.as_ref().map(|v| v as &dyn ToSql)),
        ("n.org COLLATE NOCASE IN (SELECT value FROM json_each(?))", org.as_ref().map(|v| v as &dyn ToSql)),
        ("n.segment IN (SELECT value FROM json_each(?))", segment.as_ref().map(|v| v as &dyn ToSql)),
        ("n.source = ?", f.source.as_ref().map(|v| v as &dyn ToSql)),
        ("n.id IN (SELECT note_id FROM links WHERE story_id = ?)", f.story.as_ref().map(|v| v as &dyn ToSql)),
    ];
    let mut args: Vec<&dyn ToSql> = Vec::new();
    for (condition, value) in conditions {
        if let Some(v) = value {
            args.push(v);
            sql.push_str(&format!(" AND {}", condition.replace('?', &format!("?{}", args.len()))));
        }
    }
    sql.push_str(&format!(" ORDER BY {order}"));
    if let Some(limit) = f.limit {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(args.as_slice())?;
    while let Some(row) = rows.next()? {
        visit(from_row(row)?)?;
    }
    Ok(())
}

/// What the report's evidence summary counts over the notes of a period.
#[derive(Debug, Default)]
pub struct Tally {
    pub notes: i64,
    pub by_source: std::collections::BTreeMap<String, i64>,
    pub by_segment: std::collections::BTreeMap<String, i64>,
    /// Notes per person as typed (blank names left out), in byte order.
    pub by_who: std::collections::BTreeMap<String, i64>,
    /// The ten most used tags, most used first.
    pub top_tags: Vec<(String, i64)>,
}

/// The notes since `since`: a date compares with the day of the conversation; a
/// timestamp (a meeting) with when the note was typed. One pass over the notes
/// (it was one per count, five over a period holding the whole notebook); a
/// period holding every note reads the totals kept on write instead.
pub fn tally(conn: &Connection, since: &str) -> Result<Tally> {
    // A period holding every note (the first report after an import, a report
    // since long ago) reads the kept totals instead of every note.
    if super::totals::holds_every_note(conn, since)? {
        return super::totals::every_note(conn);
    }
    let cond = "((length(?1) = 10 AND on_date >= ?1) OR (length(?1) > 10 AND created > ?1))";
    let mut t = Tally::default();
    let mut source: std::collections::HashMap<String, i64> = Default::default();
    let mut segment: std::collections::HashMap<String, i64> = Default::default();
    let mut stmt = conn.prepare_cached(&format!(
        // A note's segment is its own, else its org's (its person's org's).
        "SELECT coalesce(source, '(none)') AS source,
                coalesce(segment, (SELECT o.segment FROM orgs o WHERE o.id = coalesce(org_id,
                    (SELECT p.org_id FROM people p WHERE p.id = person_id))), '(none)') AS segment,
                who
         FROM notes WHERE {cond}"
    ))?;
    let mut rows = stmt.query([since])?;
    while let Some(r) = rows.next()? {
        t.notes += 1;
        *source.entry(r.get("source")?).or_default() += 1;
        *segment.entry(r.get("segment")?).or_default() += 1;
        // SQLite's trim(): spaces only.
        if let Some(who) = r.get_ref("who")?.as_str_or_null().map_err(rusqlite::Error::from)?
            && !who.trim_matches(' ').is_empty()
        {
            match t.by_who.get_mut(who) {
                Some(n) => *n += 1,
                None => {
                    t.by_who.insert(who.to_string(), 1);
                }
            }
        }
    }
    t.by_source = source.into_iter().collect();
    t.by_segment = segment.into_iter().collect();
    // Some note is outside the period (else the totals answered): count its tags
    // through the notes in it.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.tag AS tag, count(*) AS uses FROM note_tags t JOIN notes n ON n.id = t.note_id
         WHERE n.id IN (SELECT id FROM notes WHERE {cond})
         GROUP BY t.tag ORDER BY 2 DESC, 1 LIMIT 10"
    ))?;
    let params: &[&dyn ToSql] = &[&since];
    t.top_tags =
        stmt.query_map(params, |r| Ok((r.get("tag")?, r.get("uses")?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(t)
}
