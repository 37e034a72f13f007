//! Scores that explain themselves: RICE (default), ICE or WSJF, with reach and
//! confidence derived from evidence where the PM did not set them. A story's
//! score depends only on its own numbers, never on other stories.

use super::word_enum::word_enum;
use serde::Serialize;

word_enum! {
    /// The unit effort and job size are counted in.
    EffortUnit {
        /// Person-weeks.
        Weeks = "weeks",
        /// Person-months.
        Months = "months",
    }
}

impl std::str::FromStr for EffortUnit {
    type Err = String;
    /// A unit as the config file spells it, or what it must be.
    fn from_str(s: &str) -> Result<EffortUnit, String> {
        EffortUnit::from_word(s).ok_or_else(|| "must be \"weeks\" or \"months\"".to_string())
    }
}

word_enum! {
    /// Where one number of a score came from.
    Origin {
        /// Set by the PM.
        Set = "set",
        /// Derived from the linked evidence.
        Derived = "derived",
        /// Neither: the score waits for it.
        Missing = "missing",
    }
}

impl std::str::FromStr for Origin {
    type Err = String;
    fn from_str(s: &str) -> Result<Origin, String> {
        Origin::from_word(s).ok_or_else(|| format!("'{s}' is not an origin (set, derived or missing)"))
    }
}

/// Which prioritisation framework scores stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    #[default]
    Rice,
    Ice,
    Wsjf,
    /// demand (ARR-weighted where ARR is known) × impact × confidence ÷ effort
    Demand,
}

/// How ICE combines its three numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum IceMode {
    #[default]
    Multiply,
    Average,
}

/// The scoring settings (from the config file).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub framework: Framework,
    pub ice_mode: IceMode,
    /// The unit effort is counted in.
    pub effort_unit: EffortUnit,
    /// Confidence (percent) derived from 1, 2, and 3 or more distinct sources.
    pub confidence_steps: [f64; 3],
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            framework: Framework::Rice,
            ice_mode: IceMode::Multiply,
            effort_unit: EffortUnit::Weeks,
            confidence_steps: [50.0, 80.0, 100.0],
        }
    }
}

/// RICE's impact scale.
pub const IMPACT_SCALE: [f64; 5] = [3.0, 2.0, 1.0, 0.5, 0.25];

/// The numbers a PM set on a story (`None`: not set).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Inputs {
    pub reach: Option<f64>,
    pub impact: Option<f64>,
    pub confidence: Option<f64>,
    pub effort: Option<f64>,
    pub ease: Option<f64>,
    pub value: Option<f64>,
    pub criticality: Option<f64>,
    pub risk: Option<f64>,
}

/// What a story's linked notes add up to (kept current on write). Links of
/// importance 0 (mentions) count in `notes` only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Evidence {
    pub notes: i64,
    pub people: i64,
    pub orgs: i64,
    pub sources: i64,
    /// Per distinct person, their highest importance, summed.
    pub importance: i64,
    /// Per account (an org, or a person with no org), its highest importance, summed.
    pub demand: i64,
    /// The ARR of the orgs behind the story, each once (`None`: none known).
    pub arr: Option<f64>,
    /// Per org, its highest importance × its ARR, summed.
    pub arr_demand: Option<f64>,
    /// Seats of the accounts behind the story, where known.
    pub seats: i64,
    /// Accounts behind the story whose seats are not known (each counts as one).
    pub unseated: i64,
}

/// One number in a formula and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(from = "PartIn")]
pub struct Part {
    pub name: &'static str,
    pub value: Option<f64>,
    pub origin: Origin,
    /// In words: "set by you", "12 distinct people in 15 notes", "not set". What
    /// to type to set a missing one is the command line's to say (`ui::next_step`).
    pub from: String,
}

/// A score with its reasons (read back from a recorded meeting's report too).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(from = "ExplainedIn")]
pub struct Explained {
    pub framework: Framework,
    pub score: Option<f64>,
    pub formula: String,
    pub parts: Vec<Part>,
    /// The names of the numbers still needed before there is a score.
    pub missing: Vec<&'static str>,
    /// Who the evidence comes from and what each adds (filled where the links
    /// are read: `pm story show`); empty elsewhere.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<Contributor>,
}

