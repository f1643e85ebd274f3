//! Exact decimals from JSON numbers. A number keeps its JSON text (as
//! `crate::json` reads it, and serde_json with `arbitrary_precision`), so
//! `1152.6` stays 1152.6 instead of the nearest f64.

use std::str::FromStr;

use crate::json::Number;
use rust_decimal::Decimal;

/// The longest significand (the text before any exponent) read as a
/// decimal. A `Decimal` holds at most 28 decimals and 29 digits, so a
/// longer one is never a number it holds exactly; and rust_decimal's parser
/// calls itself once per byte of leading zeros and underscores, which in the
/// component exhausted wasm's stack: found by fuzzing `build-feedback`
/// (FUZZING.md, finding 3).
pub const MAX_SIGNIFICAND_LEN: usize = 64;

/// The number's exact value, or `None` when it does not fit a `Decimal`
/// (about 28 significant digits).
pub fn from_number(n: &Number) -> Option<Decimal> {
    parse(n.as_str())
}

/// Parses JSON number text, exponents included. Text that a `Decimal`
/// cannot hold exactly (more than 28 significant digits) is `None`, never
/// silently rounded.
pub fn parse(text: &str) -> Option<Decimal> {
    if let Some(plain) = plain(text) {
        return Some(plain);
    }
    readable(text).ok()?;
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }
}

/// Most numbers of a document (amounts, quantities, rates): `-`? digits
/// (`.` digits)?, at most 18 digits, so the digits fit an `i64` without a
/// check. Read here rather than by rust_decimal, which checks every step
/// for overflow: in the guest an overflow-checked 64-bit multiplication is a
/// call into a 128-bit routine, and reading a feedback's numbers cost five
/// times what it does natively. The result is what `from_str_exact` gives
/// (scale and sign included); anything else is left to it.
fn plain(text: &str) -> Option<Decimal> {
    const MAX_DIGITS: usize = 18;
    let (negative, body) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    let (whole, fraction) = match body.iter().position(|&b| b == b'.') {
        Some(point) => (&body[..point], &body[point + 1..]),
        None => (body, &[][..]),
    };
    let has_point = whole.len() < body.len();
    if whole.is_empty()
        || (has_point && fraction.is_empty())
        || whole.len() + fraction.len() > MAX_DIGITS
    {
        return None;
    }
    let mut mantissa: i64 = 0;
    for &b in whole.iter().chain(fraction) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i64::from(b - b'0');
    }
    // At most 18 digits after the point: within a Decimal's 28. The sign
    // goes in with the digits (so `-0` is zero without a sign, as
    // rust_decimal reads it), not set afterwards: in the guest, changing
    // the flags just written and then copying the value out stalled on them.
    let signed = if negative { -mantissa } else { mantissa };
    Some(Decimal::new(signed, fraction.len() as u32))
}

/// A decimal a host wrote as text (an option, a setting): rust_decimal's
/// reading of it, rounded beyond 28 decimals, or why it is not one.
pub fn from_text(text: &str) -> Result<Decimal, String> {
    readable(text)?;
    Decimal::from_str(text).map_err(|e| e.to_string())
}

/// Whether rust_decimal may be given `text`: a significand of at most
/// [`MAX_SIGNIFICAND_LEN`] bytes, without the underscores rust_decimal
/// would skip (no format of the spec has them).
pub fn readable(text: &str) -> Result<(), String> {
    let significand = text.split(['e', 'E']).next().unwrap_or(text);
    if significand.len() > MAX_SIGNIFICAND_LEN {
        Err(format!(
            "more than {MAX_SIGNIFICAND_LEN} characters before any exponent"
        ))
    } else if text.contains('_') {
        Err("an underscore is not part of a decimal number".into())
    } else {
        Ok(())
    }
}

