//! Stories, their evidence links, and the evidence numbers kept on each story.

use crate::domain::horizon::Horizon;
use crate::domain::ids::RecordKind;
use crate::domain::jobstory::Clauses;
use crate::domain::score::{Evidence, Inputs, Settings};
use crate::domain::story::{Status, StoryRow};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};
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
    let columns =
        "SELECT l.story_id, l.importance, n.id, n.person_id, coalesce(n.org_id, p.org_id), n.source,
            o.seats, o.arr";
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
        let story: i64 = r.get(0)?;
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
        let source: Option<String> = r.get(5)?;
        tally.add(Linked {
            note: r.get(2)?,
            person: r.get(3)?,
            org: r.get(4)?,
            source: source.as_deref(),
            importance: r.get(1)?,
            seats: r.get(6)?,
            arr: r.get(7)?,
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
        "SELECT l.importance, p.id, p.name, o.id, o.name, o.seats, o.arr
         FROM links l JOIN notes n ON n.id = l.note_id
         LEFT JOIN people p ON p.id = n.person_id LEFT JOIN orgs o ON o.id = coalesce(n.org_id, p.org_id)
         WHERE l.story_id = ?1 AND l.importance > 0 AND (p.id IS NOT NULL OR o.id IS NOT NULL)
         ORDER BY n.id",
    )?;
    let mut by: Vec<(Account, crate::domain::score::Contributor)> = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let importance: i64 = r.get(0)?;
        let person: Option<(i64, String)> = r.get::<_, Option<i64>>(1)?.zip(r.get::<_, Option<String>>(2)?);
        let org: Option<(i64, String)> = r.get::<_, Option<i64>>(3)?.zip(r.get::<_, Option<String>>(4)?);
        let (seats, arr): (Option<i64>, Option<f64>) = (r.get(5)?, r.get(6)?);
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

/// Store the score of `ids` under `settings` (only where it changed), so the
/// report can take the top N through the `stories_by_score` index.
pub fn rescore(conn: &Connection, settings: &Settings, ids: &[i64]) -> Result<()> {
    let mut set = conn.prepare_cached("UPDATE stories SET score = ?2 WHERE id = ?1 AND score IS NOT ?2")?;
    for id in ids {
        if let Some(row) = get(conn, *id)? {
            let score = crate::domain::score::explain(&row.inputs, &row.evidence, settings).score;
            set.execute(params![id, score])?;
        }
    }
    Ok(())
}

/// Rescore every story when the scoring settings differ from those the stored
/// scores were made with (the config changed), and remember the new settings.
pub fn rescore_if_settings_changed(conn: &Connection, settings: &Settings) -> Result<()> {
    let fingerprint = serde_json::to_string(settings)?;
    let stored: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = 'score_settings'", [], |r| r.get(0)).optional()?;
    if stored.as_deref() == Some(fingerprint.as_str()) {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('score_settings', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [&fingerprint],
    )?;
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM stories")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    rescore(conn, settings, &ids)
}

/// Rescore the stories the current change wrote (the operation log names them).
pub fn rescore_touched(conn: &Connection, settings: &Settings) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT json_extract(row_key, '$.id') FROM ops
             WHERE change_id = (SELECT max(id) FROM changes) AND tbl = 'stories'",
        )?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    rescore(conn, settings, &ids)
}

/// Link a note to a story as evidence (linking again sets the new importance),
/// and recount the story's evidence in the same call, so no caller can forget:
/// the transaction rescores it at commit (see `Store::write`).
pub fn link(conn: &Connection, story: i64, note: i64, importance: u8, now: &str) -> Result<()> {
    link_in_bulk(conn, story, note, importance, now)?;
    refresh_stats(conn, &[story])
}

/// [`link`] without the recount, for the bulk load (`exchange::merge`), which
/// links thousands of notes and recounts every story it touched once at the end.
pub(crate) fn link_in_bulk(
    conn: &Connection,
    story: i64,
    note: i64,
    importance: u8,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO links (story_id, note_id, importance, created) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (story_id, note_id) DO UPDATE SET importance = excluded.importance
         WHERE importance != excluded.importance",
    )?
    .execute(params![story, note, importance, now])?;
    Ok(())
}

