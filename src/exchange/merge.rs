//! Putting records into a notebook, merging by uid: a record not here is added
//! (keeping its id when that id is free, so an export read into an empty notebook
//! comes back the same); one already here is replaced only by a newer `updated`.

use super::records::*;
use crate::domain::note::parse_source;
use crate::domain::story::parse_status;
use crate::error::Result;
use crate::store::stories;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeMap, BTreeSet};

/// What happened to the records of one kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A record's problem, in words; the caller says where the record was.
pub type Problem = String;

/// Merges records into the notebook inside the caller's transaction.
pub struct Merger<'a> {
    conn: &'a Connection,
    now: String,
    /// Stories whose evidence numbers must be recounted at the end.
    touched: BTreeSet<i64>,
    /// Stories merged into a story that may come later in the import.
    merged_into: Vec<(i64, String)>,
    /// Triggers and indexes dropped for a big import (the SQL to make them again).
    /// The notes added meanwhile, whose index entries (and log rows) are written
    /// in one statement at the end, wait in a temp table (store::bulk).
    paused: Vec<String>,
    /// All rows are new notes: their tags are written as they come, their links
    /// at the end in key order (from a temp table), their log in one statement.
    log_fresh: bool,
    /// Names met so far and the records they mean: each distinct name once.
    resolver: crate::store::people::Resolver,
    /// Segments and tags met so far, by their case-folded spelling: the first
    /// spelling (here or in the notebook) is kept.
    spellings: std::collections::HashMap<(&'static str, String), String>,
    /// `pm sync`: a record already here is replaced by the merged copy whatever
    /// its `updated` (the three-way merge already chose every field).
    replace: bool,
    pub counts: BTreeMap<&'static str, Counts>,
}

/// The indexes a big import of new notes builds again at the end: those the
/// new rows land in at random places. (`notes_by_created` stays: an import's
/// notes share one time and come in id order, so they go in at its end.)
const NOTE_INDEXES: [&str; 7] = [
    "notes_by_on",
    "notes_by_who",
    "notes_by_org",
    "notes_by_person",
    "notes_by_org_id",
    "links_by_note",
    "note_tags_by_tag",
];

enum Existing {
    Absent,
    Older(i64),
    Current(i64),
}

impl<'a> Merger<'a> {
    pub fn new(conn: &'a Connection, now: &str) -> Self {
        Merger {
            conn,
            now: now.to_string(),
            touched: BTreeSet::new(),
            merged_into: Vec::new(),
            paused: Vec::new(),
            log_fresh: false,
            resolver: Default::default(),
            spellings: Default::default(),
            replace: false,
            counts: BTreeMap::new(),
        }
    }

    /// Index new notes once at the end instead of row by row: FTS5 writes its
    /// pending terms at every statement that fires the trigger, which made big
    /// imports ten times slower than the index build. Triggers are dropped and
    /// made again inside the caller's transaction, so a failure restores them.
    pub fn bulk(self) -> Result<Self> {
        self.pause(&["notes_fts_ai"])
    }

    /// Also log new notes in one statement instead of a log row per note, tag
    /// and link. Only for rows that are all new notes (a CSV of notes): undoing
    /// the import deletes those notes, and their tags and links go with them.
    /// When the import (about `rows` notes) is at least half the size of the
    /// notebook, the indexes on notes, tags and links are also dropped and built
    /// again at the end: sorting once beats a hundred thousand inserts at random
    /// places in each index.
    pub fn bulk_new_notes(self, rows: usize) -> Result<Self> {
        crate::store::log::quiet_inserts(&["notes", "note_tags", "links"]);
        let notes: i64 = self.conn.query_row("SELECT coalesce(max(id), 0) FROM notes", [], |r| r.get(0))?;
        let mut paused = vec!["notes_fts_ai"];
        if rows >= 1000 && rows as i64 * 2 >= notes {
            paused.extend(NOTE_INDEXES);
        }
        let mut m = self.pause(&paused)?;
        m.log_fresh = true;
        Ok(m)
    }

    /// Replace records already here instead of comparing `updated` (see `replace`).
    pub fn replacing(mut self) -> Self {
        self.replace = true;
        self
    }

