//! Values for shell completion, read from the notebook: ids, pillars, tags,
//! people. Completing must be quick and must never change anything: the file
//! is opened read-only, never created, never migrated, and any problem (no
//! notebook, a newer schema, a busy or damaged file) gives no candidates.

use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// What to complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Notes,
    Stories,
    Checkins,
    Decisions,
    /// Any record's id (`pm log ID`).
    Records,
    Pillars,
    Tags,
    People,
    Orgs,
    Segments,
}

/// The candidates for `what` in the notebook at `path`: each value with a short
/// description (a record's text), newest records first.
pub fn values(path: &Path, what: What) -> Vec<(String, Option<String>)> {
    if !path.is_file() {
        return Vec::new();
    }
    let Ok(conn) =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    else {
        return Vec::new();
    };
    query(&conn, what).unwrap_or_default()
}

fn query(conn: &Connection, what: What) -> rusqlite::Result<Vec<(String, Option<String>)>> {
    let sql = match what {
        What::Notes => "SELECT 'N' || id AS value, substr(body, 1, 60) AS detail FROM notes ORDER BY id DESC LIMIT 500",
        What::Stories => {
            "SELECT 'S' || id AS value, substr(request, 1, 60) AS detail FROM stories WHERE merged_into IS NULL ORDER BY id DESC LIMIT 500"
        }
        What::Checkins => "SELECT 'C' || id AS value, substr(topic, 1, 60) AS detail FROM checkins ORDER BY id DESC LIMIT 500",
        What::Decisions => "SELECT 'D' || id AS value, substr(text, 1, 60) AS detail FROM decisions ORDER BY id DESC LIMIT 500",
        What::Records => {
            "SELECT * FROM (SELECT 'N' || id AS value, substr(body, 1, 60) AS detail FROM notes ORDER BY id DESC LIMIT 200)
             UNION ALL SELECT * FROM (SELECT 'S' || id AS value, substr(request, 1, 60) AS detail FROM stories ORDER BY id DESC LIMIT 200)
             UNION ALL SELECT * FROM (SELECT 'C' || id AS value, substr(topic, 1, 60) AS detail FROM checkins ORDER BY id DESC LIMIT 200)
             UNION ALL SELECT * FROM (SELECT 'D' || id AS value, substr(text, 1, 60) AS detail FROM decisions ORDER BY id DESC LIMIT 200)"
        }
        What::Pillars => "SELECT name AS value, substr(description, 1, 60) AS detail FROM pillars ORDER BY name",
        What::Tags => "SELECT tag AS value, CASE count(*) WHEN 1 THEN '1 note' ELSE count(*) || ' notes' END AS detail FROM note_tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 500",
        What::People => {
            "SELECT who AS value, NULL AS detail FROM notes WHERE trim(coalesce(who, '')) != '' GROUP BY who
             UNION SELECT requested_by, NULL FROM stories WHERE trim(coalesce(requested_by, '')) != '' GROUP BY requested_by
             ORDER BY 1 LIMIT 1000"
        }
        What::Orgs => "SELECT org AS value, NULL AS detail FROM notes WHERE trim(coalesce(org, '')) != '' GROUP BY org ORDER BY 1 LIMIT 1000",
        What::Segments => {
            "SELECT segment AS value, NULL AS detail FROM notes WHERE trim(coalesce(segment, '')) != '' GROUP BY segment ORDER BY 1 LIMIT 1000"
        }
    };
    let mut stmt = conn.prepare(sql)?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>("value")?, r.get::<_, Option<String>>("detail")?)))?;
    rows.collect()
}
