//! The three-way merge of one record file, field by field, used by `pm sync`
//! (notebook against the folder) and by `pm merge-driver` (git's own merges).
//!
//! A record file carries, beside its fields, a `[clock]` table: for each field a
//! Lamport counter and the id of the notebook that last changed it ("3:ab12cd34").
//! The counter is one more than the highest in the copy the change was based on,
//! so the clocks of two copies say which fields each side changed since their
//! common base, and two changes of one field are ordered the same way on every
//! machine: higher counter, then higher writer id. Never the wall clock, never the
//! order files are read. Lists (tags, links, events) merge as sets against the
//! base: an add on one side and a remove on the other both apply.
//!
//! A deleted record's file becomes a tombstone (`uid`, `deleted`, `by`), never
//! removed: git runs no merge driver on a modify/delete conflict. A record edited
//! on one side after a deletion it had not seen keeps the edit.

use std::collections::BTreeMap;
use toml::{Table, Value};

/// Fields that are not merged like the others: the uid names the file, and
/// `updated` is the later of the two (it says when, not what).
const UPDATED: &str = "updated";
/// A record made on two machines under one uid (a person or an org: the uid
/// comes from the name) was made at the earlier of the two times.
const CREATED: &str = "created";
const CLOCK: &str = "clock";

/// When and by whom a field was last changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Clock {
    pub n: u64,
    pub by: String,
}

impl Clock {
    fn parse(text: &str) -> Option<Clock> {
        let (n, by) = text.split_once(':')?;
        Some(Clock { n: n.parse().ok()?, by: by.to_string() })
    }
    fn text(&self) -> String {
        format!("{}:{}", self.n, self.by)
    }
}

/// A record as it stands in a file: its fields and their clocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Rec {
    pub fields: Table,
    pub clock: BTreeMap<String, Clock>,
}

/// A deletion marker.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tomb {
    pub uid: String,
    pub deleted: String,
    pub by: String,
}

/// One side of a merge.
#[derive(Debug, Clone, PartialEq)]
pub enum Side {
    Absent,
    Gone(Tomb),
    Rec(Rec),
}

/// A field changed on both sides to different values: `kept` won, `lost` is kept here.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The field, or "deleted" for an edit kept over a deletion.
    pub field: String,
    pub kept: Option<Value>,
    pub lost: Option<Value>,
    /// The writer whose value lost.
    pub lost_by: String,
}

impl Side {
    /// Read a file's text: a record, or a tombstone.
    pub fn parse(text: &str) -> Result<Side, String> {
        let mut table: Table = toml::from_str(text).map_err(|e| e.to_string())?;
        if table.contains_key("deleted") && !table.contains_key("created") {
            let get = |k: &str| table.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            return Ok(Side::Gone(Tomb { uid: get("uid"), deleted: get("deleted"), by: get("by") }));
        }
        let mut clock = BTreeMap::new();
        if let Some(Value::Table(c)) = table.remove(CLOCK) {
            for (k, v) in c {
                if let Some(parsed) = v.as_str().and_then(Clock::parse) {
                    clock.insert(k, parsed);
                }
            }
        }
        Ok(Side::Rec(Rec { fields: table, clock }))
    }

    /// The file's text (deterministic: keys sorted by the table's order).
    pub fn text(&self) -> String {
        match self {
            Side::Absent => String::new(),
            Side::Gone(t) => {
                let mut table = Table::new();
                table.insert("uid".into(), Value::String(t.uid.clone()));
                table.insert("deleted".into(), Value::String(t.deleted.clone()));
                table.insert("by".into(), Value::String(t.by.clone()));
                toml::to_string(&table).unwrap_or_default()
            }
            Side::Rec(r) => {
                let mut table = r.fields.clone();
                let clock: Table =
                    r.clock.iter().map(|(k, c)| (k.clone(), Value::String(c.text()))).collect();
                if !clock.is_empty() {
                    table.insert(CLOCK.into(), Value::Table(clock));
                }
                toml::to_string(&table).unwrap_or_default()
            }
        }
    }
}

/// `fields` as changed here since `base`: unchanged fields keep the base's clock,
/// changed ones (and ones set or cleared) get the next counter and `me`.
pub fn stamp(base: Option<&Rec>, fields: Table, me: &str) -> Rec {
    let next = Clock { n: base.map(max_counter).unwrap_or(0) + 1, by: me.to_string() };
    let mut clock = BTreeMap::new();
    let mut keys: Vec<&String> = fields.keys().collect();
    if let Some(b) = base {
        keys.extend(b.fields.keys());
    }
    for key in keys {
        if key == UPDATED || key == "uid" {
            continue;
        }
        let same = base.is_some_and(|b| b.fields.get(key) == fields.get(key));
        let c = match base.and_then(|b| b.clock.get(key)) {
            Some(c) if same => c.clone(),
            _ if same => Clock { n: 0, by: String::new() },
            _ => next.clone(),
        };
        clock.insert(key.clone(), c);
    }
    Rec { fields, clock }
}

fn max_counter(r: &Rec) -> u64 {
    r.clock.values().map(|c| c.n).max().unwrap_or(0)
}

