//! People and organisations as records (issue 16): name matching, merge,
//! forget, the migration of older notebooks, and evidence weighed by account.

use crate::common::TestEnv;
use serde_json::json;

fn stderr_of(env: &TestEnv, args: &[&str]) -> String {
    let out = env.run(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn people(env: &TestEnv) -> Vec<(String, i64)> {
    env.json(&["person", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), p["notes"].as_i64().unwrap()))
        .collect()
}

#[test]
fn names_match_by_case_spacing_alias_and_unique_prefix() {
    let env = TestEnv::new();
    env.note(&["Exports are slow", "--who", "Alice Ng", "--org", "Acme"]);
    // case and spacing: the same person, first spelling kept
    env.note(&["Again", "--who", "  ALICE   ng "]);
    // a unique first name resolves, and says so on stderr
    let said = stderr_of(&env, &["note", "Third", "--who", "alice"]);
    assert!(said.contains("--who 'alice' is Alice Ng"), "{said}");
    // a unique prefix of an org
    let said = stderr_of(&env, &["note", "Fourth", "--org", "ac"]);
    assert!(said.contains("--org 'ac' is Acme"), "{said}");
    assert_eq!(people(&env), [("Alice Ng".to_string(), 3)]);
    // the list filter finds "Alice Ng" from "alice"
    let found = env.json(&["note", "list", "--who", "alice"]);
    assert_eq!(found.as_array().unwrap().len(), 3);
    // an alias (kept by merge) matches exactly
    env.note(&["From Al", "--who", "Al Ng"]);
    env.ok(&["person", "merge", "Al Ng", "Alice Ng"]);
    let said = stderr_of(&env, &["note", "Fifth", "--who", "al ng"]);
    assert!(!said.contains("New person"), "{said}");
    assert_eq!(people(&env), [("Alice Ng".to_string(), 5)]);
}

#[test]
fn an_ambiguous_name_is_refused_with_the_candidates() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Alice Ng"]);
    env.note(&["b", "--who", "Alice Moss"]);
    let e = env.fail(&["note", "c", "--who", "alice"]);
    assert!(e.contains("'Alice Moss', 'Alice Ng'"), "{e}");
    assert_eq!(env.note_bodies().len(), 2);
}

#[test]
fn an_unknown_name_makes_a_record_and_suggests_a_close_one() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Dana Wu"]);
    let said = stderr_of(&env, &["note", "b", "--who", "Dana Wo"]);
    assert!(said.contains("New person 'Dana Wo' (did you mean 'Dana Wu'?)"), "{said}");
    assert_eq!(people(&env).len(), 2);
}

