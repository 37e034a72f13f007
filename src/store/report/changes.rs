//! What changed since a baseline: the stories new since it, counted and listed
//! through `stories_live_by_created`, and the operation log of the stories that
//! were already there (so a period holding the whole notebook reads no log).

use crate::error::Result;
use crate::store::Conn;

/// Where "new" starts: a day (`YYYY-MM-DD`: created on it or later) or a
/// meeting's stamp (created after it).
#[derive(Debug, Clone, Copy)]
pub enum Since<'a> {
    Day(&'a str),
    Stamp(&'a str),
}

impl<'a> Since<'a> {
    /// A date compares with the day, anything longer (a meeting's stamp) with the time.
    pub fn of(since: &'a str) -> Since<'a> {
        if since.len() == 10 { Since::Day(since) } else { Since::Stamp(since) }
    }

    fn bound(self) -> &'a str {
        match self {
            Since::Day(s) | Since::Stamp(s) => s,
        }
    }
}

/// The last change made before `date` (a day or a stamp): the changes after it
/// are "since" then. The same answer as `max(id) WHERE at < date`, read
/// through `changes_by_at`: the latest change before the date, then any later
/// id still before it (a clock set back), which is a range of the changes made
/// since; none before the date (a period holding the whole notebook) reads one
/// index entry.
pub fn change_before(conn: &Conn, date: &str) -> Result<i64> {
    use rusqlite::OptionalExtension;
    let latest: Option<i64> = conn
        .prepare_cached("SELECT id FROM changes WHERE at < ?1 ORDER BY at DESC, id DESC LIMIT 1")?
        .query_row([date], |r| r.get("id"))
        .optional()?;
    let Some(latest) = latest else { return Ok(0) };
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), ?2) AS id FROM changes WHERE id >= ?2 AND at < ?1")?
        .query_row(rusqlite::params![date, latest], |r| r.get("id"))?)
}

/// How many live stories are new since `since`, and the first `limit` of them
/// (row ids, oldest first).
pub fn new_stories(conn: &Conn, since: Since, limit: usize) -> Result<(i64, Vec<i64>)> {
    let (count, list) = match since {
        Since::Day(_) => (
            "SELECT count(*) AS n FROM stories WHERE merged_into IS NULL AND created >= ?1",
            "SELECT id FROM stories WHERE merged_into IS NULL AND created >= ?1 ORDER BY created, id LIMIT ?2",
        ),
        Since::Stamp(_) => (
            "SELECT count(*) AS n FROM stories WHERE merged_into IS NULL AND created > ?1",
            "SELECT id FROM stories WHERE merged_into IS NULL AND created > ?1 ORDER BY created, id LIMIT ?2",
        ),
    };
    counted(conn, count, list, Some(since.bound()), limit)
}

/// How many live stories new since `since` are shipped, and the first `limit`
/// of them by id; with no baseline, every shipped story.
pub fn new_shipped(conn: &Conn, since: Option<Since>, limit: usize) -> Result<(i64, Vec<i64>)> {
    let (count, list) = match since {
        None => (
            "SELECT count(*) AS n FROM stories WHERE merged_into IS NULL AND status = 'shipped' AND ?1 IS NULL",
            "SELECT id FROM stories WHERE merged_into IS NULL AND status = 'shipped' AND ?1 IS NULL
             ORDER BY id LIMIT ?2",
        ),
        Some(Since::Day(_)) => (
            "SELECT count(*) AS n FROM stories WHERE merged_into IS NULL AND status = 'shipped' AND created >= ?1",
            "SELECT id FROM stories WHERE merged_into IS NULL AND status = 'shipped' AND created >= ?1
             ORDER BY id LIMIT ?2",
        ),
        Some(Since::Stamp(_)) => (
            "SELECT count(*) AS n FROM stories WHERE merged_into IS NULL AND status = 'shipped' AND created > ?1",
            "SELECT id FROM stories WHERE merged_into IS NULL AND status = 'shipped' AND created > ?1
             ORDER BY id LIMIT ?2",
        ),
    };
    counted(conn, count, list, since.map(Since::bound), limit)
}

