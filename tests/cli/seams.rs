//! Where the features merged in the same round meet: meetings, the vision summary,
//! pillars, the report and `pm forget`, fed the text a PM really types.

use crate::common::TestEnv;
use unicode_width::UnicodeWidthStr;

/// The terminal output of `pm ARGS` at `columns`.
fn at_width(env: &TestEnv, columns: u16, args: &[&str]) -> String {
    let out = env.cmd(args).env("COLUMNS", columns.to_string()).output().expect("pm runs");
    assert!(out.status.success(), "pm {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn meeting_rename_and_rm_create_no_notebook() {
    let env = TestEnv::new();
    for args in [&["meeting", "rename", "Q1", "Q2"][..], &["meeting", "rm", "Q1"]] {
        let err = env.fail(args);
        assert!(err.contains("there is no notebook at"), "{err}");
        assert!(!env.db().exists(), "pm {args:?} created a notebook");
    }
}

#[test]
fn a_pillar_typed_in_another_unicode_form_is_the_same_pillar() {
    let env = TestEnv::new();
    env.ok(&["vision", "set", "Fly"]);
    env.ok(&["vision", "pillar", "add", "Café"]);
    // "Cafe" + combining acute: looks the same, is the same pillar.
    let err = env.fail(&["vision", "pillar", "add", "Cafe\u{301}"]);
    assert!(err.contains("there is already a pillar"), "{err}");
    env.ok(&["note", "x", "--who", "Ann"]);
    env.ok(&["story", "As a PM I want x so that y", "--evidence", "N1", "--pillar", "CAFE\u{301}"]);
    let pillars = env.json(&["vision", "pillar", "list"]);
    assert_eq!(pillars.as_array().map(Vec::len), Some(1), "{pillars}");
    assert_eq!(pillars[0]["stories"], 1, "{pillars}");
}

#[test]
fn the_report_names_a_person_once_whatever_form_their_name_was_typed_in() {
    let env = TestEnv::new();
    env.ok(&["note", "one", "--who", "Zoe\u{308} Ångström"]);
    env.ok(&["note", "two", "--who", "Zoë Ångström"]);
    env.ok(&["note", "three", "--who", "zoë  ångström"]);
    let report = env.ok(&["report"]);
    let line = report.lines().find(|l| l.contains("People heard from")).expect(&report);
    assert_eq!(line.matches("ngstr").count(), 1, "{line}");
    let json = env.json(&["report"]);
    assert_eq!(json["evidence"]["people_total"], 1, "{}", json["evidence"]);
}

#[test]
fn the_vision_summary_fits_the_terminal_with_long_cjk_pillar_names() {
    let env = TestEnv::new();
    let long = "超长的支柱名称".repeat(5);
    env.ok(&["vision", "set", "让每一次飞行都满载起飞，即使在最炎热的夏天也不例外，从丹佛一路飞到檀香山"]);
    env.ok(&["vision", "pillar", "add", &long, "--description", &"满载起飞".repeat(20)]);
    env.ok(&["vision", "pillar", "add", "spare"]);
    env.ok(&["note", "x", "--who", "Ann"]);
    env.ok(&["story", "As a PM I want x so that y", "--evidence", "N1", "--pillar", &long]);
    env.ok(&["vision", "pillar", "retire", "spare"]);
    for columns in [40u16, 60, 80] {
        let out = at_width(&env, columns, &["vision", "show"]);
        for line in out.lines() {
            assert!(line.width() <= columns as usize, "{} cells at {columns}: {line}\n{out}", line.width());
        }
        // Broken across lines, never cut: every character of the name is there.
        let joined: String = out.split_whitespace().collect();
        assert!(joined.contains(&long), "{out}");
    }
}

#[test]
fn a_pillar_without_named_people_says_so_rather_than_from_0_people() {
    let env = TestEnv::new();
    env.ok(&["vision", "set", "Fly"]);
    env.ok(&["vision", "pillar", "add", "range"]);
    env.ok(&["note", "Survey: 62% plan in spreadsheets", "--source", "survey"]);
    env.ok(&["story", "As a PM I want x so that y", "--evidence", "N1", "--pillar", "range"]);
    let out = env.ok(&["vision", "show"]);
    assert!(!out.contains("0 people"), "{out}");
    assert!(out.contains("Evidence: 1 note, no one named"), "{out}");
    // After `pm forget` the same: the note stays, the name goes.
    env.ok(&["note", "y", "--who", "Bo Li", "--org", "Acme"]);
    env.ok(&["story", "link", "S1", "N2"]);
    env.ok(&["forget", "Bo Li", "--yes"]);
    let out = env.ok(&["vision", "show"]);
    assert!(out.contains("Evidence: 2 notes from 1 organisation, no one named"), "{out}");
    let md = env.ok(&["vision", "show", "--format", "md"]);
    assert!(!md.contains("0 people"), "{md}");
}

#[test]
fn a_pillar_renamed_or_retired_since_the_meeting_is_a_change_in_the_report() {
    let env = TestEnv::new();
    env.ok(&["vision", "set", "Fly"]);
    env.ok(&["vision", "pillar", "add", "alpha"]);
    env.ok(&["vision", "pillar", "add", "beta"]);
    env.ok(&["note", "x", "--who", "Ann", "--source", "interview"]);
    env.ok(&["story", "As a PM I want x so that y", "--evidence", "N1", "--pillar", "beta"]);
    env.ok(&["story", "score", "S1", "--impact", "2", "--effort", "1"]);
    env.ok(&["report", "--record", "Q1"]);
    assert!(env.ok(&["report"]).contains("Nothing changed since the meeting 'Q1'"));
    env.set_now("2026-11-21T09:00:00+00:00");
    env.ok(&["vision", "pillar", "edit", "alpha", "--name", "gamma"]);
    env.ok(&["vision", "pillar", "retire", "beta"]);
    let report = env.ok(&["report"]);
    assert!(report.contains("- Pillar 'alpha' renamed 'gamma' (2026-11-21)"), "{report}");
    assert!(report.contains("- Pillar 'beta' retired (2026-11-21)"), "{report}");
    let md = env.ok(&["report", "--format", "md"]);
    assert!(md.contains("- Pillar 'beta' retired (2026-11-21)"), "{md}");
    let json = env.json(&["report"]);
    assert_eq!(json["changes"]["pillar_events"][1]["what"], "retired", "{}", json["changes"]);
    // The meeting's own report, pinned before, still reads back as it was.
    let then = env.ok(&["report", "--meeting", "Q1"]);
    assert!(!then.contains("renamed"), "{then}");
}

#[test]
fn story_show_fits_the_terminal() {
    let env = TestEnv::new();
    env.ok(&[
        "note",
        "Taking off from Denver at noon in July is our worst case. Show me the runway margin first.",
        "--who",
        "Maya Okafor",
        "--org",
        "Pacific Charter Airlines",
        "--source",
        "interview",
    ]);
    let request = "As a dispatcher, I want to see the payload limit for the forecast temperature \
                   so that I can keep the full load on hot days";
    env.ok(&["story", request, "--evidence", "N1"]);
    env.ok(&["story", "link", "S1", "N1", "--importance", "3"]);
    env.ok(&["story", "score", "S1", "--impact", "3", "--effort", "4"]);
    for columns in [60u16, 80] {
        let out = at_width(&env, columns, &["story", "show", "S1"]);
        for line in out.lines() {
            assert!(line.width() <= columns as usize, "{} cells at {columns}: {line}\n{out}", line.width());
        }
        // Wrapped, not cut: the whole request is there.
        let words: Vec<&str> = out.split_whitespace().collect();
        assert!(words.join(" ").contains(request), "{out}");
        assert!(out.contains("Taking off from Denver"), "{out}");
    }
}

#[test]
fn out_to_a_folder_says_it_is_a_folder() {
    let env = TestEnv::new();
    env.ok(&["note", "x", "--who", "Ann"]);
    let folder = env.dir().join("reports");
    std::fs::create_dir(&folder).unwrap();
    for args in [&["report", "--out"][..], &["export", "--out"]] {
        for path in [folder.display().to_string(), format!("{}/", folder.display())] {
            let mut all = args.to_vec();
            all.push(&path);
            let err = env.fail(&all);
            assert!(err.contains("is a folder; nothing was written"), "{err}");
        }
    }
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

#[test]
fn decision_show_fits_the_terminal() {
    let env = TestEnv::new();
    env.ok(&["vision", "set", "Fly"]);
    env.ok(&[
        "decision",
        "Payload limits before the non-stop range work",
        "--why",
        &"hot-day payload loses deals ".repeat(5),
    ]);
    env.ok(&["vision", "set", "Fly further"]);
    for columns in [60u16, 80] {
        let out = at_width(&env, columns, &["decision", "show", "D1"]);
        for line in out.lines() {
            assert!(line.width() <= columns as usize, "{} cells at {columns}: {line}\n{out}", line.width());
        }
        let words: Vec<&str> = out.split_whitespace().collect();
        assert!(words.join(" ").contains("pm decision supersede D1 TEXT --why TEXT."), "{out}");
    }
}

#[test]
fn retiring_a_pillar_nobody_used_says_so_plainly() {
    let env = TestEnv::new();
    env.ok(&["vision", "set", "Fly"]);
    env.ok(&["vision", "pillar", "add", "spare"]);
    let out = env.ok(&["vision", "pillar", "retire", "spare"]);
    assert_eq!(out.trim(), "Retired pillar 'spare' (no story pointed at it)");
}

#[test]
fn story_list_marks_a_retired_pillar() {
    let env = TestEnv::new();
    env.ok(&["vision", "set", "Fly"]);
    env.ok(&["vision", "pillar", "add", "range"]);
    env.ok(&["vision", "pillar", "add", "payload"]);
    env.ok(&["note", "x", "--who", "Ann"]);
    env.ok(&["story", "As a PM I want x so that y", "--evidence", "N1", "--pillar", "range"]);
    env.ok(&["story", "As a PM I want z so that w", "--evidence", "N1", "--pillar", "payload"]);
    env.ok(&["vision", "pillar", "retire", "range"]);
    let out = env.ok(&["story", "list"]);
    let s1 = out.lines().find(|l| l.contains("S1")).expect(&out);
    let s2 = out.lines().find(|l| l.contains("S2")).expect(&out);
    assert!(s1.contains("range (retired)"), "{out}");
    assert!(s2.contains("payload") && !s2.contains("retired"), "{out}");
    // The JSON keeps the name as stored.
    let json = env.json(&["story", "list"]);
    let s1 = json.as_array().unwrap().iter().find(|s| s["id"] == "S1").expect("S1");
    assert_eq!(s1["pillar"], "range", "{json}");
}
