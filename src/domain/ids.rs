//! Record ids as people type them: `N12`, `s3` (kind letter + number), or a record's uid.

/// The kinds of record that carry a short local id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Note,
    Story,
    Checkin,
    Decision,
}

impl RecordKind {
    pub fn prefix(self) -> char {
        match self {
            RecordKind::Note => 'N',
            RecordKind::Story => 'S',
            RecordKind::Checkin => 'C',
            RecordKind::Decision => 'D',
        }
    }
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Note => "note",
            RecordKind::Story => "story",
            RecordKind::Checkin => "check-in",
            RecordKind::Decision => "decision",
        }
    }
    fn from_prefix(c: char) -> Option<Self> {
        match c.to_ascii_uppercase() {
            'N' => Some(RecordKind::Note),
            'S' => Some(RecordKind::Story),
            'C' => Some(RecordKind::Checkin),
            'D' => Some(RecordKind::Decision),
            _ => None,
        }
    }
    /// The id shown to people for row `n`.
    pub fn display(self, n: i64) -> String {
        format!("{}{n}", self.prefix())
    }
}

/// What an id argument refers to, before looking it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdRef {
    /// The local number of a record of the expected kind.
    Local(i64),
    /// A uid (or anything else), matched against the uid column.
    Uid(String),
}

/// Read `input` as an id of `kind`. `Err` names the problem, e.g. a story id where a note was expected.
pub fn parse(input: &str, kind: RecordKind) -> Result<IdRef, String> {
    let s = input.trim();
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        let rest = chars.as_str();
        if !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_digit())
            && let Some(k) = RecordKind::from_prefix(first)
        {
            if k != kind {
                return Err(format!(
                    "'{s}' is a {} id, not a {} id ({}…)",
                    k.noun(),
                    kind.noun(),
                    kind.prefix()
                ));
            }
            return rest
                .parse::<i64>()
                .map(IdRef::Local)
                .map_err(|_| format!("'{s}' is not a valid {} id", kind.noun()));
        }
    }
    if s.is_empty() {
        return Err(format!("an empty {} id", kind.noun()));
    }
    Ok(IdRef::Uid(s.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_ids_are_case_insensitive() {
        assert_eq!(parse("N12", RecordKind::Note), Ok(IdRef::Local(12)));
        assert_eq!(parse("n12", RecordKind::Note), Ok(IdRef::Local(12)));
        assert_eq!(parse(" s3 ", RecordKind::Story), Ok(IdRef::Local(3)));
    }

    #[test]
    fn wrong_kind_is_named() {
        let e = parse("S3", RecordKind::Note).unwrap_err();
        assert!(e.contains("story id") && e.contains("note id"), "{e}");
    }

    #[test]
    fn anything_else_is_a_uid() {
        assert_eq!(
            parse("0F6B2C1E-AAAA-4BBB-8CCC-123456789ABC", RecordKind::Note),
            Ok(IdRef::Uid("0f6b2c1e-aaaa-4bbb-8ccc-123456789abc".into()))
        );
        assert!(parse("", RecordKind::Note).is_err());
        assert!(parse("N99999999999999999999", RecordKind::Note).is_err());
    }

    #[test]
    fn display_round_trips() {
        assert_eq!(parse(&RecordKind::Checkin.display(4), RecordKind::Checkin), Ok(IdRef::Local(4)));
    }
}
