//! `pm sync`: a real bare git repository and clones in temp folders, each clone
//! with its own notebook (its own `TestEnv`), driven as a team would.

use crate::common::TestEnv;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Run git with no system or user config but the clone's own.
fn git(dir: &Path, home: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The team's bare repository.
struct Team {
    dir: tempfile::TempDir,
}

impl Team {
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), dir.path(), &["init", "-q", "--bare", "-b", "main", "remote.git"]);
        Team { dir }
    }

    fn remote(&self) -> PathBuf {
        self.dir.path().join("remote.git")
    }

    /// A teammate: a notebook and a clone of the repository.
    fn member(&self, name: &str) -> Member {
        let env = TestEnv::at("2026-11-27T09:00:00+00:00");
        let clone = env.dir().join("clone");
        git(env.dir(), env.dir(), &["clone", "-q", self.remote().to_str().unwrap(), "clone"]);
        git(&clone, env.dir(), &["config", "user.name", name]);
        git(&clone, env.dir(), &["config", "user.email", &format!("{name}@example.com")]);
        Member { env, clone }
    }
}

struct Member {
    env: TestEnv,
    clone: PathBuf,
}

impl Member {
    fn sync_raw(&self, extra: &[&str]) -> Output {
        let mut args = vec!["sync", self.clone.to_str().unwrap()];
        args.extend(extra);
        self.env.cmd(&args).env("GIT_CONFIG_NOSYSTEM", "1").output().unwrap()
    }

    fn sync(&self, extra: &[&str]) -> String {
        let out = self.sync_raw(extra);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "pm sync failed: {err}");
        err
    }

    fn story(&self, id: &str) -> serde_json::Value {
        self.env.json(&["story", "show", id])
    }
}

/// Two members who share one story, S1 in both notebooks.
fn two_with_a_story() -> (Team, Member, Member) {
    let team = Team::new();
    let a = team.member("ann");
    let b = team.member("bob");
    a.env.ok(&["story", "Export to CSV", "--want", "export my data", "--no-input"]);
    a.sync(&["--init"]);
    b.sync(&["--init"]);
    assert_eq!(b.story("S1")["want"], "export my data");
    (team, a, b)
}

#[test]
fn edits_to_different_fields_of_one_story_both_survive() {
    let (_team, a, b) = two_with_a_story();
    a.env.ok(&["story", "edit", "S1", "--when", "I close a quarter"]);
    b.env.ok(&["story", "edit", "S1", "--so", "I can report"]);
    a.sync(&[]);
    b.sync(&[]);
    a.sync(&[]);
    for m in [&a, &b] {
        let s = m.story("S1");
        assert_eq!(s["when"], "I close a quarter");
        assert_eq!(s["so"], "I can report");
    }
    let files = std::fs::read_dir(a.clone.join("stories")).unwrap().count();
    assert_eq!(files, 1);
    let text = std::fs::read_to_string(
        std::fs::read_dir(a.clone.join("stories")).unwrap().next().unwrap().unwrap().path(),
    )
    .unwrap();
    assert!(!text.contains("<<<<<<<"), "{text}");
}

#[test]
fn the_same_field_on_both_sides_converges_and_the_loser_can_be_restored() {
    let (_team, a, b) = two_with_a_story();
    a.env.ok(&["story", "edit", "S1", "--so", "from ann"]);
    b.env.ok(&["story", "edit", "S1", "--so", "from bob"]);
    a.sync(&[]);
    let said = b.sync(&[]);
    a.sync(&[]);
    let (sa, sb) = (a.story("S1")["so"].clone(), b.story("S1")["so"].clone());
    assert_eq!(sa, sb, "both clones keep one value");
    // Bob's sync merged both: it reports the conflict whichever value won.
    assert!(said.contains("1 conflict "), "{said}");
    // The clone whose value lost has it in its conflicts, and can put it back.
    let (loser, lost) = if sa == "from ann" { (&b, "from bob") } else { (&a, "from ann") };
    let c = loser.env.json(&["sync", "conflicts"]);
    let c = &c.as_array().unwrap()[0];
    assert_eq!(c["field"], "so");
    assert_eq!(c["lost"], lost);
    assert_eq!(c["record"], "S1");
    let n = c["id"].to_string();
    loser.env.ok(&["sync", "conflicts", "--restore", &n]);
    assert_eq!(loser.story("S1")["so"], lost);
    loser.sync(&[]);
    a.sync(&[]);
    b.sync(&[]);
    assert_eq!(a.story("S1")["so"], lost);
    assert_eq!(b.story("S1")["so"], lost);
}

