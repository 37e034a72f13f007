//! `pm export --redact`: people and organisations replaced by stable pseudonyms
//! ("Person 1", "Org 1"), in their own fields and wherever their names appear in
//! text, so an export can be shared without the personal data in it.
//!
//! What is found in text: a person's whole name and each part of it ("Alice",
//! "Ng", "Alice's"), an organisation's name and its short form ("Acme" for "Acme
//! Corp"), tags that are one of those ("alice-ng"), every e-mail address, and
//! every URL that holds a name. What is not: nicknames, initials, misspellings,
//! and people never named in a name field.

use super::name_finder::{Form, NameFinder};
use crate::domain::text::fold;
use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;

/// Fields that hold a person's name (or, for `with`, a list of them), and those that hold an organisation's.
const PEOPLE: &[&str] = &["who", "with", "requested_by"];
const ORGS: &[&str] = &["org"];

/// What a redacted export says it covers (its `redaction` field, a line in Markdown).
pub const COVERS: &str = "people (who, with, requested_by) and organisations (org) are replaced by pseudonyms \
(Person N, Org N) in their fields and in all text, including each part of a name, possessives, an \
organisation's short form and tags that are names; every e-mail address and every URL naming one of them is \
replaced. Not covered: nicknames, initials, misspellings, and people or organisations never named in those fields.";

/// Endings dropped to find an organisation's short form ("Acme Corp." -> "Acme").
const ORG_SUFFIXES: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "co",
    "co.",
    "company",
    "ltd",
    "ltd.",
    "llc",
    "gmbh",
    "ag",
    "sa",
    "plc",
    "group",
    "labs",
    "technologies",
    "software",
    "&",
    "and",
];

/// Parts of names that are also everyday words: found only when written with a capital.
const COMMON_WORDS: &[&str] = &[
    "will", "may", "mark", "bill", "june", "april", "rose", "hope", "grace", "joy", "faith", "king", "young",
    "long", "white", "brown", "green", "black", "park", "hall", "wood", "rich", "drew", "chase", "page",
    "case", "art", "ray", "sky", "dean", "bob", "pat", "sue", "van", "von", "de", "da", "di", "le", "la",
    "el", "al", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no",
    "of", "on", "or", "so", "to", "up", "us", "we", "the", "and", "for", "but", "not", "you", "all", "any",
    "can", "her", "his", "one", "our", "out", "see", "new", "now", "who", "how", "day",
];

/// Names seen, in order of first appearance, with their pseudonyms.
pub struct Pseudonyms {
    /// Folded form (spaces for `.`, `-`, `_`) -> pseudonym, for whole names,
    /// their parts and organisations' short forms.
    names: HashMap<String, String>,
    finder: Option<NameFinder>,
    emails: Regex,
    urls: Regex,
}

/// The lookup key of a name as found in text: folded, separators as spaces.
fn key(name: &str) -> String {
    fold(&name.replace(['.', '-', '_'], " ").replace("'s", " ").replace('’', " "))
}

/// Each person in a field value (a participant list holds several).
fn people_in(field: &str, value: &str) -> Vec<String> {
    if field == "with" || field == "with_who" {
        value.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
    } else {
        vec![value.trim().to_string()]
    }
}

impl Pseudonyms {
    /// Collect every person and org named in `doc`: the same name (in any case,
    /// spacing or Unicode form) gets the same pseudonym everywhere.
    pub fn collect(doc: &Value) -> Pseudonyms {
        let mut names = Names::default();
        names.visit(doc);
        names.pseudonyms()
    }

