//! `pm import`: CSV or JSON files of notes or stories, a JSON export of another
//! notebook, or a shared folder; all of it or nothing.

use crate::app::App;
use crate::error::{Error, Result};
use crate::exchange::merge::{Counts, Merger};
use crate::exchange::table::{self, Columns, Context, Kind};
use crate::exchange::{dir, doc_read};
use crate::store::sync;
use crate::ui::Format;
use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Import notes or stories from CSV or JSON, an export of another notebook, or a shared folder
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm import interviews.csv
  pm import canny-export.csv --kind stories --map request=Title --map from=Author --dry-run
  pm import accounts.csv --kind orgs --map arr=\"Annual Revenue\"
  pm import notebook.json          # an export of another notebook: merged by uid
  pm import --dir ../team-notebook --prune

CSV headers name the fields (any case). Notes: body (required), who, org, segment,
source, on, tags, stories. Stories: request or want (one required), when, so, status,
pillar, reach, impact, confidence, effort, ease, value, criticality, risk, from.
Orgs (accounts, merged by name): name (required), segment, plan, arr ($120,000,
120000 or 120k, in the currency of config's report.currency), seats.
Lists (tags, stories) are separated by ';'. The first bad row stops the import and
nothing is written.")]
pub struct Args {
    /// A .csv or .json file
    #[arg(required_unless_present = "dir", conflicts_with = "dir")]
    file: Option<PathBuf>,
    /// What the rows are: notes, stories or orgs (accounts) [default: guessed from the columns]
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// Read field FIELD from column COLUMN (repeat for more)
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    maps: Vec<String>,
    /// Check everything and say what would be imported; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Read a folder written by `pm export --dir`, merging by uid (the newer `updated` wins)
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// With --dir: delete records whose files were deleted from the folder since the last sync
    #[arg(long, requires = "dir")]
    prune: bool,
    /// With --prune: remove even more than 10 records (or 5 % of the notebook)
    #[arg(long, short, requires = "prune")]
    yes: bool,
}

#[derive(serde::Serialize)]
struct Summary {
    dry_run: bool,
    counts: BTreeMap<&'static str, Counts>,
    removed: usize,
    /// Said after the import succeeds, so a failed one prints only its error.
    warnings: Vec<String>,
}

pub fn run(app: &App, a: Args) -> Result<()> {
    // What can fail without the notebook (a file unreadable, not UTF-8 or of no
    // known format; a folder unreadable) fails before a missing notebook is created.
    let input = match (&a.dir, &a.file) {
        (Some(folder), _) => Input::Dir(dir::read(folder).map_err(|e| Error::user(format!("--dir: {e}")))?),
        (None, Some(file)) => Input::File(read_file(file, &a.maps)?),
        (None, None) => return Err(Error::user("give a FILE or --dir DIR")),
    };
    // A dry run on a missing notebook checks against an empty one and creates nothing.
    let fresh = !a.dry_run && !app.db_path().exists();
    let folder_was_there = app.db_path().parent().is_none_or(|f| f.as_os_str().is_empty() || f.exists());
    let mut store = if a.dry_run { app.write_if_exists()? } else { app.write()? };
    // Flat memory whatever the file's size: a page cache of a few MiB (sqlite3's
    // own is 2), the temp tables and index sorts of a big import on disk.
    crate::store::log::bulk::bounded(store.conn(), 4)?;
    // A CSV of notes is a bulk load of new notes: it checks its references
    // itself, once (see Store::check_references).
    let bulk_notes = matches!(&input, Input::File(f) if f.holds_notes(a.kind, &a.maps));
    if bulk_notes {
        store.check_references(false)?;
    }
    let now = app.stamp();
    let dry = a.dry_run;
    let job = |tx: &crate::store::Tx| -> Result<Summary> {
        let mut warnings = Vec::new();
        let (counts, removed) = match (&input, &a.dir) {
            (Input::Dir(bundle), Some(folder)) => {
                import_dir(tx, bundle, folder, (a.prune, a.yes || dry), &now, &mut warnings)?
            }
            (Input::File(file), _) => (import_file(app, tx, file, a.kind, &a.maps, &now, &mut warnings)?, 0),
            (Input::Dir(_), None) => return Err(Error::internal("a folder's records without the folder")),
        };
        Ok(Summary { dry_run: dry, counts, removed, warnings })
    };
    let summary = match if dry { store.trial("import", &now, job) } else { store.write("import", &now, job) }
    {
        Ok(summary) => summary,
        Err(e) => {
            // An import refused on a notebook it created leaves none behind: a
            // failing command creates nothing (unless another pm wrote to it since).
            if fresh && crate::store::untouched(store.conn()).unwrap_or(false) {
                drop(store);
                remove_new_notebook(app.db_path(), folder_was_there);
            }
            return Err(e);
        }
    };
    if bulk_notes {
        store.check_references(true)?;
    }
    for w in &summary.warnings {
        crate::ui::warn(w);
    }
    if app.ui.format == Format::Json {
        return crate::ui::json(&summary);
    }
    let parts: Vec<String> = summary
        .counts
        .iter()
        .map(|(kind, c)| {
            let mut s = crate::domain::text::count(c.added, singular(kind));
            if c.updated > 0 {
                s.push_str(&format!(" ({} updated)", c.updated));
            }
            if c.unchanged > 0 {
                s.push_str(&format!(" ({} already here)", c.unchanged));
            }
            s
        })
        .collect();
    let what = if parts.is_empty() { "nothing".to_string() } else { parts.join(", ") };
    let removed = if summary.removed > 0 { format!("; removed {}", summary.removed) } else { String::new() };
    crate::ui::say(&format!("{} {what}{removed}", if dry { "Would import" } else { "Imported" }));
    Ok(())
}

/// Remove a notebook this run created and left empty, its WAL files, and the folder
/// made for it (only if empty).
fn remove_new_notebook(db: &Path, folder_was_there: bool) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(p));
    }
    if !folder_was_there && let Some(folder) = db.parent() {
        let _ = std::fs::remove_dir(folder);
    }
}