/// One account behind a story's evidence: an org, or a person with no org.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Contributor {
    /// "org" or "person".
    pub kind: String,
    pub name: String,
    /// Its highest importance: what it adds to demand.
    pub demand: i64,
    /// What it adds to a reach from the evidence: its seats, else 1.
    pub reach: i64,
    pub arr: Option<f64>,
    /// The people who spoke for it.
    pub people: Vec<String>,
}

/// The names a part may have; anything else read back is kept as "?".
const NAMES: &[&str] = &[
    "reach",
    "impact",
    "confidence",
    "effort",
    "ease",
    "value",
    "criticality",
    "risk",
    "job size",
    "demand",
];

fn known(s: &str) -> &'static str {
    NAMES.iter().find(|n| **n == s).copied().unwrap_or("?")
}

/// A part read back (from a recorded meeting's report).
#[derive(serde::Deserialize)]
struct PartIn {
    name: String,
    value: Option<f64>,
    origin: String,
    from: String,
}

impl From<PartIn> for Part {
    fn from(p: PartIn) -> Part {
        // A report recorded by an older pm with an origin this one does not
        // know reads as missing: the value, if any, is still shown.
        let origin = p.origin.parse().unwrap_or(Origin::Missing);
        Part { name: known(&p.name), value: p.value, origin, from: p.from }
    }
}

#[derive(serde::Deserialize)]
struct ExplainedIn {
    framework: Framework,
    score: Option<f64>,
    formula: String,
    parts: Vec<PartIn>,
    missing: Vec<String>,
    #[serde(default)]
    contributors: Vec<Contributor>,
}

impl From<ExplainedIn> for Explained {
    fn from(x: ExplainedIn) -> Explained {
        Explained {
            framework: x.framework,
            score: x.score,
            formula: x.formula,
            parts: x.parts.into_iter().map(Part::from).collect(),
            missing: x.missing.iter().map(|m| known(m)).collect(),
            contributors: x.contributors,
        }
    }
}

impl Explained {
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }
    /// "reach × impact × confidence ÷ effort = 12 × 2 × 80% ÷ 3 = 6.4", or what is missing.
    pub fn sentence(&self) -> String {
        match self.score {
            Some(s) => format!("{} = {}", self.formula, fmt(s)),
            None => format!("{}: no score yet, missing {}", self.formula, self.missing.join(", ")),
        }
    }
}

/// A number as people read it: no trailing zeros, at most two decimals.
pub fn fmt(x: f64) -> String {
    let s = format!("{:.2}", x);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn set(name: &'static str, v: f64) -> Part {
    Part { name, value: Some(v), origin: Origin::Set, from: "set by you".into() }
}

/// A number the score lacks; `why` says what the evidence is missing, if that is
/// where it would come from.
fn missing(name: &'static str, why: Option<&str>) -> Part {
    let from = match why {
        Some(why) => format!("not set: {why}"),
        None => "not set".into(),
    };
    Part { name, value: None, origin: Origin::Missing, from }
}

fn given(name: &'static str, v: Option<f64>) -> Part {
    match v {
        Some(v) => set(name, v),
        None => missing(name, None),
    }
}

/// How much of a reach not set by the PM is known seats: `None` when there is
/// no evidence of anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReachBasis {
    /// Every account behind it has its seats known.
    Seats,
    /// Some accounts without seats (each counted as one).
    PartlyEvidence,
    /// No seats known at all: one per org or person.
    EvidenceOnly,
}

impl ReachBasis {
    pub fn of(e: &Evidence) -> Option<ReachBasis> {
        match (e.seats > 0, e.unseated > 0) {
            (_, false) if e.seats == 0 => None,
            (true, false) => Some(ReachBasis::Seats),
            (true, true) => Some(ReachBasis::PartlyEvidence),
            (false, _) => Some(ReachBasis::EvidenceOnly),
        }
    }
    pub fn words(self) -> &'static str {
        match self {
            ReachBasis::Seats => "seats",
            ReachBasis::PartlyEvidence => "partly evidence only",
            ReachBasis::EvidenceOnly => "evidence only",
        }
    }
}

