//! The vision summary (`pm vision show`), decisions that remember the vision,
//! and pillars that are renamed and retired.

use crate::common::TestEnv;
use serde_json::Value;

/// Three pillars: one with stories, evidence and a decision; one with a story
/// nobody asked for; one with nothing. A story that points at no pillar. Then
/// the vision changes.
fn notebook(env: &TestEnv) {
    env.ok(&["vision", "set", "Denver to Honolulu"]);
    env.ok(&[
        "vision",
        "pillar",
        "add",
        "high altitude",
        "--description",
        "take off full from Denver in July",
    ]);
    env.ok(&["vision", "pillar", "add", "extended range", "--description", "reach Honolulu without a stop"]);
    env.ok(&["vision", "pillar", "add", "ready by summer"]);
    env.note(&["Payload limits kill our July quotes", "--who", "Ana", "--org", "Acme", "--source", "sales"]);
    env.note(&["We lose charters on hot days", "--who", "Bo", "--org", "Zeta", "--source", "interview"]);
    env.note(&["Hot days again", "--who", "ana", "--org", "Acme", "--source", "support"]);
    let scored = ["--reach", "100", "--impact", "2", "--confidence", "80", "--effort", "2"];
    env.ok(&[
        &[
            "story",
            "payload calculator",
            "--when",
            "a charter asks for a July quote",
            "--want",
            "know the payload",
        ],
        &["--so", "I can quote at once", "--pillar", "high altitude", "--evidence", "N1", "--evidence", "N2"]
            [..],
        &["--evidence", "N3"][..],
        &scored[..],
    ]
    .concat());
    env.ok(
        &[
            &[
                "story",
                "cabin cooling",
                "--when",
                "the plane waits on the tarmac",
                "--want",
                "cool the cabin",
            ][..],
            &["--so", "passengers stay", "--pillar", "high altitude", "--reach", "10", "--impact", "1"][..],
            &["--confidence", "50", "--effort", "1"][..],
        ]
        .concat(),
    );
    env.ok(&[
        &[
            "story",
            "longer range",
            "--when",
            "a route is long",
            "--want",
            "fly further",
            "--so",
            "I can sell it",
        ][..],
        &[
            "--pillar",
            "extended range",
            "--reach",
            "10",
            "--impact",
            "1",
            "--confidence",
            "50",
            "--effort",
            "4",
        ][..],
    ]
    .concat());
    env.ok(&[
        "story",
        "dark mode",
        "--when",
        "I plan at night",
        "--want",
        "a dark screen",
        "--so",
        "my eyes rest",
        "--reach",
        "5",
        "--impact",
        "1",
        "--confidence",
        "50",
        "--effort",
        "1",
    ]);
    env.ok(&[
        "decision",
        "Payload calculator before range work",
        "--why",
        "hot days lose deals",
        "--pillar",
        "high altitude",
        "--story",
        "S1",
    ]);
    env.ok(&["decision", "Range waits for summer", "--pillar", "extended range"]);
    env.ok(&["vision", "set", "Denver to Honolulu on a hot day", "--why", "the heat is what loses deals"]);
}

fn names(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect()
}

#[test]
fn the_summary_as_json_has_every_pillar_with_its_work_evidence_and_decisions() {
    let env = TestEnv::new();
    notebook(&env);
    let v = env.json(&["vision", "show"]);
    assert_eq!(v["statement"], "Denver to Honolulu on a hot day");
    assert_eq!(v["why"], "the heat is what loses deals");
    assert!(v["since"].as_str().unwrap().starts_with("2026-11-20T09:"));
    let versions: Vec<(i64, &str)> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["version"].as_i64().unwrap(), x["text"].as_str().unwrap()))
        .collect();
    assert_eq!(versions, [(1, "Denver to Honolulu"), (2, "Denver to Honolulu on a hot day")]);

    let pillars = v["pillars"].as_array().unwrap();
    let p: Vec<&str> = pillars.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(p, ["high altitude", "extended range", "ready by summer"]);
    let high = &pillars[0];
    assert_eq!(high["description"], "take off full from Denver in July");
    // Priority order: the payload calculator (80) before cabin cooling (5).
    assert_eq!(ids(&high["stories"]), ["S1", "S2"]);
    assert_eq!(high["stories"][0]["score"], 80.0);
    assert_eq!(high["stories"][0]["status"], "idea");
    assert!(high["stories"][0]["title"].as_str().unwrap() == "Know the payload");
    // Three notes from two people (Ana twice, in two spellings) at two organisations.
    assert_eq!(high["evidence"], serde_json::json!({"notes": 3, "people": 2, "orgs": 2}));
    assert_eq!(ids(&high["decisions"]), ["D1"]);
    assert_eq!(high["decisions"][0]["vision_version"], 1);
    assert_eq!(high["decisions"][0]["state"], "to revisit");
    // Four ranked stories: two of them are this pillar's.
    assert_eq!(v["ranked"], 4);
    assert_eq!(high["share"], 50.0);
    assert_eq!(pillars[1]["share"], 25.0);
    assert_eq!(pillars[2]["share"], 0.0);
    assert_eq!(ids(&v["unaligned"]), ["S4"]);
    assert_eq!(names(&v["no_work"]), ["ready by summer"]);
    assert_eq!(names(&v["no_evidence"]), ["extended range"]);
    assert_eq!(ids(&v["to_revisit"]), ["D1", "D2"]);
}

