//! `pm forget`: after it, the name's bytes are nowhere in the notebook file.

use crate::common::TestEnv;

const NAME: &str = "Zebulon Quackenbush";

/// Every byte pm keeps: the notebook and its WAL.
fn file_bytes(env: &TestEnv) -> Vec<u8> {
    let mut bytes = std::fs::read(env.db()).unwrap();
    let wal = env.db().with_file_name("notebook.db-wal");
    if let Ok(more) = std::fs::read(wal) {
        bytes.extend(more);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn notebook(env: &TestEnv) {
    env.note(&[
        "Zebulon Quackenbush says exports take an hour",
        "--who",
        NAME,
        "--org",
        "Acme",
        "--tag",
        "export",
    ]);
    env.note(&["Exports matter to finance too", "--who", "Ann"]);
    env.note(&["Second call with zebulon quackenbush about SSO", "--who", "zebulon  quackenbush"]);
    env.ok(&[
        "story",
        "Faster exports for Zebulon Quackenbush",
        "--from",
        NAME,
        "--evidence",
        "N1",
        "--evidence",
        "N2",
    ]);
    env.ok(&["note", "edit", "N1", "--body", "Zebulon Quackenbush: exports take two hours"]);
    env.ok(&["checkin", "Demo for Zebulon Quackenbush", "--with", NAME, "--at", "tomorrow 10:00"]);
    env.ok(&["decision", "Call Zebulon Quackenbush back", "--why", "asked twice"]);
    env.ok(&["report"]);
    assert!(contains(&file_bytes(env), "Quackenbush"), "the name is in the file before");
}

#[test]
fn forget_erases_the_name_everywhere_and_keeps_the_notes() {
    let env = TestEnv::new();
    notebook(&env);
    let out = env.run(&["forget", "zebulon quackenbush", "--yes"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("2 notes no longer name them"), "{said}");
    let bytes = file_bytes(&env);
    assert!(!contains(&bytes, "Quackenbush"), "the name's bytes are gone from the file");
    assert!(!contains(&bytes, "Zebulon"));

    let n1 = env.json(&["note", "show", "N1"]);
    assert_eq!(n1["who"], serde_json::Value::Null);
    assert_eq!(n1["body"], "[forgotten]: exports take two hours");
    assert_eq!(n1["org"], "Acme");
    assert_eq!(env.json(&["story", "show", "S1"])["requested_by"], serde_json::Value::Null);
    assert_eq!(env.json(&["search", "quackenbush"]).as_array().unwrap().len(), 0);
    assert_eq!(env.json(&["search", "exports"]).as_array().unwrap().len(), 3);
    assert_eq!(env.json(&["doctor"])["integrity"], "ok");
    let e = env.fail(&["undo"]);
    assert!(e.contains("cannot be undone"), "{e}");
}

#[test]
fn forget_with_delete_notes_removes_their_notes_and_their_history() {
    let env = TestEnv::new();
    notebook(&env);
    let v = env.json(&["forget", NAME, "--delete-notes", "--yes"]);
    assert_eq!(v["notes_deleted"], 2);
    assert!(!contains(&file_bytes(&env), "Quackenbush"));
    assert!(!contains(&file_bytes(&env), "two hours"), "their notes' text is gone from the log too");
    assert_eq!(env.note_bodies(), ["Exports matter to finance too"]);
    assert_eq!(env.json(&["story", "show", "S1"])["evidence_count"], 1);
}

#[test]
fn forgetting_someone_never_named_changes_nothing() {
    let env = TestEnv::new();
    notebook(&env);
    let e = env.fail(&["forget", "Nobody Here", "--yes"]);
    assert!(e.contains("no record names 'Nobody Here'"), "{e}");
    env.fail(&["forget", " ?! "]);
}