/// What is imported, read before the notebook is opened.
enum Input {
    Dir(crate::exchange::records::Bundle),
    File(FileIn),
}

/// A file to import: its name as shown, where it is, its number of lines, and
/// whether it is JSON (else CSV). Read again, as a stream, by the import.
struct FileIn {
    shown: String,
    path: PathBuf,
    lines: usize,
    json: bool,
}

impl FileIn {
    /// Whether this is a CSV of notes (its header read again: the import
    /// proper reads it as rows come).
    fn holds_notes(&self, given: Option<Kind>, maps: &[String]) -> bool {
        if self.json {
            return false;
        }
        let header = self
            .open()
            .ok()
            .and_then(|r| csv::ReaderBuilder::new().flexible(true).from_reader(r).headers().ok().cloned());
        let header: Vec<String> = header.iter().flatten().map(String::from).collect();
        kind_of(&header, given, maps) == Some(Kind::Notes)
    }

    /// The file from its start, past a byte order mark.
    fn open(&self) -> Result<std::io::BufReader<std::fs::File>> {
        use std::io::BufRead;
        let cannot = |e: std::io::Error| Error::user(format!("cannot read {}: {e}", self.shown));
        let mut r =
            std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(&self.path).map_err(cannot)?);
        if r.fill_buf().map_err(cannot)?.starts_with(b"\xef\xbb\xbf") {
            r.consume(3);
        }
        Ok(r)
    }
}

fn read_file(file: &Path, maps: &[String]) -> Result<FileIn> {
    let shown = file.display().to_string();
    let cannot = |e: std::io::Error| Error::user(format!("cannot read {shown}: {e}"));
    // Read once here, in pieces, to refuse a file that is not UTF-8 before the
    // notebook is opened, and to count its lines.
    let lines = table::utf8_lines(std::fs::File::open(file).map_err(cannot)?)
        .map_err(cannot)?
        .map_err(|e| Error::user(format!("{shown} {e}")))?;
    let ext = file.extension().and_then(|e| e.to_str()).map(str::to_lowercase);
    let json = match ext.as_deref() {
        Some("csv") => false,
        Some("json") => true,
        _ => return Err(Error::user(format!("{shown}: cannot tell the format; name it .csv or .json"))),
    };
    if json && !maps.is_empty() {
        return Err(Error::user("--map: only for CSV files"));
    }
    Ok(FileIn { shown, path: file.to_path_buf(), lines, json })
}

/// What a CSV holds: the kind given, else what shows in the columns or in the
/// fields the --map flags fill.
fn kind_of(header: &[String], given: Option<Kind>, maps: &[String]) -> Option<Kind> {
    let mut lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    lower.extend(maps.iter().filter_map(|m| m.split_once('=')).map(|(f, _)| f.trim().to_lowercase()));
    given.or_else(|| Kind::guess(&lower))
}

