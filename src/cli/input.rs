//! Reading flag values: dates, optional text, bodies from stdin. Every error names the flag.

use crate::app::App;
use crate::domain::dates::{self, Lean};
use crate::error::{Error, Result};
use std::io::{IsTerminal, Read};

/// A date flag, read against the run's clock; errors name the flag and quote the value.
pub fn date(app: &App, flag: &str, value: &str, lean: Lean) -> Result<String> {
    dates::parse_date(value, app.clock.now(), lean)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|e| Error::user(format!("{flag}: {e}")))
}

/// Trimmed text, `None` when empty (so `--who ""` clears a field).
pub fn opt_text(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Whether a text argument should come from stdin: it is `-`, or it is missing and stdin is piped.
pub fn from_stdin(arg: Option<&str>) -> bool {
    match arg {
        Some("-") => true,
        Some(_) => false,
        None => !std::io::stdin().is_terminal(),
    }
}

/// All of stdin as UTF-8 text.
pub fn read_stdin(what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    String::from_utf8(bytes).map_err(|_| Error::user(format!("the {what} on stdin is not UTF-8 text")))
}

/// A `--pillar` the store could not use (unknown, or retired), said as the
/// flag, with how to add one.
pub fn pillar_flag(e: Error) -> Error {
    e.on_flag("--pillar").user_hint("add one with pm vision pillar add NAME")
}

/// Resolve the ids given to a repeatable flag (`--story`, `--evidence`); errors name the flag.
pub fn ids(
    conn: &crate::store::Conn,
    kind: crate::domain::ids::RecordKind,
    flag: &str,
    given: &[String],
) -> Result<Vec<i64>> {
    given.iter().map(|s| crate::store::resolve(conn, kind, s).map_err(|e| e.on_flag(flag))).collect()
}

/// A `--limit N`: 0 would show nothing and say there is nothing, so it is refused.
pub fn limit(n: usize) -> Result<usize> {
    if n == 0 { Err(Error::user("--limit: must be at least 1")) } else { Ok(n) }
}
