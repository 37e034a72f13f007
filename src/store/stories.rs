//! Stories: their rows and the links of evidence behind them. What the links
//! add up to is counted in `tally`, scores are kept in `rescore`, and likely
//! duplicates are found in `similar`; their functions are re-exported here so
//! callers keep one path (`stories::refresh_stats`).

mod rescore;
mod similar;
mod tally;

pub use rescore::{rescore, rescore_if_settings_changed, rescore_touched};
pub use similar::{Similar, key_words, looks_like, similar};
pub use tally::{Linked, Tally, contributors, refresh_stats, write_tallies};

use crate::domain::horizon::Horizon;
use crate::domain::ids::RecordKind;
use crate::domain::jobstory::Clauses;
use crate::domain::score::{Evidence, Inputs};
use crate::domain::story::{Status, StoryRow};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;

/// Link a note to a story as evidence (linking again sets the new importance),
/// and recount the story's evidence in the same call, so no caller can forget:
/// the transaction rescores it at commit (see `Store::write`).
pub fn link(conn: &Connection, story: i64, note: i64, importance: u8, now: &str) -> Result<()> {
    link_in_bulk(conn, story, note, importance, now)?;
    refresh_stats(conn, &[story])
}

/// [`link`] without the recount, for the bulk load (`exchange::merge`), which
/// links thousands of notes and recounts every story it touched once at the end.
pub(crate) fn link_in_bulk(
    conn: &Connection,
    story: i64,
    note: i64,
    importance: u8,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO links (story_id, note_id, importance, created) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (story_id, note_id) DO UPDATE SET importance = excluded.importance
         WHERE importance != excluded.importance",
    )?
    .execute(params![story, note, importance, now])?;
    Ok(())
}

/// Keep the customer's words that make a link's case (the report quotes them first).
pub fn set_quote(conn: &Connection, story: i64, note: i64, quote: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE links SET quote = ?3 WHERE story_id = ?1 AND note_id = ?2 AND quote IS NOT ?3",
    )?
    .execute(params![story, note, quote])?;
    Ok(())
}

/// Remove a link and recount the story; returns whether there was one.
pub fn unlink(conn: &Connection, story: i64, note: i64) -> Result<bool> {
    let removed = conn
        .prepare_cached("DELETE FROM links WHERE story_id = ?1 AND note_id = ?2")?
        .execute(params![story, note])?
        > 0;
    if removed {
        refresh_stats(conn, &[story])?;
    }
    Ok(removed)
}

/// Mark a story changed now (an attachment added to it).
pub fn touch(conn: &Connection, story: i64, now: &str) -> Result<()> {
    conn.prepare_cached("UPDATE stories SET updated = ?2 WHERE id = ?1")?.execute(params![story, now])?;
    Ok(())
}

/// The date the pillar a story serves was retired, if it was.
pub fn pillar_retired(conn: &Connection, story: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.retired AS retired FROM stories s JOIN pillars p ON p.id = s.pillar_id WHERE s.id = ?1",
        )?
        .query_row([story], |r| r.get::<_, Option<String>>("retired"))
        .optional()?
        .flatten())
}

/// The words fields of a story as the user gives them.
#[derive(Debug, Clone, Default)]
pub struct StoryFields {
    pub request: String,
    pub clauses: Clauses,
    pub requested_by: Option<String>,
    pub pillar_id: Option<i64>,
    /// The title the PM gave (`None`: drafted from the words when shown).
    pub title: Option<String>,
}

const SELECT: &str =
    "SELECT s.id, s.uid, s.request, s.actor, s.\"when\", s.want, s.so, s.requested_by,
        s.status, p.name AS pillar, s.reach, s.impact, s.confidence, s.effort, s.ease, s.value, s.criticality, s.risk,
        s.evidence_count, s.people, s.orgs, s.sources, s.importance, s.merged_into, s.created, s.updated,
        s.title, s.horizon, s.rank, s.demand, s.arr, s.arr_demand, s.seats, s.unseated
     FROM stories s LEFT JOIN pillars p ON p.id = s.pillar_id";