#[test]
fn a_deletion_never_drops_an_edit_made_after_it() {
    let team = Team::new();
    let a = team.member("ann");
    let b = team.member("bob");
    a.env.ok(&["note", "Churned because exports take an hour", "--who", "Dana"]);
    a.env.ok(&["note", "Wants SSO"]);
    a.sync(&["--init"]);
    b.sync(&["--init"]);
    a.env.ok(&["note", "rm", "N1", "--yes"]);
    a.env.ok(&["note", "rm", "N2", "--yes"]);
    b.env.ok(&["note", "edit", "N1", "--body", "Churned: exports take two hours"]);
    a.sync(&[]);
    let said = b.sync(&[]);
    assert!(said.contains("deleted"), "the kept edit is reported: {said}");
    a.sync(&[]);
    for m in [&a, &b] {
        assert_eq!(
            m.env.note_bodies(),
            ["Churned: exports take two hours"],
            "the edit stays, the other note goes"
        );
    }
    let c = b.env.json(&["sync", "conflicts"]);
    assert_eq!(c[0]["field"], "deleted");
    // The deleted note's file is a tombstone, not removed (git merges no delete).
    let notes: Vec<String> = std::fs::read_dir(a.clone.join("notes"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().any(|t| t.contains("deleted = ") && !t.contains("Wants SSO")), "{notes:?}");
}

#[test]
fn a_forget_on_one_clone_erases_the_name_from_the_others_notebook() {
    let team = Team::new();
    let a = team.member("ann");
    let b = team.member("bob");
    a.env.ok(&["note", "Zelda Quimby hates the export", "--who", "Zelda Quimby"]);
    a.sync(&["--init"]);
    b.sync(&["--init"]);
    b.env.ok(&["note", "edit", "N1", "--body", "Zelda Quimby hates the export, again"]);
    b.sync(&[]);
    a.sync(&[]);
    a.env.ok(&["forget", "Zelda Quimby", "--yes"]);
    a.sync(&[]);
    b.sync(&[]);
    for m in [&a, &b] {
        let bytes = std::fs::read(m.env.db()).unwrap();
        let needle = b"Zelda";
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the name is still in {}",
            m.env.db().display()
        );
        let wal = m.env.db().with_extension("db-wal");
        if let Ok(bytes) = std::fs::read(&wal) {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the name is still in the WAL");
        }
    }
    let marker = std::fs::read_dir(a.clone.join("forget")).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(marker).unwrap();
    assert!(!text.contains("Zelda") && text.contains("uids"), "{text}");
}

#[test]
fn two_vision_versions_in_the_same_second_keep_their_order() {
    let team = Team::new();
    let a = team.member("ann");
    let b = team.member("bob");
    for i in 0..6 {
        a.env.set_now("2026-11-27T10:00:00+00:00");
        a.env.ok(&["vision", "set", &format!("Vision number {i}")]);
    }
    a.sync(&["--init"]);
    b.sync(&["--init"]);
    let ours = a.env.json(&["vision", "show"]);
    let theirs = b.env.json(&["vision", "show"]);
    assert_eq!(ours["vision"]["text"], "Vision number 5");
    assert_eq!(
        theirs["vision"]["text"], "Vision number 5",
        "the last version set is the vision on every clone"
    );
    let texts = |m: &Member| -> Vec<String> {
        m.env.json(&["vision", "history"]).as_array().unwrap().iter().map(|v| v["text"].to_string()).collect()
    };
    assert_eq!(texts(&b), texts(&a), "every version in the order it was set");
    let said = b.sync(&[]);
    assert!(said.contains("0 added, 0 changed, 0 removed; 0 files"), "a second sync changes nothing: {said}");
}