    /// The pseudonyms of `people` and `orgs` (folded), numbered in this order.
    fn of(people: &[String], orgs: &[String]) -> Pseudonyms {
        let mut names: HashMap<String, String> = HashMap::new();
        // The names to find in text.
        let mut forms: Vec<Form> = Vec::new();
        let mut add = |names: &mut HashMap<String, String>, form: &str, pseudonym: &str, whole: bool| {
            let k = key(form);
            if k.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                return;
            }
            // A part without a letter ("12" of "Person 12") is a number, not a
            // name: replaced, it would turn every date and count holding it.
            if !whole && !k.chars().any(char::is_alphabetic) {
                return;
            }
            match names.get(&k) {
                // A whole name wins over another's part; two people sharing a
                // part ("Alice Ng", "Alice Li") make "Alice" alone ambiguous.
                Some(p) if p == pseudonym => return,
                Some(_) if !whole => {
                    names.insert(k.clone(), "[name]".into());
                }
                Some(_) => return,
                None => {
                    names.insert(k.clone(), pseudonym.to_string());
                }
            }
            // Capitalised only: "Will" the person, not "will" the verb.
            let capitalised_only = !whole && COMMON_WORDS.contains(&k.as_str());
            forms.push(Form { key: k, capitalised_only });
        };
        for (i, p) in people.iter().enumerate() {
            let pseudonym = format!("Person {}", i + 1);
            add(&mut names, p, &pseudonym, true);
        }
        for (i, o) in orgs.iter().enumerate() {
            let pseudonym = format!("Org {}", i + 1);
            add(&mut names, o, &pseudonym, true);
        }
        for (i, p) in people.iter().enumerate() {
            let pseudonym = format!("Person {}", i + 1);
            for part in p.split(' ').filter(|w| w.chars().count() >= 2) {
                add(&mut names, part, &pseudonym, false);
            }
        }
        for (i, o) in orgs.iter().enumerate() {
            let pseudonym = format!("Org {}", i + 1);
            let mut words: Vec<&str> = o.split(' ').collect();
            while words.len() > 1 && words.last().is_some_and(|w| ORG_SUFFIXES.contains(w)) {
                words.pop();
                add(&mut names, &words.join(" "), &pseudonym, false);
            }
        }
        // The longest name at a place wins, so "Alice Ng" is replaced whole, not
        // "Alice"; a possessive ("Alice's") keeps its "'s" after the pseudonym.
        let finder = (!forms.is_empty()).then(|| NameFinder::new(forms));
        Pseudonyms {
            names,
            finder,
            emails: Regex::new(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+").expect("a valid pattern"),
            urls: Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"')\]]+"#).expect("a valid pattern"),
        }
    }

    fn pseudonym(&self, name: &str) -> Option<&str> {
        self.names.get(&key(name)).map(String::as_str)
    }

    /// `text` with every e-mail address, every URL naming someone, and every name replaced.
    pub fn text(&self, text: &str) -> String {
        let text = self.emails.replace_all(text, "[email]");
        let text = self.urls.replace_all(&text, |c: &regex::Captures| {
            let url = &c[0];
            let names_someone = self.finder.as_ref().is_some_and(|f| {
                !f.find(&url.replace(['/', '.', '-', '_', '?', '=', '&', '#', '+'], " ")).is_empty()
            });
            if names_someone { "[url]".to_string() } else { url.to_string() }
        });
        let Some(finder) = &self.finder else { return text.into_owned() };
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (start, end, form) in finder.find(&text) {
            out.push_str(&text[from..start]);
            out.push_str(self.names.get(&finder.form(form).key).map_or("[name]", String::as_str));
            from = end;
        }
        out.push_str(&text[from..]);
        out
    }

    /// Replace names in `doc`, in place.
    pub fn apply(&self, doc: &mut Value) {
        match doc {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    // An attachment's bytes (base64): not text, and a short name
                    // could occur in them by chance.
                    if k == "data" {
                        continue;
                    }
                    if (PEOPLE.contains(&k.as_str()) || ORGS.contains(&k.as_str()))
                        && let Value::String(s) = v
                    {
                        let each: Vec<String> = people_in(k, s)
                            .iter()
                            .map(|p| self.pseudonym(p).map(str::to_string).unwrap_or_else(|| self.text(p)))
                            .collect();
                        *s = each.join(", ");
                        continue;
                    }
                    self.apply(v);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.apply(v)),
            Value::String(s) => {
                let replaced = self.text(s);
                if replaced != *s {
                    *s = replaced;
                }
            }
            _ => {}
        }
    }
}

/// The people and organisations named in a document, gathered one record at a
/// time (visiting each record in the document's order names them as visiting
/// the whole document would), so a large export need not be held to redact it.
#[derive(Default)]
pub struct Names {
    people: Seen,
    orgs: Seen,
}

/// Names in order of first appearance, with a set to find one quickly.
#[derive(Default)]
struct Seen {
    order: Vec<String>,
    set: std::collections::HashSet<String>,
}

impl Seen {
    fn add(&mut self, name: String) {
        if self.set.insert(name.clone()) {
            self.order.push(name);
        }
    }
}

impl Names {
    /// Note the names in `v` (a record, or a whole document).
    pub fn visit(&mut self, v: &Value) {
        walk_names(v, &mut self.people, &mut self.orgs);
    }

    /// The pseudonyms of every name noted.
    pub fn pseudonyms(self) -> Pseudonyms {
        Pseudonyms::of(&self.people.order, &self.orgs.order)
    }
}

