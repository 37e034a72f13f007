//! A story's short title: given or drafted, shown in tables, kept by every export.

use crate::common::TestEnv;

#[test]
fn a_title_is_given_or_drafted_and_shown_in_tables() {
    let env = TestEnv::new();
    env.ok(&["story", "Add CSV export!", "--title", "CSV export"]);
    env.ok(&["story", "When I schedule a night shift, I want to see who is rested, so nobody flies tired"]);
    assert_eq!(env.json(&["story", "show", "S1"])["title"], "CSV export");
    let s2 = env.json(&["story", "show", "S2"]);
    assert_eq!(s2["title"], "See who is rested", "drafted from the want, without the When: {s2}");
    let list = env.ok(&["story", "list"]);
    assert!(list.contains("S1   CSV export"), "{list}");
    assert!(list.contains("S2   See who is rested"), "{list}");
    assert!(!list.contains("When"), "the table shows titles, not job stories: {list}");
    env.ok(&["story", "edit", "S2", "--title", "Rested crews"]);
    assert_eq!(env.json(&["story", "show", "S2"])["title"], "Rested crews");
    env.ok(&["story", "edit", "S2", "--title", ""]);
    assert_eq!(env.json(&["story", "show", "S2"])["title"], "See who is rested", "drafted again");
    let shown = env.ok(&["story", "show", "S1"]);
    assert!(shown.starts_with("S1  CSV export  idea"), "{shown}");
    assert!(shown.contains("I want to"), "show keeps the whole job story: {shown}");
}

#[test]
fn titles_survive_csv_import_and_every_export() {
    let env = TestEnv::new();
    let file = env.dir().join("stories.csv");
    std::fs::write(&file, "title,request\nBulk edit,Let me edit many tags at once\n,Dark mode please\n")
        .unwrap();
    env.ok(&["import", file.to_str().unwrap(), "--kind", "stories"]);
    assert_eq!(env.json(&["story", "show", "S1"])["title"], "Bulk edit");
    assert_eq!(env.json(&["story", "show", "S2"])["title"], "Dark mode");

    let csv = env.ok(&["export", "--format", "csv", "--kind", "stories"]);
    assert!(csv.starts_with("title,request,"), "{csv}");
    assert!(csv.contains("\nBulk edit,Let me edit many tags at once,"), "{csv}");

    let exported = env.ok(&["export"]);
    let json = env.dir().join("all.json");
    std::fs::write(&json, &exported).unwrap();
    let other = TestEnv::new();
    other.ok(&["import", json.to_str().unwrap()]);
    assert_eq!(other.json(&["story", "show", "S1"])["title"], "Bulk edit");
    // A drafted title stays drafted: it follows the words when they change.
    other.ok(&["story", "edit", "S2", "--want", "a night theme"]);
    assert_eq!(other.json(&["story", "show", "S2"])["title"], "Night theme");

    let folder = env.dir().join("shared");
    env.ok(&["export", "--dir", folder.to_str().unwrap()]);
    let third = TestEnv::new();
    third.ok(&["import", "--dir", folder.to_str().unwrap()]);
    // (Stories of one import share a time, so the folder may number them either way.)
    let titles: Vec<(String, String)> = third
        .json(&["story", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["request"].as_str().unwrap().to_string(), s["title"].as_str().unwrap().to_string()))
        .collect();
    assert!(titles.contains(&("Let me edit many tags at once".into(), "Bulk edit".into())), "{titles:?}");

    let again = env.dir().join("again.csv");
    std::fs::write(&again, &csv).unwrap();
    let fourth = TestEnv::new();
    let out = fourth.run(&["import", again.to_str().unwrap(), "--kind", "stories"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fourth.json(&["story", "show", "S1"])["title"], "Bulk edit");
}
