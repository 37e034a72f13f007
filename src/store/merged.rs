//! The rows a merge writes (`pm import`, `pm sync`), one method per table: a
//! record read from a file or another notebook put in as the exchange carries
//! it. The rules that decide which of two copies wins stay in
//! `exchange::merge`; this module only reads and writes rows.

use crate::error::Result;
use crate::exchange::records::{CheckinRec, DecisionRec, StoryRec};
use rusqlite::{Connection, OptionalExtension, params};

/// The tables whose records carry a uid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Notes,
    Stories,
    Checkins,
    Decisions,
    People,
    Orgs,
    Visions,
}

impl Table {
    /// The table's name: a constant, so the SQL built with it is too.
    fn name(self) -> &'static str {
        match self {
            Table::Notes => "notes",
            Table::Stories => "stories",
            Table::Checkins => "checkins",
            Table::Decisions => "decisions",
            Table::People => "people",
            Table::Orgs => "orgs",
            Table::Visions => "visions",
        }
    }
}

/// The row with `uid`: its id and `updated`.
pub fn by_uid(conn: &Connection, t: Table, uid: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(&format!("SELECT id, updated FROM {} WHERE uid = ?1", t.name()))?
        .query_row([uid], |r| Ok((r.get("id")?, r.get("updated")?)))
        .optional()?)
}

/// The `updated` of row `id`.
pub fn updated(conn: &Connection, t: Table, id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached(&format!("SELECT updated FROM {} WHERE id = ?1", t.name()))?
        .query_row([id], |r| r.get("updated"))?)
}

/// The id of the row with `uid`.
pub fn id_of(conn: &Connection, t: Table, uid: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!("SELECT id FROM {} WHERE uid = ?1", t.name()))?
        .query_row([uid], |r| r.get("id"))
        .optional()?)
}

/// The name of the person or org with `uid`.
pub fn name_of(conn: &Connection, t: Table, uid: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(&format!("SELECT name FROM {} WHERE uid = ?1", t.name()))?
        .query_row([uid], |r| r.get("name"))
        .optional()?)
}

/// `id` when this notebook never gave it to any record of `t` (ids are never
/// used twice: a deleted record's history stays its own).
pub fn free_id(conn: &Connection, t: Table, id: Option<i64>) -> Result<Option<i64>> {
    let Some(id) = id else { return Ok(None) };
    let used: i64 = conn
        .prepare_cached("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?1), 0) AS seq")?
        .query_row([t.name()], |r| r.get("seq"))?;
    let taken: bool = conn
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1) AS taken", t.name()))?
        .query_row([id], |r| r.get("taken"))?;
    Ok((!taken && id > used).then_some(id))
}

/// A pillar as it is here: name, description, retired, and its latest change
/// (pillars have no `updated`: the latest of their stamps).
pub struct PillarHere {
    pub name: String,
    pub description: Option<String>,
    pub retired: Option<String>,
    pub latest: String,
}

/// The pillar with `uid`.
pub fn pillar_by_uid(conn: &Connection, uid: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM pillars WHERE uid = ?1")?
        .query_row([uid], |r| r.get("id"))
        .optional()?)
}

/// Pillar `id` if it has `uid`, as it is here.
pub fn pillar_here(conn: &Connection, id: i64, uid: &str) -> Result<Option<PillarHere>> {
    Ok(conn
        .prepare_cached(
            "SELECT name, description, retired,
                    max(created, coalesce(retired, ''),
                        coalesce((SELECT max(at) FROM pillar_events WHERE pillar_id = ?1), '')) AS latest
             FROM pillars WHERE id = ?1 AND uid = ?2",
        )?
        .query_row(params![id, uid], |r| {
            Ok(PillarHere {
                name: r.get("name")?,
                description: r.get("description")?,
                retired: r.get("retired")?,
                latest: r.get("latest")?,
            })
        })
        .optional()?)
}

/// Take another copy's name, description and retirement; its history is put
/// in again by the caller.
pub fn pillar_replace(
    conn: &Connection,
    id: i64,
    name: &str,
    description: Option<&str>,
    retired: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE pillars SET name = ?2, description = ?3, retired = ?4 WHERE id = ?1",
        params![id, name, description, retired],
    )?;
    conn.execute("DELETE FROM pillar_events WHERE pillar_id = ?1", [id])?;
    Ok(())
}

