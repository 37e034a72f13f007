//! `pm import` of CSV and JSON files: every quirk of real files, all or nothing.

use crate::common::TestEnv;

fn write(env: &TestEnv, name: &str, bytes: &[u8]) -> String {
    let path = env.dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn bodies(env: &TestEnv) -> Vec<String> {
    let mut v = env.note_bodies();
    v.sort();
    v
}

#[test]
fn csv_quirks_are_read_as_a_spreadsheet_wrote_them() {
    let env = TestEnv::new();
    let csv = "\u{feff}Body,WHO,org,on,tags,source\r\n\
        \"Exports, imports and more\",Ann,Acme,2026-11-18,export;csv,interview\r\n\
        \"She said \"\"it takes an hour\"\"\",Bob,,yesterday,,\r\n\
        \"Line one\nline two\",\"Ng, Alice\",Globex,,#Churn; Export ,sales\n\
        Plain line with café,,,3 days ago,,\n\
        \r\n\r\n";
    let file = write(&env, "notes.csv", csv.as_bytes());
    env.ok(&["import", &file]);
    assert_eq!(
        bodies(&env),
        [
            "Exports, imports and more",
            "Line one\nline two",
            "Plain line with café",
            "She said \"it takes an hour\"",
        ]
    );
    let n1 = env.json(&["note", "show", "N1"]);
    assert_eq!(n1["who"], "Ann");
    assert_eq!(n1["on"], "2026-11-18");
    assert_eq!(n1["tags"], serde_json::json!(["csv", "export"]));
    assert_eq!(n1["source"], "interview");
    let n2 = env.json(&["note", "show", "N2"]);
    assert_eq!(n2["on"], "2026-11-19", "natural dates against the clock");
    let n3 = env.json(&["note", "show", "N3"]);
    assert_eq!(n3["who"], "Ng, Alice");
    assert_eq!(n3["tags"], serde_json::json!(["churn", "export"]));
    assert_eq!(env.json(&["note", "show", "N4"])["on"], "2026-11-17");
}

#[test]
fn the_first_bad_row_stops_the_import_naming_its_line_and_field() {
    let env = TestEnv::new();
    env.note(&["already here"]);
    let cases: &[(&str, &str)] = &[
        ("body,on\nfine,2026-11-01\n\"two\nlines\",2026-11-02\nbad,2026-02-30\n", "line 5: on:"),
        ("body,source\nfine,sales\nbad,podcast\n", "line 3: source: unknown source 'podcast'"),
        ("body,who\nfine,Ann\n,Bob\n", "line 3: body: is empty"),
        ("body,stories\nfine,S9\n", "line 2: stories: no story 'S9'"),
        ("body,on\nfine,99999-01-01\n", "line 2: on:"),
        ("text,person\nfine,Ann\n", "--kind: cannot tell whether"),
    ];
    for (csv, want) in cases {
        let file = write(&env, "bad.csv", csv.as_bytes());
        let e = env.fail(&["import", &file]);
        assert!(e.contains(want), "{csv:?}: {e}");
        assert!(e.contains("bad.csv"), "{e}");
        assert_eq!(bodies(&env), ["already here"], "nothing written for {csv:?}");
    }
    let file = write(&env, "bad.csv", b"text,person\nfine,Ann\n");
    let e = env.fail(&["import", &file, "--kind", "notes"]);
    assert!(e.contains("no body column (columns: text, person); name one with --map body=COLUMN"), "{e}");
}

#[test]
fn other_tools_columns_are_mapped_and_unmapped_ones_named_once() {
    let env = TestEnv::new();
    let file =
        write(&env, "canny.csv", b"Title,Details,Author,Votes,Board\nBulk edit,I tidy tags,Ann,12,Ideas\n");
    let out = env
        .cmd(&[
            "import",
            &file,
            "--kind",
            "stories",
            "--map",
            "request=Title",
            "--map",
            "when=Details",
            "--map",
            "from=Author",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("ignoring columns Votes, Board").count(), 1, "{stderr}");
    let s = env.json(&["story", "show", "S1"]);
    assert_eq!(s["request"], "Bulk edit");
    assert_eq!(s["when"], "I tidy tags");
    assert_eq!(s["requested_by"], "Ann");
    let e = env.fail(&["import", &file, "--kind", "stories", "--map", "score=Title"]);
    assert!(e.contains("--map: 'score' is not a field of"), "{e}");
    let e = env.fail(&["import", &file, "--kind", "stories", "--map", "request=Name"]);
    assert!(e.contains("--map: no column 'Name'"), "{e}");
}

#[test]
fn stories_are_drafted_checked_and_linked_from_notes() {
    let env = TestEnv::new();
    let stories = write(&env, "stories.csv",
        b"request,status,impact,effort,confidence\n\"As a PM, I want to export notes so that finance gets numbers\",planned,2,3,80%\nDark mode,,,,\n");
    env.ok(&["import", &stories]);
    let s1 = env.json(&["story", "show", "S1"]);
    assert_eq!(s1["want"], "export notes");
    assert_eq!(s1["status"], "planned");
    assert_eq!(s1["confidence"], 80.0);
    let notes = write(&env, "notes.csv", b"body,who,stories\nNeed exports,Ann,S1;S2\nMe too,Bob,s1\n");
    env.ok(&["import", &notes]);
    assert_eq!(env.json(&["story", "show", "S1"])["evidence_count"], 2);
    assert_eq!(env.json(&["story", "show", "S2"])["evidence_count"], 1);
    // Into stories that already have evidence: counted with what was there.
    let more = write(&env, "more.csv", b"body,who,stories\nAgain,ann,S1;S1\nNew voice,Cy,S1\n");
    env.ok(&["import", &more]);
    let s1 = env.json(&["story", "show", "S1"]);
    assert_eq!((s1["evidence_count"].as_i64(), s1["people"].as_i64()), (Some(4), Some(3)), "{s1}");
    let bad = write(&env, "bad.csv", b"request,impact\nFaster,7\n");
    let e = env.fail(&["import", &bad]);
    assert!(e.contains("line 2: impact: impact 7 is not on the scale"), "{e}");
}

#[test]
fn dry_run_checks_everything_and_writes_nothing() {
    let env = TestEnv::new();
    let file = write(&env, "notes.csv", b"body\none\ntwo\n");
    let v = env.json(&["import", &file, "--dry-run"]);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["counts"]["notes"]["added"], 2);
    assert_eq!(env.change_count(), 0);
    assert!(bodies(&env).is_empty());
    let out = env.run(&["import", &file, "--dry-run"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Would import 2 notes"));
}

#[test]
fn files_that_are_not_utf8_or_not_csv_or_json_are_refused() {
    let env = TestEnv::new();
    let latin1 = write(&env, "latin1.csv", b"body\ncaf\xe9 au lait\n");
    let e = env.fail(&["import", &latin1]);
    assert!(e.contains("is not UTF-8") && e.contains("line 2"), "{e}");
    let txt = write(&env, "notes.txt", b"body\nhi\n");
    assert!(env.fail(&["import", &txt]).contains("name it .csv or .json"));
    env.fail(&["import", "missing.csv"]);
    let header_only = write(&env, "empty.csv", b"body,who\n");
    env.ok(&["import", &header_only]);
    assert!(bodies(&env).is_empty());
    let broken = write(&env, "broken.json", b"[{\"body\": \"hi\"},\n {\"body\": }]");
    let e = env.fail(&["import", &broken]);
    assert!(e.contains("line 2"), "{e}");
}

#[test]
fn json_lists_of_notes_or_stories_import_like_csv() {
    let env = TestEnv::new();
    let file = write(&env, "notes.json",
        br#"[{"body": "Exports are slow", "who": "Ann", "tags": ["export"], "on": "2026-11-02"}, {"body": "Me too"}]"#);
    env.ok(&["import", &file]);
    assert_eq!(bodies(&env), ["Exports are slow", "Me too"]);
    let stories = write(
        &env,
        "stories.json",
        br#"[{"want": "export notes", "when": "I close the month", "reach": 10, "impact": 2, "confidence": 80, "effort": 4}]"#,
    );
    env.ok(&["import", &stories]);
    let s1 = env.json(&["story", "show", "S1"]);
    assert_eq!((s1["when"].as_str(), s1["want"].as_str()), (Some("I close the month"), Some("export notes")));
    assert_eq!(s1["score"], 4.0, "numbers at the top level are taken as set: {s1}");
    let bad = write(&env, "bad.json", br#"[{"body": "x", "on": "someday"}]"#);
    let e = env.fail(&["import", &bad]);
    assert!(e.contains("on: 'someday'"), "{e}");
}

/// The notebook's schema: a big import drops indexes and triggers for speed and
/// must leave every one as it was.
fn schema(env: &TestEnv) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut stmt = conn.prepare("SELECT name, coalesce(sql, '') FROM sqlite_master ORDER BY name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

fn many_notes(from: usize, to: usize) -> String {
    let mut csv = String::from("body,who,org,tags,stories\n");
    for i in from..to {
        let stories = if i % 3 == 0 { "S1;S2" } else { "S1" };
        csv.push_str(&format!(
            "Note {i} about exports,Person {},Org {},t{};all,{stories}\n",
            i % 40,
            i % 7,
            i % 5
        ));
    }
    csv
}

fn without_uids(mut v: serde_json::Value) -> serde_json::Value {
    match &mut v {
        serde_json::Value::Object(map) => {
            map.remove("uid");
            for x in map.values_mut() {
                *x = without_uids(x.take());
            }
        }
        serde_json::Value::Array(items) => {
            for x in items.iter_mut() {
                *x = without_uids(x.take());
            }
        }
        _ => {}
    }
    v
}

#[test]
fn a_big_import_of_new_notes_reads_and_undoes_like_a_small_one() {
    let (big, small) = (TestEnv::new(), TestEnv::new());
    for env in [&big, &small] {
        env.ok(&["story", "Faster exports"]);
        env.ok(&["story", "Exports in the background"]);
        env.note(&["Exports are slow", "--who", "Person 1", "--tag", "t1", "--story", "S1"]);
    }
    let before = schema(&big);
    let before_stories = big.json(&["story", "list"]);
    // 1,500 rows at once (indexes rebuilt at the end) against three files of 500.
    let at = "2026-11-21T10:00:00+00:00";
    let all = write(&big, "all.csv", many_notes(0, 1500).as_bytes());
    big.set_now(at);
    big.ok(&["import", &all]);
    for (i, part) in [(0, 500), (500, 1000), (1000, 1500)].iter().enumerate() {
        let file = write(&small, &format!("part{i}.csv"), many_notes(part.0, part.1).as_bytes());
        small.set_now(at);
        small.ok(&["import", &file]);
    }
    assert_eq!(schema(&big), before, "every index and trigger is back");
    for args in [
        &["story", "list"][..],
        &["note", "list", "--tag", "t3", "--limit", "1000"],
        &["note", "list", "--who", "person 7", "--limit", "1000"],
        &["note", "list", "--org", "org 2", "--limit", "1000"],
        &["search", "exports", "--limit", "5"],
    ] {
        // The same notebook but for the random uids.
        let (a, b) = (without_uids(big.json(args)), without_uids(small.json(args)));
        assert!(a == b, "{args:?} differs");
    }
    let s1 = big.json(&["story", "show", "S1"]);
    assert_eq!(s1["evidence_count"], 1501);
    assert_eq!(big.json(&["story", "show", "S2"])["evidence_count"], 500);

    big.ok(&["undo"]);
    assert!(big.json(&["story", "list"]) == before_stories, "the stories are as before the import");
    assert_eq!(big.json(&["note", "list"]).as_array().unwrap().len(), 1);
    let conn = rusqlite::Connection::open(big.db()).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM note_tags"), 1, "the imported notes' tags went with them");
    assert_eq!(count("SELECT count(*) FROM links"), 1, "and their links");
    assert_eq!(schema(&big), before);
}

#[test]
fn a_big_import_that_fails_on_its_last_row_changes_nothing() {
    let env = TestEnv::new();
    env.ok(&["story", "Faster exports"]);
    env.note(&["Exports are slow", "--story", "S1"]);
    let before = (schema(&env), env.json(&["story", "list"]), env.change_count());
    let mut csv = many_notes(0, 1200).replace(",S1;S2\n", ",S1\n");
    csv.push_str("The last one,Ann,,,S9\n");
    let file = write(&env, "notes.csv", csv.as_bytes());
    let e = env.fail(&["import", &file]);
    assert!(e.contains("line 1202: stories: no story 'S9'"), "{e}");
    assert_eq!((schema(&env), env.json(&["story", "list"]), env.change_count()), before);
    assert_eq!(env.json(&["note", "list"]).as_array().unwrap().len(), 1);
}

/// Item 24: an error in a CRLF file names the line it is on, like in an LF file.
#[test]
fn import_24_an_error_in_a_crlf_file_names_the_right_line() {
    let env = TestEnv::new();
    for (name, text) in [
        ("lf.csv", "body,source\nok,interview\n\"two\nlines\",sales\nbad,nope\n"),
        ("crlf.csv", "body,source\r\nok,interview\r\n\"two\r\nlines\",sales\r\nbad,nope\r\n"),
    ] {
        let file = env.dir().join(name);
        std::fs::write(&file, text).unwrap();
        let e = env.fail(&["import", file.to_str().unwrap()]);
        assert!(e.contains("line 5: source"), "{name}: {e}");
    }
}

/// Item 24: cells read other than as written (spaces trimmed, stray quotes) are
/// reported as one warning with their count.
#[test]
fn import_24_trimmed_and_repaired_cells_are_one_warning_with_their_count() {
    let env = TestEnv::new();
    let file = env.dir().join("notes.csv");
    std::fs::write(&file, "body,who\n  spaced  ,Ann \nsay \"hi\" there,Bob\nplain,Cy\n").unwrap();
    let out = env.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = said.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{said}");
    assert!(warnings[0].contains("trimmed the spaces around 2 cells"), "{said}");
    assert!(warnings[0].contains("stray quotes of 1 cell as text (the first on line 3)"), "{said}");
    assert!(said.contains("Imported 3 notes"), "{said}");
}
