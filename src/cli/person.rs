//! `pm person` and `pm org`: people and organisations as records, and the one
//! way a typed name (`--who`, `--org`, `--with`, `--from`) finds its record.

use crate::app::App;
use crate::domain::names::{self, Found};
use crate::domain::text::one_line;
use crate::error::{Error, Result};
use crate::store::Conn as Connection;
use crate::store::people::{self, Kind, OrgEdit, PersonEdit};
use crate::ui::listing::Listing;
use crate::ui::{Format, json, outln, say};

/// The name to store for `typed` given with `flag`: an exact or alias match
/// as is; a unique prefix or first name as the record's name (said on stderr);
/// an unknown name as typed (the record is created with the note, and that is
/// said, with a close name if there is one). Several matches are an error.
pub fn resolve(conn: &Connection, kind: Kind, flag: &str, typed: &str) -> Result<String> {
    let (found, all) = find(conn, kind, typed)?;
    match found {
        Found::Exact(id) => Ok(all.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default()),
        Found::Near(_, name) => {
            say(&format!("{flag} '{}' is {}", one_line(typed), one_line(&name)));
            Ok(name)
        }
        // On a terminal, a choice; elsewhere an error that lists them.
        Found::Ambiguous(names) if INTERACTIVE.load(std::sync::atomic::Ordering::Relaxed) => {
            let shown: Vec<String> = names.iter().map(|n| one_line(n)).collect();
            let items: Vec<&str> = shown.iter().map(String::as_str).collect();
            let at = crate::ui::prompt::select(&format!("{flag} '{}' is", one_line(typed)), &items, 0)?;
            Ok(names[at].clone())
        }
        Found::Ambiguous(names) => Err(Error::user(format!(
            "{flag} '{}' could be {}",
            one_line(typed),
            names.iter().map(|n| format!("'{}'", one_line(n))).collect::<Vec<_>>().join(", ")
        ))
        .hint("give the whole name")),
        Found::New(close) => {
            let mut line = format!("New {} '{}'", kind.noun(), one_line(typed.trim()));
            if let Some(c) = close {
                line.push_str(&format!(" (did you mean '{}'?)", one_line(&c)));
            }
            say(&line);
            Ok(typed.to_string())
        }
    }
}

/// Prompts are allowed in this run (set once, from the UI, before any command).
static INTERACTIVE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_interactive(on: bool) {
    INTERACTIVE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// What `typed` means among the records of `kind`, and the candidates it was
/// matched among. An exact or alias match, then a prefix, each an indexed
/// lookup; only a name that matches nothing reads every name, to suggest a close one.
fn find(conn: &Connection, kind: Kind, typed: &str) -> Result<(Found, Vec<names::Candidate>)> {
    let key = names::key(typed);
    if let Some((id, name)) = people::by_key(conn, kind, &key)? {
        return Ok((Found::Exact(id), vec![names::Candidate { id, name, keys: vec![key] }]));
    }
    let near = people::starting_with(conn, kind, &key)?;
    match names::find(typed, &near) {
        Found::New(_) => {
            let all = people::candidates(conn, kind)?;
            Ok((names::find(typed, &all), all))
        }
        found => Ok((found, near)),
    }
}

/// A person named with `flag` (`--from`, `--with`): resolved, their record made if new.
pub fn person_named(conn: &Connection, flag: &str, typed: &str, now: &str) -> Result<String> {
    let name = resolve(conn, Kind::Person, flag, typed)?;
    Ok(people::ensure(conn, Kind::Person, &name, now)?.1)
}

/// A participant list (`--with "Alice, Bob"`): each resolved and made a
/// record. A role in brackets ("Dana (eng lead)") is the person's role, not
/// part of their name.
pub fn people_named(conn: &Connection, flag: &str, list: &str, now: &str) -> Result<String> {
    let mut names = Vec::new();
    for entry in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let (typed, role) = match entry.strip_suffix(')').and_then(|e| e.split_once('(')) {
            Some((name, role)) if !name.trim().is_empty() && !role.trim().is_empty() => {
                (name.trim(), Some(role.trim()))
            }
            _ => (entry, None),
        };
        let name = person_named(conn, flag, typed, now)?;
        if let Some(role) = role {
            people::set_role_if_none(conn, &name, role, now)?;
        }
        names.push(name);
    }
    Ok(names.join(", "))
}

