//! Test-only: `PM_TEST_STOP_AT=N` makes pm stop itself (SIGSTOP) at its Nth step,
//! so a test can SIGKILL it exactly there, with no sleep that guesses how fast a
//! machine is. The steps are the points where a kill could leave something half
//! done: each git command (pm stops right after starting it, with the git child
//! in its process group, so git is caught wherever it is), each file written
//! through a temp file (stopped before the rename), and each transaction's commit.
//! Unset, a step costs one relaxed atomic load.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static TARGET: OnceLock<Option<usize>> = OnceLock::new();
static COUNT: AtomicUsize = AtomicUsize::new(0);

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
    eprintln!("pm: stopped at step {n}: {what}");
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