#[test]
fn merge_repoints_every_note_and_changes_the_counts_exactly() {
    let env = TestEnv::new();
    env.note(&["slow", "--who", "Dana", "--source", "interview"]);
    env.note(&["slow too", "--who", "Dana Wu", "--source", "interview"]);
    env.note(&["also", "--who", "Bob"]);
    env.ok(&["story", "Faster exports", "--evidence", "N1", "--evidence", "N2", "--evidence", "N3"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(
        (s["people"].as_i64(), s["demand"].as_i64(), s["reach"].as_f64()),
        (Some(3), Some(3), Some(3.0))
    );
    let out = env.ok(&["person", "merge", "Dana", "Dana Wu"]);
    assert!(out.contains("1 note moved"), "{out}");
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(
        (s["people"].as_i64(), s["demand"].as_i64(), s["reach"].as_f64()),
        (Some(2), Some(2), Some(2.0))
    );
    assert_eq!(people(&env), [("Bob".to_string(), 1), ("Dana Wu".to_string(), 2)]);
    let n1 = env.json(&["note", "show", "N1"]);
    assert_eq!(n1["who"], "Dana Wu");
    // "Dana" is an alias now
    let dana = env.json(&["person", "show", "dana"]);
    assert_eq!(dana["person"]["aliases"], json!(["Dana"]));
    // a record notes name cannot just be removed
    let e = env.fail(&["person", "rm", "Dana Wu"]);
    assert!(e.contains("named by 2 notes"), "{e}");
}

#[test]
fn segments_and_tags_keep_their_first_spelling() {
    let env = TestEnv::new();
    env.note(&["a", "--segment", "Enterprise", "--tag", "Export"]);
    env.note(&["b", "--segment", "enterprise", "--tag", "export"]);
    let all = env.json(&["note", "list"]);
    for n in all.as_array().unwrap() {
        assert_eq!(n["segment"], "Enterprise");
    }
    assert_eq!(env.json(&["note", "list", "--segment", "ENTERPRISE"]).as_array().unwrap().len(), 2);
}

#[test]
fn forget_matches_exactly_or_by_alias_and_erases_the_record() {
    let env = TestEnv::new();
    env.note(&["b", "--who", "Dana"]);
    env.note(&["a", "--who", "Dana Wu"]);
    env.ok(&["person", "merge", "Dana", "Dana Wu"]);
    // a prefix is not enough to forget someone
    let e = env.fail(&["forget", "Dan", "--yes"]);
    assert!(e.contains("no record names"), "{e}");
    env.ok(&["forget", "dana", "--yes"]);
    assert_eq!(people(&env), Vec::<(String, i64)>::new());
    let bytes = std::fs::read(env.db()).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("Dana"));
}

#[test]
fn orgs_carry_arr_and_seats_counted_once_per_org() {
    let env = TestEnv::new();
    env.ok(&["org", "add", "Acme", "--segment", "enterprise", "--arr", "$120,000", "--seats", "250"]);
    env.ok(&["person", "add", "Alice Ng", "--org", "Acme"]);
    env.note(&["a", "--who", "Alice Ng", "--source", "interview"]);
    env.note(&["b", "--who", "Bo", "--org", "acme"]);
    env.note(&["c", "--who", "Cy"]);
    env.ok(&["story", "Faster exports", "--evidence", "N1", "--evidence", "N2", "--evidence", "N3"]);
    env.ok(&["story", "link", "S1", "N1", "--importance", "3"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["arr"], 120000.0, "Acme once, though two of its people spoke");
    assert_eq!(s["demand"], 4, "Acme's highest (3) + Cy's (1)");
    assert_eq!(s["arr_demand"], 360000.0);
    assert_eq!(s["reach"], 251.0, "250 seats + Cy");
    assert_eq!(s["reach_basis"], "partly evidence only");
    // Sorted by ARR, the list shows it.
    let list = env.ok(&["story", "list", "--sort", "arr"]);
    assert!(list.contains("arr") && list.contains("$120,000"), "{list}");
    let orgs = env.json(&["org", "list"]);
    assert_eq!(orgs[0]["arr"], 120000.0);
    assert_eq!(orgs[0]["people"], 2);
    assert_eq!(orgs[0]["notes"], 2, "Alice's note (through her org) and Bo's");
    let e = env.fail(&["org", "edit", "acme", "--arr", "lots"]);
    assert!(e.contains("--arr"), "{e}");
}

#[test]
fn an_importance_0_link_is_a_mention_that_adds_nothing() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Alice", "--source", "interview"]);
    env.note(&["b", "--who", "Bob", "--source", "sales"]);
    env.ok(&["story", "Faster exports", "--evidence", "N1", "--impact", "2", "--effort", "1"]);
    let before = env.json(&["story", "show", "S1"]);
    env.ok(&["story", "link", "S1", "N2", "--importance", "0"]);
    let after = env.json(&["story", "show", "S1"]);
    assert_eq!(after["evidence_count"], 2, "kept and shown");
    for field in ["score", "reach", "confidence", "demand", "importance", "people"] {
        assert_eq!(before[field], after[field], "{field}");
    }
}

#[test]
fn person_show_export_holds_everything_about_them() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Dana Wu"]);
    env.ok(&["story", "Faster exports", "--from", "dana"]);
    env.ok(&["checkin", "Review", "--with", "Dana Wu, Priya (eng lead)", "--at", "2026-12-01 10:00"]);
    let out = env.ok(&["person", "show", "Dana Wu", "--export"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["notes"].as_array().unwrap().len(), 1);
    assert_eq!(v["stories_requested"][0]["id"], "S1");
    assert_eq!(v["checkins"][0]["id"], "C1");
    // Shown, each note is one line within the terminal's width.
    env.note(&[&"a long note about exports ".repeat(10), "--who", "Dana Wu"]);
    let out = env.cmd(&["person", "show", "Dana Wu"]).env("COLUMNS", "60").output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.lines().all(|l| l.chars().count() <= 60), "{shown}");
    // A role in brackets is the person's role, not part of their name.
    let priya = env.json(&["person", "show", "Priya"]);
    assert_eq!(
        (priya["person"]["name"].as_str(), priya["person"]["role"].as_str()),
        (Some("Priya"), Some("eng lead"))
    );
}

