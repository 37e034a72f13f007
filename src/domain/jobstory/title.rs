//! A short title for a story: the few words that name the request, for tables.

use super::Clauses;
use super::render::{Kind, motivation_kind, words};
use super::words::*;

/// Most words in a proposed title.
const MAX_WORDS: usize = 6;

/// Propose a title from the motivation: "export notes to CSV so ..." -> "Export notes to CSV",
/// "an EPrints integration" -> "EPrints integration", "use CSV export" -> "CSV export".
/// `None` when there is no motivation. The lead wires `pm story --title` to default to it.
pub fn propose_title(c: &Clauses) -> Option<String> {
    let want = c.want.as_deref()?;
    let mut ws: Vec<&str> = want.split_whitespace().collect();
    let negative = ws.first() == Some(&"not");
    if negative {
        ws.remove(0);
    }
    // "this app to support X" names the request by its verb; "brokers to be able to see X" keeps
    // who, without "be able".
    if let Some(i) = ws.iter().position(|w| *w == "to").filter(|i| *i > 0 && *i <= 4) {
        let subject = ws[..i].join(" ").to_lowercase();
        let subject_is_product =
            ["it", "app", "tool", "product", "software", "site", "website", "system", "pm", "platform"]
                .iter()
                .any(|p| subject == *p || subject.ends_with(&format!(" {p}")));
        if motivation_kind(want) != Kind::Action && ws.get(i + 1).is_some_and(|w| is_base_verb(w)) {
            if subject_is_product {
                ws.drain(..=i);
            }
            let start = if subject_is_product { 0 } else { i + 1 };
            if ws.get(start..start + 3).is_some_and(|s| s.join(" ").eq_ignore_ascii_case("be able to")) {
                ws.drain(start..start + 3);
            }
        }
    }
    // "exports to be faster" -> "Faster exports", "the app to be usable offline" ->
    // "App usable offline": the thing is named by what it should be, without "to be".
    let mut ws = named_by_quality(ws);
    // A leading article, "use" of a thing and "be able to" say nothing in a title.
    while ws.len() > 1 {
        let w = ws[0].to_lowercase();
        let use_thing = w == "use" && motivation_kind(&ws[1..].join(" ")) == Kind::Thing;
        if matches!(w.as_str(), "a" | "an" | "the" | "some" | "to") || use_thing {
            ws.remove(0);
        } else {
            break;
        }
    }
    // A negative: "not see ads" -> "No ads"; "not share my location" -> "Not share my location".
    let mut prefix = "";
    if negative {
        if ws.first().is_some_and(|w| {
            matches!(w.to_lowercase().as_str(), "see" | "get" | "receive" | "have" | "be" | "show")
        }) && ws.len() > 1
        {
            ws.remove(0);
            prefix = "no ";
        } else {
            prefix = "not ";
        }
    }
    // Cut at the first word that starts a new clause.
    let mut cut = ws.len();
    for (i, w) in ws.iter().enumerate().skip(2) {
        let l = w.to_lowercase();
        if matches!(
            l.as_str(),
            "so" | "because"
                | "since"
                | "when"
                | "whenever"
                | "which"
                | "that"
                | "while"
                | "where"
                | "if"
                | "without"
                | "instead"
        ) {
            cut = i;
            break;
        }
    }
    let truncated = cut > MAX_WORDS;
    if truncated {
        // Too long: end before the last preposition that leaves three words or more
        // ("Sales and support tickets in one view" -> "Sales and support tickets").
        cut = MAX_WORDS;
        if let Some(p) = (3..MAX_WORDS).rev().find(|i| is_preposition(&ws[*i].to_lowercase())) {
            cut = p;
        }
    }
    ws.truncate(cut);
    // Never end on a word that needs more after it ("Export notes to").
    while ws.len() > 1 {
        let last = ws[ws.len() - 1].trim_end_matches([',', ';', ':', '.']);
        let l = last.to_lowercase();
        if is_preposition(&l)
            || is_determiner(&l)
            || is_conjunction(&l)
            || is_possessive(&l)
            || l == "not"
            || l == "be"
            || is_modal(&l)
            || (truncated && is_auxiliary(&l))
        {
            ws.pop();
        } else {
            break;
        }
    }
    let title = format!("{prefix}{}", ws.join(" ").trim_end_matches([',', ';', ':', '.']));
    let title = capitalise(title.trim());
    (!words(&title).is_empty()).then_some(title)
}

/// "X to be Y" (X a thing of one to four words, not a pronoun) as "Y X", or as
/// "X Y …" when more follows Y or Y is a participle ("Invoices emailed").
fn named_by_quality(ws: Vec<&str>) -> Vec<&str> {
    let Some(i) = ws.iter().position(|w| w.eq_ignore_ascii_case("to")).filter(|i| (1..=4).contains(i)) else {
        return ws;
    };
    let is = |k: usize, word: &str| ws.get(k).is_some_and(|w| w.eq_ignore_ascii_case(word));
    let pronoun =
        |w: &&str| matches!(w.to_lowercase().as_str(), "me" | "us" | "them" | "him" | "her" | "you" | "i");
    if !is(i + 1, "be") || is(i + 2, "able") || ws.len() < i + 3 || ws[..i].iter().any(pronoun) {
        return ws;
    }
    let article = |w: &&str| matches!(w.to_lowercase().as_str(), "a" | "an" | "the" | "my" | "our" | "their");
    let thing: Vec<&str> = ws[..i].iter().copied().skip_while(article).collect();
    let quality = ws[i + 2];
    let rest = &ws[i + 3..];
    let participle = quality.len() > 4 && (quality.ends_with("ed") || quality.ends_with("en"));
    if thing.is_empty() {
        return ws;
    }
    if rest.is_empty() && !participle {
        [quality].into_iter().chain(thing).collect()
    } else {
        thing.into_iter().chain([quality]).chain(rest.iter().copied()).collect()
    }
}

fn is_possessive(w: &str) -> bool {
    matches!(w, "my" | "our" | "their" | "your" | "his" | "her" | "its")
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}