#[test]
fn the_summary_for_a_terminal_fits_the_width_and_calls_out_what_nobody_asked_for() {
    let env = TestEnv::new();
    notebook(&env);
    for width in ["60", "80", "100"] {
        let out = env.cmd(&["vision", "show"]).env("COLUMNS", width).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let w: usize = width.parse().unwrap();
        for line in text.lines() {
            assert!(line.chars().count() <= w, "wider than {w}: {line:?}");
        }
    }
    let out = env.ok(&["vision", "show"]);
    for expected in [
        "VISION · version 2 · since 2026-11-20",
        "Why it changed: the heat is what loses deals",
        "version 1: Denver to Honolulu",
        "pillar 'high altitude' added",
        "high altitude · 2 stories",
        "take off full from Denver in July",
        "Evidence: 3 notes from 2 people at 2 organisations",
        "extended range · 1 story",
        "ready by summer · 0 stories",
        "'ready by summer' has no stories.",
        "'extended range' has 1 story but no evidence: nobody has asked for it yet.",
        "POINTING AT NO CURRENT PILLAR",
        "TO REVISIT",
        "D1  2026-11-20  Payload calculator before range work · to revisit",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(!out.contains("1 stories"), "{out}");
    // The share bar: half of the ranked work.
    assert!(out.contains("50% (2 of 4)"), "{out}");
}

#[test]
fn the_summary_as_markdown_has_a_section_per_pillar_and_tables_of_stories() {
    let env = TestEnv::new();
    notebook(&env);
    let md = env.ok(&["vision", "show", "--format", "md"]);
    assert!(md.starts_with("# Vision\n\n> Denver to Honolulu on a hot day\n"), "{md}");
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Vision",
            "## History",
            "## Pillars",
            "### high altitude",
            "### extended range",
            "### ready by summer",
            "## Pointing at no current pillar",
            "## Called out",
            "## To revisit",
        ]
    );
    assert!(md.contains("| id | story | score | status |\n|---|---|---|---|\n| S1 |"), "{md}");
    assert!(
        md.contains("50% of the ranked work (2 of 4). Evidence: 3 notes from 2 people at 2 organisations.")
    );
    assert!(md.contains("- D1 2026-11-20 (version 1): Payload calculator before range work"), "{md}");
    let e = env.fail(&["vision", "show", "--format", "csv"]);
    assert!(e.contains("--format"), "{e}");
}

