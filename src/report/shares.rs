//! The pillars' share of the ranked work.

use super::model::PillarShare;
use crate::domain::story::StoryView;
use crate::error::Result;
use crate::store::{Conn, plans};

/// Each current pillar's share of the top stories, then "(no pillar)".
pub(super) fn pillar_shares(conn: &Conn, top: &[&StoryView]) -> Result<Vec<PillarShare>> {
    // A retired pillar takes no work: its stories count as pointing at no pillar.
    let current: Vec<plans::Pillar> =
        plans::pillars(conn)?.into_iter().filter(|p| p.retired.is_none()).collect();
    let is_current = |name: &Option<String>| current.iter().any(|p| Some(&p.name) == name.as_ref());
    let none = top.iter().filter(|v| !is_current(&v.pillar)).count();
    let mut out: Vec<PillarShare> = current
        .iter()
        .cloned()
        .map(|p| {
            let n = top.iter().filter(|v| v.pillar.as_deref() == Some(p.name.as_str())).count();
            PillarShare { share: share(n, top.len()), name: p.name, top: n, stories: p.stories }
        })
        .collect();
    out.push(PillarShare {
        name: "(no pillar)".into(),
        top: none,
        share: share(none, top.len()),
        stories: crate::store::report::pillars::stories_without_pillar(conn)?,
    });
    Ok(out)
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { (n as f64 * 1000.0 / of as f64).round() / 10.0 }
}
