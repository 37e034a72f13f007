//! The report model: everything a PM brings to a planning meeting, built from the store.
//! It is also what a recorded meeting keeps (as JSON), so it reads back as it was.

use crate::domain::ids::RecordKind;
use crate::domain::score::{Explained, Settings};
use crate::domain::story::StoryView;
use crate::error::Result;
use crate::store::{meetings, plans, stories};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A field added later reads as empty from a meeting recorded before it.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    pub generated: String,
    /// The currency ARR is in (the config's `[report] currency` when it was built).
    pub currency: String,
    /// What "since" means: a date (YYYY-MM-DD), or when the baseline meeting was recorded.
    pub since: Option<String>,
    /// The meeting this report compares with, if any.
    pub meeting: Option<MeetingRef>,
    pub vision: Option<plans::Vision>,
    pub pillars: Vec<PillarShare>,
    /// The best-scored stories still to do (shipped and dropped ones are not ranked).
    pub stories: Vec<Ranked>,
    /// The first unscored stories (as many as the top N), oldest first.
    pub unscored: Vec<Unscored>,
    /// How many live stories have no score.
    pub unscored_total: i64,
    /// Stories shipped since the baseline.
    pub shipped: Vec<StoryRef>,
    pub matrix: Matrix,
    pub evidence: EvidenceSummary,
    /// Overdue check-ins (past, no outcome), upcoming ones (soonest first), then those held since.
    pub checkins: Vec<CheckinItem>,
    pub decisions: Vec<plans::Decision>,
    /// Decisions taken under an earlier vision, not confirmed or superseded since.
    pub to_revisit: Vec<plans::Decision>,
    pub changes: Changes,
    /// The short title of every story the report names, by id.
    pub titles: BTreeMap<String, String>,
}

