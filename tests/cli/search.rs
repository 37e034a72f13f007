//! `pm search`: FTS5 over every kind of record, ranked, with snippets.

use crate::common::TestEnv;

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect()
}

fn notebook() -> TestEnv {
    let env = TestEnv::new();
    env.note(&["The café onboarding flow is confusing", "--who", "Zoë Park"]);
    env.note(&["Onboarding took an hour; we exported everything to CSV by hand", "--who", "Bob"]);
    env.note(&["Pricing page is fine"]);
    env.ok(&[
        "story",
        "Bulk edit tags",
        "--when",
        "I tidy a quarter of notes",
        "--so",
        "reports group cleanly",
    ]);
    env.ok(&["checkin", "Onboarding metrics", "--with", "Dana", "--at", "tomorrow 10:00"]);
    env.ok(&["decision", "Ship CSV export first", "--why", "finance asks weekly"]);
    env
}

#[test]
fn every_kind_is_found_ranked_with_a_highlighted_snippet() {
    let env = notebook();
    let v = env.json(&["search", "onboarding"]);
    let found = ids(&v);
    assert_eq!(found.len(), 3, "{v}");
    assert!(found.contains(&"N1".into()) && found.contains(&"N2".into()) && found.contains(&"C1".into()));
    assert_eq!(v[0]["rank"], 1);
    assert!(v[0]["snippet"].as_str().unwrap().contains("**"), "{v}");
    let kinds: Vec<&str> = v.as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"checkin") && kinds.contains(&"note"), "{kinds:?}");

    // Stories: the request and every clause; decisions: the text and the why.
    assert_eq!(ids(&env.json(&["search", "quarter"])), ["S1"]);
    assert_eq!(ids(&env.json(&["search", "tags"])), ["S1"]);
    assert_eq!(ids(&env.json(&["search", "finance"])), ["D1"]);

    let table = env.ok(&["search", "pricing"]);
    assert!(table.contains("N3") && table.contains("[Pricing]"), "{table}");
    let md = env.ok(&["search", "pricing", "--format", "md"]);
    assert!(md.contains("**Pricing**"), "{md}");
}

#[test]
fn accents_stems_prefixes_and_phrases() {
    let env = notebook();
    assert_eq!(ids(&env.json(&["search", "cafe"])), ["N1"], "diacritics are ignored");
    assert_eq!(ids(&env.json(&["search", "zoe"])), ["N1"], "and in names");
    let mut stems = ids(&env.json(&["search", "export"]));
    stems.sort();
    assert_eq!(stems, ["D1", "N2"], "'export' finds 'exported'");
    let mut prefix = ids(&env.json(&["search", "onboard*", "--kind", "note"]));
    prefix.sort();
    assert_eq!(prefix, ["N1", "N2"]);
    assert_eq!(ids(&env.json(&["search", "\"took an hour\""])), ["N2"]);
    assert!(ids(&env.json(&["search", "\"hour took\""])).is_empty(), "a phrase keeps its order");
    assert_eq!(ids(&env.json(&["search", "onboarding", "--kind", "checkin"])), ["C1"]);
    assert_eq!(ids(&env.json(&["search", "onboarding", "--limit", "1"])).len(), 1);
}

