//! Roadmap horizons: Now, Next, Later.

use super::jobstory::Problem;
use super::story::StoryRow;

/// The horizons in roadmap order.
pub const HORIZONS: [&str; 3] = ["now", "next", "later"];

/// A horizon as given by a user (any case), or why not.
pub fn parse(given: &str) -> Result<&'static str, String> {
    let g = given.trim().to_lowercase();
    HORIZONS
        .iter()
        .find(|h| **h == g)
        .copied()
        .ok_or_else(|| format!("'{given}' is not a horizon (now, next or later)"))
}

/// How a horizon is shown: Now, Next, Later.
pub fn label(h: &str) -> String {
    let mut c = h.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether a story in `status` belongs on the roadmap: shipped and dropped leave it.
pub fn on_roadmap(status: &str) -> bool {
    !matches!(status, "shipped" | "dropped")
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
    if row.horizon.as_deref() != Some("now") || !on_roadmap(&row.status) || row.merged_into.is_some() {
        return out;
    }
    if row.evidence.notes == 0 {
        out.push(Problem::new(
            "now-without-evidence",
            "in Now with no evidence: link the notes that ask for it (pm story link)".into(),
        ));
    }
    match (&row.pillar, retired) {
        (None, _) => out.push(Problem::new(
            "now-without-pillar",
            "in Now with no pillar (none given, or it was removed): pm story edit --pillar".into(),
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
        assert_eq!(parse("NOW"), Ok("now"));
        assert_eq!(parse(" later "), Ok("later"));
        assert!(parse("soon").unwrap_err().contains("now, next or later"));
        assert_eq!(label("next"), "Next");
    }

    #[test]
    fn ranks_fall_between() {
        assert_eq!(rank_between(None, 1.0), 0.0);
        assert_eq!(rank_between(Some(1.0), 2.0), 1.5);
        assert!(!on_roadmap("shipped") && !on_roadmap("dropped") && on_roadmap("doing"));
    }
}