#[test]
fn an_empty_or_other_folder_never_removes_records_without_yes() {
    let team = Team::new();
    let a = team.member("ann");
    for i in 0..12 {
        a.env.ok(&["note", &format!("Note {i}")]);
    }
    a.sync(&["--init"]);
    // Another, empty clone: nothing is removed, and it asks first.
    let other = a.env.dir().join("other");
    git(a.env.dir(), a.env.dir(), &["init", "-q", "-b", "main", "other"]);
    git(&other, a.env.dir(), &["config", "user.name", "ann"]);
    git(&other, a.env.dir(), &["config", "user.email", "ann@example.com"]);
    let out = a.env.cmd(&["sync", other.to_str().unwrap()]).env("GIT_CONFIG_NOSYSTEM", "1").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("not the folder last synced"), "{err}");
    assert_eq!(a.env.note_bodies().len(), 12);
    // Twelve tombstones pushed by a teammate: more than ten, so it asks.
    let b = team.member("bob");
    b.sync(&[]);
    for i in 1..=12 {
        b.env.ok(&["note", "rm", &format!("N{i}"), "--yes"]);
    }
    b.sync(&[]);
    let out = a.sync_raw(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("would remove 12 of 12 records"), "{err}");
    assert_eq!(a.env.note_bodies().len(), 12);
    let dry = a.sync(&["--dry-run"]);
    assert!(dry.contains("would remove notes/"), "{dry}");
    assert_eq!(a.env.note_bodies().len(), 12, "a dry run changes nothing");
    a.sync(&["--yes"]);
    assert!(a.env.note_bodies().is_empty());
}

#[cfg(unix)]
#[test]
fn a_planted_symlink_is_refused_and_nothing_outside_changes() {
    let (_team, a, b) = two_with_a_story();
    let outside = b.env.dir().join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    let name = std::fs::read_dir(a.clone.join("stories")).unwrap().next().unwrap().unwrap().file_name();
    let file = a.clone.join("stories").join(&name);
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&outside, &file).unwrap();
    a.env.ok(&["story", "edit", "S1", "--so", "I can report"]);
    let before = a.env.change_count();
    let out = a.sync_raw(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("is a symlink"), "{err}");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    assert_eq!(a.env.change_count(), before);
}

#[test]
fn a_sync_killed_between_steps_is_finished_by_the_next() {
    let (_team, a, b) = two_with_a_story();
    for (i, point) in ["pulled", "files", "committed"].iter().enumerate() {
        let so = format!("outcome {i}");
        a.env.ok(&["story", "edit", "S1", "--so", &so]);
        let out = a
            .env
            .cmd(&["sync", a.clone.to_str().unwrap()])
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PM_SYNC_ABORT_AT", point)
            .output()
            .unwrap();
        assert!(!out.status.success(), "killed at {point}");
        // Git itself killed mid-way leaves a lock behind.
        std::fs::write(a.clone.join(".git").join("index.lock"), "").unwrap();
        a.sync(&[]);
        b.sync(&[]);
        assert_eq!(b.story("S1")["so"], so.as_str(), "after a kill at {point}");
        assert_eq!(a.story("S1")["so"], so.as_str());
        let status = git(&a.clone, a.env.dir(), &["status", "--porcelain"]);
        assert!(status.is_empty(), "clean clone after {point}: {status}");
    }
}

#[test]
fn a_folder_that_is_not_a_clone_is_one_clear_error() {
    let env = TestEnv::new();
    env.ok(&["note", "x"]);
    let plain = env.dir().join("plain");
    std::fs::create_dir(&plain).unwrap();
    let err = env.fail(&["sync", plain.to_str().unwrap()]);
    assert!(err.contains("is not a git clone"), "{err}");
    let err = env.fail(&["sync"]);
    assert!(err.contains("which folder?"), "{err}");
}

#[test]
fn undo_after_a_sync_undoes_the_local_change_not_the_sync() {
    let (_team, a, b) = two_with_a_story();
    b.env.ok(&["story", "edit", "S1", "--so", "from bob"]);
    b.sync(&[]);
    a.env.ok(&["note", "A local note"]);
    a.sync(&[]);
    assert_eq!(a.story("S1")["so"], "from bob");
    a.env.ok(&["undo"]);
    assert!(a.env.note_bodies().is_empty(), "the local note is undone");
    assert_eq!(a.story("S1")["so"], "from bob", "the sync stays");
}

