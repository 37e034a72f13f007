//! The one-page HTML brief: parsed and checked for its structure, escaping and
//! self-containment; and rendered by a real browser (headless Chromium) when
//! one is installed.

use crate::common::TestEnv;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// A notebook of realistic size: a vision, pillars, people in segments, scored
/// stories on every horizon, quotes, a mock-up, and hostile text.
fn notebook(env: &TestEnv) {
    env.ok(&["vision", "set", "Help product teams <decide> with evidence"]);
    env.ok(&["vision", "pillar", "add", "Trust"]);
    env.ok(&["vision", "pillar", "add", "Speed"]);
    let segments = ["enterprise", "smb", "startup"];
    for i in 0..30 {
        let day = format!("2026-11-{:02}", 1 + (i % 19));
        let who = format!("Person{i} Lastname{i}");
        let seg = segments[i % 3];
        env.ok(&[
            "note",
            &format!("Need export number {i}"),
            "--who",
            &who,
            "--org",
            &format!("Org{}", i % 5),
            "--segment",
            seg,
            "--on",
            &day,
        ]);
    }
    env.ok(&[
        "note",
        "<script>alert('x')</script> we need SSO",
        "--who",
        "Alice Ng",
        "--org",
        "Acme Corp",
        "--segment",
        "enterprise",
    ]);
    let stories = [
        ("When IT reviews a tool, I want SSO, so that IT approves", "Trust", "3", "N31"),
        ("When finance closes, I want CSV export, so that numbers match", "Speed", "1", "N1"),
        ("When I tidy tags, I want bulk edit, so that I save time", "Speed", "2", "N2"),
        ("When it is late, I want dark mode, so that my eyes rest", "Trust", "5", "N3"),
        ("When I <script>hack</script>, I want escapes, so that pages are safe", "Trust", "2", "N4"),
    ];
    for (i, (text, pillar, effort, note)) in stories.iter().enumerate() {
        let reach = format!("{}", 10 + i * 15);
        env.ok(&[
            "story",
            text,
            "--pillar",
            pillar,
            "--reach",
            &reach,
            "--impact",
            "2",
            "--confidence",
            "80",
            "--effort",
            effort,
            "--evidence",
            note,
        ]);
    }
    env.ok(&["story", "link", "S1", "N31", "--quote", "<script>alert(1)</script> or we walk"]);
    for (s, h) in [("S1", "now"), ("S2", "now"), ("S3", "next"), ("S4", "later"), ("S5", "next")] {
        env.ok(&["story", "plan", s, h]);
    }
    let png = env.dir().join("mockup.png");
    std::fs::write(&png, include_bytes!("../../docs/fixtures/mockup.png")).unwrap();
    env.ok(&["story", "attach", "S1", png.to_str().unwrap(), "--caption", "Login <dialog>"]);
    let svg = env.dir().join("flow.svg");
    std::fs::write(&svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><script>alert(2)</script><rect width=\"40\" height=\"20\" fill=\"#09f\"/></svg>").unwrap();
    env.ok(&["story", "attach", "S2", svg.to_str().unwrap()]);
    env.ok(&["story", "attach", "S2", "https://figma.com/file/abc"]);
}

fn brief(env: &TestEnv, args: &[&str]) -> (String, Html) {
    let out = env.dir().join("brief.html");
    let mut all = args.to_vec();
    all.extend(["--format", "html", "--out", out.to_str().unwrap()]);
    env.ok(&all);
    let text = std::fs::read_to_string(&out).unwrap();
    let doc = Html::parse_document(&text);
    (text, doc)
}