/// Merge `ours` and `theirs`, both changed from `base`. The result is the same
/// whichever side is called ours (conflicts aside, which are listed from ours).
pub fn merge(base: &Side, ours: &Side, theirs: &Side) -> (Side, Vec<Conflict>) {
    let base_rec = match base {
        Side::Rec(r) => Some(r),
        _ => None,
    };
    match (ours, theirs) {
        (Side::Absent, x) | (x, Side::Absent) => (x.clone(), Vec::new()),
        (Side::Gone(a), Side::Gone(b)) => (Side::Gone(a.max(b).clone()), Vec::new()),
        (Side::Rec(r), Side::Gone(t)) | (Side::Gone(t), Side::Rec(r)) => {
            let edited = base_rec.is_none_or(|b| b.fields != r.fields);
            if edited {
                // An edit the deleter had not seen: keep it, and say so.
                let lost_by = t.by.clone();
                let ours_edited = matches!(ours, Side::Rec(_));
                let c = Conflict {
                    field: "deleted".into(),
                    kept: Some(Value::String("edited".into())),
                    lost: Some(Value::String(format!("deleted at {}", t.deleted))),
                    lost_by,
                };
                // Listed only where the edit is ours: the deleter's side learns it came back.
                (Side::Rec(r.clone()), if ours_edited { vec![c] } else { Vec::new() })
            } else {
                (Side::Gone(t.clone()), Vec::new())
            }
        }
        (Side::Rec(o), Side::Rec(t)) => {
            let (r, c) = merge_rec(base_rec, o, t);
            (Side::Rec(r), c)
        }
    }
}

fn merge_rec(base: Option<&Rec>, ours: &Rec, theirs: &Rec) -> (Rec, Vec<Conflict>) {
    let mut fields = Table::new();
    let mut clock = BTreeMap::new();
    let mut conflicts = Vec::new();
    let mut keys: Vec<&String> = ours.fields.keys().chain(theirs.fields.keys()).collect();
    keys.extend(ours.clock.keys().chain(theirs.clock.keys()));
    keys.sort();
    keys.dedup();
    let zero = Clock { n: 0, by: String::new() };
    for key in keys {
        let (o, t) = (ours.fields.get(key), theirs.fields.get(key));
        let oc = ours.clock.get(key).unwrap_or(&zero);
        let tc = theirs.clock.get(key).unwrap_or(&zero);
        let bc = base.and_then(|b| b.clock.get(key)).unwrap_or(&zero);
        let b = base.and_then(|b| b.fields.get(key));
        let (value, c) = if key == UPDATED {
            (o.max_by_text(t), oc.max(tc))
        } else if key == CREATED && o.is_some() && t.is_some() {
            (if text_of(o) <= text_of(t) { o.cloned() } else { t.cloned() }, oc.max(tc))
        } else if o == t {
            (o.cloned(), oc.max(tc))
        } else if is_list(o) || is_list(t) {
            (Some(Value::Array(set_merge(b, o, t))), oc.max(tc))
        } else if oc == bc && o == b {
            if base.is_some() && tc != bc && tc.n <= bc.n {
                // Theirs was not based on our value (its counter is no later): a
                // teammate's merge chose it over ours. Ours lost; keep it here too.
                conflicts.push(Conflict {
                    field: key.clone(),
                    kept: t.cloned(),
                    lost: o.cloned(),
                    lost_by: oc.by.clone(),
                });
            }
            (t.cloned(), tc)
        } else if tc == bc && t == b {
            (o.cloned(), oc)
        } else {
            // Both changed it: the higher clock wins, on every machine alike.
            let ours_win = (oc, text_of(o)) > (tc, text_of(t));
            let (win, lose, wc, lc) = if ours_win { (o, t, oc, tc) } else { (t, o, tc, oc) };
            conflicts.push(Conflict {
                field: key.clone(),
                kept: win.cloned(),
                lost: lose.cloned(),
                lost_by: lc.by.clone(),
            });
            (win.cloned(), wc)
        };
        if let Some(v) = value {
            fields.insert(key.clone(), v);
        }
        if key != UPDATED && key != "uid" && (c.n > 0 || !c.by.is_empty()) {
            clock.insert(key.clone(), c.clone());
        }
    }
    (Rec { fields, clock }, conflicts)
}

trait MaxByText {
    fn max_by_text(self, other: Self) -> Option<Value>;
}

impl MaxByText for Option<&Value> {
    fn max_by_text(self, other: Self) -> Option<Value> {
        if text_of(self) >= text_of(other) { self.cloned() } else { other.cloned() }
    }
}

fn text_of(v: Option<&Value>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn is_list(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Array(_)))
}

/// Items both sides kept, plus items either side added; sorted, so every machine
/// writes the same list (events by their time first).
fn set_merge(base: Option<&Value>, ours: Option<&Value>, theirs: Option<&Value>) -> Vec<Value> {
    let items = |v: Option<&Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        }
    };
    let (b, o, t) = (items(base), items(ours), items(theirs));
    let mut out: Vec<Value> = Vec::new();
    for x in o.iter().chain(t.iter()) {
        let in_base = b.contains(x);
        let keep = if in_base { o.contains(x) && t.contains(x) } else { true };
        if keep && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out.sort_by_key(sort_key);
    out
}

/// Put every list of a record in the order a merge writes it, so a list that
/// differs only in order (ids differ between notebooks) is not a change.
pub fn normalize(fields: &mut Table) {
    for (_, v) in fields.iter_mut() {
        if let Value::Array(items) = v {
            items.sort_by_key(sort_key);
            items.dedup();
        }
    }
}

fn sort_key(v: &Value) -> (String, String) {
    let at = v.get("at").and_then(Value::as_str).unwrap_or_default().to_string();
    (at, v.to_string())
}

#[cfg(test)]
#[path = "merge3_tests.rs"]
mod tests;
