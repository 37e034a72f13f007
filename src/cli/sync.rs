//! `pm sync`: share the notebook with a team through a git clone. It drives the
//! `git` command itself (no git library): fetch, rebase the clone's unpushed
//! commits onto the team's, merge the folder into the notebook and back (a
//! three-way merge per record, see exchange::merge3), commit, push.
//!
//! Rebase, not merge: the clone's history stays a line, and git calls
//! `pm merge-driver` (installed by `--init`) for record files both sides changed.

use crate::app::App;
use crate::error::{Error, Result};
use crate::exchange::dir::FOLDERS;
use crate::exchange::folder_sync::{self, FORGET, Outcome};
use crate::store::sync;
use crate::ui::{Format, prompt};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Share the notebook through a git clone: pull, merge field by field, commit, push
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "\
Examples:
  git clone git@example.com:team/notebook.git ~/team-notebook
  pm sync ~/team-notebook --init      # once: installs pm's merge driver in the clone
  pm sync                             # then: the folder is remembered
  pm sync --dry-run                   # what would change, changing nothing
  pm sync conflicts                   # fields changed on both sides, and the values that lost

Edits to different fields of one record both survive; the same field changed on
both sides keeps one value on every clone and the other in `pm sync conflicts`."
)]
pub struct Args {
    #[command(subcommand)]
    sub: Option<Sub>,
    /// The git clone to sync with [default: the one last synced]
    dir: Option<PathBuf>,
    /// Install pm's merge driver in the clone (.gitattributes and the clone's git config), then sync
    #[arg(long)]
    init: bool,
    /// Say what would change in the notebook and the folder; change nothing (no fetch either)
    #[arg(long)]
    dry_run: bool,
    /// Don't ask before removing many records or syncing with another folder
    #[arg(long, short)]
    yes: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Fields changed on both sides: the value kept and the one that lost
    Conflicts(ConflictsArgs),
}

#[derive(Debug, clap::Args)]
struct ConflictsArgs {
    /// Put conflict N's losing value back (it goes to the team at the next sync)
    #[arg(long, value_name = "N")]
    restore: Option<i64>,
}

/// For git's merge: `pm merge-driver %O %A %B` merges three versions of a record file into OURS
#[derive(Debug, clap::Args)]
pub struct DriverArgs {
    base: PathBuf,
    ours: PathBuf,
    theirs: PathBuf,
}

