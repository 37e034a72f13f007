//! Reading the dates people type: ISO forms, RFC 3339, and natural phrases
//! ("yesterday", "last fri", "3 days ago", "in 2 weeks", "tomorrow 10:00"),
//! always against an explicit "now" so results are deterministic.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday,
};

/// Which way a bare amount ("3d") or weekday ("fri") points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lean {
    /// When something happened (a note's `on`, `--since`): "3d" is three days ago.
    Past,
    /// When something will happen (a check-in's `--at`): "3d" is in three days.
    Future,
}

/// A date that could not be read; the message quotes the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parse a calendar date; any time given is ignored.
pub fn parse_date(input: &str, now: DateTime<FixedOffset>, lean: Lean) -> Result<NaiveDate, DateError> {
    parse_parts(input, now, lean).map(|(d, _)| d)
}

/// Parse a moment. A date without a time means `default_time` on that day, in now's offset.
pub fn parse_datetime(
    input: &str,
    now: DateTime<FixedOffset>,
    lean: Lean,
    default_time: NaiveTime,
) -> Result<DateTime<FixedOffset>, DateError> {
    let (date, time) = parse_parts(input, now, lean)?;
    let naive = NaiveDateTime::new(date, time.unwrap_or(default_time));
    now.offset().from_local_datetime(&naive).single().ok_or_else(|| bad(input))
}

fn bad(input: &str) -> DateError {
    DateError(format!(
        "can't read the date '{input}' (try 2026-11-20, 2026-11-20 14:30, yesterday, last fri, 3 days ago, in 2 weeks)"
    ))
}

fn parse_parts(
    input: &str,
    now: DateTime<FixedOffset>,
    lean: Lean,
) -> Result<(NaiveDate, Option<NaiveTime>), DateError> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.len() > 64 {
        return Err(bad(input));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
        let t = t.with_timezone(now.offset());
        return checked(input, t.date_naive(), Some(t.time()));
    }
    let lower = normalise_iso_t(&trimmed.to_lowercase());
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    let time = take_time(&mut words).map_err(|_| bad(input))?;
    if words.last() == Some(&"at") {
        words.pop();
    }
    let date = relative_or_absolute(&words, now, lean).ok_or_else(|| bad(input))?;
    checked(input, date, time)
}

fn normalise_iso_t(lower: &str) -> String {
    // "2026-11-20t14:30" -> "2026-11-20 14:30"
    let b = lower.as_bytes();
    if b.len() > 11 && b[10] == b't' && b[..10].iter().all(|c| c.is_ascii_digit() || *c == b'-') {
        format!("{} {}", &lower[..10], &lower[11..])
    } else {
        lower.to_string()
    }
}

fn checked(
    input: &str,
    date: NaiveDate,
    time: Option<NaiveTime>,
) -> Result<(NaiveDate, Option<NaiveTime>), DateError> {
    if !(1900..=9999).contains(&date.year()) {
        return Err(DateError(format!("the date '{input}' is out of range (years 1900 to 9999)")));
    }
    Ok((date, time))
}

/// Take a trailing time of day off `words`: "14:30", "9:05:10", "5pm", "5 pm", "5:30pm", "noon", "midnight".
fn take_time(words: &mut Vec<&str>) -> Result<Option<NaiveTime>, ()> {
    let Some(last) = words.last().copied() else { return Ok(None) };
    let (text, used) = if (last == "am" || last == "pm") && words.len() >= 2 {
        (format!("{}{}", words[words.len() - 2], last), 2)
    } else {
        (last.to_string(), 1)
    };
    let time = match text.as_str() {
        "noon" | "midday" => Some(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()),
        "midnight" => Some(NaiveTime::MIN),
        t => clock_time(t)?,
    };
    if time.is_some() {
        words.truncate(words.len() - used);
    }
    Ok(time)
}