#[test]
fn the_brief_has_its_sections_charts_and_images_and_escapes_all_text() {
    let env = TestEnv::new();
    notebook(&env);
    let (text, doc) = brief(&env, &["report"]);
    for id in ["vision", "roadmap", "top-stories", "charts", "mockups"] {
        assert_eq!(doc.select(&sel(&format!("section#{id}"))).count(), 1, "section {id}");
    }
    assert_eq!(doc.select(&sel("#roadmap .column")).count(), 3);
    let statement: String = doc.select(&sel("#vision .statement")).next().unwrap().text().collect();
    assert_eq!(statement, "Help product teams <decide> with evidence");
    // One chart of each kind, each an SVG.
    for kind in ["matrix", "evidence", "share"] {
        let figs: Vec<_> = doc.select(&sel(&format!("figure[data-chart={kind}]"))).collect();
        assert_eq!(figs.len(), 1, "{kind}");
        assert_eq!(figs[0].select(&sel("svg")).count(), 1, "{kind} is an SVG");
    }
    let labels = |kind: &str| -> Vec<String> {
        doc.select(&sel(&format!("figure[data-chart={kind}] text")))
            .map(|t| t.text().collect::<String>().trim().to_string())
            .collect()
    };
    let report = env.json(&["report"]);
    for s in report["stories"].as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        assert!(labels("matrix").iter().any(|l| l == id), "a label for {id}: {:?}", labels("matrix"));
    }
    for seg in ["enterprise", "smb", "startup"] {
        assert!(labels("evidence").iter().any(|l| l == seg), "legend {seg}: {:?}", labels("evidence"));
    }
    assert!(labels("share").iter().any(|l| l.starts_with("Trust (")), "{:?}", labels("share"));
    assert!(labels("share").iter().any(|l| l.starts_with("Speed (")), "{:?}", labels("share"));
    // Mock-ups are data URLs, the SVG one too (never inlined); links are not loaded.
    let imgs: Vec<String> =
        doc.select(&sel("img")).map(|i| i.value().attr("src").unwrap().to_string()).collect();
    assert_eq!(imgs.len(), 2, "{imgs:?}");
    assert!(imgs.iter().any(|i| i.starts_with("data:image/png;base64,iVBORw0KGgo")), "the PNG");
    assert!(imgs.iter().any(|i| i.starts_with("data:image/svg+xml;base64,")), "the SVG, as an image");
    // No script anywhere, and stored text shows as text.
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert!(!text.contains("<script"), "no raw <script in the page");
    assert!(text.contains("&lt;script&gt;"), "the hostile text is escaped, not dropped");
    let quotes: String = doc.select(&sel("blockquote")).flat_map(|q| q.text()).collect();
    assert!(quotes.contains("<script>alert(1)</script> or we walk"), "{quotes}");
    // Nothing is loaded from elsewhere.
    for el in doc.select(&sel("[src], link[href], [href]")) {
        for attr in ["src", "href"] {
            if let Some(v) = el.value().attr(attr) {
                assert!(v.starts_with("data:") || v.starts_with('#'), "{attr}={v}");
            }
        }
    }
    assert!(!text.contains("@import") && !text.contains("url(http"), "no CSS loaded from the network");
    assert!(text.contains("@media print") && text.contains("size: A4"), "print CSS for A4");
}

#[test]
fn the_exec_brief_has_no_names_quotes_or_ids_and_the_roadmap_page_stands_alone() {
    let env = TestEnv::new();
    notebook(&env);
    let (text, doc) = brief(&env, &["report", "--for", "exec"]);
    assert_eq!(doc.select(&sel("blockquote")).count(), 0, "no quotes for executives");
    for name in ["Alice", "Acme", "Person1 ", "Lastname", "Org1", "walk"] {
        assert!(!text.contains(name), "exec brief names {name}");
    }
    assert_eq!(doc.select(&sel("#roadmap .id")).count(), 0, "no ids");

    let (text, doc) = brief(&env, &["roadmap"]);
    assert_eq!(doc.select(&sel("section#roadmap")).count(), 1);
    assert_eq!(doc.select(&sel("figure[data-chart=share] svg")).count(), 1);
    assert!(doc.select(&sel("#roadmap li")).count() == 5, "{text}");
    let err = env.fail(&["note", "list", "--format", "html"]);
    assert!(err.contains("--format html: only pm report and pm roadmap"), "{err}");
}

/// Headless Chromium renders the brief to a PNG and a PDF; the PNG is not blank.
#[test]
fn a_real_browser_renders_the_brief() {
    let Some(chromium) = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| std::process::Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        eprintln!("NOTICE: chromium is not installed: the real-browser test of the brief is skipped");
        return;
    };
    let env = TestEnv::new();
    notebook(&env);
    let (_, _) = brief(&env, &["report"]);
    let page = env.dir().join("brief.html");
    let png = env.dir().join("brief.png");
    let pdf = env.dir().join("brief.pdf");
    let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"];
    let url = format!("file://{}", page.display());
    let shot = std::process::Command::new(chromium)
        .args(common)
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1200,1600")
        .arg(&url)
        .output()
        .unwrap();
    assert!(shot.status.success(), "{}", String::from_utf8_lossy(&shot.stderr));
    let printed = std::process::Command::new(chromium)
        .args(common)
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(&url)
        .output()
        .unwrap();
    assert!(printed.status.success(), "{}", String::from_utf8_lossy(&printed.stderr));
    let pdf_bytes = std::fs::read(&pdf).unwrap();
    assert!(pdf_bytes.starts_with(b"%PDF") && pdf_bytes.len() > 5000, "a PDF of {} bytes", pdf_bytes.len());
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    let distinct = distinct_colours(&bytes);
    assert!(distinct > 20, "the screenshot is blank ({distinct} colours)");
    if let Ok(dir) = std::env::var("PM_BRIEF_SCREENSHOT") {
        std::fs::copy(&png, dir).unwrap();
    }
}

/// How many distinct colours a PNG holds (decoded with the `png` crate).
fn distinct_colours(bytes: &[u8]) -> usize {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    let mut seen = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks(step) {
        seen.insert(px.to_vec());
        if seen.len() > 1000 {
            break;
        }
    }
    seen.len()
}