pub fn run(app: &App, a: Args) -> Result<()> {
    if let Some(Sub::Conflicts(c)) = a.sub {
        return conflicts(app, c);
    }
    let remembered = if app.db_path().exists() { sync::state(app.read()?.conn(), "folder")? } else { None };
    let dir = match (&a.dir, &remembered) {
        (Some(d), _) => d.clone(),
        (None, Some(r)) => PathBuf::from(r),
        (None, None) => {
            return Err(Error::user("pm sync: which folder? Give the git clone once: pm sync DIR")
                .hint("clone the team's repository first: git clone URL DIR"));
        }
    };
    let git = Git::new(&dir)?;
    let dir = git.root.clone();
    let shown = dir.display().to_string();
    let other_folder = remembered.as_deref().is_some_and(|r| Path::new(r) != dir);
    if !a.dry_run {
        folder_sync::secure_root(&dir)?;
        git.recover()?;
        if folder_sync::remove_stray_temps(&dir)? > 0 {
            crate::ui::warn("removed temp files an interrupted sync left in the folder");
        }
        if a.init {
            install_driver(&git)?;
            commit_folders(&git, "pm sync --init: record files merge field by field (pm merge-driver)")?;
        } else if std::fs::read_to_string(git.root.join(".gitattributes"))
            .is_ok_and(|t| t.contains("merge=pm-record"))
        {
            // A teammate ran --init: this clone's config names the driver too (and
            // follows pm to where it is installed now).
            configure_driver(&git)?;
        }
        // Record files a killed sync wrote but did not commit go in first.
        commit_folders(&git, "pm sync: changes from an interrupted sync")?;
    }
    let remote = git.remote()?;
    let mut offline = false;
    if let (Some(remote), false) = (&remote, a.dry_run) {
        if git.run(&["fetch", "-q", remote]).is_err() {
            offline = true;
            crate::ui::warn(&format!("cannot reach {remote}: syncing with what the clone has"));
        } else {
            let branch = git.branch()?;
            let upstream = format!("{remote}/{branch}");
            if git.run(&["rev-parse", "--verify", "-q", &format!("refs/remotes/{upstream}")]).is_ok()
                && git.run(&["rev-parse", "--verify", "-q", "HEAD"]).is_ok()
            {
                if let Err(e) = git.run(&["rebase", "-q", &upstream]) {
                    let _ = git.run(&["rebase", "--abort"]);
                    return Err(Error::user(format!("git could not rebase onto {upstream}: {e}"))
                        .hint("`pm sync --init` installs pm's merge driver for record files"));
                }
            } else if git.run(&["rev-parse", "--verify", "-q", &format!("refs/remotes/{upstream}")]).is_ok() {
                git.must(&["reset", "-q", "--hard", &upstream])?;
            }
        }
    }
    abort_point("pulled");
    let now = app.stamp();
    let today = app.clock.now().format("%Y-%m-%d").to_string();
    // A dry run on a missing notebook checks against an empty one and creates nothing.
    let mut store = if a.dry_run { app.write_if_exists()? } else { app.write()? };
    let settings = app.settings.clone();
    if a.dry_run {
        let trial =
            store.trial("sync", &now, |tx| folder_sync::run(tx, &settings, &dir, &now, &today, true))?;
        return report(app, &shown, &trial, true, "");
    }
    crate::store::forget::secure(store.conn())?;
    // One merge: what it would do decides whether to ask. If it must ask, it is
    // rolled back first (no lock held while the PM thinks) and done again on a yes.
    let mut confirmed = a.yes;
    let done = loop {
        let mut ask = None;
        let attempt = store.write("sync", &now, |tx| {
            let total: usize = crate::store::counts(tx)?.iter().map(|(_, n)| *n as usize).sum();
            let done = folder_sync::run(tx, &settings, &dir, &now, &today, false)?;
            if !confirmed {
                let removed = done.removed.len();
                if other_folder {
                    ask = Some(format!(
                        "{shown} is not the folder last synced ({})",
                        remembered.clone().unwrap_or_default()
                    ));
                } else if folder_sync::too_many(removed, total) {
                    ask = Some(format!("this sync would remove {removed} of {total} records"));
                }
                if ask.is_some() {
                    return Err(Error::user("asking first"));
                }
            }
            // The folder's files only once the notebook's side is sure to commit.
            folder_sync::write(&dir, &done)?;
            sync::set_state(tx, "folder", &shown)?;
            abort_point("files");
            Ok(done)
        });
        let Some(why) = ask else { break attempt? };
        if !app.ui.interactive {
            return Err(Error::user(format!("{why}: nothing was changed"))
                .hint("`pm sync --dry-run` lists what would change; --yes goes ahead"));
        }
        if !prompt::confirm(&format!("{why}. Go ahead?"), false)? {
            crate::ui::say("Nothing changed");
            return Ok(());
        }
        confirmed = true;
    };
    if done.scrubbed > 0 {
        // A teammate forgot someone: no old copy stays in the file's free pages.
        crate::store::forget::compact(store.conn())?;
    }
    commit_folders(&git, &message(&done))?;
    abort_point("committed");
    let pushed = match &remote {
        None => "no remote: committed in the clone".to_string(),
        Some(r) if offline => format!("committed; the push to {r} is pending (run pm sync when online)"),
        Some(r) => {
            let branch = git.branch()?;
            match git.run(&["push", "-q", r, &format!("HEAD:refs/heads/{branch}")]) {
                Ok(_) => format!("pushed to {r}"),
                Err(e) if rejected(&e) => {
                    // The notebook already holds the merge; the commit waits in the clone.
                    return Err(Error::user(format!(
                        "{r} refused the push ({}); your changes are committed in the clone",
                        e.trim_start_matches("git push: ")
                    ))
                    .hint("run pm sync again (a teammate may have pushed meanwhile)"));
                }
                Err(_) => {
                    offline = true;
                    format!("committed; the push to {r} is pending (run pm sync when online)")
                }
            }
        }
    };
    if !offline {
        // What the remote now holds is the base of the next merge.
        // Bookkeeping, not a change of records: kept out of `pm log`.
        let files = folder_sync::snapshot(&dir)?;
        sync::record_bases(store.conn(), &files)?;
    }
    report(app, &shown, &done, false, &pushed)
}

