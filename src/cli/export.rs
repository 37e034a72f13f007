//! `pm export`: the whole notebook as JSON, notes or stories as CSV or Markdown,
//! or the shared folder of one TOML file per record.

use crate::app::App;
use crate::error::{Error, Result};
use crate::exchange::redact::{self, Pseudonyms};
use crate::exchange::table::Kind;
use crate::exchange::{dir, doc};
use crate::store::sync;
use crate::ui::Format;
use crate::ui::listing::{csv_text, md_table};
use serde_json::Value;
use std::path::PathBuf;

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
    let conn = store.conn();
    let exported = doc::export(conn, &app.settings, &app.stamp())?;
    let plain_json = matches!(app.ui.format, Format::Json | Format::Table | Format::Html);
    if a.dir.is_none() && !a.redact && plain_json {
        // Written as it is read, note by note: flat memory whatever the notebook's size.
        let fill = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
            serde_json::to_writer_pretty(&mut *w, &exported)?;
            w.write_all(b"\n")
        };
        return deliver(app, conn, a.out, true, fill);
    }
    // CSV and Markdown of notes and stories are written a row at a time, read
    // from the notebook as they go: flat memory whatever its size.
    let rowwise = matches!(app.ui.format, Format::Csv | Format::Md) && a.dir.is_none() && !a.redact;
    if rowwise && a.kind != Some(Kind::Orgs) {
        if app.ui.format == Format::Csv && a.kind.is_none() {
            return Err(Error::user("--format csv: add --kind notes or --kind stories"));
        }
        let fill = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
            // A closed pipe stays one, so `deliver` ends quietly.
            let failed = |e: Error| match e.is_quiet() {
                true => std::io::Error::from(std::io::ErrorKind::BrokenPipe),
                false => std::io::Error::other(e.message),
            };
            if app.ui.format == Format::Csv {
                let kind = a.kind.unwrap_or(Kind::Notes);
                write_csv(&mut *w, conn, app, kind).map_err(failed)
            } else {
                write_md(&mut *w, conn, app, a.kind).map_err(failed)
            }
        };
        return deliver(app, conn, a.out, false, fill);
    }
    let mut value = serde_json::to_value(&exported)?;
    if a.redact {
        // People and org records name them in `name`: read as the fields the
        // pseudonyms cover (`who`, `org`), and what else they hold about a person goes.
        records_as_fields(&mut value, true);
        Pseudonyms::collect(&value).apply(&mut value);
        records_as_fields(&mut value, false);
    }
    if let Some(folder) = a.dir {
        if a.redact || store.path().is_none() {
            // A redacted folder is for sharing, not syncing: do not record it as synced
            // (nor in a notebook that does not exist: exporting creates none).
            let b = bundle(value, app)?;
            let w = dir::write(&folder, &b, &Default::default(), ("", "")).map_err(Error::user)?;
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
        let now = app.stamp();
        let b = bundle(value, app)?;
        let w = store.write("export --dir", &now, |tx| {
            let by = sync::writer(tx)?;
            let w = dir::write(&folder, &b, &sync::synced(tx)?, (&now, &by)).map_err(Error::user)?;
            sync::record(tx, &w.uids)?;
            Ok(w)
        })?;
        crate::ui::say(&format!(
            "Wrote {} to {} ({} unchanged, {} removed)",
            crate::domain::text::count(w.written, "file"),
            folder.display(),
            w.unchanged,
            w.removed
        ));
        return Ok(());
    }
    if a.redact {
        // Say what the redaction covers, in the document itself where it has room.
        if let Value::Object(map) = &mut value {
            map.insert("redaction".into(), Value::String(redact::COVERS.into()));
        }
        if app.ui.format == Format::Csv {
            crate::ui::say(&format!("Redaction: {}", redact::COVERS));
        }
    }
    let text = match (app.ui.format, a.kind) {
        // HTML is refused before any command runs (cli::main).
        (Format::Json | Format::Table | Format::Html, _) => serde_json::to_string_pretty(&value)?,
        (Format::Csv, None) => return Err(Error::user("--format csv: add --kind notes or --kind stories")),
        (Format::Csv, Some(kind)) => {
            let (headers, rows) = rows(&value, kind);
            csv_text(&app.ui, &headers, &rows)?.trim_end().to_string()
        }
        (Format::Md, kind) => {
            let mut out = String::from("# Notebook export\n");
            if a.redact {
                out.push_str(&format!("\n> Redacted: {}\n", redact::COVERS));
            }
            for k in [Kind::Notes, Kind::Stories] {
                if kind.is_none_or(|want| want == k) {
                    let (headers, rows) = rows(&value, k);
                    let title = if k == Kind::Notes { "Notes" } else { "Stories" };
                    out.push_str(&format!("\n## {title}\n\n{}\n", md_table(&headers, &rows)));
                }
            }
            out.trim_end().to_string()
        }
    };
    match a.out {
        Some(path) => {
            crate::ui::outfile::write("--out", &path, format!("{text}\n").as_bytes(), app.db_path())?;
            crate::ui::say(&format!("Wrote {}", path.display()));
            Ok(())
        }
        None => crate::ui::outln(&text),
    }
}

