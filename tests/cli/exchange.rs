//! `pm export` and `pm import`: JSON, CSV, the shared folder, redaction.

use crate::common::TestEnv;
use std::collections::BTreeMap;
use std::path::Path;

/// A small notebook with one of everything, links, a merge and a status history.
fn notebook(env: &TestEnv) {
    env.note(&[
        "Exports to CSV take an hour; Alice Ng said Acme gave up",
        "--who",
        "Alice Ng",
        "--org",
        "Acme",
        "--source",
        "interview",
        "--tag",
        "export",
        "--on",
        "2026-11-18",
    ]);
    env.note(&["We need SSO before IT signs off", "--who", "Bob Li", "--org", "Globex", "--source", "sales"]);
    env.note(&["Bulk edit would save me an hour", "--who", "alice ng", "--segment", "smb"]);
    env.ok(&["vision", "set", "Denver to Honolulu on a hot day", "--why", "first plan"]);
    env.ok(&["vision", "pillar", "add", "high altitude", "--description", "works for big teams"]);
    env.ok(&[
        "story",
        "Faster CSV export",
        "--when",
        "I close the month",
        "--evidence",
        "N1",
        "--impact",
        "2",
        "--effort",
        "3",
        "--pillar",
        "high altitude",
    ]);
    env.ok(&["story", "link", "S1", "N2", "--importance", "3"]);
    env.ok(&["story", "status", "S1", "planned", "--why", "top ask"]);
    env.ok(&["story", "Exports are too slow", "--evidence", "N3"]);
    env.ok(&["story", "merge", "S2", "S1"]);
    env.ok(&["checkin", "Export perf", "--with", "Dana", "--at", "2026-11-25 10:00", "--story", "S1"]);
    env.ok(&["checkin", "done", "C1", "--outcome", "ship in December"]);
    env.ok(&[
        "decision",
        "CSV before XLSX",
        "--why",
        "most asked",
        "--story",
        "S1",
        "--pillar",
        "high altitude",
    ]);
}

/// Every file under `dir`, relative path -> contents.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for folder in std::fs::read_dir(dir).unwrap() {
        let folder = folder.unwrap().path();
        for f in std::fs::read_dir(&folder).unwrap() {
            let f = f.unwrap().path();
            let rel = f.strip_prefix(dir).unwrap().display().to_string();
            out.insert(rel, std::fs::read_to_string(&f).unwrap());
        }
    }
    out
}

#[test]
fn a_json_export_imported_into_an_empty_notebook_gives_back_the_same_notebook() {
    let a = TestEnv::new();
    notebook(&a);
    let exported = a.ok(&["export"]);
    let v: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(v["format_version"], 1);
    for key in ["notes", "stories", "checkins", "decisions", "vision", "pillars"] {
        assert!(v[key].as_array().is_some_and(|a| !a.is_empty()), "{key} in {v}");
    }
    let s1 = &v["stories"][0];
    for field in [
        "id",
        "uid",
        "request",
        "when",
        "want",
        "so",
        "text",
        "status",
        "pillar",
        "reach",
        "impact",
        "confidence",
        "effort",
        "score",
        "score_explained",
        "evidence_count",
        "importance",
        "notes",
        "created",
        "updated",
    ] {
        assert!(s1.get(field).is_some(), "story field {field}");
    }
    let file = a.dir().join("export.json");
    std::fs::write(&file, &exported).unwrap();

    let b = TestEnv::new();
    let out = b.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(b.ok(&["export"]), exported, "export -> import -> export is the same document");
    assert_eq!(
        b.json(&["story", "show", "S1"])["score_explained"],
        a.json(&["story", "show", "S1"])["score_explained"]
    );

    // Importing it again duplicates nothing.
    let again = b.json(&["import", file.to_str().unwrap()]);
    assert_eq!(again["counts"]["notes"]["added"], 0);
    assert_eq!(again["counts"]["notes"]["unchanged"], 3);
    assert_eq!(b.ok(&["export"]), exported);
}

#[test]
fn the_folder_is_deterministic_and_one_change_changes_one_file() {
    let env = TestEnv::new();
    notebook(&env);
    let shared = env.dir().join("shared");
    env.ok(&["export", "--dir", shared.to_str().unwrap()]);
    let first = files(&shared);
    assert_eq!(first.keys().filter(|k| k.starts_with("notes/")).count(), 3);
    assert!(first.keys().all(|k| k.ends_with(".toml")));
    env.ok(&["export", "--dir", shared.to_str().unwrap()]);
    assert_eq!(files(&shared), first, "two exports of an unchanged notebook are identical");

    env.ok(&["note", "edit", "N3", "--body", "Bulk edit would save me two hours"]);
    env.ok(&["export", "--dir", shared.to_str().unwrap()]);
    let second = files(&shared);
    let changed: Vec<&String> = second.keys().filter(|k| first.get(*k) != second.get(*k)).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].starts_with("notes/"));

    // Read back into an empty notebook, the folder comes out the same.
    let other = TestEnv::new();
    other.ok(&["import", "--dir", shared.to_str().unwrap()]);
    let copy = other.dir().join("copy");
    other.ok(&["export", "--dir", copy.to_str().unwrap()]);
    assert_eq!(files(&copy), second);
}

