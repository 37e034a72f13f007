//! The TOML config: which framework scores stories, its options, and the report's
//! top N. Read from the user config folder, then from `config.toml` beside the
//! notebook (a project's `.pm/config.toml`), each key overriding the one before,
//! so `pm config show` can say where every value came from.

use crate::domain::score::{Framework, IceMode, Settings};
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The effective configuration of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub settings: Settings,
    /// How many ranked stories `pm report` shows.
    pub top: usize,
    /// The report's matrix: a story of at least this value is "high value".
    pub value_threshold: f64,
    /// The report's matrix: a story of more than this effort is "high effort".
    pub effort_threshold: f64,
    /// The currency orgs' ARR is in, as shown ("USD" shows "$120,000").
    pub currency: String,
    /// Where each key's value came from ("default" or a file path), in [`KEYS`] order.
    pub origins: Vec<String>,
}

/// Every key the file may hold, as `section.key`.
pub const KEYS: [&str; 8] = [
    "scoring.framework",
    "scoring.ice_mode",
    "scoring.effort_unit",
    "scoring.confidence_steps",
    "report.top",
    "report.value_threshold",
    "report.effort_threshold",
    "report.currency",
];

/// The file `pm config default` prints: every key at its default, explained.
pub const DEFAULT_FILE: &str = r#"# pm configuration. Put it beside a project notebook (.pm/config.toml) or in
# your user config folder (~/.config/pm/config.toml on Linux). A project file's
# keys override the user file's.

[scoring]
# How stories are scored: "rice" (reach × impact × confidence ÷ effort),
# "ice" (impact, confidence, ease, each 1-10) or
# "wsjf" ((business value + time criticality + risk reduction) ÷ job size) or
# "demand" (demand × impact × confidence ÷ effort; demand is ARR-weighted where
# orgs have an ARR: per org its highest importance × its ARR, summed).
framework = "rice"

# How ICE combines its three numbers: "multiply" or "average".
ice_mode = "multiply"

# The unit effort and job size are counted in: "weeks" (person-weeks) or "months".
effort_unit = "weeks"

# Confidence (percent) given to a story whose confidence is not set, from how many
# distinct sources (interview, support, sales, ...) back it: 1, 2, 3 or more.
confidence_steps = [50, 80, 100]

[report]
# How many ranked stories `pm report` shows (`--top N` overrides it).
top = 10

# The priority matrix splits stories at fixed numbers, so a story changes quadrant
# only when its own numbers change (never because another story was added).
# Value is what the score credits before effort: reach × impact × confidence for
# RICE (so 2 people × impact 1 × 100%), business value + time criticality + risk
# reduction for WSJF, the score itself for ICE. At least value_threshold is
# "high value"; more than effort_threshold (in effort_unit) is "high effort".
value_threshold = 2
effort_threshold = 3

# The currency of organisations' ARR (pm org, pm import --kind orgs): a code
# such as "USD", "EUR", "GBP" or "CHF". Amounts are stored as plain numbers.
currency = "USD"
"#;

impl Default for Config {
    fn default() -> Self {
        Config {
            settings: Settings::default(),
            top: 10,
            value_threshold: 2.0,
            effort_threshold: 3.0,
            currency: "USD".into(),
            origins: vec!["default".into(); KEYS.len()],
        }
    }
}

/// The shape of a config file: serde refuses any key not named here, and
/// [`file_error`] turns its refusal into the key and line. Values stay TOML
/// until [`Config::set`] checks them, so a bad one is named with its key.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [section]")]
struct FileKeys {
    scoring: Option<ScoringKeys>,
    report: Option<ReportKeys>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [section]")]
struct ScoringKeys {
    framework: Option<toml::Value>,
    ice_mode: Option<toml::Value>,
    effort_unit: Option<toml::Value>,
    confidence_steps: Option<toml::Value>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [section]")]
struct ReportKeys {
    top: Option<toml::Value>,
    value_threshold: Option<toml::Value>,
    effort_threshold: Option<toml::Value>,
    currency: Option<toml::Value>,
}

/// A config file's TOML or shape error as " line N: what". serde names an
/// unknown field without its section; the fields it expected instead say which.
fn file_error(text: &str, e: &toml::de::Error) -> String {
    let Some(rest) = e.message().strip_prefix("unknown field `") else { return toml_error(text, e) };
    let Some((key, expected)) = rest.split_once('`') else { return toml_error(text, e) };
    let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
    let at = line.map(|l| format!(" line {l}:")).unwrap_or_default();
    let first = expected.split('`').nth(1).unwrap_or_default();
    let section = KEYS.iter().find_map(|k| k.split_once('.').filter(|(_, f)| *f == first).map(|(s, _)| s));
    match section {
        Some(section) => format!("{at} unknown key {section}.{key} (known: {})", KEYS.join(", ")),
        None => {
            // Top level: a key outside any section, or a section of another name.
            // Shown as written (`framework = "rice"`), from where serde points.
            let written = e
                .span()
                .and_then(|s| text[s.start..].lines().next())
                .map(|l| l.trim().trim_end_matches(']'))
                .filter(|l| l.starts_with(key))
                .unwrap_or(key);
            format!("{at} {written} is not a [section]; the sections are [scoring] and [report]")
        }
    }
}

/// One row of `pm config show`.
#[derive(Debug, Serialize)]
pub struct Shown {
    pub key: &'static str,
    pub value: String,
    pub origin: String,
}

impl Config {
    /// The config for a notebook at `notebook`: the user file, then the file beside the notebook.
    pub fn load(notebook: &Path) -> Result<Config> {
        let mut config = Config::default();
        for path in files(notebook) {
            if path.is_file() {
                config.apply_file(&path)?;
            }
        }
        Ok(config)
    }