/// A person or org record (in `list`, "people" or "orgs") read as the fields the
/// pseudonyms cover (`there`: `name` becomes `who` or `org`, and what else it
/// holds about a person goes, since no pseudonym covers it), or back.
pub fn record_as_fields(list: &str, item: &mut serde_json::Map<String, Value>, there: bool) {
    let field = if list == "people" { "who" } else { "org" };
    let (from, to) = if there { ("name", field) } else { (field, "name") };
    if there {
        // The uid is a hash of the name: it would give the name back.
        for gone in ["aliases", "role", "consent", "uid"] {
            item.remove(gone);
        }
    }
    if let Some(name) = item.remove(from) {
        item.insert(to.into(), name);
    }
}

fn walk_names(v: &Value, people: &mut Seen, orgs: &mut Seen) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                if let Value::String(s) = v
                    && !s.trim().is_empty()
                {
                    let list = if PEOPLE.contains(&k.as_str()) {
                        Some(&mut *people)
                    } else if ORGS.contains(&k.as_str()) {
                        Some(&mut *orgs)
                    } else {
                        None
                    };
                    if let Some(list) = list {
                        for p in people_in(k, s) {
                            list.add(fold(&p));
                        }
                    }
                }
                walk_names(v, people, orgs);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| walk_names(v, people, orgs)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_same_person_gets_the_same_pseudonym_everywhere() {
        let mut doc = json!({
            "notes": [
                {"who": "Alice Ng", "org": "Acme", "body": "alice ng said Acme's export is slow"},
                {"who": " alice  ng ", "org": null, "body": "Bob agreed"},
                {"who": "Bob", "org": "Globex", "body": "Globex wants SSO, says Bob"}
            ],
            "checkins": [{"with": "Bob", "topic": "Call Alice Ng"}]
        });
        let p = Pseudonyms::collect(&doc);
        p.apply(&mut doc);
        // Pseudonyms are numbered in the document's key order (checkins before notes).
        let alice = doc["notes"][0]["who"].as_str().unwrap().to_string();
        let bob = doc["notes"][2]["who"].as_str().unwrap().to_string();
        assert_eq!((alice.as_str(), bob.as_str()), ("Person 2", "Person 1"));
        assert_eq!(doc["notes"][1]["who"], alice.as_str());
        assert_eq!(doc["checkins"][0]["with"], bob.as_str());
        assert_eq!(doc["notes"][0]["org"], "Org 1");
        assert_eq!(doc["notes"][0]["body"], format!("{alice} said Org 1's export is slow"));
        assert_eq!(doc["notes"][1]["body"], format!("{bob} agreed"));
        assert_eq!(doc["notes"][2]["body"], format!("Org 2 wants SSO, says {bob}"));
        assert_eq!(doc["checkins"][0]["topic"], format!("Call {alice}"));
        let text = doc.to_string().to_lowercase();
        for name in ["alice", "acme", "globex", "bob"] {
            assert!(!text.contains(name), "{name} in {text}");
        }
    }

    #[test]
    fn a_numeric_part_of_a_name_is_not_replaced_in_dates_and_counts() {
        let mut doc = json!({
            "notes": [{"who": "Person 11", "body": "Person 11 has 11 seats", "created": "2026-11-27T10:00:00Z"}]
        });
        Pseudonyms::collect(&doc).apply(&mut doc);
        assert_eq!(doc["notes"][0]["body"], "Person 1 has 11 seats");
        assert_eq!(doc["notes"][0]["created"], "2026-11-27T10:00:00Z");
    }

    #[test]
    fn redaction_9_covers_name_parts_possessives_emails_urls_short_forms_and_tags() {
        let mut doc = json!({
            "notes": [{
                "who": "Alice Ng", "org": "Acme Corp",
                "body": "Alice's boss and Mr Ng at Acme: write alice.ng@acme.com or see https://acme.com/team/alice-ng; I will ask",
                "tags": ["alice-ng", "ng", "export"]
            }],
            "checkins": [{"with": "Will Smith, Alice Ng", "topic": "Will joins; we will see"}]
        });
        Pseudonyms::collect(&doc).apply(&mut doc);
        let text = doc.to_string();
        for leak in ["Alice", "alice", "Ng", "Acme", "acme", "Will", "Smith"] {
            assert!(!text.contains(leak), "{leak} in {text}");
        }
        let body = doc["notes"][0]["body"].as_str().unwrap();
        assert!(
            body.starts_with("Person 2's boss and Mr Person 2 at Org 1: write [email] or see [url]"),
            "{body}"
        );
        assert!(body.ends_with("I will ask"), "an everyday word stays: {body}");
        assert_eq!(doc["notes"][0]["tags"], json!(["Person 2", "Person 2", "export"]));
        assert_eq!(doc["checkins"][0]["with"], "Person 1, Person 2");
        assert_eq!(doc["checkins"][0]["topic"], "Person 1 joins; we will see");
    }
}
