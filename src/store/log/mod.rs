//! Filling the operation log. Every row a writing command changes in an audited
//! table becomes an `ops` row (its key, and the old values) for `pm undo` and
//! `pm log`. SQLite's pre-update hook reports each change as it happens,
//! cascades included; the rows wait here and [`flush`] writes them, before
//! anything reads the log and before the commit.
//!
//! Until schema 3 triggers did this. Their SQL (three per table) was three
//! quarters of the schema, and SQLite parses the whole schema every time a
//! command opens the notebook: about 2 ms of a 10 ms `pm note`.

use crate::error::Result;
pub mod bulk;
mod hook;

use rusqlite::Connection;
use std::cell::RefCell;
use std::collections::HashMap;

/// Tables whose every row change is recorded in `ops` (with old values).
pub const AUDITED: &[&str] = &[
    "notes",
    "note_tags",
    "pillars",
    "pillar_events",
    "visions",
    "stories",
    "links",
    "story_events",
    "checkins",
    "checkin_stories",
    "decisions",
    "decision_stories",
    "attachments",
    "people",
    "orgs",
    "person_aliases",
    "org_aliases",
];

/// One row change, as it goes into `ops`.
struct Op {
    table: &'static str,
    key: String,
    old: Option<String>,
    new: Option<String>,
}

/// An audited table's columns in order, and which of them are its key.
struct Shape {
    columns: Vec<String>,
    keys: Vec<usize>,
}

#[derive(Default)]
struct Capture {
    /// Recording: only inside a writing command's transaction.
    on: bool,
    change: i64,
    shapes: HashMap<&'static str, Shape>,
    /// Tables whose inserts the command logs itself, in one statement (big imports).
    quiet_inserts: Vec<&'static str>,
    ops: Vec<Op>,
}

thread_local! {
    // The hook runs on the thread that steps the statement, which is the one
    // that opened the connection: pm keeps one connection on the main thread.
    static CAPTURE: RefCell<Capture> = RefCell::new(Capture::default());
}

/// Register the hook on a connection that may write.
pub fn install(conn: &Connection) {
    hook::install(conn);
}

/// The audited table named `table` when its change (an insert or not) is to be
/// recorded now: the hook sees every row written, search index pages included,
/// so this is checked before any value is copied.
fn wanted(table: &[u8], insert: bool) -> Option<&'static str> {
    CAPTURE.with(|c| {
        let c = c.borrow();
        let name = *AUDITED.iter().find(|t| t.as_bytes() == table)?;
        (c.on && !(insert && c.quiet_inserts.contains(&name))).then_some(name)
    })
}

/// Called by the hook for each row change it wants.
fn on_change(table: &str, change: Change) {
    CAPTURE.with(|c| c.borrow_mut().record(table, change));
}

/// A column's value, copied out of SQLite.
#[derive(PartialEq)]
enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

impl Value {
    /// SQL `IS`: equal values (an integer and a real compare as numbers).
    fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Integer(i), Value::Real(r)) | (Value::Real(r), Value::Integer(i)) => *i as f64 == *r,
            (a, b) => a == b,
        }
    }

    fn json(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Integer(i) => i.to_string(),
            Value::Real(f) => serde_json::Value::from(*f).to_string(),
            Value::Text(t) => serde_json::Value::from(t.as_str()).to_string(),
        }
    }
}

