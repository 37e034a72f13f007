//! The planning report as a meeting document: meetings as the baseline, what the
//! meeting needs to see, the customers' words, and a matrix that holds still.

use crate::common::TestEnv;
use serde_json::{Value, json};

/// Three scored stories with evidence, one unscored, a vision and a pillar.
fn notebook(env: &TestEnv) {
    env.ok(&["vision", "set", "Denver to Honolulu on a hot day"]);
    env.ok(&["vision", "pillar", "add", "high altitude"]);
    env.note(&[
        "We lose a third of payload in August. The coffee is fine.",
        "--who",
        "Maya",
        "--org",
        "Pacific",
        "--segment",
        "charter",
        "--source",
        "interview",
        "--on",
        "2026-11-10",
    ]);
    env.note(&[
        "Dispatch rebuilds weight sheets by hand. Payload limits would save an hour.",
        "--who",
        "Luis",
        "--segment",
        "regional",
        "--source",
        "support",
        "--on",
        "2026-11-12",
    ]);
    env.ok(&[
        "story",
        "Payload limit for the forecast",
        "--pillar",
        "high altitude",
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
        "Non-stop to Honolulu",
        "--reach",
        "1",
        "--impact",
        "3",
        "--confidence",
        "50",
        "--effort",
        "8",
    ]);
    env.ok(&[
        "story",
        "CSV export",
        "--reach",
        "5",
        "--impact",
        "0.5",
        "--confidence",
        "100",
        "--effort",
        "1",
    ]);
    env.ok(&["story", "Dark mode"]);
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_report_records_nothing_and_preview_then_record_then_preview_agree() {
    let env = TestEnv::new();
    notebook(&env);
    env.ok(&["report", "--record", "Kickoff"]);
    env.set_now("2026-11-27T09:00:00Z");
    env.ok(&["story", "score", "S3", "--effort", "2"]);
    env.ok(&["story", "Offline mode"]);
    let changes_before = env.change_count();
    let preview = env.json(&["report"]);
    let out = env.dir().join("planning.md");
    env.ok(&["report", "--format", "md", "--out", out.to_str().unwrap()]);
    env.ok(&["report"]);
    assert_eq!(env.change_count(), changes_before, "previews record nothing");
    let again = env.json(&["report"]);
    assert_eq!(preview["changes"], again["changes"], "a preview never moves the baseline");
    assert_eq!(preview["changes"]["new_stories"], json!(["S5"]));
    assert_eq!(preview["meeting"]["name"], "Kickoff");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("New: S5 Offline mode"), "{md}");

    let recorded = env.json(&["report", "--record", "Q1 planning"]);
    assert_eq!(recorded["changes"], preview["changes"], "the record shows what the preview showed");
    let pinned = env.json(&["report", "--meeting", "Q1 planning"]);
    assert_eq!(pinned["changes"], preview["changes"], "and so does the meeting, shown again");
    let since_kickoff = env.json(&["report", "--since", "Kickoff"]);
    assert_eq!(since_kickoff["changes"], preview["changes"]);
    let after = env.json(&["report"]);
    assert_eq!(after["meeting"]["name"], "Q1 planning", "the new meeting is the baseline");
    assert_eq!(after["changes"]["new_stories"], json!([]));
}

