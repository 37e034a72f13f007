//! Issue 12's data-loss holes: output files over the notebook, half-written
//! backups, imported ids and times, reused ids, notebooks created by reads.

use crate::common::TestEnv;
use std::path::Path;

fn notes_in(env: &TestEnv) -> usize {
    env.note_bodies().len()
}

#[test]
fn report_out_to_the_notebook_is_refused() {
    let env = TestEnv::new();
    env.note(&["exports are slow", "--who", "Alice"]);
    let db = env.db();
    let before = std::fs::read(&db).unwrap();
    let wal = format!("{}-wal", db.display());
    let shm = format!("{}-shm", db.display());
    for out in [db.display().to_string(), wal, shm] {
        let err = env.fail(&["report", "--out", &out]);
        assert!(err.contains("--out") && err.contains("is the notebook"), "{err}");
        let err = env.fail(&["export", "--out", &out]);
        assert!(err.contains("--out") && err.contains("is the notebook"), "{err}");
    }
    // Through a symlink and through `..`.
    let link = env.dir().join("planning.md");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    env.fail(&["report", "--format", "md", "--out", link.to_str().unwrap()]);
    env.fail(&["export", "--out", link.to_str().unwrap()]);
    let dotted = env.dir().join("data/../data/notebook.db");
    env.fail(&["export", "--out", dotted.to_str().unwrap()]);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(notes_in(&env), 1);
}