/// "14:30", "14:30:05", "5pm", "5:30am"; `Ok(None)` when it is not a time at all,
/// `Err` when it looks like one but is impossible ("25:00").
fn clock_time(t: &str) -> Result<Option<NaiveTime>, ()> {
    let (body, meridiem) = if let Some(b) = t.strip_suffix("am") {
        (b, Some(false))
    } else if let Some(b) = t.strip_suffix("pm") {
        (b, Some(true))
    } else {
        (t, None)
    };
    if meridiem.is_none() && !body.contains(':') {
        return Ok(None);
    }
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return Ok(None);
    }
    let parts: Vec<&str> = body.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
        return Err(());
    }
    let nums: Vec<u32> = parts.iter().map(|p| p.parse().map_err(|_| ())).collect::<Result<_, _>>()?;
    let mut hour = nums[0];
    let minute = nums.get(1).copied().unwrap_or(0);
    let second = nums.get(2).copied().unwrap_or(0);
    if let Some(pm) = meridiem {
        if hour == 0 || hour > 12 {
            return Err(());
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_opt(hour, minute, second).map(Some).ok_or(())
}

fn relative_or_absolute(words: &[&str], now: DateTime<FixedOffset>, lean: Lean) -> Option<NaiveDate> {
    let today = now.date_naive();
    match words {
        [] | ["today"] | ["now"] => return Some(today),
        ["yesterday"] => return today.pred_opt(),
        ["tomorrow"] => return today.succ_opt(),
        [iso] if looks_iso(iso) => return NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok(),
        _ => {}
    }
    if let Some(d) = weekday_phrase(words, today, lean) {
        return Some(d);
    }
    if let Some(d) = amount_phrase(words, now, lean) {
        return Some(d);
    }
    if words.iter().any(|w| w.starts_with('-')) || words.first().is_some_and(|w| looks_iso(w)) {
        return None;
    }
    // Anything else ("april 3", "3 march 2026", "next month") goes to interim,
    // which asserts (panics) on a word of 16 letters or more, or a non-ASCII one,
    // straight after a number ("1yesterdayyesterday"): no date needs either.
    let phrase = words.join(" ");
    if !phrase.is_ascii() || phrase.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() >= 16) {
        return None;
    }
    // interim reads what it can and skips the rest, so a misspelling ("yesterdy")
    // would come back as today: only phrases made wholly of words it knows go there.
    if !words.iter().all(|w| interim_word(w)) {
        return None;
    }
    interim::parse_date_string(&phrase, now, interim::Dialect::Uk).ok().map(|t| t.date_naive())
}

/// A word of the phrases interim reads in full: a month, a weekday, a number
/// (also `3rd`, `20/11/2026`), or one of a few joining words.
fn interim_word(w: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const WORDS: [&str; 14] = [
        "of", "the", "next", "last", "this", "day", "days", "week", "weeks", "month", "months", "year",
        "years", "sept",
    ];
    let w = w.trim_end_matches([',', '.']);
    if w.is_empty() {
        return false;
    }
    let digits = w.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < w.len() && (digits.is_empty() || ["st", "nd", "rd", "th"].contains(&digits)) {
        return true;
    }
    if w.chars().all(|c| c.is_ascii_digit() || c == '/' || c == '.') {
        return true;
    }
    WORDS.contains(&w)
        || weekday_of(w).is_some()
        || MONTHS.iter().any(|m| *m == w || (w.len() == 3 && m.starts_with(w)))
}

