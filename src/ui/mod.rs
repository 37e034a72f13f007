//! Everything printed: stdout for data, stderr for messages; tables, Markdown,
//! CSV and JSON; prompts and the editor.

pub mod listing;
pub mod next_step;
pub mod outfile;
pub mod progress;
pub mod prompt;
pub mod stream;
pub mod width;

use crate::error::Result;
use std::io::{IsTerminal, Write};

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Md,
    Json,
    Csv,
    /// One self-contained page: `pm report` and `pm roadmap` only. Hidden from
    /// the global list (and completions) since every other command refuses it;
    /// those two say so in their help.
    #[value(hide = true)]
    Html,
}

/// The output settings of one run.
#[derive(Debug, Clone)]
pub struct Ui {
    pub format: Format,
    /// Prompts and the editor are allowed (a terminal on both ends and no `--no-input`).
    pub interactive: bool,
    /// Colour on stdout (a terminal, and no `NO_COLOR`).
    pub color: bool,
    /// Table width in columns.
    pub width: u16,
    /// `--wide`: every column in full, however wide the table.
    pub wide: bool,
    /// stdout is a terminal.
    pub terminal: bool,
    /// `--raw-csv`: CSV cells exactly as stored, formulas included.
    pub raw_csv: bool,
}

impl Ui {
    pub fn new(format: Format, no_input: bool) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let interactive = !no_input && stdout_tty && std::io::stdin().is_terminal();
        let color = stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let width = if stdout_tty {
            None
        } else {
            std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok())
        }
        .or_else(|| comfy_table::Table::new().width())
        .unwrap_or(100)
        .clamp(40, 500);
        Ui { format, interactive, color, width, wide: false, terminal: stdout_tty, raw_csv: false }
    }
}

/// Write to stdout. A closed pipe (`pm note list | head -1`) is an error of its
/// own kind, which stops the command and which `cli::main` ends quietly, with
/// success: the reader has all it wanted. (Not `process::exit`: a program that
/// embeds the library keeps running.)
pub fn out(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stream::written(stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()))
}

/// Print `text` and a newline to stdout.
pub fn outln(text: &str) -> Result<()> {
    let mut s = String::with_capacity(text.len() + 1);
    s.push_str(text);
    s.push('\n');
    out(&s)
}

/// A message for the person (confirmations, warnings): stderr, so stdout stays data.
pub fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// A warning on stderr.
pub fn warn(text: &str) {
    say(&format!("warning: {text}"));
}

/// Print `value` as one pretty JSON document on stdout.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    outln(&serde_json::to_string_pretty(value)?)
}