#[test]
fn import_dir_prune_from_an_empty_folder_asks_for_yes() {
    let env = TestEnv::new();
    for i in 0..12 {
        env.ok(&["note", &format!("Note {i}")]);
    }
    let shared = env.dir().join("shared");
    env.ok(&["export", "--dir", shared.to_str().unwrap()]);
    let empty = env.dir().join("empty");
    std::fs::create_dir_all(empty.join("notes")).unwrap();
    let dry = env.ok(&["import", "--dir", empty.to_str().unwrap(), "--prune", "--dry-run"]);
    let _ = dry;
    assert_eq!(env.note_bodies().len(), 12, "a dry run removes nothing");
    let err = env.fail(&["import", "--dir", empty.to_str().unwrap(), "--prune"]);
    assert!(err.contains("would remove 12 of 12 records"), "{err}");
    assert_eq!(env.note_bodies().len(), 12);
    env.ok(&["import", "--dir", empty.to_str().unwrap(), "--prune", "--yes"]);
    assert!(env.note_bodies().is_empty());
}

#[cfg(unix)]
#[test]
fn import_dir_refuses_a_symlinked_record_file() {
    let env = TestEnv::new();
    env.ok(&["note", "mine"]);
    let shared = env.dir().join("shared");
    env.ok(&["export", "--dir", shared.to_str().unwrap()]);
    let secret = env.dir().join("secret.toml");
    std::fs::write(&secret, "not yours").unwrap();
    std::os::unix::fs::symlink(&secret, shared.join("notes").join("planted.toml")).unwrap();
    let err = env.fail(&["import", "--dir", shared.to_str().unwrap()]);
    assert!(err.contains("is a symlink"), "{err}");
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "not yours");
}

