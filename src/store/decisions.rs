//! Decisions and the vision they were taken under: reading them with their
//! state, confirming and superseding them.

use super::plans::Decision;
use crate::domain::ids::RecordKind;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Params, params};

/// The moment whose vision a decision decided `on` (a day) and recorded at
/// `now` was taken under: when it was recorded, if that is the same day or
/// earlier, else the end of its day (a decision entered after the fact).
pub fn moment(on: &str, now: &str) -> String {
    if now.get(..10).is_some_and(|day| day <= on) { now.to_string() } else { format!("{on}T23:59:59Z") }
}

/// A decision is stale when the vision moved on since it was taken (or last
/// confirmed); a decision from before any vision is stale once there is one.
const STALE: &str = "(d.state != 'superseded' AND coalesce(d.confirmed_under, d.vision_id, 0) < coalesce((SELECT max(id) FROM visions), 0))";

/// Decisions matching the SQL condition `cond` (over `d`), in `order`.
pub(crate) fn select(conn: &Connection, cond: &str, order: &str, args: impl Params) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT d.id AS id, d.uid AS uid, d.text AS text, d.why AS why, p.name AS pillar, d.on_date AS on_date,
                (SELECT group_concat(story_id, ',') FROM (SELECT story_id FROM decision_stories WHERE decision_id = d.id ORDER BY story_id)) AS stories,
                d.created AS created, d.updated AS updated,
                CASE WHEN d.vision_id IS NULL THEN NULL ELSE (SELECT count(*) FROM visions v WHERE v.id <= d.vision_id) END AS vision_version,
                d.state AS state,
                CASE WHEN d.confirmed_under IS NULL THEN NULL ELSE (SELECT count(*) FROM visions v WHERE v.id <= d.confirmed_under) END AS confirmed_version,
                d.state_why AS state_why, d.supersedes AS supersedes,
                (SELECT min(n.id) FROM decisions n WHERE n.supersedes = d.id) AS superseded_by,
                {STALE} AS stale
         FROM decisions d LEFT JOIN pillars p ON p.id = d.pillar_id
         WHERE {cond}
         ORDER BY {order}"
    ))?;
    let decision = |n: Option<i64>| n.map(|n| RecordKind::Decision.display(n));
    let rows = stmt
        .query_map(args, |r| {
            let stored: String = r.get("state")?;
            let stale: bool = r.get("stale")?;
            Ok(Decision {
                id: RecordKind::Decision.display(r.get("id")?),
                uid: r.get("uid")?,
                text: r.get("text")?,
                why: r.get("why")?,
                pillar: r.get("pillar")?,
                on: r.get("on_date")?,
                stories: r
                    .get::<_, Option<String>>("stories")?
                    .map(|s| {
                        s.split(',')
                            .filter_map(|x| x.parse().ok())
                            .map(|n| RecordKind::Story.display(n))
                            .collect()
                    })
                    .unwrap_or_default(),
                created: r.get("created")?,
                updated: r.get("updated")?,
                vision_version: r.get("vision_version")?,
                state: if stale { "to revisit".to_string() } else { stored },
                confirmed_under: r.get("confirmed_version")?,
                state_why: r.get("state_why")?,
                supersedes: decision(r.get("supersedes")?),
                superseded_by: decision(r.get("superseded_by")?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One decision, by row id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Decision>> {
    Ok(select(conn, "d.id = ?1", "d.id", [id])?.pop())
}

/// Decisions taken under an earlier vision and neither confirmed since nor
/// superseded, oldest first.
pub fn to_revisit(conn: &Connection) -> Result<Vec<Decision>> {
    select(conn, STALE, "d.on_date, d.id", [])
}

/// Decisions whose pillar is `pillar` (a row id), newest first.
pub fn of_pillar(conn: &Connection, pillar: i64) -> Result<Vec<Decision>> {
    select(conn, "d.pillar_id = ?1", "d.on_date DESC, d.id DESC", [pillar])
}

/// The latest vision version (its number, 1 for the first), if there is one.
pub fn latest_version(conn: &Connection) -> Result<Option<i64>> {
    let n: i64 = conn.query_row("SELECT count(*) FROM visions", [], |r| r.get(0))?;
    Ok((n > 0).then_some(n))
}

/// The stored state of a decision (`current`, `confirmed`, `superseded`).
pub fn stored_state(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn.query_row("SELECT state FROM decisions WHERE id = ?1", [id], |r| r.get(0))?)
}

/// The PM looked again under the current vision and the decision stands.
pub fn confirm(conn: &Connection, id: i64, why: Option<&str>, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE decisions SET state = 'confirmed', confirmed_under = (SELECT max(id) FROM visions),
                state_why = ?2, updated = ?3
         WHERE id = ?1",
        params![id, why, now],
    )?;
    Ok(())
}

/// Replace decision `old` with a new one (same pillar and stories) under the
/// current vision; the old one stays, marked superseded. Returns the new row id.
pub fn supersede(
    conn: &Connection,
    old: i64,
    uid: &str,
    text: &str,
    why: &str,
    on: &str,
    now: &str,
) -> Result<i64> {
    let pillar: Option<i64> =
        conn.query_row("SELECT pillar_id FROM decisions WHERE id = ?1", [old], |r| r.get(0))?;
    let mut stmt =
        conn.prepare("SELECT story_id FROM decision_stories WHERE decision_id = ?1 ORDER BY story_id")?;
    let stories: Vec<i64> = stmt.query_map([old], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let new = super::plans::add_decision(conn, uid, text, Some(why), pillar, &stories, on, now)?;
    conn.execute("UPDATE decisions SET supersedes = ?2 WHERE id = ?1", params![new, old])?;
    // The reason lives on the new decision (its `why`); `state_why` keeps any confirmation's.
    conn.execute("UPDATE decisions SET state = 'superseded', updated = ?2 WHERE id = ?1", params![old, now])?;
    Ok(new)
}

/// The vision version in force for a decision (for `pm decision show`): its number and statement.
pub fn version_text(conn: &Connection, version: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT text FROM visions ORDER BY id LIMIT 1 OFFSET ?1", [version - 1], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::moment;

    #[test]
    fn a_decision_entered_after_the_fact_counts_from_the_end_of_its_day() {
        assert_eq!(moment("2026-11-20", "2026-11-20T09:00:00Z"), "2026-11-20T09:00:00Z");
        assert_eq!(moment("2026-11-12", "2026-11-20T09:00:00Z"), "2026-11-12T23:59:59Z");
        // Dated ahead: the vision in force when it was recorded.
        assert_eq!(moment("2026-11-25", "2026-11-20T09:00:00Z"), "2026-11-20T09:00:00Z");
    }
}