    /// Apply the keys of the TOML file at `path` over the current values.
    pub fn apply_file(&mut self, path: &Path) -> Result<()> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::user(format!("config {shown}: cannot read it: {e}")))?;
        self.apply(&text, &shown)
    }

    /// Apply the keys of TOML `text` (from `origin`) over the current values.
    pub fn apply(&mut self, text: &str, origin: &str) -> Result<()> {
        let file: FileKeys = toml::from_str(text)
            .map_err(|e: toml::de::Error| Error::user(format!("config {origin}:{}", file_error(text, &e))))?;
        let scoring = file.scoring.unwrap_or_default();
        let report = file.report.unwrap_or_default();
        // In KEYS order, so each value lands on its key's index.
        let given = [
            scoring.framework,
            scoring.ice_mode,
            scoring.effort_unit,
            scoring.confidence_steps,
            report.top,
            report.value_threshold,
            report.effort_threshold,
            report.currency,
        ];
        for (index, value) in given.into_iter().enumerate() {
            if let Some(value) = value {
                self.set(index, &value).map_err(|why| bad(origin, KEYS[index], &value, &why))?;
                self.origins[index] = origin.to_string();
            }
        }
        Ok(())
    }

    fn set(&mut self, index: usize, value: &toml::Value) -> std::result::Result<(), String> {
        let s = &mut self.settings;
        match KEYS[index] {
            "scoring.framework" => {
                s.framework = match value.as_str() {
                    Some("rice") => Framework::Rice,
                    Some("ice") => Framework::Ice,
                    Some("wsjf") => Framework::Wsjf,
                    Some("demand") => Framework::Demand,
                    _ => return Err("must be \"rice\", \"ice\", \"wsjf\" or \"demand\"".into()),
                }
            }
            "scoring.ice_mode" => {
                s.ice_mode = match value.as_str() {
                    Some("multiply") => IceMode::Multiply,
                    Some("average") => IceMode::Average,
                    _ => return Err("must be \"multiply\" or \"average\"".into()),
                }
            }
            "scoring.effort_unit" => s.effort_unit = value.as_str().unwrap_or_default().parse()?,
            "scoring.confidence_steps" => s.confidence_steps = steps(value)?,
            "report.top" => match value.as_integer() {
                Some(n) if (1..=1000).contains(&n) => self.top = n as usize,
                _ => return Err("must be a whole number from 1 to 1000".into()),
            },
            "report.value_threshold" => self.value_threshold = threshold(value)?,
            "report.effort_threshold" => self.effort_threshold = threshold(value)?,
            "report.currency" => match value.as_str().map(str::trim) {
                Some(c) if !c.is_empty() && c.chars().count() <= 8 && !c.chars().any(char::is_control) => {
                    self.currency = c.to_string()
                }
                _ => return Err("must be a currency code such as \"USD\" or \"EUR\"".into()),
            },
            _ => unreachable!("every key in KEYS is handled"),
        }
        Ok(())
    }

    /// Each key with its effective value and origin.
    pub fn shown(&self) -> Vec<Shown> {
        let s = &self.settings;
        let framework = match s.framework {
            Framework::Rice => "rice",
            Framework::Ice => "ice",
            Framework::Wsjf => "wsjf",
            Framework::Demand => "demand",
        };
        let mode = match s.ice_mode {
            IceMode::Multiply => "multiply",
            IceMode::Average => "average",
        };
        let steps: Vec<String> = s.confidence_steps.iter().map(|v| crate::domain::score::fmt(*v)).collect();
        let values = [
            framework.to_string(),
            mode.to_string(),
            s.effort_unit.to_string(),
            format!("[{}]", steps.join(", ")),
            self.top.to_string(),
            crate::domain::score::fmt(self.value_threshold),
            crate::domain::score::fmt(self.effort_threshold),
            self.currency.clone(),
        ];
        KEYS.iter()
            .zip(values)
            .zip(&self.origins)
            .map(|((key, value), origin)| Shown { key, value, origin: origin.clone() })
            .collect()
    }
}