#[test]
fn a_notebook_of_schema_6_migrates_with_one_record_per_distinct_name() {
    // tests/fixtures/schema-v6-names.db was written by pm at schema 6 (before
    // people were records): who "Dana", "dana", "Dana Wu", "José Ruiz",
    // "JOSÉ  ruiz"; orgs "Acme", "ACME", "acme", "Globex"; a story requested by
    // "Dana"; a check-in with "Dana Wu, Priya"; six notes, one anonymous.
    let env = TestEnv::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let fixture =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v6-names.db")).unwrap();
    std::fs::write(env.db(), &fixture).unwrap();
    assert_eq!(env.note_bodies().len(), 6, "every note kept");
    let names: Vec<String> = people(&env).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Dana", "Dana Wu", "José Ruiz", "Priya"]);
    let orgs = env.json(&["org", "list"]);
    let orgs: Vec<(&str, i64)> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["name"].as_str().unwrap(), o["notes"].as_i64().unwrap()))
        .collect();
    // Globex: José's note naming it, and his later one naming no org.
    assert_eq!(orgs, [("Acme", 3), ("Globex", 2)]);
    // names stay searchable
    let hits = env.json(&["search", "Ruiz"]);
    assert!(!hits.as_array().unwrap().is_empty());
    // the story's evidence was recounted: Dana and Dana Wu at Acme are one account
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["demand"], 1);
    assert_eq!(s["people"], 2);
}

