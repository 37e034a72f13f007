//! The evidence numbers kept on each story: its links counted (notes, people,
//! orgs, sources, importance, demand, ARR, seats) and written back on every
//! write that changes a link, so reads never recount.

use crate::domain::score::Evidence;
use crate::error::Result;
use rusqlite::{Connection, params};
use std::collections::{HashMap, HashSet};

/// The evidence behind one story, counted. A link of importance 0 is a mention:
/// it counts as a note shown, and adds nothing else.
#[derive(Debug, Default)]
pub struct Tally {
    notes: i64,
    /// Person id -> highest importance; a note with no person counts as a
    /// person of its own (a negative number), so anonymous evidence is never
    /// merged away.
    people: HashMap<i64, i64>,
    orgs: HashSet<i64>,
    /// At most the seven sources: a list beats a hash set.
    sources: Vec<String>,
    /// Per account (an org, or a person with none): highest importance, seats, ARR.
    accounts: HashMap<Account, (i64, Option<i64>, Option<f64>)>,
}

/// Whose demand a note is: its org's (its own or its person's), else its person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Account {
    Org(i64),
    Person(i64),
}

/// One linked note as counted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Linked<'a> {
    pub note: i64,
    pub person: Option<i64>,
    pub org: Option<i64>,
    pub source: Option<&'a str>,
    pub importance: i64,
    pub seats: Option<i64>,
    pub arr: Option<f64>,
}

impl Tally {
    /// Count one linked note.
    pub fn add(&mut self, l: Linked) {
        self.notes += 1;
        if l.importance <= 0 {
            return;
        }
        let top = self.people.entry(l.person.unwrap_or(-l.note - 1)).or_insert(l.importance);
        *top = (*top).max(l.importance);
        if let Some(org) = l.org {
            self.orgs.insert(org);
        }
        if let Some(source) = l.source
            && !self.sources.iter().any(|s| s == source)
        {
            self.sources.push(source.to_string());
        }
        let account = match (l.org, l.person) {
            (Some(o), _) => Account::Org(o),
            (None, Some(p)) => Account::Person(p),
            (None, None) => return,
        };
        let (seats, arr) = if matches!(account, Account::Org(_)) { (l.seats, l.arr) } else { (None, None) };
        let e = self.accounts.entry(account).or_insert((l.importance, seats, arr));
        e.0 = e.0.max(l.importance);
    }

    /// The numbers stored on the story.
    pub fn evidence(&self) -> Evidence {
        let mut e = Evidence {
            notes: self.notes,
            people: self.people.keys().filter(|p| **p >= 0).count() as i64,
            orgs: self.orgs.len() as i64,
            sources: self.sources.len() as i64,
            importance: self.people.values().sum(),
            ..Evidence::default()
        };
        for (importance, seats, arr) in self.accounts.values() {
            e.demand += importance;
            match seats {
                Some(s) => e.seats += s,
                None => e.unseated += 1,
            }
            if let Some(a) = arr {
                *e.arr.get_or_insert(0.0) += a;
                *e.arr_demand.get_or_insert(0.0) += *importance as f64 * a;
            }
        }
        e
    }
}

