//! The merge rules of the records known by a name as well as a uid: pillars,
//! the vision, organisations and people. Two notebooks that each made "speed"
//! or "Acme" before they met share the record.

use super::{Existing, Merged, Merger, Stop, Table, check_uid, required, times};
use crate::error::Result;
use crate::exchange::records::{OrgRec, PersonRec, PillarRec, VisionRec};
use crate::store::merged;

impl Merger<'_> {
    pub(super) fn pillar(&mut self, p: &PillarRec) -> Merged<()> {
        check_uid(&p.uid).and_then(|_| required("name", &p.name)).map_err(Stop::Record)?;
        // A pillar is known by its name too: two notebooks that each added "speed" share it.
        let here = match merged::pillar_by_uid(self.conn, &p.uid)? {
            Some(id) => Some(id),
            None => crate::store::pillars::lookup(self.conn, &p.name)?,
        };
        let state = match here {
            Some(id) => {
                // The same pillar (by uid) renamed, described or retired there later
                // than anything done to it here: take its life. Pillars have no
                // `updated`; their latest change is the latest of these stamps.
                let ours = merged::pillar_here(self.conn, id, &p.uid)?;
                let theirs = (p.name.trim().to_string(), p.description.clone(), p.retired.clone());
                let their_latest = [Some(&p.created), p.retired.as_ref()]
                    .into_iter()
                    .flatten()
                    .chain(p.history.iter().map(|e| &e.at))
                    .max()
                    .cloned()
                    .unwrap_or_default();
                match ours {
                    Some(ours)
                        if (&ours.name, &ours.description, &ours.retired)
                            != (&theirs.0, &theirs.1, &theirs.2)
                            && their_latest > ours.latest =>
                    {
                        merged::pillar_replace(
                            self.conn,
                            id,
                            &theirs.0,
                            theirs.1.as_deref(),
                            theirs.2.as_deref(),
                        )?;
                        self.pillar_history(id, p)?;
                        Existing::Older(id)
                    }
                    _ => Existing::Current(id),
                }
            }
            None => {
                let id = merged::pillar_insert(
                    self.conn,
                    &p.uid,
                    p.name.trim(),
                    p.description.as_deref(),
                    &p.created,
                    p.retired.as_deref(),
                )?;
                self.pillar_history(id, p)?;
                Existing::Absent
            }
        };
        self.count("pillars", &state);
        Ok(())
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

    pub(super) fn vision(&mut self, v: &VisionRec) -> Merged<()> {
        check_uid(&v.uid).and_then(|_| required("text", &v.text)).map_err(Stop::Record)?;
        let state = match self.id_of(Table::Visions, &v.uid)? {
            Some(id) => Existing::Current(id),
            None => {
                merged::vision_insert(self.conn, &v.uid, &v.text, v.why.as_deref(), &v.created)?;
                Existing::Absent
            }
        };
        self.count("vision", &state);
        Ok(())
    }

    /// An organisation: the record with its uid, else the one its name or an
    /// alias names (made on another machine before the two met), else a new one.
    pub(super) fn org(&mut self, o: &OrgRec) -> Merged<()> {
        check_uid(&o.uid)
            .and_then(|_| required("name", &o.name))
            .and_then(|_| times(&o.created, &o.updated))
            .map_err(Stop::Record)?;
        if o.arr.is_some_and(|a| !a.is_finite() || a < 0.0) || o.seats.is_some_and(|s| s < 0) {
            return Err(Stop::Record("arr and seats: must be 0 or more".into()));
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
            let id =
                self.id_of(Table::Orgs, &o.uid)?.or(self.by_name(crate::store::people::Kind::Org, &o.name)?);
            if let Some(id) = id {
                crate::store::people::edit_org(self.conn, id, &edit, &o.updated)?;
            }
        }
        self.count("orgs", &state);
        Ok(())
    }

    /// A person, found as an org is; `org` is their org's uid.
    pub(super) fn person(&mut self, p: &PersonRec) -> Merged<()> {
        check_uid(&p.uid)
            .and_then(|_| required("name", &p.name))
            .and_then(|_| times(&p.created, &p.updated))
            .map_err(Stop::Record)?;
        let org = match &p.org {
            Some(uid) => match self.id_of(Table::Orgs, uid)? {
                Some(id) => Some(id),
                None => return Err(Stop::Record(format!("org: no org with uid '{uid}'"))),
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
            let id = self
                .id_of(Table::People, &p.uid)?
                .or(self.by_name(crate::store::people::Kind::Person, &p.name)?);
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
        Ok(())
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
            crate::store::people::Kind::Person => Table::People,
            crate::store::people::Kind::Org => Table::Orgs,
        };
        let here = match self.existing(table, uid, updated)? {
            Existing::Absent => match self.by_name(kind, name)? {
                // The same name made on two machines before a uid was shared.
                Some(id) => {
                    let ours = merged::updated(self.conn, table, id)?;
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
}
