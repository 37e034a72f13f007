//! The "Changes" section: what changed since the baseline (a meeting or a
//! date). Stories new since it are counted and the first few listed through an
//! index on when they were created; the operation log is read only for the
//! stories that were already there, so a period holding the whole notebook
//! reads no log at all and holds nothing the size of the notebook.

use super::model::{Baseline, Changes, HorizonMove, LostPillar, Move, StatusChange, StoryRef};
use crate::domain::horizon::Horizon;
use crate::domain::score::Settings;
use crate::domain::story::Status;
use crate::error::Result;
use crate::store::report::{self as store, changes::Since};
use crate::store::{Conn, stories};
use std::collections::{BTreeMap, HashMap};

/// At most this many new stories (and shipped ones) are listed; the report
/// says how many more there are.
pub const LISTED: usize = 20;

/// Stories shipped since the baseline: how many, and the first [`LISTED`].
pub(super) struct Shipped {
    pub total: i64,
    pub listed: Vec<StoryRef>,
}

/// Every shipped story (no meeting yet: everything is "since").
pub(super) fn all_shipped(conn: &Conn) -> Result<Shipped> {
    let (total, ids) = store::changes::new_shipped(conn, None, LISTED)?;
    let listed = stories::many(conn, &ids)?
        .iter()
        .map(|r| StoryRef { id: r.display_id(), title: r.title() })
        .collect();
    Ok(Shipped { total, listed })
}

/// A story's row since the baseline: inserted after it, or the old values of the
/// columns changed after it (the first change of each column holds its value then).
#[derive(Default)]
struct Before {
    inserted: bool,
    old: serde_json::Map<String, serde_json::Value>,
}

