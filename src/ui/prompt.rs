//! Asking for missing fields on a terminal (dialoguer) and long text in `$EDITOR`.

use crate::error::{Error, Result};
use dialoguer::{Confirm, Editor, Input, Select};

fn failed(e: dialoguer::Error) -> Error {
    Error::user(format!("prompt cancelled: {e}"))
}

/// Ask for a line of text; empty input gives `None` unless `required`.
pub fn text(label: &str, initial: Option<&str>, required: bool) -> Result<Option<String>> {
    let mut input = Input::<String>::new().with_prompt(label).allow_empty(!required);
    if let Some(i) = initial {
        input = input.with_initial_text(i);
    }
    let answer = input.interact_text().map_err(failed)?;
    let answer = answer.trim().to_string();
    Ok((!answer.is_empty()).then_some(answer))
}

/// Choose one of `items`; returns its index.
pub fn select(label: &str, items: &[&str], default: usize) -> Result<usize> {
    Select::new().with_prompt(label).items(items).default(default).interact().map_err(failed)
}

/// Yes or no.
pub fn confirm(label: &str, default: bool) -> Result<bool> {
    Confirm::new().with_prompt(label).default(default).interact().map_err(failed)
}

/// Open `$VISUAL`/`$EDITOR` on `initial`; `None` when the editor was closed without saving.
pub fn editor(initial: &str) -> Result<Option<String>> {
    let mut ed = Editor::new();
    ed.extension(".md").require_save(false);
    ed.edit(initial).map_err(|e| {
        Error::user(format!("the editor failed: {e}")).hint("set EDITOR, or give the text as an argument")
    })
}
