//! Test-only: `PM_TEST_STOP_AT=N` makes pm stop itself (SIGSTOP) at its Nth step,
//! so a test can SIGKILL it exactly there, with no sleep that guesses how fast a
//! machine is. The steps are the points where a kill could leave something half
//! done: each git command (pm stops right after starting it, with the git child
//! in its process group, so git is caught wherever it is), each file written
//! through a temp file (stopped before the rename), and each transaction's commit.
//! `PM_TEST_STOP_AT_ROW=N` stops it likewise at the Nth record an import or a
//! merge writes (inside the transaction, before its commit).
//! Unset, a step costs one relaxed atomic load.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static TARGET: OnceLock<Option<usize>> = OnceLock::new();
static COUNT: AtomicUsize = AtomicUsize::new(0);
static ROW_TARGET: OnceLock<Option<usize>> = OnceLock::new();
static ROWS: AtomicUsize = AtomicUsize::new(0);

/// A record written by an import or a merge; with `PM_TEST_STOP_AT_ROW=N`,
/// the Nth stops the process as [`step`] does: a kill there is a kill in the
/// middle of the rows, known to be after the first and before the commit.
pub fn row() {
    let Some(target) = *ROW_TARGET.get_or_init(|| std::env::var("PM_TEST_STOP_AT_ROW").ok()?.parse().ok())
    else {
        return;
    };
    let n = ROWS.fetch_add(1, Ordering::Relaxed) + 1;
    if n == target {
        stop(&format!("row {n}"));
    }
}

/// A step named `what`; the Nth stops the process (and, when pm leads its own
/// process group, as in the tests, everything it started).
pub fn step(what: &str) {
    let Some(target) = *TARGET.get_or_init(|| std::env::var("PM_TEST_STOP_AT").ok()?.parse().ok()) else {
        return;
    };
    let n = COUNT.fetch_add(1, Ordering::Relaxed) + 1;
    if n != target {
        return;
    }
    stop(&format!("step {n}: {what}"));
}

/// Stop this process (and its group, when it leads one), saying where.
fn stop(at: &str) {
    eprintln!("pm: stopped at {at}");
    let pid = std::process::id();
    let leader = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| s.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().nth(2).map(String::from)))
        .flatten()
        .is_some_and(|pgid| pgid == pid.to_string());
    let target = if leader { format!("-{pid}") } else { pid.to_string() };
    // std has no raise(); the kill command sends the signal (and stops with the group).
    let _ = std::process::Command::new("kill").args(["-STOP", "--", &target]).status();
}
