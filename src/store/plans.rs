//! The vision (versioned), pillars, check-ins and decisions.

use crate::domain::ids::RecordKind;
use crate::error::Result;
use rusqlite::{Connection, params};
use serde::Serialize;

/// One version of the vision.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Vision {
    pub uid: String,
    pub text: String,
    pub why: Option<String>,
    pub created: String,
}

pub fn set_vision(conn: &Connection, uid: &str, text: &str, why: Option<&str>, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO visions (uid, text, why, created) VALUES (?1, ?2, ?3, ?4)",
        params![uid, text, why, now],
    )?;
    Ok(())
}

/// Every version, oldest first.
pub fn visions(conn: &Connection) -> Result<Vec<Vision>> {
    let mut stmt = conn.prepare("SELECT uid, text, why, created FROM visions ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Vision {
                uid: r.get("uid")?,
                text: r.get("text")?,
                why: r.get("why")?,
                created: r.get("created")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A pillar with how many live stories point at it.
#[derive(Debug, Clone, Serialize)]
pub struct Pillar {
    pub name: String,
    pub description: Option<String>,
    pub stories: i64,
    /// When it was retired; a retired pillar takes no new work.
    pub retired: Option<String>,
}

pub fn add_pillar(
    conn: &Connection,
    uid: &str,
    name: &str,
    description: Option<&str>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO pillars (uid, name, description, created) VALUES (?1, ?2, ?3, ?4)",
        params![uid, name, description, now],
    )?;
    Ok(())
}

pub fn pillars(conn: &Connection) -> Result<Vec<Pillar>> {
    let mut stmt = conn.prepare(
        "SELECT p.name, p.description,
                (SELECT count(*) FROM stories s WHERE s.pillar_id = p.id AND s.merged_into IS NULL) AS stories,
                p.retired
         FROM pillars p ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Pillar {
                name: r.get("name")?,
                description: r.get("description")?,
                stories: r.get("stories")?,
                retired: r.get("retired")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Remove a pillar; stories and decisions that pointed at it point at none.
pub fn rm_pillar(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("UPDATE stories SET pillar_id = NULL WHERE pillar_id = ?1", [id])?;
    conn.execute("UPDATE decisions SET pillar_id = NULL WHERE pillar_id = ?1", [id])?;
    conn.execute("DELETE FROM pillars WHERE id = ?1", [id])?;
    Ok(())
}

/// A check-in as shown and exported.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Checkin {
    pub id: String,
    pub uid: String,
    pub topic: String,
    pub with: String,
    pub at: String,
    pub stories: Vec<String>,
    pub done: bool,
    pub outcome: Option<String>,
    pub done_at: Option<String>,
    pub created: String,
    pub updated: String,
}

pub fn add_checkin(
    conn: &Connection,
    uid: &str,
    topic: &str,
    with: &str,
    at: &str,
    stories: &[i64],
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO checkins (uid, topic, with_who, at, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![uid, topic, with, at, now],
    )?;
    let id = conn.last_insert_rowid();
    for s in stories {
        conn.execute(
            "INSERT OR IGNORE INTO checkin_stories (checkin_id, story_id) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    Ok(id)
}

pub fn finish_checkin(conn: &Connection, id: i64, outcome: Option<&str>, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE checkins SET done = 1, outcome = ?2, done_at = ?3, updated = ?3 WHERE id = ?1",
        params![id, outcome, now],
    )?;
    Ok(())
}

/// Check-ins matching `filter` ("upcoming": not done, at or after `now`; "past": the rest),
/// soonest first for upcoming, latest first otherwise.
pub fn checkins(conn: &Connection, filter: Option<&str>, now: &str) -> Result<Vec<Checkin>> {
    let (cond, order) = match filter {
        Some("upcoming") => ("c.done = 0 AND c.at >= ?1", "c.at ASC"),
        Some("past") => ("(c.done = 1 OR c.at < ?1)", "c.at DESC"),
        Some("done-since") => ("c.done = 1 AND c.done_at >= ?1", "c.done_at ASC"),
        Some("overdue") => ("c.done = 0 AND c.at < ?1", "c.at ASC"),
        _ => ("?1 IS NOT NULL", "c.at ASC"),
    };
    let sql = format!(
        "SELECT c.id, c.uid, c.topic, c.with_who, c.at, c.done, c.outcome, c.done_at,
                (SELECT group_concat(story_id, ',') FROM (SELECT story_id FROM checkin_stories WHERE checkin_id = c.id ORDER BY story_id)) AS stories,
                c.created, c.updated
         FROM checkins c WHERE {cond} ORDER BY {order}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([now], |r| {
            Ok(Checkin {
                id: RecordKind::Checkin.display(r.get("id")?),
                uid: r.get("uid")?,
                topic: r.get("topic")?,
                with: r.get("with_who")?,
                at: r.get("at")?,
                done: r.get("done")?,
                outcome: r.get("outcome")?,
                done_at: r.get("done_at")?,
                stories: ids(r.get("stories")?, RecordKind::Story),
                created: r.get("created")?,
                updated: r.get("updated")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn ids(joined: Option<String>, kind: RecordKind) -> Vec<String> {
    joined
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).map(|n| kind.display(n)).collect())
        .unwrap_or_default()
}

/// A decision as shown and exported.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Decision {
    pub id: String,
    pub uid: String,
    pub text: String,
    pub why: Option<String>,
    pub pillar: Option<String>,
    pub stories: Vec<String>,
    pub on: String,
    pub created: String,
    pub updated: String,
    /// The vision version (1 = the first statement) in force when it was taken;
    /// `None` when there was no vision yet.
    pub vision_version: Option<i64>,
    /// `current`, `to revisit` (the vision changed since), `confirmed` or `superseded`.
    pub state: String,
    /// The version it was last confirmed under, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed_under: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_why: Option<String>,
    /// The decision it replaced, and the one that replaced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub fn add_decision(
    conn: &Connection,
    uid: &str,
    text: &str,
    why: Option<&str>,
    pillar: Option<i64>,
    stories: &[i64],
    on: &str,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO decisions (uid, text, why, pillar_id, on_date, created, updated, vision_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, (SELECT max(id) FROM visions WHERE created <= ?7))",
        params![uid, text, why, pillar, on, now, super::decisions::moment(on, now)],
    )?;
    let id = conn.last_insert_rowid();
    for s in stories {
        conn.execute(
            "INSERT OR IGNORE INTO decision_stories (decision_id, story_id) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    Ok(id)
}

/// Decisions since `since`: a date (YYYY-MM-DD) compares with the day decided, a
/// timestamp (the last report) with when it was recorded. All when `None`. Newest first.
pub fn decisions(conn: &Connection, since: Option<&str>) -> Result<Vec<Decision>> {
    super::decisions::select(
        conn,
        "?1 IS NULL OR (length(?1) = 10 AND d.on_date >= ?1) OR (length(?1) > 10 AND d.created > ?1)",
        "d.on_date DESC, d.id DESC",
        [since],
    )
}
