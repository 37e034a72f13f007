use crate::common::TestEnv;
use serde_json::{Value, json};

fn story(env: &TestEnv, args: &[&str]) -> Value {
    env.json(&[&["story"], args].concat())
}

#[test]
fn a_user_story_is_kept_verbatim_and_rewritten_as_a_job_story() {
    let env = TestEnv::new();
    let request = "As a PM, I want to export notes to CSV so that I can share them with finance";
    let s = story(&env, &[request]);
    assert_eq!(s["id"], "S1");
    assert_eq!(s["request"], request);
    assert_eq!(s["actor"], "PM");
    assert_eq!(s["when"], Value::Null, "a role is not a situation");
    assert_eq!(s["want"], "export notes to CSV");
    assert_eq!(s["so"], "share them with finance");
    assert_eq!(s["text"], "When …, I want to export notes to CSV, so I can share them with finance.");
    assert_eq!(s["status"], "idea");
}

#[test]
fn flags_override_the_draft_and_problems_are_warnings() {
    let env = TestEnv::new();
    let out = env
        .cmd(&["story", "Add SSO", "--so", "IT approves the purchase", "--from", "Acme IT"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: no situation"), "{stderr}");
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["want"], "use SSO");
    assert_eq!(s["so"], "IT approves the purchase");
    assert_eq!(s["text"], "When …, I want to use SSO, so IT approves the purchase.");
    assert_eq!(s["requested_by"], "Acme IT");
    let s = story(
        &env,
        &["--when", "IT reviews a new tool", "--want", "sign in with our SSO", "--so", "I can pass review"],
    );
    assert_eq!(
        s["text"],
        "When IT reviews a new tool, I want to sign in with our SSO, so I can pass review."
    );
    assert_eq!(s["request"], s["text"], "with no request, the story as written is kept as the request");
}

#[test]
fn draft_prints_without_storing() {
    let env = TestEnv::new();
    let d = env.json(&["story", "draft", "It would be nice if exports were faster"]);
    assert_eq!(d["want"], "exports to be faster");
    assert_eq!(d["text"], "When …, I want exports to be faster, so I can ….");
    assert_eq!(d["title"], "Faster exports");
    let codes: Vec<&str> =
        d["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["no-situation", "no-outcome", "vague-words"]);
    assert!(env.ok(&["story", "draft", "Add SSO"]).starts_with("When …, I want to use SSO, so I can …."));
    assert!(!env.db().exists());
}

#[test]
fn evidence_weight_counts_each_person_once_at_their_highest_importance() {
    let env = TestEnv::new();
    env.note(&["exports are slow", "--who", "Alice", "--org", "Acme", "--source", "interview"]);
    env.note(&["exports!!", "--who", "alice ", "--org", "Acme", "--source", "support"]);
    env.note(&["need CSV", "--who", "Bob", "--org", "Beta", "--source", "interview"]);
    env.note(&["anonymous survey answer", "--source", "survey"]);
    story(&env, &["CSV export", "--evidence", "N1", "--evidence", "N3"]);
    env.ok(&["story", "link", "S1", "N2", "N4", "--importance", "3"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["evidence_count"], 4);
    assert_eq!(s["people"], 2);
    // Alice: max(1, 3) = 3; Bob: 1; the anonymous note: 3
    assert_eq!(s["importance"], 7);
    assert_eq!(s["notes"], json!(["N1", "N2", "N3", "N4"]));
    // linking again updates the importance
    env.ok(&["story", "link", "S1", "N2", "--importance", "0"]);
    assert_eq!(env.json(&["story", "show", "S1"])["importance"], 5);
    env.ok(&["story", "unlink", "S1", "N4"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["evidence_count"], 3);
    assert_eq!(s["importance"], 2);
    // note --story links at capture time
    env.note(&["more CSV", "--who", "Cy", "--story", "s1"]);
    assert_eq!(env.json(&["story", "show", "S1"])["people"], 3);
    // editing a note's person recounts the stories it backs
    env.ok(&["note", "edit", "N5", "--who", "Bob"]);
    assert_eq!(env.json(&["story", "show", "S1"])["people"], 2);
}

#[test]
fn rice_scores_derive_reach_and_confidence_from_evidence_and_say_so() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Alice", "--source", "interview"]);
    env.note(&["b", "--who", "Bob", "--source", "sales"]);
    env.note(&["c", "--who", "Cy", "--source", "sales"]);
    story(
        &env,
        &[
            "Faster exports",
            "--evidence",
            "N1",
            "--evidence",
            "N2",
            "--evidence",
            "N3",
            "--impact",
            "2",
            "--effort",
            "2",
        ],
    );
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["reach"], 3.0);
    assert_eq!(s["confidence"], 80.0);
    assert_eq!(s["score"], 2.4); // 3 × 2 × 0.8 ÷ 2
    let x = &s["score_explained"];
    assert_eq!(x["parts"][0]["origin"], "derived");
    assert_eq!(x["parts"][0]["from"], "evidence only: 3 orgs or people without seats, in 3 notes");
    assert_eq!(x["parts"][1]["origin"], "set");
    assert_eq!(x["formula"], "reach × impact × confidence ÷ effort (weeks) = 3 × 2 × 80% ÷ 2");
    let out = env.ok(&["story", "show", "S1"]);
    assert!(out.contains("3 × 2 × 80% ÷ 2 = 2.4"), "{out}");
    assert!(out.contains("evidence only: 3 orgs or people without seats, in 3 notes"), "{out}");
    // set numbers win; `auto` derives again
    env.ok(&["story", "score", "S1", "--reach", "100", "--confidence", "50"]);
    assert_eq!(env.json(&["story", "show", "S1"])["score"], 50.0);
    env.ok(&["story", "score", "S1", "--reach", "auto"]);
    assert_eq!(env.json(&["story", "show", "S1"])["score"], 1.5);
}

#[test]
fn an_unscored_story_says_what_it_lacks() {
    let env = TestEnv::new();
    story(&env, &["Dark mode", "--impact", "1"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["score"], Value::Null);
    assert_eq!(s["score_explained"]["missing"], json!(["reach", "confidence", "effort"]));
}

#[test]
fn scores_are_absolute_adding_a_story_changes_no_other() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Alice", "--source", "interview"]);
    story(&env, &["One", "--evidence", "N1", "--impact", "1", "--effort", "1"]);
    let before = env.json(&["story", "show", "S1"])["score"].clone();
    env.note(&["b", "--who", "Bob", "--source", "sales"]);
    story(
        &env,
        &[
            "Two",
            "--evidence",
            "N1",
            "--evidence",
            "N2",
            "--reach",
            "1000",
            "--impact",
            "3",
            "--confidence",
            "100",
            "--effort",
            "1",
        ],
    );
    assert_eq!(env.json(&["story", "show", "S1"])["score"], before);
}

#[test]
fn bad_numbers_statuses_and_ids_are_refused() {
    let env = TestEnv::new();
    story(&env, &["One"]);
    env.note(&["n"]);
    for (args, needle) in [
        (vec!["story", "x", "--impact", "4"], "--impact"),
        (vec!["story", "x", "--effort", "0"], "--effort"),
        (vec!["story", "x", "--effort=-2"], "--effort"),
        (vec!["story", "x", "--confidence", "101"], "--confidence"),
        (vec!["story", "x", "--confidence", "0"], "--confidence"),
        (vec!["story", "x", "--reach", "lots"], "--reach"),
        (vec!["story", "x", "--evidence", "N9"], "N9"),
        (vec!["story", "x", "--pillar", "Range"], "--pillar"),
        (vec!["story", "score", "S1", "--impact", "0.3"], "--impact"),
        (vec!["story", "status", "S1", "done"], "done"),
        (vec!["story", "status", "S1", "dropped"], "--why"),
        (vec!["story", "show", "S7"], "S7"),
        (vec!["story", "link", "S1", "N1", "N8"], "N8"),
        (vec!["story", "unlink", "S1", "N1"], "not linked"),
        (vec!["story", "merge", "S1", "S1"], "itself"),
        (vec!["story", "merge", "S1", "S9"], "S9"),
        (vec!["story", "edit", "S1"], "nothing to change"),
        (vec!["story", "--no-input"], "REQUEST"),
    ] {
        let e = env.fail(&args);
        assert!(e.contains(needle), "{args:?}: {e}");
    }
    let usage = env.run(&["story", "link", "S1", "N1", "--importance", "4"]);
    assert_eq!(usage.status.code(), Some(2));
    assert_eq!(env.json(&["story", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn status_changes_are_kept_with_their_reasons() {
    let env = TestEnv::new();
    story(&env, &["One"]);
    env.ok(&["story", "status", "S1", "planned"]);
    env.ok(&["story", "status", "S1", "Dropped", "--why", "a partner ships it"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["status"], "dropped");
    let h: Vec<(&str, &str)> = s["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["status"].as_str().unwrap(), e["why"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(h, [("idea", ""), ("planned", ""), ("dropped", "a partner ships it")]);
    assert!(env.ok(&["story", "show", "S1"]).contains("dropped (a partner ships it)"));
}

#[test]
fn list_filters_and_sorts() {
    let env = TestEnv::new();
    story(&env, &["Low", "--reach", "1", "--impact", "1", "--confidence", "100", "--effort", "1"]);
    story(&env, &["High", "--reach", "10", "--impact", "1", "--confidence", "100", "--effort", "1"]);
    story(&env, &["Unscored"]);
    env.ok(&["story", "status", "S1", "planned"]);
    let ids = |args: &[&str]| -> Vec<String> {
        env.json(&[&["story", "list"], args].concat())
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]), ["S2", "S1", "S3"]);
    assert_eq!(ids(&["--sort", "created"]), ["S3", "S2", "S1"]);
    assert_eq!(ids(&["--sort", "updated"])[0], "S1");
    assert_eq!(ids(&["--status", "planned"]), ["S1"]);
    assert_eq!(ids(&["--limit", "1"]), ["S2"]);
    let table = env.ok(&["story", "list"]);
    assert!(table.contains("S2") && table.contains("10"), "{table}");
    let csv = env.ok(&["story", "list", "--format", "csv"]);
    assert!(csv.starts_with("id,score,status,pillar,notes/weight,story"), "{csv}");
}

#[test]
fn a_story_like_an_existing_one_is_flagged_and_similar_lists_it() {
    let env = TestEnv::new();
    story(&env, &["As a PM, I want to export notes to CSV so that I can share them with finance"]);
    story(&env, &["Dark mode for the night shift"]);
    let out = env.cmd(&["story", "Please add CSV export of my notes"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("looks like S1"), "{stderr}");
    assert!(!stderr.contains("looks like S2"), "{stderr}");
    let similar = env.json(&["story", "similar", "S3"]);
    assert_eq!(similar[0]["id"], "S1");
    assert!(similar.as_array().unwrap().iter().all(|c| c["id"] != "S2" && c["id"] != "S3"));
    let out = env.cmd(&["story", "Offline maps for pilots"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("looks like"));
}

#[test]
fn merge_moves_evidence_and_keeps_the_duplicates_request() {
    let env = TestEnv::new();
    env.note(&["a", "--who", "Alice"]);
    env.note(&["b", "--who", "Bob"]);
    story(&env, &["CSV export", "--evidence", "N1"]);
    story(&env, &["Export to CSV pls", "--evidence", "N1", "--evidence", "N2"]);
    env.ok(&["story", "link", "S2", "N1", "--importance", "3"]);
    env.ok(&["story", "merge", "S2", "S1"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["notes"], json!(["N1", "N2"]), "no duplicate links");
    assert_eq!(s["importance"], 4, "Alice at her highest (3) and Bob (1)");
    assert_eq!(s["merged_from"], json!([{"id": "S2", "request": "Export to CSV pls"}]));
    let ids: Vec<Value> =
        env.json(&["story", "list"]).as_array().unwrap().iter().map(|s| s["id"].clone()).collect();
    assert_eq!(ids, [json!("S1")], "a merged story is not listed");
    let dup = env.json(&["story", "show", "S2"]);
    assert_eq!(dup["merged_into"], "S1");
    assert_eq!(dup["evidence_count"], 0);
    env.fail(&["story", "merge", "S2", "S1"]);
}

#[test]
fn lint_reports_stable_codes_for_one_or_all() {
    let env = TestEnv::new();
    story(
        &env,
        &["--when", "I finish an interview", "--want", "capture notes", "--so", "I can get back to work"],
    );
    story(
        &env,
        &["--when", "a product manager", "--want", "click a button and export", "--so", "things are easy"],
    );
    let all = env.json(&["story", "lint"]);
    assert_eq!(all.as_array().unwrap().len(), 1, "clean stories are left out: {all}");
    assert_eq!(all[0]["id"], "S2");
    let codes: Vec<&str> =
        all[0]["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["persona-not-situation", "solution-in-motivation", "several-motivations", "vague-words"]
    );
    assert_eq!(env.json(&["story", "lint", "S1"]), json!([{"id": "S1", "problems": []}]));
}

#[test]
fn edit_and_rm() {
    let env = TestEnv::new();
    env.note(&["n"]);
    story(&env, &["Add SSO", "--evidence", "N1"]);
    env.ok(&["story", "edit", "S1", "--when", "IT reviews a new tool", "--so", "IT approves it"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["text"], "When IT reviews a new tool, I want to use SSO, so IT approves it.");
    assert_eq!(s["request"], "Add SSO");
    env.ok(&["story", "rm", "S1"]);
    assert_eq!(env.json(&["story", "list"]), json!([]));
    assert_eq!(env.json(&["note", "show", "N1"])["stories"], json!([]));
}

/// Item 24: `pm story similar` lists the most similar first (the overlap shown).
#[test]
fn similar_24_is_sorted_best_first() {
    let env = TestEnv::new();
    // bm25 alone puts the short story sharing one word (S1) before the long one sharing two.
    env.ok(&["story", "csv csv csv"]);
    env.ok(&[
        "story",
        "When I close the month with the whole team and the auditors watching and the board asking questions, I want to export notes",
    ]);
    env.ok(&["story", "Export notes to CSV for finance"]);
    for i in 1..=8 {
        env.ok(&["story", &format!("unrelated thing number {i} about dashboards")]);
    }
    let v = env.json(&["story", "similar", "S3"]);
    let scores: Vec<u64> = v.as_array().unwrap().iter().map(|c| c["score"].as_u64().unwrap()).collect();
    assert_eq!(v[0]["id"], "S2", "{v}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
}

/// Item 24: counts agree in number outside the report.
#[test]
fn counts_24_agree_in_number() {
    let env = TestEnv::new();
    env.note(&["Exports are slow", "--who", "Ann"]);
    env.ok(&["story", "Faster exports", "--evidence", "N1"]);
    let shown = env.ok(&["story", "show", "S1"]);
    assert!(shown.contains("1 note from 1 person"), "{shown}");
    env.ok(&["story", "Quicker exports", "--evidence", "N1"]);
    let merged = env.ok(&["story", "merge", "S2", "S1"]);
    assert!(merged.contains("(1 evidence note moved;"), "{merged}");
    let file = env.dir().join("one.csv");
    std::fs::write(&file, "body\nOne note\n").unwrap();
    let out = env.run(&["import", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Imported 1 note\n"), "{out:?}");
    let doctor = env.ok(&["doctor"]);
    assert!(doctor.contains("0 check-ins, 0 decisions, 2 notes, 1 story"), "{doctor}");
    let forgot = env.run(&["forget", "Ann", "--yes"]);
    assert!(String::from_utf8_lossy(&forgot.stderr).contains("1 note no longer names them"), "{forgot:?}");
}

#[test]
fn the_draft_reads_as_english_and_proposes_a_title() {
    let env = TestEnv::new();
    let d = env.json(&[
        "story",
        "draft",
        "As a researcher, I want an EPrints integration so that changes are transparent",
    ]);
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["actor", "problems", "so", "text", "title", "want", "when"],
        "the draft's shape, plus title"
    );
    assert_eq!(d["text"], "When …, I want an EPrints integration, so changes are transparent.");
    assert_eq!(d["title"], "EPrints integration");
    let d = env.json(&["story", "draft", "Great app!"]);
    assert_eq!(d["problems"][0]["code"], "no-request");
    assert_eq!(d["title"], Value::Null);
    let d = env.json(&["story", "draft", "[Feature Request] Export is too slow"]);
    assert_eq!(d["text"], "When …, I want to make export faster, so I can ….");
    assert!(env.ok(&["story", "draft", "Add SSO"]).contains("(title: SSO)"));
    assert!(!env.db().exists());
}

#[test]
fn a_user_storys_missing_situation_is_a_hint_not_a_warning() {
    let env = TestEnv::new();
    let out = env.cmd(&["story", "As a PM, I want to tag notes so that I can find them"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("hint: no situation"), "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
    assert_eq!(env.json(&["story", "lint"]), json!([]), "hints stay out of the lint of all stories");
    let one = env.json(&["story", "lint", "S1"]);
    assert_eq!(one[0]["problems"][0]["code"], "no-situation");
    let help = env.ok(&["story", "lint", "--help"]);
    for code in ["not-a-want", "several-motivations", "solution-in-motivation", "no-request"] {
        assert!(help.contains(code), "{code} in lint --help");
    }
}

#[test]
fn a_request_with_nothing_asked_is_stored_with_a_no_request_warning() {
    let env = TestEnv::new();
    let out = env.cmd(&["story", "Great app!"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[no-request]"), "{stderr}");
    assert!(!stderr.contains("[no-motivation]"), "said once: {stderr}");
    assert_eq!(env.json(&["story", "show", "S1"])["request"], "Great app!");
}

#[test]
fn a_first_word_keeps_its_capital_only_when_it_is_a_name() {
    let env = TestEnv::new();
    let text = |request: &str| env.json(&["story", "draft", request])["text"].as_str().unwrap().to_string();
    // Ordinary English words beyond the drafter's own lexicon lose the sentence's capital.
    assert_eq!(
        text("Payload limit for the forecast"),
        "When …, I want payload limit for the forecast, so I can …."
    );
    assert_eq!(
        text("Tariff codes on customs invoices"),
        "When …, I want tariff codes on customs invoices, so I can …."
    );
    // Names, acronyms, CamelCase and products named by English words keep theirs.
    for name in [
        "Salesforce sync",
        "Slack integration",
        "EPrints integration",
        "New Relic alerts",
        "Notion export",
        "SSO",
    ] {
        assert_eq!(text(name), format!("When …, I want {name}, so I can …."), "{name}");
    }
    // The stored story reads the same.
    env.ok(&["story", "Payload limit for the forecast", "--when", "the forecast is over 30C"]);
    let shown = env.ok(&["story", "show", "S1"]);
    assert!(shown.contains("I want payload limit for the forecast"), "{shown}");
}

#[test]
fn a_missing_number_says_what_is_missing_and_the_command_that_sets_it_for_this_story() {
    let env = TestEnv::new();
    story(&env, &["When exports fail, I want to retry them, so I can finish the month"]);
    story(&env, &["When the month ends, I want to close the books, so I can report"]);
    // Wrapped to the terminal: read as one line of words.
    let shown = env.ok(&["story", "show", "S2"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(shown.contains("not set (pm story score S2 --effort N)"), "{shown}");
    assert!(shown.contains("not set: no linked note has a source (link notes with a --source"), "{shown}");
    // The JSON keeps the finding in the domain's words, with no command in it.
    let json = env.json(&["story", "show", "S2"]);
    let from: Vec<&str> = json["score_explained"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["from"].as_str().unwrap())
        .collect();
    assert!(from.contains(&"not set") && from.iter().all(|f| !f.contains("pm story")), "{from:?}");
}