/// What changed since the baseline: stories new since, those whose score, status
/// or pillar moved (with the cause), and those shipped.
pub(super) fn changes(
    conn: &Conn,
    settings: &Settings,
    b: &Baseline,
) -> Result<(Changes, Shipped, BTreeMap<String, String>)> {
    let mut c = Changes { since: Some(b.since.clone()), ..Changes::default() };
    let since = Since::of(&b.since);
    // A date baseline compares with the day, a meeting's stamp with the time.
    let after = |at: &str| match since {
        Since::Day(day) => crate::domain::dates::day(at) >= day,
        Since::Stamp(stamp) => at > stamp,
    };
    // A new pillar already shows in the vision section; renames, descriptions and
    // retirements are what change the meaning of stories the meeting saw.
    c.pillar_events = crate::store::pillars::history(conn)?
        .into_iter()
        .filter(|e| e.what != "added" && after(&e.at))
        .collect();
    let (new_total, new_ids) = store::changes::new_stories(conn, since, LISTED)?;
    let (new_shipped_total, new_shipped) = store::changes::new_shipped(conn, Some(since), LISTED)?;
    // The stories that were there before: their log after the baseline's change
    // (none older: nothing to read, however long the log).
    let mut before: BTreeMap<i64, Before> = BTreeMap::new();
    if store::changes::any_older(conn, since)? {
        store::changes::older_story_ops(conn, b.change_id, since, |op| {
            let entry = before.entry(op.story).or_default();
            if op.inserted && entry.old.is_empty() {
                entry.inserted = true;
            }
            // A story inserted since the baseline shows as new: its later values
            // do not matter.
            if entry.inserted {
                return;
            }
            if let Some(old) = op.old
                && let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&old)
            {
                for (k, v) in map {
                    entry.old.entry(k).or_insert(v);
                }
            }
        })?;
    }
    let mut ids: Vec<i64> = before.keys().copied().chain(new_ids.iter().copied()).collect();
    ids.extend(&new_shipped);
    ids.sort_unstable();
    ids.dedup();
    let now_rows: HashMap<i64, crate::domain::story::StoryRow> =
        stories::many(conn, &ids)?.into_iter().map(|r| (r.id, r)).collect();
    let mut titles = BTreeMap::new();
    let mut shipped: Vec<(i64, StoryRef)> = new_shipped
        .iter()
        .filter_map(|id| now_rows.get(id))
        .map(|row| (row.id, StoryRef { id: row.display_id(), title: row.title() }))
        .collect();
    let mut shipped_total = new_shipped_total;
    // New: created since, or inserted since with an earlier date of creation
    // (imported from a teammate's notebook, say).
    let mut new: Vec<i64> = new_ids;
    let mut more_new = 0;
    for (id, _) in before.iter().filter(|(_, w)| w.inserted) {
        let Some(row) = now_rows.get(id).filter(|r| r.merged_into.is_none()) else { continue };
        more_new += 1;
        new.push(*id);
        if row.status == Status::Shipped {
            shipped_total += 1;
            shipped.push((*id, StoryRef { id: row.display_id(), title: row.title() }));
        }
    }
    new.sort_unstable();
    new.truncate(LISTED);
    c.new_stories_total = new_total + more_new;
    for row in new.iter().filter_map(|id| now_rows.get(id)) {
        c.new_stories.push(row.display_id());
        titles.insert(row.display_id(), row.title());
    }
    let pillar_names = store::pillars::names(conn)?;
    let mut removed: HashMap<i64, Option<String>> = HashMap::new();
    let stored = stories::pillars_and_scores(conn, &before.keys().copied().collect::<Vec<_>>())?;
    for (id, was) in before {
        let Some(row) = now_rows.get(&id) else { continue };
        if row.merged_into.is_some() || was.inserted {
            continue;
        }
        let shown = row.display_id();
        let mut named = false;
        let old = |col: &str| was.old.get(col);
        let old_f = |col: &str, now: Option<f64>| match old(col) {
            Some(v) => v.as_f64(),
            None => now,
        };
        let old_i = |col: &str, now: i64| match old(col) {
            Some(v) => v.as_i64().unwrap_or_default(),
            None => now,
        };
        let mut then = row.clone();
        let inputs = &mut then.inputs;
        inputs.reach = old_f("reach", inputs.reach);
        inputs.impact = old_f("impact", inputs.impact);
        inputs.confidence = old_f("confidence", inputs.confidence);
        inputs.effort = old_f("effort", inputs.effort);
        inputs.ease = old_f("ease", inputs.ease);
        inputs.value = old_f("value", inputs.value);
        inputs.criticality = old_f("criticality", inputs.criticality);
        inputs.risk = old_f("risk", inputs.risk);
        let ev = &mut then.evidence;
        ev.notes = old_i("evidence_count", ev.notes);
        ev.people = old_i("people", ev.people);
        ev.orgs = old_i("orgs", ev.orgs);
        ev.sources = old_i("sources", ev.sources);
        ev.importance = old_i("importance", ev.importance);
        ev.demand = old_i("demand", ev.demand);
        ev.seats = old_i("seats", ev.seats);
        ev.unseated = old_i("unseated", ev.unseated);
        if old("arr").is_some() {
            ev.arr = old_f("arr", ev.arr);
        }
        if old("arr_demand").is_some() {
            ev.arr_demand = old_f("arr_demand", ev.arr_demand);
        }
        if let Some(s) = old("status").and_then(|s| s.as_str()).and_then(Status::from_word) {
            then.status = s;
        }
        if old("merged_into").is_some_and(|m| !m.is_null()) {
            continue; // it was merged away then: not a story the meeting saw
        }
        let (pillar_now, score_now) = stored.get(&id).copied().unwrap_or_default();
        let score_then = match old("score") {
            Some(v) => v.as_f64(),
            None => score_now,
        };
        if score_then != score_now {
            let was_x = crate::domain::score::explain(&then.inputs, &then.evidence, settings);
            let is_x = crate::domain::score::explain(&row.inputs, &row.evidence, settings);
            let fmt = |x: Option<f64>| x.map(crate::domain::score::fmt).unwrap_or_else(|| "-".into());
            let mut causes = Vec::new();
            if then.evidence.notes != row.evidence.notes {
                causes.push(format!("evidence {} → {}", then.evidence.notes, row.evidence.notes));
            }
            for (a, b) in was_x.parts.iter().zip(&is_x.parts) {
                if a.value != b.value {
                    causes.push(format!("{} {} → {}", a.name, fmt(a.value), fmt(b.value)));
                }
            }
            if causes.is_empty() {
                causes.push("the scoring settings changed".into());
            }
            c.score_moves.push(Move {
                id: shown.clone(),
                from: score_then,
                to: score_now,
                cause: causes.join(", "),
            });
            named = true;
        }
        if then.status != row.status {
            if row.status == Status::Shipped {
                shipped_total += 1;
            }
            c.status_changes.push(StatusChange {
                id: shown.clone(),
                from: then.status.to_string(),
                to: row.status.to_string(),
            });
            if row.status == Status::Shipped {
                shipped.push((id, StoryRef { id: shown.clone(), title: row.title() }));
            }
            named = true;
        }
        if let Some(h) = old("horizon") {
            let then_h = h.as_str().map(String::from);
            if then_h.as_deref() != row.horizon.map(Horizon::as_str) {
                c.horizon_moves.push(HorizonMove {
                    id: shown.clone(),
                    from: then_h,
                    to: row.horizon.map(|h| h.to_string()),
                });
                named = true;
            }
        }
        let pillar_then = match old("pillar_id") {
            Some(v) => v.as_i64(),
            None => pillar_now,
        };
        if let (Some(p), None) = (pillar_then, pillar_now) {
            c.lost_pillar.push(shown.clone());
            let (pillar, cause) = match pillar_names.get(&p) {
                Some(name) => (Some(name.clone()), "taken off it".to_string()),
                None => {
                    let name = match removed.entry(p) {
                        std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(store::pillars::removed_name(conn, p, b.change_id)?).clone()
                        }
                    };
                    (name, "the pillar was removed".to_string())
                }
            };
            c.lost_pillar_causes.push(LostPillar { id: shown.clone(), pillar, cause });
            named = true;
        }
        if named {
            titles.insert(shown, row.title());
        }
    }
    // Shipped since: new ones, then those whose status moved, in id order.
    shipped.sort_by_key(|s| s.0);
    shipped.truncate(LISTED);
    let shipped = Shipped { total: shipped_total, listed: shipped.into_iter().map(|s| s.1).collect() };
    Ok((c, shipped, titles))
}
