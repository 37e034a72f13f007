//! Issue 12's bad-input holes: numbers, dates, pillar names, where the notebook
//! is, read-only folders, waiting for the lock, wide CSVs, merged stories.

use crate::common::TestEnv;

#[test]
fn numbers_are_finite_and_bounded_naming_the_flag() {
    let env = TestEnv::new();
    env.ok(&["story", "As a PM I want exports so that I save time"]);
    let cases = [
        ("--effort", "1e-320", "--effort: effort 1e-320 must be from 0.01 to 1,000,000"),
        ("--reach", "1e15", "--reach: reach 1e15 must be from 0 to 1,000,000,000,000"),
        ("--reach", "1e308", "--reach: reach 1e308 must be"),
        ("--reach", "inf", "--reach: reach inf is not a finite number"),
        ("--effort", "NaN", "--effort: effort NaN is not a finite number"),
    ];
    for (flag, value, want) in cases {
        let err = env.fail(&["story", "score", "S1", &format!("{flag}={value}")]);
        assert!(err.contains(want), "{flag} {value}: {err}");
        assert!(err.len() < 200, "{err}");
    }
    let out = env.ok(&[
        "story",
        "score",
        "S1",
        "--reach=-0",
        "--impact",
        "1",
        "--confidence",
        "50",
        "--effort",
        "1",
    ]);
    assert!(!out.contains("-0"), "{out}");
    assert_eq!(env.json(&["story", "show", "S1"])["reach"], 0.0);
    let csv = env.dir().join("s.csv");
    std::fs::write(&csv, "request,effort\nfaster exports,1e-320\n").unwrap();
    let err = env.fail(&["import", csv.to_str().unwrap()]);
    assert!(err.contains("effort 1e-320 must be from 0.01"), "{err}");
}

#[test]
fn misspelled_dates_are_refused_listing_the_forms_that_work() {
    let env = TestEnv::new();
    for typo in ["yesterdy", "yesterda", "yesterdayy", "tomorow", "lst fri"] {
        let err = env.fail(&["note", "slow exports", "--on", typo]);
        assert!(
            err.contains(&format!("'{typo}'")) && err.contains("yesterday, last fri, 3 days ago"),
            "{err}"
        );
    }
    assert!(env.note_bodies().is_empty());
    // Every form the README lists is read.
    for form in [
        "2026-11-20",
        "2026-11-20 14:30",
        "2026-11-20T14:30:00Z",
        "today",
        "yesterday",
        "tomorrow",
        "fri",
        "last friday",
        "next tue",
        "3d",
        "2w",
        "3 days ago",
        "in 2 weeks",
        "tomorrow 10:00",
    ] {
        env.ok(&["note", "list", "--since", form]);
    }
}

#[test]
fn pillar_names_are_found_whatever_their_spacing_and_case() {
    let env = TestEnv::new();
    env.ok(&["vision", "pillar", "add", "Fast  exports"]);
    env.ok(&["vision", "pillar", "add", "Self\tserve"]);
    for (typed, id) in [
        ("Fast  exports", "S1"),
        ("fast exports", "S2"),
        ("  FAST\texports ", "S3"),
        ("Self\tserve", "S4"),
        ("self  serve", "S5"),
    ] {
        let s = env.json(&["story", "As a PM I want exports so that I save time", "--pillar", typed]);
        assert_eq!(s["id"], id);
        assert!(
            s["pillar"].as_str().unwrap().eq_ignore_ascii_case(if id == "S4" || id == "S5" {
                "Self serve"
            } else {
                "Fast exports"
            }),
            "{s}"
        );
    }
    let err = env.fail(&["vision", "pillar", "add", "fast   EXPORTS"]);
    assert!(err.contains("already a pillar"), "{err}");
}

#[test]
fn a_dangling_notebook_symlink_is_an_error_and_init_honours_the_path() {
    let env = TestEnv::new();
    let parent = env.dir().join("parent");
    let child = parent.join("child");
    std::fs::create_dir_all(&child).unwrap();
    let run = |dir: &std::path::Path, args: &[&str], db: Option<&std::path::Path>| {
        let mut c = env.cmd(args);
        c.env_remove("PM_DB").current_dir(dir);
        if let Some(db) = db {
            c.env("PM_DB", db);
        }
        c.output().unwrap()
    };
    assert!(run(&parent, &["init"], None).status.success());
    assert!(run(&parent, &["note", "in the parent"], None).status.success());
    std::fs::create_dir(child.join(".pm")).unwrap();
    std::os::unix::fs::symlink(env.dir().join("gone.db"), child.join(".pm/notebook.db")).unwrap();
    let out = run(&child, &["note", "meant for the child"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("is a symlink to") && err.contains("does not exist"), "{err}");
    assert!(!env.dir().join("gone.db").exists());
    let out = run(&parent, &["note", "list", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "the parent's notebook got nothing: {v}");
    // `pm init --db PATH` and `PM_DB=PATH pm init` make the notebook at PATH.
    let flagged = env.dir().join("flagged/n.db");
    assert!(run(env.dir(), &["init", "--db", flagged.to_str().unwrap()], None).status.success());
    assert!(flagged.exists());
    let from_env = env.dir().join("from-env.db");
    let out = run(env.dir(), &["init"], Some(&from_env));
    assert!(String::from_utf8_lossy(&out.stdout).contains("from-env.db"));
    assert!(from_env.exists());
    assert!(!env.dir().join(".pm").exists());
}

/// Make `dir` read-only (immutable when the tests run as root, who can write
/// anywhere else); undone on drop. `None` where neither works.
struct ReadOnlyDir(std::path::PathBuf, bool);

impl ReadOnlyDir {
    fn new(dir: &std::path::Path) -> Option<ReadOnlyDir> {
        use std::os::unix::fs::PermissionsExt;
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        if root {
            let ok =
                std::process::Command::new("chattr").arg("+i").arg(dir).status().is_ok_and(|s| s.success());
            return ok.then(|| ReadOnlyDir(dir.to_path_buf(), true));
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o500)).ok()?;
        Some(ReadOnlyDir(dir.to_path_buf(), false))
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = std::process::Command::new("chattr").arg("-i").arg(&self.0).status();
        } else {
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o700));
        }
    }
}

