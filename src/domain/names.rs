//! Finding the person or organisation a typed name means: exact or alias
//! match under the name key, then a unique prefix or first name, else an
//! ambiguity to report or a new record (with a close name to suggest).

use super::text::fold;

/// A record as matched: its id, its name, and the keys it answers to (its own and its aliases').
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub keys: Vec<String>,
}

/// What a typed name resolved to.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The name or an alias, up to case, accents' encoding and spacing.
    Exact(i64),
    /// A unique prefix or first name: the record, named on stderr.
    Near(i64, String),
    /// Several records fit: their names.
    Ambiguous(Vec<String>),
    /// Nothing fits; a close name to suggest, if one is.
    New(Option<String>),
}

/// The key names are compared under: `text::fold` (NFC, trimmed, whitespace collapsed, case-folded).
pub fn key(name: &str) -> String {
    fold(name)
}

/// Match `typed` among `all`.
pub fn find(typed: &str, all: &[Candidate]) -> Found {
    let k = key(typed);
    if let Some(c) = all.iter().find(|c| c.keys.contains(&k)) {
        return Found::Exact(c.id);
    }
    // A prefix of a name or alias ("ali" → "Alice Ng"), or a first name ("alice").
    let near: Vec<&Candidate> = all
        .iter()
        .filter(|c| c.keys.iter().any(|x| x.starts_with(&k) || x.split(' ').next() == Some(k.as_str())))
        .collect();
    match near.as_slice() {
        [] => {}
        [one] => return Found::Near(one.id, one.name.clone()),
        many => {
            let mut names: Vec<String> = many.iter().map(|c| c.name.clone()).collect();
            names.sort();
            return Found::Ambiguous(names);
        }
    }
    let close = all
        .iter()
        .filter_map(|c| c.keys.iter().map(|x| distance(x, &k)).min().map(|d| (d, c)))
        .filter(|(d, _)| *d <= 2.max(k.chars().count() / 4) && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.name.clone());
    Found::New(close)
}

/// Edit distance (Levenshtein) between two short strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64, name: &str, aliases: &[&str]) -> Candidate {
        let mut keys = vec![key(name)];
        keys.extend(aliases.iter().map(|a| key(a)));
        Candidate { id, name: name.into(), keys }
    }

    #[test]
    fn exact_alias_case_and_spacing() {
        let all = [c(1, "Alice Ng", &[]), c(2, "Dana Wu", &["Dana"])];
        assert_eq!(find("  ALICE   ng ", &all), Found::Exact(1));
        assert_eq!(find("dana", &all), Found::Exact(2));
    }

    #[test]
    fn prefix_and_first_name() {
        let all = [c(1, "Alice Ng", &[]), c(2, "Bob Stone", &[])];
        assert_eq!(find("alice", &all), Found::Near(1, "Alice Ng".into()));
        assert_eq!(find("bo", &all), Found::Near(2, "Bob Stone".into()));
    }

    #[test]
    fn ambiguous_lists_candidates() {
        let all = [c(1, "Alice Ng", &[]), c(2, "Alice Moss", &[])];
        assert_eq!(find("alice", &all), Found::Ambiguous(vec!["Alice Moss".into(), "Alice Ng".into()]));
    }

    #[test]
    fn unknown_suggests_a_close_name() {
        let all = [c(1, "Alice Ng", &[])];
        assert_eq!(find("Alice Nq", &all), Found::New(Some("Alice Ng".into())));
        assert_eq!(find("Zed", &all), Found::New(None));
    }
}

/// The uid of a person or org named `key`: a UUIDv5 of the kind and the name key
/// under pm's namespace, so the same person created on two machines is one
/// record when their folders meet.
pub fn uid(kind: &str, name_key: &str) -> String {
    // pm's namespace (random, fixed forever).
    const NAMESPACE: [u8; 16] =
        [0x3b, 0x6c, 0x1e, 0x52, 0x8f, 0x0d, 0x4a, 0x4e, 0x9a, 0x61, 0x27, 0xd3, 0x5c, 0x90, 0x11, 0xe4];
    let mut data = NAMESPACE.to_vec();
    data.extend_from_slice(format!("{kind}:{name_key}").as_bytes());
    let h = sha1(&data);
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}

/// SHA-1 (for UUIDv5 only: no security rests on it).
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([chunk[4 * i], chunk[4 * i + 1], chunk[4 * i + 2], chunk[4 * i + 3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod uid_tests {
    #[test]
    fn sha1_known_answer() {
        let h = super::sha1(b"abc");
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn same_name_key_same_uid() {
        assert_eq!(super::uid("person", "alice ng"), super::uid("person", "alice ng"));
        assert_ne!(super::uid("person", "alice ng"), super::uid("org", "alice ng"));
        assert_eq!(&super::uid("person", "x")[14..15], "5");
    }
}
