//! Rows of records printed as a table, Markdown, CSV or JSON.

use super::width;
use super::{Format, Ui, json, out, outln};
use crate::domain::text::{md_cell, one_line};
use crate::error::{Error, Result};

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
            // Refused before any command runs (cli::main): only the report and the roadmap write HTML.
            Format::Html => Err(Error::user("--format html: only pm report and pm roadmap write HTML")),
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

/// How a column gives way when the terminal is too narrow for every column in full.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Give {
    /// Ids, dates and times: never cut, never wrapped.
    Whole,
    /// Left out when there is no room, lowest rank first (uid, created, numbers).
    Drop(u8, bool),
    /// Text: wraps onto more lines, down to a few cells wide.
    Wrap,
}

/// What gives first, by header: the same words name the same kind of column in
/// every listing, so one rule serves them all.
fn give(header: &str) -> Give {
    match header.to_lowercase().as_str() {
        "uid" => Give::Drop(0, false),
        "created" | "updated" => Give::Drop(1, false),
        // Counts go before money: an org's notes and people are in `pm org show`.
        "notes/weight" | "overlap" | "rank" | "records" | "notes" | "people" => Give::Drop(2, false),
        "numbers" => Give::Drop(3, true),
        "in top" | "done" | "kind" | "code" => Give::Drop(4, false),
        "source" | "from" | "plan" => Give::Drop(5, true),
        "status" => Give::Drop(6, false),
        "tags" | "stories" | "aliases" => Give::Drop(7, true),
        "org" | "pillar" => Give::Drop(8, true),
        // An amount cut in two reads as another one ("$1,500,0" over "00").
        // The report's rank: what "S4 is 3rd" is read from (one or two cells).
        "#" | "id" | "change" | "on" | "at" | "since" | "score" | "share" | "key" | "arr" | "demand"
        | "seats" => Give::Whole,
        _ => Give::Wrap,
    }
}

/// Gaps and borders: comfy-table's look (one space of border and one of padding
/// each side of a cell), kept so narrow tables read as before.
fn overhead(columns: usize) -> usize {
    3 * columns + 1
}

/// A terminal table no wider than `ui.width` cells (unless `--wide`): every cell
/// made safe and one line, then, while it is too wide, the least important
/// columns left out (uid, created, numbers), and the text columns wrapped (the
/// last, the title or story, keeps the most room). Ids and dates are never cut.
pub fn table(ui: &Ui, headers: &[&str], rows: &[Vec<String>]) -> String {
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| one_line(c)).collect()).collect();
    let mut natural = Natural::new(headers);
    for row in &cells {
        natural.see(row);
    }
    let layout = Layout::new(ui, headers, &natural.0);
    let mut out = layout.head(headers);
    for row in &cells {
        out.push('\n');
        out.push_str(&layout.row(row));
    }
    out
}

/// The widest cell of each column (headers included): all a table's layout
/// needs from its rows, so a long listing can be laid out in one pass over its
/// rows and printed in a second, never holding them all.
pub struct Natural(Vec<usize>);

impl Natural {
    pub fn new(headers: &[&str]) -> Self {
        Natural(headers.iter().map(|h| width::cells(h)).collect())
    }

    pub fn widths(&self) -> Vec<usize> {
        self.0.clone()
    }

    /// Count one row's cells (already made one line: [`one_line`]).
    pub fn see(&mut self, cells: &[String]) {
        for (w, c) in self.0.iter_mut().zip(cells) {
            *w = (*w).max(width::cells(c));
        }
    }
}

/// Which columns a table shows and how wide each is.
pub struct Layout {
    shown: Vec<usize>,
    widths: Vec<usize>,
    wide: bool,
    room: usize,
}

