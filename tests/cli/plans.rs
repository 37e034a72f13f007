use crate::common::TestEnv;
use serde_json::{Value, json};

#[test]
fn the_vision_is_versioned_with_reasons() {
    let env = TestEnv::new();
    env.ok(&["vision", "set", "Fly anywhere"]);
    env.ok(&["vision", "set", "Denver to Honolulu on a hot day", "--why", "charter growth"]);
    let h = env.json(&["vision", "history"]);
    assert_eq!(h.as_array().unwrap().len(), 2);
    assert_eq!(h[0]["text"], "Fly anywhere");
    assert_eq!(h[1]["why"], "charter growth");
    let shown = env.json(&["vision", "show"]);
    assert_eq!(shown["vision"]["text"], "Denver to Honolulu on a hot day");
    assert!(env.ok(&["vision", "show"]).contains("Denver to Honolulu on a hot day"));
    env.fail(&["vision", "set", "  "]);
}

#[test]
fn pillars_are_named_checked_and_removable() {
    let env = TestEnv::new();
    env.ok(&["vision", "pillar", "add", "high altitude", "--description", "take off full from Denver"]);
    env.ok(&["vision", "pillar", "add", "extended range"]);
    env.fail(&["vision", "pillar", "add", "High Altitude"]);
    env.ok(&["story", "Payload limits", "--pillar", "HIGH altitude"]);
    let e = env.fail(&["story", "Range", "--pillar", "speed"]);
    assert!(e.contains("high altitude, extended range"), "{e}");
    let list = env.json(&["vision", "pillar", "list"]);
    assert_eq!(list[0]["stories"], 1);
    let e = env.fail(&["vision", "pillar", "rm", "high altitude"]);
    assert!(e.contains("--yes"), "{e}");
    env.ok(&["vision", "pillar", "rm", "high altitude", "--yes"]);
    assert_eq!(env.json(&["story", "show", "S1"])["pillar"], Value::Null);
    assert_eq!(env.json(&["vision", "pillar", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn checkins_are_scheduled_listed_and_closed() {
    let env = TestEnv::new(); // Friday 2026-11-20 09:00 UTC
    env.ok(&["story", "Payload limits"]);
    env.ok(&["checkin", "Spike review", "--with", "Dana", "--at", "next tue 10:00", "--story", "S1"]);
    env.ok(&["checkin", "Kickoff", "--with", "Eli", "--at", "2026-11-02 15:00"]);
    let up = env.json(&["checkin", "list", "--upcoming"]);
    assert_eq!(up.as_array().unwrap().len(), 1);
    assert_eq!(up[0]["id"], "C1");
    assert_eq!(up[0]["at"], "2026-11-24T10:00:00Z");
    assert_eq!(up[0]["stories"], json!(["S1"]));
    assert_eq!(up[0]["with"], "Dana");
    env.ok(&["checkin", "done", "C1", "--outcome", "go"]);
    let past = env.json(&["checkin", "list", "--past"]);
    let ids: Vec<&str> = past.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["C1", "C2"]);
    assert_eq!(past[0]["outcome"], "go");
    assert_eq!(past[0]["done"], true);
    for (args, needle) in [
        (vec!["checkin", "x", "--with", "Dana", "--at", "whenever"], "--at"),
        (vec!["checkin", "x", "--at", "tomorrow"], "--with"),
        (vec!["checkin", "x", "--with", "Dana"], "--at"),
        (vec!["checkin", "x", "--with", "Dana", "--at", "tomorrow", "--story", "S9"], "S9"),
        (vec!["checkin", "done", "C9"], "C9"),
    ] {
        let e = env.fail(&args);
        assert!(e.contains(needle), "{args:?}: {e}");
    }
}

#[test]
fn decisions_point_at_a_pillar_and_stories() {
    let env = TestEnv::new();
    env.ok(&["vision", "pillar", "add", "high altitude"]);
    env.ok(&["story", "Payload limits"]);
    env.ok(&[
        "decision",
        "Payload first",
        "--why",
        "it loses deals now",
        "--pillar",
        "high altitude",
        "--story",
        "S1",
    ]);
    let d = env.json(&["decision", "list"]);
    assert_eq!(
        d,
        json!([{"id": "D1", "uid": d[0]["uid"], "text": "Payload first", "why": "it loses deals now",
        "pillar": "high altitude", "stories": ["S1"], "on": "2026-11-20",
        "created": "2026-11-20T09:02:00Z", "updated": "2026-11-20T09:02:00Z",
        "vision_version": null, "state": "current"}])
    );
    env.fail(&["decision", "x", "--pillar", "nope"]);
    env.fail(&["decision", "x", "--story", "S5"]);
}

/// A small notebook with everything a report shows.
fn planning_notebook(env: &TestEnv) {
    env.ok(&["vision", "set", "Denver to Honolulu on a hot day", "--why", "charter growth"]);
    env.ok(&["vision", "pillar", "add", "high altitude"]);
    env.ok(&["vision", "pillar", "add", "extended range"]);
    env.note(&[
        "Lose a third of payload in August",
        "--who",
        "Maya",
        "--org",
        "Pacific",
        "--segment",
        "charter",
        "--source",
        "interview",
        "--tag",
        "hot-day",
        "--on",
        "2026-11-10",
    ]);
    env.note(&[
        "Dispatch rebuilds weight sheets",
        "--who",
        "Luis",
        "--org",
        "Pacific",
        "--segment",
        "charter",
        "--source",
        "support",
        "--tag",
        "dispatch",
        "--on",
        "2026-11-12",
    ]);
    env.note(&[
        "Need 300 nm more",
        "--who",
        "Priya",
        "--org",
        "IslandHop",
        "--segment",
        "regional",
        "--source",
        "sales",
        "--tag",
        "range",
        "--on",
        "2026-11-13",
    ]);
    env.ok(&[
        "story",
        "Payload limit for the forecast",
        "--when",
        "the forecast is over 30C",
        "--so",
        "I can keep the full load",
        "--pillar",
        "high altitude",
        "--evidence",
        "N1",
        "--evidence",
        "N2",
        "--impact",
        "3",
        "--effort",
        "2",
    ]);
    env.ok(&[
        "story",
        "Non-stop Denver to Honolulu",
        "--pillar",
        "extended range",
        "--evidence",
        "N3",
        "--impact",
        "3",
        "--effort",
        "8",
    ]);
    env.ok(&[
        "story",
        "CSV export",
        "--reach",
        "5",
        "--impact",
        "0.5",
        "--confidence",
        "100",
        "--effort",
        "1",
    ]);
    env.ok(&["story", "Dark mode"]);
    env.ok(&["checkin", "Spike review", "--with", "Dana", "--at", "next tue 10:00", "--story", "S1"]);
    env.ok(&[
        "decision",
        "Payload before range",
        "--why",
        "deals now",
        "--pillar",
        "high altitude",
        "--story",
        "S1",
    ]);
}

#[test]
fn the_report_has_every_section_in_json() {
    let env = TestEnv::new();
    planning_notebook(&env);
    let r = env.json(&["report"]);
    for key in [
        "generated",
        "vision",
        "pillars",
        "stories",
        "matrix",
        "evidence",
        "checkins",
        "decisions",
        "changes",
    ] {
        assert!(r.get(key).is_some(), "missing {key}: {r}");
    }
    assert_eq!(r["vision"]["text"], "Denver to Honolulu on a hot day");
    let ranked: Vec<&str> =
        r["stories"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    // S3: 5 × 0.5 × 100% ÷ 1 = 2.5; S1: 2 people × 3 × 80% (2 sources) ÷ 2 = 2.4; S2: 1 × 3 × 50% ÷ 8
    assert_eq!(ranked, ["S3", "S1", "S2"]);
    assert_eq!(r["unscored"][0]["id"], "S4");
    assert_eq!(r["unscored"][0]["missing"], json!(["reach", "impact", "confidence", "effort"]));
    assert_eq!(r["evidence"]["notes"], 3);
    assert_eq!(r["evidence"]["by_source"]["interview"], 1);
    assert_eq!(r["checkins"][0]["id"], "C1");
    assert_eq!(r["decisions"][0]["id"], "D1");
    let m = &r["matrix"];
    let all: usize = ["quick_wins", "big_bets", "fill_ins", "money_pits"]
        .iter()
        .map(|q| m[q].as_array().unwrap().len())
        .sum();
    assert_eq!(all, 3);
    assert_eq!(m["quick_wins"], json!(["S3", "S1"]));
    assert_eq!(m["money_pits"], json!(["S2"]));
    let pillars: Vec<(&str, i64)> = r["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["top"].as_i64().unwrap()))
        .collect();
    assert_eq!(pillars, [("high altitude", 1), ("extended range", 1), ("(no pillar)", 1)]);
}

#[test]
fn the_report_as_a_terminal_document_and_markdown() {
    let env = TestEnv::new();
    planning_notebook(&env);
    let table = env.ok(&["report"]);
    // The report is for people: ids, never the uids that the export carries.
    let uids = env.json(&["export"]);
    for uid in uids["notes"].as_array().unwrap().iter().chain(uids["stories"].as_array().unwrap()) {
        let uid = uid["uid"].as_str().unwrap();
        assert!(!table.contains(uid), "the report shows the uid {uid}: {table}");
    }
    insta::assert_snapshot!("report_table", table);
    insta::assert_snapshot!("report_md", env.ok(&["report", "--format", "md", "--since", "2026-11-01"]));
}

#[test]
fn changes_since_the_last_report_name_their_cause() {
    let env = TestEnv::new();
    planning_notebook(&env);
    let first = env.json(&["report", "--record", "Kickoff"]);
    assert_eq!(first["changes"]["since"], Value::Null);
    assert_eq!(first["meeting"], Value::Null, "no meeting before the first");
    env.set_now("2026-11-27T09:00:00Z");
    env.note(&[
        "Also hot-day pain",
        "--who",
        "Jonas",
        "--source",
        "sales",
        "--story",
        "S1",
        "--on",
        "2026-11-25",
    ]);
    env.ok(&["story", "score", "S3", "--effort", "2"]);
    env.ok(&["story", "status", "S2", "planned"]);
    env.ok(&["vision", "pillar", "rm", "extended range", "--yes"]);
    env.ok(&["story", "New idea"]);
    env.ok(&["decision", "Range waits", "--why", "summer first"]);
    let r = env.json(&["report"]);
    let c = &r["changes"];
    assert_eq!(c["since"], "2026-11-20T09:12:00Z", "the time of the meeting");
    assert_eq!(r["meeting"], json!({"name": "Kickoff", "at": "2026-11-20T09:12:00Z"}));
    assert_eq!(c["new_stories"], json!(["S5"]));
    let moves: Vec<(&str, &str)> = c["score_moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_str().unwrap(), m["cause"].as_str().unwrap()))
        .collect();
    assert!(moves.contains(&("S3", "effort 1 → 2")), "{moves:?}");
    assert!(moves.contains(&("S1", "evidence 2 → 3, reach 1 → 2, confidence 80 → 100")), "{moves:?}");
    assert_eq!(c["status_changes"], json!([{"id": "S2", "from": "idea", "to": "planned"}]));
    assert_eq!(c["lost_pillar"], json!(["S2"]));
    // only what happened since the last report
    assert_eq!(r["evidence"]["notes"], 1);
    let decisions: Vec<&str> =
        r["decisions"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(decisions, ["D2"]);
    let text = env.ok(&["report"]);
    assert!(text.contains("Since the meeting 'Kickoff' (2026-11-20 09:12)"), "{text}");
}

#[test]
fn since_takes_natural_dates_and_out_writes_a_file() {
    let env = TestEnv::new(); // 2026-11-20
    planning_notebook(&env);
    let r = env.json(&["report", "--since", "8 days ago"]);
    assert_eq!(r["evidence"]["notes"], 2, "notes on or after 2026-11-12");
    let r = env.json(&["report", "--since", "last friday", "--top", "1"]);
    assert_eq!(r["evidence"]["notes"], 1);
    assert_eq!(r["stories"].as_array().unwrap().len(), 1);
    let out = env.dir().join("planning.md");
    env.ok(&["report", "--format", "md", "--out", out.to_str().unwrap()]);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Planning report"), "{md}");
    assert!(md.contains("## Priority matrix") && md.contains("| **high value** |"), "{md}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600, "it names people");
    }
    let e = env.fail(&["report", "--since", "the other day"]);
    assert!(e.contains("--since"), "{e}");
}
