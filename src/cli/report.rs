//! `pm report`: what a PM brings to a planning meeting. It only reads; `--record`
//! pins it as a meeting, the baseline of the next reports' changes.

use crate::app::App;
use crate::domain::dates::Lean;
use crate::error::{Error, Result};
use crate::report::model::{self, Baseline, Options, Report};
use crate::report::render;
use crate::store::meetings;
use crate::ui::{Format, outln};

/// Print the planning report: vision, ranked stories, matrix, evidence, check-ins, decisions, changes, alignment
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm report                              what changed since the last meeting
  pm report --since 2w --top 5
  pm report --format md --out planning.md
  pm report --format html --out brief.html   the one-page brief (also --for exec)
  pm report --record \"Q1 planning\"       pin it: the next reports compare with it
  pm report --meeting \"Q1 planning\"      the report as it was at that meeting")]
pub struct Args {
    /// Changes, evidence and decisions since a meeting (by name), `last` (the last
    /// meeting recorded: the default) or a DATE
    #[arg(long, value_name = "MEETING|last|DATE")]
    since: Option<String>,
    /// How many ranked stories [default: report.top in the config, 10]
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Record this report as the meeting NAME: later reports show what changed since it
    #[arg(long, value_name = "NAME", conflicts_with = "meeting")]
    record: Option<String>,
    /// Show the report recorded at meeting NAME, exactly as it was
    #[arg(long, value_name = "NAME", conflicts_with_all = ["since", "top"])]
    meeting: Option<String>,
    /// Write the report to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
    /// Who it is for: exec (no names, organisations, quotes or check-ins) or team (everything)
    #[arg(long = "for", value_enum, value_name = "AUDIENCE")]
    audience: Option<crate::report::roadmap::Audience>,
}

pub fn run(app: &App, a: Args) -> Result<()> {
    if let Format::Csv = app.ui.format {
        return Err(Error::user("--format: the report has no CSV form (use table, md or json)"));
    }
    if a.meeting.is_some() && app.ui.format == Format::Html {
        return Err(Error::user("--format html: a recorded meeting shows as table, md or json"));
    }
    if let Some(name) = &a.meeting {
        return emit(app, &recorded(app, name)?, a.out.as_deref());
    }
    let record = a.record.as_deref().map(|n| meeting_name(app, n)).transpose()?;
    let now = app.stamp();
    let options = Options {
        settings: &app.settings,
        top: a.top.unwrap_or(app.config.top),
        value_threshold: app.config.value_threshold,
        effort_threshold: app.config.effort_threshold,
        currency: &app.config.currency,
    };
    let report = if let Some(name) = record {
        let mut store = app.write()?;
        let report = store.write("report --record", &now, |tx| {
            let baseline = baseline(app, tx, a.since.as_deref())?;
            let report = model::build(tx, &options, baseline.as_ref(), &now)?;
            meetings::record(tx, &name, &now, &serde_json::to_string_pretty(&report)?).map_err(|e| {
                e.on_flag("--record").user_hint("pm meeting rename OLD NEW, or pm meeting rm NAME")
            })?;
            Ok(report)
        })?;
        crate::ui::say(&format!("Recorded the meeting '{name}': later reports show what changed since it"));
        report
    } else if !app.db_path().exists() {
        let store = app.read()?;
        model::build(store.conn(), &options, baseline(app, store.conn(), a.since.as_deref())?.as_ref(), &now)?
    } else {
        let mut store = app.write()?;
        if store.read_only()? {
            let b = baseline(app, store.conn(), a.since.as_deref())?;
            model::build(store.conn(), &options, b.as_ref(), &now)?
        } else {
            // Built in a transaction that is rolled back: the scores are brought up
            // to the current config as a write would, and nothing is recorded.
            store.trial("report", &now, |tx| {
                let baseline = baseline(app, tx, a.since.as_deref())?;
                model::build(tx, &options, baseline.as_ref(), &now)
            })?
        }
    };
    let report = match a.audience {
        Some(crate::report::roadmap::Audience::Exec) => {
            let store = app.read()?;
            crate::report::exec::report(store.conn(), &app.settings, report, &now)?
        }
        _ => report,
    };
    let text = match app.ui.format {
        Format::Json => serde_json::to_string_pretty(&report)?,
        Format::Html => {
            let store = app.read()?;
            let map = crate::report::roadmap::build(store.conn(), &app.settings, a.audience, &now)?;
            let brief = crate::report::brief::Brief { report: Some(&report), roadmap: &map, generated: &now };
            crate::report::brief::render(store.conn(), &app.settings, &brief)?
        }
        _ => rendered(app, &report),
    };
    emit(app, &text, a.out.as_deref())
}

