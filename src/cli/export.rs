//! `pm export`: the whole notebook as JSON, notes or stories as CSV or Markdown,
//! or the shared folder of one TOML file per record.

use crate::app::App;
use crate::error::{Error, Result};
use crate::exchange::redact::{self, Pseudonyms};
use crate::exchange::table::Kind;
use crate::exchange::{dir, doc, notebook_records, redacted};
use crate::store::sync;
use crate::ui::Format;
use crate::ui::listing::{csv_text, md_table};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Export the notebook: JSON (all of it), CSV or Markdown (notes or stories), or a folder to share through git
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm export --out notebook.json
  pm export --redact --out for-the-agency.json
  pm export --format csv --kind notes --out notes.csv
  pm export --format csv --kind notes --raw-csv --out notes.csv   # cells exactly as stored, to import again
  pm export --dir ../team-notebook     # then: git add -A && git commit

`pm import` of a JSON export into an empty notebook gives back the same notebook.")]
pub struct Args {
    /// Write to FILE instead of stdout
    #[arg(long, value_name = "FILE", conflicts_with = "dir")]
    out: Option<PathBuf>,
    /// Replace people and organisations with stable pseudonyms (Person 1, Org 1), also inside text
    #[arg(long)]
    redact: bool,
    /// Write one TOML file per record into DIR (notes/, stories/, ...), for sharing through git
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// With --format csv or md: which records
    #[arg(long, value_enum)]
    kind: Option<Kind>,
}

/// Write what `fill` writes to `--out` (`progress`: with a progress line past a
/// second) or to stdout, as it is made. A closed stdout is the closed-pipe error
/// kind, which `cli::fail` ends quietly.
fn deliver(
    app: &App,
    conn: &crate::store::Conn,
    out: Option<PathBuf>,
    progress: bool,
    fill: impl Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    match out {
        Some(path) => {
            let write = || crate::ui::outfile::write_with("--out", &path, app.db_path(), &fill);
            if progress {
                crate::ui::progress::Progress::during(conn, "exporting", write)?;
            } else {
                write()?;
            }
            crate::ui::say(&format!("Wrote {}", path.display()));
            Ok(())
        }
        None => {
            let mut out = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
            crate::ui::stream::written(fill(&mut out).and_then(|_| std::io::Write::flush(&mut out)))
        }
    }
}

pub fn run(app: &App, a: Args) -> Result<()> {
    let store = app.read()?;
    if let Some(folder) = &a.dir {
        return to_folder(app, store, folder, a.redact);
    }
    let conn = store.conn();
    let exported = doc::export(conn, &app.settings, &app.stamp())?;
    // Names are few: gathered first (notes read one at a time and let go), so
    // that each record can be redacted as it is written.
    let pseudonyms = match a.redact {
        true if a.out.is_some() => {
            Some(crate::ui::progress::Progress::during(conn, "reading names", || {
                redacted::pseudonyms(conn, &app.settings, &exported)
            })?)
        }
        true => Some(redacted::pseudonyms(conn, &app.settings, &exported)?),
        false => None,
    };
    let p = pseudonyms.as_ref();
    if matches!(app.ui.format, Format::Json | Format::Table | Format::Html) {
        // Written as it is read, note by note: flat memory whatever the notebook's size.
        // HTML is refused before any command runs (cli::main).
        return match p {
            None => deliver(app, conn, a.out, true, |w| {
                serde_json::to_writer_pretty(&mut *w, &exported)?;
                w.write_all(b"\n")
            }),
            Some(pseudonyms) => {
                let doc = redacted::RedactedDoc { conn, settings: &app.settings, doc: &exported, pseudonyms };
                deliver(app, conn, a.out, true, |w| {
                    serde_json::to_writer_pretty(&mut *w, &doc)?;
                    w.write_all(b"\n")
                })
            }
        };
    }
    if app.ui.format == Format::Csv && a.kind.is_none() {
        return Err(Error::user("--format csv: add --kind notes or --kind stories"));
    }
    if a.redact && app.ui.format == Format::Csv {
        crate::ui::say(&format!("Redaction: {}", redact::COVERS));
    }
    if a.kind == Some(Kind::Orgs) && app.ui.format == Format::Csv {
        // Organisations are few: one table.
        let lists = redacted::small_lists(&exported, p)?;
        let orgs = lists.iter().find(|(k, _)| *k == "orgs").map(|(_, v)| v.as_slice()).unwrap_or_default();
        let rows: Vec<Vec<String>> = orgs.iter().map(|r| row(r, Kind::Orgs)).collect();
        let text = csv_text(&app.ui, &headers(Kind::Orgs), &rows)?;
        let text = text.trim_end();
        return deliver(app, conn, a.out, true, |w| writeln!(w, "{text}"));
    }
    // CSV and Markdown of notes and stories are written a row at a time, read
    // from the notebook as they go: flat memory whatever its size.
    let fill = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
        // A closed pipe stays one, so `deliver` ends quietly.
        let failed = |e: Error| match e.is_quiet() {
            true => std::io::Error::from(std::io::ErrorKind::BrokenPipe),
            false => std::io::Error::other(e.message),
        };
        if app.ui.format == Format::Csv {
            let kind = a.kind.unwrap_or(Kind::Notes);
            write_csv(&mut *w, conn, app, kind, p).map_err(failed)
        } else {
            write_md(&mut *w, conn, app, a.kind, p).map_err(failed)
        }
    };
    deliver(app, conn, a.out, true, fill)
}

