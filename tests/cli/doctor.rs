use crate::common::TestEnv;

#[test]
fn doctor_reports_path_schema_counts_and_integrity() {
    let env = TestEnv::new();
    env.note(&["one"]);
    env.note(&["two"]);
    let v = env.json(&["doctor", "--full"]);
    assert_eq!(v["path"], env.db().to_str().unwrap());
    assert_eq!(v["schema_version"], 14);
    assert_eq!(v["counts"]["notes"], 2);
    assert_eq!(v["counts"]["stories"], 0);
    assert_eq!(v["integrity"], "ok");
    assert!(env.ok(&["doctor", "--full"]).contains("integrity:       ok"));
}

/// The everyday `pm doctor` reads no page it does not need (instant at a
/// million notes); `--full` reads them all.
#[test]
fn doctor_reads_every_page_only_with_full() {
    let env = TestEnv::new();
    env.note(&["one"]);
    let v = env.json(&["doctor"]);
    assert_eq!(v["counts"]["notes"], 1);
    assert_eq!(v["integrity"], "not checked (pm doctor --full reads every page)");
    // A damaged page that no count reads: only --full finds it.
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.execute_batch("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET rootpage = 9999 WHERE name = 'notes_by_on'; PRAGMA writable_schema = OFF;").unwrap();
    }
    let out = env.run(&["doctor", "--full", "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("\"integrity\": \"ok\""), "{text}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\r'), "no progress bar in captured output");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let junk = b"this is my shopping list, not a database\n".repeat(200);
    std::fs::write(env.db(), &junk).unwrap();
    let e = env.fail(&["note", "hello"]);
    assert!(e.contains("not a pm notebook"), "{e}");
    env.fail(&["note", "list"]);
    assert_eq!(std::fs::read(env.db()).unwrap(), junk);
}

#[test]
fn a_notebook_from_a_newer_pm_is_refused_untouched() {
    let env = TestEnv::new();
    env.note(&["one"]);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let e = env.fail(&["note", "two"]);
    assert!(e.contains("newer pm") && e.contains("999"), "{e}");
    let e = env.fail(&["note", "list"]);
    assert!(e.contains("newer pm"), "{e}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn a_notebook_from_the_first_schema_upgrades_with_a_backup_and_every_record() {
    // tests/fixtures/schema-v1.db was written by the first release's pm (schema 1).
    let env = TestEnv::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let fixture = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v1.db")).unwrap();
    std::fs::write(env.db(), &fixture).unwrap();

    let v = env.json(&["doctor", "--full"]);
    assert_eq!(v["schema_version"], 14);
    assert_eq!(v["integrity"], "ok");
    assert_eq!(v["counts"]["notes"], 2);
    assert_eq!(v["counts"]["stories"], 1);
    assert_eq!(v["counts"]["checkins"], 1);
    assert_eq!(v["counts"]["decisions"], 1);
    let backup = env.db().with_file_name("notebook.db.v1.bak");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the backup holds the same personal data");
    }
    let conn = rusqlite::Connection::open(&backup).expect("the backup opens");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1, "the backup is the notebook as it was");

    let n1 = env.json(&["note", "show", "N1"]);
    assert_eq!(n1["body"], "Exports to CSV take an hour; the café team gave up");
    assert_eq!(n1["who"], "Alice Ng");
    assert_eq!(n1["tags"][0], "export");
    let s1 = env.json(&["story", "show", "S1"]);
    assert_eq!(s1["want"], "export notes in a minute");
    assert_eq!(
        (s1["when"].as_str(), s1["so"].as_str()),
        (Some("I close the month"), Some("finance gets numbers on time"))
    );
    assert_eq!(env.json(&["search", "month", "--kind", "story"])[0]["id"], "S1");
    assert_eq!(s1["pillar"], "high altitude");
    assert_eq!(s1["evidence_count"], 2);
    assert!(s1["score"].as_f64().unwrap() > 0.0, "{s1}");
    assert_eq!(env.json(&["vision", "show"])["vision"]["text"], "Denver to Honolulu on a hot day");
    // The old decision was taken the day the vision was set: it remembers that version.
    let d1 = env.json(&["decision", "show", "D1"]);
    assert_eq!((d1["vision_version"].as_i64(), d1["state"].as_str()), (Some(1), Some("current")));
    // The rebuilt search index finds the old notes, stemmed and without accents.
    let hits = env.json(&["search", "cafe exports"]);
    assert_eq!(hits[0]["id"], "N1", "{hits}");
    env.note(&["A new note after the upgrade"]);
    assert_eq!(env.json(&["doctor"])["counts"]["notes"], 3);

    // Schema 3 logs changes without the first schema's triggers, and undo still
    // brings a deleted note back with its tags and its links to stories.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let triggers: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_log_[iud]'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 0);
    env.ok(&["note", "rm", "N1", "--yes"]);
    assert_eq!(env.json(&["story", "show", "S1"])["evidence_count"], 1);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["note", "show", "N1"]), n1);
    assert_eq!(env.json(&["story", "show", "S1"]), s1);
}

