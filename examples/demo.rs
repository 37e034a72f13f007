//! A realistic notebook built through the library, then shown as pm shows it
//! before a planning meeting. Run: `cargo run --example demo`.

use pm::app::stories::NewStory;
use pm::clock::Clock;
use pm::domain::jobstory;
use pm::domain::score::Inputs;
use pm::domain::score::Settings;
use pm::store::notes::NoteFields;
use pm::store::stories::StoryFields;
use pm::store::{Store, new_uid, people, plans};

struct Conversation {
    body: &'static str,
    who: &'static str,
    org: &'static str,
    segment: &'static str,
    source: &'static str,
    on: &'static str,
    tags: &'static [&'static str],
}

const CONVERSATIONS: &[Conversation] = &[
    Conversation {
        body: "We fly the Denver-Honolulu leg in August and lose a third of the payload to heat. We'd pay for anything that lets us keep the full load on hot days.",
        who: "Maya Okafor",
        org: "Pacific Charter",
        segment: "charter",
        source: "interview",
        on: "2026-11-02",
        tags: &["hot-day", "payload"],
    },
    Conversation {
        body: "Our dispatchers rebuild the weight-and-balance sheet by hand every time the temperature forecast changes. It takes 40 minutes a flight.",
        who: "Luis Ferreira",
        org: "Pacific Charter",
        segment: "charter",
        source: "interview",
        on: "2026-11-03",
        tags: &["dispatch", "hot-day"],
    },
    Conversation {
        body: "Range is the deal-breaker: without the extra 300 nm we need a fuel stop in San Francisco, and the customers hate it.",
        who: "Priya Raman",
        org: "IslandHop",
        segment: "regional",
        source: "sales",
        on: "2026-11-05",
        tags: &["range"],
    },
    Conversation {
        body: "Support ticket: the performance calculator times out when the density altitude is above 8,000 ft.",
        who: "Tom Becker",
        org: "Rocky Air",
        segment: "regional",
        source: "support",
        on: "2026-11-06",
        tags: &["calculator", "high-altitude"],
    },
    Conversation {
        body: "Taking off from Denver at noon in July is our worst case. Show me the runway margin before I commit the schedule.",
        who: "Maya Okafor",
        org: "Pacific Charter",
        segment: "charter",
        source: "interview",
        on: "2026-11-09",
        tags: &["high-altitude", "hot-day"],
    },
    Conversation {
        body: "Could the export to our maintenance system be CSV? Right now someone retypes it.",
        who: "Grace Liu",
        org: "Rocky Air",
        segment: "regional",
        source: "support",
        on: "2026-11-10",
        tags: &["export"],
    },
    Conversation {
        body: "Survey: 62% of operators say planning for summer heat is their top seasonal pain.",
        who: "",
        org: "",
        segment: "all",
        source: "survey",
        on: "2026-11-11",
        tags: &["hot-day"],
    },
    Conversation {
        body: "Our CFO asks every quarter why the fuel numbers in the plan never match the actuals.",
        who: "Ahmed Saleh",
        org: "IslandHop",
        segment: "regional",
        source: "sales",
        on: "2026-11-12",
        tags: &["fuel", "range"],
    },
    Conversation {
        body: "I want to know by June whether the new engines are certified; the summer schedule depends on it.",
        who: "Priya Raman",
        org: "IslandHop",
        segment: "regional",
        source: "interview",
        on: "2026-11-13",
        tags: &["ready-by-summer"],
    },
    Conversation {
        body: "Usage data: 41% of route plans are recalculated at least three times on the day of the flight.",
        who: "",
        org: "",
        segment: "all",
        source: "analytics",
        on: "2026-11-16",
        tags: &["dispatch"],
    },
    Conversation {
        body: "We would switch from our current tool if planning a high-altitude departure took minutes instead of an afternoon.",
        who: "Jonas Weber",
        org: "Alpine Lift",
        segment: "charter",
        source: "sales",
        on: "2026-11-17",
        tags: &["high-altitude"],
    },
    Conversation {
        body: "Dispatch keeps asking for a one-page summary they can hand to the captain.",
        who: "Luis Ferreira",
        org: "Pacific Charter",
        segment: "charter",
        source: "interview",
        on: "2026-11-18",
        tags: &["dispatch", "export"],
    },
];

/// Requests as they arrived, the situation the PM added, the numbers, and the notes that back them.
struct Request {
    words: &'static str,
    when: Option<&'static str>,
    impact: f64,
    effort: f64,
    evidence: &'static [(i64, u8)],
    pillar: Option<i64>,
    /// A title the PM gave (the others are drafted from the words).
    title: Option<&'static str>,
}

