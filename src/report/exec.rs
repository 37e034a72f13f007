//! The executive audience (`--for exec`): no person's or organisation's name,
//! no quotes, no check-ins (they name who takes part). Names caught in titles
//! and other text are replaced by the export's redaction ("Person 1", "Org 1").

use super::model::Report;
use crate::domain::score::Settings;
use crate::error::{Error, Result};
use crate::exchange::redact::Pseudonyms;
use crate::store::Conn;

/// Every person and organisation the notebook names.
pub fn pseudonyms(conn: &Conn, settings: &Settings, now: &str) -> Result<Pseudonyms> {
    let doc = serde_json::to_value(crate::exchange::doc::export(conn, settings, now)?)?;
    Ok(Pseudonyms::collect(&doc))
}

/// `report` as executives see it.
pub fn report(conn: &Conn, settings: &Settings, mut report: Report, now: &str) -> Result<Report> {
    for s in &mut report.stories {
        s.quotes.clear();
        // Numbers stay (demand, ARR); who they come from does not.
        s.accounts.clear();
    }
    report.checkins.clear();
    report.evidence.people.clear();
    let mut value = serde_json::to_value(&report)?;
    pseudonyms(conn, settings, now)?.apply(&mut value);
    serde_json::from_value(value).map_err(|e| Error::internal(format!("the exec report: {e}")))
}
