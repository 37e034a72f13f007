//! The README's tour, run as written: every command line of its `sh` block, in
//! a fresh folder, through bash (pipes and `&&` included), must succeed.
//! Output is not compared (the tour changes as pm grows); a few key results are.

use std::path::Path;
use std::process::Command;

/// The command lines of the first `sh` block after `heading`, with `\` line
/// continuations joined; blank lines and comment lines dropped.
fn commands(readme: &str, heading: &str) -> Vec<String> {
    let section = &readme[readme.find(heading).expect("the tour heading")..];
    let block = section.split("```sh\n").nth(1).expect("an sh block").split("```").next().unwrap();
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for line in block.lines() {
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(line);
        let command = std::mem::take(&mut pending);
        if !command.trim().is_empty() && !command.trim_start().starts_with('#') {
            out.push(command);
        }
    }
    out
}

fn copy_examples(root: &Path, to: &Path) {
    let examples = to.join("examples");
    std::fs::create_dir_all(&examples).unwrap();
    for f in std::fs::read_dir(root.join("examples")).unwrap().flatten() {
        std::fs::copy(f.path(), examples.join(f.file_name())).unwrap();
    }
}

/// Item 20: the tour runs as written, line by line.
#[test]
fn readme_20_the_tour_runs_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let lines = commands(&readme, "## A five-minute tour");
    assert!(lines.len() > 30, "the tour was found: {lines:?}");

    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    copy_examples(root, &work);
    // `pm` on the PATH, and `pbpaste` (macOS) as a stand-in clipboard.
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("pm"), bin.join("pm")).unwrap();
    let pbpaste = bin.join("pbpaste");
    std::fs::write(&pbpaste, "#!/bin/sh\necho 'Sales call: they want SSO before the renewal'\n").unwrap();
    std::fs::set_permissions(&pbpaste, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    // What a person would type into `pm note` (read from stdin when it is not a terminal).
    let typed = dir.path().join("typed.txt");
    std::fs::write(&typed, "Typed after the call: onboarding took a week\n").unwrap();

    for line in &lines {
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", line])
            .env_clear()
            .env("PATH", &path)
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", dir.path().join("xdg-config"))
            .env("PM_NOW", "2026-11-20T09:00:00Z")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .current_dir(&work)
            .stdin(std::fs::File::open(&typed).unwrap())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README tour line failed ({:?}):\n  {line}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(work.join(".pm/notebook.db").is_file(), "pm init made the notebook here");
    assert!(work.join("planning.md").is_file() && work.join("notebook.json").is_file());
    assert!(dir.path().join("backups").join("notebook.db").is_file());
}

/// The sample export the tour imports reads as stories with their requesters.
#[test]
fn readme_20_the_sample_canny_export_imports() {
    let env = crate::common::TestEnv::new();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/canny.csv");
    let f = file.to_str().unwrap();
    env.ok(&["import", f, "--kind", "stories", "--map", "request=Title", "--map", "from=Author"]);
    let stories = env.json(&["story", "list"]);
    assert_eq!(stories.as_array().unwrap().len(), 6, "{stories}");
    assert_eq!(env.json(&["story", "show", "S1"])["requested_by"], "Priya Raman");
}
