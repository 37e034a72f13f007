//! Output that fits: tables no wider than the terminal at any width from 60, ids
//! never cut; and Markdown that a CommonMark renderer reads as intended.

use crate::common::TestEnv;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthStr;

/// Long titles, long names, CJK and emoji, a `|` in stored text.
fn crowded(env: &TestEnv) {
    env.ok(&["vision", "set", "Every operator plans a hot-day departure in minutes, not an afternoon"]);
    env.ok(&["vision", "pillar", "add", "high altitude operations for mountain airports"]);
    let notes: [(&str, &str, &str, &str); 4] = [
        (
            "Taking off from Denver at noon in July is our worst case. Show me the runway margin before I commit.",
            "Maximilian Alexander von Hohenzollern-Sigmaringen",
            "Pacific Charter & Mountain Air Holdings International",
            "charter",
        ),
        (
            "東京の夏は暑くて、積載量が三分の一減ります。計算機が必要です。",
            "山田太郎",
            "日本航空サービス株式会社",
            "regional",
        ),
        (
            "Exports 😀😀 take an hour | we gave up 🚀 and went back to spreadsheets",
            "Zoë",
            "Café ☕ Ops",
            "smb",
        ),
        (
            "supercalifragilisticexpialidocious-weight-and-balance-spreadsheet-rebuild-every-morning",
            "Ann",
            "Acme",
            "smb",
        ),
    ];
    for (body, who, org, segment) in notes {
        env.note(&[
            body,
            "--who",
            who,
            "--org",
            org,
            "--segment",
            segment,
            "--source",
            "interview",
            "--tag",
            "hot-day-operations-at-altitude",
            "--tag",
            "夏",
        ]);
    }
    env.ok(&[
        "story",
        "When the forecast for departure is over 30°C at a high-altitude airport, I want to see the payload limit for the forecast temperature, so I can keep the full load on hot days",
        "--pillar",
        "high altitude operations for mountain airports",
        "--evidence",
        "N1",
        "--evidence",
        "N2",
        "--impact",
        "3",
        "--effort",
        "2",
    ]);
    env.ok(&[
        "story",
        "積載量の計算機を夏のために作る 🚀 東京と大阪の便",
        "--evidence",
        "N2",
        "--impact",
        "2",
        "--effort",
        "4",
    ]);
    env.ok(&[
        "story",
        "CSV | export 😀 of every note with its tags and stories for the finance team",
        "--title",
        "CSV | export 😀 of every note with its tags and stories for the finance team's quarterly review",
        "--evidence",
        "N3",
        "--impact",
        "1",
        "--effort",
        "1",
    ]);
    env.ok(&["story", "supercalifragilisticexpialidocious-weight-and-balance-rebuild", "--evidence", "N4"]);
    env.ok(&[
        "checkin",
        "Spike review with the whole engineering team",
        "--with",
        "Maximilian Alexander von Hohenzollern-Sigmaringen",
        "--at",
        "2026-11-24 10:00",
    ]);
    env.ok(&[
        "decision",
        "Payload limits before the non-stop range work 日本語",
        "--why",
        "hot-day payload loses deals this summer",
    ]);
}

