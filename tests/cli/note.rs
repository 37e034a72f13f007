use crate::common::TestEnv;
use std::os::unix::fs::PermissionsExt;

#[test]
fn a_note_with_every_field_round_trips_as_json() {
    let env = TestEnv::new(); // Friday 2026-11-20
    let id = env.note(&[
        "Churned because exports take an hour",
        "--who",
        "Alice Ng",
        "--org",
        "Acme",
        "--segment",
        "smb",
        "--source",
        "interview",
        "--on",
        "yesterday",
        "--tag",
        "export",
        "--tag",
        "#Churn",
    ]);
    assert_eq!(id, "N1");
    let n = env.json(&["note", "show", "n1"]);
    assert_eq!(n["body"], "Churned because exports take an hour");
    assert_eq!(n["who"], "Alice Ng");
    assert_eq!(n["org"], "Acme");
    assert_eq!(n["segment"], "smb");
    assert_eq!(n["source"], "interview");
    assert_eq!(n["on"], "2026-11-19");
    assert_eq!(n["tags"], serde_json::json!(["churn", "export"]));
    assert_eq!(n["stories"], serde_json::json!([]));
    assert_eq!(n["created"], "2026-11-20T09:00:00Z");
    let uid = n["uid"].as_str().unwrap().to_string();
    assert_eq!(uid.len(), 36);
    // the uid works wherever an id does
    assert_eq!(env.json(&["note", "show", &uid.to_uppercase()])["id"], "N1");
}

#[test]
fn the_body_can_come_from_stdin() {
    let env = TestEnv::new();
    env.ok_with_stdin(&["note", "--who", "Bob"], "Pasted from the call\nsecond line\n");
    env.ok_with_stdin(&["note", "-", "--who", "Cy"], "dash means stdin");
    let notes = env.json(&["note", "list"]);
    assert_eq!(notes[0]["body"], "dash means stdin");
    assert_eq!(notes[1]["body"], "Pasted from the call\nsecond line\n");
}