/// A story from a row of [`SELECT`], each column read by its name.
fn from_row(r: &Row) -> rusqlite::Result<StoryRow> {
    Ok(StoryRow {
        id: r.get("id")?,
        uid: r.get("uid")?,
        request: r.get("request")?,
        clauses: Clauses {
            actor: r.get("actor")?,
            when: r.get("when")?,
            want: r.get("want")?,
            so: r.get("so")?,
        },
        requested_by: r.get("requested_by")?,
        status: r.get("status")?,
        pillar: r.get("pillar")?,
        inputs: Inputs {
            reach: r.get("reach")?,
            impact: r.get("impact")?,
            confidence: r.get("confidence")?,
            effort: r.get("effort")?,
            ease: r.get("ease")?,
            value: r.get("value")?,
            criticality: r.get("criticality")?,
            risk: r.get("risk")?,
        },
        evidence: Evidence {
            notes: r.get("evidence_count")?,
            people: r.get("people")?,
            orgs: r.get("orgs")?,
            sources: r.get("sources")?,
            importance: r.get("importance")?,
            demand: r.get("demand")?,
            arr: r.get("arr")?,
            arr_demand: r.get("arr_demand")?,
            seats: r.get("seats")?,
            unseated: r.get("unseated")?,
        },
        merged_into: r.get("merged_into")?,
        created: r.get("created")?,
        updated: r.get("updated")?,
        title: r.get("title")?,
        horizon: r.get("horizon")?,
        rank: r.get("rank")?,
    })
}

/// Store a new story (status `idea`); returns its row id.
pub fn insert(conn: &Connection, uid: &str, f: &StoryFields, inputs: &Inputs, now: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO stories (uid, request, actor, \"when\", want, so, requested_by, pillar_id,
                              reach, impact, confidence, effort, ease, value, criticality, risk, created, updated, title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18)",
    )?
    .execute(params![
        uid,
        f.request,
        f.clauses.actor,
        f.clauses.when,
        f.clauses.want,
        f.clauses.so,
        f.requested_by,
        f.pillar_id,
        inputs.reach,
        inputs.impact,
        inputs.confidence,
        inputs.effort,
        inputs.ease,
        inputs.value,
        inputs.criticality,
        inputs.risk,
        now,
        f.title
    ])?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO story_events (story_id, status, why, at) VALUES (?1, 'idea', NULL, ?2)",
        params![id, now],
    )?;
    Ok(id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<StoryRow>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE s.id = ?1"))?.query_row([id], from_row).optional()?)
}

/// Filters of `pm story list`.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    pub status: Option<Status>,
    pub pillar_id: Option<i64>,
    /// Also stories merged into another (for export).
    pub merged: bool,
    /// Only stories on the roadmap at this horizon (shipped and dropped have left it).
    pub horizon: Option<Horizon>,
}

/// Stories (not merged into another, unless asked), oldest first.
pub fn list(conn: &Connection, f: &StoryFilter) -> Result<Vec<StoryRow>> {
    let mut rows = Vec::new();
    each(conn, f, |r| {
        rows.push(r);
        Ok(())
    })?;
    Ok(rows)
}

/// Every story `f` selects, in id order, handed to `visit` one at a time as
/// SQLite reads it (an export of 100,000 stories holds one).
pub fn each(conn: &Connection, f: &StoryFilter, mut visit: impl FnMut(StoryRow) -> Result<()>) -> Result<()> {
    let sql = format!(
        "{SELECT} WHERE (?3 OR s.merged_into IS NULL) AND (?1 IS NULL OR s.status = ?1) AND (?2 IS NULL OR s.pillar_id = ?2)
           AND (?4 IS NULL OR (s.horizon = ?4 AND s.status NOT IN ('shipped', 'dropped')))
         ORDER BY s.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![f.status, f.pillar_id, f.merged, f.horizon])?;
    while let Some(r) = rows.next()? {
        visit(from_row(r)?)?;
    }
    Ok(())
}

