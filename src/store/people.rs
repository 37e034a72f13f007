//! People and organisations as records: one per name key (`domain::names::key`),
//! with aliases; notes point at them. A note's `who` and `org` keep the record's
//! name as text, so search and listings need no join.

use crate::domain::names::{self, Candidate};
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// Which kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Org,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Org => "orgs",
        }
    }
    fn aliases(self) -> &'static str {
        match self {
            Kind::Person => "person_aliases",
            Kind::Org => "org_aliases",
        }
    }
    fn owner(self) -> &'static str {
        match self {
            Kind::Person => "person_id",
            Kind::Org => "org_id",
        }
    }
    /// The note column holding the name as text.
    fn note_text(self) -> &'static str {
        match self {
            Kind::Person => "who",
            Kind::Org => "org",
        }
    }
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Org => "org",
        }
    }
}

/// Every record of `kind` with the keys it answers to, for [`names::find`].
pub fn candidates(conn: &Connection, kind: Kind) -> Result<Vec<Candidate>> {
    let sql = format!(
        "SELECT r.id, r.name, r.name_key,
                (SELECT json_group_array(a.name_key) FROM {a} a WHERE a.{o} = r.id) AS aliases
         FROM {t} r ORDER BY r.id",
        t = kind.table(),
        a = kind.aliases(),
        o = kind.owner()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |r| {
        let aliases: String = r.get("aliases")?;
        let mut keys: Vec<String> = vec![r.get("name_key")?];
        keys.extend(serde_json::from_str::<Vec<String>>(&aliases).unwrap_or_default());
        Ok(Candidate { id: r.get("id")?, name: r.get("name")?, keys })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The records whose name or an alias starts with `key` (a range of the
/// name-key indexes, so a typed name costs one lookup however many people
/// there are), for [`names::find`].
pub fn starting_with(conn: &Connection, kind: Kind, key: &str) -> Result<Vec<Candidate>> {
    let sql = format!(
        "SELECT id, name, name_key FROM {t} WHERE name_key >= ?1 AND name_key < ?2
         UNION ALL SELECT r.id, r.name, a.name_key FROM {a} a JOIN {t} r ON r.id = a.{o}
            WHERE a.name_key >= ?1 AND a.name_key < ?2
         LIMIT 100",
        t = kind.table(),
        a = kind.aliases(),
        o = kind.owner()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let end = format!("{key}\u{10FFFF}");
    let mut out: Vec<Candidate> = Vec::new();
    let mut rows = stmt.query(params![key, end])?;
    while let Some(r) = rows.next()? {
        let (id, name, k): (i64, String, String) = (r.get("id")?, r.get("name")?, r.get("name_key")?);
        match out.iter_mut().find(|c| c.id == id) {
            Some(c) => c.keys.push(k),
            None => out.push(Candidate { id, name, keys: vec![k] }),
        }
    }
    Ok(out)
}

/// The record whose name or alias has this key.
pub fn by_key(conn: &Connection, kind: Kind, key: &str) -> Result<Option<(i64, String)>> {
    let sql = format!(
        "SELECT id, name FROM {t} WHERE name_key = ?1
         UNION ALL SELECT r.id, r.name FROM {a} a JOIN {t} r ON r.id = a.{o} WHERE a.name_key = ?1 LIMIT 1",
        t = kind.table(),
        a = kind.aliases(),
        o = kind.owner()
    );
    Ok(conn.prepare_cached(&sql)?.query_row([key], |r| Ok((r.get("id")?, r.get("name")?))).optional()?)
}

/// The record named `name` exactly or by alias, created if there is none:
/// its id, its name (the first spelling), and whether it was created.
pub fn ensure(conn: &Connection, kind: Kind, name: &str, now: &str) -> Result<(i64, String, bool)> {
    // Stored as typed (text is kept exactly); compared by key.
    let key = names::key(name);
    if let Some((id, stored)) = by_key(conn, kind, &key)? {
        return Ok((id, stored, false));
    }
    conn.prepare_cached(&format!(
        "INSERT INTO {} (uid, name, name_key, created, updated) VALUES (?1, ?2, ?3, ?4, ?4)",
        kind.table()
    ))?
    .execute(params![names::uid(kind.noun(), &key), name, key, now])?;
    Ok((conn.last_insert_rowid(), name.to_string(), true))
}

/// A record as it arrives from another notebook, with its uid and times.
pub fn insert(
    conn: &Connection,
    kind: Kind,
    uid: &str,
    name: &str,
    created: &str,
    updated: &str,
) -> Result<i64> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    conn.prepare_cached(&format!(
        "INSERT INTO {} (uid, name, name_key, created, updated) VALUES (?1, ?2, ?3, ?4, ?5)",
        kind.table()
    ))?
    .execute(params![uid, name, names::key(&name), created, updated])?;
    Ok(conn.last_insert_rowid())
}

/// Another name `id` answers to, unless it is some record's name or alias already.
pub fn add_alias(conn: &Connection, kind: Kind, id: i64, name: &str) -> Result<()> {
    let key = names::key(name);
    if key.is_empty() || by_key(conn, kind, &key)?.is_some() {
        return Ok(());
    }
    conn.execute(
        &format!("INSERT INTO {} (name_key, name, {}) VALUES (?1, ?2, ?3)", kind.aliases(), kind.owner()),
        params![key, name, id],
    )?;
    Ok(())
}

/// Names resolved to records within one command: each distinct name key is
/// looked up (or created) once, so an import of a hundred thousand notes from
/// a few thousand people makes a few thousand lookups, not two per note.
#[derive(Debug, Default)]
pub struct Resolver {
    /// By name key, and by the spelling met.
    records: HashMap<(Kind, String), (i64, String)>,
    spelled: [HashMap<String, (i64, String)>; 2],
    /// A person's org as it stands (kept here as notes give people their org),
    /// and whether the record was made by this resolver.
    person_org: HashMap<i64, (Option<i64>, bool)>,
    /// An org's seats and ARR, what a note's evidence weighs.
    org_facts: HashMap<i64, (Option<i64>, Option<f64>)>,
    /// People here before who gained an org now: their older notes count for
    /// that org from now on, so the stories those notes back are recounted.
    pub regrouped: Vec<i64>,
}

impl Resolver {
    fn record(&mut self, conn: &Connection, kind: Kind, name: &str, now: &str) -> Result<(i64, String)> {
        // The same spelling again (most rows of a big file): no folding needed.
        if let Some(found) = self.spelled[kind as usize].get(name) {
            return Ok(found.clone());
        }
        let key = names::key(name);
        if let Some(found) = self.records.get(&(kind, key.clone())) {
            let found = found.clone();
            self.spelled[kind as usize].insert(name.to_string(), found.clone());
            return Ok(found);
        }
        let (id, stored, created) = ensure(conn, kind, name, now)?;
        match kind {
            Kind::Person => {
                let org: Option<i64> = if created {
                    None
                } else {
                    conn.prepare_cached("SELECT org_id FROM people WHERE id = ?1")?
                        .query_row([id], |r| r.get(0))?
                };
                self.person_org.insert(id, (org, created));
            }
            Kind::Org => {
                let facts = if created {
                    (None, None)
                } else {
                    conn.prepare_cached("SELECT seats, arr FROM orgs WHERE id = ?1")?
                        .query_row([id], |r| Ok((r.get("seats")?, r.get("arr")?)))?
                };
                self.org_facts.insert(id, facts);
            }
        }
        self.records.insert((kind, key), (id, stored.clone()));
        self.spelled[kind as usize].insert(name.to_string(), (id, stored.clone()));
        Ok((id, stored))
    }

    /// Point a note's fields at records: `who` and `org` become the records'
    /// names (first spelling), created when new; a person with no org takes the
    /// note's. Returns (person id, org id).
    pub fn note(
        &mut self,
        conn: &Connection,
        who: &mut Option<String>,
        org: &mut Option<String>,
        now: &str,
    ) -> Result<(Option<i64>, Option<i64>)> {
        let mut ids = (None, None);
        if let Some(o) = org.as_deref().filter(|o| !o.trim().is_empty()) {
            let (id, name) = self.record(conn, Kind::Org, o, now)?;
            *org = Some(name);
            ids.1 = Some(id);
        }
        if let Some(w) = who.as_deref().filter(|w| !w.trim().is_empty()) {
            let (id, name) = self.record(conn, Kind::Person, w, now)?;
            *who = Some(name);
            ids.0 = Some(id);
            if let Some(o) = ids.1
                && let Some((had @ None, created)) = self.person_org.get_mut(&id)
            {
                conn.prepare_cached("UPDATE people SET org_id = ?2 WHERE id = ?1")?.execute([id, o])?;
                *had = Some(o);
                if !*created {
                    self.regrouped.push(id);
                }
            }
        }
        Ok(ids)
    }

    /// The stories whose counts changed because a person gained an org (their
    /// notes from before now count for it).
    pub fn regrouped_stories(&self, conn: &Connection) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        for p in &self.regrouped {
            out.extend(stories_of(conn, Kind::Person, *p)?);
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}

/// [`Resolver::note`] for one note (`pm note`, `pm note edit`): at most one
/// indexed lookup per name; the stories of a person's older notes are
/// recounted when the note gives them their org.
pub fn resolve_note(
    conn: &Connection,
    who: &mut Option<String>,
    org: &mut Option<String>,
    now: &str,
) -> Result<(Option<i64>, Option<i64>)> {
    let mut r = Resolver::default();
    let ids = r.note(conn, who, org, now)?;
    if !r.regrouped.is_empty() {
        super::stories::refresh_stats(conn, &r.regrouped_stories(conn)?)?;
    }
    Ok(ids)
}

/// Right after the schema gains these tables: every distinct name in notes,
/// story requesters and check-in participants becomes one record (names equal
/// under `fold` are one, the first spelling kept), notes point at them, and
/// every story's evidence is recounted.
pub fn backfill(conn: &Connection) -> Result<()> {
    let now: String =
        conn.query_row("SELECT coalesce(max(created), '1970-01-01T00:00:00Z') FROM notes", [], |r| r.get(0))?;
    // Oldest first, so the first spelling becomes the record's name.
    let mut stmt = conn.prepare("SELECT id, who, org FROM notes ORDER BY id")?;
    let all: Vec<(i64, Option<String>, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get("id")?, r.get("who")?, r.get("org")?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set =
        conn.prepare("UPDATE notes SET who = ?2, org = ?3, person_id = ?4, org_id = ?5 WHERE id = ?1")?;
    // One resolver for the whole notebook: each distinct name looked up once.
    let mut resolver = Resolver::default();
    for (id, mut who, mut org) in all {
        let (p, o) = resolver.note(conn, &mut who, &mut org, &now)?;
        if p.is_some() || o.is_some() {
            set.execute(params![id, who, org, p, o])?;
        }
    }
    let others: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT requested_by FROM stories WHERE requested_by IS NOT NULL UNION ALL SELECT with_who FROM checkins",
        )?;
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?
    };
    for field in others {
        for name in field.split([',', ';']).map(str::trim).filter(|n| !n.is_empty()) {
            ensure(conn, Kind::Person, name, &now)?;
        }
    }
    let stories: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT DISTINCT story_id FROM links")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    super::stories::refresh_stats(conn, &stories)
}

/// A person as listed and shown.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub uid: String,
    pub name: String,
    pub org: Option<String>,
    pub role: Option<String>,
    pub consent: Option<String>,
    pub aliases: Vec<String>,
    pub notes: i64,
    pub created: String,
    pub updated: String,
}

/// An organisation as listed and shown.
#[derive(Debug, Clone, Serialize)]
pub struct Org {
    pub uid: String,
    pub name: String,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub arr: Option<f64>,
    pub seats: Option<i64>,
    pub aliases: Vec<String>,
    pub people: i64,
    pub notes: i64,
    pub created: String,
    pub updated: String,
}

fn aliases_of(conn: &Connection, kind: Kind, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT name FROM {} WHERE {} = ?1 ORDER BY name",
        kind.aliases(),
        kind.owner()
    ))?;
    Ok(stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// People, by name (or one).
pub fn people(conn: &Connection, only: Option<i64>) -> Result<Vec<(i64, Person)>> {
    let mut stmt = conn.prepare(
        "SELECT p.id AS id, p.uid AS uid, p.name AS name, o.name AS org, p.role AS role, p.consent AS consent,
                p.created AS created, (SELECT count(*) FROM notes n WHERE n.person_id = p.id) AS notes,
                p.updated AS updated
         FROM people p LEFT JOIN orgs o ON o.id = p.org_id
         WHERE ?1 IS NULL OR p.id = ?1 ORDER BY p.name_key",
    )?;
    let rows = stmt
        .query_map([only], |r| {
            Ok((
                r.get::<_, i64>("id")?,
                Person {
                    uid: r.get("uid")?,
                    name: r.get("name")?,
                    org: r.get("org")?,
                    role: r.get("role")?,
                    consent: r.get("consent")?,
                    created: r.get("created")?,
                    notes: r.get("notes")?,
                    updated: r.get("updated")?,
                    aliases: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, mut p)| {
            p.aliases = aliases_of(conn, Kind::Person, id)?;
            Ok((id, p))
        })
        .collect()
}

/// Organisations, by name (or one).
pub fn orgs(conn: &Connection, only: Option<i64>) -> Result<Vec<(i64, Org)>> {
    let mut stmt = conn.prepare(
        "SELECT o.id, o.uid, o.name, o.segment, o.plan, o.arr, o.seats, o.created,
                (SELECT count(*) FROM people p WHERE p.org_id = o.id) AS people,
                -- Its notes: those naming it, and those of its people naming no org
                -- (the notes its evidence counts, as `stories::refresh_stats` does).
                (SELECT count(*) FROM notes n WHERE n.org_id = o.id)
                  + (SELECT count(*) FROM people p JOIN notes n ON n.person_id = p.id
                     WHERE p.org_id = o.id AND n.org_id IS NULL) AS notes, o.updated
         FROM orgs o WHERE ?1 IS NULL OR o.id = ?1 ORDER BY o.name_key",
    )?;
    let rows = stmt
        .query_map([only], |r| {
            Ok((
                r.get::<_, i64>("id")?,
                Org {
                    uid: r.get("uid")?,
                    name: r.get("name")?,
                    segment: r.get("segment")?,
                    plan: r.get("plan")?,
                    arr: r.get("arr")?,
                    seats: r.get("seats")?,
                    created: r.get("created")?,
                    people: r.get("people")?,
                    notes: r.get("notes")?,
                    updated: r.get("updated")?,
                    aliases: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, mut o)| {
            o.aliases = aliases_of(conn, Kind::Org, id)?;
            Ok((id, o))
        })
        .collect()
}

/// The stories backed by notes of a record (to recount after it changes).
fn stories_of(conn: &Connection, kind: Kind, id: i64) -> Result<Vec<i64>> {
    let sql = match kind {
        Kind::Person => {
            "SELECT DISTINCT l.story_id FROM links l JOIN notes n ON n.id = l.note_id WHERE n.person_id = ?1"
        }
        Kind::Org => {
            "SELECT DISTINCT l.story_id FROM links l JOIN notes n ON n.id = l.note_id
             WHERE n.org_id = ?1 OR n.person_id IN (SELECT id FROM people WHERE org_id = ?1)"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// Rename a record: the new name must not be another record's; the old name stays an alias.
/// The record was made on two machines (one name, one uid): it was made when the
/// first of them made it, so every clone agrees whatever the order of syncs.
pub fn keep_earliest_created(conn: &Connection, kind: Kind, id: i64, created: &str) -> Result<()> {
    conn.execute(
        &format!("UPDATE {} SET created = ?2 WHERE id = ?1 AND created > ?2", kind.table()),
        rusqlite::params![id, created],
    )?;
    Ok(())
}

pub fn rename(conn: &Connection, kind: Kind, id: i64, new: &str, now: &str) -> Result<()> {
    let new = new.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = names::key(&new);
    if key.is_empty() {
        return Err(Error::user("a name cannot be empty"));
    }
    if let Some((other, name)) = by_key(conn, kind, &key)?
        && other != id
    {
        return Err(Error::user(format!("'{name}' is another {}", kind.noun())));
    }
    let (old, old_key): (String, String) =
        conn.query_row(&format!("SELECT name, name_key FROM {} WHERE id = ?1", kind.table()), [id], |r| {
            Ok((r.get("name")?, r.get("name_key")?))
        })?;
    conn.execute(&format!("DELETE FROM {} WHERE name_key = ?1", kind.aliases()), [&key])?;
    if old_key != key {
        conn.execute(
            &format!(
                "INSERT OR IGNORE INTO {} (name_key, name, {}) VALUES (?1, ?2, ?3)",
                kind.aliases(),
                kind.owner()
            ),
            params![old_key, old, id],
        )?;
    }
    conn.execute(
        &format!("UPDATE {} SET name = ?2, name_key = ?3, updated = ?4 WHERE id = ?1", kind.table()),
        params![id, new, key, now],
    )?;
    conn.execute(
        &format!("UPDATE notes SET {} = ?2 WHERE {} = ?1", kind.note_text(), kind.owner()),
        params![id, new],
    )?;
    Ok(())
}

/// The changes `pm person edit` may make.
#[derive(Debug, Default)]
pub struct PersonEdit {
    pub org: Option<Option<i64>>,
    pub role: Option<Option<String>>,
    pub consent: Option<Option<String>>,
}

pub fn edit_person(conn: &Connection, id: i64, e: &PersonEdit, now: &str) -> Result<()> {
    let before = stories_of(conn, Kind::Person, id)?;
    if let Some(org) = e.org {
        conn.execute("UPDATE people SET org_id = ?2, updated = ?3 WHERE id = ?1", params![id, org, now])?;
    }
    if let Some(role) = &e.role {
        conn.execute("UPDATE people SET role = ?2, updated = ?3 WHERE id = ?1", params![id, role, now])?;
    }
    if let Some(consent) = &e.consent {
        conn.execute(
            "UPDATE people SET consent = ?2, updated = ?3 WHERE id = ?1",
            params![id, consent, now],
        )?;
    }
    super::stories::refresh_stats(conn, &before)
}

/// The changes `pm org edit` (and `pm import --kind orgs`) may make.
#[derive(Debug, Default, Clone)]
pub struct OrgEdit {
    pub segment: Option<Option<String>>,
    pub plan: Option<Option<String>>,
    pub arr: Option<Option<f64>>,
    pub seats: Option<Option<i64>>,
}

pub fn edit_org(conn: &Connection, id: i64, e: &OrgEdit, now: &str) -> Result<()> {
    let e = &spelled(conn, id, e)?;
    if let Some(v) = &e.segment {
        conn.execute("UPDATE orgs SET segment = ?2, updated = ?3 WHERE id = ?1", params![id, v, now])?;
    }
    if let Some(v) = &e.plan {
        conn.execute("UPDATE orgs SET plan = ?2, updated = ?3 WHERE id = ?1", params![id, v, now])?;
    }
    if let Some(v) = e.arr {
        conn.execute("UPDATE orgs SET arr = ?2, updated = ?3 WHERE id = ?1", params![id, v, now])?;
    }
    if let Some(v) = e.seats {
        conn.execute("UPDATE orgs SET seats = ?2, updated = ?3 WHERE id = ?1", params![id, v, now])?;
    }
    super::stories::refresh_stats(conn, &stories_of(conn, Kind::Org, id)?)
}

/// `e` with its segment in the spelling the notebook already uses.
fn spelled(conn: &Connection, id: i64, e: &OrgEdit) -> Result<OrgEdit> {
    let mut e = e.clone();
    if let Some(Some(v)) = &e.segment {
        e.segment = Some(Some(super::notes::segment_spelling(conn, v, Some(id))?));
    }
    Ok(e)
}

/// An account from a CRM export: the org named `name` (exactly or by alias,
/// created if new) takes the fields given. Returns (created, changed).
pub fn import_org(conn: &Connection, name: &str, e: &OrgEdit, now: &str) -> Result<(bool, bool)> {
    let (id, _, created) = ensure(conn, Kind::Org, name, now)?;
    // "Enterprise" from the CRM is the notebook's "enterprise": no change.
    let mut e = spelled(conn, id, e)?;
    let own: Option<String> = conn.query_row("SELECT segment FROM orgs WHERE id = ?1", [id], |r| r.get(0))?;
    if let (Some(Some(new)), Some(own)) = (&e.segment, &own)
        && new.to_lowercase() == own.to_lowercase()
    {
        e.segment = None;
    }
    let e = &e;
    let changed: bool = conn
        .prepare_cached(
            "SELECT (?2 IS NOT NULL AND segment IS NOT ?2) OR (?3 IS NOT NULL AND plan IS NOT ?3)
                 OR (?4 IS NOT NULL AND arr IS NOT ?4) OR (?5 IS NOT NULL AND seats IS NOT ?5)
             FROM orgs WHERE id = ?1",
        )?
        .query_row(
            params![
                id,
                e.segment.clone().flatten(),
                e.plan.clone().flatten(),
                e.arr.flatten(),
                e.seats.flatten()
            ],
            |r| r.get(0),
        )?;
    if changed {
        edit_org(conn, id, e, now)?;
    }
    Ok((created, changed && !created))
}

/// Give the person named `name` this role, unless they have one.
pub fn set_role_if_none(conn: &Connection, name: &str, role: &str, now: &str) -> Result<()> {
    if let Some((id, _)) = by_key(conn, Kind::Person, &names::key(name))? {
        conn.execute(
            "UPDATE people SET role = ?2, updated = ?3 WHERE id = ?1 AND role IS NULL",
            params![id, role, now],
        )?;
    }
    Ok(())
}

/// Make `from` part of `into`: every note (and, for an org, every person) is
/// re-pointed, `from`'s name and aliases become `into`'s aliases, and `from` goes.
/// Returns how many notes moved.
pub fn merge(conn: &Connection, kind: Kind, from: i64, into: i64, now: &str) -> Result<usize> {
    if from == into {
        return Err(Error::user(format!("cannot merge a {} into itself", kind.noun())));
    }
    let mut stories = stories_of(conn, kind, from)?;
    let into_name: String =
        conn.query_row(&format!("SELECT name FROM {} WHERE id = ?1", kind.table()), [into], |r| r.get(0))?;
    let moved = conn.execute(
        &format!(
            "UPDATE notes SET {o} = ?2, {t} = ?3 WHERE {o} = ?1",
            o = kind.owner(),
            t = kind.note_text()
        ),
        params![from, into, into_name],
    )?;
    if kind == Kind::Org {
        conn.execute("UPDATE people SET org_id = ?2 WHERE org_id = ?1", [from, into])?;
        // What the CRM knew of `from` fills what `into` lacks.
        conn.execute(
            "UPDATE orgs SET segment = coalesce(segment, (SELECT segment FROM orgs WHERE id = ?1)),
                plan = coalesce(plan, (SELECT plan FROM orgs WHERE id = ?1)),
                arr = coalesce(arr, (SELECT arr FROM orgs WHERE id = ?1)),
                seats = coalesce(seats, (SELECT seats FROM orgs WHERE id = ?1))
             WHERE id = ?2",
            [from, into],
        )?;
    } else {
        conn.execute(
            "UPDATE people SET org_id = coalesce(org_id, (SELECT org_id FROM people WHERE id = ?1)),
                role = coalesce(role, (SELECT role FROM people WHERE id = ?1)),
                consent = coalesce(consent, (SELECT consent FROM people WHERE id = ?1))
             WHERE id = ?2",
            [from, into],
        )?;
    }
    conn.execute(
        &format!("UPDATE {a} SET {o} = ?2 WHERE {o} = ?1", a = kind.aliases(), o = kind.owner()),
        [from, into],
    )?;
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO {a} (name_key, name, {o}) SELECT name_key, name, ?2 FROM {t} WHERE id = ?1",
            a = kind.aliases(),
            o = kind.owner(),
            t = kind.table()
        ),
        [from, into],
    )?;
    conn.execute(&format!("DELETE FROM {} WHERE id = ?1", kind.table()), [from])?;
    conn.execute(&format!("UPDATE {} SET updated = ?2 WHERE id = ?1", kind.table()), params![into, now])?;
    stories.extend(stories_of(conn, kind, into)?);
    stories.sort_unstable();
    stories.dedup();
    super::stories::refresh_stats(conn, &stories)?;
    Ok(moved)
}

/// Delete a record no note points at (its aliases go with it).
pub fn remove(conn: &Connection, kind: Kind, id: i64) -> Result<()> {
    let (name, notes): (String, i64) = conn.query_row(
        &format!(
            "SELECT name, (SELECT count(*) FROM notes WHERE {o} = ?1) AS notes FROM {t} WHERE id = ?1",
            o = kind.owner(),
            t = kind.table()
        ),
        [id],
        |r| Ok((r.get("name")?, r.get("notes")?)),
    )?;
    if notes > 0 {
        return Err(Error::user(format!(
            "{} '{}' is named by {}: nothing was deleted",
            kind.noun(),
            crate::domain::text::one_line(&name),
            crate::domain::text::plural(notes, "note")
        )));
    }
    let stories = stories_of(conn, kind, id)?;
    conn.execute(&format!("DELETE FROM {} WHERE id = ?1", kind.table()), [id])?;
    super::stories::refresh_stats(conn, &stories)
}

/// `pm forget`: the person record named exactly (or by alias) and its aliases go;
/// returns every name it answered to, so they are scrubbed too.
pub fn forget(conn: &Connection, name: &str) -> Result<Vec<String>> {
    let Some((id, stored)) = by_key(conn, Kind::Person, &names::key(name))? else { return Ok(Vec::new()) };
    let mut all = aliases_of(conn, Kind::Person, id)?;
    all.push(stored);
    conn.execute("DELETE FROM people WHERE id = ?1", [id])?;
    Ok(all)
}

/// The check-ins a person takes part in (by name or alias), for `pm person show --export`.
pub fn checkins_naming(conn: &Connection, name: &str, aliases: &[String]) -> Result<Vec<serde_json::Value>> {
    let keys: Vec<String> =
        std::iter::once(name).chain(aliases.iter().map(String::as_str)).map(names::key).collect();
    let mut stmt = conn.prepare("SELECT id, topic, with_who, at, outcome FROM checkins ORDER BY at")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, String>("topic")?,
            r.get::<_, String>("with_who")?,
            r.get::<_, String>("at")?,
            r.get::<_, Option<String>>("outcome")?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, topic, with, at, outcome) = row?;
        if with.split([',', ';']).any(|w| keys.contains(&names::key(w))) {
            out.push(serde_json::json!({"id": format!("C{id}"), "topic": topic, "with": with, "at": at, "outcome": outcome}));
        }
    }
    Ok(out)
}

/// The stories a person asked for (by name or alias), for `pm person show --export`.
pub fn stories_requested_by(
    conn: &Connection,
    name: &str,
    aliases: &[String],
) -> Result<Vec<serde_json::Value>> {
    let keys: Vec<String> =
        std::iter::once(name).chain(aliases.iter().map(String::as_str)).map(names::key).collect();
    let mut stmt = conn.prepare(
        "SELECT id, request, requested_by FROM stories WHERE requested_by IS NOT NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>("id")?, r.get::<_, String>("request")?, r.get::<_, String>("requested_by")?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, request, by) = row?;
        if keys.contains(&names::key(&by)) {
            out.push(serde_json::json!({"id": format!("S{id}"), "request": request}));
        }
    }
    Ok(out)
}
