//! A story's short title, drafted from its words when the PM gives none: what a
//! table shows in one glance, where the full job story would be cut to a stub.

/// The longest a drafted title runs, in characters, before it is cut at a word.
const MAX_CHARS: usize = 48;
/// At most this many words.
const MAX_WORDS: usize = 8;

/// Words a title should not end on once it is cut ("Payload limit for the").
const DANGLING: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "for", "to", "of", "in", "on", "at", "by", "with", "from", "into",
    "so", "that", "which", "when", "my", "our", "their", "its", "is", "are", "be",
];

/// Lead-ins that say nothing about the story ("I want to", "please").
const LEAD_INS: &[&str] = &[
    "it would be nice if",
    "it would be great if",
    "it would be nice to",
    "it would be great to",
    "would be nice to",
    "would be nice if",
    "pls",
    "plz",
    "i want to",
    "i'd like to",
    "i would like to",
    "we want to",
    "we need to",
    "i need to",
    "we need",
    "i need",
    "i want",
    "please",
    "can we",
    "could we",
    "let me",
    "let us",
    "ability to",
    "be able to",
    "able to",
];

/// Draft a title from the request as given, else the "I want to" clause: a few
/// words, cut at a word (never inside one, never on "for the"), no "When …"
/// situation and no persona, first letter capital.
pub fn draft_title(request: &str, want: Option<&str>) -> String {
    // The job-story drafter names the request from its motivation ("an EPrints
    // integration" -> "EPrints integration"); the words of the request are the fallback.
    let clauses = super::jobstory::Clauses { want: want.map(String::from), ..Default::default() };
    if let Some(t) = super::jobstory::propose_title(&clauses).filter(|t| !t.trim().is_empty()) {
        return t;
    }
    let request = clean(request);
    let want = want.map(clean).unwrap_or_default();
    // A request written as a job story or a persona story says what it wants after its clauses.
    let from = if request.is_empty() || starts_with_clause(&request) {
        if want.is_empty() { strip_clauses(&request) } else { want }
    } else {
        request
    };
    let mut text = from;
    loop {
        let lower = text.to_lowercase();
        let lead = LEAD_INS.iter().find(|l| {
            lower.starts_with(*l) && lower[l.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
        });
        match lead {
            Some(l) => text = text[l.len()..].trim_start_matches([',', ' ', ':']).to_string(),
            None => break,
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut len = 0;
    for w in &words {
        let add = w.chars().count() + usize::from(!kept.is_empty());
        if kept.len() == MAX_WORDS || (len + add > MAX_CHARS && !kept.is_empty()) {
            break;
        }
        kept.push(w);
        len += add;
    }
    let cut = kept.len() < words.len();
    // A clause break is a natural end: "Export to CSV, so finance can…" → "Export to CSV".
    if let Some(i) = kept.iter().position(|w| w.ends_with([',', ';', ':'])) {
        kept.truncate(i + 1);
    }
    if cut || kept.len() > 1 {
        while kept.len() > 1
            && DANGLING
                .contains(&kept[kept.len() - 1].trim_end_matches([',', ';', ':']).to_lowercase().as_str())
        {
            kept.pop();
        }
    }
    let mut title = kept.join(" ").trim_end_matches([',', ';', ':', '.', '-', '—', '!', '?']).to_string();
    if let Some(first) = title.chars().next() {
        title = first.to_uppercase().collect::<String>() + &title[first.len_utf8()..];
    }
    if title.is_empty() { "Untitled".into() } else { title }
}

fn clean(s: &str) -> String {
    crate::domain::text::one_line(s).trim().trim_end_matches('.').trim().to_string()
}

fn starts_with_clause(s: &str) -> bool {
    let lower = s.to_lowercase();
    ["when ", "as a ", "as an ", "as the ", "while ", "if "].iter().any(|p| lower.starts_with(p))
}

/// What follows the opening clause(s) of "When X, I want to Y, so Z" or "As a P, I want Y".
fn strip_clauses(s: &str) -> String {
    let lower = s.to_lowercase();
    if let Some(i) = lower.find("i want") {
        let rest = &s[i..];
        let end = rest.to_lowercase().find(", so ").unwrap_or(rest.len());
        return rest[..end].to_string();
    }
    s.split_once(',').map(|(_, b)| b.trim().to_string()).unwrap_or_else(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_request_is_its_own_title() {
        assert_eq!(draft_title("CSV export", None), "CSV export");
        assert_eq!(draft_title("dark mode", Some("dark mode")), "Dark mode");
    }

    #[test]
    fn long_requests_are_cut_at_a_word_and_not_on_a_dangling_one() {
        let t = draft_title(
            "Payload limit for the forecast so dispatch stops rebuilding weight sheets every morning",
            None,
        );
        assert!(t.chars().count() <= MAX_CHARS, "{t}");
        assert!(!t.ends_with('…') && !t.ends_with(" the") && !t.ends_with(" for"), "{t}");
        assert!(t.starts_with("Payload limit for the forecast"), "{t}");
    }

    #[test]
    fn job_stories_give_their_want_not_their_when() {
        let t = draft_title(
            "When I schedule a night shift, I want to see who is rested, so nobody flies tired",
            Some("see who is rested"),
        );
        assert_eq!(t, "See who is rested");
        let t =
            draft_title("When I schedule a night shift, I want to see who is rested, so nobody flies", None);
        assert_eq!(t, "See who is rested");
        assert_eq!(draft_title("As a dispatcher, I want weight sheets built", None), "Weight sheets built");
    }

    #[test]
    fn lead_ins_and_clause_tails_go() {
        assert_eq!(draft_title("Please, I want to export to CSV", None), "Export to CSV");
        assert_eq!(draft_title("I want to export to CSV, so finance can close", None), "Export to CSV");
        assert_eq!(draft_title("", None), "Untitled");
    }

    #[test]
    fn hedges_and_shouting_go() {
        assert_eq!(draft_title("It would be nice if exports were faster", None), "Exports were faster");
        assert_eq!(draft_title("pls add dark mode!!", None), "Add dark mode");
    }

    #[test]
    fn wide_characters_are_kept_whole() {
        assert_eq!(draft_title("日本語の請求書 😀 export", None), "日本語の請求書 😀 export");
    }
}