#[test]
fn a_read_only_folder_is_named_and_reads_still_work() {
    let env = TestEnv::new();
    env.note(&["Exports are slow", "--who", "Ann"]);
    let folder = env.db().parent().unwrap().to_path_buf();
    let Some(guard) = ReadOnlyDir::new(&folder) else {
        eprintln!("skipped: cannot make a folder read-only here");
        return;
    };
    assert_eq!(env.json(&["note", "list"])[0]["body"], "Exports are slow");
    assert_eq!(env.json(&["doctor", "--full"])["integrity"], "ok");
    let report = env.run(&["report"]);
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let out = env.run(&["note", "another"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("folder") && err.contains("is read-only") && !err.contains("not a SQLite"), "{err}");
    drop(guard);
    assert_eq!(env.note_bodies(), ["Exports are slow"]);
}

#[test]
fn a_writer_waits_as_long_as_the_lock_is_held_and_says_so() {
    use std::io::BufRead;
    let env = TestEnv::new();
    env.note(&["first"]);
    // Hold the write lock, as a long import does.
    let holder = rusqlite::Connection::open(env.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let mut child = env
        .process(&["note", "written after the wait"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.starts_with("Waiting for another pm command to finish"), "{line:?}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(1), "said only once a second has passed");
    // Past the old 10 s limit, it is still waiting.
    while started.elapsed() < std::time::Duration::from_secs(11) {
        assert!(child.try_wait().unwrap().is_none(), "pm gave up while the lock was held");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    holder.execute_batch("COMMIT").unwrap();
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(status.success(), "{rest}");
    assert!(rest.is_empty(), "said once: {rest}");
    assert_eq!(env.note_bodies().len(), 2);
}

#[test]
fn a_csv_with_very_many_unknown_columns_warns_in_one_short_line() {
    let env = TestEnv::new();
    let csv = env.dir().join("wide.csv");
    let header: Vec<String> =
        std::iter::once("body".to_string()).chain((0..100_000).map(|i| format!("extra {i}"))).collect();
    let row: Vec<String> =
        std::iter::once("slow exports".to_string()).chain((0..100_000).map(|_| String::new())).collect();
    std::fs::write(&csv, format!("{}\n{}\n", header.join(","), row.join(","))).unwrap();
    let out = env.run(&["import", csv.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let warning = err.lines().find(|l| l.contains("ignoring columns")).expect("a warning");
    assert!(warning.len() < 400 && warning.ends_with("and 99992 more"), "{warning}");
    assert_eq!(env.note_bodies(), ["slow exports"]);
}

#[test]
fn a_merged_story_refuses_links_scores_and_status_changes() {
    let env = TestEnv::new();
    env.ok(&["story", "As a PM I want exports so that I save time"]);
    env.ok(&["story", "As a PM I want CSV exports so that I save time"]);
    env.note(&["exports are slow"]);
    env.ok(&["story", "merge", "S2", "S1"]);
    for args in [
        vec!["story", "link", "S2", "N1"],
        vec!["story", "unlink", "S2", "N1"],
        vec!["story", "score", "S2", "--impact", "2"],
        vec!["story", "status", "S2", "planned"],
        vec!["story", "edit", "S2", "--when", "I close the month"],
    ] {
        let err = env.fail(&args);
        assert!(err.contains("S2 is merged into S1: change S1 instead"), "{args:?}: {err}");
    }
    let err = env.fail(&["note", "more slowness", "--story", "S2"]);
    assert!(err.contains("--story: S2 is merged into S1"), "{err}");
    // Looking at it still works.
    env.ok(&["story", "score", "S2"]);
    env.ok(&["story", "show", "S2"]);
}

#[test]
fn log_limit_zero_is_refused() {
    let env = TestEnv::new();
    env.note(&["first"]);
    for args in [
        vec!["log", "--limit", "0"],
        vec!["note", "list", "--limit", "0"],
        vec!["story", "list", "--limit", "0"],
        vec!["search", "first", "--limit", "0"],
    ] {
        let err = env.fail(&args);
        assert!(err.contains("--limit: must be at least 1"), "{args:?}: {err}");
    }
    assert_eq!(env.json(&["log", "--limit", "1"]).as_array().unwrap().len(), 1);
}