#[test]
fn output_files_replace_a_symlink_instead_of_writing_through_it() {
    let env = TestEnv::new();
    env.note(&["exports are slow", "--who", "Alice"]);
    let precious = env.dir().join("precious.txt");
    std::fs::write(&precious, "keep me").unwrap();
    for (i, args) in [vec!["report", "--format", "md"], vec!["export"]].into_iter().enumerate() {
        let out = env.dir().join(format!("out{i}"));
        std::os::unix::fs::symlink(&precious, &out).unwrap();
        let mut all = args.clone();
        all.extend(["--out", out.to_str().unwrap()]);
        env.ok(&all);
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
        assert!(!std::fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(env.dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("pm-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_report_that_cannot_be_written_is_not_recorded() {
    let env = TestEnv::new();
    env.note(&["exports are slow", "--who", "Alice"]);
    let missing = env.dir().join("no/such/folder/report.md");
    let err = env.fail(&["report", "--out", missing.to_str().unwrap()]);
    assert!(err.contains("--out: cannot write"), "{err}");
}

fn exists(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok()
}

#[test]
fn commands_on_a_missing_notebook_create_nothing() {
    let env = TestEnv::new();
    let csv = env.dir().join("in.csv");
    std::fs::write(&csv, "body,who\nslow exports,Alice\n").unwrap();
    let folder = env.dir().join("shared");
    std::fs::write(env.dir().join("notes.txt"), "body\nhi\n").unwrap();
    std::fs::write(env.dir().join("bad-row.csv"), "body,on\nfine,2026-11-20\nbad,not a date at all\n")
        .unwrap();
    let err = env.fail(&["undo"]);
    assert!(err.contains("there is no notebook"), "{err}");
    let err = env.fail(&["forget", "Alice Ng", "--yes"]);
    assert!(err.contains("there is no notebook"), "{err}");
    for failing in [
        vec!["story", "link", "S1", "N1"],
        vec!["story", "status", "S1", "planned"],
        vec!["story", "merge", "S2", "S1"],
        vec!["note", "edit", "N1", "--body", "x"],
        vec!["note", "rm", "N1", "--yes"],
        vec!["checkin", "done", "C1", "--outcome", "x"],
        vec!["vision", "pillar", "rm", "speed", "--yes"],
        vec!["import", "no-such-file.csv"],
        vec!["import", "notes.txt"],
        vec!["import", "--dir", "no-such-folder"],
        // Read, then refused on its second row: the notebook it would have filled goes too.
        vec!["import", "bad-row.csv"],
    ] {
        env.fail(&failing);
    }
    env.ok(&["import", csv.to_str().unwrap(), "--dry-run"]);
    env.ok(&["export", "--dir", folder.to_str().unwrap()]);
    env.ok(&["report"]);
    env.ok(&["export"]);
    env.ok(&["log"]);
    env.ok(&["doctor"]);
    assert!(!exists(&env.db()), "a notebook was created");
    assert!(!exists(env.db().parent().unwrap()), "its folder was created");
}

#[test]
fn backup_killed_part_way_leaves_no_half_copy() {
    let env = TestEnv::new();
    env.note(&["exports are slow", "--who", "Alice"]);
    {
        // Bulk the file up (about 48 MB) so the copy takes a while to make.
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch(
            "CREATE TABLE bulk (b TEXT);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 48)
             INSERT INTO bulk SELECT hex(randomblob(524288)) FROM n;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
    }
    let folder = env.dir().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let target = folder.join("copy.db");
    let mut child = env
        .process(&["backup", target.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it the moment anything appears in the folder: the copy has begun.
    loop {
        if std::fs::read_dir(&folder).unwrap().next().is_some() || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::yield_now();
    }
    let _ = child.kill();
    child.wait().unwrap();
    if exists(&target) {
        // It finished first: then the copy is whole.
        let conn = rusqlite::Connection::open(&target).unwrap();
        let n: i64 = conn.query_row("SELECT count(*) FROM reports", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 48);
    }
    // A later backup to the same name works, and the copy opens with --db.
    env.ok(&["backup", target.to_str().unwrap()]);
    let copy = env.json(&["note", "list", "--db", target.to_str().unwrap()]);
    assert_eq!(copy.as_array().unwrap().len(), 1);
}

#[test]
fn backup_creates_a_missing_folder_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.note(&["exports are slow"]);
    let target = env.dir().join("backups/2026/notebook.db");
    env.ok(&["backup", target.to_str().unwrap()]);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(target.parent().unwrap()), 0o700);
    assert_eq!(mode(&env.dir().join("backups")), 0o700);
    assert_eq!(mode(&target), 0o600);
    let names: Vec<_> =
        std::fs::read_dir(target.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("notebook.db")], "no temp or journal left");
    let err = env.fail(&["backup", target.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn imported_json_ids_times_and_uids_are_checked() {
    let env = TestEnv::new();
    env.note(&["already here"]);
    let cases: [(&str, &str); 8] = [
        (r#"[{"id": "N9223372036854775807", "body": "x"}]"#, "notes[0] (N9223372036854775807): id:"),
        (r#"[{"id": "N0", "body": "x"}]"#, "notes[0] (N0): id:"),
        (r#"[{"id": "S3", "body": "x"}]"#, "notes[0] (S3): id:"),
        (r#"[{"id": "N4", "body": "x"}, {"id": "n4", "body": "y"}]"#, "notes[1] (n4): id: n4 appears twice"),
        (r#"[{"body": "x", "updated": "garbage"}]"#, "notes[0]: updated: 'garbage' is not an RFC 3339 time"),
        (r#"[{"body": "x", "created": "2026-13-01T00:00:00Z"}]"#, "notes[0]: created:"),
        (
            r#"[{"uid": "u-1", "body": "x"}, {"uid": "u-1", "body": "y"}]"#,
            "notes[1]: uid: 'u-1' appears twice in the file",
        ),
        (
            r#"{"stories": [{"id": "S1", "request": "r", "updated": "soon"}]}"#,
            "stories[0] (S1): updated: 'soon'",
        ),
    ];
    for (i, (json, want)) in cases.iter().enumerate() {
        let path = env.dir().join(format!("bad{i}.json"));
        std::fs::write(&path, json).unwrap();
        let err = env.fail(&["import", path.to_str().unwrap()]);
        assert!(err.contains(want), "{json} gave {err}");
    }
    assert_eq!(env.note_bodies(), ["already here"]);
    // Times in another offset are stored in UTC, so the newer one wins a later merge.
    let path = env.dir().join("ok.json");
    std::fs::write(
        &path,
        r#"[{"uid": "u-2", "body": "offset", "created": "2026-11-20T10:00:00+01:00", "updated": "2026-11-20T10:00:00+01:00"}]"#,
    )
    .unwrap();
    env.ok(&["import", path.to_str().unwrap()]);
    let n = env.json(&["note", "show", "u-2"]);
    assert_eq!(n["updated"], "2026-11-20T09:00:00Z");
    assert_eq!(env.note(&["next one"]), "N3", "ids stay small");
}

#[test]
fn ids_are_never_reused_after_delete_or_undo() {
    let env = TestEnv::new();
    assert_eq!(env.note(&["first"]), "N1");
    assert_eq!(env.note(&["second", "--tag", "old"]), "N2");
    env.ok(&["note", "rm", "N2", "--yes"]);
    assert_eq!(env.note(&["third"]), "N3", "the deleted N2 is not given again");
    let log = env.json(&["log", "N3"]);
    assert_eq!(log.as_array().unwrap().len(), 1, "N3's history is its own: {log}");
    // Undo the add of N3: N3 is gone, and the next note is N4.
    env.ok(&["undo"]);
    assert_eq!(env.note(&["fourth"]), "N4");
    assert_eq!(env.json(&["log", "N4"]).as_array().unwrap().len(), 1);
    // Stories, check-ins and decisions too.
    let story = |text: &str| env.json(&["story", text])["id"].as_str().unwrap().to_string();
    assert_eq!(story("As a PM I want exports so that I save time"), "S1");
    env.ok(&["story", "rm", "S1", "--yes"]);
    assert_eq!(story("As a PM I want imports so that I save time"), "S2");
    // A JSON file's ids are kept only where this notebook never used them.
    let file = env.dir().join("n.json");
    std::fs::write(&file, r#"[{"id": "N2", "uid": "from-elsewhere", "body": "imported"}]"#).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(env.json(&["note", "show", "from-elsewhere"])["id"], "N5");
}

#[test]
fn an_upgraded_notebook_never_gives_an_id_its_log_remembers() {
    // The first schema's triggers log a delete; the upgrade must not hand N2 out again.
    let env = TestEnv::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let fixture = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v1.db")).unwrap();
    std::fs::write(env.db(), &fixture).unwrap();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch(
            "INSERT INTO changes (at, command) VALUES ('2026-11-20T09:00:00Z', 'note rm');
             DELETE FROM notes WHERE id = 2;",
        )
        .unwrap();
    }
    assert_eq!(env.json(&["doctor", "--full"])["integrity"], "ok");
    assert_eq!(env.note(&["after the upgrade"]), "N3");
    assert_eq!(env.json(&["log", "N3"]).as_array().unwrap().len(), 1);
    // The search index kept its rows through the rebuild of the tables.
    assert!(!env.json(&["search", "upgrade"]).as_array().unwrap().is_empty());
}

#[test]
fn reading_an_empty_file_writes_nothing_to_it() {
    // What a backup killed part way used to leave: `pm doctor` wrote a schema into it.
    let env = TestEnv::new();
    let empty = env.dir().join("B.db");
    std::fs::write(&empty, b"").unwrap();
    let v = env.json(&["doctor", "--full", "--db", empty.to_str().unwrap()]);
    assert_eq!(v["integrity"], "ok");
    env.ok(&["note", "list", "--db", empty.to_str().unwrap()]);
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
}