/// Keep the customer's words that make a link's case (the report quotes them first).
pub fn set_quote(conn: &Connection, story: i64, note: i64, quote: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE links SET quote = ?3 WHERE story_id = ?1 AND note_id = ?2 AND quote IS NOT ?3",
    )?
    .execute(params![story, note, quote])?;
    Ok(())
}

/// Remove a link and recount the story; returns whether there was one.
pub fn unlink(conn: &Connection, story: i64, note: i64) -> Result<bool> {
    let removed = conn
        .prepare_cached("DELETE FROM links WHERE story_id = ?1 AND note_id = ?2")?
        .execute(params![story, note])?
        > 0;
    if removed {
        refresh_stats(conn, &[story])?;
    }
    Ok(removed)
}

/// Mark a story changed now (an attachment added to it).
pub fn touch(conn: &Connection, story: i64, now: &str) -> Result<()> {
    conn.prepare_cached("UPDATE stories SET updated = ?2 WHERE id = ?1")?.execute(params![story, now])?;
    Ok(())
}

/// The date the pillar a story serves was retired, if it was.
pub fn pillar_retired(conn: &Connection, story: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.retired AS retired FROM stories s JOIN pillars p ON p.id = s.pillar_id WHERE s.id = ?1",
        )?
        .query_row([story], |r| r.get::<_, Option<String>>("retired"))
        .optional()?
        .flatten())
}

/// The words fields of a story as the user gives them.
#[derive(Debug, Clone, Default)]
pub struct StoryFields {
    pub request: String,
    pub clauses: Clauses,
    pub requested_by: Option<String>,
    pub pillar_id: Option<i64>,
    /// The title the PM gave (`None`: drafted from the words when shown).
    pub title: Option<String>,
}

const SELECT: &str =
    "SELECT s.id, s.uid, s.request, s.actor, s.situation, s.motivation, s.outcome, s.requested_by,
        s.status, p.name, s.reach, s.impact, s.confidence, s.effort, s.ease, s.value, s.criticality, s.risk,
        s.evidence_count, s.people, s.orgs, s.sources, s.importance, s.merged_into, s.created, s.updated,
        s.title, s.horizon, s.rank, s.demand, s.arr, s.arr_demand, s.seats, s.unseated
     FROM stories s LEFT JOIN pillars p ON p.id = s.pillar_id";

fn from_row(r: &Row) -> rusqlite::Result<StoryRow> {
    Ok(StoryRow {
        id: r.get(0)?,
        uid: r.get(1)?,
        request: r.get(2)?,
        clauses: Clauses { actor: r.get(3)?, when: r.get(4)?, want: r.get(5)?, so: r.get(6)? },
        requested_by: r.get(7)?,
        status: r.get(8)?,
        pillar: r.get(9)?,
        inputs: inputs_at(r, 10)?,
        evidence: Evidence {
            demand: r.get(29)?,
            arr: r.get(30)?,
            arr_demand: r.get(31)?,
            seats: r.get(32)?,
            unseated: r.get(33)?,
            ..evidence_at(r, 18)?
        },
        merged_into: r.get(23)?,
        created: r.get(24)?,
        updated: r.get(25)?,
        title: r.get(26)?,
        horizon: r.get(27)?,
        rank: r.get(28)?,
    })
}

/// The scoring numbers from column `i` on: reach, impact, confidence, effort,
/// ease, value, criticality, risk.
pub(crate) fn inputs_at(r: &Row, i: usize) -> rusqlite::Result<Inputs> {
    Ok(Inputs {
        reach: r.get(i)?,
        impact: r.get(i + 1)?,
        confidence: r.get(i + 2)?,
        effort: r.get(i + 3)?,
        ease: r.get(i + 4)?,
        value: r.get(i + 5)?,
        criticality: r.get(i + 6)?,
        risk: r.get(i + 7)?,
    })
}

/// The evidence numbers from column `i` on: evidence_count, people, orgs,
/// sources, importance.
pub(crate) fn evidence_at(r: &Row, i: usize) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        notes: r.get(i)?,
        people: r.get(i + 1)?,
        orgs: r.get(i + 2)?,
        sources: r.get(i + 3)?,
        importance: r.get(i + 4)?,
        ..Evidence::default()
    })
}