fn counted(
    conn: &Conn,
    count: &str,
    list: &str,
    bound: Option<&str>,
    limit: usize,
) -> Result<(i64, Vec<i64>)> {
    let total: i64 = conn.prepare_cached(count)?.query_row([bound], |r| r.get("n"))?;
    let mut stmt = conn.prepare_cached(list)?;
    let ids = stmt
        .query_map(rusqlite::params![bound, limit as i64], |r| r.get("id"))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((total, ids))
}

/// Whether any story (live or merged away) is older than `since`: if none, no
/// story the baseline saw can have changed, and the log need not be read.
pub fn any_older(conn: &Conn, since: Since) -> Result<bool> {
    let sql = match since {
        Since::Day(_) => "SELECT EXISTS (SELECT 1 FROM stories WHERE created < ?1) AS any",
        Since::Stamp(_) => "SELECT EXISTS (SELECT 1 FROM stories WHERE created <= ?1) AS any",
    };
    Ok(conn.prepare_cached(sql)?.query_row([since.bound()], |r| r.get("any"))?)
}

/// One row of the operation log about a story.
#[derive(Debug)]
pub struct StoryOp {
    pub story: i64,
    /// The row was inserted (no old values, no new ones).
    pub inserted: bool,
    /// The row's values before this change (JSON of the changed columns).
    pub old: Option<String>,
}

/// The log of the stories older than `since` (still in the notebook), after the
/// change `after`, handed to `visit` in the log's order as SQLite reads it.
/// The log is read forward (the index on change_id), each row looked up in
/// stories by primary key (`CROSS JOIN` keeps that order): new stories' rows
/// are dropped in SQL, never built.
pub fn older_story_ops(conn: &Conn, after: i64, since: Since, mut visit: impl FnMut(StoryOp)) -> Result<()> {
    let sql = match since {
        Since::Day(_) => {
            "SELECT s.id AS story, o.old IS NULL AND o.new IS NULL AS inserted, o.old AS old
             FROM ops o CROSS JOIN stories s ON s.id = json_extract(o.row_key, '$.id')
             WHERE o.change_id > ?1 AND o.tbl = 'stories' AND s.created < ?2 ORDER BY o.change_id, o.id"
        }
        Since::Stamp(_) => {
            "SELECT s.id AS story, o.old IS NULL AND o.new IS NULL AS inserted, o.old AS old
             FROM ops o CROSS JOIN stories s ON s.id = json_extract(o.row_key, '$.id')
             WHERE o.change_id > ?1 AND o.tbl = 'stories' AND s.created <= ?2 ORDER BY o.change_id, o.id"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(rusqlite::params![after, since.bound()])?;
    while let Some(r) = rows.next()? {
        visit(StoryOp { story: r.get("story")?, inserted: r.get("inserted")?, old: r.get("old")? });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_change_before_a_date_is_the_last_one_before_it_even_with_a_clock_set_back() {
        let store = crate::store::Store::open_for_read(std::path::Path::new("/nonexistent/pm/n.db")).unwrap();
        let conn = store.conn();
        // The third change was made with the clock set back two days.
        for at in
            ["2026-11-01T09:00:00Z", "2026-11-05T09:00:00Z", "2026-11-03T09:00:00Z", "2026-11-10T09:00:00Z"]
        {
            conn.execute("INSERT INTO changes (at, command) VALUES (?1, 'note')", [at]).unwrap();
        }
        for date in
            ["2000-01-01", "2026-11-02", "2026-11-04", "2026-11-06", "2026-12-01", "2026-11-05T09:00:00Z"]
        {
            let want: i64 = conn
                .query_row("SELECT coalesce(max(id), 0) FROM changes WHERE at < ?1", [date], |r| r.get(0))
                .unwrap();
            assert_eq!(super::change_before(conn, date).unwrap(), want, "{date}");
        }
        assert_eq!(super::change_before(conn, "2026-11-06").unwrap(), 3);
    }
}