#[test]
fn a_vision_change_puts_older_decisions_to_revisit_until_confirmed_or_superseded() {
    let env = TestEnv::new();
    notebook(&env);
    let d1 = env.json(&["decision", "show", "D1"]);
    assert_eq!(d1["vision_version"], 1);
    assert_eq!(d1["state"], "to revisit");
    assert_eq!(d1["pillar"], "high altitude");
    let shown = env.ok(&["decision", "show", "D1"]);
    assert!(shown.contains("Taken under vision version 1: Denver to Honolulu"), "{shown}");
    assert!(shown.contains("pm decision confirm D1"), "{shown}");
    // The report lists them too.
    let report = env.json(&["report"]);
    assert_eq!(ids(&report["to_revisit"]), ["D1", "D2"]);
    assert!(env.ok(&["report"]).contains("TO REVISIT"));

    env.ok(&["decision", "confirm", "D1", "--why", "still right on a hot day"]);
    let d1 = env.json(&["decision", "show", "D1"]);
    assert_eq!(d1["state"], "confirmed");
    assert_eq!(d1["confirmed_under"], 2);
    assert_eq!(d1["vision_version"], 1, "it keeps the version it was taken under");
    let e = env.fail(&["decision", "confirm", "D1"]);
    assert!(e.contains("already stands"), "{e}");

    let out =
        env.ok(&["decision", "supersede", "D2", "Range work starts in May", "--why", "charters go long"]);
    assert!(out.contains("D3 in place of D2"), "{out}");
    let d2 = env.json(&["decision", "show", "D2"]);
    assert_eq!(d2["state"], "superseded");
    assert_eq!(d2["superseded_by"], "D3");
    let d3 = env.json(&["decision", "show", "D3"]);
    assert_eq!((d3["state"].as_str(), d3["vision_version"].as_i64()), (Some("current"), Some(2)));
    assert_eq!((d3["pillar"].as_str(), d3["supersedes"].as_str()), (Some("extended range"), Some("D2")));
    assert!(env.ok(&["decision", "show", "D2"]).contains("superseded by D3 (why: charters go long)"));
    env.fail(&["decision", "confirm", "D2"]);
    env.fail(&["decision", "supersede", "D2", "again", "--why", "x"]);
    env.fail(&["decision", "supersede", "D9", "x", "--why", "y"]);
    env.fail(&["decision", "supersede", "D1", " ", "--why", "y"]);
    env.fail(&["decision", "supersede", "D1", "x", "--why", " "]);

    let v = env.json(&["vision", "show"]);
    assert_eq!(v["to_revisit"], serde_json::json!([]));
    assert!(!env.ok(&["vision", "show"]).contains("TO REVISIT"));
    assert_eq!(env.json(&["report"])["to_revisit"], serde_json::json!([]));

    // A new vision makes even the confirmed one worth another look.
    let out = env.run(&["vision", "set", "Denver to Honolulu on a hot day, full"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("2 decisions taken under an earlier vision to revisit: D1, D3"), "{said}");
    assert_eq!(ids(&env.json(&["vision", "show"])["to_revisit"]), ["D1", "D3"]);
    // Undo takes the confirmation back like any other write.
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["decision", "show", "D1"])["state"], "to revisit");
}

#[test]
fn a_renamed_pillar_reaches_its_stories_and_decisions_and_the_history() {
    let env = TestEnv::new();
    notebook(&env);
    env.ok(&[
        "vision",
        "pillar",
        "edit",
        "high altitude",
        "--name",
        "hot-day payload",
        "--description",
        "full in July",
    ]);
    assert_eq!(env.json(&["story", "show", "S1"])["pillar"], "hot-day payload");
    assert_eq!(env.json(&["decision", "show", "D1"])["pillar"], "hot-day payload");
    let v = env.json(&["vision", "show"]);
    assert_eq!(v["pillars"][0]["name"], "hot-day payload");
    assert_eq!(v["pillars"][0]["description"], "full in July");
    let out = env.ok(&["vision", "show"]);
    assert!(out.contains("pillar 'high altitude' renamed 'hot-day payload'"), "{out}");
    let history = env.ok(&["vision", "history"]);
    let at = history.lines().next().unwrap().find("change").unwrap();
    let changes: Vec<&str> = history.lines().skip(2).map(|l| l.get(at..).unwrap_or("").trim_end()).collect();
    assert_eq!(
        changes,
        [
            "Denver to Honolulu",
            "pillar 'high altitude' added",
            "pillar 'extended range' added",
            "pillar 'ready by summer' added",
            "Denver to Honolulu on a hot day (why: the heat is what loses deals)",
            "pillar 'high altitude' renamed 'hot-day payload'",
            "pillar 'hot-day payload' described: full in July",
        ],
        "{history}"
    );
    assert_eq!(env.json(&["vision", "history"]).as_array().unwrap().len(), 2, "the JSON lists the versions");
    env.fail(&["vision", "pillar", "edit", "hot-day payload", "--name", "Extended Range"]);
    env.fail(&["vision", "pillar", "edit", "hot-day payload"]);
    env.fail(&["vision", "pillar", "edit", "nope", "--name", "x"]);
    env.fail(&["vision", "pillar", "edit", "hot-day payload", "--name", "  "]);
    // The same name in other letters is the same pillar; an empty description clears it.
    env.ok(&[
        "vision",
        "pillar",
        "edit",
        "hot-day payload",
        "--name",
        "Hot-Day Payload",
        "--description",
        "",
    ]);
    let v = env.json(&["vision", "show"]);
    assert_eq!(
        (v["pillars"][0]["name"].as_str(), v["pillars"][0]["description"].as_str()),
        (Some("Hot-Day Payload"), None)
    );
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["story", "show", "S1"])["pillar"], "high altitude");
    assert!(!env.ok(&["vision", "show"]).contains("renamed"));
}

