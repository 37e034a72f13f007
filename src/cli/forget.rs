//! `pm forget`: erase a person who withdrew consent.

use crate::app::App;
use crate::domain::privacy::Name;
use crate::domain::text::{count, one_line};
use crate::error::{Error, Result};
use crate::store::forget;
use crate::ui::{Format, prompt};

/// Erase a person's name from every record, the history and the search index (cannot be undone)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm forget \"Alice Ng\"
  pm forget \"Alice Ng\" --delete-notes --yes

Their notes stay (naming no one) unless --delete-notes. Backups and exports made
earlier are not touched: delete those yourself.")]
pub struct Args {
    /// The person's name, as in --who (case and spacing ignored)
    who: String,
    /// Delete their notes too, not just their name
    #[arg(long)]
    delete_notes: bool,
    /// Don't ask for confirmation
    #[arg(long, short)]
    yes: bool,
}

pub fn run(app: &App, a: Args) -> Result<()> {
    let shown = one_line(&a.who);
    let name = Name::new(&a.who).ok_or_else(|| Error::user(format!("pm forget: '{shown}' is not a name")))?;
    if app.ui.interactive && !a.yes {
        let what =
            if a.delete_notes { "their notes and every mention of them" } else { "every mention of them" };
        if !prompt::confirm(&format!("Forget {shown}: erase {what}? This cannot be undone"), false)? {
            crate::ui::say("Nothing changed");
            return Ok(());
        }
    }
    // Run again after a forget killed before its compaction: opening for writing
    // finishes that compaction; if nothing names them any more, that was all.
    let was_pending = app.read().ok().and_then(|s| forget::pending(s.conn()).ok().flatten()).is_some();
    let mut store = app.write_existing()?;
    if was_pending
        && !store.trial("forget", &app.stamp(), |tx| {
            Ok(forget::forget(tx, &name, &a.who, a.delete_notes)?.anything())
        })?
    {
        crate::ui::say(&format!("Nothing names {shown} any more: the interrupted forget is complete"));
        return if app.ui.format == Format::Json {
            crate::ui::json(&forget::Forgotten::default())
        } else {
            Ok(())
        };
    }
    forget::secure(store.conn())?;
    let now = app.stamp();
    let done = store.write("forget", &now, |tx| {
        // A notebook that syncs tells the team which records to scrub (never the name).
        let before = crate::exchange::folder_sync::before_forget(tx, &app.settings, &now)?;
        let done = forget::forget(tx, &name, &a.who, a.delete_notes)?;
        if let Some(before) = before {
            crate::exchange::folder_sync::after_forget(tx, &app.settings, &before, &now)?;
        }
        if !done.anything() {
            return Err(Error::user(format!("no record names '{shown}'"))
                .hint("`pm note list --who NAME` shows a person's notes"));
        }
        forget::mark_pending(tx, &app.stamp())?;
        Ok(done)
    })?;
    crate::ui::progress::Progress::during(store.conn(), "compacting the notebook", || {
        forget::compact(store.conn())
    })?;
    if app.ui.format == Format::Json {
        return crate::ui::json(&done);
    }
    let mut parts = Vec::new();
    if done.notes_deleted > 0 {
        parts.push(format!("deleted {}", count(done.notes_deleted, "note")));
    }
    if done.notes_unnamed > 0 {
        parts.push(format!(
            "{} no longer {} them",
            count(done.notes_unnamed, "note"),
            names(done.notes_unnamed)
        ));
    }
    if done.stories_unnamed > 0 {
        parts.push(format!(
            "{} no longer {} them as requester",
            count(done.stories_unnamed, "story"),
            names(done.stories_unnamed)
        ));
    }
    if done.checkins_unnamed > 0 {
        parts.push(format!(
            "{} no longer {} them",
            count(done.checkins_unnamed, "check-in"),
            names(done.checkins_unnamed)
        ));
    }
    if done.mentions > 0 {
        parts.push(format!("{} in text replaced", count(done.mentions, "mention")));
    }
    if done.log_rows > 0 {
        parts.push(format!("{} cleaned", count(done.log_rows, "history row")));
    }
    crate::ui::say(&format!(
        "Forgot {shown}: {}; history and search index cleaned, file compacted",
        parts.join(", ")
    ));
    if let Some(dir) = app.db_path().parent() {
        let backups: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".bak"))
            .collect();
        if !backups.is_empty() {
            crate::ui::warn(&format!(
                "older copies beside the notebook may still name them: {}",
                backups.join(", ")
            ));
        }
    }
    Ok(())
}

/// The verb after a count: "1 note names", "2 notes name".
fn names(n: usize) -> &'static str {
    if n == 1 { "names" } else { "name" }
}