#[test]
fn evidence_only_reach_is_flagged_and_a_mixed_ranking_says_so() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Alice", "--source", "interview"]);
    env.ok(&[
        "story",
        "Faster exports",
        "--evidence",
        "N1",
        "--impact",
        "2",
        "--effort",
        "1",
        "--confidence",
        "50",
    ]);
    env.ok(&[
        "story",
        "Offline mode",
        "--reach",
        "40",
        "--impact",
        "1",
        "--effort",
        "1",
        "--confidence",
        "50",
    ]);
    let lint = env.json(&["story", "lint", "S1"]);
    let codes: Vec<&str> =
        lint[0]["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"reach-evidence-only"), "{codes:?}");
    let out = env.run(&["story", "list"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("mixes reach you set (S2) with reach partly or only"), "{said}");
    let report = env.ok(&["report"]);
    assert!(report.contains("This ranking mixes reach you set (1)"), "{report}");
    let r = env.json(&["report"]);
    let s1 = r["stories"].as_array().unwrap().iter().find(|s| s["id"] == "S1").unwrap();
    assert_eq!(s1["demand"], 1);
    assert_eq!(s1["reach_basis"], "evidence only");
    // with seats on her org, it is evidence no more
    env.ok(&["org", "add", "Acme", "--seats", "30"]);
    env.ok(&["person", "edit", "Alice", "--org", "Acme"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["reach"], 30.0);
    assert_eq!(s["reach_basis"], "seats");
    assert_eq!(s["score_explained"]["contributors"][0]["name"], "Acme");
    assert_eq!(s["score_explained"]["contributors"][0]["reach"], 30);
}

#[test]
fn the_demand_framework_weighs_by_arr_and_explains_each_part() {
    let env = TestEnv::new();
    env.ok(&["org", "add", "Acme", "--arr", "100000"]);
    env.ok(&["org", "add", "Globex", "--arr", "50000"]);
    env.note(&["a", "--who", "Alice", "--org", "Acme", "--source", "interview"]);
    env.note(&["b", "--who", "Bo", "--org", "Globex", "--source", "sales"]);
    env.ok(&[
        "story",
        "Faster exports",
        "--evidence",
        "N1",
        "--evidence",
        "N2",
        "--impact",
        "1",
        "--effort",
        "2",
    ]);
    env.ok(&["story", "link", "S1", "N1", "--importance", "3"]);
    let project = env.db().with_file_name("config.toml");
    std::fs::create_dir_all(project.parent().unwrap()).unwrap();
    std::fs::write(&project, "[scoring]\nframework = \"demand\"\n").unwrap();
    let s = env.json(&["story", "show", "S1"]);
    let x = &s["score_explained"];
    assert_eq!(x["parts"][0]["name"], "demand");
    assert_eq!(x["parts"][0]["value"], 350000.0, "3 × 100,000 + 1 × 50,000");
    assert!(x["parts"][0]["from"].as_str().unwrap().starts_with("ARR-weighted"));
    assert_eq!(s["score"], 140000.0, "350,000 × 1 × 80% ÷ 2");
}

/// The evidence numbers of every story, as `story list` gives them.
fn evidence(env: &TestEnv) -> Vec<serde_json::Value> {
    env.json(&["story", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            json!([
                s["id"],
                s["evidence_count"],
                s["people"],
                s["demand"],
                s["arr"],
                s["arr_demand"],
                s["reach"],
                s["reach_basis"]
            ])
        })
        .collect()
}

#[test]
fn an_import_counts_the_evidence_as_notes_added_one_by_one_do() {
    // The import counts its new links as they go in (no recount): the numbers
    // must be those of the same notes written with `pm note`, people gaining
    // their org in the middle of the file and an org's seats and ARR included.
    let setup = |env: &TestEnv| {
        env.ok(&["org", "add", "Acme", "--arr", "120000", "--seats", "250"]);
        env.ok(&["org", "add", "Globex", "--seats", "40"]);
        env.note(&["before", "--who", "Bo"]);
        env.ok(&["story", "Old story", "--evidence", "N1"]);
        env.ok(&["story", "New story"]);
    };
    let rows = [
        ("Alice Ng", "", "S2"),
        ("alice ng", "Acme", "S2"),
        ("Bo", "Globex", "S2"),
        ("Cy", "", "S2"),
        ("", "Acme", "S2"),
    ];
    let one = TestEnv::new();
    setup(&one);
    for (who, org, stories) in rows {
        let mut args = vec!["note", "x"];
        if !who.is_empty() {
            args.extend(["--who", who]);
        }
        if !org.is_empty() {
            args.extend(["--org", org]);
        }
        let out = one.ok(&args);
        let id =
            out.split_whitespace().find(|w| w.starts_with('N')).unwrap().trim_end_matches(':').to_string();
        for s in stories.split(';') {
            one.ok(&["story", "link", s, &id]);
        }
    }
    let bulk = TestEnv::new();
    setup(&bulk);
    let mut csv = String::from("body,who,org,stories\n");
    for (who, org, stories) in rows {
        csv.push_str(&format!("x,{who},{org},{stories}\n"));
    }
    std::fs::write(bulk.dir().join("notes.csv"), csv).unwrap();
    bulk.ok(&["import", bulk.dir().join("notes.csv").to_str().unwrap()]);
    let want = evidence(&one);
    assert_eq!(evidence(&bulk), want);
    // Bo gained Globex: the old story counts Globex's seats now, not Bo alone.
    assert_eq!(bulk.json(&["story", "show", "S1"])["reach"], 40.0);
}

#[test]
fn accounts_import_from_a_crm_csv_merging_by_name() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Alice", "--org", "ACME inc"]);
    let file = env.dir().join("accounts.csv");
    std::fs::write(
        &file,
        "Account Name,Segment,Plan,Annual Revenue,Seats,Owner\n\
         acme INC,Enterprise,Scale,\"$120,000\",250,Sam\n\
         Globex,SMB,Starter,45k,\"1,200\",Sam\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = env.run(&[
        "import",
        path,
        "--kind",
        "orgs",
        "--map",
        "name=Account Name",
        "--map",
        "arr=Annual Revenue",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Imported 1 org (1 updated)"), "{said}");
    assert!(said.contains("ignoring column Owner"), "{said}");
    let orgs = env.json(&["org", "list"]);
    assert_eq!(orgs.as_array().unwrap().len(), 2, "{orgs}");
    assert_eq!(
        (
            orgs[0]["name"].as_str(),
            orgs[0]["arr"].as_f64(),
            orgs[0]["seats"].as_i64(),
            orgs[0]["segment"].as_str()
        ),
        (Some("ACME inc"), Some(120000.0), Some(250), Some("Enterprise")),
        "merged into the record the note made, its first spelling kept"
    );
    assert_eq!((orgs[1]["arr"].as_f64(), orgs[1]["seats"].as_i64()), (Some(45000.0), Some(1200)));
    // ARR is shown in the configured currency.
    std::fs::write(env.db().parent().unwrap().join("config.toml"), "[report]\ncurrency = \"EUR\"\n").unwrap();
    let table = env.ok(&["org", "show", "acme inc"]);
    assert!(table.contains("arr: €120,000"), "{table}");
    // A bad row is one error naming the file line, and nothing is written.
    std::fs::write(&file, "name,arr\nInitech,10000\nHooli,lots\n").unwrap();
    let e = env.fail(&["import", path, "--kind", "orgs"]);
    assert!(e.contains("accounts.csv line 3: arr: 'lots'"), "{e}");
    assert_eq!(env.json(&["org", "list"]).as_array().unwrap().len(), 2);
    // The columns say it is accounts when --kind is not given.
    std::fs::write(&file, "name,seats\nInitech,40\n").unwrap();
    env.ok(&["import", path]);
    assert_eq!(env.json(&["org", "show", "initech"])["seats"], 40);
}

#[test]
fn the_json_export_carries_people_and_orgs_and_imports_back() {
    let env = TestEnv::new();
    env.ok(&["org", "add", "Acme", "--arr", "120000", "--seats", "250", "--plan", "Scale"]);
    env.ok(&[
        "person",
        "add",
        "Dana Wu",
        "--org",
        "Acme",
        "--role",
        "Ops lead",
        "--consent",
        "recorded calls",
    ]);
    env.note(&["slow", "--who", "D. Wu"]);
    env.ok(&["person", "merge", "D. Wu", "Dana Wu"]);
    env.note(&["export it", "--who", "dana wu"]);
    env.ok(&["story", "Faster exports", "--evidence", "N1"]);
    let export = env.json(&["export"]);
    assert_eq!(export["orgs"][0]["name"], "Acme");
    assert_eq!(export["people"][0]["aliases"], json!(["D. Wu"]));
    let file = env.dir().join("nb.json");
    std::fs::write(&file, export.to_string()).unwrap();
    let other = TestEnv::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let strip = |v: serde_json::Value| {
        let mut v = v;
        for p in v["people"].as_array_mut().unwrap() {
            p.as_object_mut().unwrap().remove("updated");
        }
        for o in v["orgs"].as_array_mut().unwrap() {
            o.as_object_mut().unwrap().remove("updated");
        }
        json!([v["people"], v["orgs"]])
    };
    assert_eq!(strip(other.json(&["export"])), strip(export));
    let s = other.json(&["story", "show", "S1"]);
    assert_eq!((s["arr"].as_f64(), s["reach"].as_f64()), (Some(120000.0), Some(250.0)));
    // Redacted, no record gives a name (nor its uid, a hash of it) away.
    let redacted = env.ok(&["export", "--redact"]);
    for name in ["Dana", "Wu", "Acme", "Ops lead", "recorded"] {
        assert!(!redacted.contains(name), "{name} in {redacted}");
    }
}

#[test]
fn the_folder_has_a_file_per_person_and_org_and_two_machines_agree_on_them() {
    let (one, two) = (TestEnv::new(), TestEnv::new());
    one.note(&["slow exports", "--who", "Dana Wu", "--org", "Acme"]);
    two.note(&["exports time out", "--who", "dana  WU", "--org", "ACME"]);
    let (d1, d2) = (one.dir().join("f1"), two.dir().join("f2"));
    one.ok(&["export", "--dir", d1.to_str().unwrap()]);
    two.ok(&["export", "--dir", d2.to_str().unwrap()]);
    let files = |d: &std::path::Path, sub: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        v.sort();
        v
    };
    assert_eq!(files(&d1, "people").len(), 1);
    assert_eq!(files(&d1, "people"), files(&d2, "people"), "the same person, the same uid");
    assert_eq!(files(&d1, "orgs"), files(&d2, "orgs"));
    let note = std::fs::read_dir(d1.join("notes")).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(note).unwrap();
    let uid = files(&d1, "people")[0].trim_end_matches(".toml").to_string();
    assert!(text.contains(&format!("who_uid = \"{uid}\"")), "{text}");
    // One notebook reads both folders: one person, one org, both notes theirs.
    one.ok(&["import", "--dir", d2.to_str().unwrap()]);
    let people = one.json(&["person", "list"]);
    assert_eq!(people.as_array().unwrap().len(), 1, "{people}");
    assert_eq!(people[0]["notes"], 2);
    assert_eq!(one.json(&["org", "list"]).as_array().unwrap().len(), 1);
    // Renamed there later: renamed here too, the old name kept as an alias.
    two.set_now("2026-12-01T10:00:00Z");
    two.ok(&["person", "edit", "dana wu", "--name", "Dana Wu-Lee"]);
    two.ok(&["export", "--dir", d2.to_str().unwrap()]);
    one.ok(&["import", "--dir", d2.to_str().unwrap()]);
    let people = one.json(&["person", "list"]);
    assert_eq!(people[0]["name"], "Dana Wu-Lee", "{people}");
    assert_eq!(one.json(&["note", "list", "--who", "dana wu"]).as_array().unwrap().len(), 2);
}

#[test]
fn pm_sync_carries_people_and_orgs_and_one_name_is_one_record_on_both_sides() {
    let git = |dir: &std::path::Path, home: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("HOME", home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let remote = tempfile::tempdir().unwrap();
    git(remote.path(), remote.path(), &["init", "-q", "--bare", "-b", "main", "r.git"]);
    let member = |name: &str| {
        let env = TestEnv::at("2026-11-27T09:00:00+00:00");
        git(env.dir(), env.dir(), &["clone", "-q", remote.path().join("r.git").to_str().unwrap(), "clone"]);
        let clone = env.dir().join("clone");
        git(&clone, env.dir(), &["config", "user.name", name]);
        git(&clone, env.dir(), &["config", "user.email", &format!("{name}@example.com")]);
        (env, clone)
    };
    let sync = |(env, clone): &(TestEnv, std::path::PathBuf), extra: &[&str]| {
        let mut args = vec!["sync", clone.to_str().unwrap()];
        args.extend(extra);
        let out = env.cmd(&args).env("GIT_CONFIG_NOSYSTEM", "1").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let (a, b) = (member("ann"), member("bob"));
    a.0.ok(&["org", "add", "Acme", "--arr", "120000", "--seats", "250"]);
    a.0.note(&["slow exports", "--who", "Dana Wu", "--org", "Acme"]);
    b.0.note(&["exports time out", "--who", "dana wu"]);
    sync(&a, &["--init"]);
    sync(&b, &["--init"]);
    sync(&a, &[]);
    for (env, clone) in [&a, &b] {
        let people = env.json(&["person", "list"]);
        assert_eq!(people.as_array().unwrap().len(), 1, "{people}");
        assert_eq!((people[0]["notes"].as_i64(), people[0]["org"].as_str()), (Some(2), Some("Acme")));
        assert_eq!(env.json(&["org", "show", "acme"])["arr"], 120000.0);
        assert_eq!(std::fs::read_dir(clone.join("people")).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(clone.join("orgs")).unwrap().count(), 1);
    }
}

#[test]
fn a_notes_segment_is_its_own_else_its_orgs() {
    let env = TestEnv::new();
    env.ok(&["org", "add", "Acme", "--segment", "enterprise"]);
    env.ok(&["person", "add", "Alice Ng", "--org", "Acme"]);
    env.note(&["a", "--who", "Alice Ng", "--source", "interview"]);
    env.note(&["b", "--who", "Bo", "--segment", "smb"]);
    env.ok(&[
        "story",
        "Faster exports",
        "--evidence",
        "N1",
        "--evidence",
        "N2",
        "--impact",
        "1",
        "--effort",
        "1",
    ]);
    let r = env.json(&["report"]);
    let segments = &r["stories"][0]["segments"];
    assert!(
        segments.to_string().contains("enterprise") && !segments.to_string().contains("(none)"),
        "{segments}"
    );
    assert!(r["evidence"]["by_segment"].to_string().contains("enterprise"), "{}", r["evidence"]);
}

/// A segment typed on a note and the same segment on an org (or from a CRM
/// in another case) are one: the report counted "Enterprise 1, enterprise 1".
#[test]
fn an_orgs_segment_takes_the_spelling_the_notebook_uses() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Ann", "--segment", "enterprise"]);
    env.ok(&["org", "add", "Acme", "--segment", "Enterprise"]);
    env.ok(&["org", "add", "Globex", "--segment", "SMB"]);
    env.note(&["b", "--who", "Bo", "--org", "Acme"]);
    let by = &env.json(&["report"])["evidence"]["by_segment"];
    assert_eq!(by, &json!({"enterprise": 2}), "{by}");
    // From a CRM in another case: the same segment, so no org is changed.
    let file = env.dir().join("accounts.csv");
    std::fs::write(&file, "name,segment\nAcme,ENTERPRISE\nGlobex,smb\n").unwrap();
    let out = env.ok(&["import", file.to_str().unwrap(), "--kind", "orgs"]);
    assert!(out.contains("0 updated") || !out.contains("updated"), "{out}");
    let orgs = env.json(&["org", "list"]);
    let segs: Vec<&str> = orgs.as_array().unwrap().iter().map(|o| o["segment"].as_str().unwrap()).collect();
    assert_eq!(segs, ["enterprise", "SMB"]);
    // An explicit edit may still change an org's own spelling.
    env.ok(&["org", "edit", "Globex", "--segment", "smb"]);
    assert_eq!(env.json(&["org", "show", "Globex"])["segment"], "smb");
}

/// `pm story list`'s note on mixed reach was one 140-column line counting
/// "(1)" and "(1)", and said "evidence only" of reach partly from seats too.
#[test]
fn the_mixed_reach_note_names_the_stories_and_fits_the_width() {
    let env = TestEnv::new();
    env.ok(&["org", "add", "Acme", "--seats", "250"]);
    env.note(&["exports are slow", "--who", "Ann", "--org", "Acme"]);
    env.note(&["exports again", "--who", "Dee"]);
    env.ok(&[
        "story",
        "Faster exports",
        "--evidence",
        "N1",
        "--evidence",
        "N2",
        "--impact",
        "2",
        "--effort",
        "1",
        "--confidence",
        "50",
    ]);
    env.ok(&[
        "story",
        "Offline mode",
        "--reach",
        "40",
        "--impact",
        "1",
        "--effort",
        "1",
        "--confidence",
        "50",
    ]);
    let out = env.cmd(&["story", "list"]).env("COLUMNS", "60").output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("note: this ranking mixes reach you set (S2) with reach"), "{said}");
    assert!(said.contains("partly or only from the evidence (S1)"), "{said}");
    assert!(said.lines().count() > 1 && said.lines().all(|l| l.chars().count() <= 60), "{said}");
}

/// `pm org list` at 60 columns ran to 67 and cut ARR in two ("$1,500,0" over
/// "00"): amounts stay whole, counts and the plan give way first.
#[test]
fn org_list_keeps_amounts_whole_and_fits_a_narrow_terminal() {
    let env = TestEnv::new();
    env.ok(&[
        "org",
        "add",
        "Umbrella Corporation",
        "--segment",
        "enterprise",
        "--plan",
        "Scale",
        "--arr",
        "1.5M",
        "--seats",
        "1000",
    ]);
    env.ok(&["org", "add", "Initech", "--segment", "mid-market", "--plan", "Pro", "--arr", "$120,000"]);
    let out = env.cmd(&["org", "list"]).env("COLUMNS", "60").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
    assert!(text.contains("$1,500,000") && text.contains("$120,000"), "{text}");
}