/// Reach: set, else the seats of the accounts behind the evidence, plus one
/// per org or person whose seats are not known.
fn reach(i: &Inputs, e: &Evidence) -> Part {
    if let Some(r) = i.reach {
        return set("reach", r);
    }
    let notes = plural(e.notes, "note");
    let unseated = if e.unseated == 1 {
        "1 org or person".to_string()
    } else {
        format!("{} orgs or people", e.unseated)
    };
    let from = match ReachBasis::of(e) {
        None => {
            return missing("reach", Some("no linked note names a person or an org"));
        }
        Some(ReachBasis::Seats) => format!("{} of the orgs behind {notes}", plural(e.seats, "seat")),
        Some(ReachBasis::PartlyEvidence) => format!(
            "partly evidence only: {} known + {unseated} without seats, in {notes}",
            plural(e.seats, "seat")
        ),
        Some(ReachBasis::EvidenceOnly) => {
            format!("evidence only: {unseated} without seats, in {notes}")
        }
    };
    Part { name: "reach", value: Some((e.seats + e.unseated) as f64), origin: Origin::Derived, from }
}

/// Demand: ARR-weighted where any ARR is known (per org, its highest importance
/// × its ARR), else per account its highest importance, summed.
fn demand(e: &Evidence) -> Part {
    match e.arr_demand {
        Some(a) if a > 0.0 => Part {
            name: "demand",
            value: Some(a),
            origin: Origin::Derived,
            from: format!(
                "ARR-weighted: per org its highest importance × its ARR ({} ARR behind it)",
                fmt(e.arr.unwrap_or(0.0))
            ),
        },
        _ if e.demand > 0 => Part {
            name: "demand",
            value: Some(e.demand as f64),
            origin: Origin::Derived,
            from: "per org (or person with none) its highest importance, summed (no ARR known)".into(),
        },
        _ => missing("demand", Some("no linked note has an importance of 1 or more")),
    }
}

/// Confidence: set, else from how many distinct sources back the story.
fn confidence(i: &Inputs, e: &Evidence, s: &Settings) -> Part {
    if let Some(c) = i.confidence {
        return set("confidence", c);
    }
    if e.sources > 0 {
        let step = s.confidence_steps[(e.sources as usize).min(3) - 1];
        Part {
            name: "confidence",
            value: Some(step),
            origin: Origin::Derived,
            from: format!(
                "{} (1 → {}%, 2 → {}%, 3+ → {}%)",
                plural(e.sources, "distinct source"),
                fmt(s.confidence_steps[0]),
                fmt(s.confidence_steps[1]),
                fmt(s.confidence_steps[2])
            ),
        }
    } else {
        missing("confidence", Some("no linked note has a source"))
    }
}

fn plural(n: i64, word: &str) -> String {
    super::text::plural(n, word)
}

/// How a framework combines its numbers (in the order of its parts).
type Combine = fn(&[f64], &Settings) -> f64;

/// Score a story.
pub fn explain(i: &Inputs, e: &Evidence, s: &Settings) -> Explained {
    let (formula, parts, compute): (String, Vec<Part>, Combine) = match s.framework {
        Framework::Rice => (
            format!("reach × impact × confidence ÷ effort ({})", s.effort_unit),
            vec![reach(i, e), given("impact", i.impact), confidence(i, e, s), given("effort", i.effort)],
            |v, _| v[0] * v[1] * (v[2] / 100.0) / v[3],
        ),
        Framework::Ice => (
            match s.ice_mode {
                IceMode::Multiply => "impact × confidence × ease".to_string(),
                IceMode::Average => "(impact + confidence + ease) ÷ 3".to_string(),
            },
            vec![given("impact", i.impact), confidence(i, e, s), given("ease", i.ease)],
            // ICE counts confidence 1-10, like its other two numbers.
            |v, s| match s.ice_mode {
                IceMode::Multiply => v[0] * (v[1] / 10.0) * v[2],
                IceMode::Average => (v[0] + v[1] / 10.0 + v[2]) / 3.0,
            },
        ),
        Framework::Wsjf => (
            format!("(value + time criticality + risk reduction) ÷ job size ({})", s.effort_unit),
            vec![
                given("value", i.value),
                given("criticality", i.criticality),
                given("risk", i.risk),
                given("effort", i.effort),
            ],
            |v, _| (v[0] + v[1] + v[2]) / v[3],
        ),
        Framework::Demand => (
            format!("demand × impact × confidence ÷ effort ({})", s.effort_unit),
            vec![demand(e), given("impact", i.impact), confidence(i, e, s), given("effort", i.effort)],
            |v, _| v[0] * v[1] * (v[2] / 100.0) / v[3],
        ),
    };
    let missing: Vec<&'static str> = parts.iter().filter(|p| p.value.is_none()).map(|p| p.name).collect();
    let score = if missing.is_empty() {
        let values: Vec<f64> = parts.iter().filter_map(|p| p.value).collect();
        Some((compute(&values, s) * 100.0).round() / 100.0)
    } else {
        None
    };
    let shown: Vec<String> = parts
        .iter()
        .map(|p| match (p.name, p.value) {
            ("confidence", Some(v)) => format!("{}%", fmt(v)),
            (_, Some(v)) => fmt(v),
            (n, None) => format!("{n}?"),
        })
        .collect();
    let numbers = match s.framework {
        Framework::Rice => format!("{} × {} × {} ÷ {}", shown[0], shown[1], shown[2], shown[3]),
        Framework::Ice if s.ice_mode == IceMode::Multiply => {
            format!("{} × {} × {}", shown[0], shown[1], shown[2])
        }
        Framework::Ice => format!("({} + {} + {}) ÷ 3", shown[0], shown[1], shown[2]),
        Framework::Wsjf => format!("({} + {} + {}) ÷ {}", shown[0], shown[1], shown[2], shown[3]),
        Framework::Demand => format!("{} × {} × {} ÷ {}", shown[0], shown[1], shown[2], shown[3]),
    };
    Explained {
        framework: s.framework,
        score,
        formula: format!("{formula} = {numbers}"),
        parts,
        missing,
        contributors: Vec::new(),
    }
}

