//! Listings written record by record, so printing a million notes holds one at
//! a time: the same bytes as [`super::listing::Listing`] would print whole.

use super::listing::{Layout, Natural, csv_cell};
use super::{Format, Ui};
use crate::domain::text::{md_cell, one_line};
use crate::error::{Error, Result};
use std::io::Write;

/// Buffered stdout. A closed pipe (`pm note list | head -1`) is an error of
/// its own kind, as for [`super::out`], which ends the command quietly.
pub struct Out(std::io::BufWriter<std::io::StdoutLock<'static>>);

impl Out {
    pub fn new() -> Self {
        Out(std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()))
    }

    pub fn put(&mut self, text: &str) -> Result<()> {
        let done = self.0.write_all(text.as_bytes());
        written(done)
    }

    pub fn finish(mut self) -> Result<()> {
        let done = self.0.flush();
        written(done)
    }
}

impl Default for Out {
    fn default() -> Self {
        Self::new()
    }
}

/// What a write to stdout came to: a closed pipe is its own error kind.
pub fn written(done: std::io::Result<()>) -> Result<()> {
    done.map_err(output_error)
}

/// A failed write of the output. A closed pipe is handled once, in `cli::fail`
/// (exit 0, nothing said): a library caller lives on.
pub fn output_error(e: std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => Error::closed_pipe(),
        _ => Error::internal(format!("cannot write the output: {e}")),
    }
}

/// A failed write of CSV output: the same, through the csv crate's error.
pub fn csv_output_error(e: csv::Error) -> Error {
    match e.kind() {
        csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe => Error::closed_pipe(),
        _ => Error::internal(format!("CSV output: {e}")),
    }
}

/// One element of a pretty JSON array as `serde_json::to_string_pretty` of the
/// whole array writes it (`first`: no comma before it). JSON strings hold no raw
/// line breaks, so indenting every line of the element is exact.
pub fn json_element<T: serde::Serialize>(value: &T, first: bool) -> Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(format!("{}\n  {}", if first { "[" } else { "," }, text.replace('\n', "\n  ")))
}

/// The end of a pretty JSON array of `count` elements.
pub fn json_end(count: usize) -> &'static str {
    if count == 0 { "[]\n" } else { "\n]\n" }
}

/// A listing printed as it is read: `rows` calls its argument once per record
/// with the record and its cells. JSON, CSV and Markdown take one pass; a long
/// table two (its column widths depend on every row): one for the layout, one
/// to print.
pub fn listing<T: serde::Serialize>(
    ui: &Ui,
    headers: &[&str],
    empty: &str,
    mut rows: impl FnMut(&mut dyn FnMut(&T, Vec<String>) -> Result<()>) -> Result<()>,
) -> Result<()> {
    let mut out = Out::new();
    let mut count = 0usize;
    match ui.format {
        Format::Json => {
            rows(&mut |record, _| {
                out.put(&json_element(record, count == 0)?)?;
                count += 1;
                Ok(())
            })?;
            out.put(json_end(count))?;
        }
        Format::Csv => {
            let fail = |e: csv::Error| Error::internal(format!("CSV output: {e}"));
            let line = |cells: &mut dyn Iterator<Item = String>, out: &mut Out| -> Result<()> {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(cells).map_err(fail)?;
                let bytes = w.into_inner().map_err(|e| Error::internal(format!("CSV output: {e}")))?;
                out.put(&String::from_utf8_lossy(&bytes))
            };
            line(&mut headers.iter().map(|h| h.to_string()), &mut out)?;
            rows(&mut |_, cells| {
                line(&mut cells.iter().map(|c| csv_cell(c, ui.raw_csv, ui.terminal).into_owned()), &mut out)
            })?;
        }
        Format::Md => {
            out.put(&format!("| {} |\n|{}", headers.join(" | "), "---|".repeat(headers.len())))?;
            rows(&mut |_, cells| {
                let cells: Vec<String> = cells.iter().map(|c| md_cell(c)).collect();
                out.put(&format!("\n| {} |", cells.join(" | ")))
            })?;
            out.put("\n")?;
        }
        Format::Html => return Err(Error::user("--format html: only pm report and pm roadmap write HTML")),
        Format::Table => {
            // Up to KEPT rows are kept from the first pass (one query for the
            // everyday `--limit 20`); past that only the widths are, and the
            // rows are read again to print.
            const KEPT: usize = 2000;
            let mut natural = Natural::new(headers);
            let mut kept: Option<Vec<Vec<String>>> = Some(Vec::new());
            rows(&mut |_, cells| {
                count += 1;
                let cells: Vec<String> = cells.iter().map(|c| one_line(c)).collect();
                natural.see(&cells);
                if count > KEPT {
                    kept = None;
                } else if let Some(k) = &mut kept {
                    k.push(cells);
                }
                Ok(())
            })?;
            if count == 0 {
                super::say(empty);
                return Ok(());
            }
            let layout = Layout::new(ui, headers, &natural.widths());
            out.put(&layout.head(headers))?;
            match kept {
                Some(kept) => {
                    for cells in kept {
                        out.put("\n")?;
                        out.put(&layout.row(&cells))?;
                    }
                }
                None => rows(&mut |_, cells| {
                    out.put("\n")?;
                    out.put(&layout.row(&cells.iter().map(|c| one_line(c)).collect::<Vec<_>>()))
                })?,
            }
            out.put("\n")?;
        }
    }
    out.finish()
}

#[cfg(test)]
mod closed_pipe_tests {
    /// A reader gone away is an error of its kind, not an exit from the middle of the program.
    #[test]
    fn a_closed_pipe_is_an_error_kind() {
        let e = super::written(Err(std::io::ErrorKind::BrokenPipe.into())).unwrap_err();
        assert_eq!(e.kind, crate::error::Kind::ClosedPipe);
        assert!(super::written(Ok(())).is_ok());
    }
}
