//! Use cases on stories: adding one and linking evidence to it, with typed
//! inputs and results (the warnings a PM should see come back as values, for
//! the caller to render). Each runs inside the caller's one transaction.

use crate::domain::jobstory;
use crate::domain::score::{Inputs, Settings};
use crate::domain::story::StoryView;
use crate::domain::text::one_line;
use crate::error::{Error, Result};
use crate::store::stories::{self, StoryFields};
use crate::store::{self, Conn};

/// A story to add, with the notes that back it and their importance.
#[derive(Debug, Clone, Default)]
pub struct NewStory {
    pub fields: StoryFields,
    pub inputs: Inputs,
    pub evidence: Vec<(i64, u8)>,
    /// What was wrong with the request as drafted (said first; they replace the
    /// lint's own "no motivation").
    pub draft_warnings: Vec<String>,
}

/// A story as added, and what its wording or its likeness to others calls for.
#[derive(Debug)]
pub struct Added {
    pub id: i64,
    pub view: StoryView,
    pub warnings: Vec<String>,
    pub hints: Vec<String>,
}

/// Add a story, link its evidence (recounted by the link), lint its clauses
/// and name the stories it looks like.
pub fn add(tx: &Conn, new: &NewStory, settings: &Settings, now: &str) -> Result<Added> {
    let id = stories::insert(tx, &store::new_uid(), &new.fields, &new.inputs, now)?;
    for (note, importance) in &new.evidence {
        stories::link(tx, id, *note, *importance, now)?;
    }
    let clauses = &new.fields.clauses;
    let (hints, problems): (Vec<_>, Vec<_>) =
        crate::ui::next_step::clause_problems(jobstory::lint(clauses)).into_iter().partition(|p| p.hint);
    let hints: Vec<String> = hints.into_iter().map(|p| format!("{} [{}]", p.message, p.code)).collect();
    let mut warnings = new.draft_warnings.clone();
    warnings.extend(
        problems
            .into_iter()
            .filter(|p| new.draft_warnings.is_empty() || p.code != "no-motivation")
            .map(|p| format!("{} [{}]", p.message, p.code)),
    );
    let text = format!("{} {}", new.fields.request, jobstory::render(clauses));
    let words = stories::key_words(&text).len();
    for s in stories::similar(tx, &text, Some(id), 3)? {
        if stories::looks_like(&s, words)
            && let Some(other) = stories::get(tx, s.id)?
        {
            warnings.push(format!("looks like {}: {}", other.display_id(), one_line(&other.text())));
        }
    }
    let row = stories::get(tx, id)?.ok_or_else(|| Error::internal("the new story vanished"))?;
    Ok(Added { id, view: StoryView::new(&row, stories::note_ids(tx, id)?, settings), warnings, hints })
}

/// Link `notes` to `story` with `importance`, keeping `quote` as the customer's
/// words (a quote is from one note). The story's evidence is recounted.
pub fn link(
    tx: &Conn,
    story: i64,
    notes: &[i64],
    importance: u8,
    quote: Option<&str>,
    now: &str,
) -> Result<()> {
    for n in notes {
        stories::link(tx, story, *n, importance, now)?;
        if let Some(q) = quote {
            stories::set_quote(tx, story, *n, q)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::notes::NoteFields;
    use crate::store::{Store, stories};

    fn note(body: &str) -> NoteFields {
        NoteFields { body: body.into(), on: "2026-11-20".into(), ..NoteFields::default() }
    }

    /// A link is recounted by the call that makes it: read back inside the same
    /// transaction, before anything else runs, the story counts its evidence.
    #[test]
    fn a_link_counts_as_evidence_in_the_same_call() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("n.db")).unwrap();
        let now = "2026-11-27T10:00:00Z";
        store
            .write("test", now, |tx| {
                let a = crate::app::notes::add(tx, &note("exports take an hour"), &[], now)?;
                let b = crate::app::notes::add(tx, &note("export to CSV please"), &[], now)?;
                let (a, b) = (a.id[1..].parse::<i64>().unwrap(), b.id[1..].parse::<i64>().unwrap());
                let new = NewStory {
                    fields: StoryFields { request: "Add CSV export".into(), ..StoryFields::default() },
                    evidence: vec![(a, 2)],
                    ..NewStory::default()
                };
                let added = add(tx, &new, &Settings::default(), now)?;
                assert_eq!(stories::get(tx, added.id)?.unwrap().evidence.notes, 1);
                link(tx, added.id, &[b], 3, None, now)?;
                let row = stories::get(tx, added.id)?.unwrap();
                assert_eq!((row.evidence.notes, row.evidence.importance), (2, 5));
                assert!(stories::unlink(tx, added.id, a)?);
                assert_eq!(stories::get(tx, added.id)?.unwrap().evidence.notes, 1);
                Ok(())
            })
            .unwrap();
    }
}