#[test]
fn without_git_sync_is_one_clear_error() {
    let env = TestEnv::new();
    env.ok(&["note", "x"]);
    let dir = env.dir().join("clone");
    std::fs::create_dir(&dir).unwrap();
    let out = env.cmd(&["sync", dir.to_str().unwrap()]).env("PATH", env.dir()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: pm sync needs git, and git is not installed"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn offline_commits_wait_and_git_merges_record_files_with_pm() {
    let (team, a, b) = two_with_a_story();
    // Ann is offline: the remote cannot be reached.
    let away = team.dir.path().join("away.git");
    std::fs::rename(team.remote(), &away).unwrap();
    a.env.ok(&["story", "edit", "S1", "--when", "I close a quarter"]);
    let said = a.sync(&[]);
    assert!(said.contains("push to origin is pending"), "{said}");
    std::fs::rename(&away, team.remote()).unwrap();
    b.env.ok(&["story", "edit", "S1", "--so", "I can report"]);
    b.sync(&[]);
    // Ann's local commit and Bob's pushed one touch the same file: git's rebase
    // calls pm merge-driver, which merges field by field.
    let said = a.sync(&[]);
    assert!(said.contains("pushed to origin"), "{said}");
    b.sync(&[]);
    for m in [&a, &b] {
        let s = m.story("S1");
        assert_eq!(s["when"], "I close a quarter");
        assert_eq!(s["so"], "I can report");
    }
    let log = git(&a.clone, a.env.dir(), &["log", "--format=%s"]);
    assert!(log.lines().count() >= 3, "{log}");
}

#[test]
fn a_rebase_left_half_done_is_undone_and_the_next_sync_completes() {
    let (team, a, b) = two_with_a_story();
    let away = team.dir.path().join("away.git");
    std::fs::rename(team.remote(), &away).unwrap();
    a.env.ok(&["story", "edit", "S1", "--when", "I close a quarter"]);
    a.sync(&[]);
    std::fs::rename(&away, team.remote()).unwrap();
    b.env.ok(&["story", "edit", "S1", "--so", "I can report"]);
    b.sync(&[]);
    // A rebase stopped on the record file, as a killed sync would leave it.
    git(&a.clone, a.env.dir(), &["fetch", "-q", "origin"]);
    let stopped = std::process::Command::new("git")
        .arg("-C")
        .arg(&a.clone)
        .args(["-c", "merge.pm-record.driver=false", "rebase", "origin/main"])
        .env("HOME", a.env.dir())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(!stopped.status.success(), "the rebase stops on the conflict");
    assert!(
        a.clone.join(".git").join("rebase-merge").exists()
            || a.clone.join(".git").join("rebase-apply").exists()
    );
    let said = a.sync(&[]);
    assert!(said.contains("undid a rebase"), "{said}");
    b.sync(&[]);
    for m in [&a, &b] {
        let s = m.story("S1");
        assert_eq!(s["when"], "I close a quarter");
        assert_eq!(s["so"], "I can report");
    }
}

#[cfg(unix)]
#[test]
fn a_push_the_remote_refuses_is_one_clear_error_and_the_next_sync_sends_it() {
    use std::os::unix::fs::PermissionsExt;
    let (team, a, b) = two_with_a_story();
    let hook = team.remote().join("hooks").join("pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'closed for the night' >&2\nexit 1\n").unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    a.env.ok(&["story", "edit", "S1", "--so", "I can report"]);
    let out = a.sync_raw(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: origin refused the push"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    std::fs::remove_file(&hook).unwrap();
    a.sync(&[]);
    b.sync(&[]);
    assert_eq!(b.story("S1")["so"], "I can report");
}

#[test]
fn a_dry_run_creates_no_notebook_and_writes_nothing_in_the_clone() {
    let (team, a, _b) = two_with_a_story();
    let c = team.member("cy");
    let head = git(&c.clone, c.env.dir(), &["rev-parse", "HEAD"]);
    let said = c.sync(&["--dry-run"]);
    assert!(said.contains("would add stories/"), "{said}");
    assert!(!c.env.db().exists(), "no notebook made");
    assert_eq!(git(&c.clone, c.env.dir(), &["status", "--porcelain"]), "");
    assert_eq!(git(&c.clone, c.env.dir(), &["rev-parse", "HEAD"]), head);
    a.env.ok(&["story", "edit", "S1", "--so", "I can report"]);
    let before = a.env.change_count();
    let said = a.sync(&["--dry-run"]);
    assert!(said.contains("would write stories/"), "{said}");
    assert_eq!(a.env.change_count(), before);
    assert_eq!(git(&a.clone, a.env.dir(), &["status", "--porcelain"]), "");
}

#[test]
fn a_pillar_both_added_under_one_name_is_shared_and_syncs_settle() {
    let team = Team::new();
    let a = team.member("ann");
    let b = team.member("bob");
    a.env.ok(&["vision", "pillar", "add", "Speed"]);
    b.env.ok(&["vision", "pillar", "add", "speed"]);
    a.sync(&["--init"]);
    b.sync(&["--init"]);
    a.sync(&[]);
    for m in [&a, &b] {
        assert_eq!(m.env.json(&["vision", "pillar", "list"]).as_array().unwrap().len(), 1);
        let said = m.sync(&[]);
        assert!(said.contains("0 added, 0 changed, 0 removed; 0 files"), "{said}");
    }
}

#[test]
fn a_teammate_who_clones_after_init_gets_the_merge_driver_at_the_first_sync() {
    let (team, _a, _b) = two_with_a_story();
    let c = team.member("cy");
    c.sync(&[]);
    let driver = git(&c.clone, c.env.dir(), &["config", "merge.pm-record.driver"]);
    assert!(driver.contains("merge-driver %O %A %B"), "{driver}");
    assert_eq!(c.story("S1")["want"], "export my data");
}

#[test]
fn pm_log_shows_each_conflict_a_sync_resolved_with_both_values_and_how_to_restore() {
    let (_team, a, b) = two_with_a_story();
    a.env.ok(&["story", "edit", "S1", "--so", "I can send the numbers to finance before the close"]);
    b.env.ok(&["story", "edit", "S1", "--so", "from bob"]);
    a.sync(&[]);
    // Bob's sync meets both values: whichever wins, it resolved a conflict.
    b.sync(&[]);
    let log = b.env.json(&["log"]);
    let sync = log.as_array().unwrap().iter().find(|c| c["command"] == "sync" && c["id"] == 3).unwrap();
    let c = &sync["conflicts"][0];
    assert_eq!(c["record"], "S1");
    assert_eq!(c["field"], "so");
    let mut values = [c["kept"].as_str().unwrap(), c["lost"].as_str().unwrap()];
    values.sort();
    assert_eq!(values, ["I can send the numbers to finance before the close", "from bob"]);
    let n = c["conflict"].clone();
    assert_eq!(b.env.json(&["sync", "conflicts"])[0]["id"], n, "the number --restore takes");
    for other in log.as_array().unwrap().iter().filter(|c| c["id"] != 3) {
        assert_eq!(other["conflicts"], serde_json::json!([]), "{other}");
    }
    // A value from a teammate's file may hold anything (pm's own input strips control characters).
    let conn = rusqlite::Connection::open(b.env.db()).unwrap();
    conn.execute(
        "UPDATE sync_conflicts SET kept = ?1 WHERE kept = '\"from bob\"'",
        ["\"from bob \\u001b[31mred\""],
    )
    .unwrap();
    conn.execute(
        "UPDATE sync_conflicts SET lost = ?1 WHERE lost = '\"from bob\"'",
        ["\"from bob \\u001b[31mred\""],
    )
    .unwrap();
    drop(conn);
    // The table: the sync says it had a conflict; under the log, both values,
    // short and escaped, and the command that puts the loser back.
    let out = b.env.cmd(&["log"]).env("COLUMNS", "80").output().unwrap();
    let (table, said) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(table.contains("sync (1 conflict)"), "{table}");
    let wide = b.env.cmd(&["log"]).env("COLUMNS", "200").output().unwrap();
    let wide = String::from_utf8_lossy(&wide.stdout);
    assert!(wide.contains("I can send the numbers to finan…"), "cut short: {wide}");
    assert!(!table.contains('\u{1b}') && table.contains("\\u{1b}"), "escaped: {table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "80 columns: {table}");
    assert!(said.contains("pm sync conflicts --restore"), "{said}");
    // The record's own log names the sync, even when the kept value was already its own.
    let s1 = b.env.json(&["log", "S1"]);
    assert!(s1.as_array().unwrap().iter().any(|c| c["id"] == 3), "{s1}");
    // Restored, it says so.
    b.env.ok(&["sync", "conflicts", "--restore", &n.to_string()]);
    assert!(b.env.json(&["log"]).to_string().contains("\"restored\":\"20"), "restored is dated");
}

#[test]
fn a_first_sync_of_many_records_names_a_few_files_in_the_commit() {
    // Every file named made the message one argument too long for git at a few
    // thousand records ("Argument list too long"): the first sync failed.
    let team = Team::new();
    let a = team.member("ann");
    for i in 0..45 {
        a.env.ok(&["note", &format!("Note {i}")]);
    }
    a.sync(&["--init"]);
    let message = git(&a.clone, a.env.dir(), &["log", "-1", "--format=%B"]);
    assert!(message.starts_with("pm sync: 45 record files"), "{message}");
    assert_eq!(message.lines().filter(|l| l.starts_with("- notes/")).count(), 40, "{message}");
    assert!(message.contains("- and 5 more"), "{message}");
}

/// Run `pm sync` in its own process group with `PM_TEST_STOP_AT=n`: pm stops
/// itself (and the git it just started) at its nth step, and this sends the group
/// a real SIGKILL. Returns the step's name, or None when the sync has fewer steps
/// (it then finished, and must have succeeded).
#[cfg(target_os = "linux")]
fn kill_sync_at(m: &Member, n: usize) -> Option<String> {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let err = m.env.dir().join("killed.err");
    let mut child = m
        .env
        .process(&["sync", m.clone.to_str().unwrap()])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("PM_TEST_STOP_AT", n.to_string())
        .process_group(0)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Wait for the stop (a state, not a guess at how long pm takes).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let said = std::fs::read_to_string(&err).unwrap();
            assert!(status.success(), "a sync with fewer than {n} steps finished, and failed: {said}");
            return None;
        }
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()) == Some("T") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "pm neither stopped at step {n} nor finished");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let killed =
        std::process::Command::new("kill").args(["-KILL", "--", &format!("-{pid}")]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "pm was killed at step {n}, not finished");
    let said = std::fs::read_to_string(&err).unwrap();
    let prefix = format!("pm: stopped at step {n}: ");
    let step = said.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap_or_else(|| panic!("{said}"));
    Some(step.to_string())
}