#[test]
fn a_retired_pillar_keeps_its_stories_but_takes_no_new_work() {
    let env = TestEnv::new();
    notebook(&env);
    let out = env.ok(&["vision", "pillar", "retire", "extended range"]);
    assert!(out.contains("1 story keeps it in its history"), "{out}");
    assert_eq!(env.json(&["story", "show", "S3"])["pillar"], "extended range");
    let v = env.json(&["vision", "show"]);
    let p: Vec<&str> = v["pillars"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(p, ["high altitude", "ready by summer"]);
    // In priority order: dark mode (2.5) before the range story (1.25).
    assert_eq!(ids(&v["unaligned"]), ["S4", "S3"]);
    assert_eq!(v["unaligned"][1]["pillar"], "extended range");
    assert_eq!(v["retired"][0]["name"], "extended range");
    let out = env.ok(&["vision", "show"]);
    assert!(out.contains("'extended range' retired 2026-11-20 · 1 story still points at it"), "{out}");
    assert!(out.contains("pillar 'extended range' retired"), "{out}");
    let e = env.fail(&["story", "Range again", "--pillar", "extended range"]);
    assert!(e.contains("retired"), "{e}");
    env.fail(&["decision", "x", "--pillar", "extended range"]);
    assert!(env.ok(&["decision", "show", "D2"]).contains("Pillar: extended range (retired)"));
    assert!(env.ok(&["vision", "pillar", "list"]).contains("extended range (retired 2026-11-20)"));
    env.fail(&["vision", "pillar", "retire", "extended range"]);
    env.fail(&["vision", "pillar", "add", "Extended Range"]);
    // Editing a story on a retired pillar keeps it there.
    env.ok(&["story", "edit", "S3", "--want", "fly much further"]);
    assert_eq!(env.json(&["story", "show", "S3"])["pillar"], "extended range");
    // The report counts it as pointing at no pillar.
    let r = env.json(&["report"]);
    let none = r["pillars"].as_array().unwrap().iter().find(|p| p["name"] == "(no pillar)").unwrap().clone();
    assert_eq!(none["stories"], 2);
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["vision", "show"])["pillars"].as_array().unwrap().len(), 3);
}

#[test]
fn export_and_import_keep_decision_states_and_pillar_lives() {
    let a = TestEnv::new();
    notebook(&a);
    a.ok(&["decision", "confirm", "D1", "--why", "still right"]);
    a.ok(&["decision", "supersede", "D2", "Range in May", "--why", "charters go long"]);
    a.ok(&[
        "vision",
        "pillar",
        "edit",
        "ready by summer",
        "--name",
        "ready by June",
        "--description",
        "dates",
    ]);
    a.ok(&["vision", "pillar", "retire", "ready by June"]);
    let exported = a.ok(&["export"]);
    let v: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(v["decisions"][0]["state"], "confirmed");
    assert_eq!(v["decisions"][1]["state"], "superseded");
    assert_eq!(v["decisions"][2]["supersedes"], "D2");
    assert!(v["pillars"][2]["retired"].is_string());
    let file = a.dir().join("export.json");
    std::fs::write(&file, &exported).unwrap();

    let b = TestEnv::new();
    b.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(b.ok(&["export"]), exported, "export -> import -> export is the same document");
    assert_eq!(b.json(&["vision", "show"]), a.json(&["vision", "show"]));

    // The shared folder carries the same.
    let shared = a.dir().join("shared");
    a.ok(&["export", "--dir", shared.to_str().unwrap()]);
    let c = TestEnv::new();
    c.ok(&["import", "--dir", shared.to_str().unwrap()]);
    assert_eq!(c.json(&["vision", "show"]), a.json(&["vision", "show"]));
    assert_eq!(c.json(&["decision", "show", "D3"]), a.json(&["decision", "show", "D3"]));
}