/// The `limit` best-scored live stories still to do (not shipped or dropped),
/// best first, through the score index.
pub fn top(conn: &Connection, limit: usize) -> Result<Vec<StoryRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE s.merged_into IS NULL AND s.score IS NOT NULL AND s.status NOT IN ('shipped', 'dropped')
         ORDER BY s.score DESC, s.id LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit as i64], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Stories by row id (those that exist), in id order.
pub fn many(conn: &Connection, ids: &[i64]) -> Result<Vec<StoryRow>> {
    let mut stmt = conn
        .prepare_cached(&format!("{SELECT} WHERE s.id IN (SELECT value FROM json_each(?1)) ORDER BY s.id"))?;
    let rows = stmt.query_map([serde_json::to_string(ids)?], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A story's pillar (row id) and stored score.
pub type PillarScore = (Option<i64>, Option<f64>);

/// The pillar (row id) and stored score of each of `ids`.
pub fn pillars_and_scores(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, PillarScore>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, pillar_id, score FROM stories WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt
        .query_map([serde_json::to_string(ids)?], |r| {
            Ok((r.get("id")?, (r.get("pillar_id")?, r.get("score")?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The first `limit` live stories with no score yet, oldest first, and how many there are.
pub fn unscored(conn: &Connection, limit: usize) -> Result<(Vec<StoryRow>, i64)> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE s.merged_into IS NULL AND s.score IS NULL AND s.status NOT IN ('shipped', 'dropped')
         ORDER BY s.id LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit as i64], from_row)?.collect::<rusqlite::Result<_>>()?;
    let total = conn.query_row(
        "SELECT count(*) FROM stories WHERE merged_into IS NULL AND score IS NULL AND status NOT IN ('shipped', 'dropped')",
        [],
        |r| r.get(0),
    )?;
    Ok((rows, total))
}

/// Rewrite a story's words, requester and pillar.
pub fn update(conn: &Connection, id: i64, f: &StoryFields, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE stories SET request = ?2, actor = ?3, \"when\" = ?4, want = ?5, so = ?6,
                requested_by = ?7, pillar_id = ?8, updated = ?9, title = ?10 WHERE id = ?1",
        params![
            id,
            f.request,
            f.clauses.actor,
            f.clauses.when,
            f.clauses.want,
            f.clauses.so,
            f.requested_by,
            f.pillar_id,
            now,
            f.title
        ],
    )?;
    Ok(())
}

/// Set the numbers a PM gives a story (`None` leaves a number to be derived).
pub fn set_inputs(conn: &Connection, id: i64, i: &Inputs, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE stories SET reach = ?2, impact = ?3, confidence = ?4, effort = ?5, ease = ?6, value = ?7,
                criticality = ?8, risk = ?9, updated = ?10 WHERE id = ?1",
        params![id, i.reach, i.impact, i.confidence, i.effort, i.ease, i.value, i.criticality, i.risk, now],
    )?;
    Ok(())
}

/// Move a story to `status`, recording when and why.
pub fn set_status(conn: &Connection, id: i64, status: Status, why: Option<&str>, now: &str) -> Result<()> {
    conn.execute("UPDATE stories SET status = ?2, updated = ?3 WHERE id = ?1", params![id, status, now])?;
    conn.execute(
        "INSERT INTO story_events (story_id, status, why, at) VALUES (?1, ?2, ?3, ?4)",
        params![id, status, why, now],
    )?;
    Ok(())
}

/// A story's status history: (status, why, at), oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<(Status, Option<String>, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT status, why, at FROM story_events WHERE story_id = ?1 ORDER BY id")?;
    let rows = stmt
        .query_map([id], |r| Ok((r.get("status")?, r.get("why")?, r.get("at")?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A note linked to a story, as shown under it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkedNote {
    pub id: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub source: Option<String>,
    pub on: String,
    pub importance: u8,
    pub body: String,
}

/// The notes backing a story, most important then most recent first.
pub fn evidence(conn: &Connection, id: i64) -> Result<Vec<LinkedNote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id AS id, n.who AS who, n.org AS org, n.source AS source, n.on_date AS on_date,
                l.importance AS importance, n.body AS body
         FROM links l JOIN notes n ON n.id = l.note_id WHERE l.story_id = ?1
         ORDER BY l.importance DESC, n.on_date DESC, n.id DESC",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(LinkedNote {
                id: RecordKind::Note.display(r.get("id")?),
                who: r.get("who")?,
                org: r.get("org")?,
                source: r.get("source")?,
                on: r.get("on_date")?,
                importance: r.get("importance")?,
                body: r.get("body")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The ids of the notes linked to a story, in id order.
pub fn note_ids(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT note_id FROM links WHERE story_id = ?1 ORDER BY note_id")?;
    let rows = stmt
        .query_map([id], |r| r.get::<_, i64>(0))?
        .map(|n| n.map(|n| RecordKind::Note.display(n)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Stories merged into this one: (id, original request).
pub fn merged_from(conn: &Connection, id: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, request FROM stories WHERE merged_into = ?1 ORDER BY id")?;
    let rows =
        stmt.query_map([id], |r| Ok((r.get("id")?, r.get("request")?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Fold `dup` into `into`: its evidence moves (a note linked to both keeps its
/// higher importance), and it stays, marked merged, so its request is never lost.
pub fn merge(conn: &Connection, dup: i64, into: i64, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO links (story_id, note_id, importance, created)
         SELECT ?2, note_id, importance, created FROM links WHERE story_id = ?1 AND true
         ON CONFLICT (story_id, note_id) DO UPDATE SET importance = max(importance, excluded.importance)",
        params![dup, into],
    )?;
    conn.execute("DELETE FROM links WHERE story_id = ?1", [dup])?;
    conn.execute("UPDATE stories SET merged_into = ?2, updated = ?3 WHERE id = ?1", params![dup, into, now])?;
    // Stories merged earlier into the duplicate now point at the kept one.
    conn.execute(
        "UPDATE stories SET merged_into = ?2, updated = ?3 WHERE merged_into = ?1",
        params![dup, into, now],
    )?;
    conn.execute("UPDATE stories SET updated = ?2 WHERE id = ?1", params![into, now])?;
    refresh_stats(conn, &[dup, into])?;
    Ok(())
}

/// Delete a story; its links go with it.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("UPDATE stories SET merged_into = NULL WHERE merged_into = ?1", [id])?;
    conn.execute("DELETE FROM stories WHERE id = ?1", [id])?;
    Ok(())
}

/// Place a story on the roadmap at `horizon` (None: take it off) with `rank`
/// (None: ordered by score within the horizon).
pub fn set_horizon(
    conn: &Connection,
    id: i64,
    horizon: Option<Horizon>,
    rank: Option<f64>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE stories SET horizon = ?2, rank = ?3, updated = ?4 WHERE id = ?1",
        params![id, horizon, rank, now],
    )?;
    Ok(())
}

/// Set only the rank of a story (placing others with `--before`).
pub fn set_rank(conn: &Connection, id: i64, rank: Option<f64>) -> Result<()> {
    conn.execute("UPDATE stories SET rank = ?2 WHERE id = ?1", params![id, rank])?;
    Ok(())
}

/// The live stories on the roadmap at `horizon` (all horizons when None), with
/// their stored score, in roadmap order: the PM's order first, then best score.
pub fn on_horizon(conn: &Connection, horizon: Option<Horizon>) -> Result<Vec<StoryRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE s.merged_into IS NULL AND s.horizon IS NOT NULL AND (?1 IS NULL OR s.horizon = ?1)
           AND s.status NOT IN ('shipped', 'dropped')
         ORDER BY s.rank IS NULL, s.rank, s.score IS NULL, s.score DESC, s.id"
    ))?;
    let rows = stmt.query_map([horizon], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
