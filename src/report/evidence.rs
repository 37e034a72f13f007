//! The evidence section: how many notes, from which sources and segments,
//! the top tags and the people heard from most.

use super::model::EvidenceSummary;
use crate::error::Result;
use crate::store::Conn;

/// Notes since `since`: a date compares with the day of the conversation; a timestamp
/// (a meeting) with when the note was typed, so late-typed notes still count as new.
pub(super) fn evidence(conn: &Conn, since: Option<&str>) -> Result<EvidenceSummary> {
    let t = crate::store::notes::tally(conn, since.unwrap_or("0000-00-00"))?;
    let mut e = EvidenceSummary {
        notes: t.notes,
        by_source: t.by_source,
        by_segment: t.by_segment,
        top_tags: t.top_tags,
        ..EvidenceSummary::default()
    };
    // One person however their name was typed (case, spacing, Unicode form: `fold`),
    // shown in the first spelling in sort order, as `min(who)` did for case alone.
    let mut people: Vec<(String, i64)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (who, n) in t.by_who {
        match at.entry(crate::domain::text::fold(&who)) {
            std::collections::hash_map::Entry::Occupied(i) => people[*i.get()].1 += n,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(people.len());
                people.push((who.trim().to_string(), n));
            }
        }
    }
    people.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    e.people_total = people.len() as i64;
    e.people = people.into_iter().take(20).map(|(w, _)| w).collect();
    Ok(e)
}