/// The baseline meeting: its name and when it was recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeetingRef {
    pub name: String,
    pub at: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PillarShare {
    pub name: String,
    pub top: usize,
    pub share: f64,
    pub stories: i64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Ranked {
    pub rank: usize,
    pub id: String,
    pub title: String,
    pub text: String,
    pub score: f64,
    pub score_explained: Explained,
    pub evidence_count: i64,
    pub importance: i64,
    /// Per org (or person with none), the highest importance, summed.
    #[serde(default)]
    pub demand: i64,
    /// The ARR of the orgs behind it, each once (null: none known).
    #[serde(default)]
    pub arr: Option<f64>,
    /// How a reach not set was found ("seats", "partly evidence only", "evidence only"); null when set.
    #[serde(default)]
    pub reach_basis: Option<String>,
    pub status: String,
    pub pillar: Option<String>,
    /// The segments its evidence comes from: how many linked notes each.
    pub segments: Vec<SegmentCount>,
    /// The accounts that weigh most in its demand (at most five): highest
    /// importance first, then ARR; `accounts_total` counts them all.
    #[serde(default)]
    pub accounts: Vec<crate::domain::score::Contributor>,
    #[serde(default)]
    pub accounts_total: usize,
    /// The customers' own words: one or two sentences that make its case.
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SegmentCount {
    pub segment: String,
    pub notes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub note: String,
    pub who: Option<String>,
    pub org: Option<String>,
    pub on: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Unscored {
    pub id: String,
    pub title: String,
    pub text: String,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoryRef {
    pub id: String,
    pub title: String,
}

/// Value against effort, split at fixed thresholds (the config's `[report]`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Matrix {
    pub value_threshold: f64,
    pub effort_threshold: f64,
    pub quick_wins: Vec<String>,
    pub big_bets: Vec<String>,
    pub fill_ins: Vec<String>,
    pub money_pits: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct EvidenceSummary {
    pub notes: i64,
    pub by_source: BTreeMap<String, i64>,
    pub by_segment: BTreeMap<String, i64>,
    pub top_tags: Vec<(String, i64)>,
    /// The people heard from most (at most 20), and how many in all.
    pub people: Vec<String>,
    pub people_total: i64,
}

/// A check-in as the report shows it: overdue when its time has passed with no outcome.
#[derive(Debug, Serialize, Deserialize)]
pub struct CheckinItem {
    #[serde(flatten)]
    pub checkin: plans::Checkin,
    pub overdue: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Changes {
    pub since: Option<String>,
    pub new_stories: Vec<String>,
    pub score_moves: Vec<Move>,
    pub status_changes: Vec<StatusChange>,
    pub lost_pillar: Vec<String>,
    /// Each story that lost its pillar, and why (the pillar removed, or moved off it).
    #[serde(default)]
    pub lost_pillar_causes: Vec<LostPillar>,
    /// Pillars renamed, described again or retired since the baseline: a
    /// rename or retirement moves no story's row, yet changes what the work serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pillar_events: Vec<crate::store::pillars::PillarEvent>,
    /// Stories moved on the roadmap: "S4 moved Next → Now" (`from`/`to` null: off it).
    #[serde(default)]
    pub horizon_moves: Vec<HorizonMove>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct HorizonMove {
    pub id: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Move {
    pub id: String,
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub cause: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct StatusChange {
    pub id: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LostPillar {
    pub id: String,
    pub pillar: Option<String>,
    pub cause: String,
}

/// What the report compares with: a meeting, or a date.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// A date (YYYY-MM-DD) or a UTC stamp (the meeting's).
    pub since: String,
    /// The last change before it: the operation log after it is what changed.
    pub change_id: i64,
    pub meeting: Option<MeetingRef>,
}

impl Baseline {
    pub fn meeting(m: &meetings::Meeting) -> Baseline {
        Baseline {
            since: m.at.clone(),
            change_id: m.change_id,
            meeting: Some(MeetingRef { name: m.name.clone(), at: m.at.clone() }),
        }
    }

    pub fn date(conn: &Connection, date: &str) -> Result<Baseline> {
        Ok(Baseline {
            since: date.to_string(),
            change_id: meetings::change_before(conn, date)?,
            meeting: None,
        })
    }
}

/// What the matrix and the ranking are built with.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub settings: &'a Settings,
    pub top: usize,
    pub value_threshold: f64,
    pub effort_threshold: f64,
    pub currency: &'a str,
}

/// Build the report as of `now`, compared with `baseline` (none: no meeting yet).
pub fn build(conn: &Connection, o: &Options, baseline: Option<&Baseline>, now: &str) -> Result<Report> {
    let since = baseline.map(|b| b.since.as_str());
    let top_rows = stories::top(conn, o.top)?;
    let top_views: Vec<StoryView> =
        top_rows.iter().map(|row| StoryView::new(row, Vec::new(), o.settings)).collect();
    let mut ranked = Vec::new();
    for (i, (v, row)) in top_views.iter().zip(&top_rows).enumerate() {
        let story_id = row.id;
        let (accounts, accounts_total) = weighing_most(conn, story_id)?;
        ranked.push(Ranked {
            rank: i + 1,
            id: v.id.clone(),
            title: v.title.clone(),
            text: v.text.clone(),
            score: v.score.unwrap_or_default(),
            score_explained: v.score_explained.clone(),
            evidence_count: v.evidence_count,
            importance: v.importance,
            demand: v.demand,
            arr: v.arr,
            reach_basis: v.reach_basis.map(String::from),
            status: v.status.to_string(),
            pillar: v.pillar.clone(),
            segments: segments(conn, story_id)?,
            accounts,
            accounts_total,
            quotes: quotes(conn, story_id, &format!("{} {} {}", v.title, v.request, v.text))?,
        });
    }
    let (unscored_rows, unscored_total) = stories::unscored(conn, o.top)?;
    let unscored: Vec<Unscored> = unscored_rows
        .iter()
        .map(|r| {
            let v = StoryView::new(r, Vec::new(), o.settings);
            Unscored {
                id: v.id,
                title: v.title,
                text: v.text,
                missing: v.score_explained.missing.iter().map(|m| m.to_string()).collect(),
            }
        })
        .collect();
    let top_refs: Vec<&StoryView> = top_views.iter().collect();
    let (changes, shipped, mut titles) = match baseline {
        Some(b) => changes(conn, o.settings, b)?,
        // No meeting yet: everything is "since", so every shipped story is listed.
        None => {
            let filter = stories::StoryFilter {
                status: Some(crate::domain::story::Status::Shipped),
                ..Default::default()
            };
            let shipped = stories::list(conn, &filter)?
                .iter()
                .map(|r| StoryRef { id: r.display_id(), title: r.title() })
                .collect();
            (Changes::default(), shipped, BTreeMap::new())
        }
    };
    for v in &top_views {
        titles.insert(v.id.clone(), v.title.clone());
    }
    let mut checkins: Vec<CheckinItem> = plans::checkins(conn, Some("overdue"), now)?
        .into_iter()
        .map(|c| CheckinItem { checkin: c, overdue: true })
        .collect();
    checkins.extend(
        plans::checkins(conn, Some("upcoming"), now)?
            .into_iter()
            .chain(plans::checkins(conn, Some("done-since"), since.unwrap_or(""))?)
            .map(|c| CheckinItem { checkin: c, overdue: false }),
    );
    Ok(Report {
        generated: now.to_string(),
        currency: o.currency.to_string(),
        since: since.map(String::from),
        meeting: baseline.and_then(|b| b.meeting.clone()),
        vision: plans::visions(conn)?.pop(),
        pillars: pillar_shares(conn, &top_refs)?,
        stories: ranked,
        unscored,
        unscored_total,
        shipped,
        matrix: matrix(&top_refs, o),
        evidence: evidence(conn, since)?,
        checkins,
        decisions: plans::decisions(conn, since)?,
        to_revisit: crate::store::decisions::to_revisit(conn)?,
        changes,
        titles,
    })
}

fn pillar_shares(conn: &Connection, top: &[&StoryView]) -> Result<Vec<PillarShare>> {
    // A retired pillar takes no work: its stories count as pointing at no pillar.
    let current: Vec<plans::Pillar> =
        plans::pillars(conn)?.into_iter().filter(|p| p.retired.is_none()).collect();
    let is_current = |name: &Option<String>| current.iter().any(|p| Some(&p.name) == name.as_ref());
    let none = top.iter().filter(|v| !is_current(&v.pillar)).count();
    let mut out: Vec<PillarShare> = current
        .iter()
        .cloned()
        .map(|p| {
            let n = top.iter().filter(|v| v.pillar.as_deref() == Some(p.name.as_str())).count();
            PillarShare { share: share(n, top.len()), name: p.name, top: n, stories: p.stories }
        })
        .collect();
    let total_none: i64 = conn.query_row(
        "SELECT count(*) FROM stories WHERE merged_into IS NULL
           AND (pillar_id IS NULL OR pillar_id IN (SELECT id FROM pillars WHERE retired IS NOT NULL))",
        [],
        |r| r.get(0),
    )?;
    out.push(PillarShare {
        name: "(no pillar)".into(),
        top: none,
        share: share(none, top.len()),
        stories: total_none,
    });
    Ok(out)
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { (n as f64 * 1000.0 / of as f64).round() / 10.0 }
}

/// The value a story's score credits before dividing by effort (for ICE, the score itself).
pub fn value_of(score: f64, effort: f64, settings: &Settings) -> f64 {
    match settings.framework {
        crate::domain::score::Framework::Ice => score,
        _ => score * effort,
    }
}

/// Value against effort at fixed thresholds: a story's quadrant depends on its own
/// numbers only, never on the other stories.
fn matrix(top: &[&StoryView], o: &Options) -> Matrix {
    let mut m = Matrix {
        value_threshold: o.value_threshold,
        effort_threshold: o.effort_threshold,
        ..Matrix::default()
    };
    for v in top {
        let Some(score) = v.score else { continue };
        let effort = v.effort.unwrap_or(1.0);
        let value = value_of(score, effort, o.settings);
        let quadrant = match (value >= o.value_threshold, effort > o.effort_threshold) {
            (true, false) => &mut m.quick_wins,
            (true, true) => &mut m.big_bets,
            (false, false) => &mut m.fill_ins,
            (false, true) => &mut m.money_pits,
        };
        quadrant.push(v.id.clone());
    }
    m
}

/// The segments a story's evidence comes from (a note's own, else its org's), most notes first.
fn segments(conn: &Connection, story: i64) -> Result<Vec<SegmentCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(n.segment, (SELECT o.segment FROM orgs o WHERE o.id = coalesce(n.org_id,
                    (SELECT p.org_id FROM people p WHERE p.id = n.person_id))), '(none)'), count(*)
         FROM links l JOIN notes n ON n.id = l.note_id
         WHERE l.story_id = ?1 GROUP BY 1 ORDER BY 2 DESC, 1",
    )?;
    let rows = stmt
        .query_map([story], |r| Ok(SegmentCount { segment: r.get(0)?, notes: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// At most this many accounts named under a story.
const ACCOUNTS: usize = 5;

/// The accounts behind a story that weigh most: highest importance, then ARR
/// (none last), then seats; and how many there are in all.
fn weighing_most(conn: &Connection, story: i64) -> Result<(Vec<crate::domain::score::Contributor>, usize)> {
    let mut all = stories::contributors(conn, story)?;
    all.sort_by(|a, b| {
        b.demand
            .cmp(&a.demand)
            .then(b.arr.unwrap_or(-1.0).total_cmp(&a.arr.unwrap_or(-1.0)))
            .then(b.reach.cmp(&a.reach))
            .then_with(|| a.name.cmp(&b.name))
    });
    let total = all.len();
    all.truncate(ACCOUNTS);
    Ok((all, total))
}

/// At most this many quotes under a story.
const QUOTES: usize = 2;

/// A story's strongest quotes: the quotes stored on its links first, then from
/// its most important notes the sentence that shares most words with the story.
/// Reads at most a dozen links, most important first (the links' primary key).
fn quotes(conn: &Connection, story: i64, story_text: &str) -> Result<Vec<Quote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.quote, n.id, n.body, n.who, n.org, n.on_date FROM links l JOIN notes n ON n.id = l.note_id
         WHERE l.story_id = ?1 AND l.importance > 0
         ORDER BY l.quote IS NULL, l.importance DESC, n.on_date DESC, n.id DESC LIMIT 12",
    )?;
    let words = stories::key_words(story_text);
    let mut given = Vec::new();
    let mut found: Vec<(usize, usize, Quote)> = Vec::new();
    let mut rows = stmt.query([story])?;
    let mut order = 0;
    while let Some(r) = rows.next()? {
        let quote: Option<String> = r.get(0)?;
        let body: String = r.get(2)?;
        let make = |text: String| -> rusqlite::Result<Quote> {
            Ok(Quote {
                text,
                note: RecordKind::Note.display(r.get(1)?),
                who: r.get(3)?,
                org: r.get(4)?,
                on: r.get(5)?,
            })
        };
        match quote.map(|q| q.trim().to_string()).filter(|q| !q.is_empty()) {
            Some(q) => given.push(make(q)?),
            None => {
                let (best, overlap) = best_sentence(&body, &words);
                if !best.is_empty() {
                    found.push((overlap, order, make(best)?));
                }
                order += 1;
            }
        }
    }
    // Notes come most important first; among the first few, the best match wins.
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(given.into_iter().chain(found.into_iter().map(|f| f.2)).take(QUOTES).collect())
}

/// The sentence of `body` sharing most of `words`, and how many it shares.
fn best_sentence(body: &str, words: &[String]) -> (String, usize) {
    let mut best = (String::new(), 0);
    for sentence in sentences(body) {
        let theirs = stories::key_words(&sentence);
        let shared = words.iter().filter(|w| theirs.contains(w)).count();
        if best.0.is_empty() || shared > best.1 {
            best = (sentence, shared);
        }
    }
    best
}

/// The sentences of a note, each on one line.
fn sentences(body: &str) -> Vec<String> {
    let flat = crate::domain::text::one_line(body);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = flat.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        // A full stop ends a sentence before a space (not inside "v1.2"); "。" always does.
        if (matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| *n == ' '))
            || matches!(c, '。' | '！' | '？')
        {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// Notes since `since`: a date compares with the day of the conversation; a timestamp
/// (a meeting) with when the note was typed, so late-typed notes still count as new.
fn evidence(conn: &Connection, since: Option<&str>) -> Result<EvidenceSummary> {
    let t = crate::store::notes::tally(conn, since.unwrap_or("0000-00-00"))?;
    let mut e = EvidenceSummary {
        notes: t.notes,
        by_source: t.by_source,
        by_segment: t.by_segment,
        top_tags: t.top_tags,
        ..EvidenceSummary::default()
    };
    // One person however their name was typed (case, spacing, Unicode form: `fold`),
    // shown in the first spelling in sort order, as `min(who)` did for case alone.
    let mut people: Vec<(String, i64)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (who, n) in t.by_who {
        match at.entry(crate::domain::text::fold(&who)) {
            std::collections::hash_map::Entry::Occupied(i) => people[*i.get()].1 += n,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(people.len());
                people.push((who.trim().to_string(), n));
            }
        }
    }
    people.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    e.people_total = people.len() as i64;
    e.people = people.into_iter().take(20).map(|(w, _)| w).collect();
    Ok(e)
}

/// A story's row since the baseline: inserted after it, or the old values of the
/// columns changed after it (the first change of each column holds its value then).
#[derive(Default)]
struct Before {
    inserted: bool,
    old: serde_json::Map<String, serde_json::Value>,
}

/// What changed since the baseline: stories new since, those whose score, status
/// or pillar moved (with the cause), and those shipped. Read from the operation
/// log after the baseline's change (an index range), then the stories it names.
fn changes(
    conn: &Connection,
    settings: &Settings,
    b: &Baseline,
) -> Result<(Changes, Vec<StoryRef>, BTreeMap<String, String>)> {
    let mut c = Changes { since: Some(b.since.clone()), ..Changes::default() };
    // A date baseline compares with the day, a meeting's stamp with the time.
    let after = |at: &str| {
        if b.since.len() == 10 {
            at.get(..10).unwrap_or(at) >= b.since.as_str()
        } else {
            at > b.since.as_str()
        }
    };
    // A new pillar already shows in the vision section; renames, descriptions and
    // retirements are what change the meaning of stories the meeting saw.
    c.pillar_events = crate::store::pillars::history(conn)?
        .into_iter()
        .filter(|e| e.what != "added" && after(&e.at))
        .collect();
    let mut before: BTreeMap<i64, Before> = BTreeMap::new();
    {
        // In the log's order: ops are appended change by change, so (change_id, id)
        // is id order, and it is the order of the index on change_id (which holds
        // the rowid): a range of the index, not a scan of the whole log.
        let mut stmt = conn.prepare_cached(
            "SELECT json_extract(row_key, '$.id'), old IS NULL AND new IS NULL, old FROM ops
             WHERE change_id > ?1 AND tbl = 'stories' ORDER BY change_id, id",
        )?;
        let mut rows = stmt.query([b.change_id])?;
        while let Some(r) = rows.next()? {
            let Some(id) = r.get::<_, Option<i64>>(0)? else { continue };
            let entry = before.entry(id).or_default();
            if r.get::<_, bool>(1)? && entry.old.is_empty() {
                entry.inserted = true;
            }
            // A story new since the baseline shows as new: its later values do
            // not matter (over a long period, most of the log is such stories).
            if entry.inserted {
                continue;
            }
            if let Some(old) = r.get::<_, Option<String>>(2)?
                && let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&old)
            {
                for (k, v) in map {
                    entry.old.entry(k).or_insert(v);
                }
            }
        }
    }
    let mut shipped = Vec::new();
    let mut titles = BTreeMap::new();
    if before.is_empty() {
        return Ok((c, shipped, titles));
    }
    let pillar_names: HashMap<i64, String> = {
        let mut stmt = conn.prepare("SELECT id, name FROM pillars")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    let ids: Vec<i64> = before.keys().copied().collect();
    let now_rows: HashMap<i64, crate::domain::story::StoryRow> =
        stories::many(conn, &ids)?.into_iter().map(|r| (r.id, r)).collect();
    let stored = stories::pillars_and_scores(conn, &ids)?;
    for (id, was) in before {
        let Some(row) = now_rows.get(&id) else { continue };
        if row.merged_into.is_some() {
            continue;
        }
        let shown = row.display_id();
        let mut named = false;
        if was.inserted {
            c.new_stories.push(shown.clone());
            if row.status == crate::domain::story::Status::Shipped {
                shipped.push(StoryRef { id: shown.clone(), title: row.title() });
            }
            titles.insert(shown, row.title());
            continue;
        }
        let old = |col: &str| was.old.get(col);
        let old_f = |col: &str, now: Option<f64>| match old(col) {
            Some(v) => v.as_f64(),
            None => now,
        };
        let old_i = |col: &str, now: i64| match old(col) {
            Some(v) => v.as_i64().unwrap_or_default(),
            None => now,
        };
        let mut then = row.clone();
        let inputs = &mut then.inputs;
        inputs.reach = old_f("reach", inputs.reach);
        inputs.impact = old_f("impact", inputs.impact);
        inputs.confidence = old_f("confidence", inputs.confidence);
        inputs.effort = old_f("effort", inputs.effort);
        inputs.ease = old_f("ease", inputs.ease);
        inputs.value = old_f("value", inputs.value);
        inputs.criticality = old_f("criticality", inputs.criticality);
        inputs.risk = old_f("risk", inputs.risk);
        let ev = &mut then.evidence;
        ev.notes = old_i("evidence_count", ev.notes);
        ev.people = old_i("people", ev.people);
        ev.orgs = old_i("orgs", ev.orgs);
        ev.sources = old_i("sources", ev.sources);
        ev.importance = old_i("importance", ev.importance);
        ev.demand = old_i("demand", ev.demand);
        ev.seats = old_i("seats", ev.seats);
        ev.unseated = old_i("unseated", ev.unseated);
        if old("arr").is_some() {
            ev.arr = old_f("arr", ev.arr);
        }
        if old("arr_demand").is_some() {
            ev.arr_demand = old_f("arr_demand", ev.arr_demand);
        }
        if let Some(s) =
            old("status").and_then(|s| s.as_str()).and_then(crate::domain::story::Status::from_word)
        {
            then.status = s;
        }
        if old("merged_into").is_some_and(|m| !m.is_null()) {
            continue; // it was merged away then: not a story the meeting saw
        }
        let (pillar_now, score_now) = stored.get(&id).copied().unwrap_or_default();
        let score_then = match old("score") {
            Some(v) => v.as_f64(),
            None => score_now,
        };
        if score_then != score_now {
            let was_x = crate::domain::score::explain(&then.inputs, &then.evidence, settings);
            let is_x = crate::domain::score::explain(&row.inputs, &row.evidence, settings);
            let fmt = |x: Option<f64>| x.map(crate::domain::score::fmt).unwrap_or_else(|| "-".into());
            let mut causes = Vec::new();
            if then.evidence.notes != row.evidence.notes {
                causes.push(format!("evidence {} → {}", then.evidence.notes, row.evidence.notes));
            }
            for (a, b) in was_x.parts.iter().zip(&is_x.parts) {
                if a.value != b.value {
                    causes.push(format!("{} {} → {}", a.name, fmt(a.value), fmt(b.value)));
                }
            }
            if causes.is_empty() {
                causes.push("the scoring settings changed".into());
            }
            c.score_moves.push(Move {
                id: shown.clone(),
                from: score_then,
                to: score_now,
                cause: causes.join(", "),
            });
            named = true;
        }
        if then.status != row.status {
            c.status_changes.push(StatusChange {
                id: shown.clone(),
                from: then.status.to_string(),
                to: row.status.to_string(),
            });
            if row.status == crate::domain::story::Status::Shipped {
                shipped.push(StoryRef { id: shown.clone(), title: row.title() });
            }
            named = true;
        }
        if let Some(h) = old("horizon") {
            let then_h = h.as_str().map(String::from);
            if then_h.as_deref() != row.horizon.map(crate::domain::horizon::Horizon::as_str) {
                c.horizon_moves.push(HorizonMove {
                    id: shown.clone(),
                    from: then_h,
                    to: row.horizon.map(|h| h.to_string()),
                });
                named = true;
            }
        }
        let pillar_then = match old("pillar_id") {
            Some(v) => v.as_i64(),
            None => pillar_now,
        };
        if let (Some(p), None) = (pillar_then, pillar_now) {
            c.lost_pillar.push(shown.clone());
            let (pillar, cause) = match pillar_names.get(&p) {
                Some(name) => (Some(name.clone()), "taken off it".to_string()),
                None => (removed_pillar_name(conn, p)?, "the pillar was removed".to_string()),
            };
            c.lost_pillar_causes.push(LostPillar { id: shown.clone(), pillar, cause });
            named = true;
        }
        if named {
            titles.insert(shown, row.title());
        }
    }
    Ok((c, shipped, titles))
}

/// The name a removed pillar had (its row in the operation log).
fn removed_pillar_name(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT json_extract(old, '$.name') FROM ops
         WHERE tbl = 'pillars' AND json_extract(row_key, '$.id') = ?1 AND new IS NULL AND old IS NOT NULL
         ORDER BY id DESC LIMIT 1",
        [id],
        |r| r.get(0),
    ))?
    .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_their_ends_only() {
        assert_eq!(
            sentences("Exports take an hour. We gave up!\nv1.2 is fine? yes"),
            ["Exports take an hour.", "We gave up!", "v1.2 is fine?", "yes"]
        );
        assert_eq!(sentences("夏は暑い。計算機が必要です。"), ["夏は暑い。", "計算機が必要です。"]);
    }

    #[test]
    fn the_sentence_closest_to_the_story_is_chosen() {
        let words = stories::key_words("CSV export of notes");
        let (s, n) = best_sentence("We love the app. The CSV export takes an hour. Thanks.", &words);
        assert_eq!(s, "The CSV export takes an hour.");
        assert_eq!(n, 2);
    }
}