/// Rename person and org records' `name` to `who`/`org` (`there`), or back;
/// going there drops aliases, role, consent and uid, which no pseudonym covers.
/// The notes or stories as CSV, a row at a time (as `csv_text` writes them).
fn write_csv(w: &mut dyn std::io::Write, conn: &crate::store::Conn, app: &App, kind: Kind) -> Result<()> {
    let fail = crate::ui::stream::csv_output_error;
    let mut out = csv::Writer::from_writer(w);
    out.write_record(headers(kind)).map_err(fail)?;
    doc::each_record(conn, &app.settings, kind == Kind::Stories, |r| {
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
) -> Result<()> {
    let io = crate::ui::stream::output_error;
    w.write_all(b"# Notebook export\n").map_err(io)?;
    for k in [Kind::Notes, Kind::Stories] {
        if !kind.is_none_or(|want| want == k) {
            continue;
        }
        let title = if k == Kind::Notes { "Notes" } else { "Stories" };
        let head = headers(k);
        let table = md_table(&head, &[]);
        write!(w, "\n## {title}\n\n{table}\n").map_err(io)?;
        doc::each_record(conn, &app.settings, k == Kind::Stories, |r| {
            let cells: Vec<String> = row(&r, k).iter().map(|c| crate::domain::text::md_cell(c)).collect();
            writeln!(w, "| {} |", cells.join(" | ")).map_err(io)
        })?;
    }
    Ok(())
}

fn records_as_fields(v: &mut Value, there: bool) {
    for (list, field) in [("people", "who"), ("orgs", "org")] {
        let Some(items) = v.get_mut(list).and_then(Value::as_array_mut) else { continue };
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            let (from, to) = if there { ("name", field) } else { (field, "name") };
            if there {
                // The uid is a hash of the name: it would give the name back.
                for gone in ["aliases", "role", "consent", "uid"] {
                    item.remove(gone);
                }
            }
            if let Some(name) = item.remove(from) {
                item.insert(to.into(), name);
            }
        }
    }
}

fn bundle(value: Value, app: &App) -> Result<crate::exchange::records::Bundle> {
    let parsed: doc::DocIn = serde_json::from_value(value)?;
    let today = app.clock.now().format("%Y-%m-%d").to_string();
    doc::to_bundle(parsed, &app.stamp(), &today).map_err(Error::internal)
}

/// The CSV columns and rows of notes or stories.
fn rows(v: &Value, kind: Kind) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let list = match kind {
        Kind::Notes => "notes",
        Kind::Stories => "stories",
        Kind::Orgs => "orgs",
    };
    let rows =
        v[list].as_array().map(|items| items.iter().map(|r| row(r, kind)).collect()).unwrap_or_default();
    (headers(kind), rows)
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