    fn pause(mut self, objects: &[&str]) -> Result<Self> {
        for name in objects {
            let (kind, sql): (String, String) = self.conn.query_row(
                "SELECT type, sql FROM sqlite_master WHERE type IN ('trigger', 'index') AND name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            self.conn.execute_batch(&format!("DROP {kind} {name}"))?;
            self.paused.push(sql);
        }
        if !objects.is_empty() {
            crate::store::bulk::begin(self.conn)?;
        }
        Ok(self)
    }

    fn count(&mut self, kind: &'static str, e: &Existing) {
        let c = self.counts.entry(kind).or_default();
        match e {
            Existing::Absent => c.added += 1,
            Existing::Older(_) => c.updated += 1,
            Existing::Current(_) => c.unchanged += 1,
        }
    }

    /// Whether a record with `uid` is here, and whether `updated` is newer than ours.
    fn existing(&self, table: &str, uid: &str, updated: &str) -> Result<Existing> {
        let found: Option<(i64, String)> = self
            .conn
            .prepare_cached(&format!("SELECT id, updated FROM {table} WHERE uid = ?1"))?
            .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match found {
            None => Existing::Absent,
            Some((id, _)) if self.replace => Existing::Older(id),
            Some((id, ours)) if updated > ours.as_str() => Existing::Older(id),
            Some((id, _)) => Existing::Current(id),
        })
    }

    /// `id` when no row of `table` has it yet, so records keep their ids where they can.
    /// The record's id from the file, if this notebook never gave it to any record
    /// (ids are never used twice: a deleted record's history stays its own).
    fn free_id(&self, table: &str, id: Option<i64>) -> Result<Option<i64>> {
        let Some(id) = id else { return Ok(None) };
        let used: i64 = self
            .conn
            .prepare_cached("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?1), 0)")?
            .query_row([table], |r| r.get(0))?;
        let taken: bool = self
            .conn
            .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"))?
            .query_row([id], |r| r.get(0))?;
        Ok((!taken && id > used).then_some(id))
    }