pub fn pillar_insert(
    conn: &Connection,
    uid: &str,
    name: &str,
    description: Option<&str>,
    created: &str,
    retired: Option<&str>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO pillars (uid, name, description, created, retired) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![uid, name, description, created, retired],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn vision_insert(
    conn: &Connection,
    uid: &str,
    text: &str,
    why: Option<&str>,
    created: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO visions (uid, text, why, created) VALUES (?1, ?2, ?3, ?4)",
        params![uid, text, why, created],
    )?;
    Ok(())
}

/// The vision version in force at `moment`.
pub fn vision_at(conn: &Connection, moment: &str) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT max(id) AS id FROM visions WHERE created <= ?1", [moment], |r| r.get("id"))?)
}

/// A note's row as a merge writes it.
pub struct NoteRow<'a> {
    pub uid: &'a str,
    pub body: &'a str,
    pub who: Option<&'a str>,
    pub org: Option<&'a str>,
    pub segment: Option<&'a str>,
    pub source: Option<&'a str>,
    pub on: &'a str,
    pub created: &'a str,
    pub updated: &'a str,
    pub person: Option<i64>,
    pub org_id: Option<i64>,
}

/// Insert a note (as `id` when given); returns its id.
pub fn note_insert(conn: &Connection, id: Option<i64>, n: &NoteRow) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO notes (id, uid, body, who, org, segment, source, on_date, created, updated, person_id, org_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        id, n.uid, n.body, n.who, n.org, n.segment, n.source, n.on, n.created, n.updated, n.person, n.org_id
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Replace note `id`'s fields (not its uid).
pub fn note_update(conn: &Connection, id: i64, n: &NoteRow) -> Result<()> {
    conn.execute(
        "UPDATE notes SET body = ?2, who = ?3, org = ?4, segment = ?5, source = ?6, on_date = ?7,
                created = ?8, updated = ?9, person_id = ?10, org_id = ?11 WHERE id = ?1",
        params![
            id, n.body, n.who, n.org, n.segment, n.source, n.on, n.created, n.updated, n.person, n.org_id
        ],
    )?;
    Ok(())
}

/// Where a record goes: a new row (as the id given, when free), or over an old one.
#[derive(Debug, Clone, Copy)]
pub enum Put {
    New(Option<i64>),
    Over(i64),
}

/// Write a story's own fields (`status` checked, `pillar` found); over an
/// old row, its attachments, links and history are cleared for the caller to
/// put in again. Returns its id.
pub fn story_put(
    conn: &Connection,
    put: Put,
    s: &StoryRec,
    status: &str,
    pillar: Option<i64>,
) -> Result<i64> {
    // A new story and a newer copy of one take the same values, in the same order.
    let (sql, target) = match put {
        Put::Over(id) => (
            "UPDATE stories SET uid = ?1, request = ?2, actor = ?3, \"when\" = ?4, want = ?5,
                 so = ?6, requested_by = ?7, status = ?8, pillar_id = ?9, reach = ?10, impact = ?11,
                 confidence = ?12, effort = ?13, ease = ?14, value = ?15, criticality = ?16, risk = ?17,
                 created = ?18, updated = ?19, title = ?21
             WHERE id = ?20",
            Some(id),
        ),
        Put::New(id) => (
            "INSERT INTO stories (uid, request, actor, \"when\", want, so, requested_by, status,
                 pillar_id, reach, impact, confidence, effort, ease, value, criticality, risk, created, updated, id, title)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
            id,
        ),
    };
    conn.prepare_cached(sql)?.execute(params![
        s.uid,
        s.request,
        s.actor,
        s.when,
        s.want,
        s.so,
        s.requested_by,
        status,
        pillar,
        s.reach,
        s.impact,
        s.confidence,
        s.effort,
        s.ease,
        s.value,
        s.criticality,
        s.risk,
        s.created,
        s.updated,
        target,
        s.title
    ])?;
    Ok(match put {
        Put::New(_) => conn.last_insert_rowid(),
        Put::Over(id) => {
            conn.execute("DELETE FROM attachments WHERE story_id = ?1", [id])?;
            conn.execute("DELETE FROM links WHERE story_id = ?1", [id])?;
            conn.execute("DELETE FROM story_events WHERE story_id = ?1", [id])?;
            id
        }
    })
}