/// The largest reach a story may have (people per period): more than everyone.
pub const MAX_REACH: f64 = 1e12;
/// The smallest and largest effort (person-weeks or months): a score divides by it.
pub const MIN_EFFORT: f64 = 0.01;
pub const MAX_EFFORT: f64 = 1e6;

/// Check a value given for `name` under `framework`; the error says what is allowed.
/// A negative zero is read as zero.
pub fn validate(name: &str, v: f64, framework: Framework) -> Result<f64, String> {
    let v = if v == 0.0 { 0.0 } else { v };
    let ok = match name {
        _ if !v.is_finite() => false,
        "impact" if framework == Framework::Rice => IMPACT_SCALE.contains(&v),
        "impact" | "ease" => (1.0..=10.0).contains(&v),
        "value" | "criticality" | "risk" => (0.0..=100.0).contains(&v),
        "confidence" => (1.0..=100.0).contains(&v),
        "effort" => (MIN_EFFORT..=MAX_EFFORT).contains(&v),
        "reach" => (0.0..=MAX_REACH).contains(&v),
        _ => true,
    };
    if ok {
        return Ok(v);
    }
    let shown = shown(v);
    Err(match name {
        _ if !v.is_finite() => format!("{name} {shown} is not a finite number"),
        "impact" if framework == Framework::Rice => {
            format!(
                "impact {shown} is not on the scale 3 (massive), 2 (high), 1 (medium), 0.5 (low), 0.25 (minimal)"
            )
        }
        "impact" | "ease" => format!("{name} {shown} must be from 1 to 10"),
        "confidence" => format!("confidence {shown} must be a percentage from 1 to 100"),
        "effort" => format!("effort {shown} must be from 0.01 to 1,000,000"),
        "reach" => format!("reach {shown} must be from 0 to 1,000,000,000,000"),
        _ => format!("{name} {shown} must be from 0 to 100"),
    })
}

