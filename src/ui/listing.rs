//! Rows of records printed as a table, Markdown, CSV or JSON.

use super::{Format, Ui, json, out, outln};
use crate::domain::text::{md_cell, one_line, shorten};
use crate::error::{Error, Result};
use comfy_table::Table;

/// Columns separated by space, one rule under the header: quiet, and easy to read
/// in a narrow terminal (comfy-table's preset order: borders, then header rule).
const HEADER_RULE_ONLY: &str = "    ────           ";

/// A listing: column headers, the cells of each row as shown, and the JSON form.
pub struct Listing<'a, T: serde::Serialize> {
    pub headers: &'a [&'a str],
    pub rows: Vec<Vec<String>>,
    pub records: &'a [T],
}

impl<T: serde::Serialize> Listing<'_, T> {
    /// Print in the run's format. `empty` is said on stderr when there are no rows
    /// (table format only; the other formats print an empty document).
    pub fn print(&self, ui: &Ui, empty: &str) -> Result<()> {
        match ui.format {
            Format::Json => json(self.records),
            Format::Csv => out(&csv_text(ui, self.headers, &self.rows)?),
            Format::Md => outln(&md_table(self.headers, &self.rows)),
            Format::Table => {
                if self.rows.is_empty() {
                    super::say(empty);
                    return Ok(());
                }
                outln(&table(ui, self.headers, &self.rows))
            }
        }
    }
}

/// A terminal table that fits `ui.width`: every cell made safe and one line, the
/// other columns as wide as their content, and the last (the text) cut to what is left.
pub fn table(ui: &Ui, headers: &[&str], rows: &[Vec<String>]) -> String {
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| one_line(c)).collect()).collect();
    let n = headers.len();
    let mut widths: Vec<usize> = (0..n)
        .map(|i| {
            let content = cells.iter().map(|r| r.get(i).map_or(0, |c| c.chars().count())).max().unwrap_or(0);
            content.max(headers[i].chars().count())
        })
        .collect();
    // Each column takes its content plus two spaces of padding and one of border.
    // When the others leave the last column under 20 characters, narrow the widest
    // of them until it fits: one line per row, always.
    let total = |w: &[usize]| w[..n.saturating_sub(1)].iter().map(|x| x + 3).sum::<usize>() + 4;
    let budget = (ui.width as usize).saturating_sub(20);
    while total(&widths) > budget {
        let Some((widest, w)) =
            widths[..n.saturating_sub(1)].iter().copied().enumerate().max_by_key(|(_, w)| *w)
        else {
            break;
        };
        if w <= 6 {
            break;
        }
        widths[widest] = w - 1;
    }
    let room = (ui.width as usize).saturating_sub(total(&widths)).max(20);
    if let Some(last) = widths.last_mut() {
        *last = room;
    }
    let mut t = Table::new();
    t.load_preset(HEADER_RULE_ONLY).set_header(headers.iter().copied());
    if !ui.color {
        t.force_no_tty();
    }
    for row in cells {
        t.add_row(row.into_iter().enumerate().map(|(i, c)| shorten(&c, widths[i])));
    }
    let text = t.to_string();
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// A Markdown table; cells escaped so stored text cannot break the layout.
pub fn md_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = format!("| {} |\n|{}\n", headers.join(" | "), "---|".repeat(headers.len()));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| md_cell(c)).collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    s.trim_end().to_string()
}

/// CSV with a header row, for a spreadsheet or a script. A cell that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return) gets a `'` in front (OWASP's advice), unless `--raw-csv`.
/// On a terminal, control characters are shown escaped (`\u{1b}`) like in
/// tables; piped, the text is exact.
pub fn csv_text(ui: &Ui, headers: &[&str], rows: &[Vec<String>]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::internal(format!("CSV output: {e}"));
    w.write_record(headers).map_err(fail)?;
    for row in rows {
        let cells = row.iter().map(|c| csv_cell(c, ui.raw_csv, ui.terminal).into_owned());
        w.write_record(cells).map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::internal(format!("CSV output: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::internal(format!("CSV output: {e}")))
}

/// One CSV cell: formula-safe unless `raw`, control characters escaped on a `terminal`.
pub fn csv_cell(cell: &str, raw: bool, terminal: bool) -> std::borrow::Cow<'_, str> {
    let mut cell = std::borrow::Cow::Borrowed(cell);
    if !raw && is_formula(&cell) {
        cell = std::borrow::Cow::Owned(format!("'{cell}"));
    }
    if terminal {
        let shown = crate::domain::text::printable(&cell, true);
        if shown != cell {
            cell = std::borrow::Cow::Owned(shown);
        }
    }
    cell
}

/// Whether a spreadsheet would read `cell` as a formula. Plain numbers ("-3",
/// "+1.5") are left alone: they are data in every spreadsheet.
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.trim().parse::<f64>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_10_cells_that_a_spreadsheet_would_run_get_a_quote() {
        for evil in ["=HYPERLINK(\"http://x\")", "+1+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(csv_cell(evil, false, false), format!("'{evil}"), "{evil:?}");
            assert_eq!(csv_cell(evil, true, false), evil, "--raw-csv keeps {evil:?}");
        }
        for fine in ["-3", "+1.5", "plain", "a=b", ""] {
            assert_eq!(csv_cell(fine, false, false), fine);
        }
    }

    #[test]
    fn csv_11_control_characters_are_escaped_on_a_terminal_only() {
        let evil = "red \u{1b}[31mALERT\nline two";
        assert_eq!(csv_cell(evil, false, true), "red \\u{1b}[31mALERT\nline two");
        assert_eq!(csv_cell(evil, false, false), evil);
    }
}