/// Schema 14 stores a story's clauses as `when`, `want` and `so` (they were
/// `situation`, `motivation` and `outcome`): a notebook written before keeps
/// them, finds them by search, column filters included, and undoes a change
/// logged under the old names.
#[test]
fn a_notebook_from_schema_13_keeps_its_story_clauses_searchable_and_undoable() {
    let env = TestEnv::new();
    env.ok(&[
        "story",
        "Faster CSV export",
        "--when",
        "I close the month",
        "--want",
        "export notes in a minute",
        "--so",
        "finance gets numbers on time",
    ]);
    env.ok(&["story", "edit", "S1", "--when", "the quarter closes"]);
    // Make the notebook as pm wrote it at schema 13: the old column names in the
    // table, its search index and triggers, and the operation log.
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch(crate::common::STORY_CLAUSES_BEFORE_14).unwrap();
        conn.pragma_update(None, "user_version", 13).unwrap();
        let logged: i64 = conn
            .query_row(
                "SELECT count(*) FROM ops WHERE old LIKE '%\"situation\":\"I close the month\"%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(logged, 1, "the edit is logged under the old name");
    }

    let s1 = env.json(&["story", "show", "S1"]);
    assert_eq!(s1["when"], "the quarter closes");
    assert_eq!(s1["want"], "export notes in a minute");
    assert_eq!(s1["so"], "finance gets numbers on time");
    let v = env.json(&["doctor", "--full"]);
    assert_eq!((v["schema_version"].as_i64(), v["integrity"].as_str()), (Some(14), Some("ok")));

    let found = |query: &str| -> Vec<String> {
        let hits = env.json(&["search", query, "--kind", "story"]);
        hits.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect()
    };
    // Every clause is in the rebuilt index, under its own name and its old one.
    for query in ["quarter", "minute", "finance", "when: quarter", "want: minute", "so: finance"] {
        assert_eq!(found(query), ["S1"], "{query}");
    }
    for query in ["situation: quarter", "motivation: minute", "outcome: finance", "{situation so}: finance"] {
        assert_eq!(found(query), ["S1"], "{query}");
    }
    assert!(found("when: finance").is_empty(), "a filter reads its own clause");
    assert!(found("so: quarter").is_empty());
    let hit = env.json(&["search", "situation: quarter"]);
    assert_eq!(hit[0]["snippet"], "the **quarter** closes", "{hit}");

    // The edit logged before the upgrade is undone into the renamed column, and
    // the index follows.
    env.ok(&["undo"]);
    assert_eq!(env.json(&["story", "show", "S1"])["when"], "I close the month");
    assert_eq!(found("month"), ["S1"]);
    assert!(found("quarter").is_empty());
    // Edits after the upgrade are logged and undone under the new names.
    env.ok(&["story", "edit", "S1", "--want", "export notes at once", "--so", "finance closes early"]);
    assert_eq!(found("want: once"), ["S1"]);
    env.ok(&["undo"]);
    let back = env.json(&["story", "show", "S1"]);
    assert_eq!(
        (back["want"].as_str(), back["so"].as_str()),
        (Some("export notes in a minute"), Some("finance gets numbers on time"))
    );
    assert!(found("once").is_empty());
    // A deleted story comes back whole (its row put back under the new names).
    env.ok(&["story", "rm", "S1", "--yes"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["story", "show", "S1"]), back);
    assert_eq!(found("so: finance"), ["S1"]);
}