/// Store a new story (status `idea`); returns its row id.
pub fn insert(conn: &Connection, uid: &str, f: &StoryFields, inputs: &Inputs, now: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO stories (uid, request, actor, situation, motivation, outcome, requested_by, pillar_id,
                              reach, impact, confidence, effort, ease, value, criticality, risk, created, updated, title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18)",
    )?
    .execute(params![
        uid,
        f.request,
        f.clauses.actor,
        f.clauses.when,
        f.clauses.want,
        f.clauses.so,
        f.requested_by,
        f.pillar_id,
        inputs.reach,
        inputs.impact,
        inputs.confidence,
        inputs.effort,
        inputs.ease,
        inputs.value,
        inputs.criticality,
        inputs.risk,
        now,
        f.title
    ])?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO story_events (story_id, status, why, at) VALUES (?1, 'idea', NULL, ?2)",
        params![id, now],
    )?;
    Ok(id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<StoryRow>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE s.id = ?1"))?.query_row([id], from_row).optional()?)
}

/// Filters of `pm story list`.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    pub status: Option<Status>,
    pub pillar_id: Option<i64>,
    /// Also stories merged into another (for export).
    pub merged: bool,
    /// Only stories on the roadmap at this horizon (shipped and dropped have left it).
    pub horizon: Option<Horizon>,
}

/// Stories (not merged into another, unless asked), oldest first.
pub fn list(conn: &Connection, f: &StoryFilter) -> Result<Vec<StoryRow>> {
    let mut rows = Vec::new();
    each(conn, f, |r| {
        rows.push(r);
        Ok(())
    })?;
    Ok(rows)
}

/// Every story `f` selects, in id order, handed to `visit` one at a time as
/// SQLite reads it (an export of 100,000 stories holds one).
pub fn each(conn: &Connection, f: &StoryFilter, mut visit: impl FnMut(StoryRow) -> Result<()>) -> Result<()> {
    let sql = format!(
        "{SELECT} WHERE (?3 OR s.merged_into IS NULL) AND (?1 IS NULL OR s.status = ?1) AND (?2 IS NULL OR s.pillar_id = ?2)
           AND (?4 IS NULL OR (s.horizon = ?4 AND s.status NOT IN ('shipped', 'dropped')))
         ORDER BY s.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![f.status, f.pillar_id, f.merged, f.horizon])?;
    while let Some(r) = rows.next()? {
        visit(from_row(r)?)?;
    }
    Ok(())
}

/// The `limit` best-scored live stories still to do (not shipped or dropped),
/// best first, through the score index.
pub fn top(conn: &Connection, limit: usize) -> Result<Vec<StoryRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE s.merged_into IS NULL AND s.score IS NOT NULL AND s.status NOT IN ('shipped', 'dropped')
         ORDER BY s.score DESC, s.id LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit as i64], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Stories by row id (those that exist), in id order.
pub fn many(conn: &Connection, ids: &[i64]) -> Result<Vec<StoryRow>> {
    let mut stmt = conn
        .prepare_cached(&format!("{SELECT} WHERE s.id IN (SELECT value FROM json_each(?1)) ORDER BY s.id"))?;
    let rows = stmt.query_map([serde_json::to_string(ids)?], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A story's pillar (row id) and stored score.
pub type PillarScore = (Option<i64>, Option<f64>);

/// The pillar (row id) and stored score of each of `ids`.
pub fn pillars_and_scores(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, PillarScore>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, pillar_id, score FROM stories WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt
        .query_map([serde_json::to_string(ids)?], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The first `limit` live stories with no score yet, oldest first, and how many there are.
pub fn unscored(conn: &Connection, limit: usize) -> Result<(Vec<StoryRow>, i64)> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE s.merged_into IS NULL AND s.score IS NULL AND s.status NOT IN ('shipped', 'dropped')
         ORDER BY s.id LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit as i64], from_row)?.collect::<rusqlite::Result<_>>()?;
    let total = conn.query_row(
        "SELECT count(*) FROM stories WHERE merged_into IS NULL AND score IS NULL AND status NOT IN ('shipped', 'dropped')",
        [],
        |r| r.get(0),
    )?;
    Ok((rows, total))
}

/// Rewrite a story's words, requester and pillar.
pub fn update(conn: &Connection, id: i64, f: &StoryFields, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE stories SET request = ?2, actor = ?3, situation = ?4, motivation = ?5, outcome = ?6,
                requested_by = ?7, pillar_id = ?8, updated = ?9, title = ?10 WHERE id = ?1",
        params![
            id,
            f.request,
            f.clauses.actor,
            f.clauses.when,
            f.clauses.want,
            f.clauses.so,
            f.requested_by,
            f.pillar_id,
            now,
            f.title
        ],
    )?;
    Ok(())
}

