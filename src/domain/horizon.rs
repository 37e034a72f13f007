//! Roadmap horizons: Now, Next, Later.

use super::jobstory::Problem;
use super::story::{Status, StoryRow};
use super::word_enum::word_enum;

word_enum! {
    /// Where a story sits on the roadmap, in roadmap order.
    Horizon {
        Now = "now",
        Next = "next",
        Later = "later",
    }
}

impl Horizon {
    /// How a horizon is shown: Now, Next, Later.
    pub fn label(self) -> &'static str {
        match self {
            Horizon::Now => "Now",
            Horizon::Next => "Next",
            Horizon::Later => "Later",
        }
    }
}

impl std::str::FromStr for Horizon {
    type Err = String;
    /// A horizon as given by a user (any case), or why not.
    fn from_str(given: &str) -> Result<Horizon, String> {
        Horizon::from_word(given).ok_or_else(|| format!("'{given}' is not a horizon (now, next or later)"))
    }
}

/// A horizon's word as given by a user (any case), or why not (for callers
/// that still keep the word; new code parses a [`Horizon`]).
pub fn parse(given: &str) -> Result<&'static str, String> {
    given.parse::<Horizon>().map(Horizon::as_str)
}

/// Whether a story in `status` belongs on the roadmap: shipped and dropped leave it.
pub fn on_roadmap(status: Status) -> bool {
    !status.is_closed()
}

/// A rank that sorts between `before` (the rank of the story placed ahead of)
/// and `prev` (the one ahead of that, if any).
pub fn rank_between(prev: Option<f64>, before: f64) -> f64 {
    match prev {
        Some(p) => (p + before) / 2.0,
        None => before - 1.0,
    }
}

/// What is wrong with a story's place on the roadmap: in Now with no evidence,
/// or with no pillar to serve (never given, removed, or `retired` on that date).
pub fn problems(row: &StoryRow, retired: Option<&str>) -> Vec<Problem> {
    let mut out = Vec::new();
    if row.horizon != Some(Horizon::Now) || !on_roadmap(row.status) || row.merged_into.is_some() {
        return out;
    }
    if row.evidence.notes == 0 {
        out.push(Problem::new("now-without-evidence", "in Now with no evidence".into()));
    }
    match (&row.pillar, retired) {
        (None, _) => out.push(Problem::new(
            "now-without-pillar",
            "in Now with no pillar (none given, or it was removed)".into(),
        )),
        (Some(p), Some(on)) => out.push(Problem::new(
            "now-retired-pillar",
            format!("in Now under the pillar '{p}', retired on {on}"),
        )),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizons_parse_in_any_case() {
        assert_eq!("NOW".parse(), Ok(Horizon::Now));
        assert_eq!(" later ".parse(), Ok(Horizon::Later));
        assert_eq!("soon".parse::<Horizon>().unwrap_err(), "'soon' is not a horizon (now, next or later)");
        assert_eq!(Horizon::Next.label(), "Next");
    }

    #[test]
    fn ranks_fall_between() {
        assert_eq!(rank_between(None, 1.0), 0.0);
        assert_eq!(rank_between(Some(1.0), 2.0), 1.5);
        assert!(!on_roadmap(Status::Shipped) && !on_roadmap(Status::Dropped) && on_roadmap(Status::Doing));
    }
}