#[test]
fn two_notebooks_merge_through_the_folder() {
    let alice = TestEnv::new();
    notebook(&alice);
    let shared = alice.dir().join("shared");
    let folder = shared.to_str().unwrap();
    alice.ok(&["export", "--dir", folder]);

    let bob = TestEnv::at("2026-11-21T09:00:00+00:00");
    bob.ok(&["import", "--dir", folder]);
    bob.note(&["Bob's own note from a support call", "--source", "support"]);
    bob.ok(&["story", "score", "S1", "--reach", "40"]);
    bob.ok(&["export", "--dir", folder]);

    alice.set_now("2026-11-22T09:00:00+00:00");
    alice.note(&["Alice's note written meanwhile"]);
    alice.ok(&["import", "--dir", folder]);
    let bodies = alice.note_bodies();
    assert!(bodies.iter().any(|b| b.starts_with("Bob's own note")), "{bodies:?}");
    assert!(bodies.iter().any(|b| b.starts_with("Alice's note")), "{bodies:?}");
    assert_eq!(bodies.len(), 5);
    assert_eq!(alice.json(&["story", "show", "S1"])["reach"], 40.0, "Bob's newer score wins");

    // Alice's export adds her note's file and leaves Bob's alone.
    alice.ok(&["export", "--dir", folder]);
    assert_eq!(files(&shared).keys().filter(|k| k.starts_with("notes/")).count(), 5);

    // Bob deletes a note; Alice removes it only with --prune.
    bob.ok(&["import", "--dir", folder]);
    let bobs = bob.json(&["note", "list"]);
    let target =
        bobs.as_array().unwrap().iter().find(|n| n["body"].as_str().unwrap().starts_with("Bob's")).unwrap();
    bob.ok(&["note", "rm", target["id"].as_str().unwrap(), "--yes"]);
    bob.ok(&["export", "--dir", folder]);
    // Its file becomes a tombstone, never removed (git merges no modify/delete).
    let notes: Vec<String> =
        files(&shared).into_iter().filter(|(k, _)| k.starts_with("notes/")).map(|(_, v)| v).collect();
    assert_eq!(notes.iter().filter(|t| !t.contains("deleted = ")).count(), 4);
    assert_eq!(notes.iter().filter(|t| t.contains("deleted = ") && !t.contains("Bob's")).count(), 1);
    let out = alice.run(&["import", "--dir", folder]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--prune"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(alice.json(&["note", "list"]).as_array().unwrap().len(), 5);
    alice.ok(&["import", "--dir", folder, "--prune"]);
    assert_eq!(alice.json(&["note", "list"]).as_array().unwrap().len(), 4);
}

#[test]
fn a_damaged_folder_is_refused_naming_the_file_and_nothing_is_written() {
    let env = TestEnv::new();
    notebook(&env);
    let shared = env.dir().join("shared");
    env.ok(&["export", "--dir", shared.to_str().unwrap()]);
    let other = TestEnv::new();
    other.note(&["mine"]);
    let note = std::fs::read_dir(shared.join("notes")).unwrap().next().unwrap().unwrap().path();
    std::fs::write(&note, "uid = \"x\"\nbody = \n").unwrap();
    let e = other.fail(&["import", "--dir", shared.to_str().unwrap()]);
    assert!(e.contains(note.file_name().unwrap().to_str().unwrap()) && e.contains("line 2"), "{e}");
}

#[test]
fn redacted_exports_hold_no_names_and_keep_pseudonyms_stable() {
    let env = TestEnv::new();
    notebook(&env);
    let out = env.ok(&["export", "--redact"]);
    for name in ["Alice", "alice", "Bob Li", "Acme", "Globex", "Dana"] {
        assert!(!out.contains(name), "{name} in the redacted export");
    }
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let who: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n["who"].as_str().unwrap()).collect();
    assert!(who.iter().all(|w| w.starts_with("Person ")), "{who:?}");
    assert_eq!(who[0], who[2], "Alice Ng and alice ng are one person");
    assert_ne!(who[0], who[1]);
    let org = v["notes"][0]["org"].as_str().unwrap();
    assert!(org.starts_with("Org "));
    let body = v["notes"][0]["body"].as_str().unwrap();
    assert!(body.contains(&format!("{} said {org} gave up", who[0])), "{body}");
    assert_eq!(env.ok(&["export", "--redact"]), out, "the same pseudonyms every time");
    let shared = env.dir().join("redacted");
    env.ok(&["export", "--redact", "--dir", shared.to_str().unwrap()]);
    assert!(files(&shared).values().all(|t| !t.contains("Alice")));
}

