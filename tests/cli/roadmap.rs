//! The roadmap: stories placed Now / Next / Later, moved, ordered and taken off;
//! the moves in the history and the report; `pm roadmap` in every format and audience.

use crate::common::TestEnv;

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect()
}

/// Three scored stories: S1 scores lowest, S3 highest.
fn three(env: &TestEnv) {
    env.ok(&["story", "Add SSO", "--reach", "10", "--impact", "1", "--confidence", "50", "--effort", "4"]);
    env.ok(&[
        "story",
        "Export to CSV",
        "--reach",
        "50",
        "--impact",
        "2",
        "--confidence",
        "80",
        "--effort",
        "2",
    ]);
    env.ok(&["story", "Dark mode", "--reach", "90", "--impact", "3", "--confidence", "100", "--effort", "1"]);
}

#[test]
fn stories_are_planned_moved_and_taken_off() {
    let env = TestEnv::new();
    three(&env);
    assert_eq!(env.ok(&["story", "plan", "S1", "next"]).trim(), "S1: off the roadmap → Next");
    assert_eq!(env.json(&["story", "show", "S1"])["horizon"], "next");
    assert_eq!(env.ok(&["story", "plan", "S1", "NOW"]).trim(), "S1: Next → Now");
    assert_eq!(env.json(&["story", "show", "S1"])["horizon"], "now");
    assert!(env.ok(&["story", "show", "S1"]).lines().next().unwrap().contains("roadmap: Now"));
    assert_eq!(env.ok(&["story", "plan", "S1", "--clear"]).trim(), "S1: Now → off the roadmap");
    assert!(env.json(&["story", "show", "S1"])["horizon"].is_null());

    let before = env.change_count();
    let err = env.fail(&["story", "plan", "S1", "soon"]);
    assert!(err.contains("'soon' is not a horizon (now, next or later)"), "{err}");
    let err = env.fail(&["story", "plan", "S9", "now"]);
    assert!(err.contains("S9"), "{err}");
    let err = env.fail(&["story", "plan", "S1", "now", "--before", "S2"]);
    assert!(err.contains("--before: S2 is not in Now"), "{err}");
    assert_eq!(env.change_count(), before, "refused plans change nothing");
}

#[test]
fn within_a_horizon_the_pm_order_comes_first_then_score() {
    let env = TestEnv::new();
    three(&env);
    for s in ["S1", "S2", "S3"] {
        env.ok(&["story", "plan", s, "now"]);
    }
    let now = |env: &TestEnv| ids(&env.json(&["roadmap"])["now"]);
    assert_eq!(now(&env), ["S3", "S2", "S1"], "by score");
    env.ok(&["story", "plan", "S1", "now", "--before", "S3"]);
    assert_eq!(now(&env), ["S1", "S3", "S2"]);
    env.ok(&["story", "plan", "S2", "now", "--before", "S3"]);
    assert_eq!(now(&env), ["S1", "S2", "S3"]);
    let listed = env.json(&["story", "list", "--horizon", "now"]);
    assert_eq!(listed.as_array().unwrap().len(), 3);
    assert!(env.json(&["story", "list", "--horizon", "later"]).as_array().unwrap().is_empty());
    let err = env.fail(&["story", "list", "--horizon", "someday"]);
    assert!(err.contains("--horizon"), "{err}");

    // Shipped and dropped stories leave the roadmap (and the horizon's list).
    env.ok(&["story", "status", "S2", "shipped"]);
    env.ok(&["story", "status", "S3", "dropped", "--why", "no budget"]);
    assert_eq!(now(&env), ["S1"]);
    assert_eq!(ids(&env.json(&["story", "list", "--horizon", "now"])), ["S1"]);
    let err = env.fail(&["story", "plan", "S2", "next"]);
    assert!(err.contains("S2 is shipped"), "{err}");
}

#[test]
fn moves_are_in_the_history_and_in_the_report_since_the_last_meeting() {
    let env = TestEnv::new();
    three(&env);
    env.ok(&["story", "plan", "S3", "next"]);
    env.ok(&["report", "--record", "Weekly planning"]);
    env.ok(&["story", "plan", "S3", "now"]);
    env.ok(&["story", "plan", "S1", "later"]);
    let log = env.ok(&["log", "S3"]);
    assert!(log.contains("story plan S3: Next → Now"), "{log}");
    assert!(log.contains("story plan S3: off the roadmap → Next"), "{log}");
    let report = env.ok(&["report", "--format", "md"]);
    assert!(report.contains("S3 Dark mode moved Next → Now"), "{report}");
    assert!(report.contains("S1 SSO moved off the roadmap → Later"), "{report}");
    let json = env.json(&["report"]);
    let moves = &json["changes"]["horizon_moves"];
    assert_eq!(moves[1]["id"], "S3", "{moves}");
    assert_eq!(moves[1]["from"], "next");
    assert_eq!(moves[1]["to"], "now");
    assert!(moves[0]["from"].is_null(), "{moves}");
    env.ok(&["undo"]);
    assert!(env.json(&["story", "show", "S1"])["horizon"].is_null(), "undo takes the move back");
}