/// What the hook reports: the row's values by column, before and/or after.
enum Change<'f> {
    Insert(&'f dyn Fn(usize) -> Value),
    Delete(&'f dyn Fn(usize) -> Value),
    Update(&'f dyn Fn(usize) -> Value, &'f dyn Fn(usize) -> Value),
}

/// Start recording the row changes of change `change` (a `changes` row id).
pub fn begin(conn: &Connection, change: i64) -> Result<()> {
    let known = CAPTURE.with(|c| !c.borrow().shapes.is_empty());
    let shapes = if known { HashMap::new() } else { shapes(conn)? };
    CAPTURE.with(|c| {
        let mut c = c.borrow_mut();
        c.shapes.extend(shapes);
        c.on = true;
        c.change = change;
        c.quiet_inserts.clear();
        c.ops.clear();
    });
    Ok(())
}

/// Stop recording and drop what was not flushed (the transaction is over).
pub fn end() {
    CAPTURE.with(|c| {
        let mut c = c.borrow_mut();
        c.on = false;
        c.quiet_inserts.clear();
        c.ops.clear();
    });
}

/// Do not log inserts into `tables` until [`end`]: the caller logs them itself.
pub fn quiet_inserts(tables: &[&'static str]) {
    CAPTURE.with(|c| c.borrow_mut().quiet_inserts.extend_from_slice(tables));
}

/// Write the recorded row changes to `ops`, in the order they happened.
pub fn flush(conn: &Connection) -> Result<()> {
    let (change, ops) = CAPTURE.with(|c| {
        let mut c = c.borrow_mut();
        (c.change, std::mem::take(&mut c.ops))
    });
    if ops.is_empty() {
        return Ok(());
    }
    let mut insert = conn
        .prepare_cached("INSERT INTO ops (change_id, tbl, row_key, old, new) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for op in ops {
        insert.execute(rusqlite::params![change, op.table, op.key, op.old, op.new])?;
    }
    Ok(())
}

/// How many recorded row changes may wait in memory before [`flush_if_many`]
/// writes them: a few MiB of JSON, whatever the size of the command.
const WAITING: usize = 4096;

/// Write the recorded row changes once many wait: for a writer that changes
/// rows one statement at a time in a loop (recounting a hundred thousand
/// stories after an import kept 50 MB of old values in memory).
pub fn flush_if_many(conn: &Connection) -> Result<()> {
    if CAPTURE.with(|c| c.borrow().ops.len() >= WAITING) { flush(conn) } else { Ok(()) }
}

/// The columns of every audited table, in one statement (a writing command
/// pays for this once, before its first change).
fn shapes(conn: &Connection) -> Result<HashMap<&'static str, Shape>> {
    let mut stmt = conn.prepare(
        "SELECT m.name AS table_name, c.name AS column_name, c.pk AS pk FROM sqlite_master m, pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name IN (SELECT value FROM json_each(?1)) ORDER BY m.name, c.cid",
    )?;
    let mut out: HashMap<&'static str, Shape> = HashMap::new();
    let mut rows = stmt.query([serde_json::to_string(AUDITED)?])?;
    while let Some(r) = rows.next()? {
        let table: String = r.get("table_name")?;
        let Some(&table) = AUDITED.iter().find(|t| **t == table) else { continue };
        let shape = out.entry(table).or_insert_with(|| Shape { columns: Vec::new(), keys: Vec::new() });
        if r.get::<_, i64>("pk")? > 0 {
            shape.keys.push(shape.columns.len());
        }
        shape.columns.push(r.get("column_name")?);
    }
    if let Some(table) = AUDITED.iter().find(|t| out.get(*t).is_none_or(|s| s.keys.is_empty())) {
        return Err(crate::error::Error::internal(format!("audited table {table} is missing or has no key")));
    }
    Ok(out)
}

impl Capture {
    fn record(&mut self, table: &str, change: Change) {
        if !self.on {
            return;
        }
        let Some((&table, shape)) = self.shapes.get_key_value(table) else { return };
        let all = || (0..shape.columns.len()).collect::<Vec<_>>();
        let op = match change {
            Change::Insert(new) => {
                if self.quiet_inserts.contains(&table) {
                    return;
                }
                Op { table, key: object(shape, &shape.keys, |i| new(i).json()), old: None, new: None }
            }
            Change::Delete(old) => {
                let values: Vec<Value> = all().into_iter().map(old).collect();
                let at = |i: usize| values[i].json();
                Op {
                    table,
                    key: object(shape, &shape.keys, at),
                    old: Some(object(shape, &all(), at)),
                    new: None,
                }
            }
            Change::Update(old, new) => {
                let before: Vec<Value> = all().into_iter().map(old).collect();
                let after: Vec<Value> = all().into_iter().map(new).collect();
                // Only the columns it changed, so rescoring ten thousand stories
                // logs a few bytes each, not two copies of every row.
                let changed: Vec<usize> = all().into_iter().filter(|&i| !before[i].same(&after[i])).collect();
                Op {
                    table,
                    key: object(shape, &shape.keys, |i| before[i].json()),
                    old: Some(object(shape, &changed, |i| before[i].json())),
                    new: Some(object(shape, &changed, |i| after[i].json())),
                }
            }
        };
        self.ops.push(op);
    }
}

/// A JSON object of the columns `which` of a row, in table order.
fn object(shape: &Shape, which: &[usize], json: impl Fn(usize) -> String) -> String {
    let mut out = String::from("{");
    for (n, &i) in which.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::Value::from(shape.columns[i].as_str()).to_string());
        out.push(':');
        out.push_str(&json(i));
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_like_sql_is() {
        assert!(Value::Integer(2).same(&Value::Real(2.0)));
        assert!(Value::Null.same(&Value::Null));
        assert!(!Value::Null.same(&Value::Integer(0)));
        assert!(!Value::Text("1".into()).same(&Value::Integer(1)));
        assert!(!Value::Real(2.5).same(&Value::Integer(2)));
    }

    #[test]
    fn rows_are_json_objects_in_table_order() {
        let shape = Shape { columns: vec!["id".into(), "body".into(), "score".into()], keys: vec![0] };
        let row = [Value::Integer(7), Value::Text("say \"hi\"\n\u{1b}[31m".into()), Value::Real(1.0)];
        let all = object(&shape, &[0, 1, 2], |i| row[i].json());
        assert_eq!(all, r#"{"id":7,"body":"say \"hi\"\n\u001b[31m","score":1.0}"#);
        let parsed: serde_json::Value = serde_json::from_str(&all).unwrap();
        assert_eq!(parsed["body"], "say \"hi\"\n\u{1b}[31m");
        assert_eq!(object(&shape, &shape.keys, |i| row[i].json()), r#"{"id":7}"#);
        assert_eq!(object(&shape, &[], |i| row[i].json()), "{}");
    }
    /// A writer that changes rows in a loop does not hold every change in
    /// memory until the commit: past [`WAITING`] they go to `ops`.
    #[test]
    fn many_waiting_changes_are_written_before_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::open(&dir.path().join("n.db")).unwrap();
        store
            .write("test", "2026-11-27T10:00:00Z", |tx| {
                let logged = || -> Result<i64> {
                    Ok(tx.query_row("SELECT count(*) FROM ops WHERE tbl = 'pillars'", [], |r| r.get(0))?)
                };
                let mut add = tx.prepare(
                    "INSERT INTO pillars (uid, name, created) VALUES (?1, ?1, '2026-11-27T10:00:00Z')",
                )?;
                for i in 0..WAITING - 1 {
                    add.execute([format!("pillar {i}")])?;
                    flush_if_many(tx)?;
                }
                assert_eq!(logged()?, 0, "a few changes wait for the commit");
                add.execute(["one more"])?;
                flush_if_many(tx)?;
                assert_eq!(logged()?, WAITING as i64, "written once many waited");
                assert!(CAPTURE.with(|c| c.borrow().ops.is_empty()));
                Ok(())
            })
            .unwrap();
    }
}