/// Every path git tracks in a clone is a record file, a forget marker or the
/// attributes file: no temp file of a killed write was committed; and no file
/// holds a conflict marker; and git's own check passes.
fn clone_is_consistent(m: &Member, when: &str) {
    git(&m.clone, m.env.dir(), &["fsck", "--no-progress"]);
    for path in git(&m.clone, m.env.dir(), &["ls-files"]).lines() {
        let ok = path == ".gitattributes"
            || path.split_once('/').is_some_and(|(folder, name)| {
                !folder.is_empty() && !name.contains('/') && !name.starts_with('.') && name.ends_with(".toml")
            });
        assert!(ok, "{when}: git tracks {path}");
        let text = std::fs::read_to_string(m.clone.join(path)).unwrap();
        assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"), "{when}: {path}: {text}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_sync_killed_at_any_step_leaves_both_sides_consistent_and_the_next_completes() {
    let (_team, a, b) = two_with_a_story();
    let mut steps = Vec::new();
    for n in 1.. {
        // Something to pull and import (Bob's), and something to export, commit
        // and push (Ann's), the same each round so the steps line up.
        b.env.ok(&["story", "edit", "S1", "--when", &format!("round {n}")]);
        b.env.ok(&["note", &format!("from Bob, round {n}")]);
        b.sync(&[]);
        a.env.ok(&["story", "edit", "S1", "--so", &format!("Ann, round {n}")]);
        a.env.ok(&["note", &format!("from Ann, round {n}")]);
        let before = a.env.note_bodies();
        let Some(step) = kill_sync_at(&a, n) else { break };
        let when = format!("killed at step {n} ({step})");
        // The notebook: whole, every record it had, what it took from Bob either
        // all in or not at all.
        let doctor = a.env.json(&["doctor", "--full"]);
        assert_eq!(doctor["integrity"], "ok", "{when}: {doctor}");
        let after = a.env.note_bodies();
        assert!(before.iter().all(|x| after.contains(x)), "{when}: {before:?} -> {after:?}");
        let bob = format!("from Bob, round {n}");
        let took = after.contains(&bob);
        assert_eq!(a.story("S1")["when"] == format!("round {n}").as_str(), took, "{when}: half a merge");
        clone_is_consistent(&a, &when);
        // The next sync completes, and both clones hold the same notebook.
        a.sync(&[]);
        b.sync(&[]);
        clone_is_consistent(&a, &when);
        clone_is_consistent(&b, &when);
        let (mut x, mut y) = (a.env.note_bodies(), b.env.note_bodies());
        x.sort();
        y.sort();
        assert_eq!(x, y, "{when}");
        assert!(x.contains(&bob) && x.contains(&format!("from Ann, round {n}")), "{when}: {x:?}");
        for field in ["want", "when", "so"] {
            assert_eq!(a.story("S1")[field], b.story("S1")[field], "{when}: {field}");
        }
        assert_eq!(a.story("S1")["so"], format!("Ann, round {n}").as_str(), "{when}");
        steps.push(step);
    }
    eprintln!("killed at each of {} steps: {steps:?}", steps.len());
    // Every kind of step was hit: the pull, the import, the files, the commit, the push.
    for kind in ["git fetch", "git rebase", "commit", "file", "git add", "git commit", "git push"] {
        assert!(steps.iter().any(|s| s == kind), "never killed at {kind}: {steps:?}");
    }
}

#[test]
fn a_first_sync_on_a_folder_of_the_old_export_loses_nothing() {
    // Before `pm sync`, teams ran `pm export --dir` / `pm import --dir` and git by
    // hand: the record files carry no clocks, and the notebook has no base.
    let team = Team::new();
    let a = team.member("ann");
    let b = team.member("bob");
    a.env.ok(&["story", "Export to CSV", "--want", "export my data", "--so", "I can report", "--no-input"]);
    a.env.ok(&["note", "Wants SSO", "--who", "Dana"]);
    let by_hand = |m: &Member, what: &str| {
        m.env.ok(&["export", "--dir", m.clone.to_str().unwrap()]);
        git(&m.clone, m.env.dir(), &["add", "-A"]);
        git(&m.clone, m.env.dir(), &["commit", "-q", "-m", what]);
        git(&m.clone, m.env.dir(), &["push", "-q", "origin", "HEAD:main"]);
    };
    by_hand(&a, "ann's notebook");
    git(&b.clone, b.env.dir(), &["pull", "-q", "origin", "main"]);
    b.env.ok(&["import", "--dir", b.clone.to_str().unwrap()]);
    // Both change the same field, and each adds a note, the old way for Ann.
    a.env.ok(&["story", "edit", "S1", "--so", "I can send it to finance"]);
    a.env.ok(&["note", "Ann's new note"]);
    by_hand(&a, "ann again");
    b.env.ok(&["story", "edit", "S1", "--so", "I can close the quarter"]);
    b.env.ok(&["note", "Bob's new note"]);
    let text = std::fs::read_to_string(
        std::fs::read_dir(b.clone.join("stories")).unwrap().next().unwrap().unwrap().path(),
    )
    .unwrap();
    assert!(!text.contains("[clock]"), "the old format has no clocks: {text}");
    // Bob's first sync: his value of the field both changed stays (without clocks
    // nothing says which is newer), Ann's is kept as a conflict, every note is there.
    let said = b.sync(&["--init"]);
    assert!(said.contains("1 conflict "), "{said}");
    assert_eq!(b.story("S1")["so"], "I can close the quarter");
    let c = b.env.json(&["sync", "conflicts"]);
    assert_eq!(c.as_array().unwrap().len(), 1, "{c}");
    assert_eq!(c[0]["field"], "so");
    assert_eq!(c[0]["lost"], "I can send it to finance");
    let mut notes = b.env.note_bodies();
    notes.sort();
    assert_eq!(notes, ["Ann's new note", "Bob's new note", "Wants SSO"]);
    // Ann's first sync meets Bob's merge the same way: her value against his, no
    // base. Once both have synced one value is kept everywhere (the rule of any
    // conflict: the two writers' ids decide), and the other is a conflict there.
    a.sync(&[]);
    b.sync(&[]);
    for m in [&a, &b] {
        let mut notes = m.env.note_bodies();
        notes.sort();
        assert_eq!(notes, ["Ann's new note", "Bob's new note", "Wants SSO"]);
        assert_eq!(m.story("S1")["want"], "export my data");
    }
    let kept = a.story("S1")["so"].clone();
    assert_eq!(b.story("S1")["so"], kept);
    let lost = if kept == "I can close the quarter" {
        "I can send it to finance"
    } else {
        "I can close the quarter"
    };
    let loser = if lost == "I can close the quarter" { &b } else { &a };
    let c = loser.env.json(&["sync", "conflicts"]);
    assert!(c.as_array().unwrap().iter().any(|c| c["lost"] == lost), "{lost} is kept as a conflict: {c}");
}

/// The same person added on two clones in another case, then a field both
/// changed: the conflict names "person Eli Park", not `people/<uid>` (which
/// ran over 40 columns and wrapped into 8-letter slices at 80).
#[test]
fn a_conflict_on_a_person_names_them() {
    let (_team, a, b) = two_with_a_story();
    a.env.ok(&["person", "add", "Eli Park"]);
    b.env.ok(&["person", "add", "eli park"]);
    a.sync(&[]);
    let said = b.sync(&[]);
    a.sync(&[]);
    assert!(said.contains("person "), "{said}");
    assert!(!said.contains("people/"), "{said}");
    for m in [&a, &b] {
        let text = m.env.ok(&["sync", "conflicts"]);
        let json = m.env.json(&["sync", "conflicts"]);
        for c in json.as_array().unwrap() {
            assert!(c["record"].as_str().unwrap().starts_with("person "), "{c}");
        }
        assert!(!text.contains("people/"), "{text}");
    }
    // Adding them again names the record as stored, not as typed.
    let e = a.env.fail(&["person", "add", "ELI PARK"]);
    assert!(e.contains("there is already a person 'Eli Park'") || e.contains("'eli park'"), "{e}");
    assert!(!e.contains("'ELI PARK'"), "{e}");
}