/// Store the counted evidence of each story (a story missing from `tallies` has none).
pub fn write_tallies(conn: &Connection, stories: &[i64], mut tallies: HashMap<i64, Tally>) -> Result<()> {
    let mut set = conn.prepare_cached(
        "UPDATE stories SET evidence_count = ?2, people = ?3, orgs = ?4, sources = ?5, importance = ?6,
            demand = ?7, arr = ?8, arr_demand = ?9, seats = ?10, unseated = ?11
         WHERE id = ?1 AND (evidence_count, people, orgs, sources, importance, demand, arr, arr_demand, seats, unseated)
            IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for id in stories {
        let e = tallies.remove(id).unwrap_or_default().evidence();
        set.execute(params![
            id,
            e.notes,
            e.people,
            e.orgs,
            e.sources,
            e.importance,
            e.demand,
            e.arr,
            e.arr_demand,
            e.seats,
            e.unseated
        ])?;
        crate::store::log::flush_if_many(conn)?;
    }
    Ok(())
}

/// Recount the evidence numbers of `stories` from their links. Called by every
/// write that changes a link, a linked note or a record behind one, so reads
/// never recount. One pass over the links in story order, each story written
/// as soon as it is counted, so memory holds one story's tally whatever N: for
/// a few stories through the links' key, when an import touched most by
/// reading the notes front to back and sorting the rows (on disk, past the
/// page cache) by story.
pub fn refresh_stats(conn: &Connection, stories: &[i64]) -> Result<()> {
    if stories.is_empty() {
        return Ok(());
    }
    let mut ids = stories.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let many = ids.len() > 1000;
    let columns = "SELECT l.story_id AS story_id, l.importance AS importance, n.id AS note_id,
            n.person_id AS person_id, coalesce(n.org_id, p.org_id) AS org_id, n.source AS source,
            o.seats AS seats, o.arr AS arr";
    // CROSS JOIN keeps the notes outside: read in file order, not looked up at random.
    let sql = if many {
        format!(
            "{columns} FROM notes n CROSS JOIN links l ON l.note_id = n.id
             LEFT JOIN people p ON p.id = n.person_id LEFT JOIN orgs o ON o.id = coalesce(n.org_id, p.org_id)
             ORDER BY l.story_id"
        )
    } else {
        format!(
            "{columns} FROM links l JOIN notes n ON n.id = l.note_id
             LEFT JOIN people p ON p.id = n.person_id LEFT JOIN orgs o ON o.id = coalesce(n.org_id, p.org_id)
             WHERE l.story_id IN (SELECT value FROM json_each(?1))
             ORDER BY l.story_id"
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let json = serde_json::to_string(&ids)?;
    let mut rows = if many { stmt.query([])? } else { stmt.query([&json])? };
    // `next` is the first of `ids` not yet written.
    let mut next = 0;
    let mut current: Option<(i64, Tally)> = None;
    while let Some(r) = rows.next()? {
        let story: i64 = r.get("story_id")?;
        if current.as_ref().is_none_or(|(s, _)| *s != story) {
            if let Some((s, tally)) = current.take() {
                next = write_up_to(conn, &ids, next, s, tally)?;
            }
            if ids[next..].binary_search(&story).is_err() {
                continue;
            }
            current = Some((story, Tally::default()));
        }
        let Some((_, tally)) = current.as_mut() else { continue };
        let source: Option<String> = r.get("source")?;
        tally.add(Linked {
            note: r.get("note_id")?,
            person: r.get("person_id")?,
            org: r.get("org_id")?,
            source: source.as_deref(),
            importance: r.get("importance")?,
            seats: r.get("seats")?,
            arr: r.get("arr")?,
        });
    }
    if let Some((s, tally)) = current.take() {
        next = write_up_to(conn, &ids, next, s, tally)?;
    }
    // Stories with no links left.
    write_tallies(conn, &ids[next..], HashMap::new())
}

/// Write `tally` for `story` (one of `ids`), and no evidence for the stories of
/// `ids` from `next` up to it, which had no rows; the index after `story`.
fn write_up_to(conn: &Connection, ids: &[i64], next: usize, story: i64, tally: Tally) -> Result<usize> {
    let at = next + ids[next..].partition_point(|s| *s < story);
    write_tallies(conn, &ids[next..at], HashMap::new())?;
    write_tallies(conn, &[story], HashMap::from([(story, tally)]))?;
    Ok(at + 1)
}

/// The accounts behind a story's evidence (links of importance 1 or more), the
/// biggest demand first: what `score_explained` names.
pub fn contributors(conn: &Connection, id: i64) -> Result<Vec<crate::domain::score::Contributor>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.importance AS importance, p.id AS person_id, p.name AS person, o.id AS org_id, o.name AS org,
                o.seats AS seats, o.arr AS arr
         FROM links l JOIN notes n ON n.id = l.note_id
         LEFT JOIN people p ON p.id = n.person_id LEFT JOIN orgs o ON o.id = coalesce(n.org_id, p.org_id)
         WHERE l.story_id = ?1 AND l.importance > 0 AND (p.id IS NOT NULL OR o.id IS NOT NULL)
         ORDER BY n.id",
    )?;
    let mut by: Vec<(Account, crate::domain::score::Contributor)> = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let importance: i64 = r.get("importance")?;
        let person: Option<(i64, String)> =
            r.get::<_, Option<i64>>("person_id")?.zip(r.get::<_, Option<String>>("person")?);
        let org: Option<(i64, String)> =
            r.get::<_, Option<i64>>("org_id")?.zip(r.get::<_, Option<String>>("org")?);
        let (seats, arr): (Option<i64>, Option<f64>) = (r.get("seats")?, r.get("arr")?);
        let (account, kind, name) = match (&org, &person) {
            (Some((o, name)), _) => (Account::Org(*o), "org", name.clone()),
            (None, Some((p, name))) => (Account::Person(*p), "person", name.clone()),
            (None, None) => continue,
        };
        let at = match by.iter().position(|(a, _)| *a == account) {
            Some(i) => i,
            None => {
                by.push((
                    account,
                    crate::domain::score::Contributor {
                        kind: kind.into(),
                        name,
                        demand: 0,
                        reach: if kind == "org" { seats.unwrap_or(1) } else { 1 },
                        arr: if kind == "org" { arr } else { None },
                        people: Vec::new(),
                    },
                ));
                by.len() - 1
            }
        };
        let c = &mut by[at].1;
        c.demand = c.demand.max(importance);
        if let Some((_, p)) = person
            && !c.people.contains(&p)
        {
            c.people.push(p);
        }
    }
    let mut out: Vec<_> = by.into_iter().map(|(_, c)| c).collect();
    out.sort_by(|a, b| b.demand.cmp(&a.demand).then(b.reach.cmp(&a.reach)));
    Ok(out)
}

