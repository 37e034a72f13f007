//! A mistyped subcommand is refused, never stored as a note or a story.

use crate::common::TestEnv;

#[test]
fn a_mistyped_subcommand_is_refused_with_the_one_meant() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    for (args, meant) in [
        (&["note", "lst"][..], "`pm note list`"),
        (&["story", "lsit"][..], "`pm story list`"),
        (&["story", "shwo", "S1"][..], "`pm story show`"),
        (&["story", "--format", "json", "lnit"][..], "`pm story lint`"),
        (&["checkin", "lsit"][..], "`pm checkin list`"),
        (&["note", "--who", "Bob", "list"][..], "`pm note list`"),
    ] {
        let err = env.fail(args);
        assert!(err.contains(&format!("did you mean {meant}?")), "pm {args:?}: {err}");
    }
    assert_eq!(env.json(&["note", "list"]), serde_json::json!([]));
    assert_eq!(env.json(&["story", "list"]), serde_json::json!([]));
}

#[test]
fn a_typo_refused_before_any_notebook_exists_creates_none() {
    let env = TestEnv::new();
    env.fail(&["story", "lsit"]);
    assert!(!env.db().exists());
}

#[test]
fn the_word_itself_can_be_stored_after_double_dash_or_on_stdin() {
    let env = TestEnv::new();
    let out = env.ok(&["story", "--format", "json", "--", "lsit"]);
    let s: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["request"], "lsit");
    let out = env.ok_with_stdin(&["note", "-", "--format", "json"], "lst");
    let n: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(n["body"], "lst");
}

#[test]
fn ordinary_one_word_requests_are_not_taken_for_typos() {
    let env = TestEnv::new();
    for word in ["SSO", "Export", "2FA", "sort", "Search"] {
        env.ok(&["story", word]);
    }
    assert_eq!(env.json(&["story", "list"]).as_array().unwrap().len(), 5);
    env.ok(&["note", "Pricing"]);
}
