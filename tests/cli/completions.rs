//! Dynamic shell completion (`COMPLETE=SHELL pm -- pm ...`): values from pm's
//! lists and from the notebook, and never a notebook created by completing.

use crate::common::TestEnv;

/// What the shell would offer after `pm WORDS...` (fish's protocol: one
/// candidate a line, a tab before its description).
fn complete(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "pm"];
    args.extend(words);
    let out = env.cmd(&args).env("COMPLETE", "fish").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .filter(|l| !l.starts_with("--"))
        .collect()
}

/// Item 22: statuses, sources and formats from pm's lists; ids, pillars, tags and
/// people from the notebook; completing on a missing notebook creates nothing.
#[test]
fn completions_22_offer_values_from_the_notebook_and_create_nothing() {
    let env = TestEnv::new();
    assert_eq!(complete(&env, &["note", "show", ""]), Vec::<String>::new());
    assert!(!env.db().exists(), "completing never creates the notebook");

    env.note(&["Exports are slow", "--who", "Alice Ng", "--tag", "export"]);
    env.note(&["SSO please", "--who", "Bob"]);
    env.ok(&["story", "Faster exports"]);
    env.ok(&["vision", "pillar", "add", "high altitude"]);
    env.ok(&["checkin", "Review", "--with", "Dana", "--at", "tomorrow 10:00"]);
    assert_eq!(complete(&env, &["note", "show", ""]), ["N2", "N1"]);
    assert_eq!(complete(&env, &["story", "show", "s"]), ["S1"]);
    assert_eq!(complete(&env, &["story", "link", "S1", ""]), ["N2", "N1"]);
    assert_eq!(complete(&env, &["checkin", "done", ""]), ["C1"]);
    assert_eq!(complete(&env, &["log", ""]), ["N2", "N1", "S1", "C1"]);
    assert_eq!(complete(&env, &["note", "list", "--who", "a"]), ["Alice Ng"]);
    assert_eq!(complete(&env, &["note", "--tag", ""]), ["export"]);
    assert_eq!(complete(&env, &["story", "--pillar", ""]), ["high altitude"]);
    assert_eq!(complete(&env, &["story", "status", "S1", "d"]), ["doing", "dropped"]);
    assert_eq!(complete(&env, &["note", "list", "--source", "s"]), ["sales", "support", "survey"]);
    assert_eq!(complete(&env, &["note", "list", "--format", ""]), ["table", "md", "json", "csv"]);
    assert!(env.ok(&["completions", "bash"]).contains("complete"), "the static script still works");
}
