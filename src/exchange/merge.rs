//! Putting records into a notebook, merging by uid: a record not here is added
//! (keeping its id when that id is free, so an export read into an empty notebook
//! comes back the same); one already here is replaced only by a newer `updated`.

use super::records::*;
use crate::domain::note::parse_source;
use crate::domain::story::parse_status;
use crate::error::{Error, Result};
use crate::store::log::bulk::Bulk;
use crate::store::merged::{self, Put, Table};
use crate::store::{Conn, stories};
use std::collections::{BTreeMap, BTreeSet};

/// What happened to the records of one kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

pub use super::checks::Problem;
use super::checks::{attachment, check_uid, day, numbers, required, stamp, times};

/// Why a merge stopped: a record it refused (the caller says where the record
/// was), or the notebook failing.
#[derive(Debug, thiserror::Error)]
pub enum Stop {
    #[error("{0}")]
    Record(Problem),
    #[error(transparent)]
    Store(#[from] Error),
}

impl Stop {
    /// As the one error to show: a refused record's problem after `place` (the
    /// file, line or conflict it came from).
    pub fn at(self, place: impl std::fmt::Display) -> Error {
        match self {
            Stop::Record(p) => Error::user(format!("{place}: {p}")),
            Stop::Store(e) => e,
        }
    }
}

mod named;

/// What a merge step returns.
pub type Merged<T> = std::result::Result<T, Stop>;

/// Merges records into the notebook inside the caller's transaction.
pub struct Merger<'a> {
    conn: &'a Conn,
    now: String,
    /// Stories whose evidence numbers must be recounted at the end.
    touched: BTreeSet<i64>,
    /// Stories merged into a story that may come later in the import.
    merged_into: Vec<(i64, String)>,
    /// The bulk-load mode of a big import (see `store::log::bulk`): new notes'
    /// index entries, log rows and links wait in temp tables until the end.
    bulk: Bulk,
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

enum Existing {
    Absent,
    Older(i64),
    Current(i64),
}

impl<'a> Merger<'a> {
    pub fn new(conn: &'a Conn, now: &str) -> Self {
        Merger {
            conn,
            now: now.to_string(),
            touched: BTreeSet::new(),
            merged_into: Vec::new(),
            bulk: Bulk::off(),
            resolver: Default::default(),
            spellings: Default::default(),
            replace: false,
            counts: BTreeMap::new(),
        }
    }

    /// Index new notes once at the end instead of row by row (see `Bulk::index_at_end`).
    pub fn bulk(mut self) -> Result<Self> {
        self.bulk = Bulk::index_at_end(self.conn)?;
        Ok(self)
    }

    /// Also log new notes once at the end: for rows that are all new notes, about
    /// `rows` of them (see `Bulk::new_notes`).
    pub fn bulk_new_notes(mut self, rows: usize) -> Result<Self> {
        self.bulk = Bulk::new_notes(self.conn, rows)?;
        Ok(self)
    }