/// A story's place in the plan.
pub fn story_plan(conn: &Connection, id: i64, horizon: Option<&str>, rank: Option<f64>) -> Result<()> {
    conn.execute("UPDATE stories SET horizon = ?2, rank = ?3 WHERE id = ?1", params![id, horizon, rank])?;
    Ok(())
}

/// One status change in a story's history.
pub fn story_event(conn: &Connection, id: i64, status: &str, why: Option<&str>, at: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO story_events (story_id, status, why, at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, status, why, at])?;
    Ok(())
}

pub fn story_merged_into(conn: &Connection, id: i64, target: i64) -> Result<()> {
    conn.execute("UPDATE stories SET merged_into = ?2 WHERE id = ?1", params![id, target])?;
    Ok(())
}

/// Whether an attachment already has `uid`.
pub fn attachment_uid_taken(conn: &Connection, uid: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) > 0 AS taken FROM attachments WHERE uid = ?1", [uid], |r| {
        r.get("taken")
    })?)
}

/// Write a check-in's fields and the stories it is about (replacing those of an old row).
pub fn checkin_put(conn: &Connection, put: Put, c: &CheckinRec, stories: &[i64]) -> Result<()> {
    let id = match put {
        Put::New(id) => {
            conn.execute(
                "INSERT INTO checkins (id, uid, topic, with_who, at, done, outcome, done_at, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![id, c.uid, c.topic, c.with, c.at, c.done, c.outcome, c.done_at, c.created, c.updated],
            )?;
            conn.last_insert_rowid()
        }
        Put::Over(id) => {
            conn.execute(
                "UPDATE checkins SET topic = ?2, with_who = ?3, at = ?4, done = ?5, outcome = ?6, done_at = ?7,
                        created = ?8, updated = ?9 WHERE id = ?1",
                params![id, c.topic, c.with, c.at, c.done, c.outcome, c.done_at, c.created, c.updated],
            )?;
            conn.execute("DELETE FROM checkin_stories WHERE checkin_id = ?1", [id])?;
            id
        }
    };
    for s in stories {
        conn.execute(
            "INSERT OR IGNORE INTO checkin_stories (checkin_id, story_id) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    Ok(())
}

/// A decision's references, found: its pillar, vision, the vision it was
/// confirmed under and the decision it supersedes.
pub struct DecisionRefs {
    pub pillar: Option<i64>,
    pub vision: Option<i64>,
    pub confirmed_under: Option<i64>,
    pub supersedes: Option<i64>,
}

/// Write a decision's fields and the stories it is about (replacing those of an old row).
pub fn decision_put(
    conn: &Connection,
    put: Put,
    d: &DecisionRec,
    refs: &DecisionRefs,
    stories: &[i64],
) -> Result<()> {
    let id = match put {
        Put::New(id) => {
            conn.execute(
                "INSERT INTO decisions (id, uid, text, why, pillar_id, on_date, created, updated,
                                        vision_id, state, confirmed_under, state_why, supersedes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    id,
                    d.uid,
                    d.text,
                    d.why,
                    refs.pillar,
                    d.on,
                    d.created,
                    d.updated,
                    refs.vision,
                    d.state,
                    refs.confirmed_under,
                    d.state_why,
                    refs.supersedes
                ],
            )?;
            conn.last_insert_rowid()
        }
        Put::Over(id) => {
            conn.execute(
                "UPDATE decisions SET text = ?2, why = ?3, pillar_id = ?4, on_date = ?5, created = ?6, updated = ?7,
                        vision_id = ?8, state = ?9, confirmed_under = ?10, state_why = ?11, supersedes = ?12
                 WHERE id = ?1",
                params![
                    id,
                    d.text,
                    d.why,
                    refs.pillar,
                    d.on,
                    d.created,
                    d.updated,
                    refs.vision,
                    d.state,
                    refs.confirmed_under,
                    d.state_why,
                    refs.supersedes
                ],
            )?;
            conn.execute("DELETE FROM decision_stories WHERE decision_id = ?1", [id])?;
            id
        }
    };
    for s in stories {
        conn.execute(
            "INSERT OR IGNORE INTO decision_stories (decision_id, story_id) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    Ok(())
}
