//! Prompt flows under a real pseudo-terminal, with a script standing in for $EDITOR.

use crate::common::TestEnv;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

/// An "editor" that replaces the file it is given with `text`.
fn fake_editor(env: &TestEnv, text: &str) -> String {
    let path = env.dir().join("editor.sh");
    std::fs::write(&path, format!("#!/bin/sh\nprintf '%s\\n' '{text}' > \"$1\"\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_str().unwrap().to_string()
}

/// Erases `n` characters of a pre-filled answer, one key at a time.
///
/// The prompt reads each key in raw mode and puts the terminal back in between, so a
/// backspace that arrives in between is eaten by the terminal's own line editing (CI
/// showed it: the clause kept its draft and gained the typed text). Each key is sent
/// again until the prompt shows it erased the character.
fn erase(p: &mut OsSession, n: usize) {
    p.set_expect_timeout(Some(Duration::from_millis(500)));
    let mut erased = 0;
    for _ in 0..n * 20 {
        if erased == n {
            break;
        }
        p.send("\x7f").unwrap();
        if p.expect("\x1b[1D\x1b[0K").is_ok() {
            erased += 1;
        }
    }
    assert_eq!(erased, n, "the prompt erased {erased} of {n} characters");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
}

fn spawn(env: &TestEnv, editor: &str, args: &[&str]) -> OsSession {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("pm"));
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir())
        .env("PM_DB", env.db())
        .env("PM_NOW", "2026-11-20T09:00:00Z")
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("EDITOR", editor);
    let mut session = Session::spawn(cmd).expect("spawn under a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

#[test]
fn note_with_no_arguments_asks_for_each_field_and_opens_the_editor() {
    let env = TestEnv::new();
    let editor = fake_editor(&env, "Body written in the editor");
    let mut p = spawn(&env, &editor, &["note"]);
    p.expect("Who said it").unwrap();
    p.send_line("Alice Ng").unwrap();
    p.expect("Organisation").unwrap();
    p.send_line("Acme").unwrap();
    p.expect("Segment").unwrap();
    p.send_line("").unwrap();
    p.expect("Source").unwrap();
    p.send("\r").unwrap(); // the default: interview
    p.expect("Tags").unwrap();
    p.send_line("export, Churn").unwrap();
    p.expect("Added N1").unwrap();
    p.expect(Eof).unwrap();
    let n = env.json(&["note", "show", "N1"]);
    assert_eq!(n["body"], "Body written in the editor");
    assert_eq!(n["who"], "Alice Ng");
    assert_eq!(n["org"], "Acme");
    assert_eq!(n["segment"], serde_json::Value::Null);
    assert_eq!(n["source"], "interview");
    assert_eq!(n["tags"], serde_json::json!(["churn", "export"]));
}

#[test]
fn flags_given_are_not_asked_again() {
    let env = TestEnv::new();
    let editor = fake_editor(&env, "From the editor");
    let mut p = spawn(
        &env,
        &editor,
        &["note", "--who", "Bob", "--org", "Beta", "--segment", "ent", "--source", "sales", "--tag", "sso"],
    );
    p.expect("Added N1").unwrap();
    p.expect(Eof).unwrap();
    assert_eq!(env.json(&["note", "show", "N1"])["body"], "From the editor");
}

#[test]
fn edit_with_no_flags_opens_the_editor_on_the_body() {
    let env = TestEnv::new();
    env.note(&["old body", "--who", "Alice"]);
    let editor = fake_editor(&env, "new body");
    let mut p = spawn(&env, &editor, &["note", "edit", "N1"]);
    p.expect("Updated N1").unwrap();
    p.expect(Eof).unwrap();
    let n = env.json(&["note", "show", "N1"]);
    assert_eq!(n["body"], "new body");
    assert_eq!(n["who"], "Alice");
}

#[test]
fn no_input_on_a_terminal_refuses_instead_of_prompting() {
    let env = TestEnv::new();
    let editor = fake_editor(&env, "unused");
    let mut p = spawn(&env, &editor, &["note", "--no-input"]);
    p.expect("error: a note needs a BODY").unwrap();
    p.expect(Eof).unwrap();
    assert!(!env.db().exists());
}

#[test]
fn story_on_a_terminal_proposes_each_clause_for_the_pm_to_accept_or_edit() {
    let env = TestEnv::new();
    let mut p = spawn(&env, "true", &["story", "As a PM, I want to export notes so that I can share them"]);
    p.expect("Request: As a PM").unwrap();
    p.expect("When (the situation)").unwrap();
    p.send_line("I close the month").unwrap();
    p.expect("I want to (the motivation)").unwrap();
    p.send("\r").unwrap(); // accept the draft
    p.expect("so I can (the outcome)").unwrap();
    p.send("\r").unwrap();
    p.expect("Added S1").unwrap();
    p.expect(Eof).unwrap();
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["text"], "When I close the month, I want to export notes, so I can share them.");
}

/// Item 11: CSV printed on a terminal shows escape sequences escaped, never raw.
#[test]
fn csv_11_on_a_terminal_never_prints_raw_escape_sequences() {
    let env = TestEnv::new();
    env.note(&["red \u{1b}[31mALERT\u{1b}[0m \u{7}bell", "--who", "Ann"]);
    let mut p = spawn(&env, "true", &["note", "list", "--format", "csv"]);
    let mut seen = Vec::new();
    let _ = std::io::Read::read_to_end(&mut p, &mut seen);
    let text = String::from_utf8_lossy(&seen);
    assert!(text.contains("\\u{1b}[31mALERT"), "{text}");
    assert!(!seen.contains(&0x1b) && !seen.contains(&0x07), "no raw escape bytes: {text:?}");
}

#[test]
fn story_on_a_terminal_shows_the_draft_and_its_problems_before_the_clauses() {
    let env = TestEnv::new();
    let mut p = spawn(&env, "true", &["story", "Please add an EPrints integration"]);
    p.expect("Request: Please add an EPrints integration").unwrap();
    p.expect("Draft: When …, I want an EPrints integration, so I can ….").unwrap();
    p.expect("[no-situation]").unwrap();
    p.expect("[no-outcome]").unwrap();
    p.expect("When (the situation)").unwrap();
    p.send_line("a researcher deposits a paper").unwrap();
    p.expect("I want to (the motivation)").unwrap();
    // Edit the proposed clause: erase it and type another.
    erase(&mut p, "an EPrints integration".chars().count());
    p.send_line("deposit papers in EPrints").unwrap();
    p.expect("so I can (the outcome)").unwrap();
    p.send_line("the paper is archived").unwrap();
    p.expect("Added S1").unwrap();
    p.expect(Eof).unwrap();
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["request"], "Please add an EPrints integration");
    assert_eq!(
        s["text"],
        "When a researcher deposits a paper, I want to deposit papers in EPrints, so the paper is archived."
    );
}

#[test]
fn an_ambiguous_name_on_a_terminal_is_a_choice() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Alice Ng"]);
    env.note(&["b", "--who", "Alice Moss"]);
    let mut p = spawn(&env, "true", &["note", "c", "--who", "alice"]);
    p.expect("--who 'alice' is").unwrap();
    p.send("\x1b[B").unwrap(); // down: the second, Alice Ng
    p.send("\r").unwrap();
    p.expect("Added N3").unwrap();
    p.expect(Eof).unwrap();
    assert_eq!(env.json(&["note", "show", "N3"])["who"], "Alice Ng");
}