/// Set the numbers a PM gives a story (`None` leaves a number to be derived).
pub fn set_inputs(conn: &Connection, id: i64, i: &Inputs, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE stories SET reach = ?2, impact = ?3, confidence = ?4, effort = ?5, ease = ?6, value = ?7,
                criticality = ?8, risk = ?9, updated = ?10 WHERE id = ?1",
        params![id, i.reach, i.impact, i.confidence, i.effort, i.ease, i.value, i.criticality, i.risk, now],
    )?;
    Ok(())
}

/// Move a story to `status`, recording when and why.
pub fn set_status(conn: &Connection, id: i64, status: Status, why: Option<&str>, now: &str) -> Result<()> {
    conn.execute("UPDATE stories SET status = ?2, updated = ?3 WHERE id = ?1", params![id, status, now])?;
    conn.execute(
        "INSERT INTO story_events (story_id, status, why, at) VALUES (?1, ?2, ?3, ?4)",
        params![id, status, why, now],
    )?;
    Ok(())
}

/// A story's status history: (status, why, at), oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<(Status, Option<String>, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT status, why, at FROM story_events WHERE story_id = ?1 ORDER BY id")?;
    let rows =
        stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A note linked to a story, as shown under it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkedNote {
    pub id: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub source: Option<String>,
    pub on: String,
    pub importance: u8,
    pub body: String,
}

/// The notes backing a story, most important then most recent first.
pub fn evidence(conn: &Connection, id: i64) -> Result<Vec<LinkedNote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.who, n.org, n.source, n.on_date, l.importance, n.body
         FROM links l JOIN notes n ON n.id = l.note_id WHERE l.story_id = ?1
         ORDER BY l.importance DESC, n.on_date DESC, n.id DESC",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(LinkedNote {
                id: RecordKind::Note.display(r.get(0)?),
                who: r.get(1)?,
                org: r.get(2)?,
                source: r.get(3)?,
                on: r.get(4)?,
                importance: r.get(5)?,
                body: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The ids of the notes linked to a story, in id order.