#[test]
fn notes_and_stories_export_as_csv_that_imports_again_and_as_markdown() {
    let env = TestEnv::new();
    notebook(&env);
    let csv = env.ok(&["export", "--format", "csv", "--kind", "notes"]);
    assert!(csv.starts_with("body,who,org,segment,source,on,tags,stories,id,uid,created\n"), "{csv}");
    assert!(
        csv.contains("\nExports to CSV take an hour; Alice Ng said Acme gave up,Alice Ng,Acme,,interview"),
        "{csv}"
    );
    let stories = env.ok(&["export", "--format", "csv", "--kind", "stories"]);
    assert!(stories.lines().count() >= 3, "{stories}");
    let md = env.ok(&["export", "--format", "md"]);
    assert!(md.contains("## Notes") && md.contains("## Stories") && md.contains("| body |"), "{md}");
    env.fail(&["export", "--format", "csv"]);

    let file = env.dir().join("notes.csv");
    std::fs::write(&file, &csv).unwrap();
    let other = TestEnv::new();
    let e = other.fail(&["import", file.to_str().unwrap()]);
    assert!(e.contains("line 2: stories: no story 'S1'"), "{e}");
    other.ok(&["story", "Faster CSV export"]);
    let out = other.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ignoring columns id, uid, created"));
    assert_eq!(other.json(&["note", "list"]).as_array().unwrap().len(), 3);
    assert_eq!(other.json(&["story", "show", "S1"])["evidence_count"], 3);
}

/// Item 9: every part of a name, possessives, e-mail addresses, URLs naming
/// someone, an org's short form and tags that are names are redacted, and the
/// output says what redaction covers.
#[test]
fn redaction_9_leaves_no_part_of_a_name_and_says_what_it_covers() {
    let env = TestEnv::new();
    env.note(&[
        "Alice's boss at Acme wants it; write alice.ng@acme.com or see https://wiki.acme.com/people/alice-ng",
        "--who",
        "Alice Ng",
        "--org",
        "Acme Corp",
        "--tag",
        "alice-ng",
    ]);
    env.note(&["Ng agreed", "--who", "Bob Li"]);
    env.ok(&["checkin", "Review", "--with", "Alice Ng, Dana Ross", "--at", "tomorrow 10:00"]);
    let out = env.ok(&["export", "--redact"]);
    for leak in ["Alice", "alice", "Ng", "Acme", "acme", "Dana", "Ross", "Li\""] {
        assert!(!out.contains(leak), "{leak} in the redacted export:\n{out}");
    }
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["redaction"].as_str().unwrap().contains("e-mail"), "the export says what redaction covers");
    let md = env.ok(&["export", "--redact", "--format", "md"]);
    assert!(md.contains("> Redacted:") && !md.contains("Alice"), "{md}");
}

/// Item 10: no CSV cell starts a spreadsheet formula unless `--raw-csv`, and
/// pm's own round trip (export CSV with `--raw-csv`, import) keeps the text.
#[test]
fn csv_10_formulas_are_neutralised_in_every_csv_output_and_raw_csv_round_trips() {
    let env = TestEnv::new();
    let evil = "=HYPERLINK(\"http://evil.example\",\"click\")";
    env.note(&[evil, "--who", "@admin", "--tag=-x"]);
    env.ok(&["story", "+cmd|' /C calc'!A0", "--evidence", "N1"]);
    for args in [
        &["note", "list", "--format", "csv"][..],
        &["story", "list", "--format", "csv"],
        &["export", "--format", "csv", "--kind", "notes"],
        &["export", "--format", "csv", "--kind", "stories"],
        &["search", "hyperlink", "--format", "csv"],
    ] {
        let out = env.ok(args);
        let mut r = csv::Reader::from_reader(out.as_bytes());
        for row in r.records() {
            for cell in row.unwrap().iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "pm {args:?}: cell {cell:?} in\n{out}");
            }
        }
    }
    let out = env.ok(&["note", "list", "--format", "csv"]);
    assert!(out.contains(&format!("\"'{}\"", evil.replace('"', "\"\""))), "{out}");
    let raw = env.ok(&["export", "--format", "csv", "--kind", "notes", "--raw-csv"]);
    let file = env.dir().join("notes.csv");
    std::fs::write(&file, raw.replace(",S1,", ",,")).unwrap();
    let other = TestEnv::new();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.note_bodies(), [evil]);
    assert_eq!(other.json(&["note", "show", "N1"])["who"], "@admin");
}