#[test]
fn a_decision_dated_in_the_past_remembers_the_vision_in_force_on_its_day() {
    let env = TestEnv::at("2026-11-10T09:00:00+00:00");
    env.ok(&["vision", "set", "Fly anywhere"]);
    env.set_now("2026-11-20T09:00:00+00:00");
    env.ok(&["vision", "set", "Denver to Honolulu"]);
    env.ok(&["decision", "Before any vision", "--on", "2026-11-01"]);
    env.ok(&["decision", "Under the first", "--on", "2026-11-12"]);
    env.ok(&["decision", "Under the second"]);
    let list = env.json(&["decision", "list"]);
    let seen: Vec<(&str, Option<i64>, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["vision_version"].as_i64(), d["state"].as_str().unwrap()))
        .collect();
    assert_eq!(seen, [("D3", Some(2), "current"), ("D2", Some(1), "to revisit"), ("D1", None, "to revisit")]);
    assert!(env.ok(&["decision", "show", "D1"]).contains("Taken before there was a vision."));
}

#[test]
fn a_teammates_rename_and_retirement_arrive_through_the_folder_and_a_stale_folder_undoes_nothing() {
    let a = TestEnv::new();
    notebook(&a);
    let shared = a.dir().join("shared");
    let dir = shared.to_str().unwrap();
    a.ok(&["export", "--dir", dir]);

    let c = TestEnv::at("2026-11-21T09:00:00+00:00");
    c.ok(&["import", "--dir", dir]);
    c.ok(&["vision", "pillar", "edit", "high altitude", "--name", "hot-day payload"]);
    c.ok(&["vision", "pillar", "retire", "ready by summer"]);
    c.ok(&["export", "--dir", dir]);

    a.ok(&["import", "--dir", dir]);
    assert_eq!(a.json(&["story", "show", "S1"])["pillar"], "hot-day payload");
    let v = a.json(&["vision", "show"]);
    assert_eq!(v["retired"][0]["name"], "ready by summer");
    assert!(a.ok(&["vision", "show"]).contains("pillar 'high altitude' renamed 'hot-day payload'"));

    // Retired here after that folder was written: importing it again keeps the retirement.
    a.set_now("2026-11-22T09:00:00+00:00");
    a.ok(&["vision", "pillar", "retire", "extended range"]);
    a.ok(&["import", "--dir", dir]);
    let v = a.json(&["vision", "show"]);
    let retired: Vec<&str> =
        v["retired"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(retired, ["extended range", "ready by summer"]);
}

#[test]
fn a_busy_pillar_shows_its_first_five_stories_and_says_how_many_more() {
    let env = TestEnv::new();
    env.ok(&["vision", "pillar", "add", "speed"]);
    for n in 1..=7 {
        let reach = (10 * n).to_string();
        env.ok(&[
            "story",
            &format!("request {n}"),
            "--when",
            "I export",
            "--want",
            &format!("thing {n}"),
            "--so",
            "I finish",
            "--pillar",
            "speed",
            "--reach",
            &reach,
            "--impact",
            "1",
            "--confidence",
            "50",
            "--effort",
            "1",
        ]);
    }
    let out = env.ok(&["vision", "show"]);
    assert!(out.contains("speed · 7 stories"), "{out}");
    assert!(out.contains("and 2 more: pm story list --pillar \"speed\""), "{out}");
    // Best first: S7 (reach 70) leads; S1 and S2 are the two left out.
    assert!(out.find("S7").unwrap() < out.find("S3").unwrap(), "{out}");
    assert!(!out.contains("S1 ") && !out.contains("S2 "), "{out}");
    let md = env.ok(&["vision", "show", "--format", "md"]);
    assert!(md.contains("And 2 more: `pm story list --pillar \"speed\"`."), "{md}");
    assert_eq!(env.json(&["vision", "show"])["pillars"][0]["stories"].as_array().unwrap().len(), 7);
}

#[test]
fn with_no_vision_there_is_nothing_to_revisit_or_confirm() {
    let env = TestEnv::new();
    env.ok(&["decision", "Ship CSV first"]);
    assert_eq!(env.json(&["decision", "show", "D1"])["state"], "current");
    let e = env.fail(&["decision", "confirm", "D1"]);
    assert!(e.contains("no vision yet"), "{e}");
    let v = env.json(&["vision", "show"]);
    assert_eq!((v["statement"].is_null(), v["to_revisit"].as_array().unwrap().len()), (true, 0));
    assert!(env.ok(&["vision", "show"]).contains("No vision yet: pm vision set TEXT"));
}
