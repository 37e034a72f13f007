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
    assert_eq!(env.json(&["doctor", "--full"])["integrity"], "ok");
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

/// Item 6: the name only in a participant list, a tag and the history of a
/// deleted note is still found, and cleaned from all of them.
#[test]
fn forget_6_cleans_participant_lists_tags_and_the_history_of_deleted_notes() {
    let env = TestEnv::new();
    env.note(&["Exports take an hour", "--who", NAME, "--tag", "zebulon-quackenbush", "--tag", "export"]);
    env.note(&["Finance agrees", "--who", "Dana"]);
    env.ok(&["checkin", "Review", "--with", "Zebulon Quackenbush, Dana", "--at", "tomorrow 10:00"]);
    env.ok(&["note", "rm", "N1"]);
    env.ok(&["report"]);
    let out = env.run(&["forget", NAME, "--yes"]);
    assert!(
        out.status.success(),
        "found through the list and the history: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.json(&["checkin", "list"])[0]["with"], "Dana", "the others stay in the list");
    let bytes = file_bytes(&env);
    assert!(!contains(&bytes, "Quackenbush"), "no history row, key or snapshot keeps the name");
    let e = env.fail(&["undo"]);
    assert!(e.contains("cannot be undone"), "{e}");
    assert!(!env.ok(&["log"]).to_lowercase().contains("quackenbush"));
}

/// Item 6: a name only in the undo history (its note deleted) is still found.
#[test]
fn forget_6_finds_a_name_held_only_in_the_history() {
    let env = TestEnv::new();
    env.note(&["Exports take an hour", "--who", NAME]);
    env.ok(&["note", "rm", "N1"]);
    let v = env.json(&["forget", NAME, "--yes"]);
    assert!(v["log_rows"].as_u64().unwrap() > 0, "{v}");
    assert!(!contains(&file_bytes(&env), "Quackenbush"));
}

/// Item 6: an exact name only, never a prefix or another person's longer name.
#[test]
fn forget_6_matches_an_exact_name_never_a_prefix() {
    let env = TestEnv::new();
    env.note(&["Zebulon Quackenbush says exports are slow", "--who", NAME]);
    let e = env.fail(&["forget", "Zebulon", "--yes"]);
    assert!(e.contains("no record names 'Zebulon'"), "{e}");
    env.fail(&["forget", "Zeb", "--yes"]);
    assert_eq!(env.json(&["note", "show", "N1"])["who"], NAME);
    assert_eq!(env.json(&["note", "show", "N1"])["body"], "Zebulon Quackenbush says exports are slow");
}

/// Item 8: a name stored decomposed (NFD) is found typed precomposed (NFC), in
/// any case, by `forget` and by `--who`.
#[test]
fn forget_8_and_who_find_a_name_in_any_unicode_form() {
    let env = TestEnv::new();
    let nfd = "Jose\u{301} Ng";
    env.note(&["Onboarding is confusing", "--who", nfd, "--tag", "Cafe\u{301}"]);
    env.note(&["Other", "--who", "Ann"]);
    let found = env.json(&["note", "list", "--who", "JOSÉ NG"]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    let found = env.json(&["note", "list", "--tag", "café"]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    let v = env.json(&["forget", "José Ng", "--yes"]);
    assert_eq!(v["notes_unnamed"], 1);
    assert!(!contains(&file_bytes(&env), nfd));
}

/// Item 7: a forget killed after its scrub committed but before the file was
/// compacted leaves a mark; `pm doctor` reports it and the next writing command
/// finishes the compaction.
#[test]
fn forget_7_an_interrupted_compaction_is_reported_and_finished_by_the_next_write() {
    let env = TestEnv::new();
    notebook(&env);
    let out = env.cmd(&["forget", NAME, "--yes"]).env("PM_TEST_KILL_BEFORE_COMPACT", "1").output().unwrap();
    assert!(!out.status.success(), "killed before the compaction");
    let doctor = env.json(&["doctor"]);
    assert!(doctor["compaction_pending"].is_string(), "{doctor}");
    assert!(env.ok(&["doctor"]).contains("compaction:      pending"));
    assert_eq!(
        env.json(&["note", "show", "N1"])["who"],
        serde_json::Value::Null,
        "the scrub itself committed"
    );
    let out = env.run(&["note", "Another call", "--who", "Ann"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Finished compacting"));
    assert_eq!(env.json(&["doctor"])["compaction_pending"], serde_json::Value::Null);
    assert!(!contains(&file_bytes(&env), "Quackenbush"), "the bytes are gone after the finish");
}

/// Item 7: running the interrupted forget again finishes it and says so.
#[test]
fn forget_7_running_an_interrupted_forget_again_completes_it() {
    let env = TestEnv::new();
    notebook(&env);
    let out = env.cmd(&["forget", NAME, "--yes"]).env("PM_TEST_KILL_BEFORE_COMPACT", "1").output().unwrap();
    assert!(!out.status.success());
    let out = env.run(&["forget", NAME, "--yes"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("the interrupted forget is complete"), "{said}");
    assert_eq!(env.json(&["doctor"])["compaction_pending"], serde_json::Value::Null);
    assert!(!contains(&file_bytes(&env), "Quackenbush"));
}
