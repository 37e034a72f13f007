//! The vision summary as a terminal page (every line within the width) or Markdown.

use super::vision::{StoryLine, Summary};
use crate::domain::dates::day;
use crate::domain::score::fmt;
use crate::domain::text::{md_cell, one_line, printable};
use crate::store::pillars::PillarEvent;
use crate::store::plans::Decision;
use crate::ui::width::cells;

/// The stories (and decisions) shown per pillar; the rest are counted, with the
/// command that lists them. The JSON has them all.
const SHOWN: usize = 5;

/// `n` and the noun, in agreement: "1 story", "2 stories".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `text` folded to lines of at most `width` terminal cells (CJK and emoji take
/// two), each after `indent` (the first line too); a word longer than a line is
/// broken across lines rather than cut.
fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let room = width.saturating_sub(cells(indent)).max(4);
    let flat = one_line(text);
    if flat.is_empty() {
        return Vec::new();
    }
    crate::ui::width::wrap(&flat, room).into_iter().map(|l| format!("{indent}{l}")).collect()
}

/// `s` cut to `max` terminal cells, with `…` where it was cut.
fn fit(s: &str, max: usize) -> String {
    if cells(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = cells(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    format!("{}…", out.trim_end())
}

/// `head` then `text`, wrapped to `width`, later lines indented under the text.
fn hanging(head: &str, text: &str, width: usize) -> Vec<String> {
    let indent = " ".repeat(head.chars().count());
    let mut lines = wrap(text, width, &indent);
    if let Some(first) = lines.first_mut() {
        *first = format!("{head}{}", &first[indent.len()..]);
    }
    lines
}

/// A share as a bar of `width` cells.
fn bar(share: f64, width: usize) -> String {
    let full = ((share / 100.0) * width as f64).round().clamp(0.0, width as f64) as usize;
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}

fn score(s: &StoryLine) -> String {
    s.score.map(fmt).unwrap_or_else(|| "-".into())
}

/// One line of a pillar's life, e.g. "pillar 'speed' renamed 'range'".
pub fn pillar_change(e: &PillarEvent, text: &dyn Fn(&str) -> String) -> String {
    let name = text(&e.pillar);
    match e.what.as_str() {
        "added" => format!("pillar '{name}' added"),
        "renamed" => format!("pillar '{name}' renamed '{}'", text(e.new.as_deref().unwrap_or(""))),
        "described" => match &e.new {
            Some(d) => format!("pillar '{name}' described: {}", text(d)),
            None => format!("pillar '{name}' lost its description"),
        },
        "retired" => format!("pillar '{name}' retired"),
        other => format!("pillar '{name}' {other}"),
    }
}

/// The history: statements and pillar changes, oldest first, as (stamp, line).
fn timeline(s: &Summary, text: &dyn Fn(&str) -> String) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = s
        .versions
        .iter()
        .map(|v| {
            let why = v.why.as_deref().map(|w| format!(" (why: {})", text(w))).unwrap_or_default();
            (v.since.clone(), format!("version {}: {}{why}", v.version, text(&v.text)))
        })
        .collect();
    out.extend(s.pillar_changes.iter().map(|e| (e.at.clone(), pillar_change(e, text))));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn evidence_line(p: &super::vision::PillarSummary) -> String {
    let e = &p.evidence;
    if e.notes == 0 {
        return "none yet".into();
    }
    let notes = count(e.notes as usize, "note", "notes");
    let orgs = count(e.orgs as usize, "organisation", "organisations");
    // Notes with no name (a survey, or after `pm forget`) are not "from 0 people".
    match (e.people, e.orgs) {
        (0, 0) => format!("{notes}, no one named"),
        (0, _) => format!("{notes} from {orgs}, no one named"),
        (p, 0) => format!("{notes} from {}", count(p as usize, "person", "people")),
        (p, _) => format!("{notes} from {} at {orgs}", count(p as usize, "person", "people")),
    }
}

fn decision_state(d: &Decision) -> String {
    match (d.state.as_str(), &d.superseded_by) {
        ("superseded", Some(by)) => format!("superseded by {by}"),
        (state, _) => state.to_string(),
    }
}

fn callouts(s: &Summary, text: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut out: Vec<String> = s.no_work.iter().map(|p| format!("'{}' has no stories.", text(p))).collect();
    for name in &s.no_evidence {
        let n = s.pillars.iter().find(|p| &p.name == name).map_or(0, |p| p.stories.len());
        out.push(format!(
            "'{}' has {} but no evidence: nobody has asked for it yet.",
            text(name),
            count(n, "story", "stories")
        ));
    }
    out
}

/// How to take a decision off the list: keep it, or replace it.
const REVISIT_HOW: [&str; 2] = [
    "Keep one: pm decision confirm ID [--why TEXT]",
    "Replace one: pm decision supersede ID TEXT --why TEXT",
];

/// The summary for a terminal `width` columns wide: no line is wider.
pub fn terminal(s: &Summary, width: usize) -> String {
    let w = width.max(40);
    let text = |t: &str| one_line(t);
    let mut out: Vec<String> = Vec::new();
    let heading = |out: &mut Vec<String>, title: &str| {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(title.to_string());
        out.push("─".repeat(title.chars().count()));
    };

    match (&s.statement, &s.since) {
        (Some(statement), Some(since)) => {
            heading(&mut out, &format!("VISION · version {} · since {}", s.version.unwrap_or(1), day(since)));
            for para in printable(statement, true).lines() {
                out.extend(wrap(para, w, "  "));
            }
            if let Some(why) = &s.why {
                out.extend(wrap(&format!("Why it changed: {why}"), w, "  "));
            }
        }
        _ => {
            heading(&mut out, "VISION");
            out.push("  No vision yet: pm vision set TEXT".into());
        }
    }

    let history = timeline(s, &text);
    if history.len() > 1 {
        heading(&mut out, "HISTORY");
        for (at, line) in history {
            out.extend(hanging(&format!("  {}  ", day(&at)), &line, w));
        }
    }

    heading(
        &mut out,
        &match s.ranked {
            0 => "PILLARS".to_string(),
            n => format!("PILLARS · share of {n} ranked {}", if n == 1 { "story" } else { "stories" }),
        },
    );
    if s.pillars.is_empty() {
        out.push("  No pillars yet: pm vision pillar add NAME".into());
    }
    let idw = s
        .pillars
        .iter()
        .flat_map(|p| p.stories.iter())
        .chain(&s.unaligned)
        .map(|x| x.id.len())
        .max()
        .unwrap_or(2);
    let scw = s
        .pillars
        .iter()
        .flat_map(|p| p.stories.iter())
        .chain(&s.unaligned)
        .map(|x| score(x).len())
        .max()
        .unwrap_or(1);
    let story_rows = |out: &mut Vec<String>, stories: &[StoryLine], all: &str| {
        for st in stories.iter().take(SHOWN) {
            out.push(format!(
                "    {:<idw$}  {:>scw$}  {:<7}  {}",
                st.id,
                score(st),
                st.status,
                text(&st.title)
            ));
        }
        if stories.len() > SHOWN {
            out.push(format!("    and {} more: {all}", stories.len() - SHOWN));
        }
    };
    let share_line = |share: f64, n: usize| {
        let tail = format!(" {}% ({} of {})", fmt(share), n, s.ranked);
        let room = w.saturating_sub(4 + tail.chars().count()).clamp(5, 30);
        format!("    {}{tail}", bar(share, room))
    };
    for (i, p) in s.pillars.iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.extend(wrap(
            &format!("{} · {}", text(&p.name), count(p.stories.len(), "story", "stories")),
            w,
            "  ",
        ));
        if let Some(d) = &p.description {
            out.extend(wrap(d, w, "    "));
        }
        // With nothing ranked yet a share says nothing.
        if s.ranked > 0 {
            out.push(share_line(p.share, p.ranked));
        }
        story_rows(&mut out, &p.stories, &format!("pm story list --pillar \"{}\"", text(&p.name)));
        out.push(format!("    Evidence: {}", evidence_line(p)));
        for d in p.decisions.iter().take(SHOWN) {
            let head = format!("    {}  {}  ", d.id, d.on);
            out.extend(hanging(&head, &format!("{} · {}", d.text, decision_state(d)), w));
        }
        if p.decisions.len() > SHOWN {
            out.push(format!("    and {} more: pm decision list", p.decisions.len() - SHOWN));
        }
    }

    if !s.unaligned.is_empty() {
        heading(&mut out, "POINTING AT NO CURRENT PILLAR");
        let n = s.unaligned.iter().filter(|x| x.is_ranked()).count();
        if s.ranked > 0 {
            out.push(share_line((n as f64 * 1000.0 / s.ranked as f64).round() / 10.0, n));
        }
        story_rows(&mut out, &s.unaligned, "pm story list");
    }

    if !s.retired.is_empty() {
        heading(&mut out, "RETIRED PILLARS");
        for r in &s.retired {
            let line = format!(
                "'{}' retired {} · {} still {} at it",
                text(&r.name),
                day(&r.retired),
                count(r.stories, "story", "stories"),
                if r.stories == 1 { "points" } else { "point" }
            );
            out.extend(wrap(&line, w, "  "));
        }
    }

    let called = callouts(s, &text);
    if !called.is_empty() {
        heading(&mut out, "CALLED OUT");
        for c in called {
            out.extend(hanging("  - ", &c, w));
        }
    }

    if !s.to_revisit.is_empty() {
        heading(&mut out, "TO REVISIT · taken under an earlier vision");
        for d in &s.to_revisit {
            let v = d
                .confirmed_under
                .or(d.vision_version)
                .map(|v| format!("v{v}"))
                .unwrap_or_else(|| "v-".into());
            out.extend(hanging(&format!("  {}  {}  {v}  ", d.id, d.on), &d.text, w));
        }
        for how in REVISIT_HOW {
            out.extend(wrap(how, w, "  "));
        }
    }

    out.iter().map(|l| fit(l.trim_end(), w)).collect::<Vec<_>>().join("\n")
}

/// The summary as Markdown.
pub fn markdown(s: &Summary) -> String {
    let text = |t: &str| md_cell(t);
    let mut out = String::from("# Vision\n");
    match (&s.statement, &s.since) {
        (Some(statement), Some(since)) => {
            out.push_str(&format!("\n> {}\n", text(statement)));
            let why = s.why.as_deref().map(|w| format!(": {}", text(w))).unwrap_or_default();
            out.push_str(&format!("\nVersion {}, since {}{why}.\n", s.version.unwrap_or(1), day(since)));
        }
        _ => out.push_str("\nNo vision yet.\n"),
    }
    let history = timeline(s, &text);
    if history.len() > 1 {
        out.push_str("\n## History\n\n");
        for (at, line) in history {
            out.push_str(&format!("- {}: {line}\n", day(&at)));
        }
    }
    out.push_str("\n## Pillars\n");
    if s.ranked > 0 {
        let n = s.ranked;
        out.push_str(&format!("\nShares of {n} ranked {}.\n", if n == 1 { "story" } else { "stories" }));
    }
    if s.pillars.is_empty() {
        out.push_str("\nNo pillars yet.\n");
    }
    let story_table = |stories: &[StoryLine], all: &str| {
        let rows: Vec<Vec<String>> = stories
            .iter()
            .take(SHOWN)
            .map(|st| vec![st.id.clone(), st.title.clone(), score(st), st.status.clone()])
            .collect();
        let mut table = crate::ui::listing::md_table(&["id", "story", "score", "status"], &rows);
        if stories.len() > SHOWN {
            table.push_str(&format!("\n\nAnd {} more: `{all}`.", stories.len() - SHOWN));
        }
        table
    };
    for p in &s.pillars {
        out.push_str(&format!("\n### {}\n\n", text(&p.name)));
        if let Some(d) = &p.description {
            out.push_str(&format!("{}\n\n", text(d)));
        }
        if s.ranked > 0 {
            out.push_str(&format!("{}% of the ranked work ({} of {}). ", fmt(p.share), p.ranked, s.ranked));
        }
        out.push_str(&format!("Evidence: {}.\n", evidence_line(p)));
        if !p.stories.is_empty() {
            out.push_str(&format!(
                "\n{}\n",
                story_table(&p.stories, &format!("pm story list --pillar \"{}\"", one_line(&p.name)))
            ));
        }
        if !p.decisions.is_empty() {
            out.push_str("\nDecisions:\n\n");
            for d in p.decisions.iter().take(SHOWN) {
                out.push_str(&format!("- {} {}: {} ({})\n", d.id, d.on, text(&d.text), decision_state(d)));
            }
            if p.decisions.len() > SHOWN {
                out.push_str(&format!("- and {} more: `pm decision list`\n", p.decisions.len() - SHOWN));
            }
        }
    }
    if !s.unaligned.is_empty() {
        out.push_str(&format!(
            "\n## Pointing at no current pillar\n\n{}\n",
            story_table(&s.unaligned, "pm story list")
        ));
    }
    if !s.retired.is_empty() {
        out.push_str("\n## Retired pillars\n\n");
        for r in &s.retired {
            out.push_str(&format!(
                "- {} (retired {}): {}\n",
                text(&r.name),
                day(&r.retired),
                count(r.stories, "story", "stories")
            ));
        }
    }
    let called = callouts(s, &text);
    if !called.is_empty() {
        out.push_str("\n## Called out\n\n");
        for c in called {
            out.push_str(&format!("- {c}\n"));
        }
    }
    out.push_str(&to_revisit_md(&s.to_revisit));
    out.trim_end().to_string()
}

/// Decisions to revisit as a Markdown section (empty when there are none).
fn to_revisit_md(list: &[Decision]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n## To revisit\n\nTaken under an earlier vision:\n\n");
    for d in list {
        let v = d
            .confirmed_under
            .or(d.vision_version)
            .map(|v| format!("version {v}"))
            .unwrap_or_else(|| "no vision".into());
        out.push_str(&format!("- {} {} ({v}): {}\n", d.id, d.on, md_cell(&d.text)));
    }
    out.push_str(&format!(
        "\n{}.\n",
        REVISIT_HOW
            .map(|h| match h.split_once(": ") {
                Some((what, how)) => format!("{what}: `{how}`"),
                None => h.to_string(),
            })
            .join("; ")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(0, "story", "stories"), "0 stories");
        assert_eq!(count(1, "story", "stories"), "1 story");
        assert_eq!(count(2, "person", "people"), "2 people");
    }

    #[test]
    fn wrapped_text_never_passes_the_width_and_keeps_every_word() {
        let text = "Denver to Honolulu on a hot day, with every seat sold and the tanks full";
        for width in [30, 40, 80] {
            let lines = hanging("  2026-11-20  ", text, width);
            assert!(lines.iter().all(|l| l.chars().count() <= width), "{lines:?}");
            assert!(lines[0].starts_with("  2026-11-20  Denver"), "{lines:?}");
            assert!(lines[1..].iter().all(|l| l.starts_with("              ")), "{lines:?}");
            let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
            assert_eq!(words[1..].join(" "), text);
        }
        // A word longer than the line is cut rather than overflowing it.
        let long = wrap(&"x".repeat(50), 20, "  ");
        assert!(long.iter().all(|l| l.chars().count() <= 20), "{long:?}");
    }

    #[test]
    fn a_bar_fills_its_share_of_the_cells() {
        assert_eq!(bar(50.0, 10), "█████░░░░░");
        assert_eq!(bar(0.0, 4), "░░░░");
        assert_eq!(bar(100.0, 4), "████");
        assert_eq!(bar(33.3, 3), "█░░");
    }
}