    fn name_of(&self, table: &str, uid: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT name FROM {table} WHERE uid = ?1"))?
            .query_row([uid], |r| r.get(0))
            .optional()?)
    }

    fn id_of(&self, table: &str, uid: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT id FROM {table} WHERE uid = ?1"))?
            .query_row([uid], |r| r.get(0))
            .optional()?)
    }

    fn pillar_id(&self, name: Option<&str>) -> Result<std::result::Result<Option<i64>, Problem>> {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(Ok(None)) };
        let id = crate::store::pillars::lookup(self.conn, name)?;
        Ok(match id {
            Some(id) => Ok(Some(id)),
            None => {
                let known = crate::store::pillars::names(self.conn)?;
                Err(format!("pillar: no pillar named '{name}' (known: {})", known.join(", ")))
            }
        })
    }

    /// Story row ids for story uids; an unknown uid is a problem naming `field`.
    fn story_ids(&self, uids: &[String], field: &str) -> Result<std::result::Result<Vec<i64>, Problem>> {
        let mut out = Vec::new();
        for uid in uids {
            match self.id_of("stories", uid)? {
                Some(id) => out.push(id),
                None => return Ok(Err(format!("{field}: no story with uid '{uid}'"))),
            }
        }
        Ok(Ok(out))
    }

    pub fn pillar(&mut self, p: &PillarRec) -> Result<std::result::Result<(), Problem>> {
        if let Err(e) = check_uid(&p.uid).and_then(|_| required("name", &p.name)) {
            return Ok(Err(e));
        }
        // A pillar is known by its name too: two notebooks that each added "speed" share it.
        let by_uid: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM pillars WHERE uid = ?1")?
            .query_row(params![p.uid], |r| r.get(0))
            .optional()?;
        let here = match by_uid {
            Some(id) => Some(id),
            None => crate::store::pillars::lookup(self.conn, &p.name)?,
        };
        let state = match here {
            Some(id) => {
                // The same pillar (by uid) renamed, described or retired there later
                // than anything done to it here: take its life. Pillars have no
                // `updated`; their latest change is the latest of these stamps.
                let ours: Option<(String, Option<String>, Option<String>, String)> = self
                    .conn
                    .prepare_cached(
                        "SELECT name, description, retired,
                                max(created, coalesce(retired, ''),
                                    coalesce((SELECT max(at) FROM pillar_events WHERE pillar_id = ?1), ''))
                         FROM pillars WHERE id = ?1 AND uid = ?2",
                    )?
                    .query_row(params![id, p.uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .optional()?;
                let theirs = (p.name.trim().to_string(), p.description.clone(), p.retired.clone());
                let their_latest = [Some(&p.created), p.retired.as_ref()]
                    .into_iter()
                    .flatten()
                    .chain(p.history.iter().map(|e| &e.at))
                    .max()
                    .cloned()
                    .unwrap_or_default();
                match ours {
                    Some((name, description, retired, our_latest))
                        if (&name, &description, &retired) != (&theirs.0, &theirs.1, &theirs.2)
                            && their_latest > our_latest =>
                    {
                        self.conn.execute(
                            "UPDATE pillars SET name = ?2, description = ?3, retired = ?4 WHERE id = ?1",
                            params![id, theirs.0, theirs.1, theirs.2],
                        )?;
                        self.conn.execute("DELETE FROM pillar_events WHERE pillar_id = ?1", [id])?;
                        self.pillar_history(id, p)?;
                        Existing::Older(id)
                    }
                    _ => Existing::Current(id),
                }
            }
            None => {
                self.conn.execute(
                    "INSERT INTO pillars (uid, name, description, created, retired) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![p.uid, p.name.trim(), p.description, p.created, p.retired],
                )?;
                self.pillar_history(self.conn.last_insert_rowid(), p)?;
                Existing::Absent
            }
        };
        self.count("pillars", &state);
        Ok(Ok(()))
    }

    fn pillar_history(&self, id: i64, p: &PillarRec) -> Result<()> {
        for e in &p.history {
            crate::store::pillars::put_event(
                self.conn,
                id,
                &e.what,
                e.old.as_deref(),
                e.new.as_deref(),
                &e.at,
            )?;
        }
        Ok(())
    }

    /// The row id of a record of `table` named by `uid` (none for none), or the problem.
    fn reference(
        &self,
        table: &str,
        uid: Option<&str>,
        field: &str,
    ) -> Result<std::result::Result<Option<i64>, Problem>> {
        let Some(uid) = uid else { return Ok(Ok(None)) };
        Ok(match self.id_of(table, uid)? {
            Some(id) => Ok(Some(id)),
            None => Err(format!("{field}: no record with uid '{uid}'")),
        })
    }

    pub fn vision(&mut self, v: &VisionRec) -> Result<std::result::Result<(), Problem>> {
        if let Err(e) = check_uid(&v.uid).and_then(|_| required("text", &v.text)) {
            return Ok(Err(e));
        }
        let state = match self.id_of("visions", &v.uid)? {
            Some(id) => Existing::Current(id),
            None => {
                self.conn.execute(
                    "INSERT INTO visions (uid, text, why, created) VALUES (?1, ?2, ?3, ?4)",
                    params![v.uid, v.text, v.why, v.created],
                )?;
                Existing::Absent
            }
        };
        self.count("vision", &state);
        Ok(Ok(()))
    }

    /// An organisation: the record with its uid, else the one its name or an
    /// alias names (made on another machine before the two met), else a new one.
    pub fn org(&mut self, o: &OrgRec) -> Result<std::result::Result<(), Problem>> {
        if let Err(e) = check_uid(&o.uid)
            .and_then(|_| required("name", &o.name))
            .and_then(|_| times(&o.created, &o.updated))
        {
            return Ok(Err(e));
        }
        if o.arr.is_some_and(|a| !a.is_finite() || a < 0.0) || o.seats.is_some_and(|s| s < 0) {
            return Ok(Err("arr and seats: must be 0 or more".into()));
        }
        let edit = crate::store::people::OrgEdit {
            segment: Some(o.segment.clone()),
            plan: Some(o.plan.clone()),
            arr: Some(o.arr),
            seats: Some(o.seats),
        };
        let state = self.record(
            crate::store::people::Kind::Org,
            &o.uid,
            &o.name,
            &o.aliases,
            &o.created,
            &o.updated,
        )?;
        if let Existing::Absent | Existing::Older(_) = state {
            let id = self.id_of("orgs", &o.uid)?.or(self.by_name(crate::store::people::Kind::Org, &o.name)?);
            if let Some(id) = id {
                crate::store::people::edit_org(self.conn, id, &edit, &o.updated)?;
            }
        }
        self.count("orgs", &state);
        Ok(Ok(()))
    }

    /// A person, found as an org is; `org` is their org's uid.
    pub fn person(&mut self, p: &PersonRec) -> Result<std::result::Result<(), Problem>> {
        if let Err(e) = check_uid(&p.uid)
            .and_then(|_| required("name", &p.name))
            .and_then(|_| times(&p.created, &p.updated))
        {
            return Ok(Err(e));
        }
        let org = match &p.org {
            Some(uid) => match self.id_of("orgs", uid)? {
                Some(id) => Some(id),
                None => return Ok(Err(format!("org: no org with uid '{uid}'"))),
            },
            None => None,
        };
        let state = self.record(
            crate::store::people::Kind::Person,
            &p.uid,
            &p.name,
            &p.aliases,
            &p.created,
            &p.updated,
        )?;
        if let Existing::Absent | Existing::Older(_) = state {
            let id =
                self.id_of("people", &p.uid)?.or(self.by_name(crate::store::people::Kind::Person, &p.name)?);
            if let Some(id) = id {
                let edit = crate::store::people::PersonEdit {
                    org: Some(org),
                    role: Some(p.role.clone()),
                    consent: Some(p.consent.clone()),
                };
                crate::store::people::edit_person(self.conn, id, &edit, &p.updated)?;
            }
        }
        self.count("people", &state);
        Ok(Ok(()))
    }

    fn by_name(&self, kind: crate::store::people::Kind, name: &str) -> Result<Option<i64>> {
        Ok(crate::store::people::by_key(self.conn, kind, &crate::domain::names::key(name))?.map(|(id, _)| id))
    }

    /// Find or make the record of a person or org coming in, its aliases added.
    fn record(
        &mut self,
        kind: crate::store::people::Kind,
        uid: &str,
        name: &str,
        aliases: &[String],
        created: &str,
        updated: &str,
    ) -> Result<Existing> {
        let table = match kind {
            crate::store::people::Kind::Person => "people",
            crate::store::people::Kind::Org => "orgs",
        };
        let here = match self.existing(table, uid, updated)? {
            Existing::Absent => match self.by_name(kind, name)? {
                // The same name made on two machines before a uid was shared.
                Some(id) => {
                    let ours: String = self.conn.query_row(
                        &format!("SELECT updated FROM {table} WHERE id = ?1"),
                        [id],
                        |r| r.get(0),
                    )?;
                    if self.replace || updated > ours.as_str() {
                        Existing::Older(id)
                    } else {
                        Existing::Current(id)
                    }
                }
                None => Existing::Absent,
            },
            found => found,
        };
        let id = match here {
            Existing::Absent => crate::store::people::insert(self.conn, kind, uid, name, created, updated)?,
            Existing::Older(id) => {
                // Renamed there later: the new name here too (the old one stays an alias),
                // unless it is another record's name here.
                let key = crate::domain::names::key(name);
                match crate::store::people::by_key(self.conn, kind, &key)? {
                    Some((other, _)) if other != id => {}
                    _ => crate::store::people::rename(self.conn, kind, id, name, updated)?,
                }
                id
            }
            Existing::Current(id) => id,
        };
        if !matches!(here, Existing::Absent) {
            crate::store::people::keep_earliest_created(self.conn, kind, id, created)?;
        }
        for a in aliases {
            crate::store::people::add_alias(self.conn, kind, id, a)?;
        }
        Ok(here)
    }

    pub fn note(&mut self, n: &NoteRec) -> Result<std::result::Result<(), Problem>> {
        let checked = check_uid(&n.uid)
            .and_then(|_| required("body", &n.body))
            .and_then(|_| day("on", &n.on))
            .and_then(|_| times(&n.created, &n.updated))
            .and_then(|_| n.source.as_deref().map(parse_source).transpose().map(|_| ()));
        if let Err(e) = checked {
            return Ok(Err(e));
        }
        let state = if n.minted { Existing::Absent } else { self.existing("notes", &n.uid, &n.updated)? };
        // The names become records (created as needed), as for `pm note`.
        let (mut who, mut org) = (n.who.clone(), n.org.clone());
        // A record named by uid is the one meant, whatever its name here.
        for (uid, name, table) in [(&n.who_uid, &mut who, "people"), (&n.org_uid, &mut org, "orgs")] {
            if let Some(uid) = uid
                && let Some(here) = self.name_of(table, uid)?
            {
                *name = Some(here);
            }
        }
        let (person, org_id) = match state {
            Existing::Current(_) => (None, None),
            _ => self.resolver.note(self.conn, &mut who, &mut org, &self.now)?,
        };
        let segment = self.spelling("segment", n.segment.as_deref())?;
        let id = match state {
            Existing::Absent => {
                let id = self.free_id("notes", n.id)?;
                self.conn
                    .prepare_cached(
                        "INSERT INTO notes (id, uid, body, who, org, segment, source, on_date, created, updated,
                            person_id, org_id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    )?
                    .execute(params![
                        id, n.uid, n.body, who, org, segment, n.source, n.on, n.created, n.updated, person, org_id
                    ])?;
                let id = self.conn.last_insert_rowid();
                if !self.paused.is_empty() {
                    crate::store::bulk::note(self.conn, id)?;
                }
                Some(id)
            }
            Existing::Older(id) => {
                self.conn.execute(
                    "UPDATE notes SET body = ?2, who = ?3, org = ?4, segment = ?5, source = ?6, on_date = ?7,
                            created = ?8, updated = ?9, person_id = ?10, org_id = ?11 WHERE id = ?1",
                    params![
                        id, n.body, who, org, segment, n.source, n.on, n.created, n.updated, person, org_id
                    ],
                )?;
                // Who, org and source count in the evidence numbers of the stories it backs.
                self.touched.extend(crate::store::notes::stories_of(self.conn, id)?);
                Some(id)
            }
            Existing::Current(_) => None,
        };
        if let Some(id) = id {
            let mut tags: Vec<String> = Vec::new();
            for t in n.tags.iter().filter_map(|t| crate::domain::note::normalise_tag(t)) {
                tags.extend(self.spelling("tag", Some(&t))?);
            }
            match state {
                Existing::Absent if self.log_fresh => {
                    for t in &tags {
                        crate::store::bulk::tag(self.conn, id, t)?;
                    }
                }
                Existing::Absent => crate::store::notes::add_tags(self.conn, id, &tags)?,
                _ => crate::store::notes::set_tags(self.conn, id, &tags)?,
            }
        }
        if let Some(id) = id.or(match state {
            Existing::Current(id) => Some(id),
            _ => None,
        }) {
            for s in &n.stories {
                self.touched.insert(*s);
                if self.log_fresh {
                    crate::store::bulk::link(self.conn, *s, id)?;
                } else {
                    stories::link(self.conn, *s, id, 1, &self.now)?;
                }
            }
        }
        self.count("notes", &state);
        Ok(Ok(()))
    }

    /// The spelling to store for a segment or tag: the first met, in this
    /// import or in the notebook ("Enterprise" and "enterprise" are one).
    fn spelling(&mut self, what: &'static str, value: Option<&str>) -> Result<Option<String>> {
        let Some(v) = value else { return Ok(None) };
        let key = (what, v.to_ascii_lowercase());
        if let Some(s) = self.spellings.get(&key) {
            return Ok(Some(s.clone()));
        }
        let s =
            crate::store::notes::first_spelling(self.conn, what, Some(v))?.unwrap_or_else(|| v.to_string());
        self.spellings.insert(key, s.clone());
        Ok(Some(s))
    }

    pub fn story(&mut self, s: &StoryRec) -> Result<std::result::Result<(), Problem>> {
        let checked = check_uid(&s.uid)
            .and_then(|_| required("request", &s.request))
            .and_then(|_| parse_status(&s.status).map(|_| ()).map_err(|e| format!("status: {e}")))
            .and_then(|_| numbers(s))
            .and_then(|_| times(&s.created, &s.updated))
            .and_then(|_| s.history.iter().try_for_each(|e| parse_status(&e.status).map(|_| ())))
            .and_then(|_| match s.evidence.iter().find(|l| l.importance > 3) {
                Some(l) => Err(format!("evidence: importance {} of {} is not 0-3", l.importance, l.note)),
                None => Ok(()),
            })
            .and_then(|_| match &s.horizon {
                Some(h) => crate::domain::horizon::parse(h).map(|_| ()).map_err(|e| format!("horizon: {e}")),
                None => Ok(()),
            });
        if let Err(e) = checked {
            return Ok(Err(e));
        }
        let pillar = match self.pillar_id(s.pillar.as_deref())? {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        let mut links = Vec::new();
        for l in &s.evidence {
            match self.id_of("notes", &l.note)? {
                Some(n) => links.push((n, l.importance, l.quote.as_deref())),
                None => return Ok(Err(format!("evidence: no note with uid '{}'", l.note))),
            }
        }
        let state = self.existing("stories", &s.uid, &s.updated)?;
        // A new story and a newer copy of one take the same values, in the same order.
        let (sql, target) = match state {
            Existing::Current(_) => ("", None),
            Existing::Older(id) => (
                "UPDATE stories SET uid = ?1, request = ?2, actor = ?3, situation = ?4, motivation = ?5,
                     outcome = ?6, requested_by = ?7, status = ?8, pillar_id = ?9, reach = ?10, impact = ?11,
                     confidence = ?12, effort = ?13, ease = ?14, value = ?15, criticality = ?16, risk = ?17,
                     created = ?18, updated = ?19, title = ?21
                 WHERE id = ?20",
                Some(id),
            ),
            Existing::Absent => (
                "INSERT INTO stories (uid, request, actor, situation, motivation, outcome, requested_by, status,
                     pillar_id, reach, impact, confidence, effort, ease, value, criticality, risk, created, updated, id, title)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                self.free_id("stories", s.id)?,
            ),
        };
        let attachments =
            match s.attachments.iter().map(attachment).collect::<std::result::Result<Vec<_>, _>>() {
                Ok(a) => a,
                Err(e) => return Ok(Err(e)),
            };
        if !sql.is_empty() {
            self.conn.prepare_cached(sql)?.execute(params![
                s.uid,
                s.request,
                s.actor,
                s.when,
                s.want,
                s.so,
                s.requested_by,
                parse_status(&s.status).unwrap_or("idea"),
                pillar,
                s.reach,
                s.impact,
                s.confidence,
                s.effort,
                s.ease,
                s.value,
                s.criticality,
                s.risk,
                s.created,
                s.updated,
                target,
                s.title
            ])?;
        }
        let id = match state {
            Existing::Absent => Some(self.conn.last_insert_rowid()),
            Existing::Older(id) => {
                self.conn.execute("DELETE FROM attachments WHERE story_id = ?1", [id])?;
                self.conn.execute("DELETE FROM links WHERE story_id = ?1", [id])?;
                self.conn.execute("DELETE FROM story_events WHERE story_id = ?1", [id])?;
                Some(id)
            }
            Existing::Current(_) => None,
        };
        if let Some(id) = id {
            let horizon = s.horizon.as_deref().and_then(|h| crate::domain::horizon::parse(h).ok());
            self.conn.execute(
                "UPDATE stories SET horizon = ?2, rank = ?3 WHERE id = ?1",
                params![id, horizon, s.rank],
            )?;
            for (a, content) in &attachments {
                let content = match content {
                    Some(bytes) => crate::store::attachments::Content::File { kind: &a.kind, bytes },
                    None => crate::store::attachments::Content::Link(a.url.as_deref().unwrap_or_default()),
                };
                // A uid taken already (the same file attached elsewhere here) gets a new one.
                let taken: bool = self.conn.query_row(
                    "SELECT count(*) > 0 FROM attachments WHERE uid = ?1",
                    [&a.uid],
                    |r| r.get(0),
                )?;
                let uid = if taken { crate::store::new_uid() } else { a.uid.clone() };
                crate::store::attachments::add(
                    self.conn,
                    id,
                    &uid,
                    &a.name,
                    content,
                    a.caption.as_deref(),
                    &s.updated,
                )?;
            }
            for (note, importance, quote) in links {
                stories::link(self.conn, id, note, importance, &s.created)?;
                if let Some(q) = quote {
                    stories::set_quote(self.conn, id, note, q)?;
                }
            }
            let history: Vec<EventRec> = if s.history.is_empty() {
                vec![EventRec { status: s.status.clone(), why: None, at: s.created.clone() }]
            } else {
                s.history.clone()
            };
            let mut add = self.conn.prepare_cached(
                "INSERT INTO story_events (story_id, status, why, at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for e in history {
                add.execute(params![id, parse_status(&e.status).unwrap_or("idea"), e.why, e.at])?;
            }
            if let Some(into) = &s.merged_into {
                self.merged_into.push((id, into.clone()));
            }
            self.touched.insert(id);
        }
        self.count("stories", &state);
        Ok(Ok(()))
    }

    pub fn checkin(&mut self, c: &CheckinRec) -> Result<std::result::Result<(), Problem>> {
        let checked = check_uid(&c.uid)
            .and_then(|_| required("topic", &c.topic))
            .and_then(|_| required("with", &c.with))
            .and_then(|_| stamp("at", &c.at))
            .and_then(|_| times(&c.created, &c.updated));
        if let Err(e) = checked {
            return Ok(Err(e));
        }
        let stories = match self.story_ids(&c.stories, "stories")? {
            Ok(s) => s,
            Err(e) => return Ok(Err(e)),
        };
        let state = self.existing("checkins", &c.uid, &c.updated)?;
        let id = match state {
            Existing::Absent => {
                let id = self.free_id("checkins", c.id)?;
                self.conn.execute(
                    "INSERT INTO checkins (id, uid, topic, with_who, at, done, outcome, done_at, created, updated)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![id, c.uid, c.topic, c.with, c.at, c.done, c.outcome, c.done_at, c.created, c.updated],
                )?;
                Some(self.conn.last_insert_rowid())
            }
            Existing::Older(id) => {
                self.conn.execute(
                    "UPDATE checkins SET topic = ?2, with_who = ?3, at = ?4, done = ?5, outcome = ?6, done_at = ?7,
                            created = ?8, updated = ?9 WHERE id = ?1",
                    params![id, c.topic, c.with, c.at, c.done, c.outcome, c.done_at, c.created, c.updated],
                )?;
                self.conn.execute("DELETE FROM checkin_stories WHERE checkin_id = ?1", [id])?;
                Some(id)
            }
            Existing::Current(_) => None,
        };
        if let Some(id) = id {
            for s in stories {
                self.conn.execute(
                    "INSERT OR IGNORE INTO checkin_stories (checkin_id, story_id) VALUES (?1, ?2)",
                    params![id, s],
                )?;
            }
        }
        self.count("checkins", &state);
        Ok(Ok(()))
    }

    pub fn decision(&mut self, d: &DecisionRec) -> Result<std::result::Result<(), Problem>> {
        let checked = check_uid(&d.uid)
            .and_then(|_| required("text", &d.text))
            .and_then(|_| day("on", &d.on))
            .and_then(|_| times(&d.created, &d.updated));
        if let Err(e) = checked {
            return Ok(Err(e));
        }
        let pillar = match self.pillar_id(d.pillar.as_deref())? {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        let stories = match self.story_ids(&d.stories, "stories")? {
            Ok(s) => s,
            Err(e) => return Ok(Err(e)),
        };
        if !matches!(d.state.as_str(), "current" | "confirmed" | "superseded") {
            return Ok(Err(format!("state: '{}' is not current, confirmed or superseded", d.state)));
        }
        let refs = (
            self.reference("visions", d.vision.as_deref(), "vision")?,
            self.reference("visions", d.confirmed_under.as_deref(), "confirmed_under")?,
            self.reference("decisions", d.supersedes.as_deref(), "supersedes")?,
        );
        let (vision, confirmed_under, supersedes) = match refs {
            (Ok(a), Ok(b), Ok(c)) => (a, b, c),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Ok(Err(e)),
        };
        // A file from before decisions remembered the vision: the version in force on its day.
        let vision = match vision {
            Some(v) => Some(v),
            None => self.conn.query_row(
                "SELECT max(id) FROM visions WHERE created <= ?1",
                [crate::store::decisions::moment(&d.on, &d.created)],
                |r| r.get(0),
            )?,
        };
        let state = self.existing("decisions", &d.uid, &d.updated)?;
        let id = match state {
            Existing::Absent => {
                let id = self.free_id("decisions", d.id)?;
                self.conn.execute(
                    "INSERT INTO decisions (id, uid, text, why, pillar_id, on_date, created, updated,
                                            vision_id, state, confirmed_under, state_why, supersedes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                    params![
                        id,
                        d.uid,
                        d.text,
                        d.why,
                        pillar,
                        d.on,
                        d.created,
                        d.updated,
                        vision,
                        d.state,
                        confirmed_under,
                        d.state_why,
                        supersedes
                    ],
                )?;
                Some(self.conn.last_insert_rowid())
            }
            Existing::Older(id) => {
                self.conn.execute(
                    "UPDATE decisions SET text = ?2, why = ?3, pillar_id = ?4, on_date = ?5, created = ?6, updated = ?7,
                            vision_id = ?8, state = ?9, confirmed_under = ?10, state_why = ?11, supersedes = ?12
                     WHERE id = ?1",
                    params![
                        id,
                        d.text,
                        d.why,
                        pillar,
                        d.on,
                        d.created,
                        d.updated,
                        vision,
                        d.state,
                        confirmed_under,
                        d.state_why,
                        supersedes
                    ],
                )?;
                self.conn.execute("DELETE FROM decision_stories WHERE decision_id = ?1", [id])?;
                Some(id)
            }
            Existing::Current(_) => None,
        };
        if let Some(id) = id {
            for s in stories {
                self.conn.execute(
                    "INSERT OR IGNORE INTO decision_stories (decision_id, story_id) VALUES (?1, ?2)",
                    params![id, s],
                )?;
            }
        }
        self.count("decisions", &state);
        Ok(Ok(()))
    }

    /// Put a whole bundle, in the order references need. The error names the record.
    pub fn bundle(&mut self, b: &Bundle) -> Result<std::result::Result<(), Problem>> {
        fn at<T>(
            kind: &str,
            uid: &str,
            r: std::result::Result<T, Problem>,
        ) -> std::result::Result<T, Problem> {
            r.map_err(|e| format!("{kind} {uid}: {e}"))
        }
        for p in &b.pillars {
            if let Err(e) = at("pillar", &p.uid, self.pillar(p)?) {
                return Ok(Err(e));
            }
        }
        for v in &b.visions {
            if let Err(e) = at("vision", &v.uid, self.vision(v)?) {
                return Ok(Err(e));
            }
        }
        for o in &b.orgs {
            if let Err(e) = at("org", &o.uid, self.org(o)?) {
                return Ok(Err(e));
            }
        }
        for p in &b.people {
            if let Err(e) = at("person", &p.uid, self.person(p)?) {
                return Ok(Err(e));
            }
        }
        let mut notes: Vec<&NoteRec> = b.notes.iter().collect();
        notes.sort_by_key(|n| n.id.unwrap_or(i64::MAX));
        for n in notes {
            if let Err(e) = at("note", &n.uid, self.note(n)?) {
                return Ok(Err(e));
            }
        }
        let mut stories: Vec<&StoryRec> = b.stories.iter().collect();
        stories.sort_by_key(|s| s.id.unwrap_or(i64::MAX));
        for s in stories {
            if let Err(e) = at("story", &s.uid, self.story(s)?) {
                return Ok(Err(e));
            }
        }
        for c in &b.checkins {
            if let Err(e) = at("check-in", &c.uid, self.checkin(c)?) {
                return Ok(Err(e));
            }
        }
        for d in &b.decisions {
            if let Err(e) = at("decision", &d.uid, self.decision(d)?) {
                return Ok(Err(e));
            }
        }
        Ok(Ok(()))
    }

    /// Resolve merges into stories that came later, and recount evidence. Call once, last.
    pub fn finish(self) -> Result<std::result::Result<BTreeMap<&'static str, Counts>, Problem>> {
        if self.log_fresh {
            crate::store::bulk::write_links(self.conn, &self.now)?;
        }
        for (id, into) in &self.merged_into {
            match self.id_of("stories", into)? {
                Some(target) => self
                    .conn
                    .execute("UPDATE stories SET merged_into = ?2 WHERE id = ?1", params![id, target])?,
                None => return Ok(Err(format!("merged_into: no story with uid '{into}'"))),
            };
        }
        if !self.paused.is_empty() {
            crate::store::bulk::index_fresh(self.conn)?;
            if self.log_fresh {
                crate::store::log::flush(self.conn)?;
                crate::store::bulk::log_fresh(self.conn)?;
            }
            crate::store::bulk::end(self.conn)?;
            for sql in &self.paused {
                self.conn.execute_batch(sql)?;
            }
        }
        // People who gained an org here: the stories of their older notes too.
        let regrouped = self.resolver.regrouped_stories(self.conn)?;
        let touched: Vec<i64> =
            self.touched.iter().chain(&regrouped).copied().collect::<BTreeSet<_>>().into_iter().collect();
        // Counted from the links, story by story (a million new links as a list
        // in memory would not be flat).
        stories::refresh_stats(self.conn, &touched)?;
        Ok(Ok(self.counts))
    }
}

/// An attachment as it arrives, checked: a link has a URL, a file's bytes are
/// base64 of an image of the kind it claims, within the size limit.
fn attachment(a: &AttachmentRec) -> std::result::Result<(&AttachmentRec, Option<Vec<u8>>), Problem> {
    use crate::domain::attachment::{MAX_BYTES, detect};
    let at = |e: String| format!("attachments: {}: {e}", a.name);
    if a.kind == "link" {
        return match &a.url {
            Some(u) if crate::domain::attachment::is_url(u) => Ok((a, None)),
            _ => Err(at("a link needs an http(s) url".into())),
        };
    }
    let Some(data) = &a.data else { return Err(at("its bytes are missing (no data or file)".into())) };
    let bytes =
        crate::store::attachments::decode(data).map_err(|e| at(format!("data is not base64 ({e})")))?;
    if bytes.len() > MAX_BYTES {
        return Err(at("larger than 10 MB".into()));
    }
    match detect(&bytes) {
        Some(k) if k == a.kind => Ok((a, Some(bytes))),
        Some(k) => Err(at(format!("its bytes are {k}, not {}", a.kind))),
        None => Err(at("its bytes are not a PNG, JPEG, SVG or GIF image".into())),
    }
}

fn check_uid(uid: &str) -> std::result::Result<(), Problem> {
    if valid_uid(uid) {
        Ok(())
    } else {
        Err(format!("uid: '{uid}' is not a uid (letters, digits, '-' and '_', at most 64)"))
    }
}

fn required(field: &str, value: &str) -> std::result::Result<(), Problem> {
    if value.trim().is_empty() { Err(format!("{field}: is empty")) } else { Ok(()) }
}

/// A calendar day as stored: YYYY-MM-DD.
fn day(field: &str, value: &str) -> std::result::Result<(), Problem> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| format!("{field}: '{value}' is not a date (YYYY-MM-DD)"))
}