#[test]
fn a_recorded_meeting_renders_again_byte_for_byte() {
    let env = TestEnv::new();
    notebook(&env);
    let table = env.ok(&["report", "--record", "Q1 planning"]);
    env.set_now("2026-11-27T09:00:00Z");
    env.ok(&["story", "status", "S1", "shipped"]);
    env.ok(&["story", "Offline mode", "--impact", "3"]);
    env.note(&["Another voice", "--story", "S3"]);
    assert_eq!(env.ok(&["report", "--meeting", "q1 PLANNING"]), table, "names match without case");
    let md = env.ok(&["report", "--since", "2026-11-01", "--format", "md"]);
    assert!(!md.is_empty());
    // Each format of the meeting reads the report as it was.
    let json = env.ok(&["report", "--meeting", "Q1 planning", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["generated"], "2026-11-20T09:08:00Z");
    assert_eq!(ids(&v["stories"]), ["S3", "S1", "S2"]);
    let md1 = env.ok(&["report", "--meeting", "Q1 planning", "--format", "md"]);
    let md2 = env.ok(&["report", "--meeting", "Q1 planning", "--format", "md"]);
    assert_eq!(md1, md2);
    assert!(md1.contains("| 1 | S3 | CSV export |"), "{md1}");
    // And the JSON is what recording printed.
    let env2 = TestEnv::new();
    notebook(&env2);
    let printed = env2.ok(&["report", "--record", "Q1", "--format", "json"]);
    env2.ok(&["story", "rm", "S1", "--yes"]);
    assert_eq!(env2.ok(&["report", "--meeting", "Q1", "--format", "json"]), printed);
    let e = env.fail(&["report", "--meeting", "Q7"]);
    assert!(e.contains("--meeting: no meeting 'Q7'"), "{e}");
}

#[test]
fn since_takes_a_meeting_last_or_a_natural_date() {
    let env = TestEnv::new(); // 2026-11-20
    notebook(&env);
    env.ok(&["report", "--record", "Kickoff"]);
    env.set_now("2026-11-24T09:00:00Z");
    env.ok(&["story", "Offline mode"]);
    env.ok(&["report", "--record", "Review"]);
    env.set_now("2026-11-27T09:00:00Z");
    env.ok(&["story", "Bulk edit"]);
    let r = env.json(&["report", "--since", "Kickoff"]);
    assert_eq!(r["meeting"]["name"], "Kickoff");
    assert_eq!(r["changes"]["new_stories"], json!(["S5", "S6"]));
    let r = env.json(&["report", "--since", "last"]);
    assert_eq!(r["meeting"]["name"], "Review");
    assert_eq!(r["changes"]["new_stories"], json!(["S6"]));
    let r = env.json(&["report"]);
    assert_eq!(r["meeting"]["name"], "Review", "the last meeting is the default");
    let r = env.json(&["report", "--since", "5 days ago"]);
    assert_eq!(r["meeting"], Value::Null);
    assert_eq!(r["since"], "2026-11-22");
    assert_eq!(r["changes"]["new_stories"], json!(["S5", "S6"]), "every section honours the date");
    let e = env.fail(&["report", "--since", "the other day"]);
    assert!(e.contains("--since"), "{e}");
    for bad in ["yesterday", "2026-11-20", "last friday", "last"] {
        let e = env.fail(&["report", "--record", bad]);
        assert!(e.contains("--record") && e.contains("date"), "{bad}: {e}");
    }
    let e = env.fail(&["report", "--record", "kickoff"]);
    assert!(e.contains("already a meeting 'Kickoff'"), "{e}");
}

#[test]
fn meetings_are_listed_renamed_and_removed() {
    let env = TestEnv::new();
    notebook(&env);
    env.ok(&["report", "--record", "Kickoff"]);
    env.ok(&["report", "--record", "Review"]);
    let list = env.json(&["meeting", "list"]);
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Kickoff", "Review"]);
    env.ok(&["meeting", "rename", "Review", "Q1 planning"]);
    assert!(env.ok(&["meeting", "list"]).contains("Q1 planning"));
    assert_eq!(env.json(&["report"])["meeting"]["name"], "Q1 planning");
    env.fail(&["meeting", "rename", "Q1 planning", "Kickoff"]);
    env.fail(&["meeting", "rename", "Nope", "Other"]);
    env.fail(&["meeting", "rename", "Kickoff", "yesterday"]);
    env.ok(&["meeting", "rm", "Q1 planning"]);
    assert_eq!(env.json(&["report"])["meeting"]["name"], "Kickoff");
    let e = env.fail(&["meeting", "rm", "Q1 planning"]);
    assert!(e.contains("no meeting 'Q1 planning'"), "{e}");
}

#[test]
fn overdue_checkins_stay_in_the_report_until_they_have_an_outcome() {
    let env = TestEnv::new(); // 2026-11-20
    notebook(&env);
    env.ok(&["checkin", "Spike review", "--with", "Dana", "--at", "2026-11-18 10:00"]);
    env.ok(&["checkin", "Pricing call", "--with", "Eli", "--at", "2026-11-25 10:00"]);
    let r = env.json(&["report"]);
    let c = r["checkins"].as_array().unwrap();
    assert_eq!(c.len(), 2, "{c:?}");
    assert_eq!((c[0]["id"].as_str(), c[0]["overdue"].as_bool()), (Some("C1"), Some(true)));
    assert_eq!((c[1]["id"].as_str(), c[1]["overdue"].as_bool()), (Some("C2"), Some(false)));
    let text = env.ok(&["report"]);
    assert!(text.contains("C1 overdue since 2026-11-18 10:00 with Dana: Spike review"), "{text}");
    env.ok(&["checkin", "done", "C1", "--outcome", "go"]);
    let r = env.json(&["report", "--since", "2026-11-01"]);
    let c = r["checkins"].as_array().unwrap();
    assert!(c.iter().all(|c| c["overdue"] == false), "{c:?}");
}

#[test]
fn shipped_and_dropped_stories_leave_the_ranking_and_shipped_ones_are_listed() {
    let env = TestEnv::new();
    notebook(&env);
    env.ok(&["report", "--record", "Kickoff"]);
    assert_eq!(ids(&env.json(&["report"])["stories"]), ["S3", "S1", "S2"]);
    env.set_now("2026-11-27T09:00:00Z");
    env.ok(&["story", "status", "S3", "shipped"]);
    env.ok(&["story", "status", "S2", "dropped", "--why", "no budget"]);
    env.ok(&["story", "status", "S4", "shipped"]);
    let r = env.json(&["report"]);
    assert_eq!(ids(&r["stories"]), ["S1"]);
    assert_eq!(
        r["shipped"],
        json!([{"id": "S3", "title": "CSV export"}, {"id": "S4", "title": "Dark mode"}])
    );
    assert_eq!(r["unscored"], json!([]), "a shipped story needs no score");
    let text = env.ok(&["report"]);
    assert!(text.contains("SHIPPED SINCE THE MEETING 'KICKOFF'"), "{text}");
    assert!(text.contains("- S3 CSV export\n- S4 Dark mode"), "{text}");
}

#[test]
fn a_story_keeps_its_quadrant_when_another_story_is_added() {
    let env = TestEnv::new();
    notebook(&env);
    let quadrant = |r: &Value, id: &str| -> String {
        ["quick_wins", "big_bets", "fill_ins", "money_pits"]
            .iter()
            .find(|q| r["matrix"][**q].as_array().unwrap().iter().any(|x| x == id))
            .map(|q| q.to_string())
            .unwrap_or_default()
    };
    let before = env.json(&["report"]);
    assert_eq!(quadrant(&before, "S1"), "quick_wins");
    assert_eq!(quadrant(&before, "S2"), "money_pits", "value 1.5 is under 2, effort 8 over 3: {before}");
    assert_eq!(before["matrix"]["value_threshold"], 2.0);
    assert_eq!(before["matrix"]["effort_threshold"], 3.0);
    // A story of far more value moved the old median split; the thresholds do not move.
    env.ok(&["story", "Huge", "--reach", "100", "--impact", "3", "--confidence", "100", "--effort", "20"]);
    let after = env.json(&["report"]);
    for id in ["S1", "S2", "S3"] {
        assert_eq!(quadrant(&after, id), quadrant(&before, id), "{id}: {after}");
    }
    assert_eq!(quadrant(&after, "S5"), "big_bets");
    std::fs::write(env.db().with_file_name("config.toml"), "[report]\nvalue_threshold = 1\n").unwrap();
    let r = env.json(&["report"]);
    assert_eq!(quadrant(&r, "S2"), "big_bets");
    let text = env.ok(&["report"]);
    assert!(text.contains("of at least 1; high effort: more than 3"), "{text}");
}

#[test]
fn the_top_stories_show_their_segments_and_the_customers_words() {
    let env = TestEnv::new();
    notebook(&env);
    let r = env.json(&["report"]);
    let s1 = r["stories"].as_array().unwrap().iter().find(|s| s["id"] == "S1").unwrap().clone();
    assert_eq!(
        s1["segments"],
        json!([{"segment": "charter", "notes": 1}, {"segment": "regional", "notes": 1}])
    );
    let quotes: Vec<&str> =
        s1["quotes"].as_array().unwrap().iter().map(|q| q["text"].as_str().unwrap()).collect();
    // The sentence of each note closest to "payload limit forecast", not the coffee.
    assert_eq!(quotes, ["Payload limits would save an hour.", "We lose a third of payload in August."]);
    assert_eq!(s1["quotes"][0]["who"], "Luis");
    assert_eq!(s1["quotes"][0]["on"], "2026-11-12");
    env.ok(&["story", "link", "S1", "N1", "--importance", "3", "--quote", "lose a third of payload"]);
    let r = env.json(&["report"]);
    let s1 = r["stories"].as_array().unwrap().iter().find(|s| s["id"] == "S1").unwrap().clone();
    assert_eq!(s1["quotes"][0]["text"], "lose a third of payload", "a stored quote comes first");
    assert_eq!(s1["quotes"][0]["note"], "N1");
    let text = env.ok(&["report"]);
    assert!(text.contains("“lose a third of payload” (Maya, Pacific, 2026-11-10, N1)"), "{text}");
    let e = env.fail(&["story", "link", "S1", "N1", "N2", "--quote", "x"]);
    assert!(e.contains("--quote"), "{e}");
    // The quote travels with an export.
    let doc = env.json(&["export"]);
    let s1 = doc["stories"].as_array().unwrap().iter().find(|s| s["id"] == "S1").unwrap().clone();
    assert!(s1["evidence"].as_array().unwrap().iter().any(|l| l["quote"] == "lose a third of payload"));
}

#[test]
fn counts_agree_in_number() {
    let env = TestEnv::new();
    env.note(&["Just one", "--who", "Ann", "--source", "sales", "--on", "2026-11-19"]);
    env.ok(&["story", "One", "--evidence", "N1", "--impact", "1", "--effort", "1"]);
    let text = env.ok(&["report"]);
    assert!(text.contains("1 note."), "{text}");
    assert!(text.contains("S1 One: 1 note"), "{text}");
    assert!(!text.contains("1 notes"), "{text}");
}

#[test]
fn runs_from_before_meetings_become_baseline_only_meetings() {
    let env = TestEnv::new();
    notebook(&env);
    // Make the notebook as pm wrote it before meetings: schema 5 with its recorded runs.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(crate::common::STORY_CLAUSES_BEFORE_14).unwrap();
    conn.execute_batch(
        "DROP INDEX stories_live_by_created; DROP INDEX changes_by_at;
         DROP TRIGGER note_totals_ai; DROP TRIGGER note_totals_ad; DROP TRIGGER note_totals_au;
         DROP TRIGGER note_totals_tag_ai; DROP TRIGGER note_totals_tag_ad; DROP TRIGGER note_totals_tag_au;
         DROP TABLE note_totals_by_source; DROP TABLE note_totals_by_who;
         DROP TABLE note_totals_by_account; DROP TABLE note_totals_by_tag;
         DROP TABLE meetings;
         DROP TABLE sync_base; DROP TABLE sync_conflicts; DROP TABLE sync_state;
         DROP TABLE sync_forget; DROP TABLE sync_markers;
         DROP TABLE attachments;
         ALTER TABLE stories DROP COLUMN horizon;
         ALTER TABLE stories DROP COLUMN rank;
         DROP TABLE person_aliases; DROP TABLE org_aliases;
         DROP INDEX notes_by_person; DROP INDEX notes_by_org_id; DROP INDEX notes_by_segment;
         DROP INDEX note_tags_by_tag_nocase;
         ALTER TABLE notes DROP COLUMN person_id; ALTER TABLE notes DROP COLUMN org_id;
         DROP TABLE people; DROP TABLE orgs;
         ALTER TABLE stories DROP COLUMN demand; ALTER TABLE stories DROP COLUMN arr;
         ALTER TABLE stories DROP COLUMN arr_demand; ALTER TABLE stories DROP COLUMN seats;
         ALTER TABLE stories DROP COLUMN unseated;
         ALTER TABLE stories DROP COLUMN title;
         ALTER TABLE links DROP COLUMN quote;
         CREATE TABLE reports (id INTEGER PRIMARY KEY, generated TEXT NOT NULL, ranking TEXT NOT NULL);
         CREATE TABLE report_seen (story_id INTEGER PRIMARY KEY);
         INSERT INTO changes (at, command) VALUES ('2026-11-20T09:30:00Z', 'report');
         INSERT INTO reports (generated, ranking) VALUES ('2026-11-20T09:30:00Z', '[]');
         PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);
    env.set_now("2026-11-21T09:00:00Z");
    env.ok(&["story", "Offline mode"]);
    let list = env.json(&["meeting", "list"]);
    assert_eq!(list, json!([{"name": "report 1", "at": "2026-11-20T09:30:00Z", "has_report": false}]));
    let r = env.json(&["report"]);
    assert_eq!(r["meeting"]["name"], "report 1");
    assert_eq!(r["changes"]["new_stories"], json!(["S5"]), "only what came after that run");
    let e = env.fail(&["report", "--meeting", "report 1"]);
    assert!(e.contains("baseline only"), "{e}");
}

#[test]
fn forget_scrubs_the_name_from_recorded_meetings_too() {
    let env = TestEnv::new();
    notebook(&env);
    env.ok(&["report", "--record", "Q1 planning"]);
    assert!(env.ok(&["report", "--meeting", "Q1 planning"]).contains("Maya"));
    env.ok(&["forget", "Maya", "--yes"]);
    for format in ["table", "md", "json"] {
        let shown = env.ok(&["report", "--meeting", "Q1 planning", "--format", format]);
        assert!(!shown.contains("Maya"), "{format}: {shown}");
        assert!(shown.contains("Luis"), "{format}: the others stay: {shown}");
    }
}

#[test]
fn before_any_meeting_every_shipped_story_is_listed_apart() {
    let env = TestEnv::new();
    notebook(&env);
    env.ok(&["story", "status", "S3", "shipped"]);
    let r = env.json(&["report"]);
    assert_eq!(r["meeting"], Value::Null);
    assert_eq!(r["shipped"], json!([{"id": "S3", "title": "CSV export"}]));
    assert_eq!(ids(&r["stories"]), ["S1", "S2"]);
}

/// Two orgs with ARR and a person with none behind S1: demand 3 + 2 + 1, ARR
/// $1.2M + $85k (each org once), and CSV export with a set reach and no evidence.
fn accounts_notebook(env: &TestEnv) {
    env.ok(&["org", "add", "Pacific", "--segment", "charter", "--arr", "1200000", "--seats", "40"]);
    env.ok(&["org", "add", "Island Hop", "--segment", "regional", "--arr", "85000"]);
    env.note(&[
        "We lose payload in August.",
        "--who",
        "Maya",
        "--org",
        "Pacific",
        "--source",
        "interview",
        "--on",
        "2026-11-10",
    ]);
    env.note(&["Payload again. Every week.", "--who", "Maya", "--org", "Pacific", "--on", "2026-11-11"]);
    env.note(&[
        "Payload limits would save an hour.",
        "--who",
        "Luis",
        "--org",
        "Island Hop",
        "--source",
        "support",
        "--on",
        "2026-11-12",
    ]);
    env.note(&["Payload matters to me too.", "--who", "Ann", "--on", "2026-11-13"]);
    env.ok(&["story", "Payload limit", "--impact", "3", "--effort", "2"]);
    env.ok(&["story", "link", "S1", "N1", "--importance", "3"]);
    env.ok(&["story", "link", "S1", "N2", "--importance", "1"]);
    env.ok(&["story", "link", "S1", "N3", "--importance", "2"]);
    env.ok(&["story", "link", "S1", "N4", "--importance", "1"]);
    env.ok(&[
        "story",
        "CSV export",
        "--reach",
        "5",
        "--impact",
        "0.5",
        "--confidence",
        "100",
        "--effort",
        "1",
    ]);
}

/// The cells of the first Markdown table under the heading `section`, header row first.
fn md_table(md: &str, section: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let (mut rows, mut row, mut text) = (Vec::new(), Vec::new(), String::new());
    let (mut in_section, mut done) = (false, false);
    for event in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => text.clear(),
            Event::End(TagEnd::Heading(_)) => in_section = text == section,
            Event::Start(Tag::TableCell) => text.clear(),
            Event::End(TagEnd::TableCell) if in_section && !done => row.push(text.clone()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if in_section && !done => {
                rows.push(std::mem::take(&mut row))
            }
            Event::End(TagEnd::Table) if in_section => done = true,
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    rows
}

#[test]
fn the_ranked_table_shows_demand_and_arr_and_the_accounts_that_weigh_most() {
    let env = TestEnv::new();
    accounts_notebook(&env);
    let r = env.json(&["report"]);
    let s1 = r["stories"].as_array().unwrap().iter().find(|s| s["id"] == "S1").unwrap().clone();
    assert_eq!((s1["demand"].as_i64(), s1["arr"].as_f64()), (Some(6), Some(1_285_000.0)));
    // At 80 columns: demand and ARR next to the score, no line wider than the terminal.
    let out = env.cmd(&["report"]).env("COLUMNS", "80").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    let head = text.lines().find(|l| l.contains("title") && l.contains("score")).unwrap();
    let cols: Vec<&str> = head.split_whitespace().collect();
    let at = |name: &str| cols.iter().position(|c| *c == name).unwrap_or_else(|| panic!("{name}: {head}"));
    assert_eq!((at("score") + 1, at("score") + 2), (at("demand"), at("ARR")), "{head}");
    let row = text.lines().find(|l| l.split_whitespace().nth(1) == Some("S1")).unwrap();
    assert!(row.contains(" 6 ") && row.contains(" $1.3M"), "{row}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("demand from Pacific 3 ($1.2M), Island Hop 2 ($85k), Ann 1"), "{text}");
    // The Markdown table has the same columns, the evidence the same accounts.
    let md = env.ok(&["report", "--format", "md"]);
    let table = md_table(&md, "Ranked stories");
    let col = |name: &str| table[0].iter().position(|c| c == name).unwrap_or_else(|| panic!("{name}: {md}"));
    let s1_row = table.iter().find(|r| r[col("id")] == "S1").unwrap();
    assert_eq!((s1_row[col("demand")].as_str(), s1_row[col("ARR")].as_str()), ("6", "$1.3M"));
    let s2_row = table.iter().find(|r| r[col("id")] == "S2").unwrap();
    assert_eq!((s2_row[col("demand")].as_str(), s2_row[col("ARR")].as_str()), ("0", ""));
    assert!(md.contains("demand from Pacific 3 ($1.2M), Island Hop 2 ($85k), Ann 1"), "{md}");
    // Without any ARR there is no ARR column.
    let env = TestEnv::new();
    env.note(&["Payload.", "--who", "Maya", "--source", "interview", "--on", "2026-11-10"]);
    env.ok(&["story", "Payload limit", "--evidence", "N1", "--impact", "3", "--effort", "2"]);
    let md = env.ok(&["report", "--format", "md"]);
    let table = md_table(&md, "Ranked stories");
    assert!(table[0].contains(&"demand".to_string()) && !table[0].contains(&"ARR".to_string()), "{md}");
}

/// The evidence summary of every note as the notes say it, counted here in one
/// scan (what the report did before it kept totals).
fn recount(env: &TestEnv) -> Value {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let pairs = |sql: &str| -> Vec<(String, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let map =
        |v: Vec<(String, i64)>| v.into_iter().map(|(k, n)| (k, json!(n))).collect::<serde_json::Map<_, _>>();
    let notes: i64 = conn.query_row("SELECT count(*) FROM notes", [], |r| r.get(0)).unwrap();
    let people = pairs(
        "SELECT trim(who), count(*) FROM notes WHERE trim(who) <> '' GROUP BY lower(trim(who)) ORDER BY 2 DESC, 1",
    );
    json!({
        "notes": notes,
        "by_source": map(pairs("SELECT coalesce(source, '(none)'), count(*) FROM notes GROUP BY 1")),
        "by_segment": map(pairs(
            "SELECT coalesce(n.segment, o.segment, '(none)'), count(*) FROM notes n
             LEFT JOIN people p ON p.id = n.person_id
             LEFT JOIN orgs o ON o.id = coalesce(n.org_id, p.org_id) GROUP BY 1"
        )),
        "top_tags": pairs("SELECT tag, count(*) FROM note_tags GROUP BY tag ORDER BY 2 DESC, 1 LIMIT 10")
            .into_iter().map(|(t, n)| json!([t, n])).collect::<Vec<_>>(),
        "people": people.iter().map(|(w, _)| json!(w)).collect::<Vec<_>>(),
        "people_total": people.len(),
    })
}

#[test]
fn a_report_over_every_note_counts_what_a_recount_counts_after_edits_undo_and_forget() {
    let env = TestEnv::new();
    env.ok(&["org", "add", "Pacific", "--segment", "charter"]);
    env.ok(&["org", "add", "Alpine", "--segment", "regional"]);
    env.ok(&["person", "add", "Luis", "--org", "Alpine"]);
    let note = |body: &str, more: &[&str]| {
        let mut args = vec![body];
        args.extend_from_slice(more);
        env.note(&args);
    };
    note(
        "One",
        &[
            "--who",
            "Maya",
            "--org",
            "Pacific",
            "--source",
            "interview",
            "--tag",
            "heat",
            "--on",
            "2026-11-01",
        ],
    );
    note(
        "Two",
        &["--who", "Luis", "--source", "support", "--tag", "heat", "--tag", "range", "--on", "2026-11-02"],
    );
    note("Three", &["--who", "Ann", "--segment", "smb", "--source", "sales", "--on", "2026-11-03"]);
    note("Four", &["--who", "Dana", "--source", "interview", "--tag", "export", "--on", "2026-11-04"]);
    note("Five", &["--source", "survey", "--tag", "heat", "--on", "2026-11-05"]);
    note("Six", &["--who", "Luis", "--on", "2026-11-06"]);
    let every = |env: &TestEnv| {
        let e = env.json(&["report", "--since", "2000-01-01"])["evidence"].clone();
        json!({"notes": e["notes"], "by_source": e["by_source"], "by_segment": e["by_segment"],
               "top_tags": e["top_tags"], "people": e["people"], "people_total": e["people_total"]})
    };
    assert_eq!(every(&env), recount(&env));
    assert_eq!(every(&env)["by_segment"], json!({"charter": 1, "regional": 2, "smb": 1, "(none)": 2}));
    // Edits of every counted field, a removal and its undo, an org's new segment,
    // a person moved to another org, a forget that deletes notes.
    env.ok(&["note", "edit", "N2", "--source", "sales", "--segment", "enterprise"]);
    env.ok(&["note", "edit", "N3", "--who", "Maya", "--org", "Pacific"]);
    env.ok(&["note", "rm", "N5", "--yes"]);
    assert_eq!(every(&env), recount(&env));
    env.ok(&["undo"]);
    assert_eq!(every(&env)["notes"], 6, "the note is back");
    assert_eq!(every(&env), recount(&env));
    env.ok(&["org", "edit", "Alpine", "--segment", "mountain"]);
    env.ok(&["person", "edit", "Luis", "--org", "Pacific"]);
    env.ok(&["note", "rm", "N1", "--yes"]);
    env.ok(&["forget", "Dana", "--delete-notes", "--yes"]);
    let now = every(&env);
    assert_eq!(now, recount(&env));
    assert_eq!(now["notes"], 4);
    assert_eq!(now["top_tags"], json!([["heat", 2], ["range", 1]]));
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM note_totals_by_who WHERE who = 'Dana'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 0, "a forgotten name leaves no key behind");
    // A note with a segment of its own is counted under it alone, not once per
    // org and person (a row per note in a big notebook).
    let by_org: i64 = conn
        .query_row(
            "SELECT count(*) FROM note_totals_by_account WHERE segment <> '' AND (org_id <> 0 OR person_id <> 0)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by_org, 0);
    drop(conn);
    // A bulk import of new notes (its triggers paused, counted at once), then its undo.
    let csv = env.dir().join("new.csv");
    std::fs::write(
        &csv,
        "body,who,org,segment,source,tags\nA,Maya,Pacific,,support,heat;new\nB,Zed,,smb,,new\nC,,Alpine,,sales,\n",
    )
    .unwrap();
    env.ok(&["import", csv.to_str().unwrap()]);
    let imported = every(&env);
    assert_eq!((imported["notes"].as_i64(), &imported["top_tags"][0]), (Some(7), &json!(["heat", 3])));
    assert_eq!(imported, recount(&env));
    env.ok(&["undo"]);
    assert_eq!(every(&env), now, "the import undone");
    let full = env.json(&["doctor", "--full"]);
    assert_eq!(full["integrity"], "ok");
    // A kept total that drifted is found by doctor --full.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute("UPDATE note_totals_by_source SET n = n + 1 WHERE source = 'sales'", []).unwrap();
    drop(conn);
    let full = env.json(&["doctor", "--full"]);
    assert!(full["integrity"].as_str().unwrap().contains("source 'sales': kept 3, counted 2"), "{full}");
}

/// A long period's new and shipped stories are counted exactly and listed up to a
/// cap: the report over a notebook of 100,000 stories does not list them all.
#[test]
fn new_and_shipped_stories_are_counted_and_listed_up_to_a_cap() {
    let env = TestEnv::new(); // 2026-11-20
    notebook(&env);
    env.ok(&["report", "--record", "Kickoff"]);
    env.set_now("2026-11-24T09:00:00Z");
    let csv = env.dir().join("stories.csv");
    let rows: String = (1..=30).map(|i| format!("Story number {i},shipped\n")).collect();
    std::fs::write(&csv, format!("request,status\n{rows}")).unwrap();
    env.ok(&["import", csv.to_str().unwrap()]);
    let r = env.json(&["report", "--since", "Kickoff"]);
    let new: Vec<String> = (5..=24).map(|i| format!("S{i}")).collect();
    assert_eq!(r["changes"]["new_stories"], json!(new), "the first 20, in id order");
    assert_eq!(r["changes"]["new_stories_total"], 30);
    assert_eq!(r["shipped"].as_array().unwrap().len(), 20);
    assert_eq!(r["shipped"][0], json!({"id": "S5", "title": "Story number 1"}));
    assert_eq!(r["shipped_total"], 30);
    // A date baseline counts the same, and the table says how many more.
    let r = env.json(&["report", "--since", "2026-11-21"]);
    assert_eq!(r["changes"]["new_stories_total"], 30);
    let table = env.ok(&["report", "--since", "2026-11-21"]);
    assert!(table.contains("New: S24 "), "{table}");
    assert!(!table.contains("New: S25 "), "{table}");
    assert!(table.contains("and 10 more new stories"), "{table}");
    assert!(table.contains("and 10 more (pm story list --status shipped"), "{table}");
    let md = env.ok(&["report", "--since", "2026-11-21", "--format", "md"]);
    assert!(md.contains("and 10 more new stories"), "{md}");
    // One story shipped before the meeting and one after: both counted with no meeting.
    let none = TestEnv::new();
    notebook(&none);
    none.ok(&["story", "status", "S3", "shipped"]);
    let r = none.json(&["report"]);
    assert_eq!((r["shipped"].as_array().unwrap().len(), &r["shipped_total"]), (1, &json!(1)));
}

/// At 80 columns the ranked table keeps its `#` (the rank a meeting talks
/// about): something less telling gives way first.
#[test]
fn at_80_columns_the_ranked_table_keeps_its_rank() {
    let env = TestEnv::new();
    notebook(&env);
    env.ok(&["vision", "pillar", "add", "ready by summer"]);
    env.ok(&["story", "Alert on my phone", "--pillar", "ready by summer", "--reach", "1", "--impact", "2"]);
    env.ok(&["story", "Integrate with Salesforce and also Slack", "--reach", "1", "--effort", "8"]);
    let out = env.cmd(&["report"]).env("COLUMNS", "80").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let head = text.lines().find(|l| l.split_whitespace().nth(1) == Some("id")).unwrap_or_default();
    assert_eq!(head.split_whitespace().take(3).collect::<Vec<_>>(), ["#", "id", "title"], "{text}");
    assert!(text.lines().any(|l| l.split_whitespace().take(2).eq(["1", "S3"])), "{text}");
    assert!(text.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80), "{text}");
}
