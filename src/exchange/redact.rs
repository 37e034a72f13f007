//! `pm export --redact`: people and organisations replaced by stable pseudonyms
//! ("Person 1", "Org 1"), in their own fields and wherever their names appear in
//! text, so an export can be shared without the personal data in it.

use regex::Regex;
use serde_json::Value;

/// Fields that hold a person's name, and those that hold an organisation's.
const PEOPLE: &[&str] = &["who", "with", "requested_by"];
const ORGS: &[&str] = &["org"];

/// Names seen, in order of first appearance, with their pseudonyms.
pub struct Pseudonyms {
    names: Vec<(String, String)>,
    pattern: Option<Regex>,
}

impl Pseudonyms {
    /// Collect every person and org named in `doc`: the same name (ignoring case
    /// and surrounding space) gets the same pseudonym everywhere.
    pub fn collect(doc: &Value) -> Pseudonyms {
        let mut people: Vec<String> = Vec::new();
        let mut orgs: Vec<String> = Vec::new();
        walk_names(doc, &mut people, &mut orgs);
        let mut names: Vec<(String, String)> = Vec::new();
        for (i, p) in people.iter().enumerate() {
            names.push((p.clone(), format!("Person {}", i + 1)));
        }
        for (i, o) in orgs.iter().enumerate() {
            if !names.iter().any(|(n, _)| n == o) {
                names.push((o.clone(), format!("Org {}", i + 1)));
            }
        }
        // Longest first, so "Alice Ng" is replaced whole before "Alice" could match.
        let mut alternatives: Vec<&String> = names.iter().map(|(n, _)| n).collect();
        alternatives.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        let pattern = (!alternatives.is_empty()).then(|| {
            let body: Vec<String> = alternatives.iter().map(|n| regex::escape(n)).collect();
            Regex::new(&format!(r"(?i)\b(?:{})\b", body.join("|")))
                .expect("escaped names form a valid pattern")
        });
        Pseudonyms { names, pattern }
    }

    fn pseudonym(&self, name: &str) -> Option<&str> {
        let key = key(name);
        self.names.iter().find(|(n, _)| *n == key).map(|(_, p)| p.as_str())
    }

    /// Replace names in `doc`, in place.
    pub fn apply(&self, doc: &mut Value) {
        match doc {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if (PEOPLE.contains(&k.as_str()) || ORGS.contains(&k.as_str()))
                        && let Value::String(s) = v
                        && let Some(p) = self.pseudonym(s)
                    {
                        *s = p.to_string();
                        continue;
                    }
                    self.apply(v);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.apply(v)),
            Value::String(s) => {
                if let Some(re) = &self.pattern {
                    let replaced = re.replace_all(s, |c: &regex::Captures| {
                        self.pseudonym(&c[0]).unwrap_or("[redacted]").to_string()
                    });
                    if let std::borrow::Cow::Owned(r) = replaced {
                        *s = r;
                    }
                }
            }
            _ => {}
        }
    }
}

fn key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn walk_names(v: &Value, people: &mut Vec<String>, orgs: &mut Vec<String>) {
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
                    if let Some(list) = list
                        && !list.contains(&key(s))
                    {
                        list.push(key(s));
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
}