fn report(app: &App, shown: &str, o: &Outcome, dry: bool, pushed: &str) -> Result<()> {
    if app.ui.format == Format::Json {
        return crate::ui::json(&serde_json::json!({ "dry_run": dry, "folder": shown, "outcome": o }));
    }
    let verb = if dry { "Would take" } else { "Took" };
    crate::ui::say(&format!(
        "{verb} from {shown}: {} added, {} changed, {} removed; {} {}",
        o.added.len(),
        o.changed.len(),
        o.removed.len(),
        crate::domain::text::count(o.written.len(), "file"),
        if dry { "would be written" } else { "written" }
    ));
    if dry {
        for (what, list) in
            [("add", &o.added), ("change", &o.changed), ("remove", &o.removed), ("write", &o.written)]
        {
            for item in list {
                crate::ui::say(&format!("  would {what} {item}"));
            }
        }
    }
    if !o.conflicts.is_empty() {
        crate::ui::say(&format!(
            "{} (changed on both sides; the losing values are kept): {}",
            crate::domain::text::count(o.conflicts.len(), "conflict"),
            o.conflicts.join(", ")
        ));
        crate::ui::say("`pm sync conflicts` and `pm log` list them; --restore N puts a losing value back");
    }
    if !pushed.is_empty() {
        crate::ui::say(&format!("Git: {pushed}"));
    }
    Ok(())
}

/// At most this many files are named in a commit message: a first sync of a big
/// notebook writes thousands, and the message goes to git as one argument (too
/// long an argument list, and git is never run).
const NAMED_FILES: usize = 40;

/// The commit message: counts, then each changed file (the first few).
fn message(o: &Outcome) -> String {
    let mut m = format!("pm sync: {} record files\n", o.written.len());
    if !o.written.is_empty() {
        m.push('\n');
        for w in o.written.iter().take(NAMED_FILES) {
            m.push_str(&format!("- {w}\n"));
        }
        if o.written.len() > NAMED_FILES {
            m.push_str(&format!("- and {} more\n", o.written.len() - NAMED_FILES));
        }
    }
    m
}

fn rejected(e: &str) -> bool {
    ["rejected", "non-fast-forward", "fetch first"].iter().any(|w| e.contains(w))
}

/// Test-only: `PM_SYNC_ABORT_AT=<point>` kills pm at a known step, as SIGKILL would.
fn abort_point(point: &str) {
    if std::env::var("PM_SYNC_ABORT_AT").as_deref() == Ok(point) {
        std::process::abort();
    }
}

/// Commit the record folders' changes, if any. Returns whether it committed.
fn commit_folders(git: &Git, message: &str) -> Result<bool> {
    let mut paths: Vec<&str> = FOLDERS.iter().copied().filter(|f| git.root.join(f).exists()).collect();
    if git.root.join(FORGET).exists() {
        paths.push(FORGET);
    }
    if git.root.join(".gitattributes").exists() {
        paths.push(".gitattributes");
    }
    if paths.is_empty() {
        return Ok(false);
    }
    let mut add = vec!["add", "-A", "--"];
    add.extend(&paths);
    // Never a hidden file in a record folder (a temp file of a write in progress
    // is one); the root's .gitattributes is taken.
    add.push(":(exclude,glob)*/.*");
    git.must(&add)?;
    if git.run(&["diff", "--cached", "--quiet"]).is_ok() {
        return Ok(false);
    }
    git.must(&["commit", "-q", "-m", message])?;
    Ok(true)
}

