//! Amounts of money as CRMs write them ("$120,000", "120000", "120k") and as
//! pm shows them, in the currency set in config (`report.currency`).

/// An amount as a CRM export or a person writes it: a currency sign or code
/// before or after, thousands separated by commas or spaces, a `k` or `m`
/// suffix. Empty is none; anything else is the reason it is not an amount.
pub fn parse(v: &str) -> Result<Option<f64>, String> {
    misread(v)?;
    let t: String = v.chars().filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{a0}' | '\'')).collect();
    if t.is_empty() {
        return Ok(None);
    }
    // A sign or code before the number ("$", "€", "USD"), and a code after it.
    let t = t.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '.' && c != '-');
    let (t, scale) = match t.char_indices().rev().find(|(_, c)| c.is_ascii_digit()) {
        Some((i, _)) => {
            let (number, tail) = t.split_at(i + 1);
            let scale = match tail.to_ascii_lowercase().as_str() {
                "k" => 1e3,
                "m" | "mm" => 1e6,
                "bn" | "b" => 1e9,
                // A currency code or sign after the number.
                s if s.chars().all(|c| c.is_alphabetic() || !c.is_ascii()) => 1.0,
                _ => return Err("is not an amount (e.g. 120000, \"$120,000\" or 120k)".into()),
            };
            (number, scale)
        }
        None => return Err("is not an amount (e.g. 120000, \"$120,000\" or 120k)".into()),
    };
    // Plain digits and one decimal point: Rust would also read "1e300" or "inf".
    if !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err("is not an amount (e.g. 120000, \"$120,000\" or 120k)".into());
    }
    // More than 2 decimals is a European thousands separator ("120.000 €"), read as 120.
    if scale == 1.0 && t.split_once('.').is_some_and(|(_, d)| d.len() > 2) {
        return Err("is ambiguous: write whole units (120000) or cents after a point (120000.50)".into());
    }
    match t.parse::<f64>() {
        Ok(n) if (n * scale) > MAX => Err(format!("is more than {} (a typo?)", show(MAX, ""))),
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some((n * scale).round().max(0.0))),
        Ok(_) => Err("is not an amount of 0 or more".into()),
        Err(_) => Err("is not an amount (e.g. 120000, \"$120,000\" or 120k)".into()),
    }
}

/// The largest ARR taken: more is a typo or an exponent, and would flood every table.
const MAX: f64 = 1e13;

/// Separators that make a European amount read as another number once the
/// commas are dropped: "120,00" (120 with cents, read as 12,000) or
/// "120.000,00". A comma only ever separates groups of digits of 2 or 3
/// (1,20,000 in India), the last of 3, and never comes after the point.
fn misread(v: &str) -> Result<(), String> {
    let bad = || Err("is ambiguous: write whole units (120000) or cents after a point (120000.50)".into());
    let point = v.find('.');
    let mut groups = v.split(',');
    groups.next();
    let groups: Vec<&str> = groups.collect();
    for (i, g) in groups.iter().enumerate() {
        let digits = g.chars().take_while(|c| c.is_ascii_digit()).count();
        let last = i + 1 == groups.len() || !g[digits..].is_empty();
        if digits != 3 && (last || digits != 2) {
            return bad();
        }
    }
    match (point, v.rfind(',')) {
        (Some(p), Some(c)) if c > p => bad(),
        _ => Ok(()),
    }
}

/// A whole number of seats ("1,200" too); empty is none.
pub fn parse_seats(v: &str) -> Result<Option<i64>, String> {
    let t: String = v.chars().filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{a0}')).collect();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(Some(n)),
        _ => Err("is not a whole number of seats".into()),
    }
}

/// `amount` in whole units with thousands separated, in `currency`: a sign
/// before it for the currencies that have a common one ("$120,000"), else the
/// code after it ("120,000 CHF").
pub fn show(amount: f64, currency: &str) -> String {
    let whole = format!("{:.0}", amount.abs());
    signed(digits(&whole), currency)
}

/// `amount` in a few characters for a table beside other numbers: "$1.2M",
/// "$85k", "$950", "1.2M CHF" (one decimal below ten, none above).
pub fn compact(amount: f64, currency: &str) -> String {
    let a = amount.abs();
    let short = |v: f64, unit: &str| {
        let s = if v < 9.95 { format!("{v:.1}") } else { format!("{v:.0}") };
        format!("{}{unit}", s.strip_suffix(".0").unwrap_or(&s))
    };
    let text = if a.round() < 1e3 {
        format!("{a:.0}")
    } else if a < 999.5e3 {
        short(a / 1e3, "k")
    } else if a < 999.5e6 {
        short(a / 1e6, "M")
    } else {
        short(a / 1e9, "B")
    };
    signed(text, currency)
}

/// Whole units with thousands separated.
fn digits(whole: &str) -> String {
    let mut digits = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            digits.push(',');
        }
        digits.push(c);
    }
    digits
}

/// A number in `currency`: its sign before it, else its code after it.
fn signed(digits: String, currency: &str) -> String {
    let sign = match currency.trim().to_ascii_uppercase().as_str() {
        "USD" | "$" => Some("$"),
        "EUR" | "€" => Some("€"),
        "GBP" | "£" => Some("£"),
        "JPY" | "¥" => Some("¥"),
        "" => Some(""),
        _ => None,
    };
    match sign {
        Some(s) => format!("{s}{digits}"),
        None => format!("{digits} {}", currency.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_crms_write_them() {
        for (v, want) in [
            ("$120,000", 120000.0),
            ("120000", 120000.0),
            ("120 000", 120000.0),
            ("120k", 120000.0),
            ("€1.5k", 1500.0),
            ("1.2M", 1200000.0),
            ("USD 120,000.00", 120000.0),
            ("120000 EUR", 120000.0),
        ] {
            assert_eq!(parse(v), Ok(Some(want)), "{v}");
        }
        assert_eq!(parse(""), Ok(None));
        for bad in ["lots", "12x4", "-5", "$"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(parse("1,20,000"), Ok(Some(120000.0)), "Indian grouping");
        assert_eq!(parse("120000.25"), Ok(Some(120000.0)));
    }

    /// Each of these was read as another number (or as 10^300) before.
    #[test]
    fn european_separators_exponents_and_huge_amounts_are_refused() {
        for bad in ["120,00", "120.000,00", "€120.000", "1e300", "1e400", "1E5", "99999999999999"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shown_in_the_currency() {
        assert_eq!(show(120000.0, "USD"), "$120,000");
        assert_eq!(show(1500.4, "EUR"), "€1,500");
        assert_eq!(show(999.0, "CHF"), "999 CHF");
        assert_eq!(show(1234567.0, "GBP"), "£1,234,567");
    }

    #[test]
    fn compact_amounts_fit_a_table_column() {
        for (v, want) in [
            (950.0, "$950"),
            (999.6, "$1k"),
            (1500.0, "$1.5k"),
            (85000.0, "$85k"),
            (999_499.0, "$999k"),
            (999_500.0, "$1M"),
            (1_285_000.0, "$1.3M"),
            (12_000_000.0, "$12M"),
            (3_400_000_000.0, "$3.4B"),
        ] {
            assert_eq!(compact(v, "USD"), want, "{v}");
        }
        assert_eq!(compact(1_200_000.0, "CHF"), "1.2M CHF");
    }
}
