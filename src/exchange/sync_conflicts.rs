//! The conflicts `pm sync` kept (`pm sync conflicts`), and putting a losing
//! value back (`--restore N`).

use super::folder_sync::{Key, folder_of, notebook, push, shown};
use super::records::Bundle;
use crate::domain::ids::RecordKind;
use crate::error::{Error, Result};
use crate::store::{Tx, sync, sync_ledger as ledger};
use toml::Value;

/// A field changed on both sides, as `pm sync conflicts` lists it.
#[derive(Debug, serde::Serialize)]
pub struct ConflictRow {
    pub id: i64,
    /// The record's id here (S3), or its folder and uid when it is not here.
    pub record: String,
    pub kind: String,
    pub uid: String,
    pub field: String,
    pub kept: Option<serde_json::Value>,
    pub lost: Option<serde_json::Value>,
    pub lost_by: String,
    pub at: String,
    pub restored: Option<String>,
}

pub fn conflicts(conn: &crate::store::Conn) -> Result<Vec<ConflictRow>> {
    let value = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
    let mut rows = Vec::new();
    for c in ledger::conflicts(conn)? {
        let kind = match c.kind.as_str() {
            "notes" => Some(RecordKind::Note),
            "stories" => Some(RecordKind::Story),
            "checkins" => Some(RecordKind::Checkin),
            "decisions" => Some(RecordKind::Decision),
            _ => None,
        };
        let here = match kind {
            Some(k) => ledger::id_of(conn, k, &c.uid)?.map(|id| k.display(id)),
            None => crate::store::history::named_record(conn, &c.kind, &c.uid)?,
        };
        rows.push(ConflictRow {
            id: c.id,
            record: here.unwrap_or_else(|| format!("{}/{}", c.kind, c.uid)),
            kept: value(c.kept),
            lost: value(c.lost),
            kind: c.kind,
            uid: c.uid,
            field: c.field,
            lost_by: c.lost_by,
            at: c.at,
            restored: c.restored,
        });
    }
    Ok(rows)
}

/// Put conflict `n`'s losing value back into its record (a local edit, which the
/// next sync sends); for an edit kept over a deletion, delete the record after all.
pub fn restore(
    tx: &Tx,
    settings: &crate::domain::score::Settings,
    n: i64,
    now: &str,
    today: &str,
) -> Result<String> {
    let row = conflicts(tx)?
        .into_iter()
        .find(|c| c.id == n)
        .ok_or_else(|| Error::user(format!("no conflict {n}")).hint("`pm sync conflicts` lists them"))?;
    let key: Key = (folder_of(&row.kind), row.uid.clone());
    let ours = notebook(tx, settings, now, today)?;
    let Some(mut fields) = ours.get(&key).cloned() else {
        return Err(Error::user(format!("conflict {n}: {} is no longer in this notebook", shown(&key))));
    };
    let what = if row.field == "deleted" {
        sync::remove(tx, key.0, &key.1)?;
        format!("deleted {}", shown(&key))
    } else {
        match &row.lost {
            Some(v) => {
                let v = Value::try_from(v.clone()).map_err(|e| Error::internal(e.to_string()))?;
                fields.insert(row.field.clone(), v);
            }
            None => {
                fields.remove(&row.field);
            }
        }
        fields.insert("updated".into(), Value::String(now.to_string()));
        let mut b = Bundle::default();
        push(&mut b, key.0, fields).map_err(|e| Error::user(format!("conflict {n}: {e}")))?;
        let mut m = super::merge::Merger::new(tx, now).replacing();
        m.put_bundle(&b).map_err(|e| e.at(format!("conflict {n}")))?;
        m.done().map_err(|e| e.at(format!("conflict {n}")))?;
        let lost = row.lost.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "empty".into());
        format!("{} {} is {lost} again", row.record, row.field)
    };
    ledger::set_restored(tx, n, now)?;
    Ok(what)
}
