//! Progress on stderr for the few commands that read the whole notebook
//! (`doctor --full`, `backup`, `forget`'s compaction, `export`): drawn only on a
//! terminal and only once the work has taken a second, so pipes, scripts and
//! tests' captured output never see it.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Shown past this long: quick runs stay silent.
const AFTER: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
}

impl Progress {
    /// A bar of `total` steps (`None`: a spinner) labelled `what`.
    pub fn new(what: &str, total: Option<u64>) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress { bar: None, start: Instant::now() };
        }
        let (bar, template) = match total {
            Some(n) => (
                indicatif::ProgressBar::with_draw_target(Some(n), indicatif::ProgressDrawTarget::hidden()),
                format!("{what} {{bar:40}} {{percent}}% ({{eta}} left)"),
            ),
            None => (indicatif::ProgressBar::hidden(), format!("{what} {{spinner}} {{elapsed}}")),
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress { bar: Some(bar), start: Instant::now() }
    }

    /// `done` steps of the total (or one more turn of the spinner).
    pub fn at(&self, done: u64) {
        let Some(bar) = &self.bar else { return };
        if bar.is_hidden() && self.start.elapsed() >= AFTER {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        if bar.length().is_some() { bar.set_position(done) } else { bar.tick() }
    }

    /// Called by SQLite every few thousand steps of `conn`'s statements while
    /// `work` runs (a VACUUM, an integrity check): a spinner.
    pub fn during<T>(
        conn: &crate::store::Conn,
        what: &str,
        work: impl FnOnce() -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        let p = Progress::new(what, None);
        if p.bar.is_some() {
            let shown = p.clone();
            conn.progress_handler(
                100_000,
                Some(move || {
                    shown.at(0);
                    false
                }),
            );
        }
        let result = work();
        conn.progress_handler(0, None::<fn() -> bool>);
        p.finish();
        result
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