/// A number as an error message shows it: short, whatever its size (`1e308`, `1e-320`).
fn shown(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(0.01..1e9).contains(&v.abs()) { format!("{v:e}") } else { fmt(v) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rice() -> Settings {
        Settings::default()
    }

    #[test]
    fn rice_with_everything_set() {
        let i = Inputs {
            reach: Some(12.0),
            impact: Some(2.0),
            confidence: Some(80.0),
            effort: Some(3.0),
            ..Inputs::default()
        };
        let x = explain(&i, &Evidence::default(), &rice());
        assert_eq!(x.score, Some(6.4));
        assert_eq!(x.sentence(), "reach × impact × confidence ÷ effort (weeks) = 12 × 2 × 80% ÷ 3 = 6.4");
        assert!(x.parts.iter().all(|p| p.origin == Origin::Set));
    }

    #[test]
    fn reach_and_confidence_are_derived_from_evidence() {
        let i = Inputs { impact: Some(1.0), effort: Some(2.0), ..Inputs::default() };
        // 2 orgs with 10 seats between them, and 2 orgs or people without seats.
        let e = Evidence {
            notes: 15,
            people: 12,
            orgs: 5,
            sources: 2,
            seats: 10,
            unseated: 2,
            ..Evidence::default()
        };
        let x = explain(&i, &e, &rice());
        assert_eq!(x.score, Some(4.8)); // 12 × 1 × 0.8 ÷ 2
        assert_eq!(x.part("reach").unwrap().origin, Origin::Derived);
        assert_eq!(
            x.part("reach").unwrap().from,
            "partly evidence only: 10 seats known + 2 orgs or people without seats, in 15 notes"
        );
        assert_eq!(x.part("confidence").unwrap().value, Some(80.0));
        let unseated = Evidence { notes: 3, orgs: 2, sources: 4, unseated: 2, ..Evidence::default() };
        let x = explain(&i, &unseated, &rice());
        assert_eq!(x.part("reach").unwrap().value, Some(2.0));
        assert!(x.part("reach").unwrap().from.starts_with("evidence only"));
        assert_eq!(x.part("confidence").unwrap().value, Some(100.0));
    }

    #[test]
    fn a_missing_number_means_no_score_and_says_which() {
        let x = explain(&Inputs { impact: Some(1.0), ..Inputs::default() }, &Evidence::default(), &rice());
        assert_eq!(x.score, None);
        assert_eq!(x.missing, ["reach", "confidence", "effort"]);
        assert!(x.sentence().contains("missing reach, confidence, effort"));
    }

    #[test]
    fn ice_and_wsjf() {
        let i = Inputs {
            impact: Some(8.0),
            confidence: Some(50.0),
            ease: Some(4.0),
            value: Some(8.0),
            criticality: Some(5.0),
            risk: Some(2.0),
            effort: Some(5.0),
            ..Inputs::default()
        };
        let ice = Settings { framework: Framework::Ice, ..rice() };
        assert_eq!(explain(&i, &Evidence::default(), &ice).score, Some(160.0));
        let avg = Settings { framework: Framework::Ice, ice_mode: IceMode::Average, ..rice() };
        assert_eq!(explain(&i, &Evidence::default(), &avg).score, Some(5.67));
        let wsjf = Settings { framework: Framework::Wsjf, ..rice() };
        assert_eq!(explain(&i, &Evidence::default(), &wsjf).score, Some(3.0));
    }

    #[test]
    fn values_off_the_scale_are_refused() {
        assert!(validate("impact", 4.0, Framework::Rice).unwrap_err().contains("3 (massive)"));
        assert!(validate("impact", 0.5, Framework::Rice).is_ok());
        assert!(validate("impact", 7.0, Framework::Ice).is_ok());
        assert!(validate("effort", 0.0, Framework::Rice).is_err());
        assert!(validate("effort", -1.0, Framework::Rice).is_err());
        assert!(validate("confidence", 0.0, Framework::Rice).is_err());
        assert!(validate("confidence", 101.0, Framework::Rice).is_err());
        assert!(validate("confidence", 65.0, Framework::Rice).is_ok());
        assert!(validate("reach", f64::NAN, Framework::Rice).is_err());
    }

    #[test]
    fn numbers_are_finite_and_bounded_with_a_right_message() {
        let e = validate("effort", 1e-320, Framework::Rice).unwrap_err();
        assert_eq!(e, "effort 1e-320 must be from 0.01 to 1,000,000");
        assert_eq!(
            validate("reach", 1e15, Framework::Rice).unwrap_err(),
            "reach 1e15 must be from 0 to 1,000,000,000,000"
        );
        assert_eq!(
            validate("reach", 1e308, Framework::Rice).unwrap_err(),
            "reach 1e308 must be from 0 to 1,000,000,000,000"
        );
        assert!(
            validate("reach", f64::INFINITY, Framework::Rice).unwrap_err().contains("not a finite number")
        );
        let zero = validate("reach", -0.0, Framework::Rice).unwrap();
        assert!(zero == 0.0 && zero.is_sign_positive());
        assert_eq!(fmt(zero), "0");
        assert!(validate("effort", 0.01, Framework::Rice).is_ok());
    }
}