#[test]
fn a_missing_or_empty_body_is_refused_off_a_terminal() {
    let env = TestEnv::new();
    let e = env.fail(&["note", "--who", "Alice"]);
    assert!(e.contains("empty"), "{e}");
    let e = env.fail(&["note", "--no-input", "   "]);
    assert!(e.contains("empty"), "{e}");
    assert!(!env.db().exists() || env.json(&["note", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn bad_values_name_the_flag_and_change_nothing() {
    let env = TestEnv::new();
    env.note(&["first"]);
    let e = env.fail(&["note", "x", "--source", "podcast"]);
    assert!(e.contains("--source") && e.contains("podcast") && e.contains("interview"), "{e}");
    let e = env.fail(&["note", "x", "--on", "2026-02-30"]);
    assert!(e.contains("--on") && e.contains("'2026-02-30'"), "{e}");
    let e = env.fail(&["note", "x", "--on", "someday"]);
    assert!(e.contains("'someday'"), "{e}");
    let e = env.fail(&["note", "x", "--story", "S9"]);
    assert!(e.contains("--story") && e.contains("S9"), "{e}");
    let e = env.fail(&["note", "show", "N42"]);
    assert!(e.contains("N42"), "{e}");
    let e = env.fail(&["note", "show", "S1"]);
    assert!(e.contains("story id"), "{e}");
    let e = env.fail(&["note", "list", "--since=-1 days"]);
    assert!(e.contains("--since"), "{e}");
    assert_eq!(env.json(&["note", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    let out = env.run(&["note", "list", "--limit", "many"]);
    assert_eq!(out.status.code(), Some(2));
    let out = env.run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn list_filters_by_date_tag_person_and_source() {
    let env = TestEnv::new(); // Friday 2026-11-20
    env.note(&["old one", "--on", "2026-10-01", "--who", "Alice", "--tag", "export", "--source", "sales"]);
    env.note(&["last week", "--on", "last friday", "--who", "bob", "--org", "Acme", "--segment", "smb"]);
    env.note(&[
        "this week",
        "--on",
        "3 days ago",
        "--who",
        "Alice",
        "--tag",
        "Export",
        "--source",
        "interview",
    ]);
    let ids = |args: &[&str]| -> Vec<String> {
        let v = env.json(&[&["note", "list"], args].concat());
        v.as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&[]), ["N3", "N2", "N1"]);
    assert_eq!(ids(&["--since", "2w"]), ["N3", "N2"]);
    assert_eq!(ids(&["--since", "2026-11-13", "--until", "2026-11-16"]), ["N2"]);
    assert_eq!(ids(&["--until", "last friday"]), ["N2", "N1"]);
    assert_eq!(ids(&["--tag", "EXPORT"]), ["N3", "N1"]);
    assert_eq!(ids(&["--who", "ALICE"]), ["N3", "N1"]);
    assert_eq!(ids(&["--org", "acme"]), ["N2"]);
    assert_eq!(ids(&["--segment", "smb"]), ["N2"]);
    assert_eq!(ids(&["--source", "sales"]), ["N1"]);
    assert_eq!(ids(&["--limit", "1"]), ["N3"]);
    assert_eq!(ids(&["--tag", "nope"]), Vec::<String>::new());
}

#[test]
fn list_formats_table_markdown_csv() {
    let env = TestEnv::new();
    env.note(&[
        "Exports take an hour, so we churned",
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
    env.note(&[
        "Wants SSO | SAML",
        "--who",
        "Bob",
        "--on",
        "2026-11-19",
        "--tag",
        "sso",
        "--tag",
        "security",
    ]);
    insta::assert_snapshot!("note_list_table", env.ok(&["note", "list"]));
    insta::assert_snapshot!("note_list_md", env.ok(&["note", "list", "--format", "md"]));
    let csv = env.ok(&["note", "list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        &rows[1][headers.iter().position(|h| h == "body").unwrap()],
        "Exports take an hour, so we churned"
    );
    assert_eq!(&rows[0][headers.iter().position(|h| h == "tags").unwrap()], "security;sso");
}

#[test]
fn control_characters_never_reach_the_terminal_but_json_is_exact() {
    let env = TestEnv::new();
    let evil = "red \u{1b}[31mALERT\u{1b}[0m and \u{7} bell \u{202e}reversed";
    env.note(&[evil, "--who", "Mallory\u{1b}[2J"]);
    for args in [
        vec!["note", "list"],
        vec!["note", "list", "--format", "md"],
        vec!["note", "show", "N1"],
        vec!["note", "show", "N1", "--format", "md"],
    ] {
        let out = env.ok(&args);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'),
            "{args:?}: {out:?}"
        );
        assert!(out.contains("\\u{1b}"), "{args:?}: {out}");
    }
    assert_eq!(env.json(&["note", "show", "N1"])["body"], evil);
}

#[test]
fn edit_changes_fields_and_tags() {
    let env = TestEnv::new();
    env.note(&["typo'd body", "--who", "Alice", "--tag", "a", "--tag", "b"]);
    env.ok(&[
        "note",
        "edit",
        "N1",
        "--body",
        "fixed body",
        "--who",
        "",
        "--org",
        "Acme",
        "--tag",
        "c",
        "--untag",
        "a",
        "--on",
        "2026-11-01",
    ]);
    let n = env.json(&["note", "show", "N1"]);
    assert_eq!(n["body"], "fixed body");
    assert_eq!(n["who"], serde_json::Value::Null);
    assert_eq!(n["org"], "Acme");
    assert_eq!(n["on"], "2026-11-01");
    assert_eq!(n["tags"], serde_json::json!(["b", "c"]));
    assert_ne!(n["updated"], n["created"]);
    let e = env.fail(&["note", "edit", "N1"]);
    assert!(e.contains("nothing to change"), "{e}");
    env.fail(&["note", "edit", "N1", "--body", ""]);
}

#[test]
fn rm_deletes_notes() {
    let env = TestEnv::new();
    env.note(&["one"]);
    env.note(&["two"]);
    env.ok(&["note", "rm", "N1"]);
    let left = env.json(&["note", "list"]);
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["id"], "N2");
    env.fail(&["note", "rm", "N2", "N1"]);
    assert_eq!(env.json(&["note", "list"]).as_array().unwrap().len(), 1, "all or nothing");
}

#[test]
fn reading_a_missing_notebook_is_empty_and_creates_nothing() {
    let env = TestEnv::new();
    assert_eq!(env.json(&["note", "list"]), serde_json::json!([]));
    assert!(env.ok(&["note", "list"]).is_empty());
    assert!(!env.db().exists());
}

#[test]
fn the_notebook_is_private_to_its_owner() {
    let env = TestEnv::new();
    env.note(&["personal data"]);
    let file = std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777;
    let dir = std::fs::metadata(env.db().parent().unwrap()).unwrap().permissions().mode() & 0o777;
    assert_eq!(file, 0o600);
    assert_eq!(dir, 0o700);
}

#[test]
fn every_write_is_in_the_operation_log_with_old_values() {
    let env = TestEnv::new();
    env.note(&["before", "--who", "Alice"]);
    env.ok(&["note", "edit", "N1", "--body", "after"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let commands: Vec<String> = conn
        .prepare("SELECT command FROM changes ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(commands, ["note add", "note edit"]);
    let old: String = conn
        .query_row("SELECT old FROM ops WHERE tbl = 'notes' AND new IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    let old: serde_json::Value = serde_json::from_str(&old).unwrap();
    assert_eq!(old["body"], "before");
}

#[test]
fn init_makes_a_notebook_found_from_subfolders() {
    let env = TestEnv::new();
    let project = env.dir().join("project");
    std::fs::create_dir_all(project.join("deep/er")).unwrap();
    let run = |dir: &std::path::Path, args: &[&str]| {
        let mut c = env.cmd(args);
        c.env_remove("PM_DB").current_dir(dir);
        c.output().unwrap()
    };
    let out = run(&project, &["init"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(".pm/notebook.db"));
    assert!(project.join(".pm/notebook.db").exists());
    assert!(run(&project.join("deep/er"), &["note", "from below"]).status.success());
    let out = run(&project, &["note", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["body"], "from below");
    // outside the project, the user data folder is used
    let out = run(env.dir(), &["doctor", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["path"].as_str().unwrap().contains("xdg-data/pm/notebook.db"), "{v}");
    // --db beats everything
    let other = env.dir().join("other.db");
    let out = run(&project, &["--db", other.to_str().unwrap(), "doctor", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["path"], other.to_str().unwrap());
}

#[test]
fn help_explains_each_command_with_an_example() {
    let env = TestEnv::new();
    for cmd in [
        vec!["--help"],
        vec!["note", "--help"],
        vec!["note", "list", "--help"],
        vec!["doctor", "--help"],
        vec!["init", "--help"],
    ] {
        let out = env.ok(&cmd);
        assert!(out.contains("Usage: pm"), "{cmd:?}");
    }
    assert!(env.ok(&["note", "--help"]).contains("Examples:"));
    assert!(env.ok(&["completions", "bash"]).contains("complete"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = TestEnv::new();
    for i in 0..50 {
        env.note(&[&format!("note number {i} with some words to fill the line")]);
    }
    let lists: [&[&str]; 3] = [
        &["note", "list", "--format", "csv"],
        &["export"],
        &["export", "--format", "csv", "--kind", "notes"],
    ];
    for args in lists {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("pm"))
            .args(args)
            .env("PM_DB", env.db())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}");
    }
}

/// Item 12: raw HTML and script links in stored text are inert in every Markdown output.
#[test]
fn markdown_12_escapes_raw_html_and_script_links_everywhere() {
    let env = TestEnv::new();
    let evil = "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1))";
    env.note(&[evil, "--who", "<b>Ann</b>", "--tag", "<i>t</i>"]);
    env.ok(&["story", evil, "--evidence", "N1"]);
    env.ok(&["decision", evil, "--why", evil]);
    for args in [
        &["note", "show", "N1", "--format", "md"][..],
        &["note", "list", "--format", "md"],
        &["story", "show", "S1", "--format", "md"],
        &["story", "list", "--format", "md"],
        &["decision", "list", "--format", "md"],
        &["search", "alert", "--format", "md"],
        &["report", "--format", "md"],
        &["export", "--format", "md"],
    ] {
        // A link needs `](` unescaped.
        let out = env.ok(args).replace("\\](", "");
        for raw in ["<script", "<img", "<b>", "<i>", "](javascript"] {
            assert!(!out.contains(raw), "pm {args:?} printed {raw}:\n{out}");
        }
    }
    assert!(env.ok(&["note", "show", "N1", "--format", "md"]).contains("&lt;script&gt;"));
}