fn import_dir(
    tx: &crate::store::Tx,
    bundle: &crate::exchange::records::Bundle,
    folder: &Path,
    (prune, yes): (bool, bool),
    now: &str,
    warnings: &mut Vec<String>,
) -> Result<(BTreeMap<&'static str, Counts>, usize)> {
    let mut m = Merger::new(tx, now).bulk()?;
    let place = format!("--dir {}", folder.display());
    m.put_bundle(bundle).map_err(|e| e.at(&place))?;
    let counts = m.done().map_err(|e| e.at(&place))?;
    let uids = bundle.uids();
    let present: BTreeSet<String> = uids.iter().map(|(u, _)| u.clone()).collect();
    let gone = sync::gone(tx, &present)?;
    let mut removed = 0;
    let total: usize = crate::store::counts(tx)?.iter().map(|(_, n)| *n as usize).sum();
    // An empty or wrong folder looks like everything was deleted there.
    if prune && !yes && crate::exchange::folder_sync::too_many(gone.len(), total) {
        return Err(Error::user(format!(
            "--prune would remove {} of {total} records (is {} the right folder?): nothing was changed",
            gone.len(),
            folder.display()
        ))
        .hint("--dry-run lists them; --yes removes them"));
    }
    if prune {
        for (folder, uid) in &gone {
            sync::remove(tx, folder, uid)?;
            removed += 1;
        }
    } else if !gone.is_empty() {
        warnings.push(format!(
            "{} here no file in {} any more (deleted there?); --prune removes them",
            match gone.len() {
                1 => "1 record has".to_string(),
                n => format!("{n} records have"),
            },
            folder.display()
        ));
    }
    sync::record(tx, &uids)?;
    Ok((counts, removed))
}

fn import_file(
    app: &App,
    tx: &crate::store::Tx,
    file: &FileIn,
    kind: Option<Kind>,
    maps: &[String],
    now: &str,
    warnings: &mut Vec<String>,
) -> Result<BTreeMap<&'static str, Counts>> {
    if file.json {
        import_json(app, tx, file, kind, now)
    } else {
        import_csv(app, tx, file, kind, maps, now, warnings)
    }
}

#[allow(clippy::too_many_arguments)]
fn import_csv(
    app: &App,
    tx: &crate::store::Tx,
    file: &FileIn,
    kind: Option<Kind>,
    maps: &[String],
    now: &str,
    warnings: &mut Vec<String>,
) -> Result<BTreeMap<&'static str, Counts>> {
    let shown = file.shown.as_str();
    // The rows are read from the file as they are written: the text held is the
    // record at hand and what the reader read ahead.
    let seen = std::rc::Rc::new(std::cell::RefCell::new(table::Lines::default()));
    let tee = table::Tee { inner: file.open()?, lines: seen.clone() };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(tee);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::user(format!("{shown} line 1: {e}")))?
        .iter()
        .map(String::from)
        .collect();
    let kind = kind_of(&header, kind, maps).ok_or_else(|| {
        Error::user(format!(
            "--kind: cannot tell whether {shown} holds notes, stories or orgs (columns: {}); add --kind notes, --kind stories or --kind orgs",
            header.join(", ")
        ))
    })?;
    let cols = Columns::new(kind, &header, maps)
        .map_err(|e| Error::user(if e.starts_with("--map") { e } else { format!("{shown}: {e}") }))?;
    if !cols.ignored.is_empty() {
        warnings.push(format!("{shown}: {}", ignored_columns(&cols.ignored)));
    }
    let cx = Context {
        conn: tx,
        now: app.clock.now(),
        stamp: now.to_string(),
        settings: &app.settings,
        known: Default::default(),
    };
    let size = std::fs::metadata(&file.path).map(|m| m.len()).unwrap_or(0);
    let progress = progress_bar(size);
    let mut m = match kind {
        // Lines over-count rows whose fields hold line breaks: good enough for a size.
        Kind::Notes => Merger::new(tx, now).bulk_new_notes(file.lines)?,
        Kind::Stories | Kind::Orgs => Merger::new(tx, now),
    };
    let mut orgs = crate::exchange::merge::Counts::default();
    let mut row = csv::StringRecord::new();
    // Cells read other than as written: spaces trimmed, stray quotes read as text.
    let (mut trimmed, mut quoted, mut first_quoted) = (0usize, 0usize, None);
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = seen.borrow_mut().of(e.position().map_or(start, |p| p.byte() as usize));
                return Err(Error::user(format!("{shown} line {line}: {e}")));
            }
        }
        // After a `\r\n` the reader says the next record starts at the `\n`.
        let start = row.position().map_or(start, |p| p.byte() as usize);
        let start = start
            + seen.borrow().text(start, usize::MAX).iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        let line = seen.borrow_mut().of(start);
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        trimmed += cols.untrimmed(&row);
        let end = reader.position().byte() as usize;
        let bad = std::str::from_utf8(seen.borrow().text(start, end)).map_or(0, table::badly_quoted);
        seen.borrow_mut().forget_before(start);
        if bad > 0 {
            quoted += bad;
            first_quoted.get_or_insert(line);
        }
        let place = || format!("{shown} line {line}");
        let at = |e: String| Error::user(format!("{}: {e}", place()));
        match kind {
            Kind::Notes => {
                m.put_note(&table::note(&cx, &cols, &row).map_err(at)?).map_err(|e| e.at(place()))?
            }
            Kind::Stories => {
                m.put_story(&table::story(&cx, &cols, &row).map_err(at)?).map_err(|e| e.at(place()))?
            }
            Kind::Orgs => {
                let (name, fields) = table::org(&cols, &row).map_err(at)?;
                match crate::store::people::import_org(tx, &name, &fields, now)? {
                    (true, _) => orgs.added += 1,
                    (false, true) => orgs.updated += 1,
                    (false, false) => orgs.unchanged += 1,
                }
            }
        }
        if let Some(p) = &progress {
            p.set_position(row.position().map(|p| p.byte()).unwrap_or(0));
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let mut repaired = Vec::new();
    if trimmed > 0 {
        repaired.push(format!("trimmed the spaces around {}", crate::domain::text::count(trimmed, "cell")));
    }
    if let Some(line) = first_quoted {
        repaired.push(format!(
            "read the stray quotes of {} as text (the first on line {line})",
            crate::domain::text::count(quoted, "cell")
        ));
    }
    if !repaired.is_empty() {
        warnings.push(format!("{shown}: {}", repaired.join("; ")));
    }
    let mut counts = m.done().map_err(|e| e.at(shown))?;
    if kind == Kind::Orgs {
        counts.insert("orgs", orgs);
    }
    Ok(counts)
}

