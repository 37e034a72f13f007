use crate::common::TestEnv;

#[test]
fn doctor_reports_path_schema_counts_and_integrity() {
    let env = TestEnv::new();
    env.note(&["one"]);
    env.note(&["two"]);
    let v = env.json(&["doctor"]);
    assert_eq!(v["path"], env.db().to_str().unwrap());
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["counts"]["notes"], 2);
    assert_eq!(v["counts"]["stories"], 0);
    assert_eq!(v["integrity"], "ok");
    assert!(env.ok(&["doctor"]).contains("integrity:       ok"));
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let junk = b"this is my shopping list, not a database\n".repeat(200);
    std::fs::write(env.db(), &junk).unwrap();
    let e = env.fail(&["note", "hello"]);
    assert!(e.contains("not a pm notebook"), "{e}");
    env.fail(&["note", "list"]);
    assert_eq!(std::fs::read(env.db()).unwrap(), junk);
}

#[test]
fn a_notebook_from_a_newer_pm_is_refused_untouched() {
    let env = TestEnv::new();
    env.note(&["one"]);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let e = env.fail(&["note", "two"]);
    assert!(e.contains("newer pm") && e.contains("999"), "{e}");
    let e = env.fail(&["note", "list"]);
    assert!(e.contains("newer pm"), "{e}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}