/// Like [`resolve`], for a filter: an unknown name is kept as typed, silently.
pub fn resolve_filter(conn: &Connection, kind: Kind, flag: &str, typed: &str) -> Result<String> {
    let (found, all) = find(conn, kind, typed)?;
    match found {
        Found::Exact(id) | Found::Near(id, _) => {
            Ok(all.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default())
        }
        Found::Ambiguous(_) => resolve(conn, kind, flag, typed),
        Found::New(_) => Ok(typed.to_string()),
    }
}

/// A rename the store refused, said as `--name` and with the way out.
fn renamed(e: Error, kind: Kind) -> Error {
    e.on_flag("--name").user_hint(format!("`pm {} merge` makes them one", kind.noun()))
}

/// The record an existing name means (exact, alias, or a unique prefix), for
/// show, edit, merge and rm.
fn existing(conn: &Connection, kind: Kind, typed: &str) -> Result<i64> {
    match find(conn, kind, typed)?.0 {
        Found::Exact(id) | Found::Near(id, _) => Ok(id),
        Found::Ambiguous(names) => Err(Error::user(format!(
            "'{}' could be {}",
            one_line(typed),
            names.iter().map(|n| format!("'{}'", one_line(n))).collect::<Vec<_>>().join(", ")
        ))),
        Found::New(close) => {
            let e = Error::user(format!("no {} named '{}'", kind.noun(), one_line(typed)));
            Err(match close {
                Some(c) => e.hint(format!("did you mean '{}'?", one_line(&c))),
                None => e.hint(format!("`pm {} list` shows them", kind.noun())),
            })
        }
    }
}

fn text(v: Option<String>) -> Option<Option<String>> {
    v.map(|s| Some(s.trim().to_string()).filter(|s| !s.is_empty()))
}

/// People as records: who said what, their org, role and consent
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm person add \"Alice Ng\" --org Acme --role \"Head of Ops\"
  pm person list
  pm person show alice
  pm person merge \"Dana\" \"Dana Wu\"     # Dana's notes become Dana Wu's; 'Dana' stays an alias
  pm person show \"Alice Ng\" --export     # everything held about her (JSON)")]
pub struct PersonArgs {
    #[command(subcommand)]
    command: PersonSub,
}

#[derive(Debug, clap::Subcommand)]
enum PersonSub {
    /// Create a person ahead of any note
    Add {
        name: String,
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        role: Option<String>,
        /// What they agreed to (e.g. "recorded interviews, 2026")
        #[arg(long)]
        consent: Option<String>,
    },
    /// Everyone, with their org and how many notes name them
    List,
    /// One person: their record and notes
    Show {
        name: String,
        /// Everything held about them, as JSON (the access request that is forget's twin)
        #[arg(long)]
        export: bool,
    },
    /// Change a person's name, org, role or consent (an empty value clears it)
    Edit {
        name: String,
        #[arg(long = "name", value_name = "NEW")]
        new_name: Option<String>,
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        consent: Option<String>,
    },
    /// Make FROM part of INTO: every note moves, FROM stays as an alias
    Merge { from: String, into: String },
    /// Remove a person no note names
    Rm { name: String },
}

/// Organisations as records: segment, plan, ARR and seats
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm org add Acme --segment enterprise --plan Scale --arr 120000 --seats 250
  pm org list
  pm org edit acme --arr 150000
  pm org merge \"ACME Inc\" Acme
  pm import accounts.csv --kind orgs")]
pub struct OrgArgs {
    #[command(subcommand)]
    command: OrgSub,
}

