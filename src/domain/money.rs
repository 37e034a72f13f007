//! Amounts of money as CRMs write them ("$120,000", "120000", "120k") and as
//! pm shows them, in the currency set in config (`report.currency`).

/// An amount as a CRM export or a person writes it: a currency sign or code
/// before or after, thousands separated by commas or spaces, a `k` or `m`
/// suffix. Empty is none; anything else is the reason it is not an amount.
pub fn parse(v: &str) -> Result<Option<f64>, String> {
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
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some((n * scale).round().max(0.0))),
        Ok(_) => Err("is not an amount of 0 or more".into()),
        Err(_) => Err("is not an amount (e.g. 120000, \"$120,000\" or 120k)".into()),
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
    let mut digits = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            digits.push(',');
        }
        digits.push(c);
    }
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
    }

    #[test]
    fn shown_in_the_currency() {
        assert_eq!(show(120000.0, "USD"), "$120,000");
        assert_eq!(show(1500.4, "EUR"), "€1,500");
        assert_eq!(show(999.0, "CHF"), "999 CHF");
        assert_eq!(show(1234567.0, "GBP"), "£1,234,567");
    }
}
