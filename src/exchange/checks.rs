//! The checks a record coming in must pass before it is merged: each a rule
//! about one field, its problem said in words naming the field.

use super::records::{AttachmentRec, StoryRec, valid_uid};

/// A record's problem, in words; the caller says where the record was.
pub type Problem = String;

/// An attachment as it arrives, checked: a link has a URL, a file's bytes are
/// base64 of an image of the kind it claims, within the size limit.
pub(super) fn attachment(a: &AttachmentRec) -> Result<(&AttachmentRec, Option<Vec<u8>>), Problem> {
    use crate::domain::attachment::{MAX_BYTES, detect};
    let at = |e: String| format!("attachments: {}: {e}", a.name);
    if a.kind == "link" {
        return match &a.url {
            Some(u) if crate::domain::attachment::is_url(u) => Ok((a, None)),
            _ => Err(at("a link needs an http(s) url".into())),
        };
    }
    let Some(data) = &a.data else { return Err(at("its bytes are missing (no data or file)".into())) };
    let bytes =
        crate::store::attachments::decode(data).map_err(|e| at(format!("data is not base64 ({e})")))?;
    if bytes.len() > MAX_BYTES {
        return Err(at("larger than 10 MB".into()));
    }
    match detect(&bytes) {
        Some(k) if k == a.kind => Ok((a, Some(bytes))),
        Some(k) => Err(at(format!("its bytes are {k}, not {}", a.kind))),
        None => Err(at("its bytes are not a PNG, JPEG, SVG or GIF image".into())),
    }
}

pub(super) fn check_uid(uid: &str) -> Result<(), Problem> {
    if valid_uid(uid) {
        Ok(())
    } else {
        Err(format!("uid: '{uid}' is not a uid (letters, digits, '-' and '_', at most 64)"))
    }
}

pub(super) fn required(field: &str, value: &str) -> Result<(), Problem> {
    if value.trim().is_empty() { Err(format!("{field}: is empty")) } else { Ok(()) }
}

/// A calendar day as stored: YYYY-MM-DD.
pub(super) fn day(field: &str, value: &str) -> Result<(), Problem> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| format!("{field}: '{value}' is not a date (YYYY-MM-DD)"))
}

/// A moment as stored: RFC 3339.
pub(super) fn stamp(field: &str, value: &str) -> Result<(), Problem> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|_| ())
        .map_err(|_| format!("{field}: '{value}' is not an RFC 3339 time"))
}

/// A record's `created` and `updated`, which merges compare as text: RFC 3339 in UTC.
pub(super) fn times(created: &str, updated: &str) -> Result<(), Problem> {
    stamp("created", created).and_then(|_| stamp("updated", updated))?;
    if !updated.ends_with('Z') {
        return Err(format!("updated: '{updated}' is not in UTC (ending in Z)"));
    }
    Ok(())
}

pub(super) fn numbers(s: &StoryRec) -> Result<(), Problem> {
    let all = [
        ("reach", s.reach),
        ("impact", s.impact),
        ("confidence", s.confidence),
        ("effort", s.effort),
        ("ease", s.ease),
        ("value", s.value),
        ("criticality", s.criticality),
        ("risk", s.risk),
    ];
    match all.iter().find(|(_, v)| v.is_some_and(|v| !v.is_finite() || v < 0.0)) {
        Some((name, v)) => Err(format!("{name}: {} is not a number of 0 or more", v.unwrap_or_default())),
        // The bounds every score needs whatever the framework: a score divides by
        // effort, and reach multiplies it.
        None => ["reach", "effort"].iter().zip([s.reach, s.effort]).try_for_each(|(name, v)| match v {
            Some(v) => crate::domain::score::validate(name, v, crate::domain::score::Framework::Rice)
                .map(|_| ())
                .map_err(|e| format!("{name}: {e}")),
            None => Ok(()),
        }),
    }
}