fn at_width(env: &TestEnv, columns: u16, args: &[&str]) -> String {
    let out = env.cmd(args).env("COLUMNS", columns.to_string()).output().expect("pm runs");
    assert!(out.status.success(), "pm {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn no_line_is_wider_than_the_terminal_and_ids_are_whole() {
    let env = TestEnv::new();
    crowded(&env);
    let commands: [(&[&str], &[&str]); 4] = [
        (&["report"], &["S1", "S2", "S3", "N1", "N2", "N3", "C1", "D1"]),
        (&["story", "list"], &["S1", "S2", "S3", "S4"]),
        (&["note", "list"], &["N1", "N2", "N3", "N4", "2026-11-20"]),
        (&["search", "payload"], &["S1", "D1"]),
    ];
    for columns in [60u16, 80, 100, 140] {
        for (args, ids) in &commands {
            let out = at_width(&env, columns, args);
            for line in out.lines() {
                assert!(
                    line.width() <= columns as usize,
                    "pm {args:?} at {columns}: {} cells:\n{line}\n\n{out}",
                    line.width()
                );
            }
            for id in *ids {
                assert!(
                    out.split(|c: char| !c.is_alphanumeric() && c != '-').any(|w| w == *id),
                    "pm {args:?} at {columns}: {id} is not whole:\n{out}"
                );
            }
            // (A search hit is an excerpt: its "…" says where the note goes on.)
            if args[0] != "search" {
                assert!(!out.contains('…'), "pm {args:?} at {columns}: nothing is cut:\n{out}");
            }
        }
    }
    // The title column wraps instead of being cut to a stub: every word of it is there.
    let list = at_width(&env, 60, &["story", "list"]);
    for word in ["quarterly", "review", "finance"] {
        assert!(list.contains(word), "{word} in:\n{list}");
    }
    // --wide shows everything, however wide.
    let wide = at_width(&env, 60, &["note", "list", "--wide"]);
    assert!(wide.contains("Maximilian Alexander von Hohenzollern-Sigmaringen"), "{wide}");
    assert!(wide.lines().any(|l| l.width() > 60));
}

/// The structure a CommonMark renderer sees: each `##` section's headings, list
/// items, paragraphs and table rows.
#[derive(Debug, Default)]
struct Section {
    title: String,
    paragraphs: Vec<String>,
    items: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn structure(md: &str) -> (Vec<String>, Vec<Section>) {
    let mut h1 = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut text = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut level = None;
    for event in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) => {
                level = Some(l);
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                match level {
                    Some(HeadingLevel::H1) => h1.push(text.clone()),
                    _ => sections.push(Section { title: text.clone(), ..Section::default() }),
                }
                level = None;
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => text.clear(),
            Event::End(TagEnd::Paragraph) => {
                if let Some(s) = sections.last_mut() {
                    s.paragraphs.push(std::mem::take(&mut text));
                }
            }
            Event::End(TagEnd::Item) | Event::Start(Tag::List(_)) => {
                if !text.is_empty()
                    && let Some(s) = sections.last_mut()
                {
                    s.items.push(text.trim().to_string());
                }
                text.clear();
            }
            Event::End(TagEnd::TableCell) => row.push(text.clone()),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                if let Some(s) = sections.last_mut() {
                    s.rows.push(std::mem::take(&mut row));
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    (h1, sections)
}

#[test]
fn the_markdown_report_has_real_headings_lists_and_tables() {
    let env = TestEnv::new();
    crowded(&env);
    env.ok(&["report", "--record", "Kickoff"]);
    env.set_now("2026-11-27T09:00:00Z");
    env.ok(&["story", "Offline mode | sync"]);
    let md = env.ok(&["report", "--format", "md"]);
    assert!(!md.contains('…'), "nothing cut:\n{md}");
    let (h1, sections) = structure(&md);
    assert_eq!(h1, ["Planning report · 2026-11-27"]);
    let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Vision",
            "Ranked stories",
            "Shipped since the meeting 'Kickoff' (2026-11-20 09:12)",
            "Priority matrix",
            "Evidence",
            "In the customers' words",
            "Check-ins",
            "Decisions",
            "Changes",
            "Alignment",
        ]
    );
    for s in &sections {
        assert!(
            !(s.paragraphs.is_empty() && s.items.is_empty() && s.rows.is_empty()),
            "{} is an empty section:\n{md}",
            s.title
        );
    }
    let get = |t: &str| sections.iter().find(|s| s.title.starts_with(t)).unwrap();
    // The ranked table: a header and a row per story, eight cells each, the `|` kept in its cell.
    let ranked = &get("Ranked stories").rows;
    assert_eq!(ranked.len(), 4, "{ranked:?}");
    assert!(ranked.iter().all(|r| r.len() == 9), "{ranked:?}");
    assert_eq!(ranked[0][..3], ["#", "id", "title"]);
    assert!(
        ranked.iter().any(|r| r[2]
            == "CSV | export 😀 of every note with its tags and stories for the finance team's quarterly review"),
        "{ranked:?}"
    );
    assert!(get("Ranked stories").items.iter().any(|i| i.starts_with("S4 ")), "unscored as a list");
    // Evidence lines are list items, not one run-together paragraph.
    let evidence = &get("Evidence").items;
    assert_eq!(evidence.len(), 4, "{evidence:?}");
    assert!(evidence[0].starts_with("By source:") && evidence[3].starts_with("People heard from:"));
    // The customers' words: a quote under its story, with who and when.
    let words = &get("In the customers' words").items;
    assert!(words.iter().any(|i| i.contains("积") || i.contains("積載量")), "{words:?}");
    assert!(
        words.iter().any(|i| i.starts_with("“Taking off from Denver") && i.contains("2026-11-20")),
        "{words:?}"
    );
    // The sentence after the alignment table is a paragraph, not a row of it.
    let alignment = get("Alignment");
    assert!(alignment.rows.iter().all(|r| r.len() == 4), "{:?}", alignment.rows);
    assert!(alignment.paragraphs.iter().any(|p| p.starts_with("Ranked stories that point at no pillar")));
    let changes = get("Changes");
    assert_eq!(changes.items, ["New: S5 Offline mode | sync"]);
    assert_eq!(get("Shipped").paragraphs, ["none"]);
    let matrix = &get("Priority matrix").rows;
    assert_eq!(matrix.len(), 3, "{matrix:?}");
}
