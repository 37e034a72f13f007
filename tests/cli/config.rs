//! The TOML config: where it is read from, what it changes, and its errors.

use crate::common::TestEnv;
use std::fs;

fn write(path: &std::path::Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn show_lists_every_key_with_its_origin() {
    let env = TestEnv::new();
    let v = env.json(&["config", "show"]);
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 8);
    assert!(rows.iter().all(|r| r["origin"] == "default"), "{v}");
    assert_eq!(rows[0]["key"], "scoring.framework");
    assert_eq!(rows[0]["value"], "rice");

    let user = env.dir().join("xdg-config/pm/config.toml");
    write(&user, "[scoring]\neffort_unit = \"months\"\nframework = \"wsjf\"\n");
    let project = env.db().with_file_name("config.toml");
    write(&project, "[scoring]\nframework = \"ice\"\n[report]\ntop = 3\n");
    let v = env.json(&["config", "show"]);
    let by_key = |k: &str| v.as_array().unwrap().iter().find(|r| r["key"] == k).unwrap().clone();
    assert_eq!(by_key("scoring.framework")["value"], "ice", "the project file wins");
    assert_eq!(by_key("scoring.framework")["origin"], project.display().to_string());
    assert_eq!(by_key("scoring.effort_unit")["value"], "months");
    assert_eq!(by_key("scoring.effort_unit")["origin"], user.display().to_string());
    assert_eq!(by_key("scoring.ice_mode")["origin"], "default");
    assert_eq!(by_key("report.top")["value"], "3");

    let table = env.ok(&["config", "show"]);
    assert!(table.contains("scoring.framework") && table.contains("ice"), "{table}");
}

#[test]
fn the_framework_in_the_config_scores_stories() {
    let env = TestEnv::new();
    let project = env.db().with_file_name("config.toml");
    write(&project, "[scoring]\nframework = \"ice\"\n");
    let s = env.json(&["story", "Faster exports", "--impact", "8", "--confidence", "70", "--ease", "5"]);
    assert_eq!(s["score"], 280.0, "{s}");
    assert_eq!(s["score_explained"]["framework"], "ice");

    write(&project, "[scoring]\nframework = \"ice\"\nice_mode = \"average\"\n");
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["score"], 6.67, "(8 + 7 + 5) / 3: {s}");

    // RICE impact 8 is not on the RICE scale, and ICE's ease means nothing to WSJF.
    write(&project, "[scoring]\nframework = \"wsjf\"\neffort_unit = \"months\"\n");
    env.ok(&["story", "score", "S1", "--value", "8", "--criticality", "5", "--risk", "3", "--effort", "2"]);
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["score"], 8.0, "(8 + 5 + 3) / 2: {s}");
    assert!(s["score_explained"]["formula"].as_str().unwrap().contains("months"), "{s}");
}

#[test]
fn the_report_shows_the_configured_top_n() {
    let env = TestEnv::new();
    for (request, effort) in [("Faster exports", "1"), ("Dark mode", "2"), ("SSO", "3")] {
        env.ok(&[
            "story",
            request,
            "--reach",
            "10",
            "--impact",
            "1",
            "--confidence",
            "100",
            "--effort",
            effort,
        ]);
    }
    write(&env.db().with_file_name("config.toml"), "[report]\ntop = 2\n");
    let r = env.json(&["report"]);
    assert_eq!(r["stories"].as_array().unwrap().len(), 2, "{r}");
    let r = env.json(&["report", "--top", "3"]);
    assert_eq!(r["stories"].as_array().unwrap().len(), 3, "--top overrides the config");
}

#[test]
fn a_bad_value_names_the_file_key_and_value() {
    let env = TestEnv::new();
    env.note(&["Exports are slow", "--who", "Ann"]);
    let project = env.db().with_file_name("config.toml");
    write(&project, "[scoring]\nframework = \"moscow\"\n");
    let err = env.fail(&["note", "list"]);
    assert!(err.contains(&project.display().to_string()), "{err}");
    assert!(err.contains("scoring.framework = \"moscow\""), "{err}");
    env.fail(&["note", "Another"]);

    write(&project, "[scoring]\nconfidence_steps = [50, 80]\n");
    let err = env.fail(&["config", "show"]);
    assert!(err.contains("scoring.confidence_steps = [50, 80]"), "{err}");

    write(&project, "[report]\ntop = 3\ncolour = true\n");
    let err = env.fail(&["config", "show"]);
    assert!(err.contains("line 3: unknown key report.colour"), "an unknown key names its line: {err}");

    write(&project, "[scoring\nframework = \"rice\"\n");
    let err = env.fail(&["config", "show"]);
    assert!(err.contains("line 1"), "{err}");

    // The way out still works: the default file, which pm itself reads as the defaults.
    let default = env.ok(&["config", "default"]);
    assert!(default.contains("framework = \"rice\""), "{default}");
    write(&project, &default);
    let v = env.json(&["config", "show"]);
    assert_eq!(v[0]["value"], "rice");
    assert_eq!(v[0]["origin"], project.display().to_string());
}