    /// Replace records already here instead of comparing `updated` (see `replace`).
    pub fn replacing(mut self) -> Self {
        self.replace = true;
        self
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
    fn existing(&self, table: Table, uid: &str, updated: &str) -> Result<Existing> {
        Ok(match merged::by_uid(self.conn, table, uid)? {
            None => Existing::Absent,
            Some((id, _)) if self.replace => Existing::Older(id),
            Some((id, ours)) if updated > ours.as_str() => Existing::Older(id),
            Some((id, _)) => Existing::Current(id),
        })
    }

    fn id_of(&self, table: Table, uid: &str) -> Result<Option<i64>> {
        merged::id_of(self.conn, table, uid)
    }

    fn pillar_id(&self, name: Option<&str>) -> Merged<Option<i64>> {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
        let id = crate::store::pillars::lookup(self.conn, name)?;
        match id {
            Some(id) => Ok(Some(id)),
            None => {
                let known = crate::store::pillars::names(self.conn)?;
                Err(Stop::Record(format!("pillar: no pillar named '{name}' (known: {})", known.join(", "))))
            }
        }
    }

    /// Story row ids for story uids; an unknown uid is a problem naming `field`.
    fn story_ids(&self, uids: &[String], field: &str) -> Merged<Vec<i64>> {
        let mut out = Vec::new();
        for uid in uids {
            match self.id_of(Table::Stories, uid)? {
                Some(id) => out.push(id),
                None => return Err(Stop::Record(format!("{field}: no story with uid '{uid}'"))),
            }
        }
        Ok(out)
    }

    /// The row id of a record of `table` named by `uid` (none for none), or the problem.
    fn reference(&self, table: Table, uid: Option<&str>, field: &str) -> Merged<Option<i64>> {
        let Some(uid) = uid else { return Ok(None) };
        match self.id_of(table, uid)? {
            Some(id) => Ok(Some(id)),
            None => Err(Stop::Record(format!("{field}: no record with uid '{uid}'"))),
        }
    }

    pub fn put_note(&mut self, n: &NoteRec) -> Merged<()> {
        // A big merge logs as it goes, not all at the end.
        crate::store::log::flush_if_many(self.conn)?;
        let checked = check_uid(&n.uid)
            .and_then(|_| required("body", &n.body))
            .and_then(|_| day("on", &n.on))
            .and_then(|_| times(&n.created, &n.updated))
            .and_then(|_| n.source.as_deref().map(parse_source).transpose().map(|_| ()));
        checked.map_err(Stop::Record)?;
        let state =
            if n.minted { Existing::Absent } else { self.existing(Table::Notes, &n.uid, &n.updated)? };
        // The names become records (created as needed), as for `pm note`.
        let (mut who, mut org) = (n.who.clone(), n.org.clone());
        // A record named by uid is the one meant, whatever its name here.
        for (uid, name, table) in [(&n.who_uid, &mut who, Table::People), (&n.org_uid, &mut org, Table::Orgs)]
        {
            if let Some(uid) = uid
                && let Some(here) = merged::name_of(self.conn, table, uid)?
            {
                *name = Some(here);
            }
        }
        let (person, org_id) = match state {
            Existing::Current(_) => (None, None),
            _ => self.resolver.note(self.conn, &mut who, &mut org, &self.now)?,
        };
        let segment = self.spelling("segment", n.segment.as_deref())?;
        let row = merged::NoteRow {
            uid: &n.uid,
            body: &n.body,
            who: who.as_deref(),
            org: org.as_deref(),
            segment: segment.as_deref(),
            source: n.source.as_deref(),
            on: &n.on,
            created: &n.created,
            updated: &n.updated,
            person,
            org_id,
        };
        let id = match state {
            Existing::Absent => {
                let id =
                    merged::note_insert(self.conn, merged::free_id(self.conn, Table::Notes, n.id)?, &row)?;
                self.bulk.added_note(self.conn, id)?;
                Some(id)
            }
            Existing::Older(id) => {
                merged::note_update(self.conn, id, &row)?;
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
                Existing::Absent if self.bulk.logs_at_end() => {
                    for t in &tags {
                        self.bulk.tag(self.conn, id, t)?;
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
                if self.bulk.logs_at_end() {
                    self.bulk.link(self.conn, *s, id)?;
                } else {
                    stories::link_in_bulk(self.conn, *s, id, 1, &self.now)?;
                }
            }
        }
        self.count("notes", &state);
        crate::test_stop::row();
        Ok(())
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

    pub fn put_story(&mut self, s: &StoryRec) -> Merged<()> {
        // A big merge logs as it goes, not all at the end.
        crate::store::log::flush_if_many(self.conn)?;
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
        checked.map_err(Stop::Record)?;
        let pillar = self.pillar_id(s.pillar.as_deref())?;
        let mut links = Vec::new();
        for l in &s.evidence {
            match self.id_of(Table::Notes, &l.note)? {
                Some(n) => links.push((n, l.importance, l.quote.as_deref())),
                None => return Err(Stop::Record(format!("evidence: no note with uid '{}'", l.note))),
            }
        }
        let state = self.existing(Table::Stories, &s.uid, &s.updated)?;
        let attachments =
            match s.attachments.iter().map(attachment).collect::<std::result::Result<Vec<_>, _>>() {
                Ok(a) => a,
                Err(e) => return Err(Stop::Record(e)),
            };
        let status = parse_status(&s.status).unwrap_or("idea");
        let id = match state {
            Existing::Absent => {
                let put = Put::New(merged::free_id(self.conn, Table::Stories, s.id)?);
                Some(merged::story_put(self.conn, put, s, status, pillar)?)
            }
            Existing::Older(id) => Some(merged::story_put(self.conn, Put::Over(id), s, status, pillar)?),
            Existing::Current(_) => None,
        };
        if let Some(id) = id {
            let horizon = s.horizon.as_deref().and_then(|h| crate::domain::horizon::parse(h).ok());
            merged::story_plan(self.conn, id, horizon, s.rank)?;
            for (a, content) in &attachments {
                let content = match content {
                    Some(bytes) => crate::store::attachments::Content::File { kind: &a.kind, bytes },
                    None => crate::store::attachments::Content::Link(a.url.as_deref().unwrap_or_default()),
                };
                // A uid taken already (the same file attached elsewhere here) gets a new one.
                let taken = merged::attachment_uid_taken(self.conn, &a.uid)?;
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
                stories::link_in_bulk(self.conn, id, note, importance, &s.created)?;
                if let Some(q) = quote {
                    stories::set_quote(self.conn, id, note, q)?;
                }
            }
            let history: Vec<EventRec> = if s.history.is_empty() {
                vec![EventRec { status: s.status.clone(), why: None, at: s.created.clone() }]
            } else {
                s.history.clone()
            };
            for e in history {
                merged::story_event(
                    self.conn,
                    id,
                    parse_status(&e.status).unwrap_or("idea"),
                    e.why.as_deref(),
                    &e.at,
                )?;
            }
            if let Some(into) = &s.merged_into {
                self.merged_into.push((id, into.clone()));
            }
            self.touched.insert(id);
        }
        self.count("stories", &state);
        Ok(())
    }

    fn checkin(&mut self, c: &CheckinRec) -> Merged<()> {
        let checked = check_uid(&c.uid)
            .and_then(|_| required("topic", &c.topic))
            .and_then(|_| required("with", &c.with))
            .and_then(|_| stamp("at", &c.at))
            .and_then(|_| times(&c.created, &c.updated));
        checked.map_err(Stop::Record)?;
        let stories = self.story_ids(&c.stories, "stories")?;
        let state = self.existing(Table::Checkins, &c.uid, &c.updated)?;
        match state {
            Existing::Absent => {
                let put = Put::New(merged::free_id(self.conn, Table::Checkins, c.id)?);
                merged::checkin_put(self.conn, put, c, &stories)?
            }
            Existing::Older(id) => merged::checkin_put(self.conn, Put::Over(id), c, &stories)?,
            Existing::Current(_) => {}
        }
        self.count("checkins", &state);
        Ok(())
    }

    fn decision(&mut self, d: &DecisionRec) -> Merged<()> {
        let checked = check_uid(&d.uid)
            .and_then(|_| required("text", &d.text))
            .and_then(|_| day("on", &d.on))
            .and_then(|_| times(&d.created, &d.updated));
        checked.map_err(Stop::Record)?;
        let pillar = self.pillar_id(d.pillar.as_deref())?;
        let stories = self.story_ids(&d.stories, "stories")?;
        if !matches!(d.state.as_str(), "current" | "confirmed" | "superseded") {
            return Err(Stop::Record(format!(
                "state: '{}' is not current, confirmed or superseded",
                d.state
            )));
        }
        let vision = self.reference(Table::Visions, d.vision.as_deref(), "vision")?;
        let confirmed_under =
            self.reference(Table::Visions, d.confirmed_under.as_deref(), "confirmed_under")?;
        let supersedes = self.reference(Table::Decisions, d.supersedes.as_deref(), "supersedes")?;
        // A file from before decisions remembered the vision: the version in force on its day.
        let vision = match vision {
            Some(v) => Some(v),
            None => merged::vision_at(self.conn, &crate::store::decisions::moment(&d.on, &d.created))?,
        };
        let refs = merged::DecisionRefs { pillar, vision, confirmed_under, supersedes };
        let state = self.existing(Table::Decisions, &d.uid, &d.updated)?;
        match state {
            Existing::Absent => {
                let put = Put::New(merged::free_id(self.conn, Table::Decisions, d.id)?);
                merged::decision_put(self.conn, put, d, &refs, &stories)?
            }
            Existing::Older(id) => merged::decision_put(self.conn, Put::Over(id), d, &refs, &stories)?,
            Existing::Current(_) => {}
        }
        self.count("decisions", &state);
        Ok(())
    }

    /// Put a whole bundle, in the order references need. The problem names the record.
    pub fn put_bundle(&mut self, b: &Bundle) -> Merged<()> {
        fn at(kind: &str, uid: &str, r: Merged<()>) -> Merged<()> {
            r.map_err(|e| match e {
                Stop::Record(p) => Stop::Record(format!("{kind} {uid}: {p}")),
                other => other,
            })
        }
        for p in &b.pillars {
            at("pillar", &p.uid, self.pillar(p))?;
        }
        for v in &b.visions {
            at("vision", &v.uid, self.vision(v))?;
        }
        for o in &b.orgs {
            at("org", &o.uid, self.org(o))?;
        }
        for p in &b.people {
            at("person", &p.uid, self.person(p))?;
        }
        let mut notes: Vec<&NoteRec> = b.notes.iter().collect();
        notes.sort_by_key(|n| n.id.unwrap_or(i64::MAX));
        for n in notes {
            at("note", &n.uid, self.put_note(n))?;
        }
        let mut stories: Vec<&StoryRec> = b.stories.iter().collect();
        stories.sort_by_key(|s| s.id.unwrap_or(i64::MAX));
        for s in stories {
            at("story", &s.uid, self.put_story(s))?;
        }
        for c in &b.checkins {
            at("check-in", &c.uid, self.checkin(c))?;
        }
        for d in &b.decisions {
            at("decision", &d.uid, self.decision(d))?;
        }
        // The log rows of what it changed written now, not held to the commit:
        // a big import in parts holds one part's.
        crate::store::log::flush(self.conn)?;
        Ok(())
    }

    /// Resolve merges into stories that came later, and recount evidence. Call once, last.
    pub fn done(self) -> Merged<BTreeMap<&'static str, Counts>> {
        self.bulk.write_links(self.conn, &self.now)?;
        for (id, into) in &self.merged_into {
            match self.id_of(Table::Stories, into)? {
                Some(target) => merged::story_merged_into(self.conn, *id, target)?,
                None => return Err(Stop::Record(format!("merged_into: no story with uid '{into}'"))),
            };
        }
        self.bulk.finish(self.conn)?;
        // People who gained an org here: the stories of their older notes too.
        let regrouped = self.resolver.regrouped_stories(self.conn)?;
        let touched: Vec<i64> =
            self.touched.iter().chain(&regrouped).copied().collect::<BTreeSet<_>>().into_iter().collect();
        // Counted from the links, story by story (a million new links as a list
        // in memory would not be flat).
        stories::refresh_stats(self.conn, &touched)?;
        Ok(self.counts)
    }
}
