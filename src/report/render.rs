//! The report as a terminal document or Markdown. Both are built from the same
//! blocks (paragraphs, lists, tables), each rendered in its own way: wrapped to
//! the terminal, or as CommonMark that survives a renderer.

use super::model::{Matrix, Ranked, Report};
use crate::domain::money;
use crate::domain::score::fmt;
use crate::domain::text::{md_cell, one_line, printable};
use crate::ui::Ui;
use crate::ui::listing::{md_table, table};
use crate::ui::width::{self, wrap_prefixed};

/// A piece of a section, its text already made safe for the target.
enum Block {
    Para(String),
    /// A quotation (the vision).
    Quote(String),
    List(Vec<Item>),
    Table(Vec<&'static str>, Vec<Vec<String>>),
    /// A note on the table before it, shown only where that table shows the column named.
    TableNote(&'static str, String),
    Matrix,
}

/// A list item and the items under it.
struct Item {
    text: String,
    under: Vec<String>,
}

fn item(text: String) -> Item {
    Item { text, under: Vec::new() }
}

/// "1 note", "2 notes".
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A UTC stamp as a minute ("2026-11-20 09:12"), a date as it is.
fn when(s: &str) -> String {
    s.get(..16).unwrap_or(s).replace('T', " ").trim_end_matches('Z').to_string()
}

fn numbers(r: &Ranked) -> String {
    r.score_explained
        .parts
        .iter()
        .map(|p| {
            let v = p
                .value
                .map(|v| if p.name == "confidence" { format!("{}%", fmt(v)) } else { fmt(v) })
                .unwrap_or("?".into());
            let mark = if p.origin == crate::domain::score::Origin::Derived { "*" } else { "" };
            format!("{}{v}{mark}", &p.name[..1].to_uppercase())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sections, in order: (heading, blocks). `esc` makes stored text safe for
/// the target (one line for a terminal; the shared Markdown escaping for md).
fn sections(r: &Report, md: bool) -> Vec<(String, Vec<Block>)> {
    let esc = |s: &str| if md { md_cell(s) } else { one_line(s) };
    let title = |id: &str| r.titles.get(id).map(|t| format!("{id} {}", esc(t))).unwrap_or_else(|| id.into());
    let none = || vec![Block::Para("none".into())];
    let baseline = match (&r.meeting, &r.since) {
        (Some(m), _) => format!("the meeting '{}' ({})", esc(&m.name), when(&m.at)),
        (None, Some(s)) => when(s),
        (None, None) => String::new(),
    };
    let mut out = Vec::new();

    let mut vision = Vec::new();
    match &r.vision {
        Some(v) => {
            vision.push(Block::Quote(if md { md_cell(&v.text) } else { printable(&v.text, false) }));
            let why = v.why.as_deref().map(|w| format!(" ({})", esc(w))).unwrap_or_default();
            let pillars: Vec<String> =
                r.pillars.iter().filter(|p| p.name != "(no pillar)").map(|p| esc(&p.name)).collect();
            vision.push(Block::Para(format!(
                "Last changed {}{why}. Pillars: {}.",
                crate::domain::dates::day(&v.created),
                if pillars.is_empty() { "none yet".into() } else { pillars.join(", ") }
            )));
        }
        None => vision.push(Block::Para("No vision yet (pm vision set TEXT).".into())),
    }
    out.push(("Vision".into(), vision));

    let mut ranked = Vec::new();
    if r.stories.is_empty() {
        ranked.push(Block::Para("No scored stories yet.".into()));
    } else {
        // ARR only where some account has one: a column of blanks says nothing.
        let arr = r.stories.iter().any(|s| s.arr.is_some());
        let rows = r
            .stories
            .iter()
            .map(|s| {
                let mut row = vec![s.rank.to_string(), s.id.clone(), s.title.clone(), fmt(s.score)];
                row.push(s.demand.to_string());
                if arr {
                    row.push(s.arr.map(|a| money::compact(a, &r.currency)).unwrap_or_default());
                }
                row.extend([
                    s.evidence_count.to_string(),
                    numbers(s),
                    s.status.clone(),
                    s.pillar.clone().unwrap_or_default(),
                ]);
                row
            })
            .collect();
        let mut headers = vec!["#", "id", "title", "score", "demand"];
        if arr {
            headers.push("ARR");
        }
        headers.extend(["notes", "numbers", "status", "pillar"]);
        ranked.push(Block::Table(headers, rows));
        ranked.push(Block::TableNote(
            "demand",
            format!(
                "demand = per account (an org, or a person with none) its highest importance, summed{}.",
                if arr { "; ARR = the ARR of the orgs behind it, each once" } else { "" }
            ),
        ));
        ranked.push(Block::TableNote("notes", "notes = linked notes, of any importance.".into()));
        ranked.push(Block::TableNote("numbers", "Numbers marked * are derived from the evidence.".into()));
        ranked.push(Block::Para("Shipped and dropped stories are not ranked.".into()));
        // Reach set by the PM and reach that only counts voices are not one scale.
        let uses_reach = |s: &&super::model::Ranked| s.score_explained.part("reach").is_some();
        let set = r.stories.iter().filter(uses_reach).filter(|s| s.reach_basis.is_none()).count();
        let voices = r
            .stories
            .iter()
            .filter(uses_reach)
            .filter(|s| matches!(s.reach_basis.as_deref(), Some("evidence only" | "partly evidence only")))
            .count();
        if set > 0 && voices > 0 {
            ranked.push(Block::Para(format!(
                "This ranking mixes reach you set ({set}) with reach partly or only from the evidence ({voices}): give orgs seats (pm org edit NAME --seats N) or set --reach."
            )));
        }
    }
    if !r.unscored.is_empty() {
        ranked.push(Block::Para("Not scored yet:".into()));
        let mut items: Vec<Item> = r
            .unscored
            .iter()
            .map(|u| item(format!("{} {}: needs {}", u.id, esc(&u.title), u.missing.join(", "))))
            .collect();
        let more = r.unscored_total - r.unscored.len() as i64;
        if more > 0 {
            items.push(item(format!("and {more} more (pm story list shows them all)")));
        }
        ranked.push(Block::List(items));
    }
    out.push(("Ranked stories".into(), ranked));

    let shipped = if r.shipped.is_empty() {
        none()
    } else {
        let mut items: Vec<Item> =
            r.shipped.iter().map(|s| item(format!("{} {}", s.id, esc(&s.title)))).collect();
        // The list is capped (a recorded meeting from before the count has 0: nothing more).
        let more = r.shipped_total.saturating_sub(r.shipped.len() as i64);
        if more > 0 {
            items.push(item(format!("and {more} more (pm story list --status shipped shows them all)")));
        }
        vec![Block::List(items)]
    };
    out.push((
        if baseline.is_empty() { "Shipped".into() } else { format!("Shipped since {baseline}") },
        shipped,
    ));

    let m = &r.matrix;
    out.push((
        "Priority matrix".into(),
        vec![
            Block::Matrix,
            Block::Para(format!(
                "High value: a value (the score before effort) of at least {}; high effort: more than {}. \
                 Set in the config ([report] value_threshold, effort_threshold).",
                fmt(m.value_threshold),
                fmt(m.effort_threshold)
            )),
        ],
    ));

    let e = &r.evidence;
    let kv = |m: &std::collections::BTreeMap<String, i64>| {
        let mut v: Vec<(&String, &i64)> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        or_none(v.iter().map(|(k, n)| format!("{} {n}", esc(k))).collect::<Vec<_>>().join(", "))
    };
    let mut people = e.people.iter().map(|p| esc(p)).collect::<Vec<_>>().join(", ");
    let more = e.people_total - e.people.len() as i64;
    if more > 0 {
        people.push_str(&format!(" and {more} more"));
    }
    out.push((
        "Evidence".into(),
        vec![
            Block::Para(format!(
                "{}{}.",
                count(e.notes, "note", "notes"),
                if baseline.is_empty() { String::new() } else { format!(" since {baseline}") }
            )),
            Block::List(vec![
                item(format!("By source: {}", kv(&e.by_source))),
                item(format!("By segment: {}", kv(&e.by_segment))),
                item(format!(
                    "Top tags: {}",
                    or_none(
                        e.top_tags
                            .iter()
                            .map(|(t, n)| format!("{} {n}", esc(t)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                )),
                item(format!("People heard from: {}", or_none(people))),
            ]),
        ],
    ));

    let words: Vec<Item> = r
        .stories
        .iter()
        .map(|s| {
            let mix =
                s.segments.iter().map(|g| format!("{} {}", esc(&g.segment), g.notes)).collect::<Vec<_>>();
            let head = if s.evidence_count == 0 {
                format!("{} {}: no notes linked yet", s.id, esc(&s.title))
            } else {
                format!(
                    "{} {}: {}{}{}",
                    s.id,
                    esc(&s.title),
                    count(s.evidence_count, "note", "notes"),
                    if mix.is_empty() { String::new() } else { format!(" ({})", mix.join(", ")) },
                    weighs_most(s, &r.currency, &esc)
                )
            };
            // Markdown carries the whole job story (where its clauses are all given);
            // the terminal keeps to the title, `pm story show` has the rest.
            let story = (md && !s.text.contains('…')).then(|| format!("Job story: {}", esc(&s.text)));
            let under = story
                .into_iter()
                .chain(s.quotes.iter().map(|q| {
                    let who = match (&q.who, &q.org) {
                        (Some(w), Some(o)) => format!("{}, {}", esc(w), esc(o)),
                        (Some(w), None) => esc(w),
                        (None, Some(o)) => esc(o),
                        (None, None) => "unnamed".into(),
                    };
                    format!("“{}” ({who}, {}, {})", esc(&q.text), q.on, q.note)
                }))
                .collect();
            Item { text: head, under }
        })
        .collect();
    out.push((
        "In the customers' words".into(),
        if words.is_empty() { none() } else { vec![Block::List(words)] },
    ));

    let mut checkins = Vec::new();
    for c in &r.checkins {
        let k = &c.checkin;
        let text = if c.overdue {
            format!(
                "{} overdue since {} with {}: {} (no outcome yet)",
                k.id,
                when(&k.at),
                esc(&k.with),
                esc(&k.topic)
            )
        } else if k.done {
            format!(
                "{} done: {} → {}",
                k.id,
                esc(&k.topic),
                esc(k.outcome.as_deref().unwrap_or("(no outcome)"))
            )
        } else {
            format!("{} {} with {}: {}", k.id, when(&k.at), esc(&k.with), esc(&k.topic))
        };
        checkins.push(item(text));
    }
    out.push(("Check-ins".into(), if checkins.is_empty() { none() } else { vec![Block::List(checkins)] }));

    let decisions: Vec<Item> = r
        .decisions
        .iter()
        .map(|d| {
            let why = d.why.as_deref().map(|w| format!(" (why: {})", esc(w))).unwrap_or_default();
            item(format!("{} {}: {}{why}", d.id, d.on, esc(&d.text)))
        })
        .collect();
    out.push(("Decisions".into(), if decisions.is_empty() { none() } else { vec![Block::List(decisions)] }));
    if let Some(section) = to_revisit(&r.to_revisit, &esc) {
        out.push(section);
    }

    let c = &r.changes;
    let mut changes = Vec::new();
    for id in &c.new_stories {
        changes.push(item(format!("New: {}", title(id))));
    }
    // The new stories are listed up to a cap; the count is exact.
    let more = c.new_stories_total.saturating_sub(c.new_stories.len() as i64);
    if more > 0 {
        changes.push(item(format!("and {more} more new stories (pm story list shows them all)")));
    }
    for m in &c.score_moves {
        let f = |x: Option<f64>| x.map(fmt).unwrap_or_else(|| "-".into());
        let dir = match (m.from, m.to) {
            (Some(a), Some(b)) if b > a => "moved up",
            (Some(_), Some(_)) => "moved down",
            (None, _) => "now scored",
            (_, None) => "no longer scored",
        };
        changes.push(item(format!("{} {dir}: {} → {} ({})", title(&m.id), f(m.from), f(m.to), m.cause)));
    }
    for s in &c.status_changes {
        changes.push(item(format!("{}: {} → {}", title(&s.id), s.from, s.to)));
    }
    for e in &c.pillar_events {
        let line = super::vision_render::pillar_change(e, &esc);
        let mut chars = line.chars();
        let line = chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or(line);
        changes.push(item(format!("{line} ({})", crate::domain::dates::day(&e.at))));
    }
    for m in &c.horizon_moves {
        use crate::domain::horizon::Horizon;
        let h = |x: &Option<String>| {
            x.as_deref().and_then(Horizon::from_word).map_or("off the roadmap", Horizon::label)
        };
        changes.push(item(format!("{} moved {} → {}", title(&m.id), h(&m.from), h(&m.to))));
    }
    for l in &c.lost_pillar_causes {
        let pillar = l.pillar.as_deref().map(|p| format!(" {}", esc(p))).unwrap_or_default();
        changes.push(item(format!("{} lost its pillar{pillar} ({})", title(&l.id), l.cause)));
    }
    let changes = match (&c.since, changes.is_empty()) {
        (None, _) => vec![Block::Para(
            "No meeting recorded yet: nothing to compare with (pm report --record NAME pins one).".into(),
        )],
        (Some(_), true) => vec![Block::Para(format!("Nothing changed since {baseline}."))],
        (Some(_), false) => vec![Block::Para(format!("Since {baseline}:")), Block::List(changes)],
    };
    out.push(("Changes".into(), changes));

    let rows: Vec<Vec<String>> = r
        .pillars
        .iter()
        .map(|p| vec![p.name.clone(), p.top.to_string(), format!("{}%", fmt(p.share)), p.stories.to_string()])
        .collect();
    let mut alignment = vec![Block::Table(vec!["pillar", "in top", "share", "stories"], rows)];
    let unaligned: Vec<&str> =
        r.stories.iter().filter(|s| s.pillar.is_none()).map(|s| s.id.as_str()).collect();
    if !unaligned.is_empty() {
        alignment
            .push(Block::Para(format!("Ranked stories that point at no pillar: {}.", unaligned.join(", "))));
    }
    out.push(("Alignment".into(), alignment));
    out
}

/// Decisions the vision has moved away from (no section when there are none).
fn to_revisit(
    list: &[crate::store::plans::Decision],
    esc: &dyn Fn(&str) -> String,
) -> Option<(String, Vec<Block>)> {
    if list.is_empty() {
        return None;
    }
    let items = list
        .iter()
        .map(|d| {
            let v = d
                .confirmed_under
                .or(d.vision_version)
                .map(|v| format!("version {v}"))
                .unwrap_or("no vision".into());
            item(format!("{} {} ({v}): {}", d.id, d.on, esc(&d.text)))
        })
        .collect();
    Some((
        "To revisit".into(),
        vec![
            Block::Para("Taken under an earlier vision; confirm or supersede them:".into()),
            Block::List(items),
        ],
    ))
}

/// "; demand from Pacific 3 ($1.2M), Ann 1 and 2 more": the accounts behind a
/// story's demand, each with its highest importance and ARR (empty: none).
fn weighs_most(s: &Ranked, currency: &str, esc: &dyn Fn(&str) -> String) -> String {
    if s.accounts.is_empty() {
        return String::new();
    }
    let named: Vec<String> = s
        .accounts
        .iter()
        .map(|a| match a.arr {
            Some(arr) => format!("{} {} ({})", esc(&a.name), a.demand, money::compact(arr, currency)),
            None => format!("{} {}", esc(&a.name), a.demand),
        })
        .collect();
    let more = s.accounts_total.saturating_sub(s.accounts.len());
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!("; demand from {}{more}", named.join(", "))
}

fn or_none(s: String) -> String {
    if s.is_empty() { "none".into() } else { s }
}

/// The report for a terminal: prose and lists wrapped at the width, tables fitted to it.
pub fn terminal(r: &Report, ui: &Ui) -> String {
    let w = ui.width as usize;
    let mut out = format!("Planning report · {}\n", when(&r.generated));
    let mut last_header = String::new();
    for (i, (title, blocks)) in sections(r, false).into_iter().enumerate() {
        let heading = format!("{}. {}", i + 1, title.to_uppercase());
        out.push_str(&format!(
            "\n{}\n{}\n",
            wrap_prefixed(&heading, w, "", ""),
            "─".repeat(width::cells(&heading).min(w))
        ));
        for b in blocks {
            let text = match b {
                Block::Para(p) | Block::Quote(p) => wrap_prefixed(&p, w, "", ""),
                Block::List(items) => items
                    .iter()
                    .map(|it| {
                        let mut s = wrap_prefixed(&it.text, w, "- ", "  ");
                        for u in &it.under {
                            s.push('\n');
                            s.push_str(&wrap_prefixed(u, w, "    ", "     "));
                        }
                        s
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Table(headers, rows) => {
                    let t = table(ui, &headers, &rows);
                    last_header = t.lines().next().unwrap_or_default().to_string();
                    t
                }
                Block::TableNote(column, note) => {
                    if !last_header.split_whitespace().any(|h| h == column) {
                        continue;
                    }
                    wrap_prefixed(&note, w, "", "")
                }
                Block::Matrix => matrix_box(&r.matrix, w),
            };
            out.push_str(&text);
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

/// The matrix as a box of four cells, each wrapped to fit the width.
fn matrix_box(m: &Matrix, width: usize) -> String {
    let ids = |v: &Vec<String>| if v.is_empty() { "-".to_string() } else { v.join(", ") };
    let w = (width.saturating_sub(18) / 2).clamp(12, 34);
    let line = "─".repeat(w + 2);
    let label = 11;
    let mut out = vec![
        format!("{}{}{}", " ".repeat(label + 2), width::pad("low effort", w + 3), "high effort"),
        format!("{}┌{line}┬{line}┐", " ".repeat(label)),
    ];
    let row = |out: &mut Vec<String>, name: &str, a: String, b: String| {
        let (a, b) = (width::wrap(&a, w), width::wrap(&b, w));
        for k in 0..a.len().max(b.len()) {
            out.push(format!(
                "{} │ {} │ {} │",
                if k == 0 { format!("{name:>10}") } else { " ".repeat(10) },
                width::pad(a.get(k).map(String::as_str).unwrap_or(""), w),
                width::pad(b.get(k).map(String::as_str).unwrap_or(""), w),
            ));
        }
    };
    row(
        &mut out,
        "high value",
        format!("Quick wins: {}", ids(&m.quick_wins)),
        format!("Big bets: {}", ids(&m.big_bets)),
    );
    out.push(format!("{}├{line}┼{line}┤", " ".repeat(label)));
    row(
        &mut out,
        "low value",
        format!("Fill-ins: {}", ids(&m.fill_ins)),
        format!("Money pits: {}", ids(&m.money_pits)),
    );
    out.push(format!("{}└{line}┴{line}┘", " ".repeat(label)));
    out.join("\n")
}

/// The report as a Markdown document to paste into meeting notes: headings, real
/// lists, tables with escaped cells, nothing cut, no empty section.
pub fn markdown(r: &Report) -> String {
    let mut out = format!("# Planning report · {}\n", crate::domain::dates::day(&r.generated));
    for (title, blocks) in sections(r, true) {
        out.push_str(&format!("\n## {title}\n"));
        for b in blocks {
            let text = match b {
                Block::Para(p) | Block::TableNote(_, p) => p,
                Block::Quote(q) => format!("> {q}"),
                Block::List(items) => items
                    .iter()
                    .map(|it| {
                        let mut s = format!("- {}", it.text);
                        for u in &it.under {
                            s.push_str(&format!("\n  - {u}"));
                        }
                        s
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Table(headers, rows) => md_table(&headers, &rows),
                Block::Matrix => {
                    let m = &r.matrix;
                    let ids = |v: &Vec<String>| if v.is_empty() { "-".to_string() } else { v.join(", ") };
                    md_table(
                        &["", "low effort", "high effort"],
                        &[
                            vec![
                                "**high value**".into(),
                                format!("Quick wins: {}", ids(&m.quick_wins)),
                                format!("Big bets: {}", ids(&m.big_bets)),
                            ],
                            vec![
                                "**low value**".into(),
                                format!("Fill-ins: {}", ids(&m.fill_ins)),
                                format!("Money pits: {}", ids(&m.money_pits)),
                            ],
                        ],
                    )
                }
            };
            out.push('\n');
            out.push_str(&text);
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}
