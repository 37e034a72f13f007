//! Mock-ups and links on stories: attached, listed, written back out, carried by
//! every export, removed with the story, brought back by undo.

use crate::common::TestEnv;

/// A small valid-looking PNG (signature, then bytes that differ per `seed`).
fn png(seed: u8) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend((0..4000u32).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    b
}

fn attach_two(env: &TestEnv) -> Vec<u8> {
    env.ok(&["story", "When I export, I want CSV, so that finance is happy"]);
    let bytes = png(7);
    let file = env.dir().join("mockup.png");
    std::fs::write(&file, &bytes).unwrap();
    let said = env.ok(&["story", "attach", "S1", file.to_str().unwrap(), "--caption", "Export dialog, v2"]);
    assert_eq!(said.trim(), "S1: attachment 1 mockup.png (png)");
    env.ok(&["story", "attach", "S1", "https://figma.com/file/abc", "--caption", "Prototype"]);
    bytes
}

#[test]
fn images_and_links_are_attached_listed_and_written_back() {
    let env = TestEnv::new();
    let bytes = attach_two(&env);
    let svg = env.dir().join("flow.svg");
    std::fs::write(
        &svg,
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    )
    .unwrap();
    env.ok(&["story", "attach", "S1", svg.to_str().unwrap()]);
    let shown = env.ok(&["story", "show", "S1"]);
    assert!(shown.contains("attachments:"), "{shown}");
    assert!(shown.contains("1  mockup.png (png, 3.9 KB)  Export dialog, v2"), "{shown}");
    assert!(shown.contains("2  https://figma.com/file/abc (link)  Prototype"), "{shown}");
    assert!(shown.contains("3  flow.svg (svg"), "{shown}");
    let json = env.json(&["story", "show", "S1"]);
    let a = &json["attachments"];
    assert_eq!(a[0]["name"], "mockup.png");
    assert_eq!(a[0]["kind"], "png");
    assert_eq!(a[0]["size"], 4008);
    assert_eq!(a[0]["caption"], "Export dialog, v2");
    assert_eq!(a[1]["url"], "https://figma.com/file/abc");
    assert!(a[0]["data"].is_null(), "bytes only in the export");

    let out = env.dir().join("back.png");
    env.ok(&["story", "attachment", "get", "S1", "1", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let err = env.fail(&["story", "attachment", "get", "S1", "2", "--out", out.to_str().unwrap()]);
    assert!(err.contains("is a link") && err.contains("figma.com"), "{err}");
    let err = env.fail(&["story", "attachment", "get", "S1", "9", "--out", out.to_str().unwrap()]);
    assert!(err.contains("S1 has no attachment 9"), "{err}");
    let db = env.db();
    let err = env.fail(&["story", "attachment", "get", "S1", "1", "--out", db.to_str().unwrap()]);
    assert!(err.contains("--out"), "never over the notebook: {err}");
}

#[test]
fn what_is_not_an_image_or_too_big_is_refused_clearly() {
    let env = TestEnv::new();
    env.ok(&["story", "Dark mode"]);
    let before = env.change_count();
    let pdf = env.dir().join("spec.png");
    std::fs::write(&pdf, b"%PDF-1.7 not an image").unwrap();
    let err = env.fail(&["story", "attach", "S1", pdf.to_str().unwrap()]);
    assert!(err.contains("is not a PNG, JPEG, SVG or GIF image"), "{err}");
    let big = env.dir().join("huge.png");
    let mut bytes = png(1);
    bytes.resize(10 * 1024 * 1024 + 1, 0);
    std::fs::write(&big, &bytes).unwrap();
    let err = env.fail(&["story", "attach", "S1", big.to_str().unwrap()]);
    assert!(err.contains("attachments are at most 10 MB"), "{err}");
    let err = env.fail(&["story", "attach", "S1", env.dir().join("nope.png").to_str().unwrap()]);
    assert!(err.contains("cannot read") && err.contains("nope.png"), "{err}");
    let small = env.dir().join("small.png");
    std::fs::write(&small, png(2)).unwrap();
    let err = env.fail(&["story", "attach", "S9", small.to_str().unwrap()]);
    assert!(err.contains("S9"), "{err}");
    assert_eq!(env.change_count(), before, "nothing changed");
    // Exactly at the limit is accepted.
    bytes.truncate(10 * 1024 * 1024);
    std::fs::write(&big, &bytes).unwrap();
    env.ok(&["story", "attach", "S1", big.to_str().unwrap()]);
}

#[test]
fn the_folder_export_writes_attachments_as_files_and_reads_them_back_identical() {
    let env = TestEnv::new();
    let bytes = attach_two(&env);
    let folder = env.dir().join("shared");
    env.ok(&["export", "--dir", folder.to_str().unwrap()]);
    let files: Vec<_> =
        std::fs::read_dir(folder.join("attachments")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(std::fs::read(&files[0]).unwrap(), bytes, "the file beside the records is the image");
    let record = std::fs::read_to_string(
        std::fs::read_dir(folder.join("stories")).unwrap().next().unwrap().unwrap().path(),
    )
    .unwrap();
    assert!(!record.contains("data ="), "no base64 in the record: {record}");

    let other = TestEnv::new();
    other.ok(&["import", "--dir", folder.to_str().unwrap()]);
    let out = other.dir().join("back.png");
    other.ok(&["story", "attachment", "get", "S1", "1", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "byte-identical after the round trip");
    assert_eq!(other.json(&["story", "show", "S1"])["attachments"][1]["url"], "https://figma.com/file/abc");
}

#[test]
fn the_json_export_carries_the_bytes_base64() {
    let env = TestEnv::new();
    let bytes = attach_two(&env);
    let exported = env.json(&["export"]);
    let data = exported["stories"][0]["attachments"][0]["data"].as_str().unwrap();
    assert!(data.starts_with("iVBORw0KGgo"), "base64 of a PNG: {}", &data[..20]);
    let file = env.dir().join("all.json");
    env.ok(&["export", "--out", file.to_str().unwrap()]);
    let other = TestEnv::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let out = other.dir().join("back.png");
    other.ok(&["story", "attachment", "get", "S1", "1", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), bytes);

    // A damaged export is refused, naming the attachment.
    let text = std::fs::read_to_string(&file).unwrap().replace(data, "!!not base64!!");
    std::fs::write(&file, text).unwrap();
    let third = TestEnv::new();
    let err = third.fail(&["import", file.to_str().unwrap()]);
    assert!(err.contains("mockup.png") && err.contains("base64"), "{err}");
}

#[test]
fn removing_the_story_removes_its_attachments_and_undo_brings_them_back() {
    let env = TestEnv::new();
    let bytes = attach_two(&env);
    let count = |env: &TestEnv| -> i64 {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.query_row("SELECT count(*) FROM attachments", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(count(&env), 2);
    env.ok(&["story", "rm", "S1", "--yes"]);
    assert_eq!(count(&env), 0, "the bytes go with the story");
    env.ok(&["undo"]);
    assert_eq!(count(&env), 2);
    let out = env.dir().join("back.png");
    env.ok(&["story", "attachment", "get", "S1", "1", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "undo gives the same bytes back");
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(count(&env), 0, "undoing the attach removes it");
}

#[test]
fn forget_removes_a_person_from_captions_and_their_story_attachments_go_with_it() {
    let env = TestEnv::new();
    env.ok(&["note", "I need SSO", "--who", "Alice Ng"]);
    env.ok(&["story", "When I log in, I want SSO, so that IT approves", "--from", "Alice Ng"]);
    let file = env.dir().join("alice.png");
    std::fs::write(&file, png(3)).unwrap();
    env.ok(&["story", "attach", "S1", file.to_str().unwrap(), "--caption", "Sketch from Alice Ng"]);
    env.ok(&["forget", "Alice Ng", "--yes"]);
    let shown = env.ok(&["story", "show", "S1"]);
    assert!(!shown.contains("Alice"), "{shown}");
    let raw = std::fs::read(env.db()).unwrap();
    assert!(!raw.windows(5).any(|w| w == b"Alice"), "the name is nowhere in the file");
    // Removing the story and forgetting it from the log leaves no bytes behind.
    env.ok(&["story", "rm", "S1", "--yes"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM attachments", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}