#[cfg(test)]
mod mention_tests {
    use super::{Linked, Tally};
    use crate::domain::score::{Framework, Inputs, Settings, explain};
    use proptest::prelude::*;

    /// note, person, org, source, importance, seats, ARR
    type Link = (i64, Option<i64>, Option<i64>, Option<usize>, i64, Option<i64>, Option<f64>);

    fn link() -> impl Strategy<Value = Link> {
        (
            0i64..40,
            proptest::option::of(0i64..6),
            proptest::option::of(0i64..4),
            proptest::option::of(0usize..3),
            0i64..=3,
            proptest::option::of(1i64..500),
            proptest::option::of(1000.0f64..200000.0),
        )
    }

    const SOURCES: [&str; 3] = ["interview", "sales", "support"];

    fn tally(links: &[Link]) -> Tally {
        let mut t = Tally::default();
        for (note, person, org, source, importance, seats, arr) in links {
            // An org's seats and ARR are the org's: the same for each of its notes.
            let (seats, arr) = match org {
                Some(o) => (seats.map(|_| 10 * (o + 1)), arr.map(|_| 1000.0 * (*o as f64 + 1.0))),
                None => (None, None),
            };
            t.add(Linked {
                note: *note,
                person: *person,
                org: *org,
                source: source.map(|s| SOURCES[s]),
                importance: *importance,
                seats,
                arr,
            });
        }
        t
    }

    proptest! {
        /// A link of importance 0 never raises any number or any score.
        #[test]
        fn an_importance_0_link_never_raises_a_score(
            links in proptest::collection::vec(link(), 0..12),
            extra in link(),
        ) {
            let before = tally(&links).evidence();
            let mut more = links.clone();
            let mention = (100 + extra.0, extra.1, extra.2, extra.3, 0, extra.5, extra.6);
            more.push(mention);
            let after = tally(&more).evidence();
            prop_assert_eq!(after.notes, before.notes + 1);
            prop_assert_eq!((after.people, after.orgs, after.sources, after.importance, after.demand, after.seats, after.unseated),
                (before.people, before.orgs, before.sources, before.importance, before.demand, before.seats, before.unseated));
            prop_assert_eq!(after.arr, before.arr);
            prop_assert_eq!(after.arr_demand, before.arr_demand);
            let inputs = Inputs { impact: Some(2.0), effort: Some(1.0), ease: Some(5.0), ..Inputs::default() };
            for framework in [Framework::Rice, Framework::Ice, Framework::Wsjf, Framework::Demand] {
                let s = Settings { framework, ..Settings::default() };
                let (a, b) = (explain(&inputs, &before, &s).score, explain(&inputs, &after, &s).score);
                prop_assert!(b.unwrap_or(f64::MIN) <= a.unwrap_or(f64::MIN), "{framework:?}: {a:?} → {b:?}");
            }
        }
    }
}