#[test]
fn queries_fts5_cannot_parse_are_read_as_words_or_refused() {
    let env = notebook();
    for q in ["\"unclosed café", "onboarding AND", "(((onboarding", "who:zoe OR", "NEAR(", "-café", "col:"]
    {
        let out = env.run(&["search", q, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{q}: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(ids(&env.json(&["search", "(((onboarding", "--kind", "note"])).len(), 2);
    let e = env.fail(&["search", "((( ***"]);
    assert!(e.contains("nothing to search for"), "{e}");
    env.fail(&["search", "x", "--limit", "0"]);
}

#[test]
fn the_index_follows_edits_and_deletes_in_the_same_command() {
    let env = notebook();
    env.ok(&["note", "edit", "N3", "--body", "Pricing tiers confuse startups"]);
    assert_eq!(ids(&env.json(&["search", "startups"])), ["N3"]);
    assert!(ids(&env.json(&["search", "fine"])).is_empty());
    env.ok(&["note", "rm", "N3", "--yes"]);
    assert!(ids(&env.json(&["search", "startups"])).is_empty());
    let hostile = "'; DROP TABLE notes; --";
    let id = env.note(&[hostile]);
    assert_eq!(env.json(&["search", hostile, "--kind", "note"])[0]["id"], id.as_str());
    assert_eq!(env.json(&["doctor"])["counts"]["notes"], 3);
}

/// Item 23: a note's hit says who and when; a merged story is never a hit; a
/// trailing OR or AND is read as a word.
#[test]
fn search_23_hits_show_who_and_when_hide_merged_stories_and_read_a_trailing_or_as_a_word() {
    let env = notebook();
    let v = env.json(&["search", "pricing"]);
    assert_eq!(v[0]["who"], serde_json::Value::Null);
    assert_eq!(v[0]["when"], "2026-11-20");
    let v = env.json(&["search", "café"]);
    assert_eq!((v[0]["who"].as_str(), v[0]["when"].as_str()), (Some("Zoë Park"), Some("2026-11-20")), "{v}");
    let table = env.ok(&["search", "café"]);
    assert!(table.contains("Zoë Park") && table.contains("2026-11-20"), "{table}");

    env.ok(&["story", "Bulk edit of tags, please"]);
    env.ok(&["story", "merge", "S2", "S1"]);
    assert_eq!(ids(&env.json(&["search", "please"])), Vec::<String>::new(), "merged S2 is not a hit");
    assert_eq!(ids(&env.json(&["search", "bulk"])), ["S1"]);

    env.note(&["Pricing and onboarding"]);
    assert_eq!(ids(&env.json(&["search", "pricing AND"])), ["N4"], "AND at the end is the word 'and'");
    assert_eq!(ids(&env.json(&["search", "pricing OR"])), Vec::<String>::new(), "no note has the word 'or'");
    env.note(&["Pricing or onboarding"]);
    assert_eq!(ids(&env.json(&["search", "pricing OR"])), ["N5"]);
}

/// A pasted transcript full of the searched word. FTS5's own snippet scores every
/// match against every other (a 2 MB note took 44 s); the snippet is made from a
/// window of the note, so the search takes milliseconds. The budget is generous
/// for a debug build on a busy machine.
#[test]
fn a_two_megabyte_note_full_of_the_word_is_searched_in_seconds_with_a_short_snippet() {
    let env = TestEnv::new();
    let mut body = String::from("Interview \u{1b}[31mtranscript with Dana. ");
    while body.len() < 2_000_000 {
        body.push_str("we export the csv by hand every week, ");
    }
    body.push_str("and at the very end: zeppelin 東京の顧客");
    env.ok_with_stdin(&["note", "-", "--who", "Dana"], &body);
    env.note(&["A short note about export"]);

    let timed = |args: &[&str]| {
        let start = std::time::Instant::now();
        let out = env.cmd(args).timeout(std::time::Duration::from_secs(40)).output().expect("pm runs");
        let took = start.elapsed();
        assert!(out.status.success(), "pm {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(took < std::time::Duration::from_secs(15), "pm {args:?} took {took:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let v: serde_json::Value =
        serde_json::from_str(&timed(&["search", "export", "--format", "json"])).unwrap();
    assert_eq!(ids(&v).len(), 2, "{v}");
    for hit in v.as_array().unwrap() {
        let snippet = hit["snippet"].as_str().unwrap();
        assert!(snippet.contains("**export**"), "{snippet}");
        assert!(snippet.chars().count() < 300, "{snippet}");
    }
    let long = v.as_array().unwrap().iter().find(|h| h["id"] == "N1").unwrap()["snippet"].as_str().unwrap();
    assert!(long.ends_with('…'), "{long}");

    // A word only at the end: found by reading the whole note once, window by window.
    let v: serde_json::Value =
        serde_json::from_str(&timed(&["search", "zeppelin", "--format", "json"])).unwrap();
    let end = v[0]["snippet"].as_str().unwrap();
    assert!(end.starts_with('…') && end.contains("**zeppelin** 東京の顧客"), "{end}");
    // A phrase at the start; in the table, control characters escaped.
    let v: serde_json::Value =
        serde_json::from_str(&timed(&["search", "\"with dana\"", "--format", "json"])).unwrap();
    let start = v[0]["snippet"].as_str().unwrap();
    assert!(start.starts_with("Interview \u{1b}[31mtranscript **with Dana**. we"), "{start}");
    let table = timed(&["search", "\"with dana\""]);
    assert!(table.contains("\\u{1b}") && !table.contains('\u{1b}'), "{table}");
}

/// A story's clause too long for FTS5's own snippet is read window by window
/// under its column's name (`when` is an SQL keyword), column filters included.
#[test]
fn a_long_story_clause_gets_a_snippet_through_its_column_filter() {
    let env = TestEnv::new();
    let mut when = String::from("we close the books ");
    while when.len() < 20_000 {
        when.push_str("and reconcile every account by hand ");
    }
    when.push_str("until the zeppelin lands");
    env.ok(&["story", "Faster close", "--when", &when, "--want", "export notes", "--so", "finance rests"]);
    for query in ["zeppelin", "when: zeppelin", "situation: zeppelin"] {
        let v = env.json(&["search", query, "--kind", "story"]);
        assert_eq!(ids(&v), ["S1"], "{query}: {v}");
        let snippet = v[0]["snippet"].as_str().unwrap();
        assert!(snippet.starts_with('…') && snippet.contains("**zeppelin** lands"), "{query}: {snippet}");
    }
    assert!(env.json(&["search", "want: zeppelin", "--kind", "story"]).as_array().unwrap().is_empty());
}