pub fn note_ids(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT note_id FROM links WHERE story_id = ?1 ORDER BY note_id")?;
    let rows = stmt
        .query_map([id], |r| r.get::<_, i64>(0))?
        .map(|n| n.map(|n| RecordKind::Note.display(n)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Stories merged into this one: (id, original request).
pub fn merged_from(conn: &Connection, id: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, request FROM stories WHERE merged_into = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Fold `dup` into `into`: its evidence moves (a note linked to both keeps its
/// higher importance), and it stays, marked merged, so its request is never lost.
pub fn merge(conn: &Connection, dup: i64, into: i64, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO links (story_id, note_id, importance, created)
         SELECT ?2, note_id, importance, created FROM links WHERE story_id = ?1 AND true
         ON CONFLICT (story_id, note_id) DO UPDATE SET importance = max(importance, excluded.importance)",
        params![dup, into],
    )?;
    conn.execute("DELETE FROM links WHERE story_id = ?1", [dup])?;
    conn.execute("UPDATE stories SET merged_into = ?2, updated = ?3 WHERE id = ?1", params![dup, into, now])?;
    // Stories merged earlier into the duplicate now point at the kept one.
    conn.execute(
        "UPDATE stories SET merged_into = ?2, updated = ?3 WHERE merged_into = ?1",
        params![dup, into, now],
    )?;
    conn.execute("UPDATE stories SET updated = ?2 WHERE id = ?1", params![into, now])?;
    refresh_stats(conn, &[dup, into])?;
    Ok(())
}

/// Delete a story; its links go with it.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("UPDATE stories SET merged_into = NULL WHERE merged_into = ?1", [id])?;
    conn.execute("DELETE FROM stories WHERE id = ?1", [id])?;
    Ok(())
}

/// A likely duplicate: the story, its bm25 rank (lower is closer), and the share
/// of the query's words it contains.
#[derive(Debug, Clone)]
pub struct Similar {
    pub id: i64,
    pub rank: f64,
    pub overlap: f64,
    pub shared: usize,
}

/// Stories whose words match `text`, best first, found with the FTS5 index and ranked by bm25.
pub fn similar(conn: &Connection, text: &str, exclude: Option<i64>, limit: usize) -> Result<Vec<Similar>> {
    let words = key_words(text);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let query = words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR ");
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, bm25(stories_fts), s.request, coalesce(s.situation, ''), coalesce(s.motivation, ''), coalesce(s.outcome, '')
         FROM stories_fts JOIN stories s ON s.id = stories_fts.rowid
         WHERE stories_fts MATCH ?1 AND s.merged_into IS NULL AND s.id IS NOT ?2
         ORDER BY bm25(stories_fts) LIMIT ?3",
    )?;
    // bm25 favours short stories that share one rare word; the overlap shown
    // beside each is what a person reads as "similar". Take a wider pool by bm25,
    // then order it by overlap, bm25 breaking ties, so the list reads best first.
    let pool = limit.saturating_mul(4).saturating_add(20);
    let rows = stmt.query_map(params![query, exclude, pool as i64], |r| {
        let text: String = [r.get::<_, String>(2)?, r.get(3)?, r.get(4)?, r.get(5)?].join(" ");
        Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?, text))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, rank, other) = row?;
        let theirs = key_words(&other);
        let shared = words.iter().filter(|w| theirs.contains(*w)).count();
        out.push(Similar { id, rank, overlap: shared as f64 / words.len() as f64, shared });
    }
    out.sort_by(|a, b| b.overlap.total_cmp(&a.overlap).then(a.rank.total_cmp(&b.rank)));
    out.truncate(limit);
    Ok(out)
}

/// Whether a match is close enough to warn about at once.
pub fn looks_like(s: &Similar, query_words: usize) -> bool {
    s.overlap >= 0.5 && s.shared >= query_words.min(2)
}

const STOP: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "want", "when", "can", "able", "would", "like", "need",
    "use", "add", "please", "have", "our", "your", "from", "into", "are", "was", "were", "been", "not",
    "all", "any", "get", "make", "they", "them", "their", "its", "you", "who", "what", "could", "should",
    "will", "every", "time", "after", "then", "than", "there", "also", "some", "more", "less", "very",
    "just", "nice", "it's", "i'm",
];

/// The distinct content words of `text`, lower-case, plural 's' dropped, in order.
pub fn key_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_lowercase();
        if w.chars().count() < 3 || STOP.contains(&w.as_str()) {
            continue;
        }
        let w = if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            w[..w.len() - 1].to_string()
        } else {
            w
        };
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// Place a story on the roadmap at `horizon` (None: take it off) with `rank`
/// (None: ordered by score within the horizon).
pub fn set_horizon(
    conn: &Connection,
    id: i64,
    horizon: Option<Horizon>,
    rank: Option<f64>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE stories SET horizon = ?2, rank = ?3, updated = ?4 WHERE id = ?1",
        params![id, horizon, rank, now],
    )?;
    Ok(())
}

/// Set only the rank of a story (placing others with `--before`).
pub fn set_rank(conn: &Connection, id: i64, rank: Option<f64>) -> Result<()> {
    conn.execute("UPDATE stories SET rank = ?2 WHERE id = ?1", params![id, rank])?;
    Ok(())
}

/// The live stories on the roadmap at `horizon` (all horizons when None), with
/// their stored score, in roadmap order: the PM's order first, then best score.
pub fn on_horizon(conn: &Connection, horizon: Option<Horizon>) -> Result<Vec<StoryRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE s.merged_into IS NULL AND s.horizon IS NOT NULL AND (?1 IS NULL OR s.horizon = ?1)
           AND s.status NOT IN ('shipped', 'dropped')
         ORDER BY s.rank IS NULL, s.rank, s.score IS NULL, s.score DESC, s.id"
    ))?;
    let rows = stmt.query_map([horizon], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
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
