//! `pm story plan`: placing stories on the roadmap (Now, Next, Later).

use super::change::live;
use crate::app::App;
use crate::domain::horizon::{self, Horizon};
use crate::domain::ids::RecordKind;
use crate::error::{Error, Result};
use crate::store::{self, stories};
use crate::ui::outln;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm story plan S3 now
  pm story plan S5 now --before S3
  pm story plan S3 --clear")]
pub struct PlanArgs {
    id: String,
    /// now, next or later
    #[arg(required_unless_present = "clear", conflicts_with = "clear")]
    horizon: Option<String>,
    /// Place it just ahead of this story (in the same horizon); else ordered by score
    #[arg(long, value_name = "ID", conflicts_with = "clear")]
    before: Option<String>,
    /// Take the story off the roadmap
    #[arg(long)]
    clear: bool,
}

pub fn plan(app: &App, a: PlanArgs) -> Result<()> {
    let to = a.horizon.as_deref().map(str::parse::<Horizon>).transpose().map_err(Error::user)?;
    let mut store = app.write_existing()?;
    let row = live(&store, &a.id)?;
    let shown = row.display_id();
    let before = match &a.before {
        None => None,
        Some(b) => {
            let n = store::resolve(store.conn(), RecordKind::Story, b)?;
            if n == row.id {
                return Err(Error::user(format!("--before: {shown} cannot go before itself")));
            }
            let other = stories::get(store.conn(), n)?
                .ok_or_else(|| Error::user(format!("--before: no story '{b}'")))?;
            let theirs = other.horizon.filter(|_| horizon::on_roadmap(other.status));
            if theirs != to {
                return Err(Error::user(format!(
                    "--before: {} is not in {} (it is {})",
                    other.display_id(),
                    to.map_or("", Horizon::label),
                    theirs.map_or("not on the roadmap", Horizon::label)
                )));
            }
            Some(n)
        }
    };
    if to.is_some() && !horizon::on_roadmap(row.status) {
        return Err(Error::user(format!(
            "{shown} is {}: shipped and dropped stories leave the roadmap",
            row.status
        ))
        .hint(format!("`pm story status {shown} planned` first")));
    }
    let from = row.horizon.filter(|_| horizon::on_roadmap(row.status));
    let name = |h: Option<Horizon>| h.map_or("off the roadmap", Horizon::label);
    let moved = format!("{} → {}", name(from), name(to));
    // The move is in the command's name, so `pm log S1` says where it went.
    let command = format!("story plan {shown}: {moved}");
    let now = app.stamp();
    store.write(&command, &now, |tx| {
        let rank = match (to, before) {
            (Some(h), Some(b)) => {
                // Fix the order the horizon shows now, then slot this story in
                // ahead of `b`: ranks are only meaningful all together.
                let order: Vec<_> =
                    stories::on_horizon(tx, Some(h))?.into_iter().filter(|s| s.id != row.id).collect();
                let mut prev = None;
                let mut at = 0.0;
                for (i, s) in order.iter().enumerate() {
                    let r = i as f64 + 1.0;
                    if s.rank != Some(r) {
                        stories::set_rank(tx, s.id, Some(r))?;
                    }
                    if s.id == b {
                        at = horizon::rank_between(prev, r);
                    }
                    prev = Some(r);
                }
                Some(at)
            }
            _ => None,
        };
        stories::set_horizon(tx, row.id, to, rank, &now)
    })?;
    match (to, &a.before) {
        (Some(_), Some(b)) => outln(&format!("{shown}: {moved} (before {})", b.to_uppercase())),
        _ => outln(&format!("{shown}: {moved}")),
    }
}