/// A matrix threshold: a number at least 0.
fn threshold(value: &toml::Value) -> std::result::Result<f64, String> {
    value
        .as_float()
        .or_else(|| value.as_integer().map(|i| i as f64))
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| "must be a number of at least 0".to_string())
}

/// Three confidence percentages, each 0-100, never falling.
fn steps(value: &toml::Value) -> std::result::Result<[f64; 3], String> {
    const WANT: &str = "must be three percentages from 0 to 100, e.g. [50, 80, 100]";
    let list = value.as_array().filter(|a| a.len() == 3).ok_or(WANT)?;
    let mut out = [0.0; 3];
    for (slot, v) in out.iter_mut().zip(list) {
        let n = v.as_float().or_else(|| v.as_integer().map(|i| i as f64)).ok_or(WANT)?;
        if !(0.0..=100.0).contains(&n) {
            return Err(WANT.into());
        }
        *slot = n;
    }
    if out[0] > out[1] || out[1] > out[2] {
        return Err("must not fall: more sources never means less confidence".into());
    }
    Ok(out)
}

/// A TOML error as " line N: what", the line counted as an editor shows it.
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
    let at = line.map(|l| format!(" line {l}:")).unwrap_or_default();
    format!("{at} {}", e.message())
}

fn bad(origin: &str, key: &str, value: &toml::Value, why: &str) -> Error {
    Error::user(format!("config {origin}: {key} = {value} {why}"))
}

/// The files read, in order: the user's, then the one beside the notebook.
pub fn files(notebook: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dirs) = directories::ProjectDirs::from("", "", "pm") {
        out.push(dirs.config_dir().join("config.toml"));
    }
    if let Some(dir) = notebook.parent() {
        let beside =
            if dir.as_os_str().is_empty() { PathBuf::from("config.toml") } else { dir.join("config.toml") };
        if !out.contains(&beside) {
            out.push(beside);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config> {
        let mut c = Config::default();
        c.apply(text, "test.toml")?;
        Ok(c)
    }

    #[test]
    fn the_default_file_gives_the_defaults() {
        let c = parsed(DEFAULT_FILE).unwrap();
        assert_eq!(c.settings, Settings::default());
        assert_eq!(c.top, 10);
    }

    #[test]
    fn keys_override_and_record_their_origin() {
        let c =
            parsed("[scoring]\nframework = \"ice\"\nice_mode = \"average\"\n[report]\ntop = 5\n").unwrap();
        assert_eq!(c.settings.framework, Framework::Ice);
        assert_eq!(c.settings.ice_mode, IceMode::Average);
        assert_eq!(c.top, 5);
        let shown = c.shown();
        assert_eq!(shown[0].origin, "test.toml");
        assert_eq!(shown[2].origin, "default");
        assert_eq!(shown[3].value, "[50, 80, 100]");
    }

    #[test]
    fn bad_values_name_the_file_key_and_value() {
        let cases = [
            ("[scoring]\nframework = \"moscow\"", "scoring.framework = \"moscow\""),
            ("[scoring]\neffort_unit = \"days\"", "scoring.effort_unit = \"days\""),
            ("[scoring]\nconfidence_steps = [50, 120, 100]", "scoring.confidence_steps = [50, 120, 100]"),
            ("[scoring]\nconfidence_steps = [90, 80, 100]", "must not fall"),
            ("[report]\ntop = 0", "report.top = 0"),
            ("[report]\ntop = \"ten\"", "report.top = \"ten\""),
            ("[report]\ncolour = true", "line 2: unknown key report.colour"),
            ("[scoring]\nframework = \"ice\"\n\ncolor = 1", "line 4: unknown key scoring.color"),
            ("[colours]\nx = 1", "colours"),
            ("scoring = 5", "expected a [section]"),
            ("framework = \"rice\"", "framework = \"rice\" is not a [section]"),
            ("[scoring\n", "test.toml: line 1:"),
        ];
        for (text, want) in cases {
            let e = parsed(text).unwrap_err().to_string();
            assert!(e.starts_with("config test.toml"), "{e}");
            assert!(e.contains(want), "{text:?} gave {e:?}, wanted {want:?}");
        }
    }
}
