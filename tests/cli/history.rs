//! `pm undo`, `pm log`, `pm backup`.

use crate::common::TestEnv;

/// Everything a reader can see, to compare a notebook before and after.
fn snapshot(env: &TestEnv) -> Vec<serde_json::Value> {
    vec![
        env.json(&["note", "list"]),
        env.json(&["story", "list"]),
        env.json(&["checkin", "list"]),
        env.json(&["decision", "list"]),
        env.json(&["vision", "pillar", "list"]),
        env.json(&["search", "export"]),
    ]
}

#[test]
fn undo_reverses_each_kind_of_change_back_to_the_same_notebook() {
    let env = TestEnv::new();
    env.note(&["Exports are slow", "--who", "Ann", "--tag", "export", "--source", "interview"]);
    env.note(&["Export to CSV please", "--who", "Bob", "--source", "sales"]);
    env.ok(&["vision", "pillar", "add", "speed"]);
    env.ok(&[
        "story",
        "Faster export",
        "--evidence",
        "N1",
        "--pillar",
        "speed",
        "--impact",
        "2",
        "--effort",
        "1",
    ]);
    env.ok(&["checkin", "Export perf", "--with", "Dana", "--at", "tomorrow 10:00", "--story", "S1"]);
    let base = snapshot(&env);

    let steps: &[&[&str]] = &[
        &["note", "edit", "N1", "--body", "Imports are slow too", "--tag", "import"],
        &["note", "rm", "N2", "--yes"],
        &["story", "link", "S1", "N2", "--importance", "3"],
        &["story", "score", "S1", "--reach", "40"],
        &["story", "status", "S1", "planned"],
        &["vision", "pillar", "rm", "speed", "--yes"],
        &["checkin", "done", "C1", "--outcome", "ship it"],
        &["decision", "CSV first", "--why", "asked most", "--story", "S1"],
        &["story", "rm", "S1", "--yes"],
    ];
    for step in steps {
        let before = snapshot(&env);
        env.ok(step);
        assert_ne!(snapshot(&env), before, "{step:?} changed nothing");
        let said = env.run(&["undo"]);
        assert!(said.status.success(), "{step:?}: {}", String::from_utf8_lossy(&said.stderr));
        assert!(String::from_utf8_lossy(&said.stderr).starts_with("Undid #"), "{step:?}");
        assert_eq!(snapshot(&env), before, "undo of {step:?}");
        assert_eq!(env.json(&["doctor", "--full"])["integrity"], "ok");
    }
    assert_eq!(snapshot(&env), base);
}

#[test]
fn undo_steps_back_one_change_at_a_time_and_says_when_there_is_nothing_left() {
    let env = TestEnv::new();
    env.note(&["one"]);
    env.note(&["two"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["note", "list"]).as_array().unwrap().len(), 1);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["note", "list"]).as_array().unwrap().len(), 0);
    let e = env.fail(&["undo"]);
    assert!(e.contains("nothing to undo"), "{e}");
}

#[test]
fn log_lists_changes_and_the_history_of_one_record() {
    let env = TestEnv::new();
    env.note(&["one"]);
    env.note(&["two"]);
    env.ok(&["story", "Faster export", "--evidence", "N2"]);
    env.ok(&["note", "edit", "N2", "--body", "two, edited"]);
    env.ok(&["undo"]);
    let all = env.json(&["log"]);
    let commands: Vec<&str> =
        all.as_array().unwrap().iter().map(|c| c["command"].as_str().unwrap()).collect();
    assert_eq!(commands, ["undo", "note edit", "story add", "note add", "note add"]);
    assert_eq!(all[1]["undone"], true);
    assert_eq!(all[2]["records"], serde_json::json!(["N2", "S1"]), "{all}");
    assert_eq!(all[4]["at"], "2026-11-20T09:00:00Z");

    let n2 = env.json(&["log", "n2"]);
    let commands: Vec<&str> = n2.as_array().unwrap().iter().map(|c| c["command"].as_str().unwrap()).collect();
    assert_eq!(commands, ["undo", "note edit", "story add", "note add"]);
    assert_eq!(env.json(&["log", "N1"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["log", "--limit", "2"]).as_array().unwrap().len(), 2);
    let table = env.ok(&["log"]);
    assert!(table.contains("note edit (undone)"), "{table}");
    let e = env.fail(&["log", "X9"]);
    assert!(e.contains("'X9'"), "{e}");
}

#[test]
fn backup_is_a_checked_copy_that_opens_with_db() {
    let env = TestEnv::new();
    let e = env.fail(&["backup", "copy.db"]);
    assert!(e.contains("no notebook"), "{e}");
    env.note(&["Exports are slow", "--who", "Ann"]);
    let copy = env.dir().join("copy.db");
    let out = env.run(&["backup", copy.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("integrity: ok"));
    let notes = env.json(&["note", "list", "--db", copy.to_str().unwrap()]);
    assert_eq!(notes[0]["body"], "Exports are slow");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let before = std::fs::read(&copy).unwrap();
    let e = env.fail(&["backup", copy.to_str().unwrap()]);
    assert!(e.contains("copy.db"), "{e}");
    assert_eq!(std::fs::read(&copy).unwrap(), before, "an existing file is never overwritten");
}