/// `pm export --dir`: one TOML file per record, written as the notebook is read.
fn to_folder(app: &App, store: crate::store::Store, folder: &Path, redact: bool) -> Result<()> {
    let now = app.stamp();
    let today = app.clock.now().format("%Y-%m-%d").to_string();
    if redact || store.path().is_none() {
        // A redacted folder is for sharing, not syncing: do not record it as synced
        // (nor in a notebook that does not exist: exporting creates none).
        let conn = store.conn();
        let w = crate::ui::progress::Progress::during(conn, "exporting", || {
            let exported = doc::export(conn, &app.settings, &now)?;
            let p = if redact { Some(redacted::pseudonyms(conn, &app.settings, &exported)?) } else { None };
            let mut out = dir::Writer::new(folder)?;
            notebook_records::each(conn, &app.settings, &exported, p.as_ref(), (&now, &today), |r| {
                out.put(&r).map(|_| ())
            })?;
            Ok(out.done())
        })?;
        crate::ui::say(&format!(
            "Wrote {} to {} ({} unchanged)\nRedaction: {}",
            crate::domain::text::count(w.written, "file"),
            folder.display(),
            w.unchanged,
            redact::COVERS
        ));
        return Ok(());
    }
    drop(store);
    let mut store = app.write()?;
    let w = store.write("export --dir", &now, |tx| {
        crate::ui::progress::Progress::during(tx, "exporting", || {
            let by = sync::writer(tx)?;
            let exported = doc::export(tx, &app.settings, &now)?;
            let mut out = dir::Writer::new(folder)?;
            notebook_records::each(tx, &app.settings, &exported, None, (&now, &today), |r| {
                let (uid, kind) = out.put(&r)?;
                sync::record(tx, &[(uid, kind)])
            })?;
            out.tombstones(|uid| crate::store::export::synced_and_gone(tx, uid), (&now, &by))?;
            Ok(out.done())
        })
    })?;
    crate::ui::say(&format!(
        "Wrote {} to {} ({} unchanged, {} removed)",
        crate::domain::text::count(w.written, "file"),
        folder.display(),
        w.unchanged,
        w.removed
    ));
    Ok(())
}

/// The notes or stories as CSV, a row at a time (as `csv_text` writes them).
fn write_csv(
    w: &mut dyn std::io::Write,
    conn: &crate::store::Conn,
    app: &App,
    kind: Kind,
    p: Option<&Pseudonyms>,
) -> Result<()> {
    let fail = crate::ui::stream::csv_output_error;
    let mut out = csv::Writer::from_writer(w);
    out.write_record(headers(kind)).map_err(fail)?;
    each_record(conn, app, p, kind == Kind::Stories, |r| {
        let cells = row(&r, kind);
        out.write_record(
            cells
                .iter()
                .map(|c| crate::ui::listing::csv_cell(c, app.ui.raw_csv, app.ui.terminal).into_owned()),
        )
        .map_err(fail)
    })?;
    out.flush().map_err(crate::ui::stream::output_error)
}

/// The notes and/or stories as Markdown tables, a row at a time (as `md_table` writes them).
fn write_md(
    w: &mut dyn std::io::Write,
    conn: &crate::store::Conn,
    app: &App,
    kind: Option<Kind>,
    p: Option<&Pseudonyms>,
) -> Result<()> {
    let io = crate::ui::stream::output_error;
    w.write_all(b"# Notebook export\n").map_err(io)?;
    if p.is_some() {
        write!(w, "\n> Redacted: {}\n", redact::COVERS).map_err(io)?;
    }
    for k in [Kind::Notes, Kind::Stories] {
        if !kind.is_none_or(|want| want == k) {
            continue;
        }
        let title = if k == Kind::Notes { "Notes" } else { "Stories" };
        let head = headers(k);
        let table = md_table(&head, &[]);
        write!(w, "\n## {title}\n\n{table}\n").map_err(io)?;
        each_record(conn, app, p, k == Kind::Stories, |r| {
            let cells: Vec<String> = row(&r, k).iter().map(|c| crate::domain::text::md_cell(c)).collect();
            writeln!(w, "| {} |", cells.join(" | ")).map_err(io)
        })?;
    }
    Ok(())
}

/// Each note (or story) as its JSON record, redacted with `p` when given.
fn each_record(
    conn: &crate::store::Conn,
    app: &App,
    p: Option<&Pseudonyms>,
    stories: bool,
    visit: impl FnMut(Value) -> Result<()>,
) -> Result<()> {
    match p {
        Some(p) => redacted::each_record(conn, &app.settings, p, stories, visit),
        None => doc::each_record(conn, &app.settings, stories, visit),
    }
}

/// The columns of a CSV or Markdown export of `kind`: its fields, then what a copy keeps.
fn headers(kind: Kind) -> Vec<&'static str> {
    let extra: &[&str] = match kind {
        Kind::Notes => &["id", "uid", "created"],
        Kind::Stories => &["id", "uid", "score", "evidence_count", "created"],
        Kind::Orgs => &["uid", "people", "notes", "created"],
    };
    kind.fields().iter().chain(extra).copied().collect()
}

/// One record's cells under [`headers`].
fn row(r: &Value, kind: Kind) -> Vec<String> {
    let text = |x: &Value| match x {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            items.iter().map(|i| i.as_str().unwrap_or_default()).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    };
    let from_set = crate::exchange::table::NUMBER_FIELDS;
    headers(kind)
        .iter()
        .map(|h| match *h {
            h if from_set.contains(&h) => text(&r["set"][h]),
            "from" => text(&r["requested_by"]),
            h => text(&r[h]),
        })
        .collect()
}
