//! Flat memory: listing and exporting a large notebook hold one record at a time,
//! not the notebook (`pm note list --format json` held 345 MB at 100,000 notes,
//! `pm export` nine times the file it wrote).

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