#[test]
fn lint_flags_a_story_in_now_without_evidence_or_pillar() {
    let env = TestEnv::new();
    env.ok(&["vision", "pillar", "add", "Trust"]);
    env.ok(&["story", "When I log in, I want SSO, so that IT approves", "--pillar", "Trust"]);
    env.ok(&["story", "When I report, I want CSV, so that finance is happy"]);
    env.ok(&["story", "plan", "S1", "now"]);
    env.ok(&["story", "plan", "S2", "next"]);
    let lint = env.json(&["story", "lint"]);
    let codes = |id: &str| -> Vec<String> {
        lint.as_array()
            .unwrap()
            .iter()
            .filter(|l| l["id"] == id)
            .flat_map(|l| {
                l["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap().to_string())
            })
            .collect()
    };
    assert_eq!(codes("S1"), ["now-without-evidence"], "{lint}");
    assert!(codes("S2").is_empty(), "Next is not flagged: {lint}");
    env.ok(&["note", "Please add SSO", "--who", "Ann"]);
    env.ok(&["story", "link", "S1", "N1"]);
    env.ok(&["vision", "pillar", "retire", "Trust"]);
    let lint = env.json(&["story", "lint", "S1"]);
    assert_eq!(lint[0]["problems"][0]["code"], "now-retired-pillar", "{lint}");
    env.ok(&["story", "plan", "S2", "now"]);
    let lint = env.json(&["story", "lint", "S2"]);
    let codes: Vec<_> = lint[0]["problems"].as_array().unwrap().iter().map(|p| p["code"].clone()).collect();
    assert!(codes.contains(&"now-without-pillar".into()), "{lint}");
}

#[test]
fn horizons_survive_csv_import_and_export_round_trips() {
    let env = TestEnv::new();
    let file = env.dir().join("stories.csv");
    std::fs::write(&file, "request,horizon\nBulk edit tags,Now\nDark mode,\nSSO,later\n").unwrap();
    env.ok(&["import", file.to_str().unwrap(), "--kind", "stories"]);
    assert_eq!(env.json(&["story", "show", "S1"])["horizon"], "now");
    assert!(env.json(&["story", "show", "S2"])["horizon"].is_null());
    assert_eq!(env.json(&["story", "show", "S3"])["horizon"], "later");
    let bad = env.dir().join("bad.csv");
    std::fs::write(&bad, "request,horizon\nA,now\nB,someday\n").unwrap();
    let err = env.fail(&["import", bad.to_str().unwrap(), "--kind", "stories"]);
    assert!(err.contains("line 3") && err.contains("horizon"), "{err}");

    env.ok(&["story", "plan", "S3", "now", "--before", "S1"]);
    let csv = env.ok(&["export", "--format", "csv", "--kind", "stories"]);
    assert!(csv.lines().next().unwrap().contains("horizon"), "{csv}");
    let json_file = env.dir().join("all.json");
    env.ok(&["export", "--out", json_file.to_str().unwrap()]);
    let other = TestEnv::new();
    other.ok(&["import", json_file.to_str().unwrap()]);
    assert_eq!(ids(&other.json(&["roadmap"])["now"]), ["S3", "S1"], "the order travels too");
    let folder = env.dir().join("shared");
    env.ok(&["export", "--dir", folder.to_str().unwrap()]);
    let third = TestEnv::new();
    third.ok(&["import", "--dir", folder.to_str().unwrap()]);
    // A folder numbers records afresh: compare by title.
    let titles: Vec<String> = third.json(&["roadmap"])["now"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(titles, ["SSO", "Bulk edit tags"]);
}

/// A notebook naming people and organisations, with stories on every horizon.
fn peopled(env: &TestEnv) {
    env.ok(&["vision", "pillar", "add", "Trust"]);
    env.ok(&["note", "SSO or we walk", "--who", "Alice Ng", "--org", "Acme Corp", "--segment", "enterprise"]);
    env.ok(&["note", "Bulk edit saves my Mondays", "--who", "Bruno Diaz", "--org", "Globex"]);
    env.ok(&[
        "story",
        "When Alice Ng's IT reviews a tool, I want SSO, so that Acme Corp approves the purchase",
        "--title",
        "SSO for Alice Ng at Acme",
        "--pillar",
        "Trust",
        "--from",
        "Alice Ng",
        "--evidence",
        "N1",
    ]);
    env.ok(&["story", "link", "S1", "N1", "--quote", "SSO or we walk"]);
    env.ok(&["story", "When I tidy tags, I want bulk edit, so that I save time", "--evidence", "N2"]);
    env.ok(&["story", "When it is late, I want dark mode, so that my eyes rest"]);
    env.ok(&["checkin", "Demo SSO", "--with", "Alice Ng", "--at", "2026-12-01", "--story", "S1"]);
    env.ok(&["story", "plan", "S1", "now"]);
    env.ok(&["story", "plan", "S2", "next"]);
    env.ok(&["story", "plan", "S3", "later"]);
}

#[test]
fn the_roadmap_prints_in_every_format() {
    let env = TestEnv::new();
    let empty = env.ok(&["roadmap"]);
    assert!(empty.contains("Nothing on the roadmap yet"), "{empty}");
    peopled(&env);
    let table = env.ok(&["roadmap"]);
    let (now, rest) = table.split_once("Next (1)").unwrap();
    assert!(now.starts_with("Now (1)") && now.contains("S1") && now.contains("Trust"), "{table}");
    assert!(rest.contains("S2") && rest.contains("Later (1)") && rest.contains("S3"), "{table}");
    for line in env.cmd(&["roadmap"]).env("COLUMNS", "50").output().unwrap().stdout.split(|b| *b == b'\n') {
        let line = String::from_utf8_lossy(line);
        assert!(unicode_width::UnicodeWidthStr::width(line.as_ref()) <= 50, "fits 50 columns: {line}");
    }
    let json = env.json(&["roadmap"]);
    assert_eq!(json["now"][0]["id"], "S1");
    assert_eq!(json["now"][0]["pillar"], "Trust");
    assert_eq!(json["now"][0]["evidence_count"], 1);
    assert!(json["now"][0]["score"].is_number() || json["now"][0]["score"].is_null(), "{json}");
    assert_eq!(json["next"][0]["id"], "S2");
    assert_eq!(json["later"][0]["id"], "S3");
    let md = env.ok(&["roadmap", "--format", "md"]);
    assert!(md.starts_with("# Roadmap") && md.contains("\n## Now\n") && md.contains("| S2 |"), "{md}");
    let csv = env.ok(&["roadmap", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), "horizon,id,title,pillar,score,confidence,notes/weight");
    assert!(lines.next().unwrap().starts_with("now,S1,"), "{csv}");
    let out = env.dir().join("roadmap.md");
    env.ok(&["roadmap", "--format", "md", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out).unwrap().trim(), md.trim());
}

#[test]
fn the_exec_roadmap_names_no_one_and_the_team_one_adds_checkins_and_evidence() {
    let env = TestEnv::new();
    peopled(&env);
    for format in ["table", "md", "json", "csv"] {
        let text = env.ok(&["roadmap", "--for", "exec", "--format", format]);
        for name in ["Alice", "Ng", "Acme", "Bruno", "Diaz", "Globex", "SSO or we walk"] {
            assert!(!text.contains(name), "exec {format} roadmap names {name}: {text}");
        }
        assert!(text.contains("Trust"), "pillars are shown: {text}");
    }
    let exec = env.json(&["roadmap", "--for", "exec"]);
    let s1 = &exec["now"][0];
    assert!(s1["id"].is_null() && s1["score"].is_null() && s1["evidence"].is_null(), "{exec}");
    assert!(s1["title"].as_str().unwrap().starts_with("SSO for Person 1"), "{exec}");
    assert!(s1["outcome"].as_str().unwrap().contains("approves the purchase"), "{exec}");
    assert_eq!(exec["audience"], "exec");

    let team = env.json(&["roadmap", "--for", "team"]);
    let s1 = &team["now"][0];
    assert_eq!(s1["id"], "S1");
    assert_eq!(s1["checkins"][0]["topic"], "Demo SSO", "{team}");
    assert_eq!(s1["evidence"][0]["who"], "Alice Ng", "{team}");
    let table = env.ok(&["roadmap", "--for", "team"]);
    assert!(table.contains("check-ins") && table.contains("C1"), "{table}");
}

#[test]
fn the_exec_report_names_no_one() {
    let env = TestEnv::new();
    peopled(&env);
    let full = env.ok(&["report", "--format", "json"]);
    assert!(full.contains("Alice Ng"), "the team report names people");
    for format in ["table", "md", "json"] {
        let text = env.ok(&["report", "--for", "exec", "--format", format]);
        for name in ["Alice", "Acme", "Bruno", "Globex", "SSO or we walk"] {
            assert!(!text.contains(name), "exec {format} report names {name}: {text}");
        }
    }
    let exec = env.json(&["report", "--for", "exec"]);
    assert!(exec["checkins"].as_array().unwrap().is_empty());
    assert!(exec["stories"].as_array().unwrap().iter().all(|s| s["quotes"].as_array().unwrap().is_empty()));
    let team = env.json(&["report", "--for", "team"]);
    assert!(!team["checkins"].as_array().unwrap().is_empty(), "the team keeps check-ins");
}
