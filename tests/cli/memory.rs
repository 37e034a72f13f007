//! Flat memory: listing and exporting a large notebook hold one record at a time,
//! not the notebook (`pm note list --format json` held 345 MB at 100,000 notes,
//! `pm export` nine times the file it wrote, `pm import` the file it read and
//! more).

use crate::common::TestEnv;
use std::io::Read;

/// The peak resident memory of `pm ARGS` in KiB: the child's VmHWM, read from
/// /proc while it runs (its own address space after exec, not the test's), its
/// output read and counted as it comes.
fn peak_kib(env: &TestEnv, args: &[&str]) -> (u64, usize) {
    let mut child = env
        .process(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("pm runs");
    let status = format!("/proc/{}/status", child.id());
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let hwm = std::fs::read_to_string(&status)
                    .ok()
                    .and_then(|s| {
                        s.lines()
                            .find(|l| l.starts_with("VmHWM:"))
                            .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<u64>().ok()))
                    })
                    .unwrap_or(0);
                peak.fetch_max(hwm, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        })
    };
    let mut stdout = child.stdout.take().unwrap();
    let mut bytes = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = stdout.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        bytes += n;
    }
    // The process has closed its output: it is exiting, its peak already reached.
    std::thread::sleep(std::time::Duration::from_millis(5));
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    watcher.join().unwrap();
    assert!(child.wait().unwrap().success(), "pm {args:?} failed");
    (peak.load(std::sync::atomic::Ordering::Relaxed), bytes)
}

#[test]
#[cfg(target_os = "linux")]
fn note_list_and_export_of_40_000_notes_stay_under_40_mb() {
    let env = TestEnv::new();
    // 40,000 notes of about 600 bytes: 24 MB of text, imported in one command.
    let mut csv = String::from("body,who,org,on,tags\n");
    let words = "export import report latency onboarding pricing invoice customer dashboard mobile sync";
    for i in 0..40_000 {
        let body = format!("Note {i}: {}", words.repeat(7));
        csv.push_str(&format!(
            "\"{body}\",Person {},Org {},2026-10-{:02},t{}\n",
            i % 300,
            i % 40,
            i % 28 + 1,
            i % 9
        ));
    }
    let file = env.dir().join("notes.csv");
    std::fs::write(&file, csv).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);

    let budget = 40 * 1024;
    for args in [
        &["note", "list", "--format", "json"][..],
        &["note", "list"],
        &["note", "list", "--format", "csv"],
        &["export"],
        // Written a row at a time too (they built the whole document first).
        &["export", "--format", "csv", "--kind", "notes"],
        &["export", "--format", "md"],
    ] {
        let (peak, bytes) = peak_kib(&env, args);
        assert!(bytes > 20_000_000, "pm {args:?} printed only {bytes} bytes");
        assert!(peak > 0 && peak < budget, "pm {args:?} peaked at {peak} KiB (budget {budget} KiB)");
    }
    let out = env.dir().join("export.json");
    let (peak, _) = peak_kib(&env, &["export", "--out", out.to_str().unwrap()]);
    assert!(peak < budget, "pm export --out peaked at {peak} KiB");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["notes"].as_array().unwrap().len(), 40_000);
    assert_eq!(doc["notes"][39_999]["id"], "N40000");
}

#[test]
#[cfg(target_os = "linux")]
fn import_of_30_000_notes_linked_to_stories_stays_under_48_mb() {
    let env = TestEnv::new();
    let stories = env.dir().join("stories.csv");
    let mut csv = String::from("request\n");
    for i in 0..200 {
        csv.push_str(&format!("\"Story {i}: export to the warehouse faster\"\n"));
    }
    std::fs::write(&stories, csv).unwrap();
    env.ok(&["import", stories.to_str().unwrap()]);
    // 30,000 notes of about 600 bytes, each with two tags and two stories: the
    // import held the whole file, a 64 MiB page cache and its tags, links and
    // evidence in vectors (122 MB at 40,000 such notes).
    let mut csv = String::from("body,who,org,on,tags,stories\n");
    let words = "export import report latency onboarding pricing invoice customer dashboard mobile sync";
    for i in 0..30_000 {
        csv.push_str(&format!(
            "\"Note {i}: {}\",Person {},Org {},2026-10-{:02},t{};u{},S{};S{}\n",
            words.repeat(7),
            i % 300,
            i % 40,
            i % 28 + 1,
            i % 9,
            i % 5,
            i % 200 + 1,
            (i * 7) % 200 + 1
        ));
    }
    let file = env.dir().join("notes.csv");
    std::fs::write(&file, csv).unwrap();
    let budget = 48 * 1024;
    let (peak, _) = peak_kib(&env, &["import", file.to_str().unwrap()]);
    assert!(peak > 0 && peak < budget, "pm import peaked at {peak} KiB (budget {budget} KiB)");
    // Everything arrived: notes, their tags and links, and the stories' counts.
    let notes = env.ok(&["note", "list", "--format", "json", "--tag", "t3"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&notes).unwrap().as_array().unwrap().len(),
        (0..30_000).filter(|i| i % 9 == 3).count()
    );
    let s1: serde_json::Value =
        serde_json::from_str(&env.ok(&["story", "show", "S1", "--format", "json"])).unwrap();
    // S1 is the first story of notes 0, 200, ... and the second of notes i with 7i = 0 (mod 200).
    let linked = (0..30_000).filter(|i| i % 200 == 0 || (i * 7) % 200 == 0).count();
    assert_eq!(s1["evidence_count"], linked, "{s1}");
}