impl Layout {
    pub fn new(ui: &Ui, headers: &[&str], natural: &[usize]) -> Layout {
        let n = headers.len();
        let natural = natural.to_vec();
        let gives: Vec<Give> = headers.iter().map(|h| give(h)).collect();
        let room = ui.width as usize;
        // The text that says what a row is keeps at least a third of the line (other
        // columns are left out first), so it reads as words, not a stub.
        let main_least = (room / 3).clamp(20, 30);
        // The column that says what the record is keeps the most room.
        let main = headers
            .iter()
            .position(|h| {
                [
                    "title",
                    "story",
                    "note",
                    "match",
                    "topic",
                    "decision",
                    "description",
                    "vision",
                    "problem",
                    "meeting",
                ]
                .contains(&h.to_lowercase().as_str())
            })
            .unwrap_or(n.saturating_sub(1));
        // A column's width with room to read it (`tight`: the narrowest it may be):
        // whole for ids, dates and numbers; a few words for text.
        let least_of = |i: usize, tight: bool| match gives[i] {
            Give::Whole | Give::Drop(_, false) => natural[i],
            _ => natural[i]
                .min(match (i == main, tight) {
                    (true, false) => main_least,
                    (true, true) => 20,
                    (false, false) => 14,
                    (false, true) => 8,
                })
                .max(width::cells(headers[i]).min(12)),
        };
        let fits = |shown: &[usize], tight: bool| {
            shown.iter().map(|&i| least_of(i, tight)).sum::<usize>() + overhead(shown.len()) <= room
        };
        let mut shown: Vec<usize> = (0..n).collect();
        if !ui.wide {
            // Leave out the least important columns until the rest have room to be read.
            loop {
                if fits(&shown, false) {
                    break;
                }
                let next = shown
                    .iter()
                    .filter_map(|&i| match gives[i] {
                        Give::Drop(rank, _) => Some((rank, i)),
                        _ => None,
                    })
                    .min();
                match next {
                    Some((_, i)) => shown.retain(|&x| x != i),
                    None => break,
                }
            }
        }
        let mut widths: Vec<usize> = vec![0; n];
        if ui.wide {
            widths = natural.clone();
        } else {
            let tight = !fits(&shown, false);
            for &i in &shown {
                widths[i] = least_of(i, tight);
            }
            let mut spare =
                room.saturating_sub(shown.iter().map(|&i| widths[i]).sum::<usize>() + overhead(shown.len()));
            // The room left: first to the other columns it makes whole (cheapest
            // first), then to the main one, then to the rest.
            let grow = |widths: &mut Vec<usize>, i: usize, cap: usize, spare: &mut usize| {
                let add = cap.min(natural[i]).saturating_sub(widths[i]).min(*spare);
                widths[i] += add;
                *spare -= add;
            };
            let mut others: Vec<usize> = shown.iter().copied().filter(|&i| i != main).collect();
            others.sort_by_key(|&i| natural[i].saturating_sub(widths[i]));
            for &i in &others {
                if natural[i].saturating_sub(widths[i]) <= spare && natural[i] <= 24 {
                    grow(&mut widths, i, usize::MAX, &mut spare);
                }
            }
            if shown.contains(&main) {
                grow(&mut widths, main, usize::MAX, &mut spare);
            }
            for &i in shown.iter().filter(|&&i| i != main) {
                grow(&mut widths, i, usize::MAX, &mut spare);
            }
        }
        Layout { shown, widths, wide: ui.wide, room }
    }

    fn line(&self, parts: Vec<String>) -> String {
        let mut s = String::from(" ");
        for (k, (p, &i)) in parts.iter().zip(&self.shown).enumerate() {
            if k > 0 {
                s.push(' ');
            }
            s.push(' ');
            s.push_str(&width::pad(p, self.widths[i]));
            s.push(' ');
        }
        s.trim_end().to_string()
    }

    /// The header line and the rule under it.
    pub fn head(&self, headers: &[&str]) -> String {
        let total = self.shown.iter().map(|&i| self.widths[i]).sum::<usize>() + overhead(self.shown.len());
        format!(
            "{}\n{}",
            self.line(self.shown.iter().map(|&i| headers[i].to_string()).collect()),
            "─".repeat(if self.wide { total } else { total.min(self.room) })
        )
    }

    /// One row's lines (its cells made one line: [`one_line`]), wrapped to fit.
    pub fn row(&self, row: &[String]) -> String {
        let wrapped: Vec<Vec<String>> = self
            .shown
            .iter()
            .map(|&i| {
                let cell = row.get(i).map(String::as_str).unwrap_or("");
                if self.wide || width::cells(cell) <= self.widths[i] {
                    vec![cell.to_string()]
                } else {
                    width::wrap(cell, self.widths[i])
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|k| self.line(wrapped.iter().map(|c| c.get(k).cloned().unwrap_or_default()).collect()))
            .collect::<Vec<_>>()
            .join("\n")
    }
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

    fn ui(width: u16, wide: bool) -> Ui {
        Ui {
            format: super::super::Format::Table,
            interactive: false,
            color: false,
            width,
            wide,
            terminal: false,
            raw_csv: false,
        }
    }

    fn rows() -> Vec<Vec<String>> {
        vec![
            vec![
                "N12".into(),
                "0b7c2e9a-1f4d-4c55-9a0e-3f1d2c4b5a6e".into(),
                "2026-11-20".into(),
                "Maximilian von Hohenzollern".into(),
                "東京の夏は暑くて、積載量が三分の一減ります 😀 and the export takes an hour".into(),
            ],
            vec!["N7".into(), "x".into(), "2026-11-19".into(), "Zoë".into(), "short".into()],
        ]
    }

    #[test]
    fn a_table_fits_the_width_and_leaves_out_the_uid_first() {
        let headers = ["id", "uid", "on", "who", "note"];
        for width in [60u16, 80, 100, 140] {
            let t = table(&ui(width, false), &headers, &rows());
            assert!(t.lines().all(|l| width::cells(l) <= width as usize), "{width}:\n{t}");
            assert!(t.contains("N12") && t.contains("2026-11-20"), "ids and dates whole:\n{t}");
            assert!(!t.contains('…'), "{t}");
        }
        let narrow = table(&ui(60, false), &headers, &rows());
        assert!(!narrow.lines().next().unwrap().contains("uid"), "{narrow}");
        let wide = table(&ui(60, true), &headers, &rows());
        assert!(wide.contains("0b7c2e9a-1f4d-4c55-9a0e-3f1d2c4b5a6e"), "{wide}");
    }

    #[test]
    fn a_table_that_fits_is_left_as_it_is() {
        let t = table(&ui(100, false), &["id", "note"], &[vec!["N1".into(), "hello".into()]]);
        assert_eq!(t, "  id   note\n──────────────\n  N1   hello");
    }

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
