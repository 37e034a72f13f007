//! The report as a terminal document or Markdown.

use super::model::Report;
use crate::domain::score::fmt;
use crate::domain::text::{md_cell, one_line, printable, shorten};
use crate::ui::Ui;
use crate::ui::listing::{md_table, table};

fn numbers(r: &super::model::Ranked) -> String {
    r.score_explained
        .parts
        .iter()
        .map(|p| {
            let v = p
                .value
                .map(|v| if p.name == "confidence" { format!("{}%", fmt(v)) } else { fmt(v) })
                .unwrap_or("?".into());
            let mark = if p.origin == "derived" { "*" } else { "" };
            format!("{}{v}{mark}", &p.name[..1].to_uppercase())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sections as (heading, body) pairs, shared by both renderings.
fn sections(r: &Report, ui: Option<&Ui>) -> Vec<(String, String)> {
    let md = ui.is_none();
    let tbl = |headers: &[&str], rows: Vec<Vec<String>>| match ui {
        Some(ui) => table(ui, headers, &rows),
        None => md_table(headers, &rows),
    };
    let text = |s: &str| if md { md_cell(s) } else { one_line(s) };
    let mut out = Vec::new();

    let vision = match &r.vision {
        Some(v) => {
            let why = v.why.as_deref().map(|w| format!(" ({})", text(w))).unwrap_or_default();
            let pillars: Vec<String> =
                r.pillars.iter().filter(|p| p.name != "(no pillar)").map(|p| text(&p.name)).collect();
            format!(
                "{}\nLast changed {}{why}.\nPillars: {}",
                if md { format!("> {}\n", text(&v.text)) } else { printable(&v.text, false) },
                v.created.get(..10).unwrap_or(&v.created),
                if pillars.is_empty() { "none yet".into() } else { pillars.join(", ") }
            )
        }
        None => "No vision yet (pm vision set TEXT).".into(),
    };
    out.push(("Vision".into(), vision));

    let rows: Vec<Vec<String>> = r
        .stories
        .iter()
        .map(|s| {
            vec![
                s.rank.to_string(),
                s.id.clone(),
                fmt(s.score),
                numbers(s),
                format!("{}/{}", s.evidence_count, s.importance),
                s.status.clone(),
                s.pillar.clone().unwrap_or_default(),
                s.text.clone(),
            ]
        })
        .collect();
    let mut ranked = if rows.is_empty() {
        "No scored stories yet.".to_string()
    } else {
        format!(
            "{}\n{}(* derived from evidence; notes/weight = linked notes / evidence weight)",
            tbl(&["#", "id", "score", "numbers", "notes/weight", "status", "pillar", "story"], rows),
            if md { "\n" } else { "" }
        )
    };
    if !r.unscored.is_empty() {
        ranked.push_str(if md { "\n\nNot scored yet:\n\n" } else { "\n\nNot scored yet:\n" });
        for u in &r.unscored {
            ranked.push_str(&format!(
                "- {} needs {}: {}\n",
                u.id,
                u.missing.join(", "),
                text(&shorten(&u.text, 70))
            ));
        }
        let more = r.unscored_total - r.unscored.len() as i64;
        if more > 0 {
            ranked.push_str(&format!("- and {more} more (`pm story list` shows them all)\n"));
        }
        ranked = ranked.trim_end().to_string();
    }
    out.push(("Ranked stories".into(), ranked));

    let m = &r.matrix;
    let ids = |v: &Vec<String>| if v.is_empty() { "-".to_string() } else { v.join(", ") };
    let matrix = if md {
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
    } else {
        let cell = |title: &str, v: &Vec<String>| format!("{title}: {}", ids(v));
        let w = 34;
        format!(
            "            low effort                          high effort\n           ┌{line}┬{line}┐\nhigh value │ {:<w$} │ {:<w$} │\n           ├{line}┼{line}┤\n low value │ {:<w$} │ {:<w$} │\n           └{line}┴{line}┘",
            shorten(&cell("Quick wins", &m.quick_wins), w),
            shorten(&cell("Big bets", &m.big_bets), w),
            shorten(&cell("Fill-ins", &m.fill_ins), w),
            shorten(&cell("Money pits", &m.money_pits), w),
            line = "─".repeat(w + 2),
        )
    };
    out.push(("Priority matrix".into(), matrix));

    let e = &r.evidence;
    let kv = |m: &std::collections::BTreeMap<String, i64>| {
        let mut v: Vec<(&String, &i64)> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        v.iter().map(|(k, n)| format!("{} {n}", text(k))).collect::<Vec<_>>().join(", ")
    };
    let evidence = format!(
        "{} notes{}\nBy source: {}\nBy segment: {}\nTop tags: {}\nPeople heard from: {}",
        e.notes,
        r.since.as_deref().map(|s| format!(" since {}", s.get(..10).unwrap_or(s))).unwrap_or_default(),
        or_none(kv(&e.by_source)),
        or_none(kv(&e.by_segment)),
        or_none(e.top_tags.iter().map(|(t, n)| format!("{} {n}", text(t))).collect::<Vec<_>>().join(", ")),
        or_none({
            let mut people = e.people.iter().map(|p| text(p)).collect::<Vec<_>>().join(", ");
            let more = e.people_total - e.people.len() as i64;
            if more > 0 {
                people.push_str(&format!(" and {more} more"));
            }
            people
        }),
    );
    out.push(("Evidence".into(), evidence));

    let mut checkins = String::new();
    for c in r.checkins.iter().filter(|c| !c.done) {
        checkins.push_str(&format!(
            "- {} {} with {}: {}\n",
            c.id,
            c.at.replace('T', " ").trim_end_matches('Z').get(..16).unwrap_or(&c.at),
            text(&c.with),
            text(&c.topic)
        ));
    }
    for c in r.checkins.iter().filter(|c| c.done) {
        checkins.push_str(&format!(
            "- {} done: {} → {}\n",
            c.id,
            text(&c.topic),
            text(c.outcome.as_deref().unwrap_or("(no outcome)"))
        ));
    }
    out.push(("Check-ins".into(), or_none(checkins.trim_end().to_string())));

    let decisions: Vec<String> = r
        .decisions
        .iter()
        .map(|d| {
            let why = d.why.as_deref().map(|w| format!(" (why: {})", text(w))).unwrap_or_default();
            format!("- {} {}: {}{why}", d.id, d.on, text(&d.text))
        })
        .collect();
    out.push(("Decisions".into(), or_none(decisions.join("\n"))));
    if let Some(section) = to_revisit(&r.to_revisit, &text) {
        out.push(section);
    }

    let c = &r.changes;
    let mut changes = Vec::new();
    if !c.new_stories.is_empty() {
        changes.push(format!("New stories: {}", c.new_stories.join(", ")));
    }
    for m in &c.score_moves {
        let f = |x: Option<f64>| x.map(fmt).unwrap_or_else(|| "-".into());
        let dir = match (m.from, m.to) {
            (Some(a), Some(b)) if b > a => "up",
            (Some(_), Some(_)) => "down",
            (None, _) => "now scored",
            (_, None) => "no longer scored",
        };
        changes.push(format!(
            "{} {dir}: {} → {} ({})",
            m.id,
            f(m.from),
            f(m.to),
            if m.cause.is_empty() { "config" } else { &m.cause }
        ));
    }
    for s in &c.status_changes {
        changes.push(format!("{}: {} → {}", s.id, s.from, s.to));
    }
    if !c.lost_pillar.is_empty() {
        changes.push(format!("Lost their pillar: {}", c.lost_pillar.join(", ")));
    }
    let head = match &c.since {
        Some(s) => format!("Since {}:", s.get(..16).unwrap_or(s).replace('T', " ")),
        None => "First report: nothing to compare with yet.".into(),
    };
    out.push((
        "Changes".into(),
        if changes.is_empty() { head } else { format!("{head}\n- {}", changes.join("\n- ")) },
    ));

    let rows: Vec<Vec<String>> = r
        .pillars
        .iter()
        .map(|p| vec![p.name.clone(), p.top.to_string(), format!("{}%", fmt(p.share))])
        .collect();
    let unaligned: Vec<&str> =
        r.stories.iter().filter(|s| s.pillar.is_none()).map(|s| s.id.as_str()).collect();
    let mut alignment = tbl(&["pillar", "in top", "share"], rows);
    if !unaligned.is_empty() {
        alignment.push_str(&format!("\nPoint at no pillar: {}", unaligned.join(", ")));
    }
    out.push(("Alignment".into(), alignment));
    out
}

/// Decisions the vision has moved away from (no section when there are none).
fn to_revisit(
    list: &[crate::store::plans::Decision],
    text: &dyn Fn(&str) -> String,
) -> Option<(String, String)> {
    if list.is_empty() {
        return None;
    }
    let mut lines = vec!["Taken under an earlier vision; confirm or supersede them:".to_string()];
    for d in list {
        let v = d
            .confirmed_under
            .or(d.vision_version)
            .map(|v| format!("version {v}"))
            .unwrap_or("no vision".into());
        lines.push(format!("- {} {} ({v}): {}", d.id, d.on, text(&d.text)));
    }
    Some(("To revisit".into(), lines.join("\n")))
}

fn or_none(s: String) -> String {
    if s.is_empty() { "none".into() } else { s }
}

/// The report for a terminal.
pub fn terminal(r: &Report, ui: &Ui) -> String {
    let mut out =
        format!("Planning report · {}\n", r.generated.get(..16).unwrap_or(&r.generated).replace('T', " "));
    for (i, (title, body)) in sections(r, Some(ui)).into_iter().enumerate() {
        out.push_str(&format!(
            "\n{}. {}\n{}\n{}\n",
            i + 1,
            title.to_uppercase(),
            "─".repeat(title.chars().count() + 3),
            body
        ));
    }
    out.trim_end().to_string()
}

/// The report as a Markdown document to paste into meeting notes.
pub fn markdown(r: &Report) -> String {
    let mut out = format!("# Planning report · {}\n", r.generated.get(..10).unwrap_or(&r.generated));
    for (title, body) in sections(r, None) {
        out.push_str(&format!("\n## {title}\n\n{body}\n"));
    }
    out.trim_end().to_string()
}