/// `letters(27)` is "bb": names without digits, so no part of one is a number.
fn letters(mut n: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return s;
        }
    }
}

#[test]
#[cfg(target_os = "linux")]
fn export_to_a_folder_and_redacted_exports_of_24_mb_of_notes_stay_under_40_mb() {
    let env = TestEnv::new();
    // 2,000 notes of about 12 KB (a pasted transcript each): 24 MB of text, few
    // enough files for the folder export's one write (and fsync) per record.
    let mut csv = String::from("body,who,org,on,tags\n");
    let words = "export import report latency onboarding pricing invoice customer dashboard mobile sync";
    for i in 0..2_000 {
        let body = format!("Note {i}: {}", words.repeat(140));
        csv.push_str(&format!(
            "\"{body}\",Person {},Org {},2026-10-{:02},t{}\n",
            letters(i % 300),
            letters(i % 40),
            i % 28 + 1,
            i % 9
        ));
    }
    let file = env.dir().join("notes.csv");
    std::fs::write(&file, csv).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);

    // Each held the whole notebook as a JSON value (and, for the folder, as
    // records too): 160 MB and more for these 24 MB.
    let budget = 40 * 1024;
    for args in [
        &["export", "--redact"][..],
        &["export", "--redact", "--format", "csv", "--kind", "notes"],
        &["export", "--redact", "--format", "md"],
    ] {
        let (peak, bytes) = peak_kib(&env, args);
        assert!(bytes > 20_000_000, "pm {args:?} printed only {bytes} bytes");
        assert!(peak > 0 && peak < budget, "pm {args:?} peaked at {peak} KiB (budget {budget} KiB)");
    }
    let folder = env.dir().join("shared");
    let shared = folder.to_str().unwrap();
    for args in [&["export", "--dir", shared][..], &["export", "--redact", "--dir", shared]] {
        let (peak, _) = peak_kib(&env, args);
        assert!(peak > 0 && peak < budget, "pm {args:?} peaked at {peak} KiB (budget {budget} KiB)");
    }
    // Every note has its file, redacted: the second export rewrote the first's.
    let notes: Vec<_> = std::fs::read_dir(folder.join("notes")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(notes.len(), 2_000);
    let one = std::fs::read_to_string(&notes[0]).unwrap();
    assert!(one.contains("who = \"Person ") && !one.contains("Person a\""), "{one}");
}

#[test]
#[cfg(target_os = "linux")]
fn import_of_a_json_export_of_30_000_notes_linked_to_stories_stays_under_48_mb() {
    let a = TestEnv::new();
    let stories = a.dir().join("stories.csv");
    let mut csv = String::from("request\n");
    for i in 0..200 {
        csv.push_str(&format!("\"Story {i}: export to the warehouse faster\"\n"));
    }
    std::fs::write(&stories, csv).unwrap();
    a.ok(&["import", stories.to_str().unwrap()]);
    let mut csv = String::from("body,who,org,on,tags,stories\n");
    let words = "export import report latency onboarding pricing invoice customer dashboard mobile sync";
    for i in 0..30_000 {
        csv.push_str(&format!(
            "\"Note {i}: {}\",Person {},Org {},2026-10-{:02},t{},S{};S{}\n",
            words.repeat(7),
            i % 300,
            i % 40,
            i % 28 + 1,
            i % 9,
            i % 200 + 1,
            (i * 7) % 200 + 1
        ));
    }
    let notes = a.dir().join("notes.csv");
    std::fs::write(&notes, csv).unwrap();
    a.ok(&["import", notes.to_str().unwrap()]);
    // A 25 MB export, read back into another notebook: the import held the whole
    // text and a JSON tree of it (several times its size).
    let b = TestEnv::new();
    let file = b.dir().join("export.json");
    a.ok(&["export", "--out", file.to_str().unwrap()]);
    assert!(std::fs::metadata(&file).unwrap().len() > 20_000_000);
    let budget = 48 * 1024;
    let (peak, _) = peak_kib(&b, &["import", file.to_str().unwrap()]);
    assert!(peak > 0 && peak < budget, "pm import of JSON peaked at {peak} KiB (budget {budget} KiB)");
    // Everything arrived, with the ids it had: notes, tags, and the stories' evidence.
    let n = b.json(&["note", "show", "N30000"]);
    assert!(n["body"].as_str().unwrap().starts_with("Note 29999: "), "{n}");
    assert_eq!(n["tags"], serde_json::json!(["t2"]));
    let tagged = b.json(&["note", "list", "--tag", "t3"]);
    assert_eq!(tagged.as_array().unwrap().len(), (0..30_000).filter(|i| i % 9 == 3).count());
    let s1 = b.json(&["story", "show", "S1"]);
    let linked = (0..30_000).filter(|i| i % 200 == 0 || (i * 7) % 200 == 0).count();
    assert_eq!(s1["evidence_count"], linked, "{s1}");
}
