//! Evidence over time, for the brief's chart.

use crate::error::Result;
use crate::store::Conn;

/// Notes per day and segment (blank: "(none)") from `first` to `last` (days,
/// inclusive): one row per day and segment, however many notes there are.
pub fn per_day_and_segment(conn: &Conn, first: &str, last: &str) -> Result<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT on_date AS day, coalesce(nullif(trim(segment), ''), '(none)') AS segment, count(*) AS notes
         FROM notes WHERE on_date >= ?1 AND on_date <= ?2 GROUP BY 1, 2",
    )?;
    let rows = stmt
        .query_map([first, last], |r| Ok((r.get("day")?, r.get("segment")?, r.get("notes")?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