/// A moment as stored: RFC 3339.
fn stamp(field: &str, value: &str) -> std::result::Result<(), Problem> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|_| ())
        .map_err(|_| format!("{field}: '{value}' is not an RFC 3339 time"))
}

/// A record's `created` and `updated`, which merges compare as text: RFC 3339 in UTC.
fn times(created: &str, updated: &str) -> std::result::Result<(), Problem> {
    stamp("created", created).and_then(|_| stamp("updated", updated))?;
    if !updated.ends_with('Z') {
        return Err(format!("updated: '{updated}' is not in UTC (ending in Z)"));
    }
    Ok(())
}

fn numbers(s: &StoryRec) -> std::result::Result<(), Problem> {
    let all = [
        ("reach", s.reach),
        ("impact", s.impact),
        ("confidence", s.confidence),
        ("effort", s.effort),
        ("ease", s.ease),
        ("value", s.value),
        ("criticality", s.criticality),
        ("risk", s.risk),
    ];
    match all.iter().find(|(_, v)| v.is_some_and(|v| !v.is_finite() || v < 0.0)) {
        Some((name, v)) => Err(format!("{name}: {} is not a number of 0 or more", v.unwrap_or_default())),
        // The bounds every score needs whatever the framework: a score divides by
        // effort, and reach multiplies it.
        None => ["reach", "effort"].iter().zip([s.reach, s.effort]).try_for_each(|(name, v)| match v {
            Some(v) => crate::domain::score::validate(name, v, crate::domain::score::Framework::Rice)
                .map(|_| ())
                .map_err(|e| format!("{name}: {e}")),
            None => Ok(()),
        }),
    }
}