/// JSON Schema's `integer`: any number whose value has no fractional part
/// (`1.0` counts, as draft-07 says).
pub fn is_integer(n: &Number) -> bool {
    let text = n.as_str();
    if !text.contains(['.', 'e', 'E']) {
        return true;
    }
    from_number(n).is_some_and(|d| d.fract().is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Number<'static> {
        match crate::json::from_serde_text(text) {
            crate::json::Value::Number(n) => n,
            _ => unreachable!(),
        }
    }

    #[test]
    fn money_is_read_exactly() {
        assert_eq!(from_number(&number("1152.6")), Some(Decimal::new(11526, 1)));
        assert_eq!(
            from_number(&number("0.1")).unwrap() + from_number(&number("0.2")).unwrap(),
            Decimal::new(3, 1)
        );
        assert_eq!(from_number(&number("1.5e2")), Some(Decimal::new(150, 0)));
        assert_eq!(
            parse("4213.0200000000000000000000000001"),
            None,
            "never rounded"
        );
    }

    /// Finding 3: text that rust_decimal reads one recursive call per byte
    /// (leading zeros, underscores) is refused before it gets there, and
    /// with it nothing a `Decimal` could hold.
    #[test]
    fn long_or_underscored_text_is_not_a_decimal() {
        let zeros = format!("{}5", "0".repeat(6000));
        let separators = format!("1{}0", "_".repeat(6000));
        for text in [zeros.as_str(), separators.as_str(), "1_000"] {
            assert_eq!(parse(text), None, "{}", &text[..8]);
            assert!(from_text(text).is_err());
        }
        // The longest text a Decimal holds exactly is well inside the bound,
        // and an exponent's length is not bounded.
        assert_eq!(
            parse("-0.0000000000000000000000000001"),
            Some(Decimal::new(-1, 28))
        );
        assert_eq!(
            parse(&format!("1.5e{}2", "0".repeat(100))),
            Some(Decimal::new(150, 0))
        );
        assert_eq!(from_text("0.25"), Ok(Decimal::new(25, 2)));
        // Options are rounded past 28 decimals, as before.
        assert_eq!(
            from_text("0.33333333333333333333333333333333"),
            Ok(Decimal::from_str("0.3333333333333333333333333333").unwrap())
        );
    }

    #[test]
    fn integers_follow_draft_07() {
        assert!(is_integer(&number("24")));
        assert!(is_integer(&number("24.0")));
        assert!(!is_integer(&number("24.5")));
        assert!(is_integer(&number("2e3")));
    }

    /// `plain` against rust_decimal's own reading, scale and sign included,
    /// for plain numbers of every length around its limit and for text it
    /// must leave alone.
    #[test]
    fn plain_numbers_read_as_rust_decimal_reads_them() {
        let not_plain = [
            "1.",
            ".5",
            "-",
            "",
            "-.5",
            "1.2.3",
            "1e5",
            "1,5",
            "+1",
            "--1",
            "1_0",
            " 1",
            "1234567890123456789",
        ];
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "0.0",
            "-0.00",
            "7",
            "007",
            "1152.6",
            "1152.60",
            "-45.5",
            "0.125",
            "99999999999999999.9",
            "-999999999999999999",
        ]
        .into_iter()
        .chain(not_plain)
        .map(String::from)
        .collect();
        for digits in 1..=21 {
            let run: String = "9876543210".chars().cycle().take(digits).collect();
            for point in 0..digits {
                let (whole, fraction) = run.split_at(point);
                for sign in ["", "-"] {
                    texts.push(format!("{sign}{run}"));
                    texts.push(format!("{sign}{whole}.{fraction}"));
                }
            }
        }
        let mut read_plainly = 0;
        for text in &texts {
            let exact = Decimal::from_str_exact(text).ok();
            let ours = plain(text);
            if let Some(ours) = ours {
                read_plainly += 1;
                let exact = exact.unwrap_or_else(|| panic!("{text:?}: rust_decimal refuses it"));
                assert_eq!(
                    (ours.to_string(), ours.scale(), ours.is_sign_negative()),
                    (exact.to_string(), exact.scale(), exact.is_sign_negative()),
                    "{text:?}"
                );
            }
        }
        assert!(read_plainly > 400, "{read_plainly} read plainly");
        for text in not_plain {
            assert_eq!(plain(text), None, "{text:?}");
        }
    }
}