#[derive(Debug, clap::Args)]
struct OrgFields {
    #[arg(long)]
    segment: Option<String>,
    #[arg(long)]
    plan: Option<String>,
    /// Annual recurring revenue, in the configured currency ("$120,000" or 120000)
    #[arg(long)]
    arr: Option<String>,
    /// Seats (users) at the account: the reach its evidence stands for
    #[arg(long)]
    seats: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum OrgSub {
    /// Create an organisation ahead of any note
    Add {
        name: String,
        #[command(flatten)]
        fields: OrgFields,
    },
    /// Every organisation with its segment, plan, ARR, seats and notes
    List,
    /// One organisation
    Show { name: String },
    /// Change an organisation (an empty value clears it)
    Edit {
        name: String,
        #[arg(long = "name", value_name = "NEW")]
        new_name: Option<String>,
        #[command(flatten)]
        fields: OrgFields,
    },
    /// Make FROM part of INTO: its notes and people move, FROM stays as an alias
    Merge { from: String, into: String },
    /// Remove an organisation no note names
    Rm { name: String },
}

/// ARR as CRMs write it ("$120,000", 120000, 120k); empty clears it.
pub fn parse_arr(flag: &str, v: &str) -> Result<Option<f64>> {
    crate::domain::money::parse(v).map_err(|e| Error::user(format!("{flag}: '{}' {e}", one_line(v))))
}

pub fn parse_seats(flag: &str, v: &str) -> Result<Option<i64>> {
    crate::domain::money::parse_seats(v).map_err(|e| Error::user(format!("{flag}: '{}' {e}", one_line(v))))
}

fn org_edit(f: &OrgFields) -> Result<OrgEdit> {
    Ok(OrgEdit {
        segment: text(f.segment.clone()),
        plan: text(f.plan.clone()),
        arr: f.arr.as_deref().map(|v| parse_arr("--arr", v)).transpose()?,
        seats: f.seats.as_deref().map(|v| parse_seats("--seats", v)).transpose()?,
    })
}

/// An amount in the configured currency; empty for none.
pub fn money(app: &App, v: Option<f64>) -> String {
    v.map(|a| crate::domain::money::show(a, &app.config.currency)).unwrap_or_default()
}

pub fn run_person(app: &App, a: PersonArgs) -> Result<()> {
    match a.command {
        PersonSub::Add { name, org, role, consent } => {
            if names::key(&name).is_empty() {
                return Err(Error::user("NAME: a person needs a name"));
            }
            let mut store = app.write()?;
            let now = app.stamp();
            let shown = store.write("person add", &now, |tx| {
                // Named as stored ("Dana Wu"), not as typed ("DANA WU"): the one to edit.
                if let Some((_, stored)) = people::by_key(tx, Kind::Person, &names::key(&name))? {
                    return Err(Error::user(format!("there is already a person '{}'", one_line(&stored)))
                        .hint("`pm person edit` changes them"));
                }
                let (id, stored, _) = people::ensure(tx, Kind::Person, &name, &now)?;
                let org_id = match org.as_deref().filter(|o| !o.trim().is_empty()) {
                    Some(o) => {
                        let o = resolve(tx, Kind::Org, "--org", o)?;
                        Some(Some(people::ensure(tx, Kind::Org, &o, &now)?.0))
                    }
                    None => None,
                };
                people::edit_person(
                    tx,
                    id,
                    &PersonEdit { org: org_id, role: text(role), consent: text(consent) },
                    &now,
                )?;
                Ok(stored)
            })?;
            outln(&format!("Added {}", one_line(&shown)))
        }
        PersonSub::List => {
            let store = app.read()?;
            let all: Vec<people::Person> =
                people::people(store.conn(), None)?.into_iter().map(|(_, p)| p).collect();
            let rows = all
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        p.org.clone().unwrap_or_default(),
                        p.role.clone().unwrap_or_default(),
                        p.notes.to_string(),
                        p.aliases.join(", "),
                    ]
                })
                .collect();
            Listing { headers: &["name", "org", "role", "notes", "aliases"], rows, records: &all }
                .print(&app.ui, "No people yet (pm note --who NAME or pm person add NAME).")
        }
        PersonSub::Show { name, export } => {
            let store = app.read()?;
            let id = existing(store.conn(), Kind::Person, &name)?;
            let (_, p) = people::people(store.conn(), Some(id))?
                .into_iter()
                .next()
                .ok_or_else(|| Error::internal("person vanished"))?;
            let notes = crate::store::notes::list(
                store.conn(),
                &crate::store::notes::NoteFilter { who: Some(p.name.clone()), ..Default::default() },
            )?;
            if export {
                let checkins = people::checkins_naming(store.conn(), &p.name, &p.aliases)?;
                let stories = people::stories_requested_by(store.conn(), &p.name, &p.aliases)?;
                return json(&serde_json::json!({
                    "person": p, "notes": notes, "checkins": checkins, "stories_requested": stories
                }));
            }
            if app.ui.format == Format::Json {
                return json(&serde_json::json!({"person": p, "notes": notes}));
            }
            let mut out = format!("{}\n", one_line(&p.name));
            for (label, v) in [("org", &p.org), ("role", &p.role), ("consent", &p.consent)] {
                if let Some(v) = v {
                    out.push_str(&format!("{label}: {}\n", one_line(v)));
                }
            }
            if !p.aliases.is_empty() {
                out.push_str(&format!("also: {}\n", one_line(&p.aliases.join(", "))));
            }
            out.push_str(&format!("{}\n", crate::domain::text::count(notes.len(), "note")));
            for n in &notes {
                // One line per note, within the terminal's width.
                let head = format!("  {}  {}  ", n.id, n.on);
                let room = (app.ui.width as usize).saturating_sub(head.chars().count()).max(20);
                out.push_str(&format!("{head}{}\n", crate::domain::text::shorten(&one_line(&n.body), room)));
            }
            outln(out.trim_end())
        }
        PersonSub::Edit { name, new_name, org, role, consent } => {
            let mut store = app.write_existing()?;
            let now = app.stamp();
            store.write("person edit", &now, |tx| {
                let id = existing(tx, Kind::Person, &name)?;
                let org_id = match org.as_deref().map(str::trim) {
                    None => None,
                    Some("") => Some(None),
                    Some(o) => {
                        let o = resolve(tx, Kind::Org, "--org", o)?;
                        Some(Some(people::ensure(tx, Kind::Org, &o, &now)?.0))
                    }
                };
                people::edit_person(
                    tx,
                    id,
                    &PersonEdit { org: org_id, role: text(role), consent: text(consent) },
                    &now,
                )?;
                if let Some(n) = &new_name {
                    people::rename(tx, Kind::Person, id, n, &now).map_err(|e| renamed(e, Kind::Person))?;
                }
                Ok(())
            })?;
            outln(&format!("Updated {}", one_line(new_name.as_deref().unwrap_or(&name))))
        }
        PersonSub::Merge { from, into } => merge(app, Kind::Person, &from, &into),
        PersonSub::Rm { name } => rm(app, Kind::Person, &name),
    }
}

