//! A hermetic environment for running the real `pm` binary: a temp folder, its own
//! notebook, a cleared environment, and a clock (`PM_NOW`) that moves one minute
//! per command so `created` times are distinct and deterministic.

use assert_cmd::Command;
use chrono::{DateTime, Duration, FixedOffset};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Output;

pub struct TestEnv {
    dir: tempfile::TempDir,
    start: Cell<DateTime<FixedOffset>>,
    step: Cell<i64>,
}

#[allow(dead_code)]
impl TestEnv {
    pub fn new() -> Self {
        Self::at("2026-11-20T09:00:00+00:00")
    }

    /// A notebook whose clock starts at `now` (RFC 3339).
    pub fn at(now: &str) -> Self {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
            start: Cell::new(DateTime::parse_from_rfc3339(now).expect("valid start time")),
            step: Cell::new(0),
        }
    }

    /// Set the clock to `now` for the commands that follow.
    pub fn set_now(&self, now: &str) {
        self.start.set(DateTime::parse_from_rfc3339(now).expect("valid time"));
        self.step.set(0);
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("notebook.db")
    }

    fn now(&self) -> String {
        let n = self.step.get();
        self.step.set(n + 1);
        (self.start.get() + Duration::minutes(n)).to_rfc3339()
    }

    /// The whole environment a `pm` run sees (each call moves the clock on).
    fn vars(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        let dir = self.dir.path();
        vec![
            ("PATH", std::env::var_os("PATH").unwrap_or_default()),
            ("HOME", dir.into()),
            ("XDG_DATA_HOME", dir.join("xdg-data").into()),
            ("XDG_CONFIG_HOME", dir.join("xdg-config").into()),
            ("PM_DB", self.db().into()),
            ("PM_NOW", self.now().into()),
            ("NO_COLOR", "1".into()),
            ("COLUMNS", "100".into()),
        ]
    }

    /// `pm ARGS` as a plain process (to run from other threads, or kill), with
    /// this environment and its clock as it is now.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("pm"));
        c.env_clear()
            .envs(self.vars())
            .current_dir(self.dir.path())
            .args(args)
            .stdin(std::process::Stdio::null());
        c
    }

    /// `pm ARGS` in this environment (stdin empty unless the caller sets it).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("pm").expect("pm binary");
        c.env_clear()
            .envs(self.vars())
            .env("RUST_BACKTRACE", "1")
            .current_dir(self.dir.path())
            .args(args)
            .write_stdin("");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("pm runs")
    }

    /// Run, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "pm {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Run with `stdin`, expect success, return stdout.
    pub fn ok_with_stdin(&self, args: &[&str], stdin: &str) -> String {
        let out = self.cmd(args).write_stdin(stdin.to_string()).output().expect("pm runs");
        assert!(out.status.success(), "pm {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Run, expect exit code 1 with one `error:` line, and nothing written. Returns stderr.
    pub fn fail(&self, args: &[&str]) -> String {
        let before = self.change_count();
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "pm {args:?} should fail with 1; stderr:\n{stderr}");
        assert!(stderr.starts_with("error: "), "pm {args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(self.change_count(), before, "pm {args:?} changed the notebook");
        stderr
    }

    /// Run, expect success, parse stdout as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = self.ok(&all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("pm {args:?}: not JSON ({e}):\n{out}"))
    }

    /// How many writing commands the notebook has recorded (0 when it does not exist).
    pub fn change_count(&self) -> i64 {
        if !self.db().exists() {
            return 0;
        }
        let conn = rusqlite::Connection::open(self.db()).expect("open notebook");
        conn.query_row("SELECT count(*) FROM changes", [], |r| r.get(0)).unwrap_or(0)
    }

    /// The bodies of the notes `pm note list` shows, in its order.
    pub fn note_bodies(&self) -> Vec<String> {
        let v = self.json(&["note", "list", "--limit", "100000"]);
        v.as_array()
            .expect("a list")
            .iter()
            .map(|n| n["body"].as_str().expect("a body").to_string())
            .collect()
    }

    /// Add a note and return its id.
    pub fn note(&self, args: &[&str]) -> String {
        let v = self.json(&[&["note"], args].concat());
        v["id"].as_str().expect("note id").to_string()
    }
}

/// SQL that gives a notebook's stories the clause names they had before schema
/// 14 (`situation`, `motivation`, `outcome`) in the table, its search index and
/// triggers, and the operation log: for tests that fake an older notebook.
#[allow(dead_code)]
pub const STORY_CLAUSES_BEFORE_14: &str = r#"
    DROP TRIGGER stories_fts_ai; DROP TRIGGER stories_fts_ad; DROP TRIGGER stories_fts_au;
    DROP TABLE stories_fts;
    ALTER TABLE stories RENAME COLUMN "when" TO situation;
    ALTER TABLE stories RENAME COLUMN want TO motivation;
    ALTER TABLE stories RENAME COLUMN so TO outcome;
    CREATE VIRTUAL TABLE stories_fts USING fts5 (
        request, situation, motivation, outcome, content = 'stories', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2');
    INSERT INTO stories_fts (stories_fts) VALUES ('rebuild');
    CREATE TRIGGER stories_fts_ai AFTER INSERT ON stories BEGIN
        INSERT INTO stories_fts (rowid, request, situation, motivation, outcome)
        VALUES (new.id, new.request, new.situation, new.motivation, new.outcome);
    END;
    CREATE TRIGGER stories_fts_ad AFTER DELETE ON stories BEGIN
        INSERT INTO stories_fts (stories_fts, rowid, request, situation, motivation, outcome)
        VALUES ('delete', old.id, old.request, old.situation, old.motivation, old.outcome);
    END;
    CREATE TRIGGER stories_fts_au AFTER UPDATE OF request, situation, motivation, outcome ON stories BEGIN
        INSERT INTO stories_fts (stories_fts, rowid, request, situation, motivation, outcome)
        VALUES ('delete', old.id, old.request, old.situation, old.motivation, old.outcome);
        INSERT INTO stories_fts (rowid, request, situation, motivation, outcome)
        VALUES (new.id, new.request, new.situation, new.motivation, new.outcome);
    END;
    UPDATE ops SET
        old = replace(replace(replace(old, '"when":', '"situation":'), '"want":', '"motivation":'), '"so":', '"outcome":'),
        new = replace(replace(replace(new, '"when":', '"situation":'), '"want":', '"motivation":'), '"so":', '"outcome":')
    WHERE tbl = 'stories';
"#;
