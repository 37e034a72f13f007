//! What the report shows under each ranked story: where its evidence comes
//! from and the accounts that weigh most.

use super::model::SegmentCount;
use crate::domain::score::Contributor;
use crate::error::Result;
use crate::store::{Conn, stories};

/// The segments a story's evidence comes from (a note's own, else its org's), most notes first.
pub(super) fn segments(conn: &Conn, story: i64) -> Result<Vec<SegmentCount>> {
    Ok(crate::store::report::quotes::segments(conn, story)?
        .into_iter()
        .map(|(segment, notes)| SegmentCount { segment, notes })
        .collect())
}

/// At most this many accounts named under a story.
const ACCOUNTS: usize = 5;

/// The accounts behind a story that weigh most: highest importance, then ARR
/// (none last), then seats; and how many there are in all.
pub(super) fn weighing_most(conn: &Conn, story: i64) -> Result<(Vec<Contributor>, usize)> {
    let mut all = stories::contributors(conn, story)?;
    all.sort_by(|a, b| {
        b.demand
            .cmp(&a.demand)
            .then(b.arr.unwrap_or(-1.0).total_cmp(&a.arr.unwrap_or(-1.0)))
            .then(b.reach.cmp(&a.reach))
            .then_with(|| a.name.cmp(&b.name))
    });
    let total = all.len();
    all.truncate(ACCOUNTS);
    Ok((all, total))
}