/// `.gitattributes` sends record files to `pm merge-driver`; the clone's config names it.
fn install_driver(git: &Git) -> Result<()> {
    configure_driver(git)?;
    let path = git.root.join(".gitattributes");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let mut text = old.clone();
    for folder in FOLDERS {
        let line = format!("{folder}/*.toml merge=pm-record");
        if !old.lines().any(|l| l.trim() == line) {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&line);
            text.push('\n');
        }
    }
    if text != old {
        crate::ui::outfile::atomic(&path, text.as_bytes())
            .map_err(|e| Error::user(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// The clone's git config: the `pm-record` merge driver is this pm.
fn configure_driver(git: &Git) -> Result<()> {
    let exe = std::env::current_exe().map_err(|e| Error::internal(format!("cannot find pm itself: {e}")))?;
    let quoted = format!("'{}'", exe.display().to_string().replace('\'', "'\\''"));
    git.must(&["config", "merge.pm-record.name", "pm record merge (field by field)"])?;
    git.must(&["config", "merge.pm-record.driver", &format!("{quoted} merge-driver %O %A %B")])?;
    Ok(())
}

/// `pm merge-driver BASE OURS THEIRS`: the merged record goes into OURS.
pub fn merge_driver(a: DriverArgs) -> Result<()> {
    use crate::exchange::merge3::{Side, merge};
    let read = |p: &Path| -> Result<Side> {
        let text = std::fs::read_to_string(p)
            .map_err(|e| Error::user(format!("cannot read {}: {e}", p.display())))?;
        if text.trim().is_empty() {
            return Ok(Side::Absent);
        }
        Side::parse(&text).map_err(|e| Error::user(format!("{}: {e}", p.display())))
    };
    let (base, ours, theirs) = (read(&a.base)?, read(&a.ours)?, read(&a.theirs)?);
    let (merged, _) = merge(&base, &ours, &theirs);
    // The losing values reach each notebook at its next sync (the merge sees the
    // same clocks there), so none is lost here.
    crate::ui::outfile::atomic(&a.ours, merged.text().as_bytes())
        .map_err(|e| Error::user(format!("cannot write {}: {e}", a.ours.display())))
}

/// `pm sync conflicts [--restore N]`.
fn conflicts(app: &App, a: ConflictsArgs) -> Result<()> {
    if let Some(n) = a.restore {
        let mut store = app.write_existing()?;
        let now = app.stamp();
        let settings = app.settings.clone();
        let today = app.clock.now().format("%Y-%m-%d").to_string();
        let what = store.write("sync conflicts --restore", &now, |tx| {
            crate::exchange::folder_sync::restore(tx, &settings, n, &now, &today)
        })?;
        crate::ui::say(&format!("Restored conflict {n}: {what}; it goes to the team at the next pm sync"));
        return Ok(());
    }
    let store = app.read()?;
    let rows = folder_sync::conflicts(store.conn())?;
    if app.ui.format == Format::Json {
        return crate::ui::json(&rows);
    }
    if rows.is_empty() {
        crate::ui::say("No conflicts");
        return Ok(());
    }
    let shown = |v: &Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "(empty)".into(),
    };
    // Six columns fit 80: the day only, and the writer (a notebook's random id,
    // which says nothing to a reader) only as "yours" when it was this notebook's.
    let me = sync::state(store.conn(), "writer")?.unwrap_or_default();
    // "conflict", not "#": the number is what --restore takes, so it never gives way.
    let headers = ["conflict", "record", "field", "on", "kept", "lost"];
    let day = |t: &str| crate::domain::dates::day(t).to_string();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|c| {
            let mut lost = shown(&c.lost);
            if c.lost_by == me {
                lost.push_str(" (yours)");
            }
            if let Some(r) = &c.restored {
                lost.push_str(&format!(" (restored {})", day(r)));
            }
            vec![c.id.to_string(), c.record.clone(), c.field.clone(), day(&c.at), shown(&c.kept), lost]
        })
        .collect();
    crate::ui::outln(&crate::ui::listing::table(&app.ui, &headers, &body))
}

/// The clone, and git run inside it.
struct Git {
    root: PathBuf,
}

impl Git {
    fn new(dir: &Path) -> Result<Git> {
        match Command::new("git").arg("--version").output() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::user("pm sync needs git, and git is not installed (or not on PATH)"));
            }
            Err(e) => return Err(Error::user(format!("cannot run git: {e}"))),
            Ok(_) => {}
        }
        if !dir.is_dir() {
            return Err(Error::user(format!("{} is not a folder", dir.display())));
        }
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .map_err(|e| Error::user(format!("cannot run git: {e}")))?;
        let real = std::fs::canonicalize(dir).map_err(|e| Error::user(format!("{}: {e}", dir.display())))?;
        let top = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || std::fs::canonicalize(&top).ok().as_deref() != Some(real.as_path()) {
            return Err(Error::user(format!(
                "{} is not a git clone (its own repository's top folder)",
                dir.display()
            ))
            .hint("clone the team's repository first: git clone URL DIR"));
        }
        Ok(Git { root: real })
    }

    /// Run git in the clone; the error is git's last line.
    fn run(&self, args: &[&str]) -> std::result::Result<String, String> {
        let child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run git: {e}"))?;
        crate::test_stop::step(&format!("git {}", args.first().unwrap_or(&"")));
        let out = child.wait_with_output().map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            // The telling line: the one naming a rejection, else git's last.
            let err = String::from_utf8_lossy(&out.stderr);
            let lines: Vec<&str> = err.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let line = lines.iter().find(|l| rejected(l)).or(lines.last()).copied().unwrap_or("failed");
            Err(format!("git {}: {}", args.first().unwrap_or(&""), line))
        }
    }

    fn must(&self, args: &[&str]) -> Result<String> {
        self.run(args).map_err(Error::user)
    }

    fn remote(&self) -> Result<Option<String>> {
        let out = self.run(&["remote"]).map_err(Error::user)?;
        Ok(out.lines().next().map(String::from))
    }

    fn branch(&self) -> Result<String> {
        self.run(&["symbolic-ref", "--short", "HEAD"])
            .map_err(|e| Error::user(format!("{e} (a detached HEAD?)")))
    }

    /// A rebase `git rebase --abort` refuses: forget its state, and put the
    /// branch back where it was (the clone's files were all committed before it).
    fn unstick_rebase(&self, git_dir: &Path) -> Result<()> {
        let read = |dir: &str, name: &str| {
            std::fs::read_to_string(git_dir.join(dir).join(name)).ok().map(|t| t.trim().to_string())
        };
        let head = read("rebase-merge", "head-name").or_else(|| read("rebase-apply", "head-name"));
        let orig = read("rebase-merge", "orig-head").or_else(|| read("rebase-apply", "orig-head"));
        if self.run(&["rebase", "--quit"]).is_err() {
            for dir in ["rebase-merge", "rebase-apply"] {
                let _ = std::fs::remove_dir_all(git_dir.join(dir));
            }
        }
        if let Some(branch) = head.as_deref().and_then(|h| h.strip_prefix("refs/heads/")) {
            self.must(&["checkout", "-q", "-f", branch])?;
            if let Some(orig) = orig.filter(|o| !o.is_empty()) {
                self.must(&["reset", "-q", "--hard", &orig])?;
            }
        }
        Ok(())
    }

    /// Undo what a killed sync left inside git: a stale index lock, a rebase or
    /// merge half done.
    fn recover(&self) -> Result<()> {
        let git_dir = PathBuf::from(self.run(&["rev-parse", "--absolute-git-dir"]).map_err(Error::user)?);
        // Git's locks (the index, the config, HEAD, each ref): a git killed
        // mid-way leaves its lock, and every later git refuses to start.
        let mut locks = Vec::new();
        find_locks(&git_dir, &mut locks);
        find_locks_under(&git_dir.join("refs"), &mut locks);
        for lock in &locks {
            std::fs::remove_file(lock)
                .map_err(|e| Error::user(format!("cannot remove {}: {e}", lock.display())))?;
        }
        if let Some(first) = locks.first() {
            let name = first.strip_prefix(&git_dir).unwrap_or(first).display().to_string();
            let more = if locks.len() > 1 { format!(" and {} more", locks.len() - 1) } else { String::new() };
            crate::ui::warn(&format!("removed a stale .git/{name}{more} left by an interrupted sync"));
        }
        if git_dir.join("rebase-merge").exists() || git_dir.join("rebase-apply").exists() {
            if self.run(&["rebase", "--abort"]).is_err() {
                // Killed as the rebase began, git cannot abort it (its state is
                // half written): drop the state and go back to the branch as it was.
                self.unstick_rebase(&git_dir)?;
            }
            crate::ui::warn("undid a rebase an interrupted sync left half done");
        }
        if git_dir.join("MERGE_HEAD").exists() {
            self.run(&["merge", "--abort"]).map_err(Error::user)?;
            crate::ui::warn("undid a merge an interrupted sync left half done");
        }
        Ok(())
    }
}

/// The `*.lock` files directly in `dir`.
fn find_locks(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        if e.file_type().is_ok_and(|t| t.is_file()) && e.file_name().to_string_lossy().ends_with(".lock") {
            out.push(e.path());
        }
    }
}

/// The `*.lock` files anywhere under `dir` (refs are nested folders).
fn find_locks_under(dir: &Path, out: &mut Vec<PathBuf>) {
    find_locks(dir, out);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            find_locks_under(&e.path(), out);
        }
    }
}
