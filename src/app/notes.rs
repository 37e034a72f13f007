//! Use cases on notes: what `pm note` and the demo do, with typed inputs and
//! results. The caller has already turned flags into values (names resolved,
//! ids found); a use case runs inside the caller's one transaction.

use crate::domain::ids::RecordKind;
use crate::domain::note::Note;
use crate::error::{Error, Result};
use crate::store::notes::{self, NoteFields};
use crate::store::{self, Conn, stories};

/// Add a note backing `stories` (each linked with importance 1): refused if
/// one of them is merged into another; the stories' evidence is recounted.
pub fn add(tx: &Conn, fields: &NoteFields, story_ids: &[i64], now: &str) -> Result<Note> {
    for s in story_ids {
        if let Some(m) = stories::get(tx, *s)?.and_then(|r| r.merged_into) {
            let into = RecordKind::Story.display(m);
            return Err(Error::user(format!(
                "--story: {} is merged into {into}: link the note to {into}",
                RecordKind::Story.display(*s)
            )));
        }
    }
    let id = notes::insert(tx, &store::new_uid(), fields, now)?;
    for s in story_ids {
        stories::link(tx, *s, id, 1, now)?;
    }
    notes::get(tx, id)?.ok_or_else(|| Error::internal("the new note vanished"))
}
