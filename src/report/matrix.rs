//! Value against effort: the report's matrix.

use super::model::{Matrix, Options};
use crate::domain::score::Settings;
use crate::domain::story::StoryView;

/// The value a story's score credits before dividing by effort (for ICE, the score itself).
pub fn value_of(score: f64, effort: f64, settings: &Settings) -> f64 {
    match settings.framework {
        crate::domain::score::Framework::Ice => score,
        _ => score * effort,
    }
}

/// Value against effort at fixed thresholds: a story's quadrant depends on its own
/// numbers only, never on the other stories.
pub(super) fn matrix(top: &[&StoryView], o: &Options) -> Matrix {
    let mut m = Matrix {
        value_threshold: o.value_threshold,
        effort_threshold: o.effort_threshold,
        ..Matrix::default()
    };
    for v in top {
        let Some(score) = v.score else { continue };
        let effort = v.effort.unwrap_or(1.0);
        let value = value_of(score, effort, o.settings);
        let quadrant = match (value >= o.value_threshold, effort > o.effort_threshold) {
            (true, false) => &mut m.quick_wins,
            (true, true) => &mut m.big_bets,
            (false, false) => &mut m.fill_ins,
            (false, true) => &mut m.money_pits,
        };
        quadrant.push(v.id.clone());
    }
    m
}