/// Four digits, dash, digits, dash, digits: anything like it that fails to parse is an error,
/// never a guess (so "2026-02-30" is refused rather than read as something else).
fn looks_iso(w: &str) -> bool {
    let parts: Vec<&str> = w.split('-').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn weekday_of(w: &str) -> Option<Weekday> {
    let w = w.trim_end_matches('.');
    let all = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    all.iter()
        .find(|(name, _)| {
            w.len() >= 3 && name.starts_with(w)
                || (w == "tues" && *name == "tuesday")
                || (w == "thurs" && *name == "thursday")
        })
        .map(|(_, d)| *d)
}

fn weekday_phrase(words: &[&str], today: NaiveDate, lean: Lean) -> Option<NaiveDate> {
    let (dir, day) = match words {
        [d] => (None, weekday_of(d)?),
        ["last", d] => (Some(Lean::Past), weekday_of(d)?),
        ["next", d] => (Some(Lean::Future), weekday_of(d)?),
        ["this", d] => (None, weekday_of(d)?),
        _ => return None,
    };
    let back = ((today.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7) as i64;
    let ahead = (7 - back) % 7;
    // A bare weekday may be today; "last" and "next" never are.
    let days = match (dir, lean) {
        (None, Lean::Past) => -back,
        (None, Lean::Future) => ahead,
        (Some(Lean::Past), _) => -(if back == 0 { 7 } else { back }),
        (Some(Lean::Future), _) => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
    };
    today.checked_add_signed(Duration::days(days))
}

/// "3d", "2w", "3 days ago", "in 2 weeks", "2 months from now", "1y".
fn amount_phrase(words: &[&str], now: DateTime<FixedOffset>, lean: Lean) -> Option<NaiveDate> {
    let (words, dir) = match words {
        ["in", rest @ ..] => (rest, Lean::Future),
        [rest @ .., "ago"] => (rest, Lean::Past),
        [rest @ .., "from", "now"] => (rest, Lean::Future),
        [rest @ .., "later"] => (rest, Lean::Future),
        rest => (rest, lean),
    };
    let joined = words.concat();
    let digits: String = joined.chars().take_while(|c| c.is_ascii_digit()).collect();
    let unit = &joined[digits.len()..];
    let n: u32 = if digits.is_empty() {
        if ["a", "an"].contains(words.first()?) && words.len() == 2 {
            1
        } else {
            return None;
        }
    } else {
        digits.parse().ok()?
    };
    let unit = if digits.is_empty() { words[1] } else { unit };
    let today = now.date_naive();
    let sign = if dir == Lean::Past { -1 } else { 1 };
    match unit {
        "d" | "day" | "days" => today.checked_add_signed(Duration::try_days(sign * n as i64)?),
        "w" | "wk" | "wks" | "week" | "weeks" => {
            today.checked_add_signed(Duration::try_weeks(sign * n as i64)?)
        }
        "m" | "mo" | "mon" | "month" | "months" => {
            if dir == Lean::Past {
                today.checked_sub_months(Months::new(n))
            } else {
                today.checked_add_months(Months::new(n))
            }
        }
        "y" | "yr" | "yrs" | "year" | "years" => {
            let m = Months::new(n.checked_mul(12)?);
            if dir == Lean::Past { today.checked_sub_months(m) } else { today.checked_add_months(m) }
        }
        "h" | "hour" | "hours" | "hr" | "hrs" => {
            now.checked_add_signed(Duration::try_hours(sign * n as i64)?).map(|t| t.date_naive())
        }
        _ => None,
    }
}

/// The day of a stored stamp ("2026-11-28T10:00:00Z" → "2026-11-28"); a value
/// too short to hold one (an imported "2026") is shown as it is, never cut
/// inside a character.
pub fn day(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamps_day_is_its_first_ten_bytes_or_all_of_a_shorter_one() {
        assert_eq!(day("2026-11-28T10:00:00Z"), "2026-11-28");
        assert_eq!(day("2026"), "2026");
        // Ten bytes in, the cut would fall inside "é": the whole value instead.
        assert_eq!(day("2026-11-2é"), "2026-11-2é");
    }

    fn now() -> DateTime<FixedOffset> {
        // A Friday.
        DateTime::parse_from_rfc3339("2026-11-20T09:30:00+01:00").unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn past(s: &str) -> NaiveDate {
        parse_date(s, now(), Lean::Past).unwrap_or_else(|e| panic!("{s}: {e}"))
    }
    fn future(s: &str) -> NaiveDate {
        parse_date(s, now(), Lean::Future).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(past("2026-11-02"), d("2026-11-02"));
        assert_eq!(past(" 2026-11-02 14:30 "), d("2026-11-02"));
        assert_eq!(past("2026-11-02T14:30"), d("2026-11-02"));
        assert_eq!(past("2026-11-02T23:30:00Z"), d("2026-11-03"), "converted to now's offset");
    }

    #[test]
    fn day_words() {
        assert_eq!(past("today"), d("2026-11-20"));
        assert_eq!(past("Yesterday"), d("2026-11-19"));
        assert_eq!(past("tomorrow"), d("2026-11-21"));
    }

    #[test]
    fn amounts_lean_and_direction() {
        assert_eq!(past("3d"), d("2026-11-17"));
        assert_eq!(future("3d"), d("2026-11-23"));
        assert_eq!(past("2w"), d("2026-11-06"));
        assert_eq!(past("3 days ago"), d("2026-11-17"));
        assert_eq!(future("3 days ago"), d("2026-11-17"));
        assert_eq!(past("in 2 weeks"), d("2026-12-04"));
        assert_eq!(past("2 weeks from now"), d("2026-12-04"));
        assert_eq!(past("a week ago"), d("2026-11-13"));
        assert_eq!(past("1 month ago"), d("2026-10-20"));
        assert_eq!(past("1y"), d("2025-11-20"));
    }

    #[test]
    fn weekdays() {
        // now is Friday 2026-11-20
        assert_eq!(past("fri"), d("2026-11-20"));
        assert_eq!(past("last friday"), d("2026-11-13"));
        assert_eq!(past("next fri"), d("2026-11-27"));
        assert_eq!(past("tue"), d("2026-11-17"));
        assert_eq!(future("tue"), d("2026-11-24"));
        assert_eq!(past("next tue"), d("2026-11-24"));
        assert_eq!(future("last tue"), d("2026-11-17"));
        assert_eq!(past("Monday"), d("2026-11-16"));
    }

    #[test]
    fn times() {
        let t = |s: &str| parse_datetime(s, now(), Lean::Future, NaiveTime::MIN).unwrap().to_rfc3339();
        assert_eq!(t("tomorrow 10:00"), "2026-11-21T10:00:00+01:00");
        assert_eq!(t("tomorrow at 5pm"), "2026-11-21T17:00:00+01:00");
        assert_eq!(t("next tue 9:30am"), "2026-11-24T09:30:00+01:00");
        assert_eq!(t("fri noon"), "2026-11-20T12:00:00+01:00");
        assert_eq!(t("2026-12-01 14:30"), "2026-12-01T14:30:00+01:00");
        assert_eq!(t("in 2 weeks"), "2026-12-04T00:00:00+01:00");
        assert_eq!(t("12am"), "2026-11-20T00:00:00+01:00");
    }

    #[test]
    fn refusals_quote_the_input() {
        for bad in [
            "2026-02-30",
            "99999-01-01",
            "-1 days",
            "soonish",
            "",
            "25:00",
            "tomorrow 13pm",
            "2026-13-01",
            "s1yesterdayyesterday",
            "1yesterdayyesterday",
            "3é",
        ] {
            let e = parse_date(bad, now(), Lean::Past).expect_err(bad);
            assert!(e.0.contains(&format!("'{bad}'")), "{bad}: {}", e.0);
        }
    }

    #[test]
    fn interim_fallback_reads_month_names() {
        assert_eq!(past("3 March 2026"), d("2026-03-03"));
        assert_eq!(past("3 mar 2026"), d("2026-03-03"));
        assert_eq!(past("april 3"), d("2026-04-03"));
        assert_eq!(past("20/11/2026"), d("2026-11-20"));
        assert_eq!(past("next month"), d("2026-12-20"));
    }

    #[test]
    fn misspelled_dates_are_refused_not_read_as_today() {
        for typo in [
            "yesterdy",
            "yesterda",
            "yesterdayy",
            "tomorow",
            "tommorrow",
            "lst fri",
            "3 marchh 2026",
            "next weekk",
            "fri soon",
        ] {
            let e = parse_date(typo, now(), Lean::Past).expect_err(typo);
            assert!(e.0.contains("try 2026-11-20") && e.0.contains("yesterday"), "{typo}: {}", e.0);
        }
    }

    proptest::proptest! {
        /// Any text at all: a date, or an error that quotes it; never a panic.
        #[test]
        fn any_input_is_read_or_refused(input in "\\PC{0,40}|[0-9a-z :+-]{0,24}|[0-9]{1,3}[a-zA-Zé]{1,24}( [a-z]{1,20})?") {
            for lean in [Lean::Past, Lean::Future] {
                match parse_datetime(&input, now(), lean, NaiveTime::MIN) {
                    Ok(t) => proptest::prop_assert!(t.year() > 0 && t.year() < 10000),
                    Err(e) => proptest::prop_assert!(e.0.contains(input.trim()) || input.trim().len() > 60),
                }
            }
        }
    }
}