const REQUESTS: &[Request] = &[
    Request {
        words: "As a dispatcher, I want to see the payload limit for the forecast temperature so that I can keep the full load on hot days",
        when: Some("the forecast for departure is over 30°C"),
        impact: 3.0,
        effort: 4.0,
        evidence: &[(1, 3), (2, 2), (5, 3), (7, 1)],
        pillar: Some(1),
        title: Some("Payload limit on hot days"),
    },
    Request {
        words: "Please add a runway margin check for high-altitude departures",
        when: Some("I schedule a noon departure from Denver in summer"),
        impact: 2.0,
        effort: 3.0,
        evidence: &[(4, 2), (5, 2), (11, 3)],
        pillar: Some(1),
        title: None,
    },
    Request {
        words: "As an operator, I want to plan a non-stop Denver to Honolulu leg so that customers skip the fuel stop",
        when: None,
        impact: 3.0,
        effort: 8.0,
        evidence: &[(3, 3), (8, 1)],
        pillar: Some(2),
        title: None,
    },
    Request {
        words: "Add CSV export to our maintenance system",
        when: Some("a flight plan is final"),
        impact: 0.5,
        effort: 1.0,
        evidence: &[(6, 1), (12, 1)],
        pillar: None,
        title: None,
    },
    Request {
        words: "Can you make route recalculation faster?",
        when: Some("the weather changes on the day of the flight"),
        impact: 1.0,
        effort: 2.0,
        evidence: &[(10, 2), (2, 1)],
        pillar: Some(3),
        title: None,
    },
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("demo.db");
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z")?;
    let clock = Clock::fixed(now);
    let mut store = Store::open(&db)?;
    store.write("demo", &clock.stamp(), |tx| {
        // The vision evolved: the heat turned out to be what loses deals.
        plans::set_vision(tx, &new_uid(), "Denver to Honolulu", None, "2026-11-02T09:00:00Z")?;
        plans::set_vision(
            tx,
            &new_uid(),
            "Denver to Honolulu on a hot day",
            Some("charter operators lose a third of their payload to summer heat"),
            &clock.stamp(),
        )?;
        for (name, description) in [
            ("high altitude", "take off full from Denver at noon in July"),
            ("extended range", "non-stop to Honolulu"),
            ("ready by summer", "in operators' hands before the summer schedule"),
        ] {
            plans::add_pillar(tx, &new_uid(), name, Some(description), &clock.stamp())?;
        }
        // The accounts, as the CRM knows them: their ARR weighs their evidence,
        // their seats are the reach it stands for.
        for (name, segment, plan, arr, seats) in [
            ("Pacific Charter", "enterprise", "Fleet", 240_000.0, 120),
            ("IslandHop", "mid-market", "Team", 60_000.0, 35),
            ("Rocky Air", "mid-market", "Team", 45_000.0, 20),
            ("Alpine Lift", "smb", "Starter", 12_000.0, 6),
        ] {
            let edit = people::OrgEdit {
                segment: Some(Some(segment.into())),
                plan: Some(Some(plan.into())),
                arr: Some(Some(arr)),
                seats: Some(Some(seats)),
            };
            people::import_org(tx, name, &edit, &clock.stamp())?;
        }
        for c in CONVERSATIONS {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let fields = NoteFields {
                body: c.body.to_string(),
                who: opt(c.who),
                org: opt(c.org),
                segment: opt(c.segment),
                source: opt(c.source),
                on: c.on.to_string(),
                tags: c.tags.iter().map(|t| t.to_string()).collect(),
            };
            pm::app::notes::add(tx, &fields, &[], &clock.stamp())?;
        }
        for r in REQUESTS {
            let mut clauses = jobstory::parse(r.words);
            if let Some(w) = r.when {
                clauses.when = Some(w.to_string());
            }
            let fields = StoryFields {
                request: r.words.to_string(),
                clauses,
                requested_by: None,
                pillar_id: r.pillar,
                title: r.title.map(String::from),
            };
            let new = NewStory {
                fields,
                inputs: Inputs { impact: Some(r.impact), effort: Some(r.effort), ..Inputs::default() },
                evidence: r.evidence.to_vec(),
                draft_warnings: Vec::new(),
            };
            pm::app::stories::add(tx, &new, &Settings::default(), &clock.stamp())?;
        }
        let next_tue = chrono::DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z")
            .map_err(|e| pm::error::Error::internal(e.to_string()))?;
        plans::add_checkin(
            tx,
            &new_uid(),
            "Payload calculator spike: go or no-go",
            "Dana (eng lead), Eli",
            &pm::clock::stamp(next_tue),
            &[1],
            &clock.stamp(),
        )?;
        plans::add_decision(
            tx,
            &new_uid(),
            "Payload limits before the non-stop range work",
            Some("hot-day payload loses deals this summer; range is a 2027 bet"),
            Some(1),
            &[1, 3],
            "2026-11-18",
            &clock.stamp(),
        )?;
        Ok(())
    })?;
    drop(store);
    let db = db.to_str().ok_or("temp path is not UTF-8")?.to_string();
    let minutes = dir.path().join("november-planning.md");
    let minutes = minutes.to_str().ok_or("temp path is not UTF-8")?;
    for (title, now, args) in [
        ("What pm shows before the planning meeting", "2026-11-20T09:00:00Z", vec!["report"]),
        ("Why S1 ranks where it does", "2026-11-20T09:00:00Z", vec!["story", "show", "S1"]),
        ("The accounts behind the evidence", "2026-11-20T09:00:00Z", vec!["org", "list"]),
        ("Where the revenue is asking", "2026-11-20T09:00:00Z", vec!["story", "list", "--sort", "arr"]),
        ("The notes behind it", "2026-11-20T09:00:00Z", vec!["note", "list", "--story", "S1"]),
        (
            "The meeting: pinned as the next report's baseline, minutes in Markdown",
            "2026-11-20T10:00:00Z",
            vec!["report", "--record", "November planning", "--format", "md", "--out", minutes],
        ),
        ("A week later: S1 is planned", "2026-11-27T09:00:00Z", vec!["story", "status", "S1", "planned"]),
        ("What changed since the meeting", "2026-11-27T09:05:00Z", vec!["report", "--top", "3"]),
        ("How the work serves the vision", "2026-11-27T09:05:00Z", vec!["vision", "show"]),
    ] {
        println!("\n# {title}\n");
        let code = pm::cli::main_with([&["pm", "--db", &db, "--now", now][..], &args].concat());
        if code != std::process::ExitCode::SUCCESS {
            return Err(format!("pm {} failed", args.join(" ")).into());
        }
    }
    Ok(())
}