/// The report in the run's format (not JSON).
fn rendered(app: &App, report: &Report) -> String {
    match app.ui.format {
        Format::Md => render::markdown(report),
        _ => render::terminal(report, &app.ui),
    }
}

/// A recorded meeting's report, in the run's format.
fn recorded(app: &App, name: &str) -> Result<String> {
    let store = app.read()?;
    let Some(m) = meetings::find(store.conn(), name)? else {
        return Err(Error::user(format!("--meeting: no meeting '{}'", name.trim())).hint("pm meeting list"));
    };
    let Some(json) = meetings::model(store.conn(), &m.name)? else {
        return Err(Error::user(format!(
            "--meeting: '{}' was a report run before pm kept meetings: it serves as a baseline only",
            m.name
        )));
    };
    if app.ui.format == Format::Json {
        // The JSON exactly as it was printed when recorded.
        return Ok(json);
    }
    let report: Report = serde_json::from_str(&json)
        .map_err(|e| Error::data(format!("the meeting '{}' has an unreadable report: {e}", m.name)))?;
    Ok(rendered(app, &report))
}

fn emit(app: &App, text: &str, out: Option<&std::path::Path>) -> Result<()> {
    match out {
        Some(path) => {
            // Owner-only, like the notebook: the report names the people heard from.
            crate::ui::outfile::write("--out", path, format!("{text}\n").as_bytes(), app.db_path())?;
            crate::ui::say(&format!("Wrote the report to {}", path.display()));
            Ok(())
        }
        None => outln(text),
    }
}

/// A meeting's name: words, not a date or `last` (`--since` tries names first, so
/// a name that reads as a date would hide that date).
pub fn meeting_name(app: &App, name: &str) -> Result<String> {
    let name = crate::domain::text::one_line(name).trim().to_string();
    if name.is_empty() {
        return Err(
            Error::user("--record: the meeting needs a name").hint("pm report --record \"Q1 planning\"")
        );
    }
    if name.eq_ignore_ascii_case("last")
        // The date parser takes a phrase only when it understands every word of it,
        // so "November planning" is a name and "nov 20" a date.
        || crate::cli::input::date(app, "--record", &name, Lean::Past).is_ok()
    {
        return Err(Error::user(format!("--record: '{name}' reads as a date; name the meeting in words"))
            .hint("pm report --record \"Q1 planning\""));
    }
    Ok(name)
}

/// What "since" means: `--since` as a meeting name, `last`, or a date (tried in
/// that order); without it, the last meeting recorded (none: no changes to show).
fn baseline(app: &App, conn: &crate::store::Conn, since: Option<&str>) -> Result<Option<Baseline>> {
    match since.map(str::trim) {
        None => Ok(meetings::last(conn)?.as_ref().map(Baseline::meeting)),
        Some(s) => {
            if let Some(m) = meetings::find(conn, s)? {
                return Ok(Some(Baseline::meeting(&m)));
            }
            if s.eq_ignore_ascii_case("last") {
                let last = meetings::last(conn)?;
                if last.is_none() {
                    crate::ui::warn("no meeting recorded yet: showing everything");
                }
                return Ok(last.as_ref().map(Baseline::meeting));
            }
            let date = crate::cli::input::date(app, "--since", s, Lean::Past)
                .map_err(|e| e.hint("--since takes a meeting's name (pm meeting list), last, or a date"))?;
            Ok(Some(Baseline::date(conn, &date)?))
        }
    }
}