/// A JSON file, read as a stream (see `exchange::doc_read`): flat memory whatever its size.
fn import_json(
    app: &App,
    tx: &crate::store::Tx,
    file: &FileIn,
    kind: Option<Kind>,
    now: &str,
) -> Result<BTreeMap<&'static str, Counts>> {
    let shown = file.shown.as_str();
    let head = doc_read::read(tx, file.open()?, kind, shown)?;
    let today = app.clock.now().format("%Y-%m-%d").to_string();
    let mut m = Merger::new(tx, now).bulk()?;
    doc_read::merge(tx, &mut m, head, now, &today).map_err(|e| e.at(shown))?;
    m.done().map_err(|e| e.at(shown))
}

/// A progress bar on stderr for big files, only when a person is watching.
fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || total < 1_000_000 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template("importing {bar:40} {percent}% ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// The warning for columns that are not fields: the first few names, shortened,
/// and how many more, so a file with a million columns gets one short line.
fn ignored_columns(names: &[String]) -> String {
    const SHOWN: usize = 8;
    let listed: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|n| crate::domain::text::shorten(&crate::domain::text::one_line(n), 30))
        .collect();
    let more = names.len().saturating_sub(SHOWN);
    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
    let what = if names.len() == 1 { "column" } else { "columns" };
    format!("ignoring {what} {}{tail}", listed.join(", "))
}

/// The singular of a kind of record as the import counts it ("notes" -> "note").
fn singular(kind: &str) -> &str {
    match kind {
        "stories" => "story",
        "people" => "person",
        "checkins" => "check-in",
        "vision" => "vision version",
        k => k.strip_suffix('s').unwrap_or(k),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ignored_columns_warning_is_short_however_many_there_are() {
        let many: Vec<String> = (0..1_000_000).map(|i| format!("column number {i}")).collect();
        let w = super::ignored_columns(&many);
        assert!(w.len() < 400, "{w}");
        assert!(w.starts_with("ignoring columns column number 0,") && w.ends_with(" and 999992 more"), "{w}");
        assert_eq!(super::ignored_columns(&["Votes".into()]), "ignoring column Votes");
    }

    #[test]
    fn the_summary_counts_people_not_peoples() {
        let count = |n, kind| crate::domain::text::count(n, super::singular(kind));
        assert_eq!(count(3000, "people"), "3000 people");
        assert_eq!(count(1, "people"), "1 person");
        assert_eq!(count(2, "stories"), "2 stories");
        assert_eq!(count(1, "checkins"), "1 check-in");
    }
}
