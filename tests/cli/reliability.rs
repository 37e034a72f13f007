//! Nothing lost under concurrency, crashes and hostile input (see README, Reliability).

use crate::common::TestEnv;
use proptest::prelude::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn count(env: &TestEnv, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(env.db()).expect("open notebook");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn integrity(env: &TestEnv) -> String {
    env.json(&["doctor", "--full"])["integrity"].as_str().unwrap().to_string()
}

#[test]
fn concurrent_writers_and_a_reader_lose_nothing() {
    let env = TestEnv::new();
    env.note(&["first"]);
    let writers: Vec<Vec<Command>> = (0..4)
        .map(|w| {
            (0..50).map(|i| env.process(&["note", &format!("writer {w} note {i}"), "--who", "W"])).collect()
        })
        .collect();
    let reports: Vec<Command> = (0..200).map(|_| env.process(&["report", "--format", "json"])).collect();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut runs = 0;
            for mut report in reports {
                if done.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let out = report.output().expect("pm report runs");
                let err = String::from_utf8_lossy(&out.stderr).to_string();
                assert!(out.status.success() && !err.contains("locked"), "report: {err}");
                runs += 1;
            }
            runs
        })
    };
    let handles: Vec<_> = writers
        .into_iter()
        .map(|cmds| {
            std::thread::spawn(move || {
                for mut c in cmds {
                    let out = c.output().expect("pm note runs");
                    let err = String::from_utf8_lossy(&out.stderr).to_string();
                    assert!(out.status.success(), "writer failed: {err}");
                    assert!(!err.contains("locked"), "{err}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("writer thread");
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(reader.join().expect("reader thread") > 0);
    assert_eq!(count(&env, "SELECT count(*) FROM notes"), 201);
    for w in 0..4 {
        for i in 0..50 {
            let body = format!("writer {w} note {i}");
            assert_eq!(
                count(&env, &format!("SELECT count(*) FROM notes WHERE body = '{body}'")),
                1,
                "{body}"
            );
        }
    }
    assert_eq!(integrity(&env), "ok");
}

/// Run `cmd` in its own process group with the test-only `var=n`
/// (`PM_TEST_STOP_AT`: pm's nth step, `PM_TEST_STOP_AT_ROW`: its nth record
/// written): pm stops itself there, and this sends the group a real SIGKILL and
/// checks it died of it. Returns where it stopped, or None when pm has fewer
/// steps or rows than `n` (it then finished, and must have succeeded). A state
/// is waited for, never a guess at how fast the machine is.
#[cfg(target_os = "linux")]
fn kill_at(env: &TestEnv, mut cmd: Command, var: &str, n: usize) -> Option<String> {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let err = env.dir().join("killed.err");
    let mut child = cmd
        .env(var, n.to_string())
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("spawn pm");
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let said = std::fs::read_to_string(&err).unwrap();
            assert!(status.success(), "pm with fewer than {n} stops finished, and failed: {said}");
            return None;
        }
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()) == Some("T") {
            break;
        }
        assert!(Instant::now() < deadline, "pm neither stopped at {var}={n} nor finished");
        std::thread::sleep(Duration::from_millis(1));
    }
    let killed = Command::new("kill").args(["-KILL", "--", &format!("-{pid}")]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().expect("reaped");
    assert_eq!(status.signal(), Some(9), "pm was killed at {var}={n}, not finished");
    let said = std::fs::read_to_string(&err).unwrap();
    let at = said.lines().find_map(|l| l.strip_prefix("pm: stopped at ")).unwrap_or_else(|| panic!("{said}"));
    Some(at.to_string())
}

fn big_csv(env: &TestEnv, rows: usize, who: &str) -> String {
    let path = env.dir().join("big.csv");
    let mut text = String::from("body,who,tags\n");
    for i in 0..rows {
        text.push_str(&format!("Note {i} about exports and {who},{who},export\n"));
    }
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[cfg(target_os = "linux")]
#[test]
fn an_import_killed_part_way_leaves_none_of_its_rows() {
    let env = TestEnv::new();
    env.note(&["before"]);
    let file = big_csv(&env, 5_000, "Ann");
    // In the middle of the rows, and with every row written but not committed.
    let rows = kill_at(&env, env.process(&["import", &file]), "PM_TEST_STOP_AT_ROW", 2_000);
    assert_eq!(rows.as_deref(), Some("row 2000"), "killed after the 2,000th of 5,000 rows");
    let commit = kill_at(&env, env.process(&["import", &file]), "PM_TEST_STOP_AT", 1);
    assert_eq!(commit.as_deref(), Some("step 1: commit"), "killed before its commit");
    let notes = count(&env, "SELECT count(*) FROM notes");
    assert_eq!(notes, 1, "all or nothing: the killed imports left {notes} notes");
    assert_eq!(integrity(&env), "ok");
    env.note(&["after the crash"]);
    assert_eq!(count(&env, "SELECT count(*) FROM notes"), 2);
    // Not stopped, the same import is whole.
    env.ok(&["import", &file]);
    assert_eq!(count(&env, "SELECT count(*) FROM notes"), 5_002);
}

/// Copy a prepared notebook (checkpointed, one file) into a fresh environment.
fn copy_of(template: &TestEnv) -> TestEnv {
    let conn = rusqlite::Connection::open(template.db()).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    let env = TestEnv::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    std::fs::copy(template.db(), env.db()).unwrap();
    env
}

/// Killed at each of its commits in turn (`pm forget` has more than one: the
/// records, then the compaction), each command is all or nothing, until one
/// with fewer steps finishes.
#[cfg(target_os = "linux")]
#[test]
fn forget_and_undo_killed_part_way_are_all_or_nothing() {
    let template = TestEnv::new();
    // Small: each step is reached, not raced; forgetting scans every note, so
    // a debug build on a busy machine spends minutes on tens of thousands.
    let file = big_csv(&template, 500, "Zed Target");
    template.ok(&["import", &file]);
    let mut killed = 0;
    for n in 1.. {
        let env = copy_of(&template);
        let Some(at) = kill_at(&env, env.process(&["forget", "Zed Target", "--yes"]), "PM_TEST_STOP_AT", n)
        else {
            break;
        };
        killed += 1;
        let named = count(&env, "SELECT count(*) FROM notes WHERE who = 'Zed Target'");
        assert!(named == 0 || named == 500, "forget killed at {at} left {named} notes naming them");
        if n == 1 {
            assert_eq!(named, 500, "killed before its first commit, forget changed nothing");
        }
        let mentions = count(&env, "SELECT count(*) FROM notes WHERE body LIKE '%Zed Target%'");
        assert_eq!(mentions, named, "names and mentions go together");
        assert_eq!(integrity(&env), "ok");
        env.note(&["next command works"]);
    }
    assert!(killed >= 1, "forget was never killed part way");

    let env = copy_of(&template);
    let at = kill_at(&env, env.process(&["undo"]), "PM_TEST_STOP_AT", 1);
    assert_eq!(at.as_deref(), Some("step 1: commit"), "undo killed before its commit");
    assert_eq!(count(&env, "SELECT count(*) FROM notes"), 500, "the killed undo changed nothing");
    assert_eq!(integrity(&env), "ok");
    env.note(&["next command works"]);
}

/// Text no terminal or shell should be trusted with.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\u{202e}",
        "\u{200b}",
        "\u{2066}",
        "\u{1b}[31m",
        "\u{7}",
        "\r",
        "\n",
        "\t",
        "'",
        "\"",
        "\\",
        "%",
        "_",
        "😀",
        "👩‍👩‍👧",
        "é",
        "ß",
        "ﷺ",
        "'; DROP TABLE notes; --",
        "\" OR 1=1 --",
        "NEAR(",
        "*",
        "-",
        "S1",
        "N1",
        " ",
        "a",
        "Zoë",
    ]);
    (prop::collection::vec(pieces, 0..12), "\\PC{0,12}").prop_map(|(v, tail)| v.concat() + &tail)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any text in any text flag: stored exactly (trimmed) or refused with exit 1; never a panic.
    #[test]
    fn hostile_text_is_stored_exactly_or_refused(body in hostile(), who in hostile(), org in hostile(), tag in hostile()) {
        let env = TestEnv::new();
        // `--flag=value`, so a value that starts with '-' is still a value.
        let (w, o, t, s) = (format!("--who={who}"), format!("--org={org}"), format!("--tag={tag}"), format!("--segment={who}"));
        let out = env.cmd(&["note", "--format", "json", &w, &o, &t, &s, "--", &body]).output().unwrap();
        let code = out.status.code();
        prop_assert!(code == Some(0) || code == Some(1), "exit {code:?}: {}", String::from_utf8_lossy(&out.stderr));
        if code == Some(0) {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let shown = env.json(&["note", "show", v["id"].as_str().unwrap()]);
            prop_assert_eq!(shown["body"].as_str().unwrap(), body.as_str(), "the body is kept exactly");
            let who = who.trim();
            prop_assert_eq!(shown["who"].as_str().unwrap_or(""), who);
            let table = env.ok(&["note", "list"]);
            let raw = ['\u{1b}', '\u{202e}', '\u{7}'];
            prop_assert!(!table.contains(raw), "raw control text in the table: {:?}", table);
            let md = env.ok(&["note", "list", "--format", "md"]);
            prop_assert!(!md.contains(raw), "raw control text in Markdown: {:?}", md);
            let search = env.run(&["search", "--", &body]);
            prop_assert!(matches!(search.status.code(), Some(0) | Some(1)));
        } else {
            prop_assert_eq!(env.change_count(), 0);
        }
    }

    /// The same for the text of stories, check-ins and decisions.
    #[test]
    fn hostile_text_in_stories_checkins_and_decisions(a in hostile(), b in hostile(), c in hostile()) {
        let env = TestEnv::new();
        let runs: [Vec<String>; 4] = [
            vec!["story".into(), format!("--when={a}"), format!("--so={b}"), format!("--from={c}"), "--".into(), a.clone()],
            vec!["story".into(), "draft".into(), "--".into(), b.clone()],
            vec!["checkin".into(), format!("--with={b}"), "--at=tomorrow 10:00".into(), "--".into(), c.clone()],
            vec!["decision".into(), format!("--why={a}"), "--".into(), b.clone()],
        ];
        for args in runs {
            let before = env.change_count();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = env.run(&args);
            let code = out.status.code();
            prop_assert!(code == Some(0) || code == Some(1), "{args:?}: exit {code:?}: {}", String::from_utf8_lossy(&out.stderr));
            if code == Some(1) {
                prop_assert_eq!(env.change_count(), before, "a refused command changed nothing");
            }
        }
        for list in [&["story", "list"][..], &["checkin", "list"], &["decision", "list"], &["report"]] {
            let out = env.run(list);
            prop_assert_eq!(out.status.code(), Some(0));
            let text = String::from_utf8_lossy(&out.stdout);
            prop_assert!(!text.contains(['\u{1b}', '\u{202e}', '\u{7}']), "{list:?}: {text:?}");
        }
    }
}

#[test]
fn impossible_dates_are_refused_and_change_nothing() {
    let env = TestEnv::new();
    for on in ["--on=99999-01-01", "--on=2026-02-30", "--on=-1 days", "--on=0000-00-00", "--on=9999999999d"] {
        let e = env.fail(&["note", "x", on]);
        assert!(e.contains("--on"), "{e}");
    }
    env.fail(&["checkin", "x", "--with", "A", "--at", "2026-02-30 10:00"]);
    env.fail(&["report", "--since", "99999-01-01"]);
}

#[test]
fn a_4_mb_note_round_trips_exactly() {
    let env = TestEnv::new();
    let body: String =
        (0..4 * 1024 * 1024 / 16).map(|i| format!("{:015}\n", i)).collect::<String>().trim().to_string();
    let v: serde_json::Value =
        serde_json::from_str(&env.ok_with_stdin(&["note", "-", "--format", "json"], &body)).unwrap();
    let shown = env.json(&["note", "show", v["id"].as_str().unwrap()]);
    assert_eq!(shown["body"].as_str().unwrap(), body);
    let exported = env.ok(&["export"]);
    assert!(exported.len() > body.len());
}

#[test]
fn a_csv_with_a_10_mb_field_imports_whole() {
    let env = TestEnv::new();
    let field = "x".repeat(10 * 1024 * 1024);
    let path = env.dir().join("huge.csv");
    std::fs::write(&path, format!("body,who\r\n\"{field}\",Ann\nshort,Bob\r\n")).unwrap();
    env.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(count(&env, "SELECT max(length(body)) FROM notes"), 10 * 1024 * 1024);
    assert_eq!(count(&env, "SELECT count(*) FROM notes"), 2);
}

#[test]
fn sql_in_values_is_only_ever_data() {
    let env = TestEnv::new();
    let nasty = ["'; DROP TABLE notes; --", "\" OR 1=1 --", "x' OR '1'='1", "%", "_", "notes_fts MATCH '*'"];
    for n in nasty {
        env.note(&[n, "--who", n, "--org", n, "--tag", n, "--segment", n]);
    }
    env.note(&["an ordinary note", "--who", "Ann"]);
    assert_eq!(count(&env, "SELECT count(*) FROM notes"), 7);
    assert_eq!(env.json(&["note", "list", "--who", "x' OR '1'='1"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["note", "list", "--who", "%"]).as_array().unwrap().len(), 1, "no wildcard");
    assert_eq!(env.json(&["note", "list", "--tag", "_"]).as_array().unwrap().len(), 1);
    env.ok(&["story", nasty[0], "--pillar", ""]);
    let e = env.fail(&["story", "x", "--pillar", nasty[2]]);
    assert!(e.contains(nasty[2]), "{e}");
    let e = env.fail(&["note", "show", nasty[0]]);
    assert!(e.starts_with("error: "), "{e}");
    env.ok(&["search", nasty[0]]);
    env.ok(&["forget", nasty[2], "--yes"]);
    assert_eq!(count(&env, "SELECT count(*) FROM notes"), 7);
    assert_eq!(integrity(&env), "ok");
}

/// Makes a file immutable (read-only even for root) until dropped.
struct Immutable(std::path::PathBuf);

impl Immutable {
    fn new(path: &std::path::Path) -> Option<Immutable> {
        let ok = Command::new("chattr").arg("+i").arg(path).status().is_ok_and(|s| s.success());
        ok.then(|| Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn a_read_only_notebook_answers_reads_and_refuses_writes_clearly() {
    let env = TestEnv::new();
    env.note(&["Exports are slow", "--who", "Ann"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    let before = std::fs::read(env.db()).unwrap();
    let guard = if nix_root() { Immutable::new(&env.db()) } else { None };
    if guard.is_none() {
        let mut perms = std::fs::metadata(env.db()).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(env.db(), perms).unwrap();
    }
    assert_eq!(env.json(&["note", "list"])[0]["body"], "Exports are slow");
    let report = env.run(&["report", "--format", "json"]);
    assert!(report.status.success(), "the report still runs: {}", String::from_utf8_lossy(&report.stderr));
    // A report only reads; pinning it as a meeting is a write, refused clearly.
    let e = env.fail(&["report", "--record", "Q1 planning"]);
    assert!(e.contains("read-only"), "{e}");
    let e = env.fail(&["note", "another"]);
    assert!(e.contains("read-only"), "{e}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
    drop(guard);
}

/// Whether the tests run as root (who can write to a read-only file).
fn nix_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn a_full_disk_fails_the_write_cleanly_and_keeps_the_notebook() {
    let env = TestEnv::new();
    for i in 0..20 {
        env.note(&[&format!("note {i}")]);
    }
    let file = big_csv(&env, 50_000, "Ann");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    // No file pm writes may grow past 2 MB, as if the disk were full (the
    // signal a process gets for it is ignored, so the write fails with an error).
    let pm = assert_cmd::cargo::cargo_bin("pm");
    let mut cmd = env.process(&[]);
    cmd.args(["-c", "trap '' XFSZ; ulimit -f 4096; exec \"$0\" import \"$1\"", pm.to_str().unwrap(), &file]);
    let mut sh = Command::new("sh");
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    let out = sh.args(cmd.get_args()).current_dir(env.dir()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: ") && err.trim_end().lines().count() == 1, "{err}");
    assert_eq!(count(&env, "SELECT count(*) FROM notes"), 20);
    assert_eq!(integrity(&env), "ok");
    env.note(&["still works"]);
}