fn merge(app: &App, kind: Kind, from: &str, into: &str) -> Result<()> {
    let mut store = app.write_existing()?;
    let now = app.stamp();
    let moved = store.write(&format!("{} merge", kind.noun()), &now, |tx| {
        let f = existing(tx, kind, from)?;
        let i = existing(tx, kind, into)?;
        people::merge(tx, kind, f, i, &now)
    })?;
    outln(&format!(
        "Merged '{}' into '{}' ({} moved; '{}' is kept as an alias)",
        one_line(from),
        one_line(into),
        crate::domain::text::count(moved, "note"),
        one_line(from)
    ))
}

fn rm(app: &App, kind: Kind, name: &str) -> Result<()> {
    let mut store = app.write_existing()?;
    store.write(&format!("{} rm", kind.noun()), &app.stamp(), |tx| {
        let id = existing(tx, kind, name)?;
        people::remove(tx, kind, id).map_err(|e| {
            e.user_hint(format!(
                "`pm {} merge` makes them another's; `pm forget` erases a person",
                kind.noun()
            ))
        })
    })?;
    outln(&format!("Removed {}", one_line(name)))
}

pub fn run_org(app: &App, a: OrgArgs) -> Result<()> {
    match a.command {
        OrgSub::Add { name, fields } => {
            if names::key(&name).is_empty() {
                return Err(Error::user("NAME: an organisation needs a name"));
            }
            let edit = org_edit(&fields)?;
            let mut store = app.write()?;
            let now = app.stamp();
            let shown = store.write("org add", &now, |tx| {
                // Named as stored ("Dana Wu"), not as typed ("DANA WU"): the one to edit.
                if let Some((_, stored)) = people::by_key(tx, Kind::Org, &names::key(&name))? {
                    return Err(Error::user(format!("there is already an org '{}'", one_line(&stored)))
                        .hint("`pm org edit` changes it"));
                }
                let (id, stored, _) = people::ensure(tx, Kind::Org, &name, &now)?;
                people::edit_org(tx, id, &edit, &now)?;
                Ok(stored)
            })?;
            outln(&format!("Added {}", one_line(&shown)))
        }
        OrgSub::List => {
            let store = app.read()?;
            let all: Vec<people::Org> =
                people::orgs(store.conn(), None)?.into_iter().map(|(_, o)| o).collect();
            let rows = all
                .iter()
                .map(|o| {
                    vec![
                        o.name.clone(),
                        o.segment.clone().unwrap_or_default(),
                        o.plan.clone().unwrap_or_default(),
                        money(app, o.arr),
                        o.seats.map(|s| s.to_string()).unwrap_or_default(),
                        o.people.to_string(),
                        o.notes.to_string(),
                    ]
                })
                .collect();
            Listing {
                headers: &["name", "segment", "plan", "arr", "seats", "people", "notes"],
                rows,
                records: &all,
            }
            .print(
                &app.ui,
                "No organisations yet (pm note --org NAME, pm org add NAME or pm import FILE --kind orgs).",
            )
        }
        OrgSub::Show { name } => {
            let store = app.read()?;
            let id = existing(store.conn(), Kind::Org, &name)?;
            let (_, o) = people::orgs(store.conn(), Some(id))?
                .into_iter()
                .next()
                .ok_or_else(|| Error::internal("org vanished"))?;
            if app.ui.format == Format::Json {
                return json(&o);
            }
            let mut out = format!("{}\n", one_line(&o.name));
            for (label, v) in [("segment", &o.segment), ("plan", &o.plan)] {
                if let Some(v) = v {
                    out.push_str(&format!("{label}: {}\n", one_line(v)));
                }
            }
            if o.arr.is_some() {
                out.push_str(&format!("arr: {}\n", money(app, o.arr)));
            }
            if let Some(s) = o.seats {
                out.push_str(&format!("seats: {s}\n"));
            }
            if !o.aliases.is_empty() {
                out.push_str(&format!("also: {}\n", one_line(&o.aliases.join(", "))));
            }
            out.push_str(&format!(
                "{}, {}",
                crate::domain::text::count(o.people as usize, "person"),
                crate::domain::text::count(o.notes as usize, "note")
            ));
            outln(&out)
        }
        OrgSub::Edit { name, new_name, fields } => {
            let edit = org_edit(&fields)?;
            let mut store = app.write_existing()?;
            let now = app.stamp();
            store.write("org edit", &now, |tx| {
                let id = existing(tx, Kind::Org, &name)?;
                people::edit_org(tx, id, &edit, &now)?;
                if let Some(n) = &new_name {
                    people::rename(tx, Kind::Org, id, n, &now).map_err(|e| renamed(e, Kind::Org))?;
                }
                Ok(())
            })?;
            outln(&format!("Updated {}", one_line(new_name.as_deref().unwrap_or(&name))))
        }
        OrgSub::Merge { from, into } => merge(app, Kind::Org, &from, &into),
        OrgSub::Rm { name } => rm(app, Kind::Org, &name),
    }
}
